"""Off-screen smoothing: stills by SSAA, clip frames by FXAA, and each really changes the picture's edges.

A renderer's own FXAA switch is silently ignored once a render pass is set (as it is for the translucency
pass): these tests would catch a clip whose frames came out with jagged, unsmoothed edges.
"""

from __future__ import annotations

import numpy as np
import pytest

from spineviz.render.offscreen import set_anti_aliasing
from spineviz.render.scene_render import open_renderer
from spineviz.scene.state import SceneState

pytestmark = pytest.mark.render

SIZE = (240, 240)


@pytest.fixture(scope="module")
def pictures():
    """The lumbar spine drawn without smoothing, with FXAA and with SSAA, by one renderer."""
    from spineviz.anatomy.spine import load_spine

    renderer = open_renderer(SceneState(region="lumbar"), SIZE, spine=load_spine())
    try:
        out = {}
        for kind in ("fxaa", "ssaa"):
            set_anti_aliasing(renderer.plotter, kind)
            out[kind] = renderer.snapshot()[..., :3].astype(int)
        renderer.plotter.renderer.SetPass(None)  # VTK's own path, no smoothing
        out["none"] = renderer.snapshot()[..., :3].astype(int)
        return out
    finally:
        renderer.plotter.close()


def _edges(img: np.ndarray) -> np.ndarray:
    """Pixels whose right or lower neighbour differs by more than 60 levels: the outlines."""
    grey = img.mean(axis=-1)
    edge = np.zeros(grey.shape, bool)
    edge[:, :-1] |= np.abs(np.diff(grey, axis=1)) > 60
    edge[:-1, :] |= np.abs(np.diff(grey, axis=0)) > 60
    return edge


@pytest.mark.parametrize("kind", ["fxaa", "ssaa"])
def test_smoothing_softens_the_outlines(pictures, kind):
    hard = int(_edges(pictures["none"]).sum())
    soft = int(_edges(pictures[kind]).sum())
    assert hard > 200, "the unsmoothed picture should have outlines to smooth"
    assert soft < 0.8 * hard, f"{kind}: {soft} hard steps left of {hard}"


@pytest.mark.parametrize("kind", ["fxaa", "ssaa"])
def test_smoothing_keeps_the_picture(pictures, kind):
    d = np.abs(pictures[kind] - pictures["none"]).max(axis=-1)
    assert d.mean() < 4.0 and (d > 40).mean() < 0.03, (kind, d.mean(), (d > 40).mean())


def test_unknown_smoothing_is_refused():
    with pytest.raises(ValueError, match="fxaa"):
        set_anti_aliasing(None, "msaa")
