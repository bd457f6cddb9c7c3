"""Workflow: a Lens correction layer takes the profile of the photo's lens when added (Lightroom's
Enable Profile Corrections) and from its Auto button; a photo whose lens is unknown says why."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from gui_support import close, make_window, open_photo, wait_preview

pytestmark = pytest.mark.gui


def _photo(tmp_path, exif: bool):
    from test_ops_lens import CAMERA, dots, exif_for, through_lens

    path = tmp_path / ("wide.jpg" if exif else "plain.jpg")
    kw = {"exif": exif_for(*CAMERA)} if exif else {}
    Image.fromarray(through_lens(dots()[0])).save(path, quality=92, **kw)
    return path


def test_adding_a_lens_layer_takes_the_lens_profile(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, _photo(tmp_path, exif=True))
    w.add_layer("lens")
    wait_preview(qtbot, w)
    layer = w.session.stack.layers[0]
    assert layer.op == "lens" and layer.params["k2"] < -0.1 and layer.params["v1"] < -1.0
    assert "EF-S 10-22mm" in w.statusBar().currentMessage()
    assert "profile" in w.layer_model.data(w.layer_model.index(0))
    assert w.editor.lens_button.text().startswith("Auto") and w.editor._tabs.tabText(0) == "Profile"
    # the manual slider is the user's; Auto measures the profile again and keeps it
    w.session.set_layer(layer.with_params(distortion=0.3, k2=0.0), "by hand")
    w.editor.lens_button.click()
    again = w.session.stack.layers[0]
    assert again.params["distortion"] == 0.3 and again.params["k2"] == layer.params["k2"]
    assert w.session.undo.undoText() == "Lens correction: profile"
    close(w)


def test_a_photo_without_its_lens_says_so_and_changes_nothing(qtbot, tmp_path) -> None:
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, _photo(tmp_path, exif=False))
    with qtbot.waitSignal(w.notified, timeout=5000) as told:
        w.add_layer("lens")
    assert "does not say which camera" in told.args[0]
    layer = w.session.stack.layers[0]
    assert layer.operation.is_identity(layer.params)
    steps = w.session.undo.count()
    with qtbot.waitSignal(w.notified, timeout=5000):
        w.editor.lens_button.click()
    assert w.session.undo.count() == steps and w.session.stack.layers[0] == layer
    close(w)


def test_auto_measures_the_fringes_of_a_photo_without_a_profile(qtbot, tmp_path, sample_rgb) -> None:
    import cv2

    from ldie_desktop.ops.lens import Lens
    from ldie_desktop.ops.spec import OpContext

    img = cv2.resize(sample_rgb, (900, 900), interpolation=cv2.INTER_CUBIC).astype(np.float32) / 255
    fringed = Lens.apply_fast(img, Lens.validate({"ca_red": -0.003, "ca_blue": 0.002}), OpContext(long_side=900))
    path = tmp_path / "fringed.png"
    Image.fromarray((fringed * 255).round().astype(np.uint8)).save(path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, path)
    w.add_layer("lens")
    with qtbot.waitSignal(w.notified, timeout=30000, check_params_cb=lambda m: "measured in the photo" in m):
        w.editor.lens_button.click()
    layer = w.session.stack.layers[0]
    assert abs(layer.params["ca_red"] - 0.003) < 3e-4 and abs(layer.params["ca_blue"] + 0.002) < 3e-4
    assert w.session.undo.undoText() == "Lens correction: fringes"
    close(w)
