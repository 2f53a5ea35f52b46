"""The keyboard on the real window (Xvfb): controls keep their keys, Tab has no traps, the 3D view turns,
zooms and selects from the keyboard, every control has a name, and F1 lists every key that is bound."""

import os

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QTextBrowser,
    QWidget,
)

from spineviz.app.keys import bindings
from spineviz.app.live_scene import sided_joint, stepped_joint, stepped_level
from spineviz.motion import Motion

pytestmark = pytest.mark.gui


@pytest.fixture
def active(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    return window


def _focus(widget, qtbot):
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


def _press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key pressed as the user would: delivered to whatever has the focus, shortcuts first.

    With no focus widget there is nothing a user's key would reach; QTest given no target asserts and
    aborts the whole process (conftest), so that is a failure of this test instead.
    """
    target = QApplication.focusWidget()
    assert target is not None, "no widget has the keyboard focus: the window is no longer the active one"
    qtbot.keyClick(target, key, modifier)
    qtbot.wait(10)


def _tab_cycle(window, qtbot, limit=150) -> list[QWidget]:
    """The widgets Tab visits from the 3D view until it comes back to it (or ``limit`` presses)."""
    _focus(window.plotter.interactor, qtbot)
    seen = []
    for _ in range(limit):
        _press(qtbot, Qt.Key.Key_Tab)
        w = QApplication.focusWidget()
        if w is window.plotter.interactor:
            return seen
        seen.append(w)
    raise AssertionError(f"Tab did not come back to the 3D view in {limit} presses; last: {seen[-5:]}")


def test_this_test_process_has_a_display_of_its_own():
    """Keys need the window to stay the active one: no other test process may show windows on its display.

    Two xdist workers on one X server (no window manager) took the keyboard focus from each other whenever
    one activated a window; the other's ``focusWidget()`` went to ``None`` mid-test (conftest).
    """
    owner = os.environ.get("SPINEVIZ_TEST_XVFB_PID")  # set by conftest when it starts the Xvfb in DISPLAY
    if os.environ.get("PYTEST_XDIST_WORKER"):
        assert owner == str(os.getpid()), f"this worker draws on {os.environ.get('DISPLAY')}, started by {owner}"
    else:
        assert owner in (None, str(os.getpid())), f"{os.environ.get('DISPLAY')} belongs to test process {owner}"


# --- shortcuts never steal a focused control's key -------------------------------------------------


def test_space_presses_a_focused_button_or_box_and_plays_only_from_the_view(active, qtbot):
    w = active
    w.live.set_motion(Motion(flexion=12.0))
    _focus(w.motion_panel.reset_button, qtbot)
    _press(qtbot, Qt.Key.Key_Space)
    assert not w.live.playing
    assert w.live.state.current_motion().flexion == 0.0  # the button was pressed
    box = w.layers_panel.checks["discs"]
    before = box.isChecked()
    _focus(box, qtbot)
    _press(qtbot, Qt.Key.Key_Space)
    assert not w.live.playing and box.isChecked() != before and w.live.state.layers.discs != before
    _focus(w.plotter.interactor, qtbot)
    _press(qtbot, Qt.Key.Key_Space)
    assert w.live.playing  # with the 3D view focused, Space is Play
    _press(qtbot, Qt.Key.Key_Space)
    assert not w.live.playing


def test_arrows_on_a_slider_move_the_slider_not_the_view(active, qtbot):
    w = active
    camera = w.live.state.camera
    row = w.motion_panel.rows["flexion"]
    _focus(row.slider, qtbot)
    _press(qtbot, Qt.Key.Key_Right)
    assert row.slider.value() > 0 and w.live.state.current_motion().flexion > 0
    assert w.live.state.camera == camera


def test_typing_a_number_in_a_box_is_not_a_view_key(active, qtbot):
    w = active
    box = w.motion_panel.rows["lateral_bending"].box
    _focus(box, qtbot)
    box.selectAll()
    for key in (Qt.Key.Key_1, Qt.Key.Key_5, Qt.Key.Key_Return):
        _press(qtbot, key)
    assert w.live.state.current_motion().lateral_bending == pytest.approx(15.0)
    assert w.live.state.camera.view == "left"  # "1" did not switch to the front view


# --- Tab order --------------------------------------------------------------------------------------


def test_tab_visits_each_control_once_starting_with_the_toolbar(active, qtbot):
    w = active
    cycle = _tab_cycle(w, qtbot)
    assert len(cycle) == len(set(cycle)), "a control came up twice in one round of Tab"
    toolbar = [w.view_toolbar.widgetForAction(a) for a in w.view_toolbar.actions() if not a.isSeparator()]
    views = [b for b in toolbar if isinstance(b, QAbstractButton)]
    assert len(views) == 6 and cycle[:6] == views  # the view buttons come straight after the 3D view
    assert w.audience in cycle
    browser = w.explanations.documents.browser
    assert browser in cycle  # the reading text is one stop, however many links it holds
    assert browser.toHtml().count("href=") > 20
    assert w.pain_map.panel.view in cycle if w.pain_map.panel.view.isVisible() else True
    # a round of Tab is short enough to use: every panel's controls, but no walk through links or zones
    assert len(cycle) < 60, [type(x).__name__ for x in cycle]


def test_shift_tab_goes_back_the_same_way(active, qtbot):
    w = active
    cycle = _tab_cycle(w, qtbot)
    _focus(cycle[5], qtbot)
    _press(qtbot, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is cycle[4]


def test_the_reading_text_walks_its_links_with_ctrl_down_and_return_follows(active, qtbot):
    w = active
    ex = w.explanations
    ex.documents.open_article("facet-joints")
    browser = ex.documents.browser
    _focus(browser, qtbot)
    _press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    first = browser.textCursor().selectedText()
    assert first and browser.textCursor().charFormat().isAnchor()
    _press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert browser.textCursor().selectedText() and browser.textCursor().position() > 0
    assert QApplication.focusWidget() is browser
    _press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not browser  # Tab leaves at once


# --- the 3D view from the keyboard -----------------------------------------------------------------


def _spine_box(window) -> tuple[int, int]:
    """Width and height (pixels) of what differs from the background in the 3D view's picture."""
    window.render_now()
    img = np.asarray(window.plotter.screenshot(return_img=True))[..., :3].astype(int)
    background = img[:, 2:3]  # the background is a top-to-bottom gradient: each row's own edge colour
    fg = np.abs(img - background).sum(axis=2) > 40
    fg[: img.shape[0] // 12] = False  # the title band
    fg[-img.shape[0] // 8 :] = False  # the legend and caption band
    ys, xs = np.nonzero(fg)
    return int(xs.max() - xs.min()), int(ys.max() - ys.min())


def test_arrows_turn_the_view_and_plus_minus_zoom(active, qtbot):
    w = active
    w.live.set_view("anterior")
    qtbot.waitUntil(lambda: not w.camera.moving, timeout=30000)
    before = np.asarray(w.plotter.screenshot(return_img=True)).astype(int)
    width_front, _ = _spine_box(w)
    _focus(w.plotter.interactor, qtbot)
    for _ in range(6):  # 6 × 15° = a quarter turn: from the front to a side view
        _press(qtbot, Qt.Key.Key_Right)
    cam = w.live.state.camera
    assert cam.explicit
    sight = np.subtract(cam.position, cam.focal_point)
    assert abs(sight[1]) < 0.02 * np.linalg.norm(sight)  # the line of sight is now across the body
    qtbot.wait(50)
    after = np.asarray(w.plotter.screenshot(return_img=True)).astype(int)
    assert np.abs(after - before).sum(axis=2).astype(bool).mean() > 0.02  # the picture turned
    width_side, height_side = _spine_box(w)
    assert width_side != width_front
    _press(qtbot, Qt.Key.Key_Plus)
    _press(qtbot, Qt.Key.Key_Plus)
    qtbot.wait(50)
    _, height_zoomed = _spine_box(w)
    assert height_zoomed > 1.2 * height_side or height_zoomed > 0.7 * w.plotter.interactor.height()
    _press(qtbot, Qt.Key.Key_Minus)
    _press(qtbot, Qt.Key.Key_Minus)
    _press(qtbot, Qt.Key.Key_Minus)
    qtbot.wait(50)
    _, height_out = _spine_box(w)
    assert height_out < height_zoomed


def test_named_view_zoom_keeps_its_name(active, qtbot):
    w = active
    _focus(w.plotter.interactor, qtbot)
    _press(qtbot, Qt.Key.Key_Plus)
    assert w.live.state.camera.view == "left" and w.live.state.camera.zoom == pytest.approx(1.25)


def test_page_and_shift_arrows_select_levels_joints_and_sides(active, qtbot):
    w = active
    _focus(w.plotter.interactor, qtbot)
    _press(qtbot, Qt.Key.Key_PageDown)
    assert w.live.state.selection == "C1"
    _press(qtbot, Qt.Key.Key_PageDown)
    assert w.live.state.selection == "C2"
    _press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert w.live.state.selection == "C2/3 left"
    _press(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert w.live.state.selection == "C2/3 right"
    _press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert w.live.state.selection == "C3/4 right"
    assert "C3/4 right facet joint" in w.info_panel.body.text()  # what the user reads
    _press(qtbot, Qt.Key.Key_PageUp)
    assert w.live.state.selection == "C3"
    _press(qtbot, Qt.Key.Key_Escape)
    assert w.live.state.selection is None


def test_stepping_stays_within_what_is_shown():
    shown = ("L3", "L4", "L5", "S1")
    assert stepped_level(None, 1, shown) == "L3" and stepped_level(None, -1, shown) == "S1"
    assert stepped_level("S1", 1, shown) == "S1" and stepped_level("L3", -1, shown) == "L3"
    assert stepped_level("L4/5 left", 1, shown) == "L5" and stepped_level("L4/5 left", -1, shown) == "L4"
    segs = ("L3/4", "L4/5", "L5/S1")
    assert stepped_joint(None, 1, segs) == "L3/4 left" and stepped_joint(None, -1, segs) == "L5/S1 left"
    assert stepped_joint("L5/S1 right", 1, segs) == "L5/S1 right"
    assert stepped_joint("S1", 1, segs) == "L5/S1 left"  # the sacrum's joint is the one above it
    assert sided_joint("L4", "right", segs) == "L4/5 right" and sided_joint(None, "left", segs) == "L3/4 left"
    assert stepped_level("L4", 1, ()) == "L4"


# --- names and the F1 list --------------------------------------------------------------------------


def test_every_control_in_the_tab_order_has_a_name(active, qtbot):
    unnamed = []
    for w in [active.plotter.interactor, *_tab_cycle(active, qtbot)]:
        name = w.accessibleName() or (w.text() if isinstance(w, QAbstractButton) else "")
        if not name.strip():
            unnamed.append(f"{type(w).__name__} {w.objectName()} {w.toolTip()!r}")
    assert not unnamed, unnamed


def _bound_keys(window) -> dict[str, object]:
    """Every key sequence a QAction or QShortcut anywhere in the window answers to."""
    keys = {}
    for a in window.findChildren(QAction):
        for seq in a.shortcuts():
            keys[seq.toString()] = a
    for s in window.findChildren(QShortcut):
        for seq in s.keys():
            keys[seq.toString()] = s
    keys.pop("", None)
    return keys


def test_f1_lists_every_bound_key_and_every_listed_key_is_bound(active, qtbot):
    w = active
    _focus(w.plotter.interactor, qtbot)
    _press(qtbot, Qt.Key.Key_F1)
    dialog = w.findChild(QDialog, "shortcutsDialog")
    assert dialog is not None and dialog.isVisible()
    shown = dialog.findChild(QTextBrowser).toPlainText()
    bound = _bound_keys(w)
    for seq in bound:
        native = QKeySequence(seq).toString(QKeySequence.SequenceFormat.NativeText)
        assert native in shown, f"{seq} is bound but F1 does not list it"
    for b in bindings():
        assert b.label in shown
        if b.where != "control":
            missing = [k for k in b.keys if QKeySequence(k).toString() not in bound]
            assert not missing, f"{b.id}: listed as {missing} but nothing is bound to it"
    for needed in ("Find in the text", "Turn the spine to the left", "Select the facet joint below", "Zoom in"):
        assert needed in shown
    dialog.close()
