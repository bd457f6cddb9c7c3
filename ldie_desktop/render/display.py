"""Showing a photo's colours right on screen (colour management of the preview).

A photo's numbers mean colours only through its colour profile: an iPhone's photos are Display
P3, many cameras' Adobe RGB, and the same (200, 40, 40) is a deeper red in either than in sRGB.
Edits and exports work on the photo's own numbers (the export embeds the same profile), so only
what is *shown* is converted: from the embedded ICC profile to sRGB, what a screen without a
profile of its own is taken to be (GIMP's and darktable's default). LittleCMS does it, through
Pillow's ImageCms, on the render workers. Photos without a profile, or whose profile is sRGB
(most camera JPEGs embed one), are shown as they are.

A screen with a profile of its own (a wide-gamut monitor: Display P3, Adobe RGB; View > Display
profile, GIMP's and darktable's monitor profile) is set once for the process
(:func:`set_screen_profile`); every photo is then converted to it, an sRGB one too. Exports
never use it: :func:`to_srgb` converts to sRGB whatever the screen.
"""

from __future__ import annotations

import functools
import io

import numpy as np
from PIL import Image, ImageCms

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_PROBE = np.stack(np.meshgrid(*[np.linspace(0, 255, 6, dtype=np.uint8)] * 3, indexing="ij"), -1).reshape(1, -1, 3)


class DisplayTransform:
    """Converts uint8 pictures in one ICC profile's colours to another's (sRGB unless
    ``target`` is given); call it on an (H, W, 3) uint8 array. Safe to call from several threads
    at once (LittleCMS's one-pixel cache is off)."""

    def __init__(self, icc: bytes, target: bytes | None = None) -> None:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        dest = _SRGB if target is None else ImageCms.ImageCmsProfile(io.BytesIO(target))
        self.description = (ImageCms.getProfileDescription(source) or "").strip()
        self._transform = ImageCms.buildTransform(
            source, dest, "RGB", "RGB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            flags=ImageCms.Flags.NOCACHE | ImageCms.Flags.BLACKPOINTCOMPENSATION)

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
            raise ValueError(f"DisplayTransform expects (H, W, 3) uint8, got {rgb.shape} {rgb.dtype}")
        if rgb.size == 0:
            return rgb.copy()
        out = ImageCms.applyTransform(Image.fromarray(np.ascontiguousarray(rgb), "RGB"), self._transform)
        assert out is not None  # not in place
        return np.asarray(out)

    def changes_colours(self) -> bool:
        """Whether it moves any colour of a coarse grid by more than one level (an sRGB profile
        under another name does not)."""
        moved = self(_PROBE).astype(np.int16) - _PROBE
        return bool(np.abs(moved).max() > 1)


@functools.lru_cache(maxsize=16)
def _cached(icc: bytes, target: bytes | None = None) -> DisplayTransform | None:
    try:
        transform = DisplayTransform(icc, target)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None  # a damaged profile: the numbers are shown as they are, as without one
    return transform if transform.changes_colours() else None


#: The screen's profile (:func:`set_screen_profile`); None: an sRGB screen.
_SCREEN: list[bytes | None] = [None]
_AS_SET = object()


def set_screen_profile(icc: bytes | None) -> str:
    """Show every photo converted to the screen profile ``icc`` (None: sRGB, the default);
    returns its description. Raises ``ValueError`` (one line) for bytes that are not an RGB
    display profile LittleCMS can use, and the screen stays as it was."""
    if icc is None:
        _SCREEN[0] = None
        return "sRGB"
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        DisplayTransform(SRGB_ICC, icc)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        raise ValueError(f"not a colour profile this screen can use ({' '.join(str(exc).split()) or 'unreadable'})") from None
    if bytes(icc[16:20]) != b"RGB ":
        raise ValueError("not an RGB profile (a screen's profile is RGB)")
    _SCREEN[0] = bytes(icc)
    return (ImageCms.getProfileDescription(profile) or "").strip() or "unnamed profile"


def screen_profile() -> bytes | None:
    """The screen profile photos are shown in (None: sRGB)."""
    return _SCREEN[0]


def display_transform(icc: bytes | None, screen: bytes | None | object = _AS_SET) -> DisplayTransform | None:
    """The conversion a photo with this embedded RGB profile needs to be seen right on the
    screen (the one :func:`set_screen_profile` set, else sRGB; ``screen`` says another); None
    when it needs none (no profile on an sRGB screen, the screen's own profile, one LittleCMS
    cannot read). Made once per distinct pair of profiles."""
    target = _SCREEN[0] if screen is _AS_SET else screen
    if not icc and not target:
        return None
    return _cached(icc or SRGB_ICC, target)  # type: ignore[arg-type]


SRGB_ICC: bytes = _SRGB.tobytes()
"""An sRGB profile, embedded in exports converted to sRGB."""
#: The converting table's nodes per axis: 0, 3, ... 255 (LittleCMS converts 8-bit samples).
_NODES = 86


@functools.lru_cache(maxsize=8)
def _srgb_table(icc: bytes) -> np.ndarray | None:
    transform = display_transform(icc, screen=None)
    if transform is None:
        return None
    v = np.arange(_NODES, dtype=np.uint16) * 3
    b, g, r = np.meshgrid(v, v, v, indexing="ij")  # the table is indexed [b, g, r]
    grid = np.stack([r, g, b], -1).reshape(1, -1, 3).astype(np.uint8)
    return (transform(grid).reshape(_NODES, _NODES, _NODES, 3).astype(np.float32) / 255.0)


def to_srgb(rgb: np.ndarray, icc: bytes | None, bits: int = 8) -> np.ndarray | None:
    """``rgb`` (float32 ``(H, W, 3)`` in [0, 1], any size) in sRGB numbers, for an export that
    must look right where profiles are ignored (many web sites strip them); None when the
    profile is sRGB already (or none, or unreadable). For an 8-bit file LittleCMS converts the
    8-bit levels themselves (uint8 comes back); for 16 bits, an 86-node table it fills,
    interpolated tetrahedrally, keeps the gradations smooth (within about 3 levels of 255 of
    the 8-bit conversion for 999 in 1,000 colours; more only for deep, saturated colours
    outside sRGB, where clipping bends the conversion)."""
    from . import kernels

    transform = display_transform(icc, screen=None)  # an export is for other screens: sRGB, not this one's
    if transform is None:
        return None
    if bits == 8:
        return transform(kernels.quantize(rgb, 8))
    table = _srgb_table(icc)  # type: ignore[arg-type]
    return None if table is None else kernels.apply_lut(rgb, table)


def for_display(rgb: np.ndarray, icc: bytes | None) -> np.ndarray:
    """``rgb`` (uint8) as the screen should show it; ``rgb`` itself when nothing changes."""
    transform = display_transform(icc)
    return rgb if transform is None else transform(rgb)
