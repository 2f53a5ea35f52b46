"""Session 30: where the names' cost goes in a moving frame (one process, interleaved blocks).

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session30-names.py [BLOCKS]``.

The benchmark's window playing the whole spine (``bench.playing_window``), ticks back to back as the benchmark
draws them (``live._tick`` then Qt's events, the one render). Each block runs four ways in turn (the order turned
round every other block), ``N`` frames each:

- ``tick, names``: a tick of Play and its render, the level names shown (the benchmark's app frame);
- ``tick, no names``: the same with the names hidden (``ScreenLabels.show`` held at False, so the render handler
  returns at once and no text actor or leader is drawn);
- ``bare, names`` / ``bare, no names``: renders of what is drawn now, nothing moved (the benchmark's floor).

Per frame: main-thread CPU (``time.thread_time``), process CPU and wall; the names' render handler's main-thread
CPU, split into the anatomy's screen box (``keepout``), the layout's key, and the layout worked out or a kept one
applied. Per block: how many layouts the handler worked out, and how many of the text actors' images (the
texture each name is drawn from, ``GetTexture().GetInput()``) changed their modification time, that is were drawn
again by FreeType, during the moving frames. Medians over all blocks.
"""
import statistics
import sys
import time

from spineviz import bench
from spineviz.render.marks import marks_of

blocks = int(sys.argv[1]) if len(sys.argv) > 1 else 10
N = 20
print(time.strftime("%H:%M:%S UTC", time.gmtime()), "blocks", blocks, "frames a way a block", N)
app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
labels = marks_of(window.plotter).labels
ren_win = window.plotter.ren_win
parts = {"keepout": 0, "key": 0, "layout": 0, "apply": 0}
handler = [0]


def timed(name, fn):
    def wrapped(*args):
        t = time.thread_time_ns()
        try:
            return fn(*args)
        finally:
            parts[name] += time.thread_time_ns() - t
    return wrapped


labels.keepout = timed("keepout", labels.keepout)
labels._layout_key = timed("key", labels._layout_key)
labels.layout = timed("layout", labels.layout)
labels._apply = timed("apply", labels._apply)


def on_render(*_args):
    for k in parts:
        parts[k] = 0
    t = time.thread_time_ns()
    labels._on_render()
    handler[0] = time.thread_time_ns() - t


ren = window.plotter.renderer
ren.RemoveObserver(labels._observer)
labels._observer = ren.AddObserver("StartEvent", on_render)


def images():
    return [a.GetTexture().GetInput().GetMTime() if a.GetTexture() is not None else -1 for a in labels.actors]


def hide_names(hidden: bool) -> None:
    if hidden:
        if "show" not in vars(labels):
            labels.show = lambda _v, _own=labels.show: _own(False)
        labels.show(False)
    elif "show" in vars(labels):
        del labels.show
        labels.show(True)


WAYS = ("tick, names", "tick, no names", "bare, names", "bare, no names")
rec = {w: {"thread": [], "process": [], "wall": [], "handler": [], **{k: [] for k in parts}} for w in WAYS}
made = {w: 0 for w in WAYS}
redrawn = {w: 0 for w in WAYS}


def frame(tick: bool) -> None:
    if tick:
        before = len(renders)
        live._tick()
        app.processEvents()
        if len(renders) == before:
            ren_win.Render()
    else:
        ren_win.Render()


for b in range(blocks):
    order = WAYS if b % 2 == 0 else WAYS[::-1]
    for way in order:
        tick, hidden = way.startswith("tick"), way.endswith("no names")
        hide_names(hidden)
        frame(tick)  # the first frame after the switch is not counted (names shown again, laid out)
        made0, im0 = labels.layouts_made, images()
        for _ in range(N):
            handler[0] = 0
            for k in parts:
                parts[k] = 0
            w, c, t = time.perf_counter(), time.process_time(), time.thread_time()
            frame(tick)
            r = rec[way]
            r["thread"].append(time.thread_time() - t)
            r["process"].append(time.process_time() - c)
            r["wall"].append(time.perf_counter() - w)
            r["handler"].append(handler[0] / 1e9)
            for k in parts:
                r[k].append(parts[k] / 1e9)
        made[way] += labels.layouts_made - made0
        redrawn[way] += sum(a != b for a, b in zip(im0, images(), strict=True))
    hide_names(False)

print(time.strftime("%H:%M:%S UTC", time.gmtime()), "frames a way", len(rec[WAYS[0]]["thread"]),
      "names", len(labels.texts), "text actors", len(labels.actors))
print(f"{'median, ms':34s}" + "".join(f"{w:>16s}" for w in WAYS))
for key in ("thread", "process", "wall", "handler", *parts):
    row = [statistics.median(rec[w][key]) * 1e3 for w in WAYS]
    print(f"{key:34s}" + "".join(f"{v:16.3f}" for v in row))
print(f"{'layouts worked out (all blocks)':34s}" + "".join(f"{made[w]:16d}" for w in WAYS))
print(f"{'text images drawn again':34s}" + "".join(f"{redrawn[w]:16d}" for w in WAYS))
for key in ("thread", "process", "wall"):
    m = {w: statistics.median(rec[w][key]) * 1e3 for w in WAYS}
    print(f"{key}: names in a tick frame {m['tick, names'] - m['tick, no names']:.3f} ms, "
          f"in a bare render {m['bare, names'] - m['bare, no names']:.3f} ms; "
          f"frame/bare with names {m['tick, names'] / m['bare, names']:.3f}, "
          f"without {m['tick, no names'] / m['bare, no names']:.3f}")
window.close()
