"""The patient handout as a real PDF, built from the scene alone, for the clinician to print or send.

What goes in, and only that (so a one-joint scene fits on at most two A4 pages):

- the scene's title and caption;
- its picture and the referred-pain body map of its joints, side by side;
- the text for the scene's region only: the section of the scene's article the scene points at, and the
  referred-pain section for each of its joints (``section_for_joint``), never the whole article, never
  the neck's or mid back's text for a low-back scene;
- the red flags, once;
- a notes box with what the clinician typed (``--notes``), or empty lines to write on.

Nothing depends on a panel or its scroll position: the same scene always gives the same pages. The PDF is
drawn by Qt's own writer (``QTextDocument`` printed to ``QPdfWriter``), written to a temporary file and
renamed into place. Patient notes go only into the file asked for.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

from spineviz.scene.state import SceneState

PAGE_MARGIN_MM = 14.0
BASE_POINT_SIZE = 10
RED = "#b42318"
MAX_PICTURE_ASPECT = 1.15
"""The picture is at most this many times as tall as its column is wide (about a third of the page)."""
LEGEND_SHARE = 0.12
"""The bottom share of a scene picture that holds the load legend (SceneRenderer's overlay band)."""
FOOTER = ("Made with spineviz, for learning. It cannot diagnose you: talk to your clinician about your own "
          "pain. Facet loads in pictures are an educational estimate, not a measurement.")


class HandoutError(Exception):
    """A handout that could not be written; the message names the file and the fix."""


def _markdown_html(text: str) -> str:
    import markdown

    from spineviz.content.sanitize import sanitize

    return sanitize(markdown.markdown(text, extensions=["extra", "sane_lists"])).html


def scene_joints(state: SceneState) -> tuple[str, ...]:
    """The segments the scene is about, in order: body map, highlights, selection (sides merged)."""
    names = [*state.body_map, *state.highlight]
    if state.selection and "/" in state.selection:
        names.append(state.selection)
    seen: dict[str, None] = {}
    for n in names:
        seen.setdefault(n.split()[0], None)
    return tuple(seen)


def region_sections(state: SceneState) -> list[tuple[str, str]]:
    """(heading, Markdown) of the text the handout carries: the scene's section, then each joint's.

    Always in the patient's words. With no section and no joints, the opening of "facet-joints".
    """
    from spineviz.content.articles import load_article, section_for_joint

    out: list[tuple[str, str]] = []
    doc = state.document
    if doc is not None and doc.article is not None and doc.section is not None:
        article = load_article(doc.article, "patient")
        heads = {s.anchor: s.heading for s in article.sections}
        if doc.section in heads:
            out.append((heads[doc.section], article.section_markdown(doc.section)))
    for joint in scene_joints(state):
        found = section_for_joint(joint, "patient")
        if found is None:
            continue
        article = load_article(found[0], "patient")
        heading = next(s.heading for s in article.sections if s.anchor == found[1])
        if all(h != heading for h, _ in out):
            out.append((heading, article.section_markdown(found[1])))
    if not out:
        article = load_article("facet-joints", "patient")
        first = article.sections[0]
        out.append((first.heading, article.section_markdown(first.anchor)))
    return out


def _flags_html() -> str:
    import re

    from spineviz.content.articles import red_flags_box

    lines = [re.sub(r"^>\s?", "", line) for line in red_flags_box("patient").splitlines()]
    box = _markdown_html("\n".join(line for line in lines if "](red-flags)" not in line))
    return box.replace("<strong>", f'<strong style="color:{RED}; font-size:11pt">', 1)


def handout_html(state: SceneState, notes: str = "", *, with_body_map: bool = True, column: int = 245,
                 picture_width: int | None = None) -> str:
    """The handout as Qt rich-text HTML; images are the resources ``picture`` and ``bodymap``.

    ``column`` is the width of each image column in the page's units (points when printed);
    ``picture_width`` a narrower width for a tall picture, so that it never outgrows the page.
    """
    esc = html.escape
    title = state.title or "Your spine"
    picture_cell = (f'<td width="50%" valign="top" align="center">'
                    f'<img src="picture" width="{picture_width or column}"></td>')
    map_cell = (f'<td width="50%" valign="top"><img src="bodymap" width="{column}"><br><span style="color:#4b5563;'
                'font-size:8pt">Where pain from these joints is often felt (typical patterns from studies; '
                'yours may differ).</span></td>') if with_body_map else ""
    sections = "".join(f"<h3>{esc(h)}</h3>{_markdown_html(md)}" for h, md in region_sections(state))
    note_lines = esc(notes).replace("\n", "<br>") if notes.strip() else ""
    blank = "<br>" * (2 if note_lines else 5)
    return f"""<html><body>
<h1 style="font-size:17pt; margin-bottom:2px">{esc(title)}</h1>
{f'<p style="font-size:11pt">{esc(state.caption)}</p>' if state.caption else ''}
<table width="100%" cellspacing="0" cellpadding="4"><tr>{picture_cell}{map_cell}</tr></table>
<table width="100%" cellspacing="0" cellpadding="6" border="1" style="border-color:{RED}; border-style:solid">
<tr><td>{_flags_html()}</td></tr></table>
{sections}
<h3>Notes from your clinician</h3>
<table width="100%" cellspacing="0" cellpadding="8" border="1" style="border-color:#6b7280; border-style:solid">
<tr><td>{note_lines}{blank}</td></tr></table>
<p style="color:#4b5563; font-size:8pt">{esc(FOOTER)}</p>
</body></html>"""


def _cropped(png: bytes, margin: int = 12, without_legend: bool = False) -> bytes:
    """The picture without its empty background around the anatomy (the gradient varies by row).

    ``without_legend`` also drops the load legend's band: a patient's handout carries no newtons; its
    caption says what the colours mean in words.
    """
    import io

    import numpy as np
    from PIL import Image

    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), float)
    if without_legend:
        img = img[: round(img.shape[0] * (1.0 - LEGEND_SHARE))]
    background = img[:, :1, :]
    mask = np.abs(img - background).max(axis=2) > 14
    if not mask.any():
        return png
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    top, bottom = max(0, rows[0] - margin), min(img.shape[0], rows[-1] + margin + 1)
    left, right = max(0, cols[0] - margin), min(img.shape[1], cols[-1] + margin + 1)
    out = io.BytesIO()
    Image.fromarray(img[top:bottom, left:right].astype(np.uint8)).save(out, format="PNG")
    return out.getvalue()


def _qimage(data: bytes):
    from PySide6.QtGui import QImage

    image = QImage()
    image.loadFromData(data)
    return image


def write_handout_pdf(state: SceneState, path: str | Path, *, notes: str = "", spine=None,
                      image_size: tuple[int, int] = (900, 800)) -> Path:
    """Write the handout PDF (A4) for ``state`` to ``path``, atomically; see the module docstring.

    Raises
    ------
    HandoutError
        The target is not a ``.pdf`` or cannot be written (the message names it and the fix).
    """
    from spineviz.atomic import atomic_output
    from spineviz.render.bodymap_png import _ensure_gui_application, svg_to_png
    from spineviz.render.scene_render import render_scene_png

    target = Path(path)
    if target.suffix.lower() != ".pdf":
        raise HandoutError(f"{target}: a PDF handout must be named *.pdf. Fix: use --out handout.pdf")
    if len(notes) > 4000:
        raise HandoutError(f"{target}: the notes are {len(notes)} characters; the box holds 4000. Fix: shorten them")
    png = _cropped(render_scene_png(state, size=image_size, spine=spine, captions=False),
                   without_legend=state.loads and state.audience == "patient")
    joints = scene_joints(state)
    _ensure_gui_application()
    from PySide6.QtCore import QMarginsF, QUrl
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    doc = QTextDocument()
    doc.setDefaultFont(QFont("DejaVu Sans", BASE_POINT_SIZE))
    picture = _qimage(png)
    doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("picture"), picture)
    if joints:
        from spineviz.content.bodymap import PRINT_VIEWS, body_map_svg

        with tempfile.TemporaryDirectory(prefix="spineviz-") as folder:
            bm = Path(folder) / "bodymap.png"
            svg_to_png(body_map_svg(joints, "patient", views=PRINT_VIEWS), bm, width=900)
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("bodymap"), _qimage(bm.read_bytes()))
    try:
        with atomic_output(target) as tmp:
            writer = QPdfWriter(str(tmp))
            writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
            writer.setPageMargins(QMarginsF(*(PAGE_MARGIN_MM,) * 4), QPageLayout.Unit.Millimeter)
            writer.setResolution(300)
            writer.setTitle(state.title or "spineviz handout")
            writer.setCreator("spineviz")
            width = writer.pageLayout().paintRect(QPageLayout.Unit.Point).width()
            column = int(width * 0.47)
            tallest = column * MAX_PICTURE_ASPECT
            narrow = int(min(column, tallest * picture.width() / max(1, picture.height())))
            doc.setHtml(handout_html(state, notes, with_body_map=bool(joints), column=column, picture_width=narrow))
            doc.print_(writer)
            del writer  # the file is complete once the writer is gone
    except OSError as exc:
        raise HandoutError(f"{target}: cannot be written ({exc}). Fix: choose a folder you can write to") from None
    return target
