"""Work off the GUI thread (superqt's pattern): a task thread with progress, cancel, result and
error signals, and a render thread that always works on the newest request and drops stale
ones."""

from __future__ import annotations

import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QImage

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


def one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


class Task(QThread):
    """Run ``fn(progress, cancelled)`` on its own thread.

    Exactly one of ``succeeded(result)``, ``failed(message)`` or ``was_cancelled()`` is emitted,
    then Qt's ``finished``. ``cancel()`` asks the function to stop at its next check (it raises
    the render's ``Cancelled`` or returns early); the thread is never killed.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    was_cancelled = Signal()

    def __init__(self, fn: Callable[[ProgressFn, CancelFn], Any], name: str = "task") -> None:
        super().__init__()
        self.setObjectName(name)
        self.fn = fn
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self.fn(lambda d, t: self.progressed.emit(int(d), int(t)), self._cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 - every error must reach the user as words
            if self._cancel.is_set() or type(exc).__name__ == "Cancelled":
                self.was_cancelled.emit()
            elif isinstance(exc, MemoryError):
                self.failed.emit("out of memory")
            else:
                if not isinstance(exc, (ValueError, OSError)):
                    traceback.print_exc()
                self.failed.emit(one_line(exc))
            return
        if self._cancel.is_set():
            self.was_cancelled.emit()
        else:
            self.succeeded.emit(result)


class RenderThread(QThread):
    """Renders previews one at a time; a newer ``submit`` replaces a waiting one, and results
    carry the generation they were asked for so the window can drop stale ones."""

    rendered = Signal(int, QImage, float)  # generation, image, seconds
    failed = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("render")
        self._cond = threading.Condition()
        self._job: tuple[int, Callable[[], QImage]] | None = None
        self._stop = False

    def submit(self, generation: int, job: Callable[[], QImage]) -> None:
        with self._cond:
            self._job = (generation, job)
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify()
        self.wait()

    def run(self) -> None:
        import time

        while True:
            with self._cond:
                while self._job is None and not self._stop:
                    self._cond.wait()
                if self._stop:
                    return
                generation, job = self._job  # type: ignore[misc]
                self._job = None
            t = time.perf_counter()
            try:
                image = job()
            except BaseException as exc:  # noqa: BLE001
                traceback.print_exc()
                self.failed.emit(generation, one_line(exc))
                continue
            self.rendered.emit(generation, image, time.perf_counter() - t)
