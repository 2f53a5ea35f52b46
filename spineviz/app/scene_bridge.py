"""Between the app's working state and a :class:`~spineviz.scene.SceneState`, both ways.

The scene is what is saved, exported and rendered from the command line; the app edits its working copy
and turns it into a scene on demand, so "save" writes exactly what is on screen and "open" shows exactly
what was saved.
"""

from __future__ import annotations

import dataclasses

from spineviz.scene import Camera, SceneState
from spineviz.scene.state import Animation, DocumentRef, Layers

LAYER_REGIONS = {"all": ("cervical", "thoracic", "lumbar", "sacral"), "cervical": ("cervical",),
                 "thoracic": ("thoracic",), "lumbar": ("lumbar", "sacral")}


def _selection_text(selection) -> str | None:
    return None if selection is None else selection[1]


def _selection_tuple(text: str | None):
    if not text:
        return None
    return ("facet", text) if "/" in text else ("bone", text)


def scene_from_window(window, title: str = "", caption: str = "") -> SceneState:
    """The scene on screen now: camera, motion or animation, layers, selection, document, body map."""
    st = window.controller.state
    cam = window.plotter.camera
    camera = Camera(view=None, position=tuple(cam.position), focal_point=tuple(cam.focal_point),
                    up=tuple(cam.up))
    motion = window.controller.current_pose.applied
    animation = None
    timeline = window.controller.timeline
    if timeline is not None:
        cycle = timeline.period
        time = round(st.time % cycle, 6) if cycle else 0.0
        if st.timeline is not None:
            animation = Animation(timeline=st.timeline, speed=st.speed, time=time)
        else:
            animation = Animation(preset=st.preset, speed=st.speed, time=time)
        motion = None
    elif motion.is_neutral:
        motion = None
    layers = Layers(regions=LAYER_REGIONS[st.region], discs=st.discs, cartilage=st.cartilage, labels=st.labels,
                    bone_transparency=round(1.0 - st.bone_opacity, 3))
    explain = getattr(window, "explanations", None)
    document, body_map = None, ()
    if explain is not None:
        document = explain.document_ref()
        body_map = tuple(explain.body_map_joints())
    return SceneState(title=title, caption=caption, audience=st.audience, camera=camera, motion=motion,
                      animation=animation, region=st.region, layers=layers, isolate=st.isolate,
                      selection=_selection_text(st.selection), loads=st.loads, document=document,
                      body_map=body_map)


def apply_scene(window, scene: SceneState) -> None:
    """Show ``scene`` in the window: everything the scene names, and nothing left over from before."""
    c = window.controller
    c.stop()
    anim = scene.animation
    changes = dict(
        audience=scene.audience, region=scene.region, isolate=scene.isolate, loads=scene.loads,
        discs=scene.layers.discs, cartilage=scene.layers.cartilage, labels=scene.layers.labels,
        bone_opacity=1.0 - scene.layers.bone_transparency, selection=_selection_tuple(scene.selection),
        preset=anim.preset if anim else None, speed=anim.speed if anim else 1.0, playing=False,
        timeline=(anim.resolved() if anim.preset is None else None) if anim else None,
        time=anim.still_time() if anim else 0.0,
    )
    if anim is not None:
        changes["motion"] = anim.at(anim.still_time())
    elif scene.motion is not None:
        changes["motion"] = scene.motion
    else:
        from spineviz.motion import Motion

        changes["motion"] = Motion()
    c.apply_all(**changes)
    if scene.camera.view:
        window.controller.state.view = scene.camera.view
        window.camera.go(scene.camera.view, window.actors.visible_bounds(), animate=False)
        if scene.camera.zoom != 1.0:
            window.plotter.camera.zoom(scene.camera.zoom)
    else:
        cam = window.plotter.camera
        cam.position, cam.focal_point, cam.up = scene.camera.position, scene.camera.focal_point, scene.camera.up
        window.plotter.renderer.ResetCameraClippingRange()
    explain = getattr(window, "explanations", None)
    if explain is not None:
        explain.show_scene_parts(scene.document, scene.body_map, scene.audience)
    window.scene_meta = (scene.title, scene.caption)
    window.setWindowTitle(f"spineviz — {scene.title}" if scene.title else "spineviz")
    window.request_render()


def same_scene(a: SceneState, b: SceneState) -> bool:
    """Equal scenes, comparing camera vectors to a tolerance (they pass through floating point)."""
    import numpy as np

    def cam(s):
        return [np.asarray(v or (0, 0, 0), float) for v in (s.camera.position, s.camera.focal_point, s.camera.up)]

    if any(not np.allclose(x, y, atol=1e-6) for x, y in zip(cam(a), cam(b), strict=True)):
        return False
    strip = {"camera": Camera()}
    return dataclasses.replace(a, **strip) == dataclasses.replace(b, **strip)


__all__ = ["DocumentRef", "apply_scene", "same_scene", "scene_from_window"]
