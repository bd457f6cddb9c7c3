"""Spot removal: spots kept as words, the operation that heals them, finding dust spots, and
"remove the dust spots"."""

from __future__ import annotations

import numpy as np
import pytest

from ldie_desktop.document import Layer, Mask
from ldie_desktop.document.mask import SPOT_FEATHER, parse_spots, shape_text, spots_words, thinned
from ldie_desktop.model.autofix import dust_spots
from ldie_desktop.render import Renderer

#: Dust on the sky of :func:`dusty_sky`: centre (x, y), radius and how much darker (a part).
DUST = ((300, 150, 9, 0.18), (700, 90, 14, 0.12), (520, 260, 6, 0.25), (140, 300, 11, 0.10))


def dusty_sky(dust: bool = True) -> np.ndarray:
    """A 1000 x 600 photo: a smooth sky (a gradient, a little grain) over textured ground, with
    soft dust shadows on the sky, a red speck (a kite: a thing, not a shadow) and a long dark
    wire (not round)."""
    rng = np.random.default_rng(3)
    h, w = 600, 1000
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    sky = np.stack([0.45 + 0.25 * yy / h, 0.62 + 0.2 * yy / h, 0.9 + 0.05 * yy / h], -1)
    img = sky + rng.normal(0, 0.004, (h, w, 3)).astype(np.float32)
    ground = rng.uniform(0.1, 0.5, (h // 4, w // 8, 1)).repeat(4, 0).repeat(8, 1) * np.array([0.7, 0.6, 0.4])
    img[450:] = ground[: h - 450]
    img[200:204, 50:450] *= 0.55  # a wire
    kite = np.hypot(xx - 850, yy - 300) < 6
    img[kite] = (0.8, 0.15, 0.1)
    if dust:
        for x, y, r, depth in DUST:
            d = np.hypot(xx - x, yy - y) / r
            img *= (1 - depth * np.exp(-0.5 * (d / 0.6) ** 4))[..., None]
    return (np.clip(img, 0, 1) * 255).round().astype(np.uint8)


def test_spots_are_words_of_fractions() -> None:
    spots = [(0.01, ((0.5, 0.5),)), (0.005, ((0.1, 0.1), (0.3, 0.1)))]
    words = spots_words(spots)
    assert parse_spots(words) == spots and shape_text(words) == "2 spots"
    assert shape_text(spots_words(spots[:1])) == "1 spot"
    for bad in ("spots", "spots 0.01 0.5", "spots 0 0.5 0.5", "spots 0.5 0.5 0.5", "spots 0.01 0.5 x",
                "spots 0.01 9 0.5", "the sky", "radial 0.1 0.1 0.2 0.2 0.5", "spots 0.01 nan 0.5"):
        assert parse_spots(bad) is None, bad
    mask = Mask.from_shape(words, (200, 400)).data  # r = 4 px for the click, 2 px along the drag
    assert mask[100, 200] == 1.0 and mask[100, 203] == 1.0 and mask[100, 206] == 0.0
    assert mask[100, 200 + int(4 * (1 + SPOT_FEATHER)) + 1] == 0.0
    assert mask[20, 40:120].min() == 1.0 and mask[20, 125] == 0.0  # the whole drag, its ends round
    assert mask[30, 80] == 0.0


def test_a_drag_is_thinned_to_its_shape() -> None:
    path = [(float(x), 10.0) for x in range(100)]
    kept = thinned(path, 10.0)
    assert kept[0] == (0.0, 10.0) and kept[-1] == (99.0, 10.0) and len(kept) == 11
    assert len(thinned([(float(x), 0.0) for x in range(1000)], 1.0)) == 64


def test_healing_takes_the_dust_out_and_touches_nothing_else() -> None:
    img, clean = dusty_sky(), dusty_sky(dust=False)
    h, w = img.shape[:2]
    words = spots_words([(1.6 * r / w, ((x / w, y / h),)) for x, y, r, _ in DUST])
    layer = Layer.new("spot_removal").replace(mask=Mask.from_shape(words, (h, w)), place=(("replace", words),))
    assert layer.is_active() and not Layer.new("spot_removal").is_active()  # nothing to heal without spots
    out = (Renderer().render(img, [layer]).rgb * 255).round()
    for x, y, r, _ in DUST:
        box = (slice(y - r, y + r), slice(x - r, x + r))
        before = np.abs(img[box].astype(float) - clean[box]).mean()
        after = np.abs(out[box] - clean[box]).mean()
        assert before > 3 * after and after < 4.0, (x, y, before, after)
    outside = Mask.from_shape(words, (h, w)).data == 0
    assert np.array_equal(out[outside], img[outside])


def test_dust_spots_are_found_and_things_are_not() -> None:
    found = dust_spots(dusty_sky())
    assert len(found) == len(DUST)
    for x, y, r, _ in DUST:  # each found, covered with a margin
        fx, fy, fr = min(found, key=lambda f: np.hypot(f[0] - x, f[1] - y))
        assert np.hypot(fx - x, fy - y) < 2 and r < fr < 2.5 * r
    assert dust_spots(dusty_sky(dust=False)) == []  # the kite, the wire and the ground stay
    within = np.zeros((60, 100), np.float32)
    within[:, :50] = 1  # the left half only
    assert {round(f[0]) // 10 for f in dust_spots(dusty_sky(), within)} == {30, 14}
    assert dust_spots(np.zeros((10, 10, 3), np.uint8)) == []


def test_remove_the_dust_spots(real_planner) -> None:
    from ldie_desktop.model.planner import NO_DUST

    img, clean = dusty_sky(), dusty_sky(dust=False)
    for request in ("remove the dust spots", "clean up the sensor dust", "remove the spots in the sky",
                    "get rid of the dust and brighten it"):
        plan = real_planner.plan(request, img)
        assert not any(l.op == "inpaint_obj" for l in plan.layers), request
        layer = next(l for l in plan.layers if l.op == "spot_removal")
        spots = parse_spots(layer.place[0][1])
        assert layer.local and layer.place[0][0] == "replace" and spots is not None and len(spots) == len(DUST)
        if request.endswith("brighten it"):
            assert any(l.op == "brightness" for l in plan.layers)
            continue
        out = (Renderer().render(img, [layer]).rgb * 255).round()
        assert np.abs(out[:440] - clean[:440]).mean() < 0.5 * np.abs(img[:440].astype(float) - clean[:440]).mean()
    plain = real_planner.plan("remove the dust spots", dusty_sky(dust=False))
    assert plain.layers == [] and NO_DUST in plain.message
    said = real_planner.plan("repair the scratches", img)
    assert said.layers == [] and "Spot removal tool (Q)" in said.message


def test_spots_land_where_they_were_on_another_size(real_planner) -> None:
    """Synced to another photo, dust spots are where they were (the sensor's dust is)."""
    import cv2

    img = dusty_sky()
    plan = real_planner.plan("remove the dust spots", img)
    layer = next(l for l in plan.layers if l.op == "spot_removal")
    bigger = cv2.resize(img, (2000, 1200), interpolation=cv2.INTER_CUBIC)
    again = real_planner.place_mask(layer.place, bigger)
    assert again.mask is not None and again.mask.shape == (1200, 2000) and again.words == "4 spots"
    for x, y, _, _ in DUST:
        assert again.mask.data[2 * y, 2 * x] == 1.0


def _pimpled(img: np.ndarray, spots) -> np.ndarray:
    """``img`` with soft red-brown spots (x, y, sigma) on it, as pimples look."""
    f = img.astype(np.float32)
    yy, xx = np.mgrid[0:img.shape[0], 0:img.shape[1]].astype(np.float32)
    for x, y, r in spots:
        g = np.exp(-0.5 * (np.hypot(xx - x, yy - y) / r) ** 2)[..., None]
        f = f * (1 - g) + g * f * np.array([0.95, 0.72, 0.72], np.float32)
    return np.clip(f, 0, 255).round().astype(np.uint8)


#: Spots on her forehead and chin in the sample at 1024 x 1024 (where the skin round them is even).
PIMPLES = ((445, 180, 3.0), (445, 335, 3.0))


@pytest.mark.slow
def test_remove_the_blemishes_heals_spots_on_the_skin_and_smooths_it(real_planner, sample_rgb) -> None:
    import cv2

    from ldie_desktop.document.mask import parse_spots
    from ldie_desktop.model.autofix import blemishes

    big = cv2.resize(sample_rgb, (1024, 1024), interpolation=cv2.INTER_CUBIC)
    spotty = _pimpled(big, PIMPLES)
    faces = real_planner.select("the faces", big).mask.resized(1024, 1024)
    assert blemishes(big, faces) == []  # her clear skin: nothing (not her eyes, nostrils or lips)
    found = blemishes(spotty, faces)
    assert len(found) == 2 and all(min(np.hypot(x - px, y - py) for x, y, _ in found) < 2 for px, py, _ in PIMPLES)
    plan = real_planner.plan("get rid of the pimples on her face", spotty)
    assert [l.op for l in plan.layers] == ["spot_removal", "blur"] and plan.message is None
    spots = parse_spots(plan.layers[0].place[0][1])
    assert len(spots) == 2
    out = (Renderer().render(spotty, plan.layers[:1]).rgb * 255).round()
    for x, y, _ in PIMPLES:  # healed: as red as the skin round it again
        box = (slice(y - 3, y + 4), slice(x - 3, x + 4))
        assert np.abs(out[box] - big[box]).mean() < 0.4 * np.abs(spotty[box].astype(float) - big[box]).mean()
    clear = real_planner.plan("remove the blemishes", big)  # nothing to heal: the skin smoothed, and said
    assert [l.op for l in clear.layers] == ["blur"] and "no distinct blemishes" in clear.message


def test_a_part_renders_as_the_whole_photo_does() -> None:
    """A 100 % view renders only the part on screen: with spots, the part and the context their
    fills read, so it shows them healed as the export does."""
    from ldie_desktop.render import Region, region_margin, region_supported

    img = dusty_sky()
    h, w = img.shape[:2]
    words = spots_words([(1.6 * r / w, ((x / w, y / h),)) for x, y, r, _ in DUST])
    layers = [Layer.new("spot_removal").replace(mask=Mask.from_shape(words, (h // 2, w // 2)), place=(("replace", words),)),
              Layer.new("brightness", amount=0.2)]
    assert region_supported(layers, 1000) and not region_supported(layers)  # its size must be known
    painted = layers[0].replace(place=())  # a painted mask: the fill must see it all
    assert not region_supported([painted], 1000)
    huge = spots_words([(0.2, ((0.5, 0.5),))])
    assert not region_supported([layers[0].replace(place=(("replace", huge),))], 1000)
    margin = region_margin(layers, 1000)
    assert 40 < margin < 120
    whole = Renderer().render(img, layers, quality="preview").rgb
    y0, y1, x0, x1 = 40, 200, 200, 460  # round the first spot, the second's context at its edge
    ys, xs = max(0, y0 - margin), max(0, x0 - margin)
    ye, xe = min(h, y1 + margin), min(w, x1 + margin)
    part = Renderer().render(np.ascontiguousarray(img[ys:ye, xs:xe]), layers, quality="preview",
                             region=Region(h, w, ys, xs)).rgb
    shown = part[y0 - ys: y1 - ys, x0 - xs: x1 - xs]
    assert np.abs(shown - whole[y0:y1, x0:x1]).max() < 2 / 255


# ------------------------------------------------------------------------------- heal and clone
def test_a_spot_keeps_its_source_in_its_words() -> None:
    from ldie_desktop.document.mask import parse_spot_sources, place_spot_sources

    spots = [(0.01, ((0.5, 0.5),)), (0.005, ((0.1, 0.1), (0.3, 0.1)))]
    words = spots_words(spots, [(0.03, -0.02), None])
    assert words.endswith("0.50000 from 0.03000 -0.02000; 0.00500 0.10000 0.10000 0.30000 0.10000")
    assert parse_spots(words) == spots and parse_spot_sources(words) == [(0.03, -0.02), None]
    assert place_spot_sources([("replace", words), ("add", spots_words(spots[:1]))]) == [(0.03, -0.02), None, None]
    for bad in ("spots 0.01 0.5 0.5 from 0.1", "spots 0.01 0.5 0.5 from 3 0", "spots 0.01 0.5 0.5 from x 0",
                "spots 0.01 0.5 0.5 from 0.1 0.1 0.1"):
        assert parse_spots(bad) is None and parse_spot_sources(bad) is None, bad


def _steep_sky() -> tuple[np.ndarray, np.ndarray]:
    """A 640 x 400 sky darkening steeply downwards with a little grain, and a copy with a dark
    dust spot of radius 12 at (320, 200)."""
    rng = np.random.default_rng(5)
    yy, xx = np.mgrid[0:400, 0:640].astype(np.float32)
    clean = np.stack([0.75 - 0.5 * yy / 400, 0.8 - 0.45 * yy / 400, 0.95 - 0.3 * yy / 400], -1)
    clean = clean + rng.normal(0, 0.01, clean.shape).astype(np.float32)
    d = np.hypot(xx - 320, yy - 200) / 12
    dusty = clean * (1 - 0.3 * np.exp(-0.5 * (d / 0.6) ** 4))[..., None]
    to8 = lambda a: (np.clip(a, 0, 1) * 255).round().astype(np.uint8)  # noqa: E731
    return to8(clean), to8(dusty)


@pytest.mark.parametrize("source", [(0.0, 0.1), None])
def test_heal_matches_the_spots_edge_and_clone_copies_as_it_is(source) -> None:
    """Healing from a source 40 px lower (darker sky) keeps the spot's own light; cloning from
    there copies the darker sky. Pixels out of the spot are never touched. A spot with no source
    gets one chosen where it is (sideways: the same height of the sky)."""
    clean, dusty = _steep_sky()
    h, w = dusty.shape[:2]
    spots = [(16 / w, ((320 / w, 200 / h),))]
    words = spots_words(spots, [source])
    mask = Mask.from_shape(words, (h, w))
    inside = mask.data > 0.99
    errors = {}
    for method, name in ((2, "heal"), (3, "clone")):
        layer = Layer.new("spot_removal", method=method).replace(mask=mask, place=(("replace", words),))
        out = (Renderer().render(dusty, [layer]).rgb * 255).round()
        errors[name] = np.abs(out[inside] - clean[inside]).mean()
        assert np.array_equal(out[mask.data == 0], dusty[mask.data == 0])
    dirt = np.abs(dusty[inside].astype(float) - clean[inside]).mean()
    assert errors["heal"] < min(4.0, dirt / 3)  # the grain's own spread is about 3
    if source is not None:
        assert errors["clone"] > 3 * errors["heal"]  # 40 px lower, the sky is darker
    else:
        assert errors["clone"] < 5.0  # chosen at the spot's height


def test_the_source_is_chosen_clear_of_spots_inside_the_photo_at_any_size() -> None:
    from ldie_desktop.ops.spot_removal import pick_source

    _, dusty = _steep_sky()
    h, w = dusty.shape[:2]
    spots = [(16 / w, ((320 / w, 200 / h),)), (16 / w, ((380 / w, 200 / h),)), (16 / w, ((260 / w, 200 / h),))]
    dx, dy = pick_source(dusty, spots, 0)
    sx, sy = 320 + dx * w, 200 + dy * h
    assert all(np.hypot(sx - x, sy - 200) > 16 * 2 for x in (320, 380, 260))  # no spot copied
    assert abs(dy * h) < 40  # the same light: the sky darkens downwards
    from ldie_desktop.ops.spot_removal import pick_sources

    assert pick_sources(dusty, spots, [0, 2]) == [(dx, dy), pick_source(dusty, spots, 2)]  # the boxes measured once
    big = np.repeat(np.repeat(dusty, 2, 0), 2, 1)
    assert np.allclose(pick_source(big, spots, 0), (dx, dy), atol=2 / w)  # the same place at twice the size
    corner = [(16 / w, ((12 / w, 12 / h),))]  # in a corner: a source inside the photo all the same
    cx, cy = pick_source(dusty, corner, 0)
    assert 0 <= 12 + cx * w and 0 <= 12 + cy * h and 12 + cx * w < w and 12 + cy * h < h


@pytest.mark.parametrize("source", [(0.05, 0.0), None])
def test_a_healed_part_renders_as_the_whole_photo_does(source) -> None:
    """A 100 % view of a healed spot: as the whole photo shows it, its source kept or chosen
    (on the part, from the same place)."""
    from ldie_desktop.render import Region, region_margin, region_supported

    _, dusty = _steep_sky()
    h, w = dusty.shape[:2]
    words = spots_words([(8 / w, ((320 / w, 200 / h),))], [source])
    layer = Layer.new("spot_removal", method=2).replace(mask=Mask.from_shape(words, (h, w)), place=(("replace", words),))
    assert region_supported([layer], w)
    margin = region_margin([layer], w)
    assert margin > 0.05 * w  # the source is read
    whole = Renderer().render(dusty, [layer]).rgb
    y0, y1, x0, x1 = 180, 220, 300, 340
    ys, xs, ye, xe = max(0, y0 - margin), max(0, x0 - margin), min(h, y1 + margin), min(w, x1 + margin)
    part = Renderer().render(np.ascontiguousarray(dusty[ys:ye, xs:xe]), [layer], region=Region(h, w, ys, xs)).rgb
    assert np.abs(part[y0 - ys: y1 - ys, x0 - xs: x1 - xs] - whole[y0:y1, x0:x1]).max() < 1 / 255
