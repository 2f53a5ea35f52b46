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
