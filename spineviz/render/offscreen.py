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


def make_plotter(size: tuple[int, int], transparent: bool = False):
    """An off-screen plotter with the app's lighting and background."""
    import pyvista as pv

    from spineviz.render import look

    require_opengl()
    _choose_gl_window()
    plotter = pv.Plotter(off_screen=True, window_size=list(size), lighting="light_kit")
    if not transparent:
        plotter.set_background(look.BACKGROUND[0], top=look.BACKGROUND[1])
    plotter.enable_anti_aliasing("ssaa")
    return plotter


def render_vertebra(level: str, view: str, out: Path, size: tuple[int, int] = (600, 600),
                    lod: str = "default") -> Path:
    """One vertebra on its own (in its local frame), with its facet cartilage, for galleries and tests."""
    from spineviz.anatomy.levels import parse_level
    from spineviz.anatomy.spine import load_spine
    from spineviz.render import look

    spine = load_spine(lod=lod)
    lv = parse_level(level)
    plotter = make_plotter(size)
    try:
        bone = spine.bones[lv.name]
        plotter.add_mesh(bone, **look.BONE)
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
