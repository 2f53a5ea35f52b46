"""Bad input: a message naming the file and the fix, exit code 2, and no half-written folder."""

from __future__ import annotations

import numpy as np
import pytest

from spineviz.cli import main
from tests.anatomy.importer.voxelise import label_grid, model_bones, save


@pytest.fixture(scope="module")
def pair():
    """L4 and L5 of the model, in the spine frame."""
    return model_bones(["L4", "L5"])


def run(capsys, source, out, *extra) -> tuple[int, str]:
    code = main(["anatomy", "import", str(source), "--out", str(out), *extra])
    return code, capsys.readouterr().err


def assert_refused(capsys, source, out, *extra, says: tuple[str, ...]):
    code, err = run(capsys, source, out, *extra)
    assert code == 2, err
    assert str(source) in err
    for words in says:
        assert words in err, err
    assert "Traceback" not in err
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}")]  # no staging left


def test_not_a_label_map(tmp_path, capsys):
    bad = tmp_path / "notes.nii.gz"
    bad.write_text("this is a letter, not an image")
    assert_refused(capsys, bad, tmp_path / "out", says=("not a readable NIfTI", "label map"))


def test_ct_intensity_volume(tmp_path, capsys):
    rng = np.random.default_rng(1)
    ct = rng.integers(-1024, 1800, size=(40, 40, 30)).astype(np.int16)
    path = save(ct, np.diag([0.8, 0.8, 1.5, 1.0]), tmp_path / "ct.nii.gz")
    assert_refused(capsys, path, tmp_path / "out", says=("CT intensity volume", "segment it first"))


def test_no_vertebra_labels(tmp_path, capsys):
    data = np.zeros((30, 30, 30), dtype=np.uint8)
    data[5:20, 5:20, 5:20] = 5  # TotalSegmentator's liver
    path = save(data, np.eye(4), tmp_path / "organs.nii.gz")
    assert_refused(capsys, path, tmp_path / "out", "--labels", "totalsegmentator", says=("no vertebra labels",))


def test_single_vertebra(tmp_path, capsys, pair):
    data, affine = label_grid({"L4": pair["L4"]}, {"L4": 23}, (1.5, 1.5, 1.5))
    path = save(data, affine, tmp_path / "one.nii.gz")
    assert_refused(capsys, path, tmp_path / "out", "--labels", "verse",
                   says=("only one complete vertebra (L4)", "at least two neighbouring levels"))


def test_two_levels_fused_into_one_label(tmp_path, capsys, pair):
    three = model_bones(["L3", "L4", "L5"])
    data, affine = label_grid(three, {"L3": 22, "L4": 23, "L5": 23}, (1.5, 1.5, 1.5))
    path = save(data, affine, tmp_path / "fused.nii.gz")
    assert_refused(capsys, path, tmp_path / "out", "--labels", "verse",
                   says=("share one label", "its own label"))


def test_two_levels_touching_with_no_gap(tmp_path, capsys, pair):
    lowered = {"L4": pair["L4"].translate((0.0, 0.0, -18.0), inplace=False), "L5": pair["L5"]}
    data, affine = label_grid(lowered, {"L4": 23, "L5": 24}, (1.0, 1.0, 1.0))
    path = save(data, affine, tmp_path / "touching.nii.gz")
    assert_refused(capsys, path, tmp_path / "out", "--labels", "verse", says=("touch with no", "disc"))


def test_labels_out_of_anatomical_order(tmp_path, capsys, pair):
    data, affine = label_grid(pair, {"L4": 24, "L5": 23}, (1.5, 1.5, 1.5))  # L4 labelled as L5 and back
    path = save(data, affine, tmp_path / "swapped.nii.gz")
    assert_refused(capsys, path, tmp_path / "out", "--labels", "verse",
                   says=("out of anatomical order", "L4 (label 23) lies below L5 (label 24)"))


def test_unknown_label_set_without_labels_option(tmp_path, capsys, pair):
    data, affine = label_grid(pair, {"L4": 200, "L5": 201}, (1.5, 1.5, 1.5))
    path = save(data, affine, tmp_path / "custom.nii.gz")
    assert_refused(capsys, path, tmp_path / "out", says=("unknown label set", "--labels MAP.toml"))


def test_own_toml_label_map_reads_those_labels(tmp_path, capsys, pair):
    data, affine = label_grid(pair, {"L4": 200, "L5": 201}, (1.5, 1.5, 1.5))
    path = save(data, affine, tmp_path / "custom.nii.gz")
    table = tmp_path / "mine.toml"
    table.write_text('[labels]\n200 = "L4"\n201 = "L5"\n')
    code, err = run(capsys, path, tmp_path / "out", "--labels", str(table))
    assert code == 0, err
    assert (tmp_path / "out" / "manifest.json").is_file()


def test_volume_too_large_for_memory(tmp_path, capsys, pair, monkeypatch):
    from spineviz.anatomy.importer import nifti

    data, affine = label_grid(pair, {"L4": 23, "L5": 24}, (2.0, 2.0, 2.0))
    path = save(data, affine, tmp_path / "big.nii.gz")
    monkeypatch.setattr(nifti, "MAX_VOXELS", data.size - 1)
    assert_refused(capsys, path, tmp_path / "out", "--labels", "verse",
                   says=("too large to import in memory", "resample it to 1 mm", "Crop"))


def test_transitional_vertebra_is_explained(tmp_path, capsys, pair):
    data, affine = label_grid(pair, {"L4": 24, "L5": 25}, (1.5, 1.5, 1.5))  # VerSe 25 = L6
    path = save(data, affine, tmp_path / "l6.nii.gz")
    assert_refused(capsys, path, tmp_path / "out", "--labels", "verse", says=("L6", "no such level", "MAP.toml"))


def test_a_failed_import_leaves_an_existing_folder_untouched(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"lods": {}, "landmarks": {}}')
    bad = tmp_path / "notes.nii"
    bad.write_text("no")
    code, _ = run(capsys, bad, out)
    assert code == 2
    assert (out / "manifest.json").read_text() == '{"lods": {}, "landmarks": {}}'
