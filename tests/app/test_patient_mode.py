"""Patient mode on the real window: no numbers in the legend or the range note; the slider shows the angle held;
the panel's swatches are of one width (measured on the widget's pixels)."""

import re
from itertools import pairwise

import numpy as np
import pytest
from PySide6.QtGui import QImage

from spineviz.motion import Motion

pytestmark = pytest.mark.gui

DIGITS = re.compile(r"\d")


def _lumbar_extension_past_the_limit(window):
    panel = window.motion_panel
    panel.region.setCurrentIndex(panel.region.findData("lumbar"))
    panel.rows["flexion"].slider.setValue(-800)  # asks for 80° of extension in the low back
    return panel


def test_the_slider_follows_the_angle_actually_held(window):
    window.live.update(audience="clinician")
    panel = _lumbar_extension_past_the_limit(window)
    held = window.live.state.current_motion().flexion
    assert -80.0 < held < -10.0  # the low back stops well short of 80°
    assert panel.rows["flexion"].slider.value() == round(held * 10)
    assert panel.rows["flexion"].box.value() == pytest.approx(held)
    note = panel.clamped.text()
    assert "stops at" in note and f"{abs(held):.1f}°" in note and "80" not in note
    window.live.set_motion(Motion(region="lumbar"))
    assert panel.clamped.text() == ""


def test_patient_range_note_has_no_numbers(window):
    window.live.update(audience="patient")
    panel = _lumbar_extension_past_the_limit(window)
    note = panel.clamped.text()
    assert "leaning back" in note and "slider shows where it stopped" in note
    assert not DIGITS.search(note), note
    assert not any(row.box.isVisible() for row in panel.rows.values())  # no degrees beside the sliders
    window.live.update(audience="clinician")
    assert all(row.box.isVisible() for row in panel.rows.values())


def _runs(row: np.ndarray) -> list[int]:
    """Lengths of runs of one colour along a row of pixels."""
    change = np.flatnonzero(np.abs(np.diff(row.astype(int), axis=0)).sum(axis=1) > 6) + 1
    edges = [0, *change.tolist(), len(row)]
    return [b - a for a, b in pairwise(edges)]


@pytest.mark.parametrize("audience", ["clinician", "patient"])
def test_the_panel_legend_has_even_swatches_and_the_audiences_words(window, qtbot, audience):
    from PySide6.QtWidgets import QDockWidget

    window.live.update(audience=audience, loads=True)
    window.findChild(QDockWidget, "dockDisplay").raise_()  # the panel a user would look at
    legend = window.layers_panel.legend
    qtbot.waitUntil(lambda: legend.isVisible() and legend.height() >= legend.sizeHint().height(), timeout=5000)
    cells = legend.cell_rects()
    image = legend.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    ratio = image.devicePixelRatio()
    arr = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    arr = arr[:, : image.width() * 3].reshape(image.height(), image.width(), 3)
    y = round(cells[0].center().y() * ratio)
    row = arr[y, round(cells[0].left() * ratio): round((cells[-1].right() + 1) * ratio)]
    widths = _runs(row)
    assert len(widths) == len(cells), widths
    assert max(widths) - min(widths) <= 1, f"uneven swatches: {widths}"
    words = [w for _, w in legend.ticks]
    if audience == "patient":
        assert words == ["less pressure", "more pressure"]
        assert not DIGITS.search(legend.title + " ".join(words))
        assert not re.search(r"\d\s*N\b", window.layers_panel.most.text())
    else:
        assert words[0] == "0" and words[-1] == "250"


def test_the_panel_legend_and_the_view_use_the_scenes_own_load_range(window, qtbot):
    """The rotation preset sets ``layers.load_range = [0, 80]`` (session 12): the window honours it as the CLI
    and the exports do, in the 3D view's facet colours and in the panel's legend; another scene is back on
    the fixed 0-250 N scale."""
    from spineviz.scene.presets import load_preset

    window.live.set_state(load_preset("rotation-loads-the-opposite-facet"))
    window.live.update(audience="clinician")
    legend = window.layers_panel.legend
    qtbot.waitUntil(lambda: window.viewport.renderer.last.get("load_top") == 80.0, timeout=5000)
    assert [w for _, w in legend.ticks][::5] == ["0", "80"]
    window.live.update_layers(load_range=None)
    qtbot.waitUntil(lambda: window.viewport.renderer.last.get("load_top") == 250.0, timeout=5000)
    assert [w for _, w in legend.ticks][::5] == ["0", "250"]
