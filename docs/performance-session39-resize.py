"""Session 39 (zoom39): a window dragged to a new size, step by step: the scene's applies and the main thread's work.

Run from the checkout: ``PYTHONPATH=$PWD nice -n 19 xvfb-run -a -s "-screen 0 1400x900x24" python
docs/performance-session39-resize.py [--rounds N] [--ways s38,zoom39] [--preset ID] [--shots DIR]``.

The window at 1280x800 (its panels as a user has them) shows a preset (default the chairside one) and settles; then
it is resized in 40 steps to 800x600 and in 40 steps back, each step a ``window.resize`` followed by
``app.processEvents`` until a frame at the view's new size has been drawn and ``STEP_MS`` have passed since the step
began (a drag's pace; 1 s at most). Counted per step: ``ConfigureEvent``s of the view's interactor, frames drawn (the
render window's ``EndEvent``), frames drawn at a size the view was not fitted for (``Viewport._fitted_size``), the
scene's full applies (``SceneRenderer.apply``) and refits (``SceneRenderer.refit``, absent before zoom39); timed with
``time.thread_time_ns`` (the main thread's CPU): the whole step, and the fits in it (``Viewport.fit_to_size``).

Ways (``Viewport`` switches; each round runs every way, in turn, the order turned round every other round):

- ``s38``: ``light_refit`` and ``refit_at_frame`` off: a full apply at every ``ConfigureEvent`` (session 38);
- ``light``: ``light_refit`` on, ``refit_at_frame`` off: a refit at every ``ConfigureEvent``;
- ``zoom39``: both on (the default): a refit as each frame at a new size starts.

On a tree without the switches (session 38's own code) use ``--ways s38``: the switches are then not there and the
way is that code. At the end of each way's leg down, the spine's screen box in the view is compared with
``spineviz render``'s at the view's size (``open_renderer``; pixels, the largest difference of the four edges).
``--shots DIR``: the view's picture at 800x600 and at Qt's smallest window (``resize(1, 1)``) after the first round's
last way, as ``DIR/view-800x600.png`` and ``DIR/view-smallest.png``, with the CLI's pictures of the same scene at the
view's size beside them (``cli-*.png``).
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time

import numpy as np

STEPS = 40
STEP_MS = 40
"""A step of the drag every 40 ms at the least [M] (a window manager sends sizes at about the screen's pace)."""
WAYS = {"s38": (False, False), "light": (True, False), "zoom39": (True, True)}

parser = argparse.ArgumentParser()
parser.add_argument("--rounds", type=int, default=3)
parser.add_argument("--ways", default="s38,light,zoom39")
parser.add_argument("--preset", default="l4-5-facet-pain-on-extension")
parser.add_argument("--shots", default=None)
args = parser.parse_args()
ways = args.ways.split(",")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from spineviz.app.viewport import Viewport  # noqa: E402
from spineviz.app.window import MainWindow  # noqa: E402
from spineviz.render.labels import project  # noqa: E402
from spineviz.render.scene_render import SceneRenderer, open_renderer  # noqa: E402

now = time.thread_time_ns
print(time.strftime("%H:%M:%S UTC", time.gmtime()), "preset", args.preset, "ways", ways, "rounds", args.rounds,
      flush=True)
app = QApplication.instance() or QApplication([])
window = MainWindow(settings=QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat))
window.resize(1280, 800)
window.show()
viewport, plotter = window.viewport, window.plotter
ren_win, renderer = plotter.ren_win, viewport.renderer
count = {"configure": 0, "frames": 0, "unfitted": 0, "apply": 0, "refit": 0, "fit_ns": 0}


def counted(name, method):
    def wrapper(*a, **k):
        count[name] += 1
        return method(*a, **k)
    return wrapper


renderer.apply = counted("apply", renderer.apply)
if hasattr(SceneRenderer, "refit"):
    renderer.refit = counted("refit", renderer.refit)
fit = viewport.fit_to_size


def timed_fit(*a, **k):
    t = now()
    try:
        return fit(*a, **k)
    finally:
        count["fit_ns"] += now() - t


viewport.fit_to_size = timed_fit


def frame_drawn(*_args) -> None:
    count["frames"] += 1
    if tuple(ren_win.GetSize()) != getattr(viewport, "_fitted_size", None):
        count["unfitted"] += 1


plotter.iren.interactor.AddObserver("ConfigureEvent", lambda *_: count.__setitem__("configure", count["configure"] + 1))
ren_win.AddObserver("EndEvent", frame_drawn)


def wait(ms: float) -> None:
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def settle() -> None:
    wait(300)
    while window.camera.moving:
        wait(50)
    wait(300)


def step(size) -> dict:
    before = dict(count)
    frames = count["frames"]
    t0, w0 = now(), time.perf_counter()
    window.resize(*size)
    while time.perf_counter() - w0 < 1.0:
        app.processEvents()
        drawn = count["frames"] > frames and tuple(ren_win.GetSize()) == tuple(
            round(v * plotter.interactor.devicePixelRatioF()) for v in
            (plotter.interactor.width(), plotter.interactor.height()))
        if drawn and time.perf_counter() - w0 >= STEP_MS / 1000:
            break
        time.sleep(0.0005)
    out = {k: count[k] - before[k] for k in count}
    out["step_ns"] = now() - t0
    return out


def box(r) -> np.ndarray:
    xy = project(r.plotter.renderer, r.framing_points())
    return np.array([*xy.min(axis=0), *xy.max(axis=0)])


def cli_gap(shot: str | None = None) -> float:
    r = open_renderer(window.live.state, tuple(plotter.window_size), spine=window.spine)
    try:
        if shot:
            r.snapshot(shot)
        return float(np.abs(box(renderer) - box(r)).max())
    finally:
        r.plotter.close()


def leg(sizes) -> list[dict]:
    return [step(s) for s in sizes]


down = [(round(1280 + (800 - 1280) * k / STEPS), round(800 + (600 - 800) * k / STEPS)) for k in range(1, STEPS + 1)]
up = [*down[-2::-1], (1280, 800)]
settle()
window.scenes.open_preset(args.preset)
settle()
results: dict = {w: [] for w in ways}
gaps: dict = {w: [] for w in ways}
for rnd in range(args.rounds):
    order = ways if rnd % 2 == 0 else ways[::-1]
    for way in order:
        Viewport.light_refit, Viewport.refit_at_frame = WAYS[way]
        steps = leg(down)
        settle()
        gaps[way].append(cli_gap())
        steps += leg(up)
        settle()
        results[way] += steps
        print(f"round {rnd} {way}: applies {sum(s['apply'] for s in steps)}, refits {sum(s['refit'] for s in steps)},"
              f" configures {sum(s['configure'] for s in steps)}, frames {sum(s['frames'] for s in steps)},"
              f" unfitted frames {sum(s['unfitted'] for s in steps)}, box vs CLI at 800x600 {gaps[way][-1]:.2f} px",
              flush=True)
    if rnd == 0 and args.shots:
        import os

        os.makedirs(args.shots, exist_ok=True)
        for size, name in (((800, 600), "800x600"), ((1, 1), "smallest")):
            window.resize(*size)
            settle()
            window.render_now()
            plotter.screenshot(f"{args.shots}/view-{name}.png")
            print(name, "view", tuple(plotter.window_size), "box vs CLI",
                  f"{cli_gap(f'{args.shots}/cli-{name}.png'):.2f} px", flush=True)
        window.resize(1280, 800)
        settle()


def med(xs) -> float:
    return statistics.median(xs) if xs else float("nan")


print("\nper step (80 a way a round):")
print("| way | steps | applies a step | refits a step | configures a step | frames a step | unfitted frames |"
      " fit ms a step (median / mean / p90) | step main-thread ms (median / mean / p90) | box vs CLI px |")
print("|---|---|---|---|---|---|---|---|---|---|")
for way in ways:
    s = results[way]
    fit_ms = sorted(x["fit_ns"] / 1e6 for x in s)
    step_ms = sorted(x["step_ns"] / 1e6 for x in s)
    n = len(s)
    print(f"| {way} | {n} | {sum(x['apply'] for x in s) / n:.2f} | {sum(x['refit'] for x in s) / n:.2f} |"
          f" {sum(x['configure'] for x in s) / n:.2f} | {sum(x['frames'] for x in s) / n:.2f} |"
          f" {sum(x['unfitted'] for x in s)} |"
          f" {med(fit_ms):.2f} / {statistics.fmean(fit_ms):.2f} / {fit_ms[int(0.9 * n)]:.2f} |"
          f" {med(step_ms):.2f} / {statistics.fmean(step_ms):.2f} / {step_ms[int(0.9 * n)]:.2f} |"
          f" {max(gaps[way]):.2f} |")
window.close()
