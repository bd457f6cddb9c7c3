"""Copy a photo's edits and paste them onto another (Lightroom's copy / paste settings)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from conftest import SAMPLE
from gui_support import canvas_pixels, close, make_window, open_photo, photo_copy, wait_preview
from ldie_desktop.document import Layer, Mask

pytestmark = pytest.mark.gui


def three_layers(qtbot, w, tmp_path) -> None:
    """A photo with black and white, a crop and an exposure layer whose mask was painted (the right half)."""
    open_photo(qtbot, w, photo_copy(tmp_path, "a.jpg"))
    half = np.zeros((64, 64), np.float32)
    half[:, 32:] = 1.0
    w.session.add_layers([Layer.new("black_and_white", amount=1.0), Layer.new("crop", left=20.0),
                          Layer.new("exposure", stops=1.0).replace(mask=Mask(half), local=True)], "three")


def test_copy_then_paste_onto_another_photo_is_one_undo_step(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    try:
        three_layers(qtbot, w, tmp_path)
        wait_preview(qtbot, w)
        copied = list(w.session.stack.layers)
        w.act_copy_edits.trigger()
        assert '"format": "ldie-edits"' in QGuiApplication.clipboard().text()  # an edit file's text

        other = tmp_path / "b.png"  # another photo, another shape
        cv2.imwrite(str(other), cv2.resize(cv2.imread(str(SAMPLE)), (300, 200)))
        open_photo(qtbot, w, other)
        w.session.add_layers([Layer.new("contrast", amount=0.2)], "own")
        wait_preview(qtbot, w)
        steps = w.session.undo.count()
        w.act_paste_edits.trigger()
        wait_preview(qtbot, w)
        layers = list(w.session.stack.layers)
        assert [l.op for l in layers] == ["contrast", "black_and_white", "crop", "exposure"]
        for mine, theirs in zip(layers[1:], copied):
            assert mine.params == theirs.params and mine.id != theirs.id  # same edits, new layers
        assert (layers[3].mask.data == copied[2].mask.data).all()
        assert w.session.undo.count() == steps + 1 and w.session.undo.text(steps).startswith("Paste edits (3 layers)")
        assert "placed by position" in w.notice.text()
        px = canvas_pixels(w)
        assert np.abs(px[..., 0].astype(int) - px[..., 2]).max() <= 2  # black and white applied
        assert w.canvas.full_size.width() == pytest.approx(240, abs=2)  # 300 px less 20 % on the left
        w.undo()
        wait_preview(qtbot, w)
        assert [l.op for l in w.session.stack.layers] == ["contrast"]
    finally:
        close(w)


@pytest.mark.parametrize("text", ["", "brighten it", "{not json", '{"schema": 1, "layers": [{"op": "nope"}]}'])
def test_pasting_no_edits_changes_nothing(qtbot, tmp_path, text) -> None:
    w = make_window(qtbot, tmp_path)
    try:
        open_photo(qtbot, w, photo_copy(tmp_path))
        QGuiApplication.clipboard().setText(text)
        steps = w.session.undo.count()
        w.act_paste_edits.trigger()
        assert w.session.undo.count() == steps and not len(w.session.stack)
        assert w.notice.isVisibleTo(w) and "\n" not in w.notice.text()
        assert ("no edits" in w.notice.text()) if not text.startswith("{") else ("Could not paste" in w.notice.text())
    finally:
        close(w)


def test_copy_the_selected_layer_alone(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    try:
        open_photo(qtbot, w, photo_copy(tmp_path, "a.jpg"))
        w.session.add_layers([Layer.new("black_and_white", amount=1.0), Layer.new("vignette", amount=-0.5)], "two")
        wait_preview(qtbot, w)
        w._select_row(w.layer_model.row_of(w.session.stack[1].id))  # the vignette
        w.act_copy_layer.trigger()
        open_photo(qtbot, w, photo_copy(tmp_path, "b.jpg"))
        w.act_paste_edits.trigger()
        assert [(l.op, l.params["amount"]) for l in w.session.stack.layers] == [("vignette", -0.5)]
    finally:
        close(w)


def test_copy_some_edits_copies_the_layers_ticked(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    try:
        three_layers(qtbot, w, tmp_path)
        QGuiApplication.clipboard().setText("")
        dlg = w.copy_some_edits()
        ticked = [dlg.list.item(i).checkState() == Qt.CheckState.Checked for i in range(3)]
        assert ticked == [True, True, False]  # the painted mask would land by position: unticked
        dlg.list.item(1).setCheckState(Qt.CheckState.Unchecked)
        dlg.ok.click()
        text = QGuiApplication.clipboard().text()
        assert '"black_and_white"' in text and '"crop"' not in text and '"exposure"' not in text
        dlg = w.copy_some_edits()
        dlg._tick_all(False)
        assert not dlg.ok.isEnabled()  # nothing to copy
        dlg.reject()
    finally:
        close(w)


def test_a_pasted_dehaze_measures_the_haze_of_its_new_photo(qtbot, tmp_path) -> None:
    """A dehaze copied from one photo keeps its amount but takes the haze colour of the photo it
    is pasted onto (as Add measures it), not the first photo's."""
    from ldie_desktop.ops.dehaze import haze_colour

    w = make_window(qtbot, tmp_path)
    try:
        open_photo(qtbot, w, photo_copy(tmp_path, "a.jpg"))
        w.add_layer("dehaze")
        w.session.set_layer(w.current_layer().with_params(amount=0.6), "amount")
        first = w.session.stack[0].params["haze"]
        w.act_copy_edits.trigger()
        blue = np.zeros((120, 160, 3), np.uint8)
        blue[:] = (230, 200, 170)  # a bluish haze (BGR)
        blue[60:, :80] = (20, 60, 40)
        other = tmp_path / "b.png"
        cv2.imwrite(str(other), blue)
        open_photo(qtbot, w, other)
        w.act_paste_edits.trigger()
        [pasted] = w.session.stack.layers
        assert pasted.params["amount"] == 0.6
        assert pasted.params["haze"] == pytest.approx(haze_colour(w.session.proxy.rgb)) != first
    finally:
        close(w)
