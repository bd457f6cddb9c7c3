"""What a planner returns: the layers for a request, or a message saying why there are none."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..document.layer import Layer


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
