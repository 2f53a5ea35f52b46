"""The shipped mesh set: topology, measured dimensions against the table, facets, neighbours, budget."""

import json
import shutil
from itertools import pairwise

import numpy as np
import pytest

from spineviz.anatomy import measure, meshset
from spineviz.anatomy.levels import LEVELS
from spineviz.anatomy.spine import load_spine, model
from spineviz.anatomy.vertebra import check_topology, design_for

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def test_manifest_lists_every_level_with_checksum(spine):
    manifest = meshset.read_manifest(spine.mesh_dir)
    rows = manifest["lods"]["default"]
    assert [r["level"] for r in rows] == [lv.name for lv in LEVELS]
    for r in rows:
        assert r["sha256"] == meshset.sha256(spine.mesh_dir / r["file"])
        assert r["source"] and r["triangles"] > 1000


@pytest.mark.parametrize("name", [lv.name for lv in LEVELS])
def test_each_mesh_is_one_closed_manifold_piece(spine, name):
    check_topology(spine.bones[name], name)


def test_triangle_budget(spine):
    counts = [m.n_cells for m in spine.bones.values()]
    assert all(8000 <= c <= 15000 for c in counts), counts
    assert sum(counts) < 400_000


TYPICAL = [lv.name for lv in LEVELS if lv.name not in ("C1", "S1")]


@pytest.mark.parametrize("name", TYPICAL)
def test_body_dimensions_within_10_percent(spine, name):
    d = model().dims[name]
    got = measure.body_dimensions(spine.bones[name], d)
    for key, value in got.items():
        want = getattr(d, key)
        assert value == pytest.approx(want, rel=0.10), f"{name} {key}: measured {value:.1f}, table {want}"


@pytest.mark.parametrize("name", TYPICAL)
def test_spinous_and_transverse_within_10_percent(spine, name):
    d = model().dims[name]
    pts = np.asarray(spine.bones[name].points)
    base = np.array(spine.landmarks[name]["spinous_base"])
    assert measure.spinous_length(pts, d, base) == pytest.approx(d.spl, rel=0.10)
    assert measure.transverse_span(pts) == pytest.approx(d.tps, rel=0.10)


def test_atlas_and_sacrum_spans(spine):
    dims = model().dims
    for name in ("C1", "S1"):
        span = measure.transverse_span(np.asarray(spine.bones[name].points))
        assert span == pytest.approx(dims[name].tps, rel=0.10), name


def _facet_cases():
    """Procedural levels' flat facets, from their designs (the curved ones are tested below)."""
    m = model()
    for lv in LEVELS:
        if lv.region == "lumbar":
            continue
        design = design_for(lv, m.dims, m.frames, m.joints)
        for f in design.facets:
            if f.surface is not None:  # T12's inferior and S1's superior facets follow a template partner
                continue
            yield pytest.param(lv.name, f, design.shift, id=f"{lv.name}-{f.which}-{f.side}")


@pytest.mark.parametrize(("name", "facet", "shift"), list(_facet_cases()))
def test_facet_size_and_normal(spine, name, facet, shift):
    got = measure.facet_measure(spine.bones[name], facet.centre + shift, facet.normal, facet.u,
                                facet.half_width, facet.half_height)
    assert got["width"] == pytest.approx(2 * facet.half_width, rel=0.10), got
    assert got["height"] == pytest.approx(2 * facet.half_height, rel=0.10), got
    assert got["normal_error_deg"] < 5.0, got


def test_no_neighbours_intersect_in_neutral(spine):
    frames = spine.frames
    placed = {}
    for lv in LEVELS:
        mesh = spine.bones[lv.name].copy()
        placed[lv.name] = mesh.transform(frames[lv.index], inplace=False)
    names = [lv.name for lv in LEVELS]
    pairs = list(pairwise(names)) + list(zip(names[:-2], names[2:], strict=True))
    hits = {}
    for a, b in pairs:
        _, n = placed[a].collision(placed[b], contact_mode=0, generate_scalars=False)
        if n:
            hits[f"{a}-{b}"] = n
    assert not hits, hits


def test_facet_pairs_sit_a_small_parallel_gap_apart(spine):
    """Measured on the meshes: the two bony facet faces of every flat joint, in the spine frame."""
    m = spine.model
    for j in m.joints:
        if j.curved:
            continue  # see test_curved_joints_bone_to_bone_gap
        faces = []
        for which, idx in (("upper", j.upper_index), ("lower", j.lower_index)):
            c, n = j.bone_facet(which)
            mesh = spine.bones[LEVELS[idx].name].transform(spine.frames[idx], inplace=False)
            pts = np.asarray(mesh.points)
            rel = pts - c
            # decimation leaves a flat face with vertices mostly on its rim: take the rim too
            inplane = ((rel @ j.u) / j.half_width) ** 2 + ((rel @ j.v) / j.half_height) ** 2 < 1.1
            flat = inplane & (np.abs(rel @ n) < 0.35)
            assert flat.sum() >= 6, f"{j.name} {which}: no flat facet face found"
            faces.append(pts[flat].mean(axis=0))
        gap = (faces[0] - faces[1]) @ j.normal
        assert 1.5 <= gap <= 2.5, f"{j.name}: bone-to-bone gap {gap:.2f} mm"


def test_missing_and_corrupt_mesh_files_name_the_file(tmp_path, spine):
    target = tmp_path / "meshes"
    shutil.copytree(spine.mesh_dir, target)
    (target / "default" / "L4.vtp").write_bytes(b"not a mesh at all")
    with pytest.raises(meshset.MeshSetError, match=r"L4\.vtp: checksum does not match"):
        load_spine(target)
    with pytest.raises(meshset.MeshSetError, match=r"L4\.vtp: not a readable VTK mesh"):
        load_spine(target, verify=False)
    (target / "default" / "L4.vtp").unlink()
    with pytest.raises(meshset.MeshSetError, match=r"L4\.vtp: mesh file missing"):
        load_spine(target)
    (target / "manifest.json").write_text("{ truncated", encoding="utf-8")
    with pytest.raises(meshset.MeshSetError, match="manifest is not valid JSON"):
        load_spine(target)
    (target / "manifest.json").write_text(json.dumps({"lods": {"default": []}, "landmarks": {}}))
    with pytest.raises(meshset.MeshSetError, match="no mesh for C1"):
        load_spine(target)
    with pytest.raises(meshset.MeshSetError, match="no mesh manifest"):
        load_spine(tmp_path / "nowhere")


def test_truncated_mesh_file_is_a_clear_error(tmp_path, spine):
    target = tmp_path / "meshes"
    shutil.copytree(spine.mesh_dir, target)
    f = target / "default" / "T6.vtp"
    f.write_bytes(f.read_bytes()[: len(f.read_bytes()) // 3])
    with pytest.raises(meshset.MeshSetError, match=r"T6\.vtp"):
        load_spine(target, verify=False)


def test_fine_level_of_detail_when_shipped(spine):
    """The finer set for exports and close-ups: every level, closed and manifold, with more triangles."""
    from spineviz.anatomy.spine import best_lod

    if best_lod(spine.mesh_dir) != "fine":
        pytest.fail("the fine mesh set is missing; run `spineviz meshes build --lod fine`")
    fine = load_spine(spine.mesh_dir, lod="fine")
    for name, mesh in fine.bones.items():
        check_topology(mesh, f"{name} (fine)")
        assert mesh.n_cells > 2.5 * spine.bones[name].n_cells


# every joint touching a template level (T11-L5): T10 and the sacrum carry the quadric off their template partner
CURVED = ["T10/11", "T11/12", "T12/L1", "L1/2", "L2/3", "L3/4", "L4/5", "L5/S1"]


def _placed(spine, index):
    return spine.bones[LEVELS[index].name].transform(spine.frames[index], inplace=False)


def _bone_gaps(spine, j):
    """Bone-to-bone distance across a curved joint at each inner sample of its patch (rings 1-3 of 5).

    From the mid-surface point, a ray along the local normal meets the upper bone and one against it the
    lower bone; the gap is the distance between the two hits, on the shipped meshes.
    """
    lower, upper = _placed(spine, j.lower_index), _placed(spine, j.upper_index)
    mid, normals = j.samples()
    gaps = []
    for p, n in zip(mid[: 1 + 3 * 24], normals[: 1 + 3 * 24], strict=True):
        hit_u, hit_l = _nearest_hit(upper, p, n), _nearest_hit(lower, p, -n)
        if hit_u is not None and hit_l is not None:
            gaps.append(float(np.linalg.norm(hit_u - hit_l)))
    return np.array(gaps)


def _nearest_hit(mesh, p, direction):
    """The surface point nearest ``p`` along a 6 mm ray. VTK's ``first_point`` is not always the nearest:
    where the ray crosses a thin process twice it returned the far wall (L1/2 left read 4.8 mm for 2.0)."""
    hits, _ = mesh.ray_trace(p, p + 6.0 * direction)
    if not len(hits):
        return None
    hits = np.asarray(hits, float)
    return hits[np.argmin((hits - p) @ direction)]


@pytest.mark.parametrize("joint", [f"{s} {side}" for s in CURVED for side in ("left", "right")])
def test_curved_joints_bone_to_bone_gap(spine, joint):
    j = next(j for j in spine.model.joints if j.name == joint)
    assert j.curved
    gaps = _bone_gaps(spine, j)
    assert len(gaps) > 50, "the patch faces bone on both sides"
    lo, med, hi = np.percentile(gaps, [25, 50, 75])
    assert 1.5 <= med <= 2.5, f"{joint}: median bone gap {med:.2f} mm"
    assert 1.5 <= lo and hi <= 2.5, f"{joint}: the middle half of the gap spans {lo:.2f}-{hi:.2f} mm"


# T12/L1 joins the small, shallow T12 inferior facet to L1's: its patches depart from their planes by 0.77-1.0 mm
# (measured on this build: L1 side 0.99-1.00, the quadric on T12 0.77), held to 0.6 mm; the lumbar joints to 1 mm.
# T11/12 meets T12's superior facet, thoracic-type and flattened on purpose (template_thoracolumbar.FLATTEN; a
# thoracic superior facet is nearly flat, Gray 1918, "The Thoracic Vertebrae"): since session 23 (t12l) its
# layer stays on the facet (template_fit._articular_reach) and lies 0.98 / 0.44 mm (left / right) off its plane
# on T12 and 1.27 / 1.04 mm on T11, held to 0.4 mm (still a sampled curved patch, not a plane). Its 0.5 mm floor
# before was met by T12's layer draping 6.3 mm over the facet's rim. T10/11 meets T11's superior facet, turned
# and flattened the same way, and is held to 0.5 mm (1.65-1.78 mm on this build).
DEPTH_FLOOR = {"T12/L1": 0.6, "T11/12": 0.4, "T10/11": 0.5}


@pytest.mark.parametrize("joint", [f"{s} {side}" for s in CURVED for side in ("left", "right")])
def test_lumbar_cartilage_is_curved(spine, joint):
    """The cartilage lies on the curved bone: off its best-fit plane by >= 1 mm, normals spread >= 20 deg."""
    floor = DEPTH_FLOOR.get(joint.split()[0], 1.0)
    for which in ("lower", "upper"):
        layer = spine.cartilage[(joint, which)]
        top = np.asarray(layer.points)[: layer.n_points // 2]
        centre = top.mean(axis=0)
        normal = np.linalg.svd(top - centre)[2][2]
        assert np.abs((top - centre) @ normal).max() >= floor, f"{joint} {which}: nearly flat"
        j = next(j for j in spine.model.joints if j.name == joint)
        n = j.lower_normals if which == "lower" else j.upper_normals
        cos = np.clip(n @ n.T, -1.0, 1.0)
        assert np.degrees(np.arccos(cos.min())) >= 20.0, f"{joint} {which}: normals spread too little"
        assert layer.n_open_edges == 0 and layer.is_manifold


@pytest.mark.parametrize("segment", ["L1/2", "L2/3", "L3/4", "L4/5"])
def test_lumbar_inferior_facets_within_10_percent(spine, segment):
    """The inferior articular surface measured on the meshes: the part of the upper bone within 3 mm of the
    lower one (the 2 mm bone gap plus 1 mm), on each side, against the table's facet width and height."""
    upper_name = segment.split("/")[0]
    d = model().dims[upper_name]
    for side, sign in (("left", -1.0), ("right", 1.0)):
        j = next(j for j in spine.model.joints if j.name == f"{segment} {side}")
        upper, lower = _placed(spine, j.upper_index), _placed(spine, j.lower_index)
        dist = np.abs(upper.compute_implicit_distance(lower).point_data["implicit_distance"])
        local_x = np.asarray(spine.bones[upper_name].points)[:, 0]
        near = (dist < 3.0) & (sign * local_x > 0)
        got = measure.facet_patch_size(np.asarray(upper.points)[near], j.normal)
        assert got["width"] == pytest.approx(d.ifw, rel=0.10), (side, got)
        assert got["height"] == pytest.approx(d.ifh, rel=0.10), (side, got)
