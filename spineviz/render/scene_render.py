"""Draw a :class:`~spineviz.scene.state.SceneState`: visibility, layers, x-ray, labels, loads, selection, camera.

:class:`SceneRenderer` applies a scene to :class:`~spineviz.render.spine_actors.SpineActors` once, then
:meth:`SceneRenderer.set_motion` moves it per frame (actor transforms and facet colours only), so the
same object serves a still image, every frame of an exported animation and, through its ``apply`` call,
the app's viewport. :func:`render_scene` writes one scene to a PNG without a window.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from spineviz.anatomy.levels import FACET_JOINT_IDS
from spineviz.motion import Motion
from spineviz.render import look
from spineviz.scene.state import SceneState

HIGHLIGHT = (0.84, 0.19, 0.55)
"""Highlighted facet joints when loads are off: a magenta far from the blue-yellow load map."""
SELECTED_FACET = (0.95, 0.45, 0.20)
"""The selected facet joint when loads are off (the app's colour for it)."""
SELECTED_BONE = (0.98, 0.80, 0.45)
"""The selected vertebra: a warm tint of the bone colour (the app's colour for it)."""
LOAD_FLOOR_N = 120.0
"""The load legend runs from 0 to at least this many newtons, so a light load never looks alarming."""
FIT_MARGIN = 0.94
"""Zoom 1 leaves this much room around the visible parts (look.frame_view's margin; below 1 zooms out)."""
CAPTION_MIN_HEIGHT = 480
"""Below this image height (pixels) the caption is left out: it would crowd out the spine."""
NOTE_SHORT = "Facet loads: an educational estimate from a simple model, not a measurement of any patient."
NOTE_TINY = "Loads: an estimate, not a measurement."


def _font(height: int, share: float, lo: int, hi: int) -> int:
    return int(min(hi, max(lo, round(height * share))))


@dataclass
class SceneRenderer:
    """A scene applied to a plotter's spine actors; see the module docstring.

    Build with :meth:`build`, then :meth:`apply` a scene (any number of times), then :meth:`set_motion`
    per frame. ``load_top`` fixes the top of the load colour scale (newtons) across frames; ``None``
    picks it from each frame.
    """

    plotter: object
    actors: object
    state: SceneState | None = None
    load_top: float | None = None
    captions: bool = True
    last: dict = field(default_factory=dict)
    bands: tuple[int, int] = (0, 0)

    @classmethod
    def build(cls, plotter, spine) -> SceneRenderer:
        from spineviz.render.spine_actors import SpineActors

        return cls(plotter, SpineActors.build(plotter, spine))

    # -- the static part of a scene --

    def apply(self, state: SceneState, motion: Motion | None = None, *, frame_camera: bool = True) -> dict:
        """Show ``state`` (at ``motion``, default its current motion); return what :meth:`set_motion` did."""
        self.state = state
        self._visibility(state)
        self._materials(state)
        summary = self.set_motion(motion if motion is not None else state.current_motion())
        self._overlays(state)
        if frame_camera:
            self.frame()
        return summary

    def _visibility(self, state: SceneState) -> None:
        a = self.actors
        levels = set(state.visible_levels())
        segments = set(state.visible_segments())
        bones_on = state.layers.bone_transparency < 0.999
        for name, actor in a.bones.items():
            actor.visibility = bones_on and name in levels
        for name, actor in a.discs.items():
            actor.visibility = state.layers.discs and name in segments
        for j in a.spine.model.joints:
            visible = state.layers.cartilage and j.id.segment.name in segments
            for which in ("upper", "lower"):
                a.cartilage[(j.name, which)].visibility = visible

    def _materials(self, state: SceneState) -> None:
        a = self.actors
        opacity = 1.0 - state.layers.bone_transparency
        selected = state.selected_level
        for name, actor in a.bones.items():
            actor.prop.opacity = opacity
            actor.prop.color = SELECTED_BONE if selected is not None and name == selected.name else look.BONE["color"]
        if 0.0 < opacity < 1.0:
            self.plotter.enable_depth_peeling(number_of_peels=6)
        else:
            self.plotter.disable_depth_peeling()

    def _marked_joints(self) -> list[int]:
        state = self.state
        assert state is not None
        marked = list(state.highlighted_joints())
        if state.selected_joint is not None and state.selected_joint not in marked:
            marked.append(state.selected_joint)
        return [j.index for j in marked]

    # -- per frame --

    def set_motion(self, motion: Motion) -> dict:
        """Pose the spine and recolour the facets; returns clamps, the motion and (with loads) the top joints."""
        state = self.state
        assert state is not None
        p, colours, summary = pose_and_colours(state, self.actors.spine.model, motion, self.load_top)
        self.actors.apply_pose(p.transforms)
        self.actors.set_facet_colours(colours)
        self._labels(state)
        self.last = summary
        return summary

    def _labels(self, state: SceneState) -> None:
        from spineviz.render.annotate import add_labels

        plotter = self.plotter
        for name in ("labels", "joint_labels"):
            plotter.remove_actor(name, render=False)
        size = _font(plotter.window_size[1], 0.018, 9, 18)
        if state.layers.labels:
            add_labels(plotter, self.actors, font_size=size)
        marked = self._marked_joints()
        if not marked:
            return
        shown = set(state.visible_segments())
        pts, names = [], []
        arrays = self.actors.spine.model.facet_arrays()
        transforms = self.actors.transforms
        for k in marked:
            jid = FACET_JOINT_IDS[k]
            if jid.segment.name not in shown:
                continue
            centre = np.append(arrays["centre"][k], 1.0)
            world = transforms[int(arrays["lower"][k])] @ centre
            out = -1.0 if jid.side == "left" else 1.0  # x runs to the patient's right
            pts.append(world[:3] + np.array([out * 16.0, -10.0, 0.0]))
            names.append(jid.name)
        if pts:
            plotter.add_point_labels(
                np.array(pts), names, font_size=size, text_color=look.LABEL_COLOUR, shape=None,
                show_points=False, always_visible=True, name="joint_labels", render=False, bold=True,
            )

    def _overlays(self, state: SceneState) -> None:
        """Title at the top; caption and estimate note above the load legend at the bottom.

        Records how many pixels the text takes at the top and bottom (``bands``) so that :meth:`frame`
        can fit the spine between them instead of under them.
        """
        from spineviz.render.annotate import add_load_legend

        plotter = self.plotter
        for name in ("title", "caption", "note", "legend_carrier"):
            plotter.remove_actor(name, render=False)
        bars = getattr(plotter, "scalar_bars", None)
        for title in list(bars.keys()) if bars is not None else []:
            plotter.remove_scalar_bar(title, render=False)
        width, height = plotter.window_size
        legend = int(height * 0.12) if state.loads else 0
        if state.loads:
            add_load_legend(plotter, self.last.get("load_top", LOAD_FLOOR_N))
        self.bands = (0, legend)
        if not self.captions:
            return
        # VTK draws about one font size of width per character (measured): wrap to fit.
        scale = min(height, int(width * 1.3))
        title_size = _font(scale, 0.022, 8, 22)
        small = _font(scale, 0.0135, 7, 14)
        chars = max(20, int(width * 0.96 / (small * 1.08)))
        top = 0
        if state.title:
            lines = textwrap.wrap(state.title, max(16, int(width * 0.96 / title_size)))[:2]
            plotter.add_text("\n".join(lines), position="upper_left", font_size=title_size,
                             color=look.LABEL_COLOUR, name="title")
            top = int(len(lines) * title_size * 1.6 + 10)
        bottom = []
        if state.caption and height >= CAPTION_MIN_HEIGHT:
            lines = textwrap.wrap(" ".join(state.caption.split()), chars)
            bottom += lines[:4] if len(lines) <= 4 else [*lines[:3], lines[3][: chars - 2] + " …"]
        if state.loads:
            bottom += textwrap.wrap(NOTE_SHORT if height >= CAPTION_MIN_HEIGHT else NOTE_TINY, chars)
        below = legend
        if bottom:
            y = legend + int(height * 0.015)
            plotter.add_text("\n".join(bottom), position=(int(width * 0.015), y), font_size=small,
                             color=look.LABEL_COLOUR, name="caption")
            below = int(y + len(bottom) * small * 1.6 + 8)
        self.bands = (top, below)

    def prepare_animation(self, samples: int = 12) -> tuple:
        """Fix the load scale and the camera for a whole cycle of the scene's animation; return the bounds."""
        state = self.state
        assert state is not None
        bounds, top = animation_extent(self, state, samples)
        self.load_top = top
        self.set_motion(state.current_motion())
        self._overlays(state)
        self.frame(bounds)
        return bounds

    # -- camera --

    def frame(self, bounds=None) -> None:
        """Point the camera as the scene says, fitting ``bounds`` (default: what is visible now).

        A named view fits the spine between the title and the caption (see :meth:`_overlays`); an
        explicit camera is used exactly as given.
        """
        state = self.state
        assert state is not None
        cam = state.camera
        plotter = self.plotter
        if bounds is None:
            bounds = self.visible_bounds()
        if cam.explicit:
            plotter.camera_position = [cam.position, cam.focal_point, cam.up]
            plotter.camera.zoom(cam.zoom)
            plotter.reset_camera_clipping_range()
            return
        look.frame_view(plotter, cam.view or "left", bounds, margin=FIT_MARGIN * cam.zoom)
        top, bottom = getattr(self, "bands", (0, 0))
        height = plotter.window_size[1]
        free = 1.0 - (top + bottom) / height
        if (top or bottom) and free > 0.2:
            _fit_between(plotter.camera, free, (bottom - top) / (2.0 * height))
        plotter.reset_camera_clipping_range()

    def visible_bounds(self) -> tuple[float, ...]:
        """Bounds of the visible parts (bones, or the facets when bones are hidden), posed."""
        a = self.actors
        state = self.state
        assert state is not None
        names = set(state.visible_levels())
        boxes = [a.bones[n].bounds for n in names]
        if not any(actor.visibility for actor in a.bones.values()):
            # Bones fully transparent are hidden, and their bounds ignore them: fit the bones anyway.
            for n in names:
                a.bones[n].visibility = True
            boxes = [a.bones[n].bounds for n in names]
            for n in names:
                a.bones[n].visibility = False
        b = np.array(boxes)
        return (b[:, 0].min(), b[:, 1].max(), b[:, 2].min(), b[:, 3].max(), b[:, 4].min(), b[:, 5].max())


def pose_and_colours(state: SceneState, model, motion: Motion, load_top: float | None = None):
    """The pose for ``motion``, the 48 facet colours the scene asks for, and a summary.

    With loads on, facets are coloured by estimated load on the legend's scale (0 to ``load_top``
    newtons, default the larger of :data:`LOAD_FLOOR_N` and the highest load); otherwise highlighted
    joints are magenta and the selected joint orange. The summary names the clamped components, the motion,
    and with loads the three most loaded visible joints and the estimate note.
    """
    from spineviz.motion.loads import ESTIMATE_NOTE, facet_loads
    from spineviz.motion.pose import pose

    p = pose(model, motion)
    summary: dict = {"clamped": [str(c) for c in p.clamped], "motion": motion.describe()}
    if state.loads:
        loads = facet_loads(model, p)
        top = load_top or max(LOAD_FLOOR_N, float(np.max(loads.newtons)))
        colours = look.load_colours(loads.newtons / top)
        shown = set(state.visible_segments())
        order = np.argsort(-loads.newtons, kind="stable")
        top_three = [(FACET_JOINT_IDS[i].name, float(loads.newtons[i])) for i in order
                     if FACET_JOINT_IDS[i].segment.name in shown][:3]
        summary.update(most_loaded=top_three, note=ESTIMATE_NOTE, load_top=top, newtons=loads.newtons)
    else:
        colours = np.tile(np.asarray(look.CARTILAGE["color"], float), (len(FACET_JOINT_IDS), 1))
        for jid in state.highlighted_joints():
            colours[jid.index] = HIGHLIGHT
        if state.selected_joint is not None:
            colours[state.selected_joint.index] = SELECTED_FACET
    return p, colours, summary


def _fit_between(camera, free: float, lift: float) -> None:
    """Dolly out so the framed view fits ``free`` of the height, then lift it by ``lift`` of the height."""
    focal, pos = np.array(camera.focal_point, float), np.array(camera.position, float)
    pos = focal + (pos - focal) / free
    sight = focal - pos
    distance = float(np.linalg.norm(sight))
    up = np.array(camera.up, float)
    up = up - sight * (up @ sight) / (distance * distance)
    up /= np.linalg.norm(up)
    if camera.parallel_projection:
        view_height = 2.0 * camera.parallel_scale / free
        camera.parallel_scale = view_height / 2.0
    else:
        view_height = 2.0 * distance * np.tan(np.radians(camera.view_angle) / 2.0)
    shift = up * (lift * view_height)
    camera.position = tuple(pos - shift)
    camera.focal_point = tuple(focal - shift)


def sample_times(state: SceneState, count: int) -> np.ndarray:
    """``count`` timeline times over one cycle of the scene's animation (or [0] for a still scene)."""
    anim = state.animation
    if anim is None or count <= 1:
        return np.zeros(1)
    return np.arange(count) * (anim.cycle / count)


def animation_extent(renderer: SceneRenderer, state: SceneState, samples: int = 12) -> tuple[tuple, float | None]:
    """Bounds that hold every pose of one cycle, and the largest facet load (N) over it when loads show."""
    from spineviz.motion.loads import facet_loads
    from spineviz.motion.pose import pose

    anim = state.animation
    if anim is None:
        return renderer.visible_bounds(), None
    boxes, top = [], 0.0
    model = renderer.actors.spine.model
    for t in sample_times(state, samples):
        p = pose(model, anim.at(float(t)))
        renderer.actors.apply_pose(p.transforms)
        boxes.append(renderer.visible_bounds())
        if state.loads:
            top = max(top, float(np.max(facet_loads(model, p).newtons)))
    b = np.array(boxes)
    bounds = (b[:, 0].min(), b[:, 1].max(), b[:, 2].min(), b[:, 3].max(), b[:, 4].min(), b[:, 5].max())
    return bounds, (max(LOAD_FLOOR_N, top) if state.loads else None)


def open_renderer(state: SceneState, size: tuple[int, int], transparent: bool = False, spine=None,
                  lod: str | None = None, captions: bool = True) -> SceneRenderer:
    """An off-screen plotter with the spine built and ``state`` applied (close it with ``.plotter.close()``)."""
    from spineviz.anatomy.spine import best_lod, load_spine
    from spineviz.render.offscreen import make_plotter

    _check_size(size)
    spine = spine if spine is not None else load_spine(lod=lod or best_lod())
    plotter = make_plotter(size, transparent)
    try:
        renderer = SceneRenderer.build(plotter, spine)
        renderer.captions = captions
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
                 captions: bool = True) -> dict:
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
        For an animated scene, the timeline time (seconds) to show instead of its still time.
    spine
        A loaded :class:`~spineviz.anatomy.spine.Spine` to reuse (default: load the shipped meshes).
    captions
        Draw the title, the caption and (with loads) the estimate note into the image.

    Returns
    -------
    dict
        ``clamped``, ``motion`` (described), ``out``; with loads also ``most_loaded`` and ``note``.
    """
    from spineviz.atomic import atomic_output

    out = Path(out)
    if out.suffix.lower() != ".png":
        raise ValueError(f"{out}: a scene image is written as PNG; name the file *.png")
    out.parent.mkdir(parents=True, exist_ok=True)
    renderer = open_renderer(state, size, transparent, spine, lod, captions)
    try:
        if time is not None and state.animation is not None:
            renderer.set_motion(state.animation.at(float(time)))
        with atomic_output(out) as tmp:
            renderer.plotter.screenshot(str(tmp), transparent_background=transparent)
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


__all__ = ["HIGHLIGHT", "SceneRenderer", "animation_extent", "open_renderer", "render_scene",
           "render_scene_png", "sample_times"]
