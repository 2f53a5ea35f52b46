"""Session 31: where a back-to-back tick's misses fall, and a miss's batch taken where the next ticks likeliest land.

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session31-hits.py [BLOCKS] [--plan OLD_LABELS_PY]`` (raw output:
``docs/performance-session31-hits.txt``; ``OLD_LABELS_PY``: main's ``spineviz/render/labels.py`` before this session,
``git show 4dfd9a5:spineviz/render/labels.py``, whose ``ScreenLabels._plan`` the ways ``median`` and ``likeliest`` use).

Part 0 (no window, a few seconds): served shares simulated over step sequences (a tick is served if a batch kept its
landing; a miss keeps its own and its batch's), session 30's prediction (the next three ticks at the lower median step
of the last five) against ``likeliest_reach`` over the last 8-24 ticks, for the clocks below and for the benchmark's
kinds of frame in turn (20 ticks each: blocks, pairs, the properties' frames, full detail, the distant bones).

Parts 1 and 2: session 30's ``performance-session30-batch.py``, part 2, with two clocks and three ways. The
benchmark's window (``bench.playing_window``, whole spine), ticks back to back through ``bench._app_frames``, the
cycle prepared at Play and then dropped (nothing kept, no names' layout kept) but for the reference way:

- ``prepared``: every moment and its names worked out before the ticks (the reference);
- ``median``: a miss batches its moment with the next three ticks' at the lower median step of the last five
  (``LiveScene.likeliest_steps = False``: main's path);
- ``likeliest``: the same batch of 4 at ``likeliest_reach``'s landings (this session).

With ``--plan``, ``median`` and ``likeliest`` lay the names out with main's ``_plan`` (so ``median`` is main's path
whole) and a fourth way, ``likeliest, new names``, with this session's (one projection for the anchors and the sides'
test): the branch whole.

Clocks: ``stand-in``, 16 ms a tick (4 steps) with one in five 20 ms (5 steps), session 30's; ``flipping``, 18 or
20 ms (4 or 5 steps) by a seeded coin, as the lumbar benchmark's 18.4-19.6 ms frames round. The same pseudo-random
order for every way. Part 1: each miss placed against the landings the last batch predicted (past its reach, or off
by so many steps). Part 2: per tick, the tick's and the names' handler's main-thread CPU (``time.thread_time``), the
frame's main-thread CPU, process CPU and wall; median, mean, 90th percentile; ``TICKS`` ticks a way a block from
0.5 s (the first left out), the ways in turn, the order turned round every other block.
"""
import collections
import random
import statistics
import sys
import time

from spineviz import bench
from spineviz.app import live_scene as live_module
from spineviz.app.live_scene import MISS_BATCH, likeliest_reach
from spineviz.render.marks import marks_of
from spineviz.scene.state import at_time

argv = sys.argv[1:]
old_plan = None
if "--plan" in argv:  # main's ScreenLabels._plan, from a copy of main's labels.py
    import importlib.util

    path = argv.pop(argv.index("--plan") + 1)
    argv.remove("--plan")
    spec = importlib.util.spec_from_file_location("labels_before", path)
    before = importlib.util.module_from_spec(spec)
    sys.modules["labels_before"] = before
    spec.loader.exec_module(before)
    old_plan = before.ScreenLabels._plan
args = [a for a in argv if not a.startswith("--")]
blocks = int(args[0]) if args else 10
TICKS = 41


def p90(v: list[float]) -> float:
    return statistics.quantiles(v, n=10)[-1]


def median_reach(seen: list[int]) -> list[int]:
    s = sorted(seen[-5:])
    step = max(1, s[(len(s) - 1) // 2])
    return [j * step for j in range(1, MISS_BATCH)]


print(time.strftime("%H:%M:%S UTC", time.gmtime()), "blocks", blocks)

# part 0: simulated served shares
def simulate(seq: list[int], reach) -> tuple[float, float]:
    kept, at, seen, hits, made = set(), 0, [], 0, 0
    for s in seq:
        at += s
        seen = [*seen[-31:], s]
        if at in kept:
            hits += 1
            continue
        new = [at + r for r in reach(seen) if at + r not in kept]
        kept.add(at)
        kept.update(new)
        made += 1 + len(new)
    return hits / len(seq), made / len(seq)


rng = random.Random(31)
coin = random.Random(5)


def kinds(lumbar: bool) -> list[int]:
    """The benchmark's kinds of frame in turn, 20 ticks each, steps as a quiet machine's frames round."""
    seq: list[int] = []
    for _ in range(40):
        if lumbar:
            seq += [5 if coin.random() < 0.5 else 4 for _ in range(20)]
            seq += [40] + [coin.choice([8, 10]) if coin.random() < 0.4 else 9 for _ in range(19)]
            seq += [5 if coin.random() < 0.6 else 4 for _ in range(20)]
            seq += [coin.choice([10, 11]) for _ in range(20)]
        else:
            seq += [5 if coin.random() < 0.2 else 4 for _ in range(20)]
            seq += [40] + [coin.choice([7, 9]) if coin.random() < 0.2 else 8 for _ in range(19)]
            seq += [5 if coin.random() < 0.3 else 4 for _ in range(20)]
            seq += [coin.choice([22, 23, 24]) for _ in range(20)]
            seq += [coin.choice([5, 6]) for _ in range(20)]
    return seq


clocks = {"steady 4": [4] * 4000, "stand-in (4, one in five 5)": [5 if rng.random() < 0.2 else 4 for _ in range(4000)],
          "flipping (4 or 5 by a coin)": [5 if rng.random() < 0.5 else 4 for _ in range(4000)],
          "4, 5 three times in ten": [5 if rng.random() < 0.3 else 4 for _ in range(4000)],
          "pairs-like (8, 7 or 9 one in five)": [rng.choice([7, 9]) if rng.random() < 0.2 else 8 for _ in range(4000)],
          "the benchmark's kinds in turn, whole spine": kinds(False),
          "the benchmark's kinds in turn, lumbar": kinds(True)}
print("part 0: simulated share of ticks served / moments worked out a tick")
landed = live_module.STEPS_SEEN
for name, seq in clocks.items():
    share, made = simulate(seq, median_reach)
    row = f"  {name:44s} median {share:.3f} / {made:.3f}"
    for n in (8, 12, 16, 24):
        live_module.STEPS_SEEN = n
        share, made = simulate(seq, lambda seen: likeliest_reach(seen, 3, 3))
        row += f" | last {n} {share:.3f} / {made:.3f}"
    print(row)
live_module.STEPS_SEEN = landed


class Clock:
    def __init__(self, kind: str) -> None:
        self.rng, self.kind = random.Random(30), kind

    def start(self) -> None:
        pass

    def restart(self) -> int:
        if self.kind == "stand-in":
            return 20 if self.rng.random() < 0.2 else 16
        return 20 if self.rng.random() < 0.5 else 18


app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
live.cycle_budget_ms = None
labels = marks_of(window.plotter).labels
names_cpu = bench.timed_names_handler(window)
ren_win = window.plotter.ren_win
start = at_time(live.state, 0.5)
own_tick, own_batch = live._tick, live._batch_on_miss
tick_cpu = [0.0]
watching = [0.0]  # the watcher's own main-thread CPU in the last tick (ms), taken off the tick's
where: dict = collections.defaultdict(collections.Counter)  # (clock, way) -> where each miss fell
track = {"at": 0, "predicted": [], "key": None}


def timed_tick() -> None:
    watching[0] = 0.0
    c = time.thread_time()
    own_tick()
    tick_cpu[0] = (time.thread_time() - c) * 1e3 - watching[0]


def watched_batch(state, steps, key, cycle):
    """Place a miss against the last batch's predicted landings (its own CPU is taken off the tick's)."""
    c = time.thread_time()
    track["at"] += steps
    motion = live._motion_memo[1]
    kept = live._kept.get(motion)
    if steps >= 1 and not (kept is not None and kept[0] == key):
        at, predicted = track["at"], track["predicted"]
        if predicted:
            if at > max(predicted):
                place = "past the batch's reach"
            else:
                off = min((at - p for p in predicted), key=abs)
                place = f"off by {off:+d}" if off else "on a predicted landing (kept under another key)"
            where[track["key"]][place] += 1
        seen = live._steps
        reach = likeliest_reach(seen, MISS_BATCH - 1, MISS_BATCH - 1) if live.likeliest_steps else median_reach(seen)
        track["predicted"] = [at + r for r in reach]
    watching[0] = (time.thread_time() - c) * 1e3
    return own_batch(state, steps, key, cycle)


live._tick = timed_tick
live._batch_on_miss = watched_batch
ways = ["prepared", "median", "likeliest"] + (["likeliest, new names"] if old_plan else [])
new_plan = type(labels)._plan
keys = ("tick", "names' handler", "tick + names' handler", "frame thread CPU", "frame process CPU", "frame wall")
rows: dict = {(c, w): {k: [] for k in keys} for c in ("stand-in", "flipping") for w in ways}
served = {k: [0, 0, 0] for k in rows}
bare = {"thread CPU": [], "process CPU": [], "wall": []}


def begin(clock: str, way: str) -> None:
    live.pause()
    live.likeliest_steps = way.startswith("likeliest")
    if old_plan is not None:  # main's layout code for "median" and "likeliest", this session's for the rest
        type(labels)._plan = old_plan if way in ("median", "likeliest") else new_plan
    live.forget_moments()
    labels._layouts.clear()
    live.set_state(start)
    app.processEvents()
    live.play()  # the whole cycle worked out (budget None)
    if way != "prepared":
        live._kept.clear()  # nothing kept: every tick's moment is to be worked out (the cycle's tag stays)
        labels._layouts.clear()
    bench._hold_clock(live)
    live._clock = Clock(clock)
    live._steps = []
    track.update(at=0, predicted=[], key=(clock, way))


for block in range(blocks):
    order = [(c, w) for c in ("stand-in", "flipping") for w in ways]
    for clock, way in (order if block % 2 == 0 else order[::-1]):
        begin(clock, way)
        h, m, b = live.moment_hits, live.moment_misses, live.moments_batched
        for k in range(TICKS):
            process: list = []
            c = time.thread_time()
            wall = bench._app_frames(app, window, 1, renders, process)
            thread = (time.thread_time() - c) * 1e3
            if k:
                r = rows[(clock, way)]
                r["tick"].append(tick_cpu[0])
                r["names' handler"].append(names_cpu[0] / 1e6)
                r["tick + names' handler"].append(tick_cpu[0] + names_cpu[0] / 1e6)
                r["frame thread CPU"].append(thread)
                r["frame process CPU"].append(process[0] * 1e3)
                r["frame wall"].append(wall[0] * 1e3)
        s = served[(clock, way)]
        s[0] += live.moment_hits - h
        s[1] += live.moment_misses - m
        s[2] += live.moments_batched - b
    live.pause()
    for _ in range(20):
        w, c, p = time.perf_counter(), time.thread_time(), time.process_time()
        ren_win.Render()
        bare["wall"].append((time.perf_counter() - w) * 1e3)
        bare["thread CPU"].append((time.thread_time() - c) * 1e3)
        bare["process CPU"].append((time.process_time() - p) * 1e3)
live._tick, live._batch_on_miss = own_tick, own_batch
type(labels)._plan = new_plan
print("part 1: where the misses fell (against the landings the last batch predicted)")
for key in rows:
    if key[1] != "prepared":
        print(f"  {key[0]}, {key[1]}: " + ", ".join(f"{p} {n}" for p, n in sorted(where[key].items())))
bb = {k: statistics.median(v) for k, v in bare.items()}
print(f"part 2: bare render (ms, medians of {len(bare['wall'])}): " + ", ".join(f"{k} {v:.3f}" for k, v in bb.items()))
for key, r in rows.items():
    s = served[key]
    print(f"{key[0]}, {key[1]}: {len(r['tick'])} ticks; look-ups kept/worked out {s[0]}/{s[1]} "
          f"({s[0] / max(1, s[0] + s[1]):.3f} served), moments batched ahead {s[2]}")
    for name, v in r.items():
        print(f"  {name:21s} median {statistics.median(v):7.3f}  mean {statistics.mean(v):7.3f}  p90 {p90(v):7.3f} ms")
    print(f"  frame/bare, medians: thread CPU {statistics.median(r['frame thread CPU']) / bb['thread CPU']:.3f}, "
          f"process CPU {statistics.median(r['frame process CPU']) / bb['process CPU']:.3f}, "
          f"wall {statistics.median(r['frame wall']) / bb['wall']:.3f}")
live.pause()
window.close()
print(time.strftime("%H:%M:%S UTC", time.gmtime()))
