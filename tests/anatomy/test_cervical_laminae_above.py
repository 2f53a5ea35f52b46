"""C3-C7's laminae seen from above: flat plates sloping down and back, not two thin rods (issue 10, session 28).

A dry cervical lamina is a narrow plate that runs from the articular pillar back and medially to the spine's root
and slopes down and back (Gray 1918, "The Cervical Vertebrae": laminae narrow, long, thinner above than below).
Seen from above, its upper border shows as a band with the plate's posterior surface sloping away behind it, and
the band broadens toward the spine's root, where the two laminae meet. Session 27's C7 showed two thin rods in a V.

Measured on the shipped meshes (default lod), in each vertebra's local frame: the lamina's section in the vertical
plane square to it (as test_cervical_shapes._lamina_piece), its horizontal extent being the band the eye sees from
above. Positions along the lamina: 0 at its mid-length landmark, +1 at the spinous base (the spine's root), -1 the
same distance the other way (toward the pillar).
"""

import numpy as np
import pytest

from spineviz.anatomy.spine import load_spine
from tests.anatomy.test_cervical_shapes import SIDES, TYPICAL, _lamina_axes, _piece_in_plane

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# The band seen from above at mid-length, at least (mm): a modelling floor [M]. With the cited thickness (Xu et al.
# 1999, Spine 24:107: 1.9 mm at C5; 2.9 mm in the Korean dry spines) and height (10.4 mm least, at C4, Xu et al.
# 1999) a plate sloping down and back about 40 degrees shows 8-10 mm from above. Main in session 27: C3 8.4,
# C4 8.0, C5 8.2, C6 8.4, C7 6.8 mm (a thin rod); session 28: C7 8.6.
BAND_MIN = 7.8
# How much wider (mm) the band is halfway from the mid-length to the spine's root than at mid-length, at least: the
# plate broadens into the spine's root [M]. Main in session 27: C3-C6 3.0-3.4, C7 1.2 mm; session 28: C7 1.8-2.0.
FLARE_MIN = 1.5
# Toward the pillar (a quarter of the way) the band keeps at least this share of its mid-length width: no neck where
# the lamina leaves the pillar [M]. A guard, which main passed (C3-C6 0.88-0.90, C7 1.00; session 28: C7 0.95-0.98).
NECK_MIN = 0.85
STEP = 0.2


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def _band_from_above(spine, name: str, side: str, t: float) -> float:
    """The horizontal extent (mm) of the lamina's section square to it at ``t`` along it: its band from above."""
    mid, across = _lamina_axes(spine, name, side)
    base = np.array(spine.landmarks[name]["spinous_base"])
    centre = mid + t * (base - mid) * (1.0, 1.0, 0.0)
    q = _piece_in_plane(spine.bones[name], centre, across, np.array([0.0, 0.0, 1.0]), 10.0, STEP)
    assert len(q), (name, side, t, "no lamina")
    return float(np.ptp(q[:, 0]))


@pytest.mark.parametrize("name", TYPICAL)
def test_laminae_are_plates_broadening_to_the_spine_from_above(spine, name):
    """From above, each lamina of C3-C7 is a band at least BAND_MIN mm wide at mid-length, FLARE_MIN mm wider
    halfway on to the spine's root (the plate broadens into it) and at least NECK_MIN of its mid-length width a
    quarter of the way toward the pillar. Session 27's C7 (issue 10, "thin rods from above"): 6.8 mm at
    mid-length, 1.2 mm wider toward the root."""
    for side in SIDES:
        near, mid, root = (_band_from_above(spine, name, side, t) for t in (-0.25, 0.0, 0.5))
        figures = (name, side, round(near, 1), round(mid, 1), round(root, 1))
        assert mid >= BAND_MIN, figures
        assert root - mid >= FLARE_MIN, figures
        assert near >= NECK_MIN * mid, figures
