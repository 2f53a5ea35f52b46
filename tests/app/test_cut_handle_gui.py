"""The cross-section in the window: chosen from the View menu, dragged with the plane widget, kept in the scene."""

from __future__ import annotations

import numpy as np
import pytest

from spineviz.scene import Camera, SceneState

pytestmark = pytest.mark.gui


def _points(window, level: str) -> int:
    return window.actors.bones[level].mapper.GetInput().GetNumberOfPoints()


def test_menu_cut_then_drag_writes_the_scenes_clip(window, qtbot):
    window.live.set_state(SceneState(region="lumbar", camera=Camera(view="left")))
    qtbot.waitUntil(lambda: not window.camera.moving, timeout=30000)
    handle = window.cut_handle
    whole = _points(window, "L4")

    handle.choices["sagittal"].trigger()
    assert window.live.state.clip is not None and window.live.state.clip.plane == "sagittal"
    assert _points(window, "L4") != whole  # the cut is drawn

    handle.drag.setChecked(True)
    widget = handle.widget
    assert widget is not None and widget.GetEnabled()
    origin, normal = np.array(widget.GetOrigin()), np.array(widget.GetNormal())
    assert np.allclose(normal, (-1.0, 0.0, 0.0), atol=1e-6)  # the handle sits on the sagittal cut

    # what a drag does: the widget's plane moves 12 mm toward the patient's right, then the drag ends
    widget.SetOrigin(*(origin + (12.0, 0.0, 0.0)))
    widget.InvokeEvent("EndInteractionEvent")
    clip = window.live.state.clip
    assert clip.plane == "free"
    assert np.allclose(clip.origin, origin + (12.0, 0.0, 0.0), atol=1e-6)
    assert np.allclose(clip.normal, normal, atol=1e-6)
    moved = _points(window, "L4")
    assert moved != whole

    handle.choices["axial"].trigger()  # another cut from the menu moves the handle to it
    assert np.allclose(np.abs(widget.GetNormal()), (0.0, 0.0, 1.0), atol=1e-6)

    handle.choices["none"].trigger()
    assert window.live.state.clip is None and handle.widget is None and not handle.drag.isChecked()
    assert _points(window, "L4") == whole
