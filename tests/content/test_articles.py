"""The app's own articles: both versions present, readable, cited, safe, and reachable from a joint."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import textstat
from textstat.backend.selections._list_words import list_words
from textstat.textstat import textstatistics

from spineviz.anatomy.levels import SEGMENTS, LevelError
from spineviz.content.articles import (
    AUDIENCES,
    RED_FLAG_BOX_START,
    ArticleError,
    article_ids,
    joints_named_in,
    list_articles,
    load_article,
    parse_article,
    readable_text,
    red_flags_box,
    section_for_joint,
)

EXPECTED_IDS = (
    "facet-joints",
    "why-facets-hurt",
    "referred-pain",
    "low-back-pain",
    "diagnosis-treatment",
    "red-flags",
)
ALL_VERSIONS = [(i, a) for i in EXPECTED_IDS for a in AUDIENCES]
MAX_PATIENT_GRADE = 8.0
KEY_NUMBERS = ("55", "42", "31", "63", "27")


# --- readability measure -----------------------------------------------------------------------------
# textstat.flesch_kincaid_grade() counts English syllables with NLTK's CMU dictionary, which it downloads
# on first use; with no network (CI, offline machines) it raises LookupError. So the grade is computed
# here from textstat's own word and sentence counts, with each word's syllables taken as the larger of
# textstat's pyphen count (lang "en-US" selects pyphen's bundled en_US dictionary) and a vowel-group
# count. Pyphen alone undercounts ("facet" = 1, "area" = 1); the vowel-group count alone is unbiased
# against CMU on this vocabulary; their maximum errs slightly high, which is the safe side for a ceiling.

_PYPHEN = textstatistics()
_PYPHEN.set_lang("en-US")


def _vowel_groups(word: str) -> int:
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    n = len(re.findall(r"[aeiouy]+", w))
    if w.endswith("e") and not re.search(r"[^aeiouy]le$", w) and n > 1:
        n -= 1  # silent final e: "spine", but not "people"
    if re.search(r"[^aeiouytd]ed$", w) and n > 1:
        n -= 1  # "pressed", but not "loaded"
    if re.search(r"[^aeiouysxzhgc]es$", w) and n > 1:
        n -= 1  # "bones", but not "boxes"
    n += len(re.findall(r"[^aeiou]i[ao]|eo|ua|ue(?!$)", w))  # "radio", "video", "usual"
    n -= len(re.findall(r"[cst]i[ao]n", w))  # "-tion", "-cian", "-sion" are one syllable
    return max(1, n)


def _syllables(word: str) -> int:
    return max(_PYPHEN.syllable_count(word), _vowel_groups(word))


def fk_grade(markdown: str) -> float:
    """Flesch-Kincaid grade of an article's prose (see the note above on syllables)."""
    text = readable_text(markdown)
    words = textstat.lexicon_count(text)
    sentences = textstat.sentence_count(text)
    syllables = sum(_syllables(w) for w in list_words(text, lowercase=True))
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59


@pytest.mark.parametrize(
    ("word", "expected"),
    [("facet", 2), ("area", 2), ("spine", 1), ("people", 2), ("clinician", 3), ("injection", 3)],
)
def test_syllable_count_is_not_below_the_dictionary(word: str, expected: int) -> None:
    # Pyphen alone gives facet 1, area 1, clinician 3. The CMU dictionary gives area 3 and clinician 4,
    # so the count is still an estimate; these checks pin that pyphen's worst undercounts are corrected.
    assert _syllables(word) >= expected


def test_every_patient_version_reads_at_grade_8_or_below() -> None:
    grades = {i: round(fk_grade(load_article(i, "patient").markdown), 2) for i in EXPECTED_IDS}
    report = ", ".join(f"{i} {g}" for i, g in grades.items())
    assert all(g <= MAX_PATIENT_GRADE for g in grades.values()), f"Flesch-Kincaid grades: {report}"
    # Record the grades even when passing: `pytest -rP` or `-s` shows them.
    print(f"Flesch-Kincaid grades (patient): {report}")


def test_clinician_versions_are_denser_than_patient_versions() -> None:
    for i in EXPECTED_IDS:
        patient = fk_grade(load_article(i, "patient").markdown)
        clinician = fk_grade(load_article(i, "clinician").markdown)
        assert clinician > patient + 3, f"{i}: clinician {clinician:.1f} vs patient {patient:.1f}"


# --- readable_text -----------------------------------------------------------------------------------


def test_readable_text_strips_markup_links_comments_and_references() -> None:
    md = (
        "# Title here\n"
        "<!-- id: x; audience: patient -->\n\n"
        "## A heading\n\n"
        "Some **bold** and *soft* text with a [link](red-flags) and `code`.\n"
        "It goes on\n\n"
        "> **Box title**\n"
        ">\n"
        "> - first item;\n"
        "> - second item\n\n"
        "![a picture](img.png)\n\n"
        "| Col A | Col B |\n|---|---|\n| cell one | cell two |\n\n"
        "```\nprint('no')\n```\n\n"
        "See <https://example.org> now.\n\n"
        "## References\n\n"
        "- Someone (1999). A very long title. *Journal* 1:1.\n"
    )
    assert readable_text(md).splitlines() == [
        "Title here.",
        "A heading.",
        "Some bold and soft text with a link and code. It goes on.",
        "Box title.",
        "first item.",
        "second item.",
        "a picture.",
        "Col A.",
        "Col B.",
        "cell one.",
        "cell two.",
        "See now.",
    ]


def test_readable_text_keeps_sections_after_references() -> None:
    md = "# T\n\n## References\n\n- A (2000). B.\n\n## After\n\nKept text.\n"
    assert readable_text(md).splitlines() == ["T.", "After.", "Kept text."]


def test_readable_text_of_an_article_has_no_markdown_left() -> None:
    text = readable_text(load_article("referred-pain", "patient").markdown)
    assert not re.search(r"[#*>`|]|\]\(|<!--", text)
    assert "References" not in text and "Fukui" not in text


# --- structure ---------------------------------------------------------------------------------------


def test_every_article_is_listed_with_both_versions() -> None:
    infos = list_articles()
    assert tuple(info.id for info in infos) == EXPECTED_IDS
    assert article_ids() == EXPECTED_IDS
    for info in infos:
        assert info.audiences == ("patient", "clinician")
        assert info.title


@pytest.mark.parametrize(("article_id", "audience"), ALL_VERSIONS)
def test_version_has_title_metadata_and_references(article_id: str, audience: str) -> None:
    article = load_article(article_id, audience)
    assert article.id == article_id and article.audience == audience
    assert article.markdown.startswith(f"# {article.title}\n")
    assert f"<!-- id: {article_id}; audience: {audience};" in article.markdown
    assert article.joints, "metadata lists no joints"
    assert article.sections[-1].heading == "References"
    references = article.section_markdown("references").splitlines()
    assert references and all(re.match(r"^- .+\(\d{4}[^)]*\)\. .+", line) for line in references), references


@pytest.mark.parametrize(("article_id", "audience"), ALL_VERSIONS)
def test_version_has_non_empty_sections(article_id: str, audience: str) -> None:
    article = load_article(article_id, audience)
    assert len(article.sections) >= 3
    for section in article.sections:
        assert section.level == 2
        assert section.anchor and re.fullmatch(r"[a-z0-9_-]+", section.anchor)
        assert article.section_markdown(section.anchor).strip(), f"{article_id}: empty {section.heading!r}"
    anchors = [s.anchor for s in article.sections]
    assert len(anchors) == len(set(anchors))


def test_both_versions_share_a_title() -> None:
    for i in EXPECTED_IDS:
        assert load_article(i, "patient").title == load_article(i, "clinician").title


@pytest.mark.parametrize(("article_id", "audience"), ALL_VERSIONS)
def test_links_point_to_articles_or_anchors(article_id: str, audience: str) -> None:
    for target in re.findall(r"\]\(([^)]+)\)", load_article(article_id, audience).markdown):
        assert target in EXPECTED_IDS or target.startswith("#"), target


# --- safety box and key numbers ----------------------------------------------------------------------


@pytest.mark.parametrize("audience", AUDIENCES)
def test_red_flag_box_is_short_and_links_to_the_full_list(audience: str) -> None:
    box = red_flags_box(audience)
    assert box.splitlines()[0] == RED_FLAG_BOX_START
    assert all(line.startswith(">") for line in box.splitlines())
    assert "[full list](red-flags)" in box
    assert len(box.splitlines()) <= 14


@pytest.mark.parametrize("article_id", EXPECTED_IDS)
def test_patient_version_carries_the_red_flag_box(article_id: str) -> None:
    markdown = load_article(article_id, "patient").markdown
    assert red_flags_box("patient") in markdown
    assert "](red-flags)" in markdown
    box_at = markdown.index(RED_FLAG_BOX_START)
    headings = [m.start() for m in re.finditer(r"^## ", markdown, re.MULTILINE)]
    at_start = box_at < headings[0]
    at_end = box_at > headings[-2] and box_at < markdown.index("\n## References")
    assert at_start or at_end, "the box belongs at the start or at the end, before the references"


@pytest.mark.parametrize("article_id", EXPECTED_IDS)
def test_clinician_version_carries_the_box_and_key_numbers(article_id: str) -> None:
    markdown = load_article(article_id, "clinician").markdown
    assert red_flags_box("clinician") in markdown
    for number in KEY_NUMBERS:
        assert re.search(rf"\b{number}\s?%", markdown), f"{article_id}: missing {number} %"
    assert "Manchikanti" in markdown
    assert re.search(r"15[–-]45\s?%", markdown)


def test_red_flags_article_separates_urgent_from_soon() -> None:
    patient = [s.heading for s in load_article("red-flags", "patient").sections]
    clinician = [s.heading for s in load_article("red-flags", "clinician").sections]
    assert {"Get emergency help now", "Get seen today", "Book a visit soon"} <= set(patient)
    assert any(h.startswith("Emergency") for h in clinician) and any(h.startswith("Soon") for h in clinician)
    text = load_article("red-flags", "patient").markdown.lower()
    for sign in ("numbness", "urine", "weakness", "fever", "cancer", "weight", "night", "fall", "chest"):
        assert sign in text, sign


# --- joints to sections ------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize(
    ("joint", "anchor"),
    [
        ("L4/5", "low-back-l45-and-l5s1"),
        ("L5/S1", "low-back-l45-and-l5s1"),
        ("C5/6", "lower-neck-c45-c56-c67-and-c7t1"),
        ("C6/7", "lower-neck-c45-c56-c67-and-c7t1"),
        ("T6/7", "upper-and-middle-back-t12-to-t1112"),
    ],
)
def test_section_for_joint_finds_the_referral_section(joint: str, anchor: str, audience: str) -> None:
    assert section_for_joint(joint, audience) == ("referred-pain", anchor)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_c1_2_maps_to_the_upper_neck_section(audience: str) -> None:
    # Documented behaviour: C1/2 is named in the upper-neck heading (Fukui 1996 mapped its referral),
    # so it gets a real section, not a fallback.
    assert section_for_joint("C1/2", audience) == ("referred-pain", "top-of-the-neck-c12-c23-and-c34")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_segment_has_a_section(audience: str) -> None:
    missing = [s.name for s in SEGMENTS if section_for_joint(s.name, audience) is None]
    assert not missing


def test_section_for_joint_accepts_other_spellings_and_names_the_joint() -> None:
    assert section_for_joint("L4-L5") == section_for_joint("l4/5") == section_for_joint("L4/5")
    article_id, anchor = section_for_joint("T6/7", "clinician")
    heading = next(s.heading for s in load_article(article_id, "clinician").sections if s.anchor == anchor)
    assert "T1/2 to T11/12" in heading


def test_section_for_joint_returns_none_when_no_heading_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import spineviz.content.articles as articles

    monkeypatch.setattr(articles, "article_ids", lambda: ("facet-joints",))
    monkeypatch.setattr(articles, "JOINT_SEARCH_ORDER", ())
    assert articles.section_for_joint("L4/5") is None


def test_section_for_joint_rejects_non_joints() -> None:
    with pytest.raises(LevelError):
        section_for_joint("L5/6")
    with pytest.raises(ArticleError, match="audience"):
        section_for_joint("L4/5", "surgeon")  # type: ignore[arg-type]


def test_joints_named_in_expands_ranges() -> None:
    assert [s.name for s in joints_named_in("Low back: L4/5 and L5/S1")] == ["L4/5", "L5/S1"]
    names = [s.name for s in joints_named_in("Mid back: T1/2 to T4/5, and C7/T1")]
    assert names == ["T1/2", "T2/3", "T3/4", "T4/5", "C7/T1"]
    assert joints_named_in("No joints here, only L4 and 5 %") == ()


# --- errors ------------------------------------------------------------------------------------------


def test_unknown_article_id_names_the_valid_ids() -> None:
    with pytest.raises(ArticleError) as info:
        load_article("facet-joint", "patient")
    message = str(info.value)
    assert "'facet-joint'" in message
    assert all(i in message for i in EXPECTED_IDS)


@pytest.mark.parametrize(
    "call", [lambda: load_article("referred-pain", "nurse"), lambda: red_flags_box("nurse")]
)
def test_unknown_audience_names_the_valid_audiences(call) -> None:
    with pytest.raises(ArticleError) as info:
        call()
    message = str(info.value)
    assert "'nurse'" in message and "'patient'" in message and "'clinician'" in message


def test_article_error_is_a_lookup_error() -> None:
    assert issubclass(ArticleError, LookupError)


def test_metadata_that_contradicts_the_file_name_is_rejected() -> None:
    with pytest.raises(ArticleError, match="metadata says audience"):
        parse_article("x", "patient", "# X\n<!-- id: x; audience: clinician -->\n\n## A\n\nText.\n")
    with pytest.raises(ArticleError, match="title"):
        parse_article("x", "patient", "No title\n")
    with pytest.raises(ArticleError, match="bad joint"):
        parse_article("x", "patient", "# X\n<!-- id: x; audience: patient; joints: L5/6 -->\n")


def test_missing_section_names_the_existing_anchors() -> None:
    with pytest.raises(ArticleError, match="low-back-l45-and-l5s1"):
        load_article("referred-pain", "patient").section_markdown("nowhere")


# --- model floor -------------------------------------------------------------------------------------


def test_articles_import_no_qt_and_no_plotter() -> None:
    code = (
        "import sys, spineviz.content.articles as a; a.list_articles(); a.section_for_joint('L4/5');"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyvista', 'vtk', 'pyvistaqt')];"
        "print(', '.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"imported: {result.stdout} {result.stderr}"
