"""Vignette: darken (or lighten) the edges and corners of the frame, as an editor's effect.

The falloff is measured in the whole frame (:func:`~.spec.frame_axes`), so a preview, the
full-size export and a 100 % window of either put it in the same place; and in the part of the
frame the stack's crops keep (``OpContext.view``), so a cropped photo's vignette is centred on
the crop (a post-crop vignette), although crop layers run after it.
"""

from __future__ import annotations

import math
from typing import Mapping

import numpy as np
import torch
from torch import Tensor

from .spec import OpContext, Operation, ParamSpec, ParamValue, frame_axes, per_batch


def _in_view(ys: Tensor, xs: Tensor, full_h: float, full_w: float,
             ctx: OpContext) -> tuple[Tensor, Tensor, float, float]:
    """Frame positions as positions in the cropped picture (``ctx.view``): its centre 0, its
    edges -1 and 1; and the picture's size."""
    if ctx.view is None:
        return ys, xs, full_h, full_w
    top, left, bottom, right = ctx.view
    ys = (ys - (top + bottom - 1.0)) / max(bottom - top, 1e-6)
    xs = (xs - (left + right - 1.0)) / max(right - left, 1e-6)
    return ys, xs, full_h * (bottom - top), full_w * (right - left)


def vignette_weight(h: int, w: int, ctx: OpContext, midpoint: Tensor, feather: Tensor, roundness: Tensor,
                    dtype: torch.dtype = torch.float32, device: torch.device | str = "cpu") -> Tensor:
    """How much of the vignette each pixel gets, ``(B, 1, h, w)`` in [0, 1]: 0 inside the
    ``midpoint`` radius (0 is the centre, 1 the corners), rising smoothly to 1 over a span that
    ``feather`` widens (0: a short rise, 1: all the way to the corners). ``roundness`` 0 follows
    the frame's shape (an ellipse), 1 is a circle."""
    ys, xs = frame_axes(ctx, h, w, dtype=dtype, device=device)
    ys, xs, full_h, full_w = _in_view(ys, xs, *ctx.full_size(h, w), ctx)
    rms = math.sqrt((full_h**2 + full_w**2) / 2.0)  # a circle reaches the corners at distance 1 too
    r = roundness.to(dtype=dtype, device=device).reshape(-1, 1, 1, 1)
    sy = 1.0 + r * (full_h / rms - 1.0)
    sx = 1.0 + r * (full_w / rms - 1.0)
    dist = torch.sqrt(((ys.reshape(1, 1, -1, 1) * sy) ** 2 + (xs.reshape(1, 1, 1, -1) * sx) ** 2) * 0.5 + 1e-12)
    start = 0.9 * midpoint.to(dtype=dtype, device=device).reshape(-1, 1, 1, 1)
    span = (1.0 - start) * (0.2 + 0.8 * feather.to(dtype=dtype, device=device).reshape(-1, 1, 1, 1))
    t = ((dist - start) / span).clamp(0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def adjust_vignette(x: Tensor, amount: Tensor, midpoint: Tensor, feather: Tensor, roundness: Tensor,
                    ctx: OpContext) -> Tensor:
    """The edges multiplied by ``1 + amount`` (-1: black corners; +1: twice as bright, as a lens
    correction lifts them), fading in by :func:`vignette_weight`. ``amount`` 0 returns ``x``
    unchanged."""
    t = vignette_weight(x.shape[-2], x.shape[-1], ctx, midpoint, feather, roundness, x.dtype, x.device)
    return (x * (1.0 + per_batch(amount, x) * t)).clamp(0.0, 1.0)


class Vignette(Operation):
    name = "vignette"
    label = "Vignette"
    post_crop = True
    strengths = ("amount",)
    description = "Darken (or lighten) the edges and corners of the photo to draw the eye to its centre."
    params = (
        ParamSpec("amount", -1.0, 1.0, 0.0, "", "below 0 darkens the edges, above 0 brightens them"),
        ParamSpec("midpoint", 0.0, 1.0, 0.5, "", "where the falloff starts: 0 at the centre, 1 only the corners"),
        ParamSpec("feather", 0.0, 1.0, 0.5, "", "how gradual the falloff is"),
        ParamSpec("roundness", 0.0, 1.0, 0.0, "", "0 follows the frame's shape, 1 is a circle"),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return adjust_vignette(x, params["amount"], params["midpoint"], params["feather"], params["roundness"], ctx)

    @classmethod
    def apply_fast(cls, img: np.ndarray, params: Mapping[str, ParamValue], ctx: OpContext) -> np.ndarray:
        """The same gain from a weight map made on one row and one column (float32 numpy): one
        image-sized map and the output, instead of torch's temporaries."""
        h, w = img.shape[:2]
        p = {k: torch.tensor([float(params[k])], dtype=torch.float64)  # type: ignore[arg-type]
             for k in ("midpoint", "feather", "roundness")}
        ys, xs = frame_axes(ctx, h, w, dtype=torch.float64)
        full_h, full_w = ctx.full_size(h, w)
        ys, xs, full_h, full_w = _in_view(ys, xs, full_h, full_w, ctx)
        r = float(p["roundness"])
        rms = math.sqrt((full_h**2 + full_w**2) / 2.0)
        yy = ((ys * (1.0 + r * (full_h / rms - 1.0))) ** 2 * 0.5).numpy().astype(np.float32)
        xx = ((xs * (1.0 + r * (full_w / rms - 1.0))) ** 2 * 0.5).numpy().astype(np.float32)
        t = np.add(yy[:, None], xx[None, :])
        t += np.float32(1e-12)
        np.sqrt(t, out=t)
        start = 0.9 * float(p["midpoint"])
        span = (1.0 - start) * (0.2 + 0.8 * float(p["feather"]))
        t -= np.float32(start)
        t *= np.float32(1.0 / span)
        np.clip(t, 0.0, 1.0, out=t)
        t *= t * (np.float32(3.0) - np.float32(2.0) * t)  # smoothstep
        t *= np.float32(float(params["amount"]))  # type: ignore[arg-type]
        t += np.float32(1.0)
        out = img * t[..., None]
        return np.clip(out, 0.0, 1.0, out=out)

    @classmethod
    def is_identity(cls, values: Mapping[str, object]) -> bool:
        return float(cls.validate(values)["amount"]) == 0.0  # the shape of no vignette changes nothing
