"""Session 28: a prepared tick piece by piece, and one moment alone (one process, interleaved).

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session28-tick.py [BLOCKS] [--profile] [--main /tmp/perf28b-main]``.

Part 1 (session 27's ``performance-session27-parts.py``, more pieces timed): the benchmark's window and ticks
(``bench.playing_window``, ``bench._app_frames``: the tick, then Qt's pass with the render, back to back), a stand-in
clock of 16 ms a tick (4 steps of 1/240 s). Each block: a first pass of 25 ticks from 0.5 s with the whole cycle
prepared at Play (``cycle_budget_ms = None``, nothing kept before, the names' layouts dropped), each way in turn
(the order turned round every other block), then 20 bare renders. The ways: ``copies`` on and off
(``LiveScene.tick_copies``, when the code has it: off is the session 27 path). Per tick, main-thread CPU
(``time.thread_time``) of the tick and its parts; the frame's main-thread CPU, process CPU and wall; medians.

Part 2: one moment alone (``pose`` then ``facet_loads``, what a slider drag or an unprepared tick pays), this
checkout's against main's modules loaded from ``--main`` (a ``git archive main`` copy) under other names,
interleaved, main-thread CPU per call, medians of blocks.
"""
import cProfile
import importlib.util
import pstats
import statistics
import sys
import time

from spineviz import bench
from spineviz.app import live_scene as live_module
from spineviz.app import viewport as viewport_module
from spineviz.render import marks as marks_module
from spineviz.render import scene_render
from spineviz.render.marks import marks_of
from spineviz.scene import state as state_module
from spineviz.scene.state import at_time


class Clock:
    """16 ms a tick: 4 steps of 1/240 s, what the benchmark's back-to-back ticks reach."""

    def start(self) -> None:
        pass

    def restart(self) -> int:
        return 16


args = [a for a in sys.argv[1:] if not a.startswith("--") and not a.startswith("/")]
blocks = int(args[0]) if args else 10
main_dir = sys.argv[sys.argv.index("--main") + 1] if "--main" in sys.argv else None
print(time.strftime("%H:%M:%S UTC", time.gmtime()))
app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
live.cycle_budget_ms = None
labels = marks_of(window.plotter).labels
names_cpu = bench.timed_names_handler(window)
ren_win = window.plotter.ren_win
start = at_time(live.state, 0.5)
TICKS = 25
acc: dict[str, float] = {}
counts: dict[str, int] = {}
wrapped: list = []


def timed(owner, name: str, label: str) -> None:
    """Wrap ``owner.name`` so its main-thread CPU adds up in ``acc[label]`` (and its calls in ``counts``)."""
    own = getattr(owner, name)
    wrapped.append((owner, name, own))

    def wrapper(*a, **k):
        c = time.thread_time()
        try:
            return own(*a, **k)
        finally:
            acc[label] = acc.get(label, 0.0) + (time.thread_time() - c) * 1e3
            counts[label] = counts.get(label, 0) + 1

    setattr(owner, name, wrapper)


actors = window.actors
vp = window.viewport
timed(live, "frame_for", "moment look-up (frame_for)")
timed(live, "_cycle_tag_of", "_cycle_tag_of")
timed(actors, "apply_pose", "pose: 25 matrices (apply_pose)")
timed(actors, "set_facet_colours", "colour uniforms (set_facet_colours)")
timed(marks_module, "draw_marks", "names' anchors and rings (draw_marks)")
timed(scene_render, "_nerves_and_clip", "nerves and clip")
timed(vp, "_moving", "viewport _moving (set_detail, still timer)")
timed(state_module.SceneState, "current_motion", "current_motion (Timeline.at)")
timed(live_module, "moment_only", "moment_only (live)")
timed(viewport_module, "moment_only", "moment_only (viewport)")
timed(live_module, "at_time", "at_time")
own_tick = live._tick
NESTED = ("tick", "current_motion (Timeline.at)")  # current_motion runs inside frame_for's callers too


def timed_tick() -> None:
    c = time.thread_time()
    own_tick()
    acc["tick"] = (time.thread_time() - c) * 1e3


live._tick = timed_tick
ways = ["copies off", "copies on"] if hasattr(live, "tick_copies") else ["main's path"]
parts: dict[str, dict[str, list[float]]] = {w: {} for w in ways}
calls: dict[str, dict[str, int]] = {w: {} for w in ways}
bare = {"thread CPU": [], "process CPU": [], "wall": []}
served = {w: [0, 0, 0] for w in ways}


def begin(way: str) -> None:
    live.pause()
    if hasattr(live, "tick_copies"):
        live.tick_copies = way == "copies on"
    live.forget_moments()
    labels._layouts.clear()
    live.set_state(start)
    app.processEvents()
    live.play()
    bench._hold_clock(live)
    live._clock = Clock()


def one_pass(way: str) -> None:
    h, m, made = live.moment_hits, live.moment_misses, labels.layouts_made
    for k in range(TICKS):
        acc.clear()
        counts.clear()
        process = []
        c = time.thread_time()
        wall = bench._app_frames(app, window, 1, renders, process)
        thread = (time.thread_time() - c) * 1e3
        if k:
            row = dict(acc)
            row["names' render handler"] = names_cpu[0] / 1e6
            row["frame thread CPU"] = thread
            row["frame process CPU"] = process[0] * 1e3
            row["frame wall"] = wall[0] * 1e3
            named = sum(v for key, v in acc.items() if key not in NESTED and not key.startswith("moment_only (v")
                        and key != "at_time")
            row["tick: the rest"] = acc.get("tick", 0.0) - named
            row["outside the tick (Qt's pass and the render)"] = thread - acc.get("tick", 0.0)
            for key, v in row.items():
                parts[way].setdefault(key, []).append(v)
            for key, n in counts.items():
                calls[way][key] = calls[way].get(key, 0) + n
    served[way][0] += live.moment_hits - h
    served[way][1] += live.moment_misses - m
    served[way][2] += labels.layouts_made - made


for block in range(blocks):
    for way in (ways if block % 2 == 0 else ways[::-1]):
        begin(way)
        one_pass(way)
    live.pause()
    for _ in range(20):
        w, c, p = time.perf_counter(), time.thread_time(), time.process_time()
        ren_win.Render()
        bare["wall"].append((time.perf_counter() - w) * 1e3)
        bare["thread CPU"].append((time.thread_time() - c) * 1e3)
        bare["process CPU"].append((time.process_time() - p) * 1e3)
b = {k: statistics.median(v) for k, v in bare.items()}
print(f"bare render (ms, medians of {len(bare['wall'])}): " + ", ".join(f"{k} {v:.3f}" for k, v in b.items()))
for way in ways:
    n = len(parts[way]["tick"])
    print(f"{way}: first pass, cycle prepared: moments kept/computed {served[way][0]}/{served[way][1]}, "
          f"layouts made {served[way][2]}; {n} ticks")
    for key, v in parts[way].items():
        per = calls[way].get(key)
        extra = f", {per / n:.1f} calls a tick" if per is not None else ""
        print(f"  {key:52s} {statistics.median(v):7.3f} ms (mean {statistics.fmean(v):.3f}{extra})")
    f = {k: statistics.median(parts[way][k]) for k in ("frame thread CPU", "frame process CPU", "frame wall")}
    print(f"  ratios: thread CPU {f['frame thread CPU'] / b['thread CPU']:.3f}, process CPU "
          f"{f['frame process CPU'] / b['process CPU']:.3f}, wall {f['frame wall'] / b['wall']:.3f}")
for owner, name, own in wrapped:
    setattr(owner, name, own)
live._tick = own_tick
if "--profile" in sys.argv:
    for way in ways:
        begin(way)
        prof = cProfile.Profile()
        for _ in range(TICKS):
            prof.enable()
            own_tick()
            prof.disable()
            app.processEvents()
        print(f"--- profile, {way}: {TICKS} ticks")
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
live.pause()
model = window.spine.model if hasattr(window, "spine") else window.viewport.renderer.spine.model
window.close()

# part 2: one moment alone
from spineviz.motion import loads as loads_here  # noqa: E402
from spineviz.motion import pose as pose_here  # noqa: E402
from spineviz.motion.motion import parse_motion  # noqa: E402

ways2 = {"this checkout": (pose_here.pose, loads_here.facet_loads)}
if main_dir:
    mods = {}
    for name in ("pose", "loads"):
        spec = importlib.util.spec_from_file_location(f"main_{name}", f"{main_dir}/spineviz/motion/{name}.py")
        mods[name] = importlib.util.module_from_spec(spec)
        sys.modules[f"main_{name}"] = mods[name]
        spec.loader.exec_module(mods[name])
    ways2 = {"main": (mods["pose"].pose, mods["loads"].facet_loads), **ways2}
motions = [parse_motion(m) for m in ("extension=8, rotation=10", "flexion=30", "lateral_bending=12, rotation=-6",
                                     "extension=15")]
same = True
if len(ways2) == 2:
    (pa, la), (pb, lb) = ways2.values()
    for mo in motions:
        x, y = pa(model, mo), pb(model, mo)
        fx, fy = la(model, x), lb(model, y)
        same &= x.transforms.tobytes() == y.transforms.tobytes() and fx.newtons.tobytes() == fy.newtons.tobytes() \
            and fx.patch_closure.tobytes() == fy.patch_closure.tobytes()
    print(f"one moment: main's and this checkout's transforms, newtons and patch closures byte-identical: {same}")
one: dict[str, list[float]] = {w: [] for w in ways2}
for block in range(2 * blocks):
    for w in (list(ways2) if block % 2 == 0 else list(ways2)[::-1]):
        pose_fn, loads_fn = ways2[w]
        c = time.thread_time()
        for _ in range(20):
            for mo in motions:
                loads_fn(model, pose_fn(model, mo))
        one[w].append((time.thread_time() - c) * 1e3 / (20 * len(motions)))
for w, v in one.items():
    print(f"one moment alone (pose + facet_loads), {w}: {statistics.median(v):.3f} ms main-thread CPU "
          f"(min {min(v):.3f}, {len(v)} blocks of 80 calls)")
print(time.strftime("%H:%M:%S UTC", time.gmtime()))
