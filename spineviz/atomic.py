"""Atomic file writes: a reader never sees half a file, and a failed write leaves the old one intact.

Every save and export in spineviz goes through :func:`atomic_output`: write to a temporary file in the
same folder, fsync it, give it a normal file's mode, then rename it over the target.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _new_file_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):  # not every platform can open or fsync a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block succeeds, fsync it and move it over ``path``.

    If the block raises (or is cancelled), the temporary file is removed and ``path`` is untouched. The
    temporary file keeps ``path``'s suffix, so writers that choose a format by extension still work.

    Raises
    ------
    OSError
        When the folder does not exist or cannot be written; the message names it.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(f"cannot write {target}: the folder {folder} does not exist; create it first")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".partial{target.suffix}", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, _new_file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_output`)."""
    target = Path(path)
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)
    return target



def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically, with Unix line endings."""
    return atomic_write_bytes(path, text.encode("utf-8"))
