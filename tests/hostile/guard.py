"""Run spineviz in a child process under a hang guard: a hostile input must be answered within seconds.

Two guards, neither a speed measurement: the child may use at most ``HANG_GUARD_S`` (5) seconds of CPU
time (a quadratic parse or a runaway layout burns CPU), and must end within ``WALL_GUARD_S`` of wall-clock
time (a FIFO opened blocking burns none). CPU time is what the child did, whatever else the shared machine
is doing; the wall guard is looser for the same reason. ``SPINEVIZ_HANG_GUARD`` raises the first.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

HANG_GUARD_S = float(os.environ.get("SPINEVIZ_HANG_GUARD", "5"))
WALL_GUARD_S = 6 * HANG_GUARD_S
ROOT = Path(__file__).resolve().parents[2]
FILES = Path(__file__).parent / "files"
SCENES = ROOT / "tests" / "scene" / "hostile"


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def spineviz(*args: str, cwd: Path | None = None, timeout: float = WALL_GUARD_S, cpu: float = HANG_GUARD_S,
             **env: str):
    """``python -m spineviz ARGS`` under both guards; returns the CompletedProcess."""
    before = _children_cpu()
    result = subprocess.run([sys.executable, "-m", "spineviz", *args], capture_output=True, text=True,
                            timeout=timeout, cwd=cwd, env=child_env(**env), stdin=subprocess.DEVNULL)
    used = _children_cpu() - before  # the child and its own children (the OpenGL probe)
    assert used <= cpu, f"spineviz {' '.join(args)[:200]} used {used:.1f} s of CPU (guard {cpu} s)"
    return result


def assert_clean_refusal(result, named: str, code: int = 2) -> str:
    """Exit ``code``, the file named, a fix, no traceback; returns stderr."""
    err = result.stderr
    assert result.returncode == code, (result.returncode, err[-2000:])
    assert "Traceback" not in err, err[-2000:]
    assert named in err, err
    assert any(fix in err for fix in ("Fix", "apt-get", "Choose", "Open a")), err  # the message says what to do
    return err
