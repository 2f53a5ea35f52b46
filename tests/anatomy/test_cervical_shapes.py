"""The typical cervical vertebrae C3-C7 read as cervical bones: measured on the shipped meshes.

What an anatomy teacher checks on a dry cervical vertebra, each measured on the mesh (local frame):
a ring of bone round a foramen transversarium of the measured size at every level, the gutter for the
spinal nerve a trough between an anterior and a posterior bar that flare into two tubercles (not balls on
rods), the carotid tubercle standing out at C6, uncinate processes that are thick lips rather than fins, an
articular pillar that is a solid block only mildly drawn in between its facets (not a spool), and laminae
of bone thickness rather than membranes; each pillar's flat, inclined facets carry a thin layer of
cartilage lying wholly on bone.
"""

import numpy as np
import pytest
import vtk

from spineviz.anatomy import measure, softtissue
from spineviz.anatomy.joints import CARTILAGE_MM
from spineviz.anatomy.levels import LEVELS
from spineviz.anatomy.shapes import cervical
from spineviz.anatomy.spine import load_spine, model
from tests.anatomy.spinous import spine_axes

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TYPICAL = ["C3", "C4", "C5", "C6", "C7"]
SIDES = ("left", "right")


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def _hit_distances(mesh, origin, direction, reach: float) -> np.ndarray:
    """Distances from ``origin`` to every crossing of the surface along ``direction`` (sorted)."""
    pts, _ = mesh.ray_trace(origin, origin + reach * direction)
    return np.sort(np.linalg.norm(np.asarray(pts).reshape(-1, 3) - origin, axis=1))


def _horizontal(angle: float) -> np.ndarray:
    return np.array([np.cos(angle), np.sin(angle), 0.0])


def test_foramen_size_is_its_source():
    """Sangari et al. 2015: mean diameters 5.55 mm (right) and 5.48 mm (left) in 71 dry C3-C6."""
    assert cervical.FORAMEN_DIAMETER == pytest.approx((5.55 + 5.48) / 2, abs=0.05)


def test_lamina_thickness_within_its_sources():
    """Xu et al. 1999: 1.9 mm at C5 (thinnest in the spine); Korean dry spines 1996: 2.9 mm at C5."""
    assert 1.9 <= cervical.LAMINA_THICKNESS <= 2.9 * 1.1


def test_lamina_plate_thickness_within_its_sources():
    """Session 16: the band's plate above its bar (cervical.LAMINA_PLATE) at every level stays within the same
    cited thicknesses (Xu et al. 1999: 1.9 mm at C5; Korean dry spines 1996: 2.9 mm at C5)."""
    assert all(1.9 <= t <= 2.9 for t in cervical.LAMINA_PLATE.values())


def test_uncinate_heights_are_their_source():
    """Lu et al. 1998 (270 dry vertebrae): 5.8-6.1 mm at C4-C6, significantly lower at C3 and C7. C3 is held
    below the C2/3 disc height (C2 carries no bevel for it)."""
    h = cervical.UNCINATE_HEIGHT
    assert all(5.8 <= h[n] <= 6.1 for n in ("C4", "C5", "C6"))
    assert h["C7"] < 5.8 and h["C3"] < 5.8
    assert h["C3"] < model().segs["C2/3"].disc_h


@pytest.mark.parametrize("name", TYPICAL)
def test_transverse_foramen_is_a_ring_of_bone_of_the_measured_size(spine, name):
    """In the horizontal plane through the foramen, every direction meets bone 2.5-3.1 mm out (a 5-6 mm
    hole, within 10 % of the source) and the bone there is at least 1.5 mm thick (a ring, not a wire)."""
    mesh = spine.bones[name]
    for side in SIDES:
        c = np.array(spine.landmarks[name][f"transverse_foramen_{side}"])
        radii, walls = [], []
        for angle in np.linspace(0.0, 2 * np.pi, 16, endpoint=False):
            d = _hit_distances(mesh, c, _horizontal(angle), 20.0)
            assert len(d), f"{name} {side}: the ring is open toward {np.degrees(angle):.0f} deg"
            radii.append(d[0])
            walls.append(d[1] - d[0] if len(d) > 1 else 20.0 - d[0])
        diameter = 2 * float(np.mean(radii))
        assert diameter == pytest.approx(cervical.FORAMEN_DIAMETER, rel=0.10), (name, side, diameter)
        assert max(radii) < 0.6 * cervical.FORAMEN_DIAMETER, (name, side, np.round(radii, 2))
        assert min(walls) >= 1.5, (name, side, np.round(walls, 2))


def _top(mesh, x: float, y: float) -> float:
    pts, _ = mesh.ray_trace((x, y, 40.0), (x, y, -40.0))
    return float(np.asarray(pts).reshape(-1, 3)[:, 2].max()) if len(pts) else float("nan")


@pytest.mark.parametrize("name", TYPICAL)
def test_transverse_process_carries_a_gutter_between_two_tubercles(spine, name):
    """Across the process, from the posterior to the anterior lip, the upper surface dips at least 1.5 mm
    below both lips: the groove for the spinal nerve."""
    mesh = spine.bones[name]
    for side in SIDES:
        lm = spine.landmarks[name]
        ant, post = np.array(lm[f"anterior_tubercle_{side}"]), np.array(lm[f"posterior_tubercle_{side}"])
        g = np.array(lm[f"gutter_{side}"])
        fwd = (ant - post) * (1.0, 1.0, 0.0)
        fwd /= np.linalg.norm(fwd)
        tops = np.array([_top(mesh, *(g + t * fwd)[:2]) for t in np.linspace(-4.5, 4.5, 7)])
        floor = np.nanmin(tops[2:5])
        assert tops[:2].max() - floor >= 1.5 and tops[-2:].max() - floor >= 1.5, (name, side, np.round(tops, 1))
        assert ant[1] > post[1], f"{name} {side}: the anterior tubercle lies in front of the posterior one"


def _anterior_tubercle(spine, name, side):
    """Bone within 5 mm of the anterior tubercle: (height, reach forward of the foramen's centre)."""
    lm = spine.landmarks[name]
    a = np.array(lm[f"anterior_tubercle_{side}"])
    pts = np.asarray(spine.bones[name].points)
    near = pts[np.linalg.norm(pts - a, axis=1) < 5.0]
    return float(np.ptp(near[:, 2])), float(near[:, 1].max() - lm[f"transverse_foramen_{side}"][1])


@pytest.mark.parametrize("side", SIDES)
def test_c6_carotid_tubercle_stands_out(spine, side):
    """C6's anterior (carotid) tubercle is taller and reaches further forward than those of C5 and C7."""
    assert f"carotid_tubercle_{side}" in spine.landmarks["C6"]
    h6, f6 = _anterior_tubercle(spine, "C6", side)
    for other in ("C5", "C7"):
        h, f = _anterior_tubercle(spine, other, side)
        assert h6 >= h + 1.0 and f6 >= f + 1.0, (side, other, (h6, f6), (h, f))


def _pillar_reach(tree, bottom: np.ndarray, top: np.ndarray, direction, n: int = 11) -> np.ndarray:
    """How far the bone reaches along ``direction`` (horizontal) from points on the pillar's axis, which runs
    from the inferior facet's centre (``bottom``) to the superior one's (``top``): the pillar leans."""
    d = np.asarray(direction, float)
    out = []
    for t in np.linspace(0.0, 1.0, n):
        p = bottom + t * (top - bottom)
        hits = _crossings(tree, p, p + 15.0 * d)
        out.append(float(((hits - p) @ d).max()) if len(hits) else np.nan)
    return np.array(out)


@pytest.mark.parametrize("name", TYPICAL)
def test_articular_pillar_is_a_block_only_mildly_waisted(spine, name):
    """The lateral mass is a solid block whose top and bottom are its facets, not a spool: out from its axis,
    its lateral border reaches at mid-height (the middle three of eleven stations) at least 0.8 of its reach
    at the facet ends (the best of the three stations at either end), and at most 0.97 of it (the border
    still undulates gently, as on an AP radiograph). The meshes before session 6 failed (0.58-0.67: two discs
    on a narrow waist)."""
    tree = _locator(spine.bones[name])
    for side, sx in (("right", 1.0), ("left", -1.0)):
        lm = spine.landmarks[name]
        s, i = np.array(lm[f"superior_facet_{side}"]), np.array(lm[f"inferior_facet_{side}"])
        reach = _pillar_reach(tree, i, s, (sx, 0.0, 0.0))
        ratio = np.nanmin(reach[4:7]) / min(np.nanmax(reach[:3]), np.nanmax(reach[-3:]))
        assert 0.8 <= ratio <= 0.97, (name, side, round(float(ratio), 2), np.round(reach, 1))


def _lamina_axes(spine, name: str, side: str) -> tuple[np.ndarray, np.ndarray]:
    """A lamina's mid-length landmark and the horizontal unit vector square to the lamina there."""
    lm = spine.landmarks[name]
    mid = np.array(lm[f"lamina_{side}"])
    along = (np.array(lm["spinous_base"]) - mid) * (1.0, 1.0, 0.0)
    along /= np.linalg.norm(along)
    return mid, np.array([-along[1], along[0], 0.0])


@pytest.mark.parametrize("name", TYPICAL)
def test_laminae_have_bone_thickness(spine, name):
    """Square to each lamina at mid-length, the plate is 1.9-5 mm thick at three heights.

    Xu et al. 1999 (Spine 24:107): 1.9 mm at C5, the thinnest lamina of the spine; 5.0 mm at T2, the thickest.
    """
    mesh = spine.bones[name]
    for side in SIDES:
        mid, n = _lamina_axes(spine, name, side)
        for dz in (-2.0, 0.0, 2.0):
            p = mid + (0.0, 0.0, dz)
            pts, _ = mesh.ray_trace(p - 10.0 * n, p + 10.0 * n)
            s = np.sort((np.asarray(pts).reshape(-1, 3) - p) @ n)
            before, after = s[s <= 0.0], s[s > 0.0]
            assert len(before) and len(after), f"{name} {side}: no lamina at {dz:+.0f} mm"
            thickness = after.min() - before.max()
            assert 1.9 <= thickness <= 5.0, (name, side, dz, round(float(thickness), 2))


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_bifid_tubercles_are_flattened_not_balls(spine, name):
    """Each fork's last 2 mm (its tubercle) is at least 1.5 times taller, square to the spine, than it is wide
    (flattened side to side as on a dry bone; a ball would be as wide as tall) and at most 4.5 mm wide."""
    base, axis, up = spine_axes(spine, name)
    pts = np.asarray(spine.bones[name].points)
    s = (pts - base) @ axis
    for sx in (1.0, -1.0):
        end = pts[(s > s.max() - 2.0) & (sx * pts[:, 0] > 0.3)]
        assert len(end) >= 8, (name, sx)
        width, height = float(np.ptp(end[:, 0])), float(np.ptp(end @ up))
        assert height >= 1.5 * width and width <= 4.5, (name, sx, round(width, 2), round(height, 2))


def _locator(mesh) -> vtk.vtkOBBTree:
    tree = vtk.vtkOBBTree()
    tree.SetDataSet(mesh)
    tree.BuildLocator()
    return tree


def _crossings(tree: vtk.vtkOBBTree, a, b) -> np.ndarray:
    """Every point where the segment ``a``-``b`` crosses the surface."""
    pts = vtk.vtkPoints()
    tree.IntersectWithLine([float(v) for v in a], [float(v) for v in b], pts, None)
    return np.array([pts.GetPoint(k) for k in range(pts.GetNumberOfPoints())]).reshape(-1, 3)


def _facets(spine, name: str):
    """Each flat facet of ``name`` in its local frame: (label, centre, outward normal, u, v, cartilage mesh)."""
    index = next(lv.index for lv in LEVELS if lv.name == name)
    inv = np.linalg.inv(spine.model.frames[index])
    out = []
    for j in spine.model.joints:
        for which, idx in (("upper", j.upper_index), ("lower", j.lower_index)):
            if idx != index or j.curved:
                continue
            c, n = j.bone_facet(which)
            c, n, u = inv[:3, :3] @ c + inv[:3, 3], inv[:3, :3] @ n, inv[:3, :3] @ j.u
            out.append((f"{j.name} {which}", c, n, u, np.cross(n, u), spine.cartilage[(j.name, which)], j))
    return out


def _overhang(tree, centre, normal, u, v, layer) -> float:
    """How far (mm) the cartilage's footprint reaches past the bone beneath it, at worst.

    From each point of the layer's outline, projected onto the facet plane, a probe steps back toward the
    centre until a line square to the facet (1 mm above to 1.5 mm below the plane) meets bone.
    """
    p = np.asarray(layer.points) - centre
    pu, pv = p @ u, p @ v
    angle, radius = np.arctan2(pv, pu), np.hypot(pu, pv)
    worst = 0.0
    for t in np.linspace(-np.pi, np.pi, 48, endpoint=False):
        near = np.abs((angle - t + np.pi) % (2 * np.pi) - np.pi) < 0.08
        if not near.any():
            continue
        d = np.cos(t) * u + np.sin(t) * v
        reach = float(radius[near].max())
        step = 0.0
        while step < 4.0 and not len(_crossings(tree, centre + (reach - step) * d + normal,
                                                centre + (reach - step) * d - 1.5 * normal)):
            step += 0.1
        worst = max(worst, step)
    return worst


@pytest.mark.parametrize("name", TYPICAL)
def test_facet_cartilage_lies_wholly_on_bone(spine, name):
    """No facet's cartilage reaches more than 0.5 mm past the bone under it (it read as a cap on a stalk)."""
    tree = _locator(spine.bones[name])
    for label, c, n, u, v, layer, _j in _facets(spine, name):
        assert _overhang(tree, c, n, u, v, layer) < 0.5, (name, label)


def _bare_rim(tree, centre, normal, u, v, layer, depth: float = 2.5, look: float = -1.0) -> np.ndarray:
    """How wide (mm) the bone round a facet's cartilage is as seen from above, in 24 directions in its plane.

    From the cartilage's outline a probe steps outward in the facet plane; at each step a vertical line from
    above finds the topmost surface, and the rim goes on while that is bone within ``depth`` below the facet
    plane (the bevelled edge of the pillar) and ends where the line finds nothing or bone further down (the
    transverse process, the canal). Capped at 4 mm. ``look`` is the line of sight's vertical direction: -1
    looks down from above (a superior facet), +1 up from below (an inferior facet, whose "below the plane" is
    then above it, inside the inferior articular process).
    """
    sight = np.array([0.0, 0.0, -look])  # toward the viewer
    p = np.asarray(layer.points) - centre
    angle, radius = np.arctan2(p @ v, p @ u), np.hypot(p @ u, p @ v)
    widths = []
    for t in np.linspace(-np.pi, np.pi, 24, endpoint=False):
        near = np.abs((angle - t + np.pi) % (2 * np.pi) - np.pi) < 0.2
        d = np.cos(t) * u + np.sin(t) * v
        reach, step = float(radius[near].max()), 0.0
        while step < 4.0:
            q = centre + (reach + step) * d
            x = _crossings(tree, q + 30.0 * sight, q - 30.0 * sight)
            if not len(x) or (x[np.argmax(x @ sight)] - centre) @ normal < -depth:
                break
            step += 0.1
        widths.append(step)
    return np.array(widths)


@pytest.mark.parametrize("name", TYPICAL)
def test_bone_shows_round_each_superior_facet_from_above(spine, name):
    """From above a band of bone at least 1 mm wide frames each superior facet's cartilage all round (the
    pillar a little larger than its facet, as C2's rim, special.C2_FACET_RIM): the cartilage is not a coin
    capping the pillar. Session 11: the old meshes left 0.2-0.6 mm laterally and medially at C4-C7 (C3's
    least was 1.1 mm); with the wider block and shelf (PILLAR_RIM_LATERAL, PILLAR_RIM_MEDIAL) 1.0-2.0 mm."""
    tree = _locator(spine.bones[name])
    for label, c, n, u, v, layer, _j in _facets(spine, name):
        if not label.endswith("lower"):  # this bone is the lower one of the joint above: its superior facet
            continue
        widths = _bare_rim(tree, c, n, u, v, layer)
        assert widths.min() >= 0.95, (name, label, np.round(widths, 1))


@pytest.mark.parametrize("name", TYPICAL)
def test_bone_shows_round_each_inferior_facet_from_below(spine, name):
    """From below, the matching check: a band of bone at least 0.6 mm wide frames each inferior facet's
    cartilage all round, and on average at least 2 mm: the inferior articular process is a little larger than
    its facet (Gray 1918; Standring 2016), not a cap of cartilage on a stalk. Session 13 (cerv13b): the s13
    meshes showed 0.3 mm laterally and medially at every level C3-C7; the band round the superior facet
    (PILLAR_RIM_MEDIAL/LATERAL) now frames the inferior one too: 0.6-1.0 mm at worst."""
    tree = _locator(spine.bones[name])
    for label, c, n, u, v, layer, _j in _facets(spine, name):
        if not label.endswith("upper"):  # this bone is the upper one of the joint below: its inferior facet
            continue
        widths = _bare_rim(tree, c, n, u, v, layer, look=1.0)
        assert widths.min() >= 0.55 and widths.mean() >= 2.0, (name, label, np.round(widths, 1))


@pytest.mark.parametrize("name", TYPICAL)
def test_facet_cartilage_is_a_thin_layer_on_the_facet(spine, name):
    """The layer stands CARTILAGE_MM (0.75 mm) off its facet over the middle and thins toward the margin:
    a coat on the joint surface, not a disc of uniform thickness set on it."""
    for label, c, n, u, v, layer, j in _facets(spine, name):
        p = np.asarray(layer.points) - c
        h = p @ n
        rho = np.hypot((p @ u) / j.half_width, (p @ v) / j.half_height)
        top = h > 0.0
        middle, rim = top & (rho < 0.6), top & (rho > 0.9)
        assert np.allclose(h[middle], CARTILAGE_MM, atol=0.05), (name, label, np.round(h[middle], 2))
        assert h[rim].max() <= 0.7 * CARTILAGE_MM, (name, label, round(float(h[rim].max()), 2))


@pytest.mark.parametrize("name", TYPICAL)
def test_facets_are_flat_ovals_at_the_tables_angle(spine, name):
    """Under its cartilage each bony facet is a plane (within 0.3 mm over 80 % of its oval) inclined as the
    table says: a superior facet's plane lies at ``sft`` to the transverse plane (within 5 deg), about 45 deg
    in the cervical spine (Pal et al. 2001 via PMC2219934, the table's superior facet angles)."""
    tree = _locator(spine.bones[name])
    d = spine.model.dims[name]
    for label, c, n, u, v, _layer, j in _facets(spine, name):
        hits = _bony_facet_hits(tree, (name, label), c, n, u, v, j)
        centre = hits.mean(axis=0)
        fit = np.linalg.svd(hits - centre)[2][2]
        assert np.abs((hits - centre) @ fit).max() <= 0.3, (name, label)
        tilt = np.degrees(np.arccos(abs(fit[2])))
        if label.endswith("lower"):  # the superior facet of this level: its own row's angle
            assert tilt == pytest.approx(d.sft, abs=5.0), (name, label, round(float(tilt), 1), d.sft)
        assert np.degrees(np.arccos(min(1.0, abs(fit @ n)))) <= 3.0, (name, label)


def _bony_facet_hits(tree, where, c, n, u, v, j) -> np.ndarray:
    """Where lines along a facet's normal, over the middle 80 % of its oval, cross the bone nearest the facet
    plane: the facet's bony surface as found on the mesh (``where`` names the facet in a failure)."""
    hits = []
    for a in np.linspace(-0.8, 0.8, 9):
        for b in np.linspace(-0.8, 0.8, 9):
            if a * a + b * b > 0.64:
                continue
            q = c + a * j.half_width * u + b * j.half_height * v
            x = _crossings(tree, q + 3.0 * n, q - 3.0 * n)
            assert len(x), (*where, "no bone under the facet at", a, b)
            hits.append(x[np.argmin(np.abs((x - c) @ n))])
    return np.array(hits)


@pytest.mark.parametrize("name", TYPICAL)
def test_inferior_facet_lies_close_behind_the_superior_one(spine, name):
    """Seen from the side, a cervical articular pillar stands upright: the centre of its inferior facet (as
    found on the bone) lies no more than 2.5 mm behind that of its superior one. At C3-C6 it is 1.3-1.7 mm
    (Pal et al. 2001's facet angles and the cervical placement of joints.py); C7, whose inferior facet meets
    T1, was 5.7 mm when the C7/T1 joint was placed by the thoracic rule, and its pillar leaned back (session
    10, the cervicothoracic transition: C7's inferior facets are of the cervical kind, Gray 1918; Standring
    2016); since the C7/T1 joint sits at the cervical depth, 2.0 mm. The bound 2.5 mm is a modelling value [M]:
    no measured sagittal offset found."""
    tree = _locator(spine.bones[name])
    facets = _facets(spine, name)
    for side in SIDES:
        own = [f for f in facets if f[6].id.side == side]
        sup = next(f for f in own if f[0].endswith("lower"))
        inf = next(f for f in own if f[0].endswith("upper"))
        ys = [float(_bony_facet_hits(tree, (name, f[0]), *f[1:5], f[6]).mean(axis=0)[1]) for f in (sup, inf)]
        behind = ys[0] - ys[1]
        assert -0.5 <= behind <= 2.5, (name, side, round(behind, 2), np.round(ys, 2))


def _lowest_edge(centre, normal, u, v, layer, j) -> float:
    """The height (z) of a facet's lowest (posterior) edge, read off the flat sheet of cartilage its facet
    carried before issue 10 (softtissue._flat_layer over the same oval): the span the pillar's back is judged
    over stays where it was, now that the C3-C7 layers feather to the facet plane at their edge."""
    sheet = softtissue._flat_layer(centre, normal, u, softtissue.FLAT_INSET * j.half_width,
                                   softtissue.FLAT_INSET * j.half_height)
    return float(np.min(sheet.points[:, 2]))


@pytest.mark.parametrize("name", TYPICAL)
def test_articular_pillar_back_is_drawn_in_between_its_facets(spine, name):
    """Seen from the side, the pillar's back is slightly concave between the lowest (posterior) edges of its
    two facets: at mid-height it stands at least 0.7 mm (at most 3.5 mm) in front of the chord joining the
    back's furthest reach in the lower and in the upper quarter of that span (it was a slab sloping straight
    up and in). (Session 7: measured from the chord rather than from each end's reach, because C7's block now
    reaches back to its inferior facet, about 6 mm behind its superior one, so its upper quarter is the
    block's sloping top face; for C3-C6, whose ends reach equally far back, the two measures agree.)"""
    tree = _locator(spine.bones[name])
    facets = _facets(spine, name)
    for side in SIDES:
        lm = spine.landmarks[name]
        x = 0.5 * (lm[f"superior_facet_{side}"][0] + lm[f"inferior_facet_{side}"][0])
        own = [f for f in facets if f[6].id.side == side]
        sup = next(f for f in own if f[0].endswith("lower"))
        inf = next(f for f in own if f[0].endswith("upper"))
        # a millimetre inside each edge, clear of the facet surfaces themselves
        z_lo, z_hi = _lowest_edge(*inf[1:]) + 1.0, _lowest_edge(*sup[1:]) - 1.0
        back = []
        for z in np.linspace(z_lo, z_hi, 13):
            x_hits = _crossings(tree, (x, -80.0, z), (x, 20.0, z))
            assert len(x_hits), (name, side, z)
            back.append(float(x_hits[:, 1].min()))
        back = np.array(back)
        k_lo, k_hi = int(np.argmin(back[:3])), 10 + int(np.argmin(back[-3:]))
        chord = back[k_lo] + (np.arange(13) - k_lo) * (back[k_hi] - back[k_lo]) / (k_hi - k_lo)
        drawn_in = float((back - chord)[5:8].min())
        assert 0.7 <= drawn_in <= 3.5, (name, side, round(drawn_in, 2), np.round(back, 1))


def _top_z(tree, x: float, y: float) -> float:
    hits = _crossings(tree, (x, y, 40.0), (x, y, -40.0))
    return float(hits[:, 2].max()) if len(hits) else float("nan")


def _uncinate_frame(spine, name: str):
    """The level's row, a locator on its mesh, the endplate's posterior border (y), the height of the upper
    surface just in front of it (the rim the uncinates rise from) and the cited uncinate height."""
    d = spine.model.dims[name]
    tree = _locator(spine.bones[name])
    back = -d.epd / 2
    return d, tree, back, _top_z(tree, 0.0, back + 1.5), cervical.UNCINATE_HEIGHT[name]


@pytest.mark.parametrize("name", TYPICAL)
def test_uncinate_processes_rise_at_the_lateral_rims(spine, name):
    """Above the posterior rim of the upper endplate, each uncinate process rises to its cited height (Lu et
    al. 1998: 5.8-6.1 mm at C4-C6; the held-down C3 and working C7 values in cervical.UNCINATE_HEIGHT), within
    15 %, over the posterolateral rim; and in the frontal plane the endplate between the two is a saddle
    (lower at the midline, by at least 1 mm, than at the medial foot of either lip)."""
    d, tree, back, rim, wanted = _uncinate_frame(spine, name)
    for sx in (1.0, -1.0):
        tops = [_top_z(tree, sx * x, y) for x in np.arange(d.epw / 2 - 5.0, d.epw / 2 + 0.01, 0.5)
                for y in np.arange(back + 1.0, back + 6.01, 0.5)]
        height = np.nanmax(tops) - rim
        assert height == pytest.approx(wanted, rel=0.15), (name, sx, round(float(height), 2), wanted)
    y = back + 3.0
    middle = _top_z(tree, 0.0, y)
    inside = [_top_z(tree, sx * (d.epw / 2 - cervical.UNCINATE_BASE[name]), y) for sx in (1.0, -1.0)]
    assert min(inside) - middle >= 1.0, (name, middle, inside)


@pytest.mark.parametrize("name", TYPICAL)
def test_laminae_read_as_plates_from_above(spine, name):
    """From above, across each lamina at mid-length, bone shows over a band at least 4 mm wide: the plate
    slopes down and back (a vertical plate showed only its 3 mm edge, a strap)."""
    tree = _locator(spine.bones[name])
    for side in SIDES:
        mid, across = _lamina_axes(spine, name, side)
        steps = np.arange(-8.0, 8.01, 0.25)
        seen = np.array([not np.isnan(_top_z(tree, *(mid + t * across)[:2])) for t in steps])
        band, run = 0.0, 0.0
        for hit in seen:
            run = run + 0.25 if hit else 0.0
            band = max(band, run)
        assert band >= 4.0, (name, side, band)


@pytest.mark.parametrize("name", ["C3", "C4", "C5"])
def test_bifid_spine_forks_only_near_its_end(spine, name):
    """The two tubercles of a bifid C3-C5 spine stand on a short notch at the end of one blade: along the
    spine, bone crosses the midline up to at least 70 % of its length from the base (the notch at most 30 %
    deep), and the notch is at least 1 mm deep (it is bifid)."""
    base, axis, up = spine_axes(spine, name)
    tree = _locator(spine.bones[name])
    length = float(np.linalg.norm(np.array(spine.landmarks[name]["spinous_tip"]) - base))
    solid = [s for s in np.arange(0.0, length + 0.01, 0.25)
             if len(_crossings(tree, base + s * axis + 8.0 * up, base + s * axis - 8.0 * up))]
    notch = length - max(solid)
    assert 1.0 <= notch <= 0.3 * length, (name, round(notch, 2), round(length, 2))


def test_c7_spine_is_long_and_single(spine):
    """C7, the vertebra prominens: its spine reaches at least 1.35 times as far from its base as C6's (the
    table: 28 against 18 mm) and crosses the midline to its very tip (single, not forked)."""
    reach = {}
    for name in ("C6", "C7"):
        base, axis, _up = spine_axes(spine, name)
        pts = np.asarray(spine.bones[name].points)
        reach[name] = float(((pts - base) @ axis).max())
    assert reach["C7"] >= 1.35 * reach["C6"], reach
    base, axis, up = spine_axes(spine, "C7")
    tree = _locator(spine.bones["C7"])
    s = reach["C7"] - 1.0
    assert len(_crossings(tree, base + s * axis + 8.0 * up, base + s * axis - 8.0 * up)), "C7's tip is forked"


def _process_axes(spine, name: str, side: str):
    """The foramen's centre, the horizontal unit vector from it toward the midpoint of the two tubercles (out
    along the process) and the horizontal unit vector square to that, pointing forward; and that distance."""
    lm = spine.landmarks[name]
    f = np.array(lm[f"transverse_foramen_{side}"])
    mid = 0.5 * (np.array(lm[f"anterior_tubercle_{side}"]) + np.array(lm[f"posterior_tubercle_{side}"]))
    out = (mid - f) * (1.0, 1.0, 0.0)
    length = float(np.linalg.norm(out))
    out /= length
    fwd = np.array([-out[1], out[0], 0.0])
    return f, out, fwd if fwd[1] > 0 else -fwd, length


@pytest.mark.parametrize("name", TYPICAL)
def test_transverse_gutter_is_a_trough_open_upward_that_falls_laterally(spine, name):
    """Lateral to the foramen the process is a trough, not a bar: at three stations out along it (from the
    foramen's lateral wall toward the tubercles), the upper surface across the process has bone under its
    lowest point (a floor, the costotransverse lamella) and rises at least 1.2 mm to both an anterior and a
    posterior bar; and the floor falls at least 0.8 mm from the first station to the last (the gutter runs
    out and down; its slope is a working value in cervical.py). A guard on the rebuilt process: the meshes
    before session 6 passed it too. At C7 the stations stop at 0.55 of the way out: its slight anterior bar
    (cervical.C7_ANTERIOR_REACH) ends there by design and the long posterior bar runs on alone (until session 8
    the last station, 0.75 of the way out, passed at C7 only on a single stray sample of bone in front)."""
    tree = _locator(spine.bones[name])
    for side in SIDES:
        floors, walls = _gutter_sections(tree, spine, name, side)
        assert min(walls) >= 1.2, (name, side, np.round(walls, 2))
        assert floors[0] - floors[-1] >= 0.8, (name, side, np.round(floors, 2))


def _gutter_sections(tree, spine, name: str, side: str) -> tuple[list[float], list[float]]:
    """At three stations out along the transverse process (from the foramen's lateral wall toward the
    tubercles; at C7 only to 0.55 of the way, where its slight anterior bar ends): the height of the gutter's
    floor (the lowest top within 3 mm of the axis) and the height of its lower wall above that floor (the lesser
    of the highest tops in front of it and behind it)."""
    f, out, fwd, length = _process_axes(spine, name, side)
    floors, walls = [], []
    for s in np.linspace(cervical.FORAMEN_DIAMETER / 2 + 1.5, (0.55 if name == "C7" else 0.75) * length, 3):
        tops = np.array([_top_z(tree, *(f + s * out + t * fwd)[:2]) for t in np.arange(-6.0, 6.01, 0.5)])
        middle = tops[6:19]  # within 3 mm of the axis
        assert not np.isnan(middle).all(), (name, side, s, "no floor")
        k = 6 + int(np.nanargmin(middle))
        floors.append(float(tops[k]))
        walls.append(float(min(np.nanmax(tops[:k]), np.nanmax(tops[k + 1:])) - tops[k]))
    return floors, walls


def _anterior_bar_heights(tree, spine, name: str, side: str, xs) -> np.ndarray:
    """Height (top to bottom) of the bone in front of the process's axis at each |x| in ``xs``: the anterior
    bar's section seen from in front, out to its tubercle."""
    f, out, fwd, _ = _process_axes(spine, name, side)
    sx = 1.0 if side == "right" else -1.0
    heights = []
    for x in xs:
        s = (sx * x - f[0]) / out[0]
        axis = f + s * out
        top, bottom = -np.inf, np.inf
        for t in np.arange(0.5, 9.01, 0.4):
            hits = _crossings(tree, (*(axis + t * fwd)[:2], 40.0), (*(axis + t * fwd)[:2], -40.0))
            if len(hits):
                top, bottom = max(top, hits[:, 2].max()), min(bottom, hits[:, 2].min())
        heights.append(top - bottom if top > bottom else np.nan)
    return np.array(heights)


@pytest.mark.parametrize("name", TYPICAL)
def test_anterior_tubercle_is_the_bars_end_not_a_ball_on_a_rod(spine, name):
    """The anterior tubercle is where its bar flares out, not a knob on a stalk: its section (the tallest
    within 2 mm of its landmark) is at most 1.3 times as tall as the bar's 6 mm medial to it. The meshes before
    session 6 failed at C3-C6 (C6: 9.3 against 5.3 mm, the "dog bone" the lead saw)."""
    tree = _locator(spine.bones[name])
    for side in SIDES:
        t = abs(spine.landmarks[name][f"anterior_tubercle_{side}"][0])
        tub = np.nanmax(_anterior_bar_heights(tree, spine, name, side, np.arange(t - 2.0, t + 1.01, 0.5)))
        bar = _anterior_bar_heights(tree, spine, name, side, [t - 6.0])[0]
        assert tub <= 1.3 * bar, (name, side, round(float(tub), 1), round(float(bar), 1))


def _uncinate_thickness(tree, d, sx: float, y: float, z: float) -> float:
    """Side-to-side thickness of the uncinate lip at height ``z`` on the horizontal line at ``y``: from its
    lateral face to the first surface medial to it."""
    x = np.sort(_crossings(tree, (sx * (d.epw / 2 + 6.0), y, z), (sx * (d.epw / 2 - 9.0), y, z))[:, 0] * sx)[::-1]
    return float(x[0] - x[1]) if len(x) >= 2 else 0.0


@pytest.mark.parametrize("name", TYPICAL)
def test_uncinate_is_a_thick_lip_not_a_fin(spine, name):
    """Each uncinate process is a lip thick at its base: across it, a quarter of the way up from the posterior
    rim, it is at least 0.85 times as thick as it is tall, and halfway up at least 0.6 times (Lu et al. 1998:
    base 4.9-6.3 mm wide for a height of 5.0-6.1 mm). Median of three sections 2-4.5 mm in front of the
    posterior rim. The meshes before session 6 failed at C4-C6 (C6: 4.6 and 3.0 mm for a 5.9 mm lip, a fin)
    and halfway up at C7."""
    d, tree, back, rim, height = _uncinate_frame(spine, name)
    for sx in (1.0, -1.0):
        ys = (back + 2.0, back + 3.0, back + 4.5)
        base = np.median([_uncinate_thickness(tree, d, sx, y, rim + 0.25 * height) for y in ys])
        mid = np.median([_uncinate_thickness(tree, d, sx, y, rim + 0.5 * height) for y in ys])
        assert base >= 0.85 * height and mid >= 0.6 * height, (name, sx, round(base, 2), round(mid, 2), height)


def _end_outline(spine, name: str, side: str) -> tuple[np.ndarray, np.ndarray]:
    """Seen from above, how far out along the process the bone reaches in each 0.5 mm band across it: (band
    centres, forward of the process's axis in mm; reach in mm from the foramen's centre, nan where no bone)."""
    f, out, fwd, _ = _process_axes(spine, name, side)
    pts = np.asarray(spine.bones[name].points) - f
    o, a = pts @ out, pts @ fwd
    keep = o > cervical.FORAMEN_DIAMETER / 2
    bands = np.arange(-8.0, 8.01, 0.5)
    reach = np.array([o[keep & (np.abs(a - b) < 0.25)].max() if (keep & (np.abs(a - b) < 0.25)).any() else np.nan
                      for b in bands])
    return bands, reach


@pytest.mark.parametrize("name", TYPICAL)
def test_each_transverse_process_ends_in_two_tubercles(spine, name):
    """Seen from above, the end of each process has two tips, the anterior and posterior tubercles, one on
    either side of the gutter's axis, with a notch between them at least 1.2 mm deep behind the shorter tip
    (where the nerve leaves the gutter). The meshes before session 6 failed at C3-C7 (0.4-0.84 mm: the
    process ended in one lobed knob)."""
    for side in SIDES:
        bands, reach = _end_outline(spine, name, side)
        front, behind = bands > 0.5, bands < -0.5
        ia = np.flatnonzero(front)[np.nanargmax(reach[front])]
        ip = np.flatnonzero(behind)[np.nanargmax(reach[behind])]
        notch = np.nanmin(reach[ip:ia + 1])
        depth = min(reach[ia], reach[ip]) - notch
        assert depth >= 1.2, (name, side, round(float(depth), 2), np.round(reach, 1))


def _tubercle_height(spine, name: str, which: str, side: str) -> float:
    """Height (top to bottom) of the bone within 5 mm of a tubercle's landmark."""
    a = np.array(spine.landmarks[name][f"{which}_tubercle_{side}"])
    pts = np.asarray(spine.bones[name].points)
    return float(np.ptp(pts[np.linalg.norm(pts - a, axis=1) < 5.0][:, 2]))


@pytest.mark.parametrize("side", SIDES)
def test_c6_anterior_tubercle_is_the_largest(spine, side):
    """C6's anterior (carotid) tubercle is the tallest anterior tubercle of C3-C7 (by at least 0.5 mm) and
    taller than C6's own posterior tubercle."""
    h = {name: _tubercle_height(spine, name, "anterior", side) for name in TYPICAL}
    assert all(h["C6"] >= h[n] + 0.5 for n in TYPICAL if n != "C6"), (side, {k: round(v, 1) for k, v in h.items()})
    assert h["C6"] > _tubercle_height(spine, "C6", "posterior", side), side


# --- Session 7: the lateral mass as a block whose faces are the facets, slender laminar plates, low uncinates.


def _rim_profile(tree, centre, normal, u, v, layer, out: float = 0.8) -> tuple[np.ndarray, np.ndarray]:
    """Round each facet's cartilage, in 48 directions in the facet plane: (step, under).

    ``step``: ``out`` mm beyond the cartilage's edge, how far below the facet plane the highest bone surface
    lies (on a line square to the facet from 2 mm above to 4 mm below; 4 where there is none). ``under``: at
    the cartilage's edge itself, how deep under the plane the bone runs before the line leaves it (4 if it
    does not within 4 mm). A facet that is the pillar's own face either runs on (or falls away in a shallow
    chamfer, step <= 0.5) or ends at the block's side with bone on under its edge (under >= 2); a ring cut
    round it leaves a ledge (step about 1), and a coin on a stalk has no bone beyond and little under its edge.
    """
    p = np.asarray(layer.points) - centre
    pu, pv = p @ u, p @ v
    angle, radius = np.arctan2(pv, pu), np.hypot(pu, pv)
    steps, under = [], []
    for t in np.linspace(-np.pi, np.pi, 48, endpoint=False):
        near = np.abs((angle - t + np.pi) % (2 * np.pi) - np.pi) < 0.08
        if not near.any():
            continue
        d = np.cos(t) * u + np.sin(t) * v
        edge = centre + float(radius[near].max()) * d
        hits = _crossings(tree, edge + out * d + 2.0 * normal, edge + out * d - 4.0 * normal)
        h = (hits - centre) @ normal if len(hits) else np.array([])
        h = h[h <= 0.5]
        steps.append(-float(h.max()) if len(h) else 4.0)
        hits = _crossings(tree, edge + 1.0 * normal, edge - 4.0 * normal)
        h = np.sort((hits - centre) @ normal)[::-1] if len(hits) else np.array([])
        under.append(-float(h[1]) if len(h) > 1 else (4.0 if len(h) else 0.0))
    return np.array(steps), np.array(under)


@pytest.mark.parametrize("name", TYPICAL)
def test_facets_are_the_pillars_own_faces_with_no_ledge(spine, name):
    """Round each facet's cartilage, in at least 80 % of directions the facet either runs on flush (0.8 mm
    beyond the cartilage the bone lies within 0.5 mm of the plane: the face or its shallow chamfer) or ends at
    the pillar's side with bone running on at least 2 mm under its edge: the facet is the block's own face
    and its cartilage cannot overhang it. On main before session 7 that held in at most 9 % of directions
    (the ring cut stepped the bone 0.7-1 mm down round a 1.5 mm coin of bone: a blue coin on a stalk)."""
    tree = _locator(spine.bones[name])
    for label, c, n, u, v, layer, _j in _facets(spine, name):
        steps, under = _rim_profile(tree, c, n, u, v, layer)
        good = (steps <= 0.5) | ((steps >= 3.9) & (under >= 2.0))
        assert np.mean(good) >= 0.8, (name, label, round(float(np.mean(good)), 2), np.round(steps[::4], 1),
                                      np.round(under[::4], 1))


def _lateral_border(tree, spine, name: str, side: str) -> tuple[np.ndarray, np.ndarray]:
    """The pillar's lateral border as seen from behind: at each height, how far out from the pillar's axis
    the bone reaches, over the back half of the pillar only (so the transverse process in front of it does
    not count). Returns (heights, reach); NaN where the pillar has ended."""
    lm = spine.landmarks[name]
    s, i = np.array(lm[f"superior_facet_{side}"]), np.array(lm[f"inferior_facet_{side}"])
    back, y_mid, x0 = float(lm[f"pillar_back_{side}"][1]), 0.5 * (s[1] + i[1]), 0.5 * (s[0] + i[0])
    sx = 1.0 if side == "right" else -1.0
    zs = np.arange(i[2] - 8.0, s[2] + 8.01, 0.5)
    reach = []
    for z in zs:
        best = np.nan
        for y in np.arange(back - 2.0, y_mid + 0.01, 0.5):
            hits = _crossings(tree, (x0 + sx * 15.0, y, z), (x0, y, z))
            if len(hits):
                best = np.nanmax([best, float(((hits[:, 0] - x0) * sx).max())])
        reach.append(best)
    return zs, np.array(reach)


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_articular_pillar_from_behind_is_a_straight_sided_block(spine, name):
    """Seen from behind, each pillar's lateral border stands 0.9-1.6 times the body's height (where it reaches
    at least 3 mm out from the axis: a lateral mass about as tall as the body) and is nearly straight: over the
    middle 60 % of that height it never falls below 0.85 of its furthest reach (the gentle undulation of the
    articular column, not a spool). On main before session 7 it fell to 0.79-0.83. Not yet met at C7 (0.82,
    main 0.81): its inferior facet is turned forward and in, so its border widens steadily upward."""
    tree = _locator(spine.bones[name])
    hc = spine.model.dims[name].body_height
    for side in SIDES:
        zs, reach = _lateral_border(tree, spine, name, side)
        solid = np.nan_to_num(reach) >= 3.0
        z_lo, z_hi = zs[solid].min(), zs[solid].max()
        height = z_hi - z_lo
        middle = (zs >= z_lo + 0.2 * height) & (zs <= z_hi - 0.2 * height)
        ratio = float(np.nanmin(reach[middle]) / np.nanmax(reach))
        assert 0.9 * hc <= height <= 1.6 * hc, (name, side, round(float(height), 1), hc)
        assert ratio >= 0.85, (name, side, round(ratio, 2), np.round(reach[solid], 1))


def _lamina_piece(spine, name: str, side: str, r: float = 10.0, step: float = 0.2) -> np.ndarray:
    """The lamina's cross-section at mid-length, square to its length, as the grid points inside it: rows of
    (distance along the horizontal square to the lamina, height), mm. Sampled inside/outside on a grid in that
    plane; the piece holding the point nearest the lamina's landmark is kept."""
    mesh = spine.bones[name]
    mid, inward = _lamina_axes(spine, name, side)
    q = _piece_in_plane(mesh, mid, inward, np.array([0.0, 0.0, 1.0]), r, step)
    assert len(q), (name, side, "no bone in the lamina's plane")
    return q


def _piece_in_plane(mesh, centre: np.ndarray, e1: np.ndarray, e2: np.ndarray, r: float, step: float) -> np.ndarray:
    """The grid points (rows of coordinates along ``e1``, ``e2`` from ``centre``) inside ``mesh`` in the plane they
    span, within a square of half-side ``r``: the connected piece holding the inside point nearest ``centre``
    (an empty array if none)."""
    import pyvista as pv

    g = np.arange(-r, r + 1e-6, step)
    a, b = np.meshgrid(g, g, indexing="ij")
    pts = centre + np.outer(a.ravel(), e1) + np.outer(b.ravel(), e2)
    inside = (pv.PolyData(pts).compute_implicit_distance(mesh)["implicit_distance"] < 0).reshape(a.shape)
    if not inside.any():
        return np.zeros((0, 2))
    seed = np.zeros_like(inside)
    seed[np.unravel_index(np.argmin(np.where(inside, a * a + b * b, np.inf)), a.shape)] = True
    for _ in range(4 * len(g)):  # grow the piece through its neighbours (bounded)
        grown = seed.copy()
        grown[1:] |= seed[:-1]
        grown[:-1] |= seed[1:]
        grown[:, 1:] |= seed[:, :-1]
        grown[:, :-1] |= seed[:, 1:]
        grown &= inside
        if (grown == seed).all():
            break
        seed = grown
    return np.column_stack([a[seed], b[seed]])


def _lamina_section(spine, name: str, side: str, step: float = 0.2):
    """The lamina's section (_lamina_piece): (height, mean thickness, tilt from the vertical in degrees); its
    height is its extent along its long axis, its thickness its area over that height."""
    q = _lamina_piece(spine, name, side, step=step)
    axes = np.linalg.svd(q - q.mean(axis=0), full_matrices=False)[2]
    height = float(np.ptp((q - q.mean(axis=0)) @ axes[0]))
    thickness = len(q) * step * step / height
    tilt = float(np.degrees(np.arctan2(abs(axes[0][0]), abs(axes[0][1]))))
    return height, thickness, tilt


@pytest.mark.parametrize("name", TYPICAL)
def test_laminae_are_slender_plates_of_the_cited_size(spine, name):
    """Square to its length at mid-length each lamina is a plate about LAMINA_HEIGHT tall (9.5-12 mm, the
    teacher's 'about 10 mm'), 2.0-3.0 mm thick on average (Xu et al. 1999: 1.9 mm at C5; 2.9 mm in the Korean
    dry spines), sloping down and back (15-45 deg from the vertical). On main before session 7: 8.7-9.8 mm
    tall and 3.0-3.2 mm thick with fully rounded edges, which read as a rod."""
    for side in SIDES:
        height, thickness, tilt = _lamina_section(spine, name, side)
        assert 9.5 <= height <= 12.0, (name, side, round(height, 1))
        assert 2.0 <= thickness <= 3.0, (name, side, round(thickness, 2))
        assert 15.0 <= tilt <= 45.0, (name, side, round(tilt, 1))


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_laminae_show_a_broad_strip_from_above(spine, name):
    """From above, each lamina of C3-C6 shows as a strip, not a thin V: at mid-length its section spans at least
    7.5 mm horizontally, square to the lamina (cervical.LAMINA_TILT, 38 degrees, a modelling value; s9 at 30
    degrees: 6.4-6.8 mm), its thickness still the cited 2.0-3.0 mm (test above)."""
    for side in SIDES:
        q = _lamina_piece(spine, name, side)
        assert np.ptp(q[:, 0]) >= 7.5, (name, side, round(float(np.ptp(q[:, 0])), 1))


@pytest.mark.parametrize("name", TYPICAL)
def test_uncinate_is_a_low_lip_on_the_posterolateral_rim_only(spine, name):
    """The uncinate process is a lip of the posterolateral rim, not a wall along the body's side: over the
    lateral 5 mm of the upper surface, in the anterior 40 % of the endplate's depth, the bone rises at most
    1.5 mm above the posterior rim (the lip has faded out), and where the lip stands (the posterior 30 %),
    its medial foot (one base width in from the side) rises at most 1.5 mm: a low swell, not a second wall.
    On main before session 7 the lip ran 80 % of the way forward (2-3 mm high in the anterior 40 %) beside a
    ramp 2-2.5 mm high: from above, the tall back and sides of a chair."""
    d, tree, back, rim, _wanted = _uncinate_frame(spine, name)
    front = [_top_z(tree, sx * x, y) - rim for sx in (1.0, -1.0)
             for x in np.arange(d.epw / 2 - 5.0, d.epw / 2 + 0.01, 0.5)
             for y in np.arange(back + 0.6 * d.epd, d.epd / 2 - 0.49, 0.5)]
    assert np.nanmax(front) <= 1.5, (name, round(float(np.nanmax(front)), 2))
    foot = [_top_z(tree, sx * (d.epw / 2 - cervical.UNCINATE_BASE[name]), y) - rim for sx in (1.0, -1.0)
            for y in np.arange(back + 1.0, back + 0.3 * d.epd + 0.01, 0.5)]
    assert np.nanmax(foot) <= 1.5, (name, round(float(np.nanmax(foot)), 2))


@pytest.mark.parametrize("side", SIDES)
def test_c7_transverse_process_is_one_long_posterior_bar(spine, side):
    """Seen from above, C7's transverse process is one long stout posterior bar ending in a single large
    tubercle, its anterior bar slight: in front of the process's axis the bone reaches out from the foramen at
    most 0.6 times as far as behind it, and the posterior tubercle is at least as tall as C6's. On main before
    session 7 the anterior bar reached out as far as the posterior one (17.6 mm against 16.1): two parallel bars."""
    bands, reach = _end_outline(spine, "C7", side)
    front, behind = np.nanmax(reach[bands > 0.5]), np.nanmax(reach[bands < -0.5])
    assert front <= 0.6 * behind, (side, round(float(front), 1), round(float(behind), 1))
    assert _tubercle_height(spine, "C7", "posterior", side) >= _tubercle_height(spine, "C6", "posterior", side), side


# --- Session 8: uncinates that curl up along the side (not posts on the back corners), facets framed by a rim.


def _uncinate_profile(spine, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Along the body's side, front to back: (mm in front of the endplate's posterior border, how high the bone
    stands above the posterior rim over the lateral 5 mm, the taller of the two sides)."""
    d, tree, back, rim, _wanted = _uncinate_frame(spine, name)
    ys = np.arange(back + 0.5, back + 0.6 * d.epd, 0.5)
    tops = [max(np.nanmax([_top_z(tree, sx * x, y) for x in np.arange(d.epw / 2 - 5.0, d.epw / 2 + 0.01, 0.5)])
                for sx in (1.0, -1.0)) for y in ys]
    return ys - back, np.array(tops) - rim


@pytest.mark.parametrize("name", TYPICAL)
def test_uncinate_is_tallest_along_the_side_not_at_the_back_corner(spine, name):
    """Each uncinate lip is tallest along the posterolateral side, at least 3 mm in front of the endplate's
    posterior border, and at the back corner itself (the first millimetre in front of the border) it stands
    at most 0.75 of that height: a lip curling up the side, not a post on each back corner of the body. On main
    before session 8 the lip was tallest within 2 mm of the border and stood 0.97-1.0 of its height there."""
    at, height = _uncinate_profile(spine, name)
    k = int(np.nanargmax(height))
    corner = float(np.nanmax(height[at <= 1.5]))
    assert at[k] >= 3.0, (name, float(at[k]), np.round(height, 1))
    assert corner <= 0.75 * height[k], (name, round(corner, 2), round(float(height[k]), 2))


def _rim_depths(tree, c, n, u, v, j, out: float = 1.2) -> tuple[np.ndarray, np.ndarray]:
    """Round a facet's oval, in 48 directions: (the outward direction in the facet plane; how far below the
    plane the highest bone lies ``out`` mm beyond the oval's edge, on a line square to the facet from 1 mm above
    to 4 mm below, nan where there is none)."""
    dirs, depth = [], []
    for t in np.linspace(-np.pi, np.pi, 48, endpoint=False):
        edge = c + j.half_width * np.cos(t) * u + j.half_height * np.sin(t) * v
        d = np.cos(t) * j.half_height * u + np.sin(t) * j.half_width * v
        d /= np.linalg.norm(d)
        q = edge + out * d
        hits = _crossings(tree, q + 1.0 * n, q - 4.0 * n)
        h = (hits - c) @ n if len(hits) else np.array([])
        h = h[h <= 0.5]
        dirs.append(d)
        depth.append(-float(h.max()) if len(h) else np.nan)
    return np.array(dirs), np.array(depth)


@pytest.mark.parametrize("name", TYPICAL)
def test_superior_facets_are_framed_by_a_bevelled_rim(spine, name):
    """Behind each superior facet (the third of its oval that faces back, within 60 degrees of straight back:
    seen from above and behind) the pillar runs on as a bevelled rim that falls clearly away from the facet: 2 mm
    beyond the facet's edge the bone lies 1.3-2.2 mm below the facet's plane in at least 70 % of those
    directions (the 40-degree chamfer down to FACET_BEVEL_DEPTH). In front and medially the facet borders the
    intervertebral foramen and the lateral recess, where there is no rim. On main before session 8 the chamfer
    stopped 1 mm down, so the bone there was a flat shelf 1.0 mm below the facet (0-8 % of those directions in
    the band at C3-C7): a faint rim, and from above the facets read as coins laid on the pillars."""
    tree = _locator(spine.bones[name])
    for label, c, n, u, v, _layer, j in _facets(spine, name):
        if not label.endswith("lower"):  # this level's superior facets
            continue
        dirs, depth = _rim_depths(tree, c, n, u, v, j, out=2.0)
        back = dirs[:, 1] < -0.5
        rim = (depth >= 1.3) & (depth <= 2.2)
        assert np.mean(rim[back]) >= 0.7, (name, label, round(float(np.mean(rim[back])), 2), np.round(depth[back], 1))


def _pillar_depths(tree, spine, name: str, side: str) -> list[float]:
    """Front to back through the pillar, at 30, 50 and 70 % of the way up from its inferior facet's centre to
    its superior one's: the length of the run of bone (a horizontal line square to the frontal plane) that holds
    the point on the line between the two centres."""
    lm = spine.landmarks[name]
    s, i = np.array(lm[f"superior_facet_{side}"]), np.array(lm[f"inferior_facet_{side}"])
    x, out = 0.5 * (s[0] + i[0]), []
    for f in (0.3, 0.5, 0.7):
        p = i + f * (s - i)
        y = np.sort(_crossings(tree, (x, -60.0, p[2]), (x, 20.0, p[2]))[:, 1])
        runs = [y[k + 1] - y[k] for k in range(0, len(y) - 1, 2) if y[k] - 1.0 <= p[1] <= y[k + 1] + 1.0]
        out.append(float(runs[0]) if runs else 0.0)
    return out


@pytest.mark.parametrize("name", TYPICAL)
def test_articular_pillar_is_a_block_not_a_leaning_slab(spine, name):
    """From the side the lateral mass is a block: at a third, half and two thirds of its height it is at least
    4.5 mm deep from front to back (a loose floor: Schroeder et al. 2019 pooled a C3-C6 lateral-mass depth of
    10.8 mm; C7's is thinner, Ebraheim et al. 1997). On main before session 8, C7's pillar was 3.0 mm deep a
    third of the way up: a plank leaning back from its superior facet to its inferior one. Session 8: 5.0 mm
    (its two facet planes are only about 4.4 mm apart, set by the C7/T1 joint; C3-C6 are 7 mm or more)."""
    tree = _locator(spine.bones[name])
    for side in SIDES:
        depths = _pillar_depths(tree, spine, name, side)
        assert min(depths) >= 4.5, (name, side, np.round(depths, 1))


# --- Session 9: a gutter deep enough to read from above.


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_transverse_gutter_is_deep_between_its_bars(spine, name):
    """The gutter's walls stand >= 1.85 mm over its floor beside the foramen, >= 2.3 mm midway and >= 2.5 mm
    near the tubercles (the three stations of _gutter_sections): a groove that reads from above, not a shallow
    dip. The floor beside the foramen cannot sink into the foramen's ring (its wall is held at 1.5 mm in the
    foramen's plane), so there the bars stand taller instead (cervical.BAR_ROOT_UP). Main before session 9:
    1.50-1.60 mm beside the foramen at C3-C5, 2.55-2.60 mm midway at C3-C6, 2.79-3.05 mm near the tubercles;
    session 9: 1.94-2.36, 2.87-2.96 and 3.19-3.33 mm. Depths are working values [M]: no measured figure found.
    Session 14 (cerv14b) lowered the floors midway and near the tubercles from 2.75 and 3.1 mm: at 2.9-3.0 mm
    midway and up to 4.2 mm near the tubercles the two bars stood over a sunken floor and from above the process
    read as two rods, where it is one plate grooved above (Frazer 1914; cervical.GUTTER_RAISE; the upper bounds
    are in test_transverse_process_is_one_grooved_plate). Session 14: 2.07-2.52, 2.52-2.60 and 2.78-3.26 mm."""
    tree = _locator(spine.bones[name])
    for side in SIDES:
        _, walls = _gutter_sections(tree, spine, name, side)
        assert walls[0] >= 1.85 and walls[1] >= 2.3 and walls[2] >= 2.5, (name, side, np.round(walls, 2))


# --- Session 10: the lamina springs from the pillar's whole back; C7's column stands upright in front.


def _longest_vertical_run(mesh, x: float, y: float, z_lo: float, z_hi: float, step: float = 0.25) -> float:
    """The longest unbroken run of bone (mm) along the vertical line at (x, y) between ``z_lo`` and ``z_hi``."""
    import pyvista as pv

    zs = np.arange(z_lo, z_hi, step)
    pts = np.column_stack([np.full_like(zs, x), np.full_like(zs, y), zs])
    inside = pv.PolyData(pts).compute_implicit_distance(mesh)["implicit_distance"] < 0
    best = run = 0
    for hit in inside:
        run = run + 1 if hit else 0
        best = max(best, run)
    return best * step


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_lamina_springs_from_the_pillar_over_most_of_its_height(spine, name):
    """In a lateral view of C3-C6 the lamina leaves the back of the articular pillar along most of its height
    (Gray 1918; Standring 2016), not by a narrow neck high on its back corner. Just behind the pillar's back
    (0.5-1.5 mm) and 3.5-5.5 mm medial to its axis, where the lamina springs from it, bone runs unbroken up and
    down over at least half the height between the two facets' centres. Main before session 10: 0.30-0.32 of
    it (4.5-4.8 mm); session 10 (cervical._lamina_root): 0.57-0.64."""
    mesh = spine.bones[name]
    lm = spine.landmarks[name]
    for side, sx in (("right", 1.0), ("left", -1.0)):
        back = np.array(lm[f"pillar_back_{side}"])
        s, i = np.array(lm[f"superior_facet_{side}"]), np.array(lm[f"inferior_facet_{side}"])
        span = s[2] - i[2]
        run = max(_longest_vertical_run(mesh, back[0] - sx * dx, back[1] + dy, i[2] - 4.0, s[2] + 4.0)
                  for dx in (3.5, 4.5, 5.5) for dy in (-0.5, -1.5))
        assert run >= 0.5 * span, (name, side, run, round(float(span), 1))


def test_c7_pillar_front_stands_as_tall_as_at_c3_c6(spine):
    """C7's inferior facet, set by T1's superior facet, lies 5.7 mm behind its superior one and is steeper (57
    against 45 degrees), and its column used to follow it, so the front stood only 10 mm tall under the
    superior facet's front and the pillar leant back as a plank from the side. Now its lower face runs parallel
    to the superior facet (cervical.PILLAR_HEIGHT_C7) and only the facet's own cut takes it back to the joint:
    4 mm in front of the superior facet's centre bone runs down at least 12 mm (C3-C6: 11.2-14.0 mm)."""
    mesh = spine.bones["C7"]
    lm = spine.landmarks["C7"]
    for side in SIDES:
        s, i = np.array(lm[f"superior_facet_{side}"]), np.array(lm[f"inferior_facet_{side}"])
        x = 0.5 * (s[0] + i[0])
        run = _longest_vertical_run(mesh, x, s[1] + 4.0, s[2] - 25.0, s[2] + 8.0)
        assert run >= 12.0, (side, run)


# --- Session 11: the pillar sweeps into the lamina from the side; the bifid tubercles are rounded.


def _lateral_reach(tree, x_side: float, y: float, z_lo: float, z_hi: float) -> float:
    """Seen from the side (a horizontal ray from far out at ``x_side`` toward the midline at depth ``y``), how
    far out the bone reaches, the most lateral hit over heights ``z_lo``..``z_hi`` (mm from the midline)."""
    best = 0.0
    for z in np.arange(z_lo, z_hi, 0.5):
        hits = _crossings(tree, (x_side, y, z), (0.0, y, z))
        if len(hits):
            best = max(best, float(np.abs(hits[:, 0]).max()))
    return best


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_pillar_back_sweeps_into_the_lamina_without_a_crease(spine, name):
    """From the side, the back of the articular pillar runs on into the lamina (Gray 1918; Standring 2016):
    level with the pillar's back (its landmark and 1 mm in front of it), between the two facets' heights, bone
    still reaches at least 0.7 of the pillar's own lateral reach (2-4 mm further forward). Main before session
    11: 0.62-0.66 at C3-C6, the lateral reach falling 7-8 mm within 1 mm (the lamina's root stood 4 mm medial
    to the pillar's axis): the dark vertical crease of the lateral view. (C7, whose pillar reaches further
    back at its inferior facet, was 0.73 already.)"""
    tree = _locator(spine.bones[name])
    lm = spine.landmarks[name]
    for side, sx in (("right", 1.0), ("left", -1.0)):
        s, i = np.array(lm[f"superior_facet_{side}"]), np.array(lm[f"inferior_facet_{side}"])
        back = float(lm[f"pillar_back_{side}"][1])
        pillar = max(_lateral_reach(tree, sx * 60.0, back + dy, i[2], s[2]) for dy in (2.0, 3.0, 4.0))
        behind = min(_lateral_reach(tree, sx * 60.0, back + dy, i[2], s[2]) for dy in (0.0, 1.0))
        assert behind >= 0.7 * pillar, (name, side, round(behind, 1), round(pillar, 1))


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_bifid_tubercles_are_rounded_not_boxes(spine, name):
    """Each bifid tubercle ends rounded, as seen from the side: over its last 0.6 mm the bone spans at most 0.8
    of its height 2.6-3.2 mm further in (square to the spine, in the sagittal plane). A box's square end spans
    its full height to the end: main before session 11, 0.97-1.05 at C3-C6."""
    base, axis, up = spine_axes(spine, name)
    pts = np.asarray(spine.bones[name].points)
    for sx in (1.0, -1.0):
        own = pts[sx * pts[:, 0] > 0.3]
        s = (own - base) @ axis
        depth = s.max() - s  # distance in from the tubercle's end
        tip = float(np.ptp(own[depth < 0.6] @ up))
        inner = float(np.ptp(own[(depth >= 2.6) & (depth < 3.2)] @ up))
        ratio = tip / inner
        assert ratio <= 0.8, (name, sx, round(ratio, 2))


@pytest.mark.parametrize("name", TYPICAL)
def test_inferior_process_has_a_pillars_depth_behind_its_facet(spine, name):
    """Behind each inferior facet (along its normal, into the bone) there is at least 4 mm of bone from the
    facet's centre to its upper part: the inferior articular process is a column, not a plate. Session 11: C7's
    was 2.5-2.7 mm over the upper half of its facet (a thin plate from the side; C3-C6 4.3-8.8 mm at the
    centre); filled out behind the facet (cervical.INFERIOR_PROCESS_DEPTH_C7), 4.5 mm."""
    tree = _locator(spine.bones[name])
    for label, c, n, _u, v, _layer, j in _facets(spine, name):
        if not label.endswith("upper"):  # this bone is the upper one of the joint below: its inferior facet
            continue
        depths = []
        for b in (0.0, 0.3, 0.6):  # from the facet's centre to its upper (front) part
            q = c + b * j.half_height * v
            x = np.sort((q - _crossings(tree, q + 1.0 * n, q - 30.0 * n)) @ n)
            assert len(x) >= 2, (name, label, b, "no bone behind the facet")
            depths.append(float(x[1] - x[0]))
        assert min(depths) >= 4.0, (name, label, np.round(depths, 1))


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_bifid_spine_tapers_down_to_its_tubercles_from_the_side(spine, name):
    """Seen from the left (bone within 8 mm of the midline, square to the spine in the sagittal plane), a bifid
    spine's upper border falls toward its tip and its tubercles hang below its axis: at 85 % of its length the
    upper border lies <= 1.6 mm above the axis and the middle of the section >= 1.8 mm below it, where at 15 %
    the blade stands >= 5.5 mm above it (Gray 1918; Standring 2016: the spine slopes down and back to its
    tubercles). Issue 10, session 12's start: 2.1-2.3 mm above and 1.0-1.2 mm below, the upper and lower
    borders nearly parallel and the end square: the back of the bone read as a box."""
    base, axis, up = spine_axes(spine, name)
    pts = np.asarray(spine.bones[name].points)
    length = float(np.linalg.norm(np.array(spine.landmarks[name]["spinous_tip"]) - base))
    s, t = (pts - base) @ axis, (pts - base) @ up

    def section(f: float) -> tuple[float, float]:
        m = (np.abs(s - f * length) < 0.6) & (np.abs(pts[:, 0]) < 8.0)
        return float(t[m].min()), float(t[m].max())

    root, end = section(0.15), section(0.85)
    assert root[1] >= 5.5, (name, np.round(root, 2))
    assert end[1] <= 1.6 and 0.5 * (end[0] + end[1]) <= -1.8, (name, np.round(end, 2))


# --- Session 13 (issue 10): the cartilage set into the pillar, feathered at its edge, not a coin on a cap.


def _layer_profile(c, n, u, v, layer, j) -> tuple[float, float]:
    """A facet cartilage's top: (how far its outer ring stands off the facet plane, mm; the steepest slope of
    its top along any spoke, degrees), from the layer's own samples (the points above its 0.2 mm sunk
    underside, grouped by their direction in the facet plane, each spoke sorted outward)."""
    p = np.asarray(layer.points) - c
    h = p @ n
    top = h > -0.1
    pu, pv, h = p[top] @ u, p[top] @ v, h[top]
    rho = np.hypot(pu / j.half_width, pv / j.half_height)
    edge = float(h[rho > rho.max() - 1e-6].max())
    radius, angle = np.hypot(pu, pv), np.round(np.arctan2(pv, pu), 3)
    steepest = 0.0
    for a in np.unique(angle[radius > 1e-6]):
        on = np.abs(angle - a) < 2e-3
        if on.sum() < 2:  # a spoke split by the rounding of its direction: its other part is counted
            continue
        order = np.argsort(radius[on])
        rise, run = np.abs(np.diff(h[on][order])), np.diff(radius[on][order])
        steepest = max(steepest, float(np.degrees(np.arctan2(rise, run)).max()))
    return edge, steepest


@pytest.mark.parametrize("name", TYPICAL)
def test_facet_cartilage_feathers_into_its_pillar(spine, name):
    """Each C3-C7 facet's cartilage thins to nothing at its edge: its outer ring stands at most 0.05 mm off the
    facet plane (flush with the bone that frames it) and its top nowhere slopes more than 35 degrees, so no rim
    or wall of cartilage outlines it. Session 12's layers stood 0.19 mm proud at the edge, falling 0.56 mm in a
    51-52 degree wall just inside it (the light-blue rim of the blue 'coins' on the review sheets, issue 10);
    softtissue.SET_IN's layers: 0.00 mm, 28-29 degrees."""
    for label, c, n, u, v, layer, j in _facets(spine, name):
        edge, steepest = _layer_profile(c, n, u, v, layer, j)
        assert edge <= 0.05, (name, label, round(edge, 2))
        assert steepest <= 35.0, (name, label, round(steepest, 1))


def _lamina_borders(spine, name: str, side: str, band: float = 3.0, step: float = 0.2) -> tuple[float, float]:
    """The lamina's mean thickness (mm) in the upper and in the lower ``band`` mm of its section at mid-length
    (_lamina_piece, along the section's long axis; the outermost 0.6 mm of each end, its rounding, left out)."""
    q = _lamina_piece(spine, name, side, step=step)
    q = q - q.mean(axis=0)
    long_axis = np.linalg.svd(q, full_matrices=False)[2][0]
    long_axis = long_axis if long_axis[1] > 0 else -long_axis  # pointing up
    s = q @ long_axis
    lo, hi = s.min() + 0.6, s.max() - 0.6
    upper = (s > hi - band) & (s <= hi)
    lower = (s >= lo) & (s < lo + band)
    return upper.sum() * step * step / band, lower.sum() * step * step / band


@pytest.mark.parametrize("name", TYPICAL)
def test_laminae_are_thinner_above_than_below(spine, name):
    """The cervical laminae are "narrow, and thinner above than below" (Gray 1918): at mid-length the lower 3 mm
    of each lamina's section are at least 1.3 x as thick as the upper 3 mm, its lower border a rounded bar of bone
    (cervical.LAMINA_BAR) and not the square edge of a uniform plate, which read as a membrane or a box from the
    side (issue 10). Session 12's plates: 1.10-1.22 (C7 the most, its short plate rounding into its root)."""
    for side in SIDES:
        upper, lower = _lamina_borders(spine, name, side)
        assert lower >= 1.3 * upper, (name, side, round(upper, 2), round(lower, 2))


def _beyond_pillar(spine, name: str, side: str) -> tuple[np.ndarray, float, float, float]:
    """The bone lateral to the articular pillar's lateral face, as seen from that side: (its points, the face's
    distance from the midline, the anterior and the posterior tubercle's y). The face lies PILLAR_MARGIN_ACROSS
    beyond the wider facet's lateral edge (see shapes/cervical._pillar)."""
    js = [(c, j) for label, c, _n, _u, _v, _layer, j in _facets(spine, name) if side in label]
    face = max(abs(c[0]) + j.half_width for c, j in js) + cervical.PILLAR_MARGIN_ACROSS
    p = np.asarray(spine.bones[name].points)
    sx = -1.0 if side == "left" else 1.0
    marks = spine.landmarks[name]
    return (p[p[:, 0] * sx > face], face, float(marks[f"anterior_tubercle_{side}"][1]),
            float(marks[f"posterior_tubercle_{side}"][1]))


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_transverse_process_shows_end_on_in_front_of_the_pillar_from_the_side(spine, name):
    """From the left (a lateral radiograph's view) the transverse process shows end-on in front of the articular
    pillar: lateral to the pillar's face both tubercles stand out at least 1 mm, as two separate bumps with the
    gutter's notch between them (the upper outline of that bone dips 2 mm or more between the two), and the tips
    span the table's tip-to-tip width within 3 % (Panjabi 1991). The s13 meshes fell 3.6-5.2 % short of the span
    and at C3 and C4 the tubercles reached only -0.1 to +0.5 mm past the pillar's face (issue 10)."""
    span = measure.transverse_span(np.asarray(spine.bones[name].points))
    assert span == pytest.approx(model().dims[name].tps, rel=0.03), (name, round(span, 1))
    for side in SIDES:
        out, face, ya, yp = _beyond_pillar(spine, name, side)
        near_a, near_p = np.abs(out[:, 1] - ya) < 1.5, np.abs(out[:, 1] - yp) < 1.5
        ra = float(np.abs(out[near_a, 0]).max() - face) if near_a.any() else 0.0
        rp = float(np.abs(out[near_p, 0]).max() - face) if near_p.any() else 0.0
        assert min(ra, rp) >= 1.0, (name, side, round(ra, 2), round(rp, 2))
        # the upper outline of that bone from the side, in 0.5 mm bands along the spine's depth: a tubercle's
        # top at either end and, between them, the gutter's notch at least 2 mm lower (or no bone at all)
        bins = np.arange(yp - 1.5, ya + 1.5, 0.5)
        top = np.array([out[np.abs(out[:, 1] - b) < 0.25, 2].max() if np.any(np.abs(out[:, 1] - b) < 0.25)
                        else -np.inf for b in bins])
        between = top[(bins >= yp + 1.5) & (bins <= ya - 1.5)]
        peaks = min(top[bins > ya - 1.5].max(), top[bins < yp + 1.5].max())
        assert len(between) and peaks - between.min() >= 2.0, (name, side, np.round(top, 1))



# --- Session 13 (cerv13c, issue 10): the pillar's lateral face is convex from front to back, not a slab's side.


def _lateral_face_profile(spine, tree, name: str, side: str, dz: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """The articular pillar's lateral face as seen from that side, across its depth at mid-height: the lateral
    reach of the bone (mm from the midline) along horizontal rays at depths 7 mm either side of the facets' mean
    centre, on the surface midway between the two facet planes (it slopes as they do; ``dz`` mm above it).
    Returns (depths, reach); NaN where the ray finds no bone."""
    lm = spine.landmarks[name]
    s, i = np.array(lm[f"superior_facet_{side}"]), np.array(lm[f"inferior_facet_{side}"])
    m = 0.5 * (s + i)
    slope = float(np.mean([-n[1] / n[2] for _l, _c, n, *_rest in _facets(spine, name) if side in _l]))
    sx = 1.0 if side == "right" else -1.0
    ys = np.arange(m[1] - 7.0, m[1] + 7.01, 0.25)
    reach = []
    for y in ys:
        z = m[2] + slope * (y - m[1]) + dz
        hits = _crossings(tree, (sx * 60.0, y, z), (0.0, y, z))
        reach.append(float(np.abs(hits[:, 0]).max()) if len(hits) else np.nan)
    return ys, np.array(reach)


def _face_crown(ys: np.ndarray, reach: np.ndarray, centre_y: float) -> tuple[float, float, float]:
    """(how far the face stands proud at ``centre_y`` of the chord joining it 3 mm behind and 3 mm in front, and
    how far in each of those ends lies from the middle), mm."""
    r_mid, r_back, r_front = (float(np.interp(centre_y + dy, ys, reach)) for dy in (0.0, -3.0, 3.0))
    return r_mid - 0.5 * (r_back + r_front), r_mid - r_back, r_mid - r_front


# the levels whose posterior root runs on into the pillar's front (cervical.POSTERIOR_CREST_*): C7's long posterior
# bar stands off its pillar
ROOT_LEVELS = ("C3", "C4", "C5", "C6")


@pytest.mark.parametrize("name", TYPICAL)
def test_pillar_lateral_face_is_convex_from_front_to_back(spine, name):
    """From the left (a lateral radiograph's view) the lateral mass of C3-C7 is convex from front to back, a
    rhomboid with rounded corners (Gray 1918; Standring 2016), not the flat side of a slab. Midway between its
    facet planes (and 1 mm above and below), level with the mean of the facets' centres (the middle of the
    lateral mass from front to back), the face stands at least 0.6 mm proud of the chord joining it 3 mm behind
    and 3 mm in front, and each of those ends lies at least 0.3 mm in from the middle. The s13 meshes failed at
    every level and side: the face ran level or rose toward its front (front end 0.0-0.9 mm proud of the middle),
    its only rounding the back corner (issue 10); the rebuilt ones stand 1.1-2.2 mm proud, each end at least
    0.85 mm in. The face stays drawn in between its facets (a saddle, not a barrel): the block
    test above holds its mid-height reach to 0.8-0.97 of its reach at the facets.
    Session 24 (cerv24): at C3-C6 the front probe 1 mm below the mid-facet plane lies 2.7-3.3 mm above the posterior
    tubercle's landmark, on the posterior root, whose upper border runs on into the pillar's front there (Gray 1918;
    cervical.POSTERIOR_CREST_*, test_cervical_from_the_left.py): that face is not free, so at that one height only
    the back end is held there (ROOT_LEVELS; its front end now lies 0.33 mm out to 0.20 mm in from the middle, was
    0.35-1.91 mm in; back ends 1.29-2.36 mm in). The other two heights keep every limit."""
    tree = _locator(spine.bones[name])
    lm = spine.landmarks[name]
    for side in SIDES:
        centre_y = 0.5 * (lm[f"superior_facet_{side}"][1] + lm[f"inferior_facet_{side}"][1])
        for dz in (-1.0, 0.0, 1.0):
            ys, reach = _lateral_face_profile(spine, tree, name, side, dz)
            proud, back, front = _face_crown(ys, reach, centre_y)
            if dz < 0.0 and name in ROOT_LEVELS:  # the front end lies on the posterior root (see above)
                assert back >= 0.3, (name, side, dz, round(back, 2))
                continue
            assert proud >= 0.6 and min(back, front) >= 0.3, (name, side, dz, round(proud, 2), round(back, 2),
                                                                round(front, 2))


def _body_radius(mesh, degrees: float) -> float:
    """From the body's centre, at mid-height, how far out (mm) its outline lies in a horizontal direction."""
    d = _horizontal(np.radians(degrees))
    return float(_hit_distances(mesh, np.zeros(3), d, 40.0)[0])


@pytest.mark.parametrize("name", TYPICAL)
def test_body_from_above_has_a_rounded_front_and_a_square_back(spine, name):
    """From above the cervical body is broader than deep, its posterior border flat with square corners (the
    uncinate lips and pedicles stand there) and its anterior border convex (Gray 1918; Standring 2016): at 45
    degrees the anterolateral outline lies at most 0.96 of the way to where a rounded rectangle through the
    measured width and depth (exponent 2.6, cervical.BODY_BACK_POWER) would put it, the posterolateral one at
    least 0.98 of the way. Session 14 (cerv14): on the s14 meshes the outline was that rounded rectangle all
    round (1.00-1.01 in front at C3, C5 and C7): from above the body read as a block with four equal corners."""
    mesh = spine.bones[name]
    a = 0.5 * (_body_radius(mesh, 0.0) + _body_radius(mesh, 180.0))
    b = _body_radius(mesh, 90.0)
    def rounded_rectangle(deg: float) -> float:
        c, s = abs(np.cos(np.radians(deg))), abs(np.sin(np.radians(deg)))
        return ((c / a) ** 2.6 + (s / b) ** 2.6) ** (-1 / 2.6)

    front = [_body_radius(mesh, deg) / rounded_rectangle(deg) for deg in (45.0, 135.0)]
    back = [_body_radius(mesh, deg) / rounded_rectangle(deg) for deg in (-45.0, -135.0)]
    assert max(front) <= 0.96, (name, np.round(front, 3))
    assert min(back) >= 0.98, (name, np.round(back, 3))
    assert a > b, (name, a, b)


# --- Session 14 (cerv14b, issue 10): the transverse process a grooved plate with a broad root; the body's lower lip.


def _anterior_width(tree, spine, name: str, side: str, x: float) -> float:
    """Seen from above, how wide (mm, front to back) the bone is in front of the foramen at ``|x| = x``: the run
    of vertical lines (0.2 mm apart) that meet bone, from the first one in front of the foramen's front rim."""
    f = np.array(spine.landmarks[name][f"transverse_foramen_{side}"])
    sx = 1.0 if side == "right" else -1.0
    run, started = 0.0, False
    for y in np.arange(f[1] + cervical.FORAMEN_DIAMETER / 2 + 0.5, f[1] + 16.0, 0.2):
        hit = len(_crossings(tree, (sx * x, y, 40.0), (sx * x, y, -40.0))) > 0
        if hit:
            run, started = run + 0.2, True
        elif started:
            break
    return run


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_anterior_root_is_broad_where_it_leaves_the_body(spine, name):
    """The anterior (costal) root arises from the side of the body by a broad base and narrows as it runs out to
    its tubercle (Gray 1918; Frazer 1914): seen from above, 0.5-1.5 mm lateral to the body's side the bone in front
    of the foramen is at least 4.0 mm wide from front to back, and where it leaves the body (0.5 mm out) at least
    0.95 of its width 1.5 mm further out: no neck. The s14 meshes: 1.6-2.2 mm, 0.75-0.80 of the width further
    out: a rod that left the body narrower than it ran on, out to a dome (issue 10, cervical.ANTERIOR_ROOT_BASE)."""
    tree = _locator(spine.bones[name])
    side_x = model().dims[name].epw / 2
    for side in SIDES:
        widths = [_anterior_width(tree, spine, name, side, side_x + dx) for dx in (0.5, 1.0, 1.5, 2.0)]
        assert min(widths[:3]) >= 4.0 and widths[0] >= 0.95 * widths[3], (name, side, np.round(widths, 1))


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_transverse_process_is_one_grooved_plate(spine, name):
    """Lateral to the foramen the process is one plate grooved above for the spinal nerve (Frazer 1914: a neural
    groove between the tubercles), not two bars standing over a sunken floor: midway out (the middle station of
    _gutter_sections) the groove's walls stand at most 2.8 mm over its floor, and near the tubercles at most
    3.4 mm. The s14 meshes: 2.94-2.98 mm midway, 3.4-4.2 near the tubercles (cervical.GUTTER_RAISE)."""
    tree = _locator(spine.bones[name])
    for side in SIDES:
        _, walls = _gutter_sections(tree, spine, name, side)
        assert walls[1] <= 2.8 and walls[2] <= 3.4, (name, side, np.round(walls, 2))


def _lower_surface_fall(tree, d, x: float) -> float:
    """Along the line at ``x`` from the body's centre to its front, the steepest fall of its lower surface toward
    the front between samples 0.5 mm apart (mm of height per mm)."""
    low = []
    for y in np.arange(0.0, d.epd / 2 + 1.01, 0.5):
        hits = _crossings(tree, (x, y, -30.0), (x, y, 0.0))
        low.append(hits[:, 2].min() if len(hits) else np.nan)
    return float(np.nanmax(-np.diff(low)) / 0.5)


@pytest.mark.parametrize("name", TYPICAL)
def test_lower_lip_is_the_body_carried_down_not_a_cap(spine, name):
    """The anterior border of the lower surface is prolonged downward over the vertebra below (Gray 1918): the
    lower surface falls gently toward that lip, as part of the body. On the midline and a sixth of the body's width
    to either side, between the body's centre and its front, it nowhere falls more steeply than 0.4 mm per mm
    (22 degrees). The s14 meshes: 0.63-1.58 (32-58 degrees), the step round an ovoid blended onto the lower front:
    from below it read as a separate oval cap (issue 10, cervical.LOWER_LIP)."""
    d = model().dims[name]
    tree = _locator(spine.bones[name])
    for x in (0.0, d.epw / 6, -d.epw / 6):
        fall = _lower_surface_fall(tree, d, x)
        assert fall <= 0.4, (name, round(x, 1), round(fall, 2))


# --- Session 14 (cerv14c, issue 10): the transverse process one short broad plate from above.


def _outline_out(tree, sx: float, y: float, x0: float, step: float = 0.1) -> float:
    """Seen from above, how far out (|x|, mm) the bone reaches along the line at ``y``, walking out from ``|x| = x0``
    over vertical lines ``step`` apart until the first one that meets no bone."""
    x = x0
    while len(_crossings(tree, (sx * (x + step), y, 40.0), (sx * (x + step), y, -40.0))):
        x += step
    return x


def _back_border_notch(tree, spine, name: str, side: str) -> float:
    """Seen from above, how deep (mm) the process's lateral outline is notched between the posterior tubercle and
    the front of the articular pillar: along lines 0.25 mm apart from 1.5 to 5 mm behind the posterior tubercle's
    landmark, the outline's greatest distance inside the straight chord joining its two ends (0 or less where the
    border is straight or convex)."""
    lm = spine.landmarks[name]
    sx = 1.0 if side == "right" else -1.0
    p, f = np.array(lm[f"posterior_tubercle_{side}"]), np.array(lm[f"transverse_foramen_{side}"])
    ys = np.arange(p[1] - 1.5, p[1] - 5.01, -0.25)
    xs = np.array([_outline_out(tree, sx, y, abs(f[0])) for y in ys])
    chord = xs[0] + (xs[-1] - xs[0]) * (ys - ys[0]) / (ys[-1] - ys[0])
    return float((chord - xs).max())


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_transverse_process_back_border_runs_from_the_pillar_to_the_tubercle(spine, name):
    """From above, the transverse process of C3-C6 is one short broad plate ending in two tubercles, its posterior
    root springing from the front of the articular pillar (Gray 1918; Frazer 1914): its back border runs on from
    the pillar's front to the posterior tubercle, straight or convex, notched at most 0.9 mm inside the chord
    joining them (_back_border_notch). The s14 meshes: 1.04-1.10 mm at C3, 0.95-1.04 at C4, 1.39-1.49 at C5 and
    1.99-2.09 at C6, open space between the posterior bar's lobe and the pillar: from above the process read as a
    horn (the anterior bar) with a separate knob behind (issue 10, cervical.POSTERIOR_ROOT_AT). Session 14
    (cerv14c): 0.76-0.83, 0.43-0.55, 0.0 and 0.07 mm."""
    tree = _locator(spine.bones[name])
    for side in SIDES:
        notch = _back_border_notch(tree, spine, name, side)
        assert notch <= 0.9, (name, side, round(notch, 2))


@pytest.mark.parametrize("name", ["C5", "C6", "C7"])
def test_facets_lie_clear_of_the_canals_outline(name):
    """The C5/6 and C6/7 facets' ovals lie at least 0.9 mm outside the canal's outline (the prism the build cuts,
    cervical.canal_outline) of the vertebra that carries them, so the pillars stand beside the canal, not over it.

    Regression (session 15, cerv15): placed at the lower level's ``cw/2 + 5`` mm, their medial margins lay 0.4-1.6 mm
    inside it (C6's inferior and C7's superior facets 1.63 and 1.14 mm); now 0.95-1.44 mm outside
    (joints.CERVICAL_FACET_CLEAR). The C3/4 and C4/5 joints are held by the transverse span
    (joints.CERVICAL_TIPS_BEYOND) and still lie 0.35-0.87 mm inside; C2/3 and C7/T1 are not moved.
    """
    from spineviz.anatomy.joints import joints_of_level
    from spineviz.anatomy.levels import parse_level
    from spineviz.anatomy.shapes.common import facet_axes, local_joint

    m, lv = model(), parse_level(name)
    prism = cervical.canal_outline(m.dims[name])
    t = np.linspace(0.0, 2 * np.pi, 72, endpoint=False)
    for key, which in (("above", "superior"), ("below", "inferior")):
        for j in joints_of_level(m.joints, lv)[key]:
            if not j.name.startswith(("C5/6", "C6/7")):
                continue
            f = local_joint(j, m.frames[lv.index], which)
            u, v, hu, hv = facet_axes(f)
            oval = f.centre + np.outer(hu * np.cos(t), u) + np.outer(hv * np.sin(t), v)
            clear = float(prism.sdf(oval[:, 0], oval[:, 1], oval[:, 2]).min())
            assert clear >= 0.9, (name, j.name, which, round(clear, 2))


def _front_border_sag(tree, spine, name: str, side: str) -> float:
    """Seen from above, how far (mm) the transverse process's front border lies behind the straight chord from 1 mm
    lateral to the body's side to 2 mm inside the anterior tubercle's landmark: the front-most bone on vertical lines
    0.25 mm apart (0 or less where the border is straight or convex)."""
    sx = 1.0 if side == "right" else -1.0
    tip = abs(float(spine.landmarks[name][f"anterior_tubercle_{side}"][0]))
    xs = np.arange(spine.model.dims[name].epw / 2 + 1.0, tip - 2.0 + 1e-6, 0.25)
    front = []
    for x in xs:
        y = 16.0
        while y > -12.0 and not len(_crossings(tree, (sx * x, y, 30.0), (sx * x, y, -30.0))):
            y -= 0.1
        front.append(y)
    front = np.array(front)
    chord = front[0] + (front[-1] - front[0]) * (xs - xs[0]) / (xs[-1] - xs[0])
    return float((chord - front).max())


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_transverse_process_front_border_runs_straight_to_the_tubercle(spine, name):
    """From above, the anterior (costal) bar is broad from its root on the body out to its tubercle (Gray 1918; Frazer
    1914): its front border lies at most 0.6 mm behind the chord from the body's side to the anterior tubercle.
    Regression (session 15, cerv15, issue 10): the s15 meshes' border dipped 1.38-1.52 mm behind it and rose again
    to the tubercle, a tapering horn curving forward; with the low front plate (cervical.ANTERIOR_BORDER) 0.30-0.36."""
    tree = _locator(spine.bones[name])
    for side in SIDES:
        sag = _front_border_sag(tree, spine, name, side)
        assert sag <= 0.6, (name, side, round(sag, 2))


# --- Session 16 (cerv16, issue 10: "the cervical laminae read as plates"): narrow bands below the pillars' tops,
# sloping down and back, laid like roof tiles in depth.

BAND = ["C3", "C4", "C5", "C6"]  # C7 keeps its plate (cervical.LAMINA_PLAN), closer to T1's


def _sagittal_piece(mesh, x: float, y0: float, z0: float, r: float = 9.0, step: float = 0.2) -> np.ndarray:
    """The bone in the sagittal plane ``x`` around (``y0``, ``z0``): (y, z) rows of the grid points inside the piece
    holding the point nearest (``y0``, ``z0``), sampled in a square of half-side ``r`` (an empty array if none)."""
    q = _piece_in_plane(mesh, np.array([x, y0, z0]), np.array([0.0, 1.0, 0.0]), np.array([0.0, 0.0, 1.0]), r, step)
    return q + (y0, z0)


def _lamina_sagittal(spine, name: str, side: str, t: float) -> tuple[float, np.ndarray]:
    """The lamina's sagittal section (local frame) at ``t`` along it: 0 at its mid-length landmark, -1 at the
    mirror image of the spinous base beyond it (toward the pillar), +1 at the spinous base. Returns (x, rows of
    (y, z))."""
    lm = spine.landmarks[name]
    mid, base = np.array(lm[f"lamina_{side}"]), np.array(lm["spinous_base"])
    c = mid + t * (base - mid) * (1.0, 1.0, 0.0)
    return float(c[0]), _sagittal_piece(spine.bones[name], c[0], c[1], c[2])


def _superior_posterior_edge(spine, name: str, side: str) -> float:
    """The height (local z) of the superior facet's posterior edge, its lowest point: the top of the pillar's back
    seen from behind."""
    for label, c, n, u, _v, _layer, j in _facets(spine, name):
        if label.endswith(f"{side} lower"):  # this bone is the joint's lower one: its superior facet
            up = np.array([0.0, 0.0, 1.0]) - n * n[2]  # up the facet's slope
            up /= np.linalg.norm(up)
            half = j.half_height if abs(np.cross(up, n) @ u) > 0.7 else j.half_width
            return float(c[2] - half * up[2])
    raise AssertionError((name, side, "no superior facet"))


@pytest.mark.parametrize("name", BAND)
def test_pillar_stands_proud_above_the_narrow_lamina_from_behind(spine, name):
    """From behind, each articular pillar of C3-C6 is a column standing up above a narrow lamina, which leaves it below
    the superior articular process (Gray 1918, the cervical vertebrae: "the laminae are narrow"; Standring 2016): over
    the lamina's lateral half (sagittal sections from its mid-length toward the pillar, cervical.LAMINA_PLAN) the
    lamina's upper border lies at least 0.5 mm below the superior facet's posterior (lowest) edge, so the facet's
    whole rim and the top of the column stand clear above it. Issue 10 / session 15's meshes: the plate's upper
    border rose 1.8-2.1 mm above that edge toward the pillar, and laminae and pillars read as one shield as tall as
    the pillars, its upper border a V; session 16: 1.2-1.7 mm below it."""
    for side in SIDES:
        edge = _superior_posterior_edge(spine, name, side)
        tops = []
        for t in (-0.4, -0.2, 0.0):
            _x, q = _lamina_sagittal(spine, name, side, t)
            assert len(q), (name, side, t, "no lamina")
            tops.append(float(q[:, 1].max()))
        assert edge - max(tops) >= 0.5, (name, side, round(edge, 1), np.round(tops, 1))


@pytest.mark.parametrize("name", BAND)
def test_lamina_is_a_band_lower_than_its_pillar(spine, name):
    """The lamina is a narrow band (Gray 1918): at mid-length its sagittal section spans at most 0.45 of the pillar's
    height seen from behind (all bone within 1.5 mm of the pillar's axis), and the pillar reaches at least 2 mm
    below the lamina's lateral half as well as above it. A guard, which session 15's meshes passed too (0.39-0.41,
    4.6-7.0 mm: what was wrong there was the lamina's height on the pillar, the test above): lowering the band must
    not make it taller or let it run down past the column's foot. Session 16: 0.36-0.39, 3.4-4.7 mm."""
    pts = np.asarray(spine.bones[name].points)
    for side in SIDES:
        lm = spine.landmarks[name]
        x = 0.5 * (lm[f"superior_facet_{side}"][0] + lm[f"inferior_facet_{side}"][0])
        column = pts[np.abs(pts[:, 0] - x) < 1.5, 2]
        _x, mid = _lamina_sagittal(spine, name, side, 0.0)
        assert np.ptp(mid[:, 1]) <= 0.45 * np.ptp(column), (name, side, np.ptp(mid[:, 1]), np.ptp(column))
        lows = [float(_lamina_sagittal(spine, name, side, t)[1][:, 1].min()) for t in (-0.4, -0.2, 0.0)]
        assert min(lows) - column.min() >= 2.0, (name, side, np.round(lows, 1), round(float(column.min()), 1))


# --- Session 17 (cerv17, issue 10): C3-C6 read as cervical vertebrae from above: a stout bifid spine.


def _runs_from_above(tree, y: float, step: float = 0.1) -> list[tuple[float, float]]:
    """Seen from above, the runs of bone (x from, x to; mm) along the line at ``y`` within 10 mm of the midline:
    vertical lines ``step`` apart that meet bone."""
    xs = np.arange(-10.0, 10.0 + 1e-6, step)
    hit = [len(_crossings(tree, (x, y, 40.0), (x, y, -40.0))) > 0 for x in xs]
    out, start = [], None
    for x, h in zip(xs, hit, strict=True):
        if h and start is None:
            start = x
        if not h and start is not None:
            out.append((start, x - step))
            start = None
    if start is not None:
        out.append((start, xs[-1]))
    return out


@pytest.mark.parametrize("name", BAND)
def test_bifid_spine_is_stout_with_two_distinct_tubercles_from_above(spine, name):
    """From above, a C3-C6 spine is short and stout and its two tubercles are distinct (Gray 1918: "short and bifid";
    Netter's typical cervical vertebra from above): across the spine at 80 % of its length from its base, bone shows
    as exactly two runs, at least 2.5 mm apart, together spanning at least 10.0 mm, neither narrower than 3.0 mm
    (cervical.PRONG_SPREAD, PRONG_KNEE, SPINE_STEM_THICK). Issue 10 / session 16's meshes (default): runs 3.3-3.8 mm,
    1.4-1.6 mm apart, 8.5-9.3 mm in all: two tiny knobs touching at the apex of the laminae's V. Session 17:
    3.2-3.8 mm, 3.7-3.9 mm apart, 10.6-11.0 mm in all."""
    lm = spine.landmarks[name]
    tip, base = np.array(lm["spinous_tip"]), np.array(lm["spinous_base"])
    runs = _runs_from_above(_locator(spine.bones[name]), float(base[1] + 0.8 * (tip[1] - base[1])))
    assert len(runs) == 2, (name, np.round(runs, 1))
    (a0, a1), (b0, b1) = runs
    assert min(a1 - a0, b1 - b0) >= 3.0, (name, np.round(runs, 1))
    assert b0 - a1 >= 2.5 and b1 - a0 >= 10.0, (name, np.round(runs, 1))


# --- Session 20 (cerv20, issue 10): from the left the laminae show behind the articular pillars.


def _laminar_space(tree, spine, name: str, side: str) -> float:
    """Seen from the side, how far (mm) the spinolaminar line lies behind the articular pillar's posterior face.

    The pillar's posterior face: the back of the run of bone, along a horizontal line square to the frontal plane
    through the pillar's axis (midway between its facets' centres across), averaged over 11 heights from a quarter
    to three quarters of the way up from its inferior facet's centre to its superior one's. The spinolaminar
    line (the canal's posterior wall in the midline, where the laminae meet the spine): the most anterior bone
    behind the canal along the midline, searched every 0.1 mm over the same span of height."""
    lm = spine.landmarks[name]
    s, i = np.array(lm[f"superior_facet_{side}"]), np.array(lm[f"inferior_facet_{side}"])
    x, backs = 0.5 * (s[0] + i[0]), []
    for f in np.linspace(0.25, 0.75, 11):
        p = i + f * (s - i)
        y = np.sort(_crossings(tree, (x, -60.0, p[2]), (x, 20.0, p[2]))[:, 1])
        runs = [y[k] for k in range(0, len(y) - 1, 2) if y[k] - 1.0 <= p[1] <= y[k + 1] + 1.0]
        assert runs, (name, side, round(float(f), 2))  # the pillar is solid bone at every height
        backs.append(runs[0])
    canal_y = float(lm["canal_centre"][1])
    fronts = [_crossings(tree, (0.0, canal_y, z), (0.0, -60.0, z))[:, 1] for z in np.arange(i[2], s[2], 0.1)]
    junction = max(float(h.max()) for h in fronts if len(h))
    return float(np.mean(backs)) - junction


@pytest.mark.parametrize("name", TYPICAL)
def test_spinolaminar_line_lies_behind_the_pillars(spine, name):
    """From the left (a lateral radiograph's view) the laminae show as a band between the articular pillars'
    posterior face and the spinolaminar line, not hidden behind the pillars (issue 10): the spinolaminar line
    lies at least 3.8 mm behind the pillar's posterior face (_laminar_space; a modelling floor [M], no measured
    figure found). Main before session 20 failed at C4 (3.54 mm) and C5 (3.77): the junction is placed by the table's
    canal depth, the pillars by their joints (joints.CERVICAL_DEPTH). Session 20 moved the C4/5-C6/7 joints
    forward (joints.CERVICAL_DEPTH_BY_SEGMENT): C3 4.70, C4 3.83, C5 4.43, C6 4.78, C7 4.61 mm."""
    tree = _locator(spine.bones[name])
    for side in SIDES:
        space = _laminar_space(tree, spine, name, side)
        assert space >= 3.8, (name, side, round(space, 2))


# --- Session 21 (cerv21, issue 10): from the left the process ends as one trough, not as two loose balls.


def _end_from_the_side(tree, spine, name: str, side: str, within: float = 2.5, step: float = 0.5):
    """The end of the transverse process as seen from that side: horizontal rays from outside, on a grid of
    depth (every ``step`` mm from the posterior tubercle's landmark to the anterior one's) and height (every
    0.25 mm), keep the first hit if it lies within ``within`` mm of the process's lateral tip (the lesser of the
    two tubercles' lateral reaches, each the furthest first hit within 1.5 mm of its landmark's depth). Returns
    (depths, the lowest kept height at each depth (nan where none), the posterior and anterior landmarks' y)."""
    lm = spine.landmarks[name]
    ya, yp = float(lm[f"anterior_tubercle_{side}"][1]), float(lm[f"posterior_tubercle_{side}"][1])
    sx = -1.0 if side == "left" else 1.0
    zs = np.arange(-12.0, 12.01, 0.25)

    def first_x(y: float) -> np.ndarray:
        out = np.full(len(zs), np.nan)
        for k, z in enumerate(zs):
            hits = _crossings(tree, (sx * 60.0, y, z), (0.0, y, z))
            if len(hits):
                out[k] = np.abs(hits[:, 0]).max()
        return out

    tip = min(np.nanmax([first_x(y0 + dy) for dy in np.arange(-1.5, 1.51, step)]) for y0 in (ya, yp))
    ys = np.arange(yp, ya + 0.01, step)
    lows = []
    for y in ys:
        x = first_x(y)
        kept = zs[x >= tip - within]
        lows.append(kept.min() if len(kept) else np.nan)
    return ys, np.array(lows), yp, ya


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_transverse_process_end_is_one_trough_from_the_side(spine, name):
    """From the left (as on a lateral view of a dry bone) the end of each C3-C6 transverse process is one piece:
    within 2.5 mm of its lateral tip there is bone at every depth from the posterior tubercle to the anterior one,
    and its lower border between them (more than 1.5 mm from either landmark) stands no more than 1.0 mm above the
    higher of the two tubercles' lower borders: the two tubercles rise from a common bar (the grooved bar uniting
    the roots, Gray 1918, carried on beneath the notch: cervical.INTERTUBERCULAR_SET_IN [M]), with the gutter's
    notch opening between them only above it (held by
    test_transverse_process_shows_end_on_in_front_of_the_pillar_from_the_side). Main before session 21 failed at
    every level: the notch parted the tubercles from top to bottom, 3.0-3.5 mm of no bone between them near the
    tip (issue 10: two loose balls)."""
    tree = _locator(spine.bones[name])
    for side in SIDES:
        ys, lows, yp, ya = _end_from_the_side(tree, spine, name, side)
        assert not np.isnan(lows).any(), (name, side, "gap", np.round(lows, 1))
        ends = max(lows[ys <= yp + 1.5].min(), lows[ys >= ya - 1.5].min())
        between = lows[(ys > yp + 1.5) & (ys < ya - 1.5)]
        assert between.max() - ends <= 1.0, (name, side, round(float(between.max() - ends), 2), np.round(lows, 1))


# --- Session 21 (cerv21b, issue 10): from the left the posterior tubercle runs on from the pillar's front.


SHOULDER_HEIGHTS = (0.5, 1.0, 1.5, 2.0, 2.5)  # mm above the posterior tubercle's landmark


def _shoulder_creases(tree, spine, name: str, side: str, step: float = 0.25,
                      heights: tuple[float, ...] = SHOULDER_HEIGHTS) -> np.ndarray:
    """Seen from that side, how far the outline of the bone dips inward between the articular pillar and the
    posterior tubercle: at each height ``heights`` above the tubercle's landmark (0.5 to 2.5 mm by default), the
    lateral reach (the furthest first hit of a horizontal ray from outside) at every depth from the pillar's
    middle (midway between its facets' centres) forward to the tubercle's landmark, and the most it falls short
    of the straight line between the reaches at the two ends (mm, one value per height)."""
    lm = spine.landmarks[name]
    p = np.asarray(lm[f"posterior_tubercle_{side}"], float)
    y_pillar = 0.5 * (lm[f"superior_facet_{side}"][1] + lm[f"inferior_facet_{side}"][1])
    sx = -1.0 if side == "left" else 1.0
    ys = np.arange(y_pillar, p[1] + 1e-6, step)
    creases = []
    for z in p[2] + np.asarray(heights, float):
        reach = []
        for y in ys:
            hits = _crossings(tree, (sx * 60.0, y, z), (0.0, y, z))
            reach.append(np.abs(hits[:, 0]).max() if len(hits) else 0.0)
        reach = np.array(reach)
        chord = reach[0] + (reach[-1] - reach[0]) * (ys - ys[0]) / (ys[-1] - ys[0])
        creases.append(float((chord - reach).max()))
    return np.array(creases)


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_posterior_tubercle_runs_on_from_the_pillar_from_the_side(spine, name):
    """From the left the posterior tubercle of C3-C6 is the end of the posterior root, whose outer face runs on
    from the front of the articular pillar (Gray 1918, the cervical vertebrae): from 0.5 to 2.5 mm above the
    tubercle's landmark the bone's outline between the pillar's middle and the tubercle dips no more than
    1.35 mm inside the straight line from one to the other (_shoulder_creases; a modelling ceiling [M]). Main in
    session 21 (after cerv21) failed at every level: a crease 1.5-1.6 (C3), 1.7 (C4), 2.2 (C5) and 2.6 mm (C6)
    deep there parted the tubercle from the pillar, so that it read as a round knob beside the body (issue 10);
    now 0.6 (C3), 1.2-1.3 (C4), 0.9 (C5), 1.2 mm (C6) (cervical.POSTERIOR_SHOULDER_*). Not reached: higher up,
    over the tubercle's top, a 1.6-3.1 mm crease is left, where the front probe of
    test_pillar_lateral_face_is_convex_from_front_to_back (3 mm in front of the pillar's middle, 1 mm below its
    mid-facet plane) lies and holds the pillar's rounding. (Session 24, cerv24: that crease is now 0.8-1.4 mm,
    cervical.POSTERIOR_CREST_*, held by test_cervical_from_the_left.py; this band reads 0.5-1.0 mm.)"""
    tree = _locator(spine.bones[name])
    for side in SIDES:
        creases = _shoulder_creases(tree, spine, name, side)
        assert creases.max() <= 1.35, (name, side, np.round(creases, 2))


# --- Session 22 (cerv22, issue 10): from the left the C3-C5 anterior tubercle is a small forward point, not a ball.


def _anterior_tubercle_from_the_side(tree, spine, name: str, side: str, step: float = 0.125):
    """The anterior tubercle as seen from that side: at every depth from its landmark forward (every ``step`` mm),
    the height (top to bottom) of the bone whose first hit, on horizontal rays from outside every 0.2 mm of
    height, lies more than 4 mm lateral to the foramen's centre (the process's lateral part: in front of the
    landmark nothing else reaches so far out). Returns (depths forward of the landmark, heights; nan where none)."""
    lm = spine.landmarks[name]
    a, f = np.asarray(lm[f"anterior_tubercle_{side}"]), np.asarray(lm[f"transverse_foramen_{side}"])
    sx = -1.0 if side == "left" else 1.0
    zs = np.arange(a[2] - 8.0, a[2] + 8.01, 0.2)
    dys = np.arange(0.0, 6.0, step)
    heights = []
    for dy in dys:
        kept = [z for z in zs if len(h := _crossings(tree, (sx * 60.0, a[1] + dy, z), (0.0, a[1] + dy, z)))
                and np.abs(h[:, 0]).max() > abs(f[0]) + 4.0]
        heights.append(max(kept) - min(kept) if kept else np.nan)
    return dys, np.array(heights)


@pytest.mark.parametrize("name", ["C3", "C4", "C5"])
def test_anterior_tubercle_is_a_small_forward_point_from_the_side(spine, name):
    """From the left (as on a lateral view of a dry bone) the anterior tubercle of C3-C5 is a small point at the
    front of the gutter, not a ball (Gray 1918, the cervical vertebrae: the costal process ends in the anterior
    tubercle, large only at C6, the carotid tubercle): at its landmark's depth the lateral part of the process is
    at most 6.2 mm tall, and 0.5 mm behind its foremost point at most 0.6 of that (it tapers to its tip). Modelling
    limits [M] (no measured tubercle height found); C6's carotid tubercle stands 9.6 mm tall there (held by
    test_c6_anterior_tubercle_is_the_largest). Main in session 22 failed at C3-C5: a dome 7.4-7.6 mm tall,
    still 0.66-0.68 of that 0.5 mm behind its front, which from the left hid the body's side as a rounded knob
    (issue 10); now 5.6 mm and 0.46-0.54 (cervical.ANTERIOR_POINT)."""
    tree = _locator(spine.bones[name])
    for side in SIDES:
        dys, heights = _anterior_tubercle_from_the_side(tree, spine, name, side)
        front = float(dys[~np.isnan(heights)].max())
        near_tip = float(np.interp(front - 0.5, dys, heights))
        assert heights[0] <= 6.2 and near_tip <= 0.6 * heights[0], (name, side, round(float(heights[0]), 2),
                                                                     round(near_tip / heights[0], 2))


# --- Session 26 (cerv26): the uncinate's crest rounded along its length, not a pyramid's apex.
# How far (mm) in front of and behind the tallest point the crest's profile is fitted, and the least radius of the fit
# (a modelling floor [M]: a lip rounded along its crest; main in session 25: 0.91-1.18 mm at C4-C6, default lod, a
# peak between two straight slopes)
CREST_FIT = 1.5
CREST_RADIUS_MIN = 1.6


def _crest_radius(tree, d, back: float, rim: float, sx: float, step: float = 0.25) -> tuple[float, float]:
    """Along the body's side (every ``step`` mm from the endplate's posterior border forward over 60 % of its
    depth), how high the bone stands above the posterior rim over the lateral 5 mm on side ``sx``; returns the
    crest's greatest height and the radius (mm) of a parabola fitted to the profile within CREST_FIT of its
    tallest point (the crest's roundness along its length, seen from the side)."""
    ys = np.arange(back + 0.5, back + 0.6 * d.epd, step)
    xs = np.arange(d.epw / 2 - 5.0, d.epw / 2 + 0.01, step)
    h = np.array([np.nanmax([_top_z(tree, sx * x, y) for x in xs]) for y in ys]) - rim
    k = int(np.nanargmax(h))
    near = np.abs(ys - ys[k]) <= CREST_FIT
    a = np.polyfit(ys[near], h[near], 2)[0]
    return float(h[k]), float(-1.0 / (2.0 * a)) if a < 0 else float("inf")


@pytest.mark.parametrize("name", ["C4", "C5", "C6"])
def test_uncinate_crest_is_rounded_along_its_length(spine, name):
    """From the front and the side each uncinate process of C4-C6 is a lip on the posterolateral rim whose crest is
    rounded along its length, not a pyramid with a sharp apex between two straight slopes (Gray 1918, the cervical
    vertebrae: the body's upper surface bears a projecting lip on either side): within CREST_FIT of its tallest
    point the crest's profile fits a curve of radius at least CREST_RADIUS_MIN (_crest_radius), while its height
    stays the cited one (test_uncinate_processes_rise_at_the_lateral_rims, Lu et al. 1998). Main in session 25
    failed at C4-C6, both sides, default and fine lod: 1.02-1.04 (C4), 0.91-0.93 (C5), 1.15-1.20 mm (C6), the two
    straight bars meeting at a point; now 1.72-1.76 (C4), 2.07-2.15 (C5), 2.74-2.84 mm (C6), the tallest point
    5.85-5.89 mm over the posterior rim (was 5.48-5.60): cervical.UNCINATE_ROUND."""
    d, tree, back, rim, _wanted = _uncinate_frame(spine, name)
    for sx in (1.0, -1.0):
        height, radius = _crest_radius(tree, d, back, rim, sx)
        assert radius >= CREST_RADIUS_MIN, (name, sx, round(height, 2), round(radius, 2))


# --- Session 30 (cerv30, issue 10): from the front the anterior bar is one plate, not a shelf with a bar over it.
# The steepest the front face may turn toward facing upward between its foremost point and 1 mm below the crest:
# tan(40 deg), a face leaning back and not a ledge (modelling limit [M]).
FRONT_FACE_SLOPE_MAX = 0.84
# C6's face stops 0.8 mm below its crest (cervical.ANTERIOR_FACE), so the crest's rounding reaches lower: tan(51 deg)
# [M] (at 0.5 and 0.6 mm below the crest its gutter's wall stood 2.83-2.9 mm over the floor midway,
# test_transverse_process_is_one_grooved_plate: at most 2.8)
FRONT_FACE_SLOPE_MAX_C6 = 1.25


def _front_face(tree, spine, name: str, side: str, frac: float) -> tuple[np.ndarray, np.ndarray]:
    """Seen from the front of the anterior bar, how far forward its front face stands at each height: at ``frac`` of
    the way from the foramen's rim to the anterior tubercle, horizontal rays square to the bar (from 12 mm in front
    of it back to its line) every 0.2 mm up; returns (heights, forward reach in mm, nan where no bone)."""
    lm = spine.landmarks[name]
    f, a = np.array(lm[f"transverse_foramen_{side}"]), np.array(lm[f"anterior_tubercle_{side}"])
    along = (a - f) * (1.0, 1.0, 0.0)
    length = float(np.linalg.norm(along))
    along /= length
    fwd = np.array([-along[1], along[0], 0.0])
    fwd = fwd if fwd[1] > 0 else -fwd
    r = cervical.FORAMEN_DIAMETER / 2
    m = f + (r + frac * (length - r)) * along
    zs = np.arange(m[2] - 8.0, m[2] + 8.0, 0.2)
    reach = []
    for z in zs:
        hits = _crossings(tree, (m + 12.0 * fwd)[:2].tolist() + [z], m[:2].tolist() + [z])
        reach.append(float(((hits - m) @ fwd).max()) if len(hits) else np.nan)
    return zs, np.array(reach)


def _front_face_ledge(zs: np.ndarray, reach: np.ndarray) -> float:
    """The steepest backward turn of the front face (mm back per mm up, over 0.4 mm) from its foremost point up to
    1 mm below the bar's crest: a ledge where a low plate stands proud of the bar above it."""
    ok = ~np.isnan(reach)
    z, y = zs[ok], reach[ok]
    sel = (z >= z[int(np.argmax(y))]) & (z <= z.max() - 1.0)
    z, y = z[sel], y[sel]
    return float(np.max(-(y[2:] - y[:-2]) / (z[2:] - z[:-2]))) if len(z) >= 3 else 0.0


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_anterior_bar_front_is_one_plate_from_the_front(spine, name):
    """From the front and front-oblique the anterior (costal) bar of C3-C6 is one flattened plate (Gray 1918, the
    cervical vertebrae; Frazer 1914), not a low rounded shelf with the bar's own rounded top set back over it (two
    bands of light running out side by side: issue 10, "two parallel round bars"). At 0.3-0.7 of the way from the
    foramen's rim to the anterior tubercle, between the front face's foremost point and 1 mm below the crest, the
    face nowhere turns back by more than FRONT_FACE_SLOPE_MAX mm per mm up (40 degrees from upright). Main in
    session 30 failed at C3-C6, both sides, both lods: 0.9-2.2 at C3-C5, 1.4-2.5 at C6 (the low plate
    cervical.ANTERIOR_BORDER standing 1.6-1.9 mm proud); with cervical.ANTERIOR_FACE C3-C5 0.48-0.69, C6 0.61-1.09
    (its own limit FRONT_FACE_SLOPE_MAX_C6)."""
    limit = FRONT_FACE_SLOPE_MAX_C6 if name == "C6" else FRONT_FACE_SLOPE_MAX
    tree = _locator(spine.bones[name])
    for side in SIDES:
        ledges = [_front_face_ledge(*_front_face(tree, spine, name, side, frac)) for frac in (0.3, 0.4, 0.5, 0.6, 0.7)]
        assert max(ledges) <= limit, (name, side, np.round(ledges, 2))
