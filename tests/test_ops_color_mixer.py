"""The colour mixer (HSL by colour range): range weights, each slider on pure colours, greys kept."""

from __future__ import annotations

import pytest
import torch

from ldie_desktop.ops import operations
from ldie_desktop.ops.color_mixer import RANGES, band_weights, mix_colours
from ldie_desktop.ops.spec import OpContext

MIXER = operations()["color_mixer"]


def run(rgb: list[list[float]], **params: float) -> torch.Tensor:
    x = torch.tensor(rgb, dtype=torch.float32).T.reshape(1, 3, 1, -1)
    p = {s.name: torch.tensor([params.get(s.name, 0.0)]) for s in MIXER.params}
    return MIXER.apply(x, p, OpContext(long_side=8)).reshape(3, -1).T


def test_range_weights_add_up_to_one_all_round() -> None:
    hues = torch.linspace(0, 359.9, 3600).reshape(1, 1, 1, -1)
    w = band_weights(hues)
    assert torch.allclose(w.sum(dim=1), torch.ones(1, 1, 3600), atol=1e-5)
    at = {name: band_weights(torch.full((1, 1, 1, 1), c))[0, :, 0, 0] for name, c in RANGES}
    assert at["blues"][5] == pytest.approx(1.0) and at["blues"].sum() == pytest.approx(1.0)
    mid = band_weights(torch.full((1, 1, 1, 1), 255.0))[0, :, 0, 0]  # halfway from blue (240) to purple (270)
    assert mid[5] == pytest.approx(0.5, abs=1e-5) and mid[6] == pytest.approx(0.5, abs=1e-5)


def test_each_slider_on_pure_colours() -> None:
    red, green, blue, grey = [1.0, 0.0, 0.0], [0.0, 0.8, 0.0], [0.0, 0.0, 1.0], [0.5, 0.5, 0.5]
    out = run([red, green, blue, grey], saturation_blues=-1.0)
    assert torch.allclose(out[2], torch.tensor([1.0, 1.0, 1.0]), atol=1e-5)  # blue at value 1, grey: white
    assert torch.allclose(out[0], torch.tensor(red), atol=1e-5) and torch.allclose(out[1], torch.tensor(green), atol=1e-5)
    out = run([red], hue_reds=1.0)  # turned 30 degrees: orange
    assert torch.allclose(out[0], torch.tensor([1.0, 0.5, 0.0]), atol=1e-4)
    out = run([green], luminance_greens=-1.0)  # half the value
    assert torch.allclose(out[0], torch.tensor([0.0, 0.4, 0.0]), atol=1e-5)
    out = run([green], luminance_greens=1.0)  # lighter, never past 1
    assert 0.8 < float(out[0, 1]) <= 1.0
    everything = {s.name: 1.0 for s in MIXER.params}
    assert torch.equal(run([grey], **everything)[0], torch.tensor(grey))  # a grey has no colour to change


def test_at_zero_the_photo_comes_back_exactly_and_gradients_flow() -> None:
    x = torch.rand(2, 3, 8, 8)
    p = {s.name: torch.zeros(2) for s in MIXER.params}
    assert MIXER.apply(x, p, OpContext(long_side=8)) is x
    sat = torch.zeros(1, 8, requires_grad=True)
    y = mix_colours(torch.rand(1, 3, 8, 8) * 0.8 + 0.1, torch.zeros(1, 8), sat, torch.zeros(1, 8))
    y.mean().backward()
    assert sat.grad is not None and torch.isfinite(sat.grad).all() and sat.grad.abs().sum() > 0
