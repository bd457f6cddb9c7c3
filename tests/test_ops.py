"""Operations, in kornia's manner: identity at default, values by hand on tiny images,
per-batch parameters, float64 gradcheck, and the spec that everything else is built from."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
import torch

from ldie_desktop.ops import OpContext, ParamError, get, operations
from ldie_desktop.ops.spec import ParamSpec

ALL = list(operations())
DIFFERENTIABLE = [n for n, op in operations().items() if op.differentiable]
EXPECTED = ["brightness", "contrast", "saturation", "hue", "tint", "sharpness", "inpaint_obj", "color_bg",
            "exposure", "temperature", "black_and_white", "split_tone", "blur", "denoise", "vignette", "grain",
            "rotate", "flip", "crop"]


def pix(*rgb: tuple[float, float, float]) -> torch.Tensor:
    """A 1xN image ``(1, 3, 1, N)`` from RGB triples."""
    return torch.tensor(rgb, dtype=torch.float32).T.reshape(1, 3, 1, len(rgb))


def run(name: str, x: torch.Tensor, mask: torch.Tensor | None = None, **params) -> torch.Tensor:
    op = get(name)
    return op.apply(x, op.to_tensors(params, dtype=x.dtype), OpContext.for_image(x, mask=mask))


def close(a: torch.Tensor, expected, tol: float = 1e-5) -> None:
    torch.testing.assert_close(a, torch.as_tensor(expected, dtype=a.dtype).reshape(a.shape), atol=tol, rtol=0)


def test_every_operation_is_registered_under_its_stable_name() -> None:
    assert ALL[: len(EXPECTED)] == EXPECTED


@pytest.mark.parametrize("name", ALL)
class TestEveryOperation:
    def test_spec_is_complete(self, name: str) -> None:
        op = get(name)
        assert op.name == name and op.version >= 1 and op.label and op.description
        for p in op.params:
            assert p.minimum <= p.default <= p.maximum, p
            assert p.description
        d = op.describe()
        assert d["name"] == name and len(d["params"]) == len(op.params)

    def test_identity_at_default(self, name: str) -> None:
        x = torch.rand(2, 3, 9, 7, generator=torch.Generator().manual_seed(1))
        out = run(name, x)
        if get(name).needs_mask:  # no mask: nothing to fill (the renderer skips it entirely)
            assert get(name).is_identity(get(name).defaults()) or get(name).needs_mask
            return
        assert torch.equal(out, x)

    def test_per_batch_parameters(self, name: str) -> None:
        op = get(name)
        if op.geometric or op.needs_mask:
            pytest.skip("geometry is per photo; fills need a mask")
        x = torch.rand(2, 3, 8, 8, generator=torch.Generator().manual_seed(2))
        p = [op.defaults(), {k: _nudge(op.spec(k), v) for k, v in op.defaults().items()}]
        both = op.apply(x, op.to_tensors(p), OpContext.for_image(x))
        for i in range(2):
            one = op.apply(x[i : i + 1], op.to_tensors(p[i]), OpContext.for_image(x))
            torch.testing.assert_close(both[i : i + 1], one, atol=1e-6, rtol=0)
        assert not torch.equal(both[0], both[1])

    def test_output_stays_in_range(self, name: str) -> None:
        op = get(name)
        x = torch.rand(1, 3, 12, 10, generator=torch.Generator().manual_seed(3))
        mask = torch.zeros(1, 1, 12, 10)
        mask[..., 3:8, 2:6] = 1
        for extreme in ("minimum", "maximum"):
            params = {p.name: (getattr(p, extreme) if not p.shape else [getattr(p, extreme)] * p.size) for p in op.params}
            out = op.apply(x, op.to_tensors(params), OpContext.for_image(x, mask=mask))
            assert out.min() >= 0.0 and out.max() <= 1.0, (name, extreme)


def _nudge(spec: ParamSpec, value):
    """A value away from the default, inside the range."""
    target = spec.default + 0.5 * (spec.maximum - spec.default if spec.maximum > spec.default else spec.minimum - spec.default)
    if spec.kind == "choice":
        target = spec.maximum if spec.default != spec.maximum else spec.minimum
    if isinstance(value, list):
        return [target if i % 2 == 0 else spec.default for i in range(len(value))]
    return target


@pytest.mark.parametrize("name", DIFFERENTIABLE)
def test_gradcheck(name: str) -> None:
    op = get(name)
    g = torch.Generator().manual_seed(4)
    x = (torch.rand(1, 3, 5, 6, generator=g, dtype=torch.float64) * 0.8 + 0.1).requires_grad_(True)
    params = {k: torch.tensor(v, dtype=torch.float64).reshape(1, *op.spec(k).shape) for k, v in op.defaults().items()}
    for k, spec in ((p.name, p) for p in op.params):
        nudge = _nudge(spec, op.defaults()[k])
        params[k] = (torch.tensor(nudge, dtype=torch.float64).reshape(1, *spec.shape) * 0.5
                     + params[k] * 0.5).requires_grad_(spec.kind != "choice")
    names = list(params)
    ctx = OpContext.for_image(x)

    def fn(x, *vals):
        return op.apply(x, dict(zip(names, vals)), ctx)

    assert torch.autograd.gradcheck(fn, (x, *params.values()), eps=1e-6, atol=1e-4)


class TestBrightness:
    def test_values(self) -> None:
        x = pix((0.2, 0.4, 0.5), (0.8, 0.4, 0.2), (0, 0, 0), (1.0, 1.0, 1.0))
        # gain 1.3 up to the knee at 2 - 1.3 = 0.7: V=0.5 -> 0.65; V=0.8 -> 1.04 - 0.34^2 / 1.2 under the
        # shoulder; black stays black and white stays white
        f = (1.04 - 0.34 ** 2 / 1.2) / 0.8
        close(run("brightness", x, amount=0.3), pix((0.26, 0.52, 0.65), (0.8 * f, 0.4 * f, 0.2 * f), (0, 0, 0), (1, 1, 1)))

    def test_version_1_edits_keep_their_clipped_highlights(self) -> None:
        """An edit saved before the roll-off (version 1) reads as ``highlights = clip`` and renders
        as it did: the paper's clamp."""
        from ldie_desktop.document.layer import Layer
        from ldie_desktop.document.sidecar import layer_from_dict, layer_to_dict

        d = layer_to_dict(Layer.new("brightness", amount=0.5))
        d["version"], d["params"] = 1, {"amount": 0.5}
        old = layer_from_dict(d, "layer 1")
        assert old.version == 2 and old.params["highlights"] == 0.0
        x = pix((0.8, 0.4, 0.2))
        close(run("brightness", x, amount=0.5, highlights=0.0), pix((1.0, 0.5, 0.25)))

    def test_bright_colours_keep_their_gradation(self) -> None:
        """A strong brightening rolls the bright values off instead of clipping them flat (the old
        clamp made every V above 1 / 1.5 exactly 1): they stay in order, under 1."""
        values = torch.linspace(0.5, 1.0, 11)
        x = torch.stack([values, values * 0.3, values * 0.1]).reshape(1, 3, 1, 11)
        out = run("brightness", x, amount=0.5)[0, 0, 0]
        assert bool((out[1:] > out[:-1]).all()) and float(out.max()) == pytest.approx(1.0) and float(out[0]) > 0.7

    def test_darken(self) -> None:
        close(run("brightness", pix((0.4, 0.2, 0.8)), amount=-0.5), pix((0.2, 0.1, 0.4)))


class TestContrast:
    def test_values(self) -> None:
        x = pix((0.25, 0.25, 0.25), (0.5, 0.5, 0.5), (0.75, 0.75, 0.75))
        s = lambda v: (1 - math.cos(math.pi * v)) / 2  # noqa: E731 - the paper's S-curve
        close(run("contrast", x, amount=1.0), pix(*[(s(v),) * 3 for v in (0.25, 0.5, 0.75)]), tol=1e-5)
        half = [0.25 + 0.5 * (s(0.25) - 0.25), 0.5, 0.75 + 0.5 * (s(0.75) - 0.75)]
        close(run("contrast", x, amount=0.5), pix(*[(v,) * 3 for v in half]), tol=1e-5)

    def test_keeps_chromaticity(self) -> None:
        out = run("contrast", pix((0.6, 0.3, 0.15)), amount=0.7)[0, :, 0, 0]
        assert out[0] / out[1] == pytest.approx(2.0, rel=1e-4) and out[1] / out[2] == pytest.approx(2.0, rel=1e-4)


class TestSaturation:
    def test_values(self) -> None:
        x = pix((0.8, 0.6, 0.4), (0.8, 0.2, 0.4), (0.3, 0.3, 0.3))
        # S 0.5 -> k 1.5; S 0.75 -> k min(1.5, 4/3); grey has no saturation to scale
        close(run("saturation", x, amount=0.5), pix((0.8, 0.5, 0.2), (0.8, 0.0, 0.4 - 0.4 / 3), (0.3, 0.3, 0.3)))

    def test_minus_one_is_grey_at_the_value(self) -> None:
        close(run("saturation", pix((0.8, 0.2, 0.4)), amount=-1.0), pix((0.8, 0.8, 0.8)))


class TestCurves:
    def test_hue_bends_one_channel(self) -> None:
        curves = [[2, 1, 1, 1, 1, 1, 1, 1], [1] * 8, [1] * 8]
        # red: slope 2 on the first eighth, Z = 9: f(1/16) = 1/9, f(1/4) = 3/9
        close(run("hue", pix((1 / 16, 0.3, 0.7), (0.25, 0.3, 0.7)), curves=curves),
              pix((1 / 9, 0.3, 0.7), (3 / 9, 0.3, 0.7)))

    def test_tint_bends_all_channels(self) -> None:
        curve = [1, 1, 1, 1, 1, 1, 1, 3]  # Z = 10: f(7/8) = 0.7, f(1) = 1
        close(run("tint", pix((7 / 8, 0.5, 1.0)), curve=curve), pix((0.7, 0.4, 1.0)))


class TestExposureTemperatureBW:
    def test_exposure(self) -> None:
        # +2.2 EV in linear light doubles the gamma-2.2 encoded value; highlights clip
        close(run("exposure", pix((0.25, 0.4, 0.6)), stops=2.2), pix((0.5, 0.8, 1.0)))

    def test_temperature_warms(self) -> None:
        out = run("temperature", pix((0.5, 0.5, 0.5)), amount=1.0)[0, :, 0, 0]
        gains = [2**0.5, 1.0, 2**-0.5]
        lum = 0.27 * gains[0] + 0.67 * gains[1] + 0.06 * gains[2]
        expected = [0.5 * (g / lum) ** (1 / 2.2) for g in gains]
        close(out, expected)
        assert out[0] > out[1] > out[2]

    def test_black_and_white(self) -> None:
        close(run("black_and_white", pix((1.0, 0.0, 0.0)), amount=1.0), pix((0.27, 0.27, 0.27)))
        close(run("black_and_white", pix((1.0, 0.0, 0.0)), amount=0.5), pix((0.635, 0.135, 0.135)))


class TestSpatial:
    def test_sharpness_by_hand_on_2x2(self) -> None:
        x = torch.tensor([[0.5, 0.25], [0.25, 0.25]]).expand(1, 3, 2, 2)
        # sigma 0.7 px (the floor), radius 1: taps [w, 1, w] / (1 + 2w), w = exp(-1 / 0.98);
        # reflect-101 on 2 pixels makes each blurred value c a + (1 - c) b
        w = math.exp(-1 / (2 * 0.49))
        c = 1 / (1 + 2 * w)
        rows = [[c * 0.5 + (1 - c) * 0.25, c * 0.25 + (1 - c) * 0.5], [0.25, 0.25]]
        blur = [[c * rows[0][j] + (1 - c) * rows[1][j] for j in range(2)],
                [c * rows[1][j] + (1 - c) * rows[0][j] for j in range(2)]]
        expected = torch.tensor([[x[0, 0, i, j].item() + 2 * 0.5 * (x[0, 0, i, j].item() - blur[i][j])
                                  for j in range(2)] for i in range(2)]).expand(1, 3, 2, 2)
        close(run("sharpness", x, amount=0.5), expected)

    @pytest.mark.parametrize("name,params", [("sharpness", {"amount": 1.0}), ("blur", {"radius": 2.0}),
                                             ("denoise", {"strength": 1.0})])
    def test_constant_image_is_unchanged(self, name: str, params) -> None:
        x = torch.full((1, 3, 16, 16), 0.4)
        close(run(name, x, **params), x)

    def test_blur_smooths_a_step(self) -> None:
        x = torch.zeros(1, 3, 40, 40)
        x[..., 20:] = 1.0
        out = run("blur", x, radius=5.0)  # sigma 2 px
        assert 0.0 < out[0, 0, 10, 19] < 0.5 < out[0, 0, 10, 20] < 1.0
        assert out[0, 0, 10, 0] == pytest.approx(0.0, abs=1e-6)

    def test_large_blur_runs_on_a_downsampled_copy(self) -> None:
        x = torch.zeros(1, 3, 200, 200)
        x[..., 100:] = 1.0
        out = run("blur", x, radius=5.0)  # sigma 10 px
        # a Gaussian edge: 1 sigma from the edge is Phi(1) = 0.84
        assert out[0, 0, 50, 110].item() == pytest.approx(0.84, abs=0.04)

    def test_denoise_keeps_edges_and_removes_noise(self) -> None:
        g = torch.Generator().manual_seed(5)
        clean = torch.zeros(1, 3, 64, 64)
        clean[..., 32:] = 0.8
        noisy = (clean + 0.02 * torch.randn(clean.shape, generator=g)).clamp(0, 1)
        out = run("denoise", noisy, strength=1.0)
        # 64 px: the smallest window (sigma 0.08 % of the long side, at least 0.8 px)
        assert (out - clean).abs().mean() < 0.7 * (noisy - clean).abs().mean()
        assert out[0, 0, 10, 40] > 0.7 and out[0, 0, 10, 20] < 0.1


class TestGeometry:
    def test_flip(self) -> None:
        x = torch.arange(6.0).reshape(1, 1, 2, 3).expand(1, 3, 2, 3) / 6
        close(run("flip", x, horizontal=1), x.flip(-1))
        close(run("flip", x, vertical=1, horizontal=1), x.flip(-1).flip(-2))

    def test_rotate_quarter_turn(self) -> None:
        x = torch.rand(1, 3, 4, 6)
        out = run("rotate", x, quarter_turns=1)
        assert out.shape == (1, 3, 6, 4)
        close(out, torch.rot90(x, 1, dims=(-2, -1)))
        assert get("rotate").output_size((4, 6), {"quarter_turns": 1, "angle": 0.0}) == (6, 4)

    def test_straighten_keeps_size_and_centre(self) -> None:
        x = torch.zeros(1, 3, 41, 61)
        x[..., 20, 30] = 1.0
        out = run("rotate", x, angle=10.0)
        assert out.shape == x.shape
        assert out[0, 0].argmax().item() == 20 * 61 + 30

    def test_straighten_turns_counter_clockwise_like_quarter_turns(self) -> None:
        """A positive angle turns the photo the way ``quarter_turns`` does (and OpenCV's
        positive angles): a dot above the centre moves left."""
        x = torch.zeros(1, 1, 101, 101)
        x[..., 10, 50] = 1.0
        row, col = divmod(run("rotate", x, angle=20.0)[0, 0].argmax().item(), 101)
        assert col < 45 and row < 20
        row, col = divmod(run("rotate", x, quarter_turns=1)[0, 0].argmax().item(), 101)
        assert col < 45

    def test_crop(self) -> None:
        x = torch.rand(1, 3, 100, 200)
        out = run("crop", x, left=10, top=20, right=5, bottom=0)
        assert out.shape == (1, 3, 80, 170)
        close(out, x[..., 20:, 20:190])


class TestFills:
    def test_color_bg_is_the_colour(self) -> None:
        x = torch.rand(1, 3, 4, 4)
        close(run("color_bg", x, color=[0.1, 0.2, 0.3]), torch.tensor([0.1, 0.2, 0.3]).reshape(1, 3, 1, 1).expand(1, 3, 4, 4))

    @pytest.mark.parametrize("method", [0, 1])
    def test_inpaint_fills_only_the_hole(self, method: int) -> None:
        x = torch.zeros(1, 3, 64, 64)
        x[:, 1] = 0.5  # a green field ...
        x[..., 24:40, 24:40] = torch.tensor([1.0, 0.0, 0.0]).reshape(1, 3, 1, 1)  # ... with a red object
        mask = torch.zeros(1, 1, 64, 64)
        mask[..., 22:42, 22:42] = 1.0
        out = run("inpaint_obj", x, mask=mask, method=method)
        outside = mask.expand_as(x) == 0
        assert torch.equal(out[outside], x[outside])
        hole = out[..., 24:40, 24:40]
        assert (hole[:, 0] < 0.1).all() and (hole[:, 1] - 0.5).abs().max() < 0.05


    def test_upscaled_fill_keeps_the_photos_grain(self) -> None:
        """A hole bigger than the working copy is filled small and upscaled; the fine grain of the
        photo around it comes back (a smooth patch in a grainy photo is the tell of a removal)."""
        from ldie_desktop.ops.inpaint_obj import fill_crop

        rng = np.random.default_rng(1)
        photo = np.clip(128 + rng.normal(0, 12, (900, 900, 3)), 0, 255).astype(np.uint8)  # grey with grain
        hole = np.zeros((900, 900), bool)
        hole[250:650, 250:650] = True  # 160k pixels: well over the 9k-pixel preview budget

        def fine(img: np.ndarray) -> float:
            f = img.astype(np.float32)
            return float((f - cv2.GaussianBlur(f, (0, 0), 2.0))[300:600, 300:600].std())

        filled = fill_crop(photo, hole, 1, "preview")
        assert fine(filled) > 0.5 * fine(photo)
        assert abs(float(filled[hole].mean()) - 128.0) < 4.0  # grain, not a shift in tone

    def test_parts_of_a_mask_far_apart_are_filled_each_on_its_own_crop(self) -> None:
        """Two holes at opposite sides (two people, two spots) are filled one by one on crops of
        their own, each at full resolution when small: the fill of a fine stripe pattern keeps
        its stripes, where one crop of the whole photo was filled at a coarse working size."""
        from ldie_desktop.ops.inpaint_obj import fill_hole, hole_groups

        h, w = 1200, 1800
        xs = np.arange(w)
        photo = np.repeat(np.where((xs // 3) % 2 == 0, 60, 190).astype(np.uint8)[None, :, None], 3, 2)
        photo = np.ascontiguousarray(np.broadcast_to(photo, (h, w, 3)))
        hole = np.zeros((h, w), bool)
        hole[100:140, 100:140] = True
        hole[1000:1040, 1600:1640] = True
        hole[1045:1060, 1600:1640] = True  # close to the second: one crop with it
        groups = hole_groups(hole)
        assert len(groups) == 2 and sum(int(part.sum()) for _, part in groups) == int(hole.sum())
        (y0, y1, x0, x1), part = groups[0]
        assert y0 <= 100 and y1 >= 140 and x1 - x0 < 200  # a crop round the first hole only
        from ldie_desktop.ops.inpaint_obj import _patchmatch

        if _patchmatch() is None:
            pytest.skip("PatchMatch is not installed")
        out = fill_hole(photo, hole, 0, "preview")
        assert np.array_equal(out[~hole], photo[~hole])
        stripes = out[110:130, 110:130, 0].astype(float)
        assert stripes.std() > 25  # the pattern carried in, not a grey average


class TestSpec:
    def test_validate_clamps_and_rejects(self) -> None:
        op = get("brightness")
        assert op.validate({"amount": 7}) == {"amount": 1.0, "highlights": 1.0}
        with pytest.raises(ParamError, match="unknown parameter"):
            op.validate({"gain": 1})
        with pytest.raises(ParamError, match="finite"):
            op.validate({"amount": float("nan")})
        with pytest.raises(ParamError, match="8 numbers"):
            get("tint").validate({"curve": [1, 2]})

    def test_choice_rounds(self) -> None:
        assert get("flip").validate({"horizontal": 0.7})["horizontal"] == 1.0
