"""Lens correction: the ``lens`` operation's models, and Auto's profile from the lensfun database.

The photos are made here: a field of dots on a grid, then what a real lens would record of it,
by lensfun's own reverse transform (distortion, colour fringes, vignetting) for a lens its
database knows. Auto must read the camera and lens from the EXIF, and its correction must put
the dots back on straight lines and light the corners again."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from PIL import Image

from ldie_desktop.document import Layer
from ldie_desktop.io import read_photo
from ldie_desktop.ops.lens_profile import LensInfo, LensProfileError, lens_info, measure, profile_for_photo
from ldie_desktop.ops.lens_profile import through_lens as lens_through
from ldie_desktop.ops.lens import Lens, frame_scale
from ldie_desktop.render import Renderer

CAMERA = ("Canon", "Canon EOS 7D", "EF-S10-22mm f/3.5-4.5 USM", 10.0, 3.5)  # a wide zoom at its widest
H, W = 400, 600


def exif_for(make: str, model: str, lens: str, focal: float, aperture: float) -> bytes:
    e = Image.Exif()
    e[271], e[272] = make, model
    sub = e.get_ifd(0x8769)
    sub[0xA434], sub[0x920A], sub[0x829D] = lens, focal, aperture
    return e.tobytes()


def dots() -> tuple[np.ndarray, np.ndarray]:
    """A white picture with black dots on a 9 x 13 grid; the dots' centres."""
    img = np.full((H, W, 3), 255, np.uint8)
    ys, xs = np.linspace(20, H - 21, 9), np.linspace(20, W - 21, 13)
    centres = np.array([(x, y) for y in ys for x in xs])
    for x, y in centres:
        cv2.circle(img, (int(round(x)), int(round(y))), 4, (0, 0, 0), -1, lineType=cv2.LINE_AA)
    return img, centres


def through_lens(img: np.ndarray, vignetting: bool = False) -> np.ndarray:
    """What the test's lens records of ``img`` (lensfun's reverse transform)."""
    return lens_through(LensInfo(*CAMERA, 0.0), img, vignetting)


def bow(img: np.ndarray) -> float:
    """How far the dots of the outer rows and columns stray from the straight line through
    them, in parts of the picture's half-diagonal (the worst line)."""
    grey = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY) if img.ndim == 3 else img
    n, _, stats, cents = cv2.connectedComponentsWithStats((grey < 128).astype(np.uint8))
    pts = np.array([c for c, s in zip(cents[1:], stats[1:]) if 5 < s[cv2.CC_STAT_AREA] < 400])
    half = math.hypot(*img.shape[:2]) / 2
    worst = 0.0
    for axis in (0, 1):  # rows (same y), then columns (same x)
        key = np.round(pts[:, 1 - axis] / (img.shape[axis] / 30)).astype(int)
        for k in np.unique(key):
            line = pts[key == k]
            if len(line) < 5:
                continue
            a, b = line[:, axis], line[:, 1 - axis]
            fit = np.polyval(np.polyfit(a, b, 1), a)
            worst = max(worst, float(np.abs(b - fit).max()))
    return worst / half


def test_an_identity_lens_changes_nothing_and_frames_fill() -> None:
    assert Lens.is_identity({}) and frame_scale({}, (H, W)) == 1.0
    x = np.random.default_rng(0).random((40, 60, 3)).astype(np.float32)
    out = Renderer().render(x, [Layer("lens", params={"k2": 0.0})]).rgb
    assert np.abs(out - x).max() < 1e-6
    # barrel correction shows more of the photo (zoomed out), pincushion less; never an empty edge
    assert frame_scale({"distortion": 0.5}, (H, W)) > 1.0 > frame_scale({"distortion": -0.5}, (H, W))


def test_auto_reads_the_lens_from_exif_and_straightens_what_it_bent(tmp_path) -> None:
    img, _ = dots()
    bent = through_lens(img)
    path = tmp_path / "wide.jpg"
    Image.fromarray(bent).save(path, exif=exif_for(*CAMERA), quality=95)
    photo = read_photo(path)
    assert lens_info(photo.exif) == LensInfo(*CAMERA, 0.0)
    profile = profile_for_photo(photo.exif, photo.size)
    assert profile.lens == "Canon EF-S 10-22mm f/3.5-4.5 USM" and "distortion" in profile.summary()
    fixed = Renderer().render(photo.rgb.astype(np.float32) / 255, [Layer("lens", params=profile.params)]).rgb
    fixed = (fixed * 255).round().astype(np.uint8)
    assert bow(bent) > 0.004 and bow(fixed) < bow(bent) / 5, (bow(bent), bow(fixed))  # 2 px bows, 0.2 px left
    assert bow(img) < 0.002
    # the same correction by hand from the slider bends the right way, if less exactly
    manual = Renderer().render(photo.rgb.astype(np.float32) / 255, [Layer("lens", params={"distortion": 0.25})]).rgb
    assert bow((manual * 255).astype(np.uint8)) < bow(bent)


def test_auto_lights_the_corners_the_lens_darkened() -> None:
    flat = np.full((H, W, 3), 140, np.uint8)
    dark = through_lens(flat, vignetting=True)
    profile = measure(LensInfo(*CAMERA, 0.0), (H, W))
    out = Renderer().render(dark.astype(np.float32) / 255, [Layer("lens", params=profile.params)]).rgb * 255
    corner = lambda a: float(a[5:25, 5:25].mean())  # noqa: E731
    centre = lambda a: float(a[H // 2 - 10:H // 2 + 10, W // 2 - 10:W // 2 + 10].mean())  # noqa: E731
    assert corner(dark) < centre(dark) - 25
    assert abs(corner(out) - centre(out)) < 6 and abs(centre(out) - 140) < 4


@pytest.mark.parametrize("info, words", [
    (None, "does not say which camera"),
    (LensInfo("Canon", "Canon EOS 7D", "EF-S10-22mm f/3.5-4.5 USM", 0.0, 0.0, 0.0), "focal length"),
    (LensInfo("Nobody", "Camera 3000", "Lens", 35.0, 2.0, 0.0), "does not know the camera"),
    (LensInfo("Canon", "Canon EOS 7D", "Made-up 500mm f/1", 500.0, 1.0, 0.0), "does not know the lens"),
])
def test_no_profile_says_why_in_one_line(info, words) -> None:
    with pytest.raises(LensProfileError, match=words) as e:
        if info is None:
            profile_for_photo(None, (H, W))
        else:
            measure(info, (H, W))
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("params", [
    {"distortion": 0.4}, {"distortion": -0.3, "ca_red": 0.003, "ca_blue": -0.002},
    {"vignetting": 0.6}, {"k1": 0.09, "k2": -0.22, "k3": 0.12, "v1": -2.1, "v2": 2.7, "v3": -1.3, "ca_red": 0.001},
])
def test_the_fast_path_matches_the_reference_alpha_included(params) -> None:
    import torch

    from ldie_desktop.ops.spec import OpContext

    rng = np.random.default_rng(1)
    x = np.clip(np.cumsum(rng.random((90, 120, 4), dtype=np.float32), 1) / 60.0, 0, 1).astype(np.float32)
    ctx = OpContext(long_side=120)
    for img in (np.ascontiguousarray(x[..., :3]), x):
        ref = Lens.apply(torch.from_numpy(img).permute(2, 0, 1)[None], Lens.to_tensors(params), ctx)[0]
        fast = Lens.apply_fast(img, Lens.validate(params), ctx)
        assert fast.shape == img.shape
        assert np.abs(ref.permute(1, 2, 0).numpy() - fast).max() < 2 / 255
    # the alpha moves with the picture and takes no vignetting gain
    if "vignetting" in params:
        assert np.allclose(fast[..., 3], x[..., 3])


def test_colour_fringes_are_measured_in_a_photo_without_a_profile(sample_rgb) -> None:
    """Lateral chromatic aberration made with known scales (the correction's inverse) is found
    again within 0.0002; a clean photo has none to find."""
    from ldie_desktop.ops.lens import estimate_fringes
    from ldie_desktop.ops.spec import OpContext

    img = cv2.resize(sample_rgb, (1200, 1200), interpolation=cv2.INTER_CUBIC).astype(np.float32) / 255
    assert estimate_fringes(img) is None
    for red, blue in ((0.002, -0.0015), (-0.003, 0.001), (0.0045, 0.0)):
        fringed = Lens.apply_fast(img, Lens.validate({"ca_red": -red, "ca_blue": -blue}), OpContext(long_side=1200))
        found = estimate_fringes(fringed)
        assert found is not None and abs(found[0] - red) < 2e-4 and abs(found[1] - blue) < 2e-4, (red, blue, found)
    assert estimate_fringes(np.full((300, 400, 3), 128, np.uint8)) is None  # no edges at all


@pytest.mark.parametrize("mode", ["fast", "reference"])
def test_the_lens_lights_the_corners_before_the_tonal_layers_and_bends_after(sample_rgb, mode) -> None:
    """A raw converter corrects the lens first: the vignetting's gain is on the light the lens let
    through, so a contrast curve after it shapes the evened-out picture; the distortion still
    renders after the tonal layers (their masks keep to the photo)."""
    r = Renderer()
    lens = Layer.new("lens", v1=-0.6, k2=-0.05)
    contrast = Layer.new("contrast", amount=0.6)
    stack = r.render(sample_rgb, [contrast, lens], mode=mode).rgb  # the lens layer on top, as added
    lit = r.render(sample_rgb, [Layer.new("lens", v1=-0.6)], mode=mode).rgb
    toned = r.render(lit, [contrast], mode=mode).rgb
    expected = r.render(toned, [Layer.new("lens", k2=-0.05)], mode=mode).rgb
    assert np.abs(stack - expected).max() < 2 / 255
    wrong = r.render(r.render(sample_rgb, [contrast], mode=mode).rgb, [lens], mode=mode).rgb  # the old order
    assert np.abs(wrong - expected).mean() > 4 * np.abs(stack - expected).mean() + 1 / 255
    just_light = Renderer.active_layers([Layer.new("lens", vignetting=0.5), contrast])
    assert [l.op for l in just_light] == ["lens", "contrast"]  # no geometry left to run after
