"""Object removal: fill the masked region from its surroundings (PatchMatch, or OpenCV).

The fill runs on a crop around the hole at a bounded working resolution (smaller for the
preview), is upscaled, and is pasted back inside the hole only: pixels outside the mask are
never touched.
"""

from __future__ import annotations

import logging
import threading
from typing import Mapping

import cv2
import numpy as np
import torch
from torch import Tensor

from .spec import OpContext, Operation, ParamSpec

log = logging.getLogger(__name__)

#: Longest side of the crop the fill works on, by quality. PatchMatch costs grow with the
#: pixel count (a 10 % hole: 1.1 s at 256 px, 3.8 s at 512 px on two busy cores), so the preview
#: fills a small copy and the export a larger one; both are upscaled into the hole.
WORKING_SIDE = {"preview": 256, "export": 1024}
PATCH_SIZE = 7
_pm_lock = threading.Lock()  # the native library keeps a global random state


def _patchmatch():
    try:
        from patchmatch import patch_match
    except Exception as exc:  # missing wheel or native library: fall back, but say so once
        log.warning("PatchMatch unavailable (%s); using OpenCV inpainting", exc)
        return None
    return patch_match


def fill_hole(img: np.ndarray, hole: np.ndarray, method: int, quality: str) -> np.ndarray:
    """Fill ``hole`` (bool ``(H, W)``) of ``img`` (uint8 ``(H, W, 3)``). ``method`` 0 is
    PatchMatch (OpenCV if it is missing), 1 OpenCV Telea. Returns a new image."""
    ys, xs = np.nonzero(hole)
    if ys.size == 0:
        return img.copy()
    h, w = hole.shape
    bh, bw = ys.max() - ys.min() + 1, xs.max() - xs.min() + 1
    margin = int(max(bh, bw) * 0.5) + 8
    y0, y1 = max(0, ys.min() - margin), min(h, ys.max() + 1 + margin)
    x0, x1 = max(0, xs.min() - margin), min(w, xs.max() + 1 + margin)
    crop = np.ascontiguousarray(img[y0:y1, x0:x1])
    hcrop = hole[y0:y1, x0:x1]
    scale = min(1.0, WORKING_SIDE.get(quality, 1536) / max(crop.shape[:2]))
    small, hsmall = crop, hcrop.astype(np.uint8) * 255
    if scale < 1.0:
        size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
        small = cv2.resize(crop, size, interpolation=cv2.INTER_AREA)
        hsmall = cv2.resize(hsmall, size, interpolation=cv2.INTER_AREA)
        hsmall = np.where(hsmall > 0, 255, 0).astype(np.uint8)  # any touched pixel is a hole
    pm = _patchmatch() if method == 0 else None
    if pm is not None and min(small.shape[:2]) > 2 * PATCH_SIZE:
        with _pm_lock:
            pm.set_random_seed(0)
            filled = pm.inpaint(small, mask=hsmall, patch_size=PATCH_SIZE)
    else:
        filled = cv2.inpaint(small, hsmall, 5, cv2.INPAINT_TELEA)
    if scale < 1.0:
        filled = cv2.resize(filled, (crop.shape[1], crop.shape[0]), interpolation=cv2.INTER_CUBIC)
    out = img.copy()
    out[y0:y1, x0:x1][hcrop] = filled[hcrop]
    return out


class InpaintObj(Operation):
    name = "inpaint_obj"
    label = "Remove object"
    description = "Remove what the mask covers and fill it from the surroundings (needs a mask)."
    differentiable = False
    needs_mask = True
    params = (
        ParamSpec("method", 0, 1, 0, "", "0 PatchMatch (best), 1 OpenCV (fast)", kind="choice",
                  step=1, choices=("patchmatch", "fast")),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        if ctx.mask is None:
            return x
        outs = []
        for b in range(x.shape[0]):
            img = (x[b].detach().permute(1, 2, 0).clamp(0, 1) * 255.0).round().to(torch.uint8).cpu().numpy()
            hole = (ctx.mask[b if ctx.mask.shape[0] > 1 else 0, 0] > 0.5).cpu().numpy()
            filled = fill_hole(img, hole, int(params["method"][b]), ctx.quality)
            res = torch.from_numpy(filled).to(x.device, x.dtype).permute(2, 0, 1) / 255.0
            # keep the exact input values outside the hole (no uint8 round trip there)
            hole_t = torch.from_numpy(hole).to(x.device)
            outs.append(torch.where(hole_t, res, x[b]))
        return torch.stack(outs)
