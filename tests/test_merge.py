"""Photo merge: an HDR from a bracketed series, a panorama from overlapping photos."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from conftest import SAMPLE
from ldie_desktop.io import read_photo, write_photo
from ldie_desktop.render.merge import MergeError, auto_crop, merge_hdr, merge_photos, merged_name


def _scene() -> np.ndarray:
    """The sample at 900 x 600 with a bright window (a sky through it) and a dark corner: more
    range than one exposure holds."""
    img = cv2.resize(np.asarray(Image.open(SAMPLE).convert("RGB")), (900, 600), interpolation=cv2.INTER_CUBIC)
    lin = (img / 255.0) ** 2.2
    lin[40:200, 600:860] = lin[40:200, 600:860] * 0.3 + 2.5  # far brighter than the rest
    lin[450:, :250] *= 0.05  # deep shadow
    return lin


def _shot(lin: np.ndarray, stops: float, shift: tuple[int, int] = (0, 0)) -> np.ndarray:
    out = np.clip(lin * 2.0 ** stops, 0, 1) ** (1 / 2.2)
    out = np.roll(out, shift, axis=(0, 1))
    return (out * 255).round().astype(np.uint8)


def test_an_hdr_holds_the_shadows_and_the_highlights(tmp_path) -> None:
    lin = _scene()
    shots = [_shot(lin, -3), _shot(lin, 0, (2, -3)), _shot(lin, 3, (-1, 2))]  # hand-held: a few pixels apart
    paths = []
    for i, s in enumerate(shots):
        paths.append(tmp_path / f"IMG_{i + 1}.png")  # lossless: the window's detail is a few levels in the dark shot
        exif = Image.Exif()
        exif[0x010F] = f"camera {i}"
        Image.fromarray(s).save(paths[-1], exif=exif.tobytes())
    out = merge_photos(paths, "hdr")
    assert out == tmp_path / "IMG_1-HDR.tif"
    hdr = read_photo(out)
    assert hdr.rgb.dtype == np.uint16 and hdr.rgb.shape == (600, 900, 3)
    assert Image.open(out).getexif()[0x010F] == "camera 1"  # the middle exposure's metadata
    f = hdr.rgb.astype(float) / 65535
    window, shadow = f[60:180, 620:840], f[470:, 20:230]
    normal = shots[1].astype(float) / 255
    assert normal[60:180, 620:840].min() > 0.99  # one exposure: the window is blown ...
    def detail(a: np.ndarray, where: tuple[slice, slice]) -> np.ndarray:  # fine detail: brightness less its blur
        g = np.asarray(a, np.float32).mean(axis=2)
        return (g - cv2.GaussianBlur(g, (0, 0), 3))[where].ravel()

    def kept(a: np.ndarray, where: tuple[slice, slice]) -> float:  # how much of the scene's detail is there
        return float(np.corrcoef(detail(a, where), detail(lin, where))[0, 1])

    win, dark = (slice(60, 180), slice(620, 840)), (slice(470, None), slice(20, 230))
    assert window.max() < 0.999 and kept(f, win) > 0.8  # ... the merge keeps its detail (the one shot: none)
    assert shadow.mean() > normal[dark].mean()  # and the shadow, lighter, holds more than that shot's
    assert kept(f, dark) > kept(np.roll(shots[1], (-2, 3), axis=(0, 1)), dark) + 0.01
    steady = merge_hdr([_shot(lin, -3), _shot(lin, 0), _shot(lin, 3)])  # shot on a tripod
    aligned = merge_hdr(shots)  # the hand-held shift is taken out ...
    unaligned = np.clip(cv2.createMergeMertens().process(shots), 0, 1)  # ... which a plain fusion leaves
    off = lambda a: np.abs(a[20:-20, 20:-20] - steady[20:-20, 20:-20]).mean()  # noqa: E731
    assert off(aligned) < 0.002 and off(unaligned) > 5 * off(aligned)
    assert merged_name(paths, "hdr") == tmp_path / "IMG_1-HDR-2.tif"  # never over the first


def test_a_panorama_is_stitched_and_cropped(tmp_path) -> None:
    wide = cv2.resize(np.asarray(Image.open(SAMPLE).convert("RGB")), (1200, 800), interpolation=cv2.INTER_CUBIC)
    parts = [wide[:, 0:500], wide[:, 350:850], wide[:, 700:1200]]  # overlapping by 150 px
    paths = []
    for i, p in enumerate(parts):
        paths.append(tmp_path / f"P{i}.png")
        write_photo(paths[-1], p)
    out = merge_photos(paths, "panorama", tmp_path / "pano.tif")
    pano = read_photo(out).rgb
    h, w = pano.shape[:2]
    assert 1050 < w <= 1210 and 700 < h <= 810  # about the whole wide picture
    assert pano.min(axis=2)[[0, 0, -1, -1], [0, -1, 0, -1]].max() > 0 or pano[:3].mean() > 20  # no empty corners
    small = cv2.resize(pano, (300, round(300 * h / w)), interpolation=cv2.INTER_AREA).astype(float)
    ref = cv2.resize(wide, (300, 200), interpolation=cv2.INTER_AREA).astype(float)
    hh = min(small.shape[0], 200)
    assert np.abs(small[:hh] - ref[:hh]).mean() < 30  # the same picture, near enough


def test_what_cannot_be_merged_is_one_line(tmp_path) -> None:
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    write_photo(a, np.zeros((40, 60, 3), np.uint8))
    write_photo(b, np.zeros((60, 40, 3), np.uint8))
    with pytest.raises(MergeError, match="same size"):
        merge_photos([a, b], "hdr")
    with pytest.raises(MergeError, match="at least 2"):
        merge_photos([a], "panorama")
    noise = np.random.default_rng(0)
    c, d = tmp_path / "c.png", tmp_path / "d.png"
    write_photo(c, noise.integers(0, 255, (200, 300, 3), dtype=np.uint8))
    write_photo(d, noise.integers(0, 255, (200, 300, 3), dtype=np.uint8))
    with pytest.raises(MergeError, match="could not stitch"):
        merge_photos([c, d], "panorama")
    assert not list(tmp_path.glob("*-Pano*")) and not list(tmp_path.glob("*-HDR*"))
    with pytest.raises(MergeError, match="unknown merge"):
        merge_photos([a, b], "focus")


def test_auto_crop_leaves_no_empty_edge() -> None:
    filled = np.zeros((100, 200), bool)
    filled[5:95, 10:190] = True
    filled[5:12, 10:40] = False  # a notch in a corner
    img = np.dstack([filled.astype(np.uint8) * 255] * 3)
    cut = auto_crop(img, filled)
    assert cut.min() == 255 and cut.shape[0] * cut.shape[1] > 0.8 * 90 * 180


def _panorama_parts(tmp_path) -> list:
    wide = cv2.resize(np.asarray(Image.open(SAMPLE).convert("RGB")), (1200, 800), interpolation=cv2.INTER_CUBIC)
    paths = []
    for i, p in enumerate([wide[:, 0:500], wide[:, 350:850], wide[:, 700:1200]]):  # overlapping by 150 px
        paths.append(tmp_path / f"P{i}.png")
        write_photo(paths[-1], p)
    return paths


def test_a_merge_apart_is_the_same_and_cancel_ends_it_at_once(tmp_path) -> None:
    """The app merges in a process of its own: the same panorama; its progress comes back; a
    Cancel in the middle (during the stitch) ends it within a moment and leaves no file; its
    errors come back as themselves."""
    import time

    from ldie_desktop.io import ImageReadError
    from ldie_desktop.render.merge import merge_photos_apart
    from ldie_desktop.render.pipeline import Cancelled

    paths = _panorama_parts(tmp_path)
    steps = []
    out = merge_photos_apart(paths, "panorama", tmp_path / "apart.tif", progress=lambda d, t: steps.append((d, t)))
    same = read_photo(merge_photos(paths, "panorama", tmp_path / "here.tif")).rgb
    apart = read_photo(out).rgb  # the stitcher's threads may place a seam a pixel apart
    assert all(abs(a - b) <= 3 for a, b in zip(apart.shape, same.shape))
    h, w = min(apart.shape[0], same.shape[0]), min(apart.shape[1], same.shape[1])
    assert np.abs(apart[:h, :w].astype(float) - same[:h, :w]).mean() < 12
    assert steps[0] == (0, 5) and steps[-1] == (5, 5)
    read = []
    asked = []

    def cancel() -> bool:  # asked once the photos are read: in the middle of the stitch
        asked.append(time.monotonic())
        return len(read) > 0 and read[-1][0] >= 3

    with pytest.raises(Cancelled):
        merge_photos_apart(paths, "panorama", tmp_path / "never.tif", progress=lambda d, t: read.append((d, t)),
                           cancel=cancel)
    assert time.monotonic() - asked[-1] < 2.0  # ended, not waited for
    assert not (tmp_path / "never.tif").exists() and not list(tmp_path.glob(".never.tif.*"))
    (tmp_path / "bad.png").write_bytes(b"not a photo")
    with pytest.raises(ImageReadError, match="bad.png"):
        merge_photos_apart([paths[0], tmp_path / "bad.png"], "panorama", tmp_path / "x.tif")
    with pytest.raises(MergeError, match="at least 2"):
        merge_photos_apart(paths[:1], "panorama", tmp_path / "y.tif")
