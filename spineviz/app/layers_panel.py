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
from spineviz.app.wording import text
from spineviz.render import look

REGIONS = (("all", "Whole spine"), ("cervical", "Neck"), ("thoracic", "Mid-back"), ("lumbar", "Low back"))


def _swatch(rgb) -> str:
    r, g, b = (int(255 * c) for c in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"


class LayersPanel(QGroupBox):
    def __init__(self, controller) -> None:
        super().__init__("Show")
        self.controller = controller
        form = QFormLayout()
        self.region = QComboBox()
        for key, label in REGIONS:
            self.region.addItem(label, key)
        self.region.setToolTip("Show one region of the spine")
        self.region.currentIndexChanged.connect(lambda _: controller.update(region=self.region.currentData()))
        form.addRow("Region", self.region)
        self.isolate = QComboBox()
        self.isolate.addItem("Nothing isolated", None)
        for lv in LEVELS:
            self.isolate.addItem(f"{lv.name} and neighbours", lv.name)
        self.isolate.setToolTip("Show a single level with the vertebra above and below")
        self.isolate.currentIndexChanged.connect(lambda _: controller.update(isolate=self.isolate.currentData()))
        form.addRow("Isolate", self.isolate)
        self.checks = {}
        for key, label, tip in (
            ("discs", "Discs", "Show the intervertebral discs (D)"),
            ("cartilage", "Facet cartilage", "Show the facet joint surfaces (C)"),
            ("labels", "Level names", "Write the level beside each vertebra (N)"),
        ):
            box = QCheckBox(label)
            box.setToolTip(tip)
            box.setChecked(getattr(controller.state, key))
            box.toggled.connect(lambda on, k=key: controller.update(**{k: on}))
            self.checks[key] = box
            form.addRow(box)
        self.xray = QSlider(Qt.Orientation.Horizontal)
        self.xray.setRange(15, 100)
        self.xray.setValue(100)
        self.xray.setToolTip("Make bone see-through so the facet joints show (X toggles)")
        self.xray.setAccessibleName("Bone opacity")
        self.xray.valueChanged.connect(lambda v: controller.update(bone_opacity=v / 100))
        form.addRow("Bone opacity", self.xray)

        loads = QGroupBox("Facet loads")
        llay = QVBoxLayout(loads)
        self.loads = QCheckBox("Colour facets by load")
        self.loads.setToolTip("Colour each facet joint by its estimated load (L)")
        self.loads.toggled.connect(lambda on: controller.update(loads=on))
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
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
        controller.pose_changed.connect(lambda *_: self.refresh())
        controller.state_changed.connect(lambda *_: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        c = self.controller
        s = c.state
        for key, box in self.checks.items():
            if box.isChecked() != getattr(s, key):
                box.blockSignals(True)
                box.setChecked(getattr(s, key))
                box.blockSignals(False)
        if self.loads.isChecked() != s.loads:
            self.loads.blockSignals(True)
            self.loads.setChecked(s.loads)
            self.loads.blockSignals(False)
        self.note.setText(text("estimate_note", s.audience))
        self.legend.setVisible(s.loads)
        self.most.setVisible(s.loads)
        if not s.loads:
            return
        top = c.legend_max()
        stops = [0.0, 0.25, 0.5, 0.75, 1.0]
        cells = "".join(f"<td style='background:{_swatch(look.load_colour(f))};width:34px'>&nbsp;</td>" for f in stops)
        labels = "".join(f"<td align='center' style='padding:0 4px'>{f * top:.0f}</td>" for f in stops)
        if s.audience == "patient":
            labels = "<td>less</td><td></td><td></td><td></td><td align='right'>more</td>"
        self.legend.setText(
            f"<b>{text('legend_title', s.audience)}</b><table cellspacing='2'><tr>{cells}</tr><tr>{labels}</tr></table>"
        )
        top3 = c.current_loads.most_loaded(3)
        if s.audience == "patient":
            joints = ", ".join(name for name, _ in top3)
        else:
            joints = ", ".join(f"{name} ({v:.0f} N)" for name, v in top3)
        self.most.setText(text("most_loaded", s.audience, joints=joints))
