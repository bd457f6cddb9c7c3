"""White balance by the light: presets and kelvin, through a raw camera's own colour."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from conftest import ROOT, SAMPLE
from ldie_desktop.document import Layer
from ldie_desktop.io import read_photo
from ldie_desktop.io._metadata import CAMERA_COLOUR, camera_colour
from ldie_desktop.ops.white_balance import PLAIN_CAMERA, PRESET_NAMES, correction, light_xyz, planckian_xy, shot_light
from ldie_desktop.render import Renderer

DNG = ROOT / "tests" / "fixtures" / "formats" / "scene.dng"


def test_the_light_math() -> None:
    x, y = planckian_xy(2856)  # CIE illuminant A
    assert abs(x - 0.4476) < 0.002 and abs(y - 0.4074) < 0.002
    assert abs(planckian_xy(6500)[0] - 0.3135) < 0.002
    magenta, green = light_xyz(5000, 30), light_xyz(5000, -30)
    assert magenta[0] + magenta[2] > green[0] + green[2]  # + tint: less green relative to red and blue
    kelvin, tint = shot_light(PLAIN_CAMERA)  # sRGB's white, D65: about 6500 K, a little green of the locus
    assert abs(kelvin - 6500) < 60 and -15 < tint < -5
    assert np.abs(correction(PLAIN_CAMERA, kelvin, tint) - np.eye(3)).max() < 2e-3  # as shot: nothing
    tungsten = correction(PLAIN_CAMERA, 2850, 0)
    assert tungsten[0, 0] < 0.6 and tungsten[2, 2] > 2.5  # shot in daylight, called tungsten: much bluer


def test_a_raw_carries_its_camera_colour_and_files_never_do(tmp_path) -> None:
    from ldie_desktop.render.export import export_photo

    photo = read_photo(DNG)
    numbers = camera_colour(photo.exif)
    assert numbers is not None and len(numbers) == 15
    assert read_photo(SAMPLE).exif is None or camera_colour(read_photo(SAMPLE).exif) is None
    out = export_photo(photo, [], tmp_path / "dev.jpg")
    assert CAMERA_COLOUR not in Image.open(out).getexif()  # in memory only
    assert Image.open(out).getexif()[0x010F] == "LDIE"  # the rest of the EXIF goes along


def test_presets_move_the_colour_the_right_way() -> None:
    photo = read_photo(DNG)
    layer = Layer.new("white_balance").measured_on(photo.rgb, photo.exif)
    assert layer.params["camera"] == pytest.approx(camera_colour(photo.exif), rel=1e-5)
    assert not layer.is_active()  # As shot: nothing to do
    grey = photo.rgb[76:92, 5:40].reshape(-1, 3).astype(float).mean(axis=0)  # the mid-grey bar (upright)

    def bar(light: str, **kw) -> np.ndarray:
        l = layer.with_params(light=float(PRESET_NAMES.index(light)), **kw)
        out = Renderer().render(photo.rgb, [l]).rgb * 65535
        return out[76:92, 5:40].reshape(-1, 3).mean(axis=0)

    assert abs(grey[0] - grey[2]) < 0.05 * grey.mean()  # developed as shot: neutral
    tung, shade = bar("tungsten"), bar("shade")
    assert tung[2] > tung[0] * 1.5 and shade[0] > shade[2]  # tungsten cools, shade warms
    k, t = shot_light(layer.params["camera"])
    same = bar("custom", temperature=round(k / 50) * 50, tint=round(t))
    assert np.abs(same - grey).max() < 0.02 * 65535  # the light it was shot in: as it was


def test_the_light_in_words(real_planner) -> None:
    photo = read_photo(DNG)
    for request, light, kelvin in (("set the white balance to tungsten", "tungsten", None),
                                   ("it was shot under fluorescent light", "fluorescent", None),
                                   ("white balance 4200K", "custom", 4200.0), ("set the colour temperature to 5000K", "custom", 5000.0)):
        plan = real_planner.plan(request, photo.rgb, exif=photo.exif)
        assert [l.op for l in plan.layers] == ["white_balance"], request
        layer = plan.layers[0]
        assert PRESET_NAMES[int(layer.params["light"])] == light and any(layer.params["camera"])
        if kelvin is not None:
            assert layer.params["temperature"] == kelvin
        elif light == "tungsten":
            assert layer.params["temperature"] == 2850.0  # the preset's kelvin on the slider
    assert [l.op for l in real_planner.plan("make it warmer", photo.rgb).layers] == ["temperature"]


@pytest.mark.gui
def test_the_white_balance_layer_in_the_app(qtbot, tmp_path) -> None:
    """Layer > Add > White balance on a raw says what it was developed for; choosing Custom
    starts the sliders there, so it looks the same until they move; Tungsten turns it blue."""
    import shutil

    from gui_support import canvas_pixels, close, make_window, open_photo, wait_preview

    path = tmp_path / "scene.dng"
    shutil.copy(DNG, path)
    w = make_window(qtbot, tmp_path)
    open_photo(qtbot, w, path)
    before = canvas_pixels(w).astype(float)
    w.add_layer("white_balance")
    assert w.notice.text().startswith("Developed for 650") and "tint -11 (as shot)" in w.notice.text()
    layer = w.session.stack.layers[0]
    assert any(layer.params["camera"]) and not layer.is_active()
    assert layer.params["temperature"] == 6500.0 and layer.params["tint"] == -11.0  # the sliders show as shot
    w._param_edited(layer.id, "light", float(PRESET_NAMES.index("custom")), None)
    custom = w.session.stack.layers[0]
    assert custom.params["temperature"] == 6500.0 and custom.params["tint"] == -11.0
    wait_preview(qtbot, w)
    assert np.abs(canvas_pixels(w).astype(float) - before).max() < 6  # the light it was shot in: as it was
    w._param_edited(layer.id, "light", float(PRESET_NAMES.index("tungsten")), None)
    assert w.session.stack.layers[0].params["temperature"] == 2850.0  # the preset's kelvin on the slider
    wait_preview(qtbot, w)
    shown = canvas_pixels(w).astype(float)
    assert (shown[..., 2] - shown[..., 0]).mean() > (before[..., 2] - before[..., 0]).mean() + 20
    w._param_edited(layer.id, "temperature", 3400.0, None)  # a slider moved: Custom, from there
    moved = w.session.stack.layers[0]
    assert PRESET_NAMES[int(moved.params["light"])] == "custom" and moved.params["temperature"] == 3400.0
    close(w)


def test_the_camera_colour_comes_and_goes_without_touching_the_rest() -> None:
    """Carried in memory beside a photo's EXIF and taken out before a file is written, the
    camera's numbers leave the rest (the Exif and GPS blocks) as they were."""
    from ldie_desktop.io._metadata import with_camera_colour, without_private

    e = Image.Exif()
    e[0x010F] = "Cam"
    e.get_ifd(0x8769)[0x829A] = 0.004
    e.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 12.5)})
    carried = with_camera_colour(e.tobytes(), PLAIN_CAMERA)
    assert camera_colour(carried) == PLAIN_CAMERA
    back = Image.Exif()
    back.load(without_private(carried))
    assert CAMERA_COLOUR not in back and back[0x010F] == "Cam"
    assert back.get_ifd(0x8769)[0x829A] == 0.004 and back.get_ifd(0x8825)[1] == "N"
    assert without_private(None) is None and camera_colour(b"not exif") is None
