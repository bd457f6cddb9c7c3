"""The main window: canvas, request box, layers, parameter editor, history, status bar.

The window is up before torch and the model are: the core and the planner load on worker
threads and the window enables what they power when they arrive. Nothing heavy runs on the
GUI thread: opening, planning, previews and exports are all worker tasks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping

from PySide6.QtCore import QByteArray, QRectF, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QImage, QImageReader, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDockWidget, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QListView, QMainWindow, QMenu, QProgressBar, QPushButton, QScrollArea, QSpinBox,
    QToolButton, QUndoView, QVBoxLayout, QWidget,
)

from . import crop_frame
from .canvas import Canvas
from .filmstrip import Filmstrip, FilmstripModel, ThumbnailThread, photos_in
from .histogram_view import HistogramView
from .layer_model import LayerListModel
from .param_editor import ParamEditor, ParamSlider
from .workers import RenderThread, Task

# io.READ_SUFFIXES, spelled out: this module loads without OpenCV (a test holds them equal)
RAW_SUFFIXES = (".dng", ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".raf", ".orf", ".rw2",
                ".rwl", ".pef", ".srw", ".x3f", ".3fr", ".fff", ".iiq", ".erf", ".mrw", ".mef", ".mos", ".kdc", ".dcr")
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".tif", ".tiff", ".webp", ".bmp", ".heic", ".heif", ".hif",
                  ".avif", ".gif") + RAW_SUFFIXES
PHOTO_FILTER = ";;".join((
    "Photos and camera raw (" + " ".join("*" + s for s in PHOTO_SUFFIXES) + ")",
    "Camera raw (" + " ".join("*" + s for s in RAW_SUFFIXES) + ")",
    "All files (*)",
))
EXPORT_FILTERS = "JPEG (*.jpg);;PNG (*.png);;TIFF (*.tif);;WebP (*.webp)"
EXAMPLES = (
    "brighten it a little",
    "make it warmer and more vivid",
    "more contrast and sharper",
    "make it black and white",
    "it looks too dark and dull, fix it",
    "blur the background",
    "remove the person on the left",
    "darken the corners",
    "make the sky bluer",
    "remove the noise",
    "rotate it 90 degrees clockwise",
    "crop it to 16:9",
    "give it a vintage look",
    "a cinematic teal and orange grade",
    "add a subtle vignette and some film grain",
    "smooth her skin",
    "exposure +1",
    "make the blues deeper and desaturate the greens",
    "recover the highlights and lift the shadows",
    "remove the haze and add some clarity",
    "brighten it but leave the sky alone",
    "make it warmer but don't touch the saturation",
    "make her suit blue",
    "remove the purple fringing",
    "hide her face",
    "whiten her teeth",
)
#: Follow-ups to offer after them: they change what the last request did, or keep it.
FOLLOW_UPS = ("a bit more", "less", "only on the background", "not on her face", "remove the vignette", "undo",
              "save this as a preset called My look")
MAX_RECENT = 8


class RequestBox(QLineEdit):
    """The request line: Enter submits; Up/Down recall earlier requests."""

    submitted = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.history: list[str] = []
        self._pos = 0
        self.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        text = self.text().strip()
        if text and (not self.history or self.history[-1] != text):
            self.history.append(text)
        self._pos = len(self.history)
        self.submitted.emit(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Up and self.history:
            self._pos = max(0, self._pos - 1)
            self.setText(self.history[self._pos])
            return
        if event.key() == Qt.Key.Key_Down and self.history:
            self._pos = min(len(self.history), self._pos + 1)
            self.setText(self.history[self._pos] if self._pos < len(self.history) else "")
            return
        super().keyPressEvent(event)


def _export_words(asked: Mapping[str, Any]) -> str:
    """What a request said of the exported file, in words ("1080 px wide, quality 80, PNG")."""
    parts = []
    if asked.get("scale"):
        parts.append(f"{round(float(asked['scale']) * 100)} % of the size")
    elif asked.get("long_side"):
        side = {"width": "wide", "height": "tall"}.get(str(asked.get("side")), "on the long side")
        parts.append(f"{asked['long_side']} px {side}")
    if asked.get("quality"):
        parts.append(f"quality {asked['quality']}")
    if asked.get("format"):
        parts.append(str(asked["format"]).upper())
    return ", ".join(parts) or "as last time"


class ExportDialog(QDialog):
    """Quality, and resize to fit (the longer side at most so many pixels, as for the web)."""

    #: The formats an export of many photos can be written in (None: each photo's own).
    FORMATS = (("Same as each photo", None), ("JPEG", "jpg"), ("PNG", "png"), ("TIFF", "tif"), ("WebP", "webp"))
    METADATA = (("All", "all"), ("All but location", "no_location"), ("Copyright only", "copyright"))

    def __init__(self, parent: QWidget, quality: int, resize: bool = False, long_side: int = 2048,
                 size: QSize | None = None, many: bool = False, fmt: str | None = None,
                 suffix: str = "-edited", srgb: bool = False, metadata: str = "all", sharpen: str = "none",
                 watermark: str = "", watermark_place: str = "bottom right", artist: str = "",
                 copyright: str = "") -> None:  # noqa: A002
        super().__init__(parent)
        self.setWindowTitle("Export")
        form = QFormLayout(self)
        self.format = QComboBox()
        self.suffix = QLineEdit(suffix)
        if many:  # Lightroom's export of a selection: the format and the file names too
            for text, value in self.FORMATS:
                self.format.addItem(text, value)
            self.format.setCurrentIndex(max(0, self.format.findData(fmt)))
            self.format.setItemData(0, "Each photo's own format; a camera raw, HEIC or AVIF (which cannot be "
                                       "written) as JPEG, a BMP as PNG", Qt.ItemDataRole.ToolTipRole)
            form.addRow("Format", self.format)
            self.suffix.setToolTip("Added to each photo's name: IMG_0001-edited.jpg (empty: the same name, in "
                                   "another folder or format)")
            form.addRow("Name suffix", self.suffix)
        self.quality = QSpinBox()
        self.quality.setRange(1, 100)
        self.quality.setValue(quality)
        form.addRow("JPEG / WebP quality", self.quality)
        self.resize_box = QCheckBox("Resize to fit")
        self.resize_box.setChecked(resize)
        self.long_side = QSpinBox()
        self.long_side.setRange(16, 65535)
        self.long_side.setSuffix(" px long side")
        self.long_side.setValue(long_side)
        self.long_side.setEnabled(resize)
        self.resize_box.toggled.connect(self.long_side.setEnabled)
        form.addRow(self.resize_box, self.long_side)
        self.srgb_box = QCheckBox("Convert to sRGB (for the web)")
        self.srgb_box.setChecked(srgb)
        self.srgb_box.setToolTip("A photo in a wider colour space (an iPhone's Display P3, Adobe RGB) is converted to "
                                 "sRGB, so it looks right where its profile is ignored or stripped, as on many web sites; "
                                 "off: it keeps its own profile")
        form.addRow("Colour space", self.srgb_box)
        self.metadata = QComboBox()  # Lightroom's export Metadata
        for text, value in self.METADATA:
            self.metadata.addItem(text, value)
        self.metadata.setCurrentIndex(max(0, self.metadata.findData(metadata)))
        self.metadata.setToolTip("The photo's EXIF the export keeps: camera, lens, date, exposure and where it was "
                                 "taken; all but the location (GPS), for sharing; or only the artist and copyright")
        form.addRow("Metadata", self.metadata)
        self.sharpen = QComboBox()  # Lightroom's Output Sharpening: Sharpen for Screen
        for text, value in (("None", "none"), ("Low", "low"), ("Standard", "standard"), ("High", "high")):
            self.sharpen.addItem(text, value)
        self.sharpen.setCurrentIndex(max(0, self.sharpen.findData(sharpen)))
        self.sharpen.setToolTip("Sharpen for a screen at the size written: a resized photo looks as crisp as the "
                                "original")
        form.addRow("Sharpen for screen", self.sharpen)
        from ..render.export import WATERMARK_PLACES

        self.watermark = QLineEdit(watermark)
        self.watermark.setPlaceholderText("none; e.g. (c) 2026 Your Name")
        self.watermark.setMinimumWidth(220)
        self.watermark.setToolTip("A line of text drawn on the export, white with a soft edge")
        self.watermark_place = QComboBox()
        self.watermark_place.addItems(list(WATERMARK_PLACES))
        self.watermark_place.setCurrentText(watermark_place)
        row = QHBoxLayout()
        row.addWidget(self.watermark, 1)
        row.addWidget(self.watermark_place)
        form.addRow("Watermark", row)
        self.artist = QLineEdit(artist)
        self.artist.setPlaceholderText("the photo's own; e.g. Jane Doe")
        self.artist.setToolTip("Written as the export's EXIF Artist (who made it)")
        form.addRow("Artist", self.artist)
        self.copyright = QLineEdit(copyright)
        self.copyright.setPlaceholderText("the photo's own; e.g. (c) 2026 Jane Doe, all rights reserved")
        self.copyright.setToolTip("Written as the export's EXIF Copyright")
        form.addRow("Copyright", self.copyright)
        self.size_note = QLabel()
        self._size = size
        for sig in (self.resize_box.toggled, self.long_side.valueChanged):
            sig.connect(self._update_note)
        self._update_note()
        form.addRow("Size", self.size_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def output(self) -> dict[str, Any]:
        """What the export does besides its size and quality, as ``export_photo``'s arguments."""
        return {"srgb": self.srgb_box.isChecked(), "metadata": self.metadata.currentData(),
                "sharpen": self.sharpen.currentData(), "watermark": self.watermark.text().strip(),
                "watermark_place": self.watermark_place.currentText(), "artist": self.artist.text().strip(),
                "copyright": self.copyright.text().strip()}

    def chosen_long_side(self) -> int | None:
        return self.long_side.value() if self.resize_box.isChecked() else None

    def _update_note(self) -> None:
        if self._size is None or self._size.isEmpty():
            self.size_note.setText("full resolution")
            return
        from ..render.export import fitted_size  # the size the export will write

        h, w = self._size.height(), self._size.width()
        side = self.chosen_long_side()
        if side is not None:
            h, w = fitted_size((h, w), side)
        self.size_note.setText(f"{w} x {h} px")


class MainWindow(QMainWindow):
    core_ready = Signal()
    planner_ready = Signal()
    photo_opened = Signal(str)
    plan_finished = Signal(str)  # the message shown (empty when layers arrived with none)
    mask_selected = Signal(str)  # a mask made from words arrived: its message ("" when none; or why not)
    plan_step = Signal(str)  # a slow step of planning, in words, as it starts (from the worker)
    export_finished = Signal(str)  # the path, or "" when cancelled/failed
    merge_finished = Signal(str)  # the merged photo's path, or "" when cancelled/failed
    notified = Signal(str)

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings("LDIE", "LDIE Desktop")
        self.setWindowTitle("LDIE Desktop")
        self.setAcceptDrops(True)
        self.core: dict[str, Any] | None = None
        self.planner: Any = None
        self.session: Any = None
        self.tasks: set[Task] = set()
        self.plan_task: Task | None = None
        self.export_task: Task | None = None
        self.sync_task: Task | None = None
        self._open_path = ""  # the photo open now, as a worker may read it (a sync leaves it alone)
        self._marks_told: Any = None  # the folder whose unreadable marks file was said
        self.pending_open: str | None = None
        self.open_task: Task | None = None  # the photo being read: a newer open cancels it
        self._picked_sources: tuple[Any, list] = (None, [])  # a spot layer's place -> its spots' sources
        self.render_thread = RenderThread()
        self.render_thread.start()
        self.detail_thread = RenderThread()  # full-resolution windows for magnified views
        self.detail_thread.start()
        self.thumbnails = ThumbnailThread()
        self.thumbnails.start(ThumbnailThread.Priority.LowPriority)
        self.detail_timer = QTimer(self)
        self.detail_timer.setSingleShot(True)
        self.detail_timer.setInterval(120)
        self.detail_timer.timeout.connect(self._request_detail)
        self._mask_overlay = False
        #: The last request that made layers, and their ids: what "more" and "less" change.
        self._last_request: tuple[str, list[str]] = ("", [])
        from .presets import ask_yes

        self.ask: Callable[[QWidget, str, str], bool] = ask_yes  # a yes/no question (tests answer it)
        self._brush: tuple[str, int] = ("", 30)
        self._fringe_pick: str | None = None  # the defringe layer whose fringe colour the next click picks
        self._stroke_mask: Any = None
        self._spot_radius = 0.0  # the spot removal tool's size (preview pixels), set when first used
        self._build()
        self._restore_settings()
        self.request.setFocus()

    # ================================================================== building
    def _build(self) -> None:
        central = QWidget()
        v = QVBoxLayout(central)
        v.setContentsMargins(6, 6, 6, 0)
        bar = QHBoxLayout()
        self.request = RequestBox()
        self.request.setPlaceholderText("The language model is loading... open a photo meanwhile (Ctrl+O or drop it here)")
        self.request.submitted.connect(self.submit_request)
        self.auto = QPushButton("Auto")
        self.auto.setToolTip("Auto enhance: levels, midtones and colour measured on the photo, as layers to adjust")
        self.auto.clicked.connect(lambda: self.submit_request("auto enhance"))
        self.examples = QToolButton()
        self.examples.setText("Examples")
        self.examples.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.examples)
        for text in EXAMPLES:
            menu.addAction(text, lambda t=text: (self.request.setText(t), self.request.setFocus()))
        menu.addSeparator()
        menu.addAction("After a request:").setEnabled(False)
        for text in FOLLOW_UPS:
            menu.addAction(text, lambda t=text: (self.request.setText(t), self.request.setFocus()))
        self.examples.setMenu(menu)
        self.go = QPushButton("Edit")
        self.go.clicked.connect(lambda: self.request.returnPressed.emit())
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(90)
        self.busy.hide()
        self.cancel_plan = QPushButton("Cancel")
        self.cancel_plan.hide()
        self.cancel_plan.clicked.connect(self.cancel_request)
        for w, stretch in ((self.request, 1), (self.examples, 0), (self.go, 0), (self.auto, 0), (self.busy, 0),
                           (self.cancel_plan, 0)):
            bar.addWidget(w, stretch)
        v.addLayout(bar)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("QLabel { background: #4a4320; color: #f3e9b5; padding: 5px; border-radius: 3px; }")
        self.notice.hide()
        v.addWidget(self.notice)
        v.addWidget(self._build_crop_bar())
        self.canvas = Canvas()
        self.canvas.zoom_changed.connect(lambda z: self.zoom_label.setText(f"{z:.0%}"))
        self.canvas.stroke.connect(self._on_stroke)
        self.canvas.stroke_finished.connect(self._on_stroke_finished)
        self.canvas.shape_dragged.connect(self._on_shape)
        self.canvas.handle_dragged.connect(self._on_handle)
        self.canvas.handle_turned.connect(self._on_handle_turned)
        self.canvas.picked.connect(self._on_picked)
        self.canvas.pick_cancelled.connect(self._cancel_picking)
        self.canvas.view_changed.connect(self.detail_timer.start)
        self.canvas.crop_finished.connect(self.finish_crop)
        self.canvas.crop_turned.connect(self._crop_turned)
        self.canvas.spot_made.connect(self.add_spot)
        self.canvas.spot_removed.connect(self.remove_spot)
        self.canvas.spot_source_moved.connect(self.move_spot_source)
        self.canvas.spot_resized.connect(self._spot_resized)
        self.canvas.spot_tool_left.connect(lambda: self.act_spot_tool.setChecked(False))
        v.addWidget(self.canvas, 1)
        self.setCentralWidget(central)

        # layers dock: list + buttons + parameter editor
        self.layer_model = LayerListModel()
        self.layer_model.toggle_requested.connect(self._toggle_layer)
        self.layer_model.move_requested.connect(lambda s, d: self.session and self.session.move_layer(s, d))
        self.layer_view = QListView()
        self.layer_view.setModel(self.layer_model)
        # after setModel: the view clears its selection on a reset first, then this restores it
        self.layer_model.modelReset.connect(self._restore_selection)
        self.layer_view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.layer_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.layer_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.layer_view.setAlternatingRowColors(True)
        self.layer_view.setSpacing(1)
        self.layer_view.selectionModel().currentChanged.connect(lambda *_: self._on_selection())
        self.layer_view.doubleClicked.connect(self._layer_double_clicked)
        self._selected_id: str | None = None
        buttons = QHBoxLayout()
        self.add_button = QToolButton()
        self.add_button.setText("Add")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_menu = QMenu("Add layer", self)
        self.add_button.setMenu(self.add_menu)
        buttons.addWidget(self.add_button)
        self.act_duplicate = QAction("Duplicate", self, shortcut=QKeySequence("Ctrl+J"), triggered=self.duplicate_layer)
        self.act_delete = QAction("Delete", self, shortcut=QKeySequence.StandardKey.Delete, triggered=self.delete_layer)
        self.act_reset = QAction("Reset", self, triggered=self.reset_layer)
        self.act_crop = QAction("Crop", self, shortcut=QKeySequence("C"), triggered=self.start_crop,
                                toolTip="Crop on the photo: drag the frame or its handles (C)")
        for act in (self.act_duplicate, self.act_delete, self.act_reset, self.act_crop):
            b = QToolButton()
            b.setDefaultAction(act)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.editor = ParamEditor()
        self.editor.param_edited.connect(self._param_edited)
        self.editor.params_edited.connect(self._params_edited)
        self.editor.opacity_edited.connect(self._opacity_edited)
        self.editor.mask_action.connect(self._mask_action)
        self.editor.show_mask_toggled.connect(self._show_mask)
        self.editor.brush_changed.connect(self._brush_changed)
        self.editor.radial_feather.valueChanged.connect(self._feather_changed)
        self.editor.crop_requested.connect(self.start_crop)
        self.editor.upright_requested.connect(self.upright)
        self.editor.lens_profile_requested.connect(self.lens_profile)
        self.editor.fringe_pick_requested.connect(self.start_fringe_pick)
        self.editor.spot_tool_requested.connect(lambda on: self.act_spot_tool.setChecked(on))
        self.editor.spot_size_changed.connect(lambda r: self._spot_resized(float(r)))
        self.editor.dust_requested.connect(self.find_dust)
        scroll = QScrollArea()
        scroll.setWidget(self.editor)
        scroll.setWidgetResizable(True)
        self.editor_scroll = scroll
        panel = QWidget()
        pv = QVBoxLayout(panel)
        pv.setContentsMargins(2, 2, 2, 2)
        pv.addLayout(buttons)
        pv.addWidget(self.layer_view, 2)
        pv.addWidget(scroll, 3)
        panel.setMinimumWidth(360)
        self.layers_dock = QDockWidget("Layers", self)
        self.layers_dock.setObjectName("layers")
        self.layers_dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.layers_dock)

        self.histogram_view = HistogramView()
        self.histogram_dock = QDockWidget("Histogram", self)
        self.histogram_dock.setObjectName("histogram")
        self.histogram_dock.setWidget(self.histogram_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.histogram_dock)
        self.splitDockWidget(self.histogram_dock, self.layers_dock, Qt.Orientation.Vertical)

        self.history_view = QUndoView()
        self.history_view.setEmptyLabel("Original")
        self.history_view.setWordWrap(True)  # a long request reads whole, not cut at the panel's edge
        self.history_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history_dock = QDockWidget("History", self)
        self.history_dock.setObjectName("history")
        self.history_dock.setWidget(self.history_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history_dock)
        from .snapshots import SnapshotsPanel

        self.snapshots_panel = SnapshotsPanel()
        self.snapshots_panel.new_requested.connect(lambda: self.take_snapshot())
        self.snapshots_panel.apply_requested.connect(self.apply_snapshot)
        self.snapshots_panel.update_requested.connect(self.update_snapshot)
        self.snapshots_panel.delete_requested.connect(self.delete_snapshot)
        self.snapshots_panel.rename_requested.connect(self.rename_snapshot)
        self.snapshots_panel.export_requested.connect(self.export_snapshots_dialog)
        self.snapshots_dock = QDockWidget("Snapshots", self)
        self.snapshots_dock.setObjectName("snapshots")
        self.snapshots_dock.setWidget(self.snapshots_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.snapshots_dock)
        self.tabifyDockWidget(self.history_dock, self.snapshots_dock)
        self.history_dock.raise_()

        self.filmstrip_model = FilmstripModel(self.thumbnails)
        self.filmstrip = Filmstrip(self.filmstrip_model)
        self.filmstrip.open_requested.connect(self._open_from_strip)
        self.filmstrip_model.folder_changed.connect(self._strip_folder_changed)
        self.filmstrip_dock = QDockWidget("Filmstrip", self)
        self.filmstrip_dock.setObjectName("filmstrip")
        strip = QWidget()
        sv = QVBoxLayout(strip)
        sv.setContentsMargins(2, 0, 2, 0)
        sv.setSpacing(2)
        row = QHBoxLayout()
        row.addWidget(QLabel("Show"))
        self.strip_filter = QComboBox()
        for kind, text in self.FILTER_TEXT.items():
            self.strip_filter.addItem(text, kind)
        self.strip_filter.setToolTip("Which photos the filmstrip shows (and Next / Previous moves between): rate with "
                                     "0-5, flag with P (pick), X (reject), U (none)")
        self.strip_filter.activated.connect(lambda i: self.set_strip_filter(self.strip_filter.itemData(i)))
        row.addWidget(self.strip_filter)
        self.strip_count = QLabel()
        row.addWidget(self.strip_count)
        row.addStretch(1)
        sv.addLayout(row)
        sv.addWidget(self.filmstrip)
        self.filmstrip_dock.setWidget(strip)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.filmstrip_dock)

        sb = self.statusBar()
        self.plan_step.connect(lambda text: self.statusBar().showMessage(text) if self.plan_task is not None else None)
        self.device_label = QLabel("device: ...")
        self.model_label = QLabel("model: loading")
        self.size_label = QLabel("")
        self.zoom_label = QLabel("")
        self.render_label = QLabel("")
        self.export_progress = QProgressBar()
        self.export_progress.setMaximumWidth(160)
        self.export_progress.hide()
        self.cancel_export_button = QPushButton("Cancel export")
        self.cancel_export_button.hide()
        self.cancel_export_button.clicked.connect(self.cancel_export)
        for w in (self.device_label, self.model_label, self.size_label, self.zoom_label, self.render_label):
            sb.addPermanentWidget(w)
        sb.addWidget(self.export_progress)
        sb.addWidget(self.cancel_export_button)
        self.open_progress = QProgressBar()  # a photo being read (a raw takes seconds)
        self.open_progress.setMaximumWidth(120)
        self.open_progress.setFormat("opening")
        self.open_progress.hide()
        self.cancel_open_button = QPushButton("Cancel opening")
        self.cancel_open_button.setToolTip("Stop reading this photo; the one open now stays open")
        self.cancel_open_button.hide()
        self.cancel_open_button.clicked.connect(self.cancel_open)
        sb.addWidget(self.open_progress)
        sb.addWidget(self.cancel_open_button)
        self.sync_progress = QProgressBar()
        self.sync_progress.setMaximumWidth(160)
        self.sync_progress.setFormat("sync %v of %m")
        self.sync_progress.hide()
        self.cancel_sync_button = QPushButton("Cancel sync")
        self.cancel_sync_button.hide()
        self.cancel_sync_button.clicked.connect(lambda: self.sync_task and self.sync_task.cancel())
        sb.addWidget(self.sync_progress)
        sb.addWidget(self.cancel_sync_button)
        self._build_menus()
        self._set_enabled()

    def _build_menus(self) -> None:
        mb = self.menuBar()
        f = mb.addMenu("&File")
        f.addAction(QAction("&Open...", self, shortcut=QKeySequence.StandardKey.Open, triggered=self.open_dialog))
        f.addAction(QAction("Open &folder...", self, shortcut=QKeySequence("Ctrl+Shift+O"), triggered=self.open_folder_dialog,
                            toolTip="Open the first photo of a folder; the filmstrip shows them all"))
        self.recent_menu = f.addMenu("Open &Recent")
        self.act_next_photo = QAction("&Next photo", self, triggered=lambda: self.step_photo(1),
                                      toolTip="The next photo of the folder in the filmstrip (its edits kept)")
        self.act_next_photo.setShortcuts([QKeySequence("Ctrl+Right"), QKeySequence("PgDown")])
        self.act_previous_photo = QAction("&Previous photo", self, triggered=lambda: self.step_photo(-1),
                                          toolTip="The previous photo of the folder in the filmstrip")
        self.act_previous_photo.setShortcuts([QKeySequence("Ctrl+Left"), QKeySequence("PgUp")])
        f.addSeparator()
        self.act_save = QAction("&Save edits", self, shortcut=QKeySequence.StandardKey.Save, triggered=self.save_edits)
        self.act_export = QAction("&Export...", self, shortcut=QKeySequence("Ctrl+E"), triggered=lambda: self.export_dialog())
        self.act_export_selected = QAction("Export se&lected photos...", self, shortcut=QKeySequence("Ctrl+Shift+E"),
                                           triggered=self.export_selected_dialog,
                                           toolTip="Export the photos selected in the filmstrip, each with its own edits")
        f.addAction(self.act_save)
        f.addAction(self.act_export)
        f.addAction(self.act_export_selected)
        f.addSeparator()
        f.addAction(QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close))
        e = mb.addMenu("&Edit")
        self.act_undo = QAction("&Undo", self, shortcut=QKeySequence.StandardKey.Undo, triggered=self.undo)
        self.act_redo = QAction("&Redo", self, shortcut=QKeySequence.StandardKey.Redo, triggered=self.redo)
        e.addAction(self.act_undo)
        e.addAction(self.act_redo)
        e.addSeparator()
        self.act_copy_edits = QAction("&Copy edits", self, shortcut=QKeySequence("Ctrl+Shift+C"), triggered=self.copy_edits,
                                      toolTip="Copy every layer of this photo, to paste onto another")
        self.act_paste_edits = QAction("&Paste edits", self, shortcut=QKeySequence("Ctrl+Shift+V"),
                                       triggered=self.paste_edits, toolTip="Add the copied layers on top of this photo's")
        self.act_copy_layer = QAction("Copy &selected layer", self, shortcut=QKeySequence("Ctrl+Alt+C"),
                                      triggered=lambda: self.copy_edits(only_selected=True),
                                      toolTip="Copy the selected layer alone, to paste onto another photo")
        self.act_copy_some = QAction("Copy &some edits...", self, shortcut=QKeySequence("Ctrl+Alt+Shift+C"),
                                     triggered=lambda: self.copy_some_edits(),
                                     toolTip="Choose the layers to copy, to paste onto another photo")
        e.addAction(self.act_copy_edits)
        e.addAction(self.act_copy_some)
        e.addAction(self.act_copy_layer)
        e.addAction(self.act_paste_edits)
        self.act_sync = QAction("S&ync edits to selected photos...", self, shortcut=QKeySequence("Ctrl+Shift+S"),
                                triggered=self.sync_dialog,
                                toolTip="Put this photo's layers (those you tick) on the photos selected in the filmstrip")
        e.addAction(self.act_sync)
        self.filmstrip.addAction(self.act_sync)
        self.filmstrip.addAction(self.act_export_selected)
        self.filmstrip.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.act_clear = QAction("Remove &all layers", self, shortcut=QKeySequence("Ctrl+Shift+R"),
                                 triggered=self.remove_all_layers, toolTip="Back to the original photo (one undo step)")
        e.addAction(self.act_clear)
        self.act_snapshot = QAction("New &snapshot", self, shortcut=QKeySequence("Ctrl+Alt+N"),
                                    triggered=lambda: self.take_snapshot(),
                                    toolTip="Keep the edits as they are now under a name (the Snapshots panel)")
        e.addAction(self.act_snapshot)
        v = mb.addMenu("&View")
        v.addAction(QAction("&Fit", self, shortcut=QKeySequence("Ctrl+0"), triggered=self.canvas.fit))
        v.addAction(QAction("&100 %", self, shortcut=QKeySequence("Ctrl+1"), triggered=self.canvas.actual_size))
        v.addAction(QAction("Zoom &in", self, shortcut=QKeySequence.StandardKey.ZoomIn,
                            triggered=lambda: self.canvas.zoom_by(1.25)))
        v.addAction(QAction("Zoom &out", self, shortcut=QKeySequence.StandardKey.ZoomOut,
                            triggered=lambda: self.canvas.zoom_by(0.8)))
        self.act_split = QAction("&Before/after split", self, shortcut=QKeySequence("Y"), checkable=True,
                                 triggered=self._toggle_split)
        v.addAction(self.act_split)
        v.addAction(QAction("Hold \\ to see the original", self, enabled=False))
        self.act_show_mask = QAction("Show &mask", self, shortcut=QKeySequence("O"), checkable=True,
                                     triggered=self._o_pressed)
        v.addAction(self.act_show_mask)
        self.act_clipping = QAction("Show &clipping", self, shortcut=QKeySequence("J"), checkable=True,
                                    triggered=self._toggle_clipping)
        self.act_clipping.setToolTip("Pure white shows red, pure black blue: what the highlights, whites and blacks "
                                     "sliders have clipped")
        v.addAction(self.act_clipping)
        self.act_visualize = QAction("&Visualize spots", self, shortcut=QKeySequence("Shift+Q"), checkable=True,
                                     toggled=self._toggle_visualize)
        self.act_visualize.setToolTip("The picture's local contrast, white on black: dust spots on a sky or a wall "
                                      "stand out as white dots (Lightroom's Visualize Spots)")
        v.addAction(self.act_visualize)
        screen = v.addMenu("&Display profile")
        screen.setToolTipsVisible(True)
        self.act_screen_srgb = screen.addAction("&sRGB (no profile)", lambda: self.set_screen_profile(None))
        self.act_screen_srgb.setToolTip("Take the screen to be sRGB, as most are (the default)")
        self.act_screen_file = screen.addAction("From an ICC &file...", self.choose_screen_profile)
        self.act_screen_file.setToolTip("The profile of a wide-gamut screen (Display P3, Adobe RGB), made by its "
                                        "maker or a calibrator: every photo is shown converted to it")
        for act in (self.act_screen_srgb, self.act_screen_file):
            act.setCheckable(True)
        self.act_screen_srgb.setChecked(True)
        self.histogram_view.clicked.connect(self.act_clipping.trigger)  # Lightroom's clipping triangles
        v.addSeparator()
        v.addAction(self.histogram_dock.toggleViewAction())
        v.addAction(self.layers_dock.toggleViewAction())
        v.addAction(self.history_dock.toggleViewAction())
        v.addAction(self.snapshots_dock.toggleViewAction())
        strip = self.filmstrip_dock.toggleViewAction()
        strip.setShortcut(QKeySequence("F6"))  # Lightroom's key for the filmstrip
        strip.triggered.connect(lambda on: self.settings.setValue("filmstrip", bool(on)))
        v.addAction(strip)
        self.layer_menu = mb.addMenu("&Layer")
        self.layer_menu.addMenu(self.add_menu)
        for act in (self.act_duplicate, self.act_delete, self.act_reset, self.act_crop):
            self.layer_menu.addAction(act)
        self.act_select_mask = QAction("Select mask by &words...", self, shortcut=QKeySequence("M"),
                                       triggered=self.focus_mask_select,
                                       toolTip="Make the selected layer's mask from words: the sky, the man on the left")
        self.layer_menu.addAction(self.act_select_mask)
        self.act_pick_white = QAction("&White balance picker", self, shortcut=QKeySequence("W"), checkable=True,
                                      triggered=self._toggle_picker,
                                      toolTip="Click a surface that should be grey or white (a wall, a road, a "
                                              "cloud): the colour curves make it neutral (Esc cancels)")
        self.layer_menu.addAction(self.act_pick_white)
        self.act_spot_tool = QAction("&Spot removal", self, shortcut=QKeySequence("Q"), checkable=True,
                                     toolTip="Heal spots: click a spot (dust, a blemish), drag along a scratch; "
                                             "Alt+click a spot to take it away; [ ] size; Esc when done")
        self.act_spot_tool.toggled.connect(self._toggle_spot_tool)
        self.layer_menu.addAction(self.act_spot_tool)
        self.presets_menu = mb.addMenu("&Presets")
        self.act_save_preset = QAction("&Save edits as preset...", self, shortcut=QKeySequence("Ctrl+Alt+S"),
                                       triggered=lambda: self.save_preset_dialog(),
                                       toolTip="Keep this photo's layers (the ones you tick) under a name, for any photo")
        # filled as it opens (reading the presets loads the document core, which the first paint
        # must not wait for); the window holds the action so its shortcut works before that
        self.presets_menu.aboutToShow.connect(self._update_presets_menu)
        self.presets_menu.hovered.connect(self._preset_hovered)  # a preview of the preset under the pointer
        self.presets_menu.aboutToHide.connect(self._stop_trying)
        self._menu_presets: dict = {}
        self._hovered: str | None = None  # the preset under the pointer in the Presets menu
        self._hover_task: Task | None = None  # finding its masks' places in this photo
        self._hover_found: dict[str, tuple] = {}  # preset name -> (session, layers, found), while the menu is open
        self.presets_menu.addAction(self.act_save_preset)
        self.addAction(self.act_save_preset)
        self._build_photo_menu(mb.addMenu("P&hoto"))
        h = mb.addMenu("&Help")
        h.addAction(QAction("&What can I ask?", self, shortcut=QKeySequence.StandardKey.HelpContents,
                            triggered=self.show_help))
        h.addAction(QAction("&Keyboard and mouse", self, triggered=self.show_shortcuts))
        h.addAction(QAction("&About LDIE Desktop", self, triggered=self.show_about))
        self._update_recent_menu()

    # ================================================================== help
    #: What the canvas and the request box do without a menu entry.
    GESTURES: tuple[tuple[str, str], ...] = (
        ("Wheel", "zoom around the pointer"),
        ("Drag (or middle drag)", "move around a zoomed photo"),
        ("Double-click", "fit / 100 %"),
        ("Hold \\", "see the original"),
        ("Up / Down in the request box", "earlier requests"),
        ("Crop tool: drag an edge, a corner or inside", "move the frame; Shift keeps its shape"),
        ("Crop tool: Enter or a double-click inside / Esc", "apply / cancel"),
        ("Crop tool: drag outside the frame", "straighten (a fine grid shows while turning)"),
        ("'more', 'less', 'only on the sky', 'not on her face', 'undo', 'remove the vignette'",
         "typed follow-ups to the last request"),
        ("Mask > Select (M): 'the sky', 'the man on the left', 'the shadows'", "a layer's mask from words"),
        ("Mask > Gradient / Radial: drag on the photo", "a graduated or radial mask, joined by the Select mode "
                                                         "(Esc lets go; its pins move it afterwards)"),
        ("White balance picker (W): click a grey surface", "make its colour neutral"),
        ("Spot removal (Q): click a spot / drag along a scratch", "heal it from what is round it"),
        ("Spot removal: Alt+click a spot; [ and ]; Esc", "take it away; smaller / bigger; done"),
        ("'save this as a preset called Golden', 'apply my golden preset'", "presets, in words"),
    )

    #: The filmstrip's filters, as its Show box and the Photo menu say them.
    FILTER_TEXT = {"all": "All photos", "picked": "Picked", "unrejected": "Not rejected", "1": "1 star and up",
                   "2": "2 stars and up", "3": "3 stars and up", "4": "4 stars and up", "5": "5 stars"}

    def _build_photo_menu(self, menu: QMenu) -> None:
        """Moving through the folder, and marking its keepers as Lightroom does: 0-5 stars, P pick,
        X reject, U no flag, for the photos selected in the filmstrip (the open one if none)."""
        menu.addAction(self.act_next_photo)
        menu.addAction(self.act_previous_photo)
        menu.addSeparator()
        self.act_rate = []
        for n in range(6):
            act = QAction(f"&{n} {'stars' if n != 1 else 'star'}" if n else "&0 No stars", self,
                          shortcut=QKeySequence(str(n)), triggered=lambda _=False, n=n: self.mark_photos(rating=n))
            self.act_rate.append(act)
            menu.addAction(act)
        menu.addSeparator()
        self.act_pick = QAction("&Pick", self, shortcut=QKeySequence("P"), triggered=lambda: self.mark_photos(flag="pick"))
        self.act_reject = QAction("Re&ject", self, shortcut=QKeySequence("X"),
                                  triggered=lambda: self.mark_photos(flag="reject"))
        self.act_unflag = QAction("&Unflag", self, shortcut=QKeySequence("U"), triggered=lambda: self.mark_photos(flag=""))
        for act in (self.act_pick, self.act_reject, self.act_unflag):
            menu.addAction(act)
        menu.addSeparator()
        self.act_merge_hdr = QAction("Merge to &HDR", self, shortcut=QKeySequence("Ctrl+H"),
                                     triggered=lambda: self.merge_selected("hdr"),
                                     toolTip="A bracketed series selected in the filmstrip, aligned and fused into one "
                                             "photo with the shadows of the bright shot and the highlights of the dark one")
        self.act_merge_pano = QAction("Merge to &panorama", self, shortcut=QKeySequence("Ctrl+M"),
                                      triggered=lambda: self.merge_selected("panorama"),
                                      toolTip="Overlapping photos selected in the filmstrip, stitched into one and "
                                              "cropped to no empty corners")
        menu.addAction(self.act_merge_hdr)
        menu.addAction(self.act_merge_pano)
        self.filmstrip.addAction(self.act_merge_hdr)
        self.filmstrip.addAction(self.act_merge_pano)
        menu.addSeparator()
        show = menu.addMenu("&Show in the filmstrip")
        self.filter_group = QActionGroup(self)
        for kind, text in self.FILTER_TEXT.items():
            act = show.addAction(text, lambda k=kind: self.set_strip_filter(k))
            act.setCheckable(True)
            act.setChecked(kind == "all")
            act.setData(kind)
            self.filter_group.addAction(act)

    def mark_photos(self, rating: int | None = None, flag: str | None = None) -> None:
        """Rate and/or flag the photos selected in the filmstrip (the open one if none)."""
        if self.session is None:
            return
        paths = self.filmstrip.selected_paths() or [str(self.session.path)]
        problem = self.filmstrip_model.set_marks(paths, rating, flag)
        if problem:
            self.notify(problem)
            return
        what = (f"{rating} star{'s' * (rating != 1)}" if rating else "no stars") if rating is not None else \
            {"pick": "picked", "reject": "rejected", "": "unflagged"}[flag or ""]
        who = Path(paths[0]).name if len(paths) == 1 else f"{len(paths)} photos"
        self.statusBar().showMessage(f"{who}: {what}", 4000)

    def set_strip_filter(self, kind: str) -> None:
        """Show only some photos in the filmstrip (and move between only them)."""
        self.filmstrip_model.set_filter(kind)
        index = self.strip_filter.findData(kind)
        if index != self.strip_filter.currentIndex():
            self.strip_filter.setCurrentIndex(index)
        for act in self.filter_group.actions():
            act.setChecked(act.data() == kind)
        self._update_strip_count()

    def _update_strip_count(self) -> None:
        m = self.filmstrip_model
        shown, total = len(m.paths), len(m.all_paths)
        self.strip_count.setText(f"{shown} of {total} photos" if shown != total else f"{total} photos")

    def show_help(self) -> None:
        from ..model.intents import COMMAND_MESSAGES

        self.notify(COMMAND_MESSAGES["help"])

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(keys, what) for every menu action with a shortcut, then the gestures."""
        rows = []
        for act in self.findChildren(QAction):
            keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and act.text():
                rows.append((keys, act.text().replace("&", "").rstrip(".")))
        return sorted(set(rows), key=lambda r: r[1].lower()) + list(self.GESTURES)

    def show_shortcuts(self) -> QDialog:
        dlg = QDialog(self)
        dlg.setWindowTitle("Keyboard and mouse")
        form = QFormLayout(dlg)
        for keys, what in self.shortcut_rows():
            form.addRow(QLabel(f"<b>{keys}</b>"), QLabel(what))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(dlg.reject)
        form.addRow(close)
        dlg.setModal(False)
        dlg.show()
        return dlg

    def about_text(self) -> str:
        import platform

        import PySide6

        from .. import __version__

        versions = f"Python {platform.python_version()}, Qt {PySide6.__version__}"
        try:
            import torch

            versions += f", torch {torch.__version__}"
        except ImportError:  # pragma: no cover - torch is a dependency
            pass
        return (f"<b>LDIE Desktop {__version__}</b><br>Edit a photo from a plain-language request: the layers it "
                f"proposes stay editable, the original is never changed.<br><br>{versions}<br><br>"
                "Models (details, sources and hashes in models/README.md and models/grounding/README.md):<br>"
                "all-MiniLM-L6-v2 text encoder, Apache-2.0; operation predictor and parameter heads, this project "
                "(MIT; the predictor's two fine-tuned MiniLM layers Apache-2.0); U²-Net-p, NanoDet-m and MediaPipe "
                "selfie segmentation, Apache-2.0; the WordNet 3.0 noun table, WordNet license.<br><br>"
                "Implements and extends Shi et al., \"A Benchmark and Baseline for Language-Driven Image Editing\", "
                "ACCV 2020.")

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, "About LDIE Desktop", self.about_text())

    def _set_enabled(self) -> None:
        has = self.session is not None
        for act in (self.act_save, self.act_export, self.act_duplicate, self.act_delete, self.act_reset, self.act_crop,
                    self.act_copy_edits, self.act_copy_some, self.act_copy_layer, self.act_paste_edits, self.act_clear,
                    self.act_save_preset, self.act_select_mask, self.act_next_photo, self.act_previous_photo,
                    self.act_sync, self.act_export_selected, *self.act_rate, self.act_pick, self.act_reject,
                    self.act_unflag, self.act_snapshot, self.act_merge_hdr, self.act_merge_pano):
            act.setEnabled(has)
        self.add_button.setEnabled(has and self.core is not None)

    # ================================================================== loading the core and the model
    def start_loading(self, load_planner: bool = True) -> None:
        """Load the core (torch, numba, kernels) and then the planner, off the GUI thread."""

        def load_core(progress, cancelled):  # noqa: ANN001, ANN202
            import numpy as np

            from ..ops import operations
            from ..render import Renderer, default_device
            from . import session  # noqa: F401 - imports the core modules

            renderer = Renderer()
            tiny = np.zeros((8, 8, 3), np.uint8)
            from ..document import Layer

            # compile the kernels now, not on the first slider move
            renderer.render(tiny, [Layer.new("contrast", amount=0.1), Layer.new("sharpness", amount=0.1)],
                            quality="preview")
            return {"renderer": renderer, "device": str(default_device()), "ops": operations()}

        self._run(load_core, self._core_loaded, "core", on_fail=lambda m: self.notify(f"Could not start: {m}"))
        self._load_planner = load_planner

    def _core_loaded(self, core: dict[str, Any]) -> None:
        self.core = core
        self.device_label.setText(f"device: {core['device'].upper()}")
        self.thumbnails.renderer = core["renderer"]  # thumbnails show each photo's saved edits
        saved = str(self.settings.value("screen_profile", "") or "")
        if saved:  # the display profile chosen before (View > Display profile)
            self.set_screen_profile(saved, remember=False)
        for name, op in core["ops"].items():
            self.add_menu.addAction(op.label, lambda n=name: self.add_layer(n)).setToolTip(op.description)
        self._set_enabled()
        self.core_ready.emit()
        if self.pending_open:
            path, self.pending_open = self.pending_open, None
            self.open_photo(path)
        if self._load_planner:
            self.model_label.setText("model: loading")

            def load(progress, cancelled):  # noqa: ANN001, ANN202
                from ..model.planner import Planner

                return Planner.load()

            self._run(load, self._planner_loaded, "planner", on_fail=self._planner_failed)
        else:
            self.model_label.setText("model: off")
            self.request.setPlaceholderText("The language model is off: add layers from the Layer menu")

    def set_planner(self, planner: Any) -> None:
        """Use ``planner`` (tests inject a small one)."""
        self._planner_loaded(planner)

    def _planner_loaded(self, planner: Any) -> None:
        self.planner = planner
        self.model_label.setText("model: ready")
        self.request.setPlaceholderText("Say what to change, e.g. \"brighten it a little and make it warmer\" - Enter")
        self.planner_ready.emit()

    def _planner_failed(self, message: str) -> None:
        self.model_label.setText("model: unavailable")
        self.request.setPlaceholderText("The language model is unavailable: add layers from the Layer menu")
        self.notify(f"The language model could not load ({message}); you can still edit by hand from the Layer menu.")

    # ================================================================== tasks
    def _run(self, fn: Callable, on_ok: Callable[[Any], None], name: str,
             on_fail: Callable[[str], None] | None = None, on_cancel: Callable[[], None] | None = None,
             on_progress: Callable[[int, int], None] | None = None) -> Task:
        task = Task(fn, name)
        task.succeeded.connect(on_ok)
        task.failed.connect(on_fail or (lambda m: self.notify(m)))
        if on_cancel:
            task.was_cancelled.connect(on_cancel)
        if on_progress:
            task.progressed.connect(on_progress)
        task.finished.connect(lambda t=task: self.tasks.discard(t))
        self.tasks.add(task)
        task.start()
        return task

    def notify(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()
        self.statusBar().showMessage(text, 8000)
        self.notified.emit(text)

    def clear_notice(self) -> None:
        self.notice.hide()

    # ================================================================== files
    def open_dialog(self) -> None:
        start = self.settings.value("last_dir", str(Path.home()))
        path, _ = QFileDialog.getOpenFileName(self, "Open photo", str(start), PHOTO_FILTER)
        if path:
            self.open_photo(path)

    def open_photo(self, path: str) -> None:
        path = str(path)
        if self.core is None:  # show it at once; the real load waits for the core
            self.pending_open = path
            reader = QImageReader(path)
            reader.setAutoTransform(True)
            image = reader.read()
            if not image.isNull():
                self.canvas.set_images(image.convertToFormat(QImage.Format.Format_RGB888), None, image.size())
            return
        proxy_side = self._proxy_side()
        if self.open_task is not None:  # the photo asked for before this one is not wanted now
            self.open_task.cancel()

        def load(progress, cancelled):  # noqa: ANN001, ANN202
            from .session import load_photo

            return load_photo(path, proxy_side, progress, cancelled)

        def ended(task: Task) -> None:
            if self.open_task is task:
                self.open_task = None
                self.open_progress.hide()
                self.cancel_open_button.hide()

        self.statusBar().showMessage(f"Opening {Path(path).name}...")
        self.open_progress.setRange(0, 0)
        self.open_progress.show()
        self.cancel_open_button.show()
        task = self._run(load, lambda result: self._photo_loaded(path, result), "open",
                         on_fail=lambda m: self._open_failed(path, m),
                         on_cancel=lambda: self._open_stopped(path),
                         on_progress=lambda done, total: (self.open_progress.setRange(0, total),
                                                          self.open_progress.setValue(done)))
        task.finished.connect(lambda t=task: ended(t))
        self.open_task = task

    def _open_stopped(self, path: str) -> None:
        """An open cancelled (or overtaken by a newer one): the strip shows the photo open again."""
        if self.open_task is None:  # not overtaken by a newer open
            self.statusBar().showMessage(f"Stopped opening {Path(path).name}", 4000)
            if self.session is not None:
                self.filmstrip.show_current(self.session.path)

    def cancel_open(self) -> None:
        """Stop reading the photo being opened: the one open stays (a raw's decoding itself
        runs to its end on the worker, and its result is dropped)."""
        if self.open_task is not None:
            self.open_task.cancel()
            self.open_task = None
            self.open_progress.hide()
            self.cancel_open_button.hide()

    def _open_failed(self, path: str, message: str) -> None:
        """The photo the user had open stays open; the strip marks the one that failed."""
        self.filmstrip_model.mark_unreadable(path, message)
        if self.session is not None:
            self.filmstrip.show_current(self.session.path)
        self.notify(f"Could not open: {message}")

    def open_folder_dialog(self) -> None:
        start = self.settings.value("last_dir", str(Path.home()))
        folder = QFileDialog.getExistingDirectory(self, "Open folder", str(start))
        if folder:
            self.open_folder(folder)

    def open_folder(self, folder: str) -> None:
        """Open the first photo of ``folder``; the filmstrip shows the rest."""
        photos = photos_in(folder)
        if not photos:
            self.notify(f"There are no photos in {folder} (JPEG, PNG, TIFF, WebP, BMP, HEIC, AVIF or camera raw).")
            return
        self.open_photo(str(photos[0]))

    def _strip_folder_changed(self) -> None:
        """The strip shows when the folder has photos to move between (and the user has not
        closed it, F6); a lone photo gets the room."""
        wanted = str(self.settings.value("filmstrip", "true")).lower() == "true"
        self.filmstrip_dock.setVisible(wanted and (len(self.filmstrip_model.all_paths) > 1))
        self._update_strip_count()
        if self.filmstrip_model.marks_problem and self._marks_told != self.filmstrip_model.folder:
            self._marks_told = self.filmstrip_model.folder  # said once a folder
            self.notify(f"The ratings and flags of this folder could not be read ({self.filmstrip_model.marks_problem}); "
                        "marking a photo starts them afresh, keeping that file aside.")
        if self.session is not None:
            self.filmstrip.show_current(self.session.path)

    def _open_from_strip(self, path: str) -> None:
        if self.session is None or Path(path) != self.session.path:
            self.open_photo(path)

    def step_photo(self, step: int) -> None:
        """Open the next (``step`` 1) or previous (-1) photo of the folder, as the filmstrip
        orders them; at either end, say so."""
        if self.session is None:
            return
        path = self.filmstrip_model.neighbour(self.session.path, step)
        if path is None:
            self.statusBar().showMessage("This is the " + ("last" if step > 0 else "first") + " photo of the folder.", 3000)
            return
        self.open_photo(path)

    def _proxy_side(self) -> int:
        screen = self.screen()
        if screen is None:
            return 2048
        size = screen.size() * screen.devicePixelRatio()
        return int(min(2048, max(1024, max(size.width(), size.height()))))

    def _photo_loaded(self, path: str, result: tuple) -> None:
        from .session import Session

        photo, proxy, stack, history = result
        self.finish_crop(False)
        if self.plan_task is not None:  # a request being planned was for the photo being left
            self.plan_task.cancel()
        if self.session is not None:
            self.session.close()
            self.session.deleteLater()
        self.session = Session(Path(path), photo, proxy, stack, history, self.render_thread, self.core["renderer"], self,
                               detail_thread=self.detail_thread)
        self.session.preview_ready.connect(self._show_preview)
        self.session.detail_ready.connect(lambda img, r: self.canvas.set_detail(img, QRectF(*r)))
        self.session.render_failed.connect(lambda m: self.notify(f"Preview failed: {m}"))
        self.session.save_failed.connect(self.notify)
        self.session.saved.connect(lambda _=None, p=path: self.filmstrip_model.refresh(p))
        self.session.stack_changed.connect(self._refresh_editor)
        self.session.snapshots_changed.connect(self._show_snapshots)
        self.layer_model.set_stack(self.session.stack)
        self.history_view.setStack(self.session.undo)
        self._show_snapshots()
        self.session.undo.canUndoChanged.connect(lambda _: self._update_undo_actions())
        self.session.undo.canRedoChanged.connect(lambda _: self._update_undo_actions())
        self._update_undo_actions()
        self.canvas.set_images(self.session.before_image, self.session.before_image, self.session.full_size)
        h, w = photo.size
        self.size_label.setText(f"{w} x {h} px, {photo.bit_depth}-bit")
        self.setWindowTitle(f"{Path(path).name} - LDIE Desktop")
        self.clear_notice()
        self.statusBar().showMessage(f"Opened {path}" + (f" with {len(stack)} saved layers" if len(stack) else ""), 5000)
        self._remember(path)
        self._set_enabled()
        self._open_path = str(Path(path))
        self.filmstrip_model.show_folder(Path(path).parent)
        self.filmstrip.show_current(path)
        self.session.request_render()
        self._select_row(0)
        self.photo_opened.emit(path)

    def _show_preview(self, image: QImage) -> None:
        renderer = self.core["renderer"] if self.core else None
        if renderer is not None and renderer.fell_back_to_cpu and "fallback" not in self.device_label.text():
            self.device_label.setText("device: CPU (GPU fallback)")
            self.notify("The GPU ran out of memory; rendering continues on the CPU.")
        # a crop or a quarter turn changes the picture's shape: show it as it is, not stretched
        self.canvas.set_images(image, full_size=self.session.shown_size(image) if self.session else None)
        self.canvas.set_detail(None)  # it showed the previous stack
        self.detail_timer.start()
        self.render_label.setText(f"preview {self.session.last_render_s * 1000:.0f} ms" if self.session else "")
        self.histogram_view.set_histogram(self.session.histogram if self.session else None)
        self._update_overlay()

    def _request_detail(self) -> None:
        if self.session is None or not self.canvas.needs_detail():
            self.canvas.set_detail(None)
            return
        r = self.canvas.visible_photo_rect()
        if not self.session.request_detail(r.x(), r.y(), r.width(), r.height()):
            self.canvas.set_detail(None)

    def save_edits(self) -> None:
        if self.session and self.session.save():
            self.statusBar().showMessage("Edits saved next to the photo", 3000)

    def _remember(self, path: str) -> None:
        recent = [p for p in self.settings.value("recent", [], type=list) if p != path]
        self.settings.setValue("recent", [path] + recent[: MAX_RECENT - 1])
        self.settings.setValue("last_dir", str(Path(path).parent))
        self._update_recent_menu()

    def _update_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.value("recent", [], type=list)
        for p in recent:
            self.recent_menu.addAction(Path(p).name, lambda p=p: self.open_photo(p)).setToolTip(p)
        self.recent_menu.setEnabled(bool(recent))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile() and (urls[0].toLocalFile().lower().endswith(PHOTO_SUFFIXES)
                                               or Path(urls[0].toLocalFile()).is_dir()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            local = urls[0].toLocalFile()
            self.open_folder(local) if Path(local).is_dir() else self.open_photo(local)
            event.acceptProposedAction()

    # ================================================================== export
    def export_dialog(self, asked: Mapping[str, Any] | None = None) -> None:
        """File > Export: where, then how. ``asked``: what a request said of the file
        (:func:`model.intents.export_request`: "resize it to 1080 pixels wide", "smaller for
        email", "as a png"), filled in over the choices last made."""
        if self.session is None:
            return
        asked = dict(asked or {})
        src = self.session.path
        from ..io import export_suffix

        suffix = f".{asked['format']}" if asked.get("format") else export_suffix(src)
        default = src.with_name(f"{src.stem}-edited{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, "Export", str(default), EXPORT_FILTERS)
        if not path:
            return
        resize = str(self.settings.value("resize", "false")).lower() == "true"
        long_side = int(self.settings.value("long_side", 2048))
        size = self.session.output_size()
        from ..model.intents import asked_long_side

        said = asked_long_side(asked, (size.height(), size.width()))  # "1080 wide" on a portrait photo: its height
        if said is not None:
            resize, long_side = True, said
        dlg = ExportDialog(self, int(asked.get("quality") or self.settings.value("quality", 92)), resize,
                           max(16, long_side), size, **self._output_settings())
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        self.settings.setValue("quality", dlg.quality.value())
        self.settings.setValue("resize", dlg.resize_box.isChecked())
        self.settings.setValue("long_side", dlg.long_side.value())
        self._keep_output_settings(dlg.output())
        self.export(path, dlg.quality.value(), dlg.chosen_long_side(), **dlg.output())

    def _output_settings(self) -> dict[str, Any]:
        """The Export dialog's choices as last made (remembered), each checked."""
        from ..io._metadata import METADATA_CHOICES
        from ..render.export import SHARPEN, WATERMARK_PLACES

        def one_of(key: str, choices: Any, default: str) -> str:
            value = str(self.settings.value(key, default))
            return value if value in choices else default

        return {"srgb": str(self.settings.value("srgb", "false")).lower() == "true",
                "metadata": one_of("metadata", METADATA_CHOICES, "all"),
                "sharpen": one_of("sharpen", SHARPEN, "none"),
                "watermark": str(self.settings.value("watermark", "")),
                "watermark_place": one_of("watermark_place", WATERMARK_PLACES, "bottom right"),
                "artist": str(self.settings.value("artist", "")), "copyright": str(self.settings.value("copyright", ""))}

    def _keep_output_settings(self, output: dict[str, Any]) -> None:
        for key, value in output.items():
            self.settings.setValue(key, value)

    def export(self, path: str, quality: int = 92, long_side: int | None = None, srgb: bool = False,
               metadata: str = "all", sharpen: str = "none", watermark: str = "",
               watermark_place: str = "bottom right", artist: str = "", copyright: str = "") -> Task | None:  # noqa: A002
        """Export the current stack at full resolution (or resized to fit ``long_side``) to
        ``path`` on a worker."""
        if self.session is None:
            return None
        if Path(path).resolve() == self.session.path.resolve():
            self.notify("Exporting over the original photo is not allowed; choose another name.")
            return None
        from ..render.export import export_photo

        photo, layers = self.session.photo, list(self.session.stack)

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            return str(export_photo(photo, layers, path, quality=quality, progress=progress, cancel=cancelled,
                                    long_side=long_side, srgb=srgb, metadata=metadata, sharpen=sharpen,
                                    watermark=watermark, watermark_place=watermark_place, artist=artist,
                                    copyright=copyright))

        def ended(result: Any, message: str) -> None:
            if message:
                self.notify(message)
            else:
                self.statusBar().showMessage(f"Exported {result}", 6000)
            self.export_finished.emit(result or "")

        return self._output_task(job, "export", ended, lambda m: f"Export failed: {m}",
                                 lambda: "Export cancelled; nothing was written.")

    def _output_task(self, job: Callable, name: str, ended: Callable[[Any, str], None],
                     failed: Callable[[str], str], cancelled: Callable[[], str]) -> Task:
        """An export or a merge (``job``) on a worker, one at a time: the status bar's progress and
        its Cancel button ("Cancel export" / "Cancel merge") while it runs, then ``ended(result,
        message)``, the message "" when it worked, else ``failed(why)`` or ``cancelled()``."""
        def progress(done: int, total: int) -> None:
            self.export_progress.setRange(0, total)
            self.export_progress.setValue(done)

        def finished(result: Any, message: str) -> None:
            self.export_progress.hide()
            self.cancel_export_button.hide()
            self.export_task = None
            ended(result, message)

        self.export_progress.setRange(0, 0)
        self.export_progress.show()
        self.cancel_export_button.setText(f"Cancel {name}")
        self.cancel_export_button.show()
        self.export_task = self._run(job, lambda r: finished(r, ""), name, on_fail=lambda m: finished(None, failed(m)),
                                     on_cancel=lambda: finished(None, cancelled()), on_progress=progress)
        return self.export_task

    def export_selected_dialog(self) -> None:
        """Export the photos selected in the filmstrip (the open one if none), each with its own
        saved edits: a folder, then quality and size, then whether to replace files there."""
        if self.session is None:
            return
        from ..render.export import export_name

        paths = self.filmstrip.selected_paths() or [str(self.session.path)]
        n = len(paths)
        start = self.settings.value("export_dir", str(self.session.path.parent))
        folder = QFileDialog.getExistingDirectory(self, f"Export {n} photo{'s' * (n != 1)} to", str(start))
        if not folder:
            return
        dlg = ExportDialog(self, int(self.settings.value("quality", 92)),
                           str(self.settings.value("resize", "false")).lower() == "true",
                           int(self.settings.value("long_side", 2048)), many=True,
                           fmt=self.settings.value("batch_format") or None,
                           suffix=str(self.settings.value("batch_suffix", "-edited")), **self._output_settings())
        dlg.setWindowTitle(f"Export {n} photo{'s' * (n != 1)}")
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        fmt, suffix = dlg.format.currentData(), dlg.suffix.text().strip()
        self.settings.setValue("quality", dlg.quality.value())
        self.settings.setValue("resize", dlg.resize_box.isChecked())
        self.settings.setValue("long_side", dlg.long_side.value())
        self.settings.setValue("export_dir", folder)
        self._keep_output_settings(dlg.output())
        self.settings.setValue("batch_format", fmt or "")
        self.settings.setValue("batch_suffix", suffix)
        there = [p for p in paths if export_name(p, folder, suffix, fmt).exists()]
        replace = bool(there) and self.ask(self, "Replace files", f"{len(there)} of the {n} exports exist in {folder} "
                                           f"already ({export_name(there[0], folder, suffix, fmt).name}...). "
                                           "Replace them?")
        self.export_selected(paths, folder, dlg.quality.value(), dlg.chosen_long_side(), replace, fmt, suffix,
                             **dlg.output())

    def export_selected(self, paths: list[str], folder: str, quality: int = 92, long_side: int | None = None,
                        overwrite: bool = False, fmt: str | None = None, suffix: str = "-edited",
                        srgb: bool = False, metadata: str = "all", sharpen: str = "none", watermark: str = "",
                        watermark_place: str = "bottom right", artist: str = "",
                        copyright: str = "") -> Task | None:  # noqa: A002
        """Export ``paths`` into ``folder`` as ``name<suffix>.<fmt or its own>``, each with its
        own saved edits (the open photo's as they are now), on a worker with progress and Cancel."""
        if self.session is None or not paths:
            return None
        if self.export_task is not None:
            self.notify("An export is still running; wait for it or cancel it.")
            return None
        from ..render.export import export_saved

        self.session.flush()  # the open photo's latest edits are in its edit file
        renderer, results = self.core["renderer"] if self.core else None, []

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            return export_saved(paths, folder, suffix=suffix, fmt=fmt, quality=quality, long_side=long_side,
                                overwrite=overwrite, renderer=renderer, progress=progress, cancel=cancelled,
                                done=results, srgb=srgb, metadata=metadata, sharpen=sharpen, watermark=watermark,
                                watermark_place=watermark_place, artist=artist, copyright=copyright)

        def said(head: str) -> str:
            ok = sum(not problem for _, problem in results)
            bad = [problem for _, problem in results if problem]
            text = f"{head}{ok} of {len(paths)} photo{'s' * (len(paths) != 1)} exported to {folder}"
            return text + (f"; left alone: {'; '.join(bad)}" if bad else "") + "."

        def ended(_: Any, message: str) -> None:  # the summary says what was done, whatever the end
            self.notify(message or said(""))
            self.export_finished.emit(folder)

        return self._output_task(job, "export", ended, lambda m: said(f"Export stopped ({m}): "),
                                 lambda: said("Export cancelled: "))

    def merge_selected(self, kind: str) -> Task | None:
        """Photo > Merge to HDR / panorama: the photos selected in the filmstrip merged on a worker
        (progress, Cancel), written next to the first (``IMG_0001-HDR.tif``) and opened."""
        if self.session is None:
            return None
        paths = self.filmstrip.selected_paths()
        what = "an HDR" if kind == "hdr" else "a panorama"
        if len(paths) < 2:
            self.notify(f"Select the photos for {what} in the filmstrip first (Ctrl+click or Shift+click), "
                        "then merge them.")
            return None
        if self.export_task is not None:
            self.notify("An export or a merge is still running; wait for it or cancel it.")
            return None
        from ..render.merge import merge_photos_apart

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            # in a process of its own: Cancel ends even OpenCV's stitching at once
            return str(merge_photos_apart(paths, kind, progress=progress, cancel=cancelled))

        def ended(result: Any, message: str) -> None:
            if message:
                self.notify(message)
            else:
                self.open_photo(result)
                self.statusBar().showMessage(f"Merged {len(paths)} photos into {Path(result).name}", 8000)
            self.merge_finished.emit(result or "")

        self.statusBar().showMessage(f"Merging {len(paths)} photos into {what}…")
        return self._output_task(job, "merge", ended, lambda m: f"Merge failed: {m}",
                                 lambda: "Merge cancelled; nothing was written.")

    def cancel_export(self) -> None:
        if self.export_task is not None:
            self.export_task.cancel()

    # ================================================================== requests
    def submit_request(self, text: str) -> None:
        if not text.strip():
            self.notify("Type what you want changed, e.g. \"brighten it a little\".")
            return
        if self.session is None:
            self.notify("Open a photo first (Ctrl+O, or drop one on the window).")
            return
        if self.planner is None:
            self.notify("The language model is still loading; try again in a moment.")
            return
        if self.plan_task is not None:
            return
        from ..model.intents import follow_up_factor, layer_request, preset_request, snapshot_request  # no torch

        asked = preset_request(text)  # "apply my golden preset", "save this as a preset called Golden"
        if asked is not None:
            self._typed_preset(*asked)
            return
        asked = snapshot_request(text)  # "take a snapshot called Mono", "go back to the Colour snapshot"
        if asked is not None:
            self._typed_snapshot(*asked)
            return
        from ..model.intents import merge_request

        merge = merge_request(text)  # "stitch these into a panorama": the photos selected in the strip
        if merge is not None:
            if self.merge_selected(merge) is not None:
                self.request.clear()
            return

        named = layer_request(text)  # "remove the vignette", "less grain": the layers themselves
        if named is not None and named[0] in ("stronger", "weaker"):
            action, ops = named
            ids = [l.id for l in self.session.stack if l.op in ops]
            factor = follow_up_factor(text, action)
            if ids and self.session.scale_layers(ids, factor, f"{action.capitalize()}: \"{text}\""):
                labels = ", ".join(dict.fromkeys(self.session.layer(i).operation.label for i in ids))
                self._answered(f"Made the {labels} layer{'s' if len(ids) > 1 else ''} {action} (x{factor:g}).")
                return
        elif named is not None:
            action, ops = named
            hits = self.session.change_layers(ops, action, f"{action.capitalize()} layer: \"{text}\"")
            if hits:
                labels = ", ".join(dict.fromkeys(l.operation.label for l in hits))
                verb = {"remove": "Removed", "hide": "Turned off", "show": "Turned on"}[action]
                message = f"{verb} the {labels} layer{'s' if len(hits) > 1 else ''}."
                self._answered(message)
                return
        from ..model.where import follow_up_place

        place = follow_up_place(text)  # "only on the sky", "not on her face": where the last edits go
        if place is not None:
            self.place_last_request(text, *place)
            return
        from ..model.intents import batch_scope, non_edit

        # "brighten all the photos": planned for this one, then offered to the others (Sync)
        one = batch_scope(text) if non_edit(text) is None else None
        planner, image, asked, exif = self.planner, self.session.proxy.rgb, one or text, self.session.photo.exif

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            # emitted on the worker thread; Qt queues it to the status bar on the GUI thread
            return planner.plan(asked, image, cancel=cancelled, step=self.plan_step.emit, exif=exif)

        self._busy_run(job, lambda plan: self._apply_plan(text, plan, for_all=one is not None), "plan",
                       "Could not plan that", "Request cancelled", self.plan_finished)

    def _busy_run(self, job: Callable, ok: Callable[[Any], None], name: str, fail_text: str, cancel_text: str,
                  finished: Any) -> None:
        """Run ``job`` as the one request being worked on: the busy bar and Cancel show, Edit and
        the mask's Select wait; a failure is said after ``fail_text`` and ``finished`` hears it
        (or "cancelled")."""
        self.busy.show()
        self.cancel_plan.show()
        self.go.setEnabled(False)
        self.auto.setEnabled(False)
        self.editor.select_button.setEnabled(False)

        def done() -> None:
            self.statusBar().clearMessage()
            self.busy.hide()
            self.cancel_plan.hide()
            self.go.setEnabled(True)
            self.auto.setEnabled(True)
            self.editor.select_button.setEnabled(True)
            self.plan_task = None

        session = self.session

        def succeeded(result: Any) -> None:
            done()
            if self.session is not session:  # another photo was opened meanwhile: not for it
                self.statusBar().showMessage(cancel_text, 3000)
                finished.emit("cancelled")
                return
            ok(result)

        def failed(message: str) -> None:
            done()
            self.notify(f"{fail_text}: {message}")
            finished.emit(message)

        def cancelled() -> None:
            done()
            self.statusBar().showMessage(cancel_text, 3000)
            finished.emit("cancelled")

        self.plan_task = self._run(job, succeeded, name, on_fail=failed, on_cancel=cancelled)

    def place_last_request(self, text: str, mode: str, phrase: str) -> None:
        """A follow-up that says where the last request's edits go ("only on the sky": ``mode``
        "replace"; "on her face too": "add"; "not on the sky": "subtract"; "everywhere":
        "whole"), as one undo step. The place is found on a worker, as a request's place is;
        turns, crops and frame effects have no place. Without a last request, the selected
        layer is the one moved."""
        session = self.session
        last, ids = self._last_request
        movable = [l for l in session.stack if not l.operation.geometric and not l.operation.post_crop]
        layers = [l for l in movable if l.id in ids]
        what = f"\"{last}\""
        if not layers:
            current = self.current_layer()
            layers = [current] if current is not None and current in movable else []
            what = f"the {current.operation.label} layer" if layers else ""
        if not layers:
            self._answered("Nothing to place yet: ask for an edit first, then say where it goes (\"only on the sky\").")
            return
        places = list(dict.fromkeys(l.place for l in layers if l.place))
        if len(places) > 1 and mode != "whole":  # "brighten her face and darken the background": which one?
            from .layer_model import place_text

            self._answered(f"{what[0].upper()}{what[1:]} went to {' and '.join(place_text(p) for p in places)}: select "
                           "the layer to move and use its mask's Select box.")
            return
        said = {"replace": f"{what} now applies only to {{}}.", "add": f"{what} now applies to {{}} too.",
                "subtract": f"{what} no longer applies to {{}}.", "whole": f"{what} now applies to the whole photo."}[mode]
        said = said[0].upper() + said[1:]
        if mode == "whole":
            # a removal or a background fill needs its place: "everywhere" would switch it off
            whole = [l for l in layers if not l.operation.needs_mask]
            if not whole:
                self._answered(f"{what[0].upper()}{what[1:]} needs a place; say where instead (\"only the man on the left\").")
                return
            session.place_layers({l.id: None for l in whole}, mode, f"Place: \"{text}\"")
            self._answered(said)
            return
        planner, image = self.planner, session.proxy.rgb
        ops = list(dict.fromkeys(l.op for l in layers))

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            # each operation's own shape of the place (a removal covers a little more)
            return {op: planner.select(phrase, image, op, cancel=cancelled, step=self.plan_step.emit) for op in ops}

        def ok(regions: dict) -> None:
            if session is not self.session:
                return
            missing = next((r for r in regions.values() if r.mask is None), None)
            if missing is not None:  # nothing changes; the request stays in the box to be put right
                self.notify(missing.message)
                self.plan_finished.emit(missing.message)
                return
            alive = {l.id for l in session.stack}
            words = next(iter(regions.values())).words
            session.place_layers({l.id: regions[l.op].mask for l in layers if l.id in alive}, mode,
                                 f"Place: \"{text}\"", words)
            notes = " ".join(dict.fromkeys(r.message for r in regions.values() if r.message))
            self._answered(" ".join(filter(None, [said.format(words), notes])))

        self._busy_run(job, ok, "place", "Could not place that", "Request cancelled", self.plan_finished)

    def cancel_request(self) -> None:
        if self.plan_task is not None:
            self.plan_task.cancel()

    def _layers_in_words(self, most: int = 8) -> str:
        """The stack's layers, bottom to top, as the Layers panel names them, for "what did you change?"."""
        from .layer_model import describe

        layers = list(self.session.stack) if self.session is not None else []
        if not layers:
            return "Nothing yet: this is the original photo."
        said = []
        for layer in layers[:most]:
            title, detail = describe(layer)
            title = " ".join(title.split())  # the panel's two spaces after the name are for its columns
            said.append(f"{title}{' (' + detail + ')' if detail else ''}{'' if layer.enabled else ', switched off'}")
        more = f"; and {len(layers) - most} more" if len(layers) > most else ""
        return (f"{len(layers)} layer{'s' * (len(layers) != 1)}, bottom to top: " + "; ".join(said) + more
                + ". Untick one in the Layers panel to see the photo without it.")

    def _answered(self, message: str) -> None:
        """A typed command was carried out (or could not be): clear the box and say so."""
        self.request.clear()
        self.notify(message)
        self.plan_finished.emit(message)

    def _apply_plan(self, text: str, plan: Any, for_all: bool = False) -> None:
        command = plan.extra.get("command")
        if command in ("undo", "redo") or (command or "").startswith("undo_"):
            # typed "undo that", "undo the last two changes", "redo": done, one step at a time
            if self.session is not None:
                stack, back, several = self.session.undo, command != "redo", command.startswith("undo_")
                done = []
                for _ in range(int(command[5:]) if several else 1):
                    if not (stack.canUndo() if back else stack.canRedo()):
                        break
                    done.append(stack.undoText() if back else stack.redoText())
                    (self.undo if back else self.redo)()
                verb = "Undid" if back else "Redid"
                if not done:
                    said = f"Nothing to {'undo' if back else 'redo'}."
                elif several:
                    said = f"{verb} {len(done)} step{'s' * (len(done) != 1)}: {', '.join(done)}."
                else:
                    said = f"{verb} {done[0]}."
                self._answered(said)
                return
        if command == "explain" and self.session is not None:  # "what did you change?": the layers, in words
            self._answered(self._layers_in_words())
            return
        if command == "mask" and self.session is not None:  # "show me the mask": the selected layer's, else the top masked one
            layer = self.current_layer()
            if layer is None or layer.mask is None:
                rows = [r for r in range(self.layer_model.rowCount()) if self.layer_model.layer_at(r).mask is not None]
                if rows:
                    self._select_row(rows[0])
                    layer = self.current_layer()
            if layer is None or layer.mask is None:
                self._answered("No layer has a mask yet: every layer covers the whole photo.")
                return
            self.editor.show_mask.setChecked(True)
            self._answered(f"Showing where {layer.operation.label} applies (O hides it).")
            return
        if command == "original" and self.session is not None:  # "show me the before": the split, before on the left
            self.act_split.setChecked(True)
            self._toggle_split(True)
            self._answered("Before on the left, after on the right: drag the line to compare; Y ends the split, "
                           "and holding \\ shows the original alone.")
            return
        if command in ("zoom_in", "zoom_out") and self.session is not None:  # "zoom in": the view, not a crop
            self.canvas.zoom_by(1.25 if command == "zoom_in" else 0.8)
            self.request.clear()
            self.plan_finished.emit("")
            return
        if command == "reset" and self.session is not None:  # "start over", "remove all layers"
            n = len(self.session.stack)
            self.remove_all_layers()
            self._answered(f"Removed all {n} layer{'s' * (n != 1)}: the original photo again (Undo brings them back)."
                           if n else "There are no edits yet: this is the original photo.")
            return
        if command in ("next_photo", "previous_photo") and self.session is not None:  # "next photo"
            self.request.clear()
            self.step_photo(1 if command == "next_photo" else -1)
            self.plan_finished.emit("")
            return
        if command and (command.startswith("rate_") or command in ("pick", "reject")) and self.session is not None:
            self.request.clear()  # "give it 4 stars", "reject it": the photo open now
            self.filmstrip.show_current(self.session.path)
            if command.startswith("rate_"):
                self.mark_photos(rating=int(command[5:]))
            else:
                self.mark_photos(flag=command)
            self.plan_finished.emit("")
            return
        if command == "export" and self.session is not None:  # "resize it to 1080 px": the Export dialog, filled in
            self.request.clear()
            self._answered("Export: " + _export_words(plan.extra.get("export", {})) + ".")
            self.export_dialog(plan.extra.get("export"))
            return
        if command in ("sync_all", "sync_selected") and self.session is not None:  # "do the same to the others"
            self.request.clear()
            self.plan_finished.emit("")
            self.sync_dialog(everywhere=command == "sync_all")
            return
        if command in ("stronger", "weaker") and self.session is not None:  # "a bit more", "too much"
            last, ids = self._last_request
            n = self.session.scale_layers(ids, float(plan.extra.get("factor", 1.0)),
                                          f"{'Stronger' if command == 'stronger' else 'Weaker'}: \"{last}\"") if ids else 0
            self._answered(f"Made \"{last}\" {command} (x{plan.extra.get('factor', 1.0):g})." if n else
                           f"Nothing to make {command} yet: ask for an edit first.")
            return
        taken_back = ""
        if plan.extra.get("replace_last") and plan.layers and self.session is not None:
            # "undo that and make it warmer", "no, I meant warmer": the last request's step undone first
            last, ids = self._last_request
            undo = self.session.undo
            if ids and undo.canUndo() and undo.undoText() == f"\"{last}\"":
                undo.undo()
                taken_back = f"Took back \"{last}\"."
        if plan.layers:
            self.session.add_layers(plan.layers, text=f"\"{text}\"")
            self._last_request = (text, [l.id for l in plan.layers])
            self.request.clear()
        if taken_back:
            plan.message = f"{taken_back} {plan.message}" if plan.message else taken_back
        if plan.extra.get("pick_white") and self.session is not None:  # "fix the colours": a click on grey
            self._toggle_picker(True)
        if plan.message:
            self.notify(plan.message)
        else:
            self.clear_notice()
        self.plan_finished.emit(plan.message or "")
        if for_all and plan.layers:  # "... all the photos": this one done, the others offered
            self.sync_dialog(everywhere=True, layers=[l for l in plan.layers if l.enabled])
        elif plan.extra.get("export") and self.session is not None:  # "brighten it and save it as a png"
            self.export_dialog(plan.extra["export"])

    # ================================================================== layers
    def current_layer(self) -> Any:
        idx = self.layer_view.currentIndex()
        if self.session is None or not idx.isValid() or idx.row() >= self.layer_model.rowCount():
            return None
        return self.layer_model.layer_at(idx.row())

    def _select_row(self, row: int) -> None:
        if self.layer_model.rowCount() > row >= 0:
            self.layer_view.setCurrentIndex(self.layer_model.index(row))
        self._on_selection()

    def _restore_selection(self) -> None:
        if self._selected_id and self.session is not None:
            try:
                self._select_row(self.layer_model.row_of(self._selected_id))
                return
            except KeyError:
                pass
        self._select_row(0)

    def _on_selection(self) -> None:
        layer = self.current_layer()
        self._selected_id = layer.id if layer is not None else None
        self.editor.set_layer(layer)
        self._update_overlay()
        self._update_handles()
        if self.act_spot_tool.isChecked():  # an undo, or Heal chosen: the spots and sources shown follow
            self._update_spots()

    def _refresh_editor(self) -> None:
        if self._crop_layer is not None and self.session is not None:
            self._crop_follow_stack()
        layer = self.current_layer()
        if layer is None and self.layer_model.rowCount():
            self._select_row(0)
            return
        self.editor.set_layer(layer)
        self._update_overlay()
        self._update_handles()

    def add_layer(self, op_name: str) -> None:
        if self.session is None:
            return
        from ..document import Layer
        from ..ops import get

        # what the operation measures from the photo (a dehaze's haze colour), on the preview
        op = get(op_name)
        measured = op.measure(self.session.proxy.rgb, self.session.photo.exif)
        # a tool with a place of its own (Red eye: the pupils) starts as it is meant to work, there
        layer = Layer.new(op_name, **{**op.placed_values, **measured})
        if op_name == "white_balance":  # its sliders show the light it was shot in
            from ..ops.white_balance import edited

            layer = layer.with_params(**edited(layer.params, "light", layer.params["light"]))
        self.session.add_layers([layer])
        if op_name == "lens":  # Lightroom's "Enable Profile Corrections": say what was found, or why not
            self._say_lens_profile()
        elif op.own_place and self.planner is not None:
            self.select_mask(layer.id, op.own_place)  # the new layer's mask, whatever is below it
        self._select_row(0)
        if op_name == "spot_removal":  # the dust is looked for; the tool is ready for the rest
            self.act_spot_tool.setChecked(True)
        if op_name == "white_balance":  # what it was developed for, to choose against
            from ..ops.white_balance import shot_light

            kelvin, tint = shot_light(layer.params["camera"])
            raw = any(layer.params["camera"])
            self.notify(f"{'Developed for' if raw else 'Taken as shot under'} {round(kelvin / 50) * 50:.0f} K, tint {tint:+.0f} (as shot"
                        f"{'' if raw else ': not a raw, so relative to daylight'}); choose the light it was taken in.")

    def duplicate_layer(self) -> None:
        layer = self.current_layer()
        if layer is not None:
            from .commands import AddLayers

            self.session.push(AddLayers(self.session.stack, [layer.duplicate()], self.session.stack.index_of(layer.id) + 1,
                                        text=f"Duplicate {layer.operation.label}"))

    def delete_layer(self) -> None:
        layer = self.current_layer()
        if layer is not None:
            self.session.remove_layer(layer.id)

    def reset_layer(self) -> None:
        layer = self.current_layer()
        if layer is not None:  # back to a new layer's values, measured ones included (a dehaze's haze colour)
            fresh = layer.reset()
            measured = layer.operation.measure(self.session.proxy.rgb, self.session.photo.exif)
            self.session.set_layer(fresh.with_params(**measured) if measured else fresh,
                                   f"Reset {layer.operation.label}")

    def _toggle_layer(self, layer_id: str, enabled: bool) -> None:
        layer = self.session.layer(layer_id)
        self.session.set_layer(layer.replace(enabled=enabled), f"{'Show' if enabled else 'Hide'} {layer.operation.label}")

    def _param_edited(self, layer_id: str, name: str, value: Any, gesture: Any) -> None:
        layer = self.session.layer(layer_id)
        if layer.op == "crop" and name in crop_frame.OPPOSITE:  # margins never meet
            value = crop_frame.margin_within(layer.params, name, value)
        key = (layer_id, name, gesture) if gesture is not None else None
        changes = {name: value}
        if layer.op == "white_balance":  # a light shows its kelvin on the sliders; a slider moved is Custom
            from ..ops.white_balance import edited

            changes = edited(layer.params, name, value)
        new = layer.with_params(**changes)
        if layer.op == "spot_removal" and name == "method" and self._copies_spots(new):
            new = self._with_sources(new)
        self.session.set_layer(new, f"{layer.operation.label}: {name}", key)

    def _params_edited(self, layer_id: str, changes: dict, what: str) -> None:
        """Several of a layer's parameters set at once (a Recolour layer's colour chosen), as one
        undo step."""
        layer = self.session.layer(layer_id)
        self.session.set_layer(layer.with_params(**changes), f"{layer.operation.label}: {what}")

    def _with_sources(self, layer: Any) -> Any:
        """A Spot removal ``layer`` about to heal or clone, with every spot's source written into
        its words (the ones it has kept; the others chosen on the preview, as the tool shows
        them), so that the preview and the export copy from the same places."""
        from ..document import Mask
        from ..document.mask import place_spot_sources, place_spots, spots_words

        spots = place_spots(layer.place)
        if spots is None or all(s is not None for s in place_spot_sources(layer.place)):
            return layer
        words = spots_words(spots, self._spot_sources(layer))
        return layer.replace(mask=Mask.from_shape(words, self.session.proxy.rgb.shape[:2]), place=(("replace", words),))

    def _opacity_edited(self, layer_id: str, value: float, gesture: Any) -> None:
        layer = self.session.layer(layer_id)
        key = (layer_id, "__opacity__", gesture) if gesture is not None else None
        self.session.set_layer(layer.replace(opacity=max(0.0, min(1.0, value))), f"{layer.operation.label}: opacity", key)

    def undo(self) -> None:
        if self.session is not None:
            self.session.undo.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.undo.redo()

    def _update_undo_actions(self) -> None:
        try:
            u = self.session.undo if self.session else None
            self.act_undo.setEnabled(bool(u and u.canUndo()))
            self.act_redo.setEnabled(bool(u and u.canRedo()))
        except RuntimeError:  # the window is closing and Qt already deleted the stack
            pass

    # ================================================================== masks
    def _mask_action(self, layer_id: str, action: str, arg: Any) -> None:
        if action == "select":
            self.select_mask(layer_id, *arg)
            return
        def ask() -> str | None:
            path, _ = QFileDialog.getOpenFileName(self, "Mask image", str(self.session.path.parent), "PNG (*.png)")
            return path or None

        error = self.session.mask_edit(layer_id, action, arg, ask if action == "load" and arg is None else None)
        if error:
            self.notify(error)

    def focus_mask_select(self) -> None:
        """M: the selected layer's mask Select box, scrolled into view with its choices open."""
        layer = self.current_layer()
        if layer is None or layer.operation.geometric:
            self.notify("Select a layer that can have a mask first (a turn or a crop has none).")
            return
        self.editor_scroll.ensureWidgetVisible(self.editor.select_what)
        self.editor.select_what.setFocus()
        self.editor.select_what.lineEdit().selectAll()

    def select_mask(self, layer_id: str, phrase: str, mode: str = "replace") -> None:
        """The layer's mask from words ("the sky", "the man on the left", "the shadows"), found
        on a worker thread by the planner's grounding, then set or joined by ``mode`` as one undo
        step. What cannot be found is one line, and the mask stays as it was."""
        if self.session is None:
            return
        if not phrase.strip():
            self.notify("Type what to select, e.g. \"the sky\" or \"the man on the left\".")
            self.mask_selected.emit("")
            return
        if self.planner is None:
            self.notify("The models are still loading; try again in a moment.")
            self.mask_selected.emit("")
            return
        if self.plan_task is not None:
            self.notify("Wait for the request being worked on, or cancel it.")
            self.mask_selected.emit("")
            return
        planner, image, op = self.planner, self.session.proxy.rgb, self.session.layer(layer_id).op
        session = self.session
        self.statusBar().showMessage(f"Selecting {phrase.strip()}…")

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            return planner.select(phrase, image, op, cancel=cancelled, step=self.plan_step.emit)

        def ok(region: Any) -> None:
            if session is not self.session or layer_id not in {l.id for l in session.stack}:
                self.mask_selected.emit("")  # the photo was closed or the layer removed meanwhile
                return
            if region.mask is None:
                self.notify(region.message)
                self.mask_selected.emit(region.message)
                return
            session.join_mask(layer_id, region.mask, mode, region.words)
            if not self._mask_overlay:
                self.editor.show_mask.setChecked(True)  # show what was selected
            if region.message:
                self.notify(region.message)
            else:
                self.clear_notice()
                from ..document.mask import shape_text

                self.statusBar().showMessage(f"Selected {shape_text(region.words)}.", 4000)
            self.mask_selected.emit(region.message or "")

        self._busy_run(job, ok, "select", "Could not select that", "Selection cancelled", self.mask_selected)

    def _show_mask(self, on: bool) -> None:
        self._mask_overlay = on
        self.act_show_mask.setChecked(on)
        self._update_overlay()


    def _on_picked(self, x: float, y: float) -> None:
        """A click of a picking tool: the white balance when its picker is on, else the Mask box's
        colour range."""
        if self.act_pick_white.isChecked():
            self.pick_white_balance(x, y)
        elif self._fringe_pick is not None:
            self.pick_fringe(x, y)
        elif self._brush[0] == "colour":
            self.pick_colour_range(x, y)

    def pick_colour_range(self, x: float, y: float) -> None:
        """The Mask box's Colour tool clicked at ``(x, y)`` of the preview: every part of the
        photo of the colour there (a 5 x 5 average of the original, within the tool's range) joined
        to the layer's mask by the Select mode, as one undo step, as Lightroom's colour range mask.
        The colour is kept in the layer's place, so the mask is found again on another photo."""
        layer = self.current_layer()
        if layer is None or self.session is None:
            return
        from ..document import Mask
        from ..document.mask import colour_words
        from ..grounding.tonal import colour_mask

        colour = self._sample(x, y)
        if colour is None:
            return
        tol = float(self.editor.colour_range.value())
        self.session.join_mask(layer.id, Mask(colour_mask(self.session.proxy.rgb, tuple(colour), tol)),
                               self.editor.select_mode_now(), colour_words(tuple(colour), tol))
        self._update_overlay()

    def _sample(self, x: float, y: float) -> Any:
        """The original photo's mean colour (0-1) over 5 x 5 proxy pixels round the preview's point
        ``(x, y)``; None outside the photo."""
        from ..render.kernels import to_float

        px, py = self.session.photo_point(x, y)
        rgb = self.session.proxy.rgb
        h, w = rgb.shape[:2]
        if not (0 <= px < w and 0 <= py < h):
            return None
        cx, cy = int(px), int(py)
        return to_float(rgb[max(0, cy - 2): cy + 3, max(0, cx - 2): cx + 3]).reshape(-1, 3).mean(axis=0)

    def _update_picking(self) -> None:
        """A click on the canvas picks (rather than pans) while the white-balance picker is on or
        the Mask box's Colour tool is chosen."""
        self.canvas.picking = self.act_pick_white.isChecked() or self._fringe_pick is not None or self._brush[0] == "colour"

    def _cancel_picking(self) -> None:
        """Esc while a picker is on: off, nothing changed."""
        if self._fringe_pick is not None:
            self._fringe_pick = None
            self._update_picking()
            self.canvas.unsetCursor()
            self.clear_notice()
        self._toggle_picker(False)

    def start_fringe_pick(self, layer_id: str) -> None:
        """A defringe layer's "Pick a fringe": the next click on the photo picks the fringes' colour."""
        if self.session is None:
            return
        self._toggle_picker(False)
        self._fringe_pick = layer_id
        self._update_picking()
        self.canvas.setFocus()
        self.notify("Click a purple or green fringe along a bright edge (zoom in to see it); Esc cancels.")

    def pick_fringe(self, x: float, y: float) -> None:
        """The fringe picker's click at ``(x, y)`` of the preview: the most colourful pixel of the
        original within 4 proxy pixels (a fringe is thin) sets the purple or green range's hue, and
        its amount if it was 0, as one undo step; a grey spot or another colour says so and
        changes nothing."""
        layer_id, self._fringe_pick = self._fringe_pick, None
        self._update_picking()
        self.canvas.unsetCursor()
        self.clear_notice()
        if self.session is None or layer_id not in {l.id for l in self.session.stack.layers}:
            return  # the layer was deleted meanwhile
        from ..ops.defringe import fringe_colour, picked_fringe
        from ..render.kernels import to_float

        px, py = self.session.photo_point(x, y)
        rgb = self.session.proxy.rgb
        h, w = rgb.shape[:2]
        if not (0 <= px < w and 0 <= py < h):
            return
        cx, cy = int(px), int(py)
        colour = fringe_colour(to_float(rgb[max(0, cy - 4): cy + 5, max(0, cx - 4): cx + 5]))
        if colour is None:
            self.notify("There is no colour there; click on a purple or green fringe (zoom in to see it).")
            return
        layer = self.session.layer(layer_id)
        try:
            params, said = picked_fringe(colour, layer.params)
        except ValueError as exc:
            self.notify(str(exc))
            return
        self.session.set_layer(layer.with_params(**params), "Defringe: picked")
        self.statusBar().showMessage(f"Defringe: {said}", 5000)

    def _toggle_picker(self, on: bool) -> None:
        on = on and self.session is not None
        if on:
            self._fringe_pick = None  # one picker at a time
        self.act_pick_white.setChecked(on)
        self._update_picking()
        if on:
            self.canvas.setFocus()
            self.notify("Click a surface that should be grey or white (a wall, a road, a cloud); Esc cancels.")
        else:
            self.canvas.unsetCursor()
            self.clear_notice()

    def pick_white_balance(self, x: float, y: float) -> None:
        """The white-balance picker's click at ``(x, y)`` of the preview: the photo's colour there
        (a 5 x 5 average of the original, as a raw editor samples before its other edits) made
        neutral by colour curves at the bottom of the stack (the bottom Colour curves layer is
        reused, so picking again replaces the last pick), as one undo step. A clipped or black
        spot, or one neutral already, says so and changes nothing."""
        if self.session is None:
            return
        import numpy as np

        from ..document import Layer
        from ..model.autofix import picked_curves
        from .commands import AddLayers

        self._toggle_picker(False)
        colour = self._sample(x, y)
        if colour is None:
            return
        curves = picked_curves(colour)
        if curves is None:
            clipped = bool(np.any(colour <= 0.03) or np.any(colour >= 0.97))
            self.notify("That spot is too dark or too bright to show the light's colour; pick a mid-grey surface."
                        if clipped else "That spot is neutral already: nothing to correct.")
            return
        params = {"curves": curves.tolist()}
        stack = self.session.stack
        if len(stack) and stack[0].op == "hue":
            self.session.set_layer(stack[0].with_params(**params), "White balance: picked")
        else:
            self.session.push(AddLayers(stack, [Layer.new("hue", **params)], 0, text="White balance: picked"))
        self._select_row(self.layer_model.row_of(stack[0].id))

    def choose_screen_profile(self) -> None:
        start = str(Path(str(self.settings.value("screen_profile", "") or "/usr/share/color/icc")).parent)
        path, _ = QFileDialog.getOpenFileName(self, "Display profile", start, "ICC profiles (*.icc *.icm);;All files (*)")
        if path:
            self.set_screen_profile(path)
        else:
            self._show_screen_choice()

    def set_screen_profile(self, path: str | None, remember: bool = True) -> bool:
        """Show photos converted to the screen profile at ``path`` (None: sRGB), remembered for
        the next start; a file that is not a usable profile is one line and the screen stays as
        it was."""
        from ..render.display import set_screen_profile

        try:
            icc = Path(path).read_bytes() if path else None
            name = set_screen_profile(icc)
        except (OSError, ValueError) as exc:
            self.notify(f"{Path(path).name if path else 'sRGB'}: {getattr(exc, 'strerror', None) or exc}")
            self._show_screen_choice()
            return False
        if remember:
            self.settings.setValue("screen_profile", path or "")
        self._show_screen_choice()
        self._refresh_display()
        self.statusBar().showMessage(f"Photos are shown for a {name} screen.", 5000)
        return True

    def _show_screen_choice(self) -> None:
        from ..render.display import screen_profile

        on_file = screen_profile() is not None
        self.act_screen_srgb.setChecked(not on_file)
        self.act_screen_file.setChecked(on_file)

    def _refresh_display(self) -> None:
        """The preview, the before view and the thumbnails shown again for the screen profile."""
        if self.session is not None:
            self.session.refresh_display()
            self.canvas.set_images(None if self.canvas.after is None else self.canvas.after, self.session.before_image)
            self.session.request_render()
        for p in list(self.filmstrip_model.paths):
            self.filmstrip_model.refresh(p)

    def _o_pressed(self, on: bool) -> None:
        """O: the mask shown or hidden; in the crop tool, the frame's next guides (Lightroom's
        crop overlays: thirds, golden ratio, diagonals, grid)."""
        if self.canvas.crop is not None:
            from .crop_frame import next_overlay

            self.act_show_mask.setChecked(not on)  # the mask stays as it was
            self.canvas.crop_overlay = next_overlay(self.canvas.crop_overlay)
            self.canvas.update()
            self.statusBar().showMessage(f"Crop guides: {self.canvas.crop_overlay} (O for the next)", 3000)
            return
        self.editor.show_mask.setChecked(on)

    def _toggle_visualize(self, on: bool) -> None:
        self.canvas.visualize_spots = on
        self.canvas.update()

    def _toggle_clipping(self, on: bool) -> None:
        self.canvas.show_clipping = on
        self.canvas.update()

    def _update_overlay(self) -> None:
        layer = self.current_layer()
        if not self._mask_overlay or layer is None or self.session is None:
            self.canvas.set_overlay(None)
            return
        from .session import mask_qimage

        mask = self._stroke_mask if self._stroke_mask is not None else self.session.proxy_mask(layer)
        self.canvas.set_overlay(mask_qimage(self.session.shown_mask(mask)))  # where the cropped preview shows it

    def _brush_changed(self, mode: str, radius: int) -> None:
        self._brush = (mode, radius)
        if mode and self.act_spot_tool.isChecked():  # one tool at a time
            self.act_spot_tool.setChecked(False)
        drawn = mode in ("gradient", "radial")
        self.canvas.brush_radius = float(radius) if mode in ("add", "subtract") else 0.0
        self.canvas.shape_tool = mode if drawn else ""
        self.canvas.radial_feather = self.editor.radial_feather.value() / 100.0
        self._update_picking()
        if mode and not self._mask_overlay:
            self.editor.show_mask.setChecked(True)
        self.canvas.update()

    def _on_stroke(self, x: float, y: float, first: bool) -> None:
        layer = self.current_layer()
        mode, radius = self._brush
        if layer is None or not mode:
            return
        if first or self._stroke_mask is None:
            self._stroke_mask = self.session.stroke_start(layer, add=mode == "add")
        r = self.session.photo_radius(x, y, float(radius))  # a straightened preview is zoomed in
        x, y = self.session.photo_point(x, y)  # the preview may be cropped or turned: paint the photo's point
        lab = self.session.proxy_lab() if self.editor.auto_mask.isChecked() else None
        self.session.paint(self._stroke_mask, x, y, r, mode == "add", lab)
        self._update_overlay()

    def _on_shape(self, x0: float, y0: float, x1: float, y1: float, finished: bool) -> None:
        """A graduated or radial mask being drawn (proxy coordinates of the shown preview): shown
        on the canvas as it is dragged, joined to the layer's mask by the Select mode on release,
        as one undo step. A drag of no length draws nothing."""
        mode = self._brush[0]
        if mode in ("gradient", "radial"):
            self.canvas.radial_feather = self.editor.radial_feather.value() / 100.0  # its inner guide
            self._shape_drag(self.canvas.shape_kind(), self.editor.select_mode_now(), x0, y0, x1, y1, finished)

    def _on_handle(self, kind: str, x0: float, y0: float, x1: float, y1: float, finished: bool) -> None:
        """A pin of the selected layer's drawn mask dragged (:meth:`_update_handles`): the shape
        drawn again from the moved points (its feather kept), replacing the mask, as one undo step."""
        layer = self.current_layer()
        if layer is None or not layer.place:
            return
        from ..document.mask import shape_angle, shape_feather

        words = layer.place[0][1]
        self._shape_drag(kind, "replace", x0, y0, x1, y1, finished, moved=True, feather=shape_feather(words),
                         angle=shape_angle(words))

    def _on_handle_turned(self, angle: float, finished: bool) -> None:
        """The turn pin of the selected layer's ellipse dragged (Lightroom turns a radial gradient by
        dragging outside it): the ellipse turned to ``angle`` about its centre, its size and feather
        kept, replacing the mask as one undo step ("Mask: turn a radial mask"); NaN: let go."""
        import math

        layer = self.current_layer()
        words = self._drawn_shape(layer)
        if words is None or self.session is None:
            return
        from ..document.mask import parse_shape, shape_angle

        kind, (ax, ay), (bx, by) = parse_shape(words)  # type: ignore[misc]
        if kind != "ellipse" or not math.isfinite(angle):
            self._shape_drag(kind, "replace", 0, 0, 0, 0, True)  # let go: the mask as it was
            return
        h, w = self.session.proxy.rgb.shape[:2]
        t = math.radians(angle - shape_angle(words))
        dx, dy = (bx - ax) * w, (by - ay) * h
        x0, y0 = ax * w, ay * h
        x1, y1 = x0 + dx * math.cos(t) - dy * math.sin(t), y0 + dx * math.sin(t) + dy * math.cos(t)
        self._shape_drag(kind, "replace", x0, y0, x1, y1, finished, moved=True, angle=angle, verb="turn")

    def _shape_drag(self, kind: str, join: str, x0: float, y0: float, x1: float, y1: float, finished: bool,
                    moved: bool = False, feather: float | None = None, angle: float = 0.0, verb: str = "") -> None:
        layer = self.current_layer()
        if layer is None or self.session is None:
            return
        import numpy as np

        from ..document import Mask
        from ..document.mask import shape_words

        if (x0, y0) == (x1, y1):
            self._stroke_mask = None
            self.session.stand_in(None)
            self._update_overlay()
            return
        shape = self.session.proxy.rgb.shape[:2]
        a, b = self.session.photo_point(x0, y0), self.session.photo_point(x1, y1)  # on the photo, as a brush paints
        feather = self.editor.radial_feather.value() / 100.0 if feather is None else feather
        words = shape_words(kind, a, b, shape, feather, angle)  # kept in the layer's place: redrawn anywhere
        drawn = Mask.from_shape(words, shape)  # the mask the words make: what a paste or a preset redraws
        if finished:
            self._stroke_mask = None
            self.session.stand_in(None)
            self.session.join_mask(layer.id, drawn, join, words, verb=verb or ("move" if moved else ""))
            self._update_overlay()
            return
        base = layer.mask if layer.mask is not None else Mask(np.ones(shape, np.float32))
        joined = base.combined(drawn, join)
        self._stroke_mask = np.asarray(joined.resized(*shape))
        self.session.stand_in(layer.replace(mask=joined, enabled=True))  # its effect shows as the drag goes
        self._update_overlay()

    def _drawn_shape(self, layer: Any) -> str | None:
        """The words of ``layer``'s mask when it is one drawn shape (its place a single gradient,
        radial or ellipse step), else None."""
        if layer is None or layer.mask is None or len(layer.place) != 1 or layer.place[0][0] != "replace":
            return None
        from ..document.mask import parse_shape

        return layer.place[0][1] if parse_shape(layer.place[0][1]) is not None else None

    # ================================================================== spot removal
    def _spot_layer(self) -> Any:
        """The layer the spot removal tool heals into: the selected one when it is a Spot removal
        layer, else the top one of them; None when there is none yet."""
        if self.session is None:
            return None
        layer = self.current_layer()
        if layer is not None and layer.op == "spot_removal":
            return layer
        return next((l for l in reversed(self.session.stack.layers) if l.op == "spot_removal"), None)

    def _toggle_spot_tool(self, on: bool) -> None:
        """The spot removal tool (Q; Lightroom's Spot Removal): clicks and drags on the photo heal
        spots into a Spot removal layer (made at the bottom of the stack with the first spot, as
        dust belongs to the photo before any edit), its spots outlined on the photo."""
        if on and self.session is None:
            self.act_spot_tool.setChecked(False)
            return
        if on:
            for b in self.editor._tools.values():  # one tool at a time: no mask brush, no picker
                b.setChecked(False)
            if self.act_pick_white.isChecked():
                self._toggle_picker(False)
            if self._spot_radius <= 0:
                self._spot_radius = max(4.0, round(max(self.session.proxy.rgb.shape[:2]) * 0.01))
            layer = self._spot_layer()
            if layer is not None and layer is not self.current_layer():
                self._select_row(self.layer_model.row_of(layer.id))
            self.canvas.setFocus()
            self.notify("Click a spot to heal it, drag along a scratch; Alt+click a spot to take it away, "
                        "[ and ] change the size, Shift+Q shows the spots; with method Heal or Clone, drag a "
                        "dashed source to copy from elsewhere; Esc when done.")
        else:
            self.clear_notice()
        self.canvas.spot_radius = self._spot_radius if on else 0.0
        self.editor.show_spot_tool(on, self._spot_radius)
        self._update_spots()

    def _spot_resized(self, radius: float) -> None:
        self._spot_radius = float(radius)
        if self.act_spot_tool.isChecked():
            self.canvas.spot_radius = self._spot_radius
            self.canvas.update()
        self.editor.show_spot_tool(self.act_spot_tool.isChecked(), self._spot_radius)

    def _update_spots(self) -> None:
        """The outlines of the spots the tool heals, on the preview; none while a turn, flip or
        crop reshapes the picture (they would not sit on it)."""
        spots: list = []
        sources: list = []
        layer = self._spot_layer() if self.act_spot_tool.isChecked() else None
        if layer is not None and not any(l.operation.geometric and l.is_active() for l in self.session.shown_layers()):
            from ..document.mask import place_spots

            h, w = self.session.proxy.rgb.shape[:2]
            spots = [(r * max(h, w), [(x * w, y * h) for x, y in path]) for r, path in place_spots(layer.place) or []]
            if spots and self._copies_spots(layer):  # a heal's or a clone's sources, to see and move
                sources = [(dx * w, dy * h) for dx, dy in self._spot_sources(layer)]
        self.canvas.spots = spots
        self.canvas.spot_sources = sources
        self.canvas.update()

    @staticmethod
    def _copies_spots(layer: Any) -> bool:
        """Whether the Spot removal ``layer`` heals or clones (copies each spot from a source)."""
        from ..ops.spot_removal import CLONE, HEAL

        return int(layer.params.get("method", 0)) in (HEAL, CLONE)

    def _spot_sources(self, layer: Any) -> list:
        """Where each spot of ``layer`` is copied from (offsets, fractions of the photo): its own,
        or, for a spot with none (found by "remove the dust spots", or made before), the one the
        rendering chooses, measured on the preview."""
        from ..document.mask import place_spot_sources, place_spots
        from ..ops.spot_removal import pick_sources

        spots = place_spots(layer.place) or []
        key = (layer.place, self.session.source_key)
        if self._picked_sources[0] != key:
            own = place_spot_sources(layer.place)
            missing = [i for i in range(len(spots)) if own[i] is None]
            picked = dict(zip(missing, pick_sources(self.session.proxy.rgb, spots, missing)))
            self._picked_sources = (key, [picked.get(i, own[i]) for i in range(len(spots))])
        return self._picked_sources[1]

    def move_spot_source(self, index: int, dx: float, dy: float) -> None:
        """A heal's or clone's source dragged to the offset ``dx, dy`` (preview pixels) from its
        spot, as one undo step."""
        layer = self._spot_layer()
        if layer is None or self.session is None:
            return
        from ..document import Mask
        from ..document.mask import place_spots, spots_words

        spots = place_spots(layer.place)
        if spots is None or not 0 <= index < len(spots):
            return
        h, w = self.session.proxy.rgb.shape[:2]
        sources = list(self._spot_sources(layer))
        sources[index] = (min(1.0, max(-1.0, dx / w)), min(1.0, max(-1.0, dy / h)))
        words = spots_words(spots, sources)
        new = layer.replace(mask=Mask.from_shape(words, (h, w)), place=(("replace", words),))
        self.session.set_layer(new, "Spot removal: move a source")
        self._update_spots()

    def add_spot(self, path: list, radius: float) -> None:
        """A spot made with the tool (its path and radius in the shown preview's pixels) healed in
        the Spot removal layer, as one undo step."""
        if self.session is None or not path:
            return
        from ..document import Layer, Mask
        from ..document.mask import MAX_SPOTS, place_spots, spots_words, thinned
        from ..ops.spot_removal import pick_source
        from .commands import AddLayers

        h, w = self.session.proxy.rgb.shape[:2]
        x0, y0 = path[0]
        r = self.session.photo_radius(x0, y0, float(radius))  # a straightened preview is zoomed in
        pts = thinned([self.session.photo_point(x, y) for x, y in path], max(r * 0.5, 1.0))
        spot = (r / max(h, w), tuple((x / w, y / h) for x, y in pts))
        layer = self._spot_layer()
        spots = (place_spots(layer.place) or []) if layer is not None else []
        if len(spots) >= MAX_SPOTS:
            self.notify(f"A Spot removal layer holds at most {MAX_SPOTS} spots; add another layer for more.")
            return
        # its source chosen now and kept (shown, and moved by dragging it, when the layer heals or clones)
        sources = [*(self._spot_sources(layer) if spots else []), pick_source(self.session.proxy.rgb, [*spots, spot],
                                                                                len(spots))]
        words = spots_words([*spots, spot], sources)
        mask = Mask.from_shape(words, (h, w))
        what = "Spot removal: heal a scratch" if len(pts) > 1 else "Spot removal: heal a spot"
        if layer is None:
            new = Layer.new("spot_removal").replace(mask=mask, place=(("replace", words),), local=True)
            self.session.push(AddLayers(self.session.stack, [new], 0, text=what))
            self._select_row(self.layer_model.row_of(new.id))
        elif place_spots(layer.place) is None and layer.mask is not None:  # a painted mask: the spot joins it
            self.session.set_layer(layer.replace(mask=layer.mask.combined(mask, "add"), place=(), enabled=True), what)
        else:
            self.session.set_layer(layer.replace(mask=mask, place=(("replace", words),), enabled=True), what)
        self._update_spots()

    def remove_spot(self, index: int) -> None:
        """The spot ``index`` of the tool's layer taken away (Alt+click), as one undo step; the last
        one gone leaves the layer with nothing to heal."""
        layer = self._spot_layer()
        from ..document import Mask
        from ..document.mask import place_spot_sources, place_spots, spots_words

        spots = place_spots(layer.place) if layer is not None else None
        if spots is None or not 0 <= index < len(spots):
            return
        sources = place_spot_sources(layer.place)
        rest = spots[:index] + spots[index + 1:]
        if rest:
            words = spots_words(rest, sources[:index] + sources[index + 1:])
            new = layer.replace(mask=Mask.from_shape(words, self.session.proxy.rgb.shape[:2]), place=(("replace", words),))
        else:
            new = layer.replace(mask=None, place=())
        self.session.set_layer(new, "Spot removal: take a spot away")
        self._update_spots()

    def find_dust(self, layer_id: str) -> None:
        """"Find dust spots" of a Spot removal layer: the dust the photo shows (found on a worker),
        added to the layer's spots as one undo step."""
        layer = self.session.layer(layer_id) if self.session is not None else None
        self.select_mask(layer_id, "the dust spots", "add" if layer is not None and layer.mask is not None else "replace")

    def _update_handles(self) -> None:
        """Pins on the canvas for the selected layer's mask when it is one drawn shape, to move its
        start and end as Lightroom's mask pins do; none while a turn, flip or crop changes the
        picture's shape (the pins would not sit on it). A radial one's feather shows in the Mask
        box, where changing it changes the mask."""
        layer = self.current_layer()
        words = self._drawn_shape(layer)
        handles, angle = None, 0.0
        if words is not None and self.session is not None and not any(
                l.operation.geometric and l.is_active() for l in self.session.shown_layers()):
            from ..document.mask import ROUND_SHAPES, parse_shape, shape_angle, shape_feather

            h, w = self.session.proxy.rgb.shape[:2]
            kind, (ax, ay), (bx, by) = parse_shape(words)  # type: ignore[misc]
            handles = (kind, (ax * w, ay * h), (bx * w, by * h))
            angle = shape_angle(words)
            if kind in ROUND_SHAPES:
                feather = shape_feather(words)
                self.canvas.radial_feather = feather  # its inner guide while moved
                spin = self.editor.radial_feather
                spin.blockSignals(True)  # showing the layer's feather is not changing it
                spin.setValue(round(feather * 100))
                spin.blockSignals(False)
        self.canvas.set_handles(handles, angle)
        self._update_spots()

    def _feather_changed(self, value: int) -> None:
        """The Mask box's feather changed: a selected layer whose mask is one radial shape gets it
        drawn again with that feather (a run of changes is one undo step); otherwise it is the
        feather of the next shape drawn."""
        layer = self.current_layer()
        words = self._drawn_shape(layer)
        if words is None or self.session is None:
            return
        from ..document import Mask
        from ..document.mask import ROUND_SHAPES, parse_shape, shape_feather, with_feather

        if parse_shape(words)[0] not in ROUND_SHAPES or round(shape_feather(words) * 100) == value:  # type: ignore[index]
            return
        new = with_feather(words, value / 100.0)
        drawn = Mask.from_shape(new, self.session.proxy.rgb.shape[:2])
        self.session.join_mask(layer.id, drawn, "replace", new, verb="feather", merge_key=("feather", layer.id))
        self.canvas.radial_feather = value / 100.0
        self._update_overlay()

    def _on_stroke_finished(self) -> None:
        layer = self.current_layer()
        if layer is None or self._stroke_mask is None:
            return
        from ..document import Mask

        mask, self._stroke_mask = self._stroke_mask, None
        self.session.set_layer(layer.replace(mask=Mask(mask), place=()), "Paint mask")  # painted: not words any more

    def remove_all_layers(self) -> None:
        """Every layer removed as one undo step: the original photo again, as Lightroom's Reset."""
        if self.session is None or not len(self.session.stack):
            return
        from .commands import ReplaceStack

        self.session.push(ReplaceStack(self.session.stack, list(self.session.stack.layers), [], "Remove all layers"))

    # ================================================================== copy and paste edits
    def copy_some_edits(self) -> Any:
        """Copy some edits: the layers to copy, each ticked (non-blocking; the dialog, for tests)."""
        if self.session is None or not len(self.session.stack):
            self.notify("This photo has no edits to copy.")
            return None
        from .presets import ChooseLayersDialog

        dlg = ChooseLayersDialog(self, list(self.session.stack.layers), "Copy some edits", "Copy")
        dlg.accepted.connect(lambda: self.copy_edits(layers=dlg.chosen()))
        dlg.setModal(True)
        dlg.show()
        return dlg

    def copy_edits(self, only_selected: bool = False, layers: list | None = None) -> None:
        """Put every layer of the photo (or the selected one, or ``layers``) on the clipboard as
        an edit file's text. (Plain text: a QMimeData of our own left on the clipboard crashed Qt
        at exit.)"""
        if self.session is None:
            return
        current = self.current_layer()
        if layers is None:
            layers = ([current] if current is not None else []) if only_selected else list(self.session.stack.layers)
        if not layers:
            self.notify("Select a layer to copy." if only_selected else "This photo has no edits to copy.")
            return
        from PySide6.QtGui import QGuiApplication

        from ..document import EditStack, sidecar

        QGuiApplication.clipboard().setText(sidecar.dumps(EditStack(layers), photo={"name": self.session.path.name}))
        n = len(layers)
        self.statusBar().showMessage(f"Copied {n} layer{'s' * (n != 1)}: open another photo and paste them (Ctrl+Shift+V)",
                                     8000)

    def paste_edits(self) -> None:
        """Add the clipboard's layers (an edit file's text: copied edits, or a file's) on top of this
        photo's, as one undo step. Masks come by position (stretched to this photo's shape)."""
        if self.session is None:
            return
        from PySide6.QtGui import QGuiApplication

        from ..document import sidecar

        text = QGuiApplication.clipboard().text()
        raw = text.encode("utf-8") if text.lstrip().startswith("{") else b""
        if not raw:
            self.notify("The clipboard holds no edits: copy them from a photo with Edit > Copy edits.")
            return
        try:
            layers = [l.duplicate() for l in sidecar.loads(raw, "the clipboard").layers]
        except sidecar.SidecarError as exc:
            self.notify(f"Could not paste: {exc}")
            return
        if not layers:
            self.notify("The copied edits hold no layers.")
            return
        n = len(layers)
        self._add_copied(layers, f"Paste edits ({n} layer{'s' * (n != 1)})", f"Pasted {n} layer{'s' * (n != 1)}",
                         "the other photo")

    def sync_dialog(self, everywhere: bool = False, layers: list | None = None) -> Any:
        """Sync edits: choose this photo's layers (or of ``layers``) to put on the photos selected
        in the filmstrip (``everywhere``: on every other photo the strip shows) (non-blocking;
        returns the dialog, for tests)."""
        if self.session is None:
            return None
        chosen = [str(p) for p in self.filmstrip_model.paths] if everywhere else self.filmstrip.selected_paths()
        targets = [p for p in chosen if Path(p) != self.session.path]
        if everywhere and not targets:
            if layers is None:
                self.notify("This is the only photo in its folder: there are no others to sync its edits to.")
            return None
        if not targets:
            self.notify("Select the photos to sync in the filmstrip (Ctrl+click or Shift+click them), then Sync edits "
                        "(Ctrl+Shift+S): this photo's layers go on top of theirs.")
            return None
        if not len(self.session.stack):
            self.notify("This photo has no edits to sync.")
            return None
        if self.sync_task is not None:
            self.notify("A sync is still running; wait for it or cancel it.")
            return None
        from .presets import ChooseLayersDialog

        n = len(targets)
        dlg = ChooseLayersDialog(self, list(self.session.stack.layers) if layers is None else layers,
                                 f"Sync edits to {n} photo{'s' * (n != 1)}", "Sync")
        dlg.accepted.connect(lambda: self.sync_edits(targets, dlg.chosen()))
        dlg.setModal(True)
        dlg.show()
        return dlg

    def sync_edits(self, targets: list[str], layers: list) -> Task | None:
        """Put ``layers`` on top of each photo of ``targets``'s saved edits, on a worker, with
        progress and Cancel; each photo gets them as an undo step of its own. The photo open
        now is left alone (its edits are this window's)."""
        if not layers or not targets or self.sync_task is not None or self.session is None:
            return None
        from ..model.sync import summary, sync_edits

        n = len(layers)
        text = f"Sync from {self.session.path.name} ({n} layer{'s' * (n != 1)})"
        planner, results = self.planner, []

        def skip(path: str) -> str:
            return f"{Path(path).name} is open here" if path == self._open_path else ""

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            return sync_edits(targets, layers, text, planner, skip, cancelled, progress, results)

        def progress(done: int, total: int) -> None:
            self.sync_progress.setRange(0, total)
            self.sync_progress.setValue(done)

        def finished(message: str) -> None:
            self.sync_progress.hide()
            self.cancel_sync_button.hide()
            self.sync_task = None
            for r in results:
                if not r.problem:
                    self.filmstrip_model.refresh(r.path)
            self.notify(message)

        self.sync_progress.setRange(0, len(targets))
        self.sync_progress.setValue(0)
        self.sync_progress.show()
        self.cancel_sync_button.show()
        self.sync_task = self._run(job, lambda r: finished(summary(r, n)), "sync",
                                   on_fail=lambda m: finished(f"Sync stopped: {m}. " + summary(results, n)),
                                   on_cancel=lambda: finished("Sync cancelled. " + summary(results, n)),
                                   on_progress=progress)
        return self.sync_task

    def _add_copied(self, layers: list, undo_text: str, said: str, origin: str,
                    answer: Callable[[str], None] | None = None, refound: tuple | None = None) -> None:
        """Add layers made for another photo (pasted, a preset) on top, as one undo step. A mask
        made from words (``Layer.place``: "the sky", "her face") is found again in this photo, on
        a worker, as a request's place is; any other mask lands by position, and the message
        says so. ``answer`` hears the message (default: the notice, or the status bar).
        ``refound``: (layers, found) already found in this photo (the hovered preset's)."""
        def tell(message: str) -> None:
            if answer is not None:
                answer(message)
            elif "placed by position" in message:  # worth a look
                self.notify(message)
            else:
                self.statusBar().showMessage(message, 8000)
                self.notified.emit(message)

        def add(layers: list, found: dict) -> None:
            self.session.add_layers(layers, undo_text)
            self._select_row(0)
            again = [r.words for r in found.values() if r.mask is not None]
            missing = [f"'{r.phrase}'" for r in found.values() if r.mask is None]
            stay = sum(l.mask is not None for l in layers) - len(again)
            parts = [said]
            if again:
                parts.append(f"found {', '.join(dict.fromkeys(again))} in this photo for {'its' if len(again) == 1 else 'their'} "
                             f"mask{'s' * (len(again) != 1)}")
            if stay:
                parts.append(f"{stay} with a mask from {origin}, placed by position"
                             + (f" (no {', '.join(missing)} found here)" if missing else "")
                             + ": check it (O shows a layer's mask)")
            tell("; ".join(parts) + ".")

        if refound is not None:
            add(*refound)
            return
        # what an operation measures from the photo (a dehaze's haze colour) is measured in this one
        layers = [l.measured_on(self.session.proxy.rgb, self.session.photo.exif) for l in layers]
        if not any(l.place and l.mask is not None for l in layers) or self.planner is None or self.plan_task is not None:
            add(layers, {})
            return
        planner, image, session = self.planner, self.session.proxy.rgb, self.session

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            return planner.refind(layers, image, cancel=cancelled, step=self.plan_step.emit)

        def ok(result: tuple) -> None:
            if session is self.session:
                add(*result)

        self.statusBar().showMessage("Finding the places of the masks in this photo…")
        self._busy_run(job, ok, "refind", "Could not find the masks' places", "Cancelled", self.notified)

    # ================================================================== presets
    def preset_library(self) -> Any:
        """The user's presets (:func:`document.presets.default_folder`, read afresh each time)."""
        from ..document.presets import PresetLibrary

        return PresetLibrary()

    def _update_presets_menu(self) -> None:
        self._hover_found = {}  # places found for hovered presets: while the menu is open, not after
        m = self.presets_menu
        m.clear()
        m.addAction(self.act_save_preset)
        m.addSeparator()
        library = self.preset_library()
        presets = library.presets()
        for p in presets:
            act = m.addAction(p.name, lambda n=p.name: self.apply_preset(n))
            act.setToolTip(", ".join(l.operation.label for l in p.layers))
            act.setEnabled(self.session is not None)
            act.setData(p.name)
        self._menu_presets = {p.name: p for p in presets}
        if not presets:
            m.addAction("No presets yet").setEnabled(False)
        m.addSeparator()
        m.addAction("&Manage presets...", self.manage_presets)

    # ================================================================== snapshots
    def _show_snapshots(self) -> None:
        self.snapshots_panel.set_snapshots(list(self.session.snapshots) if self.session is not None else [])
        self.snapshots_panel.setEnabled(self.session is not None)

    def take_snapshot(self, name: str = "") -> str | None:
        """Keep the edits as they are now under ``name`` (none: the date and time); says so."""
        if self.session is None:
            return None
        name = self.session.take_snapshot(name)
        self.snapshots_dock.show()
        self.snapshots_dock.raise_()
        self.statusBar().showMessage(f"Snapshot \"{name}\" taken: double-click it to come back to these edits.", 6000)
        return name

    def export_snapshots_dialog(self) -> None:
        """Snapshots > Export all: a folder, then the Export dialog's choices, then whether to
        replace files there; each snapshot is one file named after it."""
        if self.session is None or not self.session.snapshots:
            return
        from ..render.export import export_name, version_suffix

        start = self.settings.value("export_dir", str(self.session.path.parent))
        folder = QFileDialog.getExistingDirectory(self, "Export the snapshots to", str(start))
        if not folder:
            return
        dlg = ExportDialog(self, int(self.settings.value("quality", 92)),
                           str(self.settings.value("resize", "false")).lower() == "true",
                           int(self.settings.value("long_side", 2048)), self.session.output_size(),
                           **self._output_settings())
        dlg.setWindowTitle(f"Export {len(self.session.snapshots)} snapshots")
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        self._keep_output_settings(dlg.output())
        self.settings.setValue("export_dir", folder)
        there = [n for n, _ in self.session.snapshots
                 if export_name(self.session.path, folder, version_suffix(n)).exists()]
        replace = bool(there) and self.ask(self, "Replace files", f"{len(there)} of the snapshots' exports exist in "
                                           f"{folder} already. Replace them?")
        self.export_snapshots(folder, dlg.quality.value(), dlg.chosen_long_side(), replace, **dlg.output())

    def export_snapshots(self, folder: str, quality: int = 92, long_side: int | None = None, overwrite: bool = False,
                         **output: Any) -> Task | None:
        """Export the open photo once for each snapshot into ``folder`` on a worker (progress,
        Cancel); one line says what was written and what was left."""
        if self.session is None or not self.session.snapshots:
            return None
        if self.export_task is not None:
            self.notify("An export or a merge is still running; wait for it or cancel it.")
            return None
        from ..render.export import export_versions

        photo, versions = self.session.photo, [(n, list(layers)) for n, layers in self.session.snapshots]
        renderer, results = self.core["renderer"] if self.core else None, []

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            return export_versions(photo, versions, folder, quality=quality, overwrite=overwrite, renderer=renderer,
                                   progress=progress, cancel=cancelled, done=results, long_side=long_side, **output)

        def said(head: str) -> str:
            ok = [n for n, problem in results if not problem]
            bad = [problem for _, problem in results if problem]
            text = f"{head}{len(ok)} of {len(versions)} snapshots exported to {folder}"
            return text + (f"; left alone: {'; '.join(bad)}" if bad else "") + "."

        def ended(_: Any, message: str) -> None:
            self.notify(message or said(""))
            self.export_finished.emit(folder)

        return self._output_task(job, "export", ended, lambda m: said(f"Export stopped ({m}): "),
                                 lambda: said("Export cancelled: "))

    def _typed_snapshot(self, action: str, text: str) -> None:
        """"take a snapshot called Mono": taken; "go back to the Colour snapshot": the one it names
        applied (one undo step); a name not there is one line listing those there are."""
        from ..model.intents import preset_named

        if action == "take":
            name = self.take_snapshot(text)
            self._answered(f"Took the snapshot \"{name}\".")
            return
        import re

        names = [n for n, _ in self.session.snapshots]
        name = preset_named(text, names)  # its name said ("the Colour snapshot")
        if name is None and len(names) == 1 and re.search(r"\b(?:my|the|that|this|last)\s+snapshot[\s.!]*$", text, re.I):
            name = names[0]  # "go back to my snapshot": the only one
        if name is None:
            self._answered(f"There is no such snapshot; there are: {', '.join(names)}." if names else
                           "This photo has no snapshots yet; say 'take a snapshot called ...' to keep the edits.")
            return
        self.apply_snapshot(names.index(name))
        self._answered(f"Back to the snapshot \"{name}\".")

    def apply_snapshot(self, index: int) -> None:
        if self.session is not None and 0 <= index < len(self.session.snapshots):
            self.session.apply_snapshot(index)

    def update_snapshot(self, index: int) -> None:
        if self.session is not None and 0 <= index < len(self.session.snapshots):
            self.session.update_snapshot(index)
            self.statusBar().showMessage(f"Snapshot \"{self.session.snapshots[index][0]}\" now holds these edits.", 4000)

    def rename_snapshot(self, index: int, name: str) -> None:
        if self.session is not None and 0 <= index < len(self.session.snapshots):
            got = self.session.rename_snapshot(index, name)
            if got != name.strip():
                self._show_snapshots()  # an empty or taken name: the list shows what it is

    def delete_snapshot(self, index: int) -> None:
        """Delete the snapshot ``index``, after asking (its edits are not in the history)."""
        if self.session is None or not 0 <= index < len(self.session.snapshots):
            return
        name = self.session.snapshots[index][0]
        if self.ask(self, "Delete snapshot", f"Delete the snapshot \"{name}\"? Its edits are kept nowhere else."):
            self.session.delete_snapshot(index)

    def _preset_hovered(self, action: QAction) -> None:
        """The preset under the pointer, shown on the preview until the menu closes. A mask made
        from words ("the sky") shows where it lay in the preset's photo at once, then where it is
        found in this one, looked for on a worker (:meth:`_find_hovered`); Presets > name then adds
        what was found without looking again."""
        if self.session is None:
            return
        preset = self._menu_presets.get(action.data()) if action.data() else None
        self._hovered = preset.name if preset is not None else None
        if preset is None:
            self.session.try_layers(())
            return
        found = self._hover_found.get(preset.name)
        if found is not None and found[0] is self.session:
            self.session.try_layers(found[1])
            return
        rgb = self.session.proxy.rgb  # a dehaze's haze colour, measured in this photo as applying it would
        layers = [l.measured_on(rgb, self.session.photo.exif) for l in preset.layers]
        self.session.try_layers(layers)
        if any(l.place and l.mask is not None for l in layers) and self.planner is not None and self.plan_task is None:
            self._find_hovered(preset.name, layers)

    def _find_hovered(self, name: str, layers: list) -> None:
        """Find the places of the hovered preset's masks in this photo, off the GUI thread (the
        one looking for a preset hovered before is cancelled); shown if it is still hovered."""
        if self._hover_task is not None:
            self._hover_task.cancel()
        planner, image, session = self.planner, self.session.proxy.rgb, self.session

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            return planner.refind(layers, image, cancel=cancelled)

        def ok(result: tuple) -> None:
            if session is not self.session:
                return
            self._hover_found[name] = (session, *result)
            if self._hovered == name and session.trying:
                session.try_layers(result[0])

        def over(task: Any = None) -> None:
            if self._hover_task is task:
                self._hover_task = None

        task = self._run(job, ok, "preset-places", on_fail=lambda _m: None, on_cancel=lambda: None)
        task.finished.connect(lambda t=task: over(t))
        self._hover_task = task

    def _stop_trying(self) -> None:
        self._hovered = None
        if self._hover_task is not None:
            self._hover_task.cancel()
        if self.session is not None:
            self.session.try_layers(())

    def save_preset_dialog(self, name: str = "") -> Any:
        """The Save edits as preset dialog (non-blocking; returned for tests), or None with a
        message when there is nothing to save."""
        if self.session is None or not len(self.session.stack):
            self.notify("There are no edits to save as a preset yet.")
            return None
        from .presets import ChooseLayersDialog

        dlg = ChooseLayersDialog(self, list(self.session.stack.layers), "Save edits as preset", "Save", True, name)
        dlg.accepted.connect(lambda: self.save_preset(dlg.name.text(), dlg.chosen()))
        dlg.setModal(True)
        dlg.show()
        return dlg

    def save_preset(self, name: str, layers: list) -> bool:
        """Keep ``layers`` as the preset ``name``; a preset of that name is replaced only when the
        user says yes. Returns whether it was saved."""
        from ..document.presets import PresetError

        library = self.preset_library()
        try:
            existing = library.find(name)
            if existing is not None and not self.ask(self, "Replace preset",
                                                     f"A preset called \"{existing.name}\" exists. Replace it?"):
                return False
            preset = library.save(name, layers, overwrite=existing is not None)
        except PresetError as exc:
            self.notify(f"Could not save the preset: {exc}.")
            return False
        n = len(preset.layers)
        said = f"Saved the preset \"{preset.name}\" ({n} layer{'s' * (n != 1)}): Presets > {preset.name} adds it to any photo."
        self.statusBar().showMessage(said, 8000)
        self.notified.emit(said)
        return True

    def apply_preset(self, name: str, answer: Callable[[str], None] | None = None) -> None:
        """Add the preset's layers on top of the photo's, as one undo step (masks made from words
        found again in this photo); ``answer`` hears what happened."""
        from ..document.presets import PresetError

        if self.session is None:
            return
        try:
            preset = self.preset_library().get(name)
        except PresetError as exc:
            (answer or self.notify)(f"{str(exc)[0].upper()}{str(exc)[1:]}.")
            return
        found = self._hover_found.get(preset.name)
        refound = None
        if found is not None and found[0] is self.session:  # found while its preview was shown
            ids = {l.id: l.duplicate() for l in found[1]}
            refound = (list(ids.values()), {ids[k].id: r for k, r in found[2].items() if k in ids})
        self._add_copied([l.duplicate() for l in preset.layers], f"Preset: {preset.name}",
                         f"Added the preset \"{preset.name}\"", "the preset", answer, refound)

    def manage_presets(self) -> Any:
        from .presets import ManagePresetsDialog

        dlg = ManagePresetsDialog(self, self.preset_library(), self._update_presets_menu, self.ask)
        dlg.show()
        return dlg

    def _typed_preset(self, kind: str, arg: str) -> None:
        """"save this as a preset called Golden", "apply my golden preset", typed in the request box."""
        from ..model.intents import preset_named

        if kind == "save":
            if not len(self.session.stack):
                self._answered("There are no edits to save as a preset yet.")
            elif not arg:
                self.request.clear()
                self.save_preset_dialog()
            elif self.preset_library().find(arg) is not None:
                self._answered(f"A preset called \"{arg}\" exists already: say another name, or replace it with "
                               "Presets > Save edits as preset.")
            elif self.save_preset(arg, list(self.session.stack.layers)):
                self._answered(f"Saved this photo's {len(self.session.stack)} layers as the preset \"{arg}\".")
            return
        names = self.preset_library().names()
        name = preset_named(arg, names)
        if name is None:
            self._answered(f"You have no preset of that name; yours: {', '.join(names)}." if names else
                           "You have no presets yet: make one with Presets > Save edits as preset, or say "
                           "\"save this as a preset called Summer\".")
            return
        self.apply_preset(name, self._answered)

    # ================================================================== the crop tool
    ASPECTS: tuple[tuple[str, float | None], ...] = (
        ("Free", None), ("Original", 0.0), ("1 : 1", 1.0), ("4 : 5", 4 / 5), ("5 : 4", 5 / 4), ("2 : 3", 2 / 3),
        ("3 : 2", 3 / 2), ("3 : 4", 3 / 4), ("4 : 3", 4 / 3), ("9 : 16", 9 / 16), ("16 : 9", 16 / 9),
    )

    def _build_crop_bar(self) -> QWidget:
        self.crop_bar = QWidget()
        row = QHBoxLayout(self.crop_bar)
        row.setContentsMargins(0, 0, 0, 0)
        hint = QLabel("Crop: drag the frame, or outside it to straighten; Enter applies, Esc cancels")
        hint.setToolTip("Drag the frame, its edges or corners (Shift keeps the shape), or outside it to straighten; "
                        "Enter or a double-click "
                        "inside applies, Esc cancels.")
        row.addWidget(hint)
        row.addStretch(1)
        self.crop_aspect = QComboBox()
        for text, _ in self.ASPECTS:
            self.crop_aspect.addItem(text)
        self.crop_aspect.setToolTip("Aspect ratio of the frame")
        self.crop_aspect.currentIndexChanged.connect(self._crop_aspect_chosen)
        row.addWidget(QLabel("Aspect"))
        row.addWidget(self.crop_aspect)
        self.crop_angle = ParamSlider(-45.0, 45.0, 0.0, decimals=1, unit="°")
        self.crop_angle.setToolTip("Straighten: turn the photo by a small angle (cropped to fill)")
        self.crop_angle.setMinimumWidth(220)
        self.crop_angle.edited.connect(self._crop_straighten)
        self._turn_from = (0.0, None)  # the angle when a drag round the frame began, and its gesture
        row.addWidget(QLabel("Straighten"))
        row.addWidget(self.crop_angle)
        self.crop_auto = QPushButton("Auto")
        self.crop_auto.setToolTip("Level the photo by its long straight lines (horizon, buildings)")
        self.crop_auto.clicked.connect(self.auto_straighten)
        row.addWidget(self.crop_auto)
        for text, slot in (("Reset", self._crop_reset), ("Cancel", lambda: self.finish_crop(False)),
                           ("Done", lambda: self.finish_crop(True))):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
        self.crop_bar.hide()
        self._crop_layer = None  # the crop layer being edited (a new one until applied)
        self._crop_new = False
        self._crop_undo_start = 0  # the undo index when the tool opened: Cancel goes back to it
        return self.crop_bar

    def start_crop(self) -> None:
        """The crop tool: the selected crop layer (or the stack's last one, or a new crop) as a
        frame over the whole picture it cuts; applying it is one undo step."""
        if self.session is None or self._crop_layer is not None:
            return
        from ..document import Layer

        current = self.current_layer()
        crops = [l for l in self.session.stack.layers if l.op == "crop"]
        layer = current if current is not None and current.op == "crop" else (crops[-1] if crops else None)
        blocker = self.session.crop_blocker(layer.id if layer is not None else None)
        if blocker:
            self.notify(blocker)
            return
        self._crop_new = layer is None
        self._crop_layer = layer if layer is not None else Layer.new("crop")
        self.session.set_cropping(None if self._crop_new else layer.id)
        limit = self._crop_layer.operation.spec("left").maximum / 100.0
        self.crop_aspect.blockSignals(True)
        self.crop_aspect.setCurrentIndex(0)
        self.crop_aspect.blockSignals(False)
        straighten = self._straighten_layer()
        self.crop_angle.set_value(float(straighten.params["angle"]) if straighten is not None else 0.0)
        self._crop_undo_start = self.session.undo.index()
        self.statusBar().showMessage("Crop: drag the frame, its edges or corners (Shift keeps the shape), or outside it "
                                     "to straighten; Enter or a double-click inside applies, Esc cancels.", 10000)
        cut = self.session.output_size(self.session.shown_layers())  # the picture the crop cuts
        self.canvas.set_crop(crop_frame.frame_of(self._crop_layer.params), limit, (cut.width(), cut.height()))
        self.crop_bar.show()
        self.canvas.setFocus()

    def finish_crop(self, apply: bool) -> None:
        """Leave the crop tool, applying its frame to the crop layer (or adding the new one)."""
        layer, frame = self._crop_layer, self.canvas.crop
        if layer is None or self.session is None:
            return
        self._crop_layer = None
        self.canvas.set_crop(None)
        self.crop_bar.hide()
        self.session.cropping = None  # the next render shows the whole stack again
        if not apply:  # a straightening made while cropping goes too
            while self.session.undo.index() > self._crop_undo_start:
                self.session.undo.undo()
        changed = layer.with_params(**crop_frame.params_of(frame)).replace(enabled=True) if apply and frame else None
        if changed is not None and self._crop_new and not changed.operation.is_identity(changed.params):
            self.session.add_layers([changed], "Crop")
            self._select_row(self.layer_model.row_of(changed.id))
        elif changed is not None and not self._crop_new and changed != layer:
            self.session.set_layer(changed, "Crop")
        else:
            self.session.request_render()

    def _crop_aspect_chosen(self, index: int) -> None:
        aspect = self.ASPECTS[index][1]
        size = self.canvas.crop_size
        if aspect == 0.0:  # the picture's own shape
            aspect = size[0] / max(size[1], 1)
        self.canvas.crop_aspect = aspect
        if aspect is not None and self.canvas.crop is not None:
            self.canvas.crop = crop_frame.fit_aspect(self.canvas.crop, aspect, size, self.canvas.crop_limit)
        self.canvas.update()
        self.canvas.setFocus()

    def _crop_follow_stack(self) -> None:
        """The stack changed while the crop tool is open (an undo, a request, a paste): leave it
        when the crop itself changed or a turn now follows it; else measure the picture it cuts
        again (a turn or another crop before it may have come or gone)."""
        session, layer = self.session, self._crop_layer
        gone = not self._crop_new and layer not in session.stack.layers
        if gone or session.crop_blocker(None if self._crop_new else layer.id):
            self.finish_crop(False)
            return
        cut = session.output_size(session.shown_layers())
        self.canvas.crop_size = (cut.width(), cut.height())
        self.canvas.update()

    def _layer_double_clicked(self, index: Any) -> None:
        """A crop layer double-clicked opens the crop tool on it."""
        layer = self.layer_model.layer_at(index.row()) if index.isValid() else None
        if layer is not None and layer.op == "crop":
            self.start_crop()

    def _straighten_layer(self) -> Any:
        """The rotate layer that straightens the picture the crop cuts: the last active one before
        the crop being edited (any, for a new crop), or None."""
        if self.session is None or self._crop_layer is None:
            return None
        layers = list(self.session.stack.layers)
        ids = [l.id for l in layers]
        before = layers if self._crop_new or self._crop_layer.id not in ids else layers[: ids.index(self._crop_layer.id)]
        rotations = [l for l in before if l.op == "rotate" and l.is_active()]
        return rotations[-1] if rotations else None

    def _crop_straighten(self, angle: float, gesture: Any) -> None:
        """The crop tool's Straighten: the angle of the rotate layer before the crop (a new one,
        placed just before it, when there is none); one drag is one undo step."""
        if self.session is None or self._crop_layer is None:
            return
        layer = self._straighten_layer()
        if layer is None:
            if angle == 0.0:
                return
            from ..document import Layer
            from .commands import AddLayers

            stack = self.session.stack
            at = len(stack) if self._crop_new else stack.index_of(self._crop_layer.id)
            new = Layer.new("rotate", angle=angle)
            key = ("straighten", new.id, gesture) if gesture is not None else None
            self.session.push(AddLayers(stack, [new], at, text="Straighten", merge_key=key))  # the drag's rest joins it
            return
        key = ("straighten", layer.id, gesture) if gesture is not None else None
        self.session.set_layer(layer.with_params(angle=angle), "Straighten", key)

    def _crop_turned(self, degrees: float, first: bool) -> None:
        """A drag round the crop frame straightens the picture: the angle it started at, turned by
        the drag, on the Straighten slider; one drag is one undo step."""
        if first:
            self._turn_from = (self.crop_angle.value(), object())
        start, gesture = self._turn_from
        lo, hi = self.crop_angle.minimum, self.crop_angle.maximum
        angle = round(min(hi, max(lo, start + degrees)), 1)
        if angle != self.crop_angle.value() or first:
            self.crop_angle.set_value(angle)
            self._crop_straighten(angle, gesture)

    def auto_straighten(self) -> None:
        """The crop tool's Auto: the Straighten angle that levels the photo's long straight lines
        (as "straighten the horizon" does), one undo step; says so when it finds none."""
        if self.session is None or self._crop_layer is None:
            return
        from ..model.autofix import tilt_angle

        angle = tilt_angle(self.session.proxy.rgb)
        if angle is None:
            self.notify("I found no long straight lines to level by: drag round the frame, or use the slider.")
            return
        before = [l for l in self.session.shown_layers() if l.op == "flip" and l.is_active()]
        if sum(int(l.params["horizontal"]) + int(l.params["vertical"]) for l in before) % 2:
            angle = -angle  # a mirrored picture tilts the other way
        angle = round(min(self.crop_angle.maximum, max(self.crop_angle.minimum, angle)), 1)
        self.crop_angle.set_value(angle)
        self._crop_straighten(angle, None)
        self.statusBar().showMessage(f"Straightened by {angle:+.1f}°.", 5000)

    def upright(self, layer_id: str) -> None:
        """A perspective layer's Auto: its vertical measured from the photo's converging lines
        (what "fix the perspective" does), one undo step; a photo without them says so."""
        if self.session is None:
            return
        from ..model.autofix import keystone
        from .session import to_uint8

        vertical = keystone(to_uint8(self.session.proxy.rgb))
        if vertical is None:
            from ..model.planner import NO_VERTICALS

            self.notify(NO_VERTICALS)
            return
        layer = self.session.layer(layer_id)
        self.session.set_layer(layer.with_params(vertical=vertical, horizontal=0.0), "Perspective: auto upright")
        self.statusBar().showMessage(f"Verticals stood upright: vertical {vertical:+.2f}", 5000)

    def lens_profile(self, layer_id: str) -> None:
        """A lens correction layer's Auto: the profile of the photo's lens (from its EXIF and the
        lensfun database) as one undo step, the manual sliders kept; for a photo whose lens is
        not known, its colour fringes measured in the photo itself (on a worker), or why not."""
        if self.session is None:
            return
        from ..ops.lens_profile import LensProfileError, profile_for_photo

        try:
            profile = profile_for_photo(self.session.photo.exif, self.session.photo.size)
        except LensProfileError as e:
            self._measure_fringes(layer_id, str(e))
            return
        layer = self.session.layer(layer_id)
        measured = {name: profile.params.get(name, 0.0) for name in layer.operation.measured}
        self.session.set_layer(layer.with_params(**measured), "Lens correction: profile")
        self.statusBar().showMessage(f"Lens profile: {profile.summary()}", 8000)

    def _measure_fringes(self, layer_id: str, reason: str) -> None:
        """No profile: the colour fringes measured in the photo (``estimate_fringes``)."""
        rgb = self.session.proxy.rgb

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            from ..ops.lens import estimate_fringes

            return estimate_fringes(rgb)

        def done(found) -> None:  # noqa: ANN001
            if layer_id not in {l.id for l in self.session.stack}:
                return  # the layer was deleted meanwhile
            if found is None:
                self.notify(f"{reason.split(';')[0]}, and the photo shows no colour fringes to correct; "
                            "set the Lens correction sliders by hand.")
                return
            layer = self.session.layer(layer_id)
            self.session.set_layer(layer.with_params(ca_red=found[0], ca_blue=found[1]), "Lens correction: fringes")
            self.notify(f"{reason.split(';')[0]}; its colour fringes were measured in the photo itself "
                        f"(red {found[0]:+.4f}, blue {found[1]:+.4f}).")

        self._busy_run(job, done, "fringes", "Could not measure the colour fringes", "Cancelled", self.notified)

    def _say_lens_profile(self) -> None:
        """After a Lens correction layer is added: which profile it got, or why none."""
        from ..ops.lens_profile import LensProfileError, profile_for_photo

        try:
            profile = profile_for_photo(self.session.photo.exif, self.session.photo.size)
            self.statusBar().showMessage(f"Lens profile: {profile.summary()}", 8000)
        except LensProfileError as e:
            self.notify(str(e))

    def _crop_reset(self) -> None:
        if self.canvas.crop is not None:
            self.canvas.crop = (0.0, 0.0, 1.0, 1.0)
            self._crop_aspect_chosen(self.crop_aspect.currentIndex())
            if self.crop_angle.value() != 0.0:
                self.crop_angle.set_value(0.0)
                self._crop_straighten(0.0, None)

    def _toggle_split(self, on: bool) -> None:
        self.canvas.split = on
        self.canvas.update()

    # ================================================================== settings and closing
    def _restore_settings(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(QSize(1400, 900))
        state = self.settings.value("state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def shutdown(self) -> None:
        """Stop every worker and wait for it (tests call this; so does closing the window)."""
        if self.session is not None:
            self.session.close()
        for task in list(self.tasks):
            task.cancel()
        for task in list(self.tasks):
            task.wait()
        self.detail_timer.stop()
        for thread in (self.render_thread, self.detail_thread, self.thumbnails):
            if thread.isRunning():
                thread.stop()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("state", self.saveState())
        self.shutdown()
        super().closeEvent(event)

