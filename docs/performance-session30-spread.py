"""Session 30: why the benchmark's ``frame_ratio`` moves from run to run (raw frames of one run, two samplings).

Run from a checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session30-spread.py [BLOCKS] [N]`` (works on main's code too: it uses only ``spineviz.bench``'s
``frames_window``, ``_hold_clock`` and the app's ``LiveScene``).

The whole spine playing ``extension_rotation`` back to back, as ``bench._child_frames`` plays it (the window, Play,
the clock held, 5 ticks of warm-up). Each block runs three samplings of the same measure, in a turning order:

- ``blocks``: ``N`` app frames (a tick and Qt's events, the one render), then ``N`` bare renders of what is drawn
  then (the benchmark's sampling until session 29);
- ``short``: ``N``/5 times 5 app frames then 5 bare renders (more, shorter blocks);
- ``pairs``: ``N`` times an app frame then one bare render of what that frame drew.

Each frame's wall time, process CPU and main-thread CPU, whether its tick found its moment kept, and the
animation's time are printed as one JSON line per run (``raw``), with the figures each sampling gives: the ratio
of the medians over all blocks (the benchmark's ``frame_ratio``), the median of the blocks' own ratios, and the
median of each app frame's ratio to the bare render that follows it (``pairs`` only).
"""
import json
import statistics
import sys
import time

from spineviz import bench

blocks = int(sys.argv[1]) if len(sys.argv) > 1 else 6
N = int(sys.argv[2]) if len(sys.argv) > 2 else 20

app, window, renders = bench.frames_window()
live = window.live
ren_win = window.plotter.ren_win
live.set_region("all")
live.play("extension_rotation")
bench._hold_clock(live)
bench._app_frames(app, window, 5, renders)
raw = []  # (sampling, block, kind, wall, process, thread, hit, animation time)


def app_frame(sampling: str, block: int) -> None:
    hits, before = live.moment_hits, len(renders)
    w, c, t = time.perf_counter(), time.process_time(), time.thread_time()
    live._tick()
    app.processEvents()
    if len(renders) == before:
        ren_win.Render()
    raw.append((sampling, block, "app", time.perf_counter() - w, time.process_time() - c, time.thread_time() - t,
                live.moment_hits > hits, live.state.animation.time))


def bare_frame(sampling: str, block: int) -> None:
    w, c, t = time.perf_counter(), time.process_time(), time.thread_time()
    ren_win.Render()
    raw.append((sampling, block, "bare", time.perf_counter() - w, time.process_time() - c, time.thread_time() - t,
                None, live.state.animation.time))


started = time.strftime("%H:%M:%S", time.gmtime())
SAMPLINGS = ("blocks", "short", "pairs")
for b in range(blocks):
    for sampling in SAMPLINGS[b % 3:] + SAMPLINGS[:b % 3]:
        if sampling == "blocks":
            for _ in range(N):
                app_frame(sampling, b)
            for _ in range(N):
                bare_frame(sampling, b)
        elif sampling == "short":
            for _ in range(N // 5):
                for _ in range(5):
                    app_frame(sampling, b)
                for _ in range(5):
                    bare_frame(sampling, b)
        else:
            for _ in range(N):
                app_frame(sampling, b)
                bare_frame(sampling, b)
live.pause()
window.close()


def figures(sampling: str, col: int) -> dict:
    rows = [r for r in raw if r[0] == sampling]
    a = [r[col] for r in rows if r[2] == "app"]
    f = [r[col] for r in rows if r[2] == "bare"]
    per_block = []
    for b in range(blocks):
        ab = [r[col] for r in rows if r[1] == b and r[2] == "app"]
        fb = [r[col] for r in rows if r[1] == b and r[2] == "bare"]
        per_block.append(statistics.median(ab) / statistics.median(fb))
    out = {"pooled": statistics.median(a) / statistics.median(f), "block_median": statistics.median(per_block),
           "blocks": per_block}
    if sampling == "pairs":
        out["pair_median"] = statistics.median(x / y for x, y in zip(a, f, strict=True))
    return out


out = {"started": started, "ended": time.strftime("%H:%M:%S", time.gmtime()), "blocks": blocks, "n": N,
       "figures": {s: {c: figures(s, i) for c, i in (("wall", 3), ("process", 4), ("thread", 5))}
                   for s in SAMPLINGS},
       "kept_share": {s: statistics.mean(bool(r[6]) for r in raw if r[0] == s and r[2] == "app")
                      for s in SAMPLINGS},
       "raw": raw}
print(json.dumps(out))
