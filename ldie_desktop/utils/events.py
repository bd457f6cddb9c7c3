"""A tiny signal/slot mechanism so the pure core can be observed without Qt (napari style)."""

from __future__ import annotations

from typing import Any, Callable


class Signal:
    """Callbacks connected to one event; ``emit`` calls them in connection order."""

    def __init__(self) -> None:
        self._slots: list[Callable[..., Any]] = []

    def connect(self, slot: Callable[..., Any]) -> Callable[..., Any]:
        if slot not in self._slots:
            self._slots.append(slot)
        return slot

    def disconnect(self, slot: Callable[..., Any]) -> None:
        if slot in self._slots:
            self._slots.remove(slot)

    def emit(self, *args: Any) -> None:
        for slot in list(self._slots):
            slot(*args)


class EmitterGroup:
    """Named signals: ``events.inserted.connect(cb)``."""

    def __init__(self, *names: str) -> None:
        for n in names:
            setattr(self, n, Signal())
