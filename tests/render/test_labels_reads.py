"""Issue 13, session 33: a render that lays the names out reads the anatomy's box and the projection once.

The render handler reads both for the layout's key; a layout not kept used to read them again (the box through the
renderer's camera and framing checks, the projection through the camera's composite matrix): on every back-to-back
frame of Play, whose layouts are not prepared. Fails on main (2 and 2). The layout drawn is the one a fresh
``layout()`` gives, to the byte (the leaders' ends) and to the place (each name).
"""

from __future__ import annotations

import pytest

from spineviz.render import labels as labels_module
from spineviz.scene import Camera, Layers, SceneState

pytestmark = pytest.mark.render


def test_a_layout_on_a_render_reads_the_box_and_the_projection_once(monkeypatch):
    from spineviz.anatomy.spine import load_spine
    from spineviz.motion import parse_motion
    from spineviz.render.marks import marks_of
    from spineviz.render.scene_render import open_renderer

    state = SceneState(region="lumbar", layers=Layers(labels=True), camera=Camera(view="left"))
    renderer = open_renderer(state, (420, 560), spine=load_spine(lod="default"))
    try:
        labels = marks_of(renderer.plotter).labels
        reads = {"box": 0, "projection": 0}
        keepout, rows_of = labels.keepout, labels_module.projection_rows

        def box():
            reads["box"] += 1
            return keepout()

        def rows(ren):
            reads["projection"] += 1
            return rows_of(ren)

        labels.keepout = box
        monkeypatch.setattr(labels_module, "projection_rows", rows)
        renderer.plotter.ren_win.Render()
        for degrees in (10, 20, 30):
            renderer.set_motion(parse_motion(f"flexion={degrees}", region="lumbar"))
            made = labels.layouts_made
            reads.update(box=0, projection=0)
            renderer.plotter.ren_win.Render()
            assert labels.layouts_made == made + 1, "a new pose is laid out on its render"
            assert reads == {"box": 1, "projection": 1}, reads
            drawn = labels._last_plan
            ends = [list(labels.position(i)) for i, *_ in drawn[0]]
            labels.layout()  # afresh: the same plan
            assert labels._last_plan[2].tobytes() == drawn[2].tobytes() and labels._last_plan[0] == drawn[0]
            assert [list(labels.position(i)) for i, *_ in drawn[0]] == ends
            reads.update(box=0, projection=0)
            renderer.plotter.ren_win.Render()  # nothing moved: the layout stays, one reading for the key
            assert reads == {"box": 1, "projection": 1}
    finally:
        renderer.plotter.close()
