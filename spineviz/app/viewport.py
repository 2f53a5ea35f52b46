"""The 3D view as a view of the :class:`~spineviz.app.live_scene.LiveScene`: the scene renderer on the Qt plotter.

It draws through :class:`~spineviz.render.scene_render.SceneRenderer`, the same code ``spineviz render``
and every exporter use, so the window shows what a saved file renders to. On each change of state it
does the least it must: a new moment (a slider, a tick of Play) only poses and recolours; anything else
re-applies the scene; a change of region, isolation, view, zoom or animation also glides the camera to
the new framing, so the view is never left pointing at nothing. When the user orbits, pans or zooms
with the mouse, the camera they chose becomes the state's (an explicit camera). A new size of the view refits only
what depends on it (the names' font, the text, the framing), once, as the first frame at that size starts (zoom39).

Level of detail (issue 13): while the picture moves (a tick of Play, a slider, an orbit, pan or wheel
zoom, a camera glide) the bones and the facet cartilage are drawn coarse; :data:`STILL_MS` after the last
change the full meshes come back with one more render. The coarse meshes are made a bone (then a joint's
cartilage) at a time on an idle timer that starts :data:`PREPARE_DELAY_MS` after the window's first frame,
never on the start-up path; its first step finds the vertebrae's hull corners, on which each frame of a
moving camera measures the anatomy's screen box (:mod:`spineviz.render.hull`).

A tick of Play is drawn in its own slot (issue 13, session 31): where the view is a native window that VTK draws
and swaps itself (:class:`~spineviz.app.native_view.NativeView`) and it is on screen, the tick's one render is made
at once instead of asking Qt for a repaint; dispatching Qt's update request and paint event to the same render cost
0.3-0.4 ms of main-thread CPU a frame (docs/performance.md, session 31). Everything else still asks Qt, whose
repaints coalesce.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QTimer

from spineviz.app.camera import CameraMover
from spineviz.app.live_scene import CYCLE_BATCH, moment_only
from spineviz.app.native_view import NativeView
from spineviz.render.scene_render import SceneRenderer
from spineviz.scene import SceneState

STILL_MS = 150
"""Full detail returns this long after the last change of the picture (the issue allows 200 ms)."""
PREPARE_DELAY_MS = 1500
"""The coarse bones start being made this long after the window's first frame, one bone per idle tick."""
PREPARE_STEP_MS = 60
FRAMING_STEP = 5
"""Bodies whose hull corners one idle step finds (``SceneRenderer.prepare_framing``) before the coarse bones."""


def _framing(state: SceneState) -> tuple:
    """What decides where the camera points: what is visible, the camera, the animation, and the text bands."""
    anim = state.animation
    return (state.visible_levels(), state.camera, None if anim is None else (anim.preset, anim.timeline),
            state.loads, state.title, state.caption)


class Viewport(QObject):
    """Keeps the plotter showing ``live.state``; see the module docstring."""

    draw_ticks_now = True
    """A tick of Play drawn in its own slot (:meth:`_draw_tick`); False: a repaint asked of Qt, as before session 31
    (the measuring script's A/B)."""

    render_ticks_direct = True
    """A tick drawn in its slot renders through ``NativeView.render_tick`` (session 35); False: PyVista's ``render``, as
    before (the measuring script's A/B)."""

    light_refit = True
    """A new size refits only what depends on it (``SceneRenderer.refit``: the names' font, the text and its bands, the
    camera's framing; zoom39, session 39); False: the scene applied again in full, as session 38 (the measuring
    script's A/B)."""

    refit_at_frame = True
    """The refit for a new size is made once, as the first frame at that size starts, however many sizes the view took
    since the last frame (zoom39, session 39); False: at every ``ConfigureEvent``, as session 38 (the script's A/B)."""

    def __init__(self, plotter, spine, live, request_render, parent=None) -> None:
        super().__init__(parent)
        self.plotter, self.live = plotter, live
        self._render = request_render
        self.renderer = SceneRenderer.build(plotter, spine)
        self.renderer.moments = live  # one pose and one set of loads per moment, for the view and the panels
        self.camera = CameraMover(plotter, self._render_moving, self, on_done=self._camera_settled)
        self.renderer.apply(live.state)
        live.view_listener = self._show  # told of each change by a direct call, before changed's listeners (session 38)
        live.playing_changed.connect(self._playing_changed)
        live.batch_prepared.connect(self._lay_out_prepared)
        live.cycle_dropped.connect(self._cycle_dropped)
        live.gap_work.append(self._lay_out_waiting)
        self._waiting: tuple = (None, [])  # (the scene, poses) of prepared moments whose names wait for a gap
        iren = plotter.iren.interactor
        self._observer = iren.AddObserver("EndInteractionEvent", self._user_moved_camera)
        self._interacting = False  # a mouse orbit, pan or zoom between VTK's start and end events
        self._motion_observers = [iren.AddObserver("StartInteractionEvent", self._interaction_started),
                                  iren.AddObserver("InteractionEvent", self._moving),
                                  iren.AddObserver("EndInteractionEvent", self._interaction_ended)]
        self._still = QTimer(self)  # full detail once nothing has moved for STILL_MS
        self._still.setSingleShot(True)
        self._still.setInterval(STILL_MS)
        self._still.timeout.connect(self._at_rest)
        self._prepare = QTimer(self)  # the coarse bones, made off the start-up path
        self._prepare.setInterval(PREPARE_DELAY_MS)
        self._prepare.timeout.connect(self._prepare_step)  # started after the first frame (start_preparing)
        self._framing_prepared = False
        self._resized = QTimer(self)  # a safety net: a size the view's ConfigureEvent did not report (see below)
        self._resized.setSingleShot(True)
        self._resized.setInterval(60)
        self._resized.timeout.connect(self._fit_to_size)
        self._fitted_size: tuple[int, int] | None = None
        self._zoom_bounds = None  # what a zoom to the selection (F) under way fits, to fit it again on a resize
        # the render window has its new size and the view's repaint is asked, not drawn: frame for that size before
        # the frame is drawn (_size_taken)
        self._configured = iren.AddObserver("ConfigureEvent", self._size_taken)
        self._frame_hook: int | None = None  # the render window's StartEvent observer while a new size waits
        self._coarse_held: tuple | None = None  # what the coarse detail was last set for while playing (session 28)
        plotter.interactor.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # Qt override
        if event.type() == QEvent.Type.Resize:
            self._coarse_held = None  # the distant bones depend on the pixels a millimetre
            self._resized.start()
        return False

    def _fit_to_size(self) -> None:
        if tuple(self.plotter.window_size) != self._fitted_size:  # not already framed for it (the first show)
            self.fit_to_size()

    def _size_taken(self, *_args) -> None:
        """The render window took a size (``ConfigureEvent``): fit it when the next frame starts.

        A window dragged to a new size gives the view a burst of sizes, some never drawn (Qt lays the window out
        again, its panels keep their minimum widths); each frame drawn is fitted once, for the size it is drawn at,
        as its render starts (the render window's ``StartEvent``, before the renderer draws or lays the names out).
        The observer is there only while a size waits: a frame without one (every tick of Play) calls nothing.
        """
        if not self.refit_at_frame:
            self._fit_to_size()
            return
        if self._frame_hook is None:
            self._frame_hook = self.plotter.ren_win.AddObserver("StartEvent", self._frame_starts, 1.0)

    def _frame_starts(self, *_args) -> None:
        """A frame starts with a size taken since the last: fit it (no repaint asked: this is the frame)."""
        self._drop_frame_hook()
        if tuple(self.plotter.ren_win.GetSize()) != self._fitted_size:
            self.fit_to_size(render=False)

    def _drop_frame_hook(self) -> None:
        tag, self._frame_hook = self._frame_hook, None
        ren_win = getattr(self.plotter, "ren_win", None) if tag is not None else None
        if ren_win is not None:
            ren_win.RemoveObserver(tag)

    def fit_to_size(self, render: bool = True) -> None:
        """Frame the camera and size the text for the view's present size.

        Called on the first show and whenever the view's render window has taken a new size, as the first frame
        at that size starts (the interactor's ``ConfigureEvent``, which both the native view and pyvistaqt's
        widget fire after setting the size and before the repaint that the resize asks for, arms
        :meth:`_frame_starts`), so the first frame drawn at a new size is already framed for it, as ``spineviz
        render`` frames the same scene at that size (zoom38, session 38: the frame drawn before a 60 ms timer
        re-fitted had the old framing, and a glide under way ended on the camera framed for the old size, cut at
        the edges of a narrowed view for good). A glide under way (a preset opened, a region changed, a zoom to
        the selection) ends at once where it was going, framed for the new size: its remaining steps, from a
        camera framed for the old shape, would draw the spine cut. A user's explicit camera is kept exactly as the
        state holds it, as ``spineviz render`` draws it.

        Only what depends on the size is done again (``SceneRenderer.refit``: the names' font, the title, caption,
        note and legend, the framing; zoom39, session 39): the layers, the pose and the facets' colours are the
        scene's whatever the size, and applying them again was most of a drag step's work.
        """
        self._fitted_size = tuple(self.plotter.window_size)
        state = self.live.state
        zooming = self.camera.settling and self._zoom_bounds is not None
        self.camera.stop()
        if self.light_refit and self.renderer.state is state:
            self.renderer.refit(frame_camera=not state.camera.explicit)
        else:  # the view has not drawn this state yet (or the A/B): all of it
            self.renderer.apply(state, frame_camera=not state.camera.explicit)
        if zooming:
            self._frame_bounds(self._zoom_bounds)
            self._camera_settled()  # the zoom's camera becomes the state's (which renders)
        if render:
            self._render()

    @property
    def actors(self):
        return self.renderer.actors

    def _show(self, new: SceneState, old: SceneState) -> None:
        r = self.renderer
        # A new moment (every tick of Play) is asked about first: when only the moment differs, the camera
        # is the same, so the camera-only test below could hold only for ``new == old``, which is excluded.
        # The order saves that test's validated copy of the state on every tick. A tick told directly
        # (``live.ticking``, session 38) is known to differ in its moment alone.
        live = self.live
        if live.ticking or (moment_only(new, old) and not (new.camera.explicit and new == old)):
            r.state = new
            playing = live.playing  # asked once (a Qt call): a change of state does not start or stop the clock
            self._moving_moment(playing)
            r.set_motion(live.motion_of(new), settle=not playing)  # properties settle on pause
            if playing:
                self._draw_tick()
                return
        elif new.camera.explicit and replace(new, camera=old.camera) == old:
            r.state = new  # the user's own camera (or a zoom that settled): already where it should be
            r.frame()
        else:
            self._coarse_held = None  # what decides the detail may have changed (the cut, the bones' opacity)
            reframe = _framing(new) != _framing(old)
            start = self.camera.current()
            r.apply(new, frame_camera=reframe)
            if reframe and not new.camera.explicit:
                self.camera.glide_from(start)
        self._render()

    def _draw_tick(self) -> None:
        """Draw a tick of Play now, in its slot, where the view draws on screen itself; else ask Qt for a repaint.

        The native view (:class:`~spineviz.app.native_view.NativeView`) paints by rendering: a repaint asked of Qt
        is the same render after Qt has dispatched an update request and a paint event (and the event filters they
        pass through; issue 13, session 31: 0.3-0.4 ms of main-thread CPU a frame). It draws only what its paint
        would draw: the view shown and its window exposed (:func:`~spineviz.app.first_frame.on_screen`); a hidden
        or minimised window, and pyvistaqt's ``QOpenGLWidget`` (which shows only what Qt composes), get the repaint
        as before, and so does a tick during a camera glide, whose steps ask for repaints too (one render for both,
        as before). A repaint already asked of Qt in the same turn of the event loop (a hover, the cut plane
        dragged, a zoom, a resize: ``NativeView.paint_asked``) draws the tick's frame too, so the tick leaves its
        frame to it rather than drawing the same picture twice.
        """
        view = self.plotter.interactor
        if (self.draw_ticks_now and not self.camera.moving and isinstance(view, NativeView)
                and not view.paint_asked and view.seen()):
            if self.render_ticks_direct:
                view.render_tick()
            else:
                self.plotter.render()
        else:
            self._render()

    def _lay_out_prepared(self, state: SceneState, poses: list, at_once: bool = True) -> None:
        """Lay the names out for moments Play prepared ahead (session 27), for the camera the frames will have.

        Only for moments of the scene drawn now (nothing but the moment differs): their frames then only apply
        the kept layouts. During a glide (Play with another preset, a region changed) they are laid out for where
        the glide ends (:meth:`CameraMover.at_target <spineviz.app.camera.CameraMover.at_target>`); not while the
        user drags the camera. A camera or window changed afterwards only leaves them unused: each layout is kept
        with what it depends on (:meth:`ScreenLabels._on_render <spineviz.render.labels.ScreenLabels._on_render>`).
        Moments prepared within Play's budget (``at_once`` False) wait for the gaps after frames
        (:meth:`_lay_out_waiting`).
        """
        if self.live.tick_copies:  # what their frames write, worked out now (any camera; session 28)
            self.renderer.prepare_writes(state, poses)
        if self._interacting or not self._drawn_now(state):
            return
        if not at_once:  # the names of moments of the same scene but for the moment wait together (session 37)
            held, waiting = self._waiting
            same = held is state or (held is not None and self.live.batch_writes and moment_only(state, held))
            self._waiting = (state, [*waiting, *poses] if same else list(poses))
            return
        self._lay_out(poses)

    def _cycle_dropped(self) -> None:
        """The app threw its prepared cycle away (another preset, speed, range or scene; session 38): so are these.

        The writes worked out for its moments and the names waiting for them (the moments a miss worked out go with
        them: each held write is for a moment of the scene before).
        """
        self.renderer.forget_held()
        self._waiting = (None, [])

    def _lay_out_waiting(self, stop) -> int:
        """Lay out the names of the moments waiting (see :meth:`_lay_out_prepared`), a batch at a time until ``stop()``.

        Run by :meth:`LiveScene.prepare_ahead <spineviz.app.live_scene.LiveScene.prepare_ahead>` in a gap after a
        frame; dropped if the scene drawn is no longer theirs. Returns how many moments were taken.
        """
        state, waiting = self._waiting
        if not waiting:
            return 0
        if not self._drawn_now(state):
            self._waiting = (None, [])
            return 0
        if self._interacting:
            return 0
        taken = 0
        while waiting and not (taken and stop()):
            batch, waiting = waiting[:CYCLE_BATCH], waiting[CYCLE_BATCH:]
            self._waiting = (state, waiting)
            self._lay_out(batch)
            taken += len(batch)
        return taken

    def _drawn_now(self, state: SceneState) -> bool:
        """Whether ``state`` is the scene drawn now but for its moment (prepared names are for it alone)."""
        return self.renderer.state is not None and moment_only(state, self.renderer.state)

    def _lay_out(self, poses: list) -> None:
        """Lay out the names of ``poses`` for the camera the frames will have (where a glide under way ends)."""
        with self.camera.at_target():
            self.renderer.prepare_names([p.transforms for p in poses])

    def _playing_changed(self, playing: bool) -> None:
        """Playback stopped: the cartilage properties take the colours drawn (no render: same picture)."""
        if not playing:
            self.actors.settle_colours()

    def reframe(self, animate: bool = True) -> None:
        """Frame the scene again as its camera says (after a resize, or on request)."""
        start = self.camera.current()
        self.renderer.frame()
        if animate:
            self.camera.glide_from(start)
        self._render()

    def zoom_to(self, bounds) -> None:
        """Glide to fit ``bounds`` from the current direction; the result becomes the state's camera."""
        start = self.camera.current()
        self._zoom_bounds = bounds
        self._frame_bounds(bounds)
        self.camera.glide_from(start, settle=True)

    def _frame_bounds(self, bounds) -> None:
        from spineviz.render import look

        look.frame_view(self.plotter, self.live.state.camera.view or "left", bounds)

    # -- level of detail --

    def _moving(self, *_args) -> None:
        """The picture is changing: coarse bones until it has been still for STILL_MS."""
        self._coarse_held = None
        self.renderer.set_detail(True)
        self._still.start()

    def _moving_moment(self, playing: bool | None = None) -> None:
        """:meth:`_moving` for a new moment; nothing while Play runs and the coarse detail is already what it wants.

        While playing, the still timer re-arms itself (:meth:`_at_rest`), so a tick need not restart it; and the
        detail set for the last tick holds while the camera (its modification time), the coarse parts made and
        what the actors allow are the same, the window was not resized and the scene changed only its moment
        (issue 13, session 28: the renderer's ``set_detail`` and the timer were a tenth of a tick). ``playing``: whether
        Play runs, when the caller has asked.
        """
        actors = self.actors
        held = (self.plotter.renderer.GetActiveCamera().GetMTime(), actors.allow_coarse, actors.allow_distant)
        if playing is None:
            playing = self.live.playing
        if not self.live.tick_copies or not playing or not self._still.isActive():
            self._moving()
            return
        if held == self._coarse_held:
            return
        self._moving()
        self._coarse_held = held

    def _render_moving(self) -> None:
        self._moving()
        self._render()

    def _interaction_started(self, *_args) -> None:
        self._interacting = True
        self._moving()

    def _interaction_ended(self, *_args) -> None:
        self._interacting = False
        self._moving()

    def _at_rest(self) -> None:
        """Full detail, unless the picture is still on the move and only its frames are slow to draw.

        On a slow machine a frame of Play, a glide or an orbit can take longer than STILL_MS; switching to
        full detail between two such frames would only make the next one slower still.
        """
        if self.live.playing or self.camera.moving or self._interacting:
            self._still.start()
            return
        self._coarse_held = None
        self.renderer.set_detail(False)
        self._render()

    def _prepare_step(self) -> None:
        """Make one more coarse bone; not during a glide or a drag, which it would make stutter.

        The first steps find the vertebrae's hull corners instead (``SceneRenderer.prepare_framing``,
        :data:`FRAMING_STEP` bodies a step, a few milliseconds each), on which every frame of a moving camera
        measures the anatomy's screen box.
        """
        self._prepare.setInterval(PREPARE_STEP_MS)
        if self.camera.moving or self._interacting:
            return
        self._coarse_held = None  # one more coarse part to draw with
        if not self._framing_prepared:
            self._framing_prepared = self.renderer.prepare_framing(limit=FRAMING_STEP) == 0
            return
        if self.actors.prepare_coarse(limit=1) == 0:
            self._prepare.stop()

    def start_preparing(self) -> None:
        """Start making the coarse bones, :data:`PREPARE_DELAY_MS` from now (the window's first frame)."""
        if not self._prepare.isActive():
            self._prepare.start()

    def prepare_again(self) -> None:
        """Make the moving parts of a spine put in place of the old one (another anatomy opened), as at start-up."""
        self._framing_prepared = False
        self._coarse_held = None
        self.start_preparing()

    def prepare_detail(self) -> None:
        """Make every coarse bone now (benchmarks and tests that need the moving picture at once)."""
        self._prepare.stop()
        self._coarse_held = None
        if not self._framing_prepared:
            self._framing_prepared = True
            self.renderer.prepare_framing()
        self.actors.prepare_coarse()

    def _user_moved_camera(self, *_args) -> None:
        cam = self.plotter.camera
        self.live.set_camera(cam.position, cam.focal_point, cam.up)

    def _camera_settled(self) -> None:
        self._zoom_bounds = None
        cam = self.plotter.camera
        self.live.set_camera(cam.position, cam.focal_point, cam.up)

    def detach(self) -> None:
        """Stop listening (window closing); safe twice."""
        self.camera.stop()
        self._resized.stop()
        self._drop_frame_hook()
        self._still.stop()
        self._prepare.stop()
        self.plotter.interactor.removeEventFilter(self)
        if self._observer is not None:
            for tag in (self._observer, self._configured, *self._motion_observers):
                self.plotter.iren.interactor.RemoveObserver(tag)
            self._observer, self._motion_observers = None, []
        pairs = [(self.live.playing_changed, self._playing_changed)]
        if self.live.view_listener == self._show:
            self.live.view_listener = None
        else:  # a script or a test that made the view a listener of the signal instead
            pairs.append((self.live.changed, self._show))
        for signal, slot in pairs:
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass


__all__ = ["Viewport"]
