"""The locked-down text browser: it loads no resource and follows no link on its own.

Kept apart from the panel because this is the security boundary for hostile documents: every URL
Qt asks for gets a harmless answer, and only inline ``data:image/...`` pictures whose first bytes
say PNG, JPEG, GIF or WebP (and whose header size is bounded) are decoded.
"""

from __future__ import annotations

import base64
import binascii

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl, Signal
from PySide6.QtGui import QImage, QImageReader, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from spineviz.limits import IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS

MAX_INLINE_IMAGE = IMAGE_MAX_BYTES


class SafeTextBrowser(QTextBrowser):
    """A text browser that loads nothing and navigates nowhere on its own.

    :meth:`loadResource` is how Qt fetches anything a document refers to (images, style sheets,
    sources). It must never answer "nothing": for a null answer ``QTextDocument`` falls back to reading
    the URL as a local file itself. So every URL gets a harmless non-null answer: a blank 1×1 image
    for an image (an image already inline as ``data:image/...`` is decoded and shown), empty bytes for
    anything else. Every URL refused is kept in :attr:`refused`, so tests can see what was asked.
    """

    relaid = Signal()  # resized or shown: the text has been laid out again

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.refused: list[str] = []
        self.inline = 0

    def loadResource(self, kind: int, url: QUrl):  # Qt override
        text = url.toString()
        if kind == int(QTextDocument.ResourceType.ImageResource.value) and text.startswith("data:image/"):
            image = _inline_image(text)
            if image is not None:
                self.inline += 1
                return image
        if len(self.refused) < 1000:
            self.refused.append(text)
        if kind == int(QTextDocument.ResourceType.ImageResource.value):
            return _blank_image()
        return QByteArray()

    def doSetSource(self, name: QUrl, type_=None) -> None:  # Qt override
        """Never load a source: the panel sets HTML itself."""
        return None

    def focusNextPrevChild(self, next: bool) -> bool:  # Qt override
        """Tab leaves the text: a document with a hundred links must not take a hundred Tabs to pass.

        The links stay reachable from the keyboard with :meth:`step_link` (Ctrl+Down / Ctrl+Up in the
        app's key table) and Return follows the one highlighted.
        """
        return QWidget.focusNextPrevChild(self, next)

    def step_link(self, forward: bool = True) -> bool:
        """Highlight the next (or previous) link in the text; False when there is none that way."""
        return QTextBrowser.focusNextPrevChild(self, forward)

    def resizeEvent(self, event) -> None:  # Qt override
        super().resizeEvent(event)
        self.relaid.emit()

    def showEvent(self, event) -> None:  # Qt override
        super().showEvent(event)
        self.relaid.emit()


def _blank_image() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(0)
    return image


_IMAGE_MAGIC: tuple[tuple[bytes, bytes], ...] = (
    (b"\x89PNG\r\n\x1a\n", b"PNG"), (b"\xff\xd8\xff", b"JPEG"), (b"GIF87a", b"GIF"), (b"GIF89a", b"GIF"),
)


def image_format(raw: bytes) -> bytes | None:
    """The Qt format name of a PNG, JPEG, GIF or WebP picture from its first bytes, else ``None``.

    The decoder is chosen from these bytes, never from the data URL's claim or by Qt's own sniffing: an
    SVG labelled ``image/png`` would otherwise reach Qt's SVG reader, which opens the files it names.
    """
    for magic, name in _IMAGE_MAGIC:
        if raw.startswith(magic):
            return name
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return b"WEBP"
    return None


def _inline_image(url: str) -> QImage | None:
    head, sep, data = url.partition(",")
    if not sep or ";base64" not in head or len(data) > MAX_INLINE_IMAGE * 4 // 3 + 4:
        return None
    try:
        raw = base64.b64decode(data, validate=False)
    except (binascii.Error, ValueError):
        return None
    fmt = image_format(raw)
    if fmt is None:
        return None
    buffer = QBuffer()
    buffer.setData(QByteArray(raw))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, fmt)
    reader.setAutoDetectImageFormat(False)
    size = reader.size()  # from the header: a 20,000² picture can hide in 50 KB
    if not size.isValid() or size.width() * size.height() > IMAGE_MAX_PIXELS:
        return None
    image = reader.read()
    return None if image.isNull() else image
