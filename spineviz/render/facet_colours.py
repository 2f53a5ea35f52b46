"""The one place that decides a facet joint's colour: by load on the fixed scale, or plain with marks.

With loads on, every joint takes the load colour of its estimated force on the fixed scale
0 to :data:`spineviz.render.look.LOAD_SCALE_N` newtons (or the scene's own ``layers.load_range``); the
highlighted and selected joints keep their load colour and are marked by a ring
(:mod:`spineviz.render.marks`) instead. With loads off, highlighted joints are magenta and the selected
joint orange, and carry the same ring; the joints that can refer pain to the scene's pain marks ("Where
does it hurt?") are orange, deep to pale by how often they refer there.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import islice

import numpy as np

from spineviz.anatomy.levels import FACET_JOINT_IDS
from spineviz.motion import Motion, Pose
from spineviz.render import look
from spineviz.scene.state import SceneState


def pose_and_colours(state: SceneState, model, motion: Motion, moments=None) -> tuple[Pose, np.ndarray, dict]:
    """The pose for ``motion``, the 48 facet colours the scene asks for, and a summary.

    ``moments``, when given for this ``model``, is where the pose and the loads come from (its
    ``pose_for(motion)`` and ``loads_for(motion)``: the app's cache, which its panels read too), so that
    one moment's loads are computed once; without it they are computed here.

    The summary names the clamped components and the motion; with loads on it also holds the three most
    loaded visible joints (``most_loaded``), the estimate note, the scale's ends
    (``load_low``, ``load_top``: 0 and :data:`~spineviz.render.look.LOAD_SCALE_N` unless the scene sets its
    own ``layers.load_range``) and the 48 loads (``newtons``).
    """
    from spineviz.motion.loads import facet_loads
    from spineviz.motion.pose import pose

    if moments is not None and moments.model is not model:
        moments = None  # a cache of another spine's moments (a patient's anatomy opened since)
    p = pose(model, motion) if moments is None else moments.pose_for(motion)
    loads = None
    if state.loads:
        loads = facet_loads(model, p) if moments is None else moments.loads_for(motion)
    return p, *_colours_and_summary(state, model, motion, p, loads)


def poses_and_colours(state: SceneState, model, motions, batch: int = 16):
    """:func:`pose_and_colours` of ``state`` at each of ``motions``, worked out in batches; yields them in turn.

    The poses are made over all the moments at once and the loads over ``batch`` at once
    (:func:`~spineviz.motion.pose.poses`, :func:`~spineviz.motion.loads.facet_loads_many`), and each moment's
    colours and summary by the same code as :func:`pose_and_colours`: every result is bit for bit what
    :func:`pose_and_colours` gives the moment alone (issue 13, session 26: a cycle of Play prepared before it is
    shown). A generator: each batch's loads
    (48 x 121 closures a moment) are let go before the next is made.
    """
    import numpy as np

    from spineviz.motion.loads import facet_loads_many
    from spineviz.motion.pose import poses

    motions = list(motions)
    every = poses(model, motions)
    for start in range(0, len(motions), batch):
        chunk, ps = motions[start:start + batch], every[start:start + batch]
        loads = (facet_loads_many(model, np.stack([p.transforms for p in ps])) if state.loads
                 else [None] * len(ps))
        colours = [None] * len(ps)
        if state.loads:  # the batch's colours in one call: element by element, each row as a moment's alone
            colours = list(look.newton_colours(np.concatenate([m.newtons for m in loads]),
                                               look.load_scale(state.layers.load_range)).reshape(len(ps), -1, 3))
        for motion, p, moment_loads, moment_colours in zip(chunk, ps, loads, colours, strict=True):
            yield (p, *_colours_and_summary(state, model, motion, p, moment_loads, moment_colours))


def _colours_and_summary(state: SceneState, model, motion: Motion, p: Pose, loads, colours=None
                         ) -> tuple[np.ndarray, dict]:
    """The 48 facet colours and the summary of :func:`pose_and_colours`, from the moment's pose and loads.

    ``colours``: the load colours when already made (a batch's, by the same element-by-element function).
    """
    from spineviz.motion.loads import ESTIMATE_NOTE

    summary: dict = {"clamped": [str(c) for c in p.clamped], "motion": motion.describe()}
    if loads is not None:
        scale = look.load_scale(state.layers.load_range)
        if colours is None:
            colours = look.newton_colours(loads.newtons, scale)
        shown = _shown_joints(state.visible_segments(), tuple(model.present_segments))
        order = np.argsort(-loads.newtons, kind="stable")
        top_three = list(islice(((_JOINT_NAMES[i], float(loads.newtons[i])) for i in order.tolist()
                                 if shown[i]), 3))  # named only the three
        summary.update(most_loaded=top_three, note=ESTIMATE_NOTE, load_low=scale[0], load_top=scale[1],
                       newtons=loads.newtons)
    else:
        colours = np.tile(np.asarray(look.CARTILAGE["color"], float), (len(FACET_JOINT_IDS), 1))
        for k, freq in pain_mark_frequencies(state).items():
            colours[k] = look.FREQUENCY_COLOURS[freq]
        for jid in state.highlighted_joints():
            colours[jid.index] = look.HIGHLIGHT
        if state.selected_joint is not None:
            colours[state.selected_joint.index] = look.SELECTED_FACET
    return colours, summary


_JOINT_NAMES = tuple(jid.name for jid in FACET_JOINT_IDS)


@lru_cache(maxsize=16)
def _shown_joints(visible_segments: tuple[str, ...], present_segments: tuple[str, ...]) -> tuple[bool, ...]:
    """For each joint (``FACET_JOINT_IDS`` order), whether the scene shows it and the spine has it.

    The same two tuples on every tick of Play: worked out once instead of 48 name look-ups a frame.
    """
    shown = set(visible_segments) & set(present_segments)
    return tuple(jid.segment.name in shown for jid in FACET_JOINT_IDS)


def pain_mark_frequencies(state: SceneState) -> dict[int, str]:
    """{joint index: "typical" | "sometimes" | "rare"} for the joints that refer to the scene's pain marks."""
    if not state.pain_marks:
        return {}
    from spineviz.content.painmap import frequency_by_joint, rank_joints

    index = {jid.name: jid.index for jid in FACET_JOINT_IDS}
    return {index[name]: freq for name, freq in frequency_by_joint(rank_joints(state.pain_marks)).items()
            if name in index}


def marked_joints(state: SceneState) -> list[tuple[int, tuple[float, float, float]]]:
    """(joint index, mark colour) for each joint the scene marks: its highlights, then its selection."""
    marks = {jid.index: look.HIGHLIGHT for jid in state.highlighted_joints()}
    if state.selected_joint is not None:
        marks[state.selected_joint.index] = look.SELECTED_FACET
    shown = set(state.visible_segments())
    return [(k, c) for k, c in marks.items() if FACET_JOINT_IDS[k].segment.name in shown]


def bone_colour(state: SceneState, level: str) -> tuple[float, float, float]:
    """A vertebra's colour: the selection's warm tint, or bone."""
    selected = state.selected_level
    return look.SELECTED if selected is not None and selected.name == level else look.BONE["color"]


__all__ = ["bone_colour", "marked_joints", "pain_mark_frequencies", "pose_and_colours", "poses_and_colours"]
