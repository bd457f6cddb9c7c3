"""Showing a photo's colours right on screen (colour management of the preview).

A photo's numbers mean colours only through its colour profile: an iPhone's photos are Display
P3, many cameras' Adobe RGB, and the same (200, 40, 40) is a deeper red in either than in sRGB.
Edits and exports work on the photo's own numbers (the export embeds the same profile), so only
what is *shown* is converted: from the embedded ICC profile to sRGB, what a screen without a
profile of its own is taken to be (GIMP's and darktable's default). LittleCMS does it, through
Pillow's ImageCms, on the render workers. Photos without a profile, or whose profile is sRGB
(most camera JPEGs embed one), are shown as they are.
"""

from __future__ import annotations

import functools
import hashlib
import io

import numpy as np
from PIL import Image, ImageCms

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_PROBE = np.stack(np.meshgrid(*[np.linspace(0, 255, 6, dtype=np.uint8)] * 3, indexing="ij"), -1).reshape(1, -1, 3)


class DisplayTransform:
    """Converts uint8 pictures in one ICC profile's colours to sRGB; call it on an (H, W, 3)
    uint8 array. Safe to call from several threads at once (LittleCMS's one-pixel cache is off)."""

    def __init__(self, icc: bytes) -> None:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        self.description = (ImageCms.getProfileDescription(source) or "").strip()
        self._transform = ImageCms.buildTransform(
            source, _SRGB, "RGB", "RGB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
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
def _cached(digest: str, icc: bytes) -> DisplayTransform | None:
    try:
        transform = DisplayTransform(icc)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None  # a damaged profile: the numbers are shown as they are, as without one
    return transform if transform.changes_colours() else None


def display_transform(icc: bytes | None) -> DisplayTransform | None:
    """The conversion a photo with this embedded RGB profile needs to be seen right on an sRGB
    screen; None when it needs none (no profile, an sRGB one, or one LittleCMS cannot read).
    Made once per distinct profile."""
    if not icc:
        return None
    return _cached(hashlib.sha1(icc).hexdigest(), icc)


def for_display(rgb: np.ndarray, icc: bytes | None) -> np.ndarray:
    """``rgb`` (uint8) as an sRGB screen should show it; ``rgb`` itself when nothing changes."""
    transform = display_transform(icc)
    return rgb if transform is None else transform(rgb)
