"""The sacrum's pelvic (front) surface measured on the shipped meshes: bodies merging into the lateral parts.

Issue 10 (session 29): from the front the bodies of S1-S4 read as one flat plank with straight parallel side
edges. In Gray 1918 ("The Sacrum", pelvic surface) the surface is concave from above down and slightly from side
to side, the fused bodies are crossed by four transverse ridges with the pelvic foramina at their ends, and the
bodies merge into the lateral parts without an edge. Frame: the sacrum's mesh frame (x to one side, y anterior,
z along the S1 endplate's normal), heights measured from the S1 endplate.
"""

import numpy as np
import pytest
import vtk

from spineviz.anatomy.shapes import sacrum as sacrum_shape
from spineviz.anatomy.spine import load_spine

from .test_sacrum_base import s1_meshes

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def spine():
    return load_spine()


@pytest.fixture(scope="module")
def meshes(spine):
    """The S1 mesh of each level of detail, in the same frame."""
    return s1_meshes(spine)


def _top(spine) -> float:
    return float(spine.landmarks["S1"]["upper_endplate"][2])


def _front_map(mesh, xs: np.ndarray, zs: np.ndarray) -> np.ndarray:
    """The most anterior bone (y, mm) on rays from in front at each (z, x): an array (len(zs), len(xs)), nan where
    a ray meets no bone. One locator for all rays."""
    tree = vtk.vtkOBBTree()
    tree.SetDataSet(mesh)
    tree.BuildLocator()
    pts = vtk.vtkPoints()
    out = np.full((len(zs), len(xs)), np.nan)
    for i, z in enumerate(zs):
        for j, x in enumerate(xs):
            tree.IntersectWithLine([float(x), 80.0, float(z)], [float(x), -80.0, float(z)], pts, None)
            n = pts.GetNumberOfPoints()
            if n:
                out[i, j] = max(pts.GetPoint(k)[1] for k in range(n))
    return out


# Until session 29 the S1 front's profile across (sacrum.S1_FRONT_ACROSS ...) turned in one step 12.5 mm either side of
# the midline: from in front a straight vertical crease down the S1 body, the side edge of a plank. Between the midline
# and the first pelvic foramina (from CREASE_X mm out to CREASE_RIM_CLEAR mm inside the first foramen's medial rim, its
# landmark less its half-width, sacrum.FORAMEN_PELVIC: the rim's own rounding starts there), from CREASE_Z[0] mm under
# the S1 endplate down to S2 (CREASE_Z[1]), the front is read from in front every 0.5 mm; in each horizontal section the
# outline's turn at x is the change of direction between the CREASE_CHORD mm chords either side of it (deg). A crease
# is a run of heights over which the outline turns at least CREASE_TURN_DEG at one place (within 0.5 mm from one height
# to the next): no run may be longer than CREASE_RUN_MAX mm [M, Gray 1918: the bodies merge into the lateral parts].
# Main's session-28 meshes: runs of 13-17 mm at |x| = 12-12.5 mm (default and fine).
CREASE_X = 6.0
CREASE_RIM_CLEAR = 4.0
CREASE_Z = (-8.0, sacrum_shape.CURVE_Z[0])
CREASE_TURN_DEG = 8.0
CREASE_CHORD = 2.0
CREASE_RUN_MAX = 8.0
CREASE_WALL_DEG = 45.0


def _crease_runs(y: np.ndarray, xs: np.ndarray, step: float = 0.5, chord: float = 2.0) -> float:
    """The longest vertical run (mm) of crease points in a front map ``y`` (rows every ``step`` mm of height)."""
    k = round(chord / (xs[1] - xs[0]))
    a, b, c = y[:, :-2 * k], y[:, k:-k], y[:, 2 * k:]
    before, after = np.degrees(np.arctan((b - a) / chord)), np.degrees(np.arctan((c - b) / chord))
    # a foramen's wall (either chord steeper than CREASE_WALL_DEG) is a hole's rim, not a crease in the surface
    crease = (np.abs(np.nan_to_num(after - before)) >= CREASE_TURN_DEG) & (np.abs(before) <= CREASE_WALL_DEG) \
        & (np.abs(after) <= CREASE_WALL_DEG)
    cx = xs[k:-k]
    best, runs = 0, {}
    for row in crease:
        new = {}
        for x in cx[row]:
            new[x] = max((n for q, n in runs.items() if abs(q - x) <= 0.5 + 1e-6), default=0) + 1
        runs = new
        best = max(best, *runs.values(), 0)
    return best * step


@pytest.mark.parametrize("lod", ["default", "fine"])
@pytest.mark.parametrize("sign", [-1.0, 1.0])
def test_s1_body_merges_into_the_lateral_part_without_a_crease(spine, meshes, lod, sign):
    """From in front the S1 body's front turns into the lateral part's without a straight vertical edge."""
    top = _top(spine)
    chord = CREASE_CHORD
    rim = abs(spine.landmarks["S1"]["pelvic_foramen_1"][0]) - sacrum_shape.FORAMEN_PELVIC[0]
    xs = sign * np.arange(CREASE_X - chord, rim - CREASE_RIM_CLEAR + chord + 0.01, 0.5)
    zs = np.arange(CREASE_Z[0], CREASE_Z[1] - 0.01, -0.5)
    y = _front_map(meshes[lod], xs, top + zs)
    run = _crease_runs(y, np.abs(xs) if sign > 0 else -xs, chord=chord)
    assert run <= CREASE_RUN_MAX, f"a straight crease {run:.1f} mm long between the S1 body and the lateral part"


# Until session 29 the transverse ridges stopped short of the pelvic foramina and faded toward the bodies' sides: 3 mm
# medial to the foramen's rim the S2-S3 and S3-S4 ridges stood 0.3-0.5 mm over the hollows round them, the middle of
# the bodies 0.8-1.0 mm (main's session-28 default mesh). Gray 1918 ("The Sacrum"): the ridges cross the fused bodies
# with the pelvic foramina at their ends. Along the front RIDGE_END_IN mm medial to the rim of the foramen at the
# ridge's end (its landmark less its half-width, sacrum.FORAMEN_PELVIC), the profile from S2 to S4 is read every mm and
# a cubic fit taken off (test_sacrum.py's test_transverse_ridges_are_low's measure); the ridge's peak within
# RIDGE_FIND mm of the fusion line stands at least RIDGE_END_MIN mm above the lowest point within 6 mm of it [M].
RIDGE_END_IN = 3.0
RIDGE_FIND = 3.0
RIDGE_SPAN = 10.0
RIDGE_END_MIN = 0.6


@pytest.mark.parametrize("lod", ["default", "fine"])
@pytest.mark.parametrize("sign", [-1.0, 1.0])
@pytest.mark.parametrize("row", [1, 2])  # the S2-S3 and S3-S4 lines, ending at pelvic foramina 2 and 3
def test_transverse_ridges_run_to_the_foramina(spine, meshes, lod, sign, row):
    """Each transverse ridge runs across the whole body to the pelvic foramina at its ends, not fading before."""
    top = _top(spine)
    lm = np.asarray(spine.landmarks["S1"][f"pelvic_foramen_{row + 1}"])
    x = sign * (abs(lm[0]) - sacrum_shape.FORAMEN_PELVIC[row] - RIDGE_END_IN)
    line = sacrum_shape.CURVE_Z[row] + 7.0
    zs = np.arange(line + RIDGE_SPAN, line - RIDGE_SPAN - 0.1, -1.0)
    y = _front_map(meshes[lod], np.array([x]), top + zs)[:, 0]
    assert not np.isnan(y).any()
    bumps = y - np.polyval(np.polyfit(zs, y, 2), zs)
    near = [i for i in range(len(zs)) if abs(zs[i] - line) <= RIDGE_FIND]
    i = max(near, key=lambda q: bumps[q])
    height = float(bumps[i] - bumps[max(0, i - 6):i + 7].min())
    assert height >= RIDGE_END_MIN, \
        f"the ridge stands {height:.2f} mm {abs(x):.1f} mm from the midline at z {zs[i]:.0f}"


# Until session 29 a dent (sacrum.BRIDGE_DENT, session 17's, made when the lateral parts stood ahead of the bodies) took
# the bar of bone between pelvic foramina rows 3 and 4 1-2 mm behind the bodies' front beside it: from in front the
# S3-S4 bodies read as a plank with a straight side 10-11 mm from the midline. Gray 1918 ("The Sacrum"): the bodies
# merge into the lateral parts through the bars between the foramina. The bar's crest, the most anterior bone at each
# |x| over BAR_BAND mm either side of the height halfway between the two foramina's landmarks (rows every 0.5 mm), is
# read from BAR_X[0] mm out to BAR_X[1] mm beyond the lower foramen's lateral rim (its landmark plus its half-width,
# sacrum.FORAMEN_PELVIC); along it the outline's turn between CREASE_CHORD mm chords (deg) is at most BAR_TURN_MAX, and
# nowhere beyond BAR_BODY[1] mm does it lie more than BAR_FALL_MAX mm behind the bodies' crest (its highest point
# BAR_BODY[0]-BAR_BODY[1] mm out) [M]. sacr29's meshes (default and fine): turns of 31-34 deg 10-11 mm out, the crest
# 2.0-2.1 mm behind the bodies' 17-18 mm out; sacr29b's 18-19 deg and 0.0 mm. (The bar between rows 2 and 3 reads 17-21
# deg and 1.3-1.6 mm: there the second and third foramina all but meet 20 mm out, a saddle; not yet reached.)
BAR_BAND = 2.5
BAR_X = (4.0, 4.0)
BAR_BODY = (6.0, 8.0)
BAR_TURN_MAX = 24.0
BAR_FALL_MAX = 0.8


@pytest.mark.parametrize("lod", ["default", "fine"])
@pytest.mark.parametrize("sign", [-1.0, 1.0])
@pytest.mark.parametrize("row", [3])  # the bar between pelvic foramina rows 3 and 4
def test_bodies_run_into_the_bars_between_the_foramina(spine, meshes, lod, sign, row):
    """From in front the fused bodies run level into the bar of bone between two rows of pelvic foramina: no edge."""
    top = _top(spine)
    lm = spine.landmarks["S1"]
    upper, lower = (np.asarray(lm[f"pelvic_foramen_{k}"]) for k in (row, row + 1))
    z0 = 0.5 * (upper[2] + lower[2])
    xs = np.arange(BAR_X[0], abs(lower[0]) + sacrum_shape.FORAMEN_PELVIC[row] + BAR_X[1] + 0.01, 0.5)
    zs = z0 + np.arange(BAR_BAND, -BAR_BAND - 0.01, -0.5)
    crest = np.nanmax(_front_map(meshes[lod], sign * xs, zs), axis=0)
    assert not np.isnan(crest).any()
    k = round(CREASE_CHORD / 0.5)
    a, b, c = crest[:-2 * k], crest[k:-k], crest[2 * k:]
    turn = np.degrees(np.arctan((c - b) / CREASE_CHORD)) - np.degrees(np.arctan((b - a) / CREASE_CHORD))
    i = int(np.argmax(np.abs(turn)))
    body = crest[(xs >= BAR_BODY[0]) & (xs <= BAR_BODY[1])].max()
    out = xs > BAR_BODY[1]
    j = int(np.argmin(crest[out]))
    fall = float(body - crest[out][j])
    assert abs(turn[i]) <= BAR_TURN_MAX and fall <= BAR_FALL_MAX, \
        f"the bar's crest {top - z0:.1f} mm under the endplate turns {turn[i]:.1f} deg {xs[k + i]:.1f} mm out and " \
        f"lies {fall:.2f} mm behind the bodies' {xs[out][j]:.1f} mm out"
