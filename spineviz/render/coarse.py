"""The coarse vertebrae drawn while the spine moves: each bone decimated in memory, made once per mesh.

Software OpenGL (Mesa llvmpipe) spends most of a frame on triangles: the 25 default bones are 300,000 of
them. While the picture moves (Play, a slider, an orbit, a zoom or a camera glide) the eye cannot follow
fine surface detail, so :class:`~spineviz.render.spine_actors.SpineActors` swaps each bone's mapper for
one of these, and back to the full mesh once the picture is still (see ``spineviz.app.viewport``).

The coarse mesh is made from the very mesh the actor shows at rest (quadric decimation keeps its shape
and volume), so it sits where the full bone sits and nothing jumps when detail returns. It is made on
demand, one bone at a time, never on the start-up path (about 0.1 s a bone on the 2-core machine).
"""

from __future__ import annotations

import pyvista as pv

COARSE_TRIANGLES = 1500
"""Triangles per bone while moving (the default mesh set has 12,000 a bone): 37,500 for the whole spine.

Chosen on the 2-core llvmpipe machine: at 1,500 the bones' silhouettes and the facets' positions are
unchanged at the viewport's scale while a whole-spine frame draws in well under half the time; see
docs/performance.md."""


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
    normals = vtkPolyDataNormals()
    normals.SetInputData(source)
    normals.SplittingOff()  # smooth shading across the whole bone, like the full mesh
    normals.ConsistencyOn()
    normals.Update()
    return pv.wrap(normals.GetOutput())


__all__ = ["COARSE_TRIANGLES", "coarse_mesh"]
