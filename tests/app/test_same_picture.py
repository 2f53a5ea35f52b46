"""The app window and ``spineviz render`` draw the same scene the same way: one renderer, one colour scale."""

import subprocess
import sys

import imageio.v3 as iio
import numpy as np
import pytest

from spineviz.scene.presets import CHAIRSIDE

pytestmark = pytest.mark.gui


def _display_point(renderer, world) -> tuple[int, int]:
    renderer.SetWorldPoint(*world, 1.0)
    renderer.WorldToDisplay()
    x, y, _ = renderer.GetDisplayPoint()
    return round(x), round(y)


def test_window_and_cli_give_every_joint_the_same_colour(window, qtbot, tmp_path):
    window.scenes.open_preset(CHAIRSIDE)
    qtbot.waitUntil(lambda: not window.camera.moving, timeout=30000)
    qtbot.wait(200)  # let a pending resize settle the framing
    width, height = window.plotter.window_size
    app_png = tmp_path / "app.png"
    window.viewport.renderer.snapshot(app_png)
    cli_png = tmp_path / "cli.png"
    r = subprocess.run([sys.executable, "-m", "spineviz", "render", "--preset", CHAIRSIDE, "--out", str(cli_png),
                        "--size", f"{width}x{height}"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    app, cli = iio.imread(app_png)[..., :3].astype(int), iio.imread(cli_png)[..., :3].astype(int)
    assert app.shape == cli.shape

    ren = window.plotter.renderer
    transforms = window.live.pose().transforms
    shown = set(window.live.state.visible_segments())
    compared = []
    for j in window.spine.model.joints:
        if j.id.segment.name not in shown:
            continue
        x, y = _display_point(ren, (transforms[j.lower_index] @ np.append(j.centre, 1.0))[:3])
        row, col = height - 1 - y, x
        if not (2 <= row < height - 2 and 2 <= col < width - 2):
            continue
        a = np.median(app[row - 1:row + 2, col - 1:col + 2].reshape(-1, 3), axis=0)
        c = np.median(cli[row - 1:row + 2, col - 1:col + 2].reshape(-1, 3), axis=0)
        compared.append((j.name, a, c))
    # every joint the preset shows is on screen and compared (L3/4 and L4/5 since it isolates L4, session 12)
    assert len(compared) == 2 * len(shown) >= 4, f"only {len(compared)} of the {2 * len(shown)} shown joints on screen"
    worst = max(compared, key=lambda t: np.abs(t[1] - t[2]).max())
    assert np.abs(worst[1] - worst[2]).max() <= 24, f"{worst[0]}: app {worst[1]} vs spineviz render {worst[2]}"
    differing = np.abs(app - cli).max(axis=-1) > 40
    # the rest differs only at text and edges: the window draws without anti-aliasing, the CLI with it
    assert differing.mean() < 0.05, f"{differing.mean():.2%} of pixels differ between the window and the CLI"
