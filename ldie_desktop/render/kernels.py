"""Fused per-pixel kernels (numba, parallel over rows) for the fast render path.

A run of pointwise colour layers is baked into one 3D lookup table by evaluating the
differentiable reference operations on a lattice of colours (see ``lut.py``); these kernels
apply such a table with tetrahedral interpolation in one pass over the image, and blend a
layer's output through its mask. They are the "fused, LUT-baked colour operations" of the fast
path: the formulas live only in the reference operations.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange


@njit(inline="always")
def _tetra(lut, fr, fg, fb, n, out, y, x):  # pragma: no cover - compiled
    ir = min(int(fr), n - 2)
    ig = min(int(fg), n - 2)
    ib = min(int(fb), n - 2)
    dr = fr - ir
    dg = fg - ig
    db = fb - ib
    # Tetrahedral interpolation: the cell is split by the order of (dr, dg, db), so kinks where
    # two channels are equal (max, min, HSV) fall on tetrahedron faces and are reproduced exactly.
    for c in range(3):
        c000 = lut[ib, ig, ir, c]
        c111 = lut[ib + 1, ig + 1, ir + 1, c]
        if dr >= dg:
            if dg >= db:  # r >= g >= b
                v = c000 + (lut[ib, ig, ir + 1, c] - c000) * dr \
                    + (lut[ib, ig + 1, ir + 1, c] - lut[ib, ig, ir + 1, c]) * dg \
                    + (c111 - lut[ib, ig + 1, ir + 1, c]) * db
            elif dr >= db:  # r >= b > g
                v = c000 + (lut[ib, ig, ir + 1, c] - c000) * dr \
                    + (lut[ib + 1, ig, ir + 1, c] - lut[ib, ig, ir + 1, c]) * db \
                    + (c111 - lut[ib + 1, ig, ir + 1, c]) * dg
            else:  # b > r >= g
                v = c000 + (lut[ib + 1, ig, ir, c] - c000) * db \
                    + (lut[ib + 1, ig, ir + 1, c] - lut[ib + 1, ig, ir, c]) * dr \
                    + (c111 - lut[ib + 1, ig, ir + 1, c]) * dg
        else:
            if db >= dg:  # b >= g > r
                v = c000 + (lut[ib + 1, ig, ir, c] - c000) * db \
                    + (lut[ib + 1, ig + 1, ir, c] - lut[ib + 1, ig, ir, c]) * dg \
                    + (c111 - lut[ib + 1, ig + 1, ir, c]) * dr
            elif db >= dr:  # g > b >= r
                v = c000 + (lut[ib, ig + 1, ir, c] - c000) * dg \
                    + (lut[ib + 1, ig + 1, ir, c] - lut[ib, ig + 1, ir, c]) * db \
                    + (c111 - lut[ib + 1, ig + 1, ir, c]) * dr
            else:  # g > r > b
                v = c000 + (lut[ib, ig + 1, ir, c] - c000) * dg \
                    + (lut[ib, ig + 1, ir + 1, c] - lut[ib, ig + 1, ir, c]) * dr \
                    + (c111 - lut[ib, ig + 1, ir + 1, c]) * db
        out[y, x, c] = v


@njit(parallel=True, fastmath=True, cache=True)
def _lut_u8(img, lut, out, scale):  # pragma: no cover - compiled
    n = lut.shape[0]
    h, w = img.shape[0], img.shape[1]
    for y in prange(h):
        for x in range(w):
            _tetra(lut, img[y, x, 0] * scale, img[y, x, 1] * scale, img[y, x, 2] * scale, n, out, y, x)
    return out


@njit(parallel=True, fastmath=True, cache=True)
def _lut_f32(img, lut, out):  # pragma: no cover - compiled
    n = lut.shape[0]
    top = n - 1
    h, w = img.shape[0], img.shape[1]
    for y in prange(h):
        for x in range(w):
            _tetra(lut, min(max(img[y, x, 0], 0.0), 1.0) * top, min(max(img[y, x, 1], 0.0), 1.0) * top,
                   min(max(img[y, x, 2], 0.0), 1.0) * top, n, out, y, x)
    return out


@njit(parallel=True, fastmath=True, cache=True)
def _blend(x, y, m, out):  # pragma: no cover - compiled
    h, w = x.shape[0], x.shape[1]
    for i in prange(h):
        for j in range(w):
            a = m[i, j]
            for c in range(x.shape[2]):
                out[i, j, c] = x[i, j, c] + (y[i, j, c] - x[i, j, c]) * a
    return out


@njit(parallel=True, fastmath=True, cache=True)
def _to_float(img, out, scale):  # pragma: no cover - compiled
    h, w, c = img.shape
    for i in prange(h):
        for j in range(w):
            for k in range(c):
                out[i, j, k] = img[i, j, k] * scale
    return out


def apply_lut(img: np.ndarray, lut: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Tetrahedral lookup of ``img`` ``(H, W, 3)`` (uint8, uint16 or float in [0, 1]) through ``lut``
    ``(N, N, N, 3)`` indexed ``[b, g, r]``; returns float32 ``(H, W, 3)``."""
    lut = np.ascontiguousarray(lut, dtype=np.float32)
    if out is None:
        out = np.empty(img.shape[:2] + (3,), np.float32)
    if img.dtype == np.uint8:
        return _lut_u8(img, lut, out, np.float32((lut.shape[0] - 1) / 255.0))
    if img.dtype == np.uint16:
        return _lut_u8(img, lut, out, np.float32((lut.shape[0] - 1) / 65535.0))
    return _lut_f32(np.ascontiguousarray(img, dtype=np.float32), lut, out)


def blend(x: np.ndarray, y: np.ndarray, m: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``x + (y - x) * m`` for float32 images ``(H, W, C)`` and a mask ``(H, W)``."""
    if out is None:
        out = np.empty_like(x)
    return _blend(x, y, np.ascontiguousarray(m, dtype=np.float32), out)


def to_float(img: np.ndarray) -> np.ndarray:
    """uint8/uint16 ``(H, W, C)`` to float32 in [0, 1] (parallel)."""
    if img.dtype == np.float32:
        return img
    scale = 1.0 / (255.0 if img.dtype == np.uint8 else 65535.0)
    return _to_float(np.ascontiguousarray(img), np.empty(img.shape, np.float32), np.float32(scale))


@njit(parallel=True, fastmath=True, cache=True)
def _quantize(img, out, top):  # pragma: no cover - compiled
    h, w, c = img.shape
    for i in prange(h):
        for j in range(w):
            for k in range(c):
                v = img[i, j, k] * top + 0.5
                out[i, j, k] = min(max(v, 0.0), top)
    return out


def quantize(img: np.ndarray, bit_depth: int = 8) -> np.ndarray:
    """float32 ``(H, W, C)`` in [0, 1] to uint8/uint16 with rounding (parallel, one pass)."""
    dtype = np.uint8 if bit_depth == 8 else np.uint16
    a = np.ascontiguousarray(img, dtype=np.float32)
    squeeze = a.ndim == 2
    if squeeze:
        a = a[..., None]
    out = _quantize(a, np.empty(a.shape, dtype), np.float32(255.0 if bit_depth == 8 else 65535.0))
    return out[..., 0] if squeeze else out

