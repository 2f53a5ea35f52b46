"""Animated exports: one cycle of a scene's animation as a looping GIF or an H.264 MP4.

Each frame is posed, rendered and then captured through the one scene renderer
(:meth:`~spineviz.render.scene_render.SceneRenderer.snapshot`), so the clip moves exactly as the scene does and
frame *t* equals the still :func:`~spineviz.render.scene_render.render_scene` draws at ``time=t`` (within the
difference of their anti-aliasing: FXAA for clip frames, SSAA for stills; see
:mod:`spineviz.render.offscreen`).

A clip frame is rendered without smoothing and smoothed by FXAA on the CPU (:mod:`spineviz.render.fxaa`)
in a worker thread, which also draws the playback bar and maps the frame to the GIF's palette while the
next frame renders (:func:`clip_frames`): VTK's FXAA pass cost four tenths of a frame's render in
software OpenGL, and the two cores were otherwise idle in turns (docs/performance.md, session 5).

A GIF has one palette for the whole clip (:mod:`spineviz.render.clip_palette`): made once from a few frames
spread over the cycle plus the load legend's exact colours, then every frame is mapped to it without
dithering, so still parts keep exactly the same pixels from frame to frame and nothing shimmers.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
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
from spineviz.render.fxaa import fxaa
from spineviz.render.offscreen import set_anti_aliasing
from spineviz.scene.state import SceneState

DEFAULT_FPS = 15
MAX_FRAMES = EXPORT_MAX_FRAMES
_BAR = np.array([11, 92, 173], dtype=np.uint8)  # the GIF's playback bar (the page's accent blue)
PALETTE_SAMPLES = 4
"""Frames, spread evenly over the cycle, that the GIF's one palette is made from (each rendered once)."""
REPEAT_BYTES = 256 * 2**20
"""At most this much memory of raw frames kept for poses the cycle passes again (see _frames_once)."""
AHEAD = 2
"""Frames rendered ahead of the worker thread that finishes them (bounds the raw frames held at once)."""


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
        renderer = open_clip_renderer(state, (width, height), spine=spine)
    except ValueError as exc:
        raise ExportError(target, str(exc), "give a size from 16x16 to 8192x8192 pixels") from None
    try:
        frame = _frames_once(renderer, [state.animation.at(float(t)) for t in times])

        if target.suffix.lower() == ".gif":
            _write_gif(target, frame, len(times), fps, progress, cancel, legend_colours(state))
        else:
            frames = clip_frames(range(len(times)), frame, lambda img, _i: fxaa(img))
            _write_mp4(target, frames, len(times), fps, (width, height), progress, cancel)
    finally:
        renderer.plotter.close()
    return target


def open_clip_renderer(state: SceneState, size: tuple[int, int], spine=None):
    """An off-screen renderer for clip frames: the scene applied, drawn without smoothing (see raw_frame).

    Its text is compact (a one-line title, the legend and the estimate note; the caption is left to the page
    or message the clip goes with), so the moving bones fill the picture (tests/render/test_clips_move.py).
    """
    from spineviz.render.scene_render import open_renderer

    renderer = open_renderer(state, size, spine=spine, lod="default", compact=True)  # many frames: keep fast
    set_anti_aliasing(renderer.plotter, "none")
    return renderer


def raw_frame(renderer, motion) -> np.ndarray:
    """The scene at ``motion``, rendered and read back (RGB), before the clip's FXAA.

    The facet colours go to the picture only (``settle=False``): writing them into the 96 cartilage
    properties too would make VTK rebuild each layer before the frame (docs/performance.md, session 8).
    """
    renderer.set_motion(motion, settle=False)
    return np.ascontiguousarray(renderer.snapshot()[..., :3])


def _frames_once(renderer, motions: list) -> Callable[[int], np.ndarray]:
    """``frame(i)``: the raw frame of ``motions[i]``, each pose rendered once.

    A cycle often passes the same pose more than once (through neutral, or where an eased timeline
    turns): 11-32 % of the presets' frames at 15-20 fps. The same scene at the same pose is the same
    picture, so a repeated pose's raw frame is kept until its last use (within :data:`REPEAT_BYTES`)
    instead of rendered again.
    """
    left = Counter(motions)
    kept: dict = {}

    def frame(i: int) -> np.ndarray:
        motion = motions[i]
        left[motion] -= 1
        img = kept.pop(motion, None) if left[motion] == 0 else kept.get(motion)
        if img is None:
            img = raw_frame(renderer, motion)
            if left[motion] > 0 and sum(a.nbytes for a in kept.values()) + img.nbytes <= REPEAT_BYTES:
                kept[motion] = img
        return img

    return frame


def clip_frame(renderer, motion) -> np.ndarray:
    """One clip frame as exported (before a GIF's bar and palette): the raw frame smoothed by FXAA."""
    return fxaa(raw_frame(renderer, motion))


def clip_frames(indices: Iterable[int], render: Callable[[int], np.ndarray],
                finish: Callable[[np.ndarray, int], object]) -> Iterator:
    """``finish(render(i), i)`` for each index, in order; each finish runs in a worker thread.

    Rendering stays on the calling thread (the GL context is current there) and releases Python's lock
    while the software rasteriser draws, so the worker smooths and encodes frame *i* while frame *i + 1*
    renders. At most :data:`AHEAD` finished-but-unread frames wait, which bounds the memory held.
    """
    with ThreadPoolExecutor(1, thread_name_prefix="clip-frames") as pool:
        pending: deque = deque()
        for i in indices:
            pending.append(pool.submit(finish, render(i), i))
            while len(pending) > AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _step(i: int, n: int, progress: Progress | None, cancel: Cancel | None, target: Path) -> None:
    if cancel is not None and cancel():
        raise ExportCancelled(target, f"cancelled after {i} of {n} frames; nothing was written",
                              "export again when ready")
    if progress is not None and i:
        progress(i / n)


def _write_gif(target: Path, frame: Callable[[int], np.ndarray], n: int, fps: int, progress, cancel,
               exact: np.ndarray) -> None:
    """Render frames ``0..n-1`` with ``frame(i)`` (raw), smooth each, map it to the clip's one palette, write.

    The palette's sample frames are rendered first and kept, so no frame is rendered twice; the palette
    is made in a thread while the next frames render. Smoothing, the playback bar and the palette mapping
    run in :func:`clip_frames`' worker thread.
    """
    from spineviz.render.clip_palette import PaletteMap, clip_palette

    def finish(img: np.ndarray, i: int) -> np.ndarray:
        return _with_bar(fxaa(img), i, n)

    picks = sample_frames(n)
    samples = dict(zip(picks, clip_frames(picks, frame, finish), strict=True))
    images, sampled, keep = [], list(samples.values()), np.concatenate([exact, _BAR[None]])
    with ThreadPoolExecutor(1, thread_name_prefix="clip-palette") as pool:  # made while the next frames render
        palette = pool.submit(lambda: PaletteMap(clip_palette(sampled, keep)))

        def encode(img: np.ndarray | None, i: int):
            return palette.result().image(samples.pop(i) if img is None else finish(img, i))

        for i, image in enumerate(clip_frames(range(n), lambda i: None if i in samples else frame(i), encode)):
            _step(i, n, progress, cancel, target)
            images.append(image)
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


__all__ = ["DEFAULT_FPS", "MAX_FRAMES", "clip_frame", "clip_frames", "export_animation", "frame_count",
           "frame_times", "legend_colours", "open_clip_renderer", "raw_frame", "sample_frames"]
