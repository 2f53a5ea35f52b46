"""Open a document a user chose (Markdown, plain text or HTML) safely, as sanitised HTML and plain text.

Every problem a user can meet (missing file, wrong type, too big, binary, empty, unreadable) is one
:class:`DocumentError` whose message names the file and says what to do. Text in an unexpected
encoding never fails: UTF-8 (with or without BOM) and UTF-16/32 with a BOM are read as such, anything
else falls back to Windows-1252 and then Latin-1, with a note in :attr:`Document.notes`.
"""

from __future__ import annotations

import codecs
import html as _html
import re
from dataclasses import dataclass
from pathlib import Path

import markdown

from spineviz.content.sanitize import (
    Heading,
    anchor_headings,
    clean_html,
    markup_shape,
    quick_text,
    visible_text,
)
from spineviz.limits import DOCUMENT_MAX_BYTES, DOCUMENT_MAX_DEPTH, DOCUMENT_MAX_ELEMENTS, PANEL_MAX_PARAGRAPH
from spineviz.regular_files import NotRegularFileError, TooLargeError, read_regular

MAX_BYTES = DOCUMENT_MAX_BYTES
"""The largest document opened, in bytes (5 MB; see :mod:`spineviz.limits`)."""

KINDS: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
}
"""Supported file extensions and the kind of document each holds."""

_SUPPORTED = ", ".join(KINDS)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive or an Office document (.docx)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a program"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_RATIO = 0.05


class DocumentError(Exception):
    """A document that cannot be shown; the message names the file and says what to do."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)

    def __reduce__(self) -> tuple[type[DocumentError], tuple[Path, str]]:
        return type(self), (self.path, str(self))


@dataclass(frozen=True)
class Document:
    """A document ready to show.

    Attributes
    ----------
    title
        From the HTML ``<title>``, the first heading, or else the file name.
    html
        Sanitised HTML of the body; every heading has an ``id``.
    text
        The plain text a reader sees (for a ``.txt`` file, the file's own text with Unix line ends).
    contents
        The headings, in order, with their anchors into :attr:`html`.
    path
        The file it came from.
    kind
        ``"markdown"``, ``"text"`` or ``"html"``.
    encoding
        The encoding the file was read with.
    notes
        Things the reader may want to know (for example a guessed encoding).
    """

    title: str
    html: str
    text: str
    contents: tuple[Heading, ...]
    path: Path
    kind: str
    encoding: str
    notes: tuple[str, ...] = ()


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    shown = f"'{path}'"
    if not path.exists():
        raise DocumentError(path, f"Cannot open {shown}: there is no such file. Check the name and folder.")
    if path.is_dir():
        raise DocumentError(path, f"Cannot open {shown}: it is a folder. Choose a file inside it.")
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        what = f"'{path.suffix}' files" if path.suffix else "files without an extension"
        raise DocumentError(
            path, f"Cannot open {shown}: {what} are not supported. Open one of: {_SUPPORTED}."
        )
    try:
        data = read_regular(path, max_bytes)
    except NotRegularFileError as exc:
        raise DocumentError(
            path, f"Cannot open {shown}: it is {exc.kind}, not a regular file. Choose a document file; "
            "spineviz does not read pipes or devices."
        ) from None
    except TooLargeError as exc:
        size = exc.size
        raise DocumentError(
            path,
            f"Cannot open {shown}: it is {_megabytes(size)} ({size} bytes) and the limit is "
            f"{_megabytes(max_bytes)}. Open a shorter document or split this one.",
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DocumentError(
            path, f"Cannot read {shown}: {reason}. Check that you may read it, or copy it somewhere you can."
        ) from exc
    if not data:
        raise DocumentError(
            path, f"Cannot show {shown}: the file is empty (0 bytes). Open a file with text in it."
        )
    return data


def _binary_error(path: Path, what: str = "a binary file") -> DocumentError:
    return DocumentError(
        path, f"Cannot show '{path}': it looks like {what}, not text. Open a .md, .txt or .html document."
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """Return "utf-16-le" or "utf-16-be" when mostly-ASCII text was saved as UTF-16 with no BOM."""
    even, odd = data[0::2], data[1::2]
    if len(data) < 4 or len(data) % 2:
        return None
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decode(path: Path, data: bytes) -> tuple[str, str, tuple[str, ...]]:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise _binary_error(path, what)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec, ()
            except UnicodeDecodeError:
                text = data.decode(codec, errors="replace")
                note = f"Some characters could not be read as {codec} and are shown as \ufffd."
                return text, codec, (note,)
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is None:
            raise _binary_error(path)
        note = f"'{path.name}' has no byte-order mark; it was read as {codec.upper()}."
        return data.decode(codec, errors="replace"), codec, (note,)
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    for codec, name in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        note = (
            f"'{path.name}' is not UTF-8; it was read as {name}. "
            "Save it as UTF-8 if characters look wrong."
        )
        return text, codec, (note,)
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _check_text(path: Path, text: str) -> str:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:65536]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > _MAX_CONTROL_RATIO * len(sample):
        raise _binary_error(path)
    if not text.strip():
        raise DocumentError(
            path, f"Cannot show '{path}': it contains only blank space. Open a file with text in it."
        )
    return text


def load_document(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read a ``.md``, ``.markdown``, ``.txt``, ``.html`` or ``.htm`` file and make it safe to show.

    Parameters
    ----------
    path
        The file.
    max_bytes
        Files larger than this (in bytes) are refused; :data:`MAX_BYTES` by default.

    Returns
    -------
    Document
        Title, sanitised HTML, plain text, contents and where it came from.

    Raises
    ------
    DocumentError
        For a missing, unreadable, unsupported, too large, binary or empty file; the message names the
        file and says what to do.
    """
    path = Path(path)
    data = _read_bytes(path, max_bytes)
    raw, encoding, notes = _decode(path, data)
    text = _check_text(path, raw)
    kind = KINDS[path.suffix.lower()]
    page_title = None
    many_lines = text.count("\n") > DOCUMENT_MAX_ELEMENTS
    if kind == "markdown" and (many_lines or markdown_depth(text) > DOCUMENT_MAX_DEPTH):
        why = f"it has over {DOCUMENT_MAX_ELEMENTS:,} lines" if many_lines else "its lists or quotes nest"
        notes = (*notes, _simplified_note(path, why))
        kind = "text"  # the Markdown parser recurses once per level and is slow per block: never hand it these
        first = re.match(r"\s*#[ \t]+([^\n]+)", text)
        page_title = first.group(1).strip(" #")[:200] if first else None
    if kind == "text":
        body, plain = (plain_blocks_html(text) if many_lines else _text_to_html(text)), text
    elif kind == "markdown":
        body = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
        plain = None
    else:
        page_title, body = _split_page(text)
        plain = None
    safe = clean_html(body)
    depth, elements = markup_shape(safe, DOCUMENT_MAX_DEPTH, DOCUMENT_MAX_ELEMENTS)
    if kind != "text" and (depth > DOCUMENT_MAX_DEPTH or elements > DOCUMENT_MAX_ELEMENTS):
        why = "its elements nest" if depth > DOCUMENT_MAX_DEPTH else f"it has over {DOCUMENT_MAX_ELEMENTS:,} elements"
        notes = (*notes, _simplified_note(path, why))
        plain = quick_text(safe)
        safe = clean_html(plain_blocks_html(plain))
    cleaned = anchor_headings(safe)
    if plain is None:
        plain = visible_text(cleaned.html)
    if not plain.strip():
        raise DocumentError(
            path,
            f"Cannot show '{path}': nothing readable is left once scripts, styles and other active "
            "content are removed. Open a document with text in it.",
        )
    headings = cleaned.headings
    title = page_title or next((h.text for h in headings if h.level == 1 and h.text), None)
    title = title or next((h.text for h in headings if h.text), None) or path.stem
    return Document(title, cleaned.html, plain, headings, path, kind, encoding, notes)


def _simplified_note(path: Path, why: str) -> str:
    if why.endswith("nest"):
        why += f" more than {DOCUMENT_MAX_DEPTH} levels deep"
    return (f"'{path.name}' is shown as plain text because {why}, more than the reading panel can lay out. "
            "Simplify the document to see its layout.")


_MARKDOWN_CONTAINER = re.compile(r"(?:[-*+]|\d{1,9}[.)]|>)(?=[ \t]|$)[ \t]*")


def markdown_depth(text: str) -> int:
    """How deep Markdown lists and quotes nest, over-estimated cheaply line by line.

    Counts, per line, the list and quote markers at its start ("- - - x" is three lists deep) plus one
    level per two spaces of indentation, without parsing; linear in the text.
    """
    deepest = 0
    for line in text.split("\n"):
        stripped = line.lstrip(" \t")
        indent = len(line) - len(stripped)
        depth, pos = indent // 2, 0
        while m := _MARKDOWN_CONTAINER.match(stripped, pos):
            if m.end() == pos:
                break
            depth, pos = depth + 1, m.end()
        deepest = max(deepest, depth)
    return deepest


_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_BODY_START = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)


def _split_page(page: str) -> tuple[str | None, str]:
    """Return the ``<title>`` text (if any) and the body markup of an HTML page or fragment."""
    m = _TITLE.search(page)
    title = " ".join(_html.unescape(re.sub(r"<[^>]*>", "", m.group(1))).split())[:200] if m else ""
    start = _BODY_START.search(page)
    if start:
        end = _BODY_END.search(page, start.end())
        page = page[start.end() : end.start() if end else len(page)]
    return title or None, page


_BULLET = re.compile(r"^\s*(?:[•·▪◦‣*]|[-–](?=\s))\s*")
_SENTENCE_END = re.compile(r"[.,;:!\"'”’]$")


_TWO_SENTENCES = re.compile(r"\w{2,}[.!?]\s+[A-Z]")
"""A sentence ending inside a line ("EXAMINER: Thank you. What would you look for?"): speech, not a heading."""


def _is_heading_line(block: list[str]) -> bool:
    """Guess whether a one-line block of plain text is a heading: short, capitalised, no full stop."""
    if len(block) != 1:
        return False
    line = block[0].strip()
    words = line.split()
    return (
        0 < len(words) <= 10
        and len(line) <= 80
        and (line[0].isupper() or line[0].isdigit())
        and not _SENTENCE_END.search(line)
        and not _BULLET.match(line)
        and not _TWO_SENTENCES.search(line)
    )


def plain_blocks_html(text: str, block_chars: int = PANEL_MAX_PARAGRAPH) -> str:
    """``text`` as a few plain paragraphs of about ``block_chars`` characters, its line breaks folded away.

    The simplified view of a document too deep, too big or too many-parted to lay out: Qt's cost (and
    the heading scan's) grows with the number of paragraphs and elements, so this has one element per
    ``block_chars`` characters, whatever the text holds.
    """
    flat = " ".join(text.split())
    return "".join(f"<p>{_html.escape(piece)}</p>" for piece in _short_pieces(flat, block_chars) if piece)


def _short_pieces(line: str, limit: int = PANEL_MAX_PARAGRAPH) -> list[str]:
    """A very long line cut at spaces into pieces of at most about ``limit`` characters.

    Qt lays out one paragraph as a whole: a 5 MB line takes minutes, the same text in short lines a moment.
    """
    pieces, start = [], 0
    while len(line) - start > limit:
        cut = line.rfind(" ", start + limit // 2, start + limit)
        cut = start + limit if cut < 0 else cut
        pieces.append(line[start:cut])
        start = cut + (line[cut] == " ")
    pieces.append(line[start:])
    return pieces


_SIGN_OFF = re.compile(
    r"\s*(?:yours(?:\s+\w+)?|(?:with\s+)?(?:my\s+|our\s+)?(?:very\s+)?(?:best|kind|warm|warmest|kindest)"
    r"(?:\s+(?:regards|wishes|salutations|greetings))?|regards|many\s+thanks|thanks|thank\s+you|sincerely|"
    r"respectfully|cordially|cheers|love)\s*[,.!]?\s*",
    re.IGNORECASE,
)
"""A letter's closing line ("Yours sincerely,", "With my best salutations ,", "Kind regards"): what follows is
a signature."""


def _text_to_html(text: str) -> str:
    """Turn plain text into HTML: blank-line separated blocks become paragraphs, lists or headings.

    A heading heads something: the last block is never one, nor a letter's closing line or anything after
    it (the signature of a letter, "Miguel Ferreira ( son )", once became a translated letter's title).
    """
    chunks = re.split(r"\n\s*\n", text)
    blocks = [b for b in ([ln for ln in chunk.split("\n") if ln.strip()] for chunk in chunks) if b]
    out: list[str] = []
    in_list = False
    seen_heading = False
    signed = False
    for i, block in enumerate(blocks):
        is_list = all(_BULLET.match(ln) for ln in block)
        if in_list and not is_list:
            out.append("</ul>")
            in_list = False
        if is_list:
            if not in_list:
                out.append("<ul>")
                in_list = True
            out += [f"<li>{_html.escape(_BULLET.sub('', ln).strip())}</li>" for ln in block]
        elif _is_heading_line(block) and i < len(blocks) - 1 and not signed and not _SIGN_OFF.fullmatch(block[0]):
            tag = "h2" if seen_heading else "h1"
            seen_heading = True
            line = block[0].strip()
            out.append(f"<{tag}>{_html.escape(line)}</{tag}>")
        else:
            if any(len(ln) > PANEL_MAX_PARAGRAPH for ln in block):  # one paragraph per piece: Qt lays out
                out += [f"<p>{_html.escape(piece)}</p>"  # each paragraph whole
                        for ln in block for piece in _short_pieces(ln.strip())]
            else:
                out.append("<p>" + "<br>\n".join(_html.escape(ln.strip()) for ln in block) + "</p>")
        signed = signed or (not is_list and _SIGN_OFF.fullmatch(block[-1]) is not None)
    if in_list:
        out.append("</ul>")
    return "\n".join(out)
