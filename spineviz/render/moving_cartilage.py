"""The facet cartilage drawn while the spine moves: one actor per vertebra instead of four, colours per cell.

In software OpenGL (Mesa llvmpipe) every actor costs a fixed share of a frame whatever its size; the 96
small cartilage layers (about 260 triangles each) cost about a quarter of a moving frame
(docs/performance.md). While the picture moves, :class:`~spineviz.render.spine_actors.SpineActors`
hides them and shows these instead: for each vertebra, the layers it carries appended into one mesh
(each cell keeps the index of its joint), drawn with the same material under the vertebra's own
shared matrix, so they move with it at no cost per frame, and coloured per cell from the joints' colours.

Only the layers that are shown go in (a region, an isolated level or the cartilage layer turned off
leaves them out); the meshes are remade only when that set changes. Nothing here is pickable: a pick
looks at the full parts (:meth:`SpineActors.full_detail`).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from vtkmodules.vtkFiltersCore import vtkAppendPolyData
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

NAME = "moving_cartilage:"
"""Prefix of these actors' names in the plotter (not a pickable kind)."""


class MovingCartilage:
    """The per-vertebra cartilage actors of one :class:`SpineActors`; see the module docstring."""

    def __init__(self, plotter, cartilage: dict, groups: dict[int, list], matrices: list, joint_index: dict) -> None:
        """``groups``: vertebra index → the cartilage keys it carries; ``joint_index``: joint name → its row."""
        self.cartilage = cartilage
        self.groups = groups
        self.joint_index = joint_index
        self.actors: dict[int, vtkActor] = {}
        self.meshes: dict[int, pv.PolyData] = {}  # what each actor draws (the mapper's input itself)
        self.shows: frozenset = frozenset()
        for idx, keys in groups.items():
            mapper = vtkPolyDataMapper()
            mapper.SetScalarModeToUseCellData()
            mapper.SetColorModeToDirectScalars()
            mapper.ScalarVisibilityOn()
            actor = vtkActor()
            actor.SetMapper(mapper)
            actor.GetProperty().DeepCopy(cartilage[keys[0]].GetProperty())  # the same material
            actor.SetUserMatrix(matrices[idx])
            actor.PickableOff()
            actor.VisibilityOff()
            plotter.add_actor(actor, name=f"{NAME}{idx}", reset_camera=False, pickable=False, render=False)
            self.actors[idx] = actor

    def fill(self, shows: frozenset, colours: np.ndarray) -> None:
        """Put the layers in ``shows`` (cartilage keys) into their vertebra's mesh, coloured by joint."""
        for idx, actor in self.actors.items():
            keys = [k for k in self.groups[idx] if k in shows]
            if not keys:
                self.meshes[idx] = pv.PolyData()
                actor.GetMapper().SetInputData(self.meshes[idx])
                continue
            append = vtkAppendPolyData()
            for key in keys:
                part = pv.PolyData()
                part.shallow_copy(self.cartilage[key].GetMapper().GetInput())  # the mesh drawn at rest
                part.cell_data["joint"] = np.full(part.n_cells, self.joint_index[key[0]], dtype=np.int32)
                append.AddInputData(part)
            append.Update()
            self.meshes[idx] = pv.wrap(append.GetOutput())
            actor.GetMapper().SetInputData(self.meshes[idx])
        self.shows = shows
        self.colour(colours)

    def colour(self, colours: np.ndarray) -> None:
        """Colour every cell as its joint: ``colours`` (joints, 3) in 0..1, as the full layers' properties."""
        rgb = np.round(np.clip(np.asarray(colours, float), 0.0, 1.0) * 255.0).astype(np.uint8)
        for mesh in self.meshes.values():
            if mesh.n_cells:
                mesh.cell_data["rgb"] = rgb[np.asarray(mesh.cell_data["joint"])]
                mesh.GetCellData().SetActiveScalars("rgb")

    def show(self, on: bool) -> None:
        """Draw the merged layers (those with any content), or none."""
        for idx, actor in self.actors.items():
            mesh = self.meshes.get(idx)
            visible = bool(on and mesh is not None and mesh.n_cells)
            if bool(actor.GetVisibility()) != visible:
                actor.SetVisibility(visible)

    def triangles_drawn(self) -> int:
        return sum(int(a.GetMapper().GetInput().GetNumberOfCells()) for a in self.actors.values() if a.GetVisibility())


__all__ = ["NAME", "MovingCartilage"]
