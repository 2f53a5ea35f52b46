"""The safe document loader: every format it reads, and every way a file can be wrong."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spineviz.content import documents
from spineviz.content.documents import MAX_BYTES, Document, DocumentError, load_document
from spineviz.content.sanitize import Heading
from tests.content.sample_pages import SAMPLES


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def error_for(path: Path, **kwargs) -> str:
    with pytest.raises(DocumentError) as info:
        load_document(path, **kwargs)
    message = str(info.value)
    assert path.name in message, message
    assert info.value.path == path
    return message


# ------------------------------------------------------------------------------------------------- formats


def test_markdown(tmp_path):
    path = write(
        tmp_path,
        "facets.md",
        "# Facet joints\n\nThey guide **movement**.\n\n## Where it hurts\n\n- buttock\n- thigh\n\n"
        "<script>alert(1)</script>\n\n[ok](https://example.org) [bad](javascript:alert(1))\n",
    )
    doc = load_document(path)
    assert isinstance(doc, Document)
    assert doc.kind == "markdown" and doc.path == path and doc.encoding == "utf-8"
    assert doc.title == "Facet joints"
    assert doc.contents == (
        Heading(1, "Facet joints", "facet-joints"),
        Heading(2, "Where it hurts", "where-it-hurts"),
    )
    assert '<h2 id="where-it-hurts">' in doc.html and "<strong>movement</strong>" in doc.html
    assert "<script" not in doc.html and "javascript:" not in doc.html
    assert 'href="https://example.org"' in doc.html
    assert "They guide movement." in doc.text and "**" not in doc.text
    assert "buttock" in doc.text


def test_markdown_extension_spelled_out(tmp_path):
    doc = load_document(write(tmp_path, "notes.markdown", "Just *text*."))
    assert doc.title == "notes" and doc.contents == ()
    assert "<em>text</em>" in doc.html


def test_plain_text_infers_title_headings_and_lists(tmp_path):
    text = (
        "Facet Joint Pain Explained\n\n"
        "Pain can be felt when bending backwards. It is usually mild.\n"
        "A second line of the same paragraph.\n\n"
        "Where is it felt?\n\n"
        "  • buttock\n\n  • thigh\n\n"
        "Symptoms <b>and</b> signs\n\n"
        "lower case line without a stop\n"
    )
    doc = load_document(write(tmp_path, "leaflet.txt", text))
    assert doc.kind == "text"
    assert doc.title == "Facet Joint Pain Explained"
    assert [(h.level, h.text) for h in doc.contents] == [
        (1, "Facet Joint Pain Explained"),
        (2, "Where is it felt?"),
        (2, "Symptoms <b>and</b> signs"),
    ]
    assert "<ul><li>buttock</li><li>thigh</li></ul>" in doc.html.replace("\n", "")
    assert "&lt;b&gt;and&lt;/b&gt;" in doc.html  # text stays text
    assert "usually mild.<br>" in doc.html
    assert doc.text == text


def test_plain_text_line_endings_are_normalised(tmp_path):
    doc = load_document(write(tmp_path, "crlf.txt", b"First line here\r\n\r\nBody text.\r\nMore.\r"))
    assert "\r" not in doc.text and doc.text.startswith("First line here\n\nBody text.\n")


def test_html_page(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>Facet &amp; pain</title><style>p{}</style>"
        '<meta http-equiv="refresh" content="0;url=http://evil.example"></head>'
        '<body onload="x()"><h1>Heading</h1><p>Body <img src="http://evil.example/t.png" alt="pic"></p>'
        "<h2>Next</h2><p>More</p></body></html>"
    )
    doc = load_document(write(tmp_path, "page.html", page))
    assert doc.kind == "html"
    assert doc.title == "Facet & pain"
    assert [h.anchor for h in doc.contents] == ["heading", "next"]
    assert "evil" not in doc.html and "onload" not in doc.html and "<style" not in doc.html
    assert doc.text == "Heading\n\nBody [picture not shown (not an inline picture): pic]\n\nNext\n\nMore"


def test_html_fragment_without_title_uses_first_heading(tmp_path):
    doc = load_document(write(tmp_path, "frag.htm", "<h2>Only h2</h2><p>x</p>"))
    assert doc.title == "Only h2"


def test_broken_html_is_still_sanitised_and_shown(tmp_path):
    doc = load_document(write(tmp_path, "broken.html", "<p>Unclosed <b>bold <div><script>alert(1)<h1>Late"))
    assert "Unclosed" in doc.text and "bold" in doc.text
    assert "<script" not in doc.html and "alert" not in doc.text


# ---------------------------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    path = write(tmp_path, "utf16.txt", bom + "Café – L4/5 “facet”\n".encode(codec))
    doc = load_document(path)
    assert doc.text.startswith("Café – L4/5 “facet”")
    assert doc.encoding == "utf-16" and doc.notes == ()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(tmp_path, codec):
    doc = load_document(write(tmp_path, "nobom.txt", "Plain words here.\n".encode(codec)))
    assert doc.text.startswith("Plain words here.") and doc.encoding == codec
    assert "nobom.txt" in doc.notes[0]


def test_document_error_survives_pickling(tmp_path):
    import pickle

    with pytest.raises(DocumentError) as info:
        load_document(tmp_path / "gone.md")
    copy = pickle.loads(pickle.dumps(info.value))
    assert str(copy) == str(info.value) and copy.path == info.value.path


def test_utf8_with_bom_has_no_bom_in_text(tmp_path):
    doc = load_document(write(tmp_path, "bom.md", codecs.BOM_UTF8 + b"# Title\n\nx"))
    assert doc.title == "Title" and not doc.text.startswith("\ufeff")


def test_cp1252_text_is_read_with_a_note(tmp_path):
    path = write(tmp_path, "windows.txt", "Caf\u00e9 \u2013 \u201cquoted\u201d \u20ac5.".encode("cp1252"))
    doc = load_document(path)
    assert doc.text == "Café – “quoted” €5."
    assert doc.encoding == "cp1252"
    assert "Windows-1252" in doc.notes[0] and "windows.txt" in doc.notes[0]


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path):
    path = write(tmp_path, "odd.txt", b"Na\xefve text with an odd byte \x81 in a longer line of words.")
    doc = load_document(path)
    assert doc.encoding == "latin-1" and doc.text.startswith("Naïve") and doc.notes


# ---------------------------------------------------------------------------------------------- refusals


def test_binary_file(tmp_path):
    path = write(tmp_path, "image.txt", b"\x00\x01\x02\x03binary\x00\xff\xfe\x00" * 50)
    message = error_for(path)
    assert "binary" in message and ".md" in message and ".txt" in message and ".html" in message


def test_control_characters_count_as_binary(tmp_path):
    path = write(tmp_path, "ctrl.md", bytes(range(1, 9)) * 30 + b"some text")
    assert "binary" in error_for(path)


def test_pdf_renamed_to_txt(tmp_path):
    assert "PDF" in error_for(write(tmp_path, "scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"))


def test_empty_file(tmp_path):
    message = error_for(write(tmp_path, "empty.md", b""))
    assert "empty" in message


def test_blank_file(tmp_path):
    assert "blank" in error_for(write(tmp_path, "blank.txt", "  \n\n\t \n"))


def test_html_with_nothing_readable(tmp_path):
    message = error_for(write(tmp_path, "active.html", "<script>alert(1)</script><style>p{}</style>"))
    assert "nothing readable" in message


def test_file_over_the_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: no 6 MB written to disk
        f.truncate(MAX_BYTES + 1024 * 1024)
    message = error_for(path)
    assert "6.0 MB" in message and "5.0 MB" in message


def test_limit_can_be_lowered(tmp_path):
    path = write(tmp_path, "long.md", "word " * 100)
    message = error_for(path, max_bytes=100)
    assert "500 bytes" in message


@pytest.mark.parametrize("name", ["report.docx", "scan.pdf", "data.csv", "README"])
def test_unknown_extension(tmp_path, name):
    message = error_for(write(tmp_path, name, "text"))
    for ext in (".md", ".markdown", ".txt", ".html", ".htm"):
        assert ext in message


def test_extension_is_case_insensitive(tmp_path):
    assert load_document(write(tmp_path, "SHOUT.TXT", "Hello there.")).kind == "text"


def test_missing_file(tmp_path):
    message = error_for(tmp_path / "nowhere.md")
    assert "no such file" in message


def test_folder(tmp_path):
    folder = tmp_path / "folder.md"
    folder.mkdir()
    assert "folder" in error_for(folder)


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, "locked.txt", "secret")

    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    import spineviz.regular_files

    monkeypatch.setattr(spineviz.regular_files.os, "open", denied)  # root reads a chmod 000 file anyway
    message = error_for(path)
    assert "Permission denied" in message and "permission" in message.lower()


def test_content_floor_imports_no_qt_and_no_plotter():
    code = (
        "import sys\n"
        "import spineviz.content.documents, spineviz.content.linker, spineviz.content.links_cli\n"
        "heavy = {'PySide6', 'pyvista', 'pyvistaqt', 'vtk', 'vtkmodules', 'shiboken6'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_error_is_a_document_error():
    assert issubclass(DocumentError, Exception)
    assert documents.KINDS.keys() == {".md", ".markdown", ".txt", ".html", ".htm"}


# ------------------------------------------------------------------------------------------------- samples


@pytest.mark.parametrize(
    ("name", "title", "heading"),
    [
        ("clinic-facet-treatment-page.txt", "Facet Joint Back Pain Treatment", "Introduction"),
        ("physio-facet-joint-article.txt", "Why do we get Spinal Facet Joint Pain?", "Basic Anatomy"),
    ],
)
def test_samples_load(name, title, heading):
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample documents not found at {SAMPLES}")
    doc = load_document(path)
    assert doc.title.startswith(title)
    assert heading in [h.text for h in doc.contents]
    assert doc.text == path.read_text(encoding="utf-8").replace("\r\n", "\n")
    for h in doc.contents:
        assert f'id="{h.anchor}"' in doc.html


# ---------------------------------------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_any_bytes_either_load_or_raise_document_error(data, suffix):
    fd, name = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        try:
            doc = load_document(name)
        except DocumentError as exc:
            assert Path(name).name in str(exc)
        else:
            assert doc.text.strip() and "<script" not in doc.html
    finally:
        os.unlink(name)


def test_a_letters_signature_is_not_its_title(tmp_path):
    """A translated letter opens "Dear Doctor ," and ends with its writer's name: the name heads nothing."""
    letter = (
        "Dear Doctor ,\n\nI write to you about my mother , who has pains of the lumbar column .\n\n"
        "She has no fever .\n\nWith my best salutations ,\n\nMiguel Ferreira ( son )\n"
    )
    doc = load_document(write(tmp_path, "letter.txt", letter))
    assert doc.title == "letter" and doc.contents == ()
    assert "<p>Miguel Ferreira ( son )</p>" in doc.html
    # a signature followed by a line (a copy list), and a sign-off with a title after it
    signed = "Dear Dr Rao,\n\nThank you for seeing him.\n\nYours sincerely,\n\nDr H Adeyemi\n\ncc GP Practice\n"
    assert load_document(write(tmp_path, "signed.txt", signed)).contents == ()
    # a heading over text is still a heading, and the first one still the title
    report = "Clinic Letter\n\nSeen today.\n\nPlan\n\nReview in six weeks.\n\nKind regards\n\nA Nurse\n"
    doc = load_document(write(tmp_path, "report.txt", report))
    assert doc.title == "Clinic Letter" and [h.text for h in doc.contents] == ["Clinic Letter", "Plan"]


def test_a_line_of_speech_is_not_a_heading(tmp_path):
    text = "Station 7 transcript\n\nSTUDENT: I saw Mrs F.\n\nEXAMINER: Thank you. What would you do?\n\nExamine her.\n"
    doc = load_document(write(tmp_path, "osce.txt", text))
    assert [h.text for h in doc.contents] == ["Station 7 transcript"]
