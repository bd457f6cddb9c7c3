"""Shared spatial filters with a torch reference and a matching OpenCV path.

Both paths use the same Gaussian taps and reflect-101 borders (torch ``"reflect"`` is
OpenCV's ``BORDER_REFLECT_101``), so they agree to float rounding.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

#: Taps reach this many standard deviations each side.
TRUNCATE = 3.0


def kernel_radius(sigma_px: float, size: tuple[int, int]) -> int:
    """Radius of a Gaussian kernel for ``sigma_px``, limited by the image so reflection works."""
    return max(1, min(int(math.ceil(TRUNCATE * sigma_px)), min(size) - 1))


def gaussian_taps(sigma_px: Tensor, radius: int) -> Tensor:
    """Normalised 1D Gaussian taps ``(B, 2 radius + 1)`` for per-batch ``sigma_px`` ``(B,)``.
    A sigma of 0 gives the unit impulse, so the blur is then exactly the identity."""
    t = torch.arange(-radius, radius + 1, dtype=sigma_px.dtype, device=sigma_px.device)
    s = sigma_px.reshape(-1, 1).clamp_min(1e-3)
    w = torch.exp(-(t * t) / (2.0 * s * s))
    return w / w.sum(dim=1, keepdim=True)


def gaussian_taps_np(sigma_px: float, radius: int) -> np.ndarray:
    return gaussian_taps(torch.tensor([float(sigma_px)], dtype=torch.float64), radius)[0].numpy().astype(np.float32)


def separable_blur(x: Tensor, taps: Tensor) -> Tensor:
    """Blur ``(B, C, H, W)`` with per-batch separable taps ``(B, K)``, reflect-101 borders."""
    b, c, h, w = x.shape
    k = taps.shape[1]
    r = k // 2
    weight = taps.to(x.dtype).expand(b, k).repeat_interleave(c, dim=0)  # (B*C, K); (1, K) broadcasts
    y = F.pad(x.reshape(1, b * c, h, w), (r, r, r, r), mode="reflect")
    y = F.conv2d(y, weight.reshape(b * c, 1, 1, k), groups=b * c)
    y = F.conv2d(y, weight.reshape(b * c, 1, k, 1), groups=b * c)
    return y.reshape(b, c, h, w)


def gaussian_blur(x: Tensor, sigma_px: Tensor) -> Tensor:
    """Gaussian blur with per-batch ``sigma_px`` ``(B,)`` in pixels (the reference path)."""
    radius = kernel_radius(float(sigma_px.detach().max()), x.shape[-2:])
    return separable_blur(x, gaussian_taps(sigma_px.to(x.dtype), radius))


def gaussian_blur_np(img: np.ndarray, sigma_px: float) -> np.ndarray:
    """The OpenCV twin of :func:`gaussian_blur` for one ``(H, W, C)`` float32 image."""
    taps = gaussian_taps_np(sigma_px, kernel_radius(sigma_px, img.shape[:2]))
    return cv2.sepFilter2D(img, cv2.CV_32F, taps, taps, borderType=cv2.BORDER_REFLECT_101)


def box_mean(x: Tensor, radius: int) -> Tensor:
    """Mean over a ``(2 r + 1)^2`` box, reflect-101 borders (matches ``cv2.boxFilter``)."""
    k = 2 * radius + 1
    y = F.pad(x, (radius, radius, radius, radius), mode="reflect")
    return F.avg_pool2d(y, kernel_size=k, stride=1)


def box_mean_np(img: np.ndarray, radius: int) -> np.ndarray:
    k = 2 * radius + 1
    return cv2.boxFilter(img, cv2.CV_32F, (k, k), normalize=True, borderType=cv2.BORDER_REFLECT_101)
