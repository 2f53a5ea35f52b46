"""Issue 10's look, session 36 (cut36): a cut keeps the bones' baked occlusion; the cut face stays flat grey.

A bone's baked occlusion is drawn through its texture coordinates (``spineviz.render.shading``). A cut
(``spineviz.render.cut``) used to drop the mesh's point data, so every cut bone was drawn without it: the bones
turned lighter the moment a cut was switched on. Passing the point data alone made the cap's triangles, which
shared the cut outline's points, interpolate the surface's occlusion across the cut face (dark streaks). Now the
surface keeps its occlusion and the cap takes none (it is drawn ``CAP_SHADE`` darker by its cell colour only).
"""

import numpy as np
import pytest

from spineviz.render import cut, spine_actors
from spineviz.render.scene_render import open_renderer
from spineviz.scene.clip import ClipPlane
from spineviz.scene.state import SceneState

pytestmark = pytest.mark.render

SIZE = (420, 560)
STATE = SceneState(region="lumbar", clip=ClipPlane("sagittal"))


@pytest.fixture(scope="module")
def spine():
    from spineviz.anatomy.spine import load_spine

    return load_spine(lod="default")


def test_a_cut_bone_keeps_its_occlusion_and_its_cap_takes_none(spine):
    """L4 cut through its middle, sagittally: the kept surface keeps each point's occlusion, the cap is white.

    s36: the cut carried no texture coordinates at all (the bone drawn undarkened). The cut must still be a closed
    surface (``test_nerves_and_clip``), and the cap must face along the plane's normal (lit as a flat face).
    """
    bone = spine.bones["L4"]
    centre, normal = np.array(bone.center), np.array([-1.0, 0.0, 0.0])
    piece = cut.cut_mesh(bone, centre, normal, (0.9, 0.86, 0.77))
    assert piece.GetPointData().GetTCoords() is not None, "the cut bone lost its occlusion coordinates"
    sky = np.asarray(piece.GetPointData().GetTCoords())[:, 0]
    colours = np.asarray(piece.cell_data["Colors"])[:, :3].astype(int)
    cap = colours.sum(axis=1) < colours.sum(axis=1).max()  # the darker cells: the cut face
    assert 50 < cap.sum() < len(cap) / 4
    faces = piece.GetPolys()
    offsets = np.asarray(faces.GetOffsetsArray())
    conn = np.asarray(faces.GetConnectivityArray())
    cap_points = np.unique(np.concatenate([conn[offsets[i]:offsets[i + 1]] for i in np.flatnonzero(cap)]))
    drawn = np.asarray(piece.compute_cell_sizes(length=False, volume=False).cell_data["Area"]) > 0
    surface = ~cap & drawn  # the cells of zero area that seam the cap to the surface draw nothing
    surface_points = np.unique(np.concatenate([conn[offsets[i]:offsets[i + 1]] for i in np.flatnonzero(surface)]))
    assert np.all(sky[cap_points] == 1.0), f"the cap darkened: coordinates down to {sky[cap_points].min():.2f}"
    assert not np.isin(cap_points, surface_points).any()  # nothing of the surface's occlusion reaches the cap
    # the kept points of the bone carry their own occlusion, unchanged (the canal's floor stays dark)
    before = np.asarray(bone.GetPointData().GetTCoords())[:, 0]
    kept = np.flatnonzero((np.asarray(bone.points) - centre) @ normal < -1e-3)
    where = {tuple(p): i for i, p in enumerate(np.asarray(piece.points)[surface_points].round(5))}
    found = np.array([where.get(tuple(p), -1) for p in np.asarray(bone.points)[kept].round(5)])
    assert (found >= 0).mean() > 0.99
    assert np.allclose(sky[surface_points][found[found >= 0]], before[kept][found >= 0], atol=1e-6)
    assert sky[surface_points].min() < 0.3  # some of the surface sees little sky
    lit = np.asarray(piece.GetPointData().GetNormals())[cap_points]
    assert np.allclose(lit, normal, atol=1e-6)
    assert piece.n_open_edges == 0


def _picture(spine, monkeypatch, *, cap_shade=None, plain=False) -> np.ndarray:
    with monkeypatch.context() as m:
        if cap_shade is not None:
            m.setattr(cut, "CAP_SHADE", cap_shade)
        if plain:
            m.setattr(spine_actors, "shade_bone", lambda actor: None)
        r = open_renderer(STATE, SIZE, spine=spine, captions=False)
    try:
        return np.asarray(r.plotter.screenshot(return_img=True))[..., :3].astype(float)
    finally:
        r.plotter.close()


def _inner(mask: np.ndarray, px: int) -> np.ndarray:
    """``mask`` without the ``px`` pixels along its edges (the anti-aliased rims)."""
    for _ in range(px):
        mask = mask & np.roll(mask, 1, 0) & np.roll(mask, -1, 0) & np.roll(mask, 1, 1) & np.roll(mask, -1, 1)
    return mask


def test_the_lumbar_spine_cut_sagittally_is_shaded_and_its_cut_faces_are_even(spine, monkeypatch):
    """The lumbar region cut at its middle, seen as the cut turns the view, against the same picture unshaded.

    The cut faces are where the picture changes when the cap is drawn black; the bones' (not the discs') are the
    brownish ones, without a 2-pixel rim. Figures at this size: s36 (the cut dropped the occlusion): surface
    pixels darkened by more than 8 levels 0.0 %, the caps' grey standard deviation 1.18 and their darkening 0.00;
    the lead's try (point data passed to the cap): 5.9 %, 12.3 and 12.1 (diagonal streaks); now 5.8 %, 1.18,
    0.32. A flat face under the scene's lights varies only with the angle to each pixel (s36's 1.18): the limit
    2.5 is about twice that, a tenth of the streaks'.
    """
    shaded = _picture(spine, monkeypatch)
    black_caps = _picture(spine, monkeypatch, cap_shade=0.0)
    plain = _picture(spine, monkeypatch, plain=True)
    caps = np.abs(shaded - black_caps).max(axis=2) > 30
    bone_caps = _inner(caps & (shaded[..., 0] > shaded[..., 2] + 10), 2)
    assert bone_caps.sum() > 5000, bone_caps.sum()  # the measure sees the cut faces it names
    darker = (plain - shaded).mean(axis=2)
    share = float((darker[~caps] > 8).mean())
    assert share > 0.02, f"the cut bones are not darkened by their occlusion ({share:.2%} of the pixels)"
    assert darker[bone_caps].mean() < 1.0, f"the cut faces are darkened by {darker[bone_caps].mean():.1f} levels"
    spread = float(shaded.mean(axis=2)[bone_caps].std())
    assert spread < 2.5, f"the cut faces' grey varies by {spread:.2f} (streaks)"
