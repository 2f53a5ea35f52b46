"""C3-C5 from the front and front-oblique (issue 10, session 31): the transverse process is a slender bar ending in a
rounded tubercle, not a plank of even height ending square.

Measured on the shipped meshes, in each vertebra's local frame, with rays from outside (what the eye sees from the
front and from the side, as on views of a dry bone).
"""

import numpy as np
import pytest

from spineviz.anatomy.spine import load_spine
from tests.anatomy.test_cervical_shapes import SIDES, _crossings, _locator

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# C3-C5 end in a small anterior tubercle (cervical.ANTERIOR_POINT); C6's is the large carotid tubercle, a dome
POINTED = ["C3", "C4", "C5"]
TYPICAL = ["C3", "C4", "C5", "C6"]
# The end of the process seen from the side: the share of it (the area, seen from the side, of the bone standing
# within END_DEPTH mm of the outermost point) that stands within FLAT_DEPTH mm of it. A dome (a rounded tubercle)
# keeps a small share there; a flat end face, square to the process, most of it. Modelling values [M]: an ellipsoid
# 2.4 mm deep from its apex scores 0.31; main in session 30 scored 0.40-0.42 at C3-C5 (a flat face 8.6-9.0 mm^2),
# C6's carotid dome 0.35-0.36.
FLAT_DEPTH = 0.4
END_DEPTH = 2.0
FLAT_SHARE_MAX = 0.35
# C6's carotid tubercle is large and rounded, a knob (Gray 1918, the cervical vertebrae), so its end is held closer
# to a dome's [M]: s31's C6 ended in its bar's squared end and scored 0.35-0.36 on both lods (a flat lit face from
# the front-oblique, issue 10); the ellipsoid alone that now ends it (cervical.ANTERIOR_DOME's 3.4 mm deep) about 0.27.
FLAT_SHARE_MAX_C6 = 0.33
# Seen from the front, the anterior bar midway (WAIST_AT mm inside the process's lateral end) may stand at most
# WAIST_SHARE_MAX of the tubercle's height (TUBERCLE_AT mm inside it): a slender bar flaring into its tubercle. A
# modelling limit [M]; test_anterior_tubercle_is_the_bars_end_not_a_ball_on_a_rod (at most 1.3 x the bar 6 mm medial
# to the landmark) keeps the flare from becoming a ball on a rod.
WAIST_AT = (8.0, 11.0)
TUBERCLE_AT = (1.0, 4.0)
WAIST_SHARE_MAX = 0.85


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def _end_from_the_side(tree, spine, name: str, side: str, step: float = 0.2) -> np.ndarray:
    """Seen from ``side``, how far out (mm, |x|) the bone reaches on horizontal rays every ``step`` mm over the
    anterior tubercle's end: from 2 mm behind its landmark to 6 mm in front, 5 mm below to 5 mm above (nan: none).
    The posterior tubercle lies behind that window and the pillar and body inside the rays' far end."""
    a = np.asarray(spine.landmarks[name][f"anterior_tubercle_{side}"])
    sx = 1.0 if side == "right" else -1.0
    reach = []
    for y in np.arange(a[1] - 2.0, a[1] + 6.0, step):
        for z in np.arange(a[2] - 5.0, a[2] + 5.0, step):
            hits = _crossings(tree, (sx * 40.0, y, z), (sx * (abs(a[0]) - 5.0), y, z))
            reach.append(float((hits[:, 0] * sx).max()) if len(hits) else np.nan)
    return np.array(reach)


def _flat_share(reach: np.ndarray) -> float:
    """The share of the end (within END_DEPTH of the outermost reach) that lies within FLAT_DEPTH of it."""
    top = np.nanmax(reach)
    return float(np.sum(reach >= top - FLAT_DEPTH) / np.sum(reach >= top - END_DEPTH))


@pytest.mark.parametrize("name", TYPICAL)
def test_anterior_tubercle_ends_rounded_not_square(spine, name):
    """From the front-oblique and the side the anterior tubercle of C3-C6 is the bar's rounded, flaring end (Gray
    1918, the cervical vertebrae: each root ends in a tubercle), not a flat face square to the process (issue 10: "a
    plank that ends square"): of the end's area seen from the side (bone within END_DEPTH of the outermost point)
    at most FLAT_SHARE_MAX stands within FLAT_DEPTH of it. Main in session 30 failed at C3-C5, both sides and lods:
    0.40-0.42, the forward point's flat lateral face; now 0.28-0.30 (cervical.ANTERIOR_DOME, ANTERIOR_POINT_EDGE).
    C6 (FLAT_SHARE_MAX_C6): s31 0.35-0.36, the carotid tubercle's bar ending square; now 0.29-0.30
    (cervical.ANTERIOR_BAR_END, C6's deeper ANTERIOR_DOME)."""
    limit = FLAT_SHARE_MAX_C6 if name == "C6" else FLAT_SHARE_MAX
    tree = _locator(spine.bones[name])
    for side in SIDES:
        share = _flat_share(_end_from_the_side(tree, spine, name, side))
        assert share <= limit, (name, side, round(share, 3))


def _front_heights(tree, spine, name: str, side: str, insides, step: float = 0.1) -> np.ndarray:
    """Seen from the front, the height (top to bottom, mm) of the bone in front of 1.5 mm behind the anterior
    tubercle's landmark, on the vertical line ``inside`` mm inside the process's lateral end for each of ``insides``:
    the anterior bar's outline, with the foramen's ring and the posterior bar behind it left out."""
    a = np.asarray(spine.landmarks[name][f"anterior_tubercle_{side}"])
    sx = 1.0 if side == "right" else -1.0
    pts = np.asarray(spine.bones[name].points)
    front = (pts[:, 1] > a[1] - 1.5) & (pts[:, 0] * sx > 0)
    end = float((pts[front, 0] * sx).max())
    heights = []
    for inside in insides:
        x = sx * (end - inside)
        zs = [z for z in np.arange(a[2] - 8.0, a[2] + 8.0, step)
              if len(_crossings(tree, (x, 40.0, z), (x, a[1] - 1.5, z)))]
        heights.append(max(zs) - min(zs) if zs else np.nan)
    return np.array(heights)


@pytest.mark.parametrize("name", TYPICAL)
def test_anterior_bar_is_slender_midway_from_the_front(spine, name):
    """From the front and front-oblique the anterior (costal) bar of C3-C5 is slender between its root and its
    tubercle, which flares (Gray 1918, the cervical vertebrae), not a plank of even height out to its end: WAIST_AT mm
    inside the process's end its outline stands at most WAIST_SHARE_MAX of the tubercle's (TUBERCLE_AT inside).
    Main in session 30 failed at C3-C6, both sides and lods: 0.97-0.98 at C3-C5, 0.89 at C6 (the web, the front plates
    and the bar's ramp to its tubercle filled the bar's waist in); now 0.77-0.80, the web and the front plates rising
    with the bar's lower border (cervical.ANTERIOR_BAR_WAIST)."""
    tree = _locator(spine.bones[name])
    for side in SIDES:
        waist = np.nanmax(_front_heights(tree, spine, name, side, np.arange(*WAIST_AT, 0.5)))
        tubercle = np.nanmax(_front_heights(tree, spine, name, side, np.arange(*TUBERCLE_AT, 0.5)))
        assert waist <= WAIST_SHARE_MAX * tubercle, (name, side, round(float(waist), 2), round(float(tubercle), 2))


# --- Session 32 (cerv32, issue 10): from the front-oblique the far side shows a dark pit in the junction of the
# uncinate lip, the process's root and the pillar: a second opening beside the foramen transversarium, 2.6-2.7 mm
# across, between the ring's medial wall, the body's side, the anterior root and the pedicle, running up through the
# process's root from about 0.5 to 4.5 mm above the vertebra's centre (C3-C7; cervical._transverse places the foramen
# 2.0 mm clear of the pedicle). A block of bone filling it (tried in cerv32: gap 0.0 at C3-C6, both lods, every other
# cervical test passing) made test_pedicles.py's chord across each pedicle run on through the new bone to the
# foramen: widths 6.47-6.49 mm at C3-C4 (table 5.5, at most 6.33) and 6.99-7.36 at C5-C6 (table 6.0, at most 6.9),
# main 5.71-6.30. On a dry bone the pedicle's lateral wall is the foramen's medial wall: moving the foramen 2 mm in,
# against the pedicle, closed the gap (0.0) with the pedicles at the table (5.52-6.01 mm) but moved the whole process
# and failed nine of test_cervical_shapes.py's limits (the gutter's walls 2.82-2.98 mm, at most 2.8; C3's back border
# 2.44 mm off its chord, at most 0.9; and others). Session 33 (cerv33) keeps the block and brings only the foramen's
# medial wall in toward the pedicle (cervical.FORAMEN_OVAL: a 6.0 x 5.5 mm oval, its centre, lateral wall and process
# where they were): no gap at C3-C7, the pedicles 5.99-6.78 mm at C3-C6 (limits 6.33 and 6.9) and 7.33-7.34 at C7
# (at most 7.47).
# Rays from the foramen's centre toward the midline, at these offsets (mm) from it up and back, stop MEDIAL_RAY_END mm
# inside the body's side; any open space they cross between the foramen's medial rim and that end is a second
# opening. At most MEDIAL_GAP_MAX mm of it (a modelling limit [M]: bone, not a slit, between the foramen and the body).
MEDIAL_RAY_UP = (-1.0, 0.0, 1.0)
MEDIAL_RAY_BACK = (-1.5, -0.5, 0.5)
MEDIAL_RAY_END = 2.0
MEDIAL_GAP_MAX = 0.3


def _medial_gap(tree, spine, name: str, side: str) -> float:
    """The widest open space (mm) that a ray from the foramen transversarium's centre toward the midline crosses after
    leaving the foramen and before reaching MEDIAL_RAY_END mm inside the body's side (0: the bone runs on unbroken)."""
    f = np.asarray(spine.landmarks[name][f"transverse_foramen_{side}"])
    sx = 1.0 if side == "right" else -1.0
    end_x = sx * (spine.model.dims[name].epw / 2 - MEDIAL_RAY_END)
    widest = 0.0
    for up in MEDIAL_RAY_UP:
        for back in MEDIAL_RAY_BACK:
            start = f + (0.0, -back, up)
            hits = _crossings(tree, start, (end_x, start[1], start[2]))
            x = np.sort(np.abs(hits[:, 0] - start[0]))
            # crossings: the foramen's rim (into bone), then pairs out of and back into bone across any gap
            gaps = x[2::2] - x[1:-1:2] if len(x) >= 3 else np.array([0.0])
            widest = max(widest, float(gaps.max()))
    return widest


@pytest.mark.parametrize("name", [*TYPICAL, "C7"])
def test_foramen_transversarium_is_the_only_opening_beside_the_body(spine, name):
    """The foramen transversarium of C3-C6 is walled medially by the body and pedicle, the costal process arising from
    the side of the body in front of it and the posterior root from the arch behind it (Gray 1918, the cervical
    vertebrae): between its medial rim and the body's side the bone runs on, with no second opening (at most
    MEDIAL_GAP_MAX of open space on any ray, _medial_gap); so at C7, whose foramen is walled the same way. Main in
    session 32 fails at C3-C6, both sides: 2.62-2.74 mm (default lod), 2.64-2.72 (fine), open upward, seen from the
    front-oblique on the far side as a dark pit beside the uncinate lip; C7 2.81-2.82 (default). What closed it
    (session 33, cerv33): a block of bone between the ring and the body's side (cervical.FORAMEN_MEDIAL_WALL) and the
    foramen's medial wall brought 0.5 mm in toward the pedicle (cervical.FORAMEN_OVAL), so that test_pedicles.py's
    chord across each pedicle still ends at the foramen: gap 0.0 at C3-C7 on both lods; pedicle widths (default)
    5.99-6.00 mm at C3-C4, 6.46-6.78 at C5-C6, 7.33 at C7 (main 5.71-6.30 and 6.85-6.90)."""
    tree = _locator(spine.bones[name])
    for side in SIDES:
        gap = _medial_gap(tree, spine, name, side)
        assert gap <= MEDIAL_GAP_MAX, (name, side, round(gap, 2))
