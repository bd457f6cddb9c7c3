"""Workflow: Layer > Add > Red eye finds the red pupils and takes the red out of them at once."""

from __future__ import annotations

import pytest
from PIL import Image

from gui_support import canvas_pixels, close, make_window, open_photo, wait_preview
from test_red_eye import EYES, face

pytestmark = pytest.mark.gui


def test_adding_a_red_eye_layer_finds_the_pupils(qtbot, tmp_path) -> None:
    path = tmp_path / "flash.png"
    Image.fromarray(face()).save(path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, path)
    with qtbot.waitSignal(w.mask_selected, timeout=30000) as said:
        w.add_layer("red_eye")
    assert said.args[0] == ""
    layer = w.session.stack.layers[0]
    assert layer.op == "red_eye" and layer.params["amount"] == 1.0 and layer.mask is not None
    assert w.editor.mask_state.text().startswith("under 1% of the photo")  # small, not empty
    wait_preview(qtbot, w)
    shown = canvas_pixels(w)
    sy, sx = shown.shape[0] / 600, shown.shape[1] / 800
    for x, y in EYES:
        r, g, _ = shown[int(y * sy), int(x * sx)].astype(int)
        assert r < 60 and abs(r - g) < 20  # the pupil dark and neutral on the preview
    assert shown[int(60 * sy), int(150 * sx), 0] > 180  # the red stripe still red
    close(w)


def test_a_photo_without_red_eyes_says_so(qtbot, tmp_path) -> None:
    path = tmp_path / "no-flash.png"
    Image.fromarray(face(red=False)).save(path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, path)
    with qtbot.waitSignal(w.mask_selected, timeout=30000) as said:
        w.add_layer("red_eye")
    assert "no red pupils" in said.args[0]
    layer = w.session.stack.layers[0]
    assert layer.mask is None and not layer.is_active()  # it waits for a mask drawn by hand
    close(w)


def test_the_pupils_go_to_the_new_layer_above_others(qtbot, tmp_path) -> None:
    """With layers already in the stack, the pupils are the new Red eye layer's mask, not the
    mask of the layer at the bottom."""
    path = tmp_path / "flash.png"
    Image.fromarray(face()).save(path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, path)
    w.add_layer("brightness")
    with qtbot.waitSignal(w.mask_selected, timeout=30000) as said:
        w.add_layer("red_eye")
    assert said.args[0] == ""
    bottom, top = w.session.stack.layers
    assert bottom.op == "brightness" and bottom.mask is None and not bottom.place
    assert top.op == "red_eye" and top.mask is not None and top.place == (("replace", "the red eyes"),)
    close(w)
