"""The referred-pain atlas, pinned against its sources (anatomy-data.md section 6)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from spineviz.anatomy.levels import SEGMENTS, parse_segment
from spineviz.content.atlas import (
    FREQUENCIES,
    AtlasDataError,
    BodyAreaError,
    default_atlas,
    joints_referring_to,
    load_atlas,
    referrals_for,
    zones_for,
)

ALLOWED_SOURCES = {
    "Fukui 1996",
    "Dwyer 1990",
    "Cooper 2007",
    "Dreyfuss 1994",
    "McCall 1979",
    "Marks 1989",
    "Fukui 1997 (thoracic)",
    "Fukui 1997 (lumbar)",
    "Dreyfuss, Michaelsen & Fletcher 1994",
}
# Provenance of what was read of each paper, as anatomy-data.md gives it.
SOURCE_TAGS = {
    "Fukui 1996": "R",
    "Dwyer 1990": "M",
    "Cooper 2007": "R",
    "Dreyfuss 1994": "R",
    "McCall 1979": "R",
    "Marks 1989": "R",
    "Fukui 1997 (thoracic)": "R",
    "Fukui 1997 (lumbar)": "R",
    "Dreyfuss, Michaelsen & Fletcher 1994": "R",
}
VOCABULARY = {
    "occiput", "upper_posterior_neck", "upper_posterolateral_neck", "middle_posterior_neck",
    "lower_posterior_neck", "suprascapular", "superior_angle_scapula", "mid_scapula", "interscapular",
    *(f"paravertebral_T{n}" for n in range(1, 13)),
    "low_back", "flank", "buttock", "greater_trochanter", "lateral_thigh", "posterior_thigh", "groin", "below_knee",
    "chest", "abdomen", "anterior_thigh",  # front places no row refers to; they carry advice instead
}  # fmt: skip
UNREFERRED = {"chest", "abdomen", "anterior_thigh"}


def names(segments) -> set[str]:
    return {s.name for s, _ in segments}


def frequency_of(joint: str, zone: str) -> str | None:
    for r in referrals_for(joint):
        if r.zone.name == zone:
            return r.frequency
    return None


def row(joint: str, zone: str):
    [found] = [r for r in referrals_for(joint) if r.zone.name == zone]
    return found


# ---- the data file ----------------------------------------------------------------------------


def test_the_data_ships_as_package_data():
    text = resources.files("spineviz.content").joinpath("data/referral_zones.toml").read_text("utf-8")
    assert "[[referral]]" in text
    assert default_atlas().origin.endswith("referral_zones.toml")


def test_the_zone_vocabulary_is_the_fixed_one():
    assert set(default_atlas().zones) == VOCABULARY


def test_front_places_no_study_maps_have_no_rows_and_carry_advice():
    atlas = default_atlas()
    referred = {r.zone.name for r in atlas.referrals}
    assert referred == VOCABULARY - UNREFERRED
    for name in UNREFERRED:
        assert atlas.zones[name].advice and "facet joint" in atlas.zones[name].advice
    for name in ("chest", "abdomen"):
        assert "doctor first" in atlas.zones[name].advice
    assert all(atlas.zones[n].advice is None for n in referred)
    assert not any(set(zs) & UNREFERRED for zs in atlas.words.values())  # the linker does not link them


def test_every_zone_has_a_display_name_and_plain_words():
    zones = default_atlas().zones
    assert zones["buttock"].display == "Buttock"
    assert zones["superior_angle_scapula"].display == "Shoulder blade – superior angle"
    for z in zones.values():
        assert z.display and z.plain and z.region
        assert z.label("patient") == z.plain and z.label("clinician") == z.display


def test_every_joint_from_c1_2_to_l5_s1_has_zones():
    assert SEGMENTS[0].name == "C1/2"
    for seg in SEGMENTS:
        assert zones_for(seg), seg.name


def test_every_row_carries_an_allowed_source_a_provenance_tag_and_a_note():
    atlas = default_atlas()
    assert set(atlas.sources) <= ALLOWED_SOURCES
    for key, source in atlas.sources.items():
        assert source.provenance == SOURCE_TAGS[key], key
        assert source.citation and source.basis
    for r in atlas.referrals:
        assert r.source.key in ALLOWED_SOURCES
        assert r.provenance in {"R", "R2", "M"}
        assert r.frequency in FREQUENCIES
        assert r.note.strip()
        assert all(s.key in ALLOWED_SOURCES for s in r.see_also)


def test_a_row_tagged_read_comes_from_a_source_that_was_read():
    for r in default_atlas().referrals:
        if r.provenance == "R":
            assert r.source.provenance == "R", (r.segment.name, r.zone.name)


def test_one_row_per_joint_and_zone():
    keys = [(r.segment, r.zone.name) for r in default_atlas().referrals]
    assert len(keys) == len(set(keys))


# ---- cervical: Fukui 1996 [R] -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "joints"),
    [
        ("occiput", {"C2/3"}),
        ("upper_posterolateral_neck", {"C1/2", "C2/3"}),  # C0/1 is not modelled
        ("upper_posterior_neck", {"C2/3", "C3/4"}),
        ("middle_posterior_neck", {"C3/4", "C4/5"}),
        ("lower_posterior_neck", {"C4/5", "C5/6"}),
        ("suprascapular", {"C4/5", "C5/6"}),
        ("superior_angle_scapula", {"C6/7"}),
        ("mid_scapula", {"C7/T1"}),
    ],
)
def test_fukui_1996_cervical_table(zone, joints):
    typical = {s.name for s, f in joints_referring_to(zone) if f == "typical"}
    assert joints <= typical
    for joint in joints:
        r = row(joint, zone)
        assert (r.source.key, r.provenance) == ("Fukui 1996", "R")
    # Any other joint typical for a cervical zone comes from the thoracic study that mapped C7/T1 to T2/3.
    for joint in typical - joints:
        assert row(joint, zone).source.key == "Fukui 1997 (thoracic)", joint


def test_occipital_pain_comes_from_c2_3():
    assert frequency_of("C2/3", "occiput") == "typical"
    assert "occiput" in {z.name for z in zones_for("C2-3")}


def test_cervical_joints_refer_only_to_head_neck_shoulder_and_upper_back():
    for seg in SEGMENTS:
        if seg.region == "cervical":
            for z in zones_for(seg):
                assert z.region in {"head", "neck", "shoulder", "shoulder blade", "upper back"}, (seg, z)


# ---- thoracic: Dreyfuss 1994 [R] ---------------------------------------------------------------


def test_thoracic_joints_refer_to_the_paravertebral_band_at_and_below_them():
    for n in range(3, 11):  # the joints Dreyfuss 1994 injected
        joint = f"T{n}/{n + 1}"
        assert frequency_of(joint, f"paravertebral_T{n}") == "typical"
        assert frequency_of(joint, f"paravertebral_T{n + 1}") == "typical"
        assert row(joint, f"paravertebral_T{n}").provenance == "R"
    assert frequency_of("T11/12", "paravertebral_T11") == "typical"  # Fukui 1997 (thoracic)
    assert frequency_of("T12/L1", "paravertebral_T12") == "typical"


def test_thoracic_regions_are_shared_by_three_to_five_joints():
    # Dreyfuss 1994: "most thoracic regions are shared by 3-5 joint referral zones".
    for n in range(3, 11):
        assert 3 <= len(joints_referring_to(f"paravertebral_T{n}")) <= 5, n


FUKUI_1997_THORACIC = {  # the abstract's results, zone by zone (Reg Anesth 1997;22:332-336)
    "suprascapular": {"C7/T1", "T1/2"},
    "superior_angle_scapula": {"C7/T1", "T1/2"},
    "mid_scapula": {"C7/T1", "T1/2", "T2/3"},
    "paravertebral_T11": {"T11/12"},
}


def test_fukui_1997_thoracic_is_cited_only_for_the_four_joints_it_studied():
    studied = {"C7/T1", "T1/2", "T2/3", "T11/12"}
    cited = {r.segment.name for r in default_atlas().referrals if r.source.key == "Fukui 1997 (thoracic)"}
    assert cited == studied
    for r in default_atlas().referrals:
        assert "Fukui 1997 (thoracic)" not in {s.key for s in r.see_also} or r.segment.name in studied


@pytest.mark.parametrize(("zone", "joints"), sorted(FUKUI_1997_THORACIC.items()))
def test_what_fukui_1997_thoracic_reported_is_in_the_atlas_as_typical(zone, joints):
    for joint in joints:
        r = row(joint, zone)
        assert r.frequency == "typical", joint
        assert r.provenance == "R" and "Fukui 1997 (thoracic)" in {r.source.key, *(s.key for s in r.see_also)}


def test_t11_12_over_the_iliac_crest_is_drawn_on_the_low_back_and_says_so():
    r = row("T11/12", "low_back")
    assert r.frequency == "typical" and r.source.key == "Fukui 1997 (thoracic)"
    assert "iliac crest" in r.note and r.provenance == "M"  # the zone mapping is ours


def test_no_row_of_t3_4_to_t10_11_cites_a_fukui_1997_paper():
    for n in range(3, 11):
        for r in referrals_for(f"T{n}/{n + 1}"):
            keys = {r.source.key, *(s.key for s in r.see_also)}
            assert not any(k.startswith("Fukui 1997") for k in keys), (r.segment.name, r.zone.name)


def test_dreyfuss_1994_is_read_only_for_the_joints_it_injected():
    injected = {f"T{n}/{n + 1}" for n in range(3, 11)}
    for r in default_atlas().referrals:
        if r.source.key == "Dreyfuss 1994" and r.provenance == "R":
            assert r.segment.name in injected, r.segment.name


def test_paravertebral_rows_of_t1_2_and_t2_3_are_unverified_extrapolations():
    for joint in ("T1/2", "T2/3"):
        rows = [r for r in referrals_for(joint) if r.zone.name.startswith("paravertebral")]
        assert rows and all(r.provenance == "M" and r.frequency != "typical" for r in rows), joint
    assert all(r.provenance == "M" for r in referrals_for("T12/L1"))


# ---- lumbar: Marks 1989 [R], McCall 1979, Fukui 1997 ------------------------------------------


@pytest.mark.parametrize("zone", ["buttock", "greater_trochanter"])
def test_marks_1989_buttock_and_trochanter_mostly_from_l4_5_and_l5_s1(zone):
    found = dict((s.name, f) for s, f in joints_referring_to(zone))
    assert {j for j, f in found.items() if f == "typical"} == {"L4/5", "L5/S1"}
    assert set(found) <= {"L1/2", "L2/3", "L3/4", "L4/5", "L5/S1"}
    assert row("L4/5", zone).source.key == "Marks 1989"


def test_marks_1989_groin_from_l2_to_l5():
    groin = names(joints_referring_to("groin"))
    assert {"L2/3", "L3/4", "L4/5", "L5/S1"} <= groin
    assert groin <= {"L1/2", "L2/3", "L3/4", "L4/5", "L5/S1"}
    for joint in ("L2/3", "L3/4", "L4/5", "L5/S1"):
        assert row(joint, "groin").source.key == "Marks 1989"
        assert (row(joint, "groin").provenance, frequency_of(joint, "groin")) == ("R", "sometimes")


def test_l1_2_groin_is_not_typical_and_says_marks_did_not_report_it():
    r = row("L1/2", "groin")
    assert r.frequency == "sometimes" and r.provenance == "M" and r.source.key == "McCall 1979"
    assert "L2 to L5" in r.note
    assert all(f != "typical" for _, f in joints_referring_to("groin"))


def test_upper_lumbar_joints_refer_to_the_groin_lower_ones_to_the_buttock():
    assert frequency_of("L1/2", "groin") == frequency_of("L2/3", "groin") == "sometimes"
    assert frequency_of("L1/2", "buttock") == "rare"


def test_the_flank_zone_exists_and_l1_2_refers_to_it():
    atlas = default_atlas()
    assert atlas.zones["flank"].display == "Flank"
    assert names(joints_referring_to("flank")) == {"L1/2"}
    assert names(joints_referring_to("side of the body")) == {"L1/2"}
    assert row("L1/2", "flank").source.key == "McCall 1979"


def test_upper_lumbar_lateral_thigh_agrees_with_the_patient_article():
    from spineviz.content.articles import load_article

    text = load_article("referred-pain", "patient").section_markdown("upper-low-back-t12l1-l12-l23-and-l34")
    assert "outer side of the upper thigh" in text and "side of the body" in text
    for joint in ("L1/2", "L2/3"):
        assert frequency_of(joint, "lateral_thigh") == "sometimes"
        assert frequency_of(joint, "groin") == "sometimes"
    assert frequency_of("L1/2", "flank") == "sometimes"


def test_c1_2_occiput_cites_dreyfuss_michaelsen_and_fletcher():
    r = row("C1/2", "occiput")
    assert r.source.key == "Dreyfuss, Michaelsen & Fletcher 1994"
    assert "Dreyfuss P, Michaelsen M, Fletcher D" in r.source.citation and "19:1125" in r.source.citation
    assert "atlanto-axial" in r.note


# ---- honest provenance ------------------------------------------------------------------------


def test_rows_that_are_extrapolations_or_syntheses_are_not_tagged_read():
    for r in default_atlas().referrals:
        if any(w in r.note for w in ("Extrapolated", "Synthesis", "synthesis", "assumed", "mapping is ours")):
            assert r.provenance == "M", (r.segment.name, r.zone.name, r.note)


def test_a_read_source_says_where_it_was_read():
    for key, s in default_atlas().sources.items():
        if s.provenance == "R":
            assert s.basis.startswith(("Abstract", "Fukui 1996 table")), key


def test_below_the_knee_is_only_ever_rare():
    found = joints_referring_to("below_knee")
    assert names(found) == {"L4/5", "L5/S1"}
    assert {f for _, f in found} == {"rare"}


def test_every_lumbar_joint_refers_to_the_low_back():
    for joint in ("L1/2", "L2/3", "L3/4", "L4/5", "L5/S1"):
        assert frequency_of(joint, "low_back") == "typical"


def test_no_lumbar_joint_refers_above_the_low_back():
    lower = {"low back", "trunk", "hip", "thigh", "leg"}
    for seg in SEGMENTS:
        if seg.region == "lumbar":
            assert {z.region for z in zones_for(seg)} <= lower, seg


# ---- lookups ----------------------------------------------------------------------------------


def test_zones_for_accepts_a_segment_or_its_name():
    assert zones_for("L4-5") == zones_for(parse_segment("L4/5")) == zones_for("l4/5")
    assert zones_for("L4/5")[0].name == "low_back"  # typical first, file order within


def test_zones_for_an_unknown_joint_raises():
    with pytest.raises(ValueError, match="L6"):
        zones_for("L5/L6")


@pytest.mark.parametrize(
    ("word", "must", "must_not"),
    [
        ("buttock", {"L4/5", "L5/S1"}, {"C5/6"}),
        ("Buttocks", {"L4/5", "L5/S1"}, set()),
        ("thigh", {"L3/4", "L4/5", "L5/S1"}, {"T6/7"}),
        ("groin", {"L2/3", "L3/4", "L4/5", "L5/S1"}, {"C5/6"}),
        ("shoulder blade", {"C6/7", "C7/T1"}, {"L4/5"}),
        ("shoulder_blade", {"C6/7", "C7/T1"}, set()),
        ("shoulder", {"C4/5", "C5/6"}, {"L4/5"}),
        ("hip", {"L4/5", "L5/S1"}, {"C2/3"}),
        ("below the knee", {"L4/5", "L5/S1"}, {"L1/2"}),
        ("the back of the head", {"C2/3"}, set()),
        ("Greater trochanter region", {"L4/5"}, set()),
    ],
)
def test_joints_referring_to_plain_words(word, must, must_not):
    found = names(joints_referring_to(word))
    assert must <= found
    assert not must_not & found


def test_joints_referring_to_lists_each_level_once_top_to_bottom_with_the_strongest_frequency():
    found = joints_referring_to("thigh")
    segs = [s for s, _ in found]
    assert segs == sorted(set(segs))
    assert dict((s.name, f) for s, f in found)["L4/5"] == "sometimes"
    assert dict((s.name, f) for s, f in joints_referring_to("hip"))["L4/5"] == "typical"


def test_an_unknown_body_word_is_refused_with_suggestions():
    with pytest.raises(BodyAreaError, match=r"'thgh'.*thigh"):
        joints_referring_to("thgh")
    with pytest.raises(LookupError, match="elbow"):
        joints_referring_to("elbow")


def test_the_word_vocabulary_is_data_and_names_known_zones():
    atlas = default_atlas()
    words = tomllib.loads(
        resources.files("spineviz.content").joinpath("data/referral_zones.toml").read_text("utf-8")
    )["words"]
    assert set(atlas.words) == set(words)
    for word in ("buttock", "thigh", "groin", "shoulder blade", "shoulder", "hip", "below the knee"):
        assert atlas.words[word]
        assert set(atlas.words[word]) <= set(atlas.zones)


# ---- a malformed file is refused, naming the file and the row -------------------------------

GOOD = """
[sources."Marks 1989"]
citation = "Marks R. Pain 1989;39:37-40."
provenance = "R"
basis = "Abstract."

[zones]
buttock = { display = "Buttock", plain = "buttock", region = "hip" }
groin = { display = "Groin", plain = "groin", region = "hip" }

[words]
"bottom" = ["buttock"]

[[referral]]
joint = "L4/5"
zone = "buttock"
frequency = "typical"
source = "Marks 1989"
provenance = "R"
note = "Marks 1989."

[[referral]]
joint = "L3/4"
zone = "groin"
frequency = "sometimes"
source = "Marks 1989"
provenance = "R"
note = "Marks 1989."
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "zones.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_small_file_loads_through_a_path(tmp_path):
    atlas = load_atlas(write(tmp_path, GOOD))
    assert [z.name for z in atlas.zones_for("L4/5")] == ["buttock"]
    assert names(atlas.joints_referring_to("bottom")) == {"L4/5"}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('zone = "groin"', 'zone = "elbow"', r"row 2 .*unknown zone 'elbow'"),
        (
            'zone = "buttock"\nfreq',
            'zone = "butock"\nfreq',
            r"row 1 .*unknown zone 'butock'.*did you mean 'buttock'",
        ),
        (
            'frequency = "sometimes"',
            'frequency = "often"',
            r"row 2 .*frequency 'often' is not one of typical",
        ),
        ('joint = "L3/4"', 'joint = "L6/S1"', r"row 2 .*unknown joint.*L6"),
        ('joint = "L3/4"', 'joint = "L3/5"', r"row 2 .*unknown joint.*not neighbours"),
        ('provenance = "R"\nnote', 'provenance = "X"\nnote', r"row 1 .*provenance 'X' is not one of R"),
        ('"bottom" = ["buttock"]', '"bottom" = ["bum"]', r"\[words\] 'bottom': unknown zone"),
        (
            'note = "Marks 1989."\n\n[[referral]]',
            'note = ""\n\n[[referral]]',
            r"row 1 .*'note' must be non-empty",
        ),
        ('frequency = "typical"', 'frequency = "typical"\nweight = 3', r"row 1 .*unknown key\(s\) weight"),
        ('joint = "L3/4"\nzone = "groin"', 'joint = "L4/5"\nzone = "buttock"', r"row 2 .*duplicates row 1"),
        ("[zones]", "[zones", r"not valid TOML"),
        ('source = "Marks 1989"', 'source = "Bogduk 2000"', r"row 1 .*source 'Bogduk 2000' is not in"),
    ],
)
def test_a_malformed_file_is_refused_with_the_file_and_row(tmp_path, old, new, message):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(AtlasDataError, match=message) as info:
        load_atlas(path)
    assert str(path) in str(info.value)


def test_a_missing_field_is_named(tmp_path):
    path = write(tmp_path, GOOD.replace('frequency = "typical"\n', "", 1))
    with pytest.raises(AtlasDataError, match=r"zones\.toml, \[\[referral\]\] row 1 .*missing 'frequency'"):
        load_atlas(path)


def test_a_file_without_rows_is_refused(tmp_path):
    path = write(tmp_path, GOOD.split("[[referral]]")[0])
    with pytest.raises(AtlasDataError, match="no \\[\\[referral\\]\\] rows"):
        load_atlas(path)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(AtlasDataError, match="cannot read"):
        load_atlas(tmp_path / "nope.toml")


def test_the_two_fukui_1997_papers_are_told_apart():
    sources = default_atlas().sources
    assert "Reg Anesth 1997;22:332-336" in sources["Fukui 1997 (thoracic)"].citation
    assert "only C7/T1, T1/2, T2/3 and T11/12" in sources["Fukui 1997 (thoracic)"].basis
    assert "Clin J Pain 1997;13:303-307" in sources["Fukui 1997 (lumbar)"].citation
    assert "Fukui 1997" not in sources  # the old merged key, which let thoracic rows cite the wrong paper
