"""Perspective: correct converging lines (a building photographed from below leans back),
Lightroom's Transform Vertical and Horizontal, as a homography cropped to fill the frame.

The output rectangle shows a quadrilateral of the input: for ``vertical`` > 0 its top edge is
narrower than the photo (inset by :data:`MAX_INSET` x ``vertical`` of the half-width on each
side), so the top is widened and verticals that met upwards stand upright; < 0 does the same to
the bottom. ``horizontal`` insets the left (> 0) or right (< 0) edge. ``aspect`` then narrows the
quadrilateral's height (> 0: things look taller, undoing the squat look a strong vertical
correction leaves) or its width (< 0: wider), Lightroom's Aspect slider. The quadrilateral lies
inside the photo, so no empty corner shows. The homography is solved by kornia from the four
corners, in coordinates normalised to the frame, so a preview and an export agree.
"""

from __future__ import annotations

from typing import Mapping

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from .spec import OpContext, Operation, ParamSpec, ParamValue

#: How far in a full-strength correction sets a corner, as a part of the half-width (or height).
MAX_INSET = 0.5
#: Aspect at +-1 shows the middle 1 / (1 + MAX_ASPECT) of the quadrilateral's height (or width).
MAX_ASPECT = 0.5


def _first(v: ParamValue | Tensor) -> float:
    return float(v.reshape(-1)[0]) if isinstance(v, Tensor) else float(v)  # type: ignore[arg-type]


def source_corners(vertical: float, horizontal: float, aspect: float = 0.0) -> list[tuple[float, float]]:
    """The corners of the input the output rectangle shows, top-left clockwise, in normalised
    coordinates (-1..1 across the frame, x then y)."""
    v, h, a = (max(-1.0, min(1.0, t)) for t in (vertical, horizontal, aspect))
    top, bottom = MAX_INSET * max(v, 0.0), MAX_INSET * max(-v, 0.0)
    left, right = MAX_INSET * max(h, 0.0), MAX_INSET * max(-h, 0.0)
    sy, sx = 1.0 / (1.0 + MAX_ASPECT * max(a, 0.0)), 1.0 / (1.0 + MAX_ASPECT * max(-a, 0.0))
    return [(-(1.0 - top) * sx, -(1.0 - left) * sy), ((1.0 - top) * sx, -(1.0 - right) * sy),
            ((1.0 - bottom) * sx, (1.0 - right) * sy), (-(1.0 - bottom) * sx, (1.0 - left) * sy)]


def homography(vertical: float, horizontal: float, dtype: torch.dtype = torch.float64,
               aspect: float = 0.0) -> Tensor:
    """``(3, 3)``: normalised output position -> the input position it shows."""
    from kornia.geometry.transform import get_perspective_transform

    out = torch.tensor([[(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)]], dtype=torch.float64)
    src = torch.tensor([source_corners(vertical, horizontal, aspect)], dtype=torch.float64)
    return get_perspective_transform(out, src)[0].to(dtype)


def map_point(matrix: Tensor, u: float, v: float) -> tuple[float, float]:
    """``matrix`` (:func:`homography`) applied to the normalised point ``(u, v)``."""
    p = matrix.to(torch.float64) @ torch.tensor([u, v, 1.0], dtype=torch.float64)
    return float(p[0] / p[2]), float(p[1] / p[2])


class Perspective(Operation):
    name = "perspective"
    label = "Perspective"
    description = ("Correct converging lines, as of a building shot from below: widen the top or bottom "
                   "(vertical), the left or right side (horizontal); cropped to fill.")
    differentiable = False
    geometric = True
    params = (
        ParamSpec("vertical", -1.0, 1.0, 0.0, "", "widen the top (+: verticals that lean in upwards stand "
                  "upright) or the bottom (-)", step=0.01),
        ParamSpec("horizontal", -1.0, 1.0, 0.0, "", "widen the left side (+) or the right side (-)", step=0.01),
        ParamSpec("aspect", -1.0, 1.0, 0.0, "", "+ taller (undoes the squat look of a strong vertical correction), "
                  "- wider", step=0.01),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        """Warps the whole batch with the first element's parameters (geometry is per photo)."""
        v, h, a = _first(params["vertical"]), _first(params["horizontal"]), _first(params["aspect"])
        if v == 0.0 and h == 0.0 and a == 0.0:
            return x
        m = homography(v, h, aspect=a).tolist()
        rows, cols = x.shape[-2:]
        # by rows and columns, broadcast: at 24 MP the grid is its two float32 planes, no more
        ys = ((torch.arange(rows, dtype=torch.float32, device=x.device) + 0.5) * (2.0 / rows) - 1.0)[:, None]
        xs = ((torch.arange(cols, dtype=torch.float32, device=x.device) + 0.5) * (2.0 / cols) - 1.0)[None, :]
        den = m[2][0] * xs + m[2][1] * ys + m[2][2]
        grid = torch.stack([(m[0][0] * xs + m[0][1] * ys + m[0][2]) / den,
                            (m[1][0] * xs + m[1][1] * ys + m[1][2]) / den], dim=-1).to(x.dtype)
        del den
        grid = grid.unsqueeze(0).expand(x.shape[0], rows, cols, 2)
        return F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)

    @classmethod
    def apply_fast(cls, img: np.ndarray, params: Mapping[str, ParamValue], ctx: OpContext) -> np.ndarray | None:
        """The same with OpenCV's ``warpPerspective`` (bilinear, edges repeated), the homography
        carried from normalised coordinates into pixels. ``img`` (H, W, C)."""
        v, h, a = (float(params[k]) for k in ("vertical", "horizontal", "aspect"))  # type: ignore[arg-type]
        if v == 0.0 and h == 0.0 and a == 0.0:
            return img.copy()
        rows, cols = img.shape[:2]
        # pixel (OpenCV: centre at i) -> normalised (centre of pixel i at (2i + 1) / n - 1), and back
        to_norm = np.array([[2.0 / cols, 0, 1.0 / cols - 1.0], [0, 2.0 / rows, 1.0 / rows - 1.0], [0, 0, 1]])
        to_pix = np.linalg.inv(to_norm)
        m = to_pix @ homography(v, h, aspect=a).numpy() @ to_norm
        flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP

        def warp(part: np.ndarray) -> np.ndarray:
            out = cv2.warpPerspective(np.ascontiguousarray(part), m, (cols, rows), flags=flags,
                                      borderMode=cv2.BORDER_REPLICATE)
            return out[..., None] if out.ndim == 2 else out

        if img.shape[2] <= 4:
            return warp(img)
        return np.concatenate([warp(img[..., i:i + 1]) for i in range(img.shape[2])], axis=2)

    @classmethod
    def source_point(cls, params: Mapping[str, ParamValue], size: tuple[int, int], x: float,
                     y: float) -> tuple[float, float]:
        v, h, a = (float(params.get(k, 0.0)) for k in ("vertical", "horizontal", "aspect"))  # type: ignore[arg-type]
        if v == 0.0 and h == 0.0 and a == 0.0:
            return x, y
        rows, cols = size
        u, w = map_point(homography(v, h, aspect=a), 2.0 * x / cols - 1.0, 2.0 * y / rows - 1.0)
        return (u + 1.0) * cols / 2.0, (w + 1.0) * rows / 2.0
