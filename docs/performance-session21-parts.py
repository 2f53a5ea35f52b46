"""Where the animated frame's main-thread CPU goes beyond a bare render (session 21).

Run from a checkout:
``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1920x1080x24" python docs/performance-session21-parts.py``.
The benchmark's own set-up (the window at 1280x800 with its panels, coarse detail prepared, loads and names on,
``extension_rotation`` playing with the clock held): six blocks of 20 ticks, each followed by 20 bare renders;
medians of main-thread CPU (``time.thread_time``), which waiting for a core on a busy machine does not inflate.
Output and reading: docs/performance.md, "Session 21".
"""
import statistics
import time

import numpy as np

from spineviz import bench

app, window, renders = bench.frames_window()
live = window.live
live.set_region("all")
live.play("extension_rotation")
bench._hold_clock(live)
bench._app_frames(app, window, 10, renders)  # warm up

clock = time.thread_time
marks: dict[str, float] = {}
ren_win, renderer = window.plotter.ren_win, window.plotter.renderer
# the renderer's StartEvent observers run by priority: 100 before the names' layout, -100 after it
renderer.AddObserver("StartEvent", lambda *_: marks.__setitem__("names0", clock()), 100)
renderer.AddObserver("StartEvent", lambda *_: marks.__setitem__("names1", clock()), -100)
ren_win.AddObserver("StartEvent", lambda *_: marks.__setitem__("render0", clock()))
ren_win.AddObserver("EndEvent", lambda *_: marks.__setitem__("render1", clock()))
rows, bare = [], []
for _block in range(6):
    for _ in range(20):
        t0 = clock()
        live._tick()
        t1 = clock()
        app.processEvents()
        t2 = clock()
        render = marks["render1"] - marks["render0"]
        rows.append((t1 - t0, t2 - t1, marks["names1"] - marks["names0"], render, (t2 - t1) - render))
    for _ in range(20):
        t0 = clock()
        ren_win.Render()
        bare.append(clock() - t0)
tick, events, names, render, outside = np.median(np.array(rows), axis=0) * 1e3
print(f"tick {tick:.2f} | events {events:.2f} | names handler {names:.2f} | render (start..end) {render:.2f} "
      f"| events outside the render {outside:.2f} | bare render {statistics.median(bare) * 1e3:.2f} ms main-thread CPU")
