"""Shared pieces of the GUI workflow tests: a window whose core is loaded, and a small fake
planner (the GUI's job is turning a plan into layers; the real model has its own tests)."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSettings

from conftest import SAMPLE
from ldie_desktop.document import Layer, Mask
from ldie_desktop.model.intents import COMMAND_MESSAGES, export_request, follow_up_factor, non_edit, replaces_last
from ldie_desktop.model.plan import Plan, Region


class FakePlanner:
    """Keyword rules standing in for the model; ``slow`` makes it wait until cancelled."""

    def __init__(self, slow: bool = False) -> None:
        self.slow = slow
        self.started = threading.Event()

    def plan(self, request: str, image: np.ndarray | None = None, cancel=None, step=None, exif=None) -> Plan:
        self.started.set()
        if self.slow:
            if step is not None:
                step(f"Looking closer for '{request}'…")
            while not (cancel and cancel()):
                time.sleep(0.01)
            return Plan(request)
        r = request.lower()
        kind = non_edit(request)  # the real reading of "undo that", as the planner does it
        if kind is not None and kind[0] == "command":
            extra = {"command": kind[1]}
            if kind[1] in ("stronger", "weaker"):
                extra["factor"] = follow_up_factor(request, kind[1])
            return Plan(request, message=COMMAND_MESSAGES[kind[1]], extra=extra)
        instead = replaces_last(request)  # the real reading of "undo that and make it warmer"
        if instead is not None:
            plan = self.plan(instead, image, cancel, step, exif)
            if plan.layers:
                plan.extra["replace_last"] = True
                return plan
        exported = export_request(request)  # the real reading of "resize it to 1080 px", as the planner does it
        if exported is not None and not exported[1]:
            return Plan(request, message=COMMAND_MESSAGES["export"], extra={"command": "export", "export": exported[0]})
        layers = []
        if "bright" in r:
            layers.append(Layer("brightness", params={"amount": 0.3}, source="model", confidence=0.9, words=("bright",)))
        if "warm" in r:
            layers.append(Layer("temperature", params={"amount": 0.5}, source="model", confidence=0.8, words=("warm",)))
        if "hat" in r:
            return Plan(request, message="I can't add new things to a photo.")
        return Plan(request, layers=layers, message=None if layers else "I don't know how to do that yet.",
                    extra={"export": exported[0]} if exported is not None else {})


    def select(self, phrase: str, image: np.ndarray, op: str = "brightness", cancel=None, step=None) -> Region:
        """"the left half" / "the top half": that half of ``image``; "the red eyes": the real
        finder's pupils; anything else: not found."""
        self.started.set()
        if self.slow:
            while not (cancel and cancel()):
                time.sleep(0.01)
            from ldie_desktop.model.planner import Cancelled

            raise Cancelled()
        h, w = image.shape[:2]
        m = np.zeros((h, w), np.float32)
        if "left half" in phrase:
            m[:, : w // 2] = 1.0
        elif "top half" in phrase:
            m[: h // 2] = 1.0
        elif "red eyes" in phrase:  # the real finder, without the faces the grounding models give
            from ldie_desktop.model.autofix import red_eyes

            for x, y, r in red_eyes(image):
                np.maximum(m, Mask.radial((h, w), (x, y), (x + r, y), feather=0.35).data, out=m)
            if not m.any():
                return Region(phrase, None, message="I found no red pupils.")
        elif "dust" in phrase:  # the real finder
            from ldie_desktop.model.planner import dust_region

            return dust_region(phrase, image)
        else:
            return Region(phrase, None, message=f"I can't tell what '{phrase}' is in the photo.")
        return Region(phrase, Mask(m), phrase.strip())


    def place_mask(self, steps, image, op="brightness", cancel=None, step=None) -> Region:
        """The real way of making a mask again from its words, over the halves above."""
        from ldie_desktop.model.planner import Planner

        return Planner.place_mask(self, steps, image, op, cancel, step)  # type: ignore[arg-type]

    def refind(self, layers, image, cancel=None, step=None):
        from ldie_desktop.model.planner import Planner

        return Planner.refind(self, layers, image, cancel, step)  # type: ignore[arg-type]


def photo_copy(tmp_path: Path, name: str = "photo.jpg") -> Path:
    dst = tmp_path / name
    shutil.copy(SAMPLE, dst)
    return dst


def make_window(qtbot, tmp_path: Path, planner=None):
    from ldie_desktop.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.core_ready, timeout=60000):
        w.start_loading(load_planner=False)
    w.set_planner(planner or FakePlanner())
    return w


def window_with_layers(qtbot, tmp_path: Path, layers: list, select: bool = True):
    """A window on a copy of the sample photo with ``layers`` added and previewed (the top one
    selected unless ``select`` is false). Close it with :func:`close`."""
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, photo_copy(tmp_path))
    w.session.add_layers(layers, "layers")
    wait_preview(qtbot, w)
    if select:
        w.layer_view.setCurrentIndex(w.layer_model.index(0))
    return w


def open_photo(qtbot, w, path: Path) -> None:
    with qtbot.waitSignal(w.photo_opened, timeout=30000):
        w.open_photo(str(path))
    wait_preview(qtbot, w)


def wait_preview(qtbot, w) -> None:
    """Wait until the preview shows the current stack."""
    qtbot.waitUntil(lambda: w.session is not None and w.session._render_thread is not None
                    and _rendered_generation(w) == w.session.generation, timeout=30000)


def _rendered_generation(w) -> int:
    return getattr(w.session, "shown_generation", -1)


def canvas_pixels(w, alpha: bool = False) -> np.ndarray:
    """The canvas's rendered preview as ``(H, W, 3)`` uint8 (``(H, W, 4)`` with ``alpha``, which
    is 255 everywhere when the preview has none)."""
    img = w.canvas.after
    n = 4 if img.hasAlphaChannel() else 3
    rows = np.frombuffer(img.constBits(), np.uint8, count=img.sizeInBytes()).reshape(img.height(), img.bytesPerLine())
    px = rows[:, : img.width() * n].reshape(img.height(), img.width(), n)
    if not alpha:
        return px[..., :3].copy()
    return px.copy() if n == 4 else np.concatenate([px, np.full(px.shape[:2] + (1,), 255, np.uint8)], axis=2)


def close(w) -> None:
    w.close()
    assert not w.render_thread.isRunning()
    assert all(not t.isRunning() for t in list(w.tasks))
