"""RSS before and after the idle cycle work (session 38 lead's check of perf38's store).

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a python docs/performance-session38-lead-memory.py``.
It ran on session 38's tree (s38 at 9e17216f); ``LiveScene.idle_cycles``, which it prints, was removed in session 39
(perf39), so on a later tree it prints ``idle_cycles=None`` (the idle work always on).
"""
import resource

from spineviz import bench
from spineviz.scene import Animation


def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20

app, window, renders = bench.frames_window()
live = window.live
for _ in range(20):
    app.processEvents()
before = rss()
live.update(animation=Animation(preset="extension_rotation", speed=1.0, time=0.0), motion=None)
n = 0
while live._idle.isActive() and n < 100000:
    app.processEvents()
    n += 1
after = rss()
print(f"idle_cycles={getattr(live, 'idle_cycles', None)} kept={len(live._kept)} "
      f"rss before {before:.1f} MB after {after:.1f} MB "
      f"(+{after-before:.1f}); peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024:.1f} MB")
