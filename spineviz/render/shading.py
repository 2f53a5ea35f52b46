"""The bones' baked occlusion drawn: a grey ramp texture that multiplies a bone's colour (session 36, bake36).

Each bone's mesh carries its share of the sky (:data:`spineviz.anatomy.occlusion.ARRAY`, worked out once at mesh
build); on loading it becomes the mesh's texture coordinates (share, 0.5) (:func:`spineviz.anatomy.meshset.load_mesh`).
Every actor that draws a bone, still or moving, separate or merged, in the app, the command line, the exports and the
review, takes the one texture of :func:`bone_texture`: a 256-texel grey ramp from :data:`DARKEST` (a point that sees
none of the sky) to white (a point that sees all of it). VTK multiplies the lit fragment by the texture, so the
bone's own colour stays the property's (selection, hover, the load tint) and its opacity too (x-ray: the texture is
opaque grey); cartilage, discs and nerves take no texture and are never darkened. A mesh without texture
coordinates (an imported bone) is drawn as before; a capped cut keeps them on the bone's surface and gives its flat
cap face 1.0, no darkening (:mod:`spineviz.render.cut`, session 36).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

DARKEST = 0.42
"""The ramp's grey where a point sees none of the sky [M], chosen by looking (session 35's script used 0.35: the
floor of S1's canal went almost black and the laminae's undersides muddy; 0.5 left the canal mouth reading shallow)."""
GAMMA = 0.8
"""The ramp's curve [M] (session 35's): a half-open point is darkened a little less than linearly."""
TEXELS = 256


def ramp() -> np.ndarray:
    """The grey factor of each texel, 0-1: ``DARKEST + (1 - DARKEST) * t ** GAMMA`` for ``t`` from 0 to 1."""
    return DARKEST + (1.0 - DARKEST) * np.linspace(0.0, 1.0, TEXELS) ** GAMMA


@lru_cache(maxsize=1)
def bone_texture():
    """The one texture every bone actor shares: the ramp as 8-bit grey RGB, linear between texels, clamped."""
    import pyvista as pv

    grey = np.round(ramp() * 255.0).astype(np.uint8)
    texture = pv.Texture(np.repeat(grey[None, :, None], 3, axis=2).repeat(2, axis=0))
    texture.interpolate, texture.repeat = True, False
    texture.mipmap = False
    return texture


def has_sky(mesh) -> bool:
    """Whether ``mesh`` (a VTK poly data) carries texture coordinates to draw its occlusion with."""
    return mesh is not None and mesh.GetPointData().GetTCoords() is not None


def shade_bone(actor) -> None:
    """Give a bone's actor the occlusion texture when its mesh carries the coordinates (else leave it as it is)."""
    mapper = actor.GetMapper()
    if mapper is not None and has_sky(mapper.GetInput()):
        actor.SetTexture(bone_texture())


__all__ = ["DARKEST", "GAMMA", "bone_texture", "has_sky", "ramp", "shade_bone"]
