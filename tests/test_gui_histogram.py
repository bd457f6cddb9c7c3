"""The histogram panel follows the preview."""

from __future__ import annotations

import pytest

from gui_support import close, make_window, open_photo, photo_copy, wait_preview
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
