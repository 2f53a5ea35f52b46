"""C2 from below: the pedicle and pars are one broad bar running on into the underside of the lateral mass (issue 10).

On a dry axis seen from below (Gray 1918, "The Epistropheus or Axis") the bone between the body and each inferior
articular process is a broad bar continuous with the underside of the lateral mass; the pediculoisthmic component is
10.1 mm tall (Naderi 2004, 80 dry axes). Before session 35 the pedicle was a round rod 7 mm tall with a slit beside
it under the lateral mass, 6.2 mm deep seen from below.
"""

import numpy as np
import pytest

from spineviz.anatomy.pedicle import pedicle_axis
from spineviz.anatomy.spine import load_spine

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# The deepest recess the underside may show (mm) [M] along a line square to the pedicle, from 1 mm inside the
# pedicle's landmark to 9 mm out under the lateral mass, at 0-3 mm either side of it along the pedicle: how far a
# point of the underside seen from below lies above the lowest bone on both sides of it. What is left is the rise of the
# underside in front of the inferior facet, which the C2/3 facet's plane bounds (C3's superior process lies under it).
# Main before session 35: 6.2 mm (a slit between the rod and the lateral mass).
MAX_ISTHMUS_RECESS = 2.5


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def _underside(mesh, x: float, y: float) -> float:
    """The lowest bone over (x, y) seen from below (inf where a ray from below passes through)."""
    pts, _ = mesh.ray_trace((x, y, -40.0), (x, y, 40.0))
    return float(np.asarray(pts)[:, 2].min()) if len(pts) else float("inf")


def isthmus_recesses(mesh, d, lm: dict, side: str) -> list[float]:
    """At 0-3 mm either side of the pedicle's landmark along the pedicle: the deepest recess (mm) of the underside seen
    from below along a line square to the pedicle, from 1 mm medial of the landmark to 9 mm lateral of it."""
    sx = 1.0 if side == "right" else -1.0
    _mid, along = pedicle_axis(d, lm, side)
    across = np.cross((0.0, 0.0, 1.0), along)
    across *= sx * np.sign(across[0])  # pointing out, under the lateral mass
    p0 = np.asarray(lm[f"pedicle_{side}"], float)
    depths = []
    for f in (-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0):
        z = np.array([_underside(mesh, *(p0 + f * along + t * across)[:2]) for t in np.arange(-1.0, 9.01, 0.25)])
        depths.append(max(z[i] - max(z[:i].min(), z[i + 1:].min()) for i in range(1, len(z) - 1)))
    return depths


@pytest.mark.parametrize("side", ["right", "left"])
def test_c2_pedicle_runs_on_into_the_lateral_mass_from_below(spine, side):
    """Seen from below, no slit or hollow between the axis's pedicle and the underside of its lateral mass: along lines
    across the isthmus the underside nowhere lies more than MAX_ISTHMUS_RECESS mm above the bone on both sides of it."""
    d, lm = spine.model.dims["C2"], spine.landmarks["C2"]
    depths = isthmus_recesses(spine.bones["C2"], d, lm, side)
    assert max(depths) <= MAX_ISTHMUS_RECESS, (side, [round(v, 2) for v in depths])
