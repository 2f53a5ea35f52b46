"""Session 24: which of a tick's writes makes the render after it dearer than a bare render (one process).

Run from a checkout:
``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session24-render.py [BLOCKS]``.
The benchmark's window (``bench.playing_window()``); 120 ticks are played and each one's transforms, colours and
state recorded; then, in interleaved blocks of 20 (BLOCKS, default 10), a ``ren_win.Render()`` after writing nothing
(bare), the next recorded moment's 25 matrices, its 48 colour uniforms, its matrices and the names' anchors, or all
three; and 20 whole frames as the benchmark makes them (the tick, then Qt's event pass). Medians of each render's
wall time and main-thread CPU. Output and reading: docs/performance.md, "Session 24".
"""
import statistics
import sys
import time

from spineviz import bench
from spineviz.render import scene_render
from spineviz.render.marks import draw_marks

app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
renderer = window.viewport.renderer
actors = renderer.actors
ren_win = window.plotter.ren_win
clock = time.thread_time_ns
moments = []  # (transforms, colours, state) of 120 ticks
for _ in range(120):
    live._tick()
    app.processEvents()
    moments.append((renderer.pose.transforms.copy(), actors._facet_colours.copy(), live.state))
font = scene_render._font(window.plotter.window_size[1], 0.018, 9, 18)
at = [0]


def next_moment() -> tuple:
    at[0] = (at[0] + 1) % len(moments)
    return moments[at[0]]


def nothing() -> None:
    pass


def matrices() -> None:
    actors.apply_pose(next_moment()[0])


def colours() -> None:
    actors.set_facet_colours(next_moment()[1], settle=False)


def matrices_and_names() -> None:
    transforms, _colours, state = next_moment()
    actors.apply_pose(transforms)
    draw_marks(window.plotter, renderer.spine, state, transforms, font, actors.world)


def all_writes() -> None:
    transforms, drawn, state = next_moment()
    actors.apply_pose(transforms)
    actors.set_facet_colours(drawn, settle=False)
    draw_marks(window.plotter, renderer.spine, state, transforms, font, actors.world)


ways = {"bare": nothing, "matrices": matrices, "colours": colours, "matrices+names": matrices_and_names,
        "all writes": all_writes}
results = {k: ([], []) for k in ways}
frames: tuple[list, list] = ([], [])
blocks = int(sys.argv[1]) if len(sys.argv) > 1 else 10
for _block in range(blocks):
    for way, write in ways.items():
        for _ in range(20):
            write()
            w, c = time.perf_counter(), clock()
            ren_win.Render()
            results[way][1].append(clock() - c)
            results[way][0].append(time.perf_counter() - w)
    for _ in range(20):
        w, c = time.perf_counter(), clock()
        live._tick()
        app.processEvents()
        frames[1].append(clock() - c)
        frames[0].append(time.perf_counter() - w)
base = statistics.median(results["bare"][1])
for way, (wall, cpu) in [*results.items(), ("app frame (tick+events)", frames)]:
    mc = statistics.median(cpu)
    print(f"{way:28s} wall {statistics.median(wall) * 1e3:7.3f} ms",
          f" thread CPU {mc / 1e6:7.3f} ms  (+{(mc - base) / 1e6:.3f})")
live.pause()
window.close()
