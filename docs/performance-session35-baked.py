r"""Session 35 (shade35): a feasibility look at ambient occlusion baked once per bone, against VTK's screen-space pass.

Run from a checkout (nothing in ``spineviz`` changes):

    PYTHONPATH=$PWD xvfb-run -a -s "-screen 0 1400x900x24" python docs/performance-session35-baked.py \\
        LEVEL VIEW LANDMARK OUT.png [DIRECTIONS]

e.g. ``S1 above canal_centre``, ``S1 behind sacral_hiatus``. A bone is rigid, so how much of the sky each of its
points sees past the rest of the same bone never changes: it is worked out once, from ``DIRECTIONS`` (default 96)
orthographic depth maps around the bone (a vertex is seen from a direction when it lies within 1.5 mm of the
nearest surface there), weighted by the cosine to its normal. It is drawn by a grey 1-D texture whose coordinate is
that share: the texture multiplies the bone's own colour, so the colour (selection, hover) stays the property's.

Three pictures of the bone with its facet cartilage, ``look.py``'s camera and supersampling, side by side in OUT:
plain, VTK's SSAO (radius 30 mm, bias 2, kernel 128, over the opaque parts: ``performance-session35-occlusion.py``)
and baked. Printed for each: the mean grey (0-255) of the pixels within 3 mm of LANDMARK's projection against the
mean grey of the whole bone, and their ratio (how much darker the landmark's place reads than the bone).
"""
import importlib.util
import sys
import time
from pathlib import Path

import numpy as np
import pyvista as pv
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonCore import vtkFloatArray
from vtkmodules.vtkRenderingCore import vtkCoordinate
from vtkmodules.vtkRenderingOpenGL2 import vtkSSAAPass

from spineviz.anatomy.levels import parse_level
from spineviz.anatomy.spine import load_spine
from spineviz.render import look
from spineviz.render.anatomy_review import _aim, _cartilage_of
from spineviz.render.offscreen import make_plotter

VIEWS = {"above": ((0, 0, 1), (0, 1, 0)), "behind": ((0, -1, 0), (0, 0, 1)), "left": ((-1, 0, 0), (0, 0, 1)),
         "front-oblique": ((-0.7, 0.85, 0.45), (0, 0, 1))}
SIZE = 700
MAP = 512
DARKEST = 0.35  # the texture's grey where a point sees none of the sky (modelling value, looked at)


def accessibility(bone, directions: int) -> np.ndarray:
    """Each vertex's cosine-weighted share of ``directions`` (a Fibonacci sphere) from which it is seen."""
    pts = np.asarray(bone.points, float)
    nrm = np.asarray(bone.point_data["Normals"], float)
    i = np.arange(directions) + 0.5
    phi, th = np.arccos(1 - 2 * i / directions), np.pi * (1 + 5 ** 0.5) * i
    dirs = np.c_[np.cos(th) * np.sin(phi), np.sin(th) * np.sin(phi), np.cos(phi)]
    p = pv.Plotter(off_screen=True, window_size=[MAP, MAP])
    p.add_mesh(bone, color="white", lighting=False)
    p.enable_parallel_projection()
    centre = np.asarray(bone.center)
    r = float(np.linalg.norm(np.ptp(pts, axis=0))) / 2 * 1.05
    cam = p.camera
    seen_sum, weight_sum = np.zeros(len(pts)), np.zeros(len(pts))
    for d in dirs:
        up = np.array([0, 0, 1.0]) if abs(d[2]) < 0.9 else np.array([0, 1.0, 0])
        cam.position, cam.focal_point, cam.up = tuple(centre + d * 4 * r), tuple(centre), tuple(up)
        cam.parallel_scale, cam.clipping_range = r, (2 * r, 6 * r)
        p.ren_win.Render()  # not p.render(): PyVista's resets the clipping range
        z = vtkFloatArray()
        p.ren_win.GetZbufferData(0, 0, MAP - 1, MAP - 1, z)
        z = vtk_to_numpy(z).reshape(MAP, MAP)
        right = np.cross(-d, up)
        right /= np.linalg.norm(right)
        upv = np.cross(right, -d)
        rel = pts - centre
        x = np.clip(((rel @ right / r + 1) / 2 * MAP).astype(int), 0, MAP - 1)
        y = np.clip(((rel @ upv / r + 1) / 2 * MAP).astype(int), 0, MAP - 1)
        depth = (2 * r - rel @ d) / (4 * r)
        nearest = np.min([z[np.clip(y + a, 0, MAP - 1), np.clip(x + b, 0, MAP - 1)]
                          for a in (-1, 0, 1) for b in (-1, 0, 1)], axis=0)
        seen = depth <= nearest + 1.5 / (4 * r)
        w = np.clip(nrm @ d, 0, None)
        seen_sum += w * seen
        weight_sum += w
    p.close()
    return seen_sum / np.maximum(weight_sum, 1e-9)


def ssao_chain():
    spec = importlib.util.spec_from_file_location("occ", Path(__file__).with_name("performance-session35-occlusion.py"))
    occ = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(occ)
    smooth = vtkSSAAPass()
    smooth.SetDelegatePass(occ.occluding(128))
    return smooth


def picture(bone, carts, kind: str, direction, up, landmark, texture=None):
    p = make_plotter((SIZE, SIZE))
    if kind == "ssao":
        p.renderer.SetPass(ssao_chain())
    p.add_mesh(bone, texture=texture if kind == "baked" else None, **look.BONE)
    for m in carts:
        p.add_mesh(m, **look.CARTILAGE)
    _aim(p, direction, up, np.array(bone.bounds))
    p.render()
    image = p.screenshot(return_img=True)
    grey = image[..., :3].mean(axis=2)
    # the bone's pixels: differ from a render of the background alone (the same gradient)
    p.clear_actors()
    p.render()
    background = p.screenshot(return_img=True)[..., :3].mean(axis=2)
    on_bone = np.abs(grey - background) > 1.0
    coord = vtkCoordinate()
    coord.SetCoordinateSystemToWorld()
    coord.SetValue(*landmark)
    cx, cy = coord.GetComputedDoubleDisplayValue(p.renderer)
    coord.SetValue(*(np.asarray(landmark) + np.asarray(up) * 3.0))  # 3 mm along the screen's up, in pixels
    ux, uy = coord.GetComputedDoubleDisplayValue(p.renderer)
    radius_px = float(np.hypot(ux - cx, uy - cy))
    p.close()
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    disk = (np.hypot(cols - cx, (SIZE - 1 - rows) - cy) <= radius_px) & on_bone
    return image, float(grey[disk].mean()), float(grey[on_bone].mean())


def main() -> None:
    level, view, landmark_name, out = sys.argv[1:5]
    directions = int(sys.argv[5]) if len(sys.argv) > 5 else 96
    spine = load_spine(lod="fine")
    lv = parse_level(level)
    bone = spine.bones[lv.name].copy()
    if "Normals" not in bone.point_data:
        bone = bone.compute_normals(cell_normals=False)
    carts = _cartilage_of(spine, lv.index)
    landmark = np.asarray(spine.landmarks[lv.name][landmark_name], float)
    t = time.perf_counter()
    share = accessibility(bone, directions)
    baked_s = time.perf_counter() - t
    bone.active_texture_coordinates = np.c_[share, np.full(len(share), 0.5)]
    ramp = (np.clip(DARKEST + (1 - DARKEST) * np.linspace(0, 1, 256) ** 0.8, 0, 1) * 255).astype(np.uint8)
    texture = pv.Texture(np.repeat(ramp[None, :, None], 3, axis=2).repeat(2, axis=0))
    texture.interpolate, texture.repeat = True, False
    direction, up = VIEWS[view]
    images = []
    print(f"{lv.name} {view}: {bone.n_points} vertices, {directions} directions baked in {baked_s:.1f} s")
    for kind in ("plain", "ssao", "baked"):
        image, spot, whole = picture(bone, carts, kind, direction, up, landmark, texture)
        images.append(image[..., :3])
        print(f"  {kind:6s} {landmark_name} within 3 mm: grey {spot:6.1f}; whole bone {whole:6.1f}; "
              f"ratio {spot / whole:.3f}")
    from PIL import Image

    Image.fromarray(np.concatenate(images, axis=1)).save(out)


if __name__ == "__main__":
    main()
