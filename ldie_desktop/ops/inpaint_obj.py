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

#: Working-size budgets by quality: the fill runs on a copy of the crop around the hole, scaled
#: so the hole has at most ``hole`` pixels and the crop at most ``crop``. PatchMatch's time grows
#: with the hole's pixel count (about 60 us a hole pixel with 5x5 patches on this 2-core CPU), so
#: the preview fills a small copy (~0.6 s) and the export a larger one (~5 s); both are upscaled
#: into the hole.
WORKING_PIXELS = {"preview": {"hole": 9_000, "crop": 60_000}, "export": {"hole": 80_000, "crop": 700_000}}
#: 5x5 patches: on real photos with 10-15 % holes the fill's L1 to the truth is as low as with
#: 7x7 or 9x9 (0.093 vs 0.097 / 0.096) at half the time or less.
PATCH_SIZE = 5
#: Context around the hole's bounding box, as a fraction of its longer side.
MARGIN = 0.5
_pm_lock = threading.Lock()  # the native library keeps a global random state


def _patchmatch():
    try:
        from patchmatch import patch_match
    except Exception as exc:  # missing wheel or native library: fall back, but say so once
        log.warning("PatchMatch unavailable (%s); using OpenCV inpainting", exc)
        return None
    return patch_match


#: A hole this small (pixels) is always filled at full resolution, whatever share it has.
SMALL_HOLE = 2_500


def hole_groups(hole: np.ndarray) -> list[tuple[tuple[int, int, int, int], np.ndarray]]:
    """The separate parts of ``hole`` (bool ``(H, W)``), each with the crop its fill reads and
    writes (its bounding box with a context margin of :data:`MARGIN` of its longer side), and
    which of the crop's pixels are its hole: two people far apart, or spots, are filled one by one on crops of
    their own, each at as fine a working size as its share of the budget allows, not together
    on one crop of most of the photo at a coarse one. Parts whose crops overlap are one group."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(hole.astype(np.uint8), connectivity=8)
    h, w = hole.shape
    boxes = []
    for i in range(1, n):
        x, y, bw, bh = (int(v) for v in stats[i, :4])
        margin = int(max(bw, bh) * MARGIN) + 8
        boxes.append([max(0, y - margin), min(h, y + bh + margin), max(0, x - margin), min(w, x + bw + margin), {i}])
    merged = True
    while merged:  # join parts whose crops overlap: one fill sees both
        merged = False
        for a in range(len(boxes)):
            for b in range(a + 1, len(boxes)):
                p, q = boxes[a], boxes[b]
                if p[0] < q[1] and q[0] < p[1] and p[2] < q[3] and q[2] < p[3]:
                    boxes[a] = [min(p[0], q[0]), max(p[1], q[1]), min(p[2], q[2]), max(p[3], q[3]), p[4] | q[4]]
                    del boxes[b]
                    merged = True
                    break
            if merged:
                break
    out = []
    for y0, y1, x0, x1, ids in boxes:
        part = np.isin(labels[y0:y1, x0:x1], sorted(ids))
        out.append(((y0, y1, x0, x1), part))
    return out


def fill_crop(crop: np.ndarray, hole: np.ndarray, method: int, quality: str, share: float = 1.0) -> np.ndarray:
    """Fill ``hole`` (bool ``(h, w)``) of ``crop`` (uint8 ``(h, w, 3)``) at the working size of
    ``quality``, of which this fill has ``share`` (the rest goes to other parts of the same
    mask; a small hole is filled at full size all the same). ``method`` 0 is PatchMatch (OpenCV
    if it is missing), 1 OpenCV Telea. Returns the filled crop (pixels outside the hole are not
    meaningful)."""
    budget = WORKING_PIXELS.get(quality, WORKING_PIXELS["export"])
    n_hole = max(1, int(np.count_nonzero(hole)))
    hole_budget = max(budget["hole"] * share, min(budget["hole"], SMALL_HOLE))
    crop_budget = max(budget["crop"] * share, min(budget["crop"], SMALL_HOLE * 8))
    scale = min(1.0, (hole_budget / n_hole) ** 0.5, (crop_budget / hole.size) ** 0.5)
    small, hsmall = np.ascontiguousarray(crop), hole.astype(np.uint8) * 255
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
        filled = add_grain(filled, crop, hole, scale)
    return filled


def add_grain(filled: np.ndarray, crop: np.ndarray, hole: np.ndarray, scale: float) -> np.ndarray:
    """Give an upscaled fill back the fine grain the working copy could not hold: noise with the
    per-channel spread of the detail finer than the working resolution (the photo minus its blur
    at that scale) in a ring just outside the hole. Without it a large fill at full resolution is
    a smooth patch in a sharp, grainy photo. Seeded, so an export is reproducible."""
    sigma = 0.5 / scale
    ring_r = max(3, int(round(4 * sigma)))
    # work on the hole's box grown by the ring and the blur's reach, not the whole crop
    pad = ring_r + int(np.ceil(3 * sigma))
    ys, xs = np.flatnonzero(hole.any(axis=1)), np.flatnonzero(hole.any(axis=0))
    if ys.size == 0:
        return filled
    y0, y1 = max(0, ys[0] - pad), min(hole.shape[0], ys[-1] + 1 + pad)
    x0, x1 = max(0, xs[0] - pad), min(hole.shape[1], xs[-1] + 1 + pad)
    sub = hole[y0:y1, x0:x1]
    ring = cv2.dilate(sub.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * ring_r + 1,) * 2))
    ring = ring.astype(bool) & ~sub
    if ring.sum() < 16:
        return filled
    src = crop[y0:y1, x0:x1].astype(np.float32)
    spread = (src - cv2.GaussianBlur(src, (0, 0), sigma))[ring].std(axis=0)  # (3,)
    noise = np.random.default_rng(0).standard_normal(src.shape).astype(np.float32)
    noise = cv2.GaussianBlur(noise, (0, 0), 0.6)  # grain a pixel or so across, not single-pixel salt
    noise *= spread / max(float(noise.std()), 1e-6)
    out = filled.astype(np.float32)
    out[y0:y1, x0:x1][sub] += noise[sub]
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


def fill_hole(img: np.ndarray, hole: np.ndarray, method: int, quality: str) -> np.ndarray:
    """Fill ``hole`` (bool ``(H, W)``) of ``img`` (uint8 ``(H, W, 3)``); see :func:`fill_crop`.
    Returns a new image, equal to ``img`` outside the hole."""
    out = img.copy()
    total = max(1, int(np.count_nonzero(hole)))
    for (y0, y1, x0, x1), part in hole_groups(hole):
        share = int(np.count_nonzero(part)) / total
        out[y0:y1, x0:x1][part] = fill_crop(img[y0:y1, x0:x1], part, method, quality, share)[part]
    return out


class InpaintObj(Operation):
    name = "inpaint_obj"
    label = "Remove object"
    description = "Remove what the mask covers and fill it from the surroundings (needs a mask)."
    differentiable = False
    needs_mask = True
    whole_photo = True
    params = (
        ParamSpec("method", 0, 1, 0, "", "0 PatchMatch (best), 1 OpenCV (fast)", kind="choice",
                  step=1, choices=("patchmatch", "fast")),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        if ctx.mask is None:
            return x
        out = x.clone()
        for b in range(x.shape[0]):
            hole = (ctx.mask[b if ctx.mask.shape[0] > 1 else 0, 0] > 0.5).cpu().numpy()
            total = max(1, int(np.count_nonzero(hole)))
            for (y0, y1, x0, x1), hcrop in hole_groups(hole):  # each part of the mask on a crop of its own
                crop_t = out[b, :, y0:y1, x0:x1].detach()
                crop = (crop_t.permute(1, 2, 0).clamp(0, 1) * 255.0).round().to(torch.uint8).cpu().numpy()
                filled = fill_crop(crop, hcrop, int(params["method"][b]), ctx.quality,
                                   int(np.count_nonzero(hcrop)) / total)
                res = torch.from_numpy(filled).to(x.device, x.dtype).permute(2, 0, 1) / 255.0
                # only the crop is converted; outside the hole the input values stay exact
                out[b, :, y0:y1, x0:x1] = torch.where(torch.from_numpy(hcrop).to(x.device), res, crop_t)
        return out
