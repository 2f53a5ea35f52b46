"""Pose: a :class:`~spineviz.motion.motion.Motion` turned into one rigid transform per vertebra.

Frame: the spine frame, millimetres, RAS and right-handed (x to the patient's right, y anterior, z superior),
origin at the centre of the sacrum's upper (S1) endplate in neutral. Angles in degrees, signed as in
:mod:`spineviz.motion.motion` (flexion +, extension -; bending and turning to the patient's left +).

How a motion becomes a pose:

1. Each global angle is shared over the segments of the motion's region in proportion to their range of
   motion in that direction (:mod:`spineviz.motion.rom`): flexion by the flexion range, extension by the
   extension range, bending and rotation by the one-sided ranges. So a segment's angles add up to the
   global angle, and at full range every segment is at its own end of range. A request beyond the region's
   summed range is clamped to it and reported in :attr:`Pose.clamped`. A partial spine (an imported one
   that names its ``present_segments``) shares the motion over the segments it has, so no part of the
   motion goes to a segment that is not there.
2. Cervical coupling: lateral bending at C2/3 … C7/T1 brings axial rotation to the same side (the spinous
   processes swing to the convex side), ``coupling[s]`` degrees per degree of bending
   (``data/coupling.csv``). The coupled rotation is limited to the segment's own axial range, and it uses
   up range: the requested (primary) rotation is shared over what remains in its direction, so a segment's
   total rotation never leaves its range. :attr:`Pose.coupled_rotation` holds the coupled part.
3. Each segment rotates its upper vertebra about the segment's centre of rotation
   (``spine.rotation_centres[s]``, neutral spine frame) and about the lower vertebra's neutral local axes:
   flexion is a negative rotation about local +x, bending to the left a negative rotation about local +y,
   turning to the left a positive rotation about local +z. The three are combined as one rotation vector
   (the exponential map), so the result does not depend on an order of axes and mirrored motions give
   mirrored poses.
   C1/2 also translates: as the atlas turns it comes down along C2's axis by
   :func:`spineviz.anatomy.atlantoaxial.descent` (its biconvex lateral joints; 2.2 mm at 36.8 degrees in vivo),
   and its side bending turns about a point ``BEND_CENTRE_DROP`` mm lower on the dens axis.
4. The segments are chained up from the fixed sacrum: ``T[sacrum] = I`` and
   ``T[upper] = T[lower] @ M[s]``, where ``M[s]`` is the segment's rigid rotation about its neutral-frame
   centre. The centre therefore moves with the lower vertebra.

``Pose.transforms[i]`` is applied ON TOP of neutral, in the spine frame:
``posed_world = transforms[i] @ spine.neutral[i]``; the neutral motion gives identities.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from spineviz.anatomy.atlantoaxial import BEND_CENTRE_DROP, descent
from spineviz.motion.motion import Motion
from spineviz.motion.rom import AXIAL_ROTATION, COUPLING, EXTENSION, FLEXION, LATERAL_BENDING
from spineviz.motion.spine_shape import PosableSpine

N_LEVELS = 25
N_SEGMENTS = 24
_COMPONENT_WORDS = {
    "flexion": ("flexion", "extension"),
    "lateral_bending": ("left side bending", "right side bending"),
    "axial_rotation": ("left rotation", "right rotation"),
}


@dataclass(frozen=True)
class Clamp:
    """A component of a motion that went beyond the region's physiological range (degrees)."""

    component: str
    requested: float
    applied: float

    def __str__(self) -> str:
        positive, negative = _COMPONENT_WORDS[self.component]
        word = positive if self.requested >= 0 else negative
        return f"{word} limited to {abs(self.applied):.1f}° (asked for {abs(self.requested):.1f}°)"


@dataclass(frozen=True, eq=False)
class Pose:
    """One rigid transform per level for a motion, plus how the motion was shared out.

    Attributes
    ----------
    transforms
        (25, 4, 4) rigid transforms, index as ``LEVELS`` (sacrum = 24, always the identity), applied on top
        of neutral in the spine frame: ``posed_world = transforms[i] @ neutral[i]``.
    angles
        (24, 3) per-segment (flexion, lateral_bending, axial_rotation) in degrees, signed as the motion;
        the rotation column includes the coupled rotation.
    coupled_rotation
        (24,) the part of each segment's axial rotation that comes from cervical coupling (degrees).
    motion
        The motion as requested.
    applied
        The motion actually performed: ``motion`` with clamped components at the region's limit.
    clamped
        One :class:`Clamp` per component that was clamped (empty when nothing was).
    """

    transforms: np.ndarray
    angles: np.ndarray
    coupled_rotation: np.ndarray
    motion: Motion
    applied: Motion
    clamped: tuple[Clamp, ...]

    @property
    def is_clamped(self) -> bool:
        return bool(self.clamped)


@lru_cache(maxsize=256)
def _region_ranges(region: str) -> tuple[np.ndarray, ...]:
    """Per-segment flexion, extension, bending and rotation ranges and coupling, zero outside a region."""
    mask = np.zeros(N_SEGMENTS, dtype=bool)
    mask[list(Motion(region=region).segments)] = True
    arrays = tuple(
        np.where(mask, table, 0.0)
        for table in (FLEXION, EXTENSION, LATERAL_BENDING, AXIAL_ROTATION, COUPLING)
    )
    for array in arrays:
        array.setflags(write=False)
    return arrays


def _shares(request: np.ndarray, positive_range: np.ndarray, negative_range: np.ndarray,
            caps: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Clamp each request (n,) to the summed range in its direction and share it in proportion to the ranges.

    The ranges are (24,) or, per request, (n, 24); ``caps`` their sums when already known. Returns the applied
    requests (n,) and the shares (n, 24); a direction without range applies 0. Element by element, so one
    request's result does not depend on the others in the batch (issue 13, session 26).
    """
    if caps is None:
        caps = (positive_range.sum(axis=-1), negative_range.sum(axis=-1))
    up = request >= 0.0
    cap = np.where(up, caps[0], caps[1])
    some = cap > 0.0
    applied = np.where(some, np.where(up, np.minimum(request, cap), np.maximum(request, -cap)), 0.0)
    ranges = np.where(up[:, None], positive_range, negative_range)
    return applied, np.where(some[:, None], ranges * (applied / np.where(some, cap, 1.0))[:, None], 0.0)


def _spine_arrays(spine: PosableSpine) -> tuple[np.ndarray, np.ndarray]:
    """The spine's neutral frames and rotation centres as float arrays, checked for shape and finiteness.

    A spine's arrays are checked once (issue 13, session 22: the checks were about a sixth of a pose in a tick
    of Play): while the spine hands out the same two arrays, they are taken as checked.
    """
    kept = _CHECKED.get(id(spine))
    if kept is not None and kept[0]() is spine:
        neutral, centres = kept[1], kept[2]
        if getattr(spine, "neutral", None) is neutral and getattr(spine, "rotation_centres", None) is centres:
            return neutral, centres
    neutral, centres = _check_spine_arrays(spine)
    try:
        key = id(spine)
        _CHECKED[key] = (weakref.ref(spine, lambda _gone: _CHECKED.pop(key, None)), neutral, centres)
    except TypeError:  # a spine that cannot be referred to weakly is checked on every pose
        pass
    return neutral, centres


_CHECKED: dict[int, tuple] = {}
"""id(spine): (a weak reference to the spine, its checked neutral frames, its checked rotation centres)."""


def _check_spine_arrays(spine: PosableSpine) -> tuple[np.ndarray, np.ndarray]:
    try:
        neutral = np.asarray(spine.neutral, dtype=float)  # type: ignore[attr-defined]
        centres = np.asarray(spine.rotation_centres, dtype=float)  # type: ignore[attr-defined]
    except AttributeError as exc:
        raise TypeError(f"pose() needs a spine with .neutral and .rotation_centres: {exc}") from None
    if neutral.shape != (N_LEVELS, 4, 4) or centres.shape != (N_SEGMENTS, 3):
        raise ValueError(
            f"spine.neutral must be ({N_LEVELS}, 4, 4) and spine.rotation_centres ({N_SEGMENTS}, 3); "
            f"got {neutral.shape} and {centres.shape}"
        )
    if not (np.isfinite(neutral).all() and np.isfinite(centres).all()):
        raise ValueError("spine.neutral and spine.rotation_centres must be finite")
    return neutral, centres


def _rotations(vectors: np.ndarray) -> np.ndarray:
    """Rotation matrices (n, 3, 3) from rotation vectors (n, 3) in radians (Rodrigues' formula).

    R = cos I + sin [k]x + (1 - cos) k k^T, each entry worked out element by element in one fixed order: the
    products k_i (k_j (1 - cos)) as one outer product, then cos or the signed k sin added to each (a sum of two
    terms, the same bytes in either order). Eleven NumPy calls whatever n (the entries one by one were thirty:
    C1/2's unrolling makes two a moment; session 29).
    """
    squares = vectors * vectors
    theta = np.sqrt(squares[:, 0] + squares[:, 1] + squares[:, 2])  # summed in one order, whatever the batch
    k = vectors / np.where(theta > 0.0, theta, 1.0)[:, None]
    cos, sin = np.cos(theta)[:, None], np.sin(theta)[:, None]
    outer = k[:, :, None] * (k * (1.0 - cos))[:, None, :]  # x (x (1 - cos)), x (y (1 - cos)), ...
    ks = k * sin
    terms = np.concatenate([cos, ks, -ks], axis=1)  # cos, x sin, y sin, z sin, and their negatives
    return outer + terms[:, _RODRIGUES].reshape(-1, 3, 3)


# which of ``_rotations``' terms each entry adds, row by row: cos, -z sin, y sin / z sin, cos, -x sin / -y sin,
# x sin, cos
_RODRIGUES = np.array([0, 6, 2, 3, 0, 4, 5, 1, 0])


def _apply(matrices: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """``matrices @ vectors`` for (..., 3, 3) and (..., 3), broadcast, summed in one fixed order.

    Element by element (never BLAS or einsum, whose order of summing can depend on the arrays' shapes and
    alignment), so a batch of moments gives each moment bit for bit what it gives alone (session 26).
    """
    return (matrices[..., :, 0] * vectors[..., None, 0] + matrices[..., :, 1] * vectors[..., None, 1]
            + matrices[..., :, 2] * vectors[..., None, 2])


def _product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for (..., m, k) and (..., k, p), broadcast, summed in one fixed order (see :func:`_apply`)."""
    out = a[..., :, 0, None] * b[..., None, 0, :]
    for k in range(1, a.shape[-1]):
        out = out + a[..., :, k, None] * b[..., None, k, :]
    return out


def _chain(segment_transforms: np.ndarray) -> np.ndarray:
    """Chain per-segment transforms (..., 24, 4, 4) up from the sacrum into per-level ones (..., 25, 4, 4).

    ``out[s] = M[23] @ M[22] @ … @ M[s]`` and ``out[24] = I``: an inclusive prefix product from the bottom,
    computed in log2(24) batched steps (Hillis–Steele scan) rather than a 24-step Python loop; a leading axis
    holds a batch of moments.
    """
    lead = segment_transforms.shape[:-3]
    out = np.empty((*lead, N_LEVELS, 4, 4))
    out[..., -1, :, :] = np.eye(4)
    scan = segment_transforms
    step = 1
    while step < N_SEGMENTS:
        scan = np.concatenate([_product(scan[..., step:, :, :], scan[..., :-step, :, :]),
                               scan[..., -step:, :, :]], axis=-3)
        step *= 2
    out[..., :-1, :, :] = scan
    return out


def _present_mask(spine: object) -> np.ndarray | None:
    """(24,) True for the segments a partial spine has, from its ``present_segments``; None for a whole one."""
    names = getattr(spine, "present_segments", None)
    return None if names is None else _mask_of(tuple(names))


@lru_cache(maxsize=64)
def _mask_of(names: tuple[str, ...]) -> np.ndarray | None:
    """:func:`_present_mask` of these segment names (read-only; made once, asked for on every pose)."""
    from spineviz.anatomy.levels import SEGMENTS

    have = set(names)
    mask = np.array([seg.name in have for seg in SEGMENTS])
    mask.setflags(write=False)
    return None if mask.all() else mask


def segment_angles(motion: Motion, present: np.ndarray | None = None
                   ) -> tuple[np.ndarray, np.ndarray, Motion, tuple[Clamp, ...]]:
    """Share a motion over its region's segments (step 1 and 2 of the module docstring).

    ``present`` (24 booleans) limits the sharing to the segments a partial spine has; None means all.

    Returns
    -------
    angles
        (24, 3) per-segment (flexion, lateral_bending, axial_rotation), degrees.
    coupled
        (24,) coupled axial rotation, degrees (included in ``angles[:, 2]``).
    applied
        The motion after clamping.
    clamped
        The clamped components.
    """
    _check_motions((motion,))
    angles, coupled, applied = _angles_many(np.array([motion.angles]), motion.region, present)
    return (angles[0], coupled[0], *_applied(motion, applied[0]))


def _check_motions(motions) -> None:
    for motion in motions:
        if not isinstance(motion, Motion):
            raise TypeError(f"expected a Motion, not {type(motion).__name__}; build one with parse_motion()")


def _angles_many(requests: np.ndarray, region: str, present: np.ndarray | None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`segment_angles` of a batch of motions of one region, as arrays.

    ``requests`` (n, 3) are the motions' (flexion, lateral_bending, axial_rotation); returns the angles
    (n, 24, 3), the coupled rotations (n, 24) and the applied (clamped) requests (n, 3). Each row is worked
    out element by element, so it is the same whatever else is in the batch.
    """
    flexion_range, extension_range, lateral_range, rotation_range, coupling = _region_ranges(region)
    if present is not None:
        flexion_range, extension_range, lateral_range, rotation_range, coupling = (
            np.where(present, a, 0.0) for a in (flexion_range, extension_range, lateral_range, rotation_range,
                                                 coupling))
    flexion, flex = _shares(requests[:, 0], flexion_range, extension_range)
    lateral, bend = _shares(requests[:, 1], lateral_range, lateral_range)
    coupled = np.clip(coupling * bend, -rotation_range, rotation_range)
    rotation, primary = _shares(requests[:, 2], rotation_range - coupled, rotation_range + coupled)
    angles = np.stack([flex, bend, coupled + primary], axis=-1)
    return angles, coupled, np.stack([flexion, lateral, rotation], axis=-1)


def _applied(motion: Motion, applied: np.ndarray) -> tuple[Motion, tuple[Clamp, ...]]:
    """The motion as performed and what was clamped, from one row of :func:`_angles_many`'s applied requests."""
    done = applied.tolist()
    clamped = tuple(
        Clamp(name, requested, value)
        for name, requested, value in zip(("flexion", "lateral_bending", "axial_rotation"), motion.angles, done,
                                          strict=True)
        if value != requested
    )
    return (Motion(*done, motion.region) if clamped else motion), clamped


def pose(spine: PosableSpine, motion: Motion, *, whole: bool = False) -> Pose:
    """Pose the spine: one rigid transform per level for ``motion`` (see the module docstring).

    Parameters
    ----------
    spine
        A :class:`~spineviz.motion.spine_shape.PosableSpine`: any object with ``neutral`` ((25, 4, 4)
        level-to-spine-frame transforms at neutral, index as ``LEVELS``, sacrum = 24) and
        ``rotation_centres`` ((24, 3) per-segment centres of rotation in the neutral spine frame, mm, index
        as ``SEGMENTS``). A spine that also has ``present_segments`` (segment names; an imported partial
        spine) moves only those segments.
    motion
        The global motion and its region.
    whole
        Share the motion as over a whole spine even when ``spine`` is partial (the load calibration's
        anchors are whole-spine motions).

    Returns
    -------
    Pose
        Transforms applied on top of neutral, the per-segment angles and what was clamped.

    Raises
    ------
    TypeError
        If ``motion`` is not a :class:`Motion` or the spine lacks the two attributes.
    ValueError
        If the spine's arrays have the wrong shape or are not finite.
    """
    return poses(spine, (motion,), whole=whole)[0]


def poses(spine: PosableSpine, motions, *, whole: bool = False) -> list[Pose]:
    """:func:`pose` of each of ``motions``, worked out together in whole arrays (issue 13, session 26).

    Each pose is bit for bit the one :func:`pose` gives for its motion alone (:func:`pose` is this function
    with one motion, and every step works element by element: :func:`_apply`, :func:`_product`); a batch of
    a cycle's 1,920 moments costs a few milliseconds instead of a third of a millisecond each. The poses'
    arrays are read-only views into the batch's arrays.
    """
    motions = list(motions)
    _check_motions(motions)
    neutral, centres = _spine_arrays(spine)
    present = None if whole else _present_mask(spine)
    out: list = [None] * len(motions)
    groups: dict[str, list[int]] = {}
    for i, motion in enumerate(motions):
        groups.setdefault(motion.region, []).append(i)
    for region, members in groups.items():
        angles, coupled, applied = _angles_many(np.array([motions[i].angles for i in members], float), region,
                                                present)
        transforms = _transforms(neutral, centres, angles)
        for array in (transforms, angles, coupled):
            array.setflags(write=False)
        for j, i in enumerate(members):
            out[i] = Pose(transforms[j], angles[j], coupled[j], motions[i], *_applied(motions[i], applied[j]))
    return out


def _transforms(neutral: np.ndarray, centres: np.ndarray, angles: np.ndarray) -> np.ndarray:
    """The (n, 25, 4, 4) transforms of (n, 24, 3) segment angles (step 3 and 4 of the module docstring)."""
    n = len(angles)
    # Rotation vectors in each lower vertebra's local axes, then in the spine frame.
    local = np.radians(angles) * np.array([-1.0, -1.0, 1.0])
    lower_axes = neutral[1:, :3, :3]
    # C1 comes down on C2 as it turns (convex on convex lateral atlanto-axial joints), and bends about a
    # point lower on the dens axis than it turns about (atlantoaxial.py). Its bend is made in the same
    # call as the 24 segments' rotations: one call instead of two on every pose.
    vectors = np.concatenate([_apply(lower_axes, local),
                              _apply(lower_axes[0], local[:, 0] * (0.0, 1.0, 0.0))[:, None]], axis=1)
    turns = _rotations(vectors.reshape(-1, 3)).reshape(n, N_LEVELS, 3, 3)
    rotation, bend = turns[:, :N_SEGMENTS], turns[:, N_SEGMENTS]
    translation = centres - _apply(rotation, centres)
    axis = lower_axes[0][:, 2]
    translation[:, 0] += (_apply(np.eye(3) - bend, -BEND_CENTRE_DROP * axis)
                          - descent(angles[:, 0, 2])[:, None] * axis)

    segment_transforms = np.zeros((n, N_SEGMENTS, 4, 4))
    segment_transforms[..., :3, :3] = rotation
    segment_transforms[..., :3, 3] = translation
    segment_transforms[..., 3, 3] = 1.0
    return _chain(segment_transforms)
