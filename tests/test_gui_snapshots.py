"""Workflow: snapshots (Lightroom's): keep a version of the edits under a name, go on editing,
come back to it in one undo step; rename, update and delete them; they are saved with the photo."""

from __future__ import annotations

import pytest

from gui_support import close, make_window, open_photo, photo_copy, wait_preview
from ldie_desktop.document import Layer, sidecar
from ldie_desktop.document.sidecar import sidecar_path

pytestmark = pytest.mark.gui


def _ops(w) -> list[str]:
    return [l.op for l in w.session.stack]


def test_a_snapshot_brings_its_edits_back_and_is_saved(qtbot, tmp_path) -> None:
    path = photo_copy(tmp_path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, path)
    panel = w.snapshots_panel
    assert panel.list.count() == 0 and not panel.apply_button.isEnabled()
    w.session.add_layers([Layer.new("saturation", amount=0.4)], "colour")
    assert w.take_snapshot("Colour") == "Colour"
    w.session.add_layers([Layer.new("black_and_white", amount=1.0)], "bw")
    panel.new_button.click()  # a name of its own: the date and time
    assert panel.list.count() == 2 and panel.list.item(0).text() == "Colour"
    assert "1 layer" in panel.list.item(0).toolTip()
    steps = w.session.undo.count()
    panel.list.setCurrentRow(0)
    panel.apply_button.click()
    assert _ops(w) == ["saturation"] and w.session.undo.count() == steps + 1
    assert w.session.undo.undoText() == "Snapshot: Colour"
    w.undo()
    assert _ops(w) == ["saturation", "black_and_white"]  # one undo step back
    assert w.take_snapshot("Colour") == "Colour (2)"  # names stay apart
    panel.list.item(2).setText("Mono")  # renamed in place (F2)
    assert w.session.snapshots[2][0] == "Mono"
    panel.list.setCurrentRow(0)
    panel.update_button.click()  # "Colour" now holds the black and white too
    assert [l.op for l in w.session.snapshots[0][1]] == ["saturation", "black_and_white"]
    asked = []
    w.ask = lambda *a: asked.append(a[2]) or False  # "no": nothing is deleted
    panel.list.setCurrentRow(1)
    panel.delete_button.click()
    assert len(w.session.snapshots) == 3 and "Its edits are kept nowhere else" in asked[0]
    w.ask = lambda *a: True
    panel.delete_button.click()
    assert [n for n, _ in w.session.snapshots] == ["Colour", "Mono"]
    w.session.flush()
    w.session.save()
    _, history = sidecar.load_document(sidecar_path(path))
    assert [n for n, _ in history.snapshots] == ["Colour", "Mono"]
    close(w)
    again = make_window(qtbot, tmp_path)  # reopened: the snapshots are there
    open_photo(qtbot, again, path)
    assert [again.snapshots_panel.list.item(i).text() for i in range(2)] == ["Colour", "Mono"]
    again.apply_snapshot(1)
    wait_preview(qtbot, again)
    assert _ops(again) == ["saturation", "black_and_white"]
    close(again)


def test_snapshots_survive_a_sync_from_another_photo(tmp_path) -> None:
    """A sync adds a step to a photo's saved history: its snapshots stay."""
    import shutil

    from conftest import SAMPLE
    from ldie_desktop.document import EditStack
    from ldie_desktop.document.sidecar import History, add_to_saved, save

    photo = tmp_path / "a.jpg"
    shutil.copy(SAMPLE, photo)
    kept = [Layer.new("contrast", amount=0.2)]
    save(EditStack(kept), sidecar_path(photo), history=History(base=kept, snapshots=[("Before sync", kept)]))
    add_to_saved(photo, [Layer.new("vignette", amount=-0.5)], "Sync from b.jpg (1 layer)")
    stack, history = sidecar.load_document(sidecar_path(photo))
    assert [l.op for l in stack] == ["contrast", "vignette"] and history.snapshots[0][0] == "Before sync"


def test_a_malformed_snapshot_is_one_line(tmp_path) -> None:
    import json

    from ldie_desktop.document.sidecar import SidecarError, loads_document

    doc = {"format": "ldie-edits", "schema": 2, "layers": [], "masks": {},
           "history": {"index": 0, "base": [], "steps": [], "snapshots": [{"name": "", "layers": []}]}}
    with pytest.raises(SidecarError, match="snapshot 1 is malformed"):
        loads_document(json.dumps(doc))
    doc["history"]["snapshots"] = "no"
    with pytest.raises(SidecarError, match="snapshots is not a list"):
        loads_document(json.dumps(doc))


@pytest.mark.parametrize(("text", "expected"), [
    ("take a snapshot", ("take", "")), ("take a snapshot called Mono", ("take", "Mono")),
    ("save a snapshot named 'Before crop'", ("take", "Before crop")), ("snapshot this as Warm", ("take", "Warm")),
    ("make a new snapshot of these edits", ("take", "")),
    ("go back to the Colour snapshot", ("apply", "go back to the Colour snapshot")),
    ("brighten it", None), ("take a picture of the sky", None),
])
def test_snapshot_requests(text, expected) -> None:
    from ldie_desktop.model.intents import snapshot_request

    assert snapshot_request(text) == expected


def test_snapshots_said_in_words(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo_copy(tmp_path))
    w.submit_request("go back to my snapshot")
    assert "no snapshots yet" in w.notice.text()
    w.session.add_layers([Layer.new("saturation", amount=0.4)], "colour")
    w.submit_request("take a snapshot called Colour")
    assert [n for n, _ in w.session.snapshots] == ["Colour"] and w.request.text() == ""
    w.session.add_layers([Layer.new("black_and_white", amount=1.0)], "bw")
    w.submit_request("go back to the colour snapshot")
    assert _ops(w) == ["saturation"] and "Back to the snapshot" in w.notice.text()
    w.submit_request("restore the snapshot Mono")
    assert "there are: Colour" in w.notice.text()
    close(w)


def test_the_planner_points_snapshots_to_the_app(real_planner) -> None:
    plan = real_planner.plan("take a snapshot called Mono")
    assert plan.layers == [] and "Snapshots work in the app" in plan.message


def test_export_every_snapshot_as_a_file(qtbot, tmp_path) -> None:
    """Export all: the photo once for each snapshot, named after it (Lightroom's virtual copies
    exported together); a file there already is left unless replacing is asked."""
    import numpy as np
    from PIL import Image

    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo_copy(tmp_path))
    w.session.add_layers([Layer.new("saturation", amount=0.6)], "colour")
    w.take_snapshot("Colour")
    w.session.add_layers([Layer.new("black_and_white", amount=1.0)], "bw")
    w.take_snapshot("Black and white")
    out = tmp_path / "out"
    out.mkdir()
    (out / "photo-Colour.jpg").write_bytes(b"keep me")
    with qtbot.waitSignal(w.export_finished, timeout=60000):
        w.export_snapshots(str(out), 90, 256, watermark="(c) test")
    assert (out / "photo-Colour.jpg").read_bytes() == b"keep me"  # not replaced without asking
    mono = np.asarray(Image.open(out / "photo-Black-and-white.jpg"), np.int16)
    assert mono.shape == (256, 256, 3) and np.abs(mono[..., 0] - mono[..., 2]).mean() < 3  # grey, resized
    assert "1 of 2 snapshots exported" in w.notice.text() and "photo-Colour.jpg exists" in w.notice.text()
    with qtbot.waitSignal(w.export_finished, timeout=60000):
        w.export_snapshots(str(out), 90, None, overwrite=True)
    colour = np.asarray(Image.open(out / "photo-Colour.jpg"), np.int16)
    assert colour.shape == (512, 512, 3) and np.abs(colour[..., 0] - colour[..., 2]).mean() > 10
    assert "2 of 2 snapshots exported" in w.notice.text()
    close(w)
