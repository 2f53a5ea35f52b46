"""The spine as PyVista actors: built once, then moved by transforms and recoloured by loads.

Per frame nothing is rebuilt: a pose writes the 25 matrices the actors share, and loads set the
cartilage colours (only those that changed) as a shader uniform (:data:`COLOUR_UNIFORM`) of each joint: its
two layers share one shader property, so one write colours both (48 writes a tick, not 96; session 16).
A colour written to the VTK property instead bumps the property's modification time, and VTK then
rebuilds that actor's buffers and shader before its next draw: with 96 layers recoloured on every tick of
Play that made the tick's render about a fifth dearer than a bare render of the same picture (issue 13,
docs/performance.md, session 8). The uniform takes the place of the property's colour in the fragment
shader and draws the same pixels (``tests/render/test_facet_uniforms.py``). The property still holds each
layer's colour for everyone who reads it (tests, the cut faces); only while Play runs may it lag behind
the picture, until :meth:`SpineActors.settle_colours` (the app calls it when playback stops).

Levels of detail: each bone and cartilage actor keeps its full mapper and, once
:meth:`SpineActors.prepare_coarse` has made it, a coarse one (:mod:`spineviz.render.coarse`); each bone
and layer also a *distant* one, coarser still, for a moving picture whose vertebrae are small on screen.
:meth:`SpineActors.set_detail` swaps mappers on the same actors, so picking ids, visibility, materials,
colours and transforms are untouched by a switch: only the number of triangles drawn changes.

While moving, translucent discs are also drawn opaque unless the bones are see-through (no translucency
pass), and :meth:`SpineActors.full_detail` gives the full parts back for a pick.

One actor a vertebra while moving (issue 13, session 28): once its coarse parts are made,
:meth:`SpineActors.prepare_coarse` also makes each vertebra's *merged* meshes (:mod:`spineviz.render.merged`: its
coarse, and its distant, bone with its cartilage layers in one mesh, each point carrying its joint). While moving,
a vertebra whose bone and layers are all shown, with no bone see-through, is drawn by its one merged actor (the
bone's own property; the layers' material and the joints' colours in its shader), and its bone and layer actors
are taken out of the renderer's props (their visibility untouched): 25 actors drawn in place of 121. Everything else
(rest, a pick through :meth:`SpineActors.full_detail`, x-ray, a hidden level or cartilage) draws the separate
actors; a change to them while moving is taken up before the next render (:meth:`SpineActors._before_render`).

Session 29: the disc above a merged vertebra is in its merged meshes too (its actor taken out with the vertebra's;
a hidden disc left out of the meshes), so the whole spine moving draws 25 props in place of 144. A joint whose two
layers are out of the renderer is drawn from the merged array alone: its layers' own uniforms are not written
while it is (none of the 48 while the whole spine moves), and are written when they come back, before they are
drawn (:meth:`SpineActors._write_layers`).

Session 32: every part drawn while moving, separate or merged, is drawn by a mapper that uploads its points as they
are (:func:`~spineviz.render.merged.moving_mapper`): the coarse and distant bones and layers, and each disc by a
moving mapper of its own mesh (swapped in and out as the bones' are). VTK's default shift and scale of the vertex
buffer, worked out from each mesh's bounds, had put a vertex of a part and the same vertex of its merged mesh a
rounding apart, and the two pictures differed at an edge pixel or three whenever the framing fell that way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkActor, vtkProperty

from spineviz.anatomy.levels import LEVELS, SACRUM, SEGMENTS
from spineviz.anatomy.spine import Spine
from spineviz.render import cut, look
from spineviz.render.merged import DISC_MATERIAL, MATERIAL, MergedParts, merged_mesh, moving_mapper
from spineviz.render.posed import world_matrices
from spineviz.render.shading import shade_bone


class _SolidWatch:
    """Whether every visible bone is opaque, worked out again only after a bone actor or property changed.

    ``seen`` keeps each watched VTK object (so its ``id`` stays its own) with its observer's tag.
    """

    def __init__(self) -> None:
        self.stale = True  # a watched bone, layer or property was modified since ``solid`` was worked out
        self.solid = True
        self.bones = 0  # how many bones ``solid`` was worked out for
        self.shown: frozenset = frozenset()  # levels that may be drawn merged (see SpineActors._bones_solid)
        self.hidden: frozenset = frozenset()  # rows of the joints whose two layers are both hidden
        self.discs_hidden: frozenset = frozenset()  # segment rows of the discs hidden
        self.disc_colours: np.ndarray | None = None  # each segment's disc colour (its property's), by segment row
        self.disc_colours_key: bytes = b""  # the same, as bytes (the detail's key)
        self.seen: dict[int, tuple[object, int]] = {}

    def mark_stale(self, *_args) -> None:
        """The ``ModifiedEvent`` observer: only marks the answer stale."""
        self.stale = True


@dataclass
class SpineActors:
    """Handles to every actor, keyed by what they show, plus what each pick id means."""

    plotter: pv.Plotter
    spine: Spine
    bones: dict[str, pv.Actor] = field(default_factory=dict)
    discs: dict[str, pv.Actor] = field(default_factory=dict)
    cartilage: dict[tuple[str, str], pv.Actor] = field(default_factory=dict)
    transforms: np.ndarray | None = None
    world: np.ndarray | None = None  # (25,4,4) posed world matrices of the last apply_pose (the marks read them)
    coarse: bool = False
    distant: bool = False
    allow_coarse: bool = True
    allow_distant: bool = True
    allow_merged: bool = True  # one actor a vertebra with its cartilage while moving (see the module docstring)
    merge_discs: bool = True  # the disc above a merged vertebra drawn by its merged actor too (session 29)
    lazy_layer_uniforms: bool = True  # a joint drawn merged leaves its layers' own uniforms unwritten (session 29)
    merged: frozenset = frozenset()  # the levels drawn by their merged actor now
    _discs_merged: bool = True  # merge_discs as it was when the levels of ``merged`` were taken out
    _full_mappers: dict = field(default_factory=dict)
    _coarse_mappers: dict = field(default_factory=dict)
    _distant_mappers: dict = field(default_factory=dict)
    _full_cartilage: dict = field(default_factory=dict)
    _coarse_cartilage: dict = field(default_factory=dict)
    _distant_cartilage: dict = field(default_factory=dict)
    _full_discs: dict = field(default_factory=dict)  # segment name -> the disc actor's own (at rest) mapper
    _moving_discs: dict = field(default_factory=dict)  # segment name -> its moving mapper (the same mesh)
    _facet_colours: np.ndarray | None = None  # the joints' colours drawn
    _layer_colours: np.ndarray | None = None  # what the layers' own uniforms hold (NaN: not written yet)
    _separate_rows: np.ndarray | None = None  # by joint row: its layers are drawn by their own actors (None: all)
    _separate_any: bool = True  # any row of _separate_rows (None: every row) drawn by its layers' own actors
    _prop_colours: np.ndarray | None = None  # what the cartilage properties hold (lags while Play runs)
    _uniforms: dict = field(default_factory=dict)  # each cartilage layer's fragment shader uniforms
    _joint_uniforms: list = field(default_factory=list)  # (upper, lower) uniforms by joint index, or None
    _matrices: list = field(default_factory=list)
    _copies: list = field(default_factory=list)  # each of _matrices' DeepCopy, bound once (_write_world)
    _merged: object = None  # the merged actors and meshes (spineviz.render.merged.MergedParts), once made
    _taken: list = field(default_factory=list)  # (actor, the prop it stood after) of the actors not drawn now
    _detail_key: tuple = ()  # what the last set_detail drew, so a tick of Play that changes nothing walks nothing
    _solid_watch: _SolidWatch = field(default_factory=_SolidWatch)  # see _bones_solid

    @classmethod
    def build(cls, plotter: pv.Plotter, spine: Spine) -> SpineActors:
        """Add every part once; the actors of one vertebra share its one user matrix (see apply_pose)."""
        from vtkmodules.vtkCommonMath import vtkMatrix4x4

        from spineviz.render.part_actors import PartActors

        self = cls(plotter, spine)
        parts = PartActors(plotter)  # add_mesh's bookkeeping was quadratic in the number of parts
        self._matrices = [vtkMatrix4x4() for _ in LEVELS]
        self._copies = [m.DeepCopy for m in self._matrices]
        for lv in LEVELS:
            if lv.name not in spine.bones:  # an imported spine has only the levels it was given
                continue
            actor = parts.add(spine.bones[lv.name], f"bone:{lv.name}", look.BONE, pickable=True)
            shade_bone(actor)  # its baked occlusion, on every mapper it takes (the coarse ones carry it too)
            actor.SetUserMatrix(self._matrices[lv.index])
            self.bones[lv.name] = actor
            self._full_mappers[lv.name] = actor.GetMapper()
        for seg in SEGMENTS:
            if seg.name in spine.discs:
                actor = parts.add(spine.discs[seg.name], f"disc:{seg.name}", look.DISC, pickable=False)
                actor.SetUserMatrix(self._matrices[seg.lower.index])
                self.discs[seg.name] = actor
                self._full_discs[seg.name] = actor.GetMapper()
        for j in spine.model.present_joints:
            for which, idx in (("upper", j.upper_index), ("lower", j.lower_index)):
                actor = parts.add(spine.cartilage[(j.name, which)], f"facet:{j.name}:{which}", look.CARTILAGE,
                                  pickable=True)
                actor.SetUserMatrix(self._matrices[idx])
                if which == "upper":
                    self._uniforms[(j.name, which)] = _colour_by_uniform(actor)
                    shared = actor.GetShaderProperty()
                else:  # a joint's two layers always take one colour: one shader property, one write a tick
                    actor.SetShaderProperty(shared)
                    self._uniforms[(j.name, which)] = self._uniforms[(j.name, "upper")]
                self.cartilage[(j.name, which)] = actor
                self._full_cartilage[(j.name, which)] = actor.GetMapper()
        self.apply_pose(np.repeat(np.eye(4)[None], len(LEVELS), axis=0))
        return self

    def apply_pose(self, transforms: np.ndarray, world: np.ndarray | None = None) -> None:
        """Move every actor: ``transforms`` (25,4,4) act on top of neutral, in the spine frame.

        Writes 25 matrices in place (each vertebra's bone, cartilage and the disc below it share one), where
        setting 144 actors' ``user_matrix`` made a new VTK matrix per actor per frame. ``world``: the pose's
        :func:`~spineviz.render.posed.world_matrices`, when worked out ahead (a prepared moment; session 28).
        """
        self._write_world(transforms, world_matrices(self.spine, transforms) if world is None else world)

    def _write_world(self, transforms: np.ndarray, world: np.ndarray, rows: list | None = None) -> None:
        """Keep the pose and write its world matrices into the 25 shared matrices (DeepCopy bound once each).

        ``rows``: ``world`` as 25 lists of 16 floats, when worked out ahead with it (a prepared moment, session 39).
        """
        self.transforms, self.world = transforms, world
        for copy, m in zip(self._copies, world.reshape(len(world), 16).tolist() if rows is None else rows,
                           strict=True):
            copy(m)

    def write_moment(self, transforms: np.ndarray, world: np.ndarray, colours: np.ndarray,
                     rows: list | None = None) -> None:
        """A prepared moment's frame (issue 13, session 34): its matrices and its kept colours, in the fewest calls.

        What :meth:`apply_pose` (``world`` given) then :meth:`set_facet_colours` (``settle=False``) draw, for a kept
        moment: ``world`` its world matrices worked out ahead, ``colours`` its read-only ``(joints, 3)`` floats,
        the very array every frame of that moment is handed. The matrices as :meth:`apply_pose` writes them; the
        colours are held as they are (not copied: read-only), go to the merged array in one write
        (:meth:`MergedParts.write_kept <spineviz.render.merged.MergedParts.write_kept>`) and to the layers' own
        uniforms only when some layer is drawn by its own actor; the same array as the last frame's writes nothing.
        ``rows``: the matrices' numbers as lists, worked out with them (session 39).
        """
        self._write_world(transforms, world, rows)
        if colours is self._facet_colours:
            return
        if self._facet_colours is None or len(self._facet_colours) != len(colours):  # nothing known written
            self._layer_colours = None
        self._facet_colours = colours
        self._write_layers()
        if self.merged:
            self._merged.write_kept(colours, self._solid_watch.hidden)

    def pick_names(self) -> dict[str, tuple[str, str]]:
        """Map from an actor's C++ address to what it shows: ("bone", "L4") or ("facet", "L4/5 left")."""
        out = {actor_key(a): ("bone", name) for name, a in self.bones.items()}
        out.update({actor_key(a): ("facet", name) for (name, _which), a in self.cartilage.items()})
        return out

    def set_facet_colours(self, colours: np.ndarray | None, *, settle: bool = True) -> None:
        """Colour each joint's two cartilage layers; ``None`` restores the plain cartilage colour.

        Only joints whose colour changed are touched, through their shader uniforms (see the module
        docstring; a joint drawn merged only in the merged array, :meth:`_write_layers`); with ``settle`` (the
        default) the properties are brought up to date too. A tick of
        Play passes ``settle=False``: the picture changes, the properties wait for :meth:`settle_colours`.
        """
        joints = self.spine.model.joints
        new = (np.repeat(np.asarray(look.CARTILAGE["color"], float)[None], len(joints), axis=0)
               if colours is None else np.asarray(colours, float)[:, :3])
        if self._facet_colours is None or len(self._facet_colours) != len(new):  # nothing known written
            self._layer_colours = None
        self._facet_colours = new.copy()
        self._write_layers()
        if self.merged:
            self._merged.write(new, self._solid_watch.hidden)
        if settle:
            self.settle_colours()

    def _write_layers(self) -> None:
        """Write the colours drawn into the layers' own uniforms, of the joints whose layers their actors draw.

        A joint whose two layers are out of the renderer (both its vertebrae drawn merged) is drawn from the merged
        array alone, and one whose two layers are hidden while moving is not drawn: their layers' uniforms are left
        as they are (a tick of the whole spine moving writes none of the 48; of the lumbar region, 38 of 48 hidden)
        and written when the layers come back or are shown (:meth:`_merge`, :meth:`_rows_separate`), before they are
        drawn. With :attr:`lazy_layer_uniforms` off every joint is written (session 28).
        """
        new = self._facet_colours
        if new is None or (self.lazy_layer_uniforms and not self._separate_any):  # none to write (session 34)
            return
        joints = self.spine.model.joints
        pairs = self._joint_uniforms
        if len(pairs) != len(joints):  # each joint's two layers' uniforms, by joint index (made once)
            pairs = self._joint_uniforms = [(self._uniforms[(j.name, "upper")], self._uniforms[(j.name, "lower")])
                                            if (j.name, "upper") in self.cartilage else None for j in joints]
        held = self._layer_colours
        if held is None:
            held = self._layer_colours = np.full_like(new, np.nan)
        changed = np.any(new != held, axis=1)  # NaN: never written
        if self.lazy_layer_uniforms and self._separate_rows is not None:
            changed &= self._separate_rows
        todo = np.flatnonzero(changed)
        if not len(todo):
            return
        rows = new.tolist()
        for k in todo.tolist():
            pair = pairs[k]
            if pair is None:  # no joint between absent levels (an imported spine)
                continue
            pair[0].SetUniform3f(COLOUR_UNIFORM, rows[k])
            if pair[1] is not pair[0]:
                pair[1].SetUniform3f(COLOUR_UNIFORM, rows[k])
        held[todo] = new[todo]

    def settle_colours(self) -> None:
        """Write the colours drawn into the cartilage properties (only those that differ); no render needed.

        Each property written costs its actor a rebuild before the next draw, so this runs once when Play
        stops rather than on every tick.
        """
        new, old = self._facet_colours, self._prop_colours
        if new is None:
            return
        joints = self.spine.model.joints
        for k in _changed_rows(new, old):
            rgb = (float(new[k, 0]), float(new[k, 1]), float(new[k, 2]))
            name = joints[k].name
            if (name, "upper") not in self.cartilage:
                continue
            self.cartilage[(name, "upper")].GetProperty().SetColor(rgb)
            self.cartilage[(name, "lower")].GetProperty().SetColor(rgb)
        self._prop_colours = new.copy()

    # -- level of detail --

    def prepare_coarse(self, limit: int | None = None) -> int:
        """Make the coarse mappers of up to ``limit`` more parts (all by default); return how many remain.

        The bones first, one at a time (about 0.1 s a bone), then the cartilage of a vertebra at a time
        (its four layers, a few milliseconds). Call in small steps while the app is idle: never on the
        start-up path.
        """
        from spineviz.render.coarse import DISTANT_CARTILAGE_SHARE, coarse_cartilage, coarse_mesh, distant_mesh

        todo = [name for name in self.bones if name not in self._coarse_mappers]
        done = todo[:limit]
        for name in done:
            coarse = _mapper(coarse_mesh(pv.wrap(_uncut_input(self.bones[name], self._full_mappers[name]))))
            # the sacrum, three vertebrae's size and pierced by its foramina, lost its shape at 500 triangles
            self._distant_mappers[name] = (coarse if name == SACRUM.name
                                           else _mapper(distant_mesh(pv.wrap(coarse.GetInput()))))
            self._coarse_mappers[name] = coarse
        layers = [key for key in self.cartilage if key not in self._coarse_cartilage]
        joints = list(dict.fromkeys(joint for joint, _which in layers))
        for joint in joints[:None if limit is None else max(0, limit - len(done))]:
            for key in ((joint, "upper"), (joint, "lower")):
                full = pv.wrap(_uncut_input(self.cartilage[key], self._full_cartilage[key]))
                self._distant_cartilage[key] = _mapper(coarse_cartilage(full, DISTANT_CARTILAGE_SHARE))
                self._coarse_cartilage[key] = _mapper(coarse_cartilage(full))
        for name, actor in self.discs.items():  # discs are not coarsened: their own mesh, drawn as the merged draw it
            if name not in self._moving_discs:
                self._moving_discs[name] = _mapper(pv.wrap(_uncut_input(actor, self._full_discs[name])))
        made = len(done) + len(joints)
        if limit is None or made < limit:
            self._prepare_merged(None if limit is None else limit - made)
        if self.coarse:  # the moving picture takes up what was just made
            self.set_detail(True, self.distant)
        merged = 0 if self._merged is None else len(self._merged.actors)
        return ((len(self.bones) - len(self._coarse_mappers)) + (len(self.cartilage) - len(self._coarse_cartilage))
                + (len(self.bones) - merged))

    def _prepare_merged(self, limit: int | None) -> None:
        """Make the merged meshes and actor (:mod:`spineviz.render.merged`) of up to ``limit`` more vertebrae.

        A vertebra's turn comes once its coarse bone and the coarse layers it carries are made (a few milliseconds
        a vertebra: the meshes are appended, not decimated again).
        """
        if self._merged is None:
            self._merged = MergedParts()
            self._merged.observer = self.plotter.renderer.AddObserver("StartEvent", self._before_render)
        parts = self._merged
        rows = {j.name: k for k, j in enumerate(self.spine.model.joints)}
        index = {lv.name: lv.index for lv in LEVELS}
        carried: dict[str, list] = {name: [] for name in self.bones}
        for j in self.spine.model.present_joints:  # the layers as build() gave each its vertebra's matrix
            for which, idx in (("upper", j.upper_index), ("lower", j.lower_index)):
                if (j.name, which) in self.cartilage:
                    carried.setdefault(LEVELS[idx].name, []).append((rows[j.name], (j.name, which)))
        discs = {seg.lower.name: (s, self.discs[seg.name]) for s, seg in enumerate(SEGMENTS) if seg.name in self.discs}
        todo = [name for name in self.bones if name not in parts.actors and name in self._coarse_mappers
                and all(key in self._coarse_cartilage for _k, key in carried[name])]
        for name in todo[:limit]:
            layers = carried[name]
            # the disc above it (it moves with this vertebra's matrix), at its one detail: discs are not coarsened
            disc = ((discs[name][0], pv.wrap(_uncut_input(discs[name][1], discs[name][1].GetMapper())))
                    if name in discs else None)
            coarse = merged_mesh(pv.wrap(self._coarse_mappers[name].GetInput()),
                                 [(k, pv.wrap(self._coarse_cartilage[key].GetInput())) for k, key in layers], disc)
            distant = merged_mesh(pv.wrap(self._distant_mappers[name].GetInput()),
                                  [(k, pv.wrap(self._distant_cartilage[key].GetInput())) for k, key in layers], disc)
            parts.add(self.plotter.renderer, name, self.bones[name], self._matrices[index[name]], coarse, distant,
                      [k for k, _key in layers], None if disc is None else disc[0])

    def set_detail(self, coarse: bool, distant: bool = False) -> None:
        """Draw the coarse bones and cartilage (those prepared so far) while moving, the full ones at rest.

        ``distant`` (with ``coarse``): bones and cartilage at their distant detail, for vertebrae small on
        screen.
        With :attr:`allow_coarse` off, full detail always (a machine with a real GPU has no need of the
        coarse parts; the benchmark also measures the moving picture without them, and with
        :attr:`allow_distant` off, without the distant bones). A call that would
        draw what the last one drew (every tick of Play) returns at once.

        The discs (not coarsened) are drawn by their moving mappers while coarse (:func:`merged.moving_mapper`).
        While coarse, with no bone see-through and :attr:`allow_merged` on, each vertebra whose merged actor is made
        and whose bone and layers are all shown is drawn by its merged actor (:meth:`_merge`).
        """
        coarse = coarse and self.allow_coarse
        distant = distant and coarse and self.allow_distant
        solid = self._bones_solid()
        parts = self._merged
        target = (frozenset(name for name in parts.actors if name in self._solid_watch.shown)
                  if coarse and solid and self.allow_merged and parts is not None else frozenset())
        watch = self._solid_watch
        key = (coarse, distant, len(self._coarse_mappers), len(self._coarse_cartilage), solid, target,
               watch.hidden, self.merge_discs, watch.discs_hidden, watch.disc_colours_key)
        if key == self._detail_key:
            return
        self.coarse, self.distant = coarse, distant
        bones, layers = ((self._distant_mappers, self._distant_cartilage) if distant
                         else (self._coarse_mappers, self._coarse_cartilage))
        for actors, full, rough in ((self.bones, self._full_mappers, bones),
                                    (self.cartilage, self._full_cartilage, layers),
                                    (self.discs, self._full_discs, self._moving_discs)):
            for name, actor in actors.items():
                mapper = (rough.get(name) if coarse else None) or full[name]
                if actor.GetMapper() is not mapper:
                    actor.SetMapper(mapper)
        self._merge(target, distant)
        self._disc_opacity(coarse and solid)
        self._detail_key = key
        # what was just written (the mappers) leaves the watched answer as it was
        self._solid_watch.stale = False

    def _merge(self, target: frozenset, distant: bool) -> None:
        """Draw the levels of ``target`` by their merged actors (at ``distant`` detail or coarse), the rest separate.

        A level merged takes its bone actor and the layers it carries out of the renderer's props (their
        visibility, mappers, colour uniforms and graphics resources untouched: they are simply not drawn); a level
        let go puts them back where they stood.
        """
        parts, before = self._merged, self.merged
        if parts is None or (not target and not before):
            self._discs_merged = self.merge_discs
            return
        if self._discs_merged != self.merge_discs:  # the discs switched: every level let go, then taken up again
            for name in before:
                parts.actors[name].SetVisibility(False)
            self._put_back([a for name in parts.actors if name in before for a in self._separate(name)])
            self._discs_merged, before = self.merge_discs, frozenset()
        leave = [name for name in parts.actors if name in before and name not in target]  # in the levels' order
        for name in leave:
            parts.actors[name].SetVisibility(False)
        self._put_back([a for name in leave for a in self._separate(name)])
        self._separate_rows = self._rows_separate(target)
        self._separate_any = self._separate_rows is None or bool(self._separate_rows.any())
        self._write_layers()  # the layers back in the renderer hold the colours drawn before they are drawn
        if target:
            watch = self._solid_watch
            if self._facet_colours is not None:
                parts.write(self._facet_colours, watch.hidden)
            if watch.disc_colours is not None:  # a disc not merged (merge_discs off) is left out of the meshes
                parts.write_discs(watch.disc_colours, watch.discs_hidden if self.merge_discs
                                  else frozenset(range(len(watch.disc_colours))))
            meshes = parts.distant if distant else parts.coarse
            for name in target:
                actor, prop = parts.actors[name], vtkActor.GetProperty(self.bones[name])
                if actor.GetMapper() is not meshes[name]:
                    actor.SetMapper(meshes[name])
                if actor.GetProperty() is not prop:  # a new property put on the bone
                    actor.SetProperty(prop)
        enter = [name for name in parts.actors if name in target and name not in before]
        self._take_out([a for name in enter for a in self._separate(name)])
        for name in enter:
            parts.actors[name].SetVisibility(True)
        self.merged = target

    def _take_out(self, actors: list) -> None:
        """Take ``actors`` out of the renderer's props, each noted with the prop before it (to go back there).

        Not ``RemoveActor``: that also frees the actor's graphics resources, which the full meshes would then
        upload again at rest.
        """
        props = self.plotter.renderer.GetViewProps()
        for actor in actors:
            at = props.IsItemPresent(actor)  # 1-based, 0 if absent
            if at:
                self._taken.append((actor, props.GetItemAsObject(at - 2) if at > 1 else None))
                props.RemoveItem(actor)

    def _put_back(self, actors: list) -> None:
        """Put ``actors`` (taken out by :meth:`_take_out`) back after the prop each stood after.

        The last taken out goes back first (an undo), so each goes back after the neighbour it was taken out
        next to; a neighbour still out stands for the one it stood after in turn.
        """
        if not actors:
            return
        props = self.plotter.renderer.GetViewProps()
        back = {id(a) for a in actors}
        after = {id(actor): before for actor, before in self._taken}
        for actor, before in reversed(self._taken):
            if id(actor) not in back:
                continue
            del after[id(actor)]
            while before is not None and id(before) in after:  # its neighbour is still out
                before = after[id(before)]
            at = props.IsItemPresent(before) if before is not None else 0
            if before is not None and not at:  # its neighbour is gone from the renderer: at the end
                props.AddItem(actor)
            else:
                props.InsertItem(at - 1, actor)
        self._taken = [(actor, before) for actor, before in self._taken if id(actor) not in back]

    def remove(self) -> None:
        """Take every actor of this spine off the plotter (another spine is opened in its place)."""
        self.set_detail(False)  # every separate part back in the renderer, the merged ones hidden
        parts = self._merged
        if parts is not None:
            self.plotter.renderer.RemoveObserver(parts.observer)
            for actor in parts.actors.values():
                self.plotter.renderer.RemoveActor(actor)
        for actor in [*self.bones.values(), *self.discs.values(), *self.cartilage.values()]:
            self.plotter.remove_actor(actor, render=False)
        # each watched object holds its observer, which holds the watch, which holds the object: a loop through C++
        # that Python's collector cannot break, keeping the old spine's actors and meshes alive (session 28's review)
        watch = self._solid_watch
        for obj, tag in watch.seen.values():
            obj.RemoveObserver(tag)
        watch.seen.clear()

    def _before_render(self, *_args) -> None:
        """The renderer's ``StartEvent``: while moving, what changed since the last decision is taken up.

        A bone or layer shown, hidden or given another property (the watch is stale), whoever changed it, decides
        again which levels are drawn merged before this render draws.
        """
        if self.coarse and self._solid_watch.stale:
            self.set_detail(self.coarse, self.distant)

    def _separate(self, name: str) -> list:
        """The bone actor of level ``name``, the disc actor it carries (while discs are merged), the layer actors."""
        parts = self._merged
        joints = self.spine.model.joints
        layers = []
        for k in parts.rows[name]:
            joint = joints[k]
            for which, idx in (("upper", joint.upper_index), ("lower", joint.lower_index)):
                if LEVELS[idx].name == name and (joint.name, which) in self.cartilage:
                    layers.append(self.cartilage[(joint.name, which)])
        disc = ([self.discs[SEGMENTS[parts.discs[name]].name]]
                if self._discs_merged and name in parts.discs else [])
        return [self.bones[name], *disc, *layers]

    def _rows_separate(self, target: frozenset) -> np.ndarray | None:
        """By joint row, whether its layers' own actors draw it with ``target`` drawn merged (None: every row).

        Not a joint of two merged vertebrae (its layers out of the renderer), nor, while any vertebra is drawn
        merged (moving), a joint whose two layers are hidden (out of the region, cartilage off): shown again, it
        changes the watch's ``hidden`` and so the detail's key, and :meth:`_merge` writes it before the render.
        """
        if not target:
            return None
        hidden = self._solid_watch.hidden
        return np.array([k not in hidden and not (LEVELS[j.upper_index].name in target
                                                  and LEVELS[j.lower_index].name in target)
                         for k, j in enumerate(self.spine.model.joints)], bool)

    @contextmanager
    def full_detail(self) -> Iterator[None]:
        """The full parts for the duration (a pick, a measurement); then the detail as it was.

        Nothing is rendered in between, so the picture on screen does not change.
        """
        coarse, distant = self.coarse, self.distant
        self.set_detail(False)
        try:
            yield
        finally:
            self.set_detail(coarse, distant)

    def _disc_opacity(self, opaque: bool) -> None:
        """Opaque discs (``opaque``: moving, and no bone see-through); otherwise their own opacity.

        A translucent disc makes the renderer add a whole order-independent translucency pass to the frame
        (about a quarter of a moving frame in llvmpipe, docs/performance.md); at 0.85 the difference in the
        moving picture is slight. With see-through bones the discs keep their opacity: the x-ray is
        translucent anyway, and an opaque disc would hide the cartilage seen through the bone.
        """
        opacity = 1.0 if opaque else float(look.DISC["opacity"])
        for actor in self.discs.values():
            prop = actor.GetProperty()
            if prop.GetOpacity() != opacity:
                prop.SetOpacity(opacity)

    def _bones_solid(self) -> bool:
        """No visible bone is see-through (x-ray off): what decides the discs' opacity while moving.

        Looked at again only after a bone or cartilage actor or its property was modified (a VTK
        ``ModifiedEvent`` observer on each): every tick of Play asks, a tick changes none (moving a vertebra writes
        its matrix, not its actor), and reading the 25 bones' properties through PyVista's wrappers was a tenth
        of a tick's own Python (issue 13, session 16). Worked out with it, from the actors' visibility (which
        drawing merged leaves as it is): ``shown``, the levels that may be drawn merged (the bone shown, and each
        layer it carries shown or its whole joint hidden, and in the merged shader's material), and ``hidden``,
        the joints whose two layers are hidden (their fragments left out of a merged mesh:
        :mod:`spineviz.render.merged`).
        """
        watch = self._solid_watch
        if watch.stale or watch.bones != len(self.bones):
            watch.stale, watch.bones = False, len(self.bones)
            watched = [obj for a in (*self.bones.values(), *self.discs.values(), *self.cartilage.values())
                       for obj in (a, vtkActor.GetProperty(a))]
            for obj in watched:
                if id(obj) not in watch.seen:  # a new actor, or a property put in place of the old one
                    watch.seen[id(obj)] = (obj, obj.AddObserver("ModifiedEvent", watch.mark_stale))
            shown = {name for name, a in self.bones.items() if vtkActor.GetVisibility(a)}
            watch.solid = all(vtkProperty.GetOpacity(vtkActor.GetProperty(self.bones[name])) >= 1.0
                              for name in shown)
            hidden = set()
            for k, j in enumerate(self.spine.model.joints):
                layers = [(self.cartilage.get((j.name, which)), idx)
                          for which, idx in (("upper", j.upper_index), ("lower", j.lower_index))]
                if any(actor is None for actor, _idx in layers):
                    continue
                off = [LEVELS[idx].name for actor, idx in layers if not vtkActor.GetVisibility(actor)]
                if len(off) == 2:  # the joint hidden: a merged mesh leaves its layers' fragments out
                    hidden.add(k)
                else:  # one layer hidden, the other shown: its level draws its separate actors
                    shown.difference_update(off)
                # a layer lit by the hover (or otherwise not in the cartilage's material, which the merged shader
                # draws): its level draws its separate actors, so the lit facet shows while moving as at rest
                shown.difference_update(LEVELS[idx].name for actor, idx in layers
                                        if not _cartilage_material(vtkActor.GetProperty(actor)))
            # the discs (session 29): a hidden one is left out of its vertebra's merged meshes, one in another material
            # (none in the app) keeps its vertebra separate; each drawn merged in its own property's colour
            colours = np.zeros((len(SEGMENTS), 3))
            discs_hidden = set(range(len(SEGMENTS)))
            for s, seg in enumerate(SEGMENTS):
                disc = self.discs.get(seg.name)
                if disc is None:
                    continue
                prop = vtkActor.GetProperty(disc)
                colours[s] = vtkProperty.GetColor(prop)
                if vtkActor.GetVisibility(disc):
                    discs_hidden.discard(s)
                if self.merge_discs and not _disc_material(prop):
                    shown.discard(seg.lower.name)
            watch.shown, watch.hidden = frozenset(shown), frozenset(hidden)
            watch.discs_hidden, watch.disc_colours, watch.disc_colours_key = (frozenset(discs_hidden), colours,
                                                                              colours.tobytes())
        return watch.solid

    def triangles_drawn(self) -> int:
        """Triangles in the visible spine actors as drawn now (bones at their current detail)."""
        actors = (*self.bones.values(), *self.discs.values(), *self.cartilage.values())  # merged: the same meshes
        return sum(int(a.GetMapper().GetInput().GetNumberOfCells()) for a in actors if a.GetVisibility())


def _cartilage_material(prop) -> bool:
    """Whether a layer's property is in the merged shader's material (:data:`merged.MATERIAL`) and opaque."""
    return (vtkProperty.GetOpacity(prop) >= 1.0
            and (vtkProperty.GetAmbient(prop), vtkProperty.GetDiffuse(prop), vtkProperty.GetSpecular(prop),
                 vtkProperty.GetSpecularPower(prop)) == MATERIAL)


def _disc_material(prop) -> bool:
    """Whether a disc's property is in the merged shader's disc material (:data:`merged.DISC_MATERIAL`).

    Its opacity is not asked: a vertebra is drawn merged only while moving with no bone see-through, when the
    separate discs are drawn opaque too (:meth:`SpineActors._disc_opacity`).
    """
    return (vtkProperty.GetAmbient(prop), vtkProperty.GetDiffuse(prop), vtkProperty.GetSpecular(prop),
            vtkProperty.GetSpecularPower(prop)) == DISC_MATERIAL


def _changed_rows(new: np.ndarray, old: np.ndarray | None):
    """Indices of the joints whose colour in ``new`` differs from ``old`` (all of them when ``old`` is None)."""
    return range(len(new)) if old is None else np.flatnonzero(np.any(new != old, axis=1))


COLOUR_UNIFORM = "facetColour"
"""A cartilage layer's colour in its fragment shader, in place of its property's ambient, diffuse and
specular colours (``vtkProperty.SetColor`` sets all three to one value; VTK 9 applies the property's
intensities in the shader, so they stay the property's)."""
_UNIFORM_DEFINES = "//VTK::Color::Dec\n" + "".join(f"#define {kind}ColorUniform {COLOUR_UNIFORM}\n"
                                                   for kind in ("ambient", "diffuse", "specular"))


def _colour_by_uniform(actor):
    """Draw ``actor`` in the colour of :data:`COLOUR_UNIFORM` (its property's colour to begin with).

    After VTK's own declarations the three colour uniforms it sets from the property are defined to be
    ours (VTK declares custom uniforms itself), so the rest of its shader (lighting, intensities,
    opacity) is untouched. Returns the uniforms to write the colour into.
    """
    shader = actor.GetShaderProperty()
    shader.AddFragmentShaderReplacement("//VTK::Color::Dec", True, _UNIFORM_DEFINES, False)
    uniforms = shader.GetFragmentCustomUniforms()
    uniforms.SetUniform3f(COLOUR_UNIFORM, [float(c) for c in actor.GetProperty().GetColor()])
    return uniforms


def _mapper(mesh: pv.PolyData):
    """A moving part's mapper (:func:`merged.moving_mapper`).

    Its points are uploaded as the merged mappers upload them, so a part drawn by its own actor and drawn merged
    reaches the rasteriser as the same vertices (session 32).
    """
    return moving_mapper(mesh)


def actor_key(actor) -> str:
    """A stable key for a VTK actor, whatever Python wrapper a picker hands back."""
    return actor.GetAddressAsString("vtkObject")


def _uncut_input(actor, mapper):
    """The whole mesh ``mapper`` draws for ``actor``: the one a cut keeps (:data:`cut.ATTR`) while its piece is in.

    The moving parts are prepared while the app is idle, whatever the scene shows: made from a cut piece, they would
    draw a vertebra sawn in half once the cut is gone and Play starts (session 29's review).
    """
    uncut = getattr(actor, cut.ATTR, None)
    return uncut if uncut is not None and actor.GetMapper() is mapper else mapper.GetInput()
