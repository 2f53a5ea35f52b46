"""Pedicle width and height at mid-length (the isthmus), measured on the shipped meshes, against the table.

Every level with a pedicle (C2-L5), both sides, within 15 % (issue 10). The lumbar levels are built from
the lumbar engineer's shapes; they are listed here too (never skipped), so the test keeps them honest
once their template-based meshes land.
"""

import numpy as np
import pytest
import pyvista as pv

from spineviz.anatomy.levels import LEVELS
from spineviz.anatomy.pedicle import measure_pedicle, pedicle_axis
from spineviz.anatomy.spine import load_spine

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

WITH_PEDICLE = [lv.name for lv in LEVELS if lv.name not in ("C1", "S1")]


@pytest.fixture(scope="module")
def spine():
    return load_spine()


@pytest.mark.parametrize("side", ["right", "left"])
@pytest.mark.parametrize("name", WITH_PEDICLE)
def test_pedicle_width_and_height_within_15_percent(spine, name, side):
    d = spine.model.dims[name]
    got = measure_pedicle(spine.bones[name], d, spine.landmarks[name], side)
    assert got.width == pytest.approx(d.pw, rel=0.15), f"{name} {side}: width {got.width:.1f} mm, table {d.pw}"
    assert got.height == pytest.approx(d.ph, rel=0.15), f"{name} {side}: height {got.height:.1f} mm, table {d.ph}"


def test_measurement_sees_a_pinched_pedicle(spine):
    """A facet-style cut into the pedicle (the old build defect) must show up in the measurement."""
    name = "T1"
    d = spine.model.dims[name]
    mesh = spine.bones[name]
    before = measure_pedicle(mesh, d, spine.landmarks[name], "right")
    mid, _axis = pedicle_axis(d, spine.landmarks[name], "right")
    # take the pedicle's lower 4 mm away, as the old facet cut did: a capped plane cut (vtkClipClosedSurface)
    # keeps the bone closed; a boolean difference with a box crashed inside VTK on some bones
    floor = (before.centre[0], before.centre[1], before.centre[2] - before.height / 2 + 4.0)
    cut = mesh.triangulate().clip_closed_surface(normal=(0.0, 0.0, 1.0), origin=floor)
    after = measure_pedicle(cut, d, spine.landmarks[name], "right")
    assert after.height < before.height - 2.5, (before, after)
    assert np.isfinite(mid).all()


def test_lumbar_pedicle_widths_rise_caudally_in_the_table():
    """CT series find lumbar pedicles widening from L1 to L5 (Duzkalir 2015, 86 patients); the table's
    L4 row (re-measured at mid-length on the Clouthier 2023 mean shape: 12.5 mm) keeps that order."""
    from itertools import pairwise

    from spineviz.anatomy.tables import dimensions

    widths = [dimensions()[f"L{i}"].pw for i in range(1, 6)]
    assert all(b > a for a, b in pairwise(widths)), widths
    assert dimensions()["L4"].pw == pytest.approx(12.5)
    assert "Duzkalir 2015" in dimensions()["L4"].source


def test_straight_pedicle_is_measured_across_its_own_direction(spine):
    """T2's pedicle (session 14) runs nearly straight back beside the canal (8 deg, PEDICLE_CONVERGE in
    shapes/thoracic.py), against the 22 deg of the line pedicle_axis draws from inside the body's outline. The width
    the measurement reports must be the pedicle's width across its own direction as the mesh shows it (its medial
    wall, the canal's side): the chord through the reported centre square to that wall agrees within 3 %. Sections
    turned only the old way (0-40 deg more than that line) cut it obliquely: 6.87 mm for 6.42 mm across."""
    name = "T2"
    from spineviz.anatomy.measure import chord
    from spineviz.anatomy.pedicle import PEDICLE_REACH_MM, medial_wall_direction

    d = spine.model.dims[name]
    mesh = spine.bones[name]
    for side in ("right", "left"):
        got = measure_pedicle(mesh, d, spine.landmarks[name], side)
        wall = medial_wall_direction(mesh, d, spine.landmarks[name], side)
        assert wall is not None, f"{name} {side}: no straight medial wall"
        across = chord(mesh, got.centre, np.cross((0.0, 0.0, 1.0), wall), reach=PEDICLE_REACH_MM)
        assert got.width == pytest.approx(across, rel=0.03), f"{name} {side}: {got.width:.2f} mm, across {across:.2f}"


def _block_with_canal_and_foramina(extra_holes=()):
    """A 50 x 40 x 12 mm block standing for C2's arch in C2's frame: a round canal 16 mm across centred 15 mm behind
    the body's centre and two foramina 5 mm across 15 mm either side of the midline, 9 mm behind (plus any extra
    round holes (x, y, r)), upright through the block. The bone between the canal and each foramen is thinnest
    along the line through their centres: |(15, 6)| - 8 - 2.5 = 5.66 mm."""

    def ring(cx, cy, r, n=180):
        t = -np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)  # clockwise: a hole in the face
        return np.c_[cx + r * np.cos(t), cy + r * np.sin(t), np.zeros(n)]

    outer = np.array([[-25.0, -30.0, 0.0], [25.0, -30.0, 0.0], [25.0, 10.0, 0.0], [-25.0, 10.0, 0.0]])
    loops = [outer, ring(0.0, -15.0, 8.0), ring(15.0, -9.0, 2.5), ring(-15.0, -9.0, 2.5)]
    loops += [ring(x, y, r, 60) for x, y, r in extra_holes]
    faces, k = [], 0
    for loop in loops:
        faces += [len(loop), *range(k, k + len(loop))]
        k += len(loop)
    points = np.vstack(loops)
    face = pv.PolyData(points).delaunay_2d(edge_source=pv.PolyData(points, faces=faces))
    return face.translate((0.0, 0.0, -8.0)).extrude((0.0, 0.0, 12.0), capping=True).triangulate().clean()


def _block_landmarks():
    lm = {"canal_centre": (0.0, -15.0, 0.0)}
    for side, sx in (("right", 1.0), ("left", -1.0)):
        lm |= {f"pedicle_{side}": (sx * 10.0, -11.0, -2.0), f"transverse_foramen_{side}": (sx * 15.0, -9.0, -5.0),
               f"transverse_foramen_bend_{side}": (sx * 15.0, -9.0, 0.0),
               f"transverse_foramen_exit_{side}": (sx * 15.0, -9.5, 3.0)}
    return lm


def test_c2_pedicle_is_the_bone_between_the_canal_and_the_foramen_transversarium():
    """C2's pedicle has no section of its own (it runs on into the lateral mass); it is measured as on axial CT: the
    thinnest bone between the canal and the foramen transversarium, and the vertical chord there (measure_axis_pedicle).
    On a block whose canal and foramina are known the width is the bone between them (5.66 mm) and the height the
    block's (12 mm), both sides; main's sections square to the pedicle's axis read 7.08 mm there. A hole in that bone
    is not read across: the width is then the shortest chord round it, wholly through bone."""
    from spineviz.anatomy.tables import dimensions

    d = dimensions()["C2"]
    clear = np.hypot(15.0, 6.0) - 8.0 - 2.5
    block, lm = _block_with_canal_and_foramina(), _block_landmarks()
    for side in ("right", "left"):
        got = measure_pedicle(block, d, lm, side)
        assert got.width == pytest.approx(clear, abs=0.05), (side, got)
        assert got.height == pytest.approx(12.0, abs=0.05), (side, got)
    # a hole 2 mm across on that line, halfway between the walls: the straight line through it is not bone, the
    # shortest chord passes beside it (5.87 mm), its middle clear of the hole
    hole = np.array([10.04, -10.94])
    holed = _block_with_canal_and_foramina([(*hole, 1.0), (-hole[0], hole[1], 1.0)])
    for side, sx in (("right", 1.0), ("left", -1.0)):
        got = measure_pedicle(holed, d, lm, side)
        assert clear + 0.1 < got.width < clear + 1.0, (side, got)
        assert np.hypot(got.centre[0] - sx * hole[0], got.centre[1] - hole[1]) > 1.0, (side, got)
