"""Issue 13: a tick of Play computes the moment's facet loads once, for the 3D view and the side panels alike.

The renderer colours the facets from the loads of the moment and the Display panel names the most loaded
joints from them; both read :class:`~spineviz.app.live_scene.LiveScene`'s one result, so the panel's
figures are the ones the picture is coloured by and no tick pays for the loads twice.
"""

import re

import numpy as np
import pytest

import spineviz.app.live_scene as live_scene
import spineviz.motion.loads as loads_module
from spineviz.anatomy.levels import parse_facet_joint
from spineviz.app.live_scene import PANEL_MS

pytestmark = pytest.mark.gui


def _counted(monkeypatch, calls: list):
    """Count every facet-load computation, wherever the app or the renderer asks for one."""
    real = loads_module.facet_loads

    def counted(model, p):
        calls.append(p)
        return real(model, p)

    monkeypatch.setattr(loads_module, "facet_loads", counted)
    monkeypatch.setattr(live_scene, "facet_loads", counted)


class _Clock:
    """The playback clock, 33 ms a tick (Play's timer): back-to-back ticks would not reach a new moment."""

    def start(self) -> None:
        pass

    def restart(self) -> int:
        return 33


def test_a_tick_computes_the_loads_once_and_the_panel_shows_the_renderers_figures(window, qtbot, monkeypatch):
    live = window.live
    live.update(loads=True)
    live.select("L4/5 left")  # the information panel shows this joint's load too
    live.prepare_cycles = False  # the ticks work their moments out (session 26 prepares a whole cycle on Play)
    live.play("flexion_extension")
    live.timer.start(2**31 - 1)  # playing, but the test makes the ticks: none comes by itself
    qtbot.wait(PANEL_MS + 100)
    live._clock = _Clock()  # the time moves in whole steps (MOMENT_STEPS): each tick a new moment
    calls: list = []
    _counted(monkeypatch, calls)
    ticks = 4
    for _ in range(ticks):
        live._tick()
    live.pause()  # the panels are told of the moment reached, at once
    assert len(calls) == ticks, f"{len(calls)} load computations for {ticks} ticks and one panel update"
    rendered = window.viewport.renderer.last["newtons"]
    assert np.array_equal(live.loads().newtons, rendered)
    shown = re.findall(r"([CTL]\d+/[CTLS]?\d+ (?:left|right)) \((\d+) N\)", window.layers_panel.most.text())
    assert len(shown) == 3, window.layers_panel.most.text()
    for name, newtons in shown:
        assert int(newtons) == round(float(rendered[parse_facet_joint(name).index]))
    joint = float(rendered[parse_facet_joint("L4/5 left").index])
    assert f"load {joint:.0f} N" in window.info_panel.body.text()


def _property_times(actors) -> dict:
    """Each spine actor's property modification time: a change makes VTK rebuild that actor before its draw."""
    parts = {**{("bone", k): a for k, a in actors.bones.items()}, **{("disc", k): a for k, a in actors.discs.items()},
             **{("facet", k): a for k, a in actors.cartilage.items()}}
    return {key: a.GetProperty().GetMTime() for key, a in parts.items()}


def _drawn_colours(actors) -> dict:
    """The colour each cartilage layer is drawn in: its shader's colour uniform, or the merged array while its
    vertebra is drawn merged (``tests/render/drawn.py``; session 29)."""
    from tests.render.drawn import drawn_layer_colours

    return drawn_layer_colours(actors)


def test_ticks_of_play_recolour_the_picture_without_touching_a_property(window, qtbot):
    """Issue 13: a tick recolours the 96 cartilage layers through shader uniforms, not their properties.

    A property written makes VTK rebuild its actor's buffers and shader before the next draw: 96 of them a
    tick made the tick's render about a fifth dearer than a bare render (docs/performance.md, session 8).
    When playback stops the properties hold exactly the load colours of the moment reached.
    """
    from spineviz.render import look

    live, actors = window.live, window.actors
    live.update(loads=True)
    live.play("extension_rotation")
    live.timer.start(2**31 - 1)  # playing; the test makes the ticks
    live._tick()
    qtbot.wait(20)
    times, drawn = _property_times(actors), _drawn_colours(actors)
    renders: list = []
    window.plotter.ren_win.AddObserver("EndEvent", lambda *_: renders.append(1))
    ticks = 6
    for _ in range(ticks):
        qtbot.wait(15)  # a moment later, so the loads (and colours) differ
        live._tick()
        window.plotter.ren_win.Render()
    changed = [key for key, t in _property_times(actors).items() if t != times[key]]
    assert changed == [], f"{len(changed)} spine properties modified over {ticks} ticks, e.g. {changed[:3]}"
    now = _drawn_colours(actors)
    recoloured = [key for key in now if not np.allclose(now[key], drawn[key], atol=1e-6)]
    assert len(recoloured) >= 10, "the picture's facet colours follow the loads while playing"
    live.pause()
    want = look.newton_colours(live.loads().newtons)
    for jid_index, jid in enumerate(actors.spine.model.joints):
        for which in ("upper", "lower"):
            actor = actors.cartilage[(jid.name, which)]
            assert np.allclose(actor.GetProperty().GetColor(), want[jid_index], atol=1e-9), jid.name
            assert np.allclose(_drawn_colours(actors)[(jid.name, which)], want[jid_index], atol=1e-6)
