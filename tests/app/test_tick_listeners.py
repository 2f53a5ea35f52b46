"""Issue 13, session 29: a tick of Play tells only the listeners that show the moment.

A tick changes only the animation's time. The window's title and audience box, the explanations, the anatomy
opener and the cut handle show nothing of it: they listen to ``LiveScene.scene_changed``, which a tick does not emit
(``changed``, which the 3D view draws from, still comes every tick). ``frame_advanced`` is emitted only when someone
listens. At their pace the layers and motion panels show only the moment's fields for a new moment alone (the
most-loaded line, read from the kept moment's loads, the sliders and the clamped note). Every listener still follows
a real change made while playing. Fails on main: there is no ``scene_changed``, and each tick reaches every listener.
"""

from __future__ import annotations

import pytest

from spineviz.app.live_scene import PANEL_MS
from spineviz.motion.loads import facet_loads
from spineviz.scene import Animation
from spineviz.scene.clip import ClipPlane
from tests.app.playing import play_held
from tests.app.test_moments_kept import _Clock

pytestmark = pytest.mark.gui


def _counter(signal) -> list:
    seen: list = []
    signal.connect(lambda *a: seen.append(a))
    return seen


def test_a_tick_reaches_only_the_moment_listeners_and_a_real_change_mid_play_reaches_all(window):
    live = window.live
    play_held(window, _Clock(), cycle=False)
    changed, scene, frames = _counter(live.changed), _counter(live.scene_changed), _counter(live.frame_advanced)
    checks: list = []
    for act in window.cut_handle.choices.values():
        own = act.setChecked
        act.setChecked = lambda on, own=own: (checks.append(on), own(on))
    for _ in range(6):
        live._tick()
    assert len(changed) == 6 and scene == [], "a tick tells changed's listeners only"
    assert [n for (n,) in frames] == list(range(live.frames - 5, live.frames + 1)), "frame_advanced when listened to"
    assert checks == [], "the cut handle's menu is not written on a tick"
    # real changes while playing reach the window, the cut handle and (through them) what they show
    live.update(title="Session 29")
    assert len(scene) == 1 and "Session 29" in window.windowTitle()
    live.update(audience="patient")
    assert window.audience.currentData() == "patient"
    live.update(clip=ClipPlane(plane="sagittal"))
    assert window.cut_handle.choices["sagittal"].isChecked() and checks == [True]
    live._tick()
    assert checks == [True], "the same cut: the action is not set again"
    live.update(clip=None)
    assert window.cut_handle.choices["none"].isChecked()
    assert live.playing and len(scene) == 4
    # the A/B switch brings back session 28's: every tick tells scene_changed too
    live.quiet_ticks = False
    live._tick()
    assert len(scene) == 5


def test_the_panels_show_only_the_moment_for_a_new_moment_and_everything_for_a_change(window, qtbot):
    live = window.live
    play_held(window, _Clock(), cycle=False)
    layers, motion = window.layers_panel, window.motion_panel
    calls = {"refresh": 0, "animation": 0}
    own_refresh, own_animation = layers.refresh, motion._show_animation

    def refresh():
        calls["refresh"] += 1
        own_refresh()

    def animation(anim):
        calls["animation"] += 1
        own_animation(anim)

    layers.refresh, motion._show_animation = refresh, animation
    qtbot.wait(PANEL_MS + 50)  # what the set-up changed has reached the panels
    calls.update(refresh=0, animation=0)
    most, before = layers.most.text(), live.state.current_motion()
    for _ in range(8):
        live._tick()
    worked: list = []
    own_loads_for = live.loads_for
    live.loads_for = lambda motion: (worked.append(motion), own_loads_for(motion))[1]
    live._pass_on()  # the panels' pace comes due: a new moment alone
    assert calls == {"refresh": 0, "animation": 0}, calls
    assert worked == [], "the most-loaded line reads the kept moment's loads, no closures worked out again"
    assert live.newtons().tobytes() == facet_loads(live.model, live.pose()).newtons.tobytes()
    assert layers.most.text() != most, "the most-loaded line follows the moment"
    shown_motion = live.state.current_motion()
    for name, row in motion.rows.items():  # the sliders follow the moment on the moment-only path
        assert abs(row.value() - getattr(shown_motion, name)) <= 0.05, (name, row.value(), shown_motion)
    assert any(abs(getattr(shown_motion, name) - getattr(before, name)) > 0.1 for name in motion.rows), (
        "the ticks moved the spine, so the sliders had somewhere to go", before, shown_motion)
    shown = layers.most.text()
    own_refresh()
    assert layers.most.text() == shown, "the line is what a whole refresh shows"
    # a change that is not the moment, while playing: the whole panels at once
    live.set_region("lumbar")
    assert calls["refresh"] == 1 and layers.region.currentData() == "lumbar"
    live.update(audience="patient")
    assert calls == {"refresh": 2, "animation": 2}
    assert all(row.box.isHidden() for row in motion.rows.values()), "patients see no degrees"
    live.update(animation=Animation(preset="flexion_extension", speed=2.0, time=0.0))
    assert motion.speed.currentData() == 2.0 and motion.preset.currentData() == "flexion_extension"


def test_the_widest_of_the_names_is_measured_once_a_font(qtbot):
    """The Display panel's most-loaded line asks for the widest joint name at each pace; it is measured once a font."""
    from PySide6.QtGui import QFont, QFontMetrics

    from spineviz.anatomy.levels import FACET_JOINT_IDS
    from spineviz.app.steady_label import SteadyLabel

    label = SteadyLabel()
    qtbot.addWidget(label)
    names = [jid.name for jid in FACET_JOINT_IDS]
    measured = []
    own = label.label.fontMetrics
    label.label.fontMetrics = lambda: (measured.append(1), own())[1]
    first = label.widest(names)
    assert label.widest(names) == first and len(measured) == 1, "measured once"
    assert first == max(names, key=QFontMetrics(label.label.font()).horizontalAdvance)
    assert label.widest_digits("load 123 N") == label.widest_digits("load 456 N") and len(measured) == 2
    font = QFont(label.label.font())
    font.setPointSize(font.pointSize() + 7)
    font.setBold(True)
    label.label.setFont(font)
    assert label.widest(names) == max(names, key=QFontMetrics(font).horizontalAdvance) and len(measured) == 3
