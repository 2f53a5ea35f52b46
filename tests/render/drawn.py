"""What the renderer draws each cartilage layer in, read from VTK's own state (session 29).

While the spine moves, a vertebra drawn merged (:mod:`spineviz.render.merged`) draws its layers from the merged
shader's array (:data:`~spineviz.render.merged.COLOURS_UNIFORM`), and its layers' own actors are out of the
renderer; their own uniforms are then not written (``SpineActors.lazy_layer_uniforms``) until they come back.
A test of the picture reads the colour from whichever of the two the renderer will draw: the layer's own uniform
when its actor is among the renderer's props, else the merged array's row, its merged actor shown and in the props.
A layer drawn by neither is an error, not a colour; a layer left out of its merged mesh (its joint's row red -1:
both its layers hidden) or a hidden layer drawn by its own actor is drawn in no colour (None).
"""

from __future__ import annotations

import numpy as np

from spineviz.anatomy.levels import LEVELS
from spineviz.render.merged import COLOURS_UNIFORM
from spineviz.render.spine_actors import COLOUR_UNIFORM


def _props(actors) -> set:
    props = actors.plotter.renderer.GetViewProps()
    return {props.GetItemAsObject(i).GetAddressAsString("vtkObject") for i in range(props.GetNumberOfItems())}


def drawn_layer_colours(actors) -> dict:
    """``(joint name, "upper" | "lower") -> (r, g, b)``: the colour each layer is drawn in now (see the module).

    None for a hidden layer (its own actor hidden, or its vertebra's merged mesh leaving it out).
    """
    drawn = _props(actors)
    parts = actors._merged
    held = None
    out = {}
    for k, joint in enumerate(actors.spine.model.joints):
        for which, idx in (("upper", joint.upper_index), ("lower", joint.lower_index)):
            actor = actors.cartilage.get((joint.name, which))
            if actor is None:
                continue
            if not actor.GetVisibility() and (parts is None or LEVELS[idx].name not in actors.merged):
                out[(joint.name, which)] = None  # hidden, drawn by its own actor: drawn in no colour
                continue
            if actor.GetAddressAsString("vtkObject") in drawn:
                value = [0.0, 0.0, 0.0]
                assert actor.GetShaderProperty().GetFragmentCustomUniforms().GetUniform3f(COLOUR_UNIFORM, value)
                out[(joint.name, which)] = tuple(value)
                continue
            level = LEVELS[idx].name
            merged = None if parts is None else parts.actors.get(level)
            assert merged is not None and merged.GetVisibility() and \
                merged.GetAddressAsString("vtkObject") in drawn, f"{joint.name} {which}: drawn by no actor"
            assert k in parts.rows[level], f"{joint.name} {which}: not in {level}'s merged meshes"
            if held is None:
                flat = [0.0] * (3 * len(actors.spine.model.joints))
                assert parts.uniforms.GetUniform1fv(COLOURS_UNIFORM, flat)
                held = np.reshape(flat, (-1, 3))
            if held[k, 0] == -1.0:  # a hidden joint, left out of the merged meshes: never a shown layer
                assert not actor.GetVisibility(), f"{joint.name} {which}: shown, but left out of {level}'s mesh"
                out[(joint.name, which)] = None
            else:
                out[(joint.name, which)] = tuple(float(c) for c in held[k])
    return out
