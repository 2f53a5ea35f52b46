"""Where does it hurt? on the real window: clicks, drags and keys mark zones, the joints are listed and lit in 3D."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui


def _colour(window, joint: str) -> tuple[float, ...]:
    return tuple(round(c, 2) for c in window.actors.cartilage[(joint, "upper")].prop.color)[:3]


def _point(view, mark: str) -> QPoint:
    return view.to_widget(*view.picture.centre_of(mark)).toPoint()


@pytest.fixture
def pain(window, qtbot):
    link = window.pain_map
    link.dock.show()
    link.dock.raise_()
    window.resizeDocks([link.dock], [700], Qt.Orientation.Horizontal)
    qtbot.waitExposed(link.panel.view)
    return link


def test_clicking_zones_lists_the_ranked_joints_and_lights_them_in_3d(window, pain, qtbot):
    from spineviz.app.explain import FREQUENCY_COLOURS
    from spineviz.content.painmap import rank_joints

    view, panel = pain.panel.view, pain.panel
    plain = _colour(window, "L4/5 left")
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_point(view, "buttock-left"))
    assert panel.marks == ("buttock-left",)
    expected = [r.name for r in rank_joints(["buttock-left"])]
    assert [line.split(" \u2014 ")[0] for line in panel.joint_lines()] == expected
    assert panel.joint_lines()[0] == "L4/5 left \u2014 Typical"  # the clinician's words by default
    assert _colour(window, "L4/5 left") == tuple(round(c, 2) for c in FREQUENCY_COLOURS["typical"])
    assert _colour(window, "L4/5 right") == plain  # the other side is not marked
    assert panel.caveat.isVisible() and "diagnostic blocks" in panel.caveat.text()

    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_point(view, "occiput-right"))
    assert set(panel.marks) == {"buttock-left", "occiput-right"}
    assert any(line.startswith("C") for line in panel.joint_lines())
    assert 'data-mark="occiput-right"' in view.picture.svg and view.picture.marks == panel.marks

    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_point(view, "buttock-left"))  # click again: cleared
    assert panel.marks == ("occiput-right",)
    assert _colour(window, "L4/5 left") == plain


def test_a_drag_marks_every_zone_it_passes(window, pain, qtbot):
    view, panel = pain.panel.view, pain.panel
    start, end = _point(view, "low_back-right"), _point(view, "posterior_thigh-right")
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 21):
        pos = start + (end - start) * (k / 20)
        # qtbot.mouseMove carries no pressed button; send the drag as Qt delivers it
        QApplication.sendEvent(view, QMouseEvent(QMouseEvent.Type.MouseMove, pos.toPointF(),
                                                 view.mapToGlobal(pos).toPointF(), Qt.MouseButton.NoButton,
                                                 Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end)
    assert {"low_back-right", "buttock-right", "posterior_thigh-right"} <= set(panel.marks)
    assert all(m.endswith("-right") for m in panel.marks)


def test_the_keyboard_walks_the_zones_and_space_marks_one(window, pain, qtbot):
    view, panel = pain.panel.view, pain.panel
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    first = view.focus_mark
    assert first == view.picture.zone_order()[0]
    assert f'data-focus="{first}"' in view.picture.svg
    qtbot.keyClick(view, Qt.Key.Key_Down)
    second = view.focus_mark
    assert second == view.picture.zone_order()[1]
    playing = window.live.playing
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert panel.marks == (second,)
    assert window.live.playing == playing  # Space marked the zone; it did not start the animation
    assert panel.joint_lines()
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.focus_mark == first
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # Tab leaves the picture at once: its zones are no Tab trap
    assert view.focus_mark is None and "data-focus" not in view.picture.svg


def test_marks_are_saved_in_scenes_and_shown_again(window, pain, qtbot, tmp_path):
    from spineviz.app.explain import FREQUENCY_COLOURS
    from spineviz.scene import load_scene

    pain.panel.set_marks(["groin-left", "buttock-left"])
    assert window.live.state.pain_marks == ("groin-left", "buttock-left")  # the marks live in the one state
    path = tmp_path / "marked.toml"
    assert window.scenes.save_to(path)
    assert load_scene(path).pain_marks == ("groin-left", "buttock-left")
    pain.panel.set_marks([])
    assert window.live.state.pain_marks == ()
    assert window.scenes.open_path(path)
    assert pain.panel.marks == ("groin-left", "buttock-left")
    assert pain.panel.joint_lines()
    assert _colour(window, "L4/5 left") == tuple(round(c, 2) for c in FREQUENCY_COLOURS["typical"])


def _front_point(view, mark: str) -> QPoint:
    [target] = [t for t in view.picture.targets if t.mark == mark and t.view == "front"]
    return view.to_widget(*target.centre).toPoint()


def test_the_front_view_marks_the_groin_and_the_chest_gets_advice_not_joints(window, pain, qtbot):
    view, panel = pain.panel.view, pain.panel
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_front_point(view, "groin-right"))
    assert panel.marks == ("groin-right",)
    assert {line.split(" \u2014 ")[0] for line in panel.joint_lines()} == {
        f"{j} right" for j in ("L1/2", "L2/3", "L3/4", "L4/5", "L5/S1")}  # fmt: skip
    assert not panel.advice.isVisible()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_front_point(view, "chest-left"))
    assert set(panel.marks) == {"groin-right", "chest-left"}
    assert panel.advice.isVisible() and "doctor first" in panel.advice.text()
    assert "chest" in panel.advice.text().lower()
    assert panel.caveat.isVisible()
    window.grab().save(str(_screenshot_dir() / "painmap-front.png"))


def _screenshot_dir():
    import os
    from pathlib import Path

    out = Path(os.environ.get("SPINEVIZ_SCREENSHOTS", "/tmp/spineviz-screens"))
    out.mkdir(parents=True, exist_ok=True)
    return out
