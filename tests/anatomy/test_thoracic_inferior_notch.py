"""T1-T10's inferior vertebral notch seen from the side: one deep arch, no lump hanging from its roof (session 36).

Gray 1918 ("The Thoracic Vertebrae") describes the inferior vertebral notches of the thoracic vertebrae as of large
size and deeper than in any other region: from the side, one arch under the pedicle, from the back of the body to
the inferior articular process. On session 35's meshes the notch's roof at T3-T10 dipped 1.3-1.8 mm between two high
points: the body's lower back corner was hollowed out beside the lower demifacet (a groove at the back wall) and the
pedicle's fan hung lowest 2.5 mm behind the wall (a lump). The test follows the roof (the lowest bone on upright
rays) in the sagittal plane through each pedicle's landmark, from just in front of the body's back wall back to the
inferior articular facet, and asks that nowhere does it hang more than LUMP_MAX below both the highest roof in front
of it and the highest roof behind it: a concave arc (or a ramp) has no such point.
"""

import numpy as np
import pytest

from spineviz.anatomy.spine import load_spine

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NOTCHED = [f"T{n}" for n in range(1, 11)]
# How far (mm) the roof may hang below the lower of its high points in front of and behind it [M]: the meshes' own
# roughness on a 0.25 mm ray spacing is about 0.1 mm; T1-T2's roof (0.20-0.36 mm on thor36's meshes, both lods) reads
# as one arch, T3-T10's (1.28-1.83 mm) as a lump. Built (thor36b): T3-T10 0.00-0.14.
LUMP_MAX = 0.4
STEP = 0.25


@pytest.fixture(scope="module", params=["default", "fine"])
def spine(request):
    return load_spine(lod=request.param)


def notch_roof(spine, name: str, side: str) -> tuple[np.ndarray, np.ndarray]:
    """The notch's roof: y (front to back) and the lowest bone's z on upright rays, in the pedicle's sagittal plane.

    From 0.5 mm behind the body's back wall at the midline (epd/2; at the pedicle's x the rounded wall lies further
    forward) to 1 mm in front of the inferior facet's landmark.
    """
    mesh, lm, d = spine.bones[name], spine.landmarks[name], spine.model.dims[name]
    x = lm[f"pedicle_{side}"][0]
    ys = np.arange(-0.5 * d.epd - 0.5, lm[f"inferior_facet_{side}"][1] + 1.0, -STEP)
    roof = []
    for y in ys:
        pts, _ = mesh.ray_trace((x, y, -60.0), (x, y, 60.0))
        roof.append(pts[:, 2].min() if len(pts) else np.nan)
    return ys, np.array(roof)


def hang(roof: np.ndarray) -> tuple[float, int]:
    """How far the roof hangs below the lower of the highest points in front of and behind it, and where (index)."""
    lump = np.array([min(np.nanmax(roof[:i + 1]), np.nanmax(roof[i:])) - roof[i] for i in range(len(roof))])
    i = int(np.nanargmax(lump))
    return float(lump[i]), i


@pytest.mark.parametrize("side", ["right", "left"])
@pytest.mark.parametrize("name", NOTCHED)
def test_inferior_notch_is_one_arch_from_the_side(spine, name, side):
    """The roof of the inferior vertebral notch, from the back of the body to the inferior process, is one arch:
    nowhere more than LUMP_MAX mm below both the highest roof in front of it and the highest roof behind it."""
    ys, roof = notch_roof(spine, name, side)
    assert np.isfinite(roof).all(), f"{name} {side}: no bone over the notch at y={ys[~np.isfinite(roof)]}"
    depth, i = hang(roof)
    assert depth <= LUMP_MAX, (f"{name} {side}: the notch's roof hangs {depth:.2f} mm below its high points at "
                               f"y={ys[i]:.1f} mm (z {roof[i]:.1f})")
