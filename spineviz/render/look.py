"""The theme: every visual constant in one place (materials, marks, text, the load scale, camera views).

The app's viewport, ``spineviz render`` and every exporter read their colours from here, so a colour means
the same thing on screen, in a PNG, a GIF and the web page.

The load colour map is a colour-blind-safe sequential ramp (cividis, Nuñez, Anderton & Renslow 2018,
designed to read the same with deuteranopia and protanopia and in greyscale), sampled here as data. Its
scale is fixed: 0 N is the darkest blue and :data:`LOAD_SCALE_N` newtons (and above) the brightest yellow,
in every image and every frame, so "yellow" is always the same load.
"""

from __future__ import annotations

import numpy as np

BONE = {"color": (0.90, 0.86, 0.77), "ambient": 0.18, "diffuse": 0.78, "specular": 0.22,
        "specular_power": 18.0, "smooth_shading": True}
CARTILAGE = {"color": (0.30, 0.55, 0.85), "ambient": 0.25, "diffuse": 0.75, "specular": 0.35,
             "specular_power": 30.0, "smooth_shading": True}
DISC = {"color": (0.72, 0.80, 0.86), "ambient": 0.2, "diffuse": 0.7, "specular": 0.1,
        "smooth_shading": True, "opacity": 0.85}
SELECTED = (0.98, 0.80, 0.45)  # warm highlight for the selected vertebra
SELECTED_FACET = (0.95, 0.45, 0.20)  # the selected facet joint: its mark, and its colour when loads are off
HIGHLIGHT = (0.84, 0.19, 0.55)  # highlighted facet joints: a magenta far from the blue-yellow load map
FREQUENCY_COLOURS = {  # joints that can refer pain to a marked or linked area: deep to pale orange, as the
    "typical": (0.85, 0.25, 0.02),  # body map's fills; visible against the blue cartilage
    "sometimes": (0.98, 0.55, 0.22),
    "rare": (1.00, 0.82, 0.60),
}
MARK_WIDTH_PX = 4.0  # the ring drawn around a marked (highlighted or selected) facet joint
MARK_MARGIN_MM = 3.5  # how far the ring stands off the joint's edge, so it outlines and never covers it
XRAY_OPACITY = 0.35  # bone opacity for the X-ray toggle
BACKGROUND = ("#f5f7fa", "#d5dbe3")  # bottom, top: calm, prints well, keeps bone contrast
LABEL_COLOUR = "#1f2a36"

# cividis sampled at 9 stops (RGB 0..1)
CIVIDIS = np.array([
    [0.000, 0.135, 0.304], [0.144, 0.212, 0.427], [0.298, 0.302, 0.427], [0.420, 0.396, 0.440],
    [0.531, 0.494, 0.459], [0.652, 0.597, 0.451], [0.776, 0.705, 0.408], [0.900, 0.820, 0.330],
    [0.995, 0.905, 0.218],
])
UNLOADED = (0.62, 0.66, 0.72)

LOAD_SCALE_N = 250.0
"""Newtons at the top of the load colour scale, everywhere (legend, viewport, PNG, GIF, MP4, web page).

Fixed, never rescaled per image. 250 N sits just below the model's largest estimate anywhere in the
physiological range (about 270 N at the end of lumbar extension or side bending), so the presets' loads
(about 40 N standing, 184 N at 20° lumbar extension) spread over most of the ramp and only the extreme end
of range reaches the top colour."""
LEGEND_TITLE = "Facet load (N, estimate)"

VIEWS = ("anterior", "posterior", "left", "right", "superior", "oblique")
_DIRECTIONS = {
    "anterior": ((0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "posterior": ((0.0, -1.0, 0.0), (0.0, 0.0, 1.0)),
    "left": ((-1.0, 0.0, 0.0), (0.0, 0.0, 1.0)),
    "right": ((1.0, 0.0, 0.0), (0.0, 0.0, 1.0)),
    "superior": ((0.0, 0.0, 1.0), (0.0, 1.0, 0.0)),
    "oblique": ((-0.75, -0.9, 0.35), (0.0, 0.0, 1.0)),
}


def view_vectors(view: str) -> tuple[np.ndarray, np.ndarray]:
    """Unit direction from the focal point to the camera, and the view-up vector, for a named view."""
    if view not in _DIRECTIONS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    d, up = _DIRECTIONS[view]
    d = np.asarray(d, float)
    return d / np.linalg.norm(d), np.asarray(up, float)


def frame_view(plotter, view: str, bounds, margin: float = 1.08) -> None:
    """Point the camera from the named view and fit ``bounds`` (VTK's reset_camera does the fitting)."""
    b = np.asarray(bounds, float).reshape(3, 2)
    centre = b.mean(axis=1)
    d, up = view_vectors(view)
    radius = float(np.linalg.norm(b[:, 1] - b[:, 0]))
    plotter.camera_position = [tuple(centre + d * 3 * radius), tuple(centre), tuple(up)]
    plotter.renderer.reset_camera(render=False, bounds=tuple(b.ravel()))  # the caller renders when it is done
    cam = plotter.camera
    focal, pos = np.array(cam.focal_point), np.array(cam.position)
    cam.position = tuple(focal + (pos - focal) / margin)  # dolly in; the view angle stays untouched
    plotter.reset_camera_clipping_range()


def load_colour(fraction: float) -> tuple[float, float, float]:
    """Colour of a load as a fraction of the legend's maximum (0..1)."""
    f = float(np.clip(fraction, 0.0, 1.0)) * (len(CIVIDIS) - 1)
    i = min(int(f), len(CIVIDIS) - 2)
    t = f - i
    return tuple(float(c) for c in (1 - t) * CIVIDIS[i] + t * CIVIDIS[i + 1])


FIXED_LOAD_SCALE = (0.0, LOAD_SCALE_N)
"""The (low, high) newtons of every scene that does not set its own ``layers.load_range``."""


def load_scale(load_range: tuple[float, float] | None = None) -> tuple[float, float]:
    """The (low, high) newtons the load colours span.

    A scene's own ``layers.load_range``, or 0 to :data:`LOAD_SCALE_N`, the fixed scale of every scene
    without one.
    """
    return FIXED_LOAD_SCALE if load_range is None else (float(load_range[0]), float(load_range[1]))


def newton_colours(newtons: np.ndarray, scale: tuple[float, float] = FIXED_LOAD_SCALE) -> np.ndarray:
    """(N, 3) colours of facet loads in newtons on ``scale`` (low, high newtons).

    The fixed 0 to :data:`LOAD_SCALE_N` unless a scene sets its own (:func:`load_scale`).
    """
    low, high = scale
    return load_colours((np.asarray(newtons, float) - low) / (high - low))


def load_colours(fractions: np.ndarray) -> np.ndarray:
    """Vectorised :func:`load_colour` for an array of fractions -> (N, 3)."""
    f = np.clip(np.asarray(fractions, float), 0.0, 1.0) * (len(CIVIDIS) - 1)
    i = np.minimum(f.astype(int), len(CIVIDIS) - 2)
    t = (f - i)[:, None]
    return (1 - t) * CIVIDIS[i] + t * CIVIDIS[i + 1]
