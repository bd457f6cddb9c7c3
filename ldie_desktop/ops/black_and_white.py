"""Black and white: blend towards the luminance."""

from __future__ import annotations

from typing import Mapping

import torch
from torch import Tensor

from .spec import OpContext, Operation, ParamSpec, luminance, per_batch


def adjust_black_and_white(x: Tensor, amount: Tensor) -> Tensor:
    """``lerp(x, L, amount)`` with the paper's luminance ``L``; 1 is fully monochrome, 0 does not
    modify the image."""
    return torch.lerp(x, luminance(x).expand_as(x), per_batch(amount, x))


class BlackAndWhite(Operation):
    name = "black_and_white"
    label = "Black & white"
    description = "Turn the photo (or the masked part) black and white."
    pointwise = True
    params = (ParamSpec("amount", 0.0, 1.0, 0.0, "", "1 is fully black and white"),)

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return adjust_black_and_white(x, params["amount"])
