"""Workflow: type a request, press Enter, get layers as one undo step; messages; cancel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui_support import FakePlanner, canvas_pixels, close, make_window, open_photo, photo_copy, wait_preview

pytestmark = pytest.mark.gui


def ask(qtbot, w, text: str) -> str:
    """Submit ``text`` as a typed request and wait for it: what the app said (its plan's message)."""
    with qtbot.waitSignal(w.plan_finished, timeout=10000) as blocker:
        w.submit_request(text)
    return blocker.args[0]


def test_request_to_layers_in_one_undo_step(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo_copy(tmp_path))
    before = canvas_pixels(w)
    qtbot.keyClicks(w.request, "make it brighter and warmer")
    with qtbot.waitSignal(w.plan_finished, timeout=10000):
        qtbot.keyClick(w.request, Qt.Key.Key_Return)
    wait_preview(qtbot, w)
    assert [l.op for l in w.session.stack] == ["brightness", "temperature"]
    assert w.session.undo.count() == 1 and w.session.undo.text(0) == "\"make it brighter and warmer\""
    rows = [w.layer_model.data(w.layer_model.index(r)) for r in range(2)]
    assert rows[0].startswith("Temperature") and "model 80%" in rows[0] and "warm" in rows[0]
    after = canvas_pixels(w)
    assert after.mean() > before.mean() + 5  # the canvas shows the brighter result
    assert w.request.text() == ""
    # Up recalls the request
    qtbot.keyClick(w.request, Qt.Key.Key_Up)
    assert w.request.text() == "make it brighter and warmer"
    w.undo()
    wait_preview(qtbot, w)
    assert len(w.session.stack) == 0
    close(w)


def test_impossible_and_empty_requests_give_a_message_and_change_nothing(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo_copy(tmp_path))
    said = ask(qtbot, w, "add a hat")
    assert said == "I can't add new things to a photo."
    assert w.notice.isVisible() and "add new things" in w.notice.text()
    assert len(w.session.stack) == 0 and w.session.undo.count() == 0
    w.submit_request("   ")
    assert "Type what you want" in w.notice.text()
    close(w)


def test_typed_undo_and_redo_run_the_commands(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo_copy(tmp_path))
    ask(qtbot, w, "brighter")
    assert len(w.session.stack) == 1
    said = ask(qtbot, w, "please undo that")
    assert len(w.session.stack) == 0 and said == "Undid \"brighter\"."
    assert w.request.text() == ""
    said = ask(qtbot, w, "redo")
    assert len(w.session.stack) == 1 and said.startswith("Redid")
    said = ask(qtbot, w, "redo")
    assert said == "Nothing to redo." and len(w.session.stack) == 1
    assert w.session.undo.count() == 1  # the typed commands added no steps of their own
    said = ask(qtbot, w, "I liked it better before")  # GIER's brighter, more colourful bundle before
    assert len(w.session.stack) == 0 and said.startswith("Undid")
    said = ask(qtbot, w, "redo, then show me the before")  # two commands: asked one at a time, nothing done
    assert said.startswith("One command at a time") and len(w.session.stack) == 0 and not w.canvas.split
    close(w)


def test_typed_show_me_the_before_turns_the_split_on(qtbot, tmp_path) -> None:
    # it was a contrast ("show the before and after" a crop), then only a message naming the keys
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo_copy(tmp_path))
    ask(qtbot, w, "brighter")
    said = ask(qtbot, w, "show me the before and after")
    assert w.canvas.split and w.act_split.isChecked() and said.startswith("Before on the left")
    assert [l.op for l in w.session.stack] == ["brightness"] and w.session.undo.count() == 1
    close(w)


def test_a_request_instead_of_the_last_one_takes_its_place(qtbot, tmp_path) -> None:
    """"undo that and make it warmer", "no, I meant warmer": the last request's step is undone,
    then the new one added; a request after some other step adds to it as usual."""
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo_copy(tmp_path))
    ask(qtbot, w, "brighter")
    said = ask(qtbot, w, "undo that and make it warmer instead")
    assert [l.op for l in w.session.stack] == ["temperature"] and said == "Took back \"brighter\"."
    assert w.session.undo.count() == 1  # the brighter step is gone from the history's end
    ask(qtbot, w, "no, I meant brighter")
    assert [l.op for l in w.session.stack] == ["brightness"]
    w.remove_all_layers()  # another step since: nothing to take back, the request adds
    said = ask(qtbot, w, "make it warmer instead")
    assert [l.op for l in w.session.stack] == ["temperature"] and not said
    close(w)


@pytest.mark.parametrize("typed", ["start over", "remove all layers", "revert to the original", "clear"])
def test_typed_start_over_removes_every_layer_as_one_step(qtbot, tmp_path, typed) -> None:
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo_copy(tmp_path))
    said = ask(qtbot, w, typed)
    assert said == "There are no edits yet: this is the original photo."
    ask(qtbot, w, "brighter and warmer")
    steps = w.session.undo.count()
    said = ask(qtbot, w, typed)
    assert len(w.session.stack) == 0 and said.startswith("Removed all 2 layers")
    assert w.session.undo.count() == steps + 1
    w.undo()
    assert len(w.session.stack) == 2
    close(w)


def test_more_and_less_change_the_last_requests_layers(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo_copy(tmp_path))
    said = ask(qtbot, w, "more")
    assert said == "Nothing to make stronger yet: ask for an edit first." and w.session.undo.count() == 0
    ask(qtbot, w, "brighter and warmer")
    said = ask(qtbot, w, "a bit more")
    assert said == "Made \"brighter and warmer\" stronger (x1.25)."
    amounts = {l.op: l.params["amount"] for l in w.session.stack}
    assert amounts == pytest.approx({"brightness": 0.375, "temperature": 0.625})
    ask(qtbot, w, "way too much")
    assert {l.op: l.params["amount"] for l in w.session.stack} == pytest.approx({"brightness": 0.15, "temperature": 0.25})
    assert w.session.undo.count() == 3 and w.session.undo.text(2) == "Weaker: \"brighter and warmer\""
    w.undo()
    assert {l.op: l.params["amount"] for l in w.session.stack} == pytest.approx(amounts)
    close(w)


def test_request_without_a_photo(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    w.submit_request("brighter")
    assert "Open a photo first" in w.notice.text()
    close(w)


def test_cancel_a_running_plan(qtbot, tmp_path) -> None:
    planner = FakePlanner(slow=True)
    w = make_window(qtbot, tmp_path, planner)
    open_photo(qtbot, w, photo_copy(tmp_path))
    w.submit_request("brighter")
    assert planner.started.wait(10)
    assert w.busy.isVisible() and w.cancel_plan.isVisible()
    # the slow step is named in the status bar while it runs
    qtbot.waitUntil(lambda: w.statusBar().currentMessage() == "Looking closer for 'brighter'…", timeout=5000)
    with qtbot.waitSignal(w.plan_finished, timeout=10000) as blocker:
        qtbot.mouseClick(w.cancel_plan, Qt.MouseButton.LeftButton)
    assert blocker.args[0] == "cancelled"
    assert not w.busy.isVisible() and len(w.session.stack) == 0
    assert "Looking closer" not in w.statusBar().currentMessage()
    close(w)


def test_layers_removed_or_turned_off_by_name(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo_copy(tmp_path))
    ask(qtbot, w, "brighter and warmer")
    said = ask(qtbot, w, "remove the warmth")
    assert said == "Removed the Temperature layer." and [l.op for l in w.session.stack] == ["brightness"]
    assert w.session.undo.text(w.session.undo.index() - 1) == "Remove layer: \"remove the warmth\""
    said = ask(qtbot, w, "turn off the brightness")
    assert said == "Turned off the Brightness layer." and not w.session.stack[0].enabled
    said = ask(qtbot, w, "remove the vignette")  # no such layer: an ordinary request for the planner
    assert "Removed" not in said and len(w.session.stack) == 1
    w.undo()
    w.undo()
    assert [l.op for l in w.session.stack] == ["brightness", "temperature"] and w.session.stack[0].enabled
    close(w)


def test_more_or_less_of_a_layer_by_name(qtbot, tmp_path) -> None:
    from ldie_desktop.document import Layer

    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo_copy(tmp_path))
    w.session.add_layers([Layer.new("grain", amount=0.3), Layer.new("vignette", amount=-0.4)], "effects")
    said = ask(qtbot, w, "less grain")
    assert said == "Made the Grain layer weaker (x0.6)."
    assert {l.op: l.params["amount"] for l in w.session.stack} == pytest.approx({"grain": 0.18, "vignette": -0.4})
    said = ask(qtbot, w, "make the vignette a bit stronger")
    assert w.session.layer(w.session.stack[1].id).params["amount"] == pytest.approx(-0.5)
    said = ask(qtbot, w, "more blur")  # no Blur layer: an ordinary request for the planner
    assert "Made" not in said and len(w.session.stack) == 2
    close(w)


@pytest.mark.slow
def test_talking_to_the_app_with_the_real_planner(qtbot, tmp_path, real_planner) -> None:
    """End to end with the app's planner: a request, then "no, I meant cooler" in its place, then
    a list of edits, all in the history as one step each."""
    w = make_window(qtbot, tmp_path, real_planner)
    open_photo(qtbot, w, photo_copy(tmp_path))
    with qtbot.waitSignal(w.plan_finished, timeout=60000):
        w.submit_request("make it warmer")
    assert [l.op for l in w.session.stack] == ["temperature"]
    with qtbot.waitSignal(w.plan_finished, timeout=60000) as said:
        w.submit_request("no, I meant cooler")
    [cool] = list(w.session.stack)
    assert cool.op == "temperature" and cool.params["amount"] < 0 and "Took back" in said.args[0]
    assert w.session.undo.count() == 1
    with qtbot.waitSignal(w.plan_finished, timeout=60000):
        w.submit_request("1. brighten it\n2. add a vignette")
    assert sorted(l.op for l in w.session.stack) == ["brightness", "temperature", "vignette"]
    assert w.session.undo.count() == 2
    with qtbot.waitSignal(w.plan_finished, timeout=60000) as said:  # a path pasted in the box changes nothing
        w.submit_request("C:\\Users\\me\\Pictures\\img.png")
    assert "File > Open" in said.args[0] and w.session.undo.count() == 2
    close(w)


def test_typed_questions_about_the_edits_and_the_view_are_answered(qtbot, tmp_path) -> None:
    """"undo the last two changes" undoes two steps; "what did you change?" lists the layers as the
    panel names them; "zoom in" zooms the view (each was GIER's bundle of curves, or a crop)."""
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo_copy(tmp_path))
    said = ask(qtbot, w, "what did you change?")
    assert said == "Nothing yet: this is the original photo."
    ask(qtbot, w, "brighter")
    ask(qtbot, w, "warmer")
    ask(qtbot, w, "brighter and warmer")
    said = ask(qtbot, w, "what did you change?")
    assert said.startswith("4 layers, bottom to top: Brightness") and "Temperature" in said and "<- \"warm\"" in said
    assert w.session.undo.count() == 3  # a question adds no step
    said = ask(qtbot, w, "undo the last two changes")
    assert said == "Undid 2 steps: \"brighter and warmer\", \"warmer\"." and [l.op for l in w.session.stack] == ["brightness"]
    zoom = w.canvas.zoom
    said = ask(qtbot, w, "zoom in")
    assert said == "" and w.canvas.zoom > zoom and [l.op for l in w.session.stack] == ["brightness"]
    close(w)


def test_show_me_the_mask_shows_the_masked_layers_mask(qtbot, tmp_path) -> None:
    """"show me the mask": the selected layer's mask, or the top masked layer's when the selected
    one covers the whole photo; with no mask anywhere, it says so."""
    import numpy as np

    from gui_support import window_with_layers
    from ldie_desktop.document import Layer, Mask

    m = np.zeros((64, 64), np.float32)
    m[10:40, 10:40] = 1.0
    w = window_with_layers(qtbot, tmp_path, [Layer("contrast", params={"amount": 0.3}, mask=Mask(m), local=True),
                                             Layer("brightness", params={"amount": 0.2})])
    assert w.current_layer().op == "brightness" and not w.editor.show_mask.isChecked()
    said = ask(qtbot, w, "show me the mask")
    assert said == "Showing where Contrast applies (O hides it)."
    assert w.current_layer().op == "contrast" and w.editor.show_mask.isChecked()
    close(w)
    (tmp_path / "b").mkdir()
    w = window_with_layers(qtbot, tmp_path / "b", [Layer("brightness", params={"amount": 0.2})])
    assert ask(qtbot, w, "show me the mask") == "No layer has a mask yet: every layer covers the whole photo."
    close(w)
