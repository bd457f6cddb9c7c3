"""Workflow: open a photo by drop, by argument and from recent files; a corrupt file gets a message."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from gui_support import close, make_window, open_photo, photo_copy, wait_preview

pytestmark = pytest.mark.gui


def test_window_comes_up_with_the_request_box_focused(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    qtbot.waitUntil(lambda: w.request.hasFocus() or not w.isActiveWindow(), timeout=3000)
    assert w.focusWidget() is w.request
    assert w.device_label.text() in ("device: CPU", "device: CUDA")
    close(w)


def test_open_by_drop(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    path = photo_copy(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    w.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(w.photo_opened, timeout=30000):
        w.dropEvent(drop)
    wait_preview(qtbot, w)
    assert w.session.path == path and w.size_label.text().startswith("512 x 512")
    assert w.canvas.after is not None and w.canvas.after.width() == 512
    close(w)


def test_open_before_the_core_is_loaded_shows_it_then_opens_it(qtbot, tmp_path) -> None:
    from PySide6.QtCore import QSettings

    from ldie_desktop.ui.main_window import MainWindow

    w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.show()
    path = photo_copy(tmp_path)
    w.open_photo(str(path))  # the command-line argument path: before torch has loaded
    assert w.canvas.after is not None and w.session is None
    with qtbot.waitSignal(w.photo_opened, timeout=60000):
        w.start_loading(load_planner=False)
    assert w.session.path == path
    close(w)


def test_recent_files(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    a, b = photo_copy(tmp_path, "a.jpg"), photo_copy(tmp_path, "b.jpg")
    open_photo(qtbot, w, a)
    open_photo(qtbot, w, b)
    names = [act.text() for act in w.recent_menu.actions()]
    assert names[:2] == ["b.jpg", "a.jpg"]
    with qtbot.waitSignal(w.photo_opened, timeout=30000):
        w.recent_menu.actions()[1].trigger()
    assert w.session.path == a
    close(w)


@pytest.mark.parametrize("content", [b"", b"this is not a photo", None])
def test_corrupt_file_gives_a_message_and_keeps_the_open_photo(qtbot, tmp_path, content) -> None:
    w = make_window(qtbot, tmp_path)
    good = photo_copy(tmp_path)
    open_photo(qtbot, w, good)
    bad = tmp_path / "bad.jpg"
    if content is None:  # a truncated JPEG
        bad.write_bytes(good.read_bytes()[:3000])
    else:
        bad.write_bytes(content)
    with qtbot.waitSignal(w.notified, timeout=30000) as blocker:
        w.open_photo(str(bad))
    message = blocker.args[0]
    assert "bad.jpg" in message and "\n" not in message
    assert w.notice.isVisible() and w.session.path == good
    close(w)


def test_the_window_module_loads_without_torch() -> None:
    """The window shows before the core loads: importing and showing it must not pull in torch
    (3.5 s of the first paint once, through a panel importing render/; 2 s once, through the
    Presets menu reading the presets as the window was built)."""
    import subprocess
    import sys

    code = ("import sys, os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'; import ldie_desktop.ui.main_window as m; "
            "from PySide6.QtWidgets import QApplication; app = QApplication([]); w = m.MainWindow(); w.show(); "
            "app.processEvents(); "  # the window built and shown (its menus too), the core not loaded yet
            "bad = [m for m in ('torch', 'cv2', 'numba') if m in sys.modules]; w.close(); assert not bad, bad")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr.splitlines()[-1:]


def test_a_photo_with_a_wide_gamut_profile_is_shown_through_it(qtbot, tmp_path) -> None:
    """An iPhone-style Display P3 photo: the preview and before view show its colours as an sRGB
    screen should (deeper than the numbers read as sRGB); the export keeps its numbers and profile."""
    import numpy as np
    from PIL import Image
    from PySide6.QtGui import QColorSpace

    from gui_support import canvas_pixels
    from ldie_desktop.io import read_photo

    p3 = bytes(QColorSpace(QColorSpace.NamedColorSpace.DisplayP3).iccProfile().data())
    path = tmp_path / "p3.png"
    pixels = np.zeros((60, 80, 3), np.uint8)
    pixels[...] = (200, 40, 40)
    Image.fromarray(pixels).save(path, icc_profile=p3)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, path)
    shown = canvas_pixels(w)[30, 40].astype(int)
    assert shown[0] > 205 and shown[1] < 35
    before = w.session.before_image.pixelColor(40, 30)
    assert (before.red(), before.green()) == tuple(shown[:2])
    assert w.session.histogram.counts[0].argmax() == 200  # the histogram reads the photo's own numbers
    out = tmp_path / "out.png"
    with qtbot.waitSignal(w.export_finished, timeout=30000):
        w.export(str(out))
    back = read_photo(out)
    assert tuple(back.rgb[30, 40]) == (200, 40, 40) and back.icc == p3
    # Export's "Convert to sRGB (for the web)": remembered, and the file gets what the screen showed
    from ldie_desktop.render.display import SRGB_ICC
    from ldie_desktop.ui.main_window import ExportDialog

    assert ExportDialog(w, 90, srgb=True).srgb_box.isChecked() and not ExportDialog(w, 90).srgb_box.isChecked()
    web = tmp_path / "web.jpg"
    with qtbot.waitSignal(w.export_finished, timeout=30000):
        w.export(str(web), quality=95, srgb=True)
    sent = read_photo(web)
    assert sent.icc == SRGB_ICC and np.abs(sent.rgb[30, 40].astype(int) - shown).max() <= 3
    close(w)


def _slow_reads(monkeypatch, slow_name: str):
    """read_photo held on ``slow_name`` until the returned event is set (a raw's seconds of
    decoding, made long enough to act during)."""
    import threading

    from ldie_desktop.ui import session as session_mod

    gate, real = threading.Event(), session_mod.read_photo

    def read(path):  # noqa: ANN001, ANN202
        if str(path).endswith(slow_name):
            assert gate.wait(30)
        return real(path)

    monkeypatch.setattr(session_mod, "read_photo", read)
    return gate


def test_a_photo_asked_for_later_wins_over_a_slow_one_still_being_read(qtbot, tmp_path, monkeypatch) -> None:
    """Stepping on through the strip past a slow raw: the last photo asked for is the one shown,
    not whichever finished reading last."""
    gate = _slow_reads(monkeypatch, "slow.jpg")
    w = make_window(qtbot, tmp_path)
    slow, quick = photo_copy(tmp_path, "slow.jpg"), photo_copy(tmp_path, "quick.jpg")
    w.open_photo(str(slow))
    assert w.open_progress.isVisible() and w.cancel_open_button.isVisible()
    open_photo(qtbot, w, quick)
    gate.set()
    qtbot.waitUntil(lambda: all(not t.isRunning() for t in list(w.tasks)), timeout=30000)
    qtbot.wait(50)
    assert w.session.path == quick and w.windowTitle().startswith("quick.jpg")
    assert not w.open_progress.isVisible() and not w.cancel_open_button.isVisible()
    close(w)


def test_cancel_opening_keeps_the_open_photo(qtbot, tmp_path, monkeypatch) -> None:
    gate = _slow_reads(monkeypatch, "slow.jpg")
    w = make_window(qtbot, tmp_path)
    first = photo_copy(tmp_path, "first.jpg")
    open_photo(qtbot, w, first)
    w.open_photo(str(photo_copy(tmp_path, "slow.jpg")))
    assert w.cancel_open_button.isVisible()
    w.cancel_open_button.click()
    assert not w.cancel_open_button.isVisible() and not w.open_progress.isVisible()
    gate.set()
    qtbot.waitUntil(lambda: all(not t.isRunning() for t in list(w.tasks)), timeout=30000)
    qtbot.wait(50)
    assert w.session.path == first and "Stopped opening slow.jpg" in w.statusBar().currentMessage()
    close(w)
