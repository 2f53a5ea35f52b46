"""Session 28: what the merged actors' colour write costs a tick, to choose between a uniform array and a lookup table.

Run from a checkout:
``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session28-colours.py [BLOCKS]``.
The benchmark's window playing the whole spine, every vertebra drawn merged. In interleaved blocks (default 10), 20
bare renders after writing new joint colours (every row changed, as a tick of Play with loads changes them) and 20
after writing the same colours (nothing written), main-thread CPU (``time.thread_time``) and process CPU; and the
main-thread CPU of the write itself (``MergedParts.write``: 144 floats into the shared shader's uniform). A colour
kept as point scalars with a lookup table would make VTK map and upload the colour array (or a texture) of every
merged mesh whose table changed; whatever the uniform's render cost is, a lookup table's cannot be below zero, and
its upload is extra. Output and reading: docs/performance.md, "Session 28".
"""
import statistics
import sys
import time

import numpy as np

from spineviz import bench

app, window, renders = bench.playing_window("all", "extension_rotation")
actors = window.viewport.renderer.actors
ren_win = window.plotter.ren_win
parts = actors._merged
assert actors.merged, "the window's moving picture is drawn merged"
rng = np.random.default_rng(28)
runs = {"new colours": ([], []), "same colours": ([], [])}
writes = []
hidden = actors._solid_watch.hidden
for block in range(int(sys.argv[1]) if len(sys.argv) > 1 else 10):
    for way in (list(runs) if block % 2 == 0 else list(runs)[::-1]):
        for _ in range(20):
            colours = rng.random((48, 3)) if way == "new colours" else parts.written.copy()
            t = time.thread_time()
            parts.write(colours, hidden if way == "new colours" else frozenset())
            if way == "new colours":
                writes.append(time.thread_time() - t)
            m, c = time.thread_time(), time.process_time()
            ren_win.Render()
            runs[way][0].append(time.thread_time() - m)
            runs[way][1].append(time.process_time() - c)
med = statistics.median
for way, (main, proc) in runs.items():
    print(f"render after {way:12s}: main-thread CPU {med(main) * 1e3:6.3f} ms, process CPU {med(proc) * 1e3:6.3f} ms")
print(f"the write itself (new colours): main-thread CPU {med(writes) * 1e6:6.1f} us (median of {len(writes)})")
