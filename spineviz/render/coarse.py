"""The coarse vertebrae and cartilage drawn while the spine moves: each mesh decimated in memory, once.

Software OpenGL (Mesa llvmpipe) spends most of a frame on triangles: the 25 default bones are 300,000 of
them. While the picture moves (Play, a slider, an orbit, a zoom or a camera glide) the eye cannot follow
fine surface detail, so :class:`~spineviz.render.spine_actors.SpineActors` swaps each bone's mapper for
one of these, and back to the full mesh once the picture is still (see ``spineviz.app.viewport``).

The coarse mesh is made from the very mesh the actor shows at rest (quadric decimation keeps its shape
and volume), so it sits where the full bone sits and nothing jumps when detail returns. It is made on
demand, one bone at a time, never on the start-up path (about 0.1 s a bone on the 2-core machine). Each bone and
layer also gets a *distant* mesh, decimated again from its coarse one, drawn while moving when the vertebrae are
small on screen (the whole spine in the app's view): triangles that fall under a pixel or two cost llvmpipe
as much as large ones.
"""

from __future__ import annotations

import pyvista as pv

COARSE_TRIANGLES = 1500
"""Triangles per bone while moving (the default mesh set has 12,000 a bone): 37,500 for the whole spine.

Chosen on the 2-core llvmpipe machine: at 1,500 the bones' silhouettes and the facets' positions are
unchanged at the viewport's scale while a whole-spine frame draws in well under half the time; see
docs/performance.md."""

DISTANT_TRIANGLES = 500
"""Triangles per bone while moving when the vertebrae are small on screen (a whole-spine view): 12,500 in all.

A modelling choice of this program's drawing, not anatomy: below :data:`DISTANT_PX_PER_MM` even a lumbar
vertebra, the largest, is under about 60 pixels tall, and at 500 triangles its body, processes and facets
draw the same silhouette as at 1,500 (compared by eye and by the popping test, tests/render/test_lod.py),
for about a sixth less of a moving whole-spine render in llvmpipe (docs/performance.md, session 9)."""
DISTANT_PX_PER_MM = 1.2
"""Screen pixels per millimetre at the camera's focal point below which the moving bones are drawn distant.

Measured in the app's 3D view (649x729 in a 1280x800 window): the whole spine framed is 0.78 pixels a
millimetre, the thoracic region 1.65, lumbar 1.87, cervical 2.94; so every region keeps the 1,500-triangle
bones, and the whole spine keeps the distant ones until the user zooms in by half again."""

COARSE_CARTILAGE_SHARE = 0.25
"""Share of its triangles a cartilage layer keeps while moving (the default set: 264 a layer, 25,344 in all).

The 96 layers at full resolution cost about a quarter of a moving whole-spine render in llvmpipe; at a
quarter of the triangles, 70 % of that goes (docs/performance.md, 1 December 2026 evening). The layers
keep their outline and their place on the joint, so the load colours fill the same pixels."""
DISTANT_CARTILAGE_SHARE = 0.08
"""Share of its full triangles a cartilage layer keeps while moving in a distant view (see :data:`DISTANT_PX_PER_MM`).

A modelling choice of the drawing: a layer is then 3 to 6 pixels across, and its 22,000 coarse triangles in
the whole spine cost llvmpipe about a tenth of a moving render for detail no pixel shows (docs/performance.md,
session 9)."""
COARSE_CARTILAGE_MIN = 24
"""No coarse layer below this many triangles: a thin plate needs its two faces and its rim."""


def coarse_mesh(mesh: pv.PolyData, triangles: int = COARSE_TRIANGLES) -> pv.PolyData:
    """``mesh`` decimated to about ``triangles`` triangles, with smooth point normals for Phong shading.

    A mesh already at or under ``triangles`` is returned with normals only (never refined).
    """
    from vtkmodules.vtkFiltersCore import vtkPolyDataNormals, vtkQuadricDecimation

    source = mesh
    if mesh.n_cells > triangles:
        dec = vtkQuadricDecimation()
        dec.SetInputData(mesh)
        dec.SetTargetReduction(1.0 - triangles / mesh.n_cells)
        dec.VolumePreservationOn()
        dec.Update()
        source = dec.GetOutput()
    if source is not mesh and mesh.GetPointData().GetTCoords() is not None:
        source = _with_coordinates_of(pv.wrap(source), mesh)
    normals = vtkPolyDataNormals()
    normals.SetInputData(source)
    normals.SplittingOff()  # smooth shading across the whole bone, like the full mesh
    normals.ConsistencyOn()
    normals.Update()
    return pv.wrap(normals.GetOutput())


def _with_coordinates_of(rough: pv.PolyData, mesh: pv.PolyData) -> pv.PolyData:
    """``rough`` (decimated from ``mesh``) given the texture coordinates of ``mesh``'s nearest vertex, point by point.

    The decimation drops them; a bone's coordinates are its baked occlusion (``spineviz.render.shading``), which
    varies slowly over the surface, so the nearest full vertex's value is the one the full bone draws there. Found by
    VTK's static point locator (about 1 ms a bone; the brute-force distances it replaced took about 115 ms).
    """
    import numpy as np
    from vtkmodules.vtkCommonDataModel import vtkStaticPointLocator

    locator = vtkStaticPointLocator()
    locator.SetDataSet(mesh)
    locator.BuildLocator()
    nearest = np.fromiter((locator.FindClosestPoint(p) for p in np.asarray(rough.points, np.float64)), np.int64,
                          count=rough.n_points)
    coords = np.asarray(mesh.active_texture_coordinates)
    out = rough.copy(deep=False)
    out.point_data.set_array(coords[nearest], mesh.GetPointData().GetTCoords().GetName())
    out.GetPointData().SetActiveTCoords(mesh.GetPointData().GetTCoords().GetName())
    return out


def distant_mesh(coarse: pv.PolyData) -> pv.PolyData:
    """A coarse bone decimated again to :data:`DISTANT_TRIANGLES` (from the coarse mesh: a few milliseconds)."""
    return coarse_mesh(coarse, DISTANT_TRIANGLES)


def coarse_cartilage(mesh: pv.PolyData, share: float = COARSE_CARTILAGE_SHARE) -> pv.PolyData:
    """A facet's cartilage layer with ``share`` of its triangles (at least :data:`COARSE_CARTILAGE_MIN`)."""
    return coarse_mesh(mesh, max(COARSE_CARTILAGE_MIN, round(mesh.n_cells * share)))


__all__ = ["COARSE_CARTILAGE_MIN", "COARSE_CARTILAGE_SHARE", "COARSE_TRIANGLES", "DISTANT_CARTILAGE_SHARE",
           "DISTANT_PX_PER_MM", "DISTANT_TRIANGLES", "coarse_cartilage", "coarse_mesh", "distant_mesh"]
