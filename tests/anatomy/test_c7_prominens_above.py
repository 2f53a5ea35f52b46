"""C7's spine seen from above: a thick shaft flaring into a broad tubercle, not a rod ending in a ball (issue 10).

The vertebra prominens has a long, thick, nearly horizontal spine that is not bifid and ends in a tubercle (Gray
1918, "The Seventh Cervical Vertebra"); on CT its spine is the widest of C3-C7 (Mao and Cui 2017, Chin J Clin Anat
35:637, abstract: no per-level figures read). Session 32's C7 showed from above a rod 5.0-5.2 mm wide over the
middle of its length that narrowed before a knob 7.1 mm across (default lod).

Measured on the shipped meshes (default lod) in C7's local frame: the runs of bone seen from above across the
spine (vertical lines 0.1 mm apart, tests.anatomy.test_cervical_shapes._runs_from_above), at fractions of the
way (front to back) from the spine's base landmark to its tip landmark.
"""

import numpy as np
import pytest

from spineviz.anatomy.spine import load_spine
from tests.anatomy.test_cervical_shapes import _locator, _runs_from_above

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# The shaft from above at mid-length (50-65 % of the way to the tip), at least (mm): a modelling floor [M] (no
# measured width of C7's spine found; Mao and Cui 2017 give C7 the widest subaxial spine). Session 32: 5.2 mm.
SHAFT_MIN = 6.0
# The tubercle (the widest run from 75 % of the way on), at least this many times the shaft's width and at least
# TUBERCLE_MIN mm across [M]. Session 32: 7.1 mm, 1.37 times the shaft.
TUBERCLE_RATIO = 1.4
TUBERCLE_MIN = 9.0
# From mid-length to the tubercle's widest point the spine never narrows by more than this (mm): it flares into its
# tubercle, no neck under a knob [M]. Session 32: it fell from 5.2 to 5.0 mm at 70 % before the knob.
NECK_TOLERANCE = 0.1


@pytest.fixture(scope="module")
def widths():
    spine = load_spine()
    lm = spine.landmarks["C7"]
    tip, base = np.array(lm["spinous_tip"]), np.array(lm["spinous_base"])
    tree = _locator(spine.bones["C7"])
    out = {}
    for f in np.round(np.arange(0.5, 0.96, 0.05), 2):
        runs = _runs_from_above(tree, float(base[1] + f * (tip[1] - base[1])))
        assert len(runs) == 1, (float(f), np.round(runs, 1))  # one run: single, no slit
        out[float(f)] = runs[0][1] - runs[0][0]
    return out


def test_c7_spine_is_a_thick_shaft_from_above(widths):
    """From above, C7's spine is at least SHAFT_MIN mm wide over the middle of its length (50-65 %)."""
    shaft = min(w for f, w in widths.items() if f <= 0.65)
    assert shaft >= SHAFT_MIN, {f: round(w, 1) for f, w in widths.items()}


def test_c7_spine_flares_into_a_broad_tubercle_from_above(widths):
    """From above, C7's tubercle is at least TUBERCLE_MIN mm across and TUBERCLE_RATIO times the shaft at mid-length,
    and the spine widens into it without a neck (never narrowing by more than NECK_TOLERANCE mm on the way)."""
    figures = {f: round(w, 1) for f, w in widths.items()}
    shaft = min(w for f, w in widths.items() if f <= 0.65)
    knob_at = max((f for f in widths if f >= 0.75), key=lambda f: widths[f])
    assert widths[knob_at] >= TUBERCLE_MIN, figures
    assert widths[knob_at] >= TUBERCLE_RATIO * shaft, figures
    way = [widths[f] for f in sorted(widths) if f <= knob_at]
    assert all(b >= max(way[:k + 1]) - NECK_TOLERANCE for k, b in enumerate(way[1:])), figures
