"""What is shown: regions, discs, cartilage, labels, x-ray, isolation, and the load colouring with its legend."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSlider,
    QVBoxLayout,
)

from spineviz.anatomy.levels import LEVELS
from spineviz.app.load_legend import LoadLegend
from spineviz.app.wording import text
from spineviz.render import look

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
        self.most = QLabel()
        self.most.setWordWrap(True)
        self.most.setObjectName("mostLoaded")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("estimateNote")
        for w in (self.loads, self.legend, self.most, self.note):
            llay.addWidget(w)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(loads)
        lay.addStretch(1)
        live.paced.connect(lambda *_: self.refresh())  # 5 a second while playing (issue 13)
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
        if not s.loads:
            return
        self.legend.show_for(text("legend_title", s.audience), s.audience, look.load_scale(s.layers.load_range))
        top3 = self.live.loads().most_loaded(3)
        if s.audience == "patient":
            joints = ", ".join(name for name, _ in top3)
        else:
            joints = ", ".join(f"{name} ({v:.0f} N)" for name, v in top3)
        self.most.setText(text("most_loaded", s.audience, joints=joints))


def _show(widget, set_value) -> None:
    """Set a widget to what the state says without it reporting a user edit."""
    widget.blockSignals(True)
    set_value(widget)
    widget.blockSignals(False)
