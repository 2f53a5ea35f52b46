"""The anatomy's screen box from each body's hull corners (issue 13, session 20): the box the names keep out of.

While the camera moves, :meth:`SceneRenderer._anatomy_box` projects only the corners of each body's convex
hull (:mod:`spineviz.render.hull`); these tests hold that it is the very box of all the framing points,
from any camera, and that the check would see a wrong reduction.
"""

from __future__ import annotations

import numpy as np
import pytest

from spineviz.scene import Camera, Layers, SceneState
from spineviz.scene.state import Animation

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def spine():
    from spineviz.anatomy.spine import load_spine

    return load_spine(lod="default")


STATES = {
    # the whole spine playing flexion-extension with its nerve roots: 12 poses of 25 bones and the roots
    "whole-animated-nerves": SceneState(layers=Layers(labels=True, nerves=True), camera=Camera(view="left"),
                                        animation=Animation(preset="flexion_extension")),
    "lumbar-still": SceneState(region="lumbar", layers=Layers(labels=True), camera=Camera(view="posterior")),
}


def _cameras(renderer):
    """Put the camera in turn at many places; yield a name for each (orbits, rolls, zooms, inside, parallel)."""
    cam = renderer.plotter.camera
    home = (cam.position, cam.focal_point, cam.up, cam.view_angle)

    def reset(parallel=False):
        cam.position, cam.focal_point, cam.up = home[:3]
        cam.view_angle = home[3]
        cam.parallel_projection = parallel
        if parallel:
            cam.parallel_scale = 0.5 * float(np.linalg.norm(np.subtract(home[0], home[1])))

    for parallel in (False, True):
        for azimuth in range(0, 360, 40):
            for elevation in (-55.0, 0.0, 35.0):
                reset(parallel)
                cam.Azimuth(azimuth)
                cam.Elevation(elevation)
                cam.OrthogonalizeViewUp()
                cam.Roll(azimuth / 4.0)
                yield f"{'parallel' if parallel else 'perspective'} az {azimuth} el {elevation}"
    for dolly in (1.5, 3.0, 8.0, 30.0):  # zoomed in until the camera passes into the spine
        reset()
        cam.Azimuth(20)
        cam.Dolly(dolly)
        yield f"dolly {dolly}"
    for zoom in (2.0, 6.0):
        reset()
        cam.Elevation(15)
        cam.Zoom(zoom)
        yield f"zoom {zoom}"
    pts = renderer.framing_points()
    centre = pts.mean(axis=0)
    for direction in ((0, 1, 0), (0, 0, 1), (1, 0.3, 0.2)):  # standing inside the spine: points behind it
        reset()
        cam.position = tuple(centre)
        cam.focal_point = tuple(centre + 100.0 * np.asarray(direction, float))
        cam.up = (0.0, 0.0, 1.0) if direction[2] == 0 else (1.0, 0.0, 0.0)
        yield f"inside, looking {direction}"
    reset()


def _every_point_box(renderer):
    from spineviz.render.labels import project

    xy = project(renderer.plotter.renderer, renderer.framing_points())
    return np.array([xy[:, 0].min(), xy[:, 1].min(), xy[:, 0].max(), xy[:, 1].max()])


def _compare(renderer) -> dict:
    """For every camera of :func:`_cameras`: the box from the corners against the box from every point."""
    from spineviz.render.hull import screen_box

    seen = {"cameras": 0, "by_corners": 0, "behind": 0, "wrong": []}
    renderer._anatomy_box()  # the framing's first box (every point); the cameras below move it
    for name in _cameras(renderer):
        want = _every_point_box(renderer)
        got = renderer._anatomy_box()
        by_corners = screen_box(renderer.plotter.renderer, renderer.framing_corners().T)
        seen["cameras"] += 1
        if by_corners is None:
            seen["behind"] += 1
        else:
            seen["by_corners"] += 1
            if not np.allclose(by_corners, want, rtol=1e-9, atol=1e-9):
                seen["wrong"].append((name, "corners", by_corners, want))
        if got is None or not np.allclose(got, want, rtol=1e-9, atol=1e-9):
            seen["wrong"].append((name, "_anatomy_box", got, want))
    return seen


def _open(state, spine):
    from spineviz.render.scene_render import open_renderer

    return open_renderer(state, (640, 480), spine=spine)


@pytest.mark.parametrize("name", STATES)
def test_box_from_hull_corners_equals_box_from_every_framing_point(spine, name):
    """The same box to 1e-9 from every camera, with far fewer points projected; all points when one is behind."""
    renderer = _open(STATES[name], spine)
    try:
        seen = _compare(renderer)
        corners, every = len(renderer.framing_corners()), len(renderer.framing_points())
    finally:
        renderer.plotter.close()
    assert not seen["wrong"], seen["wrong"][:4]
    assert seen["by_corners"] >= 56, seen  # the corners measured the 54 orbits (half parallel) and the zooms
    assert seen["behind"] >= 1, seen  # and a camera inside the spine was tried (every point projected)
    assert corners <= 0.45 * every, (corners, every)


def test_the_box_check_sees_a_wrong_reduction(spine, monkeypatch):
    """With each body cut to a random subset of its points (as many as its hull corners) the boxes differ."""
    import spineviz.render.hull as hull

    true_corners = hull.hull_corners
    rng = np.random.default_rng(13)

    def random_subset(points):
        n = len(true_corners(points))
        return np.sort(rng.choice(len(points), size=n, replace=False))

    monkeypatch.setattr(hull, "hull_corners", random_subset)
    renderer = _open(STATES["whole-animated-nerves"], spine)
    try:
        seen = _compare(renderer)
    finally:
        renderer.plotter.close()
    assert len(seen["wrong"]) >= 10, len(seen["wrong"])


def test_hull_corners_of_a_cube_with_points_inside_and_on_its_faces():
    """The eight corners are kept, inside points dropped; flat and tiny sets keep every point."""
    from spineviz.render.hull import hull_corners

    rng = np.random.default_rng(5)
    cube = np.array(np.meshgrid([0.0, 10.0], [0.0, 10.0], [0.0, 10.0], indexing="ij")).reshape(3, -1).T
    inside = rng.uniform(0.5, 9.5, (200, 3))
    pts = np.vstack([inside[:100], cube, inside[100:]])
    kept = hull_corners(pts)
    assert set(range(100, 108)) <= set(kept.tolist())
    assert len(kept) == 8
    flat = np.c_[rng.uniform(0, 10, (50, 2)), np.zeros(50)]
    assert len(hull_corners(flat)) == 50
    assert len(hull_corners(cube[:4])) == 4
    blob = rng.normal(size=(300, 3))  # random directions: the box in each of many directions is a kept point's
    kept = hull_corners(blob)
    directions = rng.normal(size=(500, 3))
    assert np.allclose((blob @ directions.T).max(axis=0), (blob[kept] @ directions.T).max(axis=0), rtol=0, atol=0)
