"""Start-up (issue 13): the window's first frame is the settled picture, and what can wait waits for it."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDockWidget

from spineviz.app.first_frame import on_screen

pytestmark = pytest.mark.gui


def _window(qtbot, tmp_path):
    from spineviz.app.window import MainWindow

    w = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    return w


def _grab_each_frame(window) -> list[np.ndarray]:
    """Every frame the 3D view draws while the window is on screen, read back as drawn (no second render)."""
    from vtkmodules.util.numpy_support import vtk_to_numpy
    from vtkmodules.vtkRenderingCore import vtkWindowToImageFilter

    frames: list[np.ndarray] = []

    def grab(*_):
        if not on_screen(window):
            return
        f = vtkWindowToImageFilter()
        f.SetInput(window.plotter.ren_win)
        f.ShouldRerenderOff()
        f.ReadFrontBufferOff()
        f.Update()
        image = f.GetOutput()
        x, y, _ = image.GetDimensions()
        frames.append(vtk_to_numpy(image.GetPointData().GetScalars()).reshape(y, x, -1).copy())

    window.plotter.ren_win.AddObserver("EndEvent", grab)
    return frames


def test_the_first_frame_is_the_settled_picture(qtbot, tmp_path):
    """The first thing drawn is the whole spine at the view's real size and framing, not a 100x30 stand-in
    that later frames correct: after the panels settle and the deferred work runs, nothing moved."""
    w = _window(qtbot, tmp_path)
    frames = _grab_each_frame(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitUntil(lambda: w.first_frame.done, timeout=60_000)
    qtbot.wait(400)  # the panels' settling and the view's resize timer
    w.render_now()
    try:
        first, settled = frames[0], frames[-1]
        assert len(frames) >= 2
        assert first.shape == settled.shape, f"first frame {first.shape[:2]}, settled {settled.shape[:2]}"
        view = w.plotter.interactor
        assert min(first.shape[:2]) > 200 and first.shape[1] == round(view.width() * view.devicePixelRatioF())
        bone = (np.abs(first.astype(int) - first[2, 2].astype(int)).sum(axis=-1) > 60).mean()
        assert bone > 0.03, f"only {bone:.1%} of the first frame differs from the background"
        assert np.abs(first.astype(int) - settled.astype(int)).max() <= 2
    finally:
        w.close()


def test_the_first_article_waits_for_the_first_frame(qtbot, tmp_path):
    """The Reading tab is behind Motion: neither its panel nor its first article is made before the first
    frame (session 10: the panel itself waits too); both are there, in the Reading dock, once start-up is done."""
    w = _window(qtbot, tmp_path)
    ex = w.explanations
    at_first_frame: list[bool] = []
    w.plotter.ren_win.AddObserver("EndEvent", lambda *_: on_screen(w) and at_first_frame.append(ex._documents is None))
    w.resize(1280, 800)
    w.show()
    qtbot.waitUntil(lambda: w.first_frame.done, timeout=60_000)
    try:
        assert at_first_frame[0]  # the Reading panel was not made yet
        docs = ex._documents
        assert docs is not None and ex.reading_dock.widget() is docs  # made after it, in its dock
        assert docs.current_source.startswith("article:") and "<" in docs.html  # with its first article
        assert docs.audience == w.live.state.audience
    finally:
        w.close()


def test_the_reading_panel_made_late_follows_links_and_the_audience(qtbot, tmp_path):
    """Made after the window, the Reading panel is wired as before: its term links move the 3D view, and it
    takes an audience chosen before it was made."""
    w = _window(qtbot, tmp_path)
    ex = w.explanations
    assert ex._documents is None
    w.set_audience("patient")  # before the panel exists
    docs = ex.documents
    try:
        assert docs.audience == "patient"
        docs.link_activated.emit("level", "L4")  # a term link in the text: the 3D view selects L4
        assert w.live.state.selection is not None and "L4" in str(w.live.state.selection)
    finally:
        w.close()


def test_a_document_opened_before_the_first_frame_is_kept(qtbot, tmp_path):
    w = _window(qtbot, tmp_path)
    w.explanations.show_article("red-flags")  # as a scene given on the command line does, before the loop runs
    w.resize(1280, 800)
    w.show()
    qtbot.waitUntil(lambda: w.first_frame.done, timeout=60_000)
    try:
        assert w.explanations.documents.current_source == "article:red-flags"
    finally:
        w.close()


def test_deferred_work_runs_once_in_order_and_not_after_close(qtbot, tmp_path):
    w = _window(qtbot, tmp_path)
    ran: list[str] = []
    w.first_frame.defer(lambda: ran.append("a"))
    w.first_frame.defer(lambda: ran.append("b"))
    assert ran == []  # nothing drawn yet
    w.first_frame.finish()  # something needed it sooner
    w.first_frame.finish()
    assert ran == ["a", "b"]
    w.first_frame.defer(lambda: ran.append("c"))  # after the start-up: at once
    assert ran == ["a", "b", "c"]
    w.close()

    w2 = _window(qtbot, tmp_path)
    w2.first_frame.defer(lambda: ran.append("never"))
    w2.close()
    w2.first_frame.finish()
    assert "never" not in ran


def test_the_coarse_bones_are_made_after_the_first_frame_by_themselves(qtbot, tmp_path):
    w = _window(qtbot, tmp_path)
    at_first_frame: list[int] = []
    w.plotter.ren_win.AddObserver(
        "EndEvent", lambda *_: on_screen(w) and at_first_frame.append(len(w.actors._coarse_mappers)))
    w.resize(1280, 800)
    w.show()
    try:
        qtbot.waitUntil(lambda: w.first_frame.done, timeout=60_000)
        assert at_first_frame[0] == 0  # none made on the start-up path
        qtbot.waitUntil(lambda: len(w.actors._coarse_mappers) == len(w.actors.bones), timeout=120_000)
    finally:
        w.close()


def test_nothing_is_drawn_before_the_window_is_on_screen(qtbot, tmp_path):
    """The spine is drawn once for the first frame, not first while the window is not yet mapped (nobody sees
    that frame; it was a whole render, shaders compiled, on the start-up path: issue 13, session 10).

    The native view only (the default on X11): pyvistaqt's widget, the fallback elsewhere, draws from its
    own ``paintGL`` and still draws once before the window is exposed.
    """
    from spineviz.app.native_view import NativeView

    w = _window(qtbot, tmp_path)
    if not isinstance(w.plotter, NativeView):
        w.close()
        pytest.skip("pyvistaqt's widget (SPINEVIZ_VIEW=qt, or no X11): its paintGL is not ours")
    renders: list[bool] = []
    w.plotter.ren_win.AddObserver("EndEvent", lambda *_: renders.append(on_screen(w)))
    w.resize(1280, 800)
    w.show()
    try:
        qtbot.waitUntil(lambda: w.first_frame.done, timeout=60_000)
        assert renders and renders[0], f"renders before the first frame on screen: {renders.index(True)}"
        assert w.first_frame.drawn
    finally:
        w.close()


def test_the_panels_open_as_wide_as_with_the_reading_panel_made_at_once(qtbot, tmp_path):
    """The Reading panel's place stands in for it at the size it asks for: the docks and the 3D view are laid
    out as when the panel was made with the window, and the place's size hint is a real panel's."""
    from spineviz.app.document_panel import DocumentPanel
    from spineviz.app.explain import READING_MIN_WIDTH

    sizes = []
    for eager in (False, True):
        w = _window(qtbot, tmp_path / str(eager))
        if eager:
            w.explanations.documents  # noqa: B018  (made before the window is shown, as before session 10)
        w.resize(1280, 800)
        w.show()
        qtbot.waitUntil(lambda w=w: w.first_frame.done, timeout=60_000)
        qtbot.wait(200)
        sizes.append((w.findChild(QDockWidget, "dockMotion").width(), w.plotter.interactor.size().toTuple()))
        w.close()
    assert sizes[0] == sizes[1]
    panel = DocumentPanel("clinician")
    panel.setMinimumWidth(READING_MIN_WIDTH)
    from spineviz.app.explain import _ReadingPlace

    assert _ReadingPlace().sizeHint() == panel.sizeHint()
    panel.deleteLater()
