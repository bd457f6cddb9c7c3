"""Workflow: "make the ... red" in the app, then the Recolour layer's colour chosen from a colour
dialog: hue and saturation (and the amount) in one undo step; a grey keeps the hue."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from gui_support import canvas_pixels, close, make_window, open_photo, wait_preview

pytestmark = pytest.mark.gui


def test_choosing_the_new_colour_is_one_undo_step(qtbot, tmp_path, monkeypatch) -> None:
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QColorDialog

    img = np.full((120, 160, 3), 128, np.uint8)
    img[30:90, 40:120] = (150, 60, 50)
    path = tmp_path / "thing.png"
    Image.fromarray(img).save(path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, path)
    w.add_layer("recolor")
    wait_preview(qtbot, w)
    layer = w.session.stack.layers[0]
    assert layer.operation.is_identity(layer.params)
    steps = w.session.undo.count()
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor.fromHsvF(200 / 360, 0.5, 1.0))
    w.editor.recolour_button.click()
    layer = w.session.stack.layers[0]
    assert abs(layer.params["hue"] - 200) < 1 and abs(layer.params["saturation"] - 0.5) < 0.01 and layer.params["amount"] == 1.0
    assert w.session.undo.count() == steps + 1 and w.session.undo.undoText() == "Recolour: colour"
    wait_preview(qtbot, w)
    px = canvas_pixels(w)[60, 80].astype(int)
    assert px[2] > px[1] > px[0]  # a blue of hue 200 where it was a brick red
    # a grey chosen keeps the hue; the amount stays as set
    w.session.set_layer(layer.with_params(amount=0.4), "by hand")
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor(128, 128, 128))
    w.editor.recolour_button.click()
    layer = w.session.stack.layers[0]
    assert abs(layer.params["hue"] - 200) < 1 and layer.params["saturation"] == 0.0 and layer.params["amount"] == 0.4
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor())  # cancelled
    w.editor.recolour_button.click()
    assert w.session.stack.layers[0] == layer
    close(w)
