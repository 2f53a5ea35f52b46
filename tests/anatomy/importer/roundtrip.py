"""Measurements shared by the round-trip tests: imported joints and level sizes against the model's."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from spineviz.anatomy.levels import LEVEL_NAMES


def joint_errors(folder: Path) -> dict[str, tuple[float, float]]:
    """Per present joint: (centre error mm, normal error deg) against the model, in the scanner's frame."""
    from spineviz.anatomy.spine import load_spine, model

    spine = load_spine(folder)
    manifest = json.loads((Path(folder) / "manifest.json").read_text())
    back = np.linalg.inv(np.array(manifest["anatomy"]["provenance"]["scanner_to_spine"]))
    ref = model()
    out = {}
    for j in spine.model.present_joints:
        r = ref.joints[j.id.index]
        centre = back[:3, :3] @ j.centre + back[:3, 3]
        normal = back[:3, :3] @ j.normal
        out[j.name] = (float(np.linalg.norm(centre - r.centre)),
                       float(np.degrees(np.arccos(np.clip(normal @ r.normal, -1.0, 1.0)))))
    return out


def size_ratios(folder: Path) -> dict[str, np.ndarray]:
    """Per level: the imported bone's extents in its own frame over the model bone's (width, depth, height)."""
    from spineviz.anatomy.spine import load_spine

    spine, ref = load_spine(folder), load_spine()
    return {n: np.ptp(np.asarray(spine.bones[n].points), axis=0) / np.ptp(np.asarray(ref.bones[n].points), axis=0)
            for n in spine.model.present}


def found_joints(folder: Path) -> list[str]:
    manifest = json.loads((Path(folder) / "manifest.json").read_text())
    return [j["joint"] for j in manifest["anatomy"]["joints"] if j["found"]]


__all__ = ["LEVEL_NAMES", "found_joints", "joint_errors", "size_ratios"]
