"""The 2-D overlays of a rendered scene keep clear of each other and inside the picture at every size (session 37,
label37: at 320x240 the estimate note overprinted the load legend's title).

Measured on the rendered scene: every text actor's box as VTK lays it out (title, caption, note, the legend's title
and tick words), the legend's bar as drawn, and each shown name's box from the names' layout; no two may share a
pixel, none may leave the picture, no text may be smaller than the level names' smallest font (9 px), and the text
bands the camera and the names keep out of must hold the text they stand for.
"""

from __future__ import annotations

import dataclasses

import pytest

from spineviz.render.marks import marks_of
from spineviz.render.scene_render import open_renderer
from spineviz.scene.presets import load_preset

pytestmark = pytest.mark.render

SMALLEST_FONT = 9
"""The level names' smallest font (pixels; ``SceneRenderer._names_font``), the smallest the project draws."""
EXPORT_SIZES = [(320, 240), (400, 300), (640, 480), (800, 800), (1200, 1600)]


@pytest.fixture(scope="module")
def spine():
    from spineviz.anatomy.spine import load_spine

    return load_spine(lod="default")


def _text_box(actor, renderer) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in display pixels of a text actor as laid out (justification included)."""
    bb = [0.0] * 4
    actor.GetBoundingBox(renderer, bb)  # relative to the actor's anchor
    x, y = actor.GetPositionCoordinate().GetComputedViewportValue(renderer)
    return bb[0] + x, bb[2] + y, bb[1] + x, bb[3] + y


def overlays(renderer) -> list[tuple[str, tuple[float, float, float, float], int]]:
    """Every 2-D overlay drawn: (what, box, font size in pixels; 0 for the bar)."""
    plotter = renderer.plotter
    ren = plotter.renderer
    out = []
    for name in ("title", "caption", "note", "legend_title"):
        actor = plotter.actors.get(name)
        if actor is not None and actor.GetVisibility():
            out.append((name, _text_box(actor, ren), actor.GetTextProperty().GetFontSize()))
    ticks = plotter.actors.get("legend_ticks")
    if ticks is not None:
        parts = ticks.GetParts()
        for i in range(parts.GetNumberOfItems()):
            part = parts.GetItemAsObject(i)
            out.append((f"tick {part.GetInput()!r}", _text_box(part, ren), part.GetTextProperty().GetFontSize()))
        b = plotter.actors["legend_carrier"].GetMapper().GetInput().GetBounds()
        out.append(("legend bar", (b[0], b[2], b[1], b[3]), 0))
    labels = marks_of(plotter).labels
    for name, box in labels.layout() if labels.visible and labels.texts else []:
        out.append((f"name {name}", tuple(float(v) for v in box), labels.font_size))
    return out


def faults(renderer) -> list[str]:
    """What overlaps, leaves the picture or is too small to read, in words (empty: none)."""
    width, height = renderer.plotter.window_size
    found = overlays(renderer)
    bad = []
    for i, (what, (left, bottom, right, top), font) in enumerate(found):
        if left < -0.5 or bottom < -0.5 or right > width + 0.5 or top > height + 0.5:
            bad.append(f"{what} {(round(left), round(bottom), round(right), round(top))} leaves {width}x{height}")
        if font and font < SMALLEST_FONT:
            bad.append(f"{what} at {font} px")
        for other, (l2, b2, r2, t2), _ in found[i + 1:]:
            if left < r2 and l2 < right and bottom < t2 and b2 < top:
                bad.append(f"{what} {(round(left), round(bottom), round(right), round(top))} overlaps "
                           f"{other} {(round(l2), round(b2), round(r2), round(t2))}")
    return bad


def _faults_at(state, size, spine, **kw) -> list[str]:
    renderer = open_renderer(state, size, spine=spine, **kw)
    try:
        renderer.snapshot()
        return [f"{size[0]}x{size[1]}: {f}" for f in faults(renderer)]
    finally:
        renderer.plotter.close()


def test_no_overlay_overlaps_another_at_any_export_size(spine):
    """The chairside preset (loads, caption, marked joints, names) at the export sizes: 320x240 failed on main."""
    state = load_preset("l4-5-facet-pain-on-extension")
    bad = [f for size in EXPORT_SIZES for f in _faults_at(state, size, spine)]
    assert not bad, "\n".join(bad)


def test_narrow_pictures_and_the_apps_smallest_view_keep_the_legend_apart(spine):
    """A portrait thumbnail (240x320, a patient's words) and the app's 3D view at its smallest window (110x452,
    measured: Qt's minimum window with the panels docked), for a patient and for a clinician (numbers)."""
    patient = load_preset("l4-5-facet-pain-on-extension")
    clinician = dataclasses.replace(load_preset("rotation-loads-the-opposite-facet"), audience="clinician",
                                    document=None)
    bad = [f for state in (patient, clinician) for size in ((240, 320), (110, 452))
           for f in _faults_at(state, size, spine)]
    assert not bad, "\n".join(bad)


def test_a_clip_frames_text_stays_inside_a_small_frame(spine):
    """A clip frame's one-line title was cut by characters counted, not measured: 4 px out of a 240 px frame."""
    state = load_preset("flexion-unloads-the-facets")
    bad = [f for size in ((240, 240), (320, 240)) for f in _faults_at(state, size, spine, compact=True)]
    assert not bad, "\n".join(bad)


def test_the_text_bands_hold_the_text_they_stand_for(spine):
    """The bands the camera fits the spine between and the names keep out of (``SceneRenderer.bands``) hold the
    title at the top and the caption, note and legend at the bottom: on main a caption's height was guessed at
    1.6 font units a line (about four fifths of a line as drawn), its top 5 px above the band at 640x480."""
    state = load_preset("flexion-unloads-the-facets")
    bad = []
    for size in ((320, 240), (640, 480)):
        renderer = open_renderer(state, size, spine=spine)
        try:
            renderer.snapshot()
            height = size[1]
            top, bottom = renderer.bands
            for what, (_l, b, _r, t), _font in overlays(renderer):
                if what.startswith("name"):
                    continue
                if what == "title" and b < height - top:
                    bad.append(f"{size}: the title reaches {height - b:.0f} px down, its band {top}")
                if what != "title" and t > bottom:
                    bad.append(f"{size}: {what} reaches {t:.0f} px up, the bottom band {bottom}")
        finally:
            renderer.plotter.close()
    assert not bad, "\n".join(bad)
