"""Every shipped scene with an animation exports a clip that a viewer sees move, judged on the whole picture.

Session 10's lesson: exported GIFs and MP4s were frozen while the tests counted their frames. A later guard
(``test_clips.py``) measures change inside the spine's box on screen, which a clip can pass while looking
still: the rotation scene's spine was a narrow column, so 2-3 % of the picture changed over its whole cycle
and a viewer saw a still image. This reads the exported GIF the way a viewer sees it: the share of the
picture above the playback bar that ever differs from the first frame (the poster a player shows), and the
median change from one frame to the next (zero for a frozen export).

Measured at this test's size (400×400, 4 frames a second; a pixel "changed" when its R, G and B differ by
more than 30 in sum, 0-765, above the GIF palette's rounding), session 11:

=============================================  ==============  ============
scene                                          most vs first   median step
=============================================  ==============  ============
flexion-unloads-the-facets (reads as moving)   9.3 %           2.3 %
l4-5-facet-pain-on-extension (moving)          6.5-7 %         2.4 %
rotation-loads-the-opposite-facet, session 10  3.1 %           0.55 %
rotation-loads-the-opposite-facet, session 11  10.6 %          1.4 %
=============================================  ==============  ============

(The same clips at the CLI's 640×480: flexion 5.9 %, extension 4.0 %, rotation 2.3 % before and 7.0 %
after.) :data:`MOST_CHANGED` sits between the old rotation clip, which a viewer took for a picture, and the
smallest clip that reads as moving; :data:`MEDIAN_STEP` is half the slowest clip's step, so a frozen or
stuttering export (most steps draw nothing new) fails it.
"""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np
import pytest

from spineviz.render.export import export_scene
from spineviz.scene.presets import list_presets, load_preset

pytestmark = pytest.mark.render

SIZE = (400, 400)
FPS = 4
CHANGED = 30
"""A pixel changed when its R, G and B differ by more than this in sum (0-765)."""
BAR_SHARE = 0.07
"""The bottom share of the picture left out: the GIF's playback bar grows along it every frame."""
MOST_CHANGED = 0.05
"""Least share of the picture (above the bar) that some frame changes against the first."""
MEDIAN_STEP = 0.0025
"""Least median share of the picture changed from one frame to the next."""
ANIMATED = [i.id for i in list_presets() if load_preset(i.id).animation is not None]


def changed_share(a: np.ndarray, b: np.ndarray) -> float:
    """The share of the picture above the playback bar where frames ``a`` and ``b`` differ (> CHANGED)."""
    rows = round(a.shape[0] * (1 - BAR_SHARE))
    diff = np.abs(a[:rows, :, :3].astype(int) - b[:rows, :, :3].astype(int)).sum(axis=-1)
    return float((diff > CHANGED).mean())


def changed_shares(frames: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per frame: the share of the picture above the playback bar that differs from the first frame, and
    (one fewer) from the frame before."""
    return (np.array([changed_share(f, frames[0]) for f in frames]),
            np.array([changed_share(frames[i], frames[i - 1]) for i in range(1, len(frames))]))


@pytest.fixture(scope="module")
def spine():
    from spineviz.anatomy.spine import load_spine

    return load_spine()


def test_the_shipped_scenes_have_animations_to_check():
    assert {"rotation-loads-the-opposite-facet", "flexion-unloads-the-facets"} <= set(ANIMATED), ANIMATED


@pytest.mark.parametrize("preset", ANIMATED)
def test_each_animated_scene_exports_a_clip_that_visibly_moves(preset, spine, tmp_path):
    out = export_scene(load_preset(preset), tmp_path / "clip.gif", size=SIZE, fps=FPS, spine=spine)
    frames = iio.imread(out, index=None)
    vs_first, steps = changed_shares(frames)
    shown = f"{preset}: most {vs_first.max():.1%} vs the first frame, median step {np.median(steps):.2%}"
    assert vs_first.max() >= MOST_CHANGED, shown
    assert np.median(steps) >= MEDIAN_STEP, shown
