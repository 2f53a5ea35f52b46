"""Shared fixtures: the model's own lumbar spine voxelised at 1 mm and imported once per session."""

from __future__ import annotations

import pytest

from tests.anatomy.importer.voxelise import VERSE, label_grid, model_bones, save

SPAN = ["T12", "L1", "L2", "L3", "L4", "L5", "S1"]


@pytest.fixture(scope="session")
def model_span():
    return model_bones(SPAN)


@pytest.fixture(scope="session")
def label_map_1mm(tmp_path_factory, model_span):
    data, affine = label_grid(model_span, VERSE, (1.0, 1.0, 1.0))
    path = tmp_path_factory.mktemp("scan") / "lumbar-1mm.nii.gz"
    return save(data, affine, path, description=b"Jane Doe 1970-01-01 hospital no. 12345")


@pytest.fixture(scope="session")
def imported_1mm(tmp_path_factory, label_map_1mm):
    from spineviz.anatomy.importer.pipeline import import_anatomy

    out = tmp_path_factory.mktemp("anatomy") / "patient"
    result = import_anatomy(label_map_1mm, out, "verse", name="round trip")
    return result
