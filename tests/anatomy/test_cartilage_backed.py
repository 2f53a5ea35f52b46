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


# Still over the limit after session 21 (t10c): T10's layers of the T10/11 joint, trimmed to T11's reach but
# 0.8-1.3 mm past their bone at the rim (lower lateral and lower medial corners), where T10's face is shaved
# below the joint's quadric (the clearance to T11's bone). Held by the xfail test below.
STILL_OVER = ("T10/11 left upper (T10)", "T10/11 right upper (T10)")


@pytest.mark.parametrize("lod", ["default", "fine"])
def test_every_facet_cartilage_is_backed_by_its_own_bone(lod):
    """No facet cartilage, at any joint but T10's of T10/11, reaches more than MAX_OVERHANG_MM past the bone
    that carries it. On session 20's code the sacrum's layers of L5/S1 reached 1.6-1.8 mm past it."""
    worst = overhangs(lod)
    assert len(worst) == 96
    bad = {k: v for k, v in worst.items() if v > MAX_OVERHANG_MM and k not in STILL_OVER}
    assert not bad, bad


@pytest.mark.xfail(strict=True, reason="T10's T10/11 layers still reach 0.8-1.3 mm past its shaved rim")
@pytest.mark.parametrize("lod", ["default", "fine"])
def test_t10_inferior_cartilage_is_backed_by_its_bone(lod):
    """T10's layers of the T10/11 joint reach at most MAX_OVERHANG_MM past T10 (session 20: 2.0-2.1 mm)."""
    worst = overhangs(lod)
    assert max(worst[k] for k in STILL_OVER) <= MAX_OVERHANG_MM


def test_t10_inferior_cartilage_overhangs_less_than_before():
    """T10's T10/11 layers reach at most 1.5 mm past T10 (session 20: 2.0-2.1 mm, blue below the bone from
    behind); the remaining overhang is at the rim, hidden behind the process from behind."""
    worst = overhangs("default")
    assert max(worst[k] for k in STILL_OVER) <= 1.5


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
