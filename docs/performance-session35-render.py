"""Session 35 (perf35): a tick's render through PyVista's ``render`` or ``NativeView.render_tick``, interleaved.

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session35-render.py [BLOCKS]`` (raw output: ``docs/performance-session35-render.txt``).

The benchmark's window (``bench.playing_window``, whole spine), ticks back to back as ``bench._app_frames`` makes
them, each followed by a bare render; the moments kept (Play's whole cycle prepared, the names laid out on each frame:
what the benchmark's frames meet). ``Viewport.render_ticks_direct`` False (PyVista's ``render``, as before this
session) and True (this tree), in blocks of 30 frames, interleaved, the order turned every other block. Main-thread
CPU (``time.thread_time``), ms, of ``Viewport._draw_tick`` less the render window's ``Render`` from its ``StartEvent``
to its ``EndEvent`` (the names' handler runs on the renderer's ``StartEvent``, inside those: the order of one tick's
events is printed at the end).
"""
import statistics
import sys
import time

from spineviz import bench

blocks = int(sys.argv[1]) if len(sys.argv) > 1 else 10
print(time.strftime("%H:%M:%S UTC", time.gmtime()), "blocks", blocks, open("/proc/loadavg").read().split()[:3])
app, window, renders = bench.playing_window("all", "extension_rotation")
live, viewport = window.live, window.viewport
names_ns = bench.timed_names_handler(window)
ren_win = window.plotter.ren_win
acc: dict = {}
order: list = []
at = [0.0]


def mark(name):
    def seen(*_):
        order.append((name, time.thread_time()))
    return seen


ren_win.AddObserver("StartEvent", lambda *_: at.__setitem__(0, time.thread_time()))
ren_win.AddObserver("EndEvent", lambda *_: acc.__setitem__("render", (time.thread_time() - at[0]) * 1e3))
for obj, label in ((ren_win, "render window"), (window.plotter.renderer, "renderer")):
    obj.AddObserver("StartEvent", mark(f"{label} StartEvent"))
    obj.AddObserver("EndEvent", mark(f"{label} EndEvent"))
own = viewport._draw_tick


def timed():
    c = time.thread_time()
    own()
    acc["draw"] = (time.thread_time() - c) * 1e3


viewport._draw_tick = timed
res: dict = {False: [], True: [], "names": []}
for block in range(blocks):
    for direct in ((False, True) if block % 2 == 0 else (True, False)):
        viewport.render_ticks_direct = direct
        for _k in range(30):
            acc.clear()
            live._tick()
            app.processEvents()
            res[direct].append(acc["draw"] - acc["render"])
            res["names"].append(names_ns[0] / 1e6)
            ren_win.Render()
print(time.strftime("%H:%M:%S UTC", time.gmtime()), open("/proc/loadavg").read().split()[:3])
for key, label in ((False, "PyVista's render (before)"), (True, "NativeView.render_tick (after)")):
    v = res[key]
    print(f"{label:32s} _draw_tick less the render: median {statistics.median(v):.3f}"
          f"  mean {statistics.mean(v):.3f}  (n {len(v)})")
print(f"names' handler on the app frames: median {statistics.median(res['names']):.3f}")
order.clear()
start = time.thread_time()
live._tick()
print("one tick's events (ms after the tick began):")
for name, t in order:
    print(f"  {(t - start) * 1e3:7.3f}  {name}")
window.close()
