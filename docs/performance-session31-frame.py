"""Session 31: where an animated frame's main-thread CPU goes, phase by phase, against a bare render (one process).

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session31-frame.py [BLOCKS]``.

The benchmark's window playing the whole spine back to back (``bench.playing_window``). Each block runs two ways in
turn (the order turned round every other block), ``N`` frames each:

- ``tick``: a tick of Play and its frame as the benchmark draws it (``live._tick`` then ``app.processEvents``, a
  render of the window if the repaint was not delivered in that pass);
- ``bare``: ``ren_win.Render()`` of what is drawn now, nothing moved (the benchmark's floor).

Timestamps (``time.thread_time_ns``, main thread) at: the frame's start; the tick's end; the view's ``paintEvent``
(its ``BasePlotter.render``) entry and exit; the render window's ``StartEvent`` and ``EndEvent``; each renderer's
``StartEvent`` (first, before
the names' handler and the merged actors' check; and last, after them) and ``EndEvent``; the frame's end. So:

- ``tick, its own work``: ``live._tick`` (the moment, the view's writes, ``update()``), less the render when the
  tick draws its frame itself (session 31's ``Viewport.draw_ticks_now``);
- ``qt before paint``: ``processEvents`` up to ``BasePlotter.render`` (Qt's dispatch of the view's update request
  and paint event, ``paintEvent``'s Python, the panels at their pace when their timer falls there);
- ``paint → Render``: ``BasePlotter.render``'s Python up to the render window's ``StartEvent``;
- ``window start → renderer``: the render window's own work before the renderer starts (``MakeCurrent``, the
  frame buffers);
- ``renderer start handlers``: the renderer's ``StartEvent`` observers (the names' handler, the merged check);
- ``renderer draw``: the renderer's own render after its handlers (VTK: camera, lights, props, OpenGL calls);
- ``renderer end → window end``: after the last renderer (the frame blitted and swapped: ``Frame``);
- ``paint after Render``: ``BasePlotter.render`` after the render window's ``EndEvent`` (the other ``EndEvent``
  observers: the benchmark's count of renders);
- ``qt after paint``: the rest of the frame (``processEvents`` after the paint, or all of it when the tick drew).

The pairs' way of ``bench._paired_frames`` is kept: ``bare`` here is timed in its own blocks (as the blocks'
figure) and also right after each ``tick`` frame (``bare after tick``, as the pairs). Medians, means and 90th
percentiles of each phase; renders and paints counted per frame.
"""
import gc
import random
import statistics
import sys
import time

from PySide6.QtCore import QEvent, QObject
from pyvista.plotting.plotter import BasePlotter

from spineviz import bench
from spineviz.scene.state import at_time

blocks = int(sys.argv[1]) if len(sys.argv) > 1 else 10
real = "--real" in sys.argv
N = 20
print(time.strftime("%H:%M:%S UTC", time.gmtime()), "blocks", blocks, "frames a way a block", N,
      "real clock" if real else "stand-in clock (16 ms, 1 in 5 20 ms; each way's block from the same moment)",
      flush=True)
app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live


class Clock:
    """16 ms a tick (4 steps), one tick in five 20 ms (5 steps), in an order each block's ways share (session 30)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def start(self) -> None:
        pass

    def restart(self) -> int:
        return 20 if self.rng.random() < 0.2 else 16


def from_moment(b: int) -> None:
    """Block ``b``'s ways start from the same moment with the same clock (the stand-in clock only)."""
    if not real:
        live._clock = Clock(31 + b)
        live.set_state(at_time(live.state, 0.5 + 0.37 * b))

plotter = window.plotter
ren_win = plotter.ren_win
now = time.thread_time_ns
marks: dict = {}
counts = {"renders": 0, "paints": 0}


def mark(name):
    def observer(*_args):
        marks.setdefault(name, now())
    return observer


ren_win.AddObserver("StartEvent", mark("win_start"), 100.0)
ren_win.AddObserver("EndEvent", mark("win_end"), 100.0)
renderers = ren_win.GetRenderers()
renderers.InitTraversal()
rens = [renderers.GetNextItem() for _ in range(renderers.GetNumberOfItems())]
print("renderers in the window:", len(rens), [r.GetViewProps().GetNumberOfItems() for r in rens], flush=True)
for k, ren in enumerate(rens):
    ren.AddObserver("StartEvent", mark(f"ren{k}_start"), 100.0)
    ren.AddObserver("StartEvent", mark(f"ren{k}_handled"), -100.0)
    ren.AddObserver("EndEvent", mark(f"ren{k}_end"), 100.0)
ren_win.AddObserver("EndEvent", lambda *_: counts.__setitem__("renders", counts["renders"] + 1))

render = BasePlotter.render


def timed_render(self):
    counts["paints"] += 1
    marks.setdefault("paint_in", now())
    render(self)
    marks["paint_out"] = now()


BasePlotter.render = timed_render  # called by the view's paintEvent (NativeView.paintEvent)


class PaintSeen(QObject):
    def eventFilter(self, watched, event):
        kind = event.type()
        if kind == QEvent.Type.Paint:
            marks.setdefault("qt_paint", now())
        elif kind == QEvent.Type.UpdateRequest:
            marks.setdefault("qt_update", now())
        return False


seen = PaintSeen()
plotter.interactor.installEventFilter(seen)
window.installEventFilter(seen)
pace_ns = [0, 0]


def timed_pass_on():
    t = now()
    live._pass_on()
    pace_ns[0] += now() - t
    pace_ns[1] += 1


live._pace.timeout.disconnect(live._pass_on)
live._pace.timeout.connect(timed_pass_on)
gc_ns = [0, 0, 0]


def gc_seen(phase, info):
    if phase == "start":
        gc_ns[2] = now()
    else:
        gc_ns[0] += now() - gc_ns[2]
        gc_ns[1] += 1


gc.callbacks.append(gc_seen)
names_ns = bench.timed_names_handler(window)
print("view:", type(plotter).__name__, flush=True)


def tick_frame():
    before = len(renders)
    marks["t0"] = now()
    live._tick()
    marks["tick"] = now()
    app.processEvents()
    if len(renders) == before:
        ren_win.Render()
    marks["t_end"] = now()


def bare_frame():
    marks["t0"] = now()
    ren_win.Render()
    marks["t_end"] = now()


def phases() -> dict:
    """The frame's phases from the marks (a render drawn inside the tick is split out of it)."""
    m = marks
    out = {"frame": m["t_end"] - m["t0"]}
    render_in = m.get("paint_in", m["win_start"])  # BasePlotter.render's entry (or the render window's start)
    render_out = m.get("paint_out", m["win_end"])
    inside = "tick" in m and render_out <= m["tick"]  # the tick drew its frame itself (session 31)
    if "tick" in m:
        out["tick, its own work"] = (render_in - m["t0"]) + (m["tick"] - render_out) if inside else m["tick"] - m["t0"]
    else:
        out["tick, its own work"] = 0
    after_tick = m.get("tick", m["t0"])
    out["qt before paint"] = 0 if inside or "tick" not in m else render_in - after_tick
    out["— to the view's UpdateRequest"] = m["qt_update"] - after_tick if "qt_update" in m else 0
    out["— to the view's Paint event"] = m["qt_paint"] - after_tick if "qt_paint" in m else 0
    out["paint → Render"] = m["win_start"] - render_in
    out["window start → renderer"] = m["ren0_start"] - m["win_start"]
    out["renderer start handlers"] = sum(m[f"ren{k}_handled"] - m[f"ren{k}_start"] for k in range(len(rens))
                                         if f"ren{k}_start" in m)
    out["— the names' handler"] = names_ns[0]
    out["renderer draw"] = sum(m[f"ren{k}_end"] - m[f"ren{k}_handled"] for k in range(len(rens))
                               if f"ren{k}_start" in m)
    drawn = [k for k in range(len(rens)) if f"ren{k}_end" in m]
    out["renderer end → window end"] = m["win_end"] - m[f"ren{drawn[-1]}_end"]
    out["paint after Render"] = render_out - m["win_end"]
    out["qt after paint"] = m["t_end"] - (max(render_out, m["tick"]) if "tick" in m else render_out)
    out["the rest (frame less the tick's own work and the names' handler)"] = (
        out["frame"] - out["tick, its own work"] - names_ns[0])
    out["the panels at their pace (_pass_on)"] = pace_ns[0]
    out["Python's garbage collector"] = gc_ns[0]
    return out


viewport = window.viewport
AT_ONCE = hasattr(viewport, "draw_ticks_now")  # session 31's switch (absent on main: only the app's one path)
TICKS = ("tick, drawn at once", "tick, repaint queued") if AT_ONCE else ("tick",)
WAYS = (*TICKS, "bare", *(f"bare after {w}" for w in TICKS))
rec = {w: {"thread": [], "process": [], "wall": [], "renders": [], "paints": [], "pace": [], "gc": []} for w in WAYS}
PH: dict = {w: {} for w in WAYS}


def timed(way, fn):
    marks.clear()
    names_ns[0] = 0
    counts["renders"] = counts["paints"] = 0
    pace_ns[:] = [0, 0]
    gc_ns[:2] = [0, 0]
    w, c, t = time.perf_counter(), time.process_time(), time.thread_time()
    fn()
    r = rec[way]
    r["thread"].append(time.thread_time() - t)
    r["process"].append(time.process_time() - c)
    r["wall"].append(time.perf_counter() - w)
    r["renders"].append(counts["renders"])
    r["paints"].append(counts["paints"])
    r["pace"].append(pace_ns[1])
    r["gc"].append(gc_ns[1])
    for k, v in phases().items():
        PH[way].setdefault(k, []).append(v / 1e9)


PARTS = (*TICKS, "bare")
for b in range(blocks):
    for part in (PARTS if b % 2 == 0 else PARTS[::-1]):
        if part == "bare":
            bare_frame()
            for _ in range(N):
                timed("bare", bare_frame)
            continue
        if AT_ONCE:
            viewport.draw_ticks_now = part == "tick, drawn at once"
        from_moment(b)
        tick_frame()
        for _ in range(N):
            timed(part, tick_frame)
            timed(f"bare after {part}", bare_frame)
if AT_ONCE:
    viewport.draw_ticks_now = True

print(time.strftime("%H:%M:%S UTC", time.gmtime()), "frames a way", len(rec[TICKS[0]]["thread"]),
      "moments found prepared", live.moment_hits, "worked out", live.moment_misses, flush=True)


def stats(xs):
    xs = sorted(xs)
    return statistics.median(xs), statistics.fmean(xs), xs[min(len(xs) - 1, int(0.9 * len(xs)))]


print("main-thread CPU (ms): median / mean / p90")
W = 26
print(f"{'phase':36s}" + "".join(f"{w[:W - 1]:>{W}s}" for w in WAYS))
keys = list(PH[TICKS[0]])
for key in ["frame (thread_time)", *keys]:
    cells = []
    for w in WAYS:
        xs = rec[w]["thread"] if key == "frame (thread_time)" else PH[w].get(key, [0.0])
        cells.append("{:.3f} / {:.3f} / {:.3f}".format(*(v * 1e3 for v in stats(xs))))
    print(f"{key:36s}" + "".join(f"{c:>{W}s}" for c in cells))
for key in ("process", "wall"):
    cells = ["{:.3f} / {:.3f} / {:.3f}".format(*(v * 1e3 for v in stats(rec[w][key]))) for w in WAYS]
    print(f"{'frame, ' + key:36s}" + "".join(f"{c:>{W}s}" for c in cells))
for key in ("renders", "paints", "pace", "gc"):
    print(f"{key + ' a frame (mean)':36s}" + "".join(f"{statistics.fmean(rec[w][key]):{W}.2f}" for w in WAYS))
for way in TICKS:
    after = f"bare after {way}"
    med = {w: {k: statistics.median(v) * 1e3 for k, v in PH[w].items()} for w in (way, after)}
    mean = {w: {k: statistics.fmean(v) * 1e3 for k, v in PH[w].items()} for w in (way, after)}
    print(f"{way} - the bare render after it, phase by phase (median; mean):")
    for k in keys:
        d_med, d_mean = med[way].get(k, 0) - med[after].get(k, 0), mean[way].get(k, 0) - mean[after].get(k, 0)
        print(f"  {k:36s} {d_med:8.3f} {d_mean:8.3f}")
    for key in ("thread", "process", "wall"):
        pairs = [a / b for a, b in zip(rec[way][key], rec[after][key], strict=True)]
        d_med = 1e3 * (statistics.median(rec[way][key]) - statistics.median(rec[after][key]))
        d_mean = 1e3 * (statistics.fmean(rec[way][key]) - statistics.fmean(rec[after][key]))
        print(f"  pairs' {key} ratio (median of each pair's): {statistics.median(pairs):.3f}; "
              f"frame - bare, medians {d_med:.3f} ms, means {d_mean:.3f} ms")
for way in TICKS:
    ph = PH[way]
    qt = [ph["qt before paint"][i] + ph["qt after paint"][i] - ph["the panels at their pace (_pass_on)"][i]
          for i in range(len(rec[way]["pace"]))]
    with_pace = [x for x, p in zip(qt, rec[way]["pace"], strict=True) if p]
    without = [x for x, p in zip(qt, rec[way]["pace"], strict=True) if not p]
    if with_pace and without:
        print(f"{way}: Qt's pass less the panels' Python, frames with the pace / without: median "
              f"{statistics.median(with_pace) * 1e3:.3f} / {statistics.median(without) * 1e3:.3f} ms "
              f"({len(with_pace)} / {len(without)} frames)")
if AT_ONCE:
    a, q = TICKS
    for key in ("thread", "process", "wall"):
        d_med = 1e3 * (statistics.median(rec[a][key]) - statistics.median(rec[q][key]))
        print(f"drawn at once - repaint queued, {key}: median {d_med:.3f}, "
              f"mean {1e3 * (statistics.fmean(rec[a][key]) - statistics.fmean(rec[q][key])):.3f}, "
              f"p90 {1e3 * (stats(rec[a][key])[2] - stats(rec[q][key])[2]):.3f} ms")
window.close()
