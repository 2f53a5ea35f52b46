"""Session 24: which of a tick's writes makes the render after it dearer than a bare render (one process).

Run from a checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session24-render.py
[BLOCKS]``. The benchmark's window (``bench.playing_window()``); 120 ticks are played and each one's transforms,
colours and state recorded; then, in interleaved blocks of 20, a ``ren_win.Render()`` after writing nothing (bare),
the next recorded moment's 25 matrices, its 48 colour uniforms, its matrices and the names' anchors, or all three;
and 20 whole frames as the benchmark makes them (the tick, then Qt's event pass). Medians of each render's wall
time and main-thread CPU. Output and reading: docs/performance.md, "Session 24".
"""
import statistics, sys, time
import numpy as np
from spineviz import bench
from spineviz.render.marks import draw_marks
from spineviz.render import scene_render
app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
r = window.viewport.renderer
actors = r.actors
rw = window.plotter.ren_win
clock = time.thread_time_ns
# a sequence of moments: record transforms and colours over ~100 ticks
seq = []
for _ in range(120):
    live._tick(); app.processEvents()
    seq.append((r.pose.transforms.copy(), actors._facet_colours.copy(), live.state))
font = scene_render._font(window.plotter.window_size[1], 0.018, 9, 18)
i = [0]
def nxt():
    i[0] = (i[0] + 1) % len(seq)
    return seq[i[0]]
def none(): pass
def mat():
    t, c, s = nxt(); actors.apply_pose(t)
def col():
    t, c, s = nxt(); actors.set_facet_colours(c, settle=False)
def names():
    t, c, s = nxt(); actors.apply_pose(t); draw_marks(window.plotter, r.spine, s, t, font, actors.world)
def allw():
    t, c, s = nxt(); actors.apply_pose(t); actors.set_facet_colours(c, settle=False)
    draw_marks(window.plotter, r.spine, s, t, font, actors.world)
ways = {"bare": none, "matrices": mat, "colours": col, "matrices+names": names, "all writes": allw}
res = {k: ([], []) for k in ways}
tick = ([], [])
blocks = int(sys.argv[1]) if len(sys.argv) > 1 else 10
for b in range(blocks):
    for k, fn in ways.items():
        for _ in range(20):
            fn()
            w, c = time.perf_counter(), clock()
            rw.Render()
            res[k][1].append(clock() - c); res[k][0].append(time.perf_counter() - w)
    for _ in range(20):
        w, c = time.perf_counter(), clock()
        live._tick(); app.processEvents()
        tick[1].append(clock() - c); tick[0].append(time.perf_counter() - w)
base = statistics.median(res["bare"][1])
for k, (w, c) in list(res.items()) + [("app frame (tick+events)", tick)]:
    mc = statistics.median(c)
    print(f"{k:28s} wall {statistics.median(w)*1e3:7.3f} ms  thread CPU {mc/1e6:7.3f} ms  (+{(mc-base)/1e6:.3f})")
live.pause(); window.close()
