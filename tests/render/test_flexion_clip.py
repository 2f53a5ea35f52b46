"""The flexion clip shows what its caption teaches: the facets darken as the back bends forward.

``flexion-unloads-the-facets`` says "darker colour = less load". The model's L3/4 and L4/5 facet loads run
from about 1 N at the cycle's 60° of flexion through 40 N standing to 70 N at its 40° of extension. Until
session 12 the scene used the fixed 0-250 N scale, on which all three sit in its darkest third, and its
facets sat behind 55 % opaque bone: the exported clip showed dark grey facets, whatever the spine did. This reads
the GIF as the CLI writes it (640×480, 15 frames a second) where each shown facet joint is drawn, at full
flexion (the first frame: the scene's still moment) and at full extension, and checks that extension is
visibly brighter, nearer the legend's "more pressure" end, at every joint.

The chairside clip (``l4-5-facet-pain-on-extension``, "brighter colour = more load") is read the same way
since session 13: its L4/5 facets standing and at the full lean back.
"""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np
import pytest

from spineviz.render.clip import DEFAULT_FPS, open_clip_renderer
from spineviz.render.export import ANIMATION_SIZE, export_scene, frame_times
from spineviz.scene.presets import load_preset

from .test_rotation_clip import _brightness, _facet_points

pytestmark = pytest.mark.render

EVERY_STEP = 150
"""Least rise in brightness (sum of R, G and B, 0-765) of each shown facet joint from full flexion to full
extension in the exported GIF. Measured in session 12 at L3/4 and L4/5, left and right (seen from the left,
a joint's two facets lie nearly behind each other): the scene as shipped (bone 75 % see-through, its own
0-80 N scale) 235 at each, and 231 at each in session 13 with the clip's compact text (the joints drawn
larger); session 12's framing before it (bone 55 % opaque, the fixed 0-250 N scale)
46-88, dark grey to dark grey-brown, which a viewer saw as nearly unchanged. The legend's ramp runs from
111 (no load) to 720 (its top)."""


def _frame_at(times: np.ndarray, t: float) -> int:
    return int(np.argmin(np.abs(times - t)))


def flexion_to_extension_steps(state, spine, gif) -> dict[str, float]:
    """Brightness at full extension minus at full flexion, per shown lumbar facet joint, in ``gif``."""
    frames = iio.imread(gif, index=None)
    times = frame_times(state, DEFAULT_FPS)
    assert frames.shape[1:3] == ANIMATION_SIZE[::-1] and len(frames) == len(times), frames.shape
    anim = state.animation
    keyframes = anim.resolved().keyframes
    bent = next(kf.t for kf in keyframes if kf.motion.flexion > 0)
    leant = next(kf.t for kf in keyframes if kf.motion.flexion < 0)
    segments = [seg for seg in ("L3/4", "L4/5") if seg in state.visible_segments()]
    renderer = open_clip_renderer(state, ANIMATION_SIZE, spine=spine)
    try:
        readings = {}
        for name, t in (("flexion", bent), ("extension", leant)):
            k = _frame_at(times, t)
            points = _facet_points(spine, renderer, anim.at(float(times[k])), segments)
            readings[name] = {joint: _brightness(frames[k], at) for joint, at in points.items()}
    finally:
        renderer.plotter.close()
    return {joint: readings["extension"][joint] - readings["flexion"][joint] for joint in readings["flexion"]}


@pytest.fixture(scope="module")
def spine():
    from spineviz.anatomy.spine import load_spine

    return load_spine()


def test_the_facets_brighten_from_flexion_to_extension_in_the_exported_clip(spine, tmp_path):
    state = load_preset("flexion-unloads-the-facets")
    gif = export_scene(state, tmp_path / "flexion.gif", spine=spine)  # no size or rate: as the CLI
    steps = flexion_to_extension_steps(state, spine, gif)
    assert len(steps) == 4, steps
    shown = {joint: round(v) for joint, v in steps.items()}
    assert min(steps.values()) >= EVERY_STEP, shown


NEAR_STEP, FAR_STEP = 100, 15
"""Least rise in brightness (sum of R, G and B) from standing to the full 20° lean back, in the chairside
clip (``l4-5-facet-pain-on-extension``, "brighter colour = more load"), of the L4/5 joint nearer the camera
(the oblique view looks from the left and behind) and of the far one, seen through two layers of bone. The
model's L4/5 loads are 40 N standing and 117 N leaning back: on the fixed 0-250 N scale, navy to grey, the
clip as session 12 left it (bone 45 % see-through) and with session 13's bone (65 %) read rises of 37 (near)
and 8 (far) at 640×480; on the scene's own 0-120 N scale (session 13) navy to yellow, 126 and 23."""


def test_the_l4_5_facets_brighten_on_leaning_back_in_the_chairside_clip(spine, tmp_path):
    state = load_preset("l4-5-facet-pain-on-extension")
    gif = export_scene(state, tmp_path / "chairside.gif", spine=spine)  # as the CLI
    frames = iio.imread(gif, index=None)
    times = frame_times(state, DEFAULT_FPS)
    anim = state.animation
    renderer = open_clip_renderer(state, ANIMATION_SIZE, spine=spine)
    try:
        readings = {}
        for name, t in (("standing", 0.0), ("leaning back", 2.0)):
            k = _frame_at(times, t)
            points = _facet_points(spine, renderer, anim.at(float(times[k])), ["L4/5"])
            readings[name] = {joint: _brightness(frames[k], at) for joint, at in points.items()}
    finally:
        renderer.plotter.close()
    steps = {joint: round(readings["leaning back"][joint] - readings["standing"][joint])
             for joint in readings["standing"]}
    assert len(steps) == 2, steps
    assert steps["L4/5 left"] >= NEAR_STEP and steps["L4/5 right"] >= FAR_STEP, steps
