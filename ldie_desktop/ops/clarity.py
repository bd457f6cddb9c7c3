"""Clarity: local (midtone) contrast, an editor's Clarity slider.

The detail between fine texture (sharpness) and the whole photo's contrast: the luminance's
difference from an edge-aware base (:func:`~.filters.fast_guided` over 0.8 % of the long side)
is amplified, weighted towards the midtones so that blacks and whites do not clip. The base
keeps strong edges, so a dark tree against a bright sky gets no halo. Below 0 it softens that
detail (a gentle glow). The change is added to each channel equally, so colours keep their hue.
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


def clarity_sigma(long_side: int) -> float:
    return max(SIGMA_PERCENT * long_side / 100.0, MIN_SIGMA_PX)


def adjust_clarity(x: Tensor, amount: Tensor, long_side: int) -> Tensor:
    """``x`` plus ``amount * GAIN`` times its midtone-weighted local detail; 0 returns ``x``."""
    if not bool((amount != 0).any()) and not amount.requires_grad:
        return x
    y = luminance(x)
    base = fast_guided(y, y, clarity_sigma(long_side), EPS)
    midtones = (4.0 * y * (1.0 - y)).clamp(0.0, 1.0)
    return (x + per_batch(amount, y) * GAIN * midtones * (y - base)).clamp(0.0, 1.0)


class Clarity(Operation):
    name = "clarity"
    label = "Clarity"
    description = "More (or less) local contrast in the midtones: texture and depth without harsh edges."
    params = (ParamSpec("amount", -1.0, 1.0, 0.0, "", "above 0 adds midtone contrast, below 0 softens it"),)

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return adjust_clarity(x, params["amount"], ctx.long_side)

    @classmethod
    def apply_fast(cls, img: np.ndarray, params: Mapping[str, ParamValue], ctx: OpContext) -> np.ndarray:
        """The same, with the base found by :func:`~.filters.fast_guided_np` and the
        full-resolution arithmetic in place on the channels-last image (one image-sized output)."""
        y = luminance_np(img)
        base = torch.from_numpy(fast_guided_np(y, y, clarity_sigma(ctx.long_side), EPS))
        lum = torch.from_numpy(y)
        midtones = torch.sub(1.0, lum).mul_(lum).mul_(4.0).clamp_(0.0, 1.0)
        detail = base.neg_().add_(lum).mul_(midtones).mul_(float(params["amount"]) * GAIN)  # type: ignore[arg-type]
        del midtones, lum, y
        return (hwc(img) + detail[..., None]).clamp_(0.0, 1.0).numpy()

    @classmethod
    def reach(cls, params: Mapping[str, ParamValue], long_side: int) -> int:
        return guided_reach(clarity_sigma(long_side), long_side)
