"""The app's own articles: Markdown shipped as package data, one patient and one clinician version each.

Each article is a pair of files in ``spineviz/content/articles/``, named ``<id>.patient.md`` and
``<id>.clinician.md``. Keeping the text in data files, not in code, lets writers edit it without touching
Python and lets the tests pin what every version must carry (title, references, red-flag box, key numbers).

File format
-----------
- Line 1 is the title, ``# Title``; both versions of an article share it.
- Line 2 is a machine-readable comment, for example
  ``<!-- id: referred-pain; audience: patient; joints: C1/2 to L5/S1; regions: lumbar -->``.
  Its ``id`` and ``audience`` must match the file name.
- Section headings (``##`` and below) may name joints, as in ``## Low back: L4/5 and L5/S1``, or a range,
  as in ``## Upper and middle back: T1/2 to T11/12``. :func:`section_for_joint` uses them to jump from a
  selected facet joint to the text about it.
- Every version ends with ``## References``. Every version carries the red-flag box, a blockquote that
  starts ``> **When to see a clinician now**`` and links to the ``red-flags`` article. Its wording lives in
  one place, ``articles/boxes/red-flags.<audience>.md``; an article holds only the marker line
  ``<!-- red-flag-box -->``, which :func:`load_article` replaces with the box. So the emergency advice is
  reviewed once and cannot drift between pages.

This module is part of the model floor: it imports no Qt and no plotter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Literal, NamedTuple

from markdown.extensions.toc import slugify, unique

from spineviz.anatomy.levels import SEGMENTS, LevelError, Segment, parse_segment

Audience = Literal["patient", "clinician"]
AUDIENCES: tuple[Audience, ...] = ("patient", "clinician")

RED_FLAGS_ID = "red-flags"
"""The article that holds the full red-flag list; every red-flag box links to it."""

RED_FLAG_BOX_START = "> **When to see a clinician now**"
"""First line of the red-flag box, the same in every article and audience."""

RED_FLAG_BOX_MARKER = "<!-- red-flag-box -->"
"""The line an article file holds where the red-flag box goes; :func:`load_article` puts the box there."""

REFERENCES_HEADING = "References"

READING_ORDER: tuple[str, ...] = (
    "facet-joints",
    "why-facets-hurt",
    "referred-pain",
    "low-back-pain",
    "neck-and-mid-back",
    "living-with-facet-pain",
    "diagnosis-treatment",
    "other-treatments",
    "injections-and-radiofrequency",
    "reading-your-scan-report",
    RED_FLAGS_ID,
)
"""The order in which the articles build on each other; articles not named here follow, by id."""

JOINT_SEARCH_ORDER: tuple[str, ...] = ("referred-pain",)
"""Articles searched first by :func:`section_for_joint`: the per-region referral text is what a user
who clicks a facet joint most likely wants to read."""

_FILE_RE = re.compile(r"^(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<audience>patient|clinician)\.md$")
_TITLE_RE = re.compile(r"^#\s+(?P<title>\S.*?)\s*#*\s*$")
_HEADING_RE = re.compile(r"^(?P<hashes>#{2,6})\s+(?P<text>\S.*?)\s*#*\s*$")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_COMMENT_RE = re.compile(r"<!--(?P<body>.*?)-->", re.DOTALL)
_JOINT_TOKEN_RE = re.compile(r"\b[CTL]\d{1,2}/[CTLS]?\d{1,2}\b")
_RANGE_JOINER_RE = re.compile(r"^\s*(?:to|–|—|-)\s*$")


class ArticleError(LookupError):
    """An article, audience or article file that does not exist or is malformed.

    The message names what was asked for and what exists, so a typo in a scene file or a CLI
    argument can be fixed from the message alone.
    """


class Section(NamedTuple):
    """One heading of an article, level 2 or deeper.

    ``anchor`` is the id Python-Markdown's ``toc`` extension gives the rendered heading, so a link
    ``#anchor`` scrolls the rendered article to it.
    """

    heading: str
    anchor: str
    level: int


@dataclass(frozen=True)
class ArticleInfo:
    """What a menu needs to list an article without reading all of it."""

    id: str
    title: str
    audiences: tuple[Audience, ...]


@dataclass(frozen=True)
class Article:
    """One version of one article, parsed.

    Attributes
    ----------
    id, audience, title
        From the file name and the first line.
    markdown
        The full Markdown text, as shipped.
    sections
        Every heading below the title, in document order.
    joints
        Segment names ("L4/5") the article's metadata says it covers, expanded from ranges.
    """

    id: str
    audience: Audience
    title: str
    markdown: str
    sections: tuple[Section, ...]
    joints: tuple[str, ...]

    def section_markdown(self, anchor: str) -> str:
        """Return the Markdown under one heading, up to the next heading of the same or a higher level.

        Lets the app show one section (say, the text for L4/5) without rendering the whole article.

        Raises
        ------
        ArticleError
            If no section has that anchor; the message lists the anchors that exist.
        """
        spans = _section_spans(self.markdown)
        if anchor not in spans:
            raise ArticleError(
                f"article {self.id!r} ({self.audience}) has no section {anchor!r}; "
                f"its sections are: {', '.join(s.anchor for s in self.sections)}"
            )
        return spans[anchor]


# --- finding the files -------------------------------------------------------------------------------


def _articles_dir() -> Traversable:
    return resources.files("spineviz.content").joinpath("articles")


@cache
def _catalogue() -> dict[str, dict[Audience, Traversable]]:
    """Map article id to its files by audience, read once from the package data."""
    found: dict[str, dict[Audience, Traversable]] = {}
    for entry in _articles_dir().iterdir():
        m = _FILE_RE.match(entry.name)
        if m and entry.is_file():
            audience: Audience = "patient" if m["audience"] == "patient" else "clinician"
            found.setdefault(m["id"], {})[audience] = entry
    return found


def article_ids() -> tuple[str, ...]:
    """Return every article id, in reading order (see :data:`READING_ORDER`)."""
    ids = set(_catalogue())
    ordered = [i for i in READING_ORDER if i in ids]
    return (*ordered, *sorted(ids - set(ordered)))


def _check_audience(audience: str, article_id: str | None = None) -> Audience:
    if audience == "patient" or audience == "clinician":
        return audience
    what = f"article {article_id!r}: " if article_id else ""
    raise ArticleError(
        f"{what}no audience {audience!r}; the audiences are {', '.join(repr(a) for a in AUDIENCES)}"
    )


def _file_for(article_id: str, audience: str) -> Traversable:
    versions = _catalogue().get(article_id)
    if versions is None:
        raise ArticleError(f"no article {article_id!r}; the articles are: {', '.join(article_ids())}")
    checked = _check_audience(audience, article_id)
    if checked not in versions:
        raise ArticleError(
            f"article {article_id!r} has no {checked} version; it has: {', '.join(sorted(versions))}"
        )
    return versions[checked]


# --- parsing -----------------------------------------------------------------------------------------


def _title_of(article_id: str, markdown: str) -> str:
    first = markdown.lstrip("\ufeff").split("\n", 1)[0]
    m = _TITLE_RE.match(first)
    if not m:
        raise ArticleError(f"article {article_id!r}: the first line must be the title, '# Title'")
    return m["title"]


def _metadata_of(markdown: str) -> dict[str, str]:
    """Read ``key: value; key: value`` from the first HTML comment, or return an empty dict."""
    m = _COMMENT_RE.search(markdown)
    if not m:
        return {}
    pairs = (item.split(":", 1) for item in m["body"].split(";") if ":" in item)
    return {key.strip().lower(): value.strip() for key, value in pairs}


def _headings(markdown: str) -> list[tuple[int, str, int]]:
    """Return (line number, text, level) for each heading of level 2+, outside code fences."""
    found = []
    in_fence = False
    for number, line in enumerate(markdown.splitlines()):
        if _FENCE_RE.match(line):
            in_fence = not in_fence
        elif not in_fence and (m := _HEADING_RE.match(line)):
            found.append((number, m["text"], len(m["hashes"])))
    return found


def _sections_of(markdown: str) -> tuple[Section, ...]:
    ids: set[str] = set()
    return tuple(
        Section(text, unique(slugify(text, "-"), ids), level) for _, text, level in _headings(markdown)
    )


def _section_spans(markdown: str) -> dict[str, str]:
    """Map each section's anchor to the Markdown body under it."""
    lines = markdown.splitlines()
    heads = _headings(markdown)
    spans: dict[str, str] = {}
    for i, (section, (number, _, level)) in enumerate(zip(_sections_of(markdown), heads, strict=True)):
        end = next((n for n, _, lv in heads[i + 1 :] if lv <= level), len(lines))
        spans[section.anchor] = "\n".join(lines[number + 1 : end]).strip()
    return spans


def joints_named_in(text: str) -> tuple[Segment, ...]:
    """Return the segments that ``text`` names, expanding ranges such as "T1/2 to T11/12".

    Used on section headings and on the metadata comment, so that one heading can stand for a whole
    region without listing its eleven joints.

    Raises
    ------
    LevelError
        If a token looks like a joint but is not one of the 24 segments (for example "L5/6").
    """
    matches = list(_JOINT_TOKEN_RE.finditer(text))
    segments = [parse_segment(m.group(0)) for m in matches]
    found: list[Segment] = []
    for i, segment in enumerate(segments):
        joined_to_previous = i > 0 and _RANGE_JOINER_RE.match(text[matches[i - 1].end() : matches[i].start()])
        if joined_to_previous:
            found.extend(SEGMENTS[segments[i - 1].index + 1 : segment.index + 1])
        else:
            found.append(segment)
    return tuple(dict.fromkeys(found))


def parse_article(article_id: str, audience: Audience, markdown: str) -> Article:
    """Parse one article's Markdown; pure, so tests can feed it text that is not shipped.

    Raises
    ------
    ArticleError
        If the title line is missing, the metadata comment contradicts the file name, or a joint
        named in the metadata does not exist.
    """
    title = _title_of(article_id, markdown)
    meta = _metadata_of(markdown)
    for key, expected in (("id", article_id), ("audience", audience)):
        if meta.get(key, expected) != expected:
            raise ArticleError(
                f"article {article_id!r} ({audience}): its metadata says {key} is {meta[key]!r}, "
                f"but its file name says {expected!r}"
            )
    try:
        joints = tuple(s.name for s in joints_named_in(meta.get("joints", "")))
    except LevelError as exc:
        raise ArticleError(f"article {article_id!r} ({audience}): bad joint in metadata: {exc}") from exc
    return Article(article_id, audience, title, markdown, _sections_of(markdown), joints)


# --- the public calls --------------------------------------------------------------------------------


@cache
def load_article(article_id: str, audience: Audience = "patient") -> Article:
    """Load one version of one article from the package data.

    Parameters
    ----------
    article_id
        For example ``"referred-pain"``; see :func:`article_ids`.
    audience
        ``"patient"`` (plain language) or ``"clinician"`` (numbers and sources). The two are separate
        texts, not one text with details hidden, because each audience needs different wording.

    Returns
    -------
    Article
        Parsed once and cached; the object is immutable.

    Raises
    ------
    ArticleError
        For an unknown id or audience, naming the valid ones.
    """
    checked = _check_audience(audience, article_id)
    markdown = _file_for(article_id, checked).read_text(encoding="utf-8")
    box = red_flags_box(checked)
    markdown = "\n".join(box if line.strip() == RED_FLAG_BOX_MARKER else line for line in markdown.split("\n"))
    return parse_article(article_id, checked, markdown)


def list_articles() -> list[ArticleInfo]:
    """List every article in reading order, with its title and the audiences it is written for."""
    infos = []
    for article_id in article_ids():
        audiences = tuple(a for a in AUDIENCES if a in _catalogue()[article_id])
        infos.append(ArticleInfo(article_id, load_article(article_id, audiences[0]).title, audiences))
    return infos


def section_for_joint(segment_name: str, audience: Audience = "patient") -> tuple[str, str] | None:
    """Find the section to show when a user selects a facet joint.

    Parameters
    ----------
    segment_name
        A segment as people write it: "L4/5", "L4-L5", "C7/T1" (parsed with
        :func:`spineviz.anatomy.levels.parse_segment`). The side does not matter: both facets of a
        segment share one text.
    audience
        Which version to search.

    Returns
    -------
    tuple of (article id, anchor) or None
        The first section, in :data:`JOINT_SEARCH_ORDER` and then reading order, whose heading names the
        segment or a range that includes it. The referred-pain article names all 24 segments, C1/2 to
        L5/S1, so every modelled joint has a section there; C1/2 maps to its upper-neck section, because
        Fukui 1996 mapped referral from C1/2. ``None`` means no heading names the segment: there is no
        region-level fallback, so a gap in the articles shows up as ``None`` rather than as a wrong
        section.

    Raises
    ------
    LevelError
        If ``segment_name`` is not a joint of the model.
    ArticleError
        If ``audience`` is not one of :data:`AUDIENCES`.
    """
    segment = parse_segment(segment_name)
    checked = _check_audience(audience)
    search = (*JOINT_SEARCH_ORDER, *(i for i in article_ids() if i not in JOINT_SEARCH_ORDER))
    for article_id in search:
        if checked not in _catalogue().get(article_id, {}):
            continue
        for section in load_article(article_id, checked).sections:
            if segment in joints_named_in(section.heading):
                return article_id, section.anchor
    return None


@cache
def red_flags_box(audience: Audience = "patient") -> str:
    """Return the short red-flag box for an audience, as Markdown.

    The box is the one file ``articles/boxes/red-flags.<audience>.md``: every article, the handout and
    any view that shows the box on its own take it from there, so there is one wording to review.

    Raises
    ------
    ArticleError
        For an unknown audience, or if the box file is missing or does not start with the box title.
    """
    checked = _check_audience(audience)
    entry = _articles_dir().joinpath("boxes", f"{RED_FLAGS_ID}.{checked}.md")
    try:
        text = entry.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ArticleError(f"the red-flag box for {checked} readers is missing ({entry}): {exc}") from None
    if text.splitlines()[:1] != [RED_FLAG_BOX_START]:
        raise ArticleError(f"the red-flag box {entry} must start with {RED_FLAG_BOX_START!r}")
    return text


# --- text for readability measures -------------------------------------------------------------------

_REFERENCES_RE = re.compile(r"^#{1,6}\s+References\s*#*\s*$", re.IGNORECASE)
_QUOTE_RE = re.compile(r"^(?:>\s?)+")
_LIST_RE = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_TABLE_RULE_RE = re.compile(r"^\|?[\s:|-]+\|[\s:|-]*$")
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK_RE = re.compile(r"<(?:https?|mailto):[^>]*>|https?://\S+")
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS_RE = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1")


def _without_references(markdown: str) -> str:
    lines = markdown.splitlines()
    start = next((i for i, line in enumerate(lines) if _REFERENCES_RE.match(line)), None)
    if start is None:
        return markdown
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    later_heads = ((i, _HEADING_RE.match(lines[i])) for i in range(start + 1, len(lines)))
    end = next((i for i, m in later_heads if m and len(m["hashes"]) <= level), len(lines))
    return "\n".join(lines[:start] + lines[end:])


def _inline_text(text: str) -> str:
    text = _IMAGE_RE.sub(r"\1", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _AUTOLINK_RE.sub("", text)
    text = _TAG_RE.sub("", text)
    text = text.replace("`", "")
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS_RE.sub(r"\2", text)
    return " ".join(text.split())


def _as_sentence(unit: str) -> str:
    unit = unit.rstrip(" ;:,")
    return unit if unit.endswith((".", "!", "?")) else unit + "."


def _text_units(markdown: str) -> list[str]:
    """Split Markdown into the units a reader takes in one go: headings, paragraphs, list items, cells."""
    units: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            units.append(" ".join(current))
            current.clear()

    in_fence = False
    for raw in markdown.splitlines():
        if _FENCE_RE.match(raw):
            in_fence = not in_fence
            flush()
            continue
        line = _QUOTE_RE.sub("", raw.strip()).strip()
        if in_fence or not line or _TABLE_RULE_RE.match(line):
            flush()
        elif line.startswith("#"):
            flush()
            units.append(line.lstrip("#").strip())
        elif line.startswith("|"):
            flush()
            units.extend(cell.strip() for cell in line.strip("|").split("|"))
        elif _LIST_RE.match(line):
            flush()
            current.append(_LIST_RE.sub("", line))
        else:
            current.append(line)
    flush()
    return units


def readable_text(markdown: str) -> str:
    """Reduce an article's Markdown to the prose a reader reads, for readability formulas.

    Drops comments, code, the references section (citations are not prose, and their long titles
    would swamp the score), link targets, image addresses and Markdown markup. Each heading, paragraph,
    list item and table cell becomes one sentence, because readers take each as a separate unit, and
    formulas such as Flesch-Kincaid count sentences by their full stops.

    Parameters
    ----------
    markdown
        An article's full text.

    Returns
    -------
    str
        One sentence-terminated unit per line.
    """
    body = _without_references(_COMMENT_RE.sub("", markdown))
    units = (_inline_text(u) for u in _text_units(body))
    return "\n".join(_as_sentence(u) for u in units if u)
