"""The one place where user intent becomes model calls and renderer updates.

Widgets call methods here; the controller computes pose and loads from the model and tells the renderer
to move actors and recolour facets. No anatomy or biomechanics logic lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from spineviz.motion import PRESETS, Motion, Timeline, motion_at
from spineviz.motion.loads import FacetLoads, facet_loads
from spineviz.motion.pose import Pose, pose
from spineviz.render import look
from spineviz.render.spine_actors import regions_for

FRAME_MS = 33


@dataclass
class ViewState:
    """What is shown; the app's working copy of the scene."""

    motion: Motion = field(default_factory=Motion)
    preset: str | None = None
    timeline: Timeline | None = None  # a scene's own animation; overrides ``preset``
    playing: bool = False
    loop: bool = True
    speed: float = 1.0
    time: float = 0.0
    loads: bool = False
    audience: str = "clinician"
    region: str = "all"
    isolate: str | None = None
    discs: bool = True
    cartilage: bool = True
    labels: bool = False
    bone_opacity: float = 1.0
    selection: tuple[str, str] | None = None  # ("bone", "L4") or ("facet", "L4/5 left")
    view: str = "left"


class Controller(QObject):
    """Applies :class:`ViewState` changes to the scene, and runs the animation clock."""

    pose_changed = Signal(object, object)  # Pose, FacetLoads
    state_changed = Signal(object)  # ViewState
    selection_changed = Signal(object)  # (kind, name) or None
    frame_advanced = Signal(int)

    def __init__(self, spine, actors, labels, request_render, parent=None) -> None:
        super().__init__(parent)
        self.spine, self.actors, self.labels = spine, actors, labels
        self._request_render = request_render
        self.state = ViewState()
        self.current_pose: Pose = pose(spine.model, self.state.motion)
        self.current_loads: FacetLoads = facet_loads(spine.model, self.current_pose)
        self.neutral_loads = self.current_loads.newtons.copy()
        self.frames = 0
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self._shown: dict[str, bool] = {}

    # --- state changes -------------------------------------------------------------------------
    def update(self, **changes) -> None:
        """Change the view state; only what changed is applied."""
        old = self.state
        self.state = replace(old, **changes)
        s = self.state
        if (s.region, s.isolate) != (old.region, old.isolate) or not self._shown:
            self._shown = self.actors.isolate(s.isolate, regions_for(s.region))
            self.actors.set_layer("discs", s.discs)
            self.actors.set_layer("cartilage", s.cartilage)
            self.labels.set_visible(s.labels, self._shown)
        if s.discs != old.discs:
            self.actors.set_layer("discs", s.discs)
        if s.cartilage != old.cartilage:
            self.actors.set_layer("cartilage", s.cartilage)
        if s.labels != old.labels:
            self.labels.set_visible(s.labels, self._shown)
        if s.bone_opacity != old.bone_opacity:
            self.actors.set_bone_opacity(s.bone_opacity)
        if s.motion != old.motion or s.loads != old.loads:
            self._apply_motion()
        if s.selection != old.selection:
            self._highlight_selection()
            self.selection_changed.emit(s.selection)
        self.state_changed.emit(s)
        self._request_render()

    def apply_all(self, **changes) -> None:
        """Apply the whole state to the renderer (start-up, or after loading a scene)."""
        self.state = replace(self.state, **changes)
        s = self.state
        self._shown = self.actors.isolate(s.isolate, regions_for(s.region))
        self.actors.set_layer("discs", s.discs)
        self.actors.set_layer("cartilage", s.cartilage)
        self.labels.set_visible(s.labels, self._shown)
        self.actors.set_bone_opacity(s.bone_opacity)
        self._apply_motion()
        self._highlight_selection()
        self.selection_changed.emit(s.selection)
        self.state_changed.emit(s)
        self._request_render()

    def set_motion(self, motion: Motion) -> None:
        self.update(motion=motion)

    def reset(self) -> None:
        self.stop()
        self.update(motion=Motion(region=self.state.motion.region), time=0.0)

    def select(self, selection: tuple[str, str] | None) -> None:
        self.update(selection=selection)

    # --- animation ----------------------------------------------------------------------------
    def play(self, preset: str | None = None) -> None:
        """Play ``preset``, or (with none named) the current animation: the scene's own or a preset."""
        if preset is None and self.state.timeline is None:
            preset = self.state.preset or next(iter(PRESETS))
        if preset is not None:
            if preset not in PRESETS:
                raise KeyError(f"unknown animation {preset!r}; choose one of {', '.join(PRESETS)}")
            if preset != self.state.preset or self.state.timeline is not None:
                self.state = replace(self.state, preset=preset, timeline=None, time=0.0)
        self.state = replace(self.state, playing=True)
        self._clock.start()
        self.timer.start()
        self.state_changed.emit(self.state)

    def pause(self) -> None:
        self.timer.stop()
        if self.state.playing:
            self.state = replace(self.state, playing=False)
            self.state_changed.emit(self.state)

    def stop(self) -> None:
        self.pause()

    @property
    def timeline(self) -> Timeline | None:
        if self.state.timeline is not None:
            return self.state.timeline
        return PRESETS.get(self.state.preset) if self.state.preset else None

    def _tick(self) -> None:
        timeline = self.timeline
        if timeline is None:
            self.pause()
            return
        dt = self._clock.restart() / 1000.0
        t = self.state.time + dt * self.state.speed
        if not self.state.loop and t >= timeline.period:
            t = timeline.period
            self.pause()
        self.state = replace(self.state, time=t, motion=motion_at(timeline, t))
        self._apply_motion()
        self.frames += 1
        self.frame_advanced.emit(self.frames)
        self._request_render()

    # --- applying to the renderer ---------------------------------------------------------------
    def _apply_motion(self) -> None:
        self.current_pose = pose(self.spine.model, self.state.motion)
        self.current_loads = facet_loads(self.spine.model, self.current_pose)
        self.actors.apply_pose(self.current_pose.transforms)
        self.labels.update(self.current_pose.transforms)
        self._colour_facets()
        self.pose_changed.emit(self.current_pose, self.current_loads)

    def legend_max(self) -> float:
        return 150.0

    def facet_colours(self) -> np.ndarray | None:
        if not self.state.loads:
            return None
        return look.load_colours(self.current_loads.newtons / self.legend_max())

    def _colour_facets(self) -> None:
        self.actors.set_facet_colours(self.facet_colours())
        self._highlight_facet()  # per frame only the facets are recoloured; bone colours keep

    def _highlight_selection(self) -> None:
        sel = self.state.selection
        for name, actor in self.actors.bones.items():
            actor.prop.color = look.SELECTED if sel == ("bone", name) else look.BONE["color"]
        self._highlight_facet()

    def _highlight_facet(self) -> None:
        """Mark a selected facet joint (after load colours, which would otherwise paint over it)."""
        sel = self.state.selection
        if sel and sel[0] == "facet" and not self.state.loads:
            for which in ("upper", "lower"):
                self.actors.cartilage[(sel[1], which)].prop.color = look.SELECTED_FACET

    def shutdown(self) -> None:
        """Stop the clock for good; safe to call twice."""
        self.timer.stop()
        if self.state.playing:
            self.state = replace(self.state, playing=False)
