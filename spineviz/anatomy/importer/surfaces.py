"""Bone surfaces from voxel masks: surface nets, volume-keeping smoothing, decimation to the budget.

Discrete flying edges (``vtkDiscreteFlyingEdges3D``, marching cubes for label images) give a closed,
manifold surface straight from the labels (surface nets, tried first, left open non-manifold edges where
voxels touch only along an edge). The surface is moved into world millimetres by the crop's affine
(oblique and anisotropic grids included; a left-handed grid has its triangles turned so normals still
point out), then smoothed with a windowed-sinc filter — a low-pass filter that removes the voxel
staircase without the shrinkage of Laplacian smoothing (Taubin 1995) — and decimated to the default
triangle budget of the shipped meshes.
"""

from __future__ import annotations

import numpy as np

# The shipped default level of detail has about this many triangles per bone (meshes/manifest.json).
DEFAULT_TRIANGLES = 12_000
SMOOTHING_ITERATIONS = 25
SMOOTHING_PASS_BAND = 0.05


def _image(mask: np.ndarray):
    import pyvista as pv

    grid = pv.ImageData(dimensions=mask.shape, spacing=(1.0, 1.0, 1.0), origin=(0.0, 0.0, 0.0))
    grid.point_data["label"] = mask.astype(np.uint8).ravel(order="F")
    return grid


def surface_from_mask(mask: np.ndarray, affine: np.ndarray, triangles: int = DEFAULT_TRIANGLES):
    """A closed, smoothed, decimated surface of a boolean mask, in world mm (pyvista ``PolyData``).

    Only the largest connected piece is kept (specks of mislabelled voxels go); the next piece's size
    relative to it is kept in ``field_data["second_piece"]`` so a label holding two bones can be refused.
    """
    import pyvista as pv
    from vtkmodules.vtkFiltersGeneral import vtkDiscreteFlyingEdges3D

    edges = vtkDiscreteFlyingEdges3D()
    edges.SetInputData(_image(mask))
    edges.SetInputArrayToProcess(0, 0, 0, 0, "label")
    edges.SetValue(0, 1)
    edges.ComputeNormalsOff()
    edges.ComputeGradientsOff()
    edges.ComputeScalarsOff()
    edges.Update()
    surf = pv.wrap(edges.GetOutput())
    surf = pv.PolyData(surf.points, surf.faces).clean()
    pieces = surf.connectivity("all")
    sizes = np.sort(np.bincount(np.asarray(pieces.cell_data["RegionId"])))[::-1]
    second = float(sizes[1] / sizes[0]) if len(sizes) > 1 else 0.0
    surf = surf.connectivity("largest")
    surf = pv.PolyData(surf.points, surf.faces)
    surf.points = surf.points @ affine[:3, :3].T + affine[:3, 3]
    out = finish_surface(surf, triangles)
    out.field_data["second_piece"] = np.array([second])  # size of the next-largest piece, relative
    return out


def finish_surface(surf, triangles: int = DEFAULT_TRIANGLES):
    """Orient outward, smooth without shrinking, decimate to about ``triangles``, add point normals."""
    import pyvista as pv
    from vtkmodules.vtkFiltersCore import vtkWindowedSincPolyDataFilter

    surf = surf.triangulate().clean()
    sinc = vtkWindowedSincPolyDataFilter()
    sinc.SetInputData(surf)
    sinc.SetNumberOfIterations(SMOOTHING_ITERATIONS)
    sinc.SetPassBand(SMOOTHING_PASS_BAND)
    sinc.BoundarySmoothingOff()
    sinc.FeatureEdgeSmoothingOff()
    sinc.NonManifoldSmoothingOn()
    sinc.NormalizeCoordinatesOn()
    sinc.Update()
    smooth = pv.wrap(sinc.GetOutput())
    if smooth.n_cells > triangles:
        smooth = smooth.decimate(1.0 - triangles / smooth.n_cells, volume_preservation=True)
    smooth = pv.PolyData(smooth.points, smooth.faces).clean()
    # consistent, outward winding whatever the grid's handedness (vtkPolyDataNormals reorders the cells)
    return smooth.compute_normals(auto_orient_normals=True, cell_normals=False, split_vertices=False)

