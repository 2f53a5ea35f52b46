"""Nerves drawn with the spine and cut faces capped: measured in pixels and geometry."""

import dataclasses

import numpy as np
import pytest

from spineviz.anatomy.levels import level
from spineviz.render.cut import cut_mesh
from spineviz.scene.clip import ClipPlane
from spineviz.scene.state import Layers, SceneState

pytestmark = pytest.mark.render

NERVE_YELLOW = np.array([0.97, 0.80, 0.20]) * 255


@pytest.fixture(scope="module")
def spine():
    from spineviz.anatomy.spine import load_spine

    return load_spine()


def _image(state, spine, size=(420, 420)):
    from spineviz.render.scene_render import open_renderer

    r = open_renderer(state, size, spine=spine, captions=False)
    try:
        return np.asarray(r.plotter.screenshot(return_img=True), float), r
    finally:
        r.plotter.close()


def _near(img, colour, tol=40.0):
    return int(np.sum(np.linalg.norm(img[..., :3] - colour, axis=-1) < tol))


def test_nerve_layer_draws_yellow_tubes_named_for_picking(spine):
    base = SceneState(region="lumbar", isolate="L4")
    plain, _ = _image(base, spine)
    shown, r = _image(dataclasses.replace(base, layers=Layers(nerves=True)), spine)
    assert _near(shown, NERVE_YELLOW) > 200 + _near(plain, NERVE_YELLOW)
    names = set(r.nerves.actors)
    assert "L4 medial branch (left)" in names and "L4 nerve root (right)" in names
    assert all(v[0] == "nerve" for v in r.nerves.pick_names().values())
    visible = {n for n, a in r.nerves.actors.items() if a.visibility}
    assert "L4 nerve root (left)" in visible and "C5 nerve root (left)" not in visible


def test_cut_of_a_closed_bone_is_closed_and_flat_on_the_plane(spine):
    bone = spine.bones["L4"]
    cut = cut_mesh(bone, (0.0, 0.0, 0.0), (-1.0, 0.0, 0.0), (0.9, 0.86, 0.77))
    assert cut.n_open_edges == 0  # capped: the cut bone is solid
    assert cut.bounds[0] > -1e-3 and cut.bounds[1] == pytest.approx(bone.bounds[1], abs=0.01)
    cap = np.asarray(cut.cell_data["Colors"])  # the cap is darker than the surface
    assert len(np.unique(cap.reshape(len(cap), -1), axis=0)) == 2


def test_sagittal_cut_shows_a_cut_face_where_the_whole_bone_was_not(spine):
    from spineviz.scene.state import Camera

    whole = SceneState(region="lumbar", isolate="L4", camera=Camera(view="left"))
    cut = dataclasses.replace(whole, clip=ClipPlane("sagittal", at="L4/5"))
    a, _ = _image(whole, spine)
    b, r = _image(cut, spine)
    assert np.mean(np.abs(a - b)) > 2.0
    bone = r.actors.bones["L4"].mapper.GetInput()
    assert bone.GetBounds()[0] > -1.0  # in L4's frame nothing remains on the patient's left
    # the scene renders again uncut when the plane is removed
    r2 = _image(whole, spine)[1]
    assert r2.actors.bones["L4"].mapper.GetInput().GetBounds()[0] < -10.0


def test_nerves_are_kept_just_in_front_of_the_cut_and_removed_far_from_it(spine):
    from spineviz.render.cut import NERVE_MARGIN

    state = SceneState(region="lumbar", layers=Layers(nerves=True), clip=ClipPlane("axial", at="L4"))
    _, r = _image(state, spine, size=(200, 200))
    origin, _ = state.clip.world_plane(spine.model, r.actors.transforms)
    shown = {n for n, a in r.nerves.actors.items() if a.visibility}
    assert "L1 nerve root (left)" not in shown  # far above the cut: gone with the bone
    assert "L4 nerve root (left)" in shown and "L5 nerve root (left)" in shown
    l3 = r.nerves.actors["L3 nerve root (left)"]  # crosses the margin: kept only below it
    whole = spine.model.frames[level("L3").index][2, 3] + r.nerves.meshes["L3 nerve root (left)"].bounds[5]
    assert whole > origin[2] + NERVE_MARGIN + 5
    pts = np.asarray(l3.mapper.GetInput().GetPoints().GetData())  # the actor's box would overstate it
    world = pts @ np.asarray(l3.user_matrix)[:3, :3].T + np.asarray(l3.user_matrix)[:3, 3]
    assert l3.visibility and world[:, 2].max() <= origin[2] + NERVE_MARGIN + 0.01
