"""Animated exports: one cycle of a scene's animation as a looping GIF or an H.264 MP4.

Each frame is posed, rendered and then captured through the one scene renderer
(:meth:`~spineviz.render.scene_render.SceneRenderer.snapshot`), so the clip moves exactly as the scene does and
frame *t* equals the still :func:`~spineviz.render.scene_render.render_scene` draws at ``time=t`` (within the
difference of their anti-aliasing: FXAA for clip frames, SSAA for stills; see
:mod:`spineviz.render.offscreen`).

A GIF has one palette for the whole clip (:mod:`spineviz.render.clip_palette`): made once from a few frames
spread over the cycle plus the load legend's exact colours, then every frame is mapped to it without
dithering, so still parts keep exactly the same pixels from frame to frame and nothing shimmers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from spineviz.atomic import atomic_output
from spineviz.limits import EXPORT_MAX_FRAMES
from spineviz.render.export_files import (
    Cancel,
    ExportCancelled,
    ExportError,
    Progress,
    check_target,
    write_error,
)
from spineviz.render.offscreen import CLIP_ANTI_ALIASING, set_anti_aliasing
from spineviz.scene.state import SceneState

DEFAULT_FPS = 15
MAX_FRAMES = EXPORT_MAX_FRAMES
_BAR = np.array([11, 92, 173], dtype=np.uint8)  # the GIF's playback bar (the page's accent blue)
PALETTE_SAMPLES = 4
"""Frames, spread evenly over the cycle, that the GIF's one palette is made from (each rendered once)."""


def frame_count(state: SceneState, fps: int) -> int:
    """How many frames one cycle of the scene's animation takes at ``fps``: ``round(seconds × fps)``."""
    if state.animation is None:
        return 1
    return max(2, round(state.animation.playback_seconds * fps))


def frame_times(state: SceneState, fps: int) -> np.ndarray:
    """Timeline times of the frames over one cycle.

    A looping clip ("loop"/"pingpong", end excluded) starts at the scene's still moment, so its first frame
    (the poster a viewer shows before playing) is the scene's own picture and it then plays round to it.
    A "once" clip runs from the start to the end, both included.
    """
    anim = state.animation
    n = frame_count(state, fps)
    if anim is None:
        return np.zeros(1)
    if anim.resolved().mode == "once":
        return np.linspace(0.0, anim.cycle, n)
    return (anim.still_time() + np.arange(n) * (anim.cycle / n)) % anim.cycle


def export_animation(state: SceneState, path: str | Path, *, size: tuple[int, int] = (640, 480),
                     fps: int = DEFAULT_FPS, progress: Progress | None = None, cancel: Cancel | None = None,
                     spine=None) -> Path:
    """One cycle of the scene's animation as a looping GIF or an H.264 MP4.

    Each frame is posed, rendered and then captured through the one scene renderer, so frame *t* is the
    picture :func:`~spineviz.render.scene_render.render_scene` draws at ``time=t``. The camera holds still
    over the cycle (fitted to every pose in it) and the load colours keep their fixed scale. A GIF
    carries a thin playback bar along its bottom edge (it also keeps every frame distinct, so the GIF
    writer never merges two). An MP4 is rendered at an even size (H.264 needs one).
    """
    from spineviz.render.scene_render import open_renderer

    target = check_target(path, (".gif", ".mp4"))
    if state.animation is None:
        raise ExportError(target, "the scene has no animation to record",
                          "add an [animation] to the scene, or export a still image (.png)")
    if isinstance(fps, bool) or not isinstance(fps, int) or not 1 <= fps <= 60:
        raise ExportError(target, f"fps {fps!r} is out of range", "use a whole number of frames per second, 1-60")
    count = frame_count(state, fps)  # before any frame is allocated: duration × fps can be enormous
    if count > MAX_FRAMES:
        raise ExportError(target, f"{count} frames is too many", f"lower fps or speed up the scene "
                          f"(at most {MAX_FRAMES} frames)")
    times = frame_times(state, fps)
    width, height = (int(v) for v in size)
    if target.suffix.lower() == ".mp4":
        width, height = width - width % 2, height - height % 2
    try:
        renderer = open_renderer(state, (width, height), spine=spine, lod="default")  # many frames: keep fast
    except ValueError as exc:
        raise ExportError(target, str(exc), "give a size from 16x16 to 8192x8192 pixels") from None
    try:
        set_anti_aliasing(renderer.plotter, CLIP_ANTI_ALIASING)
        anim = state.animation

        def frame(i: int) -> np.ndarray:
            renderer.set_motion(anim.at(float(times[i])))
            return np.ascontiguousarray(renderer.snapshot()[..., :3])

        if target.suffix.lower() == ".gif":
            _write_gif(target, frame, len(times), fps, progress, cancel, legend_colours(state))
        else:
            _write_mp4(target, (frame(i) for i in range(len(times))), len(times), fps, (width, height), progress,
                       cancel)
    finally:
        renderer.plotter.close()
    return target


def _step(i: int, n: int, progress: Progress | None, cancel: Cancel | None, target: Path) -> None:
    if cancel is not None and cancel():
        raise ExportCancelled(target, f"cancelled after {i} of {n} frames; nothing was written",
                              "export again when ready")
    if progress is not None and i:
        progress(i / n)


def _write_gif(target: Path, frame: Callable[[int], np.ndarray], n: int, fps: int, progress, cancel,
               exact: np.ndarray) -> None:
    """Render frames ``0..n-1`` with ``frame(i)``, map each to the clip's one palette, write the GIF atomically.

    The palette's sample frames are rendered first and kept, so no frame is rendered twice.
    """
    from spineviz.render.clip_palette import PaletteMap, clip_palette

    samples = {i: _with_bar(frame(i), i, n) for i in sample_frames(n)}
    mapping = PaletteMap(clip_palette(list(samples.values()), np.concatenate([exact, _BAR[None]])))
    images = []
    for i in range(n):
        _step(i, n, progress, cancel, target)
        images.append(mapping.image(samples.pop(i) if i in samples else _with_bar(frame(i), i, n)))
    if cancel is not None and cancel():
        raise ExportCancelled(target, "cancelled before writing; nothing was written", "export again when ready")
    try:
        with atomic_output(target) as tmp:
            images[0].save(tmp, format="GIF", save_all=True, append_images=images[1:], loop=0,
                           duration=round(1000 / fps), disposal=1, optimize=False)
    except OSError as exc:
        raise write_error(target, exc) from None
    if progress is not None:
        progress(1.0)


def _with_bar(img: np.ndarray, i: int, n: int) -> np.ndarray:
    """The frame with the playback bar drawn along its bottom edge, ``(i + 1) / n`` of the way across."""
    bar = max(1, img.shape[0] // 120)
    img = img.copy()
    img[-bar:, : max(1, round(img.shape[1] * (i + 1) / n))] = _BAR
    return img


def sample_frames(n: int, samples: int = PALETTE_SAMPLES) -> list[int]:
    """Indices of the frames the palette is made from: evenly spread over the cycle, the first included."""
    return sorted({round(k * n / samples) % n for k in range(min(samples, n))})


def legend_colours(state: SceneState) -> np.ndarray:
    """The load legend's cell colours as drawn (uint8), when the scene shows loads; else none."""
    from spineviz.render import look
    from spineviz.render.annotate import CELLS

    if not state.loads:
        return np.zeros((0, 3), np.uint8)
    return np.round(255 * look.load_colours((np.arange(CELLS) + 0.5) / CELLS)).astype(np.uint8)


def _write_mp4(target: Path, frames, n: int, fps: int, size: tuple[int, int], progress, cancel) -> None:
    import imageio_ffmpeg

    try:
        with atomic_output(target) as tmp:
            writer = imageio_ffmpeg.write_frames(
                str(tmp), size, fps=fps, codec="libx264", pix_fmt_in="rgb24", pix_fmt_out="yuv420p",
                quality=7, macro_block_size=2, output_params=["-movflags", "+faststart"], ffmpeg_log_level="error",
            )
            writer.send(None)
            try:
                for i, img in enumerate(frames):
                    _step(i, n, progress, cancel, target)
                    writer.send(np.ascontiguousarray(img))
            finally:
                writer.close()
    except OSError as exc:
        raise write_error(target, exc) from None
    except RuntimeError as exc:  # ffmpeg failed
        raise ExportError(target, f"the video encoder failed ({str(exc).splitlines()[0]})",
                          "check the disk space, or export a GIF instead") from None
    if progress is not None:
        progress(1.0)


__all__ = ["DEFAULT_FPS", "MAX_FRAMES", "export_animation", "frame_count", "frame_times", "legend_colours",
           "sample_frames"]
