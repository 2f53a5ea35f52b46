"""Scenes in the app: what you see is what you save; presets round-trip; export with progress and cancel."""

import dataclasses
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pytest

from spineviz.scene import Layers, load_scene
from spineviz.scene.presets import CHAIRSIDE, list_presets, load_preset

pytestmark = pytest.mark.gui

PRESETS = [p.id for p in list_presets()]


def _marked_rings(window) -> int:
    """How many joint rings the 3D view draws (40 points a ring)."""
    actor = window.plotter.actors.get("joint_marks")
    if actor is None or not actor.GetVisibility():
        return 0
    return actor.mapper.dataset.n_points // 40


@pytest.mark.parametrize("preset", PRESETS)
def test_preset_round_trips_and_every_panel_shows_it(window, preset, tmp_path):
    scene = load_preset(preset)
    window.scenes.open_preset(preset)
    assert window.live.state == scene
    path = tmp_path / "saved.toml"
    assert window.scenes.save_to(path)
    assert load_scene(path) == scene  # what was shown is what was saved
    window.live.update(region="all", isolate=None, selection=None, highlight=(), loads=not scene.loads)
    assert window.scenes.open_path(path)
    assert window.live.state == scene

    layers, motion = window.layers_panel, window.motion_panel
    assert layers.region.currentData() == scene.region
    assert layers.isolate.currentData() == scene.isolate
    assert layers.loads.isChecked() == scene.loads
    assert layers.xray.value() == round(100 * (1 - scene.layers.bone_transparency))
    assert {k: b.isChecked() for k, b in layers.checks.items()} == {
        "discs": scene.layers.discs, "cartilage": scene.layers.cartilage, "labels": scene.layers.labels}
    moving = scene.current_motion()
    assert motion.region.currentData() == moving.region
    for name, row in motion.rows.items():
        assert row.value() == pytest.approx(getattr(moving, name), abs=0.05)
    if scene.animation is not None:
        want = scene.animation.preset or "__scene__"
        assert motion.preset.currentData() == want
    if scene.selection:
        assert scene.selection.split()[0] in window.info_panel.body.text()
    marked = {j.index for j in scene.highlighted_joints()} | (
        {scene.selected_joint.index} if scene.selected_joint is not None else set())
    assert _marked_rings(window) == len(marked)


def test_chairside_one_click(window):
    act = next(a for a in window.actions() if a.shortcut().toString() == "Ctrl+Return")
    act.trigger()
    assert window.live.state == load_preset(CHAIRSIDE)
    assert load_preset(CHAIRSIDE).title in window.windowTitle()


def test_play_plays_the_scenes_own_animation(window, qtbot):
    """The chairside preset's own extension, not the box's whole-spine flexion-extension."""
    window.scenes.open_preset(CHAIRSIDE)
    own = load_preset(CHAIRSIDE).animation
    window.motion_panel.toggle_play()
    qtbot.waitUntil(lambda: window.live.frames >= 3, timeout=20000)
    window.motion_panel.toggle_play()
    anim = window.live.state.animation
    assert anim.timeline == own.timeline and anim.preset is None
    assert anim.time != own.time
    assert window.live.state.current_motion().region == "lumbar"


def test_choosing_another_animation_is_explicit(window):
    window.scenes.open_preset(CHAIRSIDE)
    box = window.motion_panel.preset
    box.setCurrentIndex(box.findData("flexion_extension"))
    assert window.live.state.animation.preset == "flexion_extension"


def test_x_ray_and_sliders_act_on_the_loaded_scene(window):
    window.scenes.open_preset(CHAIRSIDE)
    window.toggle_xray()  # the scene is already see-through: X makes it solid
    assert window.live.state.layers.bone_transparency == 0.0
    window.motion_panel.rows["flexion"].slider.setValue(-100)
    assert window.live.state.motion.region == "lumbar" and window.live.state.motion.flexion == -10


def _visible_box_on_screen(window):
    return window.viewport.renderer.screen_box()


def _inside(box, size) -> bool:
    left, top, right, bottom = box
    return right - left > 10 and bottom - top > 10 and left >= 0 and top >= 0 and right <= size[0] and \
        bottom <= size[1]


@pytest.mark.parametrize("change", ["region", "isolate", "ctrl1"])
def test_region_and_isolation_reframe_and_never_leave_an_empty_view(window, qtbot, change):
    window.scenes.open_preset(CHAIRSIDE)
    if change == "region":
        window.layers_panel.region.setCurrentIndex(window.layers_panel.region.findData("cervical"))
        shown = "C4"
    elif change == "isolate":
        window.layers_panel.isolate.setCurrentIndex(window.layers_panel.isolate.findData("T4"))
        shown = "T4"
        assert window.live.state.region == "all" and window.live.state.isolate == "T4"
    else:
        act = next(a for a in window.actions() if a.shortcut().toString() == "Ctrl+1")
        act.trigger()
        shown = "C4"
        assert window.live.state.region == "cervical"
    qtbot.waitUntil(lambda: not window.camera.moving, timeout=30000)
    assert window.actors.bones[shown].GetVisibility()
    assert _inside(_visible_box_on_screen(window), window.plotter.window_size)
    from spineviz.render.posed import posed_bounds

    box = window.viewport.renderer.screen_box(posed_bounds(window.spine, window.live.pose().transforms, [shown]))
    assert _inside(box, window.plotter.window_size)


def test_selected_facet_is_marked_with_loads_on(window):
    """The ring marks the joint; the joint itself keeps its load colour."""
    from spineviz.anatomy.levels import parse_facet_joint
    from spineviz.render import look

    window.live.update(loads=True, selection="L4/5 right")
    assert _marked_rings(window) == 1
    k = parse_facet_joint("L4/5 right").index
    want = look.newton_colours(window.live.loads().newtons)[k]
    assert np.allclose(window.actors.cartilage[("L4/5 right", "lower")].prop.color.float_rgb, want, atol=0.01)


def test_highlight_regions_view_and_zoom_survive_open_then_save(window, tmp_path):
    scene = dataclasses.replace(load_preset(CHAIRSIDE), highlight=("L4/5", "L5/S1 left"),
                                layers=dataclasses.replace(load_preset(CHAIRSIDE).layers,
                                                           regions=("lumbar", "sacral")),
                                camera=dataclasses.replace(load_preset(CHAIRSIDE).camera, view="posterior", zoom=1.4))
    src = tmp_path / "src.toml"
    from spineviz.scene import save_scene

    save_scene(scene, src)
    assert window.scenes.open_path(src)
    out = tmp_path / "out.toml"
    assert window.scenes.save_to(out)
    again = load_scene(out)
    assert again.highlight == scene.highlight and again.layers.regions == ("lumbar", "sacral")
    assert again.camera.view == "posterior" and again.camera.zoom == 1.4
    assert again == load_scene(src)
    assert isinstance(again.layers, Layers)


def test_opening_a_broken_scene_keeps_what_was_shown(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    bad = tmp_path / "bad.toml"
    bad.write_text("version = 1\n[motion]\nflexion = 'far'\n", encoding="utf-8")
    window.live.set_region("cervical")
    assert not window.scenes.open_path(bad)
    assert "bad.toml" in shown[0]
    assert window.live.state.region == "cervical"


def test_save_refuses_to_overwrite_an_unreadable_file_without_asking(window, tmp_path):
    target = tmp_path / "notes.toml"
    target.write_text("this is not a scene, it is someone's notes\n", encoding="utf-8")
    assert not window.scenes.save_to(target, ask=lambda: False)
    assert target.read_text(encoding="utf-8").startswith("this is not a scene")
    assert window.scenes.save_to(target, ask=lambda: True)
    assert load_scene(target).version == 1


def test_export_png_and_cancelled_gif(window, tmp_path):
    from PySide6.QtWidgets import QProgressDialog

    window.scenes.open_preset(CHAIRSIDE)
    out = tmp_path / "e.png"
    assert window.scenes.export_to(out)
    assert iio.imread(out).std() > 5
    dialog = QProgressDialog("Exporting…", "Cancel", 0, 100, window)
    dialog.cancel()
    gif = tmp_path / "e.gif"
    assert not window.scenes.export_to(gif, dialog)
    assert not gif.exists() and not list(Path(tmp_path).glob("*.gif*"))


def test_start_page_lists_the_presets(window, qtbot):
    page = window.scenes.show_start_page()
    assert set(page.buttons) == {p.id for p in list_presets()}
    page.buttons[CHAIRSIDE].click()
    assert window.live.state == load_preset(CHAIRSIDE)
    page.close()


def test_opening_a_scene_leaves_nothing_over(window):
    window.live.set_isolate("L4")
    window.live.select("L4")
    window.scenes.open_preset(PRESETS[0])
    assert window.live.state == load_preset(PRESETS[0])
