"""Split toning (colour grading): one hue into the shadows, another into the highlights.

Each tone is a hue (degrees on the colour wheel) and a strength. The shift is the hue's colour
minus its own luminance, so toning moves the colour and keeps the brightness (a teal shadow is
as dark as before). ``balance`` moves the split point: above 0 the highlight tone reaches further
down, below 0 the shadow tone reaches further up. Pointwise: it fuses with its neighbours.
"""

from __future__ import annotations

from typing import Mapping

import torch
from torch import Tensor

from .spec import LUMA_WEIGHTS, OpContext, Operation, ParamSpec, luminance, per_batch

#: How far a tone at strength 1 moves a pure shadow or highlight along its hue's colour.
STRENGTH = 0.5


def hue_offset(hue: Tensor) -> Tensor:
    """``(B, 3)``: the fully saturated colour of ``hue`` (degrees, ``(B,)``) minus its luminance."""
    h6 = torch.remainder(hue, 360.0) / 60.0
    rgb = torch.stack([
        (torch.abs(h6 - 3.0) - 1.0).clamp(0.0, 1.0),
        (2.0 - torch.abs(h6 - 2.0)).clamp(0.0, 1.0),
        (2.0 - torch.abs(h6 - 4.0)).clamp(0.0, 1.0),
    ], dim=-1)
    w = torch.tensor(LUMA_WEIGHTS, dtype=rgb.dtype, device=rgb.device)
    return rgb - (rgb * w).sum(-1, keepdim=True)


def split_tone(x: Tensor, shadow_hue: Tensor, shadow_amount: Tensor, highlight_hue: Tensor,
               highlight_amount: Tensor, balance: Tensor) -> Tensor:
    """Shadows pushed towards ``shadow_hue`` by ``shadow_amount`` x (1 - L')^2 and highlights
    towards ``highlight_hue`` by ``highlight_amount`` x L'^2, where ``L' = L ** 2 ** -balance``.
    Both amounts 0 return ``x`` unchanged."""
    lum = luminance(x).clamp(1e-6, 1.0)
    lb = lum ** torch.pow(2.0, -per_batch(balance, lum))
    shadows = (1.0 - lb) ** 2 * per_batch(shadow_amount, lum)
    highlights = lb**2 * per_batch(highlight_amount, lum)
    off_s = hue_offset(shadow_hue.to(x)).reshape(-1, 3, 1, 1)
    off_h = hue_offset(highlight_hue.to(x)).reshape(-1, 3, 1, 1)
    return (x + STRENGTH * (shadows * off_s + highlights * off_h)).clamp(0.0, 1.0)


class SplitTone(Operation):
    name = "split_tone"
    label = "Split toning"
    strengths = ("shadow_amount", "highlight_amount")
    description = "Colour-grade: tint the shadows one colour and the highlights another (e.g. teal and orange)."
    pointwise = True
    params = (
        ParamSpec("shadow_hue", 0.0, 360.0, 210.0, "°", "the colour of the shadows, on the colour wheel", step=1.0),
        ParamSpec("shadow_amount", 0.0, 1.0, 0.0, "", "how strongly the shadows take it"),
        ParamSpec("highlight_hue", 0.0, 360.0, 45.0, "°", "the colour of the highlights, on the colour wheel",
                  step=1.0),
        ParamSpec("highlight_amount", 0.0, 1.0, 0.0, "", "how strongly the highlights take it"),
        ParamSpec("balance", -1.0, 1.0, 0.0, "", "above 0 the highlight colour reaches further into the shadows"),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return split_tone(x, params["shadow_hue"], params["shadow_amount"], params["highlight_hue"],
                          params["highlight_amount"], params["balance"])

    @classmethod
    def is_identity(cls, values: Mapping[str, object]) -> bool:
        full = cls.validate(values)
        return float(full["shadow_amount"]) == 0.0 and float(full["highlight_amount"]) == 0.0
