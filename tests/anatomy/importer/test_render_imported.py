"""Renders and exports of an imported spine show its own levels and nothing else."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.render


def test_render_command_draws_the_imported_levels(imported_1mm, tmp_path, capsys):
    from PIL import Image

    from spineviz.cli import main

    out = tmp_path / "patient.png"
    code = main(["render", "--anatomy", str(imported_1mm.out), "--out", str(out), "--view", "left", "--loads",
                 "--motion", "extension=15", "--region", "lumbar", "--size", "600x800"])
    text = capsys.readouterr().out
    assert code == 0, text
    assert "most loaded:" in text
    assert all(j.split("/")[0] in {"T12", "L1", "L2", "L3", "L4", "L5"} for j in
               [p.strip().rsplit(" ", 2)[0] for p in text.split("most loaded: ")[1].splitlines()[0].split(",")])
    img = np.asarray(Image.open(out).convert("RGB")).astype(int)
    corner = img[5, 5]
    changed = np.abs(img - corner).sum(axis=2) > 60
    rows = np.flatnonzero(changed[:, 150:450].any(axis=1))  # the spine stands in the middle of the picture
    assert changed.mean() > 0.03
    assert rows.max() - rows.min() > 300  # six vertebrae and the sacrum fill much of the height


def test_gltf_export_has_one_node_per_present_bone(imported_1mm, tmp_path):
    import pygltflib

    from spineviz.render.export import export_scene
    from spineviz.scene import SceneState

    out = export_scene(SceneState(title="My spine", anatomy=str(imported_1mm.out)), tmp_path / "spine.glb")
    gltf = pygltflib.GLTF2().load(str(out))
    names = [n.name for n in gltf.nodes]
    bones = [n for n in names if n in {"C1", "C5", "T6", "T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1"}]
    assert sorted(bones) == sorted(["T12", "L1", "L2", "L3", "L4", "L5", "S1"])
    assert "facet L4/5 left (upper)" in names and not any("C5/6" in n or "T11/12" in n for n in names)


def test_html_export_of_an_imported_scene(imported_1mm, tmp_path):
    from spineviz.render.export import export_scene
    from spineviz.scene import SceneState

    out = export_scene(SceneState(title="My spine", anatomy=str(imported_1mm.out)), tmp_path / "spine.html",
                       size=(400, 500))
    import re

    page = out.read_text(encoding="utf-8")
    names = set(re.findall(r'"name": ?"([^"]+)"', page))
    assert "My spine" in page
    assert {n for n in names if " " not in n} == {"T12", "L1", "L2", "L3", "L4", "L5", "S1"}
    assert "facet L5/S1 right (upper)" in names and "disc L4/5" in names


def test_nerves_of_an_imported_spine_ride_on_its_own_levels(imported_1mm):
    from dataclasses import replace

    from spineviz.render.scene_render import open_renderer
    from spineviz.scene import SceneState

    state = SceneState(anatomy=str(imported_1mm.out))
    state = replace(state, layers=replace(state.layers, nerves=True))
    renderer = open_renderer(state, (400, 600))
    try:
        paths = renderer.nerves.paths.values()
        assert {p.carrier for p in paths} <= set(imported_1mm.present)
        roots = {(p.carrier, p.side) for p in paths if p.kind == "root"}
        assert roots >= {(f"L{i}", side) for i in range(1, 6) for side in ("left", "right")}
        image = renderer.snapshot()
    finally:
        renderer.plotter.close()
    rgb = image[..., :3].astype(int)
    yellow = (rgb[..., 0] > 170) & (rgb[..., 1] > 130) & (rgb[..., 2] < 90)
    assert yellow.sum() > 200  # the roots are drawn


def test_animation_of_an_imported_scene(imported_1mm, tmp_path):
    from PIL import Image

    from spineviz.render.export import export_scene
    from spineviz.scene import Animation, SceneState

    state = SceneState(anatomy=str(imported_1mm.out), loads=True, animation=Animation(preset="flexion_extension"))
    out = export_scene(state, tmp_path / "spine.gif", size=(200, 260), fps=2)
    with Image.open(out) as gif:
        n = gif.n_frames
        first = np.asarray(gif.convert("RGB")).astype(int)
        gif.seek(n // 4)
        later = np.asarray(gif.convert("RGB")).astype(int)
    assert n > 2 and np.abs(first - later).sum() > 0  # the patient's spine moves


def test_the_app_command_without_a_display_renders_the_anatomy(imported_1mm, tmp_path, monkeypatch, capsys):
    """`spineviz --anatomy DIR` with no display renders that spine instead of opening a window."""
    from PIL import Image

    from spineviz.cli import DEFAULT_PNG, main

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["--anatomy", str(imported_1mm.out)]) == 0, capsys.readouterr().err
    img = np.asarray(Image.open(tmp_path / DEFAULT_PNG).convert("RGB")).astype(int)
    changed = np.abs(img - img[5, 5]).sum(axis=2) > 60
    assert changed.mean() > 0.02


@pytest.mark.parametrize("command", [["render", "--out", "x.png"], ["loads"], ["info"]])
def test_a_folder_that_is_not_an_anatomy_is_refused(tmp_path, monkeypatch, capsys, command):
    from spineviz.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "holiday-photos").mkdir()
    code = main([*command, "--anatomy", "holiday-photos"])
    err = capsys.readouterr().err
    assert code == 2 and "holiday-photos" in err and "manifest" in err and "Traceback" not in err
    assert not (tmp_path / "x.png").exists()


def test_pdf_handout_of_an_imported_scene_shows_the_patients_spine(imported_1mm, tmp_path):
    """The chairside handout, on the patient's own spine: its text, and a picture of the imported levels."""
    from dataclasses import replace

    from pypdf import PdfReader

    from spineviz.render.handout_pdf import write_handout_pdf
    from spineviz.scene.presets import CHAIRSIDE, load_preset

    state = replace(load_preset(CHAIRSIDE), anatomy=str(imported_1mm.out))
    out = tmp_path / "handout.pdf"
    write_handout_pdf(state, out, notes="Review in 4 weeks.")
    pages = PdfReader(str(out)).pages
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pages)
    assert 1 <= len(pages) <= 2 and "Review in 4 weeks." in text and "When to see a clinician now" in text
    images = [img for p in pages for img in p.images]
    assert images and max(img.image.size[1] for img in images) > 200  # the spine picture is there
