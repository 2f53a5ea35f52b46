"""Every animated preset's GIF and MP4 move where the spine moves, and match a still of the same moment.

A regression test for clips whose 120 frames stood still (pyvista stopped rendering inside
``screenshot()``, so every frame captured the first): the middle frame must differ from the first in at
least 2 % of the pixels inside the spine's box on screen, and each frame must equal what
``render_scene(time=t)`` draws at that moment, within GIF palette and H.264 tolerance.
"""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np
import pytest

from spineviz.render.export import export_scene, frame_times
from spineviz.render.scene_render import open_renderer, render_scene
from spineviz.scene.presets import list_presets, load_preset

from .imagecompare import image_difference

pytestmark = pytest.mark.render

SIZE = (200, 240)  # small keeps the test fast; even, for H.264
FPS = 2
ANIMATED = [i.id for i in list_presets() if load_preset(i.id).animation is not None]


@pytest.fixture(scope="module")
def spine():
    from spineviz.anatomy.spine import load_spine

    return load_spine()


def _mp4_frames(path) -> np.ndarray:
    import imageio.v2

    reader = imageio.v2.get_reader(path, "ffmpeg")
    try:
        return np.array([frame for frame in reader])
    finally:
        reader.close()


def _spine_box(state, spine) -> tuple[int, int, int, int]:
    renderer = open_renderer(state, SIZE, spine=spine)
    try:
        return renderer.screen_box()
    finally:
        renderer.plotter.close()


def _moved_share(a: np.ndarray, b: np.ndarray, box) -> float:
    left, top, right, bottom = box
    d = np.abs(a[top:bottom, left:right, :3].astype(int) - b[top:bottom, left:right, :3].astype(int)).max(axis=-1)
    return float((d > 24).mean())


def test_there_are_animated_presets():
    assert len(ANIMATED) >= 3, ANIMATED


@pytest.mark.parametrize("preset", ANIMATED)
@pytest.mark.parametrize("suffix", [".gif", ".mp4"])
def test_clip_moves_and_matches_a_still(preset, suffix, spine, tmp_path):
    state = load_preset(preset)
    out = export_scene(state, tmp_path / f"clip{suffix}", size=SIZE, fps=FPS, spine=spine)
    frames = iio.imread(out, index=None) if suffix == ".gif" else _mp4_frames(out)
    times = frame_times(state, FPS)
    assert len(frames) == len(times)
    mid = len(frames) // 2
    box = _spine_box(state, spine)
    assert (box[2] - box[0]) * (box[3] - box[1]) > 0.05 * SIZE[0] * SIZE[1], box
    moved = _moved_share(frames[0], frames[mid], box)
    assert moved >= 0.02, f"{preset}{suffix}: only {moved:.1%} of the spine's box changed by the middle frame"
    for k in (0, mid):
        still = tmp_path / f"still-{k}.png"
        render_scene(state, still, size=SIZE, time=float(times[k]), spine=spine)
        want = iio.imread(still)[..., :3]
        got = frames[k][..., :3]
        rows = slice(0, SIZE[1] - 4)  # the GIF's playback bar runs along the bottom edge
        mean, outliers = image_difference(got[rows], want[rows])
        assert mean < 4.0 and outliers < 0.02, f"{preset}{suffix} frame {k}: mean {mean:.2f}, {outliers:.2%}"
