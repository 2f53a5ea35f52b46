"""The load legend drawn in the band under the 3D view: one colour bar on the fixed scale, for every view and export.

It is laid out by hand in pixels rather than with VTK's scalar bar, whose title overprints its tick
numbers when the band is short: from the bottom up, the tick words, the bar, then the title, each in
its own row. The bar is cut into equal cells coloured from the same map as the facets
(:func:`~spineviz.render.look.load_colours`). For patients the ticks are words, "less pressure" to
"more pressure", and the title has no unit: no newtons anywhere a patient looks.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from spineviz.render import look

LEGEND_ACTORS = ("legend_carrier", "legend_title", "legend_ticks")
"""Names of the legend's parts in the plotter (what a redraw removes)."""
CELLS = 60
"""Equal-width cells of the colour bar."""
TICKS = 6
"""Tick numbers for clinicians and educators: 0 to the top of the scale in equal steps."""
PATIENT_WORDS = ("How hard the small joints press", "less pressure", "more pressure")
"""The patient legend: title, left end, right end."""
SPAN = (0.25, 0.75)
"""Where the bar starts and ends, as shares of the picture's width."""
EDGE = 0.015
"""[M] The least margin (share of the width) a bar widened for its tick words keeps from the picture's sides."""


def legend_layout(width: int, height: int, need: float = 0.0, tick_height: float = 0.0,
                  title_height: float = 0.0, overhang: float = 0.0) -> dict[str, int]:
    """Pixel rows of the legend (origin bottom-left): font size, tick baseline, bar bottom and top, title baseline.

    The three rows never share a pixel: ticks below the bar, the title above it, a gap between each. The bar
    spans :data:`SPAN` of the width, or ``need`` pixels when that is more (tick words that would touch at
    the usual span, in a narrow picture: :func:`tick_span`), widened about the middle up to
    :data:`EDGE` of the width, and ``overhang`` pixels (how far the end ticks' words reach past the bar's
    ends), from either side. ``tick_height`` and ``title_height``: the measured heights
    of the tick row and the title (pixels) when they are wrapped onto more lines than one (a narrow
    picture); a row is never lower than one line.
    """
    font = int(np.clip(round(height * 0.02), 10, 16))
    gap = max(2, font // 4)
    ticks = max(2, round(height * 0.008))
    bar_bottom = ticks + max(round(font * 1.35), int(np.ceil(tick_height))) + gap
    bar_top = bar_bottom + max(8, round(height * 0.02))
    title = bar_top + gap
    left, right = round(width * SPAN[0]), round(width * SPAN[1])
    if need > right - left:
        half = min(need / 2.0, width * (0.5 - EDGE) - overhang)
        left, right = int(np.floor(width / 2.0 - half)), int(np.ceil(width / 2.0 + half))
    return {"font": font, "ticks": ticks, "bar_bottom": bar_bottom, "bar_top": bar_top, "title": title,
            "left": left, "right": right, "top": title + max(round(font * 1.4), int(np.ceil(title_height)) + gap)}


def tick_span(ticks: list[tuple[float, float, str]], gap: float) -> float:
    """The bar's length (pixels) at which no two tick words come closer than ``gap`` pixels.

    ``ticks``: (share of the bar, width in pixels, alignment "left", "centre" or "right") for each, in order.
    """
    reach = {"left": (0.0, 1.0), "centre": (0.5, 0.5), "right": (1.0, 0.0)}  # share of the width left, right
    need = 0.0
    for (s1, w1, a1), (s2, w2, a2) in pairwise(ticks):
        if s2 > s1:
            need = max(need, (w1 * reach[a1][1] + w2 * reach[a2][0] + gap) / (s2 - s1))
    return need


def _bar(layout: dict[str, int]):
    """A 2D actor: :data:`CELLS` equal quads from ``left`` to ``right``, coloured along the load scale."""
    from vtkmodules.vtkCommonCore import vtkPoints, vtkUnsignedCharArray
    from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
    from vtkmodules.vtkRenderingCore import vtkActor2D, vtkPolyDataMapper2D

    xs = np.linspace(layout["left"], layout["right"], CELLS + 1)
    y0, y1 = layout["bar_bottom"], layout["bar_top"]
    points = vtkPoints()
    for x in xs:
        points.InsertNextPoint(float(x), float(y0), 0.0)
        points.InsertNextPoint(float(x), float(y1), 0.0)
    quads = vtkCellArray()
    colours = vtkUnsignedCharArray()
    colours.SetNumberOfComponents(3)
    for i, rgb in enumerate(look.load_colours((np.arange(CELLS) + 0.5) / CELLS)):
        quads.InsertNextCell(4, (2 * i, 2 * i + 2, 2 * i + 3, 2 * i + 1))
        colours.InsertNextTuple3(*(float(round(255 * c)) for c in rgb))
    poly = vtkPolyData()
    poly.SetPoints(points)
    poly.SetPolys(quads)
    poly.GetCellData().SetScalars(colours)
    mapper = vtkPolyDataMapper2D()
    mapper.SetInputData(poly)
    mapper.SetColorModeToDirectScalars()
    actor = vtkActor2D()
    actor.SetMapper(mapper)
    return actor


def remove_named(plotter, names) -> None:
    """Remove ``plotter``'s actors of these names, looking through its actors once.

    PyVista looks through every actor of the renderer for each name it is given, to remove or to add (about 300 in the
    app's 3D view: bones, their coarse and merged parts, discs, cartilage; a millisecond each): the text of one
    picture made two dozen such looks, most of a resize's refit (zoom39, session 39). With the old ones removed
    here, the new are added unnamed and named after (:func:`named`).
    """
    actors = plotter.actors
    for name in names:
        actor = actors.get(name)
        if actor is not None:
            plotter.remove_actor(actor, render=False)


def named(actor, name: str):
    """Name ``actor`` ``name`` as PyVista names an actor it adds, after adding it unnamed; returns ``actor``.

    Added unnamed, PyVista does not look for another actor of that name (see :func:`remove_named`).
    """
    actor.name = name
    return actor


def _text(plotter, text: str, x: float, y: int, size: int, name: str | None, align: str = "left"):
    """A line of text at pixel (x, y); ``size`` in pixels (pyvista doubles the ``font_size`` it is given).

    Not drawn here (``render=False``): the caller draws once when the legend is complete. PyVista's default
    redrew the whole scene for each of the legend's seven texts in the app's 3D view, each frame's work and
    a transient 20 MB in software OpenGL (docs/performance.md, session 9). Named ``name`` (None: left unnamed);
    an actor of that name the caller has removed (:func:`remove_named`).
    """
    actor = plotter.add_text(text, position=(int(x), int(y)), font_size=size / 2, color=look.LABEL_COLOUR,
                             render=False)
    if name is not None:
        named(actor, name)
    prop = actor.GetTextProperty()
    {"left": prop.SetJustificationToLeft, "centre": prop.SetJustificationToCentered,
     "right": prop.SetJustificationToRight}[align]()
    prop.SetVerticalJustificationToBottom()
    return actor


PLAIN_MOVES = {  # Motion field → (words for a positive angle, for a negative one)
    "flexion": ("bending forward", "leaning back"),
    "lateral_bending": ("bending to the left side", "bending to the right side"),
    "axial_rotation": ("turning to the left", "turning to the right"),
}
_PLAIN_REGIONS = {"all": "the whole spine", "cervical": "the neck", "thoracic": "the mid-back",
                  "lumbar": "the low back"}


def motion_words(motion) -> str:
    """A pose in plain words without numbers, for patients: "leaning back and turning to the left (the low back)"."""
    parts = [PLAIN_MOVES[f][0 if getattr(motion, f) > 0 else 1] for f in PLAIN_MOVES if getattr(motion, f)]
    if not parts:
        return "standing upright"
    what = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{what} ({_PLAIN_REGIONS.get(motion.region, motion.region)})"


def legend_ticks(audience: str, scale: tuple[float, float] = look.FIXED_LOAD_SCALE) -> list[tuple[float, str]]:
    """(share of the bar, text) under the bar: words for patients, newtons for clinicians and educators.

    ``scale`` is the (low, high) newtons the colours use: the fixed scale, or the scene's own.
    """
    if audience == "patient":
        return [(0.0, PATIENT_WORDS[1]), (1.0, PATIENT_WORDS[2])]
    low, high = scale
    return [(i / (TICKS - 1), f"{low + (high - low) * i / (TICKS - 1):.0f}") for i in range(TICKS)]


def _ticks(plotter, ticks: list[tuple[float, str]], audience: str, font: int) -> list[tuple]:
    """The tick words as text actors, measured: (share, width, alignment, actor, height) each, not yet placed."""
    made = []
    for share, words in ticks:
        align = "left" if share == 0.0 and audience == "patient" else (
            "right" if share == 1.0 and audience == "patient" else "centre")
        actor = _text(plotter, words, 0, 0, font, None, align)  # added to be measured, then taken out
        plotter.remove_actor(actor, render=False)
        size = [0.0, 0.0]
        actor.GetSize(plotter.renderer, size)
        made.append((share, float(size[0]), align, actor, float(size[1])))
    return made


def _overhang(made: list[tuple]) -> float:
    """How far (pixels) the end ticks' words reach past the bar's ends: half a centred word, nothing else."""
    return max((m[1] / 2.0 if m[2] == "centre" else 0.0) for m in (made[0], made[-1])) if made else 0.0


def _fewer_ticks(ticks: list[tuple[float, str]], audience: str) -> list[tuple[float, str]]:
    """The ticks of a legend too narrow for them all: the two ends, a patient's words each on two lines.

    The ends say where the scale starts and stops, which is what a reader needs to read a colour; the
    numbers between follow from them.
    """
    if audience == "patient":
        return [(share, words.replace(" ", "\n", 1)) for share, words in ticks]
    return [ticks[0], ticks[-1]]


def fit_width(plotter, actor, text: str, room: float) -> float:
    """Wrap ``actor``'s ``text`` onto more lines until it is no wider than ``room`` pixels; return its height."""
    import textwrap

    size = [0.0, 0.0]
    actor.GetSize(plotter.renderer, size)
    chars = len(text)
    while size[0] > room and chars > 6:
        chars -= 2
        actor.SetInput("\n".join(textwrap.wrap(text, chars)))
        actor.GetSize(plotter.renderer, size)
    return float(size[1])


def add_load_legend(plotter, audience: str = "clinician",
                    scale: tuple[float, float] = look.FIXED_LOAD_SCALE, *, replace: bool = True) -> dict[str, object]:
    """Draw the facet-load legend at the bottom of ``plotter``'s picture; return its actors by name.

    The scale is fixed, 0 to :data:`~spineviz.render.look.LOAD_SCALE_N` newtons, so colours mean the same
    in every view and export, unless a scene sets its own (``scale``, from ``layers.load_range``: the
    legend then shows that range, as the facets use it). ``audience`` "patient" gets words instead of
    numbers (see the module doc). The tick words are measured first: in a picture too narrow for them at
    :data:`SPAN` the bar is made as long as they need (:func:`legend_layout`), so no two of them touch.
    The returned dict holds, besides the actors, the ``"layout"`` the legend was drawn by
    (:func:`legend_layout`'s dict). ``replace``: a legend drawn before is removed first (False: the caller has
    removed it).
    """
    if replace:
        remove_named(plotter, LEGEND_ACTORS)
    width, height = plotter.window_size
    font = legend_layout(width, height)["font"]
    room = width * (1.0 - 2.0 * EDGE)
    # every tick label in one text actor would not centre each under its point: a small assembly does
    # (vtkmodules, not ``import vtk``: that loads every VTK library, 60 MB and seconds, for one class)
    from vtkmodules.vtkRenderingCore import vtkPropAssembly

    made = _ticks(plotter, legend_ticks(audience, scale), audience, font)
    if tick_span([m[:3] for m in made], font) > room - 2 * _overhang(made):  # too narrow for a bar across it
        made = _ticks(plotter, _fewer_ticks(legend_ticks(audience, scale), audience), audience, font)
    tick_height = max(m[4] for m in made) if len(made) else 0.0
    need, overhang = tick_span([m[:3] for m in made], font), _overhang(made)
    title = PATIENT_WORDS[0] if audience == "patient" else look.LEGEND_TITLE
    title_actor = _text(plotter, title, 0, 0, font, "legend_title")
    lay = legend_layout(width, height, need, tick_height, overhang=overhang)
    title_height = fit_width(plotter, title_actor, title, width * (1.0 - EDGE) - lay["left"])
    lay = legend_layout(width, height, need, tick_height, title_height if "\n" in title_actor.GetInput() else 0.0,
                        overhang)
    title_actor.SetPosition(lay["left"], lay["title"])
    bar = _bar(lay)
    named(plotter.add_actor(bar, reset_camera=False, pickable=False, render=False)[0], "legend_carrier")
    actors = {"legend_carrier": bar, "legend_title": title_actor}
    ticks = vtkPropAssembly()
    span = lay["right"] - lay["left"]
    for share, _width, _align, actor, _height in made:
        actor.SetPosition(int(lay["left"] + share * span), int(lay["ticks"]))
        ticks.AddPart(actor)
    named(plotter.add_actor(ticks, reset_camera=False, pickable=False, render=False)[0], "legend_ticks")
    actors["legend_ticks"] = ticks
    actors["layout"] = lay
    return actors


__all__ = ["LEGEND_ACTORS", "PATIENT_WORDS", "PLAIN_MOVES", "add_load_legend", "fit_width", "legend_layout",
           "legend_ticks", "motion_words", "named", "remove_named", "tick_span"]
