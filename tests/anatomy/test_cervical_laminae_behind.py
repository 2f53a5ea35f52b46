"""C3-C6's laminae seen from behind: a V falling to the spine, not one flat straight bar (issue 10, session 23).

On a dry C3-C6 each lamina runs back and medially from the articular pillar and slopes down and back to the
spine's root (Gray 1918, "The Cervical Vertebrae"; Standring 2016), so seen from behind its lower border falls
from beside the inferior articular process toward the spine, and a notch opens under the lamina's lateral end.
Session 22's meshes showed the two laminae as one bar whose lower border was level from pillar to spine.
"""

import numpy as np
import pytest

from spineviz.anatomy.spine import load_spine

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SIDES = (("right", 1.0), ("left", -1.0))
# where the lower border is read, as fractions of the pillar's distance from the midline (its back's landmark):
# near the spine (clear of the bifid tubercles) and under the lamina's lateral end, medial to the inferior
# articular process (modelling values [M])
NEAR_SPINE, NEAR_PILLAR = 0.35, 0.6
# the border must rise at least this much (mm) from the first to the second: a modelling value [M], no measured
# figure for the slope of the laminae's lower border seen from behind found (session 22's meshes: -0.1 to 0.2)
MIN_RISE = 1.2


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def _lower_border(mesh, x: float, y_cut: float, z_lo: float = -16.0, z_hi: float = 10.0, step: float = 0.1) -> float:
    """Seen from behind (rays along +y), the lowest height at ``x`` where the first bone lies behind ``y_cut``:
    the lower border of the posterior arch there (the body, seen through the canal below it, lies in front)."""
    for z in np.arange(z_lo, z_hi, step):
        pts, _ = mesh.ray_trace((x, -80.0, z), (x, 20.0, z))
        if len(pts) and float(np.asarray(pts)[:, 1].min()) < y_cut:
            return float(z)
    raise AssertionError(f"no posterior arch at x = {x:.1f} mm")


def _border_rise(spine, name: str, side: str, sx: float) -> float:
    mesh, lm = spine.bones[name], spine.landmarks[name]
    y_cut = float(lm["canal_centre"][1]) - 1.0  # behind the canal's centre: the posterior arch
    px = abs(float(lm[f"pillar_back_{side}"][0]))
    near_spine = _lower_border(mesh, sx * NEAR_SPINE * px, y_cut)
    near_pillar = _lower_border(mesh, sx * NEAR_PILLAR * px, y_cut)
    return near_pillar - near_spine


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_laminae_lower_border_falls_toward_the_spine_from_behind(spine, name):
    """From behind, the posterior arch's lower border under the lamina's lateral end (0.6 of the way out to the
    pillar's back) stands at least MIN_RISE mm above its height near the spine (0.35 of the way): the laminae
    fall to the spine in a V, a notch opening beside each inferior articular process. Session 22: -0.1 to
    0.2 mm at C3-C6 (a level bar); session 23 (cervical.LAMINA_FOOT_RISE, LAMINA_ROOT_SINK): C3 1.7, C4 1.3,
    C5 1.8, C6 2.0 mm."""
    for side, sx in SIDES:
        rise = _border_rise(spine, name, side, sx)
        assert rise >= MIN_RISE, (name, side, round(rise, 2))
