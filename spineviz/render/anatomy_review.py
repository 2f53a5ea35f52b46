"""The anatomy review pictures: every bone from four sides, the Scottie dog, and cuts through the joints.

``python -m spineviz.render.anatomy_review docs/anatomy-review`` regenerates ``docs/anatomy-review/``:

- ``<LEVEL>.png`` for each of the 25 bones: one sheet of four views (from above, the left, behind and
  front-oblique), each panel labelled, the bone with its facet cartilage;
- ``lumbar-oblique.png``: L1 to the sacrum seen from behind and to the left at about 45 degrees, the view
  in which the posterior elements draw the "Scottie dog" (pars interarticularis = the dog's neck);
- ``axial-L3-L4.png``, ``axial-L4-L5.png``, ``axial-L5-S1.png``: the two bones of each segment cut by a
  horizontal plane through the middle of their facet joints and seen from above, the cut faces capped in a
  darker tone so that the joint lines and the cartilage between them read as in an axial CT slice.

The panels are small (300 px) and written as palette PNGs so that the whole folder stays a few MB: the
pictures are for reviewing shapes, not for print.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from spineviz.render.offscreen import make_plotter
from spineviz.render.shading import shade_bone

PANEL = 300
# camera directions (from the focal point to the camera) and view-up, in a vertebra's local frame
SHEET_VIEWS = {
    "above": ((0.0, 0.0, 1.0), (0.0, 1.0, 0.0)),
    "left": ((-1.0, 0.0, 0.0), (0.0, 0.0, 1.0)),
    "behind": ((0.0, -1.0, 0.0), (0.0, 0.0, 1.0)),
    "front-oblique": ((-0.7, 0.85, 0.45), (0.0, 0.0, 1.0)),
}
CUT_COLOUR = (0.55, 0.42, 0.35)
AXIAL_SEGMENTS = (("L3", "L4"), ("L4", "L5"), ("L5", "S1"))


def _aim(plotter, direction, up, bounds, margin: float = 1.12) -> None:
    b = np.asarray(bounds, float).reshape(3, 2)
    centre = b.mean(axis=1)
    d = np.asarray(direction, float)
    d /= np.linalg.norm(d)
    radius = float(np.linalg.norm(b[:, 1] - b[:, 0]))
    plotter.camera_position = [tuple(centre + d * 3 * radius), tuple(centre), tuple(up)]
    plotter.reset_camera(bounds=tuple(b.ravel()))
    cam = plotter.camera
    focal, pos = np.array(cam.focal_point), np.array(cam.position)
    cam.position = tuple(focal + (pos - focal) / margin)
    plotter.reset_camera_clipping_range()


def _shot(meshes, direction, up, label: str, size: int = PANEL) -> np.ndarray:
    """One panel: ``meshes`` is a list of (mesh, look keyword dict); returns an RGB array."""
    from spineviz.render import look

    plotter = make_plotter((size, size))
    try:
        for mesh, kw in meshes:
            actor = plotter.add_mesh(mesh, **kw)
            if kw is look.BONE:
                shade_bone(actor)  # the bone's baked occlusion, as the app draws it
        bounds = np.array(meshes[0][0].bounds)
        _aim(plotter, direction, up, bounds)
        plotter.add_text(label, position="upper_left", font_size=9, color="#1f2a36")
        return np.asarray(plotter.screenshot(return_img=True))[..., :3]
    finally:
        plotter.close()


def _save(img: np.ndarray, out: Path) -> Path:
    """Write an RGB array as an optimised palette PNG (small files keep the repository light)."""
    from PIL import Image

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.partial.png")
    Image.fromarray(np.ascontiguousarray(img)).quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(
        tmp, optimize=True)
    tmp.replace(out)
    return out


def bone_sheet(level: str, bone, cartilage, out: Path) -> Path:
    """Four views of one bone (in its local frame) on a 2 x 2 sheet."""
    from spineviz.render import look

    meshes = [(bone, look.BONE)] + [(c, look.CARTILAGE) for c in cartilage]
    tiles = [_shot(meshes, d, up, f"{level} {name}") for name, (d, up) in SHEET_VIEWS.items()]
    sheet = np.vstack([np.hstack(tiles[:2]), np.hstack(tiles[2:])])
    return _save(sheet, out)


def _cartilage_of(spine, index: int) -> list:
    out = []
    for j in spine.model.joints:
        for which, idx in (("upper", j.upper_index), ("lower", j.lower_index)):
            if idx == index:
                out.append(spine.cartilage[(j.name, which)])
    return out


def lumbar_oblique(spine, out: Path) -> Path:
    """L1 to the sacrum from behind-left at 45 degrees, tilted a little down: the Scottie dog view."""
    from spineviz.anatomy.levels import LEVELS
    from spineviz.render import look

    meshes = []
    for lv in LEVELS:
        if lv.region == "lumbar" or lv.is_sacrum:
            placed = spine.bones[lv.name].transform(spine.frames[lv.index], inplace=False)
            meshes.append((placed, look.BONE))
    import pyvista as pv

    merged = pv.merge([m for m, _ in meshes])
    img = _shot([(merged, look.BONE)], (-1.0, -1.0, 0.12), (0.0, 0.0, 1.0), "L1-S1 oblique (Scottie dog)",
                size=500)
    return _save(img, out)


def axial_cut(spine, upper: str, lower: str, out: Path) -> Path:
    """Both bones of a segment cut at the height of its facet joints, seen from above, cut faces capped."""
    from spineviz.anatomy.levels import parse_level
    from spineviz.render import look

    up_lv, low_lv = parse_level(upper), parse_level(lower)
    joints = [j for j in spine.model.joints if j.upper_index == up_lv.index and j.lower_index == low_lv.index]
    z = float(np.mean([j.centre[2] for j in joints]))
    centre = np.mean([j.centre for j in joints], axis=0)
    normal = (0.0, 0.0, 1.0)
    plotter = make_plotter((500, 500))
    try:
        for lv in (up_lv, low_lv):
            placed = spine.bones[lv.name].transform(spine.frames[lv.index], inplace=False)
            below = placed.clip(normal=normal, origin=(0.0, 0.0, z), invert=True)
            shade_bone(plotter.add_mesh(below, **look.BONE))
            cap = placed.slice(normal=normal, origin=(0.0, 0.0, z + 0.01))
            if cap.n_points:
                plotter.add_mesh(_fill(cap), color=CUT_COLOUR, ambient=0.5, diffuse=0.5)
                plotter.add_mesh(cap, color="#3a2a20", line_width=2)
        for j in joints:
            for which, idx in (("upper", j.upper_index), ("lower", j.lower_index)):
                cart = spine.cartilage[(j.name, which)].transform(spine.frames[idx], inplace=False)
                cut = cart.clip(normal=normal, origin=(0.0, 0.0, z), invert=True)
                if cut.n_points:
                    plotter.add_mesh(cut, **look.CARTILAGE)
                face = cart.slice(normal=normal, origin=(0.0, 0.0, z + 0.02))
                if face.n_points:  # filled where the section closes, and outlined thickly either way
                    plotter.add_mesh(_fill(face), color=look.CARTILAGE["color"], ambient=0.6, diffuse=0.4)
                    lifted = face.translate((0.0, 0.0, 0.3), inplace=False)  # drawn over the bone caps
                    plotter.add_mesh(lifted, color=look.CARTILAGE["color"], line_width=4, lighting=False)
        b = np.array([centre[0] - 45, centre[0] + 45, centre[1] - 55, centre[1] + 35, z - 30, z])
        _aim(plotter, (0.0, 0.0, 1.0), (0.0, 1.0, 0.0), b, margin=1.0)
        plotter.add_text(f"axial cut {upper}/{lower} facet joints (anterior up)", position="upper_left",
                         font_size=9, color="#1f2a36")
        img = np.asarray(plotter.screenshot(return_img=True))[..., :3]
    finally:
        plotter.close()
    return _save(img, out)


def _fill(section):
    """Triangulate the closed loops of a plane section, holes kept open (the canal, the foramina)."""
    import pyvista as pv
    from vtkmodules.vtkFiltersGeneral import vtkContourTriangulator

    tri = vtkContourTriangulator()
    tri.SetInputData(section)
    tri.Update()
    return pv.wrap(tri.GetOutput())


def build(out: Path, lod: str = "default", levels: list[str] | None = None) -> list[Path]:
    """Write every review picture into ``out``; returns the files written."""
    from spineviz.anatomy.levels import LEVELS
    from spineviz.anatomy.spine import load_spine

    spine = load_spine(lod=lod)
    made = []
    for lv in LEVELS:
        if levels and lv.name not in levels:
            continue
        made.append(bone_sheet(lv.name, spine.bones[lv.name], _cartilage_of(spine, lv.index),
                               out / f"{lv.name}.png"))
    if not levels:
        made.append(lumbar_oblique(spine, out / "lumbar-oblique.png"))
        for upper, lower in AXIAL_SEGMENTS:
            made.append(axial_cut(spine, upper, lower, out / f"axial-{upper}-{lower}.png"))
    return made


if __name__ == "__main__":
    for p in build(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/anatomy-review")):
        print(p)
