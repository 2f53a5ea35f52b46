"""The nerves layer: thin tubes along :mod:`spineviz.anatomy.nerves`, posed with their carrier vertebrae.

Each nerve is one actor named ``nerve:<name>`` ("nerve:L4 medial branch (left)"), built once in its
carrier's local frame and moved per frame by the same transform as that vertebra (as the bones are), so
picking can name it and an animation never rebuilds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyvista as pv

from spineviz.anatomy.nerves import NervePath, nerve_paths

ROOT = {"color": (0.97, 0.80, 0.20), "ambient": 0.3, "diffuse": 0.7, "specular": 0.3, "specular_power": 20.0,
        "smooth_shading": True}
"""Nerve roots: the conventional nerve yellow of anatomy atlases."""
MEDIAL_BRANCH = {**ROOT, "color": (0.93, 0.42, 0.08)}
"""Medial branches: a deeper orange, so the small nerves that blocks target stand out from the roots."""
PREFIX = "nerve:"


def tube(points: np.ndarray, radius: float, sides: int = 14) -> pv.PolyData:
    """A smooth capped tube along ``points`` (mm): a spline through them, then a tube around it."""
    pts = np.asarray(points, float)
    length = float(np.sum(np.linalg.norm(np.diff(pts, axis=0), axis=1)))
    n = max(8, int(length / 1.0))
    line = pv.Spline(pts, n) if len(pts) > 2 else pv.Line(pts[0], pts[1], resolution=max(2, n))
    return line.tube(radius=radius, n_sides=sides, capping=True).triangulate().clean()


def nerve_mesh(path: NervePath) -> pv.PolyData:
    """The nerve and its articular twigs as one mesh, in its carrier's local frame."""
    parts = [tube(path.points, path.radius)]
    parts += [tube(b, path.radius * 0.7) for b in path.branches]
    return pv.merge(parts) if len(parts) > 1 else parts[0]


@dataclass
class NerveActors:
    """Every nerve's actor, keyed by name, with the model path it draws."""

    plotter: object
    paths: dict[str, NervePath] = field(default_factory=dict)
    actors: dict[str, object] = field(default_factory=dict)
    meshes: dict[str, pv.PolyData] = field(default_factory=dict)

    @classmethod
    def build(cls, plotter, spine) -> NerveActors:
        self = cls(plotter)
        for path in _nerve_paths_of(spine):
            mesh = nerve_mesh(path)
            look = ROOT if path.kind == "root" else MEDIAL_BRANCH
            actor = plotter.add_mesh(mesh, name=PREFIX + path.name, render=False, pickable=True, **look)
            actor.user_matrix = spine.frames[path.carrier_level.index]
            self.paths[path.name] = path
            self.actors[path.name] = actor
            self.meshes[path.name] = mesh
        return self

    def apply_pose(self, world: np.ndarray) -> None:
        """Move each nerve with its carrier: ``world`` holds the (25, 4, 4) posed local-to-spine transforms."""
        for name, path in self.paths.items():
            self.actors[name].user_matrix = world[path.carrier_level.index]

    def show(self, visible: bool, levels: set[str]) -> None:
        """Show the nerves whose carrier vertebra is visible (all hidden when ``visible`` is false)."""
        for name, path in self.paths.items():
            self.actors[name].visibility = bool(visible) and path.carrier in levels

    def pick_names(self) -> dict[str, tuple[str, str]]:
        """Actor address -> ("nerve", name), to merge into the spine's pick table."""
        from spineviz.render.spine_actors import actor_key

        return {actor_key(a): ("nerve", name) for name, a in self.actors.items()}


def _nerve_paths_of(spine) -> list[NervePath]:
    """The nerves of ``spine``: on an imported (partial) spine, only those its own levels carry.

    They are placed from its landmarks where it has them and from the model's where not (the mammillary
    processes, say).
    """
    if len(spine.bones) == len(spine.model.frames):
        return nerve_paths(spine.model, spine.landmarks)
    from spineviz.anatomy.nerves import shipped_landmarks

    model_marks = shipped_landmarks()
    marks = {name: {**model_marks.get(name, {}), **spine.landmarks.get(name, {})} for name in model_marks}
    return [p for p in nerve_paths(spine.model, marks) if p.carrier in spine.bones]


def sync_nerves(renderer, state) -> NerveActors | None:
    """The hook :class:`~spineviz.render.scene_render.SceneRenderer` calls after each pose.

    Builds the nerve actors the first time the scene asks for them, then poses them and shows those of the
    visible levels; with the layer off they stay hidden (and unbuilt if never asked for).
    """
    nerves = getattr(renderer, "nerves", None)
    if nerves is None:
        if not state.layers.nerves:
            return None
        nerves = NerveActors.build(renderer.plotter, renderer.actors.spine)
        renderer.nerves = nerves
    a = renderer.actors
    world = np.einsum("nij,njk->nik", a.transforms, a.spine.frames)
    nerves.apply_pose(world)
    nerves.show(state.layers.nerves, set(state.visible_levels()))
    return nerves
