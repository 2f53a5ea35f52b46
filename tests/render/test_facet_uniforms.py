"""Issue 13: the facet load colours reach the screen through shader uniforms, pixel for pixel as before.

A tick of Play recolours the 96 cartilage layers. Written to each layer's VTK property, every new colour
made VTK rebuild that actor before its next draw (about a fifth of a moving frame in llvmpipe,
docs/performance.md, session 8). The colours now go to a uniform of each layer's shader; a tick
leaves the properties alone until playback stops. These tests pin that a recolouring without settling
modifies no property, and that the picture is exactly the one VTK draws from the properties themselves.
"""

import numpy as np
import pytest

from spineviz.anatomy.spine import load_spine
from spineviz.motion import parse_motion
from spineviz.render import look
from spineviz.render.scene_render import open_renderer
from spineviz.render.spine_actors import COLOUR_UNIFORM
from spineviz.scene import Camera, Layers, SceneState

pytestmark = pytest.mark.render

SIZE = (420, 560)
STATE = SceneState(region="lumbar", loads=True, camera=Camera(view="posterior"), layers=Layers(labels=True),
                   motion=parse_motion("extension=15, rotation=6", region="lumbar"))
OTHER = parse_motion("flexion=20, bend=-8", region="lumbar")


@pytest.fixture(scope="module")
def renderer():
    r = open_renderer(STATE, SIZE, spine=load_spine(lod="default"))
    yield r
    r.plotter.close()


def _shot(r) -> np.ndarray:
    r.plotter.render()
    return np.asarray(r.plotter.screenshot(return_img=True)).copy()


def test_recolouring_without_settling_touches_no_property_and_draws_what_the_properties_would(renderer):
    r = renderer
    cartilage = r.actors.cartilage
    before_picture = _shot(r)
    times = {key: a.GetProperty().GetMTime() for key, a in cartilage.items()}
    summary = r.set_motion(OTHER, settle=False)
    assert all(a.GetProperty().GetMTime() == times[key] for key, a in cartilage.items()), "a property was written"
    moving = _shot(r)
    assert np.abs(moving.astype(int) - before_picture.astype(int)).max() > 0, "the new moment looks different"

    # the same moment drawn by VTK from the properties alone: settle them and take the uniforms away
    r.actors.settle_colours()
    want = look.newton_colours(summary["newtons"])
    for k, joint in enumerate(r.spine.model.joints):
        assert np.allclose(cartilage[(joint.name, "upper")].GetProperty().GetColor(), want[k], atol=1e-12)
    for actor in cartilage.values():
        actor.GetShaderProperty().ClearAllFragmentShaderReplacements()
    try:
        from_properties = _shot(r)
    finally:
        for actor in cartilage.values():  # as the renderer builds them, for the module's other test
            from spineviz.render.spine_actors import _colour_by_uniform

            _colour_by_uniform(actor)
        r.actors._facet_colours = None
        r.set_motion(OTHER)
    assert np.array_equal(moving, from_properties)


def test_every_layer_draws_its_joints_load_colour(renderer):
    r = renderer
    r.set_motion(STATE.motion)
    want = look.newton_colours(r.last["newtons"])
    for k, joint in enumerate(r.spine.model.joints):
        for which in ("upper", "lower"):
            uniforms = r.actors.cartilage[(joint.name, which)].GetShaderProperty().GetFragmentCustomUniforms()
            value = [0.0, 0.0, 0.0]
            assert uniforms.GetUniform3f(COLOUR_UNIFORM, value)
            assert np.allclose(value, want[k], atol=1e-6), (joint.name, which)
