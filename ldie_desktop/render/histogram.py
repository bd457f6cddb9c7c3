"""The histogram of a rendered picture, as an editor's histogram panel shows it: 256 bins per
channel and of luminance (the app's own weights, ``ops.spec.LUMA_WEIGHTS``), and how much of the picture is clipped to pure
black or pure white (every channel at 0, or at 255). A single channel at its end (an orange's
blue) is no loss of detail by itself; the channel curves show it at their ends."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..ops.spec import LUMA_WEIGHTS


@dataclass(frozen=True)
class Histogram:
    counts: np.ndarray  # (4, 256) float32: red, green, blue, luminance
    shadows_clipped: float  # fraction of pixels pure black (every channel 0)
    highlights_clipped: float  # fraction of pixels pure white (every channel 255)
    pixels: int


def histogram(rgb: np.ndarray, alpha: np.ndarray | None = None, max_pixels: int = 1 << 16) -> Histogram:
    """The histogram of an ``(H, W, 3)`` uint8 picture; transparent pixels (``alpha`` 0) are left
    out. Larger pictures are sampled on a regular grid of at most ``max_pixels``."""
    if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
        raise ValueError("histogram expects (H, W, 3) uint8")
    step = max(1, int(np.ceil(np.sqrt(rgb.shape[0] * rgb.shape[1] / max_pixels))))
    img = np.ascontiguousarray(rgb[::step, ::step])
    mask = None
    if alpha is not None:
        mask = np.ascontiguousarray((alpha[::step, ::step] > 0).astype(np.uint8))
    luma = cv2.transform(img, np.array([LUMA_WEIGHTS], np.float32))  # (h, w) uint8, rounded and saturated
    counts = np.stack([cv2.calcHist([img], [c], mask, [256], [0, 256]).ravel() for c in range(3)]
                      + [cv2.calcHist([luma], [0], mask, [256], [0, 256]).ravel()]).astype(np.float32)
    n = int(counts[3].sum())
    if n == 0:
        return Histogram(counts, 0.0, 0.0, 0)
    brightest, darkest = img.max(axis=2), img.min(axis=2)
    if mask is not None:
        brightest, darkest = np.where(mask > 0, brightest, 1), np.where(mask > 0, darkest, 0)
    low = np.count_nonzero(brightest == 0) / n
    high = np.count_nonzero(darkest == 255) / n
    return Histogram(counts, float(low), float(high), n)
