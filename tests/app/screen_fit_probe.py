"""Run by test_screen_fit in a fresh process (its own Xvfb and QT_SCALE_FACTOR): open the real window and
report, as JSON on stdout, the screen, the window's frame, the 3D view and the panels, in logical pixels."""

import json
import sys

from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget


def main(settings_path: str, shot: str) -> None:
    app = QApplication(sys.argv[:1])
    from spineviz.app.window import MainWindow

    w = MainWindow(settings=QSettings(settings_path, QSettings.Format.IniFormat))
    w.show()
    QTest.qWaitForWindowExposed(w)
    QTest.qWait(1500)
    app.processEvents()
    free = w.screen().availableGeometry()
    frame = w.frameGeometry()
    view = w.centralWidget()
    docks = [{"name": d.objectName(), "width": d.width(), "visible": d.isVisible(),
              "min": [d.minimumSizeHint().width(), d.minimumSizeHint().height()],
              "area": int(w.dockWidgetArea(d).value)} for d in w.findChildren(QDockWidget)]
    w.grab().save(shot)
    print(json.dumps({
        "ratio": w.devicePixelRatio(),
        "screen": [free.left(), free.top(), free.width(), free.height()],
        "frame": [frame.left(), frame.top(), frame.width(), frame.height()],
        "window": [w.width(), w.height()],
        "view": [view.width(), view.height()],
        "docks": docks,
    }))
    w.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
