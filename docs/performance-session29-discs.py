"""Session 29: the discs in the merged vertebrae, and the layers' uniforms unwritten while merged, in one process.

Run from a checkout:
``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session29-discs.py [BLOCKS [REGION]]``
Session 28's script (docs/performance-session28-actors.py) with four ways instead of two, all drawn merged:
``s28`` (``SpineActors.merge_discs`` and ``lazy_layer_uniforms`` off: session 28's path, main's code: 25 vertebrae
+ 23 discs, the 48 joints' own uniforms written every tick), ``lazy`` (the uniforms left while merged, the discs
separate), ``discs`` (the discs merged, the uniforms written) and ``both`` (this session's path: 25 props).
The benchmark's window playing ``extension_rotation`` on the whole spine (or REGION) with the clock held
(``bench.playing_window()``); in interleaved blocks (BLOCKS, default 10; the order turned round every other block),
20 ticks as the benchmark makes them (tick, Qt's pass with its render) and 20 bare renders of what is drawn, each
way. Medians of wall, process CPU (all threads, llvmpipe's too) and main-thread CPU (``time.thread_time``), and the
main-thread CPU of the tick's ``SpineActors.set_facet_colours`` (the layers' and the merged array's writes).
Output and reading: docs/performance.md, "Session 29: the discs merged".
"""
import os
import statistics
import sys
import time

from spineviz import bench


def frames(app, window, renders, n, bare):
    out = ([], [], [])
    for _ in range(n):
        t, c, m = time.perf_counter(), time.process_time(), time.thread_time()
        if bare:
            window.plotter.ren_win.Render()
        else:
            before = len(renders)
            window.live._tick()
            app.processEvents()
            if len(renders) == before:
                window.plotter.ren_win.Render()
        out[0].append(time.perf_counter() - t)
        out[1].append(time.process_time() - c)
        out[2].append(time.thread_time() - m)
    return out


region = sys.argv[2] if len(sys.argv) > 2 else "all"
app, window, renders = bench.playing_window(region, "extension_rotation")
actors = window.viewport.renderer.actors
WAYS = {"s28": (False, False), "lazy": (False, True), "discs": (True, False), "both": (True, True)}
colour_writes: list = []
own = actors.set_facet_colours


def timed(colours, *, settle=True):
    t = time.thread_time()
    own(colours, settle=settle)
    colour_writes.append(time.thread_time() - t)


actors.set_facet_colours = timed
runs = {w: {k: ([], [], []) for k in ("frame", "bare")} for w in WAYS}
writes = {w: [] for w in WAYS}
drawn = {}
print(f"region {region}; load at start: {os.getloadavg()[0]:.2f}")
ways = list(WAYS)
for block in range(int(sys.argv[1]) if len(sys.argv) > 1 else 10):
    for way in (ways if block % 2 == 0 else ways[::-1]):
        actors.merge_discs, actors.lazy_layer_uniforms = WAYS[way]
        actors.set_detail(actors.coarse, actors.distant)  # the switch taken up (the key holds merge_discs)
        frames(app, window, renders, 3, False)  # the switch made and drawn once
        ren = window.plotter.renderer
        drawn[way] = (sum(1 for a in ren.GetActors() if a.GetVisibility()), actors.triangles_drawn(),
                      len(actors.merged))
        for kind in ("frame", "bare"):
            del colour_writes[:]
            got = frames(app, window, renders, 20, kind == "bare")
            if kind == "frame":
                writes[way] += colour_writes
            for acc, new in zip(runs[way][kind], got, strict=True):
                acc += new
print(f"load at end: {os.getloadavg()[0]:.2f}")
m = statistics.median
for way in ways:
    f, b = runs[way]["frame"], runs[way]["bare"]
    print(f"{way:6s} ({drawn[way][0]} visible actors, {drawn[way][1]} triangles, {drawn[way][2]} merged): "
          f"wall frame {m(f[0]) * 1e3:6.2f} bare {m(b[0]) * 1e3:6.2f} ratio {m(f[0]) / m(b[0]):.3f} | "
          f"process CPU frame {m(f[1]) * 1e3:6.2f} bare {m(b[1]) * 1e3:6.2f} ratio {m(f[1]) / m(b[1]):.3f} | "
          f"main-thread CPU frame {m(f[2]) * 1e3:6.2f} bare {m(b[2]) * 1e3:6.2f} ratio {m(f[2]) / m(b[2]):.3f} | "
          f"set_facet_colours {m(writes[way]) * 1e3:.3f} ms ({len(writes[way])} calls)")
