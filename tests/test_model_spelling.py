"""Typos in requests are mended to the app's words, and only then (model/spelling.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldie_desktop.model import spelling


@pytest.mark.parametrize(("typed", "meant"), [
    ("remvoe", "remove"), ("rmove", "remove"), ("brigthen", "brighten"), ("contarst", "contrast"),
    ("saturnation", "saturation"), ("increse", "increase"), ("backround", "background"), ("balck", "black"),
    ("warmr", "warmer"), ("sharpn", "sharpen"), ("vignete", "vignette"), ("briightness", "brightness"),
    ("grighten", "brighten"),  # the first letter wrong
])
def test_typos_of_the_apps_words_are_mended(typed: str, meant: str) -> None:
    assert spelling.mend(typed) == meant


@pytest.mark.parametrize("word", [
    "brighten", "the", "photoshop", "flatten", "colorize", "yellowing", "misc", "plz",  # known, or a known stem
    "strenghten",  # nearest is "strengthen", no word of the app's: not "straighten"
    "highten",  # "heighten" is as near as "lighten": left alone
    "whide",  # "white" or "wide"
    "bob", "xq", "zorblax",  # short, or near nothing
    "sunshade", "bollard", "tripods",  # things WordNet knows and the text encoder does not ("sunshine")
])
def test_other_words_are_left_as_typed(word: str) -> None:
    assert spelling.mend(word) is None


def test_correct_keeps_the_rest_of_the_text_and_says_what_it_changed() -> None:
    text, fixes = spelling.correct("Remvoe the man, then increse the SATURNATION!")
    assert text == "Remove the man, then increase the saturation!"
    assert fixes == [("Remvoe", "remove"), ("increse", "increase"), ("SATURNATION", "saturation")]
    assert spelling.correct("make it brighter") == ("make it brighter", [])


def test_stretched_words_are_the_word_and_are_not_reported_as_typos() -> None:
    assert spelling.correct("waaay too dark") == ("way too dark", [])
    assert spelling.correct("sooo dull, pleeease") == ("so dull, please", [])  # "so", the app's, not "soo"
    assert spelling.correct("brighterrrr") == ("brighter", [])
    assert spelling.correct("brighhter") == ("brighter", [("brighhter", "brighter")])  # a typo, said


def test_edit_distance_counts_a_swap_as_one() -> None:
    assert spelling.distance("balck", "black") == 1
    assert spelling.distance("kitten", "sitting", limit=3) == 3
    assert spelling.distance("kitten", "sitting", limit=1) == 2  # more than the limit: limit + 1
    assert spelling.distance("abc", "abc") == 0


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcdeilmnorstuvw ,.'")), max_size=40))
def test_correct_never_fails_and_keeps_the_word_count(text: str) -> None:
    out, fixes = spelling.correct(text)
    assert len(out.split()) == len(text.split()) and len(fixes) <= len(text.split())
