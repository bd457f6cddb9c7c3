"""Shared spatial filters with a torch reference and a matching OpenCV path.

Both paths use the same Gaussian taps and reflect-101 borders (torch ``"reflect"`` is
OpenCV's ``BORDER_REFLECT_101``), so they agree to float rounding.
"""

from __future__ import annotations

import math
import warnings

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from .spec import LUMA_WEIGHTS

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


#: Large windows of :func:`fast_guided` are computed on a copy downsampled so that the window's
#: sigma is about this many pixels there.
GUIDED_SIGMA_PX = 4.0


def guided_factor(sigma_px: float, size: tuple[int, int]) -> int:
    """The downsampling factor :func:`fast_guided` uses for ``sigma_px`` on an image of ``size``."""
    return max(1, min(int(sigma_px // GUIDED_SIGMA_PX), max(1, min(size) // 4)))


def _guided_coefficients(g: Tensor, p: Tensor, sigma_px: float, eps: float) -> tuple[Tensor, Tensor]:
    """The guided filter's smoothed linear coefficients ``a``, ``b`` for guide ``g`` and source
    ``p`` (same resolution) with Gaussian windows of ``sigma_px``."""
    s = torch.full((g.shape[0],), sigma_px, dtype=g.dtype, device=g.device)
    mean_g = gaussian_blur(g, s)
    mean_p = gaussian_blur(p, s)
    var = (gaussian_blur(g * g, s) - mean_g * mean_g).clamp_min(0.0)
    cov = gaussian_blur(g * p, s) - mean_g * mean_p
    a = cov / (var + eps)
    b = mean_p - a * mean_g
    return gaussian_blur(a, s), gaussian_blur(b, s)


def _grid(sigma_px: float, size: tuple[int, int], frame: tuple[int, int, int, int] | None) -> tuple[int, int, int]:
    """The downsampling factor for a window of ``size`` (of the photo ``frame`` says, or the whole
    photo), and the rows and columns of the whole photo's first block that lie before the window:
    padding the window by them puts its blocks where the whole photo's are, so a part (a 100 %
    view, an export's band) smooths as the same part of the whole."""
    if frame is None:
        return guided_factor(sigma_px, size), 0, 0
    f = guided_factor(sigma_px, (frame[0], frame[1]))
    return f, frame[2] % f, frame[3] % f


def fast_guided(guide: Tensor, src: Tensor, sigma_px: float, eps: float,
                frame: tuple[int, int, int, int] | None = None) -> Tensor:
    """Edge-aware smoothing of ``src`` ``(B, C, H, W)`` along the edges of ``guide``
    ``(B, 1, H, W)``: He et al.'s guided filter with Gaussian windows of ``sigma_px``. The
    linear coefficients are found on an area-downsampled copy and upsampled (He and Sun's fast
    guided filter), then applied to the full-resolution guide, so a window of 1-2 % of a 24 MP
    photo costs a few full-size passes. ``eps`` is the variance below which detail is smoothed
    (0.1 ** 2: steps in the guide smaller than about 0.1 are smoothed away). ``frame``: the
    inputs are that window of a larger photo (``OpContext.frame``)."""
    h, w = guide.shape[-2:]
    f, oy, ox = _grid(sigma_px, (h, w), frame)
    if f == 1:
        a, b = _guided_coefficients(guide, src, sigma_px, eps)
        return a * guide + b
    g, p = (F.pad(guide, (ox, 0, oy, 0), mode="replicate"), F.pad(src, (ox, 0, oy, 0), mode="replicate")) \
        if oy or ox else (guide, src)
    g = F.avg_pool2d(g, kernel_size=f, stride=f, ceil_mode=True)
    p = F.avg_pool2d(p, kernel_size=f, stride=f, ceil_mode=True)
    a, b = _guided_coefficients(g, p, sigma_px / f, eps)
    a = F.interpolate(a, scale_factor=f, mode="bilinear", align_corners=False)[..., oy:oy + h, ox:ox + w]
    b = F.interpolate(b, scale_factor=f, mode="bilinear", align_corners=False)[..., oy:oy + h, ox:ox + w]
    return a * guide + b


def upsample_np(small: np.ndarray, factor: int, size: tuple[int, int], offset: tuple[int, int] = (0, 0)) -> np.ndarray:
    """``(h, w)`` float32 upsampled ``factor`` times bilinearly (half-pixel centres, edges
    clamped: ``F.interpolate(..., align_corners=False)``) and cut to ``size`` from ``offset``."""
    h, w = small.shape
    up = cv2.resize(small, (w * factor, h * factor), interpolation=cv2.INTER_LINEAR)
    return up[offset[0]: offset[0] + size[0], offset[1]: offset[1] + size[1]]


def fast_guided_np(guide: np.ndarray, src: np.ndarray, sigma_px: float, eps: float,
                   frame: tuple[int, int, int, int] | None = None) -> np.ndarray:
    """:func:`fast_guided` for one ``(H, W)`` float32 guide and source: the small coefficients by
    the same torch code, the full-resolution work in place with OpenCV and numpy (one
    image-sized buffer beyond the result)."""
    h, w = guide.shape
    f, oy, ox = _grid(sigma_px, (h, w), frame)
    g = torch.from_numpy(np.ascontiguousarray(guide, dtype=np.float32))[None, None]
    p = torch.from_numpy(np.ascontiguousarray(src, dtype=np.float32))[None, None]
    if f == 1:
        a, b = _guided_coefficients(g, p, sigma_px, eps)
        return (a * g + b)[0, 0].numpy()
    if oy or ox:  # the whole photo's blocks (a small pad of the window's top and left edges)
        g, p = F.pad(g, (ox, 0, oy, 0), mode="replicate"), F.pad(p, (ox, 0, oy, 0), mode="replicate")
    a, b = _guided_coefficients(F.avg_pool2d(g, kernel_size=f, stride=f, ceil_mode=True),
                                F.avg_pool2d(p, kernel_size=f, stride=f, ceil_mode=True), sigma_px / f, eps)
    out = upsample_np(a[0, 0].numpy(), f, (h, w), (oy, ox)) * guide
    out += upsample_np(b[0, 0].numpy(), f, (h, w), (oy, ox))
    return out


def hwc(img: np.ndarray) -> Tensor:
    """An ``(H, W, 3)`` float32 image as a tensor sharing its memory (channels last): the fast
    paths' full-resolution arithmetic runs in torch's threads, in place where it can, without the
    reference path's copies to and from ``(1, 3, H, W)``."""
    a = np.ascontiguousarray(img, dtype=np.float32)
    if a.flags.writeable:
        return torch.from_numpy(a)
    with warnings.catch_warnings():  # a cached stage is read-only; the fast paths only read it
        warnings.simplefilter("ignore", UserWarning)
        return torch.from_numpy(a)


def luminance_np(img: np.ndarray) -> np.ndarray:
    """``(H, W)`` float32 luminance of an ``(H, W, 3)`` float32 image, the paper's weights (as
    :func:`~.spec.luminance`)."""
    return cv2.transform(np.ascontiguousarray(img, dtype=np.float32), np.array([LUMA_WEIGHTS], np.float32))


def guided_reach(sigma_px: float, long_side: int) -> int:
    """How far (pixels) :func:`fast_guided` looks: two nested Gaussian windows and the
    downsampling's blocks."""
    f = guided_factor(sigma_px, (long_side, long_side))
    return int(6 * sigma_px) + 3 * f + 2
