"""Measures behind docs/thoracic-review-session36.md (items 2, 4 and 5).

Item 1 is tests/anatomy/test_thoracic_spine_from_the_left.py. Run from a tree's root:
``PYTHONPATH=$PWD python docs/thoracic-review-session36.py``.
"""
import numpy as np

from spineviz.anatomy.spine import load_spine

spine = load_spine(lod="default")


def notch():
    """Item 2: the inferior vertebral notch's roof in the sagittal plane through the pedicle's landmark."""
    for n in range(1, 11):
        name = f"T{n}"
        m, lm, d = spine.bones[name], spine.landmarks[name], spine.model.dims[name]
        x = lm["pedicle_right"][0]
        ys = np.arange(-0.5 * d.epd - 0.5, lm["inferior_facet_right"][1] + 1.0, -0.25)
        roof = []
        for y in ys:
            pts, _ = m.ray_trace((x, y, -60.0), (x, y, 60.0))
            roof.append(pts[:, 2].min() if len(pts) else np.nan)
        roof = np.array(roof)
        lump = [min(np.nanmax(roof[:i + 1]), np.nanmax(roof[i:])) - roof[i] for i in range(len(roof))]
        i = int(np.nanargmax(lump))
        print(f"{name}: roof hangs {lump[i]:.2f} mm below its high points at y={ys[i]:.1f}")


def demifacets():
    """Item 4: the surface along the outward radius from each demifacet's centre toward its endplate."""
    def out_at(m, p, n):
        pts, _ = m.ray_trace(p + 15 * n, p - 15 * n)
        return float((pts[0] - p) @ n) if len(pts) else np.nan
    for k in range(2, 10):
        name = f"T{k}"
        m, lm = spine.bones[name], spine.landmarks[name]
        row = []
        for key in ("costal_demifacet_right_0", "costal_demifacet_right_1"):
            p = np.array(lm[key])
            n = p * (1, 1, 0)
            n /= np.linalg.norm(n)
            sgn = 1 if key.endswith("_0") else -1
            row.append(" ".join(f"{out_at(m, p + sgn * dz * np.array([0, 0, 1.0]), n):+.1f}"
                                for dz in np.arange(0, 2.01, 0.5)))
        print(name, "upper:", row[0], "| lower:", row[1])


def front():
    """Item 5: the body's front from above at mid-height."""
    for n in range(2, 11):
        name = f"T{n}"
        m = spine.bones[name]

        def y_front(x, m=m):
            pts, _ = m.ray_trace((x, 60.0, 0.0), (x, -60.0, 0.0))
            return pts[0, 1] if len(pts) else np.nan
        f0 = y_front(0.0)
        print(name, "front falls back", " ".join(f"{f0 - y_front(x):.2f}" for x in (3.0, 6.0, 9.0)), "mm at 3, 6, 9 mm")


if __name__ == "__main__":
    notch()
    demifacets()
    front()
