"""Image I/O: exact round trips, orientation by hand on a 2x3 image, 16-bit, alpha, metadata,
one-line errors for bad files, and writes that never damage what is already on disk.

Every file is made here in tmp_path, with Pillow, OpenCV or a few bytes of PNG by hand."""

from __future__ import annotations

import io
import os
import pickle
import struct
import warnings
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageCms, ImageFile

from ldie_desktop.io import (
    MAX_PIXELS,
    READ_SUFFIXES,
    WRITE_SUFFIXES,
    ImageReadError,
    ImageWriteError,
    Photo,
    export_suffix,
    format_for_path,
    read_photo,
    read_size,
    write_photo,
)

SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
DATE_TIME_ORIGINAL = 0x9003


def gradient(h: int = 24, w: int = 32) -> np.ndarray:
    """A smooth uint8 RGB image (JPEG-friendly) with no symmetry."""
    yy, xx = np.mgrid[0:h, 0:w]
    return np.stack([xx * 255 // (w - 1), yy * 255 // (h - 1), (xx + 2 * yy) * 255 // (w - 1 + 2 * (h - 1))],
                    axis=-1).astype(np.uint8)


def noise(h: int = 5, w: int = 7, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)


def deep(h: int = 5, w: int = 7, seed: int = 0) -> np.ndarray:
    """uint16 values 257 * k + 1: between 8-bit levels, so any 8-bit detour shows."""
    return (np.random.default_rng(seed).integers(0, 255, (h, w, 3)) * 257 + 1).astype(np.uint16)


def make_exif(orientation: int | None = None, make: str = "TestCam") -> bytes:
    exif = Image.Exif()
    exif[271] = make
    if orientation is not None:
        exif[0x0112] = orientation
    exif.get_ifd(0x8769)[DATE_TIME_ORIGINAL] = "2024:05:06 07:08:09"
    return exif.tobytes()


def parse_exif(data: bytes) -> Image.Exif:
    exif = Image.Exif()
    exif.load(data)
    return exif


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_by_hand(width: int, height: int, bit_depth: int, colour_type: int, rows: list[bytes] | None) -> bytes:
    """A PNG from raw rows (filter 0); rows=None leaves out the pixel data (a header only)."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    idat = png_chunk(b"IDAT", zlib.compress(b"".join(b"\0" + r for r in rows))) if rows is not None else b""
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + idat + png_chunk(b"IEND", b"")


def cv2_write(path: Path, rgb: np.ndarray, exif: bytes | None = None) -> Path:
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR) if rgb.ndim == 3 else rgb
    if exif is None:
        ok, buf = cv2.imencode(path.suffix, bgr)
    else:
        ok, buf = cv2.imencodeWithMetadata(path.suffix, bgr, [cv2.IMAGE_METADATA_EXIF],
                                           [np.frombuffer(exif[6:], np.uint8)])
    assert ok
    path.write_bytes(buf.tobytes())
    return path


def assert_one_line_error(excinfo: pytest.ExceptionInfo[Exception], name: str, problem: str) -> None:
    message = str(excinfo.value)
    assert "\n" not in message
    assert name in message
    assert problem in message


# --------------------------------------------------------------------------------------------


class TestRoundTrip:
    @pytest.mark.parametrize("suffix", [".png", ".tif", ".bmp", ".webp"])
    def test_lossless_formats_exact(self, tmp_path: Path, suffix: str) -> None:
        rgb = noise()
        path = write_photo(tmp_path / f"a{suffix}", rgb, quality=100)  # WebP at 100 is lossless
        photo = read_photo(path)
        assert photo.format == format_for_path(path)
        assert photo.rgb.dtype == np.uint8 and photo.bit_depth == 8
        assert photo.size == (5, 7)
        np.testing.assert_array_equal(photo.rgb, rgb)
        assert photo.alpha is None
        assert photo.path == path

    def test_jpeg_close_and_quality_honoured(self, tmp_path: Path) -> None:
        rgb = gradient()
        good = read_photo(write_photo(tmp_path / "good.jpg", rgb, quality=95))
        assert good.format == "JPEG" and good.size == (24, 32)
        assert np.abs(good.rgb.astype(int) - rgb).mean() < 2.0
        write_photo(tmp_path / "poor.jpg", rgb, quality=10)
        assert (tmp_path / "poor.jpg").stat().st_size < (tmp_path / "good.jpg").stat().st_size

    def test_webp_lossy_below_100_lossless_at_100(self, tmp_path: Path) -> None:
        rgb = gradient(48, 64)
        lossy = write_photo(tmp_path / "a.webp", rgb, quality=80)
        assert np.abs(read_photo(lossy).rgb.astype(int) - rgb).mean() < 4.0
        assert b"VP8 " in lossy.read_bytes() and b"VP8L" not in lossy.read_bytes()  # the bitstream chunk names
        assert b"VP8L" in write_photo(tmp_path / "b.webp", rgb, quality=100).read_bytes()

    def test_arrays_are_writable_contiguous_and_own_their_memory(self, tmp_path: Path) -> None:
        rgba = np.dstack((noise(), np.full((5, 7), 9, np.uint8)))
        Image.fromarray(rgba).save(tmp_path / "a.png")
        photo = read_photo(tmp_path / "a.png")
        for a in (photo.rgb, photo.alpha):
            assert a is not None and a.flags.c_contiguous and a.flags.writeable
        photo.rgb[0, 0] = 0  # must not raise

    @pytest.mark.parametrize("suffix", [".png", ".tif", ".webp"])
    def test_alpha_kept_exactly(self, tmp_path: Path, suffix: str) -> None:
        rgb, alpha = noise(seed=1), noise(seed=2)[..., 0]
        alpha[0, :3] = 0  # fully transparent pixels keep their colour too
        photo = read_photo(write_photo(tmp_path / f"a{suffix}", rgb, alpha, quality=100))
        np.testing.assert_array_equal(photo.rgb, rgb)
        np.testing.assert_array_equal(photo.alpha, alpha)

    @pytest.mark.parametrize("suffix", [".jpg", ".bmp"])
    def test_alpha_dropped_where_format_has_none(self, tmp_path: Path, suffix: str) -> None:
        photo = read_photo(write_photo(tmp_path / f"a{suffix}", gradient(), np.zeros((24, 32), np.uint8)))
        assert photo.alpha is None
        assert np.abs(photo.rgb.astype(int) - gradient()).mean() < 3.0  # colour as it was, not flattened

    @pytest.mark.parametrize("suffix", [".png", ".tif"])
    def test_sixteen_bit_exact(self, tmp_path: Path, suffix: str) -> None:
        rgb, alpha = deep(seed=3), deep(seed=4)[..., 0]
        photo = read_photo(write_photo(tmp_path / f"a{suffix}", rgb))
        assert photo.rgb.dtype == np.uint16 and photo.bit_depth == 16
        np.testing.assert_array_equal(photo.rgb, rgb)
        with_alpha = read_photo(write_photo(tmp_path / f"b{suffix}", rgb, alpha))
        np.testing.assert_array_equal(with_alpha.rgb, rgb)
        np.testing.assert_array_equal(with_alpha.alpha, alpha)

    @pytest.mark.parametrize("suffix", [".png", ".tif"])
    def test_sixteen_bit_files_from_other_writers(self, tmp_path: Path, suffix: str) -> None:
        rgb = deep(seed=5)
        photo = read_photo(cv2_write(tmp_path / f"c{suffix}", rgb))
        np.testing.assert_array_equal(photo.rgb, rgb)
        grey = rgb[..., 0].copy()
        photo = read_photo(cv2_write(tmp_path / f"g{suffix}", grey))
        assert photo.rgb.dtype == np.uint16
        np.testing.assert_array_equal(photo.rgb, np.dstack((grey, grey, grey)))

    def test_sixteen_bit_grey_alpha_png(self, tmp_path: Path) -> None:
        pixels = np.array([[[1000, 2000], [30001, 65535]]], dtype=">u2")  # 1x2 grey+alpha
        (tmp_path / "la.png").write_bytes(png_by_hand(2, 1, 16, 4, [pixels[0].tobytes()]))
        photo = read_photo(tmp_path / "la.png")
        np.testing.assert_array_equal(photo.rgb, [[[1000] * 3, [30001] * 3]])
        np.testing.assert_array_equal(photo.alpha, [[2000, 65535]])

    def test_uint16_to_eight_bit_rounds(self, tmp_path: Path) -> None:
        rgb = np.array([[[0, 128, 129], [256, 385, 65535]]], np.uint16)  # /257 = 0, .498, .502, .996, 1.498, 255
        photo = read_photo(write_photo(tmp_path / "a.png", rgb, bit_depth=8))
        np.testing.assert_array_equal(photo.rgb, [[[0, 0, 1], [1, 1, 255]]])

    def test_uint8_to_sixteen_bit_spreads_levels(self, tmp_path: Path) -> None:
        rgb = np.array([[[0, 1, 255]]], np.uint8)
        photo = read_photo(write_photo(tmp_path / "a.tif", rgb, bit_depth=16))
        np.testing.assert_array_equal(photo.rgb, [[[0, 257, 65535]]])

    def test_float_rounds_and_clips(self, tmp_path: Path) -> None:
        rgb = np.array([[[0.0, 0.5, 1.0], [-0.2, 1.7, np.nan], [1 / 255, 0.4 / 255, 0.6 / 255]]], np.float64)
        photo = read_photo(write_photo(tmp_path / "a.png", rgb))
        np.testing.assert_array_equal(photo.rgb, [[[0, 128, 255], [0, 255, 0], [1, 0, 1]]])
        alpha = np.array([[0.0, 0.25, 1.0]], np.float32)
        photo = read_photo(write_photo(tmp_path / "b.png", rgb, alpha, bit_depth=16))
        assert photo.rgb.dtype == np.uint16
        np.testing.assert_array_equal(photo.alpha, [[0, 16384, 65535]])

    @pytest.mark.parametrize("depth", [8, 16])
    def test_to_float_then_write_gives_back_the_same_values(self, tmp_path: Path, depth: int) -> None:
        rgb = noise() if depth == 8 else deep()
        alpha = rgb[..., 1].copy()
        photo = read_photo(write_photo(tmp_path / "a.png", rgb, alpha))
        frgb, falpha = photo.to_float()
        assert frgb.dtype == np.float32 and frgb.shape == (5, 7, 3)
        assert falpha is not None and falpha.shape == (5, 7)
        assert 0.0 <= frgb.min() and frgb.max() <= 1.0
        again = read_photo(write_photo(tmp_path / "b.png", frgb, falpha, bit_depth=depth))
        np.testing.assert_array_equal(again.rgb, rgb)
        np.testing.assert_array_equal(again.alpha, alpha)

    def test_to_float_scale(self) -> None:
        photo = Photo(rgb=np.array([[[0, 51, 255]]], np.uint8), alpha=None, exif=None, icc=None, path=None,
                      format="PNG")
        rgb, alpha = photo.to_float()
        np.testing.assert_allclose(rgb, [[[0.0, 0.2, 1.0]]], rtol=1e-6)
        assert alpha is None

    def test_photo_rejects_wrong_shapes(self) -> None:
        with pytest.raises(ValueError):
            Photo(rgb=np.zeros((2, 2), np.uint8), alpha=None, exif=None, icc=None, path=None, format="PNG")
        with pytest.raises(ValueError):
            Photo(rgb=np.zeros((2, 2, 3), np.uint8), alpha=np.zeros((2, 2), np.uint16), exif=None, icc=None,
                  path=None, format="PNG")


# --------------------------------------------------------------------------------------------

# The stored 2x3 image and how each EXIF orientation must show it, typed out from the EXIF spec.
STORED = np.array([[1, 2, 3], [4, 5, 6]])
SHOWN = {
    1: [[1, 2, 3], [4, 5, 6]],
    2: [[3, 2, 1], [6, 5, 4]],    # mirrored left-right
    3: [[6, 5, 4], [3, 2, 1]],    # turned 180
    4: [[4, 5, 6], [1, 2, 3]],    # mirrored top-bottom
    5: [[1, 4], [2, 5], [3, 6]],  # transposed
    6: [[4, 1], [5, 2], [6, 3]],  # turned 90 clockwise
    7: [[6, 3], [5, 2], [4, 1]],  # transposed the other way
    8: [[3, 6], [2, 5], [1, 4]],  # turned 90 counter-clockwise
}


class TestOrientation:
    # How each kind of file is saved: suffix, Pillow format and options (png16 goes through OpenCV).
    SAVE = {
        "png": (".png", "PNG", {}),
        "jpeg": (".jpg", "JPEG", {"quality": 100, "subsampling": 0}),
        "tiff": (".tif", "TIFF", {}),  # Pillow turns TIFFs upright itself: must not happen twice
        "webp": (".webp", "WEBP", {"lossless": True}),
        "png16": (".png", None, {}),
    }

    @pytest.mark.parametrize("orientation", range(1, 9))
    @pytest.mark.parametrize("kind", list(SAVE))
    def test_all_orientations(self, tmp_path: Path, kind: str, orientation: int) -> None:
        exif = make_exif(orientation)
        level = 40 * STORED  # 40..240: far enough apart to survive JPEG
        suffix, fmt, options = self.SAVE[kind]
        path = tmp_path / f"o{suffix}"
        if fmt is None:
            cv2_write(path, np.dstack([level * 257 + 1] * 3).astype(np.uint16), exif)
        else:
            Image.fromarray(np.dstack([level] * 3).astype(np.uint8)).save(path, fmt, exif=exif, **options)

        photo = read_photo(path)
        expected = np.array(SHOWN[orientation]) * 40
        got = photo.rgb[..., 0].astype(np.int64)
        if kind == "png16":
            got = (got - 1) // 257
        np.testing.assert_allclose(got, expected, atol=6 if kind == "jpeg" else 0)
        assert read_size(path) == expected.shape
        assert photo.exif is not None
        kept = parse_exif(photo.exif)
        assert kept.get(0x0112, 1) == 1
        assert kept[271] == "TestCam"

    def test_orientation_reset_changes_only_that_value(self, tmp_path: Path) -> None:
        exif = make_exif(6)
        Image.fromarray(noise(2, 3)).save(tmp_path / "a.jpg", exif=exif)
        photo = read_photo(tmp_path / "a.jpg")
        assert photo.exif is not None and len(photo.exif) == len(exif)
        assert sum(a != b for a, b in zip(photo.exif, exif)) == 1

    def test_orientation_in_written_exif_is_reset(self, tmp_path: Path) -> None:
        # The array is written as displayed; a stale Orientation 6 would turn it again.
        path = write_photo(tmp_path / "a.png", noise(2, 3), exif=make_exif(6))
        with Image.open(path) as im:
            assert parse_exif(im.info["exif"])[0x0112] == 1
        assert read_photo(path).size == (2, 3)


# --------------------------------------------------------------------------------------------


class TestConversions:
    def test_grey(self, tmp_path: Path) -> None:
        grey = noise()[..., 0]
        Image.fromarray(grey, "L").save(tmp_path / "g.png")
        photo = read_photo(tmp_path / "g.png")
        np.testing.assert_array_equal(photo.rgb, np.dstack((grey, grey, grey)))
        assert photo.alpha is None

    def test_grey_alpha(self, tmp_path: Path) -> None:
        la = np.array([[[10, 200], [20, 0]]], np.uint8)
        Image.fromarray(la, "LA").save(tmp_path / "la.png")
        photo = read_photo(tmp_path / "la.png")
        np.testing.assert_array_equal(photo.rgb, [[[10, 10, 10], [20, 20, 20]]])
        np.testing.assert_array_equal(photo.alpha, [[200, 0]])

    def test_one_bit(self, tmp_path: Path) -> None:
        Image.fromarray(np.array([[True, False, True]])).save(tmp_path / "b.png")
        np.testing.assert_array_equal(read_photo(tmp_path / "b.png").rgb[..., 1], [[255, 0, 255]])

    def test_sixteen_bit_grey_tiff_through_pillow(self, tmp_path: Path) -> None:
        grey = deep()[..., 0]
        Image.fromarray(grey).save(tmp_path / "g.tif")  # mode I;16
        photo = read_photo(tmp_path / "g.tif")
        np.testing.assert_array_equal(photo.rgb, np.dstack((grey, grey, grey)))

    @pytest.mark.parametrize("suffix", [".png", ".gif.png", ".bmp"])
    def test_palette(self, tmp_path: Path, suffix: str) -> None:
        im = Image.fromarray(np.array([[0, 1, 2]], np.uint8), "P")
        im.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255])
        im.save(tmp_path / f"p{suffix}")
        photo = read_photo(tmp_path / f"p{suffix}")
        np.testing.assert_array_equal(photo.rgb, [[[255, 0, 0], [0, 255, 0], [0, 0, 255]]])
        assert photo.alpha is None

    def test_gif_first_frame_with_its_transparency(self, tmp_path: Path) -> None:
        frames = []
        for first in (0, 2):
            im = Image.fromarray(np.array([[first, 1, 2]], np.uint8), "P")
            im.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255])
            frames.append(im)
        frames[0].save(tmp_path / "a.gif", save_all=True, append_images=frames[1:], transparency=1)
        photo = read_photo(tmp_path / "a.gif")
        assert photo.format == "GIF" and read_size(tmp_path / "a.gif") == (1, 3)
        np.testing.assert_array_equal(photo.rgb[0, [0, 2]], [[255, 0, 0], [0, 0, 255]])  # the first frame
        np.testing.assert_array_equal(photo.alpha, [[255, 0, 255]])
        assert export_suffix(tmp_path / "a.gif") == ".png"  # written as a PNG: lossless, keeps alpha

    def test_float_colour_tiff(self, tmp_path: Path) -> None:
        """A 32-bit float RGB TIFF (an HDR merge, a scan; Pillow opens only grey ones): 0..1 kept at
        16 bits, above 1 clipped, NaN black, its orientation applied."""
        rgb = np.random.default_rng(0).random((4, 6, 3), dtype=np.float32)
        rgb[0, 0] = (1.5, np.nan, -0.25)
        assert cv2.imwrite(str(tmp_path / "f.tif"), np.ascontiguousarray(rgb[..., ::-1]))
        photo = read_photo(tmp_path / "f.tif")
        assert photo.format == "TIFF" and photo.bit_depth == 16 and photo.size == (4, 6)
        want = np.rint(np.clip(np.nan_to_num(rgb), 0, 1) * 65535).astype(np.uint16)
        np.testing.assert_array_equal(photo.rgb, want)
        assert read_size(tmp_path / "f.tif") == (4, 6)
        # a TIFF that is not float and does not open is still refused as it was
        (tmp_path / "cut.tif").write_bytes((tmp_path / "f.tif").read_bytes()[:40])
        with pytest.raises(ImageReadError):
            read_photo(tmp_path / "cut.tif")

    def test_palette_with_transparency(self, tmp_path: Path) -> None:
        im = Image.fromarray(np.array([[0, 1, 2]], np.uint8), "P")
        im.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255])
        im.save(tmp_path / "p.png", transparency=1)
        photo = read_photo(tmp_path / "p.png")
        np.testing.assert_array_equal(photo.rgb, [[[255, 0, 0], [0, 255, 0], [0, 0, 255]]])
        np.testing.assert_array_equal(photo.alpha, [[255, 0, 255]])

    def test_colour_key_transparency(self, tmp_path: Path) -> None:
        rgb = np.array([[[1, 2, 3], [4, 5, 6]]], np.uint8)
        Image.fromarray(rgb).save(tmp_path / "k.png", transparency=(4, 5, 6))  # PNG tRNS: this colour is clear
        photo = read_photo(tmp_path / "k.png")
        np.testing.assert_array_equal(photo.rgb, rgb)
        np.testing.assert_array_equal(photo.alpha, [[255, 0]])

    def test_grey_profile_dropped(self, tmp_path: Path) -> None:
        grey_profile = bytes(16) + b"GRAY" + bytes(108)  # only the header matters here
        Image.fromarray(noise()[..., 0], "L").save(tmp_path / "g.png", icc_profile=grey_profile)
        assert read_photo(tmp_path / "g.png").icc is None  # it would mislabel the RGB we return

    def test_cmyk(self, tmp_path: Path) -> None:
        cmyk = np.array([[[0, 0, 0, 0], [255, 0, 0, 0], [0, 255, 0, 0], [0, 0, 255, 0], [0, 0, 0, 255]]], np.uint8)
        Image.fromarray(cmyk, "CMYK").save(tmp_path / "c.tif")
        photo = read_photo(tmp_path / "c.tif")
        white, cyan, magenta, yellow, black = [255, 255, 255], [0, 255, 255], [255, 0, 255], [255, 255, 0], [0, 0, 0]
        np.testing.assert_array_equal(photo.rgb, [[white, cyan, magenta, yellow, black]])

    def test_cmyk_jpeg_with_unusable_profile_falls_back_and_drops_it(self, tmp_path: Path) -> None:
        bogus_cmyk_profile = bytes(16) + b"CMYK" + bytes(108)
        cmyk = np.zeros((8, 8, 4), np.uint8)
        cmyk[..., 1] = 255  # magenta
        Image.fromarray(cmyk, "CMYK").save(tmp_path / "c.jpg", quality=100, icc_profile=bogus_cmyk_profile)
        photo = read_photo(tmp_path / "c.jpg")
        np.testing.assert_allclose(photo.rgb[4, 4], [255, 0, 255], atol=3)
        assert photo.icc is None  # a CMYK profile does not describe RGB pixels


# --------------------------------------------------------------------------------------------


class TestMetadata:
    @pytest.mark.parametrize("suffix, depth", [(".jpg", 8), (".png", 8), (".tif", 8), (".webp", 8),
                                               (".png", 16), (".tif", 16)])
    def test_icc_and_exif_kept_through_a_write(self, tmp_path: Path, suffix: str, depth: int) -> None:
        rgb = noise() if depth == 8 else deep()
        path = write_photo(tmp_path / f"a{suffix}", rgb, rgb[..., 0].copy(), exif=make_exif(1), icc=SRGB_ICC,
                           quality=100)
        photo = read_photo(path)
        assert photo.icc == SRGB_ICC
        assert photo.exif is not None
        exif = parse_exif(photo.exif)
        assert exif[271] == "TestCam"
        assert exif.get_ifd(0x8769)[DATE_TIME_ORIGINAL] == "2024:05:06 07:08:09"
        if suffix != ".jpg":
            assert photo.bit_depth == depth
            np.testing.assert_array_equal(photo.rgb, rgb)

    def test_photo_metadata_survives_read_write_read(self, tmp_path: Path) -> None:
        Image.fromarray(noise()).save(tmp_path / "src.jpg", exif=make_exif(3), icc_profile=SRGB_ICC)
        src = read_photo(tmp_path / "src.jpg")
        out = read_photo(write_photo(tmp_path / "out.jpg", src.rgb, exif=src.exif, icc=src.icc))
        assert out.icc == SRGB_ICC
        assert out.exif is not None and parse_exif(out.exif)[271] == "TestCam"

    def test_tiff_exif_holds_no_pixel_layout_tags(self, tmp_path: Path) -> None:
        Image.fromarray(noise()).save(tmp_path / "a.tif", exif=make_exif(1))
        photo = read_photo(tmp_path / "a.tif")
        assert photo.exif is not None
        tags = set(parse_exif(photo.exif))
        assert 271 in tags
        assert not tags & {256, 257, 258, 259, 273, 278, 279}  # sizes, strips: they belong to one file

    def test_sixteen_bit_tiff_marks_alpha_as_unassociated(self, tmp_path: Path) -> None:
        path = write_photo(tmp_path / "a.tif", deep(), deep(seed=1)[..., 0])
        with Image.open(path) as im:
            assert im.tag_v2[338] == (2,)  # ExtraSamples: unassociated alpha, not premultiplied

    def test_no_metadata_means_none(self, tmp_path: Path) -> None:
        photo = read_photo(write_photo(tmp_path / "a.png", noise()))
        assert photo.exif is None and photo.icc is None

    def test_bmp_ignores_metadata(self, tmp_path: Path) -> None:
        photo = read_photo(write_photo(tmp_path / "a.bmp", noise(), exif=make_exif(1), icc=SRGB_ICC))
        np.testing.assert_array_equal(photo.rgb, noise())


# --------------------------------------------------------------------------------------------


def half_of(path: Path) -> Path:
    data = path.read_bytes()
    cut = path.with_name("half-" + path.name)
    cut.write_bytes(data[: len(data) // 2])
    return cut


class TestBadFiles:
    def test_missing(self, tmp_path: Path) -> None:
        with pytest.raises(ImageReadError) as e:
            read_photo(tmp_path / "missing.jpg")
        assert_one_line_error(e, "missing.jpg", "no such file")

    def test_folder(self, tmp_path: Path) -> None:
        (tmp_path / "dir.jpg").mkdir()
        with pytest.raises(ImageReadError) as e:
            read_photo(tmp_path / "dir.jpg")
        assert_one_line_error(e, "dir.jpg", "folder")

    def test_empty(self, tmp_path: Path) -> None:
        (tmp_path / "x.jpg").write_bytes(b"")
        with pytest.raises(ImageReadError) as e:
            read_photo(tmp_path / "x.jpg")
        assert_one_line_error(e, "x.jpg", "file is empty (0 bytes)")

    @pytest.mark.parametrize("suffix, fmt", [(".jpg", "JPEG"), (".png", "PNG"), (".tif", "TIFF"),
                                             (".webp", "WEBP"), (".bmp", "BMP")])
    def test_truncated(self, tmp_path: Path, suffix: str, fmt: str) -> None:
        full = write_photo(tmp_path / f"t{suffix}", noise(64, 64), quality=90)
        with pytest.raises(ImageReadError) as e:
            read_photo(half_of(full))
        assert "\n" not in str(e.value) and f"half-t{suffix}" in str(e.value)
        assert "truncated" in str(e.value) or "not an image" in str(e.value)

    @pytest.mark.parametrize("suffix", [".png", ".tif"])
    def test_truncated_sixteen_bit(self, tmp_path: Path, suffix: str) -> None:
        full = write_photo(tmp_path / f"t{suffix}", deep(64, 64))
        with pytest.raises(ImageReadError) as e:
            read_photo(half_of(full))
        assert_one_line_error(e, f"half-t{suffix}", "truncated or corrupt")

    def test_truncated_fails_even_if_pillow_was_told_to_pad(self, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
        cut = half_of(write_photo(tmp_path / "t.jpg", noise(64, 64)))
        monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
        with pytest.raises(ImageReadError) as e:
            read_photo(cut)
        assert_one_line_error(e, "half-t.jpg", "truncated or corrupt JPEG")
        assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # the caller's setting is given back

    @pytest.mark.parametrize("content", [b"hello, this is text\n", bytes(range(256)) * 4])
    def test_not_an_image(self, tmp_path: Path, content: bytes) -> None:
        (tmp_path / "x.txt").write_bytes(content)
        with pytest.raises(ImageReadError) as e:
            read_photo(tmp_path / "x.txt")
        assert_one_line_error(e, "x.txt", "not an image (or an unsupported format)")

    def test_other_pillow_formats_refused(self, tmp_path: Path) -> None:
        Image.fromarray(noise()).save(tmp_path / "a.pcx")
        with pytest.raises(ImageReadError) as e:
            read_photo(tmp_path / "a.pcx")
        assert_one_line_error(e, "a.pcx", "not an image (or an unsupported format)")

    def test_pixel_limit_from_header_only(self, tmp_path: Path) -> None:
        (tmp_path / "big.png").write_bytes(png_by_hand(30000, 30000, 8, 2, None))  # 47 bytes, no pixels
        with pytest.raises(ImageReadError) as e:
            read_photo(tmp_path / "big.png")
        assert str(e.value) == f"{tmp_path / 'big.png'}: 30000x30000 is 900 megapixels, more than the 250 MP limit"
        assert read_size(tmp_path / "big.png") == (30000, 30000)

    def test_small_pixel_limit(self, tmp_path: Path) -> None:
        path = write_photo(tmp_path / "a.jpg", noise(4, 5))
        with pytest.raises(ImageReadError) as e:
            read_photo(path, max_pixels=19)
        assert_one_line_error(e, "a.jpg", "5x4 is 2e-05 megapixels, more than the 1.9e-05 MP limit")
        assert read_photo(path, max_pixels=20).size == (4, 5)

    def test_pillow_own_bomb_limit_does_not_apply(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        path = write_photo(tmp_path / "a.png", noise(10, 10))
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # not even Pillow's DecompressionBombWarning
            assert read_photo(path).size == (10, 10)
        assert Image.MAX_IMAGE_PIXELS == 10

    def test_read_size_errors(self, tmp_path: Path) -> None:
        with pytest.raises(ImageReadError, match="no such file"):
            read_size(tmp_path / "missing.png")
        (tmp_path / "x.txt").write_text("text")
        with pytest.raises(ImageReadError, match="not an image"):
            read_size(tmp_path / "x.txt")

    def test_errors_pickle(self) -> None:
        error = ImageReadError("x.jpg", "file is empty (0 bytes)")
        again = pickle.loads(pickle.dumps(error))
        assert str(again) == "x.jpg: file is empty (0 bytes)" and again.problem == error.problem
        assert isinstance(again, ValueError)


# --------------------------------------------------------------------------------------------


class TestWriteSafety:
    def test_suffixes(self) -> None:
        assert [format_for_path(f"a{s.upper()}") for s in WRITE_SUFFIXES] == \
            ["JPEG", "JPEG", "PNG", "TIFF", "TIFF", "WEBP", "BMP"]
        assert set(WRITE_SUFFIXES) <= set(READ_SUFFIXES)
        for bad in ("a.gif", "a", "a.jpg.txt"):
            with pytest.raises(ImageWriteError):
                format_for_path(bad)

    def test_unknown_suffix(self, tmp_path: Path) -> None:
        with pytest.raises(ImageWriteError) as e:
            write_photo(tmp_path / "a.gif", noise())
        assert_one_line_error(e, "a.gif", "unknown image type '.gif'")
        assert list(tmp_path.iterdir()) == []

    def test_missing_folder(self, tmp_path: Path) -> None:
        with pytest.raises(ImageWriteError) as e:
            write_photo(tmp_path / "nope" / "a.png", noise())
        assert_one_line_error(e, "a.png", "does not exist")

    def test_overwrite_false(self, tmp_path: Path) -> None:
        path = write_photo(tmp_path / "a.png", noise(seed=1))
        before = path.read_bytes()
        with pytest.raises(ImageWriteError) as e:
            write_photo(path, noise(seed=2), overwrite=False)
        assert_one_line_error(e, "a.png", "exists (not overwritten)")
        assert path.read_bytes() == before
        write_photo(tmp_path / "new.png", noise(), overwrite=False)
        write_photo(path, noise(seed=2))  # overwrite=True replaces
        np.testing.assert_array_equal(read_photo(path).rgb, noise(seed=2))

    def test_protect(self, tmp_path: Path) -> None:
        original = write_photo(tmp_path / "orig.jpg", noise())
        before = original.read_bytes()
        os.link(original, tmp_path / "hardlink.jpg")
        (tmp_path / "sub").mkdir()
        for same in (original, tmp_path / "sub" / ".." / "orig.jpg", tmp_path / "hardlink.jpg"):
            with pytest.raises(ImageWriteError) as e:
                write_photo(same, noise(seed=9), overwrite=True, protect=[original])
            assert_one_line_error(e, same.name, "would overwrite the original photo")
        assert original.read_bytes() == before
        write_photo(tmp_path / "edited.jpg", noise(seed=9), protect=[str(original)])

    def test_bad_arguments(self, tmp_path: Path) -> None:
        path = tmp_path / "a.png"
        cases = [dict(rgb=np.zeros((2, 2), np.uint8)), dict(rgb=np.zeros((2, 2, 4), np.uint8)),
                 dict(rgb=np.zeros((2, 2, 3), np.int32)), dict(rgb=noise(), alpha=np.zeros((2, 2), np.uint8)),
                 dict(rgb=noise(), quality=0), dict(rgb=noise(), bit_depth=12)]
        for kwargs in cases:
            with pytest.raises(ImageWriteError):
                write_photo(path, **kwargs)
        with pytest.raises(ImageWriteError, match="JPEG cannot store 16 bits"):
            write_photo(tmp_path / "a.jpg", deep(), bit_depth=16)
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize("suffix, rgb", [(".png", noise(6, 8)), (".tif", deep(6, 8))])
    def test_views_are_written_as_they_look(self, tmp_path: Path, suffix: str, rgb: np.ndarray) -> None:
        crop = rgb[1:5:2, ::-3]  # a strided view: neither C-contiguous nor starting at the buffer
        photo = read_photo(write_photo(tmp_path / f"a{suffix}", crop, crop[..., 2]))
        np.testing.assert_array_equal(photo.rgb, crop)
        np.testing.assert_array_equal(photo.alpha, crop[..., 2])

    def test_uint16_to_jpeg_is_eight_bit(self, tmp_path: Path) -> None:
        photo = read_photo(write_photo(tmp_path / "a.jpg", (gradient().astype(np.uint16) * 257)))
        assert photo.bit_depth == 8

    def test_new_file_gets_normal_permissions(self, tmp_path: Path) -> None:
        mask = os.umask(0o022)
        os.umask(mask)
        path = write_photo(tmp_path / "a.png", noise())
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0600
        for mode in (0o640, 0o444):
            path.chmod(mode)
            write_photo(path, noise(seed=1))
            assert path.stat().st_mode & 0o777 == mode  # an overwritten file keeps its mode

    @pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
    def test_interrupted_write_leaves_earlier_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   failure: BaseException) -> None:
        path = write_photo(tmp_path / "a.jpg", noise(seed=1))
        before = path.read_bytes()

        def half_save(self: Image.Image, fp: io.BufferedWriter, *args: object, **kwargs: object) -> None:
            fp.write(b"\xff\xd8 half of a JPEG")
            raise failure

        monkeypatch.setattr(Image.Image, "save", half_save)
        with pytest.raises((ImageWriteError, KeyboardInterrupt)) as e:
            write_photo(path, noise(seed=2))
        if isinstance(failure, OSError):
            assert_one_line_error(e, "a.jpg", "No space left on device")
        assert path.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir()] == ["a.jpg"]  # no temporary file left

    def test_interrupted_sixteen_bit_write(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        path = write_photo(tmp_path / "a.tif", deep(seed=1))
        before = path.read_bytes()

        def broken(*args: object, **kwargs: object) -> None:
            raise cv2.error("encoder failed")

        monkeypatch.setattr(cv2, "imencode", broken)
        with pytest.raises(ImageWriteError) as e:
            write_photo(path, deep(seed=2))
        assert_one_line_error(e, "a.tif", "could not encode TIFF")
        assert path.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir()] == ["a.tif"]


def test_max_pixels_default() -> None:
    assert MAX_PIXELS == 250_000_000
