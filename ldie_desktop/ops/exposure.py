"""Exposure in photographic stops, applied in linear light."""

from __future__ import annotations

from typing import Mapping

from torch import Tensor

from .spec import OpContext, Operation, ParamSpec, per_batch

#: sRGB is treated as a pure 2.2 power law, so ``2 ** ev`` in linear light is
#: ``2 ** (ev / 2.2)`` on the encoded values and ``ev = 0`` is exactly the identity.
GAMMA = 2.2


def adjust_exposure(x: Tensor, stops: Tensor) -> Tensor:
    """Multiply linear light by ``2 ** stops``; highlights clip at 1. ``stops = 0`` does not
    modify the image.

    >>> import torch
    >>> round(adjust_exposure(torch.full((1, 3, 1, 1), 0.25), torch.tensor([2.2])).flatten()[0].item(), 4)
    0.5
    """
    gain = 2.0 ** (per_batch(stops, x) / GAMMA)
    return (x * gain).clamp(0.0, 1.0)


class Exposure(Operation):
    name = "exposure"
    label = "Exposure"
    description = "Exposure compensation in stops (+1 doubles the light)."
    pointwise = True
    params = (ParamSpec("stops", -4.0, 4.0, 0.0, "EV", "exposure change in stops"),)

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return adjust_exposure(x, params["stops"])
