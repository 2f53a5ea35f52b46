"""Read only regular files, without ever blocking: no FIFOs, devices, sockets or folders.

``open()`` on a named pipe waits until someone writes to it, and reading ``/dev/zero`` never ends, so a
scene or a document that names one would hang spineviz. :func:`read_regular` checks the kind of file with
:func:`os.stat` (which never blocks), opens it with ``O_NONBLOCK`` (so even a FIFO swapped in after the
check cannot block the open), checks again on the open descriptor, and reads at most ``max_bytes + 1``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFileError(OSError):
    """The path exists but is not a regular file; ``kind`` says what it is ("a named pipe (FIFO)", ...)."""

    def __init__(self, path: str | os.PathLike[str], kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a regular file")
        self.path, self.kind = str(path), kind


class TooLargeError(OSError):
    """The file is larger than the limit the caller gave; ``size`` is at least ``limit + 1``."""

    def __init__(self, path: str | os.PathLike[str], size: int, limit: int) -> None:
        super().__init__(f"{path} is {size} bytes; the limit is {limit}")
        self.path, self.size, self.limit = str(path), size, limit


def file_kind(mode: int) -> str:
    """Words for a file's type from its ``st_mode``: "a folder", "a named pipe (FIFO)", ..."""
    for test, words in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                        (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                        (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return words
    return "a regular file" if stat.S_ISREG(mode) else "a special file"


def check_regular(path: str | os.PathLike[str]) -> os.stat_result:
    """``os.stat(path)`` if it is a regular file (symlinks followed); else :class:`NotRegularFileError`.

    Raises
    ------
    FileNotFoundError, PermissionError, OSError
        As :func:`os.stat` does.
    NotRegularFileError
        For a folder, FIFO, device, socket or other special file.
    """
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFileError(path, file_kind(st.st_mode))
    return st


def read_regular(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, read without blocking.

    Raises
    ------
    NotRegularFileError
        For anything but a regular file (checked before opening and again on the open descriptor).
    TooLargeError
        When the file is, or grows while read to, more than ``max_bytes``.
    OSError
        When it cannot be opened or read (missing, no permission, ...).
    """
    st = check_regular(path)
    if st.st_size > max_bytes:
        raise TooLargeError(path, st.st_size, max_bytes)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped for something else between stat and open
            raise NotRegularFileError(path, file_kind(st.st_mode))
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise TooLargeError(path, len(data), max_bytes)
    return data


def is_within(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """Whether ``path``, with every symlink resolved, lies inside ``folder`` (also resolved)."""
    real = Path(os.path.realpath(path))
    root = Path(os.path.realpath(folder))
    return real == root or root in real.parents
