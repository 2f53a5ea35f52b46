"""Issue 13 in the window: coarse bones while the picture moves, the full ones back by themselves at rest."""

import numpy as np
import pytest

from spineviz.render.look import XRAY_OPACITY

pytestmark = pytest.mark.gui


def _shown(window) -> np.ndarray:
    """The frame on screen now, as last drawn (PyVista's screenshot does not render by itself)."""
    return window.plotter.screenshot(return_img=True)


def _at_rest(window, qtbot) -> None:
    qtbot.waitUntil(lambda: not window.camera.moving and not window.actors.coarse, timeout=30_000)
    qtbot.wait(60)  # let the queued repaint happen


def test_play_draws_coarse_and_rest_brings_back_the_full_picture(window, qtbot):
    window.viewport.prepare_detail()
    window.live.update(loads=True)
    window.live.update_layers(labels=True)
    _at_rest(window, qtbot)
    full = window.actors.triangles_drawn()
    window.live.play("flexion_extension")
    qtbot.waitUntil(lambda: window.live.frames >= 3, timeout=10_000)
    assert window.actors.coarse
    assert window.actors.triangles_drawn() < 0.5 * full
    window.live.pause()
    _at_rest(window, qtbot)
    assert window.actors.triangles_drawn() == full
    shown = _shown(window)
    assert np.array_equal(shown, window.viewport.renderer.snapshot()), "the picture at rest is full detail"


def test_dragging_the_camera_is_coarse_until_released(window, qtbot):
    window.viewport.prepare_detail()
    _at_rest(window, qtbot)
    iren = window.plotter.iren.interactor
    w, h = window.plotter.window_size
    iren.SetEventInformation(w // 2, h // 2)
    iren.InvokeEvent("LeftButtonPressEvent")
    iren.SetEventInformation(w // 2 + 40, h // 2 + 10)
    iren.InvokeEvent("MouseMoveEvent")
    assert window.actors.coarse, "orbiting draws the coarse bones"
    iren.InvokeEvent("LeftButtonReleaseEvent")
    _at_rest(window, qtbot)
    assert window.live.state.camera.explicit, "the orbit became the scene's camera"
    assert np.array_equal(_shown(window), window.viewport.renderer.snapshot())


def test_a_still_window_renders_nothing(window, qtbot):
    """On demand, not on a timer: with nothing changing, no frame is drawn."""
    _at_rest(window, qtbot)
    window.viewport.prepare_detail()
    qtbot.wait(200)
    renders = []
    tag = window.plotter.ren_win.AddObserver("EndEvent", lambda *_: renders.append(1))
    try:
        qtbot.wait(500)
    finally:
        window.plotter.ren_win.RemoveObserver(tag)
    assert renders == []


def _grid_picks(window, step: int = 12) -> dict:
    w, h = window.plotter.window_size
    return {(x, y): window.picker.pick_at(x, y) for x in range(step // 2, w, step) for y in range(step // 2, h, step)}


def test_a_click_while_playing_picks_what_it_picks_at_rest(window, qtbot):
    """The moving picture (coarse bones) picks exactly like the still one: picks cast against the full parts."""
    window.viewport.prepare_detail()
    window.live.update(loads=True)
    window.live.set_region("lumbar")
    _at_rest(window, qtbot)
    window.live.update_layers(bone_transparency=1.0 - XRAY_OPACITY)  # x-ray: the cartilage is seen and picked
    _at_rest(window, qtbot)
    window.live.play("flexion_extension")
    window.live.timer.start(2**31 - 1)  # playing; the test makes the ticks
    qtbot.waitUntil(lambda: not window.camera.moving, timeout=30_000)  # the glide to the animation's framing
    for _ in range(3):
        window.live._tick()
    qtbot.wait(20)
    assert window.actors.coarse
    moving = _grid_picks(window)
    assert window.actors.coarse, "picking leaves the moving picture as it was"
    window.live.pause()
    _at_rest(window, qtbot)
    still = _grid_picks(window)
    assert sum(v is not None and v[0] == "facet" for v in still.values()) >= 3, "the grid finds the cartilage"
    assert moving == still


def test_ticks_of_play_measure_the_view_only_when_the_camera_moved(window, qtbot, monkeypatch):
    """Issue 13: each tick asks whether the bones are distant; the camera is read again only when it changed.

    The whole spine in the window is under ``DISTANT_PX_PER_MM`` (distant bones while playing); zoomed in
    on the lumbar region it is over (the 1,500-triangle bones): the answer still follows the camera.
    """
    import spineviz.render.scene_render as scene_render
    from spineviz.render.coarse import DISTANT_PX_PER_MM

    window.viewport.prepare_detail()
    live, camera = window.live, window.plotter.camera
    live.play("extension_rotation")
    live.timer.start(2**31 - 1)  # playing; the test makes the ticks
    for _ in range(3):
        live._tick()
        qtbot.wait(5)
    qtbot.waitUntil(lambda: not window.camera.moving, timeout=30_000)  # the glide to the framing is over
    measured = []
    real = scene_render.pixels_per_mm
    monkeypatch.setattr(scene_render, "pixels_per_mm", lambda plotter: measured.append(1) or real(plotter))
    for _ in range(8):
        live._tick()
        window.plotter.ren_win.Render()
    assert len(measured) <= 1, f"the still camera was measured {len(measured)} times in 8 ticks"
    assert window.actors.coarse and window.actors.distant and real(window.plotter) < DISTANT_PX_PER_MM
    before = len(measured)
    camera.zoom(3.0)  # the user zooms in while it plays: vertebrae large on screen
    live._tick()
    assert len(measured) == before + 1 and real(window.plotter) > DISTANT_PX_PER_MM
    assert window.actors.coarse and not window.actors.distant, "the moving bones follow the new camera"
    live.pause()
