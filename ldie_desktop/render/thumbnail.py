"""Thumbnails of photos as they are edited: the photo decoded small (a JPEG by its DCT), its
saved edit stack rendered on that copy by the one render path, as the preview renders it.

A filmstrip shows these, so a folder's edited photos look edited, crops and all. Qt-free: the
window runs :func:`make_thumbnail` on a worker thread and turns the result into pixels."""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from ..document import sidecar
from ..document.sidecar import SidecarError
from ..io import read_photo, read_size
from .display import for_display
from .pipeline import Renderer, make_proxy

#: The long side of a thumbnail by default, in pixels.
THUMB_SIDE = 160


@dataclass(frozen=True)
class Thumbnail:
    rgb: np.ndarray
    """(h, w, 3) uint8: the photo with its saved edits, at most ``long_side`` long, in the
    colours an sRGB screen should show (its embedded profile converted, as the preview)."""
    alpha: np.ndarray | None
    """(h, w) uint8 where the photo or an edit has transparency, else None."""
    size: tuple[int, int]
    """The photo's (height, width) at full resolution, upright."""
    layers: int
    """How many layers the saved edits have (0: none, or no edit file)."""
    problem: str = ""
    """Why the saved edits are not shown (an edit file that cannot be read): one line, or ""."""


def _to_uint8(x: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(x * 255.0), 0, 255).astype(np.uint8)


def make_thumbnail(path: str | os.PathLike[str], long_side: int = THUMB_SIDE,
                   renderer: Renderer | None = None) -> Thumbnail:
    """The photo at ``path`` at most ``long_side`` long, with the edits saved next to it
    rendered (none when ``renderer`` is None or there is no edit file).

    Raises :class:`~ldie_desktop.io.ImageReadError` for a photo that cannot be read. An edit
    file that cannot be read costs the edits, not the thumbnail: ``problem`` says why."""
    photo = read_photo(path, reduce_to=long_side)
    size = read_size(path)
    proxy = make_proxy(photo.rgb, photo.alpha, long_side=long_side)
    layers, problem = [], ""
    side = sidecar.sidecar_path(path)
    if side.exists():
        try:
            layers = list(sidecar.load(side).layers)
        except (SidecarError, OSError) as exc:
            problem = str(exc)
    if renderer is None or not any(l.is_active() for l in layers):
        stage = proxy
    else:
        stage = renderer.render(proxy.rgb, layers, alpha=proxy.alpha, quality="preview",
                                source_long_side=max(size))
    alpha = None if stage.alpha is None else _to_uint8(stage.alpha)
    return Thumbnail(for_display(_to_uint8(stage.rgb), photo.icc), alpha, size, len(layers), problem)


__all__ = ["THUMB_SIDE", "Thumbnail", "make_thumbnail"]
