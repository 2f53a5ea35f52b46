"""Labels, legends and titles drawn over the 3D view."""

from __future__ import annotations

import numpy as np

from spineviz.anatomy.levels import LEVELS
from spineviz.render import look


def label_points(actors) -> tuple[np.ndarray, list[str]]:
    """Where each visible level's name goes: beside its body, to the patient's right, in the posed frame."""
    pts, names = [], []
    spine = actors.spine
    for lv in LEVELS:
        if not actors.bones[lv.name].visibility:
            continue
        d = spine.model.dims[lv.name]
        width = (d.epw or 30.0) if lv.name != "C1" else 40.0
        local = np.array([0.5 * width + 14.0, 0.0, 0.0, 1.0])
        world = actors.transforms[lv.index] @ spine.frames[lv.index] @ local
        pts.append(world[:3])
        names.append("Sacrum" if lv.is_sacrum else lv.name)
    return np.array(pts), names


def add_labels(plotter, actors, font_size: int = 14):
    pts, names = label_points(actors)
    if not len(pts):
        return None
    return plotter.add_point_labels(
        pts, names, font_size=font_size, text_color=look.LABEL_COLOUR, shape=None, show_points=False,
        always_visible=True, name="labels", render=False,
    )


def add_load_legend(plotter, top_newtons: float):
    """A colour bar for facet load using a hidden carrier mesh, so bars and facet colours share one map."""
    import pyvista as pv

    carrier = pv.PolyData(np.zeros((2, 3)))
    carrier["Facet load (N, estimate)"] = np.array([0.0, top_newtons])
    lut = pv.LookupTable(cmap=None)
    lut.values = np.column_stack([look.CIVIDIS * 255, np.full(len(look.CIVIDIS), 255)]).astype(np.uint8)
    lut.scalar_range = (0.0, top_newtons)
    return plotter.add_mesh(
        carrier, scalars="Facet load (N, estimate)", cmap=lut, opacity=0.0, name="legend_carrier",
        render=False, pickable=False,
        scalar_bar_args={"title": "Facet load (N, estimate)", "vertical": False, "position_x": 0.25,
                         "position_y": 0.02, "height": 0.06, "width": 0.5, "n_labels": 5, "fmt": "%.0f",
                         "color": look.LABEL_COLOUR, "title_font_size": 14, "label_font_size": 12},
    )


def add_title(plotter, text: str):
    return plotter.add_text(text, position="upper_left", font_size=14, color=look.LABEL_COLOUR, name="title")
