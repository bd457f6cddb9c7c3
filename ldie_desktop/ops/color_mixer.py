"""Colour mixer (Lightroom's HSL panel, darktable's colour zones): the hue, saturation and
luminance of eight colour ranges, each on its own slider.

A pixel belongs to the two ranges its hue lies between, in proportion (the weights of the eight
ranges add up to one all round the hue circle), so an edit of the blues fades out through the
aquas and purples with no edge. Near-grey pixels, whose hue means nothing, are left alone in
proportion to how grey they are.
"""

from __future__ import annotations

from typing import Mapping

import torch
from kornia.color import hsv_to_rgb, rgb_to_hsv
from torch import Tensor

from .spec import OpContext, Operation, ParamSpec, per_batch

#: The ranges and the hue (degrees) each is centred on, as in Lightroom's HSL panel.
RANGES = (("reds", 0.0), ("oranges", 30.0), ("yellows", 60.0), ("greens", 120.0), ("aquas", 180.0),
          ("blues", 240.0), ("purples", 270.0), ("magentas", 300.0))
PROPERTIES = ("hue", "saturation", "luminance")
#: The hue turned by a hue slider at its end (degrees): as far as the next range over.
MAX_HUE_SHIFT = 30.0
#: The chroma (max - min of R, G, B) from which a pixel takes the whole edit; greyer ones less.
FULL_CHROMA = 0.15


def band_weights(hue_deg: Tensor) -> Tensor:
    """``(B, 8, H, W)`` weights of the eight ranges for hues in degrees ``(B, 1, H, W)``: each a
    raised cosine from the centre of the range before it to the centre of the one after (smooth,
    so a lookup table bakes it well); between two centres the two add up to 1."""
    centres = [c for _, c in RANGES]
    out = []
    for k, c in enumerate(centres):
        left = (c - centres[k - 1]) % 360.0
        right = (centres[(k + 1) % len(centres)] - c) % 360.0
        d = torch.remainder(hue_deg - c + 180.0, 360.0) - 180.0  # signed distance round the circle
        t = torch.where(d >= 0, d / right, -d / left).clamp(0.0, 1.0)
        out.append(0.5 + 0.5 * torch.cos(torch.pi * t))
    return torch.cat(out, dim=1)


def mix_colours(x: Tensor, hue: Tensor, saturation: Tensor, luminance: Tensor) -> Tensor:
    """``x`` (B, 3, H, W) in [0, 1] with each range's hue turned (``hue`` (B, 8) in [-1, 1], times
    :data:`MAX_HUE_SHIFT`), its HSV saturation and value moved by ``saturation`` and
    ``luminance / 2`` (:func:`_towards`)."""
    hsv = rgb_to_hsv(x.clamp(0.0, 1.0))
    h, s, v = hsv[:, 0:1], hsv[:, 1:2], hsv[:, 2:3]
    chroma = (x.amax(dim=1, keepdim=True) - x.amin(dim=1, keepdim=True)).clamp(0.0, 1.0)
    c = (chroma / FULL_CHROMA).clamp(0.0, 1.0)
    weight = band_weights(torch.rad2deg(h)) * (c * c * (3.0 - 2.0 * c))  # greys fade out smoothly

    def per_range(p: Tensor) -> Tensor:  # sum_k w_k * p_k
        return (weight * p.reshape(p.shape[0], -1, 1, 1).to(x)).sum(dim=1, keepdim=True)

    h2 = torch.remainder(h + torch.deg2rad(per_range(hue) * MAX_HUE_SHIFT), 2 * torch.pi)
    return hsv_to_rgb(torch.cat([h2, _towards(s, per_range(saturation)), _towards(v, 0.5 * per_range(luminance))],
                                dim=1)).clamp(0.0, 1.0)


def _towards(u: Tensor, k: Tensor) -> Tensor:
    """``u`` in [0, 1] moved by ``k`` in [-1, 1]: down, ``u * (1 + k)``; up, ``1 - (1 - u)^(1 + k)``,
    which raises it as much at first and never clips (a smooth curve, that a lookup table bakes
    well); ``k = 0`` keeps it."""
    u = u.clamp(0.0, 1.0)
    up = 1.0 - (1.0 - u).clamp_min(1e-12) ** (1.0 + k)  # (no clamp on k: a gradient at 0 too)
    return torch.where(k >= 0, up, u * (1.0 + k))


def _params() -> tuple[ParamSpec, ...]:
    specs = []
    for prop in PROPERTIES:
        for name, centre in RANGES:
            what = {"hue": f"turns the {name} towards the neighbouring hues (-1: {MAX_HUE_SHIFT:.0f} degrees one "
                           "way, +1 the other)",
                    "saturation": f"more or less vivid {name}; -1 is grey",
                    "luminance": f"lighter or darker {name}"}[prop]
            specs.append(ParamSpec(f"{prop}_{name}", -1.0, 1.0, 0.0, "", what, group=prop.capitalize(), label=name,
                                   swatch=centre))
    return tuple(specs)


class ColorMixer(Operation):
    name = "color_mixer"
    label = "Colour mixer"
    description = ("Hue, saturation and luminance of eight colour ranges (reds to magentas), as an editor's HSL "
                   "panel: 'make the blues deeper', 'less saturated greens'.")
    pointwise = True
    params = _params()

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        def stack(prop: str) -> Tensor:
            return torch.stack([per_batch(params[f"{prop}_{n}"], x).reshape(-1) for n, _ in RANGES], dim=1)

        hue, sat, lum = stack("hue"), stack("saturation"), stack("luminance")
        if not (hue.any() or sat.any() or lum.any()):
            return x  # exactly the photo: no colour round trip
        return mix_colours(x, hue, sat, lum)
