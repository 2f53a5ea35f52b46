"""Measure the linker on annotated documents: recall and precision, per document and overall.

An annotated document is plain text with inline marks: ``[[words|kind:target]]`` is a gold link
(several acceptable targets separated by commas), ``[[words|-]]`` a trap that must stay unlinked.
:func:`read_annotated` strips the marks and returns the text with the gold spans; :func:`score`
compares what a linker finds with them. A found link is correct when it overlaps a gold span of the
same kind with one of its targets; recall counts gold spans found, precision counts found links that
are correct, and every found link that overlaps a trap is listed as a trap hit.

``python -m spineviz.content.linker_eval [FOLDER]`` prints the figures for every ``.txt`` file in
FOLDER (by default the repository's ``tests/content/linker_corpus``) and lists the misses and false
links; it exits 2, with a message, when the folder or a file cannot be read.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spineviz.content.atlas import BodyAreaError, default_atlas
from spineviz.content.linker import Link, Linker

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "tests" / "content" / "linker_corpus"
_MARK = re.compile(r"\[\[([^\[\]|]+)\|([^\[\]]+)\]\]")


class CorpusError(ValueError):
    """An annotated document that cannot be read; the message names the file and the mark."""


@functools.cache
def _zones(words: str) -> frozenset[str] | None:
    try:
        return frozenset(z.name for z in default_atlas().zones_matching(words))
    except BodyAreaError:
        return None


@dataclass(frozen=True)
class Gold:
    """One annotated span: a link to find (``kind`` and acceptable ``targets``) or a trap (kind "-")."""

    start: int
    end: int
    words: str
    kind: str
    targets: tuple[str, ...]

    @property
    def trap(self) -> bool:
        return self.kind == "-"

    def accepts(self, link: Link) -> bool:
        if link.kind != self.kind or not self.overlaps(link):
            return False
        if link.target in self.targets:
            return True
        # body areas: any words the referral atlas reads as the same zones ("below the knee", below_knee)
        return link.kind == "body_area" and _zones(link.target) in {_zones(t) for t in self.targets} - {None}

    def overlaps(self, link: Link) -> bool:
        return link.start < self.end and self.start < link.end


def read_annotated(marked: str, origin: str = "document") -> tuple[str, list[Gold]]:
    """The plain text of an annotated document and its gold spans (offsets into the plain text)."""
    out: list[str] = []
    gold: list[Gold] = []
    pos = length = 0
    for m in _MARK.finditer(marked):
        out.append(marked[pos : m.start()])
        length += m.start() - pos
        words, label = m.group(1), m.group(2).strip()
        if label == "-":
            kind, targets = "-", ()
        else:
            kind, sep, rest = label.partition(":")
            targets = tuple(t.strip() for t in rest.split(",") if t.strip())
            if not sep or not targets:
                raise CorpusError(f"{origin}: mark {m.group()!r} needs 'kind:target' or '-'")
        gold.append(Gold(length, length + len(words), words, kind, targets))
        out.append(words)
        length += len(words)
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise CorpusError(f"{origin}: an unclosed or malformed [[...]] mark is left in the text")
    return text, gold


@dataclass
class Score:
    """Counts for one document (or a sum of them), with the misses and false links for reading."""

    name: str
    gold: int = 0
    found: int = 0
    recalled: int = 0
    correct: int = 0
    misses: list[Gold] = field(default_factory=list)
    false_links: list[Link] = field(default_factory=list)
    trap_hits: list[Link] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.recalled / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(
            "all",
            self.gold + other.gold,
            self.found + other.found,
            self.recalled + other.recalled,
            self.correct + other.correct,
            self.misses + other.misses,
            self.false_links + other.false_links,
            self.trap_hits + other.trap_hits,
        )


def score(name: str, marked: str, linker: Linker | None = None) -> Score:
    """Score ``linker`` (the shipped one by default) on one annotated document."""
    text, gold = read_annotated(marked, name)
    links = (linker or Linker.default()).find(text)
    wanted = [g for g in gold if not g.trap]
    traps = [g for g in gold if g.trap]
    result = Score(name, gold=len(wanted), found=len(links))
    for g in wanted:
        if any(g.accepts(k) for k in links):
            result.recalled += 1
        else:
            result.misses.append(g)
    for k in links:
        if any(g.accepts(k) for g in wanted):
            result.correct += 1
        else:
            result.false_links.append(k)
            if any(t.overlaps(k) for t in traps):
                result.trap_hits.append(k)
    return result


def score_folder(folder: Path = DEFAULT_CORPUS, linker: Linker | None = None) -> list[Score]:
    """Score every ``.txt`` file in ``folder``, in name order."""
    files = sorted(Path(folder).glob("*.txt"))
    if not files:
        raise CorpusError(f"{folder}: no annotated .txt documents found")
    return [score(p.name, p.read_text(encoding="utf-8"), linker) for p in files]


def report(scores: Sequence[Score]) -> str:
    """A table of recall and precision per document and overall, then every miss and false link."""
    total = sum(scores[1:], scores[0]) if scores else Score("all")
    rows = [f"{'document':<24} {'gold':>5} {'found':>6} {'recall':>7} {'precision':>9}"]
    for s in [*scores, total]:
        name = "ALL" if s is total else s.name
        rows.append(f"{name:<24} {s.gold:>5} {s.found:>6} {s.recall:>7.1%} {s.precision:>9.1%}")
    for s in scores:
        for g in s.misses:
            rows.append(f"  miss   {s.name}: {g.words!r} ({g.kind}:{','.join(g.targets)})")
        for k in s.false_links:
            trap = " [trap]" if k in s.trap_hits else ""
            rows.append(f"  false  {s.name}: {k.term!r} -> {k.kind}:{k.target}{trap}")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else DEFAULT_CORPUS
    try:
        scores = score_folder(folder)
    except (CorpusError, OSError, UnicodeDecodeError) as exc:
        print(f"linker_eval: {exc}", file=sys.stderr)
        return 2
    print(report(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
