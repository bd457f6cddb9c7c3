"""Sky: a new sky in place of a blown-out or dull one (Luminar's and Photoshop's sky replacement,
without a library of sky photos: the sky is made, as a clear day's is, a gradient from the colour
overhead to the paler colour at the horizon).

The layer's mask is the sky (the grounding's "the sky"); the gradient runs from the top of the
masked sky to its lowest part, in linear light, so the horizon's glow is as bright as a real
one. ``clouds`` keeps the old sky's light and shade over the new colours (its brightness against
its own mean), so clouds stay clouds; on a blown-out white sky there are none and the gradient
shows as it is. A soft mask edge (trees, a roof line) blends the two, as the layer's mask does for
any edit. It renders on the whole photo: the gradient needs the whole sky's extent.
"""

from __future__ import annotations

from typing import Mapping

import torch
from kornia.color import linear_rgb_to_rgb, rgb_to_linear_rgb
from torch import Tensor

from .spec import LUMA_WEIGHTS, OpContext, Operation, ParamSpec, per_batch

#: Each look's colour overhead and at the horizon (sRGB).
LOOKS: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {
    "clear blue": ((0.22, 0.45, 0.80), (0.72, 0.83, 0.95)),
    "deep blue": ((0.08, 0.22, 0.60), (0.50, 0.68, 0.90)),
    "sunset": ((0.24, 0.27, 0.52), (0.99, 0.60, 0.32)),
    "golden hour": ((0.42, 0.58, 0.84), (1.00, 0.84, 0.56)),
    "overcast": ((0.60, 0.63, 0.68), (0.86, 0.87, 0.89)),
}
LOOK_NAMES = tuple(LOOKS)
#: The most a cloud may brighten the new sky (times its colour there).
SHADE_MOST = 2.0


def _linear(c: Tensor) -> Tensor:
    """sRGB ``(..., 3, H, W)`` (or a colour, ``(3,)``) in linear light (kornia's sRGB curve)."""
    return rgb_to_linear_rgb(c.clamp(0.0, 1.0).reshape(*c.shape, 1, 1) if c.dim() == 1 else c.clamp(0.0, 1.0))


def new_sky(x: Tensor, mask: Tensor, look: Tensor, clouds: Tensor) -> Tensor:
    """The gradient sky of ``look`` (an index into :data:`LOOKS`, per batch) over the rows that
    ``mask`` ``(B, 1, H, W)`` covers, the old sky's light and shade kept by ``clouds`` (0-1)."""
    b, _, h, w = x.shape
    rows = (mask.amax(dim=3) > 0.5).squeeze(1)  # (B, H): the rows with sky in them
    out = []
    ys = torch.arange(h, dtype=x.dtype, device=x.device)
    weights = torch.tensor(LUMA_WEIGHTS, dtype=x.dtype, device=x.device).reshape(1, 3, 1, 1)
    for i in range(b):
        have = torch.nonzero(rows[i if rows.shape[0] > 1 else 0]).flatten()
        top, bottom = (float(have[0]), float(have[-1])) if have.numel() else (0.0, float(h - 1))
        t = ((ys - top) / max(bottom - top, 1.0)).clamp(0.0, 1.0) ** 0.8  # paler quickly near the horizon
        zenith, horizon = (torch.tensor(c, dtype=x.dtype, device=x.device) for c in LOOKS[LOOK_NAMES[int(look[i])]])
        grad = _linear(zenith)[:, :, 0] * (1 - t)[None, :] + _linear(horizon)[:, :, 0] * t[None, :]  # (3, H)
        sky = grad[:, :, None].expand(3, h, w)
        m = mask[i if mask.shape[0] > 1 else 0]
        lum = (_linear(x[i : i + 1].clamp(0, 1)) * weights).sum(dim=1)[0]  # (H, W)
        inside = lum[m[0] > 0.5]
        # the sky's own typical brightness (its median: what is brighter is cloud, darker is shade);
        # a blown-out sky is all one white, so the gradient shows as it is
        typical = inside.median() if inside.numel() else lum.mean()
        shade = (lum / typical.clamp(min=1e-4)).clamp(0.0, SHADE_MOST) ** per_batch(clouds, x)[i].reshape(())
        out.append(linear_rgb_to_rgb((sky * shade[None]).clamp(0.0, 1.0)))
    return torch.stack(out)


class Sky(Operation):
    name = "sky"
    label = "Sky"
    description = ("A new sky in the mask (the sky): a clear day's gradient from overhead to the horizon, "
                   "the old sky's clouds kept as light and shade.")
    needs_mask = True
    whole_photo = True  # the gradient spans the whole sky
    differentiable = False
    own_place = "the sky"  # wherever the request's words point, the new sky goes on the sky
    strengths = ("clouds",)
    params = (
        ParamSpec("look", 0, len(LOOKS) - 1, 0, "", "the sky's colours: " + ", ".join(LOOK_NAMES), kind="choice",
                  step=1, choices=LOOK_NAMES),
        ParamSpec("clouds", 0.0, 1.0, 0.6, "", "how much of the old sky's light and shade (its clouds) shows "
                                              "over the new colours"),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        if ctx.mask is None:
            return x
        return new_sky(x, ctx.mask.to(x.dtype), params["look"], params["clouds"])
