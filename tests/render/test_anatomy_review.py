"""The anatomy review pictures: a four-view sheet per bone and an axial cut with capped faces."""

import numpy as np
import pytest
from PIL import Image

from spineviz.anatomy.spine import load_spine
from spineviz.render import anatomy_review

pytestmark = [pytest.mark.render, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def _rgb(path):
    return np.asarray(Image.open(path).convert("RGB")).astype(int)


def test_bone_sheet_has_four_panels_each_showing_bone(tmp_path):
    out = anatomy_review.build(tmp_path, levels=["C6"])
    assert [p.name for p in out] == ["C6.png"]
    img = _rgb(out[0])
    size = anatomy_review.PANEL
    assert img.shape == (2 * size, 2 * size, 3)
    for r in (0, 1):
        for c in (0, 1):
            panel = img[r * size:(r + 1) * size, c * size:(c + 1) * size]
            # bone is warm (red > blue); the background is a cool grey-blue gradient
            bone = (panel[..., 0] - panel[..., 2]) > 25
            assert bone.mean() > 0.03, f"panel {r},{c} shows no bone"
    assert out[0].stat().st_size < 250_000, "review pictures stay small"


def test_axial_cut_draws_capped_cut_faces(tmp_path):
    spine = load_spine()
    path = anatomy_review.axial_cut(spine, "L4", "L5", tmp_path / "cut.png")
    img = _rgb(path)
    cap = np.array(anatomy_review.CUT_COLOUR) * 255
    near = np.linalg.norm(img - cap, axis=-1) < 40
    assert near.mean() > 0.01, "the cut faces are capped in the cut colour"
    blue = (img[..., 2] - img[..., 0]) > 60
    assert blue.mean() > 0.0005, "the facet cartilage shows in the cut"
