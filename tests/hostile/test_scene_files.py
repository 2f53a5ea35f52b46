"""Issue 16, scenes: every hostile scene class gets exit 2 from ``spineviz render`` within the hang guard.

The message names the file and the fix, there is no traceback, and no image is written. The files are in
``tests/scene/hostile``; pipes and devices cannot live in git, so they are made here.
"""

from __future__ import annotations

import os

import pytest

from tests.hostile.guard import SCENES, assert_clean_refusal, spineviz

SCENE_CLASSES = {
    "deep_arrays.toml": "nested more than 8 deep",
    "deep_inline_tables.toml": "nested more than 8 deep",
    "deep_highlight.toml": "nested more than 8 deep",
    "dotted_header.toml": "dotted parts",
    "huge_duration.toml": "animation.duration",
    "huge_duration_1e300.toml": "animation.duration",
    "document_outside.toml": "outside the scene's folder",
    "document_symlink.toml": "leads to /etc/passwd",
}


@pytest.mark.parametrize("name", sorted(SCENE_CLASSES))
def test_hostile_scene_is_refused_by_render(name, tmp_path):
    out = tmp_path / "out.png"
    result = spineviz("render", str(SCENES / name), "--out", str(out))
    err = assert_clean_refusal(result, name)
    assert SCENE_CLASSES[name] in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_one_megabyte_dotted_header_is_refused_unparsed(tmp_path):
    scene = tmp_path / "dotted.toml"
    scene.write_text("version = 1\n[" + ".".join(["a"] * 120_000) + "]\n")  # 240 KB, under the size limit
    big = tmp_path / "big.toml"
    big.write_text("version = 1\n[" + ".".join(["a"] * 500_000) + "]\n")  # 1 MB, over it
    assert "dotted parts" in assert_clean_refusal(spineviz("render", str(scene), "--out", str(tmp_path / "a.png")),
                                                  "dotted.toml")
    assert "too big for a scene" in assert_clean_refusal(
        spineviz("render", str(big), "--out", str(tmp_path / "b.png")), "big.toml")
    assert not list(tmp_path.glob("*.png"))


@pytest.mark.parametrize("kind", ["fifo", "device", "socket"])
def test_scene_that_is_not_a_regular_file_is_refused_without_blocking(kind, tmp_path):
    import socket

    scene = tmp_path / f"{kind}.toml"
    holder = None
    if kind == "fifo":
        os.mkfifo(scene)
    elif kind == "device":
        scene.symlink_to("/dev/zero")  # reading it would never end
    else:
        holder = socket.socket(socket.AF_UNIX)
        holder.bind(str(scene))
    try:
        err = assert_clean_refusal(spineviz("render", str(scene), "--out", str(tmp_path / "x.png")), scene.name)
    finally:
        if holder is not None:
            holder.close()
    assert {"fifo": "named pipe", "device": "character device", "socket": "a socket"}[kind] in err
    assert not (tmp_path / "x.png").exists()


def test_scene_naming_a_fifo_document_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "notes.md")
    scene = tmp_path / "scene.toml"
    scene.write_text('version = 1\ntitle = "x"\n\n[document]\npath = "notes.md"\n')
    err = assert_clean_refusal(spineviz("render", str(scene), "--handout", "--out", str(tmp_path / "h.html")),
                               "scene.toml")
    assert "named pipe" in err and "notes.md" in err
    assert not (tmp_path / "h.html").exists()


def test_handout_carries_only_a_document_inside_the_scene_folder_and_says_where_it_came_from(tmp_path):
    """The handout is what a user hands on: it embeds the scene's own document, named, and nothing else."""
    from spineviz.render.handout import handout_article
    from spineviz.scene import load_scene

    (tmp_path / "notes.md").write_text("# My notes\n\nThe L4/5 facet joint.\n")
    scene = tmp_path / "scene.toml"
    scene.write_text('version = 1\ntitle = "x"\n\n[document]\npath = "notes.md"\n')
    title, html, _ = handout_article(load_scene(scene))
    assert title == "My notes" and "The L4/5 facet joint" in html
    assert "comes from the document “notes.md”" in html
