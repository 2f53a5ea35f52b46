"""PNG export of the body-map SVG (or any SVG text) with Qt's SVG renderer, no window needed.

Qt is imported only when :func:`svg_to_png` runs. Without a display on Linux the offscreen Qt
platform is used, so this works in tests, on servers and from the command line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from spineviz.atomic import atomic_output

_app = None  # the QGuiApplication this module created, kept alive for the process


def _ensure_gui_application() -> None:
    """Make sure a QGuiApplication exists (fonts and painting need one).

    When none runs yet, a ``QApplication`` is created: it is a QGuiApplication, and unlike a bare
    one it does not stop the same process from opening widgets later (the app, pytest-qt).
    """
    global _app
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    existing = QCoreApplication.instance()
    if existing is None:
        from PySide6.QtWidgets import QApplication

        _app = QApplication(["spineviz"])
    elif not isinstance(existing, QGuiApplication):
        raise RuntimeError(
            "a QCoreApplication without a GUI is running; SVG painting needs a QGuiApplication"
        )


def svg_to_png(
    svg_text: str, path: str | os.PathLike[str], width: int = 1200, background: str = "#ffffff"
) -> Path:
    """Render SVG text to a PNG file ``width`` pixels wide, keeping the SVG's aspect ratio.

    The file is written atomically: to a temporary file in the same folder, then moved over
    ``path``, so a reader never sees a half-written image.

    Parameters
    ----------
    svg_text
        A complete SVG document, such as :func:`spineviz.content.bodymap.body_map_svg` returns.
    path
        The PNG file to write; its folder must exist.
    width
        Image width in pixels (1 to 16384); the height follows from the SVG's viewBox.
    background
        A colour Qt understands ("#ffffff", "white") or "transparent".

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    ValueError
        For SVG text Qt cannot read, or a width out of range.
    OSError
        When the file cannot be written.
    """
    if not isinstance(width, int) or not 1 <= width <= 16384:
        raise ValueError(f"width must be a whole number of pixels from 1 to 16384, not {width!r}")
    _ensure_gui_application()
    from PySide6.QtCore import QByteArray, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg_text.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError("the SVG text could not be read by Qt's SVG renderer")
    box = renderer.viewBoxF()
    if box.isEmpty():
        size = renderer.defaultSize()
        box = QRectF(0, 0, size.width(), size.height())
    if box.width() <= 0 or box.height() <= 0:
        raise ValueError("the SVG has no size (no viewBox, width or height)")
    height = max(1, round(width * box.height() / box.width()))

    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent if background == "transparent" else QColor(background))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, width, height))
    finally:
        painter.end()

    target = Path(path)
    with atomic_output(target) as tmp:
        if not image.save(str(tmp), "PNG"):
            raise OSError(f"could not write the PNG image to {target}")
    return target
