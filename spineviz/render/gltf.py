"""Write a scene's visible parts as glTF 2.0: ``.gltf`` (JSON, data embedded) or ``.glb`` (binary).

Written directly from the mesh arrays (no VTK exporter), so a ``.glb`` is a real binary container and the
node tree is ours: a root node ``spine`` that turns the spine frame (millimetres, z superior, y anterior, x
to the patient's right) into glTF's (metres, +Y up, +Z to the front), under it one node per vertebra with
its posed matrix, and under each vertebra its disc and facet cartilage layers as child nodes, so a tool that
moves a vertebra moves what rides on it.

Each bone carries its baked occlusion (session 37, export37, issue 10) as the vertex colour ``COLOR_0``: the grey
the app's ramp texture gives each vertex (:func:`spineviz.render.shading.vertex_grey`). The glTF specification has
every viewer multiply ``COLOR_0`` by the material's ``baseColorFactor``, so a canal or a foramen reads as a hole in
any viewer, lit by whatever lights it has, with none of our code; the material's ``occlusionTexture`` was not used
because it only dims the light from an environment, which many viewers do not have (the bones would stay flat there).
Discs and cartilage carry no colour and are never darkened, as in the app.

Colours are written in the colour space glTF means (session 37, gltf37): ``baseColorFactor`` and ``COLOR_0`` are
*linear* multipliers in glTF 2.0 (sections 3.7.2.1 and 3.9.2), which a viewer lights and then encodes to sRGB, while
the app's colours (a part's :attr:`~spineviz.render.parts.Part.colour`, the ramp's greys) are the sRGB display values
VTK writes to the screen as they are. So every colour's RGB goes through
:func:`spineviz.render.colour_space.srgb_to_linear` (IEC 61966-2-1) on its way in; alpha (a part's opacity) is not a
colour and stays as it is. Written unconverted (export37's files), a viewer that follows the specification (three.js
0.187 in headless chromium, checked in session 37) showed the bones, the cartilage and the load colours lighter and
greyer than the app, and the occlusion weaker.
Because decoding multiplies (``linear(a) * linear(b)`` is close to ``linear(a * b)``), a viewer's unlit product of
the two is then about the app's own product of colour and grey, encoded back for display.

``COLOR_0`` is 16-bit normalized (``UNSIGNED_SHORT``, RGBA, alpha 65535), not 8-bit: the ramp's darkest greys
(0.42 encoded, 0.15 linear) lie where the sRGB curve is steep, so an 8-bit *linear* grey lands up to 0.67 of an
8-bit display step away from the app's grey and merges 3 of the ramp's 148 greys into their neighbours; 16 bits
keep every grey within 0.003 of a display step, for 4 more bytes a bone vertex (float would cost 8 more and gain
nothing visible).
"""

from __future__ import annotations

import base64
import json
import struct

import numpy as np

from spineviz.render.colour_space import srgb_to_linear
from spineviz.render.parts import Part
from spineviz.render.shading import vertex_grey

_ARRAY_BUFFER = 34962
_ELEMENT_ARRAY_BUFFER = 34963
_FLOAT = 5126
_UNSIGNED_SHORT = 5123
_UNSIGNED_INT = 5125

# Spine frame -> glTF: X_gltf = -x (the asset's left), Y_gltf = z (up), Z_gltf = y (front); mm -> m.
ROOT_MATRIX = np.array([
    [-0.001, 0.0, 0.0, 0.0],
    [0.0, 0.0, 0.001, 0.0],
    [0.0, 0.001, 0.0, 0.0],
    [0.0, 0.0, 0.0, 1.0],
])


def _column_major(m: np.ndarray) -> list[float]:
    return [float(v) for v in np.asarray(m, float).T.ravel()]


class _Buffer:
    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.views: list[dict] = []
        self.accessors: list[dict] = []

    def add(self, array: np.ndarray, target: int, component: int, kind: str, with_bounds: bool = False,
            normalized: bool = False) -> int:
        data = np.ascontiguousarray(array).tobytes()
        pad = (-self.size) % 4
        if pad:
            self.chunks.append(b"\0" * pad)
            self.size += pad
        self.views.append({"buffer": 0, "byteOffset": self.size, "byteLength": len(data), "target": target})
        self.chunks.append(data)
        self.size += len(data)
        accessor = {"bufferView": len(self.views) - 1, "componentType": component,
                    "count": int(array.shape[0]), "type": kind}
        if normalized:
            accessor["normalized"] = True
        if with_bounds:
            accessor["min"] = [float(v) for v in array.min(axis=0)]
            accessor["max"] = [float(v) for v in array.max(axis=0)]
        self.accessors.append(accessor)
        return len(self.accessors) - 1

    def bytes(self) -> bytes:
        blob = b"".join(self.chunks)
        return blob + b"\0" * ((-len(blob)) % 4)


def base_colour_factor(colour, opacity: float) -> list[float]:
    """A material's ``baseColorFactor``: the linear RGB of the app's display ``colour`` (0-1), and ``opacity`` as is."""
    return [*(float(c) for c in srgb_to_linear(colour)), float(opacity)]


def vertex_colour_u16(share) -> np.ndarray:
    """A bone's ``COLOR_0``: (n, 4) uint16, RGB the linear value of the app's grey, alpha 65535.

    The grey is :func:`~spineviz.render.shading.vertex_grey` of each vertex's sky ``share`` (0-1), decoded by
    :func:`~spineviz.render.colour_space.srgb_to_linear` and written in 16 bits (65535 = 1).
    """
    grey = np.round(srgb_to_linear(vertex_grey(share)) * 65535.0).astype(np.uint16)
    return np.column_stack([grey, grey, grey, np.full_like(grey, 65535)])


def gltf_document(parts: list[Part], world: np.ndarray, title: str = "", caption: str = "",
                  note: str = "") -> tuple[dict, bytes]:
    """The glTF JSON (without ``buffers``) and its binary buffer for ``parts`` posed by ``world`` (25, 4, 4)."""
    buf = _Buffer()
    materials: list[dict] = []
    material_ids: dict[tuple, int] = {}
    meshes: list[dict] = []
    nodes: list[dict] = [{"name": "spine", "matrix": _column_major(ROOT_MATRIX), "children": []}]
    level_node: dict[int, int] = {}
    for part in parts:
        key = (part.group, round(part.colour[0], 4), round(part.colour[1], 4), round(part.colour[2], 4),
               round(part.opacity, 4))
        if key not in material_ids:
            material: dict = {
                "name": f"{part.group} {len(materials)}",
                "pbrMetallicRoughness": {"baseColorFactor": base_colour_factor(part.colour, part.opacity),
                                         "metallicFactor": 0.0,
                                         "roughnessFactor": 0.55 if part.group == "facet" else 0.7},
                "doubleSided": part.group == "facet",
            }
            if part.opacity < 0.999:
                material["alphaMode"] = "BLEND"
            material_ids[key] = len(materials)
            materials.append(material)
        small = part.points.shape[0] <= 65535
        indices = part.triangles.astype(np.uint16 if small else np.uint32).ravel()
        attributes = {
            "POSITION": buf.add(part.points.astype(np.float32), _ARRAY_BUFFER, _FLOAT, "VEC3", with_bounds=True),
            "NORMAL": buf.add(part.normals.astype(np.float32), _ARRAY_BUFFER, _FLOAT, "VEC3"),
        }
        if part.group == "bone" and part.sky is not None:
            attributes["COLOR_0"] = buf.add(vertex_colour_u16(part.sky), _ARRAY_BUFFER, _UNSIGNED_SHORT, "VEC4",
                                            normalized=True)
        index_accessor = buf.add(indices, _ELEMENT_ARRAY_BUFFER, _UNSIGNED_SHORT if small else _UNSIGNED_INT,
                                 "SCALAR")
        meshes.append({"name": part.name, "primitives": [
            {"attributes": attributes, "indices": index_accessor, "material": material_ids[key], "mode": 4}]})
        node = {"name": part.name, "mesh": len(meshes) - 1}
        if part.group == "bone":
            node["matrix"] = _column_major(world[part.level])
            nodes.append(node)
            level_node[part.level] = len(nodes) - 1
            nodes[0]["children"].append(len(nodes) - 1)
        else:
            nodes.append(node)
            parent = level_node.get(part.level)
            if parent is None:  # its vertebra is hidden (x-ray at 1): carry the matrix itself
                node["matrix"] = _column_major(world[part.level])
                nodes[0]["children"].append(len(nodes) - 1)
            else:
                nodes[parent].setdefault("children", []).append(len(nodes) - 1)
    doc = {
        "asset": {"version": "2.0", "generator": "spineviz",
                  "extras": {"title": title, "caption": caption, "note": note}},
        "scene": 0,
        "scenes": [{"name": title or "spine", "nodes": [0]}],
        "nodes": nodes,
        "meshes": meshes,
        "materials": materials,
        "accessors": buf.accessors,
        "bufferViews": buf.views,
    }
    return doc, buf.bytes()


def gltf_text(doc: dict, blob: bytes) -> bytes:
    """A ``.gltf`` file: the JSON with the buffer embedded as a base64 data URI."""
    full = dict(doc, buffers=[{"byteLength": len(blob), "uri": "data:application/octet-stream;base64,"
                               + base64.b64encode(blob).decode("ascii")}])
    return json.dumps(full, separators=(",", ":")).encode("utf-8")


def glb_bytes(doc: dict, blob: bytes) -> bytes:
    """A ``.glb`` file: the 12-byte header, the JSON chunk (space-padded) and the BIN chunk (zero-padded)."""
    full = dict(doc, buffers=[{"byteLength": len(blob)}])
    text = json.dumps(full, separators=(",", ":")).encode("utf-8")
    text += b" " * ((-len(text)) % 4)
    blob += b"\0" * ((-len(blob)) % 4)
    total = 12 + 8 + len(text) + 8 + len(blob)
    return (struct.pack("<4sII", b"glTF", 2, total) + struct.pack("<I4s", len(text), b"JSON") + text
            + struct.pack("<I4s", len(blob), b"BIN\0") + blob)


__all__ = ["ROOT_MATRIX", "base_colour_factor", "glb_bytes", "gltf_document", "gltf_text",
           "vertex_colour_u16"]
