"""A synthetic stand-in for the lead's spine: anything with .neutral (25,4,4) and .rotation_centres (24,3)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest


def rot_x(angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])


@dataclass(frozen=True)
class SyntheticSpine:
    neutral: np.ndarray
    rotation_centres: np.ndarray


def make_spine(curve_deg: float = 0.0, spacing: float = 20.0) -> SyntheticSpine:
    """25 levels ``spacing`` mm apart, stacked up from the sacrum at the origin.

    ``curve_deg`` tilts each level about x relative to the one below by ``curve_deg * sin(...)``, giving a
    gentle sagittal S-curve (lordosis-kyphosis-lordosis) that keeps left-right symmetry. Rotation centres
    sit 5 mm posterior and 8 mm above each lower level's origin, in its own axes.
    """
    neutral = np.tile(np.eye(4), (25, 1, 1))
    position = np.zeros(3)
    tilt = 0.0
    for i in range(24, -1, -1):
        neutral[i, :3, :3] = rot_x(tilt)
        neutral[i, :3, 3] = position
        position = position + neutral[i, :3, :3] @ np.array([0.0, 0.0, spacing])
        tilt += np.radians(curve_deg) * np.sin(2 * np.pi * i / 24)
    centres = np.array(
        [neutral[s + 1, :3, :3] @ np.array([0.0, -5.0, 8.0]) + neutral[s + 1, :3, 3] for s in range(24)]
    )
    return SyntheticSpine(neutral, centres)


@pytest.fixture(scope="session")
def straight_spine() -> SyntheticSpine:
    return make_spine(0.0)


@pytest.fixture(scope="session")
def curved_spine() -> SyntheticSpine:
    return make_spine(3.0)


@pytest.fixture(scope="session", params=["straight", "curved"])
def spine(request: pytest.FixtureRequest) -> SyntheticSpine:
    return make_spine(0.0 if request.param == "straight" else 3.0)
