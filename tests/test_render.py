"""The one render path: fast equals reference, preview equals export, masks, cache, cancel."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from conftest import disk_mask
from ldie_desktop.document import Layer, Mask
from ldie_desktop.ops import operations
from ldie_desktop.render import Cancelled, RenderCache, Renderer, make_proxy
from ldie_desktop.render.kernels import to_float

STRONG = {
    "brightness": {"amount": 0.4}, "contrast": {"amount": 0.7}, "saturation": {"amount": 0.6},
    "hue": {"curves": [[1.4, 1.2, 1, 1, 1, 0.9, 0.8, 0.7], [1.0] * 8, [0.7, 0.8, 1, 1, 1, 1.1, 1.2, 1.3]]},
    "tint": {"curve": [1.6, 1.3, 1.1, 1, 1, 0.9, 0.8, 0.7]}, "sharpness": {"amount": 1.5},
    "inpaint_obj": {"method": 0}, "color_bg": {"color": [1.0, 1.0, 1.0]}, "exposure": {"stops": 0.8},
    "temperature": {"amount": -0.6}, "black_and_white": {"amount": 1.0}, "blur": {"radius": 1.0},
    "denoise": {"strength": 1.0}, "rotate": {"angle": 7.0}, "flip": {"horizontal": 1},
    "crop": {"left": 10, "top": 5, "right": 3, "bottom": 8}, "perspective": {"vertical": 0.4, "horizontal": -0.2},
    "red_eye": {"amount": 1.0}, "spot_removal": {"method": 0}, "sky": {"look": 2, "clouds": 0.3}, "white_balance": {"light": 4},
    "lens": {"distortion": 0.5, "vignetting": 0.4, "k1": -0.05, "k2": 0.02, "ca_red": 0.002, "ca_blue": -0.002,
             "v1": -0.3},
    "split_tone": {"shadow_hue": 190.0, "shadow_amount": 0.8, "highlight_hue": 35.0, "highlight_amount": 0.7,
                   "balance": 0.3},
    "vignette": {"amount": -0.7, "midpoint": 0.3, "feather": 0.7, "roundness": 0.4},
    "grain": {"amount": 0.8, "size": 0.5},
    "color_mixer": {"hue_reds": 0.5, "saturation_blues": 0.8, "luminance_blues": -0.6, "saturation_greens": -0.7,
                    "hue_yellows": -0.4, "luminance_oranges": 0.5},
    "tone": {"highlights": -0.8, "shadows": 0.7, "whites": 0.4, "blacks": -0.5},
    "clarity": {"amount": 0.8, "texture": 0.6},
    "dehaze": {"amount": 0.7, "haze": [0.8, 0.85, 0.9]},
    "vibrance": {"amount": 0.8},
    "defringe": {"purple": 1.0, "green": 1.0, "purple_hue": 270.0},
    "recolor": {"hue": 220.0, "saturation": 0.6, "amount": 0.9},
    "pixelate": {"size": 3.0},
}
SIX = ["brightness", "contrast", "saturation", "hue", "tint", "sharpness"]
TOL = 2.0 / 255.0


def layer(name: str, mask: np.ndarray | None = None, **kw) -> Layer:
    return Layer(name, params=STRONG[name], mask=None if mask is None else Mask(mask), **kw)


def test_strong_params_cover_every_operation() -> None:
    assert set(STRONG) == set(operations())


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(device="cpu")


@pytest.mark.parametrize("name", list(STRONG))
def test_fast_path_matches_reference(renderer: Renderer, sample_rgb: np.ndarray, name: str) -> None:
    mask = disk_mask(*sample_rgb.shape[:2]) if operations()[name].needs_mask else None
    layers = [layer(name, mask)]
    fast = renderer.render(sample_rgb, layers).rgb
    ref = renderer.render(sample_rgb, layers, mode="reference").rgb
    assert np.abs(fast - ref).max() <= TOL


def test_six_paper_operations_fast_matches_reference(renderer: Renderer, sample_rgb: np.ndarray) -> None:
    layers = [layer(n) for n in SIX]
    fast = renderer.render(sample_rgb, layers)
    assert renderer.stats.segments == 2  # five colour layers fused into one table, then sharpness
    ref = renderer.render(sample_rgb, layers, mode="reference").rgb
    assert np.abs(fast.rgb - ref).max() <= TOL


def test_brightness_fast_matches_reference_clipped_and_rolled_off(renderer: Renderer, sample_rgb: np.ndarray) -> None:
    """Both of Brightness's highlights (roll off, and version 1's clip) in the fused kernel agree with
    the torch reference, at full opacity and not."""
    for highlights in (0.0, 1.0):
        for opacity in (1.0, 0.5):
            stack = [Layer("brightness", params={"amount": 0.8, "highlights": highlights}, opacity=opacity)]
            fast = renderer.render(sample_rgb, stack).rgb
            ref = renderer.render(sample_rgb, stack, mode="reference").rgb
            assert np.abs(fast - ref).max() <= TOL
    clipped = renderer.render(sample_rgb, [Layer("brightness", params={"amount": 0.8, "highlights": 0.0})]).rgb
    rolled = renderer.render(sample_rgb, [Layer("brightness", params={"amount": 0.8})]).rgb
    assert (clipped.max(-1) >= 0.999).mean() > 2 * (rolled.max(-1) >= 0.999).mean()  # the clip flattens more


def test_sepia_fast_matches_reference_with_opacity(renderer: Renderer, sample_rgb: np.ndarray) -> None:
    layers = [Layer("black_and_white", params={"amount": 0.8, "tone": 0.7}, opacity=0.6),
              Layer("black_and_white", params={"amount": 1.0, "tone": 1.0})]
    for stack in (layers[:1], layers[1:]):
        fast = renderer.render(sample_rgb, stack).rgb
        ref = renderer.render(sample_rgb, stack, mode="reference").rgb
        assert np.abs(fast - ref).max() <= TOL
    toned = renderer.render(sample_rgb, layers[1:]).rgb.reshape(-1, 3).mean(0)
    assert toned[0] > toned[1] > toned[2]  # a warm brown, not grey


def test_masked_colour_layer_and_opacity_match_reference(renderer: Renderer, sample_rgb: np.ndarray) -> None:
    m = disk_mask(*sample_rgb.shape[:2])
    layers = [layer("saturation", m, opacity=0.6), layer("exposure", opacity=0.5), layer("contrast", 1 - m)]
    fast = renderer.render(sample_rgb, layers).rgb
    ref = renderer.render(sample_rgb, layers, mode="reference").rgb
    assert np.abs(fast - ref).max() <= TOL


@pytest.mark.parametrize("mode", ["fast", "reference"])
@pytest.mark.parametrize("name", [n for n, op in operations().items() if not op.geometric])
def test_pixels_outside_the_mask_are_unchanged_bit_for_bit(renderer, sample_rgb, name, mode) -> None:
    m = disk_mask(*sample_rgb.shape[:2])
    out = renderer.render(sample_rgb, [layer(name, m)], mode=mode).rgb
    outside = m == 0
    assert outside.sum() > 1000
    assert np.array_equal(out[outside], to_float(sample_rgb)[outside])
    assert not np.array_equal(out[~outside], to_float(sample_rgb)[~outside])


@pytest.fixture(scope="module")
def full_and_proxy(sample_rgb: np.ndarray):
    full = cv2.resize(sample_rgb, (3072, 2048), interpolation=cv2.INTER_CUBIC)
    return full, make_proxy(full, long_side=1536).rgb


@pytest.mark.slow
@pytest.mark.parametrize("name", list(STRONG))
def test_preview_matches_export_up_to_resampling(renderer, full_and_proxy, name: str) -> None:
    full, proxy = full_and_proxy
    mask = disk_mask(512, 768) if operations()[name].needs_mask else None  # masks are any resolution
    layers = [layer(name, mask)]
    export = renderer.render(full, layers, quality="export").rgb
    preview = renderer.render(proxy, layers, quality="preview").rgb
    assert export.shape[:2] != preview.shape[:2]
    shrunk = cv2.resize(export, (preview.shape[1], preview.shape[0]), interpolation=cv2.INTER_AREA)
    diff = np.abs(shrunk - preview).max(axis=2)
    if operations()[name].whole_photo:  # the fill is synthesised anew at each size: compare it loosely
        hole = cv2.resize(disk_mask(512, 768), (preview.shape[1], preview.shape[0])) > 0.5
        assert diff[~hole].mean() < 1 / 255 and diff[hole].mean() < 40 / 255
        return
    if name == "grain":  # grains are drawn on each size's own pixels (test_effects holds where they are)
        assert diff.mean() < 3 / 255
        return
    assert diff.mean() < 1.0 / 255, diff.mean() * 255
    # a block's edge runs through the preview's pixels, and a pixel either side of it differs
    assert np.percentile(diff, 95 if name == "pixelate" else 99) < 10.0 / 255


def test_geometry_runs_after_tonal_layers_and_masks_stay_on_the_photo(renderer, sample_rgb) -> None:
    m = np.zeros(sample_rgb.shape[:2], np.float32)
    m[:, :256] = 1.0  # left half of the photo
    flip_then_bw = [Layer.new("flip", horizontal=1), Layer("black_and_white", params={"amount": 1.0}, mask=Mask(m))]
    out = renderer.render(sample_rgb, flip_then_bw).rgb
    # the photo's left half is grey; flipped, it ends up on the right
    right, left = out[:, 300:], out[:, :200]
    assert np.abs(right[..., 0] - right[..., 1]).max() < 1e-5
    assert np.abs(left[..., 0] - left[..., 1]).max() > 0.1


def test_crop_and_rotate_change_the_size(renderer, sample_rgb) -> None:
    out = renderer.render(sample_rgb[:, :400], [Layer.new("rotate", quarter_turns=1), Layer.new("crop", top=10)]).rgb
    assert out.shape == (400 - 40, 512, 3)


def test_alpha_passes_through_and_color_bg_can_make_it_transparent(renderer, sample_rgb) -> None:
    alpha = np.full(sample_rgb.shape[:2], 0.8, np.float32)
    m = disk_mask(*sample_rgb.shape[:2])
    out = renderer.render(sample_rgb, [Layer.new("exposure", stops=1.0)], alpha=alpha)
    assert np.array_equal(out.alpha, alpha)
    bg = Layer("color_bg", params={"transparent": 1}, mask=Mask(1 - m))
    out = renderer.render(sample_rgb, [bg, Layer.new("flip", horizontal=1)])
    assert out.alpha is not None
    assert out.alpha[256, 256] == pytest.approx(1.0) and out.alpha[5, 5] == pytest.approx(0.0)


def test_disabled_identity_and_maskless_fill_layers_are_skipped(renderer, sample_rgb) -> None:
    layers = [layer("contrast", enabled=False), Layer.new("brightness"), Layer.new("inpaint_obj"),
              layer("saturation", opacity=0.0)]
    out = renderer.render(sample_rgb, layers).rgb
    assert renderer.stats.segments == 0
    assert np.array_equal(out, to_float(sample_rgb))


class TestCache:
    def test_slider_change_rerenders_only_from_that_layer(self, renderer, sample_rgb) -> None:
        cache = RenderCache()
        blur, bright, sharp = layer("blur"), layer("brightness"), layer("sharpness")
        first = renderer.render(sample_rgb, [blur, bright, sharp], cache=cache, source_key="p")
        assert renderer.stats.computed == [blur.id, bright.id, sharp.id]

        again = renderer.render(sample_rgb, [blur, bright, sharp], cache=cache, source_key="p")
        assert renderer.stats.computed == [] and np.array_equal(again.rgb, first.rgb)

        bright2 = bright.with_params(amount=-0.3)
        changed = renderer.render(sample_rgb, [blur, bright2, sharp], cache=cache, source_key="p")
        assert renderer.stats.computed == [bright2.id, sharp.id]  # the blur is not redone
        uncached = renderer.render(sample_rgb, [blur, bright2, sharp])
        assert np.array_equal(changed.rgb, uncached.rgb)

        sharp2 = sharp.with_params(amount=0.2)
        renderer.render(sample_rgb, [blur, bright2, sharp2], cache=cache, source_key="p")
        assert renderer.stats.computed == [sharp2.id]

        blur2 = blur.with_params(radius=0.5)
        renderer.render(sample_rgb, [blur2, bright2, sharp2], cache=cache, source_key="p")
        assert renderer.stats.computed == [blur2.id, bright2.id, sharp2.id]

    def test_toggle_mask_and_source_invalidate(self, renderer, sample_rgb) -> None:
        cache = RenderCache()
        a, b = layer("blur"), layer("contrast")
        renderer.render(sample_rgb, [a, b], cache=cache, source_key="p")
        renderer.render(sample_rgb, [a, b.replace(enabled=False)], cache=cache, source_key="p")
        assert renderer.stats.computed == []  # the prefix [a] is cached and b is skipped
        renderer.render(sample_rgb, [a, b.replace(mask=Mask(disk_mask(64, 64)))], cache=cache, source_key="p")
        assert renderer.stats.computed == [b.id]
        renderer.render(sample_rgb, [a, b], cache=cache, source_key="other photo")
        assert renderer.stats.computed == [a.id, b.id]

    def test_cache_is_bounded(self, renderer, sample_rgb) -> None:
        cache = RenderCache(max_bytes=3 * sample_rgb.size * 4)
        for v in np.linspace(0.1, 0.9, 6):
            renderer.render(sample_rgb, [Layer.new("blur", radius=float(v))], cache=cache, source_key="p")
        assert len(cache) <= 3


def test_cancel_and_progress(renderer, sample_rgb) -> None:
    seen: list[tuple[int, int]] = []
    renderer.render(sample_rgb, [layer("blur"), layer("brightness"), layer("sharpness")], progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    calls = iter([False, True])
    with pytest.raises(Cancelled):
        renderer.render(sample_rgb, [layer("blur"), layer("sharpness")], cancel=lambda: next(calls))


def test_out_of_gpu_memory_falls_back_to_the_cpu(sample_rgb, monkeypatch) -> None:
    import torch

    r = Renderer(device="cpu")
    r.device = torch.device("meta")  # stands in for a GPU that is out of memory
    calls = []

    def fake_apply(x, params, ctx):
        calls.append(x.device.type)
        if x.device.type != "cpu":
            raise torch.OutOfMemoryError("CUDA out of memory")
        return x * 0.5

    from ldie_desktop.ops.blur import Blur

    monkeypatch.setattr(Blur, "apply", classmethod(lambda cls, x, p, c: fake_apply(x, p, c)))
    out = r.render(sample_rgb, [layer("blur")], mode="reference").rgb
    assert calls == ["meta", "cpu"] and r.fell_back_to_cpu and r.device.type == "cpu"
    assert np.allclose(out, to_float(sample_rgb) * 0.5)


@pytest.mark.parametrize("names", [["sharpness"], ["blur", "contrast"], ["denoise", "saturation"], ["exposure"],
                                   ["vignette"], ["grain", "split_tone"], ["contrast", "vignette", "grain"],
                                   ["tone"], ["clarity", "vibrance"], ["dehaze"], ["defringe"], ["red_eye"],
                                   ["color_bg", "sharpness"], ["pixelate"]])
def test_a_region_renders_like_the_same_window_of_the_whole_photo(renderer, big_rgb, names) -> None:
    from ldie_desktop.render import Region, region_margin

    m = disk_mask(300, 300)  # masks at their own resolution, cut to the window
    layers = [Layer(n, params=STRONG[n], mask=Mask(m) if i == 0 else None) for i, n in enumerate(names)]
    whole = renderer.render(big_rgb, layers).rgb
    y0, x0, h, w = 500, 700, 300, 400
    margin = region_margin(layers, 1536)
    ys, xs = max(0, y0 - margin), max(0, x0 - margin)
    crop = big_rgb[ys: y0 + h + margin, xs: x0 + w + margin]
    part = renderer.render(crop, layers, region=Region(1536, 1536, ys, xs)).rgb
    inner = part[y0 - ys: y0 - ys + h, x0 - xs: x0 - xs + w]
    assert np.abs(inner - whole[y0: y0 + h, x0: x0 + w]).max() < 1.5 / 255


@pytest.mark.parametrize("name", ["blur", "clarity", "tone", "dehaze", "defringe"])
def test_a_region_at_the_photos_far_corner_renders_like_the_whole(renderer, big_rgb, name) -> None:
    """Filters that work on a downsampled copy place its blocks where the whole photo's lie, so a
    window that ends at the photo's bottom and right edges, starting anywhere, matches the whole
    (a blur was 7.7/255 off along the bottom row, the highlights and shadows 4.5/255)."""
    from ldie_desktop.render import Region, region_margin

    layers = [layer(name)]
    whole = renderer.render(big_rgb, layers).rgb
    margin = region_margin(layers, 1536)
    for y0, x0 in ((1237, 1141), (1090, 1303)):
        ys, xs = y0 - margin, x0 - margin
        part = renderer.render(big_rgb[ys:, xs:], layers, region=Region(1536, 1536, ys, xs)).rgb
        assert np.abs(part[y0 - ys:, x0 - xs:] - whole[y0:, x0:]).max() < 0.5 / 255, (y0, x0)


@pytest.mark.parametrize("stack", [
    [("crop", {"left": 20.0, "top": 10.0, "right": 5.0})],
    [("flip", {"horizontal": 1}), ("crop", {"left": 30.0, "bottom": 15.0})],
    [("rotate", {"quarter_turns": 1}), ("crop", {"top": 25.0})],
    [("rotate", {"quarter_turns": 3, "angle": 6.0}), ("flip", {"vertical": 1})],
    [("crop", {"right": 20.0}), ("rotate", {"quarter_turns": 2, "angle": -4.0}), ("crop", {"left": 10.0})],
    [("perspective", {"vertical": 0.5, "horizontal": -0.3}), ("crop", {"top": 10.0})],
    [("perspective", {"vertical": -0.7}), ("rotate", {"quarter_turns": 1, "angle": 3.0})],
    [("perspective", {"vertical": 0.4, "aspect": 0.6}), ("crop", {"left": 5.0})],
    [("lens", {"distortion": 0.8, "k2": 0.05, "ca_red": 0.003}), ("crop", {"top": 10.0})],
    [("lens", {"distortion": -0.6}), ("rotate", {"quarter_turns": 1, "angle": 3.0})],
])
def test_a_point_of_the_finished_picture_maps_back_to_the_photo(stack) -> None:
    """A blob on the photo's mask, carried through the geometry, sits where ``source_point``
    says the photo's point shows: a brush on a cropped, turned preview paints the right place."""
    from ldie_desktop.render.pipeline import source_point, through_geometry

    h, w = 120, 180
    layers = [Layer(op, params=p) for op, p in stack]
    yy, xx = np.mgrid[0:h, 0:w]
    for y0, x0 in ((50.0, 100.0), (70.0, 90.0)):
        blob = np.exp(-((xx + 0.5 - x0) ** 2 + (yy + 0.5 - y0) ** 2) / (2 * 3.0**2)).astype(np.float32)
        out = through_geometry(blob, layers)
        oy, ox = np.mgrid[0:out.shape[0], 0:out.shape[1]]
        cy, cx = (out * (oy + 0.5)).sum() / out.sum(), (out * (ox + 0.5)).sum() / out.sum()
        sx, sy = source_point(layers, (h, w), cx, cy)
        assert abs(sx - x0) < 0.6 and abs(sy - y0) < 0.6, (sx, sy, x0, y0)


@pytest.mark.parametrize("op, params", [
    ("rotate", {"quarter_turns": 1, "angle": -4.0}), ("rotate", {"quarter_turns": 2}), ("rotate", {"angle": 12.0}),
    ("perspective", {"vertical": 0.5, "horizontal": -0.3}), ("perspective", {"vertical": -0.4, "aspect": 0.5}),
])
def test_geometric_fast_paths_match_the_reference_alpha_included(sample_rgb: np.ndarray, op: str, params: dict) -> None:
    """The OpenCV fast paths of the turns and the perspective, against the torch grid sampler,
    on a photo with an alpha (which moves with it)."""
    rgb = sample_rgb[:300, :400]
    alpha = np.clip(np.linspace(0, 1, 400, dtype=np.float32)[None, :] * np.ones((300, 1), np.float32), 0, 1)
    layers = [Layer(op, params=params)]
    fast = Renderer().render(rgb, layers, alpha=alpha)
    ref = Renderer().render(rgb, layers, alpha=alpha, mode="reference")
    assert fast.rgb.shape == ref.rgb.shape and np.abs(fast.rgb - ref.rgb).max() <= TOL
    assert np.abs(fast.alpha - ref.alpha).max() <= TOL


def test_a_masked_blur_leaves_no_halo_of_what_it_leaves_out() -> None:
    """"blur the background": a red disc in front of a grey background stays out of the blurred
    background (no red glow round it), as Lightroom's lens blur keeps a subject out of it; the
    disc itself is untouched."""
    h, w = 300, 400
    img = np.full((h, w, 3), 128, np.uint8)
    yy, xx = np.mgrid[0:h, 0:w]
    d = np.hypot(xx - 200, yy - 150)
    img[d < 60] = (230, 20, 20)
    layer = Layer.new("blur", radius=3.0).replace(mask=Mask((d >= 60).astype(np.float32)), local=True)
    for mode in ("fast", "reference"):
        out = Renderer().render(img, [layer], mode=mode).rgb * 255
        ring = (d > 63) & (d < 75)
        assert np.abs(out[ring] - 128).max() < 1.0, mode  # a plain blur through the mask turns it red
        assert np.abs(out[d < 58] - (230, 20, 20)).max() < 1.0, mode


@pytest.mark.parametrize("stack", [
    [("blur", {"radius": 1.0}, True), ("clarity", {"amount": 0.6, "texture": 0.3}, False)],
    [("denoise", {"strength": 1.0}, False), ("saturation", {"amount": 0.5}, True),
     ("vignette", {"amount": -0.7, "midpoint": 0.3, "feather": 0.7, "roundness": 0.4}, False),  # post-crop
     ("crop", {"left": 40.0, "top": 10.0, "right": 5.0, "bottom": 30.0}, False)],
    [("grain", {"amount": 0.8, "size": 0.5}, False), ("defringe", {"purple": 1.0, "green": 1.0}, False),
     ("rotate", {"angle": 4.0}, False)],
    [("tone", {"highlights": -0.8, "shadows": 0.7}, True), ("color_bg", {"color": [1.0, 1.0, 1.0], "transparent": 1.0}, True)],
    [("pixelate", {"size": 3.0}, True), ("contrast", {"amount": 0.5}, False)],
])
def test_an_export_by_bands_is_the_export_of_the_whole(renderer, big_rgb, monkeypatch, stack) -> None:
    """A large photo's export renders its tonal layers a band of rows at a time (memory); the
    picture, its alpha and its size are those of the whole photo rendered at once."""
    from ldie_desktop.render import pipeline

    m = np.zeros((300, 300), np.float32)
    m[40:130, 60:250] = 1.0  # a mask across band edges and not in every band
    layers = [Layer(n, params=p, mask=Mask(m) if masked else None) for n, p, masked in stack]
    monkeypatch.setattr(pipeline, "BAND_PIXELS", 10 ** 12)
    whole = renderer.render(big_rgb, layers, quality="export")
    monkeypatch.setattr(pipeline, "BAND_PIXELS", 200_000)  # bands of 130 rows (or four margins)
    seen = []
    banded = renderer.render(big_rgb, layers, quality="export", progress=lambda d, t: seen.append((d, t)))
    assert renderer.stats.bands >= 3 and seen[-1][0] == seen[-1][1]
    assert banded.rgb.shape == whole.rgb.shape
    assert np.abs(banded.rgb - whole.rgb).max() < 1.5 / 255
    assert (banded.alpha is None) == (whole.alpha is None)
    if whole.alpha is not None:
        assert np.abs(banded.alpha - whole.alpha).max() < 1.5 / 255


def test_an_export_that_cannot_go_by_bands_renders_whole(renderer, big_rgb, monkeypatch) -> None:
    """A fill of a whole region, or only colour layers (one fused pass), render the whole photo."""
    from ldie_desktop.render import pipeline

    monkeypatch.setattr(pipeline, "BAND_PIXELS", 200_000)
    renderer.render(big_rgb, [Layer("exposure", params={"stops": 0.5}), Layer("saturation", params={"amount": 0.3})],
                    quality="export")
    assert renderer.stats.bands == 0
    renderer.render(big_rgb, [layer("sharpness")], quality="preview")  # a preview is never banded
    assert renderer.stats.bands == 0
    renderer.render(big_rgb, [layer("sharpness")], quality="export")
    assert renderer.stats.bands > 0
