"""Where does it hurt? Marked zones to ranked joints, and the picture with the marks."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from spineviz.content.atlas import FREQUENCIES, default_atlas, parse_atlas
from spineviz.content.bodymap import body_map_svg
from spineviz.content.painmap import (
    CAVEAT,
    PainMarkError,
    frequency_by_joint,
    normalise_marks,
    parse_mark,
    rank_joints,
)
from spineviz.content.painmap_svg import MARK_FILL, pain_map

SVG = "{http://www.w3.org/2000/svg}"


def expected_ranking(marks):
    """The ranking worked out straight from the atlas rows, independently of rank_joints."""
    atlas = default_atlas()
    wanted = {tuple(m.rsplit("-", 1)) for m in marks}
    best: dict[tuple, list] = {}
    for row in atlas.referrals:
        for side in ("left", "right"):
            if (row.zone.name, side) in wanted:
                best.setdefault((row.segment, side), []).append(row)
    keyed = []
    for (seg, side), rows in best.items():
        strengths = [FREQUENCIES.index(r.frequency) for r in rows]
        per_frequency = tuple(-strengths.count(k) for k in range(3))
        keyed.append((min(strengths), per_frequency, seg.index, side == "right", f"{seg.name} {side}"))
    return [(k[-1], FREQUENCIES[k[0]]) for k in sorted(keyed)]


@pytest.mark.parametrize(
    "marks",
    [["buttock-left"], ["buttock-right", "lateral_thigh-right"], ["occiput-left"], ["groin-left", "groin-right"],
     ["interscapular-right", "paravertebral_T6-right"], ["suprascapular-left", "mid_scapula-left"]],
)
def test_ranking_follows_the_atlas_rows(marks):
    ranked = rank_joints(marks)
    assert [(r.name, r.frequency) for r in ranked] == expected_ranking(marks)
    assert ranked, "every zone is referred to by some joint"


def test_buttock_ranking_is_pinned_by_the_atlas_rows():
    ranked = rank_joints(["buttock-left"])
    top = [(r.name, r.frequency, r.referrals[0].source.key) for r in ranked[:2]]
    # Marks 1989: buttock pain was provoked mostly from L4/5 and L5/S1.
    assert top == [("L4/5 left", "typical", "Marks 1989"), ("L5/S1 left", "typical", "Marks 1989")]
    assert all(r.side == "left" for r in ranked)
    strengths = [FREQUENCIES.index(r.frequency) for r in ranked]
    assert strengths == sorted(strengths)


def test_more_marked_zones_at_typical_ranks_higher():
    ranked = rank_joints(["low_back-right", "buttock-right"])
    typical = [r for r in ranked if r.frequency == "typical"]
    counts = [len(r.zones) for r in typical]
    assert counts == sorted(counts, reverse=True)
    assert typical[0].segment.name in ("L4/5", "L5/S1") and len(typical[0].zones) == 2


def test_nothing_marked_ranks_nothing_and_sides_stay_apart():
    assert rank_joints([]) == []
    assert {r.side for r in rank_joints(["buttock-right"])} == {"right"}
    both = frequency_by_joint(rank_joints(["buttock-left", "buttock-right"]))
    assert both["L4/5 left"] == both["L4/5 right"] == "typical"


@pytest.mark.parametrize("bad", ["buttock", "hand-left", "buttock-middle", "", 3, None, "Buttock-Left"])
def test_bad_marks_are_refused_with_a_reason(bad):
    with pytest.raises(PainMarkError):
        parse_mark(bad)


def test_marks_are_normalised_once_each():
    assert normalise_marks([" buttock-left", "buttock-left", "groin-right"]) == ("buttock-left", "groin-right")


# ---- the picture ----------------------------------------------------------------------------------------


def _paths(svg: str, **data):
    root = ET.fromstring(svg)
    out = []
    for el in root.iter(f"{SVG}path"):
        if all(el.get(f"data-{k}") == v for k, v in data.items()):
            out.append(el)
    return out


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_the_picture_shows_the_marks_the_ranked_joints_and_the_caveat(audience):
    pic = pain_map(["buttock-left", "low_back-left"], audience)
    root = ET.fromstring(pic.svg)
    assert root.get("data-marks") == "buttock-left low_back-left"
    marked = _paths(pic.svg, marked="true")
    assert {p.get("data-mark") for p in marked} == {"buttock-left", "low_back-left"}
    assert all(p.get("fill") == MARK_FILL for p in marked)
    assert {p.get("data-view") for p in marked if p.get("data-mark") == "buttock-left"} == {"back", "left"}
    unmarked = _paths(pic.svg, marked="false")
    assert len(unmarked) > 60 and all(p.get("fill") != MARK_FILL for p in unmarked)
    text = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "L4/5 left" in text and "L5/S1 left" in text
    assert " ".join(CAVEAT[audience].split()[:6]) in text
    if audience == "clinician":
        assert "Marks 1989 [R]" in text


def test_the_caveat_is_there_even_with_nothing_marked():
    pic = pain_map([])
    text = " ".join(t.text or "" for t in ET.fromstring(pic.svg).iter(f"{SVG}text"))
    assert "diagnostic block" in text and "Nothing marked yet." in text


def test_a_click_on_a_zone_finds_its_mark_and_the_arm_or_background_finds_none():
    pic = pain_map([])
    for mark in ("buttock-left", "buttock-right", "occiput-right", "groin-left", "below_knee-right"):
        x, y = pic.centre_of(mark)
        assert pic.mark_at(x, y) == mark
    assert pic.mark_at(2, 2) is None  # the corner of the picture
    arm = pic.blockers[0]
    assert pic.mark_at(*arm.mean(axis=0)) is None


def test_keyboard_order_visits_every_zone_once_head_to_foot():
    pic = pain_map([])
    order = pic.zone_order()
    atlas = default_atlas()
    assert len(order) == len(set(order)) == 2 * len(atlas.zones)
    assert order[0].startswith("occiput-") and order[-1].startswith("below_knee-")


def test_focus_ring_is_drawn_on_the_focused_zone():
    pic = pain_map([], focus="groin-right")
    ring = [p for p in ET.fromstring(pic.svg).iter(f"{SVG}path") if p.get("data-focus")]
    assert ring and ring[0].get("data-focus") == "groin-right"


def test_flank_is_drawn_when_the_atlas_has_it():
    from importlib import resources

    text = resources.files("spineviz.content").joinpath("data/referral_zones.toml").read_text("utf-8")
    if "flank =" not in text:
        zone = 'flank = { display = "Flank", plain = "side of the body, above the hip", region = "low back" }\n'
        text = text.replace("[zones]\n", "[zones]\n" + zone, 1)
        text += ('\n[[referral]]\njoint = "T12/L1"\nzone = "flank"\nfrequency = "sometimes"\nsource = "Fukui 1997"\n'
                 'provenance = "M"\nnote = "test row"\n')
    atlas = parse_atlas(text, "test atlas")
    pic = pain_map(["flank-right"], atlas=atlas)
    flank = _paths(pic.svg, mark="flank-right", marked="true")
    assert flank and flank[0].get("data-view") == "back"
    x, y = pic.centre_of("flank-right")
    assert pic.mark_at(x, y) == "flank-right"
    feeding = {r.segment.name for r in atlas.referrals if r.zone.name == "flank"}
    assert feeding, "the atlas must name the joints that refer to the flank"
    ranked = {r.name for r in pic.ranked}
    assert ranked, "marking the flank must rank the joints the atlas says refer there"
    for joint in feeding:
        assert f"{joint} right" in ranked


# ---- provenance on the clinician body map --------------------------------------------------------------


def test_each_shaded_zone_on_the_clinician_map_shows_its_source_and_provenance():
    svg = body_map_svg([("L4/5", "right")], "clinician")
    atlas = default_atlas()
    shaded = [p for p in _paths(svg) if p.get("data-frequency") not in (None, "none") and p.get("data-side")]
    assert shaded
    for p in shaded:
        rows = [r for r in atlas.referrals_for("L4/5") if r.zone.name == p.get("data-zone")]
        cited = dict(re.findall(r"([^;\[]+?) \[([A-Z0-9/]+)\]", p.get("data-sources")))
        for r in rows:
            assert r.provenance in cited[r.source.key].split("/"), (r.source.key, cited)
        tip = p.find(f"{SVG}title").text
        assert p.get("data-sources") in tip
    text = " ".join(t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text"))
    assert "Marks 1989 [R]" in text  # in the zone list of the key
    patient = body_map_svg([("L4/5", "right")], "patient")
    assert "data-sources" not in patient and "Marks 1989" not in patient


# ---- the front view ---------------------------------------------------------------------------


@pytest.mark.parametrize("mark", ["groin-right", "chest-left", "abdomen-right", "anterior_thigh-left"])
def test_a_click_on_the_front_view_marks_the_place_on_the_patients_side(mark):
    pic = pain_map([])
    [target] = [t for t in pic.targets if t.mark == mark and t.view == "front"]
    assert pic.mark_at(*target.centre) == mark
    # Seen from the front the patient's right is on the viewer's left.
    [other] = [t for t in pic.targets if t.view == "front" and t.mark == mark.rsplit("-", 1)[0] + (
        "-left" if mark.endswith("-right") else "-right")]  # fmt: skip
    assert (target.centre[0] < other.centre[0]) == mark.endswith("-right")


def test_marking_the_chest_or_belly_lists_no_joint_and_says_to_check_first():
    pic = pain_map(["chest-left", "abdomen-right"], "patient")
    assert pic.ranked == ()
    root = ET.fromstring(pic.svg)
    advice = root.find(f".//{SVG}g[@id='advice']")
    assert advice is not None
    text = " ".join(t.text or "" for t in advice.iter(f"{SVG}text"))
    assert "Check first" in text and "Front of the chest (left)" in text and "Belly (right)" in text
    assert "doctor" in text
    paths = root.iter(f"{SVG}path")
    marked = {(p.get("data-mark"), p.get("data-view")) for p in paths if p.get("data-marked") == "true"}
    assert marked == {("chest-left", "front"), ("abdomen-right", "front")}
    assert root.find(f".//{SVG}g[@id='caveat']") is not None  # the caveat stays


def test_a_place_the_atlas_explains_gets_no_advice():
    from spineviz.content.painmap import advice_for

    assert advice_for(["groin-left", "buttock-right"]) == []
    assert ET.fromstring(pain_map(["groin-left"]).svg).find(f".//{SVG}g[@id='advice']") is None
    assert [m for m, _ in advice_for(["groin-left", "anterior_thigh-left"])] == ["anterior_thigh-left"]
