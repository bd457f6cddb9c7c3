"""What a planner returns: the layers for a request, or a message saying why there are none."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..document.layer import Layer
from ..document.mask import Mask


@dataclass
class Plan:
    """The planner's answer to one request.

    ``layers`` are in render order, each with ``source="model"``, its confidence, the words that
    asked for it and its local flag. ``message`` is one line for the user when something could
    not be done (an unsupported request, a local edit with no region found), else ``None``.
    ``probs`` holds every operation's probability, for ``ldie predict`` and debugging.
    """

    request: str
    layers: list[Layer] = field(default_factory=list)
    message: str | None = None
    probs: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Region:
    """Where a phrase is in a photo ("the sky", "the man on the left", "the shadows"), for a
    layer's mask made from words. ``mask`` None: nothing was selected and ``message`` says why;
    a mask with a ``message``: a best guess or part of what was asked for ("the dog and the cat"
    without a cat). ``words`` is how the phrase was read ("the person", "the shadows")."""

    phrase: str
    mask: Mask | None
    words: str = ""
    message: str | None = None
