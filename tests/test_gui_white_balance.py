"""Workflow: the white-balance picker (Layer > White balance picker, W): click a surface that
should be grey and the colour curves make it neutral, as one undo step."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from gui_support import canvas_pixels, close, make_window, open_photo, wait_preview
from ldie_desktop.document import Layer
from ldie_desktop.io import write_photo

pytestmark = pytest.mark.gui


@pytest.fixture
def w(qtbot, tmp_path):
    """A photo under warm light: a grey card turned (150, 125, 95), a blue sky, a black band."""
    img = np.zeros((240, 360, 3), np.uint8)
    img[:, :120] = (150, 125, 95)
    img[:, 120:240] = (90, 140, 210)
    img[:, 300:] = 0
    path = tmp_path / "warm.png"
    write_photo(path, img)
    win = make_window(qtbot, tmp_path)
    open_photo(qtbot, win, path)
    wait_preview(qtbot, win)
    yield win
    close(win)


def click(qtbot, w, x: float, y: float) -> None:
    c = w.canvas
    qtbot.mouseClick(c, Qt.MouseButton.LeftButton, pos=(c.offset + QPointF(x, y) * c.zoom / c.proxy_scale()).toPoint())


def test_a_picked_grey_card_comes_out_neutral(qtbot, w) -> None:
    w.act_pick_white.trigger()
    assert w.canvas.picking and "Click a surface" in w.notice.text()
    steps = w.session.undo.count()
    click(qtbot, w, 60, 120)
    assert not w.canvas.picking and not w.act_pick_white.isChecked()  # one pick, like Lightroom's picker
    assert w.session.undo.count() == steps + 1 and w.session.undo.text(steps) == "White balance: picked"
    assert w.session.stack[0].op == "hue" and w.current_layer().id == w.session.stack[0].id
    wait_preview(qtbot, w)
    r, g, b = (int(v) for v in canvas_pixels(w)[120, 60])
    assert max(r, g, b) - min(r, g, b) <= 3  # the card is grey now
    sky = canvas_pixels(w)[120, 180]
    assert sky[2] > sky[0] + 60  # the sky stays blue
    w.session.add_layers([Layer.new("contrast", amount=0.3)], "contrast")
    w.act_pick_white.trigger()
    click(qtbot, w, 60, 120)  # again: the bottom curves are replaced, not stacked
    assert [l.op for l in w.session.stack] == ["hue", "contrast"]
    w.undo()
    w.undo()
    w.undo()
    assert len(w.session.stack) == 0


def test_a_black_or_neutral_spot_changes_nothing_and_esc_cancels(qtbot, w) -> None:
    steps = w.session.undo.count()
    w.act_pick_white.trigger()
    click(qtbot, w, 330, 120)  # the black band: no colour to read
    assert "too dark or too bright" in w.notice.text() and w.session.undo.count() == steps
    w.act_pick_white.trigger()
    qtbot.keyClick(w.canvas, Qt.Key.Key_Escape)
    assert not w.canvas.picking and not w.act_pick_white.isChecked()
    click(qtbot, w, 60, 120)  # not picking any more: a click pans, nothing changes
    assert w.session.undo.count() == steps


class _ColourFixPlanner:
    """Plans as the real planner plans "brighten it and fix the colours": the brightening, and a
    click on grey asked for (``pick_white``)."""

    def plan(self, request, image=None, cancel=None, step=None, exif=None):
        from ldie_desktop.model.plan import Plan
        from ldie_desktop.model.planner import PICK_GREY

        return Plan(request, layers=[Layer("brightness", params={"amount": 0.2}, source="model")], message=PICK_GREY,
                    extra={"pick_white": True})


def test_fix_the_colours_asks_for_a_click_on_grey_and_the_click_fixes_them(qtbot, w) -> None:
    w.set_planner(_ColourFixPlanner())
    with qtbot.waitSignal(w.plan_finished, timeout=30000):
        w.submit_request("brighten it and fix the colours")
    assert [l.op for l in w.session.stack] == ["brightness"]
    assert w.act_pick_white.isChecked() and w.canvas.picking and "grey or white" in w.notice.text()
    click(qtbot, w, 60, 120)  # the warm grey card
    assert [l.op for l in w.session.stack] == ["hue", "brightness"] and not w.act_pick_white.isChecked()
