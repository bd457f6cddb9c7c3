"""Tint (the paper's name): one 8-segment tone curve shared by all channels."""

from __future__ import annotations

from typing import Mapping

from torch import Tensor

from .curves import SEGMENTS, piecewise_curve
from .spec import OpContext, Operation, ParamSpec


class Tint(Operation):
    name = "tint"
    label = "Tone curve"
    description = "One tone curve for all channels (the paper's 'tint' operation)."
    pointwise = True
    params = (
        ParamSpec(
            "curve", 0.05, 4.0, 1.0, "slope",
            "slopes of 8 equal segments from shadows to highlights; all 1 is the identity",
            kind="curve", shape=(SEGMENTS,),
        ),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return piecewise_curve(x, params["curve"].unsqueeze(1))
