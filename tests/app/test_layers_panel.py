"""The layers panel's load colour scale: the app's control for a scene's ``layers.load_range``.

Until session 13 only a scene file could set a scene's own load scale (the rotation and flexion presets use
0-80 N); the window honoured it but offered no way to set or clear it. These tests use the control as a
clinician does (click "Own scale", change the top) and check what they would see: the panel's legend
ticks, the 3D view's facet colours (the cartilage's own colour, against the colour map on the chosen
scale), and that saving and opening the scene brings the scale back.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from spineviz.anatomy.levels import parse_facet_joint
from spineviz.render import look
from spineviz.scene import load_scene
from spineviz.scene.presets import load_preset

pytestmark = pytest.mark.gui


def _facet_rgb(window, joint: str) -> np.ndarray:
    return np.array(window.actors.cartilage[(joint, "lower")].prop.color.float_rgb)


def _wanted_rgb(window, joint: str, scale: tuple[float, float]) -> np.ndarray:
    """The colour the joint's load should have on ``scale``, from the model's loads and the colour map."""
    k = parse_facet_joint(joint).index
    return look.newton_colours(window.live.loads().newtons, scale)[k]


def _ticks(window) -> list[str]:
    return [w for _, w in window.layers_panel.legend.ticks]


@pytest.fixture
def extended(window, qtbot):
    """Extension with loads on, for a clinician, on the fixed scale: the joints sit in one part of it."""
    from spineviz.motion import Motion

    window.live.update(loads=True, audience="clinician")
    window.live.set_motion(Motion(flexion=-10.0, region="lumbar"))
    window.live.update_layers(load_range=None)
    qtbot.waitUntil(lambda: window.viewport.renderer.last.get("load_top") == look.LOAD_SCALE_N, timeout=5000)
    return window


def test_own_scale_recolours_the_facets_and_the_legend_then_returns_to_the_fixed_one(extended, qtbot):
    window = extended
    scale = window.layers_panel.scale
    assert scale.isVisible() and not scale.own.isChecked() and not scale.high.isEnabled()
    joint, top = window.live.loads().most_loaded(1)[0]
    fixed = _wanted_rgb(window, joint, look.FIXED_LOAD_SCALE)
    assert np.allclose(_facet_rgb(window, joint), fixed, atol=0.01)
    assert _ticks(window)[-1] == "250"

    scale.own.click()
    want_top = 10 * math.ceil(top / 10)
    assert window.live.state.layers.load_range == (0.0, want_top)  # the one scene state, not a copy
    qtbot.waitUntil(lambda: window.viewport.renderer.last.get("load_top") == want_top, timeout=5000)
    assert _ticks(window)[-1] == f"{want_top:.0f}" and scale.high.value() == want_top
    own = _wanted_rgb(window, joint, (0.0, want_top))
    assert np.abs(own - fixed).sum() > 0.3, (own, fixed)  # the top of its own scale: visibly another colour
    assert np.allclose(_facet_rgb(window, joint), own, atol=0.01)

    scale.high.setValue(400)  # a user's edit (the spin box's signal, as arrows or typing send it)
    assert window.live.state.layers.load_range == (0.0, 400.0)
    qtbot.waitUntil(lambda: _ticks(window)[-1] == "400", timeout=5000)
    assert np.allclose(_facet_rgb(window, joint), _wanted_rgb(window, joint, (0.0, 400.0)), atol=0.01)

    scale.low.setValue(500)  # above the top: refused, the control shows the scene's range again
    assert window.live.state.layers.load_range == (0.0, 400.0)
    assert scale.low.value() == 0

    scale.own.click()
    assert window.live.state.layers.load_range is None
    qtbot.waitUntil(lambda: _ticks(window)[-1] == "250", timeout=5000)
    assert np.allclose(_facet_rgb(window, joint), fixed, atol=0.01)
    assert not scale.high.isEnabled()


def test_a_scenes_own_scale_shows_in_the_control_and_survives_save_and_open(window, qtbot, tmp_path):
    window.live.set_state(load_preset("rotation-loads-the-opposite-facet"))
    window.live.update(audience="clinician")
    scale = window.layers_panel.scale
    qtbot.waitUntil(lambda: scale.own.isChecked(), timeout=5000)
    assert (scale.low.value(), scale.high.value()) == (0, 80)

    scale.high.setValue(120)
    out = tmp_path / "scale.toml"
    assert window.scenes.save_to(out)
    assert load_scene(out).layers.load_range == (0.0, 120.0)

    scale.own.click()  # back to the fixed scale, then open the saved scene
    assert window.live.state.layers.load_range is None
    assert window.scenes.open_path(out)
    assert window.live.state.layers.load_range == (0.0, 120.0)
    qtbot.waitUntil(lambda: scale.own.isChecked() and scale.high.value() == 120, timeout=5000)
    assert _ticks(window)[-1] == "120"


def test_patients_never_see_the_newton_scale(extended, qtbot):
    window = extended
    window.live.update(audience="patient")
    qtbot.waitUntil(lambda: not window.layers_panel.scale.isVisible(), timeout=5000)
