"""Measures behind docs/cervical-review-session37.md: what makes C3-C6 busy from the front-oblique (issue 10).

Run from a tree's root: ``PYTHONPATH=$PWD python docs/cervical-review-session37.py [default|fine]``.

Seen from the review sheet's front-oblique (look.py's direction (-0.7, 0.85, 0.45): from the front, the left and
above), each vertex of the bone's mesh that faces the eye (normal . eye > FACING [M]) and is not hidden behind other
bone (a ray toward the eye meets no surface) is sorted into a part by the boxes in ``_part`` (in the vertebra's
local frame, from its landmarks). On those vertices:

* small features: the mean curvature H (1/mm; vtkCurvatures, averaged over each vertex's neighbours twice to
  quiet the mesh) marks a crease (H < -CREASE [M]: a concave turn tighter than a cylinder of 1/(2 CREASE) mm) or a
  ridge or knob (H > RIDGE [M]: tighter than a cylinder of 1/(2 RIDGE) mm, a ball of 1/RIDGE mm). Connected runs
  of such vertices bigger than MIN_AREA mm^2 [M] are counted: each is an edge or a bump the eye picks out.
* their area's share of the part's visible area.
* bowls: those creases that are concave both ways (mean Gaussian curvature over the run > BOWL [M]): dimples, read
  as dark spots.
* the root pit: tests/anatomy/test_cervical_root_pit.py's measure (item 1 of the review).
"""
import runpy
import sys
from pathlib import Path

import numpy as np
import pyvista as pv
import vtk

from spineviz.anatomy.spine import load_spine

EYE = np.array([-0.7, 0.85, 0.45]) / np.linalg.norm([-0.7, 0.85, 0.45])
FACING = 0.1
CREASE = 0.45
RIDGE = 0.65
MIN_AREA = 0.4
BOWL = 0.05
PARTS = ("body", "uncinate", "anterior bar", "foramen ring", "posterior tubercle", "pillar", "lamina+spine")


def _part(p: np.ndarray, lm: dict, d) -> str:
    """The named part a point (left side seen nearer; both sides sorted alike) belongs to."""
    x, y, z = abs(p[0]), p[1], p[2]
    f = np.asarray(lm["transverse_foramen_right"]) * (1, 1, 1)
    hc = d.vbha
    if x < d.epw / 2 + 0.5 and y > -d.epd / 2 - 0.5:
        return "uncinate" if z > hc / 2 + 0.8 and x > d.epw / 2 - 6.0 else "body"
    pil = np.asarray(lm["superior_facet_right"])
    if y < f[1] - 3.5 or (z > hc / 2 + 2.0 and x > f[0] - 4.0):  # the pillar and its superior process's tip
        if abs(x - pil[0]) < 6.5 and y > pil[1] - 9.0:
            return "pillar"
        return "lamina+spine"
    if y > f[1] + 2.8:
        return "anterior bar"
    if x < f[0] + 3.5:
        return "foramen ring"
    return "posterior tubercle"


def _neighbour_mean(mesh: pv.PolyData, values: np.ndarray) -> np.ndarray:
    faces = mesh.faces.reshape(-1, 4)[:, 1:]
    acc = values.copy()
    cnt = np.ones(len(values))
    for a, b in ((0, 1), (1, 2), (2, 0)):
        np.add.at(acc, faces[:, a], values[faces[:, b]])
        np.add.at(cnt, faces[:, a], 1)
    return acc / cnt


def _visible(mesh: pv.PolyData, eye: np.ndarray = EYE) -> np.ndarray:
    tree = vtk.vtkOBBTree()
    tree.SetDataSet(mesh)
    tree.BuildLocator()
    n = mesh.point_normals
    pts = np.asarray(mesh.points)
    out = np.zeros(len(pts), bool)
    facing = n @ eye > FACING
    hits = vtk.vtkPoints()
    for i in np.flatnonzero(facing):
        a = pts[i] + 0.15 * eye
        tree.IntersectWithLine(a.tolist(), (a + 80.0 * eye).tolist(), hits, None)
        out[i] = hits.GetNumberOfPoints() == 0
    return out


def feature_runs(mesh: pv.PolyData, eye: np.ndarray = EYE) -> tuple[list, np.ndarray, np.ndarray]:
    """The small features seen from ``eye`` (a direction), all sizes, with each vertex's area and whether it is seen.

    Each feature is a connected run of crease or ridge vertices: (members, area mm^2, is a bowl).
    """
    h = np.asarray(mesh.curvature("mean"))
    h = _neighbour_mean(mesh, _neighbour_mean(mesh, h))
    kg = np.asarray(mesh.curvature("gaussian"))
    kg = _neighbour_mean(mesh, _neighbour_mean(mesh, kg))
    vis = _visible(mesh, eye)
    # each vertex's area: a third of its triangles'
    faces = mesh.faces.reshape(-1, 4)[:, 1:]
    tri = np.asarray(mesh.points)[faces]
    ta = 0.5 * np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)
    area = np.zeros(mesh.n_points)
    for k in range(3):
        np.add.at(area, faces[:, k], ta / 3)
    feat = vis & ((h < -CREASE) | (h > RIDGE))
    # connected runs of feature vertices (creases and ridges apart)
    label = -np.ones(mesh.n_points, int)
    adj = [[] for _ in range(mesh.n_points)]
    for a, b in ((0, 1), (1, 2), (2, 0)):
        for u, v in zip(faces[:, a], faces[:, b], strict=True):
            adj[u].append(v)
    kind = np.sign(h)
    runs = []
    for s in np.flatnonzero(feat):
        if label[s] >= 0:
            continue
        label[s] = len(runs)
        stack, members = [s], []
        while stack:
            u = stack.pop()
            members.append(u)
            for v in adj[u]:
                if feat[v] and label[v] < 0 and kind[v] == kind[s]:
                    label[v] = len(runs)
                    stack.append(v)
        runs.append(members)
    return [(m, float(area[m].sum()), bool(h[m[0]] < 0 and kg[m].mean() > BOWL)) for m in runs], area, vis


def measure(spine, name: str) -> dict:
    """For each part: [visible area mm^2, small features, their share of the area, bowls]."""
    mesh = spine.bones[name].triangulate().clean()
    lm, d = spine.landmarks[name], spine.model.dims[name]
    runs, area, vis = feature_runs(mesh)
    parts = np.array([_part(p, lm, d) for p in np.asarray(mesh.points)])
    out = {p: [0.0, 0, 0.0, 0] for p in PARTS}
    for p in PARTS:
        out[p][0] = float(area[vis & (parts == p)].sum())
    for members, a, bowl in runs:
        if a < MIN_AREA:
            continue
        vals, counts = np.unique(parts[members], return_counts=True)
        p = vals[np.argmax(counts)]
        out[p][1] += 1
        out[p][2] += a
        if bowl:
            out[p][3] += 1
    for p in PARTS:
        out[p][2] = out[p][2] / out[p][0] if out[p][0] else 0.0
    return out


def main(lod: str) -> None:
    spine = load_spine(lod=lod)
    # the test file beside this script (so that the script measures another tree's meshes on PYTHONPATH too)
    root_pit = runpy.run_path(str(Path(__file__).parents[1] / "tests/anatomy/test_cervical_root_pit.py"))["root_pit"]
    total = {p: [0.0, 0, 0.0, 0] for p in PARTS}
    for name in ("C3", "C4", "C5", "C6"):
        m = measure(spine, name)
        print(name, "  ".join(f"{p}: {m[p][1]}/{m[p][3]} ({100 * m[p][2]:.0f} % of {m[p][0]:.0f} mm2)" for p in PARTS),
              " root pit " + " ".join(f"{root_pit(spine, name, s):.2f}" for s in ("left", "right")))
        for p in PARTS:
            total[p][0] += m[p][0]
            total[p][1] += m[p][1]
            total[p][2] += m[p][2] * m[p][0]
            total[p][3] += m[p][3]
    print("C3-C6, ranked by small features seen:")
    for p in sorted(PARTS, key=lambda p: -total[p][1]):
        share = 100 * total[p][2] / max(total[p][0], 1e-9)
        print(f"  {p}: {total[p][1]} features ({total[p][3]} bowls), {share:.0f} % of {total[p][0]:.0f} mm2 visible")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "fine")
