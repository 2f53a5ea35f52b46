"""Sanity checks on a segmentation before it becomes an anatomy: each failure names the file and the fix."""

from __future__ import annotations

import itertools

import numpy as np

from spineviz.anatomy.importer.errors import ImportInputError
from spineviz.anatomy.importer.levelframes import LevelGeometry
from spineviz.anatomy.levels import LEVEL_NAMES

# A body core split by more than this is two bodies: two levels carry one label. Two stacked bodies' cores
# are a disc plus the shallow rims of both endplates apart (over 10 mm even in the neck, whose discs are
# about 5 mm); one body's deep core can part by a few millimetres where its walls are concave (5 mm measured
# on the template L4 at 1.5 mm voxels), so the bar sits between the two.
FUSED_GAP_MM = 8.0
# A label whose second-largest piece is this large (relative to the largest) holds two bones, not a speck.
SECOND_PIECE = 0.3
# Neighbouring bodies closer than this have no disc space between them in the segmentation.
MIN_DISC_MM = 0.8


def at_least_two(names: list[str], source: object, skipped: list[str]) -> None:
    if len(names) >= 2:
        return
    why = "".join(f"\n  - {s}" for s in skipped)
    found = f"only one complete vertebra ({names[0]})" if names else "no usable vertebra"
    raise ImportInputError(source, f"{found}; the importer needs at least two neighbouring levels to find their "
                           f"joints. Segment a scan that covers more of the spine, at 1-2 mm voxels.{why}")


def anatomical_order(levels: list[LevelGeometry], origins: dict[str, str], source: object) -> None:
    """In a scan (RAS, z toward the head) each level must lie below the one named above it."""
    for upper, lower in itertools.pairwise(levels):
        if upper.centroid[2] <= lower.centroid[2]:
            raise ImportInputError(
                source, f"labels out of anatomical order: {upper.name} ({origins[upper.name]}) lies below "
                f"{lower.name} ({origins[lower.name]}). Check the label numbering (--labels) or relabel the "
                "segmentation so that names run from head to pelvis")


def not_fused(g: LevelGeometry, origin: str, source: object, spacing_mm: float = 1.0) -> None:
    """A label holding two vertebrae has two bodies, split by a disc-shaped gap along the spine."""
    second = float(g.surface.field_data["second_piece"][0]) if "second_piece" in g.surface.field_data else 0.0
    if second > SECOND_PIECE:
        raise ImportInputError(
            source, f"{g.name} ({origin}) is two separate bones of similar size: two levels share one label. "
                    "Give each vertebra its own label in the segmentation and import again")
    if g.name in ("C1", "S1"):
        return
    core = g.core()
    axis = np.linalg.svd(core - core.mean(axis=0), full_matrices=False)[2][0]  # two bodies lie along it
    h = np.sort((core - core.mean(axis=0)) @ axis)
    gaps = np.diff(h)
    if len(gaps) and gaps.max() > max(FUSED_GAP_MM, 1.6 * spacing_mm):
        raise ImportInputError(
            source, f"{g.name} ({origin}) holds two vertebral bodies {gaps.max():.0f} mm apart: two levels share "
            "one label. Give each vertebra its own label in the segmentation and import again")


def disc_space(upper: LevelGeometry, lower: LevelGeometry, origins: dict[str, str], source: object) -> float:
    """Disc height between two present neighbours (mm); refuse bodies that touch with no gap."""
    a = upper.frame[:3, :3] @ np.array(upper.landmarks["lower_endplate"]) + upper.frame[:3, 3]
    b = lower.frame[:3, :3] @ np.array(lower.landmarks["upper_endplate"]) + lower.frame[:3, 3]
    height = float((a - b) @ lower.frame[:3, 2])
    if LEVEL_NAMES.index(lower.name) - LEVEL_NAMES.index(upper.name) == 1 and upper.name != "C1" \
            and height < MIN_DISC_MM:
        raise ImportInputError(
            source, f"{upper.name} ({origins[upper.name]}) and {lower.name} ({origins[lower.name]}) touch with no "
            f"disc space ({height:.1f} mm): the labels run into each other. Separate them in the segmentation "
            "(the disc must be unlabelled) and import again")
    return height
