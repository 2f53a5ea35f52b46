"""The animated frame's own main-thread CPU, piece by piece (session 22).

Run from a checkout (main or a branch: pieces a checkout lacks are left out):
``PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1920x1080x24" python docs/performance-session22-parts.py [TICKS]``.
The benchmark's set-up (``bench.frames_window()``: the window at 1280x800 with its panels, coarse detail
prepared, loads and names on, ``extension_rotation`` playing on the whole spine with the clock held). Each
piece is wrapped in a timer of the main thread's CPU (``time.thread_time_ns``), inclusive of what it calls;
the medians of TICKS (default 300) ticks, each followed by Qt's event pass (which renders it), are printed,
then the median of as many bare renders (``ren_win.Render()``) of the same window. Also printed: calls a tick
(Python functions, and methods of VTK objects) from a ``cProfile`` run of 100 more ticks. The wrappers add
a few microseconds a piece; they are taken off again for the count of calls. Output and reading:
docs/performance.md, "Session 22".
"""
import cProfile
import statistics
import sys
import time

from spineviz import bench
from spineviz.app import live_scene, viewport
from spineviz.motion import loads as loads_module
from spineviz.motion import pose as pose_module
from spineviz.render import labels, marks, scene_render, spine_actors
from spineviz.render.marks import marks_of

clock = time.thread_time_ns
spent: dict[str, int] = {}
PIECES = []
ORIGINALS = []


def wrap(owner, name: str, label: str) -> None:
    fn = getattr(owner, name, None)
    if fn is None:
        return

    def timed(*args, **kwargs):
        t = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0) + clock() - t

    setattr(owner, name, timed)
    PIECES.append(label)
    ORIGINALS.append((owner, name, fn))


wrap(live_scene.LiveScene, "set_state", "set_state: the change and every listener")
wrap(viewport.Viewport, "_show", "  the 3D view's listener (Viewport._show)")
wrap(viewport.Viewport, "_moving", "    detail kept coarse (_moving)")
wrap(scene_render.SceneRenderer, "set_motion", "    set_motion")
wrap(scene_render, "pose_and_colours", "      pose_and_colours")
wrap(pose_module, "pose", "        pose")
wrap(pose_module, "_spine_arrays", "          the spine's arrays checked")
wrap(pose_module, "segment_angles", "          segment_angles")
wrap(pose_module, "_chain", "          _chain")
wrap(loads_module, "facet_loads", "        facet_loads")
wrap(loads_module, "closures", "          closures")
wrap(loads_module, "_unroll", "            _unroll (C1/2)")
wrap(spine_actors.SpineActors, "apply_pose", "      apply_pose (25 matrices)")
wrap(spine_actors.SpineActors, "set_facet_colours", "      set_facet_colours (48 uniforms)")
wrap(marks, "draw_marks", "      draw_marks (names' anchors)")
wrap(scene_render, "_nerves_and_clip", "      nerves and cut")
live_scene.pose, live_scene.facet_loads = pose_module.pose, loads_module.facet_loads  # the wrapped ones

app, window, renders = bench.playing_window("all", "extension_rotation")  # 20 ticks drawn to warm up
live = window.live
names = marks_of(window.plotter).labels
ren, ren_win = window.plotter.renderer, window.plotter.ren_win
wrap(names, "layout", "  names' layout")
wrap(labels, "project", "    project")
wrap(labels, "spread", "    spread")
wrap(labels, "_set_leaders", "    leader lines")
wrap(names, "_on_render", "names' handler (renderer start)")
ren.RemoveObserver(names._observer)  # again, so that the wrapped handler is the one called
names._observer = ren.AddObserver("StartEvent", names._on_render)
marked: dict[str, int] = {}
ren_win.AddObserver("StartEvent", lambda *_: marked.__setitem__("start", clock()))
ren_win.AddObserver("EndEvent", lambda *_: marked.__setitem__("end", clock()))

n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
rows = []
for _ in range(n):
    spent.clear()
    t0 = clock()
    live._tick()
    t1 = clock()
    app.processEvents()
    t2 = clock()
    row = dict(spent)
    row.update({"TICK (live._tick)": t1 - t0, "Qt's event pass (with the render)": t2 - t1,
                "  the render (window start to end)": marked["end"] - marked["start"]})
    row["  Qt's event pass outside the render"] = row["Qt's event pass (with the render)"] - row[
        "  the render (window start to end)"]
    rows.append(row)
bare = []
for _ in range(n):
    t0 = clock()
    ren_win.Render()
    bare.append(clock() - t0)
order = ["TICK (live._tick)", *[p for p in PIECES if not p.startswith(("names'", "  names'", "    project",
                                                                         "    spread", "    leader"))],
         "Qt's event pass (with the render)", "  the render (window start to end)",
         "  Qt's event pass outside the render", "names' handler (renderer start)", "  names' layout", "    project",
         "    spread", "    leader lines"]
for key in order:
    if any(key in r for r in rows):
        print(f"{key:44s} {statistics.median(r.get(key, 0) for r in rows) / 1e6:7.3f} ms")
print(f"{'bare render (same window, same detail)':44s} {statistics.median(bare) / 1e6:7.3f} ms")

for owner, name, fn in reversed(ORIGINALS):  # the plain code again for the count of calls
    setattr(owner, name, fn)
live_scene.pose, live_scene.facet_loads = pose_module.pose, loads_module.facet_loads
ren.RemoveObserver(names._observer)
names._observer = ren.AddObserver("StartEvent", names._on_render)
profile = cProfile.Profile()
profile.enable()
for _ in range(100):
    live._tick()
    app.processEvents()
profile.disable()
stats = profile.getstats()
python = sum(s.callcount for s in stats if not isinstance(s.code, str))
builtin = [s for s in stats if isinstance(s.code, str)]
vtk = sum(s.callcount for s in builtin if "vtkmodules" in s.code)
print(f"calls a tick: {python / 100:.0f} Python functions, {sum(s.callcount for s in builtin) / 100:.0f} built-in "
      f"(of which {vtk / 100:.0f} methods of VTK objects)")
