"""The model as plain data, for ``spineviz info``: what an educator, a test or a script inspects."""

from __future__ import annotations

from dataclasses import asdict

import numpy as np

from spineviz.anatomy.levels import LEVELS
from spineviz.anatomy.meshset import MeshSetError, default_mesh_dir, read_manifest
from spineviz.anatomy.spine import FRAME_DOC, model


def _round(x, nd: int = 3):
    return np.round(np.asarray(x, float), nd).tolist()


def model_info() -> dict:
    """Per level: dimensions, neutral placement, bounding box and landmarks; per joint: its geometry."""
    m = model()
    try:
        manifest = read_manifest(default_mesh_dir())
        landmarks = manifest["landmarks"]
        boxes = _bounding_boxes(manifest)
    except MeshSetError:
        landmarks, boxes = {}, {}
    levels = []
    for lv in LEVELS:
        dims = {k: v for k, v in asdict(m.dims[lv.name]).items() if k != "level"}
        levels.append({
            "level": lv.name, "region": lv.region, "order": lv.index, "dimensions_mm_deg": dims,
            "neutral_transform": _round(m.frames[lv.index], 4), "bounds_spine_frame": boxes.get(lv.name),
            "landmarks_local": landmarks.get(lv.name, {}),
        })
    joints = [{
        "joint": j.name, "upper": j.id.segment.upper.name, "lower": j.id.segment.lower.name,
        "side": j.id.side, "centre": _round(j.centre), "normal": _round(j.normal, 4),
        "facet_width_mm": round(2 * j.half_width, 2), "facet_height_mm": round(2 * j.half_height, 2),
        "neutral_gap_mm": float(m.facet_arrays()["gap"][0]),
        "surfaces": "curved (found on the lumbar template)" if j.curved else "flat (from the table)",
    } for j in m.joints]
    return {"frame": FRAME_DOC, "sacral_slope_deg": round(m.sacral_slope, 2), "levels": levels,
            "facet_joints": joints}


def _bounding_boxes(manifest: dict) -> dict:
    """Bounds of each shipped mesh in the spine frame (reads the meshes; skipped if they are missing)."""
    from spineviz.anatomy.meshset import entries, load_mesh

    m = model()
    out = {}
    directory = default_mesh_dir()
    for e in entries(manifest, "default", directory):
        lv = next(v for v in LEVELS if v.name == e.level)
        pts = load_mesh(directory, e, verify=False).points
        world = pts @ m.frames[lv.index][:3, :3].T + m.frames[lv.index][:3, 3]
        out[lv.name] = _round(np.column_stack([world.min(axis=0), world.max(axis=0)]).ravel(), 2)
    return out


def text_report(info: dict) -> str:
    lines = [info["frame"], f"sacral slope {info['sacral_slope_deg']} deg", "", "levels:"]
    for lv in info["levels"]:
        d = lv["dimensions_mm_deg"]
        pos = np.asarray(lv["neutral_transform"])[:3, 3]
        lines.append(
            f"  {lv['level']:<4}{lv['region']:<10} body {d['epw'] or '-'} x {d['epd'] or '-'} mm, "
            f"centre ({pos[0]:.1f}, {pos[1]:.1f}, {pos[2]:.1f}) mm, {len(lv['landmarks_local'])} landmarks"
        )
    lines += ["", "facet joints:"]
    for j in info["facet_joints"]:
        c, n = j["centre"], j["normal"]
        lines.append(f"  {j['joint']:<13} centre ({c[0]:.1f}, {c[1]:.1f}, {c[2]:.1f})  "
                     f"normal ({n[0]:.2f}, {n[1]:.2f}, {n[2]:.2f})  gap {j['neutral_gap_mm']} mm")
    return "\n".join(lines)
