"""Regenerate the pictures in ``docs/images``: ``python -m spineviz.render.gallery docs/images``."""

from __future__ import annotations

import sys
from pathlib import Path

from spineviz.render.offscreen import RenderRequest, render_image, render_vertebra

SINGLE = ("C1", "C2", "C5", "T6", "L4")


def build(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for view in ("left", "posterior"):
        path = out / f"spine-{view}.png"
        render_image(RenderRequest(out=path, view=view, size=(700, 1200), labels=view == "left"))
        made.append(path)
    for level in SINGLE:
        for view in ("superior", "left", "posterior"):
            made.append(render_vertebra(level, view, out / f"{level}-{view}.png", size=(500, 500)))
    return made


if __name__ == "__main__":
    for p in build(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")):
        print(p)
