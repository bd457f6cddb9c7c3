"""Workflow: Photo > Merge to panorama / HDR on the photos selected in the filmstrip: merged on a
worker, written next to them and opened; what cannot be merged is one line."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QItemSelectionModel

from conftest import SAMPLE
from gui_support import close, make_window, open_photo
from ldie_desktop.io import write_photo

pytestmark = pytest.mark.gui


def _select_all(w) -> None:
    sel = w.filmstrip.selectionModel()
    for r in range(w.filmstrip_model.rowCount()):
        sel.select(w.filmstrip_model.index(r), QItemSelectionModel.SelectionFlag.Select)


def _trip(tmp_path):
    """A folder of three overlapping photos of one wide scene (the sample, widened)."""
    folder = tmp_path / "trip"
    folder.mkdir()
    wide = cv2.resize(np.asarray(Image.open(SAMPLE).convert("RGB")), (1200, 800), interpolation=cv2.INTER_CUBIC)
    for i, x in enumerate((0, 350, 700)):
        write_photo(folder / f"IMG_{i + 1}.png", wide[:, x:x + 500])
    return folder


def test_merge_to_panorama_writes_and_opens_it(qtbot, tmp_path) -> None:
    folder = _trip(tmp_path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, folder / "IMG_1.png")
    w.merge_selected("panorama")  # only the open photo selected
    assert "Select the photos" in w.notice.text() and w.export_task is None
    _select_all(w)
    with qtbot.waitSignal(w.merge_finished, timeout=60000) as done:
        assert w.merge_selected("panorama") is not None and w.cancel_export_button.text() == "Cancel merge"
    out = folder / "IMG_1-Pano.tif"
    assert done.args[0] == str(out) and out.exists()
    qtbot.waitUntil(lambda: w.session.path == out, timeout=30000)  # opened, to edit like any photo
    assert w.session.full_size.width() > 1000
    qtbot.waitUntil(lambda: w.filmstrip_model.row_of(out) >= 0, timeout=10000)  # and in the strip
    close(w)


def test_an_hdr_of_photos_of_different_sizes_is_refused(qtbot, tmp_path) -> None:
    folder = tmp_path / "bracket"
    folder.mkdir()
    write_photo(folder / "a.png", np.full((60, 80, 3), 40, np.uint8))
    write_photo(folder / "b.png", np.full((80, 60, 3), 200, np.uint8))
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, folder / "a.png")
    _select_all(w)
    with qtbot.waitSignal(w.merge_finished, timeout=60000) as done:
        w.merge_selected("hdr")
    assert done.args[0] == "" and "same size" in w.notice.text() and not list(folder.glob("*-HDR*"))
    assert w.session.path == folder / "a.png" and w.export_task is None
    close(w)


@pytest.mark.parametrize(("text", "kind"), [
    ("stitch these into a panorama", "panorama"), ("merge the bracketed shots into an HDR", "hdr"),
    ("make a panorama from the selected photos", "panorama"), ("blend these exposures", "hdr"),
    ("make it look like HDR", None), ("give it an HDR look", None), ("crop it to a panorama", None),
    ("brighten it", None), ("a panoramic crop", None),
])
def test_merge_requests(text, kind) -> None:
    from ldie_desktop.model.intents import merge_request

    assert merge_request(text) == kind


def test_a_merge_said_in_words(qtbot, tmp_path) -> None:
    folder = _trip(tmp_path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, folder / "IMG_1.png")
    _select_all(w)
    with qtbot.waitSignal(w.merge_finished, timeout=60000) as done:
        w.submit_request("stitch these into a panorama")
    assert done.args[0].endswith("IMG_1-Pano.tif")
    close(w)
