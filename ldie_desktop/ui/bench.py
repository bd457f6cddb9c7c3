"""``ldie bench gui``: the app's responsiveness, measured with a real window (offscreen).

Run as ``python -m ldie_desktop.ui.bench`` (the ``ldie`` command starts it in a child process
so the command line never imports Qt). Reports:

* ``window_shown_s``: from process start to the window on screen (torch not yet loaded);
* ``core_loaded_s``: until torch, the kernels and the renderer are ready;
* ``slider_to_canvas_ms``: one slider change to the new preview on the canvas, 1500x1000 proxy;
* ``request_to_layers_ms``: Enter to layers in the stack for a global request (with the model);
* ``histogram_ms``: the histogram panel's share of each preview (made on the render thread);
* next to them, OpenCV doing the same colour work on the same proxy, as a yardstick.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time

START = time.perf_counter()


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from .main_window import MainWindow

    tmp = tempfile.mkdtemp(prefix="ldie-bench-")
    w = MainWindow(settings=QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat))
    w.show()
    app.processEvents()
    shown = time.perf_counter() - START

    def wait(cond, timeout: float = 120.0) -> bool:  # noqa: ANN001
        t = time.perf_counter()
        while not cond() and time.perf_counter() - t < timeout:
            app.processEvents()
            time.sleep(0.001)
        return bool(cond())

    with_model = "--no-model" not in sys.argv
    w.start_loading(load_planner=with_model)
    wait(lambda: w.core is not None)
    core = time.perf_counter() - START

    import cv2
    import numpy as np

    from ..bench import opencv_chain, test_photo
    from ..document import Layer
    from ..io import write_photo

    path = os.path.join(tmp, "photo.jpg")
    write_photo(path, test_photo(1500, 1000))
    w._proxy_side = lambda: 1500  # the yardstick: a 1500x1000 proxy, whatever the screen
    w.open_photo(path)
    wait(lambda: w.session is not None)
    w.session.autosave_enabled = False
    w.session.add_layers([Layer.new("contrast", amount=0.2), Layer.new("saturation", amount=0.2),
                          Layer.new("sharpness", amount=0.3)], "bench")
    wait(lambda: w.session.shown_generation == w.session.generation)
    w.layer_view.setCurrentIndex(w.layer_model.index(2))  # contrast
    slider = w.editor._widgets["amount"]
    from PySide6.QtCore import QEventLoop, QTimer

    def preview_painted() -> None:  # the GUI thread idles in Qt's event loop, as in the app (a Python busy loop
        # polling processEvents holds the GIL the render thread needs, and read 75 ms for 48)
        loop = QEventLoop()

        def check(*_: object) -> None:
            if w.session.shown_generation == w.session.generation:
                loop.quit()

        w.session.preview_ready.connect(check)
        QTimer.singleShot(0, check)
        QTimer.singleShot(10000, loop.quit)
        loop.exec()
        w.session.preview_ready.disconnect(check)
        w.canvas.repaint()  # the new preview painted

    times = []
    for i, v in enumerate(np.linspace(550, 800, 15)):
        t = time.perf_counter()
        slider.slider.setValue(int(v))
        preview_painted()
        times.append(time.perf_counter() - t)
    proxy_u8 = (w.session.proxy.rgb * 255).astype(np.uint8)
    cv_times = []
    for _ in range(9):
        t = time.perf_counter()
        opencv_chain(proxy_u8)
        cv_times.append(time.perf_counter() - t)

    from ..render.histogram import histogram

    hist_times = []
    for _ in range(9):
        t = time.perf_counter()
        histogram(proxy_u8)
        hist_times.append(time.perf_counter() - t)

    result = {
        "window_shown_s": round(shown, 3),
        "core_loaded_s": round(core, 3),
        "proxy": f"{w.session.proxy.rgb.shape[1]}x{w.session.proxy.rgb.shape[0]}",
        "slider_to_canvas_ms": round(statistics.median(times) * 1000, 1),
        "opencv_chain_same_proxy_ms": round(statistics.median(cv_times) * 1000, 1),
        "histogram_ms": round(statistics.median(hist_times) * 1000, 1),
        "targets": {"window_shown_s": 1.5, "slider_to_canvas_ms": 60, "request_to_layers_ms": 500},
    }
    if with_model:
        ok = wait(lambda: w.planner is not None or w.model_label.text() == "model: unavailable", timeout=120)
        if ok and w.planner is not None:
            plan_times = []
            for request in ("brighten it a little", "more contrast please", "make it warmer and more vivid"):
                n = w.session.undo.count()
                t = time.perf_counter()
                w.submit_request(request)
                wait(lambda: w.plan_task is None and w.session.undo.count() >= n)
                plan_times.append(time.perf_counter() - t)
            result["request_to_layers_ms"] = round(statistics.median(plan_times) * 1000, 1)
        else:
            result["request_to_layers_ms"] = None
            result["model"] = w.model_label.text()
    w.close()
    print(json.dumps(result, indent=2))
    del cv2
    return 0


if __name__ == "__main__":
    sys.exit(main())
