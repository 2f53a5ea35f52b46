"""Teardown and failure paths: no OpenGL, repeated windows, quitting mid-export, a long animation."""

import gc
import resource

import pytest

pytestmark = pytest.mark.gui


def test_no_opengl_is_a_clear_message_and_exit_code(monkeypatch, capsys):
    import ctypes.util

    from spineviz.app.main import run_app

    monkeypatch.delenv("SPINEVIZ_SKIP_GL_CHECK", raising=False)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    assert run_app() == 3
    err = capsys.readouterr().err
    assert "No OpenGL" in err and "apt-get install" in err


def test_missing_meshes_are_a_clear_message(monkeypatch, capsys, tmp_path):
    from spineviz.anatomy import meshset
    from spineviz.app.main import run_app

    monkeypatch.setattr(meshset, "default_mesh_dir", lambda: tmp_path)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.critical", lambda *a, **k: None)
    assert run_app() == 2
    assert "spineviz meshes build" in capsys.readouterr().err


@pytest.mark.slow
def test_open_and_close_the_window_50_times(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from spineviz.app.window import MainWindow

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    rss = []
    for i in range(50):
        w = MainWindow(settings=settings)
        w.show()
        if i % 2:
            w.controller.play()
            qtbot.wait(10)
        w.close()
        w.deleteLater()
        qtbot.wait(1)
        gc.collect()
        rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    growth_mb = (rss[-1] - rss[9]) / 1024
    assert growth_mb < 150, f"peak memory grew {growth_mb:.0f} MB over 40 open/close cycles"


def test_quit_during_export_leaves_no_partial_file(window, tmp_path):
    from PySide6.QtWidgets import QProgressDialog

    from spineviz.scene.presets import CHAIRSIDE

    window.scenes.open_preset(CHAIRSIDE)
    dialog = QProgressDialog("Exporting…", "Cancel", 0, 100, window)
    calls = []
    set_value = dialog.setValue

    def close_midway(value):
        calls.append(value)
        set_value(value)
        if len(calls) == 3:
            window.close()  # the user quits while frames are being written
            dialog.cancel()

    dialog.setValue = close_midway
    out = tmp_path / "clip.gif"
    assert not window.scenes.export_to(out, dialog)
    assert not out.exists() and not list(tmp_path.glob("clip*"))
