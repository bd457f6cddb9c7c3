"""Clarity and texture: local contrast at two scales, an editor's Clarity and Texture sliders.

Clarity is the detail between fine texture (sharpness) and the whole photo's contrast: the
luminance's difference from an edge-aware base (:func:`~.filters.fast_guided` over 0.8 % of the
long side). Texture is the same at a finer scale (0.15 %), with a base that keeps even modest
edges, so it works on surfaces (skin, bark, fabric) rather than outlines; below 0 it smooths
them, as Lightroom's negative Texture softens skin. Both are weighted towards the midtones so that
blacks and whites do not clip; the bases keep strong edges, so a dark tree against a bright sky
gets no halo. The change is added to each channel equally, so colours keep their hue.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import torch
from torch import Tensor

from .filters import fast_guided, fast_guided_np, guided_reach, hwc, luminance_np
from .spec import OpContext, Operation, ParamSpec, ParamValue, luminance, per_batch

SIGMA_PERCENT = 0.8
MIN_SIGMA_PX = 1.0
#: Steps in brightness larger than about 0.1 are edges the base keeps (no halo at them).
EPS = 0.01
#: Clarity +1 multiplies midtone detail by 1 + GAIN.
GAIN = 1.5
#: Texture: a finer window (percent of the long side), a base that keeps steps over about 0.05,
#: and its gain.
TEXTURE_PERCENT = 0.15
TEXTURE_EPS = 0.0025
TEXTURE_GAIN = 1.2


def clarity_sigma(long_side: int) -> float:
    return max(SIGMA_PERCENT * long_side / 100.0, MIN_SIGMA_PX)


def texture_sigma(long_side: int) -> float:
    return max(TEXTURE_PERCENT * long_side / 100.0, MIN_SIGMA_PX)


def _active(t: Tensor) -> bool:
    return bool((t != 0).any()) or t.requires_grad


def adjust_clarity(x: Tensor, amount: Tensor, long_side: int, texture: Tensor | None = None,
                   frame: tuple[int, int, int, int] | None = None) -> Tensor:
    """``x`` plus ``amount * GAIN`` times its midtone-weighted local detail, and ``texture *
    TEXTURE_GAIN`` times its fine detail; both 0 return ``x``."""
    texture = torch.zeros_like(amount) if texture is None else texture
    if not _active(amount) and not _active(texture):
        return x
    y = luminance(x)
    midtones = (4.0 * y * (1.0 - y)).clamp(0.0, 1.0)
    delta = torch.zeros_like(y)
    if _active(amount):
        delta = delta + per_batch(amount, y) * GAIN * (y - fast_guided(y, y, clarity_sigma(long_side), EPS, frame))
    if _active(texture):
        fine = y - fast_guided(y, y, texture_sigma(long_side), TEXTURE_EPS, frame)
        delta = delta + per_batch(texture, y) * TEXTURE_GAIN * fine
    return (x + midtones * delta).clamp(0.0, 1.0)


class Clarity(Operation):
    name = "clarity"
    label = "Clarity & texture"
    description = "More (or less) local contrast: clarity in the midtones' larger detail, texture in surfaces."
    params = (
        ParamSpec("amount", -1.0, 1.0, 0.0, "", "clarity: above 0 adds midtone contrast, below 0 softens it",
                  label="clarity"),
        ParamSpec("texture", -1.0, 1.0, 0.0, "", "above 0 brings out surface detail, below 0 smooths it (skin)"),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return adjust_clarity(x, params["amount"], ctx.long_side, params["texture"], ctx.frame)

    @classmethod
    def apply_fast(cls, img: np.ndarray, params: Mapping[str, ParamValue], ctx: OpContext) -> np.ndarray:
        """The same, with the bases found by :func:`~.filters.fast_guided_np` and the
        full-resolution arithmetic in place on the channels-last image (one image-sized output)."""
        amount, texture = float(params["amount"]), float(params["texture"])  # type: ignore[arg-type]
        y = luminance_np(img)
        lum = torch.from_numpy(y)
        delta = torch.zeros_like(lum)
        if amount:
            base = torch.from_numpy(fast_guided_np(y, y, clarity_sigma(ctx.long_side), EPS, ctx.frame))
            delta += base.neg_().add_(lum).mul_(amount * GAIN)
            del base
        if texture:
            base = torch.from_numpy(fast_guided_np(y, y, texture_sigma(ctx.long_side), TEXTURE_EPS, ctx.frame))
            delta += base.neg_().add_(lum).mul_(texture * TEXTURE_GAIN)
            del base
        delta.mul_(torch.sub(1.0, lum).mul_(lum).mul_(4.0).clamp_(0.0, 1.0))  # midtones
        del lum, y
        return (hwc(img) + delta[..., None]).clamp_(0.0, 1.0).numpy()

    @classmethod
    def reach(cls, params: Mapping[str, ParamValue], long_side: int) -> int:
        return max(guided_reach(clarity_sigma(long_side), long_side) if float(params["amount"]) else 0,  # type: ignore[arg-type]
                   guided_reach(texture_sigma(long_side), long_side) if float(params["texture"]) else 0)  # type: ignore[arg-type]
