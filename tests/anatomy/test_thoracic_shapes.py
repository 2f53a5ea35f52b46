"""The thoracic levels T1-T12 measured on the shipped meshes, one test per feature a teacher looks for.

Issue 10 listed what made them read as balls, rods and coins: spines ending in balls, laminae that do not
overlap, inferior articular processes as lumps beside the lamina ("bow-ties"), costal facets as pits or
tunnels and demifacets as bites. Each test measures the feature on the mesh (ray casts and sections),
so a regression shows up as a number, not as an opinion.
"""

import numpy as np
import pytest

from spineviz.anatomy.levels import LEVELS, SEGMENTS, parse_level
from spineviz.anatomy.measure import chord
from spineviz.anatomy.spine import load_spine
from spineviz.anatomy.template_thoracolumbar import THORACOLUMBAR
from tests.anatomy.spinous import spine_axes

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

THORACIC = [lv.name for lv in LEVELS if lv.region == "thoracic"]
SLOPING = THORACIC[:-1]  # T12's spine is a hatchet (see test_procedural_shapes)
# T11's spine, from the lumbar template, is "short, and nearly horizontal" (Gray 1918): a low hatchet with a
# blunt end, neither the tuberculated tip nor the triangular section of the sloping T1-T10 spines
TUBERCLE_TIPPED = THORACIC[:-2]
RIB_ON_TRANSVERSE = THORACIC[:10]  # T1-T10: the rib's tubercle meets the transverse process
# T11 and T12 are built from the lumbar template: their body facets are larger flat ovals (and T12's inferior
# processes lumbar-type); tests/anatomy/test_thoracolumbar.py measures those on them
PROCEDURAL = [name for name in THORACIC if name not in THORACOLUMBAR]
THORACIC_ARCH = THORACIC[:-1]  # T1-T11: thoracic-type inferior processes and pedicles (T11's from the template)
SIDES = ("right", "left")


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def _section_widths(spine, name, fraction):
    """Width (x) of the spinous process across its section at ``fraction`` of its reach, sampled over its
    height by rays along x: returns (height offsets along ``up``, widths), bone only where rays hit, and only
    the longest unbroken run of such samples (the spine's section). A sample that lies between two other parts
    of the bone (the laminae' lower borders beside the spine's root, 2 mm either side of the midline) gives
    ``chord`` the gap between them, which is no width of the spine (session 24: T9's rebuilt default mesh met
    them 6.8 mm in front of the spine at 62 %, a 4.8 mm "width" that moved the section's lower border)."""
    mesh = spine.bones[name]
    base, axis, up = spine_axes(spine, name)
    reach = float(((np.asarray(mesh.points) - base) @ axis).max())
    centre = base + fraction * reach * axis
    heights = np.linspace(-9.0, 9.0, 73)
    found = np.array([chord(mesh, centre + h * up, (1.0, 0.0, 0.0), reach=12.0) for h in heights])
    best, start = (0, 0), None
    for i, hit in enumerate(np.append(found > 0, False)):  # the longest run of consecutive hits
        if hit and start is None:
            start = i
        elif not hit and start is not None:
            best, start = max(best, (i - start, start)), None
    keep = slice(best[1], best[1] + best[0])
    return heights[keep], found[keep]


@pytest.mark.parametrize("name", TUBERCLE_TIPPED)
def test_spine_tip_is_a_tubercle_not_a_ball(spine, name):
    """The tip swells a little past the shaft just before it, but stays within 1.35 x the mid-shaft width
    and no taller than the shaft at mid-length: a tuberculated end, not a ball on a rod."""
    _, mid = _section_widths(spine, name, 0.5)
    _, neck = _section_widths(spine, name, 0.78)
    h_tip, tip = _section_widths(spine, name, 0.93)
    h_mid, _ = _section_widths(spine, name, 0.5)
    assert len(tip) and len(neck) and len(mid), name
    assert tip.max() <= 1.35 * mid.max(), f"{name}: tip {tip.max():.1f} mm wide, mid-shaft {mid.max():.1f}"
    assert tip.max() >= neck.max(), f"{name}: tip {tip.max():.1f} narrower than the neck {neck.max():.1f}"
    assert np.ptp(h_tip) <= np.ptp(h_mid), f"{name}: tip {np.ptp(h_tip):.1f} mm tall vs mid {np.ptp(h_mid):.1f}"


@pytest.mark.parametrize("name", TUBERCLE_TIPPED)
def test_spine_is_triangular_in_section(spine, name):
    """Beyond its root the spine is broad behind and sharp below: 15 % of its depth up from the lower
    (anterior) border it is under 60 % as wide as 15 % down from its posterior surface. A rectangle or a
    rod (round section) gives 1 there, a triangle about 0.4."""
    h, w = _section_widths(spine, name, 0.62)
    top, bottom = h.max(), h.min()
    span = top - bottom
    front = np.interp(bottom + 0.15 * span, h, w)
    back = np.interp(top - 0.15 * span, h, w)
    assert span > 4.0, f"{name}: spine only {span:.1f} mm deep"
    assert front < 0.6 * back, f"{name}: {front:.1f} mm near the lower border vs {back:.1f} behind"


# The thoracic spine as a blade (issue 10 item 4: "rods ending in balls", session 17): how deep (mm, square to
# the spine in the sagittal plane) its section is at 62 % of its reach, past the laminae, and how much deeper
# than wide its end (93 %) stays, so that from the side it ends as a blunt blade with a tubercle, not a knob.
# Modelling thresholds [M] for Gray 1918's "long ... triangular ... tuberculated extremities" (see SPINE_PROFILE
# in shapes/thoracic.py); s16's meshes measured 7.5 mm (T10 8.8) at 62 % and an end 6.2 mm deep by 4.3 wide
# (1.44; T10 6.8 by 4.7).
SPINE_DEPTH_MM = 9.0
SPINE_END_DEPTH_RATIO = 1.5


@pytest.mark.parametrize("name", TUBERCLE_TIPPED)
def test_spine_is_deep_along_its_shaft(spine, name):
    """T1-T10 from the left: past the laminae the spine is a deep blade, at least SPINE_DEPTH_MM deep at 62 %
    of its reach, not a rod."""
    span, _ = _spine_section(spine, name, 0.62)
    assert span >= SPINE_DEPTH_MM, f"{name}: {span:.1f} mm deep at 62 %"


@pytest.mark.parametrize("name", TUBERCLE_TIPPED)
def test_spine_end_is_a_blade_not_a_knob(spine, name):
    """T1-T10: near its end (93 % of its reach) the spine is still at least SPINE_END_DEPTH_RATIO x as deep as
    it is wide (a ball or a rod of round section gives about 1), and no deeper than at 62 %: it tapers to its
    tubercle, no knob swells at the end."""
    tall, wide = _spine_section(spine, name, 0.93)
    mid, _ = _spine_section(spine, name, 0.62)
    assert tall >= SPINE_END_DEPTH_RATIO * wide, f"{name}: end {tall:.1f} mm deep, {wide:.1f} wide"
    assert tall <= mid, f"{name}: end {tall:.1f} mm deep, {mid:.1f} at 62 %"


def _placed(spine, name):
    lv = parse_level(name)
    return spine.bones[name].transform(spine.frames[lv.index], inplace=False)


@pytest.mark.parametrize("upper", THORACIC[4:9])
def test_spines_overlap_the_level_below(spine, upper):
    """T5-T9 in neutral (the steepest spines, 45-60 deg in the table; above and below they slope less):
    each spine's tip hangs below the root of the next spine, and behind it."""
    lv = parse_level(upper)
    lower = LEVELS[lv.index + 1].name
    tip = spine.frames[lv.index] @ np.append(spine.landmarks[upper]["spinous_tip"], 1.0)
    root = spine.frames[lv.index + 1] @ np.append(spine.landmarks[lower]["spinous_base"], 1.0)
    assert tip[2] < root[2] - 3.0, f"{upper} tip {tip[2]:.1f} vs {lower} spine root {root[2]:.1f}"
    assert tip[1] < root[1], "the tip lies behind the spine below"


def _first_hit_y(mesh, x, z):
    """Depth (y) of the first bone met on a line from behind at (x, z), or None."""
    pts, _ = mesh.ray_trace((x, -90.0, z), (x, 10.0, z))
    return float(np.asarray(pts)[:, 1].min()) if len(pts) else None


@pytest.mark.parametrize("upper", THORACIC[:9])
def test_laminae_overlap_like_roof_tiles(spine, upper):
    """T1/2 to T9/10 in neutral, in the lower bone's frame, on lines from behind 6 mm beside the midline
    (the lamina's middle, beside the spine's root, where its lower border is lowest): the upper lamina's
    lower border reaches at least 2 mm below the top of the lower lamina, and lies behind it there.

    Both ends are checked to be lamina. The lower bone's top counts only bone met behind the middle of the
    canal (a line passing over the lamina would otherwise meet the back of the body); the upper bone's
    lowest hit must be a plate, bone met at the same depth (within 3 mm) 1.5 mm nearer the midline too (the
    spine's flank is not).
    """
    lv = parse_level(upper)
    lower = LEVELS[lv.index + 1].name
    to_lower = np.linalg.inv(spine.frames[lv.index + 1]) @ spine.frames[lv.index]
    a = spine.bones[upper].transform(to_lower, inplace=False)
    b = spine.bones[lower]
    d = spine.model.dims[lower]
    canal_mid = -d.epd / 2 - 0.5 * d.cd
    zs = np.arange(-25.0, 30.0, 0.25)
    for sx in (1.0, -1.0):
        x = 6.0 * sx
        b_top = max(z for z in zs if (y := _first_hit_y(b, x, z)) is not None and y < canal_mid)
        a_low = min(z for z in zs if _first_hit_y(a, x, z) is not None)
        assert a_low < b_top - 2.0, f"{upper}/{lower} x={x}: upper lamina ends {a_low:.1f}, lower tops {b_top:.1f}"
        here, beside = _first_hit_y(a, x, a_low + 0.5), _first_hit_y(a, x - 1.5 * sx, a_low + 0.5)
        assert beside is not None and abs(beside - here) < 3.0, f"{upper} x={x}: the lowest bone is no plate"
        z = b_top - 1.0
        assert _first_hit_y(a, x, z) < _first_hit_y(b, x, z), "the upper lamina lies behind the lower one"


@pytest.mark.parametrize("name", THORACIC_ARCH)
def test_inferior_process_hangs_from_the_lamina(spine, name):
    """Seen from behind, bone runs without a gap from the root of the transverse process down through
    the inferior facet's centre (no lump set beside the lamina), and the process is a plate: along the
    facet's normal, bone at the facet centre is under 9 mm thick."""
    mesh = spine.bones[name]
    lm = spine.landmarks[name]
    for side in SIDES:
        n = np.array(lm[f"inferior_facet_{side}_normal"])
        c = np.array(lm[f"inferior_facet_{side}"]) - 2.0 * n  # 2 mm into the process, behind its face
        top = np.array(lm[f"pedicle_{side}"])[2]
        for z in np.linspace(c[2], top, 12):
            hits, _ = mesh.ray_trace((c[0], -90.0, z), (c[0], 0.0, z))
            assert len(hits), f"{name} {side}: no bone behind x={c[0]:.1f}, z={z:.1f}"
        thick = chord(mesh, c + 0.5 * n, n, reach=25.0)
        assert 2.5 < thick < 9.0, f"{name} {side}: inferior process {thick:.1f} mm thick"


def _facet_up(lm: dict, which: str, side: str):
    """A facet's centre and normal from the landmarks, and the unit direction up its slope."""
    c = np.array(lm[f"{which}_facet_{side}"])
    n = np.array(lm[f"{which}_facet_{side}_normal"])
    v = np.array([0.0, 0.0, 1.0]) - n * n[2]
    return c, n, v / np.linalg.norm(v)


@pytest.mark.parametrize("name", THORACIC)
def test_superior_process_is_a_plate(spine, name):
    """Square to its facet, the superior articular process is 2.5-6.5 mm of bone at the upper part of the
    facet (a thin plate rising from the arch, not a lump)."""
    mesh = spine.bones[name]
    lm = spine.landmarks[name]
    for side in SIDES:
        c, n, v = _facet_up(lm, "superior", side)
        thick = chord(mesh, c + 2.5 * v - 1.0 * n, n, reach=20.0)
        assert 2.5 < thick < 6.5, f"{name} {side}: superior process {thick:.1f} mm thick"


def _facet_depth(mesh, point, normal, half_u, half_v):
    """How far an articular face lies below the bone around it, and whether it is a face at all.

    Rays along -normal inside the oval (at 0 and 60 % of its half sizes) must all hit bone within 1 mm of
    one another (a face, not a pit or a tunnel); the rim is the median height of the bone met on a ring
    1.5 mm outside the oval (the median, because a pedicle or a process rising beside a facet is no rim).
    Returns (depth of the face below its rim, spread of the face heights), mm.
    """
    n = normal / np.linalg.norm(normal)
    u = np.cross((0.0, 0.0, 1.0), n)
    u /= np.linalg.norm(u)
    v = np.cross(n, u)

    def height(p):
        hits, _ = mesh.ray_trace(p + 8.0 * n, p - 8.0 * n)
        return float(((np.asarray(hits) - point) @ n).max()) if len(hits) else None

    inside = [height(point + a * half_u * u + b * half_v * v)
              for a, b in ((0, 0), (0.6, 0), (-0.6, 0), (0, 0.6), (0, -0.6))]
    assert all(h is not None for h in inside), "a hole where the facet should be"
    ring = [height(point + (half_u + 1.5) * np.cos(t) * u + (half_v + 1.5) * np.sin(t) * v)
            for t in np.linspace(0.0, 2 * np.pi, 16, endpoint=False)]
    rim = float(np.median([h for h in ring if h is not None]))
    return rim - float(np.mean(inside)), float(np.ptp(inside))


@pytest.mark.parametrize("name", RIB_ON_TRANSVERSE)
def test_transverse_costal_facet_is_a_shallow_face(spine, name):
    """The facet for the rib's tubercle on the front of the transverse tip: a flat face (heights within
    1 mm) on the front of the club, at most 1.5 mm proud of the bone around it and less than 2 mm below
    it: an articular surface, never a pit or a tunnel."""
    mesh = spine.bones[name]
    lm = spine.landmarks[name]
    for side in SIDES:
        p = np.array(lm[f"costal_facet_{side}"])
        tip = np.array(lm[f"transverse_tip_{side}"])
        axis = (tip - np.array(lm[f"pedicle_{side}"])) * (1.0, 1.0, 0.0)
        fwd = np.array([-axis[1], axis[0], 0.0])
        fwd *= np.sign(fwd[1]) / np.linalg.norm(fwd)
        depth, spread = _facet_depth(mesh, p, fwd, 2.0, 2.4)
        assert -1.5 < depth < 2.0, f"{name} {side}: costal facet {depth:.2f} mm deep"
        assert spread < 1.0, f"{name} {side}: costal facet face uneven by {spread:.2f} mm"


@pytest.mark.parametrize("name", PROCEDURAL)
def test_body_costal_facets_are_shallow_faces(spine, name):
    """The demifacets (T1-T9 upper and lower, T10 upper) on the body (T11's and T12's whole facets: see
    test_thoracolumbar): flat
    faces sunk 0.2-2 mm, at the back of the body's side by the pedicle."""
    mesh = spine.bones[name]
    lm = spine.landmarks[name]
    n = parse_level(name).number
    for side in SIDES:
        spots = sorted(k for k in lm if k.startswith(f"costal_demifacet_{side}_"))
        assert len(spots) == (2 if n <= 9 else 1), (name, spots)
        for key in spots:
            p = np.array(lm[key])
            out = p * (1.0, 1.0, 0.0)
            depth, spread = _facet_depth(mesh, p, out, 2.4, 2.0)
            assert 0.2 <= depth < 2.0, f"{name} {key}: {depth:.2f} mm deep"
            assert spread < 1.0, f"{name} {key}: face uneven by {spread:.2f} mm"
            assert p[1] < 0 and abs(p[0]) > 0.3 * spine.model.dims[name].epw, "at the back of the side"


@pytest.mark.parametrize("name", RIB_ON_TRANSVERSE)
def test_transverse_process_is_stout_and_clubbed(spine, name):
    """Halfway out the process is at least 5 mm tall and thick; its tip is taller than its middle."""
    mesh = spine.bones[name]
    lm = spine.landmarks[name]
    for side in SIDES:
        tip, root = np.array(lm[f"transverse_tip_{side}"]), np.array(lm[f"pedicle_{side}"])
        axis = (tip - root) * (1.0, 1.0, 0.0)
        axis /= np.linalg.norm(axis)
        across = np.array([-axis[1], axis[0], 0.0])

        def tallest(p, across=across):  # the pedicle-to-tip line runs near, not along, the axis
            return max(chord(mesh, p + (0.0, 0.0, dz) + da * across, (0.0, 0.0, 1.0), reach=15.0)
                       for dz in (-2.0, 0.0, 2.0) for da in (-2.0, 0.0, 2.0))

        mid = root + 0.55 * (tip - root)
        end = tip - 4.0 * axis
        assert tallest(mid) >= 5.0 and chord(mesh, mid, across, reach=15.0) >= 5.0, f"{name} {side}"
        assert tallest(end) > 1.05 * tallest(mid), f"{name} {side}: tip {tallest(end):.1f}, mid {tallest(mid):.1f}"


@pytest.mark.parametrize("name", ["T11", "T12"])
def test_lower_thoracic_turn_lumbar(spine, name):
    """T11-T12: no costal facet on the transverse process, one whole facet on the body, and mammillary
    and accessory processes that are bone (their landmarks inside the mesh)."""
    lm = spine.landmarks[name]
    assert not any(k.startswith("costal_facet") for k in lm)
    import pyvista as pv

    for side in SIDES:
        pts = pv.PolyData(np.array([lm[f"mammillary_{side}"], lm[f"accessory_{side}"]], float))
        inside = pts.compute_implicit_distance(spine.bones[name])["implicit_distance"]
        assert (inside < 0.0).all(), (name, side, inside)


def _body_section(spine, name, z):
    """The body's outline at height ``z`` (its own frame), front of the pedicles: widths (x chords) at
    depths ``y`` from its back to its front wall along the midline; returns (y_back, y_front, width(y))."""
    mesh = spine.bones[name]
    d = spine.model.dims[name]
    pts, _ = mesh.ray_trace((0.0, 60.0, z), (0.0, -d.epd / 2 - 0.5 * d.cd, z))  # from the front to the canal
    ys = np.sort(np.asarray(pts)[:, 1])
    y_front, y_back = ys[-1], ys[-2] if len(ys) > 1 else ys[0]
    return y_back, y_front, lambda y: chord(mesh, (0.0, y, z), (1.0, 0.0, 0.0), reach=40.0)


@pytest.mark.parametrize("name", ["T5", "T6", "T7", "T8"])
def test_mid_thoracic_body_is_heart_shaped(spine, name):
    """From above, a third of the body height below its top (clear of the pedicles and of the endplate's
    hollow): broad behind, narrowing to a blunt point in front. The width in the middle of the back third
    of its depth is at least 90 % of its greatest width, and the width in the middle of the front third
    under 65 % of the back third's. An oval or a cylinder is widest at mid-depth (about 80 % there)."""
    hc = spine.model.dims[name].body_height
    y_back, y_front, width = _body_section(spine, name, -hc / 6)
    depth = y_front - y_back
    widest = max(width(y_back + f * depth) for f in np.linspace(0.05, 0.95, 19))
    back, front = width(y_back + depth / 6), width(y_front - depth / 6)
    assert back >= 0.9 * widest, f"{name}: back third {back:.1f} mm wide, widest {widest:.1f}"
    assert front < 0.65 * back, f"{name}: front third {front:.1f} mm wide, back third {back:.1f}"


def _body_width(spine, name, z):
    """Width of the body at height ``z`` across its middle (a chord along x through y = 0)."""
    return chord(spine.bones[name], (0.0, 0.0, z), (1.0, 0.0, 0.0), reach=40.0)


@pytest.mark.parametrize("name", THORACIC[:10])
def test_body_is_waisted(spine, name):
    """T1-T10 (T11 and T12 are the lumbar template's, waisted as measured): the body is drawn in at mid-height.

    Its width there is 0.85-0.93 of the wider of its widths 2 mm inside each endplate (thoracic.BODY_WAIST:
    a modelling value below the 0.78-0.79 measured on the real lumbar mean shape, Clouthier 2023). A straight
    wall gives about 1.
    """
    hc = spine.model.dims[name].body_height
    ends = max(_body_width(spine, name, hc / 2 - 2.0), _body_width(spine, name, -hc / 2 + 2.0))
    ratio = _body_width(spine, name, 0.0) / ends
    assert 0.85 <= ratio <= 0.93, f"{name}: mid-height width {ratio:.3f} of the endplates'"


def _lowest_from_behind(mesh, x, zs):
    """Lowest height at which a line from behind at ``x`` meets the bone (None if it never does)."""
    hit = [z for z in zs if len(mesh.ray_trace((x, -90.0, z), (x, 10.0, z))[0])]
    return min(hit) if hit else None


def _hang(spine, name, side, sx, lamina_end, root_x: float = 4.5):
    """From behind, on ``name``'s ``side``: (the process's lowest point, the notch, the border ``root_x`` mm beside
    the midline). The notch is the highest of the lowest bone from the lamina's lowest point (4.5 mm beside the
    midline to ``lamina_end`` mm inside the facet's centre) out to the facet's centre; the process's lowest
    point is taken within -2/+3 mm of the facet's centre across (the notch from ``root_x`` out)."""
    mesh = spine.bones[name]
    c = np.array(spine.landmarks[name][f"inferior_facet_{side}"])
    zs = np.arange(c[2] - 20.0, c[2] + 10.0, 0.25)
    cx = abs(c[0])
    process = min(_lowest_from_behind(mesh, sx * x, zs) for x in np.arange(cx - 2.0, cx + 3.01, 0.5))
    xs = np.arange(root_x, cx + 0.01, 0.5)
    border = np.array([_lowest_from_behind(mesh, sx * x, zs) for x in xs])
    lowest = int(np.argmin(border[xs <= cx - lamina_end]))  # the lamina's lowest point inside the process
    return process, float(border[lowest:].max()), float(border[0])


@pytest.mark.parametrize("name", THORACIC[:10])
def test_inferior_process_hangs_below_the_lamina(spine, name):
    """T1-T10 seen from behind: each inferior articular process hangs as a distinct process below the
    lamina's lower border (Gray 1918), and that border runs from beside the spine's root out and up to the
    process's medial side. From the lamina's lowest point (4.5 mm beside the midline to 2 mm inside the
    facet's centre) out to the facet's centre the lowest bone rises to a notch; the process's lowest point
    (within -2/+3 mm of the facet's centre across) lies at least 3 mm below the notch, and so does the
    lamina's border 4.5 mm beside the midline (built: 3.2-5.0 mm and about 6-9 mm). On session 12's meshes the
    border ran straight down and out to the process's lowest point: every level failed.

    T10's inferior facets (meeting T11's template facets) lie only 12.7 mm beside the midline, so its process
    starts 7 mm out: there the lamina's lowest point is sought only up to the facet's medial edge (its centre
    less the table's half width) less 1 mm. T10's plate before session 13 (one straight edge down and out past
    the process) measured the border 4.5 mm out 1.2 mm ABOVE the notch; built: process 12 mm, border 3.5 mm below.
    Session 13's third wave widened and lowered T10's notch (a narrow slit 4 mm deep above the tile's foot read
    as a cleft; test_t10_notch_between_tile_and_process_is_wide_and_shallow; its tile's foot now 3.2 mm beside
    the midline), so there the border is taken 3.5 mm beside the midline and need lie only 1.5 mm below the
    notch; the process must still hang 3 mm below it.
    """
    d = spine.model.dims[name]
    end = d.ifw / 2 + 1.0 if name == "T10" else 2.0
    for side, sx in (("right", 1.0), ("left", -1.0)):
        process, notch, beside_root = _hang(spine, name, side, sx, end, 3.5 if name == "T10" else 4.5)
        assert process <= notch - 3.0, f"{name} {side}: process ends {process:.1f}, lamina's border {notch:.1f}"
        rise = 1.5 if name == "T10" else 3.0  # T10: a shallow notch by design (test_t10_notch_...)
        assert beside_root <= notch - rise, f"{name} {side}: border {beside_root:.1f} by the root, {notch:.1f} out"


THORACIC_JOINTS = [f"{seg.name} {side}" for seg in SEGMENTS if seg.upper.name in THORACIC[:9] for side in SIDES]


def _surface_height(mesh, q, ref, n, reach: float = 8.0) -> float:
    """Height above ``ref`` (along unit ``n``) of the outermost surface of ``mesh`` on the line through ``q``."""
    hits, _ = mesh.ray_trace(q + reach * n, q - reach * n)
    return float(((np.asarray(hits) - ref) @ n).max())


def _facet_frame(spine, joint, which):
    """A joint's bony facet on one bone (``which`` = "upper" or "lower"), in that bone's frame:
    (bone name, centre, normal, u, v)."""
    idx = joint.upper_index if which == "upper" else joint.lower_index
    inv = np.linalg.inv(spine.frames[idx])
    c, n = joint.bone_facet(which)
    c, n, u = inv[:3, :3] @ c + inv[:3, 3], inv[:3, :3] @ n, inv[:3, :3] @ joint.u
    return LEVELS[idx].name, c, n, u, np.cross(n, u)


def _shaded_normal(mesh, q, n) -> np.ndarray:
    """The normal a renderer lights at the outermost surface of ``mesh`` on the line through ``q`` along
    ``n``: the triangle's point normals interpolated at the hit (barycentric), as Gouraud and Phong do."""
    hits, cells = mesh.ray_trace(q + 6.0 * n, q - 6.0 * n)
    k = int(np.argmax((np.asarray(hits) - q) @ n))
    ids = mesh.get_cell(int(cells[k])).point_ids
    tri = np.asarray(mesh.points)[ids]
    e1, e2, w = tri[1] - tri[0], tri[2] - tri[0], np.asarray(hits)[k] - tri[0]
    b1, b2 = np.linalg.lstsq(np.column_stack([e1, e2]), w, rcond=None)[0]
    nrm = np.asarray(mesh.point_data["Normals"])[ids]
    out = (1.0 - b1 - b2) * nrm[0] + b1 * nrm[1] + b2 * nrm[2]
    return out / np.linalg.norm(out)


@pytest.mark.parametrize("joint", THORACIC_JOINTS)
def test_cartilage_is_a_thin_flat_sheet(spine, joint):
    """The facet cartilage of T1/2 to T9/10, both sides of each joint: it stands CARTILAGE_MM (0.75 mm,
    cited in joints.py) above the bone at the centre and out to 80 % of the facet, and it shades as the flat
    sheet it is: the normal the renderer interpolates on its outer face stays within 10 degrees of the
    facet's normal out to 80 % of the facet's radius. A layer whose normals bend from the centre out reads
    as a domed cap."""
    from spineviz.anatomy.joints import CARTILAGE_MM

    j = {jj.name: jj for jj in spine.model.joints}[joint]
    for which in ("upper", "lower"):
        name, c, n, u, v = _facet_frame(spine, j, which)
        bone, cart = spine.bones[name], spine.cartilage[(joint, which)]
        for f, t in [(0.0, 0.0)] + [(f, a) for f in (0.5, 0.8) for a in np.linspace(0.0, 2 * np.pi, 8, endpoint=False)]:
            p = c + f * (j.half_width * np.cos(t) * u + j.half_height * np.sin(t) * v)
            layer = _surface_height(cart, p, c, n) - _surface_height(bone, p, c, n)
            assert abs(layer - CARTILAGE_MM) < 0.12, f"{joint} {which}: cartilage {layer:.2f} mm thick at {f}"
            tilt = np.degrees(np.arccos(np.clip(_shaded_normal(cart, p, n) @ n, -1.0, 1.0)))
            assert tilt < 10.0, f"{joint} {which}: cartilage shaded {tilt:.0f} deg off its plane at {f} of the facet"


@pytest.mark.parametrize("joint", THORACIC_JOINTS)
def test_facet_sits_on_a_rim_of_bone(spine, joint):
    """T1-T9: round each facet (and its cartilage, 0.97 of the facet), 1.2 x the facet's radius out, bone lies
    within 3 mm under the facet's plane in at least 85 % of directions, leaving out the process's free
    end (the top of a superior process, under the pedicle above; the bottom of an inferior one): the
    cartilage sits on a process with a rim of bone round it, not on the edge of a plate no wider than it."""
    j = {jj.name: jj for jj in spine.model.joints}[joint]
    for which in ("upper", "lower"):
        name, c, n, u, v = _facet_frame(spine, j, which)
        if name not in THORACIC[:9]:  # T10's superior process is built from the lumbar template's plan
            continue
        up = np.array([0.0, 0.0, 1.0]) - n * n[2]
        up /= np.linalg.norm(up)
        free_end = 1.0 if which == "lower" else -1.0  # the superior process's top, the inferior's bottom
        found = []
        for t in np.linspace(0.0, 2 * np.pi, 36, endpoint=False):
            off = 1.2 * (j.half_width * np.cos(t) * u + j.half_height * np.sin(t) * v)
            if free_end * (off @ up) > 0.5 * np.linalg.norm(off):
                continue
            hits, _ = spine.bones[name].ray_trace(c + off + 6.0 * n, c + off - 6.0 * n)
            found.append(bool(len(hits)) and float(((np.asarray(hits) - c) @ n).max()) > -3.0)
        share = float(np.mean(found))
        assert share >= 0.85, f"{joint} {which}: bone round the facet in {share:.0%} of directions"


@pytest.mark.parametrize("name", THORACIC[:9])
def test_body_demifacets_are_shallow_dishes(spine, name):
    """T1-T9: each costal demifacet on the body is a smooth concave dish, not a flat-bottomed bite (and
    not bare convex bone): along its outward normal, the face at its centre lies at least 0.15 mm deeper
    than 60 % of the way to its front and back edges. How deep it is against the bone round it,
    test_body_costal_facets_are_shallow_faces holds."""
    mesh = spine.bones[name]
    lm = spine.landmarks[name]
    for key in sorted(k for k in lm if k.startswith("costal_demifacet_")):
        p = np.array(lm[key])
        n = p * (1.0, 1.0, 0.0)
        n /= np.linalg.norm(n)
        u = np.cross((0.0, 0.0, 1.0), n)
        centre = _surface_height(mesh, p, p, n)
        part = np.mean([_surface_height(mesh, p + s * 0.6 * 3.8 * u, p, n) for s in (1.0, -1.0)])
        assert part - centre >= 0.15, f"{name} {key}: flat-bottomed ({part - centre:.2f} mm rise at 60 %)"


THORACIC_END_OF_RANGE = ["extension=90", "flexion=90", "rotation=90", "rotation=-90", "bend=90", "bend=-90",
                         "extension=90, rotation=90"]
# Strict xfails: a fix shows up as an unexpected pass and the entry must then go.
THORACIC_SHORTFALLS: dict[str, str] = {}  # T11/12 at extension + rotation passes since T12 is template-built


@pytest.mark.parametrize("spec", THORACIC_END_OF_RANGE)
def test_thoracic_neighbours_touch_only_at_their_facets(spine, spec, request):
    """Every thoracic segment (T1/2 ... T12/L1) at the end of its range (requests beyond the range are
    clamped to it): bones meet only around the facets, within the facet's radius + 8 mm of its centre,
    as for the lumbar spine (tests/motion/test_end_of_range.py)."""
    from spineviz.motion import parse_motion
    from spineviz.motion.pose import pose

    if spec in THORACIC_SHORTFALLS:
        request.applymarker(pytest.mark.xfail(strict=True, reason=THORACIC_SHORTFALLS[spec]))
    world = np.einsum("nij,njk->nik", pose(spine.model, parse_motion(spec, region="thoracic")).transforms,
                      spine.frames)
    joints = {j.name: j for j in spine.model.joints}
    far = {}
    for seg in (s for s in SEGMENTS if s.upper.region == "thoracic"):
        a = spine.bones[seg.upper.name].transform(world[seg.upper.index], inplace=False)
        contact, n = a.collision(spine.bones[seg.lower.name].transform(world[seg.lower.index], inplace=False),
                                 contact_mode=0)
        if not n:
            continue
        pts = np.asarray(contact.extract_cells(np.asarray(contact.field_data["ContactCells"])).points)
        to_world = world[seg.lower.index] @ np.linalg.inv(spine.frames[seg.lower.index])
        centres = np.array([(to_world @ np.append(joints[f"{seg.name} {s}"].centre, 1.0))[:3] for s in SIDES])
        dist = float(np.min(np.linalg.norm(pts[:, None, :] - centres[None], axis=2), axis=1).max())
        j = joints[f"{seg.name} left"]
        if dist >= max(j.half_width, j.half_height) + 8.0:
            far[seg.name] = round(dist, 1)
    assert not far, f"{spec}: bones meet away from the facets (mm from the nearest facet centre): {far}"


@pytest.mark.parametrize("name", THORACIC_ARCH[1:])
def test_pedicle_fans_into_the_body(spine, name):
    """T2-T11: a pedicle is no rod of even section: from its isthmus (where the table's size is measured)
    it widens into the body's back wall. 75 % of the way from the isthmus to the body it is at least 15 %
    wider than at the isthmus and no shorter, measured on the mesh (an even strut gives 1.0). T1's broad
    pedicle leaves the body's posterolateral corner like a cervical one and is not fanned."""
    from spineviz.anatomy.pedicle import measure_pedicle, pedicle_axis, pedicle_start

    d = spine.model.dims[name]
    mesh = spine.bones[name]
    for side in SIDES:
        isthmus = measure_pedicle(mesh, d, spine.landmarks[name], side)
        mid, axis = pedicle_axis(d, spine.landmarks[name], side)
        half = float(np.linalg.norm(mid[:2] - pedicle_start(d, side)[:2]))
        across = np.cross((0.0, 0.0, 1.0), axis)
        p = np.array(isthmus.centre) - 0.75 * half * axis
        width = chord(mesh, p, across, reach=12.0)
        height = chord(mesh, p, (0.0, 0.0, 1.0), reach=15.0)
        assert width > 1.15 * isthmus.width, f"{name} {side}: {width:.1f} mm by the body, {isthmus.width:.1f} mid"
        assert height >= isthmus.height, f"{name} {side}: {height:.1f} mm tall by the body, {isthmus.height:.1f}"


@pytest.mark.parametrize("name", THORACIC[:10])
def test_spine_is_a_blade_not_a_rod(spine, name):
    """T1-T10: along its shaft (55 and 65 % of its reach, past the laminae) the spine is a blade, its
    section at least 1.7 x as tall (in the sagittal plane, square to the spine) as it is wide; a rod of
    round or square section gives about 1 (the earlier spines measured 1.49-1.53)."""
    for fraction in (0.55, 0.65):
        tall, wide = _spine_section(spine, name, fraction)
        assert tall >= 1.7 * wide, f"{name} at {fraction}: {tall:.1f} mm tall, {wide:.1f} wide"


def _spine_section(spine, name, fraction):
    """(height, width) of the spinous process's own section at ``fraction`` of its reach: the unbroken run of
    sampled heights through its axis where the bone is under 8 mm wide (below it, the line can run into the
    lamina tiling down behind the level below)."""
    h, w = _section_widths(spine, name, fraction)
    assert len(w), f"{name}: no bone at {fraction}"
    run = [int(np.argmin(np.abs(h)))]
    for step in (-1, 1):
        i = run[0] + step
        while 0 <= i < len(h) and abs(h[i] - h[i - step]) < 0.3 and w[i] < 8.0:
            run.append(i)
            i += step
    return float(np.ptp(h[run])), float(w[run].max())


def test_t10_spine_bridges_to_t11(spine):
    """T10's spine is the bridge to T11's short, nearly horizontal one (Gray 1918: the lower thoracic spines
    become shorter, thicker and more horizontal toward T12): about half-way along its reach (55 %, past the
    laminae: at 50 % T9's section still runs into its tiles) at least as wide (across, x) and as tall as T9's,
    and less steep than T9's (the line from its base to its tip at least 5 degrees nearer the horizontal).
    Before session 13 T10's thin blade measured 3.9 mm wide against T9's 4.6, a rod from above; built 5.0."""
    t9, t10 = _spine_section(spine, "T9", 0.55), _spine_section(spine, "T10", 0.55)
    assert t10[1] >= t9[1], f"T10's spine {t10[1]:.1f} mm wide half-way, T9's {t9[1]:.1f}"
    assert t10[0] >= t9[0], f"T10's spine {t10[0]:.1f} mm tall half-way, T9's {t9[0]:.1f}"
    slope = {n: np.degrees(np.arcsin(-spine_axes(spine, n)[1][2])) for n in ("T9", "T10")}
    assert slope["T10"] <= slope["T9"] - 5.0, f"T10's spine slopes {slope['T10']:.0f} deg, T9's {slope['T9']:.0f}"


@pytest.mark.parametrize("name", THORACIC[:9])
def test_lamina_lower_border_is_a_broad_edge(spine, name):
    """T1-T9 seen from behind: each lamina's lower border (3.5-12 mm beside the midline, clear of the
    spine and of the inferior articular process) is a broad edge, not a pointed corner: 1.5 mm above its
    lowest point the lamina is at least 4 mm wide (built: 4.5-5.5). The earlier single-cornered tiles
    measured 2.2-3.5."""
    mesh = spine.bones[name]
    xs = np.arange(3.5, 12.01, 0.25)

    def seen(x, z):  # bone on the line of sight from behind at (x, z)
        pts, _ = mesh.ray_trace((x, -90.0, z), (x, 0.0, z))
        return len(pts) > 0

    for sx in (1.0, -1.0):
        low = min(z for z in np.arange(-40.0, 0.0, 0.25) if any(seen(sx * x, z) for x in xs))
        span = [x for x in xs if seen(sx * x, low + 1.5)]
        assert max(span) - min(span) >= 4.0, f"{name} x{sx:+.0f}: {max(span) - min(span):.1f} mm at {low + 1.5:.1f}"


def _tp_section(mesh, p, axis):
    """Height and front-to-back thickness (mm) of the transverse process's section through ``p``: the
    longest vertical and horizontal chords within 1.5 mm of ``p`` across the process."""
    across = np.array([-axis[1], axis[0], 0.0])
    tall = max(chord(mesh, p + da * across, (0.0, 0.0, 1.0), reach=15.0) for da in (-1.5, 0.0, 1.5))
    thick = max(chord(mesh, p + (0.0, 0.0, dz), across, reach=15.0) for dz in (-1.5, 0.0, 1.5))
    return tall, thick


@pytest.mark.parametrize("name", RIB_ON_TRANSVERSE)
def test_transverse_process_is_a_stout_bar_not_a_rod(spine, name):
    """T1-T10, along the process from its root (by the pedicle-lamina junction) to its tip: halfway out it
    is at least 7 mm thick front to back, and 4 mm in from the tip its club is at least 10 mm tall and
    fuller in section (height x thickness) than the middle. Gray 1918 calls them thick and strong, ending in
    a clubbed extremity; the thresholds are modelling values (the club about as tall as the table's
    pedicle, 10-12.5 mm at T1-T8). On s9's meshes the middle measured 6.1-6.3 mm thick and the club 9.0-9.2
    mm tall: thin rods seen from above."""
    mesh = spine.bones[name]
    lm = spine.landmarks[name]
    for side in SIDES:
        tip, root = np.array(lm[f"transverse_tip_{side}"]), np.array(lm[f"transverse_root_{side}"])
        axis = (tip - root) / np.linalg.norm(tip - root)
        mid_tall, mid_thick = _tp_section(mesh, root + 0.5 * (tip - root), axis)
        club_tall, club_thick = _tp_section(mesh, tip - 4.0 * axis, axis)
        assert mid_thick >= 7.0, f"{name} {side}: {mid_thick:.1f} mm thick halfway out"
        assert club_tall >= 10.0, f"{name} {side}: club {club_tall:.1f} mm tall"
        assert club_tall * club_thick > mid_tall * mid_thick, (
            f"{name} {side}: club {club_tall:.1f} x {club_thick:.1f}, middle {mid_tall:.1f} x {mid_thick:.1f}")


def _spine_width(spine, name, fraction):
    """Widest chord across (x) within 1.5 mm of the spinous process's axis at ``fraction`` of its reach."""
    base, axis, up = spine_axes(spine, name)
    mesh = spine.bones[name]
    reach = float(((np.asarray(mesh.points) - base) @ axis).max())
    c = base + fraction * reach * axis
    return max(chord(mesh, c + h * up, (1.0, 0.0, 0.0), reach=15.0) for h in (-1.5, 0.0, 1.5))


@pytest.mark.parametrize("name", THORACIC[:9])
def test_spine_is_thick_at_its_root(spine, name):
    """T1-T9 seen from behind: the spine rises out of the laminae as a tapering ridge, thick where the two
    laminae meet (Gray 1918), not a blade of even width laid down the groove between them. A fifth of the
    way along its reach it is at least 1.6 x as wide (across, x) as at 55 % and at least 6 mm wide. The
    session-10 meshes measured 1.19-1.20 (4.0 mm against 3.3); built with the root wedge 2.2-2.5 (7.4-8.3 mm)."""
    root, mid = _spine_width(spine, name, 0.2), _spine_width(spine, name, 0.55)
    assert root >= 6.0 and root >= 1.6 * mid, f"{name}: {root:.1f} mm wide near the root, {mid:.1f} at 55 %"


@pytest.mark.parametrize("name", THORACIC[:9])
def test_transverse_process_ends_blunt_not_in_a_ball(spine, name):
    """T1-T9: the club is a blunt, rounded end of the bar, broader across than it is long, not a ball.
    1.2 mm in from the tip (along the process's root-to-tip line) the process is still at least 0.66 x its
    greatest height over its outer half; a ball on a rod narrows to about 0.6 there (a sphere of the club's
    radius, about 6.2 mm, gives 0.61). The session-10 egg measured 0.58-0.59, the blunt club 0.76-0.77."""
    mesh = spine.bones[name]
    lm = spine.landmarks[name]
    for side in SIDES:
        tip, root = np.array(lm[f"transverse_tip_{side}"]), np.array(lm[f"transverse_root_{side}"])
        axis = (tip - root) / np.linalg.norm(tip - root)
        across = np.array([-axis[1], axis[0], 0.0])

        def tall(p, across=across):
            return max(chord(mesh, p + da * across, (0.0, 0.0, 1.0), reach=15.0) for da in (-1.5, 0.0, 1.5))

        greatest = max(tall(root + t * (tip - root)) for t in np.linspace(0.5, 0.95, 10))
        end = tall(tip - 1.2 * axis)
        assert end >= 0.66 * greatest, f"{name} {side}: {end:.1f} mm tall by the tip, {greatest:.1f} at most"


def _outline_from_above(mesh, y: float) -> float:
    """Width (x, mm) of the bone's outline seen from above at ``y``: the unbroken run of vertical lines of sight
    through the midline (0.1 mm apart) that meet bone, 0 where the midline line misses it."""
    lo, hi = np.asarray(mesh.bounds).reshape(3, 2)[2] + (-1.0, 1.0)
    xs = np.round(np.arange(-15.0, 15.001, 0.1), 2)
    hit = np.array([mesh.ray_trace((x, y, hi), (x, y, lo))[0].size > 0 for x in xs])
    mid = len(xs) // 2
    if not hit[mid]:
        return 0.0
    right = mid + int(np.argmin(np.append(hit[mid:], False)))
    left = mid - int(np.argmin(np.append(hit[mid::-1], False)))
    return float(xs[right - 1] - xs[left + 1])


@pytest.mark.parametrize("name", THORACIC[1:9])
def test_spine_root_is_broad_from_above(spine, name):
    """T2-T9 seen from above (issue 10: still "thin sticks" from above, the root as narrow as the shaft): the
    spine is broad where it leaves the junction of the laminae and tapers toward its tubercle (our reading of
    Gray 1918's triangular, tapering thoracic spine; no measured root width). Walking back from its base in
    0.25 mm steps, the outline first drops under 10 mm wide where the spine leaves the laminae' hind edge; 1 mm
    behind that, its root is at least 7 mm wide and at least 1.5 x as wide as the outline at 80 % of its reach.
    Session 17's meshes: 5.4-5.8 mm, 1.12-1.35 x; built 7.6-8.2 mm, 1.58-1.86 x (the thresholds are modelling
    values)."""
    mesh = spine.bones[name]
    base, axis, _ = spine_axes(spine, name)
    reach = float(((np.asarray(mesh.points) - base) @ axis).max())
    ys = base[1] + np.arange(0.0, reach * axis[1], -0.25)
    free = next(y for y in ys if _outline_from_above(mesh, y) < 10.0)
    root = _outline_from_above(mesh, free - 1.0)
    shaft = _outline_from_above(mesh, base[1] + 0.8 * reach * axis[1])
    assert root >= 7.0 and root >= 1.5 * shaft, f"{name}: root {root:.1f} mm wide from above, {shaft:.1f} at 80 %"


@pytest.mark.parametrize("name", THORACIC[:10])
def test_spine_narrows_to_a_small_tubercle(spine, name):
    """T1-T10 seen from behind (issue 10: "spinous processes are rods"): the spine keeps narrowing down its
    shaft, not only at its root, and ends in a small tubercle, not a knob on a rod. Half-way along its reach
    it is at least 1.15 x as wide as at 70 %, and the tubercle (93 %) is no wider than the half-way shaft.
    Session 11's meshes: 3.1-3.5 mm from 50 to 70 % (ratio 0.98-1.11) and a 4.4 mm knob at the end. T10 on
    s13's meshes: a 4.73 mm tubercle on a 4.69 mm half-way shaft."""
    half, distal, tip = (_spine_width(spine, name, f) for f in (0.5, 0.7, 0.93))
    assert half >= 1.15 * distal, f"{name}: {half:.2f} mm wide half-way, {distal:.2f} at 70 %"
    assert tip <= half, f"{name}: tubercle {tip:.2f} mm wide, half-way shaft {half:.2f}"



def test_t1_superior_process_upper_border_is_stout(spine):
    """T1's superior articular process (issue 10: "a thin loop" from behind and above) has a stout upper
    part under its large facet, transitional toward a cervical articular pillar (Gray 1918): square to the
    facet, 2 and 4 mm above its centre, at least 5.5 mm of bone (and under test_superior_process_is_a_plate's
    6.5 mm). Session 11's plate measured 4.4 mm there, as on T2-T9."""
    mesh = spine.bones["T1"]
    lm = spine.landmarks["T1"]
    for side in SIDES:
        c = np.array(lm[f"superior_facet_{side}"])
        n = np.array(lm[f"superior_facet_{side}_normal"])
        v = np.array([0.0, 0.0, 1.0]) - n * n[2]
        v /= np.linalg.norm(v)
        for dv in (2.0, 4.0):
            thick = chord(mesh, c + dv * v - 1.0 * n, n, reach=20.0)
            assert thick >= 5.5, f"T1 {side}: superior process {thick:.1f} mm thick {dv:+.0f} mm above its centre"


# T1's superior process under its facet's lower half: at least this much bone square to the facet (mm), across
# the facet's width (shapes/thoracic.py T1_SAP_BASE). s17's mesh before the base: 4.4 mm at the lateral part
# (the plate alone), 10-13 mm medially where the pedicle lies under it; with the base 8.2-8.3 mm laterally.
T1_SAP_BASE_MM = 7.0


def test_t1_superior_process_has_a_stout_base(spine):
    """T1's superior articular process from the left (issue 10: "a stalk", a thin post on the pedicle with its
    facet a disc on top). Gray 1918 ("The First Thoracic Vertebra"): short, stout, cervical-like processes rising
    from the junction of pedicle and lamina. Square to the facet, 2 and 4 mm below its centre and 4 mm to either
    side of it, the process is at least T1_SAP_BASE_MM of bone: broad at its base, not the upper plate's
    thickness carried down to the pedicle."""
    mesh = spine.bones["T1"]
    lm = spine.landmarks["T1"]
    for side in SIDES:
        c, n, v = _facet_up(lm, "superior", side)
        u = np.cross(v, n)
        for dv in (2.0, 4.0):
            for du in (-4.0, 0.0, 4.0):
                thick = chord(mesh, c - dv * v + du * u - 1.0 * n, n, reach=30.0)
                assert thick >= T1_SAP_BASE_MM, (
                    f"T1 {side}: superior process {thick:.1f} mm thick {dv:.0f} mm below its facet's centre, "
                    f"{du:+.0f} mm across")


def _seen_from_behind(mesh, x, z) -> bool:
    """Bone on the line of sight from behind at (x, z)."""
    return len(mesh.ray_trace((x, -90.0, z), (x, 10.0, z))[0]) > 0


def _half_width_from_midline(mesh, z, sx) -> float:
    """From behind at height ``z``: how far out (mm) from the midline the bone runs without a gap on side ``sx``."""
    width = 0.0
    for x in np.arange(0.0, 25.0, 0.25):
        if not _seen_from_behind(mesh, sx * x, z):
            break
        width = x
    return width


@pytest.mark.parametrize("name", THORACIC[:9])
def test_lamina_is_a_shield_not_prongs(spine, name):
    """T1-T9 seen from behind (issue 10, session 13: T1's tile feet "read as two prongs beside the spine, like
    a trident"): the two laminae and the spine's root read as one shield, broad down to near its foot. The
    shield's height runs from the notch under the inferior process (see _hang) down to the lamina's lowest point
    4.5 mm beside the midline; three quarters of the way down, the bone runs without a gap from the midline out
    at least 0.6 x as far as the notch lies from the midline. s13's T1-T3: a slit beside the spine's root left
    2.0 mm of bone (0.12-0.19 of the notch's 10.5-16 mm); T6: 8.25 mm (0.8)."""
    mesh = spine.bones[name]
    for side, sx in (("right", 1.0), ("left", -1.0)):
        c = np.array(spine.landmarks[name][f"inferior_facet_{side}"])
        zs = np.arange(c[2] - 20.0, c[2] + 10.0, 0.25)
        xs = np.arange(4.5, abs(c[0]) + 0.01, 0.25)
        border = np.array([_lowest_from_behind(mesh, sx * x, zs) for x in xs])
        lowest = int(np.argmin(border[xs <= abs(c[0]) - 2.0]))
        at = lowest + int(np.argmax(border[lowest:]))
        notch_x, notch_z, foot = float(xs[at]), float(border[at]), float(border[0])
        width = _half_width_from_midline(mesh, foot + 0.25 * (notch_z - foot), sx)
        assert width >= 0.6 * notch_x, f"{name} {side}: {width:.2f} mm of shield 3/4 down, notch {notch_x:.2f} out"


def _t10_notch(spine, side, sx):
    """T10 from behind, on ``side``: the gap in the lamina's lower border between the tile (beside the spine's
    root) and the inferior articular process. Returns (its depth above the tile's foot, its width at half that
    depth, its top's height above the process's lowest point), mm. The tile's foot is the lowest bone 3.5 mm
    beside the midline; the notch's top the highest of the lowest bone from 3 mm out to the facet's centre."""
    mesh = spine.bones["T10"]
    c = np.array(spine.landmarks["T10"][f"inferior_facet_{side}"])
    zs = np.arange(c[2] - 20.0, c[2] + 10.0, 0.25)
    xs = np.arange(3.0, abs(c[0]) + 0.01, 0.25)
    border = np.array([_lowest_from_behind(mesh, sx * x, zs) for x in xs])
    foot = _lowest_from_behind(mesh, sx * 3.5, zs)
    top = int(np.argmax(border))
    half = border[top] - 0.5 * (border[top] - foot)
    lo, hi = top, top
    while lo > 0 and border[lo - 1] > half:
        lo -= 1
    while hi < len(xs) - 1 and border[hi + 1] > half:
        hi += 1
    process = min(_lowest_from_behind(mesh, sx * x, zs) for x in np.arange(abs(c[0]) - 2.0, abs(c[0]) + 3.01, 0.5))
    return float(border[top] - foot), float(xs[hi] - xs[lo] + 0.25), float(border[top] - process)


def test_t10_notch_between_tile_and_process_is_wide_and_shallow(spine):
    """T10 from behind (issue 10, session 13): between the tile and each inferior articular process the lamina's
    lower border dips in a shallow notch, not a narrow slit. The notch is at most 3 mm deep above the tile's
    foot and no deeper than 1.5 x its width at half that depth, and its top lies at most 11 mm above the
    process's lowest point (the process still hangs well below it: test_inferior_process_hangs_below_the_lamina).
    s13's T10: a slit 3.5-4.0 mm deep, 1.75 mm wide at half depth (2.0-2.3 x), its top 11.75-12 mm above the
    process; built: 1.5-2.5 mm deep, 1.75 mm wide, 10-10.5 mm above the process.
    Modelling thresholds [M]; Gray 1918 ("The Thoracic Vertebrae"): the inferior processes hang from the
    laminae's lower border, no cleft between them."""
    for side, sx in (("right", 1.0), ("left", -1.0)):
        depth, width, above = _t10_notch(spine, side, sx)
        assert depth <= 3.0, f"T10 {side}: notch {depth:.2f} mm deep above the tile's foot"
        assert depth <= 1.5 * width, f"T10 {side}: notch {depth:.2f} mm deep, {width:.2f} mm wide at half depth"
        assert above <= 11.0, f"T10 {side}: notch's top {above:.2f} mm above the process's lowest point"


@pytest.mark.parametrize("name", THORACIC[:9])
def test_canal_keeps_the_table_width(spine, name):
    """T1-T9: the canal is as wide as the table's (within 10 %) where the landmark finder measures it, the
    narrowest width between the pedicles at the canal's mid-depth from 0.3 x the body's height below its centre
    to 0.45 x above. On session 13's meshes T2 measured 15.9 mm against 18.0 (-11 %): its pedicles ran 18 deg out
    and back from well inside the body's outline, their medial walls into the canal (PEDICLE_CONVERGE in
    shapes/thoracic.py). T1 measured 14.3 mm against 21.0 (-32 %) until session 15 (pedicles 38 deg out and back
    from 7.9 mm beside the midline: a narrow triangle from above); its pedicles now run 10 deg from the body's
    posterolateral corners."""
    from spineviz.anatomy.landmarks import find_landmarks

    d = spine.model.dims[name]
    lm = find_landmarks(spine.bones[name], name)
    assert lm.canal_width == pytest.approx(d.cw, rel=0.10), f"{name}: canal {lm.canal_width:.1f} mm, table {d.cw}"


def test_t1_canal_is_wider_than_deep_and_than_t2s(spine):
    """T1's canal is the cervicothoracic transition's: a rounded triangle broad from side to side, as in the
    lower cervical spine (Gray 1918, "The First Thoracic Vertebra"; the table's canal, Panjabi 1991 [M], is
    21 mm wide at T1 against 18 at T2 and 15 deep). Measured by the landmark finder, T1's canal is wider than it
    is deep and wider than T2's. Session 14's T1: 14.3 mm wide, 16.8 deep, narrower than T2's 17.2."""
    from spineviz.anatomy.landmarks import find_landmarks

    t1, t2 = find_landmarks(spine.bones["T1"], "T1"), find_landmarks(spine.bones["T2"], "T2")
    assert t1.canal_width > t1.canal_depth, f"T1 canal {t1.canal_width:.1f} wide, {t1.canal_depth:.1f} deep"
    assert t1.canal_width > t2.canal_width, f"T1 canal {t1.canal_width:.1f} wide, T2's {t2.canal_width:.1f}"


# How far (mm) the bone under the front half of T1's superior articular process may open below it before the
# pedicle (a shallow crease, not a notch with the process hanging over it), and how near the pedicle's lower
# border a column of bone under the process must reach. Modelling thresholds [M] for "the superior articular
# process projects up from the junction of pedicle and lamina" (Gray 1918, "The Thoracic Vertebrae").
PROCESS_GAP_MM, PROCESS_FOOT_MM = 2.5, 3.0


def _process_support(mesh, lm: dict, half_width: float, half_height: float, floor: float, side: str):
    """Under the front half of a superior facet (0.1-0.9 of its half height up its slope; on its centre line and
    0.3 of its half width medial to it, over the pedicle: the facet, C7's 12.6 mm, is wider than T1's 9.3 mm
    pedicle, and its lateral third overhangs the foramen as the articular processes do), vertical rays down from
    just under the facet's face. Returns the largest air gap (mm) met above ``floor`` + PROCESS_FOOT_MM
    (``floor``: the pedicle's lower border) and the highest of the rays' lowest bone above ``floor`` (mm). A
    process standing on its pedicle gives (0, 1-2 mm): one column of bone down through the pedicle. A process
    hanging over a notch gives the notch's height; one standing beside the pedicle, over nothing, a lowest bone
    far above the pedicle's border."""
    c = np.array(lm[f"superior_facet_{side}"])
    n = np.array(lm[f"superior_facet_{side}_normal"])
    u = np.cross((0.0, 0.0, 1.0), n)
    u *= np.sign(u[0] * c[0]) / np.linalg.norm(u)  # across the facet, pointing out
    v = np.cross(n, u)
    v *= 1.0 if v[2] > 0 else -1.0  # up the facet's slope (forward and up)
    worst_gap, worst_foot = 0.0, -np.inf
    for b in (0.1, 0.3, 0.5, 0.7, 0.9):
        for a in (-0.3, 0.0):
            p = c + a * half_width * u + b * half_height * v - 0.3 * n
            hits, _ = mesh.ray_trace(p + (0.0, 0.0, 25.0), p - (0.0, 0.0, 40.0))
            z = np.sort(np.asarray(hits)[:, 2])[::-1]
            z = z[z < p[2]]  # from the process's bone under the face downward: exits and entries alternate
            gaps = [z[k] - z[k + 1] for k in range(0, len(z) - 1, 2) if z[k] > floor + PROCESS_FOOT_MM]
            worst_gap = max([worst_gap, *gaps])
            worst_foot = max(worst_foot, float(z[-1]) - floor if len(z) else np.inf)
    return worst_gap, worst_foot


def test_t1_superior_process_stands_on_its_pedicle(spine):
    """T1 from the left (session 15): the superior articular process rises from the pedicle and the junction
    with the lamina, with no hook over a notch or tunnel under it. Vertical rays down from the front half of each
    superior facet meet one column of bone down to within PROCESS_FOOT_MM of the pedicle's lower border, with no
    air gap over PROCESS_GAP_MM before it (_process_support). Session 14's shipped T1 (pedicles running 38 deg
    out from inside the body) left the process's front standing beside the pedicle over nothing, its bone ending
    up to 10.3 mm above the pedicle's border; a notch carved under the process's front over the pedicle (as
    session 14's rejected T1_NOTCH; tried on session 15's T1, an ellipsoid 10 x 5 x 4 mm) leaves a 3.9 mm gap."""
    d = spine.model.dims["T1"]
    lm = spine.landmarks["T1"]
    joints = {j.name: j for j in spine.model.joints}
    for side in SIDES:
        j = joints[f"C7/T1 {side}"]
        floor = float(lm[f"pedicle_{side}"][2]) - d.ph / 2
        gap, foot = _process_support(spine.bones["T1"], lm, j.half_width, j.half_height, floor, side)
        assert gap <= PROCESS_GAP_MM, f"T1 {side}: {gap:.1f} mm of air under the superior process's front"
        assert foot <= PROCESS_FOOT_MM, f"T1 {side}: the bone under the process ends {foot:.1f} mm above the pedicle"


# T2-T10 (session 16, issue 10 item 5): the inferior articular process is the lower lateral corner of one broad
# plate with the lamina, not a lobe on a neck (Gray 1918, "The Thoracic Vertebrae": the laminae "broad, thick,
# and imbricated", the inferior processes fused with them). Modelling thresholds [M]; see IAP_PLATE and IAP_FLAT
# in shapes/thoracic.py.
IAP_PLATE_LEVELS = THORACIC[1:10]  # T2-T10
IAP_WAIST_MIN = 0.9  # narrowest width from behind above the widest, as a fraction of the widest
IAP_TONGUE_MM = 1.5  # T2-T9: how far the lateral border must draw in 1 mm above the process's lowest point [M]
IAP_BACK_FLAT_MM, IAP_BACK_TILT_DEG = 0.5, 6.0  # the back over the facet: off a plane, and that plane off the facet's
IAP_THICK_MM = 5.2  # bone square to the facet at its centre


def _lateral_border(mesh, sx, z, inner, outer) -> float:
    """From behind at height ``z``: the outermost |x| (0.25 mm steps, from ``outer`` in to ``inner``) with bone."""
    for x in np.arange(outer, inner, -0.25):
        if _seen_from_behind(mesh, sx * x, z):
            return float(x)
    return float(inner)


def _iap_outline(spine, name, side, sx):
    """The inferior process from behind on ``side``: (heights from 1 mm over its lowest point up to 1 mm under
    the transverse process, its width there from the facet's medial edge to the lateral border, its lateral
    border 1 mm over its lowest point and at the facet's centre's height). The transverse process's underside
    is the lowest bone met 4 mm outside the facet; the process's lowest point as in _hang."""
    mesh = spine.bones[name]
    d = spine.model.dims[name]
    c = np.array(spine.landmarks[name][f"inferior_facet_{side}"])
    cx, hu = abs(c[0]), d.ifw / 2
    inner, outer = cx - hu - 3.0, cx + hu + 8.0
    tp = min(z for z in np.arange(c[2], c[2] + 25.0, 0.25) if _seen_from_behind(mesh, sx * (cx + hu + 4.0), z))
    zs = np.arange(c[2] - 20.0, c[2] + 10.0, 0.25)
    low = min(_lowest_from_behind(mesh, sx * x, zs) for x in np.arange(cx - 2.0, cx + 3.01, 0.5))
    heights = np.arange(low + 1.0, tp - 1.0, 0.5)
    widths = np.array([_lateral_border(mesh, sx, z, inner, outer) - (cx - hu) for z in heights])
    return heights, widths, _lateral_border(mesh, sx, low + 1.0, inner, outer), _lateral_border(
        mesh, sx, c[2], inner, outer)


@pytest.mark.parametrize("name", IAP_PLATE_LEVELS[:-1])
def test_inferior_process_has_no_neck(spine, name):
    """T2-T9 from behind: the inferior process's lateral border runs straight down from under the transverse
    process. Its width (from the facet's medial edge out) nowhere above its widest point narrows below
    IAP_WAIST_MIN of the widest (no neck over a bulge). Session 15's meshes: a waist 0.65-0.81 of the bulge (the
    "bow-tie" of issue 10 item 5); built: 0.96-1.0. T10 is left out: its lateral border still draws in to 0.83
    just under its short transverse process (IAP_PLATE_T10), as on session 15's mesh (0.85)."""
    for side, sx in (("right", 1.0), ("left", -1.0)):
        heights, widths, _, _ = _iap_outline(spine, name, side, sx)
        k = int(np.argmax(widths))
        waist = float(widths[k:].min())
        assert waist >= IAP_WAIST_MIN * widths[k], (
            f"{name} {side}: {waist:.1f} mm wide above its widest {widths[k]:.1f} (at z={heights[k]:.1f})")


@pytest.mark.parametrize("name", IAP_PLATE_LEVELS[:-1])
def test_inferior_process_is_a_rounded_tongue(spine, name):
    """T2-T9 from behind: each inferior articular process hangs from the lamina's lower lateral part with a rounded
    lower end (Gray 1918, "The Thoracic Vertebrae"): 1 mm above its lowest point its lateral border lies at least
    IAP_TONGUE_MM inside where it is at the facet's centre's height. This replaces session 16's
    test_inferior_process_foot_is_square (border drawn in at most 1.2 mm: a square foot, set against the "bow-tie"
    lobes on a neck), which made T2-T9's laminae and processes read from behind as one square board (issue 10). The
    square foot was dropped by the lead's decision in session 28: Gray 1918 describes a rounded lower end, T10 has
    had one since session 22 (test_t10_inferior_process_is_a_rounded_tongue), and the lobes stay out by
    test_inferior_process_has_no_neck (IAP_WAIST_MIN). Main (session 28): drawn in
    0.25-0.5 mm; built (thoracic.IAP_PLATE's tongue): 2.0-2.75 mm."""
    for side, sx in (("right", 1.0), ("left", -1.0)):
        _, _, foot, middle = _iap_outline(spine, name, side, sx)
        assert middle - foot >= IAP_TONGUE_MM, f"{name} {side}: border drawn in only {middle - foot:.2f} mm at the foot"


T10_TONGUE_MM = 2.5  # T10: how far the lateral border must draw in 1 mm above the process's lowest point [M]


def test_t10_inferior_process_is_a_rounded_tongue(spine):
    """T10 from behind: each inferior articular process hangs below the lamina as a tongue whose lower end is
    rounded (Gray 1918, "The Thoracic Vertebrae"), not the square lower corner of one box with the laminae. 1 mm
    above the process's lowest point its lateral border lies at least T10_TONGUE_MM inside where it is at the
    facet's centre's height. Session 21's mesh (s21): 0.2-1.0 mm (a square corner; T10 then held the test
    above); built (session 22, thoracic.IAP_TONGUE_T10): 3.75-4.0 mm."""
    for side, sx in (("right", 1.0), ("left", -1.0)):
        _, _, foot, middle = _iap_outline(spine, "T10", side, sx)
        assert middle - foot >= T10_TONGUE_MM, f"T10 {side}: border drawn in only {middle - foot:.1f} mm at the foot"


@pytest.mark.parametrize("name", IAP_PLATE_LEVELS)
def test_inferior_process_is_a_thin_plate_with_a_flat_back(spine, name):
    """T2-T10 from the side: the inferior process is a thin plate whose front is its facet. Over 0.8 of the
    facet's half sizes (5 x 5 points), the first bone met from behind along the facet's normal lies within
    IAP_BACK_FLAT_MM of its best-fit plane, and that plane within IAP_BACK_TILT_DEG of the facet's; at the
    facet's centre the bone square to it is under IAP_THICK_MM thick. Session 15's meshes: the lamina's thick
    lateral end behind the process, 1.1-1.4 mm off a plane tilted 12-16 deg to the facet, 5.7-5.9 mm of bone
    (a knob from the left; T10: 0.4-1.0 mm, 5 deg, 4.9-5.0 mm); built: 0.25-0.4 mm, 1-3 deg, 4.4-4.6 mm."""
    lm = spine.landmarks[name]
    d = spine.model.dims[name]
    mesh = spine.bones[name]
    for side in SIDES:
        c, n, v = _facet_up(lm, "inferior", side)
        u = np.cross(v, n)
        back = []
        for a in np.linspace(-0.8, 0.8, 5):
            for b in np.linspace(-0.8, 0.8, 5):
                q = c + a * d.ifw / 2 * u + b * d.ifh / 2 * v
                hits, _ = mesh.ray_trace(q - 30.0 * n, q + 2.0 * n)
                assert len(hits), f"{name} {side}: no bone behind the facet at ({a:.1f}, {b:.1f})"
                hits = np.asarray(hits)
                back.append(hits[np.argmin((hits - q) @ n)])
        back = np.array(back) - np.mean(back, axis=0)
        plane = np.linalg.svd(back)[2][2]
        off = float(np.abs(back @ plane).max())
        tilt = float(np.degrees(np.arccos(min(1.0, abs(float(plane @ n))))))
        assert off <= IAP_BACK_FLAT_MM, f"{name} {side}: the back over the facet {off:.2f} mm off a plane"
        assert tilt <= IAP_BACK_TILT_DEG, f"{name} {side}: the back {tilt:.0f} deg off the facet's plane"
        thick = chord(mesh, c - 0.5 * n, n, reach=25.0)
        assert thick < IAP_THICK_MM, f"{name} {side}: {thick:.1f} mm of bone at the facet's centre"
