"""Thumbnails: a JPEG decoded small by its DCT, upright, and a photo's saved edits rendered on
it (crops and all); a broken edit file costs the edits, never the thumbnail."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image

from conftest import SAMPLE
from ldie_desktop.document import EditStack, Layer, sidecar
from ldie_desktop.io import ImageReadError, read_photo
from ldie_desktop.render import Renderer
from ldie_desktop.render.thumbnail import make_thumbnail


def _wide_jpeg(path, orientation: int | None = None) -> np.ndarray:
    """A 1200 x 800 JPEG: left half dark, right half light (EXIF ``orientation`` if given)."""
    rgb = np.full((800, 1200, 3), 40, np.uint8)
    rgb[:, 600:] = 210
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    Image.fromarray(rgb).save(path, quality=95, exif=exif.tobytes())
    return rgb


def test_a_jpeg_is_decoded_small_and_upright(tmp_path) -> None:
    _wide_jpeg(tmp_path / "a.jpg")
    small = read_photo(tmp_path / "a.jpg", reduce_to=160)
    assert small.rgb.shape == (200, 300, 3)  # 1/4: the smallest DCT scale still at least 160 a side
    assert small.rgb[:, :140].mean() < 60 and small.rgb[:, 160:].mean() > 190
    _wide_jpeg(tmp_path / "r.jpg", orientation=6)  # stored wide, shown tall: a quarter turn clockwise
    turned = read_photo(tmp_path / "r.jpg", reduce_to=160)
    assert turned.rgb.shape == (300, 200, 3)
    assert turned.rgb[:140].mean() < 60 and turned.rgb[160:].mean() > 190  # the dark left is now on top
    png = tmp_path / "a.png"
    Image.fromarray(np.zeros((40, 60, 3), np.uint8)).save(png)
    assert read_photo(png, reduce_to=10).rgb.shape == (40, 60, 3)  # other formats decode whole


def test_a_thumbnail_shows_the_saved_edits(tmp_path) -> None:
    photo = tmp_path / "p.jpg"
    shutil.copy(SAMPLE, photo)
    plain = make_thumbnail(photo, 100, Renderer())
    assert plain.rgb.shape == (100, 100, 3) and plain.layers == 0 and plain.size == (512, 512)
    crop = Layer.new("crop", top=25.0, bottom=25.0)  # half the height kept (percent)
    sidecar.save(EditStack([Layer.new("brightness", amount=0.5), crop]), sidecar.sidecar_path(photo))
    edited = make_thumbnail(photo, 100, Renderer())
    assert edited.layers == 2 and not edited.problem
    assert edited.rgb.shape[:2] == (50, 100)  # cropped wide
    assert edited.rgb.mean() > plain.rgb.mean() + 15
    unrendered = make_thumbnail(photo, 100)  # no renderer: the photo as it is
    assert unrendered.rgb.shape == (100, 100, 3) and unrendered.layers == 2


def test_a_broken_edit_file_costs_the_edits_not_the_thumbnail(tmp_path) -> None:
    photo = tmp_path / "p.jpg"
    shutil.copy(SAMPLE, photo)
    sidecar.sidecar_path(photo).write_text('{"format": "ldie-edits", "schema": 2, "layers": [{"op": "nope"}]}')
    thumb = make_thumbnail(photo, 64, Renderer())
    assert thumb.rgb.shape == (64, 64, 3) and thumb.layers == 0 and "p.jpg.ldie.json" in thumb.problem
    (tmp_path / "bad.jpg").write_bytes(b"\xff\xd8\xff nothing")
    with pytest.raises(ImageReadError, match="bad.jpg"):
        make_thumbnail(tmp_path / "bad.jpg", 64)
