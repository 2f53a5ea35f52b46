"""Session 38 (perf38): back-to-back ticks after a preset opens, with and without the cycle worked out while idle.

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session38-tick.py [TICKS] [REGION] [ORDER] [once|idle]`` (raw output:
``docs/performance-session38-tick*.txt``).

The benchmark's window (``bench.frames_window``: 1280x800, panels, coarse bones, loads and names on). Each run opens
``extension_rotation`` as the Motion panel's box does (the animation set, Play not pressed), then either presses Play
at once (``at once``: the benchmark's way) or lets the event loop run until the idle work is done (``after idle``: a
user who chooses the preset, then moves to Play; the wall time and the chunks are printed), then makes ``TICKS`` ticks
back to back as ``bench._app_frames`` makes them (tick, Qt's event pass, the render if the pass drew none), each
followed by a bare render (the benchmark's pairs), on session 30's stand-in clock (16 ms a tick, one in five 20 ms).
``ORDER`` is a string of ``m`` (main's way: ``LiveScene.idle_cycles`` and ``lean_ticks`` False, the view told by
the ``changed`` signal) and ``b`` (this branch), run in that order (the switches ``idle_cycles``, ``lean_ticks`` and
``Viewport.direct_changes`` were removed in session 39, perf39: this script of record ran on session 38's tree, s38 at
9e17216f..b3b5b8a8; on a later tree its ``m`` is the branch's way too)
in one process, each with Play pressed afresh and nothing kept; ``once`` or ``idle`` runs only that kind (default:
both). Printed per run: ticks kept as a prepared write / kept
the long way / missed; main-thread CPU (``time.thread_time``) of the tick outside VTK's render, and of the app frame
less its bare render, median (mean) by kind and over all ticks.
"""
import random
import statistics
import sys
import time

from spineviz import bench
from spineviz.scene import Animation

ticks = int(sys.argv[1]) if len(sys.argv) > 1 else 300
region = sys.argv[2] if len(sys.argv) > 2 else "all"
order = sys.argv[3] if len(sys.argv) > 3 else "mbbm"
waits = {"once": (False,), "idle": (True,)}.get(sys.argv[4] if len(sys.argv) > 4 else "", (False, True))


class Clock:
    def __init__(self):
        self.rng = random.Random(30)

    def start(self):
        pass

    def restart(self):
        return 20 if self.rng.random() < 0.2 else 16


app, window, renders = bench.frames_window()
live, view = window.live, window.viewport
renderer = view.renderer
live.set_region(region)
ren_win = window.plotter.ren_win
inside = [0.0, 0.0]
ren_win.AddObserver("StartEvent", lambda *_: inside.__setitem__(1, time.thread_time()))
ren_win.AddObserver("EndEvent", lambda *_: inside.__setitem__(0, inside[0] + time.thread_time() - inside[1]))


def fresh(way: str) -> None:
    """Nothing kept, no animation; then the preset opened as the Motion panel's box opens it."""
    live.pause()
    live.idle_cycles = live.lean_ticks = way == "b"
    if way == "b" and live.view_listener is None:  # the view told directly (session 38), or by the signal (main's)
        live.changed.disconnect(view._show)
        live.view_listener = view._show
    elif way == "m" and live.view_listener is not None:
        live.view_listener = None
        live.changed.connect(view._show)
    live.update(animation=None)
    live.forget_moments()
    renderer.forget_held()
    for _ in range(5):
        app.processEvents()
    live.update(animation=Animation(preset="extension_rotation", speed=1.0, time=0.0), motion=None)


def idle() -> tuple[float, float]:
    """Run the event loop until the idle work is done: (wall s, main-thread CPU s)."""
    w, c = time.perf_counter(), time.thread_time()
    while live._idle.isActive():
        app.processEvents()
    return time.perf_counter() - w, time.thread_time() - c


def run(way: str, wait: bool) -> dict:
    fresh(way)
    chunks = live.idle_chunks
    live.idle_longest_ms = live.idle_longest_cpu_ms = 0.0
    idle_s = idle() if wait else (0.0, 0.0)
    idle_chunks = live.idle_chunks - chunks
    kept_before = len(live._kept)
    live.play()
    bench._hold_clock(live)
    live._clock = Clock()
    kinds: dict[str, list] = {"prepared": [], "long way": [], "missed": []}
    for _ in range(ticks):
        hits, quick = live.moment_hits, renderer.prepared_frames
        inside[0] = 0.0
        t = time.thread_time()
        live._tick()
        app.processEvents()
        if not inside[0]:
            ren_win.Render()
        frame = time.thread_time() - t
        outside = frame - inside[0]
        t = time.thread_time()
        ren_win.Render()
        bare = time.thread_time() - t
        kind = "missed" if live.moment_hits == hits else "prepared" if renderer.prepared_frames > quick else "long way"
        kinds[kind].append((outside, frame - bare))
    live.pause()
    return {"way": way, "wait": wait, "idle_s": idle_s, "idle_chunks": idle_chunks, "kinds": kinds,
            "idle_longest_ms": (live.idle_longest_ms, live.idle_longest_cpu_ms), "kept_at_play": kept_before}


def ms(values) -> str:
    return f"{statistics.median(values) * 1e3:.3f} ({statistics.mean(values) * 1e3:.3f})" if values else "-"


print(f"{ticks} ticks back to back, region {region}, order {order}; load {open('/proc/loadavg').read().split()[:3]}")
for wait in waits:
    for way in order:
        r = run(way, wait)
        k = r["kinds"]
        every = [v for vs in k.values() for v in vs]
        longest = r["idle_longest_ms"]
        print(f"{'main' if way == 'm' else 'branch'}, Play {'after idle' if wait else 'at once'}: "
              f"idle {r['idle_s'][0]:.2f} s wall, {r['idle_s'][1]:.2f} s CPU, {r['idle_chunks']} chunks, longest "
              f"{longest[0]:.1f} ms wall ({longest[1]:.1f} ms CPU); kept at Play {r['kept_at_play']}; "
              f"ticks prepared / long way / missed {len(k['prepared'])} / {len(k['long way'])} / {len(k['missed'])}")
        for name, vs in [*k.items(), ("all", every)]:
            if vs:
                print(f"   {name:9s} outside the render {ms([v[0] for v in vs])}, "
                      f"frame less bare {ms([v[1] for v in vs])}")
        print(f"   load {open('/proc/loadavg').read().split()[0]}")
        sys.stdout.flush()
window.close()
