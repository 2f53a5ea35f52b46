"""Find the levels, joints, regions, motions and body areas a text talks about, and map them to the model.

Levels and joints are read by their syntax ("L4", "L4/5", "L4-L5", "L4–5", "L5/S1", "C7/T1",
"T12-L1"; a joint may be written in lower case, "l4/5") and checked with
:func:`spineviz.anatomy.levels.parse_segment`, so "L6" or "C0/C1" are never linked. Everything else is
vocabulary read from ``data/link_terms.toml``: phrases, the target each maps to, and the longer phrases
in which a term means something else ("cervical smear", "hair extension"). Terms match as whole words,
case-insensitively; where matches overlap the longest wins ("L4/5" over "L4", "lateral flexion" over
"flexion").
"""

from __future__ import annotations

import html as _html
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from typing import Any

from spineviz.anatomy.levels import LevelError, parse_level, parse_segment

LINK_KINDS = ("level", "joint", "region", "motion", "body_area")
"""Every kind of :class:`Link`."""

REGION_IDS = ("cervical", "thoracic", "lumbar")
MOTION_IDS = ("flexion", "extension", "lateral_bending", "rotation")
HREF_SCHEME = "spineviz"


class VocabularyError(ValueError):
    """The linker's vocabulary file is malformed; the message says where."""


@dataclass(frozen=True, order=True)
class Link:
    """One thing found in a text.

    Attributes
    ----------
    term
        The text as written (``text[start:end]``).
    kind
        One of :data:`LINK_KINDS`.
    start, end
        Character offsets into the text searched (end exclusive).
    target
        Normalised value: a level name ("L4"), a segment name ("L4/5"), a region id ("lumbar"), a
        motion id ("extension") or a body-area id ("buttock").
    """

    term: str
    kind: str
    start: int
    end: int
    target: str

    @property
    def href(self) -> str:
        """The app's link for this target, ``spineviz:KIND/TARGET`` (for example ``spineviz:joint/L4/5``)."""
        return f"{HREF_SCHEME}:{self.kind}/{self.target}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_href(href: str) -> tuple[str, str] | None:
    """Return ``(kind, target)`` for a link made by :func:`link_html`, or None for any other href."""
    prefix = f"{HREF_SCHEME}:"
    if not href.startswith(prefix):
        return None
    kind, _, target = href[len(prefix) :].partition("/")
    return (kind, target) if kind in LINK_KINDS and target else None


# --------------------------------------------------------------------------------------------- vocabulary

_GAP = r"[\s\-\u2010-\u2015]+"  # between the words of a phrase: spaces, line breaks, hyphens, dashes


def _key(phrase: str) -> str:
    return " ".join(re.split(_GAP, phrase.casefold().strip()))


def _alternation(phrases: Iterable[str]) -> str:
    """A regex matching any of ``phrases``, longest first, words separated by :data:`_GAP`.

    Built as a character trie ("arch(?:ing|es)?") rather than a flat list of alternatives, which
    makes a search about four times faster.
    """
    trie: dict[str, dict] = {}
    for key in {_key(p) for p in phrases}:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}  # a phrase ends here

    def emit(node: dict[str, dict]) -> str:
        branches = [
            (_GAP if ch == " " else re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a shorter phrase may end here: try the longer ones first
            body = f"(?:{body})?" if len(branches) == 1 else f"{body}?"
        return body

    return emit(trie)


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    alternation = _alternation(phrases)
    if not alternation:
        return re.compile(r"(?!)")  # no phrases: never matches
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    """One vocabulary entry: phrases that mean ``target`` (of ``kind``), except inside ``not_in``."""

    kind: str
    target: str
    phrases: tuple[str, ...]
    not_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """Everything the linker looks for besides the syntax of levels."""

    terms: tuple[Term, ...]
    level_not_followed_by: tuple[str, ...] = ()

    @classmethod
    def from_toml(cls, text: str, source: str = "link_terms.toml") -> Vocabulary:
        """Read and check a vocabulary; raise :class:`VocabularyError` naming the bad entry."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise VocabularyError(f"{source}: not valid TOML ({exc})") from exc
        terms = []
        seen: dict[str, str] = {}
        entries, levels = data.get("term", []), data.get("levels", {})
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise VocabularyError(f"{source}: each term must be a [[term]] table")
        if not isinstance(levels, dict):
            raise VocabularyError(f"{source}: [levels] must be a table")
        for i, raw in enumerate(entries):
            where = f"{source}: term {i + 1} ({raw.get('target', '?')})"
            kind, target = raw.get("kind"), raw.get("target")
            phrases, not_in = raw.get("phrases"), raw.get("not_in", [])
            allowed = {"region": REGION_IDS, "motion": MOTION_IDS}.get(kind)
            if kind not in ("region", "motion", "body_area"):
                raise VocabularyError(f"{where}: kind must be region, motion or body_area, not {kind!r}")
            if not isinstance(target, str) or not re.fullmatch(r"[a-z][a-z_]*", target):
                raise VocabularyError(f"{where}: target must be a lower-case id such as 'buttock'")
            if allowed is not None and target not in allowed:
                raise VocabularyError(f"{where}: a {kind} target is one of {', '.join(allowed)}")
            for name, value in (("phrases", phrases), ("not_in", not_in)):
                if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
                    raise VocabularyError(f"{where}: {name} must be a list of non-empty strings")
            if not phrases:
                raise VocabularyError(f"{where}: phrases is empty")
            for p in phrases:
                if _key(p) in seen:
                    raise VocabularyError(f"{where}: phrase {p!r} is already listed for {seen[_key(p)]}")
                seen[_key(p)] = f"{kind} {target}"
            own = _phrase_pattern(phrases)
            for p in not_in:
                if not own.search(p):
                    raise VocabularyError(f"{where}: not_in phrase {p!r} contains none of the phrases")
            terms.append(Term(kind, target, tuple(phrases), tuple(not_in)))
        words = levels.get("not_followed_by", [])
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise VocabularyError(f"{source}: levels.not_followed_by must be a list of non-empty strings")
        return cls(tuple(terms), tuple(words))

    @classmethod
    def default(cls) -> Vocabulary:
        """The vocabulary shipped with spineviz (``spineviz/content/data/link_terms.toml``)."""
        text = resources.files("spineviz.content").joinpath("data/link_terms.toml").read_text("utf-8")
        return cls.from_toml(text)


# ------------------------------------------------------------------------------------------------- linker

_DASHES = r"/\-\u2010-\u2015\u2212"
_LEVEL_OR_JOINT = re.compile(
    rf"(?<!\w)([CTLSctls])([0-9]{{1,2}})"
    rf"(?:[ \t\u00a0]*(?:[{_DASHES}]|[ \t\u00a0]to[ \t\u00a0])[ \t\u00a0]*([CTLSctls]?)([0-9]{{1,2}}))?"
    r"(?!\w)(?![.,][0-9])"
)


class Linker:
    """Finds :class:`Link` s in text with one :class:`Vocabulary`."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._terms = vocabulary.terms
        self._by_key = {_key(p): t for t in self._terms for p in t.phrases}
        self._pattern = _phrase_pattern(self._by_key)
        self._not_in = {t: _phrase_pattern(t.not_in) for t in self._terms if t.not_in}
        self._reach = 4 * max((len(p) for t in self._terms for p in t.not_in), default=0) + 16
        words = vocabulary.level_not_followed_by
        self._level_veto = (
            re.compile(rf"[\s\-\u2010-\u2015]*(?:{_alternation(words)})(?!\w)", re.IGNORECASE)
            if words
            else None
        )

    @classmethod
    def default(cls) -> Linker:
        """A linker with the shipped vocabulary (built once)."""
        return _default_linker()

    def find(self, text: str) -> list[Link]:
        """Return the links in ``text``, in order, none overlapping.

        Parameters
        ----------
        text
            Any text; offsets in the result index into it.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        found = self._vocabulary_links(text) + self._level_links(text)
        return _longest_first(found)

    def _vocabulary_links(self, text: str) -> list[Link]:
        links = []
        for m in self._pattern.finditer(text):
            term = self._by_key.get(_key(m.group()))
            if term is None or self._excluded(term, text, m.start(), m.end()):
                continue
            links.append(Link(m.group(), term.kind, m.start(), m.end(), term.target))
        return links

    def _excluded(self, term: Term, text: str, start: int, end: int) -> bool:
        pattern = self._not_in.get(term)
        if pattern is None:
            return False
        lo, hi = max(0, start - self._reach), min(len(text), end + self._reach)
        return any(m.start() <= start and m.end() >= end for m in pattern.finditer(text, lo, hi))

    def _level_links(self, text: str) -> list[Link]:
        links = []
        for m in _LEVEL_OR_JOINT.finditer(text):
            if self._level_veto is not None and self._level_veto.match(text, m.end()):
                continue
            l1, n1, l2, n2 = m.group(1), m.group(2), m.group(3) or m.group(1), m.group(4)
            if n2 is None:  # a single level: capitals only ("s1" or "t1" in prose is too often not one)
                if l1.isupper():
                    links += self._level(text, m.start(1), m.end(2))
                continue
            try:
                segment = parse_segment(f"{l1}{n1}/{l2}{n2}")
            except LevelError:
                # not a joint; a range such as "L1-L5" or "C5-7" still names its levels, if both exist
                first = self._level(text, m.start(1), m.end(2))
                if first and _valid(l2, n2):
                    links += first + (self._level(text, m.start(3), m.end(4)) if m.group(3) else [])
                continue
            links.append(Link(m.group(), "joint", m.start(), m.end(), segment.name))
        return links

    @staticmethod
    def _level(text: str, start: int, end: int) -> list[Link]:
        try:
            level = parse_level(text[start:end])
        except LevelError:
            return []
        return [Link(text[start:end], "level", start, end, level.name)]


def _valid(letter: str, number: str) -> bool:
    try:
        parse_level(f"{letter}{number}")
    except LevelError:
        return False
    return True


def _longest_first(links: Sequence[Link]) -> list[Link]:
    """Drop overlapping links, keeping the longer (the earlier when equal)."""
    kept: list[Link] = []
    for link in sorted(links, key=lambda k: (k.start, -(k.end - k.start))):
        if kept and link.start < kept[-1].end:
            if link.end - link.start > kept[-1].end - kept[-1].start:
                kept[-1] = link
            continue
        kept.append(link)
    return kept


@cache
def _default_linker() -> Linker:
    return Linker(Vocabulary.default())


def find_links(text: str) -> list[Link]:
    """Return the links in ``text`` found with the shipped vocabulary (see :class:`Linker`)."""
    return Linker.default().find(text)


# ------------------------------------------------------------------------------------------------- HTML

_TOKEN = re.compile(r"<!--.*?-->|<(?:\"[^\"]*\"|'[^']*'|[^'\">])*>", re.DOTALL)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
_SKIP_INSIDE = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "title"})


def link_html(html: str, linker: Linker | None = None) -> str:
    """Wrap every term found in the text of ``html`` in ``<a href="spineviz:KIND/TARGET">``.

    Only text between tags changes: tag attributes, existing links and code are left alone. A term
    split by markup ("lower <em>back</em>") is not found.

    Parameters
    ----------
    html
        Sanitised HTML (see :func:`spineviz.content.sanitize.sanitize`).
    linker
        Defaults to :meth:`Linker.default`.
    """
    linker = linker or Linker.default()
    out: list[str] = []
    skip: dict[str, int] = dict.fromkeys(_SKIP_INSIDE, 0)
    pos = 0
    for m in _TOKEN.finditer(html):
        out.append(_link_text(html[pos : m.start()], linker, any(skip.values())))
        out.append(m.group())
        tag = _TAG_NAME.match(m.group())
        if tag and tag.group(2).lower() in skip and not m.group().rstrip(">").endswith("/"):
            name = tag.group(2).lower()
            skip[name] = max(0, skip[name] + (-1 if tag.group(1) else 1))
        pos = m.end()
    out.append(_link_text(html[pos:], linker, any(skip.values())))
    return "".join(out)


def _link_text(raw: str, linker: Linker, skip: bool) -> str:
    if skip or not raw.strip():
        return raw
    text = _html.unescape(raw)
    links = linker.find(text)
    if not links:
        return raw
    pieces, pos = [], 0
    for link in links:
        pieces.append(_html.escape(text[pos : link.start], quote=False))
        pieces.append(f'<a href="{_html.escape(link.href)}">{_html.escape(link.term, quote=False)}</a>')
        pos = link.end
    pieces.append(_html.escape(text[pos:], quote=False))
    return "".join(pieces)
