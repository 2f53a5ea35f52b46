"""The thoracic levels T1-T12 measured on the shipped meshes, one test per feature a teacher looks for.

Issue 10 listed what made them read as balls, rods and coins: spines ending in balls, laminae that do not
overlap, inferior articular processes as lumps beside the lamina ("bow-ties"), costal facets as pits or
tunnels and demifacets as bites. Each test measures the feature on the mesh (ray casts and sections),
so a regression shows up as a number, not as an opinion.
"""

import numpy as np
import pytest

from spineviz.anatomy.levels import LEVELS, parse_level
from spineviz.anatomy.measure import chord
from spineviz.anatomy.spine import load_spine
from tests.anatomy.spinous import spine_axes

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

THORACIC = [lv.name for lv in LEVELS if lv.region == "thoracic"]
SLOPING = THORACIC[:-1]  # T12's spine is a hatchet (see test_procedural_shapes)
RIB_ON_TRANSVERSE = THORACIC[:10]  # T1-T10: the rib's tubercle meets the transverse process
# T12 is built from the lumbar template: its inferior processes are lumbar-type and its body facet a larger
# flat oval; tests/anatomy/test_thoracolumbar.py measures those on T12
PROCEDURAL = THORACIC[:-1]
SIDES = ("right", "left")


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def _section_widths(spine, name, fraction):
    """Width (x) of the spinous process across its section at ``fraction`` of its reach, sampled over its
    height by rays along x: returns (height offsets along ``up``, widths), bone only where rays hit."""
    mesh = spine.bones[name]
    base, axis, up = spine_axes(spine, name)
    reach = float(((np.asarray(mesh.points) - base) @ axis).max())
    centre = base + fraction * reach * axis
    offs, widths = [], []
    for h in np.linspace(-9.0, 9.0, 73):
        p = centre + h * up
        w = chord(mesh, p, (1.0, 0.0, 0.0), reach=12.0)
        if w > 0:
            offs.append(h)
            widths.append(w)
    return np.array(offs), np.array(widths)


@pytest.mark.parametrize("name", SLOPING)
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


@pytest.mark.parametrize("name", SLOPING)
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


@pytest.mark.parametrize("upper", THORACIC[:9])
def test_laminae_overlap_like_roof_tiles(spine, upper):
    """T1/2 to T9/10 in neutral (below, the laminae turn lumbar and leave an interlaminar window), in the
    lower bone's frame, on lines from behind 5 mm beside the midline: the upper lamina's lower border
    reaches at least 2 mm below the top of the lower lamina, behind it."""
    lv = parse_level(upper)
    lower = LEVELS[lv.index + 1].name
    to_lower = np.linalg.inv(spine.frames[lv.index + 1]) @ spine.frames[lv.index]
    a = spine.bones[upper].transform(to_lower, inplace=False)
    b = spine.bones[lower]
    for x in (5.0, -5.0):
        def first_hit(mesh, z, x=x):
            pts, _ = mesh.ray_trace((x, -80.0, z), (x, 0.0, z))
            return float(np.asarray(pts)[:, 1].min()) if len(pts) else None
        zs = np.arange(-5.0, 30.0, 0.25)
        b_top = max(z for z in zs if first_hit(b, z) is not None)
        a_low = min(z for z in zs if first_hit(a, z) is not None)
        assert a_low < b_top - 2.0, f"{upper}/{lower} x={x}: upper lamina ends {a_low:.1f}, lower tops {b_top:.1f}"
        z = b_top - 1.0
        assert first_hit(a, z) < first_hit(b, z), "the upper lamina lies behind the lower one"


@pytest.mark.parametrize("name", PROCEDURAL)
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


@pytest.mark.parametrize("name", THORACIC)
def test_superior_process_is_a_plate(spine, name):
    """Square to its facet, the superior articular process is 2.5-6.5 mm of bone at the upper part of the
    facet (a thin plate rising from the arch, not a lump)."""
    mesh = spine.bones[name]
    lm = spine.landmarks[name]
    for side in SIDES:
        c = np.array(lm[f"superior_facet_{side}"])
        n = np.array(lm[f"superior_facet_{side}_normal"])
        v = np.array([0.0, 0.0, 1.0]) - n * n[2]
        v /= np.linalg.norm(v)
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
    """The demifacets (T1-T9 upper and lower, T10 upper) and the whole facets (T11, T12) on the body: flat
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


@pytest.mark.parametrize("name", ["T5", "T6", "T7", "T8"])
def test_mid_thoracic_body_is_heart_shaped(spine, name):
    """From above, the body narrows forward: 3/4 of the way to the front it is under 80 % of its width
    1/4 from the back."""
    mesh = spine.bones[name]
    d = spine.model.dims[name]
    front = chord(mesh, (0.0, 0.25 * d.epd, 0.0), (1.0, 0.0, 0.0), reach=40.0)
    back = chord(mesh, (0.0, -0.25 * d.epd, 0.0), (1.0, 0.0, 0.0), reach=40.0)
    assert front < 0.8 * back, f"{name}: {front:.1f} mm in front, {back:.1f} behind"


THORACIC_END_OF_RANGE = ["extension=90", "flexion=90", "rotation=90", "rotation=-90", "bend=90", "bend=-90",
                         "extension=90, rotation=90"]
# Strict xfails: a fix shows up as an unexpected pass and the entry must then go.
THORACIC_SHORTFALLS: dict[str, str] = {}  # T11/12 at extension + rotation passes since T12 is template-built


@pytest.mark.parametrize("spec", THORACIC_END_OF_RANGE)
def test_thoracic_neighbours_touch_only_at_their_facets(spine, spec, request):
    """Every thoracic segment (T1/2 ... T12/L1) at the end of its range (requests beyond the range are
    clamped to it): bones meet only around the facets, within the facet's radius + 8 mm of its centre,
    as for the lumbar spine (tests/motion/test_end_of_range.py)."""
    from spineviz.anatomy.levels import SEGMENTS
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
