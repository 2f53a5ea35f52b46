"""The body-map figure: the outline, zone shapes and words read from ``content/data/bodymap.toml``.

The drawing is data; this module checks the file (naming the file and entry in every error), builds
the four views' shapes from it (mirroring the back's and the front's right half, turning the front round
so that the patient's right is on the viewer's left, and mirroring the right side view) and turns each
shape into SVG path data or a polygon. No shading and no SVG document here.
"""

from __future__ import annotations

import functools
import math
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from spineviz.content.atlas import Audience
from spineviz.content.bodymap_style import _num

BodySide = Literal["left", "right"]
View = Literal["front", "left", "back", "right"]

DRAWING_DATA = "data/bodymap.toml"
AUDIENCES: tuple[Audience, ...] = ("patient", "clinician")


class BodyMapDataError(ValueError):
    """The body-map drawing file is malformed; the message names the file and the entry."""


Point = tuple[float, float, bool]  # x, y, sharp corner


@dataclass(frozen=True)
class _Shape:
    points: tuple[Point, ...]
    closed: bool = True

    def mirrored(self) -> _Shape:
        return _Shape(tuple((-x, y, c) for x, y, c in self.points), self.closed)

    def moved(self, dx: float, dy: float) -> _Shape:
        return _Shape(tuple((x + dx, y + dy, c) for x, y, c in self.points), self.closed)

    @property
    def size(self) -> tuple[float, float]:
        xs, ys = [p[0] for p in self.points], [p[1] for p in self.points]
        return max(xs) - min(xs), max(ys) - min(ys)

    @property
    def anchor(self) -> tuple[float, float]:
        n = len(self.points)
        return sum(p[0] for p in self.points) / n, sum(p[1] for p in self.points) / n

    def _beziers(self) -> list[tuple[tuple[float, float], ...]]:
        """The curve as cubic Bézier segments (p0, c1, c2, p1): Catmull-Rom, sharp at corner points."""
        pts = self.points
        n = len(pts)

        def tangent(i: int) -> tuple[float, float]:
            if pts[i][2] or (not self.closed and i in (0, n - 1)):
                return 0.0, 0.0
            a, b = pts[(i - 1) % n], pts[(i + 1) % n]
            return (b[0] - a[0]) / 6.0, (b[1] - a[1]) / 6.0

        out = []
        for i in range(n if self.closed else n - 1):
            j = (i + 1) % n
            (tx0, ty0), (tx1, ty1) = tangent(i), tangent(j)
            p, q = pts[i], pts[j]
            out.append(((p[0], p[1]), (p[0] + tx0, p[1] + ty0), (q[0] - tx1, q[1] - ty1), (q[0], q[1])))
        return out

    def path(self) -> str:
        """SVG path data: a Catmull-Rom curve through the points, sharp at corner points."""
        pts = self.points
        parts = [f"M{_num(pts[0][0])},{_num(pts[0][1])}"]
        for _, c1, c2, q in self._beziers():
            parts.append(f"C{_num(c1[0])},{_num(c1[1])} {_num(c2[0])},{_num(c2[1])} {_num(q[0])},{_num(q[1])}")
        if self.closed:
            parts.append("Z")
        return "".join(parts)

    def polygon(self, steps: int = 8) -> tuple[tuple[float, float], ...]:
        """The drawn curve as a polygon (``steps`` points per segment), for finding what a click hits."""
        out = []
        for p0, c1, c2, p1 in self._beziers():
            for k in range(steps):
                s = k / steps
                a, b, c, d = (1 - s) ** 3, 3 * s * (1 - s) ** 2, 3 * s * s * (1 - s), s**3
                x = a * p0[0] + b * c1[0] + c * c2[0] + d * p1[0]
                out.append((x, a * p0[1] + b * c1[1] + c * c2[1] + d * p1[1]))
        return tuple(out)


@dataclass(frozen=True)
class _ViewShapes:
    """One view's outline, extra outline parts, detail lines and zone shapes (per body side)."""

    outline: _Shape
    extra: tuple[_Shape, ...]  # drawn over the zones (the arm in a side view)
    details: tuple[_Shape, ...]
    zones: Mapping[tuple[str, BodySide], tuple[_Shape, ...]]

    def _mapped(self, fn: Callable[[_Shape], _Shape], side: BodySide | None = None) -> _ViewShapes:
        """Every shape through ``fn``; zones relabelled to ``side`` when given."""
        return _ViewShapes(
            fn(self.outline),
            tuple(fn(s) for s in self.extra),
            tuple(fn(s) for s in self.details),
            {(name, side or own): tuple(fn(s) for s in v) for (name, own), v in self.zones.items()},
        )

    def moved(self, dx: float, dy: float) -> _ViewShapes:
        return self._mapped(lambda s: s.moved(dx, dy))

    def mirrored_as_left(self) -> _ViewShapes:
        """The mirror image of a right side view: the left side seen from the left."""
        return self._mapped(_Shape.mirrored, "left")

    def turned_to_face(self) -> _ViewShapes:
        """The view mirrored left to right with its zones keeping their sides: a front view.

        The front is authored like the back (x > 0 toward the patient's right); seen from the front, the
        patient's right is on the viewer's left, so every shape is mirrored and keeps its label.
        """
        return self._mapped(_Shape.mirrored)

    def x_range(self) -> tuple[float, float]:
        xs = [p[0] for s in (self.outline, *self.extra) for p in s.points]
        return min(xs), max(xs)


@dataclass(frozen=True)
class _Drawing:
    text: Mapping[str, Mapping[str, str]]
    zone_order: tuple[str, ...]
    back: _ViewShapes  # both halves, x = 0 on the midline
    front: _ViewShapes  # both halves, x = 0 on the midline, the patient's right at x < 0 (as seen)
    side_right: _ViewShapes  # the right side seen from the right, anterior to +x


def _points(where: str, raw: object) -> tuple[Point, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise BodyMapDataError(f"{where}: needs a list of at least two [x, y] points")
    out = []
    for p in raw:
        if (
            not isinstance(p, list)
            or len(p) not in (2, 3)
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in p)
        ):
            raise BodyMapDataError(f"{where}: {p!r} is not a point [x, y] or [x, y, 1]")
        out.append((float(p[0]), float(p[1]), len(p) == 3 and bool(p[2])))
    return tuple(out)


def _shape(where: str, raw: object) -> _Shape:
    if not isinstance(raw, Mapping):
        raise BodyMapDataError(f"{where}: a shape is a table with 'points' or 'ellipse'")
    if "ellipse" in raw:
        e = raw["ellipse"]
        if not isinstance(e, list) or len(e) != 4:
            raise BodyMapDataError(f"{where}: ellipse must be [cx, cy, rx, ry]")
        cx, cy, rx, ry = (float(v) for v in e)
        pts = tuple(
            (cx + rx * math.cos(2 * math.pi * k / 12), cy + ry * math.sin(2 * math.pi * k / 12), False)
            for k in range(12)
        )
        return _Shape(pts)
    return _Shape(_points(where, raw.get("points")), bool(raw.get("closed", True)))


def _zone_shapes(origin: str, view: str, raw: object) -> dict[str, tuple[_Shape, ...]]:
    if not isinstance(raw, Mapping):
        raise BodyMapDataError(f"{origin}: [{view}.zones] must be a table of zone = [shapes]")
    out = {}
    for name, shapes in raw.items():
        if not isinstance(shapes, list) or not shapes:
            raise BodyMapDataError(f"{origin}: [{view}.zones] {name}: a list of shapes")
        out[name] = tuple(_shape(f"{origin}: [{view}.zones] {name}", s) for s in shapes)
    return out


def _both_sides(right: Mapping[str, tuple[_Shape, ...]]) -> dict[tuple[str, BodySide], tuple[_Shape, ...]]:
    zones: dict[tuple[str, BodySide], tuple[_Shape, ...]] = {}
    for name, shapes in right.items():
        zones[(name, "right")] = shapes
        zones[(name, "left")] = tuple(s.mirrored() for s in shapes)
    return zones


def _paravertebral(origin: str, raw: object) -> dict[str, tuple[_Shape, ...]]:
    if not isinstance(raw, Mapping) or not {"top", "bottom", "inner", "outer"} <= set(raw):
        raise BodyMapDataError(f"{origin}: [back.paravertebral] needs top, bottom, inner and outer")
    top, bottom, inner, outer = (float(raw[k]) for k in ("top", "bottom", "inner", "outer"))
    step = (bottom - top) / 12
    bands = {}
    for k in range(12):
        y0, y1 = top + k * step, top + (k + 1) * step - 0.8
        pts = ((inner, y0, True), (outer, y0, True), (outer, y1, True), (inner, y1, True))
        bands[f"paravertebral_T{k + 1}"] = (_Shape(pts),)
    return bands


def parse_drawing(text: str, origin: str = "bodymap.toml") -> _Drawing:
    """Check and build the drawing from TOML ``text`` (``origin`` names it in errors)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BodyMapDataError(f"{origin}: not valid TOML: {exc}") from None
    try:
        words = {a: dict(data["text"][a]) for a in AUDIENCES}
        back, side = data["back"], data["side"]
        back_outline_half = _points(f"{origin}: [back] outline", back["outline"])
        side_outline = _Shape(_points(f"{origin}: [side] outline", side["outline"]))
        arm = _Shape(_points(f"{origin}: [side] arm", side["arm"]))
    except KeyError as exc:
        raise BodyMapDataError(f"{origin}: missing {exc.args[0]!r}") from None
    mirrored = tuple((-x, y, c) for x, y, c in reversed(back_outline_half[1:-1]))
    back_outline = _Shape(back_outline_half + mirrored)
    back_right = _zone_shapes(origin, "back", back.get("zones"))
    back_right.update(_paravertebral(origin, back.get("paravertebral")))
    details = [_shape(f"{origin}: [back] details", d) for d in back.get("details", [])]
    details += [d.mirrored() for d in details]
    for key in ("midline", "cleft"):
        if key in back:
            details.append(_Shape(_points(f"{origin}: [back] {key}", back[key]), closed=False))
    front = _front(origin, data.get("front"), back_outline)
    side_zones = _zone_shapes(origin, "side", side.get("zones"))
    side_details = tuple(_shape(f"{origin}: [side] details", d) for d in side.get("details", []))
    # Drawing order: the file's order, with the paravertebral bands over the interscapular zone.
    bands = [n for n in back_right if n.startswith("paravertebral_")]
    order: list[str] = []
    for name in back.get("zones", {}):
        order.append(name)
        if name == "interscapular":
            order += bands
    order += [n for n in (*back_right, *side_zones) if n not in order]
    order += [n for n in dict.fromkeys(n for n, _ in front.zones) if n not in order]
    return _Drawing(
        text=words,
        zone_order=tuple(order),
        back=_ViewShapes(back_outline, (), tuple(details), _both_sides(back_right)),
        front=front,
        side_right=_ViewShapes(
            side_outline,
            (arm,),
            side_details,
            {(n, "right"): s for n, s in side_zones.items()},
        ),
    )


def _front(origin: str, raw: object, back_outline: _Shape) -> _ViewShapes:
    """The front view: the back's silhouette (the same from in front) unless the file gives its own.

    Zones and detail lines are authored for the right half like the back's and mirrored for the left;
    then the whole view is turned to face the viewer (:meth:`_ViewShapes.turned_to_face`).
    """
    if not isinstance(raw, Mapping):
        raise BodyMapDataError(f"{origin}: missing the [front] table (the front view's zones and details)")
    outline = back_outline
    if "outline" in raw:
        half = _points(f"{origin}: [front] outline", raw["outline"])
        outline = _Shape(half + tuple((-x, y, c) for x, y, c in reversed(half[1:-1])))
    details = [_shape(f"{origin}: [front] details", d) for d in raw.get("details", [])]
    details += [d.mirrored() for d in details]
    for i, d in enumerate(raw.get("midline_details", [])):
        details.append(_shape(f"{origin}: [front] midline_details {i + 1}", d))
    zones = _both_sides(_zone_shapes(origin, "front", raw.get("zones")))
    return _ViewShapes(outline, (), tuple(details), zones).turned_to_face()


def shapes_of_zone(
    views: Mapping[View, _ViewShapes], name: str
) -> Iterator[tuple[View, BodySide, str, _Shape]]:
    """Every drawn shape of one zone: ``(view, side, suffix, shape)``, views in layout order, left first.

    ``suffix`` names the shape uniquely within the zone ("left-back", "right-front-2"); the body map and the
    pain map both draw a zone by walking these, so they agree on which shapes a zone has.
    """
    for view_name, view in views.items():
        for side in ("left", "right"):
            for k, shape in enumerate(view.zones.get((name, side), ())):
                yield view_name, side, f"{side}-{view_name}" + (f"-{k + 1}" if k else ""), shape


@functools.cache
def drawing() -> _Drawing:
    """The package's body-map drawing, loaded once."""
    text = resources.files("spineviz.content").joinpath(DRAWING_DATA).read_text(encoding="utf-8")
    return parse_drawing(text, f"spineviz/content/{DRAWING_DATA}")


def drawn_zones() -> frozenset[str]:
    """The zone names the drawing has a shape for, in any view."""
    d = drawing()
    return frozenset(n for n, _ in (*d.back.zones, *d.front.zones, *d.side_right.zones))
