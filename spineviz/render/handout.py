"""The patient handout (one self-contained HTML page) and the red-flag box that every page carries."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from spineviz.atomic import atomic_write_bytes
from spineviz.render.export_files import ExportError, check_target, write_error
from spineviz.render.scene_body_map import body_map_joints, body_map_svg_for
from spineviz.scene.state import SceneState


def red_flags_html(audience: str = "patient", *, link: str | None = None) -> str:
    """The red-flag box as safe HTML; its "full list" line links to ``link`` or is left out."""
    from spineviz.content.articles import red_flags_box

    lines = [re.sub(r"^>\s?", "", line) for line in red_flags_box(audience).splitlines()]
    text = "\n".join(lines)
    if link is None:
        text = "\n".join(line for line in lines if "](red-flags)" not in line)
    else:
        text = text.replace("](red-flags)", f"]({link})")
    return markdown_html(text)


def markdown_html(text: str) -> str:
    import markdown

    from spineviz.content.sanitize import sanitize

    return sanitize(markdown.markdown(text, extensions=["extra", "sane_lists", "toc"])).html


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
        source = (f'<p class="note">This text comes from the document “{html.escape(Path(doc.path).name)}” '
                  "that this scene names.</p>")
        return loaded.title, source + loaded.html, doc.section
    article_id = doc.article if doc is not None else ("referred-pain" if state.body_map else "facet-joints")
    article = load_article(article_id, "patient")
    section = doc.section if doc is not None and doc.audience in (None, "patient") else None
    return article.title, markdown_html(_without_flag_box(article.markdown)), section


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
    scene names joints, the "Where does it hurt?" map when it has pain marks, the red-flag box near the
    top, the patient article (or the scene's own document), the full list of warning signs, and the
    load-estimate note when loads are shown. Nothing is loaded from elsewhere.
    """
    from spineviz.content.articles import RED_FLAGS_ID, load_article
    from spineviz.motion.loads import ESTIMATE_NOTE
    from spineviz.render.annotate import motion_words
    from spineviz.render.scene_render import render_scene_png

    target = check_target(path, (".html", ".htm"))
    esc = html.escape
    png = render_scene_png(state, size=image_size, spine=spine, captions=False)
    motion = state.current_motion()
    shows = "" if motion.is_neutral else f"<figcaption>The picture shows: {esc(motion_words(motion))}.</figcaption>"
    picture = (f'<figure><img alt="{esc(state.title or "The spine")}" '
               f'src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">{shows}</figure>')
    body_map = ""
    if body_map_joints(state):
        body_map = (f'<figure class="bodymap">{_svg_inline(body_map_svg_for(state))}'
                    "<figcaption>Where pain from these joints is often felt. Shaded areas are typical "
                    "patterns from studies; your own pain may differ.</figcaption></figure>")
    body_map += pain_map_figure(state)
    title, article_html, section = handout_article(state)
    if section and f'id="{section}"' in article_html:
        article_html = article_html.replace(f'id="{section}"', f'id="{section}" class="focus"', 1)
        article_html = f'<p class="note">Start with the part <a href="#{esc(section)}">marked below</a>.</p>' + (
            article_html)
    flags_article = load_article(RED_FLAGS_ID, "patient")
    flags_full = markdown_html(flags_article.markdown)
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
        raise write_error(target, exc) from None
    return target


def pain_map_figure(state: SceneState) -> str:
    """The handout's "Where does it hurt?" figure for the scene's pain marks ("" when there are none)."""
    if not state.pain_marks:
        return ""
    from spineviz.content.painmap_svg import pain_map

    picture = pain_map(state.pain_marks, "patient")
    return (f'<figure class="bodymap painmap">{_svg_inline(picture.svg)}'
            "<figcaption>Where you marked your pain, and the joints whose pain can be felt there. "
            "Pain maps overlap: this cannot say which joint causes your pain.</figcaption></figure>")


def _svg_inline(svg: str) -> str:
    """An SVG document (our own body map) ready to sit inside HTML: no XML declaration."""
    return re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)


__all__ = ["handout_article", "markdown_html", "pain_map_figure", "red_flags_html", "write_handout"]
