"""Issue 13: switching between the moving (coarse) and the still (full) bones changes nothing a user reads.

The same scene is looked at in both detail levels: the colours and visibility of every part, what a click
picks anywhere in the picture, the level names, and the load colours that reach the screen. Coming back
to rest gives exactly the picture that was there before the spine ever went coarse.
"""

import numpy as np
import pytest
from vtkmodules.vtkRenderingCore import vtkCellPicker

from spineviz.anatomy.levels import SACRUM
from spineviz.anatomy.spine import load_spine
from spineviz.motion import parse_motion
from spineviz.render import look
from spineviz.render.coarse import (
    COARSE_CARTILAGE_MIN,
    COARSE_CARTILAGE_SHARE,
    COARSE_TRIANGLES,
    DISTANT_CARTILAGE_SHARE,
    DISTANT_PX_PER_MM,
    DISTANT_TRIANGLES,
)
from spineviz.render.scene_render import open_renderer, pixels_per_mm
from spineviz.render.spine_actors import actor_key
from spineviz.scene import Camera, Layers, SceneState

from .imagecompare import image_difference

pytestmark = pytest.mark.render

SIZE = (420, 560)
STATE = SceneState(region="lumbar", loads=True, camera=Camera(view="oblique"), selection="L4/5 left",
                   motion=parse_motion("extension=15, rotation=6", region="lumbar"),
                   layers=Layers(labels=True))


@pytest.fixture(scope="module")
def scene():
    renderer = open_renderer(STATE, SIZE, spine=load_spine(lod="default"))
    assert renderer.actors.prepare_coarse() == 0
    yield renderer
    renderer.plotter.close()


def _show(renderer, coarse: bool) -> np.ndarray:
    renderer.set_detail(coarse)
    renderer.plotter.render()
    return renderer.plotter.screenshot(return_img=True)


def _parts(renderer) -> dict:
    """Every spine actor's colour, opacity and visibility, keyed by what it shows."""
    a = renderer.actors
    out = {}
    for kind, actors in (("bone", a.bones), ("disc", a.discs), ("facet", a.cartilage)):
        for name, actor in actors.items():
            p = actor.GetProperty()
            out[(kind, name)] = (tuple(round(c, 6) for c in p.GetColor()), p.GetOpacity(), actor.GetVisibility())
    return out


def _picks(renderer, step: int = 5) -> dict:
    """What a click at each point of a grid over the picture picks (part kind and name), or None.

    Cast as the app's picker casts (``SpineActors.full_detail``), in whatever detail the picture is.
    """
    names = renderer.actors.pick_names()
    picker = vtkCellPicker()
    picker.SetTolerance(0.0005)
    out = {}
    w, h = SIZE
    with renderer.actors.full_detail():
        for x in range(step // 2, w, step):
            for y in range(step // 2, h, step):
                hit = picker.Pick(x, y, 0, renderer.plotter.renderer) and picker.GetActor()
                out[(x, y)] = names.get(actor_key(hit)) if hit else None
    return out


def _labels(renderer) -> tuple:
    """The names drawn, where they are anchored in the world, and where the layout put them on screen."""
    from spineviz.render.marks import marks_of

    labels = marks_of(renderer.plotter).labels
    return (tuple(labels.texts), np.round(labels.anchors, 6).tobytes(), repr(getattr(labels, "placed", None)))


def _cartilage_pixels(renderer, image: np.ndarray) -> int:
    """How many pixels of ``image`` show facet cartilage: those that change when the cartilage is hidden."""
    shown = [a for a in renderer.actors.cartilage.values() if a.GetVisibility()]
    for actor in shown:
        actor.SetVisibility(False)
    renderer.plotter.render()
    without = renderer.plotter.screenshot(return_img=True)
    for actor in shown:
        actor.SetVisibility(True)
    renderer.plotter.render()
    return int((np.abs(image[..., :3].astype(int) - without[..., :3]).max(axis=-1) > 30).sum())


def test_coarse_bones_draw_far_fewer_triangles_in_the_same_place(scene):
    _show(scene, False)
    full = scene.actors.triangles_drawn()
    _show(scene, True)
    coarse = scene.actors.triangles_drawn()
    assert coarse < 0.5 * full
    for name, actor in scene.actors.bones.items():
        if not actor.GetVisibility():
            continue
        mesh = actor.GetMapper().GetInput()
        assert mesh.GetNumberOfCells() <= COARSE_TRIANGLES * 1.05, name
        full_bounds = np.array(scene.actors._full_mappers[name].GetInput().GetBounds())
        assert np.abs(np.array(mesh.GetBounds()) - full_bounds).max() < 1.5, f"{name} moved when coarse"
    _show(scene, False)


def test_coarse_cartilage_draws_a_quarter_of_its_triangles_on_the_same_joint(scene):
    _show(scene, False)
    full = {key: actor.GetMapper().GetInput() for key, actor in scene.actors.cartilage.items()}
    _show(scene, True)
    for key, actor in scene.actors.cartilage.items():
        mesh, whole = actor.GetMapper().GetInput(), full[key]
        assert mesh is not whole, f"{key} is drawn coarse while moving"
        most = max(COARSE_CARTILAGE_MIN, round(whole.GetNumberOfCells() * COARSE_CARTILAGE_SHARE)) * 1.05
        assert mesh.GetNumberOfCells() <= most, key
        # the layer keeps its outline on the joint: its box within half a millimetre of the full layer's
        assert np.abs(np.array(mesh.GetBounds()) - np.array(whole.GetBounds())).max() < 0.5, f"{key} moved"
    _show(scene, False)
    assert all(a.GetMapper().GetInput() is full[k] for k, a in scene.actors.cartilage.items()), "full at rest"


def test_switching_detail_changes_no_colour_pick_or_label(scene):
    full_image = _show(scene, False)
    parts, picks, labels = _parts(scene), _picks(scene), _labels(scene)
    coarse_image = _show(scene, True)
    moving = _parts(scene)
    assert {k: v for k, v in moving.items() if k[0] != "disc"} == {k: v for k, v in parts.items() if k[0] != "disc"}
    # the discs keep their colour and visibility and only turn opaque (no translucency pass while moving)
    discs = {k: (v[0], v[2]) for k, v in parts.items() if k[0] == "disc"}
    assert {k: (v[0], v[2]) for k, v in moving.items() if k[0] == "disc"} == discs
    assert {v[1] for k, v in moving.items() if k[0] == "disc"} == {1.0}
    assert all(v[1] == pytest.approx(look.DISC["opacity"]) for k, v in parts.items() if k[0] == "disc")
    assert _labels(scene) == labels
    assert sum(v is not None for v in picks.values()) > 200, "the grid should hit the spine often"
    assert sum(v is not None and v[0] == "facet" for v in picks.values()) > 5, "and the cartilage too"
    assert _picks(scene) == picks, "a click picks the same part while the spine moves"
    assert scene.actors.coarse and _parts(scene) == moving, "and the moving picture is left as it was"
    # the load colours still reach the screen: the coarse bones neither swallow nor bare the cartilage
    scene.set_detail(False)
    full_cartilage = _cartilage_pixels(scene, full_image)
    scene.set_detail(True)
    coarse_cartilage = _cartilage_pixels(scene, coarse_image)
    assert full_cartilage > 80
    assert abs(coarse_cartilage - full_cartilage) < 0.15 * full_cartilage, (full_cartilage, coarse_cartilage)
    # and no popping: the two pictures differ only in fine shading
    mean, _ = image_difference(full_image, coarse_image)
    assert mean < 3.0
    # back at rest: exactly what was there, picks and the discs' own opacity included
    assert np.array_equal(_show(scene, False), full_image)
    assert _picks(scene) == picks
    assert _parts(scene) == parts


def test_snapshot_is_always_full_detail(scene):
    full_image = _show(scene, False)
    scene.set_detail(True)
    assert np.array_equal(scene.snapshot(), full_image)
    assert scene.actors.coarse, "the snapshot leaves the moving picture as it was"
    scene.set_detail(False)


def test_a_cut_scene_keeps_full_detail(scene):
    from dataclasses import replace

    from spineviz.scene.clip import clip_from_flags

    scene.apply(replace(STATE, clip=clip_from_flags("sagittal")), frame_camera=False)
    try:
        scene.set_detail(True)
        assert not scene.actors.coarse
    finally:
        scene.apply(STATE)


def test_xray_bones_stay_see_through_when_coarse(scene):
    from dataclasses import replace

    xray = replace(STATE, layers=replace(STATE.layers, bone_transparency=1.0 - look.XRAY_OPACITY))
    scene.apply(xray, frame_camera=False)
    try:
        full_image = _show(scene, False)
        parts = _parts(scene)
        coarse_image = _show(scene, True)
        assert _parts(scene) == parts, "with see-through bones the discs stay translucent while moving"
        assert all(p.GetOpacity() == pytest.approx(look.XRAY_OPACITY)
                   for p in (a.GetProperty() for a in scene.actors.bones.values()))
        mean, _ = image_difference(full_image, coarse_image)
        assert mean < 3.0
        assert _cartilage_pixels(scene, coarse_image) > 80, "x-ray shows the cartilage through the coarse bones"
    finally:
        scene.set_detail(False)
        scene.apply(STATE)



def test_a_region_moves_with_the_coarse_bones_not_the_distant_ones(scene):
    scene.set_detail(True)
    try:
        assert pixels_per_mm(scene.plotter) > DISTANT_PX_PER_MM, "a region fills the view: its bones are large"
        assert scene.actors.coarse and not scene.actors.distant
        assert all(a.GetMapper() is scene.actors._coarse_mappers[name] for name, a in scene.actors.bones.items())
    finally:
        scene.set_detail(False)


def test_the_whole_spine_moves_with_distant_bones_and_comes_back_exactly():
    """Issue 13, session 9: the whole spine in the app's view draws distant bones and cartilage while moving."""
    whole = SceneState(region="all", loads=True, camera=Camera(view="left"), layers=Layers(labels=True),
                       motion=parse_motion("extension=10, rotation=4", region="all"))
    renderer = open_renderer(whole, (649, 729), spine=load_spine(lod="default"))
    try:
        assert renderer.actors.prepare_coarse() == 0
        full_image = _show(renderer, False)
        full_triangles = renderer.actors.triangles_drawn()
        at_rest = _cartilage_pixels(renderer, full_image)
        assert at_rest > 40
        parts, labels = _parts(renderer), _labels(renderer)
        assert pixels_per_mm(renderer.plotter) < DISTANT_PX_PER_MM
        moving_image = _show(renderer, True)
        a = renderer.actors
        assert a.coarse and a.distant
        for name, actor in a.bones.items():
            mesh = actor.GetMapper().GetInput()
            most = COARSE_TRIANGLES if name == SACRUM.name else DISTANT_TRIANGLES  # the sacrum keeps its shape
            assert mesh.GetNumberOfCells() <= most * 1.05, name
            full_bounds = np.array(a._full_mappers[name].GetInput().GetBounds())
            assert np.abs(np.array(mesh.GetBounds()) - full_bounds).max() < 2.0, f"{name} moved when distant"
        for key, actor in a.cartilage.items():
            mesh, whole = actor.GetMapper().GetInput(), a._full_cartilage[key].GetInput()
            assert mesh.GetNumberOfCells() <= max(COARSE_CARTILAGE_MIN,
                                                  round(whole.GetNumberOfCells() * DISTANT_CARTILAGE_SHARE)) * 1.05
            assert np.abs(np.array(mesh.GetBounds()) - np.array(whole.GetBounds())).max() < 1.0, f"{key} moved"
        assert a.triangles_drawn() < 0.1 * full_triangles
        assert _cartilage_pixels(renderer, moving_image) > 0.85 * at_rest, "the loads still show"
        assert {k: v for k, v in _parts(renderer).items() if k[0] != "disc"} == \
            {k: v for k, v in parts.items() if k[0] != "disc"}, "colours and visibility as at rest"
        assert _labels(renderer) == labels, "the names stand where they stood"
        mean, _ = image_difference(full_image, moving_image)
        assert mean < 3.0, "no popping when detail returns"
        with a.full_detail():
            assert not a.coarse, "a pick casts against the full bones"
        assert a.distant, "and leaves the moving picture as it was"
        assert np.array_equal(renderer.snapshot(), full_image), "a snapshot is full detail"
        assert np.array_equal(_show(renderer, False), full_image), "at rest: exactly the picture before"
        assert _parts(renderer) == parts
    finally:
        renderer.plotter.close()


def test_the_discs_follow_any_change_to_the_bones_see_through_while_moving(scene):
    """Session 16: the bones' see-through state is watched (VTK modification events), not read each tick.

    Whatever changes a bone — its property's opacity, its visibility, a new property put in its place, and
    that new property changed again — the next call while moving sees it, as a fresh read of every bone
    would.
    """
    import pyvista as pv

    a = scene.actors
    disc = float(look.DISC["opacity"])

    def discs() -> set[float]:
        return {round(d.GetProperty().GetOpacity(), 6) for d in a.discs.values() if d.GetVisibility()}

    bone = next(actor for actor in a.bones.values() if actor.GetVisibility())
    own = bone.GetProperty()
    try:
        scene.set_detail(True)
        assert discs() == {1.0}, "solid bones: opaque discs while moving"
        own.SetOpacity(0.5)
        scene.set_detail(True)
        assert discs() == {round(disc, 6)}, "a see-through bone: the discs keep their opacity"
        bone.SetVisibility(False)
        scene.set_detail(True)
        assert discs() == {1.0}, "a hidden see-through bone does not count"
        bone.SetVisibility(True)
        other = pv.Property()
        other.DeepCopy(own)
        other.SetOpacity(1.0)
        bone.SetProperty(other)
        scene.set_detail(True)
        assert discs() == {1.0}, "a new, solid property"
        other.SetOpacity(0.4)
        scene.set_detail(True)
        assert discs() == {round(disc, 6)}, "the new property is watched too"
    finally:
        own.SetOpacity(1.0)
        bone.SetProperty(own)
        bone.SetVisibility(True)
        scene.set_detail(False)
        scene.apply(STATE)
