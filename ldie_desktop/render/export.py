"""Full-resolution export: read the photo, render every layer at full size, write atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import cv2
import numpy as np

from ..document.layer import Layer
from ..io import Photo, format_for_path, read_photo, write_photo
from . import kernels
from .cache import Stage
from .pipeline import CancelFn, ProgressFn, Renderer

#: Formats that keep 16 bits per channel and transparency.
SIXTEEN_BIT = {"PNG", "TIFF"}
ALPHA = {"PNG", "TIFF", "WEBP"}


def export_photo(
    source: str | os.PathLike[str] | Photo,
    layers: Sequence[Layer],
    out: str | os.PathLike[str],
    *,
    quality: int = 92,
    renderer: Renderer | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    overwrite: bool = True,
    long_side: int | None = None,
) -> Path:
    """Render ``layers`` over the photo at full resolution and write ``out``.

    The output has the source's exact size (unless a crop or rotation changes it), its EXIF
    (orientation reset) and ICC profile, 16 bits when both the source and the format have them,
    and alpha where the format has it. The write is atomic and never replaces the source photo.

    ``long_side`` resizes to fit: the rendered picture is scaled down (area-averaged) so that
    its longer side is at most that many pixels; a smaller picture is never scaled up.
    """
    if long_side is not None and (isinstance(long_side, bool) or not isinstance(long_side, (int, np.integer))
                                  or long_side < 1):
        raise ValueError(f"the long side must be a whole number of pixels >= 1, got {long_side!r}")
    photo = source if isinstance(source, Photo) else read_photo(source)
    fmt = format_for_path(out)  # fail on an unknown suffix before the long render
    renderer = renderer or Renderer()
    stage = renderer.render(photo.rgb, layers, alpha=photo.alpha, quality="export", progress=progress, cancel=cancel)
    if long_side is not None:
        stage = fit_within(stage, long_side)
    bits = 16 if photo.bit_depth == 16 and fmt in SIXTEEN_BIT else 8
    rgb = kernels.quantize(stage.rgb, bits)
    alpha = kernels.quantize(stage.alpha, bits) if stage.alpha is not None and fmt in ALPHA else None
    del stage
    protect = [photo.path] if photo.path is not None else []
    return write_photo(out, rgb, alpha, quality=quality, bit_depth=bits, exif=photo.exif, icc=photo.icc,
                       overwrite=overwrite, protect=protect)


def fitted_size(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    """``(h, w)`` of a picture of ``size`` resized to fit ``long_side`` (never enlarged)."""
    h, w = size
    scale = long_side / max(h, w)
    if scale >= 1.0:
        return h, w
    return max(1, round(h * scale)), max(1, round(w * scale))


def fit_within(stage: Stage, long_side: int) -> Stage:
    """``stage`` scaled down (area-averaged, as for a web copy) so its longer side is at most
    ``long_side`` pixels; unchanged when it already fits."""
    h, w = stage.rgb.shape[:2]
    fh, fw = fitted_size((h, w), long_side)
    if (fh, fw) == (h, w):
        return stage
    size = (fw, fh)
    rgb = cv2.resize(stage.rgb, size, interpolation=cv2.INTER_AREA)
    alpha = None if stage.alpha is None else cv2.resize(stage.alpha, size, interpolation=cv2.INTER_AREA)
    return Stage(rgb, alpha)
