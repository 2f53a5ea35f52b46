"""Session 27: where a first-pass tick's extra over a bare render goes, piece by piece (one process, interleaved).

Run from the perf27 checkout:
``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session27-parts.py [BLOCKS]``.
The benchmark's window and ticks (``bench.playing_window``, ``bench._app_frames``: the tick, then Qt's pass with
the render; back to back), a stand-in clock of 16 ms a tick (4 steps of 1/240 s) as in session 26's script. Each block:
a first pass of 25 ticks from 0.5 s with the whole cycle prepared at Play (``cycle_budget_ms = None``; nothing
kept before, the names' layouts dropped), then 20 bare renders. Per tick, main-thread CPU (``time.thread_time``)
of: the tick (``live._tick``), its parts (the moment's look-up, the pose's 25 matrices, the colour uniforms, the
names' anchors and rings, the nerves and clip, the rest of the tick's plumbing), the names' render handler, and
the frame (tick + Qt's pass + render); the frame's process CPU and wall; medians over the blocks (the first tick of
each pass left out). With ``--profile`` a cProfile of the ticks of one more pass is printed.
"""
import cProfile
import pstats
import statistics
import sys
import time

from spineviz import bench
from spineviz.render import marks as marks_module
from spineviz.render import scene_render
from spineviz.render.marks import marks_of
from spineviz.scene.state import at_time


class Clock:
    """16 ms a tick: 4 steps of 1/240 s, what the benchmark's back-to-back ticks reach."""

    def start(self) -> None:
        pass

    def restart(self) -> int:
        return 16


args = [a for a in sys.argv[1:] if not a.startswith("--")]
blocks = int(args[0]) if args else 10
app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
live.cycle_budget_ms = None
labels = marks_of(window.plotter).labels
names_cpu = bench.timed_names_handler(window)
ren_win = window.plotter.ren_win
renderer = window.viewport.renderer if hasattr(window, "viewport") else None
start = at_time(live.state, 0.5)
TICKS = 25
parts: dict[str, list[float]] = {}
acc: dict[str, float] = {}


wrapped: list = []


def timed(owner, name: str, label: str) -> None:
    """Wrap ``owner.name`` so its main-thread CPU adds up in ``acc[label]`` during a tick."""
    own = getattr(owner, name)
    wrapped.append((owner, name, own))

    def wrapper(*a, **k):
        c = time.thread_time()
        try:
            return own(*a, **k)
        finally:
            acc[label] = acc.get(label, 0.0) + (time.thread_time() - c) * 1e3

    setattr(owner, name, wrapper)


actors = window.actors
timed(live, "frame_for", "moment look-up (frame_for)")
timed(live, "_cycle_tag_of", "_cycle_tag_of")
timed(actors, "apply_pose", "pose: 25 matrices (apply_pose)")
timed(actors, "set_facet_colours", "colour uniforms (set_facet_colours)")
timed(marks_module, "draw_marks", "names' anchors and rings (draw_marks)")
timed(scene_render, "_nerves_and_clip", "nerves and clip")
own_tick = live._tick


def timed_tick() -> None:
    c = time.thread_time()
    own_tick()
    acc["tick"] = (time.thread_time() - c) * 1e3


live._tick = timed_tick
bare = {"thread CPU": [], "process CPU": [], "wall": []}
served = [0, 0, 0]


def begin() -> None:
    live.pause()
    live.forget_moments()
    labels._layouts.clear()
    live.set_state(start)
    app.processEvents()
    live.play()
    bench._hold_clock(live)
    live._clock = Clock()


def one_pass(record: bool) -> None:
    h, m, made = live.moment_hits, live.moment_misses, labels.layouts_made
    for k in range(TICKS):
        acc.clear()
        process = []
        c = time.thread_time()
        wall = bench._app_frames(app, window, 1, renders, process)
        thread = (time.thread_time() - c) * 1e3
        if k and record:
            row = dict(acc)
            row["names' render handler"] = names_cpu[0] / 1e6
            row["frame thread CPU"] = thread
            row["frame process CPU"] = process[0] * 1e3
            row["frame wall"] = wall[0] * 1e3
            named = sum(v for key, v in acc.items() if key not in ("tick",))
            row["tick: the rest (state, signals, viewport, panels' pacing)"] = acc.get("tick", 0.0) - named
            row["outside the tick (Qt's pass and the render)"] = thread - acc.get("tick", 0.0)
            for key, v in row.items():
                parts.setdefault(key, []).append(v)
    served[0] += live.moment_hits - h
    served[1] += live.moment_misses - m
    served[2] += labels.layouts_made - made


print(time.strftime("%H:%M:%S UTC", time.gmtime()))
for _block in range(blocks):
    begin()
    one_pass(True)
    live.pause()
    for _ in range(20):
        w, c, p = time.perf_counter(), time.thread_time(), time.process_time()
        ren_win.Render()
        bare["wall"].append((time.perf_counter() - w) * 1e3)
        bare["thread CPU"].append((time.thread_time() - c) * 1e3)
        bare["process CPU"].append((time.process_time() - p) * 1e3)
b = {k: statistics.median(v) for k, v in bare.items()}
print(f"bare render (ms, medians of {len(bare['wall'])}): " + ", ".join(f"{k} {v:.3f}" for k, v in b.items()))
print(f"first pass, cycle prepared: moments kept/computed {served[0]}/{served[1]}, layouts made {served[2]}")
for key, v in parts.items():
    print(f"  {key:58s} {statistics.median(v):7.3f} ms (mean {statistics.fmean(v):.3f}, n {len(v)})")
f = {k: statistics.median(parts[k]) for k in ("frame thread CPU", "frame process CPU", "frame wall")}
print(f"ratios: thread CPU {f['frame thread CPU'] / b['thread CPU']:.3f}, process CPU "
      f"{f['frame process CPU'] / b['process CPU']:.3f}, wall {f['frame wall'] / b['wall']:.3f}")
if "--profile" in sys.argv:
    for owner, name, own in wrapped:
        setattr(owner, name, own)
    live._tick = own_tick
    begin()
    prof = cProfile.Profile()
    for _ in range(TICKS):
        prof.enable()
        own_tick()
        prof.disable()
        app.processEvents()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
window.close()
