"""The ``ldie`` command: ops, render, errors as one line."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from PIL import Image

from conftest import ROOT, SAMPLE
from ldie_desktop.cli import main
from ldie_desktop.document import EditStack, Layer, save

EXAMPLE = ROOT / "resources" / "example.ldie.json"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_ops_lists_every_operation(capsys) -> None:
    code, out, _ = run(capsys, "ops", "--json")
    ops = json.loads(out)
    assert code == 0 and len(ops) == 33 and {"tone", "clarity", "dehaze", "vibrance", "perspective", "lens", "red_eye", "spot_removal", "sky", "white_balance"} <= {o["name"] for o in ops}
    brightness = next(o for o in ops if o["name"] == "brightness")
    assert brightness["params"][0] == {"name": "amount", "kind": "scalar", "min": -1.0, "max": 1.0, "default": 0.0,
                                       "unit": "", "description": brightness["params"][0]["description"]}
    code, out, _ = run(capsys, "ops")
    assert "hue (v1)" in out and "curves x24" in out


def test_render_the_example_stack(capsys, tmp_path) -> None:
    out = tmp_path / "edited.jpg"
    code, stdout, err = run(capsys, "render", str(SAMPLE), "--edits", str(EXAMPLE), "-o", str(out))
    assert code == 0, err
    assert "wrote" in stdout
    src, res = Image.open(SAMPLE), Image.open(out)
    assert res.size == src.size
    diff = np.abs(np.asarray(res, np.int16) - np.asarray(src.convert("RGB"), np.int16)).mean()
    assert diff > 3  # the example brightens, adds contrast and warmth


def test_render_to_srgb_for_the_web(capsys, tmp_path) -> None:
    from PySide6.QtGui import QColorSpace

    from ldie_desktop.io import read_photo
    from ldie_desktop.render.display import SRGB_ICC

    p3 = bytes(QColorSpace(QColorSpace.NamedColorSpace.DisplayP3).iccProfile().data())
    src = tmp_path / "p3.png"
    Image.open(SAMPLE).save(src, icc_profile=p3)
    code, _, err = run(capsys, "render", str(src), "--edits", str(EXAMPLE), "-o", str(tmp_path / "web.png"), "--srgb")
    assert code == 0, err
    code, _, err = run(capsys, "render", str(src), "--edits", str(EXAMPLE), "-o", str(tmp_path / "own.png"))
    web, own = read_photo(tmp_path / "web.png"), read_photo(tmp_path / "own.png")
    assert web.icc == SRGB_ICC and own.icc == p3 and np.abs(web.rgb.astype(int) - own.rgb).max() > 10


def test_render_resized_to_fit(capsys, tmp_path) -> None:
    out = tmp_path / "small.jpg"
    code, _, err = run(capsys, "render", str(SAMPLE), "--edits", str(EXAMPLE), "-o", str(out), "--long-side", "200")
    assert code == 0, err
    assert Image.open(out).size == (200, 200)
    with pytest.raises(SystemExit):
        run(capsys, "render", str(SAMPLE), "--edits", str(EXAMPLE), "-o", str(tmp_path / "x.jpg"), "--long-side", "0")
    assert not (tmp_path / "x.jpg").exists()


def test_render_reproduces_a_saved_stack_exactly(capsys, tmp_path) -> None:
    edits = tmp_path / "e.ldie.json"
    save(EditStack([Layer.new("saturation", amount=0.5), Layer.new("flip", horizontal=1)]), edits)
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    assert run(capsys, "render", str(SAMPLE), "--edits", str(edits), "-o", str(a))[0] == 0
    assert run(capsys, "render", str(SAMPLE), "--edits", str(edits), "-o", str(b))[0] == 0
    assert np.array_equal(np.asarray(Image.open(a)), np.asarray(Image.open(b)))


def test_errors_are_one_line(capsys, tmp_path) -> None:
    photo = tmp_path / "photo.jpg"
    shutil.copy(SAMPLE, photo)
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"")
    cases = [
        (["render", str(bad), "--edits", str(EXAMPLE), "-o", str(tmp_path / "o.jpg")], "bad.jpg"),
        (["render", str(photo), "--edits", str(tmp_path / "none.json"), "-o", str(tmp_path / "o.jpg")], "none.json"),
        (["render", str(photo), "--edits", str(EXAMPLE), "-o", str(photo)], "would overwrite the original photo"),
        (["render", str(photo), "--edits", str(EXAMPLE), "-o", str(tmp_path / "o.xyz")], "o.xyz"),
        (["render", str(photo), "--edits", str(EXAMPLE), "-o", str(tmp_path / "no" / "o.jpg")], "no such folder"),
        (["bench", "render", "--size", "big"], "WIDTHxHEIGHT"),
    ]
    for args, needle in cases:
        code, out, err = run(capsys, *args)
        assert code == 2, args
        assert err.count("\n") == 1 and needle in err and err.startswith("ldie: "), err
    assert photo.read_bytes() == SAMPLE.read_bytes()


def test_existing_output_needs_force(capsys, tmp_path) -> None:
    out = tmp_path / "o.jpg"
    out.write_bytes(b"keep")
    code, _, err = run(capsys, "render", str(SAMPLE), "--edits", str(EXAMPLE), "-o", str(out))
    assert code == 2 and "--force" in err and out.read_bytes() == b"keep"
    assert run(capsys, "render", str(SAMPLE), "--edits", str(EXAMPLE), "-o", str(out), "--force")[0] == 0


@pytest.mark.slow
def test_bench_reports_ratios(capsys) -> None:
    code, out, _ = run(capsys, "bench", "render", "--size", "600x400", "--repeat", "1", "--no-memory", "--json")
    result = json.loads(out)
    assert code == 0
    full = result["full_resolution"]
    assert full["ours_over_opencv"] == pytest.approx(full["ours_six_paper_ops_s"] / full["opencv_chain_s"], rel=0.05)
    assert result["preview_1500x1000"]["slider_change_colour_layer_ms"] > 0
    effects = result["effects_full_resolution"]
    for name in ("vignette", "grain", "split_tone"):
        assert effects[f"{name}_ours_over_opencv"] == pytest.approx(
            effects[f"{name}_ours_s"] / effects[f"{name}_opencv_s"], rel=0.05)
    sliders = result["sliders_full_resolution"]
    for name in ("tone", "clarity", "dehaze", "defringe"):
        assert sliders[f"{name}_ours_over_clahe"] == pytest.approx(
            sliders[f"{name}_ours_s"] / sliders["opencv_clahe_s"], rel=0.05)
    assert sliders["vibrance_ours_over_opencv"] == pytest.approx(
        sliders["vibrance_ours_s"] / sliders["opencv_hsv_saturation_s"], rel=0.05)
    retouch = result["retouch_full_resolution"]
    for name in ("spot_removal", "spot_heal", "white_balance", "sky", "pixelate"):
        assert retouch[f"{name}_ours_s"] > 0 and retouch[f"{name}_ours_over_opencv"] == pytest.approx(
            retouch[f"{name}_ours_s"] / retouch[f"{name}_opencv_s"], rel=0.05)
    geometry = result["geometry_full_resolution"]
    for name in ("lens_distortion", "lens_profile", "perspective", "rotate"):
        assert geometry[f"{name}_ours_over_opencv"] == pytest.approx(
            geometry[f"{name}_ours_s"] / geometry[f"{name}_opencv_s"], rel=0.05)


def test_edit_the_sample_photo_from_a_request(capsys, tmp_path) -> None:
    photo = tmp_path / "photo.jpg"
    shutil.copy(SAMPLE, photo)
    out = tmp_path / "edited.jpg"
    code, stdout, err = run(capsys, "edit", str(photo), "make it black and white", "-o", str(out), "--save-edits")
    assert code == 0, err
    res = np.asarray(Image.open(out).convert("RGB"), np.int16)
    assert res.shape == (512, 512, 3)
    assert np.abs(res[..., 0] - res[..., 2]).mean() < 3  # grey now
    assert (tmp_path / "photo.jpg.ldie.json").exists() and "black_and_white" in stdout


@pytest.mark.parametrize("size", [(1, 1), (2, 3)])
def test_edit_a_photo_a_pixel_or_two_across(capsys, tmp_path, size) -> None:
    """Statistics of a photo smaller than their 3x3 neighbourhoods were an internal error."""
    photo = tmp_path / "tiny.png"
    Image.fromarray(np.full((*size, 3), 90, np.uint8)).save(photo)
    for request in ("make it brighter", "fix it", "make it black and white", "straighten it"):
        out = tmp_path / "out.png"
        code, _, err = run(capsys, "edit", str(photo), request, "-o", str(out), "--force")
        assert code in (0, 2) and "internal error" not in err, (request, err)
        if code == 0:
            assert np.asarray(Image.open(out)).shape[:2] == size
    assert run(capsys, "edit", str(photo), "make it brighter", "-o", str(tmp_path / "b.png"))[0] == 0
    assert np.asarray(Image.open(tmp_path / "b.png")).mean() > 90


def test_edit_writes_the_size_the_request_asks_for(capsys, tmp_path) -> None:
    """"resize it to 200 pixels wide": the file written is that wide (the options win when given);
    a request that asks only for a size writes the photo at that size."""
    out = tmp_path / "small.jpg"
    code, stdout, err = run(capsys, "edit", str(SAMPLE), "brighten it and resize it to 200 pixels wide", "-o", str(out))
    assert code == 0, err
    assert Image.open(out).size == (200, 200) and "brightness" in stdout
    assert run(capsys, "edit", str(SAMPLE), "resize to 50%", "-o", str(tmp_path / "half.jpg"))[0] == 0
    assert Image.open(tmp_path / "half.jpg").size == (256, 256)
    # the width is the picture's after the request's own crop: a tall crop of a wide photo, 100 px wide
    wide = tmp_path / "wide.png"
    Image.fromarray(np.full((300, 600, 3), 120, np.uint8)).save(wide)
    code, _, err = run(capsys, "edit", str(wide), "crop it to 1:2 and resize it to 100 pixels wide", "-o",
                       str(tmp_path / "tall.png"))
    assert code == 0, err
    assert Image.open(tmp_path / "tall.png").size == (100, 200)
    code, _, _ = run(capsys, "edit", str(SAMPLE), "resize it to 200 pixels wide", "-o", str(tmp_path / "w.jpg"),
                     "--long-side", "100")
    assert code == 0 and Image.open(tmp_path / "w.jpg").size == (100, 100)


def test_plan_json_and_unsupported_requests(capsys) -> None:
    code, out, _ = run(capsys, "plan", str(SAMPLE), "make it warmer", "--json")
    doc = json.loads(out)
    assert code == 0 and any(l["op"] == "temperature" for l in doc["layers"])
    code, out, err = run(capsys, "edit", str(SAMPLE), "add a hat", "-o", "/tmp/never-written.jpg")
    assert code == 2 and "can't add new things" in err and err.count("\n") == 1


def test_remove_the_background_is_transparent_in_png_and_white_in_jpeg(capsys, tmp_path) -> None:
    """The sample's astronaut is kept; the rest is transparent in a PNG and white in a JPEG."""
    png, jpg = tmp_path / "cut.png", tmp_path / "cut.jpg"
    assert run(capsys, "edit", str(SAMPLE), "remove the background", "-o", str(png))[0] == 0
    assert run(capsys, "edit", str(SAMPLE), "remove the background", "-o", str(jpg))[0] == 0
    rgba = np.asarray(Image.open(png))
    assert rgba.shape == (512, 512, 4)
    clear = rgba[..., 3] < 8
    assert 0.2 < clear.mean() < 0.8  # a background went, a subject stayed
    white = np.asarray(Image.open(jpg).convert("RGB")).min(axis=2) > 245
    assert (white & clear).sum() > 0.9 * clear.sum()  # the same region is white where there is no alpha


def test_masks_writes_the_proposals_and_the_closer_look(capsys, tmp_path) -> None:
    """``ldie masks`` writes one PNG a proposal at the photo's size, a labelled sheet and the
    list; ``--closer`` adds the closer look's finds after them."""
    pytest.importorskip("onnxruntime")
    pytest.importorskip("ai_edge_litert")
    plain, closer = tmp_path / "plain", tmp_path / "closer"
    assert run(capsys, "masks", str(SAMPLE), "-o", str(plain))[0] == 0
    meta = json.loads((plain / "proposals.json").read_text())
    assert any(m["kind"] == "person" for m in meta) and (plain / "proposals.png").is_file()
    first = plain / meta[0]["file"]
    assert Image.open(first).size == (512, 512)
    assert run(capsys, "masks", str(SAMPLE), "-o", str(closer), "--closer")[0] == 0
    more = json.loads((closer / "proposals.json").read_text())
    assert more[: len(meta)] == meta
    assert len(more) > len(meta) and all(m["source"] == "salient, closer look" for m in more[len(meta):])


def test_predict_a_batch_and_mark_the_lines_that_fail(capsys, tmp_path) -> None:
    shutil.copy(SAMPLE, tmp_path / "photo.jpg")
    (tmp_path / "broken.jpg").write_bytes(b"not a photo")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"request": "make it warmer", "image": "photo.jpg"}),  # relative to the JSONL's folder
        json.dumps({"request": "add a vignette"}),
        json.dumps({"request": "brighten it", "image": "missing.jpg"}),
        json.dumps({"request": "brighten it", "image": "broken.jpg"}),
        "{not json",
        json.dumps({"request": "add a hat"}),
    ]) + "\n")
    out = tmp_path / "out.jsonl"
    code, stdout, err = run(capsys, "predict", "--jsonl", str(src), "-o", str(out))
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert code == 1 and "3 with an error" in stdout and len(rows) == 6
    warm, vig, missing, broken, bad, hat = rows
    assert any(o["op"] == "temperature" for o in warm["ops"]) and set(warm["probs"]) >= {"brightness", "tint"}
    assert [o["op"] for o in vig["ops"]] == ["vignette"] and vig["ops"][0]["params"]["amount"] < 0
    assert "ops" not in missing and "missing.jpg" in missing["error"]
    assert "ops" not in broken and broken["error"]
    assert bad == {"line": 5, "error": "not a JSON object with a \"request\" string"}
    assert hat["ops"] == [] and "can't add new things" in hat["message"]
    assert err.count("\n") == 3  # one line for each failure


def test_batch_applies_an_edit_file_to_many_photos_and_reports_a_bad_one(capsys, tmp_path) -> None:
    small = tmp_path / "small.png"
    Image.open(SAMPLE).convert("RGB").resize((200, 100)).save(small)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a photo")
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = run(capsys, "batch", str(SAMPLE), str(small), str(broken), "--edits", str(EXAMPLE),
                            "-o", str(out), "--format", "jpg", "--long-side", "150")
    assert code == 1
    assert Image.open(out / "sample-edited.jpg").size == (150, 150)
    assert Image.open(out / "small-edited.jpg").size == (150, 75)
    assert not (out / "broken-edited.jpg").exists()
    assert "[3/3] broken.jpg:" in err and len(err.strip().splitlines()) == 1
    assert "2 of 3 photos written" in stdout
    # an existing output is kept unless --force
    before = (out / "small-edited.jpg").read_bytes()
    code, _, err = run(capsys, "batch", str(small), "--edits", str(EXAMPLE), "-o", str(out), "--format", "jpg")
    assert code == 1 and "exists; pass --force" in err and (out / "small-edited.jpg").read_bytes() == before
    # a suffix that would write over the photo itself
    code, _, err = run(capsys, "batch", str(small), "--edits", str(EXAMPLE), "-o", str(tmp_path), "--suffix", "",
                       "--force")
    assert code == 1 and "would overwrite the original photo" in err


def test_batch_saved_exports_each_photo_with_its_own_edits(capsys, tmp_path) -> None:
    from ldie_desktop.document import sidecar

    a, b, c = tmp_path / "a.png", tmp_path / "b.png", tmp_path / "c.png"
    grey = np.full((60, 90, 3), 120, np.uint8)
    for p in (a, b, c):
        Image.fromarray(grey).save(p)
    sidecar.save(EditStack([Layer.new("brightness", amount=0.5)]), sidecar.sidecar_path(a))
    sidecar.save(EditStack([Layer.new("crop", left=50.0)]), sidecar.sidecar_path(b))
    sidecar.sidecar_path(c).write_text("{ broken")
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = run(capsys, "batch", str(a), str(b), str(c), "--saved", "-o", str(out))
    assert code == 1 and "c.png" in err and "c.png.ldie.json" in err and not (out / "c-edited.png").exists()
    assert np.asarray(Image.open(out / "a-edited.png")).mean() > 150  # a brightened, b cropped, each its own
    assert Image.open(out / "b-edited.png").size == (45, 60)
    assert "its own 1 layer(s)" in stdout and "2 of 3 photos written" in stdout


@pytest.mark.parametrize("args, says", [
    ([], "--request"),
    (["-r", "warmer", "--saved"], "--saved"),
    (["-r", "warmer", "--edits", "x.json"], "--request"),
    (["--preset", "Warm", "--edits", "x.json"], "--preset NAME"),
    (["-r", "  "], "empty"),
])
def test_batch_needs_one_thing_to_do(capsys, tmp_path, args, says) -> None:
    code, _, err = run(capsys, "batch", str(SAMPLE), "-o", str(tmp_path), *args)
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1


def test_batch_plans_the_request_on_each_photo(capsys, tmp_path) -> None:
    import numpy as np

    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = run(capsys, "batch", str(SAMPLE), "-r", "make it much warmer", "-o", str(out))
    assert code == 0, err
    assert "Temperature" in stdout
    src = np.asarray(Image.open(SAMPLE).convert("RGB"), np.float32)
    res = np.asarray(Image.open(out / "sample-edited.jpg"), np.float32)
    assert (res[..., 0] - res[..., 2]).mean() > (src[..., 0] - src[..., 2]).mean() + 5


def test_presets_render_and_batch(capsys, tmp_path, presets_folder) -> None:
    """The app's presets by name: listed, rendered, applied to many photos."""
    from ldie_desktop.document.presets import PresetLibrary

    code, out, _ = run(capsys, "presets")
    assert code == 0 and f"no presets in {presets_folder}" in out
    PresetLibrary().save("Warm evening", [Layer.new("temperature", amount=0.5), Layer.new("flip", horizontal=1)])
    code, out, _ = run(capsys, "presets", "--json")
    listed = json.loads(out)
    assert listed["presets"][0]["name"] == "Warm evening" and len(listed["presets"][0]["layers"]) == 2
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    save(EditStack(list(PresetLibrary().get("Warm evening").layers)), tmp_path / "e.ldie.json")
    assert run(capsys, "render", str(SAMPLE), "--preset", "warm evening", "-o", str(a))[0] == 0
    assert run(capsys, "render", str(SAMPLE), "--edits", str(tmp_path / "e.ldie.json"), "-o", str(b))[0] == 0
    assert np.array_equal(np.asarray(Image.open(a)), np.asarray(Image.open(b)))  # the same as its edit file
    code, _, err = run(capsys, "render", str(SAMPLE), "--preset", "nope", "-o", str(tmp_path / "c.png"))
    assert code == 2 and "no preset called 'nope'; the presets are: Warm evening" in err
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, _ = run(capsys, "batch", str(SAMPLE), "--preset", "Warm evening", "-o", str(out_dir))
    assert code == 0 and "from the preset 'Warm evening'" in out and (out_dir / "sample-edited.jpg").exists()
    shared = tmp_path / "shared.ldie.json"
    code, out, _ = run(capsys, "presets", "--export", "warm evening", "-o", str(shared))
    assert code == 0 and str(shared) in out and json.loads(shared.read_text())["preset"]["name"] == "Warm evening"
    code, _, err = run(capsys, "presets", "--import", str(shared))
    assert code == 2 and "exists already" in err
    code, out, _ = run(capsys, "presets", "--import", str(shared), "--name", "Cool morning")
    assert code == 0 and "imported 'Cool morning' (2 layers)" in out
    assert PresetLibrary().names() == ["Cool morning", "Warm evening"]
    code, _, err = run(capsys, "presets", "--export", "Warm evening")
    assert code == 2 and "--export needs -o FILE" in err


def test_render_finds_masks_made_from_words_in_another_photo(capsys, tmp_path) -> None:
    """An edit file made for one photo, rendered on another: its "the woman" mask is found in
    that photo (here the portrait mirrored); --keep-masks leaves it where it was."""
    import cv2

    from ldie_desktop.document import Mask

    half = np.zeros((64, 64), np.float32)
    half[:, :40] = 1.0  # where the woman is not, mirrored: the positional mask is visibly wrong
    layer = Layer.new("black_and_white", amount=1.0).replace(mask=Mask(half), place=(("replace", "the woman"),))
    edits = tmp_path / "e.ldie.json"
    save(EditStack([layer]), edits, photo={"name": "sample.jpg"})
    flipped = tmp_path / "flipped.png"
    cv2.imwrite(str(flipped), cv2.flip(cv2.imread(str(SAMPLE)), 1))
    found, kept, own = tmp_path / "found.png", tmp_path / "kept.png", tmp_path / "own.png"
    code, out, err = run(capsys, "render", str(flipped), "--edits", str(edits), "-o", str(found))
    assert code == 0 and "found the woman for the masks" in out, err
    assert run(capsys, "render", str(flipped), "--edits", str(edits), "-o", str(kept), "--keep-masks")[0] == 0
    assert run(capsys, "render", str(SAMPLE), "--edits", str(edits), "-o", str(own))[0] == 0  # its own photo

    def colour(path) -> np.ndarray:
        px = np.asarray(Image.open(path).convert("RGB"), np.int16)
        return np.abs(px[..., 0] - px[..., 2]) + np.abs(px[..., 0] - px[..., 1])

    assert colour(found)[380:460, 400:460].mean() < 3  # her suit (mirrored) is grey
    assert colour(kept)[380:460, 400:460].mean() > 20  # the mask by position missed her
    assert colour(own)[:, :300].mean() < 3 and colour(own)[:, 330:].mean() > 15  # the file's own mask, as saved


def test_masks_select_writes_the_mask_of_words(capsys, tmp_path) -> None:
    out = tmp_path / "left.png"
    code, stdout, err = run(capsys, "masks", str(SAMPLE), "--select", "the left side", "-o", str(out))
    assert code == 0, err
    m = np.asarray(Image.open(out))
    assert m.shape == (512, 512) and m[:, :100].mean() > 230 and m[:, -100:].mean() < 25  # the photo's size
    assert "the left side" in stdout
    code, _, err = run(capsys, "masks", str(SAMPLE), "--select", "the dog", "-o", str(tmp_path / "dog.png"))
    assert code == 2 and "Found no dog in the photo." in err and not (tmp_path / "dog.png").exists()
    code, _, err = run(capsys, "masks", str(SAMPLE), "--select", "the left side", "-o", str(out))
    assert code == 2 and "exists" in err  # never written over without --force


def test_batch_can_keep_to_the_photos_picked_or_rated_in_the_app(capsys, tmp_path) -> None:
    from ldie_desktop.document.marks import Marks, save_marks

    photos = []
    for name in ("a.png", "b.png", "c.png"):
        Image.fromarray(np.full((20, 30, 3), 100, np.uint8)).save(tmp_path / name)
        photos.append(str(tmp_path / name))
    m = Marks()
    m.set_flag("a.png", "pick")
    m.set_rating("a.png", 2)
    m.set_rating("c.png", 4)
    save_marks(tmp_path, m)
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, _ = run(capsys, "batch", *photos, "--saved", "--picked", "-o", str(out))
    assert code == 0 and "1 of 3 photos are picked" in stdout and sorted(p.name for p in out.iterdir()) == ["a-edited.png"]
    code, stdout, _ = run(capsys, "batch", *photos, "--saved", "--stars", "3", "-o", str(out))
    assert code == 0 and "1 of 3 photos are rated 3+ stars" in stdout and (out / "c-edited.png").exists()
    (tmp_path / ".ldie-marks.json").write_text("nonsense")
    code, _, err = run(capsys, "batch", *photos, "--saved", "--picked", "-o", str(out))
    assert code == 2 and ".ldie-marks.json" in err


def test_render_without_the_location(capsys, tmp_path) -> None:
    src = tmp_path / "located.jpg"
    exif = Image.Exif()
    exif[0x010F] = "LDIE camera"
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 12.5)})
    Image.open(SAMPLE).save(src, exif=exif.tobytes())
    out = tmp_path / "share.jpg"
    code, _, err = run(capsys, "render", str(src), "--edits", str(EXAMPLE), "-o", str(out), "--metadata", "no-location")
    assert code == 0, err
    res = Image.open(out).getexif()
    assert res[0x010F] == "LDIE camera" and not res.get_ifd(0x8825)


def test_render_sharpened_with_a_watermark(capsys, tmp_path) -> None:
    plain, marked = tmp_path / "plain.png", tmp_path / "marked.png"
    code, _, err = run(capsys, "render", str(SAMPLE), "--edits", str(EXAMPLE), "-o", str(plain), "--long-side", "300")
    assert code == 0, err
    code, _, err = run(capsys, "render", str(SAMPLE), "--edits", str(EXAMPLE), "-o", str(marked), "--long-side", "300",
                       "--sharpen", "standard", "--watermark", "(c) 2026 LDIE", "--watermark-place", "top left")
    assert code == 0, err
    a, b = np.asarray(Image.open(plain), np.int16), np.asarray(Image.open(marked), np.int16)
    assert a.shape == b.shape == (300, 300, 3)
    corner, rest = np.abs(a[:40, :150] - b[:40, :150]).max(), np.abs(a[150:, 150:] - b[150:, 150:]).mean()
    assert corner > 100 and 0 < rest < 6  # the text in its corner; the rest only a little crisper


def test_merge_a_panorama_and_refuse_what_cannot_be(capsys, tmp_path) -> None:
    import cv2

    from ldie_desktop.io import write_photo

    wide = cv2.resize(np.asarray(Image.open(SAMPLE).convert("RGB")), (1200, 800), interpolation=cv2.INTER_CUBIC)
    parts = []
    for i, x in enumerate((0, 350, 700)):
        parts.append(tmp_path / f"P{i}.png")
        write_photo(parts[-1], wide[:, x:x + 500])
    code, out, err = run(capsys, "merge", "panorama", *map(str, parts))
    assert code == 0, err
    assert (tmp_path / "P0-Pano.tif").exists() and "3 photos" in out
    code, _, err = run(capsys, "merge", "panorama", *map(str, parts), "-o", str(tmp_path / "P0-Pano.tif"))
    assert code != 0 and "exists" in err
    code, _, err = run(capsys, "merge", "hdr", str(parts[0]), str(tmp_path / "P0-Pano.tif"))
    assert code != 0 and err.startswith("ldie: ") and "same size" in err and len(err.strip().splitlines()) == 1
