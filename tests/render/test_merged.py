"""Issue 13, session 28: while moving, one actor a vertebra with its cartilage draws the separate actors' pixels.

:mod:`spineviz.render.merged`: each vertebra's coarse (or distant) bone and the layers it carries in one mesh, the
joints' colours in a uniform array of one shared shader. These tests pin that a moving frame drawn merged is the
frame the separate actors draw (same pose, loads, camera), coarse and distant, with a selected vertebra; that
merging changes no part's colour, opacity or visibility, no pick and no name; that a tick while merged writes the
separate layers' colours too (none lags behind); that a colour change uploads no geometry; and that the merged path
steps aside where it would not draw the same thing (x-ray, a hidden bone, one layer of a joint hidden) and at rest,
while a joint hidden whole (out of the region, cartilage off) is left out of the merged meshes.

Session 29: the disc above each vertebra is in its merged meshes too (its own material, its colour from a second
array, a hidden disc left out), so a merged vertebra's disc actor is out of the renderer as well; x-ray keeps the
separate translucent discs. A joint drawn merged leaves its layers' own uniforms unwritten until they come back (at
rest, a pick, x-ray, a lit facet), when they are written before they are drawn.
"""

from dataclasses import replace

import numpy as np
import pytest
import pyvista as pv

from spineviz.anatomy.levels import LEVELS, SEGMENTS
from spineviz.anatomy.spine import load_spine
from spineviz.render import look
from spineviz.render.merged import COLOURS_UNIFORM, DISCS_UNIFORM, PART_ARRAY
from spineviz.render.scene_render import open_renderer
from spineviz.render.spine_actors import COLOUR_UNIFORM
from spineviz.scene.clip import ClipPlane

from .drawn import drawn_layer_colours
from .test_facet_uniforms import OTHER, SIZE, STATE  # the same lumbar scene and second motion

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def renderer():
    r = open_renderer(STATE, SIZE, spine=load_spine(lod="default"))
    assert r.actors.prepare_coarse() == 0
    yield r
    r.plotter.close()


def _shot(r) -> np.ndarray:
    r.plotter.ren_win.Render()
    return np.asarray(r.plotter.screenshot(return_img=True)).copy()


def _moving(r, merged: bool, distant: bool = False) -> np.ndarray:
    """The moving frame, drawn by the separate actors or merged."""
    a = r.actors
    a.allow_merged = merged
    a.set_detail(True, distant)
    assert bool(a.merged) == merged
    return _shot(r)


def _close(one: np.ndarray, two: np.ndarray) -> bool:
    """Every pixel within 2 levels a channel (a rasteriser's rounding; a layer's colour missing is 100s of pixels)."""
    return int(np.abs(one.astype(int) - two.astype(int)).max()) <= 2


def _key(actor) -> str:
    return actor.GetAddressAsString("vtkObject")


def _drawn(r) -> list:
    props = r.plotter.renderer.GetViewProps()
    return [props.GetItemAsObject(i) for i in range(props.GetNumberOfItems())]


def _layer_uniforms(r) -> dict:
    """Each layer's own colour uniform (what its actor draws when it is drawn)."""
    out = {}
    for key, actor in r.actors.cartilage.items():
        value = [0.0, 0.0, 0.0]
        assert actor.GetShaderProperty().GetFragmentCustomUniforms().GetUniform3f(COLOUR_UNIFORM, value)
        out[key] = np.array(value)
    return out


def _disc_array(r) -> np.ndarray:
    flat = [0.0] * (3 * len(r.actors._merged.written_discs))
    assert r.actors._merged.uniforms.GetUniform1fv(DISCS_UNIFORM, flat)
    return np.reshape(flat, (-1, 3))


@pytest.fixture(autouse=True)
def _back_at_rest(renderer):
    yield
    renderer.actors.allow_merged = True
    renderer.actors.merge_discs = True
    renderer.set_detail(False)
    renderer.apply(STATE, frame_camera=False)


def test_a_merged_moving_frame_draws_the_separate_actors_pixels(renderer):
    r = renderer
    r.set_motion(OTHER, settle=False)  # a tick of Play: the layers' properties lag, the uniforms are drawn
    for distant in (False, True):
        separate = _moving(r, False, distant)
        merged = _moving(r, True, distant)
        assert _close(separate, merged), distant
        shown = {name for name, a in r.actors.bones.items() if a.GetVisibility()}
        assert r.actors.merged == shown, "every vertebra shown is drawn merged"
    # 121 separate actors of the shown levels out of the renderer, one merged actor each in
    drawn = {_key(a) for a in _drawn(r)}
    assert not any(_key(r.actors.bones[name]) in drawn for name in r.actors.merged)
    assert not any(_key(a) in drawn for a in r.actors.cartilage.values() if a.GetVisibility())
    assert all(_key(r.actors._merged.actors[name]) in drawn for name in r.actors.merged)


def test_a_selected_vertebra_keeps_its_tint_merged(renderer):
    r = renderer
    r.apply(replace(STATE, selection="L4"), frame_camera=False)
    assert r.actors.bones["L4"].GetProperty().GetColor() == pytest.approx(look.SELECTED, abs=2e-3)
    separate, merged = _moving(r, False), _moving(r, True)
    assert _close(separate, merged)
    assert r.actors._merged.actors["L4"].GetProperty() is r.actors.bones["L4"].GetProperty()


def test_merging_changes_no_part_pick_or_name(renderer):
    from .test_lod import _labels, _parts, _picks

    r = renderer
    r.set_detail(False)
    _shot(r)  # the labels laid out at rest (run first, as under -n 2, the layout was not made yet: placed '[]')
    parts, picks, labels = _parts(r), _picks(r), _labels(r)
    order = [_key(a) for a in _drawn(r)]
    _moving(r, True)
    assert r.actors.merged
    moving = _parts(r)
    assert moving == {k: v if k[0] != "disc" else (v[0], 1.0, v[2]) for k, v in parts.items()}, \
        "every part's colour and visibility as at rest (the discs opaque while moving, as before)"
    assert _picks(r) == picks, "a pick casts against the full separate parts"
    assert r.actors.merged, "and leaves the moving picture merged"
    assert _labels(r) == labels
    r.set_detail(False)
    assert not r.actors.merged
    spine = {_key(a) for a in (*r.actors.bones.values(), *r.actors.discs.values(), *r.actors.cartilage.values())}
    assert [k for k in (_key(a) for a in _drawn(r)) if k in spine] == [k for k in order if k in spine], \
        "at rest every part is back, in the order it was drawn in"
    assert _parts(r) == parts and _picks(r) == picks


def test_colours_drawn_while_merged_come_from_the_array_and_reach_the_layers_before_they_are_drawn(renderer):
    r = renderer
    _moving(r, True)
    stale = _layer_uniforms(r)  # the moment at rest (STATE's)
    r.set_motion(OTHER, settle=False)  # a tick while merged: the merged array written, the merged layers' not
    want = look.newton_colours(r.last["newtons"])
    held = np.zeros(144, dtype=np.float32).tolist()
    r.actors._merged.uniforms.GetUniform1fv(COLOURS_UNIFORM, held)
    held = np.reshape(held, (-1, 3))
    shown = np.array([r.actors.cartilage[(j.name, "upper")].GetVisibility() for j in r.spine.model.joints], bool)
    assert 0 < shown.sum() < len(shown)
    assert np.allclose(held[shown], want[shown], atol=1e-6)
    assert np.all(held[~shown, 0] == -1.0), "a hidden joint's layers are left out (red -1)"
    joints = r.spine.model.joints
    drawn = drawn_layer_colours(r.actors)
    for k, joint in enumerate(joints):  # what is drawn is the moment's, whichever actor draws it
        if shown[k]:
            assert np.allclose(drawn[(joint.name, "upper")], want[k], atol=1e-6), joint.name
            assert np.allclose(drawn[(joint.name, "lower")], want[k], atol=1e-6), joint.name
    merged = {k for k, j in enumerate(joints) if {LEVELS[j.upper_index].name, LEVELS[j.lower_index].name}
              <= r.actors.merged}
    assert merged and any(shown[k] for k in merged)
    own = _layer_uniforms(r)
    for k, joint in enumerate(joints):  # a joint drawn merged: its layers' own uniforms not written this tick
        for which in ("upper", "lower"):
            value = own[(joint.name, which)]
            assert np.allclose(value, stale[(joint.name, which)] if k in merged else want[k], atol=1e-6), joint.name
    assert any(not np.allclose(stale[(j.name, "upper")], want[k], atol=1e-6) for k, j in enumerate(joints)
               if k in merged and shown[k]), "the moments differ where it is drawn merged (else this proves nothing)"
    picture = _shot(r)

    def _all_written():
        return all(np.allclose(value, want[k], atol=1e-6) for k, j in enumerate(joints)
                   for value in (_layer_uniforms(r)[(j.name, w)] for w in ("upper", "lower")))

    with r.actors.full_detail():  # a pick: the separate actors back, their colours written before anything draws
        assert not r.actors.merged and _all_written()
    assert r.actors.merged
    r.set_motion(STATE.motion, settle=False)
    r.set_motion(OTHER, settle=False)
    bone = r.actors.bones["L3"]
    bone.GetProperty().SetOpacity(look.XRAY_OPACITY)  # x-ray on one bone, as anything may set it
    try:
        r.actors._before_render()  # the renderer's StartEvent, before anything is drawn
        assert not r.actors.merged and _all_written(), "the layers back for x-ray hold the moment's colours"
    finally:
        bone.GetProperty().SetOpacity(1.0)
    _shot(r)
    assert r.actors.merged
    r.set_motion(STATE.motion, settle=False)
    r.set_motion(OTHER, settle=False)
    r.actors.set_detail(False)  # at rest: no render in between
    assert _all_written()
    assert _close(_moving(r, False), picture), "the separate layers back: the same colours"


def test_a_colour_change_uploads_no_geometry_and_rebuilds_no_shader(renderer):
    r = renderer
    parts = r.actors._merged
    _moving(r, True)
    mappers = [parts.actors[name].GetMapper() for name in r.actors.merged]
    times = [(m.GetMTime(), m.GetInput().GetMTime()) for m in mappers]
    listed = parts.uniforms.GetUniformListMTime()
    before = _shot(r)
    r.set_motion(OTHER, settle=False)
    assert not _close(before, _shot(r)), "the new moment is drawn"
    assert [(m.GetMTime(), m.GetInput().GetMTime()) for m in mappers] == times
    assert parts.uniforms.GetUniformListMTime() == listed


def test_merging_steps_aside_for_xray_and_for_a_hidden_bone_or_layer(renderer):
    r = renderer
    _moving(r, True)
    bone = r.actors.bones["L3"]
    bone.SetVisibility(False)  # hidden directly, as anything may: taken up before the next render
    hidden = _shot(r)
    assert "L3" not in r.actors.merged and "L2" in r.actors.merged
    r.actors.allow_merged = False
    r.set_detail(True)
    assert _close(hidden, _shot(r)), "drawn as the separate actors draw it: L3 hidden"
    bone.SetVisibility(True)
    r.actors.allow_merged = True
    r.set_detail(True)
    layer = r.actors.cartilage[("L4/5 left", "upper")]  # carried by L4; its partner by L5
    layer.SetVisibility(False)
    hidden = _shot(r)
    assert "L4" not in r.actors.merged and "L5" in r.actors.merged, "the level with the hidden layer steps aside"
    r.actors.allow_merged = False
    r.set_detail(True)
    assert _close(hidden, _shot(r)), "drawn as the separate actors draw it: one layer hidden"
    r.actors.allow_merged = True
    layer.SetVisibility(True)
    _shot(r)
    assert {"L4", "L5"} <= r.actors.merged
    r.apply(replace(STATE, layers=replace(STATE.layers, bone_transparency=1.0 - look.XRAY_OPACITY)),
            frame_camera=False)
    r.set_detail(True)
    assert r.actors.coarse and not r.actors.merged, "x-ray draws the separate actors"
    r.apply(replace(STATE, layers=replace(STATE.layers, cartilage=False)), frame_camera=False)
    separate, merged = _moving(r, False), _moving(r, True)
    assert _close(separate, merged), "cartilage off: the merged meshes leave every layer out"
    assert r.actors.merged
    r.set_detail(False)
    assert not r.actors.merged, "at rest: the separate full parts"


def test_removing_a_spine_takes_its_merged_actors_and_hook_with_it():
    """Opening another anatomy removes the old spine's actors (``SpineActors.remove``), the merged ones too."""
    r = open_renderer(STATE, SIZE, spine=load_spine(lod="default"))
    try:
        a = r.actors
        assert a.prepare_coarse() == 0
        a.set_detail(True)
        assert a.merged
        ren = r.plotter.renderer
        tag = a._merged.observer
        assert ren.GetCommand(tag) is not None
        a.remove()
        left = {_key(p) for p in _drawn(r)}
        mine = [*a.bones.values(), *a.discs.values(), *a.cartilage.values(), *a._merged.actors.values()]
        assert not any(_key(p) in left for p in mine), "no part of the old spine is left to draw"
        assert ren.GetCommand(tag) is None, "nor its hook on the renderer"
    finally:
        r.plotter.close()


def test_a_lit_facet_is_drawn_lit_while_moving(renderer):
    """The hover lights a facet by raising its layer's ambient (app/picking.py): while moving its vertebra is drawn
    by the separate actors, so the lit facet shows as at rest; unlit again, the vertebra is drawn merged again.
    Before session 28's review the merged shader held the material fixed and the lit facet did not show."""
    r = renderer
    unlit = _moving(r, True)
    assert "L4" in r.actors.merged
    layer = r.actors.cartilage[("L4/5 left", "upper")]  # carried by L4
    prop = layer.GetProperty()
    was = prop.GetAmbient()
    prop.SetAmbient(0.65)  # picking.HOVER_AMBIENT
    try:
        lit = _shot(r)  # the render's StartEvent takes the change up
        assert "L4" not in r.actors.merged and "L5" in r.actors.merged
        assert _key(layer) in {_key(a) for a in _drawn(r)}
        assert int(np.abs(lit.astype(int) - unlit.astype(int)).max()) > 20, "the lit facet shows"
        separate = _moving(r, False)
        assert _close(separate, _moving(r, True)) and _close(separate, lit)
    finally:
        prop.SetAmbient(was)
    _shot(r)
    assert "L4" in r.actors.merged
    assert _close(_shot(r), unlit)


def test_removing_the_spine_lets_go_of_its_watched_parts(renderer):
    """:meth:`SpineActors.remove` takes the watch's ``ModifiedEvent`` observers off the old spine's actors and
    properties: each held the watch, which held the object, a loop through C++ that kept the old spine alive."""
    from spineviz.render.spine_actors import SpineActors

    r = renderer
    spare = SpineActors.build(r.plotter, r.spine)
    spare.set_detail(False)
    r.plotter.ren_win.Render()  # the watch fills as it is asked
    objs = [obj for a in (*spare.bones.values(), *spare.cartilage.values()) for obj in (a, a.GetProperty())]
    assert spare._solid_watch.seen and all(o.HasObserver("ModifiedEvent") for o in objs)
    spare.remove()
    assert not spare._solid_watch.seen
    assert not any(o.HasObserver("ModifiedEvent") for o in objs)


def _spine_props(r) -> list:
    """The spine's actors the renderer draws now (separate parts and merged vertebrae), in the props' order."""
    a = r.actors
    mine = {_key(p) for p in (*a.bones.values(), *a.discs.values(), *a.cartilage.values(), *a._merged.actors.values())}
    return [p for p in _drawn(r) if _key(p) in mine and p.GetVisibility()]


def test_a_merged_vertebra_draws_its_disc_and_the_disc_actor_is_out(renderer):
    """Session 29: the disc above a merged vertebra is in its merged meshes; the lumbar scene moving draws one prop
    a vertebra (6) where session 28 drew 11 (the 5 discs apart), the same pixels, coarse and distant."""
    r = renderer
    a = r.actors
    r.set_detail(False)
    at_rest = [_key(p) for p in _drawn(r) if _key(p) in {_key(d) for d in a.discs.values()}]
    r.set_motion(OTHER, settle=False)
    for distant in (False, True):
        separate = _moving(r, False, distant)
        assert _close(separate, _moving(r, True, distant)), distant
        a.merge_discs = False  # session 28's way: the discs' own actors
        assert _close(separate, _moving(r, True, distant)), distant
        a.merge_discs = True
    _moving(r, True)
    shown = [name for name, d in a.discs.items() if d.GetVisibility()]
    assert len(shown) == 5 and a.merged == {"L1", "L2", "L3", "L4", "L5", "S1"}
    drawn = {_key(p) for p in _drawn(r)}
    carried = [seg.name for seg in SEGMENTS if seg.name in a.discs and seg.lower.name in a.merged]
    assert set(shown) < set(carried), "T12/L1 hidden (out of the region), carried by L1"
    assert not any(_key(a.discs[name]) in drawn for name in carried), "no disc actor of a merged vertebra drawn"
    assert len(_spine_props(r)) == len(a.merged) == 6
    a.merge_discs = False
    _moving(r, True)
    assert len(_spine_props(r)) == 11 and all(_key(a.discs[name]) in {_key(p) for p in _drawn(r)} for name in shown)
    a.merge_discs = True
    _moving(r, True)
    assert len(_spine_props(r)) == 6
    held = _disc_array(r)
    for s, seg in enumerate(SEGMENTS):
        if seg.name in shown:
            assert held[s] == pytest.approx(a.discs[seg.name].GetProperty().GetColor(), abs=1e-6), seg.name
        else:
            assert held[s, 0] == -1.0, seg.name
    r.set_detail(False)
    assert [_key(p) for p in _drawn(r) if _key(p) in set(at_rest)] == at_rest, "at rest: every disc back, in order"
    assert all(a.discs[name].GetProperty().GetOpacity() == pytest.approx(look.DISC["opacity"]) for name in shown)


def test_a_hidden_disc_is_left_out_and_xray_keeps_the_separate_translucent_discs(renderer):
    r = renderer
    a = r.actors
    r.apply(replace(STATE, layers=replace(STATE.layers, discs=False)), frame_camera=False)
    separate, merged = _moving(r, False), _moving(r, True)
    assert _close(separate, merged), "discs off: the merged meshes leave every disc out"
    assert a.merged == {"L1", "L2", "L3", "L4", "L5", "S1"} and np.all(_disc_array(r)[:, 0] == -1.0)
    r.apply(STATE, frame_camera=False)
    with_discs = _moving(r, True)
    assert int(np.abs(with_discs.astype(int) - merged.astype(int)).max()) > 20, "the discs show when shown"
    disc = a.discs["L3/4"]
    disc.SetVisibility(False)  # hidden directly, as anything may: taken up before the next render
    one_off = _shot(r)
    assert "L4" in a.merged, "a hidden disc leaves its vertebra merged"
    a.allow_merged = False
    r.set_detail(True)
    assert _close(one_off, _shot(r)), "drawn as the separate actors draw it: the L3/4 disc hidden"
    a.allow_merged = True
    disc.SetVisibility(True)
    prop = disc.GetProperty()
    prop.SetSpecular(0.6)  # a disc in another material: its vertebra drawn by the separate actors
    try:
        _shot(r)
        assert "L4" not in a.merged and "L3" in a.merged
        assert _key(disc) in {_key(p) for p in _drawn(r)}
    finally:
        prop.SetSpecular(look.DISC["specular"])
    _shot(r)
    assert "L4" in a.merged
    r.apply(replace(STATE, layers=replace(STATE.layers, bone_transparency=1.0 - look.XRAY_OPACITY)),
            frame_camera=False)
    r.set_detail(True)
    assert a.coarse and not a.merged, "x-ray draws the separate actors"
    drawn = {_key(p) for p in _drawn(r)}
    for name, d in a.discs.items():
        if d.GetVisibility():
            assert _key(d) in drawn and d.GetProperty().GetOpacity() == pytest.approx(look.DISC["opacity"]), name


def test_a_hidden_joint_is_written_only_when_shown_again_and_before_it_is_drawn(renderer):
    """While moving, a joint whose two layers are hidden (out of the region) is not drawn, and its layers' own
    uniforms are not written; shown again (by anyone), they hold the moment's colours before the next render draws."""
    r = renderer
    a = r.actors
    _moving(r, True)
    stale = _layer_uniforms(r)
    rng = np.random.default_rng(29)  # two ticks' colours that differ in every row (the loads of a lumbar motion
    for want in rng.random((2, len(r.spine.model.joints), 3)):  # leave the hidden joints' as they were)
        a.set_facet_colours(want, settle=False)
    joints = r.spine.model.joints
    hidden = [k for k, j in enumerate(joints) if not a.cartilage[(j.name, "upper")].GetVisibility()
              and not a.cartilage[(j.name, "lower")].GetVisibility()]
    assert len(hidden) >= 30
    own = _layer_uniforms(r)
    for k in hidden:
        for w in ("upper", "lower"):
            assert np.allclose(own[(joints[k].name, w)], stale[(joints[k].name, w)], atol=1e-6), "written unseen"
    drawn = {_key(p) for p in _drawn(r)}  # (test_removing_the_spine_lets_go_of_its_watched_parts' spare spine took
    moved = [k for k in hidden if all(_key(a.cartilage[(joints[k].name, w)]) in drawn  # the first parts' names)
                                      for w in ("upper", "lower"))]
    k = moved[0]
    layers = [a.cartilage[(joints[k].name, w)] for w in ("upper", "lower")]
    try:
        for layer in layers:
            layer.SetVisibility(True)
        a._before_render()  # the renderer's StartEvent, before anything is drawn
        own = _layer_uniforms(r)
        for w in ("upper", "lower"):
            assert np.allclose(own[(joints[k].name, w)], want[k], atol=1e-6), (joints[k].name, w)
        assert drawn_layer_colours(a)[(joints[k].name, "upper")] == pytest.approx(tuple(want[k]), abs=1e-6)
    finally:
        for layer in layers:
            layer.SetVisibility(False)
    _shot(r)


def test_parts_prepared_while_a_cut_shows_are_made_whole():
    """The moving parts are prepared while the app is idle, whatever the scene shows. Prepared while a sagittal cut
    holds half of each part, they must still be made from the whole meshes: once the cut is gone, a moving L4 (its
    coarse bone, its merged mesh with the L3/4 disc) spans both sides of the midline as the whole meshes do, not
    the half the cut left (session 29's review: x from -1.1 mm, and the disc's from 0, before the fix)."""
    spine = load_spine(lod="default")
    r = open_renderer(replace(STATE, clip=ClipPlane("sagittal")), SIZE, spine=spine)
    try:
        a = r.actors
        cut_bone = a.bones["L4"].GetMapper().GetInput().GetBounds()
        assert cut_bone[0] > spine.bones["L4"].bounds[0] + 20.0, "the cut must hold half of L4 while preparing"
        assert a.prepare_coarse() == 0
        r.apply(STATE, frame_camera=False)  # the cut is gone
        a.set_detail(True)
        assert "L4" in a.merged
        whole = spine.bones["L4"].bounds
        coarse = a._coarse_mappers["L4"].GetInput().GetBounds()
        assert coarse[0] == pytest.approx(whole[0], abs=2.0) and coarse[1] == pytest.approx(whole[1], abs=2.0)
        merged = pv.wrap(a._merged.coarse["L4"].GetInput())
        disc = merged.extract_points(np.asarray(merged.point_data[PART_ARRAY]) < -0.5).bounds
        disc_whole = spine.discs["L3/4"].bounds
        assert disc[0] == pytest.approx(disc_whole[0], abs=0.5) and disc[1] == pytest.approx(disc_whole[1], abs=0.5)
        layers = merged.extract_points(np.asarray(merged.point_data[PART_ARRAY]) > 0.5).bounds
        assert layers[0] < -5.0 < 5.0 < layers[1], "L4's cartilage layers of both sides are in its merged mesh"
    finally:
        r.plotter.close()


def _shift_scale(actor) -> int:
    """How the polydata mapper that draws ``actor`` now stores its points in the vertex buffer (VTK's
    ``VBOShiftScaleMethod``: 0 as they are, 1 shifted and scaled by the mesh's own bounds); a ``vtkDataSetMapper``
    draws through an inner polydata mapper (made at its first render)."""
    mapper = actor.GetMapper()
    inner = mapper.GetPolyDataMapper() if mapper.IsA("vtkDataSetMapper") else mapper
    return int(inner.GetVBOShiftScaleMethod())


def test_the_moving_parts_reach_the_rasteriser_as_the_same_vertices_separate_or_merged(renderer):
    """Session 32: the separate parts' mappers shifted and scaled each mesh's points by its own bounds in the vertex
    buffer (VTK's default), the merged mappers did not, so a vertex came out of the two a rounding apart: with
    sacr31a-c's S1 meshes the distant frames differed in 3 edge pixels by 13 levels (21 pixels by 1 or more; the
    coarse frames in 15 by 1). Every moving part is now drawn with its points as they are, from the same points,
    normals and triangles, and the frames are the same pixel for pixel."""
    r = renderer
    a = r.actors
    r.set_motion(OTHER, settle=False)
    for distant in (False, True):
        separate = _moving(r, False, distant)
        drawn = [p for p in (*a.bones.values(), *a.discs.values(), *a.cartilage.values())
                 if p.GetVisibility() and _key(p) in {_key(q) for q in _drawn(r)}]
        assert len(drawn) > 20
        methods = {_shift_scale(p) for p in drawn}
        merged = _moving(r, True, distant)
        methods_merged = {_shift_scale(a._merged.actors[name]) for name in a.merged}
        assert methods == methods_merged == {0}, (distant, methods, methods_merged)
        assert np.array_equal(separate, merged), \
            (distant, int((np.abs(separate.astype(int) - merged.astype(int)).max(axis=2) > 0).sum()))
    rows = {j.name: k for k, j in enumerate(r.spine.model.joints)}
    for name in a.merged:  # the merged distant mesh: each part's points, normals and triangles as drawn apart
        mesh = pv.wrap(a._merged.distant[name].GetInput())
        part = np.asarray(mesh.point_data[PART_ARRAY])
        pieces = [(0, a._distant_mappers[name])]
        pieces += [(-(s + 1), a._moving_discs[seg.name]) for s, seg in enumerate(SEGMENTS)
                   if seg.lower.name == name and seg.name in a.discs]
        pieces += [(rows[j] + 1, a._distant_cartilage[(j, w)]) for (j, w), layer in a.cartilage.items()
                   if layer.GetUserMatrix() is a.bones[name].GetUserMatrix()]
        assert len(pieces) >= 3, name
        start, faces = 0, mesh.faces.reshape(-1, 4)
        for value, mapper in pieces:
            own = pv.wrap(mapper.GetInput())
            assert np.array_equal(np.flatnonzero(part == value), np.arange(start, start + own.n_points)), name
            took = slice(start, start + own.n_points)
            assert np.array_equal(mesh.points[took].astype(np.float32), own.points.astype(np.float32)), name
            assert np.array_equal(mesh.point_data["Normals"][took], own.point_data["Normals"]), name
            cells = faces[np.isin(faces[:, 1], np.arange(took.start, took.stop))]
            assert np.array_equal(cells[:, 1:] - start, own.faces.reshape(-1, 4)[:, 1:]), name
            start += own.n_points
        assert start == mesh.n_points, name
