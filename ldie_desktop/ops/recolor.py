"""Recolour: a thing given a new colour with its light and shade kept ("make her dress red", "turn
the car blue"), Photoshop's Color blend mode and GIMP's Colorize.

Each pixel takes the hue and saturation of the new colour at its own luminance: the compositing
spec's non-separable "color" blend, ``SetLum(C, Lum(x))`` with ``Lum = 0.3 R + 0.59 G + 0.11 B``,
whose colour is pulled towards grey where it would leave 0..1 (``ClipColor``), and fades in
from black and out towards white (within a third of either end). So the folds of a dress keep
their shading, a white shirt can only become a pale tint and a black one stays black, as with a
real dye, unless ``lightness`` darkens it first (a white car made red) or lightens it (a black
one made yellow). ``amount`` blends it over the photo. Pointwise: the renderer bakes it into a
lookup table with its neighbours; a layer mask says which thing.
"""

from __future__ import annotations

from typing import Mapping

import torch
from torch import Tensor

from .spec import OpContext, Operation, ParamSpec, per_batch

#: The blend modes' luminance weights (the compositing spec's, not the paper's).
LUM_WEIGHTS = (0.3, 0.59, 0.11)
#: The new colour's strength fades in from black and out towards white: full between
#: luminances 1 / TAPER and 1 - 1 / TAPER.
TAPER = 3.0


def _lum(c: Tensor) -> Tensor:
    w = torch.tensor(LUM_WEIGHTS, dtype=c.dtype, device=c.device).reshape(1, 3, 1, 1)
    return (c * w).sum(dim=1, keepdim=True)


def _clip_colour(c: Tensor) -> Tensor:
    """``c`` pulled towards grey at its own luminance until every channel is in 0..1."""
    lum = _lum(c)
    low = c.amin(dim=1, keepdim=True)
    high = c.amax(dim=1, keepdim=True)
    c = torch.where(low < 0.0, lum + (c - lum) * lum / (lum - low).clamp_min(1e-6), c)
    return torch.where(high > 1.0, lum + (c - lum) * (1.0 - lum) / (high - lum).clamp_min(1e-6), c)


def hue_colour(hue: Tensor, saturation: Tensor, like: Tensor) -> Tensor:
    """``(B, 3, 1, 1)``: the colour of ``hue`` (degrees, 0 red, 120 green, 240 blue) and
    ``saturation`` at full value, per batch."""
    h = per_batch(hue, like)[:, :, :1, :1] / 60.0
    s = per_batch(saturation, like)[:, :, :1, :1]
    channels = []
    for n in (5.0, 3.0, 1.0):  # R, G, B of HSV with V = 1
        k = torch.remainder(n + h, 6.0)
        channels.append(1.0 - s * torch.clamp(torch.minimum(k, 4.0 - k), 0.0, 1.0))
    return torch.cat(channels, dim=1)


def recolour(x: Tensor, hue: Tensor, saturation: Tensor, amount: Tensor, lightness: Tensor | None = None) -> Tensor:
    """``x`` with ``amount`` of the colour of ``hue`` and ``saturation`` at each pixel's own
    luminance, moved by ``lightness`` first (-1 black, +1 white, as much of the way there; a white
    car made red needs to be darker to be red); ``amount = 0`` returns ``x``."""
    if not bool((amount != 0).any()) and not amount.requires_grad:
        return x
    rgb = x[:, :3]
    target = hue_colour(hue, saturation, rgb)
    lum = _lum(rgb)
    if lightness is not None and (bool((lightness != 0).any()) or lightness.requires_grad):
        light = per_batch(lightness, lum)
        lum = lum + light.clamp_min(0.0) * (1.0 - lum) + light.clamp_max(0.0) * lum
    dyed = _clip_colour(target + (lum - _lum(target)))
    # a dye shows least in the deep shadows and the brightest whites, as paint does
    dyed = lum + (dyed - lum) * (TAPER * torch.minimum(lum, 1.0 - lum)).clamp(0.0, 1.0)
    out = (rgb + per_batch(amount, rgb) * (dyed - rgb)).clamp(0.0, 1.0)
    return torch.cat([out, x[:, 3:]], 1) if x.shape[1] > 3 else out


class Recolor(Operation):
    name = "recolor"
    label = "Recolour"
    description = "Give a thing a new colour, keeping its light and shade (mask it to the thing)."
    pointwise = True
    strengths = ("amount",)
    params = (
        ParamSpec("hue", 0.0, 360.0, 0.0, "°", "the new colour on the colour wheel (0 red, 120 green, 240 blue)",
                  step=1.0),
        ParamSpec("saturation", 0.0, 1.0, 0.6, "", "how colourful the new colour is", step=0.01),
        ParamSpec("amount", 0.0, 1.0, 0.0, "", "how much of the new colour: 1 takes the old one away", step=0.01),
        ParamSpec("lightness", -1.0, 1.0, 0.0, "", "darker (-) or lighter (+) with the new colour: a white thing "
                  "made red needs to be darker", step=0.01),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return recolour(x, params["hue"], params["saturation"], params["amount"], params["lightness"])

    @classmethod
    def is_identity(cls, values: Mapping[str, object]) -> bool:
        return float(cls.validate(values)["amount"]) == 0.0  # no colour laid, whatever its hue
