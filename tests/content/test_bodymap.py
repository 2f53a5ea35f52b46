"""The body-map SVG: valid, safe, and shading the zones the atlas names, on the joint's side."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from spineviz.anatomy.levels import SEGMENTS, parse_facet_joint, parse_segment
from spineviz.content.atlas import default_atlas
from spineviz.content.bodymap import (
    body_map_svg,
    drawn_zones,
    parse_drawing,
    selected_joints,
    shade_zones,
)

SVG = "{http://www.w3.org/2000/svg}"
TYPICAL_FILL = "#d94801"
LUMBAR_RIGHT = [("L4/5", "right"), ("L5/S1", "right")]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def zone_shapes(root: ET.Element) -> dict[str, ET.Element]:
    return {e.get("id"): e for e in root.iter(f"{SVG}path") if e.get("data-zone")}


def shaded(root: ET.Element) -> set[tuple[str, str]]:
    return {(e.get("data-zone"), e.get("data-side")) for e in zone_shapes(root).values()
            if e.get("data-frequency") != "none"}  # fmt: skip


def mean_point(d: str) -> tuple[float, float]:
    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
    xs, ys = nums[0::2], nums[1::2]
    return sum(xs) / len(xs), sum(ys) / len(ys)


@pytest.fixture(scope="module")
def lumbar() -> ET.Element:
    return parse(body_map_svg(LUMBAR_RIGHT))


@pytest.fixture(scope="module")
def cervical() -> ET.Element:
    return parse(body_map_svg([("C5/6", "left")]))


# ---- a valid, safe, small document ------------------------------------------------------------


def test_the_svg_parses_with_a_viewbox_and_a_title(lumbar):
    assert lumbar.tag == f"{SVG}svg"
    x, y, w, h = (float(v) for v in lumbar.get("viewBox").split())
    assert (x, y) == (0, 0) and w > 500 and h > 600
    title = lumbar.find(f"{SVG}title").text
    assert "L4/5" in title and "L5/S1" in title and "right" in title


@pytest.mark.parametrize("audience", ["patient", "clinician"])
@pytest.mark.parametrize("joints", [[], LUMBAR_RIGHT, [("C5/6", "both")], ["T6/7 left", "L3/4 right"]])
def test_the_svg_is_safe_and_reasonably_small(joints, audience):
    svg = body_map_svg(joints, audience)
    root = parse(svg)
    assert len(svg) < 120_000
    tags = {e.tag.removeprefix(SVG) for e in root.iter()}
    assert not tags & {"script", "foreignObject", "iframe", "image", "use", "a", "style"}
    for e in root.iter():
        for name, value in e.attrib.items():
            assert not name.lower().startswith("on"), name
            assert "javascript:" not in value.lower()
            assert "http" not in value or name == "xmlns", (name, value)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_a_title_with_markup_is_escaped():
    root = parse(body_map_svg(LUMBAR_RIGHT, title="<script>alert(1)</script> & more"))
    assert root.find(f"{SVG}title").text == "<script>alert(1)</script> & more"
    assert not list(root.iter(f"{SVG}script"))


def test_the_legend_has_the_three_frequencies_and_the_overlap_key(lumbar):
    legend = lumbar.find(f".//{SVG}g[@id='legend']")
    assert legend is not None
    swatches = [e.get("data-frequency") for e in legend.iter(f"{SVG}rect") if e.get("data-frequency")]
    assert swatches == ["typical", "sometimes", "rare"]
    assert legend.find(f".//{SVG}g[@id='legend-overlap']") is not None
    text = " ".join(t.text or "" for t in legend.iter(f"{SVG}text"))
    assert "Often felt here" in text and "Occasionally felt here" in text


def test_there_are_front_back_and_side_views():
    root = parse(body_map_svg([]))
    ids = {e.get("id") for e in root.iter(f"{SVG}path")}
    views = ("front", "left", "back", "right")
    assert {f"{k}-{v}" for k in ("body", "outline") for v in views} <= ids
    # Laid out front, left side, back, right side, from left to right, without overlapping.
    spans = []
    for v in views:
        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", root.find(f".//{SVG}path[@id='body-{v}']").get("d"))]
        spans.append((min(nums[0::2]), max(nums[0::2])))
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans)), spans
    labels = {t.text for t in root.iter(f"{SVG}text")}
    assert {"From the front", "From behind", "Left side", "Right side"} <= labels


# ---- the front view ---------------------------------------------------------------------------

FRONT_ZONES = {"groin", "lateral_thigh", "below_knee", "suprascapular", "chest", "abdomen", "anterior_thigh"}


def test_the_front_view_draws_its_zones_on_both_sides():
    shapes = zone_shapes(parse(body_map_svg([])))
    front = {(e.get("data-zone"), e.get("data-side")) for e in shapes.values() if e.get("data-view") == "front"}
    assert front == {(z, side) for z in FRONT_ZONES for side in ("left", "right")}


def test_the_front_view_is_labelled_right_on_the_viewers_left():
    root = parse(body_map_svg([]))
    mid_x, _ = mean_point(root.find(f".//{SVG}path[@id='body-front']").get("d"))
    side_labels = {t.get("data-side"): float(t.get("x")) for t in root.iter(f"{SVG}text")
                   if t.get("data-side") and abs(float(t.get("x")) - mid_x) < 150}  # fmt: skip
    assert side_labels["right"] < mid_x < side_labels["left"]


def test_front_zones_run_from_chest_to_shin():
    shapes = zone_shapes(parse(body_map_svg([])))

    def y(zone: str) -> float:
        return mean_point(shapes[f"zone-{zone}-left-front"].get("d"))[1]

    order = ["suprascapular", "chest", "abdomen", "groin", "anterior_thigh", "below_knee"]
    assert [y(z) for z in order] == sorted(y(z) for z in order)


@pytest.mark.parametrize("joint", ["L2/3", "L3/4", "L4/5", "L5/S1"])
def test_a_lumbar_joint_shades_the_groin_on_the_front_view_on_its_own_side(joint):
    """Marks 1989 [R]: groin pain from L2 to L5; drawn where a patient feels it, in front."""
    shapes = zone_shapes(parse(body_map_svg([(joint, "right")])))
    groin = shapes["zone-groin-right-front"]
    assert groin.get("data-frequency") == "sometimes" and groin.get("fill") == "url(#sv-sometimes)"
    assert shapes["zone-groin-left-front"].get("fill") == "none"
    for zone in ("chest", "abdomen", "anterior_thigh"):  # no row refers there: never shaded
        assert shapes[f"zone-{zone}-right-front"].get("fill") == "none"


# ---- every zone is drawn, named and placed ----------------------------------------------------


def test_every_atlas_zone_has_a_named_region_on_both_sides():
    atlas_zones = set(default_atlas().zones)
    assert atlas_zones <= drawn_zones()
    root = parse(body_map_svg([]))
    for name in atlas_zones:
        group = root.find(f".//{SVG}g[@id='zone-{name}']")
        assert group is not None and group.get("data-zone") == name
        sides = {e.get("data-side") for e in group.iter(f"{SVG}path")}
        assert sides == {"left", "right"}, name


@pytest.mark.parametrize(("view", "on_the_viewers_left"), [("back", "left"), ("front", "right")])
def test_each_side_is_drawn_on_its_side_of_the_back_and_front_views(view, on_the_viewers_left):
    """From behind the patient's left is on the viewer's left; from the front, the patient's right."""
    root = parse(body_map_svg([]))
    mid_x, _ = mean_point(root.find(f".//{SVG}path[@id='body-{view}']").get("d"))
    for e in zone_shapes(root).values():
        if e.get("data-view") == view:
            x, _ = mean_point(e.get("d"))
            assert (x < mid_x) == (e.get("data-side") == on_the_viewers_left), e.get("id")


def test_zones_run_from_head_to_leg_in_the_back_view():
    root = parse(body_map_svg([]))
    shapes = zone_shapes(root)

    def y(zone: str) -> float:
        return mean_point(shapes[f"zone-{zone}-right-back"].get("d"))[1]

    order = ["occiput", "middle_posterior_neck", "suprascapular", "mid_scapula", "paravertebral_T8",
             "low_back", "buttock", "posterior_thigh", "below_knee"]  # fmt: skip
    assert [y(z) for z in order] == sorted(y(z) for z in order)
    assert y("greater_trochanter") < y("lateral_thigh")


def test_the_groin_is_drawn_at_the_front_of_the_side_views():
    root = parse(body_map_svg([]))
    shapes = zone_shapes(root)
    body_right, _ = mean_point(root.find(f".//{SVG}path[@id='body-right']").get("d"))
    body_left, _ = mean_point(root.find(f".//{SVG}path[@id='body-left']").get("d"))
    # The right side view faces right (front to +x); the left side view faces left.
    assert mean_point(shapes["zone-groin-right-right"].get("d"))[0] > mean_point(
        shapes["zone-buttock-right-right"].get("d"))[0]  # fmt: skip
    assert mean_point(shapes["zone-groin-left-left"].get("d"))[0] < mean_point(
        shapes["zone-buttock-left-left"].get("d"))[0]  # fmt: skip
    assert body_left < body_right
    assert "zone-groin-right-back" not in shapes  # not visible from behind


# ---- shading ----------------------------------------------------------------------------------


def test_l4_5_and_l5_s1_right_shade_the_right_buttock_and_leg(lumbar):
    shapes = zone_shapes(lumbar)
    buttock = shapes["zone-buttock-right-back"]
    assert buttock.get("data-frequency") == "typical"
    assert buttock.get("fill") == TYPICAL_FILL
    assert shapes["zone-greater_trochanter-right-back"].get("data-frequency") == "typical"
    assert shapes["zone-low_back-right-back"].get("data-frequency") == "typical"
    assert shapes["zone-posterior_thigh-right-back"].get("data-frequency") == "sometimes"
    assert shapes["zone-posterior_thigh-right-back"].get("fill") == "url(#sv-sometimes)"
    assert shapes["zone-groin-right-right"].get("data-frequency") == "sometimes"
    assert shapes["zone-below_knee-right-back"].get("data-frequency") == "rare"
    assert shapes["zone-below_knee-right-back"].get("fill") == "url(#sv-rare)"
    assert shaded(lumbar) == {
        (z, "right")
        for z in ("low_back", "buttock", "greater_trochanter", "lateral_thigh", "posterior_thigh", "groin",
                  "below_knee")
    }  # fmt: skip


def test_unselected_zones_are_unshaded(lumbar):
    for e in zone_shapes(lumbar).values():
        if (e.get("data-zone"), e.get("data-side")) not in shaded(lumbar):
            assert e.get("fill") == "none" and e.get("data-frequency") == "none"
            assert e.get("data-count") == "0"
    shapes = zone_shapes(lumbar)
    assert shapes["zone-buttock-left-back"].get("fill") == "none"
    assert shapes["zone-suprascapular-right-back"].get("fill") == "none"


def test_c5_6_left_shades_the_left_neck_and_shoulder(cervical):
    shapes = zone_shapes(cervical)
    for zone in ("lower_posterior_neck", "suprascapular"):
        assert shapes[f"zone-{zone}-left-back"].get("data-frequency") == "typical"
        assert shapes[f"zone-{zone}-left-back"].get("fill") == TYPICAL_FILL
        assert shapes[f"zone-{zone}-right-back"].get("data-frequency") == "none"
    assert shapes["zone-superior_angle_scapula-left-back"].get("data-frequency") == "sometimes"
    assert shapes["zone-suprascapular-left-left"].get("data-frequency") == "typical"
    assert all(side == "left" for _, side in shaded(cervical))
    assert not {z for z, _ in shaded(cervical)} & {"buttock", "low_back", "groin"}


def test_the_overlap_of_two_joints_is_counted_and_shown(lumbar):
    shapes = zone_shapes(lumbar)
    assert shapes["zone-buttock-right-back"].get("data-count") == "2"
    assert shapes["zone-buttock-right-back"].get("data-joints") == "L4/5 right; L5/S1 right"
    assert lumbar.find(f".//{SVG}g[@id='zone-buttock']").get("data-count") == "2"
    badges = lumbar.find(f".//{SVG}g[@id='overlap-counts']")
    counted = {(g.get("data-zone"), g.get("data-count")) for g in badges}
    assert ("buttock", "2") in counted
    # A heavier outline marks overlap, including on zones too small for a number.
    assert float(shapes["zone-buttock-right-back"].get("stroke-width")) > 1


def test_one_joint_has_no_overlap(cervical):
    assert {e.get("data-count") for e in zone_shapes(cervical).values()} == {"0", "1"}
    assert len(cervical.find(f".//{SVG}g[@id='overlap-counts']")) == 0


def test_overlap_takes_the_strongest_frequency():
    shades = shade_zones([("L3/4", "left"), ("L4/5", "left")])
    assert shades[("buttock", "left")].frequency == "typical"
    assert shades[("buttock", "left")].count == 2
    assert shades[("groin", "left")].frequency == "sometimes"
    assert ("buttock", "right") not in shades


def test_both_sides_shade_both_sides():
    root = parse(body_map_svg([("L4/5", "both")]))
    assert {("buttock", "left"), ("buttock", "right")} <= shaded(root)


@pytest.mark.parametrize(
    "joints",
    [
        [parse_facet_joint("L4/5 left")],
        [(parse_segment("L4/5"), "left")],
        [("L4-5", "L")],
        ["left L4/5"],
    ],
)
def test_joints_can_be_given_in_several_forms(joints):
    assert selected_joints(joints) == ((parse_segment("L4/5"), "left"),)


def test_a_bare_level_means_both_sides_and_duplicates_collapse():
    seg = parse_segment("C5/6")
    assert selected_joints(["C5/6", ("C5/6", "left")]) == ((seg, "left"), (seg, "right"))
    assert selected_joints([seg]) == ((seg, "left"), (seg, "right"))


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="side"):
        body_map_svg([("L4/5", "middle")])
    with pytest.raises(ValueError, match="L6"):
        body_map_svg([("L6/S1", "left")])
    with pytest.raises(ValueError, match="audience"):
        body_map_svg([], audience="doctor")
    with pytest.raises(TypeError):
        body_map_svg([42])


# ---- wording by audience ----------------------------------------------------------------------


def all_text(svg: str) -> str:
    return " ".join(t.text or "" for t in parse(svg).iter(f"{SVG}text"))


def test_patient_and_clinician_wording():
    patient = all_text(body_map_svg(LUMBAR_RIGHT, "patient"))
    clinician = all_text(body_map_svg(LUMBAR_RIGHT, "clinician"))
    assert "outer side of the hip (right)" in patient
    assert "Greater trochanter region (R): L4/5, L5/S1" in clinician
    assert "Marks 1989 [R]" in clinician and "Marks 1989" not in patient
    assert "cannot show which joint causes it" in patient


def test_a_long_selection_wraps_the_title_and_stays_inside_the_picture():
    joints = [(f"T{n}/{n + 1}", "both") for n in range(1, 12)]
    root = parse(body_map_svg(joints, "patient"))
    heading = root.find(f".//{SVG}g[@id='heading']")
    assert len(heading) >= 3  # at least two title lines and the subtitle
    height = float(root.get("viewBox").split()[3])
    assert max(float(t.get("y")) for t in root.iter(f"{SVG}text")) < height


def test_a_very_long_list_of_areas_is_cut_short():
    joints = [(seg, "both") for seg in SEGMENTS]
    text = all_text(body_map_svg(joints, "clinician"))
    assert re.search(r"… and \d+ more", text)


# ---- the drawing data -------------------------------------------------------------------------


def test_a_malformed_drawing_is_refused_with_the_file_name():
    with pytest.raises(ValueError, match=r"test\.toml: missing 'text'"):
        parse_drawing("[back]\n", "test.toml")
    with pytest.raises(ValueError, match=r"test\.toml: not valid TOML"):
        parse_drawing("[back", "test.toml")


def test_the_model_floor_imports_no_qt_and_no_plotter():
    code = (
        "import sys; import spineviz.content.atlas, spineviz.content.bodymap as b;"
        "b.body_map_svg([('L4/5', 'left')]);"
        "heavy = {'PySide6', 'pyvista', 'vtk', 'pyvistaqt'};"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in heavy);"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_printed_map_draws_front_and_back_only_with_the_groin_in_front():
    """The PDF handout's small figure: front and back show every zone the joints refer to but the flank's side."""
    from spineviz.content.bodymap import PRINT_VIEWS

    root = parse(body_map_svg([("L3/4", "left")], views=PRINT_VIEWS))
    bodies = {e.get("id") for e in root.iter(f"{SVG}path") if (e.get("id") or "").startswith("body-")}
    assert bodies == {"body-front", "body-back"}
    shapes = zone_shapes(root)
    assert {e.get("data-view") for e in shapes.values()} == {"front", "back"}
    assert shapes["zone-groin-left-front"].get("data-frequency") == "sometimes"
    full = parse(body_map_svg([("L3/4", "left")]))
    assert float(root.get("width")) < float(full.get("width")) - 150


def test_unknown_views_are_refused():
    with pytest.raises(ValueError, match="views must be"):
        body_map_svg([], views=("top",))
