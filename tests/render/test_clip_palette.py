"""The GIF clip's one palette: exact colours kept, every pixel mapped to its nearest palette colour."""

from __future__ import annotations

import numpy as np
import pytest

from spineviz.render.clip_palette import PaletteMap, clip_palette


def _gradient_frames(n: int = 3) -> list[np.ndarray]:
    """A vertical grey-blue gradient (like the app's background) with a moving beige block on it."""
    rows = np.linspace(0.0, 1.0, 120)[:, None, None]
    top, bottom = np.array([216, 222, 230], float), np.array([243, 245, 248], float)
    base = np.broadcast_to(top + rows * (bottom - top), (120, 90, 3)).round().astype(np.uint8)
    frames = []
    for k in range(n):
        f = base.copy()
        f[30:60, 10 + 20 * k: 40 + 20 * k] = (214, 200, 160)
        frames.append(f)
    return frames


def test_exact_colours_are_in_the_palette():
    exact = np.array([[11, 92, 173], [0, 32, 76], [253, 231, 55]], np.uint8)
    palette = clip_palette(_gradient_frames(), exact)
    assert palette.shape == (256, 3) and palette.dtype == np.uint8
    for rgb in exact:
        assert (palette == rgb).all(axis=1).any(), rgb


def test_too_many_exact_colours_is_refused():
    with pytest.raises(ValueError, match="exact colours"):
        clip_palette(_gradient_frames(), np.zeros((250, 3), np.uint8))


def test_each_pixel_maps_to_its_nearest_palette_colour():
    rng = np.random.default_rng(7)
    image = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
    palette = rng.integers(0, 256, (256, 3), dtype=np.uint8)
    idx = PaletteMap(palette).indices(image)
    dist = ((image.reshape(-1, 1, 3).astype(int) - palette[None].astype(int)) ** 2).sum(-1)
    best = dist.min(axis=1)
    got = dist[np.arange(len(dist)), idx.ravel()]
    assert np.array_equal(got, best)  # ties may pick either colour, never a farther one


def test_a_smooth_gradient_keeps_its_steps():
    """The background gradient comes back within 2 levels: no bands a viewer would see."""
    frames = _gradient_frames()
    mapping = PaletteMap(clip_palette(frames))
    for f in frames:
        back = mapping.palette[mapping.indices(f)].astype(int)
        assert np.abs(back - f.astype(int)).max() <= 2


def test_unchanged_pixels_keep_their_index_across_frames():
    frames = _gradient_frames()
    mapping = PaletteMap(clip_palette(frames))
    a, b = mapping.indices(frames[0]), mapping.indices(frames[2])
    untouched = np.ones(a.shape, bool)
    untouched[30:60, 10:80] = False  # where the block was in either frame
    assert np.array_equal(a[untouched], b[untouched])
    image = mapping.image(frames[1])
    assert image.mode == "P" and image.size == (90, 120)
