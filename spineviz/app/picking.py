"""Hover names and click selection in the 3D view, without breaking drag-to-rotate.

A click is a press and release within a few pixels; anything longer is a drag, left to the camera.
Mouse events are watched with a Qt event filter on the viewport widget rather than VTK observers: once a
VTK interactor style starts rotating it grabs the event focus and observers never see the release.
Picking casts a ray on the CPU (vtkCellPicker), so it needs no extra render pass, and hover picks are
throttled so moving the mouse never competes with drawing.

**What is visible is what is picked.** When the ray first meets see-through bone (x-ray, or a scene's
bone transparency), the facet cartilage or nerve seen *through* it is what the user is looking at, so
the ray is cast again against the solid parts only, and that hit wins; the bone is picked only when
nothing solid lies behind it. Nerves are picked by name as soon as the layer has built them.

**Hover** lights the part under the cursor (its ambient light raised, so a load colour stays readable)
and writes its name beside the cursor, in the 3D view itself, not only in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from vtkmodules.vtkRenderingCore import vtkCellPicker, vtkTextActor

from spineviz.render import look
from spineviz.render.spine_actors import actor_key

CLICK_TOLERANCE_PX = 4
SEE_THROUGH = 0.99
"""Below this opacity a part is see-through: the picker looks behind it for a solid part."""
HOVER_AMBIENT = 0.65
"""Ambient light of the part under the cursor (bone's own is 0.18): a glow that keeps its colour."""
KINDS = {"bone": "bone", "facet": "facet", "nerve": "nerve"}
"""Actor-name prefixes (``bone:L4``, ``facet:L4/5 left:upper``, ``nerve:L4 medial branch (left)``)."""


def describe(item: tuple[str, str] | None) -> str:
    """The words shown for a picked part: "L4", "L4/5 left facet", "L4 medial branch (left)"."""
    if item is None:
        return ""
    kind, name = item
    return f"{name} facet" if kind == "facet" else name


class Picker(QObject):
    hovered = Signal(object)  # (kind, name) or None
    clicked = Signal(object)  # (kind, name) or None

    def __init__(self, plotter, names: dict[str, tuple[str, str]], parent=None,
                 request_render: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.plotter = plotter
        self.names = dict(names)
        self._seen = -1
        self._render = request_render or getattr(parent, "request_render", None) or plotter.render
        self._picker = vtkCellPicker()
        self._picker.SetTolerance(0.0005)
        self._press = None
        self._hover_pos = None
        self._lit = None  # (actor, its own ambient)
        self.hover_item: tuple[str, str] | None = None
        self.tag = _cursor_tag()
        plotter.renderer.AddViewProp(self.tag)
        self._hover_timer = QTimer(self)
        self._hover_timer.setSingleShot(True)
        self._hover_timer.setInterval(90)
        self._hover_timer.timeout.connect(self._hover_now)
        self.widget = plotter.interactor
        self.widget.setMouseTracking(True)
        self.widget.installEventFilter(self)

    # -- picking --

    def _name_of(self, actor) -> tuple[str, str] | None:
        key = actor_key(actor)
        if key not in self.names and len(self.plotter.actors) != self._seen:
            self._learn()
        return self.names.get(key)

    def _learn(self) -> None:
        """Name the parts built after the window (the nerves) by their actor names."""
        for name, a in list(self.plotter.actors.items()):
            kind, _, rest = name.partition(":")
            if kind in KINDS:
                self.names.setdefault(actor_key(a), (KINDS[kind], rest.rsplit(":", 1)[0] if kind == "facet" else rest))
        self._seen = len(self.plotter.actors)

    def _cast(self, x: int, y: int, only=None):
        p = self._picker
        p.InitializePickList()
        if only is not None:
            for actor in only:
                p.AddPickList(actor)
        p.SetPickFromList(only is not None)
        if not p.Pick(x, y, 0, self.plotter.renderer):
            return None
        return p.GetActor()

    def pick_actor(self, x: int, y: int):
        """The actor the user sees at display pixel (x, y) (VTK coordinates, origin bottom-left), or None.

        Cast against the full parts even while the spine moves (issue 13 draws coarse bones meanwhile),
        so a pick names the same part at rest and in motion.
        """
        actors = getattr(self.parent(), "actors", None)
        with actors.full_detail() if hasattr(actors, "full_detail") else nullcontext():
            return self._pick_actor(x, y)

    def _pick_actor(self, x: int, y: int):
        actor = self._cast(x, y)
        if actor is None or actor.GetProperty().GetOpacity() >= SEE_THROUGH:
            return actor
        solid = [a for a in self.plotter.actors.values()
                 if a.GetPickable() and a.GetVisibility() and a.GetProperty().GetOpacity() >= SEE_THROUGH
                 and self._name_of(a) is not None]
        behind = self._cast(x, y, solid) if solid else None
        return behind if behind is not None else actor

    def pick_at(self, x: int, y: int) -> tuple[str, str] | None:
        """What is seen at display pixel (x, y), VTK coordinates (origin bottom-left)."""
        actor = self.pick_actor(x, y)
        return self._name_of(actor) if actor is not None else None

    # -- hover --

    def hover(self, x: int, y: int) -> tuple[str, str] | None:
        """Light what is under (x, y) and name it beside the cursor; returns it (None: nothing there)."""
        actor = self.pick_actor(x, y)
        item = self._name_of(actor) if actor is not None else None
        if item is None:
            actor = None
        if self._lit is not None and self._lit[0] is not actor:
            self._lit[0].GetProperty().SetAmbient(self._lit[1])
            self._lit = None
        if actor is not None and self._lit is None:
            self._lit = (actor, actor.GetProperty().GetAmbient())
            actor.GetProperty().SetAmbient(HOVER_AMBIENT)
        self.tag.SetInput(describe(item) or " ")
        self.tag.SetVisibility(item is not None)
        if item is not None:
            width = self.plotter.renderer.GetSize()[0]
            right = x > 0.75 * width  # near the right edge the name goes to the cursor's left
            prop = self.tag.GetTextProperty()
            if right:
                prop.SetJustificationToRight()
            else:
                prop.SetJustificationToLeft()
            self.tag.SetPosition(x - 14 if right else x + 14, y + 10)
        self.hover_item = item
        self._render()
        return item

    def _vtk_pos(self, event) -> tuple[int, int]:
        """Qt widget coordinates (top-left origin, logical pixels) to VTK display pixels."""
        ratio = self.widget.devicePixelRatioF()
        p = event.position()
        return int(p.x() * ratio), int((self.widget.height() - p.y()) * ratio)

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._press = self._vtk_pos(event)
        elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            self._release(self._vtk_pos(event))
        elif kind == QEvent.Type.MouseMove and self._press is None:
            self._hover_pos = self._vtk_pos(event)
            self._hover_timer.start()
        elif kind == QEvent.Type.Leave:
            self._hover_pos = None
            self._hover_timer.stop()
            self._unhover()
        return False  # never swallow: the camera still gets every event

    def _release(self, pos: tuple[int, int]) -> None:
        if self._press is None:
            return
        (x0, y0), (x, y) = self._press, pos
        self._press = None
        if abs(x - x0) <= CLICK_TOLERANCE_PX and abs(y - y0) <= CLICK_TOLERANCE_PX:
            self.clicked.emit(self.pick_at(x, y))

    def _hover_now(self) -> None:
        if self._hover_pos is not None:
            self.hovered.emit(self.hover(*self._hover_pos))

    def _unhover(self) -> None:
        if self._lit is not None:
            self._lit[0].GetProperty().SetAmbient(self._lit[1])
            self._lit = None
        if self.tag.GetVisibility():
            self.tag.SetVisibility(False)
            self.hover_item = None
            self.hovered.emit(None)
            self._render()

    def detach(self) -> None:
        """Stop listening and stop the hover timer (teardown; safe twice)."""
        self._hover_timer.stop()
        if self.widget is not None:
            self.widget.removeEventFilter(self)
            self.widget = None


def _cursor_tag() -> vtkTextActor:
    """The name beside the cursor: dark text on a pale, slightly see-through box."""
    tag = vtkTextActor()
    prop = tag.GetTextProperty()
    prop.SetFontSize(15)
    prop.SetBold(True)
    prop.SetColor(*(int(look.LABEL_COLOUR[k:k + 2], 16) / 255.0 for k in (1, 3, 5)))
    prop.SetBackgroundColor(1.0, 1.0, 0.96)
    prop.SetBackgroundOpacity(0.88)
    prop.SetFrame(True)
    prop.SetFrameColor(0.55, 0.6, 0.68)
    prop.SetVerticalJustificationToBottom()
    tag.PickableOff()
    tag.SetVisibility(False)
    return tag


__all__ = ["Picker", "describe"]
