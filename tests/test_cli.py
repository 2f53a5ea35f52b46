"""The command line: every command from the issues, and clear failures for bad input."""

import json
import subprocess
import sys

import imageio.v3 as iio
import pytest

from spineviz.cli import main


def run(*args: str, env=None):
    return subprocess.run([sys.executable, "-m", "spineviz", *args], capture_output=True, text=True,
                          timeout=300, env=env)


@pytest.mark.render
def test_render_writes_png(tmp_path):
    out = tmp_path / "x.png"
    r = run("render", "--out", str(out), "--view", "posterior", "--region", "lumbar", "--size", "300x400")
    assert r.returncode == 0, r.stderr
    assert iio.imread(out).shape[:2] == (400, 300)
    assert str(out) in r.stdout


@pytest.mark.render
def test_render_with_loads_prints_most_loaded(tmp_path):
    out = tmp_path / "x.png"
    r = run("render", "--motion", "extension=15", "--region", "lumbar", "--loads", "--out", str(out),
            "--size", "300x300")
    assert r.returncode == 0, r.stderr
    assert "most loaded:" in r.stdout and "educational estimate" in r.stdout


def test_render_rejects_bad_input(tmp_path, capsys):
    assert main(["render", "--out", str(tmp_path / "x.png"), "--motion", "extension=nan"]) == 2
    assert "must be a finite number of degrees" in capsys.readouterr().err
    assert main(["render", "--out", str(tmp_path / "x.jpg")]) == 2
    assert "cannot tell what to write" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["render", "--out", "x.png", "--size", "big"])


@pytest.mark.render
def test_render_clamps_and_says_so(tmp_path, capsys):
    code = main(["render", "--out", str(tmp_path / "x.png"), "--motion", "extension=80", "--region", "lumbar",
                 "--size", "200x200"])
    assert code == 0
    assert "limited to" in capsys.readouterr().out


def test_info_json_has_levels_and_joints():
    r = run("info", "--json")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert len(info["levels"]) == 25 and len(info["facet_joints"]) == 48
    l4 = next(lv for lv in info["levels"] if lv["level"] == "L4")
    assert l4["dimensions_mm_deg"]["epw"] == 51.6  # L4 endplate width measured on the Clouthier 2023 mean shape
    assert len(l4["neutral_transform"]) == 4 and l4["bounds_spine_frame"]
    assert "spinous_tip" in l4["landmarks_local"]
    j = info["facet_joints"][-1]
    assert j["joint"] == "L5/S1 right" and {"upper", "lower", "side", "centre", "normal", "neutral_gap_mm"} <= set(j)


def test_loads_json():
    r = run("loads", "--motion", "rotation=-20", "--region", "lumbar", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert len(data["joints"]) == 48 and "educational estimate" in data["note"]
    by = {j["joint"]: j for j in data["joints"]}
    # rotation to the right loads the left (contralateral) facets
    assert by["L1/2 left"]["load_n"] > by["L1/2 right"]["load_n"]
    assert data["clamped"], "20 degrees exceeds the lumbar rotation range and is reported"


def test_loads_bad_motion(capsys):
    assert main(["loads", "--motion", "twist=banana"]) == 2
    assert capsys.readouterr().err.startswith("spineviz:")


@pytest.mark.render
def test_no_display_renders_default_png(tmp_path):
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    r = subprocess.run([sys.executable, "-m", "spineviz"], capture_output=True, text=True, cwd=tmp_path, env=env,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    assert "No display found" in r.stdout
    assert (tmp_path / "spineviz-default.png").is_file()


def test_help_is_fast_and_lists_commands():
    r = run("--help")
    assert r.returncode == 0
    for cmd in ("render", "info", "loads", "links", "meshes"):
        assert cmd in r.stdout


@pytest.mark.render
def test_render_a_preset_scene_and_exports(tmp_path):
    png = tmp_path / "p.png"
    r = run("render", "--preset", "l4-5-facet-pain-on-extension", "--out", str(png), "--size", "320x240")
    assert r.returncode == 0, r.stderr
    assert iio.imread(png).shape[:2] == (240, 320)
    svg = tmp_path / "map.svg"
    r = run("render", "--preset", "buttock-and-thigh-pain", "--body-map", "--out", str(svg))
    assert r.returncode == 0, r.stderr
    assert "<svg" in svg.read_text(encoding="utf-8")


def test_render_scene_errors_name_the_file(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("version = 1\n[camera]\nzoom = 'big'\n", encoding="utf-8")
    assert main(["render", str(bad), "--out", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "camera.zoom" in err
