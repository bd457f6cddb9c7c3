"""Workflow: edits autosave next to the photo; reopening restores the layers and the history."""

from __future__ import annotations

import pytest

from gui_support import close, make_window, open_photo, photo_copy, wait_preview
from ldie_desktop.document import Layer, sidecar_path

pytestmark = pytest.mark.gui


def test_reopen_restores_stack_and_history(qtbot, tmp_path) -> None:
    photo = photo_copy(tmp_path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo)
    w.session.add_layers([Layer.new("contrast", amount=0.2)], "\"more contrast\"")
    layer = w.session.stack[0]
    w.session.set_layer(layer.with_params(amount=0.5), "Contrast: amount")
    w.session.add_layers([Layer.new("temperature", amount=0.3)], "Add Temperature")
    w.undo()  # the last step stays redoable
    qtbot.waitUntil(lambda: sidecar_path(photo).exists(), timeout=5000)
    close(w)  # closing flushes a pending autosave

    w2 = make_window(qtbot, tmp_path)
    open_photo(qtbot, w2, photo)
    s = w2.session
    assert [(l.op, l.params) for l in s.stack] == [("contrast", {"amount": 0.5})]
    assert [s.undo.text(i) for i in range(s.undo.count())] == ["\"more contrast\"", "Contrast: amount", "Add Temperature"]
    assert s.undo.index() == 2
    w2.redo()
    assert [l.op for l in s.stack] == ["contrast", "temperature"]
    w2.undo()
    w2.undo()
    assert s.stack[0].params == {"amount": 0.2}
    w2.undo()
    assert len(s.stack) == 0
    wait_preview(qtbot, w2)
    close(w2)


def test_autosave_happens_without_closing(qtbot, tmp_path) -> None:
    photo = photo_copy(tmp_path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo)
    w.session.add_layers([Layer.new("saturation", amount=0.4)], "x")
    qtbot.waitUntil(lambda: sidecar_path(photo).exists(), timeout=5000)
    from ldie_desktop.document import load

    assert [l.op for l in load(sidecar_path(photo))] == ["saturation"]
    close(w)
