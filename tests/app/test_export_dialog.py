"""File → Export… on the real window: the options reach the file (pixel size, transparency, caption, frame rate)."""

import imageio.v3 as iio
import numpy as np
import pytest
from PySide6.QtWidgets import QDialogButtonBox

from spineviz.scene import Animation

pytestmark = pytest.mark.gui


def _export(window, qtbot, tmp_path, name, **choose):
    dialog = window.scenes.export_dialog()
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    suffix = "." + name.rsplit(".", 1)[1]
    dialog.kind.setCurrentIndex(dialog.kind.findData(suffix))
    dialog.path.setText(str(tmp_path / name))
    if "size" in choose:
        dialog.width_box.setValue(choose["size"][0])
        dialog.height_box.setValue(choose["size"][1])
    if "transparent" in choose:
        dialog.background.setCurrentIndex(dialog.background.findData(choose["transparent"]))
    if "fps" in choose:
        dialog.fps.setValue(choose["fps"])
    if "caption" in choose:
        dialog.caption.setPlainText(choose["caption"])
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return dialog, tmp_path / name


def test_png_size_background_and_caption_reach_the_file(window, qtbot, tmp_path):
    window.live.update(caption="", title="")
    _, plain = _export(window, qtbot, tmp_path, "plain.png", size=(360, 480), caption="")
    _, worded = _export(window, qtbot, tmp_path, "worded.png", size=(360, 480),
                        caption="Leaning back presses the facet joints together.")
    _, clear = _export(window, qtbot, tmp_path, "clear.png", size=(360, 480), transparent=True)
    a, b, c = (iio.imread(p) for p in (plain, worded, clear))
    assert a.shape[:2] == (480, 360) and b.shape[:2] == (480, 360)
    diff = np.abs(a[..., :3].astype(int) - b[..., :3].astype(int)).sum(axis=2) > 30
    assert diff[int(480 * 0.85):].mean() > 0.01, "no caption drawn in the band at the bottom"
    assert c.shape[2] == 4 and (c[..., 3] == 0).mean() > 0.3  # a transparent background
    assert window.live.state.caption == ""  # the caption went to the file, not into the scene


def test_gif_frame_rate_reaches_the_file(window, qtbot, tmp_path):
    window.live.update(animation=Animation(preset="flexion_extension", speed=4.0), motion=None)
    _, gif = _export(window, qtbot, tmp_path, "clip.gif", size=(120, 160), fps=5)
    meta = iio.immeta(gif, index=0)
    assert meta["duration"] == pytest.approx(200, abs=10)  # milliseconds a frame at 5 frames a second
    assert iio.imread(gif, index=0).shape[:2] == (160, 120)


def test_only_the_options_a_format_uses_are_offered(window, qtbot, tmp_path):
    dialog = window.scenes.export_dialog()
    for suffix, size, background, fps in ((".png", True, True, False), (".mp4", True, False, True),
                                          (".html", False, False, False), (".svg", False, False, False)):
        dialog.kind.setCurrentIndex(dialog.kind.findData(suffix))
        assert dialog.path.text().endswith(suffix)
        assert (dialog.size_row.isEnabled(), dialog.background.isEnabled(), dialog.fps.isEnabled()) == (
            size, background, fps), suffix
    dialog.path.setText(str(tmp_path / "no-such-folder" / "x.svg"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and "does not exist" in dialog.problem.text()
    assert not (tmp_path / "no-such-folder").exists()
    dialog.reject()
