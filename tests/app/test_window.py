"""The real main window, driven headless on Xvfb: motion, animation, layers, picking, info, screenshots."""

import imageio.v3 as iio
import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from spineviz.motion import parse_motion

from ..render.imagecompare import assert_matches_baseline, assert_not_blank

pytestmark = pytest.mark.gui


def _matrix(actor):
    return np.array(actor.user_matrix)


def test_window_builds_the_spine(window):
    assert len(window.actors.bones) == 25 and len(window.actors.cartilage) == 96
    view = window.plotter.interactor  # the 3D view fills its place in the middle of the window
    assert view.parentWidget() is window.centralWidget() and view.isVisible()
    assert view.size() == window.centralWidget().size()


def test_slider_moves_vertebrae_and_recolours_facets(window, qtbot):
    window.live.update(loads=True)
    l1_before = _matrix(window.actors.bones["L1"])
    colour_before = window.actors.cartilage[("L4/5 left", "lower")].prop.color
    row = window.motion_panel.rows["flexion"]
    row.slider.setValue(-200)  # 20 degrees of extension
    qtbot.wait(50)
    assert row.box.value() == pytest.approx(-20.0)
    assert not np.allclose(_matrix(window.actors.bones["L1"]), l1_before)
    assert window.actors.cartilage[("L4/5 left", "lower")].prop.color != colour_before
    assert np.allclose(_matrix(window.actors.bones["S1"]), window.spine.frames[24])


def test_number_box_drives_the_slider(window):
    window.motion_panel.rows["axial_rotation"].box.setValue(12.5)
    assert window.motion_panel.rows["axial_rotation"].slider.value() == 125
    assert window.live.state.motion.axial_rotation == pytest.approx(12.5)


def test_animation_advances_and_pause_stops(window, qtbot):
    window.motion_panel.toggle_play()
    assert window.live.playing
    qtbot.waitUntil(lambda: window.live.frames >= 3, timeout=10000)
    window.motion_panel.toggle_play()
    assert not window.live.playing
    frames = window.live.frames
    qtbot.wait(200)
    assert window.live.frames == frames
    assert window.live.state.animation.time > 0


def test_grabbing_a_slider_mid_animation_takes_over(window, qtbot):
    window.motion_panel.toggle_play()
    qtbot.waitUntil(lambda: window.live.frames >= 1, timeout=10000)
    row = window.motion_panel.rows["lateral_bending"]
    qtbot.mousePress(row.slider, Qt.MouseButton.LeftButton, pos=QPoint(row.slider.width() // 4,
                                                                       row.slider.height() // 2))
    qtbot.mouseRelease(row.slider, Qt.MouseButton.LeftButton)
    assert not window.live.playing and window.live.state.animation is None


def test_layers_hide_actors(window):
    window.layers_panel.checks["discs"].setChecked(False)
    assert not any(a.GetVisibility() for a in window.actors.discs.values())
    window.layers_panel.checks["cartilage"].setChecked(False)
    assert not any(a.GetVisibility() for a in window.actors.cartilage.values())
    window.layers_panel.region.setCurrentIndex(window.layers_panel.region.findData("cervical"))
    assert window.actors.bones["C5"].GetVisibility() and not window.actors.bones["L4"].GetVisibility()
    window.layers_panel.isolate.setCurrentIndex(window.layers_panel.isolate.findData("L4"))
    shown = {n for n, a in window.actors.bones.items() if a.GetVisibility()}
    assert shown == {"L3", "L4", "L5"}


def _screen_point(window, world):
    ren = window.plotter.renderer
    ren.SetWorldPoint(*world, 1.0)
    ren.WorldToDisplay()
    x, y, _ = ren.GetDisplayPoint()
    return round(x), round(y)


def test_clicking_a_facet_selects_it_and_fills_the_info_panel(window, qtbot):
    joint = next(j for j in window.spine.model.joints if j.name == "L4/5 right")
    # look straight at the joint surface (bone hidden: from outside, processes cover the joint)
    for a in window.actors.bones.values():
        a.SetVisibility(False)
    cam = window.plotter.camera
    cam.position = tuple(joint.centre + 250 * joint.normal)
    cam.focal_point = tuple(joint.centre)
    cam.up = (0.0, 0.0, 1.0)
    window.plotter.renderer.ResetCameraClippingRange()
    window.render_now()
    x, y = _screen_point(window, joint.centre + 2.0 * joint.v)
    widget = window.plotter.interactor
    ratio = widget.devicePixelRatioF()
    qt_pos = QPoint(int(x / ratio), int(widget.height() - y / ratio))
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=qt_pos)
    qtbot.waitUntil(lambda: window.live.state.selection is not None, timeout=3000)
    assert window.live.state.selection == "L4/5 right"
    html = window.info_panel.body.text()
    assert "L4/5 right facet joint" in html and "load" in html and "Buttock" in html


def test_drag_still_rotates_and_does_not_select(window, qtbot):
    widget = window.plotter.interactor
    before = np.array(window.plotter.camera.position)
    centre = QPoint(widget.width() // 2, widget.height() // 2)
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=centre)
    for dx in range(0, 80, 10):
        qtbot.mouseMove(widget, centre + QPoint(dx, 0))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=centre + QPoint(80, 0))
    assert window.live.state.selection is None
    assert window.live.state.camera.explicit  # the camera the user chose is the scene's now
    assert not np.allclose(before, np.array(window.plotter.camera.position))


def test_info_panel_for_a_vertebra_and_audiences(window):
    window.live.select("L4")
    assert "L4 vertebra" in window.info_panel.body.text() and "51.6" in window.info_panel.body.text()
    window.live.select("L5/S1 left")
    window.live.update(audience="patient")
    text = window.info_panel.body.text()
    assert " N " not in text and "pressed" in text
    assert "clinician now" in window.info_panel.safety.text()
    window.live.update(audience="educator")
    assert window.info_panel.safety.text()


def test_educator_mode_turns_labels_on(window):
    window.audience.setCurrentIndex(window.audience.findData("educator"))
    assert window.live.state.layers.labels


def test_most_loaded_readout_and_note(window):
    window.live.update(loads=True, motion=parse_motion("extension=15", region="lumbar"))
    assert "L5/S1" in window.layers_panel.most.text()
    assert "estimate" in window.layers_panel.note.text()


def test_screenshot_writes_a_non_blank_image_larger_than_the_window(window, tmp_path):
    out = window.save_image(str(tmp_path / "shot.png"), scale=2)
    img = iio.imread(out)
    w, h = window.plotter.window_size
    assert img.shape[1] == 2 * w and img.shape[0] == 2 * h
    assert_not_blank(tmp_path / "shot.png")


def test_shortcuts_are_listed(window):
    text = window.shortcuts_text()
    for key in ("Space", "F1", "Ctrl+Shift+S"):
        assert key in text


def test_the_chairside_preset_switches_to_the_clinicians_view(window):
    """The Audience box and the one state agree after a switch on the chairside preset, whose article heading
    exists only in the patient version (it used to raise in the slot: the box said Clinician, the state
    stayed patient)."""
    from spineviz.scene.presets import CHAIRSIDE

    window.scenes.open_preset(CHAIRSIDE)
    assert window.live.state.audience == "patient"
    window.audience.setCurrentIndex(window.audience.findData("clinician"))
    assert window.live.state.audience == "clinician" == window.audience.currentData()
    assert window.live.state.document.article == "why-facets-hurt"
    window.audience.setCurrentIndex(window.audience.findData("educator"))
    assert window.live.state.audience == "educator" and window.live.state.layers.labels


def test_standard_views_move_the_camera(window, qtbot):
    positions = []
    for view in ("anterior", "posterior", "superior"):
        window.set_view(view)
        qtbot.waitUntil(lambda: not window.camera.moving, timeout=30000)  # software GL on a shared machine
        positions.append(np.array(window.plotter.camera.position))
    assert positions[0][1] > 0 > positions[1][1]
    assert positions[2][2] > positions[0][2]


def test_close_during_animation_is_clean(qtbot):
    from spineviz.app.window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.motion_panel.toggle_play()
    qtbot.waitUntil(lambda: w.live.frames >= 1, timeout=10000)
    w.close()
    assert not w.live.timer.isActive()
    w.close()


def test_settings_are_remembered(qtbot):
    from spineviz.app.window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.live.update(audience="patient")
    w.live.update_layers(labels=True)
    w.close()
    w2 = MainWindow()
    qtbot.addWidget(w2)
    assert w2.live.state.audience == "patient" and w2.live.state.layers.labels
    w2.live.update(audience="clinician")
    w2.live.update_layers(labels=False)
    w2.close()


@pytest.mark.parametrize("state", ["neutral", "lumbar-extension-loads"])
def test_main_window_image_regression(window, qtbot, tmp_path, state):
    window.live.update(audience="clinician")
    window.live.update_layers(labels=False)
    if state != "neutral":
        window.live.update(loads=True, motion=parse_motion("extension=15", region="lumbar"))
    else:
        window.live.update(loads=False)
    window.set_view("left")
    qtbot.waitUntil(lambda: not window.camera.moving, timeout=60000)
    window.render_now()
    qtbot.wait(100)
    out = tmp_path / f"{state}.png"
    window.grab().save(str(out))
    assert_matches_baseline(out, f"window-{state}", mean_tol=3.0, outlier_tol=0.03)


def test_settings_start_clean_in_tests(window, tmp_path_factory):
    assert str(tmp_path_factory.getbasetemp()) in window.settings.fileName()
