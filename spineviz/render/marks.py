"""Everything drawn *on* the spine rather than *as* it: level names, joint names and joint rings.

One implementation for the app's viewport, ``spineviz render`` and every exporter. A marked facet joint
(highlighted by the scene, or selected) gets a ring around its rim, a little outside it, so the ring never
covers the joint's own load colour, and its name in bold; a selected nerve gets its name in bold. Names
are laid out on the screen beside the spine with leader lines (:mod:`spineviz.render.labels`), so bone
never hides them and they never overlap.
Positions come from the posed world matrices (:mod:`spineviz.render.posed`), so marks and names ride with
the spine as it moves.

Per frame this is cheap: the actors are made once per plotter (:class:`Marks`) and a new pose only moves
the anchors and the ring's points in place; the ring mesh is rebuilt only when *which* joints are marked
changes.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from spineviz.anatomy.levels import FACET_JOINT_IDS, LEVELS
from spineviz.render import look
from spineviz.render.facet_colours import marked_joints
from spineviz.render.labels import ScreenLabels
from spineviz.render.posed import world_matrices
from spineviz.scene.state import SceneState

RING_POINTS = 40
SACRUM_ANCHOR_MM = (0.0, -10.0, -25.0)
"""Where the sacrum's name points, in its local frame: below the S1 endplate (the frame's origin), on bone."""
ATTR = "_spineviz_marks"


def level_anchor_points(spine, transforms: np.ndarray, levels, world: np.ndarray | None = None
                        ) -> tuple[np.ndarray, list[str]]:
    """Where each named level's leader line ends: its body's centre (the local frame's origin), posed.

    ``world``: the pose's world matrices when the caller has them already (the actors' own, each tick).
    """
    named = _named_levels(frozenset(levels), frozenset(spine.bones))
    if not named:
        return np.zeros((0, 3)), []
    index, local, texts = named
    world = (world_matrices(spine, transforms) if world is None else world)[index]
    # each anchor through its own world matrix, all at once (a tick of Play moves every name)
    pts = np.einsum("nij,nj->ni", world[:, :3, :], local)
    return pts, list(texts)


@lru_cache(maxsize=32)
def _named_levels(levels: frozenset, bones: frozenset) -> tuple | None:
    """(level indices, local anchors (n, 4), names drawn) of the named levels the spine has, top down.

    The same few sets every tick of Play: made once rather than walking the 25 levels each frame.
    """
    named = [lv for lv in LEVELS if lv.name in levels and lv.name in bones]
    if not named:
        return None
    local = np.array([[*SACRUM_ANCHOR_MM, 1.0] if lv.is_sacrum else [0.0, 0.0, 0.0, 1.0] for lv in named])
    local.setflags(write=False)
    return ([lv.index for lv in named], local, tuple("Sacrum" if lv.is_sacrum else lv.name for lv in named))


def _present_marks(spine, state: SceneState) -> list:
    """The joints ``state`` marks (:func:`~spineviz.render.facet_colours.marked_joints`) that the spine has."""
    marks = marked_joints(state)
    if marks:
        present = set(spine.model.present_segments)
        marks = [(k, c) for k, c in marks if FACET_JOINT_IDS[k].segment.name in present]
    return marks


def ring_points(joint, transform: np.ndarray) -> np.ndarray:
    """A closed ring around ``joint``'s rim in its own plane, moved by the lower vertebra's ``transform``."""
    radius = max(joint.half_width, joint.half_height) + look.MARK_MARGIN_MM
    a = np.linspace(0.0, 2.0 * np.pi, RING_POINTS, endpoint=False)
    pts = joint.centre + radius * (np.cos(a)[:, None] * joint.u + np.sin(a)[:, None] * joint.v)
    return pts @ transform[:3, :3].T + transform[:3, 3]


class Marks:
    """The names and rings of one plotter, made once and updated in place; see the module docstring."""

    def __init__(self, plotter) -> None:
        self.plotter = plotter
        self.labels = ScreenLabels(plotter.renderer)
        self.ring = None  # the PolyData of the rings, when any joint is marked
        self._ring_key: tuple = ()

    def update(self, spine, state: SceneState, transforms: np.ndarray, font_size: int,
               world: np.ndarray | None = None, held: tuple | None = None) -> int:
        """Names and rings for ``state`` at the pose ``transforms``; returns how many joints are marked.

        ``world``: the pose's world matrices, if the caller has them (see :func:`level_anchor_points`).
        ``held``: the names and anchors :func:`held_names` worked out for this pose ahead of its frame; taken as
        they are when they were made for the names ``state`` shows (issue 13, session 28), else worked out again.
        """
        marks = _present_marks(spine, state)
        ring_key = _ring_key(marks)
        if held is not None and held[0] == _names_tag(state, ring_key):
            texts, is_joint, all_anchors = list(held[1]), list(held[2]), held[3]
        else:
            texts, is_joint, all_anchors = self._names(spine, state, marks, transforms, world)
        nerve = self._selected_nerve(state)
        if nerve is not None:
            all_anchors = np.concatenate([all_anchors, nerve[1][None]])
            texts.append(nerve[0])
            is_joint.append(True)
        labels = self.labels
        if texts == labels.texts and is_joint == labels.joints and font_size == labels.font_size:
            labels.move(all_anchors)
        else:
            labels.set(texts, is_joint, all_anchors, font_size)
        labels.show(bool(texts))
        self._rings(spine.model.joints, marks, transforms, ring_key)
        return len(marks)

    @staticmethod
    def _names(spine, state: SceneState, marks: list, transforms: np.ndarray, world: np.ndarray | None
               ) -> tuple[list[str], list[bool], np.ndarray]:
        """The names (levels, then marked joints), whether each is a joint's, and their anchors at ``transforms``."""
        joints = spine.model.joints
        anchors, texts = (level_anchor_points(spine, transforms, state.visible_levels(), world)
                          if state.layers.labels else (np.zeros((0, 3)), []))
        is_joint = [False] * len(texts)
        anchor_list = [anchors]
        for k, _colour in marks:
            j = joints[k]
            anchor_list.append((transforms[j.lower_index] @ np.append(j.centre, 1.0))[None, :3])
            texts.append(FACET_JOINT_IDS[k].name)
            is_joint.append(True)
        return texts, is_joint, np.concatenate(anchor_list)

    def prepare_layouts(self, spine, state: SceneState, poses: list[np.ndarray], font_size: int) -> int:
        """Lay the names out now for moments still to be shown at ``poses`` (each (25, 4, 4)); how many were new.

        The anchors are worked out as :meth:`update` works them out at each pose (the world matrices as the
        actors' :func:`~spineviz.render.posed.world_matrices`), and laid out by
        :meth:`~spineviz.render.labels.ScreenLabels.prepare` under the present camera. Only for the names shown
        now at the same font (a moment of the same scene): nothing with a nerve selected, whose name's anchor
        is read from its actor when drawn.
        """
        labels = self.labels
        if not poses or self._selected_nerve(state) is not None:
            return 0
        marks = _present_marks(spine, state)
        sets = []
        for transforms in poses:
            texts, is_joint, anchors = self._names(spine, state, marks, transforms,
                                                   world_matrices(spine, transforms))
            if texts != labels.texts or is_joint != labels.joints or font_size != labels.font_size:
                return 0
            sets.append(anchors)
        return labels.prepare(sets)

    def _selected_nerve(self, state: SceneState) -> tuple[str, np.ndarray] | None:
        """A selected nerve's name and the centre of its tube (posed with its vertebra), if it is shown."""
        name = state.selection
        actor = self.plotter.actors.get(f"nerve:{name}") if name and name.endswith(")") else None
        if actor is None or not actor.GetVisibility():
            return None
        return name, np.asarray(actor.GetCenter(), float)

    def _rings(self, joints, marks, transforms: np.ndarray, key: tuple) -> None:
        if key != self._ring_key:
            self._ring_key = key
            self.plotter.remove_actor("joint_marks", render=False)
            self.ring = None
            if not marks:
                return
            import pyvista as pv

            n = RING_POINTS
            lines = np.concatenate([[n + 1, *range(i * n, (i + 1) * n), i * n] for i in range(len(marks))])
            self.ring = pv.PolyData(np.zeros((n * len(marks), 3)), lines=lines)
            self.ring.point_data["mark"] = np.repeat(np.asarray([c for _k, c in marks], float), n, axis=0)
            self.plotter.add_mesh(self.ring, scalars="mark", rgb=True, line_width=look.MARK_WIDTH_PX,
                                  render_lines_as_tubes=True, lighting=False, pickable=False, name="joint_marks",
                                  render=False)
        if self.ring is not None:
            self.ring.points = np.concatenate([ring_points(joints[k], transforms[joints[k].lower_index])
                                               for k, _c in marks])


def _ring_key(marks) -> tuple:
    """The marked joints and their colours, hashable: what the rings (and the joints' names) are drawn for."""
    return tuple((k, tuple(c)) for k, c in marks)


def _names_tag(state: SceneState, ring_key: tuple) -> tuple:
    """What the names' texts and anchors at a pose depend on besides the pose: the levels named, the joints marked."""
    return (state.visible_levels() if state.layers.labels else None, ring_key)


def held_names(spine, state: SceneState, transforms: np.ndarray, world: np.ndarray) -> tuple:
    """The names :meth:`Marks.update` shows for ``state`` at a pose, worked out ahead of its frame (session 28).

    (what they depend on, the texts, whether each is a joint's, the anchors (read-only)): the same code as a
    frame's (:meth:`Marks._names`), so the same bytes; a frame passes it back as ``held``. A selected nerve's name
    is not in it (its anchor is read from its actor when drawn).
    """
    marks = _present_marks(spine, state)
    texts, is_joint, anchors = Marks._names(spine, state, marks, transforms, world)
    anchors.setflags(write=False)
    return (_names_tag(state, _ring_key(marks)), tuple(texts), tuple(is_joint), anchors)


def marks_of(plotter) -> Marks:
    """The plotter's :class:`Marks`, made on first use."""
    marks = getattr(plotter, ATTR, None)
    if marks is None:
        marks = Marks(plotter)
        setattr(plotter, ATTR, marks)
    return marks


def draw_marks(plotter, spine, state: SceneState, transforms: np.ndarray, font_size: int,
               world: np.ndarray | None = None, held: tuple | None = None) -> int:
    """Show the level names, the marked joints' rings and their names; return how many joints are marked."""
    return marks_of(plotter).update(spine, state, transforms, font_size, world, held)


__all__ = ["Marks", "draw_marks", "held_names", "level_anchor_points", "marks_of", "ring_points"]
