"""Both shipped tours play: an MP4 whose picture changes from step to step, and an offline HTML slideshow."""

import base64
import io
import itertools
import re

import numpy as np
import pytest

from spineviz.render.tour_export import frame_total, tour_frames, write_tour_html, write_tour_mp4
from spineviz.scene.tour import default_tour_dir, load_tour

pytestmark = pytest.mark.render
SHIPPED = ("why-my-back-hurts-when-i-lean-back", "the-facet-joints-from-neck-to-pelvis")
SIZE = (320, 240)


@pytest.fixture(scope="module")
def spine():
    from spineviz.anatomy.spine import load_spine

    return load_spine()


@pytest.mark.parametrize("name", SHIPPED)
def test_tour_plays_to_mp4_and_each_step_looks_different(name, spine, tmp_path):
    import imageio.v3 as iio

    tour = load_tour(default_tour_dir() / f"{name}.toml")
    fps = 1
    out = write_tour_mp4(tour, tmp_path / "tour.mp4", size=SIZE, fps=fps, spine=spine)
    frames = iio.imread(out)
    assert len(frames) == frame_total(tour, fps)
    # the last frame of each step's hold, read back from the video
    ends, n = [], 0
    for i, step in enumerate(tour.steps):
        n += (round(step.transition * fps) if i else 0) + max(1, round(step.duration * fps))
        ends.append(frames[n - 1].astype(float))
    for a, b in itertools.pairwise(ends):
        assert np.mean(np.abs(a - b)) > 3.0


def test_transition_frames_move_the_camera_between_steps(spine):
    tour = load_tour(default_tour_dir() / f"{SHIPPED[0]}.toml")
    frames = [img.astype(float) for i, img in tour_frames(tour, size=SIZE, fps=2, spine=spine) if i <= 1]
    first_hold = round(tour.steps[0].duration * 2)
    moves = round(tour.steps[1].transition * 2)
    glide = frames[first_hold : first_hold + moves]
    diffs = [np.mean(np.abs(a - b)) for a, b in itertools.pairwise(glide)]
    assert len(glide) == moves and all(d > 0.3 for d in diffs)  # every transition frame is a new view
    held = frames[first_hold + moves :]
    assert np.mean(np.abs(held[0] - held[-1])) < 0.5  # a still step holds still


@pytest.mark.parametrize("name", SHIPPED)
def test_tour_html_is_offline_with_every_caption_and_image(name, spine, tmp_path):
    from PIL import Image

    tour = load_tour(default_tour_dir() / f"{name}.toml")
    page = write_tour_html(tour, tmp_path / "tour.html", size=SIZE, spine=spine).read_text()
    import html as h

    for step in tour.steps:
        assert h.escape(step.caption) in page
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == len(tour.steps)
    pictures = [np.asarray(Image.open(io.BytesIO(base64.b64decode(d))).convert("RGB"), float) for d in images]
    assert all(p.shape[:2] == (SIZE[1], SIZE[0]) and p.std() > 5 for p in pictures)
    assert all(np.mean(np.abs(a - b)) > 2 for a, b in itertools.pairwise(pictures))
    # no address outside the page: looked for in the markup and script, not inside the images' base64 data, where
    # the four letters "http" turn up by chance (a session-26 tour picture's PNG encodes "...Dhttpu...")
    markup = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,", page)
    assert not re.search(r"(src|href)=\"(https?:)?//", markup) and "http" not in markup.replace("http-equiv", "")
