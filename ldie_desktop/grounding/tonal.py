"""Tonal ranges as masks: "brighten the shadows", "tone down the highlights". A luminosity
mask (darktable's parametric mask, Lightroom's luminance range): a soft selection of the
photo's dark, middle or bright tones, from a lightly blurred luminance so that it follows
areas rather than pixel noise.
"""

from __future__ import annotations

import re

import cv2
import numpy as np

#: Words for a tonal range -> the range.
RANGES: dict[str, str] = {
    "shadows": "shadows", "shadow": "shadows", "darks": "shadows", "lowlights": "shadows",
    "highlights": "highlights", "highlight": "highlights", "brights": "highlights", "whites": "highlights",
    "midtones": "midtones", "midtone": "midtones", "mids": "midtones",
}
#: "the dark areas", "the bright parts", "the darker regions".
_AREA_RE = re.compile(r"\b(dark|darker|darkest|shadowy|bright|brighter|brightest|light|lighter|lightest)\s+"
                      r"(areas?|parts?|regions?|spots?|bits?|portions?|patches)\b", re.IGNORECASE)


def tonal_range(text: str) -> str | None:
    """The tonal range ``text`` names ("the shadows", "the dark areas"), or None."""
    m = _AREA_RE.search(text)
    if m:
        return "shadows" if m.group(1).lower().startswith(("dark", "shadow")) else "highlights"
    for w in re.findall(r"[a-z]+", text.lower()):
        if w in RANGES:
            return RANGES[w]
    return None


def tonal_mask(rgb: np.ndarray, which: str, side: int = 512) -> np.ndarray:
    """A soft ``(h, w)`` float32 mask of the ``which`` tones ("shadows", "midtones",
    "highlights") of ``rgb`` (any size, uint8/uint16/float), at most ``side`` px on its long side."""
    h, w = rgb.shape[:2]
    s = min(1.0, side / max(h, w))
    img = np.asarray(rgb)[:, :, :3]
    if img.dtype == np.uint16:
        img = (img // 257).astype(np.uint8)
    elif img.dtype != np.uint8:
        img = (np.clip(img, 0, 1) * 255).astype(np.uint8)
    if s < 1.0:
        img = cv2.resize(img, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    lum = cv2.cvtColor(np.ascontiguousarray(img), cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    lum = cv2.GaussianBlur(lum, (0, 0), max(1.0, 0.004 * max(lum.shape)))

    def smooth(t: np.ndarray, lo: float, hi: float) -> np.ndarray:  # 0 below lo, 1 above hi
        u = np.clip((t - lo) / (hi - lo), 0.0, 1.0)
        return u * u * (3.0 - 2.0 * u)

    if which == "shadows":
        mask = 1.0 - smooth(lum, 0.15, 0.55)
    elif which == "highlights":
        mask = smooth(lum, 0.45, 0.85)
    elif which == "midtones":
        mask = smooth(lum, 0.1, 0.4) * (1.0 - smooth(lum, 0.6, 0.9))
    else:
        raise ValueError(f"unknown tonal range {which!r}")
    return mask.astype(np.float32)


def colour_mask(rgb: np.ndarray, colour: tuple[float, float, float], tolerance: float, side: int = 512) -> np.ndarray:
    """A soft ``(h, w)`` float32 mask of the colours of ``rgb`` (any size, uint8/uint16/float) near
    ``colour`` (RGB in [0, 1]), as Lightroom's colour range mask: the distance in CIELAB, hue and
    chroma counted fully and lightness half (a sky in shade is still the sky), 1 within half of
    ``tolerance`` (Lab units) and 0 beyond it; at most ``side`` px on its long side."""
    h, w = rgb.shape[:2]
    s = min(1.0, side / max(h, w))
    img = np.asarray(rgb)[:, :, :3]
    if img.dtype == np.uint16:
        img = img.astype(np.float32) / 65535.0
    elif img.dtype == np.uint8:
        img = img.astype(np.float32) / 255.0
    img = np.ascontiguousarray(np.clip(img, 0.0, 1.0), dtype=np.float32)
    if s < 1.0:
        img = cv2.resize(img, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    img = cv2.GaussianBlur(img, (0, 0), max(0.7, 0.002 * max(img.shape[:2])))  # areas, not pixel noise
    lab = cv2.cvtColor(img, cv2.COLOR_RGB2LAB)
    ref = cv2.cvtColor(np.asarray(colour, np.float32).reshape(1, 1, 3), cv2.COLOR_RGB2LAB).reshape(3)
    d = lab - ref
    dist = np.sqrt(d[..., 1] ** 2 + d[..., 2] ** 2 + (0.5 * d[..., 0]) ** 2)
    tol = max(float(tolerance), 1.0)
    u = np.clip((dist - 0.5 * tol) / (0.5 * tol), 0.0, 1.0)
    return (1.0 - u * u * (3.0 - 2.0 * u)).astype(np.float32)


#: A thing's own colour: how far (CIELAB) a colour may be from its main one, the gaps (a strap,
#: a pocket's seam) closed before parts are joined, as a fraction of the long side, and how much
#: larger than what was found it may grow.
OWN_TOLERANCE = 22.0
OWN_GAPS = 0.03
OWN_GROWTH = 3.0


def own_colour(rgb: np.ndarray, mask: np.ndarray, side: int = 512) -> np.ndarray | None:
    """``mask`` (found for "her suit", often a part of it) made the whole of the thing's own
    colour: the pixels near its main colour that join up with it, as a magic wand from what
    was found (so "make her suit blue" takes the whole suit, its patch and the flag beside it
    left out). A soft mask at most ``side`` px long; None when the thing has no one colour (a
    grey, white or black thing, a print) or the colour runs on far past it (a wall, the sky)."""
    h, w = rgb.shape[:2]
    s = min(1.0, side / max(h, w))
    size = (max(1, round(w * s)), max(1, round(h * s)))
    img = np.asarray(rgb)[:, :, :3]
    img = img.astype(np.float32) / (65535.0 if img.dtype == np.uint16 else 255.0 if img.dtype == np.uint8 else 1.0)
    img = cv2.resize(np.clip(img, 0.0, 1.0), size, interpolation=cv2.INTER_AREA)
    inside = cv2.resize(np.asarray(mask, np.float32), size, interpolation=cv2.INTER_AREA) > 0.5
    if int(inside.sum()) < 30:
        return None
    px = img[inside]
    coloured = (px.max(axis=1) - px.min(axis=1)) > 0.12
    if coloured.mean() < 0.5:
        return None
    near = colour_mask(img, tuple(float(v) for v in np.median(px[coloured], axis=0)), OWN_TOLERANCE, side=side)
    if (near[inside] > 0.5).mean() < 0.4:
        return None
    k = max(3, int(OWN_GAPS * max(size)) | 1)
    joined = cv2.dilate((near > 0.5).astype(np.uint8), np.ones((k, k), np.uint8))
    _, labels = cv2.connectedComponents(joined)
    touched = np.unique(labels[inside & (joined > 0)])
    out = np.where(np.isin(labels, touched[touched > 0]), near, 0.0).astype(np.float32)
    if float(out.sum()) > OWN_GROWTH * float(inside.sum()):
        return None
    return out
