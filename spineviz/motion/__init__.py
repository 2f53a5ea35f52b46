"""Motion of the spine: the cited range-of-motion table, motions as values, poses and timelines.

Model floor: NumPy only (no Qt, no plotter). Sign convention and frames: see :mod:`spineviz.motion.motion`
and :mod:`spineviz.motion.pose`. The pose function is imported from its module,
``from spineviz.motion.pose import pose``, so that the name ``spineviz.motion.pose`` stays the module.
"""

from spineviz.motion.motion import NEUTRAL, Motion, MotionError, parse_motion, region_segments
from spineviz.motion.pose import Clamp, Pose
from spineviz.motion.timeline import PRESETS, Keyframe, Timeline, TimelineError, motion_at

__all__ = [
    "NEUTRAL",
    "PRESETS",
    "Clamp",
    "Keyframe",
    "Motion",
    "MotionError",
    "Pose",
    "Timeline",
    "TimelineError",
    "motion_at",
    "parse_motion",
    "region_segments",
]
