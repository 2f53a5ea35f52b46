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


def test_a_tick_computes_the_loads_once_and_the_panel_shows_the_renderers_figures(window, qtbot, monkeypatch):
    live = window.live
    live.update(loads=True)
    live.select("L4/5 left")  # the information panel shows this joint's load too
    live.play("flexion_extension")
    live.timer.start(2**31 - 1)  # playing, but the test makes the ticks: none comes by itself
    qtbot.wait(PANEL_MS + 100)
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
