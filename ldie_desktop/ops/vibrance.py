"""Vibrance: saturation that goes easy on what is already colourful and on skin.

Each pixel's saturation is scaled by ``1 + amount * (1 - S) * p`` instead of ``1 + amount``: dull
colours gain most, vivid ones little (so nothing clips to a flat patch), and ``p`` halves the
boost on skin-like oranges (hue near 25 degrees), so faces do not turn orange. Below 0 it mutes the
dull colours first. Pointwise: the renderer bakes it into a lookup table with its neighbours.
"""

from __future__ import annotations

import math
from typing import Mapping

import torch
from torch import Tensor

from .saturation import rescale_saturation, value_and_saturation
from .spec import OpContext, Operation, ParamSpec, per_batch

#: Skin hues (degrees) and their spread; how much of the boost they lose.
SKIN_HUE = 25.0
SKIN_SPREAD = 20.0
SKIN_PROTECT = 0.5


def _hue_degrees(x: Tensor) -> Tensor:
    r, g, b = x[:, 0:1], x[:, 1:2], x[:, 2:3]
    return torch.rad2deg(torch.atan2(math.sqrt(3.0) * (g - b), 2.0 * r - g - b + 1e-12))


def adjust_vibrance(x: Tensor, amount: Tensor) -> Tensor:
    """Saturation scaled by ``1 + amount (1 - S) p`` (``p`` 0.5 on skin hues, else 1), keeping
    hue and value; ``amount = 0`` returns ``x`` unchanged."""
    value, sat = value_and_saturation(x)
    a = per_batch(amount, value)
    d = (_hue_degrees(x) - SKIN_HUE) / SKIN_SPREAD
    protect = 1.0 - SKIN_PROTECT * torch.exp(-d * d) * (a > 0).to(x.dtype)
    return rescale_saturation(x, value, sat, 1.0 + a * (1.0 - sat) * protect)


class Vibrance(Operation):
    name = "vibrance"
    label = "Vibrance"
    description = "Richer colours where they are dull, leaving vivid colours and skin tones nearly alone."
    pointwise = True
    params = (ParamSpec("amount", -1.0, 1.0, 0.0, "", "above 0 enriches dull colours, below 0 mutes them"),)

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return adjust_vibrance(x, params["amount"])
