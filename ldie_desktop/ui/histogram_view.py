"""The histogram panel: red, green and blue added up as light (where all three overlap it is
white, as in Lightroom), luminance as a line, and how much of the picture is clipped."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:  # the window shows before torch loads: nothing of render/ at import time
    from ..render.histogram import Histogram

_SMOOTH = np.array([1.0, 2.0, 3.0, 2.0, 1.0]) / 9.0
_CHANNELS = (QColor(200, 40, 40), QColor(40, 180, 40), QColor(50, 80, 220))


class HistogramView(QWidget):
    #: A click on the histogram: show or hide where the picture is clipped (Lightroom's triangles).
    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.histogram: Histogram | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(90)

    def set_histogram(self, histogram: Histogram | None) -> None:
        self.histogram = histogram
        caption = self.caption()
        self.setToolTip(f"{caption}\nClick: show the clipping on the photo (J)" if caption else "")
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)

    def caption(self) -> str:
        h = self.histogram
        if h is None or h.pixels == 0:
            return ""
        return f"Shadows clipped {h.shadows_clipped:.1%}   Highlights clipped {h.highlights_clipped:.1%}"

    def _path(self, counts: np.ndarray, plot: QRectF, top: float, closed: bool) -> QPainterPath:
        # a light smoothing: an 8-bit photo stretched by an edit leaves every few levels empty, and
        # the comb that draws says nothing about the picture; square root: a small hump beside a
        # tall spike stays visible
        smooth = np.convolve(np.pad(counts, 2, mode="edge"), _SMOOTH, mode="valid")
        y = np.sqrt(smooth / max(top, 1e-9))
        path = QPainterPath()
        step = plot.width() / 255.0
        base = plot.bottom()
        path.moveTo(plot.left(), base if closed else base - y[0] * plot.height())
        for i, v in enumerate(y):
            path.lineTo(plot.left() + i * step, base - min(1.0, float(v)) * plot.height())
        if closed:
            path.lineTo(plot.right(), base)
            path.closeSubpath()
        return path

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(30, 30, 32))
        h = self.histogram
        text_h = 16
        plot = QRectF(4, 4, self.width() - 8, self.height() - 8 - text_h)
        if h is None or h.pixels == 0:
            p.setPen(QColor(140, 140, 140))
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No picture")
            return
        # the tallest bin short of the two ends (clipped pixels pile up there and would flatten the rest)
        inner = np.stack([np.convolve(c, _SMOOTH, mode="same") for c in h.counts[:3]])[:, 2:254]
        top = float(inner.max()) or float(h.counts.max()) or 1.0
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Plus)
        p.setPen(Qt.PenStyle.NoPen)
        for counts, colour in zip(h.counts[:3], _CHANNELS):
            p.setBrush(colour)
            p.drawPath(self._path(counts, plot, top, closed=True))
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor(230, 230, 230, 200), 1))
        p.drawPath(self._path(h.counts[3], plot, top, closed=False))
        p.setPen(QPen(QColor(90, 90, 90), 1))
        for q in (0.25, 0.5, 0.75):
            x = plot.left() + q * plot.width()
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        p.setPen(QColor(200, 200, 200))
        p.drawText(QRectF(4, self.height() - text_h - 2, self.width() - 8, text_h), Qt.AlignmentFlag.AlignLeft,
                   self.caption())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, 130)
