"""Sharpness: an unsharp mask whose radius is a fixed fraction of the image size.

The paper adds ``p`` times a 3x3 Laplacian, which acts on different detail at every
resolution. Here the Laplacian is replaced by its scale-aware equivalent
``2 (x - G_sigma(x))`` (for sigma = 1 px the two agree to second order), with sigma 0.06 % of
the long side, so a 2048 px preview and a 6000 px export sharpen the same detail.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import torch
from torch import Tensor

from .filters import gaussian_blur, gaussian_blur_np
from .spec import OpContext, Operation, ParamSpec, ParamValue, per_batch

#: Gaussian sigma, percent of the long side, and its floor in pixels for small images.
RADIUS_PERCENT = 0.06
MIN_SIGMA_PX = 0.7
GAIN = 2.0


def sharpness_sigma(long_side: int) -> float:
    return max(RADIUS_PERCENT * long_side / 100.0, MIN_SIGMA_PX)


def adjust_sharpness(x: Tensor, amount: Tensor, long_side: int) -> Tensor:
    """``x + 2 amount (x - G(x))``, clamped; negative amounts soften. ``amount = 0`` does not
    modify the image."""
    sigma = torch.full((x.shape[0],), sharpness_sigma(long_side), dtype=x.dtype, device=x.device)
    detail = x - gaussian_blur(x, sigma)
    return (x + per_batch(amount, x) * GAIN * detail).clamp(0.0, 1.0)


class Sharpness(Operation):
    name = "sharpness"
    label = "Sharpness"
    description = "Sharpen (positive) or soften (negative) fine detail."
    params = (ParamSpec("amount", -0.5, 3.0, 0.0, "", "unsharp-mask strength; 1 is strong"),)

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return adjust_sharpness(x, params["amount"], ctx.long_side)

    @classmethod
    def reach(cls, params: Mapping[str, ParamValue], long_side: int) -> int:
        return int(3 * sharpness_sigma(long_side)) + 2

    @classmethod
    def apply_fast(cls, img: np.ndarray, params: Mapping[str, ParamValue], ctx: OpContext) -> np.ndarray:
        from ._kernels import add_detail  # numba: imported only when rendering

        blurred = gaussian_blur_np(img, sharpness_sigma(ctx.long_side))
        return add_detail(np.ascontiguousarray(img, dtype=np.float32), blurred, float(params["amount"]) * GAIN)
