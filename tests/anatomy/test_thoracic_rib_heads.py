"""T2-T9: the costal demifacets for the rib heads at the back of the body, by the pedicle's root.

Gray 1918 ("The Thoracic Vertebrae") puts the upper demifacet at the upper border of the body just in front of the
pedicle's root and the lower one at the lower border in front of the inferior vertebral notch, so that the rib head
sits over the disc, just in front of the intervertebral foramen, on the lower facet of one body and the upper facet
of the next. Until session 24 (thor24d) the upper one lay 7-9 mm in front of the back wall and 2-3 mm out of line
with the lower facet of the body above. Both are measured on the shipped meshes.
"""

import numpy as np
import pytest

from spineviz.anatomy.levels import parse_level
from spineviz.anatomy.spine import load_spine

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

LEVELS = [f"T{n}" for n in range(2, 10)]
SIDES = ("right", "left")
# How far in front of the back wall a demifacet's centre may lie (mm): its half length is 3.8 mm, so its back edge
# then reaches to within about 2 mm of the pedicle's root. A modelling bound [M] on Gray's "just in front of".
MAX_IN_FRONT = 6.0
# How far out of line (front to back, in the lower body's frame) the two facets of one rib head's joint may lie
# (mm): about a quarter of the facet's 7.6 mm length. A modelling bound [M].
MAX_OUT_OF_LINE = 1.0


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def _back_wall(spine, name: str, z: float) -> float:
    """The body's back wall at height ``z`` by the pedicle's root: rays forward from the canal, 1.5 mm inside the
    pedicles' medial walls (canal width / 2), the first bone they meet (mean of both sides)."""
    d = spine.model.dims[name]
    cy = spine.landmarks[name]["canal_centre"][1]
    ys = []
    for x in (d.cw / 2 - 1.5, -(d.cw / 2 - 1.5)):
        pts, _ = spine.bones[name].ray_trace((x, cy, z), (x, cy + 30.0, z))
        assert len(pts), f"{name}: no back wall at x {x:.1f}, z {z:.1f}"
        ys.append(float(np.asarray(pts)[:, 1].min()))
    return float(np.mean(ys))


@pytest.mark.parametrize("name", LEVELS)
def test_demifacets_lie_at_the_back_of_the_body(spine, name):
    """Each demifacet's centre lies within MAX_IN_FRONT mm in front of the body's back wall at its height."""
    lm = spine.landmarks[name]
    for side in SIDES:
        for k, which in enumerate(("upper", "lower")):
            p = np.array(lm[f"costal_demifacet_{side}_{k}"])
            gap = p[1] - _back_wall(spine, name, p[2])
            assert 0.0 < gap <= MAX_IN_FRONT, f"{name} {side} {which}: {gap:.1f} mm in front of the back wall"


@pytest.mark.parametrize("name", LEVELS)
def test_lower_demifacet_in_line_with_next_upper(spine, name):
    """T(n)'s lower demifacet and T(n+1)'s upper one (the same rib head, over the disc) lie in line front to back
    and side to side in the neutral spine: within MAX_OUT_OF_LINE mm front to back, 2 mm across."""
    below = f"T{parse_level(name).number + 1}"
    up, low = spine.frames[parse_level(name).index], spine.frames[parse_level(below).index]
    for side in SIDES:
        p = np.append(spine.landmarks[name][f"costal_demifacet_{side}_1"], 1.0)
        p = (np.linalg.inv(low) @ up @ p)[:3]  # in the lower body's frame
        q = np.array(spine.landmarks[below][f"costal_demifacet_{side}_0"])
        assert abs(p[1] - q[1]) <= MAX_OUT_OF_LINE, f"{name}/{below} {side}: {p[1] - q[1]:+.1f} mm front to back"
        assert abs(p[0] - q[0]) <= 2.0, f"{name}/{below} {side}: {p[0] - q[0]:+.1f} mm across"
