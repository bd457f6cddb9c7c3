"""The edit stack: an ordered, evented list of layers in render order (first = applied first).

Qt adapts it in ``ui/`` (``inserted`` -> ``beginInsertRows`` ...); nothing here imports Qt.
Setting a layer equal to the one already there returns early, which stops model/view loops.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from ..utils.events import EmitterGroup
from .layer import Layer


class EditStack:
    def __init__(self, layers: Iterable[Layer] = ()) -> None:
        self.events = EmitterGroup("inserted", "removed", "moved", "changed", "reset")
        self._layers: list[Layer] = list(layers)

    # -------------------------------------------------------------- reading
    def __len__(self) -> int:
        return len(self._layers)

    def __iter__(self) -> Iterator[Layer]:
        return iter(list(self._layers))

    def __getitem__(self, index: int) -> Layer:
        return self._layers[index]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EditStack) and self._layers == other._layers

    @property
    def layers(self) -> tuple[Layer, ...]:
        return tuple(self._layers)

    def index_of(self, layer_id: str) -> int:
        for i, layer in enumerate(self._layers):
            if layer.id == layer_id:
                return i
        raise KeyError(f"no layer with id {layer_id}")

    # -------------------------------------------------------------- changing
    def insert(self, index: int, layer: Layer) -> None:
        index = max(0, min(index, len(self._layers)))
        self._layers.insert(index, layer)
        self.events.inserted.emit(index, layer)

    def append(self, layer: Layer) -> None:
        self.insert(len(self._layers), layer)

    def extend(self, layers: Iterable[Layer]) -> None:
        for layer in layers:
            self.append(layer)

    def remove(self, index: int) -> Layer:
        layer = self._layers.pop(index)
        self.events.removed.emit(index, layer)
        return layer

    def move(self, src: int, dst: int) -> None:
        """Move the layer at ``src`` so that it ends up at index ``dst``."""
        n = len(self._layers)
        if not (0 <= src < n and 0 <= dst < n):
            raise IndexError(f"move {src} -> {dst} out of range for {n} layers")
        if src == dst:
            return
        layer = self._layers.pop(src)
        self._layers.insert(dst, layer)
        self.events.moved.emit(src, dst, layer)

    def set(self, index: int, layer: Layer) -> None:
        old = self._layers[index]
        if old == layer:
            return
        self._layers[index] = layer
        self.events.changed.emit(index, old, layer)

    def clear(self) -> None:
        self.reset([])

    def reset(self, layers: Iterable[Layer]) -> None:
        self._layers = list(layers)
        self.events.reset.emit()
