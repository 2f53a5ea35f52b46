"""T10's inferior articular processes seen from the side are smooth bone, as T1-T9's are (issue 10, session 25).

Seen from the left, session 24's T10 was ragged round the lower end of its inferior articular process: torn-looking
facets and shards below and in front of the spine, teeth along the rim of the face that meets T11, and a notch cut
into the process's side. Real bone is smooth there (Gray 1918, "The Thoracic Vertebrae"). The cuts against T11 (the
clearance and the shell facing T11's facet) signed their distance by T11's nearest triangle, and the warped
template's T11 folds over itself on its superior articular process, so whole regions outside T11 read as inside it
and were carved away (thoracic.PARTNER_PARITY_T10); the shell's edge followed the polar grid of T11's facet
(thoracic.IAP_SOFTEN_T10).

Measured as a viewer sees it: a grid of sight lines every STEP_MM from the side over the process (10 mm in front of
the inferior facet's centre to 8 mm behind it, 10 mm below to 4 mm above), each meeting the bone where a renderer
draws it, with the normal a smooth-shading renderer lights there (the triangle's point normals interpolated). Two
neighbouring hits on the same surface (under 0.75 mm apart in depth, so an outline or an overlap does not count)
whose normals part by more than SHARP_DEG are a crease in the shading; on smooth bone the normal turns gradually
even round a rounded edge. Session 24's meshes (share of neighbouring pairs, left / right): T1-T9 0.006-0.011,
T10 0.056 / 0.024; built (session 25, thor25): T10 0.013 / 0.009.
"""

import numpy as np
import pytest
import vtk

from spineviz.anatomy.levels import LEVELS
from spineviz.anatomy.spine import load_spine

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

THORACIC_PLATES = [lv.name for lv in LEVELS if lv.region == "thoracic"][:10]  # T1-T10, procedural
# The sight lines' spacing and how far apart in depth two neighbouring hits may lie on one surface (mm); modelling
# thresholds [M]: a pair of sight lines STEP_MM apart whose shading normals part by more than SHARP_DEG is a crease (a
# rounded plate edge of 1.6 mm radius turns about 9 deg per STEP_MM); at most MAX_CREASE_SHARE of the pairs over the
# process may be one (T1-T9 on session 24's meshes: at most 0.011).
STEP_MM, SAME_SURFACE_MM = 0.25, 0.75
SHARP_DEG, MAX_CREASE_SHARE = 20.0, 0.015


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def crease_share(mesh, centre: np.ndarray, sx: float) -> float:
    """Share of neighbouring side-view sight lines over the inferior process (facet centre ``centre``, seen from
    the side ``sx``: -1 left, +1 right) that meet the same surface with shading normals more than SHARP_DEG apart."""
    tree = vtk.vtkOBBTree()
    tree.SetDataSet(mesh)
    tree.BuildLocator()
    pts, normals = np.asarray(mesh.points), np.asarray(mesh.point_data["Normals"])
    ys = np.arange(centre[1] - 10.0, centre[1] + 8.0, STEP_MM)
    zs = np.arange(centre[2] - 10.0, centre[2] + 4.0, STEP_MM)
    depth = np.full((len(ys), len(zs)), np.nan)
    shade = np.zeros((len(ys), len(zs), 3))
    hit_pts, hit_ids = vtk.vtkPoints(), vtk.vtkIdList()
    for i, y in enumerate(ys):
        for k, z in enumerate(zs):
            tree.IntersectWithLine((sx * 60.0, y, z), (0.0, y, z), hit_pts, hit_ids)
            if not hit_pts.GetNumberOfPoints():
                continue
            hit = np.array(hit_pts.GetPoint(0))
            ids = list(mesh.get_cell(hit_ids.GetId(0)).point_ids)
            tri = pts[ids]
            b1, b2 = np.linalg.lstsq(np.column_stack([tri[1] - tri[0], tri[2] - tri[0]]), hit - tri[0], rcond=None)[0]
            n = (1.0 - b1 - b2) * normals[ids[0]] + b1 * normals[ids[1]] + b2 * normals[ids[2]]
            depth[i, k], shade[i, k] = sx * hit[0], n / np.linalg.norm(n)
    pairs = creases = 0
    for a, b in (((slice(1, None), slice(None)), (slice(None, -1), slice(None))),
                 ((slice(None), slice(1, None)), (slice(None), slice(None, -1)))):
        same = ~np.isnan(depth[a]) & ~np.isnan(depth[b]) & (np.abs(depth[a] - depth[b]) < SAME_SURFACE_MM)
        cos = np.clip((shade[a] * shade[b]).sum(axis=-1), -1.0, 1.0)
        pairs += int(same.sum())
        creases += int((same & (cos < np.cos(np.radians(SHARP_DEG)))).sum())
    return creases / pairs


@pytest.mark.parametrize("name", THORACIC_PLATES)
def test_inferior_process_is_smooth_from_the_side(spine, name):
    """T1-T10 from each side: at most MAX_CREASE_SHARE of neighbouring sight lines over the inferior articular
    process meet a crease in the shading (session 24: T10 0.056 / 0.024 left / right, T1-T9 at most 0.011;
    built, session 25: T10 0.013 / 0.009)."""
    for side, sx in (("left", -1.0), ("right", 1.0)):
        c = np.array(spine.landmarks[name][f"inferior_facet_{side}"])
        share = crease_share(spine.bones[name], c, sx)
        assert share <= MAX_CREASE_SHARE, f"{name} {side}: {share:.3f} of neighbouring sight lines meet a crease"


if __name__ == "__main__":
    s = load_spine()
    for name in THORACIC_PLATES:
        print(name, [round(crease_share(s.bones[name], np.array(s.landmarks[name][f"inferior_facet_{side}"]), sx), 4)
                     for side, sx in (("left", -1.0), ("right", 1.0))])
