"""The photo canvas: fit / 100 % / wheel zoom around the cursor, pan, before/after (hold ``\\``
or a split view with a draggable divider, same zoom both sides), a mask overlay, a brush, and
the crop tool's frame (handles to drag, rule of thirds, the cut-away part dimmed).

It shows a preview proxy of the photo; ``full_size`` is the photo's real size, so "100 %"
means one photo pixel per screen pixel.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QBrush, QColor, QCursor, QImage, QKeyEvent, QMouseEvent, QPainter, QPainterPath,
                           QPainterPathStroker, QPaintEvent, QPen, QPixmap, QWheelEvent)
from PySide6.QtWidgets import QSizePolicy, QWidget

from . import crop_frame
from .crop_frame import Frame

ZOOM_MIN, ZOOM_MAX = 0.02, 16.0
_CROP_CURSORS = {
    "move": Qt.CursorShape.SizeAllCursor,
    "l": Qt.CursorShape.SizeHorCursor, "r": Qt.CursorShape.SizeHorCursor,
    "t": Qt.CursorShape.SizeVerCursor, "b": Qt.CursorShape.SizeVerCursor,
    "tl": Qt.CursorShape.SizeFDiagCursor, "br": Qt.CursorShape.SizeFDiagCursor,
    "tr": Qt.CursorShape.SizeBDiagCursor, "bl": Qt.CursorShape.SizeBDiagCursor,
}

_TURN_CURSOR: list = []


#: The drawn mask's pins, screen pixels.
PIN_RADIUS = 6.0


def clipping_overlay(image: QImage) -> QImage:
    """Where ``image`` is clipped, as Lightroom's clipping warning: pure white (every channel
    255, the histogram's "highlights clipped") red, pure black (every channel 0) blue, the rest
    transparent."""
    import numpy as np

    img = image.convertToFormat(QImage.Format.Format_RGB888)
    h, w = img.height(), img.width()
    rows = np.frombuffer(img.constBits(), np.uint8, count=img.sizeInBytes()).reshape(h, img.bytesPerLine())
    px = rows[:, : w * 3].reshape(h, w, 3)
    out = np.zeros((h, w, 4), np.uint8)
    out[px.min(axis=2) == 255] = (255, 30, 30, 255)
    out[px.max(axis=2) == 0] = (40, 110, 255, 255)
    return QImage(out.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


#: Visualize spots: how strongly the local contrast shows (a part of the brightness round it).
SPOT_VIEW_GAIN = 10.0


def spot_visualisation(image: QImage) -> QImage:
    """``image`` as Lightroom's Visualize Spots shows it: its local contrast (each pixel against
    the brightness round it, as a part of that brightness) white on black, so the soft dust
    spots a sky or a wall hides stand out as white rings and dots."""
    import cv2
    import numpy as np

    img = image.convertToFormat(QImage.Format.Format_RGB888)
    h, w = img.height(), img.width()
    rows = np.frombuffer(img.constBits(), np.uint8, count=img.sizeInBytes()).reshape(h, img.bytesPerLine())
    px = rows[:, : w * 3].reshape(h, w, 3).astype(np.float32) / 255.0
    lum = px @ np.float32([0.2126, 0.7152, 0.0722])
    side = max(h, w)
    fine, coarse = max(0.8, side / 1500), max(4.0, side / 120)  # a spot's size against what is round it
    round_it = cv2.GaussianBlur(lum, (0, 0), coarse)
    rel = np.abs(cv2.GaussianBlur(lum, (0, 0), fine) - round_it) / np.maximum(round_it, 0.05)
    out = np.clip(rel * (SPOT_VIEW_GAIN * 255.0), 0, 255).astype(np.uint8)
    return QImage(out.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


def _turn_cursor() -> QCursor:
    """A curved double arrow: outside the crop frame, dragging turns the picture (made once)."""
    if not _TURN_CURSOR:
        pix = QPixmap(24, 24)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        for colour, width in ((QColor(0, 0, 0), 4.0), (QColor(255, 255, 255), 2.0)):
            p.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawArc(QRectF(4, 4, 16, 16), 30 * 16, 120 * 16)
            for (x, y), (dx, dy) in (((18.9, 8.0), (-4, -1)), ((18.9, 8.0), (0, 4)),
                                     ((5.1, 8.0), (4, -1)), ((5.1, 8.0), (0, 4))):
                p.drawLine(QPointF(x, y), QPointF(x + dx, y + dy))
        p.end()
        _TURN_CURSOR.append(QCursor(pix, 12, 12))
    return _TURN_CURSOR[0]


class Canvas(QWidget):
    zoom_changed = Signal(float)  # screen pixels per photo pixel
    view_changed = Signal()  # zoom or pan moved: a sharper view of the visible part may be due
    stroke = Signal(float, float, bool)  # proxy x, y, first point of a stroke
    stroke_finished = Signal()
    #: A graduated or radial mask drawn by a drag (``shape_tool``): proxy x, y of the press and of
    #: the pointer, and whether the drag has ended.
    shape_dragged = Signal(float, float, float, float, bool)
    picked = Signal(float, float)  # the white-balance picker's click, proxy x, y
    #: A pin of the selected layer's drawn mask moved: its kind, start and end (proxy x, y), ended.
    handle_dragged = Signal(str, float, float, float, float, bool)
    #: The turn pin of the selected layer's ellipse dragged: its angle in degrees (clockwise), ended
    #: (NaN: let go with Esc).
    handle_turned = Signal(float, bool)
    pick_cancelled = Signal()  # Esc while picking
    crop_finished = Signal(bool)  # True: apply the frame (Enter, double-click inside), False: cancel (Esc)
    crop_turned = Signal(float, bool)  # degrees counter-clockwise since the press outside the frame, first move
    #: The spot removal tool: a spot made (its path, proxy x, y pairs, and radius, proxy pixels),
    #: a spot Alt+clicked (its index in ``spots``), its size changed with [ and ], Esc.
    spot_made = Signal(list, float)
    spot_removed = Signal(int)
    spot_resized = Signal(float)
    spot_tool_left = Signal()
    #: A heal's or clone's source dragged to a new place: the spot's index and the source's offset
    #: from the spot (proxy pixels).
    spot_source_moved = Signal(int, float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setMouseTracking(True)
        self.setAcceptDrops(False)  # the window takes drops
        self.after: QImage | None = None
        self._checks: QBrush | None = None  # the transparency checkerboard, made on first use
        self.before: QImage | None = None
        self.overlay: QImage | None = None
        self.detail: QImage | None = None  # the visible part rendered at full resolution
        self.detail_rect = QRectF()  # ... and where it sits, in photo pixels
        self.full_size = QSize(0, 0)
        self.zoom = 1.0
        self.offset = QPointF(0, 0)  # screen position of the photo's top-left corner
        self.fit_mode = True
        self.show_before = False
        self.split = False
        self.split_at = 0.5  # fraction of the widget width
        self.brush_radius = 0.0  # > 0: left drag paints (proxy pixels)
        self.shape_tool = ""  # "gradient" or "radial": left drag draws that mask
        self.radial_feather = 0.5  # the part of a radial mask's radius it fades over (its inner guide)
        self._shift = False  # Shift held at the last mouse event: the radial tool draws a circle
        self.show_clipping = False  # pure white red, pure black blue, over the shown picture
        self.visualize_spots = False  # the picture's local contrast, white on black (dust shows)
        self.picking = False  # the white-balance picker: a left click picks a neutral point
        self.spot_radius = 0.0  # > 0: the spot removal tool, its spots this big (proxy pixels)
        #: The spots of the layer the tool heals, shown as outlines: (radius, path) in proxy pixels.
        self.spots: list[tuple[float, list[tuple[float, float]]]] = []
        self._spot_path: list[QPointF] = []  # the spot being made (screen)
        #: Where a heal or a clone copies each spot from (offsets in proxy pixels, one a spot), shown
        #: as a second outline joined to its spot and moved by dragging it; empty for a fill.
        self.spot_sources: list[tuple[float, float]] = []
        self._source_drag: tuple[int, QPointF] | None = None  # the source being moved, where it was taken
        #: The selected layer's drawn mask: (kind, start, end) in proxy pixels, shown as pins to drag.
        self.handles: tuple[str, tuple[float, float], tuple[float, float]] | None = None
        self._handle: str | None = None  # "start", "end" or "turn" while its pin is dragged
        self.handle_angle = 0.0  # the ellipse's turn (degrees clockwise), its turn pin's place
        self._clip_cache: dict = {}  # QImage.cacheKey() -> its clipping overlay (("spots", key): its spot view)
        self._shape_press: QPointF | None = None  # where the drag of a shape began (screen)
        self._drag: str | None = None
        self.crop: Frame | None = None  # the crop tool's frame, in fractions of the shown picture
        self.crop_limit = 0.45  # the most a side may cut
        self.crop_aspect: float | None = None  # locked width / height in pixels
        self.crop_size = (0, 0)  # (width, height) of the picture the crop cuts, in photo pixels
        self.crop_overlay = "thirds"  # the crop frame's guides (crop_frame.OVERLAYS; O cycles them)
        self._crop_start: Frame | None = None
        self._press = QPointF()
        self._last = QPointF()
        self._cursor = QPointF(-1, -1)
        self.placeholder = "Drop a photo here, or press Ctrl+O"

    # ------------------------------------------------------------------ content
    def set_images(self, after: QImage | None, before: QImage | None = None, full_size: QSize | None = None) -> None:
        new_photo = full_size is not None and full_size != self.full_size
        self.after = after
        if before is not None:
            self.before = before
        if full_size is not None:
            self.full_size = full_size
        if new_photo or self.fit_mode:
            self.fit()
        self.update()

    def set_detail(self, image: QImage | None, rect: QRectF | None = None) -> None:
        self.detail = image
        if rect is not None:
            self.detail_rect = rect
        self.update()

    def needs_detail(self) -> bool:
        """Whether the proxy is being magnified (so real photo pixels would look sharper)."""
        return self.after is not None and self.zoom / max(self.proxy_scale(), 1e-6) > 1.15

    def visible_photo_rect(self) -> QRectF:
        """The part of the photo on screen, in photo pixels."""
        top_left = (QPointF(0, 0) - self.offset) / self.zoom
        size = QPointF(self.width(), self.height()) / self.zoom
        r = QRectF(top_left.x(), top_left.y(), size.x(), size.y())
        return r.intersected(QRectF(0, 0, self.full_size.width(), self.full_size.height()))

    def set_overlay(self, mask: QImage | None) -> None:
        self.overlay = mask
        self.update()

    def set_handles(self, handles: tuple[str, tuple[float, float], tuple[float, float]] | None,
                    angle: float = 0.0) -> None:
        if handles != self.handles or angle != self.handle_angle:
            self.handles, self.handle_angle = handles, angle
            self.update()

    def _turn_pin(self) -> QPointF | None:
        """Where the ellipse's turn pin is on screen: beyond its edge at its own top, as far out
        as the pin is big (Lightroom turns a radial gradient by dragging just outside it); the
        pointer while the pin is dragged. None for other shapes."""
        pins = self._pins()
        if pins is None or self.handles is None or self.handles[0] != "ellipse":
            return None
        if self._handle == "turn":
            return self._cursor
        import math

        from ..document.mask import _unturned, ellipse_radii

        a, b = pins
        _, ry = ellipse_radii(*_unturned(b.x() - a.x(), b.y() - a.y(), self.handle_angle))
        r = ry + 3 * PIN_RADIUS
        t = math.radians(self.handle_angle)
        return a + QPointF(r * math.sin(t), -r * math.cos(t))

    def _pointer_angle(self) -> float:
        """The turn the pointer gives the ellipse: its direction from the centre, 0 straight up."""
        import math

        pins = self._pins()
        if pins is None:
            return self.handle_angle
        d = self._cursor - pins[0]
        return math.degrees(math.atan2(d.x(), -d.y()))

    def _from_proxy(self, x: float, y: float) -> QPointF:
        """The screen point of the preview's (proxy) point: :meth:`to_proxy`'s inverse."""
        return self.offset + QPointF(x, y) * (self.zoom / max(self.proxy_scale(), 1e-6))

    def _pins(self) -> tuple[QPointF, QPointF] | None:
        """The drawn mask's start and end on screen, the one being dragged at the pointer."""
        if self.handles is None:
            return None
        a, b = self._from_proxy(*self.handles[1]), self._from_proxy(*self.handles[2])
        if self._handle == "start":
            a = self._cursor
        elif self._handle == "end":
            b = self._cursor
        return a, b

    def set_crop(self, frame: Frame | None, limit: float = 0.45, size: tuple[int, int] = (0, 0)) -> None:
        """Show the crop tool's frame (None: leave the crop tool) over a picture of ``size``
        ``(width, height)`` pixels: known at once, before the preview of that picture arrives."""
        tool = (self.crop is None) != (frame is None)
        self.crop = frame
        self.crop_limit = limit
        self.crop_size = size
        if frame is None:
            self.crop_aspect = None
        if tool and self.fit_mode:
            self.fit()  # the crop tool fits with room around the frame to drag in (to straighten)
        self.update()

    def _crop_ready(self) -> bool:
        """Whether the preview shows the picture the crop cuts yet (it is rendered without the
        crop being edited, a moment after the tool opens): the frame waits for it."""
        if self.crop is None or self.after is None or min(self.crop_size) <= 0:
            return False
        shown = self.after.width() / max(self.after.height(), 1)
        return abs(shown / (self.crop_size[0] / self.crop_size[1]) - 1.0) < 0.02

    def _picture_rect(self) -> QRectF:
        """Where the shown picture lies on screen."""
        return self._fitted(self._photo_rect(), self.after) if self.after is not None else self._photo_rect()

    def _crop_on_screen(self) -> Frame:
        r = self._picture_rect()
        x0, y0, x1, y1 = self.crop or (0.0, 0.0, 1.0, 1.0)
        return (r.x() + x0 * r.width(), r.y() + y0 * r.height(), r.x() + x1 * r.width(), r.y() + y1 * r.height())

    def _paint_crop(self, p: QPainter) -> None:
        x0, y0, x1, y1 = self._crop_on_screen()
        r = self._picture_rect()
        dim = QColor(0, 0, 0, 150)
        p.fillRect(QRectF(r.left(), r.top(), r.width(), y0 - r.top()), dim)
        p.fillRect(QRectF(r.left(), y1, r.width(), r.bottom() - y1), dim)
        p.fillRect(QRectF(r.left(), y0, x0 - r.left(), y1 - y0), dim)
        p.fillRect(QRectF(x1, y0, r.right() - x1, y1 - y0), dim)
        # the guides chosen (O cycles them, as in Lightroom); a fine grid while straightening
        overlay = "grid" if self._drag == "turn" else self.crop_overlay
        p.setPen(QPen(QColor(255, 255, 255, 70 if overlay == "grid" else 90), 1))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        for fx, fy in crop_frame.guide_lines(overlay):
            if fx is not None:
                x = x0 + (x1 - x0) * fx
                p.drawLine(QPointF(x, y0), QPointF(x, y1))
            if fy is not None:
                y = y0 + (y1 - y0) * fy
                p.drawLine(QPointF(x0, y), QPointF(x1, y))
        if overlay == "diagonal":  # 45-degree lines from each corner, as far as the frame goes
            side = min(x1 - x0, y1 - y0)
            for (cx, cy), (dx, dy) in (((x0, y0), (1, 1)), ((x1, y0), (-1, 1)), ((x0, y1), (1, -1)), ((x1, y1), (-1, -1))):
                p.drawLine(QPointF(cx, cy), QPointF(cx + dx * side, cy + dy * side))
        p.setPen(QPen(QColor(255, 255, 255, 230), 1.5))
        p.drawRect(QRectF(QPointF(x0, y0), QPointF(x1, y1)))
        p.setBrush(QColor(255, 255, 255))
        for hx in (x0, (x0 + x1) / 2, x1):
            for hy in (y0, (y0 + y1) / 2, y1):
                if (hx, hy) != ((x0 + x1) / 2, (y0 + y1) / 2):
                    p.drawRect(QRectF(hx - 4, hy - 4, 8, 8))
        p.setBrush(Qt.BrushStyle.NoBrush)
        fx0, fy0, fx1, fy1 = self.crop or (0.0, 0.0, 1.0, 1.0)
        w, h = self.crop_size[0] * (fx1 - fx0), self.crop_size[1] * (fy1 - fy0)
        p.setPen(QColor(255, 255, 255))
        p.drawText(QRectF(x0 + 6, y0 + 4, 200, 20), Qt.AlignmentFlag.AlignLeft, f"{round(w)} x {round(h)}")

    def proxy_scale(self) -> float:
        """Proxy pixels per photo pixel."""
        if self.after is None or self.full_size.width() <= 0:
            return 1.0
        return self.after.width() / self.full_size.width()

    # ------------------------------------------------------------------ zoom and pan
    def fit(self) -> None:
        self.fit_mode = True
        if self.full_size.isEmpty():
            return
        w, h = self.full_size.width(), self.full_size.height()
        z = min(self.width() / w, self.height() / h) * (0.86 if self.crop is not None else 0.98)
        self._set_zoom(z, QPointF(self.width() / 2, self.height() / 2), centre=True)

    def actual_size(self) -> None:
        self.fit_mode = False
        self._set_zoom(1.0, QPointF(self.width() / 2, self.height() / 2))

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        self.fit_mode = False
        anchor = anchor if anchor is not None else QPointF(self.width() / 2, self.height() / 2)
        self._set_zoom(self.zoom * factor, anchor)

    def _set_zoom(self, zoom: float, anchor: QPointF, centre: bool = False) -> None:
        zoom = max(ZOOM_MIN, min(ZOOM_MAX, zoom))
        if centre:
            w, h = self.full_size.width() * zoom, self.full_size.height() * zoom
            self.offset = QPointF((self.width() - w) / 2, (self.height() - h) / 2)
        else:  # keep the photo point under the anchor where it is
            photo_pt = (anchor - self.offset) / self.zoom
            self.offset = anchor - photo_pt * zoom
        self.zoom = zoom
        self.zoom_changed.emit(zoom)
        self.view_changed.emit()
        self.update()

    def to_proxy(self, pos: QPointF) -> QPointF:
        return (pos - self.offset) / self.zoom * self.proxy_scale()

    # ------------------------------------------------------------------ painting
    def _photo_rect(self) -> QRectF:
        return QRectF(self.offset.x(), self.offset.y(), self.full_size.width() * self.zoom,
                      self.full_size.height() * self.zoom)

    @staticmethod
    def _fitted(target: QRectF, image: QImage) -> QRectF:
        """``target``, or for an image of another shape (the photo before its crop, beside the
        cropped result) the largest rect of the image's shape centred in it."""
        if image.width() <= 0 or image.height() <= 0:
            return target
        aspect = image.width() / image.height()
        if abs(aspect - target.width() / max(target.height(), 1e-6)) < 0.01:
            return target
        if aspect > target.width() / max(target.height(), 1e-6):
            h = target.width() / aspect
            return QRectF(target.x(), target.y() + (target.height() - h) / 2, target.width(), h)
        w = target.height() * aspect
        return QRectF(target.x() + (target.width() - w) / 2, target.y(), w, target.height())

    def _checkerboard(self) -> QBrush:
        if self._checks is None:
            tile = QPixmap(16, 16)
            tile.fill(QColor(204, 204, 204))
            tp = QPainter(tile)
            tp.fillRect(0, 0, 8, 8, QColor(153, 153, 153))
            tp.fillRect(8, 8, 8, 8, QColor(153, 153, 153))
            tp.end()
            self._checks = QBrush(tile)
        return self._checks

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(38, 38, 40))
        if self.after is None:
            p.setPen(QColor(170, 170, 170))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            return
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.zoom * (1 / max(self.proxy_scale(), 1e-6)) < 2)
        target = self._photo_rect()
        shown = self.before if (self.show_before and self.before is not None) else self.after
        if shown.hasAlphaChannel() or (self.before is not None and self.before.hasAlphaChannel()):
            p.fillRect(target, self._checkerboard())  # transparency shows as the usual checks
        view = self._visualised if self.visualize_spots else (lambda image: image)
        p.drawImage(self._fitted(target, shown), view(shown))
        if self.detail is not None and not self.show_before:
            r = self.detail_rect
            p.drawImage(QRectF(self.offset.x() + r.x() * self.zoom, self.offset.y() + r.y() * self.zoom,
                               r.width() * self.zoom, r.height() * self.zoom), view(self.detail))
        if self.split and self.before is not None and not self.show_before:
            x = self.width() * self.split_at
            p.save()
            p.setClipRect(QRectF(0, 0, x, self.height()))
            p.drawImage(self._fitted(target, self.before), self.before)
            p.restore()
            p.setPen(QPen(QColor(255, 255, 255, 220), 2))
            p.drawLine(QPointF(x, 0), QPointF(x, self.height()))
            p.setPen(QColor(255, 255, 255))
            p.drawText(QRectF(x - 70, 8, 62, 20), Qt.AlignmentFlag.AlignRight, "Before")
            p.drawText(QRectF(x + 8, 8, 62, 20), Qt.AlignmentFlag.AlignLeft, "After")
        if self.show_clipping:
            p.drawImage(self._fitted(target, shown), self._clipping(shown))
            if self.detail is not None and not self.show_before:
                r = self.detail_rect
                p.drawImage(QRectF(self.offset.x() + r.x() * self.zoom, self.offset.y() + r.y() * self.zoom,
                                   r.width() * self.zoom, r.height() * self.zoom), self._clipping(self.detail))
        if self.overlay is not None:
            p.setOpacity(0.45)
            p.drawImage(target, self.overlay)
            p.setOpacity(1.0)
        if self.show_before:
            p.setPen(QColor(255, 255, 255))
            p.drawText(QRectF(10, 8, 200, 20), Qt.AlignmentFlag.AlignLeft, "Before")
        if self._crop_ready():
            self._paint_crop(p)
        if self._drag == "shape" and self._shape_press is not None:
            self._paint_shape(p, self._shape_press, self._cursor, self.shape_kind())
        pins = self._pins() if self.crop is None and self._drag != "shape" else None
        if pins is not None:
            turning = self._handle == "turn"
            angle = self._pointer_angle() if turning else self.handle_angle
            if self._handle is not None:
                a, b = pins
                if turning:  # the edge turns with the ellipse
                    import math

                    t = math.radians(angle - self.handle_angle)
                    d = b - a
                    b = a + QPointF(d.x() * math.cos(t) - d.y() * math.sin(t), d.x() * math.sin(t) + d.y() * math.cos(t))
                self._paint_shape(p, a, b, self.handles[0], angle)  # type: ignore[index]
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            turn_pin = self._turn_pin()
            if turn_pin is not None:  # a small circle joined to the centre by a faint line
                p.setPen(QPen(QColor(255, 255, 255, 110), 1, Qt.PenStyle.DashLine))
                p.drawLine(pins[0], turn_pin)
                for pen in (QPen(QColor(0, 0, 0, 160), 3), QPen(QColor(255, 255, 255), 1.5)):
                    p.setPen(pen)
                    p.drawEllipse(turn_pin, PIN_RADIUS * 0.7, PIN_RADIUS * 0.7)
            for pin, filled in ((pins[0], True), (pins[1], False)):
                p.setPen(QPen(QColor(0, 0, 0, 160), 3))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawEllipse(pin, PIN_RADIUS, PIN_RADIUS)
                p.setPen(QPen(QColor(255, 255, 255), 1.5))
                p.setBrush(QColor(255, 255, 255) if filled else Qt.BrushStyle.NoBrush)
                p.drawEllipse(pin, PIN_RADIUS, PIN_RADIUS)
            p.setBrush(Qt.BrushStyle.NoBrush)
        if self.spot_radius > 0 and self.crop is None:
            self._paint_spots(p)
        if self.brush_radius > 0 and self._cursor.x() >= 0 and self.crop is None:
            r = self.brush_radius / max(self.proxy_scale(), 1e-6) * self.zoom
            p.setPen(QPen(QColor(255, 255, 255, 200), 1))
            p.drawEllipse(self._cursor, r, r)

    def _spot_outline(self, radius: float, path: list[QPointF]) -> QPainterPath:
        """The outline of a drag's spot on screen: a round-ended band along its path."""
        line = QPainterPath(path[0])
        for pt in path[1:]:
            line.lineTo(pt)
        stroker = QPainterPathStroker()
        stroker.setWidth(2 * radius)
        stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
        stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return stroker.createStroke(line).simplified()

    def _paint_spots(self, p: QPainter) -> None:
        """The healed spots' outlines (as Lightroom shows them while its tool is on), the one being
        dragged, and the tool's circle at the pointer."""
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(Qt.BrushStyle.NoBrush)
        k = self.zoom / max(self.proxy_scale(), 1e-6)  # screen pixels per proxy pixel
        shapes = [(r * k, [self._from_proxy(x, y) for x, y in path]) for r, path in self.spots]
        for i, (dx, dy) in enumerate(self.spot_sources[: len(self.spots)]):
            if self._source_drag is not None and self._source_drag[0] == i:
                moved = self._cursor - self._source_drag[1]
                dx, dy = dx + moved.x() / k, dy + moved.y() / k
            self._paint_source(p, shapes[i], dx * k, dy * k)
        if self._drag == "spot" and self._spot_path:
            shapes.append((self.spot_radius * k, self._spot_path))
        for radius, path in shapes:
            radius = max(radius, 2.0)
            # a white line with a soft shadow just outside it, seen on light and dark parts alike
            for pen, grow in ((QPen(QColor(0, 0, 0, 110), 1.6), 1.3), (QPen(QColor(255, 255, 255, 230), 1.4), 0.0)):
                p.setPen(pen)
                if len(path) == 1:  # a click's spot: its circle
                    p.drawEllipse(path[0], radius + grow, radius + grow)
                else:
                    p.drawPath(self._spot_outline(radius + grow, path))
        if self._cursor.x() >= 0 and self._drag != "spot":
            r = self.spot_radius * k
            p.setPen(QPen(QColor(255, 255, 255, 200), 1, Qt.PenStyle.DashLine))
            p.drawEllipse(self._cursor, r, r)

    def _paint_source(self, p: QPainter, shape: tuple[float, list[QPointF]], dx: float, dy: float) -> None:
        """A spot's source (screen offset ``dx, dy`` from it): its outline dashed, and a line from
        it to the spot with an arrow's head at the spot, as Lightroom draws them."""
        radius, path = max(shape[0], 2.0), shape[1]
        moved = [pt + QPointF(dx, dy) for pt in path]
        a, b = moved[0], path[0]
        length = max((dx * dx + dy * dy) ** 0.5, 1e-6)
        ux, uy = -dx / length, -dy / length  # from the source to the spot
        start, end = a + QPointF(ux, uy) * radius, b - QPointF(ux, uy) * radius
        for colour, width in ((QColor(0, 0, 0, 110), 3.0), (QColor(255, 255, 255, 220), 1.4)):
            p.setPen(QPen(colour, width, Qt.PenStyle.DashLine))
            if len(moved) == 1:
                p.drawEllipse(moved[0], radius, radius)
            else:
                p.drawPath(self._spot_outline(radius, moved))
            if length > 2 * radius + 4:
                p.setPen(QPen(colour, width))
                p.drawLine(start, end)
                side = QPointF(-uy, ux) * 4.0
                back = end - QPointF(ux, uy) * 7.0
                p.drawLine(end, back + side)
                p.drawLine(end, back - side)

    def source_at(self, pos: QPointF) -> int | None:
        """The index of the spot whose source outline is under the screen point ``pos``."""
        return self._spot_under(pos, self.spot_sources)

    def spot_at(self, pos: QPointF) -> int | None:
        """The index of the spot under the screen point ``pos`` (the last made, when they overlap)."""
        return self._spot_under(pos, [(0.0, 0.0)] * len(self.spots))

    def _spot_under(self, pos: QPointF, offsets: list[tuple[float, float]]) -> int | None:
        """The last spot whose outline, moved by its ``offsets`` (proxy pixels), holds ``pos``."""
        pt = self.to_proxy(pos)
        for i in range(min(len(self.spots), len(offsets)) - 1, -1, -1):
            r, path = self.spots[i]
            ox, oy = offsets[i]
            for (ax, ay), (bx, by) in zip(path, path[1:] or path):
                ax, ay, dx, dy = ax + ox, ay + oy, bx - ax, by - ay
                n2 = dx * dx + dy * dy
                t = 0.0 if n2 < 1e-12 else min(1.0, max(0.0, ((pt.x() - ax) * dx + (pt.y() - ay) * dy) / n2))
                if (pt.x() - ax - t * dx) ** 2 + (pt.y() - ay - t * dy) ** 2 <= r * r:
                    return i
        return None

    def _pin_at(self, pos: QPointF) -> str | None:
        """"start", "end" (or an ellipse's "turn") when ``pos`` is on that pin of the drawn mask,
        else None."""
        pins = self._pins() if self.crop is None and self.after is not None else None
        if pins is None:
            return None
        turn = self._turn_pin()
        for name, pin in zip(("start", "end", "turn"), (*pins, turn) if turn is not None else pins):
            d = pos - pin
            if d.x() ** 2 + d.y() ** 2 <= (PIN_RADIUS + 4) ** 2:
                return name
        return None

    def _emit_pins(self, finished: bool) -> None:
        """The drawn mask with the dragged pin where the pointer is, in proxy pixels; a pin let go
        where it was changes nothing (a drag of no length)."""
        pins = self._pins()
        if pins is None or self.handles is None:
            return
        a, b = self.to_proxy(pins[0]), self.to_proxy(pins[1])
        kind, start, end = self.handles
        if finished and (self._handle is None or abs(a.x() - start[0]) + abs(a.y() - start[1]) +
                         abs(b.x() - end[0]) + abs(b.y() - end[1]) < 1.0):
            self.handle_dragged.emit(kind, a.x(), a.y(), a.x(), a.y(), True)  # no move: nothing
            return
        self.handle_dragged.emit(kind, a.x(), a.y(), b.x(), b.y(), finished)

    def _visualised(self, image: QImage) -> QImage:
        """Visualize spots' view of ``image`` (made once per image)."""
        key = ("spots", image.cacheKey())
        if key not in self._clip_cache:
            if len(self._clip_cache) > 4:
                self._clip_cache.clear()
            self._clip_cache[key] = spot_visualisation(image)  # type: ignore[index]
        return self._clip_cache[key]  # type: ignore[index]

    def _clipping(self, image: QImage) -> QImage:
        """The clipping overlay of ``image`` (made once per image)."""
        key = image.cacheKey()
        if key not in self._clip_cache:
            if len(self._clip_cache) > 4:
                self._clip_cache.clear()
            self._clip_cache[key] = clipping_overlay(image)
        return self._clip_cache[key]

    def shape_kind(self) -> str:
        """What a drag with the shape tool draws now: "gradient", or for the radial tool an
        "ellipse" following the drag, a "radial" circle while Shift is held (as in Lightroom)."""
        if self.shape_tool != "radial":
            return self.shape_tool
        return "radial" if self._shift else "ellipse"

    def _paint_shape(self, p: QPainter, a: QPointF, b: QPointF, kind: str, angle: float = 0.0) -> None:
        """The guides of the mask being drawn: a graduated filter's three lines (full effect, half,
        none), or a radial filter's outer circle (or ellipse) and the inner one where it is full."""
        d = b - a
        length = (d.x() ** 2 + d.y() ** 2) ** 0.5
        if length < 1:
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        dark, light = QPen(QColor(0, 0, 0, 140), 3), QPen(QColor(255, 255, 255, 230), 1)
        if kind in ("radial", "ellipse"):
            rx = ry = length
            if kind == "ellipse":
                from ..document.mask import _unturned, ellipse_radii  # drawn as the mask will be

                rx, ry = ellipse_radii(*_unturned(d.x(), d.y(), angle))
            inner = 1.0 - self.radial_feather
            p.save()
            p.translate(a)
            p.rotate(angle if kind == "ellipse" else 0.0)  # clockwise on the screen, as the mask turns
            for pen in (dark, light):
                p.setPen(pen)
                p.drawEllipse(QPointF(0, 0), rx, ry)
                p.drawEllipse(QPointF(0, 0), rx * inner, ry * inner)
            p.restore()
            return
        across = QPointF(-d.y(), d.x()) * (max(self.width(), self.height()) * 2 / length)
        for pen in (dark, light):
            p.setPen(pen)
            for c in (a, (a + b) / 2, b):
                p.drawLine(c - across, c + across)
            p.drawLine(a, b)

    # ------------------------------------------------------------------ input
    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001
        if self.fit_mode:
            self.fit()
        self.view_changed.emit()
        super().resizeEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if self.after is None:
            return
        steps = event.angleDelta().y() / 120.0
        self.zoom_by(1.25**steps, event.position())

    def _near_divider(self, pos: QPointF) -> bool:
        return self.split and abs(pos.x() - self.width() * self.split_at) < 6

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        pos = event.position()
        self._last = pos
        handle = crop_frame.hit(self._crop_on_screen(), pos.x(), pos.y()) if self._crop_ready() else None
        if event.button() == Qt.MouseButton.LeftButton and handle is not None:
            self._drag = "crop:" + handle
            self._crop_start = self.crop
            self._press = pos
        elif event.button() == Qt.MouseButton.LeftButton and self._crop_ready():
            self._drag = "turn"  # outside the frame: straighten by dragging round it
            self._press = pos
            self._turn_moved = False
            self.update()
        elif event.button() == Qt.MouseButton.LeftButton and self._near_divider(pos):
            self._drag = "divider"
        elif event.button() == Qt.MouseButton.LeftButton and self._pin_at(pos) is not None:
            self._handle = self._pin_at(pos)
            self._drag = "pin"
            self._cursor = pos
        elif event.button() == Qt.MouseButton.LeftButton and self.picking and self.after is not None \
                and self.crop is None:
            pt = self.to_proxy(pos)
            self.picked.emit(pt.x(), pt.y())
        elif event.button() == Qt.MouseButton.LeftButton and self.spot_radius > 0 and self.after is not None \
                and self.crop is None:
            if event.modifiers() & Qt.KeyboardModifier.AltModifier:  # Alt+click takes a spot away, as in Lightroom
                hit = self.spot_at(pos)
                if hit is not None:
                    self.spot_removed.emit(hit)
                return
            source = self.source_at(pos)
            if source is not None:  # a heal's source dragged elsewhere
                self._drag = "source"
                self._source_drag = (source, pos)
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                return
            self._drag = "spot"
            self._spot_path = [pos]
            self.update()
        elif event.button() == Qt.MouseButton.LeftButton and self.shape_tool and self.after is not None \
                and self.crop is None:
            self._drag = "shape"
            self._shape_press = pos
        elif event.button() == Qt.MouseButton.LeftButton and self.brush_radius > 0 and self.after is not None \
                and self.crop is None:  # the crop tool's clicks are the frame's, never a brush stroke
            self._drag = "brush"
            pt = self.to_proxy(pos)
            self.stroke.emit(pt.x(), pt.y(), True)
        elif event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton):
            self._drag = "pan"
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        pos = event.position()
        self._cursor = pos
        if self._drag == "pan":
            self.fit_mode = False
            self.offset += pos - self._last
            self.view_changed.emit()
            self.update()
        elif self._drag == "divider":
            self.split_at = min(1.0, max(0.0, pos.x() / max(1, self.width())))
            self.update()
        elif self._drag == "brush":
            pt = self.to_proxy(pos)
            self.stroke.emit(pt.x(), pt.y(), False)
        elif self._drag == "spot":
            self._spot_path.append(pos)
            self.update()
        elif self._drag == "source":
            self.update()
        elif self._drag == "shape" and self._shape_press is not None:
            a, b = self.to_proxy(self._shape_press), self.to_proxy(pos)
            self.shape_dragged.emit(a.x(), a.y(), b.x(), b.y(), False)
            self.update()
        elif self._drag == "pin" and self.handles is not None and self._handle == "turn":
            self.handle_turned.emit(self._pointer_angle(), False)
            self.update()
        elif self._drag == "pin" and self.handles is not None:
            self._emit_pins(False)
            self.update()
        elif self._drag == "turn":
            x0, y0, x1, y1 = self._crop_on_screen()
            degrees = crop_frame.turn(((x0 + x1) / 2, (y0 + y1) / 2), (self._press.x(), self._press.y()),
                                      (pos.x(), pos.y()))
            self.crop_turned.emit(degrees, not self._turn_moved)
            self._turn_moved = True
        elif self._drag is not None and self._drag.startswith("crop:") and self._crop_start is not None:
            r = self._picture_rect()
            d = pos - self._press
            size = self.crop_size
            aspect = self.crop_aspect
            if aspect is None and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                aspect = crop_frame.pixel_aspect(self._crop_start, size)  # Shift keeps the frame's shape
            self.crop = crop_frame.drag(self._crop_start, self._drag[5:], d.x() / max(r.width(), 1e-6),
                                        d.y() / max(r.height(), 1e-6), size, self.crop_limit, aspect)
            self.update()
        elif self.picking and self.crop is None:
            self.setCursor(Qt.CursorShape.CrossCursor)
        elif self.crop is not None:
            handle = crop_frame.hit(self._crop_on_screen(), pos.x(), pos.y())
            self.setCursor(_CROP_CURSORS[handle] if handle in _CROP_CURSORS else _turn_cursor())
        else:
            self.setCursor(Qt.CursorShape.SplitHCursor if self._near_divider(pos) else Qt.CursorShape.ArrowCursor)
            if self.brush_radius > 0 or self.spot_radius > 0:
                self.update()
        self._last = pos

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if self._drag == "brush":
            self.stroke_finished.emit()
        if self._drag == "source" and self._source_drag is not None:
            index, start = self._source_drag
            self._source_drag = None
            moved = self.to_proxy(event.position()) - self.to_proxy(start)
            dx, dy = self.spot_sources[index]
            if moved.manhattanLength() > 0:
                self.spot_source_moved.emit(index, dx + moved.x(), dy + moved.y())
            self.unsetCursor()
            self.update()
        if self._drag == "spot" and self._spot_path:
            path = [self.to_proxy(p) for p in self._spot_path]
            self._spot_path = []
            self.spot_made.emit([(p.x(), p.y()) for p in path], self.spot_radius)
            self.update()
        if self._drag == "pin" and self.handles is not None and self._handle == "turn":
            self._cursor = event.position()
            self.handle_turned.emit(self._pointer_angle(), True)
            self._handle = None
        elif self._drag == "pin" and self.handles is not None:
            self._cursor = event.position()
            self._emit_pins(True)
            self._handle = None
        if self._drag == "shape" and self._shape_press is not None:
            a, b = self.to_proxy(self._shape_press), self.to_proxy(event.position())
            d = event.position() - self._shape_press
            moved = abs(d.x()) + abs(d.y()) >= 3  # a click draws nothing
            self._shape_press = None
            if not moved:
                b = a  # a click draws nothing: a drag of no length ends it
            self.shape_dragged.emit(a.x(), a.y(), b.x(), b.y(), True)
            self.update()
        turning = self._drag == "turn"
        self._drag = None
        self.unsetCursor()
        if turning:
            self.update()  # the fine grid goes

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.crop is not None:
            if crop_frame.hit(self._crop_on_screen(), event.position().x(), event.position().y()) == "move":
                self.crop_finished.emit(True)
            return
        if self.fit_mode:
            self.actual_size()
        else:
            self.fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.picking and event.key() == Qt.Key.Key_Escape:
            self.pick_cancelled.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self._drag in ("shape", "pin"):  # a drawing or a pin move let go
            if self._drag == "shape":
                self.shape_dragged.emit(0.0, 0.0, 0.0, 0.0, True)
            elif self.handles is not None and self._handle == "turn":
                self.handle_turned.emit(float("nan"), True)
            elif self.handles is not None:
                self.handle_dragged.emit(self.handles[0], 0.0, 0.0, 0.0, 0.0, True)
            self._drag, self._shape_press, self._handle = None, None, None
            self.update()
            return
        if self.spot_radius > 0 and event.key() in (Qt.Key.Key_BracketLeft, Qt.Key.Key_BracketRight):
            factor = 1.25 if event.key() == Qt.Key.Key_BracketRight else 0.8  # as an editor's brush keys
            self.spot_radius = min(400.0, max(1.0, self.spot_radius * factor))
            self.spot_resized.emit(self.spot_radius)
            self.update()
            return
        if self.spot_radius > 0 and event.key() == Qt.Key.Key_Escape:
            if self._drag in ("spot", "source"):  # a spot being made, or a source being moved, let go
                self._drag, self._spot_path, self._source_drag = None, [], None
                self.unsetCursor()
                self.update()
            else:
                self.spot_tool_left.emit()
            return
        if self.crop is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            self.crop_finished.emit(event.key() != Qt.Key.Key_Escape)
            return
        if event.key() == Qt.Key.Key_Backslash and not event.isAutoRepeat():
            self.show_before = True
            self.update()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Backslash and not event.isAutoRepeat():
            self.show_before = False
            self.update()
            return
        super().keyReleaseEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(900, 650)
