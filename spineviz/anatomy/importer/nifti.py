"""Reading NIfTI label maps with nibabel into one binary mask per level, in world millimetres (RAS).

Only the label numbers and the voxel-to-world affine are read: no intensities are kept, and neither the
header's description nor any other free-text field is copied anywhere. A level's mask is cropped to its own
bounding box (plus a margin) with the affine of that crop, so anisotropic, oblique and left-handed grids all
arrive in the project's RAS millimetre frame through one matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from spineviz.anatomy.importer.errors import ImportInputError
from spineviz.anatomy.importer.labels import LabelConvention, built_in, detect, reject_transitional
from spineviz.anatomy.levels import LEVEL_NAMES

# Above this many voxels a volume is refused before it is read (an int16 volume this size is ~0.8 GB).
MAX_VOXELS = 400_000_000
# A label map has few distinct values; a CT has thousands (Hounsfield units from about -1024 up).
MAX_DISTINCT_LABELS = 1000
NIFTI_SUFFIXES = (".nii", ".nii.gz")
_MARGIN = 2


@dataclass(frozen=True)
class LevelMask:
    """One level's voxels: a boolean crop and the affine from its voxel indices to world mm (RAS)."""

    level: str
    mask: np.ndarray
    affine: np.ndarray
    origin: str  # "label 30" or "vertebrae_L2.nii.gz": for messages
    cut_by_edge: str  # "" or how the scan's edge cuts it ("the bottom edge of the scan cuts through 142 voxels")

    @property
    def voxel_sizes(self) -> np.ndarray:
        return np.linalg.norm(self.affine[:3, :3], axis=0)

    def world_points(self) -> np.ndarray:
        """Centres of the level's voxels in world mm."""
        idx = np.argwhere(self.mask).astype(float)
        return idx @ self.affine[:3, :3].T + self.affine[:3, 3]


@dataclass(frozen=True)
class LabelSource:
    """What was read: the masks, the convention, and header facts safe to record (no free text)."""

    masks: list[LevelMask]
    convention: LabelConvention
    shape: tuple[int, ...]
    voxel_mm: tuple[float, ...]
    orientation: str


def is_nifti(path: Path) -> bool:
    return path.name.lower().endswith(NIFTI_SUFFIXES)


def _open(path: Path, max_voxels: int):
    import nibabel as nib

    try:
        img = nib.load(str(path))
    except Exception as err:  # nibabel raises many kinds on foreign or damaged files
        raise ImportInputError(path, f"not a readable NIfTI file ({type(err).__name__}); give the .nii or .nii.gz "
                               "label map that the segmentation tool wrote") from None
    if not hasattr(img, "affine") or img.affine is None or len(img.shape) < 3:
        raise ImportInputError(path, "not a 3-D NIfTI image; give the segmentation's label map")
    shape = tuple(int(s) for s in img.shape)
    if len(shape) > 3 and any(s > 1 for s in shape[3:]):
        raise ImportInputError(path, f"a {len(shape)}-D image {shape}; a label map is one 3-D volume")
    n = int(np.prod(shape[:3], dtype=np.int64))
    if n > max_voxels:
        raise ImportInputError(
            path, f"{n:,} voxels {shape[:3]} is too large to import in memory (limit {max_voxels:,}). Crop it to "
            "the spine or resample it to 1 mm voxels first, e.g. in 3D Slicer (Crop Volume, nearest-neighbour "
            "interpolation) or with TotalSegmentator's own --roi_subset output")
    return img, shape[:3]


def _labels(path: Path, img) -> np.ndarray:
    data = np.asanyarray(img.dataobj)
    data = data.reshape(data.shape[:3])
    lo, hi = float(data.min()), float(data.max())
    if lo < -100:
        raise ImportInputError(
            path, f"looks like a CT intensity volume (values from {lo:.0f} to {hi:.0f}, like Hounsfield units), "
            "not a label map; segment it first (e.g. TotalSegmentator) and import the segmentation")
    if not np.issubdtype(data.dtype, np.integer):
        if not np.all(np.isfinite(data)) or not np.array_equal(data, np.round(data)):
            raise ImportInputError(path, "holds fractional values, so it is an image, not a label map; import the "
                                   "segmentation's label map (whole-number labels)")
        data = data.astype(np.int32)
    values = np.unique(data)
    if len(values) > MAX_DISTINCT_LABELS:
        raise ImportInputError(
            path, f"has {len(values)} distinct values, like an intensity image rather than a label map; segment "
            "it first and import the segmentation")
    return data


def _crop(mask: np.ndarray, affine: np.ndarray, level: str, origin: str) -> LevelMask:
    idx = np.argwhere(mask)
    lo, hi = idx.min(axis=0), idx.max(axis=0)
    cut = _edge_cut(mask, affine, lo, hi)
    lo_m = lo - _MARGIN
    hi_m = hi + _MARGIN + 1
    crop = np.zeros(tuple(hi_m - lo_m), dtype=bool)
    src_lo, src_hi = np.maximum(lo_m, 0), np.minimum(hi_m, mask.shape)
    crop[tuple(slice(a - o, b - o) for a, b, o in zip(src_lo, src_hi, lo_m, strict=True))] = mask[
        tuple(slice(a, b) for a, b in zip(src_lo, src_hi, strict=True))]
    shift = np.eye(4)
    shift[:3, 3] = lo_m
    return LevelMask(level, crop, affine @ shift, origin, cut)


def _edge_cut(mask: np.ndarray, affine: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> str:
    """How the volume's edge cuts a level ("" when the level lies wholly inside the scan)."""
    for axis in range(3):
        for at_end, touching in ((False, lo[axis] == 0), (True, hi[axis] == mask.shape[axis] - 1)):
            if not touching:
                continue
            layer = np.take(mask, mask.shape[axis] - 1 if at_end else 0, axis=axis)
            step = affine[:3, axis] * (1 if at_end else -1)  # outward direction of that face, in world
            k = int(np.argmax(np.abs(step)))
            side = {(0, 1): "right", (0, -1): "left", (1, 1): "front", (1, -1): "back", (2, 1): "top",
                    (2, -1): "bottom"}[(k, int(np.sign(step[k])))]
            return f"the {side} edge of the scan cuts through it ({int(layer.sum())} voxels in the edge slice)"
    return ""


def _orientation(affine: np.ndarray) -> str:
    import nibabel as nib

    return "".join(nib.aff2axcodes(affine))


def read_label_map(path: Path, conv: LabelConvention | None, max_voxels: int = MAX_VOXELS) -> LabelSource:
    """One multi-label NIfTI file → one mask per level (levels sharing a level name are merged)."""
    img, shape = _open(path, max_voxels)
    data = _labels(path, img)
    values = {int(v) for v in np.unique(data) if v != 0}
    if not values:
        raise ImportInputError(path, "holds no labels (every voxel is 0); check that this is the segmentation")
    conv = conv or detect(values, path)
    by_level: dict[str, list[int]] = {}
    for v in sorted(values):
        name = conv.labels.get(v)
        if name is None:
            continue
        reject_transitional(name, path, v)
        by_level.setdefault(name, []).append(v)
    if not by_level:
        raise ImportInputError(path, f"no vertebra labels in {conv.title} numbering (found labels "
                               f"{', '.join(map(str, sorted(values)[:12]))}); check --labels")
    affine = np.asarray(img.affine, dtype=float)
    masks = [_crop(np.isin(data, nums), affine, name, "label " + "+".join(map(str, nums)))
             for name, nums in sorted(by_level.items(), key=lambda kv: LEVEL_NAMES.index(kv[0]))]
    zooms = tuple(float(z) for z in np.linalg.norm(affine[:3, :3], axis=0))
    return LabelSource(masks, conv, shape, zooms, _orientation(affine))


def read_mask_folder(folder: Path, conv: LabelConvention | None, max_voxels: int = MAX_VOXELS) -> LabelSource:
    """A folder of per-structure masks (TotalSegmentator's ``vertebrae_L4.nii.gz`` …) → one mask per level."""
    conv = conv or built_in("totalsegmentator")
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if not is_nifti(path):
            continue
        stem = path.name[: -len(".nii.gz")] if path.name.lower().endswith(".nii.gz") else path.stem
        level = conv.level_of_file(stem)
        if level is not None:
            reject_transitional(level, path, stem)
            found.setdefault(level, []).append(path)
    if not found:
        raise ImportInputError(folder, "no vertebra masks here (expected files such as vertebrae_L4.nii.gz, or a "
                               "[files] table in --labels MAP.toml)")
    masks, shape, affine = [], (), np.eye(4)
    for level in sorted(found, key=LEVEL_NAMES.index):
        merged = None
        for path in found[level]:
            img, shape = _open(path, max_voxels)
            data = _labels(path, img)
            affine = np.asarray(img.affine, dtype=float)
            merged = data != 0 if merged is None else merged | (data != 0)
        if merged is None or not merged.any():
            continue  # TotalSegmentator writes empty masks for structures outside the scan
        masks.append(_crop(merged, affine, level, found[level][0].name))
    if not masks:
        raise ImportInputError(folder, "every vertebra mask is empty: the scan shows no vertebrae")
    zooms = tuple(float(z) for z in np.linalg.norm(affine[:3, :3], axis=0))
    return LabelSource(masks, conv, shape, zooms, _orientation(affine))
