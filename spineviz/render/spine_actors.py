"""The spine as PyVista actors: built once, then moved by transforms and recoloured by loads.

Per frame nothing is rebuilt: a pose sets each actor's ``user_matrix`` and loads set the cartilage
colours, which software OpenGL absorbs in a couple of milliseconds (PLATFORM notes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyvista as pv

from spineviz.anatomy.levels import LEVELS, SEGMENTS
from spineviz.anatomy.spine import Spine
from spineviz.render import look

REGIONS = ("cervical", "thoracic", "lumbar", "sacral")


@dataclass
class SpineActors:
    """Handles to every actor, keyed by what they show, plus what each pick id means."""

    plotter: pv.Plotter
    spine: Spine
    bones: dict[str, pv.Actor] = field(default_factory=dict)
    discs: dict[str, pv.Actor] = field(default_factory=dict)
    cartilage: dict[tuple[str, str], pv.Actor] = field(default_factory=dict)
    labels: object | None = None
    legend_actor: object | None = None
    transforms: np.ndarray | None = None

    @classmethod
    def build(cls, plotter: pv.Plotter, spine: Spine) -> SpineActors:
        self = cls(plotter, spine)
        frames = spine.frames
        for lv in LEVELS:
            actor = plotter.add_mesh(spine.bones[lv.name], name=f"bone:{lv.name}", render=False,
                                     pickable=True, **look.BONE)
            actor.user_matrix = frames[lv.index]
            self.bones[lv.name] = actor
        for seg in SEGMENTS:
            if seg.name in spine.discs:
                actor = plotter.add_mesh(spine.discs[seg.name], name=f"disc:{seg.name}", render=False,
                                         pickable=False, **look.DISC)
                actor.user_matrix = frames[seg.lower.index]
                self.discs[seg.name] = actor
        for j in spine.model.joints:
            for which, idx in (("upper", j.upper_index), ("lower", j.lower_index)):
                actor = plotter.add_mesh(spine.cartilage[(j.name, which)], name=f"facet:{j.name}:{which}",
                                         render=False, pickable=True, **look.CARTILAGE)
                actor.user_matrix = frames[idx]
                self.cartilage[(j.name, which)] = actor
        self.transforms = np.repeat(np.eye(4)[None], len(LEVELS), axis=0)
        return self

    def apply_pose(self, transforms: np.ndarray) -> None:
        """Move every actor: ``transforms`` (25,4,4) act on top of neutral, in the spine frame."""
        self.transforms = transforms
        world = np.einsum("nij,njk->nik", transforms, self.spine.frames)
        for lv in LEVELS:
            self.bones[lv.name].user_matrix = world[lv.index]
        for seg in SEGMENTS:
            actor = self.discs.get(seg.name)
            if actor is not None:
                actor.user_matrix = world[seg.lower.index]
        for (name, which), actor in self.cartilage.items():
            j = self._joint(name)
            actor.user_matrix = world[j.upper_index if which == "upper" else j.lower_index]

    def _joint(self, name: str):
        return self.spine.model.joints[[j.name for j in self.spine.model.joints].index(name)]

    def set_facet_colours(self, colours: np.ndarray | None) -> None:
        """Colour each joint's two cartilage layers; ``None`` restores the plain cartilage colour."""
        for k, j in enumerate(self.spine.model.joints):
            c = look.CARTILAGE["color"] if colours is None else tuple(float(x) for x in colours[k])
            self.cartilage[(j.name, "upper")].prop.color = c
            self.cartilage[(j.name, "lower")].prop.color = c

    def show_regions(self, regions: set[str]) -> None:
        """Show only the vertebrae (and their discs and joints) of the given regions."""
        for lv in LEVELS:
            self.bones[lv.name].visibility = lv.region in regions
        for seg in SEGMENTS:
            visible = seg.upper.region in regions or seg.lower.region in regions
            if seg.name in self.discs:
                self.discs[seg.name].visibility = visible and seg.upper.region in regions
        for j in self.spine.model.joints:
            vis = j.id.segment.upper.region in regions
            for which in ("upper", "lower"):
                self.cartilage[(j.name, which)].visibility = vis

    def visible_bounds(self) -> tuple[float, ...]:
        """Bounds of the visible bones in the spine frame (for framing the camera)."""
        boxes = [a.bounds for a in self.bones.values() if a.visibility]
        if not boxes:
            boxes = [a.bounds for a in self.bones.values()]
        b = np.array(boxes)
        return (b[:, 0].min(), b[:, 1].max(), b[:, 2].min(), b[:, 3].max(), b[:, 4].min(), b[:, 5].max())


def regions_for(name: str) -> set[str]:
    """The regions shown for a region choice: "all", "cervical", "thoracic", "lumbar" (with the sacrum)."""
    if name in ("all", "", None):
        return set(REGIONS)
    if name == "lumbar":
        return {"lumbar", "sacral"}
    if name not in REGIONS:
        raise ValueError(f"unknown region {name!r}; choose all, cervical, thoracic or lumbar")
    return {name}
