"""Every animated preset's GIF and MP4 move where the spine moves, and match a still of the same moment.

A regression test for clips whose 120 frames stood still (pyvista stopped rendering inside
``screenshot()``, so every frame captured the first): the middle frame must differ from the first in at
least 2 % of the pixels inside the spine's box on screen, and each frame must equal a fresh render of the
scene at that moment with the clip's anti-aliasing (within the GIF palette's and H.264's tolerance), and
look like the still ``render_scene(time=t, compact=True)`` writes as PNG (a clip frame's text is compact: a
one-line title, the legend and the estimate note, no caption; see ``SceneRenderer._text``).

Clip frames and scene stills are both rendered plain and smoothed by FXAA on the CPU
(:mod:`spineviz.render.fxaa`; until session 5 stills used VTK's SSAA, which drew names and leader lines
thinner and paler, and a frame differed from its PNG by a mean of 4.5-5.9 levels at this size): so a frame
must now match the still PNG of its moment as closely as a fresh render of it, within the GIF palette's and
H.264's tolerance.
"""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np
import pytest

from spineviz.render.annotate import legend_layout
from spineviz.render.clip import clip_frame, open_clip_renderer
from spineviz.render.export import export_scene, frame_times
from spineviz.render.scene_render import open_renderer, render_scene
from spineviz.scene.presets import list_presets, load_preset

from .imagecompare import image_difference

pytestmark = pytest.mark.render

SIZE = (200, 240)  # small keeps the test fast; even, for H.264
FPS = 2
SAME_MOMENT = {".gif": (1.5, 0.005), ".mp4": (4.0, 0.02)}
"""Mean and outlier share (pixels over 40) between a frame and a fresh render of its moment: the GIF's one
palette (measured 0.5-0.6 mean, under 0.02 %) and H.264 (about 2.2 mean, 0.1 %)."""
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


def _spine_box(state, spine) -> tuple[tuple[int, int, int, int], int]:
    """The spine's box on screen (left, top, right, bottom) and the height of the title band above it."""
    renderer = open_renderer(state, SIZE, spine=spine, compact=True)  # laid out as the clip's frames
    try:
        return renderer.screen_box(), renderer.bands[0]
    finally:
        renderer.plotter.close()


def _fresh_frame(state, spine, t: float) -> np.ndarray:
    """The scene drawn at time ``t`` by a new renderer, smoothed as clip frames are (no clip loop involved)."""
    renderer = open_clip_renderer(state, SIZE, spine=spine)
    try:
        return clip_frame(renderer, state.animation.at(t))
    finally:
        renderer.plotter.close()


def _legend_row(image: np.ndarray) -> np.ndarray:
    """The middle pixel row of the load legend's colour bar, inside its ends."""
    lay = legend_layout(SIZE[0], SIZE[1])
    row = SIZE[1] - 1 - (lay["bar_bottom"] + lay["bar_top"]) // 2
    return image[row, lay["left"] + 2: lay["right"] - 2, :3].astype(int)


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
    box, title_rows = _spine_box(state, spine)
    assert (box[2] - box[0]) * (box[3] - box[1]) > 0.05 * SIZE[0] * SIZE[1], box
    moved = _moved_share(frames[0], frames[mid], box)
    assert moved >= 0.02, f"{preset}{suffix}: only {moved:.1%} of the spine's box changed by the middle frame"
    rows = slice(0, SIZE[1] - 4)  # the GIF's playback bar runs along the bottom edge
    if suffix == ".gif" and title_rows:  # one palette: what does not move keeps its exact pixels
        assert np.array_equal(frames[0][:title_rows, :, :3], frames[mid][:title_rows, :, :3]), preset
    for k in (0, mid):
        got = frames[k][..., :3]
        mean, outliers = image_difference(got[rows], _fresh_frame(state, spine, float(times[k]))[rows])
        tol_mean, tol_out = SAME_MOMENT[suffix]
        assert mean < tol_mean and outliers < tol_out, f"{preset}{suffix} frame {k}: mean {mean:.2f}, {outliers:.2%}"
        if suffix == ".gif" and state.loads:  # the legend's colour scale is not banded by the palette
            got_row, want_row = _legend_row(got), _legend_row(_fresh_frame(state, spine, float(times[k])))
            assert np.abs(got_row - want_row).max() <= 3, f"{preset}: the GIF's legend lost its gradient"
        still = tmp_path / f"still-{k}.png"
        render_scene(state, still, size=SIZE, time=float(times[k]), spine=spine, compact=True)
        mean, outliers = image_difference(got[rows], iio.imread(still)[..., :3][rows])
        tol_mean, tol_out = SAME_MOMENT[suffix]
        assert mean < tol_mean and outliers < tol_out, f"{preset}{suffix} frame {k} vs PNG: {mean:.2f}, {outliers:.2%}"
