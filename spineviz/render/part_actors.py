"""Many mesh actors of a few looks, added to a plotter without PyVista's per-add bookkeeping.

PyVista's ``add_mesh`` with a ``name`` first looks for an actor of that name by rebuilding the list of
every actor's name, so adding the spine's 144 parts took time quadratic in their number; each add also
validated its keyword arguments and built a lookup table through matplotlib. Together that was about
four fifths of building an export's renderer (docs/performance.md, exports, session 5).

:class:`PartActors` adds the first part of each look through ``add_mesh`` (PyVista decides the mapper,
normals and material exactly as before) and every later part of that look as a copy of it: the same kind
of mapper with the same settings, a copy of the same material (and the template's texture, for a mesh with texture
coordinates: the bones' baked occlusion, ``spineviz.render.shading``), on its own mesh. The picture is the same
pixel for pixel (``tests/render/test_export_build.py``).
"""

from __future__ import annotations

import pyvista as pv


class PartActors:
    """Adds parts to one plotter; parts given the same ``look`` share everything but mesh and name."""

    def __init__(self, plotter: pv.Plotter) -> None:
        self.plotter = plotter
        self._templates: dict[int, pv.Actor] = {}

    def add(self, mesh: pv.PolyData, name: str, look: dict, *, pickable: bool) -> pv.Actor:
        """Add ``mesh`` drawn as ``look`` (keyword arguments of ``add_mesh``) under ``name``; return its actor.

        ``name`` must be new on this plotter (the spine's parts are added once, each under its own name).
        """
        template = self._templates.get(id(look))
        if template is None:
            actor = self.plotter.add_mesh(mesh, name=name, render=False, pickable=pickable, **look)
            self._templates[id(look)] = actor
            return actor
        mapper = type(template.mapper)()
        mapper.ShallowCopy(template.mapper)  # scalar visibility, colour mode, lookup table, ...
        mapper.SetInputData(mesh.copy(deep=False))  # as add_mesh does: the caller's mesh is never touched
        prop = pv.Property()
        prop.DeepCopy(template.prop)
        actor = pv.Actor(mapper=mapper, prop=prop, name=name)
        actor.SetPickable(pickable)
        actor.SetScale(template.GetScale())
        if template.GetTexture() is not None and mesh.GetPointData().GetTCoords() is not None:
            actor.SetTexture(template.GetTexture())  # a bone's baked occlusion (spineviz.render.shading)
        self.plotter.renderer.AddActor(actor)
        return actor


__all__ = ["PartActors"]
