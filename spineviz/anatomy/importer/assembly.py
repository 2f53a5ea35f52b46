"""From found levels to a spine model: the neutral frames, measured sizes, joints and centres of rotation.

The imported model keeps the model's shapes (25 frames, 24 segments, 48 joints) so motion, loads and
rendering need no special case: levels that the scan does not hold get a placeholder frame, placed from the
model's neutral geometry next to the nearest present level, and are marked absent. Joints between present
neighbours come from the patient's own facing articular surfaces; where the scan is too coarse to show a
contact, the model's joint is carried into the patient's lower level and marked so in the manifest.
Centres of rotation follow the model's rules (:func:`spineviz.anatomy.spine._rotation_centres`) applied to the
patient's measured bodies and discs.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path

import numpy as np

from spineviz.anatomy.importer import landmarking
from spineviz.anatomy.importer.folder import KIND, as_lists
from spineviz.anatomy.importer.levelframes import LevelGeometry
from spineviz.anatomy.joints import JointGeometry
from spineviz.anatomy.levels import FACET_JOINT_IDS, LEVEL_NAMES, LEVELS
from spineviz.anatomy.spine import SpineModel, _rotation_centres, model


def _placeholder_frames(known: dict[str, np.ndarray]) -> np.ndarray:
    """All 25 frames: the known ones, and each other placed from the model beside its nearest known level."""
    m = model()
    out = np.zeros((len(LEVELS), 4, 4))
    idx = sorted(LEVEL_NAMES.index(n) for n in known)
    for lv in LEVELS:
        if lv.name in known:
            out[lv.index] = known[lv.name]
            continue
        k = min(idx, key=lambda i: (abs(i - lv.index), i))
        out[lv.index] = known[LEVEL_NAMES[k]] @ np.linalg.inv(m.frames[k]) @ m.frames[lv.index]
    return out


def _dims(levels: list[LevelGeometry]) -> dict:
    """Measured body width, depth and height per level (mm).

    Width and depth are chords through the body just under its upper endplate (under the lower one for C2,
    whose dens stands on the upper), as :func:`spineviz.anatomy.measure.body_dimensions` measures the
    model's bones and the cited tables give them; the finder's endplate rims lie inside the cortex and run
    about a fifth smaller, which is why they are only the fallback.
    """
    from spineviz.anatomy.measure import chord

    out = {}
    for g in levels:
        if g.name in ("C1", "S1"):
            continue
        lm = g.landmarks
        top, bottom = float(lm["upper_endplate"][2]), float(lm["lower_endplate"][2])
        inset = max(1.5, 0.1 * (top - bottom))
        z = bottom + inset if g.name == "C2" else top - inset
        local = g.surface.transform(np.linalg.inv(g.frame), inplace=False)
        width = chord(local, (0.0, 0.0, z), (1.0, 0.0, 0.0)) or float(lm["body_width"][0])
        depth = chord(local, (0.0, 0.0, z), (0.0, 1.0, 0.0)) or float(lm["body_depth"][0])
        out[g.name] = {"epw": round(width, 2), "epd": round(depth, 2), "height": round(top - bottom, 2)}
    return out


def assemble(levels: list[LevelGeometry], disc_heights: dict[str, float], notes: list[str],
             spacing_mm: float = 1.0) -> dict:
    """The ``anatomy`` section of the manifest; ``levels`` hold frames in the spine frame (mm).

    Coarse voxels (over 2.5 mm) widen the facet contact search by the excess, so that the surfaces'
    staircase error does not hide a joint.
    """
    slack = max(landmarking.CONTACT_SLACK_MM, spacing_mm - 1.5)
    present = [g.name for g in levels]
    frames = _placeholder_frames({g.name: g.frame for g in levels})
    by_name = {g.name: g for g in levels}
    m = model()
    joints = []
    for jid in FACET_JOINT_IDS:
        up, low = jid.segment.upper.name, jid.segment.lower.name
        record = {"joint": jid.name, "found": False}
        if up in by_name and low in by_name:
            found = landmarking.facet_joint(by_name[up].surface, by_name[low].surface,
                                            (frames[LEVEL_NAMES.index(up)], frames[LEVEL_NAMES.index(low)]),
                                            (up, low), jid.side, slack)
            if isinstance(found, landmarking.FoundJoint):
                record.update(found=True, method=found.method, centre=as_lists(found.centre),
                              normal=as_lists(found.normal), u=as_lists(found.u), half_width=round(found.half_width, 3),
                              half_height=round(found.half_height, 3))
            else:
                notes.append(f"{jid.name}: {found}; the model's joint is used, carried into {low}'s frame")
        joints.append(record)
    return {
        "kind": KIND,
        "present": present,
        "frames": {lv.name: as_lists(frames[lv.index]) for lv in LEVELS},
        "bodies": _dims(levels),
        "discs": {k: round(v, 2) for k, v in disc_heights.items()},
        "joints": joints,
        "model_joint_fallback": [j["joint"] for j in joints if not j["found"] and
                                 all(n in present for n in _pair(j["joint"]))],
        "notes": notes,
        "sacral_slope": round(float(m.sacral_slope), 2),
    }


def _pair(joint_name: str) -> tuple[str, str]:
    jid = next(j for j in FACET_JOINT_IDS if j.name == joint_name)
    return jid.segment.upper.name, jid.segment.lower.name


def _patient_dims(section: dict) -> dict:
    dims = dict(model().dims)
    for name, b in section.get("bodies", {}).items():
        dims[name] = dataclasses.replace(dims[name], epw=b["epw"], epd=b["epd"], vbha=b["height"], vbhp=b["height"])
    return dims


def _patient_segments(section: dict) -> dict:
    segs = dict(model().segs)
    for name, h in section.get("discs", {}).items():
        segs[name] = dataclasses.replace(segs[name], disc_h=float(h), wedge=0.0)
    return segs


def _joint(record: dict, jid, frames: np.ndarray) -> JointGeometry:
    if record.get("found"):
        return JointGeometry(jid, np.array(record["centre"]), np.array(record["normal"]), np.array(record["u"]),
                             float(record["half_width"]), float(record["half_height"]))
    m = model()
    ref = m.joints[jid.index]
    carry = frames[jid.segment.lower.index] @ np.linalg.inv(m.frames[jid.segment.lower.index])
    return JointGeometry(jid, carry[:3, :3] @ ref.centre + carry[:3, 3], carry[:3, :3] @ ref.normal,
                         carry[:3, :3] @ ref.u, ref.half_width, ref.half_height)


def spine_model(section: dict, source: str) -> SpineModel:
    """The imported :class:`SpineModel` from a manifest's ``anatomy`` section."""
    frames = np.array([section["frames"][lv.name] for lv in LEVELS], dtype=float)
    dims, segs = _patient_dims(section), _patient_segments(section)
    records = {r["joint"]: r for r in section["joints"]}
    joints = [_joint(records.get(jid.name, {}), jid, frames) for jid in FACET_JOINT_IDS]
    frames.setflags(write=False)
    return SpineModel(dims, segs, frames, float(section.get("sacral_slope", model().sacral_slope)), joints,
                      _rotation_centres(dims, segs, frames), tuple(section["present"]), source)


@lru_cache(maxsize=8)
def _cached(path: str, stamp: float, size: int) -> SpineModel:
    import json

    manifest = json.loads(Path(path).read_text(encoding="utf-8"))
    return spine_model(manifest["anatomy"], str(Path(path).parent))


def model_from_manifest(directory: Path, manifest: dict) -> SpineModel:
    """The model of an imported anatomy folder.

    One object per folder and manifest version, so the loads' per-model calibration cache is reused.
    """
    from spineviz.anatomy.meshset import MANIFEST, MeshSetError

    path = Path(directory) / MANIFEST
    try:
        st = path.stat()
        return _cached(str(path.resolve()), st.st_mtime, st.st_size)
    except (KeyError, TypeError, ValueError, IndexError) as err:
        raise MeshSetError(f"{path}: the imported anatomy is incomplete ({type(err).__name__}: {err}); "
                           "run `spineviz anatomy import` again") from None

