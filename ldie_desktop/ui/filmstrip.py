"""The filmstrip: the photos of the open photo's folder as thumbnails along the bottom of the
window, as Lightroom's and darktable's. A click opens one (its edits were saved as they were
made, so moving between photos loses nothing); an edited photo's thumbnail shows its edits and
a badge.

Qt model/view: :class:`FilmstripModel` lists the folder and hands out thumbnails, made on demand
(only those the view shows ask) by one :class:`ThumbnailThread`, newest request first, and kept
in a bounded cache; :class:`Filmstrip` is the view.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from PySide6.QtCore import (QAbstractListModel, QFileSystemWatcher, QModelIndex, QPersistentModelIndex, QPointF, QRectF,
                            QSize, Qt, QThread, Signal)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QKeyEvent, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyledItemDelegate, QStyleOptionViewItem


Index = QModelIndex | QPersistentModelIndex
PathRole = Qt.ItemDataRole.UserRole + 1
LayersRole = Qt.ItemDataRole.UserRole + 2  # how many saved layers (-1: not known yet)
ErrorRole = Qt.ItemDataRole.UserRole + 3  # why the photo cannot be read ("" when it can)
RatingRole = Qt.ItemDataRole.UserRole + 4  # 0-5 stars
FlagRole = Qt.ItemDataRole.UserRole + 5  # "pick", "reject" or ""

#: The long side of a thumbnail, in pixels.
THUMB_SIDE = 160
#: Thumbnails kept in memory (about 100 KB each): far more than a strip shows at once.
CACHE_SIZE = 400


#: The camera's own pictures a raw is shot with (RAW+JPEG, or an iPhone's ProRAW with its HEIC).
TWIN_SUFFIXES = (".jpg", ".jpeg", ".heic", ".heif")


def raw_twins(paths: list[Path]) -> dict[Path, Path]:
    """The JPEG (or HEIC) the camera wrote beside each raw of ``paths``, by the raw: the same
    name but the suffix, any case ("IMG_0001.CR2" and "IMG_0001.JPG")."""
    from ..io.raw import RAW_SUFFIXES

    raws = {(p.parent, p.stem.casefold()): p for p in paths if p.suffix.lower() in RAW_SUFFIXES}
    return {raws[(p.parent, p.stem.casefold())]: p for p in paths
            if p.suffix.lower() in TWIN_SUFFIXES and (p.parent, p.stem.casefold()) in raws}


def photos_in(folder: str | Path, pairs: bool = True) -> list[Path]:
    """The photos of ``folder`` (by suffix, any case; hidden files left out), in the order a
    person counts them: "IMG_2" before "IMG_10". With ``pairs``, a JPEG (or HEIC) the camera shot
    beside a raw of the same name is left out, as Lightroom shows RAW+JPEG as one photo: the raw,
    which the edits are for."""
    def key(p: Path) -> tuple[list[Any], str]:  # the name, then its suffix: "a.jpg" before "a2.jpg"
        return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", p.stem.casefold())], p.suffix.casefold()

    from ..io import READ_SUFFIXES  # here: the window's module loads without OpenCV and torch

    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    found = [p for p in entries if p.suffix.lower() in READ_SUFFIXES and not p.name.startswith(".") and p.is_file()]
    if pairs:
        twins = set(raw_twins(found).values())
        found = [p for p in found if p not in twins]
    return sorted(found, key=key)


def _listed(folder: Path) -> tuple[list[Path], dict[Path, Path]]:
    """The photos of ``folder`` a strip shows, and the JPEGs shot with its raws."""
    every = photos_in(folder, pairs=False)
    twins = raw_twins(every)
    paired = set(twins.values())
    return [p for p in every if p not in paired], twins


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


def _star(cx: float, cy: float, r: float) -> QPolygonF:
    """A five-pointed star of outer radius ``r`` round ``(cx, cy)``."""
    points = []
    for i in range(10):
        a = math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.45
        points.append(QPointF(cx + rr * math.cos(a), cy - rr * math.sin(a)))
    return QPolygonF(points)


def _badge(image: QImage, layers: int, box: QSize, stars: int = 0, flag: str = "") -> QPixmap:
    """``image`` fitted into the middle of a ``box`` of its own (so every name sits at the same
    height), with an edited photo's badge (a round mark in the picture's top right), its stars
    along the bottom, a pick's white flag in the top left, and a reject dimmed and crossed."""
    if image.width() > box.width() or image.height() > box.height():
        image = image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    pixmap = QPixmap(box)
    pixmap.fill(Qt.GlobalColor.transparent)
    x, y = (box.width() - image.width()) // 2, (box.height() - image.height()) // 2
    iw, ih = image.width(), image.height()
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    if flag == "reject":
        p.setOpacity(0.35)
    p.drawImage(x, y, image)
    p.setOpacity(1.0)
    r = max(5, min(iw, ih) // 12)
    if layers > 0:
        p.setPen(QPen(QColor(30, 30, 30), 1.5))
        p.setBrush(QColor(240, 190, 60))
        p.drawEllipse(x + iw - 2 * r - 3, y + 3, 2 * r, 2 * r)
    if stars:
        sr = max(4.0, r * 0.9)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 150))
        p.drawRoundedRect(QRectF(x + 2, y + ih - 2 * sr - 5, stars * 2.2 * sr + 4, 2 * sr + 3), 3, 3)
        p.setPen(QPen(QColor(40, 40, 40), 0.8))
        p.setBrush(QColor(255, 215, 80))
        for i in range(stars):
            p.drawPolygon(_star(x + 4 + sr * 1.1 + i * 2.2 * sr, y + ih - sr - 3.5, sr))
    if flag == "pick":
        p.setPen(QPen(QColor(30, 30, 30), 1.5))
        p.setBrush(QColor(255, 255, 255))
        fx, fy = x + 5, y + 4
        p.drawPolygon(QPolygonF([QPointF(fx, fy), QPointF(fx + 2.2 * r, fy + 0.7 * r), QPointF(fx, fy + 1.4 * r)]))
        p.drawLine(QPointF(fx, fy), QPointF(fx, fy + 2.6 * r))
    if flag == "reject":
        p.setPen(QPen(QColor(210, 60, 60), 3))
        p.drawLine(x + 6, y + 6, x + 6 + 2 * r, y + 6 + 2 * r)
        p.drawLine(x + 6 + 2 * r, y + 6, x + 6, y + 6 + 2 * r)
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
    """The photos of one folder, as the filter lets through (every photo, the picked, the not
    rejected, so many stars and up), with their ratings and flags (``.ldie-marks.json`` in the
    folder). Thumbnails are asked for when the view first wants them and kept (up to
    :data:`CACHE_SIZE`); :meth:`refresh` makes one again (its edits changed). The folder is
    watched: photos added, removed or renamed there show up."""

    folder_changed = Signal()

    def __init__(self, loader: ThumbnailThread, side: int = THUMB_SIDE) -> None:
        super().__init__()
        self.loader = loader
        self.side = side
        self.folder: Path | None = None
        self.all_paths: list[Path] = []  # every photo of the folder
        self.twins: dict[Path, Path] = {}  # the JPEG shot with each raw (left out of the rows)
        self.paths: list[Path] = []  # those the filter shows: the rows
        self.filter = "all"
        self.marks: Any = None  # document.marks.Marks of the folder
        self.marks_problem = ""  # why the folder's marks file could not be read
        self._rows: dict[str, int] = {}  # shown photos' rows
        self._known: set[str] = set()  # every photo of the folder, shown or not
        self._images: OrderedDict[str, QImage] = OrderedDict()  # thumbnails as made
        self._thumbs: dict[str, QPixmap] = {}  # as shown: with the edited mark, stars and flag
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
        from ..document.marks import Marks, MarksError, load_marks

        folder = Path(folder)
        if self.folder is not None and folder.resolve() == self.folder.resolve():
            return
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self.loader.forget()
        self.beginResetModel()
        self.folder = folder
        try:
            self.marks, self.marks_problem = load_marks(folder), ""
        except MarksError as exc:
            self.marks, self.marks_problem = Marks(), str(exc)
        self.all_paths, self.twins = _listed(folder)
        self._filtered()
        for cache in (self._images, self._thumbs, self._layers, self._problems, self._errors):
            cache.clear()
        self._asked.clear()
        self.endResetModel()
        self._watcher.addPath(str(folder))
        self.folder_changed.emit()

    def rescan(self) -> None:
        """List the folder again, keeping the thumbnails made (a file came or went)."""
        if self.folder is None:
            return
        paths, twins = _listed(self.folder)
        if paths == self.all_paths and twins == self.twins:
            return
        self.all_paths, self.twins = paths, twins
        self._refilter()

    def set_filter(self, kind: str) -> None:
        """Show only the photos that pass ``kind`` (:data:`~ldie_desktop.document.marks.FILTERS`)."""
        from ..document.marks import FILTERS

        if kind not in FILTERS:
            raise ValueError(f"unknown filter {kind!r}")
        if kind != self.filter:
            self.filter = kind
            self._refilter()

    def _filtered(self) -> None:
        self.paths = [p for p in self.all_paths if self.marks is None or self.marks.shows(p.name, self.filter)]
        self._rows = {str(p): i for i, p in enumerate(self.paths)}
        self._known = {str(p) for p in self.all_paths}

    def _refilter(self) -> None:
        before = self.paths
        self._filtered()
        if self.paths != before:
            self.beginResetModel()
            self.endResetModel()
            self.folder_changed.emit()

    def row_of(self, path: str | Path) -> int:
        """The row of the photo ``path`` (-1 when it is not listed)."""
        row = self._rows.get(str(path), -1)
        if row < 0 and self.folder is not None:  # the same file named another way
            target = Path(path).resolve()
            row = next((i for i, p in enumerate(self.paths) if p.resolve() == target), -1)
        return row

    def neighbour(self, current: str | Path, step: int) -> str | None:
        """The photo ``step`` (+1 next, -1 previous) from ``current`` among those the strip
        shows, passing over photos known to be unreadable; None at either end. ``current`` need
        not be shown (the filter hides it): the order is the folder's."""
        order = [str(p) for p in self.all_paths]
        here = str(current)
        if here not in order:
            target = Path(current).resolve()
            here = next((p for p in order if Path(p).resolve() == target), "")
        if not here:  # a raw's JPEG opened by itself: it stands where its raw does
            here = next((str(raw) for raw, twin in self.twins.items() if twin.resolve() == Path(current).resolve()), "")
        if not here:
            return None
        i = order.index(here) + step
        while 0 <= i < len(order) and (order[i] not in self._rows or order[i] in self._errors):
            i += step
        return order[i] if 0 <= i < len(order) else None

    # ------------------------------------------------------------------ ratings and flags
    def set_marks(self, paths: list[str], rating: int | None = None, flag: str | None = None) -> str:
        """Rate (0-5 stars) and/or flag ("pick", "reject", "" for none) the photos ``paths``
        and save the folder's marks; "" or why they could not be saved (then nothing changes)."""
        from ..document.marks import save_marks

        if self.folder is None or self.marks is None or not paths:
            return ""
        names = [Path(p).name for p in paths]
        before = (dict(self.marks.ratings), dict(self.marks.flags))
        for name in names:
            if rating is not None:
                self.marks.set_rating(name, rating)
            if flag is not None:
                self.marks.set_flag(name, flag)
        try:
            save_marks(self.folder, self.marks)
        except OSError as exc:
            self.marks.ratings, self.marks.flags = before
            return f"Could not save the ratings in {self.folder}: {exc.strerror or exc}"
        self.marks_problem = ""
        for p in paths:
            key = str(self.folder / Path(p).name)
            self._thumbs.pop(key, None)
            self._changed(key)
        self._refilter()
        return ""

    def rating(self, path: str | Path) -> int:
        return self.marks.rating(Path(path).name) if self.marks is not None else 0

    def flag(self, path: str | Path) -> str:
        return self.marks.flag(Path(path).name) if self.marks is not None else ""

    # ------------------------------------------------------------------ thumbnails
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

    def mark_unreadable(self, path: str, message: str) -> None:
        """``path`` cannot be read (said by the thumbnail maker, or by an open that failed)."""
        row = self.row_of(path)
        if row < 0:
            return
        key = str(self.paths[row])
        self._errors[key] = message
        self._images.pop(key, None)
        self._thumbs.pop(key, None)
        self._changed(key)

    def _made(self, path: str, image: QImage, layers: int, problem: str) -> None:
        if path not in self._known:  # from a folder shown before
            return
        self._images[path] = image
        self._images.move_to_end(path)
        self._thumbs.pop(path, None)
        while len(self._images) > CACHE_SIZE:
            old, _ = self._images.popitem(last=False)
            self._thumbs.pop(old, None)
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
                                             LayersRole, ErrorRole, RatingRole, FlagRole])

    def _decorated(self, key: str) -> QPixmap | None:
        thumb = self._thumbs.get(key)
        if thumb is None and key in self._images:
            name = Path(key).name
            thumb = _badge(self._images[key], self._layers.get(key, 0), _box(self.side),
                           self.marks.rating(name) if self.marks else 0, self.marks.flag(name) if self.marks else "")
            self._thumbs[key] = thumb
        return thumb

    # ------------------------------------------------------------------ Qt's model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.paths)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.paths):
            return None
        path = self.paths[index.row()]
        key = str(path)
        if role == Qt.ItemDataRole.DisplayRole:
            twin = self.twins.get(path)
            return f"{path.name} + {twin.suffix[1:].upper()}" if twin is not None else path.name
        if role == Qt.ItemDataRole.DecorationRole:
            if key in self._errors:
                return self._broken
            thumb = self._decorated(key)
            if thumb is None and key not in self._asked:
                self._asked.add(key)
                self.loader.request(key)
            return thumb if thumb is not None else self._blank
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in self._errors:
                return self._errors[key]
            n = self._layers.get(key)
            lines = [path.name]
            if path in self.twins:
                lines.append(f"with {self.twins[path].name} (RAW+JPEG: one photo, the edits go to the raw)")
            stars, flag = self.rating(path), self.flag(path)
            if stars or flag:
                lines.append(" ".join(part for part in (f"{stars} star{'s' * (stars != 1)}" if stars else "",
                                                        {"pick": "picked", "reject": "rejected"}.get(flag, "")) if part))
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
        if role == RatingRole:
            return self.rating(path)
        if role == FlagRole:
            return self.flag(path)
        return None


class _TrueColours(QStyledItemDelegate):
    """The selected thumbnails keep their colours: the style would tint a selected item's
    picture with the selection colour (a red looked mauve), where an editor marks it by the
    highlight around it."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            icon = QIcon()
            for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
                icon.addPixmap(pixmap, mode)
            option.icon = icon


class Filmstrip(QListView):
    """A row of thumbnails. A plain click (or Enter, or Left / Right to a neighbour) asks to
    open one: ``open_requested(path)``; Ctrl and Shift clicks only select."""

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
        self.setItemDelegate(_TrueColours(self))
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

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Left / Right (Home / End) move to the neighbouring photo and open it, as in
        Lightroom's filmstrip; Shift with them extends the selection without opening."""
        super().keyPressEvent(event)
        keys = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End)
        if event.key() in keys and not event.modifiers() & (Qt.KeyboardModifier.ShiftModifier
                                                            | Qt.KeyboardModifier.ControlModifier):
            self._open(self.currentIndex())

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


__all__: list[str] = ["Filmstrip", "FilmstripModel", "ThumbnailThread", "photos_in"]
