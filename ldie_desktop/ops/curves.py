"""The paper's piecewise-linear curve: ``f(x) = (1/Z) sum_i clip(N x - i, 0, 1) p_i``."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor

#: Control values per curve (the paper's 8 segments).
SEGMENTS = 8


def piecewise_curve(x: Tensor, knots: Tensor) -> Tensor:
    """Apply monotone curves to ``x`` ``(B, C, H, W)``; ``knots`` is ``(B, C, N)`` (one curve per
    channel) or ``(B, 1, N)`` (one curve for all). Each knot is the slope of one of ``N`` equal
    segments, normalised so that ``f(1) = 1``; all ones is the identity.

    Evaluated as ``(cumsum(p)[i] + frac * p[i]) / Z`` with ``i = floor(N x)``: the paper's sum
    of ramps, in O(1) memory per pixel instead of O(N).

    >>> x = torch.tensor([[[[0.25]]]])
    >>> piecewise_curve(x, torch.tensor([[[2.0, 1, 1, 1, 1, 1, 1, 1]]])).item()  # (2 + 1) / 9
    0.3333333432674408
    """
    b, c, h, w = x.shape
    n = knots.shape[-1]
    knots = knots.to(x.dtype).expand(b, c, n).contiguous()
    below = F.pad(torch.cumsum(knots, dim=-1), (1, 0))[..., :n]  # rise of the segments before i
    total = knots.sum(dim=-1, keepdim=True).clamp_min(1e-6)
    pos = x.clamp(0.0, 1.0) * n
    idx = pos.detach().floor().clamp(0, n - 1)
    frac = pos - idx  # keeps the gradient to x
    flat_idx = idx.long().reshape(b, c, h * w)
    rise = torch.gather(below, 2, flat_idx).reshape(b, c, h, w)
    slope = torch.gather(knots, 2, flat_idx).reshape(b, c, h, w)
    return (rise + frac * slope) / total.reshape(b, c, 1, 1)
