"""Layers, the evented edit stack, and sidecar files (round trip, migration, malformed input)."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import disk_mask
from ldie_desktop.document import EditStack, Layer, Mask, SidecarError, load, loads, save, sidecar_path
from ldie_desktop.document import sidecar


def sample_stack() -> EditStack:
    return EditStack([
        Layer.new("brightness", amount=0.3),
        Layer("hue", params={"curves": [[1.2] * 8, [1.0] * 8, [0.8] * 8]}, opacity=0.5, source="model",
              confidence=0.87, words=("warmer",)),
        Layer("inpaint_obj", mask=Mask(disk_mask(40, 60)), local=True, enabled=False),
    ])


class TestLayer:
    def test_params_are_validated_and_completed(self) -> None:
        layer = Layer.new("brightness")
        assert layer.params == {"amount": 0.0, "highlights": 1.0}
        assert Layer.new("brightness", amount=9).params == {"amount": 1.0, "highlights": 1.0}

    def test_identity_and_maskless_fill_layers_are_inactive(self) -> None:
        assert not Layer.new("contrast").is_active()
        assert Layer.new("contrast", amount=0.1).is_active()
        assert not Layer.new("contrast", amount=0.1).replace(enabled=False).is_active()
        assert not Layer.new("color_bg").is_active()
        assert Layer("color_bg", mask=Mask(disk_mask(8, 8))).is_active()

    def test_fingerprint_follows_what_renders(self) -> None:
        a = Layer.new("contrast", amount=0.1)
        assert a.fingerprint == a.duplicate().fingerprint  # id and provenance do not render
        assert a.fingerprint == a.replace(words=("punchy",), source="model").fingerprint
        assert a.fingerprint != a.with_params(amount=0.2).fingerprint
        assert a.fingerprint != a.replace(opacity=0.5).fingerprint
        assert a.fingerprint != a.replace(mask=Mask(disk_mask(8, 8))).fingerprint

    def test_bad_opacity(self) -> None:
        with pytest.raises(ValueError, match="opacity"):
            Layer.new("contrast").replace(opacity=1.5)


class TestMask:
    def test_resized_and_png_round_trip(self) -> None:
        m = Mask(disk_mask(40, 60))
        back = Mask.from_png_base64(m.to_png_base64())
        assert np.abs(back.data - m.data).max() <= 0.5 / 255 + 1e-6
        assert m.resized(80, 120).shape == (80, 120)
        assert m.inverted().data[20, 30] == pytest.approx(0.0)

    def test_rejects_bad_input(self) -> None:
        with pytest.raises(ValueError):
            Mask(np.zeros((3, 4, 5)))
        with pytest.raises(ValueError):
            Mask.from_png_base64("not base64!")


class TestEditStack:
    def test_events(self) -> None:
        stack = EditStack()
        seen: list[tuple] = []
        for name in ("inserted", "removed", "moved", "changed", "reset"):
            getattr(stack.events, name).connect(lambda *a, n=name: seen.append((n, *a)))
        a, b = Layer.new("contrast", amount=0.1), Layer.new("exposure", stops=1)
        stack.append(a)
        stack.insert(0, b)
        stack.move(0, 1)
        assert [l.op for l in stack] == ["contrast", "exposure"]
        a2 = a.with_params(amount=0.4)
        stack.set(0, a2)
        stack.set(0, a2)  # equal: no event (stops model/view loops)
        removed = stack.remove(1)
        assert removed == b
        assert [e[0] for e in seen] == ["inserted", "inserted", "moved", "changed", "removed"]
        assert seen[2] == ("moved", 0, 1, b)
        assert stack.index_of(a2.id) == 0


class TestSidecar:
    def test_round_trip(self, tmp_path) -> None:
        stack = sample_stack()
        path = save(stack, sidecar_path(tmp_path / "photo.jpg"))
        assert path.name == "photo.jpg.ldie.json"
        back = load(path)
        assert [l.id for l in back] == [l.id for l in stack]
        assert [l.params for l in back] == [l.params for l in stack]
        assert back[1].words == ("warmer",) and back[1].confidence == 0.87 and back[1].source == "model"
        assert back[2].mask is not None and back[2].mask.shape == (40, 60) and not back[2].enabled
        assert np.abs(back[2].mask.data - stack[2].mask.data).max() < 1 / 255

    def test_file_is_plain_versioned_json(self, tmp_path) -> None:
        doc = json.loads(sidecar.dumps(sample_stack()))
        assert doc["format"] == "ldie-edits" and doc["schema"] == sidecar.SCHEMA
        assert doc["layers"][0] == {"id": doc["layers"][0]["id"], "op": "brightness", "version": 2,
                                    "params": {"amount": 0.3, "highlights": 1.0}, "opacity": 1.0, "enabled": True, "source": "user"}
        ref = doc["layers"][2]["mask"]["ref"]
        assert doc["layers"][2]["mask"] == {"width": 60, "height": 40, "ref": ref} and ref in doc["masks"]

    def test_schema_1_file_with_inline_mask_migrates(self) -> None:
        png = Mask(disk_mask(10, 10)).to_png_base64()
        old = {"format": "ldie-edits", "schema": 1,
               "layers": [{"op": "blur", "params": {"radius": 1}, "mask": {"width": 10, "height": 10, "png": png}}]}
        stack = loads(json.dumps(old))
        assert stack[0].mask is not None and stack[0].mask.shape == (10, 10)

    def test_history_round_trip_shares_masks(self, tmp_path) -> None:
        a = Layer("blur", params={"radius": 1.0}, mask=Mask(disk_mask(30, 30)))
        b = a.with_params(radius=2.0)
        history = sidecar.History(base=[], steps=[("Add Blur", [a]), ("Blur radius", [b])], index=1)
        path = save(EditStack([a]), tmp_path / "p.jpg.ldie.json", history=history)
        doc = json.loads(path.read_text())
        assert len(doc["masks"]) == 1  # three mentions, one PNG
        stack, back = sidecar.load_document(path)
        assert back is not None and back.index == 1 and [t for t, _ in back.steps] == ["Add Blur", "Blur radius"]
        assert back.current() == [a] and back.steps[1][1][0].params == {"radius": 2.0}
        assert back.steps[1][1][0].mask is back.steps[0][1][0].mask  # decoded once

    def test_migration_runs_step_by_step(self, monkeypatch) -> None:
        # a hypothetical schema 3 that renamed "op" to "operation"; a schema-1 file goes 1 -> 2 -> 3
        def to_3(doc):
            for layer in doc["layers"]:
                layer["operation"] = layer.pop("op")
            return doc

        monkeypatch.setattr(sidecar, "SCHEMA", 3)
        monkeypatch.setitem(sidecar.MIGRATIONS, 2, to_3)
        old = {"format": "ldie-edits", "schema": 1, "layers": [{"op": "contrast", "params": {"amount": 0.2}}]}
        migrated = sidecar.migrate(json.loads(json.dumps(old)))
        assert migrated["schema"] == 3 and migrated["layers"][0]["operation"] == "contrast"
        assert migrated["masks"] == {}

    def test_operation_parameters_migrate_through_the_operation(self) -> None:
        text = json.dumps({"format": "ldie-edits", "schema": 1,
                           "layers": [{"op": "contrast", "version": 7, "params": {"amount": 0.2}}]})
        with pytest.raises(SidecarError, match="contrast: cannot read parameters of version 7"):
            loads(text, "edits.json")

    @pytest.mark.parametrize("text,problem", [
        ("", "not valid JSON"),
        ("{", "not valid JSON"),
        ("[]", "not a JSON object"),
        ('{"format": "x"}', "not an LDIE edit file"),
        ('{"format": "ldie-edits", "schema": 99, "layers": []}', "newer LDIE Desktop"),
        ('{"format": "ldie-edits", "schema": 1}', "no layer list"),
        ('{"format": "ldie-edits", "schema": 1, "layers": [{"op": "sparkle"}]}', "unknown operation 'sparkle'"),
        ('{"format": "ldie-edits", "schema": 1, "layers": [{"op": "contrast", "params": {"amount": "lots"}}]}', "expected a number"),
        ('{"format": "ldie-edits", "schema": 1, "layers": [{"op": "contrast", "params": {"amount": NaN}}]}', "not valid JSON"),
        ('{"format": "ldie-edits", "schema": 1, "layers": [{"op": "contrast", "opacity": 3}]}', "opacity"),
        ('{"format": "ldie-edits", "schema": 1, "layers": [{"op": "contrast", "mask": {"png": "AAAA"}}]}', "mask"),
        ('{"format": "ldie-edits", "schema": 2, "layers": [{"op": "contrast", "mask": {"ref": "ab"}}]}', "mask ab is missing"),
        ('{"format": "ldie-edits", "schema": 2, "layers": [], "history": {"steps": [], "index": 3}}', "history index"),
    ])
    def test_malformed_files_give_one_line_naming_the_file(self, text: str, problem: str) -> None:
        with pytest.raises(SidecarError) as info:
            loads(text, "photo.jpg.ldie.json")
        msg = str(info.value)
        assert msg.startswith("photo.jpg.ldie.json") and problem in msg and "\n" not in msg

    @settings(max_examples=150, deadline=None)
    @given(st.recursive(st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=8),
                        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
                        max_leaves=20))
    def test_arbitrary_json_loads_or_fails_cleanly(self, value) -> None:
        docs = [value, {"format": "ldie-edits", "schema": 1, "layers": value},
                {"format": "ldie-edits", "schema": 1, "layers": [value]},
                {"format": "ldie-edits", "schema": 1, "layers": [{"op": "hue", "params": value}]},
                {"format": "ldie-edits", "schema": 2, "layers": [], "masks": value, "history": value},
                {"format": "ldie-edits", "schema": 2, "layers": [], "history": {"steps": value, "index": 0}}]
        for doc in docs:
            try:
                stack = sidecar.stack_from_document(doc, "f.json")
            except SidecarError as exc:
                assert "\n" not in str(exc)
            else:
                assert isinstance(stack, EditStack)

    @settings(max_examples=100, deadline=None)
    @given(st.binary(max_size=200))
    def test_arbitrary_bytes_fail_cleanly(self, data: bytes) -> None:
        try:
            loads(data, "f.json")
        except SidecarError as exc:
            assert "\n" not in str(exc)

    def test_save_is_atomic(self, tmp_path, monkeypatch) -> None:
        path = tmp_path / "photo.jpg.ldie.json"
        save(sample_stack(), path)
        before = path.read_bytes()

        def boom(*a, **k):
            raise OSError("disk full")

        monkeypatch.setattr(os, "replace", boom)
        with pytest.raises(OSError):
            save(EditStack([Layer.new("contrast", amount=0.5)]), path)
        assert path.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left

    def test_missing_and_huge_files(self, tmp_path, monkeypatch) -> None:
        with pytest.raises(SidecarError, match="No such file"):
            load(tmp_path / "none.ldie.json")
        p = tmp_path / "big.ldie.json"
        p.write_text("{}")
        monkeypatch.setattr(sidecar, "MAX_BYTES", 1)
        with pytest.raises(SidecarError, match="too large"):
            load(p)


def test_mask_combined_by_mode_at_the_finer_resolution() -> None:
    a = np.zeros((4, 4), np.float32)
    a[:, :2] = 1.0  # the left half
    b = np.zeros((8, 8), np.float32)
    b[:4] = 0.5  # the top half, half strength, twice as fine
    ma, mb = Mask(a), Mask(b)
    assert ma.combined(mb, "replace") is mb
    add, sub, both = (ma.combined(mb, m).data for m in ("add", "subtract", "intersect"))
    assert add.shape == sub.shape == both.shape == (8, 8)
    assert add[0, 0] == 1.0 and add[0, 7] == 0.5 and add[7, 7] == 0.0 and add[7, 0] == 1.0
    assert sub[0, 0] == 0.5 and sub[7, 0] == 1.0 and sub[0, 7] == 0.0
    assert both[0, 0] == 0.5 and both[7, 0] == 0.0 and both[0, 7] == 0.0
    with pytest.raises(ValueError, match="unknown mask mode"):
        ma.combined(mb, "xor")


def test_a_drawn_shape_is_kept_as_words_that_redraw_it_at_any_size() -> None:
    """A graduated or radial mask drawn by hand is kept in the layer's place as fractions of the
    photo ("gradient 0.5000 0.1000 0.5000 0.5000"): redrawn at another resolution it is the same
    mask, resized; anything else is not a shape."""
    from ldie_desktop.document.mask import parse_shape, shape_text, shape_words

    words = shape_words("gradient", (100.0, 20.0), (100.0, 100.0), (200, 200))
    assert words == "gradient 0.5000 0.1000 0.5000 0.5000" and shape_text(words) == "a graduated mask"
    assert parse_shape(words) == ("gradient", (0.5, 0.1), (0.5, 0.5))
    small, big = Mask.from_shape(words, (200, 200)), Mask.from_shape(words, (800, 800))
    assert np.allclose(big.resized(200, 200), small.data, atol=0.02)
    assert small.data[10, 100] > 0.99 and small.data[110, 100] < 0.01
    radial = Mask.from_shape(shape_words("radial", (50.0, 50.0), (90.0, 50.0), (100, 200)), (100, 200))
    assert radial.data[50, 50] == 1.0 and radial.data[50, 95] == 0.0 and shape_text("radial 0 0 1 1") == "a radial mask"
    from ldie_desktop.document.mask import shape_feather

    hard = shape_words("radial", (50.0, 50.0), (90.0, 50.0), (100, 200), feather=0.0)
    assert hard.endswith(" 0.00") and shape_feather(hard) == 0.0 and shape_feather(words) == 0.5
    edge = Mask.from_shape(hard, (100, 200)).data[50]
    assert edge[50 + 38] == 1.0 and edge[50 + 41] == 0.0  # no fade: a hard circle
    for other in ("the sky", "gradient 1 2 3", "gradient a b c d", "radial 0 0 nan 1", "blob 0 0 1 1",
                  "gradient 0 0 1 1 0.5", "radial 0 0 1 1 2"):
        assert parse_shape(other) is None and Mask.from_shape(other, (10, 10)) is None


def test_an_ellipse_goes_through_the_point_dragged_to_and_its_feather_can_change() -> None:
    from ldie_desktop.document.mask import ellipse_radii, parse_shape, shape_feather, shape_text, shape_words, with_feather

    assert ellipse_radii(30.0, 30.0) == pytest.approx((42.43, 42.43), abs=0.01)  # a diagonal drag: a circle
    assert ellipse_radii(100.0, 0.0) == pytest.approx((141.42, 14.14), abs=0.01)  # never flatter than 1:10
    words = shape_words("ellipse", (100.0, 100.0), (110.0, 140.0), (200, 200), feather=0.0)  # tall: 14 x 57 px
    assert parse_shape(words)[0] == "ellipse" and shape_text(words) == "a radial mask"
    m = Mask.from_shape(words, (200, 200)).data
    assert m[100, 100] == 1.0 and m[100 + 54, 100] == 1.0 and m[100 + 59, 100] == 0.0  # tall
    assert m[100, 100 + 13] == 1.0 and m[100, 100 + 16] == 0.0  # narrow
    assert m[136, 109] == 1.0 and m[144, 111] == 0.0  # its edge goes through the point dragged to
    soft = with_feather(words, 0.6)
    assert soft == words[: -len("0.00")] + "0.60" and shape_feather(soft) == 0.6
    assert 0.0 < Mask.from_shape(soft, (200, 200)).data[100 + 35, 100] < 1.0
    assert with_feather("gradient 0 0 1 1", 0.3) == "gradient 0 0 1 1" and with_feather("the sky", 0.3) == "the sky"


def test_a_layer_measured_on_another_photo_keeps_its_edits() -> None:
    """Pasted or preset layers: what the operation measures from a photo (the haze colour) is
    measured again on the new one; the amount, and every other layer, stay as they were."""
    from ldie_desktop.ops.dehaze import haze_colour

    img = np.zeros((64, 64, 3), np.uint8)
    img[:] = (170, 200, 230)
    dehaze = Layer("dehaze", params={"amount": 0.4, "haze": [0.9, 0.9, 0.9]})
    again = dehaze.measured_on(img)
    assert again.params["amount"] == 0.4 and again.params["haze"] == pytest.approx(haze_colour(img))
    assert again.id == dehaze.id
    other = Layer.new("contrast", amount=0.2)
    assert other.measured_on(img) is other


def test_a_turned_ellipse_in_words() -> None:
    from ldie_desktop.document.mask import parse_shape, shape_angle, shape_feather, shape_words, with_feather

    words = shape_words("ellipse", (100, 50), (150, 60), (100, 200), 0.4, 30)
    assert words.endswith(" 0.40 30.0") and shape_angle(words) == 30.0 and shape_feather(words) == 0.4
    assert shape_angle(with_feather(words, 0.2)) == 30.0 and shape_feather(with_feather(words, 0.2)) == 0.2
    assert shape_words("ellipse", (100, 50), (150, 60), (100, 200), 0.4, 210).endswith(" 30.0")  # half a turn: itself
    assert shape_words("ellipse", (100, 50), (150, 60), (100, 200), 0.4).endswith(" 0.40")  # not turned: as before
    assert parse_shape("radial 0.5 0.5 0.6 0.6 0.5 30") is None and parse_shape("ellipse 0.5 0.5 0.6 0.6 0.5 999") is None
    turned = Mask.from_shape(words, (100, 200)).data  # centre (100, 50): its long axis turned 30 degrees
    flat = Mask.from_shape(shape_words("ellipse", (100, 50), (150, 60), (100, 200), 0.4), (100, 200)).data
    assert turned[50, 100] == 1.0 and abs(float(turned.sum()) - float(flat.sum())) / float(flat.sum()) > 0.01 or \
        not np.array_equal(turned, flat)
