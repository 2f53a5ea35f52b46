"""Issue 10's look, session 36 (bake36): a bone's baked occlusion darkens its cavities in the picture, on every path.

S1 seen from above with the review's camera (``anatomy_review._aim``, as ``look.py`` aims): the canal's floor is more
than 15 mm down its 28 x 13 mm mouth, and without shadowing it was lit as brightly as the rim around it (mean grey
inside the mouth / the rim's: 1.02 on session 35's meshes). With the occlusion drawn it must read as a pit.

The moving picture (the coarse bones, separate or merged) darkens the same places as the still one, so nothing pops
when motion starts or stops; that the merged and the separate moving frames are the same pixels is
``tests/render/test_merged.py``'s (the bones carry the texture there too).
"""

import numpy as np
import pytest
from vtkmodules.vtkRenderingCore import vtkCoordinate

from spineviz.anatomy.levels import parse_level
from spineviz.anatomy.spine import load_spine
from spineviz.render import look, spine_actors
from spineviz.render.anatomy_review import _aim, _cartilage_of
from spineviz.render.offscreen import make_plotter
from spineviz.render.scene_render import open_renderer
from spineviz.render.shading import shade_bone

from .test_facet_uniforms import SIZE, STATE

pytestmark = pytest.mark.render

PICTURE = 500


@pytest.fixture(scope="module")
def spine():
    return load_spine(lod="default")


def _grey_at(spine, level: str, landmark: str, direction, up, inner_mm: float, ring_mm: tuple[float, float]):
    """Mean grey of the bone's pixels within ``inner_mm`` of ``landmark``'s projection, and in the ring around it."""
    bone = spine.bones[level]
    p = make_plotter((PICTURE, PICTURE))
    try:
        shade_bone(p.add_mesh(bone, **look.BONE))
        for m in _cartilage_of(spine, parse_level(level).index):
            p.add_mesh(m, **look.CARTILAGE)
        _aim(p, direction, up, np.array(bone.bounds))
        p.render()
        grey = np.asarray(p.screenshot(return_img=True))[..., :3].astype(float).mean(axis=2)
        p.clear_actors()
        p.render()
        background = np.asarray(p.screenshot(return_img=True))[..., :3].astype(float).mean(axis=2)
        point = np.asarray(spine.landmarks[level][landmark], float)
        coord = vtkCoordinate()
        coord.SetCoordinateSystemToWorld()
        coord.SetValue(*point)
        cx, cy = coord.GetComputedDoubleDisplayValue(p.renderer)
        coord.SetValue(*(point + np.asarray(up, float)))
        ux, uy = coord.GetComputedDoubleDisplayValue(p.renderer)
    finally:
        p.close()
    px_per_mm = float(np.hypot(ux - cx, uy - cy))
    on_bone = np.abs(grey - background) > 1.0
    rows, cols = np.mgrid[0:PICTURE, 0:PICTURE]
    mm = np.hypot(cols - cx, (PICTURE - 1 - rows) - cy) / px_per_mm
    inside = on_bone & (mm <= inner_mm)
    ring = on_bone & (mm >= ring_mm[0]) & (mm <= ring_mm[1])
    assert inside.sum() > 50 and ring.sum() > 500  # the measure sees the places it names
    return float(grey[inside].mean()), float(grey[ring].mean())


def test_s1_canal_mouth_reads_as_a_pit_from_above(spine):
    """The canal's floor (3 mm around its centre) against the bone 12-25 mm around it: the body, pedicles, laminae.

    Session 35's meshes (no occlusion): 1.00 and above (the floor as bright as the rim); with the bake about 0.7.
    """
    inside, rim = _grey_at(spine, "S1", "canal_centre", (0, 0, 1), (0, 1, 0), 3.0, (12.0, 25.0))
    assert inside / rim < 0.85, f"the canal's floor {inside:.1f} against the rim {rim:.1f}: not darker"


def _pictures(spine, plain: bool, monkeypatch) -> dict:
    """The still, moving (coarse, separate) and merged frames of the lumbar scene; ``plain``: no bone shaded."""
    with monkeypatch.context() as m:
        if plain:
            m.setattr(spine_actors, "shade_bone", lambda actor: None)
        r = open_renderer(STATE, SIZE, spine=spine)
    out = {}
    try:
        assert r.actors.prepare_coarse() == 0
        for name, (coarse, merged) in {"still": (False, False), "moving": (True, False),
                                       "merged": (True, True)}.items():
            r.actors.allow_merged = merged
            r.actors.set_detail(coarse, False)
            assert bool(r.actors.merged) == merged
            r.plotter.ren_win.Render()
            out[name] = np.asarray(r.plotter.screenshot(return_img=True))[..., :3].astype(int)
    finally:
        r.plotter.close()
    return out


def test_moving_and_still_bones_are_darkened_alike(spine, monkeypatch):
    """The occlusion on the still bones, the moving coarse ones and the merged ones: the same darkening, no pop.

    Each picture against the same picture drawn with no bone shaded: the share of pixels darkened by more than 8
    grey levels and the mean darkening must agree within a third between still and moving (the coarse bones are
    other meshes: some pixels differ), and be there at all; nothing is brightened.
    """
    shaded, plain = _pictures(spine, False, monkeypatch), _pictures(spine, True, monkeypatch)
    figures = {}
    for name in shaded:
        darker = (plain[name] - shaded[name]).mean(axis=2)
        assert darker.min() >= -2, (name, darker.min())  # the texture only darkens (rounding aside)
        figures[name] = (float((darker > 8).mean()), float(darker.mean()))
    share, mean = figures["still"]
    assert share > 0.02 and mean > 0.5, figures
    for name in ("moving", "merged"):
        assert abs(figures[name][0] - share) < share / 3 and abs(figures[name][1] - mean) < mean / 3, figures
