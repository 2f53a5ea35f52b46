"""The nerves model: which foramen each root leaves by, where each medial branch runs, and the sources."""

import numpy as np
import pytest

from spineviz.anatomy.levels import level
from spineviz.anatomy.nerves import nerve_by_name, nerve_data, nerve_paths, nerves_for_joint, shipped_landmarks
from spineviz.anatomy.spine import load_spine, model


@pytest.fixture(scope="module")
def paths():
    return nerve_paths(model(), shipped_landmarks())


@pytest.fixture(scope="module")
def bones():
    """Each bone mesh in the spine frame at neutral."""
    sp = load_spine()
    return {n: m.transform(sp.frames[level(n).index], inplace=False) for n, m in sp.bones.items()}


def _signed_distance(mesh, points):
    import pyvista as pv

    return np.asarray(pv.PolyData(np.asarray(points, float)).compute_implicit_distance(mesh)["implicit_distance"])


def _world(path):
    return path.world(model().frames)


def test_every_level_has_both_roots_and_the_facet_nerves(paths):
    names = {p.name for p in paths}
    for n in [f"C{i}" for i in range(3, 9)] + [f"T{i}" for i in range(1, 13)] + [f"L{i}" for i in range(1, 6)]:
        for side in ("left", "right"):
            assert f"{n} nerve root ({side})" in names
    for n in ["C3", "C4", "C5", "C6", "C7", "L1", "L2", "L3", "L4"]:
        assert f"{n} medial branch (left)" in names and f"{n} medial branch (right)" in names
    assert "L5 dorsal ramus (left)" in names


def test_roots_leave_by_the_published_foramen(paths):
    """Lumbar/thoracic: below the own pedicle (L4 via L4/5); neck: above it (C6 via C5/6; C8 via C7/T1).

    The point in the foramen is nearer (in height) to that segment's disc than to any other disc.
    """
    from spineviz.anatomy.levels import SEGMENTS

    m = model()
    discs = {s.name: 0.5 * (m.endplate(s.upper, "lower")[2, 3] + m.endplate(s.lower, "upper")[2, 3])
             for s in SEGMENTS if s.upper.name != "C1"}
    for name, foramen in [("L4", "L4/5"), ("L1", "L1/2"), ("T6", "T6/7"), ("C6", "C5/6"), ("C3", "C2/3"),
                          ("C8", "C7/T1")]:
        for side in ("left", "right"):
            root = nerve_by_name(paths, f"{name} nerve root ({side})")
            z = _world(root)[0][2 if name[0] != "C" else 1][2]
            nearest = min(discs, key=lambda k: abs(discs[k] - z))
            assert nearest == foramen, (name, nearest)


def test_a_root_passes_just_under_its_lumbar_pedicle(paths, bones):
    """Measured on the mesh: the foramen point is outside bone, and L4's pedicle lies within 5 mm above it."""
    root = nerve_by_name(paths, "L4 nerve root (right)")
    p = _world(root)[0][2]
    assert _signed_distance(bones["L4"], [p])[0] > 0
    hits, _ = bones["L4"].ray_trace(p, p + np.array([0.0, 0.0, 30.0]))
    assert len(hits) and hits[:, 2].min() - p[2] < 5.0


def _medial_branch_on(paths, bones, name: str, carrier: str):
    """The named medial branch, checked to ride on ``carrier`` with its middle points hugging that bone
    (0-4 mm outside it); returns the branch and those points (world, mm)."""
    mb = nerve_by_name(paths, name)
    assert mb.carrier == carrier
    pts = _world(mb)[0][1:4]
    d = _signed_distance(bones[carrier], pts)
    assert np.all(d > -0.5) and np.all(d < 4.5), d
    return mb, pts


def test_lumbar_medial_branch_lies_on_the_transverse_process_root_of_the_level_below(paths, bones):
    """L4's medial branch runs on L5 (Bogduk 1982): its groove points hug L5's bone (0-4 mm, outside)."""
    mb, _groove = _medial_branch_on(paths, bones, "L4 medial branch (left)", "L5")
    assert set(mb.supplies) == {"L4/5", "L5/S1"}


def test_cervical_medial_branch_wraps_the_waist_of_its_own_pillar(paths, bones):
    _mb, pts = _medial_branch_on(paths, bones, "C5 medial branch (right)", "C5")
    lm = shipped_landmarks()["C5"]
    frames = model().frames
    sup = frames[level("C5").index] @ np.append(lm["superior_facet_right"], 1.0)
    inf = frames[level("C5").index] @ np.append(lm["inferior_facet_right"], 1.0)
    assert inf[2] < pts[:, 2].mean() < sup[2]  # between the facets: on the pillar's waist


def test_each_joint_is_supplied_by_two_medial_branches(paths):
    assert {p.name for p in nerves_for_joint(paths, "L4/5") if p.side == "left"} == {
        "L3 medial branch (left)", "L4 medial branch (left)"}
    assert {p.name for p in nerves_for_joint(paths, "C5/6") if p.side == "right"} == {
        "C5 medial branch (right)", "C6 medial branch (right)"}


def test_nerves_follow_the_pose(paths):
    from spineviz.motion import parse_motion
    from spineviz.motion.pose import pose

    m = model()
    mb = nerve_by_name(paths, "L4 medial branch (left)")
    p = pose(m, parse_motion("flexion=30", region="lumbar"))
    moved = mb.world(m.frames, p.transforms)[0]
    rest = mb.world(m.frames)[0]
    assert np.linalg.norm(moved - rest, axis=1).max() > 1.0
    # rigid with its carrier: distances along the nerve do not change
    assert np.allclose(np.linalg.norm(np.diff(moved, axis=0), axis=1), np.linalg.norm(np.diff(rest, axis=0), axis=1))


def test_sources_are_pinned(paths):
    src = nerve_data()["sources"]
    assert "Bogduk" in src["lumbar_medial_branch"] and "1982" in src["lumbar_medial_branch"]
    assert "1983" in src["lumbar_medial_branch"] and "mamillo-accessory" in src["lumbar_medial_branch"]
    cervical = src["cervical_medial_branch"]
    assert "Lord" in cervical and "The clinical anatomy of the cervical dorsal rami. Spine 1982" in cervical
    for key in src:
        assert "[R2]" in src[key] or "[R]" in src[key], key
    assert all(p.source and p.article == "injections-and-radiofrequency" for p in paths)
