"""Full-resolution export: size, bit depth, alpha, metadata, and never losing a file."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageCms

from conftest import disk_mask
from ldie_desktop.document import Layer, Mask
from ldie_desktop.io import read_photo, write_photo
from ldie_desktop.render import Cancelled, Renderer
from ldie_desktop.render import export as export_mod
from ldie_desktop.render.export import export_photo

LAYERS = [Layer.new("exposure", stops=0.5), Layer.new("sharpness", amount=0.5)]


def make_photo(path, rgb: np.ndarray, **kw) -> None:
    write_photo(path, rgb, **kw)


def test_jpeg_export_keeps_size_exif_and_icc(tmp_path, sample_rgb) -> None:
    src = tmp_path / "in.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 cw to display
    exif[0x010F] = "LDIE test camera"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.fromarray(sample_rgb[:, :300]).save(src, exif=exif.tobytes(), icc_profile=icc, quality=95)
    out = export_photo(src, LAYERS, tmp_path / "out.jpg")
    res = Image.open(out)
    assert res.size == (512, 300)  # upright: the EXIF rotation was applied ...
    assert res.getexif().get(0x0112, 1) == 1  # ... and reset, so viewers do not turn it twice
    assert res.getexif()[0x010F] == "LDIE test camera"
    assert res.info.get("icc_profile") == icc


def _located(tmp_path, sample_rgb):
    """A JPEG whose EXIF says the camera, the exposure, who took it and where (GPS)."""
    src = tmp_path / "home.jpg"
    exif = Image.Exif()
    exif[0x010F], exif[0x013B], exif[0x8298] = "LDIE test camera", "A. Photographer", "(c) 2026 A. Photographer"
    exif.get_ifd(0x8769)[0x829A] = 0.004  # ExposureTime
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)})
    Image.fromarray(sample_rgb).save(src, exif=exif.tobytes(), quality=95)
    assert Image.open(src).getexif().get_ifd(0x8825)[1] == "N"
    return src


@pytest.mark.parametrize(("keep", "camera", "location", "artist"), [
    ("all", True, True, True), ("no_location", True, False, True), ("copyright", False, False, True)])
def test_export_keeps_the_metadata_chosen(tmp_path, sample_rgb, keep, camera, location, artist) -> None:
    """Lightroom's export Metadata: all of it, all but where it was taken, or only who made it."""
    out = export_photo(_located(tmp_path, sample_rgb), LAYERS, tmp_path / f"{keep}.jpg", metadata=keep)
    exif = Image.open(out).getexif()
    assert (exif.get(0x010F) == "LDIE test camera") == camera
    assert (0x829A in exif.get_ifd(0x8769)) == camera
    assert bool(exif.get_ifd(0x8825)) == location
    assert (exif.get(0x013B) == "A. Photographer" and exif.get(0x8298, "").startswith("(c) 2026")) == artist


def test_an_unknown_metadata_choice_is_refused_before_reading(tmp_path) -> None:
    with pytest.raises(ValueError, match="unknown metadata choice"):
        export_photo(tmp_path / "nothing-here.jpg", LAYERS, tmp_path / "o.jpg", metadata="some")


def test_16_bit_png_stays_16_bit_and_alpha_is_kept(tmp_path) -> None:
    ramp = (np.linspace(0, 65535, 64 * 48 * 3) % 65536).astype(np.uint16).reshape(48, 64, 3)
    alpha = np.full((48, 64), 40000, np.uint16)
    src = tmp_path / "in.png"
    write_photo(src, ramp, alpha)
    out = export_photo(src, [Layer.new("contrast", amount=0.2)], tmp_path / "out.png")
    photo = read_photo(out)
    assert photo.rgb.dtype == np.uint16 and photo.rgb.shape == (48, 64, 3)
    assert photo.alpha is not None and np.array_equal(photo.alpha, alpha)
    assert len(np.unique(photo.rgb)) > 256  # not squeezed through 8 bits


def test_background_to_transparent_png(tmp_path, sample_rgb) -> None:
    src = tmp_path / "in.jpg"
    write_photo(src, sample_rgb)
    m = Mask(1 - disk_mask(512, 512))
    out = export_photo(src, [Layer("color_bg", params={"transparent": 1}, mask=m)], tmp_path / "cut.png")
    photo = read_photo(out)
    assert photo.alpha is not None and photo.alpha[0, 0] == 0 and photo.alpha[256, 256] == 255
    jpg = export_photo(src, [Layer("color_bg", params={"transparent": 1}, mask=m)], tmp_path / "cut.jpg")
    assert read_photo(jpg).alpha is None and read_photo(jpg).rgb[0, 0].min() > 245  # flattened on white


def test_never_overwrites_the_source(tmp_path, sample_rgb) -> None:
    src = tmp_path / "in.png"
    write_photo(src, sample_rgb)
    before = src.read_bytes()
    with pytest.raises(ValueError, match="original photo"):
        export_photo(src, LAYERS, src)
    assert src.read_bytes() == before


def test_interrupted_export_leaves_source_and_earlier_export_intact(tmp_path, sample_rgb, monkeypatch) -> None:
    src, out = tmp_path / "in.png", tmp_path / "out.png"
    write_photo(src, sample_rgb)
    export_photo(src, LAYERS, out)
    src_bytes, out_bytes = src.read_bytes(), out.read_bytes()

    with pytest.raises(Cancelled):  # the user pressed Cancel mid-render
        export_photo(src, LAYERS, out, cancel=iter([False, True, True]).__next__)

    class Crash(RuntimeError):
        pass

    def crash_midway(f, *args, **kwargs):  # the encoder dies after writing part of the file
        f.write(b"\x89PNG partial")
        raise Crash("power cut")

    monkeypatch.setattr("ldie_desktop.io.photo._encode", crash_midway)
    with pytest.raises(Exception):
        export_photo(src, LAYERS, out)
    assert src.read_bytes() == src_bytes and out.read_bytes() == out_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.png", "out.png"]


def test_export_equals_the_render_quantised(tmp_path, sample_rgb) -> None:
    src = tmp_path / "in.png"
    write_photo(src, sample_rgb)
    out = export_photo(src, LAYERS, tmp_path / "out.png")
    expected = Renderer(device="cpu").render(sample_rgb, LAYERS).rgb
    got = read_photo(out).rgb.astype(np.float32) / 255
    assert np.abs(got - expected).max() <= 0.5 / 255 + 1e-6
    assert export_mod.SIXTEEN_BIT == {"PNG", "TIFF"}


def test_resize_to_fit_scales_the_rendered_picture_down_never_up(tmp_path, sample_rgb) -> None:
    src = tmp_path / "in.png"
    write_photo(src, sample_rgb, np.full(sample_rgb.shape[:2], 200, np.uint8))
    layers = [Layer.new("crop", left=25.0), Layer.new("exposure", stops=0.5)]
    full = read_photo(export_photo(src, layers, tmp_path / "full.png"))
    small = read_photo(export_photo(src, layers, tmp_path / "small.png", long_side=128))
    assert full.size == (512, 384) and small.size == (128, 96)  # the crop's shape, the longer side 128
    assert small.alpha is not None and small.alpha.shape == (128, 96) and (small.alpha == 200).all()
    # area-averaged from the full render: each output pixel is the mean of a 4 x 4 block
    block = full.rgb.reshape(128, 4, 96, 4, 3).mean(axis=(1, 3))
    assert np.abs(small.rgb.astype(float) - block).max() <= 1.0
    assert read_photo(export_photo(src, layers, tmp_path / "same.png", long_side=4000)).size == (512, 384)
    for bad in (0, -5, 2.5, True):
        with pytest.raises(ValueError):
            export_photo(src, layers, tmp_path / "bad.png", long_side=bad)
    assert not (tmp_path / "bad.png").exists()


def test_export_saved_writes_each_photo_with_its_own_edits_in_the_format_asked(tmp_path) -> None:
    from PIL import Image

    from ldie_desktop.document import EditStack, Layer, sidecar
    from ldie_desktop.render.export import export_saved

    grey = np.full((40, 60, 3), 100, np.uint8)
    Image.fromarray(grey).save(tmp_path / "a.jpg", quality=95)
    Image.fromarray(grey).save(tmp_path / "a.png")  # the same name: as JPEGs they would be one file
    Image.fromarray(grey).save(tmp_path / "b.png")
    sidecar.save(EditStack([Layer.new("crop", left=50.0)]), sidecar.sidecar_path(tmp_path / "b.png"))
    out = tmp_path / "out"
    out.mkdir()
    done = export_saved([tmp_path / "a.jpg", tmp_path / "a.png", tmp_path / "b.png"], out, suffix="", fmt="webp")
    assert [problem for _, problem in done] == ["", "a.png (a.webp is a.jpg's export)", ""]
    assert sorted(p.name for p in out.iterdir()) == ["a.webp", "b.webp"]
    assert Image.open(out / "b.webp").size == (30, 40)  # b's own crop
    again = export_saved([tmp_path / "b.png"], out, suffix="", fmt="webp")
    assert again == [(str(tmp_path / "b.png"), "b.png (b.webp exists)")]
    mine = export_saved([tmp_path / "b.png"], tmp_path, suffix="", fmt="png", overwrite=True)
    assert "b.png (cannot write" in mine[0][1]  # never over the photo itself


def test_sharpening_for_screen_adds_crispness_after_the_resize(tmp_path, sample_rgb) -> None:
    from ldie_desktop.render.cache import Stage
    from ldie_desktop.render.export import sharpened

    src = tmp_path / "in.png"
    write_photo(src, sample_rgb)
    plain = read_photo(export_photo(src, [], tmp_path / "plain.png", long_side=256)).rgb.astype(float)
    crisp = read_photo(export_photo(src, [], tmp_path / "crisp.png", long_side=256, sharpen="high")).rgb.astype(float)
    lap = lambda a: np.abs(np.diff(a, axis=1)).mean()  # noqa: E731 - local contrast between neighbours
    assert lap(crisp) > 1.2 * lap(plain) and abs(crisp.mean() - plain.mean()) < 1.0  # crisper, not brighter
    flat = Stage(np.full((20, 20, 3), 0.5, np.float32))
    assert np.array_equal(sharpened(flat, "high").rgb, flat.rgb) and sharpened(flat, "none") is flat
    with pytest.raises(ValueError):
        export_photo(src, [], tmp_path / "x.png", sharpen="extreme")
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("place", ["bottom right", "top left", "centre"])
def test_a_watermark_goes_in_its_corner(tmp_path, place) -> None:
    src = tmp_path / "grey.png"
    write_photo(src, np.full((400, 600, 3), 90, np.uint8))
    out = read_photo(export_photo(src, [], tmp_path / "w.png", watermark="(c) 2026 A. Photographer",
                                  watermark_place=place)).rgb.astype(int)
    ys, xs = np.nonzero(out[..., 0] > 150)  # the white letters
    assert ys.size > 200
    cy, cx = ys.mean() / 400, xs.mean() / 600
    want = {"bottom right": (cy > 0.9 and cx > 0.6), "top left": (cy < 0.1 and cx < 0.4),
            "centre": (0.4 < cy < 0.6 and 0.3 < cx < 0.7)}
    assert want[place], (cy, cx)
    assert np.abs(out[150:250, 200:400] - 90).max() == 0 or place == "centre"  # the rest untouched
    plain = read_photo(export_photo(src, [], tmp_path / "n.png", watermark="   ")).rgb
    assert np.all(plain == 90)  # no text, no watermark


def test_export_credits_the_artist_and_copyright(tmp_path, sample_rgb) -> None:
    src = _located(tmp_path, sample_rgb)
    out = export_photo(src, LAYERS, tmp_path / "credited.jpg", artist="Jane Doe", copyright="(c) 2026 Jane Doe")
    exif = Image.open(out).getexif()
    assert exif[0x013B] == "Jane Doe" and exif[0x8298] == "(c) 2026 Jane Doe" and exif[0x010F] == "LDIE test camera"
    plain = tmp_path / "plain.png"
    write_photo(plain, sample_rgb)  # no EXIF at all: one is made for the credit
    out = export_photo(plain, [], tmp_path / "credited.png", copyright="(c) 2026 Jane Doe")
    assert Image.open(out).getexif()[0x8298] == "(c) 2026 Jane Doe"
    kept = export_photo(src, [], tmp_path / "own.jpg")  # none given: the photo's own
    assert Image.open(kept).getexif()[0x013B] == "A. Photographer"
