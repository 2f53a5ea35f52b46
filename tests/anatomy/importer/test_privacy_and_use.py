"""An imported spine: private, and everything works on it (motion, loads, info, scenes)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from spineviz.anatomy.levels import parse_facet_joint
from spineviz.motion import Motion, parse_motion
from spineviz.motion.loads import facet_loads
from spineviz.motion.pose import pose


def test_no_header_text_and_no_intensities_are_kept(imported_1mm):
    folder = imported_1mm.out
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert files == {"manifest.json", *(f"default/{n}.vtp" for n in imported_1mm.present)}
    for p in folder.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            assert b"Jane Doe" not in data and b"12345" not in data, p
    prov = json.loads((folder / "manifest.json").read_text())["anatomy"]["provenance"]
    assert set(prov) >= {"kind", "convention", "voxel_mm", "shape", "orientation", "source_sha256"}
    assert not any("descrip" in k or "intent" in k or "aux" in k for k in prov)


@pytest.fixture(scope="module")
def spine(imported_1mm):
    from spineviz.anatomy.spine import load_spine

    return load_spine(imported_1mm.out).model


def n(loads, joint: str) -> float:
    return float(loads.newtons[parse_facet_joint(joint).index])


@pytest.mark.parametrize("joint", ["L3/4", "L4/5", "L5/S1"])
def test_extension_loads_both_facets_and_flexion_unloads(spine, joint):
    neutral = facet_loads(spine, pose(spine, Motion()))
    ext = facet_loads(spine, pose(spine, parse_motion("extension=15", region="lumbar")))
    flex = facet_loads(spine, pose(spine, parse_motion("flexion=30", region="lumbar")))
    for side in ("left", "right"):
        assert n(ext, f"{joint} {side}") > 1.3 * n(neutral, f"{joint} {side}")
        assert n(flex, f"{joint} {side}") < 0.3 * n(neutral, f"{joint} {side}")


@pytest.mark.parametrize("joint", ["L1/2", "L2/3", "L3/4", "L4/5", "L5/S1"])
def test_rotation_loads_the_facet_opposite_the_turn(spine, joint):
    left = facet_loads(spine, pose(spine, parse_motion("rotation=8", region="lumbar")))
    assert n(left, f"{joint} right") > n(left, f"{joint} left")
    right = facet_loads(spine, pose(spine, parse_motion("rotation=-8", region="lumbar")))
    assert n(right, f"{joint} left") > n(right, f"{joint} right")


def test_centres_of_rotation_come_from_the_patients_discs(spine, imported_1mm):
    from spineviz.anatomy.spine import model

    section = json.loads((imported_1mm.out / "manifest.json").read_text())["anatomy"]
    assert set(section["discs"]) == {"T12/L1", "L1/2", "L2/3", "L3/4", "L4/5", "L5/S1"}
    assert spine.segs["L4/5"].disc_h == pytest.approx(section["discs"]["L4/5"])
    assert spine.segs["L4/5"].disc_h != model().segs["L4/5"].disc_h
    assert np.all(np.isfinite(spine.rotation_centres))


def test_loads_and_info_commands_take_the_anatomy(imported_1mm, capsys):
    from spineviz.cli import main

    assert main(["loads", "--anatomy", str(imported_1mm.out), "--motion", "extension=10", "--region", "lumbar",
                 "--json"]) == 0
    joints = [r["joint"] for r in json.loads(capsys.readouterr().out)["joints"]]
    assert joints[0] == "T12/L1 left" and joints[-1] == "L5/S1 right" and len(joints) == 12
    assert main(["info", "--anatomy", str(imported_1mm.out)]) == 0
    out = capsys.readouterr().out
    assert "round trip: T12–S1" in out and "L4/5 right" in out and "found in the scan" in out
    assert "C5/6" not in out


def test_scene_saves_the_anatomy_relative_to_the_scene_file(imported_1mm, tmp_path):
    import os

    from spineviz.scene import SceneState, load_scene, save_scene

    scene_dir = imported_1mm.out.parent / "scenes"
    scene_dir.mkdir(exist_ok=True)
    path = save_scene(SceneState(title="My spine", anatomy=str(imported_1mm.out)), scene_dir / "mine.toml")
    assert 'anatomy = "../patient"' in path.read_text()
    back = load_scene(path)
    assert os.path.samefile(back.anatomy, imported_1mm.out)
    (scene_dir / "broken.toml").write_text('version = 1\ntitle = "x"\nanatomy = "../nowhere"\n')
    from spineviz.scene import SceneError

    with pytest.raises(SceneError, match=r"no manifest\.json"):
        load_scene(scene_dir / "broken.toml")


def test_a_partial_spine_moves_only_the_segments_it_has(spine):
    """Motion over the whole spine goes to the patient's T12-S1 segments, none to absent ones."""
    from spineviz.anatomy.levels import SEGMENTS
    from spineviz.anatomy.spine import model

    present = np.array([s.name in set(spine.present_segments) for s in SEGMENTS])
    p = pose(spine, parse_motion("extension=20", region="all"))
    assert not p.clamped
    assert np.all(p.angles[~present] == 0.0)
    assert p.angles[present, 0].sum() == pytest.approx(-20.0)
    # the whole model shares the same 20 degrees over all 24 segments: its T12-S1 part moves less
    whole = pose(model(), parse_motion("extension=20", region="all"))
    assert abs(whole.angles[present, 0].sum()) < 0.8 * 20.0
    # beyond what the patient's segments allow: clamped to their summed range, and said so
    far = pose(spine, parse_motion("extension=80", region="all"))
    assert far.clamped and abs(far.applied.flexion) < 80.0
    assert far.angles[present, 0].sum() == pytest.approx(far.applied.flexion)
    # and no load where there is no joint: the model's C5/6 has one in extension, the patient has none
    from spineviz.anatomy.levels import FACET_JOINT_IDS

    loads = facet_loads(spine, p)
    absent = np.array([jid.segment.name not in set(spine.present_segments) for jid in FACET_JOINT_IDS])
    assert np.all(loads.newtons[absent] == 0.0) and np.all(loads.newtons[~absent] > 0.0)
    assert all(name.split(" ")[0] in spine.present_segments for name, _ in loads.most_loaded(3))
