"""The Qt binding itself: PySide6 6.12.0 takes a reference from None on every call of a method
that returns nothing; on Python 3.11 the app aborts once None's count reaches zero. The pin in
pyproject.toml keeps that release out; this test catches any release with the same fault."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath


def test_calls_that_return_nothing_leave_none_alone(qapp) -> None:
    path = QPainterPath()
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for i in range(100):
            path.lineTo(float(i), 1.0)
            painter.fillRect(QRectF(0, 0, 1, 1), QColor(1, 2, 3))
            painter.drawPath(path) if i % 10 == 0 else None
        after = sys.getrefcount(None)
    finally:
        painter.end()
    assert after >= before - 20, f"None lost {before - after} references in 210 Qt calls"
