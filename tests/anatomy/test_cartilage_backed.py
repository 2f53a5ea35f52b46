"""Every facet cartilage layer lies on its own bone: it never hangs past the bone that carries it (issue 10).

Articular cartilage covers bone; a layer reaching past its bone's edge reads at once as a sticker peeling
off. Session 20's T10 sheet showed the blue of the curved T10/T11 joint below T10's inferior processes,
behind and from the left. Measured here on the drawn meshes at every facet joint (flat and curved), both
layers of each, at both levels of detail: from each point of a layer a line along the joint's local normal,
1 mm above the point to 2 mm below it, must meet the layer's own bone; where it does not, the point is moved
toward the layer's middle (in the plane square to that normal) until its line does, and that distance is how
far the cartilage overhangs its bone there.
"""

from functools import cache

import numpy as np
import pytest
import vtk

from spineviz.anatomy.spine import load_spine

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# How far (mm) a layer may reach past its bone: about a render pixel at the review sheets' scale, and the
# flat layers' own limit (tests/anatomy/test_softtissue.py).
MAX_OVERHANG_MM = 0.5
STEP_MM, GIVE_UP_MM = 0.1, 8.0


@cache
def _spine(lod: str):
    return load_spine(lod=lod)


def _tree(mesh) -> vtk.vtkOBBTree:
    tree = vtk.vtkOBBTree()
    tree.SetDataSet(mesh)
    tree.BuildLocator()
    return tree


def _meets(tree: vtk.vtkOBBTree, a: np.ndarray, b: np.ndarray) -> bool:
    pts = vtk.vtkPoints()
    tree.IntersectWithLine([float(x) for x in a], [float(x) for x in b], pts, None)
    return pts.GetNumberOfPoints() > 0


def _layer_normals(joint, which: str, frame: np.ndarray, points: np.ndarray) -> np.ndarray:
    """The outward normal of ``which`` bone's facet at each layer point, in that bone's frame: on a curved joint
    the normal of the nearest surface sample, on a flat one the facet's one normal."""
    inv = np.linalg.inv(frame)
    if joint.curved:
        surf = joint.lower_surface if which == "lower" else joint.upper_surface
        nrm = joint.lower_normals if which == "lower" else joint.upper_normals
        surf, nrm = surf @ inv[:3, :3].T + inv[:3, 3], nrm @ inv[:3, :3].T
        nearest = np.argmin(((points[:, None, :] - surf[None]) ** 2).sum(axis=2), axis=1)
        return nrm[nearest]
    _c, n = joint.bone_facet(which)
    return np.tile(inv[:3, :3] @ n, (len(points), 1))


def overhang(tree: vtk.vtkOBBTree, layer, normals: np.ndarray) -> float:
    """How far (mm) the layer reaches past its bone, at worst (0 where every point is backed by bone)."""
    pts = np.asarray(layer.points)
    middle = pts.mean(axis=0)
    worst = 0.0
    for p, n in zip(pts, normals, strict=True):
        inward = (middle - p) - ((middle - p) @ n) * n
        length = np.linalg.norm(inward)
        inward = inward / length if length > 1e-9 else inward
        step = 0.0
        while step < GIVE_UP_MM and not _meets(tree, p + step * inward + n, p + step * inward - 2.0 * n):
            step += STEP_MM
        worst = max(worst, step)
    return worst


@cache
def overhangs(lod: str) -> dict[str, float]:
    """The worst overhang of every layer (joint name and bone's side, "upper" or "lower") at ``lod``."""
    spine = _spine(lod)
    m = spine.model
    trees = {name: _tree(mesh) for name, mesh in spine.bones.items()}
    out = {}
    for j in m.present_joints:
        for which, index in (("upper", j.upper_index), ("lower", j.lower_index)):
            bone = j.id.segment.upper.name if which == "upper" else j.id.segment.lower.name
            layer = spine.cartilage[(j.name, which)]
            normals = _layer_normals(j, which, m.frames[index], np.asarray(layer.points))
            out[f"{j.name} {which} ({bone})"] = round(overhang(trees[bone], layer, normals), 2)
    return out


@pytest.mark.parametrize("lod", ["default", "fine"])
def test_every_facet_cartilage_is_backed_by_its_own_bone(lod):
    """No facet cartilage, at any joint, reaches more than MAX_OVERHANG_MM past the bone that carries it. On
    session 20's code T10's layers of T10/11 reached 2.0-2.1 mm past T10 (blue below its inferior processes
    from behind) and the sacrum's of L5/S1 1.6-1.8 mm past the sacrum."""
    worst = overhangs(lod)
    assert len(worst) == 96
    bad = {k: v for k, v in worst.items() if v > MAX_OVERHANG_MM}
    assert not bad, bad


def test_the_overhang_sees_a_layer_moved_off_its_bone():
    """The measure can fail: T6's layer of the T5/6 joint slid a facet's width sideways overhangs its bone."""
    spine = _spine("default")
    j = next(j for j in spine.model.joints if j.name == "T5/6 right")
    layer = spine.cartilage[(j.name, "lower")].copy()
    normals = _layer_normals(j, "lower", spine.model.frames[j.lower_index], np.asarray(layer.points))
    inv = np.linalg.inv(spine.model.frames[j.lower_index])
    layer.points = np.asarray(layer.points) + 2.0 * j.half_width * (inv[:3, :3] @ j.u)
    tree = _tree(spine.bones["T6"])
    assert overhang(tree, spine.cartilage[(j.name, "lower")], normals) <= MAX_OVERHANG_MM
    assert overhang(tree, layer, normals) > 1.5


if __name__ == "__main__":
    import sys

    for lod in sys.argv[1:] or ["default"]:
        for key, value in overhangs(lod).items():
            print(lod, key, value)
