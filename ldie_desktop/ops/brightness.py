"""Brightness: scale HSV value, the paper's ``V <- clamp(V * (1 + p))`` with a soft shoulder in
place of the clamp, so that brightening keeps the gradation of bright colours (a red petal at
V 0.8 brightened by +0.3 had clipped flat at 1; Lightroom rolls its highlights off likewise)."""

from __future__ import annotations

from typing import Mapping

import torch
from torch import Tensor

from .spec import OpContext, Operation, ParamSpec, per_batch


def shoulder(x: Tensor, gain: Tensor) -> Tensor:
    """The value ``x = V * gain`` brought under 1: unchanged up to the knee ``t = 2 - gain``,
    then a parabola that leaves it with slope 1 and meets 1 with slope 0 at ``V = 1`` (so white
    stays white and nothing clips). A gain of at most 1 never reaches the knee.

    >>> shoulder(torch.tensor([0.5, 1.3]), torch.tensor(1.3)).tolist()
    [0.5, 1.0]
    """
    knee = 2.0 - gain
    room = (2.0 * (gain - knee)).clamp_min(1e-6)
    return torch.where(x > knee, x - (x - knee).square() / room, x)


def adjust_brightness(x: Tensor, amount: Tensor, roll_off: Tensor | None = None) -> Tensor:
    """Scale the HSV value of ``x`` ``(B, 3, H, W)`` by ``1 + amount`` ``(B,)``, rolled off
    below 1 by :func:`shoulder` (or, where ``roll_off`` ``(B,)`` is 0, clamped at 1 as the paper
    and this operation's version 1 did).

    Hue and saturation are kept: every channel is multiplied by ``V' / V``. ``amount = 0``
    does not modify the image; darkening is the plain scale.

    >>> x = torch.tensor([[[[0.2]], [[0.4]], [[0.5]]]])
    >>> [round(v, 4) for v in adjust_brightness(x, torch.tensor([0.5])).flatten().tolist()]
    [0.2875, 0.575, 0.7188]
    >>> adjust_brightness(x, torch.tensor([0.5]), torch.tensor([0.0])).flatten().tolist()
    [0.30000001192092896, 0.6000000238418579, 0.75]
    """
    value = x.amax(dim=1, keepdim=True)
    gain = (1.0 + per_batch(amount, x)).clamp_min(0.0)
    lifted = shoulder(value * gain, gain)
    if roll_off is not None:
        clipped = torch.minimum(value * gain, torch.ones_like(value))
        lifted = torch.where(per_batch(roll_off, x) >= 0.5, lifted, clipped)
    return x * (lifted / value.clamp_min(1e-6))


class Brightness(Operation):
    name = "brightness"
    #: 2: the highlights roll off; version 1's clamp is ``highlights = 0`` (``clip``).
    version = 2
    label = "Brightness"
    description = "Brighten or darken, keeping colours; highlights roll off."
    pointwise = True
    params = (
        ParamSpec("amount", -1.0, 1.0, 0.0, "", "relative change of the HSV value; +0.3 is 30 % brighter"),
        ParamSpec("highlights", 0, 1, 1, "", "roll off: bright colours keep their gradation; clip: they flatten at "
                  "white (the paper's clamp, and edits saved before version 2)", kind="choice", step=1,
                  choices=("clip", "roll off")),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return adjust_brightness(x, params["amount"], params.get("highlights"))

    @classmethod
    def migrate(cls, version: int, values: dict) -> dict:
        """Version 1 clipped its highlights: its edits keep that look."""
        if version == 1:
            return {**values, "highlights": 0.0}
        return super().migrate(version, values)
