"""The spine as PyVista actors: built once, then moved by transforms and recoloured by loads.

Per frame nothing is rebuilt: a pose sets each actor's ``user_matrix`` and loads set the cartilage
colours (only those that changed, straight on the VTK property), which software OpenGL absorbs in a
couple of milliseconds (PLATFORM notes).

Two levels of detail: each bone actor keeps its full mapper and, once :meth:`SpineActors.prepare_coarse`
has made it, a coarse one (:mod:`spineviz.render.coarse`). :meth:`SpineActors.set_detail` swaps mappers on
the same actors, so picking ids, visibility, materials, colours and transforms are untouched by a switch:
only the number of triangles drawn changes.

While moving, translucent discs are also drawn opaque unless the bones are see-through (no translucency
pass), and :meth:`SpineActors.full_detail` gives the full parts back for a pick.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pyvista as pv

from spineviz.anatomy.levels import LEVELS, SEGMENTS
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
    coarse: bool = False
    allow_coarse: bool = True
    _full_mappers: dict = field(default_factory=dict)
    _coarse_mappers: dict = field(default_factory=dict)
    _facet_colours: np.ndarray | None = None
    _matrices: list = field(default_factory=list)

    @classmethod
    def build(cls, plotter: pv.Plotter, spine: Spine) -> SpineActors:
        """Add every part once; the actors of one vertebra share its one user matrix (see apply_pose)."""
        from vtkmodules.vtkCommonMath import vtkMatrix4x4

        from spineviz.render.part_actors import PartActors

        self = cls(plotter, spine)
        parts = PartActors(plotter)  # add_mesh's bookkeeping was quadratic in the number of parts
        self._matrices = [vtkMatrix4x4() for _ in LEVELS]
        for lv in LEVELS:
            if lv.name not in spine.bones:  # an imported spine has only the levels it was given
                continue
            actor = parts.add(spine.bones[lv.name], f"bone:{lv.name}", look.BONE, pickable=True)
            actor.SetUserMatrix(self._matrices[lv.index])
            self.bones[lv.name] = actor
            self._full_mappers[lv.name] = actor.GetMapper()
        for seg in SEGMENTS:
            if seg.name in spine.discs:
                actor = parts.add(spine.discs[seg.name], f"disc:{seg.name}", look.DISC, pickable=False)
                actor.SetUserMatrix(self._matrices[seg.lower.index])
                self.discs[seg.name] = actor
        for j in spine.model.present_joints:
            for which, idx in (("upper", j.upper_index), ("lower", j.lower_index)):
                actor = parts.add(spine.cartilage[(j.name, which)], f"facet:{j.name}:{which}", look.CARTILAGE,
                                  pickable=True)
                actor.SetUserMatrix(self._matrices[idx])
                self.cartilage[(j.name, which)] = actor
        self.apply_pose(np.repeat(np.eye(4)[None], len(LEVELS), axis=0))
        return self

    def apply_pose(self, transforms: np.ndarray) -> None:
        """Move every actor: ``transforms`` (25,4,4) act on top of neutral, in the spine frame.

        Writes 25 matrices in place (each vertebra's bone, cartilage and the disc below it share one), where
        setting 144 actors' ``user_matrix`` made a new VTK matrix per actor per frame.
        """
        self.transforms = transforms
        world = world_matrices(self.spine, transforms)
        for matrix, m in zip(self._matrices, world, strict=True):
            matrix.DeepCopy(m.ravel().tolist())

    def pick_names(self) -> dict[str, tuple[str, str]]:
        """Map from an actor's C++ address to what it shows: ("bone", "L4") or ("facet", "L4/5 left")."""
        out = {actor_key(a): ("bone", name) for name, a in self.bones.items()}
        out.update({actor_key(a): ("facet", name) for (name, _which), a in self.cartilage.items()})
        return out

    def set_facet_colours(self, colours: np.ndarray | None) -> None:
        """Colour each joint's two cartilage layers; ``None`` restores the plain cartilage colour.

        Only joints whose colour changed are touched, through the VTK property directly (PyVista's colour
        setter parses a colour object per call, which cost 13 ms a frame for 96 actors).
        """
        joints = self.spine.model.joints
        new = (np.repeat(np.asarray(look.CARTILAGE["color"], float)[None], len(joints), axis=0)
               if colours is None else np.asarray(colours, float)[:, :3])
        old = self._facet_colours
        changed = range(len(joints)) if old is None else np.flatnonzero(np.any(new != old, axis=1))
        for k in changed:
            rgb = (float(new[k, 0]), float(new[k, 1]), float(new[k, 2]))
            name = joints[k].name
            if (name, "upper") not in self.cartilage:  # no joint between absent levels (an imported spine)
                continue
            self.cartilage[(name, "upper")].GetProperty().SetColor(rgb)
            self.cartilage[(name, "lower")].GetProperty().SetColor(rgb)
        self._facet_colours = new.copy()

    # -- level of detail --

    def prepare_coarse(self, limit: int | None = None) -> int:
        """Make the coarse mapper of up to ``limit`` more bones (all by default); return how many remain.

        Call in small steps while the app is idle (about 0.1 s a bone): never on the start-up path.
        """
        from spineviz.render.coarse import coarse_mesh

        todo = [name for name in self.bones if name not in self._coarse_mappers]
        for name in todo[:limit]:
            full = self._full_mappers[name]
            mapper = pv.DataSetMapper(coarse_mesh(pv.wrap(full.GetInput())))
            mapper.SetScalarVisibility(False)
            self._coarse_mappers[name] = mapper
            if self.coarse:
                self.bones[name].SetMapper(mapper)
        return len(self.bones) - len(self._coarse_mappers)

    def set_detail(self, coarse: bool) -> None:
        """Draw the coarse bones (those prepared so far) while moving, or the full ones at rest.

        With :attr:`allow_coarse` off, full detail always (a machine with a real GPU has no need of the
        coarse bones; the benchmark also measures the moving picture without them).
        """
        coarse = coarse and self.allow_coarse
        self.coarse = coarse
        for name, actor in self.bones.items():
            mapper = self._coarse_mappers.get(name) if coarse else None
            mapper = mapper or self._full_mappers[name]
            if actor.GetMapper() is not mapper:
                actor.SetMapper(mapper)
        self._disc_opacity(coarse)

    @contextmanager
    def full_detail(self) -> Iterator[None]:
        """The full parts for the duration (a pick, a measurement); then the detail as it was.

        Nothing is rendered in between, so the picture on screen does not change.
        """
        coarse = self.coarse
        self.set_detail(False)
        try:
            yield
        finally:
            self.set_detail(coarse)

    def _disc_opacity(self, coarse: bool) -> None:
        """Opaque discs while moving, unless the bones are see-through (x-ray); their own opacity at rest.

        A translucent disc makes the renderer add a whole order-independent translucency pass to the frame
        (about a quarter of a moving frame in llvmpipe, docs/performance.md); at 0.85 the difference in the
        moving picture is slight. With see-through bones the discs keep their opacity: the x-ray is
        translucent anyway, and an opaque disc would hide the cartilage seen through the bone.
        """
        solid = all(a.GetProperty().GetOpacity() >= 1.0 for a in self.bones.values() if a.GetVisibility())
        opacity = 1.0 if coarse and solid else float(look.DISC["opacity"])
        for actor in self.discs.values():
            prop = actor.GetProperty()
            if prop.GetOpacity() != opacity:
                prop.SetOpacity(opacity)

    def triangles_drawn(self) -> int:
        """Triangles in the visible spine actors as drawn now (bones at their current detail)."""
        actors = (*self.bones.values(), *self.discs.values(), *self.cartilage.values())
        return sum(int(a.GetMapper().GetInput().GetNumberOfCells()) for a in actors if a.GetVisibility())

def actor_key(actor) -> str:
    """A stable key for a VTK actor, whatever Python wrapper a picker hands back."""
    return actor.GetAddressAsString("vtkObject")
