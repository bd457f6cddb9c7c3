"""Camera raw files (DNG, CR2, CR3, NEF, ARW, RAF, ORF, RW2, ...) developed to 16-bit sRGB.

LibRaw (through rawpy) reads and demosaics them; what comes out is what a raw converter's
default rendering gives before any edit: the camera's own white balance, its colour matrix to
sRGB, highlights blended rather than turned magenta, and LibRaw's automatic brightness (the
sensor's linear data scaled so that no more than a small share of pixels clips, then the sRGB
tone curve). The edit stack then works on those 16 bits like on any 16-bit TIFF. A raw file
cannot be written back: an edit is exported as JPEG, TIFF, PNG or WebP.

Only this module imports rawpy, and only when a raw file is opened.
"""

from __future__ import annotations

from typing import Any

import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # io.photo imports this module; the names are only for annotations here
    from ldie_desktop.io.photo import Photo

RAW_SUFFIXES: tuple[str, ...] = (
    ".dng", ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".raf", ".orf",
    ".rw2", ".rwl", ".pef", ".srw", ".x3f", ".3fr", ".fff", ".iiq", ".erf", ".mrw", ".mef",
    ".mos", ".kdc", ".dcr",
)
"""Suffixes of the raw formats offered in the open dialog and shown in the filmstrip."""

#: The share of pixels LibRaw's automatic brightness lets clip (LibRaw's own default).
AUTO_BRIGHT_CLIP = 0.01
#: sRGB's tone curve in LibRaw's terms: (power, slope of the linear toe).
SRGB_GAMMA = (2.4, 12.92)
#: How much of a raw's start is read for its EXIF (its directories come first).
_HEADER_BYTES = 1 << 20


def is_raw_path(path: str | os.PathLike[str]) -> bool:
    """Whether the file's name says it is a camera raw."""
    return Path(path).suffix.lower() in RAW_SUFFIXES


def _exif(path: Path, lens: str = "", focal: float = 0.0, aperture: float = 0.0) -> bytes | None:
    """Camera, lens, date and exposure from a TIFF-structured raw's header (DNG, NEF, CR2,
    ARW, PEF, ...), for writing into the export; None for the others or a damaged header.
    ``lens``, ``focal`` and ``aperture`` (what LibRaw read, from the maker's block too) fill in
    what the header leaves out: a lens correction needs them."""
    from PIL import Image

    from ldie_desktop.io import _metadata as meta

    try:
        with open(path, "rb") as f:  # the directories sit at the start; the pixels (tens of MB) need not be read
            data = f.read(_HEADER_BYTES)
        if data[:4] not in (b"II*\x00", b"MM\x00*"):
            return None
        exif = Image.Exif()
        with warnings.catch_warnings():  # a value past the bytes read (a maker's blob) is skipped
            warnings.simplefilter("ignore")
            exif.load(b"Exif\x00\x00" + data)  # Pillow will not open a mosaic TIFF, but parses its tags
        sub = exif.get_ifd(meta.EXIF_IFD)
        # The maker's private block points into the raw file by offset; copied it is junk.
        sub.pop(meta.MAKER_NOTE, None)
        for tag, value in ((meta.LENS_MODEL, lens), (meta.FOCAL_LENGTH, focal), (meta.F_NUMBER, aperture)):
            if value and tag not in sub:
                sub[tag] = value
        return meta.exif_from_tiff(exif)
    except Exception:  # not TIFF-structured (CR3, RAF, X3F ...) or a header Pillow cannot parse
        return None


def read_raw(path: Path, *, max_pixels: int, reduce_to: int | None = None) -> Photo:
    """Develop the raw at ``path`` into an upright (H, W, 3) uint16 sRGB ``Photo``.

    ``reduce_to``: only a copy about this long is wanted; the four photosites of each 2x2
    block then make one pixel (LibRaw's half size: no demosaicing, several times faster) when
    that still leaves ``reduce_to`` pixels on the short side. Raises ``ImageReadError``."""
    from ldie_desktop.io.photo import ImageReadError, Photo, _check_pixels

    try:
        import rawpy
    except ImportError:  # pragma: no cover - a dependency of the package
        raise ImageReadError(path, "camera raw files need the rawpy package (pip install rawpy)") from None

    def fail(e: Exception) -> ImageReadError:
        if isinstance(e, MemoryError | rawpy.LibRawUnsufficientMemoryError | rawpy.LibRawTooBigError):
            return ImageReadError(path, "not enough memory to develop it")
        if isinstance(e, rawpy.LibRawFileUnsupportedError):
            return ImageReadError(path, f"not a raw file this version of LibRaw ({'.'.join(map(str, rawpy.libraw_version))}) "
                                        "can read (an unsupported camera, or not a raw file)")
        if isinstance(e, rawpy.LibRawIOError | rawpy.LibRawDataError):
            return ImageReadError(path, "truncated or corrupt raw file")
        return ImageReadError(path, f"could not develop the raw file ({e})")

    try:
        raw = rawpy.imread(str(path))
    except (rawpy.LibRawError, MemoryError, OSError) as e:
        raise fail(e) from None
    with raw:
        sizes = raw.sizes
        _check_pixels(path, sizes.width, sizes.height, max_pixels)
        half = reduce_to is not None and min(sizes.width, sizes.height) >= 2 * max(1, int(reduce_to))
        try:
            rgb = raw.postprocess(
                use_camera_wb=True, output_color=rawpy.ColorSpace.sRGB, output_bps=16, gamma=SRGB_GAMMA,
                no_auto_bright=False, auto_bright_thr=AUTO_BRIGHT_CLIP,
                highlight_mode=rawpy.HighlightMode.Blend, half_size=half,
            )
            lens, other = raw.lens, raw.other
            colour = _camera_colour(raw)
        except (rawpy.LibRawError, MemoryError, OSError) as e:
            raise fail(e) from None
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint16:  # pragma: no cover - LibRaw's contract
        raise ImageReadError(path, f"LibRaw gave an unexpected picture {rgb.shape} {rgb.dtype}")
    exif = _exif(path, str(getattr(lens, "model", "") or ""), float(getattr(other, "focal_length", 0.0) or 0.0),
                 float(getattr(other, "aperture", 0.0) or 0.0))
    if colour is not None:  # how the camera saw colour: white balance works from it (ops/white_balance.py)
        from ldie_desktop.io import _metadata as meta

        exif = meta.with_camera_colour(exif, colour)
    return Photo(rgb=np.ascontiguousarray(rgb), alpha=None, exif=exif, icc=None, path=path, format="RAW")


def _camera_colour(raw: Any) -> list[float] | None:
    """LibRaw's camera-to-sRGB matrix (by rows), the as-shot and the daylight multipliers (green
    1), or None when LibRaw has no usable ones."""
    try:
        matrix = np.asarray(raw.color_matrix, np.float64)[:3, :3]
        shot = np.asarray(raw.camera_whitebalance, np.float64)[:3]
        day = np.asarray(raw.daylight_whitebalance, np.float64)[:3]
    except Exception:  # noqa: BLE001 - an odd sensor (4-colour, monochrome): no white balance from it
        return None
    if not (np.all(np.isfinite(matrix)) and np.all(shot > 0) and np.all(day > 0)) or abs(np.linalg.det(matrix)) < 1e-6:
        return None
    return [*matrix.ravel().tolist(), *(shot / shot[1]).tolist(), *(day / day[1]).tolist()]


def raw_size(path: Path) -> tuple[int, int]:
    """(height, width) the raw at ``path`` develops to, upright, from its header."""
    from ldie_desktop.io.photo import ImageReadError

    import rawpy

    try:
        with rawpy.imread(str(path)) as raw:
            s = raw.sizes
    except rawpy.LibRawFileUnsupportedError:
        raise ImageReadError(path, "not a raw file LibRaw can read") from None
    except (rawpy.LibRawError, OSError) as e:
        raise ImageReadError(path, f"truncated or corrupt raw file ({e})") from None
    # LibRaw's flip: 5 and 6 turn by a quarter (its own numbering, not EXIF's)
    return (s.width, s.height) if s.flip in (5, 6) else (s.height, s.width)
