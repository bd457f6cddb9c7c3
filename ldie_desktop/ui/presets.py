"""Dialogs of the Presets menu and Copy some edits: choose the photo's layers to keep (as a
named preset, or on the clipboard), and rename or delete presets. The presets themselves are :mod:`ldie_desktop.document.presets`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QFileDialog, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from .layer_model import place_text

if TYPE_CHECKING:
    from ..document import Layer
    from ..document.presets import PresetLibrary


def ask_yes(parent: QWidget, title: str, text: str) -> bool:
    """A yes/no question (tests replace it)."""
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


class ChooseLayersDialog(QDialog):
    """The photo's layers, each ticked to keep (Lightroom's Copy Settings): a mask made from words
    ("the sky") is found again in each photo they go to; a painted one would land by position,
    so its layer starts unticked, as Lightroom leaves such masks out. With ``ask_name``, a name
    too (Save edits as preset)."""

    def __init__(self, parent: QWidget | None, layers: Sequence["Layer"], title: str, ok_text: str,
                 ask_name: bool = False, name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 380)
        self._layers = list(layers)
        lay = QVBoxLayout(self)
        self.name = QLineEdit(name)
        if ask_name:
            lay.addWidget(QLabel("Preset name:"))
            self.name.setPlaceholderText("e.g. Warm evening")
            lay.addWidget(self.name)
        lay.addWidget(QLabel("Layers to keep:"))
        self.list = QListWidget()
        for layer in self._layers:
            text = f"{layer.operation.label}  {' '.join(layer.param_texts())}"
            painted = layer.mask is not None and not layer.place
            if painted:
                text += "  (its painted mask lands by position on another photo)"
            elif layer.mask is not None:
                text += f"  (on {place_text(layer.place)}, found in each photo)"
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if painted else Qt.CheckState.Checked)
            self.list.addItem(item)
        lay.addWidget(self.list)
        row = QHBoxLayout()
        for text, on in (("All", True), ("None", False)):
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, on=on: self._tick_all(on))
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._needs_name = ask_name
        self.name.textChanged.connect(self._update)
        self.list.itemChanged.connect(self._update)
        self._update()

    def chosen(self) -> list["Layer"]:
        return [l for i, l in enumerate(self._layers) if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def _tick_all(self, on: bool) -> None:
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.chosen()) and (not self._needs_name or bool(self.name.text().strip())))


class ManagePresetsDialog(QDialog):
    """The presets by name, to rename or delete; ``changed`` is called after each change."""

    def __init__(self, parent: QWidget | None, library: "PresetLibrary", changed: Callable[[], None],
                 ask: Callable[[QWidget, str, str], bool] = ask_yes,
                 open_file: Callable[[QWidget], str] | None = None,
                 save_file: Callable[[QWidget, str], str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Presets")
        self.resize(480, 340)
        self.library, self.changed, self.ask = library, changed, ask
        self.open_file = open_file or (lambda w: QFileDialog.getOpenFileName(
            w, "Import preset", "", "Edit files (*.ldie.json *.json)")[0])
        self.save_file = save_file or (lambda w, name: QFileDialog.getSaveFileName(
            w, "Export preset", f"{name}.ldie.json", "Edit files (*.ldie.json)")[0])
        lay = QVBoxLayout(self)
        self.where = QLabel(f"In {library.folder}")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.where)
        self.list = QListWidget()
        lay.addWidget(self.list)
        row = QHBoxLayout()
        self.rename_button = QPushButton("Rename...")
        self.delete_button = QPushButton("Delete")
        self.rename_button.clicked.connect(lambda: self.rename())
        self.delete_button.clicked.connect(self.delete)
        self.import_button = QPushButton("Import...")
        self.import_button.setToolTip("Add a preset from an edit file (one someone exported, or any photo's .ldie.json)")
        self.export_button = QPushButton("Export...")
        self.export_button.setToolTip("Write the preset to a file to share it")
        self.import_button.clicked.connect(lambda: self.import_preset())
        self.export_button.clicked.connect(lambda: self.export_preset())
        row.addWidget(self.rename_button)
        row.addWidget(self.delete_button)
        row.addWidget(self.import_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row.addWidget(close)
        lay.addLayout(row)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        self.list.currentRowChanged.connect(lambda _: self._update())
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for p in self.library.presets():
            item = QListWidgetItem(f"{p.name}  ({len(p.layers)} layer{'s' * (len(p.layers) != 1)})")
            item.setData(Qt.ItemDataRole.UserRole, p.name)
            item.setToolTip(", ".join(l.operation.label for l in p.layers))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.error.setText(" ".join(self.library.problems))
        self._update()

    def current(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def import_preset(self, path: str | None = None) -> None:
        """A preset from an edit file; one of the same name is replaced only if the user says so."""
        from ..document.presets import PresetError

        path = path if path is not None else self.open_file(self)
        if not path:
            return
        try:
            preset = self.library.import_file(path)
        except PresetError as exc:
            if "exists already" not in str(exc):
                self.error.setText(_sentence(str(exc)))
                return
            if not self.ask(self, "Import preset", f"{_sentence(str(exc))} Replace it?"):
                return
            try:
                preset = self.library.import_file(path, overwrite=True)
            except PresetError as again:
                self.error.setText(_sentence(str(again)))
                return
        self.refresh()
        self._choose(preset.name)
        self.error.setText(f"Imported \"{preset.name}\".")
        self.changed()

    def export_preset(self, path: str | None = None) -> None:
        """The chosen preset written to a file (asked for; an existing file is replaced only if
        the user says so)."""
        from ..document.presets import PresetError

        name = self.current()
        if name is None:
            return
        from pathlib import Path

        asked = path is None  # the save dialog asks before replacing a file
        path = path if path is not None else self.save_file(self, name)
        if not path:
            return
        overwrite = asked
        if not asked and Path(path).exists():
            if not self.ask(self, "Export preset", f"{path} exists already. Replace it?"):
                return
            overwrite = True
        try:
            out = self.library.export(name, path, overwrite=overwrite)
        except PresetError as exc:
            self.error.setText(_sentence(str(exc)))
            return
        self.error.setText(f"Wrote {out}.")

    def _choose(self, name: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentRow(i)

    def _update(self) -> None:
        for b in (self.rename_button, self.delete_button, self.export_button):
            b.setEnabled(self.current() is not None)

    def rename(self, new: str | None = None) -> None:
        from ..document.presets import PresetError

        name = self.current()
        if name is None:
            return
        if new is None:
            new, ok = QInputDialog.getText(self, "Rename preset", "New name:", text=name)
            if not ok:
                return
        try:
            self.library.rename(name, new)
        except PresetError as exc:
            self.error.setText(_sentence(str(exc)))
            return
        self.refresh()
        self.changed()

    def delete(self) -> None:
        from ..document.presets import PresetError

        name = self.current()
        if name is None or not self.ask(self, "Delete preset", f"Delete the preset \"{name}\"? This cannot be undone."):
            return
        try:
            self.library.delete(name)
        except PresetError as exc:
            self.error.setText(_sentence(str(exc)))
            return
        self.refresh()
        self.changed()


def _sentence(text: str) -> str:
    """A library's message as a sentence for the dialog."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
