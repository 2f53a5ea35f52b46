"""T2-T9 transverse processes seen from behind: a shaft that swells into a clubbed tip with a rounded end.

Issue 10 item 5 (docs/anatomy-review/T6.png, "behind"): the processes read as bars of even width with square
ends. Gray 1918 ("The Thoracic Vertebrae"): thick and strong, ending in a clubbed extremity; seen from behind
the tip is blunt and rounded and broader than the shaft. Measured here on the outline a viewer behind the bone
sees (the mesh projected along y): at each x the vertical run of bone that holds the process's axis (the union
of the z-extents of the section x = const, so whatever lies behind or in front shows, as in a picture). Only the
part outside the articular processes counts (where that run is under ``COLUMN_MM`` tall): further in the
superior and inferior processes stand above and below the process and hide its borders.
"""

import numpy as np
import pytest

from spineviz.anatomy.spine import load_spine

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

LEVELS = [f"T{n}" for n in range(2, 10)]
SIDES = (("right", 1.0), ("left", -1.0))
# Taller than this (mm), a run of bone from behind is the articular column, not the process alone (the process
# measures 8-14 mm; the column with the superior and inferior processes 24-37 mm).
COLUMN_MM = 16.0
STEP_MM = 0.25
# The club is looked for over the outer CLUB_MM of the process (its greatest height there), the waist between
# the articular column and the club's greatest height (the least height there).
CLUB_MM = 6.0
# The club's greatest height at least this many times the shaft's least (its waist) between the articular
# column and the club: modelling values [M] for Gray's "clubbed extremity", broader than the shaft. Session-23
# meshes: T2-T7 1.24-1.34, T8-T9 1.14-1.17, the outline rising evenly from the column to the end (a wedge).
# T8-T9's processes are short (Gray: the lower ones shorter): from behind almost all of the shaft lies behind
# the articular processes, and what shows of it stands on the inferior process's plate, so less of a waist
# shows there. A ball on a stick would be 1.6 or more.
CLUB_OVER_WAIST = {"T8": 1.2, "T9": 1.2}
CLUB_OVER_WAIST_UPPER = 1.35  # T2-T7
# The end rounded: 2 mm and 1 mm in from the outermost point the outline is at most this share of the club's
# height. A square end keeps (nearly) all of it; a semicircle keeps 0.75 and 0.55. Session-23 meshes (corners
# rounded off over about 2 mm): 0.90-0.91 and 0.72-0.74. Modelling values [M].
END_2MM, END_1MM = 0.86, 0.68


def _runs(mesh, x: float, axis: int = 0) -> list[tuple[float, float]]:
    """The z-intervals of bone a viewer behind the bone sees at ``x`` (the section x = const, merged).

    ``axis`` 1: the section y = ``x`` instead, what a viewer on the left or right sees there (session 38's side view).
    """
    normal, origin = [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]
    normal[axis], origin[axis] = 1.0, x
    sec = mesh.slice(normal=tuple(normal), origin=tuple(origin))
    if sec.n_points == 0:
        return []
    z = np.asarray(sec.points)[:, 2]
    ends = sec.lines.reshape(-1, 3)[:, 1:]
    merged: list[list[float]] = []
    for lo, hi in sorted(zip(z[ends].min(axis=1), z[ends].max(axis=1), strict=True)):
        if merged and lo <= merged[-1][1] + 1e-6:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(float(lo), float(hi)) for lo, hi in merged]


def outline_from_behind(mesh, root, tip, sign: float) -> tuple[np.ndarray, np.ndarray, float]:
    """(x outward from the midline, height of the process's run there, outermost x) from the process's root
    landmark to its end in ``STEP_MM`` steps; the run is the one holding the root-to-tip line's height (0 if
    none does)."""
    root, tip = np.asarray(root, float), np.asarray(tip, float)
    pts = np.asarray(mesh.points)
    end = float(pts[:, 0].max() if sign > 0 else -pts[:, 0].min())
    xs = np.arange(abs(root[0]), end, STEP_MM)
    heights = []
    for x in xs:
        zc = root[2] + (x - abs(root[0])) / (abs(tip[0]) - abs(root[0])) * (tip[2] - root[2])
        run = [hi - lo for lo, hi in _runs(mesh, sign * x) if lo - 0.5 <= zc <= hi + 0.5]
        heights.append(run[0] if run else 0.0)
    return xs, np.array(heights), end


def club_figures(mesh, root, tip, sign: float) -> dict[str, float]:
    """The free outline's waist, the club's greatest height, and the end's heights 2 and 1 mm in (mm)."""
    xs, h, end = outline_from_behind(mesh, root, tip, sign)
    at = {d: float(np.interp(end - d, xs, h)) for d in (2.0, 1.0)}
    free = (h > 0.0) & (h < COLUMN_MM)  # the process alone, outside the articular column
    club = free & (xs >= end - CLUB_MM)
    peak = int(np.flatnonzero(club)[np.argmax(h[club])])
    shaft = free & (xs <= xs[peak])
    return {"free_from": float(xs[free].min()), "end": end, "waist": float(h[shaft].min()),
            "waist_at": float(end - xs[shaft][np.argmin(h[shaft])]), "club": float(h[peak]),
            "club_at": float(end - xs[peak]), "in_2mm": at[2.0], "in_1mm": at[1.0]}


@pytest.fixture(scope="module", params=["default", "fine"])
def spine(request):
    """Both levels of detail: the fine set is what close-ups and exports show."""
    return load_spine(lod=request.param)


@pytest.mark.parametrize("name", LEVELS)
def test_transverse_tip_is_a_rounded_club_from_behind(spine, name):
    """From behind, outside the articular processes, the process narrows to a waist and swells into a club at
    least ``CLUB_OVER_WAIST`` x as tall (T2-T7 ``CLUB_OVER_WAIST_UPPER``), and its end is rounded: 2 mm and 1 mm
    in from its outermost point the outline keeps at most ``END_2MM`` and ``END_1MM`` of the club's height (a
    square end keeps nearly all)."""
    mesh = spine.bones[name]
    lm = spine.landmarks[name]
    for side, sign in SIDES:
        f = club_figures(mesh, lm[f"transverse_root_{side}"], lm[f"transverse_tip_{side}"], sign)
        label = f"{name} {side}: " + ", ".join(f"{k} {v:.2f}" for k, v in f.items())
        assert f["club"] >= CLUB_OVER_WAIST.get(name, CLUB_OVER_WAIST_UPPER) * f["waist"], label
        assert f["in_2mm"] <= END_2MM * f["club"], label
        assert f["in_1mm"] <= END_1MM * f["club"], label
