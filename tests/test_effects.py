"""The effects a photo editor has beside its adjustments: vignette, film grain, split toning.
Values by construction on synthetic images; where they sit in the frame (preview, export and a
window of either agree) is also held in ``test_render.py``."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import torch

from ldie_desktop.document import Layer
from ldie_desktop.ops import OpContext, get
from ldie_desktop.ops.grain import STRENGTH
from ldie_desktop.ops.spec import luminance
from ldie_desktop.render import Renderer, make_proxy


def grey(h: int, w: int, v: float = 0.5) -> torch.Tensor:
    return torch.full((1, 3, h, w), v)


def run(name: str, x: torch.Tensor, ctx: OpContext | None = None, **params) -> torch.Tensor:
    op = get(name)
    return op.apply(x, op.to_tensors(params), ctx or OpContext.for_image(x))


class TestVignette:
    def test_darkens_the_corners_and_leaves_the_centre(self) -> None:
        out = run("vignette", grey(60, 90), amount=-0.6)[0, 0]
        assert out[30, 45] == pytest.approx(0.5)  # inside the midpoint
        corner = out[0, 0].item()
        assert corner == pytest.approx(0.5 * 0.4, abs=0.01)  # the far corner gets all of it
        assert out[30, 0] < out[30, 8] < 0.5  # falls off towards the edge
        torch.testing.assert_close(out, out.flip(-1))  # symmetric
        torch.testing.assert_close(out, out.flip(-2))

    def test_positive_amount_brightens_the_edges(self) -> None:
        out = run("vignette", grey(40, 40, 0.4), amount=0.5)[0, 0]
        assert out[0, 0] == pytest.approx(0.6, abs=0.01) and out[20, 20] == pytest.approx(0.4)

    def test_midpoint_feather_and_roundness_shape_it(self) -> None:
        x = grey(60, 120)
        wide = run("vignette", x, amount=-1.0, midpoint=0.2)[0, 0]
        tight = run("vignette", x, amount=-1.0, midpoint=0.8)[0, 0]
        assert (wide < 0.499).sum() > 2 * (tight < 0.499).sum()
        # a circle: the same distance in pixels from the centre, the same darkening
        circle = run("vignette", x, amount=-1.0, midpoint=0.0, roundness=1.0)[0, 0]
        assert circle[30, 60 + 25].item() == pytest.approx(circle[30 + 25, 60].item(), abs=0.02)
        ellipse = run("vignette", x, amount=-1.0, midpoint=0.0, roundness=0.0)[0, 0]
        assert ellipse[30, 60 + 25] > ellipse[30 + 25, 60] + 0.05  # follows the frame: the short side falls faster

    def test_a_window_knows_where_it_is_in_the_frame(self) -> None:
        x = grey(60, 90)
        whole = run("vignette", x, amount=-0.7)
        part = run("vignette", x[..., 10:30, 50:90], OpContext(long_side=90, frame=(60, 90, 10, 50)), amount=-0.7)
        torch.testing.assert_close(part, whole[..., 10:30, 50:90])


class TestGrain:
    def test_adds_zero_mean_grain_strongest_in_the_midtones(self) -> None:
        mid = run("grain", grey(300, 400), amount=0.5)
        dark = run("grain", grey(300, 400, 0.05), amount=0.5)
        d = (mid - 0.5)[0, 0]
        assert abs(d.mean().item()) < 0.005
        assert d.std().item() == pytest.approx(0.5 * STRENGTH, rel=0.35)
        assert (dark - 0.05).std().item() < 0.5 * d.std().item()
        torch.testing.assert_close(mid[:, 0], mid[:, 2])  # monochrome, like film

    def test_is_the_same_every_time_and_size_changes_its_scale(self) -> None:
        x = grey(1000, 1500)
        a, b = run("grain", x, amount=0.5), run("grain", x, amount=0.5)
        assert torch.equal(a, b)
        fine = (run("grain", x, amount=0.5, size=0.0) - 0.5)[0, 0].numpy()
        coarse = (run("grain", x, amount=0.5, size=1.0) - 0.5)[0, 0].numpy()

        def neighbour_corr(n: np.ndarray) -> float:
            return float(np.corrcoef(n[:, :-1].ravel(), n[:, 1:].ravel())[0, 1])

        assert neighbour_corr(coarse) > neighbour_corr(fine) + 0.2

    def test_preview_shows_the_grain_of_the_export(self) -> None:
        full = np.full((1200, 1800, 3), 128, np.uint8)
        proxy = make_proxy(full, long_side=900).rgb
        layers = [Layer("grain", params={"amount": 0.6, "size": 0.6})]
        r = Renderer(device="cpu")
        export = r.render(full, layers).rgb
        preview = r.render(proxy, layers, quality="preview").rgb
        shrunk = cv2.resize(export, (preview.shape[1], preview.shape[0]), interpolation=cv2.INTER_AREA)
        corr = np.corrcoef((shrunk - 0.5)[..., 0].ravel(), (preview - 0.5)[..., 0].ravel())[0, 1]
        assert corr > 0.8, corr  # the same grains in the same places

    def test_a_window_resamples_only_its_part_of_the_field(self, monkeypatch) -> None:
        """A 100 % view of a large photo: the window's grains are the whole frame's, and no
        frame-sized array is made for them."""
        from ldie_desktop.ops import grain as grain_mod
        from ldie_desktop.ops.spec import OpContext

        full = grain_mod.grain_noise(0.4, 2000, 3000, OpContext(long_side=3000))
        real_resize = grain_mod.cv2.resize

        def no_frame_sized(src, size, *a, **k):  # noqa: ANN001, ANN002, ANN003
            assert tuple(size) != (3000, 2000), "the whole frame's field was resized for a window"
            return real_resize(src, size, *a, **k)

        monkeypatch.setattr(grain_mod.cv2, "resize", no_frame_sized)
        part = grain_mod.grain_noise(0.4, 300, 500, OpContext(long_side=3000, frame=(2000, 3000, 1700, 2500)))
        assert part.shape == (300, 500)
        assert np.abs(part - full[1700:2000, 2500:3000]).max() < 0.01


class TestSplitTone:
    def test_teal_shadows_and_orange_highlights_keep_brightness(self) -> None:
        ramp = torch.linspace(0.02, 0.98, 64).reshape(1, 1, 1, 64).expand(1, 3, 1, 64).contiguous()
        out = run("split_tone", ramp, shadow_hue=190.0, shadow_amount=0.8, highlight_hue=35.0, highlight_amount=0.8)
        r, b = out[0, 0, 0], out[0, 2, 0]
        assert b[5] > r[5] + 0.05  # a teal shadow
        assert r[58] > b[58] + 0.05  # an orange highlight
        inside = (out.min(1).values > 0.0) & (out.max(1).values < 1.0)
        torch.testing.assert_close(luminance(out)[inside[:, None]], luminance(ramp)[inside[:, None]], atol=1e-5, rtol=0)

    def test_balance_moves_the_split(self) -> None:
        x = grey(1, 1, 0.4)
        toward_highlights = run("split_tone", x, highlight_hue=35.0, highlight_amount=1.0, balance=1.0)
        toward_shadows = run("split_tone", x, highlight_hue=35.0, highlight_amount=1.0, balance=-1.0)
        assert (toward_highlights[0, 0] - 0.4) > 2 * (toward_shadows[0, 0] - 0.4) > 0


def test_a_layer_lists_the_parameters_it_changed() -> None:
    tone = Layer("split_tone", params={"shadow_hue": 185.0, "shadow_amount": 0.35})
    assert tone.param_texts(sep=" ", changed_only=True) == ["shadow_hue 185°", "shadow_amount 0.35"]  # no sign: it has no minus
    assert Layer("vignette").param_texts(changed_only=True) == ["amount=+0.00"]  # nothing changed: the first
    assert len(tone.param_texts()) == 5  # the CLI's summary has them all


class TestPostCropVignette:
    def test_the_crop_box_follows_flips_and_quarter_turns(self) -> None:
        from ldie_desktop.render.pipeline import crop_view

        crop = Layer("crop", params={"left": 40.0})
        assert crop_view([crop]) == pytest.approx((0.0, 0.4, 1.0, 1.0))
        assert crop_view([Layer("flip", params={"horizontal": 1}), crop]) == pytest.approx((0.0, 0.0, 1.0, 0.6))
        # a quarter turn counter-clockwise brings the photo's right side to the top
        turned = [Layer("rotate", params={"quarter_turns": 1}), Layer("crop", params={"top": 40.0})]
        assert crop_view(turned) == pytest.approx((0.0, 0.0, 1.0, 0.6))
        # a second crop cuts a share of what the first kept
        twice = [crop, Layer("crop", params={"left": 25.0, "bottom": 10.0})]
        assert crop_view(twice) == pytest.approx((0.0, 0.55, 0.9, 1.0))
        # straightened: the turned picture's corners reach the photo's edges (it is zoomed just enough)
        assert crop_view([Layer("rotate", params={"angle": 3.0})]) == pytest.approx((0.0, 0.0, 1.0, 1.0), abs=1e-3)
        assert crop_view([Layer("brightness", params={"amount": 0.3})]) is None

    def test_a_vignette_is_centred_on_the_crop(self) -> None:
        flat = np.full((100, 200, 3), 150, np.uint8)
        layers = [Layer("vignette", params={"amount": -0.8}), Layer("crop", params={"left": 40.0, "bottom": 20.0})]
        r = Renderer(device="cpu")
        for mode in ("fast", "reference"):
            out = r.render(flat, layers, mode=mode).rgb[..., 0]
            assert out.shape == (80, 120)
            np.testing.assert_allclose(out, out[:, ::-1], atol=1e-5)
            np.testing.assert_allclose(out, out[::-1, :], atol=1e-5)
            assert out[40, 60] == pytest.approx(150 / 255, abs=1e-6) and out[0, 0] < 0.3

    def test_changing_the_crop_renders_the_vignette_again(self) -> None:
        from ldie_desktop.render import RenderCache

        flat = np.full((100, 200, 3), 150, np.uint8)
        vig = Layer("vignette", params={"amount": -0.8})
        r, cache = Renderer(device="cpu"), RenderCache()
        r.render(flat, [vig, Layer("crop", params={"left": 10.0})], cache=cache)
        out = r.render(flat, [vig, Layer("crop", params={"left": 40.0})], cache=cache).rgb[..., 0]
        assert vig.id in r.stats.computed
        np.testing.assert_allclose(out, out[:, ::-1], atol=1e-5)


def test_split_toning_without_balance_fuses_exactly(sample_rgb: np.ndarray) -> None:
    layers = [Layer("split_tone", params={"shadow_amount": 0.5, "highlight_amount": 0.4}), Layer("contrast",
                                                                                              params={"amount": 0.3})]
    r = Renderer(device="cpu")
    fast = r.render(sample_rgb, layers).rgb
    assert r.stats.segments == 1  # one fused pass with the contrast
    assert np.abs(fast - r.render(sample_rgb, layers, mode="reference").rgb).max() < 1e-4


def test_a_layer_scaled_moves_its_numbers_from_their_defaults() -> None:
    vig = Layer("vignette", params={"amount": -0.4, "midpoint": 0.3})
    more = vig.scaled(1.5)
    assert more.params["amount"] == pytest.approx(-0.6) and more.params["midpoint"] == 0.3  # its shape stays
    assert more.id == vig.id
    grade = Layer("split_tone", params={"shadow_hue": 185.0, "shadow_amount": 0.4}).scaled(0.5)
    assert grade.params["shadow_hue"] == 185.0 and grade.params["shadow_amount"] == pytest.approx(0.2)
    exposure = Layer("exposure", params={"stops": 1.0}).scaled(1.5)  # every number of a plain adjustment
    assert exposure.params["stops"] == pytest.approx(1.5)
    assert Layer("vignette", params={"amount": -0.8}).scaled(2.0).params["amount"] == -1.0  # kept in range
    curves = Layer("tint", params={"curve": [1.5, 1.0, 0.5, 1, 1, 1, 1, 1]}).scaled(0.5)
    assert curves.params["curve"][:3] == pytest.approx([1.25, 1.0, 0.75])
    crop = Layer("crop", params={"left": 10.0})
    assert crop.scaled(2.0) is crop  # geometry is left as it is
    flip = Layer("flip", params={"horizontal": 1})
    assert flip.scaled(0.5).params == flip.params


def test_a_preview_shows_the_grain_of_the_export_at_its_size() -> None:
    """Grain finer than a preview pixel: the preview of a large photo draws it one pixel fine and
    as weak as the export's grain looks when shrunk to the preview's size, not coarser and as
    strong as in the export (what the preview showed before: 4-6 times as strong)."""
    r = Renderer(device="cpu")
    grey = np.full((2400, 3600, 3), 0.5, np.float32)
    layers = [Layer("grain", params={"amount": 0.8, "size": 0.1})]
    export = r.render(grey, layers).rgb[..., 0]
    shrunk = cv2.resize(export, (600, 400), interpolation=cv2.INTER_AREA)
    small = np.full((400, 600, 3), 0.5, np.float32)
    preview = r.render(small, layers, quality="preview", source_long_side=3600).rgb[..., 0]
    before = r.render(small, layers, quality="preview").rgb[..., 0]  # as if the photo were this size
    assert 0.7 < preview.std() / shrunk.std() < 1.4
    assert before.std() > 2.5 * shrunk.std()
