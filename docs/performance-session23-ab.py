"""Session 23: a tick served from the kept moments against one computed afresh, in one window (an A/B in one process).

Run from the perf23 checkout:
``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1920x1080x24" python docs/performance-session23-ab.py [BLOCKS]``.
The benchmark's set-up (``bench.playing_window()``: 1280x800 with the panels, coarse detail, loads and names on,
the whole spine playing ``extension_rotation``), with Play's clock at its timer's 33 ms a tick, as the app runs
it when a frame takes less than the timer: each tick moves 8 steps of 1/240 s, so a pass of the 8 s cycle is
240 ticks and every pass meets the same moments. One pass is played first (the moments are kept), then BLOCKS
(default 10) blocks of 20 ticks each way, interleaved so that a busy machine slows both alike:
A: ``live.keep_moments = False`` (each moment's pose, loads and colours computed afresh, as before);
B: ``live.keep_moments = True`` (looked up). After each way's block, 20 bare renders of the same window.
Medians of the main thread's CPU (``time.thread_time_ns``) of the tick, Qt's event pass after it (with the
render), the names' handler inside the render, and of the wall time of tick + event pass against a bare
``ren_win.Render()``. Then, with ``--unpaced``, Play's own clock and the ticks as fast as the frames are drawn
(as the benchmark makes them, and as a machine slower than the 33 ms timer runs): the share of ticks served from
the kept moments in each of four passes of the cycle. Output and reading: docs/performance.md, "Session 23".
"""
import statistics
import sys
import time

from spineviz import bench

clock = time.thread_time_ns


class _Clock:
    """Play's timer: 33 ms between ticks."""

    def start(self) -> None:
        pass

    def restart(self) -> int:
        return 33


app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
live._clock = _Clock()
handler = bench.timed_names_handler(window)  # handler[0]: its last call's main-thread CPU (ns)
for _ in range(241):  # one pass: every moment of the cycle met once and kept
    live._tick()
    app.processEvents()
ways = {"A afresh": False, "B kept": True}
pieces = ("tick", "Qt's event pass with the render", "names' handler", "tick + pass wall", "bare render wall",
          "bare render CPU")
results = {way: {piece: [] for piece in pieces} for way in ways}
hits = {way: [0, 0] for way in ways}
args = [a for a in sys.argv[1:] if not a.startswith("--")]
blocks = int(args[0]) if args else 10
for _block in range(blocks):
    for way, keep in ways.items():
        live.keep_moments = keep
        got = results[way]
        h0, m0 = live.moment_hits, live.moment_misses
        for _ in range(20):
            w0, t0 = time.perf_counter(), clock()
            live._tick()
            t1 = clock()
            app.processEvents()
            t2, w1 = clock(), time.perf_counter()
            got["tick"].append(t1 - t0)
            got["Qt's event pass with the render"].append(t2 - t1)
            got["names' handler"].append(handler[0])
            got["tick + pass wall"].append((w1 - w0) * 1e9)
        hits[way][0] += live.moment_hits - h0
        hits[way][1] += live.moment_misses - m0
        for _ in range(20):
            w0, t0 = time.perf_counter(), clock()
            window.plotter.ren_win.Render()
            got["bare render CPU"].append(clock() - t0)
            got["bare render wall"].append((time.perf_counter() - w0) * 1e9)
for way, got in results.items():
    med = {piece: statistics.median(v) / 1e6 for piece, v in got.items()}
    print(way, " | ".join(f"{piece} {value:.3f}" for piece, value in med.items()), "ms (medians)",
          f"| wall ratio {med['tick + pass wall'] / med['bare render wall']:.3f}",
          f"| CPU ratio {(med['tick'] + med[pieces[1]]) / med['bare render CPU']:.3f}",
          f"| look-ups kept/computed {hits[way][0]}/{hits[way][1]}")
if "--unpaced" in sys.argv:
    from PySide6.QtCore import QElapsedTimer

    live.keep_moments = True
    live.forget_moments()
    live._clock = QElapsedTimer()
    live._clock.start()
    passes, last, count = [[0, 0]], live.state.animation.time, 0
    while len(passes) <= 4:
        h0, m0 = live.moment_hits, live.moment_misses
        live._tick()
        app.processEvents()
        passes[-1][0] += live.moment_hits - h0
        passes[-1][1] += live.moment_misses - m0
        count += 1
        now = live.state.animation.time
        if now < last:  # the cycle wrapped: a new pass
            passes.append([0, 0])
        last = now
    print("unpaced, share of ticks served from the kept moments by pass:",
          " | ".join(f"pass {i + 1}: {h}/{h + m} ({h / max(1, h + m):.0%})" for i, (h, m) in enumerate(passes[:4])),
          f"| {count} ticks, {len(live._kept)} moments kept")
window.live.pause()
window.close()
