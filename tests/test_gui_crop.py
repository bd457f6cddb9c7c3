"""The crop tool: a frame over the whole picture the crop cuts, dragged on the canvas, applied as
one undo step (a new crop layer, or the selected crop's margins)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from gui_support import close, make_window, open_photo, photo_copy, wait_preview, window_with_layers
from ldie_desktop.document import Layer
from ldie_desktop.ui import crop_frame
from ldie_desktop.ui.commands import AddLayers

pytestmark = pytest.mark.gui


@pytest.fixture
def w(qtbot, tmp_path):
    win = window_with_layers(qtbot, tmp_path, [Layer.new("exposure", stops=0.5)], select=False)
    yield win
    close(win)


def drag(qtbot, canvas, start: QPointF, end: QPointF, steps: int = 4) -> None:
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start.toPoint())
    for i in range(1, steps + 1):
        qtbot.mouseMove(canvas, pos=(start + (end - start) * (i / steps)).toPoint())
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end.toPoint())


def crops(w) -> list[Layer]:
    return [l for l in w.session.stack.layers if l.op == "crop"]


def test_drag_an_edge_and_apply_adds_one_crop_layer(qtbot, w) -> None:
    steps = w.session.undo.count()
    w.act_crop.trigger()
    assert w.canvas.crop == (0.0, 0.0, 1.0, 1.0) and w.crop_bar.isVisibleTo(w)
    x0, y0, x1, y1 = w.canvas._crop_on_screen()
    width = x1 - x0
    drag(qtbot, w.canvas, QPointF(x0, (y0 + y1) / 2), QPointF(x0 + 0.25 * width, (y0 + y1) / 2))
    assert w.canvas.crop[0] == pytest.approx(0.25, abs=0.01)
    assert not crops(w)  # nothing changes until the frame is applied
    qtbot.keyClick(w.canvas, Qt.Key.Key_Return)
    wait_preview(qtbot, w)
    (crop,) = crops(w)
    assert crop.params["left"] == pytest.approx(25.0, abs=1.0)
    assert crop.params["right"] == crop.params["top"] == crop.params["bottom"] == 0.0
    assert w.session.undo.count() == steps + 1 and w.session.undo.text(steps) == "Crop"
    assert w.canvas.crop is None and not w.crop_bar.isVisibleTo(w)
    size = w.canvas.full_size
    assert size.width() / size.height() == pytest.approx(0.75, rel=0.03)  # the cropped picture is shown
    w.undo()
    wait_preview(qtbot, w)
    assert not crops(w) and w.canvas.full_size.width() == w.canvas.full_size.height()


def test_editing_a_crop_shows_the_whole_picture_and_an_aspect_makes_it_square(qtbot, w) -> None:
    w.session.add_layers([Layer.new("crop", left=25.0, bottom=10.0)], "crop")
    wait_preview(qtbot, w)
    assert w.canvas.full_size.width() != w.canvas.full_size.height()
    w.act_crop.trigger()
    assert w.canvas.crop == pytest.approx((0.25, 0.0, 1.0, 0.9))
    assert not w.canvas._crop_ready()  # the frame waits for the preview of the whole picture
    # an aspect chosen before that preview arrives is measured on the whole picture all the same
    w.crop_aspect.setCurrentIndex([t for t, _ in w.ASPECTS].index("1 : 1"))
    wait_preview(qtbot, w)
    assert w.canvas.full_size.width() == w.canvas.full_size.height()  # the crop is left out while editing
    assert w.canvas._crop_ready()
    assert crop_frame.pixel_aspect(w.canvas.crop, (512, 512)) == pytest.approx(1.0)
    w.finish_crop(True)
    wait_preview(qtbot, w)
    (crop,) = crops(w)
    p = crop.params
    assert 100 - p["left"] - p["right"] == pytest.approx(100 - p["top"] - p["bottom"], abs=0.05)
    assert w.canvas.full_size.width() == pytest.approx(w.canvas.full_size.height(), abs=2)
    w.undo()
    assert crops(w)[0].params["left"] == 25.0 and crops(w)[0].params["bottom"] == 10.0


def test_cancel_changes_nothing(qtbot, w) -> None:
    w.session.add_layers([Layer.new("crop", left=25.0)], "crop")
    wait_preview(qtbot, w)
    steps, before = w.session.undo.count(), list(w.session.stack.layers)
    w.act_crop.trigger()
    wait_preview(qtbot, w)
    x0, y0, x1, y1 = w.canvas._crop_on_screen()
    drag(qtbot, w.canvas, QPointF((x0 + x1) / 2, (y0 + y1) / 2), QPointF((x0 + x1) / 2 - 30, (y0 + y1) / 2 + 20))
    assert w.canvas.crop != pytest.approx((0.25, 0.0, 1.0, 1.0))
    qtbot.keyClick(w.canvas, Qt.Key.Key_Escape)
    wait_preview(qtbot, w)
    assert list(w.session.stack.layers) == before and w.session.undo.count() == steps
    assert w.canvas.crop is None
    assert w.canvas.full_size.width() / w.canvas.full_size.height() == pytest.approx(0.75, rel=0.03)


def test_a_crop_before_a_turn_is_not_edited_on_the_photo(qtbot, w) -> None:
    w.session.add_layers([Layer.new("crop", left=25.0), Layer.new("rotate", quarter_turns=1)], "crop, turn")
    wait_preview(qtbot, w)
    w.act_crop.trigger()
    assert w.canvas.crop is None and w.session.cropping is None
    assert w.notice.isVisibleTo(w) and "crop comes before" in w.notice.text()


def test_a_crop_layer_is_edited_on_the_photo_from_its_panel(qtbot, w) -> None:
    from PySide6.QtWidgets import QPushButton

    w.session.add_layers([Layer.new("crop", top=20.0)], "crop")
    wait_preview(qtbot, w)
    w._select_row(w.layer_model.row_of(crops(w)[0].id))
    assert not w.editor.mask_box.isVisibleTo(w)  # a crop has no mask and no opacity
    assert "__opacity__" not in w.editor._widgets
    (button,) = [b for b in w.editor.findChildren(QPushButton) if b.text().startswith("Edit on the photo")]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert w.canvas.crop == pytest.approx((0.0, 0.2, 1.0, 1.0)) and w.session.cropping == crops(w)[0].id
    w.finish_crop(False)
    assert w.canvas.crop is None and w.session.cropping is None


def test_straighten_in_the_crop_tool_turns_the_picture_before_the_crop(qtbot, w) -> None:
    w.session.add_layers([Layer.new("crop", left=10.0)], "crop")
    wait_preview(qtbot, w)
    steps = w.session.undo.count()
    w.act_crop.trigger()
    w.crop_angle.spin.setValue(4.0)  # typed: one step
    wait_preview(qtbot, w)
    ops = [l.op for l in w.session.stack.layers]
    assert ops == ["exposure", "rotate", "crop"]  # placed before the crop it feeds
    assert w.session.stack[1].params["angle"] == 4.0 and w.canvas.crop is not None
    w.crop_angle.spin.setValue(-2.5)  # the same layer again
    assert [l.op for l in w.session.stack.layers] == ops and w.session.stack[1].params["angle"] == -2.5
    qtbot.keyClick(w.canvas, Qt.Key.Key_Escape)  # cancel takes the straightening back too
    wait_preview(qtbot, w)
    assert [l.op for l in w.session.stack.layers] == ["exposure", "crop"] and w.session.undo.index() == steps
    # applied: the straightening stays, and the tool shows it when opened again
    w.act_crop.trigger()
    w.crop_angle.spin.setValue(3.0)
    w.finish_crop(True)
    wait_preview(qtbot, w)
    assert [l.op for l in w.session.stack.layers] == ["exposure", "rotate", "crop"]
    w.act_crop.trigger()
    assert w.crop_angle.value() == 3.0
    w.finish_crop(False)


def test_double_clicking_a_crop_layer_opens_the_crop_tool(qtbot, w) -> None:
    w.session.add_layers([Layer.new("crop", right=30.0)], "crop")
    wait_preview(qtbot, w)
    row = w.layer_model.row_of(crops(w)[0].id)
    w._select_row(row)
    w.layer_view.doubleClicked.emit(w.layer_model.index(row))
    assert w.canvas.crop == pytest.approx((0.0, 0.0, 0.7, 1.0))
    w.finish_crop(False)
    w._select_row(w.layer_model.row_of(w.session.stack[0].id))  # not a crop: nothing opens
    w.layer_view.doubleClicked.emit(w.layer_model.index(w.layer_model.row_of(w.session.stack[0].id)))
    assert w.canvas.crop is None


def test_crop_sliders_stop_before_the_margins_meet(qtbot, w) -> None:
    w.session.add_layers([Layer.new("crop", right=40.0)], "crop")
    wait_preview(qtbot, w)
    w._select_row(w.layer_model.row_of(crops(w)[0].id))
    w.editor._widgets["left"].spin.setValue(85.0)
    wait_preview(qtbot, w)
    assert crops(w)[0].params["left"] == pytest.approx(58.0)
    assert w.editor._widgets["left"].value() == pytest.approx(58.0)  # the slider shows where it stopped


def test_the_brush_rests_while_cropping(qtbot, w) -> None:
    w.session.add_layers([Layer.new("crop", left=30.0)], "crop")  # the frame's left edge well inside the photo
    wait_preview(qtbot, w)
    w._select_row(w.layer_model.row_of(w.session.stack[0].id))
    w.editor.brush_add.setChecked(True)
    w.act_crop.trigger()
    wait_preview(qtbot, w)
    x0, y0, x1, y1 = w.canvas._crop_on_screen()
    drag(qtbot, w.canvas, QPointF(x0 - 20, y0 + 40), QPointF(x0 - 40, y0 + 60))  # outside the frame
    assert w.session.stack[0].mask is None  # nothing painted
    w.finish_crop(False)


def test_the_crop_tool_follows_the_stack_changing_under_it(qtbot, w) -> None:
    w.session.add_layers([Layer.new("crop", left=20.0)], "crop")
    wait_preview(qtbot, w)
    w.act_crop.trigger()
    # another crop placed before it: the picture it cuts is measured again
    w.session.push(AddLayers(w.session.stack, [Layer.new("crop", bottom=50.0)], 0, text="another crop first"))
    wait_preview(qtbot, w)
    assert w.canvas.crop is not None and w.canvas.crop_size == (512, 256)
    # a turn after the crop: the tool closes, as it would not open then
    w.session.add_layers([Layer.new("rotate", quarter_turns=1)], "turn")
    assert w.canvas.crop is None and w.session.cropping is None


def test_drag_outside_the_frame_straightens_as_one_undo_step(qtbot, w) -> None:
    w.resize(1200, 700)
    w.canvas.fit()
    steps = w.session.undo.count()
    w.act_crop.trigger()
    wait_preview(qtbot, w)
    x0, y0, x1, y1 = w.canvas._crop_on_screen()
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    start = QPointF(x1 + 30, cy)
    assert start.x() < w.canvas.width() - 5 and crop_frame.hit((x0, y0, x1, y1), start.x(), start.y()) is None
    end = QPointF(x1 + 30, cy + 0.12 * (x1 - x0))  # down on the right: clockwise on screen
    qtbot.mousePress(w.canvas, Qt.MouseButton.LeftButton, pos=start.toPoint())
    qtbot.mouseMove(w.canvas, pos=((start + end) / 2).toPoint())
    assert w.canvas._drag == "turn"  # the fine grid shows while turning
    qtbot.mouseMove(w.canvas, pos=end.toPoint())
    qtbot.mouseRelease(w.canvas, Qt.MouseButton.LeftButton, pos=end.toPoint())
    expected = crop_frame.turn((cx, cy), (start.x(), start.y()), (end.toPoint().x(), end.toPoint().y()))
    assert expected < -3.0  # clockwise: the rotate operation's negative angles
    (turn,) = [l for l in w.session.stack.layers if l.op == "rotate"]
    assert turn.params["angle"] == pytest.approx(expected, abs=0.15)
    assert w.crop_angle.value() == pytest.approx(turn.params["angle"])
    assert w.session.undo.count() == steps + 1  # the layer made and turned by one drag: one step
    assert w.canvas.crop == (0.0, 0.0, 1.0, 1.0)  # the frame stays where it was
    qtbot.keyClick(w.canvas, Qt.Key.Key_Escape)  # cancel: the straightening goes too
    wait_preview(qtbot, w)
    assert not [l for l in w.session.stack.layers if l.op == "rotate"]


def test_turn_is_the_angle_round_the_centre() -> None:
    assert crop_frame.turn((0, 0), (10, 0), (0, 10)) == pytest.approx(-90.0)  # a quarter clockwise on screen
    assert crop_frame.turn((0, 0), (10, 0), (10, -1)) == pytest.approx(5.71, abs=0.01)
    assert crop_frame.turn((0, 0), (-10, 1), (-10, -1)) == pytest.approx(-11.42, abs=0.01)  # the short way round


def test_auto_straighten_levels_the_lines(qtbot, tmp_path) -> None:
    """The crop tool's Auto: a photo of level stripes turned 4 degrees counter-clockwise is turned
    back; a photo without lines says so and changes nothing."""
    import cv2
    import numpy as np

    stripes = np.zeros((400, 600, 3), np.uint8)
    stripes[::40] = 255
    stripes[1::40] = 255
    tilted = cv2.warpAffine(stripes, cv2.getRotationMatrix2D((300, 200), 4.0, 1.0), (600, 400),
                            borderMode=cv2.BORDER_REFLECT)
    path = tmp_path / "tilted.png"
    cv2.imwrite(str(path), tilted)
    w = make_window(qtbot, tmp_path)
    try:
        open_photo(qtbot, w, path)
        steps = w.session.undo.count()
        w.act_crop.trigger()
        w.crop_auto.click()
        (turn,) = [l for l in w.session.stack.layers if l.op == "rotate"]
        assert turn.params["angle"] == pytest.approx(-4.0, abs=0.5)
        assert w.crop_angle.value() == turn.params["angle"] and w.session.undo.count() == steps + 1
        w.finish_crop(False)
        flat = tmp_path / "flat.png"
        cv2.imwrite(str(flat), np.full((300, 400, 3), 128, np.uint8))
        open_photo(qtbot, w, flat)
        w.act_crop.trigger()
        w.crop_auto.click()
        assert "no long straight lines" in w.notice.text() and not w.session.stack.layers
        w.finish_crop(False)
    finally:
        close(w)


def test_the_auto_button_asks_for_auto_enhance(qtbot, tmp_path) -> None:
    asked = []
    w = make_window(qtbot, tmp_path)
    try:
        open_photo(qtbot, w, photo_copy(tmp_path))
        w.submit_request = asked.append
        w.auto.click()
        assert asked == ["auto enhance"]
    finally:
        close(w)


def test_a_perspective_layers_auto_stands_converging_verticals_upright(qtbot, tmp_path) -> None:
    import numpy as np

    from ldie_desktop.io import write_photo
    from ldie_desktop.model.planner import NO_VERTICALS
    from ldie_desktop.render import Renderer

    img = np.full((600, 800, 3), 200, np.uint8)
    for x in range(60, 800, 90):
        img[:, x:x + 12] = 40
    seen = (Renderer().render(img, [Layer.new("perspective", vertical=-0.5)], quality="export").rgb * 255).astype(np.uint8)
    write_photo(tmp_path / "facade.png", seen)
    win = make_window(qtbot, tmp_path)
    open_photo(qtbot, win, tmp_path / "facade.png")
    win.add_layer("perspective")
    win._select_row(0)
    steps = win.session.undo.count()
    win.editor.upright_button.click()
    layer = win.session.stack[0]
    assert layer.op == "perspective" and abs(layer.params["vertical"] - 0.5) < 0.08
    assert win.session.undo.count() == steps + 1 and win.session.undo.undoText() == "Perspective: auto upright"
    write_photo(tmp_path / "flat.png", np.full((300, 400, 3), 128, np.uint8))
    open_photo(qtbot, win, tmp_path / "flat.png")
    win.add_layer("perspective")
    win._select_row(0)
    win.editor.upright_button.click()
    assert win.notice.text() == NO_VERTICALS and win.session.stack[0].params["vertical"] == 0.0
    close(win)


def test_o_cycles_the_crop_guides_and_leaves_the_mask_alone(qtbot, w) -> None:
    """In the crop tool, O shows the next guides (thirds, golden ratio, diagonals, grid), as
    Lightroom's crop overlays; outside it, O shows the mask as before."""
    from ldie_desktop.ui.crop_frame import OVERLAYS, guide_lines

    assert [f for f, _ in guide_lines("golden")] == pytest.approx([0.381966, 0.618034], abs=1e-5)
    w.act_crop.trigger()
    assert w.canvas.crop_overlay == "thirds"
    seen = []
    for _ in OVERLAYS:
        w.act_show_mask.trigger()
        seen.append(w.canvas.crop_overlay)
        w.canvas.grab()  # each is drawn
    assert seen == ["golden", "diagonal", "grid", "thirds"] and not w.act_show_mask.isChecked()
    qtbot.keyClick(w.canvas, Qt.Key.Key_Escape)
    assert w.canvas.crop is None
    w._select_row(0)
    w.act_show_mask.trigger()
    assert w.editor.show_mask.isChecked() and w.canvas.crop_overlay == "thirds"
