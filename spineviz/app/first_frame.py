"""Start-up work that can wait until the spine is on screen (issue 13: the first frame within 3 s).

The window builds what its first frame shows (the 3D view, the visible panels) in its constructor; work
for what is not on screen yet (the article behind the Reading tab, for one) is handed to
:class:`FirstFrame`, which runs it once the window has drawn its first frame, in the next turn of the
event loop, in the order it was given. Anything that needs that work sooner calls :meth:`FirstFrame.finish`
itself; work deferred after the first frame runs at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def on_screen(window) -> bool:
    """Whether ``window`` is exposed: a frame drawn now reaches the screen.

    The 3D view first draws inside ``show()``, before the window system has mapped the window; the frame
    the user sees is the one drawn when the window is exposed, so deferred work must not run between them.
    """
    handle = window.windowHandle()
    return window.isVisible() and handle is not None and handle.isExposed()


class FirstFrame(QObject):
    """A queue of start-up jobs, run after the first render of ``plotter`` while ``window`` is visible."""

    def __init__(self, window, plotter) -> None:
        super().__init__(window)
        self.window = window
        self._render_window = plotter.ren_win
        self._jobs: list[Callable[[], object]] = []
        self.drawn = False
        """The first frame has been drawn (with the window on screen)."""
        self.done = False
        """Every deferred job has run (or the window closed first and they were dropped)."""
        self._observer = self._render_window.AddObserver("EndEvent", self._rendered)

    def defer(self, job: Callable[[], object]) -> None:
        """Run ``job`` after the first frame; at once if that has passed."""
        if self.done:
            job()
        else:
            self._jobs.append(job)

    def _rendered(self, *_) -> None:
        if self.drawn or not on_screen(self.window):  # drawn before the window was mapped: nobody saw it
            return
        self.drawn = True
        self._stop_watching()
        QTimer.singleShot(0, self, self.finish)

    def finish(self) -> None:
        """Run the deferred jobs now (idempotent): after the first frame, or when something needs them sooner."""
        while self._jobs and not self.done:
            self._jobs.pop(0)()
        self.done = True
        self._stop_watching()

    def cancel(self) -> None:
        """The window closes: drop what has not run."""
        self._jobs.clear()
        self.done = True
        self._stop_watching()

    def _stop_watching(self) -> None:
        if self._observer is not None:
            self._render_window.RemoveObserver(self._observer)
            self._observer = None
