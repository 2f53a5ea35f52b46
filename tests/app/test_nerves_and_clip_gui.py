"""The app's window honours a scene's nerves layer and its cross-section, through the one scene renderer."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.gui


def test_a_scene_with_nerves_and_a_cut_shows_both_in_the_window_and_can_take_them_away(window, qtbot):
    from dataclasses import replace

    from spineviz.scene import Camera, Layers, SceneState
    from spineviz.scene.clip import clip_from_flags

    plain = SceneState(region="lumbar", camera=Camera(view="superior"))
    window.live.set_state(plain)
    qtbot.wait(50)
    before = window.viewport.renderer.snapshot()
    l4_points = window.actors.bones["L4"].mapper.GetInput().GetNumberOfPoints()

    cut = replace(plain, layers=Layers(regions=("lumbar", "sacral"), nerves=True),
                  clip=clip_from_flags("axial", "L4", 0.0))
    window.live.set_state(cut)
    qtbot.wait(50)
    nerves = window.viewport.renderer.nerves
    assert nerves is not None and any(a.visibility for a in nerves.actors.values())
    assert window.actors.bones["L4"].mapper.GetInput().GetNumberOfPoints() < l4_points  # L4 is cut
    after = window.viewport.renderer.snapshot()
    changed = np.abs(before[..., :3].astype(float) - after[..., :3].astype(float)).max(axis=2) > 30
    assert changed.mean() > 0.01  # what the user sees changed: L4's section from above, and the nerves

    window.live.set_state(plain)
    qtbot.wait(50)
    assert not any(a.visibility for a in nerves.actors.values())
    assert window.actors.bones["L4"].mapper.GetInput().GetNumberOfPoints() == l4_points
