"""Start the Qt application around the main window."""

from __future__ import annotations

import sys


def run_app(scene: str | None = None) -> int:
    """Open the main window; returns the process exit code."""
    from spineviz.render.gl import opengl_problem

    problem = opengl_problem()
    if problem:
        print(f"spineviz: {problem}", file=sys.stderr)
        return 3
    from PySide6.QtWidgets import QApplication, QMessageBox

    from spineviz.anatomy.meshset import MeshSetError
    from spineviz.app.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("spineviz")
    app.setOrganizationName("spineviz")
    try:
        window = MainWindow()
    except MeshSetError as err:
        print(f"spineviz: {err}", file=sys.stderr)
        QMessageBox.critical(None, "spineviz cannot start", str(err))
        return 2
    window.show()
    if scene:
        window.scenes.open_path(scene)
    elif window.settings.value("startPage", "true") in (True, "true"):
        window.scenes.show_start_page()
    code = app.exec()
    window.close()
    return int(code)
