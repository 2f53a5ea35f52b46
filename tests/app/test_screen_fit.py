"""The window fits the screen at any scale factor: a 1600×1000 display at 200 % (800×500 logical pixels).

Each case runs the real window in a fresh process on its own Xvfb, because the scale factor is read once
when Qt starts.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

PROBE = Path(__file__).with_name("screen_fit_probe.py")


def _xvfb(width: int, height: int):
    from .conftest import _die_with_parent

    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen([shutil.which("Xvfb"), "-displayfd", str(write_fd), "-screen", "0",
                             f"{width}x{height}x24", "-nolisten", "tcp"], pass_fds=(write_fd,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    os.close(write_fd)
    with os.fdopen(read_fd) as fh:
        number = fh.readline().strip()
    assert number, "Xvfb did not start"
    return proc, f":{number}"


def run_window(tmp_path, screen: tuple[int, int], scale: float) -> dict:
    proc, display = _xvfb(*screen)
    try:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", QT_SCALE_FACTOR=str(scale),
                   PYTHONPATH=os.pathsep.join([str(Path(__file__).parents[2]), os.environ.get("PYTHONPATH", "")]))
        env.pop("QT_SCREEN_SCALE_FACTORS", None)
        shot = tmp_path / f"window-{screen[0]}x{screen[1]}@{scale}.png"
        out = subprocess.run([sys.executable, str(PROBE), str(tmp_path / "settings.ini"), str(shot)], env=env,
                             capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, out.stderr[-2000:]
        report = json.loads(out.stdout.strip().splitlines()[-1])
        report["shot"] = shot
        return report
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.parametrize(("screen", "scale"), [((1600, 1000), 2.0), ((1920, 1080), 1.0)])
def test_the_window_fits_the_screen_and_the_3d_view_keeps_half(tmp_path, screen, scale):
    r = run_window(tmp_path, screen, scale)
    sx, sy, sw, sh = r["screen"]
    fx, fy, fw, fh = r["frame"]
    assert sw == round(screen[0] / scale) and sh == round(screen[1] / scale)  # the scale factor took
    assert fx >= sx and fy >= sy and fx + fw <= sx + sw and fy + fh <= sy + sh, r
    width = r["window"][0]
    assert r["view"][0] >= width / 2 - 2, f"the 3D view is {r['view'][0]} of {width} px: {r['docks']}"
    assert r["view"][1] >= r["window"][1] / 2
    assert r["shot"].exists()


def test_the_safety_note_stays_in_view_whatever_is_selected(window, qtbot):
    window.live.select("L4/5 left")  # the longest selection text: role, gap, load, where it refers
    qtbot.wait(300)
    note = window.info_panel.safety
    shown = note.visibleRegion().boundingRect()
    assert "Education only" in note.text()
    assert note.height() >= note.heightForWidth(note.width()) - 1  # room for every wrapped line
    assert shown.height() == note.height() and shown.width() == note.width()  # not clipped by anything
