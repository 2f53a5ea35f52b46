"""Atomic file writes: a reader never sees half a file, and a failed write leaves the old one intact.

Every save and export in spineviz goes through :func:`atomic_output`: write to a temporary file in the
same folder, fsync it, give it a normal file's mode, then rename it over the target. Odd targets are
dealt with before anything is written:

- a symlink: the file it points to is replaced (atomically, beside that file), and the link stays a link;
- a folder, a named pipe, a device or a socket: refused (:class:`NotRegularFileError`), nothing written;
- a temporary file left by a save that was killed (``.NAME.PID.XXXX.partialSUFFIX`` whose process is
  gone) is removed by the next save to the same folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from spineviz.regular_files import NotRegularFileError, file_kind

STALE_SECONDS = 3600.0
"""A temporary file without a readable process id is stale after this long."""

_PARTIAL = re.compile(r"^\.(?P<stem>.*)\.(?P<pid>\d+)\.[^.]+\.partial(?P<suffix>.*)$")


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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's live process
    return True


def remove_stale_partials(folder: Path, stem: str, suffix: str) -> list[Path]:
    """Remove temporary files of interrupted saves of ``stem + suffix`` in ``folder``; return them.

    A temporary file belongs to a dead save when the process id in its name no longer runs (never our own
    process: another thread may be saving), or, without one, when it is older than :data:`STALE_SECONDS`.
    """
    removed: list[Path] = []
    prefix = f".{stem}."
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and ".partial" in n]
    except OSError:
        return removed
    now = time.time()
    for name in names:
        path = folder / name
        m = _PARTIAL.match(name)
        try:
            st = os.lstat(path)
            if not stat.S_ISREG(st.st_mode):
                continue
            if m and m.group("stem") == stem and m.group("suffix") == suffix:
                pid = int(m.group("pid"))
                stale = pid != os.getpid() and not _alive(pid)
            else:
                stale = name.endswith(f".partial{suffix}") and now - st.st_mtime > STALE_SECONDS
            if stale:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def resolve_target(path: str | os.PathLike[str]) -> Path:
    """The file a save to ``path`` really replaces: the end of a symlink chain, or ``path`` itself.

    Raises
    ------
    NotRegularFileError
        When that file exists and is a folder, a named pipe, a device or a socket.
    """
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return target
    except OSError:
        return target  # let the write report it
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFileError(target, file_kind(st.st_mode))
    return target


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block succeeds, fsync it and move it over ``path``.

    If the block raises (or is cancelled), the temporary file is removed and ``path`` is untouched. The
    temporary file keeps ``path``'s suffix, so writers that choose a format by extension still work.
    When ``path`` is a symlink, the file it points to is the one replaced.

    Raises
    ------
    NotRegularFileError
        When ``path`` is (or points to) a folder, a named pipe, a device or a socket; nothing is written.
    OSError
        When the folder does not exist or cannot be written; the message names it.
    """
    target = resolve_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"the folder {folder} does not exist; create it first", str(folder))
    remove_stale_partials(folder, target.stem, target.suffix)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.{os.getpid()}.", suffix=f".partial{target.suffix}",
                                    dir=folder)
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
