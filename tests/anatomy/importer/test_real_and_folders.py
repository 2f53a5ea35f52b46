"""TotalSegmentator's real example, its per-structure mask folders, and the --standing option."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from spineviz.cli import main
from tests.anatomy.importer.voxelise import label_grid, model_bones, save

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "totalsegmentator-example" / "example_seg.nii.gz"


def test_the_real_totalsegmentator_example_imports_its_whole_level_and_cut_neighbours(tmp_path, capsys):
    """3 mm voxels, T11-L2: only L1 is whole; T12 and L2 are cut by the scan's top and bottom edges but keep the
    ends that meet L1, so the two joints around L1 come from the scan; T11 (three slices of it) is left out."""
    assert (EXAMPLE.parent / "LICENSE").is_file() and "Apache" in (EXAMPLE.parent / "README.md").read_text()
    out = tmp_path / "out"
    code = main(["anatomy", "import", str(EXAMPLE), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "levels: T12, L1, L2" in captured.out
    assert "skipped: T11 (label 33) is incomplete: the top edge of the scan cuts through it" in captured.out
    assert "T12 (label 32) is cut by the top edge of the scan: kept for its joint with L1" in captured.out
    assert "L2 (label 30) is cut by the bottom edge of the scan: kept for its joint with L1" in captured.out
    assert "3.0 mm voxels: an articular process is only a few voxels across" in captured.out
    manifest = json.loads((out / "manifest.json").read_text())["anatomy"]
    assert [j["joint"] for j in manifest["joints"] if j["found"]] == ["T12/L1 left", "T12/L1 right", "L1/2 left",
                                                                      "L1/2 right"]
    assert len(manifest["provenance"]["cut"]) == 2
    # the two sides of each joint lie apart and mirror each other
    from spineviz.anatomy.spine import load_spine

    joints = {j.name: j for j in load_spine(out).model.present_joints}
    for seg in ("T12/L1", "L1/2"):
        left, right = joints[f"{seg} left"], joints[f"{seg} right"]
        assert left.centre[0] < 0 < right.centre[0]
        assert abs(left.centre[0] - right.centre[0]) > 12.0
        assert left.normal[0] * right.normal[0] < 0


def test_a_folder_of_totalsegmentator_masks_imports(tmp_path, capsys):
    bones = model_bones(["L4", "L5"])
    data, affine = label_grid(bones, {"L4": 1, "L5": 2}, (1.5, 1.5, 1.5))
    folder = tmp_path / "segmentations"
    folder.mkdir()
    save((data == 1).astype(np.uint8), affine, folder / "vertebrae_L4.nii.gz")
    save((data == 2).astype(np.uint8), affine, folder / "vertebrae_L5.nii.gz")
    save(np.zeros_like(data, dtype=np.uint8), affine, folder / "vertebrae_C1.nii.gz")  # outside the scan: empty
    save((data > 0).astype(np.uint8), affine, folder / "liver.nii.gz")  # not a vertebra: ignored
    code = main(["anatomy", "import", str(folder), "--out", str(tmp_path / "out")])
    assert code == 0, capsys.readouterr().err
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["anatomy"]["present"] == ["L4", "L5"]
    assert [j["joint"] for j in manifest["anatomy"]["joints"] if j["found"]] == ["L4/5 left", "L4/5 right"]


def _sagittal(lower: np.ndarray, upper: np.ndarray) -> float:
    x, z0, z1 = lower[:3, 0], lower[:3, 2], upper[:3, 2]
    return math.degrees(math.atan2(np.cross(z0, z1) @ x, z0 @ z1))


def test_standing_gives_the_models_segment_angles(tmp_path, capsys):
    from spineviz.anatomy.levels import LEVEL_NAMES
    from spineviz.anatomy.spine import load_spine, model

    bones = model_bones(["L3", "L4", "L5"])
    # a flatter, "supine" spine: L3 tipped 6 degrees back about L4's disc (as a CT lying down shows it)
    from tests.anatomy.importer.voxelise import rotation

    r = np.eye(4)
    r[:3, :3] = rotation((1.0, 0.0, 0.0), -6.0)
    pivot = model().frames[LEVEL_NAMES.index("L4")][:3, 3] + np.array([0.0, 0.0, 18.0])
    r[:3, 3] = pivot - r[:3, :3] @ pivot
    bones["L3"] = bones["L3"].transform(r, inplace=False)
    data, affine = label_grid(bones, {"L3": 22, "L4": 23, "L5": 24}, (1.0, 1.0, 1.0))
    scan = save(data, affine, tmp_path / "supine.nii.gz")
    for flag, out in (([], tmp_path / "as-imaged"), (["--standing"], tmp_path / "standing")):
        assert main(["anatomy", "import", str(scan), "--out", str(out), "--labels", "verse", *flag]) == 0
    capsys.readouterr()
    ref = model().frames
    i3, i4 = LEVEL_NAMES.index("L3"), LEVEL_NAMES.index("L4")
    want = _sagittal(ref[i4], ref[i3])
    imaged = load_spine(tmp_path / "as-imaged").model.frames
    standing = load_spine(tmp_path / "standing").model.frames
    assert abs(_sagittal(imaged[i4], imaged[i3]) - want) > 4.0  # the scan is flatter by about 6 degrees
    assert abs(_sagittal(standing[i4], standing[i3]) - want) < 1.5
    note = json.loads((tmp_path / "standing" / "manifest.json").read_text())["anatomy"]["notes"][0]
    assert note.startswith("Standing curves")
