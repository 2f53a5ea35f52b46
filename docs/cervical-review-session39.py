"""Measures behind item 2 of docs/cervical-review-session37.md (session 39, cerv39): C3-C6's pillar top.

Run from a tree's root: ``PYTHONPATH=$PWD python docs/cervical-review-session39.py [default|fine] [MESH_DIR]``
(MESH_DIR: another mesh set, e.g. a build with one part taken out; default the tree's own).

Per level and side, each side seen from its own front-oblique (the review sheet's (-0.7, 0.85, 0.45) for the left,
mirrored for the right):

* the pillar top's small features: the review script's (docs/cervical-review-session37.py, same thresholds) feature
  runs sorted into its "pillar" part whose vertices lie mostly in the pillar-top box: higher than TOP_BELOW mm [M]
  under the superior facet's centre. Counted as features (bowls).
* the notch: the bone is seen from the eye along rays every PIXEL mm [M] over the box; along each screen row the
  surface's nearness to the eye is a profile, and where the ray first meets bone in the box the notch is the water
  that profile holds there (how far the bone on both sides of it in the row stands nearer the eye): a groove
  between two lips. A clean superior process's front is one rounded face (a notch of about 0).
"""
import runpy
import sys
from pathlib import Path

import numpy as np
import vtk

from spineviz.anatomy.spine import load_spine

REVIEW = runpy.run_path(str(Path(__file__).with_name("cervical-review-session37.py")), run_name="review37")
TOP_BELOW = 1.0
PIXEL = 0.2
SHOW = "--runs" in sys.argv  # print each feature run's size and centre
LEVELS = tuple(a for a in sys.argv[3:] if a != "--runs") or ("C3", "C4", "C5", "C6")


def _screen(eye: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The screen's right and up axes for a camera at ``eye`` (direction) with z up."""
    d = -eye / np.linalg.norm(eye)
    right = np.cross(d, (0.0, 0.0, 1.0))
    right /= np.linalg.norm(right)
    return right, np.cross(right, d)


def in_top_box(points: np.ndarray, lm: dict, d, side: str) -> np.ndarray:
    """Which points lie in ``side``'s pillar-top box: the review's pillar part, above the facet's centre - TOP_BELOW."""
    sx = 1.0 if side == "right" else -1.0
    sup = np.asarray(lm[f"superior_facet_{side}"])
    part = np.array([REVIEW["_part"](p, lm, d) for p in points])
    return (part == "pillar") & (points[:, 0] * sx > 0) & (points[:, 2] > sup[2] - TOP_BELOW)


def notch_depth(mesh, box_test, side: str) -> tuple[float, tuple]:
    """The deepest notch (mm) seen in the pillar-top box from ``side``'s front-oblique, and where (local frame).

    The bone is seen from the eye along rays every PIXEL mm of the screen over the box; along each screen row the
    surface's nearness to the eye is read as a profile, and the notch at a pixel whose ray first meets bone in the
    box is how much nearer the bone stands on both sides of it in that row (the water the profile would hold there:
    a groove between two lips). Rows end where the ray meets no bone (the water runs out there).
    """
    eye = REVIEW["EYE"] * (1.0 if side == "left" else -1.0, 1.0, 1.0)
    right, up = _screen(eye)
    pts = np.asarray(mesh.points)
    inbox = pts[box_test(pts)]
    sx, sy = inbox @ right, inbox @ up
    tree = vtk.vtkOBBTree()
    tree.SetDataSet(mesh)
    tree.BuildLocator()
    hits = vtk.vtkPoints()
    xs = np.arange(sx.min() - 1.0, sx.max() + 1.0, PIXEL)
    ys = np.arange(sy.min() - 1.0, sy.max() + 1.0, PIXEL)
    near = np.full((len(ys), len(xs)), np.nan)
    where = np.zeros((len(ys), len(xs), 3))
    for r, y in enumerate(ys):
        for c, x in enumerate(xs):
            a = x * right + y * up + 60.0 * eye
            tree.IntersectWithLine(a.tolist(), (a - 120.0 * eye).tolist(), hits, None)
            if hits.GetNumberOfPoints():
                p = np.array(hits.GetPoint(0))
                near[r, c], where[r, c] = p @ eye, p
    seen = np.zeros(near.shape, bool)
    ok = np.isfinite(near)
    seen[ok] = box_test(where[ok])
    best, at = 0.0, None
    for grid, mask, spots in ((near, seen, where), (near.T, seen.T, where.transpose(1, 0, 2))):
        for r in range(grid.shape[0]):  # the screen's rows, then its columns
            row = grid[r]
            c = 0
            while c < len(row):
                if not np.isfinite(row[c]):
                    c += 1
                    continue
                e = c
                while e < len(row) and np.isfinite(row[e]):
                    e += 1
                seg = row[c:e]
                water = np.minimum(np.maximum.accumulate(seg), np.maximum.accumulate(seg[::-1])[::-1]) - seg
                water[~mask[r, c:e]] = 0.0
                k = int(np.argmax(water))
                if water[k] > best:
                    best, at = float(water[k]), tuple(float(x) for x in np.round(spots[r, c + k], 1))
                c = e
    return best, at


def top_features(spine, name: str, show: bool = False) -> dict[str, tuple[int, int]]:
    """Per side: the review script's small features (runs of at least its MIN_AREA; bowls) in the pillar-top box.

    Each side is seen from its own front-oblique.
    """
    out = {}
    lm, d = spine.landmarks[name], spine.model.dims[name]
    mesh = spine.bones[name].triangulate().clean()
    pts = np.asarray(mesh.points)
    for side in ("left", "right"):
        eye = REVIEW["EYE"] * (1.0 if side == "left" else -1.0, 1.0, 1.0)
        runs, _area, _vis = REVIEW["feature_runs"](mesh, eye)
        box = in_top_box(pts, lm, d, side)
        feats = bowls = 0
        for members, area, bowl in runs:
            if area >= REVIEW["MIN_AREA"] and box[members].mean() > 0.5:
                feats += 1
                bowls += int(bowl)
                if show:
                    print(f"  {name} {side}: {len(members)} vertices, {area:.1f} mm2 at",
                          np.round(pts[members].mean(axis=0), 1), "bowl" if bowl else "")
        out[side] = (feats, bowls)
    return out


def main(lod: str, mesh_dir: str | None) -> None:
    spine = load_spine(mesh_dir, lod=lod)
    tot = [0, 0]
    for name in LEVELS:
        lm, d = spine.landmarks[name], spine.model.dims[name]
        feats = top_features(spine, name, show=SHOW)
        row = []
        for side in ("left", "right"):
            depth, at = notch_depth(spine.bones[name], lambda p, s=side, lm=lm, d=d: in_top_box(p, lm, d, s), side)
            row.append(f"{side}: {feats[side][0]} features ({feats[side][1]} bowls), notch {depth:.2f} mm at {at}")
            tot[0] += feats[side][0]
            tot[1] += feats[side][1]
        print(name, "  ".join(row))
    print(f"C3-C6 pillar tops, both sides: {tot[0]} features ({tot[1]} bowls)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "fine", sys.argv[2] if len(sys.argv) > 2 else None)
