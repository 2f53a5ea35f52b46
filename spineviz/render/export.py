"""Exports of a scene: PNG, animated GIF/MP4, an interactive HTML page, glTF/GLB, the body map, a handout.

Every writer is atomic (a temporary file beside the target, then a rename): a failed or cancelled export
leaves no partial file and never damages an existing one. Problems are an :class:`ExportError` whose
message names the file and the fix; a cancelled animation is :class:`ExportCancelled`.

=========  =====================================================================================
suffix     what :func:`export_scene` writes
=========  =====================================================================================
``.png``   the scene's still image (:func:`spineviz.render.scene_render.render_scene`)
``.gif``   one cycle of the scene's animation, ``round(seconds × fps)`` frames, looping
``.mp4``   the same as H.264 video (imageio-ffmpeg's bundled ffmpeg)
``.html``  a standalone interactive 3D page (:mod:`spineviz.render.webpage`), no network needed
``.gltf``  glTF 2.0 with the data embedded; ``.glb`` binary glTF (:mod:`spineviz.render.gltf`)
``.svg``   the referred-pain body map for the scene's joints (:func:`export_body_map` also does PNG)
=========  =====================================================================================

:func:`write_handout` writes the patient handout: one HTML file with the scene's picture, the body map, the
patient article and the red flags.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from spineviz.atomic import atomic_output, atomic_write_bytes
from spineviz.scene.state import SceneState

Progress = Callable[[float], object]
Cancel = Callable[[], bool]

SCENE_SUFFIXES = (".png", ".gif", ".mp4", ".html", ".gltf", ".glb", ".svg")
DEFAULT_FPS = 15
MAX_FRAMES = 3600
_BAR = np.array([11, 92, 173], dtype=np.uint8)  # the GIF's playback bar (the page's accent blue)


class ExportError(Exception):
    """An export that could not be written; the message names the file and the fix."""

    def __init__(self, path: object, problem: str, fix: str) -> None:
        self.path, self.problem, self.fix = Path(str(path)), problem, fix
        super().__init__(f"{path}: {problem}. Fix: {fix}")

    def __reduce__(self):
        return type(self), (str(self.path), self.problem, self.fix)


class ExportCancelled(ExportError):
    """The caller's ``cancel`` callable asked to stop; nothing was written."""


def _target(path: str | Path, suffixes: tuple[str, ...]) -> Path:
    target = Path(path)
    if target.suffix.lower() not in suffixes:
        raise ExportError(target, f"cannot tell what to write from the suffix {target.suffix or '(none)'!r}",
                          f"name the file with one of: {', '.join(suffixes)}")
    if target.is_dir():
        raise ExportError(target, "is a folder", "give a file name inside it")
    if not target.parent.is_dir():
        raise ExportError(target, f"the folder {target.parent} does not exist", "create it, or choose another")
    return target


def _os_error(target: Path, exc: OSError) -> ExportError:
    return ExportError(target, f"could not be written ({exc.strerror or exc})",
                       "choose a folder you can write to, and check the disk is not full")


def _article_audience(state: SceneState) -> str:
    return "patient" if state.audience == "patient" else "clinician"


# ---- dispatch -----------------------------------------------------------------------------------------


def export_scene(state: SceneState, path: str | Path, *, size: tuple[int, int] | None = None,
                 transparent: bool = False, fps: int = DEFAULT_FPS, progress: Progress | None = None,
                 cancel: Cancel | None = None, spine=None) -> Path:
    """Write ``state`` in the format its suffix names (see the module docstring); return the path.

    Parameters
    ----------
    size
        Pixels (width, height) for PNG, GIF and MP4; defaults 1200×900 for PNG, 640×480 for animations.
    transparent
        PNG only: a transparent background.
    fps
        Frames per second for GIF and MP4.
    progress
        Called with the fraction done (0-1) as an animation renders.
    cancel
        Called before each frame; returning True stops the export with :class:`ExportCancelled`.

    Raises
    ------
    ExportError
        With the file and the fix (unknown suffix, no animation for GIF/MP4, unwritable folder, ...).
    """
    target = _target(path, SCENE_SUFFIXES)
    suffix = target.suffix.lower()
    if suffix == ".png":
        return export_png(state, target, size=size or (1200, 900), transparent=transparent, spine=spine)
    if suffix in (".gif", ".mp4"):
        return export_animation(state, target, size=size or (640, 480), fps=fps, progress=progress,
                                cancel=cancel, spine=spine)
    if suffix == ".html":
        return export_html(state, target, spine=spine)
    if suffix in (".gltf", ".glb"):
        return export_gltf(state, target, spine=spine)
    return export_body_map(state, target)


def export_png(state: SceneState, path: str | Path, *, size: tuple[int, int] = (1200, 900),
               transparent: bool = False, spine=None) -> Path:
    """The scene's still image as PNG (any size from 16 to 8192 pixels a side)."""
    from spineviz.render.scene_render import render_scene

    target = _target(path, (".png",))
    try:
        render_scene(state, target, size=size, transparent=transparent, spine=spine)
    except ValueError as exc:
        raise ExportError(target, str(exc), "give a size from 16x16 to 8192x8192 pixels") from None
    except OSError as exc:
        raise _os_error(target, exc) from None
    return target


# ---- animation ----------------------------------------------------------------------------------------


def frame_count(state: SceneState, fps: int) -> int:
    """How many frames one cycle of the scene's animation takes at ``fps``: ``round(seconds × fps)``."""
    if state.animation is None:
        return 1
    return max(2, round(state.animation.playback_seconds * fps))


def frame_times(state: SceneState, fps: int) -> np.ndarray:
    """Timeline times of the frames: one cycle, end excluded for "loop"/"pingpong", included for "once"."""
    anim = state.animation
    n = frame_count(state, fps)
    if anim is None:
        return np.zeros(1)
    if anim.resolved().mode == "once":
        return np.linspace(0.0, anim.cycle, n)
    return np.arange(n) * (anim.cycle / n)


def export_animation(state: SceneState, path: str | Path, *, size: tuple[int, int] = (640, 480),
                     fps: int = DEFAULT_FPS, progress: Progress | None = None, cancel: Cancel | None = None,
                     spine=None) -> Path:
    """One cycle of the scene's animation as a looping GIF or an H.264 MP4.

    The camera and the load colour scale stay fixed over the cycle, fitted to every pose in it. A GIF
    carries a thin playback bar along its bottom edge (it also keeps every frame distinct, so the GIF
    writer never merges two). An MP4 is rendered at an even size (H.264 needs one).
    """
    from spineviz.render.scene_render import open_renderer

    target = _target(path, (".gif", ".mp4"))
    if state.animation is None:
        raise ExportError(target, "the scene has no animation to record",
                          "add an [animation] to the scene, or export a still image (.png)")
    if isinstance(fps, bool) or not isinstance(fps, int) or not 1 <= fps <= 60:
        raise ExportError(target, f"fps {fps!r} is out of range", "use a whole number of frames per second, 1-60")
    times = frame_times(state, fps)
    if len(times) > MAX_FRAMES:
        raise ExportError(target, f"{len(times)} frames is too many", f"lower fps or speed up the scene "
                          f"(at most {MAX_FRAMES} frames)")
    width, height = (int(v) for v in size)
    if target.suffix.lower() == ".mp4":
        width, height = width - width % 2, height - height % 2
    try:
        renderer = open_renderer(state, (width, height), spine=spine, lod="default")  # many frames: keep fast
    except ValueError as exc:
        raise ExportError(target, str(exc), "give a size from 16x16 to 8192x8192 pixels") from None
    try:
        renderer.prepare_animation()
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
    img = renderer.plotter.screenshot(return_img=True)
    return np.ascontiguousarray(img[..., :3])


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
        raise _os_error(target, exc) from None
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
        raise _os_error(target, exc) from None
    except RuntimeError as exc:  # ffmpeg failed
        raise ExportError(target, f"the video encoder failed ({str(exc).splitlines()[0]})",
                          "check the disk space, or export a GIF instead") from None
    if progress is not None:
        progress(1.0)


# ---- interactive page ---------------------------------------------------------------------------------


def red_flags_html(audience: str = "patient", *, link: str | None = None) -> str:
    """The red-flag box as safe HTML; its "full list" line links to ``link`` or is left out."""
    from spineviz.content.articles import red_flags_box

    lines = [re.sub(r"^>\s?", "", line) for line in red_flags_box(audience).splitlines()]
    text = "\n".join(lines)
    if link is None:
        text = "\n".join(line for line in lines if "](red-flags)" not in line)
    else:
        text = text.replace("](red-flags)", f"]({link})")
    return _markdown_html(text)


def _markdown_html(text: str) -> str:
    import markdown

    from spineviz.content.sanitize import sanitize

    return sanitize(markdown.markdown(text, extensions=["extra", "sane_lists", "toc"])).html


def export_html(state: SceneState, path: str | Path, *, spine=None, still_size: tuple[int, int] = (960, 720)) -> Path:
    """A standalone interactive 3D page of the scene (see :mod:`spineviz.render.webpage`).

    It carries the title, the caption, the load-estimate note and the red flags, the posed meshes of
    everything visible, and a still image for browsers without WebGL and for printing.
    """
    from spineviz.anatomy.spine import load_spine
    from spineviz.motion.loads import ESTIMATE_NOTE
    from spineviz.render.parts import scene_parts
    from spineviz.render.scene_render import open_renderer
    from spineviz.render.webpage import page_data, page_html

    target = _target(path, (".html", ".htm"))
    spine = spine if spine is not None else load_spine()  # the default detail keeps the page light
    renderer = open_renderer(state, still_size, spine=spine, captions=False)
    try:
        cam = renderer.plotter.camera
        camera = {"position": [float(v) for v in cam.position], "focal": [float(v) for v in cam.focal_point],
                  "up": [float(v) for v in cam.up], "angle": math.radians(float(cam.view_angle))}
        still = _png_bytes(renderer.plotter.screenshot(return_img=True))
    finally:
        renderer.plotter.close()
    parts, world, summary = scene_parts(state, spine)
    data = page_data(parts, world, camera, 1.0 - state.layers.bone_transparency)
    page = page_html(
        title=state.title, caption=state.caption, data=data, still_png=still, note=ESTIMATE_NOTE,
        flags_html=red_flags_html("patient"), load_top=summary.get("load_top"),
        most_loaded=summary.get("most_loaded"),
        layers={"bone": True, "disc": state.layers.discs, "facet": state.layers.cartilage},
    )
    try:
        atomic_write_bytes(target, page.encode("utf-8"))
    except OSError as exc:
        raise _os_error(target, exc) from None
    return target


def _png_bytes(image: np.ndarray) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(image)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# ---- glTF ---------------------------------------------------------------------------------------------


def export_gltf(state: SceneState, path: str | Path, *, spine=None) -> Path:
    """The visible parts as glTF 2.0 (``.gltf`` text with embedded data, or binary ``.glb``).

    One node per visible vertebra (with its posed matrix), and under it one per disc and per facet
    cartilage layer riding on it, under a root node that converts to glTF's metres and +Y up.
    """
    from spineviz.anatomy.spine import best_lod, load_spine
    from spineviz.motion.loads import ESTIMATE_NOTE
    from spineviz.render.gltf import glb_bytes, gltf_document, gltf_text
    from spineviz.render.parts import scene_parts

    target = _target(path, (".gltf", ".glb"))
    spine = spine if spine is not None else load_spine(lod=best_lod())
    parts, world, _ = scene_parts(state, spine)
    doc, blob = gltf_document(parts, world, state.title, state.caption, ESTIMATE_NOTE if state.loads else "")
    data = glb_bytes(doc, blob) if target.suffix.lower() == ".glb" else gltf_text(doc, blob)
    try:
        atomic_write_bytes(target, data)
    except OSError as exc:
        raise _os_error(target, exc) from None
    return target


# ---- body map -----------------------------------------------------------------------------------------


def body_map_joints(state: SceneState) -> tuple[str, ...]:
    """The joints the body map shows: the scene's body-map selection, else its selected facet joint."""
    if state.body_map:
        return state.body_map
    if state.selected_joint is not None:
        return (state.selected_joint.name,)
    return ()


def body_map_svg_for(state: SceneState) -> str:
    """The body map SVG for the scene's joints, in the scene's wording (educators get the clinician's)."""
    from spineviz.content.bodymap import body_map_svg

    return body_map_svg(body_map_joints(state), _article_audience(state))


def export_body_map(state: SceneState, path: str | Path, *, width: int = 1200) -> Path:
    """The referred-pain body map of the scene's joints as ``.svg`` or ``.png`` (``width`` pixels)."""
    target = _target(path, (".svg", ".png"))
    svg = body_map_svg_for(state)
    try:
        if target.suffix.lower() == ".svg":
            atomic_write_bytes(target, svg.encode("utf-8"))
        else:
            from spineviz.render.bodymap_png import svg_to_png

            svg_to_png(svg, target, width=width)
    except ValueError as exc:
        raise ExportError(target, str(exc), "give a width from 1 to 16384 pixels") from None
    except OSError as exc:
        raise _os_error(target, exc) from None
    return target


# ---- handout ------------------------------------------------------------------------------------------


def handout_article(state: SceneState) -> tuple[str, str, str | None]:
    """(title, safe HTML, section anchor) of the text the handout carries, in the patient's words.

    The scene's article (patient version) or user document; with none, "referred-pain" for a scene with a
    body map and "facet-joints" otherwise.
    """
    from spineviz.content.articles import load_article

    doc = state.document
    if doc is not None and doc.path is not None:
        from spineviz.content.documents import DocumentError, load_document

        try:
            loaded = load_document(doc.path)
        except DocumentError as exc:
            raise ExportError(doc.path, str(exc), "put the document back or remove it from the scene") from None
        return loaded.title, loaded.html, doc.section
    article_id = doc.article if doc is not None else ("referred-pain" if state.body_map else "facet-joints")
    article = load_article(article_id, "patient")
    section = doc.section if doc is not None and doc.audience in (None, "patient") else None
    return article.title, _markdown_html(_without_flag_box(article.markdown)), section


def _without_flag_box(markdown_text: str) -> str:
    """An article's Markdown without its red-flag box (the handout shows the box once, near the top)."""
    from spineviz.content.articles import RED_FLAG_BOX_START

    lines = markdown_text.splitlines()
    if RED_FLAG_BOX_START in lines:
        start = lines.index(RED_FLAG_BOX_START)
        end = next((i for i in range(start, len(lines)) if not lines[i].startswith(">")), len(lines))
        lines = lines[:start] + lines[end:]
    return "\n".join(lines).replace("](red-flags)", "](#warning-signs)")


_HANDOUT_STYLE = """
body { margin: 0 auto; max-width: 46rem; padding: 1rem 1.25rem 3rem; color: #1f2a36;
       font: 17px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
h1 { font-size: 1.7rem; margin: 0.4rem 0; } h2 { font-size: 1.3rem; margin-top: 2rem; }
.caption { font-size: 1.1rem; }
figure { margin: 1.2rem 0; break-inside: avoid; } figure img, figure svg { width: 100%; height: auto; }
figcaption { color: #4b5563; font-size: 0.95rem; }
.flags { border: 2px solid #b42318; border-radius: 8px; padding: 0.2rem 1rem; margin: 1.2rem 0; break-inside: avoid; }
.flags h2 { color: #b42318; margin-top: 0.6rem; }
.note { border-left: 4px solid #c9d1db; padding: 0.1rem 0.9rem; color: #374151; }
article { border-top: 1px solid #c9d1db; margin-top: 2rem; }
.focus { background: #fff7e6; }
footer { margin-top: 2.5rem; color: #4b5563; font-size: 0.9rem; }
a { color: #0b5cad; }
@media print { body { font-size: 12pt; } a { color: inherit; } }
"""


def write_handout(state: SceneState, path: str | Path, *, spine=None,
                  image_size: tuple[int, int] = (900, 900)) -> Path:
    """Write the patient handout: one self-contained HTML file to print or send.

    It holds the scene's title and caption, its picture (a data URI), the body map (inline SVG) when the
    scene names joints, the red-flag box near the top, the patient article (or the scene's own document),
    the full list of warning signs, and the load-estimate note when loads are shown. Nothing is loaded from
    elsewhere.
    """
    import html

    from spineviz.content.articles import RED_FLAGS_ID, load_article
    from spineviz.motion.loads import ESTIMATE_NOTE
    from spineviz.render.scene_render import render_scene_png

    target = _target(path, (".html", ".htm"))
    esc = html.escape
    png = render_scene_png(state, size=image_size, spine=spine, captions=False)
    motion = state.current_motion()
    shows = "" if motion.is_neutral else f"<figcaption>The picture shows: {esc(motion.describe())}.</figcaption>"
    picture = (f'<figure><img alt="{esc(state.title or "The spine")}" '
               f'src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">{shows}</figure>')
    body_map = ""
    if body_map_joints(state):
        body_map = (f'<figure class="bodymap">{_svg_inline(body_map_svg_for(state))}'
                    "<figcaption>Where pain from these joints is often felt. Shaded areas are typical "
                    "patterns from studies; your own pain may differ.</figcaption></figure>")
    title, article_html, section = handout_article(state)
    if section and f'id="{section}"' in article_html:
        article_html = article_html.replace(f'id="{section}"', f'id="{section}" class="focus"', 1)
        article_html = f'<p class="note">Start with the part <a href="#{esc(section)}">marked below</a>.</p>' + (
            article_html)
    flags_article = load_article(RED_FLAGS_ID, "patient")
    flags_full = _markdown_html(flags_article.markdown)
    note = f'<p class="note">{esc(ESTIMATE_NOTE)}</p>' if state.loads else ""
    flags_box = red_flags_html("patient", link="#warning-signs")
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="spineviz">
<title>{esc(state.title or title)}</title>
<style>{_HANDOUT_STYLE}</style>
</head>
<body>
<header>
<h1>{esc(state.title or title)}</h1>
{f'<p class="caption">{esc(state.caption)}</p>' if state.caption else ""}
</header>
{picture}
{note}
{body_map}
<section class="flags" aria-label="When to see a clinician now">{flags_box}</section>
<article>
{article_html}
</article>
<article id="warning-signs">
{flags_full}
</article>
<footer>Made with spineviz, for learning. It cannot diagnose you: talk to your clinician about your own
pain.</footer>
</body>
</html>
"""
    try:
        atomic_write_bytes(target, page.encode("utf-8"))
    except OSError as exc:
        raise _os_error(target, exc) from None
    return target


def _svg_inline(svg: str) -> str:
    """An SVG document (our own body map) ready to sit inside HTML: no XML declaration."""
    return re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)


__all__ = [
    "SCENE_SUFFIXES",
    "ExportCancelled",
    "ExportError",
    "body_map_joints",
    "export_animation",
    "export_body_map",
    "export_gltf",
    "export_html",
    "export_png",
    "export_scene",
    "frame_count",
    "frame_times",
    "red_flags_html",
    "write_handout",
]
