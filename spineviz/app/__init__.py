"""The app floor (Qt): the main window around one evented scene state, drawn by the render floor.

Public: :func:`run_app` (what ``spineviz`` runs), :class:`MainWindow`, and :class:`LiveScene`, the window's
one state. Loaded on first use (PEP 562), so ``import spineviz.app`` does not start Qt.
"""

from spineviz.lazy_exports import lazy_exports

_PUBLIC = {
    "run_app": "spineviz.app.main",
    "MainWindow": "spineviz.app.window",
    "LiveScene": "spineviz.app.live_scene",
}

__getattr__, __all__ = lazy_exports(__name__, _PUBLIC)
