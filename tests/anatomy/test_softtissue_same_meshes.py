"""The discs and cartilage layers are the same meshes as before their lofting was made faster (issue 13).

Session 10 built their triangles with NumPy and called VTK's normals filter directly instead of through
PyVista; the meshes must not change by a bit. The reference here is the lofting as it was: triangles
listed one by one in Python and normals from PyVista's ``compute_normals``. Every disc and layer of the
shipped spine is made both ways and compared array by array (points, triangles, normals and which arrays
there are).
"""

import numpy as np
import pytest
import pyvista as pv

from spineviz.anatomy import softtissue
from spineviz.anatomy.levels import SEGMENTS
from spineviz.anatomy.spine import model

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _reference_loft(rings):
    n = len(rings[0])
    pts = np.vstack([*rings, rings[0].mean(axis=0), rings[-1].mean(axis=0)])
    faces = []
    for r in range(len(rings) - 1):
        a, b = r * n, (r + 1) * n
        for i in range(n):
            j = (i + 1) % n
            faces += [3, a + i, a + j, b + j, 3, a + i, b + j, b + i]
    c0, c1 = len(pts) - 2, len(pts) - 1
    last = (len(rings) - 1) * n
    for i in range(n):
        j = (i + 1) % n
        faces += [3, c0, j, i, 3, c1, last + i, last + j]
    return pv.PolyData(pts, np.array(faces)).compute_normals(auto_orient_normals=True, cell_normals=False)


def _reference_shell(bottom, top, rings, spokes):
    n = len(top)

    def grid_faces(offset, flip):
        out = []
        for i in range(spokes):
            j = (i + 1) % spokes
            tri = [offset, offset + 1 + i, offset + 1 + j]
            out += [3, *(tri[::-1] if flip else tri)]
        for r in range(rings - 1):
            a, b = offset + 1 + r * spokes, offset + 1 + (r + 1) * spokes
            for i in range(spokes):
                j = (i + 1) % spokes
                for tri in ([a + i, b + i, b + j], [a + i, b + j, a + j]):
                    out += [3, *(tri[::-1] if flip else tri)]
        return out

    faces = grid_faces(0, False) + grid_faces(n, True)
    a, b = 1 + (rings - 1) * spokes, n + 1 + (rings - 1) * spokes
    for i in range(spokes):
        j = (i + 1) % spokes
        faces += [3, a + i, b + j, b + i, 3, a + i, a + j, b + j]
    mesh = pv.PolyData(np.vstack([top, bottom]), np.array(faces))
    return mesh.compute_normals(auto_orient_normals=True, cell_normals=False)


def _all_parts():
    m = model()
    out = {}
    for seg in SEGMENTS:
        if seg.upper.name != "C1":
            out[seg.name] = softtissue.disc(m.dims[seg.upper.name], m.dims[seg.lower.name],
                                            m.frames[seg.upper.index], m.frames[seg.lower.index])
    for j in m.present_joints:
        out[(j.name, "upper")] = softtissue.cartilage(j, "upper", m.frames[j.upper_index])
        out[(j.name, "lower")] = softtissue.cartilage(j, "lower", m.frames[j.lower_index])
    return out


def _same(a: pv.PolyData, b: pv.PolyData) -> bool:
    return (np.array_equal(a.points, b.points) and a.points.dtype == b.points.dtype
            and np.array_equal(a.faces, b.faces)
            and list(a.point_data.keys()) == list(b.point_data.keys())
            and list(a.cell_data.keys()) == list(b.cell_data.keys())
            and all(np.array_equal(a.point_data[k], b.point_data[k]) for k in a.point_data.keys())
            and a.point_data.active_normals_name == b.point_data.active_normals_name == "Normals")


def test_every_disc_and_layer_is_the_mesh_the_old_lofting_made(monkeypatch):
    fast = _all_parts()
    monkeypatch.setattr(softtissue, "_closed_loft", _reference_loft)
    monkeypatch.setattr(softtissue, "_polar_shell", _reference_shell)
    slow = _all_parts()
    assert len(fast) == len(slow) == 23 + 96
    different = [key for key in fast if not _same(fast[key], slow[key])]
    assert not different


def test_the_comparison_sees_a_one_triangle_change():
    """The check above can fail: one triangle turned the other way is a different mesh."""
    part = _all_parts()["L4/5"]
    faces = part.faces.copy()
    faces[[2, 3]] = faces[[3, 2]]
    turned = part.copy()
    turned.faces = faces
    assert not _same(part, turned)
    assert _same(part, part.copy())
