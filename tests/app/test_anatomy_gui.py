"""The app opens an imported anatomy, shows its source and levels, and goes back to the model."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def lower_lumbar(tmp_path_factory):
    from spineviz.anatomy.importer.pipeline import import_anatomy
    from tests.anatomy.importer.voxelise import VERSE, label_grid, model_bones, save

    folder = tmp_path_factory.mktemp("gui-anatomy")
    data, affine = label_grid(model_bones(["L4", "L5", "S1"]), VERSE, (1.5, 1.5, 1.5))
    scan = save(data, affine, folder / "scan.nii.gz")
    return import_anatomy(scan, folder / "patient", "verse", name="Test patient").out


def test_window_opens_an_imported_anatomy_and_returns_to_the_model(qtbot, tmp_path, lower_lumbar):
    from PySide6.QtCore import QSettings

    from spineviz.app.window import MainWindow
    from spineviz.motion import parse_motion

    w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), anatomy=str(lower_lumbar))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    try:
        assert set(w.actors.bones) == {"L4", "L5", "S1"}
        assert {name for name, _ in w.actors.cartilage} == {"L4/5 left", "L4/5 right", "L5/S1 left", "L5/S1 right"}
        assert "Test patient: L4–S1" in w.anatomy_label.text()
        assert "Test patient" in w.windowTitle()
        w.controller.update(loads=True)
        w.controller.set_motion(parse_motion("extension=10", region="lumbar"))
        top = w.controller.current_loads.newtons
        assert top.shape == (48,) and float(top.max()) > 0
        assert w.scenes.current_scene().anatomy == str(lower_lumbar)
        assert w.set_anatomy(None)
        assert len(w.actors.bones) == 25
        assert "Model spine" in w.anatomy_label.text()
    finally:
        w.close()
