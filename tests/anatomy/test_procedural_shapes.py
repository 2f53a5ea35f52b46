"""Features of the procedural levels (cervical, thoracic, C1, C2, sacrum), measured on the shipped meshes.

Each test checks what a reader of the pictures would check: the C2/3 disc space is open in front, the C2
canal is as wide as its source, every cervical transverse process has a foramen ringed by bone, the
bifid spines fork and C7's does not, T12's spine is a hatchet, costal facets are flat, the sacral
foramina shrink downward and the pelvic ones are larger than the dorsal ones.
"""

import numpy as np
import pytest

from spineviz.anatomy.levels import LEVELS, parse_level
from spineviz.anatomy.shapes import sacrum as sacrum_shape
from spineviz.anatomy.spine import load_spine
from tests.anatomy.spinous import spine_axes

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def _placed(spine, name):
    lv = parse_level(name)
    return spine.bones[name].transform(spine.frames[lv.index], inplace=False)


def test_c2_c3_disc_space_open_in_front(spine):
    """The lip of C2 hangs in front of C3's bevelled rim: the gap in the front half stays > 3 mm.

    C2/3 disc height 4.5 mm (segments.csv); before issue 10 the lip came within 0.17 mm of C3.
    """
    c3_local = np.asarray(spine.bones["C3"].points)
    # the front half of the body near the midline (the uncinate lips at the sides rise on purpose)
    front = _placed(spine, "C3").extract_points((c3_local[:, 1] > 0.0) & (np.abs(c3_local[:, 0]) < 5.0),
                                                adjacent_cells=False)  # only the points chosen, no neighbours
    gap = np.abs(front.compute_implicit_distance(_placed(spine, "C2"))["implicit_distance"]).min()
    assert gap > 3.0, f"C2-C3 front gap {gap:.2f} mm"


def _canal_width(mesh, y, z):
    right, _ = mesh.ray_trace((0.0, y, z), (60.0, y, z))
    left, _ = mesh.ray_trace((0.0, y, z), (-60.0, y, z))
    return float(right[:, 0].min() - left[:, 0].max())


def test_c2_canal_width_at_its_source(spine):
    """Parihar: C2 canal 21.57 mm wide; measured at the canal centre, across the height of the body."""
    d = spine.model.dims["C2"]
    y = spine.landmarks["C2"]["canal_centre"][1]
    widths = [_canal_width(spine.bones["C2"], y, z) for z in (-8.0, -4.0, 0.0, 4.0)]
    assert min(widths) == pytest.approx(d.cw, rel=0.05), widths


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6", "C7"])
def test_cervical_transverse_foramen_open_and_ringed(spine, name):
    mesh = spine.bones[name]
    for side in ("left", "right"):
        c = np.array(spine.landmarks[name][f"transverse_foramen_{side}"])
        through, _ = mesh.ray_trace(c + (0, 0, -4.0), c + (0, 0, 4.0))
        assert len(through) == 0, f"{name} {side}: the foramen is blocked"
        for direction in ((1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0)):
            hits, _ = mesh.ray_trace(c, c + 7.0 * np.asarray(direction, float))
            assert len(hits), f"{name} {side}: no bone around the foramen toward {direction}"


def _hits_across_tip(spine, name, x):
    """Does a ray square to the spine, at ``x`` from the midline and 2 mm inside its tip, meet bone?"""
    base, axis, up = spine_axes(spine, name)
    reach = float(((np.asarray(spine.bones[name].points) - base) @ axis).max())
    p = base + (reach - 2.0) * axis + np.array([x, 0.0, 0.0])
    hits, _ = spine.bones[name].ray_trace(p - 15.0 * up, p + 15.0 * up)
    return len(hits) > 0


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6"])
def test_bifid_spines_fork(spine, name):
    assert _hits_across_tip(spine, name, 3.4) and _hits_across_tip(spine, name, -3.4), "two tubercles"
    assert not _hits_across_tip(spine, name, 0.0), "a notch between the two tubercles"


def test_c7_spine_is_single(spine):
    assert _hits_across_tip(spine, "C7", 0.0)


def _spine_height_near_tip(spine, name):
    base, axis, up = spine_axes(spine, name)
    pts = np.asarray(spine.bones[name].points)
    s = (pts - base) @ axis
    band = pts[(s > 0.6 * s.max()) & (s < 0.75 * s.max()) & (np.abs(pts[:, 0]) < 6.0)]
    return float(np.ptp((band - base) @ up))


def test_t12_spine_is_a_hatchet_and_t6_a_spike(spine):
    """Height of the spine at two thirds of its length, relative to its length: a tall short blade at
    T12 (as in the lumbar spine), a long slender spike at T6."""
    dims = spine.model.dims
    t12 = _spine_height_near_tip(spine, "T12") / dims["T12"].spl
    t6 = _spine_height_near_tip(spine, "T6") / dims["T6"].spl
    assert _spine_height_near_tip(spine, "T12") > 0.45 * dims["T12"].body_height
    assert t12 > 1.6 * t6, (t12, t6)


def test_t12_has_mammillary_and_accessory_processes(spine):
    lm = spine.landmarks["T12"]
    assert {"mammillary_left", "mammillary_right", "accessory_left", "accessory_right"} <= set(lm)
    assert "mammillary_left" not in spine.landmarks["T10"]


def _flatness(mesh, centre, normal, radius):
    """RMS distance (mm) of the surface points within ``radius`` of ``centre`` from their best-fit plane."""
    pts = np.asarray(mesh.points)
    normals = np.asarray(mesh.point_normals)
    sel = (np.linalg.norm(pts - centre, axis=1) < radius) & (normals @ normal > 0.5)
    p = pts[sel]
    q = p - p.mean(axis=0)
    return float(np.sqrt(np.linalg.svd(q, full_matrices=False)[1][2] ** 2 / len(p))), int(sel.sum())


@pytest.mark.parametrize("name", ["T3", "T6", "T9"])
def test_costal_facets_on_transverse_processes_are_flat(spine, name):
    lm = spine.landmarks[name]
    mesh = spine.bones[name]
    for side in ("left", "right"):
        c = np.array(lm[f"costal_facet_{side}"])
        sx = 1.0 if side == "right" else -1.0
        n = np.array([0.45 * sx, 1.0, 0.0])
        n /= np.linalg.norm(n)
        rms, count = _flatness(mesh, c, n, 2.0)
        assert count >= 4 and rms < 0.25, (name, side, rms, count)


def test_sacral_foramina_grade_down_and_pelvic_larger_than_dorsal():
    pelvic, dorsal = sacrum_shape.FORAMEN_PELVIC, sacrum_shape.FORAMEN_DORSAL
    assert list(pelvic) == sorted(pelvic, reverse=True) and list(dorsal) == sorted(dorsal, reverse=True)
    assert all(p > d for p, d in zip(pelvic, dorsal, strict=True))


def test_sacrum_pelvic_surface_is_concave(spine):
    """The middle of the pelvic surface lies behind the chord from the promontory to the apex."""
    mesh = spine.bones["S1"]
    lm = spine.landmarks["S1"]
    top, apex = np.array(lm["promontory"]), np.array(lm["apex"])
    z_mid = 0.5 * (top[2] + apex[2])
    hits, _ = mesh.ray_trace((0.0, 80.0, z_mid), (0.0, -80.0, z_mid))
    front = float(np.asarray(hits)[:, 1].max())
    chord = top[1] + (apex[1] - top[1]) * (z_mid - top[2]) / (apex[2] - top[2])
    assert chord - front > 3.0, f"pelvic surface {front:.1f} vs chord {chord:.1f}"


def test_sacral_features_named():
    names = set(load_spine().landmarks["S1"])
    assert {"promontory", "auricular_surface_left", "auricular_surface_right", "median_crest",
            "lateral_crest_left", "sacral_hiatus", "pelvic_foramen_1", "dorsal_foramen_4"} <= names
    assert [lv.name for lv in LEVELS][-1] == "S1"
