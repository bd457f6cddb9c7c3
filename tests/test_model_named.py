"""Operations a request names outright, and how the planner combines them with the predictor."""

from __future__ import annotations

import pytest

from ldie_desktop.model.planner import named_operations


@pytest.mark.parametrize("text,ops", [
    ("make it black and white", {"black_and_white"}),
    ("convert to greyscale please", {"black_and_white"}),
    ("brighten it a little", {"brightness"}),
    ("it's too dark", {"brightness"}),
    ("warmer and more vivid", {"temperature", "saturation"}),
    ("it's blurry", {"sharpness"}),
    ("blur the background", {"blur"}),
    ("remove the man on the left", {"inpaint_obj"}),
    ("remove the background", {"color_bg"}),
    ("rotate it 90 degrees", {"rotate"}),
    ("mirror it", {"flip"}),
    ("too much noise", {"denoise"}),
    ("increase the exposure", {"exposure"}),
    ("make it look better", set()),
    ("the colours are dull", {"saturation"}),
])
def test_named_operations(text: str, ops: set[str]) -> None:
    assert set(named_operations(text)) == ops


def test_named_words_are_whole_words() -> None:
    assert named_operations("rotate it")["rotate"] == ["rotate"]
