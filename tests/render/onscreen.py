"""Measuring what a renderer shows on the picture: anatomy pixels, the names' drawn boxes, overlaps.

Shared by the render tests and the GUI tests (the same measures on an off-screen plotter and on the real
window's viewport).
"""

from __future__ import annotations

import numpy as np

INK = 40
"""Summed RGB difference that counts as "something is drawn here"."""


def image(renderer) -> np.ndarray:
    return np.asarray(renderer.snapshot(), int)[..., :3]


def with_hidden(renderer, props, names: bool = False) -> np.ndarray:
    """The picture with ``props`` hidden, and without the names if ``names`` (restored after)."""
    from spineviz.render.marks import marks_of

    labels = marks_of(renderer.plotter).labels
    was = [p.GetVisibility() for p in props]
    for p in props:
        p.SetVisibility(False)
    if names:
        labels.show(False)  # the layout shows each placed name again at every render otherwise
    try:
        return image(renderer)
    finally:
        labels.show(True)
        for p, v in zip(props, was, strict=True):
            p.SetVisibility(v)


def props(renderer):
    coll = renderer.plotter.renderer.GetViewProps()
    return [coll.GetItemAsObject(i) for i in range(coll.GetNumberOfItems())]


def anatomy_mask(renderer) -> np.ndarray:
    """Pixels where 3-D anatomy is drawn: the picture of the 3-D props alone against the bare background."""
    from vtkmodules.vtkRenderingCore import vtkActor

    every = props(renderer)
    flat = [p for p in every if not isinstance(p, vtkActor)]  # text, leader lines, legend
    solid = with_hidden(renderer, flat, names=True)
    bare = with_hidden(renderer, every, names=True)
    return np.abs(solid - bare).sum(axis=2) > INK


def label_boxes(renderer) -> list[tuple[str, tuple[int, int, int, int]]]:
    """Each shown name's box as VTK measures the drawn text: (name, (x0, x1, y0, y1)) in image rows/cols."""
    from spineviz.render.marks import marks_of

    labels = marks_of(renderer.plotter).labels
    ren = renderer.plotter.renderer
    height = renderer.plotter.window_size[1]
    out = []
    for text, actor in zip(labels.texts, labels.actors, strict=False):
        if not actor.GetVisibility():
            continue
        b = [0.0] * 4
        actor.GetBoundingBox(ren, b)  # relative to the actor's position
        x, y = actor.GetActualPositionCoordinate().GetComputedDoubleViewportValue(ren)[:2]  # where it is drawn
        b = [b[0] + x, b[1] + x, b[2] + y, b[3] + y]
        out.append((text, (int(b[0]), int(np.ceil(b[1])), int(height - np.ceil(b[3])), int(height - b[2]))))
    return out


def overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]
