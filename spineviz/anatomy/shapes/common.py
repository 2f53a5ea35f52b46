"""Parts shared by the vertebra designs: bodies, pedicles, laminae, processes and facets.

A design is a list of operations on a signed-distance grid, written in the vertebra's local frame
(x right, y anterior, z superior, origin at the body centre). Each part function adds its operations and
records the landmarks it defines, so landmarks come from the design, exactly, not from the mesh.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from spineviz.anatomy import sdf
from spineviz.anatomy.joints import BONE_GAP_MM, JointGeometry
from spineviz.anatomy.pedicle import pedicle_axis, pedicle_start
from spineviz.anatomy.tables import LevelDimensions

Op = tuple[str, sdf.Shape, float]


@dataclass
class LocalJoint:
    """A joint's bony facet on this vertebra, in this vertebra's frame."""

    name: str
    side: str
    which: str  # "superior" (meets the level above) or "inferior"
    centre: np.ndarray
    normal: np.ndarray  # outward from this bone's facet
    u: np.ndarray
    half_width: float
    half_height: float
    # A curved joint's surface on this bone (points, this frame), when its partner is a real (template)
    # bone: the facet is then cut to the quadric through these points instead of the flat ellipse.
    surface: np.ndarray | None = None
    # The partner bone itself (a template level, this frame), whose clearance is carved after the facet cut.
    partner: object | None = None
    # A curved joint's surface on the partner bone (points, this frame; the same polar grid as ``surface``).
    facing: np.ndarray | None = None

    def bend(self) -> tuple[float, ...] | None:
        """The facet's quadric (see :func:`spineviz.anatomy.sdf.fit_bend`), or None for a flat facet."""
        if self.surface is None:
            return None
        return sdf.fit_bend(self.surface, self.centre, self.normal, self.u)

    def lift(self) -> float:
        """How far the curved face stands beyond the facet plane at most (0 for a flat facet)."""
        if self.surface is None:
            return 0.0
        return max(0.0, float(np.max((self.surface - self.centre) @ self.normal)))


@dataclass
class Design:
    """Everything needed to build one vertebra: grid operations, facet cuts and landmarks."""

    level: str
    ops: list[Op] = field(default_factory=list)
    late_ops: list[Op] = field(default_factory=list)
    final_ops: list[Op] = field(default_factory=list)
    facets: list[LocalJoint] = field(default_factory=list)
    landmarks: dict[str, list[float]] = field(default_factory=dict)
    spacing: float = 0.6
    shift: np.ndarray = field(default_factory=lambda: np.zeros(3))
    # How deep the ring cut round each flat facet steps the bone back (see :class:`sdf.Facet`). A cervical
    # pillar's facets are its whole top and bottom faces, flush with its sides, so it sets 0: the ring left a
    # ledge under each facet and the facet read as a coin set on a stalk.
    facet_moat: float = 1.0
    # With no ring, the slope (tangent) at which bone outside each facet's oval falls away from its edge.
    facet_bevel: float = 0.0
    # How far below the facet plane that chamfer reaches at most (mm): a cervical pillar sets it deeper, so a
    # visible bevelled rim of bone frames each facet instead of a faint one.
    facet_bevel_depth: float = 1.0
    # Opt-in, per kind of facet ("superior" or "inferior"): (moat, bevel, bevel_depth) replacing the three
    # above for those facets only (a thoracic superior process's facet lies flush on its plate, its rim
    # bevelled, while its inferior facets keep the ring). Empty: every facet takes the three above.
    facet_finish: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    # Whether the cuts against a template partner (the clearance, the shell facing it) tell the partner's inside
    # by its even-odd interior (sdf.partner_distance), where the partner's surface folds over itself (T10's).
    partner_parity: bool = False
    # Opt-in: the sampling grid's corner on whole multiples of the spacing from the level's origin, so a change to
    # one part that moves the design's bounds (C2's spine sets its rearmost extent) does not shift every sample of
    # the rest of the bone by a fraction of a voxel (session 30: it moved a vertex 2 mm on the lateral mass's back).
    grid_on_origin: bool = False

    def add(self, shape: sdf.Shape, k: float = 1.5) -> None:
        self.ops.append(("union", shape, k))

    def carve(self, shape: sdf.Shape, k: float = 0.8) -> None:
        self.ops.append(("subtract", shape, k))

    def carve_late(self, shape: sdf.Shape, k: float = 0.6) -> None:
        """Subtract after every union: holes and canals that later parts must not fill in."""
        self.late_ops.append(("subtract", shape, k))

    def add_late(self, shape: sdf.Shape, k: float = 1.2) -> None:
        """Union after every carve and after the facet cuts: a pedicle.

        Nothing can then take bone out of a pedicle: neither the canal's outline (a pedicle's medial
        wall *is* the canal's side wall; the table's canal width is measured between the pedicles) nor
        a facet's cut (which used to reach into the pedicles: T1 pinched to 3-5 mm, L5 holed).
        """
        self.final_ops.append(("union", shape, k))

    def mark(self, name: str, point) -> None:
        self.landmarks[name] = [float(v) for v in point]


def local_joint(joint: JointGeometry, frame: np.ndarray, which: str) -> LocalJoint:
    """Express a joint's bony facet (``which`` = "superior" for the lower bone) in a vertebra's frame."""
    inv = np.linalg.inv(frame)
    centre, normal = joint.bone_facet("lower" if which == "superior" else "upper")
    surface = facing = None
    if joint.curved:
        pts = joint.lower_surface if which == "superior" else joint.upper_surface
        surface = pts @ inv[:3, :3].T + inv[:3, 3]
        other = joint.upper_surface if which == "superior" else joint.lower_surface
        facing = other @ inv[:3, :3].T + inv[:3, 3]
    return LocalJoint(
        name=joint.name,
        side=joint.id.side,
        which=which,
        centre=inv[:3, :3] @ centre + inv[:3, 3],
        normal=inv[:3, :3] @ normal,
        u=inv[:3, :3] @ joint.u,
        half_width=joint.half_width,
        half_height=joint.half_height,
        surface=surface,
        facing=facing,
    )


def superellipse(a: float, b: float, n: float) -> Callable[[np.ndarray], np.ndarray]:
    def radius(theta):
        c, s = np.abs(np.cos(theta)), np.abs(np.sin(theta))
        return (np.power(c / a, n) + np.power(s / b, n)) ** (-1.0 / n)

    return radius


def kidney(a: float, b: float, notch: float = 0.12) -> Callable[[np.ndarray], np.ndarray]:
    """Lumbar body outline: a broad oval whose posterior wall is drawn in at the midline."""
    base = superellipse(a, b, 2.3)

    def radius(theta):
        back = np.exp(-(((theta + np.pi / 2) / 0.55) ** 2))
        return base(theta) * (1.0 - notch * back)

    return radius


def heart(a: float, b: float, point: float = 0.55, square: float | None = None) -> Callable[[np.ndarray], np.ndarray]:
    """Thoracic body outline: narrowing to a blunt point in front (``point``: how much).

    ``square`` (a superellipse exponent, e.g. 3.5) makes the back half broad and square-cornered, so the
    body is widest in its posterior third and its sides converge forward: the heart seen from above in the
    mid-thoracic spine (Gray 1918). None keeps an elliptical back (the earlier outline, still used at
    T10-T12).
    """
    back_half = superellipse(a, b, square) if square else None

    def radius(theta):
        s = np.sin(theta)
        a_eff = a * (1.0 - point * np.maximum(s, 0.0) ** 1.5)
        r = 1.0 / np.sqrt((np.cos(theta) / a_eff) ** 2 + (s / b) ** 2)
        if back_half is not None:
            r = np.where(s < 0.0, back_half(theta), r)
        back = np.exp(-(((theta + np.pi / 2) / 0.5) ** 2))
        return r * (1.0 - 0.06 * back)

    return radius


def rounded_heart(a: float, b: float, taper: float, square: float) -> Callable[[np.ndarray], np.ndarray]:
    """Mid-thoracic body outline from above: convex sides converging to a rounded front (a heart, Gray 1918).

    The back half is :func:`heart`'s square one (a superellipse of exponent ``square``, so the body is widest
    in its back third). In front of the widest point the half width at ``y = t b`` is
    ``a sqrt(1 - t^2) (1 - taper t^2)``: an ellipse narrowed more and more toward the front, so each side
    curves outward all the way to the front and meets the other in a rounded front, with no straight run
    and no point (:func:`heart`'s polar narrowing bends in just behind its point). Converted to a radius by
    bisection along each ray (the outline is star-shaped about the centre).
    """
    back_half = superellipse(a, b, square)

    def front(theta):
        c, s = np.abs(np.cos(theta)), np.maximum(np.sin(theta), 0.0)
        lo, hi = np.zeros_like(theta, dtype=float), np.full(np.shape(theta), 1.01 * max(a, b))
        for _ in range(40):  # the radius where the ray leaves the outline: inside below it, outside above
            r = 0.5 * (lo + hi)
            t = np.minimum(r * s / b, 1.0)
            inside = (r * s <= b) & (r * c <= a * np.sqrt(1.0 - t * t) * (1.0 - taper * t * t))
            lo, hi = np.where(inside, r, lo), np.where(inside, hi, r)
        return lo

    def radius(theta):
        theta = np.asarray(theta, dtype=float)
        r = np.where(np.sin(theta) < 0.0, back_half(theta), front(theta))
        back = np.exp(-(((theta + np.pi / 2) / 0.5) ** 2))
        return r * (1.0 - 0.06 * back)

    return radius


def body(design: Design, d: LevelDimensions, outline, edge: float = 1.5, waist: float = 0.06,
         waist_power: float = 1.0) -> None:
    """The vertebral body with wedged faces, a waist and shallow endplate hollows inside a rim."""
    w, depth = d.epw, d.epd
    design.add(
        sdf.Profile(
            centre=(0.0, 0.0, 0.0),
            radius=outline,
            top=(d.vbhp / 2, d.vbha / 2),
            bottom=(-d.vbhp / 2, -d.vbha / 2),
            depth=depth,
            r_max=max(w, depth) * 0.62,
            edge=edge,
            waist=waist,
            waist_power=waist_power,
        ),
        k=0.0,
    )
    hc = d.body_height
    rim = 0.9 if d.level.region == "cervical" else 1.3
    for sign in (1, -1):
        design.carve(
            sdf.Ellipsoid((0.0, 0.0, sign * (hc / 2 + 0.1)), (0.36 * w, 0.34 * depth, rim)),
            k=0.6,
        )
    design.mark("upper_endplate", (0.0, 0.0, hc / 2))
    design.mark("lower_endplate", (0.0, 0.0, -hc / 2))


def box_between(a, b, width: float, height: float, up=(0.0, 0.0, 1.0), r: float = 1.0) -> sdf.RoundBox:
    """A rounded plate from ``a`` to ``b``: ``width`` across, ``height`` along ``up`` (made orthogonal)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    axis = b - a
    length = float(np.linalg.norm(axis))
    x = axis / length
    upv = np.asarray(up, float)
    z = upv - x * (upv @ x)
    z /= np.linalg.norm(z)
    y = np.cross(z, x)
    rot = np.column_stack([x, y, z])
    half = (length / 2 + r, width / 2, height / 2)
    return sdf.RoundBox((a + b) / 2, half, rot, min(r, width / 2 - 0.05, height / 2 - 0.05))


def articular_process(design: Design, j: LocalJoint, root, thickness: float = 5.0, k: float = 2.0) -> None:
    """An articular process carrying one flat facet, tied back to ``root`` on the arch.

    The process is an ellipsoid set just behind the facet plane and sized so that the plane's cut through
    it is the facet's own ellipse; the cut itself is made last (see :func:`cut_facets`).
    """
    t = 0.6 * thickness
    scale = 1.0 / math.sqrt(1.0 - (t / thickness) ** 2)
    rot = np.column_stack([j.u, np.cross(j.normal, j.u), j.normal])
    centre = j.centre - t * j.normal
    design.add(sdf.Ellipsoid(centre, (j.half_width * scale, j.half_height * scale, thickness), rot), k=k)
    back = centre - 0.9 * thickness * j.normal
    rad = 0.32 * min(j.half_width, j.half_height) * 2
    design.add(sdf.Capsule(back, root, rad, rad * 0.9), k=k + 0.5)
    design.facets.append(j)
    design.mark(f"{j.which}_facet_{j.side}", j.centre)


def facet_cut(design: Design, j) -> sdf.Facet:
    """What :func:`cut_facets` takes away at facet ``j``: its plane (or quadric), chamfer and moat.

    As the design finishes that facet (``facet_finish``, else the design's own). Shapes that must meet the facet's
    edge exactly (a cervical pillar's rounded heel) build on the same solid.
    """
    moat, bevel, bevel_depth = design.facet_finish.get(j.which, (design.facet_moat, design.facet_bevel,
                                                                  design.facet_bevel_depth))
    return sdf.Facet(j.centre, j.normal, j.u, j.half_width, j.half_height, margin=1.6, moat=moat, bevel=bevel,
                     bevel_depth=bevel_depth, bend=j.bend())


def cut_facets(design: Design) -> list[Op]:
    """The facet cuts, made after every union and carve so the facet planes stay exact.

    They clear everything beyond each facet plane near the facet (where the partner bone lies), so the
    neighbours never touch; the pedicles are added back after them (see :meth:`Design.add_late`), so the
    cuts can be generous without ever shaving a pedicle.
    """
    cuts: list[Op] = [("subtract", facet_cut(design, j), 0.0) for j in design.facets]
    # a curved facet's rim: nothing within the bone gap of the real partner bone around the joint
    cuts += [("subtract", sdf.Clearance(j.partner, BONE_GAP_MM - 0.1, j.centre,
                                        2.2 * max(j.half_width, j.half_height), parity=design.partner_parity), 0.0)
             for j in design.facets if j.partner is not None]
    return cuts + design.final_ops


def canal(design: Design, d: LevelDimensions, shape: str = "oval", z_half: float = 40.0) -> None:
    """Keep the vertebral canal open: an upright cylinder of the canal's width and depth, cut late."""
    cy = -d.epd / 2 - d.cd / 2
    a, b = d.cw / 2, d.cd / 2
    if shape == "triangle":
        outline = _triangle(a, b)
    else:
        outline = superellipse(a, b, 2.2)
    design.carve_late(
        sdf.Profile(
            centre=(0.0, cy, 0.0), radius=outline, top=(z_half, z_half), bottom=(-z_half, -z_half),
            depth=2 * b, r_max=max(a, b) * 1.3, edge=1.0,
        ),
        k=0.8,
    )
    design.mark("canal_centre", (0.0, cy, 0.0))


def _triangle(a: float, b: float):
    """A rounded triangle pointing back (lumbar and cervical canals): wide in front, narrow behind."""
    base = superellipse(a, b, 2.4)

    def radius(theta):
        s = np.sin(theta)
        return base(theta) * (1.0 - 0.22 * np.maximum(-s, 0.0) ** 2 * np.abs(np.cos(theta)) * 2.2)

    return radius


def spinous_tip_direction(d: LevelDimensions) -> np.ndarray:
    """Unit vector of the spinous process: straight back, tipped down by the table's inclination."""
    a = math.radians(d.spi or 0.0)
    return np.array([0.0, -math.cos(a), -math.sin(a)])


def mirror(p, side: str) -> np.ndarray:
    """A right-side point mirrored to ``side``."""
    q = np.array(p, dtype=float)
    if side == "left":
        q[0] = -q[0]
    return q


def _hull(pts: np.ndarray) -> np.ndarray:
    """Convex hull of 2D points, counter-clockwise (monotone chain)."""
    pts = sorted({(round(float(p[0]), 6), round(float(p[1]), 6)) for p in pts})
    if len(pts) < 3:
        return np.array(pts)

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return np.array(lower[:-1] + upper[:-1])


def slab(points, thick, r: float = 1.2, normal=None, centre=None) -> sdf.Slab:
    """A rounded plate through 3D ``points`` (their convex hull in the best-fit plane).

    ``thick`` is a thickness or (thickness at the first point's end, at the far end): the plate tapers
    along the direction from the first point to the second.
    """
    p = np.asarray(points, float)
    c = p.mean(axis=0) if centre is None else np.asarray(centre, float)
    if normal is None:
        normal = np.linalg.svd(p - p.mean(axis=0))[2][2]
    n = np.asarray(normal, float) / np.linalg.norm(normal)
    a = p[1] - p[0]
    a = a - n * (a @ n)
    a /= np.linalg.norm(a)
    b = np.cross(n, a)
    poly = _hull(np.column_stack([(p - c) @ a, (p - c) @ b]))
    t0, t1 = (thick, thick) if np.isscalar(thick) else thick
    if (p[0] - c) @ a > (p[1] - c) @ a:
        t0, t1 = t1, t0
    return sdf.Slab(c, poly, np.column_stack([a, b, n]), (float(t0), float(t1)), min(r, 0.45 * min(t0, t1)))


def _ellipse_pts(centre, u, v, hu: float, hv: float, n: int = 16) -> np.ndarray:
    t = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    return centre + np.outer(hu * np.cos(t), u) + np.outer(hv * np.sin(t), v)


def facet_plate(design: Design, j: LocalJoint, roots, thickness: float = 5.0, k: float = 1.5,
                reach: float = 1.5, recess: float = 1.3, reach_v: tuple[float, float] | None = None) -> None:
    """An articular process built as a plate lying behind its facet, reaching out to ``roots``.

    The plate's face sits ``recess`` mm behind the facet plane; a shallow pad carries the facet itself up
    to (and past) the plane, where the late facet cut leaves exactly the joint's ellipse. ``roots`` are
    points (on the arch) the plate stretches toward, projected into the plate's plane; ``reach`` is how far
    the plate's outline stands beyond the facet's ellipse at its sides; ``reach_v`` = (below, above), if
    given, replaces it below and above the facet (a process whose free end must keep clear of a neighbour).
    """
    n = np.asarray(j.normal, float)
    up = np.array([0.0, 0.0, 1.0]) - n * n[2]
    if np.linalg.norm(up) < 0.3:  # a nearly horizontal facet: take the width axis as given
        u = np.asarray(j.u, float)
        v = np.cross(n, u)
        hu, hv = j.half_width, j.half_height
    else:
        v = up / np.linalg.norm(up)
        u = np.cross(v, n)
        hu, hv = (j.half_width, j.half_height) if abs(u @ j.u) > 0.7 else (j.half_height, j.half_width)
    mid = j.centre - (recess + thickness / 2) * n
    reach = max(reach, 0.8)
    ring = _ellipse_pts(mid, u, v, hu + reach, hv + reach)
    if reach_v is not None:
        pv = (ring - mid) @ v
        scale = np.where(pv > 0.0, hv + reach_v[1], hv + reach_v[0]) / (hv + reach)
        ring = mid + ((ring - mid) @ u)[:, None] * u + (pv * scale)[:, None] * v
    extra = []
    for root in np.atleast_2d(np.asarray(roots, float)):
        q = root - ((root - mid) @ n) * n
        extra.append(q)
    design.add(slab(np.vstack([ring[[0, 4]], ring, extra]), thickness, r=1.6, normal=n, centre=mid), k=k)
    _pad(design, j, u, v, hu, hv, recess)


def _pad(design: Design, j: LocalJoint, u, v, hu: float, hv: float, recess: float) -> None:
    """The shallow pad that carries the facet up to (and past) its face, where the late cut shapes it.

    A curved facet can stand beyond its plane (``j.lift()``); the pad is then that much thicker.
    """
    n = np.asarray(j.normal, float)
    lift = j.lift()
    pad = _ellipse_pts(j.centre - 0.5 * n, u, v, 1.04 * hu + 0.25, 1.04 * hv + 0.25)
    design.add(slab(pad, recess + 1.7 + lift, r=0.6, normal=n,
                    centre=j.centre - (recess / 2 - 0.3 - lift / 2) * n), k=0.8)
    design.facets.append(j)
    design.mark(f"{j.which}_facet_{j.side}", j.centre)


def facet_axes(j: LocalJoint) -> tuple[np.ndarray, np.ndarray, float, float]:
    """The facet's horizontal in-plane axis ``u`` and up-slope axis ``v``, with the half sizes along them."""
    n = np.asarray(j.normal, float)
    up = np.array([0.0, 0.0, 1.0]) - n * n[2]
    if np.linalg.norm(up) < 0.3:
        u = np.asarray(j.u, float)
        return u, np.cross(n, u), j.half_width, j.half_height
    v = up / np.linalg.norm(up)
    u = np.cross(v, n)
    swap = abs(u @ j.u) < 0.7
    return u, v, (j.half_height if swap else j.half_width), (j.half_width if swap else j.half_height)


def facet_pad(design: Design, j: LocalJoint, recess: float = 1.3) -> None:
    """Only the facet's pad (see :func:`facet_plate`): for processes whose own shape reaches the facet."""
    u, v, hu, hv = facet_axes(j)
    _pad(design, j, u, v, hu, hv, recess)


def flat_articular_cut(design: Design, point, normal, half_u: float, half_v: float, depth: float = 0.9,
                       name: str | None = None) -> None:
    """Plane off bone under ``point`` to a shallow, flat oval face (a costal facet or demifacet).

    ``point`` lies on the bone surface and ``normal`` points out of it; the face is sunk ``depth`` mm so
    that it reads as an articular surface with a low rim, not as a pit or a tunnel.
    """
    n = np.asarray(normal, float) / np.linalg.norm(normal)
    rot = sdf.frame_from(n, (0.0, 0.0, 1.0))
    thick = 5.0
    centre = np.asarray(point, float) + (thick - depth) * n
    design.carve(sdf.RoundBox(centre, (half_u, half_v, thick), rot, r=min(3.0, 0.7 * min(half_u, half_v))), k=0.8)
    if name:
        design.mark(name, point)


def dished_articular_cut(design: Design, point, normal, half_u: float, half_v: float, depth: float = 1.0,
                         name: str | None = None, k: float = 0.8) -> None:
    """Hollow bone under ``point`` into a shallow oval dish (a costal demifacet on a thoracic body).

    The cut is an ellipsoid whose section at the bone surface is the facet's oval (``half_u`` by ``half_v``
    mm) and which reaches ``depth`` mm below it at the centre: a smooth concave face, deepest in the middle
    and rising evenly to a soft rim, where a flat-bottomed cut reads as a bite. ``k``: the carve's blend (mm).
    """
    design.carve(dish_ellipsoid(point, normal, half_u, half_v, depth), k=k)
    if name:
        design.mark(name, point)


def dish_ellipsoid(point, normal, half_u: float, half_v: float, depth: float) -> sdf.Ellipsoid:
    """The ellipsoid :func:`dished_articular_cut` carves, ``depth`` mm deep at the centre.

    Its section at ``point`` (square to ``normal``) is the facet's oval, ``half_u`` by ``half_v`` mm.
    """
    n = np.asarray(normal, float) / np.linalg.norm(normal)
    rot = sdf.frame_from(n, (0.0, 0.0, 1.0))
    c = 4.0 * depth  # the ellipsoid's semi-axis along the normal
    grow = 1.0 / math.sqrt(1.0 - ((c - depth) / c) ** 2)
    centre = np.asarray(point, float) + (c - depth) * n
    return sdf.Ellipsoid(centre, (half_u * grow, half_v * grow, c), rot)


def strut(a, b, width: float, height: float, r: float = 0.8) -> sdf.Slab:
    """A bar of oval cross-section (``width`` across, ``height`` tall) from ``a`` to ``b``: a pedicle.

    A pedicle is an oval tube of cortical bone, taller than wide; a rounded box reads as machined.
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    axis = b - a
    length = float(np.linalg.norm(axis))
    n = axis / length
    rot = sdf.frame_from(n, (0.0, 0.0, 1.0))  # first column horizontal, second vertical-ish
    t = np.linspace(0.0, 2 * np.pi, 20, endpoint=False)
    poly = np.column_stack([0.5 * width * np.cos(t), 0.5 * height * np.sin(t)])
    return sdf.Slab((a + b) / 2, poly, rot, (length, length), min(r, 0.3 * width))


def canal_true_strut(d: LevelDimensions, side: str, z: float, into_body: float,
                     past_end: float) -> tuple[np.ndarray, np.ndarray]:
    """Ends of an oblique pedicle (cervical, C2) along the measured axis.

    Moved out just enough that its medial wall meets the canal's side at the table's canal width (``cw/2`` from
    the midline).
    """
    canal_y = -d.epd / 2 - d.cd / 2
    mid, axis = pedicle_axis(d, {"canal_centre": (0.0, canal_y, 0.0)}, side)
    p0 = pedicle_start(d, side)
    across_x = abs(axis[1])  # |x component| of the horizontal normal to the axis
    shift = mirror((0.5 * d.pw * (1.0 / max(across_x, 0.3) - 1.0), 0.0, z), side)
    return p0 - into_body * axis + shift, 2 * mid - p0 + past_end * axis + shift
