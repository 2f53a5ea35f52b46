"""Session 29: the tick's fixed extra, piece by piece (one process, interleaved blocks).

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session29-tick.py [BLOCKS] --main /tmp/perf29b-main`` (``--main``: a ``git archive main`` copy, whose
``spineviz/motion/pose.py`` and ``loads.py`` are loaded under other names for the one-moment A/B).

Part 1 (session 28's ``performance-session28-tick.py``, with the listeners, the panels' paced handlers and the
view's pieces timed): the benchmark's window and back-to-back ticks (``bench.playing_window``, ``bench._app_frames``),
a stand-in clock of 16 ms a tick (4 steps of 1/240 s). Each block runs four ways in turn (the order turned round
every other block), 25 ticks each from 0.5 s, then 20 bare renders:

- ``prepared, s28``: the whole cycle prepared at Play, ``LiveScene.quiet_ticks = False`` (session 28's listeners: a
  tick tells ``scene_changed`` too, ``frame_advanced`` always emitted, the panels show every field at their pace);
- ``prepared, s29``: the same with ``quiet_ticks`` on;
- ``unprepared, s28``: nothing prepared (``prepare_cycles`` off, the kept moments and names' layouts dropped), so
  every tick works its moment out alone, with main's ``closures_many`` and ``_rotations`` (``--main``) and
  ``quiet_ticks`` off: session 28's one-moment path and listeners;
- ``unprepared, s29``: this checkout's one-moment path, ``quiet_ticks`` on.

Per tick, main-thread CPU (``time.thread_time``) of the tick and its parts; the frame's main-thread CPU, process CPU
and wall; medians. Part 2: one moment alone (``pose`` then ``facet_loads``), main's modules against this checkout's,
interleaved, main-thread CPU per call; and both give the same bytes on every moment of two presets' cycles.
"""
import importlib.util
import statistics
import sys
import time

from spineviz import bench
from spineviz.app import live_scene as live_module
from spineviz.motion import loads as loads_module
from spineviz.motion import pose as pose_module
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


args = [a for a in sys.argv[1:] if not a.startswith("--") and not a.startswith("/")]
blocks = int(args[0]) if args else 10
main_dir = sys.argv[sys.argv.index("--main") + 1] if "--main" in sys.argv else None
mods = {}
if main_dir:
    for name in ("pose", "loads"):
        spec = importlib.util.spec_from_file_location(f"main_{name}", f"{main_dir}/spineviz/motion/{name}.py")
        mods[name] = importlib.util.module_from_spec(spec)
        sys.modules[f"main_{name}"] = mods[name]
        spec.loader.exec_module(mods[name])
    mods["loads"]._rotations = mods["pose"]._rotations  # main's loads with main's rotations throughout
here = {"closures_many": loads_module.closures_many, "_rotations": pose_module._rotations}


def one_moment(main: bool) -> None:
    """Use main's one-moment path (its closures and rotations put in this checkout's modules), or this checkout's."""
    if main and mods:
        loads_module.closures_many = mods["loads"].closures_many
        pose_module._rotations = mods["pose"]._rotations
    else:
        loads_module.closures_many, pose_module._rotations = here["closures_many"], here["_rotations"]


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


def timed_slot(signal, slot, label: str) -> None:
    """Connect a timed wrapper of ``slot`` in its place (a slot is bound when it is connected)."""
    signal.disconnect(slot)

    def wrapper(*a):
        c = time.thread_time()
        try:
            return slot(*a)
        finally:
            acc[label] = acc.get(label, 0.0) + (time.thread_time() - c) * 1e3
            counts[label] = counts.get(label, 0) + 1

    signal.connect(wrapper)


actors = window.actors
vp = window.viewport
listened = live.scene_changed if hasattr(live, "scene_changed") else live.changed
timed(live, "frame_for", "moment look-up (frame_for)")
timed(live, "_cycle_tag_of", "_cycle_tag_of")
timed(actors, "apply_pose", "pose: 25 matrices (apply_pose)")
timed(actors, "set_facet_colours", "colour uniforms (set_facet_colours)")
timed(marks_module, "draw_marks", "names' anchors and rings (draw_marks)")
timed(scene_render, "_nerves_and_clip", "nerves and clip")
timed(live_module, "moment_only", "moment_only (live)")
timed(live_module, "at_time", "at_time")
timed(live, "_keep", "one moment worked out alone (_keep)")
timed(vp, "_moving_moment", "viewport _moving_moment")
timed(vp, "_render", "viewport _render")
timed_slot(listened, window._show_state, "listener: window _show_state")
timed_slot(listened, window.explanations._state_changed, "listener: explain _state_changed")
timed_slot(listened, window.anatomy._follow, "listener: anatomy _follow")
timed_slot(listened, window.cut_handle._follow, "listener: cut handle _follow")
timed_slot(live.changed, vp._show, "listener: viewport _show (all of it)")
timed_slot(live.paced, window.pain_map._state_changed, "paced: pain map")
timed_slot(live.paced, window.layers_panel._paced, "paced: layers panel")
timed_slot(live.paced, window.motion_panel._paced, "paced: motion panel")
timed(window.info_panel, "refresh", "paced: info panel")
timed(live, "_replace", "_replace (the change's signals, the pacing)")
timed(live, "_pass_on", "_pass_on (paced.emit, all of it)")
own_tick = live._tick
NESTED = ("tick",)
NAMED = ("moment look-up", "_cycle_tag_of", "pose: 25", "colour uniforms", "names' anchors", "nerves and clip",
         "moment_only (live)", "at_time", "viewport _moving", "viewport _render", "listener: window",
         "listener: explain", "listener: anatomy", "listener: cut")  # not nested in each other (the panels: outside)


def timed_tick() -> None:
    c = time.thread_time()
    own_tick()
    acc["tick"] = (time.thread_time() - c) * 1e3


live._tick = timed_tick
ways = ["prepared, s28", "prepared, s29", "unprepared, s28", "unprepared, s29"]
parts: dict[str, dict[str, list[float]]] = {w: {} for w in ways}
calls: dict[str, dict[str, int]] = {w: {} for w in ways}
bare = {"thread CPU": [], "process CPU": [], "wall": []}
served = {w: [0, 0, 0] for w in ways}


def begin(way: str) -> None:
    live.pause()
    live.quiet_ticks = way.endswith("s29")
    prepared = way.startswith("prepared")
    live.prepare_cycles = prepared
    one_moment(main=way == "unprepared, s28")
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
            named = sum(v for key, v in acc.items() if key.startswith(NAMED))
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
one_moment(main=False)
b = {k: statistics.median(v) for k, v in bare.items()}
print(f"bare render (ms, medians of {len(bare['wall'])}): " + ", ".join(f"{k} {v:.3f}" for k, v in b.items()))
for way in ways:
    n = len(parts[way]["tick"])
    print(f"{way}: moments kept/computed {served[way][0]}/{served[way][1]}, layouts made {served[way][2]}; {n} ticks")
    for key, v in sorted(parts[way].items()):
        per = calls[way].get(key)
        extra = f", {per / n:.2f} calls a tick" if per is not None else ""
        # a part called on some ticks only: its median over the ticks that called it, and its mean over all
        called = [x for x in v if x > 0.0] if per is not None and per < n else v
        print(f"  {key:52s} {statistics.median(called):7.3f} ms (mean a tick {sum(v) / n:.3f}{extra})")
    f = {k: statistics.median(parts[way][k]) for k in ("frame thread CPU", "frame process CPU", "frame wall")}
    print(f"  ratios: thread CPU {f['frame thread CPU'] / b['thread CPU']:.3f}, process CPU "
          f"{f['frame process CPU'] / b['process CPU']:.3f}, wall {f['frame wall'] / b['wall']:.3f}")
for owner, name, own in wrapped:
    setattr(owner, name, own)
live._tick = own_tick
live.pause()
model = window.spine.model if hasattr(window, "spine") else window.viewport.renderer.spine.model
window.close()

# part 2: one moment alone, main's and this checkout's, and their bytes on whole cycles
from spineviz.motion.motion import parse_motion  # noqa: E402
from spineviz.motion.timeline import PRESETS  # noqa: E402

ways2 = {"this checkout": (pose_module.pose, loads_module.facet_loads)}
if mods:
    ways2 = {"main": (mods["pose"].pose, mods["loads"].facet_loads), **ways2}
    fields = ("gap", "closure_axial", "closure_normal", "newtons", "patch_closure")
    checked, same = 0, True
    for preset in ("extension_rotation", "rotation_left_right"):
        tl = PRESETS[preset]
        cycle = tl.duration * (2 if tl.mode == "pingpong" else 1)
        for motion in dict.fromkeys(tl.at(k / 240) for k in range(round(cycle * 240))):
            x, y = mods["pose"].pose(model, motion), pose_module.pose(model, motion)
            fx, fy = mods["loads"].facet_loads(model, x), loads_module.facet_loads(model, y)
            same &= x.transforms.tobytes() == y.transforms.tobytes() and all(
                getattr(fx, f).tobytes() == getattr(fy, f).tobytes() for f in fields)
            checked += 1
    print(f"one moment: main's and this checkout's transforms and loads (5 arrays) byte-identical on {checked} "
          f"moments of two cycles: {same}")
motions = [parse_motion(m) for m in ("extension=8, rotation=10", "flexion=30", "lateral_bending=12, rotation=-6",
                                     "extension=15")]
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
