"""The 3D view after a resize shows what ``spineviz render`` draws for the same scene at that size (zoom38, session 38).

The fault: after opening a preset and shrinking the window, the first frame drawn at the new size kept the framing of
the old size (the re-fit waited for a 60 ms timer), and a resize while the preset's camera glide was under way left
the glide to end on the camera framed for the old size, for good: at Qt's smallest window the spine overflowed the
110 px wide view by 60 px on each side. Each frame drawn is measured as it is drawn (the render window's EndEvent).
A glide under way when the size changes ends at once, framed for the new size.
"""

from __future__ import annotations

import numpy as np
import pytest

from spineviz.render.labels import project
from spineviz.render.scene_render import open_renderer
from spineviz.scene import Camera, SceneState
from spineviz.scene.presets import CHAIRSIDE

pytestmark = pytest.mark.gui

WHOLE = "whole-spine-overview"
SMALLEST = (1, 1)
"""Asked of the window: Qt gives it its smallest size (the panels' minimum widths; a 3D view about 110 px wide)."""
AGREE_PX = 2.0
"""How far (pixels) the spine's screen box in the window may lie from the CLI's: rounding of the fit [M]."""


def _box(renderer) -> np.ndarray:
    """(left, bottom, right, top) display pixels of the visible spine's surface points, as drawn now."""
    xy = project(renderer.plotter.renderer, renderer.framing_points())
    return np.array([*xy.min(axis=0), *xy.max(axis=0)])


def _inside(box, size) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= size[0] and box[3] <= size[1]


def _cli_box(window) -> np.ndarray:
    """The spine's box in ``spineviz render``'s picture of the window's scene at the 3D view's size."""
    r = open_renderer(window.live.state, tuple(window.plotter.window_size), spine=window.spine)
    try:
        return _box(r)
    finally:
        r.plotter.close()


def _settle(window, qtbot) -> None:
    qtbot.waitUntil(lambda: not window.camera.moving, timeout=30_000)
    qtbot.wait(200)  # the dock layout and any resize settle


def _resize_watching(window, qtbot, size) -> list[tuple[tuple[int, int], np.ndarray]]:
    """Resize the window to ``size`` and return (view size, spine box) of every frame drawn until it settles."""
    frames = []
    renderer = window.viewport.renderer
    ren_win = window.plotter.ren_win
    tag = ren_win.AddObserver("EndEvent", lambda *_: frames.append((tuple(ren_win.GetSize()), _box(renderer))))
    before = tuple(window.plotter.window_size)
    try:
        window.resize(*size)
        qtbot.waitUntil(lambda: tuple(window.plotter.window_size) != before, timeout=10_000)
        _settle(window, qtbot)
        window.render_now()
    finally:
        ren_win.RemoveObserver(tag)
    now = tuple(ren_win.GetSize())
    return [f for f in frames if f[0] == now]


@pytest.mark.parametrize("preset", [CHAIRSIDE, WHOLE])
def test_the_first_frame_after_a_resize_is_framed_for_the_new_size(window, qtbot, preset):
    window.scenes.open_preset(preset)
    _settle(window, qtbot)
    frames = _resize_watching(window, qtbot, SMALLEST)
    assert frames, "nothing drawn at the new size"
    cli = _cli_box(window)
    size, first = frames[0]
    assert _inside(first, size), f"the first frame at {size} cuts the spine: box {np.round(first, 1)}"
    assert np.abs(first - cli).max() <= AGREE_PX, f"first frame {np.round(first, 1)} vs the CLI {np.round(cli, 1)}"
    for size, box in frames:
        assert np.abs(box - cli).max() <= AGREE_PX, f"a frame at {size}: {np.round(box, 1)} vs {np.round(cli, 1)}"


@pytest.mark.parametrize("size", [(640, 480), SMALLEST])
def test_a_resize_during_a_presets_glide_ends_framed_for_the_new_size(window, qtbot, size):
    window.scenes.open_preset(CHAIRSIDE)
    qtbot.wait(40)
    assert window.camera.moving, "the preset's camera glide is under way"
    frames = _resize_watching(window, qtbot, size)
    assert not window.live.state.camera.explicit
    cli = _cli_box(window)
    for view, box in frames:  # the glide ends at once where it was going, framed for the new size
        assert _inside(box, view), f"the spine is cut at {view}: box {np.round(box, 1)}"
        assert np.abs(box - cli).max() <= AGREE_PX, f"window {np.round(box, 1)} vs spineviz render {np.round(cli, 1)}"


def test_a_zoom_to_the_selection_resized_midway_fits_the_new_size(window, qtbot):
    window.scenes.open_preset(CHAIRSIDE)
    _settle(window, qtbot)
    window.live.select("L4/5 right")
    window.zoom_to_selection()
    qtbot.wait(40)
    assert window.camera.moving, "the zoom's glide is under way"
    _resize_watching(window, qtbot, SMALLEST)
    cam = window.live.state.camera
    assert cam.explicit, "the zoom became the scene's camera"
    pad = 25.0  # what the zoom fits: the joint with 25 mm about it (MainWindow.zoom_to_selection)
    bounds = np.asarray(window.actors.cartilage[("L4/5 right", "lower")].bounds).reshape(3, 2) + [-pad, pad]
    corners = np.array(np.meshgrid(*bounds, indexing="ij")).reshape(3, -1).T
    xy = project(window.plotter.renderer, corners)
    size = window.plotter.window_size
    box = np.array([*xy.min(axis=0), *xy.max(axis=0)])
    assert _inside(box, size), f"the selected joint is cut at {tuple(size)}: box {np.round(box, 1)}"


def test_a_users_zoom_is_kept_on_a_resize(window, qtbot):
    """A zoom by keys stays the scene's zoom through a resize, from the first frame at the new size on."""
    window.scenes.open_preset(WHOLE)
    _settle(window, qtbot)
    for _ in range(3):
        window.view_keys.zoom(1.25)
        _settle(window, qtbot)
    zoom = window.live.state.camera.zoom
    assert zoom > 1.9
    frames = _resize_watching(window, qtbot, (800, 600))
    assert window.live.state.camera.zoom == zoom
    cli = _cli_box(window)
    for size, box in frames:
        assert np.abs(box - cli).max() <= AGREE_PX, f"a frame at {size}: {np.round(box, 1)} vs {np.round(cli, 1)}"
    # and the user's own camera (an orbit) is kept exactly
    window.view_keys.turn(20.0, 0.0)
    _settle(window, qtbot)
    cam = window.live.state.camera
    assert cam.explicit
    _resize_watching(window, qtbot, (700, 560))
    assert window.live.state.camera == cam
    assert np.allclose(window.plotter.camera.position, cam.position)
    assert np.allclose(window.plotter.camera.focal_point, cam.focal_point)


def test_an_explicit_cameras_zoom_is_applied_once(window, qtbot):
    """A scene's own camera with a zoom, turned by keys: the view stays what ``spineviz render`` draws of it.

    Each frame of an explicit camera zoomed the view angle again (VTK's ``Zoom`` narrows it): after one turn by keys
    a zoom of 2 drew 4 times as large as the scene says, and a resize kept it so.
    """
    window.live.set_state(SceneState(camera=Camera(view=None, position=(-900.0, -300.0, 250.0),
                                                   focal_point=(0.0, 0.0, 250.0), up=(0.0, 0.0, 1.0), zoom=2.0)))
    _settle(window, qtbot)
    window.view_keys.turn(10.0, 0.0)
    _settle(window, qtbot)
    assert window.live.state.camera.zoom == 2.0
    frames = _resize_watching(window, qtbot, (800, 600))
    cli = _cli_box(window)
    for size, box in frames:
        assert np.abs(box - cli).max() <= AGREE_PX, f"a frame at {size}: {np.round(box, 1)} vs {np.round(cli, 1)}"


# -- zoom39 (session 39): a resize refits the framing and the text, nothing else --

STEPS = 8
"""Steps of the drag from 1280x800 to 800x600 in the tests below (the measuring script takes 40) [M]."""


class _Calls:
    """How many times the scene's layers, pose and colours were applied, and the view refitted, while watched."""

    def __init__(self, window, monkeypatch) -> None:
        self.n = {"apply": 0, "layers": 0, "pose": 0, "colours": 0, "refit": 0}
        renderer, actors = window.viewport.renderer, window.actors
        for owner, attr, key in ((renderer, "apply", "apply"), (renderer, "_visibility", "layers"),
                                 (renderer, "_materials", "layers"), (actors, "apply_pose", "pose"),
                                 (actors, "set_facet_colours", "colours"), (renderer, "refit", "refit")):
            method = getattr(owner, attr, None)
            if method is not None:
                monkeypatch.setattr(owner, attr, self._counted(key, method))

    def _counted(self, key, method):
        def counted(*args, **kwargs):
            self.n[key] += 1
            return method(*args, **kwargs)
        return counted


def _texts(plotter) -> dict:
    """The title, caption, note and legend title as drawn: (text, position, font size) each; and the names' font."""
    from spineviz.render.marks import marks_of

    out = {}
    for name in ("title", "caption", "note", "legend_title"):
        actor = plotter.actors.get(name)
        if actor is not None:
            out[name] = (actor.GetInput(), tuple(actor.GetPosition()), actor.GetTextProperty().GetFontSize())
    out["names' font"] = marks_of(plotter).labels.font_size
    return out


def _cli_texts_and_box(window):
    r = open_renderer(window.live.state, tuple(window.plotter.window_size), spine=window.spine)
    try:
        return _texts(r.plotter), _box(r), r.bands
    finally:
        r.plotter.close()


def _drawn_at(window, qtbot, size) -> None:
    """Resize the window to ``size`` and wait until a frame at the view's new size has been drawn."""
    ren_win = window.plotter.ren_win
    drawn = []
    tag = ren_win.AddObserver("EndEvent", lambda *_: drawn.append(tuple(ren_win.GetSize())))
    try:
        window.resize(*size)
        view = window.plotter.interactor
        qtbot.waitUntil(lambda: bool(drawn) and drawn[-1] == (view.width(), view.height()), timeout=10_000)
    finally:
        ren_win.RemoveObserver(tag)


@pytest.mark.parametrize("preset", [CHAIRSIDE, WHOLE])
def test_a_drag_refits_the_framing_and_applies_the_scene_zero_times(window, qtbot, monkeypatch, preset):
    """A window dragged to 800x600: no layer, pose or colour applied again; the view as ``spineviz render`` draws it.

    Each step of a drag applied the whole scene again (session 38: every ``ConfigureEvent``), most of a step's
    main-thread work, though a size changes only the framing, the text and the names' font. Every frame drawn during
    the drag is fitted for its size (the first frame after a resize framed, zoom38).
    """
    window.scenes.open_preset(preset)
    _settle(window, qtbot)
    calls = _Calls(window, monkeypatch)
    ren_win, viewport = window.plotter.ren_win, window.viewport
    unfitted = []
    tag = ren_win.AddObserver("EndEvent", lambda *_: unfitted.append(tuple(ren_win.GetSize()))
                              if tuple(ren_win.GetSize()) != viewport._fitted_size else None)
    try:
        for k in range(1, STEPS + 1):
            _drawn_at(window, qtbot, (1280 - 480 * k // STEPS, 800 - 200 * k // STEPS))
        _settle(window, qtbot)
        window.render_now()
    finally:
        ren_win.RemoveObserver(tag)
    assert not unfitted, f"frames drawn at a size they were not fitted for: {unfitted}"
    assert calls.n["apply"] == calls.n["layers"] == calls.n["pose"] == calls.n["colours"] == 0, calls.n
    assert calls.n["refit"] >= STEPS, calls.n
    texts, cli_box, cli_bands = _cli_texts_and_box(window)
    assert _texts(window.plotter) == texts
    assert window.viewport.renderer.bands == cli_bands
    box = _box(window.viewport.renderer)
    assert np.abs(box - cli_box).max() <= AGREE_PX, f"window {np.round(box, 1)} vs the CLI {np.round(cli_box, 1)}"


def test_sizes_taken_between_two_frames_are_fitted_once(window, qtbot, monkeypatch):
    """Three sizes given to the view before a frame is drawn: one refit, for the size the frame is drawn at."""
    window.scenes.open_preset(CHAIRSIDE)
    _settle(window, qtbot)
    calls = _Calls(window, monkeypatch)
    view = window.plotter.interactor
    width, height = view.width(), view.height()
    for k in (1, 2, 3):  # a child widget's resize reaches its resizeEvent (and VTK's ConfigureEvent) at once
        view.resize(width - 60 * k, height - 40 * k)
    assert tuple(window.plotter.ren_win.GetSize()) == (width - 180, height - 120)
    window.render_now()
    assert calls.n["apply"] == 0 and calls.n["refit"] == 1, calls.n
    texts, cli_box, _bands = _cli_texts_and_box(window)
    assert _texts(window.plotter) == texts
    box = _box(window.viewport.renderer)
    assert np.abs(box - cli_box).max() <= AGREE_PX, f"window {np.round(box, 1)} vs the CLI {np.round(cli_box, 1)}"
