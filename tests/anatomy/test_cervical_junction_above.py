"""C3-C7: where the laminae meet, the canal's posterior wall is smooth; no tab of the spine's root stands into it.

On a dry cervical vertebra the two laminae meet behind the canal in a smooth curve or a shallow angle, and the
spinous process springs from the back of their junction (Gray 1918, "The Cervical Vertebrae"): seen from above
through the canal, its posterior wall is the laminae's, and the spine's root does not stand forward of them. In
session 28's meshes the root's front edge ran upright through the spinous base while the laminae slope down and back,
so below their upper borders it stood 5.5-8.3 mm in front of them, squared off by the canal's cut into a notched tab
with two horns (issue 10).

Measured on the shipped meshes (default lod), in each vertebra's local frame, in axial sections every 0.25 mm from
JUNCTION_BELOW mm below the spinous base to JUNCTION_ABOVE mm above it: the canal's posterior wall at x is the first
bone met going back from the canal's centre (searched to SEARCH_DEPTH mm behind the spinous base). From the midline
outward to WALL_REACH mm the wall should open forward or stay level (the laminae's V or curve); how far the wall at any
x stands forward of the wall further out (the tab's depth, its horns included) is the figure.
"""

import numpy as np
import pytest

from spineviz.anatomy.landmarks import find_landmarks
from spineviz.anatomy.spine import load_spine, model
from tests.anatomy.test_cervical_shapes import _crossings, _locator

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# C3-C7. C7 since session 29 (cerv29): session 28 left its tab (8.3 mm) because trimmed alone its canal measured
# 17.3 mm deep at the body's mid-height; its laminae now meet further forward (cervical.LAMINA_JUNCTION)
TYPICAL = ["C3", "C4", "C5", "C6", "C7"]
# The canal's depth in the midline at the body's mid-height (the landmark finder's), within this share of the
# table's (Parihar, dimensions.csv) [M], as test_upper_cervical.py holds C2's: the junction is not trimmed back into
# a canal deeper than the table's. C3-C6, trimmed in session 28 with their laminae as they were, measured C3 15.43
# (table 14.0), C4 15.11 (13.5), C5 15.21 (13.5), C6 15.93 mm (14.0), 10-14 % deep (cerv29); with C7's junction
# (cervical.LAMINA_JUNCTION, cerv29b) C3 14.92, C4 14.34, C5 14.37, C6 14.92 mm, 6-7 % deep
DEPTH_WITHIN = 0.10
# The heights searched, about the spinous base (mm): the laminae's junction, from just above its lower border (whose
# two rounded bars are not this test's concern) to over its upper border [M]
JUNCTION_BELOW, JUNCTION_ABOVE = 4.5, 3.0
# Out to this far from the midline (mm), every 0.25 mm: the junction and the laminae beside it, inside the bifid
# tubercles [M]
WALL_REACH = 4.5
# Bone further back than this behind the spinous base (mm) is the spine's, not the canal's wall [M]
SEARCH_DEPTH = 8.0
# The most the wall may stand forward of the wall further out (mm): a modelling ceiling [M] for the blends' ripples.
# Session 28's meshes before cerv28b (cerv28's branch, default lod): C3 5.46, C4 5.60, C5 5.78, C6 6.28, C7 8.25 mm
# (main: C7 5.27), 3.5-4.6 mm below the spinous base, the root's front standing forward of the laminae; cerv28b
# (cervical.SPINE_ROOT_ON_LAMINAE): C3 0.11, C4 0.24, C5 0.03, C6 0.02 mm. Session 28's main: C7 8.30 mm; cerv29: C7
# 0.04 mm (cervical.LAMINA_JUNCTION).
TAB_MAX = 0.6
STEP = 0.25


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def _wall(tree, x: float, y_from: float, y_to: float, z: float) -> float:
    """The first bone met going back along y from ``y_from`` to ``y_to`` at (x, z): its y, or nan."""
    ys = _crossings(tree, (x, y_from, z), (x, y_to, z))[:, 1]
    return float(ys.max()) if len(ys) else float("nan")


def _tab_depth(spine, name: str) -> tuple[float, float, int]:
    """The most (mm) the canal's posterior wall stands forward of the wall further from the midline, the height
    (mm, local frame) where it does, and how many half-sections were measured."""
    lm = spine.landmarks[name]
    tree = _locator(spine.bones[name])
    canal_y, base = float(lm["canal_centre"][1]), np.array(lm["spinous_base"])
    xs = np.arange(0.0, WALL_REACH + 1e-6, STEP)
    worst, at, counted = 0.0, float("nan"), 0
    for z in np.arange(base[2] - JUNCTION_BELOW, base[2] + JUNCTION_ABOVE + 1e-6, STEP):
        for sx in (1.0, -1.0):
            wall = np.array([_wall(tree, sx * x, canal_y, base[1] - SEARCH_DEPTH, float(z)) for x in xs])
            if np.isnan(wall[0]) or np.isnan(wall[-1]):
                continue  # not a section through the junction and the laminae beside it
            counted += 1
            for i in range(len(xs)):
                further = wall[i:][~np.isnan(wall[i:])]
                if not np.isnan(wall[i]) and wall[i] - further.min() > worst:
                    worst, at = float(wall[i] - further.min()), float(z)
    return worst, at, counted


@pytest.mark.parametrize("name", TYPICAL)
def test_canals_posterior_wall_is_smooth_where_the_laminae_meet(spine, name):
    """From the midline out to WALL_REACH mm, in axial sections through the laminae's junction, the canal's
    posterior wall stands nowhere more than TAB_MAX mm forward of the wall further out: no tab of the spine's root
    (nor its horns) stands into the canal (Gray 1918). Session 28's C3-C6 before cerv28b: 5.5-6.3 mm; C7 before
    cerv29: 8.3 mm."""
    depth, z, counted = _tab_depth(spine, name)
    assert counted >= 20, (name, counted)
    assert depth <= TAB_MAX, (name, round(depth, 2), "at z", round(z, 2))


@pytest.mark.parametrize("name", TYPICAL)
def test_canal_keeps_the_table_depth_where_the_laminae_meet(spine, name):
    """With the spine's root trimmed onto the laminae's junction, the canal's depth in the midline at the body's
    mid-height (from the body's back to the laminae's junction, the landmark finder's) stays within DEPTH_WITHIN of
    the table's (Parihar): the junction stands where the table puts the canal's back. C7 trimmed alone in session 28
    (cerv28b): 17.3 mm against 14.0 (its laminae met 3.3 mm behind the canal's outline there); cerv29: 14.95 mm.
    C3-C6 trimmed in session 28: 10-14 % deep (C6 15.93 mm against 14.0); cerv29b: 6-7 %."""
    lm = find_landmarks(spine.bones[name], name)
    cd = model().dims[name].cd
    assert lm.canal_depth == pytest.approx(cd, rel=DEPTH_WITHIN), (name, round(lm.canal_depth, 2), cd)
