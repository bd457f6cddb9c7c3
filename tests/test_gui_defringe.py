"""Workflow: a Defringe layer's fringe picker (Lightroom's fringe colour selector): a click on a
purple seam sets the purple range to its hue and takes it out; a click on grey or on another
colour says why and changes nothing; Esc leaves the picker."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from gui_support import canvas_pixels, close, make_window, open_photo, wait_preview

pytestmark = pytest.mark.gui

SEAM = (150, 40, 160)  # hue about 295 degrees


def _photo(tmp_path):
    img = np.full((300, 400, 3), 40, np.uint8)
    img[:, :200] = 245  # a white sky, a dark branch, a purple seam between them
    img[:, 200:203] = SEAM
    img[20:60, 300:360] = (220, 200, 30)  # a yellow thing
    path = tmp_path / "fringed.png"
    Image.fromarray(img).save(path)
    return path


def test_picking_a_fringe_sets_its_hue_and_takes_it_out(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, _photo(tmp_path))
    w.add_layer("defringe")
    wait_preview(qtbot, w)
    assert w.session.stack.layers[0].operation.is_identity(w.session.stack.layers[0].params)
    before = canvas_pixels(w)[150, 198:206].astype(int)
    assert (before.max(1) - before.min(1))[3] > 80  # the seam is purple
    steps = w.session.undo.count()
    # grey, then yellow: each says why, changes nothing and leaves the picker
    for x, y, why in ((100, 150, "no colour"), (330, 40, "neither purple nor green")):
        w.editor.fringe_button.click()
        assert w.canvas.picking
        with qtbot.waitSignal(w.notified, timeout=5000, check_params_cb=lambda m: why in m):
            w.canvas.picked.emit(float(x), float(y))
        assert not w.canvas.picking and w.session.undo.count() == steps
    # Esc leaves the picker
    w.editor.fringe_button.click()
    w.canvas.pick_cancelled.emit()
    assert not w.canvas.picking
    # a click beside the seam finds it (the most colourful pixel within a few pixels)
    w.editor.fringe_button.click()
    w.canvas.picked.emit(197.0, 150.0)
    layer = w.session.stack.layers[0]
    assert layer.params["purple"] == 1.0 and abs(layer.params["purple_hue"] - 295) <= 3 and layer.params["green"] == 0.0
    assert w.session.undo.undoText() == "Defringe: picked" and not w.canvas.picking
    wait_preview(qtbot, w)
    after = canvas_pixels(w)[150, 198:206].astype(int)
    assert (after.max(1) - after.min(1)).max() < 25  # grey now
    assert (canvas_pixels(w)[20:60, 300:360] == (220, 200, 30)).all()  # the yellow thing is left
    w.session.undo.undo()
    assert w.session.stack.layers[0].params["purple"] == 0.0
    close(w)
