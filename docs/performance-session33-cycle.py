"""Session 33 (perf33a): Play's budget spent on moments, not on the whole cycle's motions first.

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session33-cycle.py [BLOCKS]`` (raw output: ``docs/performance-session33-cycle.txt``).

The benchmark's window (``bench.playing_window``), whole spine then lumbar. Each block, each way in turn (the order
turned every other block): Play pressed afresh (every kept moment and layout forgotten, Play's own 80 ms budget),
then 80 ticks back to back through ``bench._app_frames`` at the stand-in clock (16 ms a tick, one in five 20 ms;
the same seeded sequence for every way). Ways: ``before`` (``LiveScene.lazy_motions = False``: the 1,920 motions of
the cycle worked out before its first moment, main's path), ``after`` (each motion worked out with its moment) and
``after, names in budget`` (``LiveScene.names_in_budget``: the names of the moments made in the budget laid out with
them, within it; the raw output's first run predates this way).
Per Play: the moments worked out within the budget, its wall ms and main-thread CPU ms. Per tick: served from what
was kept or not, the tick's main-thread CPU (``time.thread_time``; it renders its frame), the frame's main-thread CPU,
process CPU and wall. Median / mean / p90.
"""
import random
import statistics
import sys
import time

from spineviz import bench
from spineviz.render.marks import marks_of

blocks = int(sys.argv[1]) if len(sys.argv) > 1 else 6
TICKS = 80


def p90(v):
    return statistics.quantiles(v, n=10)[-1]


class Clock:
    def __init__(self):
        self.rng = random.Random(33)

    def start(self):
        pass

    def restart(self):
        return 20 if self.rng.random() < 0.2 else 16


print(time.strftime("%H:%M:%S UTC", time.gmtime()), "blocks", blocks)
app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
labels = marks_of(window.plotter).labels
names_ns = bench.timed_names_handler(window)
own_tick = live._tick
tick_ms = [0.0]


def tick():
    c = time.thread_time()
    own_tick()
    tick_ms[0] = (time.thread_time() - c) * 1e3


live._tick = tick
ways = ("before", "after", "after, names in budget")
for region in ("all", "lumbar"):
    live.pause()
    live.set_region(region)
    for _ in range(30):
        app.processEvents()
    start = live.state
    out = {w: {"made": [], "play wall": [], "play CPU": [], "tick": [], "names' handler": [], "frame thread CPU": [],
               "frame process CPU": [], "frame wall": [], "served": [0, 0]} for w in ways}
    for block in range(blocks):
        for way in (ways if block % 2 == 0 else ways[::-1]):
            r = out[way]
            live.pause()
            live.set_state(start)
            app.processEvents()
            live.forget_moments()
            labels._layouts.clear()
            live.lazy_motions = way.startswith("after")
            live.names_in_budget = way.endswith("names in budget")
            names_before = labels.layouts_made
            w, c = time.perf_counter(), time.thread_time()
            live.play()
            r["play wall"].append((time.perf_counter() - w) * 1e3)
            r["play CPU"].append((time.thread_time() - c) * 1e3)
            r["made"].append(live.cycle_made_at_once)
            bench._hold_clock(live)
            live._clock = Clock()
            live._steps = []
            h, m = live.moment_hits, live.moment_misses
            for _k in range(TICKS):
                process = []
                c = time.thread_time()
                wall = bench._app_frames(app, window, 1, renders, process)
                r["frame thread CPU"].append((time.thread_time() - c) * 1e3)
                r["frame process CPU"].append(process[0] * 1e3)
                r["frame wall"].append(wall[0] * 1e3)
                r["tick"].append(tick_ms[0])
                r["names' handler"].append(names_ns[0] / 1e6)
            r["served"][0] += live.moment_hits - h
            r["served"][1] += live.moment_misses - m
            r["laid out on frames"] = r.get("laid out on frames", 0) + labels.layouts_made - names_before
    live.pause()
    live.lazy_motions = True
    live.names_in_budget = False
    print(f"{region}, {time.strftime('%H:%M:%S UTC', time.gmtime())}")
    for way in ways:
        r = out[way]
        s = r["served"]
        print(f"  {way}: moments made within Play's budget {r['made']} (median {statistics.median(r['made'])}); "
              f"ticks served {s[0]} of {s[0] + s[1]} ({s[0] / max(1, s[0] + s[1]):.3f}); "
              f"names laid out on the frames {r['laid out on frames']}")
        for name in ("play wall", "play CPU", "tick", "names' handler", "frame thread CPU", "frame process CPU",
                     "frame wall"):
            v = r[name]
            print(f"    {name:18s} median {statistics.median(v):8.3f}  mean {statistics.mean(v):8.3f}  "
                  f"p90 {p90(v):8.3f} ms")
window.close()
