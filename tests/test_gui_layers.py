"""Workflow: toggle, reorder, slider and layer buttons, with the canvas updated; undo/redo of
every kind of change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPointF, Qt

from gui_support import canvas_pixels, close, make_window, open_photo, photo_copy, wait_preview
from ldie_desktop.document import Layer
from ldie_desktop.ui.param_editor import ParamSlider

pytestmark = pytest.mark.gui


@pytest.fixture
def w(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    open_photo(qtbot, win, photo_copy(tmp_path))
    win.session.add_layers([Layer.new("exposure", stops=1.0), Layer.new("black_and_white", amount=1.0)], "two")
    wait_preview(qtbot, win)
    yield win
    close(win)


def test_toggle_updates_the_canvas_and_undoes(qtbot, w) -> None:
    grey = canvas_pixels(w)
    assert abs(int(grey[100, 100, 0]) - int(grey[100, 100, 2])) <= 1  # black and white on top
    top = w.layer_model.index(0)
    w.layer_model.setData(top, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    wait_preview(qtbot, w)
    colour = canvas_pixels(w)
    assert not w.session.stack[1].enabled and abs(colour[..., 0].astype(int) - colour[..., 2]).mean() > 10
    assert w.session.undo.text(w.session.undo.index() - 1) == "Hide Black & white"
    w.undo()
    wait_preview(qtbot, w)
    assert w.session.stack[1].enabled and (canvas_pixels(w) == grey).all()


def test_reorder_by_drag_is_one_undo_step(qtbot, w) -> None:
    model = w.layer_model
    mime = model.mimeData([model.index(0)])  # drag the top row (black & white) below exposure
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert [l.op for l in w.session.stack] == ["black_and_white", "exposure"]
    w.undo()
    assert [l.op for l in w.session.stack] == ["exposure", "black_and_white"]
    w.redo()
    assert [l.op for l in w.session.stack] == ["black_and_white", "exposure"]


def test_slider_drag_is_one_step_and_updates_the_canvas(qtbot, w) -> None:
    w.layer_view.setCurrentIndex(w.layer_model.index(1))  # exposure
    slider = w.editor._widgets["stops"]
    assert isinstance(slider, ParamSlider)
    before = canvas_pixels(w).mean()
    steps = w.session.undo.count()
    slider.slider.sliderPressed.emit()
    for v in (600, 650, 700, 750):  # dragging towards +2 EV
        slider.slider.setValue(v)
    slider.slider.sliderReleased.emit()
    wait_preview(qtbot, w)
    assert w.session.undo.count() == steps + 1  # the whole drag is one step
    assert w.session.stack[0].params["stops"] == pytest.approx(2.0, abs=0.01)
    assert canvas_pixels(w).mean() > before + 3
    slider.spin.setValue(-1.0)  # typed: its own step
    assert w.session.undo.count() == steps + 2
    w.undo()
    w.undo()
    assert w.session.stack[0].params["stops"] == pytest.approx(1.0)


def test_add_duplicate_reset_delete_and_their_undo(qtbot, w) -> None:
    w.add_layer("blur")
    assert w.session.stack[-1].op == "blur" and w.current_layer().op == "blur"
    w.session.set_layer(w.current_layer().with_params(radius=1.0), "radius")
    w.duplicate_layer()
    assert [l.op for l in w.session.stack] == ["exposure", "black_and_white", "blur", "blur"]
    w.reset_layer()
    w.delete_layer()
    assert [l.op for l in w.session.stack] == ["exposure", "black_and_white", "blur"]
    texts = [w.session.undo.text(i) for i in range(w.session.undo.count())]
    assert texts[-4:] == ["Add Blur", "radius", "Duplicate Blur", "Reset Blur"] or texts[-1].startswith("Delete")
    for _ in range(5):
        w.undo()
    assert [l.op for l in w.session.stack] == ["exposure", "black_and_white"]
    for _ in range(5):
        w.redo()
    assert [l.op for l in w.session.stack] == ["exposure", "black_and_white", "blur"]


def test_opacity_slider(qtbot, w) -> None:
    w.layer_view.setCurrentIndex(w.layer_model.index(0))
    w.editor._widgets["__opacity__"].spin.setValue(50)
    assert w.session.stack[1].opacity == pytest.approx(0.5)
    w.undo()
    assert w.session.stack[1].opacity == 1.0


def test_a_crop_shows_the_cropped_shape_and_masks_through_it(qtbot, w) -> None:
    assert w.canvas.full_size.width() == w.canvas.full_size.height()  # the square sample
    w.session.add_layers([Layer.new("crop", left=25.0)], "crop")
    wait_preview(qtbot, w)
    size = w.canvas.full_size
    assert size.width() / size.height() == pytest.approx(0.75, rel=0.02)  # not stretched back to a square
    assert w.canvas.after.width() / w.canvas.after.height() == pytest.approx(0.75, rel=0.02)
    w.layer_view.setCurrentIndex(w.layer_model.index(1))  # a colour layer: its mask belongs to the photo
    w.editor.brush_add.setChecked(True)
    w.editor.brush_size.setValue(10)
    overlay = w.canvas.overlay
    assert overlay is not None and (overlay.width(), overlay.height()) == (w.canvas.after.width(), w.canvas.after.height())
    # paint at x = 40 of the cropped preview: x = 40 + 128 of the photo (512 px, a quarter cut off the left)
    c = w.canvas
    spot = c.offset + QPointF(40, 200) * c.zoom / c.proxy_scale()
    qtbot.mousePress(c, Qt.MouseButton.LeftButton, pos=spot.toPoint())
    qtbot.mouseRelease(c, Qt.MouseButton.LeftButton, pos=spot.toPoint())
    painted = w.session.layer(w.current_layer().id)
    assert not painted.operation.geometric
    m = painted.mask.resized(512, 512)
    assert m[200, 168] > 0.9 and m[200, 40] < 0.1 and w.canvas.full_size == size


def test_a_hue_parameter_is_picked_on_a_hue_groove(qtbot, w) -> None:
    w.session.add_layers([Layer.new("split_tone", shadow_amount=0.4)], "grade")
    w.layer_view.setCurrentIndex(w.layer_model.index(0))
    hue = w.editor._widgets["shadow_hue"]
    assert isinstance(hue, ParamSlider) and "qlineargradient" in hue.slider.styleSheet()
    assert hue.spin.decimals() == 0 and hue.spin.suffix() == " °"
    assert w.editor._widgets["shadow_amount"].slider.styleSheet() == ""


def test_remove_all_layers_is_one_undo_step(qtbot, w) -> None:
    steps = w.session.undo.count()
    w.act_clear.trigger()
    wait_preview(qtbot, w)
    assert not len(w.session.stack) and w.session.undo.count() == steps + 1
    assert (canvas_pixels(w) == canvas_pixels_of_original(w)).all()
    w.undo()
    wait_preview(qtbot, w)
    assert [l.op for l in w.session.stack.layers] == ["exposure", "black_and_white"]


def canvas_pixels_of_original(w):
    import numpy as np

    img = w.session.before_image
    rows = np.frombuffer(img.constBits(), np.uint8, count=img.sizeInBytes()).reshape(img.height(), img.bytesPerLine())
    return rows[:, : img.width() * 3].reshape(img.height(), img.width(), 3)


def test_the_brush_covers_the_photo_it_shows_on_a_straightened_preview(qtbot, w) -> None:
    """A straightened preview is the photo turned and zoomed in to fill: a dab of radius r there
    covers a radius of r / zoom of the photo (the circle on screen is what gets painted)."""
    import numpy as np

    w.session.add_layers([Layer.new("rotate", angle=10.0)], "straighten")
    wait_preview(qtbot, w)
    w.layer_view.setCurrentIndex(w.layer_model.index(w.layer_model.row_of(w.session.stack[0].id)))  # exposure
    w.editor.brush_add.setChecked(True)
    w.editor.brush_size.setValue(40)
    c = w.canvas
    centre = c.offset + QPointF(256, 256) * c.zoom / c.proxy_scale()
    qtbot.mousePress(c, Qt.MouseButton.LeftButton, pos=centre.toPoint())
    qtbot.mouseRelease(c, Qt.MouseButton.LeftButton, pos=centre.toPoint())
    m = w.session.layer(w.session.stack[0].id).mask.resized(512, 512)
    zoom = np.cos(np.radians(10.0)) + np.sin(np.radians(10.0))  # a square turned 10 degrees, filled
    radius = np.sqrt((m > 0.5).sum() / np.pi) / 0.85  # a dab is at half strength at 0.85 of its radius
    assert radius == pytest.approx(40 / zoom, rel=0.05), radius


def test_the_colour_mixer_opens_on_the_tab_it_moved(qtbot, tmp_path) -> None:
    from gui_support import close, make_window, open_photo, photo_copy, wait_preview
    from ldie_desktop.document import Layer

    w = make_window(qtbot, tmp_path)
    try:
        open_photo(qtbot, w, photo_copy(tmp_path))
        w.session.add_layers([Layer.new("color_mixer", luminance_blues=-0.4)], "mixer")
        wait_preview(qtbot, w)
        w.layer_view.setCurrentIndex(w.layer_model.index(0))
        tabs = w.editor._tabs
        assert [tabs.tabText(i) for i in range(tabs.count())] == ["Hue", "Saturation", "Luminance"]
        assert tabs.tabText(tabs.currentIndex()) == "Luminance"
        assert w.editor._widgets["luminance_blues"].value() == -0.4
    finally:
        close(w)


def test_a_new_or_reset_dehaze_layer_measures_the_haze_colour_of_the_photo(qtbot, w) -> None:
    """Add > Dehaze: the haze colour is the photo's (measured on the preview), not a default
    grey; Reset keeps it measured, and a slider then removes haze of that colour."""
    from ldie_desktop.ops.dehaze import haze_colour

    want = pytest.approx(haze_colour(w.session.proxy.rgb))
    w.add_layer("dehaze")
    layer = w.current_layer()
    assert layer.op == "dehaze" and layer.params["amount"] == 0.0 and layer.params["haze"] == want
    assert layer.params["haze"] != layer.operation.defaults()["haze"]
    w.session.set_layer(layer.with_params(amount=0.6, haze=[0.5, 0.5, 0.5]), "amount")
    w.reset_layer()
    assert w.current_layer().params == {"amount": 0.0, "haze": want}
