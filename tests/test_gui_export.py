"""Workflow: export at full size with metadata, on a worker with progress; cancel it."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from gui_support import close, make_window, open_photo
from ldie_desktop.document import Layer
from ldie_desktop.io import read_photo

pytestmark = pytest.mark.gui


@pytest.fixture
def big_photo(tmp_path, sample_rgb):
    import cv2

    path = tmp_path / "big.jpg"
    exif = Image.Exif()
    exif[0x010F] = "LDIE camera"
    Image.fromarray(cv2.resize(sample_rgb, (3000, 2000))).save(path, exif=exif.tobytes(), quality=90)
    return path


def test_export_full_size_with_metadata(qtbot, tmp_path, big_photo) -> None:
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, big_photo)
    assert w.session.proxy.rgb.shape[1] <= 2048  # the preview works on a proxy ...
    w.session.add_layers([Layer.new("exposure", stops=0.5), Layer.new("sharpness", amount=0.4)], "edit")
    out = tmp_path / "out.jpg"
    with qtbot.waitSignal(w.export_finished, timeout=60000) as blocker:
        w.export(str(out), quality=90)
    assert blocker.args[0] == str(out)
    res = Image.open(out)
    assert res.size == (3000, 2000)  # ... the export is full size
    assert res.getexif()[0x010F] == "LDIE camera"
    assert np.asarray(res).mean() > np.asarray(Image.open(big_photo)).mean() + 5
    close(w)


def test_export_refuses_the_original_and_can_be_cancelled(qtbot, tmp_path, big_photo) -> None:
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, big_photo)
    original = big_photo.read_bytes()
    assert w.export(str(big_photo)) is None and "original photo" in w.notice.text()
    w.session.add_layers([Layer.new("blur", radius=2.0), Layer.new("denoise", strength=1.0)], "slow edit")
    out = tmp_path / "out.png"
    out.write_bytes(b"earlier export")
    with qtbot.waitSignal(w.export_finished, timeout=60000) as blocker:
        task = w.export(str(out))
        assert w.cancel_export_button.isVisible()
        w.cancel_export()
    assert blocker.args[0] == "" and "cancelled" in w.notice.text()
    assert out.read_bytes() == b"earlier export" and big_photo.read_bytes() == original
    assert not task.isRunning() or task.wait(5000)
    assert read_photo(big_photo).size == (2000, 3000)
    close(w)


def test_zoomed_in_view_shows_real_photo_pixels(qtbot, tmp_path, big_photo) -> None:
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, big_photo)
    w.session.add_layers([Layer.new("sharpness", amount=1.0)], "sharpen")
    with qtbot.waitSignal(w.session.detail_ready, timeout=30000) as blocker:
        w.canvas.actual_size()  # 100 %: the 2048 px proxy of a 3000 px photo would be magnified
    image, rect = blocker.args
    x, y, width, height = rect
    assert (image.width(), image.height()) == (width, height)  # one image pixel per photo pixel
    assert width <= 3000 and height <= 2000 and w.canvas.detail is not None
    w.canvas.fit()
    qtbot.waitUntil(lambda: w.canvas.detail is None, timeout=5000)
    close(w)


def test_export_resized_to_fit_keeps_the_metadata(qtbot, tmp_path, big_photo) -> None:
    from ldie_desktop.ui.main_window import ExportDialog

    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, big_photo)
    w.session.add_layers([Layer.new("crop", bottom=25.0)], "crop")
    assert w.session.output_size().width() == 3000 and w.session.output_size().height() == 1500
    w.undo()
    dlg = ExportDialog(w, 90, resize=False, long_side=600, size=w.session.output_size())
    assert dlg.chosen_long_side() is None and dlg.size_note.text() == "3000 x 2000 px"
    dlg.resize_box.setChecked(True)
    assert dlg.chosen_long_side() == 600 and dlg.size_note.text() == "600 x 400 px"
    dlg.close()
    out = tmp_path / "web.jpg"
    with qtbot.waitSignal(w.export_finished, timeout=60000) as blocker:
        w.export(str(out), quality=90, long_side=dlg.chosen_long_side())
    assert blocker.args[0] == str(out)
    res = Image.open(out)
    assert res.size == (600, 400) and res.getexif()[0x010F] == "LDIE camera"
    close(w)


def test_export_dialog_can_leave_the_location_out(qtbot, tmp_path, big_photo, monkeypatch) -> None:
    """Export's Metadata "All but location": the GPS block stays home, the camera goes along; the
    choice is remembered for the next export."""
    from PySide6.QtWidgets import QDialog, QFileDialog

    from ldie_desktop.ui.main_window import ExportDialog

    located = tmp_path / "located.jpg"
    exif = Image.open(big_photo).getexif()
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 12.5)})
    Image.open(big_photo).save(located, exif=exif.tobytes(), quality=90)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, located)
    out = tmp_path / "share.jpg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))

    def choose(dlg) -> int:  # the user picks "All but location" and presses OK
        dlg.metadata.setCurrentIndex(dlg.metadata.findData("no_location"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", choose)
    with qtbot.waitSignal(w.export_finished, timeout=60000):
        w.export_dialog()
    res = Image.open(out).getexif()
    assert res[0x010F] == "LDIE camera" and not res.get_ifd(0x8825)
    assert w.settings.value("metadata") == "no_location"
    seen = []
    monkeypatch.setattr(ExportDialog, "exec", lambda dlg: seen.append(dlg.metadata.currentData()) or 0)
    w.export_dialog()  # the next export starts from the choice made
    assert seen == ["no_location"]
    close(w)


def test_export_dialog_offers_sharpening_and_a_watermark(qtbot, tmp_path, big_photo) -> None:
    from ldie_desktop.ui.main_window import ExportDialog

    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, big_photo)
    dlg = ExportDialog(w, 90, sharpen="low", watermark="(c) me", watermark_place="top left")
    assert dlg.output() == {"srgb": False, "metadata": "all", "sharpen": "low", "watermark": "(c) me",
                            "watermark_place": "top left", "artist": "", "copyright": ""}
    dlg.sharpen.setCurrentIndex(dlg.sharpen.findData("high"))
    dlg.close()
    w._keep_output_settings(dlg.output())
    assert w._output_settings()["sharpen"] == "high" and w._output_settings()["watermark"] == "(c) me"
    w.settings.setValue("sharpen", "bogus")  # a settings file edited by hand: the default
    assert w._output_settings()["sharpen"] == "none"
    out = tmp_path / "marked.jpg"
    with qtbot.waitSignal(w.export_finished, timeout=60000):
        w.export(str(out), 90, 600, **dlg.output())
    shot = np.asarray(Image.open(out), np.int16)
    assert shot.shape == (400, 600, 3) and shot[:30, :200].max() > 230  # its text (70 % white), top left
    close(w)


def test_a_display_profile_changes_what_is_shown_not_the_photo(qtbot, tmp_path) -> None:
    """View > Display profile: with a wide-gamut screen's profile the preview shows the photo's
    colours converted to it (remembered for the next start); sRGB brings it back; a file that
    is not a profile is one line and changes nothing."""
    from PySide6.QtGui import QColorSpace

    from gui_support import canvas_pixels, photo_copy, wait_preview
    from ldie_desktop.render.display import screen_profile

    p3 = tmp_path / "screen.icc"
    p3.write_bytes(bytes(QColorSpace(QColorSpace.NamedColorSpace.DisplayP3).iccProfile().data()))
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo_copy(tmp_path))
    before = canvas_pixels(w).astype(int)
    try:
        assert w.set_screen_profile(str(p3)) and w.act_screen_file.isChecked()
        wait_preview(qtbot, w)
        shown = canvas_pixels(w).astype(int)
        assert np.abs(shown - before).max() > 10  # the orange suit, in P3's numbers
        assert w.settings.value("screen_profile") == str(p3)
        bad = tmp_path / "bad.icc"
        bad.write_bytes(b"no profile" * 30)
        assert not w.set_screen_profile(str(bad)) and "not a colour profile" in w.notice.text()
        assert screen_profile() is not None and w.act_screen_file.isChecked()  # still the P3 screen
        assert w.set_screen_profile(None) and w.act_screen_srgb.isChecked() and screen_profile() is None
        wait_preview(qtbot, w)
        assert np.abs(canvas_pixels(w).astype(int) - before).max() <= 1
    finally:
        w.set_screen_profile(None)
        close(w)


def test_a_request_for_a_size_opens_export_filled_in(qtbot, tmp_path, monkeypatch) -> None:
    """"resize it to 300 pixels wide" opens Export with Resize to fit at the long side that gives
    that width (a portrait photo: its height), and the file name of the format asked; "brighten
    it and make the file smaller for email" adds the layer, then opens Export at quality 80."""
    from PySide6.QtWidgets import QDialog, QFileDialog

    from ldie_desktop.ui.main_window import ExportDialog

    portrait = tmp_path / "tall.jpg"
    Image.fromarray(np.full((600, 400, 3), 120, np.uint8)).save(portrait)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, portrait)
    names, seen = [], []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _w, _t, name, _f: names.append(name) or ("", ""))
    with qtbot.waitSignal(w.plan_finished, timeout=30000):
        w.submit_request("resize it to 300 pixels wide and save it as a png")
    assert names and names[-1].endswith("tall-edited.png") and not len(w.session.stack)
    out = tmp_path / "small.jpg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))

    def look(dlg) -> int:
        seen.append((dlg.resize_box.isChecked(), dlg.long_side.value(), dlg.quality.value()))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", look)
    with qtbot.waitSignal(w.export_finished, timeout=60000):
        with qtbot.waitSignal(w.plan_finished, timeout=30000):
            w.submit_request("resize it to 300 pixels wide")
    assert seen[-1][:2] == (True, 450) and Image.open(out).size == (300, 450)
    with qtbot.waitSignal(w.export_finished, timeout=60000):
        with qtbot.waitSignal(w.plan_finished, timeout=30000):
            w.submit_request("make it brighter and make the file smaller for email")
    assert seen[-1] == (True, 2048, 80) and [l.op for l in w.session.stack] == ["brightness"]
    close(w)
