"""Re-take docs/images/app.png: the window at 1280x800 under Xvfb.

``python docs/appshot.py OUT.png ["L4/5 right"]``: with a joint's name, the chairside preset opened and that
joint selected (the README's first picture); without, the window as it starts.
"""

import sys
import tempfile
import time

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from spineviz.app.window import MainWindow


def settle(app, seconds: float = 0.0) -> None:
    """Let Qt lay out and draw; ``seconds`` of wall clock so the camera glides and panels finish."""
    for _ in range(20):
        app.processEvents()
    end = time.time() + seconds
    while time.time() < end:
        app.processEvents()
        time.sleep(0.02)


def main(out: str, joint: str | None = None) -> None:
    app = QApplication.instance() or QApplication([])
    window = MainWindow(settings=QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat))
    window.resize(1280, 800)
    window.show()
    settle(app)
    if joint:
        from spineviz.scene.presets import CHAIRSIDE

        window.scenes.open_preset(CHAIRSIDE)
        settle(app)
        window.live.select(joint)
    settle(app, 6.0)
    window.grab().save(out)
    window.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
