"""The soak: 10,000 animated frames with load colouring and picking; memory stays flat, nothing leaks.

Every frame goes through the moving picture's drawing path (issue 13): the coarse bones are made before
the first frame, so all 10,000 are drawn coarse, as Play draws them.
"""

import gc
import resource

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

pytestmark = [pytest.mark.gui, pytest.mark.slow]

FRAMES = 10_000
BOUND_MB = 40  # allowed growth of peak memory between frame 1,000 and frame 10,000


def _vtk_object_count() -> int:
    from vtkmodules.vtkCommonCore import vtkObjectBase

    return sum(1 for o in gc.get_objects() if isinstance(o, vtkObjectBase))


def test_soak(window, qtbot):
    from PySide6.QtWidgets import QDockWidget

    # The start-up's deferred work first (the Reading panel is made after the first frame since session 10):
    # the widgets it makes once are the window's, not a leak of the frames counted below.
    window.first_frame.finish()
    for dock in window.findChildren(QDockWidget):  # panels still update; they just are not drawn
        dock.hide()
    window.resize(480, 360)  # software OpenGL: a small viewport keeps 10,000 frames within minutes
    window.viewport.prepare_detail()
    c = window.live
    c.update(loads=True)
    c.update_layers(labels=True)
    c.play("extension_rotation")
    c.timer.stop()  # drive the clock by hand: one frame per step, as fast as the renderer allows
    # the clock counts whole milliseconds: a tick within the same millisecond as play() finds the moment
    # unchanged and draws nothing new, so let the first tick find time gone by (found in session 10)
    qtbot.wait(5)
    widgets0 = len(QApplication.allWidgets())
    timers0 = len(window.findChildren(QTimer))
    samples = {}
    w, h = window.plotter.window_size
    for i in range(FRAMES):
        c._tick()
        if i == 0:
            assert window.actors.coarse, "a tick of Play draws the coarse bones"
        window.plotter.ren_win.Render()  # one real VTK render per frame
        if i % 25 == 0:
            window.picker.pick_at(w // 2, h // 2)
            QApplication.processEvents()
        if i in (1_000, FRAMES - 1):
            gc.collect()
            samples[i] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, _vtk_object_count())
    c.pause()
    growth = samples[FRAMES - 1][0] - samples[1_000][0]
    assert growth < BOUND_MB, f"peak memory grew {growth:.1f} MB from frame 1,000 to {FRAMES}"
    assert samples[FRAMES - 1][1] <= samples[1_000][1] + 5, f"VTK objects: {samples}"
    assert len(QApplication.allWidgets()) <= widgets0
    assert len(window.findChildren(QTimer)) <= timers0
    assert c.frames >= FRAMES
