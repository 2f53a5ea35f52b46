"""The glTF's colours in the colour space glTF means (session 37, gltf37).

glTF 2.0 defines a material's ``baseColorFactor`` and a primitive's ``COLOR_0`` as linear multipliers, which a viewer
lights and encodes to sRGB for display; the app's colours are display (sRGB) values, drawn by VTK as they are. Before
session 37 the glTF carried the display values unconverted, so three.js, Blender or model-viewer showed every part
lighter and greyer than the app. Here the expected values come from the functions the app colours its actors with
(``facet_colours.bone_colour``, ``facet_colours.pose_and_colours``, ``look.DISC``) and the app's own bone texture,
decoded by the IEC 61966-2-1 curve written out below (not the package's helper).
"""

import numpy as np
import pytest

from spineviz.anatomy.levels import FACET_JOINT_IDS
from spineviz.anatomy.occlusion import ARRAY
from spineviz.motion import Motion
from spineviz.render import look
from spineviz.render.export import export_scene
from spineviz.render.facet_colours import bone_colour, pose_and_colours
from spineviz.render.shading import bone_texture
from spineviz.scene.state import Layers, SceneState

pytestmark = pytest.mark.render

LOADED = SceneState(region="lumbar", loads=True, motion=Motion(flexion=-20.0, region="lumbar"), selection="L3",
                    highlight=("L4/5", "L5/S1"))
"""Loads on, the low back leaning back 20 degrees [M], L3 selected (its warm tint): load colours on the cartilage."""
PLAIN = SceneState(region="lumbar", selection="L4/5 right", highlight=("L5/S1 left",),
                   layers=Layers(bone_transparency=0.45))
"""Loads off: the selected joint orange, a highlighted one magenta, the bones translucent (alpha 0.55 [M])."""


def _linear(v) -> np.ndarray:
    """IEC 61966-2-1:1999 section 5.2, sRGB-encoded to linear."""
    v = np.asarray(v, float)
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def _encoded(v) -> np.ndarray:
    """IEC 61966-2-1:1999 section 5.2, linear to sRGB-encoded (what a viewer shows)."""
    v = np.asarray(v, float)
    return np.where(v <= 0.0031308, 12.92 * v, 1.055 * v ** (1 / 2.4) - 0.055)


@pytest.fixture(scope="module")
def spine():
    from spineviz.anatomy.spine import load_spine

    return load_spine(lod="default")


def _load(path):
    import pygltflib

    gltf = pygltflib.GLTF2().load(str(path))
    return gltf, gltf.binary_blob()


def _colour_0(gltf, blob, accessor_id: int) -> np.ndarray:
    """A COLOR_0 accessor as floats 0-1 (n, 4), decoded as the glTF spec decodes it, whatever its component type."""
    import pygltflib

    acc = gltf.accessors[accessor_id]
    view = gltf.bufferViews[acc.bufferView]
    dtype, scale = {pygltflib.UNSIGNED_BYTE: (np.uint8, 255.0), pygltflib.UNSIGNED_SHORT: (np.uint16, 65535.0),
                    pygltflib.FLOAT: (np.float32, 1.0)}[acc.componentType]
    width = {"VEC3": 3, "VEC4": 4}[acc.type]
    start = (view.byteOffset or 0) + (acc.byteOffset or 0)
    values = np.frombuffer(blob, dtype, acc.count * width, start).reshape(-1, width).astype(float) / scale
    return values if width == 4 else np.column_stack([values, np.ones(len(values))])


def _app_colour(state: SceneState, spine, mesh_name: str) -> tuple[np.ndarray, float]:
    """The app's display colour and opacity for a glTF mesh, from the functions that colour the app's actors."""
    if mesh_name in spine.bones:
        return np.asarray(bone_colour(state, mesh_name), float), 1.0 - state.layers.bone_transparency
    if mesh_name.startswith("disc "):
        return np.asarray(look.DISC["color"], float), float(look.DISC["opacity"])
    _, colours, _ = pose_and_colours(state, spine.model, state.current_motion())
    joint = mesh_name.removeprefix("facet ").rsplit(" (", 1)[0]
    index = {j.name: j.index for j in FACET_JOINT_IDS}[joint]
    return np.asarray(colours[index], float), 1.0


@pytest.mark.parametrize("state", [LOADED, PLAIN], ids=["loads", "plain"])
def test_gltf_base_colour_is_the_linear_of_the_apps_colour(spine, tmp_path, state):
    """Every mesh's material: RGB the linear value of the app's colour for that part (bone, selected bone, disc,
    load-coloured, selected and highlighted cartilage) within 1e-6; alpha the app's opacity, unconverted.

    The 1e-6 [M] is float rounding only (the factors are written as JSON doubles); on the tree before session 37 the
    bone's red is off by 0.11 and its blue by 0.22.
    """
    gltf, _ = _load(export_scene(state, tmp_path / "scene.glb", spine=spine))
    seen = set()
    for mesh in gltf.meshes:
        factor = np.asarray(gltf.materials[mesh.primitives[0].material].pbrMetallicRoughness.baseColorFactor, float)
        colour, opacity = _app_colour(state, spine, mesh.name)
        assert np.abs(factor[:3] - _linear(colour)).max() <= 1e-6, (mesh.name, factor[:3], _linear(colour))
        assert abs(factor[3] - opacity) <= 1e-6, mesh.name
        seen.add(mesh.name.split(" ")[0])
    assert {"L3", "L4", "disc", "facet"} <= seen
    # a worked value of the curve, so the test's own formula is pinned: bone's 0.90 red is 0.7874 linear
    assert abs(float(_linear(look.BONE["color"][0])) - 0.7874) < 1e-4


def test_gltf_colour_0_is_the_linear_of_the_apps_texture_grey(spine, tmp_path):
    """Each bone's COLOR_0 RGB is the linear value of the grey the app's bone texture gives the vertex (texel i at
    (i + 0.5) / n, linear between, clamped, as the GPU samples it), alpha 1; and what a viewer shows (the value
    encoded back to sRGB) is the app's grey within half an 8-bit step, including at the ramp's darkest greys
    (which an 8-bit linear COLOR_0 misses by up to 0.66 of a step, at S1).

    The 1e-4 [M] on the linear value is about 7 steps of 16 bits (a rounding to 13 bits or more passes it, 8 bits
    do not); the half an 8-bit step on what a viewer shows is the limit of export37's test.
    """
    gltf, blob = _load(export_scene(LOADED, tmp_path / "scene.glb", spine=spine))
    texels = bone_texture().to_array()[0, :, 0].astype(float) / 255.0
    centres = (np.arange(texels.size) + 0.5) / texels.size
    bones = 0
    for mesh in gltf.meshes:
        if mesh.name not in spine.bones:
            continue
        rgba = _colour_0(gltf, blob, mesh.primitives[0].attributes.COLOR_0)
        app = np.interp(np.asarray(spine.bones[mesh.name].point_data[ARRAY], float), centres, texels)
        assert np.all(rgba[:, 0] == rgba[:, 1]) and np.all(rgba[:, 0] == rgba[:, 2]) and np.all(rgba[:, 3] == 1.0)
        assert np.abs(rgba[:, 0] - _linear(app)).max() <= 1e-4, mesh.name
        assert np.abs(_encoded(rgba[:, 0]) - app).max() <= 0.5 / 255, mesh.name
        bones += 1
    assert bones == 6  # L1-L5 and S1
