"""C1's transverse process seen from above: a bar lateral to its foramen, not a knob on the lateral mass.

Session 34 (atlas34), issue 10.
"""
import numpy as np
import pytest

from spineviz.anatomy.shapes import special
from spineviz.anatomy.spine import load_spine
from tests.anatomy.test_upper_cervical import _hits

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SIDES = ("left", "right")

# How far the atlas's transverse process reaches beyond the lateral margin of its foramen transversarium, from the
# width between the processes' tips and the distance between the foramina's lateral margins on 100 dry atlases
# (Patel & Gupta, Int J Res Med Sci, ijrms/article/view/291, abstract [R]): (71.19 - 55.48) / 2 = 7.86 mm (Gosavi &
# Vatsalaswamy 2012, Malays Orthop J 6(2):18-20, abstract [R], 100 dry atlases: (69.37 - 55.66) / 2 = 6.86 mm).
BAR_BEYOND_FORAMEN = (71.19 - 55.48) / 2
# Bone seen from above belongs to the process, not to the lateral mass over it, if its top lies no more than this
# over the foramen's centre [M]: the process's upper surface stands 3-4.5 mm over it (special.FORAMEN_TOP, 4 mm,
# where the foramen opens), the lateral mass's lip 6-14 mm.
PROCESS_TOP = special.FORAMEN_TOP + 2.0


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def _bar_from_above(mesh, lm, side: str, step: float = 0.25):
    """C1's transverse process seen straight from above, along its axis in plan (the foramen's centre to the tip's
    landmark, carried on to the end of the bone): the stations (mm from the foramen's centre) where bone is seen,
    the highest bone at each over the foramen's centre, and a function giving the process's breadth across the axis
    at a station (the run of bone seen from above through the axis, square to it)."""
    f, tip = np.array(lm[f"transverse_foramen_{side}"]), np.array(lm[f"transverse_tip_{side}"])
    a = (tip - f)[:2] / np.linalg.norm((tip - f)[:2])
    across = np.array([-a[1], a[0]])

    def top(p) -> float | None:
        z = _hits(mesh, (*p, f[2] + 40.0), (*p, f[2] - 40.0))[:, 2]
        return float(z.max() - f[2]) if len(z) else None

    stations = np.arange(0.0, 25.0, step)
    tops = [top(f[:2] + s * a) for s in stations]

    def breadth(s: float) -> float:
        p = f[:2] + s * a
        w = 0.0
        for sign in (1.0, -1.0):
            t = step
            while t < 20.0 and top(p + sign * t * across) is not None:
                t += step
            w += t - step
        return w + step

    return stations, tops, breadth


@pytest.mark.parametrize("side", SIDES)
def test_atlas_transverse_process_is_a_bar_beyond_its_foramen_from_above(spine, side):
    """Seen from above, lateral to its foramen the atlas's transverse process is a bar, as on a dry atlas, not a knob
    stuck on the lateral mass (Gray 1918, "The Atlas": the foramen in the process near its root, the process long and
    broad, ending in one flattened tubercle; Patel & Gupta's widths: it reaches 7.86 mm beyond the foramen's lateral
    margin). Along the process's axis seen from above (the foramen's centre to the tip's landmark, in plan):
    - from the foramen's ring (its lateral margin, special.ATLAS_FORAMEN_R out from its centre) to the end of the bone,
      every 0.25 mm the bone seen from above is the process's own upper surface, its top <= PROCESS_TOP over the
      foramen's centre (no lateral mass over it), and that stretch is >= BAR_BEYOND_FORAMEN long;
    - it is a bar, not a knob: its breadth across the axis seen from above at the half-way station (midway between
      the ring's lateral margin and the end of the bone) is >= 0.6 x its breadth at the tip station (1 mm inside the
      end of the bone); the two stations are >= 3 mm apart.
    Main before session 34: the lateral mass's lip stood 10-12 mm over the foramen's centre out to 1.1 mm beyond the
    ring (the process seen from 3.75 mm out, 7.5 mm of it)."""
    stations, tops, breadth = _bar_from_above(spine.bones["C1"], spine.landmarks["C1"], side)
    seen = [s for s, t in zip(stations, tops, strict=True) if t is not None]
    end = max(seen)
    ring = special.ATLAS_FORAMEN_R
    covered = [(round(float(s), 2), round(t, 1)) for s, t in zip(stations, tops, strict=True)
               if ring < s <= end and (t is None or t > PROCESS_TOP)]
    half, tip_at = 0.5 * (ring + end), end - 1.0
    wide = (round(breadth(half), 2), round(breadth(tip_at), 2))
    figures = (side, round(end - ring, 2), covered[:3], len(covered), wide)
    assert not covered and end - ring >= BAR_BEYOND_FORAMEN, figures
    assert tip_at - half >= 3.0 and wide[0] >= 0.6 * wide[1], figures


# --- Session 36 (c1geo36, issue 10): from above, the foramen is a hole beside the lateral mass, not a pit in its side.

# How much of the foramen's lateral half must be seen open straight down, through the transverse process [M]: the lead's
# ruling of session 35 (a hole about half the foramen's breadth, Patel & Gupta's 5.36 mm), read as an area: half.
OPEN_LATERAL_HALF = 0.5
# How far under the foramen's centre the rays from above must meet no bone (mm) [M]: the foramen is cut 6 mm down under
# its centre (special._atlas_transverse), through the transverse process, whose underside round it lies 4-6 mm under
# the centre; under it lies the lateral rim of the inferior facet (the joint with the axis).
THROUGH_THE_PROCESS = 6.0


def _open_share(mesh, f: np.ndarray, floor: float, step: float = 0.2) -> float:
    """The share of the foramen's lateral half (points every ``step`` mm within its ring, less one step, no nearer the
    midline than its centre) over which a ray straight down from 40 mm over the centre ``f`` to ``floor`` mm under it
    meets no bone."""
    sx, ring = np.sign(f[0]), special.ATLAS_FORAMEN_R
    seen = []
    for dx in np.arange(0.0, ring + 1e-6, step):
        for dy in np.arange(-ring, ring + 1e-6, step):
            if np.hypot(dx, dy) <= ring - step:
                p = (f[0] + sx * dx, f[1] + dy)
                seen.append(not len(_hits(mesh, (p[0], p[1], f[2] + 40.0), (p[0], p[1], f[2] - floor))))
    return float(np.mean(seen))


@pytest.mark.parametrize("side", SIDES)
def test_atlas_foramen_shows_from_above(spine, side):
    """Seen from above on a dry atlas the foramen transversarium shows as a hole in the transverse process lateral to
    the superior facet's cup (Gray 1918, "The Atlas", the figure from above). Straight down, >= OPEN_LATERAL_HALF (half)
    of the foramen's lateral half (special.ATLAS_FORAMEN_X/_R) meets no bone from above down through the transverse
    process (THROUGH_THE_PROCESS, 6 mm under the foramen's centre). Main (bd8de851): 0.06 (the lateral mass's head
    stood 10-13 mm over the foramen's centre out to 25.8-26.6 mm from the midline, past its centre at 25.06: a blind
    pit in the mass's side); now 0.60 (the superior facet 0.5 mm and the head 1.8 mm nearer the midline,
    special.SUP_FACET_X and LATERAL_MASS_HEAD_X, and the head's back-lateral corner over the foramen rounded off,
    special.ATLAS_RING_CLEAR). The lead's session-35 ruling asked for
    a clear disc of radius 1.5 mm there (atlas35's eaf21f7a): main 0.25, now 1.25 (see the session 36 report)."""
    mesh, f = spine.bones["C1"], np.array(spine.landmarks["C1"][f"transverse_foramen_{side}"])
    share = _open_share(mesh, f, THROUGH_THE_PROCESS)
    assert share >= OPEN_LATERAL_HALF, (side, round(share, 3))
