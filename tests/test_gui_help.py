"""The Help menu: what to ask, every shortcut, the About box with versions and model licences."""

from __future__ import annotations

import pytest

from gui_support import close, make_window

pytestmark = pytest.mark.gui


def test_help_menu(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    try:
        titles = [a.text().replace("&", "") for a in w.menuBar().actions()]
        assert titles[-1] == "Help"
        w.show_help()
        assert w.notice.isVisibleTo(w) and "brighten it a little" in w.notice.text()
        rows = dict((what, keys) for keys, what in w.shortcut_rows())
        # every menu shortcut is listed, from the actions themselves
        assert rows["Crop"] == "C" and rows["Copy edits"] == "Ctrl+Shift+C" and rows["Export"] == "Ctrl+E"
        assert rows["Before/after split"] == "Y" and "Undo" in rows
        dlg = w.show_shortcuts()
        assert dlg.isVisible()
        dlg.close()
        about = w.about_text()
        assert "LDIE Desktop 0.1.0" in about and "Apache-2.0" in about and "torch" in about
    finally:
        close(w)
