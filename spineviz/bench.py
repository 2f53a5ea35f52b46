"""The benchmark: each figure as a median of several runs, with the ratio to its floor, in one run.

``python -m spineviz.bench [--quick] [--json FILE]`` prints a table and writes it as JSON. Timings are
never asserted in tests (machines are noisy); this script is how speed and memory are measured. The GUI
figures need an X display; with none, an Xvfb is started for the run.

Figures and their floors:
- pose + facet_loads per call for the whole spine (target: far under 1 ms);
- loading the mesh set (and, once, building it from scratch);
- frame rate of the animated spine (whole, and one region) with load colouring and level labels in the
  app's window at 1280x800 with its side panels, each frame a tick of Play as the app runs it (state
  change, pose, colours, marks, panels, one render); against a bare render of the same drawn set (the
  same actors at the same level of detail, no updates), in the same window and run (issue 13: >= 20
  and >= 30 frames a second; ratio <= 1.05);
- start-up to the first rendered frame, against importing the same libraries and showing a bare
  pyvistaqt interactor with the same meshes (target <= 3 s);
- exports as the app makes them (its loaded meshes reused): a 2-second 20 fps GIF of a region at
  800x800 (<= 5 s) and a full-spine PNG at 1200x1600 (<= 2 s);
- peak memory of the app after animating, against the floor process doing the same rendering (<= 1.1):
  the bare window with its camera on the whole spine as the app's is. Until session 17 the floor's camera
  stayed on the lowest vertebrae (see ``_bare_plotter``); that close-up is still measured and written as
  ``memory.closeup_mb`` and ``memory.ratio_closeup``, so the older figures can be compared.

The JSON carries these at its top level (``animated_fps``, ``region_fps``, ``frame_ratio``,
``first_frame_s``, ``gif_export_s``, ``png_export_s``, ``peak_memory_ratio``, ``machine``, and since session 26
``play_start_ms``: the wall time of pressing Play on the whole spine, which works out the preset's whole cycle of
moments before the first tick) with the
detail under ``model``, ``meshes`` and ``gui``. Since session 27 also ``paced_frame_ratio`` and
``region_paced_frame_ratio``: the frame timed from its tick to its render while Play runs on its own timer, from the
moment Play is pressed, so the gaps between frames prepare what later frames show (``gui.frame.paced``). The
back-to-back ``frame_ratio`` stays the issue's figure: with no gaps, it is the frame with nothing prepared ahead.

Since session 30 the back-to-back frames are also timed in pairs (``_paired_frames``): an app frame, then at once a
bare render of the picture it drew, ``n`` pairs a block beside the blocks of ``n`` app frames then ``n`` bare renders.
``frame_ratio`` and ``region_frame_ratio`` are the median of the pairs' own ratios (``gui.frame.<region>.
paired_ratio``; process and main-thread CPU as ``paired_cpu_ratio``, ``paired_thread_ratio``); the blocks' ratio of
medians, the figure until session 29, stays beside them as ``frame_ratio_blocks`` and ``region_frame_ratio_blocks``
(``gui.frame.<region>.ratio``, with each block's own ratio in ``block_ratios``). The same measure (each animated frame
against a bare render of the same drawn set, same run, back to back) sampled so that the two halves of a ratio are
never a block apart: in a block the bare renders run a second or more after the frames they are set against, and a
busy machine's load changes within that; on the shared machine the blocks' wall ratio of one run ranged 0.60-1.20
over seven runs, the pairs' 1.08-1.18 over four (docs/performance.md, session 30).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path


def _median_time(fn, repeats: int, number: int) -> float:
    """Median seconds per call over ``repeats`` batches of ``number`` calls."""
    samples = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - t) / number)
    return statistics.median(samples)


def bench_model(quick: bool) -> dict:
    from spineviz.anatomy.spine import model
    from spineviz.motion import parse_motion
    from spineviz.motion.loads import facet_loads
    from spineviz.motion.pose import pose

    m = model()
    motion = parse_motion("extension=15, rotation=8, bend=5", region="all")
    facet_loads(m, pose(m, motion))
    per_call = _median_time(lambda: facet_loads(m, pose(m, motion)), 5 if quick else 9, 200 if quick else 1000)
    floor = _median_time(lambda: m.frames @ m.frames, 5, 1000)  # one batched 25x4x4 matmul: numpy's own cost
    return {"pose_plus_loads_ms": per_call * 1e3, "floor_batched_matmul_ms": floor * 1e3,
            "ratio": per_call / floor}


def bench_meshes(quick: bool) -> dict:
    from spineviz.anatomy import meshbuild
    from spineviz.anatomy.levels import LEVELS
    from spineviz.anatomy.spine import load_spine

    load = _median_time(lambda: load_spine(verify=True), 3 if quick else 5, 1)
    levels = [lv for lv in LEVELS if lv.name in ("C5", "T6", "L4")] if quick else None
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        meshbuild.build_mesh_set(Path(tmp), levels=levels)
        build = time.perf_counter() - t
    return {"load_mesh_set_s": load, "build_s": build,
            "build_levels": "C5, T6, L4 (quick)" if quick else "all 25", "ratio": build / load}


# --- GUI figures (run in child processes so each gets a clean interpreter) ------------------------------
def _child_env(display: bool = True) -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "xcb")
    if not display:  # exports run as the CLI runs them with no display: EGL, no X server
        env.pop("DISPLAY", None)
        env["VTK_DEFAULT_OPENGL_WINDOW"] = "vtkEGLRenderWindow"
    return env


def _run_child(kind: str, *args: str, timeout: float = 300, display: bool = True) -> dict:
    t0 = time.perf_counter()
    args = tuple(repr(time.time()) if a == "SPAWN" else a for a in args)
    r = subprocess.run([sys.executable, "-m", "spineviz.bench", "--child", kind, *args], capture_output=True,
                       text=True, timeout=timeout, env=_child_env(display))
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        raise RuntimeError(f"benchmark child {kind} failed:\n{r.stderr[-3000:]}")
    out = json.loads(r.stdout.strip().splitlines()[-1])
    out["wall_s"] = wall
    return out


def _bare_plotter(window, framed: bool = True):
    """The floor: a pyvistaqt interactor with the same meshes and the same actors, nothing else.

    Framed, its camera shows the whole spine from the left as the app's does, so the floor draws the picture the
    app draws. Unframed, the camera stays where PyVista put it when the first part was added: a close-up of the
    lowest vertebrae and the sacrum with 110 of the 121 bones and cartilage layers outside the picture, which
    software OpenGL clips before it bins them. That was the start-up and memory floor until session 17, when
    perf17 looked at the floor's back buffer; software OpenGL's per-frame memory grows with the triangles in
    view, so against it the app was charged for drawing the spine at all.
    """
    from pyvistaqt import QtInteractor

    from spineviz.anatomy.spine import load_spine
    from spineviz.render import look
    from spineviz.render.spine_actors import SpineActors

    plotter = QtInteractor(window, multi_samples=0, auto_update=False)
    window.setCentralWidget(plotter.interactor)
    spine = load_spine()
    SpineActors.build(plotter, spine)
    if framed:
        look.frame_view(plotter, "left", plotter.renderer.ComputeVisiblePropBounds())
    return plotter


def _child_startup(kind: str, spawned_at: float) -> dict:
    """Wall-clock seconds from the parent spawning this process to the first frame drawn on screen.

    The first frame is the end of the first render of the window's 3D view while the window is on screen
    (exposed) and the view laid out (over 200 pixels each way: not a stand-in drawn before the layout), with Qt's event
    loop running as in the app, so work the app defers until after that frame is not counted in it. For
    the app, ``ready_s`` is when that deferred start-up work has run too.
    """
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance() or QApplication([])
    if kind == "app":
        from spineviz.app.window import MainWindow

        window = MainWindow()
        plotter = window.plotter
    else:
        window = QMainWindow()
        plotter = _bare_plotter(window)
    from spineviz.app.first_frame import on_screen

    frames: list[float] = []

    def drawn(*_) -> None:  # a frame someone can see the spine in: the window on screen, the view laid out
        if on_screen(window) and min(plotter.ren_win.GetSize()) > 200:
            frames.append(time.time())

    plotter.ren_win.AddObserver("EndEvent", drawn)
    window.resize(1280, 800)
    window.show()
    end = time.perf_counter() + 120
    while not frames and time.perf_counter() < end:
        app.processEvents()
    if not frames:  # no paint reached the 3D view: draw as the floor always could
        plotter.render()
    first = (frames[0] if frames else time.time()) - spawned_at
    startup = getattr(window, "first_frame", None)
    while startup is not None and not startup.done and time.perf_counter() < end:
        app.processEvents()
    ready = time.time() - spawned_at
    window.close()
    return {"first_frame_s": first, "ready_s": ready}


def _counting_renders(plotter) -> list:
    """A list that grows by one at the end of every render of ``plotter``'s window."""
    renders: list = []
    plotter.ren_win.AddObserver("EndEvent", lambda *_: renders.append(1))
    return renders


def _app_frames(app, window, n: int, renders: list, cpu: list | None = None) -> list[float]:
    """``n`` ticks of Play as the app runs them: the clock's tick, then Qt's events (panels, the one render).

    Returns wall seconds a tick; ``cpu`` (if given) gets the process's CPU seconds a tick (all threads,
    llvmpipe's included), which waiting for a core on a busy machine does not inflate.
    """
    live = window.live
    times = []
    for _ in range(n):
        before = len(renders)
        t, c = time.perf_counter(), time.process_time()
        live._tick()
        app.processEvents()
        if len(renders) == before:  # the repaint was not delivered in this pass: draw as the paint would
            window.plotter.ren_win.Render()
        times.append(time.perf_counter() - t)
        if cpu is not None:
            cpu.append(time.process_time() - c)
    return times


def _hold_clock(live) -> None:
    """Keep the app playing, with its clock's timer never due: the bench calls the ticks itself.

    The app is still *playing* (the side panels follow at their pace, detail stays coarse), as it would be
    with the timer running; only when a tick comes is up to the bench: one per frame, as fast as it is drawn.
    """
    live.timer.start(2**31 - 1)


def _bare_frames(plotter, n: int, cpu: list | None = None) -> list[float]:
    """``n`` renders of exactly what is drawn now (same actors, same level of detail), no updates."""
    times = []
    for _ in range(n):
        t, c = time.perf_counter(), time.process_time()
        plotter.ren_win.Render()
        times.append(time.perf_counter() - t)
        if cpu is not None:
            cpu.append(time.process_time() - c)
    return times


def frames_window():
    """(app, window, renders): the animated-frame measure's window, as the app shows it to a user.

    The window at 1280x800 with its side panels, the coarse bones made, load colours and level names on;
    ``renders`` grows by one at the end of each render. Shared with the measuring scripts in docs/.
    """
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from spineviz.app.window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(settings=QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat))
    window.resize(1280, 800)
    window.show()
    for _ in range(10):
        app.processEvents()
    prepare = getattr(window.viewport, "prepare_detail", None)  # issue 13's coarse bones (absent before it)
    if prepare is not None:
        prepare()
    window.live.update(loads=True)
    window.live.update_layers(labels=True)
    return app, window, _counting_renders(window.plotter)


def playing_window(region: str = "all", preset: str = "extension_rotation", warm: int = 20):
    """:func:`frames_window` playing ``preset`` on ``region``, the clock held, ``warm`` ticks drawn.

    The set-up of the measuring scripts in docs/ (session 22's).
    """
    app, window, renders = frames_window()
    window.live.set_region(region)
    window.live.play(preset)
    _hold_clock(window.live)
    _app_frames(app, window, warm, renders)
    return app, window, renders


def timed_names_handler(window) -> list[int]:
    """Time the level names' render handler: the returned list's one item is its last call's main-thread CPU (ns).

    The handler (``ScreenLabels._on_render``, run at each render's start) is observed again through a wrapper;
    shared by the measuring scripts in docs/ (sessions 22 and 23).
    """
    from spineviz.render.marks import marks_of

    names = marks_of(window.plotter).labels
    ren = window.plotter.renderer
    last = [0]

    def timed(*_args) -> None:
        t = time.thread_time_ns()
        names._on_render()
        last[0] = time.thread_time_ns() - t

    ren.RemoveObserver(names._observer)
    names._observer = ren.AddObserver("StartEvent", timed)
    return last


def _child_frames(n: int, blocks: int) -> dict:
    """Animated frames (whole spine, then the lumbar region) against bare renders, same window and run."""
    app, window, renders = frames_window()
    live = window.live
    out = {"viewport_px": list(window.plotter.window_size), "panels_visible": _panels_visible(window),
           "view": type(window.plotter).__name__}  # NativeView on X11 unless SPINEVIZ_VIEW=qt; else QtInteractor
    for region in ("all", "lumbar"):
        live.set_region(region)
        started, started_cpu = time.perf_counter(), time.thread_time()
        live.play("extension_rotation")  # since session 26 it works out the whole cycle before the first tick
        started, started_cpu = time.perf_counter() - started, time.thread_time() - started_cpu
        _hold_clock(live)
        _app_frames(app, window, 5, renders)  # warm up (the camera glide to the region, first uploads)
        actors = window.actors
        lod = hasattr(actors, "allow_coarse")
        app_times, floor_times, full_times, app_cpu, floor_cpu = [], [], [], [], []
        settled_times, settled_cpu = [], []
        settling = hasattr(actors, "settle_colours")  # issue 13, session 8: colours by uniforms while playing
        near_times: list[float] = []  # issue 13, session 9: the same frames without the distant bones
        near_cpu: list[float] = []
        kept = [0, 0]  # look-ups of the app frames served from the kept moments, and computed (session 23)
        paired: dict = {k: [] for k in ("app", "bare", "app_cpu", "bare_cpu", "app_thread", "bare_thread",
                                        *(f"{side}_{key}" for side in ("app", "bare") for key in SPLIT))}
        block_ratios: list[float] = []
        for b in range(blocks):  # interleaved, so a busy machine slows both alike
            if b % 2:  # the pairs first every other block (session 30), so neither sampling always follows the other
                _paired_frames(app, window, n, renders, paired)
            looked = (getattr(live, "moment_hits", 0), getattr(live, "moment_misses", 0))
            app_block = _app_frames(app, window, n, renders, app_cpu)
            app_times += app_block
            kept[0] += getattr(live, "moment_hits", 0) - looked[0]
            kept[1] += getattr(live, "moment_misses", 0) - looked[1]
            drawn_distant = getattr(actors, "distant", False)  # the whole spine's moving bones (session 9)
            floor_block = _bare_frames(window.plotter, n, floor_cpu)
            floor_times += floor_block
            block_ratios.append(statistics.median(app_block) / statistics.median(floor_block))
            if not b % 2:
                _paired_frames(app, window, n, renders, paired)
            if settling:  # the same ticks writing the 96 cartilage properties each tick, as before session 8
                with _properties_each_tick(actors, window.viewport.renderer):
                    settled_times += _app_frames(app, window, n, renders, settled_cpu)
            triangles = _triangles(actors)
            if lod:  # the same frames with the coarse bones switched off: what the level of detail saves
                actors.allow_coarse = False
                full_times += _app_frames(app, window, n, renders)
                full_triangles = _triangles(actors)
                actors.allow_coarse = True
            if drawn_distant:  # the same frames with the 1,500-triangle bones: what the distant ones save
                actors.allow_distant = False
                near_times += _app_frames(app, window, n, renders, near_cpu)
                near_triangles = _triangles(actors)
                actors.allow_distant = True
        a, f = statistics.median(app_times), statistics.median(floor_times)
        ac, fc = statistics.median(app_cpu), statistics.median(floor_cpu)
        out[region] = {"app_frame_ms": a * 1e3, "floor_frame_ms": f * 1e3, "ratio": a / f, "fps": 1.0 / a,
                       "triangles_drawn": triangles, "app_frame_cpu_ms": ac * 1e3, "floor_frame_cpu_ms": fc * 1e3,
                       "cpu_ratio": ac / fc, "moments_kept_share": kept[0] / max(1, sum(kept)),
                       "play_start_ms": started * 1e3, "play_start_cpu_ms": started_cpu * 1e3,
                       "cycle_moments": len(getattr(live, "_kept", ()))}
        out[region].update(_paired_figures(paired), block_ratios=block_ratios)
        split = _split_figures(paired)
        if split:
            out[region]["paired_split"] = split
        out[region]["changed_floor"] = _changed_floor(app, window, n, renders)
        if settling:
            st, sc = statistics.median(settled_times), statistics.median(settled_cpu)
            out[region].update(properties_each_tick_frame_ms=st * 1e3, properties_each_tick_ratio=st / f,
                               properties_each_tick_cpu_ratio=sc / fc)
        if near_times:
            near = statistics.median(near_times)
            out[region].update(coarse_bones_frame_ms=near * 1e3, coarse_bones_triangles=near_triangles,
                               distant_speedup=near / a, distant_cpu_speedup=statistics.median(near_cpu) / ac)
        if lod:
            full = statistics.median(full_times)
            out[region].update(full_detail_frame_ms=full * 1e3, full_detail_triangles=full_triangles,
                               lod_speedup=full / a)
        live.pause()
    window.close()
    return out


class _RenderClock:
    """Times each render of ``plotter``'s window from inside it (issue 13, session 36), for the pairs' split.

    The render window's ``StartEvent`` to its ``EndEvent`` is the ``vtkRenderWindow.Render`` call itself (wall,
    process CPU and main-thread CPU, summed over the renders since the last :meth:`take`); the renderer's ``StartEvent``
    observers (the level names' layout, ``ScreenLabels._on_render``, and the merged detail's check) are timed apart,
    main-thread CPU, by two observers of the same event around them (priority 1 runs before them, -1 after). Python
    callbacks: each render, the app frame's and the bare one alike, runs four more (some microseconds).
    """

    def __init__(self, plotter) -> None:
        self.ren_win, self.renderer = plotter.ren_win, plotter.renderer
        self._sums = [0.0, 0.0, 0.0, 0.0]  # render wall, process CPU, main-thread CPU; start observers' thread CPU
        self._at = (0.0, 0.0, 0.0)
        self._observers_at = 0.0
        self._tags = [(self.ren_win, self.ren_win.AddObserver("StartEvent", self._start)),
                      (self.ren_win, self.ren_win.AddObserver("EndEvent", self._end)),
                      (self.renderer, self.renderer.AddObserver("StartEvent", self._observers_start, 1.0)),
                      (self.renderer, self.renderer.AddObserver("StartEvent", self._observers_end, -1.0))]

    def _start(self, *_args) -> None:
        self._at = (time.perf_counter(), time.process_time(), time.thread_time())

    def _end(self, *_args) -> None:
        w, c, t = time.perf_counter(), time.process_time(), time.thread_time()
        self._sums[0] += w - self._at[0]
        self._sums[1] += c - self._at[1]
        self._sums[2] += t - self._at[2]

    def _observers_start(self, *_args) -> None:
        self._observers_at = time.thread_time()

    def _observers_end(self, *_args) -> None:
        self._sums[3] += time.thread_time() - self._observers_at

    def take(self) -> tuple[float, float, float, float]:
        """(wall, process CPU, main-thread CPU, the start observers' main-thread CPU) since the last take, seconds."""
        sums, self._sums = self._sums, [0.0, 0.0, 0.0, 0.0]
        return sums[0], sums[1], sums[2], sums[3]

    def remove(self) -> None:
        for obj, tag in self._tags:
            obj.RemoveObserver(tag)


SPLIT = ("render", "render_cpu", "render_thread", "observers_thread")
"""The pairs' lists of the split (:func:`_paired_frames`), each prefixed ``app_`` or ``bare_``."""


def _time_pair_half(out: dict, half: str, clock, draw) -> None:
    """Time ``draw``, one half of a pair (``half``: "app" or "bare"), into ``out``'s lists.

    ``half``, ``half_cpu`` and ``half_thread`` take its wall, process and main-thread seconds; with a render clock
    the split's lists (``half_<key>`` for each key of SPLIT) take what the clock saw inside it.
    """
    w, c, t = time.perf_counter(), time.process_time(), time.thread_time()
    draw()
    out[half].append(time.perf_counter() - w)
    out[f"{half}_cpu"].append(time.process_time() - c)
    out[f"{half}_thread"].append(time.thread_time() - t)
    if clock is not None:
        for key, v in zip(SPLIT, clock.take(), strict=True):
            out[f"{half}_{key}"].append(v)


def _paired_frames(app, window, n: int, renders: list, out: dict) -> None:
    """``n`` times an app frame (a tick of Play, as :func:`_app_frames`) then one bare render of what it drew.

    Each pair's two frames are back to back, so what slows the machine for a while slows both of a pair; the bare
    render draws the very picture of the frame before it. Appends wall seconds, process CPU and main-thread CPU
    (``time.thread_time``) to ``out``'s lists ``app``, ``bare``, ``app_cpu``, ``bare_cpu``, ``app_thread``,
    ``bare_thread`` (issue 13, session 30). Since session 36 each frame's VTK render is timed from inside it
    (:class:`_RenderClock`): ``app_render``, ``app_render_cpu``, ``app_render_thread`` and ``app_observers_thread``
    (the renderer's start observers: the names' layout) and the same for ``bare_``, when ``out`` has those lists
    (it is given them by :func:`_child_frames`); the pairs' own times are taken as before, outside it.
    """
    ren_win = window.plotter.ren_win
    clock = _RenderClock(window.plotter) if "app_render" in out else None
    try:
        for _ in range(n):
            if clock is not None:
                clock.take()
            _time_pair_half(out, "app", clock, lambda: _app_frames(app, window, 1, renders))
            _time_pair_half(out, "bare", clock, ren_win.Render)
    finally:
        if clock is not None:
            clock.remove()


def _split_figures(paired: dict) -> dict:
    """The pairs' split (session 36): each frame's VTK render and the rest, medians in ms, and the render's ratios.

    ``app``/``bare``: ``render_ms``, ``render_cpu_ms``, ``render_thread_ms`` (the ``vtkRenderWindow.Render`` call),
    ``observers_thread_ms`` (the renderer's start observers inside it: the names' layout), ``rest_ms``,
    ``rest_cpu_ms``, ``rest_thread_ms`` (the frame less its render: for the app frame the tick outside the render and
    Qt's event pass). Pair by pair: ``render_ratio`` (wall), ``render_cpu_ratio``, ``render_thread_ratio``, the
    medians of each app render's ratio to the bare render after it; ``render_less_observers_thread_ratio`` the same
    less the start observers on both sides (VTK's own part); ``excess_ms`` and ``excess_thread_ms``, the medians
    of the pairs' differences (app frame less bare render) and of their parts: ``excess_render_ms``,
    ``excess_render_thread_ms``, ``excess_observers_thread_ms``, ``excess_rest_ms``, ``excess_rest_thread_ms``.
    Empty when the pairs carry no split.
    """
    if not paired.get("app_render"):
        return {}
    med = statistics.median

    def ms(values) -> float:
        return med(values) * 1e3

    def diffs(a, b):
        return [x - y for x, y in zip(a, b, strict=True)]

    out: dict = {}
    for side, total in (("app", "app"), ("bare", "bare")):
        out[side] = {"render_ms": ms(paired[f"{side}_render"]), "render_cpu_ms": ms(paired[f"{side}_render_cpu"]),
                     "render_thread_ms": ms(paired[f"{side}_render_thread"]),
                     "observers_thread_ms": ms(paired[f"{side}_observers_thread"]),
                     "rest_ms": ms(diffs(paired[total], paired[f"{side}_render"])),
                     "rest_cpu_ms": ms(diffs(paired[f"{total}_cpu"], paired[f"{side}_render_cpu"])),
                     "rest_thread_ms": ms(diffs(paired[f"{total}_thread"], paired[f"{side}_render_thread"]))}

    def ratio(a, b) -> float:
        return med(x / y for x, y in zip(a, b, strict=True) if y > 0)

    vtk_app = diffs(paired["app_render_thread"], paired["app_observers_thread"])
    vtk_bare = diffs(paired["bare_render_thread"], paired["bare_observers_thread"])
    out.update(render_ratio=ratio(paired["app_render"], paired["bare_render"]),
               render_cpu_ratio=ratio(paired["app_render_cpu"], paired["bare_render_cpu"]),
               render_thread_ratio=ratio(paired["app_render_thread"], paired["bare_render_thread"]),
               render_less_observers_thread_ratio=ratio(vtk_app, vtk_bare),
               excess_ms=ms(diffs(paired["app"], paired["bare"])),
               excess_thread_ms=ms(diffs(paired["app_thread"], paired["bare_thread"])),
               excess_render_ms=ms(diffs(paired["app_render"], paired["bare_render"])),
               excess_render_thread_ms=ms(diffs(paired["app_render_thread"], paired["bare_render_thread"])),
               excess_observers_thread_ms=ms(diffs(paired["app_observers_thread"], paired["bare_observers_thread"])),
               excess_vtk_thread_ms=ms(diffs(vtk_app, vtk_bare)),
               excess_rest_ms=ms(diffs(diffs(paired["app"], paired["app_render"]),
                                       diffs(paired["bare"], paired["bare_render"]))),
               excess_rest_thread_ms=ms(diffs(diffs(paired["app_thread"], paired["app_render_thread"]),
                                              diffs(paired["bare_thread"], paired["bare_render_thread"]))))
    return out


def _paired_figures(paired: dict) -> dict:
    """The figures of :func:`_paired_frames`' lists: each app frame's ratio to the bare render after it, the median.

    ``paired_ratio`` (wall), ``paired_cpu_ratio`` (process CPU) and ``paired_thread_ratio`` (main-thread CPU) are
    medians of the pairs' own ratios; ``paired_app_frame_ms`` and ``paired_floor_frame_ms`` the medians of each
    kind (wall). Empty when no pair was timed.
    """
    if not paired["app"]:
        return {}

    def ratio(app: str, bare: str) -> float:
        return statistics.median(a / b for a, b in zip(paired[app], paired[bare], strict=True))

    return {"paired_ratio": ratio("app", "bare"), "paired_cpu_ratio": ratio("app_cpu", "bare_cpu"),
            "paired_thread_ratio": ratio("app_thread", "bare_thread"),
            "paired_app_frame_ms": statistics.median(paired["app"]) * 1e3,
            "paired_floor_frame_ms": statistics.median(paired["bare"]) * 1e3, "pairs": len(paired["app"])}


def _state_objects(renderer) -> list:
    """The VTK objects whose state a frame may change, other than the props themselves (session 36).

    Of every view prop: its user matrix; for a 3-D actor its mapper, the mapper's input, its property, its shader
    property and that property's custom uniforms; for a 2-D actor its position coordinates and their reference
    coordinates, its mapper, the mapper's input and (a text actor) its text property; the camera and the lights.
    Each once. A prop's own modification time takes in its user matrix's, so props are left out: modifying one would
    be another change (the app watches its bones' actors for ``ModifiedEvent``).
    """
    from vtkmodules.vtkRenderingCore import vtkActor, vtkActor2D, vtkProp3D, vtkTextActor

    found: dict[int, object] = {}

    def add(obj) -> None:
        if obj is not None:
            found.setdefault(id(obj), obj)

    add(renderer.GetActiveCamera())
    lights = renderer.GetLights()
    for k in range(lights.GetNumberOfItems()):
        add(lights.GetItemAsObject(k))
    props = renderer.GetViewProps()
    for k in range(props.GetNumberOfItems()):
        prop = props.GetItemAsObject(k)
        if isinstance(prop, vtkProp3D):
            add(prop.GetUserMatrix())
        if isinstance(prop, vtkActor):
            mapper = prop.GetMapper()
            add(mapper)
            if mapper is not None and mapper.GetNumberOfInputPorts() and mapper.GetNumberOfInputConnections(0):
                add(mapper.GetInputDataObject(0, 0))
            add(vtkActor.GetProperty(prop))
            shader = prop.GetShaderProperty()
            add(shader)
            for uniforms in (shader.GetVertexCustomUniforms(), shader.GetFragmentCustomUniforms(),
                             shader.GetGeometryCustomUniforms()):
                add(uniforms)
        if isinstance(prop, vtkActor2D):
            for coordinate in (prop.GetPositionCoordinate(), prop.GetPosition2Coordinate()):
                add(coordinate)
                add(coordinate.GetReferenceCoordinate())
            mapper = prop.GetMapper()
            add(mapper)
            if mapper is not None and mapper.GetNumberOfInputPorts() and mapper.GetNumberOfInputConnections(0):
                add(mapper.GetInputDataObject(0, 0))
            if isinstance(prop, vtkTextActor):
                add(prop.GetTextProperty())
    return list(found.values())


def _changed_in(objects: list, fn) -> list:
    """Those of ``objects`` whose modification time ``fn()`` moved."""
    before = [obj.GetMTime() for obj in objects]
    fn()
    return [obj for obj, t in zip(objects, before, strict=True) if obj.GetMTime() != t]


def _changed_floor(app, window, n: int, renders: list, census: int = 3) -> dict:
    """A fair floor for the app frame (issue 13, session 36): a bare render after the frame's own VTK changes.

    The pairs' bare render draws a scene that nothing changed since the render before it; the app frame's render
    draws one whose matrices, colours' uniforms and names' positions the tick changed, and VTK's render works on
    every changed object again (matrices and bounds, buffers of changed geometry). Here the objects a tick changes
    are found first (after one app frame, ``census`` app frames: the objects of :func:`_state_objects` whose
    modification time each of them moved and a bare render did not), then ``n`` triples are timed: an app frame, a
    bare render of its picture, and a *touched* render: the same picture again after ``Modified()`` on each of those
    objects, plain VTK calls and no value changed (so no other pixel, and no Python of the app's but the renderer's
    start observers, which find their inputs unchanged). The pairs are not touched: these triples run apart, after
    them.

    Returns the objects touched (their number and classes), the medians (ms) of each kind, wall and main-thread CPU,
    ``touched_ratio`` (each touched render against the bare render before it: what VTK's reaction to the changes
    costs) and ``frame_ratio`` (each app frame against the touched render after it), with ``bare_frame_ratio`` (the
    same app frames against their bare renders) beside it.
    """
    plotter = window.plotter
    ren_win = plotter.ren_win
    objects = _state_objects(plotter.renderer)
    _app_frames(app, window, 1, renders)  # what the frames before changed once (the detail set back) is not a tick's
    changed: dict[int, object] | None = None
    for _ in range(census):  # what every tick changes and no bare render does
        bare = {id(obj) for obj in _changed_in(objects, ren_win.Render)}
        frame = {id(obj): obj for obj in _changed_in(objects, lambda: _app_frames(app, window, 1, renders))
                 if id(obj) not in bare}
        changed = frame if changed is None else {k: v for k, v in changed.items() if k in frame}
        for obj in _changed_in(objects, ren_win.Render):
            changed.pop(id(obj), None)
    touched = list((changed or {}).values())
    times: dict[str, list[float]] = {k: [] for k in ("app", "bare", "touched", "app_thread", "bare_thread",
                                                     "touched_thread")}

    def timed(kind: str, fn) -> None:
        w, t = time.perf_counter(), time.thread_time()
        fn()
        times[kind].append(time.perf_counter() - w)
        times[f"{kind}_thread"].append(time.thread_time() - t)

    def touch_and_render() -> None:
        for obj in touched:
            obj.Modified()
        ren_win.Render()

    for _ in range(n):
        timed("app", lambda: _app_frames(app, window, 1, renders))
        timed("bare", ren_win.Render)
        timed("touched", touch_and_render)

    def ratio(a: str, b: str) -> float:
        return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))

    classes: dict[str, int] = {}
    for obj in touched:
        classes[obj.GetClassName()] = classes.get(obj.GetClassName(), 0) + 1
    return {"objects_touched": len(touched), "classes_touched": classes, "triples": n,
            **{f"{k}_ms": statistics.median(v) * 1e3 for k, v in times.items()},
            "touched_ratio": ratio("touched", "bare"), "touched_thread_ratio": ratio("touched_thread", "bare_thread"),
            "frame_ratio": ratio("app", "touched"), "bare_frame_ratio": ratio("app", "bare")}


def _paced_frames(app, window, seconds: float, renders: list, out: dict) -> None:
    """Play as the app plays it for ``seconds``: its own timer at its own pace, the event loop running.

    Each frame is timed from its tick's start to the end of the render that shows it (wall and process CPU),
    so what the app does in the gaps between frames (the cycle's moments and names prepared ahead, session 24-27)
    is not counted in a frame, and a frame the preparation has not reached yet pays for its moment itself.
    Appends to ``out["wall"]`` and ``out["cpu"]``; counts the ticks served from kept moments.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    from spineviz.app.live_scene import FRAME_MS

    live = window.live
    started: list = []

    def tick() -> None:
        started.append((time.perf_counter(), time.process_time()))
        live._tick()

    def drawn(*_args) -> None:
        if started:
            t, c = started.pop()
            started.clear()
            out["wall"].append(time.perf_counter() - t)
            out["cpu"].append(time.process_time() - c)

    looked = (getattr(live, "moment_hits", 0), getattr(live, "moment_misses", 0))
    live.timer.timeout.disconnect(live._tick)
    live.timer.timeout.connect(tick)
    observer = window.plotter.ren_win.AddObserver("EndEvent", drawn)
    try:
        live.timer.start(FRAME_MS)
        loop = QEventLoop()
        QTimer.singleShot(round(seconds * 1000), loop.quit)
        loop.exec()
    finally:
        live.timer.stop()
        window.plotter.ren_win.RemoveObserver(observer)
        live.timer.timeout.disconnect(tick)
        live.timer.timeout.connect(live._tick)
    out["hits"] += getattr(live, "moment_hits", 0) - looked[0]
    out["misses"] += getattr(live, "moment_misses", 0) - looked[1]


def _child_paced(seconds: float, blocks: int) -> dict:
    """Frames at Play's own pace from the moment Play is pressed (a first pass), against bare renders.

    A fresh window per region, so nothing is kept from an earlier pass: the first frames after Play find only what
    Play's budget prepared, later ones what the gaps prepared. ``blocks`` stretches of ``seconds`` / ``blocks``
    seconds of playing, each followed by as many bare renders of the same drawn set as frames were drawn.
    """
    out: dict = {}
    for region in ("all", "lumbar"):
        app, window, renders = frames_window()
        live = window.live
        live.set_region(region)
        live.play("extension_rotation")
        paced: dict = {"wall": [], "cpu": [], "hits": 0, "misses": 0}
        bare_wall: list[float] = []
        bare_cpu: list[float] = []
        for _ in range(blocks):  # interleaved, so a busy machine slows both alike
            drawn = len(paced["wall"])
            _paced_frames(app, window, seconds / blocks, renders, paced)
            bare_wall += _bare_frames(window.plotter, max(1, len(paced["wall"]) - drawn), bare_cpu)
        a, f = statistics.median(paced["wall"]), statistics.median(bare_wall)
        ac, fc = statistics.median(paced["cpu"]), statistics.median(bare_cpu)
        out[region] = {"paced_frame_ms": a * 1e3, "floor_frame_ms": f * 1e3, "ratio": a / f,
                       "paced_frame_cpu_ms": ac * 1e3, "floor_frame_cpu_ms": fc * 1e3, "cpu_ratio": ac / fc,
                       "frames": len(paced["wall"]), "seconds": seconds,
                       "moments_kept_share": paced["hits"] / max(1, paced["hits"] + paced["misses"]),
                       "play_start_ms": live.cycle_ms}
        live.pause()
        window.close()
        app.processEvents()
    return out


@contextmanager
def _properties_each_tick(actors, renderer):
    """Ticks that write the facet colours into the cartilage properties too (the path before session 8).

    Each property written makes VTK rebuild its actor before the next draw; comparing these ticks with
    the app's own, in the same run, is what the uniforms save (docs/performance.md, session 8). The prepared
    write (session 34) is switched off meanwhile: its frames never call ``set_facet_colours``, so they would
    write no properties at all.
    """
    own, prepared = actors.set_facet_colours, renderer.prepared_writes
    actors.set_facet_colours = lambda colours, settle=True: own(colours, settle=True)
    renderer.prepared_writes = False
    try:
        yield
    finally:
        del actors.set_facet_colours
        renderer.prepared_writes = prepared


def _panels_visible(window) -> list[str]:
    from PySide6.QtWidgets import QDockWidget

    return [d.windowTitle() for d in window.findChildren(QDockWidget) if d.isVisible()]


def _triangles(actors) -> int:
    parts = (*actors.bones.values(), *actors.discs.values(), *actors.cartilage.values())
    return sum(int(a.GetMapper().GetInput().GetNumberOfCells()) for a in parts if a.GetVisibility())


def _child_exports(repeats: int) -> dict:
    """The app's exports with its meshes already loaded: a 2-s 20 fps GIF of a region, a full-spine PNG.

    Each export builds its own off-screen renderer, as the app's Export does. Two things the app's window
    has done long before its first export happen before the clock starts: importing PyVista's plotting
    modules, and solving the load model's calibration (cached per process). Until 1 December 2026 the GIF's
    time included both (the import alone took 5.8 s on the busy 2-core machine). The JSON names the
    smoothing each export used (docs/performance.md).
    """
    from dataclasses import replace

    import numpy as np
    import pyvista.plotting  # noqa: F401  (the app's window has imported it: see the docstring)

    from spineviz.anatomy.spine import load_spine
    from spineviz.motion.loads import facet_loads
    from spineviz.render.clip import export_animation
    from spineviz.render.export import export_png
    from spineviz.scene import Animation, SceneState

    spine = load_spine()
    facet_loads(spine, np.repeat(np.eye(4)[None], 25, axis=0))  # the calibration, as the window's loads did

    cycle = Animation(preset="flexion_extension").cycle
    layers = replace(SceneState().layers, labels=True)
    clip = SceneState(region="lumbar", loads=True, layers=layers,
                      animation=Animation(preset="flexion_extension", speed=cycle / 2.0))  # 2 s of playback
    still = SceneState(loads=True, layers=layers)
    gif, png = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeats):
            t = time.perf_counter()
            export_animation(clip, Path(tmp) / "clip.gif", size=(800, 800), fps=20, spine=spine)
            gif.append(time.perf_counter() - t)
            t = time.perf_counter()
            export_png(still, Path(tmp) / "spine.png", size=(1200, 1600), spine=spine)
            png.append(time.perf_counter() - t)
    from spineviz.render.offscreen import SCENE_SMOOTHING

    return {"gif_s": statistics.median(gif), "gif": "lumbar, flexion_extension, 2 s at 20 fps (40 frames), 800x800",
            "png_s": statistics.median(png), "png": "whole spine with loads and labels, 1200x1600",
            "smoothing": {"clip": SCENE_SMOOTHING, "still": SCENE_SMOOTHING}, "repeats": repeats}


def _rss_mb() -> float | None:
    """Resident memory now (Linux), to tell a transient peak from what the process keeps."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return None


def _child_memory(kind: str, seconds: float) -> dict:
    """Peak RSS after ``seconds`` of animation, plus RSS when the window is built and at the end.

    ``peak_rss_mb`` is what the ratio uses; ``built_rss_mb`` (meshes, actors, panels; nothing drawn yet)
    and ``end_rss_mb`` (what the process holds after the animation) show how much of the peak was
    transient (docs/performance.md, memory, session 5).
    """
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMainWindow

    from spineviz.motion import PRESETS, motion_at

    app = QApplication.instance() or QApplication([])
    if kind == "app":
        from spineviz.app.window import MainWindow

        window = MainWindow(settings=QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat))
        plotter = window.plotter
        window.live.update(loads=True)
        timeline = PRESETS["flexion_extension"]

        def step(t):
            window.live.set_motion(motion_at(timeline, t))
    else:  # "floor": the bare window on the whole spine as the app's; "floor_closeup": the pre-session-17 floor
        window = QMainWindow()
        plotter = _bare_plotter(window, framed=kind == "floor")
        step = None
    built = _rss_mb()
    window.resize(1280, 800)
    window.show()
    end = time.perf_counter() + seconds
    frames = 0
    while time.perf_counter() < end:
        if step:
            step(frames * 0.033)
        plotter.render()
        app.processEvents()
        frames += 1
    held = _rss_mb()
    window.close()
    return {"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "frames": frames,
            "built_rss_mb": built, "end_rss_mb": held}


def _ensure_display() -> subprocess.Popen | None:
    if os.environ.get("DISPLAY") or not sys.platform.startswith("linux"):
        return None
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        raise RuntimeError("no display and no Xvfb; run `bash .ci/setup` first")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write_fd), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as fh:
        os.environ["DISPLAY"] = f":{fh.readline().strip()}"
    return proc


def bench_gui(quick: bool) -> dict:
    runs = 3 if quick else 5
    runs_of: dict[str, list[dict]] = {"floor": [], "app": []}
    for _ in range(runs):  # interleaved, so a busy machine slows both alike
        for k in runs_of:
            runs_of[k].append(_run_child("startup", k, "SPAWN"))
    startup = {k: statistics.median(r["first_frame_s"] for r in v) for k, v in runs_of.items()}
    ready = statistics.median(r["ready_s"] for r in runs_of["app"])
    frames = _run_child("frames", str(20 if quick else 40), str(3 if quick else 5), timeout=900)
    frames["paced"] = _run_child("paced", "8" if quick else "20", "4" if quick else "10", timeout=900)
    exports = _run_child("exports", str(1 if quick else 3), timeout=900, display=False)
    seconds = "10" if quick else "60"
    memory_runs = {k: _run_child("memory", k, seconds, timeout=600) for k in ("floor", "app", "floor_closeup")}
    memory = {k: r["peak_rss_mb"] for k, r in memory_runs.items()}
    return {
        "startup": {"app_s": startup["app"], "floor_s": startup["floor"], "ratio": startup["app"] / startup["floor"],
                    "app_ready_s": ready},
        "frame": frames,
        "exports": exports,
        "memory": {"app_mb": memory["app"], "floor_mb": memory["floor"], "ratio": memory["app"] / memory["floor"],
                   "closeup_mb": memory["floor_closeup"], "ratio_closeup": memory["app"] / memory["floor_closeup"],
                   "animated_seconds": float(seconds),
                   "stages_mb": {k: {"built": r.get("built_rss_mb"), "end": r.get("end_rss_mb"),
                                     "frames": r.get("frames")} for k, r in memory_runs.items()}},
    }


def headline(results: dict) -> dict:
    """Issue 13's figures, for the top level of the JSON."""
    g = results.get("gui")
    if g is None:
        return {}
    frame = g["frame"]
    return {"animated_fps": frame["all"]["fps"], "region_fps": frame["lumbar"]["fps"],
            "frame_ratio": frame["all"].get("paired_ratio", frame["all"]["ratio"]),
            "region_frame_ratio": frame["lumbar"].get("paired_ratio", frame["lumbar"]["ratio"]),
            "frame_ratio_blocks": frame["all"]["ratio"], "region_frame_ratio_blocks": frame["lumbar"]["ratio"],
            "first_frame_s": g["startup"]["app_s"], "gif_export_s": g["exports"]["gif_s"],
            "png_export_s": g["exports"]["png_s"], "peak_memory_ratio": g["memory"]["ratio"],
            "memory_animated_seconds": g["memory"]["animated_seconds"],
            "play_start_ms": frame["all"].get("play_start_ms"),
            "frame_ratio_changed_floor": frame["all"].get("changed_floor", {}).get("frame_ratio"),
            "region_frame_ratio_changed_floor": frame["lumbar"].get("changed_floor", {}).get("frame_ratio"),
            "paced_frame_ratio": frame.get("paced", {}).get("all", {}).get("ratio"),
            "region_paced_frame_ratio": frame.get("paced", {}).get("lumbar", {}).get("ratio")}


def machine() -> dict:
    gl = "unknown"
    try:
        import pyvista as pv

        info = pv.GPUInfo()
        gl = f"{info.renderer}; OpenGL {info.version}"
    except Exception:  # the GL probe is informative only
        pass
    return {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
            "opengl_renderer": str(gl)}


def table(results: dict) -> str:
    rows = [("figure", "value", "floor", "ratio")]
    view = results.get("gui", {}).get("frame", {}).get("view")
    m = results["model"]
    rows.append(("pose + facet_loads (ms/call)", f"{m['pose_plus_loads_ms']:.3f}",
                 f"{m['floor_batched_matmul_ms']:.4f}", f"{m['ratio']:.0f}"))
    ms = results["meshes"]
    rows.append(("load mesh set (s)", f"{ms['load_mesh_set_s']:.2f}", "-", "-"))
    rows.append((f"build meshes, {ms['build_levels']} (s)", f"{ms['build_s']:.1f}", "-", "-"))
    if "gui" in results:
        g = results["gui"]
        for region, label in (("all", "whole spine"), ("lumbar", "lumbar region")):
            f = g["frame"][region]
            shown = f"{label}, {view}" if view else label
            rows.append((f"animated frame, {shown} (ms)", f"{f['app_frame_ms']:.1f}", f"{f['floor_frame_ms']:.1f}",
                         f"{f['ratio']:.3f}"))
            if "paired_ratio" in f:
                rows.append((f"  each against a bare render right after it, {label} (ms)",
                             f"{f['paired_app_frame_ms']:.1f}", f"{f['paired_floor_frame_ms']:.1f}",
                             f"{f['paired_ratio']:.3f}"))
            split = f.get("paired_split")
            if split:
                rows.append(("    its VTK render against the bare render's (ms)", f"{split['app']['render_ms']:.2f}",
                             f"{split['bare']['render_ms']:.2f}", f"{split['render_ratio']:.3f}"))
                rows.append(("    the frame less its render: tick, events (ms)", f"{split['app']['rest_ms']:.2f}",
                             f"{split['bare']['rest_ms']:.2f}", "-"))
            changed = f.get("changed_floor")
            if changed:
                rows.append((f"  against a bare render after its {changed['objects_touched']} VTK changes (ms)",
                             f"{changed['app_ms']:.1f}", f"{changed['touched_ms']:.1f}",
                             f"{changed['frame_ratio']:.3f}"))
            rows.append((f"  = frames a second, {label}", f"{f['fps']:.1f}", "-", "-"))
            if "play_start_ms" in f:
                rows.append((f"  Play pressed: {f.get('cycle_moments', 0)} moments prepared (ms)",
                             f"{f['play_start_ms']:.0f}", "-", "-"))
            if "properties_each_tick_frame_ms" in f:
                rows.append(("  same ticks writing the facet properties (ms)",
                             f"{f['properties_each_tick_frame_ms']:.1f}", f"{f['floor_frame_ms']:.1f}",
                             f"{f['properties_each_tick_ratio']:.3f}"))
            if "coarse_bones_frame_ms" in f:
                cpu = f.get("distant_cpu_speedup")
                rows.append(("  same frames, 1,500-triangle bones (ms)", f"{f['coarse_bones_frame_ms']:.1f}", "-",
                             f"{f['distant_speedup']:.2f}x" + (f" (CPU {cpu:.2f}x)" if cpu else "")))
            if "full_detail_frame_ms" in f:
                rows.append(("  same frames at full detail (ms)", f"{f['full_detail_frame_ms']:.1f}", "-",
                             f"{f['lod_speedup']:.2f}x"))
        for region, label in (("all", "whole spine"), ("lumbar", "lumbar region")):
            f = g["frame"].get("paced", {}).get(region)
            if f:
                rows.append((f"frame at Play's pace, first pass, {label} (ms)", f"{f['paced_frame_ms']:.1f}",
                             f"{f['floor_frame_ms']:.1f}", f"{f['ratio']:.3f}"))
        e = g["exports"]
        rows.append(("GIF, region 2 s 20 fps 800x800 (s)", f"{e['gif_s']:.2f}", "-", "-"))
        rows.append(("PNG, whole spine 1200x1600 (s)", f"{e['png_s']:.2f}", "-", "-"))
        rows.append(("start-up to first frame (s)", f"{g['startup']['app_s']:.2f}", f"{g['startup']['floor_s']:.2f}",
                     f"{g['startup']['ratio']:.2f}"))
        if "app_ready_s" in g["startup"]:
            rows.append(("  then the deferred panels built (s)", f"{g['startup']['app_ready_s']:.2f}", "-", "-"))
        rows.append((f"peak memory after {g['memory']['animated_seconds']:.0f} s (MB)", f"{g['memory']['app_mb']:.0f}",
                     f"{g['memory']['floor_mb']:.0f}", f"{g['memory']['ratio']:.2f}"))
        if "closeup_mb" in g["memory"]:
            rows.append(("  against the old floor, a close-up of L4-S1 (MB)", f"{g['memory']['app_mb']:.0f}",
                         f"{g['memory']['closeup_mb']:.0f}", f"{g['memory']['ratio_closeup']:.2f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m spineviz.bench", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer repeats and a 10 s memory run")
    p.add_argument("--json", default="bench.json", help="where to write the results")
    p.add_argument("--no-gui", action="store_true", help="skip the figures that need a display")
    p.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        if kind == "startup":
            out = _child_startup(rest[0], float(rest[1]))
        elif kind == "frames":
            out = _child_frames(int(rest[0]), int(rest[1]))
        elif kind == "paced":
            out = _child_paced(float(rest[0]), int(rest[1]))
        elif kind == "exports":
            out = _child_exports(int(rest[0]))
        else:
            out = _child_memory(rest[0], float(rest[1]))
        print(json.dumps(out))
        return 0
    os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
    results = {"machine": machine(), "quick": args.quick, "model": bench_model(args.quick),
               "meshes": bench_meshes(args.quick)}
    if not args.no_gui:
        xvfb = _ensure_display()
        os.environ.pop("VTK_DEFAULT_OPENGL_WINDOW", None)
        try:
            results["gui"] = bench_gui(args.quick)
        finally:
            if xvfb:
                xvfb.terminate()
    results = {**headline(results), **results}
    if args.quick:
        results["quick_note"] = ("--quick: fewer frames and repeats, one export run, and a 10-s (not 60-s) "
                                 "animation before peak memory is read")
    print(table(results))
    Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
