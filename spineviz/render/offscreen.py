"""Off-screen plotters (no window needed), and a single vertebra on its own for galleries and tests.

Whole scenes are drawn by :mod:`spineviz.render.scene_render`, the same path the app uses; this module
only makes the plotter it draws on.
"""

from __future__ import annotations

import os
from pathlib import Path

from spineviz.render.gl import require_opengl


def _choose_gl_window() -> None:
    """EGL needs no display; with a display (the app, GUI tests) use the X window class like Qt does.

    Mixing EGL and GLX contexts in one process renders blank images with Mesa, so an off-screen render in
    a process that also shows Qt windows must use the same path as Qt.
    """
    if os.environ.get("DISPLAY"):
        if os.environ.get("VTK_DEFAULT_OPENGL_WINDOW") == "vtkEGLRenderWindow":
            del os.environ["VTK_DEFAULT_OPENGL_WINDOW"]
    else:
        os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")


STILL_ANTI_ALIASING = "ssaa"
"""Off-screen plotters' default (single-vertebra galleries, review sheets): VTK's supersampling, 5× the
pixels. Scene stills (PNG export, ``spineviz render``, pages) are drawn as clip frames are, ``"none"`` then
FXAA on the CPU (:func:`spineviz.render.scene_render.render_scene`)."""
SCENE_SMOOTHING = "fxaa on the CPU"
"""How scene stills and GIF/MP4 frames are smoothed (:mod:`spineviz.render.fxaa`), as the benchmark reports it."""
CLIP_ANTI_ALIASING = "fxaa"
"""Clip frames (tours): FXAA, a screen-space filter run once over the finished frame, as VTK's render pass.

On the 2-core llvmpipe machine an 800×800 lumbar frame rendered in about a third of the time of SSAA
(docs/performance.md, exports); the bones' outlines stay smooth at clip sizes and the names stay crisp.
GIF and MP4 frames are drawn with ``"none"`` and get the same filter on the CPU, in a worker thread
(:mod:`spineviz.render.fxaa`, :mod:`spineviz.render.clip`)."""


def make_plotter(size: tuple[int, int], transparent: bool = False, anti_aliasing: str = STILL_ANTI_ALIASING):
    """An off-screen plotter with the app's lighting and background."""
    import pyvista as pv

    from spineviz.render import look

    require_opengl()
    _choose_gl_window()
    plotter = pv.Plotter(off_screen=True, window_size=list(size), lighting="light_kit")
    if not transparent:
        plotter.set_background(look.BACKGROUND[0], top=look.BACKGROUND[1])
    set_anti_aliasing(plotter, anti_aliasing)
    return plotter


def set_anti_aliasing(plotter, kind: str) -> None:
    """Smooth edges by ``"ssaa"`` (stills) or ``"fxaa"`` (clip frames); see the constants above.

    ``"none"`` draws through the same render steps unsmoothed, for a caller that smooths the read-back
    frame itself (GIF and MP4 frames: :func:`spineviz.render.fxaa.fxaa`).

    Both draw through the same render steps (:func:`_scene_passes`), so translucent parts look the same
    in a still and in a clip frame of the same moment: VTK's supersampling pass or its FXAA pass wraps them.
    (PyVista's own FXAA switch turns to SSAA when VTK was built for EGL, and the renderer's FXAA flag is
    ignored once a pass is set; Mesa's llvmpipe runs the FXAA pass correctly through EGL and GLX alike.)
    """
    from vtkmodules.vtkRenderingOpenGL2 import vtkOpenGLFXAAPass, vtkSSAAPass

    if kind not in ("ssaa", "fxaa", "none"):
        raise ValueError(f"anti-aliasing {kind!r}: use 'ssaa', 'fxaa' or 'none'")
    plotter.disable_anti_aliasing()
    for renderer in plotter.renderers:
        renderer.SetUseFXAA(False)
        if kind == "none":
            renderer.SetPass(_scene_passes())
            continue
        smooth = vtkSSAAPass() if kind == "ssaa" else vtkOpenGLFXAAPass()
        smooth.SetDelegatePass(_scene_passes())
        renderer.SetPass(smooth)


def _scene_passes():
    """VTK's standard render steps, with order-independent translucency for everything translucent.

    VTK's supersampling pass draws through plain render steps, whose translucent step blends surfaces in
    the order the actors were added: x-ray bones let the discs behind them show as if in front, and the
    discs showed streaks of their own back faces. Order-independent translucency (weighted blending, one
    pass) fixes both for about a fifth more render time; dual depth peeling, which the app's window uses
    for x-ray, cost up to five times the render on llvmpipe (docs/performance.md, exports).
    """
    from vtkmodules.vtkRenderingOpenGL2 import vtkOrderIndependentTranslucentPass, vtkRenderStepsPass

    steps = vtkRenderStepsPass()
    blend = vtkOrderIndependentTranslucentPass()
    blend.SetTranslucentPass(steps.GetTranslucentPass())
    steps.SetTranslucentPass(blend)
    return steps


def render_vertebra(level: str, view: str, out: Path, size: tuple[int, int] = (600, 600),
                    lod: str = "default") -> Path:
    """One vertebra on its own (in its local frame), with its facet cartilage, for galleries and tests."""
    from spineviz.anatomy.levels import parse_level
    from spineviz.anatomy.spine import load_spine
    from spineviz.render import look
    from spineviz.render.shading import shade_bone

    spine = load_spine(lod=lod)
    lv = parse_level(level)
    plotter = make_plotter(size)
    try:
        bone = spine.bones[lv.name]
        shade_bone(plotter.add_mesh(bone, **look.BONE))
        for j in spine.model.joints:
            for which, idx in (("upper", j.upper_index), ("lower", j.lower_index)):
                if idx == lv.index:
                    plotter.add_mesh(spine.cartilage[(j.name, which)], **look.CARTILAGE)
        look.frame_view(plotter, view, bone.bounds, margin=1.15)
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        plotter.render()  # pyvista's screenshot does not render by itself
        plotter.screenshot(str(out))
        return out
    finally:
        plotter.close()
