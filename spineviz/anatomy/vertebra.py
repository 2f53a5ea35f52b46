"""One level's numbers -> its design -> a closed, manifold triangle mesh with landmarks.

Building is slow (seconds per level: field evaluation and decimation), so it happens in
``spineviz meshes build`` and the results are shipped; the app only loads them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv

from spineviz.anatomy import sdf
from spineviz.anatomy.frames import endplates, transform_points
from spineviz.anatomy.joints import JointGeometry, joints_of_level
from spineviz.anatomy.levels import LEVELS, Level
from spineviz.anatomy.mesh_repair import fix_folds
from spineviz.anatomy.shapes import special, typical
from spineviz.anatomy.shapes.common import Design, cut_facets, local_joint
from spineviz.anatomy.tables import LevelDimensions

# Levels of detail: triangles per vertebra. The default keeps the whole spine near 300k triangles, which
# software OpenGL draws at interactive rates (PLATFORM notes: ~500k triangles in ~70 ms at 1280x800).
LOD_TRIANGLES = {"default": 12000, "fine": 40000}


class MeshBuildError(RuntimeError):
    """A generated mesh failed its topology checks (not closed, not manifold, not one piece)."""


@dataclass
class BuiltVertebra:
    level: Level
    mesh: pv.PolyData
    landmarks: dict[str, list[float]]


def design_for(lv: Level, dims: dict[str, LevelDimensions], frames: np.ndarray,
               joints: list[JointGeometry]) -> Design:
    """The design of level ``lv``, with its facets meeting the shared joint geometry."""
    d = dims[lv.name]
    mine = joints_of_level(joints, lv)
    frame = frames[lv.index]
    if lv.is_sacrum:  # the sacrum is designed about its upper endplate, not its body centre
        frame = frame @ endplates(d)[0]
    above = [local_joint(j, frame, "superior") for j in mine["above"]]
    below = [local_joint(j, frame, "inferior") for j in mine["below"]]
    for j, partner in [*((j, lv.index - 1) for j in above), *((j, lv.index + 1) for j in below)]:
        if j.surface is not None and is_template_built(LEVELS[partner]):
            j.partner = _template_partner(LEVELS[partner], np.linalg.inv(frame) @ frames[partner])
    if lv.name == "C1":
        return special.atlas(d, below, np.linalg.inv(frame) @ frames[lv.index + 1], dims["C2"].vbhp / 2)
    if lv.name == "C2":
        return special.axis(d, above, below)
    if lv.is_sacrum:
        return special.sacrum(d, above)
    builder = {"cervical": typical.cervical, "thoracic": typical.thoracic, "lumbar": typical.lumbar}
    return builder[lv.region](d, above, below)


def is_template_built(lv: Level) -> bool:
    """Whether ``lv`` is built from the lumbar template (T11, T12 and L1-L5) rather than procedurally."""
    from spineviz.anatomy.template_fit import TEMPLATE_BUILT

    return lv.name in TEMPLATE_BUILT


def _template_partner(partner: Level, to_design: np.ndarray) -> pv.PolyData:
    """A template level's fitted mesh placed in a procedural neighbour's design frame."""
    from spineviz.anatomy.template_fit import fitted_lumbar

    return fitted_lumbar()[0][partner.name].transform(to_design, inplace=False)


def _grid_for(design: Design, spacing: float) -> sdf.Grid:
    lows, highs = [], []
    for kind, shape, _k in design.ops:
        if kind == "union":
            lo, hi = shape.bounds()
            lows.append(lo)
            highs.append(hi)
    lo = np.min(lows, axis=0) - 3.0
    hi = np.max(highs, axis=0) + 3.0
    if design.grid_on_origin:
        lo = np.floor(lo / spacing) * spacing
    return sdf.Grid(lo, hi, spacing)


def evaluate(design: Design, spacing: float | None = None) -> sdf.Grid:
    """Sample the design's signed distance on a grid (negative inside bone)."""
    grid = _grid_for(design, spacing or design.spacing)
    for kind, shape, k in [*design.ops, *design.late_ops, *cut_facets(design)]:
        getattr(grid, kind)(shape, k)
    return grid


def surface(grid: sdf.Grid, target_triangles: int) -> pv.PolyData:
    """Contour the field, keep the bone in one piece, smooth, decimate and undo the folds decimation leaves."""
    image = pv.ImageData(dimensions=grid.shape, spacing=(grid.spacing,) * 3, origin=grid.origin)
    image.point_data["sdf"] = grid.field.ravel(order="F")
    raw = image.contour([0.0], scalars="sdf", method="flying_edges")
    total = raw.n_cells
    raw = raw.connectivity("largest").extract_surface(algorithm=None).triangulate().clean()
    if raw.n_cells < 0.98 * total:
        raise MeshBuildError(f"design leaves {100 * (1 - raw.n_cells / total):.0f} % of the surface in "
                             "pieces detached from the body; connect the parts")
    raw = _triangles_only(raw.smooth_taubin(n_iter=12, pass_band=0.12))
    mesh = raw
    if raw.n_cells > target_triangles:
        mesh = _decimate(raw, target_triangles)
    return _finish(mesh)


def _oriented(mesh: pv.PolyData) -> pv.PolyData:
    return mesh.compute_normals(auto_orient_normals=True, consistent_normals=True, split_vertices=False,
                                cell_normals=False)


def _finish(mesh: pv.PolyData) -> pv.PolyData:
    """Clean, orient outwards and undo the folds decimation leaves (see :mod:`spineviz.anatomy.mesh_repair`).

    Before the repair, 17 of the 25 default meshes held 1-5 folded triangles each (38 in all, 20 in the fine
    set), drawn as dark specks under smooth shading. The repair flips or collapses a few edges (rarely
    smooths a few points) and keeps the mesh closed and manifold; the caller checks it is one piece.
    """
    mesh = _oriented(_triangles_only(mesh.clean()))
    return _oriented(fix_folds(mesh))


def _triangles_only(mesh: pv.PolyData) -> pv.PolyData:
    """Drop the stray lines and vertices that cleaning can leave from degenerate triangles."""
    if mesh.n_lines or mesh.n_verts:
        mesh = mesh.extract_cells_by_type(pv.CellType.TRIANGLE).extract_surface(algorithm=None).clean()
    return mesh


def _decimate(raw: pv.PolyData, target_triangles: int) -> pv.PolyData:
    """Decimate, checking topology after each try: quadric decimation can leave open or shared edges.

    Tries one step, then two and three gentler steps (which avoid collapsing thin slivers in one go), then
    slightly different targets; the first closed, manifold result wins.
    """
    plans = []
    for target in (target_triangles, target_triangles * 1.04, target_triangles * 0.96):
        t = int(target)
        plans += [[t], [max(t, raw.n_cells // 3), t], [max(t, raw.n_cells // 2), max(t, raw.n_cells // 4), t]]
    for plan in plans:
        mesh = raw
        for t in plan:
            if mesh.n_cells > t:
                mesh = _triangles_only(mesh.decimate(1.0 - t / mesh.n_cells, volume_preservation=True).clean())
        if _is_closed_manifold(mesh):
            return mesh
    raise MeshBuildError(f"decimation to {target_triangles} triangles never gave a closed manifold mesh")


def _is_closed_manifold(mesh: pv.PolyData) -> bool:
    return mesh.n_open_edges == 0 and bool(mesh.is_manifold) and mesh.n_cells > 0


def check_topology(mesh: pv.PolyData, name: str) -> None:
    """Raise :class:`MeshBuildError` unless ``mesh`` is one closed, manifold piece."""
    if mesh.n_open_edges:
        raise MeshBuildError(f"{name}: mesh has {mesh.n_open_edges} open edges")
    if not mesh.is_manifold:
        raise MeshBuildError(f"{name}: mesh is not manifold")
    pieces = mesh.connectivity().point_data["RegionId"].max() + 1
    if pieces != 1:
        raise MeshBuildError(f"{name}: mesh is in {pieces} pieces, expected one")


def _surface_with_retries(design: Design, target: int, name: str) -> pv.PolyData:
    """Surface the design; if no decimation gives a clean mesh, resample on a slightly shifted grid.

    A sliver that decimation cannot collapse cleanly usually disappears when the grid moves by a fraction
    of a voxel, so two nearby spacings are tried before giving up (deterministically, in a fixed order).
    """
    last = None
    for factor in (1.0, 0.97, 1.03):
        try:
            return surface(evaluate(design, design.spacing * factor), target)
        except MeshBuildError as err:
            last = err
    raise MeshBuildError(f"{name}: {last}")


def template_vertebra(lv: Level, lod: str = "default") -> BuiltVertebra:
    """A level from the fitted template (see :mod:`spineviz.anatomy.template_fit`) at ``lod``.

    The default set is decimated from the template's ~32k triangles; the fine set is one Loop subdivision
    of it decimated to the fine budget. Landmarks are found on the final surface; the features placed
    on T12 (costal facets, mammillary and accessory processes) come with the fitted mesh.
    """
    from spineviz.anatomy.landmarks import find_landmarks
    from spineviz.anatomy.template_fit import fitted_lumbar

    full = fitted_lumbar()[0][lv.name]
    features = {k: [float(x) for x in full.field_data[k]] for k in full.field_data.keys()}
    raw = _triangles_only(full.clean())
    if lod == "fine":
        raw = _triangles_only(raw.subdivide(1, subfilter="loop").clean())
    mesh = _decimate(raw, LOD_TRIANGLES[lod]) if raw.n_cells > LOD_TRIANGLES[lod] else raw
    mesh = _finish(mesh)
    check_topology(mesh, lv.name)
    return BuiltVertebra(lv, mesh, {**find_landmarks(mesh, lv.name).as_dict(), **features})


def build_vertebra(lv: Level, dims: dict[str, LevelDimensions], frames: np.ndarray,
                   joints: list[JointGeometry], lod: str = "default") -> BuiltVertebra:
    """Build one level's mesh (in its local frame) and landmarks: T11-L5 from the template, others procedural."""
    if is_template_built(lv):
        return template_vertebra(lv, lod)
    design = design_for(lv, dims, frames, joints)
    mesh = _surface_with_retries(design, LOD_TRIANGLES[lod], lv.name)
    if np.any(design.shift):
        mesh.points += design.shift
    check_topology(mesh, lv.name)
    landmarks = {k: (v if k.endswith("_normal") else list(np.asarray(v) + design.shift))
                 for k, v in design.landmarks.items()}
    for j in design.facets:
        landmarks[f"{j.which}_facet_{j.side}"] = list(j.centre + design.shift)
        landmarks[f"{j.which}_facet_{j.side}_normal"] = list(j.normal)
    return BuiltVertebra(lv, mesh, {k: [float(x) for x in v] for k, v in landmarks.items()})


def to_spine(frame: np.ndarray, points) -> np.ndarray:
    """Local points of a level to the spine frame."""
    return transform_points(frame, np.atleast_2d(points))
