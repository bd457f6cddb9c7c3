"""Photos in and out of files: JPEG, PNG, TIFF, WebP, BMP, HEIC/HEIF and AVIF, and camera raw
files, as upright numpy arrays.

Pillow decodes everything except 16-bit colour PNG and TIFF, which Pillow can only give as
8-bit (OpenCV decodes and encodes those), and camera raws, which ``io.raw`` develops with
LibRaw. HEIC/HEIF (iPhones' photos) reach Pillow through pi-heif's decoder (libheif and
libde265); Pillow reads AVIF itself. Either way the caller gets the same thing: an
(H, W, 3) RGB array as the photo is meant to be seen (EXIF orientation applied), an optional
alpha plane, and the EXIF and ICC bytes to write back on export. Every failure reaches the
caller as one ``ImageReadError`` / ``ImageWriteError`` whose message is one line of words.
"""

from __future__ import annotations

import io
import os
import stat
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import cv2
import numpy as np
from PIL import Image, ImageCms, ImageFile

from ldie_desktop.io import _metadata as meta
from ldie_desktop.io.raw import RAW_SUFFIXES, is_raw_path, raw_size, read_raw
from ldie_desktop.utils.atomic import atomic_path

try:  # HEIC/HEIF through Pillow: decoding only (pi-heif has no encoder)
    import pi_heif

    pi_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)
except ImportError:  # pragma: no cover - a dependency of the package
    pass

StrPath = str | os.PathLike[str]

MAX_PIXELS: int = 250_000_000
"""Default limit on width x height for ``read_photo``: larger files are refused before decoding
(a 250 MP RGB image is 750 MB as uint8, several GB once an edit works on it in float)."""

_FORMAT_BY_SUFFIX = {
    ".jpg": "JPEG", ".jpeg": "JPEG",
    ".png": "PNG",
    ".tif": "TIFF", ".tiff": "TIFF",
    ".webp": "WEBP",
    ".bmp": "BMP",
}
WRITE_SUFFIXES: tuple[str, ...] = tuple(_FORMAT_BY_SUFFIX)
"""Suffixes ``write_photo`` understands (lower case; matching ignores case)."""
READ_SUFFIXES: tuple[str, ...] = (
    ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".tif", ".tiff", ".webp", ".bmp", ".heic", ".heif", ".hif", ".avif",
    ".gif",
) + RAW_SUFFIXES
"""Suffixes to offer in an open dialog. Reading goes by the file's content, except that a raw
suffix goes to LibRaw first (most raws are TIFF inside, and Pillow would show their thumbnail)."""

_FORMATS = ("JPEG", "PNG", "TIFF", "WEBP", "BMP", "HEIF", "AVIF", "GIF")
_SIXTEEN_BIT_FORMATS = frozenset({"PNG", "TIFF"})
_ALPHA_FORMATS = frozenset({"PNG", "TIFF", "WEBP"})
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_DNG_VERSION = 50706
_TIFF_BITS, _TIFF_PHOTOMETRIC, _TIFF_SAMPLE_FORMAT, _TIFF_WIDTH, _TIFF_HEIGHT = 258, 262, 339, 256, 257


# --------------------------------------------------------------------------------------------
# Errors


def _one_line(text: str) -> str:
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text


class _PhotoFileError(ValueError):
    """``str(e)`` is ``"<file>: <problem>"`` on one line, fit to show a user as it is."""

    def __init__(self, path: StrPath, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(_one_line(f"{self.path}: {problem}"))

    def __reduce__(self) -> tuple[Any, ...]:
        # The default pickling re-calls __init__ with the message only; a worker process that
        # raises this error must be able to send it back.
        return (type(self), (self.path, self.problem))


class ImageReadError(_PhotoFileError):
    """A file could not be read as a photo (missing, empty, truncated, not an image, too big)."""


class ImageWriteError(_PhotoFileError):
    """A photo could not be written (unknown suffix, missing folder, protected or existing file)."""


# --------------------------------------------------------------------------------------------
# The photo


@dataclass(eq=False)  # eq on arrays is elementwise and ambiguous; two Photos are equal if identical
class Photo:
    """A decoded photo. The arrays are C-contiguous and writable, and belong to this Photo."""

    rgb: np.ndarray
    """(H, W, 3) uint8 or uint16, upright: the file's EXIF orientation is already applied."""
    alpha: np.ndarray | None
    """(H, W) with the dtype of ``rgb`` (255 / 65535 opaque), or None when the file had none."""
    exif: bytes | None
    """The file's EXIF (``b"Exif\\0\\0..."``) with Orientation reset to 1, for writing back."""
    icc: bytes | None
    """The file's RGB ICC profile. None means sRGB; grey and CMYK profiles are dropped because
    they describe the file's channels, not ``rgb``."""
    path: Path | None
    format: str
    """The file's format: "JPEG", "PNG", "TIFF", "WEBP", "BMP", "HEIF", "AVIF", "GIF" (its first
    frame), or "RAW" (a camera raw developed by LibRaw)."""

    def __post_init__(self) -> None:
        if self.rgb.ndim != 3 or self.rgb.shape[2] != 3 or self.rgb.dtype not in (np.uint8, np.uint16):
            raise ValueError(f"Photo.rgb must be (H, W, 3) uint8 or uint16, got {self.rgb.shape} {self.rgb.dtype}")
        if self.alpha is not None and (self.alpha.shape != self.rgb.shape[:2] or self.alpha.dtype != self.rgb.dtype):
            raise ValueError(f"Photo.alpha must be {self.rgb.shape[:2]} {self.rgb.dtype}, "
                             f"got {self.alpha.shape} {self.alpha.dtype}")

    @property
    def bit_depth(self) -> int:
        """Bits per channel: 8 or 16."""
        return 16 if self.rgb.dtype == np.uint16 else 8

    @property
    def size(self) -> tuple[int, int]:
        """(height, width), as displayed."""
        return self.rgb.shape[0], self.rgb.shape[1]

    def to_float(self) -> tuple[np.ndarray, np.ndarray | None]:
        """(rgb, alpha) as new float32 arrays in [0, 1]: (H, W, 3) and (H, W) or None.

        ``write_photo`` rounds them back to the same integers, so a photo that is not edited
        comes out with the values it went in with."""
        # Multiplying by the reciprocal is one pass and ~20x faster than float32 division here;
        # the extra ulp of error is far below half a level, so rounding still comes back exact.
        scale = np.float32(1.0 / (65535.0 if self.bit_depth == 16 else 255.0))
        rgb = np.multiply(self.rgb, scale, dtype=np.float32)
        alpha = None if self.alpha is None else np.multiply(self.alpha, scale, dtype=np.float32)
        return rgb, alpha


# --------------------------------------------------------------------------------------------
# Reading

# Pillow's decompression-bomb limit and its truncated-file switch are process globals. Ours is
# a per-call limit checked before decoding, so Pillow's must be off while we open (otherwise a
# 200 MP photo under our 250 MP limit fails with Pillow's message); and a truncated file must
# always fail here even if other code in the process asked Pillow to pad truncated files.
# The lock keeps two reads from restoring each other's settings in the wrong order.
_pillow_settings_lock = threading.Lock()


@contextmanager
def _strict_pillow() -> Iterator[None]:
    with _pillow_settings_lock:
        saved = Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES
        Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = None, False
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = saved


@contextmanager
def _open_for_reading(path: Path) -> Iterator[IO[bytes]]:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ImageReadError(path, "no such file") from None
    except PermissionError:
        raise ImageReadError(path, "permission denied") from None
    except OSError as e:
        raise ImageReadError(path, f"cannot open ({e.strerror or e})") from None
    if stat.S_ISDIR(st.st_mode):
        raise ImageReadError(path, "is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):  # a pipe or device could block or never end
        raise ImageReadError(path, "not a regular file")
    if st.st_size == 0:
        raise ImageReadError(path, "file is empty (0 bytes)")
    try:
        f = open(path, "rb")
    except PermissionError:
        raise ImageReadError(path, "permission denied") from None
    except OSError as e:
        raise ImageReadError(path, f"cannot open ({e.strerror or e})") from None
    with f:
        yield f


def _sniff(head: bytes) -> str | None:
    """The format a file's first bytes claim, whether or not the rest bears it out."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(_PNG_SIGNATURE):
        return "PNG"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "TIFF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:2] == b"BM":
        return "BMP"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[4:8] == b"ftyp" and head[8:12] != b"crx ":  # ISO media; "crx " is Canon's CR3 raw
        return "AVIF" if head[8:12] in (b"avif", b"avis") else "HEIF"
    return None


def _is_raw(path: Path, f: IO[bytes]) -> bool:
    """Whether the file goes to LibRaw: a raw suffix on anything that is not plainly another
    format (most raws are TIFF inside; a JPEG someone named .dng is still read as a JPEG)."""
    if not is_raw_path(path):
        return False
    head = f.read(16)
    f.seek(0)
    return _sniff(head) in (None, "TIFF")


def _is_dng(f: IO[bytes]) -> bool:
    """Whether the file is a TIFF whose first directory says it is a DNG."""
    f.seek(0)
    head = f.read(1 << 16)
    f.seek(0)
    if _sniff(head) != "TIFF":
        return False
    try:
        exif = Image.Exif()
        with warnings.catch_warnings():  # a directory past the 64 KiB read is "corrupt" to Pillow
            warnings.simplefilter("ignore")
            exif.load(b"Exif\x00\x00" + head)
        return _DNG_VERSION in exif
    except Exception:  # a directory past the first 64 KiB, or a damaged one
        return False


def _open_header(path: Path, f: IO[bytes]) -> ImageFile.ImageFile:
    """Pillow's lazy open: parses the header (size, mode, metadata), decodes no pixels."""
    try:
        with _strict_pillow(), warnings.catch_warnings():  # "Corrupt EXIF data" of a file it cannot open
            warnings.simplefilter("ignore")
            return Image.open(f, formats=_FORMATS)
    except MemoryError:
        raise ImageReadError(path, "not enough memory to read the header") from None
    except Exception as e:  # UnidentifiedImageError, or a plugin's own error on a damaged header
        f.seek(0)
        claimed = _sniff(f.read(16))
        # A TIFF cut short loses its directory (often written last) and with it the header.
        problem = f"truncated or corrupt {claimed}" if claimed else "not an image (or an unsupported format)"
        raise ImageReadError(path, problem) from e


def _format_name(im: Image.Image) -> str:
    # A JPEG with a multi-picture index (many camera JPEGs) opens as Pillow's "MPO".
    return "JPEG" if im.format == "MPO" else str(im.format)


def _stored_size(im: Image.Image, fmt: str) -> tuple[int, int]:
    """(width, height) as stored in the file, before orientation."""
    if fmt == "TIFF":
        # Recent Pillow (13 here) reports a TIFF's size already turned by its Orientation tag.
        tags = im.tag_v2  # type: ignore[attr-defined]
        return int(tags[_TIFF_WIDTH]), int(tags[_TIFF_HEIGHT])
    return im.size


def _header_orientation(im: Image.Image, fmt: str) -> int:
    if fmt == "TIFF":
        value = im.tag_v2.get(meta.ORIENTATION, 1)  # type: ignore[attr-defined]
        return value if isinstance(value, int) and 1 <= value <= 8 else 1
    return meta.exif_orientation(meta.normalize_exif(im.info.get("exif")))


def _megapixels(pixels: int) -> str:
    mp = pixels / 1e6
    return f"{mp:.4g}" if mp < 1000 else f"{mp:.0f}"


def _check_pixels(path: Path, width: int, height: int, max_pixels: int) -> None:
    pixels = width * height
    if pixels > max_pixels:
        shown, limit = _megapixels(pixels), _megapixels(max_pixels)
        if shown == limit:  # just over: rounding would print "250 ... more than the 250 MP limit"
            shown, limit = f"{pixels / 1e6:.6f}", f"{max_pixels / 1e6:.6f}"
        raise ImageReadError(path, f"{width}x{height} is {shown} megapixels, more than the {limit} MP limit")


def _is_deep(im: Image.Image, fmt: str, f: IO[bytes]) -> bool:
    """Whether the file has 16-bit colour that Pillow would cut to 8 bits.

    16-bit grey TIFF stays with Pillow ("I;16" keeps all bits, and Pillow also handles its
    MinIsWhite and orientation); 16-bit PNG all goes to OpenCV, which also keeps tRNS as alpha."""
    if fmt == "HEIF":  # an iPhone's HDR photo: 10 bits (Pillow's opener would cut it to 8)
        return int(im.info.get("bit_depth", 8) or 8) > 8
    if fmt == "PNG":
        f.seek(0)
        head = f.read(26)  # signature, IHDR length and type, width, height, bit depth
        return head[:8] == _PNG_SIGNATURE and head[12:16] == b"IHDR" and head[24] == 16
    if fmt == "TIFF" and not im.mode.startswith("I;16"):
        tags = im.tag_v2  # type: ignore[attr-defined]
        bits = tags.get(_TIFF_BITS, (1,))
        bits = bits if isinstance(bits, tuple) else (bits,)
        sample_format = tags.get(_TIFF_SAMPLE_FORMAT, (1,))
        sample_format = sample_format if isinstance(sample_format, tuple) else (sample_format,)
        return (max(bits) == 16 and set(sample_format) == {1}
                and tags.get(_TIFF_PHOTOMETRIC) in (1, 2) and len(bits) in (1, 3, 4))
    return False


def _decode_with_opencv(path: Path, data: bytes, fmt: str) -> np.ndarray:
    """(H, W) or (H, W, 3|4) in RGB(A) order, as stored (no orientation)."""
    try:
        # IMREAD_UNCHANGED keeps 16 bits and alpha, and ignores orientation (applied by the caller).
        pixels = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    except MemoryError:
        raise ImageReadError(path, "not enough memory to decode it") from None
    except cv2.error as e:
        raise ImageReadError(path, f"truncated or corrupt {fmt}") from e
    if pixels is None or pixels.dtype not in (np.uint8, np.uint16):
        raise ImageReadError(path, f"truncated or corrupt {fmt}")
    if pixels.ndim == 3 and pixels.shape[2] == 3:
        return cv2.cvtColor(pixels, cv2.COLOR_BGR2RGB)
    if pixels.ndim == 3 and pixels.shape[2] == 4:
        return cv2.cvtColor(pixels, cv2.COLOR_BGRA2RGBA)
    return pixels


def _decode_deep_heif(path: Path, f: IO[bytes]) -> np.ndarray:
    """A 10- or 12-bit HEIF's pixels as uint16 (H, W, 3|4), its levels in the top bits (libheif
    turns it upright by its own rotation, as the 8-bit path does)."""
    f.seek(0)
    try:
        heif = pi_heif.open_heif(f, convert_hdr_to_8bit=False)
        pixels = np.array(heif, copy=True)  # a copy: the array must not outlive libheif's buffer
        del heif
    except MemoryError:
        raise ImageReadError(path, "not enough memory to decode it") from None
    except Exception as e:
        raise ImageReadError(path, "truncated or corrupt HEIF") from e
    if pixels.dtype != np.uint16 or pixels.ndim != 3 or pixels.shape[2] not in (3, 4):
        raise ImageReadError(path, f"unsupported HEIF pixels {pixels.dtype} {pixels.shape}")
    return pixels


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _cmyk_to_rgb(im: Image.Image) -> Image.Image:
    icc = im.info.get("icc_profile")
    if icc and meta.icc_colour_space(icc) == b"CMYK":
        try:
            # Print CMYK only looks right through its profile; the plain formula is a fallback.
            converted = ImageCms.profileToProfile(im, ImageCms.ImageCmsProfile(io.BytesIO(icc)), _SRGB,
                                                  outputMode="RGB")
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return im.convert("RGB")


def _pillow_pixels(path: Path, im: Image.Image, fmt: str) -> np.ndarray:
    """The loaded image as (H, W) grey, (H, W, 2) grey+alpha, (H, W, 3) RGB or (H, W, 4) RGBA."""
    mode = im.mode
    try:
        if mode in ("RGBA", "LA"):
            pass
        elif im.has_transparency_data:  # P with tRNS, PA, RGB/L with a colour key, premultiplied
            im = im.convert("RGBA")
        elif mode in ("RGB", "L"):
            pass
        elif mode == "1":
            im = im.convert("L")
        elif mode.startswith("I;16"):
            return np.asarray(im).astype(np.uint16)  # also turns big-endian I;16B native
        elif mode == "I":
            return np.clip(np.asarray(im), 0, 65535).astype(np.uint16)
        elif mode == "F":  # float TIFF, taken as 0..1
            return np.rint(np.clip(np.asarray(im), 0.0, 1.0) * 65535.0).astype(np.uint16)
        elif mode == "CMYK":
            im = _cmyk_to_rgb(im)
        else:  # P, YCbCr, RGBX, LAB, HSV
            im = im.convert("RGB")
        return np.asarray(im)
    except MemoryError:
        raise ImageReadError(path, "not enough memory to decode it") from None
    except Exception as e:
        raise ImageReadError(path, f"unsupported {fmt} colour mode {mode}") from e


def _orient(pixels: np.ndarray, orientation: int) -> np.ndarray:
    """Turn stored pixels upright for EXIF orientation 1-8 (OpenCV: several times numpy's speed)."""
    if orientation == 2:  # mirrored left-right
        return cv2.flip(pixels, 1)
    if orientation == 3:  # upside down
        return cv2.rotate(pixels, cv2.ROTATE_180)
    if orientation == 4:  # mirrored top-bottom
        return cv2.flip(pixels, 0)
    if orientation == 5:  # mirrored along the main diagonal
        return cv2.transpose(pixels)
    if orientation == 6:  # camera turned right: turn the pixels clockwise
        return cv2.rotate(pixels, cv2.ROTATE_90_CLOCKWISE)
    if orientation == 7:  # mirrored along the other diagonal
        return cv2.flip(cv2.transpose(pixels), -1)
    if orientation == 8:  # camera turned left
        return cv2.rotate(pixels, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return pixels


def _owned(a: np.ndarray) -> np.ndarray:
    """``a`` if it is a C-contiguous writable array of its own, else such a copy."""
    if a.flags.c_contiguous and a.flags.writeable and a.flags.owndata:
        return a
    return np.array(a, order="C")


def _split(pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """(H, W[, 1|2|3|4]) grey / grey+alpha / RGB / RGBA -> (rgb, alpha or None)."""
    if pixels.ndim == 2:
        pixels = pixels[:, :, None]
    channels = pixels.shape[2]
    if channels in (1, 2):
        rgb = np.repeat(pixels[:, :, :1], 3, axis=2)
    else:
        rgb = _owned(pixels[:, :, :3])
    alpha = _owned(pixels[:, :, channels - 1]) if channels in (2, 4) else None
    return rgb, alpha


_ICC_TAG = 34675


def _float_tiff(f: IO[bytes]) -> tuple[bytes, Image.Exif] | None:
    """(the file's bytes, its first directory) if it is a floating-point TIFF, else None."""
    f.seek(0)
    data = f.read()
    f.seek(0)
    if _sniff(data[:16]) != "TIFF":
        return None
    tags = Image.Exif()
    try:
        with warnings.catch_warnings():  # Pillow warns of the pixel-layout tags it cannot read as EXIF
            warnings.simplefilter("ignore")
            tags.load(b"Exif\x00\x00" + data)
    except Exception:  # no readable directory: the caller's "corrupt" stands
        return None
    formats = tags.get(_TIFF_SAMPLE_FORMAT, (1,))
    return (data, tags) if 3 in (formats if isinstance(formats, tuple) else (formats,)) else None


def _read_float_tiff(path: Path, f: IO[bytes], max_pixels: int) -> Photo | None:
    """A floating-point colour TIFF (Pillow opens only grey ones), read by OpenCV, or None if the
    file is not one. Values are taken as 0..1, like a grey float TIFF, and kept at 16 bits; an HDR
    file's highlights above 1 are clipped."""
    found = _float_tiff(f)
    if found is None:
        return None
    data, tags = found
    width, height = int(tags.get(_TIFF_WIDTH, 0) or 0), int(tags.get(_TIFF_HEIGHT, 0) or 0)
    _check_pixels(path, width, height, max_pixels)
    try:
        pixels = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    except MemoryError:
        raise ImageReadError(path, "not enough memory to decode it") from None
    except cv2.error as e:
        raise ImageReadError(path, "truncated or corrupt floating-point TIFF") from e
    if pixels is None or pixels.dtype.kind != "f":
        raise ImageReadError(path, "truncated or corrupt floating-point TIFF")
    if pixels.ndim == 3 and pixels.shape[2] in (3, 4):
        pixels = cv2.cvtColor(pixels.astype(np.float32), cv2.COLOR_BGR2RGB if pixels.shape[2] == 3 else cv2.COLOR_BGRA2RGBA)
    pixels = np.rint(np.clip(np.nan_to_num(pixels, nan=0.0), 0.0, 1.0) * 65535.0).astype(np.uint16)
    orientation = int(tags.get(meta.ORIENTATION, 1) or 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exif = meta.exif_from_tiff(tags)
    except Exception:  # damaged EXIF costs the metadata, not the photo
        exif = None
    icc = tags.get(_ICC_TAG) or None
    if not isinstance(icc, bytes) or meta.icc_colour_space(icc) != b"RGB ":
        icc = None
    rgb, alpha = _split(_orient(pixels, orientation if 1 <= orientation <= 8 else 1))
    return Photo(rgb=rgb, alpha=alpha, exif=exif, icc=icc, path=path, format="TIFF")


def read_photo(path: StrPath, *, max_pixels: int = MAX_PIXELS, reduce_to: int | None = None) -> Photo:
    """Decode the photo at ``path``, upright, at its full bit depth.

    Grey, palette, CMYK and 1-bit files become RGB; alpha (RGBA, grey+alpha, palette
    transparency) is kept. Files over ``max_pixels`` (width x height) are refused from the
    header, before any decoding. Raises ``ImageReadError`` and nothing else for a bad file.

    ``reduce_to``: only a copy about this long is wanted (a thumbnail). A JPEG is then decoded
    at 1/2, 1/4 or 1/8 of its size by its DCT (several times faster), never below ``reduce_to``
    on either side's scale; other formats decode whole. The caller shrinks the rest of the way."""
    p = Path(path)
    with _open_for_reading(p) as f:
        if _is_raw(p, f):
            return read_raw(p, max_pixels=max_pixels, reduce_to=reduce_to)
        try:
            im = _open_header(p, f)
        except ImageReadError:
            if _is_dng(f):  # Pillow opens no mosaic TIFF: a DNG named .tif
                return read_raw(p, max_pixels=max_pixels, reduce_to=reduce_to)
            floating = _read_float_tiff(p, f, max_pixels)  # an HDR merge or a scan saved as 32-bit float
            if floating is not None:
                return floating
            raise
        with im:
            fmt = _format_name(im)
            width, height = _stored_size(im, fmt)
            _check_pixels(p, width, height, max_pixels)
            if reduce_to is not None and fmt == "JPEG":
                side = max(1, int(reduce_to))
                im.draft(None, (side, side))
            orientation = _header_orientation(im, fmt)
            exif: bytes | None
            if fmt == "TIFF":  # before loading: Pillow drops a TIFF's Orientation when it applies it
                try:
                    exif = meta.exif_from_tiff(im.getexif())
                except Exception:  # damaged EXIF costs the metadata, not the photo
                    exif = None
            if _is_deep(im, fmt, f) and fmt == "HEIF":
                pixels = _decode_deep_heif(p, f)
            elif _is_deep(im, fmt, f):
                f.seek(0)
                pixels = _decode_with_opencv(p, f.read(), fmt)
            else:
                try:
                    with _strict_pillow():
                        im.load()
                except MemoryError:
                    raise ImageReadError(p, "not enough memory to decode it") from None
                except Exception as e:
                    raise ImageReadError(p, f"truncated or corrupt {fmt}") from e
                if fmt == "TIFF" and meta.ORIENTATION not in im.tag_v2:  # type: ignore[attr-defined]
                    orientation = 1  # recent Pillow turns TIFFs upright while loading them
                pixels = _pillow_pixels(p, im, fmt)
            if fmt != "TIFF":
                # Read again after loading: a PNG may keep its eXIf behind the pixel data.
                exif = meta.normalize_exif(im.info.get("exif"))
                orientation = meta.exif_orientation(exif)
                exif = meta.reset_orientation(exif) if exif else None
            icc = im.info.get("icc_profile") or None
            if icc is not None and meta.icc_colour_space(icc) != b"RGB ":
                icc = None
    rgb, alpha = _split(_orient(pixels, orientation))
    return Photo(rgb=rgb, alpha=alpha, exif=exif, icc=icc, path=p, format=fmt)


def read_size(path: StrPath) -> tuple[int, int]:
    """(height, width) of the photo at ``path`` as displayed (after orientation), from the
    header alone. Raises ``ImageReadError`` like ``read_photo``; no pixel limit applies."""
    p = Path(path)
    with _open_for_reading(p) as f:
        if _is_raw(p, f):
            return raw_size(p)
        try:
            im = _open_header(p, f)
        except ImageReadError:
            found = _float_tiff(f)
            if found is None:
                raise
            tags = found[1]
            width, height = int(tags.get(_TIFF_WIDTH, 0) or 0), int(tags.get(_TIFF_HEIGHT, 0) or 0)
            turned = int(tags.get(meta.ORIENTATION, 1) or 1) in (5, 6, 7, 8)
            return (width, height) if turned else (height, width)
        with im:
            fmt = _format_name(im)
            width, height = _stored_size(im, fmt)
            if _header_orientation(im, fmt) >= 5:  # 5-8 turn the photo by a quarter
                width, height = height, width
    return height, width


# --------------------------------------------------------------------------------------------
# Writing


def format_for_path(path: StrPath) -> str:
    """The format ``write_photo`` uses for ``path``: "JPEG", "PNG", "TIFF", "WEBP" or "BMP"."""
    p = Path(path)
    fmt = _FORMAT_BY_SUFFIX.get(p.suffix.lower())
    if fmt is None:
        known = ", ".join(WRITE_SUFFIXES)
        what = f"unknown image type '{p.suffix}'" if p.suffix else "no file extension"
        raise ImageWriteError(p, f"{what} (use one of {known})")
    return fmt


def export_suffix(path: StrPath) -> str:
    """The suffix an edit of the photo at ``path`` is saved with unless the user picks one: its
    own where ``write_photo`` can write it; a PNG for a BMP or a GIF (lossless, and it keeps
    alpha); a JPEG for a camera raw, HEIC or AVIF, which cannot be written (as Lightroom exports
    them)."""
    own = Path(path).suffix
    if own.lower() in (".bmp", ".gif"):
        return ".png"
    return own if own.lower() in _FORMAT_BY_SUFFIX else ".jpg"


def _check_array(path: Path, name: str, a: Any, shape: tuple[int, ...] | None) -> np.ndarray:
    if not isinstance(a, np.ndarray):
        raise ImageWriteError(path, f"{name} must be a numpy array, got {type(a).__name__}")
    if shape is None:
        if a.ndim != 3 or a.shape[2] != 3 or a.shape[0] < 1 or a.shape[1] < 1:
            raise ImageWriteError(path, f"{name} must have shape (H, W, 3), got {a.shape}")
    elif a.shape != shape:
        raise ImageWriteError(path, f"{name} must have shape {shape}, got {a.shape}")
    if a.dtype not in (np.uint8, np.uint16) and a.dtype.kind != "f":
        raise ImageWriteError(path, f"{name} must be uint8, uint16 or float in [0, 1], got {a.dtype}")
    return a


def _resolve_bit_depth(path: Path, fmt: str, rgb: np.ndarray, bit_depth: int | None) -> int:
    if bit_depth is None:
        return 16 if rgb.dtype == np.uint16 and fmt in _SIXTEEN_BIT_FORMATS else 8
    if bit_depth not in (8, 16):
        raise ImageWriteError(path, f"bit_depth must be 8 or 16, got {bit_depth}")
    if bit_depth == 16 and fmt not in _SIXTEEN_BIT_FORMATS:
        raise ImageWriteError(path, f"{fmt} cannot store 16 bits per channel (use .png or .tif)")
    return bit_depth


def _quantize(a: np.ndarray, bit_depth: int) -> np.ndarray:
    """``a`` as uint8 / uint16, rounding to the nearest level; floats are clipped to [0, 1]."""
    target = np.uint8 if bit_depth == 8 else np.uint16
    if a.dtype == target:
        return a
    if a.dtype == np.uint8:  # 255 * 257 == 65535: the 8-bit levels land exactly on 16-bit ones
        return a.astype(np.uint16) * np.uint16(257)
    if a.dtype == np.uint16:  # round(x / 257) in integers
        return ((a.astype(np.uint32) + 128) // 257).astype(np.uint8)
    top = 255.0 if bit_depth == 8 else 65535.0
    x = np.multiply(a, np.float32(top), dtype=np.float32)  # float32 resolves 1/65535 steps with room to spare
    np.fmax(x, 0.0, out=x)  # fmax, unlike clip, also turns a NaN from an edit into 0 rather than noise
    np.fmin(x, top, out=x)
    np.rint(x, out=x)
    return x.astype(target)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist: compare where the names lead
        return os.path.realpath(a) == os.path.realpath(b)


def _check_target(path: Path, overwrite: bool, protect: Sequence[StrPath]) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise ImageWriteError(path, f"folder {folder} does not exist")
    if path.is_dir():
        raise ImageWriteError(path, "is a folder")
    for original in protect:
        if _same_file(path, Path(original)):
            raise ImageWriteError(path, "would overwrite the original photo")
    if not overwrite and os.path.lexists(path):
        raise ImageWriteError(path, "exists (not overwritten)")


def _encode_sixteen_bit(fmt: str, rgb: np.ndarray, alpha: np.ndarray | None,
                        exif: bytes | None, icc: bytes | None) -> bytes:
    """16-bit PNG / TIFF bytes through OpenCV (Pillow has no 16-bit RGB mode)."""
    if alpha is None:
        bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    else:
        bgr = cv2.cvtColor(np.dstack((rgb, alpha)), cv2.COLOR_RGBA2BGRA)
    if fmt == "PNG":
        kinds: list[int] = []
        chunks: list[np.ndarray] = []
        if exif:
            kinds.append(cv2.IMAGE_METADATA_EXIF)  # PNG's eXIf chunk holds the bare TIFF structure
            chunks.append(np.frombuffer(meta.exif_body(exif), np.uint8))
        if icc:
            kinds.append(cv2.IMAGE_METADATA_ICCP)
            chunks.append(np.frombuffer(icc, np.uint8))
        ok, buf = cv2.imencodeWithMetadata(".png", bgr, kinds, chunks) if kinds else cv2.imencode(".png", bgr)
        if not ok:
            raise RuntimeError("OpenCV could not encode the PNG")
        return buf.tobytes()
    ok, buf = cv2.imencode(".tif", bgr)
    if not ok:
        raise RuntimeError("OpenCV could not encode the TIFF")
    # OpenCV's TIFF has no metadata, and no ExtraSamples tag to say the 4th channel is alpha.
    return meta.tiff_add_metadata(buf.tobytes(), exif=exif, icc=icc, extra_samples=2 if alpha is not None else None)


def _encode(f: IO[bytes], fmt: str, rgb: np.ndarray, alpha: np.ndarray | None, quality: int,
            exif: bytes | None, icc: bytes | None) -> None:
    if rgb.dtype == np.uint16:
        f.write(_encode_sixteen_bit(fmt, rgb, alpha, exif, icc))
        return
    image = Image.fromarray(np.dstack((rgb, alpha)) if alpha is not None else rgb)
    if fmt == "TIFF":
        # Compressed through libtiff, which refuses an Exif sub-IFD: tags are added afterwards.
        buf = io.BytesIO()
        image.save(buf, "TIFF", compression="tiff_adobe_deflate")
        f.write(meta.tiff_add_metadata(buf.getvalue(), exif=exif, icc=icc))
        return
    params: dict[str, Any] = {}
    if fmt != "BMP":  # Pillow's BMP writer keeps neither
        if exif:
            params["exif"] = exif
        if icc:
            params["icc_profile"] = icc
    if fmt == "JPEG":
        params["quality"] = quality
    elif fmt == "PNG":
        # Measured on a 24 MP photo: level 3 takes 3.6 s against 8.3 s for Pillow's default 6, and
        # its file was no larger (photo noise does not deflate much harder at higher levels).
        params["compress_level"] = 3
    elif fmt == "WEBP":
        if quality == 100:
            # Lossy WebP at 100 still loses detail, so 100 means "keep every value". For lossless,
            # Pillow's quality is encoder effort: 25 with method 2 gave a file within 0.5% of 70 with
            # method 4 in 40% of the time (1.5k x 2k photo).
            params.update(lossless=True, quality=25, method=2)
        else:
            params["quality"] = quality
        params["exact"] = True  # keep the RGB under transparent pixels: an edit may still reveal them
    image.save(f, fmt, **params)


def write_photo(path: StrPath, rgb: np.ndarray, alpha: np.ndarray | None = None, *,
                quality: int = 92, bit_depth: int | None = None,
                exif: bytes | None = None, icc: bytes | None = None,
                overwrite: bool = True, protect: Sequence[StrPath] = ()) -> Path:
    """Write ``rgb`` (and ``alpha``) to ``path`` in the format its suffix names; return the path.

    ``rgb`` is (H, W, 3) uint8, uint16, or float in [0, 1] (rounded to the nearest level);
    ``alpha`` is (H, W) of any of those types. ``bit_depth`` None means 16 for uint16 data
    going to PNG or TIFF and 8 otherwise. Alpha is kept by PNG, TIFF and WebP and dropped by
    JPEG and BMP. ``quality`` (1-100) applies to JPEG and WebP; WebP at 100 is lossless.
    ``exif`` (its Orientation is set to 1: the array is written as displayed) and ``icc`` are
    kept by JPEG, PNG, TIFF and WebP; BMP keeps neither, and ``exif`` that is not EXIF is left out
    rather than failing the export.

    The file appears in one rename, so a failure leaves any earlier file at ``path`` as it was.
    ``overwrite=False`` refuses an existing file; a path that is the same file as any of
    ``protect`` (the photo being edited) is always refused. Raises ``ImageWriteError``."""
    target = Path(path)
    fmt = format_for_path(target)
    rgb = _check_array(target, "rgb", rgb, None)
    if alpha is not None:
        alpha = _check_array(target, "alpha", alpha, rgb.shape[:2])
    if isinstance(quality, bool) or not isinstance(quality, (int, np.integer)) or not 1 <= quality <= 100:
        raise ImageWriteError(target, f"quality must be an integer from 1 to 100, got {quality!r}")
    depth = _resolve_bit_depth(target, fmt, rgb, bit_depth)
    _check_target(target, overwrite, protect)

    pixels = _quantize(rgb, depth)
    alpha_pixels = _quantize(alpha, depth) if alpha is not None and fmt in _ALPHA_FORMATS else None
    exif_bytes = meta.without_private(meta.normalize_exif(exif))  # what only this app reads stays in memory
    exif_bytes = meta.reset_orientation(exif_bytes) if exif_bytes else None
    try:
        with atomic_path(target) as tmp:  # keeps the permissions of a file it replaces
            with open(tmp, "wb") as f:
                _encode(f, fmt, pixels, alpha_pixels, int(quality), exif_bytes, icc or None)
    except PermissionError:
        raise ImageWriteError(target, "permission denied") from None
    except OSError as e:
        raise ImageWriteError(target, f"could not write ({e.strerror or e})") from e
    except MemoryError:
        raise ImageWriteError(target, "not enough memory to encode it") from None
    except Exception as e:
        raise ImageWriteError(target, f"could not encode {fmt} ({e})") from e
    return target


__all__ = [
    "MAX_PIXELS", "READ_SUFFIXES", "WRITE_SUFFIXES", "ImageReadError", "ImageWriteError", "Photo",
    "export_suffix", "format_for_path", "read_photo", "read_size", "write_photo",
]
