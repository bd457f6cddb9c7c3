"""Mirror the photo horizontally and/or vertically."""

from __future__ import annotations

from typing import Mapping

import torch
from torch import Tensor

from .spec import OpContext, Operation, ParamSpec, ParamValue


class Flip(Operation):
    name = "flip"
    label = "Flip"
    description = "Mirror the photo left-right and/or top-bottom."
    differentiable = False
    geometric = True
    params = (
        ParamSpec("horizontal", 0, 1, 0, "", "1 mirrors left-right", kind="choice", step=1, choices=("no", "yes")),
        ParamSpec("vertical", 0, 1, 0, "", "1 mirrors top-bottom", kind="choice", step=1, choices=("no", "yes")),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        h = (params["horizontal"] > 0.5).reshape(-1, 1, 1, 1).to(x.device)
        v = (params["vertical"] > 0.5).reshape(-1, 1, 1, 1).to(x.device)
        x = torch.where(h, x.flip(-1), x)
        return torch.where(v, x.flip(-2), x)

    @classmethod
    def source_point(cls, params: Mapping[str, ParamValue], size: tuple[int, int], x: float,
                     y: float) -> tuple[float, float]:
        h, w = size
        x = w - x if float(params.get("horizontal", 0)) >= 0.5 else x
        y = h - y if float(params.get("vertical", 0)) >= 0.5 else y
        return x, y
