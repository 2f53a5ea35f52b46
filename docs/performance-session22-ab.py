"""Session 22's tick shortcuts against main's code in one window, alternating blocks (an A/B in one process).

Run from the perf22 checkout:
``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1920x1080x24" python docs/performance-session22-ab.py [BLOCKS]``.
The benchmark's set-up (``bench.frames_window()``, whole spine playing ``extension_rotation``, clock held).
A: a tick as main makes it (``update(animation=replace(...))``, which validates the scene and the animation
again) and the names laid out by main's ``labels.py`` (read with ``git show b3e297a:spineviz/render/labels.py``;
its leader lines asked of VTK each frame); B: this branch's (``at_time``; the leaders' VTK objects held from
Python). Everything else is this branch's code in both. BLOCKS (default 10) blocks of 20 ticks each way,
interleaved so that a busy machine slows both alike; medians of the main thread's CPU (``time.thread_time_ns``)
of the tick, of the names' handler inside the render, and of Qt's event pass (with the render) after the tick.
Output and reading: docs/performance.md, "Session 22".
"""
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
import types
from dataclasses import replace
from pathlib import Path

from spineviz import bench
from spineviz.render.marks import marks_of

MAIN = "b3e297a"
clock = time.thread_time_ns
source = subprocess.run(["git", "show", f"{MAIN}:spineviz/render/labels.py"], capture_output=True, text=True,
                        check=True).stdout
path = Path(tempfile.mkdtemp()) / "main_labels.py"
path.write_text(source)
spec = importlib.util.spec_from_file_location("main_labels", path)
main_labels = importlib.util.module_from_spec(spec)
sys.modules["main_labels"] = main_labels
spec.loader.exec_module(main_labels)

app, window, renders = bench.playing_window("all", "extension_rotation")  # 20 ticks drawn to warm up
live = window.live
names = marks_of(window.plotter).labels
handler = bench.timed_names_handler(window)  # handler[0]: its last call's main-thread CPU (ns)


def main_tick(self=live) -> None:
    """``LiveScene._tick`` as main has it."""
    anim = self._state.animation
    dt = self._clock.restart() / 1000.0
    t = anim.still_time() + dt * anim.speed
    if anim.resolved().mode != "once":
        t %= anim.cycle
    self.update(animation=replace(anim, time=round(t, 6)))
    self.frames += 1
    self.frame_advanced.emit(self.frames)


ways = {"A main": (main_tick, types.MethodType(main_labels.ScreenLabels.layout, names)),
        "B perf22": (live._tick, types.MethodType(type(names).layout, names))}
results = {way: {"tick": [], "names' handler": [], "Qt's event pass with the render": []} for way in ways}
for _block in range(int(sys.argv[1]) if len(sys.argv) > 1 else 10):
    for way, (tick, layout) in ways.items():
        names.layout = layout
        for _ in range(20):
            t0 = clock()
            tick()
            t1 = clock()
            app.processEvents()
            t2 = clock()
            got = results[way]
            got["tick"].append(t1 - t0)
            got["names' handler"].append(handler[0])
            got["Qt's event pass with the render"].append(t2 - t1)
for way, got in results.items():
    print(way, " | ".join(f"{piece} {statistics.median(v) / 1e6:.3f}" for piece, v in got.items()),
          "ms main-thread CPU (medians)")
