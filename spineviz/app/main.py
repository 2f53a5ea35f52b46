"""Start the Qt application around the main window, after checking what it needs.

OpenGL is probed in a child process first (:func:`spineviz.render.gl.opengl_problem`), so a broken driver
means exit code 3 and the packages to install, not a window without its 3D view or a crash. An error that
stops the start-up is printed and shown in a box that closes itself after
:data:`~spineviz.limits.DIALOG_TIMEOUT_SECONDS` (and is not shown at all on a platform nobody watches).
"""

from __future__ import annotations

import os
import sys

from spineviz.limits import DIALOG_TIMEOUT_SECONDS

EXIT_BAD_INPUT = 2
EXIT_NO_OPENGL = 3
_UNWATCHED_PLATFORMS = ("offscreen", "minimal", "vnc")


def someone_can_answer() -> bool:
    """Whether a dialog could be seen: not on Qt's off-screen or minimal platforms, nor when told not to."""
    if os.environ.get("SPINEVIZ_NO_DIALOGS"):
        return False
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    return platform not in _UNWATCHED_PLATFORMS


def show_start_error(title: str, text: str, timeout_s: float = DIALOG_TIMEOUT_SECONDS) -> None:
    """A critical message box that closes itself after ``timeout_s`` seconds; skipped when nobody watches."""
    if not someone_can_answer():
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, title, text)
    box.setInformativeText(f"This message closes by itself after {timeout_s:g} seconds.")
    QTimer.singleShot(int(timeout_s * 1000), box.reject)
    box.exec()


def run_app(scene: str | None = None, anatomy: str | None = None) -> int:
    """Open the main window; returns the process exit code."""
    from spineviz.render.gl import opengl_problem

    problem = opengl_problem()
    if problem:
        print(f"spineviz: {problem}", file=sys.stderr)
        return EXIT_NO_OPENGL
    from PySide6.QtWidgets import QApplication

    from spineviz.anatomy.meshset import MeshSetError
    from spineviz.app.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("spineviz")
    app.setOrganizationName("spineviz")
    try:
        window = MainWindow()
    except MeshSetError as err:
        print(f"spineviz: {err}", file=sys.stderr)
        show_start_error("spineviz cannot start", str(err))
        return EXIT_BAD_INPUT
    if anatomy and not window.anatomy.open(anatomy):  # an anatomy folder (spineviz --anatomy DIR)
        print(f"spineviz: {window.anatomy.error}", file=sys.stderr)
        window.close()
        return EXIT_BAD_INPUT
    window.show()
    if scene:
        window.scenes.open_path(scene)
    elif anatomy:
        pass  # the patient's spine was asked for: no start page of model presets in front of it
    elif window.settings.value("startPage", "true") in (True, "true"):
        window.scenes.show_start_page()
    code = app.exec()
    window.close()
    return int(code)
