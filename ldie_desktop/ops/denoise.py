"""Denoise: an edge-preserving self-guided filter (He et al.), blended by strength.

The filter's windows are Gaussian rather than boxes, so the window size is continuous and a
preview and an export of different sizes smooth the same physical extent.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import torch
from torch import Tensor

from .filters import gaussian_blur, gaussian_blur_np
from .spec import OpContext, Operation, ParamSpec, ParamValue, per_batch

#: Window sigma in percent of the long side (at least 0.8 px), and the edge threshold (a local
#: standard deviation below about 0.05 is treated as noise).
SIGMA_PERCENT = 0.08
MIN_SIGMA_PX = 0.8
EPS = 0.05**2


def denoise_sigma(long_side: int) -> float:
    return max(SIGMA_PERCENT * long_side / 100.0, MIN_SIGMA_PX)


def guided_self(x: Tensor, sigma_px: float, eps: float) -> Tensor:
    s = torch.full((x.shape[0],), sigma_px, dtype=x.dtype, device=x.device)
    mean = gaussian_blur(x, s)
    var = (gaussian_blur(x * x, s) - mean * mean).clamp_min(0.0)
    a = var / (var + eps)
    b = mean - a * mean
    return gaussian_blur(a, s) * x + gaussian_blur(b, s)


def guided_self_np(img: np.ndarray, sigma_px: float, eps: float) -> np.ndarray:
    mean = gaussian_blur_np(img, sigma_px)
    var = np.maximum(gaussian_blur_np(img * img, sigma_px) - mean * mean, 0.0)
    a = var / (var + eps)
    b = mean - a * mean
    return gaussian_blur_np(a, sigma_px) * img + gaussian_blur_np(b, sigma_px)


def denoise(x: Tensor, strength: Tensor, long_side: int) -> Tensor:
    """``lerp(x, guided(x), strength)``; 0 does not modify the image."""
    smooth = guided_self(x, denoise_sigma(long_side), EPS)
    return torch.lerp(x, smooth, per_batch(strength, x)).clamp(0.0, 1.0)


class Denoise(Operation):
    name = "denoise"
    label = "Denoise"
    description = "Smooth away noise and grain while keeping edges."
    params = (ParamSpec("strength", 0.0, 1.0, 0.0, "", "1 is the full guided filter"),)

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return denoise(x, params["strength"], ctx.long_side)

    @classmethod
    def reach(cls, params: Mapping[str, ParamValue], long_side: int) -> int:
        return int(6 * denoise_sigma(long_side)) + 2  # two nested blurs

    @classmethod
    def apply_fast(cls, img: np.ndarray, params: Mapping[str, ParamValue], ctx: OpContext) -> np.ndarray:
        s = float(params["strength"])
        smooth = guided_self_np(img, denoise_sigma(ctx.long_side), EPS)
        return np.clip(img + (smooth - img) * s, 0.0, 1.0)
