"""Session 39 (perf39): a kept tick's own main-thread work after the idle work, split and profiled, on either tree.

Run from a checkout (this branch's or session 38's: nothing here depends on a switch of either):
``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session39-tick.py MODE [TICKS]
[REGION]`` (raw output: ``docs/performance-session39-perf39-tick*.txt``).

The benchmark's window (``bench.frames_window``: 1280x800, panels, coarse bones, loads and names on), ``REGION``
shown, ``extension_rotation`` opened as the Motion panel's box opens it (the animation set, Play not pressed) and the
event loop run until the idle work is done (perf38: every moment of the cycle prepared with its writes and names).
Then Play and ``TICKS`` ticks back to back as ``bench._app_frames`` makes them (the tick, Qt's event pass, the render
if the pass drew none), each followed by a bare render (the benchmark's pairs), on session 30's stand-in clock (16 ms
a tick, one in five 20 ms). ``MODE`` ``split``: per tick, main-thread CPU (``time.thread_time``) of the tick outside
VTK's render (the render window's ``StartEvent`` to ``EndEvent`` taken off), of the render, of the renderer's start
observers (the names' layout applied), of the app frame less its bare render and of Qt's event pass after the tick
(inside the first figure) and of the tick alone outside its render (the first figure less the event pass), median
(mean), by kind (prepared
write / long way / missed). ``profile``: the same ticks under cProfile, the functions by own time and by cumulative
time, timed by main-thread CPU (the render's inside is one builtin call and its Python observers).
"""
import cProfile
import pstats
import random
import statistics
import sys
import time

from spineviz import bench
from spineviz.scene import Animation

mode = sys.argv[1] if len(sys.argv) > 1 else "split"
ticks = int(sys.argv[2]) if len(sys.argv) > 2 else 300
region = sys.argv[3] if len(sys.argv) > 3 else "all"


class Clock:
    def __init__(self):
        self.rng = random.Random(30)

    def start(self):
        pass

    def restart(self):
        return 20 if self.rng.random() < 0.2 else 16


def load() -> str:
    return open("/proc/loadavg").read().split()[0]


app, window, renders = bench.frames_window()
live, view = window.live, window.viewport
renderer = view.renderer
live.set_region(region)
for _ in range(10):
    app.processEvents()
ren_win, ren = window.plotter.ren_win, window.plotter.renderer
inside = [0.0, 0.0, 0.0, 0.0]  # render, its start, observers, their start
ren_win.AddObserver("StartEvent", lambda *_: inside.__setitem__(1, time.thread_time()))
ren_win.AddObserver("EndEvent", lambda *_: inside.__setitem__(0, inside[0] + time.thread_time() - inside[1]))
ren.AddObserver("StartEvent", lambda *_: inside.__setitem__(3, time.thread_time()), 1.0)
ren.AddObserver("StartEvent", lambda *_: inside.__setitem__(2, inside[2] + time.thread_time() - inside[3]), -1.0)

live.update(animation=Animation(preset="extension_rotation", speed=1.0, time=0.0), motion=None)
w, c = time.perf_counter(), time.thread_time()
while getattr(live, "_idle", None) is not None and live._idle.isActive():
    app.processEvents()
print(f"{mode}, {ticks} ticks, region {region}; idle work {time.perf_counter() - w:.2f} s wall, "
      f"{time.thread_time() - c:.2f} s CPU; kept {len(live._kept)}; load {load()}")
live.play()
bench._hold_clock(live)
live._clock = Clock()
bench._app_frames(app, window, 1, renders)  # the first tick after a change of state goes the long way


def tick() -> tuple[str, float, float, float, float]:
    """One app frame then its bare render: (kind, outside the render, render, observers, frame less bare) in s."""
    hits, quick = live.moment_hits, renderer.prepared_frames
    inside[0] = inside[2] = 0.0
    t = time.thread_time()
    live._tick()
    e = time.thread_time()
    own = e - t - inside[0]  # the tick's own, outside its render
    app.processEvents()
    e = time.thread_time() - e
    if not inside[0]:
        ren_win.Render()
    frame = time.thread_time() - t
    in_render, observers = inside[0], inside[2]
    t = time.thread_time()
    ren_win.Render()
    bare = time.thread_time() - t
    kind = "missed" if live.moment_hits == hits else "prepared" if renderer.prepared_frames > quick else "long way"
    return kind, frame - in_render, in_render, observers, frame - bare, e, own


def ms(values) -> str:
    return f"{statistics.median(values) * 1e3:.3f} ({statistics.mean(values) * 1e3:.3f})" if values else "-"


if mode == "profile":
    prof = cProfile.Profile(time.thread_time)  # main-thread CPU, not wall: a loaded machine's waits left out
    prof.enable()
    kinds = [tick()[0] for _ in range(ticks)]
    prof.disable()
    print("kinds:", {k: kinds.count(k) for k in set(kinds)})
    stats = pstats.Stats(prof)
    stats.sort_stats("tottime").print_stats(60)
    stats.sort_stats("cumulative").print_stats(40)
else:
    rows = [tick() for _ in range(ticks)]
    by: dict[str, list] = {}
    for r in rows:
        by.setdefault(r[0], []).append(r)
    print("ticks prepared / long way / missed", *(len(by.get(k, ())) for k in ("prepared", "long way", "missed")))
    for name, rs in [*by.items(), ("all", rows)]:
        print(f"   {name:9s} outside the render {ms([r[1] for r in rs])}, render {ms([r[2] for r in rs])}, "
              f"observers {ms([r[3] for r in rs])}, frame less bare {ms([r[4] for r in rs])}, "
              f"Qt's event pass {ms([r[5] for r in rs])}, the tick outside its render {ms([r[6] for r in rs])}")
print(f"load {load()}")
live.pause()
window.close()
