"""Session 31: the names' layout (``ScreenLabels._plan``) against main's, the same plans, interleaved.

Run from the checkout: ``git show 4dfd9a5:spineviz/render/labels.py > /tmp/labels_main.py; PYTHONPATH=$PWD xvfb-run -a
-s "-screen 0 1400x900x24" python docs/performance-session31-plan.py /tmp/labels_main.py [--cold]`` (raw output:
``docs/performance-session31-plan.txt``). The benchmark's playing window; 12 views (30 degrees of azimuth apart) x 20
anchor sets moved at random, with the anatomy's box and without: every plan of this session's ``_plan`` equal to main's
(the names' indices, sides and places, the hidden, the leaders' ends to the byte, their width, the (name, box) placed).
Then 20 interleaved blocks of 50 plans each way, main-thread CPU (ms); ``--cold``: a render before each plan, as on a
frame, where the interpreter's caches are cold.
"""
import importlib.util
import statistics
import sys
import time

import numpy as np

from spineviz import bench
from spineviz.render.marks import marks_of

spec = importlib.util.spec_from_file_location("labels_main", sys.argv[1])
old_mod = importlib.util.module_from_spec(spec)
sys.modules["labels_main"] = old_mod
spec.loader.exec_module(old_mod)
print(time.strftime("%H:%M:%S UTC", time.gmtime()), "cold" if "--cold" in sys.argv else "hot")
app, window, renders = bench.playing_window("all", "extension_rotation", warm=5)
labels = marks_of(window.plotter).labels
cam = window.plotter.renderer.GetActiveCamera()
base = labels.anchors.copy()
rng = np.random.default_rng(1)


def old_plan(box):
    return old_mod.ScreenLabels._plan(labels, box)


def same(a, b) -> bool:
    return a[0] == b[0] and a[1] == b[1] and a[2].tobytes() == b[2].tobytes() and a[3] == b[3] and a[4] == b[4]


checked = 0
for _view in range(12):
    cam.Azimuth(30)
    window.plotter.renderer.ResetCameraClippingRange()
    for i in range(20):
        labels.anchors = base + rng.normal(0, 5, base.shape)
        box = labels.keepout()
        for b in (box, None):
            assert same(old_plan(b), labels._plan(b)), (_view, i)
            checked += 1
print("plans equal to main's:", checked)
sets = [base + rng.normal(0, 2, base.shape) for _ in range(50)]
box = labels.keepout()
t: dict = {"main": [], "branch": []}
for block in range(20):
    for way in (("main", "branch") if block % 2 == 0 else ("branch", "main")):
        f = old_plan if way == "main" else labels._plan
        for i in range(50):
            labels.anchors = sets[i]
            if "--cold" in sys.argv:
                window.plotter.ren_win.Render()
            c = time.thread_time_ns()
            f(box)
            t[way].append((time.thread_time_ns() - c) / 1e6)
for way, v in t.items():
    print(f"{way}: median {statistics.median(v):.4f} mean {statistics.mean(v):.4f} "
          f"p90 {statistics.quantiles(v, n=10)[-1]:.4f} ms ({len(v)} plans)")
labels.anchors = base
window.close()
