"""``spineviz anatomy import``: a label map or a mesh folder in, an anatomy folder out.

Steps: read the source (labels or meshes) → per-level surfaces in world mm → checks (order, fused labels) →
each level's frame and landmarks → checks (disc space) → the spine frame (origin at the centre of the S1
upper endplate, axes as imaged) → joints, discs, centres of rotation → the folder, written atomically.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from spineviz.anatomy.importer import checks, labels, levelframes, nifti, surfaces
from spineviz.anatomy.importer.assembly import _placeholder_frames, assemble
from spineviz.anatomy.importer.errors import ImportInputError
from spineviz.anatomy.importer.folder import FORMAT, as_lists, write_anatomy
from spineviz.anatomy.importer.levelframes import LevelGeometry
from spineviz.anatomy.levels import SEGMENTS

# A level needs about this many voxels along its shortest side to show its articular processes.
MIN_VOXELS_ACROSS = 6
# A level the scan's top or bottom edge cuts is kept for its joint with a complete neighbour on the other
# side when at least this share of that neighbour's voxels is imaged: the joint lies at the imaged end.
CUT_KEEP_SHARE = 0.6
# Coarser voxels than this (mm) leave an articular process only a few voxels across: said in the notes.
FINE_VOXEL_MM = 2.0
SUPINE_NOTE = ("Neutral pose is the spine as imaged. A CT is taken lying on the back, where the lumbar "
               "lordosis and thoracic kyphosis are flatter than standing; import with --standing for the "
               "model's standing curves.")


@dataclass
class ImportResult:
    out: Path
    present: list[str]
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    joints_found: int = 0
    joints_from_model: list[str] = field(default_factory=list)


def _file_digest(path: Path) -> str:
    if path.is_dir():
        h = hashlib.sha256()
        for p in sorted(path.iterdir()):
            if p.is_file():
                h.update(p.name.encode())
                h.update(hashlib.sha256(p.read_bytes()).digest())
        return h.hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _usable(mask: nifti.LevelMask) -> str | None:
    """Why a level cannot be used (cut by the scan's edge, or too few voxels across), or None."""
    if mask.cut_by_edge:
        return f"{mask.level} ({mask.origin}) is incomplete: {mask.cut_by_edge}"
    extent = np.ptp(mask.world_points(), axis=0) if mask.mask.sum() > 1 else np.zeros(3)
    voxel = float(mask.voxel_sizes.max())
    across = float(extent.min()) / voxel
    if across < MIN_VOXELS_ACROSS:
        return (f"{mask.level} ({mask.origin}) is too coarse: {across:.0f} voxels of {voxel:.1f} mm across its "
                f"shortest side (needs {MIN_VOXELS_ACROSS}) — its articular processes are not resolved")
    return None


def _from_labels(source: Path, conv, max_voxels: int):
    read = nifti.read_mask_folder(source, conv, max_voxels) if source.is_dir() \
        else nifti.read_label_map(source, conv, max_voxels)
    skipped, masks = [], []
    for m in read.masks:
        why = _usable(m)
        (skipped.append(why) if why else masks.append(m))
    cut_notes = _keep_cut_neighbours(read.masks, masks, skipped)
    checks.at_least_two([m.level for m in masks], source, skipped)
    levels, origins = [], {}
    for m in masks:
        surf = surfaces.surface_from_mask(m.mask, m.affine)
        levels.append(LevelGeometry(m.level, surf, m.world_points()))
        origins[m.level] = m.origin
    checks.anatomical_order(levels, origins, source)
    spacing = float(max(read.voxel_mm))
    provenance = {"kind": "label map", "convention": read.convention.title, "shape": list(read.shape),
                  "voxel_mm": [round(v, 4) for v in read.voxel_mm], "orientation": read.orientation,
                  "cut": cut_notes}
    return levels, origins, skipped, spacing, provenance


def _keep_cut_neighbours(read: list, masks: list, skipped: list[str]) -> list[str]:
    """Keep levels cut by the scan's top or bottom edge next to a complete level on the imaged side.

    A scan that ends mid-vertebra still images that vertebra's end next to the complete one, and with it
    their facet joint (the inferior processes sit at a vertebra's bottom, the superior ones at its top).
    Such a level is added to ``masks`` (in scan order) and its entry in ``skipped`` replaced; the returned
    notes say what is missing and what is therefore an estimate.
    """
    from spineviz.anatomy.levels import LEVEL_NAMES

    complete = {m.level: m for m in masks}
    notes = []
    for m in read:
        if m.level in complete or not m.cut_by_edge or " edge of the scan" not in m.cut_by_edge:
            continue
        side = m.cut_by_edge.split(" edge")[0].removeprefix("the ")
        i = LEVEL_NAMES.index(m.level)
        partner = {"top": i + 1, "bottom": i - 1}.get(side)
        if partner is None or not 0 <= partner < len(LEVEL_NAMES) or LEVEL_NAMES[partner] not in complete:
            continue
        near = complete[LEVEL_NAMES[partner]]
        if m.mask.sum() < CUT_KEEP_SHARE * near.mask.sum() or _usable(_as_whole(m)) is not None:
            continue
        skipped[:] = [s for s in skipped if not s.startswith(f"{m.level} (")]
        masks.append(m)
        notes.append(f"{m.level} ({m.origin}) is cut by the {side} edge of the scan: kept for its joint with "
                     f"{near.level}, which is imaged whole; its {side} part is missing, so its size and frame are "
                     "estimates")
    masks.sort(key=lambda m: LEVEL_NAMES.index(m.level))
    return notes


def _as_whole(m: nifti.LevelMask) -> nifti.LevelMask:
    """``m`` as if whole, to ask only whether it is fine enough to use."""
    import dataclasses

    return dataclasses.replace(m, cut_by_edge="")


def _spine_frame(levels: list[LevelGeometry]) -> np.ndarray:
    """World → spine frame: a translation putting the S1 upper endplate centre (real or placeholder) at 0."""
    from spineviz.anatomy.frames import endplates
    from spineviz.anatomy.spine import model

    frames = _placeholder_frames({g.name: g.frame for g in levels})
    s1_top = (frames[-1] @ endplates(model().dims["S1"])[0])[:3, 3]
    shift = np.eye(4)
    shift[:3, 3] = -s1_top
    return shift


def import_anatomy(source: Path | str, out: Path | str, label_choice: str | None = None, name: str | None = None,
                   standing: bool = False, max_voxels: int | None = None) -> ImportResult:
    """Import ``source`` into the anatomy folder ``out``; raise :class:`ImportInputError` on bad input."""
    source, out = Path(source), Path(out)
    max_voxels = max_voxels or nifti.MAX_VOXELS
    if not source.exists():
        raise ImportInputError(source, "no such file or folder")
    conv = labels.convention(label_choice)
    from spineviz.anatomy.importer import meshfolder

    if nifti.is_nifti(source) or (source.is_dir() and any(nifti.is_nifti(p) for p in source.iterdir())):
        levels, origins, skipped, spacing, provenance = _from_labels(source, conv, max_voxels)
    elif source.is_dir() and meshfolder.has_meshes(source):
        levels, origins, skipped, spacing, provenance = meshfolder.read(source, conv)
    else:
        raise ImportInputError(source, "not a NIfTI label map (.nii, .nii.gz), a folder of TotalSegmentator masks, "
                               "or a folder of meshes (.stl .obj .ply .vtp named by level, e.g. L4.stl)")
    for g in levels:
        checks.not_fused(g, origins[g.name], source, spacing)
    levelframes.find_frames(levels)
    discs = {}
    for upper, lower in itertools.pairwise(levels):
        h = checks.disc_space(upper, lower, origins, source)
        seg = next((s for s in SEGMENTS if s.upper.name == upper.name and s.lower.name == lower.name), None)
        if seg is not None and upper.name != "C1":
            discs[seg.name] = h
    notes = [SUPINE_NOTE, *provenance.get("cut", [])]
    if spacing > FINE_VOXEL_MM:
        notes.append(f"{spacing:.1f} mm voxels: an articular process is only a few voxels across, so each facet "
                     f"joint's place and angle may be off by about a voxel ({spacing:.1f} mm); segment at 1-2 mm "
                     "for the accuracy of the round-trip test (joints within 3 mm and 10 degrees)")
    if standing:
        from spineviz.anatomy.importer.standing import stand_up

        notes = [stand_up(levels)]
    to_spine = _spine_frame(levels)
    for g in levels:
        g.frame = to_spine @ g.frame
        g.surface = g.surface.transform(to_spine, inplace=False)
    section = assemble(levels, discs, notes, spacing)
    summary = f"imported {provenance['kind']} ({provenance.get('convention', '')})".replace(" ()", "")
    section["provenance"] = dict(provenance, source_name=source.name, source_sha256=_file_digest(source),
                                 imported=_dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                 importer=f"spineviz anatomy import (format {FORMAT})", summary=summary,
                                 skipped=skipped, scanner_to_spine=as_lists(to_spine),
                                 pose="standing (model curves)" if standing else "as imaged")
    section["name"] = name or source.name.split(".")[0]
    from spineviz.anatomy.spine import FRAME_DOC

    meshes = {g.name: g.surface.transform(np.linalg.inv(g.frame), inplace=False) for g in levels}
    manifest = {"generator": summary, "frame": FRAME_DOC, "units": "mm",
                "landmarks": {g.name: g.landmarks for g in levels}, "anatomy": section}
    write_anatomy(out, meshes, manifest)
    found = sum(1 for j in section["joints"] if j["found"])
    return ImportResult(out, [g.name for g in levels], skipped, section["notes"], found,
                        section["model_joint_fallback"])


