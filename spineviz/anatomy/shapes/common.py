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
from spineviz.anatomy.joints import JointGeometry
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


@dataclass
class Design:
    """Everything needed to build one vertebra: grid operations, facet cuts and landmarks."""

    level: str
    ops: list[Op] = field(default_factory=list)
    late_ops: list[Op] = field(default_factory=list)
    facets: list[LocalJoint] = field(default_factory=list)
    landmarks: dict[str, list[float]] = field(default_factory=dict)
    spacing: float = 0.6
    shift: np.ndarray = field(default_factory=lambda: np.zeros(3))

    def add(self, shape: sdf.Shape, k: float = 1.5) -> None:
        self.ops.append(("union", shape, k))

    def carve(self, shape: sdf.Shape, k: float = 0.8) -> None:
        self.ops.append(("subtract", shape, k))

    def carve_late(self, shape: sdf.Shape, k: float = 0.6) -> None:
        """Subtract after every union: holes and canals that later parts must not fill in."""
        self.late_ops.append(("subtract", shape, k))

    def mark(self, name: str, point) -> None:
        self.landmarks[name] = [float(v) for v in point]


def local_joint(joint: JointGeometry, frame: np.ndarray, which: str) -> LocalJoint:
    """Express a joint's bony facet (``which`` = "superior" for the lower bone) in a vertebra's frame."""
    inv = np.linalg.inv(frame)
    centre, normal = joint.bone_facet("lower" if which == "superior" else "upper")
    return LocalJoint(
        name=joint.name,
        side=joint.id.side,
        which=which,
        centre=inv[:3, :3] @ centre + inv[:3, 3],
        normal=inv[:3, :3] @ normal,
        u=inv[:3, :3] @ joint.u,
        half_width=joint.half_width,
        half_height=joint.half_height,
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


def heart(a: float, b: float) -> Callable[[np.ndarray], np.ndarray]:
    """Thoracic body outline: widest behind, narrowing to a blunt point in front."""

    def radius(theta):
        s = np.sin(theta)
        a_eff = a * (1.0 - 0.32 * np.maximum(s, 0.0) ** 1.5)
        r = (np.cos(theta) / a_eff) ** 2 + (s / b) ** 2
        back = np.exp(-(((theta + np.pi / 2) / 0.5) ** 2))
        return (1.0 / np.sqrt(r)) * (1.0 - 0.06 * back)

    return radius


def body(design: Design, d: LevelDimensions, outline, edge: float = 1.5, waist: float = 0.06) -> None:
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


def cut_facets(design: Design) -> list[Op]:
    """The facet cuts, made after every union and carve so the facet planes stay exact."""
    return [
        ("subtract", sdf.Facet(j.centre, j.normal, j.u, j.half_width, j.half_height), 0.0)
        for j in design.facets
    ]


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
