"""Regenerate the pictures in ``docs/images``: ``python -m spineviz.render.gallery docs/images``."""

from __future__ import annotations

import sys
from pathlib import Path

from spineviz.render.offscreen import render_vertebra
from spineviz.render.scene_render import render_scene
from spineviz.scene import Camera, Layers, SceneState

SINGLE = ("C1", "C2", "C5", "T6", "L4", "S1")


def _shrink(path: Path) -> Path:
    """Re-save as an optimised 256-colour PNG: the gallery ships in the repository, so it stays small."""
    from PIL import Image

    img = Image.open(path).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    tmp = path.with_name(f".{path.stem}.partial.png")
    img.save(tmp, optimize=True)
    tmp.replace(path)
    return path


def build(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for view in ("left", "posterior"):
        path = out / f"spine-{view}.png"
        scene = SceneState(camera=Camera(view=view), layers=Layers(labels=view == "left"))
        render_scene(scene, path, size=(700, 1200), lod="default")
        made.append(_shrink(path))
    for level in SINGLE:
        for view in ("superior", "left", "posterior"):
            made.append(_shrink(render_vertebra(level, view, out / f"{level}-{view}.png", size=(500, 500))))
    return made


if __name__ == "__main__":
    for p in build(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")):
        print(p)
