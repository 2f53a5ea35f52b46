"""Building the shipped mesh set: the template levels first (they define their joints), then the rest.

Building (seconds per level) is done by ``spineviz meshes build`` and never on start-up. Everything is
written to a staging folder and moved into place at the end, manifest last.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from spineviz.anatomy import occlusion
from spineviz.anatomy import spine as spine_mod
from spineviz.anatomy.levels import LEVELS, Level
from spineviz.anatomy.meshset import (
    MANIFEST,
    MeshSetError,
    read_manifest,
    sha256,
    write_json_atomic,
    write_polydata,
)

GENERATOR = ("spineviz vertebrae: T11-L5 from the Clouthier 2023 mean lumbar shape warped to the table (thin-plate "
             "spline); other levels procedural (signed-distance model, flying edges, quadric decimation)")
SOURCE = "spineviz/anatomy/data/dimensions.csv (cited per level)"
TEMPLATE_SOURCE = ("template: Clouthier AL et al. J Biomech 2023;146:111421, mean of 87 CT spines (MIT, "
                   "spineviz/anatomy/data/templates/), warped to spineviz/anatomy/data/dimensions.csv")
TEMPLATE_PARTNERS = ("T10", "S1")  # procedural levels whose facets meet a template joint
PROCEDURAL_SOURCE = "procedural: signed-distance model from spineviz/anatomy/data/dimensions.csv (cited per level)"


def build_mesh_set(out_dir: Path, lods: tuple[str, ...] = ("default",), levels: list[Level] | None = None,
                   progress=None) -> dict:
    """Generate the meshes (in each level's local frame) and write them with their manifest.

    Everything is built into a staging folder first and moved into place at the end, manifest last, so an
    interrupted build leaves the previous set intact and readers never see files and manifest disagree
    for more than a moment.
    """
    from spineviz.anatomy.vertebra import build_vertebra, is_template_built

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    todo = levels or list(LEVELS)
    if any(is_template_built(lv) or lv.name in TEMPLATE_PARTNERS for lv in todo):
        refit_joints()  # the template levels and their procedural partners depend on the fitted joints
    model = spine_mod.model()
    try:
        manifest = read_manifest(out_dir)
    except MeshSetError:
        manifest = {"lods": {}, "landmarks": {}}
    manifest.update(generator=GENERATOR, frame=spine_mod.FRAME_DOC, units="mm")
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    built_files = []
    try:
        for lod in lods:
            rows = {row["level"]: row for row in manifest["lods"].get(lod, [])}
            for lv in todo:
                built = build_vertebra(lv, model.dims, model.frames, model.joints, lod=lod)
                built.mesh.point_data[occlusion.ARRAY] = occlusion.bake(built.mesh)  # its own, once (rigid)
                name = f"{lod}/{lv.name}.vtp"
                write_polydata(built.mesh, staging / name)
                built_files.append(name)
                source = TEMPLATE_SOURCE if is_template_built(lv) else PROCEDURAL_SOURCE
                rows[lv.name] = dict(level=lv.name, file=name, triangles=int(built.mesh.n_cells),
                                     sha256=sha256(staging / name), source=source)
                # the landmarks describe the default set, the one the app and tests load: a build of the fine
                # set alone keeps them (a fine T12 had its left superior facet found elsewhere), and a level
                # with none yet takes them from the first set built
                if lod == "default" or lv.name not in manifest["landmarks"]:
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


def refit_joints() -> None:
    """Fit the template levels and store the joints they define, before any procedural level is built.

    The procedural partners of the template (T10 above T11, the sacrum below L5) build their facets to meet
    the joints derived from the template's patches, so those joints must exist first; the file written
    here (``spineviz/anatomy/data/facet_surfaces.npz``) is what :func:`spineviz.anatomy.spine.model` reads.
    """
    from importlib import resources

    from spineviz.anatomy.joints import FACET_SURFACES_FILE
    from spineviz.anatomy.template_fit import fitted_lumbar, write_facet_surfaces

    target = Path(str(resources.files("spineviz.anatomy").joinpath("data", FACET_SURFACES_FILE)))
    patches = fitted_lumbar()[1]
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / FACET_SURFACES_FILE
        write_facet_surfaces(patches, fresh)
        if not _same_surfaces(fresh, target):  # only a real change touches the package's data
            write_facet_surfaces(patches, target)  # atomic
    spine_mod.model.cache_clear()


SURFACE_TOLERANCE_MM = 1e-5
"""Refitted joints closer than this to the stored ones leave the file alone: the fit's last float32 bits vary
between machines (1.6e-7 mm seen), and a benchmark or a rebuild of unchanged code must not rewrite package data."""


def _same_surfaces(fresh: Path, stored: Path) -> bool:
    import numpy as np

    if not stored.is_file():
        return False
    with np.load(fresh) as a, np.load(stored) as b:
        if sorted(a.files) != sorted(b.files):
            return False
        return all(a[k].shape == b[k].shape and np.allclose(a[k], b[k], rtol=0.0, atol=SURFACE_TOLERANCE_MM)
                   for k in a.files)
