"""Defringe: purple and green seams along bright edges lose their colour; the same colours
elsewhere, and a thing of that colour, keep it."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from ldie_desktop.ops import registry
from ldie_desktop.ops.defringe import defringe_radius
from ldie_desktop.ops.spec import OpContext

PURPLE = (0.45, 0.2, 0.6)
GREEN = (0.25, 0.55, 0.2)
LONG = 2000  # the context's long side: a radius of 3 px


def scene() -> np.ndarray:
    """A white sky on the left, a dark branch on the right with a purple seam 4 px wide along
    the edge (rows 0-99) and a green one (rows 100-199); a purple thing and a green field away
    from the edge; a purple flower against the sky (a disc, its colour its own)."""
    img = np.full((300, 400, 3), 0.15, np.float32)
    img[:, :200] = 0.95
    img[:100, 200:204] = PURPLE
    img[100:200, 200:204] = GREEN
    img[40:90, 300:340] = PURPLE
    img[120:190, 260:390] = GREEN
    yy, xx = np.mgrid[:300, :400]
    img[(yy - 250) ** 2 + (xx - 100) ** 2 < 30 ** 2] = PURPLE
    return img


def run(img: np.ndarray, fast: bool = False, **params: float) -> np.ndarray:
    op = registry.get("defringe")
    p = {s.name: float(params.get(s.name, s.default)) for s in op.params}
    ctx = OpContext(long_side=LONG)
    if fast:
        return op.apply_fast(img, p, ctx)
    x = torch.from_numpy(img).permute(2, 0, 1)[None]
    return op.apply(x, {k: torch.tensor([v]) for k, v in p.items()}, ctx)[0].permute(1, 2, 0).numpy()


def chroma(px: np.ndarray) -> float:
    return float(px.max() - px.min())


@pytest.mark.parametrize("fast", [False, True])
def test_purple_seam_goes_grey_and_nothing_else_moves(fast: bool) -> None:
    img = scene()
    out = run(img, fast, purple=1.0)
    seam = out[10:90, 200:204]
    assert max(chroma(p) for p in seam.reshape(-1, 3)) < 0.03  # the seam is grey now
    lum = lambda a: a @ np.array([0.27, 0.67, 0.06], np.float32)  # noqa: E731
    assert np.allclose(lum(seam), lum(img[10:90, 200:204]), atol=1e-4)  # at its own brightness
    np.testing.assert_allclose(out[40:90, 300:340], img[40:90, 300:340])  # a purple thing off the edge
    np.testing.assert_allclose(out[100:300, 200:], img[100:300, 200:])  # the green seam: purple only asked
    flower = out[235:265, 85:115]  # the flower's middle keeps its colour
    assert min(chroma(p) for p in flower.reshape(-1, 3)) > 0.35


@pytest.mark.parametrize("fast", [False, True])
def test_green_seam_goes_grey_but_a_green_field_keeps_its_colour(fast: bool) -> None:
    img = scene()
    out = run(img, fast, green=1.0)
    assert max(chroma(p) for p in out[110:190, 200:204].reshape(-1, 3)) < 0.03
    np.testing.assert_allclose(out[:100], img[:100])  # the purple seam is left
    np.testing.assert_allclose(out[130:180, 280:380], img[130:180, 280:380])


def test_amount_is_how_much_colour_goes_and_the_hue_slider_moves_the_range() -> None:
    img = scene()
    half = run(img, purple=0.5)[50, 201]
    assert 0.3 * chroma(img[50, 201]) < chroma(half) < 0.7 * chroma(img[50, 201])
    # the seam's hue is 278 degrees: a range centred on blue (240) takes less of it
    assert chroma(run(img, purple=1.0, purple_hue=240.0)[50, 201]) > chroma(run(img, purple=1.0)[50, 201]) + 0.1


def test_fast_path_is_the_reference_and_keeps_an_alpha() -> None:
    rng = np.random.default_rng(3)
    img = np.clip(scene() + rng.normal(0, 0.03, (300, 400, 3)).astype(np.float32), 0, 1)
    ref = run(img, purple=0.8, green=0.6)
    fast = run(img, True, purple=0.8, green=0.6)
    assert np.abs(ref - fast).max() < 1e-5 and np.abs(ref - img).max() > 0.1
    alpha = np.concatenate([img, rng.random((300, 400, 1), dtype=np.float32)], axis=2)
    out = run(alpha, True, purple=0.8)
    np.testing.assert_array_equal(out[..., 3], alpha[..., 3])
    np.testing.assert_allclose(out[..., :3], run(img, True, purple=0.8))


def test_radius_scales_with_the_photo() -> None:
    assert defringe_radius(2000) == 3 and defringe_radius(6000) == 9 and defringe_radius(300) == 2
    op = registry.get("defringe")
    assert op.reach({"purple": 1.0}, 6000) >= 4 * defringe_radius(6000)
