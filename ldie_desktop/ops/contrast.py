"""Contrast: the paper's luminance S-curve, ``lerp(x, x / L * (1 - cos(pi L)) / 2, p)``."""

from __future__ import annotations

import math
from typing import Mapping

import torch
from torch import Tensor

from .spec import OpContext, Operation, ParamSpec, luminance, per_batch


def adjust_contrast(x: Tensor, amount: Tensor) -> Tensor:
    """Blend ``x`` towards (``amount > 0``) or away from (``< 0``) a cosine S-curve of its
    luminance ``L = 0.27 R + 0.67 G + 0.06 B``, keeping chromaticity. ``amount = 0`` does not
    modify the image.

    >>> x = torch.full((1, 3, 1, 1), 0.25)
    >>> round(adjust_contrast(x, torch.tensor([1.0])).flatten()[0].item(), 4)  # (1 - cos(pi/4)) / 2
    0.1464
    """
    lum = luminance(x)
    curve = (1.0 - torch.cos(math.pi * lum)) * 0.5
    target = x / (lum + 1e-6) * curve
    return torch.lerp(x, target, per_batch(amount, x)).clamp(0.0, 1.0)


class Contrast(Operation):
    name = "contrast"
    label = "Contrast"
    description = "More or less contrast (an S-curve on luminance)."
    pointwise = True
    params = (ParamSpec("amount", -1.0, 1.0, 0.0, "", "blend towards the S-curve; negative flattens"),)

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return adjust_contrast(x, params["amount"])
