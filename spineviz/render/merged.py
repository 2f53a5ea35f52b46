"""One actor a vertebra with its cartilage, drawn while the spine moves (issue 13, session 28).

A tick of Play moves 144 actors (25 bones, 23 discs, 96 cartilage layers), and VTK's cost of an actor drawn and
moved is paid per actor whatever its size: session 25 measured the 96 layers at 2.7 ms of a whole-spine render in
llvmpipe (docs/performance.md). While the picture moves, each vertebra's coarse (or distant) bone and the coarse
(or distant) layers it carries are drawn as one mesh by one actor: every point carries the part it belongs to
(:data:`PART_ARRAY`: 0 the bone, ``k + 1`` the layer of joint ``k``), and the fragment shader takes, for a layer's
fragments, the cartilage material and the joint's colour from a uniform array of the 48 joints' colours
(:data:`COLOURS_UNIFORM`), shared by the 25 actors' one shader property: one write a tick colours every vertebra,
and a colour change uploads no geometry. A joint whose two layers are hidden (a level out of the region shown) is
written as red -1 and its fragments are discarded, so the vertebra at a region's edge is drawn merged too. The
bone's fragments are drawn by the bone's own property (the merged actor shares it: its colour, selection tint and
lighting follow the bone's).

Session 29: the disc above a vertebra (it moves with that vertebra's matrix) is in its merged meshes too, as part
``-(s + 1)`` for segment ``s`` of :data:`~spineviz.anatomy.levels.SEGMENTS`; the fragment shader draws it in the
disc's material (:data:`DISC_MATERIAL`) and its colour from a second uniform array (:data:`DISCS_UNIFORM`, red -1
for a hidden disc, whose fragments are discarded). Drawn opaque, as the separate discs are drawn while moving with
no bone see-through (the only time a vertebra is drawn merged). 48 props while the whole spine moves become 25.

The meshes are the very coarse meshes the separate actors draw, appended bone first (so where a layer and its bone
meet at one depth the layer wins, as when the layers' actors are drawn after the bones'), so the pixels are those
of the separate actors (``tests/render/test_merged.py``). Session 36: the bone's baked occlusion (texture coordinates
and the grey ramp texture of ``spineviz.render.shading``) is carried by the bone's points; the other parts' points
take the ramp's white end, which multiplies their colour by exactly 1. Made on demand, a vertebra at a time, after
its coarse parts (:meth:`SpineActors.prepare_coarse <spineviz.render.spine_actors.SpineActors.prepare_coarse>`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyvista as pv
from vtkmodules.vtkCommonDataModel import vtkDataObject
from vtkmodules.vtkFiltersCore import vtkAppendPolyData
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper, vtkShaderProperty

from spineviz.render import look

PART_ARRAY = "facetPart"
"""Point array of a merged mesh: 0 for the bone's points, ``k + 1`` for the points of joint ``k``'s layer."""
MATERIAL = tuple(float(look.CARTILAGE[k]) for k in ("ambient", "diffuse", "specular", "specular_power"))
"""The cartilage's material the merged shader draws a layer in (``look.CARTILAGE``): a layer whose property differs
(a facet lit by the hover) is drawn by its separate actor (``spine_actors._cartilage_material``)."""
COLOURS_UNIFORM = "facetColours"
"""The fragment shader's array of the 48 joints' colours (``float[144]``: red, green, blue of joint 0, then 1, ...)."""
DISCS_UNIFORM = "discColours"
"""The fragment shader's array of the discs' colours, by segment (``float[3 * len(SEGMENTS)]``), red -1: hidden."""
DISC_MATERIAL = (float(look.DISC["ambient"]), float(look.DISC["diffuse"]), float(look.DISC["specular"]),
                 float(look.DISC.get("specular_power", pv.global_theme.lighting_params.specular_power)))
"""The disc's material the merged shader draws a disc in (``look.DISC``; its specular power PyVista's default, which
``add_mesh`` gives it): a disc whose property differs is drawn by its separate actor
(``spine_actors._disc_material``)."""


def merged_mesh(bone: pv.PolyData, layers: list[tuple[int, pv.PolyData]],
                disc: tuple[int, pv.PolyData] | None = None) -> pv.PolyData:
    """``bone``, the ``(segment row, disc mesh)`` it carries, then each ``(joint row, layer mesh)`` in one mesh.

    Each point carries its part (:data:`PART_ARRAY`). The disc comes after the bone and before the layers, the order
    the separate actors are drawn in (bones, discs, cartilage), so where two meet at one depth the same one wins.
    The inputs are left untouched (each is shallow-copied before its part array is added).
    """
    append = vtkAppendPolyData()
    pieces = [(0, bone), *([(-(disc[0] + 1), disc[1])] if disc is not None else []), *((k + 1, m) for k, m in layers)]
    sky = bone.GetPointData().GetTCoords()  # the bone's baked occlusion (spineviz.render.shading), if it has it
    for part, mesh in pieces:
        piece = pv.PolyData()
        piece.ShallowCopy(mesh)
        piece.point_data.set_array(np.full(piece.n_points, part, np.float32), PART_ARRAY)
        if sky is not None and part != 0:  # the layers and the disc see all the sky: the ramp's white, exactly 1
            piece.point_data.set_array(np.tile(np.array([1.0, 0.5], np.float32), (piece.n_points, 1)), sky.GetName())
            piece.GetPointData().SetActiveTCoords(sky.GetName())
        append.AddInputData(piece)
    append.Update()
    return pv.wrap(append.GetOutput())


@dataclass
class MergedParts:
    """The merged actors (one a vertebra, hidden until used) with their coarse and distant mappers."""

    actors: dict = field(default_factory=dict)  # level name -> vtkActor
    coarse: dict = field(default_factory=dict)  # level name -> mapper of the coarse merged mesh
    distant: dict = field(default_factory=dict)  # level name -> mapper of the distant merged mesh
    rows: dict = field(default_factory=dict)  # level name -> the joint rows of the layers it carries
    discs: dict = field(default_factory=dict)  # level name -> the segment row of the disc it carries (if any)
    shader: object = None  # the one shader property of every merged actor
    uniforms: object = None  # its fragment uniforms (COLOURS_UNIFORM)
    written: np.ndarray | None = None  # the colours COLOURS_UNIFORM holds
    written_discs: np.ndarray | None = None  # the colours DISCS_UNIFORM holds
    written_kept: tuple = (None, None)  # (a kept moment's colours, the hidden rows) COLOURS_UNIFORM holds (write_kept)
    observer: int | None = None  # the tag of SpineActors._before_render on the renderer

    def add(self, renderer, level: str, bone_actor, matrix, coarse: pv.PolyData, distant: pv.PolyData,
            rows: list[int], disc: int | None = None) -> None:
        """Add ``level``'s merged actor (hidden) to ``renderer``: the bone's property, the shared shader.

        ``disc``: the segment row of the disc its meshes carry.
        """
        if self.shader is None:
            self._make_shader()
        actor = vtkActor()
        actor.SetProperty(bone_actor.GetProperty())  # the bone's colour, tint, opacity and material, shared
        actor.SetShaderProperty(self.shader)
        actor.SetUserMatrix(matrix)
        actor.SetScale(bone_actor.GetScale())
        actor.SetPickable(False)  # a pick draws the separate actors (SpineActors.full_detail)
        actor.SetVisibility(False)
        self.coarse[level], self.distant[level] = _mapper(coarse), _mapper(distant)
        actor.SetMapper(self.coarse[level])
        if bone_actor.GetTexture() is not None and coarse.GetPointData().GetTCoords() is not None:
            actor.SetTexture(bone_actor.GetTexture())  # the bone's occlusion; the parts after it are drawn white
        renderer.AddActor(actor)
        self.actors[level], self.rows[level] = actor, rows
        if disc is not None:
            self.discs[level] = disc

    def write(self, colours: np.ndarray, hidden: frozenset = frozenset()) -> None:
        """The joints' colours into the shader (one write for the 25 actors), if they differ from those held.

        The rows of ``hidden`` (joints whose layers are both hidden) are written as red -1: the shader leaves
        those layers' fragments out, as the hidden actors would not draw them.
        """
        written = self._written(COLOURS_UNIFORM, self.written, colours, hidden)
        if written is not self.written:
            self.written, self.written_kept = written, (None, None)

    def write_kept(self, colours: np.ndarray, hidden: frozenset = frozenset()) -> None:
        """:meth:`write` for a kept moment's colours: read-only ``(joints, 3)`` floats, shared from frame to frame.

        The write the frame of a prepared moment makes (issue 13, session 34): the array's numbers as the
        uniform's flat list in one conversion, the rows of ``hidden`` red -1, the same floats :meth:`write`
        sends. The same array with the same ``hidden`` as the last write (a repaint of the moment) writes nothing:
        a kept moment's colours never change. No copy and no comparison of values.
        """
        if colours is self.written_kept[0] and hidden is self.written_kept[1]:
            return
        flat = colours.ravel().tolist()
        for k in hidden:
            flat[3 * k] = -1.0
        self.uniforms.SetUniform1fv(COLOURS_UNIFORM, len(flat), flat)
        self.written, self.written_kept = None, (colours, hidden)  # a later write() writes whatever it is given

    def write_discs(self, colours: np.ndarray, hidden: frozenset = frozenset()) -> None:
        """The discs' colours (by segment) into the shader, the rows of ``hidden`` as red -1 (left out)."""
        self.written_discs = self._written(DISCS_UNIFORM, self.written_discs, colours, hidden)

    def _written(self, uniform: str, held: np.ndarray | None, colours, hidden: frozenset) -> np.ndarray:
        """``colours`` (rows of ``hidden`` as red -1) into the array ``uniform`` unless ``held`` is that already.

        Returns what the array holds now.
        """
        colours = np.array(colours, dtype=float)  # a copy: the caller's array is left as it is
        if hidden:
            colours[sorted(hidden), 0] = -1.0
        if held is not None and np.array_equal(held, colours):
            return held
        flat = colours.ravel().tolist()
        self.uniforms.SetUniform1fv(uniform, len(flat), flat)
        return colours

    def _make_shader(self) -> None:
        """The shared shader property: a layer's fragment drawn in the cartilage's material and its joint's colour.

        The part is passed flat from vertex to fragment; the material is :data:`look.CARTILAGE`'s (ambient,
        diffuse, specular and specular power), the one every layer is built with. The layer actors' own shader
        computes ``ambientIntensity * facetColour`` (and so on) with the intensities as uniforms from their
        property; written here as float literals of the same values, the products are the same. A layer whose
        property differs from it (a hovered facet's raised ambient) is drawn by its separate actor instead
        (``SpineActors._bones_solid``): taken from a live layer, a lit or imported layer would have set the
        material of every merged layer for good (session 28's review).
        """
        self.shader = shader = vtkShaderProperty()
        shader.AddVertexShaderReplacement("//VTK::Normal::Dec", True,
                                          f"//VTK::Normal::Dec\nin float {PART_ARRAY};\n"
                                          "flat out float facetPartVSOut;\n", False)
        shader.AddVertexShaderReplacement("//VTK::Normal::Impl", True,
                                          f"//VTK::Normal::Impl\nfacetPartVSOut = {PART_ARRAY};\n", False)
        shader.AddFragmentShaderReplacement("//VTK::Normal::Dec", True,
                                            "//VTK::Normal::Dec\nflat in float facetPartVSOut;\n", False)
        amb, dif, spec, power = MATERIAL
        d_amb, d_dif, d_spec, d_power = DISC_MATERIAL
        shader.AddFragmentShaderReplacement(
            "//VTK::Color::Impl", True,
            "//VTK::Color::Impl\n"
            "if (facetPartVSOut > 0.5) {\n"
            "  int at = 3 * (int(facetPartVSOut + 0.5) - 1);\n"
            f"  vec3 facet = vec3({COLOURS_UNIFORM}[at], {COLOURS_UNIFORM}[at + 1], {COLOURS_UNIFORM}[at + 2]);\n"
            "  if (facet.r < 0.0) discard;\n"
            f"  ambientColor = {amb!r} * facet;\n"
            f"  diffuseColor = {dif!r} * facet;\n"
            f"  specularColor = {spec!r} * facet;\n"
            f"  specularPower = {power!r};\n"
            "} else if (facetPartVSOut < -0.5) {\n"
            "  int at = 3 * (int(-facetPartVSOut + 0.5) - 1);\n"
            f"  vec3 disc = vec3({DISCS_UNIFORM}[at], {DISCS_UNIFORM}[at + 1], {DISCS_UNIFORM}[at + 2]);\n"
            "  if (disc.r < 0.0) discard;\n"
            f"  ambientColor = {d_amb!r} * disc;\n"
            f"  diffuseColor = {d_dif!r} * disc;\n"
            f"  specularColor = {d_spec!r} * disc;\n"
            f"  specularPower = {d_power!r};\n"
            "}\n", False)
        self.uniforms = shader.GetFragmentCustomUniforms()


def moving_mapper(mesh: pv.PolyData) -> vtkPolyDataMapper:
    """The mapper of a part drawn while moving, separate or merged: ``mesh``'s points uploaded as they are.

    VTK's OpenGL mapper by default (``AUTO_SHIFT_SCALE``) stores a mesh's points in its vertex buffer shifted to the
    centre of the mesh's bounds and scaled by their size, in single precision, and puts the shift and scale back in
    the matrix it hands the vertex shader; a part's bounds differ from its merged mesh's, so the same point came out
    of the two paths a rounding apart (session 29: an edge pixel 7 levels off; session 32: 1-3 pixels 13-14 levels
    off at distant detail once the S1 mesh moved the framing). With the shift and scale off
    (vtkOpenGLVertexBufferObject's ``DISABLE_SHIFT_SCALE``, 0) on every moving mapper, both paths upload the same
    single-precision points and draw them through the same matrix: the same vertices reach the rasteriser, whatever
    each mesh's bounds. The meshes are in their vertebra's local frame (within about 0.2 m of its origin), where
    single precision holds a point to about 0.02 micrometre (2**-23 of 200 mm): the shift and scale, there for
    meshes far from the origin, has nothing to mend. A plain polydata mapper: the moving meshes are polydata, and a
    ``vtkDataSetMapper`` draws through an inner polydata mapper and has no setting of its own for the shift.
    """
    mapper = vtkPolyDataMapper()
    mapper.SetInputData(mesh)
    mapper.SetScalarVisibility(False)  # the actor's property (and the merged shader's colours) colour it
    mapper.SetVBOShiftScaleMethod(0)  # DISABLE_SHIFT_SCALE (see above)
    return mapper


def _mapper(mesh: pv.PolyData) -> vtkPolyDataMapper:
    mapper = moving_mapper(mesh)
    mapper.MapDataArrayToVertexAttribute(PART_ARRAY, PART_ARRAY, vtkDataObject.FIELD_ASSOCIATION_POINTS, -1)
    return mapper


__all__ = ["COLOURS_UNIFORM", "DISCS_UNIFORM", "DISC_MATERIAL", "MATERIAL", "PART_ARRAY", "MergedParts", "merged_mesh",
           "moving_mapper"]
