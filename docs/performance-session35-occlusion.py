"""Session 35 (shade35): what VTK's screen-space ambient occlusion (``vtkSSAOPass``) would cost the app and the exports.

Run from a checkout (nothing in ``spineviz`` changes; the pass is set by this script):

    PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session35-occlusion.py frames all
    PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session35-occlusion.py frames lumbar
    PYTHONPATH=$PWD python docs/performance-session35-occlusion.py exports [REPEATS]
    PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session35-occlusion.py startup [RUNS]

The occlusion's settings come from the environment: ``R`` (radius, mm, default 30), ``B`` (bias, mm, default 2),
``K`` (kernel sizes, comma-separated, default ``32,128``; ``exports`` and ``startup`` use the first), blur on.

- ``frames REGION [BLOCKS N]``: the benchmark's window (``bench.playing_window``: 1280x800 with its panels, Play on
  ``extension_rotation``, the clock held, coarse bones) drawn ``N`` ticks at a time under each render set-up in
  turn, ``BLOCKS`` rounds in a turning order: ``default`` (the app's view as it is: VTK's own render steps),
  ``steps`` (the exports' steps, ``offscreen._scene_passes``), ``aoK`` (:func:`occluding`: ``vtkSSAOPass``
  with kernel ``K`` over the opaque parts, then the exports' translucent and overlay steps). Four ticks after each
  switch are not timed (the shaders are rebuilt). Prints each set-up's median wall time and process CPU a tick
  (all threads, llvmpipe's included) and the one-minute load average.
- ``exports [REPEATS]``: the benchmark's exports (``bench._child_exports``: a 2-s lumbar GIF at 800x800, 20 fps,
  and a whole-spine PNG at 1200x1600, loads and names on), plain and with the occlusion alternately. The
  exports draw through ``offscreen._scene_passes``, which this script replaces by :func:`occluding` for the
  ``ao`` runs. The last pictures are left in /tmp/shade35-exports/.
- ``startup [RUNS]``: the benchmark's first-frame child (``bench._child_startup``), in new processes, plain and
  with the occlusion pass set on the app's view when the window makes it, alternately.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RADIUS = float(os.environ.get("R", 30))
BIAS = float(os.environ.get("B", 2))
KERNELS = [int(k) for k in os.environ.get("K", "32,128").split(",")]


def occluding(kernel: int):
    """VTK's screen-space ambient occlusion over the opaque parts, then the exports' translucent and overlay steps.

    ``vtkSSAOPass`` around the whole of ``offscreen._scene_passes`` (its translucent step included) drew the
    translucent discs white, and black frames under VTK's supersampling (docs/performance.md, session 35): its
    shaders write view positions and normals into the second and third colour outputs, which the
    order-independent translucency uses for its own sums. Here the occlusion wraps a camera step (which clears its
    buffers), the lights and the opaque step only; the translucent parts (weighted blending, as the exports) and
    the overlay (names, legend) are drawn after it, unoccluded.
    """
    from vtkmodules.vtkRenderingOpenGL2 import (
        vtkCameraPass,
        vtkLightsPass,
        vtkOpaquePass,
        vtkOrderIndependentTranslucentPass,
        vtkOverlayPass,
        vtkRenderPassCollection,
        vtkSequencePass,
        vtkSSAOPass,
        vtkTranslucentPass,
        vtkVolumetricPass,
    )

    def sequence(*passes):
        collection = vtkRenderPassCollection()
        for p in passes:
            collection.AddItem(p)
        seq = vtkSequencePass()
        seq.SetPasses(collection)
        return seq

    camera = vtkCameraPass()
    camera.SetDelegatePass(sequence(vtkLightsPass(), vtkOpaquePass()))
    ao = vtkSSAOPass()
    ao.SetRadius(RADIUS)
    ao.SetBias(BIAS)
    ao.SetKernelSize(kernel)
    ao.SetBlur(True)
    ao.SetDelegatePass(camera)
    blend = vtkOrderIndependentTranslucentPass()
    blend.SetTranslucentPass(vtkTranslucentPass())
    return sequence(ao, blend, vtkVolumetricPass(), vtkOverlayPass())


def frames(region: str, blocks: int, n: int) -> None:
    from spineviz import bench
    from spineviz.render.offscreen import _scene_passes

    app, window, renders = bench.playing_window(region)
    ren = window.plotter.renderer
    setups = {"default": lambda: None, "steps": _scene_passes}
    setups.update({f"ao{k}": (lambda k=k: occluding(k)) for k in KERNELS})
    names = list(setups)
    wall = {s: [] for s in names}
    cpu = {s: [] for s in names}
    loads = []
    for b in range(blocks):
        order = names[b % len(names):] + names[:b % len(names)]
        for s in order[::-1] if b % 2 else order:
            ren.SetPass(setups[s]())
            bench._app_frames(app, window, 4, renders)
            wall[s] += bench._app_frames(app, window, n, renders, cpu[s])
        loads.append(os.getloadavg()[0])
    print(f"{region}: view {window.plotter.window_size}, radius {RADIUS} mm, bias {BIAS} mm; "
          f"load (1 min) {min(loads):.1f}-{max(loads):.1f}; {blocks} blocks of {n} ticks")
    for s in names:
        w, c = statistics.median(wall[s]), statistics.median(cpu[s])
        q = statistics.quantiles(wall[s], n=4)
        print(f"  {s:8s} wall {w * 1e3:6.1f} ms (quartiles {q[0] * 1e3:.0f}-{q[2] * 1e3:.0f}), "
              f"process CPU {c * 1e3:6.1f} ms a tick")
    window.close()


def exports(repeats: int) -> None:
    from dataclasses import replace

    import numpy as np
    import pyvista.plotting  # noqa: F401  (as bench._child_exports)

    from spineviz.anatomy.spine import load_spine
    from spineviz.motion.loads import facet_loads
    from spineviz.render import offscreen
    from spineviz.render.clip import export_animation
    from spineviz.render.export import export_png
    from spineviz.scene import Animation, SceneState

    plain = offscreen._scene_passes
    spine = load_spine()
    facet_loads(spine, np.repeat(np.eye(4)[None], 25, axis=0))
    cycle = Animation(preset="flexion_extension").cycle
    layers = replace(SceneState().layers, labels=True)
    clip = SceneState(region="lumbar", loads=True, layers=layers,
                      animation=Animation(preset="flexion_extension", speed=cycle / 2.0))
    still = SceneState(loads=True, layers=layers)
    times = {k: [] for k in ("gif plain", "gif ao", "png plain", "png ao")}
    loads = []
    keep = Path(tempfile.gettempdir()) / "shade35-exports"
    keep.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeats):
            for kind in ("plain", "ao")[:: 1 if i % 2 == 0 else -1]:
                offscreen._scene_passes = plain if kind == "plain" else (lambda: occluding(KERNELS[0]))
                t = time.perf_counter()
                export_animation(clip, Path(tmp) / f"clip-{kind}.gif", size=(800, 800), fps=20, spine=spine)
                times[f"gif {kind}"].append(time.perf_counter() - t)
                t = time.perf_counter()
                export_png(still, Path(tmp) / f"spine-{kind}.png", size=(1200, 1600), spine=spine)
                times[f"png {kind}"].append(time.perf_counter() - t)
                loads.append(os.getloadavg()[0])
        for f in Path(tmp).iterdir():
            shutil.copy(f, keep / f.name)
    offscreen._scene_passes = plain
    print(f"exports: radius {RADIUS} mm, bias {BIAS} mm, kernel {KERNELS[0]}; load (1 min) "
          f"{min(loads):.1f}-{max(loads):.1f}; pictures in {keep}")
    for k, v in times.items():
        print(f"  {k:10s} median {statistics.median(v):.2f} s (" + ", ".join(f"{x:.2f}" for x in v) + ")")


def startup_child(kind: str, spawned_at: float) -> None:
    import json

    from spineviz import bench

    if kind == "ao":
        import spineviz.app.window as app_window

        made = app_window.make_view

        def make_view(parent=None):
            view = made(parent)
            view.renderer.SetPass(occluding(KERNELS[0]))
            print("occlusion set:", view.renderer.GetPass().GetClassName(), file=sys.stderr)
            return view

        app_window.make_view = make_view
    out = bench._child_startup("app", spawned_at)
    print(json.dumps(out))


def startup(runs: int) -> None:
    import json

    env = dict(os.environ, QT_QPA_PLATFORM="xcb")
    first = {"plain": [], "ao": []}
    loads = []
    for i in range(runs):
        for kind in ("plain", "ao")[:: 1 if i % 2 == 0 else -1]:
            r = subprocess.run([sys.executable, __file__, "startup-child", kind, repr(time.time())],
                               capture_output=True, text=True, env=env, timeout=300, check=True)
            first[kind].append(json.loads(r.stdout.strip().splitlines()[-1])["first_frame_s"])
            assert ("occlusion set: vtkSequencePass" in r.stderr) == (kind == "ao"), r.stderr[-500:]
            loads.append(os.getloadavg()[0])
    print(f"first frame: kernel {KERNELS[0]}; load (1 min) {min(loads):.1f}-{max(loads):.1f}")
    for k, v in first.items():
        print(f"  {k:6s} median {statistics.median(v):.2f} s (" + ", ".join(f"{x:.2f}" for x in v) + ")")


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "frames":
        frames(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 4, int(sys.argv[4]) if len(sys.argv) > 4 else 15)
    elif what == "exports":
        exports(int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    elif what == "startup":
        startup(int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    else:
        startup_child(sys.argv[2], float(sys.argv[3]))
