"""C1 (the atlas) from the left and the front-oblique: the lateral mass's upper border without a nick.

Session 37 (c1geo37), issue 10. Measured on the shipped (default) meshes, C1's local frame (x right, y forward, z up).
"""
import numpy as np
import pytest

from spineviz.anatomy.shapes import special
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


# --- Session 38 (c1geo38, issue 10): the foramen seen through from above, and its lower end without a square slot.

# The review sheet's and the app's view from above (render.anatomy_review._aim, 900 px, a 30 degree view angle) sees
# C1 from a point about 160 mm over the middle of its bounding box (160.6 mm at the fine lod) [M]: its lines of sight
# through the foramen transversarium, 25 mm from the midline, lean out by about 9 degrees.
EYE_OVER_CENTRE = 160.6
# Main (session 37) saw through 0.124 of the foramen's disc from there (read every 0.1 mm), and 0.597 / 0.589 of its
# lateral half straight down through the process (test_atlas_transverse.py::_open_share); c1geo37, whose ring-clear
# cut stopped at the foramen's centre, 0.013 and 0.561 / 0.549: the hole read as a dark pit. More than main's [M]:
SEEN_THROUGH_AT_LEAST = 0.135
OPEN_DOWN_AT_LEAST = 0.65


def _seen_through(mesh, f: np.ndarray, eye: np.ndarray, step: float = 0.1) -> float:
    """The share of the foramen's disc (points every ``step`` mm within its ring, less one step, at the height of its
    centre ``f``) through which the line of sight from ``eye`` meets no bone, before or beyond it."""
    from tests.anatomy.test_upper_cervical import _hits

    sx, ring, seen = np.sign(f[0]), special.ATLAS_FORAMEN_R, []
    for dx in np.arange(-ring, ring + 1e-6, step):
        for dy in np.arange(-ring, ring + 1e-6, step):
            if np.hypot(dx, dy) <= ring - step:
                p = f + (sx * dx, dy, 0.0)
                u = (p - eye) / np.linalg.norm(p - eye)
                seen.append(not len(_hits(mesh, eye, p + 60.0 * u)))
    return float(np.mean(seen))


@pytest.mark.parametrize("side", SIDES)
def test_atlas_foramen_is_seen_through_from_above(spine, side):
    """Seen from above, a dry atlas's foramen transversarium is a hole through the transverse process lateral to the
    superior facet's cup (Gray 1918, "The Atlas", the figure from above), through which the ground shows. From the
    view above (EYE_OVER_CENTRE mm over the bone's middle) the lines of sight through >= SEEN_THROUGH_AT_LEAST of the
    foramen's disc meet no bone, and straight down >= OPEN_DOWN_AT_LEAST of its lateral half is open through the process
    (test_atlas_transverse.py::_open_share, 6 mm under its centre). Main (session 37): 0.124, 0.597 / 0.589; c1geo37:
    0.013, 0.561 / 0.549 (the cup's lateral rim over the foramen's medial half, kept there against the V-notch, stood
    in the lines of sight); now 0.140 / 0.142, 0.715 / 0.723: the lip's flank over the foramen cut back along the
    lines of sight (special.ATLAS_SIGHT_CUT) and the foramen's lower half leaning out under the process
    (special.FORAMEN_LEAN_OUT)."""
    from tests.anatomy.test_atlas_transverse import THROUGH_THE_PROCESS, _open_share

    mesh, f = spine.bones["C1"], np.array(spine.landmarks["C1"][f"transverse_foramen_{side}"])
    eye = np.array(mesh.bounds).reshape(3, 2).mean(axis=1) + (0.0, 0.0, EYE_OVER_CENTRE)
    seen, down = _seen_through(mesh, f, eye), _open_share(mesh, f, THROUGH_THE_PROCESS)
    assert seen >= SEEN_THROUGH_AT_LEAST and down >= OPEN_DOWN_AT_LEAST, (side, round(seen, 3), round(down, 3))


# The foramen's cut where it ends on the foot is read in sections square to x (the view from the left) every
# SLOT_SECTIONS mm from its centre, between SLOT_BAND mm under the foramen's centre (its floor, special.FORAMEN_FLOOR,
# 8.4 mm under it on the axis) and within SLOT_HALF mm of its axis front to back (its wall and 1 mm beyond) [M]. A
# square corner turns the outline through about 90 degrees within a millimetre; a round of radius rho turns it
# 57 / rho degrees a millimetre.
SLOT_SECTIONS = (-1.5, -1.0, -0.5, 0.0, 0.5)
SLOT_BAND = (12.0, 5.5)
SLOT_HALF = special.ATLAS_FORAMEN_R + 1.0
SLOT_ARC = 1.0
MAX_SLOT_TURN = 60.0


def _sharpest_turn(pts: np.ndarray, arc: float) -> float:
    """The largest angle (degrees) between the chords into and out of any point of an ordered outline, each ``arc`` / 2
    long along it."""
    s = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(pts, axis=0), axis=1))])
    best = 0.0
    for i in range(len(pts)):
        j, k = np.searchsorted(s, s[i] - arc / 2, side="right") - 1, np.searchsorted(s, s[i] + arc / 2)
        if j < 0 or k >= len(pts) or i in (j, k):
            continue
        a, b = pts[i] - pts[j], pts[k] - pts[i]
        best = max(best, float(np.degrees(np.arccos(np.clip(a @ b / np.linalg.norm(a) / np.linalg.norm(b), -1, 1)))))
    return best


def _slot_turn(mesh, f: np.ndarray) -> float:
    """The sharpest turn of the foramen's cut's outline near its floor, over SLOT_SECTIONS (degrees)."""
    sx, best = np.sign(f[0]), 0.0
    for dx in SLOT_SECTIONS:
        cut = mesh.slice(normal=(1.0, 0.0, 0.0), origin=(f[0] + sx * dx, 0.0, 0.0)).strip()
        for c in range(cut.n_cells):
            pts = np.asarray(cut.get_cell(c).points)
            rel = pts - f
            near = np.flatnonzero((np.abs(rel[:, 1]) <= SLOT_HALF) & (rel[:, 2] >= -SLOT_BAND[0])
                                  & (rel[:, 2] <= -SLOT_BAND[1]))
            for run in np.split(near, np.flatnonzero(np.diff(near) > 1) + 1):
                if len(run) >= 3:
                    best = max(best, _sharpest_turn(pts[run], SLOT_ARC))
    return best


def _check_turn_measure() -> None:
    """The measure reads a square corner (sampled every 0.3 mm) as about 90 degrees and a round of 2 mm as < 40."""
    t = np.arange(0.0, 3.01, 0.3)
    square = np.vstack([np.column_stack([0.0 * t, t[::-1]]), np.column_stack([t[1:], 0.0 * t[1:]])])
    a = np.radians(np.arange(180.0, 270.01, 5.0))
    round_ = np.column_stack([2.0 + 2.0 * np.cos(a), 2.0 + 2.0 * np.sin(a)])
    assert _sharpest_turn(square, SLOT_ARC) >= 80.0 and _sharpest_turn(round_, SLOT_ARC) < 40.0


@pytest.mark.parametrize("side", SIDES)
def test_atlas_foramen_floor_meets_its_walls_in_a_rounded_edge(spine, side):
    """From the left, where the foramen transversarium's cut ends on the lateral mass's foot under the transverse
    process (special.FORAMEN_FLOOR), a dry atlas shows the foramen's lower mouth on the process's underside, a
    smooth-lipped opening (Gray 1918, "The Atlas"), not a square-walled slot. In sections square to x through the cut
    near its floor (SLOT_SECTIONS, SLOT_BAND, SLOT_HALF), the outline turns through no more than MAX_SLOT_TURN degrees
    over any SLOT_ARC mm. c1geo37: 85 / 85 degrees (a plane floor meeting the round bore's upright walls in a hard
    edge); main (a round pit, which read as a ball): 46 / 67; now 50 / 56 (the floor rounded into the walls,
    special.FORAMEN_FLOOR_ROUND, the mouth flared, special.FORAMEN_FLARE). The measure is checked first on a made-up
    square corner and round (_check_turn_measure)."""
    _check_turn_measure()
    mesh, f = spine.bones["C1"], np.array(spine.landmarks["C1"][f"transverse_foramen_{side}"])
    turn = _slot_turn(mesh, f)
    assert turn <= MAX_SLOT_TURN, (side, round(turn, 1))
