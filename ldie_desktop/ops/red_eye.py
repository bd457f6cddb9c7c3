"""Red eye: the red a flash leaves in pupils, taken out (Lightroom's and every phone editor's
Red Eye tool).

Where red clearly dominates (its lead over the stronger of green and blue, as a part of red,
past :data:`START`, fully from :data:`FULL`), red is pulled down to the mean of green and blue,
so a red pupil turns the dark grey it would have been; a catchlight, skin or the white of the
eye (red not far ahead) are left alone. Applied in a mask round each eye (the request "remove
the red eye" finds them: ``autofix.red_eyes``; or an ellipse drawn with the Mask box's Radial).
Pointwise: the renderer bakes it into a lookup table.
"""

from __future__ import annotations

from typing import Mapping

import torch
from torch import Tensor

from .spec import OpContext, Operation, ParamSpec, per_batch

#: Red's lead over max(green, blue), as a part of red, where the correction starts and is full
#: (a brown iris, 90 60 40, leads by 0.33; skin by about 0.2; a flash's red pupil by 0.6-0.85).
START, FULL = 0.4, 0.6


def remove_red(x: Tensor, amount: Tensor) -> Tensor:
    """``x`` with red pulled to the mean of green and blue where it dominates; ``amount = 0``
    returns ``x`` unchanged."""
    r, g, b = x[:, 0:1], x[:, 1:2], x[:, 2:3]
    lead = (r - torch.maximum(g, b)) / r.clamp(min=1e-3)
    u = ((lead - START) / (FULL - START)).clamp(0.0, 1.0)
    w = u * u * (3.0 - 2.0 * u) * per_batch(amount, r)
    return torch.cat([r + w * ((g + b) * 0.5 - r), g, b], 1)


class RedEye(Operation):
    name = "red_eye"
    label = "Red eye"
    description = "Take the red a flash leaves in pupils out, in a mask round each eye."
    # not baked into a lookup table: red's lead, a ratio, turns steeply in dark colours where a
    # table's interpolation would miss it by more than 2/255; it is a few array operations anyway
    needs_mask = True  # over the whole photo it would grey every strong red: a flower, a shirt
    own_place = "the red eyes"  # found by their look (``Planner.select``), whatever the request's words
    placed_values = {"amount": 1.0}
    params = (ParamSpec("amount", 0.0, 1.0, 0.0, "", "how much of the red to take out of the pupils"),)

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return remove_red(x, params["amount"])
