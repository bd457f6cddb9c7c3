"""The geometry of healed spots, shared by the Spot removal operation and the masks it is kept
in (``document.mask``): a spot is a radius and a path, 1 within the radius of the path and
falling smoothly to 0 past it."""

from __future__ import annotations

import numpy as np

#: A healed spot (Lightroom's spot removal, darktable's retouch): its radius as a fraction of the
#: photo's long side, and its path, points as fractions of the width and height: one point for a
#: click, several along a drag (a scratch, a hair).
Spot = tuple[float, tuple[tuple[float, float], ...]]
#: Where a heal or a clone copies a spot from: the offset of its source from the spot, as fractions
#: of the photo's width and height (Lightroom's source circle).
Source = tuple[float, float]
#: How far past its radius a healed spot blends into the photo round it, as a part of the radius.
SPOT_FEATHER = 0.35


def smoothstep(t: np.ndarray) -> np.ndarray:
    """0 below 0, 1 above 1, a cubic between."""
    u = np.clip(t, 0.0, 1.0)
    return u * u * (3.0 - 2.0 * u)


def spot_field(out: np.ndarray, r: float, pts: np.ndarray, inner: float = 1.0) -> np.ndarray:
    """Draw one spot into ``out`` (float32 ``(h, w)``, kept at its maximum with what is there):
    1 within ``r`` pixels of the path ``pts`` (``(n, 2)`` x, y pixels of ``out``), falling smoothly
    to 0 over :data:`SPOT_FEATHER` of ``r`` further out. ``inner`` < 1 starts the fall at that part
    of ``r`` instead. Returns ``out``."""
    h, w = out.shape
    reach = r * (1.0 + SPOT_FEATHER) + 1.0
    x0, x1 = int(max(0, np.floor(pts[:, 0].min() - reach))), int(min(w, np.ceil(pts[:, 0].max() + reach)))
    y0, y1 = int(max(0, np.floor(pts[:, 1].min() - reach))), int(min(h, np.ceil(pts[:, 1].max() + reach)))
    if x0 >= x1 or y0 >= y1:
        return out
    xs = np.arange(x0, x1, dtype=np.float64)[None, :] + 0.5
    ys = np.arange(y0, y1, dtype=np.float64)[:, None] + 0.5
    d = np.full((y1 - y0, x1 - x0), np.inf)
    for a, b in zip(pts, pts[1:] if len(pts) > 1 else pts):  # the distance to the path's segments
        seg = b - a
        n2 = float(seg @ seg)
        t = 0.0 if n2 < 1e-12 else np.clip(((xs - a[0]) * seg[0] + (ys - a[1]) * seg[1]) / n2, 0.0, 1.0)
        d = np.minimum(d, np.hypot(xs - (a[0] + t * seg[0]), ys - (a[1] + t * seg[1])))
    start = r * inner
    value = 1.0 - smoothstep((d - start) / (r * (1.0 + SPOT_FEATHER) - start))
    np.maximum(out[y0:y1, x0:x1], value.astype(np.float32), out=out[y0:y1, x0:x1])
    return out
