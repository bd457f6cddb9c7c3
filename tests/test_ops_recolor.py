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
    p = {"hue": torch.tensor([100.0]), "saturation": torch.tensor([0.6]), "amount": torch.tensor([1.0]),
         "lightness": torch.tensor([0.0])}
    out = op.apply(x, p, OpContext(long_side=8))
    assert torch.equal(out[:, 3], x[:, 3]) and not torch.allclose(out[:, :3], x[:, :3])


def _suit() -> tuple[np.ndarray, np.ndarray]:
    """An orange suit split by a white strap, a blue patch on it, a red flag across a grey gap;
    and what a grounding found of "the suit": its left half only."""
    img = np.full((200, 300, 3), 200, np.uint8)
    img[40:190, 60:240] = (225, 100, 60)  # the suit
    img[40:190, 146:152] = (245, 245, 240)  # a strap down the middle
    img[80:110, 80:110] = (40, 60, 200)  # a patch
    img[20:120, 0:40] = (200, 30, 40)  # a flag, beyond a grey gap
    found = np.zeros((200, 300), np.float32)
    found[60:170, 65:140] = 1.0
    return img, found


def test_own_colour_takes_the_whole_thing_of_its_colour() -> None:
    from ldie_desktop.grounding.tonal import own_colour

    img, found = _suit()
    own = own_colour(img, found)
    assert own is not None and own.shape == (200, 300)
    assert own[100, 200] > 0.9 and own[180, 230] > 0.9  # the right half, across the strap
    assert own[95, 95] < 0.1 and own[150, 149] < 0.5  # not the patch, not the strap
    assert own[60, 20] < 0.1 and own[10, 150] < 0.1  # not the flag, not the grey round it


def test_own_colour_leaves_a_grey_thing_or_a_colour_that_runs_on() -> None:
    from ldie_desktop.grounding.tonal import own_colour

    img, found = _suit()
    grey = img.copy()
    grey[40:190, 60:240] = (90, 90, 95)
    assert own_colour(grey, found) is None  # a grey thing has no colour of its own to follow
    wall = np.full_like(img, 0)
    wall[:] = (225, 100, 60)  # the thing's colour everywhere: a wall, not a thing
    assert own_colour(wall, found) is None


def test_make_her_suit_blue_recolours_all_of_the_suit(real_planner, sample_rgb) -> None:
    """The grounding finds part of the astronaut's suit for "her suit"; the Recolour layer's mask
    is then all of its orange (its patch and the flag left out), and says so in its place, so a
    pasted layer does the same on another photo."""
    layer = real_planner.plan("make her suit blue", sample_rgb).layers[0]
    assert layer.op == "recolor" and layer.place == (("replace", "her suit"), ("colour", ""))
    m = layer.mask.resized(*sample_rgb.shape[:2])
    assert min(m[400, 60], m[330, 120], m[320, 300]) > 0.9  # the left arm, the chest, the right side
    assert max(m[390, 165], m[200, 20], m[120, 250]) < 0.1  # the patch, the flag, her face
    again = real_planner.place_mask(layer.place, sample_rgb, "recolor")
    assert np.abs(again.mask.resized(*sample_rgb.shape[:2]) - m).mean() < 0.01


def test_lightness_darkens_or_lightens_before_the_colour() -> None:
    white = [(0.94, 0.94, 0.94)]
    pale = run(white, hue=0.0, saturation=0.75, amount=1.0)[0]
    red = run(white, hue=0.0, saturation=0.75, amount=1.0, lightness=-0.5)[0]
    assert pale.min() > 0.75 and red[0] > 0.8 and red[1] < 0.35  # a red, not a pink
    assert abs(lum(red) - 0.47) < 0.02
    black = [(0.05, 0.05, 0.05)]
    yellow = run(black, hue=52.0, saturation=0.75, amount=1.0, lightness=0.4)[0]
    assert yellow[0] > yellow[2] + 0.2 and lum(yellow) > 0.3
    np.testing.assert_array_equal(run(white, lightness=-0.5), np.array(white, np.float32))  # amount 0: identity


@pytest.mark.parametrize(("grey", "saturation", "way"), [(240, 0.75, -1), (15, 0.65, 1), (128, 0.75, 0), (240, 0.3, 0)])
def test_a_white_or_black_thing_given_a_strong_colour_is_moved_to_the_middle(grey: int, saturation: float, way: int) -> None:
    """"make the white car red": a dye cannot make white red, so the layer darkens it first; a
    black coat made yellow is lightened; a mid-grey one, or a pale colour (pink on white), is not."""
    from ldie_desktop.document import Layer, Mask
    from ldie_desktop.model.planner import Planner

    img = np.full((100, 100, 3), 128, np.uint8)
    img[20:80, 20:80] = grey
    m = np.zeros((100, 100), np.float32)
    m[25:75, 25:75] = 1.0
    layer = Layer.new("recolor", hue=0.0, saturation=saturation, amount=1.0).replace(mask=Mask(m), local=True)
    light = Planner._recolour_light(layer, img).params["lightness"]
    assert np.sign(light) == way and abs(light) <= 0.6


@pytest.mark.parametrize(("rgb", "hue", "way"), [((190, 15, 5), 28.0, 1), ((190, 15, 5), 335.0, 1),
                                                 ((200, 170, 20), 220.0, -1)])
def test_a_coloured_thing_takes_the_new_hue_at_its_own_brightness(rgb: tuple[int, int, int], hue: float, way: int) -> None:
    """A red petal made orange or pink is lightened (at the red's luminance orange was brown and pink
    maroon, on Garden.jpg); a yellow thing made blue is darkened (at the yellow's it was a pale,
    greyed blue): the new hue as Hue/Saturation turns it, at the thing's own HSV value."""
    from ldie_desktop.document import Layer, Mask
    from ldie_desktop.model.planner import Planner
    from ldie_desktop.ops.recolor import recolour

    img = np.full((100, 100, 3), 128, np.uint8)
    img[20:80, 20:80] = rgb
    m = np.zeros((100, 100), np.float32)
    m[25:75, 25:75] = 1.0
    layer = Layer.new("recolor", hue=hue, saturation=0.8, amount=1.0).replace(mask=Mask(m), local=True)
    light = Planner._recolour_light(layer, img).params["lightness"]
    assert np.sign(light) == way
    x = torch.tensor([[[[c / 255.0]] for c in rgb]])
    out = recolour(x, torch.tensor([hue]), torch.tensor([0.8]), torch.tensor([1.0]), torch.tensor([light]))[0, :, 0, 0]
    value = float(out.max())  # the result's brightness is close to the thing's own
    assert abs(value - max(rgb) / 255.0) < 0.2
