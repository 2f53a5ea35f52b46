"""The preset scenes: each loads, validates, round-trips, says something true, and renders a non-blank image."""

from pathlib import Path

import numpy as np
import pytest

from spineviz.scene.io import load_scene, save_scene
from spineviz.scene.presets import (
    CHAIRSIDE,
    default_scene_dir,
    list_presets,
    load_preset,
    preset_paths,
)
from spineviz.scene.state import SceneError

REQUIRED = {
    "whole-spine-overview", "lumbar-facets-in-extension", "rotation-loads-the-opposite-facet",
    "buttock-and-thigh-pain", "neck-facets-and-shoulder-blade-pain", "thoracic-facets-are-nearly-coronal",
    "flexion-unloads-the-facets", CHAIRSIDE,
}
IDS = sorted(preset_paths())


def test_presets_are_found_in_the_checkout():
    assert default_scene_dir() == Path(__file__).resolve().parents[2] / "scenes"
    assert REQUIRED <= set(IDS)


def test_every_preset_has_a_title_and_a_short_plain_caption():
    for info in list_presets():
        assert info.title and len(info.title) <= 70, info.id
        assert 40 <= len(info.caption) <= 400, info.id
        assert "°" not in info.caption and " N " not in info.caption  # plain words, not numbers


@pytest.mark.parametrize("preset_id", IDS)
def test_preset_round_trips(preset_id, tmp_path):
    state = load_preset(preset_id)
    again = load_scene(save_scene(state, tmp_path / "copy.toml"))
    assert again == state


def test_unknown_preset():
    with pytest.raises(SceneError, match="whole-spine-overview"):
        load_preset("nope")


def test_presets_say_what_the_model_does():
    from spineviz.anatomy.spine import model
    from spineviz.motion.loads import facet_loads
    from spineviz.motion.pose import pose

    m = model()

    def top(state, n=2):
        loads = facet_loads(m, pose(m, state.current_motion()))
        return [name for name, _ in loads.most_loaded(n)]

    extension = load_preset("lumbar-facets-in-extension")
    assert "L5/S1" in {j.split()[0] for j in top(extension, 4)}
    rotation = load_preset("rotation-loads-the-opposite-facet")
    assert rotation.current_motion().axial_rotation > 0  # turning to the left ...
    assert all(name.endswith("right") for name in top(rotation, 4))  # ... loads the right-hand facets
    flexion = load_preset("flexion-unloads-the-facets")
    neutral = facet_loads(m, pose(m, flexion.current_motion().__class__()))
    flexed = facet_loads(m, pose(m, flexion.current_motion()))
    lumbar = slice(2 * 19, 48)
    assert np.all(flexed.newtons[lumbar] < neutral.newtons[lumbar])
    chairside = load_preset(CHAIRSIDE)
    assert chairside.loads and "L4/5" in chairside.highlight and chairside.animation is not None
    assert set(load_preset("buttock-and-thigh-pain").body_map) == {"L4/5", "L5/S1"}
    assert set(load_preset("neck-facets-and-shoulder-blade-pain").body_map) == {"C5/6", "C6/7"}


@pytest.fixture(scope="module")
def spine():
    from spineviz.anatomy.spine import load_spine

    return load_spine()


@pytest.mark.render
@pytest.mark.parametrize("preset_id", IDS)
def test_every_preset_renders_a_non_blank_image(preset_id, tmp_path, spine):
    import imageio.v3 as iio

    from spineviz.render.scene_render import render_scene

    out = tmp_path / f"{preset_id}.png"
    summary = render_scene(load_preset(preset_id), out, size=(320, 240), spine=spine)
    img = iio.imread(out)
    assert img.shape[:2] == (240, 320)
    assert img[..., :3].astype(float).std() > 8.0
    # the spine itself is drawn: bone-coloured pixels in the middle of the picture. Bone-coloured is the bone's warm
    # hue for its brightness (red over blue by 8 % of the red), not a fixed difference: since session 36 the baked
    # occlusion (render.shading) multiplies a bone's colour by a grey, which shrinks red minus blue with it (this
    # preset's pale x-ray bones: 3.3 % of the middle by the old fixed test on session 35, 0.9 % with the occlusion;
    # by this one 5.1 % and 2.9 %; the background, bluer than red, never counts)
    middle = img[60:200, 80:240, :3].astype(int)
    bone = (middle[..., 0] > 110) & (middle[..., 0] - middle[..., 2] > 0.08 * middle[..., 0])
    assert bone.mean() > 0.01, preset_id
    assert summary["clamped"] == []


def test_extension_presets_load_l4_5_and_l5_s1_most():
    """Published: extension loads the lowest lumbar facets most. Measured (lumbar extension 20, symmetric
    template): L5/S1 162.2 N each side, L4/5 117.0, then L3/4 116.6, a 0.4 N margin (L4/5's facets sit closer
    to its centre of rotation than L3/4's); before the template was made symmetric L3/4 right and left
    (114.0, 113.1) ranked above L4/5 left (112.6)."""
    from spineviz.anatomy.spine import model
    from spineviz.motion.loads import facet_loads
    from spineviz.motion.pose import pose

    m = model()
    for preset in ("lumbar-facets-in-extension", CHAIRSIDE):
        state = load_preset(preset)
        top = facet_loads(m, pose(m, state.current_motion())).most_loaded(4)
        assert {name.split()[0] for name, _ in top} == {"L4/5", "L5/S1"}, preset
