"""Gaussian blur with a radius in percent of the image's long side; with a mask, a blur of the
masked pixels only (no halo of what the mask leaves out).

Large radii are blurred on an area-downsampled copy and upsampled again (a Gaussian pyramid
step): the result is smooth, so this costs nothing visible and keeps a 24 MP export fast.
"""

from __future__ import annotations

from typing import Mapping

import torch
import torch.nn.functional as F
from torch import Tensor

from .filters import gaussian_blur
from .spec import OpContext, Operation, ParamSpec, ParamValue

#: Blur sigmas above this many pixels run on a downsampled copy.
DIRECT_SIGMA_PX = 4.0


def blur_image(x: Tensor, sigma_px: Tensor) -> Tensor:
    """Gaussian blur of ``(B, C, H, W)`` by per-batch ``sigma_px`` ``(B,)``; 0 is the identity."""
    h, w = x.shape[-2:]
    factor = max(1, int(float(sigma_px.detach().max()) // DIRECT_SIGMA_PX))
    factor = min(factor, max(1, min(h, w) // 4))
    if factor == 1:
        return gaussian_blur(x, sigma_px)
    small = F.avg_pool2d(x, kernel_size=factor, stride=factor, ceil_mode=True)
    # the box average and the bilinear upsampling blur too (variance f^2/12 each way)
    rest = (sigma_px.to(x.dtype) ** 2 - 2.0 * factor * factor / 12.0).clamp_min(0.0).sqrt() / factor
    small = gaussian_blur(small, rest)
    up = F.interpolate(small, scale_factor=factor, mode="bilinear", align_corners=False)
    return up[..., :h, :w]


class Blur(Operation):
    name = "blur"
    label = "Blur"
    description = "Gaussian blur; usually applied to a region such as the background."
    params = (ParamSpec("radius", 0.0, 5.0, 0.0, "% of long side", "Gaussian sigma as a percentage of the long side"),)

    @classmethod
    def reach(cls, params: Mapping[str, ParamValue], long_side: int) -> int:
        return int(3 * float(params["radius"]) * long_side / 100.0) + 4  # type: ignore[arg-type]

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        """With a mask, only the masked pixels are blurred together (a blur of the photo weighted
        by the mask, over the blur of the mask): "blur the background" does not smear the person
        in front of it into a glow round them, as a blur of the whole photo shown through the
        mask would, and a blurred face or skin takes in nothing from round it."""
        sigma = params["radius"].to(x.dtype) * (ctx.long_side / 100.0)
        if ctx.mask is None:
            return blur_image(x, sigma)
        m = ctx.mask.to(x.dtype).expand(x.shape[0], 1, *x.shape[-2:])
        weight = blur_image(m, sigma)
        # where the mask does not reach (deep inside what it leaves out) the layer shows nothing anyway
        return torch.where(weight > 1e-3, blur_image(x * m, sigma) / weight.clamp_min(1e-3), x)
