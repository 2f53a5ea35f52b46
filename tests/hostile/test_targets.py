"""Issue 16, odd targets: where a save or an export goes, and what an interrupted one leaves behind.

A folder, a pipe or a device as ``--out``: exit 2 with the fix, before any rendering. A read-only folder
or a full disk: a message and nothing half-written. A symlink: the file it points to is replaced, the link
stays. A pipe: refused, never opened. The hidden temporary file of a killed save is removed by the next.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from contextlib import contextmanager

import pytest

from spineviz.atomic import atomic_output, atomic_write_bytes, remove_stale_partials
from spineviz.regular_files import NotRegularFileError
from spineviz.scene import SceneError, SceneState, load_scene, save_scene
from tests.hostile.guard import HANG_GUARD_S, assert_clean_refusal, spineviz


@contextmanager
def hang_guard(seconds: float = HANG_GUARD_S):
    """Fail (instead of hanging the suite) if the block blocks, e.g. on opening a FIFO."""
    def alarm(*_):
        raise TimeoutError(f"blocked for more than {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_render_out_that_is_not_a_file_is_refused_first(kind, tmp_path):
    out = tmp_path / "spine.png"
    if kind == "folder":
        out.mkdir()
    elif kind == "fifo":
        os.mkfifo(out)
    else:
        out = tmp_path / "full.png"
        out.symlink_to("/dev/full")
    err = assert_clean_refusal(spineviz("render", "--out", str(out)), str(out))
    assert {"folder": "is a folder", "fifo": "named pipe", "device": "character device"}[kind] in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # nothing else written


def test_render_out_in_a_read_only_folder_is_refused(tmp_path, monkeypatch, capsys):
    from spineviz.cli import main

    folder = tmp_path / "ro"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(folder) else real_access(p, mode))
    assert main(["render", "--out", str(folder / "x.png")]) == 2  # (root ignores chmod, so the check is faked)
    err = capsys.readouterr().err
    assert "read-only" in err and str(folder) in err and "Fix:" in err
    assert list(folder.iterdir()) == []


def test_full_disk_during_a_save_is_a_message_and_the_old_file_stays(tmp_path, monkeypatch):
    path = tmp_path / "scene.toml"
    save_scene(SceneState(title="old"), path)
    before = path.read_bytes()

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(type(path), "write_bytes", full)
    with pytest.raises(SceneError) as info:
        save_scene(SceneState(title="new"), path)
    assert "No space left on device" in str(info.value) and "disk is not full" in str(info.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["scene.toml"]  # no temporary file left


def test_save_over_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real" / "scene.toml"
    real.parent.mkdir()
    save_scene(SceneState(title="old"), real)
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    save_scene(SceneState(title="new"), link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert load_scene(real).title == "new"
    assert [p.name for p in real.parent.iterdir()] == ["scene.toml"]


def test_save_over_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "scene.toml"
    os.mkfifo(fifo)
    with hang_guard(), pytest.raises(SceneError) as info:
        save_scene(SceneState(title="x"), fifo)
    assert "named pipe" in str(info.value)
    with hang_guard(), pytest.raises(SceneError) as info:
        save_scene(SceneState(title="x"), fifo, overwrite_unreadable=True)
    assert "named pipe" in str(info.value)
    with hang_guard(), pytest.raises(NotRegularFileError):
        atomic_write_bytes(fifo, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scene.toml"]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_save_leaves_a_partial_file_that_the_next_save_removes(tmp_path):
    target = tmp_path / "scene.toml"
    script = ("import os, sys\nfrom spineviz.atomic import atomic_output\n"
              f"with atomic_output({str(target)!r}) as tmp:\n"
              "    tmp.write_bytes(b'half')\n    os.kill(os.getpid(), 9)\n")
    subprocess.run([sys.executable, "-c", script], timeout=60, env={**os.environ, "PYTHONPATH": os.getcwd()},
                   check=False)
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].startswith(".scene.") and left[0].endswith(".partial.toml"), left
    save_scene(SceneState(title="next"), target)
    assert [p.name for p in tmp_path.iterdir()] == ["scene.toml"]


def test_only_dead_or_old_partials_are_removed(tmp_path):
    dead = tmp_path / f".scene.{_dead_pid()}.abcd1234.partial.toml"
    live = tmp_path / f".scene.{os.getpid()}.abcd1234.partial.toml"  # a save in progress in this process
    old = tmp_path / ".scene.oldstyle.partial.toml"
    other = tmp_path / f".notes.{_dead_pid()}.x.partial.toml"  # another file's: left alone
    for p in (dead, live, old, other):
        p.write_bytes(b"x")
    os.utime(old, (1, 1))
    removed = remove_stale_partials(tmp_path, "scene", ".toml")
    assert sorted(p.name for p in removed) == sorted([dead.name, old.name])
    assert live.exists() and other.exists()
    with atomic_output(tmp_path / "scene.toml") as tmp:
        tmp.write_bytes(b"done")
    assert (tmp_path / "scene.toml").read_bytes() == b"done" and live.exists()
