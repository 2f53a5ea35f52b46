"""Session 33 (perf33a): the names' layout on Python lists (``ScreenLabels._plan_lists``) against the NumPy one.

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session33-plan.py``
(raw output: ``docs/performance-session33-plan.txt``). The benchmark's playing window (whole spine, then the lumbar
region); 12 views (30 degrees of azimuth apart) x 20 anchor sets moved at random, with the anatomy's box and without,
and with the band shrunk so that the columns overflow (every other name to the other side, then thinned): every plan
equal (the names' indices, sides and places, the hidden, the leaders' ends to the byte, their width, the names' boxes).
Then 20 interleaved blocks of 50 plans each way, main-thread CPU (us), hot and with a render before each plan (as on a
frame, where the interpreter's caches are cold); median / mean / p90.
"""
import statistics
import time

import numpy as np

from spineviz import bench
from spineviz.render.labels import ScreenLabels
from spineviz.render.marks import marks_of

print(time.strftime("%H:%M:%S UTC", time.gmtime()))
app, window, renders = bench.playing_window("all", "extension_rotation", warm=5)
labels = marks_of(window.plotter).labels
cam = window.plotter.renderer.GetActiveCamera()
rng = np.random.default_rng(1)


def plan(fast: bool, box):
    ScreenLabels.fast_plan = fast
    try:
        return labels._plan(box)
    finally:
        ScreenLabels.fast_plan = True


def same(a, b) -> bool:
    return (a[0] == b[0] and a[1] == b[1] and a[2].tobytes() == b[2].tobytes() and a[3] == b[3] and a[4] == b[4]
            and [type(x) for t in a[0] for x in t] == [type(x) for t in b[0] for x in t])


checked = moved_over = thinned = 0
for region in ("all", "lumbar"):
    window.live.set_region(region)
    for _ in range(10):
        app.processEvents()
    base = labels.anchors.copy()
    bands = labels.bands
    for _view in range(12):
        cam.Azimuth(30)
        window.plotter.renderer.ResetCameraClippingRange()
        for i in range(20):
            labels.anchors = base + rng.normal(0, 5, base.shape)
            box = labels.keepout()
            for squeeze in (0, 1, 2):
                h = labels.renderer.GetSize()[1]
                labels.bands = bands if not squeeze else (int(h * 0.3 * squeeze), int(h * 0.3 * squeeze))
                for b in (box, None):
                    a, c = plan(False, b), plan(True, b)
                    assert same(a, c), (region, _view, i, squeeze)
                    checked += 1
                    moved_over += len({s for _i, s, _x, _y in a[0]}) > 1 and squeeze > 0
                    thinned += bool(a[1])
    labels.bands = bands
print(f"plans equal: {checked} (of them with names hidden by the thinning: {thinned})")
window.live.set_region("all")
for _ in range(10):
    app.processEvents()
base = labels.anchors.copy()
sets = [base + rng.normal(0, 2, base.shape) for _ in range(50)]
box = labels.keepout()
ren_win = window.plotter.ren_win
for cold in (False, True):
    t: dict = {"numpy (before)": [], "lists (after)": []}
    for block in range(20):
        for way in (("numpy (before)", "lists (after)") if block % 2 == 0 else ("lists (after)", "numpy (before)")):
            ScreenLabels.fast_plan = way.startswith("lists")
            for i in range(50):
                labels.anchors = sets[i]
                if cold:
                    ren_win.Render()
                c = time.thread_time()
                labels._plan(box)
                t[way].append((time.thread_time() - c) * 1e6)
    ScreenLabels.fast_plan = True
    print("cold (a render before each)" if cold else "hot")
    for way, v in t.items():
        print(f"  {way:16s} median {statistics.median(v):7.1f}  mean {statistics.mean(v):7.1f}  "
              f"p90 {statistics.quantiles(v, n=10)[-1]:7.1f} us ({len(v)} plans)")
window.close()
print(time.strftime("%H:%M:%S UTC", time.gmtime()))
