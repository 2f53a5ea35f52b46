"""Motion controls: three angle sliders with number boxes, the region, reset, and the animations."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from spineviz.motion import PRESETS, Motion

# (field, label, tooltip, range) — ranges cover the whole spine's physiological limits and a little more, so
# the model's clamping (and its message) can be seen
ANGLES = (
    ("flexion", "Bend forward / back", "Positive: bend forward (flexion). Negative: arch back (extension).", 120),
    ("lateral_bending", "Side bend", "Positive: bend to the left. Negative: to the right.", 80),
    ("axial_rotation", "Turn", "Positive: turn to the left. Negative: to the right.", 120),
)
REGIONS = (("all", "Whole spine"), ("cervical", "Neck (cervical)"), ("thoracic", "Mid-back (thoracic)"),
           ("lumbar", "Low back (lumbar)"))


class AngleRow(QWidget):
    """A slider and a number box that stay in step; the slider works in tenths of a degree."""

    def __init__(self, label: str, tip: str, limit: int, on_change, on_grab) -> None:
        super().__init__()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(-limit * 10, limit * 10)
        self.slider.setMinimumHeight(28)
        self.slider.setPageStep(50)
        self.box = QDoubleSpinBox()
        self.box.setRange(-limit, limit)
        self.box.setDecimals(1)
        self.box.setSuffix("°")
        self.box.setKeyboardTracking(False)
        for w in (self.slider, self.box):
            w.setToolTip(tip)
            w.setAccessibleName(label)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.box)
        self.slider.valueChanged.connect(lambda v: self._from_slider(v, on_change))
        self.box.valueChanged.connect(lambda v: self._from_box(v, on_change))
        self.slider.sliderPressed.connect(on_grab)

    def _from_slider(self, v: int, on_change) -> None:
        self.box.blockSignals(True)
        self.box.setValue(v / 10)
        self.box.blockSignals(False)
        on_change()

    def _from_box(self, v: float, on_change) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(v * 10))
        self.slider.blockSignals(False)
        on_change()

    def value(self) -> float:
        return self.box.value()

    def set_value(self, v: float) -> None:
        for w in (self.slider, self.box):
            w.blockSignals(True)
        self.slider.setValue(round(v * 10))
        self.box.setValue(v)
        for w in (self.slider, self.box):
            w.blockSignals(False)


class MotionPanel(QGroupBox):
    def __init__(self, controller) -> None:
        super().__init__("Motion")
        self.controller = controller
        form = QFormLayout()
        self.rows = {}
        for name, label, tip, limit in ANGLES:
            row = AngleRow(label, tip, limit, self._changed, self._grabbed)
            self.rows[name] = row
            form.addRow(label, row)
        self.region = QComboBox()
        for key, label in REGIONS:
            self.region.addItem(label, key)
        self.region.setToolTip("Which part of the spine the movement uses")
        self.region.currentIndexChanged.connect(self._changed)
        form.addRow("Moves", self.region)
        self.clamped = QLabel("")
        self.clamped.setWordWrap(True)
        self.clamped.setObjectName("clampedNote")
        self.reset_button = QPushButton("Reset to neutral")
        self.reset_button.setToolTip("Back to standing upright (R)")
        self.reset_button.clicked.connect(controller.reset)

        anim = QGroupBox("Animation")
        alay = QFormLayout(anim)
        self.preset = QComboBox()
        for key, timeline in PRESETS.items():
            self.preset.addItem(getattr(timeline, "name", key), key)
        self.preset.setToolTip("A movement to play")
        self.play_button = QPushButton("Play")
        self.play_button.setToolTip("Play or pause the animation (Space)")
        self.play_button.clicked.connect(self.toggle_play)
        self.loop = QCheckBox("Loop")
        self.loop.setChecked(True)
        self.loop.toggled.connect(lambda on: controller.update(loop=on))
        self.speed = QComboBox()
        for s in (0.5, 1.0, 1.5, 2.0):
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(1)
        self.speed.setToolTip("Animation speed")
        self.speed.currentIndexChanged.connect(lambda _: controller.update(speed=self.speed.currentData()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.loop)
        buttons.addWidget(self.speed)
        alay.addRow(self.preset)
        alay.addRow(buttons)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.clamped)
        lay.addWidget(self.reset_button)
        lay.addWidget(anim)
        lay.addStretch(1)
        controller.pose_changed.connect(self._show_pose)
        controller.state_changed.connect(self._show_state)

    def _grabbed(self) -> None:
        """Grabbing a slider mid-animation takes over from the animation."""
        self.controller.pause()

    def _changed(self, *_):
        self.controller.pause()  # a user's edit takes over from a running animation
        motion = Motion(*(self.rows[n].value() for n, *_ in ANGLES), region=self.region.currentData())
        self.controller.update(motion=motion, preset=None, timeline=None, time=0.0)  # a still pose now

    def toggle_play(self) -> None:
        if self.controller.state.playing:
            self.controller.pause()
        else:
            self.controller.play(self.preset.currentData())

    def _show_pose(self, pose, _loads) -> None:
        from spineviz.app.wording import text

        if pose.clamped:
            what = "; ".join(str(c) for c in pose.clamped)
            self.clamped.setText(text("clamped", self.controller.state.audience, what=what))
        else:
            self.clamped.setText("")
        if self.controller.state.playing:
            for name, *_ in ANGLES:
                self.rows[name].set_value(getattr(pose.applied, name))

    def _show_state(self, state) -> None:
        self.play_button.setText("Pause" if state.playing else "Play")
        if not state.playing:
            for name, *_ in ANGLES:
                if abs(self.rows[name].value() - getattr(state.motion, name)) > 0.05:
                    self.rows[name].set_value(getattr(state.motion, name))
