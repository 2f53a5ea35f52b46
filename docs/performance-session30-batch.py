"""Session 30: a tick that finds no moment prepared works out the next ticks' moments with its own, in one batch.

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session30-batch.py [BLOCKS] [--real]``.

Part 1: the cost of ``k`` moments worked out in one batch (``poses_and_colours``) against ``k`` moments alone
(``pose_and_colours``), k = 1, 2, 4, 8, 16, main-thread CPU, interleaved blocks of 10 each way, moments of
``extension_rotation``'s cycle (loads on). Part 2 (session 29's ``performance-session29-tick.py``, trimmed): the
benchmark's window and back-to-back ticks (``bench.playing_window``, ``bench._app_frames``), three ways a block in
turn (the order turned round every other block), ``TICKS`` ticks each from 0.5 s (the first left out):

- ``prepared``: every moment worked out before the ticks (the whole cycle at Play), the reference;
- ``unprepared, alone``: nothing kept (the kept moments and names' layouts dropped after Play),
  ``LiveScene.batch_misses = False``: each tick works its moment out alone (main's path);
- ``unprepared, batch``: the same with ``batch_misses`` on (this session).

The clock: a stand-in whose ticks come 16 ms apart (4 steps of 1/240 s, the benchmark's back-to-back pace on the
quiet machine) with one in five, in a fixed pseudo-random order the same for every way, 20 ms (5 steps);
``--real``: the app's own clock (each tick's wall time since the last, what the benchmark does). Per tick: the
tick's main-thread CPU (``time.thread_time``; median, mean, 90th percentile), the frame's main-thread CPU, process CPU
and wall, and how many look-ups found their moment kept.
"""
import random
import statistics
import sys
import time

from spineviz import bench
from spineviz.app import live_scene as live_module
from spineviz.render.marks import marks_of
from spineviz.scene.state import at_time

args = [a for a in sys.argv[1:] if not a.startswith("--")]
blocks = int(args[0]) if args else 10
real = "--real" in sys.argv
TICKS = 41


def p90(v: list[float]) -> float:
    return statistics.quantiles(v, n=10)[-1]


print(time.strftime("%H:%M:%S UTC", time.gmtime()), "real clock" if real else "stand-in clock (16 ms, 1 in 5 20 ms)")

# part 1: k moments in one batch against k alone
from spineviz.anatomy.spine import model as spine_model  # noqa: E402
from spineviz.motion import loads as loads_module  # noqa: E402
from spineviz.motion.timeline import PRESETS  # noqa: E402
from spineviz.render.facet_colours import pose_and_colours, poses_and_colours  # noqa: E402
from spineviz.scene import SceneState  # noqa: E402

spine = spine_model()
loads_module.calibration(spine)
loaded = SceneState(audience="clinician", loads=True)
tl = PRESETS["extension_rotation"]
cycle = [tl.at(k / 240) for k in range(round(tl.duration * (2 if tl.mode == "pingpong" else 1) * 240))]
cost: dict = {}
at = 0
for block in range(blocks):
    for k in (1, 2, 4, 8, 16):
        for way in (("alone", "batch") if block % 2 == 0 else ("batch", "alone")):
            for _ in range(10):
                chunk = cycle[at:at + k]
                at = (at + 7 * k) % (len(cycle) - 20)
                c = time.thread_time()
                if way == "alone":
                    for m in chunk:
                        pose_and_colours(loaded, spine, m)
                else:
                    list(poses_and_colours(loaded, spine, chunk, 16))
                cost.setdefault((k, way), []).append((time.thread_time() - c) * 1e3)
print("part 1: k moments, main-thread CPU (ms): alone / one batch, median (mean)")
for k in (1, 2, 4, 8, 16):
    a, b = cost[(k, "alone")], cost[(k, "batch")]
    print(f"  k={k:2d}: alone {statistics.median(a):.3f} ({statistics.mean(a):.3f}), batch {statistics.median(b):.3f} "
          f"({statistics.mean(b):.3f}); batch/alone {statistics.median(b) / statistics.median(a):.2f}, "
          f"a moment in a batch {statistics.median(b) / k:.3f}")


class Clock:
    """16 ms a tick (4 steps), one tick in five 20 ms (5 steps), in the same order for every way."""

    def __init__(self) -> None:
        self.rng = random.Random(30)

    def start(self) -> None:
        pass

    def restart(self) -> int:
        return 20 if self.rng.random() < 0.2 else 16


app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
live.cycle_budget_ms = None
labels = marks_of(window.plotter).labels
names_cpu = bench.timed_names_handler(window)
ren_win = window.plotter.ren_win
start = at_time(live.state, 0.5)
own_tick = live._tick
tick_cpu = [0.0]


def timed_tick() -> None:
    c = time.thread_time()
    own_tick()
    tick_cpu[0] = (time.thread_time() - c) * 1e3


live._tick = timed_tick
ways = ["prepared", "unprepared, alone", "unprepared, batch 4", "unprepared, batch 4, names",
        "unprepared, batch 8, names"]
rows: dict = {w: {k: [] for k in ("tick", "names' handler", "tick + names' handler", "frame thread CPU",
                                  "frame process CPU", "frame wall")} for w in ways}
served = {w: [0, 0, 0] for w in ways}
bare = {"thread CPU": [], "process CPU": [], "wall": []}


def begin(way: str) -> None:
    live.pause()
    live.batch_misses = "batch" in way
    live.batch_names = way.endswith("names")
    live_module.MISS_BATCH = int(way.split("batch ")[1][0]) if "batch" in way else 4
    live.forget_moments()
    labels._layouts.clear()
    live.set_state(start)
    app.processEvents()
    live.play()  # the whole cycle worked out (budget None)
    if way != "prepared":
        live._kept.clear()  # nothing kept: every tick's moment is to be worked out (the cycle's tag stays)
        labels._layouts.clear()
    bench._hold_clock(live)
    live._clock = Clock() if not real else live._clock


for block in range(blocks):
    for way in (ways if block % 2 == 0 else ways[::-1]):
        begin(way)
        h, m, b = live.moment_hits, live.moment_misses, live.moments_batched
        for k in range(TICKS):
            process = []
            c = time.thread_time()
            wall = bench._app_frames(app, window, 1, renders, process)
            thread = (time.thread_time() - c) * 1e3
            if k:
                r = rows[way]
                r["tick"].append(tick_cpu[0])
                r["names' handler"].append(names_cpu[0] / 1e6)
                r["tick + names' handler"].append(tick_cpu[0] + names_cpu[0] / 1e6)
                r["frame thread CPU"].append(thread)
                r["frame process CPU"].append(process[0] * 1e3)
                r["frame wall"].append(wall[0] * 1e3)
        served[way][0] += live.moment_hits - h
        served[way][1] += live.moment_misses - m
        served[way][2] += live.moments_batched - b
    live.pause()
    for _ in range(20):
        w, c, p = time.perf_counter(), time.thread_time(), time.process_time()
        ren_win.Render()
        bare["wall"].append((time.perf_counter() - w) * 1e3)
        bare["thread CPU"].append((time.thread_time() - c) * 1e3)
        bare["process CPU"].append((time.process_time() - p) * 1e3)
live._tick = own_tick
bb = {k: statistics.median(v) for k, v in bare.items()}
print(f"part 2: bare render (ms, medians of {len(bare['wall'])}): " + ", ".join(f"{k} {v:.3f}" for k, v in bb.items()))
for way in ways:
    r = rows[way]
    print(f"{way}: {len(r['tick'])} ticks; look-ups kept/worked out {served[way][0]}/{served[way][1]}, "
          f"moments batched ahead {served[way][2]}")
    for key, v in r.items():
        print(f"  {key:20s} median {statistics.median(v):7.3f}  mean {statistics.mean(v):7.3f}  p90 {p90(v):7.3f} ms")
    print(f"  frame/bare, medians: thread CPU {statistics.median(r['frame thread CPU']) / bb['thread CPU']:.3f}, "
          f"process CPU {statistics.median(r['frame process CPU']) / bb['process CPU']:.3f}, "
          f"wall {statistics.median(r['frame wall']) / bb['wall']:.3f}; means: thread CPU "
          f"{statistics.mean(r['frame thread CPU']) / statistics.mean(bare['thread CPU']):.3f}, process CPU "
          f"{statistics.mean(r['frame process CPU']) / statistics.mean(bare['process CPU']):.3f}")
live.pause()
window.close()
print(time.strftime("%H:%M:%S UTC", time.gmtime()))
