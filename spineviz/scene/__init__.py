"""What is shown, as data: the scene state, scene files, presets and the recent list (model floor)."""

from spineviz.scene.io import UnreadableSceneError, load_scene, save_scene, scene_from_toml, scene_to_toml
from spineviz.scene.state import (
    SCENE_VERSION,
    Animation,
    Camera,
    DocumentRef,
    Layers,
    SceneError,
    SceneState,
    angle_limits,
)

__all__ = [
    "SCENE_VERSION",
    "Animation",
    "Camera",
    "DocumentRef",
    "Layers",
    "SceneError",
    "SceneState",
    "UnreadableSceneError",
    "angle_limits",
    "load_scene",
    "save_scene",
    "scene_from_toml",
    "scene_to_toml",
]
