"""The editor's sliders as operations: Highlights & shadows (local), Clarity, Dehaze, Vibrance.

Each is checked for what it is for on small synthetic images whose answer is known; the generic
checks (identity at default, gradients, range, preview = export, a window = the whole) are in
test_ops.py and test_render.py, which cover every registered operation."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from ldie_desktop.ops import OpContext, get
from ldie_desktop.ops.dehaze import haze_colour
from ldie_desktop.ops.spec import luminance


def run(name: str, x: torch.Tensor, **params) -> torch.Tensor:
    op = get(name)
    return op.apply(x, op.to_tensors(params, dtype=x.dtype), OpContext.for_image(x))


def grey(v: np.ndarray) -> torch.Tensor:
    """A grey image ``(1, 3, H, W)`` from an ``(H, W)`` array."""
    return torch.as_tensor(v, dtype=torch.float32)[None, None].repeat(1, 3, 1, 1)


def halves(dark: float, bright: float, size: int = 64) -> torch.Tensor:
    v = np.full((size, size), dark, np.float32)
    v[:, size // 2:] = bright
    return grey(v)


class TestTone:
    def test_shadows_lift_dark_areas_and_leave_bright_ones(self) -> None:
        x = halves(0.1, 0.8)
        out = run("tone", x, shadows=0.8)
        assert out[..., 20:40, 5:25].mean() > 0.1 * 1.8  # more than 0.8 stop brighter
        assert torch.allclose(out[..., 20:40, 40:60], x[..., 20:40, 40:60], atol=0.01)

    def test_highlights_recover_bright_areas_and_leave_dark_ones(self) -> None:
        x = halves(0.1, 0.9)
        out = run("tone", x, highlights=-0.8)
        assert out[..., 20:40, 40:60].mean() < 0.9 * 0.7
        assert torch.allclose(out[..., 20:40, 5:25], x[..., 20:40, 5:25], atol=0.01)

    def test_the_lift_follows_the_surroundings_not_the_pixel(self) -> None:
        """A pixel of 0.3 is lifted as a shadow in a dark room and barely in a bright one: the
        slider works on regions and keeps their detail."""
        dark = np.full((64, 64), 0.15, np.float32)
        bright = np.full((64, 64), 0.7, np.float32)
        dark[32, 32] = bright[32, 32] = 0.3
        in_dark = run("tone", grey(dark), shadows=1.0)[0, 0, 32, 32] / 0.3
        in_bright = run("tone", grey(bright), shadows=1.0)[0, 0, 32, 32] / 0.3
        assert in_dark > 1.8 and in_bright < 1.3

    def test_local_contrast_survives_a_shadow_lift(self) -> None:
        """Texture inside the lifted region is scaled with it, not flattened as a curve would."""
        g = torch.Generator().manual_seed(0)
        x = grey(np.full((64, 64), 0.12, np.float32)) + 0.03 * torch.rand(1, 1, 64, 64, generator=g)
        out = run("tone", x, shadows=1.0)
        assert out.std() > 1.8 * x.std()

    def test_keeps_colour(self) -> None:
        x = torch.tensor([0.2, 0.1, 0.05]).reshape(1, 3, 1, 1).repeat(1, 1, 16, 16)
        out = run("tone", x, shadows=0.7)
        ratio = out[0, :, 8, 8] / x[0, :, 8, 8]
        assert torch.allclose(ratio, ratio[0].expand(3), atol=1e-4) and ratio[0] > 1.5

    def test_whites_and_blacks_move_the_ends(self) -> None:
        ramp = grey(np.tile(np.linspace(0, 1, 101, dtype=np.float32), (4, 1)))
        deep = run("tone", ramp, blacks=-1.0)[0, 0, 0]
        faded = run("tone", ramp, blacks=1.0)[0, 0, 0]
        bright = run("tone", ramp, whites=1.0)[0, 0, 0]
        assert deep[10] < 0.02 and faded[0] > 0.1 and bright[85] > 0.9
        assert abs(float(deep[80]) - 0.8) < 1e-6 and abs(float(bright[20]) - 0.2) < 1e-6  # the other end stays
        assert torch.all(deep[1:] >= deep[:-1]) and torch.all(bright[1:] >= bright[:-1])  # monotone

    def test_whites_and_blacks_alone_look_at_no_neighbours(self) -> None:
        assert get("tone").reach({"highlights": 0.0, "shadows": 0.0, "whites": 0.5, "blacks": -0.5}, 4000) == 0
        assert get("tone").reach({"highlights": -0.5, "shadows": 0.0, "whites": 0.0, "blacks": 0.0}, 4000) > 100


class TestClarity:
    def test_adds_midtone_detail_and_removes_it_below_zero(self) -> None:
        g = torch.Generator().manual_seed(1)
        x = (0.5 + 0.05 * torch.randn(1, 1, 96, 96, generator=g)).repeat(1, 3, 1, 1)
        x = torch.nn.functional.avg_pool2d(x, 3, 1, 1)  # detail a few pixels wide, below the base's window
        more, less = run("clarity", x, amount=1.0), run("clarity", x, amount=-1.0)
        assert more.std() > 1.5 * x.std() and less.std() < 0.6 * x.std()
        assert abs(float(more.mean() - x.mean())) < 0.01  # contrast, not brightness

    def test_texture_works_on_fine_detail_and_smooths_it_below_zero(self) -> None:
        """Texture acts on detail a pixel or two wide and smooths it away below 0 (skin), keeping a
        strong edge; larger shapes (blobs of 30 px in 1800) are clarity's and barely move with it."""
        g = torch.Generator().manual_seed(5)
        fine = (0.5 + 0.04 * torch.randn(1, 1, 400, 400, generator=g)).repeat(1, 3, 1, 1)
        assert run("clarity", fine, texture=1.0).std() > 1.6 * fine.std()
        assert run("clarity", fine, texture=-1.0).std() < 0.6 * fine.std()
        blobs = torch.nn.functional.interpolate(torch.randn(1, 1, 60, 60, generator=g), size=(1800, 1800),
                                                mode="bicubic").repeat(1, 3, 1, 1) * 0.05 + 0.5
        moved = {k: float((run("clarity", blobs, **{k: 1.0}) - blobs).std()) for k in ("texture", "amount")}
        assert moved["texture"] < 0.2 * moved["amount"]
        step = halves(0.2, 0.8, 400)
        assert float((run("clarity", step, texture=-1.0) - step).abs().max()) < 0.05

    def test_the_layer_list_says_clarity_and_texture(self) -> None:
        from ldie_desktop.document import Layer

        layer = Layer("clarity", params={"amount": 0.4, "texture": -0.2})
        assert layer.param_texts(sep=" ", short_lists=True, changed_only=True) == ["clarity +0.40", "texture -0.20"]
        assert layer.summary().startswith("clarity amount=+0.40 texture=-0.20")  # the CLI keeps the names

    def test_leaves_flat_areas_and_clipped_ends_alone(self) -> None:
        x = halves(0.0, 1.0)
        assert torch.equal(run("clarity", x, amount=1.0), x)
        flat = grey(np.full((32, 32), 0.4, np.float32))
        assert torch.allclose(run("clarity", flat, amount=1.0), flat, atol=1e-6)

    def test_no_halo_at_a_strong_edge(self) -> None:
        """The base keeps a step of 0.6, so clarity barely overshoots beside it (a Gaussian base,
        an unsharp mask's, overshoots by 0.17 here)."""
        x = halves(0.2, 0.8)
        out = run("clarity", x, amount=1.0)
        assert float((out - x).abs().max()) < 0.05


class TestDehaze:
    @staticmethod
    def scene(size: int = 96) -> tuple[torch.Tensor, torch.Tensor]:
        g = torch.Generator().manual_seed(2)
        j = torch.rand(1, 3, size // 8, size // 8, generator=g) * 0.6  # colourful: some channel is dark
        j = torch.nn.functional.interpolate(j, size=(size, size), mode="nearest")
        return j, j * 0.5 + torch.tensor([0.9, 0.92, 0.95]).reshape(1, 3, 1, 1) * 0.5

    def test_removes_a_veil_of_known_colour(self) -> None:
        clear, hazy = self.scene()
        out = run("dehaze", hazy, amount=1.0, haze=[0.9, 0.92, 0.95])
        assert (out - clear).abs().mean() < 0.4 * (hazy - clear).abs().mean()
        assert out.std() > 1.5 * hazy.std()

    def test_a_clear_photo_is_nearly_untouched(self) -> None:
        clear, _ = self.scene()
        clear[:, 0] = 0.0  # a channel at 0 everywhere: no veil at all
        out = run("dehaze", clear, amount=1.0, haze=[0.9, 0.92, 0.95])
        assert (out - clear).abs().max() < 0.02

    def test_below_zero_lays_the_haze_over_the_photo(self) -> None:
        clear, _ = self.scene()
        out = run("dehaze", clear, amount=-1.0, haze=[0.9, 0.92, 0.95])
        assert torch.allclose(out, clear * 0.5 + torch.tensor([0.9, 0.92, 0.95]).reshape(1, 3, 1, 1) * 0.5, atol=1e-6)

    def test_the_haze_colour_is_measured_from_the_haziest_patches(self) -> None:
        _, hazy = self.scene(256)
        img = (hazy[0].permute(1, 2, 0).numpy() * 255).astype(np.uint8)
        img[:40, :] = (230, 235, 242)  # a hazy sky
        assert np.allclose(haze_colour(img), np.array([230, 235, 242]) / 255, atol=0.01)
        assert get("dehaze").measure(img) == {"haze": haze_colour(img)}

    def test_the_layer_list_does_not_call_a_measured_colour_edited(self) -> None:
        from ldie_desktop.document import Layer

        layer = Layer("dehaze", params={"amount": 0.5, "haze": [0.9, 0.9, 0.95]})
        assert layer.param_texts(sep=" ", short_lists=True, changed_only=True) == ["amount +0.50"]
        assert "haze=[0.90, 0.90, 0.95]" in layer.summary()  # the full listing still says it

    def test_identity_is_the_amount_whatever_the_colour(self) -> None:
        op = get("dehaze")
        assert op.is_identity({"amount": 0.0, "haze": [0.7, 0.8, 0.9]})
        assert not op.is_identity({"amount": 0.2})


class TestVibrance:
    @staticmethod
    def sat(x: torch.Tensor) -> torch.Tensor:
        v, lo = x.amax(1), x.amin(1)
        return (v - lo) / v

    def test_dull_colours_gain_more_than_vivid_ones(self) -> None:
        x = torch.tensor([[0.4, 0.5, 0.45], [0.1, 0.8, 0.2]]).T.reshape(1, 3, 1, 2)  # dull and vivid greens
        out = run("vibrance", x, amount=1.0)
        gain = self.sat(out) / self.sat(x)
        assert gain[0, 0, 0] > 1.6 and gain[0, 0, 1] < 1.15
        assert torch.allclose(out.amax(1), x.amax(1))  # value kept

    def test_skin_gains_less_than_a_sky_as_dull(self) -> None:
        skin = torch.tensor([0.8, 0.62, 0.5])  # hue about 24 degrees
        sky = torch.tensor([0.5, 0.62, 0.8])  # the same saturation, blue
        x = torch.stack([skin, sky], dim=1).reshape(1, 3, 1, 2)
        gain = self.sat(run("vibrance", x, amount=1.0)) / self.sat(x)
        assert gain[0, 0, 0] < gain[0, 0, 1] - 0.2

    def test_below_zero_mutes(self) -> None:
        x = torch.tensor([0.5, 0.45, 0.4]).reshape(1, 3, 1, 1)
        assert self.sat(run("vibrance", x, amount=-1.0)) < 0.5 * self.sat(x)


@pytest.mark.parametrize("name", ["tone", "clarity", "dehaze", "vibrance"])
def test_luminance_of_a_grey_step_stays_in_range_at_the_extremes(name: str) -> None:
    x = halves(0.02, 0.98)
    op = get(name)
    for extreme in ("minimum", "maximum"):
        params = {p.name: (getattr(p, extreme) if not p.shape else [getattr(p, extreme)] * p.size) for p in op.params}
        y = luminance(op.apply(x, op.to_tensors(params), OpContext.for_image(x)))
        assert torch.isfinite(y).all() and y.min() >= 0 and y.max() <= 1


@pytest.mark.parametrize("name, params", [
    ("tone", {"highlights": -0.8, "shadows": 0.7, "whites": 0.4, "blacks": -0.5}),
    ("clarity", {"amount": 0.9}), ("clarity", {"amount": -0.9}), ("clarity", {"amount": 0.5, "texture": -0.8}),
    ("dehaze", {"amount": 0.8, "haze": [0.8, 0.85, 0.9]}), ("dehaze", {"amount": -0.6, "haze": [0.8, 0.85, 0.9]}),
])
def test_fast_path_matches_reference_where_the_window_is_downsampled(big_rgb, name: str, params) -> None:
    """At 1536 px the windows (tone 23 px, clarity 12 px, the dehaze's refinement 37 px) are
    computed on copies downsampled 5, 3 and 9 times and upsampled by OpenCV in the fast path, by
    torch in the reference: the two agree within 2/255."""
    from ldie_desktop.document import Layer
    from ldie_desktop.render import Renderer

    r = Renderer(device="cpu")
    layers = [Layer(name, params=params)]
    fast = r.render(big_rgb, layers).rgb
    ref = r.render(big_rgb, layers, mode="reference").rgb
    assert np.abs(fast - ref).max() <= 2 / 255


# ------------------------------------------------------------------ perspective
def _facade(h: int = 600, w: int = 800) -> np.ndarray:
    """Dark upright columns on a light wall, with a few horizontal bands: a building face-on."""
    img = np.full((h, w, 3), 200, np.uint8)
    for x in range(60, w, 90):
        img[:, x:x + 12] = 40
    for y in range(80, h, 120):
        img[y:y + 6, :] = 90
    return img


def _column_centres(img: np.ndarray, row: int) -> np.ndarray:
    dark = img[row, :, :].mean(1) < 120
    edges = np.flatnonzero(np.diff(dark.astype(int)))
    return (edges[0::2] + edges[1::2]) / 2.0


def test_perspective_widens_the_top_and_keeps_the_frame_filled() -> None:
    from ldie_desktop.document import Layer
    from ldie_desktop.render import Renderer

    img = _facade()
    out = (Renderer().render(img, [Layer.new("perspective", vertical=0.6)], quality="export").rgb * 255).astype(np.uint8)
    assert out.shape == img.shape
    top, bottom = _column_centres(out, 20), _column_centres(out, 580)
    assert np.median(np.diff(top)) > 1.3 * np.median(np.diff(bottom))  # the columns spread wider at the top
    assert out.min() >= 30  # no empty (black) corner: the frame shows photo everywhere
    same = Renderer().render(img, [Layer.new("perspective")], quality="export").rgb
    assert np.abs(same * 255 - img).max() < 0.51  # zero is the identity


def test_perspective_aspect_makes_things_taller_or_wider_without_an_empty_edge() -> None:
    """Lightroom's Aspect: + stretches the picture up and down (a disc becomes a tall ellipse),
    - sideways; the frame stays full either way."""
    import cv2

    from ldie_desktop.document import Layer
    from ldie_desktop.render import Renderer

    img = np.full((300, 400, 3), 200, np.uint8)
    cv2.circle(img, (200, 150), 50, (20, 20, 20), -1)

    def extent(layer: Layer) -> tuple[int, int]:
        out = (Renderer().render(img, [layer], quality="export").rgb * 255).astype(np.uint8)
        assert out.min() >= 15 and out.shape == img.shape
        ys, xs = np.nonzero(out[..., 0] < 100)
        return ys.max() - ys.min(), xs.max() - xs.min()

    h, w = extent(Layer.new("perspective", aspect=0.8))
    assert h > 1.3 * w
    h, w = extent(Layer.new("perspective", aspect=-0.8))
    assert w > 1.3 * h


def test_keystone_measures_converging_verticals_and_stands_them_upright() -> None:
    from ldie_desktop.document import Layer
    from ldie_desktop.model.autofix import keystone
    from ldie_desktop.render import Renderer

    r = Renderer()
    img = _facade()
    assert keystone(img) is None  # upright already
    assert keystone(np.full((300, 400, 3), 128, np.uint8)) is None  # no lines at all
    for v in (-0.5, 0.3):  # shot from below (the top narrower), or from above
        seen = (r.render(img, [Layer.new("perspective", vertical=v)], quality="export").rgb * 255).astype(np.uint8)
        k = keystone(seen)
        assert k is not None and abs(k + v) < 0.08, (v, k)
        fixed = (r.render(seen, [Layer.new("perspective", vertical=k)], quality="export").rgb * 255).astype(np.uint8)
        again = keystone(fixed)
        assert again is None or abs(again) < 0.05


def test_keystone_leaves_grass_and_a_few_short_lines_alone() -> None:
    """Lines that are not a building's verticals: blades of grass leaning every way, and three
    short edges that happen to converge (a fruit's). No correction is measured from them (it
    used to stand grass "upright", and take a baboon's fur to the slider's end)."""
    import cv2

    from ldie_desktop.model.autofix import keystone

    rng = np.random.default_rng(7)
    grass = np.full((600, 900, 3), (40, 120, 30), np.uint8)
    for _ in range(160):  # blades, each leaning its own way
        x, y = rng.uniform(0, 900), rng.uniform(200, 600)
        lean, length = rng.normal(0, 0.25), rng.uniform(60, 220)
        cv2.line(grass, (int(x), int(y)), (int(x + lean * length), int(y - length)), (150, 220, 90), 2)
    assert keystone(grass) is None
    few = np.full((600, 900, 3), 90, np.uint8)
    for x0, x1 in ((200, 230), (450, 450), (700, 670)):  # three short edges that happen to meet above
        cv2.line(few, (x0, 560), (x1, 440), (240, 240, 240), 3)
    assert keystone(few) is None
