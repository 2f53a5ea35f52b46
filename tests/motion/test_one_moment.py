"""Issue 13, session 29: one moment alone (a tick that finds its moment unprepared) by fewer NumPy calls, same bytes.

``loads._unroll_one`` works one moment's C1/2 rows with the centre riding as the first sample, and
``pose._rotations`` makes its nine entries as one outer product plus signed terms. Both must give bit for bit what
the code before gave (every moment of a cycle is compared alone against the batch path, which keeps ``_unroll``, in
``test_batch_moments.py``); here the one-moment path is shown to be the one taken, and the rotations are checked
against Rodrigues' formula written entry by entry as it was. Fails on main (no ``_unroll_one``).
"""

from __future__ import annotations

import numpy as np

from spineviz.anatomy.spine import model
from spineviz.motion import loads
from spineviz.motion.loads import facet_loads, facet_loads_many
from spineviz.motion.pose import _rotations, pose, poses
from spineviz.motion.timeline import PRESETS
from tests.motion.test_batch_moments import _cycle, _same_loads


def _rotations_entry_by_entry(vectors: np.ndarray) -> np.ndarray:
    """Rodrigues' formula as ``_rotations`` wrote it before session 29 (the reference bytes)."""
    x2, y2, z2 = (vectors * vectors).T
    theta = np.sqrt(x2 + y2 + z2)
    x, y, z = (vectors / np.where(theta > 0.0, theta, 1.0)[:, None]).T
    cos, sin = np.cos(theta), np.sin(theta)
    one_minus_cos = 1.0 - cos
    xc, yc, zc = x * one_minus_cos, y * one_minus_cos, z * one_minus_cos
    xs, ys, zs = x * sin, y * sin, z * sin
    return np.stack([cos + x * xc, x * yc - zs, x * zc + ys, y * xc + zs, cos + y * yc, y * zc - xs,
                     z * xc - ys, z * yc + xs, cos + z * zc], axis=1).reshape(-1, 3, 3)


def test_rotations_are_rodrigues_entry_by_entry_to_the_byte():
    rng = np.random.default_rng(29)
    vectors = np.concatenate([rng.normal(0.0, 0.4, (5000, 3)), rng.normal(0.0, 1e-9, (50, 3)), np.zeros((3, 3)),
                              np.eye(3) * np.pi, -np.eye(3) * 1e-300])
    for n in (1, 2, 25, len(vectors)):
        assert _rotations(vectors[:n]).tobytes() == _rotations_entry_by_entry(vectors[:n]).tobytes()


def test_one_moment_takes_its_own_c1_2_path_and_gives_the_batch_bytes(monkeypatch):
    spine = model()
    loads.calibration(spine)  # solved once per model, from single moments: before counting
    calls = {"one": 0, "batch": 0}
    own_one, own_batch = loads._unroll_one, loads._unroll

    def one(*a):
        calls["one"] += 1
        return own_one(*a)

    def batch(*a):
        calls["batch"] += 1
        return own_batch(*a)

    monkeypatch.setattr(loads, "_unroll_one", one)
    monkeypatch.setattr(loads, "_unroll", batch)
    motions = _cycle(PRESETS["rotation_left_right"])[::7]  # C1/2 turns most here
    every = poses(spine, motions)
    many = facet_loads_many(spine, np.stack([p.transforms for p in every]))
    assert calls == {"one": 0, "batch": -(-len(motions) // loads.BATCH)}
    for motion, batch_loads in zip(motions, many, strict=True):
        assert _same_loads(facet_loads(spine, pose(spine, motion)), batch_loads), motion
    assert calls["one"] == len(motions)
