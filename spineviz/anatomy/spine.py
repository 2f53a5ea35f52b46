"""The neutral spine: 24 vertebrae and the sacrum placed in one frame, with their 48 facet joints.

Two layers: :func:`model` is pure geometry (frames, joints, centres of rotation; NumPy only, fast), and
:func:`load_spine` adds the shipped meshes, discs and cartilage for drawing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from spineviz.anatomy import atlantoaxial, meshset
from spineviz.anatomy.frames import endplates, stack_frames, transform_points
from spineviz.anatomy.joints import NEUTRAL_GAP_MM, JointGeometry, build_joints, read_facet_surfaces
from spineviz.anatomy.levels import LEVEL_NAMES, LEVELS, SEGMENTS, Level
from spineviz.anatomy.tables import LevelDimensions, SegmentGeometry, dimensions, segments

FRAME_DOC = (
    "spine frame: millimetres, right-handed RAS (x to the patient's right, y anterior, z superior), origin at "
    "the centre of the S1 upper endplate in neutral standing; each level's local frame has the same axes, "
    "centred on its body"
)


@dataclass(frozen=True, eq=False)
class SpineModel:
    """The neutral geometry, independent of any mesh."""

    dims: dict[str, LevelDimensions]
    segs: dict[str, SegmentGeometry]
    frames: np.ndarray
    sacral_slope: float
    joints: list[JointGeometry]
    rotation_centres: np.ndarray = field(repr=False)
    # An imported anatomy (spineviz anatomy import) may hold only some levels: the others keep a placeholder
    # frame so that every array keeps its 25/24/48 shape, but they are not drawn, and a joint exists only
    # between two present neighbours.
    present: tuple[str, ...] = LEVEL_NAMES
    source: str = "model"

    @cached_property  # the model is frozen; asked for three times a tick of Play
    def present_segments(self) -> tuple[str, ...]:
        """Segments whose two levels are both present (all 24 for the model)."""
        have = set(self.present)
        return tuple(s.name for s in SEGMENTS if s.upper.name in have and s.lower.name in have)

    @property
    def present_joints(self) -> list[JointGeometry]:
        """The facet joints between present neighbours (all 48 for the model)."""
        segs = set(self.present_segments)
        return [j for j in self.joints if j.id.segment.name in segs]

    @property
    def neutral(self) -> np.ndarray:
        """(25, 4, 4) local-to-spine transforms at neutral, indexed by ``Level.index``."""
        return self.frames

    def facet_arrays(self) -> dict[str, np.ndarray]:
        """The 48 joints as arrays, for vectorised load computation (fresh arrays: callers may change them)."""
        samples, sample_normals = self._facet_samples
        return {
            "centre": np.array([j.centre for j in self.joints]),
            "normal": np.array([j.normal for j in self.joints]),
            "upper": np.array([j.upper_index for j in self.joints]),
            "lower": np.array([j.lower_index for j in self.joints]),
            "gap": np.full(len(self.joints), NEUTRAL_GAP_MM),
            "area": np.array([np.pi * j.half_width * j.half_height for j in self.joints]),
            "samples": samples.copy(),
            "sample_normals": sample_normals.copy(),
        }

    @cached_property
    def _facet_samples(self) -> tuple[np.ndarray, np.ndarray]:
        """Each joint's contact samples and normals, (48, K, 3) twice: made once per model, not per call.

        The load model asks for them three times on its first call, and that first call is on the app's
        start-up path (the motion panel shows the loads of the opening pose).
        """
        pairs = [j.samples() for j in self.joints]
        return np.array([p for p, _ in pairs]), np.array([n for _, n in pairs])

    def endplate(self, lv: Level, which: str) -> np.ndarray:
        """An endplate frame ("upper" or "lower") of ``lv`` in the spine frame."""
        up, low = endplates(self.dims[lv.name])
        return self.frames[lv.index] @ (up if which == "upper" else low)


def _rotation_centres(dims: dict[str, LevelDimensions], segs: dict[str, SegmentGeometry],
                      frames: np.ndarray) -> np.ndarray:
    """Centre of rotation of each segment, in the spine frame at neutral.

    Lumbar and cervical: posterior part of the lower body near its upper endplate (Pearcy & Bogduk 1988;
    Amevo, Worth & Bogduk 1991 [R abstracts]; the exact spot is [M]). Thoracic: the anterior region of the
    disc (Davis 1959 [R2]). C1/2: on the dens axis (Roche 2002 [R abstract]) at the height of the dens's anterior
    facet (see :mod:`spineviz.anatomy.atlantoaxial`).
    """
    out = np.zeros((len(SEGMENTS), 3))
    for seg in SEGMENTS:
        lower = dims[seg.lower.name]
        top = endplates(lower)[0][:3, 3][2]
        if seg.upper.name == "C1":
            local = (0.0, atlantoaxial.AXIS_Y, top + atlantoaxial.CENTRE_HEIGHT)
        elif seg.lower.region == "thoracic":
            local = (0.0, 0.25 * lower.epd, top + segs[seg.name].disc_h / 2)
        else:
            local = (0.0, -0.25 * lower.epd, top - 0.15 * lower.body_height)
        out[seg.index] = transform_points(frames[seg.lower.index], np.array([local]))[0]
    return out


@cache
def model() -> SpineModel:
    """The neutral spine from the shipped tables (cached: it is a pure function of package data)."""
    dims, segs = dimensions(), segments()
    frames, slope = stack_frames(dims, segs)
    return SpineModel(dims, segs, frames, slope, build_joints(frames, dims, segs, read_facet_surfaces()),
                      _rotation_centres(dims, segs, frames))


@dataclass
class Spine:
    """The neutral spine with its meshes: what the renderer draws."""

    model: SpineModel
    bones: dict[str, object]
    discs: dict[str, object]
    cartilage: dict[tuple[str, str], object]
    landmarks: dict[str, dict[str, list[float]]]
    mesh_dir: Path
    lod: str

    @property
    def frames(self) -> np.ndarray:
        return self.model.frames


def load_spine(mesh_dir: Path | str | None = None, lod: str = "default", verify: bool = True) -> Spine:
    """Load the mesh set and make discs and cartilage; errors name the file and the fix.

    ``softtissue`` builds PyVista meshes, so it is imported here: the model's numbers (``model()``) load
    without VTK, which the architecture test holds.
    """
    from spineviz.anatomy import softtissue

    directory = Path(mesh_dir) if mesh_dir else meshset.default_mesh_dir()
    manifest = meshset.read_manifest(directory)
    m = model()
    if manifest.get("anatomy"):  # a patient's own spine, written by `spineviz anatomy import`
        from spineviz.anatomy.importer.assembly import model_from_manifest

        m = model_from_manifest(directory, manifest)
    bones = {e.level: meshset.load_mesh(directory, e, verify) for e in meshset.entries(manifest, lod, directory)}
    discs = {}
    for seg in SEGMENTS:
        if seg.upper.name == "C1" or seg.name not in m.present_segments:
            continue
        discs[seg.name] = softtissue.disc(m.dims[seg.upper.name], m.dims[seg.lower.name],
                                          m.frames[seg.upper.index], m.frames[seg.lower.index])
    cart = {}
    for j in m.present_joints:
        cart[(j.name, "upper")] = softtissue.cartilage(j, "upper", m.frames[j.upper_index])
        cart[(j.name, "lower")] = softtissue.cartilage(j, "lower", m.frames[j.lower_index])
    return Spine(m, bones, discs, cart, manifest["landmarks"], directory, lod)


def best_lod(mesh_dir: Path | str | None = None) -> str:
    """The finest level of detail the mesh set has: "fine" for exports and close-ups when it is there."""
    directory = Path(mesh_dir) if mesh_dir else meshset.default_mesh_dir()
    try:
        lods = meshset.read_manifest(directory)["lods"]
    except meshset.MeshSetError:
        return "default"
    return "fine" if lods.get("fine") else "default"


def level_by_name(name: str) -> Level:
    return next(lv for lv in LEVELS if lv.name == name)
