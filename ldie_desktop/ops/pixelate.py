"""Pixelate (GIMP's Pixelize, Photoshop's Mosaic): the picture as square blocks of one colour,
each its pixels' mean. What hides a face, a number plate or a name on a sign for good: a blur
of them can often still be read, and a fill would leave a person with no face.

The block size is a percentage of the photo's long side, so a preview shows the export's
blocks at its own size, and the blocks lie on one grid over the whole frame
(``OpContext.frame``): a 100 % view or an export's band shows the same blocks as the whole.
With a mask, a block's colour is the mean of its masked pixels only: a face's blocks along its
edge take in nothing of the wall behind it.
"""

from __future__ import annotations

import math
from typing import Mapping

import torch
from torch import Tensor

from .spec import OpContext, Operation, ParamSpec, ParamValue


def block_pixels(size: float, long_side: int) -> float:
    """The side in pixels of a block ``size`` % of ``long_side``: not rounded, so a preview's
    blocks are the export's, scaled (1 or less: no blocks)."""
    return float(size) * long_side / 100.0


def _blocks(n: int, start: int, cell: float, device: torch.device) -> tuple[Tensor, int]:
    """The block of each of ``n`` pixels from ``start`` (by its centre), counted from the first
    one they touch, and how many blocks they touch."""
    ids = torch.floor((torch.arange(n, device=device, dtype=torch.float64) + (start + 0.5)) / cell).long()
    ids -= ids[0].clone()
    return ids, int(ids[-1]) + 1


def pixelate_image(x: Tensor, cell: float, mask: Tensor | None = None,
                   frame: tuple[int, int, int, int] | None = None) -> Tensor:
    """``(B, C, H, W)`` as blocks of ``cell`` pixels, each the mean of its pixels (of its masked
    pixels, weighted by ``mask`` ``(B, 1, H, W)``, where it has any). ``frame``: ``x`` is the
    window ``[y0:, x0:]`` of a ``full_h x full_w`` photo; the blocks are the whole photo's."""
    if cell <= 1.0:
        return x
    h, w = x.shape[-2:]
    _, _, y0, x0 = frame if frame is not None else (h, w, 0, 0)
    rows, ny = _blocks(h, y0, cell, x.device)
    cols, nx = _blocks(w, x0, cell, x.device)

    def block_sums(t: Tensor) -> Tensor:  # (B, C, ny, nx): each block's sum, by rows then by columns
        by_rows = t.new_zeros(*t.shape[:2], ny, w).index_add_(2, rows, t)
        return by_rows.new_zeros(*t.shape[:2], ny, nx).index_add_(3, cols, by_rows)

    count = block_sums(torch.ones_like(x[:1, :1]))
    mean = block_sums(x) / count
    if mask is not None:
        m = mask.to(x.dtype).expand(x.shape[0], 1, h, w)
        weight = block_sums(m)
        inside = block_sums(x * m) / weight.clamp_min(1e-6)
        mean = torch.where(weight > 1e-4 * count, inside, mean)
    return mean[:, :, rows][:, :, :, cols]


class Pixelate(Operation):
    name = "pixelate"
    label = "Pixelate"
    description = "Square blocks of one colour (a mosaic): hides a face, a number plate or a name for good."
    differentiable = False  # the block size is a whole number of pixels
    strengths = ("size",)
    params = (ParamSpec("size", 0.0, 10.0, 0.0, "% of long side", "the side of a block, as a percentage of the "
                        "photo's long side (0: off)", step=0.05, label="Block size"),)

    @classmethod
    def reach(cls, params: Mapping[str, ParamValue], long_side: int) -> int:
        return math.ceil(block_pixels(params["size"], long_side)) + 1  # type: ignore[arg-type]

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        """The colour channels in blocks; an alpha channel is left as it is."""
        sizes = params["size"].detach().reshape(-1).tolist()
        mask = ctx.mask
        if mask is not None and mask.shape[0] != x.shape[0]:
            mask = mask.expand(x.shape[0], -1, -1, -1)
        rgb = x[:, :3]
        if len(set(sizes)) == 1:
            out = pixelate_image(rgb, block_pixels(sizes[0], ctx.long_side), mask, ctx.frame)
        else:
            out = torch.cat([pixelate_image(rgb[i:i + 1], block_pixels(s, ctx.long_side),
                                            None if mask is None else mask[i:i + 1], ctx.frame)
                             for i, s in enumerate(sizes)])
        return out if x.shape[1] == 3 else torch.cat([out, x[:, 3:]], dim=1)

    @classmethod
    def is_identity(cls, values: Mapping[str, object]) -> bool:
        return float(cls.validate(values)["size"]) == 0.0
