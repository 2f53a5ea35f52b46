"""Session 34 (perf34): a back-to-back frame phase by phase, with and without the prepared write, and its bare render.

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session34-phases.py [BLOCKS]`` (raw output: ``docs/performance-session34-phases*.txt``).

The benchmark's window (``bench.playing_window``, whole spine), ticks back to back through ``bench._app_frames``,
session 30's stand-in clock (16 ms a tick, one in five 20 ms), each app frame followed by a bare render of what it drew
(the benchmark's pairs, ``bench._paired_frames``). Two ways as in session 33's script: ``prepared`` (the cycle and
its names' layouts worked out before the ticks) and ``kept`` (the moments kept, no names' layout kept: what the
benchmark's back-to-back frames meet); each ``before`` (``SceneRenderer.prepared_writes = False``: every frame the
long way, the anatomy's box by its whole key, as on main) and ``after`` (this tree). Blocks interleaved, the order
turned every other block; 40 frames a block. Main-thread CPU (``time.thread_time``) of: the app frame; the frame
outside VTK's render; the tick outside the render; Qt's event pass after the tick; ``set_motion``; the names' handler;
VTK's render less the names; the bare render after it (and its own call of the names' handler, which finds the
layout drawn and returns early); and the frame's ratio to that bare render. Median / mean. Runs 1 and 2
(``-phases-1.txt``, ``-phases-2.txt``) read the names' handler after the bare render, so their names' figures are the
bare render's call; run 3 (``-phases-3.txt``) reads each where it runs.
"""
import random
import statistics
import sys
import time

from spineviz import bench
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
timed(renderer, "set_motion", "set_motion")
events = TimedEvents(app, acc)
start = at_time(live.state, 0.5)
ways = [(w, v) for w in ("prepared", "kept") for v in ("before", "after")]
rows: dict = {k: {} for k in ways}
quick = {k: 0 for k in ways}


def begin(way, variant):
    renderer.prepared_writes = variant == "after"
    renderer._quick = None
    renderer.__dict__.pop("_box_quick", None)
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
        made = renderer.prepared_frames
        for k in range(TICKS):
            acc.clear()
            c = time.thread_time()
            bench._app_frames(events, window, 1, renders)
            frame = (time.thread_time() - c) * 1e3
            names = names_ns[0] / 1e6  # the app frame's (the bare render runs the handler too, after it)
            c = time.thread_time()
            ren_win.Render()
            bare = (time.thread_time() - c) * 1e3
            bare_names = names_ns[0] / 1e6
            if not k:
                continue
            render = acc.get("render", 0.0)
            got = {"frame": frame, "frame outside the render": frame - render,
                   "tick outside the render": acc["tick"] - render, "Qt's event pass": acc.get("events", 0.0),
                   "set_motion": acc.get("set_motion", 0.0), "names' handler": names,
                   "render less names": render - names, "bare render": bare,
                   "bare render's names' handler": bare_names, "frame - bare": frame - bare,
                   "ratio (frame / bare)": frame / bare}
            for name, ms in got.items():
                rows[key].setdefault(name, []).append(ms)
        quick[key] += renderer.prepared_frames - made
live.pause()
print(time.strftime("%H:%M:%S UTC", time.gmtime()), open("/proc/loadavg").read().split()[:3])
for key, r in rows.items():
    print(f"{key[0]}, {key[1]}: {len(r['frame'])} frames, prepared writes {quick[key]}")
    for name, v in r.items():
        print(f"  {name:28s} median {statistics.median(v):7.3f}  mean {statistics.mean(v):7.3f}")
window.close()
