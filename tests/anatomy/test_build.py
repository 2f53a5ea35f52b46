"""Building meshes: deterministic, detached parts refused, landmarks present."""

import numpy as np
import pytest

from spineviz.anatomy import meshbuild, sdf, vertebra
from spineviz.anatomy.levels import parse_level
from spineviz.anatomy.shapes.common import Design
from spineviz.anatomy.spine import model
from spineviz.anatomy.vertebra import MeshBuildError, build_vertebra, evaluate, surface


def test_rebuild_is_deterministic(tmp_path):
    a = meshbuild.build_mesh_set(tmp_path / "a", levels=[parse_level("C4")])
    b = meshbuild.build_mesh_set(tmp_path / "b", levels=[parse_level("C4")])
    assert a["lods"]["default"][0]["sha256"] == b["lods"]["default"][0]["sha256"]
    assert a["landmarks"] == b["landmarks"]


def test_landmarks_describe_the_default_set_whatever_is_rebuilt(tmp_path, monkeypatch):
    """The manifest's landmarks are found on the default mesh; rebuilding only the fine set keeps them (a
    fine-only rebuild had written landmarks found on the fine T12, its left superior facet elsewhere)."""
    level = [parse_level("C4")]
    first = meshbuild.build_mesh_set(tmp_path, levels=level)
    real = vertebra.build_vertebra

    def moved(*args, **kwargs):  # a fine build whose landmarks differ from the default one's
        built = real(*args, **kwargs)
        built.landmarks["canal_centre"] = [99.0, 99.0, 99.0]
        return built

    monkeypatch.setattr(vertebra, "build_vertebra", moved)
    again = meshbuild.build_mesh_set(tmp_path, lods=("fine",), levels=level)
    assert again["landmarks"]["C4"] == first["landmarks"]["C4"]
    both = meshbuild.build_mesh_set(tmp_path / "fresh", lods=("fine",), levels=level)
    assert both["landmarks"]["C4"]["canal_centre"] == [99.0, 99.0, 99.0], "a fine-only set still gets landmarks"


@pytest.mark.parametrize("name", ["C1", "C2", "C7", "T6", "L4", "S1"])
def test_landmarks(name):
    m = model()
    built = build_vertebra(parse_level(name), m.dims, m.frames, m.joints)
    lm = built.landmarks
    assert "canal_centre" in lm
    if name != "S1":
        assert {"transverse_tip_left", "transverse_tip_right"} <= set(lm)
    if name not in ("C1",):
        assert "upper_endplate" in lm
    if name not in ("C1", "S1"):
        assert {"lower_endplate", "spinous_tip"} <= set(lm)
        for which in ("superior", "inferior"):
            for side in ("left", "right"):
                n = np.array(lm[f"{which}_facet_{side}_normal"])
                assert np.isclose(np.linalg.norm(n), 1.0, atol=1e-3)  # stored to 4 decimals
    if name == "C2":
        assert lm["dens_tip"][2] > lm["upper_endplate"][2] + 15
    if name == "C1":
        assert "upper_endplate" not in lm and "anterior_tubercle" in lm


def test_level_specific_features():
    """The features that make each region recognisable are present in the designs."""
    m = model()
    lm = {n: build_vertebra(parse_level(n), m.dims, m.frames, m.joints).landmarks for n in ("C5", "C7", "T6",
                                                                                          "L4")}
    assert "bifid_tips" in lm["C5"] and "bifid_tips" not in lm["C7"]
    assert {"uncinate_left", "transverse_foramen_left"} <= set(lm["C5"])
    t6_tip, t6_base = np.array(lm["T6"]["spinous_tip"]), np.array(lm["T6"]["spinous_base"])
    assert t6_tip[2] < t6_base[2] - 25, "thoracic spinous processes slope steeply down"
    l4_tip, l4_base = np.array(lm["L4"]["spinous_tip"]), np.array(lm["L4"]["spinous_base"])
    drop = np.degrees(np.arctan2(l4_base[2] - l4_tip[2], l4_base[1] - l4_tip[1]))
    assert drop < 25, "lumbar spinous processes run back, tipped down far less than thoracic ones"


def test_detached_parts_are_refused():
    design = Design("T1", spacing=0.8)
    design.add(sdf.Ellipsoid((0, 0, 0), (5, 5, 5)))
    design.add(sdf.Ellipsoid((30, 0, 0), (5, 5, 5)))
    with pytest.raises(MeshBuildError, match="detached"):
        surface(evaluate(design), 2000)


def test_building_elsewhere_leaves_the_package_joints_alone(tmp_path):
    """A build into another folder (the benchmark's) refits the joints but must not rewrite the package's
    ``facet_surfaces.npz`` when the fit is unchanged: it did, on every benchmark run, leaving the checkout
    dirty with float32 noise (1.6e-7 mm) from a different machine."""
    from importlib import resources

    path = resources.files("spineviz.anatomy").joinpath("data", "facet_surfaces.npz")
    before, stamp = path.read_bytes(), path.stat().st_mtime_ns
    meshbuild.build_mesh_set(tmp_path, levels=[parse_level("L4")])
    assert path.stat().st_mtime_ns == stamp
    assert path.read_bytes() == before


def test_joint_surfaces_compare_within_the_tolerance(tmp_path):
    a = {"L4-L5 left|centre": np.array([1.0, 2.0, 3.0], np.float32)}
    np.savez_compressed(tmp_path / "a.npz", **a)
    np.savez_compressed(tmp_path / "b.npz", **{k: v + 2e-7 for k, v in a.items()})
    np.savez_compressed(tmp_path / "c.npz", **{k: v + 1e-3 for k, v in a.items()})
    np.savez_compressed(tmp_path / "d.npz", **{"L5-S1 left|centre": a["L4-L5 left|centre"]})
    assert meshbuild._same_surfaces(tmp_path / "a.npz", tmp_path / "b.npz")
    assert not meshbuild._same_surfaces(tmp_path / "a.npz", tmp_path / "c.npz")
    assert not meshbuild._same_surfaces(tmp_path / "a.npz", tmp_path / "d.npz")
    assert not meshbuild._same_surfaces(tmp_path / "a.npz", tmp_path / "missing.npz")
