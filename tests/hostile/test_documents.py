"""Issue 16, documents: ``spineviz links`` and the real reading panel answer hostile documents in bounded time.

Refused (exit 2, named, with the fix) when a document cannot be read safely: a pipe, a device, too big.
Simplified (shown as plain text, with a note saying why) when its structure is beyond the limits: 10,000
nested lists or divs, 50,000 unclosed tags. The panel never lets Qt open a file: an SVG in a ``data:`` URI
naming ``/dev/zero`` and ``/etc/passwd`` is not decoded at all (Qt's SVG reader would open them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from spineviz.limits import DOCUMENT_MAX_IMAGES
from tests.hostile.guard import FILES, HANG_GUARD_S, WALL_GUARD_S, assert_clean_refusal, child_env, spineviz

SIMPLIFIED = {
    "deep_list.md": "lists or quotes nest more than 64 levels deep",
    "nested_divs.html": "elements nest more than 64 levels deep",
    "unclosed_tags.html": "elements nest more than 64 levels deep",
}


@pytest.mark.parametrize("name", sorted(SIMPLIFIED))
def test_links_simplifies_deep_documents_with_a_note(name):
    result = spineviz("links", str(FILES / name), "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    found = json.loads(result.stdout)
    assert any(SIMPLIFIED[name] in note for note in found["notes"]), found["notes"]
    assert {link["target"] for link in found["links"]} & {"L4/5", "L5/S1"}  # the text is still read


@pytest.mark.parametrize("kind", ["fifo", "device", "too_big"])
def test_links_refuses_unreadable_documents(kind, tmp_path):
    doc = tmp_path / f"{kind}.md"
    if kind == "fifo":
        os.mkfifo(doc)
    elif kind == "device":
        doc.symlink_to("/dev/zero")
    else:
        doc.write_bytes(b"L4/5 " * (1200 * 1024))
    err = assert_clean_refusal(spineviz("links", str(doc)), doc.name)
    expected = {"fifo": "named pipe", "device": "character device",
                "too_big": "5.9 MB (6144000 bytes) and the limit is 5.0 MB"}[kind]
    assert expected in err


_PANEL = r"""
import json, sys, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
from spineviz.app.document_panel import DocumentPanel
panel = DocumentPanel()
panel.resize(700, 900)
panel.show()
app.processEvents()
print("ready", flush=True)
start = time.process_time()
panel.open_file(sys.argv[1])
app.processEvents()
cpu = time.process_time() - start
doc = panel.browser.document()
print(json.dumps({"notice": panel.notice.text(), "error": bool(panel.notice.property("error")),
                  "blocks": doc.blockCount(), "chars": doc.characterCount(), "inline": panel.browser.inline,
                  "refused": panel.browser.refused[:50], "text": doc.toPlainText()[:400],
                  "tail": doc.toPlainText()[-400:], "cpu": cpu}), flush=True)
"""


def open_in_panel(path) -> tuple[dict, str]:
    """Open ``path`` in the real reading panel in a child; the guard starts once Qt is up.

    The child's stdout is read unbuffered (``bufsize=0``, bytes): ``communicate`` reads the pipe's descriptor
    directly, so a buffered ``readline`` that had already pulled the child's JSON line in with "ready" (a fast
    refusal on a loaded machine) would hide it, and the test would read an empty output (seen in CI, session 15).
    """
    proc = subprocess.Popen([sys.executable, "-c", _PANEL, str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, bufsize=0, env=child_env(QT_QPA_PLATFORM="offscreen"))
    try:
        assert proc.stdout.readline().strip() == b"ready"  # start-up (imports, Qt) is not what is guarded
        out_bytes, err_bytes = proc.communicate(timeout=WALL_GUARD_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    out, err = out_bytes.decode(errors="replace"), err_bytes.decode(errors="replace")
    assert proc.returncode == 0, err[-2000:]
    shown = json.loads(out.strip().splitlines()[-1])
    assert shown["cpu"] <= HANG_GUARD_S, f"opening {path} took {shown['cpu']:.1f} s of CPU"
    return shown, err


@pytest.mark.parametrize("name", sorted(SIMPLIFIED))
def test_panel_shows_deep_documents_simplified(name):
    shown, _ = open_in_panel(FILES / name)
    assert SIMPLIFIED[name] in shown["notice"] and not shown["error"]
    assert "L4/5" in shown["text"] + shown["tail"] or "L5/S1" in shown["text"] + shown["tail"]
    assert shown["blocks"] < 50


def test_panel_lays_out_a_five_megabyte_line_in_bounded_pieces(tmp_path):
    doc = tmp_path / "one-line.txt"
    doc.write_text("the L4/5 facet joint " * 240_000)  # 5 MB, no line break
    shown, _ = open_in_panel(doc)
    assert "shown as plain text, its first 400,000 characters" in shown["notice"]
    assert shown["text"].startswith("the L4/5 facet joint")
    assert 50 <= shown["blocks"] <= 200 and shown["chars"] <= 400_500


def test_panel_keeps_a_bounded_number_of_inline_pictures():
    shown, _ = open_in_panel(FILES / "many_images.html")
    assert shown["inline"] == DOCUMENT_MAX_IMAGES  # the first 32 real PNGs decoded, the other 468 not
    assert "Picture 499" in shown["tail"]


def test_panel_never_decodes_a_picture_bomb():
    shown, _ = open_in_panel(FILES / "image_bomb.html")
    assert shown["inline"] == 0 and "400 million pixels" in shown["text"]


def test_panel_loads_no_file_named_inside_an_svg(tmp_path):
    """The SVG names /dev/zero (reading never ends), /etc/passwd and /etc/shadow, and here also a FIFO."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    doc = tmp_path / "svg.html"
    text = (FILES / "svg_in_data_uri.html").read_text()
    import base64

    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="9" '
           f'height="9"><image xlink:href="file://{fifo}" width="9" height="9"/></svg>').encode()
    doc.write_text(text + f'<p>FIFO: <img alt="fifo" src="data:image/png;base64,{base64.b64encode(svg).decode()}"></p>')
    shown, err = open_in_panel(doc)
    assert shown["inline"] == 0
    assert "qt.svg" not in err and "passwd" not in err and "pipe" not in err, err  # Qt's SVG reader never ran
    assert all(not url.startswith(("file:", "/")) for url in shown["refused"]), shown["refused"]
    assert "Labelled PNG" in shown["text"]


def test_panel_refuses_a_fifo_document_with_a_message(tmp_path):
    fifo = tmp_path / "notes.md"
    os.mkfifo(fifo)
    shown, _ = open_in_panel(fifo)
    assert shown["error"] and "named pipe" in shown["notice"] and "notes.md" in shown["notice"]


def test_scene_naming_a_deep_document_opens_and_its_handout_text_is_simplified(tmp_path):
    """The 10,000-deep list used to crash a scene render too (the scene checks its document on loading)."""
    import shutil

    from spineviz.render.handout import handout_article
    from spineviz.scene import load_scene

    shutil.copy(FILES / "deep_list.md", tmp_path / "notes.md")
    scene = tmp_path / "scene.toml"
    scene.write_text('version = 1\ntitle = "deep"\n\n[document]\npath = "notes.md"\n')
    title, html, _ = handout_article(load_scene(scene))
    assert title == "A list 10,000 deep"
    from spineviz.content.sanitize import markup_shape

    assert markup_shape(html)[0] <= 3  # one list at most, not 10,000 nested ones
    assert "L4/5" in html and "comes from the document “notes.md”" in html
