"""A folder of one closed surface mesh per bone (.stl .obj .ply .vtp), named by level or by FMA identifier.

``L4.stl``, ``vertebrae_L4.obj`` and BodyParts3D's ``FMA13075.obj`` all name the fourth lumbar vertebra
(``data/labelmaps/bodyparts3d_fma.toml`` holds the identifiers and their source). Meshes must be closed (a
bone's inside is needed to find its body) and in millimetres; a set in metres or inches is refused with the
factor to scale by. The meshes keep their own shapes; a grid of points inside each is used only to find the
body and the frame.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from spineviz.anatomy.importer import surfaces
from spineviz.anatomy.importer.errors import ImportInputError
from spineviz.anatomy.importer.labels import LabelConvention, built_in, reject_transitional
from spineviz.anatomy.importer.levelframes import LevelGeometry
from spineviz.anatomy.levels import LEVEL_NAMES, LevelError, parse_level

MESH_SUFFIXES = (".stl", ".obj", ".ply", ".vtp")
INTERIOR_SPACING_MM = 1.5
# A human vertebra or sacrum is 30-130 mm across; a set whose median bone is under this is not in mm.
MIN_BONE_MM = 15.0


def has_meshes(folder: Path) -> bool:
    return any(p.suffix.lower() in MESH_SUFFIXES for p in folder.iterdir())


def _level_of(path: Path, conv: LabelConvention | None) -> str | None:
    stem = path.stem
    for table in (conv, built_in("bodyparts3d"), built_in("totalsegmentator")):
        if table is not None and (level := table.level_of_file(stem)):
            return level
    try:
        return parse_level(stem).name
    except LevelError:
        return None


def _read_one(path: Path):
    import pyvista as pv

    try:
        mesh = pv.read(path)
    except Exception as err:  # readers raise assorted errors on damaged files
        raise ImportInputError(path, f"not a readable mesh ({type(err).__name__}); export it again as STL, OBJ, "
                               "PLY or VTP") from None
    if not isinstance(mesh, pv.PolyData):
        mesh = mesh.extract_surface()
    mesh = mesh.triangulate().clean()
    if mesh.n_cells == 0:
        raise ImportInputError(path, "holds no surface triangles")
    if mesh.n_open_edges > 0:
        raise ImportInputError(path, f"is not a closed surface ({mesh.n_open_edges} open edges); fill its holes "
                               "(e.g. MeshLab 'Close Holes' or Blender '3D Print Toolbox') and export it again")
    return mesh


def _interior(mesh) -> np.ndarray:
    import pyvista as pv

    lo, hi = np.array(mesh.bounds[::2]), np.array(mesh.bounds[1::2])
    axes = [np.arange(a + INTERIOR_SPACING_MM / 2, b, INTERIOR_SPACING_MM) for a, b in zip(lo, hi, strict=True)]
    grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, 3)
    inside = pv.PolyData(grid).select_interior_points(mesh, check_surface=False)
    return grid[np.asarray(inside["selected_points"]).astype(bool)]


def read(folder: Path, conv: LabelConvention | None):
    """The folder's bones as levels (top to bottom), with their world surfaces and interior points."""
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in MESH_SUFFIXES:
            continue
        level = _level_of(path, conv)
        if level is None:
            continue
        reject_transitional(level, path, path.stem)
        if level in found:
            raise ImportInputError(path, f"names {level} like {found[level].name}; keep one mesh per bone")
        found[level] = path
    if not found:
        raise ImportInputError(folder, "no mesh is named after a level (L4.stl) or an FMA identifier "
                               "(FMA13075.obj); rename the files")
    names = sorted(found, key=LEVEL_NAMES.index)
    meshes = {n: _read_one(found[n]) for n in names}
    sizes = np.array([max(np.ptp(np.asarray(m.points), axis=0)) for m in meshes.values()])
    median = float(np.median(sizes))
    if median < 0.5:
        raise ImportInputError(folder, f"the bones are {median:.3f} units across: the meshes are in metres; scale "
                               "them by 1000 to millimetres and import again")
    if median < MIN_BONE_MM:
        raise ImportInputError(folder, f"the bones are {median:.1f} units across: too small for millimetres "
                               "(inches? scale by 25.4; centimetres? by 10) and import again")
    levels, origins = [], {}
    for n in names:
        surf = surfaces.finish_surface(meshes[n], surfaces.DEFAULT_TRIANGLES)
        levels.append(LevelGeometry(n, surf, _interior(meshes[n])))
        origins[n] = found[n].name
    provenance = {"kind": "mesh folder", "convention": "level names or BodyParts3D/FMA identifiers",
                  "files": len(names)}
    return levels, origins, [], INTERIOR_SPACING_MM, provenance
