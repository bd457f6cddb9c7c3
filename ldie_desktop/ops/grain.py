"""Film grain: fixed random noise over the frame, strongest in the midtones, as film shows it.

The noise is one field per grain size, drawn from a fixed seed on a grid measured in the whole
frame (``OpContext.frame``), then resampled to the pixels of this rendering: the full-size
export and a 100 % window show the same grain in the same places. A grain is never drawn finer
than a pixel; a preview of a larger photo (``OpContext.source_long_side``) draws the export's
grain as it looks at the preview's size: where it is finer than a preview pixel, one pixel fine
and as much weaker as averaging it over the pixel makes it. Monochrome, like the grain of film.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping

import cv2
import numpy as np
import torch
from torch import Tensor

from .spec import LUMA_WEIGHTS, OpContext, Operation, ParamSpec, ParamValue, luminance, per_batch

SEED = 20201130
#: Grain cell size as a fraction of the frame's long side at ``size`` 0 and 1, geometric in
#: between (never under a pixel: grain finer than a pixel would average away, so a small photo
#: would show none). At the default size a 6000 px photo gets grains of about 2.5 px.
FINEST, COARSEST = 0.0002, 0.004
#: Standard deviation of the added noise at ``amount`` 1, in the midtones.
STRENGTH = 0.12


@lru_cache(maxsize=2)  # the preview's and the export's (a fine grain on 24 MP is 70 MB)
def _field(gh: int, gw: int) -> np.ndarray:
    field = np.random.Generator(np.random.PCG64(SEED)).standard_normal((gh, gw), dtype=np.float32)
    field.setflags(write=False)
    return field


def grain_noise(size: float, h: int, w: int, ctx: OpContext) -> np.ndarray:
    """Unit-variance grain ``(h, w)`` float32 for an ``h x w`` input (a window of its frame when
    ``ctx.frame`` says so) at grain ``size`` (0 fine .. 1 coarse)."""
    full_h, full_w = ctx.full_size(h, w)
    fraction = FINEST * (COARSEST / FINEST) ** float(np.clip(size, 0.0, 1.0))
    cell = max(1.0, max(full_h, full_w) * fraction)
    gain = 1.0
    if ctx.source_long_side:  # a preview: the export's grain as it looks at this size
        here = max(1.0, ctx.source_long_side * fraction) * max(full_h, full_w) / ctx.source_long_side
        cell, gain = max(1.0, here), min(1.0, here)  # grains under a pixel average out: weaker, not coarser
    gh, gw = max(2, round(full_h / cell)), max(2, round(full_w / cell))
    field = _field(gh, gw)
    if ctx.frame is None or (h, w) == (full_h, full_w):
        noise = cv2.resize(field, (full_w, full_h), interpolation=cv2.INTER_CUBIC)
        return noise if gain == 1.0 else noise * np.float32(gain)
    # a window of the frame (a 100 % view): only its part of the field, resampled at the points
    # the whole frame's resize samples (cv2.resize: source = (target + 0.5) * scale - 0.5), so
    # it shows the same grains without resizing the whole frame's field (100 MB at 24 MP)
    sy, sx = gh / full_h, gw / full_w
    y0, x0 = ctx.frame[2], ctx.frame[3]
    to_field = np.array([[sx, 0.0, (x0 + 0.5) * sx - 0.5], [0.0, sy, (y0 + 0.5) * sy - 0.5]], np.float64)
    noise = cv2.warpAffine(field, to_field, (w, h), flags=cv2.INTER_CUBIC | cv2.WARP_INVERSE_MAP,
                           borderMode=cv2.BORDER_REPLICATE)
    return noise if gain == 1.0 else noise * np.float32(gain)


def add_grain(x: Tensor, amount: Tensor, size: Tensor, ctx: OpContext) -> Tensor:
    """``x`` plus ``amount`` x the grain, weighted towards the midtones (0.3 of it in pure black
    or white, all of it in middle grey). ``amount`` 0 returns ``x`` unchanged."""
    h, w = x.shape[-2:]
    sizes = size.detach().reshape(-1).tolist()
    noise = torch.stack([torch.from_numpy(grain_noise(s, h, w, ctx)) for s in sizes]).to(x)[:, None]
    if noise.shape[0] != x.shape[0]:
        noise = noise.expand(x.shape[0], -1, -1, -1)
    lum = luminance(x)
    midtones = 0.3 + 2.8 * lum * (1.0 - lum)
    return (x + per_batch(amount, x) * STRENGTH * noise * midtones).clamp(0.0, 1.0)


class Grain(Operation):
    name = "grain"
    label = "Grain"
    strengths = ("amount",)
    description = "Add film grain: fine random texture, strongest in the midtones."
    params = (
        ParamSpec("amount", 0.0, 1.0, 0.0, "", "how strong the grain is"),
        ParamSpec("size", 0.0, 1.0, 0.25, "", "from fine (0) to coarse (1) grain"),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return add_grain(x, params["amount"], params["size"], ctx)

    @classmethod
    def apply_fast(cls, img: np.ndarray, params: Mapping[str, ParamValue], ctx: OpContext) -> np.ndarray:
        """The same sum in float32 numpy, a few image-sized temporaries fewer than torch's."""
        h, w = img.shape[:2]
        d = img @ np.asarray(LUMA_WEIGHTS, np.float32)  # luminance, then the grain it gets
        d *= np.float32(1.0) - d
        d *= np.float32(2.8)
        d += np.float32(0.3)
        d *= grain_noise(float(params["size"]), h, w, ctx)  # type: ignore[arg-type]
        d *= np.float32(float(params["amount"]) * STRENGTH)  # type: ignore[arg-type]
        out = img + d[..., None]
        return np.clip(out, 0.0, 1.0, out=out)

    @classmethod
    def is_identity(cls, values: Mapping[str, object]) -> bool:
        return float(cls.validate(values)["amount"]) == 0.0  # no grain at any size
