"""Hue (the paper's name): three per-channel 8-segment colour curves."""

from __future__ import annotations

from typing import Mapping

from torch import Tensor

from .curves import SEGMENTS, piecewise_curve
from .spec import OpContext, Operation, ParamSpec


class Hue(Operation):
    name = "hue"
    label = "Colour curves"
    description = "Per-channel tone curves for red, green and blue (the paper's 'hue' operation)."
    pointwise = True
    params = (
        ParamSpec(
            "curves", 0.05, 4.0, 1.0, "slope",
            "slopes of 8 equal segments of the R, G and B curves; all 1 is the identity",
            kind="curve", shape=(3, SEGMENTS),
        ),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return piecewise_curve(x, params["curves"])
