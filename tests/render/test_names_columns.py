"""Issue 13, session 35: a moving spine's names are placed in the last layout's columns, where the long way puts them.

A back-to-back frame of Play lays its names out afresh (their layouts are not kept ahead): on main each layout
projected the anchors through :func:`~spineviz.render.labels.project` (some 35 NumPy calls), ran the sides' test,
and worked out again which names go to which column, which are shown, their edges and sizes. Now a layout whose
window, anatomy's box, bands, font, names and level names' side are the last layout's (no column too long) takes
that layout's columns and works out only the names' heights and the leaders' anchor ends, on Python floats.

The names drawn must be those the long way draws: over a motion, a region change, x-ray and a camera move, every
name's visibility and side equal those of a fresh layout (which works its columns out), its place within 0.5 px,
every leader within 0.5 px, and every leader's anchor end within 0.5 px of :func:`project`'s pixel for its anchor.
Fails on main: every frame of the motion calls ``project`` and measures the names' sizes and line height again.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from spineviz.render import labels as labels_module
from spineviz.scene import Camera, Layers, SceneState

from .test_labels import _drawn_names, _fresh_layout

pytestmark = pytest.mark.render


def _same_as_the_long_way(labels) -> int:
    """Assert the names drawn are the long way's (see the module docstring); return how many are shown."""
    kept = _drawn_names(labels)
    fresh = _fresh_layout(labels)
    try:
        assert fresh.columns_made == 1 and fresh.columns_reused == 0, "the fresh layout works its columns out"
        again = _drawn_names(fresh)
    finally:
        fresh.detach()
    assert [(v, j) for v, j, _p in kept[0]] == [(v, j) for v, j, _p in again[0]], "another name shown or side"
    assert not any(kept[1]) and kept[3] == again[3]
    for (v, _j, p), (_v, _j2, q) in zip(kept[0], again[0], strict=True):
        if v:
            assert abs(p[0] - q[0]) <= 0.5 and abs(p[1] - q[1]) <= 0.5, (p, q)
    assert kept[2].shape == again[2].shape and np.abs(kept[2] - again[2]).max() <= 0.5
    shown = [i for i, (v, _j, _p) in enumerate(kept[0]) if v]
    anchor_ends = kept[2][1::2, :2]  # each leader's second point: the anchor on the screen
    assert len(anchor_ends) == len(shown)
    on_screen = labels_module.project(labels.renderer, labels.anchors[shown])
    assert np.abs(anchor_ends - on_screen).max() <= 0.5
    return len(shown)


def test_a_moving_spines_names_take_the_last_columns_and_stand_where_the_long_way_puts_them(monkeypatch):
    from spineviz.anatomy.spine import load_spine
    from spineviz.motion import parse_motion
    from spineviz.render.marks import marks_of
    from spineviz.render.scene_render import open_renderer

    state = SceneState(region="lumbar", layers=Layers(labels=True), camera=Camera(view="left"))
    r = open_renderer(state, (520, 700), spine=load_spine(lod="default"))
    try:
        labels = marks_of(r.plotter).labels
        r.plotter.ren_win.Render()
        projected, measured = [0], [0]
        project, metrics = labels_module.project, labels._text_metrics

        def counted_project(*a, **k):
            projected[0] += 1
            return project(*a, **k)

        def counted_metrics():
            measured[0] += 1
            return metrics()

        monkeypatch.setattr(labels_module, "project", counted_project)
        labels._text_metrics = counted_metrics

        def motion(region: str, steps: range, kind: str = "flexion") -> None:
            """Frames of a motion under one camera: count the work, then compare with the long way."""
            for degrees in steps:
                r.set_motion(parse_motion(f"{kind}={degrees}, rotation={degrees / 4}", region=region), settle=False)
                projected[0] = measured[0] = 0
                made, reused = labels.layouts_made, getattr(labels, "columns_reused", 0)
                r.plotter.ren_win.Render()
                assert labels.layouts_made == made + 1, "each new pose is laid out on its render"
                assert (projected[0], measured[0]) == (0, 0), "projected, names measured: " + str(
                    (projected[0], measured[0]))
                assert labels.columns_reused == reused + 1, "in the last layout's columns"
                assert _same_as_the_long_way(labels) > 0

        motion("lumbar", range(2, 26, 4))
        shown = {len(labels.texts)}
        r.apply(dataclasses.replace(state, region="all"))  # another region: other names, their columns anew
        r.plotter.ren_win.Render()
        _same_as_the_long_way(labels)
        shown.add(len(labels.texts))
        motion("all", range(3, 30, 5))
        xray = dataclasses.replace(state, region="all", layers=Layers(labels=True, bone_transparency=0.6))
        r.apply(xray)
        r.plotter.ren_win.Render()
        _same_as_the_long_way(labels)
        motion("all", range(2, 20, 4), "extension")
        r.plotter.camera.Azimuth(35)  # another camera: the columns' edges follow the anatomy's box
        r.plotter.camera.Elevation(10)
        made = labels.columns_made
        r.plotter.ren_win.Render()
        _same_as_the_long_way(labels)
        assert labels.columns_made == made + 1, "a new box: the columns worked out again"
        motion("all", range(1, 20, 6), "bend")
        assert len(shown) == 2, shown
    finally:
        r.plotter.close()
