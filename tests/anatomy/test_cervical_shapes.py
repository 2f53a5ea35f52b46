"""The typical cervical vertebrae C3-C7 read as cervical bones: measured on the shipped meshes.

What an anatomy teacher checks on a dry cervical vertebra, each measured on the mesh (local frame):
a ring of bone round a foramen transversarium of the measured size at every level, the gutter for the
spinal nerve between an anterior and a posterior tubercle, the carotid tubercle standing out at C6, an
articular pillar drawn in between its facets, and laminae of bone thickness rather than membranes.
"""

import numpy as np
import pytest

from spineviz.anatomy.shapes import cervical
from spineviz.anatomy.spine import load_spine
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


def _lateral_profile(mesh, sx: float, bottom: np.ndarray, top: np.ndarray, n: int = 13) -> np.ndarray:
    """How far out (|x|) the bone reaches, seen from that side, at points along the pillar's axis.

    The axis runs from the inferior facet's centre (``bottom``) to the superior one's (``top``): the pillar
    leans, so a fixed plane would cut one facet end off-centre.
    """
    out = []
    for t in np.linspace(0.0, 1.0, n)[1:-1]:
        y, z = bottom[1:] + t * (top[1:] - bottom[1:])
        pts, _ = mesh.ray_trace((sx * 60.0, y, z), (0.0, y, z))
        out.append(float(np.abs(np.asarray(pts).reshape(-1, 3)[:, 0]).max()) if len(pts) else np.nan)
    return np.array(out)


@pytest.mark.parametrize("name", TYPICAL)
def test_articular_pillar_has_a_waist(spine, name):
    """Along the pillar, its outer border is drawn in at least 1.2 mm between the flared facet ends."""
    mesh = spine.bones[name]
    for side, sx in (("right", 1.0), ("left", -1.0)):
        lm = spine.landmarks[name]
        s, i = np.array(lm[f"superior_facet_{side}"]), np.array(lm[f"inferior_facet_{side}"])
        prof = _lateral_profile(mesh, sx, i, s)
        ends = min(np.nanmax(prof[:3]), np.nanmax(prof[-3:]))
        waist = np.nanmin(prof[4:7])
        assert ends - waist >= 1.2, (name, side, np.round(prof, 1))


@pytest.mark.parametrize("name", TYPICAL)
def test_laminae_have_bone_thickness(spine, name):
    """Square to each lamina at mid-length, the plate is 1.9-5 mm thick at three heights.

    Xu et al. 1999 (Spine 24:107): 1.9 mm at C5, the thinnest lamina of the spine; 5.0 mm at T2, the thickest.
    """
    mesh = spine.bones[name]
    lm = spine.landmarks[name]
    base = np.array(lm["spinous_base"])
    for side in SIDES:
        mid = np.array(lm[f"lamina_{side}"])
        along = (base - mid) * (1.0, 1.0, 0.0)
        along /= np.linalg.norm(along)
        n = np.array([-along[1], along[0], 0.0])
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
