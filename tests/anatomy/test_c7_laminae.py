"""C7's laminae seen from above: broad plates meeting in the spine's root, not two bars in a Y (issue 10, session 34).

On a dry C7 each lamina is a broad plate sloping down and back from the articular pillar, whose inner side it
overlaps from above, to the root of the long spine, into which the two laminae sweep (Gray 1918, "The Cervical
Vertebrae" and "The Seventh Cervical Vertebra": the spine springs from the junction of the laminae; C7's laminae
are taller than C3-C6's: Prabavathy et al., Ital J Anat Embryol, 350 dry C3-C7, abstract: laminar height and
length increase from C3 to C7; Pal and Routal 1996, J Anat 188:485, abstract: C7's laminae, with C2's, the most
heavily loaded, by the lamina index, height x thickness). Session 33's C7 showed from above two straight bars of
even width from pillar to spine, narrowing where they left the pillars (8.4-8.5 mm front to back at mid-length, 6.8 mm
at the pillar's end), running into the spine's sides at a sharp fork about 10 mm behind the canal: a Y with the spine.

Measured on the shipped meshes (default lod) in C7's local frame, from above (vertical lines 0.1 mm apart that meet
bone): across each lamina from front to back, behind the canal, at x from 20 % to 85 % of the way out from the
midline to the pillar's back landmark; and across the spine (tests.anatomy.test_cervical_shapes._runs_from_above)
at fractions of the way from the spine's base landmark to its tip landmark.
"""

import numpy as np
import pytest

from spineviz.anatomy.spine import load_spine
from tests.anatomy.test_cervical_laminae_above import BAND_MIN
from tests.anatomy.test_cervical_shapes import _crossings, _locator, _runs_from_above

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

STEP = 0.1
# Where along the lamina the band is measured: shares of the way out from the midline to the pillar's back landmark,
# from beside the spine's root to the lamina's lateral end on the pillar's back [M].
ALONG = (0.2, 0.85)
# The band from above, front to back, at least BAND_MIN mm (7.8, session 28's floor at mid-length, now along the
# whole lamina) [M]. Session 33: 6.8 mm at the lamina's lateral end on the pillar (a neck), 8.4-8.5 at mid-length.
# Where the spine's root is measured, as a share of the way from the spine's base landmark to its tip, and how many
# times the shaft's width at mid-length (50-65 %, as test_c7_prominens_above) the bone from above spans there at
# least [M]: the laminae sweep into a broad root, the fork of a Y lies in front of it. Session 33: 1.19 (7.6 mm
# against 6.4). The root must end before mid-length: test_c7_prominens_above allows no waist in the shaft from 50 %.
ROOT_AT = 0.4
ROOT_RATIO = 1.3


@pytest.fixture(scope="module")
def c7():
    spine = load_spine()
    return spine.landmarks["C7"], _locator(spine.bones["C7"])


def _band_front_to_back(tree, x: float, canal_y: float) -> float:
    """Seen from above along the line at ``x``, the run of bone (mm, front to back) first met going back from the
    canal's centre ``canal_y``: the lamina's band there (with the pillar it overlaps, near its lateral end)."""
    ys = np.arange(canal_y, canal_y - 30.0, -STEP)
    hit = np.array([len(_crossings(tree, (x, y, 40.0), (x, y, -40.0))) > 0 for y in ys])
    first = int(np.argmax(hit))
    assert hit[first], (x, "no bone behind the canal")
    gap = np.flatnonzero(~hit[first:])
    return float((gap[0] if len(gap) else len(hit) - first) * STEP)


@pytest.mark.parametrize("sx", [1.0, -1.0], ids=["right", "left"])
def test_c7_laminae_are_broad_bands_from_above_along_their_length(c7, sx):
    """From above, each of C7's laminae is a band at least BAND_MIN mm from front to back all along it, from beside
    the spine's root to where it overlaps the pillar's back: a plate, not a bar narrowing into the pillar."""
    lm, tree = c7
    canal_y = float(lm["canal_centre"][1])
    out = abs(float(lm["pillar_back_right"][0]))
    xs = np.arange(ALONG[0] * out, ALONG[1] * out + 1e-6, 0.5)
    bands = {round(float(x), 1): round(_band_front_to_back(tree, sx * x, canal_y), 1) for x in xs}
    assert min(bands.values()) >= BAND_MIN, bands


def test_c7_laminae_sweep_into_a_broad_spine_root_from_above(c7):
    """From above, C7's laminae sweep into the root of the spine: ROOT_AT of the way from the spine's base to its
    tip the bone across the midline spans at least ROOT_RATIO times the shaft's width at mid-length (50-65 %)."""
    lm, tree = c7
    tip, base = np.array(lm["spinous_tip"]), np.array(lm["spinous_base"])

    def width(f: float) -> float:
        runs = _runs_from_above(tree, float(base[1] + f * (tip[1] - base[1])))
        mid = [b - a for a, b in runs if a <= 0.0 <= b]
        assert mid, (f, runs)
        return mid[0]

    shaft = min(width(f) for f in (0.5, 0.55, 0.6, 0.65))
    root = width(ROOT_AT)
    assert root >= ROOT_RATIO * shaft, (round(root, 1), round(shaft, 1))
