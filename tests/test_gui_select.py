"""Workflow: a layer's mask made from words (an editor's Select Subject / Select Sky): new, add,
subtract and intersect, each one undo step; what cannot be found changes nothing."""

from __future__ import annotations

import numpy as np
import pytest

from gui_support import FakePlanner, canvas_pixels, close, make_window, open_photo, photo_copy, wait_preview, window_with_layers
from ldie_desktop.document import Layer, Mask
from ldie_desktop.ui.param_editor import SELECT_MODES

pytestmark = pytest.mark.gui


def select(qtbot, w, phrase: str, mode: str = "replace") -> str:
    """Type ``phrase`` in the mask's Select box, choose ``mode``, press Select; the message."""
    w.editor.select_what.setCurrentText(phrase)
    w.editor.select_mode.setCurrentIndex([m for _, m in SELECT_MODES].index(mode))
    with qtbot.waitSignal(w.mask_selected, timeout=60000) as got:
        w.editor.select_button.click()
    wait_preview(qtbot, w)
    return got.args[0]


@pytest.fixture
def w(qtbot, tmp_path):
    win = window_with_layers(qtbot, tmp_path, [Layer.new("black_and_white", amount=1.0)])
    yield win
    close(win)


def test_new_add_subtract_intersect_each_one_undo_step(qtbot, w) -> None:
    steps = w.session.undo.count()
    assert select(qtbot, w, "the left half") == ""
    m = w.session.stack[0].mask.data
    assert m[:, :200].min() == 1.0 and m[:, 312:].max() == 0.0
    px = canvas_pixels(w).astype(int)
    colour = np.abs(px[..., 0] - px[..., 2]) + np.abs(px[..., 0] - px[..., 1])
    assert (colour[:, :250] > 6).mean() < 0.001 and (colour[:, 262:] > 6).mean() > 0.3  # black and white on the left
    assert w.act_show_mask.isChecked() and w.editor.show_mask.isChecked()  # what was selected is shown
    assert w.session.undo.undoText() == "Mask: the left half"

    select(qtbot, w, "the top half", "add")
    m = w.session.stack[0].mask.data
    assert m[100, 400] == 1.0 and m[400, 100] == 1.0 and m[400, 400] == 0.0
    select(qtbot, w, "the top half", "intersect")
    m = w.session.stack[0].mask.data
    assert m[100, 100] == 1.0 and m[100, 400] == 1.0 and m[400, 100] == 0.0
    select(qtbot, w, "the left half", "subtract")
    m = w.session.stack[0].mask.data
    assert m[100, 400] == 1.0 and m[100, 100] == 0.0 and m[400, 400] == 0.0  # the top right quarter
    assert w.session.undo.undoText() == "Mask: subtract the left half"
    assert w.session.undo.count() == steps + 4
    select(qtbot, w, "the top half", "intersect")  # inside the top half already: nothing to undo
    assert w.session.undo.count() == steps + 4

    for _ in range(4):
        w.undo()
    assert w.session.stack[0].mask is None  # back to the whole image


def test_a_whole_image_layer_joins_as_everywhere(qtbot, w) -> None:
    select(qtbot, w, "the top half", "subtract")  # everywhere less the top: the bottom
    m = w.session.stack[0].mask.data
    assert m[100, 256] == 0.0 and m[400, 256] == 1.0


def test_what_cannot_be_found_changes_nothing(qtbot, w) -> None:
    steps = w.session.undo.count()
    message = select(qtbot, w, "the unicorn")
    assert "can't tell what 'the unicorn' is" in message and message in w.notice.text()
    assert w.session.stack[0].mask is None and w.session.undo.count() == steps
    w.editor.select_what.setCurrentText("  ")
    with qtbot.waitSignal(w.mask_selected, timeout=5000):
        w.editor.select_button.click()
    assert "Type what to select" in w.notice.text() and w.session.undo.count() == steps


def test_selecting_can_be_cancelled(qtbot, tmp_path) -> None:
    planner = FakePlanner(slow=True)
    w = make_window(qtbot, tmp_path, planner)
    try:
        open_photo(qtbot, w, photo_copy(tmp_path))
        w.session.add_layers([Layer.new("exposure", stops=1.0)], "exposure")
        w.layer_view.setCurrentIndex(w.layer_model.index(0))
        w.editor.select_what.setCurrentText("the left half")
        w.editor.select_button.click()
        assert planner.started.wait(10) and w.cancel_plan.isVisible() and not w.editor.select_button.isEnabled()
        with qtbot.waitSignal(w.mask_selected, timeout=10000) as got:
            w.cancel_plan.click()
        assert got.args[0] == "cancelled" and w.session.stack[0].mask is None
        assert w.editor.select_button.isEnabled() and w.plan_task is None
    finally:
        close(w)


def test_the_real_planner_selects_on_the_photo(qtbot, tmp_path, real_planner) -> None:
    """End to end with the app's models: "the left side" is a graduated mask on the left, "the
    shadows" a luminosity mask of the photo."""
    w = make_window(qtbot, tmp_path, real_planner)
    try:
        open_photo(qtbot, w, photo_copy(tmp_path))
        w.session.add_layers([Layer.new("exposure", stops=1.0)], "exposure")
        w.layer_view.setCurrentIndex(w.layer_model.index(0))
        select(qtbot, w, "the left side")
        m = w.session.stack[0].mask.data
        h, wd = m.shape
        assert m[:, : wd // 5].mean() > 0.9 and m[:, -wd // 5:].mean() < 0.1
        select(qtbot, w, "the shadows")
        m = w.session.stack[0].mask.data
        rgb = np.asarray(w.session.proxy.rgb, np.float32)
        grey = rgb.mean(axis=2) / (255.0 if rgb.max() > 1.0 else 1.0)
        assert grey.shape == m.shape
        assert m[grey < 0.12].mean() > 0.8 and m[grey > 0.7].mean() < 0.1
        # Lightroom's Select People parts, from the face's landmarks: offered in the box, small and on her face
        choices = [w.editor.select_what.itemText(i) for i in range(w.editor.select_what.count())]
        assert {"hair", "eyes", "eyebrows", "lips", "teeth"} <= set(choices)
        for part in ("teeth", "lips", "eyes"):
            assert select(qtbot, w, part) == ""
            m = w.session.stack[0].mask.data
            ys, xs = np.nonzero(m > 0.5)
            assert 0.0002 < (m > 0.5).mean() < 0.005, part
            assert 0.1 * h < ys.mean() < 0.35 * h and 0.35 * wd < xs.mean() < 0.55 * wd, part  # on her face
    finally:
        close(w)


def ask(qtbot, w, text: str) -> str:
    """Type ``text`` in the request box and press Enter; the message shown."""
    with qtbot.waitSignal(w.plan_finished, timeout=60000) as got:
        w.request.setText(text)
        w.submit_request(text)
    wait_preview(qtbot, w)
    return got.args[0]


def test_follow_ups_say_where_the_last_request_applies(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    try:
        open_photo(qtbot, w, photo_copy(tmp_path))
        assert "Nothing to place yet" in ask(qtbot, w, "only on the left half")
        ask(qtbot, w, "brighten it and make it warmer")
        steps = w.session.undo.count()
        assert ask(qtbot, w, "only on the left half") == "\"brighten it and make it warmer\" now applies only to the left half."
        for layer in w.session.stack:  # both of the request's layers, as one undo step
            assert layer.local and layer.mask.data[:, :250].min() == 1.0 and layer.mask.data[:, 262:].max() == 0.0
        assert w.session.undo.count() == steps + 1 and w.request.text() == ""
        assert "no longer applies to the top half" in ask(qtbot, w, "but not the top half")
        m = w.session.stack[0].mask.data
        assert m[400, 100] == 1.0 and m[100, 100] == 0.0 and m[400, 400] == 0.0
        assert "whole photo" in ask(qtbot, w, "everywhere")
        assert all(l.mask is None and not l.local for l in w.session.stack)
        message = ask(qtbot, w, "only the giraffe")  # not found: nothing changes, the words stay to be put right
        assert "can't tell what 'the giraffe' is" in message and w.request.text() == "only the giraffe"
        assert all(l.mask is None for l in w.session.stack) and w.session.undo.count() == steps + 3
        w.undo()
        w.undo()
        wait_preview(qtbot, w)
        assert all(l.mask is not None and l.mask.data[:, 262:].max() == 0.0 for l in w.session.stack)
    finally:
        close(w)


def test_the_mask_keeps_the_words_that_made_it(qtbot, w) -> None:
    """``Layer.place`` follows the mask tools: selections and Invert keep the words; a brush
    stroke, Feather or a loaded PNG make a mask that words cannot make again."""
    select(qtbot, w, "the left half")
    assert w.session.stack[0].place == (("replace", "the left half"),)
    select(qtbot, w, "the top half", "subtract")
    w.editor._mask("invert", None)
    assert w.session.stack[0].place == (("replace", "the left half"), ("subtract", "the top half"), ("invert", ""))
    w.editor._mask("feather", 5)
    assert w.session.stack[0].place == ()
    select(qtbot, w, "the top half", "add")  # joined to a mask no words make: cannot be made again either
    assert w.session.stack[0].place == ()
    w.undo()
    w.undo()
    assert w.session.stack[0].place[-1] == ("invert", "")  # undo brings the words back with the mask


def test_pasted_masks_made_from_words_are_found_again(qtbot, tmp_path, real_planner) -> None:
    """Copy "brighten her face" from a portrait, paste onto the same portrait mirrored: the mask
    is her face in the new photo (mirrored), not where it was on the first."""
    import cv2

    from conftest import SAMPLE

    w = make_window(qtbot, tmp_path, real_planner)
    try:
        open_photo(qtbot, w, photo_copy(tmp_path, "a.jpg"))
        ask(qtbot, w, "black and white except her face")
        layer = w.session.stack[0]
        assert layer.op == "black_and_white" and layer.place
        w.act_copy_edits.trigger()
        flipped = tmp_path / "b.jpg"
        cv2.imwrite(str(flipped), cv2.flip(cv2.imread(str(SAMPLE)), 1))
        open_photo(qtbot, w, flipped)
        with qtbot.waitSignal(w.notified, timeout=60000) as got:
            w.act_paste_edits.trigger()
        wait_preview(qtbot, w)
        assert "in this photo for its mask" in got.args[0] and "by position" not in got.args[0]
        pasted = w.session.stack[0].mask.data
        mirrored = layer.mask.resized(*pasted.shape)[:, ::-1]
        assert np.abs(pasted - mirrored).mean() < 0.02 < np.abs(pasted - layer.mask.resized(*pasted.shape)).mean()
        assert w.session.undo.undoText().startswith("Paste edits")
    finally:
        close(w)


def test_the_layer_list_says_where_a_mask_made_from_words_is() -> None:
    from ldie_desktop.ui.layer_model import describe, place_text

    half = Layer.new("exposure", stops=1.0).replace(mask=Mask(np.ones((4, 4), np.float32)))
    assert describe(half)[1] == "masked"
    placed = half.replace(place=(("replace", "the sky"), ("subtract", "her face")))
    assert describe(placed)[1] == "on the sky, less her face"
    assert place_text((("subtract", "the shadows"), ("invert", ""))) == "all but the shadows, inverted"


def test_everywhere_keeps_a_removal_in_its_place(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    try:
        open_photo(qtbot, w, photo_copy(tmp_path))
        m = np.zeros((64, 64), np.float32)
        m[10:20, 10:20] = 1.0
        removal = Layer.new("inpaint_obj").replace(mask=Mask(m), local=True)
        w.session.add_layers([removal], "remove")
        w._last_request = ("remove the man", [removal.id])
        steps = w.session.undo.count()
        assert "needs a place" in ask(qtbot, w, "everywhere")
        assert w.session.stack[0].mask == removal.mask and w.session.undo.count() == steps
    finally:
        close(w)


def test_a_follow_up_place_does_not_guess_between_two_places(qtbot, tmp_path) -> None:
    """After "brighten her face and darken the background" (a layer a place), "only the sky"
    would brighten and darken the sky at once: it asks which layer instead."""
    w = make_window(qtbot, tmp_path)
    try:
        open_photo(qtbot, w, photo_copy(tmp_path))
        m = np.ones((8, 8), np.float32)
        face = Layer.new("brightness", amount=0.3).replace(mask=Mask(m), place=(("replace", "her face"),))
        back = Layer.new("brightness", amount=-0.3).replace(mask=Mask(m), place=(("replace", "the background"),))
        w.session.add_layers([face, back], "two")
        w._last_request = ("brighten her face and darken the background", [face.id, back.id])
        steps = w.session.undo.count()
        said = ask(qtbot, w, "only the left half")
        assert "went to her face and the background: select the layer to move" in said
        assert w.session.undo.count() == steps
    finally:
        close(w)


def test_m_takes_you_to_the_select_box(qtbot, w) -> None:
    w.activateWindow()
    w.act_select_mask.trigger()
    qtbot.waitUntil(lambda: w.editor.select_what.lineEdit().hasFocus() or w.editor.select_what.hasFocus(), timeout=3000)
    w.session.add_layers([Layer.new("rotate", angle=5.0)], "turn")
    w.layer_view.setCurrentIndex(w.layer_model.index(0))
    assert w.current_layer().op == "rotate"
    w.act_select_mask.trigger()
    assert "can have a mask" in w.notice.text()
