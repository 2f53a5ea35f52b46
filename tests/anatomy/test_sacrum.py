"""The sacrum's features measured on the shipped mesh, as an anatomy teacher would look for them.

Promontory, pelvic concavity with transverse ridges and four pairs of open pelvic foramina, oval dorsal
foramina graded in size (Saluja et al. 2018), an ear-shaped auricular surface facing laterally, alae whose
upper face runs smoothly down and out, and an S1 body that flares into the alae instead of standing on
them like a drum. Frame: the sacrum's local frame (origin at the S1 endplate centre, x right, y anterior,
z along the endplate normal).
"""

from itertools import pairwise

import numpy as np
import pytest

from spineviz.anatomy.shapes import sacrum as sacrum_shape
from spineviz.anatomy.spine import load_spine

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def spine():
    return load_spine()


@pytest.fixture(scope="module")
def s1(spine):
    return spine.bones["S1"]


def _top(spine) -> float:
    """Height of the S1 endplate in the sacrum's mesh frame (the design's heights are measured from it)."""
    return float(spine.landmarks["S1"]["upper_endplate"][2])


def _first_hit(mesh, start, end) -> np.ndarray | None:
    hits, _ = mesh.ray_trace(start, end, first_point=True)
    return np.asarray(hits, float) if len(hits) else None


def _front_profile(mesh, zs) -> np.ndarray:
    """The most anterior bone in the midline at each height (mm, y)."""
    out = []
    for z in zs:
        hit = _first_hit(mesh, (0.0, 80.0, z), (0.0, -80.0, z))
        out.append(hit[1] if hit is not None else np.nan)
    return np.array(out)


def test_promontory_juts_ahead_of_s2(spine, s1):
    """The anterior lip of S1 overhangs the front of S2 (the pelvic inlet's landmark)."""
    top = _top(spine)
    lip = np.nanmax(_front_profile(s1, top + np.arange(-1.0, -8.0, -0.5)))
    s2 = np.nanmax(_front_profile(s1, [top + sacrum_shape.CURVE_Z[0]]))
    assert lip - s2 >= 10.0, f"promontory {lip:.1f} mm, S2 front {s2:.1f} mm"
    assert spine.landmarks["S1"]["promontory"][1] == pytest.approx(lip, abs=3.0)


def test_pelvic_surface_is_concave_with_transverse_ridges(spine, s1):
    """Along the midline the pelvic surface lies behind its chord from S2 to S5 and carries a low ridge at
    each fusion line (the transverse lines), not a smooth scoop."""
    zs = _top(spine) + np.arange(sacrum_shape.CURVE_Z[0], sacrum_shape.CURVE_Z[3] - 0.1, -1.0)
    y = _front_profile(s1, zs)
    assert not np.isnan(y).any()
    chord = y[0] + (y[-1] - y[0]) * (zs - zs[0]) / (zs[-1] - zs[0])
    assert (chord - y).max() >= 4.0, f"concave by {(chord - y).max():.1f} mm"
    smooth = np.polyval(np.polyfit(zs, y, 3), zs)
    bumps = y - smooth
    peaks = [i for i in range(2, len(zs) - 2)
             if bumps[i] == bumps[i - 2:i + 3].max() and bumps[i] - bumps[max(0, i - 6):i + 7].min() >= 0.7]
    assert len(peaks) >= 2, f"ridges at {[zs[i] for i in peaks]}"


@pytest.mark.parametrize("i", [1, 2, 3, 4])
def test_pelvic_foramina_open_on_both_sides(spine, s1, i):
    """A ray from in front through each pelvic foramen reaches deep into the bone before meeting it."""
    p = np.array(spine.landmarks["S1"][f"pelvic_foramen_{i}"])
    for q in (p, p * np.array([-1.0, 1.0, 1.0])):
        hit = _first_hit(s1, q + (0.0, 30.0, 0.0), q - (0.0, 40.0, 0.0))
        depth = q[1] - (hit[1] if hit is not None else -np.inf)
        assert depth >= 6.0, f"pelvic foramen {i} at x={q[0]:.0f}: bone {depth:.1f} mm behind its mouth"


def _dorsal_opening(s1, mouth: np.ndarray) -> tuple[float, float]:
    """Height and width (mm) of the hole at a dorsal foramen, probed by rays from behind on a 0.5 mm grid.

    A ray is in the hole when it runs more than 6 mm deeper than the dorsal surface around it (the median
    depth of the rays on a 10 mm ring about the mouth landmark); the hole is the connected set of such rays
    nearest the landmark, measured along z (height) and x (width).
    """
    def depth(dx: float, dz: float) -> float:
        q = mouth + (dx, 0.0, dz)
        hit = _first_hit(s1, q - (0.0, 30.0, 0.0), q + (0.0, 40.0, 0.0))
        return np.inf if hit is None else float(hit[1] - mouth[1])

    ring = np.median([depth(10.0 * np.cos(a), 10.0 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 24,
                                                                                      endpoint=False)])
    steps = np.arange(-8.0, 8.01, 0.5)
    inside = {(i, k) for i, dx in enumerate(steps) for k, dz in enumerate(steps) if depth(dx, dz) > ring + 6.0}
    if not inside:
        return 0.0, 0.0
    mid = len(steps) // 2
    seed = min(inside, key=lambda c: (c[0] - mid) ** 2 + (c[1] - mid) ** 2)
    region, todo = {seed}, [seed]
    while todo:
        i, k = todo.pop()
        for c in ((i + 1, k), (i - 1, k), (i, k + 1), (i, k - 1)):
            if c in inside and c not in region:
                region.add(c)
                todo.append(c)
    cells = np.array(sorted(region))
    return 0.5 * (np.ptp(cells[:, 1]) + 1), 0.5 * (np.ptp(cells[:, 0]) + 1)


@pytest.mark.xfail(strict=True, reason="issue 10, open: seen from behind the dorsal openings measure 16.5 x 14.5, "
                   "2.5 x 4.5, 4.0 x 4.5 and 4.0 x 2.5 mm (height x width; this build): the S1 opening runs into "
                   "the canal's lateral recess and S2's is half covered, not Saluja 2018's 10.4 x 7.7 and 7.1 x 7.3")
def test_dorsal_foramina_are_oval_and_graded(spine, s1):
    """Saluja et al. 2018: the first dorsal foramen is taller than wide (10.4 x 7.7 mm) and the foramina
    shrink downward; punched round holes of one size would fail both."""
    sizes = [_dorsal_opening(s1, np.array(spine.landmarks["S1"][f"dorsal_foramen_{i}"])) for i in (1, 2, 3, 4)]
    (h1, w1) = sizes[0]
    assert h1 >= 1.2 * w1, sizes
    assert h1 == pytest.approx(10.36, rel=0.25) and w1 == pytest.approx(7.66, rel=0.25), sizes
    areas = [h * w for h, w in sizes]
    assert all(a > b for a, b in pairwise(areas)), sizes
    assert sacrum_shape.FORAMEN_DORSAL_SIZE[0] == (10.36, 7.66)


@pytest.mark.xfail(strict=True, reason="issue 10, open: the flat lateral face is there (rms 0.4 mm off its plane) but "
                   "small: 37-39 vertices, 24.4-25.7 mm tall and 13-14 mm deep on this build, under the 40 vertices "
                   "and 25 mm asked; the auricular plates sit mostly inside the lateral mass")
@pytest.mark.parametrize("side", ["left", "right"])
def test_auricular_surface_faces_laterally(spine, s1, side):
    """An articular face for the ilium: a flat region facing sideways, as tall as S1-S3 and ear-shaped."""
    m = s1.compute_normals(cell_normals=False, point_normals=True, auto_orient_normals=True)
    pts, nrm = np.asarray(m.points), np.asarray(m.point_data["Normals"])
    sign = 1.0 if side == "right" else -1.0
    half = spine.model.dims["S1"].tps / 2
    face = (sign * nrm[:, 0] > 0.9) & (sign * pts[:, 0] > 0.85 * half)
    assert face.sum() > 40, face.sum()
    p = pts[face]
    assert np.ptp(p[:, 2]) >= 25.0, f"auricular surface {np.ptp(p[:, 2]):.1f} mm tall"
    assert np.ptp(p[:, 1]) >= 12.0, f"auricular surface {np.ptp(p[:, 1]):.1f} mm deep"
    c = p.mean(axis=0)
    normal = np.linalg.svd(p - c)[2][2]
    assert np.sqrt(np.mean(((p - c) @ normal) ** 2)) < 1.0, "the face is flat, not a rounded bulge"
    # ear-shaped: the front of the face retreats from its middle, so the outline is an L, not an oval
    upper, lower = p[p[:, 2] > c[2] + 6.0], p[p[:, 2] < c[2] - 8.0]
    assert upper[:, 1].max() - lower[:, 1].max() >= 3.0


def _top_at(s1, x: float, y: float) -> float:
    hit = _first_hit(s1, (x, y, 80.0), (x, y, -120.0))
    return float(hit[2]) if hit is not None else np.nan


@pytest.mark.parametrize("sign", [-1.0, 1.0])
def test_alae_slope_down_and_out_without_corners(spine, s1, sign):
    """The ala's upper face falls from the body outward, smoothly: no shelf and no box corner."""
    half = spine.model.dims["S1"].tps / 2
    xs = np.arange(0.55 * half, 0.9 * half, 1.0)
    z = np.array([_top_at(s1, sign * x, -6.0) for x in xs])
    assert not np.isnan(z).any()
    assert z[0] - z[-1] >= 6.0, f"ala falls {z[0] - z[-1]:.1f} mm from medial to lateral"
    assert np.abs(np.diff(z)).max() <= 2.5, f"a step of {np.abs(np.diff(z)).max():.1f} mm along the ala"


@pytest.mark.parametrize("sign", [-1.0, 1.0])
def test_s1_body_flares_into_the_alae(spine, s1, sign):
    """From the edge of the S1 endplate outward the bone's upper surface runs down into the ala in a curve:
    no vertical wall where a drum would stand on a plate (a wall drops its full height in one step)."""
    d = spine.model.dims["S1"]
    xs = np.arange(d.epw / 2 - 2.0, 0.6 * d.tps / 2, 1.0)
    z = np.array([_top_at(s1, sign * x, -2.0) for x in xs])
    assert not np.isnan(z).any()
    assert z[0] - z[-1] >= 5.0, np.round(z, 1)
    assert np.diff(z).min() >= -4.5, f"a drop of {-np.diff(z).min():.1f} mm: {np.round(z, 1)}"
