"""T1 from the left (issue 10, session 33): the first rib's facet on the body, the small demifacet for the second rib.

Gray 1918 ("The First Thoracic Vertebra"): on each side of the body T1 carries a whole facet for the head of the first
rib, which meets T1 alone, near the upper border, and a small demifacet at the lower border for the upper half of the
head of the second rib. An articular facet is a shallow, smooth, slightly concave face, not a pit. On the session-32
meshes the upper facet was a faint shelf (cut before the pedicle, whose root, added after it, filled its back half: the
side lay flat for 4 mm behind its centre, 0.52 mm below the bone round it) and the lower one a round pit 2.1 mm deep at
its centre (thoracic.T1_LOWER_DISH, 0.87 mm below the bone round it). Measured on the shipped meshes.
"""

import numpy as np
import pytest

from spineviz.anatomy.spine import load_spine
from tests.anatomy.test_thoracic_rib_heads import DISH_OFFSET
from tests.anatomy.test_thoracic_shapes import _facet_depth

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SIDES = (("right", 1.0), ("left", -1.0))
# The first rib's facet: how far its face lies below the bone round it (mm, test_thoracic_shapes._facet_depth, the
# median of a ring 1.5 mm outside it): at least UPPER_DEPTH[0], so that it reads as a facet from the side, and less
# than UPPER_DEPTH[1] (an articular face, not a pit). Main (session 32): 0.51-0.52; thor33b: 1.16. Modelling bounds
# [M].
UPPER_DEPTH = (1.0, 2.0)
# ... and its width front to back at half its depth (mm), along the side at its centre's height: the first rib's head
# is small and its facet round (thoracic.T1_RIB1_FACET, 6 mm across as cut). A guard: main 3.0 (but its deepest point
# 0.95-1.05 mm behind its centre, a shelf running back into the pedicle's root); thor33b 3.1-3.2, its deepest point
# within 0.1 mm of its centre. Modelling bounds [M].
UPPER_WIDTH = (2.5, 7.0)
# The second rib's small demifacet at the lower border: no deeper below the bone round it than this (mm; T2-T9's lower
# demifacets measure 0.66-0.82, the lowest of them on rounder corners). Main (session 32): 0.87; thor33b: 0.35-0.37. A
# modelling bound [M]; test_body_costal_facets_are_shallow_faces holds it at least 0.2 mm deep.
LOWER_DEPTH_MAX = 0.6


@pytest.fixture(scope="module")
def t1():
    spine = load_spine()
    return spine.bones["T1"], spine.landmarks["T1"]


def _reach(mesh, y: float, z: float, sign: float) -> float:
    """How far out (mm, positive) the bone reaches at (y, z) on one side: nan if a ray from outside meets none."""
    pts, _ = mesh.ray_trace((sign * 40.0, y, z), (0.0, y, z))
    return float(np.max(sign * np.asarray(pts)[:, 0])) if len(pts) else np.nan


@pytest.mark.parametrize(("side", "sign"), SIDES)
def test_first_rib_facet_is_a_shallow_dish(t1, side, sign):
    """The first rib's whole facet is a concave face UPPER_DEPTH mm below the bone round it, deepest under its centre
    (within test_thoracic_rib_heads.DISH_OFFSET mm front to back), UPPER_WIDTH mm across at half its depth."""
    mesh, lm = t1
    p = np.array(lm[f"costal_demifacet_{side}_0"])
    depth, spread = _facet_depth(mesh, p, p * (1.0, 1.0, 0.0), 2.4, 2.0)
    assert UPPER_DEPTH[0] <= depth < UPPER_DEPTH[1], f"T1 {side}: the first rib's facet {depth:.2f} mm deep"
    assert spread < 1.0, f"T1 {side}: face uneven by {spread:.2f} mm"
    ys = np.arange(p[1] - 5.0, p[1] + 5.01, 0.1)
    reach = np.array([_reach(mesh, y, p[2], sign) for y in ys])
    low = float(np.nanmin(reach))
    offset = float(np.mean(ys[reach <= low + 0.1]) - p[1])
    assert abs(offset) <= DISH_OFFSET, f"T1 {side}: deepest {offset:+.2f} mm from the centre (a shelf, not a dish)"
    inside = np.flatnonzero(reach <= low + 0.5 * depth)
    width = float(ys[inside.max()] - ys[inside.min()])
    assert np.all(np.diff(inside) == 1), f"T1 {side}: two hollows along the side"
    assert UPPER_WIDTH[0] <= width <= UPPER_WIDTH[1], f"T1 {side}: {width:.1f} mm across at half depth"


@pytest.mark.parametrize(("side", "sign"), SIDES)
def test_second_rib_demifacet_is_no_pit(t1, side, sign):
    """The small lower demifacet for the second rib lies no more than LOWER_DEPTH_MAX mm below the bone round it."""
    mesh, lm = t1
    p = np.array(lm[f"costal_demifacet_{side}_1"])
    depth, _spread = _facet_depth(mesh, p, p * (1.0, 1.0, 0.0), 2.4, 2.0)
    assert depth <= LOWER_DEPTH_MAX, f"T1 {side}: the second rib's demifacet {depth:.2f} mm deep, a pit"


# Item 2 (the upper back corner): from the left, at the transverse process's height, the front face of its bar showed
# in front of the club as an upright tongue of bone (thoracic.TRANSVERSE_BACKWARD_DEG_T1). Measured by rays from the
# side over the heights TONGUE_HEIGHTS (mm above the transverse root's landmark), behind that landmark: how far front to
# back (mm) the first bone met is the bar, i.e. lies TONGUE_REACH[0] mm or more from the midline (beside the articular
# processes) but short of the club (TONGUE_REACH[1] mm inside the tip). Main (session 32) 4.25-4.5 mm (and the face ran
# on 2 mm in front of the landmark); thor33b 0.25 (both lods). A modelling bound [M]: about a third of the club's 10 mm
# thickness front to back.
TONGUE_HEIGHTS = (0.0, 1.0, 2.0, 3.0)
TONGUE_REACH = (20.0, 5.0)
TONGUE_MAX_MM = 3.5
STEP_MM = 0.25


@pytest.mark.parametrize(("side", "sign"), SIDES)
def test_transverse_bar_shows_no_tongue_from_the_side(t1, side, sign):
    """From the side, the transverse process's club hides its bar: the bar's front face shows over no more than
    TONGUE_MAX_MM front to back between the superior articular process and the club."""
    mesh, lm = t1
    root, tip = np.array(lm[f"transverse_root_{side}"]), np.array(lm[f"transverse_tip_{side}"])
    ys = np.arange(root[1] - 12.0, root[1], STEP_MM)
    widths = []
    for dz in TONGUE_HEIGHTS:
        reach = np.array([_reach(mesh, y, root[2] + dz, sign) for y in ys])
        bar = (reach >= TONGUE_REACH[0]) & (reach < abs(tip[0]) - TONGUE_REACH[1])
        widths.append(STEP_MM * int(bar.sum()))
    assert max(widths) <= TONGUE_MAX_MM, f"T1 {side}: the bar shows {widths} mm wide in front of the club"
