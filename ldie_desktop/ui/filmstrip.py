"""The filmstrip: the photos of the open photo's folder as thumbnails along the bottom of the
window, as Lightroom's and darktable's. A click opens one (its edits were saved as they were
made, so moving between photos loses nothing); an edited photo's thumbnail shows its edits and
a badge.

Qt model/view: :class:`FilmstripModel` lists the folder and hands out thumbnails, made on demand
(only those the view shows ask) by one :class:`ThumbnailThread`, newest request first, and kept
in a bounded cache; :class:`Filmstrip` is the view.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from PySide6.QtCore import (QAbstractListModel, QFileSystemWatcher, QModelIndex, QPersistentModelIndex, QSize, Qt,
                            QThread, Signal)
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView


Index = QModelIndex | QPersistentModelIndex
PathRole = Qt.ItemDataRole.UserRole + 1
LayersRole = Qt.ItemDataRole.UserRole + 2  # how many saved layers (-1: not known yet)
ErrorRole = Qt.ItemDataRole.UserRole + 3  # why the photo cannot be read ("" when it can)

#: The long side of a thumbnail, in pixels.
THUMB_SIDE = 160
#: Thumbnails kept in memory (about 100 KB each): far more than a strip shows at once.
CACHE_SIZE = 400


def photos_in(folder: str | Path) -> list[Path]:
    """The photos of ``folder`` (by suffix, any case; hidden files left out), in the order a
    person counts them: "IMG_2" before "IMG_10"."""
    def key(p: Path) -> tuple[list[Any], str]:  # the name, then its suffix: "a.jpg" before "a2.jpg"
        return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", p.stem.casefold())], p.suffix.casefold()

    from ..io import READ_SUFFIXES  # here: the window's module loads without OpenCV and torch

    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    found = [p for p in entries if p.suffix.lower() in READ_SUFFIXES and not p.name.startswith(".") and p.is_file()]
    return sorted(found, key=key)


class ThumbnailThread(QThread):
    """Makes thumbnails one at a time, the newest request first (what the strip shows now,
    after a fast scroll, comes before what scrolled past). ``made(path, image, layers,
    problem)``; ``unreadable(path, message)`` for a photo that cannot be read."""

    made = Signal(str, QImage, int, str)
    unreadable = Signal(str, str)

    def __init__(self, side: int = THUMB_SIDE) -> None:
        super().__init__()
        self.setObjectName("thumbnails")
        self.side = side
        #: The render used for a photo's saved edits (the app's renderer, once loaded); None:
        #: photos without their edits.
        self.renderer: Any = None
        self._cond = threading.Condition()
        self._queue: list[str] = []
        self._stop = False

    def request(self, path: str) -> None:
        with self._cond:
            if path in self._queue:
                self._queue.remove(path)
            self._queue.append(path)
            self._cond.notify()

    def forget(self) -> None:
        """Drop every waiting request (another folder is shown)."""
        with self._cond:
            self._queue.clear()

    def stop(self) -> None:
        with self._cond:
            self._stop = True
            self._queue.clear()
            self._cond.notify()
        self.wait()

    def run(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._stop:
                    self._cond.wait()
                if self._stop:
                    return
                path = self._queue.pop()
            # imported at the first request, not as the window comes up (torch takes seconds)
            from ..io import ImageReadError
            from ..render.thumbnail import make_thumbnail
            from .session import to_qimage

            try:
                thumb = make_thumbnail(path, self.side, self.renderer)
            except ImageReadError as exc:
                self.unreadable.emit(path, str(exc))
                continue
            except Exception as exc:  # noqa: BLE001 - a thumbnail must never take the app down
                self.unreadable.emit(path, f"{Path(path).name}: {exc}".splitlines()[0])
                continue
            self.made.emit(path, to_qimage(thumb.rgb, thumb.alpha), thumb.layers, thumb.problem)


def _box(side: int) -> QSize:
    """The box every thumbnail is fitted into (3:2), so names line up along the strip."""
    return QSize(side, side * 2 // 3)


def _badge(image: QImage, layers: int, box: QSize) -> QPixmap:
    """``image`` fitted into the middle of a ``box`` of its own (so every name sits at the same
    height), with an edited photo's badge: a round mark in the picture's top right."""
    if image.width() > box.width() or image.height() > box.height():
        image = image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    pixmap = QPixmap(box)
    pixmap.fill(Qt.GlobalColor.transparent)
    x, y = (box.width() - image.width()) // 2, (box.height() - image.height()) // 2
    p = QPainter(pixmap)
    p.drawImage(x, y, image)
    if layers > 0:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = max(5, min(image.width(), image.height()) // 12)
        p.setPen(QPen(QColor(30, 30, 30), 1.5))
        p.setBrush(QColor(240, 190, 60))
        p.drawEllipse(x + image.width() - 2 * r - 3, y + 3, 2 * r, 2 * r)
    p.end()
    return pixmap


def _placeholder(side: int, broken: bool) -> QPixmap:
    pixmap = QPixmap(_box(side))
    pixmap.fill(QColor(60, 60, 60))
    if broken:  # a red cross: this file is not a photo we can read
        p = QPainter(pixmap)
        p.setPen(QPen(QColor(200, 70, 70), 3))
        w, h = pixmap.width(), pixmap.height()
        p.drawLine(w // 3, h // 3, 2 * w // 3, 2 * h // 3)
        p.drawLine(2 * w // 3, h // 3, w // 3, 2 * h // 3)
        p.end()
    return pixmap


class FilmstripModel(QAbstractListModel):
    """The photos of one folder. Thumbnails are asked for when the view first wants them and
    kept (up to :data:`CACHE_SIZE`); :meth:`refresh` makes one again (its edits changed). The
    folder is watched: photos added, removed or renamed there show up."""

    folder_changed = Signal()

    def __init__(self, loader: ThumbnailThread, side: int = THUMB_SIDE) -> None:
        super().__init__()
        self.loader = loader
        self.side = side
        self.folder: Path | None = None
        self.paths: list[Path] = []
        self._rows: dict[str, int] = {}
        self._thumbs: OrderedDict[str, QPixmap] = OrderedDict()
        self._layers: dict[str, int] = {}
        self._problems: dict[str, str] = {}
        self._errors: dict[str, str] = {}
        self._asked: set[str] = set()
        self._blank = _placeholder(side, False)
        self._broken = _placeholder(side, True)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _: self.rescan())
        loader.made.connect(self._made)
        loader.unreadable.connect(self.mark_unreadable)

    # ------------------------------------------------------------------ the folder
    def show_folder(self, folder: str | Path) -> None:
        """List ``folder`` (nothing happens when it is already the one shown)."""
        folder = Path(folder)
        if self.folder is not None and folder.resolve() == self.folder.resolve():
            return
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self.loader.forget()
        self.beginResetModel()
        self.folder = folder
        self.paths = photos_in(folder)
        self._index()
        for cache in (self._thumbs, self._layers, self._problems, self._errors):
            cache.clear()
        self._asked.clear()
        self.endResetModel()
        self._watcher.addPath(str(folder))
        self.folder_changed.emit()

    def rescan(self) -> None:
        """List the folder again, keeping the thumbnails made (a file came or went)."""
        if self.folder is None:
            return
        paths = photos_in(self.folder)
        if paths == self.paths:
            return
        self.beginResetModel()
        self.paths = paths
        self._index()
        self.endResetModel()
        self.folder_changed.emit()

    def _index(self) -> None:
        self._rows = {str(p): i for i, p in enumerate(self.paths)}

    def row_of(self, path: str | Path) -> int:
        """The row of the photo ``path`` (-1 when it is not listed)."""
        row = self._rows.get(str(path), -1)
        if row < 0 and self.folder is not None:  # the same file named another way
            target = Path(path).resolve()
            row = next((i for i, p in enumerate(self.paths) if p.resolve() == target), -1)
        return row

    def refresh(self, path: str | Path) -> None:
        """Make the thumbnail of ``path`` again (its saved edits changed); the old one shows
        until the new one comes."""
        row = self.row_of(path)
        if row < 0:
            return
        key = str(self.paths[row])
        self._errors.pop(key, None)
        self.loader.request(key)
        self._asked.add(key)

    def is_unreadable(self, row: int) -> bool:
        return str(self.paths[row]) in self._errors

    def mark_unreadable(self, path: str, message: str) -> None:
        """``path`` cannot be read (said by the thumbnail maker, or by an open that failed)."""
        row = self.row_of(path)
        if row < 0:
            return
        key = str(self.paths[row])
        self._errors[key] = message
        self._thumbs.pop(key, None)
        self._changed(key)

    def _made(self, path: str, image: QImage, layers: int, problem: str) -> None:
        if path not in self._rows:  # from a folder shown before
            return
        self._thumbs[path] = _badge(image, layers, _box(self.side))
        self._thumbs.move_to_end(path)
        while len(self._thumbs) > CACHE_SIZE:
            old, _ = self._thumbs.popitem(last=False)
            self._asked.discard(old)  # scrolled back to, it is made again
        self._layers[path] = layers
        self._problems[path] = problem
        self._errors.pop(path, None)
        self._changed(path)

    def _changed(self, path: str) -> None:
        row = self._rows.get(path, -1)
        if row >= 0:
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
                                             LayersRole, ErrorRole])

    # ------------------------------------------------------------------ Qt's model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.paths)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.paths):
            return None
        path = self.paths[index.row()]
        key = str(path)
        if role == Qt.ItemDataRole.DisplayRole:
            return path.name
        if role == Qt.ItemDataRole.DecorationRole:
            if key in self._errors:
                return self._broken
            thumb = self._thumbs.get(key)
            if thumb is None and key not in self._asked:
                self._asked.add(key)
                self.loader.request(key)
            return thumb if thumb is not None else self._blank
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in self._errors:
                return self._errors[key]
            n = self._layers.get(key)
            lines = [path.name]
            if n:
                lines.append(f"edited: {n} layer{'s' * (n != 1)}")
            if self._problems.get(key):
                lines.append(f"its edits cannot be shown: {self._problems[key]}")
            return "\n".join(lines)
        if role == PathRole:
            return key
        if role == LayersRole:
            return self._layers.get(key, -1)
        if role == ErrorRole:
            return self._errors.get(key, "")
        return None


class Filmstrip(QListView):
    """A row of thumbnails. A plain click (or Enter) on one asks to open it:
    ``open_requested(path)``; Ctrl and Shift clicks only select."""

    open_requested = Signal(str)

    def __init__(self, model: FilmstripModel) -> None:
        super().__init__()
        self.setModel(model)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        box = _box(model.side)
        self.setIconSize(box)
        self.setGridSize(QSize(box.width() + 14, box.height() + 10 + self.fontMetrics().height() + 8))
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFixedHeight(self.gridSize().height() + self.horizontalScrollBar().sizeHint().height()
                            + 2 * self.frameWidth() + 4)
        self.clicked.connect(self._clicked)
        self.activated.connect(lambda idx: self._open(idx))

    def sizeHint(self) -> QSize:  # noqa: N802 - as wide as the window lets it be, never wider
        return QSize(400, self.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(120, self.height())

    def _clicked(self, index: QModelIndex) -> None:
        mods = QGuiApplication.keyboardModifiers()
        if not mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
            self._open(index)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(index.data(PathRole))

    def show_current(self, path: str | Path) -> None:
        """Select the photo ``path`` alone and scroll it into view."""
        model: FilmstripModel = self.model()  # type: ignore[assignment]
        row = model.row_of(path)
        if row < 0:
            self.clearSelection()
            return
        idx = model.index(row)
        self.selectionModel().setCurrentIndex(idx, self.selectionModel().SelectionFlag.ClearAndSelect)
        self.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)

    def selected_paths(self) -> list[str]:
        return [i.data(PathRole) for i in sorted(self.selectedIndexes(), key=lambda i: i.row())]


def neighbour(model: FilmstripModel, current: str | Path, step: int) -> str | None:
    """The photo ``step`` (+1 next, -1 previous) from ``current`` in the strip, passing over
    photos known to be unreadable; None at either end."""
    row = model.row_of(current)
    if row < 0:
        return None
    row += step
    while 0 <= row < model.rowCount() and model.is_unreadable(row):
        row += step
    return str(model.paths[row]) if 0 <= row < model.rowCount() else None


__all__: list[str] = ["Filmstrip", "FilmstripModel", "ThumbnailThread", "neighbour", "photos_in"]
