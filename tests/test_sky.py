"""Sky: a new sky on a blown-out one ("replace the sky", "make the sky blue" on a white sky)."""

from __future__ import annotations

import numpy as np

from ldie_desktop.document import Layer, Mask
from ldie_desktop.ops.sky import LOOK_NAMES, LOOKS
from ldie_desktop.render import Renderer
from test_spot_removal import dusty_sky


def _white_sky(cloud: bool = False) -> np.ndarray:
    """The sky of :func:`dusty_sky` blown out to white (a little noise), over its ground; with
    ``cloud``, a grey sky with one white cloud instead."""
    img = dusty_sky(dust=False)
    rng = np.random.default_rng(0)
    img[:440] = (248 + rng.integers(-2, 3, img[:440].shape)).astype(np.uint8)
    if cloud:
        img[:440] = 170
        img[100:200, 300:500] = 235
    return img


def _sky_mask(h: int = 600, w: int = 1000) -> Mask:
    m = np.zeros((h, w), np.float32)
    m[:440] = 1.0
    return Mask(m)


def test_a_new_sky_is_a_gradient_over_the_sky_only() -> None:
    img = _white_sky()
    out = (Renderer().render(img, [Layer.new("sky", look=LOOK_NAMES.index("clear blue")).replace(mask=_sky_mask())])
           .rgb * 255).round()
    zenith, horizon = (np.array(c) * 255 for c in LOOKS["clear blue"])
    top, low = out[0:3, 400:600].reshape(-1, 3).mean(axis=0), out[425:435, 400:600].reshape(-1, 3).mean(axis=0)
    assert np.abs(top - zenith).max() < 10 and np.abs(low - horizon).max() < 20  # overhead deep, pale at the horizon
    assert top[2] > top[0] + 60  # blue, where it was white
    assert np.array_equal(out[445:], img[445:])  # the ground untouched
    sunset = Renderer().render(img, [Layer.new("sky", look=LOOK_NAMES.index("sunset")).replace(mask=_sky_mask())]).rgb
    assert sunset[430, 500, 0] > sunset[430, 500, 2] + 0.3  # an orange horizon


def test_clouds_stay_clouds() -> None:
    img = _white_sky(cloud=True)
    layer = Layer.new("sky", clouds=0.8).replace(mask=_sky_mask())
    out = Renderer().render(img, [layer]).rgb
    cloud, around = out[150, 400].mean(), out[150, 200].mean()
    assert cloud > around + 0.1  # the white cloud brighter than the sky beside it
    flat = Renderer().render(img, [layer.with_params(clouds=0.0)]).rgb
    assert abs(flat[150, 400].mean() - flat[150, 200].mean()) < 0.01  # no clouds kept: one gradient
    assert Layer.new("sky").is_active() is False  # nothing to do without a sky to put it on


def test_replace_the_sky_in_words(real_planner) -> None:
    white, blue = _white_sky(), dusty_sky(dust=False)
    for request, look in (("replace the sky", "clear blue"), ("give it a sunset sky", "sunset"),
                          ("the sky is completely blown out", "clear blue"), ("make the sky blue", "clear blue"),
                          ("swap the sky for a golden hour one", "golden hour"), ("add a sunset sky", "sunset")):
        plan = real_planner.plan(request, white)
        [layer] = [l for l in plan.layers if l.op == "sky"]
        assert [l.op for l in plan.layers] == ["sky"], request  # "golden hour" is the sky's look, no warmth beside it
        assert layer.params["look"] == LOOK_NAMES.index(look) and layer.place == (("replace", "the sky"),), request
        m = layer.mask.resized(600, 1000)
        assert m[:400].mean() > 0.9 and m[470:].mean() < 0.05
    # a sky with colour: "make the sky blue" tints it, as before; only a washed-out one is replaced
    assert not any(l.op == "sky" for l in real_planner.plan("make the sky blue", blue).layers)
    assert not any(l.op == "sky" for l in real_planner.plan("darken the sky", white).layers)


def test_a_sky_said_too_bright_is_new_only_where_it_is_washed_out(real_planner) -> None:
    # home.jpg's deep blue sky "blown out" in words was replaced by a paler, made-up one
    white, blue = _white_sky(), dusty_sky(dust=False)
    for request in ("the sky is blown out", "the sky is too white", "make the sky less white", "fix the blown out sky"):
        assert [l.op for l in real_planner.plan(request, white).layers] == ["sky"], request
        plan = real_planner.plan(request, blue)
        [layer] = plan.layers
        assert layer.op == "tone" and layer.params["highlights"] < 0 and layer.place == (("replace", "the sky"),), request
        assert "not blown out" in plan.message and "replace the sky" in plan.message
    assert [l.op for l in real_planner.plan("replace the sky", blue).layers] == ["sky"]  # asked for: a new one
