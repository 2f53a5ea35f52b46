"""Issue 13: while Play runs, the side panels follow the spine a few times a second, and exactly at rest.

Each repaint of the docks costs the 3D view part of its frame, so the panels are told of a new moment of
the animation at most every ``PANEL_MS``; anything else (a new selection) reaches them at once, and
pausing shows exactly the moment where the spine stopped.
"""

import pytest

from spineviz.anatomy.levels import parse_facet_joint
from spineviz.app.live_scene import PANEL_MS
from spineviz.app.motion_panel import ANGLES

pytestmark = pytest.mark.gui


def _sliders(window) -> tuple[float, ...]:
    return tuple(window.motion_panel.rows[name].value() for name, *_ in ANGLES)


def _motion(window) -> tuple[float, ...]:
    motion = window.live.state.current_motion()
    return tuple(getattr(motion, name) for name, *_ in ANGLES)


def _close(a, b) -> bool:
    return all(abs(x - y) <= 0.05 for x, y in zip(a, b, strict=True))


def _load_text(window) -> str:
    """The selected joint's load as the information panel should word it for the state now."""
    newtons = window.live.loads().newtons[parse_facet_joint(window.live.state.selection).index]
    return f"load {float(newtons):.0f} N"


def test_panels_follow_play_at_their_pace_and_exactly_at_rest(window, qtbot):
    live = window.live
    live.update(loads=True)
    live.select("L4/5 left")
    live.play("flexion_extension")
    live.timer.start(2**31 - 1)  # playing, but the test makes the ticks: none comes by itself
    qtbot.wait(PANEL_MS + 100)
    sliders, info = _sliders(window), window.info_panel.body.text()
    for _ in range(6):  # six frames, no event loop in between: the pace timer cannot have come due
        live._tick()
    assert not _close(_motion(window), sliders), "the spine moved over six ticks"
    assert _sliders(window) == sliders and window.info_panel.body.text() == info, "no panel update per tick"
    qtbot.waitUntil(lambda: _close(_sliders(window), _motion(window)), timeout=PANEL_MS * 10)
    assert _load_text(window) in window.info_panel.body.text()
    # a change that is not a new moment reaches the panels at once, mid-play
    live.select("L3/4 right")
    assert "L3/4 right facet joint" in window.info_panel.body.text()
    live._tick()
    live._tick()
    live.pause()  # at rest: exactly the moment the spine stopped at, without waiting
    assert _close(_sliders(window), _motion(window))
    assert _load_text(window) in window.info_panel.body.text()
    shown = window.info_panel.body.text()
    window.info_panel.refresh()
    assert window.info_panel.body.text() == shown


def test_sliders_moved_by_hand_update_the_panels_at_once(window):
    """Not playing: every change reaches the panels as it happens (no pacing of the user's own edits)."""
    from spineviz.motion import Motion

    live = window.live
    live.update(loads=True)
    live.select("L4/5 left")
    for angle in (4.0, 9.0, -6.0):
        live.set_motion(Motion(flexion=angle, region="lumbar"))
        assert _close(_sliders(window), _motion(window))
        assert _load_text(window) in window.info_panel.body.text()


class _LayoutRequests:
    """Counts ``QEvent.LayoutRequest`` delivered to a dock or anything inside it (Qt laying it out again)."""

    def __init__(self, dock):
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QApplication, QWidget

        self.dock, self.count = dock, 0
        outer = self

        class Filter(QObject):
            def eventFilter(self, obj, event):
                if (event.type() == QEvent.Type.LayoutRequest and isinstance(obj, QWidget)
                        and (obj is outer.dock or outer.dock.isAncestorOf(obj))):
                    outer.count += 1
                return False

        self._filter = Filter()
        self._app = QApplication.instance()
        self._app.installEventFilter(self._filter)

    def close(self):
        self._app.removeEventFilter(self._filter)


def _settle(dock, qtbot) -> None:
    """Wait until the dock has had no layout request for a quarter of a second (the window done settling)."""
    counter = _LayoutRequests(dock)
    try:
        for _ in range(40):
            counter.count = 0
            qtbot.wait(250)
            if counter.count == 0:
                return
    finally:
        counter.close()
    raise AssertionError("the dock kept being laid out")


def _moments(window, qtbot, dock_name: str, shown, expected) -> tuple[int, list[str]]:
    """Play, raise the dock, then pass the panels twelve moments over a cycle, each as its pace would.

    Returns the layout requests counted inside the dock and the texts shown; checks each text against the
    loads of its moment and that the whole text is in view (nothing clipped).
    """
    from dataclasses import replace

    from PySide6.QtWidgets import QApplication, QDockWidget

    live = window.live
    live.play("flexion_extension")
    live.timer.start(2**31 - 1)  # playing; the test makes the moments
    dock = window.findChild(QDockWidget, dock_name)
    dock.show()
    dock.raise_()
    qtbot.waitUntil(dock.isVisible)
    anim = live.state.animation
    live.update(animation=replace(anim, time=round(anim.cycle / 24, 6)))
    live._pass_on()  # the first moment after a new setting may lay the dock out; the ones that follow must not
    _settle(dock, qtbot)
    counter, texts = _LayoutRequests(dock), []
    try:
        for k in range(1, 13):
            live.update(animation=replace(anim, time=round(anim.cycle * k / 12, 6)))
            live._pass_on()  # what the pace timer does every PANEL_MS
            QApplication.processEvents()
            label = shown()
            texts.append(label.text())
            for part in expected():
                assert part in label.text(), (part, label.text())
            drawn = getattr(label, "label", label)  # the QLabel that draws the text
            assert drawn.heightForWidth(drawn.width()) <= drawn.height(), "the text is clipped"
        QApplication.processEvents()
    finally:
        counter.close()
        live.pause()
    return counter.count, texts


def test_the_most_loaded_line_follows_the_loads_without_laying_the_panel_out_again(window, qtbot):
    window.live.update(loads=True)

    def expected():
        return [f"{name} ({v:.0f} N)" for name, v in window.live.loads().most_loaded(3)]

    requests, texts = _moments(window, qtbot, "dockDisplay", lambda: window.layers_panel.most, expected)
    assert len(set(texts)) >= 6, texts  # the line did follow the moving spine
    assert requests == 0, f"{requests} layout requests in the Display dock over 12 new loads"


def test_the_selected_joints_reading_follows_the_loads_without_laying_the_dock_out_again(window, qtbot):
    live = window.live
    live.select("L4/5 left")

    def expected():
        i = parse_facet_joint("L4/5 left").index
        loads = live.loads()
        return ["L4/5 left facet joint", f"Gap {float(loads.gap[i]):.2f} mm", f"load {float(loads.newtons[i]):.0f} N"]

    requests, texts = _moments(window, qtbot, "dockInformation", lambda: window.info_panel.body, expected)
    assert len(set(texts)) >= 6, texts
    assert requests == 0, f"{requests} layout requests in the Information dock over 12 new readings"


def test_a_steady_label_grows_rather_than_clip_a_text_longer_than_its_room(qtbot):
    """The room is a promise of the caller; a text that breaks it is laid out once, never cut off."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from spineviz.app.steady_label import SteadyLabel

    holder = QWidget()
    qtbot.addWidget(holder)
    label = SteadyLabel()
    lay = QVBoxLayout(holder)
    lay.addWidget(label)
    lay.addStretch(1)
    holder.resize(220, 400)
    holder.show()
    qtbot.waitExposed(holder)
    label.setText("Most loaded: L4/5 left (88 N)", ["Most loaded: L8/8 right (888 N)"])
    qtbot.wait(50)
    one_line = label.height()
    long_text = "Most loaded: " + ", ".join(f"L{i}/{i + 1} left ({100 + i} N)" for i in range(1, 5))
    label.setText(long_text, ["Most loaded: L8/8 right (888 N)"])
    qtbot.waitUntil(lambda: label.height() > one_line)
    assert label.label.heightForWidth(label.width()) <= label.label.height(), "the long text is clipped"
    assert label.text() == long_text
    holder.close()
