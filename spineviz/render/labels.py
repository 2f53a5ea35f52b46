"""Level names that float beside each vertebra and follow it as the spine moves.

Billboard text actors are cheap to move (one SetPosition each), so labels can stay on during animation
instead of being rebuilt every frame.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkRenderingCore import vtkBillboardTextActor3D

from spineviz.anatomy.levels import LEVELS
from spineviz.render import look


def _offset(spine, lv) -> float:
    d = spine.model.dims[lv.name]
    width = 40.0 if lv.name == "C1" else (d.epw or 30.0)
    return 0.5 * width + 16.0


class LevelLabels:
    """One billboard label per level; ``update`` moves them with the pose."""

    def __init__(self, plotter, spine, font_size: int = 18) -> None:
        self.spine = spine
        self.side = np.array([1.0, 0.0, 0.0])  # where labels sit, in the spine frame (toward the viewer)
        self._transforms = np.repeat(np.eye(4)[None], len(LEVELS), axis=0)
        self.actors: dict[str, vtkBillboardTextActor3D] = {}
        r, g, b = (int(look.LABEL_COLOUR[i : i + 2], 16) / 255 for i in (1, 3, 5))
        for lv in LEVELS:
            actor = vtkBillboardTextActor3D()
            actor.SetInput("Sacrum" if lv.is_sacrum else lv.name)
            prop = actor.GetTextProperty()
            prop.SetFontSize(font_size)
            prop.SetColor(r, g, b)
            prop.SetBold(True)
            prop.SetJustificationToLeft()
            prop.SetVerticalJustificationToCentered()
            actor.PickableOff()
            plotter.renderer.AddActor(actor)
            self.actors[lv.name] = actor
        self.update(np.repeat(np.eye(4)[None], len(LEVELS), axis=0))

    def face(self, camera_position, focal_point) -> None:
        """Put the labels on the side of each vertebra that faces the camera's right, so they stay in view."""
        view = np.asarray(focal_point, float) - np.asarray(camera_position, float)
        right = np.cross(view, (0.0, 0.0, 1.0))
        if np.linalg.norm(right) < 1e-6:
            right = np.array([1.0, 0.0, 0.0])
        self.side = right / np.linalg.norm(right)
        self.update(self._transforms)

    def update(self, transforms: np.ndarray, visible: dict[str, bool] | None = None) -> None:
        self._transforms = transforms
        world = np.einsum("nij,njk->nik", transforms, self.spine.frames)
        for lv in LEVELS:
            p = world[lv.index][:3, 3] + self.side * _offset(self.spine, lv)
            actor = self.actors[lv.name]
            actor.SetPosition(*p)
            if visible is not None:
                actor.SetVisibility(bool(visible.get(lv.name, True)))

    def set_visible(self, on: bool, levels_shown: dict[str, bool] | None = None) -> None:
        for name, actor in self.actors.items():
            actor.SetVisibility(bool(on and (levels_shown or {}).get(name, True)))
