"""Camera formats: raw files developed by LibRaw, HEIC through pi-heif, AVIF through Pillow.

``tests/fixtures/formats/`` holds two tiny made-up files (``scripts/make_format_fixtures.py``
says how they were made): a DNG of a known scene from a made-up RGGB camera, turned right, and
the same scene as an iPhone-style HEIC. The scene's linear colours are known, so the tests can
say whether white balance, the colour matrix, the tone curve and the orientation are right."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ldie_desktop.io import (
    READ_SUFFIXES,
    ImageReadError,
    export_suffix,
    read_photo,
    read_size,
    write_photo,
)
from ldie_desktop.io.raw import RAW_SUFFIXES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "formats"
DNG, HEIC = FIXTURES / "scene.dng", FIXTURES / "scene.heic"
sys.path.insert(0, str(ROOT / "scripts"))
import make_format_fixtures as made  # noqa: E402  (the scene the fixtures were made from)

# The scene is stored 64 x 96 and turned right (orientation 6): upright it is 96 x 64, the
# marker moves from the top-left to the top-right, and the bars run down the photo.
UPRIGHT = (made.W, made.H)


def linear(srgb01: np.ndarray) -> np.ndarray:
    return np.where(srgb01 <= 0.04045, srgb01 / 12.92, ((srgb01 + 0.055) / 1.055) ** 2.4)


def bar_colours(rgb: np.ndarray) -> np.ndarray:
    """The mean colour (0-1) in the middle of each bar of an upright picture of the scene."""
    top = 65535.0 if rgb.dtype == np.uint16 else 255.0
    h = rgb.shape[0]
    rows = [slice(i * h // 4 + 4, (i + 1) * h // 4 - 4) for i in range(4)]
    # upright, the bars are rows and the ramp is the right-hand 16 columns
    return np.array([rgb[r, 8:rgb.shape[1] - 24].reshape(-1, 3).mean(0) / top for r in rows])


# ------------------------------------------------------------------------------------- raw


def test_a_dng_is_developed_upright_in_16_bits() -> None:
    photo = read_photo(DNG)
    assert photo.format == "RAW" and photo.rgb.dtype == np.uint16 and photo.alpha is None
    assert photo.size == UPRIGHT
    assert photo.rgb[2:6, -6:-2].min() > 60000  # the white marker, now top-right
    assert photo.rgb[2:6, 2:6, 1].max() < 30000  # and not top-left (the red bar's end is there)


def test_raw_colours_come_back_through_white_balance_and_colour_matrix() -> None:
    photo = read_photo(DNG)
    got = linear(bar_colours(photo.rgb))
    want = np.array(made.BARS)
    # one exposure factor (LibRaw's automatic brightness) for every bar and channel
    ratio = got / want
    assert ratio.std() / ratio.mean() < 0.03, ratio
    grey = bar_colours(photo.rgb)[3]
    assert np.ptp(grey) < 0.01  # the camera's white balance neutralises its green-heavy sensor


def test_raw_keeps_the_cameras_metadata_upright() -> None:
    exif = Image.Exif()
    exif.load(read_photo(DNG).exif)
    assert exif[271] == "LDIE" and exif[272] == "Synthetic RGGB" and exif[306].startswith("2026:11:30")
    assert exif.get(274, 1) == 1  # the pixels are already turned


def test_raw_thumbnail_skips_demosaicing_and_size_comes_from_the_header() -> None:
    small = read_photo(DNG, reduce_to=16)
    assert small.size == (UPRIGHT[0] // 2, UPRIGHT[1] // 2)
    assert read_photo(DNG, reduce_to=40).size == UPRIGHT  # half size would be under 40 on a side
    assert read_size(DNG) == UPRIGHT


def test_a_raw_over_the_pixel_limit_is_refused_before_developing() -> None:
    with pytest.raises(ImageReadError, match="megapixels, more than"):
        read_photo(DNG, max_pixels=1000)


def test_bad_raw_files_give_one_line(tmp_path: Path) -> None:
    cut = tmp_path / "cut.dng"
    cut.write_bytes(DNG.read_bytes()[:3000])
    junk = tmp_path / "junk.cr2"
    junk.write_bytes(b"\x01\x02not a raw file at all" * 50)
    for bad in (cut, junk):
        with pytest.raises(ImageReadError) as e:
            read_photo(bad)
        assert "\n" not in str(e.value) and str(bad) in str(e.value)
    with pytest.raises(ImageReadError, match="not a raw file"):
        read_photo(junk)


def test_the_content_decides_when_the_name_is_wrong(tmp_path: Path) -> None:
    jpeg_named_raw = tmp_path / "a.nef"
    Image.fromarray(np.full((8, 8, 3), 200, np.uint8)).save(jpeg_named_raw, "JPEG")
    assert read_photo(jpeg_named_raw).format == "JPEG"
    dng_named_tiff = tmp_path / "b.tif"
    shutil.copy(DNG, dng_named_tiff)
    assert read_photo(dng_named_tiff).format == "RAW"


# ------------------------------------------------------------------------------ HEIC, AVIF


def test_a_heic_is_read_upright_with_its_profile() -> None:
    photo = read_photo(HEIC)
    assert photo.format == "HEIF" and photo.rgb.dtype == np.uint8 and photo.size == UPRIGHT
    assert photo.rgb[2:6, -6:-2].min() > 220 and photo.rgb[2:6, 2:6, 1].max() < 150
    want = made.srgb(np.array(made.BARS))
    assert np.abs(bar_colours(photo.rgb) - want).max() < 0.03  # HEVC at quality 95
    assert photo.icc is not None and photo.icc[16:20] == b"RGB "
    exif = Image.Exif()
    exif.load(photo.exif)
    assert exif[271] == "LDIE" and exif.get(274, 1) == 1
    assert read_size(HEIC) == UPRIGHT


def test_a_ten_bit_heic_keeps_its_ten_bits() -> None:
    """An iPhone's HDR photo is 10-bit HEVC: read in 16 bits, every one of the ramp's 1024 steps
    kept (8 bits would leave 256)."""
    photo = read_photo(FIXTURES / "ramp10.heic")
    assert photo.rgb.dtype == np.uint16 and photo.rgb.shape == (8, 1024, 3) and photo.bit_depth == 16
    row = photo.rgb[4, :, 0].astype(int)
    assert len(np.unique(row)) == 1024 and np.array_equal(row >> 6, np.arange(1024))
    assert read_photo(HEIC).rgb.dtype == np.uint8  # an 8-bit one stays 8-bit


def test_a_cut_heic_gives_one_line(tmp_path: Path) -> None:
    cut = tmp_path / "cut.heic"
    cut.write_bytes(HEIC.read_bytes()[:400])
    with pytest.raises(ImageReadError, match="cut.heic") as e:
        read_photo(cut)
    assert "\n" not in str(e.value)


def test_avif_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.avif"
    pixels = np.zeros((32, 48, 3), np.uint8)
    pixels[:, :24] = (220, 40, 40)
    pixels[:, 24:] = (40, 40, 220)
    Image.fromarray(pixels).save(path, "AVIF", quality=95)
    photo = read_photo(path)
    assert photo.format == "AVIF" and photo.size == (32, 48)
    assert np.abs(photo.rgb[8:24, 4:20].astype(int) - (220, 40, 40)).max() < 12


# -------------------------------------------------------------------------- names, export


def test_suffixes_offered_and_export_names() -> None:
    for s in (".heic", ".avif", ".dng", ".cr3", ".nef", ".arw", ".raf"):
        assert s in READ_SUFFIXES
    assert set(RAW_SUFFIXES) <= set(READ_SUFFIXES)
    assert export_suffix("IMG_1.CR2") == ".jpg" and export_suffix("IMG_2.HEIC") == ".jpg"
    assert export_suffix("a.bmp") == ".png" and export_suffix("a.TIF") == ".TIF" and export_suffix("a.webp") == ".webp"


def test_an_edited_raw_exports_at_16_bits_to_tiff(tmp_path: Path) -> None:
    from ldie_desktop.document.layer import Layer
    from ldie_desktop.render.export import export_photo

    out = export_photo(read_photo(DNG), [Layer("exposure", {"stops": -0.5})], tmp_path / "x.tif")
    back = read_photo(out)
    assert back.format == "TIFF" and back.rgb.dtype == np.uint16 and back.size == UPRIGHT
    assert back.rgb.mean() < read_photo(DNG).rgb.mean() * 0.9
    exif = Image.Exif()
    exif.load(back.exif)
    assert exif[272] == "Synthetic RGGB"
    # a JPEG export of a HEIC keeps what it can
    jpeg = write_photo(tmp_path / "h.jpg", read_photo(HEIC).rgb)
    assert read_photo(jpeg).size == UPRIGHT
