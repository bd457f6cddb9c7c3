"""Take the README's screenshots of the main workflows in a real window.

Run under a (virtual) X screen: ``xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python
scripts/screenshots.py docs/screenshots``. Uses the bundled public-domain sample photo.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    from ldie_desktop.ui.main_window import MainWindow

    tmp = Path(tempfile.mkdtemp())
    photo = tmp / "astronaut.jpg"
    shutil.copy(ROOT / "resources" / "sample.jpg", photo)
    w = MainWindow(settings=QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    w.settings.setValue("filmstrip", False)  # the photo large in the first shots; 13 shows the strip
    w.resize(1500, 920)
    w.show()

    def wait(cond, timeout: float = 120) -> None:  # noqa: ANN001
        t = time.time()
        while not cond() and time.time() - t < timeout:
            app.processEvents()
            time.sleep(0.01)

    def settle(seconds: float = 0.6) -> None:
        wait(lambda: False, seconds)

    def rows() -> list[str]:
        return [w.layer_model.data(w.layer_model.index(r)) or "" for r in range(w.layer_model.rowCount())]

    def ask() -> None:
        """Submit the request box's text and wait until its layers are on the preview."""
        w.submit_request(w.request.text())
        wait(lambda: w.plan_task is None)
        wait(lambda: w.session.shown_generation == w.session.generation)

    def split(on: bool) -> None:
        """The before/after split on or off, whichever it was."""
        if w.act_split.isChecked() != on:
            w.act_split.trigger()

    def open_fresh(name: str) -> None:
        """The sample again under a name of its own (no edits saved with it), its preview shown."""
        fresh = tmp / name
        shutil.copy(photo, fresh)
        w.open_photo(str(fresh))
        wait(lambda: w.session is not None and w.session.path == fresh)
        settle(1.0)

    def asked_on_fresh(name: str, text: str) -> None:
        """``text`` asked of a fresh copy of the sample called ``name``, its top layer selected."""
        open_fresh(name)
        w.request.setText(text)
        ask()
        w.layer_view.setCurrentIndex(w.layer_model.index(0))

    def open_drawn(name: str, pixels) -> None:  # noqa: ANN001 - an (H, W, 3) uint8 picture
        """A picture drawn for a shot, saved under ``name`` in a folder of its own and opened."""
        from PIL import Image

        drawn = tmp / name
        drawn.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(pixels).save(drawn, quality=95)
        w.open_photo(str(drawn))
        wait(lambda: w.session is not None and w.session.path == drawn)
        settle(1.0)

    def shot(name: str) -> None:
        settle()
        w.grab().save(str(out / name), quality=85)
        print("saved", out / name)

    w.start_loading(load_planner=True)
    w.open_photo(str(photo))
    wait(lambda: w.session is not None and (w.planner is not None or "unavailable" in w.model_label.text()))
    settle(1.0)
    w.request.setText("it looks a bit dark and dull, brighten it and make the colours pop")
    shot("01-request.jpg")
    if w.planner is not None:
        w.submit_request(w.request.text())
        wait(lambda: w.plan_task is None)
    else:
        from ldie_desktop.document import Layer

        w.session.add_layers([Layer.new("exposure", stops=0.5), Layer.new("saturation", amount=0.4)], "manual")
    wait(lambda: w.session.shown_generation == w.session.generation)
    shot("02-layers.jpg")
    w.act_split.trigger()
    w.canvas.split_at = 0.5
    shot("03-before-after.jpg")
    w.act_split.trigger()
    from ldie_desktop.document import Layer

    w.add_layer("black_and_white")
    layer = w.current_layer()
    w.session.set_layer(layer.with_params(amount=1.0), "bw")
    w.editor.brush_add.setChecked(True)
    import numpy as np

    from ldie_desktop.document import Mask

    m = np.zeros((512, 512), np.float32)
    m[:, 300:] = 1.0
    w.session.set_layer(w.current_layer().replace(mask=Mask(m).feathered(12)), "Paint mask")
    wait(lambda: w.session.shown_generation == w.session.generation)
    shot("04-mask.jpg")
    w.editor.brush_add.setChecked(False)
    w.editor.show_mask.setChecked(False)
    for _ in range(3):  # back to the planned layers
        w.undo()
    if w.planner is not None:
        w.request.setText("remove the background")
        ask()
        shot("05-cut-out.jpg")
        for _ in range(1):
            w.undo()
        w.request.setText("darken the background and brighten the woman")
        ask()
        placed = next((r for r, text in enumerate(rows()) if "masked" in text), 0)
        w.layer_view.setCurrentIndex(w.layer_model.index(placed))  # a placed layer and its mask
        w.editor.show_mask.setChecked(True)
        shot("06-local.jpg")
        w.editor.show_mask.setChecked(False)
        # everyday requests on a tilted copy of the sample: levelled by its lines, a look by name
        import cv2

        tilted = tmp / "tilted.jpg"
        img = cv2.imread(str(photo))
        turn = cv2.getRotationMatrix2D((img.shape[1] / 2, img.shape[0] / 2), 4.0, 1.15)
        cv2.imwrite(str(tilted), cv2.warpAffine(img, turn, img.shape[1::-1], borderMode=cv2.BORDER_REFLECT))
        w.open_photo(str(tilted))
        wait(lambda: w.session is not None and w.session.path == tilted)
        settle(1.0)
        w.request.setText("straighten it and give it a vintage look")
        ask()
        w.act_split.trigger()
        w.canvas.split_at = 0.5
        shot("07-everyday.jpg")
        w.act_split.trigger()
        # effects: a colour grade, a vignette centred on the crop, film grain; the grade's sliders
        w.open_photo(str(photo))
        wait(lambda: w.session is not None and w.session.path == photo)
        settle(1.0)
        w.request.setText("crop it to 16:9, a teal and orange grade, a vignette and some film grain")
        ask()
        grade = next((r for r, text in enumerate(rows()) if text.startswith("Split toning")), 0)
        w.layer_view.setCurrentIndex(w.layer_model.index(grade))
        shot("08-effects.jpg")
        # the crop tool on that crop: the whole photo, the 16:9 frame over it, the histogram above
        w.act_crop.trigger()
        w.crop_aspect.setCurrentIndex([t for t, _ in w.ASPECTS].index("16 : 9"))
        settle(1.0)
        shot("09-crop.jpg")
        w.finish_crop(False)
        # the colour mixer from words, then moved off her face by a follow-up
        open_fresh("astronaut-mixer.jpg")
        w.request.setText("make the blues deeper and mute the oranges")
        ask()
        w.request.setText("not on her face")
        ask()
        w.layer_view.setCurrentIndex(w.layer_model.index(0))
        shot("10-mixer.jpg")
        # the Basic panel's sliders from words, with the clipping warning on
        open_fresh("astronaut-sliders.jpg")
        w.request.setText("recover the highlights, lift the shadows and add some clarity")
        ask()
        tone = next((r for r, text in enumerate(rows()) if text.startswith("Highlights")), 0)
        w.layer_view.setCurrentIndex(w.layer_model.index(tone))
        w.act_clipping.trigger()
        shot("11-sliders.jpg")
        w.act_clipping.trigger()
    # a graduated mask drawn on the photo, on a darkening layer, its guides shown mid-drag
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    w.add_layer("exposure")
    w.session.set_layer(w.current_layer().with_params(stops=-1.0), "darker")
    w.editor.draw_gradient.setChecked(True)
    c = w.canvas

    def screen(x: float, y: float):  # noqa: ANN202 - a QPoint
        return (c.offset + QPointF(x, y) * c.zoom / c.proxy_scale()).toPoint()

    QTest.mousePress(c, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, screen(256, 10))
    for i in range(1, 9):
        QTest.mouseMove(c, screen(256 + 4 * i, 10 + 22 * i))
        app.processEvents()
    shot("12-gradient.jpg")
    QTest.mouseRelease(c, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, screen(288, 186))
    # a folder in the filmstrip: each copy of the sample with edits of its own; two synced
    from PySide6.QtCore import QItemSelectionModel

    from ldie_desktop.document import EditStack, Layer, sidecar

    shoot = tmp / "shoot"
    shoot.mkdir()
    looks = [[], [Layer.new("black_and_white", amount=1.0)], [Layer.new("temperature", amount=0.7)],
             [Layer.new("crop", top=21.9, bottom=21.9)], [Layer.new("split_tone", shadow_amount=0.5, highlight_amount=0.4)],
             [Layer.new("exposure", stops=-1.0), Layer.new("vignette", amount=-0.6)], [], []]
    for i, layers in enumerate(looks, 1):
        path = shoot / f"IMG_{i:04d}.jpg"
        shutil.copy(photo, path)
        if layers:
            sidecar.save(EditStack(layers), sidecar.sidecar_path(path))
    w.settings.setValue("filmstrip", True)
    w.editor.draw_gradient.setChecked(False)
    w.editor.show_mask.setChecked(False)
    w.open_photo(str(shoot / "IMG_0002.jpg"))
    wait(lambda: w.session is not None and w.session.path.name == "IMG_0002.jpg")
    sel = w.filmstrip.selectionModel()
    for r in (6, 7):
        sel.select(w.filmstrip_model.index(r), QItemSelectionModel.SelectionFlag.Select)
    w.sync_edits(w.filmstrip.selected_paths()[1:], list(w.session.stack.layers))
    wait(lambda: w.sync_task is None)
    w.act_rate[4].trigger()  # the selection rated and picked; the first photo rejected
    w.act_pick.trigger()
    sel.select(w.filmstrip_model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    w.act_reject.trigger()
    for r in (1, 6, 7):
        sel.select(w.filmstrip_model.index(r), QItemSelectionModel.SelectionFlag.Select
                   if r != 1 else QItemSelectionModel.SelectionFlag.ClearAndSelect)
    settle(3.0)
    shot("13-filmstrip.jpg")
    if w.planner is not None:  # a wide-angle shot: the sample with a grid, as a 10 mm lens records it
        import cv2
        import numpy as np
        from PIL import Image

        from ldie_desktop.ops.lens_profile import LensInfo, through_lens

        lens = LensInfo("Canon", "Canon EOS 7D", "EF-S10-22mm f/3.5-4.5 USM", 10.0, 3.5, 0.0)
        flat = cv2.resize(np.asarray(Image.open(photo).convert("RGB")), (1200, 800), interpolation=cv2.INTER_CUBIC)
        flat[:, ::100] = flat[::100, :] = 255
        exif = Image.Exif()
        exif[271], exif[272] = lens.make, lens.model
        exif.get_ifd(0x8769).update({0xA434: lens.lens, 0x920A: lens.focal, 0x829D: lens.aperture})
        wide = tmp / "wide" / "IMG_0100.jpg"
        wide.parent.mkdir()
        Image.fromarray(through_lens(lens, flat, vignetting=True)).save(wide, exif=exif.tobytes(), quality=92)
        w.settings.setValue("filmstrip", False)
        w.open_photo(str(wide))
        wait(lambda: w.session is not None and w.session.path == wide)
        w.filmstrip_dock.hide()
        w.request.setText("fix the lens distortion")
        ask()
        w.layer_view.setCurrentIndex(w.layer_model.index(0))
        shot("14-lens.jpg")
        # dust on a studio backdrop (soft shadows drawn on the sample), found and healed, the
        # spots outlined by the tool, the split showing them before on the left
        dusty = cv2.resize(np.asarray(Image.open(photo).convert("RGB")), (1024, 1024),
                           interpolation=cv2.INTER_CUBIC).astype(np.float32)
        yy, xx = np.mgrid[0:1024, 0:1024].astype(np.float32)
        for x, y, r, d in ((240, 120, 9, 0.18), (270, 230, 7, 0.2), (640, 90, 10, 0.16), (620, 300, 12, 0.12),
                           (690, 180, 8, 0.18)):
            dusty *= (1 - d * np.exp(-0.5 * (np.hypot(xx - x, yy - y) / r / 0.6) ** 4))[..., None]
        open_drawn("studio/IMG_0200.jpg", np.clip(dusty, 0, 255).round().astype(np.uint8))
        w.request.setText("remove the dust spots")
        ask()
        w.layer_view.setCurrentIndex(w.layer_model.index(0))
        w.act_spot_tool.setChecked(True)
        split(True)
        w.canvas.split_at = 0.5
        w.canvas.update()
        shot("15-spots.jpg")
        # the same spots healed (method Heal): each spot's source outlined, an arrow to its spot
        split(False)
        w.editor._widgets["method"].setCurrentIndex(2)
        settle(1.0)
        shot("16-heal.jpg")
        # bare branches against a white sky with the purple seams a lens leaves (drawn here: no
        # third-party photo), "remove the purple fringing", at 250 % with the split
        split(True)
        w.act_spot_tool.setChecked(False)
        open_drawn("tree/IMG_0300.jpg", fringed_tree())
        w.request.setText("remove the purple fringing")
        ask()
        w.layer_view.setCurrentIndex(w.layer_model.index(0))
        w.canvas.zoom_by(2.5 / w.canvas.zoom, QPointF(w.canvas.width() * 0.42, w.canvas.height() * 0.33))
        w.canvas.split_at = 0.5
        w.canvas.update()
        settle(1.5)
        shot("17-defringe.jpg")
        # "make her suit blue": the Recolour layer, its mask all of the suit's orange
        split(False)
        asked_on_fresh("suit.jpg", "make her suit blue")
        settle(1.0)
        shot("18-recolour.jpg")
        # "hide her face": a Pixelate layer over the face, blocks sized to it
        asked_on_fresh("face.jpg", "hide her face")
        settle(1.0)
        shot("19-pixelate.jpg")
        # "whiten her teeth and remove the dark circles under her eyes": parts of the face from its landmarks,
        # at 400 %, before on the left of the split
        asked_on_fresh("portrait.jpg", "whiten her teeth and remove the dark circles under her eyes")
        face = (227.0, 135.0)  # her face, in the sample's pixels: in the middle of the view, filling it
        w.canvas.zoom_by(4.0 / w.canvas.zoom, w.canvas._from_proxy(*face))
        w.canvas.offset += QPointF(w.canvas.width() / 2, w.canvas.height() / 2) - w.canvas._from_proxy(*face)
        split(True)
        w.canvas.split_at = 0.5
        w.canvas.update()
        settle(1.5)
        shot("20-face-parts.jpg")
        # "black and white but keep her suit in colour": a colour splash, the suit found as the clothes she wears
        split(False)
        asked_on_fresh("splash.jpg", "black and white but keep her suit in colour")
        w.canvas.fit()
        settle(1.0)
        shot("21-colour-splash.jpg")
    w.close()


def fringed_tree():  # noqa: ANN201 - an (H, W, 3) uint8 picture
    """A tree's bare branches, dark against a bright sky, each edged with a purple seam 3 px wide
    as a lens's axial aberration leaves one (drawn, so the README's photos stay our own)."""
    import cv2
    import numpy as np

    h, w = 1000, 1500
    yy = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
    sky = np.array([0.97, 0.97, 0.98], np.float32) * (1 - 0.12 * yy) + np.array([0.6, 0.72, 0.9], np.float32) * 0.12 * yy
    branch = np.zeros((h, w), np.uint8)
    rng = np.random.default_rng(1)

    def grow(x: float, y: float, angle: float, length: float, width: float, depth: int) -> None:
        if depth == 0 or width < 1:
            return
        x2, y2 = x + length * np.cos(angle), y - length * np.sin(angle)
        cv2.line(branch, (int(x), int(y)), (int(x2), int(y2)), 255, int(width), cv2.LINE_AA)
        for turn in (-0.5, 0.45):
            grow(x2, y2, angle + turn + rng.normal(0, 0.15), length * 0.72, width * 0.68, depth - 1)

    grow(750, 1000, np.pi / 2, 280, 36, 8)
    b = branch.astype(np.float32)[..., None] / 255
    seam = np.clip(cv2.dilate(branch, np.ones((7, 7), np.uint8)).astype(np.float32)[..., None] / 255 - b, 0, 1) * 0.85
    img = (sky * np.ones((h, w, 3), np.float32)) * (1 - b) + np.array([0.18, 0.14, 0.1], np.float32) * b
    img = img * (1 - seam) + np.array([0.55, 0.25, 0.75], np.float32) * seam
    return (np.clip(img, 0, 1) * 255).round().astype(np.uint8)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
