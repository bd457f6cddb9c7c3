"""Lens correction: a lens's barrel or pincushion distortion, its colour fringes at the edges
(lateral chromatic aberration) and its darkened corners (vignetting), Lightroom's Lens
Corrections and darktable's lens correction module.

Each is a radial model about the frame's centre, in radii normalised to half its diagonal (1 at
a corner), so a preview and an export agree:

* distortion: the output pixel at radius ``r`` shows the photo at ``r (1 + k1 r + k2 r^2 +
  k3 r^3)`` (the cubic of the "ptlens" model lens databases use, any scale left to the next
  step), with ``distortion`` (the manual slider, + straightens barrel distortion) adding
  ``-MANUAL_DISTORTION x distortion`` to ``k2``; the frame is then scaled so that it shows as
  much of the photo as it can with no empty edge;
* chromatic aberration: red and blue are sampled ``1 + ca_red`` and ``1 + ca_blue`` times
  further out than green;
* vignetting: light is multiplied by ``1 / (1 + v1 r^2 + v2 r^4 + v3 r^6)`` (the "pa" model
  lens databases use), and by ``2 ** (vignetting x r^2)`` for the manual slider, in linear
  light.

The coefficients (the Profile tab) are measured for a photo's camera and lens from the lensfun
database (``ops/lens_profile.py``) and are then ordinary parameters: the edit file carries
them, no database is needed to render, and a user can adjust them. As every geometric
operation, its geometry renders after the tonal layers (so masks keep to the photo); its
vignetting renders before them (:meth:`Lens.shading`), on the light as the lens let it through,
so a contrast or a curve shapes the evened-out picture, as in a raw converter.
"""

from __future__ import annotations

import math
from typing import Mapping

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from .spec import OpContext, Operation, ParamSpec, ParamValue

#: The manual distortion slider at 1 changes k2 (the r^2 term) by this much.
MANUAL_DISTORTION = 0.05
_VIGN = ("v1", "v2", "v3")
#: The frame's scale is searched in this range (zoom in up to 2x, out to 1/1.5).
_SCALE_RANGE = (0.5, 1.5)


def _f(params: Mapping[str, ParamValue | Tensor], name: str) -> float:
    v = params.get(name, 0.0)
    return float(v.reshape(-1)[0]) if isinstance(v, Tensor) else float(v)  # type: ignore[arg-type]


def radial_coefficients(params: Mapping[str, ParamValue | Tensor]) -> tuple[float, float, float]:
    """``(k1, k2, k3)`` with the manual distortion slider folded in."""
    return (_f(params, "k1"), _f(params, "k2") - MANUAL_DISTORTION * _f(params, "distortion"), _f(params, "k3"))


def _stretch(k: tuple[float, float, float], r2: np.ndarray | Tensor) -> np.ndarray | Tensor:
    """``1 + k1 r^2 + k2 r^4 + k3 r^6`` at ``r2`` = r^2 (vignetting's even polynomial)."""
    return 1.0 + r2 * (k[0] + r2 * (k[1] + r2 * k[2]))


def _bend(k: tuple[float, float, float], r2: np.ndarray | Tensor) -> np.ndarray | Tensor:
    """``1 + k1 r + k2 r^2 + k3 r^3`` at ``r2`` = r^2 (distortion's cubic)."""
    r = r2 ** 0.5
    return 1.0 + r * (k[0] + r * (k[1] + r * k[2]))


def frame_scale(params: Mapping[str, ParamValue | Tensor], size: tuple[int, int]) -> float:
    """The scale of the output frame (in the photo's normalised radii) that shows the most of
    the photo with no empty edge: every point of the output's border, in every colour, must
    land inside the photo. 1 when nothing moves."""
    k = radial_coefficients(params)
    ca = (1.0 + _f(params, "ca_red"), 1.0, 1.0 + _f(params, "ca_blue"))
    if k == (0.0, 0.0, 0.0) and ca == (1.0, 1.0, 1.0):
        return 1.0
    h, w = size
    half = math.hypot(h, w) / 2.0
    ax, ay = (w / 2.0) / half, (h / 2.0) / half  # the half-sides in normalised radii
    t = np.linspace(-1.0, 1.0, 129)
    border = np.concatenate([np.stack([t * ax, np.full_like(t, ay)], 1), np.stack([t * ax, np.full_like(t, -ay)], 1),
                             np.stack([np.full_like(t, ax), t * ay], 1), np.stack([np.full_like(t, -ax), t * ay], 1)])

    def fits(s: float) -> bool:
        p = border * s
        f = _bend(k, (p ** 2).sum(1))
        m = max(ca)
        q = np.abs(p * (f * m)[:, None])
        return bool((q[:, 0] <= ax * (1 + 1e-9)).all() and (q[:, 1] <= ay * (1 + 1e-9)).all() and (f > 0).all())

    lo, hi = _SCALE_RANGE
    if not fits(lo):
        return lo  # a correction this strong cannot fill the frame even zoomed in 2x
    for _ in range(40):  # the largest scale that still fits
        mid = (lo + hi) / 2.0
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo


def vignetting_gain(params: Mapping[str, ParamValue | Tensor], size: tuple[int, int],
                    device: torch.device | str = "cpu") -> Tensor:
    """``(H, W)`` float32: the factor on linear light at each pixel, the profile's
    ``1 / (1 + v1 r^2 + v2 r^4 + v3 r^6)`` times the manual slider's ``2 ** (vignetting r^2)``."""
    rows, cols = size
    half = math.hypot(rows, cols) / 2.0
    ys = ((torch.arange(rows, dtype=torch.float32, device=device) + 0.5 - rows / 2.0) / half)[:, None]
    xs = ((torch.arange(cols, dtype=torch.float32, device=device) + 0.5 - cols / 2.0) / half)[None, :]
    r2 = xs * xs + ys * ys
    gain = 1.0 / _stretch(tuple(_f(params, n) for n in _VIGN), r2).clamp(min=0.05)  # type: ignore[union-attr,arg-type]
    manual = _f(params, "vignetting")
    return gain * torch.exp2(manual * r2) if manual else gain


_TOE_IN, _TOE_OUT = np.float32(0.04045), np.float32(0.0031308)  # sRGB's straight toe, encoded and linear


def _gain_in_linear(x: np.ndarray, gain: np.ndarray, root: np.ndarray | None = None) -> np.ndarray:
    """``(H, W)`` sRGB values with their light multiplied by ``gain``, exactly as decoding,
    multiplying and encoding again would, without a power per pixel: on sRGB's curved part
    the round trip is ``(x + 0.055) gain^(1/2.4) - 0.055``, on its straight toe ``x gain``;
    only the pixels that cross from one part to the other are decoded and encoded. ``root``:
    ``gain ** (1 / 2.4)``, when the caller has it."""
    curved = x > _TOE_IN
    root = np.power(gain, np.float32(1.0 / 2.4), dtype=np.float32) if root is None else root
    out = x + np.float32(0.055)
    out *= root
    out -= np.float32(0.055)
    toe = x * gain
    np.copyto(out, toe, where=~curved)
    # crossings: a dark pixel lifted onto the curve, or a curved one pushed down to the toe
    cross = (~curved & (toe > _TOE_IN)) | (curved & (out <= _TOE_IN))
    if cross.any():
        xs, g = x[cross], gain[cross]
        lin = np.where(xs <= _TOE_IN, xs / np.float32(12.92), ((xs + np.float32(0.055)) / np.float32(1.055)) ** 2.4) * g
        out[cross] = np.where(lin <= _TOE_OUT, lin * np.float32(12.92),
                              np.float32(1.055) * np.maximum(lin, _TOE_OUT) ** np.float32(1 / 2.4) - np.float32(0.055))
    return np.clip(out, 0.0, 1.0, out=out)


class Lens(Operation):
    name = "lens"
    label = "Lens correction"
    description = ("Straighten a lens's barrel or pincushion distortion, remove colour fringes at the edges and "
                   "lighten darkened corners; Auto measures them for the photo's lens.")
    differentiable = False
    geometric = True
    measured = ("k1", "k2", "k3", "v1", "v2", "v3", "ca_red", "ca_blue")
    measured_label = "profile"
    strengths = ("distortion", "vignetting")
    params = (
        ParamSpec("distortion", -1.0, 1.0, 0.0, "", "+ straightens barrel distortion (lines bowed outwards), "
                  "- pincushion (bowed inwards)", step=0.01),
        ParamSpec("vignetting", -1.0, 1.0, 0.0, "stops", "+ lightens the corners, - darkens them", step=0.01),
        ParamSpec("k1", -0.5, 0.5, 0.0, "", "the lens profile's distortion: r term", step=0.001,
                  group="Profile"),
        ParamSpec("k2", -0.5, 0.5, 0.0, "", "the lens profile's distortion: r^2 term (- barrel)", step=0.001,
                  group="Profile"),
        ParamSpec("k3", -0.5, 0.5, 0.0, "", "the lens profile's distortion: r^3 term", step=0.001,
                  group="Profile"),
        ParamSpec("ca_red", -0.01, 0.01, 0.0, "", "red sampled this much further out than green (colour fringes)",
                  step=0.0001, group="Profile"),
        ParamSpec("ca_blue", -0.01, 0.01, 0.0, "", "blue sampled this much further out than green", step=0.0001,
                  group="Profile"),
        ParamSpec("v1", -4.0, 4.0, 0.0, "", "the lens profile's vignetting: r^2 term (- darker corners)",
                  step=0.001, group="Profile"),
        ParamSpec("v2", -4.0, 4.0, 0.0, "", "the lens profile's vignetting: r^4 term", step=0.001, group="Profile"),
        ParamSpec("v3", -4.0, 4.0, 0.0, "", "the lens profile's vignetting: r^6 term", step=0.001, group="Profile"),
    )

    @classmethod
    def shading(cls, params: Mapping[str, ParamValue]) -> tuple[dict[str, ParamValue], dict[str, ParamValue]] | None:
        """The vignetting (the light) apart from the distortion and the fringes (the geometry)."""
        if not any(float(params.get(n, 0.0)) for n in (*_VIGN, "vignetting")):
            return None
        light = {**params, "distortion": 0.0, "k1": 0.0, "k2": 0.0, "k3": 0.0, "ca_red": 0.0, "ca_blue": 0.0}
        shape = {**params, "vignetting": 0.0, **{n: 0.0 for n in _VIGN}}
        return light, shape

    @classmethod
    def apply(cls, x: Tensor, params: Mapping[str, Tensor], ctx: OpContext) -> Tensor:
        """The whole batch with the first element's parameters (a lens is per photo). The first
        three channels are colours; any others (an alpha; a mask carried through the geometry,
        alone) only move as green does."""
        rows, cols = x.shape[-2:]
        half = math.hypot(rows, cols) / 2.0
        ys = ((torch.arange(rows, dtype=torch.float32, device=x.device) + 0.5 - rows / 2.0) / half)[:, None]
        xs = ((torch.arange(cols, dtype=torch.float32, device=x.device) + 0.5 - cols / 2.0) / half)[None, :]
        out = x
        v = tuple(_f(params, n) for n in _VIGN)
        manual = _f(params, "vignetting")
        colour = x.shape[1] >= 3
        if colour and (any(v) or manual):
            gain = vignetting_gain(params, (rows, cols), device=x.device).to(x.dtype)
            from kornia.color import linear_rgb_to_rgb, rgb_to_linear_rgb

            lit = linear_rgb_to_rgb((rgb_to_linear_rgb(out[:, :3]) * gain).clamp(0.0, 1.0))
            out = torch.cat([lit, out[:, 3:]], 1) if x.shape[1] > 3 else lit
        k = radial_coefficients(params)
        ca = (_f(params, "ca_red"), _f(params, "ca_blue")) if colour else (0.0, 0.0)
        s = frame_scale(params, (rows, cols))
        if k == (0.0, 0.0, 0.0) and ca == (0.0, 0.0) and s == 1.0:
            return out
        px, py = xs * s, ys * s
        f = _bend(k, px * px + py * py)
        # grid_sample's coordinates: -1..1 across the width and the height
        gx, gy = px * f * (half / (cols / 2.0)), py * f * (half / (rows / 2.0))
        b = x.shape[0]

        def sample(img: Tensor, scale: float) -> Tensor:
            grid = torch.stack([(gx * scale).expand(rows, cols), (gy * scale).expand(rows, cols)], -1).to(x.dtype)
            return F.grid_sample(img, grid.unsqueeze(0).expand(b, rows, cols, 2), mode="bilinear",
                                 padding_mode="border", align_corners=False)

        if ca == (0.0, 0.0):
            return sample(out, 1.0)
        return torch.cat([sample(out[:, 0:1], 1.0 + ca[0]), sample(out[:, 1:2], 1.0),
                          sample(out[:, 2:3], 1.0 + ca[1]), *([sample(out[:, 3:], 1.0)] if x.shape[1] > 3 else [])], 1)

    @classmethod
    def apply_fast(cls, img: np.ndarray, params: Mapping[str, ParamValue], ctx: OpContext) -> np.ndarray | None:
        """The same with OpenCV: the vignetting in closed form on sRGB's two parts
        (:func:`_gain_in_linear`) and the geometry by ``cv2.remap`` (a channel at a time when the colours
        part), several times faster at 24 MP. ``img`` is (H, W, 3 or 4: an alpha)."""
        rows, cols = img.shape[:2]
        out = img
        v = tuple(_f(params, n) for n in _VIGN)
        manual = _f(params, "vignetting")
        if any(v) or manual:
            gain = vignetting_gain(params, (rows, cols)).numpy()
            root = np.power(gain, np.float32(1.0 / 2.4), dtype=np.float32)
            lit = np.empty((rows, cols, 3), np.float32)
            for c in range(3):
                lit[..., c] = _gain_in_linear(np.ascontiguousarray(img[..., c]), gain, root)
            out = lit if img.shape[2] == 3 else np.concatenate([lit, img[..., 3:]], axis=2)
        k = radial_coefficients(params)
        ca = (_f(params, "ca_red"), _f(params, "ca_blue"))
        if k == (0.0, 0.0, 0.0) and ca == (0.0, 0.0):
            return out if out is not img else img.copy()
        half = math.hypot(rows, cols) / 2.0
        s = frame_scale(params, (rows, cols))
        ys = ((np.arange(rows, dtype=np.float32) + 0.5 - rows / 2.0) / half * s)[:, None]
        xs = ((np.arange(cols, dtype=np.float32) + 0.5 - cols / 2.0) / half * s)[None, :]
        f = _bend(k, xs * xs + ys * ys).astype(np.float32)  # type: ignore[union-attr]

        def remap(plane: np.ndarray, scale: float) -> np.ndarray:
            # the output pixel's centre at (u, v) in the photo's pixels; OpenCV's pixel i is at i
            mx = (xs * f) * np.float32(half * scale) + np.float32(cols / 2.0 - 0.5)
            my = (ys * f) * np.float32(half * scale) + np.float32(rows / 2.0 - 0.5)
            return cv2.remap(np.ascontiguousarray(plane), mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)

        if ca == (0.0, 0.0):
            return remap(out, 1.0)
        planes = [remap(out[..., 0], 1.0 + ca[0]), remap(out[..., 1], 1.0), remap(out[..., 2], 1.0 + ca[1])]
        planes += [remap(out[..., c], 1.0) for c in range(3, out.shape[2])]
        return np.stack(planes, axis=2)

    @classmethod
    def measure(cls, image: np.ndarray, exif: bytes | None = None) -> dict[str, ParamValue]:
        """The profile of the lens the photo's EXIF names (:mod:`.lens_profile`), for a photo of
        ``image``'s shape; all zeros when there is none (a layer synced from a photo of another
        lens must not keep that lens's profile; the manual sliders are the user's either way)."""
        from .lens_profile import LensProfileError, profile_for_photo

        try:
            found = profile_for_photo(exif, tuple(np.shape(image)[:2])).params  # type: ignore[arg-type]
        except LensProfileError:
            found = {}
        return {name: found.get(name, 0.0) for name in cls.measured}

    @classmethod
    def source_point(cls, params: Mapping[str, ParamValue], size: tuple[int, int], x: float,
                     y: float) -> tuple[float, float]:
        k = radial_coefficients(params)
        if k == (0.0, 0.0, 0.0) and not _f(params, "ca_red") and not _f(params, "ca_blue"):
            return x, y
        rows, cols = size
        half = math.hypot(rows, cols) / 2.0
        s = frame_scale(params, size)
        px, py = (x - cols / 2.0) / half * s, (y - rows / 2.0) / half * s
        f = float(_bend(k, np.float64(px * px + py * py)))
        return cols / 2.0 + px * f * half, rows / 2.0 + py * f * half


#: Fringe search: the scales tried (red or blue against green), the step, and the least gain in
#: edge agreement that counts as fringes found.
FRINGE_RANGE, FRINGE_STEP, FRINGE_GAIN = 0.006, 0.0002, 0.01


def estimate_fringes(image: np.ndarray, side: int = 1024) -> tuple[float, float] | None:
    """``(ca_red, ca_blue)`` measured in the photo itself, for lenses with no profile: the radial
    scale of red and of blue that best lines their edges up with green's in the outer part of
    the frame (where lateral chromatic aberration shows), as darktable's and RawTherapee's
    automatic CA correction do. None when the photo shows no fringes worth correcting (too few
    edges, or no scale lines them up better than none)."""
    img = np.asarray(image)
    if img.ndim != 3 or img.shape[2] < 3 or min(img.shape[:2]) < 32:
        return None
    scale = 65535.0 if img.dtype == np.uint16 else 255.0 if img.dtype == np.uint8 else 1.0
    rows, cols = img.shape[:2]
    k = min(1.0, side / max(rows, cols))
    small = cv2.resize(np.ascontiguousarray(img[..., :3]), (max(32, round(cols * k)), max(32, round(rows * k))),
                       interpolation=cv2.INTER_AREA).astype(np.float32) / np.float32(scale)
    rows, cols = small.shape[:2]
    half = math.hypot(rows, cols) / 2.0
    ys = (np.arange(rows, dtype=np.float32) + 0.5 - rows / 2.0)[:, None]
    xs = (np.arange(cols, dtype=np.float32) + 0.5 - cols / 2.0)[None, :]
    far = (xs * xs + ys * ys) > (0.4 * half) ** 2

    def grad(plane: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return cv2.Sobel(plane, cv2.CV_32F, 1, 0, ksize=3), cv2.Sobel(plane, cv2.CV_32F, 0, 1, ksize=3)

    gx, gy = grad(small[..., 1])
    strength = np.hypot(gx, gy)
    edges = far & (strength > max(0.05, float(np.percentile(strength[far], 90)) if far.any() else 1.0))
    if edges.sum() < 200:
        return None
    found = []
    for c in (0, 2):
        plane = np.ascontiguousarray(small[..., c])
        memo: dict[float, float] = {}

        def score(s: float) -> float:
            s = round(s, 6)
            if s not in memo:
                mx = np.broadcast_to(xs * np.float32(1.0 + s) + np.float32(cols / 2.0 - 0.5), (rows, cols))
                my = np.broadcast_to(ys * np.float32(1.0 + s) + np.float32(rows / 2.0 - 0.5), (rows, cols))
                moved = cv2.remap(plane, np.ascontiguousarray(mx), np.ascontiguousarray(my), cv2.INTER_LINEAR,
                                  borderMode=cv2.BORDER_REPLICATE)
                mgx, mgy = grad(moved)
                a, b = np.stack([mgx[edges], mgy[edges]]), np.stack([gx[edges], gy[edges]])
                memo[s] = float((a * b).sum() / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-12))
            return memo[s]

        # coarse steps over the whole range, then fine ones around the best
        coarse = np.arange(-FRINGE_RANGE, FRINGE_RANGE + 1e-9, 5 * FRINGE_STEP)
        centre = float(coarse[int(np.argmax([score(s) for s in coarse]))])
        fine = centre + np.arange(-5, 6) * FRINGE_STEP
        scores = [score(s) for s in fine]
        best = int(np.argmax(scores))
        at_zero = score(0.0)
        if scores[best] - at_zero < FRINGE_GAIN * (1.0 - at_zero) or abs(fine[best]) >= FRINGE_RANGE - 1e-9:
            found.append(0.0)
            continue
        shift = 0.0
        if 0 < best < len(fine) - 1:  # a parabola through the best and its neighbours places it between steps
            y0, y1, y2 = scores[best - 1], scores[best], scores[best + 1]
            shift = 0.5 * (y0 - y2) / (y0 - 2 * y1 + y2) if (y0 - 2 * y1 + y2) != 0 else 0.0
        found.append(float(fine[best] + shift * FRINGE_STEP))
    return None if found == [0.0, 0.0] else (round(found[0], 5), round(found[1], 5))
