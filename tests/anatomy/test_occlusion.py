"""Session 36 (bake36): each bone's share of the sky, baked at mesh build (:mod:`spineviz.anatomy.occlusion`).

Measured on the shipped meshes: every bone of both sets carries it, in [0, 1]; it is low on the walls of the
vertebral canal and high on the tips of the processes; baking the same mesh twice gives the same bytes, and baking a
shipped mesh again gives what it carries (the build's points were double precision, the shipped ones single: a
vertex on the edge of a shadow may flip in one direction, so a few values differ slightly).
"""

import numpy as np
import pytest
import pyvista as pv

from spineviz.anatomy import occlusion
from spineviz.anatomy.meshset import default_mesh_dir, entries, read_manifest


@pytest.fixture(scope="module")
def meshes():
    directory = default_mesh_dir()
    manifest = read_manifest(directory)
    out = {}
    for lod in ("default", "fine"):
        for e in entries(manifest, lod, directory):
            out[(lod, e.level)] = pv.read(directory / e.file)
    return out, manifest["landmarks"]


def _near(mesh, point, mm: float) -> np.ndarray:
    share = np.asarray(mesh.point_data[occlusion.ARRAY])
    return share[np.linalg.norm(np.asarray(mesh.points) - np.asarray(point), axis=1) <= mm]


def test_every_bone_carries_its_share_of_the_sky_in_0_1(meshes):
    found, _ = meshes
    assert len(found) == 50
    for (lod, level), mesh in found.items():
        assert occlusion.ARRAY in mesh.point_data, f"{lod}/{level}: no occlusion baked"
        share = np.asarray(mesh.point_data[occlusion.ARRAY])
        assert share.shape == (mesh.n_points,) and np.isfinite(share).all(), f"{lod}/{level}"
        assert share.min() >= 0.0 and share.max() <= 1.0, f"{lod}/{level}: {share.min()}..{share.max()}"
        # a bone is mostly open to the sky, and has hollows
        assert 0.6 < float(np.median(share)) < 0.97 and share.min() < 0.3, f"{lod}/{level}: {np.median(share)}"


@pytest.mark.parametrize("level", ["C5", "T6", "L4"])
def test_low_on_the_canal_wall_high_on_the_spinous_tip(meshes, level):
    """The walls within 10 mm of the canal's centre see little sky (through the canal's two ends); the spinous tip
    within 6 mm nearly all (C5's landmark lies between its bifid tips; measured, session 36: canal median
    0.27-0.62, tip 0.95-1.0)."""
    found, landmarks = meshes
    for lod in ("default", "fine"):
        mesh = found[(lod, level)]
        canal = _near(mesh, landmarks[level]["canal_centre"], 10.0)
        tip = _near(mesh, landmarks[level]["spinous_tip"], 6.0)
        assert len(canal) > 20 and len(tip) > 5
        assert np.median(canal) < 0.7, f"{lod}/{level}: canal wall {np.median(canal):.3f}"
        assert np.median(tip) > 0.85, f"{lod}/{level}: spinous tip {np.median(tip):.3f}"
        assert np.median(tip) - np.median(canal) > 0.3


def test_s1_canal_and_hiatus_darker_than_its_crest(meshes):
    found, landmarks = meshes
    mesh, marks = found[("default", "S1")], landmarks["S1"]
    crest = np.median(_near(mesh, marks["median_crest"], 4.0))
    assert np.median(_near(mesh, marks["canal_centre"], 10.0)) < crest - 0.25
    assert np.median(_near(mesh, marks["sacral_hiatus"], 8.0)) < crest - 0.2


def test_deterministic_and_the_shipped_values_are_the_methods(meshes):
    found, _ = meshes
    mesh = found[("default", "C5")]
    once, again = occlusion.bake(mesh), occlusion.bake(mesh)
    assert once.tobytes() == again.tobytes()
    shipped = np.asarray(mesh.point_data[occlusion.ARRAY])
    diff = np.abs(once - shipped)
    assert np.percentile(diff, 99) < 0.05 and diff.mean() < 0.01, (np.percentile(diff, 99), diff.mean())


def test_a_flat_open_face_sees_all_the_sky():
    """A box's faces see the whole hemisphere above them (the slope allowance: no self-shadowing of a plane)."""
    box = pv.Box(bounds=(0, 40, 0, 30, 0, 20), level=20).triangulate().compute_normals(cell_normals=False,
                                                                                          split_vertices=True)
    share = occlusion.bake(box)
    pts, hi = np.asarray(box.points), np.array([40.0, 30.0, 20.0])
    on_face = np.isclose(pts, 0.0) | np.isclose(pts, hi)  # (n, 3): on the face across that axis
    inner = (pts > 2.0) & (pts < hi - 2.0)  # away from that axis's faces
    # on one face and at least 2 mm from the edges (an edge's normal leans over it)
    middle = (on_face.sum(axis=1) == 1) & ((on_face | inner).all(axis=1))
    assert middle.sum() > 100
    assert share[middle].min() > 0.97, share[middle].min()
