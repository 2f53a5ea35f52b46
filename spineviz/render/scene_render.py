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

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from spineviz.motion import Motion
from spineviz.render import look
from spineviz.render.facet_colours import bone_colour, pose_and_colours
from spineviz.render.posed import Bounds, posed_bounds, union
from spineviz.scene.state import SceneState

FIT_MARGIN = 0.94
"""Zoom 1 leaves this much room around the visible parts (look.frame_view's margin; below 1 zooms out)."""
CAPTION_MIN_HEIGHT = 480
"""Below this image height (pixels) the caption is left out: it would crowd out the spine."""
CYCLE_SAMPLES = 12
"""Poses sampled over one animation cycle to find the bounds the camera frames."""
NOTE_SHORT = "Facet loads: an educational estimate from a simple model, not a measurement of any patient."
NOTE_TINY = "Loads: an estimate, not a measurement."


def _font(height: int, share: float, lo: int, hi: int) -> int:
    return int(min(hi, max(lo, round(height * share))))


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
    last: dict = field(default_factory=dict)
    bands: tuple[int, int] = (0, 0)
    pose: object = None
    _framed: tuple = ((), None)

    @classmethod
    def build(cls, plotter, spine, *, captions: bool = True) -> SceneRenderer:
        from spineviz.render.spine_actors import SpineActors

        return cls(plotter, SpineActors.build(plotter, spine), captions=captions)

    @property
    def spine(self):
        return self.actors.spine

    # -- the static part of a scene --

    def apply(self, state: SceneState, motion: Motion | None = None, *, frame_camera: bool = True) -> dict:
        """Show ``state`` (at ``motion``, default its current motion); return what :meth:`set_motion` did."""
        from spineviz.render.cut import restore_cut_away

        self.state = state
        restore_cut_away(self)  # before deciding visibility: the last cut's hidden parts are not "off"
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
        for j in a.spine.model.present_joints:
            visible = state.layers.cartilage and j.id.segment.name in segments
            for which in ("upper", "lower"):
                a.cartilage[(j.name, which)].visibility = visible

    def _materials(self, state: SceneState) -> None:
        opacity = 1.0 - state.layers.bone_transparency
        for name, actor in self.actors.bones.items():
            actor.prop.opacity = opacity
            actor.prop.color = bone_colour(state, name)
        if 0.0 < opacity < 1.0:
            self.plotter.enable_depth_peeling(number_of_peels=6)
        else:
            self.plotter.disable_depth_peeling()

    # -- per frame --

    def set_motion(self, motion: Motion) -> dict:
        """Pose the spine, recolour the facets and move the marks; returns clamps, the motion and the loads."""
        from spineviz.render.marks import draw_marks

        state = self.state
        assert state is not None
        p, colours, summary = pose_and_colours(state, self.spine.model, motion)
        self.actors.apply_pose(p.transforms)
        self.actors.set_facet_colours(colours)
        draw_marks(self.plotter, self.spine, state, p.transforms, _font(self.plotter.window_size[1], 0.018, 9, 18))
        self.pose = p
        _nerves_and_clip(self, state)
        self.last = summary
        return summary

    def snapshot(self, path: str | Path | None = None, *, transparent: bool = False) -> np.ndarray | None:
        """Render, then capture: the image as an array (``path`` None) or written to ``path``."""
        self.plotter.render()
        if path is None:
            return self.plotter.screenshot(return_img=True, transparent_background=transparent)
        self.plotter.screenshot(str(path), transparent_background=transparent)
        return None

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
            add_load_legend(plotter)
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

    # -- camera --

    def framing_bounds(self) -> Bounds:
        """What the camera fits: the visible vertebrae, over every pose of the animation when there is one."""
        state = self.state
        assert state is not None
        levels = state.visible_levels()
        key = (levels, state.animation, state.motion)
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

    def frame(self, bounds: Bounds | None = None) -> None:
        """Point the camera as the scene says, fitting ``bounds`` (default :meth:`framing_bounds`).

        A named view fits the spine between the title and the caption (see :meth:`_overlays`), then
        applies the scene's zoom; an explicit camera is used exactly as given.
        """
        state = self.state
        assert state is not None
        cam = state.camera
        plotter = self.plotter
        if cam.explicit:
            plotter.camera_position = [cam.position, cam.focal_point, cam.up]
            plotter.camera.zoom(cam.zoom)
            plotter.reset_camera_clipping_range()
            return
        look.frame_view(plotter, cam.view or "left", bounds or self.framing_bounds(), margin=FIT_MARGIN * cam.zoom)
        top, bottom = self.bands
        height = max(1, plotter.window_size[1])
        free = 1.0 - (top + bottom) / height
        if (top or bottom) and free > 0.2:
            _fit_between(plotter.camera, free, (bottom - top) / (2.0 * height))
        plotter.reset_camera_clipping_range()

    def screen_box(self, bounds: Bounds | None = None) -> tuple[int, int, int, int]:
        """The image rectangle (left, top, right, bottom; pixels, origin top-left) that ``bounds`` covers."""
        b = np.asarray(bounds or self.framing_bounds(), float).reshape(3, 2)
        corners = np.array(np.meshgrid(b[0], b[1], b[2], indexing="ij")).reshape(3, -1).T
        ren = self.plotter.renderer
        xs, ys = [], []
        for c in corners:
            ren.SetWorldPoint(*c, 1.0)
            ren.WorldToDisplay()
            x, y, _ = ren.GetDisplayPoint()
            xs.append(x)
            ys.append(y)
        width, height = self.plotter.window_size
        left, right = max(0, int(min(xs))), min(width, int(np.ceil(max(xs))))
        top, bottom = max(0, int(height - max(ys))), min(height, int(np.ceil(height - min(ys))))
        return left, top, right, bottom


def _nerves_and_clip(renderer: SceneRenderer, state: SceneState) -> None:
    """Issue 15's layers: pose the nerve tubes, then cut everything with the scene's plane."""
    from spineviz.render.cut import apply_clip
    from spineviz.render.nerves import sync_nerves

    sync_nerves(renderer, state)
    apply_clip(renderer, state)


def animation_bounds(spine, state: SceneState, levels, samples: int = CYCLE_SAMPLES) -> Bounds:
    """Bounds that hold the named vertebrae in every sampled pose of one cycle of the scene's animation."""
    from spineviz.motion.pose import pose

    anim = state.animation
    assert anim is not None
    times = np.arange(samples) * (anim.cycle / samples)
    return union(posed_bounds(spine, pose(spine.model, anim.at(float(t))).transforms, levels) for t in times)


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


def open_renderer(state: SceneState, size: tuple[int, int], transparent: bool = False, spine=None,
                  lod: str | None = None, captions: bool = True) -> SceneRenderer:
    """An off-screen plotter with the spine built and ``state`` applied (close it with ``.plotter.close()``).

    Pass ``spine`` to reuse meshes already loaded (the app passes its own).
    """
    from spineviz.anatomy.spine import best_lod, load_spine
    from spineviz.render.offscreen import make_plotter

    _check_size(size)
    spine = spine if spine is not None else load_spine(state.anatomy, lod=lod or best_lod(state.anatomy))
    plotter = make_plotter(size, transparent)
    try:
        renderer = SceneRenderer.build(plotter, spine, captions=captions)
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
        For an animated scene, the timeline time (seconds) to show instead of its still time; the picture
        equals the animation's frame at that time.
    spine
        A loaded :class:`~spineviz.anatomy.spine.Spine` to reuse (default: load the shipped meshes).
    captions
        Draw the title, the caption and (with loads) the estimate note into the image.

    Returns
    -------
    dict
        ``clamped``, ``motion`` (described), ``out``; with loads also ``most_loaded``, ``note`` and
        ``load_top``.
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
            renderer.snapshot(tmp, transparent=transparent)
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


__all__ = ["SceneRenderer", "animation_bounds", "open_renderer", "render_scene", "render_scene_png"]
