"""The rotation clip shows what its caption teaches: the facets on the side away from the turn light up.

A patient watching ``rotation-loads-the-opposite-facet`` must see the pressed joints change sides as the
low back turns one way and then the other. Last session's clip moved so little that a viewer saw a still
picture (3.4 % of the frame changed at most): the facets, small and behind half-opaque bone, barely
changed colour. This reads the exported GIF itself: at the moments of the left and the right turn it
samples the picture where each lumbar facet joint (L1/2-L4/5) is drawn and checks that the loaded side is
visibly brighter (nearer the legend's "more pressure" end) than the other, and that the two swap.
"""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np
import pytest

from spineviz.render.clip import open_clip_renderer
from spineviz.render.export import export_scene, frame_times
from spineviz.render.labels import project
from spineviz.render.posed import world_matrices
from spineviz.scene.presets import load_preset

pytestmark = pytest.mark.render

SIZE = (400, 400)
FPS = 4
SEGMENTS = ("L1/2", "L2/3", "L3/4", "L4/5")
EVERY_STEP, MEAN_STEP = 0, 60
"""Least difference in brightness (sum of R, G and B, 0-765) between a segment's pressed and free facet:
never the wrong way at any segment, and on average over the eight turn-and-segment readings enough for a
viewer to see which side presses. (At L1/2 the GIF's one palette can give both sides one colour at one of the
turns: 0 at the right turn on the symmetric lumbar template, 40 at the left; so "every segment" is not
claimed.) The legend's ramp runs from 111 (no load) to 720 (its top); 70 N against 20 N, the model's loads at
this clip's full turn, is 160 on the bare ramp, less where bone lies over the joint. Session 7's clip (posterior
view, zoom 1, bone half opaque) measured a mean of 52 (0 at L1/2 and 24 at L3/4 turning left); session 8's
final meshes 54.5 (a strict xfail then). On session 9's meshes the same clip reads 46, 46, 86, 86 turning left
and 0, 46, 86, 86 turning right (L1/2 to L4/5), a mean of 60.25: the palette, made from the whole picture, gave
the facets' blues more entries once other bones changed, not a change to the clip or the loads. That is at the
edge: in session 9's trials of other palettes single readings moved by 20-40 levels (docs/performance.md,
branch export9), so a bone change elsewhere can move this test either way; it is meant to catch it.
Before the palette (the rendered frames, session 8's meshes) the readings averaged 66.6."""


@pytest.fixture(scope="module")
def spine():
    from spineviz.anatomy.spine import load_spine

    return load_spine()


def _facet_points(spine, renderer, motion) -> dict[str, np.ndarray]:
    """Screen pixels (x, row) of the lumbar facet joints' centres at ``motion``, by joint name."""
    renderer.set_motion(motion)
    world = world_matrices(spine, renderer.pose.transforms)
    out = {}
    for joint in spine.model.joints:
        if joint.name.split()[0] not in SEGMENTS:
            continue
        lower = joint.id.segment.lower.index
        to_world = world[lower] @ np.linalg.inv(spine.frames[lower])
        centre = (to_world @ np.r_[joint.centre, 1.0])[:3]
        x, y = project(renderer.plotter.renderer, centre[None])[0]
        out[joint.name] = np.array([x, SIZE[1] - 1 - y])
    return out


def _brightness(frame: np.ndarray, at: np.ndarray) -> float:
    x, row = (round(float(v)) for v in at)
    patch = frame[row - 3: row + 4, x - 3: x + 4, :3].astype(int)
    return float(np.median(patch.sum(axis=-1)))  # a median: a name's leader line may cross the joint


def test_the_pressed_facets_change_sides_visibly_in_the_exported_clip(spine, tmp_path):
    state = load_preset("rotation-loads-the-opposite-facet")
    anim = state.animation
    out = export_scene(state, tmp_path / "rotation.gif", size=SIZE, fps=FPS, spine=spine)
    frames = iio.imread(out, index=None)
    times = frame_times(state, FPS)
    renderer = open_clip_renderer(state, SIZE, spine=spine)
    try:
        steps = {}
        for turn, pressed in (("left", "right"), ("right", "left")):
            peak = next(kf.t for kf in anim.resolved().keyframes if turn in kf.motion.describe())
            k = int(np.argmin(np.abs(times - peak)))
            motion = anim.at(float(times[k]))
            assert turn in motion.describe(), (k, motion.describe())
            points = _facet_points(spine, renderer, motion)
            other = "left" if pressed == "right" else "right"
            for seg in SEGMENTS:
                hot = _brightness(frames[k], points[f"{seg} {pressed}"])
                cold = _brightness(frames[k], points[f"{seg} {other}"])
                steps[f"turning {turn}: {seg} {pressed} minus {other}"] = hot - cold
    finally:
        renderer.plotter.close()
    shown = {k: round(v) for k, v in steps.items()}
    assert min(steps.values()) >= EVERY_STEP, shown
    assert np.mean(list(steps.values())) >= MEAN_STEP, shown
