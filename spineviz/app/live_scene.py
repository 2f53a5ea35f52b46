"""The app's one state: a :class:`~spineviz.scene.SceneState` that widgets set and views listen to.

This is the evented-model pattern (napari's ``EventedModel``): the value is immutable, every change
replaces it and emits :attr:`LiveScene.changed` with the new and the old state, and every panel and the
3D viewport redraw from the new one. Nothing else in the app holds what is shown, so a preset, an opened
file, a slider and a saved file all show the same thing everywhere, and saving writes exactly
:attr:`LiveScene.state`.

The only thing kept beside the state is the playback clock (whether Play is running); each tick writes the
moment it reached into the state's ``animation.time``, so pausing, saving or exporting mid-play keeps it.
The clock moves the time in whole steps of 1/:data:`MOMENT_STEPS` s of wall time (each tick's advance, the
wall time since the last, rounded to whole steps, times the speed), so a looping animation meets the same
moments again on every pass; what each moment looks like (its pose, its facet colours and the three most
loaded joints) is kept for up to :data:`MOMENTS_KEPT` moments and looked up instead of computed again
(:meth:`LiveScene.frame_for`; issue 13, session 23). While Play runs at its timer's pace, the moments the next
tick can reach are worked out in the gap after a frame is drawn (:meth:`LiveScene.prepare_ahead`; session 24),
so even a first pass finds its moments kept; and since session 26 pressing Play works out the whole cycle's moments
in batches before the first tick (:meth:`LiveScene.prepare_cycle`), so the ticks made back to back find them too.
Play's budget reaches a second or two of the cycle; past it, since session 30 a tick made back to back that finds its
moment not prepared works it out with the next ticks' in one batch (:meth:`LiveScene._batch_on_miss`), and since
session 31 those are the moments the next ticks are likeliest to land on, a pace flipping between two steps included
(:func:`likeliest_reach`). Since session 38 an animation shown while Play is not running (a preset chosen in the
Motion panel's box, a scene opened, Play paused) has its whole cycle worked out in the event loop's idle turns, a few
ms a chunk (:meth:`LiveScene._idle_step`), so Play pressed after it finds every moment prepared even with its ticks
back to back; a change of the preset, speed, range, load scale or region throws that cycle away and begins the next.

Three change events: :attr:`LiveScene.changed` for every change (the 3D view draws each frame),
:attr:`LiveScene.scene_changed` for every change but a tick of Play's new moment (for the listeners that show
nothing of the moment: the window's title, the explanations, the anatomy opener, the cut handle; session 29), and
:attr:`LiveScene.paced` for the side panels, which is the same except that while Play runs a new *moment*
alone (the animation's time) is passed on at most every :data:`PANEL_MS`; the moment reached is always
passed on when playback stops, and any other change at once. Text and sliders read at 5 frames a second
look the same as at 30, and each repaint of the docks costs the 3D view a share of its frame (issue 13).
"""

from __future__ import annotations

import time
from dataclasses import fields, replace

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from spineviz.anatomy.levels import SEGMENTS, parse_facet_joint, parse_level
from spineviz.motion import Motion
from spineviz.motion.loads import FacetLoads, facet_loads
from spineviz.motion.pose import Pose, pose
from spineviz.render.facet_colours import pose_and_colours, poses_and_colours
from spineviz.scene import Animation, Camera, SceneState
from spineviz.scene.state import at_time

FRAME_MS = 33
"""The playback clock's tick (about 30 frames a second)."""
MOMENT_STEPS = 240
"""Play's clock moves the animation in whole steps of 1/240 s of wall time (``speed``/240 s of timeline time).

At the 33 ms tick that is 8 steps a frame; the rounding moves a frame at most 2 ms of wall time from the exact
moment, less than the timer's own jitter. A loop's cycle is then made of the same moments on every pass, which
:meth:`LiveScene.frame_for` looks up instead of computing again (:func:`next_moment`)."""
MOMENTS_KEPT = 2048
"""The most moments a window keeps (pose, colours, summary): one 8 s preset's cycle at :data:`MOMENT_STEPS`
(1,920 moments at speed 1, about 7 kB each: some 14 MB); the oldest goes first when it is full."""
PREPARE_SLACK_MS = 4
"""The next tick's moments are prepared ahead only while the timer's next tick is at least this far off (a moment
takes 0.2-1.2 ms to work out on the project's 2-core machine, quiet to busy; checked before each): never on a
frame's critical path, and not at all when frames are slower than the timer or the ticks are made back to back (the
benchmark's held clock)."""
PREPARE_JITTER_MS = 2
"""How early or late the next tick may come, for the steps prepared ahead: Qt's coarse timers keep to 5 % of the
33 ms (1.65 ms). The steps the next tick reaches anywhere in that window are prepared (one, or two when the
predicted time is near half a step of 1/:data:`MOMENT_STEPS` s, 4.2 ms)."""
CYCLE_BUDGET_MS = 80
"""How long pressing Play (or a tick after a change of what a tick draws) may spend working out the cycle before the
first frame: about 300-600 moments on the project's 2-core machine, one to two seconds of the cycle from the present
moment on. The rest is worked out in the gaps after frames (:meth:`LiveScene.prepare_ahead`), in batches, so Play
starts at once and a region or load-scale change while playing does not stall the picture (a whole 8 s cycle takes
0.3-0.8 s; session 26)."""
CYCLE_BATCH = 16
"""Moments worked out together when the rest of a cycle is prepared in a gap (about 3 ms on the quiet machine)."""
CYCLE_SLACK_MS = 6
"""A batch of the cycle's rest is started in a gap only while the next tick is this much more than
:data:`PREPARE_SLACK_MS` away (a batch takes 3-6 ms, quiet to busy)."""
MISS_BATCH = 4
"""A tick that finds its moment not prepared works it out with the moments of the next ``MISS_BATCH - 1`` ticks in one
batch (:meth:`LiveScene._batch_on_miss`; issue 13, session 30) [M]. On the project's 2-core machine 4 moments cost
1.0-1.35 ms of main-thread CPU in one batch against 2.0-2.6 alone, 8 cost 1.6-2.3 against 4.0-5.2 (five runs, load
0.6-9: ``docs/performance-session30-batch.txt``, part 1); 4 rather than 8 because the batch's tick is the spike: with
ticks back to back and one in five off its pace, 8 took 0.06 ms more off the mean tick than 4 but put 0.55 ms more on
its 90th percentile (``docs/performance-session30-batch-k.txt``)."""
STEPS_SEEN = 16
"""The last ticks whose steps say how a pace spreads (:func:`likeliest_reach`) [M]: enough to weigh a pace that flips
between two steps (the lumbar benchmark's 18-20 ms frames round to 4 or 5 steps of 1/240 s). Simulated over the
benchmark's kinds of frame (``docs/performance-session31-hits.txt``, part 0), 16 and 24 served alike, 8 and 12
fewer at a flipping pace."""
STEPS_SEEN_MEDIAN = 5
"""The pace is the lower median step of the last this many ticks [M] (session 30's: a tick off its pace, or a stall,
does not move it; a new pace takes it over in three ticks)."""
STEP_SPREAD = 0.25
"""Of the last :data:`STEPS_SEEN` ticks, :func:`likeliest_reach` counts those within this share of the pace (at least
one step) either side [M]: the pace's own spread (4 and 5 at a pace of 4 or 5), not a stall or another kind of frame
(the benchmark's 4-step blocks after its 8-step pairs)."""
STEP_KINDS = 4
""":func:`likeliest_reach` spreads the next ticks over at most this many step sizes, the most seen [M]: each more
multiplies the landings worked out (30-50 us a miss with two, at load 4-9)."""
IDLE_CHUNK_MS = 3
"""While the app is idle with an animation shown and Play not running (a preset opened, a scene loaded, Play paused),
its cycle is worked out in chunks of the event loop's idle turns (:meth:`LiveScene._idle_step`, issue 13, session
38): each chunk works out batches of :data:`IDLE_BATCH` moments until this many ms have passed [M], so a key press
or a click waits for at most one batch more than this (a batch of 8 moments with its writes: 2-4 ms on the project's
2-core machine, quiet to loaded)."""
IDLE_BATCH = 8
"""Moments worked out together in an idle chunk [M]: half of :data:`CYCLE_BATCH`, so that one batch, which a chunk
always finishes, stays within a few ms."""
PANEL_MS = 200
"""While playing, the side panels follow the moving spine at most this often (:attr:`LiveScene.paced`)."""
_REGION_OF = {"cervical": ("cervical",), "thoracic": ("thoracic",), "lumbar": ("lumbar", "sacral")}


class LiveScene(QObject):
    """The one :class:`SceneState` of a window, its change event, and the playback clock."""

    changed = Signal(object, object)  # new SceneState, old SceneState
    scene_changed = Signal(object, object)  # the same for every change but a tick of Play (only its time differs)
    paced = Signal(object, object)  # the same for the side panels, at most every PANEL_MS while playing
    playing_changed = Signal(bool)
    frame_advanced = Signal(int)
    cycle_dropped = Signal()  # the last prepared cycle was thrown away (another preset, speed, range or scene)
    batch_prepared = Signal(object, object, bool)  # the scene, the poses of moments worked out ahead of their ticks,
    # and False when they were worked out within Play's budget (the names' layouts for them wait for a gap)

    def __init__(self, model, state: SceneState | None = None, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self._state = state if state is not None else SceneState(audience="clinician")
        self.frames = 0
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self._paced_state = self._state  # what the panels were last told
        self._pace = QTimer(self)
        self._pace.setSingleShot(True)
        self._pace.setInterval(PANEL_MS)
        self._pace.timeout.connect(self._pass_on)
        self.keep_moments = True  # False: every moment computed afresh (the measuring scripts' and tests' A/B)
        self.prepare_moments = True  # False: no moment prepared ahead of its tick (the measuring scripts' A/B)
        self.prepare_cycles = True  # False: no whole cycle prepared when Play starts (session 26; A/B and the tests
        # of the ticks' own path)
        self.tick_copies = True  # False: a tick works its motion out again and compares the whole state, as before
        # session 28 (the measuring script's A/B)
        self._steps: list[int] = []  # the last ticks' steps (the typical one predicts the next ticks' moments)
        self.batch_names = False  # True: the view lays out the names of the moments a miss works out ahead at once
        # (batch_prepared; the measuring script's A/B, session 30)
        self.batch_misses = True  # False: a tick that finds no moment prepared works out its own alone, as before
        # session 30 (the measuring script's A/B)
        self.batch_writes = True  # False: the moments a miss works out are not passed on (batch_prepared), so the
        # view prepares no writes for them and their frames go the long way, as before session 37 (the A/B)
        self.likeliest_steps = True  # False: a miss's batch takes the next ticks at the pace alone (the median step
        # of the last five), as in session 30 (the measuring script's A/B)
        self.quiet_ticks = True  # False: a tick also tells scene_changed's listeners and always emits frame_advanced,
        # and the panels show every field at their pace, as before session 29 (the measuring script's A/B)
        self.forget_moments()
        self.moment_hits = self.moment_misses = 0  # frame_for's look-ups served from what is kept, and not
        self.moments_prepared = 0  # moments worked out ahead of their tick (prepare_ahead)
        self.moments_batched = 0  # moments worked out ahead with a tick's own, on a miss (_batch_on_miss)
        self._batched_for: SceneState | None = None  # the tick's state whose moment _batch_on_miss worked out
        self.cycles_prepared = 0  # whole cycles worked out before they were shown (prepare_cycle)
        self.cycle_ms = 0.0  # the wall time the last prepare_cycle took (ms)
        self.cycle_made_at_once = 0  # the moments it worked out then (the rest: in the gaps after frames)
        self.cycle_budget_ms: float | None = CYCLE_BUDGET_MS  # None: the whole cycle at once (tests, measurements)
        self._pending = _Pending()  # the cycle's steps not yet worked out, the nearest first (session 33)
        self._pending_state: SceneState | None = None  # the scene they are for
        self.lazy_motions = True  # False: Play works out the whole cycle's motions before its first moment, as before
        # session 33 (the measuring script's A/B)
        self.names_in_budget = False  # True: the names of the moments Play prepares within its budget are laid out
        # with them, in the budget (a measuring script's way, session 33; not the app's)
        self._ahead = QTimer(self)  # prepare_ahead, in the event loop's turn after a tick (its frame drawn first)
        self._ahead.setSingleShot(True)
        self._ahead.setInterval(0)
        self._ahead.timeout.connect(self.prepare_ahead)
        self.gap_work: list = []  # more work for the gaps after frames, each ``work(stop) -> int`` (the view's names)
        self._idle = QTimer(self)  # the cycle worked out in the event loop's idle turns while Play is not running
        self._idle.setSingleShot(True)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._idle_step)
        self.idle_chunks = 0  # chunks of idle work run (_idle_step)
        self.idle_longest_ms = 0.0  # the longest of them, wall ms
        self.idle_longest_cpu_ms = 0.0  # the longest of them, main-thread CPU ms
        meta = self.metaObject()
        self._frame_advanced = meta.method(meta.indexOfSignal("frame_advanced(int)"))  # asked whether connected
        self._changed = meta.method(meta.indexOfSignal("changed(PyObject,PyObject)"))  # the same (session 38)
        self.view_listener = None  # the 3D view's change handler, called before changed's listeners (_replace)
        self.ticking = False  # True while a tick's change (only the moment differs) is handed to view_listener

    # --- the state --------------------------------------------------------------------------------
    @property
    def state(self) -> SceneState:
        return self._state

    def set_state(self, state: SceneState) -> None:
        """Replace the whole state (a preset or a file opened); emits :attr:`changed` if it differs."""
        old = self._state
        if state == old:
            return
        self._replace(state, old)

    def _replace(self, state: SceneState, old: SceneState, tick: bool = False) -> None:
        """Make ``state`` (known to differ from ``old``, the state now) the state, and tell the views.

        ``tick``: a tick of Play that changed only the animation's time; :attr:`scene_changed` is not told.

        The 3D view, when it has asked to be (:attr:`view_listener`), is called first and directly, and
        :attr:`changed` is emitted only when something else listens to it: a tick of Play then reaches the one
        listener that draws it without a signal's dispatch (issue 13, session 38). ``ticking`` is True while a tick's
        change is handed on (the listener then knows that only the moment differs). While the panels' pace is
        running for a tick, the tick's state is as much a new moment alone as the one that started it (only the
        time differs), so it is not compared again.
        """
        self._state = state
        view = self.view_listener
        if view is not None:
            self.ticking = tick
            try:
                view(state, old)
            finally:
                self.ticking = False
        if view is None or self.isSignalConnected(self._changed):
            self.changed.emit(state, old)
        if not tick or not self.quiet_ticks:
            self.scene_changed.emit(state, old)
        if tick and self.quiet_ticks and self._pace.isActive():
            return
        if self.playing and moment_only(state, self._paced_state):
            if not self._pace.isActive():
                self._pace.start()
        else:
            self._pass_on()
        if not tick:
            self._idle_soon()

    def _pass_on(self) -> None:
        """Tell the panels the state now (see the module docstring), if it is new to them."""
        self._pace.stop()
        old, self._paced_state = self._paced_state, self._state
        if old != self._state:
            self.paced.emit(self._state, old)

    def update(self, **fields) -> None:
        """Change top-level fields (validated by :class:`SceneState`; a bad value raises ``SceneError``)."""
        self.set_state(replace(self._state, **fields))

    def update_layers(self, **fields) -> None:
        self.update(layers=replace(self._state.layers, **fields))

    def set_motion(self, motion: Motion) -> None:
        """Show a still pose: the sliders, a motion link, Reset. Ends any animation."""
        self.pause()
        self.update(motion=motion, animation=None)

    def set_region(self, region: str) -> None:
        """Show one region; an isolated level outside it is released, and the region's layers shown."""
        s = self._state
        isolate = s.isolate
        if isolate is not None and region != "all" and parse_level(isolate).region not in _REGION_OF[region]:
            isolate = None
        wanted = _REGION_OF.get(region, ())
        layers = s.layers
        if any(r not in layers.regions for r in wanted) or (region == "all" and len(layers.regions) < 4):
            layers = replace(layers, regions=tuple(dict.fromkeys((*layers.regions, *wanted)))
                             if region != "all" else ("cervical", "thoracic", "lumbar", "sacral"))
        self.update(region=region, isolate=isolate, layers=layers)

    def set_isolate(self, level: str | None) -> None:
        """Isolate a level with its neighbours; a region that would hide it widens to the whole spine."""
        s = self._state
        region = s.region
        if level is not None and region != "all" and parse_level(level).region not in _REGION_OF[region]:
            region = "all"
        layers = s.layers if region == s.region else replace(s.layers, regions=("cervical", "thoracic", "lumbar",
                                                                                "sacral"))
        self.update(isolate=level, region=region, layers=layers)

    def select(self, name: str | None) -> None:
        """Select a level ("L4") or a facet joint ("L4/5 right"), or nothing."""
        self.update(selection=name)

    def step_level(self, step: int) -> None:
        """Select the vertebra ``step`` levels down (+1) or up (-1) from the selection, among those shown."""
        self.select(stepped_level(self._state.selection, step, self._state.visible_levels()))

    def step_joint(self, step: int) -> None:
        """Select the facet joint ``step`` segments down (+1) or up (-1), on the same side, among those shown."""
        self.select(stepped_joint(self._state.selection, step, self._state.visible_segments()))

    def joint_side(self, side: str) -> None:
        """Select the ``side`` ("left"/"right") facet joint at the selected joint or vertebra."""
        self.select(sided_joint(self._state.selection, side, self._state.visible_segments()))

    def set_view(self, view: str) -> None:
        """Look from a named view, keeping the zoom of a named camera."""
        cam = self._state.camera
        self.update(camera=Camera(view=view, zoom=1.0 if cam.explicit else cam.zoom))

    def set_camera(self, position, focal_point, up) -> None:
        """The camera the user moved to (orbit, pan, wheel): stored as an explicit camera."""
        self.update(camera=Camera(view=None, position=tuple(position), focal_point=tuple(focal_point),
                                  up=tuple(up)))

    # --- what the state implies (derived, cached per motion) --------------------------------------
    # The 3D view's renderer reads its poses and loads here too (Viewport sets ``renderer.moments``), so a
    # tick of Play computes the moment's pose and loads once for the view and every panel (issue 13).
    def pose(self) -> Pose:
        return self.pose_for(self.motion_of(self._state))

    def motion_of(self, state: SceneState) -> Motion:
        """``state.current_motion()``; for the state a tick of Play made, the motion the tick already has.

        A tick finds its moment's motion in the prepared cycle (:meth:`prepare_cycle` keeps each step's) or works
        it out once; the 3D view asks here rather than working the timeline out again (issue 13, session 28).
        """
        memo = self._motion_memo
        return memo[1] if memo[0] is state else state.current_motion()

    def pose_for(self, motion: Motion) -> Pose:
        """The pose a motion gives (cached): its ``applied`` motion is what the spine actually holds."""
        return self._derived(motion)[0]

    def loads(self) -> FacetLoads:
        return self.loads_for(self.motion_of(self._state))

    def newtons(self):
        """The 48 facet loads (N) of the state now: ``loads().newtons``, read from the kept moment when it holds them.

        A moment of Play kept with loads on holds its loads in its summary (the same bytes: ``frame_for``); the
        panels' most-loaded line reads them there instead of working the 48 x 121 closures out again at their pace
        (issue 13, session 29: most of the Display panel's 1 ms). Read them, do not change them.
        """
        self._same_model()
        kept = self._kept.get(self.motion_of(self._state))
        newtons = None if kept is None or not self.quiet_ticks else kept[1][2].get("newtons")
        return self.loads().newtons if newtons is None else newtons

    def neutral_loads(self) -> FacetLoads:
        return self.loads_for(Motion())

    def loads_for(self, motion: Motion) -> FacetLoads:
        """The facet loads at ``motion`` (cached with its pose; computed only when first asked for)."""
        entry = self._derived(motion)
        if entry[1] is None:
            entry[1] = facet_loads(self.model, entry[0])
        return entry[1]

    def _derived(self, motion: Motion) -> list:
        """[pose, loads or None] of ``motion``, for the present model (the last 9 motions asked about)."""
        if self._cache_model is not self.model:
            self.forget_moments()
        cache = self._cache
        if motion not in cache:
            if len(cache) > 8:
                cache.clear()
            kept = self._kept.get(motion)  # a moment of Play kept: its pose is the one pose() gives (the same code)
            cache[motion] = [pose(self.model, motion) if kept is None else kept[1][0], None]
        return cache[motion]

    def forget_moments(self) -> None:
        """Drop every pose, load and kept moment (another spine was opened)."""
        self._cache: dict = {}
        self._kept: dict = {}
        self._cache_model = self.model
        self._cycle_tag: tuple = ()  # what the kept cycle was prepared for (prepare_cycle)
        self._key_memo: tuple = (None, ())  # (the state a tick made, its key): the key worked out once a tick
        self._tag_memo: tuple = (None, ())  # (a state, its cycle tag): _tag_now; a tick hands its own to the next
        self._motion_memo: tuple = (None, None)  # (the state a tick made, its motion): worked out once a tick
        self._motions: dict = {}  # the prepared cycle's motion at each of its times (prepare_cycle; session 28)

    def frame_for(self, state: SceneState, motion: Motion) -> tuple[Pose, object, dict]:
        """:func:`~spineviz.render.facet_colours.pose_and_colours` of ``state`` at ``motion``, kept per moment.

        What it returns depends on the model, the moment and, besides, with loads on on the load scale
        (``layers.load_range``) and the joints shown (``visible_segments``), with loads off on the highlights,
        the selection and the pain marks: the result is kept with that key for up to :data:`MOMENTS_KEPT`
        moments (the oldest dropped first), and a look-up with another key computes it again. The facet
        loads themselves (48 x 121 closures, 50 kB a moment) are not kept: the panels ask for them at most
        every :data:`PANEL_MS`. The arrays and the summary handed out are shared between ticks: read them,
        do not change them.
        """
        if not self.keep_moments:
            return pose_and_colours(state, self.model, motion, self)
        key, kept = self._look_up(state, motion)
        if kept is not None and kept[0] == key:
            if self._batched_for is state:  # worked out on this tick, with the next ticks' (_batch_on_miss)
                self._batched_for = None
                self.moment_misses += 1
            else:
                self.moment_hits += 1
            return kept[1]
        self.moment_misses += 1
        return self._keep(state, motion, key)

    def _look_up(self, state: SceneState, motion: Motion) -> tuple[tuple, tuple | None]:
        """(the key ``state`` gives a moment, what is kept at ``motion`` or None); see :meth:`frame_for`."""
        self._same_model()
        memo = self._key_memo
        return memo[1] if memo[0] is state else self._key_of(state), self._kept.get(motion)

    def _same_model(self) -> None:
        """Forget every kept moment if another spine was opened since they were worked out."""
        if self._cache_model is not self.model:
            self.forget_moments()

    @staticmethod
    def _key_of(state: SceneState) -> tuple:
        """What a moment's pose, colours and summary depend on besides the moment itself (see :meth:`frame_for`)."""
        if state.loads:
            return (True, state.layers.load_range, state.visible_segments())
        return (False, state.highlight, state.selection, state.pain_marks)

    def _keep(self, state: SceneState, motion: Motion, key: tuple) -> tuple[Pose, object, dict]:
        """Work out the moment ``state`` shows at ``motion``, kept under ``key``."""
        result = pose_and_colours(state, self.model, motion, self)
        self._store(motion, key, result)
        return result

    def _store(self, motion: Motion, key: tuple, result: tuple) -> None:
        """Keep ``result`` (pose, colours, summary) at ``motion`` under ``key``, its colours made read-only.

        The oldest kept moment is dropped first when :data:`MOMENTS_KEPT` are kept.
        """
        result[1].setflags(write=False)
        if motion not in self._kept and len(self._kept) >= MOMENTS_KEPT:
            del self._kept[next(iter(self._kept))]
        self._kept[motion] = (key, result)

    # --- playback ---------------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def play(self, preset: str | None = None) -> None:
        """Play the scene's own animation, or ``preset`` (an explicit choice that replaces it)."""
        if preset is not None:
            anim = self._state.animation
            speed = anim.speed if anim is not None else 1.0
            if anim is None or anim.preset != preset:
                self.update(animation=Animation(preset=preset, speed=speed, time=0.0), motion=None)
        if self._state.animation is None or self.playing:
            return
        pending = self._pending_state
        if (self._cycle_tag != self._tag_now()  # not what the kept cycle was prepared for
                or (self._pending and pending is not None and pending.animation.time != self._state.animation.time)):
            self.prepare_cycle()  # (a cycle begun while idle at another moment: its nearest moments first again)
        elif self._pending:  # the cycle the idle turns began and have not finished: Play's budget goes on (session 38)
            self._spend_budget(time.perf_counter())
        self._clock.start()  # after the preparation: the first tick moves on from where Play was pressed
        self.timer.start()
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self._pass_on()  # the panels show exactly the moment where playback stopped
            self.playing_changed.emit(False)
            self._idle_soon()  # what Play left of the cycle, in the idle turns (session 38)

    # --- the cycle worked out while the app is idle (issue 13, session 38) -------------------------------
    def _idle_soon(self) -> None:
        """Work the shown animation's cycle out in the event loop's idle turns, if Play is not running.

        Called on every change of state but a tick, and when Play pauses. With an animation shown whose cycle is not
        the one prepared (a preset opened, a scene loaded, the speed, range, load scale or region changed), the new
        cycle is begun (:meth:`_begin_cycle`, which throws the last one away) and :meth:`_idle_step` is asked for on a
        zero timer; what Play's budget or an earlier pause left of a cycle is asked for the same way. While Play runs
        nothing is done here: the gaps after its frames (:meth:`prepare_ahead`) go on with the cycle.
        """
        state = self._state
        if self.playing or state.animation is None or not self.keep_moments or not self.prepare_cycles:
            return
        if self._cycle_tag != self._tag_now():
            self._begin_cycle(state)
        if self._pending and not self._idle.isActive():
            self._idle.start()

    def _idle_step(self) -> None:
        """One chunk of the cycle's idle work: batches of :data:`IDLE_BATCH` moments until :data:`IDLE_CHUNK_MS`.

        Each batch is passed on (:attr:`batch_prepared`, its names left for later) so the view works out their
        frames' writes too; once every moment is kept the view's waiting names are laid out in the chunks that follow
        (:attr:`gap_work`). The next chunk is asked for on a zero timer, so the window's own events (a key, a click, a
        repaint) come between two chunks: none holds the main thread for more than one batch past
        :data:`IDLE_CHUNK_MS`. Nothing is done once Play runs (its first tick takes over) or the scene changed what a
        tick draws since (that change began the new cycle).
        """
        if self.playing or self._cycle_tag != self._tag_now():
            return
        began, cpu = time.perf_counter(), time.thread_time()

        def stop() -> bool:
            return (time.perf_counter() - began) * 1e3 >= IDLE_CHUNK_MS

        more = bool(self._pending)  # then another chunk: the rest, or the names once every moment is kept
        if more:
            self._work_pending(stop, False, IDLE_BATCH)
        else:  # every moment kept: the view's names waiting for them
            more = self._gap_work(stop) > 0
        self.idle_chunks += 1
        self.idle_longest_ms = max(self.idle_longest_ms, (time.perf_counter() - began) * 1e3)
        self.idle_longest_cpu_ms = max(self.idle_longest_cpu_ms, (time.thread_time() - cpu) * 1e3)
        if more:
            self._idle.start()

    def _drop_cycle(self) -> None:
        """Throw the last prepared cycle away: the moments kept at its times and the view's writes for them.

        Called when a cycle for another tag is begun (:meth:`_begin_cycle`); the view hears :attr:`cycle_dropped`.
        """
        kept = self._kept
        for motion in self._motions.values():
            kept.pop(motion, None)
        self._motions = {}
        self._pending, self._pending_state = _Pending(), None
        self.cycle_dropped.emit()

    def _tick(self) -> None:
        anim = self._state.animation
        if anim is None:
            self.pause()
            return
        steps = steps_in(self._clock.restart())
        self._steps = [*self._steps[-(STEPS_SEEN - 1):], steps]
        t, wrapped = moment_after_steps(anim, steps)
        if wrapped and anim.resolved().mode == "once":
            self.pause()
        old = self._state
        tag = self._tag_now()
        if self._cycle_tag != tag and self.prepare_cycle():
            self._clock.restart()  # the preparation's time is not the animation's: the next tick moves on from here
        new = at_time(old, t)  # as update(animation=replace(...)), faster
        self._key_memo = (new, tag[1])  # its key is the tag's (only the time differs): frame_for need not work it out
        self._tag_memo = (new, tag)  # and the next tick's tag is this one's (session 38)
        if self.tick_copies:
            # the motion once a tick, from the prepared cycle when it holds this time (the same motion prepare_cycle
            # worked the moment out for); the view asks motion_of rather than the timeline again (session 28)
            motion = self._motions.get(t) if self._cycle_tag == tag else None
            if motion is None:
                motion = new.current_motion()
                if self._cycle_tag == tag:  # kept with the cycle's (session 33: worked out as the ticks meet them)
                    _remember(self._motions, t, motion)
            self._motion_memo = (new, motion)
            if self.batch_misses and self.prepare_cycles and self.prepare_moments and self.keep_moments:
                self._batch_on_miss(new, steps, tag[1], self._motions if self._cycle_tag == tag else {})
            if anim.time != t:  # only the time differs from the state now: no need to compare the whole state
                self._replace(new, old, tick=True)
        else:
            self.set_state(new)
        self.frames += 1
        if self.isSignalConnected(self._frame_advanced) or not self.quiet_ticks:  # none of the app's own listen
            self.frame_advanced.emit(self.frames)
        if self.prepare_moments and self.keep_moments and self.timer.interval() == FRAME_MS and self.playing:
            self._ahead.start()  # after this tick's frame: Qt delivers the posted repaint before a due timer

    def _batch_on_miss(self, state: SceneState, steps: int, key: tuple, cycle: dict) -> int:
        """If the moment ``state`` shows is not kept, work it out with the next ticks' in one batch; how many ahead.

        A tick (``steps`` steps after the last) whose moment Play did not prepare (ticks back to back leave no gap
        for :meth:`prepare_ahead`, and Play's budget prepares only the cycle's next second or two) works out, with
        its own moment, the :data:`MISS_BATCH` - 1 moments the next ticks are likeliest to reach, judged by the steps
        of the last :data:`STEPS_SEEN` ticks (:func:`likeliest_reach`: at a steady pace the next three ticks', at a
        pace flipping between 4 and 5 steps both landings of the next tick and the likelier of the one after; session
        31), in one batch (:func:`~spineviz.render.facet_colours.poses_and_colours`, bit for bit what each moment
        alone gives), and keeps them under ``key`` (the tick's :meth:`frame_for` key): a batch of 4 costs about half
        of 4 moments alone (issue 13, session 30). Those already kept are left out; a tick that lands elsewhere finds
        its moment missing and batches again from there. The view's :meth:`frame_for` then finds the tick's moment
        kept and counts it a miss (it was worked out on this tick). ``cycle``: the prepared cycle's motion at each
        time, when it is for this scene (:meth:`prepare_cycle`). Since session 37 the batch, the tick's own moment
        first, is passed on (:attr:`batch_prepared`, its names left for a gap as Play's budget leaves them), so the view
        works out what their frames write now and the ticks that land on them, this one too, are prepared writes
        rather than the long way (about 0.2 ms of main-thread CPU less a tick; docs/performance.md, session 37).
        """
        self._same_model()  # a new model forgets the moments and the motion memo: then nothing to batch for
        motion = self._motion_memo[1]
        if motion is None or self._motion_memo[0] is not state:
            return 0
        kept = self._kept.get(motion)
        if steps < 1 or (kept is not None and kept[0] == key):
            return 0
        if self.likeliest_steps:  # where the next ticks are likeliest to land, a pace flipping between two too
            reach = likeliest_reach(self._steps, MISS_BATCH - 1, MISS_BATCH - 1)
        else:  # session 30's: the next ticks as far apart as the lower median step of the last five
            steps = pace_of(self._steps)
            reach = [j * steps for j in range(1, MISS_BATCH)]
        anim = state.animation
        once = anim.resolved().mode == "once"
        motions = {motion: True}
        for ahead_steps in reach:
            t, wrapped = moment_after_steps(anim, ahead_steps)
            if wrapped and once:
                continue
            ahead = cycle.get(t)
            if ahead is None:  # a time of the cycle not worked out yet (session 33): its tick will take it from here
                ahead = at_time(state, t).current_motion()
                _remember(cycle, t, ahead)
            held = self._kept.get(ahead)
            if held is None or held[0] != key:
                motions[ahead] = True
        made = list(motions)
        poses = []
        for m, result in zip(made, poses_and_colours(state, self.model, made, MISS_BATCH), strict=True):
            self._store(m, key, result)
            poses.append(result[0])
        self._batched_for = state
        if self.batch_names and len(poses) > 1:
            self.batch_prepared.emit(state, poses[1:], True)
        elif self.batch_writes:  # what their frames write, worked out by the view now (session 37)
            self.batch_prepared.emit(state, poses, False)
        self.moments_batched += len(made) - 1
        return len(made) - 1

    def prepare_cycle(self) -> int:
        """Work out and keep every moment of the playing animation's cycle, in batches; return how many were new.

        Called when Play starts and on a tick whose scene gives :meth:`frame_for` another key than the cycle was
        prepared for (loads switched on, another region shown, another preset). The cycle's moments are the steps
        of 1/:data:`MOMENT_STEPS` s a tick can reach (:func:`moment_after_steps`), from the present one on, at most
        :data:`MOMENTS_KEPT`; their poses and loads are worked out over whole batches of moments at once
        (:func:`~spineviz.render.facet_colours.poses_and_colours`), bit for bit what a tick would work out alone,
        so a tick finds its moment kept even on the first pass (issue 13, session 26). Only
        :attr:`cycle_budget_ms` (:data:`CYCLE_BUDGET_MS`) is spent here, the nearest moments first, so that Play
        starts at once and a change while playing does not stall the picture; the rest is worked out in the gaps
        after frames (:meth:`prepare_ahead`). Returns the moments worked out now. Nothing is done with
        ``keep_moments`` or ``prepare_cycles`` off, or for a cycle that is not a whole number of steps.
        """
        began = time.perf_counter()
        if not self._begin_cycle(self._state):
            return 0
        return self._spend_budget(began)

    def _begin_cycle(self, state: SceneState) -> bool:
        """Make ``state``'s cycle the one prepared: its tag, its motions and its steps pending from its moment on.

        A cycle for another tag (another preset, speed, range, load scale or region: :meth:`_cycle_tag_of`) throws
        the last one away first (:meth:`_drop_cycle`, session 38); the same cycle begun again at another moment keeps
        what is kept of it. False, with nothing pending, when there is no cycle to prepare (see :meth:`prepare_cycle`).
        """
        self._same_model()
        tag = self._cycle_tag_of(state)
        if tag != self._cycle_tag:
            self._drop_cycle()
        self._cycle_tag = tag
        self._pending, self._pending_state = _Pending(), None
        anim, motions = state.animation, self._motions
        if anim is None or not self.keep_moments or not self.prepare_cycles:
            return False
        unit = anim.speed / MOMENT_STEPS
        steps = anim.cycle / unit
        if abs(steps - round(steps)) >= 1e-6:
            return False
        # from the present moment on to the cycle's end and round again ("once": to its end only)
        count = round(steps) - round(anim.still_time() / unit) + 1 if anim.resolved().mode == "once" else round(steps)
        if not self.lazy_motions:  # every motion first, to MOMENTS_KEPT new moments (main's, before session 33)
            key, wanted = self._key_of(state), set()
            for s in range(max(count, 1)):
                t = moment_after_steps(anim, s)[0]
                motions[t] = motion = anim.at(t)
                held = self._kept.get(motion)
                if held is None or held[0] != key:
                    wanted.add(motion)
                if len(wanted) >= MOMENTS_KEPT:
                    break
        # the steps to go by their index and count, each time worked out as it is reached (no list of the cycle's
        # times: a 600 s ping-pong at speed 0.1 is 2.88 million steps; session 33)
        self._pending, self._pending_state = _Pending(0, max(count, 1), MOMENTS_KEPT), state
        return True

    def _spend_budget(self, began: float) -> int:
        """Work the pending cycle out for Play's budget (:attr:`cycle_budget_ms` from ``began``); how many moments."""
        budget = self.cycle_budget_ms
        made = self._work_pending(lambda: budget is not None and (time.perf_counter() - began) * 1e3 >= budget,
                                  budget is None or self.names_in_budget)
        self.cycles_prepared += 1
        self.cycle_ms = (time.perf_counter() - began) * 1e3
        self.cycle_made_at_once = made
        return made

    def _work_pending(self, stop, at_once: bool = True, size: int = CYCLE_BATCH) -> int:
        """Work out the pending moments of the cycle in batches of :data:`CYCLE_BATCH` until ``stop()``; how many.

        The first batch is always worked out. Nothing is done if the scene changed what a tick draws since the
        cycle was asked for (its moments would be kept under another key: the next tick prepares again). Each
        batch is passed on (:attr:`batch_prepared`) for the view to lay its names out; ``at_once`` False (within
        Play's budget, where moments buy more than names: session 27) tells it to leave them for a gap.
        """
        state = self._pending_state
        if state is None or self._cycle_tag != self._tag_now():
            self._pending = _Pending()
            return 0
        key = self._key_of(state)
        made = 0
        while self._pending and not (made and stop()):
            batch = self._next_pending(state, key, size)
            if not batch:
                break
            poses = []
            for motion, result in zip(batch, poses_and_colours(state, self.model, batch), strict=True):
                self._store(motion, key, result)
                poses.append(result[0])
            self.batch_prepared.emit(state, poses, at_once)  # the view lays their names out too (session 27)
            made += len(batch)
        return made

    def _next_pending(self, state: SceneState, key: tuple, size: int = CYCLE_BATCH) -> list:
        """The next ``size`` motions of the cycle to work out, taken off the pending steps in order.

        Each step's time (:func:`moment_after_steps`) and motion are worked out here, when its moment is about to be
        (``Timeline.at``; a tick at that time then takes it from :attr:`_motions`, session 28), not for the whole
        cycle before its first moment: Play's budget then goes to moments (1,920 motions were 12-14 ms of its 80 ms on
        the project's machine, warm; issue 13, session 33), and a long cycle costs no list of its times. A motion kept
        under ``key`` already, or met earlier in the batch, is left out, as the cycle's first form left it out; the
        cycle adds at most :data:`MOMENTS_KEPT` moments.
        """
        anim, motions, pending = state.animation, self._motions, self._pending
        batch: dict = {}
        while pending.step < pending.end and len(batch) < min(size, pending.room):
            t = moment_after_steps(anim, pending.step)[0]
            pending.step += 1
            motion = motions.get(t)
            if motion is None:
                motions[t] = motion = anim.at(t)  # a tick at t takes its motion from here (session 28)
            held = self._kept.get(motion)
            if held is None or held[0] != key:
                batch[motion] = True
        pending.room -= len(batch)
        return list(batch)

    def _cycle_tag_of(self, state: SceneState) -> tuple:
        """What a prepared cycle is for: the model, :meth:`frame_for`'s key and the animation but for its time."""
        anim = state.animation
        if anim is None:
            return ()
        return (self.model, self._key_of(state), anim.preset, anim.timeline, anim.speed, anim.mode, self.keep_moments,
                self.prepare_cycles)

    def _tag_now(self) -> tuple:
        """:meth:`_cycle_tag_of` the state now, worked out again only when the state is another object (issue 13).

        The state is immutable: while it is the very object the tag was last worked out for (:attr:`_tag_memo`; a
        tick's state is remembered with the tag of the state it was made from, which differs only in its time), with
        the same model and switches, the tag is the same. Since session 39 the ticks, each idle chunk and each batch
        of pending moments ask here, where each worked the tag out again (``visible_segments()`` among it).
        """
        state, (held, tag) = self._state, self._tag_memo
        if (held is not state or not tag or tag[0] is not self.model
                or tag[-2:] != (self.keep_moments, self.prepare_cycles)):
            tag = self._cycle_tag_of(state)
            self._tag_memo = (state, tag)
        return tag

    def _gap_work(self, stop) -> int:
        """Run the view's work for the gaps (:attr:`gap_work`, the names waiting) until ``stop()``; how much it took.

        The first always runs (the caller checked ``stop`` for it); each after it only while ``stop()`` is False. Shared
        by the gaps after Play's frames (:meth:`prepare_ahead`) and the idle turns (:meth:`_idle_step`).
        """
        taken = 0
        for i, work in enumerate(self.gap_work):
            if i and stop():
                break
            taken += work(stop)
        return taken

    def prepare_ahead(self) -> int:
        """Work out and keep the moments the next tick of Play can reach, in the gap before it; return how many.

        Run in the event loop's turn after a tick, once its frame is drawn. Only while Play's timer runs at its
        own :data:`FRAME_MS` pace and its next tick is at least :data:`PREPARE_SLACK_MS` away (checked before each
        moment): a frame slower than the timer, or ticks made back to back, leave no gap and nothing is prepared.
        The next tick is predicted to come when the timer is due, give or take :data:`PREPARE_JITTER_MS`; the steps
        it can reach in that window are prepared, the likeliest first (those already kept cost a look-up), so a tick
        finds its moment kept even on the first pass of a loop. What is kept is exactly what the tick would have
        worked out (the same state at the same moment, :meth:`frame_for`'s key), so the picture is the same.
        """
        anim = self._state.animation
        if (anim is None or not self.playing or self.timer.interval() != FRAME_MS or not self.keep_moments
                or not self.prepare_moments):
            return 0
        due = self._due_ms()
        if due < PREPARE_SLACK_MS:
            return 0
        at = self._clock.elapsed() + due  # ms from the last tick to the next, as the timer stands
        steps = steps_in(at)
        reach = range(steps_in(at - PREPARE_JITTER_MS),
                      steps_in(at + PREPARE_JITTER_MS) + 1)
        made = 0
        for s in sorted(reach, key=lambda s: abs(s - steps)):
            if s < 1 or self._due_ms() < PREPARE_SLACK_MS:
                continue
            state = at_time(self._state, moment_after_steps(anim, s)[0])
            motion = state.current_motion()
            key, kept = self._look_up(state, motion)
            if kept is None or kept[0] != key:
                self._keep(state, motion, key)
                made += 1
        if self._pending and self._due_ms() >= PREPARE_SLACK_MS + CYCLE_SLACK_MS:  # the rest of the cycle
            made += self._work_pending(lambda: self._due_ms() < PREPARE_SLACK_MS + CYCLE_SLACK_MS)
        if self.gap_work and self._due_ms() >= PREPARE_SLACK_MS + CYCLE_SLACK_MS:  # then the view's (the names of
            self._gap_work(lambda: self._due_ms() < PREPARE_SLACK_MS + CYCLE_SLACK_MS)  # moments Play's budget made)
        self.moments_prepared += made
        return made

    def _due_ms(self) -> int:
        """Milliseconds until Play's timer is next due (the tests stand in for it)."""
        return self.timer.remainingTime()

    def shutdown(self) -> None:
        """Stop the clock for good; safe to call twice."""
        self.timer.stop()
        self._pace.stop()
        self._ahead.stop()
        self._idle.stop()


class _Pending:
    """The steps of a cycle Play has still to work out, by index and count (session 33: no list of its times).

    ``step``: the next step's index; ``end``: the cycle's steps; ``room``: the moments the cycle may still add (at most
    :data:`MOMENTS_KEPT`, as the cycle's first form kept). Its length is the moments still to come, at most ``room``.
    """

    __slots__ = ("end", "room", "step")

    def __init__(self, step: int = 0, end: int = 0, room: int = 0) -> None:
        self.step, self.end, self.room = step, end, room

    def __len__(self) -> int:
        return max(0, min(self.end - self.step, self.room))


def _remember(motions: dict, t: float, motion: Motion) -> None:
    """Keep ``motion`` as the cycle's motion at time ``t`` while ``motions`` holds fewer than MOMENTS_KEPT.

    The ticks and :meth:`LiveScene._batch_on_miss` add a long cycle's motions as they meet them (session 33); the
    bound keeps a cycle of thousands of moments from growing without end.
    """
    if len(motions) < MOMENTS_KEPT:
        motions[t] = motion


def next_moment(anim: Animation, elapsed_ms: int) -> tuple[float, bool]:
    """The animation's time a tick ``elapsed_ms`` after the last one shows, and whether it reached the cycle's end.

    The wall time is rounded to whole steps of 1/:data:`MOMENT_STEPS` s, and the time is always ``k * speed /
    MOMENT_STEPS`` for a whole ``k`` (worked out from ``k``, never added up), so a loop whose cycle is a whole
    number of steps (an 8 s preset at each speed the panel offers, 0.5 to 2 times) meets bit-identical moments
    on every pass. A time off that grid (a scene opened at 1.2345 s) moves to the nearest step on the first tick.
    Each tick's time is at most half a step of wall time (2 ms at speed 1) from the exact one, and the steps
    stay whole at every speed, so playback keeps its speed: 8 steps for the 33 ms timer's 7.92 (1 % fast).
    """
    return moment_after_steps(anim, steps_in(elapsed_ms))


def pace_of(seen) -> int:
    """The pace of the last ticks ``seen`` (their steps, the latest last): at least 1.

    The lower median of the last :data:`STEPS_SEEN_MEDIAN` steps, so that one stall among two or four ticks does not
    set it (session 30).
    """
    recent = sorted(seen[-STEPS_SEEN_MEDIAN:])
    return max(1, recent[(len(recent) - 1) // 2]) if recent else 1


def likeliest_reach(seen, count: int, ticks: int) -> list[int]:
    """The ``count`` steps from now that the next ``ticks`` ticks are likeliest to land on, the likeliest first.

    ``seen``: the steps of the last ticks, the latest last. The pace is the lower median of the last
    :data:`STEPS_SEEN_MEDIAN` steps (session 30's prediction spaced the next ticks by it); each of the next ticks is
    taken to move by a step drawn as those of the last :data:`STEPS_SEEN` ticks within :data:`STEP_SPREAD` of the pace
    were (the :data:`STEP_KINDS` most seen sizes), and the chance that one of the next ``ticks`` ticks lands ``k`` steps
    on is summed over them; landings below 1 % are dropped as they are met. At a steady pace of 4 steps that is 4, 8,
    12 (session 30's), and with every fifth tick 5 steps still 4, 8, 12; with 4 and 5 alike it is 4 and 5 (both
    landings of the next tick) and 9, the likelier of the one after's (issue 13, session 31). Ties go to the nearer
    step; nothing with no step of 1 or more seen.
    """
    if not seen or max(seen[-STEPS_SEEN_MEDIAN:]) < 1:
        return []
    pace = pace_of(seen)
    near = max(1.0, STEP_SPREAD * pace)
    counts: dict[int, int] = {}
    for s in seen[-STEPS_SEEN:]:
        if s >= 1 and abs(s - pace) <= near:
            counts[s] = counts.get(s, 0) + 1
    if not counts:  # a pace of 1 step with no tick of 1 seen
        return [j * pace for j in range(1, count + 1)]
    kinds = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:STEP_KINDS]
    total = sum(n for _s, n in kinds)
    kinds = [(s, n / total) for s, n in kinds]
    reach, chance = {0: 1.0}, {}
    for _ in range(ticks):
        after: dict[int, float] = {}
        for at, p in reach.items():
            for s, q in kinds:
                after[at + s] = after.get(at + s, 0.0) + p * q
        reach = {at: p for at, p in after.items() if p >= 0.01}
        for at, p in reach.items():
            chance[at] = chance.get(at, 0.0) + p
    return [at for at, _p in sorted(chance.items(), key=lambda kv: (-kv[1], kv[0]))[:count]]


def steps_in(elapsed_ms: float) -> int:
    """The whole steps of 1/:data:`MOMENT_STEPS` s that ``elapsed_ms`` of wall time rounds to (:func:`next_moment`)."""
    return round(elapsed_ms * MOMENT_STEPS / 1000.0)


def moment_after_steps(anim: Animation, steps: int) -> tuple[float, bool]:
    """:func:`next_moment` of a tick that moves the animation ``steps`` whole steps (what the wall time rounds to)."""
    cycle, speed, once = anim.cycle, anim.speed, anim.resolved().mode == "once"
    unit = speed / MOMENT_STEPS
    k = round(anim.still_time() / unit) + steps
    t = k * unit
    if t < cycle:
        return t, False
    if once:
        return cycle, True
    steps = cycle / unit  # the cycle in steps: whole for an 8 s preset at these speeds
    if abs(steps - round(steps)) < 1e-6:
        return (k % round(steps)) * unit, True
    return round((t % cycle) / unit) * unit % cycle, True


def moment_only(new: SceneState, old: SceneState) -> bool:
    """True when only the motion or the animation's time differ (what a slider or a tick of Play changes).

    Compared field by field: rebuilding the states with ``dataclasses.replace`` would validate them
    again, twice on every frame. The fields compared are listed once (:data:`_STATE_FIELDS`,
    :data:`_ANIMATION_FIELDS`), not looked up on every call, and a field holding the same object in both is
    not compared further (a tick's state shares every other field's value with the last: ``at_time``).
    """
    n, o = new.__dict__, old.__dict__
    if not _same_fields(n, o, _STATE_FIELDS):
        return False
    a, b = n["animation"], o["animation"]
    if a is None or b is None:
        return a is None and b is None
    if n["motion"] != o["motion"]:
        return False
    return a is b or _same_fields(a.__dict__, b.__dict__, _ANIMATION_FIELDS)


def _same_fields(n: dict, o: dict, names: tuple[str, ...]) -> bool:
    """Whether the fields ``names`` of two dataclasses' ``__dict__`` are equal (the same object needs no compare)."""
    for name in names:
        x, y = n[name], o[name]
        if x is not y and x != y:
            return False
    return True


_STATE_FIELDS = tuple(f.name for f in fields(SceneState) if f.compare and f.name not in ("animation", "motion"))
_ANIMATION_FIELDS = tuple(f.name for f in fields(Animation) if f.compare and f.name != "time")


def selection_kind(name: str | None) -> tuple[str, str] | None:
    """("facet", "L4/5 right"), ("bone", "L4") or ("nerve", "L4 medial branch (left)"); None for none."""
    if not name:
        return None
    if name.endswith(("(left)", "(right)")):
        return ("nerve", name)
    return ("facet", name) if "/" in name else ("bone", name)


def _segment_of(selection: str | None, shown: tuple[str, ...]) -> str | None:
    """The joint level a selection is at: its own for a joint, the one below a vertebra (above the sacrum)."""
    kind = selection_kind(selection)
    if kind is None:
        return None
    if kind[0] == "facet":
        return parse_facet_joint(kind[1]).segment.name
    lv = parse_level(kind[1])
    near = [s.name for s in SEGMENTS if s.upper.index == lv.index] + [s.name for s in SEGMENTS
                                                                       if s.lower.index == lv.index]
    return next((s for s in near if s in shown), None)


def stepped_level(selection: str | None, step: int, shown: tuple[str, ...]) -> str | None:
    """The vertebra ``step`` places on from ``selection`` among ``shown`` (top to bottom), kept at the ends.

    From a facet joint, a step down goes to its lower vertebra and a step up to its upper one; from
    nothing, the first step selects the top (down) or the bottom (up) vertebra shown.
    """
    if not shown:
        return selection
    kind = selection_kind(selection)
    if kind is None:
        return shown[0] if step > 0 else shown[-1]
    if kind[0] == "facet":
        seg = parse_facet_joint(kind[1]).segment
        target = (seg.lower if step > 0 else seg.upper).name
        return target if target in shown else selection
    i = shown.index(kind[1]) if kind[1] in shown else 0
    return shown[min(max(i + step, 0), len(shown) - 1)]


def stepped_joint(selection: str | None, step: int, shown: tuple[str, ...]) -> str | None:
    """The facet joint ``step`` segments on among ``shown`` segments, on the same side (left to start)."""
    if not shown:
        return selection
    kind = selection_kind(selection)
    side = parse_facet_joint(kind[1]).side if kind and kind[0] == "facet" else "left"
    here = _segment_of(selection, shown)
    if here is None:
        return f"{shown[0] if step > 0 else shown[-1]} {side}"
    if kind[0] == "bone":  # the first step from a vertebra lands on its own joint below
        return f"{here} {side}"
    i = shown.index(here)
    return f"{shown[min(max(i + step, 0), len(shown) - 1)]} {side}"


def sided_joint(selection: str | None, side: str, shown: tuple[str, ...]) -> str | None:
    """The ``side`` facet joint at the selection's level (the top one shown when nothing is selected)."""
    if not shown:
        return selection
    here = _segment_of(selection, shown) or shown[0]
    return f"{here} {side}"


__all__ = ["CYCLE_BATCH", "CYCLE_BUDGET_MS", "CYCLE_SLACK_MS",
           "FRAME_MS", "MOMENTS_KEPT", "MOMENT_STEPS", "PANEL_MS", "PREPARE_JITTER_MS", "PREPARE_SLACK_MS", "LiveScene",
           "likeliest_reach", "moment_after_steps", "moment_only", "next_moment", "pace_of",
           "selection_kind", "sided_joint", "stepped_joint", "stepped_level", "steps_in"]
