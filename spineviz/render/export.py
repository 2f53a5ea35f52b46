"""Exports of a scene: PNG, animated GIF/MP4, an interactive HTML page, glTF/GLB, the body map, a handout.

Every writer is atomic (a temporary file beside the target, then a rename): a failed or cancelled export
leaves no partial file and never damages an existing one. Problems are an :class:`ExportError` whose
message names the file and the fix; a cancelled animation is :class:`ExportCancelled`.

=========  =====================================================================================
suffix     what :func:`export_scene` writes
=========  =====================================================================================
``.png``   the scene's still image (:func:`spineviz.render.scene_render.render_scene`)
``.gif``   one cycle of the scene's animation, ``round(seconds × fps)`` frames, looping
``.mp4``   the same as H.264 video (imageio-ffmpeg's bundled ffmpeg)
``.html``  a standalone interactive 3D page (:mod:`spineviz.render.webpage`), no network needed
``.gltf``  glTF 2.0 with the data embedded; ``.glb`` binary glTF (:mod:`spineviz.render.gltf`)
``.svg``   the referred-pain body map for the scene's joints (:func:`export_body_map` also does PNG)
=========  =====================================================================================

:func:`write_handout` writes the patient handout: one HTML file with the scene's picture, the body map, the
patient article and the red flags.

This module is the exporters' front door: it dispatches on the suffix and writes PNG, HTML and glTF; the
animation writers live in :mod:`spineviz.render.clip`, the handout in :mod:`spineviz.render.handout`, the
body map in :mod:`spineviz.render.scene_body_map`, the shared errors in :mod:`spineviz.render.export_files`.
"""

from __future__ import annotations

import math
from pathlib import Path

from spineviz.atomic import atomic_write_bytes
from spineviz.render.clip import DEFAULT_FPS, export_animation, frame_count, frame_times
from spineviz.render.export_files import (
    Cancel,
    ExportCancelled,
    ExportError,
    Progress,
    check_target,
    png_bytes,
    write_error,
)
from spineviz.render.handout import red_flags_html, write_handout
from spineviz.render.scene_body_map import body_map_joints, export_body_map
from spineviz.scene.state import SceneState

SCENE_SUFFIXES = (".png", ".gif", ".mp4", ".html", ".gltf", ".glb", ".svg")
ANIMATION_SIZE = (640, 480)
"""Pixels (width, height) of a GIF or MP4 when none is given: what ``spineviz render X.toml --out x.gif``
writes, so the size the clip tests judge (tests/render/test_clips_move.py)."""


# ---- dispatch -----------------------------------------------------------------------------------------


def export_scene(state: SceneState, path: str | Path, *, size: tuple[int, int] | None = None,
                 transparent: bool = False, fps: int = DEFAULT_FPS, progress: Progress | None = None,
                 cancel: Cancel | None = None, spine=None) -> Path:
    """Write ``state`` in the format its suffix names (see the module docstring); return the path.

    Parameters
    ----------
    size
        Pixels (width, height) for PNG, GIF and MP4; defaults 1200×900 for PNG, 640×480 for animations.
    transparent
        PNG only: a transparent background.
    fps
        Frames per second for GIF and MP4.
    progress
        Called with the fraction done (0-1) as an animation renders.
    cancel
        Called before each frame; returning True stops the export with :class:`ExportCancelled`.

    Raises
    ------
    ExportError
        With the file and the fix (unknown suffix, no animation for GIF/MP4, unwritable folder, ...).
    """
    target = check_target(path, SCENE_SUFFIXES)
    suffix = target.suffix.lower()
    if suffix == ".png":
        return export_png(state, target, size=size or (1200, 900), transparent=transparent, spine=spine)
    if suffix in (".gif", ".mp4"):
        return export_animation(state, target, size=size or ANIMATION_SIZE, fps=fps, progress=progress,
                                cancel=cancel, spine=spine)
    if suffix == ".html":
        return export_html(state, target, spine=spine)
    if suffix in (".gltf", ".glb"):
        return export_gltf(state, target, spine=spine)
    return export_body_map(state, target)


def export_png(state: SceneState, path: str | Path, *, size: tuple[int, int] = (1200, 900),
               transparent: bool = False, spine=None) -> Path:
    """The scene's still image as PNG (any size from 16 to 8192 pixels a side)."""
    from spineviz.render.scene_render import render_scene

    target = check_target(path, (".png",))
    try:
        render_scene(state, target, size=size, transparent=transparent, spine=spine)
    except ValueError as exc:
        raise ExportError(target, str(exc), "give a size from 16x16 to 8192x8192 pixels") from None
    except OSError as exc:
        raise write_error(target, exc) from None
    return target


# ---- interactive page ---------------------------------------------------------------------------------


def export_html(state: SceneState, path: str | Path, *, spine=None, still_size: tuple[int, int] = (960, 720)) -> Path:
    """A standalone interactive 3D page of the scene (see :mod:`spineviz.render.webpage`).

    It carries the title, the caption, the load-estimate note and the red flags, the posed meshes of
    everything visible, and a still image for browsers without WebGL and for printing.
    """
    from spineviz.anatomy.spine import load_spine
    from spineviz.motion.loads import ESTIMATE_NOTE
    from spineviz.render.parts import scene_parts
    from spineviz.render.scene_render import open_renderer
    from spineviz.render.webpage import page_data, page_html

    target = check_target(path, (".html", ".htm"))
    spine = spine if spine is not None else load_spine(state.anatomy)  # the default detail keeps the page light
    renderer = open_renderer(state, still_size, spine=spine, captions=False)
    try:
        cam = renderer.plotter.camera
        camera = {"position": [float(v) for v in cam.position], "focal": [float(v) for v in cam.focal_point],
                  "up": [float(v) for v in cam.up], "angle": math.radians(float(cam.view_angle))}
        still = png_bytes(renderer.snapshot())
    finally:
        renderer.plotter.close()
    parts, world, summary = scene_parts(state, spine)
    data = page_data(parts, world, camera, 1.0 - state.layers.bone_transparency)
    page = page_html(
        title=state.title, caption=state.caption, data=data, still_png=still, note=ESTIMATE_NOTE,
        flags_html=red_flags_html("patient"), load_top=summary.get("load_top"),
        load_low=summary.get("load_low", 0.0),
        most_loaded=summary.get("most_loaded"),
        layers={"bone": True, "disc": state.layers.discs, "facet": state.layers.cartilage},
        audience=state.audience,
    )
    try:
        atomic_write_bytes(target, page.encode("utf-8"))
    except OSError as exc:
        raise write_error(target, exc) from None
    return target


# ---- glTF ---------------------------------------------------------------------------------------------


def export_gltf(state: SceneState, path: str | Path, *, spine=None) -> Path:
    """The visible parts as glTF 2.0 (``.gltf`` text with embedded data, or binary ``.glb``).

    One node per visible vertebra (with its posed matrix), and under it one per disc and per facet
    cartilage layer riding on it, under a root node that converts to glTF's metres and +Y up.
    """
    from spineviz.anatomy.spine import best_lod, load_spine
    from spineviz.motion.loads import ESTIMATE_NOTE
    from spineviz.render.gltf import glb_bytes, gltf_document, gltf_text
    from spineviz.render.parts import scene_parts

    target = check_target(path, (".gltf", ".glb"))
    spine = spine if spine is not None else load_spine(state.anatomy, lod=best_lod(state.anatomy))
    parts, world, _ = scene_parts(state, spine)
    doc, blob = gltf_document(parts, world, state.title, state.caption, ESTIMATE_NOTE if state.loads else "")
    data = glb_bytes(doc, blob) if target.suffix.lower() == ".glb" else gltf_text(doc, blob)
    try:
        atomic_write_bytes(target, data)
    except OSError as exc:
        raise write_error(target, exc) from None
    return target


__all__ = [
    "SCENE_SUFFIXES",
    "ExportCancelled",
    "ExportError",
    "body_map_joints",
    "export_animation",
    "export_body_map",
    "export_gltf",
    "export_html",
    "export_png",
    "export_scene",
    "frame_count",
    "frame_times",
    "red_flags_html",
    "write_handout",
]
