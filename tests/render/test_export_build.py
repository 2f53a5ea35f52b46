"""An export's renderer built by copying one actor per look draws exactly what add_mesh for every part drew.

:class:`~spineviz.render.part_actors.PartActors` skips PyVista's per-add bookkeeping (quadratic in the
number of parts); nothing a user sees may change: the same pixels in a plain and an x-ray scene with loads
and names, the same parts pickable under the same names.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import spineviz.render.part_actors as part_actors
from spineviz.render.scene_render import open_renderer
from spineviz.scene.presets import load_preset
from spineviz.scene.state import SceneState

pytestmark = pytest.mark.render

SIZE = (240, 320)


class _EveryPartByAddMesh(part_actors.PartActors):
    """The old build: PyVista's add_mesh for each of the 144 parts."""

    def add(self, mesh, name, look, *, pickable):
        return self.plotter.add_mesh(mesh, name=name, render=False, pickable=pickable, **look)


@pytest.fixture(scope="module")
def spine():
    from spineviz.anatomy.spine import load_spine

    return load_spine()


def _draw(state, spine, monkeypatch, builder):
    monkeypatch.setattr(part_actors, "PartActors", builder)
    renderer = open_renderer(state, SIZE, spine=spine)
    try:
        a = renderer.actors
        parts = {**a.bones, **a.discs, **{f"{k[0]}:{k[1]}": v for k, v in a.cartilage.items()}}
        named = {name for name in renderer.plotter.actors if name.split(":")[0] in ("bone", "disc", "facet")}
        pickable = {k for k, v in parts.items() if v.GetPickable()}
        return renderer.snapshot()[..., :3].copy(), sorted(set(renderer.actors.pick_names().values())), named, pickable
    finally:
        renderer.plotter.close()


@pytest.mark.parametrize("scene", ["preset", "xray"])
def test_copied_parts_draw_the_same_picture_and_picks(scene, spine, monkeypatch):
    if scene == "preset":
        state = load_preset("lumbar-facets-in-extension")
    else:
        state = SceneState(loads=True, layers=replace(SceneState().layers, bone_transparency=0.65, labels=True))
    new = _draw(state, spine, monkeypatch, part_actors.PartActors)
    old = _draw(state, spine, monkeypatch, _EveryPartByAddMesh)
    assert new[0].std() > 10, "the picture should show the spine"
    assert np.array_equal(new[0], old[0]), f"{scene}: {(new[0] != old[0]).any(axis=-1).sum()} pixels differ"
    assert new[1] == old[1] and len(new[1]) == len(spine.bones) + len(spine.model.present_joints)
    assert new[2] == old[2] and len(new[2]) == 144, "every part is on the plotter under its name"
    assert new[3] == old[3], "the same parts are pickable"
