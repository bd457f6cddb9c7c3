"""A mask from words (:meth:`Planner.select`): the same reading and grounding a request's place
gets, for a layer the user made."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import SAMPLE
from ldie_desktop.document import Mask
from ldie_desktop.grounding.tonal import tonal_mask
from ldie_desktop.io import read_photo
from ldie_desktop.model.planner import SELECT_HELP, Cancelled


@pytest.fixture(scope="module")
def rgb() -> np.ndarray:
    return read_photo(SAMPLE).rgb


def test_tonal_ranges_are_luminosity_masks(real_planner, rgb) -> None:
    r = real_planner.select("the shadows", rgb)
    assert r.words == "the shadows" and r.message is None
    assert np.array_equal(r.mask.data, tonal_mask(rgb, "shadows"))


def test_parts_of_the_frame(real_planner, rgb) -> None:
    m = real_planner.select("the left side", rgb).mask.data
    w = m.shape[1]
    assert m[:, : w // 5].mean() > 0.9 and m[:, -w // 5:].mean() < 0.1


def test_a_person_and_everything_but_her_do_not_overlap(real_planner, rgb) -> None:
    her = real_planner.select("the woman", rgb)
    rest = real_planner.select("everything but her", rgb)
    assert her.words == "the woman" and rest.words == "everything but the person"
    a, b = her.mask.data > 0.5, rest.mask.data > 0.5
    assert 0.25 < a.mean() < 0.7 and 0.25 < b.mean() < 0.75
    assert (a & b).sum() < 0.02 * a.sum()


def test_the_person_has_no_square_cut_out_of_her(real_planner, rgb) -> None:
    """The detector's weak "chair" box on the astronaut's helmet once took the salient map inside
    the box (helmet and a square of her suit) and cut it out of her: a hard-edged hole."""
    m = real_planner.select("the woman", rgb).mask.data
    suit = m[370:500, 280:330]  # her suit left of the helmet, inside that box
    assert suit.mean() > 0.9


@pytest.mark.parametrize("phrase, says", [
    ("", SELECT_HELP),
    ("   ", SELECT_HELP),
    ("xyzzy", "I can't tell what 'xyzzy' is in the photo."),
    ("the dog", "Found no dog in the photo."),
])
def test_what_cannot_be_selected_says_why(real_planner, rgb, phrase, says) -> None:
    r = real_planner.select(phrase, rgb)
    assert r.mask is None and says in r.message


def test_part_found_is_selected_and_said(real_planner, rgb) -> None:
    r = real_planner.select("the dog and the woman", rgb)
    assert r.mask is not None and "Could not find 'the dog'; selected the rest." == r.message


def test_cancel(real_planner, rgb) -> None:
    with pytest.raises(Cancelled):
        real_planner.select("the sky", rgb[::-1].copy(), cancel=lambda: True)


def test_a_place_follow_up_alone_is_the_apps_to_do(real_planner, rgb) -> None:
    """"only on the sky" moves the last request's layers in the app; planned alone (``ldie
    plan``), it says so and plans nothing."""
    plan = real_planner.plan("only on the sky", rgb)
    assert plan.layers == [] and plan.extra["command"] == "place" and "works in the app" in plan.message
    assert real_planner.plan("just brighten the sky", rgb).layers  # an edit, not a follow-up
    plan = real_planner.plan("apply my golden preset", rgb)  # the app's presets, or ldie render --preset
    assert plan.layers == [] and plan.extra["command"] == "preset" and "--preset NAME" in plan.message


@pytest.mark.parametrize("request_text, steps", [
    ("darken the background", (("replace", "the background"),)),
    ("add contrast to the shadows", (("replace", "the shadows"),)),
    ("smooth her skin", (("replace", "the skin"), ("skin", ""))),
    ("remove the helmet", (("replace", "the helmet"),)),
])
def test_a_planned_mask_keeps_the_words_that_make_it_again(real_planner, rgb, request_text, steps) -> None:
    """``Layer.place``: on the same photo the steps make the very same mask."""
    layer = next(l for l in real_planner.plan(request_text, rgb).layers if l.mask is not None)
    assert layer.place == steps
    again = real_planner.place_mask(layer.place, rgb, layer.op)
    assert np.array_equal(again.mask.resized(*layer.mask.shape), layer.mask.data)


def test_place_steps_join_invert_and_say_what_is_missing(real_planner, rgb) -> None:
    left = real_planner.select("the left side", rgb).mask.data
    top = real_planner.select("the top half", rgb).mask.data
    r = real_planner.place_mask((("replace", "the left side"), ("subtract", "the top half"), ("invert", "")), rgb)
    assert np.allclose(r.mask.data, 1.0 - np.minimum(left, 1.0 - top), atol=1 / 255)
    assert r.words == "the left side, subtract the top half"
    r = real_planner.place_mask((("replace", "the woman"), ("add", "the dog")), rgb)
    assert r.mask is None and r.phrase == "the dog" and r.message == "Found no dog in the photo."


def test_a_tonal_range_of_a_place_is_their_intersection(real_planner, rgb) -> None:
    """'add contrast to the highlights in the sky': the sky's mask within the photo's highlights,
    as an editor's range mask on a sky mask; the same words select it in the mask box. The
    highlights' own slider is placed on the sky alone ("darken the highlights in the sky")."""
    sky = real_planner.select("the sky", rgb).mask
    highs = tonal_mask(rgb, "highlights")
    (layer,) = real_planner.plan("add contrast to the highlights in the sky", rgb).layers
    want = np.minimum(sky.resized(*highs.shape), highs)
    assert np.allclose(layer.mask.resized(*want.shape), want, atol=1 / 255)
    assert layer.place == (("replace", "the highlights in the sky"),) and layer.params["amount"] > 0
    (tone,) = real_planner.plan("darken the highlights in the sky", rgb).layers
    assert tone.op == "tone" and tone.params["highlights"] < 0 and tone.place == (("replace", "the sky"),)
    assert np.allclose(tone.mask.data, sky.data)
    r = real_planner.select("the bright parts of the sky", rgb)
    assert r.words == "the highlights in the sky" and np.allclose(r.mask.resized(*want.shape), want, atol=1 / 255)
    (dark,) = real_planner.plan("add contrast to the dark parts of the background", rgb).layers
    assert dark.place == (("replace", "the shadows in the background"),)


def test_a_drawn_shape_in_a_place_is_redrawn_on_another_photo(real_planner, rgb) -> None:
    """A pasted layer or a preset with a hand-drawn gradient gets the same gradient on the new
    photo, at its size; with a place made from words it joins them as drawn."""
    wide = np.zeros((300, 600, 3), np.uint8)
    r = real_planner.place_mask((("replace", "gradient 0.5000 0.0000 0.5000 0.5000"),), wide)
    assert r.mask.shape == (300, 600) and r.words == "a graduated mask"
    assert r.mask.data[5, 300] > 0.99 and r.mask.data[200, 300] == 0.0
    r = real_planner.place_mask((("replace", "the left side"), ("subtract", "radial 0.2500 0.5000 0.2500 0.9000")), rgb)
    left = real_planner.select("the left side", rgb).mask
    hole = Mask.from_shape("radial 0.2500 0.5000 0.2500 0.9000", left.shape)
    assert np.allclose(r.mask.data, left.combined(hole, "subtract").data)
    assert r.words == "the left side, subtract a radial mask"


def test_a_picked_colour_range_is_found_again_in_another_photo(real_planner, rgb) -> None:
    """A colour range picked on one photo selects that colour in the photo it is pasted onto."""
    from ldie_desktop.grounding.tonal import colour_mask

    words = "colour 0.867 0.371 0.221 25"  # the astronaut's orange suit
    r = real_planner.place_mask((("replace", words),), rgb)
    assert r.words == "a colour range" and np.allclose(r.mask.data, colour_mask(rgb, (0.867, 0.371, 0.221), 25))
    assert r.mask.data[302, 152] > 0.99 and r.mask.data[50, 50] == 0.0
    flipped = np.ascontiguousarray(rgb[:, ::-1])
    again = real_planner.place_mask((("replace", words),), flipped)
    assert np.allclose(again.mask.data, r.mask.data[:, ::-1], atol=0.02)
