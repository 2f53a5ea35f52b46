"""The one render path (``render_scene``, which the CLI, the exporters and the app use), with image regression."""

import imageio.v3 as iio
import numpy as np
import pytest

from spineviz.motion import parse_motion
from spineviz.render import look
from spineviz.render.offscreen import render_vertebra
from spineviz.render.scene_render import render_scene
from spineviz.scene import Camera, Layers, SceneState

from .imagecompare import assert_matches_baseline, assert_not_blank, image_difference

pytestmark = pytest.mark.render


@pytest.mark.parametrize("view", ["left", "posterior"])
def test_whole_spine_regression(tmp_path, view):
    out = tmp_path / f"spine-{view}.png"
    render_scene(SceneState(camera=Camera(view=view)), out, size=(480, 800), lod="default")
    assert_not_blank(out)
    assert_matches_baseline(out, f"spine-{view}")


@pytest.mark.parametrize("level", ["C1", "C2", "C5", "T6", "L4"])
@pytest.mark.parametrize("view", ["superior", "left"])
def test_single_vertebra_regression(tmp_path, level, view):
    out = render_vertebra(level, view, tmp_path / f"{level}-{view}.png", size=(400, 400))
    assert_not_blank(out)
    assert_matches_baseline(out, f"vertebra-{level}-{view}")


def test_loads_change_the_picture_and_report(tmp_path):
    neutral = SceneState(region="lumbar", loads=True, camera=Camera(view="posterior"))
    extended = SceneState(region="lumbar", loads=True, camera=Camera(view="posterior"),
                          motion=parse_motion("extension=20", region="lumbar"))
    render_scene(neutral, tmp_path / "n.png", size=(400, 400), lod="default")
    summary = render_scene(extended, tmp_path / "l.png", size=(400, 400), lod="default")
    mean, _ = image_difference(iio.imread(tmp_path / "n.png"), iio.imread(tmp_path / "l.png"))
    assert mean > 0.5
    assert summary["most_loaded"][0][0].startswith(("L5/S1", "L4/5"))
    assert "educational estimate" in summary["note"]


def test_load_scale_is_fixed_not_rescaled_per_image(tmp_path):
    """Both pictures report the same scale top, whatever their own highest load."""
    a = render_scene(SceneState(region="lumbar", loads=True), tmp_path / "a.png", size=(200, 200), lod="default")
    b = render_scene(SceneState(region="lumbar", loads=True, motion=parse_motion("extension=20", region="lumbar")),
                     tmp_path / "b.png", size=(200, 200), lod="default")
    assert a["load_top"] == b["load_top"] == look.LOAD_SCALE_N
    # lumbar facets carry little in neutral and more than twice that at 20° extension (measured after the
    # bones merges: about 40 N and 138 N)
    assert a["most_loaded"][0][1] < 60 < 120 < b["most_loaded"][0][1]


def test_region_and_size_are_honoured(tmp_path):
    out = tmp_path / "c.png"
    render_scene(SceneState(region="cervical", camera=Camera(view="anterior")), out, size=(320, 240), lod="default")
    assert iio.imread(out).shape[:2] == (240, 320)
    assert_not_blank(out)


def test_transparent_background(tmp_path):
    out = tmp_path / "t.png"
    render_scene(SceneState(region="lumbar"), out, size=(300, 300), transparent=True, lod="default")
    img = iio.imread(out)
    assert img.shape[2] == 4 and img[0, 0, 3] == 0 and img[..., 3].max() == 255


def test_highlighted_joint_is_ringed_with_loads_on(tmp_path):
    """With load colours on, a highlighted joint keeps its load colour and gains a magenta ring beside it."""
    base = SceneState(region="lumbar", loads=True, camera=Camera(view="posterior"), layers=Layers(labels=False),
                      motion=parse_motion("extension=20", region="lumbar"))
    import dataclasses

    marked = dataclasses.replace(base, highlight=("L4/5",))
    render_scene(base, tmp_path / "plain.png", size=(400, 400), lod="default", captions=False)
    render_scene(marked, tmp_path / "marked.png", size=(400, 400), lod="default", captions=False)
    plain, ring = iio.imread(tmp_path / "plain.png")[..., :3], iio.imread(tmp_path / "marked.png")[..., :3]
    changed = np.abs(plain.astype(int) - ring.astype(int)).max(axis=-1) > 40
    magenta = (np.abs(ring.astype(int) - np.array(look.HIGHLIGHT) * 255).max(axis=-1) < 60) & changed
    assert magenta.sum() > 30, "no magenta ring drawn"
