"""Animated exports: one cycle of a scene's animation as a looping GIF or an H.264 MP4.

Each frame is posed, rendered and then captured through the one scene renderer
(:meth:`~spineviz.render.scene_render.SceneRenderer.snapshot`), so the clip moves exactly as the scene does and
frame *t* equals the still :func:`~spineviz.render.scene_render.render_scene` draws at ``time=t``.
"""

from __future__ import annotations

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
from spineviz.scene.state import SceneState

DEFAULT_FPS = 15
MAX_FRAMES = EXPORT_MAX_FRAMES
_BAR = np.array([11, 92, 173], dtype=np.uint8)  # the GIF's playback bar (the page's accent blue)


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
        anim = state.animation
        frames = (_frame(renderer, anim.at(float(t))) for t in times)
        if target.suffix.lower() == ".gif":
            _write_gif(target, frames, len(times), fps, progress, cancel)
        else:
            _write_mp4(target, frames, len(times), fps, (width, height), progress, cancel)
    finally:
        renderer.plotter.close()
    return target


def _frame(renderer, motion) -> np.ndarray:
    renderer.set_motion(motion)
    return np.ascontiguousarray(renderer.snapshot()[..., :3])


def _step(i: int, n: int, progress: Progress | None, cancel: Cancel | None, target: Path) -> None:
    if cancel is not None and cancel():
        raise ExportCancelled(target, f"cancelled after {i} of {n} frames; nothing was written",
                              "export again when ready")
    if progress is not None and i:
        progress(i / n)


def _write_gif(target: Path, frames, n: int, fps: int, progress, cancel) -> None:
    from PIL import Image

    images = []
    for i, img in enumerate(frames):
        _step(i, n, progress, cancel, target)
        bar = max(1, img.shape[0] // 120)
        img = img.copy()
        img[-bar:, : max(1, round(img.shape[1] * (i + 1) / n))] = _BAR
        images.append(Image.fromarray(img).convert("P", palette=Image.Palette.ADAPTIVE, colors=255))
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


__all__ = ["DEFAULT_FPS", "MAX_FRAMES", "export_animation", "frame_count", "frame_times"]
