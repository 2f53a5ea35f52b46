"""Draw a :class:`~spineviz.scene.state.SceneState`: the one render path for the app, the CLI and exports.

:class:`SceneRenderer` applies a scene to :class:`~spineviz.render.spine_actors.SpineActors` on any
plotter (the app's Qt viewport or an off-screen one), then :meth:`SceneRenderer.set_motion` moves it per
frame (actor transforms, facet colours and marks only). The camera frames what the scene shows: for an
animated scene, every pose of one cycle, so the view holds still while the spine moves and a still image
at time *t* is the same picture as the animation's frame at *t*. :meth:`SceneRenderer.snapshot` renders
before it captures (pyvista's ``screenshot`` does not render by itself). :func:`render_scene` writes one
scene to a PNG without a window.
"""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

from spineviz.motion import Motion
from spineviz.render import look
from spineviz.render.facet_colours import bone_colour, pose_and_colours
from spineviz.render.posed import Bounds, posed_bounds, union
from spineviz.scene.state import Animation, SceneState

FILL = 0.96
"""At zoom 1 the spine fills this share of the free rectangle (between the text bands and the name columns)."""
FIT_ROUNDS = 3
"""Rounds of scale-and-centre in :meth:`SceneRenderer.frame` (perspective makes one round approximate)."""
POINTS_PER_BONE = 160
"""Vertices sampled from each vertebra for framing: enough for its outline, cheap to project."""
CAPTION_MIN_HEIGHT = 480
"""Below this image height (pixels) the caption is left out: it would crowd out the spine."""
CAPTION_MAX_LINES = 6
"""Caption lines drawn into an image before the rest is cut with an ellipsis (a patient's text, kept whole)."""
COMPACT_TITLE_MIN = 8
"""Smallest title font (pyvista's size) a clip frame shrinks a long title to, to keep it on one line."""
COMPACT_CAPTION_LINES = 2
"""A clip frame keeps a caption of at most this many lines (see :meth:`SceneRenderer._compact_bottom`)."""
VIEW_ANGLE = 30.0
"""[M] The camera's vertical view angle (degrees) before an explicit camera's zoom: VTK's default, as every plotter
starts. :meth:`SceneRenderer.frame` sets it before zooming, so a zoom narrows it once, not again at every frame."""
CYCLE_SAMPLES = 12
"""Poses sampled over one animation cycle to find the bounds the camera frames."""
NOTE_SHORT = "Facet loads: an educational estimate from a simple model, not a measurement of any patient."
NOTE_TINY = "Loads: an estimate, not a measurement."
GIVES_WAY = (
    ("caption", "left out below CAPTION_MIN_HEIGHT and cut at CAPTION_MAX_LINES (two in a clip frame): the scene's "
                "teaching paragraph, which the page, the handout and the app's panels carry in full"),
    ("level names", "every other one left out when a column does not fit between the text bands "
                    "(render.labels): the reader counts the levels from the ones shown"),
    ("estimate note", "shortened to NOTE_TINY at the legend's font below CAPTION_MIN_HEIGHT, beside the legend's "
                      "title if it clears it, else its own row; wrapped, never left out while loads are coloured: "
                      "a load colour without it reads as a measurement"),
    ("title", "one line at a smaller font in a clip frame, at most two lines otherwise; kept: it says what the "
              "picture shows"),
    ("load legend", "its bar made longer when its tick words would touch; never left out while loads are "
                    "coloured: the colours mean nothing without their scale"),
)
"""Which 2-D overlay gives way first when a picture is small (first gives way first), how, and why: the
reader's need. Every overlay is measured and stacked (:meth:`SceneRenderer._text`), so none overlaps another
at any size; the smallest font is the level names' (9 px, :meth:`SceneRenderer._names_font`), the legend's
and the note's 10 px."""


def _font(height: int, share: float, lo: int, hi: int) -> int:
    return int(min(hi, max(lo, round(height * share))))


HELD_POSES = 2048
"""The most prepared moments whose world matrices and names a renderer holds (:meth:`SceneRenderer.prepare_writes`):
a whole cycle of Play (``live_scene.MOMENTS_KEPT``), about 4 kB each besides the pose it keeps alive."""


@dataclass
class SceneRenderer:
    """A scene applied to a plotter's spine actors; see the module docstring.

    Build with :meth:`build`, then :meth:`apply` a scene (any number of times), then :meth:`set_motion`
    per frame, and :meth:`snapshot` to capture.
    """

    plotter: object
    actors: object
    state: SceneState | None = None
    captions: bool = True
    compact: bool = False  # a clip frame's text: one-line title, legend and note, no caption (see _compact_bottom)
    last: dict = field(default_factory=dict)
    bands: tuple[int, int] = (0, 0)
    pose: object = None
    moments: object = None  # poses and loads by motion, shared with the app's panels (see pose_and_colours)
    _framed: tuple = ((), None)
    _px_per_mm: tuple = ((), 0.0)  # (camera and window key, pixels a mm) of the last measure
    _held: dict = field(default_factory=dict)  # id(pose): (pose, spine, world matrices, names, their rows) worked out
    # ahead (the rows: the matrices as 25 lists of 16 floats, what the actors' matrices are written from; session 39)
    prepared_writes: bool = True  # a prepared moment's frame as one write (session 34); False: main's path (A/B)
    _quick: tuple | None = None  # (state, names' tag, labels, window height) of the last frame a next may follow
    prepared_frames: int = 0  # frames drawn by the prepared write (set_motion)
    _legend_title: object = None  # the load legend's title actor as last drawn (_note_row measures it)
    _text_actors: list | None = None  # the title's, caption's, note's and legend's actors as last drawn (_text)

    @classmethod
    def build(cls, plotter, spine, *, captions: bool = True, compact: bool = False) -> SceneRenderer:
        from spineviz.render.spine_actors import SpineActors

        return cls(plotter, SpineActors.build(plotter, spine), captions=captions, compact=compact)

    @property
    def spine(self):
        return self.actors.spine

    # -- the static part of a scene --

    def apply(self, state: SceneState, motion: Motion | None = None, *, frame_camera: bool = True) -> dict:
        """Show ``state`` (at ``motion``, default its current motion); return what :meth:`set_motion` did."""
        from spineviz.render.cut import restore_cut_away

        self.state = state
        coarse = self.actors.coarse
        self.actors.set_detail(False)  # full parts for the cut; the discs' opacity is decided again after x-ray
        restore_cut_away(self)  # before deciding visibility: the last cut's hidden parts are not "off"
        self._visibility(state)
        self._materials(state)
        summary = self.set_motion(motion if motion is not None else state.current_motion())
        self._overlays(state)
        if frame_camera:
            self.frame()
        self.set_detail(coarse)  # as it was (the cut works on the full meshes: see set_detail)
        return summary

    def refit(self, *, frame_camera: bool = True) -> None:
        """Fit the scene drawn to the picture's size now: what of it depends on the size, and nothing else.

        The names' font (:meth:`_names_font`), the title, caption, note and load legend with the bands they take
        (:meth:`_overlays`), the camera's framing (:meth:`frame`, with ``frame_camera``) and the detail of moving
        bones small on screen (:meth:`set_detail`): what :meth:`apply` makes of the same scene at this size, so
        what ``spineviz render`` draws at it, without showing the layers, posing the spine or colouring the
        facets again, which a size does not change (zoom39, session 39: every step of a window's drag applied
        the scene in full).
        """
        from spineviz.render.marks import marks_of

        state = self.state
        assert state is not None
        labels = marks_of(self.plotter).labels
        font = self._names_font()
        if labels.font_size != font:  # as the next frame's names would take it (Marks.update)
            labels.set(labels.texts, labels.joints, labels.anchors, font)
        self._quick = None  # the next tick of Play the long way, at the new size (set_motion)
        self._overlays(state)
        if frame_camera:
            self.frame()
        self.set_detail(self.actors.coarse)

    def _visibility(self, state: SceneState) -> None:
        a = self.actors
        levels = set(state.visible_levels())
        segments = set(state.visible_segments())
        bones_on = state.layers.bone_transparency < 0.999
        for name, actor in a.bones.items():
            actor.visibility = bones_on and name in levels
        for name, actor in a.discs.items():
            actor.visibility = state.layers.discs and name in segments
        for j in a.spine.model.present_joints:
            visible = state.layers.cartilage and j.id.segment.name in segments
            for which in ("upper", "lower"):
                a.cartilage[(j.name, which)].visibility = visible

    def _materials(self, state: SceneState) -> None:
        opacity = 1.0 - state.layers.bone_transparency
        for name, actor in self.actors.bones.items():
            actor.prop.opacity = opacity
            actor.prop.color = bone_colour(state, name)
        # Translucency by order-independent blending, as the exports draw it (render/offscreen.py,
        # `_scene_passes`): VTK's renderer does this itself when depth peeling is off, so the window and a
        # still of the same scene blend x-ray bones and discs alike (depth peeling cost up to 5x a frame here).
        self.plotter.disable_depth_peeling()

    # -- per frame --

    def set_motion(self, motion: Motion, *, settle: bool = True) -> dict:
        """Pose the spine, recolour the facets and move the marks; returns clamps, the motion and the loads.

        ``settle=False`` (a tick of Play) leaves the cartilage properties' colours to
        :meth:`SpineActors.settle_colours <spineviz.render.spine_actors.SpineActors.settle_colours>`; the
        picture is the same either way. A cut scene always settles: its cut faces take the property's colour.

        A tick's frame of a moment :meth:`prepare_writes` worked out, when the last frame showed the same scene but
        for its moment (:meth:`_quick_after`), is one prepared write (issue 13, session 34): the moment's world
        matrices copied into the actors, its kept colours handed over as they are
        (:meth:`SpineActors.write_moment <spineviz.render.spine_actors.SpineActors.write_moment>`), its names'
        anchors handed to the labels; the marks, the names' texts and the colours' checks, which only the moment
        changed, are not looked at again. The same writes, so the same picture, as the long way. Since session 39 the
        matrices are written from their rows worked out with them, and the nerves' and cut's hooks are not called when
        no nerve is shown (a prepared write follows a frame with no cut, which left nothing cut and any nerve hidden).
        """
        state = self.state
        assert state is not None
        model, moments = self.spine.model, self.moments
        if moments is not None and moments.model is model and hasattr(moments, "frame_for"):
            p, colours, summary = moments.frame_for(state, motion)  # the app's moments, kept (live_scene)
        else:
            p, colours, summary = pose_and_colours(state, model, motion, moments)
        held = self._held.get(id(p)) if self._held else None
        if held is not None and (held[0] is not p or held[1] is not self.spine):
            held = None
        quick = self._quick
        if (held is not None and quick is not None and not settle and self.prepared_writes and held[3][0] == quick[1]
                and _same_but_time(state, quick[0]) and _kept_colours(colours)
                and self.plotter.ren_win.GetSize()[1] == quick[3]):
            # a prepared moment, the scene as the last frame's but for the moment: its one prepared write (session 34)
            self.actors.write_moment(p.transforms, held[2], colours, held[4])
            quick[2].move(held[3][3])
            self._quick = (state, *quick[1:])
            self.prepared_frames += 1
            self.pose = p
            self.last = summary
            if state.layers.nerves:  # no cut here (_quick_after); no nerve shown: nothing for the hooks (session 39)
                _nerves_and_clip(self, state)
            return summary
        from spineviz.render.marks import draw_marks

        self.actors.apply_pose(p.transforms, None if held is None else held[2])
        self.actors.set_facet_colours(colours, settle=settle or state.clip is not None)
        draw_marks(self.plotter, self.spine, state, p.transforms, self._names_font(), self.actors.world,
                   None if held is None else held[3])
        self._quick = self._quick_after(state, held) if self.prepared_writes and not settle else None
        self.pose = p
        _nerves_and_clip(self, state)
        self.last = summary
        return summary

    def _quick_after(self, state: SceneState, held: tuple | None) -> tuple | None:
        """Whether the next frame may be a prepared write (:meth:`set_motion`), and what it must match; or None.

        After a frame drawn the long way from a prepared moment's names (``held``), with no joint marked (no
        rings to pose) and no nerve's name (its anchor is read from its actor): the names shown are then the
        prepared ones, and a later moment prepared under the same names' tag, with the scene otherwise the same
        (:func:`_same_but_time`) and the window as high (the names' font), shows its prepared names and nothing
        else changes for them. Returns (this state, the names' tag, the labels, the window's height).
        """
        from spineviz.render.marks import marks_of

        if held is None or state.clip is not None:
            return None
        marks = marks_of(self.plotter)
        labels = marks.labels
        names = held[3]
        if (marks.ring is not None or labels.visible != bool(names[1]) or labels.texts != list(names[1])
                or labels.joints != list(names[2])):
            return None
        return (state, names[0], labels, self.plotter.ren_win.GetSize()[1])

    def prepare_writes(self, state: SceneState, poses: list) -> int:
        """Work out now what the frames of these prepared moments write: each pose's world matrices and names.

        ``poses``: :class:`~spineviz.motion.Pose` objects the app keeps for moments still to be shown (Play's
        prepared cycle). A frame that shows one of them then only copies its matrices into the actors and its
        names' anchors into the labels (:meth:`set_motion`; issue 13, session 28): the same functions' results
        (:func:`~spineviz.render.posed.world_matrices`, :func:`~spineviz.render.marks.held_names`), so the same
        bytes. Up to :data:`HELD_POSES` poses are held, the oldest dropped first. Returns how many.
        """
        from spineviz.render.marks import held_names
        from spineviz.render.posed import world_matrices

        spine, store = self.spine, self._held
        for p in poses:
            world = world_matrices(spine, p.transforms)
            world.setflags(write=False)
            if id(p) not in store and len(store) >= HELD_POSES:
                del store[next(iter(store))]
            store[id(p)] = (p, spine, world, held_names(spine, state, p.transforms, world),
                            world.reshape(len(world), 16).tolist())
        return len(poses)

    def forget_held(self) -> None:
        """Drop what :meth:`prepare_writes` worked out (another spine is opened: each entry holds the old one)."""
        self._held.clear()

    def prepare_names(self, poses: list[np.ndarray]) -> int:
        """Lay the names out now for moments of the scene drawn that are still to be shown; how many were new.

        ``poses``: each moment's transforms (25, 4, 4). The layouts are kept for the present camera and window
        (:meth:`Marks.prepare_layouts <spineviz.render.marks.Marks.prepare_layouts>`), so a frame that shows such a
        moment under them only applies its layout (issue 13, session 27). Not for a cut scene.
        """
        from spineviz.render.marks import marks_of

        state = self.state
        if state is None or state.clip is not None or not poses:
            return 0
        return marks_of(self.plotter).prepare_layouts(self.spine, state, poses, self._names_font())

    def _names_font(self) -> int:
        """The names' font size for the window now: one figure for a frame and for its layout made ahead."""
        return _font(self.plotter.window_size[1], 0.018, 9, 18)

    def set_detail(self, coarse: bool) -> None:
        """Coarse bones while the picture moves, full ones at rest (:mod:`spineviz.render.coarse`).

        Moving bones small on screen (under :data:`~spineviz.render.coarse.DISTANT_PX_PER_MM`, a whole-spine
        view) are drawn at their distant detail. A cut scene always keeps full detail: the cut is remade
        from the actors' meshes every frame.
        """
        from spineviz.render.coarse import DISTANT_PX_PER_MM

        coarse = coarse and (self.state is None or self.state.clip is None)
        self.actors.set_detail(coarse, coarse and self._pixels_per_mm() < DISTANT_PX_PER_MM)

    def _pixels_per_mm(self) -> float:
        """:func:`pixels_per_mm` of the plotter, measured again only when the camera or the window changed.

        Every tick of Play asks (through the viewport's ``_moving``) while the camera holds still; reading
        the camera through PyVista's wrappers each time was about a tenth of our Python a tick (issue 13).
        """
        camera = self.plotter.renderer.GetActiveCamera()
        key = (camera.GetAddressAsString("vtkObject"), camera.GetMTime(), *self.plotter.window_size)
        if self._px_per_mm[0] != key:
            self._px_per_mm = (key, pixels_per_mm(self.plotter))
        return self._px_per_mm[1]

    def snapshot(self, path: str | Path | None = None, *, transparent: bool = False) -> np.ndarray | None:
        """Render at full detail, then capture: the image as an array (``path`` None) or written to ``path``."""
        from spineviz.render.export_files import write_png

        coarse, distant = self.actors.coarse, self.actors.distant
        self.actors.set_detail(False)
        try:
            self.plotter.render()
            image = self.plotter.screenshot(return_img=True, transparent_background=transparent)
            if path is None:
                return image
            write_png(path, image)  # faster zlib level than pyvista's writer (export_files.PNG_COMPRESS_LEVEL)
            return None
        finally:
            self.actors.set_detail(coarse, distant)

    def _overlays(self, state: SceneState) -> None:
        """Title at the top; caption and estimate note above the load legend at the bottom.

        Records how many pixels the text takes at the top and bottom (``bands``) so that :meth:`frame`
        fits the spine between them instead of under them, and the names beside the spine keep out of them
        and out of the spine's screen box.
        """
        from spineviz.render.marks import marks_of

        self.bands = self._text(state)
        labels = marks_of(self.plotter).labels
        labels.keepout = self._anatomy_box
        labels.bands = (self.bands[1], self.bands[0])  # theirs are (bottom, top)

    def _text(self, state: SceneState) -> tuple[int, int]:
        """Draw the title, caption, note and legend; return the pixels they take at the top and bottom.

        Each piece is measured and stacked on the one below it, never on a guess of its height, so no two
        overlap at any size (session 37, label37): from the bottom up the legend's rows (tick words, bar,
        title), the estimate note, the caption; the title at the top; the names between the two bands
        (:mod:`spineviz.render.labels`). What gives way in a small picture follows :data:`GIVES_WAY`.
        """
        from spineviz.render.annotate import LEGEND_ACTORS, add_load_legend, remove_named

        plotter = self.plotter
        if self._text_actors is None:  # the first: any of another renderer's before it, by their names
            remove_named(plotter, ("title", "caption", "note", *LEGEND_ACTORS))
        else:  # this renderer's own: no look through the plotter's actors (zoom39, see remove_named)
            for actor in self._text_actors:
                plotter.remove_actor(actor, render=False)
        self._text_actors = []
        bars = getattr(plotter, "scalar_bars", None)
        for title in list(bars.keys()) if bars is not None else []:
            plotter.remove_scalar_bar(title, render=False)
        width, height = plotter.window_size
        lay = None
        if state.loads:
            legend = add_load_legend(plotter, state.audience, look.load_scale(state.layers.load_range), replace=False)
            lay, self._legend_title = legend["layout"], legend["legend_title"]
            self._text_actors += [legend[name] for name in LEGEND_ACTORS]
        # the legend's band: 12 % of the height, or its own rows where they are taller (a short picture)
        legend = max(int(height * 0.12), lay["top"] + max(2, lay["font"] // 4)) if lay else 0
        if not self.captions:
            return 0, legend
        top = self._title(state.title, compact=self.compact) if state.title else 0
        # VTK draws about one font size of width per character (measured): wrap to fit.
        small = _font(min(height, int(width * 1.3)), 0.0135, 7, 14)
        chars = max(20, int(width * 0.96 / (small * 1.08)))
        if self.compact:
            return top, self._compact_bottom(state, small, chars, lay)
        if height < CAPTION_MIN_HEIGHT:  # a thumbnail: no caption; the note a footnote to the legend
            return top, self._note_row(lay) if lay else 0
        bottom = []
        if state.caption:
            lines = textwrap.wrap(" ".join(state.caption.split()), chars)
            most = CAPTION_MAX_LINES
            bottom += lines if len(lines) <= most else [*lines[: most - 1], lines[most - 1][: chars - 2] + " …"]
        if state.loads:
            bottom += textwrap.wrap(NOTE_SHORT, chars)
        if not bottom:
            return top, legend
        return top, self._caption_block(bottom, legend + int(height * 0.015), small)

    def _caption_block(self, lines: list[str], y: int, small: int) -> int:
        """Draw ``lines`` as the caption at ``y`` pixels from the bottom; return the top of the block.

        The top is the block's measured height over ``y`` (it was 1.6 ``small`` a line, about four fifths
        of a line as VTK draws it: names were let into the caption's top rows), or that estimate if higher.
        """
        from spineviz.render.annotate import named

        width = self.plotter.window_size[0]
        actor = named(self.plotter.add_text("\n".join(lines), position=(int(width * 0.015), y), font_size=small,
                                            color=look.LABEL_COLOUR, render=False), "caption")
        self._text_actors.append(actor)
        box = [0.0, 0.0]
        actor.GetSize(self.plotter.renderer, box)
        return int(y + max(len(lines) * small * 1.6, np.ceil(box[1])) + 8)

    def _title(self, title: str, *, compact: bool) -> int:
        """Draw ``title`` at the top left; return the pixels its band takes (measured, with padding).

        Up to two lines; ``compact`` (a clip frame) keeps it to one line, a smaller font for a long title
        (down to :data:`COMPACT_TITLE_MIN`), so the moving bones get the rows a second line would take.
        """
        from spineviz.render.annotate import named

        plotter = self.plotter
        width, height = plotter.window_size
        size = _font(min(height, int(width * 1.3)), 0.022, 8, 22)
        room = width * 0.96
        if compact and len(title) * size > room:
            size = max(COMPACT_TITLE_MIN, int(room / len(title)))
        lines = textwrap.wrap(title, max(16, int(room / size)))[: 1 if compact else 2]
        if " ".join(lines) != " ".join(title.split()):  # no room for it all: cut it where it is cut, and say so
            lines[-1] = lines[-1].rstrip(" ,;:") + " …"
        pad = max(4, int(0.008 * height))
        actor = named(plotter.add_text("\n".join(lines), position=(int(width * 0.015), height - pad), font_size=size,
                                       color=look.LABEL_COLOUR, render=False), "title")
        self._text_actors.append(actor)
        actor.GetTextProperty().SetVerticalJustificationToTop()
        box = [0.0, 0.0]
        actor.GetSize(plotter.renderer, box)  # measured, so the band is exactly what the title takes
        chars, most = max(len(line) for line in lines), len(lines)
        while box[0] > width * 0.97 and chars > 8:  # wider than the picture (measured): wrap shorter, cut with "…"
            chars -= 2
            lines = textwrap.wrap(title, chars)[:most]
            if " ".join(lines) != " ".join(title.split()):
                lines[-1] = lines[-1].rstrip(" ,;:") + " …"
            actor.SetInput("\n".join(lines))
            actor.GetSize(plotter.renderer, box)
        return int(np.ceil(box[1])) + 2 * pad

    def _compact_bottom(self, state: SceneState, small: int, chars: int, lay: dict | None) -> int:
        """A clip frame's bottom band: the load legend, the one-line estimate note, a caption only if short.

        A caption of up to :data:`COMPACT_CAPTION_LINES` lines (words typed in the export dialog) is kept;
        a scene's teaching paragraph is left to the page, handout or message the clip goes with, so the
        moving bones get its rows. The note stays in every frame (loads are an estimate): see
        :meth:`_note_row`. ``lay``: the legend's layout (None without loads). Returns the band's height in
        pixels.
        """
        height = self.plotter.window_size[1]
        lines = textwrap.wrap(" ".join(state.caption.split()), chars) if state.caption else []
        below = self._note_row(lay) if lay else 0
        if 0 < len(lines) <= COMPACT_CAPTION_LINES:
            below = self._caption_block(lines, below + int(height * 0.01), small)
        return below

    def _note_row(self, lay: dict) -> int:
        """The short estimate note at the legend's font, as a footnote to the legend; return the band's top.

        Right-aligned on the legend's title row when it clears the legend's title there by a font's width,
        else on its own row above the legend (measured, so the names keep clear of it). ``lay``: the
        legend's layout (:func:`~spineviz.render.annotate.legend_layout`).
        """
        from spineviz.render.annotate import fit_width, named

        plotter = self.plotter
        width = plotter.window_size[0]
        below = lay["top"] + max(2, lay["font"] // 4)  # the legend's own rows, not the full 12 % band
        note = named(plotter.add_text(NOTE_TINY, position=(int(width * 0.985), lay["title"]),
                                      font_size=lay["font"] / 2, color=look.LABEL_COLOUR,
                                      render=False), "note")  # pyvista doubles the size
        self._text_actors.append(note)
        prop = note.GetTextProperty()
        prop.SetJustificationToRight()
        prop.SetVerticalJustificationToBottom()
        box, legend_title = [0.0, 0.0], [0.0, 0.0]
        note.GetSize(plotter.renderer, box)
        if box[0] > width * 0.97:  # a narrow picture: more lines rather than out of it
            box[1] = fit_width(plotter, note, NOTE_TINY, width * 0.97)
            note.GetSize(plotter.renderer, box)
        self._legend_title.GetSize(plotter.renderer, legend_title)
        if width * 0.985 - box[0] <= lay["left"] + legend_title[0] + lay["font"]:  # they would touch
            note.SetPosition(int(width * 0.985), below)
            below = int(below + box[1] + 4)
        return below

    # -- camera --

    def framing_bounds(self) -> Bounds:
        """What the camera fits: the visible vertebrae, over every pose of the animation when there is one."""
        state = self.state
        assert state is not None
        levels = state.visible_levels()
        key = (id(self.spine), levels, _cycle_key(state), state.motion)
        if self._framed[0] == key:
            return self._framed[1]
        model = self.spine.model
        if state.animation is None:
            from spineviz.motion.pose import pose

            bounds = posed_bounds(self.spine, pose(model, state.current_motion()).transforms, levels)
        else:
            bounds = animation_bounds(self.spine, state, levels)
        self._framed = (key, bounds)
        return bounds

    def framing_points(self) -> np.ndarray:
        """Points on the visible vertebrae's surfaces, posed, over every pose of the animation (n, 3).

        A bounding box's corners project well outside the bone in oblique views, so the camera fits and
        the names keep clear of a sample of the bone's own vertices instead.
        """
        return self._framing_cached(corners=False)

    def framing_corners(self) -> np.ndarray:
        """The points of :meth:`framing_points` that can decide its screen box: each body's hull corners.

        Every body of the framing (a vertebra, a nerve with its vertebra) moves by an affine map, so its
        hull's corners are found once (:mod:`spineviz.render.hull`, cached by the body's points) and posed
        here; about a third of the points.
        """
        return self._corner_columns().T

    def _corner_columns(self) -> np.ndarray:
        """:meth:`framing_corners` as three C-contiguous rows (x, y, z): the fastest for ``screen_box``."""
        return self._framing_cached(corners=True)

    def _framing_cached(self, *, corners: bool) -> np.ndarray:
        """Every framing point (n, 3), or the hull corners as rows (3, m); kept for the framing they are of."""
        slot = "_framing_corners" if corners else "_framing_points"
        key = self._framing_key()
        cached = self.__dict__.get(slot)
        if cached is not None and cached[0] == key:
            return cached[1]
        state = self.state
        assert state is not None
        pts = framing_points(self.spine, state, state.visible_levels(), self._framing_nerves(), corners=corners,
                             kept=self.__dict__.setdefault("_bodies", {}))
        if corners:
            pts = np.ascontiguousarray(pts.T)
        self.__dict__[slot] = (key, pts)
        return pts

    def prepare_framing(self, limit: int | None = None) -> int:
        """Find the hull corners of up to ``limit`` more bodies' framing samples (default all); return how many remain.

        The app calls it in its idle time after the first frame (a few milliseconds a vertebra), so that
        the first frame of a moving camera (:meth:`_anatomy_box`) finds them made; once none remain the
        present framing's corners are posed too.
        """
        from spineviz.render.hull import hull_corners, hull_corners_known

        kept = self.__dict__.setdefault("_bodies", {})
        bodies = [p for _i, p in _framing_bodies(self.spine, list(self.spine.bones), self._framing_nerves(), kept)]
        todo = [p for p in bodies if not hull_corners_known(p)]
        for points in todo[:limit]:
            hull_corners(points)
        left = 0 if limit is None else max(0, len(todo) - limit)
        if not left and self.state is not None:
            self._corner_columns()
        return left

    def _framing_nerves(self):
        state = self.state
        return getattr(self, "nerves", None) if state is not None and state.layers.nerves else None

    def _framing_key(self) -> tuple:
        """What :meth:`framing_points` depends on (a new spine: anew)."""
        state = self.state
        assert state is not None
        return (id(self.spine), state.visible_levels(), _cycle_key(state), state.motion,
                self._framing_nerves() is not None)

    def _anatomy_box(self):
        """The screen box (left, bottom, right, top; VTK display pixels) of :meth:`framing_points`, now.

        Kept for the camera, window and framing it was measured for. Once the camera has moved with the
        framing unchanged (an orbit, a zoom, a glide: a new box every frame) the box is measured on
        :meth:`framing_corners`, which give the same box (:mod:`spineviz.render.hull`) from a third of the
        points; the first box of a framing, a still picture's, projects every point and finds no hull.
        If a corner is behind the camera every point is projected, as before. A tick of Play (the scene the same
        but for its moment, :func:`_same_but_time`; the same spine, camera time and window size) takes the last
        box without working its key out again (session 34): the framing does not depend on the moment.
        """
        if self.state is None:
            return None
        quick = self.__dict__.get("_box_quick")  # a tick of Play: the camera, the window and the scene but its moment
        if quick is not None and self.prepared_writes:  # as the last box's: that box, from the same key (session 34)
            ren_win = self.plotter.ren_win
            if (quick[1] is self.spine and ren_win.GetSize() == quick[3] and _same_but_time(self.state, quick[0])
                    and self.plotter.renderer.GetActiveCamera().GetMTime() == quick[2]):
                self.__dict__["_box_quick"] = (self.state, *quick[1:])
                return quick[4]
        box = self._anatomy_box_keyed()
        self.__dict__["_box_quick"] = (self.state, self.spine, self.plotter.renderer.GetActiveCamera().GetMTime(),
                                       self.plotter.ren_win.GetSize(), box)
        return box

    def _anatomy_box_keyed(self):
        """:meth:`_anatomy_box` looked up by its whole key (the camera's time, the window, the framing), or measured."""
        screen_box, project = _box_functions()
        framing = self._framing_key()
        key = (self.plotter.camera.GetMTime(), tuple(self.plotter.window_size), framing)
        cached = self.__dict__.get("_box")
        if cached is not None and cached[0] == key:
            return cached[1]
        moving = cached is not None and cached[0][2] == framing
        have = self.__dict__.get("_framing_corners")
        box = None
        if moving or (have is not None and have[0] == framing):
            box = screen_box(self.plotter.renderer, self._corner_columns())
        if box is None:
            xy = project(self.plotter.renderer, self.framing_points())
            box = (float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()), float(xy[:, 1].max()))
        self.__dict__["_box"] = (key, box)
        return box

    def frame(self, bounds: Bounds | None = None) -> None:
        """Point the camera as the scene says, fitting ``bounds`` (default: the visible spine).

        A named view looks from its direction, then scales and shifts the view until the spine fills
        :data:`FILL` of the space left between the title band, the caption band and the columns of names
        (see :meth:`_overlays` and :mod:`spineviz.render.labels`), then applies the scene's zoom; an
        explicit camera is used exactly as given.
        """
        state = self.state
        assert state is not None
        cam = state.camera
        plotter = self.plotter
        if cam.explicit:
            plotter.camera_position = [cam.position, cam.focal_point, cam.up]
            plotter.camera.view_angle = VIEW_ANGLE  # the zoom narrows the default angle, once (zoom38, session 38)
            plotter.camera.zoom(cam.zoom)
            plotter.reset_camera_clipping_range()
            return
        look.frame_view(plotter, cam.view or "left", bounds or self.framing_bounds(), margin=1.0)
        if bounds is None:
            self._fit(cam.zoom)
        plotter.reset_camera_clipping_range()

    def _fit(self, zoom: float) -> None:
        """Scale and centre the view so the spine fills the free rectangle (a few rounds: perspective)."""
        from spineviz.render.labels import project
        from spineviz.render.marks import marks_of

        plotter = self.plotter
        width, height = plotter.window_size
        top, bottom = self.bands
        labels = marks_of(plotter).labels
        pts = self.framing_points()
        pad = max(2.0, 0.01 * height)
        for _ in range(FIT_ROUNDS):
            left_col, right_col = labels.column_widths()
            target = np.array([left_col + pad, bottom + pad, width - right_col - pad, height - top - pad], float)
            if target[2] - target[0] < 0.3 * width:  # names would leave no room: let them overlap the margin
                target[[0, 2]] = pad, width - pad
            if target[3] - target[1] < 0.2 * height:
                target[[1, 3]] = pad, height - pad
            xy = project(plotter.renderer, pts)
            lo, hi = xy.min(axis=0), xy.max(axis=0)
            size = np.maximum(hi - lo, 1.0)
            scale = FILL * zoom * min((target[2] - target[0]) / size[0], (target[3] - target[1]) / size[1])
            centre = np.array([width, height], float) / 2.0
            shift = (target[:2] + target[2:]) / 2.0 - centre - scale * ((lo + hi) / 2.0 - centre)
            _fit_between(plotter.camera, scale, shift, height)

    def screen_box(self, bounds: Bounds | None = None) -> tuple[int, int, int, int]:
        """The image rectangle (left, top, right, bottom; pixels, origin top-left) that ``bounds`` covers.

        Without ``bounds``: the box of the visible spine's surface (:meth:`framing_points`).
        """
        from spineviz.render.labels import project

        if bounds is None:
            xy = project(self.plotter.renderer, self.framing_points())
        else:
            b = np.asarray(bounds, float).reshape(3, 2)
            corners = np.array(np.meshgrid(b[0], b[1], b[2], indexing="ij")).reshape(3, -1).T
            xy = project(self.plotter.renderer, corners)
        width, height = self.plotter.window_size
        left, right = max(0, int(xy[:, 0].min())), min(width, int(np.ceil(xy[:, 0].max())))
        top, bottom = max(0, int(height - xy[:, 1].max())), min(height, int(np.ceil(height - xy[:, 1].min())))
        return left, top, right, bottom


def _cycle_key(state: SceneState) -> tuple | None:
    """What the framing of an animated scene depends on: its movement, not the moment it has reached.

    Every tick of Play writes a new ``animation.time``; keying the framing caches on the whole animation
    made them miss on every frame (the names' layout then re-posed 12 samples of the cycle per frame).
    """
    anim = state.animation
    return None if anim is None else (anim.preset, anim.timeline, anim.mode)


_STATE_FIELDS = tuple(f.name for f in fields(SceneState) if f.name != "animation")
_ANIMATION_FIELDS = tuple(f.name for f in fields(Animation) if f.name != "time")


def _same_but_time(new: SceneState, old: SceneState) -> bool:
    """Whether ``new`` is ``old`` at another time of its animation: every other field the very same object.

    What a tick of Play makes (:func:`~spineviz.scene.state.at_time` copies each field but the time); identity, not
    equality, so a scene rebuilt equal counts as changed (a frame drawn the long way, then prepared writes again).
    """
    if new is old:
        return True
    n, o = new.__dict__, old.__dict__
    for name in _STATE_FIELDS:
        if n[name] is not o[name]:
            return False
    a, b = n["animation"], o["animation"]
    if a is None or b is None:
        return a is b
    a, b = a.__dict__, b.__dict__
    for name in _ANIMATION_FIELDS:
        if a[name] is not b[name]:
            return False
    return True


def _kept_colours(colours) -> bool:
    """Whether ``colours`` is a kept moment's: a read-only C-ordered ``(joints, 3)`` array of floats (live_scene)."""
    return (isinstance(colours, np.ndarray) and not colours.flags.writeable and colours.dtype == np.float64
            and colours.ndim == 2 and colours.shape[1] == 3 and colours.flags.c_contiguous)


def _nerves_and_clip(renderer: SceneRenderer, state: SceneState) -> None:
    """Issue 15's layers: pose the nerve tubes, then cut everything with the scene's plane."""
    sync_nerves, apply_clip = _nerves_and_clip_functions()
    sync_nerves(renderer, state)
    apply_clip(renderer, state)


# Functions of modules imported on first use, kept (functools.cache): under PySide6 every ``import`` statement
# runs Python's import hook (shibokensupport's), and a frame's two or three imports cost it tens of microseconds
# (session 34).


@functools.cache
def _nerves_and_clip_functions() -> tuple:
    """(``nerves.sync_nerves``, ``cut.apply_clip``), imported on first use."""
    from spineviz.render.cut import apply_clip
    from spineviz.render.nerves import sync_nerves

    return sync_nerves, apply_clip


@functools.cache
def _box_functions() -> tuple:
    """(``hull.screen_box``, ``labels.project``), imported on first use."""
    from spineviz.render.hull import screen_box
    from spineviz.render.labels import project

    return screen_box, project


def animation_bounds(spine, state: SceneState, levels, samples: int = CYCLE_SAMPLES) -> Bounds:
    """Bounds that hold the named vertebrae in every sampled pose of one cycle of the scene's animation."""
    from spineviz.motion.pose import pose

    anim = state.animation
    assert anim is not None
    times = np.arange(samples) * (anim.cycle / samples)
    return union(posed_bounds(spine, pose(spine.model, anim.at(float(t))).transforms, levels) for t in times)


_DIRECTIONS = np.array([d for d in np.ndindex(3, 3, 3) if d != (1, 1, 1)], float) - 1.0
"""The 26 directions (to faces, edges and corners of a cube) in which each bone's outermost vertex is framed."""


def framing_points(spine, state: SceneState, levels, nerves=None, samples: int = CYCLE_SAMPLES, *,
                   corners: bool = False, kept: dict | None = None) -> np.ndarray:
    """A sample of the named vertebrae's vertices and their shown nerves', posed (over a cycle if animated).

    The animation's poses are sampled as :func:`animation_bounds` samples them; ``kept`` (a dict the caller
    keeps for this spine) holds each body's sample from one call to the next. With ``corners`` each
    body's sample is cut down to the corners of its convex hull (:func:`spineviz.render.hull.hull_corners`):
    the points that decide the sample's screen box from any camera in front of it.
    """
    from spineviz.motion.pose import pose
    from spineviz.render.posed import world_matrices

    local = _framing_bodies(spine, levels, nerves, kept)
    if corners:
        from spineviz.render.hull import hull_corners

        local = [(i, p[hull_corners(p)]) for i, p in local]
    anim = state.animation
    motions = ([state.current_motion()] if anim is None
               else [anim.at(float(t)) for t in np.arange(samples) * (anim.cycle / samples)])
    out = []
    for motion in motions:
        world = world_matrices(spine, pose(spine.model, motion).transforms)
        out += [p @ world[i][:3, :3].T + world[i][:3, 3] for i, p in local]
    return np.concatenate(out) if out else np.zeros((1, 3))


def _framing_bodies(spine, levels, nerves=None, kept: dict | None = None) -> list[tuple[int, np.ndarray]]:
    """(level index, points in that vertebra's own frame) of each body :func:`framing_points` samples.

    Each body moves rigidly with the vertebra of that index: a vertebra, or a nerve with its carrier. With
    ``kept`` (a dict the caller keeps) each sample is made once per mesh, known by identity rather than ``id``
    (a replaced spine's new mesh can reuse a freed one's): every new moment of a slider asks for them again
    (16 to 130 ms for the 25 vertebrae on a busy machine, session 20).
    """
    from spineviz.anatomy.levels import parse_level

    kept = {} if kept is None else kept

    def sample(key, mesh, make):  # kept for the very mesh it was made from (a new spine's bones: anew)
        entry = kept.get(key)
        if entry is None or entry[0] is not mesh:
            entry = kept[key] = (mesh, make(np.asarray(mesh.points, float)))
        return entry[1]

    def bone_sample(p):
        # a stride through the vertices, plus each bone's outermost vertex in 26 directions: a thin process
        # (C1's transverse plates) can fall between the stride's samples and a name would sit on its tip
        extreme = p[np.argmax(p @ _DIRECTIONS.T, axis=0)]
        return np.vstack([p[:: max(1, len(p) // POINTS_PER_BONE)], extreme])

    local = []
    levels = [name for name in levels if name in spine.bones]  # an imported spine has only its own levels
    for name in levels:
        local.append((parse_level(name).index, sample(("bone", name), spine.bones[name], bone_sample)))
    if nerves is not None:  # roots hang below their bone: keep them in the picture too
        for name, path in nerves.paths.items():
            if path.carrier in levels:
                points = sample(("nerve", name), nerves.meshes[name], lambda p: p[:: max(1, len(p) // 40)])
                local.append((path.carrier_level.index, points))
    return local


def pixels_per_mm(plotter) -> float:
    """Screen pixels a millimetre spans at the camera's focal point: how large the vertebrae are drawn now."""
    camera = plotter.camera
    if camera.parallel_projection:
        view_height = 2.0 * camera.parallel_scale
    else:
        distance = float(np.linalg.norm(np.subtract(camera.focal_point, camera.position)))
        view_height = 2.0 * distance * np.tan(np.radians(camera.view_angle) / 2.0)
    return plotter.window_size[1] / max(view_height, 1e-9)


def _fit_between(camera, scale: float, shift_px: np.ndarray, height_px: int) -> None:
    """Magnify the view ``scale`` times about its centre, then move the picture by ``shift_px`` (x, y) pixels."""
    focal, pos = np.array(camera.focal_point, float), np.array(camera.position, float)
    if camera.parallel_projection:
        camera.parallel_scale = camera.parallel_scale / scale
        view_height = 2.0 * camera.parallel_scale
    else:
        pos = focal + (pos - focal) / scale
        view_height = 2.0 * float(np.linalg.norm(focal - pos)) * np.tan(np.radians(camera.view_angle) / 2.0)
    sight = focal - pos
    sight /= np.linalg.norm(sight)
    up = np.array(camera.up, float)
    up = up - sight * (up @ sight)
    up /= np.linalg.norm(up)
    right = np.cross(sight, up)
    per_px = view_height / max(1, height_px)
    move = -(right * shift_px[0] + up * shift_px[1]) * per_px
    camera.position = tuple(pos + move)
    camera.focal_point = tuple(focal + move)


def open_renderer(state: SceneState, size: tuple[int, int], transparent: bool = False, spine=None,
                  lod: str | None = None, captions: bool = True, compact: bool = False) -> SceneRenderer:
    """An off-screen plotter with the spine built and ``state`` applied (close it with ``.plotter.close()``).

    Pass ``spine`` to reuse meshes already loaded (the app passes its own). ``compact``: a clip frame's
    text (:meth:`SceneRenderer._text`).
    """
    from spineviz.anatomy.spine import best_lod, load_spine
    from spineviz.render.offscreen import make_plotter

    _check_size(size)
    spine = spine if spine is not None else load_spine(state.anatomy, lod=lod or best_lod(state.anatomy))
    plotter = make_plotter(size, transparent)
    try:
        renderer = SceneRenderer.build(plotter, spine, captions=captions, compact=compact)
        renderer.apply(state)
    except BaseException:
        plotter.close()
        raise
    return renderer


def _check_size(size) -> None:
    try:
        w, h = (int(v) for v in size)
    except (TypeError, ValueError):
        raise ValueError(f"size must be (width, height) in pixels, not {size!r}") from None
    if not (16 <= w <= 8192 and 16 <= h <= 8192):
        raise ValueError(f"size {w}x{h}: each side must be 16 to 8192 pixels")


def render_scene(state: SceneState, out: str | Path, *, size: tuple[int, int] = (1200, 900),
                 transparent: bool = False, time: float | None = None, spine=None, lod: str | None = None,
                 captions: bool = True, compact: bool = False) -> dict:
    """Render ``state`` to a PNG file, atomically.

    Parameters
    ----------
    state
        The scene.
    out
        A ``.png`` file; its folder is created if needed.
    size
        (width, height) in pixels, 16 to 8192 each.
    transparent
        Transparent background instead of the app's gradient.
    time
        For an animated scene, the timeline time (seconds) to show instead of its still time; the picture
        equals the animation's frame at that time.
    spine
        A loaded :class:`~spineviz.anatomy.spine.Spine` to reuse (default: load the shipped meshes).
    captions
        Draw the title, the caption and (with loads) the estimate note into the image.
    compact
        Lay the text out as a clip frame does (a one-line title, the legend and the note, no caption), so
        the still equals the clip's frame at ``time``.

    Returns
    -------
    dict
        ``clamped``, ``motion`` (described), ``out``; with loads also ``most_loaded``, ``note`` and
        ``load_top``.
    """
    from spineviz.atomic import atomic_output
    from spineviz.render.export_files import write_png
    from spineviz.render.fxaa import fxaa
    from spineviz.render.offscreen import set_anti_aliasing

    out = Path(out)
    if out.suffix.lower() != ".png":
        raise ValueError(f"{out}: a scene image is written as PNG; name the file *.png")
    out.parent.mkdir(parents=True, exist_ok=True)
    renderer = open_renderer(state, size, transparent, spine, lod, captions, compact)
    try:
        # Smoothed as clip frames are: rendered plain, then FXAA on the CPU (render/fxaa.py). At 1200x1600
        # it looked as good as VTK's 5x supersampling (which drew the names' leader lines paler than the
        # window does) for about a third of the render (docs/performance.md, exports, session 5).
        set_anti_aliasing(renderer.plotter, "none")
        if time is not None and state.animation is not None:
            renderer.set_motion(state.animation.at(float(time)))
        image = fxaa(renderer.snapshot(transparent=transparent))
        with atomic_output(out) as tmp:
            write_png(tmp, image)
        summary = {k: v for k, v in renderer.last.items() if k != "newtons"}
        summary["out"] = str(out)
        return summary
    finally:
        renderer.plotter.close()


def render_scene_png(state: SceneState, *, size: tuple[int, int] = (1200, 900), transparent: bool = False,
                     spine=None, captions: bool = True) -> bytes:
    """The scene's still image as PNG bytes (for embedding in a page)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="spineviz-") as folder:
        path = Path(folder) / "scene.png"
        render_scene(state, path, size=size, transparent=transparent, spine=spine, captions=captions)
        return path.read_bytes()


__all__ = ["SceneRenderer", "animation_bounds", "open_renderer", "pixels_per_mm", "render_scene", "render_scene_png"]
