"""Session 27: a first pass after Play, the names laid out with the prepared cycle or on each tick (one process).

Run from the perf27 checkout:
``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session27-ab.py [BLOCKS]``.
The benchmark's window and ticks (``bench.playing_window``, ``bench._app_frames``: the tick, then Qt's pass, which
renders it; back to back), a stand-in clock of 16 ms a tick (4 steps of 1/240 s) as in session 26's script. Each
block, each way in turn, from nothing kept (``forget_moments``, the layouts dropped), Play pressed at 0.5 s, then a
first pass of 25 ticks:

- B ``names on the tick``: the whole cycle prepared at Play (``cycle_budget_ms = None``), the names not
  (``labels.prepare_layouts = False``): each tick's names laid out in the render handler (session 26's first pass);
- E ``names with the cycle``: the same with the names laid out when the cycle is prepared (this session);
- B80 / E80: the same two with Play's own budget (``CYCLE_BUDGET_MS``, 80 ms): how many moments Play prepares, and
  the first pass's ticks (those past what was prepared work their moment and names out on the tick);

then 20 bare renders (``ren_win.Render()``). Per tick: the tick's main-thread CPU (``live._tick``), the names' handler's
(``bench.timed_names_handler``), the frame's main-thread CPU (``time.thread_time``), process CPU and wall time; medians
over the blocks, the first tick of each pass left out; the ways' order is turned round every other block.
Play's own wall and main-thread CPU per way.
Output and reading: docs/performance.md, "Session 27".
"""
import statistics
import sys
import time

from spineviz import bench
from spineviz.app.live_scene import CYCLE_BUDGET_MS
from spineviz.render.marks import marks_of
from spineviz.scene.state import at_time


class Clock:
    """16 ms a tick: 4 steps of 1/240 s, what the benchmark's back-to-back ticks reach."""

    def start(self) -> None:
        pass

    def restart(self) -> int:
        return 16


app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
labels = marks_of(window.plotter).labels
names_cpu = bench.timed_names_handler(window)
ren_win = window.plotter.ren_win
start = at_time(live.state, 0.5)
ways = {"B names on the tick": (None, False), "E names with the cycle": (None, True),
        "B80 names on the tick, Play's budget": (CYCLE_BUDGET_MS, False),
        "E80 names with the cycle, Play's budget": (CYCLE_BUDGET_MS, True)}
pieces = ("tick CPU", "names handler CPU", "frame thread CPU", "frame process CPU", "frame wall")
results = {way: {p: [] for p in pieces} for way in ways}
served = {way: [0, 0, 0, 0] for way in ways}  # moments kept / computed, layouts made in the handler, prepared
play = {way: [] for way in ways}  # Play: wall ms, main-thread CPU ms, moments kept
bare = {"thread CPU": [], "process CPU": [], "wall": []}
blocks = int(sys.argv[1]) if len(sys.argv) > 1 else 10
TICKS = 25
last_thread = [0.0]
last_tick = [0.0]
own_frames = bench._app_frames
own_tick = live._tick


def timed_tick() -> None:
    c = time.thread_time()
    own_tick()
    last_tick[0] = (time.thread_time() - c) * 1e3


def frames_with_thread_cpu(app_, window_, n, renders_, cpu=None):
    c = time.thread_time()
    out = own_frames(app_, window_, n, renders_, cpu)
    last_thread[0] = (time.thread_time() - c) * 1e3
    return out


live._tick = timed_tick
bench._app_frames = frames_with_thread_cpu


def run(way: str) -> None:
    budget, names = ways[way]
    live.pause()
    live.forget_moments()
    labels._layouts.clear()
    live.cycle_budget_ms = budget
    labels.prepare_layouts = names
    live.set_state(start)
    app.processEvents()
    prepared = labels.layouts_prepared
    w, c = time.perf_counter(), time.thread_time()
    live.play()
    play[way].append(((time.perf_counter() - w) * 1e3, (time.thread_time() - c) * 1e3, len(live._kept)))
    bench._hold_clock(live)
    live._clock = Clock()
    got = results[way]
    h, m, made = live.moment_hits, live.moment_misses, labels.layouts_made
    for k in range(TICKS):
        process = []
        wall = bench._app_frames(app, window, 1, renders, process)
        if k:
            got["frame wall"].append(wall[0] * 1e3)
            got["frame process CPU"].append(process[0] * 1e3)
            got["frame thread CPU"].append(last_thread[0])
            got["names handler CPU"].append(names_cpu[0] / 1e6)
            got["tick CPU"].append(last_tick[0])
    s = served[way]
    s[0] += live.moment_hits - h
    s[1] += live.moment_misses - m
    s[2] += labels.layouts_made - made
    s[3] += labels.layouts_prepared - prepared


print(time.strftime("%H:%M:%S UTC", time.gmtime()))
for block in range(blocks):
    for way in (list(ways) if block % 2 == 0 else list(ways)[::-1]):  # the order turned every other block
        run(way)
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
    med = {p: statistics.median(v) for p, v in results[way].items()}
    hits, misses, made, prepared = served[way]
    pw = statistics.median(r[0] for r in play[way])
    pc = statistics.median(r[1] for r in play[way])
    pk = statistics.median(r[2] for r in play[way])
    print(f"{way}: " + ", ".join(f"{p} {v:.3f}" for p, v in med.items())
          + f" ms (medians of {len(results[way]['frame wall'])})"
          f" | ratios: thread CPU {med['frame thread CPU'] / b['thread CPU']:.3f}, process CPU"
          f" {med['frame process CPU'] / b['process CPU']:.3f}, wall {med['frame wall'] / b['wall']:.3f}"
          f" | moments kept/computed {hits}/{misses}, layouts made on the tick {made}, laid out with the cycle"
          f" {prepared} | Play: wall {pw:.1f} ms, main-thread CPU {pc:.1f} ms, {pk:.0f} moments kept")
window.close()
