"""Names laid out on the screen beside the spine, with a leader line from each name to its bone.

Names drawn *at* a point of the spine (as 3-D point labels) are hidden or cut by the bone in front of them
("L2" read as "2", the sacrum as "crum") and pile up where the levels are small (C1 to C7). Anatomy atlases
put the names in a column beside the drawing instead, each with a thin line to what it names; this module
does the same in screen space:

- each name has an *anchor* in the world (a vertebral body's centre, a facet joint's centre), moved with
  the pose;
- before a render (a ``StartEvent`` observer on the VTK renderer, so names follow the camera while the
  user orbits as well as the spine while it moves; skipped when neither the camera, the window, the
  anchors nor the names changed since the last layout) the anchors are projected to the screen and the names
  placed in a column just outside the anatomy's screen box: level names on the side the spine's front
  faces, joint names on the other side;
- in each column the names keep the anchors' vertical order and stand at least one line apart, as close
  to their anchors' heights as that allows (a least-squares fit with ordered, spaced positions, solved by
  pool-adjacent-violators), inside the band the title and caption leave free;
- a column too long for the picture puts every other name in the opposite column; if that is still too
  long, every other name is left out, never overlapped;
- a layout that differs from the last only in the anchors (a moving spine under one camera) keeps the last
  layout's columns, which depend on the anchors' heights only when a column is too long, and works out the
  names' heights and the leaders again (issue 13, session 35).

Everything is 2-D overlay (``vtkTextActor`` and one ``vtkActor2D`` polyline), created once and updated in
place: a new frame moves text and line end points; nothing is added to or removed from the renderer.

A name is moved through a *reference coordinate* of its own, never through the text actor's position:
``vtkTextActor`` draws its string again with FreeType and uploads a new texture whenever the actor itself
is modified, and a new position modifies it. Laid out again on every tick of Play, the 25 level names cost
about 3 ms of CPU a frame that way; moved through the reference they cost next to nothing and draw the same
pixels (issue 13, session 15). The actor's own position stays at (0, 0); :meth:`ScreenLabels.position` says
where a name is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

import numpy as np
from vtkmodules.vtkCommonCore import vtkFloatArray, vtkPoints, vtkTypeInt64Array
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor2D, vtkCoordinate, vtkPolyDataMapper2D, vtkTextActor

from spineviz.render import look

GAP_EM = 1.0
"""Space between the anatomy's screen box and a column of names, in line heights."""
PITCH = 1.18
"""Distance between two names in a column, in line heights (a little air between lines)."""
LAYOUTS_KEPT = 2048
"""The most layouts a set of names keeps (a cycle of Play's moments under one camera; some 3 kB each)."""
LEADER_COLOUR = (0.36, 0.42, 0.50)
LEADER_OPACITY = 0.85

ScreenBox = tuple[float, float, float, float]
"""(left, bottom, right, top) in display pixels, origin bottom-left (VTK's display coordinates)."""


def isotonic(values: np.ndarray) -> np.ndarray:
    """The non-decreasing sequence closest to ``values`` in least squares (pool adjacent violators)."""
    return np.array(_pooled(np.asarray(values, float).tolist()), float)


def _pooled(values: list[float]) -> list[float]:
    """:func:`isotonic` on Python floats: each pooled block's mean repeated (session 27's pooling, unchanged)."""
    blocks: list[list[float]] = []  # [mean, count]
    for v in values:
        blocks.append([v, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, c2 = blocks.pop()
            m1, c1 = blocks.pop()
            blocks.append([(m1 * c1 + m2 * c2) / (c1 + c2), c1 + c2])
    return [m for m, c in blocks for _ in range(int(c))]


def spread(anchors: np.ndarray, pitch: float, lo: float, hi: float) -> np.ndarray:
    """Heights for names whose anchors are at ``anchors``: same order, ``pitch`` apart, within [lo, hi].

    The least-squares closest such heights: with ``z_i = y_i - i·pitch`` the spacing becomes "z is
    non-decreasing", an isotonic regression; clipping it to the band keeps it optimal and ordered. The
    caller makes sure ``(n - 1)·pitch <= hi - lo``.
    """
    return np.array(spread_heights(np.asarray(anchors, float).tolist(), pitch, lo, hi), float)


def spread_heights(anchors: list[float], pitch: float, lo: float, hi: float) -> list[float]:
    """:func:`spread` on Python floats, the layout's own.

    The same operations on the same numbers as NumPy's element-by-element ones (a stable sort, ``y - i·pitch``,
    the pooling, the clip, ``+ i·pitch``), so the same heights, in some 25 Python steps rather than a dozen NumPy
    calls (issue 13, session 35).
    """
    n = len(anchors)
    if n == 0:
        return []
    order = sorted(range(n), key=anchors.__getitem__)  # stable, as ``argsort(kind="stable")``
    steps = [pitch * k for k in range(n)]
    z = _pooled([anchors[i] - step for i, step in zip(order, steps, strict=True)])
    top = max(lo, hi - steps[-1])
    out = [0.0] * n
    for i, zi, step in zip(order, z, steps, strict=True):
        out[i] = min(max(zi, lo), top) + step  # ``np.clip``: the maximum with lo, then the minimum with top
    return out


def projection_rows(renderer) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The x, y and w rows (each 4 numbers) of ``renderer``'s world-to-clip matrix: all the screen needs.

    Kept with the camera, its modification time and the aspect ratio they were read for: a camera not modified
    since, at the same aspect, has the same matrix, so the same rows (read-only) are returned without asking VTK
    for the matrix again (every render reads them for the names' layout key; issue 13, session 35).
    """
    cam = renderer.GetActiveCamera()
    aspect = renderer.GetTiledAspectRatio()
    mtime = cam.GetMTime()
    kept = _ROWS.get(renderer)
    if kept is not None and kept[0] is cam and kept[1] == mtime and kept[2] == aspect:
        return kept[3]
    m = cam.GetCompositeProjectionTransformMatrix(aspect, -1.0, 1.0)
    elements = [0.0] * 16
    m.DeepCopy(elements, m)  # the 16 elements row by row, in one call
    rows = np.array(elements).reshape(4, 4)
    rows.setflags(write=False)
    out = (rows[0], rows[1], rows[3])
    _ROWS[renderer] = (cam, mtime, aspect, out)
    return out


def apply_row(row: np.ndarray, px: np.ndarray, py: np.ndarray, pz: np.ndarray) -> np.ndarray:
    """One row of the projection over points given as columns, element by element.

    Not ``points @ matrix``: NumPy hands a product of that shape to the threaded BLAS, whose threads wait on
    each other on a busy 2-core machine (8 to 45 ms for the 56,600 framing points of an animated whole spine,
    against about 1 ms this way; session 20).
    """
    return px * row[0] + py * row[1] + pz * row[2] + row[3]


def project(renderer, points: np.ndarray, rows: tuple | None = None) -> np.ndarray:
    """World points (n, 3) to display pixels (n, 2) of ``renderer``, origin bottom-left.

    ``rows``: :func:`projection_rows` of ``renderer`` if the caller has read them already.
    """
    pts = np.asarray(points, float).reshape(-1, 3)
    if not len(pts):
        return np.zeros((0, 2))
    rx, ry, rw = projection_rows(renderer) if rows is None else rows
    px, py, pz = pts[:, 0], pts[:, 1], pts[:, 2]
    w = apply_row(rw, px, py, pz)
    w = np.where(np.abs(w) < 1e-12, 1e-12, w)
    width, height = renderer.GetSize()
    ox, oy = renderer.GetOrigin()
    out = np.empty((len(pts), 2))
    out[:, 0] = ox + (apply_row(rx, px, py, pz) / w + 1.0) * 0.5 * width
    out[:, 1] = oy + (apply_row(ry, px, py, pz) / w + 1.0) * 0.5 * height
    return out


@dataclass
class ScreenLabels:
    """The names, their anchors and the actors that draw them; see the module docstring.

    ``keepout`` returns the anatomy's screen box (the names stand outside it); ``bands`` are the pixels
    kept free at the bottom and top for the caption and title; ``front`` is the spine's forward direction in
    the world, which decides the side the level names go to.
    """

    renderer: object
    keepout: Callable[[], ScreenBox | None] | None = None
    bands: tuple[int, int] = (0, 0)
    front: tuple[float, float, float] = (0.0, 1.0, 0.0)
    texts: list[str] = field(default_factory=list)
    joints: list[bool] = field(default_factory=list)
    anchors: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))
    font_size: int = 14
    visible: bool = True
    actors: list = field(default_factory=list)
    places: list = field(default_factory=list)  # each actor's reference coordinate: where its name stands
    placed: list = field(default_factory=list)
    _sizes: dict = field(default_factory=dict)
    _metrics: tuple = ()  # (texts, joints, font size) and the names' sizes and line height for them
    _drawn: list = field(default_factory=list)  # each actor's side as VTK has it: -1, +1, or 0 for hidden
    _leaders: object = None
    _observer: int | None = None
    _laid_out: tuple = ()
    _layouts: dict = field(default_factory=dict)  # the layouts kept, by what each depends on (_on_render)
    layouts_made: int = 0  # layouts worked out in Python by the render handler (the rest were kept ones)
    keep_layouts: bool = True  # False: every layout worked out afresh (the measuring scripts' A/B)
    prepare_layouts: bool = True  # False: no layouts worked out ahead for prepared moments (the scripts' A/B)
    layouts_prepared: int = 0  # layouts worked out ahead of their render by :meth:`prepare`
    _last_plan: tuple = ()
    _rows_bytes: tuple = (None, b"")  # the last projection rows of a layout key, and their bytes
    _screen: tuple = ()  # (projection rows, window and front, world-to-pixels: its 3x3 part, offset, 40·front's)
    _columns: tuple = ()  # the columns of the last plan that kept them, and what they are for (_plan; session 35)
    columns_made: int = 0  # plans whose columns were worked out (which names on which side, shown, their edges)
    columns_reused: int = 0  # plans that took the last plan's columns, only the names' heights new (session 35)
    _read: tuple | None = None  # (the anatomy's box, the projection rows) _on_render read for the layout it asks for

    def __post_init__(self) -> None:
        self._leaders = _leader_actor()
        self.renderer.AddViewProp(self._leaders)
        self._observer = self.renderer.AddObserver("StartEvent", self._on_render)

    # -- content --

    def set(self, texts: Sequence[str], joints: Sequence[bool], anchors: np.ndarray, font_size: int) -> None:
        """Show these names at these world anchors: reuses the text actors, changes only what differs."""
        texts, joints = list(texts), [bool(j) for j in joints]
        while len(self.actors) < len(texts):
            actor = vtkTextActor()
            actor.GetTextProperty().SetColor(*_rgb(look.LABEL_COLOUR))
            actor.GetTextProperty().SetVerticalJustificationToCentered()
            actor.PickableOff()
            place = vtkCoordinate()  # moved instead of the actor (module docstring)
            place.SetCoordinateSystemToViewport()
            actor.GetPositionCoordinate().SetReferenceCoordinate(place)
            actor.SetPosition(0.0, 0.0)
            self.renderer.AddViewProp(actor)
            self.actors.append(actor)
            self.places.append(place)
        for i, actor in enumerate(self.actors):
            if i >= len(texts):
                actor.SetVisibility(False)
                continue
            if i >= len(self.texts) or self.texts[i] != texts[i]:
                actor.SetInput(texts[i])
            prop = actor.GetTextProperty()
            if prop.GetFontSize() != font_size:
                prop.SetFontSize(font_size)
            if bool(prop.GetBold()) != joints[i]:
                prop.SetBold(joints[i])
        self.texts, self.joints, self.font_size = texts, joints, font_size
        self.anchors = np.asarray(anchors, float).reshape(-1, 3)
        self._drawn = []  # visibility set above: the next layout sets every actor's side again

    def move(self, anchors: np.ndarray) -> None:
        """New anchor positions (the pose changed); placed at the next render."""
        self.anchors = np.asarray(anchors, float).reshape(-1, 3)

    def show(self, visible: bool) -> None:
        self.visible = bool(visible)
        if not visible:
            for actor in self.actors:
                actor.SetVisibility(False)
            self._leaders.SetVisibility(False)
            self._laid_out = ()
            self._drawn = []

    # -- measuring --

    def position(self, i: int) -> tuple[float, float]:
        """Where name ``i`` stands (viewport pixels, origin bottom-left; its justification point)."""
        x, y, _z = self.places[i].GetValue()
        return x, y

    def size(self, i: int) -> tuple[float, float]:
        """Width and height (pixels) of name ``i`` at the current font size."""
        key = (self.texts[i], self.joints[i], self.font_size)
        if key not in self._sizes:
            wh = [0.0, 0.0]
            self.actors[i].GetSize(self.renderer, wh)
            self._sizes[key] = (float(wh[0]), float(wh[1]))
        return self._sizes[key]

    def sides(self, rows: tuple | None = None) -> tuple[int, int]:
        """The screen side (-1 left, +1 right) of the level names and of the joint names.

        ``rows``: the renderer's :func:`projection_rows`, if the caller has read them already.
        """
        if not len(self.anchors):
            return -1, 1
        centre = self.anchors.mean(axis=0)
        a, b = project(self.renderer, np.array([centre, centre + 40.0 * np.asarray(self.front, float)]), rows)
        dx, dy = b - a
        level = 1 if dx > 0.25 * max(abs(dy), 1.0) else -1
        return level, -level

    def column_widths(self) -> tuple[float, float]:
        """Pixels the name columns need on the left and on the right (gap included), for the camera fit."""
        if not self.visible or not self.texts:
            return 0.0, 0.0
        level_side, joint_side = self.sides()
        need = {-1: 0.0, 1: 0.0}
        for i in range(len(self.texts)):
            w, h = self.size(i)
            side = joint_side if self.joints[i] else level_side
            need[side] = max(need[side], w + (GAP_EM + 0.6) * h)
        return need[-1], need[1]

    # -- placing --

    def _on_render(self, *_args) -> None:
        """Lay the names out again only if the camera, the window, the anchors or the names changed.

        A render with none of these changed (a repaint, a colour change) keeps the last layout as it is. A layout
        is kept with everything it depends on (the projection, the window, the anchors, the names, their font, the
        bands, the anatomy's box and the spine's front) for up to :data:`LAYOUTS_KEPT` layouts: a moment of Play
        met again under the same camera (a loop's next pass) is placed from what was kept, with no layout worked
        out in Python (issue 13, session 26).
        """
        if not (self.visible and self.texts):
            return
        box = self._box()
        rows = projection_rows(self.renderer)  # read once, for the key and the layout (session 33)
        key = self._layout_key(box, rows)
        if key == self._laid_out:
            return
        plan = self._layouts.get(key) if self.keep_layouts else None
        if plan is None:
            self._read = (box, rows)  # laid out with the box and rows of its key: neither read again (session 33)
            try:
                self.layout()
            finally:  # a layout hook that does not call layout() leaves no reading for a later call
                self._read = None
            self._keep_layout(key, self._last_plan)
            self.layouts_made += 1
        else:
            self._apply(plan)
        self._laid_out = key

    def _box(self):
        """The anatomy's box on screen the names keep out of (:attr:`keepout`), or None without one."""
        return self.keepout() if self.keepout is not None else None

    def _keep_layout(self, key: tuple, plan: tuple) -> None:
        """Keep ``plan`` under ``key`` (see :meth:`_on_render`), the oldest dropped first when full."""
        if key not in self._layouts and len(self._layouts) >= LAYOUTS_KEPT:
            del self._layouts[next(iter(self._layouts))]
        self._layouts[key] = plan

    def prepare(self, anchor_sets: Sequence[np.ndarray]) -> int:
        """Lay the names out now for each of ``anchor_sets`` and keep the layouts; return how many were new.

        Each set is what :meth:`move` would be given at a moment still to be shown (a prepared moment of Play's
        cycle, :meth:`spineviz.app.live_scene.LiveScene.prepare_cycle`). The layout is worked out as a render would
        work it out (:meth:`_plan`, the same code, under the camera, window, names and bands of now) and kept
        under the same key (:meth:`_layout_key`), so the render that shows such a moment under the same camera
        only applies it: the same bytes as laying it out then (issue 13, session 27). Nothing is drawn or moved
        here, and the names' own anchors are left as they were. Nothing is done with the names hidden, or with
        ``keep_layouts`` or ``prepare_layouts`` off.
        """
        if not (self.visible and self.texts and self.keep_layouts and self.prepare_layouts):
            return 0
        box = self._box()
        rows = projection_rows(self.renderer)  # one camera for every set: read once (session 33)
        own, made = self.anchors, 0
        try:
            for anchors in anchor_sets:
                self.anchors = np.asarray(anchors, float).reshape(-1, 3)
                key = self._layout_key(box, rows)
                if key not in self._layouts:
                    self._keep_layout(key, self._plan(box, rows))
                    made += 1
        finally:
            self.anchors = own
        self.layouts_prepared += made
        return made

    def _layout_key(self, box, rows: tuple | None = None) -> tuple:
        """What a layout depends on (see :meth:`_on_render`); the projection by its numbers, not the camera's time.

        ``rows``: the renderer's :func:`projection_rows`, if the caller has read them already.
        """
        ren = self.renderer
        rows = projection_rows(ren) if rows is None else rows
        kept = self._rows_bytes
        if kept[0] is not rows:  # the same rows (projection_rows keeps them while the camera is unchanged)
            kept = self._rows_bytes = (rows, b"".join(r.tobytes() for r in rows))
        return (kept[1], tuple(ren.GetSize()), tuple(ren.GetOrigin()),
                self.anchors.tobytes(), tuple(self.texts), tuple(self.joints), self.font_size, tuple(self.bands),
                box, tuple(self.front))

    def layout(self) -> list[tuple[str, ScreenBox]]:
        """Place every name and leader for the current camera; returns the (name, box) of each name shown.

        From the render handler (:meth:`_on_render`) the anatomy's box and the projection it has just read for the
        layout's key are used, not read again (issue 13, session 33).
        """
        read, self._read = self._read, None
        box, rows = read if read is not None else (self._box(), None)
        plan = self._plan(box, rows)
        self._apply(plan)
        self._last_plan = plan
        return plan[4]

    def _plan(self, box: ScreenBox | None, rows: tuple | None = None) -> tuple:
        """Where every name and leader goes for the current camera, worked out without changing any VTK object.

        (the shown names as (index, side, x, y), the hidden names' indices, the leaders' ends, the leaders' width,
        the (name, box) of each name shown). ``rows``: the renderer's :func:`projection_rows`, if read already.
        """
        ren = self.renderer
        n = len(self.texts)
        width, height = ren.GetSize()
        rows = projection_rows(ren) if rows is None else rows  # read once for the anchors and the sides
        points, level_side = self._on_screen(rows, n, width, height)
        joint_side = -level_side
        columns = self._columns
        fixed = (width, height, box, level_side, self.font_size, tuple(self.bands))
        if (box is not None and columns and columns[0] == fixed and columns[1] == self.texts
                and columns[2] == self.joints):
            self.columns_reused += 1
            return self._placed(columns[3], points, [])  # the last plan's columns, its names at new heights
        columns = fixed if box is not None else None
        xy = np.array(points, float).reshape(-1, 2)
        if box is None:
            box = (float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()), float(xy[:, 1].max()))
        self.columns_made += 1
        sizes, line = self._text_metrics()
        pitch = PITCH * line
        lo = self.bands[0] + 0.6 * line
        hi = height - self.bands[1] - 0.6 * line
        side = np.where(np.array(self.joints[:n], bool), joint_side, level_side)
        shown = np.ones(n, bool)
        room = max(0.0, hi - lo)
        for s in (-1, 1):  # a column too long: every other name to the other side, then thin it out
            members = np.flatnonzero(side == s)
            if len(members) > 1 and (len(members) - 1) * pitch > room:
                columns = None  # which names go where depends on their heights: not kept for the next plan
                members = members[np.argsort(xy[members, 1])]
                other = members[1::2]
                if (np.sum(side == -s) + len(other) - 1) * pitch <= room:
                    side[other] = -s
        for s in (-1, 1):
            members = np.flatnonzero((side == s) & shown)
            members = members[np.argsort(-xy[members, 1])]
            keep = max(1, int(room // pitch) + 1)
            while len(members) > keep:
                columns = None
                shown[members[1::2]] = False
                members = members[::2]
        gap = GAP_EM * line
        kept_columns = []  # each side's names, their edge, the leaders' start and each name's box but its height
        for s in (-1, 1):
            members = np.flatnonzero((side == s) & shown)
            if not len(members):
                continue
            widest = max(sizes[i][0] for i in members)
            if s < 0:
                edge = min(box[0] - gap, width - 2.0)
                edge = max(edge, widest + 0.3 * line)
            else:
                edge = max(box[2] + gap, 2.0)
                edge = min(edge, width - widest - 0.3 * line)
            each = [(i, self.texts[i], *sizes[i], edge - sizes[i][0] if s < 0 else edge) for i in members.tolist()]
            kept_columns.append((s, members.tolist(), float(edge), edge + s * 0.25 * line, each))
        hidden = [int(i) for i in np.flatnonzero(~shown)]
        laid = (kept_columns, pitch, lo, hi, max(1.0, line / 14.0))
        if columns is not None:  # every name shown, each side's names fixed by the sides alone: kept (session 35)
            self._columns = (columns, list(self.texts), list(self.joints), laid)
        return self._placed(laid, points, hidden)

    def _on_screen(self, rows: tuple, n: int, width: int, height: int) -> tuple[list, int]:
        """The first ``n`` anchors in display pixels, each (x, y), and the side of the level names (:meth:`sides`).

        One product of the anchors with a (3, 3) matrix and one sum give each anchor's (x·w, y·w, w) in display
        pixels (the projection rows with the viewport's scale and origin folded in, kept while the rows and the
        window are the same); the centre's and the point 40 mm in front of it are the mean of those and that mean
        plus a kept offset (the map is affine before the division); the divisions are done on Python floats. Some
        8 NumPy calls where :func:`project` and the sides' test took about 40, each costly on a frame whose caches
        llvmpipe's draw has emptied (issue 13, session 35). The same pixels as :func:`project` to about 1e-12 px
        (the same sums in another order).
        """
        anchors = self.anchors
        if not len(anchors):
            return [], -1
        kept = self._screen
        origin = self.renderer.GetOrigin()
        if not (kept and kept[0] is rows and kept[1] == (width, height, origin, self.front)):
            rx, ry, rw = rows
            ox, oy = origin
            to_screen = np.array([0.5 * width * rx + (ox + 0.5 * width) * rw,
                                  0.5 * height * ry + (oy + 0.5 * height) * rw, rw]).T.copy()  # (4, 3)
            linear = to_screen[:3].copy()
            kept = self._screen = (rows, (width, height, origin, self.front), linear.tolist(), to_screen[3].tolist(),
                                   ((40.0 * np.asarray(self.front, float)) @ linear).tolist())
        (a0, b0, c0), (a1, b1, c1), (a2, b2, c2) = kept[2]
        t0, t1, t2 = kept[3]
        points, sx, sy, sw, k = [], 0.0, 0.0, 0.0, 0
        for x, y, z in anchors.tolist():
            qx, qy, qw = x * a0 + y * a1 + z * a2 + t0, x * b0 + y * b1 + z * b2 + t1, x * c0 + y * c1 + z * c2 + t2
            sx, sy, sw = sx + qx, sy + qy, sw + qw
            if k < n:
                w = 1e-12 if abs(qw) < 1e-12 else qw  # a point in the eye's plane, as project() takes it
                points.append((qx / w, qy / w))
            k += 1
        cx, cy, cw = sx / k, sy / k, sw / k
        f0, f1, f2 = kept[4]
        fx, fy, fw = cx + f0, cy + f1, cw + f2
        cw, fw = (1e-12 if abs(cw) < 1e-12 else cw), (1e-12 if abs(fw) < 1e-12 else fw)
        dx, dy = fx / fw - cx / cw, fy / fw - cy / cw
        return points, 1 if dx > 0.25 * max(abs(dy), 1.0) else -1

    @staticmethod
    def _placed(columns: tuple, points: list, hidden: list[int]) -> tuple:
        """The plan (:meth:`_plan`) of names in ``columns`` for anchors on screen at ``points`` (each (x, y)).

        ``columns`` holds each side's names with their edge, the leaders' start and each name's box but its height:
        all :meth:`_plan` works out from the sides, the window and the font. Only the names' heights and the leaders'
        anchor ends depend on the anchors, so a plan that kept its columns (every name shown, no column too long)
        serves the next frame under the same window, box, bands, font, names and side for the level names with the
        same operations in the same order: the same plan to the byte (issue 13, session 35).
        """
        kept_columns, pitch, lo, hi, width = columns
        names: list[tuple[int, int, float, float]] = []
        placed: list[tuple[str, ScreenBox]] = []
        ends = []
        for s, members, at, lead, each in kept_columns:
            ys = spread_heights([points[i][1] for i in members], pitch, lo, hi)
            for (i, text, w, h, left), y in zip(each, ys, strict=True):
                names.append((i, s, at, y))
                placed.append((text, (left, y - h / 2, left + w, y + h / 2)))
                ends.append((lead, y, *points[i]))
        return names, hidden, np.asarray(ends, float).reshape(-1, 4), width, placed

    def _apply(self, plan: tuple) -> None:
        """Move the names, their actors' sides and the leaders to ``plan`` (:meth:`_plan`)."""
        names, hidden, ends, width, placed = plan
        if len(self._drawn) != len(self.actors):
            self._drawn = [None] * len(self.actors)  # unknown: set every actor's side and visibility
        drawn = self._drawn
        for i, s, x, y in names:
            if drawn[i] != s:  # a name that changed side or came back: its actor told so, once
                actor = self.actors[i]
                prop = actor.GetTextProperty()
                if s < 0:
                    prop.SetJustificationToRight()
                else:
                    prop.SetJustificationToLeft()
                actor.SetVisibility(True)
                drawn[i] = s
            self.places[i].SetValue(x, y, 0.0)
        for i in [*hidden, *range(len(self.texts), len(self.actors))]:
            if drawn[i] != 0:
                self.actors[i].SetVisibility(False)
                drawn[i] = 0
        _set_leaders(self._leaders, ends, width)
        self._leaders.SetVisibility(bool(len(ends)))
        self.placed = placed

    def _text_metrics(self) -> tuple[list[tuple[float, float]], float]:
        """The names' sizes and the line height: the same from frame to frame until the names or the font change."""
        key = (tuple(self.texts), tuple(self.joints), self.font_size)
        if not self._metrics or self._metrics[0] != key:
            sizes = [self.size(i) for i in range(len(self.texts))]
            self._metrics = (key, sizes, max(h for _w, h in sizes))
        return self._metrics[1], self._metrics[2]

    def detach(self) -> None:
        """Remove the observer and the actors (the renderer lives on); safe twice."""
        if self._observer is not None:
            self.renderer.RemoveObserver(self._observer)
            self._observer = None
        for actor in [*self.actors, self._leaders]:
            self.renderer.RemoveViewProp(actor)
        self.actors, self.places = [], []


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[k:k + 2], 16) / 255.0 for k in (0, 2, 4))


def _leader_actor() -> vtkActor2D:
    poly = vtkPolyData()
    poly.SetPoints(vtkPoints())
    poly.SetLines(vtkCellArray())
    mapper = vtkPolyDataMapper2D()
    mapper.SetInputData(poly)
    coord = vtkCoordinate()
    coord.SetCoordinateSystemToDisplay()
    mapper.SetTransformCoordinate(coord)
    actor = vtkActor2D()
    actor.SetMapper(mapper)
    actor.GetProperty().SetColor(*LEADER_COLOUR)
    actor.GetProperty().SetOpacity(LEADER_OPACITY)
    actor.PickableOff()
    return actor


def _set_leaders(actor: vtkActor2D, ends: list, width: float) -> None:
    """One line per name, from beside the name to its anchor.

    Point ``2i`` is name ``i``'s end and ``2i + 1`` its anchor; line ``i`` joins them. The arrays are filled
    in place through NumPy views (a tick of Play lays the names out again: a Python call per point and
    per cell, or ``numpy_to_vtk``'s checks, cost more; issue 13). With as many names as last time (every
    tick of Play) only the points are rewritten: the lines, which join the same point ids, are kept.
    """
    xy = np.asarray(ends, float).reshape(-1, 2)  # (x0, y0), (x1, y1) of each name in turn
    n = len(xy)
    kept = _LEADER_ARRAYS.get(actor)
    if n and kept is not None and kept[0] == n:  # as many names as last time: the points only, in place
        _n, poly, points, data, view, prop = kept
        view[:, :2] = xy
        data.Modified()
        points.Modified()
        poly.Modified()
        prop.SetLineWidth(width)
        return
    poly = actor.GetMapper().GetInput()
    data = vtkFloatArray()  # single precision, as vtkPoints makes by default
    data.SetNumberOfComponents(3)
    data.SetNumberOfTuples(n)
    offsets, connectivity = vtkTypeInt64Array(), vtkTypeInt64Array()
    offsets.SetNumberOfTuples(n // 2 + 1)
    connectivity.SetNumberOfTuples(n)
    np.frombuffer(offsets, dtype=np.int64)[:] = np.arange(0, n + 1, 2)
    if n:
        np.frombuffer(data, dtype=np.float32).reshape(n, 3)[:] = np.c_[xy, np.zeros(n)]
        np.frombuffer(connectivity, dtype=np.int64)[:] = np.arange(n)
    points, lines = vtkPoints(), vtkCellArray()
    points.SetData(data)
    lines.SetData(offsets, connectivity)
    poly.SetPoints(points)
    poly.SetLines(lines)
    poly.Modified()
    actor.GetProperty().SetLineWidth(width)
    # the objects the next call writes, held from Python: asking VTK for each again makes a Python wrapper each time
    _LEADER_ARRAYS[actor] = (n, poly, points, data, np.frombuffer(data, dtype=np.float32).reshape(n, 3),
                             actor.GetProperty())


_ROWS: WeakKeyDictionary = WeakKeyDictionary()
"""Each renderer's last projection rows: (its camera, the camera's modification time, the aspect ratio, the rows)."""

_LEADER_ARRAYS: WeakKeyDictionary = WeakKeyDictionary()
"""Each leader actor's (number of points, poly data, its points, their array, a NumPy view of it, the actor's
property), as the last rebuild left them."""


__all__ = ["ScreenLabels", "isotonic", "project", "spread"]
