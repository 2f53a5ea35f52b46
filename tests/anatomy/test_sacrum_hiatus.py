"""The sacral hiatus seen from behind, measured on the shipped S1 meshes (both levels of detail).

Issue 10 (session 33): from behind, the midline under the fourth dorsal foramina read as a raised, flat-topped
column with a square shelf at its top. The column was the hiatus's floor (the back of the S5 body, 8-10 mm in front
of the cornua) seen through an opening cut as a capsule: 4.3 mm wide at its top, it gained only 2.3 mm of width
over its top 5 mm and was at most 10.3 mm wide, so its straight walls read as a rod's sides and its top as a shelf.
In Gray 1918 ("The Sacrum") the hiatus is an arched notch under the last fused laminae, flanked by the cornua;
Shewale et al. 2013: 13.7 mm wide at its base. Frame: the sacrum's mesh frame (x to one side, y anterior, z along
the endplate's normal).
"""

import numpy as np
import pytest

from spineviz.anatomy.shapes import sacrum as sacrum_shape
from spineviz.anatomy.spine import load_spine

from .test_sacrum import _first_hit
from .test_sacrum_base import s1_meshes

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# A row (a height) is open at x when the ray from behind meets bone at least HIATUS_OPEN mm in front of the more
# anterior of the two rays HIATUS_SIDE mm to either side (the cornua and the dorsal surface beside the opening),
# as in test_sacrum.test_sacral_hiatus_opens_below_s4_between_cornua (there 8 mm to the side) [M]. The opening's
# width at a height is its open run through the midline, on a HIATUS_STEP mm grid.
HIATUS_OPEN = 3.0
HIATUS_SIDE = 10.0
HIATUS_STEP = 0.25
# The arch: over its top ARCH_SPAN mm the opening widens by at least ARCH_GAIN mm (session 32's meshes: 2.25 mm
# default, from 4.25 to 6.5; an inverted U as wide as the hiatus's base, 13.7 mm, gains most of it there) [M].
ARCH_SPAN = 5.0
ARCH_GAIN = 4.0
# Its base: at its widest at least BASE_SHARE of Shewale 2013's 13.7 mm (session 32: 10.25 mm, 0.75) [M].
BASE_SHARE = 0.85
# The floor (the back of the S5 body) half-way down lies at least FLOOR_DEPTH mm in front of the most posterior
# bone beside the opening (the cornua and the laminae's edges) [M].
FLOOR_DEPTH = 5.0


@pytest.fixture(scope="module")
def spine():
    return load_spine()


@pytest.fixture(scope="module")
def meshes(spine):
    return s1_meshes(spine)


def _back(mesh, x: float, z: float) -> float:
    hit = _first_hit(mesh, (x, -90.0, z), (x, 60.0, z))
    return np.nan if hit is None else float(hit[1])


def _widths(mesh, top: float) -> tuple[np.ndarray, np.ndarray]:
    """Heights (mm, falling from S4's tubercle) and the opening's width at each (0 where closed)."""
    zs = np.arange(top + sacrum_shape.CREST_SPINES_Z[-1], top - 100.0, -0.5)
    xs = np.arange(-HIATUS_SIDE, HIATUS_SIDE + 1e-6, HIATUS_STEP)
    mid = len(xs) // 2
    widths = []
    for z in zs:
        side = max(_back(mesh, -HIATUS_SIDE, z), _back(mesh, HIATUS_SIDE, z))
        y = np.array([_back(mesh, x, z) for x in xs])
        is_open = np.nan_to_num(y - side, nan=-1.0) >= HIATUS_OPEN
        if np.isnan(side) or not is_open[mid]:
            widths.append(0.0)
            continue
        a = b = mid
        while a > 0 and is_open[a - 1]:
            a -= 1
        while b < len(xs) - 1 and is_open[b + 1]:
            b += 1
        widths.append((b - a + 1) * HIATUS_STEP)
    return zs, np.array(widths)


@pytest.mark.parametrize("lod", ["default", "fine"])
def test_sacral_hiatus_is_an_arch_widening_to_its_base(spine, meshes, lod):
    """From behind the hiatus is an inverted U: narrow at its apex, it widens by ARCH_GAIN mm over its top
    ARCH_SPAN mm and reaches BASE_SHARE of 13.7 mm (Shewale 2013) at its base; through it the floor lies
    FLOOR_DEPTH mm in front of the bone beside it."""
    mesh = meshes[lod]
    top = float(spine.landmarks["S1"]["upper_endplate"][2])
    zs, w = _widths(mesh, top)
    assert (w > 0).any(), "no sacral hiatus"
    first = int(np.argmax(w > 0))
    below = first + round(ARCH_SPAN / 0.5)
    gain = w[below] - w[first]
    assert gain >= ARCH_GAIN, (f"the apex is square: {w[first]:.2f} mm wide at z={zs[first]:.1f}, "
                               f"{w[below]:.2f} mm {ARCH_SPAN:.0f} mm lower")
    assert w.max() >= BASE_SHARE * sacrum_shape.HIATUS_WIDTH, f"the hiatus is at most {w.max():.2f} mm wide"
    last = first + int(np.argmax(w[first:] == 0)) - 1
    z = 0.5 * (zs[first] + zs[last])
    floor = _back(mesh, 0.0, z)
    xs = np.arange(2.0, 14.01, 0.25)
    beside = min(np.nanmin([_back(mesh, s * x, z) for x in xs]) for s in (-1.0, 1.0))
    assert floor - beside >= FLOOR_DEPTH, f"the floor {floor - beside:.1f} mm in front of the bone beside it"


# Session 33b (issue 10): the floor slopes down and back, continuing the canal's floor, so that from behind it is
# foreshortened and in shade rather than a flat, brightly lit shield. Over the middle FLOOR_SPAN of the opening's
# height, a plane fitted to the midline floor (|x| <= 2 mm) faces at least FLOOR_TILT degrees down from straight
# back (session 33's meshes: 12.6-12.7) [M].
FLOOR_SPAN = (0.2, 0.8)
FLOOR_TILT = 20.0


@pytest.mark.parametrize("lod", ["default", "fine"])
def test_sacral_hiatus_floor_faces_down_and_back(spine, meshes, lod):
    """The hiatus's floor is tilted FLOOR_TILT degrees down from straight back: a recess in shade from behind."""
    mesh = meshes[lod]
    top = float(spine.landmarks["S1"]["upper_endplate"][2])
    zs, w = _widths(mesh, top)
    assert (w > 0).any(), "no sacral hiatus"
    first = int(np.argmax(w > 0))
    last = first + int(np.argmax(w[first:] == 0)) - 1
    z0, z1 = zs[first], zs[last]
    pts = [(x, z, _back(mesh, x, z))
           for z in np.arange(z0 + FLOOR_SPAN[0] * (z1 - z0), z0 + FLOOR_SPAN[1] * (z1 - z0), -0.5)
           for x in np.arange(-2.0, 2.01, 0.5)]
    p = np.array([q for q in pts if not np.isnan(q[2])])
    assert len(p) > 20, "the floor was not found"
    fit = np.linalg.lstsq(np.column_stack([np.ones(len(p)), p[:, 0], p[:, 1]]), p[:, 2], rcond=None)[0]
    tilt = float(np.degrees(np.arctan(-fit[2])))  # y grows forward: a floor deeper below faces down
    assert tilt >= FLOOR_TILT, f"the floor faces {tilt:.1f} degrees down from straight back"
