"""C2's anterior-inferior lip from the left: a lip under the body's front, not a peg (issue 10, session 38, c2r38b).

The axis's body has its lower border prolonged downward in front, a lip over the front of the C2/3 disc (Gray 1918,
"The Epistropheus"). In the model (special.C2_LIP) the lip was a narrow ellipsoid: in the midline it hung 3.9 mm under
the body's underside and was only 2.7 mm front to back 1 mm above its lowest point, which from the left, under the
lateral mass, read as a small peg or hook (docs/c2-review-session38.md, fault 5).

Measured on the shipped mesh (default lod) in C2's frame, in the midline: the lip's lowest point under the
``anterior_inferior_lip`` landmark, and the bone's extent front to back 1 mm above it.
"""

import numpy as np
import pytest

from spineviz.anatomy.spine import load_spine

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# The least depth (mm) front to back the lip may have 1 mm above its lowest point [M]: c2r38 2.7 mm (a peg);
# session 38 (c2r38b) 5.0 mm.
LIP_DEPTH_MIN = 4.0


def _hits(mesh, a, b) -> np.ndarray:
    pts, _ = mesh.ray_trace(np.asarray(a, float), np.asarray(b, float))
    return np.asarray(pts).reshape(-1, 3)


def lip_depth(mesh, landmarks) -> float:
    """The lip's depth front to back (mm) in the midline 1 mm above its lowest point."""
    lip = np.array(landmarks["anterior_inferior_lip"])
    z = _hits(mesh, (0.0, lip[1], -30.0), (0.0, lip[1], 0.0))[:, 2].min() + 1.0
    h = _hits(mesh, (0.0, 20.0, z), (0.0, -10.0, z))[:, 1]
    return float(h.max() - h.min()) if len(h) > 1 else 0.0


def test_c2_anterior_inferior_lip_is_a_lip_not_a_peg_from_the_left():
    """In the midline, 1 mm above its lowest point, C2's anterior-inferior lip is at least LIP_DEPTH_MIN mm front to
    back (c2r38: 2.7 mm, a peg hanging under the body's front)."""
    spine = load_spine()
    depth = lip_depth(spine.bones["C2"], spine.landmarks["C2"])
    assert depth >= LIP_DEPTH_MIN, round(depth, 2)
