"""Signed-distance modelling on a regular grid: the few primitives and blends a vertebra needs.

Bone is modelled as an implicit surface (negative inside), sampled on a grid and surfaced by VTK's flying
edges (see ``docs`` / GEOMETRY notes). Every primitive knows its bounding box, so a union or a cut only
evaluates the grid block it can touch: a vertebra is dozens of small parts, and evaluating each of them over
the whole grid is what made the first experiment slow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

FAR = np.float32(1e3)
Vec = np.ndarray


def _unit(v: Vec) -> Vec:
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


def frame_from(z: Vec, hint: Vec = (0.0, 0.0, 1.0)) -> np.ndarray:
    """An orthonormal 3x3 frame whose third column is ``z``; the first lies as close to ``hint`` x z as possible."""
    z = _unit(z)
    h = np.asarray(hint, dtype=float)
    x = np.cross(h, z)
    if np.linalg.norm(x) < 1e-6:
        x = np.cross((1.0, 0.0, 0.0) if abs(z[0]) < 0.9 else (0.0, 1.0, 0.0), z)
    x = _unit(x)
    y = np.cross(z, x)
    return np.column_stack([x, y, z])


def smin(a: np.ndarray, b: np.ndarray, k: float) -> np.ndarray:
    """Polynomial smooth minimum: a union whose seam is a fillet of radius about ``k``."""
    if k <= 0:
        return np.minimum(a, b)
    h = np.maximum(k - np.abs(a - b), 0.0) / k
    return np.minimum(a, b) - h * h * (k * 0.25)


def smax(a: np.ndarray, b: np.ndarray, k: float) -> np.ndarray:
    """Smooth maximum, for subtraction and intersection with a fillet."""
    return -smin(-a, -b, k)


def _polar(centre: Vec, x, y, z):
    """Offsets from ``centre``, and the angle and radius about its vertical axis.

    Returns ``(dx, dy, dz, theta, rho)`` broadcast to one shape (theta 0 = right, pi/2 = anterior).
    """
    dx, dy, dz = x - np.float32(centre[0]), y - np.float32(centre[1]), z - np.float32(centre[2])
    dx, dy, dz = np.broadcast_arrays(dx, dy, dz)
    return dx, dy, dz, np.arctan2(dy, dx), np.sqrt(dx * dx + dy * dy)


class Shape:
    """A primitive: an approximate signed distance and a bounding box."""

    def bounds(self) -> tuple[Vec, Vec]:  # pragma: no cover - interface
        raise NotImplementedError

    def sdf(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError


@dataclass
class Union(Shape):
    """The plain union (least distance) of ``parts``, to be added or carved as one shape in one stroke.

    Smooth cuts (or additions) laid one beside another blend each into the bone on its own, and where they meet they
    leave a groove or widen the hole; their union, blended once, does not (the sacral canal's sweep, a lamina's flat
    and ramp, the atlas's lip of capsules).
    """

    parts: tuple[Shape, ...]

    def bounds(self) -> tuple[Vec, Vec]:
        boxes = [part.bounds() for part in self.parts]
        return np.min([b[0] for b in boxes], axis=0), np.max([b[1] for b in boxes], axis=0)

    def sdf(self, x, y, z):
        return np.minimum.reduce([part.sdf(x, y, z) for part in self.parts])


@dataclass
class Ellipsoid(Shape):
    """An ellipsoid with semi-axes ``radii`` along the columns of ``rot``."""

    centre: Vec
    radii: Vec
    rot: np.ndarray = field(default_factory=lambda: np.eye(3))

    def bounds(self) -> tuple[Vec, Vec]:
        ext = np.abs(np.asarray(self.rot)) @ np.asarray(self.radii, dtype=float)
        c = np.asarray(self.centre, dtype=float)
        return c - ext, c + ext

    def sdf(self, x, y, z):
        r = np.asarray(self.rot, dtype=np.float32)
        c = np.asarray(self.centre, dtype=np.float32)
        dx, dy, dz = x - c[0], y - c[1], z - c[2]
        qx = (r[0, 0] * dx + r[1, 0] * dy + r[2, 0] * dz) / self.radii[0]
        qy = (r[0, 1] * dx + r[1, 1] * dy + r[2, 1] * dz) / self.radii[1]
        qz = (r[0, 2] * dx + r[1, 2] * dy + r[2, 2] * dz) / self.radii[2]
        k0 = np.sqrt(qx * qx + qy * qy + qz * qz)
        k1 = np.sqrt(
            (qx / self.radii[0]) ** 2 + (qy / self.radii[1]) ** 2 + (qz / self.radii[2]) ** 2
        )
        return k0 * (k0 - 1.0) / np.maximum(k1, 1e-6)


def _segment_box(a: Vec, b: Vec, ext: float) -> tuple[Vec, Vec]:
    """The box round the segment from ``a`` to ``b`` grown by ``ext`` on every side."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.minimum(a, b) - ext, np.maximum(a, b) + ext


@dataclass
class Capsule(Shape):
    """A tapered capsule from ``a`` (radius ``ra``) to ``b`` (radius ``rb``): processes, arches, tubes."""

    a: Vec
    b: Vec
    ra: float
    rb: float

    def bounds(self) -> tuple[Vec, Vec]:
        return _segment_box(self.a, self.b, max(self.ra, self.rb))

    def sdf(self, x, y, z):
        a = np.asarray(self.a, dtype=np.float32)
        ab = np.asarray(self.b, dtype=np.float32) - a
        ll = float(ab @ ab)
        px, py, pz = x - a[0], y - a[1], z - a[2]
        t = np.clip((px * ab[0] + py * ab[1] + pz * ab[2]) / ll, 0.0, 1.0)
        dx, dy, dz = px - t * ab[0], py - t * ab[1], pz - t * ab[2]
        return np.sqrt(dx * dx + dy * dy + dz * dz) - (self.ra + (self.rb - self.ra) * t)


@dataclass
class RoundBox(Shape):
    """A box with rounded edges (radius ``r``), half-sizes ``half`` along the columns of ``rot``."""

    centre: Vec
    half: Vec
    rot: np.ndarray = field(default_factory=lambda: np.eye(3))
    r: float = 1.0

    def bounds(self) -> tuple[Vec, Vec]:
        ext = np.abs(np.asarray(self.rot)) @ np.asarray(self.half, dtype=float)
        c = np.asarray(self.centre, dtype=float)
        return c - ext, c + ext

    def sdf(self, x, y, z):
        r = np.asarray(self.rot, dtype=np.float32)
        c = np.asarray(self.centre, dtype=np.float32)
        dx, dy, dz = x - c[0], y - c[1], z - c[2]
        h = np.asarray(self.half, dtype=np.float32) - self.r
        qx = np.abs(r[0, 0] * dx + r[1, 0] * dy + r[2, 0] * dz) - h[0]
        qy = np.abs(r[0, 1] * dx + r[1, 1] * dy + r[2, 1] * dz) - h[1]
        qz = np.abs(r[0, 2] * dx + r[1, 2] * dy + r[2, 2] * dz) - h[2]
        out = np.sqrt(np.maximum(qx, 0) ** 2 + np.maximum(qy, 0) ** 2 + np.maximum(qz, 0) ** 2)
        inside = np.minimum(np.maximum(qx, np.maximum(qy, qz)), 0.0)
        return out + inside - self.r


def waist_pinch(s, power: float = 1.0):
    """The share of a body's waist taken at height ``s`` (-1 at its lower face, 1 at its upper): (1 - s^2)^power.

    :class:`Profile` draws its outline in by this; a feature placed on the waisted wall (a thoracic costal
    facet) asks it where the wall is.
    """
    return 1.0 - s * s if power == 1.0 else (1.0 - s * s) ** power


@dataclass
class Profile(Shape):
    """A vertical extrusion of a star-shaped cross-section ``radius(theta)`` between two sloped faces.

    Vertebral bodies are this: a kidney, heart or rounded-rectangle outline, taller anteriorly or
    posteriorly (the wedge), waisted at mid-height. ``radius`` maps angles (0 = right, pi/2 = anterior) to
    the outline's radius in mm. ``top``/``bottom`` give the face heights at the posterior and anterior edges.
    """

    centre: Vec
    radius: object  # callable theta -> r
    top: tuple[float, float]
    bottom: tuple[float, float]
    depth: float
    r_max: float
    edge: float = 1.5
    waist: float = 0.0
    # The waist's profile up the body: the outline is drawn in by waist x (1 - s^2)^waist_power (s = -1 at the
    # lower face, 1 at the upper). 1 gives a parabola; 2 keeps the outline full near both faces (the
    # endplate rims) and concentrates the concavity at mid-height.
    waist_power: float = 1.0

    def bounds(self) -> tuple[Vec, Vec]:
        c = np.asarray(self.centre, float)
        lo = c + (-self.r_max, -self.r_max, min(self.bottom))
        hi = c + (self.r_max, self.r_max, max(self.top))
        return lo, hi

    def sdf(self, x, y, z):
        _, dy, dz, theta, rr = _polar(self.centre, x, y, z)
        t = np.clip(dy / self.depth + 0.5, 0.0, 1.0)  # 0 at the posterior edge, 1 anterior
        top = self.top[0] + (self.top[1] - self.top[0]) * t
        bot = self.bottom[0] + (self.bottom[1] - self.bottom[0]) * t
        mid = 0.5 * (top + bot)
        half = 0.5 * (top - bot)
        s = np.clip((dz - mid) / np.maximum(half, 1e-3), -1.0, 1.0)
        radial = self.radius(theta) * (1.0 - self.waist * waist_pinch(s, self.waist_power))
        d2 = (rr - radial) * 0.92 + self.edge
        dv = np.abs(dz - mid) - half + self.edge
        out = np.sqrt(np.maximum(d2, 0) ** 2 + np.maximum(dv, 0) ** 2)
        return out + np.minimum(np.maximum(d2, dv), 0.0) - self.edge


@dataclass
class Facet(Shape):
    """The space a flat articular facet is cut out of: beyond the facet plane, plus a shallow moat.

    Cut last, after every blend, so the facet stays a crisp plane whose centre, normal and size are
    exactly those of the joint it belongs to: everything beyond the plane goes, and a ring ``moat`` mm
    deep just outside the facet's ellipse steps the surrounding bone back, so the flat face is the
    ellipse itself and not whatever else the blends pushed up to the plane.
    """

    centre: Vec
    normal: Vec
    u: Vec
    half_u: float
    half_v: float
    depth: float = 8.0
    margin: float = 2.0
    moat: float = 1.0
    # A curved facet (see :func:`fit_bend`): the face lies ``bend(pu, pv)`` mm beyond the plane, a quadric in
    # the in-plane coordinates (mm along u and v), held constant beyond 1.25 x the facet's ellipse.
    bend: tuple[float, ...] | None = None
    # With no moat, a chamfer instead (the tangent of its angle below the facet plane, 0 for none): outside the
    # facet's ellipse the bone falls away from the facet's edge at this slope, so the face ends at the facet's
    # own outline with no step (a cervical pillar's facet is its whole top face, flush with its edge).
    bevel: float = 0.0
    bevel_depth: float = 1.0  # how far below the plane the chamfer reaches at most

    def bounds(self) -> tuple[Vec, Vec]:
        c = np.asarray(self.centre, float)
        r = max(self.half_u, self.half_v) * self.margin + self.depth
        return c - r, c + r

    def sdf(self, x, y, z):
        c = np.asarray(self.centre, dtype=np.float32)
        n = np.asarray(self.normal, dtype=np.float32)
        u = np.asarray(self.u, dtype=np.float32)
        v = np.cross(n, u).astype(np.float32)
        dx, dy, dz = x - c[0], y - c[1], z - c[2]
        h = dx * n[0] + dy * n[1] + dz * n[2]
        pu = (dx * u[0] + dy * u[1] + dz * u[2]) / (self.half_u * self.margin)
        pv = (dx * v[0] + dy * v[1] + dz * v[2]) / (self.half_v * self.margin)
        if self.bend is not None:
            h = h - bend_height(self.bend, pu * (self.half_u * self.margin), pv * (self.half_v * self.margin),
                                self.half_u, self.half_v)
        rho = np.sqrt(pu * pu + pv * pv)
        scale = min(self.half_u, self.half_v) * self.margin
        ell = (rho - 1.0) * scale
        exact = (rho * self.margin - 1.0) * min(self.half_u, self.half_v)
        beyond = np.maximum(ell, np.maximum(-h, h - self.depth))
        if self.moat <= 0.0:  # no ring: the face runs flush out to the bone's edge (or its chamfer)
            if self.bevel <= 0.0:
                return beyond
            slope = (-h - self.bevel * exact) / np.float32(np.hypot(1.0, self.bevel))
            chamfer = np.maximum(np.maximum(-exact, ell), np.maximum(np.maximum(slope, -h - self.bevel_depth),
                                                                     h - self.depth))
            return np.minimum(beyond, chamfer)
        moat = np.maximum(np.maximum(-exact, ell), np.maximum(-h - self.moat, h))
        return np.minimum(beyond, moat)


@dataclass
class Clearance(Shape):
    """The space within ``gap`` mm of a partner bone (a triangle mesh), inside a ball about ``centre``.

    Carved from a procedural bone whose facet meets a real (template) one, it guarantees the bone gap
    everywhere around the joint, including the facet's rim where a quadric cannot follow the partner.
    """

    mesh: object  # pyvista.PolyData, in the design's frame
    gap: float
    centre: Vec
    radius: float
    # the partner's inside told by its even-odd interior, not by its nearest triangle (see partner_distance)
    parity: bool = False

    def bounds(self) -> tuple[Vec, Vec]:
        c = np.asarray(self.centre, float)
        return c - self.radius, c + self.radius

    def sdf(self, x, y, z):
        shape = np.broadcast_shapes(x.shape, y.shape, z.shape)
        pts = np.column_stack([np.broadcast_to(a, shape).ravel() for a in (x, y, z)]).astype(float)
        d = partner_distance(self.mesh, pts, self.bounds() if self.parity else None)
        d = d.astype(np.float32).reshape(shape) - np.float32(self.gap)
        c = np.asarray(self.centre, np.float32)
        ball = np.sqrt((x - c[0]) ** 2 + (y - c[1]) ** 2 + (z - c[2]) ** 2) - np.float32(self.radius)
        return np.maximum(d, ball)


@dataclass
class PartnerShell(Shape):
    """A shell of bone ``gap`` to ``gap + depth`` mm off a partner bone, behind the partner's articular patch.

    ``mesh`` is the partner bone and ``patch`` its articular surface (both triangle meshes in the design's
    frame). A point belongs to the shell where its distance to the bone lies between ``gap`` and ``gap +
    depth`` and the nearest bone is the patch (its distance to the patch exceeds that to the bone by at most
    ``rim`` mm, which lets the shell run about a millimetre past the patch's edge). Added to a procedural bone
    whose facet meets a template one, after its facet cut and clearance: its face then lies the bone gap off
    the partner wherever the partner's articular surface reaches, even where that surface curls away from the
    flat oval the procedural process was built to. ``clip`` (if given) keeps it inside a shape: where the
    partner's surface curls away at the patch's rim, the points whose nearest bone is the rim fan out round it.
    """

    mesh: object  # pyvista.PolyData
    patch: object  # pyvista.PolyData
    gap: float
    depth: float
    rim: float
    clip: Shape | None = None  # the shell is kept inside this shape (the process's outline over the patch)
    parity: bool = False  # as Clearance.parity

    def bounds(self) -> tuple[Vec, Vec]:
        lo, hi = np.asarray(self.patch.bounds, float).reshape(3, 2).T
        pad = self.gap + self.depth + self.rim + 0.5
        return lo - pad, hi + pad

    def sdf(self, x, y, z):
        import pyvista as pv

        shape = np.broadcast_shapes(x.shape, y.shape, z.shape)
        pts = pv.PolyData(np.column_stack([np.broadcast_to(a, shape).ravel() for a in (x, y, z)]).astype(float))
        d = partner_distance(self.mesh, np.asarray(pts.points, float), self.bounds() if self.parity else None)
        d = d.astype(np.float32)
        dp = np.abs(np.asarray(pts.compute_implicit_distance(self.patch).point_data["implicit_distance"],
                               np.float32))
        shell = np.maximum(np.float32(self.gap) - d, d - np.float32(self.gap + self.depth))
        out = np.maximum(shell, dp - d - np.float32(self.rim)).reshape(shape)
        return out if self.clip is None else np.maximum(out, self.clip.sdf(x, y, z))


# The voxel of the even-odd interior that signs partner_distance (mm): finer than the design grid's 0.5 mm, so a
# wrong sign can only fall where the distance is under an eighth of a millimetre (a modelling value [M]).
PARITY_VOXEL = 0.25


def partner_distance(mesh, pts: np.ndarray, box: tuple[Vec, Vec] | None = None) -> np.ndarray:
    """Signed distance (mm, negative inside) from ``pts`` (n, 3) to a partner bone's triangle mesh.

    VTK's implicit distance signs each point by the normal of its nearest triangle, which is right on a clean
    closed surface but not where the surface folds over itself: the warped template's T11 has such folds on its
    superior articular process (its facet turned thoracic by a thin-plate spline), and on session 24's T10 whole
    regions 2-4 mm outside T11 read as inside it, and some inside as outside; the cuts made with that distance left
    T10's inferior process ragged (see thoracic.PARTNER_PARITY_T10). With ``box`` (lo, hi, mm) the size of the
    distance is VTK's and its sign the mesh's even-odd interior, rasterised scanline by scanline on a grid of
    PARITY_VOXEL over the box (pyvista's binary mask: vtkPolyDataToImageStencil) and read at the nearest voxel.
    """
    import pyvista as pv

    d = np.asarray(pv.PolyData(np.asarray(pts, float)).compute_implicit_distance(mesh)
                   .point_data["implicit_distance"], float)
    if box is None:
        return d
    lo = np.asarray(box[0], float) - 1.0
    dims = np.ceil((np.asarray(box[1], float) + 1.0 - lo) / PARITY_VOXEL).astype(int) + 1
    ref = pv.ImageData(dimensions=tuple(int(v) for v in dims), spacing=(PARITY_VOXEL,) * 3, origin=tuple(lo))
    mask = np.asarray(mesh.voxelize_binary_mask(reference_volume=ref).point_data["mask"])
    mask = mask.reshape(tuple(dims[::-1])).transpose(2, 1, 0)
    idx = np.rint((np.asarray(pts, float) - lo) / PARITY_VOXEL).astype(int)
    ok = np.all((idx >= 0) & (idx < dims), axis=1)
    inside = np.zeros(len(idx), bool)
    inside[ok] = mask[idx[ok, 0], idx[ok, 1], idx[ok, 2]] > 0
    return np.where(inside, -np.abs(d), np.abs(d))


def fit_bend(points: np.ndarray, centre: Vec, normal: Vec, u: Vec) -> tuple[float, ...]:
    """Least-squares quadric ``h = a pu^2 + b pu pv + c pv^2 + d pu + e pv + f`` through facet ``points``.

    ``h`` is the height beyond the plane (centre, normal) and ``pu``/``pv`` the in-plane coordinates along
    ``u`` and ``normal x u``: the shape a procedural bone gives its facet so that it follows a curved partner.
    """
    n, u = _unit(normal), _unit(u)
    v = np.cross(n, u)
    r = np.asarray(points, float) - np.asarray(centre, float)
    pu, pv, h = r @ u, r @ v, r @ n
    a = np.column_stack([pu * pu, pu * pv, pv * pv, pu, pv, np.ones_like(pu)])
    coef, *_ = np.linalg.lstsq(a, h, rcond=None)
    return tuple(float(c) for c in coef)


def bend_height(bend, pu, pv, half_u: float, half_v: float):
    """The quadric of :func:`fit_bend` at (pu, pv) mm, clamped radially at 1.25 x the facet's ellipse."""
    rho = np.sqrt((pu / half_u) ** 2 + (pv / half_v) ** 2)
    s = np.minimum(1.0, 1.25 / np.maximum(rho, 1e-6))
    pu, pv = pu * s, pv * s
    a, b, c, d, e, f = (np.float32(x) for x in bend)
    return a * pu * pu + b * pu * pv + c * pv * pv + d * pu + e * pv + f


class Grid:
    """A regular sampling grid over a box; holds the field as it is built up."""

    def __init__(self, lo: Vec, hi: Vec, spacing: float) -> None:
        self.spacing = float(spacing)
        self.origin = np.asarray(lo, dtype=float)
        n = np.ceil((np.asarray(hi, float) - self.origin) / spacing).astype(int) + 1
        self.shape = tuple(int(v) for v in n)
        self.axes = [
            (self.origin[i] + self.spacing * np.arange(self.shape[i])).astype(np.float32) for i in range(3)
        ]
        self.field = np.full(self.shape, FAR, dtype=np.float32)

    def _block(self, shape: Shape, pad: float) -> tuple[slice, slice, slice] | None:
        lo, hi = shape.bounds()
        sl = []
        for i in range(3):
            i0 = int(np.floor((lo[i] - pad - self.origin[i]) / self.spacing))
            i1 = int(np.ceil((hi[i] + pad - self.origin[i]) / self.spacing)) + 1
            i0, i1 = max(i0, 0), min(i1, self.shape[i])
            if i0 >= i1:
                return None
            sl.append(slice(i0, i1))
        return tuple(sl)

    def _eval(self, shape: Shape, block: tuple[slice, slice, slice]) -> np.ndarray:
        x = self.axes[0][block[0]][:, None, None]
        y = self.axes[1][block[1]][None, :, None]
        z = self.axes[2][block[2]][None, None, :]
        d = shape.sdf(x, y, z)
        return np.broadcast_to(d, (x.shape[0], y.shape[1], z.shape[2])).astype(np.float32)

    def union(self, shape: Shape, k: float = 0.0) -> None:
        """Add ``shape`` with a fillet of radius ``k``."""
        block = self._block(shape, k + 2 * self.spacing)
        if block is not None:
            self.field[block] = smin(self.field[block], self._eval(shape, block), k)

    def subtract(self, shape: Shape, k: float = 0.0) -> None:
        """Carve ``shape`` out, with a fillet of radius ``k`` on the new edge."""
        block = self._block(shape, k + 2 * self.spacing)
        if block is not None:
            self.field[block] = smax(self.field[block], -self._eval(shape, block), k)

    def soften(self, shape: Shape, k: float = 0.0) -> None:
        """Blur the field inside ``shape`` (a Gaussian of ``k`` mm), fading in over the shape's outer 2 mm.

        Sub-millimetre teeth and shards that a cut against a template partner's surface leaves (T10's inferior
        process, thoracic.IAP_SOFTEN_T10) are smoothed away; a plane's distance is unchanged by the blur, and a
        smooth surface of radius R moves by about k^2 / (2 R).
        """
        block = self._block(shape, 4 * k + 2 * self.spacing)
        if block is None or k <= 0.0:
            return
        f = self.field[block].astype(np.float64)
        half = int(np.ceil(3.0 * k / self.spacing))
        t = np.arange(-half, half + 1) * self.spacing
        w = np.exp(-0.5 * (t / k) ** 2)
        w /= w.sum()
        blurred = f
        for axis in range(3):  # separable, with the block's edge values carried outward
            pad = [(0, 0)] * 3
            pad[axis] = (half, half)
            padded = np.pad(blurred, pad, mode="edge")
            blurred = sum(w[i] * np.take(padded, range(i, i + f.shape[axis]), axis=axis) for i in range(len(w)))
        weight = np.clip(-self._eval(shape, block) / 2.0, 0.0, 1.0)
        self.field[block] = (f + weight * (blurred - f)).astype(np.float32)

    def intersect(self, shape: Shape, k: float = 0.0) -> None:
        """Keep only what lies inside ``shape`` (evaluated over the whole grid)."""
        block = (slice(None), slice(None), slice(None))
        d = self._eval(shape, block)
        self.field = smax(self.field, d, k)


@dataclass
class Behind(Shape):
    """The part of ``shape`` behind the plane through ``point`` whose outward normal is ``normal``.

    A hard cut (no blend): what lies where (p - point) . normal > 0 is dropped. Its bounds are the shape's. With
    ``k`` > 0 the plane meets the shape's surface in a rounded edge (a smooth maximum, a fillet of about ``k`` mm)
    instead of a sharp one.
    """

    shape: Shape
    point: Vec
    normal: Vec
    k: float = 0.0

    def bounds(self) -> tuple[Vec, Vec]:
        return self.shape.bounds()

    def sdf(self, x, y, z):
        p, n = np.asarray(self.point, np.float32), np.asarray(self.normal, np.float32)
        beyond = (x - p[0]) * n[0] + (y - p[1]) * n[1] + (z - p[2]) * n[2]
        if self.k > 0.0:
            return smax(self.shape.sdf(x, y, z), beyond, self.k)
        return np.maximum(self.shape.sdf(x, y, z), beyond)


@dataclass
class Slab(Shape):
    """A rounded plate: a convex polygon extruded along a normal, its thickness tapering across it.

    ``poly`` holds the polygon's 2D corners in the plane spanned by the first two columns of ``rot``
    (about ``centre``); the third column is the plate's normal. ``thick`` gives the full thickness at the
    polygon's lowest and highest first coordinate (linear between), so a process can thin toward its tip.
    Edges are rounded by ``r``. Laminae, spinous blades, flattened transverse processes and alae are this.
    """

    centre: Vec
    poly: np.ndarray
    rot: np.ndarray
    thick: tuple[float, float]
    r: float = 1.0

    def bounds(self) -> tuple[Vec, Vec]:
        rot = np.asarray(self.rot, float)
        pts = np.asarray(self.poly, float)
        corners = [self.centre + rot[:, 0] * p[0] + rot[:, 1] * p[1] + rot[:, 2] * s
                   for p in pts for s in (-0.5 * max(self.thick), 0.5 * max(self.thick))]
        return np.min(corners, axis=0) - self.r, np.max(corners, axis=0) + self.r

    def sdf(self, x, y, z):
        r = np.asarray(self.rot, dtype=np.float32)
        c = np.asarray(self.centre, dtype=np.float32)
        dx, dy, dz = x - c[0], y - c[1], z - c[2]
        pa = r[0, 0] * dx + r[1, 0] * dy + r[2, 0] * dz
        pb = r[0, 1] * dx + r[1, 1] * dy + r[2, 1] * dz
        pn = r[0, 2] * dx + r[1, 2] * dy + r[2, 2] * dz
        poly = np.asarray(self.poly, dtype=np.float32)
        best = None
        inside = None
        for i in range(len(poly)):
            p0, p1 = poly[i], poly[(i + 1) % len(poly)]
            e = p1 - p0
            wa, wb = pa - p0[0], pb - p0[1]
            t = np.clip((wa * e[0] + wb * e[1]) / float(e @ e), 0.0, 1.0)
            ra, rb = wa - t * e[0], wb - t * e[1]
            dist = ra * ra + rb * rb
            best = dist if best is None else np.minimum(best, dist)
            side = e[0] * wb - e[1] * wa >= 0.0  # left of a counter-clockwise edge
            inside = side if inside is None else inside & side
        d2 = np.where(inside, -np.sqrt(best), np.sqrt(best)) + self.r
        a0, a1 = float(poly[:, 0].min()), float(poly[:, 0].max())
        s = np.clip((pa - a0) / max(a1 - a0, 1e-6), 0.0, 1.0)
        half = 0.5 * (self.thick[0] + (self.thick[1] - self.thick[0]) * s)
        dv = np.abs(pn) - half + self.r
        out = np.sqrt(np.maximum(d2, 0) ** 2 + np.maximum(dv, 0) ** 2)
        return out + np.minimum(np.maximum(d2, dv), 0.0) - self.r


@dataclass
class Band(Shape):
    """A curved bar round a vertical axis: the part of a ring between two outlines, over an arc of angles.

    The arches of the atlas are this. ``angles`` (radians, increasing, within -pi..pi; 0 = right,
    pi/2 = anterior, as in :class:`Profile`) carry, at each angle, the ``inner`` and ``outer`` radius
    about ``centre`` and the ``bottom`` and ``top`` heights; between them everything is interpolated, so
    an arch can swell into a tubercle, thin under a groove and rise or fall along its course without the
    seams of a chain of parts. Edges are rounded by ``edge`` (mm: one radius, or one per angle, so a tubercle's
    section can be rounder than the bar beside it); the arc ends are cut square (bury them).
    """

    centre: Vec
    angles: np.ndarray
    inner: np.ndarray
    outer: np.ndarray
    bottom: np.ndarray
    top: np.ndarray
    edge: float | np.ndarray = 1.5

    def bounds(self) -> tuple[Vec, Vec]:
        c = np.asarray(self.centre, float)
        r = float(np.max(self.outer))
        return c + (-r, -r, float(np.min(self.bottom))), c + (r, r, float(np.max(self.top)))

    def sdf(self, x, y, z):
        _, _, dz, theta, rho = _polar(self.centre, x, y, z)
        a = np.asarray(self.angles, float)
        inner, outer = np.interp(theta, a, self.inner), np.interp(theta, a, self.outer)
        bot, top = np.interp(theta, a, self.bottom), np.interp(theta, a, self.top)
        edge = np.interp(theta, a, np.broadcast_to(np.asarray(self.edge, float), a.shape))
        d2 = np.maximum(rho - outer, inner - rho) * 0.9 + edge
        dv = np.abs(dz - 0.5 * (top + bot)) - 0.5 * (top - bot) + edge
        out = np.sqrt(np.maximum(d2, 0) ** 2 + np.maximum(dv, 0) ** 2)
        d = out + np.minimum(np.maximum(d2, dv), 0.0) - edge
        beyond = np.maximum(a[0] - theta, theta - a[-1]) * rho  # past either end of the arc
        return np.maximum(d, beyond).astype(np.float32)


@dataclass
class Lathe(Shape):
    """A solid of revolution about a vertical axis through ``centre``: radius ``radii`` at heights ``heights``.

    The dens of the axis is this: a waisted neck, a fuller body and a taper to a blunt apex, in one smooth
    profile (linear between the given heights, zero radius at both ends). ``squash`` scales the section
    (x, y), so it may be a little deeper than wide; ``grow`` offsets the whole surface outward (mm), which
    gives the space a neighbour must keep from it; ``rot`` (columns: the solid's x, y and axis directions)
    tilts it, as the dens is seen from the atlas.
    """

    centre: Vec
    heights: np.ndarray
    radii: np.ndarray
    squash: tuple[float, float] = (1.0, 1.0)
    grow: float = 0.0
    rot: np.ndarray = field(default_factory=lambda: np.eye(3))

    def bounds(self) -> tuple[Vec, Vec]:
        c = np.asarray(self.centre, float)
        r = float(np.max(self.radii)) * max(self.squash) + self.grow
        corners = np.array([[sx * r, sy * r, h] for sx in (-1, 1) for sy in (-1, 1)
                            for h in (self.heights[0] - self.grow, self.heights[-1] + self.grow)])
        pts = c + corners @ np.asarray(self.rot, float).T
        return pts.min(axis=0), pts.max(axis=0)

    def sdf(self, x, y, z):
        c = np.asarray(self.centre, dtype=np.float32)
        r = np.asarray(self.rot, dtype=np.float32)
        px, py, pz = x - c[0], y - c[1], z - c[2]
        dx = (r[0, 0] * px + r[1, 0] * py + r[2, 0] * pz) / np.float32(self.squash[0])
        dy = (r[0, 1] * px + r[1, 1] * py + r[2, 1] * pz) / np.float32(self.squash[1])
        dz = r[0, 2] * px + r[1, 2] * py + r[2, 2] * pz
        dx, dy, dz = np.broadcast_arrays(dx, dy, dz)
        rho = np.sqrt(dx * dx + dy * dy)
        h, r = np.asarray(self.heights, float), np.asarray(self.radii, float)
        inside_z = (dz >= h[0]) & (dz <= h[-1])
        radius = np.interp(dz, h, r)
        slope = np.interp(dz, 0.5 * (h[1:] + h[:-1]), np.diff(r) / np.diff(h))
        radial = (rho - radius) / np.sqrt(1.0 + slope * slope)
        beyond = np.sqrt(rho * rho + np.maximum(h[0] - dz, dz - h[-1]) ** 2)
        return (np.where(inside_z, radial, beyond) * min(self.squash) - self.grow).astype(np.float32)


def _bar_frame(a: Vec, b: Vec, hint: Vec) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """The frame of a bar from ``a`` to ``b``: its axis, ``hint`` made square to it, their cross, the length."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    length = float(np.linalg.norm(b - a))
    e = (b - a) / length
    u = np.asarray(hint, float) - e * (np.asarray(hint, float) @ e)
    u /= np.linalg.norm(u)
    return e, u, np.cross(e, u), length


@dataclass
class _WedgeBar(Shape):
    """The common part of :class:`Blade` and :class:`ProfiledBlade`: a bar whose section is a rounded wedge.

    The bar runs from ``a`` to ``b``; ``up_dir`` (made square to the axis) points to the section's upper edge.
    A subclass gives, at each point, the section's half height above the axis and below it and its half width
    (``_section``); the distance is then that of a box of these half sizes, its edges and both ends rounded by ``r``.
    """

    a: Vec
    b: Vec
    up_dir: Vec

    def _frame(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        return _bar_frame(self.a, self.b, self.up_dir)

    def _section(self, t, v):  # pragma: no cover - interface
        """``(up, down, half)`` at ``t`` (0 at ``a``, 1 at ``b``) and ``v`` mm along ``up_dir``."""
        raise NotImplementedError

    def sdf(self, x, y, z):
        e, u, w, length = self._frame()
        e, u, w = (np.asarray(q, np.float32) for q in (e, u, w))
        a = np.asarray(self.a, dtype=np.float32)
        dx, dy, dz = x - a[0], y - a[1], z - a[2]
        s = dx * e[0] + dy * e[1] + dz * e[2]
        v = dx * u[0] + dy * u[1] + dz * u[2]
        c = dx * w[0] + dy * w[1] + dz * w[2]
        t = np.clip(s / np.float32(length), 0.0, 1.0)
        hu, hd, half = self._section(t, v)
        r = np.float32(self.r)
        dc = np.abs(c) - np.maximum(half, r + 0.05) + r
        dv = np.maximum(v - hu, -v - hd) + r
        ds = np.maximum(-s, s - np.float32(length)) + r
        out = np.sqrt(np.maximum(dc, 0) ** 2 + np.maximum(dv, 0) ** 2 + np.maximum(ds, 0) ** 2)
        return out + np.minimum(np.maximum(dc, np.maximum(dv, ds)), 0.0) - r


@dataclass
class Blade(_WedgeBar):
    """A tapering bar from ``a`` to ``b`` whose section is a rounded wedge: a thoracic spine, a rib's process.

    Along the bar (``s`` from 0 at ``a`` to 1 at ``b``) the section reaches ``up`` = (at a, at b) mm above the
    axis and ``down`` below it (along ``up_dir`` made square to the axis), and is ``thick`` = (at a, at b) mm
    thick across. ``ridge`` scales the thickness at the edge toward ``up_dir`` against the opposite one: 1
    gives a rectangle, 0.4 a triangle with one sharp border and one broad surface, the section of a thoracic
    spinous process (Gray 1918: "triangular on coronal section"). Edges and both ends are rounded by ``r``.
    A smooth, tapering bar without the rod-and-ball look of a capsule.
    """

    up: tuple[float, float]
    down: tuple[float, float]
    thick: tuple[float, float]
    ridge: float = 1.0
    r: float = 1.0

    def bounds(self) -> tuple[Vec, Vec]:
        return _segment_box(self.a, self.b, max(*self.up, *self.down) + 0.5 * max(self.thick) + self.r)

    def _section(self, t, v):
        hu = self.up[0] + (self.up[1] - self.up[0]) * t
        hd = self.down[0] + (self.down[1] - self.down[0]) * t
        q = np.clip((v + hd) / np.maximum(hu + hd, 1e-3), 0.0, 1.0)
        half = 0.5 * (self.thick[0] + (self.thick[1] - self.thick[0]) * t) * (1.0 - (1.0 - self.ridge) * q)
        return hu, hd, half


@dataclass
class ProfiledBlade(_WedgeBar):
    """A :class:`Blade` whose section is given at stations along it rather than at its two ends.

    ``profile``'s rows are ``(station, up, down, width, up_fraction, axis_fraction, down_fraction)``: the
    station (0 at ``a``, 1 at ``b``), the half heights toward ``up_dir`` and away from it, the greatest width
    across, and the width at the edge toward ``up_dir``, at the axis and at the opposite edge as fractions of
    it (linear between the axis and either edge). Between stations every column is linear, so the bar can be
    deep at its root, taper along its shaft and swell again at its end, and its width need not follow its
    height: a thoracic spinous process (:mod:`spineviz.anatomy.shapes.thoracic`).
    """

    profile: tuple
    r: float = 1.0

    def reach(self) -> float:
        """How far the section's box reaches from the axis at most (generous: height, half width and ``r``)."""
        rows = np.asarray(self.profile, float)
        return float(max(rows[:, 1].max(), rows[:, 2].max()) + 0.5 * rows[:, 3].max()) + self.r

    def bounds(self) -> tuple[Vec, Vec]:
        return _segment_box(self.a, self.b, self.reach())

    def _section(self, t, v):
        rows = np.asarray(self.profile, np.float32)
        hu, hd, width, top, mid, low = (np.interp(t, rows[:, 0], rows[:, k]).astype(np.float32) for k in range(1, 7))
        # the width's fraction: ``low`` at the lower edge, ``mid`` at the axis, ``top`` at the upper one
        frac = np.where(v < 0.0, low + (mid - low) * np.clip((v + hd) / np.maximum(hd, 1e-3), 0.0, 1.0),
                        mid + (top - mid) * np.clip(v / np.maximum(hu, 1e-3), 0.0, 1.0))
        return hu, hd, 0.5 * width * frac


@dataclass
class HeightCut(Shape):
    """The space above (``above``) or below a height field ``z = height(x, y)``, inside a footprint.

    A bone is cut to an articular surface that is not a plane or a quadric this way: the lateral
    atlanto-axial joints (:mod:`spineviz.anatomy.atlantoaxial`), whose surfaces turn about the dens.
    ``height`` and ``footprint`` work in the field's own frame, into which ``to_field`` (4x4) maps the
    design's coordinates; ``footprint(x, y)`` is a signed distance to the outline (negative inside). The
    distance across the surface is the height difference scaled by ``scale`` (about the cosine of the
    steepest slope), close enough for a cut with a small fillet. ``lo``/``hi`` bound it in the design frame.
    """

    height: object  # callable (x, y) -> z, field frame
    footprint: object  # callable (x, y) -> signed distance, field frame
    lo: Vec
    hi: Vec
    above: bool = True
    to_field: np.ndarray = field(default_factory=lambda: np.eye(4))
    scale: float = 0.85

    def bounds(self) -> tuple[Vec, Vec]:
        return np.asarray(self.lo, float), np.asarray(self.hi, float)

    def sdf(self, x, y, z):
        m = np.asarray(self.to_field, dtype=np.float32)
        fx = m[0, 0] * x + m[0, 1] * y + m[0, 2] * z + m[0, 3]
        fy = m[1, 0] * x + m[1, 1] * y + m[1, 2] * z + m[1, 3]
        fz = m[2, 0] * x + m[2, 1] * y + m[2, 2] * z + m[2, 3]
        fx, fy, fz = np.broadcast_arrays(fx, fy, fz)
        h = np.asarray(self.height(fx, fy), np.float32)
        across = (h - fz) if self.above else (fz - h)
        return np.maximum(across * np.float32(self.scale), np.asarray(self.footprint(fx, fy), np.float32))


@dataclass
class Column(Shape):
    """A column lofted between two end sections, capped by two (oblique) end planes: an articular pillar.

    The sections are rounded rectangles (superellipses of exponent ``power``) square to the axis from ``a``
    to ``b``, ``half_a`` = (along ``across``, along the third axis) at ``a`` and ``half_b`` at ``b``, linear
    between. ``waist`` mm are taken off at mid-height (a sine along the axis) on the side that ``waist_dir``
    (a 3D direction, made square to the axis) points to, the opposite side staying put: a lateral mass is
    drawn in behind and laterally between its flared facet ends, not all round. The ends are the planes
    through ``cap_a`` and ``cap_b`` with outward normals ``normal_a`` and ``normal_b``, so an oblique facet
    plane can close the column; ``edge`` rounds the rims. With ``waist_ahead`` (a 3D direction) the waist is taken
    off only behind a line: full where a point lies less than ``waist_from`` mm from the axis along that direction,
    none from ``waist_from`` + ``waist_ramp`` mm on, faded smoothly between (a lateral mass drawn in where the
    vertebral artery lies against it, not in front of it). With ``power_a`` the sections' exponent runs from it at
    ``a`` to ``power`` at ``b`` (a squarer foot under a rounder head).
    """

    a: Vec
    b: Vec
    across: Vec
    half_a: tuple[float, float]
    half_b: tuple[float, float]
    cap_a: Vec
    normal_a: Vec
    cap_b: Vec
    normal_b: Vec
    waist: float = 0.0
    waist_dir: Vec = (0.0, -1.0, 0.0)
    power: float = 2.6
    edge: float = 1.0
    waist_ahead: Vec | None = None
    waist_from: float = 0.0
    waist_ramp: float = 1.0
    power_a: float | None = None

    def _frame(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        return _bar_frame(self.a, self.b, self.across)

    def _halves(self, t, r):
        """The section's half-axes at ``t`` (0 at ``a``, 1 at ``b``), linear between the ends.

        ``r`` is ``t`` not clipped to the ends: a subclass may shape the sections with it (beyond ``b`` too).
        """
        return (self.half_a[0] + (self.half_b[0] - self.half_a[0]) * t,
                self.half_a[1] + (self.half_b[1] - self.half_a[1]) * t)

    def bounds(self) -> tuple[Vec, Vec]:
        ext = max(*self.half_a, *self.half_b) * 1.5 + self.edge
        pts = np.array([self.a, self.b, self.cap_a, self.cap_b], float)
        return pts.min(axis=0) - ext, pts.max(axis=0) + ext

    def sdf(self, x, y, z):
        e, u, w, length = self._frame()
        wd = np.asarray(self.waist_dir, float)
        wd = wd - e * (wd @ e)
        wd /= max(float(np.linalg.norm(wd)), 1e-9)
        du, dw = float(wd @ u), float(wd @ w)
        a = np.asarray(self.a, dtype=np.float32)
        dx, dy, dz = x - a[0], y - a[1], z - a[2]
        s = dx * e[0] + dy * e[1] + dz * e[2]
        t = np.clip(s / length, 0.0, 1.0)
        pull = 0.5 * self.waist * np.sin(np.pi * t)  # half the waist: the far side stays, the centre moves
        if self.waist_ahead is not None:  # faded out ahead of waist_from (a smoothstep over waist_ramp)
            h = _unit(self.waist_ahead).astype(np.float32)
            q = np.clip((dx * h[0] + dy * h[1] + dz * h[2] - np.float32(self.waist_from)) / np.float32(self.waist_ramp),
                        0.0, 1.0)
            pull = pull * (1.0 - q * q * (3.0 - 2.0 * q))
        pu = dx * u[0] + dy * u[1] + dz * u[2] + pull * du
        pw = dx * w[0] + dy * w[1] + dz * w[2] + pull * dw
        ha, hb = self._halves(t, s / length)
        ha, hb = ha - pull * abs(du), hb - pull * abs(dw)
        if self.power_a is None:
            p = np.float32(self.power)
        else:  # the section's exponent runs from power_a at a to power at b
            p = (np.float32(self.power_a) + np.float32(self.power - self.power_a) * t).astype(np.float32)
        rho = (np.abs(pu / ha) ** p + np.abs(pw / hb) ** p) ** (1.0 / p)
        d2 = (rho - 1.0) * np.minimum(ha, hb) + self.edge
        ca, cb = np.asarray(self.cap_a, np.float32), np.asarray(self.cap_b, np.float32)
        na, nb = _unit(self.normal_a).astype(np.float32), _unit(self.normal_b).astype(np.float32)
        cap_a = (x - ca[0]) * na[0] + (y - ca[1]) * na[1] + (z - ca[2]) * na[2]
        cap_b = (x - cb[0]) * nb[0] + (y - cb[1]) * nb[1] + (z - cb[2]) * nb[2]
        dv = np.maximum(cap_a, cap_b) + self.edge
        out = np.sqrt(np.maximum(d2, 0) ** 2 + np.maximum(dv, 0) ** 2)
        return (out + np.minimum(np.maximum(d2, dv), 0.0) - self.edge).astype(np.float32)

