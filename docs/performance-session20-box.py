"""Session 20 (issue 13): what the anatomy's screen box and the names' layout cost a frame while the camera moves.

Run from a checkout's root under a display: ``PYTHONPATH=$PWD xvfb-run -a python docs/performance-session20-box.py``
(works on a checkout before branch perf20b too). An off-screen renderer at 960x760, names on, for two scenes:
the whole spine playing flexion-extension (its framing points: 12 poses of the 25 vertebrae) and the lumbar
spine at rest. The camera orbits 1.5 degrees a frame (an orbit with the mouse); each frame the script times
``SceneRenderer._anatomy_box`` (the box the names keep out of) and, separately, the names' start-of-render
handler (``ScreenLabels._on_render``: the box and the layout), as a render would call them. Prints medians
over 3 blocks of 120 frames, the points projected, and the one-off costs: the first box of a framing and
(perf20b) ``prepare_framing``, which finds the hull corners in the app's idle time. Last, the whole spine at
rest while a flexion slider moves: each new moment's box (a new framing each time), 3 blocks of 60.
Raw output of session 20's runs: docs/performance-session20-box.txt.
"""

import os
import statistics
import time
from dataclasses import replace

import numpy as np

from spineviz.anatomy.spine import load_spine
from spineviz.motion import parse_motion
from spineviz.render.marks import marks_of
from spineviz.render.scene_render import open_renderer
from spineviz.scene import Camera, Layers, SceneState
from spineviz.scene.state import Animation

print("load average", os.getloadavg())
spine = load_spine(lod="default")
SCENES = {
    "whole spine, flexion-extension": SceneState(layers=Layers(labels=True), camera=Camera(view="left"),
                                                 animation=Animation(preset="flexion_extension")),
    "lumbar at rest": SceneState(region="lumbar", layers=Layers(labels=True), camera=Camera(view="posterior")),
}
for name, state in SCENES.items():
    r = open_renderer(state, (960, 760), spine=spine)
    labels = marks_of(r.plotter).labels
    cam = r.plotter.camera
    t = time.perf_counter()
    r._anatomy_box()
    first = time.perf_counter() - t
    prepare = getattr(r, "prepare_framing", None)
    t = time.perf_counter()
    if prepare is not None:
        prepare()
    prepared = time.perf_counter() - t
    corners = len(r.framing_corners()) if hasattr(r, "framing_corners") else None
    print(f"== {name}: {len(r.framing_points())} framing points, corners {corners}; first box "
          f"{first * 1e3:.2f} ms; prepare_framing {prepared * 1e3:.1f} ms")
    for block in range(3):
        box_t, layout_t = [], []
        for _ in range(120):
            cam.Azimuth(1.5)
            t = time.perf_counter()
            r._anatomy_box()
            box_t.append(time.perf_counter() - t)
            cam.Elevation(0.05)  # a new camera again, so the handler measures the box as well as the layout
            t = time.perf_counter()
            labels._on_render()
            layout_t.append(time.perf_counter() - t)
        print(f"block {block}: _anatomy_box median {statistics.median(box_t) * 1e6:.0f} us, "
              f"start-of-render names handler median {statistics.median(layout_t) * 1e6:.0f} us")
    r.plotter.close()

# A slider dragged: every new moment is a new framing (the scene's motion), so the box is measured afresh:
# the framing points posed again and every one of them projected (as in s20), from samples kept (perf20b).
state = SceneState(layers=Layers(labels=True), camera=Camera(view="left"))
r = open_renderer(state, (960, 760), spine=spine)
print(f"== whole spine at rest, a flexion slider dragged: {len(r.framing_points())} framing points")
for block in range(3):
    box_t = []
    for k in range(60):
        r.state = replace(state, motion=parse_motion(f"flexion={(block * 60 + k) % 40 - 10}", region="all"))
        t = time.perf_counter()
        r._anatomy_box()
        box_t.append(time.perf_counter() - t)
    print(f"block {block}: _anatomy_box of a new moment median {statistics.median(box_t) * 1e6:.0f} us")
r.plotter.close()
print("check", np.__version__)
