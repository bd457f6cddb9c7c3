"""Brightness: scale HSV value, the paper's ``V <- clamp(V * (1 + p))``."""

from __future__ import annotations

from typing import Mapping

import torch
from torch import Tensor

from .spec import OpContext, Operation, ParamSpec, per_batch


def adjust_brightness(x: Tensor, amount: Tensor) -> Tensor:
    """Scale the HSV value of ``x`` ``(B, 3, H, W)`` by ``1 + amount`` ``(B,)``, clamped to 1.

    Hue and saturation are kept: every channel is multiplied by ``V' / V``, which is
    ``min(1 + amount, 1 / V)``. ``amount = 0`` does not modify the image.

    >>> x = torch.tensor([[[[0.2]], [[0.4]], [[0.8]]]])
    >>> adjust_brightness(x, torch.tensor([0.5])).flatten().tolist()
    [0.25, 0.5, 1.0]
    """
    value = x.amax(dim=1, keepdim=True)
    gain = torch.minimum(1.0 + per_batch(amount, x), 1.0 / value.clamp_min(1e-6))
    return x * gain.clamp_min(0.0)


class Brightness(Operation):
    name = "brightness"
    label = "Brightness"
    description = "Brighten or darken, keeping colours (scales the HSV value)."
    pointwise = True
    params = (
        ParamSpec("amount", -1.0, 1.0, 0.0, "", "relative change of the HSV value; +0.3 is 30 % brighter"),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return adjust_brightness(x, params["amount"])
