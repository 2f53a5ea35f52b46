"""The spinous process's own axes, shared by the shape tests that measure along and across it."""

import numpy as np


def spine_axes(spine, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(base, axis, up)`` of ``name``'s spinous process: its base landmark, the unit vector from base to
    tip, and ``up``, square to it in the mid-sagittal plane (back and up)."""
    lm = spine.landmarks[name]
    tip, base = np.array(lm["spinous_tip"]), np.array(lm["spinous_base"])
    axis = (tip - base) / np.linalg.norm(tip - base)
    return base, axis, np.array([0.0, axis[2], -axis[1]])
