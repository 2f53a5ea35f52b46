"""FXAA on the CPU: a clip frame's edges smoothed after read-back, in NumPy, off the render thread.

VTK's FXAA pass runs the same filter as a shader; in Mesa's software OpenGL that shader cost about 90 ms
of CPU on an 800×800 frame, four tenths of the whole render (docs/performance.md, exports, session 5).
Done here it touches only the pixels on an edge (a few percent of the frame) and runs in the clip
writer's worker thread while the next frame renders (:mod:`spineviz.render.clip`).

The algorithm is Timothy Lottes' FXAA 3.11 "quality" variant (NVIDIA, 2011), the one VTK's pass also
implements: a pixel is on an edge when the luma range of its four neighbours exceeds a share of their
brightest; the edge's direction comes from second differences of luma; the filter then walks along the
edge to both ends and blends the pixel with its neighbour across the edge by how near it is to the closer
end (which softens the long steps of a nearly horizontal or vertical outline), or by the sub-pixel
contrast when that is larger (thin lines, single-pixel specks).
"""

from __future__ import annotations

import numpy as np

EDGE_THRESHOLD = 0.125
"""An edge: the local luma range is at least this share of the brightest neighbour (FXAA's default, as VTK's)."""
EDGE_THRESHOLD_MIN = 0.0312
"""...and at least this much (0-1 luma): dark gradients are left alone (FXAA's and VTK's default)."""
SUBPIXEL = 0.75
"""How much the sub-pixel blend may soften thin features (FXAA's and VTK's default)."""
SEARCH_STEPS = 12
"""Pixels walked along an edge, each way, looking for its end (VTK's default endpoint search)."""

_LUMA = (np.float32(0.299 / 255), np.float32(0.587 / 255), np.float32(0.114 / 255))


def fxaa(image: np.ndarray) -> np.ndarray:
    """``image`` (H, W, 3 or 4; uint8) with its edges smoothed; a new array, the input is left as it was."""
    rgb = np.asarray(image)
    height, width = rgb.shape[:2]
    margin = SEARCH_STEPS + 1  # the walk along an edge never leaves the padded image
    pad = _padded_luma(rgb, margin)
    ys, xs, span = _edge_pixels(pad, margin, height, width)
    out = rgb.copy()
    if len(ys) == 0:
        return out
    row = pad.shape[1]
    flat = pad.ravel()
    at = (ys + margin) * row + (xs + margin)  # each edge pixel's index in the padded luma

    m, n, s, w, e = flat[at], flat[at - row], flat[at + row], flat[at - 1], flat[at + 1]
    nw, ne, sw, se = flat[at - row - 1], flat[at - row + 1], flat[at + row - 1], flat[at + row + 1]

    # sub-pixel blend: how much the centre stands out from its 3x3 neighbourhood
    sub = np.clip(np.abs((2.0 * (n + s + w + e) + (nw + ne + sw + se)) / 12.0 - m) / span, 0.0, 1.0)
    sub = ((-2.0 * sub + 3.0) * sub * sub) ** 2 * SUBPIXEL

    # the edge runs horizontally (blend up or down) or vertically (blend left or right)
    horz = np.abs(nw + sw - 2 * w) + 2 * np.abs(n + s - 2 * m) + np.abs(ne + se - 2 * e)
    vert = np.abs(nw + ne - 2 * n) + 2 * np.abs(w + e - 2 * m) + np.abs(sw + se - 2 * s)
    horizontal = horz >= vert
    before, after = np.where(horizontal, n, w), np.where(horizontal, s, e)
    g_before, g_after = np.abs(before - m), np.abs(after - m)
    toward_before = g_before >= g_after
    step = np.where(toward_before, -1, 1)  # one pixel across the edge, to its steeper side
    local = (m + np.where(toward_before, before, after)) / 2.0
    gradient = np.maximum(g_before, g_after) / 4.0
    along = np.where(horizontal, 1, row)
    across = np.where(horizontal, step * row, step)

    # walk along the edge both ways: luma half a pixel across it, less the local average, until it changes
    dist_n, delta_n = _walk(flat, at, -along, across, local, gradient)
    dist_p, delta_p = _walk(flat, at, along, across, local, gradient)
    nearest = np.minimum(dist_n, dist_p)
    delta_end = np.where(dist_n < dist_p, delta_n, delta_p)
    good = (delta_end < 0) != ((m - local) < 0)  # the edge ends where the centre's side of it ends
    edge_blend = np.where(good, 0.5 - nearest / (dist_n + dist_p), 0.0)
    blend = np.maximum(edge_blend, sub)[:, None]

    horizontal_step = np.where(horizontal, step, 0)
    ny = np.clip(ys + horizontal_step, 0, height - 1)
    nx = np.clip(xs + np.where(horizontal, 0, step), 0, width - 1)
    centre = rgb[ys, xs].astype(np.float32)
    out[ys, xs] = np.rint(centre + (rgb[ny, nx].astype(np.float32) - centre) * blend).astype(rgb.dtype)
    return out


def _padded_luma(rgb: np.ndarray, margin: int) -> np.ndarray:
    """Luma (0-1, float32) of ``rgb`` with its edge pixels repeated ``margin`` pixels outwards.

    Written into one buffer in place: each full-frame temporary is a fresh allocation the kernel must
    zero-fill, which cost more than the arithmetic (docs/performance.md, session 9).
    """
    height, width = rgb.shape[:2]
    pad = np.empty((height + 2 * margin, width + 2 * margin), np.float32)
    inner = pad[margin:-margin, margin:-margin]
    np.multiply(rgb[..., 0], _LUMA[0], out=inner)
    inner += rgb[..., 1] * _LUMA[1]
    inner += rgb[..., 2] * _LUMA[2]
    pad[:margin, margin:-margin] = inner[0]
    pad[-margin:, margin:-margin] = inner[-1]
    pad[:, :margin] = pad[:, margin: margin + 1]
    pad[:, -margin:] = pad[:, -margin - 1: -margin]
    return pad


def _edge_pixels(pad: np.ndarray, margin: int, height: int, width: int):
    """Rows, columns and luma range of the pixels on an edge (FXAA's local-contrast test), in raster order."""
    inner = pad[margin:-margin, margin:-margin]
    n, s = pad[margin - 1:-margin - 1, margin:-margin], pad[margin + 1:height + margin + 1, margin:-margin]
    w, e = pad[margin:-margin, margin - 1:-margin - 1], pad[margin:-margin, margin + 1:width + margin + 1]
    hi = np.maximum(n, s)
    np.maximum(hi, w, out=hi)
    np.maximum(hi, e, out=hi)
    np.maximum(hi, inner, out=hi)
    lo = np.minimum(n, s)
    np.minimum(lo, w, out=lo)
    np.minimum(lo, e, out=lo)
    np.minimum(lo, inner, out=lo)
    span = np.subtract(hi, lo, out=lo)
    np.multiply(hi, np.float32(EDGE_THRESHOLD), out=hi)
    np.maximum(hi, np.float32(EDGE_THRESHOLD_MIN), out=hi)
    ys, xs = np.nonzero(span >= hi)
    return ys, xs, span[ys, xs]


def _walk(flat: np.ndarray, at: np.ndarray, along: np.ndarray, across: np.ndarray, local: np.ndarray,
          gradient: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Steps to where each edge ends walking by ``along`` (at most SEARCH_STEPS), and the luma change there.

    Only the pixels whose end is not yet found take the next step: most edges of a rendered outline end
    within a few pixels, so this does a fraction of the work of walking every pixel twelve steps.
    """
    dist = np.full(len(at), SEARCH_STEPS, np.int64)
    delta = np.empty(len(at), np.float32)
    live = np.arange(len(at))
    pos = at + along
    for k in range(1, SEARCH_STEPS + 1):
        d = (flat[pos] + flat[pos + across]) / 2.0 - local
        if k == SEARCH_STEPS:  # not found: the last step counts as the end
            delta[live] = d
            break
        hit = np.abs(d) >= gradient
        dist[live[hit]], delta[live[hit]] = k, d[hit]
        go = ~hit
        if not go.any():
            break
        live, pos, across, local, gradient = live[go], pos[go], across[go], local[go], gradient[go]
        pos += along[live]
    return dist, delta


__all__ = ["EDGE_THRESHOLD", "EDGE_THRESHOLD_MIN", "SEARCH_STEPS", "SUBPIXEL", "fxaa"]
