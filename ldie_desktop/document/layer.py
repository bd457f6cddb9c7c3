"""A layer: one operation with its parameters, mask, opacity and provenance. Plain data."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

from ..ops import registry
from ..ops.spec import Operation, ParamValue
from .mask import Mask

Source = Literal["model", "user"]
#: How a mask made from words is made again: a selection joined by a mask mode, the mask
#: inverted, narrowed to the skin colours in it, or made the whole of its own colour.
PLACE_STEPS = ("replace", "add", "subtract", "intersect", "invert", "skin", "colour")


def _new_id() -> str:
    return uuid.uuid4().hex[:12]


@dataclass(frozen=True)
class Layer:
    """An immutable layer; edits return a new one (``layer.replace(opacity=0.5)``).

    ``mask`` ``None`` means the whole image. ``words`` are the request words that asked for it
    (model layers), ``local`` whether the model meant a region. ``place`` says how the mask was
    made from words, as steps (``("replace", "the sky")``, ``("subtract", "her face")``,
    ``("invert", "")``, ``("skin", "")``: :data:`PLACE_STEPS`), so another photo's own sky can be
    found for it (a pasted layer, a preset); empty when the mask was painted or loaded.
    """

    op: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    mask: Mask | None = None
    opacity: float = 1.0
    enabled: bool = True
    source: Source = "user"
    confidence: float | None = None
    words: tuple[str, ...] = ()
    local: bool = False
    id: str = field(default_factory=_new_id)
    place: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        operation = registry.get(self.op)
        object.__setattr__(self, "params", operation.validate(self.params))
        if not 0.0 <= float(self.opacity) <= 1.0:
            raise ValueError(f"opacity must be in [0, 1], got {self.opacity}")
        object.__setattr__(self, "opacity", float(self.opacity))
        object.__setattr__(self, "words", tuple(self.words))
        steps = tuple((str(m), str(w)) for m, w in self.place)
        bad = [m for m, _ in steps if m not in PLACE_STEPS]
        if bad:
            raise ValueError(f"unknown place step {bad[0]!r}; one of {', '.join(PLACE_STEPS)}")
        object.__setattr__(self, "place", steps)

    @classmethod
    def new(cls, op: str, **params: Any) -> "Layer":
        return cls(op=op, params=params)

    @property
    def operation(self) -> type[Operation]:
        return registry.get(self.op)

    @property
    def version(self) -> int:
        return self.operation.version

    def replace(self, **changes: Any) -> "Layer":
        return dataclasses.replace(self, **changes)

    def with_params(self, **params: ParamValue) -> "Layer":
        return self.replace(params={**self.params, **params})

    def reset(self) -> "Layer":
        return self.replace(params={}, opacity=1.0)

    def measured_on(self, image: Any, exif: bytes | None = None) -> "Layer":
        """This layer for another photo ``image`` (an ``(H, W, 3)`` array; ``exif``, its file's
        EXIF): the parameters its operation measures from the photo (:attr:`Operation.measured`,
        a dehaze's haze colour, a lens correction's profile) measured again there; the rest as
        they are. Pasted edits, presets and synced edits go through it."""
        if not self.operation.measured:
            return self
        fresh = self.operation.measure(image, exif)
        return self.with_params(**{k: v for k, v in fresh.items() if k in self.operation.measured})

    def duplicate(self) -> "Layer":
        return self.replace(id=_new_id())

    def scaled(self, factor: float) -> "Layer":
        """The layer with each number that sets its strength (``Operation.strengths``)
        ``factor`` times as far from its default ("more": 1.5, "less": 0.6), kept in range;
        shapes, hues, choices, colours and geometry (a crop, a turn) are left as they are."""
        if self.operation.geometric:
            return self
        params = dict(self.params)
        strengths = self.operation.strengths
        for p in self.operation.params:
            if p.kind in ("choice", "color") or (strengths is not None and p.name not in strengths):
                continue
            v = params[p.name]
            if isinstance(v, list):
                params[p.name] = [p.default + (x - p.default) * factor for x in v]
            else:
                params[p.name] = p.default + (float(v) - p.default) * factor
        return self.replace(params=self.operation.validate(params))

    def is_active(self) -> bool:
        """Whether rendering it can change the image."""
        if not self.enabled or self.opacity == 0.0:
            return False
        if self.operation.needs_mask:
            return self.mask is not None and not self.mask.is_empty()
        return not self.operation.is_identity(self.params)

    @property
    def fingerprint(self) -> str:
        """A digest of everything that affects rendering (not id, source, words)."""
        blob = json.dumps(
            [self.op, self.version, self.params, self.opacity, self.enabled, self.mask.digest if self.mask else None],
            sort_keys=True,
        )
        return hashlib.blake2b(blob.encode(), digest_size=16).hexdigest()

    def param_texts(self, sep: str = "=", short_lists: bool = False, changed_only: bool = False) -> list[str]:
        """``name=value`` for each parameter (lists only when edited; ``short_lists`` says
        "edited" instead of the numbers; choices by name; ``changed_only`` leaves out the
        numbers at their default, unless all of them are, and the values measured from the photo)."""
        parts = []
        # a value measured from the photo (a dehaze's haze colour) is not an edit of the user's
        changed = [p for p in self.operation.params
                   if self.params[p.name] != p.default_value() and not (changed_only and p.name in self.operation.measured)]
        # what the measured values are, in a word ("profile": a lens correction's), when they are set
        named = changed_only and self.operation.measured_label and any(
            self.params[p.name] != p.default_value() for p in self.operation.params if p.name in self.operation.measured)
        if named and not changed:
            return [self.operation.measured_label]
        for p in (changed or self.operation.params[:1]) if changed_only else self.operation.params:
            v = self.params[p.name]
            shown = p.label if short_lists and p.label and not p.group else p.name  # the list says "clarity", not "amount"
            if isinstance(v, list):
                if v != p.default_value():
                    parts.append(f"{shown} edited" if short_lists else f"{p.name}{sep}[{', '.join(f'{x:.2f}' for x in v)}]")
            elif p.kind == "choice" and p.choices:
                choice = p.choices[int(v)]  # "transparent", not "transparent=transparent"
                parts.append(choice if choice == p.name else f"{shown}{sep}{choice}")
            else:
                if p.unit == "°":
                    parts.append(f"{shown}{sep}{v:.0f}°")
                    continue
                unit = f" {p.unit}" if p.unit in ("EV", "deg", "%") else ""
                sign = "+" if p.minimum < 0 else ""  # a radius or a size has no direction to show
                parts.append(f"{shown}{sep}{v:{sign}.2f}{unit}")
        return parts + [self.operation.measured_label] if named else parts

    def summary(self) -> str:
        """One line for lists and the CLI: ``brightness amount=+0.30 (mask, 80 %)``."""
        parts = self.param_texts()
        extra = []
        if self.mask is not None:
            extra.append("mask")
        if self.opacity != 1.0:
            extra.append(f"{self.opacity:.0%}")
        if not self.enabled:
            extra.append("off")
        tail = f" ({', '.join(extra)})" if extra else ""
        return f"{self.op} {' '.join(parts)}{tail}".strip()
