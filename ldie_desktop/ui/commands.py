"""Undo commands over the edit stack (Qt's QUndoStack drives them).

Every change the user (or the model) makes is one of these, so undo/redo covers everything:
add (one command for a whole prediction), remove, move, and set (a parameter, opacity, the
enabled flag, a mask). A slider drag is one step: its commands share a merge key and merge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from ..document import EditStack, Layer

SET_LAYER_ID = 1001


class AddLayers(QUndoCommand):
    """Insert ``layers`` at ``index`` (one undo step however many layers: a prediction). With a
    ``merge_key``, the changes to them that follow with the same key join this step (a drag that
    makes the layer it then sets: the crop tool's first straighten)."""

    def __init__(self, stack: "EditStack", layers: Sequence["Layer"], index: int | None = None, text: str = "",
                 merge_key: Any = None) -> None:
        n = len(layers)
        super().__init__(text or (f"Add {layers[0].operation.label}" if n == 1 else f"Add {n} layers"))
        self.stack = stack
        self.layers = list(layers)
        self.index = len(stack) if index is None else index
        self.merge_key = merge_key

    def id(self) -> int:  # noqa: A003 - Qt's name
        return SET_LAYER_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        ids = [l.id for l in self.layers]
        if not isinstance(other, SetLayer) or self.merge_key is None or other.merge_key != self.merge_key \
                or other.new.id not in ids:
            return False
        self.layers[ids.index(other.new.id)] = other.new  # already in the stack: redo() inserts it as it is now
        return True

    def redo(self) -> None:
        for i, layer in enumerate(self.layers):
            self.stack.insert(self.index + i, layer)

    def undo(self) -> None:
        for layer in reversed(self.layers):
            self.stack.remove(self.stack.index_of(layer.id))


class RemoveLayer(QUndoCommand):
    def __init__(self, stack: "EditStack", index: int) -> None:
        self.stack = stack
        self.index = index
        self.layer = stack[index]
        super().__init__(f"Delete {self.layer.operation.label}")

    def redo(self) -> None:
        self.stack.remove(self.index)

    def undo(self) -> None:
        self.stack.insert(self.index, self.layer)


class MoveLayer(QUndoCommand):
    def __init__(self, stack: "EditStack", src: int, dst: int) -> None:
        super().__init__(f"Move {stack[src].operation.label}")
        self.stack, self.src, self.dst = stack, src, dst

    def redo(self) -> None:
        self.stack.move(self.src, self.dst)

    def undo(self) -> None:
        self.stack.move(self.dst, self.src)


class SetLayer(QUndoCommand):
    """Replace one layer (found by id) with a changed copy. Commands with the same non-None
    ``merge_key`` in a row merge into one step (a slider drag, a brush stroke)."""

    def __init__(self, stack: "EditStack", new: "Layer", text: str, merge_key: Any = None) -> None:
        super().__init__(text)
        self.stack = stack
        self.old = stack[stack.index_of(new.id)]
        self.new = new
        self.merge_key = merge_key

    def id(self) -> int:  # noqa: A003 - Qt's name
        return SET_LAYER_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, SetLayer) or self.merge_key is None or other.merge_key != self.merge_key:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.stack.set(self.stack.index_of(self.new.id), self.new)

    def undo(self) -> None:
        self.stack.set(self.stack.index_of(self.old.id), self.old)


class ReplaceStack(QUndoCommand):
    """Go from one whole stack to another (history restored from a sidecar)."""

    def __init__(self, stack: "EditStack", before: Sequence["Layer"], after: Sequence["Layer"], text: str) -> None:
        super().__init__(text)
        self.stack, self.before, self.after = stack, list(before), list(after)

    def redo(self) -> None:
        self.stack.reset(self.after)

    def undo(self) -> None:
        self.stack.reset(self.before)
