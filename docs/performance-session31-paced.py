"""Session 31: the frames at Play's own pace (``bench._paced_frames``), a tick drawn at once against a repaint queued.

One process, the ways interleaved (10 blocks of 1 s each, the order turned every other block); each frame timed from its
tick to the render that shows it (wall, process CPU). Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s
"-screen 0 1400x900x24" python docs/performance-session31-paced.py``. Raw output: docs/performance-session31-paced.txt.
"""
import statistics
import time

from spineviz import bench

app, window, renders = bench.frames_window()
live = window.live
live.play("extension_rotation")
bench._hold_clock(live)
bench._app_frames(app, window, 20, renders)
live.timer.stop()
vp = window.viewport
res = {True: {"wall": [], "cpu": [], "hits": 0, "misses": 0}, False: {"wall": [], "cpu": [], "hits": 0, "misses": 0}}
print(time.strftime("%H:%M:%S"), flush=True)
for b in range(10):
    for mode in ((True, False) if b % 2 == 0 else (False, True)):
        vp.draw_ticks_now = mode
        bench._paced_frames(app, window, 1.0, renders, res[mode])
print(time.strftime("%H:%M:%S"))
for mode, r in res.items():
    w, c = sorted(r["wall"]), sorted(r["cpu"])
    print("drawn at once" if mode else "repaint queued", "frames", len(w), "hits", r["hits"], "misses", r["misses"],
          f"wall median {statistics.median(w) * 1e3:.2f} mean {statistics.fmean(w) * 1e3:.2f} ms;",
          f"process CPU median {statistics.median(c) * 1e3:.2f} mean {statistics.fmean(c) * 1e3:.2f}",
          f"p90 {c[int(0.9 * len(c))] * 1e3:.2f} ms")
window.close()
