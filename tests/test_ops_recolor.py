"""Recolour: a thing takes a new colour at its own light and shade (Photoshop's Color blend)."""

from __future__ import annotations

import colorsys

import numpy as np
import pytest
import torch

from ldie_desktop.ops import registry
from ldie_desktop.ops.recolor import LUM_WEIGHTS
from ldie_desktop.ops.spec import OpContext


def run(pixels, **params: float) -> np.ndarray:
    op = registry.get("recolor")
    p = {s.name: torch.tensor([float(params.get(s.name, s.default))]) for s in op.params}
    x = torch.tensor(pixels, dtype=torch.float32).T.reshape(1, 3, -1, 1)
    return op.apply(x, p, OpContext(long_side=100))[0, :, :, 0].T.numpy()


def lum(c) -> np.ndarray:
    return np.asarray(c) @ np.array(LUM_WEIGHTS)


@pytest.mark.parametrize("hue", [0.0, 60.0, 120.0, 220.0, 300.0])
def test_mid_tones_take_the_hue_at_their_own_luminance(hue: float) -> None:
    greys_and_colours = [(0.5, 0.5, 0.5), (0.35, 0.4, 0.45), (0.6, 0.3, 0.2), (0.3, 0.5, 0.4)]
    out = run(greys_and_colours, hue=hue, saturation=0.6, amount=1.0)
    for before, after in zip(greys_and_colours, out):
        h = colorsys.rgb_to_hsv(*after)[0] * 360.0
        assert min(abs(h - hue), 360 - abs(h - hue)) < 3.0, (before, after)
        assert abs(lum(after) - lum(before)) < 0.01  # its light and shade kept
        assert after.max() - after.min() > 0.2  # a colour, not a grey


def test_black_stays_black_white_stays_pale_and_amount_blends() -> None:
    out = run([(0.02, 0.02, 0.02), (0.97, 0.97, 0.97)], hue=0.0, saturation=0.8, amount=1.0)
    assert out[0].max() < 0.05 and out[1].min() > 0.85  # a dye cannot make black red, nor white deep red
    assert out[1][0] > out[1][2]  # white only tinted
    grey = [(0.5, 0.5, 0.5)]
    full, half = run(grey, hue=220.0, amount=1.0)[0], run(grey, hue=220.0, amount=0.5)[0]
    np.testing.assert_allclose(half, (full + 0.5) / 2, atol=1e-5)
    np.testing.assert_array_equal(run(grey, hue=220.0), np.array(grey, np.float32))  # amount 0: identity


def test_an_alpha_channel_is_left_as_it_is() -> None:
    op = registry.get("recolor")
    x = torch.rand(1, 4, 8, 8)
    p = {"hue": torch.tensor([100.0]), "saturation": torch.tensor([0.6]), "amount": torch.tensor([1.0])}
    out = op.apply(x, p, OpContext(long_side=8))
    assert torch.equal(out[:, 3], x[:, 3]) and not torch.allclose(out[:, :3], x[:, :3])
