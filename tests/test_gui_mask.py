"""Workflow: fix a layer's mask: invert, feather, clear, paint with the brush, load a PNG."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from conftest import disk_mask
from gui_support import canvas_pixels, close, make_window, open_photo, photo_copy, wait_preview, window_with_layers
from ldie_desktop.document import Layer, Mask
from ldie_desktop.io import write_photo

pytestmark = pytest.mark.gui


@pytest.fixture
def w(qtbot, tmp_path):
    win = window_with_layers(qtbot, tmp_path, [Layer("black_and_white", params={"amount": 1.0},
                                                      mask=Mask(disk_mask(512, 512)))])
    yield win
    close(win)


def is_grey(px: np.ndarray) -> bool:
    return abs(int(px[0]) - int(px[2])) <= 2 and abs(int(px[0]) - int(px[1])) <= 2


def test_invert_feather_clear_and_undo(qtbot, w) -> None:
    layer = w.current_layer()
    assert is_grey(canvas_pixels(w)[256, 256]) and not is_grey(canvas_pixels(w)[20, 300])
    w.editor._mask(  "invert", None)
    wait_preview(qtbot, w)
    assert not is_grey(canvas_pixels(w)[256, 256]) and is_grey(canvas_pixels(w)[20, 300])
    w.editor._mask("feather", 20)
    m = w.session.stack[0].mask.data
    assert 0.05 < m[256, 256 - 128] < 0.95  # the edge is soft now
    w.editor._mask("clear", None)
    assert w.session.stack[0].mask is None
    for _ in range(3):
        w.undo()
    assert w.session.stack[0].mask == layer.mask


def test_brush_stroke_is_one_undo_step(qtbot, w) -> None:
    w.editor.brush_add.setChecked(True)
    w.editor.brush_size.setValue(20)
    assert w.canvas.brush_radius == 20 and w.editor.show_mask.isChecked() and w.canvas.overlay is not None
    steps = w.session.undo.count()
    c = w.canvas
    # stroke across the top-left corner of the photo (outside the disk), in proxy pixels
    pts = [QPointF(40 + 10 * i, 40) for i in range(8)]
    screen = [c.offset + p * c.zoom / c.proxy_scale() for p in pts]
    qtbot.mousePress(c, Qt.MouseButton.LeftButton, pos=screen[0].toPoint())
    for s in screen[1:]:
        qtbot.mouseMove(c, s.toPoint())
    qtbot.mouseRelease(c, Qt.MouseButton.LeftButton, pos=screen[-1].toPoint())
    assert w.session.undo.count() == steps + 1 and w.session.undo.text(steps) == "Paint mask"
    m = w.session.stack[0].mask.resized(512, 512)
    assert m[40, 80] > 0.9 and m[200, 20] < 0.1 and m[256, 256] > 0.9
    wait_preview(qtbot, w)
    assert is_grey(canvas_pixels(w)[40, 80])
    w.editor.brush_sub.setChecked(True)
    assert not w.editor.brush_add.isChecked()


def test_load_mask_from_png(qtbot, w, tmp_path) -> None:
    png = tmp_path / "mask.png"
    m = np.zeros((256, 256), np.uint8)
    m[:, :128] = 255
    write_photo(png, np.dstack([m, m, m]))
    w.editor.mask_action.emit(w.current_layer().id, "load", str(png))
    assert w.session.stack[0].mask.data[10, 10] == 1.0 and w.session.stack[0].mask.data[10, 200] == 0.0
    wrong = tmp_path / "wide.png"
    write_photo(wrong, np.zeros((100, 300, 3), np.uint8))
    w.editor.mask_action.emit(w.current_layer().id, "load", str(wrong))
    assert "does not match" in w.notice.text()


def test_transparent_background_shows_as_checks(qtbot, tmp_path) -> None:
    win = make_window(qtbot, tmp_path)
    try:
        open_photo(qtbot, win, photo_copy(tmp_path))
        keep = disk_mask(512, 512)
        win.session.add_layers([Layer("color_bg", params={"transparent": 1}, mask=Mask(1.0 - keep))], "cut out")
        wait_preview(qtbot, win)
        rgba = canvas_pixels(win, alpha=True)
        assert rgba[256, 256, 3] == 255 and rgba[5, 5, 3] == 0  # the subject stays, the rest is clear
        win.canvas.fit()
        shot = win.canvas.grab().toImage()
        corner = win.canvas._photo_rect().topLeft()
        x0, y0 = int(corner.x()) + 2, int(corner.y()) + 2
        greys = {shot.pixelColor(x0 + dx, y0 + dy).getRgb()[:3] for dx in range(16) for dy in range(16)}
        assert greys == {(153, 153, 153), (204, 204, 204)}  # the checks, not white
    finally:
        close(win)


def _drag(qtbot, c, a: QPointF, b: QPointF, steps: int = 6) -> None:
    """A left drag on the canvas between two points of the preview (proxy pixels)."""
    to_screen = lambda p: (c.offset + p * c.zoom / c.proxy_scale()).toPoint()  # noqa: E731
    qtbot.mousePress(c, Qt.MouseButton.LeftButton, pos=to_screen(a))
    for i in range(1, steps + 1):
        qtbot.mouseMove(c, to_screen(a + (b - a) * (i / steps)))
    qtbot.mouseRelease(c, Qt.MouseButton.LeftButton, pos=to_screen(b))


def test_a_graduated_mask_drawn_on_the_photo_is_one_undo_step(qtbot, w) -> None:
    """Gradient: drag from the top down to the middle; the effect is full above where the drag
    began and gone below where it ended, as Lightroom's graduated filter; New replaces the mask."""
    w.editor.draw_gradient.setChecked(True)
    assert w.canvas.shape_tool == "gradient" and w.canvas.brush_radius == 0 and w.editor.show_mask.isChecked()
    steps = w.session.undo.count()
    c = w.canvas  # mid-drag: the preview shows the layer with the mask being drawn; the stack does not have it
    to_screen = lambda p: (c.offset + p * c.zoom / c.proxy_scale()).toPoint()  # noqa: E731
    qtbot.mousePress(c, Qt.MouseButton.LeftButton, pos=to_screen(QPointF(256, 60)))
    qtbot.mouseMove(c, to_screen(QPointF(256, 250)))
    shown = {l.id: l for l in w.session.shown_layers()}[w.session.stack[0].id]
    assert shown.mask.resized(512, 512)[30, 100] > 0.99 and w.session.stack[0].mask.resized(512, 512)[30, 100] < 0.01
    qtbot.mouseRelease(c, Qt.MouseButton.LeftButton, pos=to_screen(QPointF(256, 60)))  # back where it began: nothing
    assert w.session.standin is None and w.session.undo.count() == steps
    _drag(qtbot, w.canvas, QPointF(256, 60), QPointF(256, 250))
    assert w.session.undo.count() == steps + 1 and w.session.undo.text(steps) == "Mask: a graduated mask"
    from ldie_desktop.document.mask import parse_shape

    [(mode, words)] = w.session.stack[0].place  # kept as words that redraw it at any size, on any photo
    kind, start, end = parse_shape(words)
    assert mode == "replace" and kind == "gradient" and np.allclose([*start, *end], [0.5, 60 / 512, 0.5, 250 / 512], atol=0.005)
    assert "on a graduated mask" in w.layer_model.data(w.layer_model.index(0))
    m = w.session.stack[0].mask.resized(512, 512)
    assert m[30, 100] > 0.99 and m[300, 100] < 0.01 and 0.3 < m[155, 400] < 0.7
    wait_preview(qtbot, w)
    assert is_grey(canvas_pixels(w)[30, 100]) and not is_grey(canvas_pixels(w)[400, 20])
    w.undo()
    assert w.session.stack[0].mask.resized(512, 512)[256, 256] > 0.9  # the disk again


def test_a_radial_mask_joins_the_mask_by_the_select_mode_and_a_click_draws_nothing(qtbot, w) -> None:
    w.editor.draw_radial.setChecked(True)
    assert not w.editor.draw_gradient.isChecked() and w.canvas.shape_tool == "radial"
    w.editor.select_mode.setCurrentIndex(w.editor.select_mode.findData("subtract"))
    w.editor.radial_feather.setValue(20)
    steps = w.session.undo.count()
    _drag(qtbot, w.canvas, QPointF(256, 256), QPointF(291.36, 291.36))  # a diagonal drag: a circle of 50 px round the disk's centre
    assert w.session.undo.text(steps) == "Mask: subtract a radial mask" and w.canvas.radial_feather == 0.2
    m = w.session.stack[0].mask.resized(512, 512)
    assert m[256, 256 + 35] < 0.01  # full to 80 % of the radius (at the default half, 35 px would be 0.35)
    m = w.session.stack[0].mask.resized(512, 512)
    assert m[256, 256] < 0.01 and m[256, 256 + 100] > 0.9  # a hole in the middle of the disk
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=(w.canvas.offset + QPointF(100, 100)).toPoint())
    assert w.session.undo.count() == steps + 1  # a click is no drawing
    w.editor.brush_add.setChecked(True)
    assert not w.editor.draw_radial.isChecked() and w.canvas.shape_tool == "" and w.canvas.brush_radius > 0


def test_a_radial_mask_is_an_ellipse_shift_draws_a_circle_and_its_feather_can_change(qtbot, w) -> None:
    """As Lightroom's radial gradient: the drag's width and height make an ellipse through the
    pointer, Shift a circle; with the layer selected, the Mask box's feather changes its mask (a
    run of changes one undo step) and shows the feather of the layer selected."""
    from ldie_desktop.document.mask import parse_shape, shape_feather

    w.editor.draw_radial.setChecked(True)
    w.editor.radial_feather.setValue(0)  # hard-edged: the shape is easy to read
    _drag(qtbot, w.canvas, QPointF(256, 256), QPointF(256 + 20, 256 + 80))  # tall: radii 28 x 113 px
    words = w.session.stack[0].place[0][1]
    assert parse_shape(words)[0] == "ellipse" and w.layer_model.data(w.layer_model.index(0)).count("on a radial mask")
    m = w.session.stack[0].mask.resized(512, 512)
    assert m[256 + 100, 256] > 0.99 and m[256, 256 + 40] < 0.01 and m[256, 256 + 20] > 0.99
    # Shift: a circle through the pointer
    w.editor.select_mode.setCurrentIndex(w.editor.select_mode.findData("replace"))
    c, shift = w.canvas, Qt.KeyboardModifier.ShiftModifier
    to_screen = lambda p: (c.offset + p * c.zoom / c.proxy_scale()).toPoint()  # noqa: E731
    qtbot.mousePress(c, Qt.MouseButton.LeftButton, shift, to_screen(QPointF(230, 256)))  # off the ellipse's pins
    qtbot.mouseMove(c, to_screen(QPointF(230, 280)))
    qtbot.mouseRelease(c, Qt.MouseButton.LeftButton, shift, to_screen(QPointF(230, 306)))
    assert parse_shape(w.session.stack[0].place[0][1])[0] == "radial"
    m = w.session.stack[0].mask.resized(512, 512)
    assert m[256, 230 + 45] > 0.99 and m[256, 230 + 55] < 0.01
    # the feather of the drawn layer, changed in the Mask box
    w.editor.draw_radial.setChecked(False)
    steps = w.session.undo.count()
    for v in (20, 40, 60):
        w.editor.radial_feather.setValue(v)
    assert w.session.undo.count() == steps + 1 and w.session.undo.text(steps) == "Mask: feather a radial mask"
    assert shape_feather(w.session.stack[0].place[0][1]) == 0.6
    m = w.session.stack[0].mask.resized(512, 512)
    assert 0.05 < m[256, 230 + 35] < 0.95  # 35 px in: now in the fade (hard-edged, it was full)
    w.undo()
    assert shape_feather(w.session.stack[0].place[0][1]) == 0.0
    w._select_row(0)
    assert w.editor.radial_feather.value() == 0  # the Mask box shows the selected layer's feather
    assert w.session.undo.count() == steps + 1  # showing it changed nothing


def test_the_pins_of_a_drawn_mask_move_it(qtbot, w) -> None:
    """A layer whose mask is one drawn shape shows its start and end as pins (without a mask tool
    chosen); dragging the end pin redraws it, as one undo step; with a flip the pins go."""
    from ldie_desktop.document.mask import parse_shape

    w.editor.draw_gradient.setChecked(True)
    _drag(qtbot, w.canvas, QPointF(256, 60), QPointF(256, 250))
    w.editor.draw_gradient.setChecked(False)
    kind, start, end = w.canvas.handles
    assert kind == "gradient" and abs(start[1] - 60) < 3 and abs(end[1] - 250) < 3
    steps = w.session.undo.count()
    _drag(qtbot, w.canvas, QPointF(*end), QPointF(256, 450))  # the end pin, further down
    assert w.session.undo.count() == steps + 1 and w.session.undo.text(steps) == "Mask: move a graduated mask"
    _, start2, end2 = parse_shape(w.session.stack[0].place[0][1])
    assert abs(start2[1] * 512 - 60) < 3 and abs(end2[1] * 512 - 450) < 3
    m = w.session.stack[0].mask.resized(512, 512)
    assert 0.3 < m[255, 100] < 0.7  # the half-way line moved down with the end
    assert w.canvas.handles[2][1] == pytest.approx(end2[1] * 512)
    _drag(qtbot, w.canvas, QPointF(*w.canvas.handles[2]), QPointF(*w.canvas.handles[2]))  # let go where it was
    assert w.session.undo.count() == steps + 1
    w.session.add_layers([Layer.new("flip", horizontal=1)], "flip")
    w._select_row(w.layer_model.row_of(w.session.stack[0].id))
    assert w.canvas.handles is None  # the picture is mirrored: no pins on it


def test_a_colour_range_picked_on_the_photo_selects_that_colour(qtbot, tmp_path) -> None:
    """The Mask box's Colour tool: a click on the blue selects every blue part (not the orange
    one), joined by the Select mode, one undo step; the colour is kept in the layer's place, so
    it is found again in another photo."""
    from ldie_desktop.document.mask import parse_colour

    img = np.zeros((240, 360, 3), np.uint8)
    img[:, :120] = (40, 90, 200)  # blue
    img[:, 120:240] = (230, 120, 40)  # orange
    img[:, 240:] = (45, 95, 190)  # another blue, a little different
    path = tmp_path / "colours.png"
    write_photo(path, img)
    w = make_window(qtbot, tmp_path)
    try:
        open_photo(qtbot, w, path)
        w.session.add_layers([Layer.new("saturation", amount=-1.0)], "grey")
        w._select_row(0)
        w.editor.pick_colour.setChecked(True)
        assert w.canvas.picking and w.canvas.brush_radius == 0
        steps = w.session.undo.count()
        c = w.canvas
        qtbot.mouseClick(c, Qt.MouseButton.LeftButton, pos=(c.offset + QPointF(60, 120) * c.zoom / c.proxy_scale()).toPoint())
        assert w.session.undo.count() == steps + 1 and w.session.undo.text(steps) == "Mask: a colour range"
        m = w.session.stack[0].mask.resized(240, 360)
        assert m[120, 60] > 0.99 and m[120, 300] > 0.99 and m[120, 180] < 0.01
        [(mode, words)] = w.session.stack[0].place
        colour, tol = parse_colour(words)
        assert mode == "replace" and np.allclose(colour, np.array([40, 90, 200]) / 255, atol=0.01) and tol == 25
        assert "on a colour range" in w.layer_model.data(w.layer_model.index(0))
        wait_preview(qtbot, w)
        assert is_grey(canvas_pixels(w)[120, 60]) and not is_grey(canvas_pixels(w)[120, 180])
        w.editor.pick_colour.setChecked(False)
        assert not w.canvas.picking
    finally:
        close(w)


def test_esc_lets_go_of_a_mask_being_drawn(qtbot, w) -> None:
    w.editor.draw_gradient.setChecked(True)
    c = w.canvas
    to_screen = lambda p: (c.offset + p * c.zoom / c.proxy_scale()).toPoint()  # noqa: E731
    steps = w.session.undo.count()
    qtbot.mousePress(c, Qt.MouseButton.LeftButton, pos=to_screen(QPointF(256, 60)))
    qtbot.mouseMove(c, to_screen(QPointF(256, 250)))
    assert w.session.standin is not None
    qtbot.keyClick(c, Qt.Key.Key_Escape)
    qtbot.mouseRelease(c, Qt.MouseButton.LeftButton, pos=to_screen(QPointF(256, 250)))
    assert w.session.standin is None and w.session.undo.count() == steps  # nothing drawn


@pytest.mark.parametrize("op", ["exposure", "color_mixer", "tone", "spot_removal", "white_balance", "sky"])
def test_the_layer_editor_fits_the_dock_without_scrolling_sideways(qtbot, w, op) -> None:
    """Every mask tool in the Mask box, every slider's value box visible: nothing is pushed out of
    the dock to the right (the Mask box's drawn-shape row once was)."""
    w.resize(1400, 860)
    w.session.add_layers([Layer.new(op)], op)
    w._select_row(0)
    qtbot.wait(50)
    assert w.editor_scroll.horizontalScrollBar().maximum() == 0


def test_a_change_to_the_stack_drops_a_mask_being_drawn(qtbot, w) -> None:
    """A stand-in shown during a drag does not outlive a change of the stack (an undo, a new
    layer): the preview shows the stack again."""
    w.session.stand_in(w.session.stack[0].replace(mask=None))
    assert w.session.shown_layers()[0].mask is None
    w.session.add_layers([Layer.new("contrast", amount=0.1)], "contrast")
    assert w.session.standin is None and w.session.shown_layers()[0].mask is not None


def test_auto_mask_keeps_the_brush_to_the_colour_under_it(qtbot, tmp_path) -> None:
    """Auto mask: a stroke along the edge of a blue sky over a brown roof paints the sky and not
    the roof; without it, both."""
    img = np.zeros((300, 400, 3), np.uint8)
    img[:150] = (90, 150, 230)  # sky
    img[150:] = (120, 70, 40)  # roof
    path = tmp_path / "roof.png"
    write_photo(path, img)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, path)
    w.session.add_layers([Layer.new("exposure", stops=-0.5).replace(mask=Mask(np.zeros((300, 400), np.float32)))])
    w.layer_view.setCurrentIndex(w.layer_model.index(0))
    w.editor.brush_add.setChecked(True)
    w.editor.brush_size.setValue(30)
    c = w.canvas

    def stroke(y: float) -> np.ndarray:
        pts = [QPointF(60 + 20 * i, y) for i in range(12)]
        screen = [c.offset + p * c.zoom / c.proxy_scale() for p in pts]
        qtbot.mousePress(c, Qt.MouseButton.LeftButton, pos=screen[0].toPoint())
        for s in screen[1:]:
            qtbot.mouseMove(c, s.toPoint())
        qtbot.mouseRelease(c, Qt.MouseButton.LeftButton, pos=screen[-1].toPoint())
        return w.session.stack[0].mask.resized(300, 400)

    w.editor.auto_mask.setChecked(True)
    m = stroke(140)  # the brush's centre in the sky, 10 px above the roof, its edge well into the roof
    assert m[140, 150] > 0.9 and m[120, 150] > 0.9 and m[160, 150] == 0.0 and m[165, 150] == 0.0
    w.undo()
    w.editor.auto_mask.setChecked(False)
    m = stroke(140)
    assert m[160, 150] > 0.5  # the plain brush paints the roof too
    close(w)


def test_an_ellipse_turns_by_its_turn_pin(qtbot, w) -> None:
    """As Lightroom's radial gradient turns when dragged just outside it: the ellipse's turn pin,
    dragged round its centre, turns the mask (its size and feather kept) as one undo step; the
    turn is kept in the layer's words, so a paste draws it turned."""
    import math

    from ldie_desktop.document import Mask
    from ldie_desktop.document.mask import parse_shape, shape_angle, shape_feather

    w.editor.draw_radial.setChecked(True)
    w.editor.radial_feather.setValue(0)
    _drag(qtbot, w.canvas, QPointF(256, 256), QPointF(256 + 20, 256 + 80))  # tall: radii 28 x 113 px
    w.editor.draw_radial.setChecked(False)
    c = w.canvas
    assert c.handles[0] == "ellipse" and c.handle_angle == 0.0
    pin = c.to_proxy(c._turn_pin())
    assert abs(pin.x() - 256) < 1 and pin.y() < 256 - 113  # above its top edge
    steps = w.session.undo.count()
    _drag(qtbot, c, pin, QPointF(256 + 150, 256))  # round to the right: a quarter turn clockwise
    assert w.session.undo.count() == steps + 1 and w.session.undo.text(steps) == "Mask: turn a radial mask"
    words = w.session.stack[0].place[0][1]
    assert abs(abs(shape_angle(words)) - 90.0) < 2 and shape_feather(words) == 0.0 and c.handle_angle == shape_angle(words)
    m = w.session.stack[0].mask.resized(512, 512)
    assert m[256, 256 + 100] > 0.99 and m[256 + 100, 256] < 0.01  # now wide, not tall
    assert m[256, 256 - 100] > 0.99 and m[256 + 40, 256] < 0.01
    again = Mask.from_shape(words, (512, 512)).data  # what a paste draws
    assert np.abs(again - m).max() < 0.05
    _, start, end = parse_shape(words)
    assert math.hypot((end[0] - start[0]) * 512, (end[1] - start[1]) * 512) == pytest.approx(math.hypot(20, 80), abs=1.5)
    w.undo()
    assert shape_angle(w.session.stack[0].place[0][1]) == 0.0
