"""PNG export of the body map: the requested width, not blank, written atomically."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtSvg")

from spineviz.content.bodymap import body_map_svg
from spineviz.render.bodymap_png import svg_to_png

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def lumbar_svg() -> str:
    return body_map_svg([("L4/5", "right"), ("L5/S1", "right")])


def test_writes_a_png_of_the_requested_width_with_the_svgs_aspect(tmp_path, lumbar_svg):
    out = svg_to_png(lumbar_svg, tmp_path / "map.png", 900)
    assert out == tmp_path / "map.png"
    width, height = png_size(out)
    _, _, vw, vh = (float(v) for v in lumbar_svg.split('viewBox="', 1)[1].split('"', 1)[0].split())
    assert width == 900
    assert height == round(900 * vh / vw)


def test_the_image_is_not_blank_and_shows_the_shaded_zones(tmp_path, lumbar_svg):
    from PySide6.QtGui import QColor, QImage

    out = svg_to_png(lumbar_svg, tmp_path / "map.png", 600)
    image = QImage(str(out))
    assert not image.isNull() and image.width() == 600
    colours = set()
    orange = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            c = QColor(image.pixel(x, y))
            colours.add(c.rgb())
            if c.red() > 180 and 50 < c.green() < 110 and c.blue() < 40:  # the "typical" #d94801
                orange += 1
    assert len(colours) > 20
    assert orange > 50


def _front_zone_pixel(svg: str, zone: str, side: str, width: int) -> tuple[int, int]:
    """A pixel inside the front view's shape of a zone, from the layout the SVG was drawn with."""
    import numpy as np

    from spineviz.content import bodymap as bm
    from spineviz.content.painmap_svg import _inside

    views, _, _ = bm.layout(bm.drawing(), bm._BODY_TOP)
    poly = np.array(views["front"].zones[(zone, side)][0].polygon())
    x, y = poly.mean(axis=0)
    assert _inside(poly, x, y), (zone, side)  # the test's own point must be inside the shape
    view_w = float(svg.split('viewBox="', 1)[1].split('"', 1)[0].split()[2])
    return round(x * width / view_w), round(y * width / view_w)


def _mean_rgb(image, x: int, y: int) -> tuple[float, float, float]:
    from PySide6.QtGui import QColor

    cs = [QColor(image.pixel(x + dx, y + dy)) for dx in range(-3, 4) for dy in range(-3, 4)]
    return tuple(sum(getattr(c, k)() for c in cs) / len(cs) for k in ("red", "green", "blue"))


@pytest.mark.parametrize("joint", ["L3/4", "L5/S1"])
def test_the_front_view_shows_the_groin_shaded_on_the_joints_side_only(tmp_path, joint):
    """Pixels, not markup: the right groin in the front view is orange, the left one the body's grey."""
    from PySide6.QtGui import QImage

    svg = body_map_svg([(joint, "right")])
    image = QImage(str(svg_to_png(svg, tmp_path / "front.png", 1400)))
    r, g, b = _mean_rgb(image, *_front_zone_pixel(svg, "groin", "right", 1400))
    assert r > 200 and b < 150 and r - b > 90, (r, g, b)  # the "sometimes" hatch: orange and brown
    r, g, b = _mean_rgb(image, *_front_zone_pixel(svg, "groin", "left", 1400))
    assert min(r, g, b) > 225 and max(r, g, b) - min(r, g, b) < 10, (r, g, b)  # unshaded body fill
    # The patient's right groin is drawn on the viewer's left of the front view.
    assert _front_zone_pixel(svg, "groin", "right", 1400)[0] < _front_zone_pixel(svg, "groin", "left", 1400)[0]


def test_the_write_is_atomic_and_replaces_an_old_file(tmp_path, lumbar_svg):
    target = tmp_path / "map.png"
    target.write_bytes(b"old")
    svg_to_png(lumbar_svg, target, 300)
    assert png_size(target)[0] == 300
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.png"]  # no temporary file left


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_file_gets_a_normal_mode_not_the_temporary_files(tmp_path, lumbar_svg):
    umask = os.umask(0o022)
    try:
        out = svg_to_png(lumbar_svg, tmp_path / "new.png", 100)
        assert out.stat().st_mode & 0o777 == 0o644
        out.chmod(0o600)
        svg_to_png(lumbar_svg, out, 100)  # an existing file keeps its mode
        assert out.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(umask)


def test_a_failed_render_leaves_the_old_file_alone(tmp_path):
    target = tmp_path / "map.png"
    target.write_bytes(b"old")
    with pytest.raises(ValueError, match="SVG"):
        svg_to_png("<svg this is not xml", target, 300)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.png"]


def test_a_failed_write_leaves_no_temporary_file(tmp_path, lumbar_svg, monkeypatch):
    from PySide6.QtGui import QImage

    monkeypatch.setattr(QImage, "save", lambda self, *args: False)
    with pytest.raises(OSError, match="could not write"):
        svg_to_png(lumbar_svg, tmp_path / "map.png", 200)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("width", [0, -5, 20000, 12.5])
def test_a_bad_width_is_refused(tmp_path, lumbar_svg, width):
    with pytest.raises(ValueError, match="width"):
        svg_to_png(lumbar_svg, tmp_path / "map.png", width)


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the offscreen fallback is for headless Linux"
)
def test_works_without_a_display(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    code = (
        "import os, sys\n"
        "from spineviz.content.bodymap import body_map_svg\n"
        "from spineviz.render.bodymap_png import svg_to_png\n"
        "svg_to_png(body_map_svg(['L4/5 left']), sys.argv[1], 120)\n"
        "print(os.environ['QT_QPA_PLATFORM'])\n"
    )
    target = tmp_path / "headless.png"
    result = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=Path(__file__).parents[2],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "offscreen"
    assert png_size(target)[0] == 120
