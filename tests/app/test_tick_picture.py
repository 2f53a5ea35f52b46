"""Issue 13, session 16: a tick of Play draws what the scene at that moment asks for, computed afresh.

Session 16 made the tick's own work cheaper: the facet loads from precomputed sample products, the actors'
world matrices shared with the names, the bones' see-through state watched instead of read on every tick,
the names' level list and the joints shown worked out once. Each of those could leave something drawn from
a stale value. Here the window plays with a stand-in clock, and after each tick (and its render) what the
window holds is compared with values computed directly for the state's moment, the way a still image
computes them: every vertebra's matrix, every cartilage layer's colour, every name's anchor and the place
the layout gives it, the discs' opacity while moving, and the panel's three most-loaded joints.

Session 29: a layer's colour is read from what the renderer draws it from (``tests/render/drawn.py``): its own
uniform when its actor is drawn, the merged array while its vertebra is drawn merged (its own uniform is then
written only when it comes back).
"""

from __future__ import annotations

import numpy as np
import pytest
from vtkmodules.vtkCommonMath import vtkMatrix4x4

from spineviz.anatomy.levels import LEVELS
from spineviz.motion.loads import facet_loads
from spineviz.motion.pose import pose
from spineviz.render import look
from spineviz.render.marks import level_anchor_points, marks_of
from spineviz.render.posed import world_matrices
from tests.app.playing import play_held
from tests.render.drawn import drawn_layer_colours

pytestmark = pytest.mark.gui


class _Clock:
    """The playback clock, 33 ms a tick whatever the machine's speed (the moments are then the same each run)."""

    def start(self) -> None:
        pass

    def restart(self) -> int:
        return 33


def _matrix(m: vtkMatrix4x4) -> np.ndarray:
    return np.array([[m.GetElement(i, j) for j in range(4)] for i in range(4)])


def _check_tick(window) -> None:
    live, actors = window.live, window.actors
    state = live.state
    spine, model = actors.spine, actors.spine.model
    p = pose(model, state.current_motion())  # afresh: not the app's cache
    world = world_matrices(spine, p.transforms)
    for lv in LEVELS:
        if lv.name in actors.bones:
            got = _matrix(actors.bones[lv.name].GetUserMatrix())
            assert np.array_equal(got, world[lv.index]), f"{lv.name} drawn at another pose"
    loads = facet_loads(model, p)
    want = look.newton_colours(loads.newtons, look.load_scale(state.layers.load_range))
    drawn = drawn_layer_colours(actors)
    for k, joint in enumerate(model.joints):
        for which in ("upper", "lower"):
            value = drawn[(joint.name, which)]
            if value is None:  # left out of its vertebra's merged mesh: drawn in no colour, so hidden
                assert not actors.cartilage[(joint.name, which)].GetVisibility(), (joint.name, which)
                continue
            assert np.allclose(value, want[k], atol=1e-6), (joint.name, which, value, want[k])
    labels = marks_of(window.plotter).labels
    anchors, texts = level_anchor_points(spine, p.transforms, set(state.visible_levels()))
    assert labels.texts == texts
    assert np.array_equal(labels.anchors, anchors), "the names point at the pose drawn"
    drawn = [labels.position(i) for i in range(len(texts))]
    labels.layout()  # laid out again now, for this camera and these anchors
    assert [labels.position(i) for i in range(len(texts))] == drawn, "the names stand where this pose puts them"
    see_through = any(a.GetProperty().GetOpacity() < 1.0 for a in actors.bones.values() if a.GetVisibility())
    opacity = float(look.DISC["opacity"]) if see_through else 1.0
    assert all(d.GetProperty().GetOpacity() == pytest.approx(opacity) for d in actors.discs.values())
    shown = set(state.visible_segments())
    top = [(name, n) for name, n in loads.most_loaded(48) if name.split()[0] in shown][:3]
    assert [name for name, _n in window.viewport.renderer.last["most_loaded"]] == [name for name, _n in top]


def test_each_tick_draws_the_moment_computed_afresh(window, qtbot):
    play_held(window, _Clock())
    live = window.live
    for tick in range(24):
        if tick == 8:  # x-ray while it plays: the discs keep their translucency
            live.update_layers(bone_transparency=1.0 - look.XRAY_OPACITY)
        if tick == 14:
            live.update_layers(bone_transparency=0.0)
        if tick == 18:
            live.set_region("lumbar")
        live._tick()
        window.plotter.ren_win.Render()
        assert window.actors.coarse, "the moving picture"
        _check_tick(window)
    assert live.frames >= 24
    live.pause()
