"""Spot removal: dust on the sensor, a blemish, a hair or a scratch healed from what is round it
(Lightroom's Spot Removal, darktable's retouch, GIMP's heal and clone tools).

Its mask is a list of spots, each a radius and a path (a click's point, a drag's line) kept in
the layer's place as fractions of the photo (``document.mask.spots_words``), so they land on the
same part of the photo at any size, and of another photo they are synced to, where sensor dust
sits too. Pixels outside the spots are never touched. Three ways to fill a spot, as Lightroom has:

* **Content-aware** (the default): PatchMatch, the object removal's fill, on a crop of its own at
  full resolution, blending into the photo over a soft edge.
* **Heal**: the texture of a source spot nearby, its colour and light made those of the spot's
  own edge (the difference between the spot's surroundings and the source's, smoothed across
  the spot: a membrane), so it disappears into what is round it.
* **Clone**: the source copied as it is, over the same soft edge.

A spot's source is kept with it in the words (``from dx dy``: an offset, as fractions of the
photo's width and height, that the tool's source circle shows and moves); a spot with none has
one chosen (:func:`pick_source`) where its surroundings match best. "remove the dust spots"
finds spots (``autofix.dust_spots``); the Spot removal tool (Q) adds and removes them by hand.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import cv2
import numpy as np
import torch
from torch import Tensor

from ._spots import SPOT_FEATHER, Source, Spot, spot_field
from .inpaint_obj import InpaintObj
from .spec import OpContext, ParamSpec

#: The ways a spot is filled (the ``method`` parameter; 0 and 1 are the object removal's).
METHODS = ("content-aware", "fast", "heal", "clone")
HEAL, CLONE = 2, 3
#: Where :func:`pick_source` looks: source spots this many radii from the spot, in 16 directions.
SOURCE_DISTANCES = (2.4, 3.2, 4.2)
#: The radius (pixels) a spot is measured at when its source is chosen: the choice is the same at
#: any size of the photo.
PICK_RADIUS = 8.0


def _path_px(spot: Spot, h: int, w: int, frame: tuple[int, int, int, int] | None) -> tuple[float, np.ndarray]:
    """A spot's radius and path in pixels of an ``h x w`` input that is the window ``frame``
    (``(full_h, full_w, y0, x0)``) of a larger rendering, or the whole one."""
    fh, fw, y0, x0 = frame if frame is not None else (h, w, 0, 0)
    radius, path = spot
    pts = np.asarray(path, np.float64).reshape(-1, 2) * (fw, fh) - (x0, y0)
    return max(float(radius) * max(fh, fw), 0.5), pts


def spot_boxes(spots: Sequence[Spot], h: int, w: int) -> np.ndarray:
    """``(n, 4)`` each spot's box with its soft edge (x0, y0, x1, y1, pixels of an ``h x w``
    photo): which spots lie near a place, without drawing them all."""
    out = np.empty((len(spots), 4), np.float64)
    for i, spot in enumerate(spots):
        r, pts = _path_px(spot, h, w, None)
        reach = r * (1.0 + SPOT_FEATHER) + 1.0
        out[i] = (pts[:, 0].min() - reach, pts[:, 1].min() - reach, pts[:, 0].max() + reach, pts[:, 1].max() + reach)
    return out


def pick_sources(img: np.ndarray, spots: Sequence[Spot], indices: Sequence[int]) -> list[Source]:
    """:func:`pick_source` for each of ``indices``, the spots' boxes measured once."""
    boxes = spot_boxes(spots, *img.shape[:2])
    return [pick_source(img, spots, i, boxes) for i in indices]


def pick_source(img: np.ndarray, spots: Sequence[Spot], index: int, boxes: np.ndarray | None = None) -> Source:
    """Where spot ``index`` of ``spots`` is best copied from on ``img`` (``(H, W, 3)``, uint8 or
    float, the whole photo at any size): of source spots :data:`SOURCE_DISTANCES` radii away in 16
    directions, inside the photo and clear of every spot, the one whose edge ring looks most like
    the spot's own ring (light, colour and texture) and has the least detail inside to carry over.
    An offset as fractions of the photo's width and height; measured with the spot at
    :data:`PICK_RADIUS` pixels, so a preview and the full photo choose alike. ``boxes``: the
    spots' :func:`spot_boxes`, when the caller picks for many of them."""
    h, w = img.shape[:2]
    r, pts = _path_px(spots[index], h, w, None)
    scale = min(1.0, PICK_RADIUS / r)
    rs, ps = r * scale, pts * scale
    far = max(SOURCE_DISTANCES) * rs + rs * (1.0 + SPOT_FEATHER) + 4.0
    bx0, by0 = int(max(0, np.floor(ps[:, 0].min() - far))), int(max(0, np.floor(ps[:, 1].min() - far)))
    bx1 = int(min(np.ceil(w * scale), np.ceil(ps[:, 0].max() + far)))
    by1 = int(min(np.ceil(h * scale), np.ceil(ps[:, 1].max() + far)))
    x0, y0, x1, y1 = (int(v / scale) for v in (bx0, by0, bx1, by1))
    crop = np.asarray(img[y0:min(h, y1 + 1), x0:min(w, x1 + 1)], np.float32)
    if img.dtype == np.uint8:
        crop = crop / 255.0
    size = (max(1, bx1 - bx0), max(1, by1 - by0))
    small = cv2.resize(crop, size, interpolation=cv2.INTER_AREA) if scale < 1.0 else crop[: size[1], : size[0]]
    ch, cw = small.shape[:2]
    local = ps - (bx0, by0)
    taken = np.zeros((ch, cw), np.float32)  # every spot near: no source may copy one
    boxes = spot_boxes(spots, h, w) if boxes is None else boxes
    near = np.flatnonzero((boxes[:, 2] >= x0) & (boxes[:, 0] <= x1) & (boxes[:, 3] >= y0) & (boxes[:, 1] <= y1))
    for i in near:
        sr, sp = _path_px(spots[i], h, w, None)
        spot_field(taken, sr * scale, sp * scale - (bx0, by0))
    ring = spot_field(np.zeros((ch, cw), np.float32), rs * 1.6, local) - spot_field(
        np.zeros((ch, cw), np.float32), rs, local)  # the spot's surroundings, just outside it
    ring = ring > 0.25
    lum = small.mean(axis=2)
    detail = np.abs(cv2.Laplacian(lum, cv2.CV_32F, ksize=3))
    ys, xs = np.nonzero(ring)
    inside = np.nonzero(spot_field(np.zeros((ch, cw), np.float32), rs, local) > 0.5)
    target = small[ys, xs]
    best, best_score = None, np.inf
    for k in SOURCE_DISTANCES:
        for angle in np.arange(16) * (np.pi / 8):
            dx, dy = round(k * rs * np.cos(angle)), round(k * rs * np.sin(angle))
            sy, sx = ys + dy, xs + dx
            iy, ix = inside[0] + dy, inside[1] + dx
            if min(sy.min(initial=0), iy.min(initial=0), sx.min(initial=0), ix.min(initial=0)) < 0 or \
                    max(sy.max(initial=0), iy.max(initial=0)) >= ch or max(sx.max(initial=0), ix.max(initial=0)) >= cw:
                continue  # off the photo
            if taken[iy, ix].max(initial=0.0) > 0.05:
                continue  # it would copy a spot
            score = float(np.abs(small[sy, sx] - target).mean()) + 0.5 * float(detail[iy, ix].mean()) + 0.002 * k
            if score < best_score:
                best, best_score = (dx, dy), score
    if best is None:  # nowhere clear nearby: the nearest place to one side
        best = (round(SOURCE_DISTANCES[0] * rs), 0) if local[:, 0].max() + 3 * rs < cw else (-round(SOURCE_DISTANCES[0] * rs), 0)
    return best[0] / scale / w, best[1] / scale / h


def source_reach(spot: Spot, source: Source | None, h: int, w: int) -> float:
    """How far (pixels of an ``h x w`` rendering) a heal or clone of ``spot`` reads from it."""
    r, _ = _path_px(spot, h, w, None)
    if source is None:
        return max(SOURCE_DISTANCES) * r + r * (1.0 + SPOT_FEATHER) * 2 + 4.0
    return float(np.hypot(source[0] * w, source[1] * h)) + r * (1.0 + SPOT_FEATHER) * 1.6 + 4.0


def copy_spot(img: np.ndarray, spot: Spot, source: Source, heal: bool,
              frame: tuple[int, int, int, int] | None = None) -> None:
    """Heal (``heal``) or clone ``spot`` of ``img`` (float32 ``(H, W, 3)``, changed in place) from
    ``source``, over all of the spot's soft edge (which the rendering blends by the layer's mask,
    the spots' own); ``frame`` when ``img`` is a window of a larger rendering."""
    h, w = img.shape[:2]
    fh, fw = (frame[0], frame[1]) if frame is not None else (h, w)
    r, pts = _path_px(spot, h, w, frame)
    dx, dy = int(round(source[0] * fw)), int(round(source[1] * fh))
    outer = r * (1.0 + SPOT_FEATHER) + 2.0
    ring_out = r * 1.6 + 2.0 if heal else outer
    x0, y0 = int(np.floor(pts[:, 0].min() - ring_out)), int(np.floor(pts[:, 1].min() - ring_out))
    x1, y1 = int(np.ceil(pts[:, 0].max() + ring_out)), int(np.ceil(pts[:, 1].max() + ring_out))
    # the box, cut to where both it and its source lie in the input
    x0, y0 = max(x0, 0, -dx), max(y0, 0, -dy)
    x1, y1 = min(x1, w, w - dx), min(y1, h, h - dy)
    if x0 >= x1 or y0 >= y1:
        return
    local = pts - (x0, y0)
    m = spot_field(np.zeros((y1 - y0, x1 - x0), np.float32), r, local)[..., None]
    if not m.any():
        return
    target = img[y0:y1, x0:x1]
    src = img[y0 + dy:y1 + dy, x0 + dx:x1 + dx].copy()
    if heal:  # the source's colour and light made the spot's own: their difference round it, carried across
        ring = spot_field(np.zeros(m.shape[:2], np.float32), r * 1.6, local) * (1.0 - m[..., 0])
        sigma = max(1.0, 0.5 * r)
        diff = cv2.GaussianBlur((target - src) * ring[..., None], (0, 0), sigma)
        weight = cv2.GaussianBlur(ring, (0, 0), sigma)[..., None]
        src = src + diff / np.maximum(weight, 1e-4)
    np.copyto(target, src, where=m > 0)  # the layer's soft mask (the spots') blends it in


class SpotRemoval(InpaintObj):
    name = "spot_removal"
    label = "Spot removal"
    description = ("Heal dust spots, blemishes and scratches from their surroundings: click a spot with the "
                   "Spot removal tool (Q), drag along a scratch.")
    own_place = "the dust spots"  # found by their look (``Planner.select``) when a request asks
    params = (
        ParamSpec("method", 0, 3, 0, "", "Content-aware fills each spot from round it (PatchMatch); Heal copies a "
                  "source spot nearby and matches its colour and light to the spot's edge; Clone copies the source "
                  "as it is; Fast is OpenCV's inpainting", kind="choice", step=1, choices=METHODS),
    )

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        spots = ctx.extra.get("spots")
        method = int(params["method"].flatten()[0])
        if method not in (HEAL, CLONE) or not spots:
            return super().apply(x, params, ctx)
        sources = list(ctx.extra.get("sources") or [])
        sources += [None] * (len(spots) - len(sources))
        out = x.detach().to("cpu", torch.float32).clone()
        for b in range(x.shape[0]):
            img = out[b].permute(1, 2, 0).numpy()  # a view: each spot is written into ``out`` in place
            picked = _Picker(img, spots, ctx.frame)
            for i, spot in enumerate(spots):
                # a spot without a source gets one where it is, as the tool chooses one for a new spot
                copy_spot(img, spot, sources[i] if sources[i] is not None else picked(i), method == HEAL, ctx.frame)
        return out.to(x.device, x.dtype)


class _Picker:
    """:func:`pick_source` on ``img``, a window ``frame`` of a larger rendering (spots and sources
    in that rendering's fractions) or the whole one; the spots' boxes measured once."""

    def __init__(self, img: np.ndarray, spots: Sequence[Spot], frame: tuple[int, int, int, int] | None) -> None:
        h, w = img.shape[:2]
        self.img, self.frame = img, frame
        if frame is not None:
            fh, fw, y0, x0 = frame
            spots = [(r * max(fh, fw) / max(h, w), tuple(((px * fw - x0) / w, (py * fh - y0) / h) for px, py in path))
                     for r, path in spots]
        self.spots = list(spots)
        self.boxes = spot_boxes(self.spots, h, w)

    def __call__(self, index: int) -> Source:
        sx, sy = pick_source(self.img, self.spots, index, self.boxes)
        if self.frame is None:
            return sx, sy
        h, w = self.img.shape[:2]
        return sx * w / self.frame[1], sy * h / self.frame[0]
