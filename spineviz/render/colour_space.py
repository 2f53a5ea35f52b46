"""The sRGB transfer function: the app's display colours as the linear values glTF asks for (session 37, gltf37).

Every colour spineviz chooses (:mod:`spineviz.render.look`, the load ramp, the bones' occlusion greys) is a display
value: VTK writes the lit colour straight to the sRGB framebuffer, with no conversion, so the numbers are sRGB-encoded
values as the eye sees them on screen. glTF 2.0 instead defines ``baseColorFactor`` and the ``COLOR_0`` vertex
colour as *linear* multipliers (Khronos glTF 2.0 specification, sections 3.7.2.1 and 3.9.2), which a viewer lights
and then encodes to sRGB for display; a display value written there unconverted is encoded a second time and shows
lighter and greyer. :func:`srgb_to_linear` is the decoding function of IEC 61966-2-1:1999 (sRGB), section 5.2,
written here once; the glTF writer (:mod:`spineviz.render.gltf`) is its only user. The 3D web page
(:mod:`spineviz.render.webpage`) does not use it: its WebGL 1 shader is our own and writes the display values to the
canvas directly, as VTK does.
"""

from __future__ import annotations

import numpy as np

SRGB_THRESHOLD = 0.04045
"""Below this encoded value the sRGB curve is a straight line (IEC 61966-2-1:1999, section 5.2)."""


def srgb_to_linear(values) -> np.ndarray:
    """The linear values of sRGB-encoded ``values`` (0-1, any shape), by IEC 61966-2-1:1999, section 5.2.

    ``v / 12.92`` for ``v <= 0.04045``, else ``((v + 0.055) / 1.055) ** 2.4``; 0 stays 0 and 1 stays 1. Values
    outside 0-1 are clipped to it first. Alpha is not a colour: do not pass it here.
    """
    v = np.clip(np.asarray(values, float), 0.0, 1.0)
    return np.where(v <= SRGB_THRESHOLD, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


__all__ = ["SRGB_THRESHOLD", "srgb_to_linear"]
