"""The planner with a fake operation predictor: valid stacks, render order, unsupported requests,
local edits, cancellation, and (slow) the held-out direction evaluation with committed weights."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ldie_desktop.document.layer import Layer
from ldie_desktop.model import planner as planner_mod
from ldie_desktop.model.params import RENDER_ORDER, ParamModelConfig, ParamPredictor
from ldie_desktop.model.plan import Plan
from ldie_desktop.model.planner import (
    CAPABILITIES, Cancelled, Planner, impossible_intent, is_gibberish, place_phrase, read_directions,
)
from ldie_desktop.ops import registry

DIRECTIONS = Path(__file__).parent / "data" / "direction_requests.tsv"
HELD_OUT = sorted((Path(__file__).parent / "data").glob("direction_requests*.tsv"))

#: Keyword -> operation, for the fake predictor (the real one is a trained model).
KEYWORDS = {
    "bright": "brightness", "light": "brightness", "dark": "brightness", "dim": "brightness",
    "exposure": "exposure", "contrast": "contrast", "flat": "contrast", "punch": "contrast",
    "saturat": "saturation", "colo": "saturation", "vibran": "saturation", "vivid": "saturation",
    "warm": "temperature", "cool": "temperature", "cold": "temperature", "golden": "temperature",
    "blue": "temperature", "yellow": "temperature", "orange": "temperature", "white balance": "temperature",
    "sharp": "sharpness", "crisp": "sharpness", "detail": "sharpness", "clearer": "sharpness",
    "blur": "blur", "focus": "blur", "noise": "denoise", "grain": "denoise",
    "black and white": "black_and_white", "black & white": "black_and_white", "monochrome": "black_and_white",
    "gray": "black_and_white", "grey": "black_and_white", "remove all colo": "black_and_white",
    "remove": "inpaint_obj", "erase": "inpaint_obj", "background": "color_bg", "rotate": "rotate",
    "flip": "flip", "mirror": "flip", "curve": "tint", "tone curve": "tint", "hue": "hue", "crop": "crop",
}
LOCAL_WORDS = ("face", "sky", "man", "woman", "left", "right", "person", "tree", "dog", "cat")


@dataclass
class FakePrediction:
    probs: dict[str, float]
    chosen: list[str]
    local: dict[str, float] = field(default_factory=dict)
    words: dict[str, list[str]] = field(default_factory=dict)


class FakePredictor:
    """Keyword matching with the real predictor's interface."""

    def __init__(self) -> None:
        self.calls = 0

    def predict(self, requests: Sequence[str]) -> list[FakePrediction]:
        self.calls += 1
        out = []
        for text in requests:
            low = text.lower()
            probs = {op: 0.02 for op in registry.operations()}
            words: dict[str, list[str]] = {}
            for key, op in KEYWORDS.items():
                if key in low:
                    probs[op] = 0.9
                    hit = re.search(r"\w*" + re.escape(key) + r"\w*", low)
                    words.setdefault(op, [hit.group(0)] if hit else [])
            if "black_and_white" in words and "remove all colo" in low:
                probs["inpaint_obj"] = probs["saturation"] = 0.02
            place = [w for w in re.findall(r"\w+", low) if w in LOCAL_WORDS]
            local = {op: (0.9 if place and p > 0.5 else 0.05) for op, p in probs.items()}
            for op in words:
                words[op] = words[op] + place
            chosen = [op for op, p in probs.items() if p > 0.5]
            out.append(FakePrediction(probs, chosen, local, words))
        return out


class OraclePredictor:
    """Chooses one given operation for every request (evaluates the parameter heads alone)."""

    def __init__(self, op_for: dict[tuple[str, int], str]) -> None:
        self.op_for = op_for
        self.current: tuple[str, int] | None = None

    def predict(self, requests: Sequence[str]) -> list[FakePrediction]:
        op = self.op_for[self.current] if self.current else "brightness"
        probs = {o: (0.9 if o == op else 0.01) for o in registry.operations()}
        return [FakePrediction(probs, [op], {op: 0.0}, {op: []}) for _ in requests]


@pytest.fixture(scope="module")
def planner() -> Planner:
    """A fake predictor and an untrained parameter model (real MiniLM features)."""
    return Planner(FakePredictor(), ParamPredictor(ParamModelConfig()).eval())


def check_plan(plan: Plan) -> None:
    assert isinstance(plan, Plan)
    for layer in plan.layers:
        assert isinstance(layer, Layer) and layer.source == "model"
        assert layer.operation.validate(layer.params) == dict(layer.params)
        assert 0.0 <= (layer.confidence or 0.0) <= 1.0
    order = [RENDER_ORDER.index(l.op) for l in plan.layers if l.op in RENDER_ORDER]
    assert order == sorted(order)
    if not plan.layers:
        assert plan.message
    if plan.message:
        assert "\n" not in plan.message


class TestStacks:
    @pytest.mark.parametrize("request_text", [
        "brighter and warmer with more contrast", "make it black and white", "sharpen it a lot",
        "too dark", "reduce the noise and the saturation", "rotate it left", "flip it", "blur it slightly",
        "increase exposure", "adjust the tone curve", "shift the hue", "crop it",
    ])
    def test_valid_layers(self, planner: Planner, request_text: str) -> None:
        plan = planner.plan(request_text)
        check_plan(plan)
        assert plan.layers and plan.message is None
        assert all(l.enabled and not l.local for l in plan.layers)
        assert set(plan.probs) == set(registry.operations())

    def test_render_order_tonal_before_detail(self, planner: Planner) -> None:
        plan = planner.plan("blur it, sharpen, more contrast and make it brighter and warmer")
        assert [l.op for l in plan.layers] == ["brightness", "contrast", "temperature", "sharpness", "blur"]

    def test_layer_provenance(self, planner: Planner) -> None:
        layer = planner.plan("make it brighter").layers[0]
        assert layer.op == "brightness" and layer.words == ("brighter",)
        assert layer.confidence == pytest.approx(0.9)

    @pytest.mark.parametrize("image", [
        np.zeros((40, 60, 3), np.uint8), np.ones((17, 9, 3), np.float32), np.full((32, 32), 128, np.uint8),
        np.full((20, 20, 3), np.nan, np.float32), np.zeros((0, 5, 3), np.uint8),
    ])
    def test_any_image(self, planner: Planner, image: np.ndarray) -> None:
        check_plan(planner.plan("make it brighter", image))

    def test_photo_changes_parameters_only_through_statistics(self, planner: Planner, sample_rgb) -> None:
        a = planner.plan("fix it and make it brighter", sample_rgb)
        b = planner.plan("fix it and make it brighter", sample_rgb.astype(np.float32) / 255.0)
        assert a.layers[0].params == pytest.approx(b.layers[0].params, abs=1e-3)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(text=st.text(max_size=200))
    def test_any_text_never_raises(self, planner: Planner, text: str) -> None:
        check_plan(planner.plan(text))

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(words=st.lists(st.sampled_from(sorted(KEYWORDS) + ["the", "a", "bit", "more", "less", "face", "left",
                                                              "add", "hat", "zzqx", "and"]), max_size=12))
    def test_any_word_salad_never_raises(self, planner: Planner, words: list[str]) -> None:
        check_plan(planner.plan(" ".join(words)))

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(words=st.lists(st.sampled_from([
        "remove", "the", "noise", "and", "crop", "to", "16:9", "square", "rotate", "90", "degrees", "clockwise",
        "straighten", "exposure", "+1", "stop", "saturation", "-50", "vintage", "look", "sepia", "undo", "hello",
        "fix", "it", "add", "a", "vignette", "colour", "cast", "white", "balance", "better", "face", "left", "%",
        "grain", "film", "teal", "orange", "shadows", "highlights", "grade", "smooth", "skin", "remvoe", "balck", "/"]),
        max_size=10))
    def test_everyday_word_salad_with_a_photo_never_raises(self, planner: Planner, words: list[str]) -> None:
        img = np.random.default_rng(len(words)).integers(0, 255, (48, 64, 3), dtype=np.uint8)
        check_plan(planner.plan(" ".join(words), img))

    def test_thread_safe(self, planner: Planner) -> None:
        errors: list[BaseException] = []

        def work() -> None:
            try:
                for _ in range(5):
                    check_plan(planner.plan("more contrast and warmer"))
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors

    def test_cancel(self, planner: Planner) -> None:
        with pytest.raises(Cancelled):
            planner.plan("make it brighter", cancel=lambda: True)


class TestUnsupported:
    @pytest.mark.parametrize("text,reason", [
        ("", "empty"), ("   \n\t", "empty"), ("\x00\x01", "empty"),
        ("asdkjh qwpeoiru zxmcnv", "gibberish"), ("1234 !!! ###", "gibberish"), ("lkjsdf brighter qqqwx", "gibberish"),
        ("add a hat", "impossible"), ("put the Titanic in the sea", "impossible"),
        ("draw a moustache on him", "impossible"), ("insert my dog next to her", "impossible"),
        ("add a rainbow and make it brighter", "impossible"), ("turn the cat into a tiger", "impossible"),
        ("make him wear sunglasses", "impossible"), ("make it look like a cat", "impossible"),
        ("what time is it", "unclear"), ("hello there", "chat"), ("thanks!", "chat"), ("how are you?", "chat"),
    ])
    def test_no_layers_and_a_message(self, planner: Planner, text: str, reason: str) -> None:
        plan = planner.plan(text)
        assert plan.layers == []
        assert plan.extra["unsupported"] == reason
        assert plan.message and plan.message.endswith(CAPABILITIES) and "\n" not in plan.message

    def test_message_says_what_it_cannot_do(self, planner: Planner) -> None:
        assert planner.plan("add a hat").message.startswith("I can't add new things to a photo.")
        for text in ("make it look like a painting", "turn the cat into a tiger", "make her smile"):
            assert planner.plan(text).message.startswith("I can't change what is in a photo or turn it into"), text

    @pytest.mark.parametrize("text", [
        "add contrast", "add a bit of warmth", "add more saturation", "put some more light in it",
        "add a touch of blur", "add sharpness and detail", "turn it into black and white",
        "please add some contrast to the image", "add a warm tone",
    ])
    def test_adjustments_with_create_verbs_are_fine(self, text: str) -> None:
        assert impossible_intent(text) is None

    @pytest.mark.parametrize("text", [
        "make it brighter", "too dark", "remove the man on the left", "pls brighten the pic",
        "Make the photo warmer!", "it's way too grainy", "b&w please", "I'd like it blurred",
    ])
    def test_real_requests_are_not_gibberish(self, text: str) -> None:
        assert not is_gibberish(text)


class TestLocal:
    def test_object_removal_is_disabled_with_a_message(self, planner: Planner) -> None:
        plan = planner.plan("remove the man on the left")
        check_plan(plan)
        assert [l.op for l in plan.layers] == ["inpaint_obj"]
        layer = plan.layers[0]
        assert not layer.enabled and layer.local
        assert plan.message == ("I could not find where 'the man on the left' is yet; "
                                "paint a mask on the disabled layer.")

    def test_local_and_global_together(self, planner: Planner) -> None:
        plan = planner.plan("make the background white and the whole photo warmer")
        ops = {l.op: l for l in plan.layers}
        assert not ops["color_bg"].enabled and ops["color_bg"].local
        assert ops["temperature"].enabled and not ops["temperature"].local
        assert plan.message == "I could not find where 'the background' is yet; paint a mask on the disabled layer."

    def test_global_op_marked_local_is_disabled(self, planner: Planner) -> None:
        plan = planner.plan("brighten the face")
        assert [l.op for l in plan.layers] == ["brightness"]
        assert not plan.layers[0].enabled and plan.layers[0].local
        assert "'the face'" in plan.message

    def test_place_phrase(self) -> None:
        assert place_phrase("remove the man on the left", ["remove", "man", "left"]) == "the man on the left"
        assert place_phrase("blur it", ["blur"]) is None


def committed_params() -> Path | None:
    found = sorted((Path(__file__).resolve().parents[1] / "models").glob("params-v*.safetensors"))
    return found[-1] if found else None


@pytest.mark.parametrize("path", HELD_OUT, ids=lambda p: p.name)
def test_held_out_direction_file(path: Path) -> None:
    rows = read_directions(path)
    qualities = {(q, s) for q, s, _ in rows}
    assert qualities == set(planner_mod.DIRECTION_OPS)
    assert len({r for _, _, r in rows}) == len(rows)


@pytest.mark.slow
@pytest.mark.skipif(committed_params() is None or not planner_mod.default_params_path().is_file(),
                    reason="no committed models")
def test_held_out_directions_move_the_named_quality(sample_rgb) -> None:
    """The app's planner (predicted operations, the heads, the direction words) on every held-out
    direction request moves the named quality the right way on the sample photo and a generated
    textured one, >= 95 % of the time (issue 3's target)."""
    planner = Planner.load()
    yy, xx = np.mgrid[0:192, 0:256] / 256.0
    texture = 0.08 * np.sin(xx * 90.0) * np.cos(yy * 70.0) + np.random.default_rng(0).normal(0, 0.03, xx.shape)
    generated = np.stack([0.3 + 0.4 * xx, 0.25 + 0.3 * yy, 0.5 - 0.2 * xx], -1) + texture[..., None]
    rows = [r for path in HELD_OUT for r in read_directions(path)]
    images = [sample_rgb, (np.clip(generated, 0, 1) * 255).astype(np.uint8)]
    res = planner_mod.evaluate_directions(planner, rows, images, side=192)
    assert res["accuracy"] >= 0.95, res["failures"][:10]


@pytest.mark.parametrize(("text", "expected"), [
    ("make the background transparent", {"transparent": 1}),
    ("remove the background", {"transparent": 1}),
    ("cut him out", {"transparent": 1}),
    ("change the background to black", {"color": planner_mod.BG_COLOURS["black"]}),
    ("put him on a plain blue background", {"color": planner_mod.BG_COLOURS["blue"]}),
    ("remove the background and make it pink", {"color": planner_mod.BG_COLOURS["pink"]}),
    ("white background, transparent as png", {"color": (1.0, 1.0, 1.0), "transparent": 1}),
    ("remove the man on the left", {}),
    # the colour it should become, not the one it is (white before, session 18)
    ("turn the white background black", {"color": planner_mod.BG_COLOURS["black"]}),
    ("change the background from grey to white", {"color": planner_mod.BG_COLOURS["white"]}),
])
def test_background_fill_from_words(text: str, expected: dict) -> None:
    assert planner_mod.background_fill(text) == expected


@pytest.mark.parametrize(("text", "op"), [
    ("remove the background", "color_bg"), ("erase the backdrop", "color_bg"), ("make the background blue", "color_bg"),
    ("remove the person", "inpaint_obj"), ("erase the car in the background", "inpaint_obj"),
])
def test_background_requests_name_color_bg_not_removal(text: str, op: str) -> None:
    assert list(planner_mod.named_operations(text)) == [op]


@pytest.mark.parametrize(("text", "words", "local"), [
    ("brighten the face a little", ["brighten"], True),
    ("make the sky bluer", ["bluer"], True),
    ("make the girl on the left brighter", ["brighter"], True),
    ("make it brighter", ["brighter"], False),
    ("brighten the image", ["brighten"], False),
    ("make the whole photo warmer", ["warmer"], False),
    ("make the person brighter and increase the contrast", ["contrast", "increase"], False),
    ("make the person brighter and increase the contrast", ["brighter"], True),
    ("can someone edit to make it brighter", ["brighter"], False),
    ("remove the cars and brighten", [], False),
])
def test_a_named_region_makes_an_edit_local(text: str, words: list[str], local: bool) -> None:
    assert planner_mod.names_a_region(text, words) is local


def test_global_prediction_with_a_region_gives_a_local_layer(planner: Planner) -> None:
    [layer] = planner.plan("brighten the face").layers  # the fake predictor says global
    assert layer.local and not layer.enabled  # no photo: offered disabled, to be painted
    [layer] = planner.plan("brighten the picture").layers
    assert not layer.local and layer.enabled


def test_a_bundled_step_too_faint_to_see_is_left_out(planner: Planner) -> None:
    """A signed slider the request does not name, set so near its default that nothing would be
    seen (GIER's bundle: "brighten the snow and fix the white balance" brought a global
    brightness -0.03 beside the snow's), is left out; a named one stays, and a plan is never
    emptied by it."""
    from ldie_desktop.model.planner import _faint

    assert _faint(Layer("brightness", params={"amount": -0.03})) and not _faint(Layer("brightness", params={"amount": 0.2}))
    assert _faint(Layer("exposure", params={"stops": 0.05})) and not _faint(Layer("vignette", params={"amount": 0.01}))
    from ldie_desktop.model.planner import _Prediction

    class Bundle:
        def predict(self, requests):
            probs = {o: (0.95 if o in ("brightness", "contrast") else 0.01) for o in registry.operations()}
            return [_Prediction(probs, ["brightness", "contrast"], {"brightness": 0.0, "contrast": 0.0},
                                {"brightness": ["brighten"], "contrast": ["nicer"]}) for _ in requests]

    # the untrained heads give every slider its default: the named brightness (its direction's
    # floor) stays, the bundled contrast at 0 goes
    assert [l.op for l in Planner(Bundle(), planner.params).plan("brighten it and make it nicer").layers] == ["brightness"]


@pytest.mark.parametrize("text", ["https://example.com/photo.jpg", "C:\\Users\\me\\Pictures\\img.png",
                                  "/home/me/photos/cat.jpg", "IMG_1234.JPG", "www.example.com/a.png"])
def test_a_path_or_an_address_is_no_request(text: str, planner: Planner) -> None:
    # a path pasted in the box planned erasures of "c users" and "png"; an address GIER's bundle
    plan = planner.plan(text, np.full((32, 32, 3), 100, np.uint8))
    assert not plan.layers and "File > Open" in plan.message and plan.extra["unsupported"] == "path"


@pytest.mark.parametrize(("text", "ok"), [("crop to 0:5", False), ("crop it to 1000:1", False), ("crop to 4:0", False),
                                          ("crop it to 4:5", True), ("crop to 21:9", True), ("crop to 2.35:1", True)])
def test_a_crop_to_no_shape_says_so(text: str, ok: bool, planner: Planner) -> None:
    # "crop to 0:5" cropped round the subject; "2.35:1" was parted at its decimal point, "crop to 2" and "35:1"
    plan = planner.plan(text, np.full((300, 400, 3), 100, np.uint8))
    if ok:
        [crop] = plan.layers
        target = [float(x) for x in text.split()[-1].split(":")]
        h = 300 * (1 - (crop.params["top"] + crop.params["bottom"]) / 100)
        w = 400 * (1 - (crop.params["left"] + crop.params["right"]) / 100)
        assert w / h == pytest.approx(target[0] / target[1], rel=0.02)
    else:
        assert not plan.layers and "no shape" in plan.message


@pytest.mark.parametrize(("text", "foreign"), [
    ("hazlo más brillante", True), ("mach es heller", True), ("rends-la plus lumineuse", True),
    ("rendila più luminosa", True), ("deixe a imagem mais clara", True),
    ("make it brighter", False), ("bitte make it brighter", False), ("make it more brillante", False),
    ("remove the man", False), ("", False), ("plus de contraste", False),  # no word of another language's list
    ("rends la photo plus lumineuse", True),  # "photo" is English too: a bundle of curves for 'luminous' before
    ("сделай ярче", True), ("明るくして", True),  # other scripts: "I didn't understand" before
    ("make it very sombre", False), ("add more contrast por favor", False),
])
def test_requests_in_other_languages(text: str, foreign: bool, planner: Planner) -> None:
    assert planner_mod.is_foreign(text) is foreign
    if foreign:  # GIER's bundle of curves before; now a message and no layers
        plan = planner.plan(text)
        assert not plan.layers and "English" in plan.message and plan.extra["unsupported"] == "foreign"


def test_restraint_alone_is_the_auto() -> None:
    assert planner_mod._RESTRAINT_SAID.fullmatch("keep it natural") and planner_mod._RESTRAINT_SAID.fullmatch(
        "nothing too crazy")
    assert planner_mod._RESTRAINT_SAID.sub(" gently", "add a vignette but not too dark").strip() == "add a vignette gently"


def test_a_looks_own_words_are_no_place() -> None:
    assert planner_mod._placed_look("a low key look") == "darker, more contrast, darken the shadows"  # not a key
    assert planner_mod._placed_look("make the sky more dramatic").endswith("on the sky")
    assert planner_mod._placed_look("make her pop") == "more contrast on the person, more saturation on the person"
    assert planner_mod.split_clauses("sharpen her but blur the rest") == ["sharpen her", "blur the rest"]
    assert planner_mod.split_clauses("brighten everything but the dog") == ["brighten everything but the dog"]


@pytest.mark.parametrize(("typed", "clauses"), [
    ("1. brighten it 2. crop it to a square", "brighten it, crop it to a square"),  # no "brighten it 2"
    ("1) straighten 2) more contrast 3) a bit warmer", "straighten, more contrast, a bit warmer"),
    ("(1) brighter (2) warmer", "brighter, warmer"),
    ("step one: fix the tilt. step two: more vibrance", "fix the tilt. more vibrance"),
    ("- brighter\n- warmer\n* sharper", "brighter, warmer, sharper"),
    ("brighter\r\nwarmer.\nsharper", "brighter, warmer. sharper"),
    # numbers that are not items stay
    ("raise the exposure by 1. then sharpen", "raise the exposure by 1. then sharpen"),
    ("exposure +1.5 and contrast 20", "exposure +1.5 and contrast 20"), ("brightness -20", "brightness -20"),
])
def test_a_list_is_read_as_clauses(typed: str, clauses: str) -> None:
    assert planner_mod.clean_request(typed) == clauses


@pytest.mark.parametrize("text", ["put the product on a pure white background", "put him on a plain blue background",
                                  "put her in front of a white backdrop"])
def test_on_a_one_colour_background_is_a_fill_not_a_new_thing(text: str) -> None:
    assert impossible_intent(text) is None
    assert impossible_intent("put a hat on him") is not None
    assert impossible_intent("add 10 points of contrast") is None  # an amount's noun, not a thing added


def test_a_colour_is_not_a_place() -> None:
    assert not planner_mod.names_a_region("way too orange", ["orange"])
    assert planner_mod.names_a_region("make the orange car brighter", ["brighter"])
    # an everyday thing outside COCO is a place too; the photo is not
    assert planner_mod.names_a_region("brighten the koala", ["brighten"])
    assert not planner_mod.names_a_region("brighten the photo", ["brighten"])


@pytest.mark.parametrize(("text", "ops"), [
    ("remove all the colour", ["black_and_white"]), ("strip out the colors", ["black_and_white"]),
    ("remove the car", ["inpaint_obj"]), ("it's a bit blurry", ["sharpness"]),
    ("give it an icy look", ["temperature"]), ("a golden tone please", ["temperature"]),
    ("remove the stop sign", ["inpaint_obj"]),  # a sign, not a stop of exposure
    ("fix the tilt", ["rotate"]), ("it's a bit wonky", ["rotate"]), ("make it a passport photo", ["crop"]),
])
def test_more_named_operations(text: str, ops: list[str]) -> None:
    assert sorted(planner_mod.named_operations(text)) == ops


@pytest.mark.parametrize(("text", "impossible"), [
    ("add a soft dreamy blur", False), ("add some warmth to it", False), ("add a vintage look", False),
    ("add a red car", True), ("add a hat with blue feathers", True),
    ("make it look like a sunny day", False), ("make it look like an old film photo", False),
    ("make it look like a cat", True),
])
def test_what_add_adds_is_the_head_of_its_phrase(text: str, impossible: bool) -> None:
    assert (impossible_intent(text) is not None) is impossible


def test_crop_around_a_region() -> None:
    mask = np.zeros((100, 200), np.float32)
    mask[40:60, 100:140] = 1.0  # a 20 x 40 box; 15 % margin: 3 rows, 6 columns
    assert planner_mod.crop_around(mask) == pytest.approx({"left": 47.0, "top": 37.0, "right": 27.0, "bottom": 37.0})
    # each side cuts at most ``most`` (the crop's own limit, 90 %)
    assert planner_mod.crop_around(mask, most=45.0)["left"] == 45.0
    assert planner_mod.crop_around(np.zeros((10, 10))) == {}
    whole = planner_mod.crop_around(np.ones((10, 10)))
    assert all(v == 0.0 for v in whole.values())


@pytest.mark.parametrize(("text", "ops"), [
    ("make the background black and white", ["black_and_white"]),
    ("remove the background and make it black and white", ["black_and_white", "color_bg"]),
    ("make her suit less orange", ["temperature"]),
])
def test_black_and_white_is_not_a_background_colour(text: str, ops: list[str]) -> None:
    assert sorted(planner_mod.named_operations(text)) == ops


def test_trigger_words_drop_places_and_other_edits() -> None:
    assert planner_mod.trigger_words("brightness", ["brighten", "remove", "sky"]) == ["brighten"]
    assert planner_mod.trigger_words("hue", ["greener", "sky"]) == ["greener"]


class RecordingGrounder:
    """Records the phrase each layer is grounded with; places everything but dogs."""

    def __init__(self) -> None:
        self.phrases: list[tuple[str, str]] = []

    def proposals(self, img: np.ndarray) -> list:
        return []

    def ground(self, phrase: str, op: str, props: list, shape: tuple[int, int], image=None, step=None):
        from ldie_desktop.document.mask import Mask
        from ldie_desktop.grounding.grounder import Grounding

        self.phrases.append((op, phrase))
        if "dog" in phrase:
            return Grounding(None, [], "dog", 0.0, [], "found no dog in the photo")
        return Grounding(Mask(np.ones((8, 8), np.float32)), [], phrase, 0.9, [])


def test_each_local_layer_is_grounded_with_its_own_clause(planner: Planner) -> None:
    grounder = RecordingGrounder()
    p = Planner(planner.predictor, planner.params, grounder=grounder)
    plan = p.plan("brighten her face and remove the dog", np.full((32, 32, 3), 100, np.uint8))
    phrases = dict(grounder.phrases)
    assert "dog" not in phrases["brightness"] and "face" not in phrases["inpaint_obj"]
    removal = next(l for l in plan.layers if l.op == "inpaint_obj")
    assert not removal.enabled and "the dog" in plan.message
    assert next(l for l in plan.layers if l.op == "brightness").enabled


@pytest.mark.parametrize(("request_", "phrase"), [
    ("clean up the table", "the clutter on the table"), ("tidy up the kitchen floor", "the clutter on the kitchen floor"),
    ("remove the stuff on the desk", "the clutter on the desk"), ("get rid of the mess on the floor", "the mess on the floor"),
])
def test_a_place_cleaned_up_is_what_lies_on_it_removed(planner: Planner, request_: str, phrase: str) -> None:
    # "clean up the table" planned a removal of the table
    grounder = RecordingGrounder()
    plan = Planner(planner.predictor, planner.params, grounder=grounder).plan(request_, np.full((32, 32, 3), 100, np.uint8))
    assert [l.op for l in plan.layers] == ["inpaint_obj"] and grounder.phrases == [("inpaint_obj", phrase)]


@pytest.mark.parametrize("request_", ["remove the dog, make the greens richer on the grass",
                                      "remove the dog and make the yellows greener on the grass"])
def test_colour_ranges_beside_a_removal_keep_their_own_layer(planner: Planner, request_: str) -> None:
    # the mixer was lost ("the greens" is a place's word too), or the grass got a second removal
    grounder = RecordingGrounder()
    plan = Planner(planner.predictor, planner.params, grounder=grounder).plan(request_, np.full((32, 32, 3), 100, np.uint8))
    assert sorted(l.op for l in plan.layers) == ["color_mixer", "inpaint_obj"]
    assert ("inpaint_obj", "the dog") in grounder.phrases and ("color_mixer", "the grass") in grounder.phrases


def test_crop_to_a_grounded_thing_uses_its_own_clause(planner: Planner) -> None:
    class BoxGrounder(RecordingGrounder):
        def ground(self, phrase: str, op: str, props: list, shape: tuple[int, int], image=None, step=None):
            from ldie_desktop.document.mask import Mask
            from ldie_desktop.grounding.grounder import Grounding

            self.phrases.append((op, phrase))
            m = np.zeros((100, 100), np.float32)
            m[40:60, 40:60] = 1.0  # the dog, in the middle
            return Grounding(Mask(m), [], phrase, 0.9, [])

    grounder = BoxGrounder()
    p = Planner(planner.predictor, planner.params, grounder=grounder)
    plan = p.plan("crop it to the dog, then brighten her face", np.full((32, 32, 3), 100, np.uint8))
    crop = next(l for l in plan.layers if l.op == "crop")
    assert dict(grounder.phrases)["crop"] == "crop it to the dog"
    assert crop.params["left"] == pytest.approx(37.0) and crop.params["top"] == pytest.approx(37.0)


def test_a_partly_found_request_is_placed_and_says_what_is_missing(planner: Planner) -> None:
    class PartGrounder(RecordingGrounder):
        def ground(self, phrase, op, props, shape, image=None, step=None):
            from ldie_desktop.document.mask import Mask
            from ldie_desktop.grounding.grounder import Grounding

            return Grounding(Mask(np.ones((8, 8), np.float32)), [], phrase, 0.9, [], "could not find 'the cat'")

    p = Planner(planner.predictor, planner.params, grounder=PartGrounder())
    plan = p.plan("brighten the dog and the cat", np.full((32, 32, 3), 100, np.uint8))
    [layer] = plan.layers
    assert layer.local and layer.enabled and layer.mask is not None
    assert plan.message.startswith("I could not find 'the cat'; the mask covers the rest")


def test_a_best_guess_placement_says_so(planner: Planner) -> None:
    class GuessGrounder(RecordingGrounder):
        def __init__(self, score: float) -> None:
            super().__init__()
            self.score = score

        def ground(self, phrase, op, props, shape, image=None, step=None):
            from ldie_desktop.document.mask import Mask
            from ldie_desktop.grounding.grounder import Grounding

            return Grounding(Mask(np.ones((8, 8), np.float32)), [], phrase, self.score, [])

    image = np.full((32, 32, 3), 100, np.uint8)
    plan = Planner(planner.predictor, planner.params, grounder=GuessGrounder(0.35)).plan("brighten the flag", image)
    assert plan.layers[0].enabled and plan.message.startswith("I am not sure I found 'the flag'")
    plan = Planner(planner.predictor, planner.params, grounder=GuessGrounder(0.8)).plan("brighten the flag", image)
    assert plan.layers[0].enabled and plan.message is None


def test_one_operation_in_two_clauses_gives_a_layer_each(planner: Planner) -> None:
    """"brighten her face and darken the background": two brightness layers, each grounded
    with its own clause's place and moving its own way; one clause for the whole photo is global."""
    from ldie_desktop.model.planner import _Prediction

    class Both:
        def predict(self, requests):
            probs = {o: (0.9 if o == "brightness" else 0.01) for o in registry.operations()}
            return [_Prediction(probs, ["brightness"], {"brightness": 0.0},
                                {"brightness": ["brighten", "darken"]}) for _ in requests]

    grounder = RecordingGrounder()
    p = Planner(Both(), planner.params, grounder=grounder)
    plan = p.plan("brighten her face and darken the background", np.full((32, 32, 3), 100, np.uint8))
    face, background = plan.layers
    assert face.op == background.op == "brightness" and face.local and background.local
    assert [ph for _, ph in grounder.phrases] == ["her face", "the background"]
    assert face.params["amount"] > 0 > background.params["amount"]
    assert face.words == ("brighten",) and background.words == ("darken",)
    image, background = p.plan("brighten the image and darken the background").layers
    assert not image.local and image.enabled and image.params["amount"] > 0
    assert background.local and background.params["amount"] < 0
    # the same place in both clauses is one layer
    assert len(p.plan("brighten it and then darken it").layers) == 1


def test_a_bundled_edit_is_dropped_when_every_clause_names_its_edit(planner: Planner, monkeypatch) -> None:
    """GIER bundles contrast with brightness; when every clause of a request names the edit it
    wants, a contrast change is what nobody asked for."""
    from ldie_desktop.model.planner import _Prediction

    monkeypatch.setattr(planner_mod, "_faint", lambda layer: False)  # the untrained heads' values are all faint

    class Bundle:
        def predict(self, requests):
            probs = {o: (0.95 if o in ("brightness", "contrast") else 0.01) for o in registry.operations()}
            return [_Prediction(probs, ["brightness", "contrast"], {"brightness": 0.0, "contrast": 0.0},
                                {"brightness": ["brighten", "darken"], "contrast": ["brighten"]}) for _ in requests]

    p = Planner(Bundle(), planner.params)
    assert [l.op for l in p.plan("brighten her face and darken the background").layers] == ["brightness"] * 2
    # every clause names its edit: the bundled one is left out, local or not
    assert [(l.op, l.local) for l in p.plan("brighten her face").layers] == [("brightness", True)]
    ops = [(l.op, l.local) for l in p.plan("brighten the image and darken the background").layers]
    assert "contrast" not in [op for op, _ in ops]
    # a clause that names nothing ("make it nicer") lets the model's other sure edits in
    ops = [(l.op, l.local) for l in p.plan("brighten it and make it nicer").layers]
    assert ("contrast", False) in ops and ("brightness", False) in ops
    # one that only asks for the fix of what another names ("can you fix that") does not
    assert [l.op for l in p.plan("it's too dark, can you fix that").layers] == ["brightness"]


def test_a_shaped_crop_slides_to_keep_the_subject() -> None:
    from ldie_desktop.model.planner import keep_subject

    mask = np.zeros((100, 100), np.float32)
    mask[10:100, 30:70] = 1.0  # a person from near the top to the bottom edge
    out = keep_subject({"left": 0.0, "top": 21.875, "right": 0.0, "bottom": 21.875}, mask)
    assert out["top"] + out["bottom"] == pytest.approx(43.75)  # the same 16:9 frame
    assert out["top"] <= 10.0  # the head stays in
    upside_down = keep_subject({"left": 0.0, "top": 21.875, "right": 0.0, "bottom": 21.875}, mask[::-1], "bottom")
    assert upside_down["bottom"] <= 10.0  # a photo turned upside down has its heads at the bottom
    small = np.zeros((100, 100), np.float32)
    small[60:90, 70:90] = 1.0  # a small subject low on the right: the frame centres on it
    out = keep_subject({"left": 20.0, "top": 0.0, "right": 20.0, "bottom": 0.0}, small)
    assert out["left"] == pytest.approx(40.0) and out["right"] == pytest.approx(0.0) and out["top"] == 0.0
    assert keep_subject({"left": 20.0, "right": 20.0}, np.zeros((10, 10))) == {"left": 20.0, "right": 20.0}


@pytest.mark.slow
def test_typos_are_read_as_meant_and_the_message_says_so(planner, sample_rgb) -> None:
    plan = planner.plan("remvoe the man on the left", sample_rgb)
    assert [l.op for l in plan.layers] == ["inpaint_obj"] and "Read 'remvoe' as 'remove'." in plan.message
    plan = planner.plan("make it balck and white", sample_rgb)
    assert [l.op for l in plan.layers] == ["black_and_white"]


@pytest.mark.slow
def test_a_shape_is_cropped_from_the_turned_photo(planner, sample_rgb) -> None:
    """'rotate it 90 degrees and crop it to 16:9' is a wide picture: the crop runs after the turn."""
    from ldie_desktop.render import Renderer

    plan = planner.plan("rotate it 90 degrees clockwise and crop it to 16:9", sample_rgb)
    assert [l.op for l in plan.layers] == ["rotate", "crop"]
    out = Renderer(device="cpu").render(sample_rgb, plan.layers).rgb
    assert out.shape[1] / out.shape[0] == pytest.approx(16 / 9, rel=0.02)


def test_fix_the_perspective_stands_converging_verticals_upright(real_planner) -> None:
    """"fix the perspective", "the building is leaning back": a Perspective layer whose vertical is
    measured in the photo; a photo without such lines gets a message and no layer."""
    from ldie_desktop.document import Layer
    from ldie_desktop.model.planner import NO_VERTICALS
    from ldie_desktop.render import Renderer

    img = np.full((600, 800, 3), 200, np.uint8)
    for x in range(60, 800, 90):
        img[:, x:x + 12] = 40
    seen = (Renderer().render(img, [Layer.new("perspective", vertical=-0.5)], quality="export").rgb * 255).astype(np.uint8)
    for request in ("fix the perspective", "the building is leaning back", "make the verticals straight",
                    "keystone correction please"):
        plan = real_planner.plan(request, seen)
        assert [l.op for l in plan.layers] == ["perspective"], request
        assert abs(plan.layers[0].params["vertical"] - 0.5) < 0.08
    both = real_planner.plan("fix the converging lines and brighten it a little", seen)
    assert sorted(l.op for l in both.layers) == ["brightness", "perspective"]
    flat = real_planner.plan("fix the perspective", np.full((300, 400, 3), 128, np.uint8))
    assert flat.layers == [] and flat.message == NO_VERTICALS


def test_fix_the_lens_distortion_uses_the_photos_lens_profile(real_planner) -> None:
    """"fix the lens distortion", "remove the purple fringing", "apply lens corrections": a Lens
    correction layer with the profile of the lens the EXIF names (never a removal); a photo that
    does not say its lens gets the reason, and "barrel" the manual slider."""
    from PIL import Image

    from ldie_desktop.ops.lens_profile import profile_for_photo

    e = Image.Exif()
    e[271], e[272] = "Canon", "Canon EOS 7D"
    e.get_ifd(0x8769).update({0xA434: "EF-S10-22mm f/3.5-4.5 USM", 0x920A: 10.0, 0x829D: 3.5})
    exif = e.tobytes()
    img = np.full((400, 600, 3), 128, np.uint8)
    want = profile_for_photo(exif, (400, 600)).params
    for request in ("fix the lens distortion", "remove the purple fringing", "apply lens corrections",
                    "correct the chromatic aberration", "the lines bow at the edges, fix the barrel distortion"):
        plan = real_planner.plan(request, img, exif=exif)
        fringes = "fring" in request or "chromatic" in request  # and the seams no profile corrects
        assert [l.op for l in plan.layers] == (["defringe", "lens"] if fringes else ["lens"]), request
        lens = plan.layers[-1]
        assert all(abs(lens.params[k] - v) < 1e-9 for k, v in want.items()), request
        assert "EF-S 10-22mm" in plan.message
    both = real_planner.plan("apply the lens profile and brighten it", img, exif=exif)
    assert sorted(l.op for l in both.layers) == ["brightness", "lens"]
    unknown = real_planner.plan("fix the lens distortion", img)
    assert unknown.layers == [] and "does not say which camera" in unknown.message
    barrel = real_planner.plan("fix the barrel distortion", img)
    assert [l.op for l in barrel.layers] == ["lens"] and barrel.layers[0].params["distortion"] > 0
    assert real_planner.plan("fix the pincushion distortion", img).layers[0].params["distortion"] < 0
    # no profile, but fringes the photo itself shows: measured there
    import cv2
    from conftest import SAMPLE

    from ldie_desktop.ops.lens import Lens
    from ldie_desktop.ops.spec import OpContext

    sharp = cv2.resize(cv2.imread(str(SAMPLE))[..., ::-1], (1000, 1000)).astype(np.float32) / 255
    fringed = (Lens.apply_fast(sharp, Lens.validate({"ca_red": -0.003}), OpContext(long_side=1000)) * 255).astype(np.uint8)
    plan = real_planner.plan("remove the purple fringing", fringed)
    assert [l.op for l in plan.layers] == ["defringe", "lens"] and abs(plan.layers[1].params["ca_red"] - 0.003) < 3e-4
    assert "measured in the photo" in plan.message


def test_purple_fringing_is_defringed_with_or_without_a_lens(real_planner, sample_rgb) -> None:
    """"remove the purple fringing" on a photo that says no lens and shows no lateral fringes:
    a Defringe layer for the whole photo (its colour from the words), no lens layer and no
    "set the sliders by hand"; "fringes" is no place to find; the green ones are the green slider."""
    for request, purple, green in (("remove the purple fringing", 1.0, 0.0), ("fix the chromatic aberration", 1.0, 0.6),
                                   ("get rid of the green fringes", 0.0, 1.0), ("defringe it", 1.0, 0.6),
                                   ("remove the purple edges around the branches", 1.0, 0.0)):
        plan = real_planner.plan(request, sample_rgb)
        assert [l.op for l in plan.layers] == ["defringe"], request
        layer = plan.layers[0]
        assert not layer.local and layer.mask is None, request
        assert (layer.params["purple"], layer.params["green"]) == pytest.approx((purple, green)), request
        assert not plan.message or "by hand" not in plan.message, request
    both = real_planner.plan("remove the purple fringing and brighten it a bit", sample_rgb)
    assert sorted(l.op for l in both.layers) == ["brightness", "defringe"]
    assert real_planner.plan("fix the lens distortion", sample_rgb).layers == []  # that is still the lens's


def test_fix_the_colours_asks_for_a_click_instead_of_guessing(real_planner) -> None:
    """Which colours are wrong cannot be told from a photo (a green field is not a cast): "fix the
    colours" makes no layer of its own and asks for the white balance picker; the rest of the
    request is planned as it would be alone."""
    from ldie_desktop.model.planner import PICK_GREY

    rng = np.random.default_rng(0)
    img = (rng.random((96, 128, 3)) * 200 + 20).astype(np.uint8)
    for request in ("fix the colours", "the colours look off", "colour correct it"):
        plan = real_planner.plan(request, img)
        assert plan.layers == [] and plan.extra.get("pick_white") and plan.message == PICK_GREY, request
    both = real_planner.plan("brighten it and fix the colours", img)
    alone = real_planner.plan("brighten it", img)
    assert [l.op for l in both.layers] == [l.op for l in alone.layers] == ["brightness"]
    assert both.extra.get("pick_white") and both.message.endswith(PICK_GREY) and both.request == "brighten it and fix the colours"
    for said_how in ("fix the colours to be warmer", "fix the colours and make it warmer"):
        said = real_planner.plan(said_how, img)
        assert [l.op for l in said.layers] == ["temperature"] and not said.extra.get("pick_white"), said_how


@pytest.mark.parametrize(("text", "rest", "ruled_out", "places"), [
    ("don't change the colours, just brighten it", "just brighten it", {"saturation", "hue", "temperature"}, []),
    ("make it warmer but don't touch the saturation", "make it warmer", {"saturation"}, []),
    ("don't brighten it, just add contrast", "just add contrast", {"brightness"}, []),
    ("increase the contrast without changing the colours", "increase the contrast", {"tint", "vibrance"}, []),
    ("keep the colours as they are and add contrast", "and add contrast", {"color_mixer"}, []),
    ("brighten it but leave the sky alone", "brighten it except the sky", set(), ["the sky"]),
    ("brighten it, don't touch her face", "brighten it except her face", set(), ["her face"]),
    ("add contrast without changing the background", "add contrast except the background", set(), ["the background"]),
    ("brighten it, but don't make it too bright", "brighten it", set(), []),
    ("brighten it and add contrast, but leave the sky alone", "brighten it except the sky, add contrast except the sky",
     set(), ["the sky"]),
    ("brighten it and add contrast except the sky", "brighten it except the sky, add contrast except the sky", set(),
     ["the sky"]),
    ("crop it to a square and brighten it, leave the sky alone", "crop it to a square, brighten it except the sky", set(),
     ["the sky"]),
    ("brighten the sky", "brighten the sky", set(), []),
    ("do not remove the man, blur him", "blur the man", {"inpaint_obj"}, []),
    ("please do not fiddle about", "please do not fiddle about", set(), []),  # not understood: left as it is
    # session 20: a place said to be fine is spared ("the foreground is fine" was added to the clouds' clarity); the
    # rest said to be fine asks nothing more; a quality said to be fine rules its operations out
    ("brighten the sky, the foreground is fine", "brighten the sky", set(), ["the foreground"]),
    ("darken it, her face is fine as it is", "darken it except her face", set(), ["her face"]),
    ("sharpen the clouds, everything except the clouds looks good", "sharpen the clouds", set(), []),
    ("brighten it, the colours are fine", "brighten it", {"saturation", "temperature"}, []),
    ("the street is too dark but the sky is fine", "the street is too dark", set(), ["the sky"]),
    ("the photo is good but too dark", "the photo is good but too dark", set(), []),
    # everyday_requests_v64: "no extra contrast" gave 0.75 of it; "I don't want it black and white" made it so; a
    # place kept bright is spared
    ("sharpen it, and no extra contrast please", "sharpen it please", {"contrast"}, []),
    ("no vignette, just a bit of grain", "just a bit of grain", {"vignette"}, []),
    ("I don't want it black and white, just less colourful", "just less colourful", {"black_and_white"}, []),
    ("I don't want it too dark, brighten it a bit", "brighten it a bit", set(), []),
    ("darken it but keep the clouds bright", "darken it except the clouds", set(), ["the clouds"]),
])
def test_what_to_leave_alone_is_ruled_out_or_spared(text, rest, ruled_out, places) -> None:
    got_rest, got_out, got_places = planner_mod.spared(text)
    assert got_rest == rest and ruled_out <= got_out and (got_out or not ruled_out) and got_places == places
    if not ruled_out:
        assert not got_out


@pytest.mark.slow
def test_an_exception_spares_its_place_and_only_that(real_planner, sample_rgb) -> None:
    """"brighten it, but not the sky", "... leave the sky alone": all of the photo but the sky (it
    used to be the sky alone); "everything except her face" spares the face, not all of her."""
    [sky] = real_planner.plan("brighten the sky", sample_rgb).layers
    for request in ("brighten it, but not the sky", "brighten it but leave the sky alone", "brighten it except the sky"):
        [layer] = real_planner.plan(request, sample_rgb).layers
        assert layer.op == "brightness" and layer.local, request
        assert np.abs(layer.mask.data - (1.0 - sky.mask.data)).mean() < 0.05, request
    [face] = real_planner.plan("brighten her face", sample_rgb).layers
    [rest] = real_planner.plan("brighten it, don't touch her face", sample_rgb).layers
    on_face = face.mask.data > 0.9
    assert rest.mask.data[on_face].mean() < 0.1 and rest.mask.data[face.mask.data == 0].mean() > 0.85


def test_lightroom_sliders_by_number() -> None:
    """"temp 5500" and "tint +10" are the white balance's sliders, the other one kept at the as-shot
    light (6500 K, tint 0 for a photo that is not a raw); a number is not gibberish; "orange
    saturation -20" is the colour mixer's slider, not the photo's saturation."""
    from ldie_desktop.model import intents
    from ldie_desktop.ops.white_balance import PRESET_NAMES

    custom = float(PRESET_NAMES.index("custom"))
    assert planner_mod.white_balance_light("temp 5500") == {"light": custom, "temperature": 5500.0, "tint": 0.0}
    assert planner_mod.white_balance_light("tint +10") == {"light": custom, "temperature": 6500.0, "tint": 10.0}
    assert planner_mod.white_balance_light("temperature 4000, tint -5")["tint"] == -5.0
    assert "white_balance" in planner_mod.named_operations("temp 5500") and "temperature" not in intents.amounts("temp 5500")
    for text in ("sharpening 60", "temp 5500", "tint +10", "grain amount 30"):
        assert not planner_mod.is_gibberish(text), text
    assert planner_mod.is_gibberish("12345") and planner_mod.is_gibberish("asdf 55")
    assert intents.amounts("orange saturation -20") == {"color_mixer": {"saturation_oranges": -0.2}}
    assert intents.colour_ranges("reduce the orange saturation") == {"saturation_oranges": -0.4}


@pytest.mark.parametrize(("clause", "place"), [
    ("brighten him", "the person"), ("make her brighter", "the person"), ("make him pop", "the person"),
    ("blur them a bit", "the people"), ("give her more light", "the person"),
    ("brighten her face", "her face"), ("make her eyes brighter", "her eyes"), ("make it brighter", None),
])
def test_a_person_the_edit_is_for(clause, place) -> None:
    """"brighten him", "make her pop": the person is the place (it used to be the whole photo);
    "her face" is still the face."""
    assert planner_mod.region_phrase(clause) == place


@pytest.mark.slow
def test_the_grass_and_the_trees_are_found_by_their_green(real_planner) -> None:
    """"darken the grass", "make the trees greener": the green of the photo (no scene model is
    among the offline weights), not the photo's salient thing; a photo with no green says so."""
    rng = np.random.default_rng(0)
    img = np.zeros((240, 320, 3), np.uint8)
    img[:110] = (90, 150, 230)  # sky
    img[110:] = np.clip(rng.normal((60, 120, 40), 25, (130, 320, 3)), 0, 255).astype(np.uint8)  # grass
    img[60:200, 140:180] = (200, 60, 50)  # a red post standing in it
    [layer] = real_planner.plan("darken the grass", img).layers
    m = layer.mask.resized(240, 320)
    assert layer.op == "brightness" and m[130:, :120].mean() > 0.85 and m[:100].max() < 0.1
    assert m[130:190, 150:170].mean() < 0.5  # the post is not grass
    plan = real_planner.plan("darken the grass", np.full((240, 320, 3), 128, np.uint8))
    assert all(l.mask is None or not l.enabled for l in plan.layers) and "grass" in (plan.message or "")


def test_a_thing_added_is_looked_for_within_its_clause() -> None:
    """"add contrast, keep the shadows as they are": the noun phrase after "add" ends at the comma
    (it ran on to "are" and the request was refused as adding a thing)."""
    assert impossible_intent("add contrast, keep the shadows as they are") is None
    assert impossible_intent("brighten it, add a hat") is not None
    assert planner_mod.spared("make it brighter without blowing out the sky")[0] == "make it brighter except the sky"


@pytest.mark.slow
def test_strength_words_size_the_denoise(real_planner, sample_rgb: np.ndarray) -> None:
    # "denoise it a little" was the full filter, as "denoise it" is
    def amount(text: str) -> float:
        return next(l for l in real_planner.plan(text, sample_rgb).layers if l.op == "denoise").params["strength"]
    assert amount("denoise it a little") < amount("denoise it") and amount("reduce the noise slightly, brighten it a lot") < 0.8


@pytest.mark.slow
def test_a_look_spares_what_is_kept_natural(real_planner, sample_rgb: np.ndarray) -> None:
    # "give it a vintage look but keep her face natural" laid the look on "her face natural" only
    plan = real_planner.plan("give it a vintage look but keep her face natural", sample_rgb)
    tonal = [l for l in plan.layers if l.op in ("contrast", "saturation", "temperature")]
    assert tonal and all(l.place == (("replace", "everything except her face"),) for l in tonal)
    # restraint on the edit's own place is no exception
    [blur] = [l for l in real_planner.plan("smooth her skin but keep her skin natural", sample_rgb).layers if l.op == "blur"]
    assert "except" not in str(blur.place)


@pytest.mark.slow
@pytest.mark.parametrize("request_", ["cool shadows, warm highlights", "teal shadows, orange highlights"])
def test_a_grade_said_in_two_clauses_is_one_grade(real_planner, sample_rgb: np.ndarray, request_: str) -> None:
    # the second side was lost after a comma, and GIER's bundle joined it
    [grade] = real_planner.plan(request_, sample_rgb).layers
    assert grade.op == "split_tone" and grade.params["shadow_amount"] > 0 and grade.params["highlight_amount"] > 0


@pytest.mark.slow
def test_an_old_photo_told_with_its_story_is_restored(real_planner, sample_rgb: np.ndarray) -> None:
    # the 80s of "from the 80s" laid a vintage look on it, its yellow was lost beside the scratch, and "restore it"
    # removed every layer
    plan = real_planner.plan("Hi! This is a photo of my grandma from the 80s. It's faded and a bit yellow, and there's "
                             "a scratch across her face. Could you restore it?", sample_rgb)
    by_op = {l.op: l for l in plan.layers}
    assert {"contrast", "saturation", "temperature"} <= set(by_op) and not {"vignette", "grain"} & set(by_op)
    assert by_op["contrast"].params["amount"] > 0 and by_op["temperature"].params["amount"] < 0
    assert "scratches" in plan.message


@pytest.mark.slow
@pytest.mark.parametrize("request_", ["darken the highlights on the suit and brighten her face",
                                      "brighten her face and darken the highlights on the suit, can you fix both?"])
def test_a_tonal_range_in_one_place_beside_another_edit_is_the_tone_layer_there(real_planner, sample_rgb, request_) -> None:
    # the suit's highlights were a brightness layer on "the highlights in the suit" and a Tone layer went over the whole
    # photo, or GIER's contrast joined for "can you fix both"
    layers = real_planner.plan(request_, sample_rgb).layers
    assert sorted(l.op for l in layers) == ["brightness", "tone"]
    by_op = {l.op: l for l in layers}
    assert by_op["tone"].place == (("replace", "the suit"),) and by_op["tone"].params["highlights"] < 0
    assert by_op["brightness"].place == (("replace", "her face"),) and by_op["brightness"].params["amount"] > 0


@pytest.mark.slow
@pytest.mark.parametrize(("request_", "ops"), [
    ("I want the background completely white like a passport photo", ["color_bg"]),  # a crop alone before
    ("make the colours less garish but don't lose the contrast", ["saturation"]),  # contrast -0.32 before
    ("her eyes are closed in this one, can you open them", []),  # GIER's bundle for the rest before
    ("brighten the faces of the people on the left a little? They're in the shade.", ["brightness"]),
])
def test_what_else_a_request_says_asks_nothing_more(real_planner, sample_rgb, request_: str, ops: list) -> None:
    plan = real_planner.plan(request_, sample_rgb)
    assert sorted(l.op for l in plan.layers) == ops
    assert all("shade" not in str(l.place) and "they" not in str(l.place) for l in plan.layers)


@pytest.mark.slow
@pytest.mark.parametrize(("request_", "op", "place"), [
    ("it's blurry, only sharpen the eyes", "sharpness", "the eyes"),
    ("it's too dark, brighten her face only", "brightness", "her face"),
])
def test_a_fault_beside_an_edit_of_one_place_only_is_why(real_planner, sample_rgb, request_, op, place) -> None:
    # the whole photo got the edit too
    [layer] = real_planner.plan(request_, sample_rgb).layers
    assert layer.op == op and layer.place == (("replace", place),)


@pytest.mark.slow
def test_vignetting_complained_of_is_taken_out(real_planner, sample_rgb) -> None:
    # "lighten the dark corners" was "lighten the a vignette", a darker vignette
    for request_ in ("lighten the dark corners a bit, it's got vignetting from the lens", "it's got vignetting"):
        [layer] = real_planner.plan(request_, sample_rgb).layers
        assert layer.op == "vignette" and layer.params["amount"] > 0


@pytest.mark.slow
@pytest.mark.parametrize(("request_", "turns", "angle"), [("rotate it 90", 3, 0.0), ("rotate it 180", 2, 0.0),
                                                          ("rotate it 5", 0, -5.0)])
def test_a_turn_by_a_bare_number_is_degrees(real_planner, sample_rgb, request_, turns, angle) -> None:
    # "rotate it 360" was a half turn, GIER's guess
    [layer] = real_planner.plan(request_, sample_rgb).layers
    assert (layer.params["quarter_turns"], layer.params["angle"]) == (turns, angle)


@pytest.mark.slow
def test_a_full_turn_says_it_changes_nothing(real_planner, sample_rgb) -> None:
    for request_ in ("rotate it 360", "rotate 720 degrees"):
        plan = real_planner.plan(request_, sample_rgb)
        assert not plan.layers and "full turns" in plan.message


def test_a_photo_said_to_be_over_or_underexposed_is_measured(real_planner, sample_rgb) -> None:
    """"it's overexposed" moves the photo's median to mid-grey, by at least a visible step (the head's guess was
    -1.7 EV on a well exposed photo, -2.8 EV for "way overexposed", and +0.6 EV on a very dark one)."""
    from ldie_desktop.model import autofix
    from ldie_desktop.render import Renderer

    def stops(request: str, img: np.ndarray) -> float:
        layers = real_planner.plan(request, img).layers
        assert [l.op for l in layers] == ["exposure"], request
        return layers[0].params["stops"]

    bright = np.clip(sample_rgb.astype(np.float32) * 1.8, 0, 255).astype(np.uint8)
    dark = (sample_rgb.astype(np.float32) * 0.5).astype(np.uint8)
    assert stops("it's overexposed", sample_rgb) == pytest.approx(-autofix.EXPOSURE_LEAST, abs=0.05)
    assert -autofix.EXPOSURE_MOST <= stops("it's way overexposed", sample_rgb) <= -0.5
    fixed = Renderer().render(bright, real_planner.plan("it's overexposed", bright).layers).rgb
    assert float(np.median(fixed @ np.array([0.2126, 0.7152, 0.0722]))) == pytest.approx(autofix.MID_TARGET, abs=0.06)
    assert stops("it's underexposed", dark) > 1.0 > stops("it's underexposed", sample_rgb) > 0.0
    assert stops("it's a bit underexposed", sample_rgb) < stops("it's underexposed", sample_rgb)
    assert stops("it's overexposed, exposure -1.5", sample_rgb) == pytest.approx(-1.5)  # a number said wins


@pytest.mark.parametrize("request_text", ["lift her face", "the sun was behind her so her face is in shadow, can you lift it"])
def test_a_face_lifted_is_lightened_only(real_planner, sample_rgb, request_text: str) -> None:
    layers = real_planner.plan(request_text, sample_rgb).layers
    assert [(l.op, l.place) for l in layers] == [("brightness", (("replace", "her face"),))]
    assert layers[0].params["amount"] > 0


def test_an_exposure_step_said_in_words_is_an_editor_s_step(real_planner, sample_rgb) -> None:
    """"lower the exposure" is half a stop on a well exposed photo (the head's was 1.2 EV, "a bit" 0.9 EV), scaled by
    the strength words, and more where the photo is far off in the asked direction."""
    from ldie_desktop.model.planner import EXPOSURE_FAR, EXPOSURE_STEP

    def stops(request: str, img: np.ndarray) -> float:
        layers = real_planner.plan(request, img).layers
        assert [l.op for l in layers] == ["exposure"], request
        return layers[0].params["stops"]

    assert stops("lower the exposure", sample_rgb) == pytest.approx(-EXPOSURE_STEP)
    assert stops("bring the exposure down a bit", sample_rgb) == pytest.approx(-EXPOSURE_STEP * 0.6)
    assert stops("increase the exposure a lot", sample_rgb) == pytest.approx(EXPOSURE_STEP * 1.6)
    dark = (sample_rgb.astype(np.float32) * 0.4).astype(np.uint8)
    assert stops("increase the exposure", dark) == pytest.approx(EXPOSURE_FAR)
    assert stops("lower the exposure", dark) == pytest.approx(-EXPOSURE_STEP)
    assert stops("lower the exposure by a third of a stop", sample_rgb) == pytest.approx(-1 / 3)  # a number wins


def test_the_auto_named_beside_other_edits_is_kept(real_planner, sample_rgb) -> None:
    """"auto tone, then bring the exposure down by a third of a stop" lost the Auto."""
    from ldie_desktop.model.planner import AUTO_NOTHING

    dull = (sample_rgb.astype(np.float32) * 0.45 + 60).astype(np.uint8)  # a flat, low-contrast copy
    both = real_planner.plan("auto tone, then bring the exposure down by a third of a stop", dull)
    auto = real_planner.plan("auto tone", dull)
    assert auto.layers and [l.op for l in both.layers] == [*(l.op for l in auto.layers), "exposure"]
    assert both.layers[-1].params["stops"] == pytest.approx(-1 / 3)
    balanced = real_planner.plan("auto enhance, then sharpen it", sample_rgb)
    assert [l.op for l in balanced.layers] == ["sharpness"] and balanced.message == AUTO_NOTHING


def test_a_split_tone_s_balance_is_said_in_words(real_planner, sample_rgb) -> None:
    plan = real_planner.plan("split tone: warm highlights, cool shadows, balance towards the highlights", sample_rgb)
    assert [l.op for l in plan.layers] == ["split_tone"] and plan.layers[0].params["balance"] == 0.5


def test_twice_counts_for_flips_and_quarter_turns(real_planner, sample_rgb) -> None:
    """"flip it twice" flipped both axes (a half turn); "rotate it 90 degrees twice" was one quarter turn."""
    from ldie_desktop.model.planner import FLIPPED_BACK

    flipped = real_planner.plan("flip it twice", sample_rgb)
    assert flipped.layers == [] and FLIPPED_BACK in flipped.message
    turned = real_planner.plan("rotate it 90 degrees twice", sample_rgb).layers
    assert [(l.op, l.params["quarter_turns"]) for l in turned] == [("rotate", 2.0)]
    once = real_planner.plan("flip it and make it 2x brighter", sample_rgb).layers
    assert next(l for l in once if l.op == "flip").params["horizontal"] == 1.0


def test_a_message_says_each_sentence_once(real_planner, sample_rgb) -> None:
    from ldie_desktop.model.planner import NO_BLEMISHES

    message = real_planner.plan("remove the blemishes but don't remove her freckles", sample_rgb).message
    assert message.count(NO_BLEMISHES) == 1  # it was said twice
