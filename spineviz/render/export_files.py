"""What every exporter shares: the error a user reads, and the checks on where a file is going."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

PNG_COMPRESS_LEVEL = 4
"""zlib level for exported PNGs. Measured on a 1200×1600 scene: level 4 wrote it in a third of the time of
Pillow's default 6 (0.24 against 0.70 s on the busy 2-core machine) for an 8 % larger file (1.17 against
1.07 MB); ``optimize`` (level 9 and a search) was slower still. The pixels are the same at every level."""

Progress = Callable[[float], object]
Cancel = Callable[[], bool]


class ExportError(Exception):
    """An export that could not be written; the message names the file and the fix."""

    def __init__(self, path: object, problem: str, fix: str) -> None:
        self.path, self.problem, self.fix = Path(str(path)), problem, fix
        super().__init__(f"{path}: {problem}. Fix: {fix}")

    def __reduce__(self):
        return type(self), (str(self.path), self.problem, self.fix)


class ExportCancelled(ExportError):
    """The caller's ``cancel`` callable asked to stop; nothing was written."""


def check_target(path: str | Path, suffixes: tuple[str, ...]) -> Path:
    target = Path(path)
    if target.suffix.lower() not in suffixes:
        raise ExportError(target, f"cannot tell what to write from the suffix {target.suffix or '(none)'!r}",
                          f"name the file with one of: {', '.join(suffixes)}")
    if target.is_dir():
        raise ExportError(target, "is a folder", "give a file name inside it")
    if not target.parent.is_dir():
        raise ExportError(target, f"the folder {target.parent} does not exist", "create it, or choose another")
    return target


def write_error(target: Path, exc: OSError) -> ExportError:
    return ExportError(target, f"could not be written ({exc.strerror or exc})",
                       "choose a folder you can write to, and check the disk is not full")


def png_bytes(image: np.ndarray) -> bytes:
    """An RGB or RGBA image array as PNG file bytes (see :data:`PNG_COMPRESS_LEVEL`)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(image)).save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


def write_png(path: str | Path, image: np.ndarray) -> None:
    """Write an RGB or RGBA image array to ``path`` as PNG (not atomic by itself: pass a temporary path)."""
    Path(path).write_bytes(png_bytes(image))


__all__ = ["PNG_COMPRESS_LEVEL", "Cancel", "ExportCancelled", "ExportError", "Progress", "check_target", "png_bytes",
           "write_error", "write_png"]
