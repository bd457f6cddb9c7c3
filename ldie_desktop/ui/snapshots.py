"""The Snapshots panel (Lightroom's Snapshots, darktable's): named versions of a photo's edits
kept aside ("Colour", "Black and white"), each one click from the stack again.

A thin view over ``Session.snapshots``: New keeps the edits as they are now under a name,
a double-click (or Apply) makes them the edits again as one undo step, Update keeps the edits as
they are now in the selected snapshot, a double-click on the name (or F2, Rename) renames it,
Delete takes it away (after asking), Export all writes the photo once for each (as Lightroom exports
virtual copies). They are saved with the photo's history in its edit file.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QMenu, QPushButton, QVBoxLayout, QWidget


class SnapshotsPanel(QWidget):
    """Signals carry the snapshot's index: ``apply_requested``, ``update_requested``,
    ``delete_requested``, ``rename_requested(index, name)``; ``new_requested()``."""

    new_requested = Signal()
    apply_requested = Signal(int)
    update_requested = Signal(int)
    delete_requested = Signal(int)
    rename_requested = Signal(int, str)
    export_requested = Signal()  # every snapshot exported, one file each

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        self.list = QListWidget()
        self.list.setToolTip("Named versions of this photo's edits: double-click one to go back to it "
                             "(one undo step); F2 renames it")
        self.list.itemActivated.connect(lambda item: self.apply_requested.emit(self.list.row(item)))
        self.list.itemChanged.connect(self._renamed)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.setEditTriggers(QListWidget.EditTrigger.EditKeyPressed | QListWidget.EditTrigger.SelectedClicked)
        lay.addWidget(self.list)
        row = QHBoxLayout()
        self.new_button = QPushButton("New")
        self.new_button.setToolTip("Keep the edits as they are now under a name (Ctrl+Alt+N)")
        self.new_button.clicked.connect(self.new_requested.emit)
        self.apply_button = QPushButton("Apply")
        self.apply_button.setToolTip("Make the selected snapshot's edits the photo's edits again (one undo step)")
        self.apply_button.clicked.connect(lambda: self._selected(self.apply_requested))
        self.update_button = QPushButton("Update")
        self.update_button.setToolTip("Keep the edits as they are now in the selected snapshot")
        self.update_button.clicked.connect(lambda: self._selected(self.update_requested))
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(lambda: self._selected(self.delete_requested))
        for b in (self.new_button, self.apply_button, self.update_button, self.delete_button):
            row.addWidget(b)
        lay.addLayout(row)
        self.export_button = QPushButton("Export all...")
        self.export_button.setToolTip("Export the photo once for each snapshot (IMG_0001-Colour.jpg, "
                                      "IMG_0001-Mono.jpg), as Lightroom exports virtual copies")
        self.export_button.clicked.connect(self.export_requested.emit)
        lay.addWidget(self.export_button)
        self._filling = False
        self.set_snapshots([])

    def set_snapshots(self, snapshots: list[tuple[str, Any]]) -> None:
        """Show ``snapshots`` ((name, layers) pairs), keeping the selection where it can."""
        row = self.list.currentRow()
        self._filling = True
        self.list.clear()
        for name, layers in snapshots:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            n = len(layers)
            item.setToolTip(f"{name}: {n} layer{'s' * (n != 1)}" + (f" ({', '.join(l.operation.label for l in layers)})"
                                                                      if n else ""))
            self.list.addItem(item)
        self._filling = False
        if snapshots:
            self.list.setCurrentRow(min(max(row, 0), len(snapshots) - 1))
        for b in (self.apply_button, self.update_button, self.delete_button, self.export_button):
            b.setEnabled(bool(snapshots))

    def _selected(self, signal: Any) -> None:
        row = self.list.currentRow()
        if row >= 0:
            signal.emit(row)

    def _renamed(self, item: QListWidgetItem) -> None:
        if not self._filling:
            self.rename_requested.emit(self.list.row(item), item.text())

    def _menu(self, pos: Any) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        row = self.list.row(item)
        menu = QMenu(self)
        menu.addAction("Apply", lambda: self.apply_requested.emit(row))
        menu.addAction("Update with the current edits", lambda: self.update_requested.emit(row))
        menu.addAction("Rename", lambda: self.list.editItem(item))
        menu.addAction("Delete", lambda: self.delete_requested.emit(row))
        menu.exec(self.list.viewport().mapToGlobal(pos))
