"""Colour management of what is shown: a photo's embedded profile converted to sRGB for the
screen (preview, before/after, thumbnails), while edits and exports keep the photo's numbers.

The Display P3 and Adobe RGB profiles come from Qt's QColorSpace, an implementation of its own,
which also checks LittleCMS's conversion: Qt's sRGB -> P3, then ours back, must land home."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageCms
from PySide6.QtGui import QColor, QColorSpace

from ldie_desktop.io import read_photo, write_photo
from ldie_desktop.render.display import display_transform, for_display
from ldie_desktop.render.thumbnail import make_thumbnail

P3 = QColorSpace(QColorSpace.NamedColorSpace.DisplayP3)
ADOBE = QColorSpace(QColorSpace.NamedColorSpace.AdobeRgb)
SRGB = QColorSpace(QColorSpace.NamedColorSpace.SRgb)


def icc(space: QColorSpace) -> bytes:
    return bytes(space.iccProfile().data())


def test_nothing_to_do_without_a_profile_or_with_srgb() -> None:
    assert display_transform(None) is None and display_transform(b"") is None
    assert display_transform(icc(SRGB)) is None  # Qt's sRGB profile
    assert display_transform(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()) is None
    assert display_transform(b"not a profile at all" * 20) is None  # damaged: shown as it is
    rgb = np.zeros((2, 2, 3), np.uint8)
    assert for_display(rgb, None) is rgb


@pytest.mark.parametrize("space", [P3, ADOBE], ids=["display-p3", "adobe-rgb"])
def test_wide_gamut_numbers_are_shown_as_qt_converts_them(space: QColorSpace) -> None:
    wide = np.random.default_rng(0).integers(0, 256, (300, 3)).astype(np.uint8)
    to_srgb = space.transformationToColorSpace(SRGB)
    qt = np.clip([[round(c * 255) for c in (q.redF(), q.greenF(), q.blueF())]  # Qt does not clip
                   for q in (to_srgb.map(QColor(*map(int, c))) for c in wide)], 0, 255)
    shown = display_transform(icc(space))(wide[None])[0].astype(int)
    err = np.abs(shown - qt)
    assert err.mean() < 0.6 and err.max() <= 3
    assert np.abs(shown - wide).mean() > 3  # and it is a real change


def test_a_p3_red_is_shown_deeper_than_its_numbers_read_as_srgb() -> None:
    t = display_transform(icc(P3))
    assert t.description == "Display P3"
    shown = t(np.array([[[200, 40, 40], [128, 128, 128]]], np.uint8))[0].astype(int)
    assert shown[0][0] > 205 and shown[0][1] < 35  # more saturated on an sRGB screen
    assert np.abs(shown[1] - 128).max() <= 1  # greys stay grey
    with pytest.raises(ValueError):
        t(np.zeros((2, 2), np.uint8))


def test_thumbnails_are_shown_through_the_profile(tmp_path) -> None:
    pixels = np.zeros((40, 60, 3), np.uint8)
    pixels[...] = (200, 40, 40)
    plain, tagged = tmp_path / "plain.png", tmp_path / "p3.png"
    Image.fromarray(pixels).save(plain)
    Image.fromarray(pixels).save(tagged, icc_profile=icc(P3))
    assert read_photo(tagged).icc is not None
    a, b = make_thumbnail(plain, 30).rgb, make_thumbnail(tagged, 30).rgb
    assert tuple(a[10, 10]) == (200, 40, 40)
    assert b[10, 10, 0] > 205 and b[10, 10, 1] < 35


def test_export_to_srgb_converts_the_numbers_and_embeds_srgb(tmp_path) -> None:
    from ldie_desktop.document import Layer
    from ldie_desktop.render.display import SRGB_ICC
    from ldie_desktop.render.export import export_photo

    rng = np.random.default_rng(3)
    pixels = rng.integers(0, 256, (40, 60, 3)).astype(np.uint8)
    src = tmp_path / "p3.png"
    Image.fromarray(pixels).save(src, icc_profile=icc(P3))
    photo = read_photo(src)
    want = display_transform(icc(P3))(pixels)
    out = read_photo(export_photo(photo, [], tmp_path / "web.png", srgb=True))
    assert out.icc == SRGB_ICC and np.array_equal(out.rgb, want)  # exactly LittleCMS's 8-bit conversion
    kept = read_photo(export_photo(photo, [], tmp_path / "kept.png"))
    assert kept.icc == icc(P3) and np.array_equal(kept.rgb, pixels)  # off: the photo's own numbers and profile
    # 16 bits: through the table, smooth and close to the 8-bit conversion
    deep = tmp_path / "p3-16.tif"
    write_photo(deep, pixels.astype(np.uint16) * 257, icc=icc(P3))
    out16 = read_photo(export_photo(read_photo(deep), [], tmp_path / "web16.tif", srgb=True))
    assert out16.rgb.dtype == np.uint16 and out16.icc == SRGB_ICC
    err = np.abs(out16.rgb / 257.0 - want)
    assert err.mean() < 0.6 and np.percentile(err, 99) < 3.5
    # a photo without a profile (taken as sRGB) is written as it is
    plain = tmp_path / "plain.png"
    Image.fromarray(pixels).save(plain)
    same = read_photo(export_photo(read_photo(plain), [Layer.new("brightness")], tmp_path / "same.png", srgb=True))
    assert same.icc is None and np.array_equal(same.rgb, pixels)


@pytest.fixture
def p3_screen():
    """A Display P3 screen for the test, sRGB again after it (the setting is the process's)."""
    from ldie_desktop.render.display import set_screen_profile

    assert set_screen_profile(icc(P3))
    yield
    set_screen_profile(None)


def test_a_wide_gamut_screen_shows_srgb_photos_converted(p3_screen) -> None:
    """With a P3 screen set, an sRGB photo's red is shown as P3's numbers for that red (less
    than full red, which would be deeper), a P3 photo as it is, and an export still converts to
    sRGB whatever the screen."""
    from ldie_desktop.render.display import SRGB_ICC, screen_profile, to_srgb

    assert screen_profile() == icc(P3)
    red = np.zeros((1, 1, 3), np.uint8)
    red[..., 0] = 255
    shown = for_display(red, None)[0, 0].astype(int)
    expected = QColor(255, 0, 0).toRgb()  # Qt's own conversion of sRGB red to P3
    qt = SRGB.transformationToColorSpace(P3).map(expected)
    assert abs(shown[0] - qt.red()) <= 2 and abs(shown[1] - qt.green()) <= 2 and shown[0] < 245
    assert display_transform(icc(P3)) is None  # a photo in the screen's own profile: as it is
    assert for_display(red, SRGB_ICC)[0, 0, 0] == shown[0]
    p3_red = to_srgb(np.array([[[1.0, 0.0, 0.0]]], np.float32), icc(P3), 8)
    assert p3_red[0, 0, 0] == 255  # the export's sRGB numbers, not the screen's


def test_a_screen_profile_that_is_not_one_is_refused() -> None:
    from ldie_desktop.render.display import screen_profile, set_screen_profile

    with pytest.raises(ValueError, match="not a colour profile"):
        set_screen_profile(b"nonsense" * 50)
    assert screen_profile() is None  # the screen stays as it was
