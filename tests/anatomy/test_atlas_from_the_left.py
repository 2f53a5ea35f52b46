"""C1 (the atlas) from the left and the front-oblique: the lateral mass's upper border without a nick.

Session 37 (c1geo37), issue 10. Measured on the shipped (default) meshes, C1's local frame (x right, y forward, z up).
"""
import numpy as np
import pytest

from spineviz.anatomy.spine import load_spine
from tests.anatomy.test_upper_cervical import _side_top

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SIDES = ("left", "right")

# The upper border seen from the side is read every BORDER_STEP mm front to back, from BORDER_SPAN[0] mm ahead of the
# superior facet's centre (past the front horn's crest) to BORDER_SPAN[1] mm behind it (past the back horn) [M].
BORDER_STEP = 0.25
BORDER_SPAN = (10.0, 12.0)
# A notch is a fall and rise within NOTCH_WIDTH mm [M] (the cup's own concavity between its horns is a saddle about
# 16 mm long, test_upper_cervical.py::test_atlas_superior_facet_is_concave_from_the_side); over any stretch that long
# the border may lie at most MAX_NOTCH_MM [M] under the lower of its two ends (the mesh's own waviness is < 0.05).
NOTCH_WIDTH = 4.0
MAX_NOTCH_MM = 0.2


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def _notch_depth(tops: np.ndarray, step: float, width: float) -> tuple[float, int]:
    """The deepest notch (mm) in a border profile sampled every ``step`` mm: over every window ``width`` mm long, how
    far the border's lowest point lies under the lower of the window's two ends; and the window's first index."""
    n = round(width / step)
    best, at = 0.0, 0
    for i in range(len(tops) - n):
        depth = float(min(tops[i], tops[i + n]) - tops[i:i + n + 1].min())
        if depth > best:
            best, at = depth, i
    return best, at


def _check_notch_measure() -> None:
    """The measure sees a V 0.56 mm deep and 2.5 mm wide (main's, session 36) and not the cup's broad saddle, a border
    1.5 mm under its chord over 16 mm."""
    y = np.arange(0.0, 16.01, BORDER_STEP)
    saddle = 1.5 * ((y - 8.0) / 8.0) ** 2
    v = saddle + np.where(np.abs(y - 11.0) < 1.25, -0.56 * (1.0 - np.abs(y - 11.0) / 1.25), 0.0)
    assert _notch_depth(saddle, BORDER_STEP, NOTCH_WIDTH)[0] <= MAX_NOTCH_MM
    assert _notch_depth(v, BORDER_STEP, NOTCH_WIDTH)[0] > MAX_NOTCH_MM


@pytest.mark.parametrize("side", SIDES)
def test_atlas_lateral_mass_upper_border_has_no_notch_from_the_left(spine, side):
    """Seen from its side, the upper border of a dry atlas's lateral mass is the superior facet's rounded lip: it falls
    from the cup's front horn and rises to its back horn without a nick (Gray 1918, "The Atlas"). From BORDER_SPAN[0] mm
    ahead of the superior facet's centre to BORDER_SPAN[1] mm behind it, over no NOTCH_WIDTH mm does the border (the
    highest bone 12-30 mm from the midline) dip more than MAX_NOTCH_MM under the lower of the stretch's ends. Main
    (session 36): 0.57-0.58 mm, 2-7 mm behind the facet's centre, where the cut that shows the foramen transversarium
    from above (special.ATLAS_RING_CLEAR) took the lateral rim of the cup; now 0.06-0.07. The measure is checked first
    on a made-up V and saddle (_check_notch_measure)."""
    _check_notch_measure()
    mesh = spine.bones["C1"]
    c = np.array(spine.landmarks["C1"][f"superior_facet_{side}"])
    sx = np.sign(c[0])
    ys = np.arange(c[1] + BORDER_SPAN[0], c[1] - BORDER_SPAN[1] - 1e-6, -BORDER_STEP)
    tops = np.array([_side_top(mesh, sx, y) for y in ys])
    depth, i = _notch_depth(tops, BORDER_STEP, NOTCH_WIDTH)
    assert depth <= MAX_NOTCH_MM, (side, f"{depth:.2f} mm deep between {ys[i] - c[1]:.1f} and "
                                         f"{ys[i] - c[1] - NOTCH_WIDTH:.1f} mm from the facet's centre")


# Around the foramen transversarium's axis, FLOOR_PROBE mm in front of it and behind it, rays straight down from the
# process's underside find the floor of the foramen's cut where it ends on the lateral mass's foot [M].
FLOOR_PROBE = 1.8
UNDER_THE_PROCESS = 3.0  # mm under the foramen's centre: below the process's lower surface [M]
# A round-bottomed pit of the foramen's radius (2.68 mm) stands 0.69 mm higher 1.8 mm in front of and behind its lowest
# point; a floor that reads as a ledge from the side is level front to back within this (mm) [M].
MAX_FLOOR_CUP_MM = 0.25


def _floor(mesh, p) -> float:
    """The height of the highest bone under ``p`` (straight down)."""
    from tests.anatomy.test_upper_cervical import _hits

    z = _hits(mesh, p, np.asarray(p) - (0.0, 0.0, 20.0))[:, 2]
    return float(z.max()) if len(z) else float("nan")


@pytest.mark.parametrize("side", SIDES)
def test_atlas_foramen_ends_in_no_round_pit_over_the_foot(spine, side):
    """On a dry atlas the foramen transversarium opens on the underside of the transverse process (Gray 1918, "The
    Atlas"); where the model's foot of the lateral mass lies under it (the lateral atlanto-axial joint 16.5 mm out,
    atlantoaxial.CENTRE_X), the foramen's cut must end on that foot as a ledge, not as a round-bottomed pit, whose
    hollow, rimmed by the foot, reads from the left and the front-oblique as a ball under the process. Under the
    process (UNDER_THE_PROCESS mm under the foramen's centre) the floor FLOOR_PROBE mm in front of and behind the
    foramen's axis stands no more than MAX_FLOOR_CUP_MM higher than on the axis (special.FORAMEN_FLOOR). Main (session
    36): 0.46-0.74 mm, the capsule's round end; now 0.00."""
    mesh, f = spine.bones["C1"], np.array(spine.landmarks["C1"][f"transverse_foramen_{side}"])
    top = f - (0.0, 0.0, UNDER_THE_PROCESS)
    axis = _floor(mesh, top)
    cup = {dy: round(_floor(mesh, top + (0.0, dy, 0.0)) - axis, 2) for dy in (FLOOR_PROBE, -FLOOR_PROBE)}
    assert not np.isnan(axis) and max(cup.values()) <= MAX_FLOOR_CUP_MM, (side, round(axis - f[2], 2), cup)
