"""S1's superior articular processes measured on the shipped meshes: stout, broad-based, no neck.

Issue 10 (session 22, sacr22). Each superior articular process of the sacrum is short and stout, its base merging
into the ala, the back of the pedicle region and the lateral sacral crest; seen from the side it is a thick wedge,
at least as deep front to back at its base as at its facet, and from behind it does not narrow under the facet
(Gray 1918, "The Sacrum"; the figures below are modelling values [M]). Until session 22 the facet's round plate
stood on a narrower column: from the left the process's back outline fell forward 4-5 mm under the facet and rose
again at the lamina (a ball on a stalk), and from behind its lateral outline fell in about 2 mm under the plate (a
lollipop). Frame: the sacrum's local frame (origin at the S1 endplate centre, x right, y anterior, z up).
"""

import numpy as np
import pytest
import pyvista as pv

from spineviz.anatomy.spine import load_spine

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# heights measured: from the facet's centre down PROCESS_BELOW mm (the process's base, above the lamina's shelf
# that the process stands on behind) [M]
PROCESS_BELOW = 11.0
STEP = 0.5
# how far (mm) the back outline from the left may fall forward of its place at the facet's centre, and the lateral
# outline from behind fall in, anywhere down to the base; how much the depth from the left may lose [M]
BACK_RECEDE_MAX = 1.0
LATERAL_RECEDE_MAX = 0.5
DEPTH_LOSS_MAX = 0.5


@pytest.fixture(scope="module")
def spine():
    return load_spine()


@pytest.fixture(scope="module")
def meshes(spine):
    return {"default": spine.bones["S1"], "fine": load_spine(lod="fine").bones["S1"]}


def _occupancy(mesh, sign: float, zs: np.ndarray):
    """Inside-bone samples over the process's side of the bone (mirrored so lateral is -x): x, y, z axes and the
    boolean grid. Only bone lateral to 20 mm from the midline counts (the body and the canal's roof are medial)."""
    xs = np.arange(-46.0, -19.99, STEP)
    ys = np.arange(-46.0, 0.01, STEP)
    grid = np.stack(np.meshgrid(xs, ys, zs, indexing="ij"), axis=-1).reshape(-1, 3)
    pts = grid * (sign, 1.0, 1.0)
    d = pv.PolyData(pts).compute_implicit_distance(mesh)["implicit_distance"]
    return xs, ys, (np.asarray(d) < 0.0).reshape(len(xs), len(ys), len(zs))


def _outlines(spine, mesh, side: str) -> dict[str, np.ndarray]:
    """From the facet's centre down to the base, every STEP mm: the process's back outline (y) and its depth
    front to back as seen from the left (the run of bone through the facet's y in the side view), and its
    lateral outline (x, mirrored to the left) as seen from behind."""
    sign = -1.0 if side == "left" else 1.0
    centre = np.asarray(spine.landmarks["S1"][f"superior_facet_{side}"], float)
    zs = np.arange(centre[2], centre[2] - PROCESS_BELOW - 1e-6, -STEP)
    xs, ys, inside = _occupancy(mesh, sign, zs)
    side_view = inside.any(axis=0)  # (y, z)
    back_view = inside.any(axis=1)  # (x, z)
    j = int(np.argmin(np.abs(ys - centre[1])))
    back, depth, lateral = [], [], []
    for k in range(len(zs)):
        col = side_view[:, k]
        assert col[j], f"no bone at the facet's y {centre[1]:.1f} mm, z {zs[k]:.1f} mm"
        a = j
        while a > 0 and col[a - 1]:
            a -= 1
        b = j
        while b < len(ys) - 1 and col[b + 1]:
            b += 1
        back.append(ys[a])
        depth.append(ys[b] - ys[a])
        lateral.append(xs[np.argmax(back_view[:, k])])
    return {"z": zs, "back": np.array(back), "depth": np.array(depth), "lateral": np.array(lateral)}


@pytest.mark.parametrize("lod", ["default", "fine"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_s1_superior_articular_process_has_no_neck_from_the_side(spine, meshes, side, lod):
    """From the left the process is a wedge standing on the ala, not a knob on a stalk: down from its facet's
    centre to its base its back outline does not fall forward and it keeps at least the depth it has there."""
    o = _outlines(spine, meshes[lod], side)
    recede = o["back"] - o["back"][0]
    assert recede.max() <= BACK_RECEDE_MAX, (
        f"the back outline falls {recede.max():.1f} mm forward {o['z'][0] - o['z'][np.argmax(recede)]:.1f} mm "
        f"under the facet's centre")
    loss = o["depth"][0] - o["depth"]
    assert loss.max() <= DEPTH_LOSS_MAX, (
        f"{o['depth'].min():.1f} mm deep {o['z'][0] - o['z'][np.argmin(o['depth'])]:.1f} mm under the facet's "
        f"centre, {o['depth'][0]:.1f} mm at it")


@pytest.mark.parametrize("lod", ["default", "fine"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_s1_superior_articular_process_is_broad_based_from_behind(spine, meshes, side, lod):
    """From behind the process does not narrow under its facet's plate: its lateral outline runs down and out
    into the back of the ala, never in."""
    o = _outlines(spine, meshes[lod], side)
    recede = o["lateral"] - o["lateral"][0]
    assert recede.max() <= LATERAL_RECEDE_MAX, (
        f"the lateral outline falls in {recede.max():.1f} mm {o['z'][0] - o['z'][np.argmax(recede)]:.1f} mm under "
        f"the facet's centre")
