"""The lumbar template as data: shipped with its licence and citation, axes found from the shapes alone."""

from importlib import resources

import numpy as np
import pytest

from spineviz.anatomy.template import CITATION, TEMPLATE_FILE, _raw, local_parts, scanner_axes

DATA = resources.files("spineviz.anatomy").joinpath("data", "templates")


def test_template_ships_compact_with_licence_and_citation():
    npz = DATA.joinpath(TEMPLATE_FILE)
    assert npz.is_file()
    assert len(npz.read_bytes()) < 2_000_000, "keep the template compact"
    licence = DATA.joinpath("LICENSE-clouthier-lumbar").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Allison Clouthier" in licence
    notice = DATA.joinpath("NOTICE.md").read_text(encoding="utf-8")
    assert "J Biomech" in CITATION or "Journal of Biomechanics" in notice
    assert "2023;146:111421" in notice and "87" in notice


def test_four_closed_parts_as_published():
    parts = _raw()
    assert len(parts) == 4
    assert sum(len(p) for p, _ in parts) == 65_478
    assert sum(len(f) for _, f in parts) == 130_956
    for p, f in parts:
        assert p.dtype == float and f.min() == 0 and f.max() == len(p) - 1


def test_axes_found_from_the_shapes_match_the_published_description():
    # the data's README: z superior, x antero-posterior increasing anteriorly, y lateral
    order, axes = scanner_axes([p for p, _ in _raw()])
    right, anterior, superior = axes.T
    assert superior[2] > 0.99 and anterior[0] > 0.99 and abs(right[1]) > 0.99
    assert np.isclose(np.linalg.det(axes), 1.0), "a right-handed frame"
    zs = [_raw()[i][0][:, 2].mean() for i in order]
    assert zs == sorted(zs, reverse=True), "ordered L2 (top) to L5"


def test_axes_do_not_depend_on_the_scanner_orientation():
    rng = np.random.default_rng(7)
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    q *= np.sign(np.linalg.det(q))
    parts = [p for p, _ in _raw()]
    _, axes = scanner_axes(parts)
    _, turned = scanner_axes([p @ q.T for p in parts])
    assert np.allclose(turned, q @ axes, atol=1e-6)


@pytest.mark.parametrize("name", ["L2", "L3", "L4", "L5"])
def test_each_part_lands_in_the_local_frame(name):
    part = local_parts()[name]
    pts = part.points
    # body about the origin, arch behind it (y < 0), symmetric about x = 0, the spinous tip far behind
    assert abs(np.median(pts[:, 0])) < 1.5
    assert pts[:, 1].max() < 20 and pts[:, 1].min() < -55
    assert pts[:, 2].max() > 12 and pts[:, 2].min() < -12
    assert np.allclose(part.to_local[:3, :3] @ part.to_local[:3, :3].T, np.eye(3), atol=1e-9)
