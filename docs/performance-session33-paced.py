"""Session 33 (perf33a): at Play's own pace, the moments found kept with the motions worked out lazily or first.

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session33-paced.py [BLOCKS]`` (raw output: ``docs/performance-session33-paced.txt``). The
benchmark's window, whole spine then lumbar; each block, each way in turn (order turned every other block): every
kept moment and layout forgotten, Play pressed (its 80 ms budget), then ``bench._paced_frames`` for 1.5 s (Play's own
timer, the gaps after frames used). ``before``: ``LiveScene.lazy_motions = False`` (main's path); ``after``: lazy.
Per way: frames, the share of ticks found kept, the frames' wall and process CPU (median / mean / p90, ms).
"""
import statistics
import sys
import time

from spineviz import bench
from spineviz.render.marks import marks_of

blocks = int(sys.argv[1]) if len(sys.argv) > 1 else 4
print(time.strftime("%H:%M:%S UTC", time.gmtime()), "blocks", blocks)
app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
labels = marks_of(window.plotter).labels
for region in ("all", "lumbar"):
    live.pause()
    live.set_region(region)
    for _ in range(30):
        app.processEvents()
    start = live.state
    out = {w: {"wall": [], "cpu": [], "hits": 0, "misses": 0} for w in ("before", "after")}
    for block in range(blocks):
        for way in (("before", "after") if block % 2 == 0 else ("after", "before")):
            live.pause()
            live.set_state(start)
            app.processEvents()
            live.forget_moments()
            labels._layouts.clear()
            live.lazy_motions = way == "after"
            live.play()
            live.timer.stop()
            bench._paced_frames(app, window, 1.5, renders, out[way])  # counts the look-ups kept and not
    live.pause()
    live.lazy_motions = True
    print(f"{region}, {time.strftime('%H:%M:%S UTC', time.gmtime())}")
    for way, r in out.items():
        k = (r["hits"], r["misses"])
        print(f"  {way}: {len(r['wall'])} frames, look-ups kept {k[0]} of {k[0] + k[1]} ({k[0] / max(1, sum(k)):.3f})")
        for name in ("wall", "cpu"):
            v = [x * 1e3 for x in r[name]]
            print(f"    {name:5s} median {statistics.median(v):7.2f}  mean {statistics.mean(v):7.2f}  "
                  f"p90 {statistics.quantiles(v, n=10)[-1]:7.2f} ms")
window.close()
