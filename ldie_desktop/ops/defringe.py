"""Defringe: purple and green colour fringes along bright edges taken out, Lightroom's Defringe
sliders (Lens Corrections) and darktable's defringe module.

A lens that does not bring every colour to one focus (axial chromatic aberration) leaves a purple
or magenta seam on the dark side of bright edges (branches against a white sky, a window frame,
chrome), and a green one where the focus falls behind. A lens profile does not remove it (the
profile corrects the *lateral* aberration, colours scaled apart towards the corners, which
:mod:`.lens` handles); editors find it in the photo instead. So does this operation:

* the edge zone: pixels near a highlight (the brightest value within ``r``, a fixed fraction of
  the long side, above about 0.55-0.85), clearly darker than it and brighter than something
  within ``2 r`` (a seam lies between the highlight and a dark thing), grown by ``r`` and softened
  by a box of ``r + 1`` so the correction has no visible border;
* the hue: the pixel's hue within ``width`` degrees of the fringe's (purple about 285, green
  about 120; hue 0 is red, 120 green, 240 blue), weighted by ``cos``, fading in with chroma;
* there, the colour is moved towards grey at the pixel's own luminance by ``amount x zone x
  hue``, so the fringe's brightness stays and its colour goes.

* where most of the surroundings (``CONTEXT x r`` each way) are of the fringe's hue, the colour
  is the thing's own (grass, a field of lavender) and stays.

Purple things away from bright edges keep their colour, and so does the edge of a purple flower
against a white sky (nothing darker lies along it); a purple thing beside both a highlight and
something dark can lose a band of colour about ``r`` wide along its edge, as it does in
Lightroom (mask the layer to keep it).
"""

from __future__ import annotations

import math
from typing import Mapping

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from .filters import luminance_np
from .spec import OpContext, Operation, ParamSpec, ParamValue, luminance, per_batch

#: The fringe search radius, percent of the long side, and its floor in pixels.
RADIUS_PERCENT = 0.15
MIN_RADIUS_PX = 2
#: A highlight nearby: its brightness ramps the zone in between these; the pixel is in the zone
#: when it is this much darker than that highlight (ramping in between).
BRIGHT = (0.55, 0.85)
DARKER = (0.08, 0.25)
#: ... and brighter than something within ``2 r`` (the dark thing the seam runs along): a purple
#: flower against the sky has nothing darker round its edge.
BRIGHTER = (0.03, 0.1)
#: Chroma (of the opponent colour, 0-1 scale) below which a pixel has no hue to speak of.
GREY = (0.01, 0.04)
#: Half the width of each fringe's hue range, in degrees.
HUE_WIDTH = 45.0
#: The surroundings a seam is told from a thing by: this many radii round a pixel; the share
#: of them in the fringe's hue above which the colour is the thing's own (ramping in between).
CONTEXT = 8
OWN_COLOUR = (0.45, 0.75)


def defringe_radius(long_side: int) -> int:
    return max(MIN_RADIUS_PX, int(round(RADIUS_PERCENT * long_side / 100.0)))


def _ramp(t: Tensor, lo: float, hi: float) -> Tensor:
    u = ((t - lo) / (hi - lo)).clamp(0.0, 1.0)
    return u * u * (3.0 - 2.0 * u)


def _max(t: Tensor, r: int) -> Tensor:
    """The largest value within ``r`` (a square), as two separable passes."""
    t = F.max_pool2d(t, (1, 2 * r + 1), stride=1, padding=(0, r))
    return F.max_pool2d(t, (2 * r + 1, 1), stride=1, padding=(r, 0))


def _box(t: Tensor, r: int) -> Tensor:
    """The mean within ``r`` (a square, the border's missing pixels left out), separably."""
    t = F.avg_pool2d(t, (1, 2 * r + 1), stride=1, padding=(0, r), count_include_pad=False)
    return F.avg_pool2d(t, (2 * r + 1, 1), stride=1, padding=(r, 0), count_include_pad=False)


def edge_zone(y: Tensor, radius: int) -> Tensor:
    """``(B, 1, H, W)`` in 0..1: where fringes can be, along the dark side of bright edges."""
    peak, valley = _max(y, radius), -_max(-y, 2 * radius)
    zone = _ramp(peak, *BRIGHT) * _ramp(peak - y, *DARKER) * _ramp(y - valley, *BRIGHTER)
    return _box(_max(zone, radius), max(1, radius // 2))


def _opponent(x: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    """The opponent colour ``(a, c)`` (red-cyan, green-blue) and its length, the chroma."""
    r, g, b = x[:, 0:1], x[:, 1:2], x[:, 2:3]
    a, c = r - 0.5 * (g + b), (math.sqrt(3.0) / 2.0) * (g - b)
    return a, c, torch.sqrt(a * a + c * c + 1e-12)


def hue_weight(x: Tensor, hue: Tensor, width: float = HUE_WIDTH,
               opponent: tuple[Tensor, Tensor, Tensor] | None = None) -> Tensor:
    """``(B, 1, H, W)`` in 0..1: how near each pixel's hue is to ``hue`` (degrees, per batch),
    1 at it and 0 from ``width`` degrees away, faded out on near-greys."""
    a, c, chroma = _opponent(x) if opponent is None else opponent
    h = torch.deg2rad(per_batch(hue, a))
    cos_d = (a * torch.cos(h) + c * torch.sin(h)) / chroma
    edge = math.cos(math.radians(width))
    return ((cos_d - edge) / (1.0 - edge)).clamp(0.0, 1.0) * _ramp(chroma, *GREY)


def _grid_start(frame: tuple[int, int, int, int] | None, radius: int) -> tuple[int, int]:
    """The first row and column of the coarse grid in a window of the photo (``OpContext.frame``)
    that fall on the whole photo's grid of every ``radius``-th pixel, so that a part renders as
    the same part of the whole (a 100 % view, an export by bands)."""
    if frame is None:
        return 0, 0
    return (-frame[2]) % radius, (-frame[3]) % radius


def _surroundings(x: Tensor, hue: Tensor, radius: int, rows: Tensor, cols: Tensor,
                  start: tuple[int, int] = (0, 0)) -> Tensor:
    """The share of pixels near ``hue`` within about ``CONTEXT x radius`` of the pixels at
    ``rows``, ``cols`` (float tensors of pixel positions, ``(B, N)``): the hue weights of every
    ``radius``-th pixel of ``x`` from ``start`` averaged over ``CONTEXT`` of those samples each
    way, read back bilinearly. ``(B, 1, 1, N)``. A wide count; it need not be exact, only the
    same everywhere."""
    small = _box(hue_weight(x[:, :3, start[0]::radius, start[1]::radius], hue), CONTEXT)
    hs, ws = small.shape[-2:]
    gy = (rows - start[0]) / radius * (2.0 / max(hs - 1, 1)) - 1.0
    gx = (cols - start[1]) / radius * (2.0 / max(ws - 1, 1)) - 1.0
    grid = torch.stack([gx, gy], -1)[:, None].to(small.dtype)  # (B, 1, N, 2)
    return F.grid_sample(small, grid, mode="bilinear", padding_mode="border", align_corners=True)


def _take(rgb: Tensor, sample: Tensor, amounts: list[tuple[Tensor, Tensor]], radius: int, rows: Tensor,
          cols: Tensor, start: tuple[int, int] = (0, 0)) -> Tensor:
    """How much colour each pixel ``sample`` (``(B, 3, 1, N)``, at ``rows``, ``cols`` of ``rgb``)
    loses, before the edge zone: per fringe, its amount times the pixel's nearness to the hue,
    where the hue is not the surroundings' own (grass, a purple flower)."""
    opponent = _opponent(sample)
    take = torch.zeros_like(opponent[2])
    for amount, hue in amounts:
        w = hue_weight(sample, hue, opponent=opponent)
        own = _ramp(_surroundings(rgb, hue, radius, rows, cols, start), *OWN_COLOUR)
        take = take + per_batch(amount, w) * w * (1.0 - own)
    return take


def _active(params: Mapping[str, Tensor]) -> list[tuple[Tensor, Tensor]]:
    pairs = ((params["purple"], params["purple_hue"]), (params["green"], params["green_hue"]))
    return [(a, h) for a, h in pairs if bool((a != 0).any()) or a.requires_grad]


def defringe(x: Tensor, params: Mapping[str, Tensor], long_side: int,
             frame: tuple[int, int, int, int] | None = None) -> Tensor:
    """``x`` with purple and green fringes along bright edges moved towards grey by the
    ``purple`` and ``green`` amounts (0..1); both 0 return ``x``. ``frame``: ``x`` is that
    window of a larger photo (``OpContext.frame``)."""
    amounts = _active(params)
    if not amounts:
        return x
    b, _, h, w = x.shape
    rgb = x[:, :3]
    y = luminance(rgb)
    radius = defringe_radius(long_side)
    zone = edge_zone(y, radius)
    rows = torch.arange(h, dtype=x.dtype, device=x.device)[:, None].expand(h, w).reshape(1, -1).expand(b, -1)
    cols = torch.arange(w, dtype=x.dtype, device=x.device)[None, :].expand(h, w).reshape(1, -1).expand(b, -1)
    take = _take(rgb, rgb.reshape(b, 3, 1, h * w), amounts, radius, rows, cols,
                 _grid_start(frame, radius)).reshape(b, 1, h, w)
    keep = 1.0 - (zone * take).clamp(0.0, 1.0)
    out = (y + (rgb - y) * keep).clamp(0.0, 1.0)
    return torch.cat([out, x[:, 3:]], 1) if x.shape[1] > 3 else out


def _edge_zone_np(y: np.ndarray, radius: int) -> np.ndarray:
    """:func:`edge_zone` with OpenCV's morphology (its dilation is fast at any size)."""
    kernel = np.ones((2 * radius + 1, 2 * radius + 1), np.uint8)
    peak = torch.from_numpy(cv2.dilate(y, kernel))
    valley = torch.from_numpy(cv2.erode(y, np.ones((4 * radius + 1, 4 * radius + 1), np.uint8)))
    lum = torch.from_numpy(y)
    zone = (_ramp(peak, *BRIGHT) * _ramp(peak - lum, *DARKER) * _ramp(lum - valley, *BRIGHTER)).numpy()
    zone = cv2.dilate(zone, kernel)
    soft = max(1, radius // 2)
    total = cv2.boxFilter(zone, -1, (2 * soft + 1, 2 * soft + 1), normalize=False, borderType=cv2.BORDER_CONSTANT)
    rows, cols = y.shape

    def count(n: int) -> np.ndarray:  # pixels of the window inside the image along one axis
        i = np.arange(n)
        return (np.minimum(i + soft, n - 1) - np.maximum(i - soft, 0) + 1).astype(np.float32)

    return total / np.outer(count(rows), count(cols))


#: The fringe colours' hue ranges (the hue sliders' ends), degrees.
PURPLE_HUES = (240.0, 330.0)
GREEN_HUES = (60.0, 180.0)


def fringe_colour(patch: np.ndarray) -> np.ndarray | None:
    """The most colourful pixel (0-1 RGB) of ``patch`` (``(H, W, 3)`` float, the pixels round a
    click), as Lightroom's fringe colour selector samples a fringe a few pixels wide; None when
    all of it is grey."""
    px = np.asarray(patch, np.float32).reshape(-1, 3)
    a, c = px[:, 0] - 0.5 * (px[:, 1] + px[:, 2]), (math.sqrt(3.0) / 2.0) * (px[:, 1] - px[:, 2])
    chroma = np.hypot(a, c)
    best = int(np.argmax(chroma))
    return px[best] if chroma[best] >= GREY[1] else None


def picked_fringe(colour: np.ndarray, params: Mapping[str, ParamValue]) -> tuple[dict[str, ParamValue], str]:
    """The Defringe parameters after a fringe of ``colour`` is picked: its hue becomes the
    purple or the green range's (the one it lies in), and that range's amount, if 0, full. With
    a short description. ``ValueError`` (a one-line reason) for a colour that is no fringe's."""
    r, g, b = (float(v) for v in colour[:3])
    hue = math.degrees(math.atan2((math.sqrt(3.0) / 2.0) * (g - b), r - 0.5 * (g + b))) % 360.0
    for name, (lo, hi) in (("purple", PURPLE_HUES), ("green", GREEN_HUES)):
        if lo <= hue <= hi:
            amount = float(params.get(name, 0.0)) or 1.0  # type: ignore[arg-type]
            return {name: amount, f"{name}_hue": round(hue)}, f"{name} fringes at hue {hue:.0f} deg"
    raise ValueError(f"That colour (hue {hue:.0f} deg) is neither purple nor green; click on a coloured fringe "
                     "along a bright edge (zoom in to see it).")


class Defringe(Operation):
    name = "defringe"
    label = "Defringe"
    description = ("Remove purple and green colour fringes along bright edges (branches against the sky, window "
                   "frames), the seams a lens leaves that a lens profile does not correct.")
    strengths = ("purple", "green")
    params = (
        ParamSpec("purple", 0.0, 1.0, 0.0, "", "how much of the purple or magenta fringes to take out", step=0.01),
        ParamSpec("green", 0.0, 1.0, 0.0, "", "how much of the green fringes to take out", step=0.01),
        ParamSpec("purple_hue", 240.0, 330.0, 285.0, "°", "the purple fringes' hue (240 blue, 300 magenta)",
                  step=1.0, group="Hues"),
        ParamSpec("green_hue", 60.0, 180.0, 120.0, "°", "the green fringes' hue (60 yellow, 180 cyan)", step=1.0,
                  group="Hues"),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        return defringe(x, params, ctx.long_side, ctx.frame)

    @classmethod
    def apply_fast(cls, img: np.ndarray, params: Mapping[str, ParamValue], ctx: OpContext) -> np.ndarray:
        """The same, with the edge zone by OpenCV's morphology and the colours worked out only
        for the pixels in it (a few percent of a photo). ``img``: (H, W, 3 or 4)."""
        out = np.array(img, dtype=np.float32, copy=True)
        amounts = _active({k: torch.tensor([float(v)]) for k, v in params.items()})  # type: ignore[arg-type]
        if not amounts:
            return out
        h, w, channels = out.shape
        y = luminance_np(out[..., :3])
        radius = defringe_radius(ctx.long_side)
        zone = _edge_zone_np(y, radius).reshape(-1)
        at = np.flatnonzero(zone > 0)
        if not at.size:
            return out
        flat = out.reshape(-1, channels)
        rows = torch.from_numpy((at // w).astype(np.float32))[None]
        cols = torch.from_numpy((at % w).astype(np.float32))[None]
        pixels = torch.from_numpy(flat[at, :3]).T.reshape(1, 3, 1, -1)
        oy, ox = _grid_start(ctx.frame, radius)
        small = torch.from_numpy(np.ascontiguousarray(out[oy::radius, ox::radius, :3])).permute(2, 0, 1)[None]
        take = _take(small, pixels, amounts, 1, (rows - oy) / radius, (cols - ox) / radius).reshape(-1).numpy()
        keep = 1.0 - np.clip(zone[at] * take, 0.0, 1.0)
        lum = y.reshape(-1)[at, None]
        flat[at, :3] = np.clip(lum + (flat[at, :3] - lum) * keep[:, None], 0.0, 1.0)
        return out

    @classmethod
    def reach(cls, params: Mapping[str, ParamValue], long_side: int) -> int:
        r = defringe_radius(long_side)
        return max(3 * r + max(1, r // 2), (CONTEXT + 1) * r) + 1
