"""Everything drawn *on* the spine rather than *as* it: level names, joint names and joint rings.

One implementation for the app's viewport, ``spineviz render`` and every exporter. A marked facet joint
(highlighted by the scene, or selected) gets a ring around its rim, a little outside it, so the ring never
covers the joint's own load colour, and its name in bold, always on top. Positions come from the posed
world matrices (:mod:`spineviz.render.posed`), so marks and names ride with the spine as it moves.
"""

from __future__ import annotations

import numpy as np

from spineviz.anatomy.levels import FACET_JOINT_IDS, LEVELS
from spineviz.render import look
from spineviz.render.facet_colours import marked_joints
from spineviz.render.posed import world_matrices
from spineviz.scene.state import SceneState

RING_POINTS = 40
LEVEL_LABEL_OFFSET_MM = 14.0  # beside the body: half its width, then this much more
JOINT_LABEL_OFFSET_MM = (16.0, -10.0, 0.0)  # out to the joint's side (x), back (y): clear of the bone


def level_label_points(spine, transforms: np.ndarray, levels) -> tuple[np.ndarray, list[str]]:
    """Where each named level's name goes: beside its body, to the patient's right, posed."""
    world = world_matrices(spine, transforms)
    pts, names = [], []
    for lv in LEVELS:
        if lv.name not in levels or lv.name not in spine.bones:
            continue
        d = spine.model.dims[lv.name]
        width = (d.epw or 30.0) if lv.name != "C1" else 40.0
        local = np.array([0.5 * width + LEVEL_LABEL_OFFSET_MM, 0.0, 0.0, 1.0])
        pts.append((world[lv.index] @ local)[:3])
        names.append("Sacrum" if lv.is_sacrum else lv.name)
    return np.array(pts).reshape(-1, 3), names


def ring_points(joint, transform: np.ndarray) -> np.ndarray:
    """A closed ring around ``joint``'s rim in its own plane, moved by the lower vertebra's ``transform``."""
    radius = max(joint.half_width, joint.half_height) + look.MARK_MARGIN_MM
    a = np.linspace(0.0, 2.0 * np.pi, RING_POINTS, endpoint=False)
    pts = joint.centre + radius * (np.cos(a)[:, None] * joint.u + np.sin(a)[:, None] * joint.v)
    return pts @ transform[:3, :3].T + transform[:3, 3]


def draw_marks(plotter, spine, state: SceneState, transforms: np.ndarray, font_size: int) -> int:
    """(Re)draw the level names, the marked joints' rings and their names; return how many joints are marked."""
    import pyvista as pv

    for name in ("labels", "joint_labels", "joint_marks"):
        plotter.remove_actor(name, render=False)
    if state.layers.labels:
        pts, names = level_label_points(spine, transforms, set(state.visible_levels()))
        if len(names):
            plotter.add_point_labels(pts, names, font_size=font_size, text_color=look.LABEL_COLOUR, shape=None,
                                     show_points=False, always_visible=True, name="labels", render=False)
    present = set(spine.model.present_segments)
    marks = [(k, c) for k, c in marked_joints(state) if FACET_JOINT_IDS[k].segment.name in present]
    if not marks:
        return 0
    joints = spine.model.joints
    rings, colours, label_pts, label_names = [], [], [], []
    for k, colour in marks:
        j = joints[k]
        t = transforms[j.lower_index]
        rings.append(ring_points(j, t))
        colours.append(colour)
        out = np.array(JOINT_LABEL_OFFSET_MM) * ((-1.0 if FACET_JOINT_IDS[k].side == "left" else 1.0), 1.0, 1.0)
        label_pts.append((t @ np.append(j.centre, 1.0))[:3] + out)
        label_names.append(FACET_JOINT_IDS[k].name)
    n = RING_POINTS
    lines = np.concatenate([[n + 1, *range(i * n, (i + 1) * n), i * n] for i in range(len(rings))])
    mesh = pv.PolyData(np.concatenate(rings), lines=lines)
    mesh.point_data["mark"] = np.repeat(np.asarray(colours, float), n, axis=0)
    plotter.add_mesh(mesh, scalars="mark", rgb=True, line_width=look.MARK_WIDTH_PX, render_lines_as_tubes=True,
                     lighting=False, pickable=False, name="joint_marks", render=False)
    plotter.add_point_labels(np.array(label_pts), label_names, font_size=font_size, text_color=look.LABEL_COLOUR,
                             shape=None, show_points=False, always_visible=True, name="joint_labels", render=False,
                             bold=True)
    return len(marks)


__all__ = ["draw_marks", "level_label_points", "ring_points"]
