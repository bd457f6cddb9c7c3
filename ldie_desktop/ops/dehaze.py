"""Dehaze: cut through haze, fog and smog (He, Sun and Tang's dark channel prior), or add haze.

A hazy pixel is the scene seen through a veil of the haze's colour ``A``: ``I = J t + A (1 - t)``,
where the transmission ``t`` falls with distance. In a haze-free photo almost every patch has
some channel near 0 (a shadow, a saturated colour), so the darkest channel of a patch of
``I / A`` measures the veil: ``t = 1 - w * min_patch min_c(I / A)``. The transmission is found on
a downsampled copy, refined along the photo's edges with a guided filter, and ``J`` is recovered
as ``(I - A) / max(t, T0) + A``; ``amount`` sets ``w`` (1 removes 95 % of the veil). Below 0 a
veil of ``A`` is laid over the photo instead.

``A`` (the ``haze`` colour) is a parameter, measured from the photo when the layer is made
(:meth:`Dehaze.measure`: the colour of the haziest patches), so a preview, an export and a
100 % window all agree; a user may pick it, as a white balance.
"""

from __future__ import annotations

from typing import Mapping

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from .filters import fast_guided, fast_guided_np, guided_reach, hwc, luminance_np, upsample_np
from .spec import OpContext, Operation, ParamSpec, ParamValue, luminance, per_batch

#: Patch radius of the dark channel, percent of the long side (He et al.: 7 px of 600), at least 1 px.
PATCH_PERCENT = 1.2
#: Most of the veil removed at amount 1, and the least transmission divided by (more would
#: amplify the noise in dense haze).
KEEP = 0.95
T0 = 0.25
#: Refinement: the guided filter's window, in patch radii, and its edge threshold.
REFINE = 2.0
REFINE_EPS = 1e-3
#: At amount -1, this much of the haze colour is laid over the photo.
VEIL = 0.5
#: The haze colour assumed until one is measured: a light grey.
DEFAULT_HAZE = 0.88


def patch_radius(long_side: int) -> float:
    return max(PATCH_PERCENT * long_side / 100.0, 1.0)


def _block(radius_px: float, size: tuple[int, int]) -> int:
    return max(1, min(int(radius_px // 3), max(1, min(size) // 4)))


def _patch_min(d: Tensor, radius_px: float, f: int) -> Tensor:
    """The minimum over blocks of ``f`` px, then over a square of ``radius_px`` of those blocks."""
    if f > 1:
        d = -F.max_pool2d(-d, kernel_size=f, stride=f, ceil_mode=True)
    r = max(1, round(radius_px / f))
    return -F.max_pool2d(F.pad(-d, (r, r, r, r), mode="replicate"), kernel_size=2 * r + 1, stride=1)


def _blocks(radius_px: float, size: tuple[int, int], frame: tuple[int, int, int, int] | None) -> tuple[int, int, int]:
    """The block size for a window of ``size`` and the whole photo's rows and columns of its
    first block before the window (``frame``: ``OpContext.frame``), so a part's blocks lie where
    the whole photo's do."""
    if frame is None:
        return _block(radius_px, size), 0, 0
    f = _block(radius_px, (frame[0], frame[1]))
    return f, frame[2] % f, frame[3] % f


def dark_channel(x: Tensor, haze: Tensor, radius_px: float, frame: tuple[int, int, int, int] | None = None) -> Tensor:
    """``min`` over a square patch of ``radius_px`` of ``min_c(x / haze)``, ``(B, 1, H, W)``:
    the patch minimum is taken on blocks of about a third of the radius, then upsampled."""
    h, w = x.shape[-2:]
    d = (x / haze.reshape(-1, 3, 1, 1).clamp_min(0.05)).amin(dim=1, keepdim=True)
    f, oy, ox = _blocks(radius_px, (h, w), frame)
    if oy or ox:
        d = F.pad(d, (ox, 0, oy, 0), mode="replicate")
    d = _patch_min(d, radius_px, f)
    if f > 1:
        d = F.interpolate(d, scale_factor=f, mode="bilinear", align_corners=False)
    return d[..., oy:oy + h, ox:ox + w]


def dehaze(x: Tensor, amount: Tensor, haze: Tensor, long_side: int,
           frame: tuple[int, int, int, int] | None = None) -> Tensor:
    """``x`` with ``amount`` (0-1) of its haze of colour ``haze`` ``(B, 3)`` removed, or (below 0)
    a veil of it added; 0 returns ``x`` unchanged."""
    if not bool((amount != 0).any()) and not amount.requires_grad:
        return x
    a = per_batch(amount, x)
    air = haze.to(x).reshape(-1, 3, 1, 1)
    out = x
    if bool((amount > 0).any()) or amount.requires_grad:
        radius = patch_radius(long_side)
        dark = dark_channel(x, haze.to(x), radius, frame)
        dark = fast_guided(luminance(x), dark, REFINE * radius, REFINE_EPS, frame).clamp(0.0, 1.0)
        t = (1.0 - KEEP * a.clamp_min(0.0) * dark).clamp_min(T0)
        out = (x - air) / t + air
    out = out + (air - out) * (VEIL * (-a).clamp_min(0.0))
    return out.clamp(0.0, 1.0)


def haze_colour(rgb: np.ndarray, side: int = 256) -> list[float]:
    """The colour of the haze in ``rgb`` (any size, uint8/uint16/float in [0, 1]): the mean
    colour of the 0.1 % of pixels whose dark channel is highest (He et al.), measured on a copy
    at most ``side`` px long, each channel kept in [0.5, 1]."""
    img = np.asarray(rgb)[..., :3]
    if img.dtype == np.uint8:
        img = img.astype(np.float32) / 255.0
    elif img.dtype == np.uint16:
        img = img.astype(np.float32) / 65535.0
    img = np.ascontiguousarray(np.clip(img, 0.0, 1.0), dtype=np.float32)
    h, w = img.shape[:2]
    s = min(1.0, side / max(h, w))
    if s < 1.0:
        img = cv2.resize(img, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    r = max(1, round(PATCH_PERCENT * max(img.shape[:2]) / 100.0))
    dark = cv2.erode(img.min(axis=2), np.ones((2 * r + 1, 2 * r + 1), np.uint8), borderType=cv2.BORDER_REPLICATE)
    n = max(1, dark.size // 1000)
    top = np.argpartition(dark.ravel(), dark.size - n)[-n:]
    colour = img.reshape(-1, 3)[top].mean(axis=0)
    return [float(v) for v in np.clip(colour, 0.5, 1.0)]


class Dehaze(Operation):
    name = "dehaze"
    label = "Dehaze"
    strengths = ("amount",)
    measured = ("haze",)
    description = "Cut through haze, fog or smog for clearer, deeper colours (below 0: add a haze)."
    params = (
        ParamSpec("amount", -1.0, 1.0, 0.0, "", "above 0 removes haze, below 0 adds a veil of it"),
        ParamSpec("haze", 0.0, 1.0, DEFAULT_HAZE, "RGB", "the haze's colour, measured from the photo",
                  kind="color", shape=(3,)),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return dehaze(x, params["amount"], params["haze"], ctx.long_side, ctx.frame)

    @classmethod
    def apply_fast(cls, img: np.ndarray, params: Mapping[str, ParamValue], ctx: OpContext) -> np.ndarray:
        """The same, with the transmission refined by :func:`~.filters.fast_guided_np` and the
        full-resolution arithmetic in place on the channels-last image (one image-sized output)."""
        amount = float(params["amount"])  # type: ignore[arg-type]
        haze = [float(v) for v in params["haze"]]  # type: ignore[union-attr]
        air = torch.tensor(haze, dtype=torch.float32)
        x = hwc(img)
        if amount <= 0:
            out = x + (air - x).mul_(VEIL * -amount)
            return out.clamp_(0.0, 1.0).numpy()
        h, w = img.shape[:2]
        radius = patch_radius(ctx.long_side)
        f, oy, ox = _blocks(radius, (h, w), ctx.frame)
        inv = [1.0 / max(v, 0.05) for v in haze]
        d = x[..., 0] * inv[0]
        torch.minimum(d, x[..., 1] * inv[1], out=d)
        torch.minimum(d, x[..., 2] * inv[2], out=d)
        d = d[None, None]
        if oy or ox:  # the whole photo's blocks
            d = F.pad(d, (ox, 0, oy, 0), mode="replicate")
        small = _patch_min(d, radius, f)[0, 0].numpy()
        del d
        dark = upsample_np(small, f, (h, w), (oy, ox)) if f > 1 else small[oy:oy + h, ox:ox + w]
        t = torch.from_numpy(fast_guided_np(luminance_np(img), dark, REFINE * radius, REFINE_EPS, ctx.frame))
        del dark
        t = t.clamp_(0.0, 1.0).mul_(-KEEP * amount).add_(1.0).clamp_min_(T0).reciprocal_()
        out = (x - air).mul_(t[..., None]).add_(air)
        return out.clamp_(0.0, 1.0).numpy()

    @classmethod
    def measure(cls, image: np.ndarray, exif: bytes | None = None) -> dict[str, ParamValue]:
        return {"haze": haze_colour(image)}

    @classmethod
    def is_identity(cls, values: Mapping[str, object]) -> bool:
        return float(cls.validate(values)["amount"]) == 0.0  # type: ignore[arg-type]

    @classmethod
    def reach(cls, params: Mapping[str, ParamValue], long_side: int) -> int:
        r = patch_radius(long_side)
        return int(2 * r) + guided_reach(REFINE * r, long_side) + 4
