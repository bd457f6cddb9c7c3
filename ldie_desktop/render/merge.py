"""Photo merge (Lightroom's Photo Merge, darktable's HDR): several photos made into one.

* **HDR**: a bracketed series (the same scene at different exposures) is aligned (OpenCV's
  median threshold bitmaps, which do not care how bright each photo is) and fused by exposure
  fusion (Mertens: each pixel taken from the photos where it is well exposed, well saturated
  and sharp), so the shadows of the bright shot and the highlights of the dark one are both
  there, and the result looks natural with no tone mapping to set. Written as a 16-bit TIFF.
  A series must be of one size.
* **Panorama**: overlapping photos are stitched by OpenCV's stitcher (features, a spherical
  projection, seam finding and multi-band blending) and cropped to the largest rectangle
  without empty corners, as Lightroom's Auto Crop does.

The merged photo is written next to the first one (``IMG_0001-HDR.tif``; never over a file)
with the EXIF and colour profile of the one it starts from, and opens like any other photo.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any, Callable, Sequence

import cv2
import numpy as np

from ..io import Photo, read_photo, write_photo
from . import kernels
from .pipeline import Cancelled

MERGES = ("hdr", "panorama")
SUFFIX = {"hdr": "-HDR", "panorama": "-Pano"}
#: The most photos one merge takes.
MOST = {"hdr": 9, "panorama": 30}
#: The stitcher's registration works on copies this big (megapixels); compositing is full size.
PANORAMA_REGISTRATION_MP = 0.6
#: The largest panorama written (megapixels): past it the photos are shrunk before stitching.
PANORAMA_MOST_MP = 200.0

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


class MergeError(ValueError):
    """Photos that cannot be merged; the message is one line."""


def _bytes(rgb: np.ndarray) -> np.ndarray:
    return (rgb // 257).astype(np.uint8) if rgb.dtype == np.uint16 else np.ascontiguousarray(rgb)


def merge_hdr(images: Sequence[np.ndarray], cancel: CancelFn | None = None) -> np.ndarray:
    """Exposure fusion of a bracketed series (uint8 or uint16 RGB, one size), aligned to the
    first: float32 RGB in [0, 1]."""
    if len({im.shape for im in images}) != 1:
        raise MergeError("the photos of an HDR merge must all be the same size (a bracketed series)")
    grey = [cv2.cvtColor(_bytes(im), cv2.COLOR_RGB2GRAY) for im in images]
    align = cv2.createAlignMTB()
    floats = []
    for i, im in enumerate(images):
        if cancel is not None and cancel():
            raise Cancelled()
        f = kernels.to_float(im)
        if i:  # a hand-held series moves a few pixels between shots
            dx, dy = align.calculateShift(grey[0], grey[i])  # the move that lines it up with the first
            if dx or dy:
                f = cv2.warpAffine(f, np.float32([[1, 0, dx], [0, 1, dy]]), (f.shape[1], f.shape[0]),
                                   borderMode=cv2.BORDER_REPLICATE)
        floats.append(f)
    if cancel is not None and cancel():
        raise Cancelled()
    # OpenCV's fusion reads float pictures on 8-bit's scale (0-255) and returns 0-1
    fused = cv2.createMergeMertens().process([f * np.float32(255.0) for f in floats])
    return np.clip(fused, 0.0, 1.0)


#: The largest-rectangle search runs on a copy of the coverage this long (its long side).
CROP_SEARCH_SIDE = 400


def _largest_rectangle(filled: np.ndarray) -> tuple[int, int, int, int]:
    """``(y0, y1, x0, x1)`` of the largest axis-aligned rectangle of True in ``filled`` (the
    classic histogram-and-stack search, one pass over the rows)."""
    h, w = filled.shape
    heights = np.zeros(w + 1, np.int64)
    best, box = 0, (0, 0, 0, 0)
    for y in range(h):
        heights[:w] = np.where(filled[y], heights[:w] + 1, 0)
        stack: list[int] = []
        for x in range(w + 1):
            while stack and heights[stack[-1]] >= heights[x]:
                top = stack.pop()
                left = stack[-1] + 1 if stack else 0
                area = int(heights[top]) * (x - left)
                if area > best:
                    best, box = area, (y + 1 - int(heights[top]), y + 1, left, x)
            stack.append(x)
    return box


def auto_crop(image: np.ndarray, filled: np.ndarray) -> np.ndarray:
    """``image`` cut to the largest rectangle inside ``filled`` (bool, where it has pixels), as
    Lightroom's Auto Crop of a panorama: found on a small copy of ``filled``, then kept a cell
    inside it at full size, so no empty pixel is left at an edge."""
    h, w = filled.shape
    s = min(1.0, CROP_SEARCH_SIDE / max(h, w))
    small = filled if s == 1.0 else cv2.resize(filled.astype(np.uint8), (max(1, round(w * s)), max(1, round(h * s))),
                                               interpolation=cv2.INTER_AREA) == 1  # a cell counts only when all filled
    y0, y1, x0, x1 = _largest_rectangle(small)
    if s < 1.0:
        fy, fx = h / small.shape[0], w / small.shape[1]
        y0, y1, x0, x1 = int(np.ceil((y0 + 1) * fy)), int((y1 - 1) * fy), int(np.ceil((x0 + 1) * fx)), int((x1 - 1) * fx)
    if y1 - y0 < 2 or x1 - x0 < 2:
        return np.ascontiguousarray(image)
    return np.ascontiguousarray(image[y0:y1, x0:x1])


def merge_panorama(images: Sequence[np.ndarray], cancel: CancelFn | None = None) -> np.ndarray:
    """Overlapping photos (uint8 or uint16 RGB) stitched into one, cropped to no empty corners:
    uint8 RGB (OpenCV's stitcher blends 8-bit pictures)."""
    pics = [cv2.cvtColor(_bytes(im), cv2.COLOR_RGB2BGR) for im in images]
    total = sum(p.shape[0] * p.shape[1] for p in pics) / 1e6
    if total > PANORAMA_MOST_MP:  # a panorama of many big photos: shrunk to what fits in memory
        s = (PANORAMA_MOST_MP / total) ** 0.5
        pics = [cv2.resize(p, (round(p.shape[1] * s), round(p.shape[0] * s)), interpolation=cv2.INTER_AREA) for p in pics]
    if cancel is not None and cancel():
        raise Cancelled()
    stitcher = cv2.Stitcher_create(cv2.Stitcher_PANORAMA)
    stitcher.setRegistrationResol(min(1.0, PANORAMA_REGISTRATION_MP ** 0.5 / max(1e-6, (pics[0].shape[0] * pics[0].shape[1] / 1e6) ** 0.5)))
    status = stitcher.estimateTransform(pics)
    pano = None
    if status == cv2.Stitcher_OK:
        if cancel is not None and cancel():
            raise Cancelled()
        status, pano = stitcher.composePanorama(pics)
    if cancel is not None and cancel():
        raise Cancelled()
    if status != cv2.Stitcher_OK or pano is None:
        why = {cv2.Stitcher_ERR_NEED_MORE_IMGS: "they do not overlap enough (or are not of one scene)",
               cv2.Stitcher_ERR_HOMOGRAPHY_EST_FAIL: "their overlaps could not be lined up",
               cv2.Stitcher_ERR_CAMERA_PARAMS_ADJUST_FAIL: "the camera's turns between them could not be worked out"}
        raise MergeError(f"could not stitch a panorama: {why.get(status, f'OpenCV status {status}')}")
    # where the photos cover the canvas: the same stitch of white pictures (black in a photo is not empty)
    status, cover = stitcher.composePanorama([np.full_like(p, 255) for p in pics])
    covered = cover.min(axis=2) > 128 if status == cv2.Stitcher_OK and cover is not None and cover.shape == pano.shape \
        else pano.max(axis=2) > 0
    filled = cv2.erode(covered.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    return cv2.cvtColor(auto_crop(pano, filled), cv2.COLOR_BGR2RGB)


def merged_name(paths: Sequence[str | os.PathLike[str]], kind: str) -> Path:
    """Where a merge of ``paths`` goes: next to the first, ``IMG_0001-HDR.tif`` (``-HDR-2``
    and on when that is taken)."""
    first = Path(paths[0])
    out = first.with_name(f"{first.stem}{SUFFIX[kind]}.tif")
    k = 2
    while out.exists():
        out = first.with_name(f"{first.stem}{SUFFIX[kind]}-{k}.tif")
        k += 1
    return out


def merge_photos(paths: Sequence[str | os.PathLike[str]], kind: str, out: str | os.PathLike[str] | None = None,
                 progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> Path:
    """Merge the photos ``paths`` (:data:`MERGES`: "hdr" or "panorama") and write the result to
    ``out`` (default :func:`merged_name`; never over a file, never over a source) as a TIFF (16
    bits for an HDR, 8 for a panorama, as stitched) with the EXIF and profile of the photo it starts from (an HDR's middle exposure, a
    panorama's first photo). Raises :class:`MergeError` (one line), ``ImageReadError`` for a
    photo that cannot be read, ``Cancelled``."""
    if kind not in MERGES:
        raise MergeError(f"unknown merge {kind!r}; one of {', '.join(MERGES)}")
    paths = [Path(p) for p in paths]
    if len(paths) < 2:
        raise MergeError(f"a{'n HDR' if kind == 'hdr' else ' panorama'} merge needs at least 2 photos")
    if len(paths) > MOST[kind]:
        raise MergeError(f"at most {MOST[kind]} photos go into one {kind} merge; {len(paths)} were chosen")
    target = Path(out) if out is not None else merged_name(paths, kind)
    if target.exists():
        raise MergeError(f"{target.name} exists already; choose another name")
    steps = len(paths) + 2
    photos: list[Photo] = []
    for i, p in enumerate(paths):
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(i, steps)
        photos.append(read_photo(p))
    if progress is not None:
        progress(len(paths), steps)
    images = [ph.rgb for ph in photos]
    if kind == "hdr":
        merged = merge_hdr(images, cancel)
        base = photos[len(photos) // 2]  # the middle exposure: its metadata
    else:
        merged = merge_panorama(images, cancel)
        base = photos[0]
    if progress is not None:
        progress(steps - 1, steps)
    written = write_photo(target, merged, quality=95, bit_depth=16 if kind == "hdr" else 8, exif=base.exif,
                          icc=base.icc, overwrite=False, protect=paths)
    if progress is not None:
        progress(steps, steps)
    return written


def _merge_child(paths: list[str], kind: str, out: str, messages: Any) -> None:
    """:func:`merge_photos` in the process :func:`merge_photos_apart` starts: its progress, then
    ("done", path) or ("error", the exception), on ``messages``."""
    try:
        written = merge_photos(paths, kind, out, progress=lambda done, total: messages.put(("progress", done, total)))
    except BaseException as exc:  # noqa: BLE001 - every error goes back to the app
        try:  # the error itself (our own process's: the queue pickles everything it carries anyway)
            pickle.dumps(exc)
            messages.put(("error", exc))
        except Exception:  # noqa: BLE001 - one that cannot travel goes as its words
            messages.put(("error", MergeError(" ".join(str(exc).split()) or type(exc).__name__)))
        return
    messages.put(("done", str(written)))


def merge_photos_apart(paths: Sequence[str | os.PathLike[str]], kind: str, out: str | os.PathLike[str] | None = None,
                       progress: ProgressFn | None = None, cancel: CancelFn | None = None,
                       poll: float = 0.05) -> Path:
    """:func:`merge_photos` in a process of its own, so that Cancel stops it at once, even in the
    middle of OpenCV's stitching (one long call that no flag can interrupt): the process is
    ended and any part of the file it had begun is removed. The photos are read there, so this
    process never holds them. Raises as :func:`merge_photos` does."""
    import multiprocessing
    import queue
    import time

    target = Path(out) if out is not None else merged_name(list(paths), kind)
    started = time.time()
    context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt's threads
    messages = context.Queue()
    child = context.Process(target=_merge_child, args=([str(p) for p in paths], kind, str(target), messages),
                            name="ldie-merge", daemon=True)
    child.start()

    def stop() -> None:
        child.kill()
        child.join()
        for part in target.parent.glob(f".{target.name}.*"):  # the write it had begun (utils.atomic)
            if part.stat().st_mtime >= started - 1:
                part.unlink(missing_ok=True)

    try:
        while True:
            if cancel is not None and cancel():
                stop()
                raise Cancelled()
            try:
                message = messages.get(timeout=poll)
            except queue.Empty:
                if not child.is_alive() and messages.empty():
                    raise MergeError(f"the merge stopped unexpectedly (exit code {child.exitcode})") from None
                continue
            if message[0] == "progress":
                if progress is not None:
                    progress(message[1], message[2])
                continue
            child.join()
            if message[0] == "done":
                return Path(message[1])
            raise message[1]
    finally:
        if child.is_alive():
            stop()
        messages.close()
