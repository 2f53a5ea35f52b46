"""The shipped mesh set: building it, its manifest, and loading it back with integrity checks.

Building (seconds per level) is done by ``spineviz meshes build`` and never on start-up; loading reads
compressed VTK XML files listed in ``manifest.json`` with their triangle counts and SHA-256 checksums.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from spineviz.anatomy.levels import LEVELS, Level
from spineviz.atomic import atomic_output, atomic_write_text

MANIFEST = "manifest.json"
GENERATOR = "spineviz procedural vertebrae (signed-distance model, flying edges, quadric decimation)"
SOURCE = "spineviz/anatomy/data/dimensions.csv (cited per level)"


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
    """Write a mesh as LZMA-compressed VTK XML, atomically, with 32-bit points and ids for a small file."""
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
        writer.SetCompressorTypeToLZMA()
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


def read_manifest(mesh_dir: Path) -> dict:
    path = Path(mesh_dir) / MANIFEST
    if not path.is_file():
        raise MeshSetError(f"{path}: no mesh manifest; run `spineviz meshes build` to generate the meshes")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
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
    missing = [lv.name for lv in LEVELS if lv.name not in names]
    if missing:
        raise MeshSetError(f"{mesh_dir / MANIFEST}: no mesh for {', '.join(missing)}; run `spineviz meshes build`")
    return out


def load_mesh(mesh_dir: Path, entry: ManifestEntry, verify: bool = True):
    """Read one mesh, checking its checksum and that it holds triangles; errors name the file."""
    import pyvista as pv

    path = Path(mesh_dir) / entry.file
    if not path.is_file():
        raise MeshSetError(f"{path}: mesh file missing; run `spineviz meshes build`")
    if verify and sha256(path) != entry.sha256:
        raise MeshSetError(f"{path}: checksum does not match the manifest (corrupt or edited); "
                           "run `spineviz meshes build` to regenerate it")
    try:
        mesh = pv.read(path)
    except Exception as err:  # VTK raises assorted errors on garbage
        raise MeshSetError(f"{path}: not a readable VTK mesh ({err}); run `spineviz meshes build`") from None
    if not isinstance(mesh, pv.PolyData) or mesh.n_cells == 0:
        raise MeshSetError(f"{path}: holds no triangles; run `spineviz meshes build`")
    return mesh


def build_mesh_set(out_dir: Path, lods: tuple[str, ...] = ("default",), levels: list[Level] | None = None,
                   progress=None) -> dict:
    """Generate the meshes (in each level's local frame) and write them with their manifest.

    Everything is built into a staging folder first and moved into place at the end, manifest last, so an
    interrupted build leaves the previous set intact and readers never see files and manifest disagree
    for more than a moment.
    """
    from spineviz.anatomy import spine as spine_mod
    from spineviz.anatomy.vertebra import build_vertebra

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = spine_mod.model()
    try:
        manifest = read_manifest(out_dir)
    except MeshSetError:
        manifest = {"lods": {}, "landmarks": {}}
    manifest.update(generator=GENERATOR, frame=spine_mod.FRAME_DOC, units="mm")
    todo = levels or list(LEVELS)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    built_files = []
    try:
        for lod in lods:
            rows = {row["level"]: row for row in manifest["lods"].get(lod, [])}
            for lv in todo:
                built = build_vertebra(lv, model.dims, model.frames, model.joints, lod=lod)
                name = f"{lod}/{lv.name}.vtp"
                write_polydata(built.mesh, staging / name)
                built_files.append(name)
                rows[lv.name] = dict(level=lv.name, file=name, triangles=int(built.mesh.n_cells),
                                     sha256=sha256(staging / name), source=SOURCE)
                manifest["landmarks"][lv.name] = built.landmarks
                if progress:
                    progress(lod, lv.name, built.mesh.n_cells)
            manifest["lods"][lod] = [rows[lv.name] for lv in LEVELS if lv.name in rows]
        for name in built_files:
            (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, out_dir / name)
        write_json_atomic(manifest, out_dir / MANIFEST)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest
