"""Issue 10 (session 31): from the left the sacrum's lateral part has no fin at its upper back.

Gray 1918 ("The Sacrum", p. 108): seen from the side, the ear-shaped auricular surface lies on the upper lateral part
with the rough sacral tuberosity behind it; the ala's upper surface is smooth and slopes down and out from the body;
the superior articular processes rise behind the body. Until session 31 the ala's upper face was cut to its fan
(sacrum.ala_top_height) also behind the wing, where the fan's outline rolled the cut steeply down, and only lateral
to 34 mm from the midline (the cut's footprint behind the ala): the upper back of the lateral part was sliced off
down to a flat sagittal wall 34 mm out, and what stood medial to it (the process's base) rose from the lateral mass
as a pointed fin, its back falling 16.5-16.7 mm within 5 mm behind its top. Measured on the shipped meshes in the
sacrum's frame (origin at the S1 endplate's centre, x across, y anterior, z up); the figures are modelling values [M].
"""

import numpy as np
import pytest
import vtk

from spineviz.anatomy.spine import load_spine

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# The lateral part: bone this far from the midline and more, lateral to the superior articular process's plate
# (its facet's lateral edge lies 28-32 mm out) [M].
LATERAL_FROM = 36.0
# The top outline from the left is read behind the ala's middle (y from BEHIND_ALA back), 1 mm apart [M].
BEHIND_ALA = -14.0
# Within SHOULDER_RUN mm behind its highest point the outline may fall at most SHOULDER_DROP_MAX mm: a rounded
# shoulder (a quarter round of 8 mm radius falls 3.2 mm over its first 5 mm), not a fin's cliff [M]. Main's meshes
# before session 31 fell 16.5-16.7 mm.
SHOULDER_RUN = 5.0
SHOULDER_DROP_MAX = 8.0


@pytest.fixture(scope="module")
def meshes():
    return {"default": load_spine().bones["S1"], "fine": load_spine(lod="fine").bones["S1"]}


def _top_outline(mesh, sign: float, ys: np.ndarray) -> np.ndarray:
    """From the left (or the right), the highest bone of the lateral part at each y: rays straight down every
    0.5 mm across it. NaN where a row meets no bone."""
    tree = vtk.vtkOBBTree()
    tree.SetDataSet(mesh)
    tree.BuildLocator()
    out = np.full(len(ys), np.nan)
    for i, y in enumerate(ys):
        for x in np.arange(LATERAL_FROM, 60.0, 0.5):
            pts = vtk.vtkPoints()
            tree.IntersectWithLine((sign * x, y, 60.0), (sign * x, y, -60.0), pts, None)
            for k in range(pts.GetNumberOfPoints()):
                out[i] = np.nanmax([out[i], pts.GetPoint(k)[2]])
    return out


@pytest.mark.parametrize("lod", ["default", "fine"])
@pytest.mark.parametrize("sign", [-1.0, 1.0])
def test_lateral_part_has_no_fin_at_its_upper_back(meshes, lod, sign):
    """From the side the lateral part's upper border runs back from the ala and rounds over its back: behind its
    highest point the outline falls as a shoulder, not as the back of a fin."""
    ys = np.arange(BEHIND_ALA, -44.5, -1.0)
    top = _top_outline(meshes[lod], sign, ys)
    assert np.isfinite(top[0]), "no lateral part behind the ala's middle"
    peak = int(np.nanargmax(top))
    behind = top[peak + 1:peak + 1 + int(SHOULDER_RUN)]
    assert np.isfinite(behind).any(), f"the lateral part ends at its highest point, {ys[peak]:.0f} mm"
    drop = top[peak] - np.nanmin(behind)
    assert drop <= SHOULDER_DROP_MAX, (
        f"the outline falls {drop:.1f} mm within {SHOULDER_RUN:.0f} mm behind its top ({top[peak]:.1f} mm at "
        f"y {ys[peak]:.0f}): " + " ".join(f"{y:.0f}:{z:.1f}" for y, z in zip(ys, top, strict=True)))
