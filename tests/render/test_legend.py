"""The load legend as drawn: rows that never overlap (measured in pixels), words not newtons for patients."""

import re
from itertools import pairwise

import numpy as np
import pytest

from spineviz.motion import Motion, parse_motion
from spineviz.render.annotate import CELLS, PATIENT_WORDS, legend_layout, motion_words
from spineviz.render.scene_render import open_renderer
from spineviz.scene import Camera, SceneState

pytestmark = pytest.mark.render

NUMBER_WITH_UNIT = re.compile(r"\d\s*(N\b|°|newton|degree)", re.IGNORECASE)


def _texts(plotter) -> list[str]:
    """Every piece of text drawn over the picture (title, caption, legend rows)."""
    import vtk

    out = []
    props = plotter.renderer.GetViewProps()
    props.InitTraversal()
    for _ in range(props.GetNumberOfItems()):
        p = props.GetNextProp()
        parts = [p]
        if isinstance(p, vtk.vtkPropAssembly):
            parts = [p.GetParts().GetItemAsObject(i) for i in range(p.GetParts().GetNumberOfItems())]
        out += [q.GetInput() for q in parts if isinstance(q, vtk.vtkTextActor) and q.GetVisibility()]
    return out


def _box(actor, renderer) -> tuple[float, float, float, float]:
    """The pixel box (x0, x1, y0, y1) a text actor covers as rendered: VTK's own measure of the laid-out text,
    justification included, moved to where the actor is anchored."""
    import vtk

    box = [0, 0, 0, 0]
    dpi = renderer.GetRenderWindow().GetDPI()
    assert vtk.vtkTextRenderer().GetBoundingBox(actor.GetTextProperty(), actor.GetInput(), box, dpi)
    x, y = actor.GetPositionCoordinate().GetComputedDisplayValue(renderer)
    return (x + box[0], x + box[1], y + box[2], y + box[3])


@pytest.fixture(params=["clinician", "patient"])
def legend_scene(request):
    state = SceneState(region="lumbar", loads=True, audience=request.param, title="Leaning back",
                       caption="The joints at the back press together.", camera=Camera(view="left"),
                       motion=parse_motion("extension=15", region="lumbar"))
    renderer = open_renderer(state, (640, 480), lod="default")
    renderer.snapshot()
    yield request.param, renderer
    renderer.plotter.close()


def test_the_rows_of_the_legend_never_overlap(legend_scene):
    _, renderer = legend_scene
    plotter = renderer.plotter
    lay = legend_layout(*plotter.window_size)
    title = plotter.actors["legend_title"]
    ticks = plotter.actors["legend_ticks"]
    parts = [ticks.GetParts().GetItemAsObject(i) for i in range(ticks.GetParts().GetNumberOfItems())]
    t = _box(title, plotter.renderer)
    assert t[2] >= lay["bar_top"], f"the title ({t}) reaches into the bar (top {lay['bar_top']})"
    boxes = sorted(_box(p, plotter.renderer) for p in parts)
    for b in boxes:
        assert b[3] <= lay["bar_bottom"], f"a tick ({b}) reaches into the bar (bottom {lay['bar_bottom']})"
        assert b[3] < t[2], "a tick overprints the title"
    for a, b in pairwise(boxes):
        assert a[1] <= b[0], f"two ticks overlap: {a} and {b}"
    # and in the picture: the bar's cells are drawn, left dark and right bright, between the two rows
    img = np.asarray(renderer.snapshot())[..., :3].astype(int)
    h = img.shape[0]
    row = img[h - (lay["bar_bottom"] + lay["bar_top"]) // 2, lay["left"] + 2: lay["right"] - 2]
    assert row[:5].sum() < row[-5:].sum() - 200
    runs = np.flatnonzero(np.abs(np.diff(row, axis=0)).sum(axis=1) > 0)
    assert len(runs) >= CELLS // 2  # a ramp of cells, not a flat band


def test_patients_get_words_and_no_numbers_with_units(legend_scene):
    audience, renderer = legend_scene
    texts = _texts(renderer.plotter)
    if audience == "patient":
        assert PATIENT_WORDS[1] in texts and PATIENT_WORDS[2] in texts and PATIENT_WORDS[0] in texts
        assert not [t for t in texts if NUMBER_WITH_UNIT.search(t) or t.strip().isdigit()], texts
    else:
        assert "250" in texts and any("(N" in t for t in texts)


def test_motion_words_have_no_numbers():
    assert motion_words(parse_motion("extension=20", region="lumbar")) == "leaning back (the low back)"
    words = motion_words(Motion(flexion=10, axial_rotation=-5, region="all"))
    assert words == "bending forward and turning to the right (the whole spine)"
    assert not re.search(r"\d", words)
    assert motion_words(Motion()) == "standing upright"


def test_the_web_page_legend_is_in_words_for_patients():
    from spineviz.render.webpage import page_html

    data = {"boneOpacity": 1.0}
    kw = dict(title="t", caption="", data=data, still_png=None, note="n", flags_html="", load_top=250.0,
              most_loaded=[("L5/S1 right", 138.0)], layers={})
    patient = page_html(**kw, audience="patient")
    clinician = page_html(**kw, audience="clinician")
    assert "less pressure" in patient and "more pressure" in patient and "Pressed most here: L5/S1 right" in patient
    body = patient[patient.index("<main>"):]
    assert not re.search(r"\d+\s*N\b", body)
    assert "250 N" in clinician and "138 N" in clinician


def test_a_scenes_own_load_range_colours_the_facets_and_labels_the_legend_alike():
    """``layers.load_range`` (session 12, the rotation scene's 0-80 N): the facets take their colours on that
    range, and the legend in the picture says that range, not the fixed 0-250 N."""
    from spineviz.render import look
    from spineviz.render.spine_actors import COLOUR_UNIFORM
    from spineviz.scene import Layers

    state = SceneState(region="lumbar", isolate="L2", loads=True, audience="clinician", title="Turning",
                       camera=Camera(view="posterior"), layers=Layers(load_range=(0.0, 80.0)),
                       motion=parse_motion("rotation=8 left", region="lumbar"))
    renderer = open_renderer(state, (640, 480), lod="default")
    try:
        renderer.snapshot()
        texts = _texts(renderer.plotter)
        summary = renderer.last
        assert (summary["load_low"], summary["load_top"]) == (0.0, 80.0)
        assert "80" in texts and "0" in texts and "250" not in texts, texts
        k, pressed = next((k, j) for k, j in enumerate(renderer.spine.model.joints) if j.name == "L2/3 right")
        newtons = summary["newtons"][k]
        assert 55 < newtons < 80  # the model's load on the pressed side at this turn, near the range's top
        value = [0.0, 0.0, 0.0]
        uniforms = renderer.actors.cartilage[(pressed.name, "upper")].GetShaderProperty().GetFragmentCustomUniforms()
        assert uniforms.GetUniform3f(COLOUR_UNIFORM, value)
        assert np.allclose(value, look.load_colour(newtons / 80.0), atol=1e-6)
        assert not np.allclose(value, look.load_colour(newtons / look.LOAD_SCALE_N), atol=0.05)
    finally:
        renderer.plotter.close()


def test_the_web_page_legend_shows_a_scenes_own_load_range():
    """The page's legend says the range its facet colours use (``pose_and_colours``' load_low/load_top)."""
    from spineviz.anatomy.spine import load_spine
    from spineviz.render.parts import scene_parts
    from spineviz.render.webpage import page_html
    from spineviz.scene import Layers

    state = SceneState(region="lumbar", isolate="L2", loads=True, audience="clinician",
                       layers=Layers(load_range=(0.0, 80.0)), motion=parse_motion("rotation=8 left", region="lumbar"))
    _, _, summary = scene_parts(state, load_spine(lod="default"))
    page = page_html(title="t", caption="", data={"boneOpacity": 1.0}, still_png=None, note="n", flags_html="",
                     load_top=summary["load_top"], load_low=summary["load_low"], most_loaded=None, layers={})
    assert "Facet load (estimate): 0 N" in page and "80 N" in page and "250 N" not in page
