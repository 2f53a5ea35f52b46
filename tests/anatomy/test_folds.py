"""No folded triangles on any bone (issue 10): the shipped meshes, and the repair that removes them.

A folded triangle faces against the mean of its corners' vertex normals: a pleat left by quadric decimation,
drawn as a dark speck under smooth shading, and it turns inside/outside tests near it over. Before the repair
in the build, the shipped meshes held 38 (default) and 20 (fine) of them, 1-5 on most levels.
"""

import numpy as np
import pytest
import pyvista as pv

from spineviz.anatomy.levels import LEVELS
from spineviz.anatomy.mesh_repair import fix_folds, fold_agreement, folded_cells
from spineviz.anatomy.spine import load_spine
from spineviz.anatomy.vertebra import check_topology

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _facing(mesh: pv.PolyData) -> np.ndarray:
    """Per triangle, its normal dotted with the mean of its corners' normals, as VTK shades them; computed here
    rather than with the module under test, so a slip in the module cannot hide a fold."""
    m = mesh.compute_normals(cell_normals=True, point_normals=True, split_vertices=False,
                             consistent_normals=False, auto_orient_normals=False)
    faces = m.faces.reshape(-1, 4)[:, 1:]
    corners = np.asarray(m.point_data["Normals"])[faces].mean(axis=1)
    return np.einsum("ij,ij->i", np.asarray(m.cell_data["Normals"]), corners)


@pytest.fixture(scope="module", params=["default", "fine"])
def spine(request):
    return load_spine(lod=request.param)


def test_no_bone_has_a_folded_triangle(spine):
    """Every level of the set (both sets, through the fixture): no triangle faces against its corners."""
    found = {}
    for lv in LEVELS:
        mesh = spine.bones[lv.name]
        facing = _facing(mesh)
        if (facing <= 0.0).any():
            found[lv.name] = np.round(mesh.cell_centers().points[facing <= 0.0], 1).tolist()
    assert not found, (spine.lod, found)


def _sphere() -> pv.PolyData:
    return pv.Sphere(radius=10.0, theta_resolution=24, phi_resolution=24).triangulate().clean()


def _with_fold(mesh: pv.PolyData) -> pv.PolyData:
    """``mesh`` with one point pushed across a neighbour, so the triangles round it turn over."""
    out = mesh.copy()
    faces = out.faces.reshape(-1, 4)[:, 1:]
    v = int(faces[100, 0])
    u = int(faces[100, 1])
    out.points[v] = out.points[v] + 1.6 * (out.points[u] - out.points[v])
    return out


def test_folded_cells_finds_a_pushed_point_and_nothing_on_a_sphere():
    sphere = _sphere()
    assert len(folded_cells(sphere)) == 0
    assert fold_agreement(sphere).min() > 0.9
    folded = _with_fold(sphere)
    assert len(folded_cells(folded)) >= 1
    assert (_facing(folded) <= 0.0).sum() == len(folded_cells(folded))


def test_fix_folds_removes_the_fold_and_keeps_a_closed_manifold_piece():
    folded = _with_fold(_sphere())
    fixed = fix_folds(folded)
    assert (_facing(fixed) > 0.0).all()
    check_topology(fixed, "sphere")
    assert folded.n_cells - 6 <= fixed.n_cells <= folded.n_cells  # a few collapses at most, budget kept
    # the repair is local: points away from the fold stay where they were
    far = np.linalg.norm(folded.points - folded.points[np.argmax(np.linalg.norm(
        folded.points - _sphere().points, axis=1))], axis=1) > 5.0
    kept = {tuple(p) for p in np.round(fixed.points, 5)}
    assert all(tuple(p) in kept for p in np.round(folded.points[far], 5))


def test_fix_folds_is_deterministic_and_leaves_a_clean_mesh_alone():
    folded = _with_fold(_sphere())
    a, b = fix_folds(folded), fix_folds(folded)
    assert np.array_equal(a.points, b.points) and np.array_equal(a.faces, b.faces)
    sphere = _sphere()
    same = fix_folds(sphere)
    assert np.array_equal(same.points, sphere.points) and np.array_equal(same.faces, sphere.faces)
