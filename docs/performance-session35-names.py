"""Session 35 (names35): the names' handler on a back-to-back frame, main's layout against this tree's, interleaved.

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session35-names.py MAIN_LABELS_PY [BLOCKS]`` (raw output: ``docs/performance-session35-names*.txt``),
where MAIN_LABELS_PY is main's ``spineviz/render/labels.py`` (a ``git archive`` copy): it is loaded as a module of its
own and *before* gives the names' ``ScreenLabels`` main's class (its ``_on_render``, ``_layout_key``, ``_plan`` and
``project``/``projection_rows``), *after* this tree's; nothing else differs.

Session 34's script (``docs/performance-session34-phases.py``): the benchmark's window (``bench.playing_window``,
whole spine), ticks back to back through ``bench._app_frames``, session 30's stand-in clock (16 ms a tick, one in
five 20 ms), each app frame followed by a bare render of what it drew (the benchmark's pairs). Two ways: ``kept``
(the moments kept, no names' layout kept: what the benchmark's back-to-back frames meet) and ``prepared`` (the cycle
and its names' layouts worked out before the ticks, by the class of the way). Blocks interleaved, the order turned
every other block; 40 frames a block. Main-thread CPU (``time.thread_time``), ms: the app frame; the frame outside
VTK's render; ``set_motion``; the names' handler on the app frame; VTK's render less the names; the bare render; the
frame's ratio to it. Median / mean / 90th percentile; the layouts made on the frames, the columns reused.
"""
import importlib.util
import random
import statistics
import sys
import time

from spineviz import bench
from spineviz.render import labels as labels_module
from spineviz.render.marks import marks_of
from spineviz.scene.state import at_time

spec = importlib.util.spec_from_file_location("main_labels", sys.argv[1])
main_labels = importlib.util.module_from_spec(spec)
sys.modules["main_labels"] = main_labels  # dataclasses look their module up
spec.loader.exec_module(main_labels)
blocks = int(sys.argv[2]) if len(sys.argv) > 2 else 4
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
ours = type(labels)
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
ways = [(w, v) for w in ("kept", "prepared") for v in ("before", "after")]
made_on_frames = {k: 0 for k in ways}
reused = {k: 0 for k in ways}
rows: dict = {k: {} for k in ways}
quick = {k: 0 for k in ways}


def begin(way, variant):
    labels.__class__ = main_labels.ScreenLabels if variant == "before" else ours
    labels._columns = ()
    labels_module._LEADER_ARRAYS.clear()  # each module keeps the leaders' arrays it wrote last: rebuilt once
    main_labels._LEADER_ARRAYS.clear()
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
        laid, again = labels.layouts_made, labels.__dict__.get("columns_reused", 0)
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
                   "set_motion": acc.get("set_motion", 0.0), "names' handler": names,
                   "render less names": render - names, "bare render": bare,
                   "bare render's names' handler": bare_names, "frame - bare": frame - bare,
                   "ratio (frame / bare)": frame / bare}
            for name, ms in got.items():
                rows[key].setdefault(name, []).append(ms)
        quick[key] += renderer.prepared_frames - made
        made_on_frames[key] += labels.layouts_made - laid
        reused[key] += labels.__dict__.get("columns_reused", 0) - again
live.pause()
print(time.strftime("%H:%M:%S UTC", time.gmtime()), open("/proc/loadavg").read().split()[:3])
for key, r in rows.items():
    print(f"{key[0]}, {key[1]}: {len(r['frame'])} frames, prepared writes {quick[key]}, layouts made on the frames "
          f"{made_on_frames[key]}, columns reused {reused[key]}")
    for name, v in r.items():
        p90 = sorted(v)[int(0.9 * len(v))]
        print(f"  {name:28s} median {statistics.median(v):7.3f}  mean {statistics.mean(v):7.3f}  p90 {p90:7.3f}")
window.close()
