"""Session 26: the benchmark's ticks, the cycle prepared on Play or not, a pass met again with layouts kept or not.

One process, interleaved blocks.

Run from the perf26 checkout:
``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session26-ab.py [BLOCKS]``.
The benchmark's set-up (``bench.playing_window()``: 1280x800 with the panels, coarse detail, loads and names on,
the whole spine playing ``extension_rotation``) and its ticks (``bench._app_frames``: the tick, then Qt's event pass,
which renders it; back to back), with a stand-in clock of 16 ms a tick (4 steps of 1/240 s, as the benchmark's
frames reach) so that a pass can be met again exactly. Each block plays 25 ticks from 0.5 s, each way in turn:

- A ``on the tick``: nothing kept (``forget_moments``, layouts dropped), ``prepare_cycles = False``: every moment
  worked out on its tick, every layout in Python (main's first pass);
- B ``cycle prepared``: nothing kept, Play pressed with ``prepare_cycles = True`` (step 1: the whole cycle worked
  out in batches before the first tick); layouts dropped, so each is worked out (a first pass);
- C ``met again, layouts not kept``: B's pass once more, its moments kept, ``keep_layouts = False``;
- D ``met again, layouts kept``: the same with the layouts kept (step 2);

then 20 bare renders (``ren_win.Render()``). Per tick: the main thread's CPU of the tick alone (``live._tick()``);
the frame's main-thread CPU (``time.thread_time``), process CPU (all threads, llvmpipe's included) and wall time
(``_app_frames``); the names' handler's main-thread CPU (``bench.timed_names_handler``); medians over the blocks, the
first tick of each pass left out.
Play's own time in B (``live.play()``, the cycle's preparation) is printed per block.
Output and reading: docs/performance.md, "Session 26".
"""
import statistics
import sys
import time

from spineviz import bench
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
ways = ("A on the tick", "B cycle prepared", "C met again, layouts not kept", "D met again, layouts kept")
pieces = ("tick CPU", "frame thread CPU", "frame process CPU", "frame wall", "names handler CPU")
results = {way: {p: [] for p in pieces} for way in ways}
served = {way: [0, 0, 0] for way in ways}  # moments kept / computed, layouts made
play_ms: list[tuple[float, float, float, int]] = []
bare = {"thread CPU": [], "process CPU": [], "wall": []}
blocks = int(sys.argv[1]) if len(sys.argv) > 1 else 10
TICKS = 25


def begin(fresh: bool, cycle: bool, keep_layouts: bool) -> None:
    live.pause()
    if fresh:
        live.forget_moments()
        labels._layouts.clear()
    live.prepare_cycles = cycle
    labels.keep_layouts = keep_layouts
    live.set_state(start)
    app.processEvents()
    w, c = time.perf_counter(), time.thread_time()
    live.play()
    if fresh and cycle:
        play_ms.append(((time.perf_counter() - w) * 1e3, (time.thread_time() - c) * 1e3, live.cycle_ms,
                        len(live._kept)))
    bench._hold_clock(live)
    live._clock = Clock()


def ticks(way: str) -> None:
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
    served[way][0] += live.moment_hits - h
    served[way][1] += live.moment_misses - m
    served[way][2] += labels.layouts_made - made


last_thread = [0.0]
last_tick = [0.0]
own_frames = bench._app_frames
own_tick = live._tick


def timed_tick() -> None:
    c = time.thread_time()
    own_tick()
    last_tick[0] = (time.thread_time() - c) * 1e3


live._tick = timed_tick


def frames_with_thread_cpu(app_, window_, n, renders_, cpu=None):
    c = time.thread_time()
    out = own_frames(app_, window_, n, renders_, cpu)
    last_thread[0] = (time.thread_time() - c) * 1e3
    return out


bench._app_frames = frames_with_thread_cpu
for _block in range(blocks):
    begin(True, False, True)
    ticks(ways[0])
    begin(True, True, True)
    ticks(ways[1])
    begin(False, True, False)
    ticks(ways[2])
    begin(False, True, True)
    ticks(ways[3])
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
    hits, misses, made = served[way]
    print(f"{way}: " + ", ".join(f"{p} {v:.3f}" for p, v in med.items())
          + f" ms (medians of {len(results[way]['frame wall'])})"
          f" | ratios: thread CPU {med['frame thread CPU'] / b['thread CPU']:.3f}, process CPU"
          f" {med['frame process CPU'] / b['process CPU']:.3f}, wall {med['frame wall'] / b['wall']:.3f}"
          f" | moments kept/computed {hits}/{misses}, layouts made {made}")
print("Play pressed (B, nothing kept): wall ms / main-thread CPU ms / prepare_cycle wall ms / moments kept:")
for row in play_ms:
    print(f"  {row[0]:.1f} / {row[1]:.1f} / {row[2]:.1f} / {row[3]}")
pw = statistics.median(r[0] for r in play_ms)
pc = statistics.median(r[1] for r in play_ms)
print(f"  median: wall {pw:.1f} ms, main-thread CPU {pc:.1f} ms")
window.close()
