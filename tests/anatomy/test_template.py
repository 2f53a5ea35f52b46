"""The lumbar template as data: shipped with its licence and citation, axes found from the shapes alone."""

from importlib import resources

import numpy as np
import pytest

from spineviz.anatomy.template import CITATION, TEMPLATE_FILE, _raw, local_parts, scanner_axes

DATA = resources.files("spineviz.anatomy").joinpath("data", "templates")


def test_template_ships_compact_with_licence_and_citation():
    npz = DATA.joinpath(TEMPLATE_FILE)
    assert npz.is_file()
    assert len(npz.read_bytes()) < 2_000_000, "keep the template compact"
    licence = DATA.joinpath("LICENSE-clouthier-lumbar").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Allison Clouthier" in licence
    notice = DATA.joinpath("NOTICE.md").read_text(encoding="utf-8")
    assert "J Biomech" in CITATION or "Journal of Biomechanics" in notice
    assert "2023;146:111421" in notice and "87" in notice


def test_four_closed_parts_as_published():
    parts = _raw()
    assert len(parts) == 4
    assert sum(len(p) for p, _ in parts) == 65_478
    assert sum(len(f) for _, f in parts) == 130_956
    for p, f in parts:
        assert p.dtype == float and f.min() == 0 and f.max() == len(p) - 1


def test_axes_found_from_the_shapes_match_the_published_description():
    # the data's README: z superior, x antero-posterior increasing anteriorly, y lateral
    order, axes = scanner_axes([p for p, _ in _raw()])
    right, anterior, superior = axes.T
    assert superior[2] > 0.99 and anterior[0] > 0.99 and abs(right[1]) > 0.99
    assert np.isclose(np.linalg.det(axes), 1.0), "a right-handed frame"
    zs = [_raw()[i][0][:, 2].mean() for i in order]
    assert zs == sorted(zs, reverse=True), "ordered L2 (top) to L5"


def test_axes_do_not_depend_on_the_scanner_orientation():
    rng = np.random.default_rng(7)
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    q *= np.sign(np.linalg.det(q))
    parts = [p for p, _ in _raw()]
    _, axes = scanner_axes(parts)
    _, turned = scanner_axes([p @ q.T for p in parts])
    assert np.allclose(turned, q @ axes, atol=1e-6)


@pytest.mark.parametrize("name", ["L2", "L3", "L4", "L5"])
def test_each_part_lands_in_the_local_frame(name):
    part = local_parts()[name]
    pts = part.points
    # body about the origin, arch behind it (y < 0), symmetric about x = 0, the spinous tip far behind
    assert abs(np.median(pts[:, 0])) < 1.5
    assert pts[:, 1].max() < 20 and pts[:, 1].min() < -55
    assert pts[:, 2].max() > 12 and pts[:, 2].min() < -12
    assert np.allclose(part.to_local[:3, :3] @ part.to_local[:3, :3].T, np.eye(3), atol=1e-9)


def _mirror_misfit(mesh) -> np.ndarray:
    """How far each vertex's mirror image (about x = 0) lies from the surface, mm (measured here, not by
    the module under test)."""
    image = np.asarray(mesh.points) * np.array([-1.0, 1.0, 1.0])
    _, closest = mesh.find_closest_cell(image, return_closest_point=True)
    return np.linalg.norm(closest - image, axis=1)


@pytest.mark.parametrize("name", ["L2", "L3", "L4", "L5"])
def test_each_part_is_bilaterally_symmetric_and_still_whole(name):
    # the published mean is 0.15-0.20 mm off its own mirror image on average (up to 1.1 mm), about planes
    # 0.4-0.8 deg off the frames the shapes give; the teaching model is symmetric about its local x = 0
    part = local_parts()[name]
    mesh = part.polydata()
    misfit = _mirror_misfit(mesh)
    assert misfit.mean() < 0.03 and misfit.max() < 0.3, (misfit.mean(), misfit.max())
    # triangles as published, closed, manifold, one piece, its size kept
    raw = dict(zip(["L2", "L3", "L4", "L5"], [_raw()[i] for i in scanner_axes([p for p, _ in _raw()])[0]],
                   strict=True))
    pts, faces = raw[name]
    assert np.array_equal(part.faces, faces)
    edges = mesh.extract_feature_edges(boundary_edges=True, non_manifold_edges=True, feature_edges=False,
                                       manifold_edges=False)
    assert edges.n_cells == 0
    assert mesh.connectivity("all").point_data["RegionId"].max() == 0
    published = part.polydata()
    published.points = pts
    assert abs(mesh.volume / published.volume - 1.0) < 0.01
    assert abs(mesh.area / published.area - 1.0) < 0.01
    # smooth: no sharper crease between neighbouring triangles than the published surface has
    assert _sharpest_crease(mesh) <= _sharpest_crease(published) + 1.0


def _sharpest_crease(mesh) -> float:
    """The 99th percentile of the angle between neighbouring triangles' normals, degrees."""
    normals = np.asarray(mesh.compute_normals(cell_normals=True, point_normals=False).cell_data["Normals"])
    faces = mesh.faces.reshape(-1, 4)[:, 1:]
    edges = np.sort(np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]]), axis=1)
    cell = np.tile(np.arange(len(faces)), 3)
    order = np.lexsort((edges[:, 1], edges[:, 0]))
    a, b = cell[order][0::2], cell[order][1::2]  # every manifold edge appears twice, its two triangles
    cos = np.clip(np.einsum("ij,ij->i", normals[a], normals[b]), -1.0, 1.0)
    return float(np.percentile(np.degrees(np.arccos(cos)), 99))


def test_parts_are_stacked_without_lateral_shift_bend_or_turn():
    # the mean L4 sat on L5 0.6 mm to the left, bent 0.3 deg and turned 0.4 deg
    parts = local_parts()
    for above, below in (("L2", "L3"), ("L3", "L4"), ("L4", "L5")):
        rel = parts[below].to_local @ np.linalg.inv(parts[above].to_local)
        assert abs(rel[0, 3]) < 0.01, (above, rel[0, 3])
        assert np.allclose(rel[0, :3], [1.0, 0.0, 0.0], atol=1e-6) and np.allclose(rel[:3, 0], [1.0, 0.0, 0.0],
                                                                                    atol=1e-6)
        # the sagittal placement is the measured one: L2-L5 about 35 mm apart, each tilted into lordosis
        assert 30.0 < rel[2, 3] < 40.0 and rel[2, 1] > 0.05


def test_mirror_plane_recovers_a_known_plane():
    from spineviz.anatomy.template import mirror_plane, symmetrize

    mesh = symmetrize(local_parts()["L4"].polydata())
    turned = mesh.rotate_z(3.0, inplace=False).translate((1.5, 0.0, 0.0), inplace=False)
    normal, offset = mirror_plane(turned)
    expected = np.array([np.cos(np.radians(3.0)), np.sin(np.radians(3.0)), 0.0])
    assert np.degrees(np.arccos(min(1.0, normal @ expected))) < 0.1
    assert abs(offset - 1.5 * expected[0]) < 0.05
