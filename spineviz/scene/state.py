"""What is shown, as one value: :class:`SceneState`, the single source of truth for the app, CLI and exports.

A scene says everything a person sees: the title and caption, the audience, the camera, a motion *or* an
animation, the region shown and the visible layers, bone transparency ("x-ray"), an isolated level, the
selected level or facet joint, highlighted joints, load colouring, the open article or document, and the
joints chosen on the referred-pain body map. Every field is typed and checked on construction against its
valid range, so a :class:`SceneState` that exists is one the renderer can draw. Change one with
:func:`dataclasses.replace`; every part is frozen.

Angles are degrees with the signs of :mod:`spineviz.motion.motion` (flexion positive, extension negative,
left positive for bending and rotation); camera coordinates are millimetres in the spine frame (x to the
patient's right, y anterior, z superior). A motion angle must lie inside the summed physiological range
of its region (:func:`angle_limits`), the same limit at which :func:`spineviz.motion.pose.pose` would
clamp, so a scene shows exactly the motion it names.

The value checks each field goes through live in :mod:`spineviz.scene.checks`, the error they raise in
:mod:`spineviz.scene.errors`; both are re-exported here.

Model floor: no Qt, no plotter.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from spineviz.anatomy.levels import (
    LEVELS,
    SEGMENTS,
    FacetJointId,
    Level,
    Segment,
    parse_facet_joint,
    parse_level,
)
from spineviz.limits import ANIMATION_MAX_SECONDS
from spineviz.motion import PRESETS, Motion, Timeline
from spineviz.motion.timeline import MODES
from spineviz.scene.checks import (
    _choice,
    _flag,
    _joint_name,
    _kind,
    _level_name,
    _motion,
    _number,
    _pain_marks,
    _selection_name,
    _show,
    _text,
    _text_list,
    _vector,
    angle_limits,
    check_motion_range,
    expand_joints,
)
from spineviz.scene.errors import SceneError

if TYPE_CHECKING:
    from spineviz.scene.clip import ClipPlane

SCENE_VERSION = 1
"""The scene format this code writes and reads."""

Audience = Literal["patient", "clinician", "educator"]
AUDIENCES: tuple[str, ...] = ("patient", "clinician", "educator")
VIEWS: tuple[str, ...] = ("anterior", "posterior", "left", "right", "superior", "oblique")
"""The named camera views (the same as :data:`spineviz.render.look.VIEWS`; a test keeps them equal)."""
SHOWN_REGIONS: tuple[str, ...] = ("all", "cervical", "thoracic", "lumbar")
LAYER_REGIONS: tuple[str, ...] = ("cervical", "thoracic", "lumbar", "sacral")
ARTICLE_AUDIENCES: tuple[str, ...] = ("patient", "clinician")

ZOOM_RANGE = (0.1, 10.0)
SPEED_RANGE = (0.1, 10.0)
MAX_TITLE = 120
MAX_CAPTION = 1000


# ---- the parts of a scene -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Camera:
    """Where the camera looks from: a named view, or an explicit position, focal point and up vector.

    Parameters
    ----------
    view
        One of :data:`VIEWS`; ``None`` when the position is explicit.
    position, focal_point, up
        All three or none (mm, spine frame); ``up`` must not be parallel to the line of sight.
    zoom
        Magnification after framing (:data:`ZOOM_RANGE`, 1 = the region just fits).
    """

    view: str | None = "left"
    position: tuple[float, float, float] | None = None
    focal_point: tuple[float, float, float] | None = None
    up: tuple[float, float, float] | None = None
    zoom: float = 1.0

    def __post_init__(self) -> None:
        explicit = [self.position, self.focal_point, self.up]
        set_ = object.__setattr__
        if any(v is not None for v in explicit):
            if self.view is not None:
                raise SceneError("gives both a named view and an explicit position", key="view",
                                 fix="keep either view, or position + focal_point + up")
            missing = [n for n, v in zip(("position", "focal_point", "up"), explicit, strict=True) if v is None]
            if missing:
                raise SceneError(f"an explicit camera needs position, focal_point and up; {missing[0]} is missing",
                                 key=missing[0], fix="give all three, or a named view instead")
            pos, focal, up = (_vector(n, v) for n, v in zip(("position", "focal_point", "up"), explicit,
                                                            strict=True))
            sight = [p - f for p, f in zip(pos, focal, strict=True)]
            if math.hypot(*sight) < 1e-6:
                raise SceneError("the position is the focal point", key="position",
                                 fix="move the camera away from what it looks at")
            cross = (sight[1] * up[2] - sight[2] * up[1], sight[2] * up[0] - sight[0] * up[2],
                     sight[0] * up[1] - sight[1] * up[0])
            if math.hypot(*up) < 1e-9 or math.hypot(*cross) < 1e-6 * math.hypot(*sight) * math.hypot(*up):
                raise SceneError("the up vector is zero or along the line of sight", key="up",
                                 fix="use an up vector across the line of sight, like [0, 0, 1]")
            set_(self, "position", pos)
            set_(self, "focal_point", focal)
            set_(self, "up", up)
        elif self.view is None:
            raise SceneError("has neither a named view nor an explicit position", key="view",
                             fix=f"write view = one of {', '.join(VIEWS)}")
        else:
            _choice("view", self.view, VIEWS)
        set_(self, "zoom", _number("zoom", self.zoom, *ZOOM_RANGE))

    @property
    def explicit(self) -> bool:
        return self.position is not None


@dataclass(frozen=True)
class Animation:
    """A packaged animation (by preset id) or an inline timeline, played at a speed.

    Parameters
    ----------
    preset
        An id from :data:`spineviz.motion.PRESETS`; or ``None`` with ``timeline`` given.
    timeline
        Inline keyframes (:class:`spineviz.motion.Timeline`); or ``None`` with ``preset`` given.
    speed
        Playback rate (:data:`SPEED_RANGE`; 2 = twice as fast).
    mode
        "once", "loop" or "pingpong", overriding the timeline's own; folded into an inline timeline.
    time
        The moment (seconds of the timeline, before speed) that a still image shows and the app starts at;
        ``None`` = the keyframe furthest from neutral.
    """

    preset: str | None = None
    timeline: Timeline | None = None
    speed: float = 1.0
    mode: str | None = None
    time: float | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        if (self.preset is None) == (self.timeline is None):
            raise SceneError("needs either a preset or inline keyframes, not both or neither", key="preset",
                             fix=f"write preset = one of {', '.join(PRESETS)}, or give keyframes")
        if self.preset is not None:
            if not isinstance(self.preset, str) or self.preset not in PRESETS:
                raise SceneError(f"no animation preset {_show(self.preset)}", key="preset",
                                 fix=f"use one of: {', '.join(PRESETS)}")
        else:
            if not isinstance(self.timeline, Timeline):
                raise SceneError(f"must be a Timeline, not {_kind(self.timeline)}", key="keyframes",
                                 fix="build it with spineviz.motion.Timeline")
            if float(self.timeline.duration) > ANIMATION_MAX_SECONDS:  # type: ignore[arg-type]
                raise SceneError(f"{_show(self.timeline.duration)} seconds is longer than the limit of "
                                 f"{ANIMATION_MAX_SECONDS:g} s", key="duration",
                                 fix=f"give a duration of at most {ANIMATION_MAX_SECONDS:g} seconds (a few seconds "
                                     "is usual), with keyframe times within it")
            if self.mode is not None:
                _choice("mode", self.mode, MODES)
                if self.mode != self.timeline.mode:
                    set_(self, "timeline", dataclasses.replace(self.timeline, mode=self.mode))
                set_(self, "mode", None)
        if self.mode is not None:
            _choice("mode", self.mode, MODES)
        for i, key in enumerate(self.resolved().keyframes):
            check_motion_range(key.motion, f"keyframes[{i + 1}].motion")
        set_(self, "speed", _number("speed", self.speed, *SPEED_RANGE, "×"))
        if self.time is not None:
            set_(self, "time", _number("time", self.time, 0.0, self.cycle, " seconds"))

    def resolved(self) -> Timeline:
        """The timeline to play: the preset's or the inline one, with the mode override applied."""
        base = PRESETS[self.preset] if self.preset is not None else self.timeline
        assert base is not None
        if self.mode is not None and self.mode != base.mode:
            return dataclasses.replace(base, mode=self.mode)
        return base

    @property
    def cycle(self) -> float:
        """Seconds of timeline time in one full cycle: the duration, twice it for "pingpong"."""
        tl = self.resolved()
        return float(tl.duration) * (2.0 if tl.mode == "pingpong" else 1.0)  # type: ignore[arg-type]

    @property
    def playback_seconds(self) -> float:
        """Wall-clock seconds of one cycle at :attr:`speed` (what an exported GIF or MP4 lasts)."""
        return self.cycle / self.speed

    def still_time(self) -> float:
        """The timeline time a still image shows (:attr:`time`, or the most-moved keyframe's)."""
        if self.time is not None:
            return self.time
        keys = self.resolved().keyframes
        return max(keys, key=lambda k: sum(abs(a) for a in k.motion.angles)).t

    def at(self, t: float) -> Motion:
        """The motion at ``t`` seconds of timeline time."""
        return self.resolved().at(t)


@dataclass(frozen=True)
class Layers:
    """What is visible: region layers, discs, facet cartilage, level labels and bone transparency (0-1).

    ``load_range`` is a scene's own load colour scale (low, high newtons): opt-in, for a lesson whose loads
    all sit in one part of the fixed scale (the rotation scene's 70 N against 17 N are both in its dark
    third). ``None``, the default, is the fixed scale every other picture uses
    (:data:`spineviz.render.look.LOAD_SCALE_N`); the legend always shows the range the colours use.
    """

    regions: tuple[str, ...] = LAYER_REGIONS
    discs: bool = True
    cartilage: bool = True
    labels: bool = False
    bone_transparency: float = 0.0
    nerves: bool = False
    load_range: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        regions = self.regions
        if isinstance(regions, str) or not isinstance(regions, list | tuple):
            raise SceneError(f"must be a list of regions, not {_kind(regions)} {_show(regions)}", key="regions",
                             fix=f"write regions = {list(LAYER_REGIONS)}".replace("'", '"'))
        for i, r in enumerate(regions):
            _choice(f"regions[{i + 1}]", r, LAYER_REGIONS)
        if not regions:
            raise SceneError("is empty, so nothing would be visible", key="regions",
                             fix="list at least one of: " + ", ".join(LAYER_REGIONS))
        object.__setattr__(self, "regions", tuple(r for r in LAYER_REGIONS if r in regions))
        for name in ("discs", "cartilage", "labels", "nerves"):
            _flag(name, getattr(self, name))
        object.__setattr__(self, "bone_transparency",
                           _number("bone_transparency", self.bone_transparency, 0.0, 1.0))
        if self.load_range is not None:
            object.__setattr__(self, "load_range", _load_range(self.load_range))


LOAD_RANGE_MAX_N = 1000.0
"""Largest top a scene's own load scale may have: well above any load the model estimates (about 270 N)."""


def _load_range(value: object) -> tuple[float, float]:
    """A scene's load colour scale (low, high) in newtons, checked: two numbers, 0 <= low < high."""
    fix = "write load_range = [0, 100] (newtons, low then high)"
    if isinstance(value, str) or not isinstance(value, list | tuple) or len(value) != 2:
        raise SceneError(f"must be two numbers (low, high newtons), not {_show(value)}", key="load_range", fix=fix)
    low, high = (_number(f"load_range[{i + 1}]", v, 0.0, LOAD_RANGE_MAX_N, " N") for i, v in enumerate(value))
    if high <= low:
        raise SceneError(f"runs from {low:g} N down to {high:g} N", key="load_range", fix=fix)
    return low, high


@dataclass(frozen=True)
class DocumentRef:
    """The open document: one of the app's articles, or a user's document file, and a section in it.

    Parameters
    ----------
    article
        An article id (:func:`spineviz.content.articles.article_ids`); or ``None`` with ``path``.
    path
        A user's document (.md, .txt, .html); absolute once loaded from a scene file, where it may be
        written relative to the scene's folder. Whether the file exists is checked when a scene file is
        read (:func:`spineviz.scene.io.load_scene`), not here.
    audience
        For an article: "patient" or "clinician"; ``None`` = follow the scene's audience.
    section
        A section anchor ("low-back-l45-and-l5s1"), or ``None`` for the top.
    """

    article: str | None = None
    path: str | None = None
    audience: str | None = None
    section: str | None = None

    def __post_init__(self) -> None:
        from spineviz.content.articles import article_ids

        if (self.article is None) == (self.path is None):
            raise SceneError("names both an article and a file, or neither", key="article",
                             fix="give article = an article id, or path = a document file")
        if self.section is not None:
            _text("section", self.section, 200)
        if self.path is not None:
            path = _text("path", str(self.path) if hasattr(self.path, "__fspath__") else self.path, 4096)
            if not path.strip():
                raise SceneError("is empty", key="path", fix="name a .md, .txt or .html file")
            object.__setattr__(self, "path", path)
            if self.audience is not None:
                raise SceneError("applies only to the app's articles", key="audience",
                                 fix="remove audience for a document file")
            return
        ids = article_ids()
        if not isinstance(self.article, str) or self.article not in ids:
            raise SceneError(f"no article {_show(self.article)}", key="article",
                             fix=f"use one of: {', '.join(ids)}")
        if self.audience is not None:
            _choice("audience", self.audience, ARTICLE_AUDIENCES)
            self.check_section(self.audience)

    def check_section(self, audience: str) -> None:
        """Raise :class:`SceneError` unless the article's ``audience`` version has :attr:`section`.

        Each audience's version has its own headings, so a section belongs to one of them.
        """
        from spineviz.content.articles import ArticleError, load_article

        if self.article is None or self.section is None:
            return
        art = load_article(self.article, audience)
        try:
            art.section_markdown(self.section)
        except ArticleError:
            raise SceneError(f"the {audience} version of article {self.article!r} has no section "
                             f"{self.section!r}", key="section",
                             fix="use one of: " + ", ".join(s.anchor for s in art.sections)) from None


# ---- the scene ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SceneState:
    """Everything shown, as one frozen value; see the module docstring and the README's scene format.

    Parameters
    ----------
    title, caption
        Plain words; the title is one line (at most :data:`MAX_TITLE` characters), the caption at most
        :data:`MAX_CAPTION`.
    audience
        "patient" (plain words), "clinician" (numbers) or "educator" (labels on, quiz-friendly).
    camera
        :class:`Camera`.
    motion, animation
        A still :class:`~spineviz.motion.Motion` or an :class:`Animation`, or neither (neutral); not both.
    region
        The region shown and framed: "all", "cervical", "thoracic" or "lumbar" (with the sacrum).
    layers
        :class:`Layers`.
    isolate
        A level shown with its neighbours only ("L4" shows L3-L5), or ``None``.
    selection
        A level ("L4") or one facet joint ("L4/5 right"), or ``None``.
    highlight
        Facet joints to mark: "L4/5 left", or "L4/5" for both sides.
    loads
        Colour the facets by estimated load.
    document
        :class:`DocumentRef`, or ``None``.
    body_map
        Joints chosen on the referred-pain body map ("L4/5", "L5/S1 left").
    pain_marks
        Where the patient marked pain on the body map: atlas zones with a side ("buttock-left"); see
        :mod:`spineviz.content.painmap`.
    anatomy
        A patient's own spine (a folder written by ``spineviz anatomy import``) shown instead of the model,
        or ``None``; a scene file writes it relative to the file's folder.
    version
        The scene format version, :data:`SCENE_VERSION`.
    """

    title: str = ""
    caption: str = ""
    audience: str = "patient"
    camera: Camera = field(default_factory=Camera)
    motion: Motion | None = None
    animation: Animation | None = None
    region: str = "all"
    layers: Layers = field(default_factory=Layers)
    isolate: str | None = None
    selection: str | None = None
    highlight: tuple[str, ...] = ()
    loads: bool = False
    document: DocumentRef | None = None
    body_map: tuple[str, ...] = ()
    pain_marks: tuple[str, ...] = ()
    version: int = SCENE_VERSION
    clip: ClipPlane | None = None  # a cross-section (spineviz.scene.clip)
    anatomy: str | None = None  # an imported anatomy folder (issue 12); None shows the model

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        if isinstance(self.version, bool) or not isinstance(self.version, int) or self.version < 1:
            raise SceneError(f"{_show(self.version)} is not a scene format version", key="version",
                             fix=f"write version = {SCENE_VERSION}")
        if self.version > SCENE_VERSION:
            raise SceneError(f"this scene is format {self.version}, written by a newer spineviz; this one "
                             f"reads format {SCENE_VERSION}", key="version", fix="update spineviz to open it")
        _text("title", self.title, MAX_TITLE)
        _text("caption", self.caption, MAX_CAPTION, multiline=True)
        _choice("audience", self.audience, AUDIENCES)
        for name, kind in (("camera", Camera), ("layers", Layers)):
            if not isinstance(getattr(self, name), kind):
                raise SceneError(f"must be a {kind.__name__}, not {_kind(getattr(self, name))}", key=name,
                                 fix=f"build it with spineviz.scene.state.{kind.__name__}")
        if self.motion is not None and self.animation is not None:
            raise SceneError("a scene shows a still motion or an animation, not both", key="animation",
                             fix="remove [motion] or [animation]")
        if self.motion is not None:
            _motion("motion", self.motion)
        if self.animation is not None and not isinstance(self.animation, Animation):
            raise SceneError(f"must be an Animation, not {_kind(self.animation)}", key="animation",
                             fix="build it with spineviz.scene.state.Animation")
        _choice("region", self.region, SHOWN_REGIONS)
        if self.isolate is not None:
            set_(self, "isolate", _level_name("isolate", self.isolate))
        if self.selection is not None:
            set_(self, "selection", _selection_name("selection", self.selection))
        for name in ("highlight", "body_map"):
            items = _text_list(name, getattr(self, name))
            names = [_joint_name(f"{name}[{i + 1}]", v) for i, v in enumerate(items)]
            set_(self, name, tuple(dict.fromkeys(names)))
        set_(self, "pain_marks", _pain_marks(self.pain_marks))
        _flag("loads", self.loads)
        if self.anatomy is not None and (not isinstance(self.anatomy, str) or not self.anatomy.strip()):
            raise SceneError(f"{_show(self.anatomy)} is not a folder path", key="anatomy",
                             fix='write anatomy = "my-spine" (a folder made by spineviz anatomy import) or remove '
                                 "the line to show the model")
        if self.clip is not None:
            from spineviz.scene.clip import ClipPlane

            if not isinstance(self.clip, ClipPlane):
                raise SceneError(f"must be a ClipPlane, not {_kind(self.clip)}", key="clip",
                                 fix="build it with spineviz.scene.clip.ClipPlane")
        if self.document is not None and not isinstance(self.document, DocumentRef):
            raise SceneError(f"must be a DocumentRef, not {_kind(self.document)}", key="document",
                             fix="build it with spineviz.scene.state.DocumentRef")
        if self.document is not None and self.document.audience is None:
            try:
                self.document.check_section(self.article_audience)
            except SceneError as exc:
                raise exc.at("document") from None
        if not self.visible_levels():
            if self.isolate is not None:
                raise SceneError(f"{self.isolate} is outside the region shown ({self.region}), so nothing "
                                 "would be visible", key="isolate",
                                 fix="show its region (or 'all'), or isolate a level inside it")
            raise SceneError(f"region {self.region!r} is hidden by layers.regions {list(self.layers.regions)}",
                             key="layers.regions", fix=f"add {self.region!r} to layers.regions")

    # -- derived views of the state, for every renderer --

    def visible_levels(self) -> tuple[str, ...]:
        """Names of the vertebrae shown: the region, its layers and any isolation all agree."""
        return self._shown()[0]

    def visible_segments(self) -> tuple[str, ...]:
        """Segments whose two levels are both shown (their discs and facet joints can be)."""
        return self._shown()[1]

    def _shown(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return _visible(self.region, tuple(self.layers.regions), self.isolate)

    def current_motion(self) -> Motion:
        """The motion a still image shows: the motion, the animation at its still time, or neutral."""
        if self.animation is not None:
            return self.animation.at(self.animation.still_time())
        return self.motion or Motion()

    @property
    def selected_level(self) -> Level | None:
        if self.selection is None or "/" in self.selection or self.selection.endswith(")"):  # ")": a nerve
            return None
        return parse_level(self.selection)

    @property
    def selected_joint(self) -> FacetJointId | None:
        if self.selection is None or "/" not in self.selection:
            return None
        return parse_facet_joint(self.selection)

    def highlighted_joints(self) -> tuple[FacetJointId, ...]:
        return expand_joints(self.highlight)

    def body_map_segments(self) -> tuple[Segment, ...]:
        return tuple(dict.fromkeys(j.segment for j in expand_joints(self.body_map)))

    def with_audience(self, audience: str) -> SceneState:
        """The scene for another audience, keeping its open article where that audience's version allows.

        Each audience's version of an article has its own headings, so a section the scene opens in one (the
        chairside preset opens the patient version at "what makes facet pain worse and why") may not exist in
        the other: the article is kept and opens at its top. Without this a patient scene could not be
        switched to the clinician's view at all (the state refused the section and the Audience box showed a
        view the state did not have).
        """
        doc = self.document
        if doc is not None and doc.audience is None and doc.section is not None:
            target = "patient" if audience == "patient" else "clinician"
            try:
                doc.check_section(target)
            except SceneError:
                doc = dataclasses.replace(doc, section=None)
        return dataclasses.replace(self, audience=audience, document=doc)

    @property
    def article_audience(self) -> str:
        """The article version to show: the document's own choice, else the scene's audience mapped."""
        if self.document is not None and self.document.audience is not None:
            return self.document.audience
        return "patient" if self.audience == "patient" else "clinician"


def at_time(state: SceneState, t: float) -> SceneState:
    """``state`` with its animation at ``t`` seconds: what ``dataclasses.replace`` of the two gives, made faster.

    A tick of Play (issue 13, session 22) changes the animation's time alone. ``replace`` would validate the
    whole scene and the animation (every keyframe's range) again, about a tenth of a millisecond a tick; here
    only the new time is checked, and the two frozen values are copied field for field with it put in.
    The result equals (``==``, same hash) the state ``replace`` makes (tests/app/test_tick_cheaper.py).
    """
    anim = state.animation
    if anim is None:
        raise SceneError("the scene has no animation to set the time of", key="animation",
                         fix="give the scene an animation first")
    moment = object.__new__(Animation)
    moment.__dict__.update(anim.__dict__)
    moment.__dict__["time"] = _number("time", t, 0.0, anim.cycle, " seconds")
    new = object.__new__(SceneState)
    new.__dict__.update(state.__dict__)
    new.__dict__["animation"] = moment
    return new

@functools.lru_cache(maxsize=64)
def _visible(region: str, layer_regions: tuple[str, ...], isolate: str | None) -> tuple[tuple[str, ...],
                                                                                      tuple[str, ...]]:
    """(levels, segments) shown for a region, its layers and an isolation; see ``SceneState.visible_levels``.

    Cached on what decides it: a tick of Play makes a new state each frame, and the renderer, the labels
    and the panels ask for these several times a tick (issue 13).
    """
    regions = set(LAYER_REGIONS) if region == "all" else {region}
    if region == "lumbar":
        regions.add("sacral")
    regions &= set(layer_regions)
    chosen = [lv for lv in LEVELS if lv.region in regions]
    if isolate is not None:
        centre = parse_level(isolate).index
        chosen = [lv for lv in chosen if abs(lv.index - centre) <= 1]
    levels = tuple(lv.name for lv in chosen)
    shown = set(levels)
    return levels, tuple(sg.name for sg in SEGMENTS if sg.upper.name in shown and sg.lower.name in shown)


__all__ = [
    "AUDIENCES",
    "LAYER_REGIONS",
    "SCENE_VERSION",
    "SHOWN_REGIONS",
    "VIEWS",
    "Animation",
    "Camera",
    "DocumentRef",
    "Layers",
    "SceneError",
    "SceneState",
    "angle_limits",
    "at_time",
    "check_motion_range",
    "expand_joints",
]
