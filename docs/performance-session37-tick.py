"""Session 37 (perf37): a back-to-back tick's own main-thread work, kept and missed, by cProfile and by parts.

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session37-tick.py MODE [TICKS] [REGION]`` (raw output: ``docs/performance-session37-tick*.txt``).

The benchmark's window (``bench.playing_window``), ticks back to back as ``bench._app_frames`` makes them (tick,
Qt's event pass, the render if the pass drew none), each followed by a bare render (the benchmark's pairs); session
30's stand-in clock (16 ms a tick, one in five 20 ms). ``kept``: the whole cycle worked out before the ticks (every
tick finds its moment kept); ``missed``: every kept moment forgotten before each tick (every tick works its moment
out with the next ticks', ``_batch_on_miss``). ``MODE`` ``parts``: main-thread CPU (``time.thread_time``) of the
tick outside VTK's render (the render window's ``StartEvent`` to ``EndEvent`` taken off), of Qt's event pass, of the
render and of the bare render, median / mean; ``profile``: the same ticks under cProfile, the functions by own time
(the render's inside is one builtin call and its Python observers).
"""
import cProfile
import pstats
import random
import statistics
import sys
import time

from spineviz import bench

mode = sys.argv[1] if len(sys.argv) > 1 else "parts"
ticks = int(sys.argv[2]) if len(sys.argv) > 2 else 200
region = sys.argv[3] if len(sys.argv) > 3 else "all"
bench_budget = 80


class Clock:
    def __init__(self):
        self.rng = random.Random(30)

    def start(self):
        pass

    def restart(self):
        return 20 if self.rng.random() < 0.2 else 16


app, window, renders = bench.playing_window(region)
live = window.live
live._clock = Clock()
ren_win = window.plotter.ren_win
inside = [0.0, 0.0]


def start(*_):
    inside[1] = time.thread_time()


def end(*_):
    inside[0] += time.thread_time() - inside[1]


ren_win.AddObserver("StartEvent", start)
ren_win.AddObserver("EndEvent", end)


def tick_once(forget: bool) -> tuple[float, float, float]:
    if forget:
        live._kept.clear()
    inside[0] = 0.0
    t = time.thread_time()
    live._tick()
    t1 = time.thread_time()
    r0 = inside[0]
    app.processEvents()
    t2 = time.thread_time()
    r1 = inside[0] - r0
    if not r0 and not r1:
        ren_win.Render()
    return (t1 - t - r0, t2 - t1 - r1, inside[0])


def play(budget) -> None:
    """Play again from the cycle's start with nothing kept: ``budget`` ms (None: all, names laid out too)."""
    live.pause()
    live.forget_moments()
    live.update(animation=live.state.animation.__class__(preset="extension_rotation", speed=1.0, time=0.0))
    live.cycle_budget_ms = budget
    live.play()
    bench._hold_clock(live)
    print(f"  Play: {live.cycle_made_at_once} moments in {live.cycle_ms:.0f} ms (budget {budget})", flush=True)
    bench._app_frames(app, window, 5, renders)


PARTS: dict = {}


def timed(owner, name: str, label: str) -> None:
    """Wrap ``owner.name`` so that its main-thread CPU (the renders inside it taken off) adds to PARTS[label]."""
    fn = getattr(owner, name)

    def wrapper(*args, **kwargs):
        r0, t = inside[0], time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            PARTS[label] = PARTS.get(label, 0.0) + (time.thread_time() - t) - (inside[0] - r0)
    setattr(owner, name, wrapper)


if mode == "census":
    from spineviz.app import live_scene as ls
    from spineviz.render import scene_render as sr
    vp, rr, acts = window.viewport, window.viewport.renderer, window.actors
    labels = __import__("spineviz.render.marks", fromlist=["marks_of"]).marks_of(window.plotter).labels
    for owner, name, label in (
            (live, "_tick", "_tick"), (live, "_batch_on_miss", "_batch_on_miss"), (live, "_replace", "_replace"),
            (live, "_cycle_tag_of", "_cycle_tag_of"), (ls, "at_time", "at_time"),
            (live, "_pass_on", "_pass_on (panels)"), (live, "prepare_ahead", "prepare_ahead"),
            (vp, "_show", "_show"), (vp, "_moving_moment", "_moving_moment"), (vp, "_draw_tick", "_draw_tick"),
            (rr, "set_motion", "set_motion"), (live, "frame_for", "frame_for"), (acts, "write_moment", "write_moment"),
            (acts, "apply_pose", "apply_pose"), (acts, "set_facet_colours", "set_facet_colours"),
            (__import__("spineviz.render.marks", fromlist=["x"]), "draw_marks", "draw_marks"),
            (sr, "_nerves_and_clip", "_nerves_and_clip"),
            (labels, "move", "labels.move"), (rr, "_quick_after", "_quick_after"),
            (ls, "moment_only", "moment_only (live)"),
            (__import__("spineviz.app.viewport", fromlist=["x"]), "moment_only", "moment_only (view)")):
        timed(owner, name, label)
    def replace_parts(state, old, tick=False):
        """``LiveScene._replace`` step by step, each step's main-thread CPU (the render taken off) in PARTS."""
        t0 = time.thread_time()
        live._state = state
        r0 = inside[0]
        live.changed.emit(state, old)
        t1 = time.thread_time()
        PARTS["_replace: emit changed"] = PARTS.get("_replace: emit changed", 0.0) + t1 - t0 - (inside[0] - r0)
        if not tick or not live.quiet_ticks:
            live.scene_changed.emit(state, old)
        if live.playing and ls.moment_only(state, live._paced_state):
            if not live._pace.isActive():
                live._pace.start()
        else:
            live._pass_on()
        PARTS["_replace: the rest"] = PARTS.get("_replace: the rest", 0.0) + time.thread_time() - t1
    live._replace = replace_parts
    timed(live, "_replace", "_replace")
    live.timer.timeout.disconnect()
    live.timer.timeout.connect(live._tick)
    live.changed.disconnect()
    live.changed.connect(vp._show)

KINDS = {"prepared": None, "kept": 1e9, "missed": 1e9, "bench": bench_budget, "bench0": bench_budget}
for kind in sys.argv[4].split(",") if len(sys.argv) > 4 else ("prepared", "kept", "missed", "bench"):
    if hasattr(live, "batch_writes"):
        live.batch_writes = kind != "bench0"  # bench0: a miss's moments not passed on (main's way)
    play(KINDS[kind])
    forget = kind == "missed"
    if mode == "profile":
        prof = cProfile.Profile()
        h0, m0 = live.moment_hits, live.moment_misses
        for _ in range(ticks):
            prof.enable()
            tick_once(forget)
            prof.disable()
            ren_win.Render()
        print(f"== {kind}: hits {live.moment_hits - h0} misses {live.moment_misses - m0}")
        pstats.Stats(prof).sort_stats("tottime").print_stats(45)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(60)
        continue
    rows: dict = {}
    census: dict = {}
    for _ in range(ticks):
        h0, q0 = live.moment_hits, window.viewport.renderer.prepared_frames
        PARTS.clear()
        tk, ev, rd = tick_once(forget)
        b = time.thread_time()
        ren_win.Render()
        cls = ("missed" if live.moment_hits == h0 else
               "kept, prepared write" if window.viewport.renderer.prepared_frames > q0 else "kept, long way")
        rows.setdefault(cls, []).append((tk, ev, rd, time.thread_time() - b))
        for label, v in PARTS.items():
            census.setdefault(cls, {}).setdefault(label, []).append(v)
    for cls, got in rows.items():
        print(f"== {kind} ({region}): {cls}: {len(got)} ticks")
        for i, name in enumerate(("tick outside render", "Qt event pass", "app render", "bare render")):
            col = [r[i] * 1e3 for r in got]
            print(f"  {name:22s} median {statistics.median(col):.3f} mean {statistics.fmean(col):.3f} ms")
        col = [(r[0] + r[1] + r[2] - r[3]) * 1e3 for r in got]
        print(f"  {'app frame less bare':22s} median {statistics.median(col):.3f} mean {statistics.fmean(col):.3f} ms")
        for label, vals in census.get(cls, {}).items():
            vals = [v * 1e3 for v in vals] + [0.0] * (len(got) - len(vals))
            print(f"    {label:22s} median {statistics.median(vals):.3f} mean {statistics.fmean(vals):.3f} ms"
                  f" (called on {sum(1 for v in vals if v)} ticks)")
window.close()
