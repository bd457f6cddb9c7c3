"""The selected layer's editor, built from its operation's parameter spec: sliders with numeric
entry for scalars, curve editors for curve parameters, menus for choices, a colour button;
then opacity and the mask tools."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QColorDialog, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
    QPushButton, QSlider, QSpinBox, QTabWidget, QVBoxLayout, QWidget,
)

if TYPE_CHECKING:
    from ..document import Layer
    from ..ops.spec import ParamSpec

SLIDER_STEPS = 1000
#: The selections offered first in a mask's Select box (anything else can be typed).
SELECT_CHOICES = ("the subject", "the sky", "the background", "people", "faces", "hair", "eyes", "eyebrows", "lips",
                  "teeth", "clothes", "the shadows", "the midtones", "the highlights")
#: How a selection joins the mask (label, :attr:`Mask.MODES` name).
SELECT_MODES = (("New", "replace"), ("Add", "add"), ("Subtract", "subtract"), ("Intersect", "intersect"))
_gestures = itertools.count(1)


#: A slider groove showing the hues from 0 to 360 degrees (red, yellow, green, cyan, blue,
#: magenta, red), for a hue parameter.
HUE_GROOVE = (
    "QSlider::groove:horizontal { height: 8px; border-radius: 4px; background: qlineargradient(x1:0, y1:0, x2:1, y2:0,"
    " stop:0 #ff0000, stop:0.1667 #ffff00, stop:0.3333 #00ff00, stop:0.5 #00ffff, stop:0.6667 #0000ff,"
    " stop:0.8333 #ff00ff, stop:1 #ff0000); }"
    "QSlider::handle:horizontal { background: #f4f4f4; border: 1px solid #555; width: 10px; margin: -4px 0;"
    " border-radius: 5px; }"
)


def swatch_groove(group: str, hue: float) -> str:
    """A slider groove for a colour range's slider (``hue`` degrees): its neighbouring hues for a
    Hue slider, grey to the colour for Saturation, dark to light for Luminance."""
    def colour(h: float, s: float = 0.85, v: float = 0.9) -> str:
        return QColor.fromHsvF((h % 360.0) / 360.0, s, v).name()

    stops = {"Hue": (colour(hue - 30.0), colour(hue), colour(hue + 30.0)),
             "Saturation": (colour(hue, 0.0, 0.7), colour(hue, 0.45, 0.8), colour(hue)),
             "Luminance": (colour(hue, 0.85, 0.25), colour(hue, 0.85, 0.6), colour(hue, 0.35, 1.0))}.get(group)
    if stops is None:
        return ""
    return ("QSlider::groove:horizontal { height: 8px; border-radius: 4px; background: qlineargradient(x1:0, y1:0, "
            f"x2:1, y2:0, stop:0 {stops[0]}, stop:0.5 {stops[1]}, stop:1 {stops[2]}); }}"
            "QSlider::handle:horizontal { background: #f4f4f4; border: 1px solid #555; width: 10px; margin: -4px 0;"
            " border-radius: 5px; }")


class ParamSlider(QWidget):
    """A slider with a spin box. ``edited(value, gesture)``: one drag shares one gesture id (so it
    is one undo step); typed values and key presses have gesture ``None``."""

    edited = Signal(float, object)

    def __init__(self, minimum: float, maximum: float, value: float, decimals: int = 2, unit: str = "") -> None:
        super().__init__()
        self.minimum, self.maximum = minimum, maximum
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.spin = QDoubleSpinBox()
        self.spin.setRange(minimum, maximum)
        self.spin.setDecimals(decimals)
        self.spin.setSingleStep(10 ** -decimals * 5 if decimals else 1)
        self.spin.setKeyboardTracking(False)
        if unit:
            self.spin.setSuffix(f" {unit}")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.spin)
        self._gesture: int | None = None
        self.set_value(value)
        self.slider.sliderPressed.connect(self._press)
        self.slider.sliderReleased.connect(self._release)
        self.slider.valueChanged.connect(self._slid)
        self.spin.valueChanged.connect(self._typed)

    def _to_slider(self, v: float) -> int:
        return round((v - self.minimum) / (self.maximum - self.minimum) * SLIDER_STEPS)

    def _from_slider(self, i: int) -> float:
        return self.minimum + (self.maximum - self.minimum) * i / SLIDER_STEPS

    def set_value(self, v: float) -> None:
        for w, val in ((self.slider, self._to_slider(v)), (self.spin, v)):
            w.blockSignals(True)
            w.setValue(val)
            w.blockSignals(False)

    def value(self) -> float:
        return self.spin.value()

    def _press(self) -> None:
        self._gesture = next(_gestures)

    def _release(self) -> None:
        self._gesture = None

    def _slid(self, i: int) -> None:
        v = round(self._from_slider(i), self.spin.decimals())
        self.spin.blockSignals(True)
        self.spin.setValue(v)
        self.spin.blockSignals(False)
        self.edited.emit(v, self._gesture)

    def _typed(self, v: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(self._to_slider(v))
        self.slider.blockSignals(False)
        self.edited.emit(v, None)


class CurveEditor(QWidget):
    """Edit the paper's 8-segment curve by dragging the points at x = 1/8 ... 7/8.

    The operation stores slopes ``p_i`` normalised by their sum; the editor shows the curve
    ``y_k = sum_{j<k} p_j / sum p`` and writes back ``p_j = 8 (y_{j+1} - y_j)``.
    """

    edited = Signal(list, object)  # slopes, gesture

    def __init__(self, slopes: list[float], minimum: float, maximum: float, color: QColor | None = None) -> None:
        super().__init__()
        self.setMinimumSize(180, 150)
        self.minimum, self.maximum = minimum, maximum
        self.color = color or QColor(230, 230, 230)
        self._drag: int | None = None
        self._gesture: int | None = None
        self.set_slopes(slopes)

    def set_slopes(self, slopes: list[float]) -> None:
        total = sum(slopes) or 1.0
        ys, acc = [0.0], 0.0
        for s in slopes:
            acc += s
            ys.append(acc / total)
        self.ys = ys
        self.update()

    def slopes(self) -> list[float]:
        n = len(self.ys) - 1
        return [max(self.minimum, min(self.maximum, (self.ys[i + 1] - self.ys[i]) * n)) for i in range(n)]

    def _area(self) -> QRectF:
        return QRectF(8, 8, self.width() - 16, self.height() - 16)

    def _point(self, k: int) -> QPointF:
        a = self._area()
        n = len(self.ys) - 1
        return QPointF(a.left() + a.width() * k / n, a.bottom() - a.height() * self.ys[k])

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        a = self._area()
        p.fillRect(self.rect(), QColor(45, 45, 48))
        p.setPen(QPen(QColor(80, 80, 85), 1))
        for i in range(1, 4):
            p.drawLine(QPointF(a.left() + a.width() * i / 4, a.top()), QPointF(a.left() + a.width() * i / 4, a.bottom()))
            p.drawLine(QPointF(a.left(), a.top() + a.height() * i / 4), QPointF(a.right(), a.top() + a.height() * i / 4))
        p.drawLine(a.bottomLeft(), a.topRight())
        path = QPainterPath(self._point(0))
        for k in range(1, len(self.ys)):
            path.lineTo(self._point(k))
        p.setPen(QPen(self.color, 2))
        p.drawPath(path)
        p.setBrush(self.color)
        for k in range(1, len(self.ys) - 1):
            p.drawEllipse(self._point(k), 4, 4)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        best = min(range(1, len(self.ys) - 1), key=lambda k: abs(self._point(k).x() - pos.x()))
        if abs(self._point(best).x() - pos.x()) < 20:
            self._drag = best
            self._gesture = next(_gestures)
            self._move(pos)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is not None:
            self._move(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._drag = None
        self._gesture = None

    def _move(self, pos: QPointF) -> None:
        a = self._area()
        n = len(self.ys) - 1
        k = self._drag
        assert k is not None
        y = (a.bottom() - pos.y()) / a.height()
        lo = self.ys[k - 1] + self.minimum / n
        hi = min(self.ys[k + 1] - self.minimum / n, self.ys[k - 1] + self.maximum / n)
        self.ys[k] = max(lo, min(hi, y))
        self.update()
        self.edited.emit(self.slopes(), self._gesture)


class ParamEditor(QWidget):
    """Emits ``param_edited(layer_id, name, value, gesture)``, ``opacity_edited(layer_id, value,
    gesture)`` and ``mask_action(layer_id, action, argument)``."""

    param_edited = Signal(str, str, object, object)
    params_edited = Signal(str, object, str)  # layer id, {name: value}, the undo step's words: one step
    opacity_edited = Signal(str, float, object)
    mask_action = Signal(str, str, object)
    show_mask_toggled = Signal(bool)
    brush_changed = Signal(str, int)  # mask tool ("", "add", "subtract", "gradient", "radial", "colour"), brush radius
    crop_requested = Signal()  # "Edit on the photo" of a crop layer
    upright_requested = Signal(str)  # "Auto" of a perspective layer: its layer id
    lens_profile_requested = Signal(str)  # "Auto" of a lens correction layer: its layer id
    fringe_pick_requested = Signal(str)  # "Pick a fringe" of a defringe layer: its layer id
    spot_tool_requested = Signal(bool)  # "Heal spots" of a spot removal layer toggled
    spot_size_changed = Signal(int)  # the spot removal tool's radius (preview pixels)
    dust_requested = Signal(str)  # "Find dust spots" of a spot removal layer: its layer id

    def __init__(self) -> None:
        super().__init__()
        self.layer: "Layer | None" = None
        self._widgets: dict[str, Any] = {}
        self._tabs: QTabWidget | None = None  # an operation's tabs of grouped parameters (the colour mixer's)
        self.spot_button: QPushButton | None = None  # a spot removal layer's tool, while one is shown
        self.spot_size: QSpinBox | None = None
        self.spot_tool_on = False  # the window's spot removal tool is on (the button shows it)
        self.spot_radius = 12  # ... and its size
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(4, 4, 4, 4)
        self.title = QLabel("Select a layer to edit it")
        self.title.setWordWrap(True)
        self.outer.addWidget(self.title)
        self.form_box = QWidget()
        self.form = QFormLayout(self.form_box)
        self.outer.addWidget(self.form_box)
        self.mask_box = self._build_mask_tools()
        self.outer.addWidget(self.mask_box)
        self.outer.addStretch(1)
        self.set_layer(None)

    # ------------------------------------------------------------------ mask tools
    def _build_mask_tools(self) -> QGroupBox:
        box = QGroupBox("Mask")
        lay = QVBoxLayout(box)
        row = QHBoxLayout()
        self.show_mask = QCheckBox("Show")
        self.show_mask.setToolTip("Overlay the mask on the photo (O)")
        self.show_mask.toggled.connect(self.show_mask_toggled)
        row.addWidget(self.show_mask)
        self.mask_state = QLabel("")
        row.addWidget(self.mask_state, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        for text, action, tip in (("Invert", "invert", "Swap inside and outside"),
                                  ("Whole image", "clear", "Remove the mask: the layer applies everywhere"),
                                  ("Load PNG...", "load", "Use a greyscale PNG as the mask")):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(lambda _=False, a=action: self._mask(a, None))
            row.addWidget(b)
        lay.addLayout(row)
        # a mask from words, as an editor's Select Subject / Select Sky: the grounding the requests use
        row = QHBoxLayout()
        self.select_what = QComboBox()
        self.select_what.setEditable(True)
        self.select_what.addItems(SELECT_CHOICES)
        self.select_what.setCurrentText("")
        self.select_what.lineEdit().setPlaceholderText("the sky, the man on the left...")
        self.select_what.setToolTip("What to select, in words: a thing ('the sky', 'the man on the left', "
                                    "'everything but her'), a part of the frame ('the left side') or a tonal "
                                    "range ('the shadows')")
        self.select_what.setMinimumContentsLength(12)
        self.select_what.lineEdit().returnPressed.connect(self._select)
        self.select_mode = QComboBox()
        for label, mode in SELECT_MODES:
            self.select_mode.addItem(label, mode)
        self.select_mode.setToolTip("New: the selection becomes the mask; Add, Subtract, Intersect: it joins the mask")
        self.select_button = QPushButton("Select")
        self.select_button.setToolTip("Make the mask from the words, on the photo (the models the requests use)")
        self.select_button.clicked.connect(self._select)
        row.addWidget(self.select_what, 1)
        row.addWidget(self.select_mode)
        row.addWidget(self.select_button)
        lay.addLayout(row)
        row = QHBoxLayout()
        self.feather = QSpinBox()
        self.feather.setRange(1, 200)
        self.feather.setValue(8)
        self.feather.setSuffix(" px")
        b = QPushButton("Feather")
        b.clicked.connect(lambda: self._mask("feather", self.feather.value()))
        row.addWidget(b)
        row.addWidget(self.feather)
        self.auto_mask = QCheckBox("Auto mask")  # on the brush's row it would widen the dock
        self.auto_mask.setToolTip("The brush keeps to colours like the one under its centre (Lightroom's Auto Mask): "
                                  "paint a sky along a roof and the roof stays out")
        row.addWidget(self.auto_mask)
        lay.addLayout(row)
        row = QHBoxLayout()
        self.brush_group = QButtonGroup(self)
        self.brush_group.setExclusive(False)
        self.brush_add = QPushButton("Paint +")
        self.brush_sub = QPushButton("Paint -")
        # drawn like an editor's graduated and radial filters; they join the mask as the Select mode says
        self.draw_gradient = QPushButton("Gradient")
        self.draw_gradient.setToolTip("Drag on the photo: full effect where you press, none where you let go "
                                      "(a graduated filter); joins the mask as New / Add / Subtract / Intersect says")
        self.draw_radial = QPushButton("Radial")
        self.draw_radial.setToolTip("Drag from the centre outwards: full effect inside, fading at the edge "
                                    "(a radial filter; Invert for outside); joins the mask as the mode says")
        self.radial_feather = QSpinBox()
        self.radial_feather.setRange(0, 100)
        self.radial_feather.setValue(50)
        self.radial_feather.setPrefix("feather ")
        self.radial_feather.setSuffix(" %")
        self.radial_feather.setToolTip("How much of a radial mask's radius it fades over (the inner circle)")
        self.radial_feather.valueChanged.connect(lambda _: self._emit_brush())
        self.pick_colour = QPushButton("Colour")
        self.pick_colour.setToolTip("Click a colour on the photo: the mask takes every part of that colour "
                                    "(a colour range); joins the mask as the Select mode says")
        self.colour_range = QSpinBox()
        self.colour_range.setRange(5, 80)
        self.colour_range.setValue(25)
        self.colour_range.setPrefix("range ")
        self.colour_range.setToolTip("How far a colour may be from the one clicked (CIELAB units)")
        self._tools = {"add": self.brush_add, "subtract": self.brush_sub, "gradient": self.draw_gradient,
                       "radial": self.draw_radial, "colour": self.pick_colour}
        for mode, b in self._tools.items():
            b.setCheckable(True)
            b.toggled.connect(lambda on, m=mode: self._brush_toggled(m, on))
            if mode in ("add", "subtract"):
                row.addWidget(b)
        self.brush_size = QSpinBox()
        self.brush_size.setRange(2, 400)
        self.brush_size.setValue(30)
        self.brush_size.setSuffix(" px")
        self.brush_size.valueChanged.connect(lambda _: self._emit_brush())
        row.addWidget(self.brush_size)
        lay.addLayout(row)
        row = QHBoxLayout()  # the drawn shapes, then the colour range: the box stays as narrow as the dock
        row.addWidget(self.draw_gradient)
        row.addWidget(self.draw_radial)
        row.addWidget(self.radial_feather)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.pick_colour)
        row.addWidget(self.colour_range)
        lay.addLayout(row)
        return box

    def _select(self) -> None:
        what = self.select_what.currentText().strip()
        self._mask("select", (what, self.select_mode.currentData()))

    def _mask(self, action: str, arg: Any) -> None:
        if self.layer is not None:
            self.mask_action.emit(self.layer.id, action, arg)

    def _brush_toggled(self, mode: str, on: bool) -> None:
        for other_mode, other in self._tools.items():  # one mask tool at a time
            if on and other_mode != mode and other.isChecked():
                other.blockSignals(True)
                other.setChecked(False)
                other.blockSignals(False)
        self._emit_brush()

    def brush_mode(self) -> str:
        """The mask tool in use: "add" or "subtract" (paint), "gradient" or "radial" (drawn), "colour"
        (a colour range, clicked), or ""."""
        return next((mode for mode, b in self._tools.items() if b.isChecked()), "")

    def select_mode_now(self) -> str:
        """How a selection or a drawn mask joins the layer's mask: one of :attr:`Mask.MODES`."""
        return str(self.select_mode.currentData())

    def _emit_brush(self) -> None:
        self.brush_changed.emit(self.brush_mode(), self.brush_size.value())

    # ------------------------------------------------------------------ building from the spec
    def set_layer(self, layer: "Layer | None") -> None:
        """Show ``layer``; rebuilds only when a different layer (or operation) is selected."""
        same = (layer is not None and self.layer is not None and layer.id == self.layer.id and layer.op == self.layer.op)
        self.layer = layer
        if same:
            self._refresh()
            return
        while self.form.rowCount():
            self.form.removeRow(0)
        self._widgets = {}
        enabled = layer is not None
        self.form_box.setVisible(enabled)
        # a turn or a crop changes the whole picture's shape: no mask, no opacity
        self.mask_box.setVisible(enabled and not layer.operation.geometric)
        if layer is None:
            self.title.setText("Select a layer to edit it, or add one from the Layer menu.")
            for b in self._tools.values():
                b.setChecked(False)
            return
        op = layer.operation
        self.title.setText(f"<b>{op.label}</b><br><small>{op.description}</small>")
        pages: dict[str, QFormLayout] = {}
        tabs: QTabWidget | None = None
        for spec in op.params:
            if spec.kind == "data":  # numbers measured from the photo (a camera's colour): no slider
                continue
            w = self._param_widget(spec, layer.params[spec.name])
            label = QLabel(spec.label or spec.name.replace("_", " "))
            label.setToolTip(spec.description)
            w.setToolTip(spec.description)
            if isinstance(w, ParamSlider) and spec.swatch is not None:
                w.slider.setStyleSheet(swatch_groove(spec.group, spec.swatch))
            if spec.group:  # a tab per group, as an editor's HSL panel has Hue, Saturation, Luminance
                if tabs is None:
                    tabs = QTabWidget()
                    self.form.addRow(tabs)
                if spec.group not in pages:
                    page = QWidget()
                    pages[spec.group] = QFormLayout(page)
                    tabs.addTab(page, spec.group)
                pages[spec.group].addRow(label, w)
            else:
                self.form.addRow(label, w)
            self._widgets[spec.name] = w
        if tabs is not None:  # open on the first tab whose sliders the layer moved ("deeper blues": Saturation)
            moved = [s.group for s in op.params if s.group and layer.params[s.name] != s.default_value()]
            if moved:
                tabs.setCurrentIndex(list(pages).index(moved[0]))
        self._tabs = tabs
        if op.name == "crop":
            edit = QPushButton("Edit on the photo (C)")
            edit.setToolTip("Drag the crop's frame on the photo, with a choice of aspect ratios")
            edit.clicked.connect(self.crop_requested.emit)
            self.form.addRow(edit)
        # an operation's own tool: a button under its sliders, emitting the layer's id
        layer_id: Callable[[Any], Callable[[], Any]] = lambda signal: lambda: self.layer and signal.emit(self.layer.id)  # noqa: E731
        tools = {
            "perspective": ("upright_button", "Auto (upright verticals)",
                            "Measure the photo's converging verticals and stand them upright (Lightroom's Upright)",
                            layer_id(self.upright_requested)),
            "lens": ("lens_button", "Auto (lens profile)",
                     "Correct the distortion, colour fringes and vignetting of the lens the photo's EXIF names, from the "
                     "lensfun database (Lightroom's Enable Profile Corrections)", layer_id(self.lens_profile_requested)),
            "recolor": ("recolour_button", "Choose the colour…",
                        "Pick the new colour from a colour dialog: its hue and saturation (and the amount, if 0)",
                        self._choose_recolour),
            "defringe": ("fringe_button", "Pick a fringe on the photo",
                         "Click a coloured fringe (zoom in to see it): its hue becomes the purple or green range's, as "
                         "Lightroom's fringe colour selector", layer_id(self.fringe_pick_requested)),
        }
        if op.name in tools:
            attr, text, tip, slot = tools[op.name]
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            self.form.addRow(button)
            setattr(self, attr, button)
        self.spot_button = self.spot_size = None
        if op.name == "spot_removal":
            self._spot_rows()
        if op.geometric:
            self._refresh()
            return
        op_slider = ParamSlider(0.0, 100.0, layer.opacity * 100.0, decimals=0, unit="%")
        op_slider.edited.connect(lambda v, g: self.opacity_edited.emit(self.layer.id, v / 100.0, g)
                                 if self.layer else None)
        self.form.addRow("opacity", op_slider)
        self._widgets["__opacity__"] = op_slider
        self._refresh()

    def _spot_rows(self) -> None:
        """A spot removal layer's tool (Lightroom's Spot Removal: click a spot, drag along a scratch,
        Alt+click one to take it away), its size, and a hunt for dust spots."""
        row = QHBoxLayout()
        heal = QPushButton("Heal spots (Q)")
        heal.setCheckable(True)
        heal.setChecked(self.spot_tool_on)
        heal.setToolTip("Click a spot on the photo to heal it from what is round it, drag along a scratch or a "
                        "hair; Alt+click a spot to take it away; [ and ] change the size; Esc when done")
        heal.toggled.connect(self.spot_tool_requested.emit)
        size = QSpinBox()
        size.setRange(1, 400)
        size.setValue(int(round(self.spot_radius)))
        size.setPrefix("size ")
        size.setSuffix(" px")
        size.setToolTip("The radius of the next spot, in preview pixels ([ and ] on the photo)")
        size.valueChanged.connect(self.spot_size_changed.emit)
        row.addWidget(heal)
        row.addWidget(size)
        self.form.addRow(row)
        find = QPushButton("Find dust spots")
        find.setToolTip("Look for the soft, round shadows sensor dust leaves on smooth parts (a sky, a wall) and "
                        "heal them; check them, Alt+click any that are not dust")
        find.clicked.connect(lambda: self.layer and self.dust_requested.emit(self.layer.id))
        self.form.addRow(find)
        self.spot_button, self.spot_size, self.find_dust_button = heal, size, find

    def show_spot_tool(self, on: bool, radius: float) -> None:
        """Show the spot removal tool's state (on, its size) without emitting changes."""
        self.spot_tool_on, self.spot_radius = on, radius
        for w, value in ((self.spot_button, on), (self.spot_size, int(round(radius)))):
            if w is not None:
                w.blockSignals(True)
                if isinstance(w, QPushButton):
                    w.setChecked(bool(value))
                else:
                    w.setValue(int(value))
                w.blockSignals(False)

    def _param_widget(self, spec: "ParamSpec", value: Any) -> QWidget:
        emit: Callable[[Any, Any], None] = lambda v, g, n=spec.name: (  # noqa: E731
            self.param_edited.emit(self.layer.id, n, v, g) if self.layer else None)
        if spec.kind == "choice":
            box = QComboBox()
            box.addItems(list(spec.choices) or [str(i) for i in range(int(spec.maximum) + 1)])
            box.setCurrentIndex(int(value))
            box.currentIndexChanged.connect(lambda i: emit(float(i), None))
            return box
        if spec.kind == "color":
            b = QPushButton()
            b.clicked.connect(lambda: self._pick_colour(spec.name))
            return b
        if spec.kind == "curve":
            holder = QWidget()
            lay = QVBoxLayout(holder)
            lay.setContentsMargins(0, 0, 0, 0)
            n = spec.shape[-1]
            rows = 1 if len(spec.shape) == 1 else spec.shape[0]
            colours = [QColor(235, 90, 90), QColor(90, 200, 90), QColor(100, 140, 255)] if rows == 3 else [None]
            holder.curves = []  # type: ignore[attr-defined]
            for r in range(rows):
                ed = CurveEditor(list(value[r * n:(r + 1) * n]), spec.minimum, spec.maximum, colours[r])

                def changed(slopes: list[float], g: Any, r: int = r) -> None:
                    cur = list(self.layer.params[spec.name]) if self.layer else []
                    cur[r * n:(r + 1) * n] = slopes
                    emit(cur, g)

                ed.edited.connect(changed)
                lay.addWidget(ed)
                holder.curves.append(ed)  # type: ignore[attr-defined]
            reset = QPushButton("Straight line")
            reset.clicked.connect(lambda: emit(spec.default_value(), None))
            lay.addWidget(reset)
            return holder
        decimals = 0 if spec.step >= 1 else 1 if spec.step >= 0.1 else 2
        s = ParamSlider(spec.minimum, spec.maximum, float(value), decimals=decimals, unit=spec.unit if spec.unit != "%" else "%")
        if spec.unit == "°" and spec.minimum == 0.0 and spec.maximum == 360.0:
            s.slider.setStyleSheet(HUE_GROOVE)  # a hue is picked on the colour wheel, unrolled
        s.edited.connect(emit)
        return s

    def _choose_recolour(self) -> None:
        """A Recolour layer's colour from a colour dialog: its hue and saturation (a grey keeps
        the hue), and the amount if it was 0, as one undo step."""
        layer = self.layer
        if layer is None:
            return
        start = QColor.fromHsvF(float(layer.params["hue"]) / 360.0 % 1.0, float(layer.params["saturation"]), 1.0)  # type: ignore[arg-type]
        c = QColorDialog.getColor(start, self, "New colour")
        if not c.isValid():
            return
        changes: dict[str, float] = {"saturation": round(c.hsvSaturationF(), 3)}
        if c.hsvHueF() >= 0:  # -1 for a grey, which has no hue
            changes["hue"] = round(c.hsvHueF() * 360.0, 1)
        if not float(layer.params["amount"]):  # type: ignore[arg-type]
            changes["amount"] = 1.0
        self.params_edited.emit(layer.id, changes, "colour")

    def _pick_colour(self, name: str) -> None:
        if self.layer is None:
            return
        r, g, b = self.layer.params[name]  # type: ignore[misc]
        c = QColorDialog.getColor(QColor.fromRgbF(r, g, b), self, "Fill colour")
        if c.isValid():
            self.param_edited.emit(self.layer.id, name, [c.redF(), c.greenF(), c.blueF()], None)

    def _refresh(self) -> None:
        """Put the layer's current values into the widgets without emitting edits."""
        layer = self.layer
        if layer is None:
            return
        for spec in layer.operation.params:
            w = self._widgets.get(spec.name)
            v = layer.params[spec.name]
            if isinstance(w, ParamSlider):
                if abs(w.value() - float(v)) > 1e-9:  # type: ignore[arg-type]
                    w.set_value(float(v))  # type: ignore[arg-type]
            elif isinstance(w, QComboBox):
                w.blockSignals(True)
                w.setCurrentIndex(int(v))  # type: ignore[arg-type]
                w.blockSignals(False)
            elif isinstance(w, QPushButton):
                r, g, b = v  # type: ignore[misc]
                w.setText(f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}")
                w.setStyleSheet(f"background: rgb({int(r * 255)}, {int(g * 255)}, {int(b * 255)});")
            elif w is not None and hasattr(w, "curves"):
                n = spec.shape[-1]
                for r, ed in enumerate(w.curves):
                    if ed._drag is None:
                        ed.set_slopes(list(v[r * n:(r + 1) * n]))  # type: ignore[index]
        o = self._widgets.get("__opacity__")
        if isinstance(o, ParamSlider) and abs(o.value() - layer.opacity * 100) > 1e-6:
            o.set_value(layer.opacity * 100)
        if layer.mask is None:
            self.mask_state.setText("whole image" if not layer.operation.needs_mask else "none: paint or load one")
        else:
            from .layer_model import place_text

            where = f": {place_text(layer.place)}" if layer.place else ""
            share = float(layer.mask.data.mean())
            # a red eye's pupils are a few pixels: "under 1 %", not a "0 %" that reads as empty
            amount = "under 1%" if 0.0 < share < 0.005 else f"{share:.0%}"
            self.mask_state.setText(f"{amount} of the photo{where}")
            self.mask_state.setToolTip("Made from these words: found again in each photo it is pasted onto"
                                       if layer.place else "Painted or loaded: it lands by position on another photo")
