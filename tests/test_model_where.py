"""Where a request's edit goes: the place phrase of a clause, areas of the frame, and the
planner's local layers for any thing a request names."""

from __future__ import annotations

import numpy as np
import pytest

from ldie_desktop.grounding.matcher import area_mask, parse, select
from ldie_desktop.model import intents
from ldie_desktop.model import planner as planner_mod
from ldie_desktop.model.params import ParamModelConfig, ParamPredictor
from ldie_desktop.model.planner import Planner, impossible_intent, split_clauses
from ldie_desktop.model.where import follow_up_place, region_phrase
from ldie_desktop.ops import registry


@pytest.mark.parametrize(("clause", "phrase"), [
    ("make the teapot warmer", "the teapot"),  # an ImageNet thing, not a COCO label
    ("brighten the flag", "the flag"),  # a thing only WordNet knows
    ("make the old brick building warmer", "the old brick building"),
    ("darken the bright window", "window"), ("brighten the dark door", "door"),  # a quality's adjective (the photo before)
    ("remove the power lines and the bird", "the power lines and the bird"),  # "the power" before
    ("tone down the orange suit", "suit"),  # a colour before a thing is its adjective, not an orange
    ("brighten the red dress", "dress"),
    ("make everything black and white except the woman", "everything except the woman"),
    ("make everything black and white except her", "everything except the person"),
    ("brighten everything but them", "everything but the people"),
    ("make the water bluer", "the water"),  # the colour it should become is not part of the place
    ("make the woman's dress red", "the woman's dress"),
    ("increase saturation of the flowers", "the flowers"),
    ("add contrast to the clouds", "the clouds"),
    ("make the skin smoother", "the skin"),
    ("remove the man on the left", "the man on the left"),
    ("remove the people in the background", "the people in the background"),
    ("blur everything but the dog", "everything but the dog"),
    ("brighten the whole photo except the sky", "the whole photo except the sky"),
    ("remove all people except the man on the left", "all people except the man on the left"),
    ("the eyes of the two people", "the eyes of the two people"),
    ("brighten the left side", "the left side"),
    ("darken the corners", "the corners"),
    ("remove the orange", "the orange"),  # removed, a colour word that is a thing is the thing
    ("get rid of the orange and the apple", "the orange and the apple"),
    ("brighten the top of the photo", "the top"),
    ("make the image sharper on the left", "the left"),
    ("give her face a softer look", "her face"), ("give the sky a dramatic look", "the sky"),  # the look's thing
    ("i'd like the sky bluer", "the sky"), ("i really like her dress, keep it", "her dress"),  # "like", the verb
    ("blur the background like an iphone portrait", "the background"),
    ("remove the clutter on the table", "the clutter on the table"),  # what lies on it, not the table
    ("get rid of the mess on the floor", "the mess on the floor"),
    ("remove the picture on the wall", "the picture on the wall"), ("remove the poster on the wall", "the poster on the wall"),
    ("brighten the photo on the left", "the left"),  # the photo's left
])
def test_place_phrases(clause: str, phrase: str) -> None:
    assert region_phrase(clause) == phrase


@pytest.mark.parametrize("clause", [
    "make it brighter", "brighten the image a bit", "Lighten the entire image, please", "darken the shadows",
    "brighten the highlights", "make the lights warmer", "make the colors pop", "warm up the tones",
    "make the light softer", "adjust the tone curve", "fix the white balance", "increase the exposure",
    "make it little bit brighter", "enhance the color a good bit", "LOWER WHITE BALANCE",
    "it looks fine on my laptop but too dark on my phone", "make it pop for a billboard",  # where it is seen
    "the black and white print looks muddy",
    "brighten the dark areas",  # a tonal range, not a region the grounding can find
    "Lighten the image so you can see the stars",  # why, not where
    "Can someone make this look like a renaissance oil painting?",
    "Can you please edit this picture of my dog? Maybe brighten it",  # the photo, named by what it shows
    "increase the dynamic range slightly", "", "!!!",
    "make this picture monochrome", "make the photo grayscale",  # a style, not a thing
    "remove the orange tint", "tone down the orange", "remove the red",  # colours, not the fruit
    "a teal and orange split tone", "colour grade it like a movie",  # a grade, not a bird or a film
    # how it was shot and why: circumstances, not places (session 14: a local dehaze of "a dirty window")
    "this was shot through a dirty window so it looks hazy", "it looks hazy because i shot it through glass",
    "brighten it, it was taken in the park", "this was too dark",
    "make the room look bright and airy", "this old scan has faded",  # the photo, by what it shows
    "does it need more contrast?",  # "does" is no deer here
    # a style by what it is like: "high" and "sports" are nouns, Ansel Adams a person (everyday_requests_v42-43)
    "give it a high contrast look", "give it a gritty sports look", "black and white like ansel adams",
    "edit it in the style of a 70s magazine",
])
def test_no_place_for_the_whole_photo(clause: str) -> None:
    assert region_phrase(clause) is None


def test_a_part_without_an_edit_stays_with_its_clause() -> None:
    assert split_clauses("remove the dog and the cat") == ["remove the dog and the cat"]
    assert split_clauses("brighten her face, and remove the dog") == ["brighten her face", "remove the dog"]
    assert split_clauses("make it brighter and warmer") == ["make it brighter", "warmer"]
    # "black and" parts clauses unless "white" follows ("make her suit black and give it a velvia look" lost its look)
    assert split_clauses("make her suit black and give it a velvia look") == ["make her suit black", "give it a velvia look"]
    assert split_clauses("turn the background black and white and brighten her") == \
        ["turn the background black and white", "brighten her"]


@pytest.mark.parametrize(("text", "impossible"), [
    ("add contrast to the clouds", False), ("add a little more light to the sky", False),
    ("add some blur to the background", False), ("add a boat in the water", True), ("add a rainbow", True),
    ("add a little bit of film grain", False), ("add a heavy vignette to draw attention to her", False),
    ("put a white background", False), ("put a beach background", True),  # a fill, or a scene
])
def test_an_adjustment_added_to_a_place_is_possible(text: str, impossible: bool) -> None:
    assert (impossible_intent(text) is not None) is impossible


# ------------------------------------------------------------------ areas of the frame
@pytest.mark.parametrize(("phrase", "positions"), [
    ("the left side", ("left",)), ("the top half", ("top",)), ("the top of the photo", ("top",)),
    ("the upper left corner", ("top", "left")), ("the corners", ("frame",)), ("the edges", ("frame",)),
    ("the middle", ("center",)), ("everything on the right", ("right",)),
])
def test_areas_parse(phrase: str, positions: tuple[str, ...]) -> None:
    [term] = parse(phrase).include
    assert term.noun == "area" and term.positions == positions


@pytest.mark.parametrize("phrase", ["the one on the left", "the man on the left", "the left side of the car",
                                    "everything", "the whole image"])
def test_things_are_not_areas(phrase: str) -> None:
    assert all(t.noun != "area" for t in parse(phrase).include)


def test_area_masks_grade_like_filters() -> None:
    left = area_mask(("left",), (40, 100))
    assert left[:, :35].min() == 1.0 and left[:, 65:].max() == 0.0
    assert np.all(np.diff(left[0]) <= 0) and 0.45 < left.mean() < 0.55  # a smooth falloff in the middle
    top_left = area_mask(("top", "left"), (40, 100))
    assert top_left[0, 0] == 1.0 and top_left[-1, 0] == 0.0 and top_left[0, -1] == 0.0
    frame = area_mask(("frame",), (60, 60))
    assert frame[0, 0] > 0.9 and frame[30, 30] == 0.0  # a vignette: corners in, centre out
    centre = area_mask(("center",), (60, 60))
    assert centre[30, 30] == 1.0 and centre[0, 0] == 0.0


def test_an_area_needs_no_closer_look() -> None:
    from ldie_desktop.grounding.matcher import wants_closer_look

    assert not wants_closer_look("the corners", []) and not wants_closer_look("the left side", [])
    assert wants_closer_look("the koala", [])


def test_an_area_is_selected_without_proposals() -> None:
    sel = select("the bottom half", [], (50, 80))
    assert sel.mask is not None and sel.score == 1.0 and sel.chosen[0].kind == "area"
    assert sel.mask[-1].min() == 1.0 and sel.mask[0].max() == 0.0


# ------------------------------------------------------------------ the planner
class _Predictor:
    """Says the request asks for one global ``op`` with no words of its own."""

    def __init__(self, op: str) -> None:
        self.op = op

    def predict(self, requests):
        from ldie_desktop.model.planner import _Prediction

        probs = {o: (0.9 if o == self.op else 0.01) for o in registry.operations()}
        return [_Prediction(probs, [self.op], {self.op: 0.0}, {}) for _ in requests]


@pytest.fixture(scope="module")
def params() -> ParamPredictor:
    return ParamPredictor(ParamModelConfig()).eval()


@pytest.mark.parametrize(("text", "op", "place"), [
    ("make the teapot warmer", "temperature", "the teapot"),  # named, with no attended words
    ("brighten the flag", "brightness", "the flag"),
    ("add contrast to the clouds", "contrast", "the clouds"),
])
def test_a_named_thing_makes_a_local_layer(params: ParamPredictor, text: str, op: str, place: str) -> None:
    plan = Planner(_Predictor(op), params).plan(text)
    [layer] = [l for l in plan.layers if l.op == op]
    assert layer.local and not layer.enabled  # no photo to find it in: offered to be painted
    assert f"'{place}'" in plan.message


def test_an_area_is_found_in_any_photo(params: ParamPredictor, sample_rgb: np.ndarray) -> None:
    """With the real grounder: "the left side" is a graduated mask whatever the photo shows."""
    from ldie_desktop.grounding.grounder import Grounder

    p = Planner(_Predictor("brightness"), params, grounder=Grounder.load())
    [layer] = p.plan("brighten the left side", sample_rgb).layers
    assert layer.local and layer.enabled and layer.mask is not None
    m = layer.mask.data
    w = m.shape[1]
    assert m[:, : w // 4].min() > 0.99 and m[:, 3 * w // 4 :].max() < 0.01
    assert p.plan("brighten the image", sample_rgb).layers[0].local is False


def test_names_a_region_uses_where() -> None:
    assert planner_mod.names_a_region("make the teapot warmer", ["warmer"])
    assert not planner_mod.names_a_region("make it warmer", ["warmer"])


from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_any_text_gives_a_phrase_of_its_words_or_none(text: str) -> None:
    phrase = region_phrase(text)
    assert phrase is None or (phrase and all(w in text.lower().replace("'", " ") or w.endswith("'s")
                                             for w in phrase.split()))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["the", "a", "dog", "left", "side", "of", "and", "but", "except", "everything",
                                 "corners", "top", "brighten", "make", "warmer", "photo", "teapot", "people",
                                 "in", "background", "two", "both", "'s", "so", "see"]), max_size=12))
def test_any_word_salad_parses(words: list[str]) -> None:
    phrase = region_phrase(" ".join(words))
    assert phrase is None or parse(phrase) is not None


# ------------------------------------------------------------------ tonal ranges
@pytest.mark.parametrize(("text", "which"), [
    ("brighten the shadows", "shadows"), ("lift the darks a bit", "shadows"), ("brighten the dark areas", "shadows"),
    ("tone down the highlights", "highlights"), ("darken the bright parts", "highlights"),
    ("more contrast in the midtones", "midtones"), ("make it brighter", None), ("it's too shadowy", None),
])
def test_tonal_ranges_from_words(text: str, which: str | None) -> None:
    from ldie_desktop.grounding.tonal import tonal_range

    assert tonal_range(text) == which


def test_tonal_masks_select_their_tones() -> None:
    from ldie_desktop.grounding.tonal import tonal_mask

    ramp = np.repeat(np.linspace(0, 255, 200, dtype=np.float32)[None, :], 50, axis=0).astype(np.uint8)
    rgb = np.stack([ramp] * 3, axis=-1)
    shadows, highlights, mids = (tonal_mask(rgb, w)[25] for w in ("shadows", "highlights", "midtones"))
    assert shadows[:20].min() > 0.95 and shadows[-20:].max() < 0.05 and np.all(np.diff(shadows) <= 1e-6)
    assert highlights[-20:].min() > 0.95 and highlights[:20].max() < 0.05
    assert mids[100] > 0.95 and mids[0] < 0.05 and mids[-1] < 0.05
    with pytest.raises(ValueError):
        tonal_mask(rgb, "sky")


def test_contrast_in_the_shadows_is_a_luminosity_masked_layer(params: ParamPredictor) -> None:
    ramp = np.repeat(np.linspace(0, 255, 128, dtype=np.float32)[None, :], 64, axis=0).astype(np.uint8)
    rgb = np.stack([ramp] * 3, axis=-1)
    p = Planner(_Predictor("contrast"), params)  # no grounder needed: the mask is the photo's tones
    [layer] = p.plan("add contrast to the shadows", rgb).layers
    assert layer.local and layer.enabled and layer.mask is not None
    m = layer.mask.data
    assert m[:, :20].mean() > 0.9 and m[:, -20:].mean() < 0.1
    [layer] = p.plan("add contrast to the shadows").layers  # without the photo there are no tones to mask
    assert not layer.local
    [layer] = p.plan("add contrast", rgb).layers
    assert not layer.local and layer.mask is None


@pytest.mark.parametrize("text, want", [
    ("brighten the shadows", {"shadows": 0.45}),
    ("lift the shadows and recover the highlights", {"shadows": 0.45, "highlights": -0.5}),
    ("the shadows are way too dark", {"shadows": 0.72}),
    ("deeper blacks and brighter whites", {"blacks": -0.4, "whites": 0.35}),
    ("highlights -40, shadows +30", {"highlights": -0.4, "shadows": 0.3}),
])
def test_a_tonal_range_brightened_or_darkened_is_the_tone_sliders(params: ParamPredictor, text, want) -> None:
    """"lift the shadows": the Highlights & shadows layer (which lifts by the brightness around a
    pixel), over the whole photo, one layer for every range the request moves; not a brightness
    through a luminosity mask, and nothing the predictor bundles in."""
    ramp = np.repeat(np.linspace(0, 255, 128, dtype=np.float32)[None, :], 64, axis=0).astype(np.uint8)
    rgb = np.stack([ramp] * 3, axis=-1)
    [layer] = Planner(_Predictor("brightness"), params).plan(text, rgb).layers
    assert layer.op == "tone" and not layer.local and layer.mask is None
    assert {k: round(v, 2) for k, v in layer.params.items() if v} == want


@pytest.mark.parametrize("text", ["too much noise in the shadows", "the shadows are noisy", "banding in the highlights"])
def test_a_fault_in_a_tonal_range_moves_no_slider(text: str) -> None:
    # "too much noise in the shadows" lifted the shadows (on her forehead, beside another clause)
    assert intents.tone_sliders(text) == {}



@pytest.mark.parametrize(("text", "place"), [
    ("only on the sky", ("replace", "the sky")),
    ("just the sky", ("replace", "the sky")),
    ("Only the background, please", ("replace", "the background")),
    ("apply it to the sky only", ("replace", "the sky")),
    ("apply that only to her face", ("replace", "her face")),
    ("the sky only", ("replace", "the sky")),
    ("no, just the man on the left", ("replace", "the man on the left")),
    ("only the shadows", ("replace", "the shadows")),
    ("only on the left side", ("replace", "the left side")),
    ("only her", ("replace", "the person")),
    ("not on her face", ("subtract", "her face")),
    ("but not the sky", ("subtract", "the sky")),
    ("except the woman", ("subtract", "the woman")),
    ("leave the sky alone", ("subtract", "the sky")),
    ("don't touch her face", ("subtract", "her face")),
    ("not them", ("subtract", "the people")),
    ("also on the background", ("add", "the background")),
    ("on her face too", ("add", "her face")),
    ("everywhere", ("whole", "")),
    ("apply it to the whole photo", ("whole", "")),
])
def test_follow_ups_that_say_where(text: str, place: tuple[str, str]) -> None:
    assert follow_up_place(text) == place


@pytest.mark.parametrize("text", [
    "just brighten the sky", "only brighten her face", "brighten the sky too", "make the sky bluer", "the sky is too dark",
    "only a little", "just a bit", "only slightly", "not so much", "not too much", "keep it natural",
    "leave it as it is", "also make it warmer", "just do it", "without the grain", "not the colours", "only the contrast",
])
def test_requests_are_not_follow_ups_of_place(text: str) -> None:
    assert follow_up_place(text) is None
