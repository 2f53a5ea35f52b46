"""Tours as data: the shipped tours load, bad tours are refused with the fix, saving round-trips."""

import numpy as np
import pytest

from spineviz.scene.tour import TourError, camera_between, default_tour_dir, load_tour, save_tour, tour_from_toml

SHIPPED = ("why-my-back-hurts-when-i-lean-back", "the-facet-joints-from-neck-to-pelvis")


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_tours_load_and_round_trip(name, tmp_path):
    tour = load_tour(default_tour_dir() / f"{name}.toml")
    assert len(tour.steps) >= 5 and tour.title
    assert all(s.caption and s.scene.caption == s.caption for s in tour.steps)
    saved = save_tour(tour, tmp_path / "copy.toml")
    assert load_tour(saved) == tour
    assert not list(tmp_path.glob(".*partial*"))  # atomic: no temporary file left behind


def test_shipped_tours_show_what_they_promise():
    back = load_tour(default_tour_dir() / f"{SHIPPED[0]}.toml")
    assert any(s.scene.loads and s.scene.current_motion().flexion < 0 for s in back.steps)  # leaning back
    assert any(s.scene.layers.nerves for s in back.steps)
    neck_to_pelvis = load_tour(default_tour_dir() / f"{SHIPPED[1]}.toml")
    regions = [s.scene.region for s in neck_to_pelvis.steps]
    assert regions.index("cervical") < regions.index("thoracic") < regions.index("lumbar")
    assert any(s.scene.clip is not None and s.scene.clip.plane == "axial" for s in neck_to_pelvis.steps)


GOOD_STEP = '[[step]]\ncaption = "x"\nregion = "lumbar"\n'


@pytest.mark.parametrize(("text", "needle"), [
    ('version = 1\ntitle = "t"\n', "[[step]]"),
    ('version = 2\ntitle = "t"\n' + GOOD_STEP, "version"),
    ('version = 1\ntitle = "t"\n[[step]]\nregion = "lumbar"\n', "has no caption"),
    ('version = 1\ntitle = "t"\n' + GOOD_STEP + 'duration = 900\n', "step[1].duration"),
    ('version = 1\ntitle = "t"\n' + GOOD_STEP + '[[step]]\ncaption = "y"\npreset = "nope"\n', "step[2].preset"),
    ('version = 1\ntitle = "t"\n' + GOOD_STEP + '[[step]]\ncaption = "y"\nscene = "missing.toml"\n', "step[2].scene"),
    ('version = 1\ntitle = "t"\n[[step]]\ncaption = "y"\n[step.camera]\nzoom = "big"\n', "step[1].camera.zoom"),
    ('version = 1\ntitle = "t"\n[[step]]\ncaption = "y"\ncolour = "red"\n', "unknown key 'colour'"),
])
def test_bad_tours_name_the_file_the_step_and_the_fix(text, needle, tmp_path):
    with pytest.raises(TourError) as err:
        tour_from_toml(text, origin="my-tour.toml", folder=tmp_path)
    message = str(err.value)
    assert needle in message and "my-tour.toml" in message and "Fix:" in message


def test_step_fields_override_the_base_scene(tmp_path):
    text = ('version = 1\ntitle = "t"\n[[step]]\npreset = "l4-5-facet-pain-on-extension"\ncaption = "mine"\n'
            'loads = false\n[step.motion]\nextension = 10\nregion = "lumbar"\n')
    step = tour_from_toml(text, folder=tmp_path).steps[0]
    assert step.scene.title == "L4/5 facet pain on leaning back"  # from the preset
    assert not step.scene.loads and step.scene.animation is None  # from the step
    assert step.scene.current_motion().flexion == pytest.approx(-10.0)
    assert step.scene.caption == "mine"


def test_camera_moves_smoothly_and_ends_exactly():
    a = ((0.0, -800.0, 100.0), (0.0, 0.0, 100.0), (0.0, 0.0, 1.0))
    b = ((-600.0, 0.0, 300.0), (0.0, 10.0, 300.0), (0.0, 0.0, 1.0))
    assert np.allclose(camera_between(a, b, 0.0)[0], a[0]) and np.allclose(camera_between(a, b, 1.0)[0], b[0])
    pts = np.array([camera_between(a, b, t)[0] for t in np.linspace(0, 1, 41)])
    steps = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    assert steps[0] < steps[20] / 5 and steps[-1] < steps[20] / 5  # eases in and out
    focal = np.array([camera_between(a, b, t)[1] for t in np.linspace(0, 1, 41)])
    dist = np.linalg.norm(pts - focal, axis=1)
    assert dist.min() > 590  # turns around the spine, never through it

