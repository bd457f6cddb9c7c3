"""Saturation: scale HSV saturation, the paper's ``S <- clamp(S * (1 + p))``."""

from __future__ import annotations

from typing import Mapping

import torch
from torch import Tensor

from .spec import OpContext, Operation, ParamSpec, per_batch


def adjust_saturation(x: Tensor, amount: Tensor) -> Tensor:
    """Scale the HSV saturation of ``x`` by ``1 + amount``, clamped to 1, keeping hue and value.

    Each channel moves away from (or towards) the value ``V = max(R, G, B)``:
    ``c' = c + (c - V) * (k - 1)`` with ``k = min(1 + amount, 1 / S)``. ``amount = 0`` does not
    modify the image; ``-1`` gives grey at the pixel's value.

    >>> x = torch.tensor([[[[0.8]], [[0.6]], [[0.4]]]])  # V 0.8, S 0.5
    >>> [round(v, 4) for v in adjust_saturation(x, torch.tensor([0.5])).flatten().tolist()]
    [0.8, 0.5, 0.2]
    """
    value, sat = value_and_saturation(x)
    return rescale_saturation(x, value, sat, 1.0 + per_batch(amount, x))


def value_and_saturation(x: Tensor) -> tuple[Tensor, Tensor]:
    """HSV value ``max(R, G, B)`` and saturation of ``x``, each ``(B, 1, H, W)``."""
    value = x.amax(dim=1, keepdim=True)
    low = x.amin(dim=1, keepdim=True)
    return value, (value - low) / value.clamp_min(1e-6)


def rescale_saturation(x: Tensor, value: Tensor, sat: Tensor, k: Tensor) -> Tensor:
    """``x`` with its HSV saturation multiplied by ``k`` (per pixel or per image), hue and value
    kept: each channel moves away from (or towards) the value, ``k`` capped so none passes 0."""
    k = torch.minimum(k, 1.0 / sat.clamp_min(1e-6)).clamp_min(0.0)
    return (x + (x - value) * (k - 1.0)).clamp(0.0, 1.0)


class Saturation(Operation):
    name = "saturation"
    label = "Saturation"
    description = "More or less vivid colours (scales HSV saturation)."
    pointwise = True
    params = (ParamSpec("amount", -1.0, 1.0, 0.0, "", "relative change of saturation; -1 is grey"),)

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return adjust_saturation(x, params["amount"])
