"""White balance temperature: positive is warmer (more red, less blue)."""

from __future__ import annotations

from typing import Mapping

import torch
from torch import Tensor

from .exposure import GAMMA
from .spec import LUMA_WEIGHTS, OpContext, Operation, ParamSpec

#: Stops of red gain (and blue loss) in linear light at ``amount = 1``.
STOPS_AT_FULL = 0.5


def adjust_temperature(x: Tensor, amount: Tensor) -> Tensor:
    """Warm (``amount > 0``) or cool (``< 0``) ``x``: red and blue gains of ``2 ** (+-0.5 a)`` in
    linear light, renormalised so the luminance of grey is kept. ``amount = 0`` does not modify
    the image.
    """
    a = amount.to(x.dtype).reshape(-1, 1)
    stops = torch.cat([a, torch.zeros_like(a), -a], dim=1) * STOPS_AT_FULL  # (B, 3)
    gains = 2.0 ** stops
    w = torch.tensor(LUMA_WEIGHTS, dtype=x.dtype, device=x.device)
    gains = gains / (gains * w).sum(dim=1, keepdim=True)
    encoded = gains ** (1.0 / GAMMA)
    return (x * encoded.reshape(-1, 3, 1, 1)).clamp(0.0, 1.0)


class Temperature(Operation):
    name = "temperature"
    label = "Temperature"
    description = "Warmer (positive) or cooler (negative) white balance."
    pointwise = True
    params = (ParamSpec("amount", -1.0, 1.0, 0.0, "", "positive is warmer, negative cooler"),)

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return adjust_temperature(x, params["amount"])
