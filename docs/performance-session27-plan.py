"""Session 27: main's names layout (``ScreenLabels._plan``, ``isotonic``) against this branch's: same bytes, and time.

Run from the perf27 checkout, main exported to /tmp/perf27-main (``git archive main | tar -x -C /tmp/perf27-main``):
``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session27-plan.py``.
Every moment of ``extension_rotation``'s prepared cycle (the benchmark's window): its names' anchors as a tick works
them out, then main's ``_plan`` and this branch's on them, alternating which goes first; each plan compared field
by field (the leader ends by their bytes), and the mean main-thread CPU of each. Then ``isotonic`` of both on
20,000 random inputs, compared by their bytes. Output: docs/performance-session27-plan.txt.
"""
import importlib.util
import sys
import time

import numpy as np

from spineviz import bench
from spineviz.render import labels as new_mod
from spineviz.render.marks import marks_of
from spineviz.render.posed import world_matrices

spec = importlib.util.spec_from_file_location("main_labels", "/tmp/perf27-main/spineviz/render/labels.py")
old_mod = importlib.util.module_from_spec(spec)
sys.modules["main_labels"] = old_mod
spec.loader.exec_module(old_mod)
app, window, renders = bench.playing_window("all", "extension_rotation")
live = window.live
labels = marks_of(window.plotter).labels
box = labels.keepout()
sets = []
live.cycle_budget_ms = None
live.pause()
live.forget_moments()
live.play()
while window.viewport.camera.moving:
    app.processEvents()
r = window.viewport.renderer
for _k, (pose, _c, _s) in list(live._kept.values()):
    t = pose.transforms
    _texts, _joints, anchors = marks_of(window.plotter)._names(r.spine, r.state, [], t, world_matrices(r.spine, t))
    sets.append(anchors)
own = labels.anchors
same = 0
spent = {new_mod: 0.0, old_mod: 0.0}
for i, a in enumerate(sets):
    labels.anchors = a
    order = (new_mod, old_mod) if i % 2 else (old_mod, new_mod)
    got = {}
    for mod in order:
        c = time.thread_time()
        got[mod] = mod.ScreenLabels._plan(labels, box)
        spent[mod] += time.thread_time() - c
    p_new, p_old = got[new_mod], got[old_mod]
    ok = (p_old[0] == p_new[0] and p_old[1] == p_new[1] and p_old[2].tobytes() == p_new[2].tobytes()
          and p_old[3] == p_new[3] and p_old[4] == p_new[4])
    same += ok
labels.anchors = own
print(f"moments {len(sets)}: plans byte-identical {same}; main's _plan {spent[old_mod] / len(sets) * 1e3:.3f} ms, "
      f"this branch's {spent[new_mod] / len(sets) * 1e3:.3f} ms (main-thread CPU, mean, alternating)")
rng = np.random.default_rng(27)
bad = 0
for _ in range(20000):
    v = rng.normal(size=rng.integers(0, 30)) * rng.choice([1, 100])
    if old_mod.isotonic(v).tobytes() != new_mod.isotonic(v).tobytes():
        bad += 1
print("isotonic, 20,000 random inputs, bytes differing:", bad)
window.close()
