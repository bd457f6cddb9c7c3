"""Pixelate: square blocks of one colour, each the mean of its pixels, on one grid over the frame."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from ldie_desktop.ops import registry
from ldie_desktop.ops.spec import OpContext


def run(x: torch.Tensor, size: float, **ctx) -> torch.Tensor:
    """Pixelate ``x`` with blocks ``size`` % of ``long_side`` (10 % at most; default: its own)."""
    op = registry.get("pixelate")
    return op.apply(x, op.to_tensors({"size": size}), OpContext(long_side=ctx.pop("long_side", max(x.shape[-2:])),
                                                                  **ctx))


def test_each_block_is_the_mean_of_its_pixels_and_zero_is_the_identity() -> None:
    x = torch.rand(1, 3, 50, 100, generator=torch.Generator().manual_seed(0))
    out = run(x, 10.0)  # 10 % of 100 px: blocks of 10
    for by in range(5):
        for bx in range(10):
            block = out[0, :, by * 10:(by + 1) * 10, bx * 10:(bx + 1) * 10]
            want = x[0, :, by * 10:(by + 1) * 10, bx * 10:(bx + 1) * 10].mean(dim=(1, 2))
            torch.testing.assert_close(block, want[:, None, None].expand_as(block), atol=1e-6, rtol=0)
    assert torch.equal(run(x, 0.0), x)
    assert registry.get("pixelate").is_identity({"size": 0.0}) and not registry.get("pixelate").is_identity({"size": 1.0})


def test_blocks_cut_by_the_edge_average_their_own_pixels() -> None:
    x = torch.zeros(1, 3, 25, 25)
    x[..., 20:, :] = 1.0  # the last, partial row of blocks is white
    out = run(x, 10.0, long_side=100)  # blocks of 10: the last row of blocks is 5 px high
    assert torch.equal(out[..., 20:, :], x[..., 20:, :]) and torch.equal(out[..., :20, :], x[..., :20, :])


def test_a_window_of_the_frame_shows_the_same_blocks_and_a_preview_the_same_grid() -> None:
    g = torch.Generator().manual_seed(1)
    x = torch.nn.functional.interpolate(torch.rand(1, 3, 12, 18, generator=g), size=(120, 180), mode="bilinear")
    whole = run(x, 7.0)  # blocks of 12.6 px: not a whole number
    y0, x0 = 37, 51
    reach = registry.get("pixelate").reach({"size": 7.0}, 180)
    part = run(x[..., y0 - reach:, x0 - reach:], 7.0, long_side=180, frame=(120, 180, y0 - reach, x0 - reach))
    torch.testing.assert_close(part[..., reach:, reach:], whole[..., y0:, x0:], atol=1e-6, rtol=0)
    half = torch.nn.functional.avg_pool2d(x, 2)  # a preview at half the size: the same blocks, half as big
    preview = run(half, 7.0)
    shrunk = torch.nn.functional.avg_pool2d(whole, 2)
    close = (preview - shrunk).abs().amax(dim=1) < 0.03  # all but the preview pixels a block edge cuts
    assert float(close.float().mean()) > 0.75, float(close.float().mean())


def test_a_masked_block_takes_in_nothing_from_outside_the_mask_and_alpha_stays() -> None:
    x = torch.zeros(1, 4, 40, 40)
    x[:, 0, :, :15] = 1.0  # red on the left, blue on the right; the boundary cuts the second column of blocks
    x[:, 2, :, 15:] = 1.0
    x[:, 3] = torch.rand(40, 40)
    mask = torch.zeros(1, 1, 40, 40)
    mask[..., :15] = 1.0
    op = registry.get("pixelate")
    out = op.apply(x, op.to_tensors({"size": 10.0}), OpContext(long_side=100, mask=mask))  # blocks of 10
    assert torch.equal(out[:, :3, :, :15], x[:, :3, :, :15])  # still pure red: no blue mixed in
    assert torch.equal(out[:, 3], x[:, 3])
    plain = op.apply(x, op.to_tensors({"size": 10.0}), OpContext(long_side=100))
    assert float(plain[0, 2, 0, 12]) == pytest.approx(0.5)  # unmasked, that block is half blue


def test_pixelating_hides_detail() -> None:
    x = torch.rand(1, 3, 64, 64, generator=torch.Generator().manual_seed(2))
    out = run(x, 10.0, long_side=80)  # blocks of 8
    assert float(out.std()) < 0.3 * float(x.std())
    assert np.unique(out[0, 0].numpy()).size == 64
