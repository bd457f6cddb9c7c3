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


def blur_image(x: Tensor, sigma_px: Tensor, frame: tuple[int, int, int, int] | None = None) -> Tensor:
    """Gaussian blur of ``(B, C, H, W)`` by per-batch ``sigma_px`` ``(B,)``; 0 is the identity.
    ``frame``: ``x`` is the window ``[y0:, x0:]`` of a ``full_h x full_w`` photo
    (``OpContext.frame``): the downsampled copy's blocks then lie where the whole photo's do, so
    a part (a 100 % view, an export's band) blurs as the same part of the whole."""
    h, w = x.shape[-2:]
    full_h, full_w, y0, x0 = frame if frame is not None else (h, w, 0, 0)
    factor = max(1, int(float(sigma_px.detach().max()) // DIRECT_SIGMA_PX))
    factor = min(factor, max(1, min(full_h, full_w) // 4))
    if factor == 1:
        return gaussian_blur(x, sigma_px)
    oy, ox = y0 % factor, x0 % factor  # rows and columns of the whole photo's first block before the window
    if oy or ox:  # only ever the edge a part's margin covers
        x = F.pad(x, (ox, 0, oy, 0), mode="replicate")
    small = F.avg_pool2d(x, kernel_size=factor, stride=factor, ceil_mode=True)
    # the box average and the bilinear upsampling blur too (variance f^2/12 each way)
    rest = (sigma_px.to(x.dtype) ** 2 - 2.0 * factor * factor / 12.0).clamp_min(0.0).sqrt() / factor
    small = gaussian_blur(small, rest)
    up = F.interpolate(small, scale_factor=factor, mode="bilinear", align_corners=False)
    return up[..., oy:oy + h, ox:ox + w]


class Blur(Operation):
    name = "blur"
    label = "Blur"
    description = "Gaussian blur; usually applied to a region such as the background."
    params = (ParamSpec("radius", 0.0, 5.0, 0.0, "% of long side", "Gaussian sigma as a percentage of the long side"),)

    @classmethod
    def reach(cls, params: Mapping[str, ParamValue], long_side: int) -> int:
        sigma = float(params["radius"]) * long_side / 100.0  # type: ignore[arg-type]
        return int(3 * sigma + sigma // DIRECT_SIGMA_PX) + 4  # the blur, and a block of the downsampled copy

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        """With a mask, only the masked pixels are blurred together (a blur of the photo weighted
        by the mask, over the blur of the mask): "blur the background" does not smear the person
        in front of it into a glow round them, as a blur of the whole photo shown through the
        mask would, and a blurred face or skin takes in nothing from round it."""
        sigma = params["radius"].to(x.dtype) * (ctx.long_side / 100.0)
        if ctx.mask is None:
            return blur_image(x, sigma, ctx.frame)
        m = ctx.mask.to(x.dtype).expand(x.shape[0], 1, *x.shape[-2:])
        weight = blur_image(m, sigma, ctx.frame)
        # where the mask does not reach (deep inside what it leaves out) the layer shows nothing anyway
        return torch.where(weight > 1e-3, blur_image(x * m, sigma, ctx.frame) / weight.clamp_min(1e-3), x)
