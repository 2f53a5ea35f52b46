"""Image regression with a tolerance that survives software rendering: mean and outlier-pixel limits."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import imageio.v3 as iio
import numpy as np

BASELINES = Path(__file__).parent / "baselines"
FAILED = Path(__file__).parent / "_failed"
UPDATE = os.environ.get("SPINEVIZ_UPDATE_BASELINES") == "1"


def image_difference(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Mean absolute difference (0-255) and the fraction of pixels that differ by more than 40."""
    a = a[..., :3].astype(float)
    b = b[..., :3].astype(float)
    d = np.abs(a - b).max(axis=-1)
    return float(d.mean()), float((d > 40).mean())


def assert_matches_baseline(image_path: Path, name: str, mean_tol: float = 2.5, outlier_tol: float = 0.015):
    baseline = BASELINES / f"{name}.png"
    if UPDATE or not baseline.exists():
        if not UPDATE:
            raise AssertionError(f"no baseline {baseline}; run with SPINEVIZ_UPDATE_BASELINES=1 to create it")
        BASELINES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(image_path, baseline)
        return
    got, want = iio.imread(image_path), iio.imread(baseline)
    assert got.shape == want.shape, f"{name}: size {got.shape} != baseline {want.shape}"
    mean, outliers = image_difference(got, want)
    if mean > mean_tol or outliers > outlier_tol:
        FAILED.mkdir(exist_ok=True)
        shutil.copyfile(image_path, FAILED / f"{name}.png")
        raise AssertionError(f"{name}: differs from baseline (mean {mean:.2f} > {mean_tol} or "
                             f"outliers {outliers:.3%} > {outlier_tol:.1%}); new image in {FAILED}")


def assert_not_blank(path: Path, min_std: float = 8.0) -> None:
    img = iio.imread(path)[..., :3].astype(float)
    assert img.std() > min_std, f"{path} looks blank (std {img.std():.1f})"
