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

The two exports that draw without VTK take the same ramp as a grey per vertex (session 37, export37):
:func:`vertex_grey` is what the texture gives a vertex of a given share (the same 8-bit texels, looked up the same
way), and :func:`vertex_grey_bytes` is that grey in 8 bits, which the web page multiplies its lit colour by
(:mod:`spineviz.render.webpage`). The glTF writes its bones' ``COLOR_0`` as the *linear* value of :func:`vertex_grey`
in 16 bits (:func:`spineviz.render.gltf.vertex_colour_u16`, session 37, gltf37), because glTF's vertex colours are
linear multipliers; the greys here, like the texture's, are display (sRGB) values.
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


def texels() -> np.ndarray:
    """The texture's 8-bit greys, texel by texel: :func:`ramp` rounded to 0-255."""
    return np.round(ramp() * 255.0).astype(np.uint8)


def vertex_grey(share) -> np.ndarray:
    """The grey factor (0-1) the bone texture gives a vertex whose share of the sky is ``share`` (0-1).

    As the GPU samples the texture: texel ``i`` sits at ``(i + 0.5) / TEXELS``, linear in between, clamped at the
    ends; so an export darkens a vertex by the number the app's picture darkens it by.
    """
    centres = (np.arange(TEXELS) + 0.5) / TEXELS
    return np.interp(np.asarray(share, float), centres, texels() / 255.0)


def vertex_grey_bytes(share) -> np.ndarray:
    """:func:`vertex_grey` in 8 bits (uint8, 255 = white), as the web page carries it (a display value, not linear)."""
    return np.round(vertex_grey(share) * 255.0).astype(np.uint8)


@lru_cache(maxsize=1)
def bone_texture():
    """The one texture every bone actor shares: the ramp as 8-bit grey RGB, linear between texels, clamped."""
    import pyvista as pv

    grey = texels()
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


__all__ = ["DARKEST", "GAMMA", "bone_texture", "has_sky", "ramp", "shade_bone", "texels", "vertex_grey",
           "vertex_grey_bytes"]
