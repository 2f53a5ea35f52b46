"""The mesh set on disk: its manifest, writing meshes, and loading them back with integrity checks.

Loading reads zlib-compressed VTK XML files listed in ``manifest.json`` with their triangle counts and SHA-256
checksums. Building the set is :mod:`spineviz.anatomy.meshbuild` (it needs the spine model; this module
does not, so ``spine`` can import it without a cycle).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from spineviz.anatomy.levels import LEVELS
from spineviz.atomic import atomic_output, atomic_write_text

MANIFEST = "manifest.json"


class MeshSetError(RuntimeError):
    """The mesh folder is missing, incomplete or corrupt; the message names the file and the fix."""


def default_mesh_dir() -> Path:
    """Where the shipped meshes are: inside the installed package, or ``meshes/`` in a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_data" / "meshes", here.parent / "meshes"):
        if (candidate / MANIFEST).is_file():
            return candidate
    return here.parent / "meshes"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_polydata(mesh, path: Path) -> None:
    """Write a mesh as zlib-compressed VTK XML, atomically, with 32-bit points and ids for a small file.

    zlib rather than LZMA (issue 13, docs/performance.md, session 10): the 25 default meshes take 5.1 MB
    against 4.4 MB, and read about five times faster (0.05 s against 0.26 s of CPU), which was most of
    loading the mesh set on the start-up path. The reader takes either, so older sets still load.
    """
    from vtkmodules.vtkIOXML import vtkXMLPolyDataWriter

    mesh = mesh.copy()
    mesh.points = mesh.points.astype(np.float32)
    if "Normals" in mesh.point_data:
        mesh.point_data["Normals"] = mesh.point_data["Normals"].astype(np.float32)
    mesh.GetPolys().ConvertTo32BitStorage()
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path) as tmp:
        writer = vtkXMLPolyDataWriter()
        writer.SetFileName(str(tmp))
        writer.SetInputData(mesh)
        writer.SetDataModeToAppended()
        writer.EncodeAppendedDataOff()
        writer.SetCompressorTypeToZLib()
        writer.SetCompressionLevel(9)
        if not writer.Write():
            raise MeshSetError(f"{path}: could not write the mesh")


def write_json_atomic(data: dict, path: Path) -> None:
    atomic_write_text(path, json.dumps(data, indent=1) + "\n")


@dataclass(frozen=True)
class ManifestEntry:
    level: str
    file: str
    triangles: int
    sha256: str
    source: str


def _unreadable(path: Path, err: OSError) -> MeshSetError:
    return MeshSetError(f"{path}: cannot be read ({err.strerror or err}); give your user read access to it "
                        "and its folder, or run `spineviz meshes build` to generate the meshes again")


def _check_file(path: Path, missing: str) -> None:
    """MeshSetError unless ``path`` is a regular file we may read (checked without opening it)."""
    from spineviz.regular_files import NotRegularFileError, check_regular

    try:
        check_regular(path)
    except FileNotFoundError:
        raise MeshSetError(f"{path}: {missing}; run `spineviz meshes build` to generate the meshes") from None
    except NotRegularFileError as err:
        raise MeshSetError(f"{path}: is {err.kind}, not a file; run `spineviz meshes build`") from None
    except OSError as err:
        raise _unreadable(path, err) from None
    if not os.access(path, os.R_OK):
        raise _unreadable(path, PermissionError(13, "Permission denied"))


def read_manifest(mesh_dir: Path) -> dict:
    path = Path(mesh_dir) / MANIFEST
    _check_file(path, "no mesh manifest")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise _unreadable(path, err) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise MeshSetError(f"{path}: manifest is not valid JSON ({err}); run `spineviz meshes build`") from None
    if not isinstance(data, dict) or "lods" not in data or "landmarks" not in data:
        raise MeshSetError(f"{path}: manifest lacks 'lods' or 'landmarks'; run `spineviz meshes build`")
    return data


def entries(manifest: dict, lod: str, mesh_dir: Path) -> list[ManifestEntry]:
    rows = manifest["lods"].get(lod)
    if rows is None:
        have = ", ".join(manifest["lods"]) or "none"
        raise MeshSetError(f"{mesh_dir / MANIFEST}: no '{lod}' meshes (have: {have}); "
                           f"run `spineviz meshes build --lod {lod}`")
    try:
        out = [ManifestEntry(**row) for row in rows]
    except TypeError as err:
        raise MeshSetError(f"{mesh_dir / MANIFEST}: malformed entry ({err}); run `spineviz meshes build`") from None
    names = [e.level for e in out]
    anatomy = manifest.get("anatomy")  # an imported spine names the levels it has
    wanted = anatomy["present"] if isinstance(anatomy, dict) else [lv.name for lv in LEVELS]
    missing = [name for name in wanted if name not in names]
    if missing:
        raise MeshSetError(f"{mesh_dir / MANIFEST}: no mesh for {', '.join(missing)}; run `spineviz meshes build`")
    return out


def load_mesh(mesh_dir: Path, entry: ManifestEntry, verify: bool = True):
    """Read one mesh, checking its checksum and that it holds triangles; errors name the file."""
    import pyvista as pv

    path = Path(mesh_dir) / entry.file
    _check_file(path, "mesh file missing")
    try:
        checksum = sha256(path) if verify else entry.sha256
    except OSError as err:
        raise _unreadable(path, err) from None
    if checksum != entry.sha256:
        raise MeshSetError(f"{path}: checksum does not match the manifest (corrupt or edited); "
                           "run `spineviz meshes build` to regenerate it")
    try:
        mesh = pv.read(path)
    except Exception as err:  # VTK raises assorted errors on garbage
        raise MeshSetError(f"{path}: not a readable VTK mesh ({err}); run `spineviz meshes build`") from None
    if not isinstance(mesh, pv.PolyData) or mesh.n_cells == 0:
        raise MeshSetError(f"{path}: holds no triangles; run `spineviz meshes build`")
    sky_coordinates(mesh)
    return mesh


SKY_COORDINATES = "SkyCoords"
"""The texture coordinates a loaded bone draws its occlusion with: (its share of the sky, 0.5) a point."""


def sky_coordinates(mesh) -> None:
    """Make ``mesh``'s baked share of the sky (:data:`spineviz.anatomy.occlusion.ARRAY`) its texture coordinates.

    The renderer's grey ramp (``spineviz.render.shading``) is looked up by them. A mesh without the array (an
    imported spine's) is left without coordinates, and is drawn as before.
    """
    from spineviz.anatomy.occlusion import ARRAY

    if ARRAY not in mesh.point_data:
        return
    share = np.asarray(mesh.point_data[ARRAY], np.float32)
    mesh.point_data.set_array(np.column_stack([share, np.full_like(share, 0.5)]), SKY_COORDINATES)
    mesh.GetPointData().SetActiveTCoords(SKY_COORDINATES)
