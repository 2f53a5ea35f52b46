"""The cross-section in the scene: reading, writing, refusing bad planes, and following the pose."""

import numpy as np
import pytest

from spineviz.anatomy.levels import level
from spineviz.anatomy.spine import model
from spineviz.scene.clip import ClipPlane, anchor_point
from spineviz.scene.io import scene_from_toml, scene_to_toml
from spineviz.scene.state import SceneError

BASE = 'version = 1\ntitle = "cut"\n'


def test_clip_and_nerves_round_trip():
    s = scene_from_toml(BASE + '[layers]\nnerves = true\n[clip]\nplane = "sagittal"\nat = "L4-L5"\noffset = 18\n')
    assert s.layers.nerves and s.clip == ClipPlane("sagittal", at="L4/5", offset=18.0)
    assert scene_from_toml(scene_to_toml(s)) == s
    free = scene_from_toml(BASE + '[clip]\nplane = "free"\norigin = [0, 0, 40]\nnormal = [0, -1, 1]\n')
    assert scene_from_toml(scene_to_toml(free)) == free


@pytest.mark.parametrize(("body", "needle"), [
    ('[clip]\nplane = "diagonal"\n', "clip.plane"),
    ('[clip]\nplane = "free"\n', "free plane needs a normal"),
    ('[clip]\nplane = "axial"\nat = "L9"\n', "clip.at"),
    ('[clip]\nplane = "axial"\nat = "L4"\norigin = [0, 0, 0]\n', "both at and origin"),
    ('[clip]\nplane = "axial"\nnormal = [0, 0, 0]\n', "clip.normal"),
    ('[clip]\nplane = "axial"\nwhere = "L4"\n', "unknown key 'where'"),
])
def test_bad_planes_name_the_key_and_the_fix(body, needle):
    with pytest.raises(SceneError) as err:
        scene_from_toml(BASE + body, origin="cut.toml")
    assert needle in str(err.value) and "Fix:" in str(err.value) and "cut.toml" in str(err.value)


def test_at_a_segment_is_the_disc_centre_and_follows_the_pose():
    from spineviz.motion import parse_motion
    from spineviz.motion.pose import pose

    m = model()
    o = anchor_point(m, "L4/5")
    z4, z5 = m.frames[level("L4").index][2, 3], m.frames[level("L5").index][2, 3]  # body centres
    assert z5 < o[2] < z4
    p = pose(m, parse_motion("flexion=40", region="lumbar"))
    origin, normal = ClipPlane("axial", at="L4/5").world_plane(m, p.transforms)
    assert np.linalg.norm(origin - o) > 0.5 and np.allclose(normal, [0, 0, 1])
