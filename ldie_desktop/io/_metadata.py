"""EXIF and ICC bytes: the orientation tag, which tags travel between formats, and TIFF tags
that the 16-bit encoder (OpenCV) cannot write itself.

EXIF here is always one ``bytes`` value in the form Pillow's JPEG writer wants:
``b"Exif\\0\\0"`` followed by a TIFF structure (byte order mark, IFD0, sub-IFDs).
"""

from __future__ import annotations

import struct
from typing import Any

from PIL import Image, TiffImagePlugin

EXIF_HEADER = b"Exif\x00\x00"
ORIENTATION = 0x0112
EXIF_IFD = 0x8769
MAKE, MODEL = 0x010F, 0x0110
#: In the Exif sub-IFD: how the photo was taken (a lens correction needs them).
MAKER_NOTE, LENS_MODEL, FOCAL_LENGTH, F_NUMBER, SUBJECT_DISTANCE = 0x927C, 0xA434, 0x920A, 0x829D, 0x9206
GPS_IFD = 0x8825
INTEROP_IFD = 0xA005
ICC_PROFILE = 34675
EXTRA_SAMPLES = 338

_TIFF_MAGIC = {b"II*\x00": "<", b"MM\x00*": ">"}
_SHORT = 3

# IFD0 tags that describe the photo rather than lay out its pixels. A TIFF's IFD0 mixes both
# kinds; copying StripOffsets or BitsPerSample from one file into another corrupts it, so only
# these (and the Exif/GPS sub-IFDs) cross between files.
DESCRIPTIVE_TAGS = frozenset({
    270,    # ImageDescription
    271,    # Make
    272,    # Model
    ORIENTATION,
    282,    # XResolution
    283,    # YResolution
    296,    # ResolutionUnit
    305,    # Software
    306,    # DateTime
    315,    # Artist
    318,    # WhitePoint
    319,    # PrimaryChromaticities
    33432,  # Copyright
})


def normalize_exif(raw: bytes | None) -> bytes | None:
    """``raw`` with exactly one ``Exif\\0\\0`` prefix, or None when it is missing or not EXIF.

    WebP and some PNG writers store the TIFF structure bare and others add the prefix twice;
    one spelling keeps every writer below simple."""
    if not raw:
        return None
    body = bytes(raw)
    while body.startswith(EXIF_HEADER):
        body = body[len(EXIF_HEADER):]
    if body[:4] not in _TIFF_MAGIC:
        return None
    return EXIF_HEADER + body


def exif_body(exif: bytes) -> bytes:
    """The TIFF structure without the ``Exif\\0\\0`` prefix (what PNG's eXIf chunk holds)."""
    return exif[len(EXIF_HEADER):] if exif.startswith(EXIF_HEADER) else exif


def _orientation_entry(exif: bytes) -> tuple[int, str, int] | None:
    """(offset of the value in ``exif``, byte order, value) of IFD0's Orientation, if any.

    A byte-level walk rather than Pillow's parser, so that resetting the tag changes two
    bytes and leaves everything else (maker notes with absolute offsets included) as it was."""
    base = len(EXIF_HEADER)
    order = _TIFF_MAGIC.get(exif[base:base + 4])
    if order is None or len(exif) < base + 8:
        return None
    ifd0 = base + struct.unpack_from(order + "I", exif, base + 4)[0]
    if ifd0 + 2 > len(exif):
        return None
    count = struct.unpack_from(order + "H", exif, ifd0)[0]
    for i in range(count):
        entry = ifd0 + 2 + 12 * i
        if entry + 12 > len(exif):
            return None
        tag, typ, n = struct.unpack_from(order + "HHI", exif, entry)
        if tag == ORIENTATION:
            if typ != _SHORT or n < 1:
                return None
            return entry + 8, order, struct.unpack_from(order + "H", exif, entry + 8)[0]
    return None


def exif_orientation(exif: bytes | None) -> int:
    """The EXIF Orientation (1-8) of normalized ``exif``; 1 when absent or out of range."""
    found = _orientation_entry(exif) if exif else None
    if found is None or not 1 <= found[2] <= 8:
        return 1
    return found[2]


def reset_orientation(exif: bytes) -> bytes:
    """``exif`` with Orientation set to 1: our pixels are stored upright, and a viewer that
    read the old value would rotate them a second time."""
    found = _orientation_entry(exif)
    if found is None or found[2] == 1:
        return exif
    offset, order, _ = found
    patched = bytearray(exif)
    struct.pack_into(order + "H", patched, offset, 1)
    return bytes(patched)


def _portable_tags(exif: Image.Exif) -> dict[int, Any]:
    """The descriptive IFD0 tags and the Exif/GPS sub-IFDs of ``exif``, ready to re-serialize."""
    tags: dict[int, Any] = {tag: exif[tag] for tag in DESCRIPTIVE_TAGS if tag in exif}
    for pointer in (EXIF_IFD, GPS_IFD):
        if pointer in exif:
            sub = dict(exif.get_ifd(pointer))
            # The Interop pointer is an offset into the old file; re-serialized it points at junk.
            sub.pop(INTEROP_IFD, None)
            if sub:
                tags[pointer] = sub
    return tags


def exif_from_tiff(tiff_exif: Image.Exif) -> bytes | None:
    """EXIF bytes for a TIFF's metadata (its ``getexif()``), without the pixel-layout tags."""
    exif = Image.Exif()
    for tag, value in _portable_tags(tiff_exif).items():
        exif[tag] = value
    if not len(exif):
        return None
    if ORIENTATION in exif:
        exif[ORIENTATION] = 1
    return exif.tobytes()


#: What an export keeps of a photo's EXIF (Lightroom's export Metadata): everything; everything
#: but where it was taken (the GPS block); or only who made it (Artist and Copyright).
METADATA_CHOICES = ("all", "no_location", "copyright")
ARTIST, COPYRIGHT = 315, 33432


def limited_exif(exif: bytes | None, keep: str = "all") -> bytes | None:
    """``exif`` with only what ``keep`` (:data:`METADATA_CHOICES`) keeps; None when nothing is
    left. "no_location" drops the GPS block (a photo shared without saying where home is)."""
    if keep not in METADATA_CHOICES:
        raise ValueError(f"unknown metadata choice {keep!r}; one of {', '.join(METADATA_CHOICES)}")
    body = normalize_exif(exif)
    if keep == "all" or body is None:
        return body
    src = Image.Exif()
    src.load(body)
    tags = _portable_tags(src)
    if keep == "no_location":
        tags.pop(GPS_IFD, None)
    else:
        tags = {tag: value for tag, value in tags.items() if tag in (ARTIST, COPYRIGHT)}
    out = Image.Exif()
    for tag, value in tags.items():
        out[tag] = value
    return out.tobytes() if len(out) else None


def with_credit(exif: bytes | None, artist: str = "", copyright: str = "") -> bytes | None:  # noqa: A002
    """``exif`` with its Artist and Copyright set to ``artist`` and ``copyright`` (those given;
    a new EXIF block when there is none), as an export's credit line."""
    artist, copyright = " ".join(str(artist).split()), " ".join(str(copyright).split())  # noqa: A001
    if not artist and not copyright:
        return exif
    body = normalize_exif(exif)
    out = Image.Exif()
    if body is not None:
        out.load(body)
        tags = _portable_tags(out)
        out = Image.Exif()
        for tag, value in tags.items():
            out[tag] = value
    if artist:
        out[ARTIST] = artist
    if copyright:
        out[COPYRIGHT] = copyright
    return out.tobytes()


#: A private IFD0 tag (TIFF's reusable range) in a developed raw's EXIF, in memory only: the
#: camera's colour as LibRaw developed it, for white balance (``ops/white_balance.py``): its
#: matrix to linear sRGB (9 numbers, by rows), the as-shot and the daylight multipliers (3 each),
#: as text. Never written into a file (:func:`without_private`).
CAMERA_COLOUR = 65001


def with_camera_colour(exif: bytes | None, numbers: list[float]) -> bytes:
    """``exif`` (or a new block) carrying the camera's colour numbers in :data:`CAMERA_COLOUR`."""
    out = Image.Exif()
    body = normalize_exif(exif)
    if body is not None:
        out.load(body)
    out[CAMERA_COLOUR] = " ".join(f"{float(v):.6g}" for v in numbers)
    return out.tobytes()


def camera_colour(exif: bytes | None) -> list[float] | None:
    """The 15 camera colour numbers a developed raw's EXIF carries, or None."""
    body = normalize_exif(exif)
    if body is None:
        return None
    ex = Image.Exif()
    try:
        ex.load(body)
        text = ex.get(CAMERA_COLOUR)
        nums = [float(v) for v in str(text).split()] if text else []
    except (ValueError, TypeError, SyntaxError, struct.error):
        return None
    return nums if len(nums) == 15 and all(v == v and abs(v) < 1e6 for v in nums) else None


def without_private(exif: bytes | None) -> bytes | None:
    """``exif`` without what only this app reads (:data:`CAMERA_COLOUR`), as written to files."""
    body = normalize_exif(exif)
    if body is None or struct.pack("<H", CAMERA_COLOUR) not in body and struct.pack(">H", CAMERA_COLOUR) not in body:
        return body
    ex = Image.Exif()
    ex.load(body)
    if CAMERA_COLOUR not in ex:
        return body
    del ex[CAMERA_COLOUR]
    return ex.tobytes() if len(ex) else None


def icc_colour_space(icc: bytes) -> bytes:
    """The ICC header's data colour space signature, e.g. ``b"RGB "``, ``b"GRAY"``, ``b"CMYK"``."""
    return icc[16:20]


def tiff_add_metadata(data: bytes, *, exif: bytes | None, icc: bytes | None,
                      extra_samples: int | None = None) -> bytes:
    """A classic TIFF file ``data`` with EXIF tags, an ICC profile and ExtraSamples added to IFD0.

    OpenCV writes no metadata into TIFF, and Pillow's libtiff writer rejects an Exif sub-IFD, so
    the tags are added afterwards: the new values and a rewritten IFD0 are appended, and the
    header is pointed at the new IFD0. Existing offsets stay valid because nothing moves."""
    order = _TIFF_MAGIC.get(data[:4])
    if order is None:
        raise ValueError("not a classic TIFF (BigTIFF is not supported)")

    extra = TiffImagePlugin.ImageFileDirectory_v2(ifh=data[:8])
    if exif:
        loaded = Image.Exif()
        loaded.load(exif)
        for tag, value in _portable_tags(loaded).items():
            if tag != ORIENTATION:  # the pixels are upright; no tag means orientation 1
                extra[tag] = value
    if icc:
        extra[ICC_PROFILE] = icc
    if extra_samples is not None:
        extra[EXTRA_SAMPLES] = extra_samples
    if not len(extra):
        return data

    ifd0 = struct.unpack_from(order + "I", data, 4)[0]
    count = struct.unpack_from(order + "H", data, ifd0)[0]
    entries = {struct.unpack_from(order + "H", data, ifd0 + 2 + 12 * i)[0]: data[ifd0 + 2 + 12 * i:ifd0 + 14 + 12 * i]
               for i in range(count)}
    next_ifd = data[ifd0 + 2 + 12 * count:ifd0 + 6 + 12 * count]

    out = bytearray(data)
    if len(out) % 2:
        out += b"\0"  # TIFF offsets must be even
    # Pillow writes the added tags as a complete IFD at this offset, with their out-of-line values
    # (sub-IFDs, the ICC bytes) behind it; only its 12-byte entries are taken into the new IFD0.
    blob = extra.tobytes(len(out))
    added = struct.unpack_from(order + "H", blob, 0)[0]
    for i in range(added):
        entry = blob[2 + 12 * i:14 + 12 * i]
        entries[struct.unpack_from(order + "H", entry, 0)[0]] = entry
    out += blob
    if len(out) % 2:
        out += b"\0"
    new_ifd0 = len(out)
    out += struct.pack(order + "H", len(entries)) + b"".join(entries[t] for t in sorted(entries)) + next_ifd
    if len(out) > 0xFFFFFFFF:
        raise ValueError("TIFF larger than 4 GiB")
    struct.pack_into(order + "I", out, 4, new_ifd0)
    return bytes(out)
