"""Issue 16, broken systems: a broken OpenGL driver, an X server that is not there, unreadable mesh files.

Each must end in a message and an exit code (3 for OpenGL with the packages to install, 2 for data files)
or the off-screen fallback, never a segmentation fault, an abort or a traceback.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from spineviz.anatomy import meshset
from spineviz.limits import GL_PROBE_SECONDS
from tests.hostile.guard import assert_clean_refusal, spineviz

GL_GUARD_S = GL_PROBE_SECONDS + 30  # start-up plus the probe child's own time limit


@pytest.mark.parametrize("setting", ["GALLIUM_DRIVER=bogus"])
def test_render_with_a_broken_driver_exits_3_with_the_packages(setting, tmp_path):
    key, value = setting.split("=")
    out = tmp_path / "x.png"
    result = spineviz("render", "--out", str(out), timeout=GL_GUARD_S, cpu=GL_GUARD_S, **{key: value})
    err = assert_clean_refusal(result, "OpenGL does not work", code=3)  # was: killed by SIGSEGV (139)
    assert "apt-get install" in err and "libgl1-mesa-dri" in err and setting in err
    assert not out.exists()


def test_app_with_a_broken_driver_exits_3_instead_of_running_without_3d(monkeypatch, capsys):
    from spineviz.app.main import run_app
    from spineviz.render import gl

    monkeypatch.delenv("SPINEVIZ_SKIP_GL_CHECK", raising=False)
    monkeypatch.setenv("GALLIUM_DRIVER", "bogus")
    monkeypatch.setattr(gl, "_probed", {})
    assert run_app() == 3
    assert "the graphics driver crashed" in capsys.readouterr().err


def test_probe_says_a_working_driver_works():
    from spineviz.render.gl import probe_opengl

    assert probe_opengl() is None


def test_a_dead_x_server_gets_the_off_screen_fallback(tmp_path):
    result = spineviz(timeout=600, cpu=600, cwd=tmp_path, DISPLAY=":97")  # nothing listens at :97; a full render
    assert result.returncode == 0, result.stderr[-2000:]  # was: SIGABRT from Qt
    assert "No X server answers at DISPLAY=:97" in result.stdout
    assert (tmp_path / "spineviz-default.png").read_bytes().startswith(b"\x89PNG")


def _deny(monkeypatch, *paths):
    real = os.access
    denied = {str(p) for p in paths}
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) in denied else real(p, mode))


def test_unreadable_manifest_is_named(tmp_path, monkeypatch):
    shutil.copy(meshset.default_mesh_dir() / meshset.MANIFEST, tmp_path / meshset.MANIFEST)
    _deny(monkeypatch, tmp_path / meshset.MANIFEST)  # root reads a chmod 000 file, so access is faked
    with pytest.raises(meshset.MeshSetError) as info:
        meshset.read_manifest(tmp_path)
    assert str(tmp_path / meshset.MANIFEST) in str(info.value) and "read access" in str(info.value)


def test_unreadable_mesh_is_named(monkeypatch):
    folder = meshset.default_mesh_dir()
    entry = meshset.entries(meshset.read_manifest(folder), "default", folder)[0]
    _deny(monkeypatch, folder / entry.file)
    with pytest.raises(meshset.MeshSetError) as info:
        meshset.load_mesh(folder, entry)
    assert str(folder / entry.file) in str(info.value) and "Permission denied" in str(info.value)


def test_mesh_that_is_a_fifo_is_refused_without_blocking(tmp_path):
    folder = meshset.default_mesh_dir()
    manifest = meshset.read_manifest(folder)
    entry = meshset.entries(manifest, "default", folder)[0]
    (tmp_path / meshset.MANIFEST).write_text(json.dumps(manifest))
    target = tmp_path / entry.file
    target.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(target)
    with pytest.raises(meshset.MeshSetError) as info:
        meshset.load_mesh(tmp_path, entry)
    assert "named pipe" in str(info.value) and str(target) in str(info.value)


def test_cli_names_an_unreadable_mesh_folder_with_exit_2(tmp_path, monkeypatch, capsys):
    from spineviz.cli import main

    folder = tmp_path / "meshes"
    folder.mkdir()
    (folder / meshset.MANIFEST).write_text("{}")
    _deny(monkeypatch, folder / meshset.MANIFEST)
    monkeypatch.setattr(meshset, "default_mesh_dir", lambda: folder)
    assert main(["render", "--lod", "fine", "--out", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert str(folder / meshset.MANIFEST) in err and "cannot be read" in err
    assert not (tmp_path / "x.png").exists()


def test_a_remembered_probe_does_not_hide_a_driver_that_broke_since(tmp_path, monkeypatch):
    from spineviz.render import gl

    monkeypatch.delenv("SPINEVIZ_SKIP_GL_CHECK", raising=False)
    monkeypatch.setattr(gl, "_cache_file", lambda: tmp_path / "opengl-probe.json")
    monkeypatch.setattr(gl, "_probed", {})
    assert gl.opengl_problem() is None
    assert (tmp_path / "opengl-probe.json").is_file()  # remembered ...
    monkeypatch.setattr(gl, "_probed", {})
    calls = []
    real_probe = gl.probe_opengl
    monkeypatch.setattr(gl, "probe_opengl", lambda: calls.append(1) or real_probe())
    assert gl.opengl_problem() is None and calls == []  # ... so the next start-up skips the child
    monkeypatch.setenv("GALLIUM_DRIVER", "bogus")
    assert "the graphics driver crashed" in gl.opengl_problem()  # a changed setting is probed again
    assert calls == [1]
