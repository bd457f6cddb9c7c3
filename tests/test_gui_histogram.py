"""The histogram panel follows the preview."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from gui_support import canvas_pixels, close, make_window, open_photo, photo_copy, wait_preview, window_with_layers
from ldie_desktop.document import Layer

pytestmark = pytest.mark.gui


def test_histogram_follows_the_preview(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    try:
        open_photo(qtbot, w, photo_copy(tmp_path))
        view = w.histogram_view
        assert w.histogram_dock.isVisibleTo(w)
        first = view.histogram
        assert first is not None and first.pixels > 0 and first is w.session.histogram
        w.session.add_layers([Layer.new("exposure", stops=2.0)], "brighter")
        wait_preview(qtbot, w)
        brighter = view.histogram
        assert brighter.highlights_clipped > first.highlights_clipped + 0.05
        mean = lambda h: (h.counts[3] * range(256)).sum() / h.pixels  # noqa: E731
        assert mean(brighter) > mean(first) + 20
        assert "Highlights clipped" in view.toolTip()
        view.grab()  # paints
        w.undo()
        wait_preview(qtbot, w)
        assert (view.histogram.counts == first.counts).all()
    finally:
        close(w)


def test_clipping_warning_shows_pure_white_red_and_pure_black_blue(qtbot, tmp_path) -> None:
    """View > Show clipping (J): where the preview is pure white the canvas paints red, pure black
    blue, as the histogram counts them; elsewhere the picture shows through."""
    from PySide6.QtGui import QImage

    from ldie_desktop.ui.canvas import clipping_overlay

    img = QImage(3, 1, QImage.Format.Format_RGB888)
    for x, c in enumerate(((255, 255, 255), (0, 0, 0), (255, 255, 254))):
        img.setPixelColor(x, 0, QColor(*c))
    over = clipping_overlay(img)
    assert [over.pixelColor(x, 0).getRgb() for x in range(3)] == [(255, 30, 30, 255), (40, 110, 255, 255), (0, 0, 0, 0)]
    w = window_with_layers(qtbot, tmp_path, [Layer("exposure", params={"stops": 3.0})])
    try:
        px = canvas_pixels(w)
        white = np.argwhere(px.min(axis=2) == 255)
        assert len(white)
        w.act_clipping.trigger()
        assert w.canvas.show_clipping
        y, x = white[len(white) // 2]
        shot = w.canvas.grab().toImage()
        c = w.canvas
        at = c._fitted(c._photo_rect(), c.after)
        sx = int(at.x() + (x + 0.5) * at.width() / c.after.width())
        sy = int(at.y() + (y + 0.5) * at.height() / c.after.height())
        assert shot.pixelColor(sx, sy).getRgb()[:3] == (255, 30, 30)
        w.act_clipping.trigger()
        assert w.canvas.grab().toImage().pixelColor(sx, sy).getRgb()[:3] == (255, 255, 255)
        qtbot.mouseClick(w.histogram_view, Qt.MouseButton.LeftButton)  # a click on the histogram shows it too
        assert w.canvas.show_clipping and w.act_clipping.isChecked()
    finally:
        close(w)
