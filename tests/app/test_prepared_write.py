"""Issue 13, session 34: a tick whose moment Play prepared is one prepared write.

``SceneRenderer.prepare_writes`` works out, with each moment Play prepares, the world matrices and the names its frame
writes. Since session 34 such a tick's frame, when the scene is the last frame's but for its moment, only copies the
matrices into the actors (``SpineActors.write_moment``), hands the kept colours to the merged array as they are
(``MergedParts.write_kept``: no copy, no comparison of values) and the names' anchors to the labels: the marks, the
names' texts and the colours' checks are not looked at again, and the names' handler takes the anatomy's last box.
Here the work is counted (fails on main, where every tick runs ``Marks.update``, ``apply_pose``,
``set_facet_colours`` and the merged array's copy and comparison, and works the box's key out), and what the prepared
write leaves is compared with what the long way leaves for the same moment: every matrix, the merged array, each
layer's drawn colour, the names, their anchors and places, and the picture itself, across x-ray and a region change
while playing.
"""

from __future__ import annotations

import numpy as np
import pytest

from spineviz.render import look
from spineviz.render.marks import Marks, marks_of
from spineviz.render.merged import COLOURS_UNIFORM, MergedParts
from spineviz.render.spine_actors import SpineActors
from spineviz.scene.state import at_time
from tests.app.playing import play_held
from tests.app.test_moments_kept import _Clock
from tests.render.drawn import drawn_layer_colours
from tests.render.onscreen import image

pytestmark = pytest.mark.gui


def _written(window) -> dict:
    """What the last frame wrote and drew: matrices, the merged array, the layers' colours, the names, the picture."""
    actors, renderer = window.actors, window.viewport.renderer
    labels = marks_of(window.plotter).labels
    flat = [0.0] * (3 * len(actors.spine.model.joints))
    if actors._merged is not None:
        actors._merged.uniforms.GetUniform1fv(COLOURS_UNIFORM, flat)
    pixels = image(renderer)  # renders: the names' handler lays the names out for this moment
    return {"matrices": [[m.GetElement(i, j) for i in range(4) for j in range(4)] for m in actors._matrices],
            "world": actors.world.tobytes(), "transforms": actors.transforms.tobytes(),
            "merged": flat if actors.merged else None, "layers": drawn_layer_colours(actors),
            "texts": list(labels.texts), "joints": list(labels.joints), "anchors": labels.anchors.tobytes(),
            "places": [labels.position(i) for i in range(len(labels.texts))], "pixels": pixels,
            "merged levels": actors.merged, "summary": renderer.last}


def test_a_prepared_moments_tick_makes_one_write_and_no_checks(window, monkeypatch):
    live, renderer = window.live, window.viewport.renderer
    play_held(window, _Clock())  # the whole cycle prepared, with each moment's writes
    live.set_state(at_time(live.state, 0.5))
    live._tick()  # the first tick after a change of state goes the long way
    window.plotter.ren_win.Render()
    counts = {"Marks.update": 0, "apply_pose": 0, "set_facet_colours": 0, "MergedParts.write": 0,
              "_framing_key": 0}

    def counting(owner, name):
        own = getattr(owner, name)

        def wrapper(*a, **k):
            counts[name if name in counts else f"{owner.__name__}.{name}"] += 1
            return own(*a, **k)

        monkeypatch.setattr(owner, name, wrapper)

    counting(Marks, "update")
    counting(SpineActors, "apply_pose")
    counting(SpineActors, "set_facet_colours")
    counting(MergedParts, "write")
    counting(type(renderer), "_framing_key")
    hits, before = live.moment_hits, getattr(renderer, "prepared_frames", 0)
    for _ in range(6):
        live._tick()
        window.plotter.ren_win.Render()
    assert live.moment_hits - hits == 6, "each tick found its prepared moment"
    assert window.actors.merged, "the whole spine moving is drawn merged"
    assert counts == {"Marks.update": 0, "apply_pose": 0, "set_facet_colours": 0, "MergedParts.write": 0,
                      "_framing_key": 0}, counts
    assert renderer.prepared_frames - before == 6
    renderer.prepared_writes = False  # main's path: every tick the long way
    for _ in range(3):
        live._tick()
        window.plotter.ren_win.Render()
    assert counts["Marks.update"] == 3 and counts["apply_pose"] == 3 and counts["set_facet_colours"] == 3
    assert counts["_framing_key"] == 3
    live.pause()


def test_the_prepared_write_leaves_what_the_long_way_leaves(window):
    live, renderer = window.live, window.viewport.renderer
    play_held(window, _Clock())
    live.set_state(at_time(live.state, 0.5))
    quick = 0
    for tick in range(14):
        if tick == 5:  # x-ray while it plays: every level drawn by its own actors, the layers by their uniforms
            live.update_layers(bone_transparency=1.0 - look.XRAY_OPACITY)
        if tick == 8:
            live.update_layers(bone_transparency=0.0)
        if tick == 11:  # the lumbar region: most joints hidden, written red -1 in the merged array
            live.set_region("lumbar")
        made = renderer.prepared_frames
        live._tick()
        quick += renderer.prepared_frames - made
        prepared = _written(window)
        renderer._quick = None  # the same moment again, the long way
        renderer.__dict__.pop("_box_quick", None)
        again = renderer.prepared_frames
        renderer.set_motion(live.motion_of(live.state), settle=False)
        assert renderer.prepared_frames == again, "the long way"
        long_way = _written(window)
        for key, value in long_way.items():
            if key == "pixels":
                assert np.array_equal(prepared[key], value), f"tick {tick}: the picture differs"
            else:
                assert prepared[key] == value, f"tick {tick}: {key} differs"
    assert quick >= 8, f"the ticks of an unchanged scene made prepared writes ({quick} of 14)"
    live.pause()


def test_back_to_back_prepared_writes_leave_what_the_long_way_leaves(window):
    """Six prepared ticks drawn one after another (Play's own case: no long-way frame between them, so the skips of
    "the same colours as the last frame" in ``SpineActors`` and ``MergedParts`` are what run), then the last moment
    compared with the long way's for it, as above (the session-34 review's gap in the test before this one)."""
    live, renderer = window.live, window.viewport.renderer
    play_held(window, _Clock())
    live.set_state(at_time(live.state, 0.25))
    made = renderer.prepared_frames
    for _ in range(6):
        live._tick()
        window.plotter.ren_win.Render()
    assert renderer.prepared_frames - made >= 5, "back-to-back ticks of an unchanged scene made prepared writes"
    prepared = _written(window)
    renderer._quick = None
    renderer.__dict__.pop("_box_quick", None)
    renderer.set_motion(live.motion_of(live.state), settle=False)
    long_way = _written(window)
    for key, value in long_way.items():
        if key == "pixels":
            assert np.array_equal(prepared[key], value), "the picture differs"
        else:
            assert prepared[key] == value, f"{key} differs"
    live.pause()
