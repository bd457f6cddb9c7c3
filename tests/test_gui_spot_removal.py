"""Workflow: the Spot removal tool (Q): click a dust spot and it is healed, drag along a
scratch, Alt+click a spot to take it away, [ and ] for the size, Esc to leave; Find dust spots."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt

from gui_support import canvas_pixels, close, make_window, open_photo, wait_preview
from ldie_desktop.document import Layer
from ldie_desktop.document.mask import place_spots
from test_spot_removal import DUST, dusty_sky

pytestmark = pytest.mark.gui


def _screen(w, x: float, y: float) -> QPoint:
    """The canvas point showing the photo's pixel ``(x, y)``."""
    k = w.session.proxy.rgb.shape[1] / w.session.full_size.width()
    pt = w.canvas._from_proxy(x * k, y * k)
    return QPoint(round(pt.x()), round(pt.y()))


def _spots(w) -> list:
    layer = next(l for l in w.session.stack.layers if l.op == "spot_removal")
    return place_spots(layer.place) or []


def _open(qtbot, tmp_path):
    path = tmp_path / "sky.png"
    Image.fromarray(dusty_sky()).save(path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, path)
    return w


def test_clicks_heal_spots_and_alt_click_takes_one_away(qtbot, tmp_path) -> None:
    w = _open(qtbot, tmp_path)
    w.session.add_layers([Layer.new("brightness", amount=0.1)])
    w.act_spot_tool.trigger()
    assert w.canvas.spot_radius > 0 and w.act_spot_tool.isChecked()
    (x0, y0, r0, _), (x1, y1, _, _) = DUST[0], DUST[1]
    for _ in range(4):  # 10 px at first here (1 % of the long side): a shadow of 14 px needs more
        qtbot.keyClick(w.canvas, Qt.Key.Key_BracketRight)
    assert w.canvas.spot_radius > 20 and w.editor.spot_radius == w.canvas.spot_radius
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=_screen(w, x0, y0))
    bottom = w.session.stack.layers[0]
    assert bottom.op == "spot_removal" and len(_spots(w)) == 1  # made at the bottom, under the brightness
    assert w.session.undo.undoText() == "Spot removal: heal a spot"
    (r, ((fx, fy),)), = _spots(w)
    assert abs(fx * 1000 - x0) < 2 and abs(fy * 600 - y0) < 2 and r * 1000 > r0
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=_screen(w, x1, y1))
    assert len(_spots(w)) == 2 and len(w.canvas.spots) == 2  # one layer, both outlined
    assert w.current_layer().op == "spot_removal"  # the tool's layer is the one shown in the editor
    assert w.editor.mask_state.text().endswith("of the photo: 2 spots")
    wait_preview(qtbot, w)
    shown = canvas_pixels(w).astype(float)
    sy, sx = shown.shape[0] / 600, shown.shape[1] / 1000
    for x, y in ((x0, y0), (x1, y1)):  # healed: the sky's colour (brightened a little), no shadow
        px = shown[int(y * sy), int(x * sx)]
        ring = shown[int(y * sy), int((x + 40) * sx)]
        assert np.abs(px - ring).max() < 8, (px, ring)
    x2, y2, _, _ = DUST[2]
    px = shown[int(y2 * sy), int(x2 * sx)]
    assert (shown[int(y2 * sy), int((x2 + 40) * sx)] - px).max() > 15  # a spot not clicked stays dark
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, pos=_screen(w, x0, y0))
    assert len(_spots(w)) == 1 and abs(_spots(w)[0][1][0][0] * 1000 - x1) < 2  # the first one gone
    assert w.session.undo.undoText() == "Spot removal: take a spot away"
    w.undo()
    assert len(_spots(w)) == 2
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, pos=_screen(w, 900, 50))
    assert len(_spots(w)) == 2  # Alt+click off the spots: nothing
    qtbot.keyClick(w.canvas, Qt.Key.Key_Escape)
    assert not w.act_spot_tool.isChecked() and w.canvas.spot_radius == 0 and w.canvas.spots == []
    close(w)


def test_a_drag_heals_along_a_scratch(qtbot, tmp_path) -> None:
    w = _open(qtbot, tmp_path)
    w.act_spot_tool.trigger()
    a, b = _screen(w, 100, 100), _screen(w, 400, 120)
    qtbot.mousePress(w.canvas, Qt.MouseButton.LeftButton, pos=a)
    for t in np.linspace(0, 1, 12):
        pos = QPoint(round(a.x() + t * (b.x() - a.x())), round(a.y() + t * (b.y() - a.y())))
        qtbot.mouseMove(w.canvas, pos)
    qtbot.mouseRelease(w.canvas, Qt.MouseButton.LeftButton, pos=b)
    (r, path), = _spots(w)
    assert len(path) > 2 and abs(path[0][0] * 1000 - 100) < 3 and abs(path[-1][0] * 1000 - 400) < 3
    assert w.session.undo.undoText() == "Spot removal: heal a scratch"
    layer = w.session.stack.layers[0]
    m = layer.mask.resized(600, 1000)
    assert m[110, 250] == 1.0 and m[300, 250] == 0.0
    close(w)


def test_find_dust_spots_and_add_layer(qtbot, tmp_path) -> None:
    w = _open(qtbot, tmp_path)
    with qtbot.waitSignal(w.mask_selected, timeout=30000) as said:
        w.add_layer("spot_removal")  # Layer > Add > Spot removal: the dust looked for at once, the tool on
    assert said.args[0] == "" and w.act_spot_tool.isChecked()
    assert len(_spots(w)) == len(DUST) and len(w.canvas.spots) == len(DUST)
    assert w.editor.spot_button is not None and w.editor.spot_button.isChecked()
    with qtbot.waitSignal(w.mask_selected, timeout=30000):
        w.editor.find_dust_button.click()  # again: the same spots, nothing new to undo
    assert len(_spots(w)) == len(DUST)
    w.editor.spot_button.click()  # the editor's button turns the tool off
    assert not w.act_spot_tool.isChecked() and w.canvas.spot_radius == 0
    close(w)


def test_a_photo_without_dust_says_so(qtbot, tmp_path) -> None:
    path = tmp_path / "clean.png"
    Image.fromarray(dusty_sky(dust=False)).save(path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, path)
    with qtbot.waitSignal(w.mask_selected, timeout=30000) as said:
        w.add_layer("spot_removal")
    assert "no dust spots" in said.args[0] and "press Q" in said.args[0]
    layer = w.session.stack.layers[0]
    assert layer.mask is None and not layer.is_active()
    close(w)


def test_visualize_spots_shows_the_dust_white_on_black(qtbot, tmp_path) -> None:
    from PySide6.QtGui import QImage

    from ldie_desktop.ui.canvas import spot_visualisation

    sky = np.ascontiguousarray(dusty_sky()[:400])  # the sky part: smooth, with four dust spots
    view = spot_visualisation(QImage(sky.data, 1000, 400, 3000, QImage.Format.Format_RGB888))
    assert view.format() == QImage.Format.Format_Grayscale8
    px = np.frombuffer(view.constBits(), np.uint8, count=view.sizeInBytes()).reshape(400, view.bytesPerLine())[:, :1000]
    for x, y, r, _ in DUST:  # a ring round each spot
        assert px[y - r: y + r + 1, x - r: x + r + 1].max() > 150, (x, y)
    assert np.percentile(px[20:180, 600:1000], 50) < 60  # the clear sky dark
    w = _open(qtbot, tmp_path)
    before = w.canvas.grab().toImage()
    w.act_visualize.trigger()
    assert w.canvas.visualize_spots
    shown = w.canvas.grab().toImage()
    assert shown != before
    w.act_visualize.trigger()
    assert not w.canvas.visualize_spots
    close(w)


def test_heal_shows_each_spots_source_and_dragging_one_moves_it(qtbot, tmp_path) -> None:
    """Method Heal: each spot's source is outlined and joined to it (chosen when the spot was
    made, or, for a found one, where the rendering would take it from); dragging a source moves
    it, as one undo step, and the heal copies from there."""
    w = _open(qtbot, tmp_path)
    w.act_spot_tool.trigger()
    for _ in range(4):
        qtbot.keyClick(w.canvas, Qt.Key.Key_BracketRight)
    (x0, y0, _, _), (x1, y1, _, _) = DUST[0], DUST[1]
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=_screen(w, x0, y0))
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=_screen(w, x1, y1))
    assert w.canvas.spot_sources == []  # a content-aware fill has no sources to show
    w.editor._widgets["method"].setCurrentIndex(2)  # Heal
    layer = w.current_layer()
    assert layer.params["method"] == 2 and len(w.canvas.spot_sources) == 2
    from ldie_desktop.document.mask import place_spot_sources

    kept = place_spot_sources(layer.place)
    assert all(s is not None for s in kept)  # chosen as each spot was made
    ph, pw = w.session.proxy.rgb.shape[:2]
    dx, dy = w.canvas.spot_sources[0]
    assert abs(dx - kept[0][0] * pw) < 1e-3 and abs(dy - kept[0][1] * ph) < 1e-3 and np.hypot(dx, dy) > 0
    k = w.session.proxy.rgb.shape[1] / 1000
    start = _screen(w, x0 + dx / k, y0 + dy / k)  # on the source's outline
    assert w.canvas.source_at(QPointF(start)) == 0 and w.canvas.spot_at(QPointF(start)) is None
    end = _screen(w, x0 + 60, y0 + 5)  # to the right, at nearly the same height of the sky
    qtbot.mousePress(w.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(w.canvas, end)
    qtbot.mouseRelease(w.canvas, Qt.MouseButton.LeftButton, pos=end)
    assert w.session.undo.undoText() == "Spot removal: move a source" and len(_spots(w)) == 2
    moved = place_spot_sources(w.current_layer().place)
    assert abs(moved[0][0] * 1000 - 60) < 3 and abs(moved[0][1] * 600 - 5) < 3 and moved[1] == kept[1]
    wait_preview(qtbot, w)
    shown = canvas_pixels(w).astype(float)
    sy, sx = shown.shape[0] / 600, shown.shape[1] / 1000
    clean = dusty_sky(dust=False)
    at = (slice(int((y0 - 3) * sy), int((y0 + 3) * sy) + 1), slice(int((x0 - 3) * sx), int((x0 + 3) * sx) + 1))
    small = np.asarray(Image.fromarray(clean).resize((shown.shape[1], shown.shape[0]), Image.BILINEAR), float)
    assert np.abs(shown[at] - small[at]).mean() < 4  # healed from the clean sky beside it
    w.session.undo.undo()
    assert place_spot_sources(w.current_layer().place) == kept and w.canvas.spot_sources[0] == (dx, dy)
    w.act_spot_tool.trigger()
    close(w)


def test_found_spots_get_sources_shown_and_removing_a_spot_keeps_the_others(qtbot, tmp_path) -> None:
    from ldie_desktop.document.mask import place_spot_sources, spots_words
    from ldie_desktop.document import Mask

    w = _open(qtbot, tmp_path)
    words = spots_words([(1.6 * r / 1000, ((x / 1000, y / 600),)) for x, y, r, _ in DUST])  # no sources
    ph, pw = w.session.proxy.rgb.shape[:2]
    layer = Layer.new("spot_removal", method=3).replace(mask=Mask.from_shape(words, (ph, pw)), place=(("replace", words),))
    w.session.add_layers([layer])
    w.act_spot_tool.trigger()
    assert len(w.canvas.spot_sources) == len(DUST)  # where the clone takes each from
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier,
                     pos=_screen(w, DUST[0][0], DUST[0][1]))
    assert len(_spots(w)) == len(DUST) - 1 and len(w.canvas.spot_sources) == len(DUST) - 1
    assert place_spot_sources(w.current_layer().place) == [None] * (len(DUST) - 1)  # still the rendering's to choose
    w.editor._widgets["method"].setCurrentIndex(0)  # Content-aware ...
    w.editor._widgets["method"].setCurrentIndex(2)  # ... then Heal: the sources shown are written into the spots
    kept = place_spot_sources(w.current_layer().place)
    assert all(s is not None for s in kept) and len(kept) == len(DUST) - 1
    ph, pw = w.session.proxy.rgb.shape[:2]
    assert np.allclose([(dx * pw, dy * ph) for dx, dy in kept], w.canvas.spot_sources, atol=1e-3)
    assert w.session.undo.undoText() == "Spot removal: method"  # one step: the method and its sources
    w.session.undo.undo()
    assert place_spot_sources(w.current_layer().place) == [None] * (len(DUST) - 1)
    w.act_spot_tool.trigger()
    close(w)
