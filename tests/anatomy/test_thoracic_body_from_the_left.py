"""T1-T9: the back half of the body's side, seen from the left, is a smooth drum, not a box cut into it (issue 10).

Gray 1918 ("The Thoracic Vertebrae"): from the side the body of a thoracic vertebra is a smooth, slightly waisted drum;
at its back the upper and lower demifacets for the rib heads are shallow oval faces on the edge of the rims, the upper
just in front of the pedicle's root, the lower in front of the inferior vertebral notch; no step runs down the side.
On the session-30 meshes the back half of the side was cut by square steps: the bone filled into the back corner
(thoracic CORNER_FILL_*) stopped at the pedicle's lower border, below which the body's own rounder corner fell away (a
ledge across the side), and its front end stood proud of the side as an upright ridge 4 mm in front of the back wall.
Built now by ``thoracic._DrumCorner`` (DRUM_CORNER) over the body's whole height.

T2 (session 32, thor32b): left out in session 31 for its flare into the pedicle (CORNER_FLARE_T2), which opened 6 mm in
front of the back wall, so that from the left its side turned out over the back third between the demifacets (main:
0.53-0.55 mm between rays, 0.32-0.38 up and down, bending 0.24-0.29). Gray 1918 ("The Thoracic Vertebrae"): the upper
thoracic bodies keep some cervical features, but their sides are smooth drums too. T2 now has T3-T9's _DrumCorner, and
its flare starts CORNER_FLARE_T2[0] = 4.2 mm in front of the back wall, just behind the part of the side measured here.
T1 (no filled corner: its body's own outline, T1_HEART_BACK) is measured too, as a guard: main 0.06 / 0.12 / 0.09; its
window is shorter (3 mm), as its body is lower.

Measured on the shipped meshes by rays from the side every STEP_MM mm, front to back and up and down, between the two
demifacets (from MARGIN_MM above the lower one's top to MARGIN_MM below the upper one's bottom) and from BACK_CLEAR_MM
in front of the back wall (waisted, at mid-height; the corner's own rounding lies behind that) to the centre's depth.
"""

import numpy as np
import pytest

from spineviz.anatomy.sdf import waist_pinch
from spineviz.anatomy.shapes.thoracic import BODY_WAIST, BODY_WAIST_POWER
from spineviz.anatomy.spine import load_spine

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

LEVELS = [f"T{n}" for n in range(1, 10)]
SIDES = (("right", 1.0), ("left", -1.0))
STEP_MM = 0.5
MARGIN_MM = 0.5
BACK_CLEAR_MM = 2.5
# The demifacets' half heights (upper, lower), mm, as thoracic._costal_facets_on_body cuts them.
FACET_HALF_HEIGHT = (3.2, 2.8)
# How far (mm) the side may jump between neighbouring rays STEP_MM apart (front to back or up and down): about 31 deg,
# which the waisted side (its slope up and down is under 0.2 mm per step) and a round corner stay well within, and a
# step does not. Session-30 meshes, each level at its worst: 0.25 (T3) to 0.49 (T6); built: 0.14-0.26. T2: main
# (session 31) 0.55, thor32b 0.16.
# A modelling bound [M].
JUMP_MM = 0.3
# ... and how sharply it may bend: the largest second difference of the side's reach over three neighbouring rays (mm):
# a ridge or a groove bends it, a smooth drum hardly does. Session-30 meshes: 0.23 (T9) to 0.49 (T6; T3 0.34); built:
# 0.10-0.19. T2: main (session 31) 0.29, thor32b 0.16. A modelling bound [M].
BEND_MM = 0.2


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def _reach(mesh, y: float, z: float, sign: float) -> float:
    """How far out (mm, positive) the bone reaches at (y, z) on one side: 0 if a ray from outside meets none."""
    pts, _ = mesh.ray_trace((sign * 40.0, y, z), (0.0, y, z))
    return float(np.max(sign * np.asarray(pts)[:, 0])) if len(pts) else 0.0


def _side_map(spine, name: str, side: str, sign: float):
    """The side's reach on the grid between the demifacets: (reach[z, y], heights, depths)."""
    d = spine.model.dims[name]
    lm = spine.landmarks[name]
    top = lm[f"costal_demifacet_{side}_0"][2] - FACET_HALF_HEIGHT[0] - MARGIN_MM
    bottom = lm[f"costal_demifacet_{side}_1"][2] + FACET_HALF_HEIGHT[1] + MARGIN_MM
    zs = np.arange(top, bottom - 1e-6, -STEP_MM)
    back = -d.epd / 2 * (1.0 - BODY_WAIST * waist_pinch(0.0, BODY_WAIST_POWER))  # the back wall at mid-height
    ys = np.arange(back + BACK_CLEAR_MM, 0.01, STEP_MM)
    reach = np.array([[_reach(spine.bones[name], y, z, sign) for y in ys] for z in zs])
    return reach, zs, ys


@pytest.mark.parametrize("name", LEVELS)
def test_body_side_has_no_steps_between_the_demifacets(spine, name):
    """From the side, between the demifacets, the back half of the body's side jumps by no more than JUMP_MM between
    neighbouring rays and bends by no more than BEND_MM: no ledge, no upright ridge or step, no box cut into it."""
    for side, sign in SIDES:
        reach, zs, ys = _side_map(spine, name, side, sign)
        along, up = np.abs(np.diff(reach, axis=1)), np.abs(np.diff(reach, axis=0))
        i, j = np.unravel_index(np.argmax(along), along.shape)
        assert along.max() <= JUMP_MM, \
            f"{name} {side}: the side steps {along.max():.2f} mm from y={ys[j]:.1f} to {ys[j + 1]:.1f} at z={zs[i]:.1f}"
        i, j = np.unravel_index(np.argmax(up), up.shape)
        assert up.max() <= JUMP_MM, \
            f"{name} {side}: the side steps {up.max():.2f} mm from z={zs[i]:.1f} to {zs[i + 1]:.1f} at y={ys[j]:.1f}"
        bend = max(np.abs(np.diff(reach, 2, axis=1)).max(), np.abs(np.diff(reach, 2, axis=0)).max())
        assert bend <= BEND_MM, f"{name} {side}: the side bends {bend:.2f} mm over {2 * STEP_MM} mm (a ridge or groove)"
