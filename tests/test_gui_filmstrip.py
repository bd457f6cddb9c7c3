"""Workflow: a folder of photos in the filmstrip. Thumbnails show each photo's saved edits, a
click or Ctrl+Right moves to another photo with nothing lost, unreadable files are marked and
passed over, and a request planned for one photo never lands on the next."""

from __future__ import annotations

import shutil
import threading

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from conftest import SAMPLE
from gui_support import close, make_window, open_photo, wait_preview
from ldie_desktop.document import EditStack, Layer, sidecar
from ldie_desktop.document.sidecar import sidecar_path
from ldie_desktop.model.plan import Plan

pytestmark = pytest.mark.gui


def _folder(tmp_path):
    """a.jpg, b.jpg (saved edits: brighter), c.jpg (not a photo), notes.txt; sorted a, b, c."""
    folder = tmp_path / "shoot"
    folder.mkdir()
    for name in ("a.jpg", "b.jpg"):
        shutil.copy(SAMPLE, folder / name)
    sidecar.save(EditStack([Layer.new("brightness", amount=0.5)]), sidecar_path(folder / "b.jpg"))
    (folder / "c.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not a photo")
    (folder / "notes.txt").write_text("not a photo either")
    return folder


def _thumbs_made(qtbot, w, rows) -> None:
    from ldie_desktop.ui.filmstrip import ErrorRole, LayersRole

    m = w.filmstrip_model
    for r in rows:  # asking for the picture is what starts its making (the view does it when shown)
        m.index(r).data(Qt.ItemDataRole.DecorationRole)
    qtbot.waitUntil(lambda: all(m.index(r).data(LayersRole) >= 0 or m.index(r).data(ErrorRole) for r in rows),
                    timeout=30000)


def _thumb_mean(w, row) -> float:
    image = w.filmstrip_model.index(row).data(Qt.ItemDataRole.DecorationRole).toImage()
    return float(np.mean([image.pixelColor(x, y).value() for x in range(10, image.width() - 10, 7)
                          for y in range(10, image.height() - 10, 7)]))


def test_the_filmstrip_shows_the_folder_with_each_photos_edits(qtbot, tmp_path) -> None:
    from ldie_desktop.ui.filmstrip import ErrorRole, LayersRole, PathRole

    folder = _folder(tmp_path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, folder / "a.jpg")
    m = w.filmstrip_model
    assert [m.index(r).data() for r in range(m.rowCount())] == ["a.jpg", "b.jpg", "c.jpg"]
    assert w.filmstrip.selected_paths() == [str(folder / "a.jpg")]
    _thumbs_made(qtbot, w, range(3))
    assert m.index(0).data(LayersRole) == 0 and m.index(1).data(LayersRole) == 1
    assert "c.jpg" in m.index(2).data(ErrorRole) and m.index(2).data(Qt.ItemDataRole.ToolTipRole) == m.index(2).data(ErrorRole)
    assert "edited: 1 layer" in m.index(1).data(Qt.ItemDataRole.ToolTipRole)
    assert _thumb_mean(w, 1) > _thumb_mean(w, 0) + 20  # b's thumbnail is b as edited: brighter
    assert m.index(1).data(PathRole) == str(folder / "b.jpg")
    close(w)


def test_moving_through_the_folder_keeps_every_photos_edits(qtbot, tmp_path) -> None:
    from ldie_desktop.ui.filmstrip import LayersRole

    folder = _folder(tmp_path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, folder / "a.jpg")
    _thumbs_made(qtbot, w, range(3))
    w.session.add_layers([Layer.new("contrast", amount=0.3)], "contrast")
    with qtbot.waitSignal(w.photo_opened, timeout=30000):
        w.act_next_photo.trigger()
    wait_preview(qtbot, w)
    assert w.session.path == folder / "b.jpg" and [l.op for l in w.session.stack] == ["brightness"]
    assert w.filmstrip.selected_paths() == [str(folder / "b.jpg")]
    assert [l.op for l in sidecar.load(sidecar_path(folder / "a.jpg"))] == ["contrast"]  # saved on leaving
    # c.jpg cannot be read: the next photo is none, and b stays open
    w.act_next_photo.trigger()
    assert "last photo" in w.statusBar().currentMessage() and w.session.path == folder / "b.jpg"
    # an edit here is saved and its thumbnail made again with it
    w.session.add_layers([Layer.new("saturation", amount=0.4)], "saturation")
    w.save_edits()
    qtbot.waitUntil(lambda: w.filmstrip_model.index(1).data(LayersRole) == 2, timeout=30000)
    # a plain click on a's thumbnail opens it, with its edit
    rect = w.filmstrip.visualRect(w.filmstrip_model.index(0))
    with qtbot.waitSignal(w.photo_opened, timeout=30000):
        qtbot.mouseClick(w.filmstrip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_preview(qtbot, w)
    assert w.session.path == folder / "a.jpg" and [l.op for l in w.session.stack] == ["contrast"]
    w.act_previous_photo.trigger()
    assert "first photo" in w.statusBar().currentMessage()
    close(w)


def test_a_file_that_cannot_be_opened_leaves_the_photo_open_and_is_marked(qtbot, tmp_path) -> None:
    from ldie_desktop.ui.filmstrip import ErrorRole

    folder = _folder(tmp_path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, folder / "b.jpg")
    with qtbot.waitSignal(w.notified, timeout=30000) as said:
        w._open_from_strip(str(folder / "c.jpg"))
    assert said.args[0].startswith("Could not open") and "c.jpg" in said.args[0]
    assert w.session.path == folder / "b.jpg" and len(w.session.stack) == 1
    assert w.filmstrip_model.index(2).data(ErrorRole)
    assert w.filmstrip.selected_paths() == [str(folder / "b.jpg")]
    close(w)


def test_a_folder_opens_at_its_first_photo_and_an_empty_one_says_so(qtbot, tmp_path) -> None:
    folder = _folder(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    w = make_window(qtbot, tmp_path)
    with qtbot.waitSignal(w.notified, timeout=5000) as said:
        w.open_folder(str(empty))
    assert "no photos" in said.args[0] and w.session is None
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    drop = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(w.photo_opened, timeout=30000):
        w.dropEvent(drop)
    wait_preview(qtbot, w)
    assert w.session.path == folder / "a.jpg" and w.filmstrip_model.rowCount() == 3
    # a photo added to the folder shows up in the strip
    shutil.copy(SAMPLE, folder / "a2.jpg")
    qtbot.waitUntil(lambda: w.filmstrip_model.rowCount() == 4, timeout=10000)
    assert w.filmstrip_model.index(1).data() == "a2.jpg"
    assert w.filmstrip.selected_paths() == [str(folder / "a.jpg")]
    close(w)


class _HeldPlanner:
    """Plans "brighter" as a brightness layer, but only once ``go`` is set."""

    def __init__(self) -> None:
        self.started, self.go = threading.Event(), threading.Event()

    def plan(self, request, image=None, cancel=None, step=None, exif=None):
        self.started.set()
        self.go.wait(30)
        return Plan(request, layers=[Layer("brightness", params={"amount": 0.3}, source="model")])


def test_a_request_for_one_photo_never_lands_on_the_next(qtbot, tmp_path) -> None:
    folder = _folder(tmp_path)
    planner = _HeldPlanner()
    w = make_window(qtbot, tmp_path, planner=planner)
    open_photo(qtbot, w, folder / "a.jpg")
    w.submit_request("brighter")
    assert planner.started.wait(10)
    with qtbot.waitSignal(w.photo_opened, timeout=30000):
        w.step_photo(1)
    with qtbot.waitSignal(w.plan_finished, timeout=30000) as finished:
        planner.go.set()
    assert finished.args[0] == "cancelled"
    assert w.session.path == folder / "b.jpg" and [l.op for l in w.session.stack] == ["brightness"]
    assert w.session.stack.layers[0].params["amount"] == 0.5  # b's own, untouched
    assert not sidecar_path(folder / "a.jpg").exists() or len(sidecar.load(sidecar_path(folder / "a.jpg"))) == 0
    close(w)


def test_photos_in_counts_like_a_person() -> None:
    from ldie_desktop.ui.filmstrip import photos_in

    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        for name in ("IMG_10.JPG", "IMG_2.jpg", "img_1.png", ".hidden.jpg", "x.ldie.json", "doc.pdf"):
            (Path(d) / name).write_bytes(b"")
        (Path(d) / "sub.jpg").mkdir()
        assert [p.name for p in photos_in(d)] == ["img_1.png", "IMG_2.jpg", "IMG_10.JPG"]
    assert photos_in("/no/such/folder") == []


# ------------------------------------------------------------------ sync edits
def test_sync_puts_layers_on_top_of_each_photos_edits_as_an_undo_step(tmp_path) -> None:
    from gui_support import FakePlanner
    from ldie_desktop.document import Mask
    from ldie_desktop.model.sync import summary, sync_edits

    folder = _folder(tmp_path)
    (folder / "d.jpg").write_bytes(SAMPLE.read_bytes())
    sidecar_path(folder / "d.jpg").write_text("{ not an edit file")
    left = np.zeros((64, 64), np.float32)
    left[:, 40:] = 1.0  # made on another photo: its right part
    layers = [Layer.new("contrast", amount=0.3),
              Layer.new("saturation", amount=-0.5).replace(mask=Mask(left), place=(("replace", "the left half"),))]
    results = sync_edits([folder / "a.jpg", folder / "b.jpg", folder / "c.jpg", folder / "d.jpg"], layers,
                         "Sync from x.jpg (2 layers)", FakePlanner())
    assert [bool(r.problem) for r in results] == [False, False, True, True]
    assert "c.jpg" in results[2].problem and "d.jpg" in results[3].problem
    assert not sidecar_path(folder / "c.jpg").exists()
    assert sidecar_path(folder / "d.jpg").read_text() == "{ not an edit file"  # never written over
    stack, history = sidecar.load_document(sidecar_path(folder / "b.jpg"))
    assert [l.op for l in stack] == ["brightness", "contrast", "saturation"]
    assert history.steps[-1][0] == "Sync from x.jpg (2 layers)" and history.index == len(history.steps)
    assert len(history.steps) == 1 and [l.op for l in history.base] == ["brightness"]  # undo: b as it was
    mask = stack.layers[2].mask.data
    assert mask[:, : mask.shape[1] // 2 - 2].min() == 1.0 and mask[:, mask.shape[1] // 2 + 2:].max() == 0.0  # found again
    assert len({l.id for l in stack}) == 3
    line = summary(results, 2)
    assert line.startswith("Synced 2 layers to 2 photos") and "the left half" in line and "left alone" in line


def test_sync_stops_between_photos_when_cancelled_and_skips_the_open_one(tmp_path) -> None:
    from ldie_desktop.model.sync import sync_edits

    folder = _folder(tmp_path)
    done: list = []
    calls = iter([False, True])
    results = sync_edits([folder / "a.jpg", folder / "b.jpg"], [Layer.new("contrast", amount=0.3)], "Sync",
                         cancel=lambda: next(calls), done=done)
    assert [r.path for r in results] == [str(folder / "a.jpg")] and done == results
    assert [l.op for l in sidecar.load(sidecar_path(folder / "a.jpg"))] == ["contrast"]
    assert [l.op for l in sidecar.load(sidecar_path(folder / "b.jpg"))] == ["brightness"]
    skipped = sync_edits([folder / "a.jpg"], [Layer.new("contrast")], "Sync", skip=lambda p: "it is open")
    assert skipped[0].problem == "it is open" and len(sidecar.load(sidecar_path(folder / "a.jpg"))) == 1


def test_sync_from_the_window_to_photos_selected_in_the_strip(qtbot, tmp_path) -> None:
    from PySide6.QtCore import QItemSelectionModel

    from ldie_desktop.ui.filmstrip import LayersRole

    folder = _folder(tmp_path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, folder / "a.jpg")
    assert w.sync_dialog() is None and "Select the photos" in w.notice.text()
    w.session.add_layers([Layer.new("contrast", amount=0.3), Layer.new("saturation", amount=0.2)], "two")
    sel = w.filmstrip.selectionModel()
    for r in (1, 2):  # Ctrl+click b and c
        sel.select(w.filmstrip_model.index(r), QItemSelectionModel.SelectionFlag.Select)
    dlg = w.sync_dialog()
    assert dlg.windowTitle() == "Sync edits to 2 photos"
    dlg.list.item(1).setCheckState(Qt.CheckState.Unchecked)  # contrast only (the list is bottom-up as the stack)
    with qtbot.waitSignal(w.notified, timeout=30000) as said:
        dlg.accept()
    assert said.args[0].startswith("Synced 1 layer to 1 photo") and "left alone: c.jpg" in said.args[0]
    assert w.sync_task is None and not w.sync_progress.isVisible()
    qtbot.waitUntil(lambda: w.filmstrip_model.index(1).data(LayersRole) == 2, timeout=30000)
    with qtbot.waitSignal(w.photo_opened, timeout=30000):
        w.step_photo(1)
    wait_preview(qtbot, w)
    assert [l.op for l in w.session.stack] == ["brightness", "contrast"]
    assert w.session.undo.undoText() == "Sync from a.jpg (1 layer)"
    w.undo()
    assert [l.op for l in w.session.stack] == ["brightness"]
    close(w)


def test_export_the_selected_photos_each_with_its_own_edits(qtbot, tmp_path) -> None:
    from PySide6.QtCore import QItemSelectionModel
    from PIL import Image

    folder = _folder(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "b-edited.jpg").write_bytes(b"kept")
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, folder / "a.jpg")
    w.session.add_layers([Layer.new("crop", left=50.0)], "crop")  # not saved yet: the export saves it first
    sel = w.filmstrip.selectionModel()
    for r in (1, 2):
        sel.select(w.filmstrip_model.index(r), QItemSelectionModel.SelectionFlag.Select)
    paths = w.filmstrip.selected_paths()
    assert paths == [str(folder / n) for n in ("a.jpg", "b.jpg", "c.jpg")]
    with qtbot.waitSignal(w.export_finished, timeout=60000):
        w.export_selected(paths, str(out), quality=90, long_side=256)
    said = w.notice.text()
    assert said.startswith("1 of 3 photos exported") and "b.jpg (b-edited.jpg exists)" in said and "c.jpg (" in said
    assert Image.open(out / "a-edited.jpg").size == (128, 256)  # a's crop, fitted to 256
    assert (out / "b-edited.jpg").read_bytes() == b"kept"  # never replaced without asking
    with qtbot.waitSignal(w.export_finished, timeout=60000):
        w.export_selected([str(folder / "b.jpg")], str(out), long_side=100, overwrite=True)
    b = np.asarray(Image.open(out / "b-edited.jpg"))
    plain = np.asarray(Image.open(SAMPLE).resize((100, 100)))
    assert b.shape == (100, 100, 3) and b.mean() > plain.mean() + 20  # b's own edit: brighter
    assert w.export_task is None and not w.export_progress.isVisible()
    web = tmp_path / "web"
    web.mkdir()
    with qtbot.waitSignal(w.export_finished, timeout=60000):
        w.export_selected([str(folder / "a.jpg")], str(web), long_side=64, fmt="png", suffix="")
    assert Image.open(web / "a.png").format == "PNG"
    from ldie_desktop.ui.main_window import ExportDialog

    dlg = ExportDialog(w, 90, many=True, fmt="webp", suffix="-web")
    assert [dlg.format.itemText(i) for i in range(dlg.format.count())][:2] == ["Same as each photo", "JPEG"]
    assert dlg.format.currentData() == "webp" and dlg.suffix.text() == "-web"
    assert ExportDialog(w, 90).format.count() == 0  # one photo: its format is the file name's
    dlg.deleteLater()
    close(w)


def test_said_in_words_next_photo_and_do_the_same_to_the_others(qtbot, tmp_path) -> None:
    from ldie_desktop.ui.presets import ChooseLayersDialog

    folder = _folder(tmp_path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, folder / "a.jpg")
    with qtbot.waitSignal(w.photo_opened, timeout=30000):
        w.submit_request("go to the next photo")
    wait_preview(qtbot, w)
    assert w.session.path == folder / "b.jpg" and w.request.text() == ""
    with qtbot.waitSignal(w.plan_finished, timeout=30000):
        w.submit_request("do the same to the other photos")
    dlg = next(d for d in w.findChildren(ChooseLayersDialog) if d.isVisible())
    assert dlg.windowTitle() == "Sync edits to 2 photos"  # a and c: every other photo of the folder
    with qtbot.waitSignal(w.notified, timeout=30000) as said:
        dlg.accept()
    assert said.args[0].startswith("Synced 1 layer to 1 photo") and "c.jpg" in said.args[0]
    assert [l.op for l in sidecar.load(sidecar_path(folder / "a.jpg"))] == ["brightness"]
    close(w)


# ------------------------------------------------------------------ ratings and flags
def test_marks_are_kept_in_the_folder_and_a_broken_file_is_set_aside(tmp_path) -> None:
    from ldie_desktop.document.marks import Marks, MarksError, load_marks, marks_path, save_marks

    assert load_marks(tmp_path) == Marks()
    m = Marks()
    m.set_rating("a.jpg", 4)
    m.set_flag("b.jpg", "reject")
    m.set_flag("a.jpg", "pick")
    save_marks(tmp_path, m)
    again = load_marks(tmp_path)
    assert again.rating("a.jpg") == 4 and again.flag("a.jpg") == "pick" and again.flag("b.jpg") == "reject"
    assert [n for n in ("a.jpg", "b.jpg", "c.jpg") if again.shows(n, "unrejected")] == ["a.jpg", "c.jpg"]
    assert [n for n in ("a.jpg", "b.jpg") if again.shows(n, "3")] == ["a.jpg"]
    again.set_rating("a.jpg", 0)
    assert "a.jpg" not in again.ratings
    with pytest.raises(ValueError):
        again.set_rating("a.jpg", 6)
    marks_path(tmp_path).write_text("{ not json")
    with pytest.raises(MarksError, match=".ldie-marks.json"):
        load_marks(tmp_path)
    save_marks(tmp_path, m)  # the unreadable one is kept aside, not lost
    assert (tmp_path / ".ldie-marks.json.unreadable").read_text() == "{ not json"
    assert load_marks(tmp_path).rating("a.jpg") == 4


def test_rate_flag_and_filter_the_folder(qtbot, tmp_path) -> None:
    from PySide6.QtCore import QItemSelectionModel

    from ldie_desktop.document.marks import load_marks
    from ldie_desktop.ui.filmstrip import FlagRole, RatingRole

    folder = _folder(tmp_path)
    shutil.copy(SAMPLE, folder / "d.jpg")
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, folder / "a.jpg")
    w.act_rate[3].trigger()  # "3": the open photo
    sel = w.filmstrip.selectionModel()
    sel.select(w.filmstrip_model.index(3), QItemSelectionModel.SelectionFlag.Select)  # and d
    w.act_pick.trigger()
    m = w.filmstrip_model
    assert [m.index(r).data(RatingRole) for r in range(4)] == [3, 0, 0, 0]
    assert [m.index(r).data(FlagRole) for r in range(4)] == ["pick", "", "", "pick"]
    assert load_marks(folder).rating("a.jpg") == 3 and load_marks(folder).flag("d.jpg") == "pick"  # saved at once
    assert "3 stars picked" in m.index(0).data(Qt.ItemDataRole.ToolTipRole)
    w.set_strip_filter("picked")
    assert [m.index(r).data() for r in range(m.rowCount())] == ["a.jpg", "d.jpg"] and w.strip_count.text() == "2 of 4 photos"
    with qtbot.waitSignal(w.photo_opened, timeout=30000):
        w.act_next_photo.trigger()  # b and c are not shown: d is next
    wait_preview(qtbot, w)
    assert w.session.path == folder / "d.jpg"
    with qtbot.waitSignal(w.plan_finished, timeout=30000):
        w.submit_request("reject it")  # said in words
    assert load_marks(folder).flag("d.jpg") == "reject" and m.rowCount() == 1  # no longer picked: gone from the view
    w.set_strip_filter("all")
    with qtbot.waitSignal(w.plan_finished, timeout=30000):
        w.submit_request("give it 5 stars")
    assert load_marks(folder).rating("d.jpg") == 5 and m.index(3).data(RatingRole) == 5
    assert w.strip_filter.currentText() == "All photos" and m.rowCount() == 4
    close(w)
    w2 = make_window(qtbot, tmp_path / "again")  # kept with the folder
    open_photo(qtbot, w2, folder / "b.jpg")
    assert w2.filmstrip_model.index(0).data(RatingRole) == 3
    close(w2)


def test_a_request_for_all_the_photos_is_done_here_then_offered_to_the_others(qtbot, tmp_path) -> None:
    from ldie_desktop.ui.presets import ChooseLayersDialog

    folder = _folder(tmp_path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, folder / "a.jpg")
    w.session.add_layers([Layer.new("contrast", amount=0.2)], "an edit of a's own")
    with qtbot.waitSignal(w.plan_finished, timeout=30000):
        w.submit_request("brighten all the photos")
    assert [l.op for l in w.session.stack] == ["contrast", "brightness"]
    assert w.session.undo.undoText() == '"brighten all the photos"'
    dlg = next(d for d in w.findChildren(ChooseLayersDialog) if d.isVisible())
    assert dlg.windowTitle() == "Sync edits to 2 photos" and dlg.list.count() == 1  # the new layer only
    with qtbot.waitSignal(w.notified, timeout=30000) as said:
        dlg.accept()
    assert said.args[0].startswith("Synced 1 layer to 1 photo")
    assert [(l.op, l.params["amount"]) for l in sidecar.load(sidecar_path(folder / "b.jpg"))] == \
        [("brightness", 0.5), ("brightness", 0.3)]
    close(w)


def test_the_arrow_keys_in_the_strip_open_the_neighbouring_photo(qtbot, tmp_path) -> None:
    folder = _folder(tmp_path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, folder / "b.jpg")
    w.filmstrip.setFocus()
    with qtbot.waitSignal(w.photo_opened, timeout=30000):
        qtbot.keyClick(w.filmstrip, Qt.Key.Key_Left)
    wait_preview(qtbot, w)
    assert w.session.path == folder / "a.jpg"
    qtbot.keyClick(w.filmstrip, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # extends the selection only
    assert w.filmstrip.selected_paths() == [str(folder / "a.jpg"), str(folder / "b.jpg")]
    assert w.session.path == folder / "a.jpg"
    close(w)


def test_a_folder_of_camera_files_opens_edits_and_exports(qtbot, tmp_path) -> None:
    """A raw and an iPhone HEIC side by side: both get thumbnails, both open (the raw at 16
    bits), an edit of the raw exports as a JPEG with the camera's metadata."""
    from PIL import Image

    from ldie_desktop.io import export_suffix
    from ldie_desktop.ui.filmstrip import ErrorRole

    fixtures = SAMPLE.parent.parent / "tests" / "fixtures" / "formats"
    folder = tmp_path / "camera"
    folder.mkdir()
    shutil.copy(fixtures / "scene.dng", folder / "IMG_0001.DNG")
    shutil.copy(fixtures / "scene.heic", folder / "IMG_0002.HEIC")
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, folder / "IMG_0001.DNG")
    m = w.filmstrip_model
    assert [m.index(r).data() for r in range(m.rowCount())] == ["IMG_0001.DNG", "IMG_0002.HEIC"]
    _thumbs_made(qtbot, w, range(2))
    assert not m.index(0).data(ErrorRole) and not m.index(1).data(ErrorRole)
    # the selected (open) photo's thumbnail is drawn in its own colours, not tinted by the selection
    assert w.filmstrip.selected_paths() == [str(folder / "IMG_0001.DNG")]
    thumb = m.index(0).data(Qt.ItemDataRole.DecorationRole).toImage()
    red = thumb.pixelColor(thumb.width() // 3, thumb.height() // 8)  # the red bar
    drawn = w.filmstrip.viewport().grab(w.filmstrip.visualRect(m.index(0))).toImage()
    colours = {(drawn.pixelColor(x, y).red(), drawn.pixelColor(x, y).green(), drawn.pixelColor(x, y).blue())
               for x in range(drawn.width()) for y in range(drawn.height())}
    assert any(max(abs(c[0] - red.red()), abs(c[1] - red.green()), abs(c[2] - red.blue())) <= 3 for c in colours)
    assert w.session.photo.bit_depth == 16 and w.size_label.text().startswith("64 x 96")
    w.session.add_layers([Layer.new("exposure", stops=0.5)], "brighter")
    wait_preview(qtbot, w)
    out = tmp_path / f"IMG_0001-edited{export_suffix(w.session.path)}"
    with qtbot.waitSignal(w.export_finished, timeout=60000):
        w.export(str(out))
    assert out.suffix == ".jpg" and Image.open(out).size == (64, 96)
    assert Image.open(out).getexif()[272] == "Synthetic RGGB"
    with qtbot.waitSignal(w.photo_opened, timeout=30000):
        w.step_photo(1)
    assert w.session.path.name == "IMG_0002.HEIC" and w.session.photo.format == "HEIF"
    close(w)


def test_the_window_offers_every_format_the_reader_reads() -> None:
    from ldie_desktop.io import READ_SUFFIXES
    from ldie_desktop.ui.main_window import PHOTO_FILTER, PHOTO_SUFFIXES

    assert set(PHOTO_SUFFIXES) == set(READ_SUFFIXES)
    assert all(f"*{s}" in PHOTO_FILTER for s in READ_SUFFIXES)


def test_raw_and_jpeg_shot_together_are_one_photo(qtbot, tmp_path) -> None:
    """RAW+JPEG: the strip shows the raw once, named with its JPEG, as Lightroom does; the JPEG
    opened by itself still moves on to the next photo."""
    from ldie_desktop.ui.filmstrip import photos_in, raw_twins

    folder = tmp_path / "shoot"
    folder.mkdir()
    dng = SAMPLE.parent.parent / "tests" / "fixtures" / "formats" / "scene.dng"
    shutil.copy(dng, folder / "IMG_0001.DNG")
    shutil.copy(SAMPLE, folder / "IMG_0001.JPG")  # the camera's JPEG of it
    shutil.copy(SAMPLE, folder / "IMG_0002.jpg")
    shutil.copy(SAMPLE, folder / "other.jpg")
    assert [p.name for p in photos_in(folder)] == ["IMG_0001.DNG", "IMG_0002.jpg", "other.jpg"]
    assert len(photos_in(folder, pairs=False)) == 4
    assert raw_twins(photos_in(folder, pairs=False)) == {folder / "IMG_0001.DNG": folder / "IMG_0001.JPG"}
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, folder / "IMG_0002.jpg")
    m = w.filmstrip_model
    assert [m.index(r).data() for r in range(m.rowCount())] == ["IMG_0001.DNG + JPG", "IMG_0002.jpg", "other.jpg"]
    assert "RAW+JPEG" in m.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert m.neighbour(folder / "IMG_0001.JPG", 1) == str(folder / "IMG_0002.jpg")  # the JPEG stands in the raw's place
    close(w)
