"""The linker: levels, joints, regions, motions and body areas in any text, and near-misses that are not."""

from __future__ import annotations

import itertools
import json
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spineviz.anatomy.levels import Level, LevelError, Segment, parse_level, parse_segment
from spineviz.content.documents import load_document
from spineviz.content.linker import (
    LINK_KINDS,
    MOTION_IDS,
    REGION_IDS,
    Link,
    Linker,
    Vocabulary,
    VocabularyError,
    find_links,
    link_html,
    parse_href,
)
from spineviz.content.links_cli import run
from spineviz.content.sanitize import sanitize_html
from tests.content.sample_pages import SAMPLES


def found(text: str) -> list[tuple[str, str, str]]:
    return [(link.term, link.kind, link.target) for link in find_links(text)]


PHRASINGS = [
    ("L4", [("L4", "level", "L4")]),
    ("C1", [("C1", "level", "C1")]),
    ("S1", [("S1", "level", "S1")]),
    ("T12", [("T12", "level", "T12")]),
    ("L4/5", [("L4/5", "joint", "L4/5")]),
    ("L4-L5", [("L4-L5", "joint", "L4/5")]),
    ("L4–5", [("L4–5", "joint", "L4/5")]),
    ("L4 - L5", [("L4 - L5", "joint", "L4/5")]),
    ("L4 to L5", [("L4 to L5", "joint", "L4/5")]),
    ("L5/S1", [("L5/S1", "joint", "L5/S1")]),
    ("L5-S1", [("L5-S1", "joint", "L5/S1")]),
    ("C5-6", [("C5-6", "joint", "C5/6")]),
    ("C1/2", [("C1/2", "joint", "C1/2")]),
    ("C7/T1", [("C7/T1", "joint", "C7/T1")]),
    ("T12-L1", [("T12-L1", "joint", "T12/L1")]),
    ("l4/5", [("l4/5", "joint", "L4/5")]),
    ("l5-s1", [("l5-s1", "joint", "L5/S1")]),
    ("the L3/4 facet joints", [("L3/4", "joint", "L3/4")]),
    ("L4-5 and L5-S1", [("L4-5", "joint", "L4/5"), ("L5-S1", "joint", "L5/S1")]),
    ("between L4 and L5.", [("L4", "level", "L4"), ("L5", "level", "L5")]),
    ("(L4/5)", [("L4/5", "joint", "L4/5")]),
    ("a fusion from L1-L5", [("L1", "level", "L1"), ("L5", "level", "L5")]),
    ("a C5-7 fusion", [("C5", "level", "C5")]),
    ("neck", [("neck", "region", "cervical")]),
    ("Neck pain", [("Neck", "region", "cervical")]),
    ("cervical spine", [("cervical spine", "region", "cervical")]),
    ("lower back", [("lower back", "region", "lumbar")]),
    ("low back pain", [("low back", "region", "lumbar")]),
    ("low-back pain", [("low-back", "region", "lumbar")]),
    ("the lower\nback", [("lower\nback", "region", "lumbar")]),
    ("mid-back", [("mid-back", "region", "thoracic")]),
    ("mid back", [("mid back", "region", "thoracic")]),
    ("upper back", [("upper back", "region", "thoracic")]),
    ("thoracic", [("thoracic", "region", "thoracic")]),
    ("lumbar", [("lumbar", "region", "lumbar")]),
    ("bending backwards", [("bending backwards", "motion", "extension")]),
    ("arching backwards", [("arching backwards", "motion", "extension")]),
    ("leaning back", [("leaning back", "motion", "extension")]),
    ("leaning backwards", [("leaning backwards", "motion", "extension")]),
    ("extension", [("extension", "motion", "extension")]),
    ("twisting", [("twisting", "motion", "rotation")]),
    ("rotation", [("rotation", "motion", "rotation")]),
    ("side-bending", [("side-bending", "motion", "lateral_bending")]),
    ("side bending", [("side bending", "motion", "lateral_bending")]),
    ("bending sideways", [("bending sideways", "motion", "lateral_bending")]),
    ("lateral flexion", [("lateral flexion", "motion", "lateral_bending")]),
    ("bending forward", [("bending forward", "motion", "flexion")]),
    ("flexion", [("flexion", "motion", "flexion")]),
    ("buttock", [("buttock", "body_area", "buttock")]),
    ("buttocks", [("buttocks", "body_area", "buttock")]),
    ("thigh", [("thigh", "body_area", "thigh")]),
    ("thighs", [("thighs", "body_area", "thigh")]),
    ("upper leg", [("upper leg", "body_area", "thigh")]),
    ("the back of the thigh", [("back of the thigh", "body_area", "posterior_thigh")]),
    ("groin", [("groin", "body_area", "groin")]),
    ("hip", [("hip", "body_area", "hip")]),
    ("the outer hip", [("outer hip", "body_area", "greater_trochanter")]),
    ("shoulder", [("shoulder", "body_area", "shoulder")]),
    ("shoulder blade", [("shoulder blade", "body_area", "shoulder_blade")]),
    ("between the shoulder blades", [("between the shoulder blades", "body_area", "shoulder_blade")]),
    ("below the knee", [("below the knee", "body_area", "below_the_knee")]),
    (
        "pain from the L3/4 facet joints on bending backwards may be felt in the buttock",
        [
            ("L3/4", "joint", "L3/4"),
            ("bending backwards", "motion", "extension"),
            ("buttock", "body_area", "buttock"),
        ],
    ),
    (
        "Neck pain from C5-6 spreads to the shoulder blade when twisting.",
        [
            ("Neck", "region", "cervical"),
            ("C5-6", "joint", "C5/6"),
            ("shoulder blade", "body_area", "shoulder_blade"),
            ("twisting", "motion", "rotation"),
        ],
    ),
    (
        "Lumbar extension loads the L4/5 and L5/S1 facets; pain may reach the groin or thigh.",
        [
            ("Lumbar", "region", "lumbar"),
            ("extension", "motion", "extension"),
            ("L4/5", "joint", "L4/5"),
            ("L5/S1", "joint", "L5/S1"),
            ("groin", "body_area", "groin"),
            ("thigh", "body_area", "thigh"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PHRASINGS)
def test_phrasings(text, expected):
    assert found(text) == expected


NEAR_MISSES = [
    "HL4x",
    "ST1 and xC5y",
    "L4x",
    "necklace",
    "a ship and a hippo",
    "chipped",
    "back",
    "my back hurts",
    "back pain",
    "cervical cancer screening",
    "a cervical smear test",
    "the cervix",
    "hair extension",
    "an extension lead",
    "the file extension",
    "a house extension",
    "knee extension",
    "L6",
    "C0/C1",
    "C0",
    "S2",
    "T13",
    "L0",
    "T1-weighted images",
    "T2 weighted scan",
    "a 4-6 week course",
    "L4.5 mm",
    "fracture of the neck of femur",
    "a V-neck jumper",
    "crop rotation",
    "l4",
    "s1 e3",
    "the hard shoulder",
    "backwards",
    "C5_6",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses(text):
    assert found(text) == []


def test_reversed_or_distant_pairs_are_never_joints():
    assert [k for _, k, _ in found("L5/L3")] == ["level", "level"]
    assert "joint" not in [k for _, k, _ in found("C3-C5")]


def test_longest_match_wins():
    assert found("lateral flexion") == [("lateral flexion", "motion", "lateral_bending")]
    assert found("L4/5") == [("L4/5", "joint", "L4/5")]
    assert found("pain between the shoulder blades") == [
        ("between the shoulder blades", "body_area", "shoulder_blade")
    ]


def test_offsets_index_the_text():
    text = "Stiff neck? Then L4/5 and the buttocks."
    links = find_links(text)
    assert [text[link.start : link.end] for link in links] == [link.term for link in links]
    assert links == sorted(links, key=lambda k: k.start)


def test_href_round_trips():
    link = Link("L4/5", "joint", 0, 4, "L4/5")
    assert link.href == "spineviz:joint/L4/5"
    assert parse_href(link.href) == ("joint", "L4/5")
    assert parse_href("https://example.org") is None
    assert parse_href("spineviz:nonsense/x") is None


def test_link_html_wraps_text_only():
    html = sanitize_html(
        '<p>Pain at <b>L4/5</b> &amp; the neck.</p><p><a href="#x">L5/S1</a></p>'
        '<img alt="L4 buttock" src="data:image/png;base64,iVBORw0KGgo="><pre><code>L3</code></pre>'
        "<p>x &lt; lower back &gt; y</p>"
    )
    out = link_html(html)
    assert '<b><a href="spineviz:joint/L4/5">L4/5</a></b>' in out
    assert '&amp; the <a href="spineviz:region/cervical">neck</a>.' in out
    assert '<a href="#x" rel="noopener noreferrer">L5/S1</a>' in out  # existing link untouched
    assert 'alt="L4 buttock"' in out  # attributes untouched
    assert "<code>L3</code>" in out
    assert '&lt; <a href="spineviz:region/lumbar">lower back</a> &gt;' in out
    assert link_html(out) == out  # already-linked terms are inside links now


def test_link_html_does_not_touch_markup_without_terms():
    html = "<p>Nothing to see &amp; nothing &lt;here&gt;.</p>"
    assert link_html(html) == html


# ---------------------------------------------------------------------------------------------- vocabulary


def test_shipped_vocabulary_is_valid():
    vocab = Vocabulary.default()
    kinds = {t.kind for t in vocab.terms}
    assert kinds == {"region", "motion", "body_area", "article"}
    assert {t.target for t in vocab.terms if t.kind == "region"} == set(REGION_IDS)
    assert {t.target for t in vocab.terms if t.kind == "motion"} == set(MOTION_IDS)
    assert "weighted" in vocab.level_not_followed_by


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[[term]]\nkind="organ"\ntarget="x"\nphrases=["x"]', "kind"),
        ('[[term]]\nkind="region"\ntarget="sacral_bone"\nphrases=["x"]', "region target"),
        ('[[term]]\nkind="motion"\ntarget="flexion"\nphrases=[]', "phrases"),
        ('[[term]]\nkind="body_area"\ntarget="hip"\nphrases=["hip"]\nnot_in=["hippo"]', "contains none"),
        (
            '[[term]]\nkind="body_area"\ntarget="a"\nphrases=["side bend"]\n'
            '[[term]]\nkind="body_area"\ntarget="b"\nphrases=["side-bend"]',
            "already listed",
        ),
        ("[[term", "not valid TOML"),
        ("term = [1]", "table"),
        ("[levels]\nnot_followed_by = [3]", "not_followed_by"),
    ],
)
def test_bad_vocabulary_is_refused_with_a_reason(toml, message):
    with pytest.raises(VocabularyError, match=message):
        Vocabulary.from_toml(toml, "test.toml")


def test_every_body_area_is_known_to_the_referral_atlas():
    atlas = pytest.importorskip("spineviz.content.atlas").default_atlas()
    for term in Vocabulary.default().terms:
        if term.kind == "body_area":
            assert atlas.zones_matching(term.target), term.target


def test_an_empty_vocabulary_still_finds_levels():
    assert [k.target for k in Linker(Vocabulary(())).find("neck and L4/5")] == ["L4/5"]


def test_a_custom_vocabulary_is_used():
    linker = Linker(Vocabulary.from_toml('[[term]]\nkind="body_area"\ntarget="heel"\nphrases=["heel"]'))
    assert [(k.kind, k.target) for k in linker.find("Heel and L4")] == [
        ("body_area", "heel"),
        ("level", "L4"),
    ]


# ------------------------------------------------------------------------------------------------- samples


def _sample(name: str) -> str:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample documents not found at {SAMPLES}")
    return load_document(path).text


def _targets(links: list[Link], kind: str) -> set[str]:
    return {link.target for link in links if link.kind == kind}


def _assert_nothing_absurd(text: str, links: list[Link]) -> None:
    for link in links:
        assert link.kind in LINK_KINDS
        assert text[link.start : link.end] == link.term
        assert link.term.lower() not in {"back", "backwards", "spine", "joint"}
    for a, b in itertools.pairwise(links):
        assert a.end <= b.start


def test_clinic_sample():
    text = _sample("clinic-facet-treatment-page.txt")
    links = find_links(text)
    _assert_nothing_absurd(text, links)
    assert _targets(links, "region") == {"lumbar"}
    assert _targets(links, "motion") == {"extension", "rotation"}
    assert _targets(links, "body_area") == {"buttock", "thigh", "leg"}  # "leg pain": the atlas's word
    assert not _targets(links, "level") and not _targets(links, "joint")
    terms = {link.term.lower() for link in links}
    assert {"lower back", "bending backwards", "leaning backwards", "twisting", "buttocks", "thighs"} <= terms


def test_physio_sample():
    text = _sample("physio-facet-joint-article.txt")
    links = find_links(text)
    _assert_nothing_absurd(text, links)
    assert _targets(links, "region") == {"cervical", "thoracic", "lumbar"}
    assert _targets(links, "level") == {"L3", "L4"}
    assert _targets(links, "joint") == {"L3/4"}
    # "bend backwards, down to one side": the second motion is elliptical, found since issue 14
    assert _targets(links, "motion") == {"extension", "lateral_bending"}
    assert _targets(links, "body_area") == {"buttock", "thigh", "below_the_knee"}
    terms = {link.term.lower() for link in links}
    assert {"low back", "lower back", "neck", "bend backwards", "leaning backwards", "upper leg"} <= terms


# ----------------------------------------------------------------------------------------------------- CLI


def test_cli_table_and_json(tmp_path, capsys):
    doc = tmp_path / "note.md"
    doc.write_text("# Note\n\nPain at L4/5 when bending backwards.\n", encoding="utf-8")
    assert run(str(doc), as_json=False) == 0
    table = capsys.readouterr().out
    assert "L4/5" in table and "joint" in table and "extension" in table
    assert run(str(doc), as_json=True) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["title"] == "Note"
    assert [(k["term"], k["kind"], k["target"]) for k in payload["links"]] == [
        ("L4/5", "joint", "L4/5"),
        ("bending backwards", "motion", "extension"),
    ]
    first = payload["links"][0]
    assert (first["line"], first["column"]) == (3, 9)  # 1-based


def test_cli_bad_document_exits_2_with_the_message_on_stderr(tmp_path, capsys):
    missing = tmp_path / "nope.md"
    assert run(str(missing), as_json=True) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "nope.md" in captured.err


def test_cli_stops_quietly_when_its_reader_closes_the_pipe(tmp_path):
    """`spineviz links FILE | head` must not end in a BrokenPipeError traceback."""
    import subprocess
    import sys

    doc = tmp_path / "long.txt"
    doc.write_text("Pain at L4/5 and in the neck.\n" * 3000, encoding="utf-8")
    proc = subprocess.run(
        f'"{sys.executable}" -m spineviz links "{doc}" | head -n 2',
        shell=True, capture_output=True, text=True, timeout=120,
    )
    assert proc.stdout.splitlines()[0].startswith("term")
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr


def test_cli_nothing_found(tmp_path, capsys):
    doc = tmp_path / "plain.txt"
    doc.write_text("Nothing here.", encoding="utf-8")
    assert run(str(doc), as_json=False) == 0
    assert "No levels" in capsys.readouterr().out


# -------------------------------------------------------------------------------------------- properties

_LEVELISH = st.from_regex(
    r"[CTLSctlsſKx ]{0,2}[0-9٣𝟓]{0,3}[ /\-–—−]{0,3}(to )?[CTLSctlsſK]?[0-9٣]{0,3}[a-z .,]{0,2}",
    fullmatch=True,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), _LEVELISH, st.lists(st.one_of(_LEVELISH, st.text(max_size=4))).map(" ".join)))
def test_linker_never_crashes_and_links_are_consistent(text):
    links = find_links(text)
    for link in links:
        assert link.kind in LINK_KINDS
        assert text[link.start : link.end] == link.term
        if link.kind == "level":
            assert parse_level(link.target).name == link.target
        if link.kind == "joint":
            assert parse_segment(link.target).name == link.target
    assert all(a.end <= b.start for a, b in itertools.pairwise(links))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_link_html_never_crashes(text):
    html = sanitize_html(text)
    out = link_html(html)
    parser = HTMLParser()
    parser.feed(out)
    parser.close()


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), _LEVELISH))
def test_level_parser_returns_a_value_or_raises_level_error(text):
    for parse, kind in ((parse_level, Level), (parse_segment, Segment)):
        try:
            value = parse(text)
        except LevelError:
            continue
        assert isinstance(value, kind)


# ------------------------------------------------------------------------- issue 14: the words people use

from spineviz.content import linker_eval  # noqa: E402
from spineviz.content.atlas import body_words, default_atlas  # noqa: E402

PEOPLES_WORDS = [
    ("C-spine", "region", "cervical"),
    ("T-spine", "region", "thoracic"),
    ("L-spine", "region", "lumbar"),
    ("LS spine", "region", "lumbar"),
    ("lumbo-sacral", "region", "lumbar"),
    ("L 4/5", "joint", "L4/5"),
    ("L4-5", "joint", "L4/5"),
    ("L4–L5", "joint", "L4/5"),
    ("L5-S1", "joint", "L5/S1"),
    ("the fifth lumbar vertebra", "level", "L5"),
    ("the seventh cervical vertebra", "level", "C7"),
    ("the 12th thoracic vertebra", "level", "T12"),
    ("the fourth and fifth lumbar vertebrae", "joint", "L4/5"),
    ("looking up", "motion", "extension"),
    ("turn your head", "motion", "rotation"),
    ("she turned her head", "motion", "rotation"),
    ("back bends", "motion", "extension"),
    ("hunched over", "motion", "flexion"),
    ("extending the spine", "motion", "extension"),
    ("bending down to one side", "motion", "lateral_bending"),
    ("leant back", "motion", "extension"),
    ("low down in my back", "region", "lumbar"),
    ("bum", "body_area", "buttock"),
    ("side of my leg", "body_area", "lateral_thigh"),
    ("headaches", "body_area", "headache"),
    ("base of my skull", "body_area", "occiput"),
    ("the back of her left thigh", "body_area", "posterior_thigh"),
    ("synovial cysts", "article", "reading-your-scan-report#synovial-cyst"),
    ("Modic type 2 endplate changes", "article", "reading-your-scan-report#modic-change"),
    ("grade 1 anterolisthesis", "article", "reading-your-scan-report#anterolisthesis"),
    ("facet joint hypertrophy", "article", "reading-your-scan-report#facet-hypertrophy"),
    ("foraminal stenosis", "article", "reading-your-scan-report#stenosis"),
    # second pass (held-out set 4): generalised rules, checked on wordings other than the documents'
    ("C5 C6", "joint", "C5/6"),
    ("L5 S1", "joint", "L5/S1"),
    ("subarticular recess narrowing", "article", "reading-your-scan-report#stenosis"),
    ("narrowing of the exit foramina", "article", "reading-your-scan-report#stenosis"),
    ("bring your chin towards your chest", "motion", "flexion"),
    ("he bent to pick it up", "motion", "flexion"),
    ("twisting the upper body", "motion", "rotation"),
    ("posterior thigh", "body_area", "posterior_thigh"),
    ("pain over the greater trochanter region", "body_area", "greater_trochanter"),
    ("a sore belly", "body_area", "abdomen"),
    ("pain in the front of the chest", "body_area", "chest"),
    ("she looked up at the clock", "motion", "extension"),
    ("chronic LBP", "region", "lumbar"),
    ("pain on repeated flexing", "motion", "flexion"),
    # third pass (held-out set 5): generalised rules, checked on wordings other than the documents'
    ("backbend", "motion", "extension"),
    ("round your lower back", "motion", "flexion"),
    ("looking at the floor", "motion", "flexion"),
    ("looking towards the ceiling", "motion", "extension"),
    ("inclining forwards", "motion", "flexion"),
    ("the lower part of my back", "region", "lumbar"),
    ("slip of L5 over S1", "joint", "L5/S1"),
    ("wedge fracture of D7", "level", "T7"),
    ("fracture at D12-L1", "joint", "T12/L1"),
    ("reduced foraminal width", "article", "reading-your-scan-report#stenosis"),
    ("lateral recess encroachment", "article", "reading-your-scan-report#stenosis"),
    # fourth pass (held-out set 6)
    ("dictated: at C5 6", "joint", "C5/6"),
    ("painful Ext", "motion", "extension"),
    ("limited rot", "motion", "rotation"),
    ("don't arch", "motion", "extension"),
    ("her neck rotates to the left", "motion", "rotation"),
    # fifth pass (held-out set 7)
    ("trunk rotations", "motion", "rotation"),
    ("arthritis in the facet joints", "article", "reading-your-scan-report#facet-arthropathy"),
    ("stiff at the nape", "body_area", "back_of_the_neck"),
    ("it hurts to straighten up", "motion", "extension"),
    ("turn gently from side to side", "motion", "rotation"),
    # sixth pass (held-out set 8)
    ("bending a little forward", "motion", "flexion"),
    ("looking up the hill", "motion", "extension"),
    # session 6, drawn from held-out set 13 after its first run (wordings of their own)
    ("aching at the bottom of the spine", "region", "lumbar"),
    ("her torso leans to the left", "motion", "lateral_bending"),
    ("stop hollowing the back", "motion", "extension"),
    ("the back rounds early", "motion", "flexion"),
    ("facet and disc degeneration", "article", "reading-your-scan-report#facet-arthropathy"),
    # session 6, drawn from held-out set 14 after its first run: notes leave out determiners
    ("couldn't turn head to L", "motion", "rotation"),
    ("ache at base of skull", "body_area", "occiput"),
    ("aching top of R shoulder", "body_area", "top_of_the_shoulder"),
]


@pytest.mark.parametrize(("text", "kind", "target"), PEOPLES_WORDS)
def test_the_words_people_use(text, kind, target):
    links = find_links(text)
    assert [(k.kind, k.target) for k in links] == [(kind, target)], links
    assert links[0].end - links[0].start >= len(text.split()[-1])


FALSE_LINKS = [
    ("Hip rotation was painless.", "hip"),
    ("My mum had her hip replaced last year.", "hip"),
    ("Her mother also had her hip replaced.", "hip"),
    ("Sit tall and look over each shoulder.", "shoulder"),
    ("We are off the hard shoulder of the ring road.", "shoulder"),
    ("Sagittal T1, T2 and STIR; axial T2 from L1 to S1.", "T1"),
    ("Sagittal T1, T2 and STIR; axial T2 from L1 to S1.", "T2"),
    ("The high T2 signal is bright on STIR.", "T2"),
    ("At the bottom of Mill Lane.", "bottom"),
    ("Head to our website for directions.", "Head"),
    ("Fracture of the neck of femur.", "neck"),
    ("A few shoulder shrugs and hip circles.", "shoulder"),
    ("A few shoulder shrugs and hip circles.", "hip"),
    ("Hip flexion and shoulder abduction are limb movements.", "flexion"),
    ("My brother did his shoulder in again.", "shoulder"),
    # second pass (held-out set 4): each rule on a wording other than the documents'
    ("Waiting in bed C6 for the porter.", "C6"),
    ("Flights leave from terminal T5 at noon.", "T5"),
    ("We parked on L3 in the multi-storey.", "L3"),
    ("Sagittal T1 T2 images.", "T1 T2"),
    ("Bend your knees and keep the weight close.", "Bend"),
    ("Twist the cap off the bottle.", "Twist"),
    ("Turn at the bend in the road.", "bend"),
    ("I looked up the leaflet online.", "looked up"),
    ("He has been a real pain in the neck all week.", "neck"),
    ("Fingertips reach to mid-thigh on forward bending.", "thigh"),
    ("Try to keep your head still for the scan.", "head"),
    ("Put a pillow under your hips.", "hips"),
    ("Bruising over the left hip after the fall.", "hip"),
    ("Her dad says his own hip is fine.", "hip"),
    ("Previous greater occipital nerve block.", "occipital"),
    ("Straight leg raise to 70 degrees.", "leg"),
    ("Chest clear on auscultation.", "Chest"),
    ("TSH normal, free T4 14 pmol/L.", "T4"),
    ("C3 complement was low.", "C3"),
    ("Flex your biceps.", "Flex"),
    ("Vitamin D3 1000 units daily.", "D3"),
    ("D1 post-op, mobilising well.", "D1"),
    ("Relax your shoulders and breathe.", "shoulders"),
    ("Keep going until your hips sink to the floor.", "hips"),
    ("Hip MRI booked for next week.", "Hip"),
    ("My dad had an operation on the neck last year.", "neck"),
    ("Being stuck in traffic is a right pain in the bum.", "bum"),
    ("Fallen arches in both feet.", "arches"),
    ("Call 0161 555 0100 ext 2231.", "ext"),
    ("Bulge at L4 5 mm across.", "L4 5"),
    ("L hip: full PROM, no pain.", "hip"),
    ("Knees and hips have a normal range.", "hips"),
    ("Passive straight leg raising to 80.", "leg"),
    ("He struck his head on the door.", "head"),
    ("Feet shoulder width apart.", "shoulder"),
    ("Strengthen the hip abductors.", "hip"),
    ("Tingling between her legs.", "legs"),
    ("Bed: C4.", "C4"),
    ("Loss of the lordosis, which is straightened.", "straightened"),
    ("Hair extensions and nail extensions.", "extensions"),
    ("Stand with your palms on your hips.", "hips"),
    ("Hips: normal, painless, full range.", "Hips"),
    ("Hip: full, painless range.", "Hip"),
    ("Buses leave from stand C4.", "C4"),
    ("Swing your legs over the edge of the bed.", "legs"),
    # session 6: the classes of false link left on held-out sets 10-12, each on wordings of its own
    # the writer's own pain is the subject ("my" body parts); a person named a sentence before owns "his hip"
    ("My lower back has ached for weeks and my legs feel heavy. Dad slipped on the ice too. His hip is sore.", "hip"),
    ("His neck and his shoulder ache at night. His wife says her hip is sore as well.", "hip"),
    ("My neck aches and my bottom goes numb. Our old lab is no better; her hips are stiff and sore.", "hips"),
    ("We sat on the beach with a rolled towel for his neck.", "neck"),  # where a support goes
    ("Keep the rope behind the neck and pull down slowly.", "neck"),  # where an object goes
    ("He has a frozen shoulder on the left, which is agony in bed.", "shoulder"),  # a named condition
    ("She was treated for restless legs, which are worse at night.", "legs"),
    ("Taking painkillers on more than ten days a month carries a risk of medication-overuse headache.", "headache"),
    ("Ten shoulder blade squeezes x12, then rest.", "shoulder blade"),  # an exercise with its count
    ("He described the whole business as \u201ca pain in the neck\u201d.", "neck"),  # the idiom in quotation marks
    # session 6, drawn from held-out set 13 after its first run
    ("Her flat feet: both arches collapse when she stands.", "arches"),  # the foot's arches
    ("LI4 and GB20 were needled at the base of the skull and the hand.", "base of the skull"),  # where a needle goes
    ("Electrodes taped over the back of the thigh for ten minutes.", "back of the thigh"),
    ("Examination:\nStraight leg raise 80 degrees both sides, knee reflexes brisk (hamstring tightness).",
     "hamstring"),  # a finding in brackets under an examination heading
    # session 6, drawn from held-out set 14 after its first run
    ("The pain in her back is worse when she stands on one leg to dress.", "leg"),  # what she stands on
    ("The nerves to the legs are tested first, so the pain is not made worse.", "legs"),  # anatomy
    ("There is pain in the back, and she is a pain in the neck about it.", "neck"),  # the idiom keeps its "a"
]


@pytest.mark.parametrize(("text", "word"), FALSE_LINKS)
def test_body_words_in_another_sense_stay_unlinked(text, word):
    linked = {k.term for k in find_links(text)}
    assert word not in linked, find_links(text)


def test_the_false_link_sentences_still_link_what_they_should():
    assert [k.target for k in find_links("Sagittal T1, T2 and STIR; axial T2 from L1 to S1.")] == ["L1", "S1"]
    assert [k.target for k in find_links("Sit tall and look over each shoulder.")] == ["rotation"]
    assert [k.target for k in find_links("Which joint lies between C7 and T1?")] == ["C7", "T1"]
    assert [k.target for k in find_links("She reports pain in her hip.")] == ["hip"]
    assert [k.target for k in find_links("Pain when I look up at the ceiling.")] == ["extension"]
    assert [k.target for k in find_links("Level L4 and L5 are narrowed.")] == ["L4", "L5"]
    assert [k.target for k in find_links("Sagittal T1 T2; fracture of T1 T2 vertebral bodies.")] == ["T1/2"]
    assert [k.target for k in find_links("I have a pain in the neck when I look down.")] == ["cervical", "flexion"]
    assert [k.target for k in find_links("L3 L5 spinous processes are tender.")] == ["L3", "L5"]
    assert [k.target for k in find_links("Sagittal T1 and T2 from C2 to T2.")] == ["C2", "T2"]
    assert [k.target for k in find_links("I had an operation on the neck.")] == ["cervical"]


def test_one_body_vocabulary_every_atlas_word_is_linked_and_understood_by_the_atlas():
    atlas = default_atlas()
    for word in body_words():
        links = find_links(f"pain in the {word} today")
        assert links, word
        assert any(k.kind in ("body_area", "region") for k in links), (word, links)
    for term in Vocabulary.default().terms:
        if term.kind == "body_area":
            assert atlas.zones_matching(term.target), term.target
    assert {"head", "leg", "bottom"} <= {k.target for w in ("head", "leg", "bottom") for k in find_links(f"my {w}")}


def test_linker_corpus_meets_the_recall_and_precision_targets(capsys):
    scores = linker_eval.score_folder()
    assert len(scores) >= 6
    total = sum(scores[1:], scores[0])
    with capsys.disabled():
        print("\n" + linker_eval.report(scores))
    assert total.gold >= 150
    assert total.recall >= 0.95, linker_eval.report(scores)
    assert total.precision >= 0.95, linker_eval.report(scores)
    # No trap linked. Session 6 removed the last six, each the first-run miss of a held-out document: the idiom in
    # quotation marks ('as "a pain in the neck"', set 6) and, from set 12, a dog's sore hips ("her hips are sore"
    # among the writer's own "my" body parts), a bar pulled "behind the neck", "a frozen shoulder", "a pillow for his
    # neck" and "shoulder blade squeezes x15"; the rules are pinned on other wordings below. Set 13's first-run trap
    # hits, fresh text scored after that pass, left after the fixes drawn from it (each named in the README): a scarf
    # "to keep the neck warm", GB21 "at the top of the shoulder" (a point with no needling verb), the writer's own
    # "dodgy neck" in a message about her son, a physio's finding "his hamstrings are really tight", a horse's neck
    # and "bracing through your arms and neck".
    # Set 14's, scored after the fixes drawn from set 13 and left after those drawn from set 14: "a small cushion
    # behind your lower back" (set 8 linked "a cushion behind her lower back, says this helps") and "fills the gap
    # under your neck".
    # Session 8 (the seventh pass) removed, as classes pinned on other wordings below, the dodgy neck, both
    # hamstrings, the cushion, the gap under the neck, Nan's headaches, "Indian Head Massage", "Back & Hip Heat
    # Patches", the bag straps, every trap hit of set 22 and of set 23. Left: the scarf "to keep the neck warm", the
    # horse's neck and "bracing through your arms and neck" (set 13), and "Bars rotated up 2 degrees" (set 18).
    # Session 9 removed, as classes pinned on other wordings below, the trap hits of sets 24 and 25's first run
    # ("overlying shoulders", a "hip XR", "head propped on the arm of the sofa", a forum's board name); left: a list of
    # what was examined ("Your hips, kidneys check (no pain on tapping), tummy and nerve
    # tests were all normal"), a muscle group ("deep neck flexor endurance") and a hip denied beside a pain elsewhere
    # ("pt says hip itself fine, 'different pain'").
    known = {
        ("holdout13_acupuncture_record.txt", "neck"), ("holdout13_riding_instructor_email.txt", "neck"),
        ("holdout18_bike_fit_report.txt", "rotated"),
        ("holdout24_osteopath_treatment_plan.txt", "hips"), ("holdout24_osteopath_treatment_plan.txt", "tummy"),
        ("holdout24_private_physio_assessment.txt", "neck"), ("holdout25_gp_telephone_note.txt", "hip"),
        # set 26's first run (written blind, scored on the final linker of session 8, not changed after it): a
        # questionnaire's and a muscle group's name ("Neck Disability Index", "deep neck flexor"), and a rower's
        # "single-leg hip extension test" and "the swing coming from the hips"
        ("holdout26_physio_letter_to_gp_neck.txt", "Neck"), ("holdout26_physio_letter_to_gp_neck.txt", "neck"),
        ("holdout26_rowing_return_to_training.txt", "leg"), ("holdout26_rowing_return_to_training.txt", "hips"),
    }
    hit = {(s.name, k.term) for s in scores for k in s.trap_hits}
    assert hit <= known, linker_eval.report(scores)


def test_linker_eval_reads_marks_and_refuses_bad_ones(tmp_path):
    text, gold = linker_eval.read_annotated("Pain at [[L4/5|joint:L4/5]], not in the [[hip|-]].")
    assert text == "Pain at L4/5, not in the hip."
    assert [(g.words, g.kind, g.targets) for g in gold] == [("L4/5", "joint", ("L4/5",)), ("hip", "-", ())]
    s = linker_eval.score("t", "Pain at [[L4/5|joint:L4/5]] and [[hip|-]] rotation.")
    assert (s.gold, s.recalled) == (1, 1)
    with pytest.raises(linker_eval.CorpusError, match="kind:target"):
        linker_eval.read_annotated("[[L4|level]]", "x.txt")
    with pytest.raises(linker_eval.CorpusError, match="malformed"):
        linker_eval.read_annotated("[[L4|level:L4]", "x.txt")
    assert linker_eval.main([str(tmp_path)]) == 2


def test_article_links_open_the_scan_report_sections():
    link = find_links("small facet joint effusions")[0]
    assert link.href == "spineviz:article/reading-your-scan-report#effusion"
    assert parse_href(link.href.partition("#")[0]) == ("article", "reading-your-scan-report")


def test_first_word_index_finds_what_a_full_scan_finds():
    """The linker only tries a phrase where one of its first words occurs; a full scan finds no more."""
    from spineviz.content.linker import _longest_first

    linker = Linker.default()
    texts = [linker_eval.read_annotated(p.read_text(encoding="utf-8"))[0]
             for p in sorted(linker_eval.DEFAULT_CORPUS.glob("*.txt"))]
    for text in texts:
        brute = []
        for i in range(len(linker._terms)):  # every match, overlapping ones too ("you arch" and "arch your back")
            m = linker._pattern(i).search(text)
            while m is not None:
                brute += linker._match_at(i, text, m.start())
                m = linker._pattern(i).search(text, m.start() + 1)
        assert _longest_first(linker._vocabulary_matches(text)[0]) == _longest_first(brute)


def test_every_term_of_the_shipped_vocabulary_compiles() -> None:
    """Patterns are compiled when a text first needs them; the whole vocabulary must still be valid."""
    linker = Linker(Vocabulary.default())
    linker.compile_all()
    assert all(p is not None for p in linker._patterns)


def test_a_long_document_links_the_same_as_its_parts() -> None:
    """Clause starts are found by searching back, not by rescanning the text: results must not change."""
    page = "My mum had her hip replaced. I get pain in my left buttock at L4/5; T2 axial images were fine.\n"
    one = [(k.term, k.kind, k.target) for k in Linker.default().find(page)]
    many = Linker.default().find(page * 40)
    assert [(k.term, k.kind, k.target) for k in many] == one * 40
    assert ("hip", "body_area", "hip") not in one and ("buttock", "body_area", "buttock") in one


def test_the_front_of_the_thigh_is_its_own_place_with_no_referring_joint():
    """Linked to the anterior_thigh zone, which the atlas has no rows for (it gives advice instead)."""
    [link] = find_links("a dull ache at the front of my thigh")
    assert (link.kind, link.target) == ("body_area", "anterior_thigh")
    atlas = default_atlas()
    assert [z.name for z in atlas.zones_matching(link.target)] == ["anterior_thigh"]
    assert atlas.joints_referring_to(link.target) == []
    assert "upper leg" in find_links("pain in the upper leg")[0].term


# A body area is linked only where its clause says something is felt there. Sentences written for this test
# (none taken from the corpus); each class of the held-out false links, and the wordings that keep a link.
NOT_FELT = [
    ("Cervical spine and shoulder screen clear, reflexes symmetrical.", "shoulder"),  # examined
    ("Finish with ten slow hip hinges and a set of shoulder presses.", "hip"),  # exercised
    ("Build up the strength around your hips and knees over the summer.", "hips"),
    ("Let your legs go heavy and your belly soften on each out-breath.", "belly"),  # relaxed in a body scan
    ("I broke my leg skiing in 2011 and it healed well.", "leg"),  # an old injury of another part
    ("Sign up with your name and shoe size; the hip flask stays at home.", "hip"),
    ("She went into the ruck head first and came out laughing.", "head"),  # a landmark in a sport
    ("Walk tall, chest proud, looking ahead.", "chest"),  # a posture cue
    ("Tone, power and sensation in both legs were normal.", "legs"),  # a finding in an examination
    ("I would palpate for tenderness and examine the hips.", "hips"),
    ("She is on the waiting list for the hip clinic.", "hip"),  # a service named after the body part
    ("Referred by the Headache Clinic at St Mary's.", "Headache"),
]


@pytest.mark.parametrize(("text", "word"), NOT_FELT)
def test_a_body_part_named_with_no_symptom_in_its_clause_is_not_linked(text, word):
    assert word not in [k.term for k in find_links(text)]


FELT = [
    ("The ache sits deep in my left hip most evenings.", "hip"),  # a symptom word
    ("It throbs right along the top of my shoulder when I sit at the desk.", "top of my shoulder"),  # a symptom verb
    ("By lunchtime it has gone right down into my calf.", "calf"),  # a symptom travelling
    ("Stiff lower back, sometimes into the right buttock too.", "buttock"),  # the spine's pain reaching
    ("No pain in the groin and no numbness in either leg.", "groin"),  # a symptom denied is still placed
    ("No pain in the groin and no numbness in either leg.", "leg"),
    ("He gets migraines on the left side of his head.", "head"),
    ("A hot water bottle on my bottom helps at night.", "bottom"),  # a treatment put where it hurts
    ("Stiffness in her neck and shoulder every morning.", "shoulder"),  # a finding word outside an examination
    ("buttock", "buttock"),  # alone (a heading, a list item, a word in bold): nothing to judge by
]


@pytest.mark.parametrize(("text", "word"), FELT)
def test_a_body_part_where_something_is_felt_is_linked(text, word):
    assert word in [k.term for k in find_links(text) if k.kind == "body_area"]


def test_findings_are_not_symptoms():
    """"pain-free" and "non-tender" are what an examiner found, not what the patient feels there."""
    assert find_links("Left hip pain-free through range, SIJ non-tender.") == []
    assert [k.term for k in find_links("Left hip painful through range.")] == ["hip"]


def test_a_form_numbering_its_items_is_not_naming_levels():
    """'C1. …', 'C2. …' opening lines in a series from 1 are a form's questions; a lone 'L5.' is a level."""
    form = "C1. What is your job?\nC2. When did it start?\nC3. Where is the pain? Across the L5 level.\n"
    assert [(k.term, k.target) for k in find_links(form)] == [("L5", "L5")]
    assert [k.target for k in find_links("Findings:\nL5. Pars defect on the left.\n")] == ["L5"]
    # a series that does not start at 1 is a report's levels, each at the head of its line
    assert [k.target for k in find_links("C5. Normal.\nC6. Normal.\nC7. Small osteophyte.")] == ["C5", "C6", "C7"]


def test_posture_and_both_ways_are_read():
    assert find_links("He walks with a stooped posture.") == []
    assert [k.target for k in find_links("She has to stoop to reach the oven.")] == ["flexion"]
    assert [k.target for k in find_links("Full pain-free rotation both ways.")] == ["rotation"]


# Session 6: the classes of false link left on held-out sets 10-12, each on wordings of its own.
STILL_LINKED = [
    # a parent's message about a son: his body parts are the subject, "my" is not the writer's pain
    ("My son is fifteen. His lower back aches after football and his neck gets stiff in class.", "lower back"),
    ("My son is fifteen. His lower back aches after football and his neck gets stiff in class.", "neck"),
    ("My dad slipped on the ice last week. His hip is very sore now.", "hip"),  # a message about dad's pain
    ("I get an ache that runs round my neck and into my head.", "neck"),  # "round" with a symptom
    ("She has had a headache most days since the fall.", "headache"),  # someone's headache
    ("Pain at C2/3 is a common cause of headache and the risk is higher after whiplash.", "headache"),
    ("Occasional headaches, a risk she accepts with the job.", "headaches"),
    ("Pain in my shoulder blade when I breathe in.", "shoulder blade"),
    ("L leg pain x 3/52, worse sitting.", "leg"),  # a duration, not an exercise's count
    ("Woke with a wry neck on Monday.", "neck"),  # a wry neck is often a facet joint's
]


@pytest.mark.parametrize(("text", "word"), STILL_LINKED)
def test_the_same_words_still_link_where_they_are_the_readers_pain(text, word):
    assert word in [k.term for k in find_links(text)], find_links(text)


def test_a_bare_motion_at_a_limb_joint_is_the_limbs():
    assert find_links("Bend at the knees, not at the waist, to lift the box.") == []
    assert find_links("Hinge from the hips with a flat back.") == []
    assert [k.target for k in find_links("Seated rotation with the arms crossed, ten each way.")] == ["rotation"]


def test_a_movement_and_its_purpose_are_one_link():
    """'bend forward to touch your toes' is one movement said twice: one link over both."""
    [link] = find_links("Bend forward to touch your toes, then come up slowly.")
    assert (link.term, link.target) == ("Bend forward to touch your toes", "flexion")
    kinds = [(k.term, k.target) for k in find_links("Turn your head to look at the ceiling.")]
    assert kinds == [("Turn your head", "rotation"), ("look at the ceiling", "extension")]  # two motions stay two


def test_pins_and_needles_still_place_a_symptom():
    """"needles" is not a needle going in: "pins and needles in the legs" places a symptom."""
    assert "legs" in [k.term for k in find_links("No shooting pain, numbness or pins and needles in the legs.")]


# Session 7: the classes of miss and false link left on sets 13-15, each pinned on wordings of its own.
SESSION7_LINKED = [
    ("Avoid a sideways lean when you carry the shopping.", "sideways lean", "motion", "lateral_bending"),
    ("She stands with a forward lean after an hour at the sink.", "forward lean", "motion", "flexion"),
    ("Backward bending at the waist sets it off.", "Backward bending", "motion", "extension"),
    ("The CT shows arthritis in the lower lumbar facet joints.", "arthritis in the lower lumbar facet joints",
     "article", "reading-your-scan-report#facet-arthropathy"),
    ("Aches at the belt line. Often goes down into the left calf.", "calf", "body_area", "calf"),
    ("Date | Where | Notes\n01/02 | right groin, buttock | long drive\n", "groin", "body_area", "groin"),
    ("Lying on my side, the pressure on my shoulder wakes me at night.", "shoulder", "body_area", "shoulder"),
    ("Lifting, bending and turning to stack shelves bring it on.", "turning", "motion", "rotation"),
    # the patient's words quoted in a note do not make "my" the text's subject
    ('Patient reports: "sore in my lower back and my left buttock". His neck aches too.', "neck", "region", "cervical"),
]


SESSION7_UNLINKED = [
    ("He took a blow to the head in the scrum and had a headache after.", "head"),  # a blow's site
    ("- LI4 left, web of the hand; GB20 at the base of the skull, shallow insertion.", "base of the skull"),
    ("Calf tightness noted on the left after the long run.", "Calf"),  # a finding named after the muscle
    ("Goes to the gym twice a week and works on her legs.", "legs"),  # "goes to" without a subject is not travel
    ("Date | Where | Notes\n01/02 | neck | hip flexor stretch done\n", "hip"),  # a place column only
    ("Turn the page and bend forward to read it.", "Turn"),  # turns something else
    ("It turned out that bending was the trigger.", "turned"),  # a phrasal verb
]


def test_session7_rules_still_link_where_something_is_felt():
    """The same places, where the clause says something is felt, are still linked."""
    assert "base of the skull" in [k.term for k in find_links("Needling eased the ache at the base of the skull.")]
    assert "head" in [k.term for k in find_links("After the blow, the pain in his head lasted a week.")]


# Session 7, after set 16's first run: its classes of miss and false link, each pinned on wordings of its own.
SET16_LINKED = [
    ("Lie on your back and flatten the lower back against the mat.", "flatten the lower back", "motion", "flexion"),
    ("On each breath, arch a little further.", "arch", "motion", "extension"),  # a degree, not an object
    ("Gently rotate the upper back to face the wall.", "rotate the upper back", "motion", "rotation"),
    ("Report: degenerative changes in the lumbar facet joints.", "degenerative changes in the lumbar facet joints",
     "article", "reading-your-scan-report#facet-arthropathy"),
    ("Pain in the neck on the left, going in the top of the shoulder.", "top of the shoulder", "body_area",
     "top_of_the_shoulder"),
    ("Is it in the back only? Yes, not into the groin.", "groin", "body_area", "groin"),  # a path denied
    ("Any stiffness in your hips first thing?", "hips", "body_area", "hip"),  # asked about, not found
]


SET16_UNLINKED = [
    ("Headaches? Poor posture and a stiff neck can lead to headaches.", "headaches"),  # a category
    ("I checked your neck and hips today and both move well.", "hips"),  # examined (after "and")
    ("Then seated thoracic rotation with a broom handle across your shoulders.", "shoulders"),  # an object there
    ("Park in bays L1 to L3, opposite the lift.", "L1"),  # a range of labels
    ("Visitors' parking: slot L2 on the ground floor.", "L2"),
    ("Your hamstrings were very tight today, so keep stretching.", "hamstrings"),  # the therapist's finding
    ("Bend forward, then return to standing and rest in turn.", "turn"),  # a noun
]


# Session 7, after set 17's first run: its classes, each pinned on wordings of its own.
SET17_LINKED = [
    ("I slept curled up on my side and woke stiff.", "curled up", "motion", "flexion"),
    ("Tilting the head down to read makes it worse.", "Tilting the head down", "motion", "flexion"),
    ("Q: Where does C5/6 refer?\nA: The side of the neck and the shoulder blade.", "shoulder blade", "body_area",
     "shoulder_blade"),  # an answer read with its question
    ("Q: Where does L5/S1 refer?\nA: Mostly the buttock.", "buttock", "body_area", "buttock"),
]


SET17_UNLINKED = [
    ("Call me on ext. 2290 if the pain returns.", "ext"),  # a telephone extension
    ("No flexion of the R knee on testing, and the pain was in the back.", "flexion"),  # the limb's motion
    ("Wedging the phone between my chin and shoulder sets the pain off.", "shoulder"),  # a thing held there
    ("Hip bridges and shoulder presses, then the pain eases.", "Hip"),  # exercises, no count
    ("Putting my weight off my left leg eases the ache.", "leg"),  # what is stood on
    ("Clean the skin over the buttock before the injection; it may sting.", "buttock"),  # the skin's site
    ("Needled the skin at the side of the neck, the usual dull ache.", "neck"),  # inside a needle site
]


# Session 7, after set 18's first run: its classes, each pinned on wordings of its own.
SET18_LINKED = [
    ("Please avoid rotation of the neck during the treatment.", "rotation of the neck", "motion", "rotation"),
    ("Repeated bending of the spine at work brings it on.", "bending of the spine", "motion", "flexion"),
    ("My hips feel like lead after the night shift.", "hips", "body_area", "hip"),  # a sensation told by a likeness
    ("On all fours, arch the back up like a cat, then let it sag.", "arch the back up like a cat", "motion",
     "flexion"),
]


SET18_UNLINKED = [
    ("Squats with a bar across your shoulders, stop if the knee hurts.", "shoulders"),  # a thing named and put there
    ("Stand with a towel round the neck (it helps when the pain is bad).", "neck"),
    ("She stands with a slight arch in her lower back.", "arch"),  # a posture named as a noun
    ("My back is no better. Nan says her headaches have gone since the new glasses.", "headaches"),  # a name
    ("Please avoid my face (make-up on!) and my chest.", "chest"),  # "!" inside a bracket does not end the clause
]


# Session 7, after set 19's first run: its classes, each pinned on wordings of its own.
SET19_LINKED = [
    ("The ache is worse on rotation to the left.", "rotation", "motion", "rotation"),
    ("Any lift that tips him backwards sets it off.", "tips him backwards", "motion", "extension"),
    ("Her back hurts in cambrés and in the port de bras back.", "port de bras back", "motion", "extension"),
]


SET19_UNLINKED = [
    ("In the plank, don't let your hips creep up towards the ceiling.", "hips"),  # the part itself moves
    ("Rehearsal in studio L3 at six.", "L3"),  # a label
    ("She is on rotation in the emergency department until June.", "rotation"),  # a post
]


# Session 7's last pass, the regions of sets 20 and 21: a region is read for what it is there for.
SET21_LINKED = [
    ("I have had a stiff neck since the crash.", "neck", "region", "cervical"),  # a region with no symptom word
    ("The pain sits just above my lower back, worse after driving.", "lower back", "region", "lumbar"),
    ("Neck pillow or not, my neck still aches every morning.", "neck", "region", "cervical"),  # felt in its clause
    ("My wife says I am grumpy. I have a bad neck again.", "neck", "region", "cervical"),  # the writer's own
    ("The backrest should support the lower back.", "lower back", "region", "lumbar"),  # no other person's
]


SET21_UNLINKED = [
    ("Wear the rucksack so that its base sits no lower than the small of your back.", "small of your back"),
    ("Set the lumbar pad level with the lower back, just above the belt line.", "belt line"),
    ("Set the lumbar pad level with the lower back, just above the belt line.", "lower back"),
    ("The scarf comes with a matching neck warmer.", "neck"),  # a thing named after the region
    ("Hold the baby upright and support his neck with your palm.", "neck"),  # held up for someone else
    ("My husband came with me to the clinic. He has a bad neck too, but he won't see anyone.", "neck"),
    ("We moved my partner's mother in last week; the long drive gave her a stiff neck.", "neck"),
    ("Exams are held in classroom L2 this year.", "L2"),  # a part of a building
    ("The new design on her shoulder took three hours.", "shoulder"),  # a tattoo's work
]


@pytest.mark.parametrize(
    ("text", "term", "kind", "target"),
    SESSION7_LINKED + SET16_LINKED + SET17_LINKED + SET18_LINKED + SET19_LINKED + SET21_LINKED,
)
def test_session7_wordings_are_linked(text, term, kind, target):
    assert (term, kind, target) in found(text), found(text)


@pytest.mark.parametrize(
    ("text", "word"),
    SESSION7_UNLINKED + SET16_UNLINKED + SET17_UNLINKED + SET18_UNLINKED + SET19_UNLINKED + SET21_UNLINKED,
)
def test_session7_wordings_stay_unlinked(text, word):
    assert word not in [k.term for k in find_links(text)], find_links(text)


def test_set20_classes():
    """Set 20's classes on wordings of their own: longer body areas need something felt too, and more."""
    assert "top of the shoulder" not in [k.term for k in find_links("The rose goes at the top of the shoulder.")]
    assert "base of the skull" not in [k.term for k in find_links("The pillow cradles the base of the skull.")]
    assert "back of my thigh" in [k.term for k in find_links("Does it spread? Only as far as the back of my thigh.")]
    assert "below the knee" in [k.term for k in find_links("It aches in the calf? No, never below the knee.")]
    assert "L3" not in [k.term for k in find_links("Replacement cartridge: AB200-L3.")]
    assert "C4" not in [k.term for k in find_links("Your session is in booth C4 at noon.")]
    assert "headache" in [k.term for k in find_links("the c5 6 joint can be a cause of headache too")]


# Session 8: the classes of false link and miss left on sets 16-23, each pinned on wordings of its own (none is a
# held-out sentence). Precision first: each rule declines a link where the context says the word is not the
# reader's spine or place of pain, and the paired LINKED wording shows the same word still linked where it is.
SESSION8_UNLINKED = [
    # someone else's body part, the second of two after their possessive
    ("My aunt had gout in her feet and neck for years.", "neck"),
    # "she" opening a sentence is the person named in the sentence before
    ("Grandma says hello. She told me her headaches have settled since the new glasses.", "headaches"),
    # another person's motion in a "my" text that names them
    ("My wife is fine. I get pain in my lower back; my neck is stiff. He says he can't turn his head well.",
     "turn his head"),
    # another person who "has a" body part, in a text about the writer's own pain; a possessive inside a link counts
    ("The ache low down in my back spreads into my buttock. My sister has a bad neck too.", "neck"),
    ("It aches low down in my back when I look over my shoulder. My dad is fine but can't turn his head.",
     "turn his head"),
    # the writer's own body part in a text about him
    ("My son has pain in his lower back and his hips. I have had a bad neck myself since college.", "neck"),
    # a finding someone else reports of a muscle
    ("The coach watched him run. He said her calves were very tight.", "calves"),
    ("I saw a physio in May; she said my hamstrings were tight and gave me a plan.", "hamstrings"),
    # a support under or behind a region, whatever its length, wherever it is named in the clause
    ("Lie back with the foam roller under your upper back for five breaths.", "upper back"),
    ("Sit with a rolled towel behind your lower back and feet flat.", "lower back"),
    ("Our memory-foam pillow, shaped to fill the hollow beneath your neck, comes in two heights.", "neck"),
    # a thing put across a body part
    ("No tight bag straps across the shoulder until it stops feeling sore.", "shoulder"),
    # a name in title case
    ("Book a Hot Stone Back & Neck Ritual or a Classic Head Massage today.", "Head"),
    ("New: Deep Heat Hip Wraps, pack of six.", "Hip"),
    # a posture named as a noun
    ("Observation: slumped sitting with the screen too low.", "slumped"),
    ("A hunched posture at the till was noted.", "hunched"),
    # a past form describing the noun after it, and an exercise of a body part ("stretch" is felt only as one)
    ("The chapel has an arched doorway.", "arched"),
    ("Stretch your calves after every run.", "calves"),
    # a limb or hand moved to a body part
    ("Hold your knee with both hands and draw it towards your chest, then feel the stretch in your back.", "chest"),
    ("Reach down, sliding your hand slowly down the side of your leg.", "side of your leg"),
    ("I was carrying the shopping on my hip, and it started to ache.", "hip"),
]

SESSION8_LINKED = [
    ("My aunt had gout in her feet. My neck aches every evening.", "neck", "region", "cervical"),
    ("I have pain in my lower back. She says my headaches come from my neck.", "headaches", "body_area", "headache"),
    ("Since the fall I can't turn my head to the right.", "turn my head", "motion", "rotation"),
    ("My husband has a bad neck. He has a stiff neck every morning and his neck clicks.", "neck", "region",
     "cervical"),
    ("The physio said the pain in my hamstrings comes from my back.", "hamstrings", "body_area", "hamstring"),
    ("My calves are tight and ache after standing.", "calves", "body_area", "calf"),
    ("Sitting with a small cushion behind her lower back helps, she says.", "lower back", "region", "lumbar"),
    ("A sharp pain across the shoulder when I reach up.", "shoulder", "body_area", "shoulder"),
    ("RIGHT HIP PAIN after the long walk.", "HIP", "body_area", "hip"),
    ("Feeding the baby hunched over the cot sets it off.", "hunched over", "motion", "flexion"),
    ("It shoots from my lower back towards my chest.", "chest", "body_area", "chest"),
    ("I twisted reaching for the kettle.", "twisted", "motion", "rotation"),
    ("You should feel a gentle stretch across your buttock.", "buttock", "body_area", "buttock"),
    # morphology: a plural motion noun with its direction; a word of manner inside a motion phrase
    ("The class ends with two slow backward bends.", "backward bends", "motion", "extension"),
    ("Stand tall and lean gently to the side, then come back up.", "lean gently to the side", "motion",
     "lateral_bending"),
    # an answer to a question, or to a "where" sentence, that names a symptom
    ("Mark where you feel pain on the chart. (Written beside it: \"left cheek of bum\")", "bum", "body_area",
     "buttock"),
    ("Q: Does it go down your leg at all?\nNo, only to the top of my leg at the back.", "top of my leg at the back",
     "body_area", "posterior_thigh"),
]


@pytest.mark.parametrize(("text", "word"), SESSION8_UNLINKED)
def test_session8_wordings_stay_unlinked(text, word):
    assert word not in [k.term for k in find_links(text)], find_links(text)


@pytest.mark.parametrize(("text", "term", "kind", "target"), SESSION8_LINKED)
def test_session8_wordings_are_linked(text, term, kind, target):
    assert (term, kind, target) in found(text), found(text)


# Session 9: classes drawn from held-out sets 24 and 25, each pinned on wordings of its own (never theirs).
SESSION9_LINKED = [
    # a compound of two region words: the upper region
    ("Stiffness at the thoraco-lumbar junction after gardening.", "thoraco-lumbar junction", "region", "thoracic"),
    ("Cervicothoracic junction: tender on the right.", "Cervicothoracic junction", "region", "cervical"),
    # the lay phrase for the mid-back region, as "mid back" is
    ("It aches in the middle of my back by the evening.", "middle of my back", "region", "thoracic"),
    # shorthand of a note: a direction, a region, a motion noun
    ("Worse bending fwd to tie shoes.", "bending fwd", "motion", "flexion"),
    ("Lx AROM: ext limited by pain.", "Lx", "region", "lumbar"),
    ("Cx rotn R 60 deg.", "rotn", "motion", "rotation"),
    # a head or neck posture with the spine part as its subject, and a tilt to a named side
    ("Painting the ceiling with her neck bent back all day set it off.", "neck bent back", "motion", "extension"),
    ("Reading in bed with the head dropped forward makes it worse.", "head dropped forward", "motion", "flexion"),
    ("It catches when I tilt my head to the right.", "tilt my head to the right", "motion", "lateral_bending"),
    ("Turning my head to the left is fine.", "Turning my head", "motion", "rotation"),
    # an exercise that names a spine motion, and a plain "turn" on the line of an exercise that rotates
    ("Standing roll down: let your arms hang and go slowly.", "roll down", "motion", "flexion"),
    ("Gentle rounding of the whole spine eases it.", "rounding", "motion", "flexion"),
    ("3. Seated twist. Sit tall. Keep the hips still and turn slowly. Repeat.", "turn", "motion", "rotation"),
    # "side" where pain is felt in it or goes into it is the flank
    ("The ache creeps from my back into my right side by the evening.", "side", "body_area", "flank"),
    ("He still has a dull pain in his side when he coughs.", "side", "body_area", "flank"),
    # a muscle named for where it lies, where pain spreads or pulls (as "glutes" and "hamstrings")
    ("The ache spreads into her right upper trapezius by lunchtime.", "upper trapezius", "body_area", "suprascapular"),
    ("- Ext: 50%, pulling R upper trap", "upper trap", "body_area", "suprascapular"),
    # a flexed or extended posture of the spine part is one motion
    ("Positioned supine with the neck fully extended; sore afterwards.", "neck fully extended", "motion", "extension"),
    ("Neck Pain since the crash, worse on the left.", "Neck", "region", "cervical"),
]
SESSION9_UNLINKED: list[tuple[str, str]] = [
    # "Cx" in an obstetric note is the cervix
    ("VE: Cx closed, no bleeding seen.", "Cx"),
    # the verb moves something else, and other senses of "rounding" and "turn"
    ("Pain when I rolled down the car window.", "rolled down"),
    ("Rounding the corner, the pain in my leg came on.", "Rounding"),
    ("3. Seated twist. Sit tall.\nNext week we turn to strength work.", "turn"),
    ("Lie on your side with a pillow; the pain eases.", "side"),
    ("Reach over and you will feel a stretch in your side.", "side"),
    ("Palpation: increased tone R upper trap.", "upper trap"),
    ("Keep pulling the trolley with both hands at hip height.", "hip"),
    # a shadow on a radiograph, a scan's target, a part propped on something, a topic taught
    ("T1 is obscured by the overlying shoulders; the pain is at C6.", "shoulders"),
    ("Groin pain since the fall; she needs a hip XR to rule out a fracture.", "hip"),
    ("Fell asleep with my head propped on the armrest and my neck hurts.", "head"),
    ("Education given: posture, headache triggers, pacing.", "headache"),
    # a title-case symptom heading that names a group or a place
    ("I asked on the Lower Back Pain forum whether anyone had RF.", "Lower Back"),
]


@pytest.mark.parametrize(("text", "term", "kind", "target"), SESSION9_LINKED)
def test_session9_wordings_are_linked(text, term, kind, target):
    assert (term, kind, target) in found(text), found(text)


@pytest.mark.parametrize(("text", "word"), SESSION9_UNLINKED)
def test_session9_wordings_stay_unlinked(text, word):
    assert word not in [k.term for k in find_links(text)], find_links(text)
