"""Crop margins, in percent of each side (so the preview and the export crop alike)."""

from __future__ import annotations

from typing import Mapping

from torch import Tensor

from .spec import OpContext, Operation, ParamSpec, ParamValue

SIDES = ("left", "top", "right", "bottom")


def crop_box(size: tuple[int, int], params: Mapping[str, ParamValue | Tensor]) -> tuple[int, int, int, int]:
    """``(top, bottom, left, right)`` pixel bounds for an image of ``(height, width)``."""
    h, w = size
    f = {k: float(params[k][0] if isinstance(params[k], Tensor) else params[k]) / 100.0 for k in SIDES}  # type: ignore[index]
    top, bottom = round(h * f["top"]), h - round(h * f["bottom"])
    left, right = round(w * f["left"]), w - round(w * f["right"])
    return top, max(bottom, top + 1), left, max(right, left + 1)


class Crop(Operation):
    name = "crop"
    label = "Crop"
    description = "Cut margins off the photo."
    differentiable = False
    geometric = True
    params = tuple(
        ParamSpec(side, 0.0, 90.0, 0.0, "%", f"percent of the {'width' if side in ('left', 'right') else 'height'} cut from the {side}")
        for side in SIDES
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        """Crops the whole batch with the first element's parameters (geometry is per photo)."""
        top, bottom, left, right = crop_box(x.shape[-2:], params)
        return x[..., top:bottom, left:right]

    @classmethod
    def output_size(cls, size: tuple[int, int], params: Mapping[str, ParamValue]) -> tuple[int, int]:
        top, bottom, left, right = crop_box(size, params)
        return bottom - top, right - left

    @classmethod
    def source_point(cls, params: Mapping[str, ParamValue], size: tuple[int, int], x: float,
                     y: float) -> tuple[float, float]:
        top, _, left, _ = crop_box(size, params)
        return x + left, y + top
