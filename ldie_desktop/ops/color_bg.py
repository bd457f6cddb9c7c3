"""Fill the masked region (usually the background) with a colour, or make it transparent."""

from __future__ import annotations

from typing import Mapping

from torch import Tensor

from .spec import OpContext, Operation, ParamSpec


class ColorBg(Operation):
    name = "color_bg"
    label = "Background colour"
    description = "Replace the masked region (the background) with white, a colour, or transparency (PNG)."
    needs_mask = True
    params = (
        ParamSpec("color", 0.0, 1.0, 1.0, "RGB", "fill colour, white by default", kind="color", shape=(3,)),
        ParamSpec("transparent", 0, 1, 0, "", "1 makes the region transparent in PNG/TIFF/WebP exports",
                  kind="choice", step=1, choices=("colour", "transparent")),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        color = params["color"].to(x.dtype).reshape(-1, 3, 1, 1)
        return color.expand_as(x)
