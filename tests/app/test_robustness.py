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
    monkeypatch.setenv("SPINEVIZ_NO_DIALOGS", "1")  # nobody is there to answer a box
    assert run_app() == 2
    assert "spineviz meshes build" in capsys.readouterr().err


def test_start_error_box_closes_itself(qtbot):
    """A start-up error box on a real display must not wait forever for someone who is not there."""
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from spineviz.app.main import show_start_error, someone_can_answer

    assert someone_can_answer()  # the real X display of the GUI tests
    seen = []

    def look():
        box = QApplication.activeModalWidget()
        seen.append(box.text() if isinstance(box, QMessageBox) else None)

    QTimer.singleShot(100, look)
    start = time.monotonic()
    show_start_error("spineviz cannot start", "meshes/manifest.json: cannot be read", timeout_s=0.5)
    assert seen == ["meshes/manifest.json: cannot be read"]  # it was shown ...
    assert time.monotonic() - start < 30  # ... and closed itself (a hang guard, not a speed test)


def test_no_start_error_box_where_nobody_watches(monkeypatch):
    from spineviz.app.main import show_start_error, someone_can_answer

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert not someone_can_answer()
    show_start_error("t", "x", timeout_s=3600)  # would block for an hour if it were shown


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
            w.motion_panel.toggle_play()
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


@pytest.mark.parametrize("name", ["deep_highlight.toml", "deep_inline_tables.toml", "dotted_header.toml",
                                  "huge_duration_1e300.toml", "document_symlink.toml", "fifo"])
def test_app_says_why_a_hostile_scene_cannot_open_and_keeps_its_view(window, monkeypatch, tmp_path, name):
    """Issue 16: the app used to crash on deep nesting and hang on a FIFO; now a message, and nothing changes."""
    import os
    from pathlib import Path

    hostile = Path(__file__).resolve().parents[1] / "scene" / "hostile"
    path = hostile / name
    if name == "fifo":
        path = tmp_path / "pipe.toml"
        os.mkfifo(path)
    shown = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", lambda parent, title, text: shown.append(text))
    before = window.live.state
    assert window.scenes.open_path(path) is False
    assert len(shown) == 1 and shown[0].startswith(str(path)) and "Fix:" in shown[0], shown
    assert window.live.state == before
