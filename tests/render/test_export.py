"""Exports of a scene: each format writes a valid file, atomically, and says clearly what went wrong."""

import dataclasses
import html
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser

import imageio.v3 as iio
import numpy as np
import pytest

from spineviz.motion import Keyframe, Timeline, parse_motion
from spineviz.render.export import (
    ExportCancelled,
    ExportError,
    export_body_map,
    export_scene,
    frame_count,
    write_handout,
)
from spineviz.scene.presets import CHAIRSIDE, load_preset
from spineviz.scene.state import Animation, DocumentRef, SceneState

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def spine():
    from spineviz.anatomy.spine import load_spine

    return load_spine()


@pytest.fixture(scope="module")
def short_clip():
    """A lumbar extension there and back: 1 s of timeline, pingpong, so 2 s a cycle; 5 fps -> 10 frames."""
    tl = Timeline((Keyframe(0.0, parse_motion("neutral", region="lumbar")),
                   Keyframe(1.0, parse_motion("extension=20", region="lumbar"))),
                  mode="pingpong", easing="linear")
    return SceneState(title="Leaning back", caption="Short clip.", region="lumbar", loads=True,
                      animation=Animation(timeline=tl, speed=1.0))


def _leftovers(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if ".partial" in p.name]


def test_frame_count_is_duration_times_fps(short_clip):
    assert frame_count(short_clip, 5) == 10
    faster = dataclasses.replace(short_clip, animation=dataclasses.replace(short_clip.animation, speed=2.0))
    assert frame_count(faster, 5) == 5


def test_gif_has_duration_times_fps_frames(short_clip, spine, tmp_path):
    seen = []
    out = export_scene(short_clip, tmp_path / "clip.gif", size=(160, 120), fps=5, progress=seen.append,
                       spine=spine)
    frames = iio.imread(out, index=None)
    assert frames.shape[0] == 10 and frames.shape[1:3] == (120, 160)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 10
    meta = iio.immeta(out, index=0)
    assert meta.get("loop") == 0 and meta.get("duration") == 200
    assert not np.array_equal(frames[0], frames[5])  # the spine moves
    assert _leftovers(tmp_path) == []


def test_mp4_has_duration_times_fps_frames(short_clip, spine, tmp_path):
    import imageio.v2

    out = export_scene(short_clip, tmp_path / "clip.mp4", size=(161, 121), fps=5, spine=spine)
    reader = imageio.v2.get_reader(out, "ffmpeg")
    try:
        assert reader.count_frames() == 10
        meta = reader.get_meta_data()
        assert meta["fps"] == 5 and tuple(meta["size"]) == (160, 120)  # even sizes for H.264
    finally:
        reader.close()


def test_cancel_leaves_no_file_and_keeps_an_old_one(short_clip, spine, tmp_path):
    target = tmp_path / "clip.gif"
    target.write_bytes(b"old")
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 3

    for suffix in (".gif", ".mp4"):
        with pytest.raises(ExportCancelled, match="nothing was written"):
            export_scene(short_clip, target.with_suffix(suffix), size=(96, 64), fps=5, cancel=cancel, spine=spine)
        calls.clear()
    assert target.read_bytes() == b"old"
    assert not target.with_suffix(".mp4").exists()
    assert _leftovers(tmp_path) == []


def test_animation_needs_an_animated_scene(spine, tmp_path):
    with pytest.raises(ExportError, match=r"no animation.*Fix: add an \[animation\]"):
        export_scene(SceneState(), tmp_path / "x.gif", spine=spine)
    with pytest.raises(ExportError, match="Fix: name the file with one of"):
        export_scene(SceneState(), tmp_path / "x.bmp", spine=spine)
    with pytest.raises(ExportError, match="does not exist"):
        export_scene(SceneState(), tmp_path / "no" / "x.png", spine=spine)


def test_png_size_and_transparency(spine, tmp_path):
    out = export_scene(load_preset("whole-spine-overview"), tmp_path / "s.png", size=(200, 300), transparent=True,
                       spine=spine)
    img = iio.imread(out)
    assert img.shape == (300, 200, 4) and img[0, 0, 3] == 0 and img[..., 3].max() == 255


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.links, self.srcs, self.data_json = [], [], [], ""
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
            self._in_data = attrs.get("id") == "spine-data"
        if tag == "link":
            self.links.append(attrs)
        if "src" in attrs:
            self.srcs.append(attrs["src"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_data = False

    def handle_data(self, data):
        if self._in_data:
            self.data_json += data


def test_html_page_carries_meshes_text_and_no_network(spine, tmp_path):
    import json

    from spineviz.motion.loads import ESTIMATE_NOTE

    state = load_preset(CHAIRSIDE)
    out = export_scene(state, tmp_path / "page.html", spine=spine)
    text = out.read_text(encoding="utf-8")
    page = _Page()
    page.feed(text)
    # no file or network fetches: inline scripts and styles only, images as data URIs, a CSP that forbids the rest
    assert all("src" not in s for s in page.scripts) and page.links == []
    assert all(src.startswith("data:image/png;base64,") for src in page.srcs)
    assert not re.search(r"https?://", text), re.findall(r".{40}https?://.{40}", text)
    assert "default-src 'none'" in text and "@import" not in text
    # the meshes: every visible bone, disc and cartilage layer, as base64 arrays
    data = json.loads(page.data_json)
    names = {p["name"] for p in data["parts"]}
    # the chairside preset shows L3-L5 (isolate = "L4", session 12): 3 bones, 2 discs, 2 layers x 2 sides x 2 joints
    assert {"L3", "L4", "L5", "disc L4/5", "facet L4/5 left (upper)"} <= names and "S1" not in names
    assert len(data["parts"]) == 3 + 2 + 2 * 2 * 2
    assert sum(len(p["positions"]) for p in data["parts"]) > 100_000
    # the words: title, caption, the estimate note and the red flags
    assert html.escape(state.title) in text and html.escape(state.caption.split(".")[0]) in text
    assert html.escape(ESTIMATE_NOTE) in text
    assert "When to see a clinician now" in text and "numbness between your legs" in text


def test_gltf_and_glb_load_back_with_one_node_per_part(spine, tmp_path):
    import pygltflib

    state = load_preset("whole-spine-overview")
    expected = 1 + 25 + len([s for s in state.visible_segments() if s != "C1/2"]) + 2 * 2 * 24
    for suffix in (".gltf", ".glb"):
        out = export_scene(state, tmp_path / f"spine{suffix}", spine=spine)
        if suffix == ".glb":
            assert out.read_bytes()[:4] == b"glTF"  # a real binary container, not JSON text
        gltf = pygltflib.GLTF2().load(str(out))
        assert len(gltf.nodes) == expected
        names = [n.name for n in gltf.nodes]
        assert names[0] == "spine" and "L4" in names and "facet L4/5 left (upper)" in names
        l4 = gltf.nodes[names.index("L4")]
        assert {gltf.nodes[c].name for c in l4.children} >= {"disc L3/4", "facet L4/5 left (upper)"}
        blob = gltf.binary_blob() if suffix == ".glb" else gltf.get_data_from_buffer_uri(gltf.buffers[0].uri)
        assert len(blob) == gltf.buffers[0].byteLength
        acc = gltf.accessors[gltf.meshes[0].primitives[0].attributes.POSITION]
        view = gltf.bufferViews[acc.bufferView]
        pts = np.frombuffer(blob, np.float32, acc.count * 3, view.byteOffset).reshape(-1, 3)
        assert np.allclose(pts.min(0), acc.min, atol=1e-4) and np.allclose(pts.max(0), acc.max, atol=1e-4)


def test_gltf_of_a_region_has_only_what_shows(spine, tmp_path):
    import pygltflib

    state = SceneState(region="lumbar", isolate="L4", layers=dataclasses.replace(SceneState().layers, discs=False))
    out = export_scene(state, tmp_path / "l4.glb", spine=spine)
    gltf = pygltflib.GLTF2().load(str(out))
    assert len(gltf.nodes) == 1 + 3 + 2 * 2 * 2


def test_body_map_svg_and_png(tmp_path):
    state = load_preset("buttock-and-thigh-pain")
    svg = export_body_map(state, tmp_path / "map.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and 'data-joints="L4/5 left; L4/5 right; L5/S1 left; L5/S1 right"' in svg
    assert export_scene(state, tmp_path / "map2.svg").read_text(encoding="utf-8") == svg
    png = export_body_map(state, tmp_path / "map.png", width=400)
    img = iio.imread(png)
    assert img.shape[1] == 400 and img[..., :3].std() > 8


def test_handout_has_picture_body_map_article_and_red_flags(spine, tmp_path):
    from spineviz.content.articles import load_article

    state = load_preset("buttock-and-thigh-pain")
    out = write_handout(state, tmp_path / "handout.html", spine=spine, image_size=(320, 320))
    text = out.read_text(encoding="utf-8")
    assert text.count("data:image/png;base64,") == 1 and "<svg" in text
    article = load_article("referred-pain", "patient")
    assert article.title in text and "Why pain can be felt away from the joint" in text
    assert 'id="low-back-l45-and-l5s1" class="focus"' in text
    assert "When to see a clinician now" in text and "numbness between your legs" in text
    assert 'id="warning-signs"' in text and 'href="#warning-signs"' in text
    assert text.count("numbness between your legs") == 2  # the box once, and the full list
    assert "<script" not in text.lower() and not re.search(r"""(src|href)=["']https?:""", text.split("<article")[0])


def test_handout_with_a_users_document(spine, tmp_path):
    note = tmp_path / "letter.md"
    note.write_text("# Your letter\n\n## Plan\n\nWalk daily. <script>alert(1)</script>\n", encoding="utf-8")
    state = SceneState(title="Mine", document=DocumentRef(path=str(note), section="plan"))
    text = write_handout(state, tmp_path / "h.html", spine=spine, image_size=(200, 200)).read_text(encoding="utf-8")
    assert "Walk daily." in text and "alert(1)" not in text and "When to see a clinician now" in text


def test_failed_write_names_the_file_and_leaves_the_old_one(spine, tmp_path, monkeypatch):
    target = tmp_path / "spine.glb"
    target.write_bytes(b"old")

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ExportError) as info:
        export_scene(SceneState(region="lumbar"), target, spine=spine)
    monkeypatch.undo()
    assert str(target) in str(info.value) and "Fix:" in str(info.value)
    assert target.read_bytes() == b"old" and _leftovers(tmp_path) == []


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_html_opens_offline_in_headless_chromium(spine, tmp_path):
    out = export_scene(load_preset("lumbar-facets-in-extension"), tmp_path / "page.html", spine=spine)
    shot = tmp_path / "shot.png"
    base = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader",
            "--use-angle=swiftshader", "--window-size=900,900", "--virtual-time-budget=6000",
            "--user-data-dir=" + str(tmp_path / "profile")]
    dom = subprocess.run([*base, "--dump-dom", out.as_uri()], capture_output=True, text=True, timeout=180)
    assert 'data-ready="1"' in dom.stdout or "no-webgl" in dom.stdout, dom.stderr[-2000:]
    subprocess.run([*base, f"--screenshot={shot}", out.as_uri()], capture_output=True, timeout=180)
    img = iio.imread(shot)[..., :3].astype(float)
    assert img.std() > 8
