"""A Qt list model adapting the pure-Python edit stack (napari's pattern).

The stack stores layers in render order (first applied first); the list shows them top-first
like every layer panel, so row ``r`` is stack index ``len - 1 - r``. The model never changes the
stack itself: checkbox toggles and drag-and-drop moves are emitted as requests so the window
can turn them into undo commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal

if TYPE_CHECKING:
    from ..document import EditStack, Layer

MIME = "application/x-ldie-layer-row"
LayerRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def place_text(steps: tuple[tuple[str, str], ...]) -> str:
    """The words that make a mask, read out: "the sky, less her face", "not the shadows"."""
    said = {"replace": "{}", "add": "and {}", "subtract": "less {}", "intersect": "within {}", "invert": "inverted",
            "skin": "its skin", "colour": "all of its colour"}
    from ..document.mask import shape_text

    parts = [said[m].format(shape_text(w)) for m, w in steps]
    if steps and steps[0][0] == "subtract":  # a whole-image layer less a place
        parts[0] = f"all but {shape_text(steps[0][1])}"
    return ", ".join(parts)


def describe(layer: "Layer") -> tuple[str, str]:
    """Title and detail lines of a layer, for the list and tooltips."""
    title = layer.operation.label
    parts = [t.replace("_", " ") for t in layer.param_texts(sep=" ", short_lists=True, changed_only=True)]
    detail = []
    if layer.source == "model":
        conf = f" {layer.confidence:.0%}" if layer.confidence is not None else ""
        words = f" <- \"{' '.join(layer.words)}\"" if layer.words else ""
        detail.append(f"model{conf}{words}")
    if layer.mask is not None:
        detail.append(f"on {place_text(layer.place)}" if layer.place else "masked")
    elif layer.local:
        detail.append("local: no region found, paint a mask")
    if layer.opacity != 1.0:
        detail.append(f"opacity {layer.opacity:.0%}")
    line1 = f"{title}  {', '.join(parts)}".rstrip()
    return line1, " | ".join(detail)


class LayerListModel(QAbstractListModel):
    toggle_requested = Signal(str, bool)  # layer id, enabled
    move_requested = Signal(int, int)  # stack index from, to

    def __init__(self, stack: "EditStack | None" = None) -> None:
        super().__init__()
        self.stack: "EditStack | None" = None
        if stack is not None:
            self.set_stack(stack)

    # ------------------------------------------------------------------ wiring to the stack
    def set_stack(self, stack: "EditStack") -> None:
        self.beginResetModel()
        if self.stack is not None:
            ev = self.stack.events
            for sig, slot in ((ev.inserted, self._inserted), (ev.removed, self._removed), (ev.moved, self._moved),
                              (ev.changed, self._changed), (ev.reset, self._reset)):
                sig.disconnect(slot)
        self.stack = stack
        ev = stack.events
        ev.inserted.connect(self._inserted)
        ev.removed.connect(self._removed)
        ev.moved.connect(self._moved)
        ev.changed.connect(self._changed)
        ev.reset.connect(self._reset)
        self.endResetModel()

    def _row(self, stack_index: int, n: int | None = None) -> int:
        n = len(self.stack) if n is None else n  # type: ignore[arg-type]
        return n - 1 - stack_index

    # The stack reports changes after making them, so row insertions/removals cannot be
    # announced beforehand as Qt requires: a reset is exact and cheap for a layer list.
    def _inserted(self, index: int, layer: "Layer") -> None:
        self._reset()

    def _removed(self, index: int, layer: "Layer") -> None:
        self._reset()

    def _moved(self, src: int, dst: int, layer: "Layer") -> None:
        self._reset()

    def _changed(self, index: int, old: "Layer", new: "Layer") -> None:
        i = self.index(self._row(index))
        self.dataChanged.emit(i, i)

    def _reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    # ------------------------------------------------------------------ the model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.stack is None else len(self.stack)

    def layer_at(self, row: int) -> "Layer":
        assert self.stack is not None
        return self.stack[self._row(row)]

    def row_of(self, layer_id: str) -> int:
        assert self.stack is not None
        return self._row(self.stack.index_of(layer_id))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.stack is None:
            return None
        layer = self.layer_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            title, detail = describe(layer)
            return f"{title}\n{detail}" if detail else title
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if layer.enabled else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{layer.operation.description}\n{layer.summary()}"
        if role == LayerRole:
            return layer
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid():
            enabled = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
            layer = self.layer_at(index.row())
            if enabled != layer.enabled:
                self.toggle_requested.emit(layer.id, enabled)
            return True
        return False

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled

    # ------------------------------------------------------------------ drag to reorder
    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        data = QMimeData()
        if indexes:
            data.setData(MIME, QByteArray(str(indexes[0].row()).encode()))
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                     parent: Index) -> bool:
        if not data.hasFormat(MIME) or self.stack is None:
            return False
        src_row = int(bytes(data.data(MIME).data()).decode())
        n = len(self.stack)
        dst_row = n if row < 0 else row
        if parent.isValid():
            dst_row = parent.row()
        if dst_row > src_row:
            dst_row -= 1  # the dragged row leaves its place first
        dst_row = max(0, min(dst_row, n - 1))
        if dst_row != src_row:
            self.move_requested.emit(self._row(src_row), self._row(dst_row))
        return False  # the move happens through the undo stack, not by Qt removing rows
