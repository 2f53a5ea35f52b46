"""What the motion functions need from a spine, as typed protocols (the seam between anatomy and motion).

:func:`spineviz.motion.pose.pose` needs only the neutral placement of each level and each segment's centre
of rotation; :func:`spineviz.motion.loads.facet_loads` also needs the facet joints as arrays and each
level's frame. :class:`spineviz.anatomy.spine.SpineModel` satisfies both, and so can a test double of a
few arrays, without the motion package importing the anatomy package's classes.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class PosableSpine(Protocol):
    """Enough of a spine to pose: ``neutral`` (25, 4, 4) and ``rotation_centres`` (24, 3), mm, spine frame."""

    @property
    def neutral(self) -> np.ndarray: ...

    @property
    def rotation_centres(self) -> np.ndarray: ...


@runtime_checkable
class LoadableSpine(PosableSpine, Protocol):
    """Enough of a spine to estimate facet loads: a posable spine with its frames and facet joint arrays.

    ``frames`` is (25, 4, 4); ``facet_arrays()`` returns the 48 joints' ``centre``, ``normal``, ``upper``,
    ``lower``, ``gap`` and ``area`` in ``FACET_JOINT_IDS`` order.
    """

    @property
    def frames(self) -> np.ndarray: ...

    def facet_arrays(self) -> dict[str, np.ndarray]: ...


class HasSpineModel(Protocol):
    """A loaded spine (meshes and all) that carries its anatomy model as ``.model``."""

    @property
    def model(self) -> LoadableSpine: ...


__all__ = ["HasSpineModel", "LoadableSpine", "PosableSpine"]
