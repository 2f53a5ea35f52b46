"""Session 36 (bake36): what drawing the bones' baked occlusion costs the app and the exports (issue 13).

Run from a checkout with the baked meshes (``spineviz meshes build``: every bone carries ``Occlusion``):

    PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session36-bake.py frames all
    PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session36-bake.py frames lumbar
    PYTHONPATH=$PWD python docs/performance-session36-bake.py exports [REPEATS]
    PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session36-bake.py startup [RUNS]
    PYTHONPATH=$PWD python docs/performance-session36-bake.py bake

- ``frames REGION [BLOCKS N]``: the benchmark's window (``bench.playing_window``: 1280x800 with its panels, Play on
  ``extension_rotation``, the clock held, coarse bones, merged vertebrae) drawn ``N`` ticks at a time with the
  occlusion texture on every bone actor and merged actor (``baked``) and with it taken off (``plain``), ``BLOCKS``
  rounds alternating the order; 4 untimed ticks after each switch. Prints each one's median wall time and process
  CPU a tick (all threads, llvmpipe's too) and the one-minute load average.
- ``exports [REPEATS]``: the benchmark's exports (``bench._child_exports``' two: a 2-s lumbar GIF at 800x800, 20 fps,
  and a whole-spine PNG at 1200x1600, loads and names on), baked and plain alternately (plain: ``shade_bone`` made a
  no-op where the exports' actors are built).
- ``startup [RUNS]``: the benchmark's first-frame child (``bench._child_startup``) in new processes, baked and plain
  alternately.
- ``bake``: the CPU time of baking each shipped mesh again (``occlusion.bake``), default and fine.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _unshaded():
    import spineviz.render.spine_actors as spine_actors

    spine_actors.shade_bone = lambda actor: None


def _switch(actors):
    """(baked, plain): put the occlusion on every bone actor and merged actor, or take it off.

    Off is the texture removed *and* the meshes' texture coordinates made inactive (each mapper's input marked
    modified): VTK keeps sampling a texture unit for a mesh with coordinates once it was drawn textured, which draws
    whatever texture is bound there (the legend's); a renderer built plain (never textured) draws plain.
    """
    from spineviz.anatomy.meshset import SKY_COORDINATES

    held = [(a, a.GetTexture()) for a in actors.bones.values()]
    mappers = [*actors._full_mappers.values(), *actors._coarse_mappers.values(), *actors._distant_mappers.values()]
    if actors._merged is not None:
        held += [(a, held[0][1]) for a in actors._merged.actors.values()]
        mappers += [*actors._merged.coarse.values(), *actors._merged.distant.values()]
    assert all(t is not None for _a, t in held), "the meshes carry no occlusion: rebuild them"

    def coords(name):
        for m in {id(m): m for m in mappers}.values():
            m.GetInput().GetPointData().SetActiveTCoords(name)
            m.GetInput().Modified()

    def baked():
        coords(SKY_COORDINATES)
        for a, t in held:
            a.SetTexture(t)

    def plain():
        coords(None)
        for a, _t in held:
            a.SetTexture(None)

    return baked, plain


def frames(region: str, blocks: int, n: int) -> None:
    from spineviz import bench

    app, window, renders = bench.playing_window(region)
    baked, plain = _switch(window.actors)
    setups = {"baked": baked, "plain": plain}
    names = list(setups)
    wall = {s: [] for s in names}
    cpu = {s: [] for s in names}
    loads = []
    for b in range(blocks):
        for s in names[::-1] if b % 2 else names:
            setups[s]()
            bench._app_frames(app, window, 4, renders)
            wall[s] += bench._app_frames(app, window, n, renders, cpu[s])
        loads.append(os.getloadavg()[0])
    setups["baked"]()
    print(f"{region}: view {window.plotter.window_size}; load (1 min) {min(loads):.1f}-{max(loads):.1f}; "
          f"{blocks} blocks of {n} ticks; merged {bool(window.actors.merged)}, distant {window.actors.distant}")
    for s in names:
        w, c = statistics.median(wall[s]), statistics.median(cpu[s])
        q = statistics.quantiles(wall[s], n=4)
        print(f"  {s:6s} wall {w * 1e3:6.1f} ms (quartiles {q[0] * 1e3:.0f}-{q[2] * 1e3:.0f}), "
              f"process CPU {c * 1e3:6.1f} ms a tick, {1 / w:5.1f} fps")
    window.close()


def exports(repeats: int) -> None:
    from dataclasses import replace

    import numpy as np
    import pyvista.plotting  # noqa: F401  (as bench._child_exports)

    import spineviz.render.spine_actors as spine_actors
    from spineviz.anatomy.spine import load_spine
    from spineviz.motion.loads import facet_loads
    from spineviz.render.clip import export_animation
    from spineviz.render.export import export_png
    from spineviz.scene import Animation, SceneState

    shaded = spine_actors.shade_bone
    spine = load_spine()
    facet_loads(spine, np.repeat(np.eye(4)[None], 25, axis=0))
    cycle = Animation(preset="flexion_extension").cycle
    layers = replace(SceneState().layers, labels=True)
    clip = SceneState(region="lumbar", loads=True, layers=layers,
                      animation=Animation(preset="flexion_extension", speed=cycle / 2.0))
    still = SceneState(loads=True, layers=layers)
    times = {k: [] for k in ("gif baked", "gif plain", "png baked", "png plain")}
    loads = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeats):
            for kind in ("baked", "plain")[:: 1 if i % 2 == 0 else -1]:
                spine_actors.shade_bone = shaded if kind == "baked" else (lambda actor: None)
                t = time.perf_counter()
                export_animation(clip, Path(tmp) / f"clip-{kind}.gif", size=(800, 800), fps=20, spine=spine)
                times[f"gif {kind}"].append(time.perf_counter() - t)
                t = time.perf_counter()
                export_png(still, Path(tmp) / f"spine-{kind}.png", size=(1200, 1600), spine=spine)
                times[f"png {kind}"].append(time.perf_counter() - t)
                loads.append(os.getloadavg()[0])
    spine_actors.shade_bone = shaded
    print(f"exports: load (1 min) {min(loads):.1f}-{max(loads):.1f}")
    for k, v in times.items():
        print(f"  {k:10s} median {statistics.median(v):.2f} s (" + ", ".join(f"{x:.2f}" for x in v) + ")")


def startup_child(kind: str, spawned_at: float) -> None:
    import json

    from spineviz import bench

    if kind == "plain":
        _unshaded()
    out = bench._child_startup("app", spawned_at)
    print(json.dumps(out))


def startup(runs: int) -> None:
    import json

    env = dict(os.environ, QT_QPA_PLATFORM="xcb")
    first = {"baked": [], "plain": []}
    loads = []
    for i in range(runs):
        for kind in ("baked", "plain")[:: 1 if i % 2 == 0 else -1]:
            r = subprocess.run([sys.executable, __file__, "startup-child", kind, repr(time.time())],
                               capture_output=True, text=True, env=env, timeout=300, check=True)
            first[kind].append(json.loads(r.stdout.strip().splitlines()[-1])["first_frame_s"])
            loads.append(os.getloadavg()[0])
    print(f"first frame: load (1 min) {min(loads):.1f}-{max(loads):.1f}")
    for k, v in first.items():
        print(f"  {k:6s} median {statistics.median(v):.2f} s (" + ", ".join(f"{x:.2f}" for x in v) + ")")


def bake() -> None:
    import pyvista as pv

    from spineviz.anatomy import occlusion
    from spineviz.anatomy.meshset import default_mesh_dir, entries, read_manifest

    directory = default_mesh_dir()
    manifest = read_manifest(directory)
    for lod in ("default", "fine"):
        spent = []
        for e in entries(manifest, lod, directory):
            mesh = pv.read(directory / e.file)
            t = time.process_time()
            occlusion.bake(mesh)
            spent.append((time.process_time() - t, e.level))
        total = sum(s for s, _ in spent)
        print(f"{lod}: {total:.1f} s CPU for {len(spent)} bones (median {statistics.median(s for s, _ in spent):.2f}, "
              f"most {max(spent)[0]:.2f} s {max(spent)[1]}); load (1 min) {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "frames":
        frames(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 4, int(sys.argv[4]) if len(sys.argv) > 4 else 15)
    elif what == "exports":
        exports(int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    elif what == "startup":
        startup(int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    elif what == "bake":
        bake()
    else:
        startup_child(sys.argv[2], float(sys.argv[3]))
