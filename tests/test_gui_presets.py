"""Workflow: save a photo's layers as a named preset, add it to another photo from the Presets
menu or in words, rename and delete presets."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gui_support import close, make_window, open_photo, photo_copy, wait_preview
from ldie_desktop.document import Layer, Mask
from ldie_desktop.document.presets import PresetLibrary

pytestmark = pytest.mark.gui


@pytest.fixture
def w(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    open_photo(qtbot, win, photo_copy(tmp_path))
    win.session.add_layers([Layer.new("temperature", amount=0.4), Layer.new("vignette", amount=0.5),
                            Layer.new("exposure", stops=1.0).replace(mask=Mask(np.ones((8, 8), np.float32)), local=True)],
                           "three")
    wait_preview(qtbot, win)
    yield win
    close(win)


def ask(qtbot, w, text: str) -> str:
    with qtbot.waitSignal(w.plan_finished, timeout=30000) as got:
        w.request.setText(text)
        w.submit_request(text)
    return got.args[0]


def menu_names(w) -> list[str]:
    w._update_presets_menu()
    return [a.text() for a in w.presets_menu.actions() if a.text()]


def test_save_with_the_dialog_then_add_to_another_photo(qtbot, w, tmp_path) -> None:
    dlg = w.save_preset_dialog()
    ticks = [dlg.list.item(i).checkState() for i in range(dlg.list.count())]
    # the layers in stack order (top first); the masked one starts unticked
    assert [l.op for l in dlg._layers] == [l.op for l in w.session.stack]
    assert [t == Qt.CheckState.Checked for t in ticks] == [l.mask is None for l in w.session.stack]
    save = dlg.ok
    assert not save.isEnabled()  # no name yet
    dlg.name.setText("Warm evening")
    assert save.isEnabled()
    save.click()
    preset = PresetLibrary().get("warm evening")
    assert sorted(l.op for l in preset.layers) == ["temperature", "vignette"]
    assert "Warm evening" in menu_names(w)

    other = tmp_path / "other.jpg"
    other.write_bytes(photo_copy(tmp_path, "b.jpg").read_bytes())
    open_photo(qtbot, w, other)
    assert len(w.session.stack) == 0
    steps = w.session.undo.count()
    next(a for a in w.presets_menu.actions() if a.text() == "Warm evening").trigger()
    wait_preview(qtbot, w)
    assert sorted(l.op for l in w.session.stack) == ["temperature", "vignette"]
    assert w.session.undo.count() == steps + 1 and w.session.undo.undoText() == "Preset: Warm evening"
    w.undo()
    assert len(w.session.stack) == 0


def test_typed_save_and_apply(qtbot, w, presets_folder) -> None:
    assert "Saved this photo's 3 layers as the preset \"Golden\"" in ask(qtbot, w, "save this as a preset called Golden")
    assert PresetLibrary().get("golden").masked == 1
    assert "exists already" in ask(qtbot, w, "save it as a preset named golden")
    n = len(w.session.stack)
    said = ask(qtbot, w, "apply my golden preset")
    assert said.startswith("Added the preset \"Golden\"; 1 with a mask from the preset, placed by position")
    assert len(w.session.stack) == 2 * n
    assert "You have no preset of that name; yours: Golden." == ask(qtbot, w, "use the sunset preset")
    PresetLibrary().delete("Golden")
    assert ask(qtbot, w, "apply my preset").startswith("You have no presets yet")


def test_replacing_a_preset_asks(qtbot, w) -> None:
    PresetLibrary().save("Golden", [Layer.new("contrast", amount=0.2)])
    answers = [False, True]
    w.ask = lambda parent, title, text: answers.pop(0)
    assert not w.save_preset("golden", [Layer.new("saturation", amount=0.3)])
    assert [l.op for l in PresetLibrary().get("Golden").layers] == ["contrast"]  # kept: the user said no
    assert w.save_preset("golden", [Layer.new("saturation", amount=0.3)])
    assert [l.op for l in PresetLibrary().get("golden").layers] == ["saturation"]


def test_manage_rename_and_delete(qtbot, w) -> None:
    lib = PresetLibrary()
    lib.save("Golden", [Layer.new("contrast", amount=0.2)])
    lib.save("Moody", [Layer.new("saturation", amount=-0.3)])
    dlg = w.manage_presets()
    try:
        assert dlg.list.count() == 2 and dlg.current() == "Golden"
        dlg.rename("moody")
        assert "exists already" in dlg.error.text() and lib.names() == ["Golden", "Moody"]
        dlg.rename("Sunny")
        assert lib.names() == ["Moody", "Sunny"] and "Sunny" in menu_names(w)
        w.ask = lambda *a: False
        dlg.ask = w.ask
        dlg.delete()
        assert lib.names() == ["Moody", "Sunny"]  # the user said no
        dlg.ask = lambda *a: True
        dlg.list.setCurrentRow(0)
        dlg.delete()
        assert lib.names() == ["Sunny"]
    finally:
        dlg.close()


def test_nothing_to_save(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    try:
        open_photo(qtbot, w, photo_copy(tmp_path))
        assert w.save_preset_dialog() is None and "no edits to save" in w.notice.text()
        assert "No presets yet" in menu_names(w)
    finally:
        close(w)


def test_a_preset_finds_its_places_in_each_photo(qtbot, w) -> None:
    """A mask made from words is ticked in the dialog and found again when the preset is added;
    a painted one starts unticked and, when kept, lands by position."""
    half = np.zeros((8, 8), np.float32)
    half[:, :4] = 1.0
    placed = Layer.new("saturation", amount=-0.5).replace(mask=Mask(half), place=(("replace", "the left half"),))
    w.session.add_layers([placed], "placed")
    dlg = w.save_preset_dialog()
    item = dlg.list.item([l.id for l in dlg._layers].index(placed.id))
    assert item.checkState() == Qt.CheckState.Checked and "(on the left half, found in each photo)" in item.text()
    for i in range(dlg.list.count()):
        dlg.list.item(i).setCheckState(Qt.CheckState.Checked)  # the painted one too
    dlg.name.setText("Mixed")
    dlg.ok.click()
    w.remove_all_layers()
    with qtbot.waitSignal(w.notified, timeout=30000) as got:
        w.apply_preset("Mixed")
    assert got.args[0] == ("Added the preset \"Mixed\"; found the left half in this photo for its mask; 1 with a "
                           "mask from the preset, placed by position: check it (O shows a layer's mask).")
    m = next(l for l in w.session.stack if l.op == "saturation").mask
    assert m.shape == w.session.proxy.rgb.shape[:2] and m.data[:, :250].min() == 1.0  # made on this photo


def test_a_hovered_preset_shows_on_the_preview_only(qtbot, w) -> None:
    from gui_support import canvas_pixels

    PresetLibrary().save("Mono", [Layer.new("black_and_white", amount=1.0)])
    w._update_presets_menu()
    act = next(a for a in w.presets_menu.actions() if a.text() == "Mono")
    layers, steps = list(w.session.stack.layers), w.session.undo.count()
    px = canvas_pixels(w).astype(int)
    assert np.abs(px[..., 0] - px[..., 2]).max() > 20  # in colour
    w._preset_hovered(act)
    wait_preview(qtbot, w)
    px = canvas_pixels(w).astype(int)
    assert np.abs(px[..., 0] - px[..., 2]).max() <= 2  # the preset on the preview
    assert list(w.session.stack.layers) == layers and w.session.undo.count() == steps  # nothing else
    w._stop_trying()  # the menu closed
    wait_preview(qtbot, w)
    px = canvas_pixels(w).astype(int)
    assert np.abs(px[..., 0] - px[..., 2]).max() > 20
    from ldie_desktop.ops.dehaze import haze_colour

    PresetLibrary().save("Clear", [Layer.new("dehaze", amount=0.5, haze=[0.6, 0.6, 0.6])])
    w._update_presets_menu()
    w._preset_hovered(next(a for a in w.presets_menu.actions() if a.text() == "Clear"))
    [tried] = w.session.trying  # its haze colour is this photo's, as applying it would measure
    assert tried.params["haze"] == pytest.approx(haze_colour(w.session.proxy.rgb))
    w._stop_trying()


def test_manage_exports_and_imports(qtbot, w, tmp_path) -> None:
    """Manage presets > Export writes the chosen preset to a file; Import adds one, asking before
    it replaces a preset of the same name; a broken file says why in the dialog."""
    lib = PresetLibrary()
    lib.save("Golden", [Layer.new("contrast", amount=0.2)])
    dlg = w.manage_presets()
    try:
        shared = tmp_path / "golden.ldie.json"
        dlg.save_file = lambda *_: str(shared)
        dlg.export_button.click()
        assert shared.is_file() and "Wrote" in dlg.error.text()
        lib.rename("Golden", "Old gold")
        dlg.refresh()
        dlg.open_file = lambda *_: str(shared)
        dlg.import_button.click()
        assert lib.names() == ["Golden", "Old gold"] and dlg.current() == "Golden" and "Golden" in menu_names(w)
        dlg.ask = lambda *a: False
        dlg.import_button.click()  # the same name again: the user keeps the one there is
        assert lib.names() == ["Golden", "Old gold"]
        broken = tmp_path / "broken.ldie.json"
        broken.write_text("{not json")
        dlg.import_preset(str(broken))
        assert "broken.ldie.json" in dlg.error.text() and lib.names() == ["Golden", "Old gold"]
    finally:
        dlg.close()


def test_a_hovered_preset_shows_its_places_found_in_this_photo(qtbot, w) -> None:
    """Hovering a preset whose mask was made from words shows it where it lay in the preset's
    photo at once, then where it is found in this one (on a worker); adding the preset then uses
    what was found without looking again."""
    half = np.zeros((8, 8), np.float32)
    half[:, 4:] = 1.0  # the right half of the preset's photo, named "the left half": position is wrong here
    placed = Layer.new("saturation", amount=-0.5).replace(mask=Mask(half), place=(("replace", "the left half"),))
    PresetLibrary().save("Left", [placed])
    w._update_presets_menu()
    act = next(a for a in w.presets_menu.actions() if a.text() == "Left")
    calls = []
    refind = w.planner.refind
    w.planner.refind = lambda *a, **k: calls.append(1) or refind(*a, **k)
    try:
        w._preset_hovered(act)
        [shown] = w.session.trying
        assert shown.mask.data.shape == (8, 8)  # at once: where it lay in the preset's photo
        qtbot.waitUntil(lambda: w._hover_task is None, timeout=30000)
        [shown] = w.session.trying
        width = w.session.proxy.rgb.shape[1]
        assert shown.mask.shape == w.session.proxy.rgb.shape[:2]  # found in this photo
        assert shown.mask.data[:, : width // 2 - 2].min() == 1.0 and shown.mask.data[:, width // 2 + 2:].max() == 0.0
        assert len(calls) == 1
        w._stop_trying()
        with qtbot.waitSignal(w.notified, timeout=30000) as got:
            w.apply_preset("Left")
        assert "found the left half in this photo" in got.args[0] and len(calls) == 1  # not looked for again
        [added] = [l for l in w.session.stack if l.op == "saturation"]
        np.testing.assert_array_equal(added.mask.data, shown.mask.data)
        assert added.id != placed.id and not w.session.trying
    finally:
        w.planner.refind = refind
