"""The PDF handout for the chairside preset: at most two pages, the right text once, the notes box."""

import subprocess

import pytest
from pypdf import PdfReader

from spineviz.render.handout_pdf import HandoutError, region_sections, write_handout_pdf
from spineviz.scene.presets import CHAIRSIDE, load_preset

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    from spineviz.anatomy.spine import load_spine

    out = tmp_path_factory.mktemp("handout") / "handout.pdf"
    write_handout_pdf(load_preset(CHAIRSIDE), out, notes="Walk 10 minutes twice a day. Review in 4 weeks.",
                      spine=load_spine())
    return out


def _text(path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages)


def test_chairside_handout_is_at_most_two_pages(pdf):
    assert 1 <= len(PdfReader(str(pdf)).pages) <= 2


def test_it_carries_the_low_back_text_only_and_the_red_flags_once(pdf):
    text = _text(pdf)
    assert "L4/5 facet pain on leaning back" in text
    assert "Low back: L4/5 and L5/S1" in text  # the region's referral text
    assert "What makes facet pain worse" in text  # the section the scene points at
    assert "Lower neck" not in text and "Upper and middle back" not in text  # no other regions
    assert text.count("When to see a clinician now") == 1
    assert "numbness between your legs" in text


def test_notes_and_pictures_are_in_it(pdf):
    text = _text(pdf)
    assert "Notes from your clinician" in text and "Walk 10 minutes twice a day" in text
    images = [img for page in PdfReader(str(pdf)).pages for img in page.images]
    assert len(images) >= 2  # the 3D picture and the body map


def test_text_is_chosen_from_the_scene_alone():
    """The scene's own section, then its joint's region; nothing from a panel or its scroll position."""
    sections = region_sections(load_preset(CHAIRSIDE))
    assert [h for h, _ in sections] == ["What makes facet pain worse, and why", "Low back: L4/5 and L5/S1"]


def test_cli_writes_the_pdf_and_refuses_a_wrong_name(tmp_path):
    import sys

    out = tmp_path / "h.pdf"
    ok = subprocess.run([sys.executable, "-m", "spineviz", "render", "--preset", CHAIRSIDE, "--handout",
                         "--out", str(out), "--notes", "Heat helps."], capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert "Heat helps." in _text(out)
    with pytest.raises(HandoutError, match="Fix:"):
        write_handout_pdf(load_preset(CHAIRSIDE), tmp_path / "h.txt")


def test_a_patient_handout_picture_has_no_load_legend(pdf):
    """No newtons for a patient: the legend's darkest swatch (cividis' first stop) is not in the picture."""
    import io

    import numpy as np
    from PIL import Image

    from spineviz.render.look import CIVIDIS

    first = PdfReader(str(pdf)).pages[0].images
    pictures = [np.asarray(Image.open(io.BytesIO(img.data)).convert("RGB"), float) for img in first]
    darkest = CIVIDIS[0] * 255
    picture = max(pictures, key=lambda p: p.shape[0] / p.shape[1])  # the spine picture is the taller one
    assert int(np.sum(np.linalg.norm(picture - darkest, axis=-1) < 25)) == 0
