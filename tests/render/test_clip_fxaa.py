"""Clip frames' FXAA on the CPU: it smooths the outlines as VTK's FXAA pass does, and touches nothing else.

GIF and MP4 frames are rendered unsmoothed and filtered by :func:`spineviz.render.fxaa.fxaa` in the clip
writer's worker thread (:func:`spineviz.render.clip.clip_frames`); these pictures would catch a clip whose
frames came out jagged, blurred or in the wrong order.
"""

from __future__ import annotations

import numpy as np
import pytest

from spineviz.render.clip import clip_frames
from spineviz.render.fxaa import fxaa

SIZE = (320, 320)


@pytest.fixture(scope="module")
def pictures():
    """The lumbar spine with loads and names, unsmoothed and through VTK's FXAA pass, by one renderer."""
    from spineviz.anatomy.spine import load_spine
    from spineviz.render.offscreen import set_anti_aliasing
    from spineviz.render.scene_render import open_renderer
    from spineviz.scene.presets import load_preset

    renderer = open_renderer(load_preset("lumbar-facets-in-extension"), SIZE, spine=load_spine())
    try:
        out = {}
        for kind in ("none", "fxaa"):
            set_anti_aliasing(renderer.plotter, kind)
            out[kind] = np.ascontiguousarray(renderer.snapshot()[..., :3])
        return out
    finally:
        renderer.plotter.close()


def _hard_steps(img: np.ndarray) -> int:
    """Pixels whose right or lower neighbour differs by more than 60 grey levels: jagged outlines."""
    grey = img.astype(float).mean(axis=-1)
    return int((np.abs(np.diff(grey, axis=1)) > 60).sum() + (np.abs(np.diff(grey, axis=0)) > 60).sum())


@pytest.mark.render
def test_cpu_fxaa_softens_the_outlines_like_the_gl_pass(pictures):
    raw = pictures["none"]
    before = raw.copy()
    smooth = fxaa(raw)
    assert np.array_equal(raw, before), "the input frame is left as it was"
    hard, gl, cpu = _hard_steps(raw), _hard_steps(pictures["fxaa"]), _hard_steps(smooth)
    assert hard > 300, "the unsmoothed picture should have outlines to smooth"
    assert cpu < 0.9 * hard and cpu <= 1.05 * gl, f"hard steps: {hard} unsmoothed, {gl} GL FXAA, {cpu} CPU FXAA"
    gl_px = pictures["fxaa"].astype(int)
    d = np.abs(smooth.astype(int) - gl_px).max(axis=-1)
    unsmoothed = np.abs(raw.astype(int) - gl_px).max(axis=-1).mean()  # 2.1 when measured; the CPU filter's 0.9
    assert d.mean() < 0.5 * unsmoothed and (d > 40).mean() < 0.002, (d.mean(), unsmoothed, (d > 40).mean())


def test_flat_areas_and_gentle_gradients_are_untouched():
    y = np.linspace(200, 230, 64)[:, None, None]
    img = np.broadcast_to(y, (64, 64, 3)).astype(np.uint8).copy()  # the background's gentle ramp
    assert np.array_equal(fxaa(img), img)


def test_a_stair_stepped_edge_gets_intermediate_shades():
    yy, xx = np.mgrid[:64, :64]
    img = np.where((yy > 0.2 * xx + 20)[..., None], 230, 30).astype(np.uint8).repeat(3, axis=-1)
    out = fxaa(img)
    between = (out[..., 0] > 40) & (out[..., 0] < 220)
    assert between.sum() > 40, "a shallow stair-stepped edge should be blended along its length"
    assert np.array_equal(out[:10], img[:10]) and np.array_equal(out[-10:], img[-10:]), "away from the edge: same"


def test_clip_frames_come_back_in_order_each_finished_once():
    rendered, finished = [], []

    def render(i):
        rendered.append(i)
        return np.full((2, 2, 3), i, np.uint8)

    def finish(img, i):
        finished.append(i)
        return int(img[0, 0, 0]) * 10 + i

    assert list(clip_frames(range(7), render, finish)) == [i * 11 for i in range(7)]
    assert rendered == list(range(7)) and sorted(finished) == list(range(7))
