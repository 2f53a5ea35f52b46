"""The app opens an imported anatomy: shows its source and levels, moves, loads, picks, saves it in the scene,
and goes back to the model."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def lower_lumbar(tmp_path_factory):
    from spineviz.anatomy.importer.pipeline import import_anatomy
    from tests.anatomy.importer.voxelise import VERSE, label_grid, model_bones, save

    folder = tmp_path_factory.mktemp("gui-anatomy")
    data, affine = label_grid(model_bones(["L3", "L4", "L5", "S1"]), VERSE, (1.5, 1.5, 1.5))
    scan = save(data, affine, folder / "scan.nii.gz")
    return import_anatomy(scan, folder / "patient", "verse", name="Test patient").out


def _bone_pixels(image: np.ndarray) -> int:
    """Pixels of bone colour (warm, light) rather than the blue-grey background."""
    rgb = image[..., :3].astype(int)
    return int(np.count_nonzero((rgb[..., 0] > 150) & (rgb[..., 0] > rgb[..., 2] + 25)))


def test_window_opens_an_imported_anatomy_and_returns_to_the_model(window, qtbot, tmp_path, lower_lumbar):
    from spineviz.motion import parse_motion
    from spineviz.scene import load_scene, save_scene

    menu = [a.text() for a in window.actions()]
    assert "Open anatomy…" in menu
    window.live.update(loads=True)
    window.live.set_motion(parse_motion("flexion=20", region="all"))
    before = window.layers_panel.most.text()
    assert window.anatomy.open(str(lower_lumbar))
    # every panel follows the new spine at once: the most loaded joints are the patient's own
    most = window.layers_panel.most.text()
    assert most != before
    named = [part.strip().rsplit(" ", 3)[0] for part in most.split(":", 1)[1].split("),")]
    assert len(named) == 3 and all(n in ("L3/4", "L4/5", "L5/S1") for n in named), most
    assert set(window.actors.bones) == {"L3", "L4", "L5", "S1"}
    assert {name for name, _ in window.actors.cartilage} == {f"{s} {side}" for s in ("L3/4", "L4/5", "L5/S1")
                                                             for side in ("left", "right")}
    label = window.anatomy.label
    assert "Test patient: L3–S1" in label.text() and "as imaged" in label.text()
    assert "Source:" in label.toolTip()
    # picking reaches only the patient's bones and joints
    assert {v for v in window.picker.names.values()} >= {("bone", "L4"), ("facet", "L4/5 left")}
    assert ("bone", "C5") not in set(window.picker.names.values())
    window.render_now()
    shot = window.plotter.screenshot(return_img=True)
    assert _bone_pixels(shot) > 2000
    # moving: extension loads the lower lumbar facets on the patient's spine
    window.live.update(loads=True)
    window.live.set_motion(parse_motion("extension=10", region="lumbar"))
    loads = window.live.loads().newtons
    names = [j.name for j in window.spine.model.joints]
    assert loads[names.index("L4/5 left")] > 0 and loads[names.index("L4/5 right")] > 0
    assert window.viewport.renderer.last["most_loaded"][0][0].split(" ")[0] in ("L3/4", "L4/5", "L5/S1")
    # a picked joint of the patient's spine explains itself: the information panel names it and its pain
    window.live.select("L4/5 left")
    assert "L4/5" in window.info_panel.body.text()
    # the scene carries it, relative to the scene file
    scene_file = tmp_path / "scenes" / "patient.toml"
    scene_file.parent.mkdir()
    save_scene(window.scenes.current_scene(), scene_file)
    assert 'anatomy = "../' in scene_file.read_text()
    assert load_scene(scene_file).anatomy == str(lower_lumbar)
    # back to the model, then the saved scene brings the patient back
    assert window.anatomy.open(None)
    assert len(window.actors.bones) == 25
    assert "Model spine" in label.text()
    assert window.scenes.open_path(scene_file)
    qtbot.waitUntil(lambda: set(window.actors.bones) == {"L3", "L4", "L5", "S1"}, timeout=5000)


def test_a_folder_that_is_not_an_anatomy_keeps_the_spine_shown(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: said.append(args[1:3]))
    empty = tmp_path / "not-an-anatomy"
    empty.mkdir()
    assert not window.anatomy.open(str(empty))
    assert said and said[0][0] == "Cannot open this anatomy" and str(empty) in said[0][1]
    assert "manifest" in window.anatomy.error and str(empty) in window.anatomy.error
    assert len(window.actors.bones) == 25
    assert window.live.state.anatomy is None


def test_a_preset_keeps_the_patients_spine(window, lower_lumbar):
    """One click to a preset on a patient's own spine shows the preset on that spine, not the model."""
    from spineviz.scene.presets import CHAIRSIDE

    assert window.anatomy.open(str(lower_lumbar))
    window.scenes.open_preset(CHAIRSIDE)
    assert window.live.state.anatomy == str(lower_lumbar)
    assert set(window.actors.bones) == {"L3", "L4", "L5", "S1"}
    assert "Test patient" in window.anatomy.label.text()


def test_an_opened_anatomy_gets_its_moving_parts_and_lets_go_of_the_old_spines(window, qtbot, lower_lumbar):
    """Session 28's review: after another anatomy is opened, its coarse and merged parts are made in the idle steps
    as at start-up (before, the preparing timer had stopped with the first spine's, so the new spine played at full
    detail), and nothing the renderer worked out ahead for the old spine is kept (each entry held the old spine)."""
    from spineviz.motion import parse_motion

    view = window.viewport
    view.prepare_detail()  # the model's moving parts all made: the preparing timer stops
    assert not view._prepare.isActive()
    window.live.update(loads=True)
    window.live.set_motion(parse_motion("flexion=20", region="all"))
    poses = [window.live.pose()]
    assert view.renderer.prepare_writes(window.live.state, poses) == 1 and view.renderer._held
    old = view.renderer.spine
    assert window.anatomy.open(str(lower_lumbar))
    assert view.renderer.spine is not old
    assert not view.renderer._held, "nothing worked out for the old spine is kept"
    assert view._prepare.isActive(), "the new spine's moving parts are prepared in the idle steps"
    qtbot.waitUntil(lambda: not view._prepare.isActive(), timeout=30000)
    actors = window.actors
    assert set(actors._coarse_mappers) == {"L3", "L4", "L5", "S1"}
    assert actors._merged is not None and set(actors._merged.actors) == {"L3", "L4", "L5", "S1"}
    assert window.anatomy.open(None)
