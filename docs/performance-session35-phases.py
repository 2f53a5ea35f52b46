"""Session 35 (perf35): a back-to-back frame phase by phase, before and after this session's two changes.

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session35-phases.py [BLOCKS]`` (raw output: ``docs/performance-session35-phases*.txt``).

Session 34's script (``docs/performance-session34-phases.py``): the benchmark's window (``bench.playing_window``,
whole spine), ticks back to back through ``bench._app_frames``, session 30's stand-in clock (16 ms a tick, one in five
20 ms), each app frame followed by a bare render of what it drew (the benchmark's pairs). Two ways: ``prepared`` (the
cycle and its names' layouts worked out before the ticks) and ``kept`` (the moments kept, the names laid out on each
frame: what the benchmark's frames meet); each ``before`` (as on main: the keys' filter ``ControlKeysFirst`` installed
on the application, and a tick drawn in its slot rendered through PyVista's ``render``, ``Viewport.render_ticks_direct
= False``) and ``after`` (this tree: the filter on the main window, the tick's render through
``NativeView.render_tick``). The filter is a counting subclass installed by this script both ways, so its calls a
frame are counted alike. Blocks interleaved, the order turned every other
block; 40 frames a block. Main-thread CPU (``time.thread_time``), ms, median / mean / 90th percentile of: the app
frame; the frame outside VTK's render; the tick outside the render, and its parts (``_batch_on_miss``; the state's
change handed to the view, ``_replace``, less ``set_motion`` and the render, and in it ``_draw_tick`` less the render
and ``_moving_moment``; the rest of ``_tick``). Run 3's raw output has a column "_draw_tick less the render and
names" that subtracts the names' handler a second time: the handler runs on the renderer's ``StartEvent``, inside
the render window's ``StartEvent`` and ``EndEvent`` (``docs/performance-session35-render.txt``); the column is gone.
**Runs 1-3 (and session 34's script, whose reading this one kept) took "the render" after the bare render, whose
``EndEvent`` had set it again**: their "outside the render" columns are the app frame's parts less the *bare*
render's render, not the app frame's own. Run 4 (``-phases-4.txt``) reads it right after the app frame.
Qt's event pass after the tick (``processEvents``); ``set_motion``; the names' handler; the bare render; the frame's
ratio to it.
Counted: the keys' filter's calls a frame, the frames on which the side panels were told of a new moment (their
pace, every ``PANEL_MS`` of wall time) and those whose event pass repainted a panel.
"""
import random
import statistics
import sys
import time

from PySide6.QtCore import QEvent

from spineviz import bench
from spineviz.app.keys import ControlKeysFirst
from spineviz.render.marks import marks_of
from spineviz.scene.state import at_time

blocks = int(sys.argv[1]) if len(sys.argv) > 1 else 4
TICKS = 41


class Clock:
    def __init__(self):
        self.rng = random.Random(30)

    def start(self):
        pass

    def restart(self):
        return 20 if self.rng.random() < 0.2 else 16


class Counted(ControlKeysFirst):
    calls = 0
    repaints = 0

    def eventFilter(self, watched, event) -> bool:  # Qt override
        Counted.calls += 1
        if event.type() == QEvent.Type.UpdateRequest and watched is self.main:
            Counted.repaints += 1  # the window's repaint request: a panel repainted in this pass
        return super().eventFilter(watched, event)


class TimedEvents:
    """The application with its ``processEvents`` timed (what ``bench._app_frames`` calls after the tick)."""

    def __init__(self, app, acc):
        self.app, self.acc = app, acc

    def processEvents(self, *a):
        c = time.thread_time()
        self.app.processEvents(*a)
        self.acc["events"] = (time.thread_time() - c) * 1e3


print(time.strftime("%H:%M:%S UTC", time.gmtime()), "blocks", blocks, open("/proc/loadavg").read().split()[:3])
app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
live.cycle_budget_ms = None
labels = marks_of(window.plotter).labels
names_ns = bench.timed_names_handler(window)
ren_win = window.plotter.ren_win
renderer = window.viewport.renderer
acc: dict = {}
render_at = [0.0]
ren_win.AddObserver("StartEvent", lambda *_: render_at.__setitem__(0, time.thread_time()))
ren_win.AddObserver("EndEvent", lambda *_: acc.__setitem__("render", (time.thread_time() - render_at[0]) * 1e3))
app.removeEventFilter(window.control_keys)  # main's place
window.removeEventFilter(window.control_keys)  # this tree's
keys = Counted(window)
window.control_keys = keys


def timed(owner, attr, name):
    own = getattr(owner, attr)

    def wrapper(*a, **k):
        c = time.thread_time()
        try:
            return own(*a, **k)
        finally:
            acc[name] = (time.thread_time() - c) * 1e3
    setattr(owner, attr, wrapper)


timed(live, "_tick", "tick")
timed(live, "_batch_on_miss", "batch")
timed(live, "_replace", "replace")
timed(renderer, "set_motion", "set_motion")
timed(window.viewport, "_draw_tick", "draw_tick")
timed(window.viewport, "_moving_moment", "moving_moment")
paced = [0]
live.paced.connect(lambda *_: paced.__setitem__(0, paced[0] + 1))
events = TimedEvents(app, acc)
start = at_time(live.state, 0.5)
ways = [(w, v) for w in ("prepared", "kept") for v in ("before", "after")]
rows: dict = {k: {} for k in ways}
counts: dict = {k: {"filter calls": 0, "frames told": 0, "frames repainted": 0, "frames": 0} for k in ways}


def begin(way, variant):
    app.removeEventFilter(keys)
    window.removeEventFilter(keys)
    (app if variant == "before" else window).installEventFilter(keys)
    window.viewport.render_ticks_direct = variant == "after"
    live.pause()
    live.forget_moments()
    labels._layouts.clear()
    live.set_state(start)
    app.processEvents()
    live.play()
    if way != "prepared":
        labels._layouts.clear()
    bench._hold_clock(live)
    live._clock = Clock()
    live._steps = []


for block in range(blocks):
    for key in ways if block % 2 == 0 else ways[::-1]:
        begin(*key)
        for k in range(TICKS):
            acc.clear()
            Counted.calls = Counted.repaints = 0
            told = paced[0]
            c = time.thread_time()
            bench._app_frames(events, window, 1, renders)
            frame = (time.thread_time() - c) * 1e3
            calls, repaints, told = Counted.calls, Counted.repaints, paced[0] - told
            render = acc.get("render", 0.0)  # the app frame's (the bare render below sets it again: runs 1-3 read that)
            names = names_ns[0] / 1e6  # the app frame's (the bare render runs the handler too, after it)
            c = time.thread_time()
            ren_win.Render()
            bare = (time.thread_time() - c) * 1e3
            if not k:
                continue
            got = {"frame": frame, "frame outside the render": frame - render,
                   "tick outside the render": acc["tick"] - render,
                   "- _batch_on_miss": acc.get("batch", 0.0),
                   "- _replace less set_motion, render": acc.get("replace", 0.0) - acc.get("set_motion", 0.0)
                   - render,
                   "-- _draw_tick less the render": acc.get("draw_tick", 0.0) - render,
                   "-- _moving_moment": acc.get("moving_moment", 0.0),
                   "- the rest of _tick": acc["tick"] - acc.get("replace", 0.0) - acc.get("batch", 0.0),
                   "Qt's event pass": acc.get("events", 0.0),
                   "set_motion": acc.get("set_motion", 0.0), "names' handler": names,
                   "bare render": bare, "frame - bare": frame - bare, "ratio (frame / bare)": frame / bare}
            for name, ms in got.items():
                rows[key].setdefault(name, []).append(ms)
            n = counts[key]
            n["filter calls"] += calls
            n["frames told"] += told > 0
            n["frames repainted"] += repaints > 0
            n["frames"] += 1
            rows[key].setdefault("Qt's event pass, no panel work", [])
            if not told and not repaints:
                rows[key]["Qt's event pass, no panel work"].append(acc.get("events", 0.0))
live.pause()
print(time.strftime("%H:%M:%S UTC", time.gmtime()), open("/proc/loadavg").read().split()[:3])


def p90(v):
    v = sorted(v)
    return v[min(len(v) - 1, (9 * len(v)) // 10)]


for key, r in rows.items():
    n = counts[key]
    print(f"{key[0]}, {key[1]}: {n['frames']} frames; the keys' filter {n['filter calls'] / n['frames']:.2f} calls a"
          f" frame; panels told on {n['frames told']} frames, repainted on {n['frames repainted']}")
    for name, v in r.items():
        if v:
            print(f"  {name:42s} median {statistics.median(v):7.3f}  mean {statistics.mean(v):7.3f}  p90 {p90(v):7.3f}"
                  f"  (n {len(v)})")
window.close()
