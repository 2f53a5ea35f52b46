"""Motion controls: three angle sliders with number boxes, the region, reset, and the animations."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
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

from spineviz.app.live_scene import moment_only
from spineviz.app.wording import held_words
from spineviz.motion import PRESETS, Motion
from spineviz.scene import Animation

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


SCENE_ANIMATION = "__scene__"
"""The animation box's entry for a scene's own (inline) animation."""
SPEEDS = (0.5, 1.0, 1.5, 2.0)


class MotionPanel(QGroupBox):
    """Sliders, "Moves", reset and the animation controls: a view of the live scene that edits it."""

    def __init__(self, live) -> None:
        super().__init__("Motion")
        self.live = live
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
        self.region.setAccessibleName("Part of the spine that moves")
        self.region.currentIndexChanged.connect(self._changed)
        form.addRow("Moves", self.region)
        self.clamped = QLabel("")
        self.clamped.setWordWrap(True)
        self.clamped.setObjectName("clampedNote")
        self.reset_button = QPushButton("Reset to neutral")
        self.reset_button.setToolTip("Back to standing upright (R)")
        self.reset_button.clicked.connect(
            lambda: live.set_motion(Motion(region=live.state.current_motion().region)))

        anim = QGroupBox("Animation")
        alay = QFormLayout(anim)
        self.preset = QComboBox()
        for key, timeline in PRESETS.items():
            self.preset.addItem(getattr(timeline, "name", key), key)
        self.preset.setToolTip("The movement Play plays: the scene's own, or one you choose")
        self.preset.setAccessibleName("Animation to play")
        self.preset.currentIndexChanged.connect(self._chose_animation)
        self.play_button = QPushButton("Play")
        self.play_button.setToolTip("Play or pause the animation (Space)")
        self.play_button.clicked.connect(self.toggle_play)
        self.speed = QComboBox()
        for v in SPEEDS:
            self.speed.addItem(f"{v:g}×", v)
        self.speed.setCurrentIndex(1)
        self.speed.setToolTip("Animation speed")
        self.speed.setAccessibleName("Animation speed")
        self.speed.currentIndexChanged.connect(self._chose_speed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.speed)
        alay.addRow(self.preset)
        alay.addRow(buttons)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.clamped)
        lay.addWidget(self.reset_button)
        lay.addWidget(anim)
        lay.addStretch(1)
        live.paced.connect(self._paced)  # 5 a second while playing (issue 13)
        live.playing_changed.connect(lambda on: self.play_button.setText("Pause" if on else "Play"))
        self.show_state(live.state)

    # --- edits ------------------------------------------------------------------------------------
    def _grabbed(self) -> None:
        """Grabbing a slider mid-animation takes over from the animation."""
        self.live.pause()

    def _changed(self, *_):
        """A user's edit takes over: a still pose now.

        Beyond the normal range the pose, the slider and the number box all stop at the angle the spine
        actually holds, and the note says so.
        """
        motion = Motion(*(self.rows[n].value() for n, *_ in ANGLES), region=self.region.currentData())
        held = self.live.pose_for(motion)
        self._held = (held.applied, held.clamped) if held.clamped else None
        self.live.set_motion(held.applied)
        if self._held is not None:
            self.show_state(self.live.state)  # the state may not have changed (already at the limit)

    def _chose_animation(self, _index: int) -> None:
        """An explicit choice of animation replaces the scene's (its own stays listed while it is the scene's)."""
        key = self.preset.currentData()
        anim = self.live.state.animation
        if key == SCENE_ANIMATION or (anim is not None and anim.preset == key):
            return
        was_playing = self.live.playing
        self.live.pause()
        if was_playing:
            self.live.play(key)
        else:
            self.live.update(animation=Animation(preset=key, speed=anim.speed if anim else 1.0), motion=None)

    def _chose_speed(self, _index: int) -> None:
        anim = self.live.state.animation
        if anim is not None:
            self.live.update(animation=replace(anim, speed=self.speed.currentData()))

    def toggle_play(self) -> None:
        """Play the scene's own animation; with none, the one chosen in the box."""
        if self.live.playing:
            self.live.pause()
        elif self.live.state.animation is not None:
            self.live.play()
        else:
            self.live.play(self.preset.currentData())

    # --- the view ---------------------------------------------------------------------------------
    def _paced(self, new, old) -> None:
        """The panel at its pace: for a new moment alone, only what shows the moment (issue 13, session 29)."""
        self.show_state(new, moment=self.live.quiet_ticks and old is not None and moment_only(new, old))

    def show_state(self, state, moment: bool = False) -> None:
        """Show ``state`` in the sliders, the clamped note and the animation's boxes.

        ``moment``: only the motion or the animation's time differ from the state shown last, so the audience and
        the animation but for its time are shown already (the panel's pace while playing; session 29).
        """
        motion = state.current_motion()
        if not moment:
            for row in self.rows.values():  # patients see the sliders without numbers of degrees
                row.box.setVisible(state.audience != "patient")
        for name, *_ in ANGLES:
            if abs(self.rows[name].value() - getattr(motion, name)) > 0.05:
                self.rows[name].set_value(getattr(motion, name))
        _select(self.region, motion.region)
        held = getattr(self, "_held", None)
        clamps = self.live.pose().clamped or (held[1] if held is not None and held[0] == motion else ())
        self.clamped.setText(held_words(clamps, state.audience))
        if not moment:
            self._show_animation(state.animation)

    def _show_animation(self, anim) -> None:
        self.preset.blockSignals(True)
        self.speed.blockSignals(True)
        try:
            self._show_animation_now(anim)
        finally:
            self.preset.blockSignals(False)
            self.speed.blockSignals(False)

    def _show_animation_now(self, anim) -> None:
        own = self.preset.findData(SCENE_ANIMATION)
        if anim is not None and anim.preset is None:
            name = f"This scene: {anim.timeline.name or 'its own movement'}"
            if own < 0:
                self.preset.insertItem(0, name, SCENE_ANIMATION)
            else:
                self.preset.setItemText(own, name)
            _select(self.preset, SCENE_ANIMATION)
        else:
            if own >= 0:
                self.preset.removeItem(own)
            if anim is not None:
                _select(self.preset, anim.preset)
        self.speed.setEnabled(anim is not None)
        if anim is not None:
            if self.speed.findData(anim.speed) < 0:
                self.speed.addItem(f"{anim.speed:g}×", anim.speed)
            _select(self.speed, anim.speed)


def _select(combo: QComboBox, data) -> None:
    """Show ``data`` in ``combo`` without emitting a user edit."""
    i = combo.findData(data)
    if i >= 0 and i != combo.currentIndex():
        combo.blockSignals(True)
        combo.setCurrentIndex(i)
        combo.blockSignals(False)
