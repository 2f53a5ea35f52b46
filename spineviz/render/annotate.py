"""The load legend drawn over the 3D view: one colour bar on the fixed scale, for every view and export."""

from __future__ import annotations

import numpy as np

from spineviz.render import look


def add_load_legend(plotter):
    """A colour bar for facet load, 0 to :data:`~spineviz.render.look.LOAD_SCALE_N` newtons.

    A hidden carrier mesh holds the bar, so the bar and the facet colours share one colour map.
    """
    import pyvista as pv

    top = look.LOAD_SCALE_N
    carrier = pv.PolyData(np.zeros((2, 3)))
    carrier[look.LEGEND_TITLE] = np.array([0.0, top])
    lut = pv.LookupTable(cmap=None)
    lut.values = np.column_stack([look.CIVIDIS * 255, np.full(len(look.CIVIDIS), 255)]).astype(np.uint8)
    lut.scalar_range = (0.0, top)
    return plotter.add_mesh(
        carrier, scalars=look.LEGEND_TITLE, cmap=lut, opacity=0.0, name="legend_carrier",
        render=False, pickable=False,
        scalar_bar_args={"title": look.LEGEND_TITLE, "vertical": False, "position_x": 0.25,
                         "position_y": 0.02, "height": 0.06, "width": 0.5, "n_labels": 6, "fmt": "%.0f",
                         "color": look.LABEL_COLOUR, "title_font_size": 14, "label_font_size": 12},
    )


__all__ = ["add_load_legend"]
