"""Test fixtures: label maps made by voxelising the model's own neutral spine (and broken variants)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from spineviz.anatomy.levels import LEVEL_NAMES


def rotation(axis: tuple[float, float, float], deg: float) -> np.ndarray:
    a = np.asarray(axis, float) / np.linalg.norm(axis)
    t = math.radians(deg)
    k = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    return np.eye(3) + math.sin(t) * k + (1 - math.cos(t)) * k @ k


def model_bones(levels: list[str]):
    """The shipped default meshes of ``levels`` placed at neutral in the spine frame (mm)."""
    from spineviz.anatomy.spine import load_spine

    spine = load_spine()
    return {n: spine.bones[n].transform(spine.frames[LEVEL_NAMES.index(n)], inplace=False) for n in levels}


def label_grid(bones: dict, labels: dict[str, int], spacing=(1.0, 1.0, 1.0), rot: np.ndarray | None = None,
               flip_x: bool = False, margin: float = 6.0):
    """Voxelise ``bones`` (world meshes) into an integer label volume; return (data, affine)."""
    import pyvista as pv
    from vtkmodules.vtkImagingStencil import vtkImageStencilToImage, vtkPolyDataToImageStencil

    rot = np.eye(3) if rot is None else rot
    pts = np.vstack([np.asarray(b.points) for b in bones.values()])
    local = pts @ rot  # coordinates along the grid's axes
    lo, hi = local.min(axis=0) - margin, local.max(axis=0) + margin
    spacing = np.asarray(spacing, float)
    shape = np.ceil((hi - lo) / spacing).astype(int) + 1
    axes = rot * spacing  # columns: world step per voxel index
    affine = np.eye(4)
    affine[:3, :3] = axes
    affine[:3, 3] = rot @ lo
    if flip_x:  # a left-handed grid: index i runs the other way
        affine[:3, 3] += affine[:3, 0] * (shape[0] - 1)
        affine[:3, 0] *= -1
    inv = np.linalg.inv(affine)
    data = np.zeros(shape, dtype=np.int16)
    for name, bone in bones.items():
        idx_mesh = bone.transform(inv, inplace=False)
        stencil = vtkPolyDataToImageStencil()
        stencil.SetInputData(idx_mesh)
        stencil.SetOutputSpacing(1.0, 1.0, 1.0)
        stencil.SetOutputOrigin(0.0, 0.0, 0.0)
        stencil.SetOutputWholeExtent(0, shape[0] - 1, 0, shape[1] - 1, 0, shape[2] - 1)
        to_image = vtkImageStencilToImage()
        to_image.SetInputConnection(stencil.GetOutputPort())
        to_image.SetInsideValue(1)
        to_image.SetOutsideValue(0)
        to_image.Update()
        img = pv.wrap(to_image.GetOutput())
        inside = np.asarray(img.point_data[img.point_data.keys()[0]]).reshape(shape, order="F") > 0
        data[inside] = labels[name]
    return data, affine


def save(data: np.ndarray, affine: np.ndarray, path: Path, description: bytes = b"") -> Path:
    import nibabel as nib

    img = nib.Nifti1Image(data, affine)
    if description:
        img.header["descrip"] = description
    nib.save(img, str(path))
    return path


VERSE = {**{f"C{i}": i for i in range(1, 8)}, **{f"T{i}": 7 + i for i in range(1, 13)},
         **{f"L{i}": 19 + i for i in range(1, 6)}, "S1": 26}
