"""The planner: a request (and optionally the photo) in, an edit stack of model layers out.

``Planner.load()`` loads the operation predictor and the parameter model once;
``Planner.plan(request, image)`` is then thread-safe (one lock around the models) and returns
a :class:`~.plan.Plan`:

* every chosen operation becomes a ``Layer(source="model")`` with the parameters of its head,
  the predictor's probability as confidence, the words that asked for it, and its local flag,
  in :data:`~.params.RENDER_ORDER` (regions, tone, colour, black and white, detail, geometry);
* a local edit (object removal, background colour, or any operation the predictor marks local)
  is grounded: the words it attends to ("the man on the left") are matched to region
  proposals of the photo (``ldie_desktop.grounding``) and the layer gets that mask; when nothing
  matches (or there is no photo) the layer is returned disabled, with a one-line message naming
  the words it could not place, so the user can paint the mask - never a silent global edit;
* a request the app cannot carry out gets no layers and a one-line message that says so and
  names what the app can do. Three independent signals decide it, each tested on its own:
  the text is empty or mostly not words (:func:`is_gibberish`, against MiniLM's own English
  vocabulary), it asks to create something (:func:`impossible_intent`: "add a hat", "put the
  Titanic in the sea", but not "add contrast"), or the predictor chooses nothing.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import threading
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol, Sequence

import numpy as np
import torch

from ..document.layer import Layer
from ..document.mask import Mask, parse_colour, parse_spots, shape_text, spots_words
from ..grounding.tonal import colour_mask, own_colour, tonal_mask, tonal_range
from ..ops import registry
from ..ops.recolor import LUM_WEIGHTS as LUM_WEIGHTS_BLEND
from ..ops.recolor import hue_colour
from ..ops.spec import ParamValue
from . import autofix, intents, spelling
from .directions import (QUALITY_OF, QUALITY_WORDS, RESTRAINT_RE, STEP_SCALE, apply_direction, direction, strength,
                         without_strength)
from .where import follow_up_place, region_phrase
from .params import RENDER_ORDER, ParamPredictor, encode_tokens, image_proxy, image_stats
from .plan import Plan, Region

log = logging.getLogger(__name__)

CAPABILITIES = (
    "I can change brightness, exposure, highlights and shadows, contrast, clarity, haze, colour (saturation, "
    "vibrance, warmth, tone curves), sharpness, noise and blur, make it black and white, add a vignette, film grain "
    "or a colour grade, smooth skin, whiten teeth, remove red eye and dust spots, give a blown-out sky a new one, "
    "crop, rotate or "
    "flip it, stand converging verticals upright, "
    "correct lens distortion and colour fringes, give a thing a new colour, or remove/blur/pixelate/whiten marked "
    "regions."
)
#: Operations that tone the shadows and highlights themselves: "blue shadows" is their
#: parameter, not a luminosity mask.
OWN_TONES = frozenset({"split_tone", "tone"})
#: How much of the blur a skin retouch keeps ("smooth her skin"), and its radius (percent of
#: the long side, times the strength words): a soft blur at part opacity keeps the skin's texture.
SKIN_OPACITY = 0.7
SKIN_RADIUS = 0.35
MESSAGES = {
    "empty": "Tell me what to change, e.g. 'brighter and a bit warmer'. " + CAPABILITIES,
    "gibberish": "I didn't understand that request. " + CAPABILITIES,
    "foreign": "I understand requests in English only so far, e.g. 'make it brighter' or 'a bit warmer'. " + CAPABILITIES,
    "impossible": "I can't add new things to a photo. " + CAPABILITIES,
    "unclear": "I'm not sure what to change for that request. " + CAPABILITIES,
    "chat": "That doesn't ask for a change to the photo. Tell me what to change, e.g. 'brighter and a bit "
            "warmer'. " + CAPABILITIES,
    "path": "That looks like a file's path or a web address, not a change to the photo; to open a photo, use File > "
            "Open or drop it on the window.",
}
#: Requests are cut to this many characters (the encoders truncate anyway).
MAX_REQUEST = 1000
#: Below this fraction of known words a request is gibberish.
MIN_KNOWN_FRACTION = 0.5
#: The predictor's top probability below which nothing is planned.
MIN_PROBABILITY = 0.2


class Cancelled(Exception):
    """Raised by :meth:`Planner.plan` when its ``cancel`` callback turns true."""


# ---------------------------------------------------------------------------------- the predictor
class OpPredictionLike(Protocol):
    probs: dict[str, float]
    chosen: list[str]
    local: dict[str, float]
    words: dict[str, list[str]]


class OperationPredictorLike(Protocol):
    def predict(self, requests: Sequence[str]) -> Sequence[OpPredictionLike]: ...


def _load_operation_predictor() -> OperationPredictorLike:
    import importlib

    for module in ("ldie_desktop.model.predictor", "ldie_desktop.model.op_predictor"):
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        if hasattr(mod, "OperationPredictor"):
            return mod.OperationPredictor.load()
    raise FileNotFoundError("the operation predictor is not available (ldie_desktop.model.predictor)")


def _load_grounder() -> Any:
    try:
        from ..grounding import Grounder

        grounder = Grounder.load()
    except Exception as exc:  # noqa: BLE001 - missing onnxruntime or weights: plan without regions
        log.warning("grounding unavailable (%s); local edits will need a painted mask", exc)
        return None
    missing = grounder.missing()
    if missing:
        log.warning("some region models are unavailable: %s", "; ".join(missing))
    return grounder


def models_dir() -> Path:
    """``$LDIE_MODELS_DIR``, else the ``models/`` folder of the source tree."""
    env = os.environ.get("LDIE_MODELS_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "models"


def default_params_path() -> Path:
    found = sorted(models_dir().glob("params-v*.safetensors"))
    if not found:
        raise FileNotFoundError(
            f"no parameter model in {models_dir()}; train one with python -m ldie_desktop.model.train_params"
        )
    return found[-1]


# ---------------------------------------------------------------------------------- screening
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


#: A list's item markers: "1.", "2)", "(3)", "step two:" when the request starts with one; a
#: bullet ("-", "*", "•") at the start of a line.
_NUMBERED = r"(?:\(?\d{1,2}[.)]|step\s+(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*[:.)-]?)"
_FIRST_ITEM_RE = re.compile(rf"^\s*{_NUMBERED}(?=\s)", re.IGNORECASE)
_ITEM_RE = re.compile(rf"(?:^|(?<=\s)){_NUMBERED}(?=\s)", re.IGNORECASE)
_BULLET_RE = re.compile(r"^\s*[-*•·–—]+\s+", re.MULTILINE)


def unlist(text: str) -> str:
    """A request written as a list, as clauses: its lines and its items ("1. brighten it 2. crop
    it to a square", "step one: ..."; their numbers are no amounts) parted by commas."""
    text = _BULLET_RE.sub("", text)
    lines = [line.strip() for line in re.split(r"[\r\n]+", text) if line.strip()]
    text = ", ".join(line.rstrip(",;") for line in lines)
    if _FIRST_ITEM_RE.match(text):
        text = _ITEM_RE.sub(",", text).strip(" ,")
    return re.sub(r"\s*,(\s*,)*", ",", re.sub(r"([.;:!?])\s*,", r"\1", text))


def clean_request(text: str) -> str:
    """NFC, printable, single-spaced, at most :data:`MAX_REQUEST` characters; lone surrogates and
    control characters (which break tokenisers) are dropped; a list is clauses (:func:`unlist`)."""
    text = text.encode("utf-8", "replace").decode("utf-8", "replace")
    text = unicodedata.normalize("NFC", text)
    text = unlist("".join(c if c.isprintable() or c in "\r\n" else " " for c in text))
    return " ".join(text.split())[:MAX_REQUEST]


@lru_cache(maxsize=1)
def english_vocabulary() -> frozenset[str]:
    """Whole words of MiniLM's WordPiece vocabulary (lower case), or empty if it is missing."""
    try:
        from .text_encoder import minilm_dir

        lines = (minilm_dir() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    except Exception as exc:  # no encoder: gibberish detection falls back to the predictor
        log.warning("no vocabulary for gibberish detection: %s", exc)
        return frozenset()
    return frozenset(w for w in lines if w.isalpha() and not w.startswith("[")) | EXTRA_WORDS


#: Words people use in requests that the vocabulary lacks as whole words.
EXTRA_WORDS = frozenset({
    "brighten", "brighter", "darken", "darker", "desaturate", "desaturated", "saturate", "oversaturated",
    "sharpen", "sharper", "blurry", "blurrier", "denoise", "grainy", "bw", "monochrome", "greyscale", "grayscale",
    "colour", "colours", "colourful", "vibrance", "whiten", "unblur", "pls", "plz", "pic", "pics", "photo",
    "underexposed", "overexposed", "contrasty", "punchier", "crisper", "warmer", "cooler", "bluer", "greener",
    "redder", "yellower", "moodier", "dreamier", "lighten", "de", "haze", "dehaze", "bg", "img",
    "saturation", "sharpness", "vibrancy", "ev",
})


#: Words of requests in other languages that are no English words ("hazlo más brillante", "mach es
#: heller", "rends-la plus lumineuse", "rendila più luminosa").
FOREIGN_WORDS = frozenset("""
más muy favor hazlo hazla haz hacer ponlo ponla poco mucho imagen fotografía brillante oscura oscuro claro clara
menos quita quitar añade añadir cálida fría
très vous plaît rends rendre fais faire avec sans beaucoup lumineuse lumineux sombre enlève enlever
ajoute ajouter chaude froide l'image
der das ein eine ist mehr sehr bitte mach mache machen und mit ohne etwas viel heller dunkler bild wärmer kälter
entferne entfernen hinzufügen schärfer
più molto rendi fai senza luminosa luminoso scura scuro immagine togli aggiungi calda fredda
mais muito deixe deixa faça sem escura imagem tire remova adicione quente
het een meer zeer alsjeblieft maak zonder lichter donkerder afbeelding verwijder
""".split())


def is_foreign(text: str) -> bool:
    """Whether ``text`` is a request in another language: written in another script ("сделай ярче", "明るくして"),
    or as many of its words are other languages' as are the app's English words ("rends la photo plus lumineuse":
    "photo" is both)."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(ord(c) > 0x24F for c in letters) > len(letters) / 2:  # beyond the Latin alphabets
        return True
    words = [w.lower() for w in WORD_RE.findall(text)]
    foreign = sum(w in FOREIGN_WORDS for w in words)
    if not foreign:
        return False
    mine = spelling.vocabulary()[0] - _SHARED_WORDS
    return foreign >= sum(w in mine and w not in FOREIGN_WORDS for w in words)


#: Words English shares with the languages above, which say nothing of the request's language.
_SHARED_WORDS = frozenset("plus la le les de del es en un a per con die an so me no si".split())


def is_gibberish(text: str) -> bool:
    """True when fewer than half of the request's words are English words or the app's own (or
    it has none); numbers are neither ("sharpening 60", "temp 5500" are the app's words)."""
    words = [w.lower().replace("’", "'") for w in WORD_RE.findall(text)]
    words = [w for w in words if not w.replace(".", "").isdigit()]
    if not words:
        return True
    vocab = english_vocabulary()
    if not vocab:
        return False
    own = {w.lower() for ws in named_operations(text).values() for w in ws}
    known = sum(1 for w in words if w in vocab or w.split("'")[0] in vocab or w in own)
    return known / len(words) < MIN_KNOWN_FRACTION


#: Verbs that ask to create content, which no operation of the app can do.
CREATE_VERBS = ("add", "adds", "adding", "insert", "put", "place", "draw", "paste", "include", "create", "generate",
                "write", "attach", "stick")
#: What may follow "add"/"put"... in a request the app can do ("add contrast", "put more warmth").
ADJUSTMENTS = frozenset({
    "contrast", "brightness", "light", "lighting", "exposure", "saturation", "color", "colors", "colour", "colours",
    "colouring", "coloring", "warmth", "warm", "warmer", "coolness", "cool", "tone", "tones", "tint", "hue", "hues",
    "sharpness", "sharpening", "detail", "details", "definition", "clarity", "blur", "blurring", "bokeh", "vibrance",
    "vibrancy", "pop", "punch", "brightening", "depth", "drama", "highlights", "shadows", "blue", "red", "green",
    "yellow", "orange", "magenta", "gold", "golden", "saturated", "vivid", "black", "gaussian", "focus", "softness",
    "glow", "luminance", "gamma", "curves", "curve", "temperature", "crop", "cropping", "rotation", "contrasty",
    "look", "feel", "effect", "filter", "vibe", "mood", "finish", "cast", "grade", "grading", "sharpen", "brighten",
    "grain", "vignette", "vignetting", "split", "toning", "teal", "veil", "haze", "mist", "fog", "whites", "blacks",
    "dehaze", "micro", "texture", "textures",
})
FILLERS = frozenset({
    "a", "an", "the", "some", "more", "bit", "little", "of", "touch", "lot", "lots", "few", "extra", "much", "tiny",
    "slight", "slightly", "tad", "small", "amount", "nice", "good", "strong", "stronger", "subtle", "bunch", "to", "gently",
    "in", "on", "it", "this", "its", "image", "photo", "picture", "overall", "general", "even", "just", "hint",
    "dash", "warmer", "cooler", "deeper", "sharp", "soft", "light",
})
#: Words that end the noun phrase after "add" ("add a hat | with feathers").
#: Said when the Auto, asked for beside other edits, finds nothing to change.
AUTO_NOTHING = "The Auto found nothing to change: levels, midtones and colour already look balanced."
#: A clause that asks for the Auto by name, beside others ("auto tone, then ..."; the Auto was lost).
_AUTO_CLAUSE = re.compile(r"\s*(?:then\s+|first\s+|please\s+)*auto\s+enhance(?:\s+it)?(?:\s+(?:first|please))?\s*", re.IGNORECASE)
#: An exposure step said in words, in stops: plain ("lower the exposure"), and the most a photo far off in the asked
#: direction adds (then scaled by the strength words, :data:`directions.STEP_SCALE`).
EXPOSURE_STEP, EXPOSURE_FAR = 0.5, 1.5
#: A whole photo said to be over- or underexposed (the exposure measured, :func:`autofix.exposure_stops`).
_EXPOSED_RE = re.compile(r"\b(over|under)[- ]?exposed\b", re.IGNORECASE)
#: The exposure fixed, with no way said: the Auto's levels and midtones ("fix the exposure", "correct the
#: lighting", "only fix the exposure if it's off").
_FIX_TONE_RE = re.compile(
    r"^\W*(?:please\s+)?(?:(?:can|could)\s+you\s+)?(?:only\s+|just\s+)?(?:fix|correct|sort\s+out|balance|repair|normali[sz]e)\s+"
    r"(?:the\s+|its\s+|my\s+)?(?:exposure|brightness|lighting|light|levels|tones|tonality|tonal\s+range|dynamic\s+range)"
    r"(?:\s+(?:if|when)\s+(?:it's|it’s|it\s+is|its|needed|necessary)(?:\s+(?:off|wrong|bad|needed))?)?\W*$", re.IGNORECASE)
PHRASE_ENDS = frozenset({"with", "to", "on", "onto", "in", "into", "and", "of", "at", "for", "near", "next", "behind",
                         "from", "please", "so", "that", "which", "around", "over", "across", "along", "like",
                         "except", "excluding", "but", "apart", "besides", "without", "unless", "if", "when",
                         "because", "since", "until", "only"})
TRANSFORM_RE = re.compile(
    r"\b(turn|transform|change|convert)\b(?:\s+\w+){1,4}?\s+into\s+(?:an?\s+|the\s+)?(\w+)", re.IGNORECASE
)
WEAR_RE = re.compile(r"\bmake\s+(?:him|her|them|it|the\s+\w+)\s+(wear|hold|smile|laugh|jump|fly|look\s+like)\b",
                     re.IGNORECASE)
#: "turn it into black and white" is a colour change, not a new thing.
TRANSFORM_OK = frozenset({"black", "monochrome", "grayscale", "greyscale", "bw", "sepia", "a", "b"})
_AMOUNT_NOUNS = frozenset({"bit", "touch", "lot", "lots", "hint", "little", "kind", "sort", "dash", "amount", "point",
                           "points", "percent", "stop", "stops", "notch", "notches", "units"})


def impossible_intent(text: str) -> str | None:
    """The words of a request that asks to create content ("add a hat"), else ``None``."""
    for clause in re.split(r"[,;.!?]+", text):  # a noun phrase ends with its clause: "add contrast, keep ..."
        found = _created(clause)
        if found is not None:
            return found
    m = TRANSFORM_RE.search(text)
    if m and m.group(2).lower() not in TRANSFORM_OK and m.group(2).lower() not in ADJUSTMENTS:
        return m.group(0)
    m = WEAR_RE.search(text)
    if m and not (m.group(1).lower().startswith("look") and LOOKS_OK.search(text[m.end():])):
        return m.group(0)
    return None


def _created(clause: str) -> str | None:
    """The words of one clause that ask to add a thing ("add a hat"), else None."""
    words = [w.lower() for w in WORD_RE.findall(clause)]
    # "a little bit of film grain": an amount's "of" does not end the noun phrase
    words = [w for k, w in enumerate(words) if not (w == "of" and k > 0 and words[k - 1] in _AMOUNT_NOUNS)]
    for i, w in enumerate(words):
        if w not in CREATE_VERBS:
            continue
        rest = [x for x in words[i + 1 : i + 7] if x not in FILLERS]
        if not rest or (w == "draw" and rest[0] in ("attention", "eye", "eyes", "focus")):
            continue  # "draw attention to her": what a vignette is for, not a drawing
        # the noun phrase ends at its preposition: "add contrast | to the clouds"
        phrase = [x for x in itertools.takewhile(lambda x: x not in PHRASE_ENDS, words[i + 1 : i + 7])
                  if x not in FILLERS] or rest[:1]
        # the head of the noun phrase says what is added: "a soft dreamy blur", not "a red car"
        if phrase[-1] in ADJUSTMENTS or (w in ("put", "place") and rest[0] in ("back",)):
            continue
        if w in ("put", "place") and (words[i + 1 : i + 2] in (["it"], ["this"], ["that"], ["them"]) or
                                      words[i + 1 : i + 3] in (["the", "photo"], ["the", "picture"], ["the", "image"])):
            continue  # "put it in portrait orientation", "put the photo in black and white": the photo itself
        if phrase[-1] in ("background", "backdrop") and set(phrase) & _FILLS:
            continue  # "put a white background": a fill, not a scene
        if phrase[-1] in ("sky", "skies"):
            continue  # "add a sunset sky": the Sky layer's new sky
        if w in ("put", "place", "set") and _on_a_fill(clause):
            continue  # "put the product on a pure white background": the background filled, nothing added
        return " ".join(words[i : i + 4])
    return None


#: "make it look like a sunny day": a mood or a time of day is a colour and tone edit, unlike
#: "make it look like a cat".
LOOKS_OK = re.compile(r"^\W*(an? |the )?(\w+ ){0,4}?(day|sunny|summer|winter|autumn|fall|spring|morning|evening|"
                      r"sunset|sunrise|dusk|dawn|golden|hour|old|vintage|film|retro|analog|analogue|polaroid|"
                      r"postcard|professional|magazine|pro|dslr|movie|cinematic|cinema|faded|warm|cold|cool|"
                      r"dramatic|moody|dreamy|bright|dark|night|noir|classic|print|instagram)\b", re.IGNORECASE)


# ---------------------------------------------------------------------------------- named operations
#: Colours a background can be filled with, by name (sRGB in [0, 1]).
BG_COLOURS: dict[str, tuple[float, float, float]] = {
    "white": (1.0, 1.0, 1.0), "black": (0.0, 0.0, 0.0), "grey": (0.5, 0.5, 0.5), "gray": (0.5, 0.5, 0.5),
    "red": (0.85, 0.1, 0.1), "green": (0.15, 0.6, 0.2), "blue": (0.15, 0.35, 0.85), "yellow": (1.0, 0.88, 0.1),
    "orange": (1.0, 0.55, 0.05), "pink": (1.0, 0.6, 0.75), "purple": (0.5, 0.2, 0.6), "brown": (0.45, 0.3, 0.15),
    "beige": (0.96, 0.92, 0.82), "cream": (1.0, 0.99, 0.82),
}
_BG_FILLS = "|".join(sorted([*BG_COLOURS, "transparent", "plain", "solid"], key=len, reverse=True))
_FILLS = frozenset([*BG_COLOURS, "transparent", "plain", "solid", "blank", "clean", "neutral", "studio"])
_ON_A_FILL = re.compile(rf"\b(?:on|against|in\s+front\s+of)\s+(?:an?\s+|the\s+)?(?:(?:solid|plain|pure|clean|simple|"
                        rf"seamless|flat|bright|studio|clear)\s+)*(?:{_BG_FILLS}|clear)\s+(?:background|backdrop)\b",
                        re.IGNORECASE)


def _on_a_fill(clause: str) -> bool:
    """Whether ``clause`` puts its subject on a background of one colour ("on a pure white background")."""
    return bool(_ON_A_FILL.search(clause))


#: "it's a bit blurry", "came out blurry and dark": a complaint that asks for sharpening, not
#: more blur, unless the request wishes it ("make the background blurry", :data:`_WISH_BLUR`).
_BLURRY_STATE = r"\b(blurry|fuzzy|out of focus|unsharp)\b"
_WISH_BLUR = re.compile(r"\b(make|making|turn|render|keep|put|throw|want|should be)\b(\s+\w+){0,3}?\s+(blurry|fuzzy|"
                        r"out of focus)\b", re.IGNORECASE)
_NOT_BLURRY = re.compile(r"\b(less|not|no longer|never|so|too)\s+(blurry|fuzzy|out of focus)\b", re.IGNORECASE)
_BW_RE = re.compile(r"\bblack (and|&|n) white\b", re.IGNORECASE)
#: Red eyes said: "remove the red eye", "her eyes are red", "fix the red pupils".
_RED_EYES_RE = re.compile(r"\bred[- ]?eyes?\b|\bred pupils?\b|\b(eyes?|pupils?) (are|is|look|looks|went|came out) red\b|"
                          r"\bflash eyes?\b", re.IGNORECASE)
#: Dust said: "remove the dust spots", "the sensor spots", "clean up the specks".
_DUST_RE = re.compile(r"\bdust\b|\bsensor (spots?|specks?|marks?|dirt|smudges?)\b|\bdirty sensor\b|\bspecks?\b",
                      re.IGNORECASE)
#: The light a photo was taken in, said: "set the white balance to tungsten", "it was shot under
#: fluorescent light", "white balance 5000K".
#: The white balance's temperature slider by number ("temp 5500", "temperature to 4800K").
_TEMP_NUMBER = r"\btemp(?:erature)?\s*[:=]?\s*(?:to\s+|at\s+)?(?P<kelvin>\d{4,5})(?:\s?k(?:elvin)?)?\b"
#: The white balance's tint slider by number ("tint +10", "tint to -5"): Lightroom's green-magenta.
_TINT_NUMBER = r"\btint\s*[:=]?\s*(?:to\s+|by\s+|at\s+)?(?P<tint>[+\-−]?\s*\d{1,3})\b(?!\s*(?:%|k\b|kelvin))"
_LIGHTS = r"(?:daylight|sunlight|sunny|cloudy|overcast|shade|shady|tungsten|incandescent|fluorescent|flash|\d{4,5}\s?k(?:elvin)?)\b"
_WB_LIGHT = (rf"\bwhite[- ]balance\b[^,.;]{{0,30}}?\b{_LIGHTS}",
             r"\b(?:taken|shot|photographed)\s+(?:under|in|with|by)\s+(?:the\s+|an?\s+)?(?:tungsten|incandescent|"
             r"fluorescent|daylight|indoor|halogen)\s*(?:light|lights|lighting|bulbs?|lamps?)?\b",
             r"\b(?:tungsten|incandescent|fluorescent|halogen)\s+(?:light|lighting|lights|cast|bulbs?|lamps?)\b",
             r"\b(?:colou?r\s+)?temperature\s+(?:to\s+|of\s+|at\s+)?\d{4,5}\s?k(?:elvin)?\b", r"\b\d{4,5}\s?kelvin\b",
             # Lightroom's sliders by number: "temp 5500", "tint +10"
             _TEMP_NUMBER, _TINT_NUMBER)
_WB_LIGHT_RE = re.compile("|".join(_WB_LIGHT), re.IGNORECASE)


def white_balance_light(text: str, camera: Sequence[float] | None = None) -> dict[str, ParamValue]:
    """The white balance's light from the words: a preset by name ("tungsten", "fluorescent", "in
    the shade"), or Custom at the kelvin said ("5000K", "temp 5500") and the tint ("tint +10":
    from the as-shot light's, as Lightroom's slider moves from where it is; the other slider stays
    at the as-shot light, of ``camera``'s numbers when the photo is a raw)."""
    from ..ops.white_balance import PRESET_NAMES, shot_light

    t = text.lower()
    k = re.search(r"\b(?P<kelvin>\d{4,5})\s?k(?:elvin)?\b", t) or re.search(_TEMP_NUMBER, t)
    tint = re.search(_TINT_NUMBER, t)
    if k or tint:
        shot_k, shot_tint = shot_light(camera) if camera is not None and any(camera) else (6500.0, 0.0)
        kelvin = float(k.group("kelvin")) if k else round(shot_k / 50) * 50
        moved = float(tint.group("tint").replace("−", "-").replace(" ", "")) if tint else 0.0
        return {"light": float(PRESET_NAMES.index("custom")), "temperature": float(np.clip(kelvin, 2000, 12000)),
                "tint": float(np.clip(round(shot_tint + moved), -100, 100))}
    for words, name in ((("tungsten", "incandescent", "indoor", "halogen", "bulb", "lamp"), "tungsten"),
                        (("fluorescent",), "fluorescent"), (("flash",), "flash"), (("shade", "shady"), "shade"),
                        (("cloudy", "overcast"), "cloudy"), (("daylight", "sunlight", "sunny"), "daylight")):
        if any(w in t for w in words):
            return {"light": float(PRESET_NAMES.index(name))}
    return {"light": float(PRESET_NAMES.index("daylight"))}


_ONLY = re.compile(r"\bonly\b|\bjust\s+(?:on\s+)?(?:the|her|his|their|my)\b", re.IGNORECASE)
#: Words of asking, which ask for no edit by themselves ("can you open them").
_POLITE_WORDS = frozenset({"please", "can", "you", "could", "would"})
#: Words of noise and its removal, whose strength words size the denoise.
_NOISE_WORDS = re.compile(r"\b(?:nois|grain|denois|speckl|clean)", re.IGNORECASE)
#: Said when a removal names only a part of the frame.
_CROP_HINT = "To cut a part of the frame away, crop the photo (C)."

#: How a sky is said to be too bright: blown out, white, washed out.
_BRIGHT_SKY_WORDS = r"(?:blown[- ]out|blown|white|overexposed|over[- ]exposed|washed[- ]out)"
#: A new sky asked for: "replace the sky", "give it a sunset sky", "the sky is blown out".
_SKY_WORDS = rf"(?:{_BRIGHT_SKY_WORDS}|blank|empty|featureless|boring|dull|grey|gray)"


def _sky_said(words: str) -> tuple[str, ...]:
    """What a sky is said to be, as patterns: "the sky is ``words``", "the sky, it's ``words``", "fix the ``words``
    sky" (a new sky for some words; for a sky too bright, a new one only where it is washed out)."""
    how = r"(?:completely\s+|totally\s+|all\s+|too\s+|so\s+|very\s+|just\s+|a\s+bit\s+|way\s+too\s+)?"
    return (rf"\bsky\s+(?:is|was|looks|seems|came\s+out)\s+{how}{words}\b",
            rf"\bsky\s*[,;]?\s+(?:it(?:'s|\s+is|\s+was|\s+looks)|which\s+is)\s+{how}{words}\b",
            rf"\b(?:fix|repair|make)\s+(?:the\s+|this\s+|that\s+)?{words}\s+sky\b")  # "replace the white sky": above


_NEW_SKY = (r"\b(?:replace|swap|change|switch)\s+(?:out\s+)?(?:the\s+|this\s+|that\s+|my\s+)?(?:\w+\s+)?sky\b",
            r"\bsky\s+replacement\b", r"\b(?:a\s+)?(?:new|different|another|fake)\s+sky\b",
            r"\b(?:give\s+(?:it|(?:the|this|my|our)\s+\w+)|add|put\s+in|use)\s+(?:a\s+|an\s+|some\s+)?(?:\w+\s+){0,2}?"
            r"(?:blue|sunset|golden|golden[- ]hour|clear|dramatic|evening|dusk)\s+sky\b",
            *_sky_said(_SKY_WORDS))
_NEW_SKY_RE = re.compile("|".join(_NEW_SKY), re.IGNORECASE)
#: A sky said to be too bright ("the sky is blown out", "fix the white sky"): a new sky only where it is washed out; a
#: sky with colour left has highlights to recover (home.jpg's deep blue sky was replaced by a paler one).
_BRIGHT_SKY_RE = re.compile("|".join(_sky_said(rf"(?:{_BRIGHT_SKY_WORDS}|bright|light)")), re.IGNORECASE)
#: "make the sky blue": a new sky where the sky is washed out (a blue tint on white does nothing).
_BLUE_SKY_RE = re.compile(r"\bmake\s+(?:the\s+|this\s+)?sky\s+(?:more\s+|a\s+bit\s+)?(?:blue|bluer)\b", re.IGNORECASE)


def sky_look(text: str) -> int:
    """The :data:`~ldie_desktop.ops.sky.LOOKS` index the words ask for (clear blue unless they
    say sunset, golden hour, deep blue or overcast)."""
    from ..ops.sky import LOOK_NAMES

    t = text.lower()
    for words, look in ((("sunset", "dusk", "evening", "sundown"), "sunset"), (("golden",), "golden hour"),
                        (("deep", "dramatic", "dark blue", "rich"), "deep blue"),
                        (("overcast", "grey sky", "gray sky", "cloudy", "stormy"), "overcast")):
        if any(w in t for w in words):
            return LOOK_NAMES.index(look)
    return LOOK_NAMES.index("clear blue")


#: A sky this bright (median of its pixels' mean) with this little colour (median spread of its
#: channels) is washed out: "make the sky blue" there means a new sky.
WASHED_SKY = (0.8, 0.1)
#: Blemishes said: "remove the blemishes", "get rid of the pimples", "the spots on her face".
_BLEMISH_RE = re.compile(r"\bblemish(es)?\b|\bpimples?\b|\bacne\b|\bzits?\b|\bfreckles?\b|\b(skin|facial) spots\b|"
                         r"\bspots on (her|his|the|my|their|your) (face|faces|skin|cheeks?|chin|forehead|nose)\b",
                         re.IGNORECASE)
#: ... and spots on something smooth, which dust shows on: "remove the spots in the sky".
_SMOOTH_SPOTS = (r"\b(little |small |tiny |dark |black |grey |gray )?(spots|blobs|smudges) (in|on|from|all over) (the |my )?"
                 r"(sky|skies|wall|background|backdrop|photo|picture|image|shot|clouds?|sea|water)\b")
#: Colour fringes along edges: "remove the purple fringing", "fix the chromatic aberration", "defringe".
_FRINGE_WORDS = (r"\bde-?fring\w*|\bfring(e|es|ing|y)\b|\bchromatic aberrations?\b|\b(purple|magenta|violet|green) "
                 r"(edges|outlines?|halos?|glow|seams?)\b")
_PURPLE_FRINGE_RE = re.compile(r"\b(purple|magenta|violet|blue|purplish)\b", re.IGNORECASE)
_GREEN_FRINGE_RE = re.compile(r"\b(green|greenish|cyan)\b", re.IGNORECASE)
# "remove" that is not a removal: the background (a cut-out), the colours, a lens's fringes or distortion
_NOT_BACKGROUND = (r"\b{}\b(?! (all |most )?(of )?(the |its |this |her |his |their )?(background\b|backdrop\b|"
                   r"colou?rs?\b|((purple|magenta|violet|green|blue|colou?r|lens) )?fring|(purple|magenta|green) (edges|outlines?|halos?)|(lens |barrel |pincushion )?distortion|"
                   r"chromatic|red[- ]?eye|red (in|from) (the |her |his |their )?(eyes|pupils)|"
                   r"((sensor|little|small|tiny|dark|black|grey|gray) )?(dust|specks?|spots|blobs|smudges)\b))")
_TRANSPARENT_RE = re.compile(r"transparen|\bpng\b|\balpha\b", re.IGNORECASE)
_CUT_OUT_RE = re.compile(r"\bcut (it |him |her |them |this |the \w+ )?out\b|\bno (background|backdrop)\b|"
                         r"\b(remove|erase|delete|get rid of|drop) (the |its |this )?(background|backdrop)\b",
                         re.IGNORECASE)
_BG_FILL = "|".join(BG_COLOURS)
#: The named colour of a background fill, in the order the words are trusted: the one it is changed
#: "to" ("change the background from grey to white"), the one said after "background" ("turn the white
#: background black", "background to black"), the one said before it ("a blue background").
_BG_COLOUR_RES = (
    re.compile(rf"\b(?:background|backdrop)\b[^.;]*?\b(?:to|into)\s+(?:an?\s+|pure\s+|plain\s+|solid\s+)*(?P<c>{_BG_FILL})\b",
               re.IGNORECASE),
    re.compile(rf"\b(?:background|backdrop)\b(?:\W+\w+){{0,4}}?\W+(?P<c>{_BG_FILL})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<c>{_BG_FILL})\b(?=(?:\W+\w+){{0,3}}?\W+(?:background|backdrop)\b)", re.IGNORECASE),
)


def background_fill(text: str) -> dict[str, ParamValue]:
    """``color_bg``'s parameters from the words of the request: the named colour near
    "background" ("a blue background", "background to black"), and transparency for "transparent",
    and, when no colour is named, for "cut out" and "remove the background" (the fill colour,
    white by default, shows where the format has no alpha, e.g. JPEG)."""
    params: dict[str, ParamValue] = {}
    text = _BW_RE.sub(" ", text)
    m = next((found for rx in _BG_COLOUR_RES if (found := rx.search(text)) is not None), None)
    if m:
        params["color"] = BG_COLOURS[m.group("c").lower()]
    if _TRANSPARENT_RE.search(text) or (m is None and _CUT_OUT_RE.search(text)):
        params["transparent"] = 1
    return params


#: Words that name an operation outright. GIER labels an edit, not each sentence, so the
#: predictor learns its habits ("brighter" usually came with contrast, saturation and curves) and
#: rarely sees operations GIER seldom labels (black and white, exposure, white balance, flip).
#: When a request names operations, the planner does those plus only what the predictor is
#: sure of; a request that names none ("make it look better") is the predictor's alone.
NAMED: dict[str, tuple[str, ...]] = {
    "black_and_white": (r"black (and|&|n) white", r"\bsepia\b", r"\bb ?& ?w\b", r"monochrome", r"gr[ae]y ?scale", r"\bno colou?rs?\b",
                        r"\b(remove|drop|strip( out)?|take out|get rid of|lose|without|drain)( all| most)?( of)?( the)? colou?rs?\b"),
    "exposure": (r"\bexposure\b", r"\b(over|under)[- ]?exposed\b", r"\bstops?\b(?!\s+signs?\b)"),
    "temperature": (r"\bwarm(er|th|ing)?\b", r"\bcool(er|ing)?\b", r"\bcold(er)?\b",
                    r"temperature(?!\s*[:=]?\s*(?:to\s+|of\s+|at\s+)?\d{4,5}(?:\s?k(?:elvin)?)?\b)",
                    r"\b(golden|amber|icy|frosty|chilly)\b", r"\b(blu|yellow|orang)(e|ish|ey)? (tone|tint|cast|look|feel)\b",
                    rf"white balance(?![^,.;]{{0,30}}?\b{_LIGHTS})", r"\b(too|less|more) (yellow|orange|blue)\b",
                    r"\b(bluer|yellower|oranger)\b"),
    "brightness": (r"\bbright(en|er|ness)?\b", r"\bdark(en|er)?\b", r"\blight(en|er)\b", r"\bdim(mer)?\b",
                   # "lift her face", "lift it a bit": a lightening (GIER's bundle cut the face's contrast by 0.7)
                   r"\blift\s+(?:it|this|him|them|(?:the|her|his|their|my)\s+(?!(?:shadows|blacks|darks|highlights|whites|"
                   r"mood|spirits)\b)\w+)"),
    "contrast": (r"contrast", r"\bpunch(y|ier)?\b", r"\bflat\b", r"washed[- ]out"),
    "saturation": (r"saturat", r"\bvivid", r"\bvibrant\b", r"\bcolou?rful", r"\bpop\b", r"\bmuted\b",
                   r"dull colou?rs?", r"colou?rs? (are|look|seem) (dull|flat|faded|weak)", r"\bfaded\b", r"\bcolou?rs?\b.*\b(more|richer|stronger|less|weaker)\b"),
    "sharpness": (r"\bsharp", r"\bcrisp", r"\bin(to)? focus\b", _BLURRY_STATE,
                  r"\bunblur"),
    "blur": (r"\bblur(?!ry)", r"\bblurr(ed|ier)\b", r"\bmake (it|the \w+) blurry\b", r"\bbokeh\b",
             r"\bout of focus\b", r"\bsoften (the |its |her |his |their )?(background|backdrop)\b"),
    "denoise": (r"\bnois", r"\bgrain", r"\bdenois", r"\bspeckl"),
    "rotate": (r"\brotat", r"\bturn (it |the photo |the picture )?(90|ninety|upside|sideways|left|right)",
               r"\b(turn|spin)\b[^,.;]{0,20}?\b\d+\s*(°|degrees?)", r"\bstraighten", r"\bcrooked\b",
               r"\btilted\b", r"\bupside down\b", r"\b(portrait|landscape) (mode|orientation)\b", r"\bsideways\b", r"\b(skewed|askew|slanted|lopsided)\b",
               r"\blevel (out )?(the |my |this )?(horizon|photo|picture|image|shot|sea|skyline)\b",
               r"\bhorizon (is |looks |seems )?(not |isn't )?(level|straight|tilted|crooked|slanted)\b",
               r"\b(fix|correct|remove|undo|get rid of|sort out|take out)\s+(the |that |this |its )?(tilt|slant|skew)\b",
               r"\bwonky\b",
               r"\b(photo|picture|image|pic|shot|it)\s+(is\s+not|isn'?t|is\s+no|not)\s+(very\s+|quite\s+)?(straight|level)\b"),
    # "mirror it", "mirrored", "a mirror image": not a mirror in the photo ("the reflection in the mirror")
    "flip": (r"\bflip", r"\bmirror(?:ed|ing)?\s+(?:it|this|the\s+(?:photo|picture|image|shot)|horizontally|vertically|"
                     r"left\s+to\s+right|top\s+to\s+bottom)\b", r"\bmirror(?:ed)?\s+image\b", r"\bmirrored\b",
             r"^\W*mirror\W*$"),
    "perspective": (r"\bperspective\b", r"\bkeystone", r"\bconverg\w*\s+(lines|verticals)\b",
                    r"\b(vertical lines|verticals)\b[^,.;]{0,30}\b(straight|upright|parallel|lean\w*|converg\w*|tilt\w*)\b",
                    r"\b(straight(?:en)?|upright|parallel|fix|correct)\s+(the\s+)?(converging\s+|leaning\s+|tilted\s+)?(vertical lines|verticals)\b",
                    r"\b(building|buildings|tower|towers|walls?|house|church|skyscraper)\b[^,.;]{0,25}\b(lean|leans|leaning|"
                    r"falling|falls|tilts|tilting)\s+(back|backwards|over|in|inwards)\b",
                    r"\b(building|buildings|tower|towers|walls|house|church|skyscraper)\b[^,.;]{0,15}\bupright\b",
                    r"^\W*(?:auto\s+)?upright\b|\bupright\s+(?:auto|full|vertical|correction|tool)\b|\bauto[- ]upright\b"),
    # the lens: its distortion, and its colours scaled apart towards the corners (lateral
    # chromatic aberration: profiled, or measured); beside it, Defringe takes the purple and
    # green seams out along bright edges (axial aberration, which no profile corrects)
    "lens": (r"\blens (corrections?|profiles?|distortion|fringes|fringing)\b", r"\bprofile corrections?\b",
             r"\b(barrel|pincushion|pin cushion)\b", r"\bdistort(ion|ions|ed)\b", r"\bchromatic aberrations?\b",
             r"\b(purple|green|colou?r|blue) fring(e|es|ing)\b", r"\bfringing\b", r"\bfish ?eye (effect|look|distortion)\b",
             r"\b(straight|bent|bowed|curved) lines\b[^,.;]{0,30}\b(edges?|corners?|lens)\b"),
    "defringe": (_FRINGE_WORDS,),
    "recolor": (intents.RECOLOUR_RE.pattern,),
    "pixelate": (r"\bpixel(?:ate|ise|ize)[ds]?\b", r"\bpixel(?:ation|isation|ization)\b", r"\bmosaic\b",
                 r"\bcensor(?:ed|s)?\b", r"\banonymi[sz]e[ds]?\b"),
    "red_eye": (_RED_EYES_RE.pattern,),
    "spot_removal": (_DUST_RE.pattern, _SMOOTH_SPOTS, _BLEMISH_RE.pattern),
    "white_balance": _WB_LIGHT,
    "sky": _NEW_SKY,
    "vibrance": (r"\bvibranc[ey]\b",),
    "clarity": (r"\bclarity\b", r"\blocal contrast\b", r"\bmicro[- ]?contrast\b", r"(?<!grain )\btextures?\b"),
    "dehaze": (r"\bdehaze\b", r"\bhaze veil\b"),
    # the sliders by number ("highlights -40", "shadows to +30"); said in words, :func:`intents.tone_sliders`
    "tone": (r"\b(?:highlights|shadows|whites|blacks)\s*(?:(?:to|by|at)\s+)?[+\-−]?\s*\d",),
    "vignette": (intents.VIGNETTE_RE.pattern,),
    "grain": (intents.ADD_GRAIN_RE.pattern, r"\bgrain(?:\s+amount)?\s*[:=]?\s*(?:to\s+|at\s+|by\s+)?\+?\d"),
    "split_tone": (intents.SPLIT_RE.pattern,),
    "crop": (r"(?<!post-)(?<!post )\bcrop", r"\btrim\b", r"\bletterbox", r"\bcut\b[^,.;]{0,20}?\b(off|from) the (left|right|top|bottom|sides|edges)\b", r"\b(make it|to a|into a|as a) square\b", r"\bsquare (crop|format|frame)\b",
             r"\bcut\b[^,.;]{0,25}?\b(to|into|as)\s+(a\s+)?(square|\d+\s*[:x]\s*\d+)\b",
             r"\baspect ratio\b", r"\bzoom (in )?on\b", r"\bzoom in\b",
             r"\bmake (it|this|the (photo|picture|image)) (a )?(landscape|portrait)\b(?! (mode|orientation))",
             r"(?<!like a )(?<!like an )\b(passport|visa|id)[- ](photo|picture|pic|size|format|shape)\b",
             r"\b(?:make|turn|change|set|format|resize|reshape|convert)\s+(?:it|this|the\s+(?:photo|picture|image|shot|pic))\s+"
             r"(?:to\s+|into\s+|in\s+)?(?:a\s+|an\s+)?\d{1,2}\s*(?::|x|×|by|/)\s*\d{1,2}\b",
             r"\bfor\s+(?:the\s+|my\s+|an?\s+)?(?:instagram\s+)?(?:feed|stories|story|reels?|tiktok)\b"),
    "inpaint_obj": (_NOT_BACKGROUND.format(r"remove"), _NOT_BACKGROUND.format(r"erase"),
                    _NOT_BACKGROUND.format(r"get rid of"), _NOT_BACKGROUND.format(r"take out"), _NOT_BACKGROUND.format(r"delete")),
    "color_bg": (rf"\b({_BG_FILLS}) (background|backdrop)\b",
                 rf"\b(background|backdrop) (to |in |into |with )?(an? )?(solid |plain |pure )?({_BG_FILLS})\b"
                 r"(?!\s*(and|&|n)\s+white)",
                 r"\b(remove|erase|delete|get rid of|drop) (the |its |this )?(background|backdrop)\b",
                 r"\bcut (it |him |her |them |this |the \w+ )?out\b", r"\bno (background|backdrop)\b"),
}
_NAMED_RE = {op: [re.compile(p, re.IGNORECASE) for p in pats] for op, pats in NAMED.items()}
_LOCAL_CONTRAST = re.compile(r"\b(?:local|micro[- ]?)\s*contrast\b", re.IGNORECASE)
_VIGNETTE_COLOUR = re.compile(r"\b(?:dark|darker|black|white|bright|brighter|light|lighter)\s+(?=vignett)", re.IGNORECASE)
#: "fix the white balance", "remove the colour cast" (as :func:`intents.rewrite` says it).
_WHITE_BALANCE_RE = re.compile(
    r"\b(fix|correct|auto|neutrali[sz]e|repair|sort out|balance)\b(\s+\w+){0,3}?\s+(white|colou?r) balance\b(?!\s+(to|toward|towards)\b)|"
    r"\b(white|colou?r) balance\s+(is|looks|seems|was)\s+(\w+\s+)?(off|wrong|bad|weird|odd|strange)\b|"
    r"\bcolou?r cast\b|\bneutral colou?rs?\b|"
    # the white balance left to the app ("use your judgement on the white balance": a cooling guessed before)
    r"\b(use\s+your\s+judge?ment|your\s+call|you\s+decide|up\s+to\s+you|as\s+you\s+see\s+fit)\b[^,.;]{0,25}"
    r"\b(white|colou?r)\s+balance\b|\b(white|colou?r)\s+balance\b[^,.;]{0,25}\b(your\s+call|you\s+decide|up\s+to\s+you|"
    r"as\s+you\s+see\s+fit|use\s+your\s+judge?ment)\b", re.IGNORECASE)


#: Parts of a look that belong to the whole frame (a vignette, grain, a colour grade), left out
#: when the look is asked for a place.
_FRAME_PART = re.compile(r"vignette|grain|&", re.IGNORECASE)


#: Words that name an operation on their own ("more punch": contrast) but a look in "make it pop".
_LOOK_WORDS = frozenset({"pop", "punch", "punchy"})


def _names_only_a_look(clause: str) -> bool:
    """Whether ``clause`` names no operation beyond a look's own words ("make it pop" is a look;
    "a soft dreamy blur" and "a monochrome look" name their operations), or only operations the look
    makes too ("black and white like ansel adams", "tri-x black and white with grain")."""
    named = {op for op, ws in named_operations(clause).items() if any(w.lower() not in _LOOK_WORDS for w in ws)}
    if not named:
        return True
    plain = intents.look(clause)
    return plain is not None and named <= set(named_operations(plain))


#: A look said of something: "make her pop", "let the sky pop", "make his eyes pop".
_LOOK_OBJECT = re.compile(r"\b(?:make|let)\s+(?:him|her|them|(?:the|his|her|their|my)\s+\w+)", re.IGNORECASE)


def _placed_look(clause: str) -> str | None:
    """The plain phrasing of a look the ``clause`` asks for: for the whole photo as
    :func:`intents.look` gives it; for a place ("make the sky more dramatic"), each of its tonal
    and colour parts said for that place ("more contrast on the sky, darker on the sky"), the
    frame's own parts (vignette, grain, grade) left out."""
    plain = intents.look(clause)
    bare = _LEAVE_RE.sub(" ", clause)  # "..., but keep her face natural": what is spared is no place of the look's
    for rx, _ in intents.LOOKS:  # the look's own words are no place ("a low key look" is not a key)
        bare = rx.sub(" ", bare)
    place = region_phrase(bare) if plain else None
    if plain and place is None and _LOOK_OBJECT.search(clause):  # "make her pop", "make the sky pop": the look's object
        place = region_phrase(clause)
    if plain is None or place is None:
        return plain
    parts = [p for p in plain.split(", ") if not _FRAME_PART.search(p)]
    return ", ".join(f"{p} on {place}" for p in parts) or None


def _user_words(layer: Layer, origins: Sequence[tuple[str, str]], request: str) -> Layer:
    """``layer`` with its trigger words taken from the user's ``request``: a word that came
    from a plain phrasing ("darken" for "add a vignette") is replaced by the user's words."""
    said = {w.lower() for w in WORD_RE.findall(request)}
    if all(w.lower() in said for w in layer.words):
        return layer
    words = [w for w in layer.words if w.lower() in said]
    # the idioms whose plain phrasing names this operation ("darken the corners" names brightness)
    mine = [original for plain, original in origins if layer.op in named_operations(plain)]
    where = layer.place[0][1].lower() if layer.place else ""
    if len(mine) > 1 and where:  # two idioms name it ("whiten her teeth and remove the dark circles"): its place's
        mine = [original for plain, original in origins
                if layer.op in named_operations(plain) and where in plain.lower()] or mine
    if not mine:
        mine = [original for plain, original in origins
                if {w.lower() for w in layer.words} & {w.lower() for w in WORD_RE.findall(plain)}]
    words = mine + words
    return layer.replace(words=tuple(dict.fromkeys(words))[:3]) if words else layer


NO_LINES = "I found no horizon or long straight lines to level; add a Rotate layer (Add) and set its angle."
#: Operations that change colour: a clause naming one says how "fix the colours" is meant.
_COLOUR_OPS = frozenset({"hue", "temperature", "tint", "color_mixer", "saturation", "vibrance", "black_and_white",
                         "split_tone"})
PICK_GREY = ("Which colours are wrong cannot be told from the photo alone: in the app, click something that should be grey or white "
             "(a wall, a road, a cloud) and the White balance picker makes it neutral (W; Esc cancels), or say "
             "'warmer', 'less green', 'more vivid'.")
NO_RED_EYES = ("I found no red pupils; add a Red eye layer (Add) and draw an ellipse over each eye with the Mask "
               "box's Radial.")
NO_DUST = ("I found no dust spots; press Q (Layer > Spot removal) and click each spot to heal it, or drag along "
           "a scratch.")
NO_BLEMISHES = "I found no distinct blemishes to heal; press Q (Layer > Spot removal) and click each one."
NO_VERTICALS = ("I found no converging vertical lines to stand upright; add a Perspective layer (Add) and set its "
                "vertical and horizontal sliders.")
ORIENTED = "The photo is in that orientation already."
FULL_TURN = "A whole number of full turns leaves the photo as it is."
FLIPPED_BACK = "Flipping twice leaves the photo as it is."
_TWICE_RE = re.compile(r"\b(?:flip|flipped|rotate|rotated|turn|mirror)\b[^,;.]*?\b(?:twice|two\s+times)\b", re.IGNORECASE)
_ORIENTATION_RE = re.compile(r"\b(portrait|landscape) (mode|orientation|format)\b", re.IGNORECASE)
WHOLE_CROP = ("The crop would keep the whole photo (it has that shape already, or what it should keep fills the "
              "frame); press C to draw the crop on the photo.")


def dust_region(phrase: str, image: np.ndarray, read: str = "") -> Region:
    """The dust spots of ``image`` (:func:`autofix.dust_spots`) as a region whose words are the
    spots' own (:func:`spots_words`: where they are, so the spot removal tool edits them and a
    sync puts them on the same part of other photos), or why there are none."""
    spots = autofix.dust_spots(image)
    if not spots:
        return Region(phrase, None, message=read + NO_DUST)
    return spots_region(phrase, spots, np.shape(image)[:2], read)


def spots_region(phrase: str, spots: Sequence[tuple[float, float, float]], shape: tuple[int, int],
                 read: str = "") -> Region:
    """Circles ``(x, y, radius)`` found on a photo of ``shape`` ``(h, w)`` as a region whose words
    are the spots' own (:func:`spots_words`)."""
    h, w = shape
    words = spots_words([(r / max(h, w), ((x / w, y / h),)) for x, y, r in spots])
    return Region(phrase, Mask.from_shape(words, (h, w)), words, read.strip() or None)


#: A grounding below this score is a best guess, and the plan says so: on benchmark scenes
#: 64-191, 20 of the 42 placements below 0.45 were wrong, 19 of the 143 above it.
UNSURE_PLACE = 0.45
#: "parts of the sky" (what a tonal range leaves of "the bright parts of the sky"): the sky.
_PARTS_OF = re.compile(r"^(?:the\s+)?(?:parts?|areas?|bits?|regions?)\s+(?:of|in)\s+", re.IGNORECASE)
#: What a mask can be selected by, in words.
SELECT_HELP = ("Name a thing ('the sky', 'the man on the left', 'everything but her'), a part of the frame "
               "('the left side', 'the corners') or a tonal range ('the shadows', 'the highlights').")
#: With named operations, other operations need this much probability to be added.
SURE = 0.9


def named_operations(text: str) -> dict[str, list[str]]:
    """Operations the request names outright, each with the words that named it."""
    found: dict[str, list[str]] = {}
    words = [(w.group(0), w.start(), w.end()) for w in WORD_RE.finditer(text)]
    for op, patterns in _NAMED_RE.items():
        for rx in patterns:
            m = rx.search(text)
            if m:  # the whole words the match touches ("rotat" -> "rotate")
                found.setdefault(op, []).extend(w for w, a, b in words if a < m.end() and b > m.start())
    if "black_and_white" in found and "color_bg" in found and not background_fill(_BW_RE.sub(" ", text)):
        del found["color_bg"]  # "make the background black and white": a grey background, not a fill
    if "sharpness" in found and _WISH_BLUR.search(text) and not _NOT_BLURRY.search(text) and \
            not re.search(r"\bsharp|\bcrisp|\bunblur|\bin focus\b", text, re.I):
        del found["sharpness"]  # "make the background blurry" wishes blur
    elif "sharpness" in found and "blur" in found and re.search(_BLURRY_STATE, text, re.I):
        del found["blur"]  # "it's blurry" asks for sharpening, not more blur
    if "sky" in found and "temperature" in found and all(
            w.lower() in ("golden", "amber", "warm", "cool", "cold", "icy") for w in found["temperature"]):
        del found["temperature"]  # "a golden hour sky" is the new sky's look, not a warmer photo
    for op in ("brightness", "temperature"):
        if "recolor" in found and op in found and \
                {w.lower() for w in found[op]} <= {w.lower() for w in found["recolor"]}:
            # "a bright red colour", "a darker green": the new colour's shade; "make her dress more blue": its hue
            del found[op]
    if "grain" in found and "denoise" in found and all(w.lower().startswith("grain") for w in found["denoise"]):
        del found["denoise"]  # "add film grain" wishes grain
    if "vignette" in found and "brightness" in found and not any(
            rx.search(_VIGNETTE_COLOUR.sub(" ", text)) for rx in _NAMED_RE["brightness"]):
        del found["brightness"]  # "a dark vignette" is the vignette's own direction
    mixed = [c for c in split_clauses(text) if intents.colour_ranges(c)]
    if mixed:  # "make the blues deeper": the colour mixer's blues, not the whole photo's brightness or colour
        found["color_mixer"] = [w for c in mixed for m in intents.COLOUR_RANGE_RE.finditer(c) for w in m.group(0).split()]
        rest = " , ".join(c for c in split_clauses(text) if c not in mixed)
        for op in ("brightness", "saturation", "temperature", "contrast", "recolor"):  # "turn the greens orange": a range's hue
            if op in found and not any(rx.search(rest) for rx in _NAMED_RE[op]):
                del found[op]
    if "brightness" in found and not any(rx.search(intents.TONE_RANGE_RE.sub(" ", text)) for rx in _NAMED_RE["brightness"]):
        del found["brightness"]  # "the dark parts of the background" is a place, not a darkening
    if "tone" in found:  # every slider said by number, not only the first: "highlights -40, shadows +30"
        found["tone"] = [m.group(0).split()[0].rstrip("+-−0123456789") for rx in _NAMED_RE["tone"] for m in rx.finditer(text)]
    toned = [c for c in split_clauses(text) if intents.tone_sliders(c)]
    if toned:  # "lift the shadows", "recover the highlights": the Highlights & shadows sliders, not a brightness
        found["tone"] = [*found.get("tone", []),
                         *(w for c in toned for m in intents.TONE_RANGE_RE.finditer(c) for w in m.group(0).split())]
        rest = " , ".join(c for c in split_clauses(text) if c not in toned)
        for op in ("brightness", "exposure"):
            if op in found and not any(rx.search(rest) for rx in _NAMED_RE[op]):
                del found[op]
    if "clarity" in found and "contrast" in found and not re.search(
            r"contrast", _LOCAL_CONTRAST.sub(" ", text), re.IGNORECASE):
        del found["contrast"]  # "more local contrast" is clarity's
    if "split_tone" in found:  # "blue shadows & golden highlights": the grade's colours, not a white balance
        rest = intents.without_grades(text)
        for op in ("temperature", "saturation"):
            if op in found and not any(rx.search(rest) for rx in _NAMED_RE[op]):
                del found[op]
    return found


# ---------------------------------------------------------------------------------- what to leave alone
#: A part of a request that says what to leave as it is: "(but) leave the sky alone", "don't touch
#: the saturation", "without changing the colours", "don't brighten it", "keep the contrast as it is".
_LEAVE_RE = re.compile(
    r"(?:\s*[,;]\s*|\s+|^)(?:(?:but|and|just|please|only|also)\s+)*(?:"
    r"(?:leave|keep)\s+(?P<kept>(?:the|her|his|their|my|its|your|our)\s+[^,.;]+?)\s+(?:alone|out\s+of\s+it|"
    r"as\s+(?:it\s+was|it\s+is|is|they\s+are|they\s+were)|untouched|unchanged|the\s+same|intact|"
    # "darken the sky but keep the clouds bright": the clouds spared (the sky got +0.02)
    r"(?:nice\s+and\s+)?(?:bright|white|light|sharp|crisp|in\s+focus))"
    # "no extra contrast please", "no vignette, just a bit of grain": those operations ruled out
    r"|(?:no|without\s+any)\s+(?:extra|more|added|additional|further\s+)?\s*(?P<nomore>contrast|saturation|vignett(?:e|ing)|"
    r"sharpening|clarity|warmth|cropping|crop|black\s+and\s+white|b\s*&\s*w)"
    # "I don't want it black and white": what is not wanted ruled out
    r"|(?:i\s+)?(?:don'?t|do\s+not|dont)\s+want\s+(?:it|this|the\s+(?:photo|picture|image))?\s*(?:to\s+(?:be|look)\s+)?"
    r"(?P<unwanted>[^,.;]+?)"
    # "keep her face natural": spared from a look, unless it is the edit's own place ("smooth her skin but keep her
    # skin natural" asks for restraint)
    r"|(?:leave|keep)\s+(?P<natural>(?:the|her|his|their|my|its|your|our)\s+[^,.;]+?)\s+(?:looking\s+)?(?:natural|"
    r"realistic|real|normal|true\s+to\s+life|as\s+(?:she|he|they)\s+(?:is|are))"
    # "the foreground is fine", "her face looks good as it is", "the rest is fine": said to be left as it is
    r"|(?P<fine>(?:(?:the|her|his|their|my|its|your|our)\s+|everything\b|every\s*thing\b)(?:(?!\b(?:is|are|was|were|looks?|seems?|but|and|so)\b)[^,.;])*?)\s+(?:is|are|looks?|seems?)"
    r"\s+(?:(?:just|already|totally|perfectly|actually|really|pretty)\s+)?(?:fine|ok|okay|good|great|perfect|alright|"
    r"all\s+right|nice|spot\s+on)(?:\s+(?:as\s+(?:it|they)\s+(?:is|are)|already|now))?"
    r"|(?:don'?t|do\s+not|dont|never|no\s+need\s+to)\s+(?:touch|change|edit|affect|alter|modify|mess\s+(?:with|up)|"
    r"adjust|fiddle\s+with|lose|kill|ruin|flatten)\s+(?P<untouched>[^,.;]+?)"
    r"|without\s+(?:touching|changing|affecting|altering|adjusting|messing\s+with|blowing\s+out|burning\s+out|"
    r"over-?exposing|clipping|ruining|washing\s+out)\s+(?P<without>[^,.;]+?)"
    r"|(?:don'?t|do\s+not|dont|never|no\s+need\s+to)\s+(?P<undone>(?:brighten|darken|lighten|sharpen|blur|crop|rotate|"
    r"flip|saturate|desaturate|warm|cool|add|increase|decrease|boost|reduce|lower|raise|make|turn|straighten|denoise|"
    r"remove|erase|delete|replace)"
    r"\b[^,.;]*?)"
    r")(?=\s*(?:$|[,.;]|\bjust\b|\bbut\b|\bplease\b|\band\b(?!\s+white\b)))", re.IGNORECASE)
#: An exception that closes a request of several edits: "brighten it and add contrast except the sky".
_TRAILING_EXCEPTION = re.compile(r"\s*,?\s+(?:but\s+)?(?:except(?:\s+for)?|not|apart\s+from|other\s+than|excluding)\s+"
                                 r"(?P<place>(?:the|her|his|their|my|your|its)\s+[^,.;]+?)\s*$", re.IGNORECASE)
#: "don't change anything": all of it left alone.
_ALL_OF_IT = re.compile(r"^\s*(?:anything|everything|a\s+thing|it\s+at\s+all|nothing)\s*$", re.IGNORECASE)
#: "don't make it too bright", "don't overdo it": how far to go, not what to leave out.
_MODERATION = re.compile(r"\b(?:too|overdo|overboard|over\s*do|much|crazy|overly)\b", re.IGNORECASE)
#: Words for all of a photo's colour ("don't change the colours"): every colour operation stays out.
_COLOURS_WORD = re.compile(r"\b(?:colou?rs?|hues?|white\s+balance|tones?\s+of\s+colou?r)\b", re.IGNORECASE)
_LIGHT_WORD = re.compile(r"\b(?:brightness|exposure|light|lighting|lightness)\b", re.IGNORECASE)
_PRONOUN_ONLY = re.compile(r"^\s*(?:it|this|that|them|the\s+(?:photo|picture|image|pic|shot))\s*$", re.IGNORECASE)


def spared(text: str) -> tuple[str, set[str], list[str]]:
    """``text`` without the parts that say what to leave alone, the operations they rule out,
    and the places they spare. An operation or a quality ("don't touch the saturation", "don't
    brighten it", "keep the colours as they are") rules those operations out of the plan; a place
    ("but leave the sky alone", "don't change her face") becomes an exception of the edit before
    it ("... except the sky"), as Lightroom's mask subtracts it."""
    ruled_out: set[str] = set()
    places: list[str] = []
    mentioned: list[str] = []

    edited = {region_phrase(c) for c in split_clauses(_LEAVE_RE.sub(" , ", text))} - {None}

    def leave(m: re.Match[str]) -> str:
        if m.group("natural") is not None and (region_phrase(m.group("natural")) in edited or not edited and
                                               region_phrase(m.group("natural")) is None):
            return " "  # restraint on the edit's own place ("smooth her skin, keep her skin natural")
        thing = next(g for g in (m.group("kept"), m.group("untouched"), m.group("without"), m.group("undone"),
                                 m.group("natural"), m.group("fine"), m.group("nomore"), m.group("unwanted")) if g)
        if m.group("unwanted") is not None and _MODERATION.search(thing):
            return " "  # "I don't want it too dark": how far, which the strength words keep to
        if m.group("fine") is not None and re.match(r"every\s*thing\b", thing, re.IGNORECASE):
            return " "  # "the rest is fine" (as "everything except the sky" by now): nothing more to edit
        if _ALL_OF_IT.match(thing):
            ruled_out.update(registry.operations())
            return " "
        if m.group("undone") is not None and _MODERATION.search(thing):
            return " "  # a limit on how much, which the strength words and the heads already keep to
        ops = set(named_operations(thing))
        if _COLOURS_WORD.search(thing):
            ops |= _COLOUR_OPS | {"white_balance"}
        if _LIGHT_WORD.search(thing):
            ops |= {"brightness", "exposure", "tone"}
        if not ops and intents.TONE_RANGE_RE.search(thing) and region_phrase(thing) is None:
            return " "  # "keep the shadows as they are": the tones are the edit's own, not a place to spare
        if m.group("undone") is None and not ops and region_phrase(thing) is not None and not _PRONOUN_ONLY.match(thing):
            places.append(thing.strip())
            return " "
        if not ops:
            return m.group(0)  # not understood: left for the rest to read
        ruled_out.update(ops)
        named = region_phrase(thing)
        if named is not None:  # "do not remove the man, blur him": who "him" is
            mentioned.append(named)
        return " "

    rest = re.sub(r"\s+", " ", _LEAVE_RE.sub(leave, text)).strip(" ,;")
    tail = _TRAILING_EXCEPTION.search(rest)
    if tail is not None and len(split_clauses(rest[: tail.start()])) > 1:
        # "brighten it and add contrast except the sky": the exception closes the whole request
        places.append(tail.group("place").strip())
        rest = rest[: tail.start()].strip(" ,;")
    if len(mentioned) == 1:
        rest = re.sub(r"\b(him|her|them)\b(?!\s+(?:face|faces|skin|eyes|hair|head|body|arms?|legs?|hands?)\b)",
                      mentioned[0], rest, count=1)
    if places and rest:  # each edit of the whole photo spares them ("brighten it and add contrast, ...")
        spare = " except " + " and ".join(places)
        clauses = split_clauses(rest)
        rest = ", ".join(c + spare if region_phrase(c) is None and not any(
            registry.get(op).geometric or registry.get(op).whole_photo for op in named_operations(c)
            if op in registry.operations()) else c for c in clauses)
    return rest, ruled_out, places


# ---------------------------------------------------------------------------------- local phrases
#: Words that say what to do rather than where: left out of "I could not find where ... is".
ACTION_WORDS = frozenset({
    "remove", "erase", "delete", "get", "rid", "take", "out", "away", "make", "white", "whiten", "blur", "blurry",
    "brighten", "brighter", "darken", "darker", "sharpen", "sharper", "color", "colour", "change", "replace",
    "please", "can", "you", "could", "would", "fill", "clean", "cut", "lighten", "saturate", "desaturate",
    "increase", "decrease", "reduce", "more", "less", "add", "turn", "into", "with", "and", "it", "photo",
    "picture", "image", "warmer", "cooler", "contrast", "brightness", "saturation", "paint", "rotate", "flip",
    "crop", "mirror", "sharpness", "noise", "denoise", "exposure", "fix", "correct", "improve", "enhance", "adjust",
    "retouch", "repair", "edit", "straighten", "level", "trim", "tone", "lift", "boost", "sharpen", "soften", "of",
})
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "this", "that", "these", "those", "my", "its"})


def place_phrase(request: str, words: Sequence[str]) -> str | None:
    """The shortest stretch of ``request`` that holds the place-like ``words`` ("the man on the
    left"), with its determiner; ``None`` if no such word is left."""
    tokens = [(m.group(0), m.start(), m.end()) for m in WORD_RE.finditer(request)]
    wanted = {w.lower() for w in words if w.lower() not in ACTION_WORDS and WORD_RE.fullmatch(w)}
    hits = [i for i, (t, _, _) in enumerate(tokens) if t.lower() in wanted]
    if not hits:
        return None
    lo, hi = min(hits), max(hits)
    if lo > 0 and tokens[lo - 1][0].lower() in DETERMINERS:
        lo -= 1
    return request[tokens[lo][1] : tokens[hi][2]]


_CLAUSE_RE = re.compile(r"\s*(?:[,;!?]|\.(?!\d)|\band then\b|\bthen\b|\band\b(?! white\b)|\balso\b|"
                        r"\bafter (?:that|this)\b|\bafterwards\b|"
                        # "sharpen her but blur the rest": a "but" before an edit of its own parts clauses
                        r"\bbut\b(?=\s+(?:make|blur|brighten|darken|lighten|sharpen|soften|warm|cool|add|remove|crop|"
                        r"rotate|straighten|increase|decrease|reduce|boost|desaturate|saturate|turn|lift|deepen)\b))\s*",
                        re.IGNORECASE)


#: A sentence of its own about what is there ("They're in the shade."): not more of the place before it.
_STATEMENT_START = re.compile(r"^\s*(?:they|it|she|he|we|i|you|there|this|that)(?:'re|’re|'s|’s|'m|’m|\s+(?:are|is|was|were|am|"
                              r"look|looks|seem|seems))\b", re.IGNORECASE)


def split_clauses(text: str) -> list[str]:
    """The clauses of ``text``, split at commas, "and", "then", "also"; a part that asks for no
    edit of its own ("remove the dog | and the cat") stays with the clause before it, and a colour
    grade or a list of colour ranges stays whole ("teal & orange", "the reds & blues":
    :func:`intents.join_grades`, :func:`intents.join_ranges`)."""
    out: list[str] = []
    for part in (c for c in _CLAUSE_RE.split(intents.join_ranges(intents.join_grades(text))) if c and c.strip()):
        words = {m.group(0).lower() for m in WORD_RE.finditer(part)}
        asks = bool(words & (ACTION_WORDS | QUALITY_WORDS)) or any(
            rx.search(part) for rxs in _NAMED_RE.values() for rx in rxs)
        if out and not asks and region_phrase(part) is not None and not _STATEMENT_START.match(part):
            out[-1] = f"{out[-1]} and {part}"
        else:
            out.append(part)
    return out


def covers_every_clause(text: str, named: Mapping[str, Sequence[str]]) -> bool:
    """Whether every clause of ``text`` holds a word that named an operation (``named``, as
    :func:`named_operations` gives it), or only asks for it ("it's so hazy, can you fix that":
    the fix is the dehaze, not the edits GIER bundled with "fix")."""
    words = {w.lower() for ws in named.values() for w in ws}
    # a clause may name one of them in words of its own ("teal shadows, orange highlights": the grade twice)
    return bool(words) and all(words & {m.group(0).lower() for m in WORD_RE.finditer(c)} or _FIX_IT.match(c)
                               or set(named_operations(c)) & set(named) for c in split_clauses(text))


#: A clause that only asks for the fix of what another clause names ("can you fix that"); unlike
#: "make it nicer", which asks for more than that.
_FIX_IT = re.compile(r"^\W*(?:(?:please|can|could|would|will|you|pls)\s+)*(?:fix|correct|repair|sort\s+out|clean\s+up|"
                     r"deal\s+with|get\s+rid\s+of|remove|handle)\s+(?:it|that|this|them|both|them\s+both|them\s+all|"
                     r"all\s+of\s+(?:it|them|that)|both\s+of\s+them|those|these)(?:\s+(?:up|out))?"
                     r"(?:\s+(?:please|for\s+me))?\W*$", re.IGNORECASE)


#: Restraint said beside the edits, with what joins it to them: read as "gently" (:data:`_GENTLY`).
_RESTRAINT_SAID = re.compile(rf"\s*[,;]?\s*(?:\bbut\s+|\band\s+|\bjust\s+)?(?:{RESTRAINT_RE.pattern})", re.IGNORECASE)
#: "gently" anywhere makes every step of the request a small one.
_GENTLY = re.compile(r"\bgently\b", re.IGNORECASE)


#: Below these, a signed slider's step is not seen (brightness 0.04 moves the mean about 4 levels of 255).
_FAINT = {"amount": 0.04, "stops": 0.1}


def _faint(layer: Layer) -> bool:
    """Whether ``layer`` is a signed slider (light, contrast, colour, warmth, sharpness) set so
    near its default that nothing would be seen."""
    if layer.op not in QUALITY_OF:
        return False
    name = QUALITY_OF[layer.op][1]
    value = layer.params.get(name)
    return isinstance(value, (int, float)) and abs(float(value)) < _FAINT.get(name, 0.04)


def clauses_with(text: str, words: Sequence[str]) -> list[str]:
    """The clauses of ``text`` ("brighten her face, and remove the dog") that hold any of
    ``words``; the whole text when it is one clause."""
    clauses = split_clauses(text)
    wanted = {w.lower() for w in words}
    mine = [c for c in clauses if wanted & {m.group(0).lower() for m in WORD_RE.finditer(c)}]
    return mine or (clauses if len(clauses) == 1 else [])


def names_a_region(text: str, words: Sequence[str]) -> bool:
    """Whether the clause of ``text`` that holds ``words`` (an operation's attended words) names
    a place (``where.region_phrase``: "brighten the face", "make the teapot warmer", "the left
    side"), not the whole photo ("brighten the image"). Without words, or with several clauses
    and none holding the words, it is False: one clause's place does not make another clause's
    edit local."""
    return bool(words) and any(region_phrase(c) is not None for c in clauses_with(text, words))


def _is_place(phrase: str) -> bool:
    """Whether ``phrase`` names a place (a person, a thing, a region, a part of the frame)."""
    return region_phrase(phrase) is not None


def _names(clause: str, op: str) -> bool:
    """Whether ``clause`` names ``op`` outright (:data:`NAMED`)."""
    return any(rx.search(clause) for rx in _NAMED_RE.get(op, []))


def trigger_words(op: str, words: Sequence[str]) -> list[str]:
    """The words among an operation's attended ``words`` that can ask for it: not places ("the
    sky") and not the words that name another operation ("remove" for a brightness that GIER
    habitually bundles with removal), which must not decide where the edit goes."""

    def names_other(w: str) -> bool:
        return any(rx.search(w) for o, rxs in _NAMED_RE.items() if o != op for rx in rxs) and \
            not any(rx.search(w) for rx in _NAMED_RE.get(op, []))

    return [w for w in words if WORD_RE.fullmatch(w) and not _is_place(w) and not names_other(w)]


def crop_around(mask: np.ndarray, margin: float = 0.15, most: float = 90.0) -> dict[str, float]:
    """``crop``'s parameters (percent cut from each side, at most ``most``) that keep the box
    of ``mask`` (> 0.5) with ``margin`` of its size around it; no cut without a region."""
    ys, xs = np.nonzero(np.asarray(mask) > 0.5)
    if ys.size == 0:
        return {}
    h, w = mask.shape
    my, mx = (ys.max() - ys.min() + 1) * margin, (xs.max() - xs.min() + 1) * margin
    cut = {"left": (xs.min() - mx) / w, "top": (ys.min() - my) / h,
           "right": (w - 1 - xs.max() - mx) / w, "bottom": (h - 1 - ys.max() - my) / h}
    return {k: float(np.clip(v * 100.0, 0.0, most)) for k, v in cut.items()}


# ---------------------------------------------------------------------------------- the planner
#: The EXIF of the photo being planned (``Planner.plan``'s ``exif``), per thread.
_EXIF: ContextVar[bytes | None] = ContextVar("ldie_planner_exif", default=None)
_BARREL_RE = re.compile(r"\b(barrel|fish ?eye|bulg\w*|bowed out\w*)\b", re.IGNORECASE)
_FRINGES_RE = re.compile(r"\bfring\w*|\bchromatic\b|\bcolou?r (edges|halos?)\b|\blens corrections?\b", re.IGNORECASE)
#: A Recolour of a strong colour (this saturation or more) on a thing whose middle luminance is above
#: RECOLOUR_WHITE or below RECOLOUR_BLACK darkens or lightens it towards the middle tones.
RECOLOUR_STRONG, RECOLOUR_WHITE, RECOLOUR_BLACK = 0.5, 0.72, 0.12
#: A coloured thing's luminance is moved to the new hue's only when it differs by this much; a new
#: colour below RECOLOUR_GREY saturation is grey.
RECOLOUR_TURN, RECOLOUR_GREY = 0.06, 0.05
#: A place picked as grey whose pixels' median chroma is above this is too colourful to be grey
#: under any light (tungsten on a white wall is about 0.5, candlelight about 0.6).
PICK_MAX_CHROMA = 0.65
#: Parts of a person a Recolour layer keeps as found (their colour runs on into the skin).
_BODY_PART_RE = re.compile(r"\b(hair|hairs|hairdo|haircut|hairstyle|bangs|curls|ponytail|face|faces|skin|lips|eyes|"
                           r"eyebrows|brows|beard|moustache|mustache|nails|cheeks|cheek|nose|forehead|chin|lip|lipstick|mouth|teeth|eye|iris|irises|undereyes)\b", re.IGNORECASE)
#: How much of the fringes a request takes out (the slider's 0..1).
DEFRINGE_AMOUNT = 1.0
_PINCUSHION_RE = re.compile(r"\b(pincushion|pin cushion|bowed in\w*|pinched)\b", re.IGNORECASE)


#: A Pixelate layer's block size, % of the long side, with nothing found to size it by; and
#: how many blocks a thing it hides is across (a face's eyes, nose and mouth merge at 8).
PIXELATE_SIZE = 1.5
PIXELATE_BLOCKS = 8.0


def _pixelate_size(layer: Layer) -> Layer:
    """A Pixelate layer's blocks sized to the things its mask covers: each about
    :data:`PIXELATE_BLOCKS` blocks across (the median of its parts), so a face far off is
    hidden by blocks as surely as one close by; between 0.4 % and 5 % of the long side."""
    import cv2

    if layer.mask is None:
        return layer
    mask = layer.mask.resized(*layer.mask.shape) > 0.5  # the mask's own grid: the photo's shape, scaled
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    sides = [max(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]) for i in range(1, n)
             if stats[i, cv2.CC_STAT_AREA] >= 4]
    if not sides:
        return layer
    long_side = max(mask.shape)
    size = float(np.median(sides)) / PIXELATE_BLOCKS / long_side * 100.0
    return layer.with_params(size=round(float(np.clip(size, 0.4, 5.0)), 2))


def defringe_amounts(text: str) -> dict[str, ParamValue]:
    """Defringe's amounts for a request: purple ("remove the purple fringing"), green, or both
    (purple fully, green less: green is more often a real colour) when no colour is said."""
    purple, green = bool(_PURPLE_FRINGE_RE.search(text)), bool(_GREEN_FRINGE_RE.search(text))
    if not purple and not green:
        return {"purple": DEFRINGE_AMOUNT, "green": 0.6 * DEFRINGE_AMOUNT}
    return {"purple": DEFRINGE_AMOUNT if purple else 0.0, "green": DEFRINGE_AMOUNT if green else 0.0}


@contextmanager
def _one_torch_thread():
    """One request is a handful of tiny matrix products: with more than one intra-op thread,
    torch's workers spin against whatever else uses the cores (a render, a training run) and
    planning went from 90 ms to 1.4 s on two busy cores. Restored afterwards."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)



@dataclass
class _Request:
    text: str
    prediction: OpPredictionLike


@dataclass
class _Notes:
    """What planning the layers of one request found out, for its message."""

    unplaced: list[str] = field(default_factory=list)  # phrases no region was found for
    partly: list[str] = field(default_factory=list)  # "could not find 'the cat'"
    unsure: list[str] = field(default_factory=list)  # phrases placed on a best guess
    grounded: dict[str, Any] = field(default_factory=dict)  # layer id -> Grounding
    hints: list[str] = field(default_factory=list)  # anything else the user should know
    turns: int = 0  # the request's counter-clockwise quarter turns (a crop runs after them)


class Planner:
    """Request (+ photo) -> :class:`Plan`. See the module docstring."""

    def __init__(
        self,
        predictor: OperationPredictorLike,
        params: ParamPredictor | None,
        *,
        min_probability: float = MIN_PROBABILITY,
        grounder: Any = None,
    ) -> None:
        self.predictor = predictor
        self.params = params
        self.min_probability = min_probability
        self.grounder = grounder
        self._lock = threading.Lock()
        self._proposals: dict[str, Any] = {}  # image digest -> proposals (the last few photos)
        if params is not None:
            params.eval()

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        *,
        predictor: OperationPredictorLike | None = None,
        warm_up: bool = True,
        grounding: bool = True,
    ) -> "Planner":
        """Load the operation predictor (unless one is given), the parameter model at ``path``
        (default: the newest ``models/params-v*.safetensors``) and, with ``grounding``, the
        region models (without them local edits come back disabled, for the user to paint)."""
        params = ParamPredictor.load(path if path is not None else default_params_path())
        planner = cls(predictor if predictor is not None else _load_operation_predictor(), params,
                      grounder=_load_grounder() if grounding else None)
        english_vocabulary()
        if warm_up:  # the first call through MiniLM and torch is slow; pay it at load time
            planner.plan("make it brighter")
            from ..grounding import taxonomy

            taxonomy.shared()  # WordNet, which tells a place from a quality ("the teapot", "the light")
        return planner

    # -------------------------------------------------------------- planning
    def plan(
        self,
        request: str,
        image: np.ndarray | None = None,
        cancel: Callable[[], bool] | None = None,
        step: Callable[[str], None] | None = None,
        exif: bytes | None = None,
    ) -> Plan:
        """Plan ``request`` for ``image`` (``(H, W, 3)`` uint8, or float32 in [0, 1]; ``None``
        plans without looking at the photo). Raises :class:`Cancelled` if ``cancel()`` turns
        true; never raises for a strange request. ``step`` hears, in words, each slow step as
        it starts (finding the regions of a new photo, looking closer for a thing). ``exif``,
        the photo file's EXIF, tells what took it ("fix the lens distortion": which lens)."""
        token = _EXIF.set(exif)
        try:
            with _one_torch_thread():
                return self._plan(request, image, cancel, step)
        finally:
            _EXIF.reset(token)

    def select(
        self,
        phrase: str,
        image: np.ndarray,
        op: str = "brightness",
        cancel: Callable[[], bool] | None = None,
        step: Callable[[str], None] | None = None,
    ) -> Region:
        """The region of ``image`` that ``phrase`` names, as the mask a layer of ``op`` would get
        from a request naming it: a thing ("the sky", "the man on the left", "everything but
        her"), a part of the frame ("the left side", "the corners") or a tonal range ("the
        shadows"); like an editor's Select Subject / Select Sky, with words. Never raises for a
        strange phrase; raises :class:`Cancelled` when ``cancel()`` turns true."""
        text = clean_request(phrase if isinstance(phrase, str) else str(phrase))
        if not text:
            return Region(phrase, None, message=SELECT_HELP)
        text, typos = spelling.correct(text)
        read = ("Read " + ", ".join(f"'{typed}' as '{meant}'" for typed, meant in typos) + ". ") if typos else ""
        if _RED_EYES_RE.search(text):  # "the red eyes": found by their look, in the faces when there are any
            return self._red_eyes(phrase, image, cancel, step, read)
        if _DUST_RE.search(text):  # "the dust spots": found by their look, kept by where they are
            return dust_region(phrase, image, read)
        if _BLEMISH_RE.search(text):  # "the blemishes": found on the skin of the faces, kept by where they are
            faces = self.select("the faces", image, "spot_removal", cancel, step)
            if faces.mask is None:
                return Region(phrase, None, message=read + "I found no faces to look for blemishes on.")
            spots = autofix.blemishes(image, faces.mask.resized(*np.shape(image)[:2]))
            if not spots:
                return Region(phrase, None, message=read + NO_BLEMISHES)
            return spots_region(phrase, spots, np.shape(image)[:2], read)
        where = region_phrase(text)
        tones = tonal_range(text)
        if tones is not None and where is None:
            return Region(phrase, Mask(tonal_mask(np.asarray(image), tones)), f"the {tones}", read or None)
        if tones is not None:  # "the highlights in the sky": the sky, within the highlights
            where = _PARTS_OF.sub("", where)
            found = self.select(where, image, op, cancel, step)
            if found.mask is None:
                return found
            mask = found.mask.combined(Mask(tonal_mask(np.asarray(image), tones)), "intersect")
            return Region(phrase, mask, f"the {tones} in {found.words}", found.message)
        if where is None:
            return Region(phrase, None, message=f"{read}I can't tell what '{phrase.strip()}' is in the photo. {SELECT_HELP}")
        if self.grounder is None:
            return Region(phrase, None, where, "The region models are not installed, so I can't find things; "
                                               "paint the mask with the brush.")
        self._check(cancel)
        found = self._ground(where, op, np.asarray(image), step)
        self._check(cancel)
        if found is None:
            return Region(phrase, None, where, "Finding the regions of this photo failed; paint the mask with the brush.")
        if found.mask is None:
            said = found.message or f"found no {where} in the photo"
            return Region(phrase, None, where, read + said[0].upper() + said[1:] + ".")
        if found.message:
            said = found.message[0].upper() + found.message[1:]
            return Region(phrase, found.mask, where, f"{read}{said}; selected the rest.")
        if found.score < UNSURE_PLACE:
            return Region(phrase, found.mask, where, f"{read}'{where}' is a best guess: check the mask.")
        return Region(phrase, found.mask, where, read.strip() or None)

    def _washed_sky(self, image: np.ndarray, cancel: Callable[[], bool] | None,
                    step: Callable[[str], None] | None) -> bool | None:
        """Whether the photo's sky is blown out or washed out (nearly white, hardly any colour): there colour edits do
        nothing, and "make the sky blue" asks for a new one. False for a sky with colour left (its highlights can be
        recovered, and a new sky would throw a real one away); None when no sky is found."""
        if self.grounder is None:
            return None
        found = self.select("the sky", image, "sky", cancel, step)
        if found.mask is None:
            return None
        img = np.asarray(image)[..., :3]
        inside = found.mask.resized(*img.shape[:2]) > 0.5
        if inside.sum() < 64:
            return None
        px = img[inside].astype(np.float32) / (65535.0 if img.dtype == np.uint16 else 255.0 if img.dtype == np.uint8 else 1.0)
        return float(np.median(px.mean(axis=1))) > WASHED_SKY[0] and float(np.median(np.ptp(px, axis=1))) < WASHED_SKY[1]

    def _red_eyes(self, phrase: str, image: np.ndarray, cancel: Callable[[], bool] | None,
                  step: Callable[[str], None] | None, read: str) -> Region:
        """The red pupils of ``image`` (:func:`autofix.red_eyes`), looked for in the faces found
        there (or, with none, in pairs), as a soft circle round each."""
        eyes_found = self._eye_outlines(image)
        if eyes_found is not None:  # the eyes themselves, from the faces' landmarks: one red pupil is enough
            eyes = autofix.red_eyes(image, eyes_found, paired=False)
        else:
            faces = self.select("the faces", image, "red_eye", cancel, step)
            within = faces.mask.resized(*np.shape(image)[:2]) if faces.mask is not None else None
            eyes = autofix.red_eyes(image, within)
        if not eyes:
            return Region(phrase, None, message=read + NO_RED_EYES)
        h, w = np.shape(image)[:2]
        mask = np.zeros((h, w), np.float32)
        for x, y, r in eyes:
            np.maximum(mask, Mask.radial((h, w), (x, y), (x + r, y), feather=0.35).data, out=mask)
        return Region(phrase, Mask(mask), f"the red eyes ({len(eyes)})", read.strip() or None)

    def _from_faces(self, method: str, *args: Any) -> Any:
        """The grounder's face ``method`` called with ``args`` (the photo last); None without a
        grounder that has it, or when it fails: the face models refine, they never fail a plan."""
        if self.grounder is None or not hasattr(self.grounder, method):
            return None
        try:
            return getattr(self.grounder, method)(*args[:-1], np.asarray(args[-1]))
        except Exception as exc:  # noqa: BLE001
            log.warning("%s failed: %s", method, exc)
            return None

    def _eye_outlines(self, image: np.ndarray) -> np.ndarray | None:
        """The eyes of the faces in ``image`` from their landmarks, grown by half an eye's height
        (a flash's red spills onto the lids), ``(H, W)`` float32; None without them."""
        eyes = self._from_faces("faces_part", "eyes", image)
        if eyes is None:
            return None
        import cv2

        grow = max(3, int(np.sqrt(float((eyes > 0.5).sum()) / 2.0) * 0.5) | 1)
        return cv2.dilate(eyes, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (grow, grow)))

    def _own_places(self, layers: list[Layer], image: np.ndarray | None, hints: list[str],
                    cancel: Callable[[], bool] | None, step: Callable[[str], None] | None,
                    text: str = "") -> list[Layer]:
        """Layers of an operation with an own place (:attr:`Operation.own_place`: a Red eye
        layer's "the red eyes") masked to it as found in the photo (and found again in another
        photo they are pasted onto); left out, with the reason in ``hints``, where it is not."""
        out = []
        for layer in layers:
            place = layer.operation.own_place
            if layer.op == "spot_removal" and _BLEMISH_RE.search(text) and not _DUST_RE.search(text):
                place = "the blemishes"  # spots on faces, not a sensor's dust
            if not place:
                out.append(layer)
                continue
            found = self.select(place, image, layer.op, cancel, step) if image is not None else None
            if found is None or found.mask is None:
                hints.append(found.message if found is not None and found.message else f"I could not find {place}.")
                continue
            # a place of positions (the dust spots found) is kept as they are: they are moved and
            # added to by hand, and synced to the same part of other photos, as sensor dust sits
            kept = found.words if parse_spots(found.words) is not None else place
            out.append(layer.replace(mask=found.mask, place=(("replace", kept),), local=True)
                       .with_params(**layer.operation.placed_values))
        return out

    def place_mask(
        self,
        steps: Sequence[tuple[str, str]],
        image: np.ndarray,
        op: str = "brightness",
        cancel: Callable[[], bool] | None = None,
        step: Callable[[str], None] | None = None,
    ) -> Region:
        """A layer's mask made again on ``image`` from its ``place`` steps (:attr:`Layer.place`):
        each selection found by :meth:`select` and joined as it was, inverted, or narrowed to
        skin. ``mask`` None when a selection is not found in this photo (``message`` says which)."""
        img = np.asarray(image)
        mask: Mask | None = None
        words: list[str] = []
        notes: list[str] = []
        whole = Mask(np.ones(img.shape[:2], np.float32))
        for mode, phrase in steps:
            if mode == "invert":
                mask = (mask or whole).inverted()
                continue
            if mode == "skin":
                base = mask or whole
                mask = Mask(self._bare_skin(img, base.resized(*img.shape[:2])))
                continue
            if mode == "colour":  # all of the thing's own colour (a Recolour layer's)
                base = mask or whole
                own = own_colour(img, base.resized(*img.shape[:2]))
                mask = Mask(own) if own is not None else base
                continue
            drawn = Mask.from_shape(phrase, img.shape[:2])  # a graduated or radial mask drawn by hand
            picked = parse_colour(phrase)  # a colour range picked on a photo: that colour in this one
            if picked is not None:
                drawn = Mask(colour_mask(img, picked[0], picked[1]))
            found = Region(phrase, drawn, shape_text(phrase)) if drawn is not None else \
                self.select(phrase, img, op, cancel, step)
            if found.mask is None:
                return Region(phrase, None, found.words, found.message)
            if found.message:
                notes.append(found.message)
            words.append(found.words if mode == "replace" else f"{mode} {found.words}")
            mask = found.mask if mode == "replace" else (mask or whole).combined(found.mask, mode)
        return Region(", ".join(p for _, p in steps if p), mask, ", ".join(words), " ".join(notes) or None)

    def refind(
        self,
        layers: Sequence[Layer],
        image: np.ndarray,
        cancel: Callable[[], bool] | None = None,
        step: Callable[[str], None] | None = None,
    ) -> tuple[list[Layer], dict[str, Region]]:
        """``layers`` made for another photo (pasted, a preset, an edit file), each mask made
        from words (``Layer.place``) made again on ``image`` (:meth:`place_mask`); a mask not
        found there stays as it was. Returns the layers and, by layer id, what was found."""
        found = {l.id: self.place_mask(l.place, image, l.op, cancel, step) for l in layers if l.place and l.mask is not None}
        return [l.replace(mask=found[l.id].mask) if l.id in found and found[l.id].mask is not None else l
                for l in layers], found

    def _plan(self, request: str, image: np.ndarray | None, cancel: Callable[[], bool] | None,
              step: Callable[[str], None] | None = None) -> Plan:
        text = clean_request(request if isinstance(request, str) else str(request))
        if not text:
            return self._unsupported(request, "empty")
        if is_foreign(text):  # "mach es heller": GIER's bundle of curves before (read before any typo is mended)
            return self._unsupported(request, "foreign")
        if intents.is_location(text):  # a path or an address pasted in the box: GIER's bundle, or erasures, before
            return self._unsupported(request, "path")
        odd = intents.impossible_ratio(text)
        if odd is not None:  # "crop to 0:5" cropped round the subject
            plan = self._unsupported(request, "unclear")
            plan.message = f"{odd} is no shape a photo can be cropped to; say e.g. 'crop it to 4:5' or 'crop it square'."
            return plan
        text, typos = spelling.correct(text)  # "remvoe the man": the rules and the model key on words
        text = intents.without_pleasantries(text) or text  # "that's good but a little too bright"
        # restraint said beside the edits is their strength, not a clause of its own ("add a vignette but not
        # too dark" also brightened the photo; "brighten it, nothing drastic")
        # restraint alone ("keep it natural", "nothing too crazy") asks for the photo's own gentle fix, the Auto
        text = _RESTRAINT_SAID.sub(" gently", text).strip() if not _RESTRAINT_SAID.fullmatch(text) else "fix it"
        instead = intents.replaces_last(text)  # "undo that and make it warmer", "no, I meant warmer"
        if instead is not None:
            plan = self._plan(instead, image, cancel, step)
            if plan.layers:  # the app takes the last request's layers out first
                plan.request = request
                plan.extra["replace_last"] = True
                return plan
        exported = intents.export_request(text)  # "resize it to 1080 px", "... and save it as a png"
        if exported is not None:
            settings, rest = exported
            if not rest:
                plan = self._unsupported(request, "chat")
                plan.message = intents.COMMAND_MESSAGES["export"]
                plan.extra.update(unsupported="command", command="export", export=settings)
                return plan
            plan = self._plan(rest, image, cancel, step)
            plan.request = request
            plan.extra["export"] = settings
            said = "The size and file are set at export: File > Export opens with them."
            plan.message = f"{plan.message} {said}" if plan.message else said
            return plan
        read = self._read(request, text)
        if isinstance(read, Plan):
            return read
        text, hints, origins = read
        text, ruled_out, _ = spared(text)  # "brighten it but don't touch the colours", "... leave the sky alone"
        if ruled_out and not text:
            plan = self._unsupported(request, "unclear")
            plan.message = "That says only what to leave as it is; say what to change, e.g. 'a bit brighter'."
            return plan
        bright_sky = _BRIGHT_SKY_RE.search(text)
        if bright_sky is not None and image is not None and self._washed_sky(image, cancel, step) is False:
            origins.append(("recover the highlights in the sky", bright_sky.group(0)))
            text = _BRIGHT_SKY_RE.sub("darken the highlights in the sky", text)
            hints.append("The sky is not blown out, so I recovered its highlights; say 'replace the sky' for a new one.")
        if _BLUE_SKY_RE.search(text) and image is not None and self._washed_sky(image, cancel, step) is True:
            # "make the sky blue" on a white sky: no tint makes white blue; a new sky does
            origins.append(("replace the sky", _BLUE_SKY_RE.search(text).group(0)))  # type: ignore[union-attr]
            text = _BLUE_SKY_RE.sub("replace the sky", text)
        elif _BLUE_SKY_RE.search(text):  # a sky with colour: a bluer one (the colour wished is the direction)
            text = _BLUE_SKY_RE.sub("make the sky bluer", text)
        neutral_at = intents.neutral_place(text)  # "pick the white balance from the wall": the wall's colour
        neutral_place = None
        if neutral_at is not None:
            neutral_place, text = neutral_at
        if typos:
            hints.insert(0, "Read " + ", ".join(f"'{typed}' as '{meant}'" for typed, meant in typos) + ".")
        clauses = split_clauses(text)
        fixes = [c for c in clauses if intents.asks_colour_fix(c)]
        if fixes and neutral_place is None:  # "brighten it and fix the colours": the rest planned, a click asked for
            rest = ", ".join(c.strip() for c in clauses if c not in fixes)
            plan = self._plan(rest, image, cancel, step) if rest.strip() else Plan(request=request, layers=[], probs={})
            plan.request = request
            said_how = any(l.op in _COLOUR_OPS for l in plan.layers)  # "..., there's a magenta tint": that is the fix
            plan.message = " ".join(m for m in (*hints, plan.message or "", "" if said_how else PICK_GREY) if m) or None
            if not said_how:
                plan.extra["pick_white"] = True
            return plan
        autos = [c for c in clauses if _AUTO_CLAUSE.fullmatch(c)]
        if autos and len(autos) < len(clauses):  # "auto tone, then bring the exposure down by a third": both
            rest = ", ".join(c.strip() for c in clauses if c not in autos)
            auto = self._plan(autos[0], image, cancel, step)
            plan = self._plan(rest, image, cancel, step)
            plan.request = request
            plan.layers = [*auto.layers, *plan.layers]
            said = auto.message if auto.layers else AUTO_NOTHING
            plan.message = " ".join(m for m in (*hints, said or "", plan.message or "") if m) or None
            return plan
        self._check(cancel)
        with self._lock, torch.no_grad():
            prediction = self.predictor.predict([text])[0]
        probs = {op: 0.0 for op in registry.operations()}  # every operation, known to the predictor or not
        probs.update({k: float(v) for k, v in prediction.probs.items()})
        self._check(cancel)
        if is_gibberish(text):
            return self._unsupported(request, "gibberish", probs)
        what = impossible_intent(text)
        if what is not None:
            plan = self._unsupported(request, "impossible", probs)
            plan.extra["impossible"] = what
            if what.split()[0].lower() not in CREATE_VERBS:  # "make it look like a painting", "make her smile"
                plan.message = ("I can't change what is in a photo or turn it into something else (a painting, a "
                                "cartoon, another scene). " + CAPABILITIES)
            return plan
        known = registry.operations()
        named = {op: w for op, w in named_operations(text).items() if op in known}
        shift = intents.colour_shift(text)  # "make the grass greener": the colour curves, pushed that way
        if shift is not None and "hue" in known and "color_mixer" not in named and "recolor" not in named:
            named.setdefault("hue", [w for w in WORD_RE.findall(text) if w.lower().startswith(shift[0][:4])])
        if named:
            # the model's other sure operations join only when some clause names none ("brighten it
            # and fix the colours"); "make it brighter and add a vignette" is exactly those two, not
            # the contrast GIER's annotators tended to change beside brightness
            extra = [] if covers_every_clause(text, named) else [
                op for op in prediction.chosen if op in known and op not in named and probs.get(op, 0.0) >= SURE]
            if "white_balance" in named:  # the light named sets the colour: no warmth guessed beside it
                extra = [op for op in extra if op != "temperature"]
            chosen = list(named) + extra
            for op, words in named.items():  # asked for by name: the user's words, and sure
                probs[op] = max(probs.get(op, 0.0), 0.9)
                prediction.words[op] = list(dict.fromkeys(words + list(prediction.words.get(op, []))))
        else:
            chosen = [op for op in prediction.chosen if op in known]
        exact = intents.amounts(text)  # "exposure +1", "saturation -50": the sliders the numbers name
        if exact:
            chosen = list(dict.fromkeys([*chosen, *(op for op in exact if op in known)]))
            unnumbered = " , ".join(c for c in split_clauses(text) if not intents.amounts(c))
            if "exposure" in exact and "brightness" not in exact and "brightness" not in named_operations(unnumbered):
                chosen = [op for op in chosen if op != "brightness"]  # "two stops brighter" is exposure's
            for op in exact:
                probs[op] = max(probs.get(op, 0.0), 0.9)
        if image is not None and not named and not exact and intents.vague(text):
            plan = self._auto(request, text, prediction, probs, image, cancel, step)
            plan.layers = [l for l in plan.layers if l.op not in ruled_out]
            return plan
        if image is not None and not exact and _FIX_TONE_RE.match(text):
            # "fix the exposure": the Auto's levels and midtones, measured (the head's exposure was a guess:
            # -0.05 EV on the dark Storm.jpg)
            return self._auto(request, text, prediction, probs, image, cancel, step, only=("tint",))
        if ruled_out:
            chosen = [op for op in chosen if op not in ruled_out]
            if not chosen:
                return Plan(request=request, layers=[], probs=probs, extra={"unsupported": "nothing"},
                            message="Everything that request asks for is ruled out by what it says to leave alone.")
        if not chosen or max(probs.values(), default=0.0) < self.min_probability:
            return self._unsupported(request, "unclear", probs)
        chosen, neutral = self._white_balance(text, chosen, named, image, hints, neutral_place, cancel, step)
        if not chosen:
            return Plan(request=request, layers=[], message=" ".join(hints), probs=probs,
                        extra={"unsupported": "nothing"})
        values = self._values(text, chosen, image, hints)
        if neutral is not None:  # the colour curves measured on the photo, not the head's
            values["hue"] = {"curves": neutral.tolist()}
            probs["hue"] = max(probs.get("hue", 0.0), 0.9)  # asked for in words, like a named operation
        self._check(cancel)
        plan = self._stack(request, text, prediction, chosen, values, probs, image, cancel, step)
        plan.layers = self._own_places(plan.layers, image, hints, cancel, step, text)
        # a new colour for no thing ("make her dress red and the blues deeper": the clause of the blues
        # got one with no colour) changes nothing
        plan.layers = [l for l in plan.layers if not (l.op == "recolor" and l.operation.is_identity(l.params))]
        named_here = named_operations(text)
        strong = {l.op for l in plan.layers if not _faint(l)}
        faint = [l for l in plan.layers if _faint(l) and (l.op not in named_here or l.op in strong)]
        if faint and len(faint) < len(plan.layers):  # a step GIER bundles in that would change nothing one can see
            plan.layers = [l for l in plan.layers if l not in faint]
        # a rotation or crop that would change nothing (no lines to level, a square photo cropped
        # to a square) is left out; the message says why
        said = " ".join([*hints, plan.message or ""])
        plan.layers = [l for l in plan.layers if not (
            l.operation.geometric and l.operation.is_identity(l.params)
            and ((l.op == "rotate" and (NO_LINES in said or ORIENTED in said or FULL_TURN in said)) or (l.op == "crop" and WHOLE_CROP in said)
                 or (l.op == "flip" and FLIPPED_BACK in said)
                 or (l.op == "perspective" and NO_VERTICALS in said) or l.op == "lens"))]
        if not plan.layers:
            plan.extra["unsupported"] = "nothing"
        if any(intents.SKIN_PLAIN in plain for plain, _ in origins):
            plan.layers = [self._skin(l, image, hints) if l.op == "blur" and l.local else l for l in plan.layers]
        plan.layers = [self._recolour_light(self._own_colour(l, image), image) if l.op == "recolor" and l.local else l
                       for l in plan.layers]
        plan.layers = [_pixelate_size(l) if l.op == "pixelate" else l for l in plan.layers]
        if origins:  # the words shown for a layer are the user's ("vintage look"), not the plain phrasing's
            plan.layers = [_user_words(layer, origins, request) for layer in plan.layers]
        said = [h for h in dict.fromkeys(hints) if not (plan.message and h in plan.message)]  # each sentence once
        if said:
            plan.message = " ".join([*said, plan.message] if plan.message else said)
        return plan

    def _read(self, request: str, text: str) -> Plan | tuple[str, list[str], list[tuple[str, str]]]:
        """The words before the models (:mod:`.intents`): a plan at once for what is not an edit
        ("undo", "hello") or cannot be done ("whiten her teeth"); else the text in the plain
        phrasing the models read right ("remove the noise" -> "denoise it", "a vintage look" ->
        "less contrast, less saturation, warmer"), the hints for the message, and the user's
        words behind each plain phrasing."""
        kind = intents.non_edit(text)
        if kind is not None:  # "undo", "hello": not an edit; the app runs a command itself
            plan = self._unsupported(request, "chat")
            if kind[0] == "command" and kind[1] is not None:
                plan.message = intents.COMMAND_MESSAGES[kind[1]]
                plan.extra.update(unsupported="command", command=kind[1])
                if kind[1] in ("stronger", "weaker"):  # "a bit more", "too much": the app scales the last layers
                    plan.extra["factor"] = intents.follow_up_factor(text, kind[1])
            return plan
        # "only on the sky": the app moves the last request's layers; "apply my Golden preset": the app's presets
        app_only = "place" if follow_up_place(text) is not None else "preset" if intents.preset_request(text) else \
            "snapshot" if intents.snapshot_request(text) else "merge" if intents.merge_request(text) else None
        if app_only is not None:
            plan = self._unsupported(request, "chat")
            plan.message = intents.COMMAND_MESSAGES[app_only]
            plan.extra.update(unsupported="command", command=app_only)
            return plan
        hints: list[str] = []
        missing = [(c, intents.not_yet(c)) for c in split_clauses(text)]
        if any(what for _, what in missing):  # "whiten her teeth": nothing the app has can do it
            what = next(w for _, w in missing if w)
            # "the old photo has creases, fix them": the "fix them" is the creases', not a request of its own
            rest = []
            for c, w in missing:  # "a bit yellow and there's a scratch across her face": the yellow is still asked for
                parts = re.split(r"\s+and\s+", c) if w else [c]
                rest += [part for part in parts if part.strip() and not intents.not_yet(part) and not intents.points_back(part)
                         # "her eyes are closed in this one, can you open them": what is left asks nothing (it had
                         # GIER's bundle)
                         and ({x.lower() for x in WORD_RE.findall(part)} & (ACTION_WORDS - _POLITE_WORDS | QUALITY_WORDS)
                              or named_operations(part))]
            if not rest:
                plan = self._unsupported(request, "unclear")
                plan.message = f"I can't {what} yet{intents.not_yet_hint(what)}. " + CAPABILITIES
                plan.extra["not_yet"] = what
                return plan
            hints.append(f"I can't {what} yet{intents.not_yet_hint(what)}; I did the rest.")
            text = ", ".join(rest)
        # "it's a night shot, brighten it a bit": what the photo is, said beside the request, asks nothing
        clauses = split_clauses(text)
        said = [c for c in clauses if not intents.CONTEXT_RE.match(c)]
        if len(said) < len(clauses):
            if not said:
                plan = self._unsupported(request, "chat")
                plan.message = "Say what to change in it, e.g. 'a bit brighter' or 'warmer'. " + CAPABILITIES
                return plan
            text = ", ".join(said)
        # idioms in their plain phrasing: "remove the noise" denoises, it erases nothing
        origins: list[tuple[str, str]] = []
        text = intents.rewrite(text, origins)
        # a look asked by name for the whole photo ("give it a vintage look"): the edits that make it
        # (not when the clause names an operation itself: "a soft dreamy blur", "a monochrome look")
        clauses = split_clauses(text)
        looks = [_placed_look(c) if _names_only_a_look(c) else None for c in clauses]
        if any(looks):
            user_words = {plain.lower(): user for plain, user in origins}  # a look said in other words ("stand out")
            origins += [(look, user_words.get(c.strip().lower(), c)) for look, c in zip(looks, clauses) if look]
            # what a clause says to leave alone stays with its look ("a vintage look but keep her face natural")
            text = ", ".join(look + "".join(m.group(0) for m in _LEAVE_RE.finditer(c)) if look else c
                             for look, c in zip(looks, clauses))
        return text, hints, origins

    def _auto(self, request: str, text: str, prediction: OpPredictionLike, probs: dict[str, float],
              image: np.ndarray, cancel: Callable[[], bool] | None, step: Callable[[str], None] | None,
              only: Sequence[str] | None = None) -> Plan:
        """"fix it", "make it better": what an editor's Auto button does, measured on the photo
        (levels and midtones, dull colour; :func:`autofix.auto_enhance`), as ordinary layers to
        adjust; ``only`` keeps those operations ("fix the exposure": the levels and midtones). The
        heads learnt this from degraded photos too, but moved a degraded photo closer to its
        original only 44 % of the time (session 5)."""
        auto = autofix.auto_enhance(image)
        if only is not None:
            auto = {op: params for op, params in auto.items() if op in only}
        if not auto:
            plan = self._unsupported(request, "unclear", probs)
            plan.message = ("The photo already looks balanced (levels, midtones, colour saturation); say what to change, "
                            "e.g. 'a bit brighter' or 'warmer'.") if only is None else \
                ("The exposure already looks balanced (levels and midtones); say which way, e.g. 'a bit brighter'.")
            plan.extra["unsupported"] = "balanced"
            return plan
        words = [w for w in WORD_RE.findall(text) if intents.VAGUE_RE.fullmatch(w)] or WORD_RE.findall(text)[:2]
        for op in auto:
            probs[op] = max(probs.get(op, 0.0), 0.9)
            prediction.words[op] = words
            prediction.local[op] = 0.0
        return self._stack(request, text, prediction, list(auto), auto, probs, image, cancel, step)

    def _white_balance(self, text: str, chosen: list[str], named: Mapping[str, Sequence[str]],
                       image: np.ndarray | None, hints: list[str], place: str | None = None,
                       cancel: Callable[[], bool] | None = None,
                       step: Callable[[str], None] | None = None) -> tuple[list[str], np.ndarray | None]:
        """"fix the white balance", "remove the colour cast": with a photo, neutral colour
        curves measured from it (``hue``, returned beside the operations) instead of a
        temperature guessed from the words; from ``place`` ("the wall" of "pick the white
        balance from the wall") when one is named and found, as the picker does with a click."""
        # (not when the words say which way: "a warmer white balance")
        if image is None or not _WHITE_BALANCE_RE.search(text) or "temperature" not in named or \
                direction(text, "warmth") is not None:
            return chosen, None
        out = [op for op in chosen if op not in ("temperature", "hue", "tint")]
        if place is not None:
            found = self.select(place, image, "hue", cancel, step)
            surface = _surface(image, found.mask) if found.mask is not None else None
            colour = surface[0] if surface is not None else None
            if surface is not None and surface[1] > PICK_MAX_CHROMA:
                # a striped red and blue shirt is no grey surface: balancing on it turned a photo green
                hints.append(f"'{found.words or place}' is too colourful to be a grey or white surface; I balanced the "
                             f"photo's least colourful parts instead (or click a grey surface with Layer > White "
                             f"balance picker, W).")
                colour = None
            elif colour is not None:
                curves = autofix.picked_curves(colour)
                if curves is None:
                    hints.append(f"'{found.words or place}' is neutral already, or too dark or bright to show the "
                                 f"light's colour: nothing to correct.")
                    return out, None
                if found.message:  # a best guess, or part of it not found
                    hints.append(f"I am not sure I found {place}; if the colours look wrong, click a grey surface "
                                 f"with Layer > White balance picker (W).")
                return [*out, "hue"], curves
            else:
                hints.append(f"I could not find {place}; I balanced the photo's least colourful parts instead.")
        curves = autofix.neutral_curves(image)
        if curves is None:
            hints.append("The colours look neutral already; add a Temperature or Colour curves layer to change them.")
            return out, None
        return [*out, "hue"], curves

    def _values(self, text: str, ops: Sequence[str], image: np.ndarray | None,
                hints: list[str] | None = None) -> dict[str, dict[str, ParamValue]]:
        """The operations' parameters for ``text``: the heads' values, the background fill said
        in words, the sign a clear direction word sets, the rotation said in numbers ("90
        degrees clockwise") or measured in the photo ("straighten the horizon")."""
        values = self._parameters(text, ops, image)
        if "color_bg" in ops:  # the fill is said in words, not learnt
            values["color_bg"] = {**values.get("color_bg", {}), **background_fill(text)}
        clauses = split_clauses(text)
        for op in ops:  # a clear "way too dim" sets the sign; the head keeps the strength
            if op in QUALITY_OF and op in values:
                # read in the clauses that speak of this quality: "it looks a bit dark, make the
                # colours pop" asks for a full step of colour, not "a bit" of it
                own = [c for c in clauses if direction(c, QUALITY_OF[op][0]) is not None]
                said = ", ".join(own) if own else text
                factor = strength(said)
                if factor == 1.0 and _GENTLY.search(text):  # "brighten it, nothing drastic": for every edit
                    said, factor = f"{said}, slightly", 0.5
                # "slightly warmer", "a lot brighter": the plain request's step, scaled; and a quality
                # said in one clause of several is sized by its own words ("it looks dark and dull,
                # brighten it and make the colours pop": the head on the whole gave colour +0.1)
                if own and (factor != 1.0 or len(own) < len(clauses)):
                    values[op] = self._scaled_step(op, values[op], said, factor, image)
                values[op] = apply_direction(op, values[op], said)
        if "exposure" in ops and image is not None and "exposure" in values and "exposure" not in intents.amounts(text):
            said_wrong = [c for c in clauses if _EXPOSED_RE.search(c) and region_phrase(c) is None]
            if said_wrong:  # "it's overexposed": measured on the photo, sized by the words said of it
                sign = direction(said_wrong[0], "light") or (-1 if _EXPOSED_RE.search(said_wrong[0]).group(1).lower() == "over" else 1)
                least = autofix.EXPOSURE_LEAST * STEP_SCALE.get(strength(said_wrong[0]), strength(said_wrong[0]))
                values["exposure"] = {**values["exposure"], "stops": autofix.exposure_stops(image, sign, least)}
            elif isinstance(values["exposure"].get("stops"), (int, float)) and values["exposure"]["stops"]:
                # "lower the exposure", "increase the exposure slightly": an editor's step, more where the photo is far
                # off in that direction (the head's steps were 1.2-1.5 EV, "a bit" 0.9 EV, on a well exposed photo)
                sign = 1 if values["exposure"]["stops"] > 0 else -1
                own = [c for c in clauses if direction(c, "light") is not None]
                factor = strength(", ".join(own) if own else text)
                far = autofix.exposure_stops(image, sign, 0.0) if region_phrase(text) is None else 0.0
                size = max(EXPOSURE_STEP, min(abs(far), EXPOSURE_FAR)) * STEP_SCALE.get(factor, factor)
                values["exposure"] = {**values["exposure"], "stops": sign * min(size, autofix.EXPOSURE_MOST)}
        if "denoise" in ops and isinstance(values.get("denoise", {}).get("strength"), (int, float)):
            # "denoise it a little": the head's strength (nearly always the full filter) scaled by the words said of
            # the noise, as a quality's step is ("a little" had been the full filter)
            own = [c for c in clauses if _NOISE_WORDS.search(c)]
            factor = strength(", ".join(own) if own else text)
            if factor < 1.0:
                values["denoise"] = {**values["denoise"],
                                     "strength": float(values["denoise"]["strength"]) * STEP_SCALE.get(factor, factor)}
        said: dict[str, dict[str, float]] = {}  # effects: their amounts are said in words, no head has them
        for clause in split_clauses(text):
            for op, params in intents.effects(clause).items():
                if op == "split_tone" and op in said:  # "cool shadows, warm highlights": each side from its clause
                    for side in ("shadow", "highlight"):
                        if not said[op].get(f"{side}_amount") and params.get(f"{side}_amount"):
                            said[op] = {**said[op], f"{side}_hue": params[f"{side}_hue"],
                                        f"{side}_amount": params[f"{side}_amount"]}
                    if params.get("balance"):  # "..., cool shadows balanced towards the highlights"
                        said[op] = {**said[op], "balance": params["balance"]}
                said.setdefault(op, params)
        for clause in split_clauses(text):  # editor sliders said in words; every clause's sliders of an op in one layer
            for op, params in intents.sliders(clause).items():
                said[op] = {**said.get(op, {}), **params}
        mix = {k: v for clause in split_clauses(text) for k, v in intents.colour_ranges(clause).items()}
        if mix:  # "make the blues deeper and desaturate the greens": one mixer, every clause's ranges
            said["color_mixer"] = mix
        for op in ("grain", "vignette"):  # chosen by name in a clause that does not say how much ("..., some grain")
            if op in ops and op not in said:
                said[op] = intents.effects(f"add {op}").get(op, {})
                said[op] = {k: v * strength(text) if k == "amount" else v for k, v in said[op].items()}
        for op, params in said.items():
            if op in ops:
                values[op] = {**values.get(op, {}), **params}
        if "blur" in ops and intents.SKIN_PLAIN in text.lower():  # a retouch's blur is small, whatever the head says
            values["blur"] = {"radius": SKIN_RADIUS * strength(text)}
        if "black_and_white" in ops and re.search(r"\bsepia\b", text, re.I):
            values["black_and_white"] = {**values.get("black_and_white", {}), "amount": 1.0, "tone": 1.0}
        for op, said in intents.amounts(text).items():  # numbers are exact: no head, no floor
            if op in ops:
                specs = {p.name: p for p in registry.get(op).params}
                values[op] = {**values.get(op, {}), **{k: float(np.clip(v, specs[k].minimum, specs[k].maximum))
                                                       for k, v in said.items() if k in specs}}
        if image is not None:  # what an operation measures from the photo (a dehaze's haze colour)
            for op in ops:
                measured = registry.get(op).measure(image, _EXIF.get())
                if measured:
                    values[op] = {**measured, **values.get(op, {})}
        shift = intents.colour_shift(text) if "hue" in ops else None
        if shift is not None:
            colour, sign = shift
            values["hue"] = {"curves": autofix.shift_curves(intents.SHIFTS[colour], sign * strength(text)).tolist()}
        turn = intents.rotation(text) if "rotate" in ops else None
        twice = _TWICE_RE.search(text)
        if "flip" in ops and twice is not None and "flip" in values:
            values["flip"] = {**values["flip"], "horizontal": 0.0, "vertical": 0.0}  # "flip it twice": both axes before
            if hints is not None:
                hints.append(FLIPPED_BACK)
        if turn is not None:
            rot = dict(values.get("rotate", {}))
            if turn.quarter_turns is not None:
                # "rotate it 90 degrees twice": a half turn (one quarter before)
                rot["quarter_turns"] = (turn.quarter_turns * (2 if twice is not None else 1)) % 4
            rot["angle"] = turn.angle or 0.0
            if not turn.level and not rot["quarter_turns"] and not rot["angle"] and hints is not None:
                hints.append(FULL_TURN)  # "rotate it 360": a rotation layer that did nothing before
            if turn.level:
                angle = autofix.tilt_angle(image) if image is not None else None
                rot["angle"] = angle or 0.0
                if angle is None and hints is not None:
                    hints.append(NO_LINES)
            want = _ORIENTATION_RE.search(text)
            tall = image is not None and image.shape[0] >= image.shape[1]
            wide = image is not None and image.shape[1] >= image.shape[0]
            if want and (tall if want.group(1).lower() == "portrait" else wide):
                rot["quarter_turns"] = 0  # "put it in portrait orientation" on a portrait photo: nothing to turn
                if hints is not None:
                    hints.append(ORIENTED)
            values["rotate"] = rot
        if "lens" in ops:  # "fix the lens distortion": the profile of the photo's lens
            said: list[str] = []
            values["lens"] = self._lens(text, image, said)
            if hints is not None and (values["lens"] or "defringe" not in ops):
                hints.extend(said)  # beside Defringe, a lens with no profile and no fringes to measure is no news
        if "defringe" in ops:  # "remove the purple fringing": the fringes' colours from the words
            values["defringe"] = defringe_amounts(text)
        if "pixelate" in ops:  # "pixelate the faces": blocks sized to what they hide once it is found
            values["pixelate"] = {"size": PIXELATE_SIZE}
        if "recolor" in ops:  # "make her dress red": the new colour from the words
            values["recolor"] = next((r for c in split_clauses(text) if (r := intents.recolour(c))), {})
        if "white_balance" in ops:  # "set the white balance to tungsten": the light from the words
            from ..ops.white_balance import PRESET_NAMES, edited

            wb = {**values.get("white_balance", {}), **white_balance_light(text, values.get("white_balance", {}).get("camera"))}
            if PRESET_NAMES[int(wb["light"])] != "custom":  # the light's kelvin shown on the sliders
                wb.update(edited({"camera": [0.0] * 15, **wb}, "light", wb["light"]))
            values["white_balance"] = wb
        if "sky" in ops:  # "a sunset sky": its look from the words
            values["sky"] = {**values.get("sky", {}), "look": sky_look(text)}
        if "perspective" in ops:  # "fix the perspective": converging verticals measured in the photo
            vertical = autofix.keystone(image) if image is not None else None
            values["perspective"] = {"vertical": vertical or 0.0, "horizontal": 0.0}
            if vertical is None and hints is not None:
                hints.append(NO_VERTICALS)
        return values

    def _lens(self, text: str, image: np.ndarray | None, hints: list[str] | None) -> dict[str, ParamValue]:
        """"fix the lens distortion", "remove the purple fringes": the profile of the photo's
        lens (its EXIF, the lensfun database); without one, colour fringes measured in the photo
        itself, "barrel" or "pincushion" by the manual slider, and the reason in ``hints``."""
        from ..ops.lens import estimate_fringes
        from ..ops.lens_profile import LensProfileError, profile_for_photo

        reason = "Without the photo I cannot tell its lens."
        if image is not None:
            try:
                profile = profile_for_photo(_EXIF.get(), tuple(image.shape[:2]))  # type: ignore[arg-type]
            except LensProfileError as e:
                reason = str(e)
            else:
                if hints is not None:
                    hints.append(f"Lens profile: {profile.summary()}.")
                return dict(profile.params)
        fringes = estimate_fringes(image) if image is not None and _FRINGES_RE.search(text) else None
        if fringes is not None:
            if hints is not None:
                hints.append(f"{reason.split(';')[0]}; the colour fringes were measured in the photo itself.")
            return {"ca_red": fringes[0], "ca_blue": fringes[1]}
        way = 1.0 if _BARREL_RE.search(text) else -1.0 if _PINCUSHION_RE.search(text) else 0.0
        if hints is not None:
            hints.append(reason if not way else
                         f"{reason.split(';')[0]}; the {'barrel' if way > 0 else 'pincushion'} distortion is "
                         f"straightened by the Distortion slider: set it to taste.")
        return {"distortion": 0.5 * way} if way else {}

    def _scaled_step(self, op: str, params: Mapping[str, ParamValue], said: str, factor: float,
                     image: np.ndarray | None) -> dict[str, ParamValue]:
        """``params`` of ``op`` with its quality's value the head's value for ``said`` without its
        strength words, times :data:`directions.STEP_SCALE` of ``factor`` (0.6 "slightly", 1.6
        "a lot"), kept in range; the sign is set afterwards by the direction words."""
        name = QUALITY_OF[op][1]
        plain = self._parameters(without_strength(said), [op], image).get(op, {})
        base = plain.get(name, params.get(name))
        if not isinstance(base, (int, float)):
            return dict(params)
        spec = registry.get(op).spec(name)
        size = min(abs(float(base)) * STEP_SCALE.get(factor, factor), max(abs(spec.minimum), abs(spec.maximum)))
        current = params.get(name)
        sign = -1.0 if isinstance(current, (int, float)) and current < 0 else 1.0
        return {**params, name: sign * size}

    @staticmethod
    def _check(cancel: Callable[[], bool] | None) -> None:
        if cancel is not None and cancel():
            raise Cancelled()

    @staticmethod
    def _unsupported(request: str, reason: str, probs: Mapping[str, float] | None = None) -> Plan:
        return Plan(request=request, layers=[], message=MESSAGES[reason], probs=dict(probs or {}),
                    extra={"unsupported": reason})

    def _parameters(self, text: str, ops: Sequence[str], image: np.ndarray | None) -> dict[str, dict[str, ParamValue]]:
        """Head outputs for the predicted operations that have a head."""
        model = self.params
        heads = [op for op in ops if model is not None and op in model.cfg.ops]
        if not heads or model is None:
            return {}
        stats = self._image_stats(image)
        with self._lock, torch.no_grad():
            tok = encode_tokens([text], model.cfg.max_length)
            if stats is None:
                stats = model.stats_mean[None]  # no photo: an average one
            raw = model(tok.hidden, tok.mask, stats, ops=heads)
            return {op: ParamPredictor.to_params(model.values(op, raw[op])) for op in heads}

    @staticmethod
    def _image_stats(image: np.ndarray | None) -> torch.Tensor | None:
        if image is None:
            return None
        try:
            img = np.asarray(image)
            if img.ndim == 2:
                img = np.repeat(img[..., None], 3, axis=2)
            stats = image_stats(image_proxy(img))
            return stats if torch.isfinite(stats).all() else None
        except (ValueError, TypeError, RuntimeError, cv2_error()) as exc:
            log.warning("planning without the photo: %s", exc)
            return None

    def _stack(
        self,
        request: str,
        text: str,
        prediction: OpPredictionLike,
        chosen: Sequence[str],
        values: Mapping[str, Mapping[str, ParamValue]],
        probs: Mapping[str, float],
        image: np.ndarray | None = None,
        cancel: Callable[[], bool] | None = None,
        step: Callable[[str], None] | None = None,
    ) -> Plan:
        order = {op: i for i, op in enumerate(RENDER_ORDER)}
        ops = sorted(chosen, key=lambda op: (order.get(op, len(order) - 4), op))  # plugins before geometry
        layers: list[Layer] = []
        notes = _Notes(turns=int(values.get("rotate", {}).get("quarter_turns", 0)) if "rotate" in chosen else 0)
        clauses = split_clauses(text)
        everywhere_local = len(clauses) > 1 and all(region_phrase(c) is not None for c in clauses)
        for op in ops:
            operation = registry.get(op)
            attended = prediction.words.get(op, [])
            triggers = trigger_words(op, attended)
            # where: the clause that asked for this edit, never the whole request ("remove the
            # dog" must not take "her face" from the clause before it)
            own = clauses_with(text, triggers or [op])
            if op == "color_mixer":  # its words are the ranges ("the greens" is also a place): the clauses that name them
                own = [c for c in clauses if intents.colour_ranges(c)] or own
            elif len(clauses) > 1:  # a range's words are the colour mixer's, never another edit's ("remove the clutter
                # and make the yellows greener on the grass" had a second removal, of the grass)
                ranged = [c for c in clauses if intents.colour_ranges(c)]
                own = [c for c in own if c not in ranged or _names(c, op)] if ranged and own else own
            if len(clauses) > 1:  # "brighten it and fix the red eye": "fix" there is the red eye's, not brightness's
                own = [c for c in own if _names(c, op) or not any(_names(c, o) for o in chosen if o != op)]
                if op == "tone" and not own:  # "..., brighten the dress and darken the highlights on the suit": the
                    # sliders' clauses are the Tone layer's, which went over the whole photo
                    own = [c for c in clauses if intents.tone_sliders(c)]
            if not own and everywhere_local and not operation.geometric:
                # an op GIER bundles in ("darken the corners and brighten the woman" brings a
                # contrast change) with no clause of its own, where every clause names a place:
                # nothing asked for it over the whole photo, and no one place is its
                continue
            places = [region_phrase(c) for c in own]
            if len(own) > 1 and not operation.geometric and len(set(places)) > 1:
                # "brighten her face and darken the background": one layer a clause, each with
                # its own place, and its own parameters and direction read from that clause
                self._check(cancel)
                only = any(_ONLY.search(c) and p is not None for c, p in zip(own, places))
                for clause, place in zip(own, places):
                    if only and place is None:
                        continue  # "it's too dark, brighten her face only": the rest is why, not more of the edit
                    if op in ("brightness", "exposure") and "tone" in chosen and intents.TONE_RANGE_RE.search(clause) \
                            and (region_phrase(clause) is None or intents.tone_sliders(clause)):
                        continue  # "brighten the shadows, brighten her", "darken the highlights on the suit": the Tone layer's
                    clause_values = self._values(clause, [op], image).get(op, {})
                    in_clause = {m.group(0).lower() for m in WORD_RE.finditer(clause)}
                    heard = [w for w in attended if w.lower() in in_clause]
                    layer = self._layer(op, clause, True, heard or attended, clause_values, prediction, probs,
                                        image, cancel, step, notes, alone=False)
                    layers.append(layer)
                continue
            scope = own[0] if own else text
            layers.append(self._layer(op, scope, bool(own), attended, values.get(op, {}), prediction, probs,
                                      image, cancel, step, notes, alone=len(clauses) == 1))
        unplaced, partly, unsure, grounded = notes.unplaced, notes.partly, notes.unsure, notes.grounded
        message = None
        if unplaced:
            named = [f"'{p}'" for p in unplaced if p]
            where = " or ".join(named) if named else "the region to edit"
            n_off = sum(1 for l in layers if not l.enabled)
            message = (f"I could not find where {where} is yet; paint a mask on the disabled "
                       f"layer{'s' if n_off > 1 else ''}.")
        elif partly:
            message = f"I {'; '.join(partly)}; the mask covers the rest: paint to add what is missing."
        elif unsure:
            named = " or ".join(f"'{p}'" for p in unsure)
            message = f"I am not sure I found {named}; check the layer's mask (Show) and paint to correct it."
        if notes.hints:
            said = list(dict.fromkeys(notes.hints))  # once each ("remove the blemishes but not her freckles" said it twice)
            message = " ".join([message, *said] if message else said)
        extra = {"grounding": {k: g.to_json() for k, g in grounded.items() if g is not None}} if grounded else {}
        return Plan(request=request, layers=layers, message=message, probs=dict(probs), extra=extra)

    def _layer(self, op: str, scope: str, own: bool, attended: Sequence[str], values: Mapping[str, ParamValue],
               prediction: OpPredictionLike, probs: Mapping[str, float], image: np.ndarray | None,
               cancel: Callable[[], bool] | None, step: Callable[[str], None] | None, notes: "_Notes",
               alone: bool = True) -> Layer:
        """The layer of ``op`` asked for by the clause ``scope`` (``own``: the clause holds the
        op's words, so its place is the op's), grounded in ``image`` when it is local. With
        several clauses (not ``alone``), a clause that names no place is a global edit, whatever
        the predictor's local head (GIER's local labels belong to whole requests) says."""
        operation = registry.get(op)
        # where the clause that asked for it says (an op GIER bundles in, with no words of
        # its own, goes where the request's only clause says: "brighten her face" brightens
        # and adds contrast to the face, not the photo)
        # (an operation with a place of its own, a red eye's pupils, is placed afterwards: _own_places)
        where = region_phrase(scope) if own and not operation.own_place else None
        # "brighten the shadows", "tone down the highlights": a luminosity mask of the photo
        tonal = own and image is not None and not operation.geometric and not operation.needs_mask and op not in OWN_TONES
        tones = tonal_range(scope) if tonal and where is None else None
        # "darken the highlights in the sky": the sky's mask within the photo's highlights
        where_tones = tonal_range(scope) if tonal and where is not None else None
        # geometry applies to the whole photo whatever the predictor says (no mask applies)
        # an effect placed by the frame itself ("a vignette in the corners") is never masked
        local = not operation.own_place and (operation.needs_mask or (not operation.geometric and not operation.post_crop and (
            (float(prediction.local.get(op, 0.0)) > 0.5 and (alone or not own)) or where is not None
            or tones is not None)))
        words = tuple(w for w in attended if len(w.strip()) > 1)[:3]
        params = dict(values)
        if op == "crop":
            params.update(self._crop(scope, image, cancel, step, notes.turns))
            if image is not None and not any(float(v) for v in params.values() if isinstance(v, (int, float))):
                notes.hints.append(WHOLE_CROP)
        try:
            layer = Layer(op, params=params, source="model", confidence=float(probs.get(op, 0.0)),
                          words=words, local=local, enabled=not local)
        except Exception as exc:  # a plugin's spec that refuses the values: keep its defaults
            log.warning("%s: %s; using its defaults", op, exc)
            layer = Layer(op, source="model", confidence=float(probs.get(op, 0.0)), words=words, local=local,
                          enabled=not local)
        if tones is not None:
            return layer.replace(mask=Mask(tonal_mask(image, tones)), enabled=True, place=(("replace", f"the {tones}"),))
        phrase = (where or place_phrase(scope, attended)
                  or (place_phrase(scope, WORD_RE.findall(scope)) if own else None)) if local else None
        if local and self.grounder is not None and image is not None:
            self._check(cancel)
            found = self._ground(phrase or scope, op, image, step)
            if found is not None and found.mask is not None:
                # the words that found it, to find it again on another photo (a pasted layer, a preset)
                again = (("replace", phrase),) if phrase and (region_phrase(phrase) or tonal_range(phrase)) else ()
                mask = found.mask
                if where_tones is not None:
                    mask = mask.combined(Mask(tonal_mask(image, where_tones)), "intersect")
                    again = (("replace", f"the {where_tones} in {_PARTS_OF.sub('', phrase)}"),) if again else ()
                layer = layer.replace(mask=mask, enabled=True, place=again)
                if operation.name == "inpaint_obj" and found.chosen and all(p.kind == "area" for p in found.chosen):
                    # "remove the bottom right corner": a part of the frame is no thing to fill in; cropping cuts it off
                    layer = layer.replace(enabled=False)
                    if _CROP_HINT not in notes.hints:
                        notes.hints.append(_CROP_HINT)
                elif found.message and found.message not in notes.partly:
                    notes.partly.append(found.message)  # "could not find 'the cat'"
                elif found.score < UNSURE_PLACE and operation.name in ("recolor", "pixelate", "inpaint_obj"):
                    # a new colour, blocks or a hole filled on a wrong guess show glaringly (the flag's green on
                    # her face; "remove the flower" took the middle of a butterfly): the guess is kept on the
                    # layer, off until the user has looked
                    layer = layer.replace(enabled=False)
                elif found.score < UNSURE_PLACE and (phrase or scope) not in notes.unsure:
                    notes.unsure.append(phrase or scope)
            notes.grounded[layer.id] = found
        if local and not layer.enabled:
            if phrase and phrase not in notes.unplaced:
                notes.unplaced.append(phrase)
            elif not phrase and "" not in notes.unplaced:
                notes.unplaced.append("")
        return layer

    def _crop(self, scope: str, image: np.ndarray | None, cancel: Callable[[], bool] | None,
              step: Callable[[str], None] | None, turns: int = 0) -> dict[str, float]:
        """``crop``'s parameters: a shape or sides said in words ("to a square", "16:9", "trim
        the edges"), else the box of the place named ("crop it to the dog"), else the main
        subject's box with room around it ("crop it closer"); no cut when none is found. The
        crop runs after the request's quarter ``turns``, so it is measured on the turned photo
        ("rotate it 90 degrees and crop it to 16:9" is a wide picture)."""
        size = tuple(np.asarray(image).shape[:2]) if image is not None else None
        if size is not None and turns % 2:
            size = (size[1], size[0])

        def turned(found: Any) -> np.ndarray:  # the place's mask, on the photo as the crop sees it
            return np.rot90(found.mask.data, turns % 4) if turns % 4 else found.mask.data

        said = intents.crop_box(scope, size, strength(scope))  # type: ignore[arg-type]
        if said and intents.crop_ratio(scope) is not None and image is not None and self.grounder is not None:
            # a shape ("16:9"): the frame of that shape slides to keep the subject (heads first)
            self._check(cancel)
            found = self._ground("the subject", "crop", image, step)
            if found is not None and found.mask is not None:
                heads = ("top", "left", "bottom", "right")[turns % 4]  # where a turn put the photo's top
                return keep_subject(said, turned(found), heads)
        if said is not None:
            return said
        if image is None or self.grounder is None:
            return {}
        self._check(cancel)
        phrase = scope if names_a_region(scope, ["crop"]) else "the subject"
        found = self._ground(phrase, "crop", image, step)  # "crop it to the dog": the dog's box
        box = crop_around(turned(found), margin=0.15 if phrase == scope else 0.3) \
            if found is not None and found.mask is not None else {}
        if phrase != scope and sum(box.values()) < 5.0:
            # "crop it closer" when the subject fills the frame: closer all round
            cut = 8.0 * strength(scope)
            return {"left": cut, "top": cut, "right": cut, "bottom": cut}
        return box

    def _bare_skin(self, image: np.ndarray, region: np.ndarray) -> np.ndarray:
        """The skin in ``region`` (a soft mask at ``image``'s size): skin colours
        (:func:`autofix.skin_tones`) and the skin of the faces found there (their own colour in
        their outline: a highlight on a cheek fails a skin test), less their eyes, brows and
        mouths (lips pass for skin by their colour; lashes and brows sit in it). What a
        retoucher smooths."""
        skin = autofix.skin_tones(image, region)
        found = self._from_faces("face_features", image)
        if found is None:
            return skin
        face_skin, sharp = found
        return (np.maximum(skin, face_skin * region) * (1.0 - sharp)).astype(np.float32)

    def _skin(self, layer: Layer, image: np.ndarray | None, hints: list[str]) -> Layer:
        """A skin retouch's blur layer: its mask narrowed from the people found to the skin
        colours in them, less the eyes, brows and mouths of their faces (teeth and hair kept
        sharp too), at part opacity so the skin keeps its texture. Without a place or any skin
        in it, the layer stays off for painting."""
        if image is None or layer.mask is None:
            return layer
        h, w = np.asarray(image).shape[:2]
        region = layer.mask.resized(h, w)
        skin = self._bare_skin(np.asarray(image), region)
        found = float((skin > 0.5).sum())
        # too little skin: under a thousandth of the photo, unless it is most of a small place ("his forehead")
        if found < 0.001 * h * w and found < 0.25 * float((region > 0.5).sum()):
            hints.append("I found no skin to smooth; paint it on the disabled layer.")
            return layer.replace(enabled=False)
        return layer.replace(mask=Mask(skin), opacity=SKIN_OPACITY,
                             place=layer.place + (("skin", ""),) if layer.place else ())

    @staticmethod
    def _own_colour(layer: Layer, image: np.ndarray | None) -> Layer:
        """A Recolour layer's mask made the whole of its thing's own colour (what the grounding
        found of "her suit" is often a part of it): all of the suit, its patch left out. As it
        was when the thing has no one colour."""
        if image is None or layer.mask is None or not layer.enabled:
            return layer
        if any(_BODY_PART_RE.search(phrase) for _, phrase in layer.place):
            return layer  # hair is found as hair; its colour runs on into the skin beside it
        h, w = np.asarray(image).shape[:2]
        own = own_colour(np.asarray(image), layer.mask.resized(h, w))
        if own is None:
            return layer
        return layer.replace(mask=Mask(own), place=layer.place + (("colour", ""),) if layer.place else ())

    @staticmethod
    def _recolour_light(layer: Layer, image: np.ndarray | None) -> Layer:
        """A Recolour layer's lightness for its thing: a dye cannot make a white car red or a
        black coat yellow, so a near-white thing given a strong colour is darkened towards the
        middle, a near-black one lightened (the middle tones are where a colour shows). A thing
        of a strong colour of its own takes the new one as a hue turned at its own brightness
        would (Photoshop's Hue/Saturation): a red petal made orange is lightened, as orange is a
        lighter colour than red at the same strength; at its own luminance it had come out brown.
        A grey thing keeps its luminance (the dye's own rule)."""
        if image is None or layer.mask is None or float(layer.params.get("lightness", 0.0)):  # type: ignore[arg-type]
            return layer  # a shade the words said ("a darker green")
        img = np.asarray(image)[..., :3]
        h, w = img.shape[:2]
        inside = layer.mask.resized(h, w) > 0.5
        if int(inside.sum()) < 20:
            return layer
        px = img[inside].astype(np.float32) / (65535.0 if img.dtype == np.uint16 else 255.0 if img.dtype == np.uint8 else 1.0)
        weights = np.array(LUM_WEIGHTS_BLEND, np.float32)
        lum = float(np.median(px @ weights))
        sat = float(layer.params.get("saturation", 0.0))  # type: ignore[arg-type]
        strong = sat >= RECOLOUR_STRONG or sat < RECOLOUR_GREY  # grey too: a white car made grey is darkened
        if lum > RECOLOUR_WHITE:
            return layer.with_params(lightness=-min(0.6, (lum - 0.5) / lum)) if strong else layer
        if lum < RECOLOUR_BLACK:
            return layer.with_params(lightness=min(0.5, (0.35 - lum) / (1.0 - lum))) if strong else layer
        if sat < RECOLOUR_GREY:  # grey keeps its thing's luminance
            return layer
        value = px.max(axis=1)
        own = float(np.median((value - px.min(axis=1)) / np.maximum(value, 1e-6)))  # its own colour's HSV saturation
        colour = hue_colour(torch.tensor([float(layer.params.get("hue", 0.0))]), torch.tensor([sat]),  # type: ignore[arg-type]
                            torch.zeros(1, 3, 1, 1)).reshape(3).numpy()
        turned = float(np.median(value)) * float(np.dot(colour, weights))  # the new hue at the thing's own HSV value
        want = lum + own * (turned - lum)
        if abs(want - lum) < RECOLOUR_TURN:
            return layer
        light = (want - lum) / (1.0 - lum) if want > lum else (want - lum) / lum
        return layer.with_params(lightness=float(np.clip(light, -0.6, 0.5)))

    def _ground(self, phrase: str, op: str, image: np.ndarray, step: Callable[[str], None] | None = None) -> Any:
        """The grounding of ``phrase`` for layer ``op`` (proposals computed once per photo)."""
        import hashlib

        img = np.ascontiguousarray(image)
        key = hashlib.blake2b(img.data, digest_size=16).hexdigest() + repr(img.shape)
        try:
            props = self._proposals.get(key)
            if props is None:
                if step is not None:
                    step("Finding people, objects, the sky and the background in the photo…")
                props = self.grounder.proposals(img)
                self._proposals = {key: props, **dict(list(self._proposals.items())[:2])}
            return self.grounder.ground(phrase, op, props, img.shape[:2], image=img, step=step)
        except Exception as exc:  # noqa: BLE001 - a failed region model must not lose the request
            log.warning("grounding %r failed: %s", phrase, exc)
            return None


def _surface(image: np.ndarray, mask: Mask, side: int = 512) -> tuple[np.ndarray, float] | None:
    """The mean RGB (0-1) of ``image`` (at most ``side`` px) under the soft ``mask``, clipped and
    black pixels left out (they have lost the light's colour), and the median chroma (HSV
    saturation) of its pixels: above ``PICK_MAX_CHROMA`` the place is too colourful to be a grey
    surface under a coloured light (a red and blue striped shirt, whose mean alone is a mild
    purple). None when too little of it is left."""
    import cv2

    from ..render.kernels import to_float

    img = np.asarray(image)[..., :3]
    h, w = img.shape[:2]
    s = min(1.0, side / max(h, w))
    if s < 1.0:
        img = cv2.resize(img, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    x = to_float(img).reshape(-1, 3)
    weight = mask.resized(*img.shape[:2]).reshape(-1) * ((x.max(1) < 0.97) & (x.min(1) > 0.03))
    if weight.sum() < 20:
        return None
    inside = weight > 0.5
    chroma = (x.max(1) - x.min(1)) / np.maximum(x.max(1), 1e-6)
    return (x * weight[:, None]).sum(0) / weight.sum(), float(np.median(chroma[inside])) if inside.any() else 0.0


def keep_subject(cuts: Mapping[str, float], mask: np.ndarray, heads: str = "top") -> dict[str, float]:
    """``cuts`` (a centred frame of some shape, percent cut from each side) slid along the axis
    it cuts so that the frame keeps the subject ``mask``: centred on it when it fits, else from
    the side its heads are on (``heads``: the top of an upright photo, the right of one turned
    clockwise) or, across, its middle. The frame's size is unchanged."""
    out = dict(cuts)
    m = np.asarray(mask, np.float32) > 0.5
    if not m.any():
        return out
    for lo, hi, axis in (("top", "bottom", 1), ("left", "right", 0)):
        total = float(out.get(lo, 0.0)) + float(out.get(hi, 0.0))
        if total <= 0.0:
            continue
        profile = np.flatnonzero(m.any(axis=axis))  # rows (or columns) the subject reaches
        n = m.shape[0] if axis == 1 else m.shape[1]
        s0, s1 = profile[0] / n * 100.0, (profile[-1] + 1) / n * 100.0
        keep = 100.0 - total
        if s1 - s0 <= keep:
            start = (s0 + s1) / 2.0 - keep / 2.0
        elif heads == lo:
            start = s0 - 0.03 * keep
        elif heads == hi:
            start = s1 + 0.03 * keep - keep
        else:
            weights = m.sum(axis=1 - axis).astype(np.float64)[profile[0]: profile[-1] + 1]
            centre = (profile[0] + np.average(np.arange(len(weights)), weights=weights) + 0.5) / n * 100.0
            start = centre - keep / 2.0
        start = float(np.clip(start, 0.0, total))
        out[lo], out[hi] = min(start, 45.0), min(total - start, 45.0)
    return out


def cv2_error() -> type[BaseException]:
    import cv2

    return cv2.error


# ---------------------------------------------------------------------------------- evaluation
#: How each held-out direction is measured on the rendered photo.
def _measure(quality: str, x: torch.Tensor) -> float:
    from ..ops.filters import gaussian_blur
    from ..ops.spec import luminance

    lum = luminance(x)
    if quality == "light":
        return float(lum.mean())
    if quality == "contrast":
        return float(lum.std())
    if quality in ("saturation", "bw"):
        v = x.amax(1)
        return float(((v - x.amin(1)) / v.clamp_min(1e-3)).mean())
    if quality == "warmth":
        return float((x[:, 0] - x[:, 2]).mean())
    if quality == "sharp":
        sigma = torch.full((x.shape[0],), 1.0, dtype=x.dtype)
        return float((lum - gaussian_blur(lum, sigma)).pow(2).mean())
    raise ValueError(f"unknown quality {quality!r}")


def read_directions(path: str | Path) -> list[tuple[str, int, str]]:
    """``quality<TAB>+1|-1<TAB>request`` lines (``#`` comments) of a held-out direction file."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        quality, sign, request = line.split("\t", 2)
        rows.append((quality.strip(), int(sign), request.strip()))
    return rows


#: Operations that can carry out each held-out direction (for evaluating the heads alone).
DIRECTION_OPS: dict[tuple[str, int], tuple[str, ...]] = {
    ("light", 1): ("brightness", "exposure", "tint"), ("light", -1): ("brightness", "exposure", "tint"),
    ("contrast", 1): ("contrast", "tint"), ("contrast", -1): ("contrast", "tint"),
    ("saturation", 1): ("saturation",), ("saturation", -1): ("saturation",),
    ("warmth", 1): ("temperature", "hue"), ("warmth", -1): ("temperature", "hue"),
    ("sharp", 1): ("sharpness",), ("sharp", -1): ("blur", "sharpness"), ("bw", 1): ("black_and_white",),
}


@dataclass
class _Prediction:
    probs: dict[str, float]
    chosen: list[str]
    local: dict[str, float]
    words: dict[str, list[str]]


class FixedOpPredictor:
    """An operation "predictor" that always chooses ``op``: evaluates the parameter heads on
    their own, as if the operation predictor were right."""

    def __init__(self, op: str) -> None:
        self.op = op

    def predict(self, requests: Sequence[str]) -> list[_Prediction]:
        probs = {name: (1.0 if name == self.op else 0.0) for name in registry.operations()}
        return [_Prediction(probs, [self.op], {self.op: 0.0}, {self.op: []}) for _ in requests]


def evaluate_heads(
    params: ParamPredictor, rows: Sequence[tuple[str, int, str]], images: Sequence[np.ndarray], side: int = 256
) -> dict[str, Any]:
    """:func:`evaluate_directions` with every operation that can carry out each direction chosen
    in turn (the parameter model alone; the operation predictor is evaluated on GIER)."""
    results: dict[str, Any] = {"n": 0, "ok": 0, "per_op": {}, "failures": []}
    for (quality, sign), ops in DIRECTION_OPS.items():
        subset = [r for r in rows if (r[0], r[1]) == (quality, sign)]
        for op in ops:
            res = evaluate_directions(Planner(FixedOpPredictor(op), params), subset, images, side)
            results["n"] += res["n"]
            results["ok"] += round(res["accuracy"] * res["n"])
            key = f"{quality}{'+' if sign > 0 else '-'} via {op}"
            results["per_op"][key] = res["accuracy"]
            results["failures"].extend(dict(f, op=op) for f in res["failures"])
    results["accuracy"] = results["ok"] / max(results["n"], 1)
    return results


def evaluate_directions(
    planner: Planner, rows: Sequence[tuple[str, int, str]], images: Sequence[np.ndarray], side: int = 256
) -> dict[str, Any]:
    """Plan every request for every image, render the plan with the reference renderer and check
    that the named quality moved the right way (black and white: saturation fell below 5 %).

    Returns the overall and per-quality success rates and the failures.
    """
    from ..render.pipeline import render_tensor

    tensors = [image_proxy(img, side) for img in images]
    ok, per, failures = 0, {}, []
    total = 0
    for quality, sign, request in rows:
        for k, (img, x) in enumerate(zip(images, tensors)):
            plan = planner.plan(request, img)
            layers = [l for l in plan.layers if l.enabled]
            with torch.no_grad():
                y = render_tensor(x, layers) if layers else x
            before, after = _measure(quality, x), _measure(quality, y)
            if quality == "bw":
                good = after < 0.05 * max(before, 1e-6) or after < 0.01
            else:
                good = (after - before) * sign > 1e-6
            total += 1
            ok += good
            q = per.setdefault(f"{quality}{'+' if sign > 0 else '-'}", [0, 0])
            q[0] += good
            q[1] += 1
            if not good:
                failures.append({"request": request, "image": k, "quality": quality, "sign": sign,
                                 "layers": [l.summary() for l in plan.layers], "before": before, "after": after})
    return {
        "accuracy": ok / max(total, 1),
        "n": total,
        "per_quality": {k: v[0] / v[1] for k, v in per.items()},
        "failures": failures,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ldie_desktop.model.planner --photos DIR [--heads-only]``: the held-out direction
    evaluation on the held-out photos of the cache (see :func:`~.synth.split_photos`)."""
    import argparse
    import json

    from . import synth

    ap = argparse.ArgumentParser(prog="python -m ldie_desktop.model.planner")
    ap.add_argument("--photos", default="~/.cache/ldie/photos")
    ap.add_argument("--params", default=None, help="parameter model (default: newest in models/)")
    ap.add_argument("--requests", default=str(Path(__file__).resolve().parents[2] / "tests/data/direction_requests.tsv"))
    ap.add_argument("--heads-only", action="store_true", help="choose the right operation(s) instead of predicting")
    ap.add_argument("--max-photos", type=int, default=9)
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    _, held = synth.split_photos(synth.find_photos(Path(args.photos).expanduser()))
    images = [p for p in (synth.load_photo(h, 768) for h in held[: args.max_photos]) if p is not None]
    rows = read_directions(args.requests)
    params = ParamPredictor.load(args.params or default_params_path())
    if args.heads_only:
        res = evaluate_heads(params, rows, images)
    else:
        res = evaluate_directions(Planner.load(args.params), rows, images)
    res["photos"] = [h.name for h in held[: args.max_photos]]
    failures = res.pop("failures")
    res["failures_shown"] = failures[:25]
    res["n_failures"] = len(failures)
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
