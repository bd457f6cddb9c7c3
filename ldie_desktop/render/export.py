"""Full-resolution export: read the photo, render every layer at full size, write atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import cv2
import numpy as np

from ..document.layer import Layer
from ..io import Photo, export_suffix, format_for_path, read_photo, write_photo
from . import kernels
from .cache import Stage
from .display import SRGB_ICC, to_srgb
from .pipeline import CancelFn, ProgressFn, Renderer

#: Formats that keep 16 bits per channel and transparency.
SIXTEEN_BIT = {"PNG", "TIFF"}
ALPHA = {"PNG", "TIFF", "WEBP"}
#: Output sharpening (Lightroom's Sharpen for Screen): an unsharp mask of this radius (a Gaussian's
#: sigma, in the pixels written) at these amounts, restoring the crispness a resize takes away.
SHARPEN = {"none": 0.0, "low": 0.35, "standard": 0.6, "high": 1.0}
SHARPEN_SIGMA = 0.8
#: A watermark's text height, as a part of the picture's long side, its opacity, and its margin
#: from the corner (a part of its height).
WATERMARK_SIZE, WATERMARK_OPACITY, WATERMARK_MARGIN = 0.025, 0.7, 0.8
WATERMARK_PLACES = ("bottom right", "bottom left", "top right", "top left", "centre")


def _floats(a: np.ndarray) -> np.ndarray:
    """``a`` (a stage's colours, or its alpha) as float32 in [0, 1]."""
    if a.ndim == 3:
        return kernels.to_float(a)
    return np.asarray(a, np.float32) if a.dtype.kind == "f" else kernels.to_float(a[..., None])[..., 0]


def sharpened(stage: Stage, strength: str) -> Stage:
    """``stage`` sharpened for a screen at the size it will be written (:data:`SHARPEN`); the
    alpha as it is."""
    if strength not in SHARPEN:
        raise ValueError(f"unknown sharpening {strength!r}; one of {', '.join(SHARPEN)}")
    amount = SHARPEN[strength]
    if amount <= 0:
        return stage
    rgb = _floats(stage.rgb)
    out = cv2.addWeighted(rgb, 1.0 + amount, cv2.GaussianBlur(rgb, (0, 0), SHARPEN_SIGMA), -amount, 0.0)
    return Stage(np.clip(out, 0.0, 1.0), stage.alpha)


def watermarked(stage: Stage, text: str, place: str = "bottom right") -> Stage:
    """``stage`` with ``text`` (a copyright line) drawn on it in white with a soft dark edge, its
    height :data:`WATERMARK_SIZE` of the long side, in a corner (:data:`WATERMARK_PLACES`), as
    an export's watermark; an opaque watermark shows on a transparent picture too."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    text = " ".join(str(text).split())
    if not text:
        return stage
    if place not in WATERMARK_PLACES:
        raise ValueError(f"unknown watermark place {place!r}; one of {', '.join(WATERMARK_PLACES)}")
    h, w = stage.rgb.shape[:2]
    size = max(8, round(WATERMARK_SIZE * max(h, w)))
    font = ImageFont.load_default(size=size)
    left, top, right, bottom = font.getbbox(text)
    tw, th = right - left, bottom - top
    scale = min(1.0, 0.9 * w / max(tw, 1))  # a long line on a narrow picture is made to fit
    if scale < 1.0:
        font = ImageFont.load_default(size=max(6, int(size * scale)))
        left, top, right, bottom = font.getbbox(text)
        tw, th = right - left, bottom - top
    margin = round(WATERMARK_MARGIN * th) + 2
    x = {"left": margin, "right": w - margin - tw}.get(place.split()[-1], (w - tw) // 2)
    y = {"top": margin, "bottom": h - margin - th}.get(place.split()[0], (h - th) // 2)
    ink = Image.new("L", (w, h), 0)
    ImageDraw.Draw(ink).text((x - left, y - top), text, fill=255, font=font)
    shade = ink.filter(ImageFilter.GaussianBlur(max(1.0, size / 14)))  # a soft dark edge: legible on white too
    a = np.asarray(ink, np.float32)[..., None] / 255.0 * WATERMARK_OPACITY
    d = np.asarray(shade, np.float32)[..., None] / 255.0 * WATERMARK_OPACITY * 0.6
    rgb = _floats(stage.rgb) * (1.0 - d)
    rgb = rgb * (1.0 - a) + a
    alpha = stage.alpha
    if alpha is not None:
        alpha = np.maximum(_floats(alpha), np.maximum(a, d)[..., 0])
    return Stage(np.clip(rgb, 0.0, 1.0), alpha)


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
    srgb: bool = False,
    metadata: str = "all",
    sharpen: str = "none",
    watermark: str = "",
    watermark_place: str = "bottom right",
    artist: str = "",
    copyright: str = "",  # noqa: A002 - the EXIF tag's name
) -> Path:
    """Render ``layers`` over the photo at full resolution and write ``out``.

    The output has the source's exact size (unless a crop or rotation changes it), its EXIF
    (orientation reset) and ICC profile, 16 bits when both the source and the format have them,
    and alpha where the format has it. The write is atomic and never replaces the source photo.

    ``long_side`` resizes to fit: the rendered picture is scaled down (area-averaged) so that
    its longer side is at most that many pixels; a smaller picture is never scaled up.

    ``srgb`` converts a photo with another profile (an iPhone's Display P3, Adobe RGB) to sRGB
    and embeds sRGB's, as Lightroom's export does by default: the colours then look right where
    a profile is ignored or stripped (many web sites).

    ``metadata`` is what of the EXIF goes along: "all", "no_location" (all but the GPS block) or
    "copyright" (the artist and copyright only), as Lightroom's export offers
    (``io._metadata.limited_exif``).

    ``sharpen`` ("none", "low", "standard", "high") sharpens for a screen after any resize
    (:func:`sharpened`); ``watermark`` is a line of text (a copyright) drawn in a corner
    (:func:`watermarked`). ``artist`` and ``copyright`` set the EXIF's credit (Artist, Copyright),
    as Lightroom's export metadata does.
    """
    if long_side is not None and (isinstance(long_side, bool) or not isinstance(long_side, (int, np.integer))
                                  or long_side < 1):
        raise ValueError(f"the long side must be a whole number of pixels >= 1, got {long_side!r}")
    from ..io._metadata import limited_exif, with_credit

    exif_out = limited_exif(None, metadata)  # an unknown choice fails before anything is read
    if sharpen not in SHARPEN or watermark_place not in WATERMARK_PLACES:
        raise ValueError(f"unknown sharpening {sharpen!r} or watermark place {watermark_place!r}")
    photo = source if isinstance(source, Photo) else read_photo(source)
    exif_out = with_credit(limited_exif(photo.exif, metadata), artist, copyright)
    fmt = format_for_path(out)  # fail on an unknown suffix before the long render
    renderer = renderer or Renderer()
    stage = renderer.render(photo.rgb, layers, alpha=photo.alpha, quality="export", progress=progress, cancel=cancel)
    if long_side is not None:
        stage = fit_within(stage, long_side)
    stage = watermarked(sharpened(stage, sharpen), watermark, watermark_place)
    icc = photo.icc
    bits = 16 if photo.bit_depth == 16 and fmt in SIXTEEN_BIT else 8
    converted = to_srgb(stage.rgb, icc, bits) if srgb else None
    if converted is not None:
        icc = SRGB_ICC
    rgb = converted if converted is not None and converted.dtype == np.uint8 else kernels.quantize(
        converted if converted is not None else stage.rgb, bits)
    alpha = kernels.quantize(stage.alpha, bits) if stage.alpha is not None and fmt in ALPHA else None
    del stage
    protect = [photo.path] if photo.path is not None else []
    return write_photo(out, rgb, alpha, quality=quality, bit_depth=bits, exif=exif_out, icc=icc,
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


def saved_layers(photo: str | os.PathLike[str]) -> list[Layer]:
    """The layers saved next to ``photo`` (its ``.ldie.json``), none when it has no edit file.
    Raises :class:`~ldie_desktop.document.sidecar.SidecarError` for one that cannot be read."""
    from ..document import sidecar

    path = sidecar.sidecar_path(photo)
    return list(sidecar.load(path).layers) if path.exists() else []


def export_name(photo: str | os.PathLike[str], folder: str | os.PathLike[str], suffix: str = "-edited",
                fmt: str | None = None) -> Path:
    """Where an export of ``photo`` goes in ``folder``: its name plus ``suffix``, with the
    suffix of ``fmt`` ("jpg", "png", ...) or else ``io.export_suffix``'s (its own where it can be
    written; a BMP becomes a PNG, a raw or HEIC a JPEG, as the Export dialog suggests)."""
    p = Path(photo)
    ext = ("." + fmt.lstrip(".")) if fmt else export_suffix(p)
    return Path(folder) / f"{p.stem}{suffix}{ext}"


def version_suffix(name: str) -> str:
    """A snapshot's name as a file name's suffix: "-Black-and-white" for "Black and white"."""
    import re

    slug = re.sub(r"[^\w]+", "-", str(name), flags=re.UNICODE).strip("-")
    return "-" + (slug[:60] or "snapshot")


def export_versions(photo: Photo, versions: Sequence[tuple[str, Sequence[Layer]]], folder: str | os.PathLike[str], *,
                    fmt: str | None = None, quality: int = 92, overwrite: bool = False,
                    renderer: Renderer | None = None, progress: ProgressFn | None = None,
                    cancel: CancelFn | None = None, done: list[tuple[str, str]] | None = None,
                    **output: object) -> list[tuple[str, str]]:
    """Export ``photo`` once for each version (a snapshot: its name and its layers) into
    ``folder`` as ``IMG_0001-Colour.jpg``, as Lightroom exports virtual copies; ``output`` is
    :func:`export_photo`'s (size, colour space, metadata, sharpening, watermark, credit).
    Returns ``(name, problem)`` per version, "" for one written; an existing file without
    ``overwrite`` is reported and left."""
    from ..io import ImageWriteError
    from .pipeline import Cancelled

    done = [] if done is None else done
    renderer = renderer or Renderer()
    source = photo.path if photo.path is not None else Path("photo.jpg")
    total = max(1, len(versions)) * 1000
    for i, (name, layers) in enumerate(versions):
        if cancel is not None and cancel():
            raise Cancelled()
        out = export_name(source, folder, version_suffix(name), fmt)

        def step(d: int, t: int, base: int = i * 1000) -> None:
            if progress is not None:
                progress(base + (1000 * d) // max(t, 1), total)

        if out.exists() and not overwrite:
            done.append((name, f"{name} ({out.name} exists)"))
            continue
        try:
            export_photo(photo, list(layers), out, quality=quality, renderer=renderer, progress=step, cancel=cancel,
                         overwrite=overwrite, **output)  # type: ignore[arg-type]
        except ImageWriteError as exc:
            done.append((name, f"{name} (cannot write {out.name}: {exc.problem})"))
            continue
        done.append((name, ""))
    return done


def export_saved(photos: Sequence[str | os.PathLike[str]], folder: str | os.PathLike[str], *,
                 suffix: str = "-edited", fmt: str | None = None, quality: int = 92, long_side: int | None = None,
                 overwrite: bool = False, renderer: Renderer | None = None, progress: ProgressFn | None = None,
                 cancel: CancelFn | None = None, done: list[tuple[str, str]] | None = None,
                 srgb: bool = False, metadata: str = "all", sharpen: str = "none", watermark: str = "",
                 watermark_place: str = "bottom right", artist: str = "",
                 copyright: str = "") -> list[tuple[str, str]]:  # noqa: A002
    """Export each photo with its own saved edits (none: as it is) into ``folder``
    (:func:`export_name`), as Lightroom exports a selection. Returns ``(photo, problem)`` per
    photo, ``problem`` "" for one written; a photo that cannot be read or written, an edit file
    that cannot be read, or an existing output without ``overwrite`` is reported and skipped.
    ``progress(done, total)`` counts thousandths of photos; ``cancel()`` stops the photo being
    rendered (nothing of it is written) and the rest. ``done``, if given, fills as photos finish."""
    from ..document.sidecar import SidecarError
    from ..io import ImageReadError, ImageWriteError
    from .pipeline import Cancelled

    done = [] if done is None else done
    renderer = renderer or Renderer()
    total = len(photos) * 1000
    written: dict[Path, str] = {}  # this run's outputs: two photos never write one file
    for i, photo in enumerate(photos):
        if cancel is not None and cancel():
            raise Cancelled()
        out = export_name(photo, folder, suffix, fmt)
        name = Path(photo).name
        if out in written:
            done.append((str(photo), f"{name} ({out.name} is {written[out]}'s export)"))
            continue
        written[out] = name

        def step(d: int, t: int, base: int = i * 1000) -> None:
            if progress is not None:
                progress(base + (1000 * d) // max(t, 1), total)

        step(0, 1)
        if out.exists() and not overwrite:
            done.append((str(photo), f"{name} ({out.name} exists)"))
            continue
        try:
            export_photo(photo, saved_layers(photo), out, quality=quality, renderer=renderer, progress=step,
                         cancel=cancel, overwrite=overwrite, long_side=long_side, srgb=srgb, metadata=metadata,
                         sharpen=sharpen, watermark=watermark, watermark_place=watermark_place, artist=artist,
                         copyright=copyright)
        except ImageReadError as exc:
            done.append((str(photo), f"{name} ({exc.problem})"))
            continue
        except ImageWriteError as exc:
            done.append((str(photo), f"{name} (cannot write {out.name}: {exc.problem})"))
            continue
        except SidecarError as exc:
            done.append((str(photo), f"{name} (its edit file cannot be read: {exc})"))
            continue
        except (OSError, ValueError, MemoryError) as exc:
            done.append((str(photo), f"{name} ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"))
            continue
        done.append((str(photo), ""))
    if progress is not None:
        progress(total, total)
    return done
