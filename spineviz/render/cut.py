"""Cross-sections: cut every visible part with the scene's plane and cap the cut so bone reads as solid.

Actors keep their meshes in the vertebra's local frame and are posed by a user matrix, so the world plane
is carried into each actor's local frame and the local mesh is cut there with VTK's
``vtkClipClosedSurface`` (PyVista's ``clip_closed_surface``), which closes the cut with a cap face. Open
meshes are clipped without a cap. The nerves are cut :data:`NERVE_MARGIN` mm further out: like a dissection
that takes bone away and leaves the nerves near it, the nerves just in front of the cut face stay (a cut
through the foramen still shows the root leaving it and the medial branch behind the joint), while
nerves far from the cut go with the bone. The original meshes are kept so that the cut can move with the pose or
be removed. The cap is drawn :data:`CAP_SHADE` darker than the part by cell colours.

The cut keeps the mesh's point data (session 36, cut36): a bone's baked occlusion (its texture coordinates,
``spineviz.render.shading``) and its normals stay on the cut surface, so a bone does not turn lighter the moment a
cut is switched on. The cap is a flat sawn face that no sky reaches through the bone: it takes no occlusion
(texture coordinate 1.0, white) and faces the plane's normal. Its cells get their own copies of the cut outline's
points, so that the outline's values on the surface are not interpolated across the cap.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from spineviz.anatomy.levels import LEVELS

ATTR = "_spineviz_uncut"
HIDDEN = "_spineviz_cut_away"
CUT = "_spineviz_has_cut"  # on the renderer: some actor may hold a cut piece or be hidden by a cut
NERVE_MARGIN = 22.0
"""How far (mm) in front of the cut the nerves are kept."""
CAP_SHADE = 0.72
"""The cut face's colour as a fraction of the part's colour: darker, like the inside of a sawn bone."""


def _local_plane(matrix: np.ndarray, origin: np.ndarray, normal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    inv = np.linalg.inv(matrix)
    o = inv[:3, :3] @ origin + inv[:3, 3]
    n = matrix[:3, :3].T @ normal  # rigid: the inverse rotation is the transpose
    return o, n / np.linalg.norm(n)


def cut_mesh(mesh: pv.PolyData, origin, normal, base=None) -> pv.PolyData:
    """``mesh`` without the part on the side ``normal`` points to, capped where it was closed.

    With ``base`` (an RGB colour 0-1) the result carries cell colours: the surface in ``base`` and the cap
    :data:`CAP_SHADE` darker, so a cut face reads as cut.
    """
    origin, normal = np.asarray(origin, float), np.asarray(normal, float)
    side = (np.asarray(mesh.points) - origin) @ normal
    if np.all(side <= 0):
        return mesh
    if np.all(side > 0):
        return pv.PolyData()
    if mesh.n_open_edges == 0:
        return _capped(mesh, origin, normal, base)
    return mesh.clip(normal=tuple(normal), origin=tuple(origin), invert=True)


def _capped(mesh: pv.PolyData, origin: np.ndarray, normal: np.ndarray, base) -> pv.PolyData:
    """Clip with cell colours (vtkClipClosedSurface): the outer surface in ``base``, the cap darker.

    The mesh's point data is passed to the cut surface, and the cap is given points of its own (:func:`_own_cap`).
    """
    from vtkmodules.vtkCommonDataModel import vtkPlane, vtkPlaneCollection
    from vtkmodules.vtkFiltersGeneral import vtkClipClosedSurface

    plane = vtkPlane()
    plane.SetOrigin(*origin)
    plane.SetNormal(*(-normal))  # the filter keeps the side its normal points to
    planes = vtkPlaneCollection()
    planes.AddItem(plane)
    f = vtkClipClosedSurface()
    f.SetInputData(mesh)
    f.SetClippingPlanes(planes)
    f.SetGenerateFaces(True)
    f.SetPassPointData(True)  # the occlusion's texture coordinates and the normals, interpolated onto the cut
    if base is not None:
        f.SetScalarModeToColors()
        f.SetBaseColor(*base)
        f.SetClipColor(*(CAP_SHADE * np.asarray(base, float)))
    else:
        f.SetScalarModeToLabels()  # 0 on the surface, 1 on the cap: only to find the cap, then dropped
    f.Update()
    cut = pv.wrap(f.GetOutput())
    scalars = cut.GetCellData().GetScalars()
    if scalars is None or cut.n_cells == 0:
        return cut
    values = np.asarray(cut.cell_data[scalars.GetName()])
    if base is None:
        cap = values != 0
        cut.cell_data.remove(scalars.GetName())
    else:  # the surface's cells carry the base colour, the cap's the darker one
        surface = np.asarray(f.GetBaseColor()) * 255.0
        cap = np.any(np.abs(values.reshape(len(values), -1)[:, :3] - surface) > 1.0, axis=1)
    return _own_cap(cut, cap, normal)


def _own_cap(cut: pv.PolyData, cap: np.ndarray, normal: np.ndarray) -> pv.PolyData:
    """``cut`` with its ``cap`` polygons on copies of their points: no occlusion (1.0) and the plane's normal.

    Sharing the outline's points with the surface, the cap would interpolate the surface's occlusion across the
    cut face (dark streaks). The surface keeps those points and their values; the copies sit at the same places,
    and a seam of zero-area triangles joins each outline edge to its copy, so the cut stays a closed surface
    (every edge shared by two triangles) while nothing of the seam is drawn.
    """
    from spineviz.anatomy.meshset import SKY_COORDINATES
    from spineviz.anatomy.occlusion import ARRAY

    if not cap.any() or cut.GetNumberOfLines() or cut.GetNumberOfStrips() or cut.GetNumberOfVerts():
        return cut
    polys = cut.GetPolys()
    offsets = np.asarray(polys.GetOffsetsArray(), np.int64)
    conn = np.array(polys.GetConnectivityArray(), np.int64)
    sizes = np.diff(offsets)
    in_cap = np.repeat(cap, sizes)
    shared = np.unique(conn[in_cap])
    n = cut.n_points
    copy = np.full(n, -1, np.int64)
    copy[shared] = n + np.arange(shared.size)
    # the cap's directed edges (a -> b); an outline edge is one whose reverse is not the cap's
    ends = np.flatnonzero(in_cap)  # the cap cells' corners, in order, and the next corner round each cell
    nxt = ends + 1
    last = offsets[1:][cap] - 1
    nxt[np.isin(ends, last)] = offsets[:-1][cap]
    a, b = conn[ends], conn[nxt]
    outer = ~np.isin(b * n + a, a * n + b)  # edge keys: no cap cell runs the edge the other way
    outline = np.column_stack([a[outer], b[outer]])
    conn[in_cap] = copy[conn[in_cap]]
    seam = np.empty((0, 3), np.int64)
    if outline.size:
        x, y = outline[:, 0], outline[:, 1]
        # the surface runs y -> x along the edge; these take x -> y and the copies' y' -> x' (the cap runs x' -> y')
        seam = np.concatenate([np.column_stack([x, y, copy[y]]), np.column_stack([copy[y], copy[x], x])])
    out = pv.PolyData()
    points = np.asarray(cut.points)
    out.points = np.concatenate([points, points[shared]])
    out.polys = pv.CellArray.from_arrays(np.concatenate([offsets, offsets[-1] + 3 * np.arange(1, len(seam) + 1)]),
                                         np.concatenate([conn, seam.ravel()]))
    source = cut.GetPointData()
    tcoords, normals = source.GetTCoords(), source.GetNormals()
    for name in cut.point_data.keys():
        values = np.asarray(cut.point_data[name])
        added = values[shared].copy()
        if name in (SKY_COORDINATES, ARRAY) or (tcoords is not None and name == tcoords.GetName()):
            added[(slice(None), 0) if added.ndim > 1 else slice(None)] = 1.0  # the sawn face: no darkening
        elif normals is not None and name == normals.GetName():
            added[:] = normal  # the kept side is behind the plane: the cap faces along the normal
        out.point_data.set_array(np.concatenate([values, added]), name)
    if tcoords is not None:
        out.GetPointData().SetActiveTCoords(tcoords.GetName())
    if normals is not None:
        out.GetPointData().SetActiveNormals(normals.GetName())
    scalars = cut.GetCellData().GetScalars()
    for name in cut.cell_data.keys():  # the seam's cells (drawn as nothing) take a surface cell's values
        values = np.asarray(cut.cell_data[name])
        fill = np.repeat(values[~cap][:1] if (~cap).any() else values[:1], len(seam), axis=0)
        out.cell_data.set_array(np.concatenate([values, fill]), name)
    if scalars is not None:
        out.GetCellData().SetActiveScalars(scalars.GetName())
    return out


def _actors(renderer) -> list[tuple[object, float]]:
    """Every actor the cut applies to, with how far in front of the plane it is kept (mm)."""
    a = renderer.actors
    found = [(actor, 0.0) for actor in (*a.bones.values(), *a.discs.values(), *a.cartilage.values())]
    nerves = getattr(renderer, "nerves", None)
    if nerves is not None:
        found += [(actor, NERVE_MARGIN) for actor in nerves.actors.values()]
    return found


def _set_input(actor, mesh) -> None:
    mapper = actor.mapper
    mapper.SetInputData(mesh)
    coloured = mesh.GetCellData().GetScalars() is not None
    mapper.SetScalarVisibility(coloured)
    if coloured:
        mapper.SetScalarModeToUseCellData()
        mapper.SetColorModeToDirectScalars()
    mapper.Modified()


def restore_cut_away(renderer, actors=None) -> None:
    """Show again the parts the last cut hid whole.

    Called before cutting again, and before a new scene decides what is visible, so that a part outside
    the new region stays hidden and a layer turned off stays off.
    """
    for actor, _margin in actors if actors is not None else _actors(renderer):
        if getattr(actor, HIDDEN, False):
            actor.visibility = True
            setattr(actor, HIDDEN, False)


def world_plane(renderer, state) -> tuple[np.ndarray, np.ndarray]:
    """The scene's cut as (origin, unit normal) in the world (the spine frame, mm), at the current pose.

    A plane given by neither a level nor a point passes through the middle of the visible vertebrae.
    """
    clip = state.clip
    centre = None
    if clip.at is None and clip.origin is None:
        a = renderer.actors
        idx = [lv.index for lv in LEVELS if lv.name in set(state.visible_levels()) and lv.name in a.bones]
        centre = np.mean([(a.transforms[i] @ a.spine.frames[i])[:3, 3] for i in idx], axis=0)
    return clip.world_plane(renderer.actors.spine.model, renderer.actors.transforms, centre)


def apply_clip(renderer, state) -> int:
    """Cut the renderer's visible actors with ``state.clip`` at the current pose (or restore them).

    Returns the number of actors cut. Call after each pose: the plane may follow a level (``at``).
    """
    clip = state.clip
    if clip is None and not getattr(renderer, CUT, False):  # nothing cut since the last restore: a tick of Play
        return 0
    actors = _actors(renderer)
    restore_cut_away(renderer, actors)
    if clip is None:
        for actor, _margin in actors:
            uncut = getattr(actor, ATTR, None)
            if uncut is not None:
                _set_input(actor, uncut)
                setattr(actor, ATTR, None)
        setattr(renderer, CUT, False)
        return 0
    setattr(renderer, CUT, True)
    origin, normal = world_plane(renderer, state)
    cut = 0
    for actor, margin in actors:
        if not actor.visibility:
            continue
        uncut = getattr(actor, ATTR, None)
        if uncut is None:
            uncut = actor.mapper.GetInput()
            setattr(actor, ATTR, uncut)
        matrix = np.asarray(actor.user_matrix, float)
        o, n = _local_plane(matrix, origin + margin * normal, normal)
        piece = cut_mesh(pv.wrap(uncut), o, n, None if margin else tuple(actor.prop.color.float_rgb))
        if piece.n_points == 0:  # an empty actor would spoil the bounds the camera fits
            actor.visibility = False
            setattr(actor, HIDDEN, True)
            piece = pv.wrap(uncut)
        _set_input(actor, piece)
        cut += 1
    return cut
