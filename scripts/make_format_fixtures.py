"""Make the tiny camera-format test files in ``tests/fixtures/formats/`` (committed; run again
only to change them). Every pixel is made up here: no photo of anyone's goes in.

* ``scene.dng``: what a camera with an RGGB sensor would record of ``scene()`` in daylight:
  each colour bar's linear sRGB value times the sensor's channel sensitivity, mosaiced, 12-bit
  with a black level of 256; the DNG colour matrix and AsShotNeutral describe exactly that
  sensor, so a correct raw converter gives the bars back. Orientation 6 (camera turned right),
  Make / Model / DateTime set.
* ``scene.heic``: ``scene()`` in sRGB, 8-bit, saved as an iPhone does: HEVC in HEIF with EXIF
  orientation 6 (stored as HEIF's own rotation) and an sRGB ICC profile.
* ``ramp10.heic``: a 10-bit HEIC (as an iPhone's HDR photos are), lossless: a grey ramp from
  0 to 1023 across its 1024 columns, 8 rows high, so 8 bits could not hold its steps.

Needs ``tifffile`` and ``pillow-heif`` (its encoder; the app itself only decodes, with
pi-heif), neither of which the app depends on::

    pip install tifffile pillow-heif && python scripts/make_format_fixtures.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "formats"
H, W = 64, 96  # as stored, before orientation
BARS = ((0.60, 0.10, 0.10), (0.10, 0.50, 0.10), (0.10, 0.10, 0.60), (0.18, 0.18, 0.18))
"""Linear sRGB of the four bars (red, green, blue, mid grey), each W/4 wide, below row 16."""
SENSOR = np.array([0.5, 1.0, 0.7])  # the made-up camera's red, green, blue sensitivity in daylight
BLACK, WHITE = 256, 4095
XYZ_TO_SRGB = np.array([[3.2406, -1.5372, -0.4986], [-0.9689, 1.8758, 0.0415], [0.0557, -0.2040, 1.0570]])


def scene() -> np.ndarray:
    """(H, W, 3) linear sRGB: a grey ramp in the top 16 rows (a white marker in its top-left
    8 x 8, to check orientation), the four bars below."""
    s = np.zeros((H, W, 3))
    s[:16] = np.linspace(0.05, 0.6, W)[None, :, None]
    s[:8, :8] = 0.9
    for i, colour in enumerate(BARS):
        s[16:, i * W // 4:(i + 1) * W // 4] = colour
    return s


def _srational(values: np.ndarray) -> list[int]:
    out: list[int] = []
    for v in np.ravel(values):
        out += [int(round(float(v) * 10000)), 10000]
    return out


def make_dng(path: Path) -> None:
    import tifffile

    camera = scene() * SENSOR
    mosaic = np.empty((H, W))
    mosaic[0::2, 0::2] = camera[0::2, 0::2, 0]
    mosaic[0::2, 1::2] = camera[0::2, 1::2, 1]
    mosaic[1::2, 0::2] = camera[1::2, 0::2, 1]
    mosaic[1::2, 1::2] = camera[1::2, 1::2, 2]
    raw = np.round(BLACK + mosaic * (WHITE - BLACK)).astype(np.uint16)
    extratags = [
        (274, "H", 1, (6,), True),  # Orientation: camera turned right
        (271, "s", 0, "LDIE", True),  # Make
        (272, "s", 0, "Synthetic RGGB", True),  # Model
        (306, "s", 0, "2026:11:30 12:00:00", True),  # DateTime
        (33421, "H", 2, (2, 2), True),  # CFARepeatPatternDim
        (33422, "B", 4, (0, 1, 1, 2), True),  # CFAPattern: R G / G B
        (50706, "B", 4, (1, 4, 0, 0), True),  # DNGVersion
        (50708, "s", 0, "LDIE Synthetic RGGB", True),  # UniqueCameraModel
        (50714, "H", 1, (BLACK,), True),  # BlackLevel
        (50717, "H", 1, (WHITE,), True),  # WhiteLevel
        (50721, "2i", 9, _srational(np.diag(SENSOR) @ XYZ_TO_SRGB), True),  # ColorMatrix1: XYZ -> camera
        (50728, "2I", 3, _srational(SENSOR / SENSOR.max()), True),  # AsShotNeutral
        (50778, "H", 1, (21,), True),  # CalibrationIlluminant1: D65
    ]
    tifffile.imwrite(path, raw, photometric=32803, compression=None, extratags=extratags,
                     subfiletype=0, metadata=None, software=False)


def srgb(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(linear, 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def make_heic(path: Path) -> None:
    import pillow_heif
    from PIL import Image, ImageCms

    pixels = np.round(srgb(scene()) * 255).astype(np.uint8)
    exif = Image.Exif()
    exif[274] = 6
    exif[271] = "LDIE"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    heif = pillow_heif.from_pillow(Image.fromarray(pixels))
    heif.save(path, quality=95, exif=exif.tobytes(), icc_profile=icc)


def make_ramp10(path: Path) -> None:
    import pillow_heif

    ramp = np.zeros((8, 1024, 3), np.uint16)
    ramp[...] = (np.arange(1024, dtype=np.uint16) << 6)[None, :, None]  # 10 bits in the top of 16
    pillow_heif.from_bytes(mode="RGB;16", size=(1024, 8), data=ramp.tobytes()).save(path, quality=-1)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    make_dng(OUT / "scene.dng")
    make_heic(OUT / "scene.heic")
    make_ramp10(OUT / "ramp10.heic")
    for p in sorted(OUT.iterdir()):
        print(f"{p.relative_to(OUT.parent.parent.parent)}: {p.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
