"""Off-screen rendering of the spine and of single vertebrae, with image regression."""

import imageio.v3 as iio
import pytest

from spineviz.motion import parse_motion
from spineviz.render.offscreen import RenderRequest, render_image, render_vertebra

from .imagecompare import assert_matches_baseline, assert_not_blank, image_difference

pytestmark = pytest.mark.render


@pytest.mark.parametrize("view", ["left", "posterior"])
def test_whole_spine_regression(tmp_path, view):
    out = tmp_path / f"spine-{view}.png"
    render_image(RenderRequest(out=out, view=view, size=(480, 800)))
    assert_not_blank(out)
    assert_matches_baseline(out, f"spine-{view}")


@pytest.mark.parametrize("level", ["C1", "C2", "C5", "T6", "L4"])
@pytest.mark.parametrize("view", ["superior", "left"])
def test_single_vertebra_regression(tmp_path, level, view):
    out = render_vertebra(level, view, tmp_path / f"{level}-{view}.png", size=(400, 400))
    assert_not_blank(out)
    assert_matches_baseline(out, f"vertebra-{level}-{view}")


def test_loads_change_the_picture_and_report(tmp_path):
    neutral = tmp_path / "n.png"
    loaded = tmp_path / "l.png"
    render_image(RenderRequest(out=neutral, view="posterior", region="lumbar", size=(400, 400), loads=True))
    summary = render_image(RenderRequest(out=loaded, view="posterior", region="lumbar", size=(400, 400),
                                         motion=parse_motion("extension=20", region="lumbar"), loads=True))
    mean, _ = image_difference(iio.imread(neutral), iio.imread(loaded))
    assert mean > 0.5
    assert summary["most_loaded"][0][0].startswith(("L5/S1", "L4/5"))
    assert "educational estimate" in summary["note"]


def test_region_and_size_are_honoured(tmp_path):
    out = tmp_path / "c.png"
    render_image(RenderRequest(out=out, view="anterior", region="cervical", size=(320, 240)))
    assert iio.imread(out).shape[:2] == (240, 320)
    assert_not_blank(out)


def test_transparent_background(tmp_path):
    out = tmp_path / "t.png"
    render_image(RenderRequest(out=out, view="left", region="lumbar", size=(300, 300), transparent=True))
    img = iio.imread(out)
    assert img.shape[2] == 4 and img[0, 0, 3] == 0 and img[..., 3].max() == 255
