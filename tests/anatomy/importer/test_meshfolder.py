"""A folder of one mesh per bone: level names or BodyParts3D FMA identifiers; closed and in millimetres."""

from __future__ import annotations

import pytest

from spineviz.cli import main
from tests.anatomy.importer.test_bad_input import assert_refused
from tests.anatomy.importer.voxelise import model_bones


@pytest.fixture(scope="module")
def bones():
    return model_bones(["L3", "L4", "L5"])


def _write(folder, bones, names, scale=1.0):
    folder.mkdir()
    for level, name in names.items():
        bones[level].scale(scale, inplace=False).save(folder / name)
    return folder


def test_fma_named_meshes_import_with_their_joints(tmp_path, capsys, bones):
    import json

    src = _write(tmp_path / "bp3d", bones, {"L3": "FMA13074.stl", "L4": "FMA13075.obj", "L5": "FMA13076.ply"})
    code = main(["anatomy", "import", str(src), "--out", str(tmp_path / "out")])
    assert code == 0, capsys.readouterr().err
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["anatomy"]["present"] == ["L3", "L4", "L5"]
    found = [j["joint"] for j in manifest["anatomy"]["joints"] if j["found"]]
    assert sorted(found) == ["L3/4 left", "L3/4 right", "L4/5 left", "L4/5 right"]


def test_meshes_in_metres_are_refused(tmp_path, capsys, bones):
    src = _write(tmp_path / "m", bones, {"L4": "L4.stl", "L5": "L5.stl"}, scale=0.001)
    assert_refused(capsys, src, tmp_path / "out", says=("metres", "scale them by 1000"))


def test_meshes_in_inches_are_refused(tmp_path, capsys, bones):
    src = _write(tmp_path / "in", bones, {"L4": "L4.stl", "L5": "L5.stl"}, scale=1 / 25.4)
    assert_refused(capsys, src, tmp_path / "out", says=("too small for millimetres", "25.4"))


def test_open_meshes_are_refused(tmp_path, capsys, bones):
    src = tmp_path / "open"
    src.mkdir()
    bones["L4"].save(src / "L4.stl")
    bones["L5"].clip("z", origin=bones["L5"].center, invert=False).save(src / "L5.stl")
    code = main(["anatomy", "import", str(src), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert "L5.stl" in err and "not a closed surface" in err and "Close Holes" in err
    assert not (tmp_path / "out").exists()
