"""Scenes in the app: presets, save/open round trip, export with progress and cancel, start page."""

from pathlib import Path

import imageio.v3 as iio
import pytest

from spineviz.app.scene_bridge import apply_scene, same_scene, scene_from_window
from spineviz.scene import load_scene
from spineviz.scene.presets import CHAIRSIDE, list_presets, load_preset

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("preset", [p.id for p in list_presets()])
def test_every_preset_opens_in_the_app(window, preset):
    window.scenes.open_preset(preset)
    scene = load_preset(preset)
    st = window.controller.state
    assert st.region == scene.region and st.loads == scene.loads and st.audience == scene.audience
    if scene.selection:
        assert st.selection[1] == scene.selection


def test_chairside_one_click(window):
    act = next(a for a in window.actions() if a.shortcut().toString() == "Ctrl+Return")
    act.trigger()
    st = window.controller.state
    assert st.loads and window.windowTitle().startswith("spineviz — ")
    assert load_preset(CHAIRSIDE).title in window.windowTitle()


def test_save_then_open_gives_the_same_scene(window, tmp_path, qtbot):
    from spineviz.motion import parse_motion

    window.controller.update(loads=True, motion=parse_motion("extension=12, rotation=5", region="lumbar"),
                             region="lumbar", labels=True, bone_opacity=0.6, selection=("facet", "L4/5 right"),
                             audience="educator")
    before = scene_from_window(window, "My scene", "A caption.")
    path = tmp_path / "s.toml"
    window.scene_meta = ("My scene", "A caption.")
    assert window.scenes.save_to(path)
    saved = load_scene(path)
    assert same_scene(saved, before)
    window.controller.update(loads=False, region="all", selection=None)
    assert window.scenes.open_path(path)
    assert same_scene(scene_from_window(window, "My scene", "A caption."), saved)


def test_opening_a_broken_scene_keeps_what_was_shown(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    bad = tmp_path / "bad.toml"
    bad.write_text("version = 1\n[motion]\nflexion = 'far'\n", encoding="utf-8")
    window.controller.update(region="cervical")
    assert not window.scenes.open_path(bad)
    assert "bad.toml" in shown[0]
    assert window.controller.state.region == "cervical"


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
    assert window.controller.state.loads
    page.close()


def test_apply_scene_resets_leftovers(window):
    window.controller.update(isolate="L4", selection=("bone", "L4"))
    apply_scene(window, load_preset(list_presets()[0].id))
    assert window.controller.state.isolate is None
