"""The parameter model: output ranges, identity at init, training lowers the loss, persistence,
image statistics and the synthetic training data."""

from __future__ import annotations

import random

import numpy as np
import pytest
import torch

from ldie_desktop.document.layer import Layer
from ldie_desktop.model import synth
from ldie_desktop.model import train_params as tp
from ldie_desktop.model.params import (
    CLASSIFIED_OPS, IMAGE_STATS, REGRESSED_OPS, ParamModelConfig, ParamPredictor, image_proxy, image_stats,
    output_slots,
)
from ldie_desktop.ops import registry
from ldie_desktop.ops.spec import OpContext

HIDDEN = 384


def fake_tokens(requests: list[str], length: int = 6) -> tuple[torch.Tensor, torch.Tensor]:
    """Deterministic stand-ins for MiniLM states (one random row per distinct request)."""
    rows = []
    for r in requests:
        g = torch.Generator().manual_seed(abs(hash(r)) % (2**31))
        rows.append(torch.randn(length, HIDDEN, generator=g))
    return torch.stack(rows), torch.ones(len(requests), length, dtype=torch.long)


def gradient_image(size: int = 48, seed: int = 0) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    yy, xx = torch.meshgrid(torch.linspace(0, 1, size), torch.linspace(0, 1, size), indexing="ij")
    base = torch.stack([xx, yy, 1 - xx * yy])
    return (0.8 * base + 0.2 * torch.rand(3, size, size, generator=g)).clamp(0, 1)[None]


class TestHeads:
    def test_outputs_stay_in_spec_range(self) -> None:
        model = ParamPredictor()
        for op in REGRESSED_OPS:
            spec = registry.get(op)
            n = sum(s.size for s in output_slots(op))
            for scale in (-50.0, -1.0, 0.0, 1.0, 50.0):
                raw = torch.full((2, n), scale)
                for name, v in model.values(op, raw).items():
                    p = spec.spec(name)
                    assert v.shape == (2, *p.shape)
                    assert float(v.min()) >= p.minimum - 1e-6 and float(v.max()) <= p.maximum + 1e-6

    def test_curves_are_positive(self) -> None:
        model = ParamPredictor()
        raw = torch.randn(4, 24) * 10
        assert float(model.values("hue", raw)["curves"].min()) > 0.0

    def test_choices_are_valid(self) -> None:
        model = ParamPredictor()
        rot = model.values("rotate", torch.tensor([[0.0, 0, 5, 0]]))
        assert rot["quarter_turns"].tolist() == [2.0] and rot["angle"].tolist() == [0.0]
        flip = model.values("flip", torch.tensor([[0.0, 3, 0]]))
        assert (flip["horizontal"].item(), flip["vertical"].item()) == (0.0, 1.0)

    def test_untrained_heads_are_near_identity(self) -> None:
        torch.manual_seed(0)
        model = ParamPredictor().eval()
        hidden, mask = fake_tokens(["make it brighter", "fix it"])
        x = gradient_image().expand(2, -1, -1, -1)
        raw = model(hidden, mask, image_stats(x))
        ctx = OpContext.for_image(x)
        for op in REGRESSED_OPS:
            values = model.values(op, raw[op])
            y = registry.get(op).apply(x, values, ctx)
            assert float((y - x).detach().abs().max()) < 0.05, op
        for op in CLASSIFIED_OPS:
            assert raw[op].abs().max() == 0.0  # uniform: no preference before training

    def test_layers_accept_head_values(self) -> None:
        model = ParamPredictor().eval()
        for op in REGRESSED_OPS + CLASSIFIED_OPS:
            raw = torch.randn(1, model.heads[op].fc2.out_features) * 3
            Layer(op, params=ParamPredictor.to_params(model.values(op, raw)))


class TestPersistence:
    def test_save_load_round_trip(self, tmp_path) -> None:
        torch.manual_seed(1)
        model = ParamPredictor(ParamModelConfig(hidden=32)).eval()
        for p in model.parameters():
            p.data.normal_(0, 0.1)
        model.stats_mean.fill_(0.3)
        path = tmp_path / "params-test.safetensors"
        model.save(path)
        back = ParamPredictor.load(path)
        assert back.cfg == model.cfg
        hidden, mask = fake_tokens(["warmer"])
        stats = image_stats(gradient_image())
        a, b = model(hidden, mask, stats), back(hidden, mask, stats)
        for op in a:
            torch.testing.assert_close(a[op], b[op])

    def test_anchors_round_trip(self, tmp_path) -> None:
        groups = ["light+1", "light+1", "light-1"]
        model = ParamPredictor(ParamModelConfig(anchor_groups=["light+1", "light-1"], n_anchors=3)).eval()
        model.set_anchors(torch.randn(3, HIDDEN), groups)
        hidden, mask = fake_tokens(["darker"])
        stats = image_stats(gradient_image())
        raw = model(hidden, mask, stats)
        assert all(torch.isfinite(v).all() for v in raw.values())
        model.save(tmp_path / "a.safetensors")
        back = ParamPredictor.load(tmp_path / "a.safetensors")
        torch.testing.assert_close(back.anchors, model.anchors)
        assert torch.equal(back.anchor_member, model.anchor_member)
        with pytest.raises(ValueError):
            model.set_anchors(torch.randn(2, HIDDEN), ["light+1", "light-1"])

    def test_rejects_other_files(self, tmp_path) -> None:
        from safetensors.torch import save_file

        path = tmp_path / "x.safetensors"
        save_file({"a": torch.zeros(1)}, str(path))
        with pytest.raises(ValueError):
            ParamPredictor.load(path)


class TestImageStats:
    def test_shape_and_finite(self) -> None:
        s = image_stats(gradient_image())
        assert s.shape == (1, len(IMAGE_STATS)) and torch.isfinite(s).all()

    def test_flat_black_image_is_finite(self) -> None:
        assert torch.isfinite(image_stats(torch.zeros(1, 3, 16, 16))).all()

    def test_statistics_follow_edits(self) -> None:
        x = gradient_image()
        names = {n: i for i, n in enumerate(IMAGE_STATS)}
        brighter = (x * 1.3).clamp(0, 1)
        grey = x.mean(1, keepdim=True).expand_as(x)
        warm = x * torch.tensor([1.2, 1.0, 0.8]).reshape(1, 3, 1, 1)
        s, sb, sg, sw = (image_stats(t)[0] for t in (x, brighter, grey, warm.clamp(0, 1)))
        assert sb[names["lum_mean"]] > s[names["lum_mean"]]
        assert sg[names["sat_mean"]] < 0.01 < s[names["sat_mean"]]
        assert sw[names["r_minus_b"]] > s[names["r_minus_b"]]

    def test_proxy_of_uint8_and_float(self) -> None:
        img = (np.random.default_rng(0).random((300, 500, 3)) * 255).astype(np.uint8)
        a = image_proxy(img)
        b = image_proxy(img.astype(np.float32) / 255.0)
        assert a.shape == (1, 3, 77, 128)
        assert float((a - b).abs().max()) < 0.01


class TestSynth:
    def test_requests_are_deterministic_and_valid(self) -> None:
        a = [synth.make_request(random.Random(3)) for _ in range(1)]
        b = [synth.make_request(random.Random(3)) for _ in range(1)]
        assert a[0].request == b[0].request
        rng = random.Random(0)
        for _ in range(300):
            s = synth.make_request(rng)
            assert s.request.strip()
            for op, params in s.edits + s.degrade:
                Layer(op, params=params)  # validates names and shapes
            assert len({op for op, _ in s.edits}) == len(s.edits)

    def test_vague_requests_restore_the_original(self) -> None:
        rng = random.Random(1)
        samples = [synth._vague(rng) for _ in range(20)]
        assert all(not s.known and s.degrade for s in samples)
        assert all({"brightness", "contrast", "saturation"} <= {op for op, _ in s.edits} for s in samples)

    def test_anchor_phrases_cover_every_direction(self) -> None:
        groups = {g for g, _ in synth.anchor_phrases()}
        assert groups == {f"{d.quality}{d.sign:+d}" for d in synth.DIRECTIONS}

    def test_curves_are_identity_at_zero_strength(self) -> None:
        assert np.allclose(synth.gamma_curve(1.0), 1.0)
        assert np.allclose(synth.s_curve(0.0), 1.0)

    def test_held_out_requests_are_not_training_templates(self) -> None:
        import re
        from pathlib import Path

        from ldie_desktop.model.planner import read_directions

        norm = lambda s: re.sub(r"[^a-z&' ]", "", s.lower()).strip()  # noqa: E731
        rng = random.Random(0)
        seen = {norm(synth.make_request(rng).request) for _ in range(5000)}
        rows = read_directions(Path(__file__).parent / "data" / "direction_requests.tsv")
        assert len(rows) >= 90
        assert not [r for _, _, r in rows if norm(r) in seen]
        anchors = {norm(t) for _, t in synth.anchor_phrases()}
        assert not [r for _, _, r in rows if norm(r) in anchors]

    def test_realisations_are_balanced(self) -> None:
        rng = random.Random(0)
        counts: dict[str, int] = {}
        for _ in range(3000):
            for op, _ in synth.make_request(rng, p_vague=0.0).edits:
                counts[op] = counts.get(op, 0) + 1
        # exposure and the tone curve were starved at 25 % of "brighter"/"darker"
        assert counts["exposure"] > 0.5 * counts["brightness"]
        assert counts["tint"] > 0.5 * counts["brightness"]

    def test_problem_statements_carry_direction_hints(self) -> None:
        rng = random.Random(1)
        samples = [synth.make_request(rng, p_vague=0.0) for _ in range(300)]
        for s in samples:
            assert [op for op, _ in s.hints] == [op for op, _ in s.edits]
        assert any(not s.known and any(p for _, p in s.hints) for s in samples)


class TestTraining:
    def _batch(self, n: int = 6) -> tp.Batch:
        rng = random.Random(0)
        photo = (gradient_image(64)[0].permute(1, 2, 0).numpy() * 255).astype(np.uint8)
        batch = tp.draw_batch([photo], 32, n, rng)
        batch.tokens = fake_tokens(batch.requests)
        return batch

    def test_a_few_steps_lower_the_loss(self) -> None:
        torch.manual_seed(0)
        batch = self._batch()
        model = ParamPredictor(ParamModelConfig(dropout=0.0))
        opt = torch.optim.Adam(model.parameters(), lr=5e-3)
        losses = []
        for _ in range(10):
            parts = tp.loss_on(model, batch)
            opt.zero_grad()
            parts["loss"].backward()
            opt.step()
            losses.append(float(parts["loss"].detach()))
        assert losses[-1] < 0.7 * losses[0]

    def test_loss_parts_are_finite(self) -> None:
        parts = tp.loss_on(ParamPredictor(), self._batch(12))
        assert all(torch.isfinite(v) for v in parts.values())

    def test_sign_loss_penalises_the_identity(self) -> None:
        parts = tp.loss_on(ParamPredictor(), self._batch(12))
        assert float(parts["sign"]) > 0.0

    def test_not_distributed_without_torchrun(self, monkeypatch) -> None:
        monkeypatch.delenv("WORLD_SIZE", raising=False)
        assert tp._distributed() == (0, 1)

    @pytest.mark.slow
    def test_end_to_end_training_run(self, sample_rgb, tmp_path) -> None:
        out = tmp_path / "params-e2e.safetensors"
        model, summary = tp.train(None, out, steps=12, batch_size=8, size=48, pool_size=32, log_every=4,
                                  photos=[sample_rgb])
        assert out.is_file() and summary["steps"] == 12
        assert ParamPredictor.load(out).cfg == model.cfg
