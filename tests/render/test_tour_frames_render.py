"""Every tour frame is rendered before it is captured: an animated step's held frames move, and the names follow."""

import numpy as np
import pytest

from spineviz.render.tour_export import tour_frames
from spineviz.scene.tour import default_tour_dir, load_tour

pytestmark = pytest.mark.render


def test_an_animated_steps_frames_change():
    from dataclasses import replace

    tour = load_tour(default_tour_dir() / "why-my-back-hurts-when-i-lean-back.toml")
    k = next(i for i, s in enumerate(tour.steps) if s.scene.animation is not None)
    step = replace(tour.steps[k], transition=0.0, duration=1.0)
    one = replace(tour, steps=(step,))
    frames = [img.astype(float) for _i, img in tour_frames(one, size=(320, 400), fps=4)]
    assert len(frames) == 4
    moved = [np.mean(np.abs(frames[0] - f).sum(axis=2) > 40) for f in frames[1:]]
    assert max(moved) > 0.01, f"the held frames do not move: {moved}"
