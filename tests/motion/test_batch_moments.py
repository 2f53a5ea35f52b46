"""Issue 13, session 26: a cycle's moments worked out in batches are bit for bit the moments worked out alone.

Pressing Play works out the whole cycle of the animation before its first tick (``LiveScene.prepare_cycle``): the
poses, the 48 facet loads, the colours and the summaries of up to 1,920 moments, over whole arrays of moments at
once. What a tick then draws must be exactly what it would have drawn from the moment worked out on the tick, so
here every moment of a preset's cycle is compared, array by array and byte by byte, with the same moment alone.
"""

from __future__ import annotations

import numpy as np
import pytest

from spineviz.anatomy.spine import model
from spineviz.motion import Motion
from spineviz.motion.loads import facet_loads, facet_loads_many
from spineviz.motion.pose import pose, poses
from spineviz.motion.timeline import PRESETS, Keyframe, Timeline
from spineviz.render.facet_colours import pose_and_colours, poses_and_colours
from spineviz.scene import Animation, Layers, SceneState

STEPS = 240  # LiveScene's MOMENT_STEPS (the app floor is not imported here)


def _cycle(timeline: Timeline) -> list[Motion]:
    """The distinct motions of a cycle met at Play's steps of 1/240 s."""
    cycle = timeline.duration * (2 if timeline.mode == "pingpong" else 1)
    return list(dict.fromkeys(timeline.at(k / STEPS) for k in range(round(cycle * STEPS))))


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def _same_loads(a, b) -> bool:
    return all(_same(getattr(a, f), getattr(b, f))
               for f in ("gap", "closure_axial", "closure_normal", "newtons", "patch_closure"))


@pytest.mark.parametrize("preset", ["extension_rotation", "rotation_left_right"])
def test_every_moment_of_a_cycle_batched_is_the_moment_alone(preset):
    spine = model()
    motions = _cycle(PRESETS[preset])
    assert len(motions) > 1000
    batch = poses(spine, motions)
    loads = facet_loads_many(spine, np.stack([p.transforms for p in batch]))
    for motion, p, batch_loads in zip(motions, batch, loads, strict=True):
        alone = pose(spine, motion)
        assert _same(p.transforms, alone.transforms), motion
        assert _same(p.angles, alone.angles) and _same(p.coupled_rotation, alone.coupled_rotation), motion
        assert (p.motion, p.applied, p.clamped) == (alone.motion, alone.applied, alone.clamped), motion
        assert _same_loads(batch_loads, facet_loads(spine, alone)), motion


def test_clamped_motions_of_several_regions_batched_are_the_motions_alone():
    """Motions past their region's range (clamped), of several regions and both directions, in one batch."""
    spine = model()
    rng = np.random.default_rng(26)
    regions = ("all", "cervical", "thoracic", "lumbar", "L3-S1")
    motions = [Motion(*rng.uniform(-120.0, 120.0, 3), region=regions[i % len(regions)]) for i in range(200)]
    motions += [Motion(), Motion(flexion=-0.0), Motion(axial_rotation=500.0, region="lumbar")]
    batch = poses(spine, motions)
    assert sum(p.is_clamped for p in batch) > 100
    loads = facet_loads_many(spine, np.stack([p.transforms for p in batch]))
    for motion, p, batch_loads in zip(motions, batch, loads, strict=True):
        alone = pose(spine, motion)
        assert _same(p.transforms, alone.transforms) and _same(p.angles, alone.angles), motion
        assert (p.applied, p.clamped) == (alone.applied, alone.clamped), motion
        assert _same_loads(batch_loads, facet_loads(spine, alone)), motion


def _same_moment(a: tuple, b: tuple) -> bool:
    (pa, ca, sa), (pb, cb, sb) = a, b
    return (_same(pa.transforms, pb.transforms) and _same(ca, cb) and sa.keys() == sb.keys()
            and all(_same(sa[k], sb[k]) if k == "newtons" else sa[k] == sb[k] for k in sa))


@pytest.mark.parametrize("scene", [
    SceneState(animation=Animation(preset="extension_rotation"), loads=True),
    SceneState(animation=Animation(preset="side_bending_left_right"), loads=True, region="lumbar",
               layers=Layers(load_range=(10.0, 60.0))),
    SceneState(animation=Animation(preset="flexion_extension"), loads=False, highlight=("L4/5",),
               selection="L5/S1 left"),
], ids=["loads", "lumbar-own-scale", "loads-off-marks"])
def test_every_moment_of_a_cycle_prepared_in_batches_draws_what_the_moment_alone_draws(scene):
    """Pose, 48 colours and summary (clamps, motion, the three most loaded joints shown, the 48 loads)."""
    spine = model()
    motions = _cycle(scene.animation.resolved())
    prepared = list(poses_and_colours(scene, spine, motions))
    assert len(prepared) == len(motions)
    for motion, moment in zip(motions, prepared, strict=True):
        assert _same_moment(moment, pose_and_colours(scene, spine, motion)), motion


def test_a_custom_timeline_beyond_the_range_prepared_in_batches():
    spine = model()
    timeline = Timeline(keyframes=(Keyframe(0.0, Motion(region="cervical")),
                                   Keyframe(1.0, Motion(lateral_bending=90.0, axial_rotation=-150.0,
                                                        region="cervical")),
                                   Keyframe(2.0, Motion(region="cervical"))), mode="loop", duration=2.0)
    scene = SceneState(loads=True)  # a scene refuses such a timeline; the moments are the timeline's own
    motions = _cycle(timeline)
    prepared = list(poses_and_colours(scene, spine, motions, batch=7))  # batches that do not divide the cycle
    assert any(moment[2]["clamped"] for moment in prepared)
    for motion, moment in zip(motions, prepared, strict=True):
        assert _same_moment(moment, pose_and_colours(scene, spine, motion)), motion
