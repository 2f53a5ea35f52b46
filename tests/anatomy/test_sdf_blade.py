"""sdf.ProfiledBlade, the bar whose wedge-shaped section is given at stations along it (a thoracic spine).

Its width need not follow its height: measured on the distance field itself, not on a mesh.
"""

import numpy as np

from spineviz.anatomy import sdf

# a bar 30 mm along y, its section 8 mm wide at the root, 9 at 40 % and 4 at the end: wider half-way than a
# straight taper from end to end would be (6.0 there), and the up/down half heights unrelated to the width
PROFILE = ((0.0, 5.0, 4.0, 8.0, 1.0, 0.8, 0.4), (0.4, 4.0, 3.0, 9.0, 1.0, 0.8, 0.4),
           (1.0, 2.0, 2.0, 4.0, 1.0, 1.0, 1.0))
A, B, UP = np.array([0.0, 0.0, 0.0]), np.array([0.0, -30.0, 0.0]), np.array([0.0, 0.0, 1.0])


def _blade(r: float = 0.5):
    return sdf.ProfiledBlade(A, B, UP, PROFILE, r=r)


def _field(shape, pts: np.ndarray) -> np.ndarray:
    pts = np.asarray(pts, np.float32)
    return np.asarray(shape.sdf(pts[..., 0], pts[..., 1], pts[..., 2]), float)


def test_profiled_blade_width_follows_its_profile():
    """Square to the bar at 40 % of its length, on its axis, the surface (distance 0) lies half the
    profile's width times the axis fraction out on either side (9 x 0.8 / 2 = 3.6 mm), at its upper edge
    the whole width (4.5 mm less the rounding's corner) and 2 mm in from the lower edge narrower again;
    the widest point of the section along the bar is at the 40 % station, not at the root."""
    blade = _blade()
    y = 0.4 * B[1]
    xs = np.linspace(0.0, 8.0, 1601)
    for z, want in ((0.0, 0.5 * 9.0 * 0.8), (-1.0, 0.5 * 9.0 * (0.8 - 0.4 / 3.0))):
        d = _field(blade, np.stack([xs, np.full_like(xs, y), np.full_like(xs, z)], axis=-1))
        edge = xs[np.argmax(d > 0)]
        assert abs(edge - want) < 0.02, f"z={z}: surface {edge:.3f} mm out, profile {want:.3f}"
    ys = np.linspace(-1.0, -29.0, 113)
    widths = []
    for yy in ys:
        d = _field(blade, np.stack([xs, np.full_like(xs, yy), np.zeros_like(xs)], axis=-1))
        widths.append(xs[np.argmax(d > 0)])
    assert abs(ys[int(np.argmax(widths))] - y) <= 0.5, f"widest at y={ys[int(np.argmax(widths))]:.1f}, not {y}"


def test_profiled_blade_distance_is_continuous_and_exact_outside():
    """A distance, not just a sign: along random lines through and around the bar it changes smoothly, by at
    most 1.15 x the step (a true distance: 1 x; the tapering width, as in sdf.Blade, steepens it a little), so
    the grid's surfacing sees no seams between stations; straight behind the root end it is the distance to
    the flat end face (exact there)."""
    blade = _blade()
    rng = np.random.default_rng(20)
    lo, hi = blade.bounds()
    for _ in range(200):
        p0 = rng.uniform(lo, hi)
        direction = rng.normal(size=3)
        direction /= np.linalg.norm(direction)
        steps = np.arange(0.0, 20.0, 0.05)
        d = _field(blade, p0 + steps[:, None] * direction)
        jump = float(np.max(np.abs(np.diff(d))))
        assert jump <= 0.05 * 1.15, f"the distance changes by {jump:.3f} over a 0.05 mm step"
    gaps = np.array([0.5, 1.0, 2.0, 4.0])
    d = _field(blade, np.stack([np.zeros(4), gaps, np.zeros(4)], axis=-1))
    assert np.allclose(d, gaps, atol=1e-4), f"behind the root end: {d} for {gaps}"
