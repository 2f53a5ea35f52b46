"""GUI tests run the real window on a virtual X display that the tests start themselves (Xvfb).

Qt's offscreen platform has no OpenGL context for VTK (PLATFORM notes), so a real X server it is. A fixture
fails any test that leaves a top-level window or a running timer behind.

Each test process has a display of its own. Under pytest-xdist the controller imports this file first (the
``tests/app`` argument makes it an initial conftest), so its Xvfb's ``DISPLAY`` was inherited by every
worker, and two workers' windows shared one X server with no window manager: a window one worker activated
(``activateWindow``) took the keyboard focus from the other's, Qt then deactivated that window, and
``QApplication.focusWidget()`` became ``None`` in the middle of a test. ``QTest`` asserts on a null key
target (``qtestkeyboard.h``: ``QTEST_ASSERT(window)``), which aborted the whole worker (issue 13: the
"abort while Tab walked the focus chain", seen with the native 3D view; the C stack is in docs/performance.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def _die_with_parent() -> None:
    """Xvfb ends when the test process ends (Linux prctl PR_SET_PDEATHSIG), after Qt has let go of it."""
    import ctypes
    import signal

    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


OWNER = "SPINEVIZ_TEST_XVFB_PID"
"""The process that started the Xvfb in ``DISPLAY``: an xdist worker always starts its own, never shares one."""


def _start_xvfb():
    if os.environ.get("DISPLAY") and not os.environ.get("PYTEST_XDIST_WORKER"):
        return None  # one test process, on a display given from outside (a desktop, xvfb-run)
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.fail("GUI tests need Xvfb; run `bash .ci/setup --test` to install it")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write_fd), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=_die_with_parent)
    os.close(write_fd)
    with os.fdopen(read_fd) as fh:
        number = fh.readline().strip()
    if not number:
        proc.kill()
        pytest.fail("Xvfb did not start")
    os.environ["DISPLAY"] = f":{number}"
    os.environ[OWNER] = str(os.getpid())
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    return proc


_XVFB = _start_xvfb()


@pytest.fixture(autouse=True, scope="session")
def isolated_settings(tmp_path_factory):
    """Settings go to a temporary folder, so tests neither read nor write the user's."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path_factory.mktemp("qs")))


@pytest.fixture
def window(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from spineviz.app.window import MainWindow

    w = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    # the docks settle their sizes in the first event-loop turns: wait until the 3D view has its own size
    qtbot.waitUntil(lambda: min(w.plotter.interactor.width(), w.plotter.interactor.height()) > 200, timeout=10_000)
    yield w
    w.close()


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """A message box in a test would block forever: make it fail the test with its text instead."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(*args, **kwargs):
        raise AssertionError(f"unexpected message box: {args[1:3]}")

    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, refuse)


@pytest.fixture(autouse=True)
def no_leaks(qapp):
    """Fail a test that leaves windows, plotters or timers alive."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    before = set(QApplication.topLevelWidgets())
    yield
    QApplication.processEvents()
    leaked = [w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()]
    for w in leaked:
        w.close()
    assert not leaked, f"windows left open: {leaked}"
    timers = [t for w in QApplication.topLevelWidgets() for t in w.findChildren(QTimer) if t.isActive()]
    assert not timers, f"timers left running: {timers}"
