"""Session 24: a first pass at Play's own pace, its moments prepared in the gap after each frame or not (one process).

Run from the perf24 checkout:
``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session24-ab.py [BLOCKS]``.
The benchmark's set-up (``bench.playing_window()``: 1280x800 with the panels, coarse detail, loads and names on,
the whole spine playing ``extension_rotation``), but Play's own 33 ms timer runs the ticks through Qt's event loop,
as in the app, instead of the benchmark's back-to-back ticks. Each block plays, each way in turn, 24 ticks of a
*first* pass (every kept moment forgotten, the same start), then 20 bare renders (``ren_win.Render()``):
A: ``live.prepare_moments = False`` (session 23: each moment worked out on its tick, kept for the next pass);
B: ``live.prepare_moments = True`` (the next tick's moments worked out in the gap after a frame).
Per tick: the main thread's CPU (``time.thread_time_ns``) of the tick, of the frame (from the tick's start to the
end of its render, Qt's paint included), of the gap's preparation, and the frame's wall time; medians over
BLOCKS (default 10) blocks. The first tick of each block (nothing kept or prepared yet) is left out.
With ``--gap``: the same two ways, but the script makes the ticks as the benchmark does (the tick, then Qt's event
pass, which renders it) with a stand-in for the timer (ticks 31-35 ms apart, the next one 21 ms off after each
frame) and calls ``prepare_ahead()`` after each frame, outside the frame's timing: every tick of a first pass meets
the gap the app meets on a machine whose frames take 12 ms, whatever the load is now.
Output and reading: docs/performance.md, "Session 24".
"""
import statistics
import sys
import time

from PySide6.QtCore import QEventLoop

from spineviz import bench
from spineviz.app.live_scene import FRAME_MS
from spineviz.scene.state import at_time

clock = time.thread_time_ns
app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
ren_win = window.plotter.ren_win
start = at_time(live.state, 0.5)
rows: list[dict] = []  # one a tick: its marks (start, tick, end of its render, the gap's preparation)


def _render_ended(*_args) -> None:
    if rows:
        rows[-1].setdefault("end", (clock(), time.perf_counter()))


ren_win.AddObserver("EndEvent", _render_ended)
own_tick, own_prepare = live._tick, live.prepare_ahead


def tick() -> None:
    row = {"start": (clock(), time.perf_counter())}
    rows.append(row)
    own_tick()
    row["tick"] = clock() - row["start"][0]


def prepare() -> int:
    t = clock()
    made = own_prepare()
    if rows:
        rows[-1]["prepare"] = rows[-1].get("prepare", 0) + clock() - t
    return made


live.timer.timeout.disconnect()
live.timer.timeout.connect(tick)
live._ahead.timeout.disconnect()
live._ahead.timeout.connect(prepare)
ways = {"A on the tick": False, "B prepared ahead": True}
pieces = ("tick CPU", "frame CPU (tick to render end)", "gap CPU (preparing)", "frame wall")
results = {way: {p: [] for p in pieces} for way in ways}
looked = {way: [0, 0, 0] for way in ways}
bare_cpu, bare_wall = [], []
blocks = int(sys.argv[1]) if len(sys.argv) > 1 else 10


def first_pass(prepare_on: bool) -> None:
    """Nothing kept, the same start, Play on at its timer's own pace (playing_window held the clock)."""
    live.pause()
    live.forget_moments()
    live.prepare_moments = prepare_on
    live.set_state(start)
    app.processEvents()
    live.timer.setInterval(FRAME_MS)
    live.play()


for _block in range(blocks):
    for way, prepare_on in ways.items():
        first_pass(prepare_on)
        got = results[way]
        h, m, p = live.moment_hits, live.moment_misses, live.moments_prepared
        rows.clear()
        end = live.frames + 24
        while live.frames < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        for _ in range(3):  # the last tick's gap
            app.processEvents()
        live.pause()
        for row in rows[1:]:
            if "end" not in row:
                continue
            got["tick CPU"].append(row["tick"])
            got["frame CPU (tick to render end)"].append(row["end"][0] - row["start"][0])
            got["frame wall"].append((row["end"][1] - row["start"][1]) * 1e9)
            got["gap CPU (preparing)"].append(row.get("prepare", 0))
        looked[way][0] += live.moment_hits - h
        looked[way][1] += live.moment_misses - m
        looked[way][2] += live.moments_prepared - p
    for _ in range(20):
        w, c = time.perf_counter(), clock()
        ren_win.Render()
        bare_cpu.append(clock() - c)
        bare_wall.append((time.perf_counter() - w) * 1e9)
bc, bw = statistics.median(bare_cpu) / 1e6, statistics.median(bare_wall) / 1e6
print(f"bare render: main-thread CPU {bc:.3f} ms, wall {bw:.3f} ms (medians of {len(bare_cpu)})")
for way, got in results.items():
    med = {p: statistics.median(v) / 1e6 for p, v in got.items()}
    hits, misses, prepared = looked[way]
    print(way, " | ".join(f"{p} {v:.3f}" for p, v in med.items()), f"ms (medians of {len(got['tick CPU'])})",
          f"| frame/bare CPU {med['frame CPU (tick to render end)'] / bc:.3f}",
          f"| frame/bare wall {med['frame wall'] / bw:.3f}",
          f"| ticks served kept/computed {hits}/{misses}, prepared {prepared}")
if "--gap" in sys.argv:
    from tests.app.playing import PacedClock  # ticks 31-35 ms apart

    live.timer.timeout.disconnect()
    live._ahead.timeout.disconnect()
    gap = {way: {p: [] for p in ("tick CPU", "frame CPU", "frame wall", "gap CPU")} for way in ways}
    gap_looked = {way: [0, 0] for way in ways}
    gap_bare: list[float] = []
    gap_bare_cpu: list[float] = []
    for _block in range(blocks):
        for way, prepare_on in ways.items():
            first_pass(prepare_on)
            live._clock = PacedClock(FRAME_MS - 21)  # a 12 ms frame: the next tick 21 ms off
            live._due_ms = lambda: 21
            got = gap[way]
            h, m = live.moment_hits, live.moment_misses
            for k in range(25):
                n = len(renders)
                w, c = time.perf_counter(), clock()
                own_tick()
                c1 = clock()
                app.processEvents()
                if len(renders) == n:
                    ren_win.Render()
                c2, w2 = clock(), time.perf_counter()
                live._ahead.stop()
                own_prepare()
                c3 = clock()
                if k:  # the first tick of a pass has no gap before it
                    got["tick CPU"].append(c1 - c)
                    got["frame CPU"].append(c2 - c)
                    got["frame wall"].append((w2 - w) * 1e9)
                    got["gap CPU"].append(c3 - c2)
            gap_looked[way][0] += live.moment_hits - h
            gap_looked[way][1] += live.moment_misses - m
        for _ in range(20):
            w = time.perf_counter()
            c = clock()
            ren_win.Render()
            gap_bare_cpu.append(clock() - c)
            gap_bare.append((time.perf_counter() - w) * 1e9)
    bc = statistics.median(gap_bare_cpu) / 1e6
    bw = statistics.median(gap_bare) / 1e6
    print(f"--gap: bare render main-thread CPU {bc:.3f} ms, wall {bw:.3f} ms")
    for way, got in gap.items():
        med = {p: statistics.median(v) / 1e6 for p, v in got.items()}
        print("--gap", way, " | ".join(f"{p} {v:.3f}" for p, v in med.items()),
              f"ms (medians of {len(got['tick CPU'])})",
              f"| frame/bare CPU {med['frame CPU'] / bc:.3f} | frame/bare wall {med['frame wall'] / bw:.3f}",
              f"| ticks served kept/computed {gap_looked[way][0]}/{gap_looked[way][1]}")
live.pause()
window.close()
