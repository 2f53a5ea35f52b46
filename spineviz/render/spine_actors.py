"""The spine as PyVista actors: built once, then moved by transforms and recoloured by loads.

Per frame nothing is rebuilt: a pose sets each actor's ``user_matrix`` and loads set the cartilage
colours, which software OpenGL absorbs in a couple of milliseconds (PLATFORM notes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyvista as pv

from spineviz.anatomy.levels import LEVEL_NAMES, LEVELS, SEGMENTS
from spineviz.anatomy.spine import Spine
from spineviz.render import look
from spineviz.render.posed import world_matrices


@dataclass
class SpineActors:
    """Handles to every actor, keyed by what they show, plus what each pick id means."""

    plotter: pv.Plotter
    spine: Spine
    bones: dict[str, pv.Actor] = field(default_factory=dict)
    discs: dict[str, pv.Actor] = field(default_factory=dict)
    cartilage: dict[tuple[str, str], pv.Actor] = field(default_factory=dict)
    transforms: np.ndarray | None = None

    @classmethod
    def build(cls, plotter: pv.Plotter, spine: Spine) -> SpineActors:
        self = cls(plotter, spine)
        frames = spine.frames
        for lv in LEVELS:
            if lv.name not in spine.bones:  # an imported spine has only the levels it was given
                continue
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
        for j in spine.model.present_joints:
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
        world = world_matrices(self.spine, transforms)
        for name, actor in self.bones.items():
            actor.user_matrix = world[LEVEL_NAMES.index(name)]
        for seg in SEGMENTS:
            actor = self.discs.get(seg.name)
            if actor is not None:
                actor.user_matrix = world[seg.lower.index]
        for (name, which), actor in self.cartilage.items():
            j = self._joint(name)
            actor.user_matrix = world[j.upper_index if which == "upper" else j.lower_index]

    def _joint(self, name: str):
        return self._joints_by_name()[name]

    def _joints_by_name(self) -> dict:
        if not hasattr(self, "_by_name"):
            self._by_name = {j.name: j for j in self.spine.model.joints}
        return self._by_name

    def pick_names(self) -> dict[str, tuple[str, str]]:
        """Map from an actor's C++ address to what it shows: ("bone", "L4") or ("facet", "L4/5 left")."""
        out = {actor_key(a): ("bone", name) for name, a in self.bones.items()}
        out.update({actor_key(a): ("facet", name) for (name, _which), a in self.cartilage.items()})
        return out

    def set_facet_colours(self, colours: np.ndarray | None) -> None:
        """Colour each joint's two cartilage layers; ``None`` restores the plain cartilage colour."""
        for k, j in enumerate(self.spine.model.joints):
            if (j.name, "upper") not in self.cartilage:  # no joint between absent levels
                continue
            c = look.CARTILAGE["color"] if colours is None else tuple(float(x) for x in colours[k])
            self.cartilage[(j.name, "upper")].prop.color = c
            self.cartilage[(j.name, "lower")].prop.color = c


def actor_key(actor) -> str:
    """A stable key for a VTK actor, whatever Python wrapper a picker hands back."""
    return actor.GetAddressAsString("vtkObject")
