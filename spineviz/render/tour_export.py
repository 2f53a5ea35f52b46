"""Play a :class:`~spineviz.scene.tour.Tour` off-screen: an MP4 with smooth camera moves, or an HTML slideshow.

One plotter serves the whole tour. Each step is applied to it like any scene (so nerves, cuts, loads and
captions look exactly as in ``spineviz render``); during the step's transition the new scene is shown while
the camera glides from the previous step's camera to this one's (:func:`spineviz.scene.tour.camera_between`),
then the step holds for its duration, playing its animation if it has one.

The HTML slideshow is one offline file: each step's still image embedded as PNG data, its title and
caption as text, and a few lines of inline script for the Previous/Next buttons and the arrow keys. It
loads nothing from the network.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from spineviz.scene.tour import Tour, camera_between

Progress = Callable[[float], object]
DEFAULT_SIZE = (960, 720)
DEFAULT_FPS = 12
MAX_FRAMES = 20000


class TourExportError(Exception):
    """A tour that could not be written; the message names the file and the fix."""


def frame_total(tour: Tour, fps: int) -> int:
    """How many frames :func:`tour_frames` yields at ``fps``."""
    n = 0
    for i, step in enumerate(tour.steps):
        n += (round(step.transition * fps) if i else 0) + max(1, round(step.duration * fps))
    return n


def _camera(plotter) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pos, focal, up = plotter.camera_position
    return np.array(pos, float), np.array(focal, float), np.array(up, float)


def _set_camera(plotter, cam) -> None:
    camera = plotter.camera
    camera.position, camera.focal_point, camera.up = (tuple(float(x) for x in v) for v in cam)
    plotter.reset_camera_clipping_range()
    plotter.ren_win.Render()  # a screenshot alone showed the previous camera


def _show_step(renderer, step) -> tuple:
    """Apply the step's scene, framed as the scene says (over its whole cycle when animated); return its camera."""
    renderer.apply(step.scene)
    return _camera(renderer.plotter)


def tour_frames(tour: Tour, *, size: tuple[int, int] = DEFAULT_SIZE, fps: int = DEFAULT_FPS,
                spine=None) -> Iterator[tuple[int, np.ndarray]]:
    """Yield (step index, RGB image) for every frame of the tour at ``fps``.

    Frames are smoothed as clip frames are (FXAA, :data:`~spineviz.render.offscreen.CLIP_ANTI_ALIASING`):
    a tour is hundreds of them, and SSAA would draw each with five times the pixels.
    """
    from spineviz.render.offscreen import CLIP_ANTI_ALIASING, set_anti_aliasing
    from spineviz.render.scene_render import open_renderer

    renderer = open_renderer(tour.steps[0].scene, size, spine=spine)
    plotter = renderer.plotter
    try:
        set_anti_aliasing(plotter, CLIP_ANTI_ALIASING)
        before = None
        for i, step in enumerate(tour.steps):
            target = _show_step(renderer, step)
            moves = round(step.transition * fps) if before is not None else 0
            for k in range(moves):
                _set_camera(plotter, camera_between(before, target, (k + 1) / moves))
                yield i, np.asarray(plotter.screenshot(return_img=True))[..., :3]
            _set_camera(plotter, target)
            anim = step.scene.animation
            for k in range(max(1, round(step.duration * fps))):
                if anim is not None:
                    renderer.set_motion(anim.at(k / fps))
                yield i, np.asarray(renderer.snapshot())[..., :3]  # renders first: the new pose, names placed
            before = target
    finally:
        plotter.close()


def write_tour_mp4(tour: Tour, out: str | Path, *, size: tuple[int, int] = DEFAULT_SIZE, fps: int = DEFAULT_FPS,
                   spine=None, progress: Progress | None = None) -> Path:
    """Write the tour as an H.264 MP4, atomically (imageio-ffmpeg's bundled ffmpeg)."""
    import imageio_ffmpeg

    from spineviz.atomic import atomic_output

    target = Path(out)
    if not 1 <= int(fps) <= 60:
        raise TourExportError(f"{target}: {fps} frames per second is out of range. Fix: use 1 to 60")
    total = frame_total(tour, fps)
    if total > MAX_FRAMES:
        raise TourExportError(f"{target}: {total} frames is too many. Fix: lower --fps or shorten the steps")
    try:
        with atomic_output(target) as tmp:
            writer = imageio_ffmpeg.write_frames(
                str(tmp), size, fps=fps, codec="libx264", pix_fmt_in="rgb24", pix_fmt_out="yuv420p", quality=7,
                macro_block_size=2, output_params=["-movflags", "+faststart"], ffmpeg_log_level="error")
            writer.send(None)
            try:
                for n, (_i, img) in enumerate(tour_frames(tour, size=size, fps=fps, spine=spine)):
                    writer.send(np.ascontiguousarray(img))
                    if progress is not None:
                        progress((n + 1) / total)
            finally:
                writer.close()
    except OSError as exc:
        raise TourExportError(f"{target}: cannot be written ({exc}). Fix: choose a folder you can write to") from None
    return target


def step_stills(tour: Tour, *, size: tuple[int, int] = DEFAULT_SIZE, spine=None) -> list[bytes]:
    """Each step's still image as PNG bytes (the step's scene at its own camera, without drawn-in text)."""
    from spineviz.render.export_files import png_bytes
    from spineviz.render.scene_render import open_renderer

    renderer = open_renderer(tour.steps[0].scene, size, spine=spine, captions=False)  # the page has them as text
    out = []
    try:
        for step in tour.steps:
            _show_step(renderer, step)
            out.append(png_bytes(np.asarray(renderer.snapshot())[..., :3]))  # renders first: this step
    finally:
        renderer.plotter.close()
    return out


_STYLE = """
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f5f7fa;color:#1f2a36}
header{padding:12px 20px;background:#0b5cad;color:#fff}h1{margin:0;font-size:1.4rem}
main{max-width:1000px;margin:0 auto;padding:16px}.step{display:none}.step.on{display:block}
.step img{display:block;max-width:100%;max-height:72vh;height:auto;margin:0 auto;border:1px solid #c8d0da}
.step h2{font-size:1.15rem;margin:.6em 0 .2em}.step p{font-size:1.05rem;line-height:1.5}
nav{display:flex;gap:12px;align-items:center;margin:12px 0}
button{font-size:1rem;padding:.45em 1.1em;border-radius:6px;border:1px solid #0b5cad;background:#fff;color:#0b5cad}
button:focus{outline:3px solid #f2a900}.count{margin-left:auto;color:#4a5a6a}
@media print{.step{display:block;page-break-after:always}nav{display:none}}
"""

_SCRIPT = """
(function(){var s=document.querySelectorAll('.step'),i=0,c=document.getElementById('count');
function show(n){i=Math.max(0,Math.min(s.length-1,n));s.forEach(function(e,k){e.classList.toggle('on',k===i)});
c.textContent='Step '+(i+1)+' of '+s.length;}
document.getElementById('prev').onclick=function(){show(i-1)};document.getElementById('next').onclick=function(){show(i+1)};
document.addEventListener('keydown',function(e){if(e.key==='ArrowRight')show(i+1);if(e.key==='ArrowLeft')show(i-1);});
show(0);})();
"""


def tour_html(tour: Tour, stills: list[bytes]) -> str:
    """The slideshow page: one section per step with its image (embedded) and caption; no network."""
    esc = html.escape
    parts = [f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{esc(tour.title)}</title>',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<style>{_STYLE}</style></head><body>", f"<header><h1>{esc(tour.title)}</h1></header><main>",
             '<nav><button id="prev" type="button">&larr; Previous</button>'
             '<button id="next" type="button">Next &rarr;</button><span class="count" id="count"></span></nav>']
    for n, (step, png) in enumerate(zip(tour.steps, stills, strict=True), start=1):
        title = step.scene.title or f"Step {n}"
        data = base64.b64encode(png).decode("ascii")
        parts.append(f'<section class="step" id="step-{n}" aria-label="Step {n}"><h2>{n}. {esc(title)}</h2>'
                     f'<p>{esc(step.caption)}</p><img src="data:image/png;base64,{data}" alt="{esc(title)}"></section>')
    parts.append(f"</main><script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts)


def write_tour_html(tour: Tour, out: str | Path, *, size: tuple[int, int] = DEFAULT_SIZE, spine=None) -> Path:
    """Write the offline slideshow, atomically."""
    from spineviz.atomic import atomic_write_text

    target = Path(out)
    page = tour_html(tour, step_stills(tour, size=size, spine=spine))
    try:
        atomic_write_text(target, page)
    except OSError as exc:
        raise TourExportError(f"{target}: cannot be written ({exc}). Fix: choose a folder you can write to") from None
    return target
