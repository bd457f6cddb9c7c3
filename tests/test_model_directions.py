"""Direction words: comparatives, complaints, wishes, quality nouns with their verbs, negation."""

from __future__ import annotations

import pytest

from ldie_desktop.model.directions import apply_direction, direction, strength


@pytest.mark.parametrize(("text", "quality", "want"), [
    ("add a lot of contrast", "contrast", +1),  # the verb before an amount
    # session 20: how much of a quality a thing is made with ("... black and white with lots of contrast" was -0.26)
    ("rotate it and make it black and white with lots of contrast", "contrast", +1),
    ("black and white, high contrast", "contrast", +1), ("a low contrast look", "contrast", -1),
    ("with less contrast", "contrast", -1),
    ("a bit of warmth everywhere", "warmth", +1), ("some contrast", "contrast", +1),  # an amount asked for (-0.02 before)
    ("a little less warmth", "warmth", -1),
    ("reduce a bit of warmth", "warmth", -1), ("reduce the high contrast", "contrast", -1),  # the verb goes first
    ("reduce a bit of the warmth", "warmth", -1),
    ("make it darker", "light", -1),
    ("brighten it", "light", +1),
    ("it's too dim", "light", +1),
    ("the shot looks murky", "light", +1),
    ("much too bright for my taste", "light", -1),
    ("overexposed", "light", -1),
    ("less bright please", "light", -1),
    ("not bright enough", "light", +1),
    ("not enough light", "light", +1),
    ("pull the exposure down", "light", -1),
    ("the brightness is too high", "light", -1),
    ("darken the bright sky", "light", -1),
    ("more contrast", "contrast", +1),
    ("it looks flat", "contrast", +1),
    ("the contrast is too strong, it's harsh", "contrast", -1),
    ("reduce the contrast", "contrast", -1),
    ("the colours look faded", "saturation", +1),
    ("make the colours vivid", "saturation", +1),
    ("make the colours pop", "saturation", +1),
    ("make the colours pop less", "saturation", -1),
    ("less colour", "saturation", -1),
    ("oversaturated", "saturation", -1),
    ("it's too cold, warm it up", "warmth", +1),
    ("cool it down", "warmth", -1),
    ("too yellow", "warmth", -1),
    ("raise the temperature", "warmth", +1),
    ("less yellow", "warmth", -1),
    ("far too little contrast", "contrast", +1),
    ("too much saturation", "saturation", -1),
    # a state denied is a complaint that it is missing (session 14: these two read backwards)
    ("the colours aren't vivid enough", "saturation", +1),
    ("it isn't sharp enough", "sharp", +1),
    ("it doesn't look warm enough", "warmth", +1),
    ("the image wasn't bright", "light", +1),
    ("it's not so bright", "light", +1),
    ("make it not so bright", "light", -1),  # a wish, not a complaint
    ("no, I meant warmer", "warmth", +1),  # "meant" and "want" end in "nt" and deny nothing
    ("i want it brighter", "light", +1), ("it doesnt look warm enough", "warmth", +1),
    ("the left side is darker than the right", "light", +1),  # a state compared: it darkened the left before
    ("make it darker than the original", "light", -1),
])
def test_clear_directions(text: str, quality: str, want: int) -> None:
    assert direction(text, quality) == want


@pytest.mark.parametrize(("text", "quality"), [
    ("fix the brightness", "light"),           # no direction said
    ("make it pop", "light"),                  # not about light
    ("brighten the face and darken the sky", "light"),  # both ways: the head decides
    ("adjust the colours", "saturation"),
    ("", "warmth"),
])
def test_no_direction_when_unclear(text: str, quality: str) -> None:
    assert direction(text, quality) is None


@pytest.mark.parametrize("text", ["make it pop but not too much", "brighten it, nothing drastic",
                                  "make it warmer but don't overdo it", "keep it natural"])
def test_restraint_said_outright_is_a_small_step(text: str) -> None:
    assert strength(text) == 0.5 and strength("much brighter") == 2.0


def test_apply_direction_keeps_strength_and_fixes_sign() -> None:
    assert apply_direction("brightness", {"amount": -0.2}, "too dim") == {"amount": pytest.approx(0.2)}
    assert apply_direction("brightness", {"amount": 0.2}, "a little brighter") == {"amount": pytest.approx(0.2)}
    assert apply_direction("exposure", {"stops": 0.0}, "reduce the exposure slightly") == {"stops": pytest.approx(-0.3)}
    assert apply_direction("brightness", {"amount": 0.01}, "it's too dark") == {"amount": pytest.approx(0.18)}
    assert apply_direction("brightness", {"amount": 0.01}, "way too dark") == {"amount": pytest.approx(0.36)}
    assert apply_direction("brightness", {"amount": 0.01}, "it's a bit dark") == {"amount": pytest.approx(0.09)}
    assert apply_direction("contrast", {"amount": -0.3}, "fix it") == {"amount": -0.3}  # unclear: unchanged
    assert apply_direction("hue", {"curves": [1.0] * 24}, "warmer") == {"curves": [1.0] * 24}  # no signed parameter


def test_strength_words() -> None:
    assert strength("slightly warmer") == 0.5 and strength("a lot warmer") == 2.0 and strength("warmer") == 1.0


@pytest.mark.parametrize(("text", "want"), [
    ("the edges look soft", +1), ("make it crisper", +1), ("too sharp, soften it", -1), ("less sharpness", -1),
    ("it's blurry", +1), ("oversharpened", -1),
    ("put it into focus", +1), ("bring it back in focus", +1), ("it is out of focus", +1),
])
def test_sharpness_directions(text: str, want: int) -> None:
    assert direction(text, "sharp") == want


def test_a_wished_out_of_focus_is_no_sharpening() -> None:
    assert direction("make the background out of focus", "sharp") is None
    assert direction("give it an out of focus look", "sharp") is None  # a wish: no sharpening


@pytest.mark.slow
def test_a_direction_is_read_in_its_own_clause(real_planner) -> None:
    """"it looks a bit dark, make the colours pop": "a bit" belongs to the dark clause; the colour
    clause asks for at least a plain step of saturation (the floor of apply_direction)."""
    plan = real_planner.plan("it looks a bit dark and dull, brighten it and make the colours pop")
    sat = next(l for l in plan.layers if l.op == "saturation")
    assert sat.params["amount"] >= 0.35 * 0.3 - 1e-6


@pytest.mark.parametrize(("op", "plain", "slight", "strong"), [
    ("brightness", "brighten it", "brighten it a little", "brighten it a lot"),
    ("temperature", "make it warmer", "make it slightly warmer", "make it much warmer"),
    ("contrast", "add contrast", "add a little contrast", "add a lot of contrast"),
    ("saturation", "make it more vivid", "make it slightly more vivid", "make it much more vivid"),
    ("brightness", "darken it", "darken it slightly", "darken it a lot"),
])
def test_strength_words_size_the_step(real_planner, sample_rgb, op: str, plain: str, slight: str, strong: str) -> None:
    """A learnt head barely tells "slightly warmer" from "much warmer"; the words set the size:
    0.6 and 1.6 times the plain request's step (kept in range), the sign as the words say."""
    from ldie_desktop.model.directions import QUALITY_OF

    name = QUALITY_OF[op][1]

    def value(text: str) -> float:
        return next(float(l.params[name]) for l in real_planner.plan(text, sample_rgb).layers if l.op == op)

    a, b, c = value(slight), value(plain), value(strong)
    assert abs(a) < abs(b) < abs(c) or (abs(a) < abs(b) and abs(c) == 1.0), (a, b, c)
    assert a * b > 0 and b * c > 0  # one direction
    assert abs(a) == pytest.approx(0.6 * abs(b), rel=0.25)
