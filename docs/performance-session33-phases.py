"""Session 33 (perf33a): where a back-to-back tick's own work goes, kept and missed, phase by phase.

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session33-phases.py [BLOCKS] [--ab]`` (raw output: ``docs/performance-session33-phases*.txt``).

The benchmark's window (``bench.playing_window``, whole spine), ticks back to back through ``bench._app_frames``,
session 30's stand-in clock (16 ms a tick, one in five 20 ms). Three ways, each block starting from the same moment:

- ``prepared``: the whole cycle and its names' layouts worked out before the ticks (the reference);
- ``kept``: the cycle's moments kept, no names' layout kept (what the benchmark's back-to-back frames meet: the
  names of moments prepared within Play's budget wait for gaps that never come);
- ``missed``: nothing kept (a miss batches its moment with the next three ticks' likeliest landings).

Each phase is timed on the main thread (``time.thread_time``) around the call: the tick (``live._tick``, which since
session 31 renders its frame itself), the miss's batch (``_batch_on_miss``) and inside it the poses
(``pose.poses``), the loads (``facet_loads_many``), the colours and summaries (``_colours_and_summary``); the
renderer's ``set_motion`` (the moment looked up, the matrices, the colours, the marks); the names' handler; VTK's
``Render`` (the render window's Start to End events, less the names' handler). ``--ab``: each way twice, ``before``
(main's names' handler, ``ScreenLabels`` methods from ``git show 2ac03a5:spineviz/render/labels.py``, and
``LiveScene.lazy_motions = False``) and ``after`` (this tree's; in the ``missed`` way the cycle's motions are then
forgotten too, as a tick past what Play prepared finds none). Median / mean / p90 in ms; the frame's process CPU and
wall too. Blocks interleaved, the order turned every other block.
"""
import random
import statistics
import sys
import time

from spineviz import bench
from spineviz.motion import loads as loads_module
from spineviz.motion import pose as pose_module
from spineviz.render import facet_colours
from spineviz.render.labels import ScreenLabels
from spineviz.render.marks import marks_of
from spineviz.scene.state import at_time

args = [a for a in sys.argv[1:] if not a.startswith("--")]
blocks = int(args[0]) if args else 6
ab = "--ab" in sys.argv
TICKS = 41


def p90(v):
    return statistics.quantiles(v, n=10)[-1] if len(v) > 1 else (v[0] if v else float("nan"))


class Clock:
    def __init__(self):
        self.rng = random.Random(30)

    def start(self):
        pass

    def restart(self):
        return 20 if self.rng.random() < 0.2 else 16


print(time.strftime("%H:%M:%S UTC", time.gmtime()), "blocks", blocks, "ab", ab)
app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
live.cycle_budget_ms = None
labels = marks_of(window.plotter).labels
names_ns = bench.timed_names_handler(window)
ren_win = window.plotter.ren_win
renderer = window.viewport.renderer
start = at_time(live.state, 0.5)
acc: dict = {}


def add(name, ms):
    acc[name] = acc.get(name, 0.0) + ms


def timed(owner, attr, name, instance=True):
    own = getattr(owner, attr)

    def wrapper(*a, **k):
        c = time.thread_time()
        try:
            return own(*a, **k)
        finally:
            add(name, (time.thread_time() - c) * 1e3)
    setattr(owner, attr, wrapper)


timed(live, "_batch_on_miss", "batch")
timed(renderer, "set_motion", "set_motion")
timed(pose_module, "poses", "batch: poses")
timed(loads_module, "facet_loads_many", "batch: loads")
timed(facet_colours, "_colours_and_summary", "batch/kept: colours and summary")
timed(live, "frame_for", "set_motion: frame_for")
timed(renderer.actors, "apply_pose", "set_motion: apply_pose")
timed(renderer.actors, "set_facet_colours", "set_motion: set_facet_colours")
render_at = [0.0]
ren_win.AddObserver("StartEvent", lambda *_: render_at.__setitem__(0, time.thread_time()))
ren_win.AddObserver("EndEvent", lambda *_: add("Render (less names)", (time.thread_time() - render_at[0]) * 1e3))
own_tick = live._tick


def tick():
    c = time.thread_time()
    own_tick()
    add("tick", (time.thread_time() - c) * 1e3)


live._tick = tick
variants = [("", {})]
if ab:  # before: main's names' handler (labels.py at 2ac03a5) and the whole cycle's motions first; after: this tree's
    import importlib.util
    import subprocess

    source = subprocess.run(["git", "show", "2ac03a5:spineviz/render/labels.py"], capture_output=True, text=True,
                            check=True).stdout
    spec = importlib.util.spec_from_loader("labels_main", loader=None)
    labels_main = importlib.util.module_from_spec(spec)
    sys.modules["labels_main"] = labels_main  # dataclasses look their module up
    exec(compile(source, "labels_main.py", "exec"), labels_main.__dict__)
    methods = ("_on_render", "_layout_key", "_plan", "prepare", "layout")
    old_methods = {m: getattr(labels_main.ScreenLabels, m) for m in methods}
    new_methods = {m: getattr(ScreenLabels, m) for m in methods}
    variants = [("before", {"old": True}), ("after", {"old": False})]
ways = [(w, v) for w in ("prepared", "kept", "missed") for v in range(len(variants))]
rows: dict = {k: {} for k in ways}
served = {k: [0, 0] for k in ways}


def setv(v):
    flags = variants[v][1]
    if "old" in flags:
        for m, f in (old_methods if flags["old"] else new_methods).items():
            setattr(ScreenLabels, m, f)
        live.lazy_motions = not flags["old"]


def begin(way, v):
    setv(v)
    live.pause()
    live.forget_moments()
    labels._layouts.clear()
    live.set_state(start)
    app.processEvents()
    live.play()
    if way != "prepared":
        labels._layouts.clear()
    if way == "missed":
        live._kept.clear()
        if getattr(live, "lazy_motions", False):  # motions worked out with their moments: none known for these
            live._motions.clear()
    bench._hold_clock(live)
    live._clock = Clock()
    live._steps = []


for block in range(blocks):
    order = ways if block % 2 == 0 else ways[::-1]
    for key in order:
        begin(*key)
        h, m = live.moment_hits, live.moment_misses
        for k in range(TICKS):
            acc.clear()
            process = []
            c = time.thread_time()
            wall = bench._app_frames(app, window, 1, renders, process)
            thread = (time.thread_time() - c) * 1e3
            if not k:
                continue
            r = rows[key]
            names = names_ns[0] / 1e6
            got = dict(acc)
            got["names' handler"] = names
            got["Render (less names)"] = got.get("Render (less names)", 0.0) - names
            got["tick less Render and names"] = got["tick"] - got["Render (less names)"] - names
            got["frame thread CPU"] = thread
            got["frame process CPU"] = process[0] * 1e3
            got["frame wall"] = wall[0] * 1e3
            for name, ms in got.items():
                r.setdefault(name, []).append(ms)
        served[key][0] += live.moment_hits - h
        served[key][1] += live.moment_misses - m
live.pause()
print(time.strftime("%H:%M:%S UTC", time.gmtime()))
for key, r in rows.items():
    n = len(r["tick"])
    label = key[0] + (f", {variants[key[1]][0]}" if ab else "")
    print(f"{label}: {n} ticks, look-ups kept/worked out {served[key][0]}/{served[key][1]}")
    for name in sorted(r):
        v = r[name] + [0.0] * (n - len(r[name]))  # a phase not run in a tick counts 0 there
        print(f"  {name:36s} median {statistics.median(v):7.3f}  mean {statistics.mean(v):7.3f}  p90 {p90(v):7.3f}"
              f"  (ran in {len(r[name])})")
window.close()
