"""The built wheel carries its data: meshes, scenes, tables, articles."""

import subprocess
import sys
import zipfile

import pytest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    root = __import__("pathlib").Path(__file__).resolve().parents[1]
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out),
                        str(root)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    return next(out.glob("spineviz-*.whl"))


def test_wheel_contains_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "spineviz/_data/meshes/manifest.json" in names
    assert "spineviz/_data/meshes/default/L4.vtp" in names
    assert "spineviz/anatomy/data/dimensions.csv" in names
    for name in ("clouthier_lumbar_mean.npz", "LICENSE-clouthier-lumbar", "NOTICE.md"):
        assert f"spineviz/anatomy/data/templates/{name}" in names  # the lumbar template and its licence
    assert "spineviz/anatomy/data/facet_surfaces.npz" in names
    assert "spineviz/motion/data/rom.csv" in names
    assert any(n.startswith("spineviz/content/articles/") and n.endswith(".md") for n in names)
    assert "spineviz/content/data/referral_zones.toml" in names
    assert "spineviz/_data/scenes/08-l4-5-facet-pain-on-extension.toml" in names
    assert "spineviz/app/data/strings.toml" in names
    assert "spineviz/anatomy/data/nerves.toml" in names
    assert "spineviz/_data/tours/why-my-back-hurts-when-i-lean-back.toml" in names
    assert "spineviz/_data/tours/scenes/l4-5-sagittal-cut-nerves.toml" in names
