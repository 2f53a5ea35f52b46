"""A clip that passes the same pose twice shows the same picture twice, drawn once, and still moves.

:func:`spineviz.render.clip.export_animation` renders each pose of a cycle once and reuses the picture
where the cycle comes back to it (11-32 % of the presets' frames); these tests look at the frames a user
gets: repeated poses identical above the playback bar, a reused frame the same as a fresh render of its
own moment, and the clip still moving between different poses.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

import imageio.v3 as iio
import numpy as np
import pytest

import spineviz.render.clip as clip
from spineviz.render.clip import clip_frame, frame_times, open_clip_renderer
from spineviz.render.export import export_scene
from spineviz.scene.presets import load_preset

from .imagecompare import image_difference

pytestmark = pytest.mark.render

SIZE, FPS = (160, 200), 4
PRESET = "l4-5-facet-pain-on-extension"


@pytest.fixture(scope="module")
def spine():
    from spineviz.anatomy.spine import load_spine

    return load_spine()


def test_repeated_poses_show_the_same_picture_drawn_once(spine, tmp_path, monkeypatch):
    state = load_preset(PRESET)
    times = frame_times(state, FPS)
    motions = [state.animation.at(float(t)) for t in times]
    same = defaultdict(list)
    for k, m in enumerate(motions):
        same[m].append(k)
    repeats = [ks for ks in same.values() if len(ks) > 1]
    assert repeats, f"{PRESET} at {FPS} fps should pass some pose twice"
    drawn = []
    real = clip.raw_frame
    monkeypatch.setattr(clip, "raw_frame", lambda r, m: drawn.append(m) or real(r, m))
    out = export_scene(state, tmp_path / "clip.gif", size=SIZE, fps=FPS, spine=spine)
    frames = iio.imread(out, index=None)[..., :3]
    assert len(frames) == len(times) and len(drawn) == len(same), (len(drawn), len(same))
    rows = slice(0, SIZE[1] - 4)  # the playback bar along the bottom differs frame to frame
    for ks in repeats:
        for k in ks[1:]:
            assert np.array_equal(frames[ks[0]][rows], frames[k][rows]), f"frames {ks[0]} and {k}: same pose"
    k = repeats[0][-1]  # a frame whose picture was reused
    renderer = open_clip_renderer(state, SIZE, spine=spine)
    try:
        fresh = clip_frame(renderer, motions[k])
    finally:
        renderer.plotter.close()
    mean, outliers = image_difference(frames[k][rows], fresh[rows])
    assert mean < 1.5 and outliers < 0.005, (k, mean, outliers)
    distinct = [ks[0] for ks in same.values()]
    moved = [float(np.abs(frames[a][rows].astype(int) - frames[b][rows].astype(int)).max())
             for a, b in pairwise(distinct)]
    assert min(moved) > 0, "every new pose changes the picture"
