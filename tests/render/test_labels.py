"""Names beside the spine and the camera's fit, measured on the rendered picture (issue 15, items 1 and 2)."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from spineviz.render.labels import isotonic, spread
from spineviz.scene import Camera, Layers, SceneState
from spineviz.scene.presets import load_preset

from .onscreen import INK, anatomy_mask, image, label_boxes, overlap, props, with_hidden

pytestmark = pytest.mark.render


def test_spread_keeps_order_spacing_and_band():
    rng = np.random.default_rng(3)
    for _ in range(50):
        a = rng.uniform(0, 500, rng.integers(1, 30))
        y = spread(a, 14.0, 20.0, 480.0)
        order = np.argsort(a, kind="stable")
        assert np.all(np.diff(y[order]) >= 14.0 - 1e-9)
        assert y.min() >= 20.0 - 1e-9 and y.max() <= 480.0 + 1e-9
    far = np.array([10.0, 100.0, 300.0])  # already apart and inside: left where they are
    assert np.allclose(spread(far, 14.0, 0.0, 400.0), far)


def test_isotonic_pools_violators():
    assert np.allclose(isotonic(np.array([1.0, 3.0, 2.0, 4.0])), [1.0, 2.5, 2.5, 4.0])


# ---- on the picture ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spine():
    from spineviz.anatomy.spine import load_spine

    return load_spine(lod="default")


def _open(state, size, spine, captions=True):
    from spineviz.render.scene_render import open_renderer

    return open_renderer(state, size, spine=spine, captions=captions)


SCENES = {
    "whole-left": (SceneState(layers=Layers(labels=True), camera=Camera(view="left")), (700, 1000)),
    "whole-posterior": (SceneState(layers=Layers(labels=True), camera=Camera(view="posterior")), (700, 1000)),
    "chairside-oblique": (load_preset("l4-5-facet-pain-on-extension"), (1000, 700)),
    "neck-marked": (load_preset("neck-facets-and-shoulder-blade-pain"), (900, 700)),
}


@pytest.mark.parametrize("name", SCENES)
def test_names_are_readable_on_the_picture(spine, name):
    """Every visible level is named; no two names overlap; no name sits on bone; each name's ink is drawn."""
    state, size = SCENES[name]
    r = _open(state, size, spine)
    try:
        picture = image(r)
        boxes = label_boxes(r)
        mask = anatomy_mask(r)
        no_names = with_hidden(r, [], names=True)
    finally:
        r.plotter.close()
    names = [t for t, _ in boxes]
    expected = ["Sacrum" if lv == "S1" else lv for lv in state.visible_levels()]
    assert set(expected) <= set(names), f"missing names: {set(expected) - set(names)}"
    for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
        assert not overlap(a, b), f"{ta} overlaps {tb}: {a} {b}"
    h, w = mask.shape
    for text, (x0, x1, y0, y1) in boxes:
        assert 0 <= x0 and x1 <= w and 0 <= y0 and y1 <= h, f"{text} runs off the picture"
        under = mask[y0:y1, x0:x1]
        assert under.sum() == 0, f"{text} sits on {under.sum()} pixels of anatomy"
        ink = np.abs(picture[y0:y1, x0:x1] - no_names[y0:y1, x0:x1]).sum(axis=2) > INK
        assert ink.sum() >= 6, f"{text}: nothing drawn in its box"


def test_names_follow_the_bones_in_place(spine):
    """A new pose moves the names and their leaders without adding or removing a single actor."""
    from spineviz.motion import parse_motion
    from spineviz.render.marks import marks_of

    state = load_preset("l4-5-facet-pain-on-extension")
    r = _open(state, (800, 600), spine)
    try:
        r.snapshot()
        marks = marks_of(r.plotter)
        before_props = [p.GetAddressAsString("vtkObject") for p in props(r)]
        texts = list(marks.labels.actors)
        ring = marks.ring
        leaders_before = np.array(marks.labels._leaders.GetMapper().GetInput().GetPoints().GetData())
        r.set_motion(parse_motion("flexion=-30", region="lumbar"))
        r.snapshot()
        assert [p.GetAddressAsString("vtkObject") for p in props(r)] == before_props
        assert marks.labels.actors == texts and marks.ring is ring
        leaders_after = np.array(marks.labels._leaders.GetMapper().GetInput().GetPoints().GetData())
        assert leaders_after.shape == leaders_before.shape
        assert np.abs(leaders_after - leaders_before).max() > 5.0  # the anchor ends moved with the bones
    finally:
        r.plotter.close()


FILL_VIEWS = [("all", v) for v in ("left", "posterior", "anterior", "oblique")] + [
    ("lumbar", v) for v in ("left", "posterior", "oblique")] + [("cervical", "left")]


@pytest.mark.parametrize(("region", "view"), FILL_VIEWS)
def test_default_views_fill_the_height(spine, region, view):
    """Without text bands the spine spans at least 85 % of the picture's height (names on)."""
    state = SceneState(region=region, layers=Layers(labels=True), camera=Camera(view=view))
    r = _open(state, (900, 900), spine, captions=False)
    try:
        rows = np.flatnonzero(anatomy_mask(r).any(axis=1))
    finally:
        r.plotter.close()
    assert (rows.max() - rows.min() + 1) / 900 >= 0.85


def _text_rows(renderer, names) -> list[tuple[int, int]]:
    ren, height = renderer.plotter.renderer, renderer.plotter.window_size[1]
    out = []
    for name in names:
        actor = renderer.plotter.actors.get(name)
        if actor is None:
            continue
        b = [0.0] * 4
        actor.GetBoundingBox(ren, b)  # relative to the actor's position
        y = actor.GetPosition()[1]
        out.append((int(height - b[3] - y), int(height - b[2] - y)))
    return out


@pytest.mark.parametrize("preset", ["l4-5-facet-pain-on-extension", "whole-spine-overview"])
def test_title_and_caption_sit_in_bands_outside_the_anatomy(spine, preset):
    """No anatomy pixel shares a row with the title or the caption; the spine fills the rows between."""
    r = _open(load_preset(preset), (1200, 1600), spine)
    try:
        mask = anatomy_mask(r)
        title, caption = _text_rows(r, ["title"]), _text_rows(r, ["caption"])
    finally:
        r.plotter.close()
    assert title and caption
    rows = np.flatnonzero(mask.any(axis=1))
    t1, c0 = title[0][1], caption[0][0]
    assert rows.min() > t1 and rows.max() < c0, (rows.min(), rows.max(), t1, c0)
    assert (rows.max() - rows.min()) / (c0 - t1) >= 0.85


def test_rotation_animation_moves_many_pixels(spine):
    """The rotation preset's quarter-cycle frame differs from its first over a good share of the spine."""
    state = load_preset("rotation-loads-the-opposite-facet")
    r = _open(state, (480, 640), spine)
    try:
        anim = state.animation
        r.set_motion(anim.at(0.0))
        first = image(r)
        mask = anatomy_mask(r)
        r.set_motion(anim.at(anim.cycle / 4))
        middle = image(r)
    finally:
        r.plotter.close()
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    box = (slice(rows.min(), rows.max() + 1), slice(cols.min(), cols.max() + 1))
    changed = (np.abs(first - middle).sum(axis=2) > INK)[box].mean()
    assert changed >= 0.08, f"only {changed:.1%} of the spine's box changes"


def test_zoom_still_scales_the_fit(spine):
    base = SceneState(region="lumbar", camera=Camera(view="left"))
    spans = []
    for zoom in (1.0, 0.6):
        r = _open(dataclasses.replace(base, camera=Camera(view="left", zoom=zoom)), (600, 600), spine, captions=False)
        try:
            rows = np.flatnonzero(anatomy_mask(r).any(axis=1))
            spans.append(rows.max() - rows.min())
        finally:
            r.plotter.close()
    assert spans[1] < 0.7 * spans[0]


def test_a_column_too_long_splits_to_both_sides_without_overlap(spine):
    """25 names in a 180-pixel-high picture: half go to the other side; none overlap, none leave the picture."""
    r = _open(SceneState(layers=Layers(labels=True), camera=Camera(view="left")), (400, 180), spine, captions=False)
    try:
        image(r)
        boxes = label_boxes(r)
        box = r.screen_box()
    finally:
        r.plotter.close()
    assert len(boxes) >= 12
    for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
        assert not overlap(a, b), f"{ta} overlaps {tb}"
    for text, (x0, x1, y0, y1) in boxes:
        assert 0 <= x0 and x1 <= 400 and 0 <= y0 and y1 <= 180, text
    left = [t for t, b in boxes if b[1] <= box[0]]
    right = [t for t, b in boxes if b[0] >= box[2]]
    assert left and right and len(left) + len(right) == len(boxes)


def test_a_new_pose_moves_the_names_without_drawing_their_text_again(spine):
    """Issue 13, session 15: names move through their reference coordinates, never by modifying the text actor.

    ``vtkTextActor`` rasterises its string again and uploads a new texture whenever the actor is modified (a
    new position does that): about 3 ms a tick of Play for the 25 level names. Moved through a reference
    coordinate, the actors keep their modification time, and each name is drawn where the layout put it.
    """
    from spineviz.motion import parse_motion
    from spineviz.render.marks import marks_of

    state = SceneState(layers=Layers(labels=True), camera=Camera(view="left"))
    r = _open(state, (560, 760), spine)
    try:
        r.snapshot()
        r.snapshot()  # the text actors settle after their first two renders (their textures made once)
        labels = marks_of(r.plotter).labels
        ren = r.plotter.renderer
        shown = [a for a in labels.actors if a.GetVisibility()]
        assert len(shown) == 25
        stamps = [a.GetMTime() for a in labels.actors]
        placed = labels.placed
        r.set_motion(parse_motion("extension=15, rotation=8, bend=5", region="all"))
        r.snapshot()
        assert labels.placed != placed, "the new pose moved the names"
        assert [a.GetMTime() for a in labels.actors] == stamps, "no text actor was modified to move it"
        boxes = dict(labels.placed)
        for i, actor in enumerate(labels.actors):
            if not actor.GetVisibility():
                continue
            drawn = actor.GetActualPositionCoordinate().GetComputedDoubleViewportValue(ren)[:2]
            # the reference coordinate's value passes through VTK's viewport arithmetic: equal to 1e-9 px, not
            # always to the last bit (CI, session 15: 224.5545530404813 against 224.55455304048127)
            assert drawn == pytest.approx(labels.position(i), abs=1e-9)
            left, bottom, right, top = boxes[labels.texts[i]]
            assert drawn[1] == pytest.approx((bottom + top) / 2)  # centred vertically on its row
            assert drawn[0] == pytest.approx(right if actor.GetTextProperty().GetJustification() == 2 else left)
    finally:
        r.plotter.close()


def test_moving_frames_draw_no_name_text_again(spine):
    """Issue 13, session 30: over moving frames the names' text images are neither drawn nor uploaded again.

    What each name is drawn from is the texture FreeType's image of its string makes (``GetTexture().GetInput()``);
    the image's modification time moves only when the text is drawn again (a new string, font or side). Five new
    poses move every name and leader, and every image keeps its time (session 30 measured none drawn again over
    200 moving frames of the whole spine); a name that changes side is drawn again, once.
    """
    from spineviz.motion import parse_motion
    from spineviz.render.marks import marks_of

    state = SceneState(layers=Layers(labels=True), camera=Camera(view="left"))
    r = _open(state, (560, 760), spine)
    try:
        r.snapshot()
        r.snapshot()  # the text actors settle after their first two renders (their textures made once)
        labels = marks_of(r.plotter).labels

        def images():
            return [a.GetTexture().GetInput().GetMTime() for a in labels.actors]

        stamps = images()
        placed = [labels.placed]
        for m in ("extension=15, rotation=8", "flexion=20", "bend=10", "rotation=-8", "extension=5, bend=-6"):
            r.set_motion(parse_motion(m, region="all"))
            r.snapshot()
            placed.append(labels.placed)
        assert all(a != b for a, b in itertools.pairwise(placed)), "each pose moved the names"
        assert images() == stamps, "no name's text was drawn again to move it"
        shown = next(i for i, a in enumerate(labels.actors) if a.GetVisibility())
        prop = labels.actors[shown].GetTextProperty()
        prop.SetJustification(2 if prop.GetJustification() == 0 else 0)  # as a change of side does
        r.snapshot()
        again = images()
        assert again[shown] != stamps[shown], "the image follows a real change of the text's look"
        assert [t for i, t in enumerate(again) if i != shown] == [t for i, t in enumerate(stamps) if i != shown]
    finally:
        r.plotter.close()


def test_names_are_laid_out_again_only_when_something_moved_them(spine):
    """Issue 13: a render that changes neither camera, window, pose nor names keeps the layout; a new pose moves it."""
    from spineviz.motion import parse_motion
    from spineviz.render.marks import marks_of
    from spineviz.render.scene_render import open_renderer

    state = SceneState(region="lumbar", layers=Layers(labels=True), camera=Camera(view="left"))
    renderer = open_renderer(state, (420, 560), spine=spine)
    try:
        labels = marks_of(renderer.plotter).labels
        calls = []
        layout = labels.layout
        labels.layout = lambda: calls.append(1) or layout()
        renderer.plotter.ren_win.Render()
        placed, n = labels.placed, len(calls)
        renderer.plotter.ren_win.Render()
        assert len(calls) == n and labels.placed is placed, "a plain repaint keeps the layout"
        renderer.set_motion(parse_motion("flexion=30", region="lumbar"))
        renderer.plotter.ren_win.Render()
        assert len(calls) == n + 1 and labels.placed != placed, "a new pose lays the names out again"
        renderer.plotter.camera.Azimuth(25)
        before = len(calls)
        renderer.plotter.ren_win.Render()
        assert len(calls) == before + 1, "so does a new camera"
    finally:
        renderer.plotter.close()


def test_leader_lines_join_each_name_to_its_anchor():
    """Issue 13: the leaders, built from arrays, are one two-point line per name, from its end to its anchor."""
    from spineviz.render.labels import _leader_actor, _set_leaders

    actor = _leader_actor()
    ends = [(10.0, 20.0, 30.5, 40.25), (50.0, 60.0, 70.0, 80.0), (1.5, 2.5, 3.5, 4.5)]
    _set_leaders(actor, ends, 2.0)
    poly = actor.GetMapper().GetInput()
    assert poly.GetNumberOfLines() == 3 and poly.GetNumberOfPoints() == 6
    for i, (x0, y0, x1, y1) in enumerate(ends):
        cell = poly.GetCell(i)
        assert cell.GetNumberOfPoints() == 2
        assert poly.GetPoint(cell.GetPointId(0)) == (x0, y0, 0.0) and poly.GetPoint(cell.GetPointId(1)) == (x1, y1, 0.0)
    assert actor.GetProperty().GetLineWidth() == 2.0
    lines = poly.GetLines()
    moved = [(x0 + 3.0, y0 - 1.0, x1, y1 + 2.0) for x0, y0, x1, y1 in ends]
    _set_leaders(actor, moved, 1.5)  # as many names as before (a tick of Play): the points rewritten in place
    assert poly.GetLines() is lines and poly.GetNumberOfLines() == 3 and poly.GetNumberOfPoints() == 6
    for i, (x0, y0, x1, y1) in enumerate(moved):
        cell = poly.GetCell(i)
        assert poly.GetPoint(cell.GetPointId(0)) == (x0, y0, 0.0) and poly.GetPoint(cell.GetPointId(1)) == (x1, y1, 0.0)
    assert actor.GetProperty().GetLineWidth() == 1.5
    _set_leaders(actor, [], 1.0)
    assert poly.GetNumberOfLines() == 0 and poly.GetNumberOfPoints() == 0


def _fresh_layout(labels):
    """A new ScreenLabels on the same renderer, given the same names, anchors, box and bands, laid out once."""
    from spineviz.render.labels import ScreenLabels

    fresh = ScreenLabels(labels.renderer, keepout=labels.keepout, bands=labels.bands, front=labels.front)
    fresh.set(labels.texts, labels.joints, labels.anchors, labels.font_size)
    fresh.layout()
    return fresh


def _drawn_names(labels):
    """Each name's visibility, justification and place, and the leader lines' points, as VTK holds them."""
    n = len(labels.texts)
    names = [(bool(a.GetVisibility()), a.GetTextProperty().GetJustification() if a.GetVisibility() else None,
              labels.position(i) if a.GetVisibility() else None) for i, a in enumerate(labels.actors[:n])]
    extra = [bool(a.GetVisibility()) for a in labels.actors[n:]]
    leaders = np.array(labels._leaders.GetMapper().GetInput().GetPoints().GetData())
    return names, extra, leaders, bool(labels._leaders.GetVisibility())


def test_names_kept_from_frame_to_frame_stand_where_a_fresh_layout_puts_them(spine):
    """Issue 13, session 20: the layout keeps the names' sizes and their actors' side from frame to frame.

    Over moving frames (an orbit that turns the spine's front to the other side, zooms, new poses, a window
    too short for one column, the names hidden and shown, new names) every name's visibility, justification
    and place and every leader line equal those of a layout made afresh for that frame.
    """
    from spineviz.motion import parse_motion
    from spineviz.render.marks import marks_of

    r = _open(load_preset("l4-5-facet-pain-on-extension"), (800, 600), spine)
    try:
        labels = marks_of(r.plotter).labels
        cam = r.plotter.camera
        steps = [lambda k=k: cam.Azimuth(25 + k) for k in range(16)]  # round the spine: the sides swap
        steps += [lambda: cam.Zoom(1.6), lambda: cam.Elevation(20), lambda: cam.Zoom(0.5)]
        steps += [lambda m=m: r.set_motion(parse_motion(m, region="lumbar"))
                  for m in ("flexion=30", "extension=20, rotation=8", "bend=10")]
        steps += [lambda: setattr(r.plotter, "window_size", (800, 180)),
                  lambda: cam.Azimuth(90), lambda: setattr(r.plotter, "window_size", (800, 600))]
        steps += [lambda: (labels.show(False), r.plotter.ren_win.Render(), labels.show(True)),  # names off, on
                  lambda: r.apply(SceneState(layers=Layers(labels=True), camera=Camera(view="posterior"))),
                  lambda: cam.Azimuth(60), lambda: cam.Azimuth(60)]
        sides, shown = set(), set()
        for step in steps:
            step()
            r.plotter.ren_win.Render()
            kept = _drawn_names(labels)
            fresh = _fresh_layout(labels)
            try:
                again = _drawn_names(fresh)
            finally:
                fresh.detach()
            assert kept[0] == again[0] and kept[3] == again[3]
            assert not any(kept[1]), "a name beyond the present ones is drawn"
            assert kept[2].shape == again[2].shape and np.array_equal(kept[2], again[2])
            sides |= {j for _v, j, _p in kept[0] if j is not None}
            shown.add(sum(v for v, _j, _p in kept[0]))
        assert sides == {0, 2}, sides  # names stood left-justified and right-justified
        assert len(shown) >= 2, shown  # and the number shown changed on the way
    finally:
        r.plotter.close()


def test_a_moving_frame_measures_no_name_again(spine):
    """Issue 13, session 20: while the camera moves the names are placed without asking VTK their sizes again."""
    from spineviz.render.marks import marks_of

    r = _open(SceneState(layers=Layers(labels=True), camera=Camera(view="left")), (560, 760), spine)
    try:
        labels = marks_of(r.plotter).labels
        r.plotter.ren_win.Render()
        asked = []
        size = labels.size
        labels.size = lambda i: asked.append(i) or size(i)
        placed = labels.placed
        for _ in range(5):
            r.plotter.camera.Azimuth(3)
            r.plotter.ren_win.Render()
        assert labels.placed != placed, "the orbit moved the names"
        assert asked == [], f"{len(asked)} sizes asked in 5 moving frames"
    finally:
        r.plotter.close()
