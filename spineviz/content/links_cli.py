"""``spineviz links FILE [--json]``: print what the linker finds in a document."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from typing import TextIO

from spineviz.content.documents import DocumentError, load_document
from spineviz.content.linker import find_links

EXIT_OK = 0
EXIT_BAD_DOCUMENT = 2


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def run(path: str, as_json: bool, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Load the document at ``path``, link its plain text and print the links.

    Parameters
    ----------
    path
        A ``.md``, ``.markdown``, ``.txt``, ``.html`` or ``.htm`` file.
    as_json
        Print one JSON object (document, title, notes, links) instead of a table.
    out, err
        Streams to write to; standard output and standard error by default.

    Returns
    -------
    int
        0 when the document was read (even if nothing was found), 2 when it could not be.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        document = load_document(path)
    except DocumentError as exc:
        print(f"spineviz links: {exc}", file=err)
        return EXIT_BAD_DOCUMENT
    rows = []
    for link in find_links(document.text):
        line, column = _line_col(document.text, link.start)
        rows.append({**link.to_dict(), "term": " ".join(link.term.split()), "line": line, "column": column})
    if as_json:
        payload = {
            "document": str(document.path),
            "title": document.title,
            "notes": list(document.notes),
            "links": rows,
        }
        return _write(out, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    for note in document.notes:
        print(f"note: {note}", file=err)
    if not rows:
        return _write(
            out, f"No levels, joints, regions, motions, body areas or scan-report words found in '{document.path}'.\n"
        )
    headers = ("term", "kind", "line:col", "offset", "target")
    table = [(r["term"], r["kind"], f"{r['line']}:{r['column']}", str(r["start"]), r["target"]) for r in rows]
    widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(headers)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in (headers, tuple("-" * w for w in widths), *table)]
    lines.append(f"{len(rows)} links in '{document.path}'.")
    return _write(out, "\n".join(lines) + "\n")


def _write(out: TextIO, text: str) -> int:
    """Write the report; a reader that stops early ("spineviz links FILE | head") is not an error."""
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:
        # Python's advice: point stdout at devnull so the interpreter's own flush at exit stays quiet
        devnull = os.open(os.devnull, os.O_WRONLY)
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, out.fileno())
    return EXIT_OK
