"""C3-C6 from the front-oblique (issue 10, session 37, cerv37): no dimple in the top of the process's root beside the
body, between the foramen transversarium's medial block, the anterior bar's root and the body's side.

The top of the bone seen from above (the highest surface on vertical rays every STEP mm) over the process's root,
from 1 mm inside the body's side out to the foramen's centre, from 5 mm behind the foramen's centre to 6 mm in front
of it, in each vertebra's local frame: water poured on it (a priority flood; the window's edge and the foramen, where
the rays meet no bone, drain) stands at most PIT_MAX deep anywhere. See docs/cervical-review-session37.md (item 1).
"""

import heapq

import numpy as np
import pytest

from spineviz.anatomy.spine import load_spine
from tests.anatomy.test_cervical_shapes import SIDES, _crossings, _locator

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TYPICAL = ["C3", "C4", "C5", "C6"]
STEP = 0.25
# The window about the foramen transversarium's centre (mm): behind / in front of it, and from WINDOW_INSIDE mm inside
# the body's side (half the table's endplate width) out to the foramen's centre [M].
WINDOW_BACK, WINDOW_FRONT, WINDOW_INSIDE = 5.0, 6.0, 1.0
# The deepest water the top may hold there, mm: a modelling limit [M]. Main in session 36 held 0.30-0.38 mm on both
# lods, a dimple about 1 mm across just behind the front edge of the block beside the foramen
# (cervical.FORAMEN_MEDIAL_WALL), a dark spot at the junction of body, bar and ring from the front-oblique.
PIT_MAX = 0.25


@pytest.fixture(scope="module", params=["default", "fine"])
def spine(request):
    return load_spine(lod=request.param)


def _top(tree, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """The highest surface (z, mm) on a vertical ray at each (x, y); nan where the ray meets no bone."""
    z = np.full((len(xs), len(ys)), np.nan)
    for i, x in enumerate(xs):
        for j, y in enumerate(ys):
            hits = _crossings(tree, (x, y, 40.0), (x, y, -40.0))
            if len(hits):
                z[i, j] = hits[:, 2].max()
    return z


def _held(z: np.ndarray) -> np.ndarray:
    """How deep water stands on the height map ``z`` (a priority flood from the window's edge and from every cell
    with no bone)."""
    n, m = z.shape
    ground = np.where(np.isnan(z), -1e9, z)  # no bone: drains
    level = ground.copy()
    done = np.zeros(z.shape, bool)
    heap = []
    for i in range(n):
        for j in range(m):
            if i in (0, n - 1) or j in (0, m - 1) or np.isnan(z[i, j]):
                heapq.heappush(heap, (ground[i, j], i, j))
                done[i, j] = True
    while heap:
        v, i, j = heapq.heappop(heap)
        for a, b in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
            if 0 <= a < n and 0 <= b < m and not done[a, b]:
                done[a, b] = True
                level[a, b] = max(ground[a, b], v)
                heapq.heappush(heap, (level[a, b], a, b))
    return np.where(np.isnan(z), 0.0, level - ground)


def root_pit(spine, name: str, side: str) -> float:
    """The deepest water (mm) the top of the process's root holds beside the body on ``side``."""
    f = np.asarray(spine.landmarks[name][f"transverse_foramen_{side}"])
    sx = 1.0 if side == "right" else -1.0
    inner = spine.model.dims[name].epw / 2 - WINDOW_INSIDE
    xs = sx * np.arange(inner, abs(f[0]) + 1e-6, STEP)
    ys = np.arange(f[1] - WINDOW_BACK, f[1] + WINDOW_FRONT + 1e-6, STEP)
    return float(_held(_top(_locator(spine.bones[name]), xs, ys)).max())


@pytest.mark.parametrize("name", TYPICAL)
def test_process_root_beside_the_body_holds_no_pit(spine, name):
    """From the front-oblique the costal root of C3-C6 springs from the side of the body in front of the foramen
    transversarium (Gray 1918, the cervical vertebrae): the top of the bone between the body, the bar's root and the
    foramen's ring runs on without a dimple (water stands at most PIT_MAX deep on it). Main in session 36 failed at
    C3-C6, both sides and lods: 0.30-0.38 mm, just behind the front edge of the block beside the foramen
    (cervical.FORAMEN_MEDIAL_WALL's 2.0 mm in front of the foramen's centre), where its rounded top edge, the bar's root
    and the body's rounded upper rim left a bowl. Now the block runs on 3.0 mm in front of the centre, into the bar's
    root: 0.16-0.21 mm (the shallow dip left behind the block, beside the back of the uncinate lip)."""
    depths = {side: round(root_pit(spine, name, side), 2) for side in SIDES}
    assert max(depths.values()) <= PIT_MAX, (name, depths)
