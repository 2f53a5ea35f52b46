"""The anatomy folder: per-level meshes in their local frames plus a manifest, like the shipped ``meshes/``.

An imported folder's ``manifest.json`` has the same ``lods``/``landmarks`` as the shipped set, plus
``anatomy``: which levels are present, each level's neutral frame, the measured body sizes and disc heights,
the facet joints (found, or taken from the model where the scan could not show them), the centres of rotation
and the provenance. It is written into a temporary folder beside the target and renamed into place, so a
failed import leaves nothing half-written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from spineviz.anatomy.importer.errors import ImportInputError
from spineviz.anatomy.meshset import MANIFEST, sha256, write_json_atomic, write_polydata

KIND = "imported"
FORMAT = 1


def write_anatomy(out: Path, meshes: dict[str, object], manifest: dict) -> Path:
    """Write ``meshes`` (level → local-frame PolyData) and ``manifest`` into ``out`` atomically."""
    out = Path(out)
    if out.exists() and not (out.is_dir() and (not any(out.iterdir()) or (out / MANIFEST).is_file())):
        raise ImportInputError(out, "exists and is not an anatomy folder; choose a new --out folder")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise ImportInputError(out, f"the folder {parent} does not exist; create it first")
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=parent))
    try:
        rows = []
        for level, mesh in meshes.items():
            name = f"default/{level}.vtp"
            write_polydata(mesh, staging / name)
            rows.append(dict(level=level, file=name, triangles=int(mesh.n_cells), sha256=sha256(staging / name),
                             source=manifest["anatomy"]["provenance"]["summary"]))
        manifest = dict(manifest, lods={"default": rows})
        write_json_atomic(manifest, staging / MANIFEST)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=parent))
            os.replace(out, old / out.name)
            os.replace(staging, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return out


def is_imported(manifest: dict) -> bool:
    return isinstance(manifest.get("anatomy"), dict) and manifest["anatomy"].get("kind") == KIND


def as_lists(a: np.ndarray) -> list:
    return np.round(np.asarray(a, float), 5).tolist()
