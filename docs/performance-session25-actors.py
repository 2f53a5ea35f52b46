"""Session 25: what drawing fewer actors would buy the animated frame, measured by hiding the 96 cartilage layers.

Run from a checkout:
``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session25-actors.py [BLOCKS]``.
The benchmark's window playing ``extension_rotation`` on the whole spine with the clock held
(``bench.playing_window()``); in interleaved blocks (BLOCKS, default 8), 20 ticks as the benchmark makes them and 20
bare renders, once with every actor shown (145: 25 bones, 24 discs, 96 cartilage layers) and once with the 96
cartilage layers hidden (49 actors; their uniform writes still made by the tick, the hidden actors not drawn). The
frame's extra over its own bare render, in each case, is what the moved actors and our writes cost; the difference
between the two cases is the most that merging each vertebra's cartilage into fewer actors could save (it would
still draw the cartilage's triangles). Medians: wall and process CPU. Output and reading: docs/performance.md,
"Session 25".
"""
import statistics
import sys

from spineviz import bench

app, window, renders = bench.playing_window("all", "extension_rotation")
actors = window.viewport.renderer.actors
runs = {False: ([], [], [], []), True: ([], [], [], [])}
for _block in range(int(sys.argv[1]) if len(sys.argv) > 1 else 8):
    for hide in (False, True):
        for a in actors.cartilage.values():
            a.SetVisibility(not hide)
        bench._app_frames(app, window, 3, renders)
        app_wall, app_cpu, bare_wall, bare_cpu = runs[hide]
        app_wall += bench._app_frames(app, window, 20, renders, app_cpu)
        bare_wall += bench._bare_frames(window.plotter, 20, bare_cpu)
m = statistics.median
for hide, (aw, ac, bw, bc) in runs.items():
    label = "49 actors (cartilage hidden)" if hide else "145 actors (all shown)     "
    print(f"{label}: frame {m(aw) * 1e3:6.2f} ms, bare {m(bw) * 1e3:6.2f} ms, extra {1e3 * (m(aw) - m(bw)):5.2f} ms, "
          f"ratio {m(aw) / m(bw):.3f} | process CPU frame {m(ac) * 1e3:6.2f}, bare {m(bc) * 1e3:6.2f}, "
          f"extra {1e3 * (m(ac) - m(bc)):5.2f}, ratio {m(ac) / m(bc):.3f}")
