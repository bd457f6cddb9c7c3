"""Black and white: blend towards the luminance, optionally toned sepia."""

from __future__ import annotations

from typing import Mapping

import torch
from torch import Tensor

from .spec import LUMA_WEIGHTS, OpContext, Operation, ParamSpec, luminance, per_batch


#: The sepia tone of a print: a warm brown multiplied onto the grey, luminance kept.
SEPIA = (1.0 + 0.14, 1.0 + 0.0, 1.0 - 0.3)


def sepia_gains() -> tuple[float, float, float]:
    """:data:`SEPIA` scaled so that grey keeps its luminance."""
    norm = sum(w * c for w, c in zip(LUMA_WEIGHTS, SEPIA))
    return tuple(c / norm for c in SEPIA)  # type: ignore[return-value]


def adjust_black_and_white(x: Tensor, amount: Tensor, tone: Tensor | None = None) -> Tensor:
    """``lerp(x, L, amount)`` with the paper's luminance ``L``; 1 is fully monochrome, 0 does not
    modify the image. ``tone`` (0..1) then blends the grey towards sepia by ``tone * amount``."""
    lum = luminance(x).expand_as(x)
    out = torch.lerp(x, lum, per_batch(amount, x))
    if tone is not None:
        gains = torch.tensor(sepia_gains(), dtype=x.dtype, device=x.device).reshape(1, 3, 1, 1)
        out = torch.lerp(out, (lum * gains).clamp(0.0, 1.0), per_batch(tone, x) * per_batch(amount, x))
    return out


class BlackAndWhite(Operation):
    name = "black_and_white"
    label = "Black & white"
    description = "Turn the photo (or the masked part) black and white, or sepia."
    pointwise = True
    params = (
        ParamSpec("amount", 0.0, 1.0, 0.0, "", "1 is fully black and white"),
        ParamSpec("tone", 0.0, 1.0, 0.0, "", "0 is neutral grey, 1 is sepia"),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return adjust_black_and_white(x, params["amount"], params.get("tone"))
