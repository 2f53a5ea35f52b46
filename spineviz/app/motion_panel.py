"""Motion controls: three angle sliders with number boxes, the region, reset, and the animations."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractSlider,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QStyle,
    QStyleOptionSlider,
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


class AngleSlider(QSlider):
    """The angle's slider, repainted for a new value only when its handle moves (issue 13, session 32).

    Its 2,400 tenths of a degree share a 66-pixel slider less the handle's length (in a 1280x800 window), so while
    Play moves the spine most new values the panels' pace brings leave the handle on the same pixel (72 % in
    docs/performance-session32-panels.py); QSlider repaints itself (and, through the
    panel's frame, the group box under it) for each new value all the same. :meth:`set_shown` gives such a value
    to the slider without asking for a repaint: what the slider draws (Fusion, and the common style: the groove,
    its filled part up to the handle, the handle) is placed by the handle's rectangle alone, so the picture on
    screen is the one a repaint would draw.
    """

    repaint_moved_only = True
    """False: every new value repaints the slider, as before session 32 (the measuring script's A/B)."""

    def __init__(self, orientation) -> None:
        super().__init__(orientation)
        self._still = False  # the value being set leaves the handle where it is drawn: no repaint
        self._travel: tuple | None = None  # (lowest value, highest, the handle's travel in pixels), once a layout

    def handle_at(self, value: int) -> QRect:
        """The handle's rectangle (widget pixels) the style draws for ``value``."""
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        opt.sliderPosition = opt.sliderValue = value
        return self.style().subControlRect(QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle,
                                           self)

    def travel(self) -> tuple | None:
        """(lowest value, highest, the handle's travel in pixels); None for a slider not laid out left to right.

        The common style (and Fusion, built on it) puts the handle ``QStyle.sliderPositionFromValue`` of its travel
        (the groove less the handle's length) from its place at the lowest value, so the travel is measured from
        the handle's rectangles at the two ends once a size, range and style (forgotten when one changes), and a
        value's place costs one integer division.
        """
        if self._travel is None:
            if (self.orientation() != Qt.Orientation.Horizontal or self.invertedAppearance()
                    or self.layoutDirection() != Qt.LayoutDirection.LeftToRight):
                return None
            low, high = self.minimum(), self.maximum()
            self._travel = (low, high, self.handle_at(high).x() - self.handle_at(low).x())
        return self._travel

    def set_shown(self, value: int) -> None:
        """``setValue(value)``, with no repaint when the handle stays where it is drawn."""
        now = self.value()
        if value == now:
            return
        if self.repaint_moved_only and not self.isSliderDown():
            travel = self.travel()
            if travel is not None:
                low, high, span = travel
                self._still = (QStyle.sliderPositionFromValue(low, high, value, span, False)
                               == QStyle.sliderPositionFromValue(low, high, now, span, False))
        try:
            self.setValue(value)
        finally:
            self._still = False

    def sliderChange(self, change) -> None:  # Qt override: QAbstractSlider's is update() alone
        if change != QAbstractSlider.SliderChange.SliderValueChange:
            self._travel = None  # a new range or orientation
        elif self._still:
            return
        super().sliderChange(change)

    def resizeEvent(self, event) -> None:  # Qt override
        self._travel = None
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:  # Qt override: a new style, font or direction moves the handle
        self._travel = None
        super().changeEvent(event)


class AngleBox(QDoubleSpinBox):
    """The angle's number box, whose new value repaints its text alone (issue 13, session 32).

    QDoubleSpinBox repaints its whole self for each new value (its frame and arrows too), and since its text field
    draws no background of its own inside a spin box, Qt paints the row, the panel's frame and the dock under the
    field as well. Here the field fills its own rectangle with the base colour the box draws there (so it covers
    what is under it, and Qt paints nothing beneath it), and :meth:`set_shown` gives the box a new value without the
    box's own repaint while its arrows stay as they are (the value neither at nor coming from an end of the range).
    The picture is the one a whole repaint draws (tests/app/test_panel_repaints.py compares the screen's pixels).
    """

    repaint_text_only = True
    """False: every new value repaints the whole box and what is under it, as before session 32 (the A/B)."""

    def __init__(self) -> None:
        super().__init__()
        self.lineEdit().setAutoFillBackground(self.repaint_text_only)

    def set_shown(self, value: float) -> None:
        """``setValue(value)``, repainting only the text field while the arrows stay as they are."""
        if not self.repaint_text_only:
            if self.lineEdit().autoFillBackground():
                self.lineEdit().setAutoFillBackground(False)
            self.setValue(value)
            return
        low, high, now = self.minimum(), self.maximum(), self.value()
        if (not (low < now < high and low < round(value, self.decimals()) < high) or self.wrapping()
                or self.specialValueText()):
            self.setValue(value)  # the arrows' state may change (or the text is not the number): the whole box
            return
        self.setAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled, True)  # the box's own update() does nothing; its
        try:  # text field (a child, with its own flag) still repaints its new text
            self.setValue(value)
        finally:
            self.setAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled, False)


class AngleRow(QWidget):
    """A slider and a number box that stay in step; the slider works in tenths of a degree."""

    def __init__(self, label: str, tip: str, limit: int, on_change, on_grab) -> None:
        super().__init__()
        self.slider = AngleSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(-limit * 10, limit * 10)
        self.slider.setMinimumHeight(28)
        self.slider.setPageStep(50)
        self.box = AngleBox()
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
        self.slider.set_shown(round(v * 10))
        self.box.set_shown(v)
        for w in (self.slider, self.box):
            w.blockSignals(False)


SCENE_ANIMATION = "__scene__"
"""The animation box's entry for a scene's own (inline) animation."""
SPEEDS = (0.5, 1.0, 1.5, 2.0)


class MotionPanel(QGroupBox):
    """Sliders, "Moves", reset and the animation controls: a view of the live scene that edits it."""

    skip_unchanged = True
    """False: each pace works the timeline's motion out again, words the clamped note again and searches the region
    box, as before session 32 (the measuring script's A/B; :attr:`AngleSlider.repaint_moved_only` is the other)."""

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
        self._clamped_for: tuple | None = None  # the clamps and audience the note was last worded for
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
        quick = self.skip_unchanged
        # a tick's state: the motion the tick has (not the timeline worked out again)
        motion = self.live.motion_of(state) if quick else state.current_motion()
        if not moment:
            for row in self.rows.values():  # patients see the sliders without numbers of degrees
                row.box.setVisible(state.audience != "patient")
        for name, *_ in ANGLES:
            if abs(self.rows[name].value() - getattr(motion, name)) > 0.05:
                self.rows[name].set_value(getattr(motion, name))
        _select(self.region, motion.region, quick)
        held = getattr(self, "_held", None)
        clamps = self.live.pose().clamped or (held[1] if held is not None and held[0] == motion else ())
        if not quick or (clamps, state.audience) != self._clamped_for:  # the same note: not worded again
            self._clamped_for = (clamps, state.audience)
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


def _select(combo: QComboBox, data, quick: bool = True) -> None:
    """Show ``data`` in ``combo`` without emitting a user edit (``quick``: no search when it is shown already)."""
    if quick and combo.currentData() == data:
        return
    i = combo.findData(data)
    if i >= 0 and i != combo.currentIndex():
        combo.blockSignals(True)
        combo.setCurrentIndex(i)
        combo.blockSignals(False)
