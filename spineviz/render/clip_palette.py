"""One 256-colour palette for a whole GIF clip, and the exact mapping of each frame onto it.

A GIF frame holds at most 256 colours. Quantising every frame to its own adaptive palette cost about a
sixth of a clip's export time, and let still parts (the background, the text) change colour from frame to
frame. Instead the palette is made once from a few frames spread over the cycle:

- median cut over those frames (subsampled to about :data:`SAMPLE_PIXELS` pixels), refined by a few
  rounds of k-means (Pillow's ``quantize(kmeans=…)``), which gives the discs' and bones' smooth shading
  enough steps that no blotches show;
- plus colours that must be exact whatever the median cut decides: the load legend's cells (a gradient of
  few pixels that median cut would band) and the GIF's playback bar.

Each frame is then mapped to its nearest palette colour (squared RGB distance) without dithering, so a
pixel that does not change between frames keeps its index and nothing shimmers. Pillow's own mapping to a
given palette looks colours up at reduced precision (a mean error of about 2 levels in our frames, against
0.3 for the exact nearest colour), so the mapping here is exact: a lookup table over the 2^24 RGB values
(32 MB while a GIF is written), filled only for the colours the clip actually contains.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

SAMPLE_PIXELS = 250_000
"""About this many pixels of the sample frames go into the median cut (more adds time, not quality)."""
KMEANS_ROUNDS = 3
"""k-means rounds refining the median cut (1 already removes the blotches on the discs; 3 is steady)."""
_CHUNK = 8192


def clip_palette(frames: Sequence[np.ndarray], exact: np.ndarray | None = None) -> np.ndarray:
    """A (256, 3) uint8 palette: median cut of ``frames`` (RGB arrays), then the ``exact`` colours (N, 3)."""
    from PIL import Image

    exact = np.zeros((0, 3), np.uint8) if exact is None else np.asarray(exact, np.uint8).reshape(-1, 3)
    free = 256 - len(exact)
    if free < 16:
        raise ValueError(f"{len(exact)} exact colours leave too few for the picture")
    stacked = np.concatenate([np.asarray(f)[..., :3] for f in frames], axis=0)
    step = max(1, round(math.sqrt(stacked.shape[0] * stacked.shape[1] / SAMPLE_PIXELS)))
    sample = Image.fromarray(np.ascontiguousarray(stacked[::step, ::step]))
    quantised = sample.quantize(colors=free, method=Image.Quantize.MEDIANCUT, kmeans=KMEANS_ROUNDS,
                                dither=Image.Dither.NONE)
    found = np.array(quantised.getpalette()[: 3 * free], np.uint8).reshape(-1, 3)
    palette = np.zeros((256, 3), np.uint8)
    palette[: len(found)] = found
    palette[len(found): len(found) + len(exact)] = exact
    if len(found) + len(exact) < 256:  # a flat picture needs few colours: repeat one rather than add black
        palette[len(found) + len(exact):] = palette[0]
    return palette


class PaletteMap:
    """Maps RGB frames to indices of one palette, exactly (nearest colour), remembering every colour seen."""

    def __init__(self, palette: np.ndarray) -> None:
        self.palette = np.asarray(palette, np.uint8).reshape(256, 3)
        self._wide = self.palette.astype(np.float32)
        self._norms = (self._wide ** 2).sum(axis=1)
        self._lut = np.full(1 << 24, -1, np.int16)

    def indices(self, image: np.ndarray) -> np.ndarray:
        """The (H, W) uint8 palette indices of an (H, W, 3) uint8 image."""
        img = np.asarray(image)
        packed = img[..., 0].astype(np.int32)  # 0xRRGGBB, shifted in place (no full-frame temporaries)
        packed <<= 8
        packed |= img[..., 1]
        packed <<= 8
        packed |= img[..., 2]
        idx = self._lut.take(packed)
        missing = idx < 0
        if missing.any():
            self._learn(np.unique(packed[missing]))
            idx = self._lut.take(packed)
        return idx.astype(np.uint8)

    def _learn(self, colours: np.ndarray) -> None:
        """Fill the table for ``colours`` (packed RGB) with their nearest palette index.

        Squared distance |c - p|^2 less the colour's own |c|^2 (the same for every p), as one matrix
        product: |p|^2 - 2 c.p. Every term is a whole number under 2^24, so float32 holds it exactly and
        the nearest index (first of equals) is the one the plain sum of squares gives, about five times
        faster (docs/performance.md, session 9).
        """
        rgb = np.stack([(colours >> 16) & 255, (colours >> 8) & 255, colours & 255], axis=-1).astype(np.float32)
        for start in range(0, len(colours), _CHUNK):
            dist = self._norms - 2.0 * (rgb[start: start + _CHUNK] @ self._wide.T)
            self._lut[colours[start: start + _CHUNK]] = dist.argmin(axis=1)

    def image(self, image: np.ndarray):
        """The frame as a Pillow "P" image carrying the palette."""
        from PIL import Image

        idx = self.indices(image)
        out = Image.frombytes("P", (idx.shape[1], idx.shape[0]), idx.tobytes())
        out.putpalette(self.palette.ravel().tolist())
        return out


__all__ = ["KMEANS_ROUNDS", "SAMPLE_PIXELS", "PaletteMap", "clip_palette"]
