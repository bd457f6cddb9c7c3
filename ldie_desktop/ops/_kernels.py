"""Compiled helpers for the operations' fast paths (numba; imported only when rendering)."""

from __future__ import annotations

import numpy as np
from numba import njit, prange


@njit(parallel=True, fastmath=True, cache=True)
def _add_detail(x, blurred, gain):  # pragma: no cover - compiled
    h, w, c = x.shape
    for i in prange(h):
        for j in range(w):
            for k in range(c):
                v = x[i, j, k] + gain * (x[i, j, k] - blurred[i, j, k])
                blurred[i, j, k] = min(max(v, np.float32(0.0)), np.float32(1.0))
    return blurred


def add_detail(x: np.ndarray, blurred: np.ndarray, gain: float) -> np.ndarray:
    """``clip(x + gain (x - blurred), 0, 1)`` in one pass, written into ``blurred``."""
    return _add_detail(x, blurred, np.float32(gain))
