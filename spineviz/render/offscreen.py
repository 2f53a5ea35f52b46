"""Rendering without a window: the spine (neutral or posed, optionally coloured by load) to an image."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

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


@dataclass
class RenderRequest:
    """What to draw: everything ``spineviz render`` can be asked for."""

    out: Path
    view: str = "left"
    region: str = "all"
    size: tuple[int, int] = (1200, 1600)
    motion: object | None = None  # spineviz.motion.Motion
    loads: bool = False
    labels: bool = False
    transparent: bool = False
    title: str = ""
    lod: str = "default"
    xray: bool = False
    highlight: list[str] = field(default_factory=list)


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


def render_image(req: RenderRequest) -> dict:
    """Render ``req`` to its file; return a summary (clamps, most-loaded joints) for the caller to print."""
    from spineviz.anatomy.spine import load_spine
    from spineviz.motion import Motion
    from spineviz.motion.loads import ESTIMATE_NOTE, facet_loads
    from spineviz.motion.pose import pose
    from spineviz.render import look
    from spineviz.render.annotate import add_labels, add_load_legend, add_title
    from spineviz.render.spine_actors import SpineActors, regions_for

    spine = load_spine(lod=req.lod)
    plotter = make_plotter(req.size, req.transparent)
    try:
        actors = SpineActors.build(plotter, spine)
        actors.show_regions(regions_for(req.region))
        motion = req.motion or Motion()
        p = pose(spine.model, motion)
        actors.apply_pose(p.transforms)
        summary: dict = {"clamped": [str(c) for c in p.clamped], "motion": motion.describe()}
        if req.loads:
            loads = facet_loads(spine.model, p)
            top = max(120.0, float(np.max(loads.newtons)))
            actors.set_facet_colours(look.load_colours(loads.newtons / top))
            add_load_legend(plotter, top)
            summary["most_loaded"] = loads.most_loaded(3)
            summary["note"] = ESTIMATE_NOTE
        if req.xray:
            for a in actors.bones.values():
                a.prop.opacity = 0.35
        if req.labels:
            add_labels(plotter, actors)
        if req.title:
            add_title(plotter, req.title)
        bounds = actors.visible_bounds()
        look.frame_view(plotter, req.view, bounds)
        out = Path(req.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.stem}.partial{out.suffix}")
        plotter.screenshot(str(tmp), transparent_background=req.transparent)
        os.replace(tmp, out)
        summary["out"] = str(out)
        return summary
    finally:
        plotter.close()


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
        plotter.screenshot(str(out))
        return out
    finally:
        plotter.close()
