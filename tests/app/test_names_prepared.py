"""Issue 13, session 27: the names of the moments Play prepares are laid out with them, so a first pass lays out none.

Session 26 worked the cycle's moments out when Play starts (``LiveScene.prepare_cycle``) and kept the names' layouts
by what they depend on; a *first* pass still laid the names out in Python on every tick. Now each batch of the
cycle is passed on (``LiveScene.batch_prepared``) and the view lays its names out at once under the camera of now
(``ScreenLabels.prepare``: the same ``_plan``, kept under the same key), so a first pass's frames only apply kept
layouts. These tests fail on main, where none of ``batch_prepared``, ``prepare`` or ``layouts_prepared`` exist.
"""

from __future__ import annotations

import pytest

from spineviz.app.live_scene import FRAME_MS
from spineviz.render.marks import draw_marks, marks_of
from spineviz.render.posed import world_matrices
from spineviz.scene.state import at_time
from tests.app.playing import PacedClock, play_held
from tests.app.test_cycle_prepared import _gap, _names
from tests.app.test_moments_kept import _Clock, _picture

pytestmark = pytest.mark.gui


def _first_pass(window, start, ticks: int) -> tuple[list, int]:
    """``ticks`` ticks from ``start``, each drawn: (each frame's picture and names, layouts made in the handler)."""
    from tests.render.test_labels import _drawn_names, _fresh_layout

    live = window.live
    labels = marks_of(window.plotter).labels
    live.set_state(start)
    window.plotter.ren_win.Render()
    live._clock.n = 0
    made = labels.layouts_made
    drawn = []
    for _ in range(ticks):
        live._tick()
        window.plotter.ren_win.Render()
        drawn.append((_picture(window), _names(window)))
        fresh = _fresh_layout(labels)
        try:
            again = _drawn_names(fresh)
        finally:
            fresh.detach()
        assert drawn[-1][1][0] == again[0] and drawn[-1][1][2] == again[2].tolist(), "not where a fresh layout is"
        assert drawn[-1][1][3] == again[3]
    return drawn, labels.layouts_made - made


def _glide_over(window) -> None:
    from PySide6.QtWidgets import QApplication

    while window.viewport.camera.moving:
        QApplication.processEvents()


def test_a_first_pass_after_play_lays_out_no_names_and_draws_what_laying_them_out_draws(window):
    """Play lays the prepared moments' names out; a first pass then applies kept layouts only, the same picture.

    Play with a new preset glides the camera to frame its cycle: the names are laid out for where the glide ends.
    The same first pass with the names not prepared (session 26's path) lays out each tick's names in the render
    handler; both draw the same bones, colours and names, every name where a fresh layout puts it.
    """
    live = window.live
    labels = marks_of(window.plotter).labels
    play_held(window, _Clock(jitter=True))
    assert window.viewport.camera.moving, "Play with a new preset glides the camera"
    assert labels.layouts_prepared > 1000, "Play laid out the names of the cycle's moments"
    _glide_over(window)
    start = at_time(live.state, 0.5)
    prepared, made = _first_pass(window, start, 12)
    assert made == 0, "a first pass after Play lays out no names in the render handler"
    live.pause()
    labels._layouts.clear()
    labels.prepare_layouts = False
    play_held(window, _Clock(jitter=True))
    _glide_over(window)
    assert len(labels._layouts) == 0
    afresh, made = _first_pass(window, start, 12)
    assert made == 12, "with the preparation off each frame lays its names out (session 26)"
    assert prepared == afresh
    live.pause()


def test_every_moment_of_the_cycle_has_the_layout_a_single_layout_gives(window):
    """For each moment Play prepared, the kept layout is under the key its frame will have and is the single layout.

    Every moment of ``extension_rotation``'s cycle: its names' anchors worked out as a tick works them out (the
    actors' world matrices, ``draw_marks``), the key ``_on_render`` would look up, and the plan kept there equal to
    the one ``_plan`` gives for that moment alone: each name's side, visibility, place, the hidden ones, the leader
    points, byte for byte.
    """
    live = window.live
    labels = marks_of(window.plotter).labels
    play_held(window, _Clock())
    _glide_over(window)
    renderer = window.viewport.renderer
    spine, plotter = renderer.spine, window.plotter
    font = labels.font_size
    box = labels.keepout()
    moments = list(live._kept.values())
    assert len(moments) > 1000
    for _key, (pose, _colours, _summary) in moments:
        transforms = pose.transforms
        draw_marks(plotter, spine, renderer.state, transforms, font, world_matrices(spine, transforms))
        key = labels._layout_key(box)
        kept = labels._layouts.get(key)
        assert kept is not None, "a prepared moment without its layout"
        alone = labels._plan(box)
        names, hidden, ends, width, placed = kept
        assert names == alone[0] and hidden == alone[1] and width == alone[3] and placed == alone[4]
        assert ends.dtype == alone[2].dtype and ends.tobytes() == alone[2].tobytes()
    live.pause()


def test_a_camera_or_window_change_leaves_the_prepared_layouts_unused(window, qtbot):
    """Layouts prepared under one camera are not applied under another: the frame lays its names out afresh."""
    live = window.live
    labels = marks_of(window.plotter).labels
    play_held(window, _Clock())
    _glide_over(window)
    start = at_time(live.state, 0.5)
    _drawn, made = _first_pass(window, start, 3)
    assert made == 0
    window.plotter.camera.Azimuth(12.0)  # the camera moved after the layouts were prepared
    _drawn, made = _first_pass(window, start, 3)
    assert made == 3, "under another camera each frame lays its names out"
    window.plotter.camera.Azimuth(-12.0)
    window.resize(1180, 760)  # another window size: another projection and viewport
    qtbot.waitUntil(lambda: tuple(window.plotter.renderer.GetSize()) != (0, 0), timeout=5000)
    size = tuple(window.plotter.renderer.GetSize())
    _drawn, made = _first_pass(window, start, 3)
    if size != tuple(labels._layout_key(labels.keepout())[1]):
        pytest.fail("the renderer's size is not the key's")
    assert made == 3, "in another window size each frame lays its names out"
    live.pause()


def test_no_layout_is_prepared_while_the_user_drags_the_camera_or_the_names_are_off(window):
    """A camera being dragged would make prepared layouts useless; names hidden have none to lay out."""
    live = window.live
    labels = marks_of(window.plotter).labels
    window.viewport._interacting = True  # between VTK's start and end of an interaction
    try:
        play_held(window, _Clock())
    finally:
        window.viewport._interacting = False
    assert labels.layouts_prepared == 0
    assert len(live._kept) > 1000, "the moments are prepared all the same"
    live.pause()
    live.forget_moments()
    live.update_layers(labels=False)
    live.play()
    assert live.cycles_prepared == 2 and labels.layouts_prepared == 0
    live.pause()


def test_within_plays_budget_the_names_wait_for_the_gaps(window):
    """Play's budget buys moments only (each saves a tick more than its names do); the gaps lay their names out.

    With a budget of 0 ms Play prepares one batch of moments and lays out no names; gap after gap the rest of the
    cycle is worked out with its names, then the names of the moments Play prepared; a first pass then lays out
    no names and draws every name where a fresh layout puts it.
    """
    live = window.live
    labels = marks_of(window.plotter).labels
    play_held(window, PacedClock(12), budget_ms=0.0)
    assert labels.layouts_prepared == 0, "no names laid out within Play's budget"
    assert len(window.viewport._waiting[1]) == live.cycle_made_at_once > 0
    _glide_over(window)
    live.timer.start(FRAME_MS)  # the app's pace (play_held holds the clock); the test makes the ticks
    gaps = 0
    while live._pending or window.viewport._waiting[1]:
        live._due_ms = _gap(21)
        live.prepare_ahead()
        gaps += 1
        assert gaps < 1000
    assert labels.layouts_prepared > 1600  # one per distinct set of anchors (some moments share their pose)
    live.timer.start(2**31 - 1)
    _drawn, made = _first_pass(window, at_time(live.state, 0.0), 10)
    assert made == 0, "the first pass finds every layout made in the gaps"
    live.pause()
