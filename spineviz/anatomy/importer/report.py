"""What an anatomy is, in words: for ``spineviz info --anatomy`` and the app's status bar."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from spineviz.anatomy.levels import LEVEL_NAMES


def _span(levels: list[str]) -> str:
    """"T12–S1" for a run; names joined for a broken one."""
    idx = [LEVEL_NAMES.index(n) for n in levels]
    if idx and idx == list(range(idx[0], idx[0] + len(idx))):
        return f"{levels[0]}–{levels[-1]}" if len(levels) > 1 else levels[0]
    return ", ".join(levels)


def folder_problem(folder: str | Path) -> str | None:
    """Why ``folder`` is not an anatomy folder to show (no such folder, no manifest), with the fix; or None."""
    path = Path(folder)
    if not path.is_dir():
        return f"{folder}: no such folder. Fix: give the folder `spineviz anatomy import` wrote (its --out)"
    if not (path / "manifest.json").is_file():
        return (f"{folder}: not an anatomy folder (it has no manifest.json). Fix: make one with `spineviz anatomy "
                f"import SCAN.nii.gz --out {folder}`, or give the folder an import wrote")
    return None


def caption(spine) -> tuple[str, str]:
    """A short line naming the anatomy shown and its levels, and a longer tooltip with its provenance."""
    model = spine.model
    if model.source == "model":
        return "Model spine, C1–S1", "The spineviz model: cited average dimensions, standing curves."
    from spineviz.anatomy.meshset import read_manifest

    section = read_manifest(Path(spine.mesh_dir)).get("anatomy", {})
    prov = section.get("provenance", {})
    name = section.get("name") or Path(spine.mesh_dir).name
    text = f"{name}: {_span(list(model.present))} ({prov.get('kind', 'imported')}, {prov.get('pose', 'as imaged')})"
    tip = "\n".join([f"Source: {prov.get('summary', 'imported')} — {prov.get('source_name', '')}",
                     f"Levels: {', '.join(model.present)}", *section.get("notes", []),
                     *(f"Skipped: {s}" for s in prov.get("skipped", []))])
    return text, tip


def anatomy_info(folder: str | Path) -> dict:
    """The same report as ``spineviz info`` (levels and joints), for an imported anatomy folder."""
    from spineviz.anatomy.spine import load_spine

    spine = load_spine(folder)
    m = spine.model
    from spineviz.anatomy.meshset import read_manifest

    section = read_manifest(Path(folder)).get("anatomy", {})
    levels = []
    for name in m.present:
        i = LEVEL_NAMES.index(name)
        bone = spine.bones[name]
        levels.append({
            "level": name,
            "dimensions": {k: v for k, v in section.get("bodies", {}).get(name, {}).items()},
            "centre_mm": np.round(m.frames[i][:3, 3], 2).tolist(),
            "bounds_local_mm": np.round(np.asarray(bone.bounds), 2).tolist(),
            "landmarks_local": spine.landmarks.get(name, {}),
        })
    found = {j["joint"]: j.get("found", False) for j in section.get("joints", [])}
    joints = [{"joint": j.name, "centre_mm": np.round(j.centre, 2).tolist(), "normal": np.round(j.normal, 3).tolist(),
               "half_width_mm": round(j.half_width, 2), "half_height_mm": round(j.half_height, 2),
               "found_in_scan": found.get(j.name, False)} for j in m.present_joints]
    return {"frame": "spine frame, mm, RAS; origin at the centre of the S1 upper endplate",
            "anatomy": caption(spine)[0], "provenance": section.get("provenance", {}),
            "notes": section.get("notes", []), "levels": levels, "joints": joints}


def text(info: dict) -> str:
    """``anatomy_info`` as lines for the terminal."""
    prov = info["provenance"]
    lines = [info["anatomy"], info["frame"], f"source: {prov.get('summary', '')} ({prov.get('source_name', '')}), "
             f"voxels {prov.get('voxel_mm', '-')} mm", *(f"note: {n}" for n in info["notes"]), "", "levels:"]
    for lv in info["levels"]:
        d, c = lv["dimensions"], lv["centre_mm"]
        body = f"body {d['epw']:.1f} x {d['epd']:.1f} x {d['height']:.1f} mm, " if d else ""
        lines.append(f"  {lv['level']:<4}{body}centre ({c[0]:.1f}, {c[1]:.1f}, {c[2]:.1f}) mm")
    lines += ["", "facet joints:"]
    for j in info["joints"]:
        c, n = j["centre_mm"], j["normal"]
        lines.append(f"  {j['joint']:<13} centre ({c[0]:.1f}, {c[1]:.1f}, {c[2]:.1f})  normal ({n[0]:.2f}, "
                     f"{n[1]:.2f}, {n[2]:.2f})  {'found in the scan' if j['found_in_scan'] else 'from the model'}")
    return "\n".join(lines)
