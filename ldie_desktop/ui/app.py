"""``ldie-desktop [PHOTO]``: the desktop app."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from .main_window import MainWindow


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="ldie-desktop", description="Edit a photo by saying what you want.")
    parser.add_argument("photo", nargs="?", help="a photo to open")
    parser.add_argument("--no-model", action="store_true", help="do not load the language model (edit by hand)")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName("LDIE")
    app.setApplicationName("LDIE Desktop")
    window = MainWindow()
    window.show()
    # the window is up first; torch, the kernels and the model load behind it
    QTimer.singleShot(0, lambda: window.start_loading(load_planner=not args.no_model))
    if args.photo:
        QTimer.singleShot(0, lambda: window.open_photo(args.photo))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
