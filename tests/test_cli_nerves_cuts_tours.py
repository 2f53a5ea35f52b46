"""The command line of issue 15's slices: `spineviz nerves`, `render --nerves/--clip`, `tour`; bad input exits 2."""

import json

import imageio.v3 as iio
import numpy as np
import pytest

from spineviz.cli import main


def test_nerves_for_a_joint_lists_its_two_medial_branches_with_sources(capsys):
    assert main(["nerves", "--joint", "L4-5", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["name"] for r in records} == {"L3 medial branch (left)", "L3 medial branch (right)",
                                            "L4 medial branch (left)", "L4 medial branch (right)"}
    assert all("L4/5" in r["supplies"] and "Bogduk" in r["source"] for r in records)
    assert all(r["article"] == "injections-and-radiofrequency" for r in records)


@pytest.mark.parametrize(("argv", "needle"), [
    (["nerves", "--joint", "L9"], "L9"),
    (["render", "--clip", "sagittal", "--clip-at", "L9", "--out", "x.png"], "L9"),
    (["tour", "no-such-tour.toml", "--out", "x.mp4"], "no-such-tour.toml"),
    (["tour", "tours/why-my-back-hurts-when-i-lean-back.toml", "--out", "x.gif"], "Fix:"),
])
def test_bad_input_exits_2_with_a_message(argv, needle, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path) if argv[0] == "render" else None
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err
    assert not (tmp_path / "x.png").exists()


@pytest.mark.render
def test_render_with_an_axial_cut_and_nerves(tmp_path, capsys):
    whole, cut = tmp_path / "whole.png", tmp_path / "cut.png"
    common = ["--region", "lumbar", "--view", "superior", "--size", "320x320", "--nerves"]
    assert main(["render", *common, "--out", str(whole)]) == 0
    assert main(["render", *common, "--clip", "axial", "--clip-at", "L4", "--out", str(cut)]) == 0
    a, b = iio.imread(whole).astype(float), iio.imread(cut).astype(float)
    changed = np.abs(a - b).max(axis=2) > 30
    assert changed.mean() > 0.015  # seen from above, the cut shows L4's section, not L1's top
