"""The histogram panel's numbers."""

from __future__ import annotations

import numpy as np
import pytest

from ldie_desktop.render.histogram import histogram


def test_counts_per_channel_luminance_and_clipping() -> None:
    img = np.zeros((10, 10, 3), np.uint8)
    img[:5] = (255, 0, 0)  # half pure red: a channel at each end, but neither black nor white
    img[5:, 5:] = (255, 255, 255)  # a quarter white, a quarter black
    h = histogram(img)
    assert h.pixels == 100
    assert h.counts[0, 255] == 75 and h.counts[0, 0] == 25
    assert h.counts[1, 0] == 75 and h.counts[2, 255] == 25
    assert h.counts[3, 69] == 50  # red's luminance, as every operation measures it: 0.27 * 255
    assert h.counts[3, 0] == 25 and h.counts[3, 255] == 25
    assert h.shadows_clipped == pytest.approx(0.25) and h.highlights_clipped == pytest.approx(0.25)


def test_transparent_pixels_are_left_out_and_large_pictures_sampled() -> None:
    img = np.full((4, 4, 3), 200, np.uint8)
    alpha = np.zeros((4, 4), np.uint8)
    alpha[:2] = 255
    img[2:] = 0
    h = histogram(img, alpha)
    assert h.pixels == 8 and h.counts[3, 200] == 8 and h.shadows_clipped == 0.0
    assert histogram(img, np.zeros((4, 4), np.uint8)).pixels == 0
    big = np.random.default_rng(0).integers(0, 256, (1200, 1000, 3), dtype=np.uint8)
    s = histogram(big, max_pixels=1 << 16)
    assert s.pixels <= 1 << 16 and s.counts[0].sum() == s.pixels
    assert np.abs(s.counts[0] / s.pixels - 1 / 256).max() < 0.004  # a fair sample of a flat histogram
    with pytest.raises(ValueError):
        histogram(big.astype(np.float32))
