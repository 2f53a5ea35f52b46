"""Session 28: one actor per vertebra with its cartilage while moving, against the separate actors, in one process.

Run from a checkout:
``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session28-actors.py [BLOCKS [REGION]]``
The benchmark's window playing ``extension_rotation`` on the whole spine (or REGION) with the clock held
(``bench.playing_window()``); in interleaved blocks (BLOCKS, default 10; the order turned round every other block),
20 ticks as the benchmark makes them (tick, Qt's pass with its render) and 20 bare renders of what is drawn, each way:
``separate`` (``SpineActors.allow_merged`` off: 25 bones + 24 discs + 96 cartilage layers) and ``merged`` (25 vertebrae
each with its cartilage + 24 discs). On a tree without ``allow_merged`` (main) only ``separate`` is measured.
Medians of wall, process CPU (all threads, llvmpipe's too) and main-thread CPU (``time.thread_time``).
Output and reading: docs/performance.md, "Session 28".
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
ways = ["separate", "merged"] if hasattr(actors, "allow_merged") else ["separate"]
runs = {w: {k: ([], [], []) for k in ("frame", "bare")} for w in ways}
drawn = {}
print(f"region {region}; load at start: {os.getloadavg()[0]:.2f}")
for block in range(int(sys.argv[1]) if len(sys.argv) > 1 else 10):
    for way in (ways if block % 2 == 0 else ways[::-1]):
        if hasattr(actors, "allow_merged"):
            actors.allow_merged = way == "merged"
        frames(app, window, renders, 3, False)  # the switch made and drawn once
        ren = window.plotter.renderer
        drawn[way] = (sum(1 for a in ren.GetActors() if a.GetVisibility()), actors.triangles_drawn())
        for kind in ("frame", "bare"):
            got = frames(app, window, renders, 20, kind == "bare")
            for acc, new in zip(runs[way][kind], got, strict=True):
                acc += new
print(f"load at end: {os.getloadavg()[0]:.2f}")
m = statistics.median
for way in ways:
    f, b = runs[way]["frame"], runs[way]["bare"]
    print(f"{way:8s} ({drawn[way][0]} visible actors, {drawn[way][1]} triangles): "
          f"wall frame {m(f[0]) * 1e3:6.2f} bare {m(b[0]) * 1e3:6.2f} ratio {m(f[0]) / m(b[0]):.3f} | "
          f"process CPU frame {m(f[1]) * 1e3:6.2f} bare {m(b[1]) * 1e3:6.2f} ratio {m(f[1]) / m(b[1]):.3f} | "
          f"main-thread CPU frame {m(f[2]) * 1e3:6.2f} bare {m(b[2]) * 1e3:6.2f} ratio {m(f[2]) / m(b[2]):.3f}")
