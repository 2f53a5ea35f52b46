"""Session 36 (perf36): where a back-to-back frame's excess over its bare render goes; VTK's render of a change.

What VTK's render of a changed scene costs against the bare render of an unchanged one.

Run from the checkout: ``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session36-split.py [REGION] [ROUNDS]`` (REGION ``all`` or ``lumbar``, default ``all``; ROUNDS
default 200; raw output: ``docs/performance-session36-split-*.txt``).

The benchmark's window playing ``extension_rotation`` (``bench.playing_window``), the clock held; ticks back to back as
``bench._app_frames`` makes them (the tick, then Qt's events, then a render only if none came). Each round:

1. an **app frame**: the tick (``LiveScene._tick``: state, pose, colours, names' anchors, and the render of the
   tick's slot, ``Viewport._draw_tick``), then ``processEvents``;
2. a **bare render** of the same picture (the benchmark's pairs);
3. four **touched renders**, in a shuffled order: the same picture again after ``Modified()`` on some of the VTK
   objects that a tick changes, found as the benchmark's changed floor finds them (``bench._changed_floor``'s
   census: the objects whose modification time each of 3 app frames moved and a bare render did not): *matrices*
   (the 25 ``vtkMatrix4x4`` user matrices), *uniforms* (the merged colours' ``vtkOpenGLUniforms``), *names* (the
   names' reference ``vtkCoordinate`` and the leaders' ``vtkPolyData``) and *all* of them. No value changes, so no
   pixel, and none of the app's Python runs but the renderer's start observers (they find nothing changed).

Every render is timed from inside (``bench._RenderClock``: the render window's ``StartEvent`` to ``EndEvent``, wall and
main-thread CPU, and the renderer's start observers apart: the names' layout and the merged detail's check).
Reported: medians (ms) of each part, and each round's differences against its bare render (median, mean), for every
round and for the rounds whose moment was kept (``LiveScene.moment_hits`` moved).
"""
import random
import statistics
import sys
import time

from spineviz import bench

region = sys.argv[1] if len(sys.argv) > 1 else "all"
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 200
load = open("/proc/loadavg").read().split()[:3]
print(time.strftime("%H:%M:%S UTC", time.gmtime()), "region", region, "rounds", rounds, "load", load)
app, window, renders = bench.playing_window(region, "extension_rotation")
live = window.live
ren_win = window.plotter.ren_win
objects = bench._state_objects(window.plotter.renderer)
bench._app_frames(app, window, 1, renders)
changed = None
for _ in range(3):
    bare = {id(o) for o in bench._changed_in(objects, ren_win.Render)}
    frame = {id(o): o for o in bench._changed_in(objects, lambda: bench._app_frames(app, window, 1, renders))
             if id(o) not in bare}
    changed = frame if changed is None else {k: v for k, v in changed.items() if k in frame}
kinds = {"matrices": [o for o in changed.values() if o.GetClassName() == "vtkMatrix4x4"],
         "uniforms": [o for o in changed.values() if o.GetClassName().endswith("Uniforms")],
         "names": [o for o in changed.values() if o.GetClassName() in ("vtkCoordinate", "vtkPolyData")]}
kinds["all"] = list(changed.values())
print("touched:", {k: len(v) for k, v in kinds.items()},
      sorted({o.GetClassName() for o in changed.values()}))
clock = bench._RenderClock(window.plotter)
rng = random.Random(36)
rows = []
for _ in range(rounds):
    row = {}
    hits = live.moment_hits
    clock.take()
    t = time.thread_time()
    w = time.perf_counter()
    before = len(renders)
    live._tick()
    t1, w1 = time.thread_time(), time.perf_counter()
    tick_render = clock.take()
    app.processEvents()
    if len(renders) == before:
        ren_win.Render()
    t2, w2 = time.thread_time(), time.perf_counter()
    events_render = clock.take()
    row["kept"] = live.moment_hits > hits
    row["app"] = (w2 - w, t2 - t)
    row["tick_outside"] = (w1 - w - tick_render[0], t1 - t - tick_render[2])
    row["events_outside"] = (w2 - w1 - events_render[0], t2 - t1 - events_render[2])
    row["app_render"] = (tick_render[0] + events_render[0], tick_render[2] + events_render[2])
    row["app_observers"] = (0.0, tick_render[3] + events_render[3])
    ren_win.Render()
    r = clock.take()
    row["bare_render"], row["bare_observers"] = (r[0], r[2]), (0.0, r[3])
    order = list(kinds)
    rng.shuffle(order)
    for kind in order:
        for obj in kinds[kind]:
            obj.Modified()
        ren_win.Render()
        r = clock.take()
        row[f"{kind}_render"], row[f"{kind}_observers"] = (r[0], r[2]), (0.0, r[3])
    rows.append(row)
clock.remove()
live.pause()
print(time.strftime("%H:%M:%S UTC", time.gmtime()), "load", open("/proc/loadavg").read().split()[:3])


def report(title: str, rows: list) -> None:
    if not rows:
        return
    print(f"\n== {title}: {len(rows)} rounds; ms, median (mean); wall | main-thread CPU")
    parts = ["app", "tick_outside", "events_outside", "app_render", "app_observers", "bare_render", "bare_observers",
             *(f"{k}_render" for k in kinds), *(f"{k}_observers" for k in kinds)]
    for p in parts:
        w = [r[p][0] * 1e3 for r in rows]
        c = [r[p][1] * 1e3 for r in rows]
        print(f"  {p:22s} {statistics.median(w):8.3f} ({statistics.mean(w):8.3f}) | "
              f"{statistics.median(c):7.3f} ({statistics.mean(c):7.3f})")
    print("  each round against its bare render (the render less its start observers, main-thread CPU; and wall):")
    for p in ["app", *kinds]:
        if p == "app":
            c = [(r["app_render"][1] - r["app_observers"][1]) - (r["bare_render"][1] - r["bare_observers"][1])
                 for r in rows]
            w = [r["app_render"][0] - r["bare_render"][0] for r in rows]
        else:
            c = [(r[f"{p}_render"][1] - r[f"{p}_observers"][1]) - (r["bare_render"][1] - r["bare_observers"][1])
                 for r in rows]
            w = [r[f"{p}_render"][0] - r["bare_render"][0] for r in rows]
        print(f"  {p:10s} render less observers: {statistics.median(c) * 1e3:+7.3f} ({statistics.mean(c) * 1e3:+7.3f})"
              f" thread | {statistics.median(w) * 1e3:+7.3f} ({statistics.mean(w) * 1e3:+7.3f}) wall")
    c = [r["app_observers"][1] - r["bare_observers"][1] for r in rows]
    print(f"  start observers, app less bare: {statistics.median(c) * 1e3:+7.3f} ({statistics.mean(c) * 1e3:+7.3f})")
    c = [r["app"][1] - r["bare_render"][1] for r in rows]
    w = [r["app"][0] - r["bare_render"][0] for r in rows]
    print(f"  the app frame less the bare render: {statistics.median(c) * 1e3:+7.3f} ({statistics.mean(c) * 1e3:+7.3f})"
          f" thread | {statistics.median(w) * 1e3:+7.3f} ({statistics.mean(w) * 1e3:+7.3f}) wall;"
          f" ratio (wall, median of rounds) {statistics.median(r['app'][0] / r['bare_render'][0] for r in rows):.3f}")
    ratios = {k: statistics.median(r["app"][0] / r[f"{k}_render"][0] for r in rows) for k in kinds}
    print("  the app frame against each touched render (wall, median of rounds):",
          {k: round(v, 3) for k, v in ratios.items()})


report("every round", rows)
report("rounds whose moment was kept", [r for r in rows if r["kept"]])
report("rounds whose moment was worked out on the tick", [r for r in rows if not r["kept"]])
window.close()
