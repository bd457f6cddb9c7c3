"""Highlights, shadows, whites and blacks: an editor's tone sliders (Lightroom's Basic panel,
darktable's "shadows and highlights").

Shadows and highlights are *local*: how much a pixel is lifted or pulled down depends on the
brightness of its surroundings (an edge-aware base, :func:`~.filters.fast_guided` over 1.5 % of
the long side), not on its own value, so a shadowed face is lifted as a whole and keeps its own
contrast, and a bright sky is pulled down without flattening its clouds. The change is a gain
(in stops), so colours keep their saturation. Whites and blacks then move the ends of the tonal
range, pointwise: blacks below 0 deepen (and clip) the darkest tones, above 0 fade them; whites
above 0 brighten the lightest tones.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import torch
from torch import Tensor

from .filters import fast_guided, fast_guided_np, guided_reach, hwc, luminance_np
from .spec import OpContext, Operation, ParamSpec, ParamValue, luminance, per_batch

#: The base's window, percent of the long side (at least 1 px), and the step in brightness
#: below which the base smooths (0.14: a face against a sky keeps its edge; its features do not).
SIGMA_PERCENT = 1.5
MIN_SIGMA_PX = 1.0
EPS = 0.02
#: Shadows +1 lifts the darkest surroundings by this many stops; highlights -1 pulls the
#: brightest down by this many.
SHADOW_STOPS = 1.3
HIGHLIGHT_STOPS = 1.0
#: Whites/blacks at +-1 move the very lightest/darkest tones by this much.
ENDS = 0.15


def tone_sigma(long_side: int) -> float:
    return max(SIGMA_PERCENT * long_side / 100.0, MIN_SIGMA_PX)


def _smoothstep(t: Tensor, lo: float, hi: float) -> Tensor:
    u = ((t - lo) / (hi - lo)).clamp(0.0, 1.0)
    return u * u * (3.0 - 2.0 * u)


def _smoothstep_(t: Tensor, lo: float, hi: float) -> Tensor:
    """:func:`_smoothstep` in place on ``t`` (no gradient; one temporary), for the fast path."""
    t.sub_(lo).mul_(1.0 / (hi - lo)).clamp_(0.0, 1.0)
    w = t.mul(-2.0).add_(3.0).mul_(t)  # u (3 - 2 u)
    return t.mul_(w)


def shadow_weight(base: Tensor) -> Tensor:
    """How much of the shadows slider a surrounding brightness ``base`` gets: 1 at black, 0 from 0.55."""
    return 1.0 - _smoothstep(base, 0.0, 0.55)


def highlight_weight(base: Tensor) -> Tensor:
    """How much of the highlights slider a surrounding brightness ``base`` gets: 0 up to 0.45, 1 at white."""
    return _smoothstep(base, 0.45, 1.0)


def adjust_tone(x: Tensor, highlights: Tensor, shadows: Tensor, whites: Tensor, blacks: Tensor,
                long_side: int, frame: tuple[int, int, int, int] | None = None) -> Tensor:
    """``x`` with its shadows and highlights moved by a gain from the edge-aware base, then its
    ends moved by whites and blacks. All four 0 return ``x`` unchanged."""
    out = x
    if bool((highlights != 0).any() or (shadows != 0).any()) or highlights.requires_grad or shadows.requires_grad:
        y = luminance(x)
        base = fast_guided(y, y, tone_sigma(long_side), EPS, frame).clamp(0.0, 1.0)
        stops = (per_batch(shadows, y) * SHADOW_STOPS * shadow_weight(base)
                 + per_batch(highlights, y) * HIGHLIGHT_STOPS * highlight_weight(base))
        out = x * torch.exp2(stops)
    if bool((whites != 0).any() or (blacks != 0).any()) or whites.requires_grad or blacks.requires_grad:
        y = luminance(out).clamp(0.0, 1.0)
        out = out + ENDS * (per_batch(whites, y) * _smoothstep(y, 0.5, 1.0)
                            + per_batch(blacks, y) * (1.0 - _smoothstep(y, 0.0, 0.5)))
    return out.clamp(0.0, 1.0) if out is not x else x


class Tone(Operation):
    name = "tone"
    label = "Highlights & shadows"
    description = ("Recover bright highlights, open up dark shadows, and set the whites and blacks, "
                   "each by the brightness around a pixel.")
    params = (
        ParamSpec("highlights", -1.0, 1.0, 0.0, "", "below 0 recovers bright areas (darker), above 0 brightens them"),
        ParamSpec("shadows", -1.0, 1.0, 0.0, "", "above 0 opens up dark areas, below 0 deepens them"),
        ParamSpec("whites", -1.0, 1.0, 0.0, "", "moves the lightest tones: above 0 brighter whites"),
        ParamSpec("blacks", -1.0, 1.0, 0.0, "", "moves the darkest tones: below 0 deeper blacks, above 0 faded"),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return adjust_tone(x, params["highlights"], params["shadows"], params["whites"], params["blacks"],
                           ctx.long_side, ctx.frame)

    @classmethod
    def apply_fast(cls, img: np.ndarray, params: Mapping[str, ParamValue], ctx: OpContext) -> np.ndarray:
        """The same, with the base found by :func:`~.filters.fast_guided_np` and the
        full-resolution arithmetic in place on the channels-last image (one image-sized output)."""
        hi, sh, wh, bl = (float(params[k]) for k in ("highlights", "shadows", "whites", "blacks"))  # type: ignore[arg-type]
        x = hwc(img)
        if hi or sh:
            y = luminance_np(img)
            base = torch.from_numpy(fast_guided_np(y, y, tone_sigma(ctx.long_side), EPS, ctx.frame)).clamp_(0.0, 1.0)
            del y
            stops = _smoothstep_(base.clone(), 0.45, 1.0).mul_(hi * HIGHLIGHT_STOPS)
            stops += _smoothstep_(base, 0.0, 0.55).sub_(1.0).mul_(-sh * SHADOW_STOPS)  # (1 - weight) x shadows
            del base
            out = x * stops.exp2_()[..., None]
            del stops
        else:
            out = x.clone()
        if wh or bl:
            y = torch.from_numpy(luminance_np(out.numpy())).clamp_(0.0, 1.0)
            delta = _smoothstep_(y.clone(), 0.5, 1.0).mul_(ENDS * wh)
            delta += _smoothstep_(y, 0.0, 0.5).sub_(1.0).mul_(-ENDS * bl)
            del y
            out += delta[..., None]
        return out.clamp_(0.0, 1.0).numpy()

    @classmethod
    def reach(cls, params: Mapping[str, ParamValue], long_side: int) -> int:
        if not float(params["highlights"]) and not float(params["shadows"]):  # type: ignore[arg-type]
            return 0  # whites and blacks are pointwise
        return guided_reach(tone_sigma(long_side), long_side)
