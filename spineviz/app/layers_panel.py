"""What is shown: regions, discs, cartilage, labels, x-ray, isolation, and the load colouring with its legend.

The load colouring's scale is the scene's ``layers.load_range``: off, the fixed 0-250 N every picture shares;
on, the scene's own low and high newtons (two spin boxes), as a scene file sets it. The panel writes it into
the one live scene like every other control, so the view, the legend, exports and a saved scene all follow.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from spineviz.anatomy.levels import FACET_JOINT_IDS, LEVELS
from spineviz.app.live_scene import moment_only
from spineviz.app.load_legend import LoadLegend
from spineviz.app.steady_label import SteadyLabel
from spineviz.app.wording import text
from spineviz.motion.loads import most_loaded
from spineviz.render import look
from spineviz.scene.state import LOAD_RANGE_MAX_N, SceneError

REGIONS = (("all", "Whole spine"), ("cervical", "Neck"), ("thoracic", "Mid-back"), ("lumbar", "Low back"))


class LayersPanel(QGroupBox):
    """Region, isolation, layers, x-ray and load colouring: a view of the live scene that edits it."""

    def __init__(self, live) -> None:
        super().__init__("Show")
        self.live = live
        form = QFormLayout()
        self.region = QComboBox()
        for key, label in REGIONS:
            self.region.addItem(label, key)
        self.region.setToolTip("Show one region of the spine")
        self.region.setAccessibleName("Region shown")
        self.region.currentIndexChanged.connect(lambda _: live.set_region(self.region.currentData()))
        form.addRow("Region", self.region)
        self.isolate = QComboBox()
        self.isolate.addItem("Nothing isolated", None)
        for lv in LEVELS:
            self.isolate.addItem(f"{lv.name} and neighbours", lv.name)
        self.isolate.setToolTip("Show a single level with the vertebra above and below")
        self.isolate.setAccessibleName("Isolate a level")
        self.isolate.currentIndexChanged.connect(lambda _: live.set_isolate(self.isolate.currentData()))
        form.addRow("Isolate", self.isolate)
        self.checks = {}
        for key, label, tip in (
            ("discs", "Discs", "Show the intervertebral discs (D)"),
            ("cartilage", "Facet cartilage", "Show the facet joint surfaces (C)"),
            ("labels", "Level names", "Write the level beside each vertebra (N)"),
        ):
            box = QCheckBox(label)
            box.setToolTip(tip)
            box.toggled.connect(lambda on, k=key: live.update_layers(**{k: on}))
            self.checks[key] = box
            form.addRow(box)
        self.xray = QSlider(Qt.Orientation.Horizontal)
        self.xray.setRange(0, 100)
        self.xray.setToolTip("Make bone see-through so the facet joints show (X toggles)")
        self.xray.setAccessibleName("Bone opacity")
        self.xray.valueChanged.connect(lambda v: live.update_layers(bone_transparency=round(1.0 - v / 100, 3)))
        form.addRow("Bone opacity", self.xray)

        loads = QGroupBox("Facet loads")
        llay = QVBoxLayout(loads)
        self.loads = QCheckBox("Colour facets by load")
        self.loads.setToolTip("Colour each facet joint by its estimated load (L)")
        self.loads.toggled.connect(lambda on: live.update(loads=on))
        self.legend = LoadLegend()
        self.most = SteadyLabel()  # new loads a few times a second while playing: a repaint, no layout
        self.most.setObjectName("mostLoaded")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("estimateNote")
        self.scale = LoadScaleControl(live)
        # The scale's control sits under what it changes, so the legend and the most-loaded joints stay in
        # view in a 1280x800 window (tests/app/test_window.py's picture of it).
        for w in (self.loads, self.legend, self.most, self.scale, self.note):
            llay.addWidget(w)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(loads)
        lay.addStretch(1)
        live.paced.connect(self._paced)  # 5 a second while playing (issue 13)
        self.refresh()

    def _paced(self, new, old) -> None:
        """The panel at its pace: a new moment alone changes only the most-loaded line (issue 13, session 29)."""
        if self.live.quiet_ticks and old is not None and moment_only(new, old):
            self._show_most(new)
        else:
            self.refresh()

    def refresh(self) -> None:
        s = self.live.state
        _show(self.region, lambda w: w.setCurrentIndex(w.findData(s.region)))
        _show(self.isolate, lambda w: w.setCurrentIndex(w.findData(s.isolate)))
        for key, box in self.checks.items():
            _show(box, lambda w, k=key: w.setChecked(getattr(s.layers, k)))
        _show(self.xray, lambda w: w.setValue(round(100 * (1.0 - s.layers.bone_transparency))))
        _show(self.loads, lambda w: w.setChecked(s.loads))
        self.note.setText(text("estimate_note", s.audience))
        self.legend.setVisible(s.loads)
        self.most.setVisible(s.loads)
        self.scale.setVisible(s.loads and s.audience != "patient")  # newtons: never where a patient looks
        self.scale.refresh()
        if s.loads:
            self.legend.show_for(text("legend_title", s.audience), s.audience, look.load_scale(s.layers.load_range))
        self._show_most(s)

    def _show_most(self, s) -> None:
        """The most-loaded joints' line (loads on): what a new moment changes in this panel."""
        if not s.loads:
            return
        top3 = most_loaded(self.live.newtons(), 3)  # from the kept moment when it holds them (session 29)
        # room for any three joints at any load up to 999 N: the widest name, the widest digits
        widest = self.most.widest([jid.name for jid in FACET_JOINT_IDS])
        room = [(widest, max(abs(v), MOST_LOADED_ROOM_N)) for _, v in top3]
        self.most.setText(_most_loaded_text(top3, s.audience),
                          [self.most.widest_digits(_most_loaded_text(room, s.audience))])


MOST_LOADED_ROOM_N = 100.0
"""The most-loaded line keeps room for loads of at least this many digits' newtons (modelling value: three
digits, as the fixed colour scale's 0-250 N), so a load passing 99 N does not lay the panel out again."""


def _most_loaded_text(top: list[tuple[str, float]], audience: str) -> str:
    """The Display panel's line naming the most-loaded joints (with their newtons unless for a patient)."""
    if audience == "patient":
        joints = ", ".join(name for name, _ in top)
    else:
        joints = ", ".join(f"{name} ({v:.0f} N)" for name, v in top)
    return text("most_loaded", audience, joints=joints)


STEP_N = 10
"""Newtons a spin box of the load scale moves per step, and what a new own scale's top is rounded up to."""


class LoadScaleControl(QWidget):
    """The load colour scale: the fixed one, or this scene's own from low to high newtons (``load_range``).

    Turning "Own scale" on starts it at 0 to the most-loaded joint's load now, rounded up to
    :data:`STEP_N` (so the colours spread over what is shown); off returns to the fixed scale.
    """

    def __init__(self, live) -> None:
        super().__init__()
        self.live = live
        lay = QVBoxLayout(self)  # two rows: one row was wider than the dock and made it scroll sideways
        lay.setContentsMargins(0, 0, 0, 0)
        self.own = QCheckBox("Own scale")
        self.own.setToolTip(f"Colour the facets on this scene's own range of newtons instead of the fixed "
                            f"0-{look.LOAD_SCALE_N:.0f} N every picture shares")
        self.own.toggled.connect(self._own_toggled)
        self.low, self.high = QSpinBox(), QSpinBox()
        for box, name in ((self.low, "Load scale from (N)"), (self.high, "Load scale to (N)")):
            box.setRange(0, int(LOAD_RANGE_MAX_N))
            box.setSingleStep(STEP_N)
            box.setSuffix(" N")
            box.setAccessibleName(name)
            box.setKeyboardTracking(False)  # typing "120" does not apply 1 and 12 on the way
            box.valueChanged.connect(lambda _v: self._edited())
        lay.addWidget(self.own)
        row = QHBoxLayout()
        row.addWidget(self.low)
        row.addWidget(QLabel("to"))
        row.addWidget(self.high)
        row.addStretch(1)
        lay.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        """Show the scene's scale: its own range, or the fixed one (greyed)."""
        low, high = look.load_scale(self.live.state.layers.load_range)
        own = self.live.state.layers.load_range is not None
        _show(self.own, lambda w: w.setChecked(own))
        _show(self.low, lambda w: w.setValue(round(low)))
        _show(self.high, lambda w: w.setValue(round(high)))
        self.low.setEnabled(own)
        self.high.setEnabled(own)

    def _own_toggled(self, on: bool) -> None:
        if not on:
            self.live.update_layers(load_range=None)
            return
        top = max((v for _, v in self.live.loads().most_loaded(1)), default=0.0)
        self.live.update_layers(load_range=(0.0, float(max(STEP_N, STEP_N * math.ceil(top / STEP_N)))))

    def _edited(self) -> None:
        """A spin box changed: apply the range if it runs upwards, else show the scene's again."""
        try:
            self.live.update_layers(load_range=(float(self.low.value()), float(self.high.value())))
        except SceneError:
            self.refresh()


def _show(widget, set_value) -> None:
    """Set a widget to what the state says without it reporting a user edit."""
    widget.blockSignals(True)
    set_value(widget)
    widget.blockSignals(False)
