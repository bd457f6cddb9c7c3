"""Training triples for the parameter model: (photo crop, request, target) with known edits.

A target is the crop edited by known operations with known parameters; its request is written
from templates that name the same edits: several phrasings per operation and direction
("brighter", "lighten it up", "it's too dark"), strengths ("slightly", "a lot", "way too
dark"), several edits per request ("brighter and warmer with more contrast"). Vague requests
("fix it", "make it look better") are paired with auto-enhancement targets: a good photo is
degraded (darkened, flattened, desaturated, given a cast) and the target is the original.
Problem statements ("it's too dark") are paired the same way half of the time, so the model
learns that how much to brighten depends on how dark the photo is.

Every direction can be realised by more than one operation ("brighter" by brightness,
exposure or a tone curve; "warmer" by temperature or the per-channel curves), because the
operation predictor decides which operation a request gets and each head must then move the
image the right way.

The photos are real photographs from a cache outside the repository
(``scripts/fetch_photos.sh``); none ships with the project.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import cv2
import numpy as np
import torch

from ..ops.curves import SEGMENTS

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp")
#: Longest side photos are kept at in memory (crops are taken from these).
PHOTO_SIDE = 512

Params = dict[str, float | list]


# ---------------------------------------------------------------------------------- curves
def gamma_curve(gamma: float, n: int = SEGMENTS) -> list[float]:
    """Segment slopes of ``x ** gamma`` (normalised so the mean slope is 1)."""
    edges = np.linspace(0.0, 1.0, n + 1) ** gamma
    return list(np.clip(np.diff(edges) * n, 0.2, 3.0))


def s_curve(strength: float, n: int = SEGMENTS) -> list[float]:
    """Slopes of a smooth S (``strength > 0``) or inverse S (``< 0``) tone curve."""
    x = np.linspace(0.0, 1.0, n + 1)
    s = np.clip(strength, -0.9, 0.9)
    y = x - s * np.sin(2 * math.pi * x) / (2 * math.pi)
    return list(np.clip(np.diff(y) * n, 0.2, 3.0))


def channel_curves(gammas: Sequence[float]) -> list[list[float]]:
    return [gamma_curve(g) for g in gammas]


# ---------------------------------------------------------------------------------- phrasing
#: Strength words; the multiplier scales an edit's normal magnitude.
WEAK = ("slightly", "a bit", "a little", "a touch", "somewhat", "just a little")
STRONG = ("a lot", "much", "way", "far", "dramatically", "really", "very much")
STRENGTH = {"weak": 0.45, "normal": 1.0, "strong": 1.8}


@dataclass(frozen=True)
class Phrases:
    """How people ask for one direction of one quality.

    ``comparative`` fits "make it ___" and takes a degree in front ("much brighter");
    ``verb`` is an imperative that takes a degree after it ("brighten it a lot");
    ``problem`` describes what is wrong ("dark" -> "it's too dark", "way too dark");
    ``plain`` are fixed phrases with no degree.
    """

    comparative: tuple[str, ...] = ()
    verb: tuple[str, ...] = ()
    problem: tuple[str, ...] = ()
    plain: tuple[str, ...] = ()


@dataclass(frozen=True)
class Realisation:
    """One operation that carries out a direction, with its parameters for a strength."""

    op: str
    params: Callable[[float, random.Random], Params]
    #: How to degrade a photo so this direction restores it (for problem statements).
    inverse: Callable[[float, random.Random], Params] | None = None
    #: The operation of ``inverse`` when it is not ``op`` (blur undone by sharpening).
    inverse_op: str | None = None


@dataclass(frozen=True)
class Direction:
    quality: str  # "light", "contrast", ...: at most one direction per quality per request
    sign: int
    phrases: Phrases
    ways: tuple[tuple[Realisation, float], ...]  # (realisation, weight)
    text_only: bool = False  # rotate/flip: no image target


def _j(rng: random.Random, lo: float = 0.8, hi: float = 1.2) -> float:
    return rng.uniform(lo, hi)


DIRECTIONS: tuple[Direction, ...] = (
    Direction("light", +1, Phrases(
        comparative=("brighter", "lighter", "less dark", "more luminous"),
        verb=("brighten it", "lighten it up", "brighten the photo", "increase the brightness", "raise the brightness",
              "lighten the image", "add some light", "turn up the brightness", "boost the brightness"),
        problem=("dark", "dim", "gloomy", "underexposed", "dull and dark"),
        plain=("more light", "more brightness", "needs more light", "brightness up"),
    ), (
        (Realisation("brightness", lambda s, r: {"amount": 0.3 * s * _j(r)},
                     lambda s, r: {"amount": -0.25 * s * _j(r)}), 0.5),
        (Realisation("exposure", lambda s, r: {"stops": 0.8 * s * _j(r)},
                     lambda s, r: {"stops": -0.8 * s * _j(r)}), 0.25),
        (Realisation("tint", lambda s, r: {"curve": gamma_curve(1.0 / (1.0 + 0.5 * s * _j(r)))},
                     lambda s, r: {"curve": gamma_curve(1.0 + 0.5 * s * _j(r))}), 0.25),
    )),
    Direction("light", -1, Phrases(
        comparative=("darker", "dimmer", "less bright", "moodier", "less light"),
        verb=("darken it", "tone it down", "darken the photo", "reduce the brightness", "lower the brightness",
              "turn down the brightness", "bring the brightness down", "dim it"),
        problem=("bright", "light", "overexposed", "washed out and bright", "blown out"),
        plain=("less light", "less brightness", "brightness down"),
    ), (
        (Realisation("brightness", lambda s, r: {"amount": -0.25 * s * _j(r)},
                     lambda s, r: {"amount": 0.25 * s * _j(r)}), 0.5),
        (Realisation("exposure", lambda s, r: {"stops": -0.8 * s * _j(r)},
                     lambda s, r: {"stops": 0.6 * s * _j(r)}), 0.25),
        (Realisation("tint", lambda s, r: {"curve": gamma_curve(1.0 + 0.5 * s * _j(r))},
                     lambda s, r: {"curve": gamma_curve(1.0 / (1.0 + 0.4 * s * _j(r)))}), 0.25),
    )),
    Direction("contrast", +1, Phrases(
        comparative=("more contrasty", "punchier", "higher in contrast", "more dramatic", "less flat"),
        verb=("increase the contrast", "add contrast", "boost the contrast", "raise the contrast",
              "turn up the contrast", "make the contrast stronger", "give it more contrast"),
        problem=("flat", "low in contrast", "washed out", "hazy", "lifeless"),
        plain=("more contrast", "contrast up", "needs more contrast", "higher contrast"),
    ), (
        (Realisation("contrast", lambda s, r: {"amount": min(0.5 * s * _j(r), 1.0)},
                     lambda s, r: {"amount": -0.45 * s * _j(r)}), 0.75),
        (Realisation("tint", lambda s, r: {"curve": s_curve(0.45 * s * _j(r))},
                     lambda s, r: {"curve": s_curve(-0.4 * s * _j(r))}), 0.25),
    )),
    Direction("contrast", -1, Phrases(
        comparative=("less contrasty", "softer in contrast", "flatter", "lower in contrast"),
        verb=("reduce the contrast", "lower the contrast", "decrease the contrast", "turn down the contrast",
              "soften the contrast", "tone down the contrast"),
        problem=("contrasty", "harsh", "high in contrast"),
        plain=("less contrast", "contrast down", "lower contrast"),
    ), (
        (Realisation("contrast", lambda s, r: {"amount": max(-0.5 * s * _j(r), -1.0)},
                     lambda s, r: {"amount": 0.5 * s * _j(r)}), 0.75),
        (Realisation("tint", lambda s, r: {"curve": s_curve(-0.45 * s * _j(r))},
                     lambda s, r: {"curve": s_curve(0.4 * s * _j(r))}), 0.25),
    )),
    Direction("saturation", +1, Phrases(
        comparative=("more colorful", "more colourful", "more saturated", "more vivid", "more vibrant", "richer in color"),
        verb=("increase the saturation", "boost the colors", "saturate it", "boost the saturation",
              "enhance the colours", "intensify the colors", "make the colors pop", "raise the saturation"),
        problem=("dull", "desaturated", "colorless", "pale", "faded"),
        plain=("more saturation", "more color", "more colour", "saturation up", "stronger colors"),
    ), (
        (Realisation("saturation", lambda s, r: {"amount": min(0.4 * s * _j(r), 1.0)},
                     lambda s, r: {"amount": -0.4 * s * _j(r)}), 1.0),
    )),
    Direction("saturation", -1, Phrases(
        comparative=("less saturated", "less colorful", "less vivid", "more muted", "less colourful", "paler"),
        verb=("reduce the saturation", "desaturate it", "tone down the colors", "lower the saturation",
              "mute the colours", "decrease the saturation", "soften the colors"),
        problem=("oversaturated", "saturated", "garish", "too colorful"),
        plain=("less saturation", "less color", "saturation down", "weaker colors"),
    ), (
        (Realisation("saturation", lambda s, r: {"amount": max(-0.4 * s * _j(r), -0.9)},
                     lambda s, r: {"amount": 0.4 * s * _j(r)}), 1.0),
    )),
    Direction("warmth", +1, Phrases(
        comparative=("warmer", "more golden", "more orange", "less blue", "sunnier"),
        verb=("warm it up", "add warmth", "warm up the colors", "increase the temperature", "add a warm tone",
              "make the tones warmer", "give it a warm tint"),
        problem=("cold", "blue", "bluish", "cool"),
        plain=("more warmth", "warmer tones", "warm tones", "warmer colors"),
    ), (
        (Realisation("temperature", lambda s, r: {"amount": min(0.35 * s * _j(r), 1.0)},
                     lambda s, r: {"amount": -0.35 * s * _j(r)}), 0.7),
        (Realisation("hue", lambda s, r: {"curves": channel_curves((1 / (1 + 0.3 * s * _j(r)), 1.0, 1 + 0.35 * s * _j(r)))},
                     lambda s, r: {"curves": channel_curves((1 + 0.3 * s * _j(r), 1.0, 1 / (1 + 0.35 * s * _j(r))))}), 0.3),
    )),
    Direction("warmth", -1, Phrases(
        comparative=("cooler", "colder", "bluer", "less yellow", "less orange", "less warm"),
        verb=("cool it down", "cool down the colors", "add a blue tone", "decrease the temperature",
              "make the tones cooler", "give it a cool tint", "remove the yellow cast"),
        problem=("warm", "yellow", "orange", "yellowish"),
        plain=("cooler tones", "cold tones", "cooler colors", "less warmth"),
    ), (
        (Realisation("temperature", lambda s, r: {"amount": max(-0.35 * s * _j(r), -1.0)},
                     lambda s, r: {"amount": 0.35 * s * _j(r)}), 0.7),
        (Realisation("hue", lambda s, r: {"curves": channel_curves((1 + 0.3 * s * _j(r), 1.0, 1 / (1 + 0.35 * s * _j(r))))},
                     lambda s, r: {"curves": channel_curves((1 / (1 + 0.3 * s * _j(r)), 1.0, 1 + 0.35 * s * _j(r)))}), 0.3),
    )),
    Direction("green", +1, Phrases(
        comparative=("greener", "more green"),
        verb=("add green", "boost the greens"),
        problem=("magenta", "pink", "purple"),
    ), (
        (Realisation("hue", lambda s, r: {"curves": channel_curves((1.0, 1 / (1 + 0.3 * s * _j(r)), 1.0))},
                     lambda s, r: {"curves": channel_curves((1.0, 1 + 0.3 * s * _j(r), 1.0))}), 1.0),
    )),
    Direction("green", -1, Phrases(
        comparative=("less green", "more magenta", "pinker"),
        verb=("remove the green cast", "reduce the green"),
        problem=("green", "greenish"),
    ), (
        (Realisation("hue", lambda s, r: {"curves": channel_curves((1.0, 1 + 0.3 * s * _j(r), 1.0))},
                     lambda s, r: {"curves": channel_curves((1.0, 1 / (1 + 0.3 * s * _j(r)), 1.0))}), 1.0),
    )),
    Direction("red", +1, Phrases(
        comparative=("redder", "more red"),
        verb=("add red", "boost the reds"),
        problem=("cyan",),
    ), (
        (Realisation("hue", lambda s, r: {"curves": channel_curves((1 / (1 + 0.35 * s * _j(r)), 1.0, 1.0))},
                     lambda s, r: {"curves": channel_curves((1 + 0.35 * s * _j(r), 1.0, 1.0))}), 1.0),
    )),
    Direction("red", -1, Phrases(
        comparative=("less red",),
        verb=("reduce the red", "remove the red cast", "tone down the reds"),
        problem=("red", "reddish"),
    ), (
        (Realisation("hue", lambda s, r: {"curves": channel_curves((1 + 0.35 * s * _j(r), 1.0, 1.0))},
                     lambda s, r: {"curves": channel_curves((1 / (1 + 0.35 * s * _j(r)), 1.0, 1.0))}), 1.0),
    )),
    Direction("bw", +1, Phrases(
        comparative=("black and white", "grayscale", "greyscale", "monochrome", "b&w", "black & white"),
        verb=("convert it to black and white", "turn it black and white", "remove all the color",
              "make it grayscale", "convert to monochrome", "turn it into a black and white photo", "drop the colour"),
        plain=("black and white", "black and white please", "monochrome version", "grayscale photo", "b/w"),
    ), (
        (Realisation("black_and_white", lambda s, r: {"amount": 1.0 if s >= 1.0 else 0.5 + 0.5 * s}), 1.0),
    )),
    Direction("sharp", +1, Phrases(
        comparative=("sharper", "crisper", "more detailed", "clearer", "more defined", "less blurry"),
        verb=("sharpen it", "sharpen the photo", "increase the sharpness", "bring out the details",
              "enhance the details", "add sharpness", "boost the sharpness", "make the details crisper"),
        problem=("blurry", "soft", "fuzzy", "out of focus", "unsharp"),
        plain=("more sharpness", "more detail", "sharpness up", "sharper details"),
    ), (
        (Realisation("sharpness", lambda s, r: {"amount": min(0.6 * s * _j(r), 2.2)},
                     lambda s, r: {"radius": 0.35 * s * _j(r)}, "blur"), 1.0),
    )),
    Direction("sharp", -1, Phrases(
        comparative=("softer", "less sharp", "dreamier"),
        verb=("soften it", "reduce the sharpness", "soften the details", "lower the sharpness"),
        problem=("sharp", "crunchy", "oversharpened"),
        plain=("less sharpness", "soft focus", "softer look"),
    ), (
        (Realisation("sharpness", lambda s, r: {"amount": max(-0.3 * s * _j(r), -0.5)},
                     lambda s, r: {"amount": 0.6 * s * _j(r)}), 0.6),
        (Realisation("blur", lambda s, r: {"radius": 0.3 * s * _j(r)}), 0.4),
    )),
    Direction("blur", +1, Phrases(
        comparative=("blurrier", "blurry", "more blurred", "out of focus"),
        verb=("blur it", "blur the photo", "add blur", "apply a blur", "add a gaussian blur", "defocus it",
              "blur the image", "make it fuzzy"),
        plain=("more blur", "gaussian blur", "blur effect", "blurred version"),
    ), (
        (Realisation("blur", lambda s, r: {"radius": min(0.8 * s * _j(r), 2.8)}), 0.8),
        (Realisation("sharpness", lambda s, r: {"amount": max(-0.35 * s * _j(r), -0.5)}), 0.2),
    )),
    Direction("noise", -1, Phrases(
        comparative=("less noisy", "less grainy", "cleaner", "smoother"),
        verb=("denoise it", "remove the noise", "reduce the noise", "clean up the noise", "remove the grain",
              "reduce the grain", "get rid of the noise"),
        problem=("noisy", "grainy", "speckled"),
        plain=("noise reduction", "less noise", "less grain"),
    ), (
        (Realisation("denoise", lambda s, r: {"strength": min(0.6 * s * _j(r), 1.0)}), 1.0),
    )),
    Direction("rotate_ccw", +1, Phrases(
        verb=("rotate it 90 degrees counterclockwise", "rotate it to the left", "turn it left",
              "rotate left", "rotate it anticlockwise", "turn it 90 degrees to the left", "rotate 90 ccw"),
    ), (
        (Realisation("rotate", lambda s, r: {"quarter_turns": 1}), 1.0),
    ), text_only=True),
    Direction("rotate_cw", +1, Phrases(
        verb=("rotate it 90 degrees clockwise", "rotate it to the right", "turn it right", "rotate right",
              "rotate it clockwise", "turn it 90 degrees to the right", "rotate 90 cw", "rotate it 90 degrees"),
    ), (
        (Realisation("rotate", lambda s, r: {"quarter_turns": 3}), 1.0),
    ), text_only=True),
    Direction("rotate_180", +1, Phrases(
        verb=("rotate it 180 degrees", "turn it upside down", "rotate it upside down", "spin it around 180 degrees",
              "rotate it half a turn"),
    ), (
        (Realisation("rotate", lambda s, r: {"quarter_turns": 2}), 1.0),
    ), text_only=True),
    Direction("flip_h", +1, Phrases(
        verb=("flip it horizontally", "mirror it", "mirror the photo", "flip it left to right", "mirror image",
              "flip the image horizontally", "make a mirror image"),
    ), (
        (Realisation("flip", lambda s, r: {"horizontal": 1, "vertical": 0}), 1.0),
    ), text_only=True),
    Direction("flip_v", +1, Phrases(
        verb=("flip it vertically", "flip it top to bottom", "mirror it vertically", "flip the image vertically"),
    ), (
        (Realisation("flip", lambda s, r: {"horizontal": 0, "vertical": 1}), 1.0),
    ), text_only=True),
    Direction("flip_hv", +1, Phrases(
        verb=("flip it both horizontally and vertically", "mirror it both ways"),
    ), (
        (Realisation("flip", lambda s, r: {"horizontal": 1, "vertical": 1}), 1.0),
    ), text_only=True),
)

# ---------------------------------------------------------------------------------- more phrasings
#: Extra, thesaurus-style phrasings per direction (merged into ``DIRECTIONS`` below): the first
#: template set was too narrow for unseen wording. Written independently of the held-out set
#: (``tests/data/direction_requests.tsv``); ``tests/test_model_params.py`` checks no template
#: request equals a held-out one.
EXTRA_PHRASES: dict[tuple[str, int], Phrases] = {
    ("light", +1): Phrases(
        comparative=("lighter overall", "better lit", "more exposed", "less dim", "less shadowy", "more radiant",
                     "airier", "brighter overall", "more well lit", "sunnier and lighter"),
        verb=("lift the brightness", "lift the shadows", "brighten up the image", "light it up",
              "bring up the brightness", "increase the exposure", "push the exposure up", "open up the shadows",
              "give it more light", "turn the brightness up", "pump up the brightness", "add exposure",
              "brighten the whole thing", "expose it more", "up the brightness", "illuminate it",
              "brighten the scene", "raise the exposure", "make the exposure brighter", "boost the exposure"),
        problem=("murky", "shadowy", "underlit", "dingy", "poorly lit", "unlit", "dusky", "muddy and dark",
                 "dark and murky", "black", "pitch dark", "sombre", "somber", "gloomy and dark", "dim and grey"),
        plain=("I can't see anything", "everything is lost in the shadows", "it's nearly pitch black",
               "the shadows swallow everything", "hard to make out anything in the dark",
               "looks like it was taken at night", "needs brightening", "more exposure", "exposure up",
               "it's underexposed, fix it", "the subject is hidden in darkness", "not enough light",
               "there's hardly any light", "it's so dark", "the scene is too dark to see",
               "everything is too dark", "lighten everything up"),
    ),
    ("light", -1): Phrases(
        comparative=("dimmer overall", "less exposed", "deeper in tone", "more shadowy", "darker overall",
                     "more subdued in light", "dusky", "more dim"),
        verb=("reduce the exposure", "decrease the exposure", "bring down the exposure", "pull the exposure down",
              "darken everything", "cut the brightness", "drop the brightness", "take the brightness down",
              "turn the brightness down", "dial down the brightness", "subdue the light", "underexpose it",
              "darken the image", "bring down the highlights", "make the exposure darker", "lower the lights"),
        problem=("glaring", "dazzling", "bleached", "overlit", "bright and glary", "blown", "light and faded",
                 "glowing", "luminous", "sunny and bright"),
        plain=("the highlights are blown", "it hurts my eyes", "everything is washed out by the light",
               "exposure down", "less exposure", "it's overexposed, fix it", "way too much light",
               "too much brightness", "the light is too strong", "it's so bright"),
    ),
    ("contrast", +1): Phrases(
        comparative=("more striking", "bolder", "crisper in tone", "more contrasted", "stronger in contrast",
                     "deeper in contrast", "less muddy", "less dull in tone"),
        verb=("strengthen the contrast", "pump up the contrast", "heighten the contrast", "enhance the contrast",
              "push the contrast", "add more contrast", "deepen the shadows and lift the highlights",
              "make the darks darker and the lights lighter", "increase the tonal range", "up the contrast",
              "intensify the contrast", "amplify the contrast", "bring out more contrast"),
        problem=("muddy", "dull and flat", "grey and flat", "foggy", "murky in tone", "low contrast", "milky",
                 "lacking contrast", "bland and flat"),
        plain=("stronger contrast", "contrast boost", "the contrast is too weak", "not enough contrast",
               "deeper blacks", "richer blacks and whites", "it needs more pop"),
    ),
    ("contrast", -1): Phrases(
        comparative=("gentler in contrast", "more subtle in contrast", "milder", "softer toned", "more even in tone",
                     "less punchy", "less harsh"),
        verb=("ease the contrast", "flatten it", "flatten the contrast", "cut the contrast", "dial down the contrast",
              "bring the contrast down", "weaken the contrast", "make the contrast softer", "reduce contrast a touch",
              "lessen the contrast", "relax the contrast", "compress the tones", "lift the blacks"),
        problem=("punchy", "stark", "severe", "hard", "contrasted", "dramatic", "extreme in contrast"),
        plain=("softer contrast", "gentler contrast", "the contrast is too high", "too much contrast",
               "the shadows are too deep and the highlights too bright", "a flatter look", "muted contrast"),
    ),
    ("saturation", +1): Phrases(
        comparative=("more intense", "richer", "livelier", "more vivid in color", "brighter in color",
                     "more saturated in colour", "juicier", "deeper in colour", "less washed out in colour"),
        verb=("enrich the colors", "deepen the colours", "pump up the saturation", "boost the vibrance",
              "add vibrance", "increase the vibrance", "make the colours stronger", "strengthen the colors",
              "make the colors richer", "saturate the colours", "amp up the colors", "heighten the colors",
              "add color", "increase the color intensity", "up the saturation", "push the saturation"),
        problem=("drab", "washed-out", "grey", "muted", "bland", "colourless", "lifeless", "dull in color",
                 "greyish", "pale in colour"),
        plain=("richer colors", "vivid colours", "the colors are too weak", "more vibrance",
               "the colours look faded", "not enough color", "colour boost", "punchier colors"),
    ),
    ("saturation", -1): Phrases(
        comparative=("more subdued", "less intense", "more neutral", "calmer in color", "more washed out",
                     "softer in colour", "more desaturated", "duller"),
        verb=("reduce the vibrance", "pull back the saturation", "tone down the saturation", "weaken the colors",
              "dial back the colors", "take out some of the color", "desaturate the colours", "lessen the saturation",
              "remove some saturation", "drain some color", "wash out the colors", "calm the colours down",
              "reduce the color intensity", "cut the saturation"),
        problem=("vivid", "intense", "loud", "over-saturated", "neon", "gaudy", "vibrant", "colourful",
                 "bright in colour", "cartoonish"),
        plain=("muted colors", "softer colours", "too much color", "the colors are too loud", "a muted look",
               "a desaturated look", "less vibrance"),
    ),
    ("warmth", +1): Phrases(
        comparative=("warmer in tone", "more amber", "more yellow", "toastier", "cosier", "more golden in tone",
                     "more like golden hour", "less cold", "less icy", "balmier"),
        verb=("warm the image", "add golden tones", "give it a sunset glow", "shift it toward orange",
              "shift the white balance warmer", "add an amber tint", "raise the color temperature",
              "warm up the white balance", "add some warmth", "heat up the colours", "add a yellow tint",
              "give it a golden glow", "warm the photo up", "raise the temperature"),
        problem=("icy", "chilly", "cold and blue", "frosty", "cool and blue", "blue-ish", "steely", "wintry blue"),
        plain=("golden hour look", "sunset tones", "a warm look", "warm colours", "a summery feel",
               "warmer white balance", "it feels cold", "amber tones"),
    ),
    ("warmth", -1): Phrases(
        comparative=("icier", "chillier", "frostier", "more teal", "bluer in tone", "less golden", "less amber",
                     "cooler in tone", "more wintry"),
        verb=("cool the image", "add a blue tint", "shift it toward blue", "lower the color temperature",
              "reduce the temperature", "cool the white balance", "add cool tones", "remove the orange cast",
              "take out the warmth", "cool the photo down", "neutralise the yellow", "reduce the warm tones",
              "chill the colours", "make the white balance cooler"),
        problem=("golden", "amber", "yellow-orange", "warm-toned", "orangey", "sepia", "hot", "toasty"),
        plain=("a cold look", "a cooler look", "blue tones", "a colder feel", "cooler white balance",
               "it feels too warm", "a frosty feel", "a winter mood", "less yellow please"),
    ),
    ("sharp", +1): Phrases(
        comparative=("crisper and clearer", "more in focus", "better defined", "more detailed and crisp",
                     "less soft", "less fuzzy", "tack sharp"),
        verb=("crisp it up", "add detail", "sharpen the details", "clarify the image", "add clarity",
              "increase the clarity", "bring out the fine details", "make the edges crisper", "apply sharpening",
              "sharpen up the picture", "sharpen everything", "give it more definition", "refine the details",
              "apply an unsharp mask", "make it more crisp", "define the edges"),
        problem=("not sharp", "unclear", "smeared", "mushy", "smudgy", "blurred", "hazy and soft", "undefined",
                 "out of focus and soft"),
        plain=("more clarity", "more definition", "crisper details", "sharp details", "it needs sharpening",
               "the details are lost", "a bit of sharpening", "strong sharpening"),
    ),
    ("blur", +1): Phrases(
        comparative=("more out of focus", "fuzzier", "smeared", "hazier", "softer and blurrier", "more blurry"),
        verb=("blur the whole thing", "throw it out of focus", "give it a blur", "apply a soft blur",
              "gaussian blur it", "smudge it", "blur it out", "make it out of focus", "soften it with a blur",
              "add some blur", "apply blurring", "smooth it with a blur", "blur the whole image", "defocus the photo",
              "put a blur on it", "make everything blurry"),
        plain=("blurry effect", "soft focus blur", "a blurred look", "heavy blur", "light blur", "a strong blur",
               "a gentle blur", "blurred please", "defocused look", "a gaussian blur"),
    ),
    ("bw", +1): Phrases(
        comparative=("gray", "grey", "colorless", "black-and-white", "monochromatic", "noir"),
        verb=("turn it gray", "desaturate it completely", "make it greyscale", "convert to grayscale",
              "turn it into a monochrome photo", "change it to black and white", "remove the colour entirely",
              "strip the colors", "make it monochrome", "convert to greyscale", "take out all the colour",
              "render it in black and white", "go black and white", "convert this to b&w"),
        plain=("classic black and white", "noir look", "no color at all", "grey tones only", "b&w please",
               "a monochrome look", "a greyscale version", "shades of gray only", "a black-and-white photo",
               "grayscale please", "bw"),
    ),
}

#: Relative weights of the realisations: every operation that can carry out a direction gets about
#: the same share of its samples (the first weights starved exposure, tone curves and hue curves).
BALANCED_WAYS: dict[tuple[str, int], dict[str, float]] = {
    ("light", +1): {"brightness": 1.0, "exposure": 1.3, "tint": 1.0},
    ("light", -1): {"brightness": 1.0, "exposure": 1.3, "tint": 1.0},
    ("contrast", +1): {"contrast": 1.0, "tint": 1.0},
    ("contrast", -1): {"contrast": 1.0, "tint": 1.0},
    ("warmth", +1): {"temperature": 1.0, "hue": 1.0},
    ("warmth", -1): {"temperature": 1.0, "hue": 1.0},
    ("sharp", -1): {"sharpness": 0.5, "blur": 0.5},
    ("blur", +1): {"blur": 0.5, "sharpness": 0.5},
}


def _merge(d: Direction) -> Direction:
    from dataclasses import replace

    key = (d.quality, d.sign)
    extra = EXTRA_PHRASES.get(key)
    phrases = d.phrases
    if extra is not None:
        def cat(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(dict.fromkeys(a + b))

        phrases = Phrases(cat(phrases.comparative, extra.comparative), cat(phrases.verb, extra.verb),
                          cat(phrases.problem, extra.problem), cat(phrases.plain, extra.plain))
    weights = BALANCED_WAYS.get(key)
    ways = d.ways if weights is None else tuple((w, weights.get(w.op, wt)) for w, wt in d.ways)
    return replace(d, phrases=phrases, ways=ways)


DIRECTIONS = tuple(_merge(d) for d in DIRECTIONS)

#: How often each direction is drawn: about in proportion to how many operations can carry it out
#: (so each (direction, operation) pair gets a similar number of samples), with the rare colour
#: casts (green/red) and the geometric edits less often.
DIRECTION_WEIGHT: dict[str, float] = {
    "light+1": 3.0, "light-1": 3.0, "contrast+1": 2.0, "contrast-1": 2.0, "saturation+1": 1.5, "saturation-1": 1.5,
    "warmth+1": 2.0, "warmth-1": 2.0, "green+1": 0.6, "green-1": 0.6, "red+1": 0.6, "red-1": 0.6, "bw+1": 1.0,
    "sharp+1": 1.5, "sharp-1": 1.2, "blur+1": 1.5, "noise-1": 0.8,
}


#: Qualities that cannot share a request with each other (one would undo the other).
EXCLUSIVE = ({"saturation", "bw"}, {"sharp", "blur"}, {"sharp", "noise"}, {"blur", "noise"})

VAGUE = (
    "fix it", "fix this photo", "make it look better", "enhance this photo", "enhance it", "improve it",
    "improve the photo", "make it look good", "auto enhance", "make it nicer", "can you make this look better",
    "please fix the colors", "fix the lighting", "make it pop", "make this picture look professional",
    "correct the colors", "fix the exposure", "touch it up", "make it prettier", "clean it up",
    "please enhance", "make it look more natural", "improve the colours and lighting", "color correct it",
    "retouch this picture", "make it more appealing", "give it a nice edit", "could you improve this",
)
#: Operations a vague request may be given (what the operation predictor chooses for "fix it").
ENHANCE_OPS = ("brightness", "contrast", "saturation", "temperature", "exposure", "tint", "hue")

PREFIXES = ("", "", "", "please ", "can you ", "could you please ", "i want to ", "i'd like you to ", "pls ")
MAKE = ("make it {x}", "make the photo {x}", "make the image {x}", "make this {x}", "{x}", "make the picture {x}",
        "i want it {x}", "it should be {x}", "can it be {x}", "make everything {x}",
        "make the shot {x}", "i'd like it {x}", "it needs to be {x}", "could it look {x}", "make the whole thing {x}",
        "render it {x}", "get it {x}", "let's make it {x}")
PROBLEM = ("it's {deg}too {x}", "the photo is {deg}too {x}", "it looks {deg}too {x}", "{deg}too {x}",
           "this is {deg}too {x}", "the image is {deg}too {x}", "it is {deg}too {x}",
           "the picture looks {deg}too {x}", "this shot is {deg}too {x}", "it came out {deg}too {x}",
           "everything is {deg}too {x}", "the whole thing is {deg}too {x}", "it seems {deg}too {x}",
           "my photo is {deg}too {x}", "it's {deg}too {x}, fix it", "{deg}too {x}, please fix")
PROBLEM_DEG = {"weak": ("a bit ", "slightly ", "a little ", "a tad "), "normal": ("",),
               "strong": ("way ", "far ", "much ", "really ", "way way ")}
CONNECT = (" and ", ", ", " and also ", ", and ", " but ", " with ", "; ", " plus ")


def _degree(strength: str, rng: random.Random) -> str:
    if strength == "weak":
        return rng.choice(WEAK)
    if strength == "strong":
        return rng.choice(STRONG)
    return ""


def phrase(direction: Direction, strength: str, rng: random.Random, *, first: bool) -> tuple[str, bool]:
    """One clause asking for ``direction`` at ``strength``; also whether it is a problem statement
    (the request describes what is wrong with the photo)."""
    p = direction.phrases
    kinds = [k for k in ("comparative", "verb", "problem", "plain") if getattr(p, k)]
    weights = {"comparative": 3.0, "verb": 3.0, "problem": 2.0, "plain": 1.0}
    kind = rng.choices(kinds, [weights[k] for k in kinds])[0]
    if kind == "plain" and strength != "normal":  # fixed phrases cannot say how much
        kind = next((k for k in ("comparative", "verb", "problem") if getattr(p, k)), "plain")
    if kind == "plain":
        return rng.choice(p.plain), False
    deg = _degree(strength, rng)
    if kind == "comparative":
        word = rng.choice(p.comparative)
        if direction.quality == "bw":  # not a comparative: no degree
            deg = ""
        x = f"{deg} {word}".strip()
        if deg in ("much", "way", "far", "a lot") and rng.random() < 0.3:
            x = f"{word} {rng.choice(('by a lot', 'by far', 'a lot'))}"
        return (rng.choice(MAKE).format(x=x) if first or rng.random() < 0.5 else x), False
    if kind == "verb":
        v = rng.choice(p.verb)
        if direction.text_only or direction.quality == "bw":
            return v, False
        return (f"{v} {deg}".strip() if rng.random() < 0.7 else f"{deg} {v}".strip()), False
    x = rng.choice(p.problem)
    d = rng.choice(PROBLEM_DEG[strength])
    return rng.choice(PROBLEM).format(x=x, deg=d), True


def anchor_phrases() -> list[tuple[str, str]]:
    """``(group, sentence)`` for every phrasing of every direction, in a canonical form
    ("make it brighter", "it's too dark"): the anchors of :meth:`ParamPredictor.set_anchors`."""
    out = []
    for d in DIRECTIONS:
        group = f"{d.quality}{d.sign:+d}"
        p = d.phrases
        out += [(group, f"make it {c}") for c in p.comparative]
        out += [(group, v) for v in p.verb + p.plain]
        out += [(group, f"it's too {x}") for x in p.problem]
    return out


# ---------------------------------------------------------------------------------- samples
@dataclass
class Sample:
    """One training example before rendering.

    ``degrade`` edits turn the photo crop into the input; ``edits`` turn the input into the
    target (for degraded samples the target is the clean crop and ``edits`` only names the
    operations the model is given, with unknown parameters, ``known=False``).
    """

    request: str
    edits: list[tuple[str, Params]]
    degrade: list[tuple[str, Params]] = field(default_factory=list)
    known: bool = True
    text_only: bool = False
    #: ``(op, params)`` whose direction (not necessarily amount) is right for each edit: the
    #: parameters themselves for known edits, the undoing edit for problem statements.
    hints: list[tuple[str, Params]] = field(default_factory=list)


def _pick_way(d: Direction, used: set[str], rng: random.Random) -> Realisation | None:
    ways = [(w, wt) for w, wt in d.ways if w.op not in used]
    if not ways:
        return None
    return rng.choices([w for w, _ in ways], [wt for _, wt in ways])[0]


def make_request(rng: random.Random, *, p_vague: float = 0.1, max_ops: int = 3) -> Sample:
    """A random request with its edits (see :class:`Sample`)."""
    if rng.random() < p_vague:
        return _vague(rng)
    image_dirs = [d for d in DIRECTIONS if not d.text_only]
    text_dirs = [d for d in DIRECTIONS if d.text_only]
    n = rng.choices([1, 2, 3], [0.5, 0.32, 0.18])[0]
    n = min(n, max_ops)
    clauses: list[str] = []
    edits: list[tuple[str, Params]] = []
    degrade: list[tuple[str, Params]] = []
    used_q: set[str] = set()
    used_ops: set[str] = set()
    hints: list[tuple[str, Params]] = []
    first_kind = ""
    problem_mode = rng.random() < 0.5  # problem statements become restore-the-original samples
    for i in range(n):
        pool = text_dirs if (i == 0 and rng.random() < 0.07) else image_dirs
        cands = [d for d in pool if d.quality not in used_q
                 and not any(d.quality in ex and used_q & ex for ex in EXCLUSIVE)]
        if not cands:
            break
        d = rng.choices(cands, [DIRECTION_WEIGHT.get(f"{c.quality}{c.sign:+d}", 1.0) for c in cands])[0]
        way = _pick_way(d, used_ops, rng)
        if way is None:
            continue
        strength = rng.choices(["weak", "normal", "strong"], [0.3, 0.45, 0.25])[0]
        text, is_problem = phrase(d, strength, rng, first=not clauses)
        if not clauses:
            first_kind = "problem" if is_problem else ("verb" if any(text.startswith(v) for v in d.phrases.verb) else "")
        s = STRENGTH[strength] * _j(rng, 0.85, 1.15)
        if is_problem and problem_mode and way.inverse is not None:
            degrade.append((way.inverse_op or way.op, way.inverse(s, rng)))
            edits.append((way.op, {}))
            hints.append((way.op, way.params(s, rng)))  # the direction is known, not the amount
        else:
            edits.append((way.op, way.params(s, rng)))
            hints.append(edits[-1])
        used_q.add(d.quality)
        used_ops.add(way.op)
        clauses.append(text)
        if d.text_only:
            break
    request = clauses[0]
    for c in clauses[1:]:
        request += rng.choice(CONNECT) + c
    if request.startswith(("make ", "add ", "increase ", "reduce ", "rotate ", "turn ", "flip ", "blur ", "sharpen ")) \
            or first_kind == "verb":  # "can you" fits an imperative, not "it's too dark"
        request = rng.choice(PREFIXES) + request
    if rng.random() < 0.3:
        request = request[0].upper() + request[1:]
    if rng.random() < 0.2:
        request += rng.choice((".", "!", " please", " thanks", "?"))
    text_only = all(op in ("rotate", "flip") for op, _ in edits)
    return Sample(request, edits, degrade, known=not degrade, text_only=text_only, hints=hints)


def _vague(rng: random.Random) -> Sample:
    """Degrade a good photo with one to three problems; the target is the original."""
    problems = [
        ("brightness", lambda: {"amount": -rng.uniform(0.15, 0.45)}),
        ("brightness", lambda: {"amount": rng.uniform(0.15, 0.35)}),
        ("exposure", lambda: {"stops": -rng.uniform(0.4, 1.3)}),
        ("contrast", lambda: {"amount": -rng.uniform(0.25, 0.6)}),
        ("saturation", lambda: {"amount": -rng.uniform(0.25, 0.6)}),
        ("temperature", lambda: {"amount": rng.choice((-1, 1)) * rng.uniform(0.2, 0.6)}),
    ]
    k = rng.choices([1, 2, 3], [0.4, 0.4, 0.2])[0]
    chosen = rng.sample(problems, k)
    degrade = [(op, f()) for op, f in chosen]
    fix_ops = {"exposure": "brightness"}  # a predictor rarely says exposure for "fix it"
    ops = {fix_ops.get(op, op) for op, _ in degrade} | {"brightness", "contrast", "saturation"}
    for extra in ENHANCE_OPS:
        if extra not in ops and rng.random() < 0.15:
            ops.add(extra)
    request = rng.choice(VAGUE)
    if rng.random() < 0.3:
        request = rng.choice(PREFIXES) + request
    return Sample(request, [(op, {}) for op in sorted(ops)], degrade, known=False)


# ---------------------------------------------------------------------------------- photos
def find_photos(folder: str | Path) -> list[Path]:
    folder = Path(folder).expanduser()
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in PHOTO_SUFFIXES and p.is_file())


def split_photos(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """(train, held-out): every fifth photo by name is held out for evaluation."""
    paths = sorted(paths)
    held = [p for i, p in enumerate(paths) if i % 5 == 2]
    return [p for p in paths if p not in held], held


def load_photo(path: str | Path, side: int = PHOTO_SIDE) -> np.ndarray | None:
    """An RGB uint8 photo with its longest side at most ``side``; ``None`` if unreadable."""
    img = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if img is None or min(img.shape[:2]) < 64:
        return None
    img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    scale = min(1.0, side / max(img.shape[:2]))
    if scale < 1.0:
        img = cv2.resize(img, (round(img.shape[1] * scale), round(img.shape[0] * scale)), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(img)


def random_crop(photo: np.ndarray, size: int, rng: random.Random) -> np.ndarray:
    """A random square crop (40-100 % of the short side) resized to ``size``; float32 (H, W, 3)."""
    h, w = photo.shape[:2]
    side = int(min(h, w) * rng.uniform(0.4, 1.0))
    y, x = rng.randint(0, h - side), rng.randint(0, w - side)
    crop = photo[y : y + side, x : x + side]
    crop = cv2.resize(crop, (size, size), interpolation=cv2.INTER_AREA)
    if rng.random() < 0.5:
        crop = crop[:, ::-1]
    return np.ascontiguousarray(crop, dtype=np.float32) / 255.0


def to_batch(crops: Sequence[np.ndarray]) -> torch.Tensor:
    return torch.from_numpy(np.stack(crops)).permute(0, 3, 1, 2).contiguous()
