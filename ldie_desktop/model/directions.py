"""Which way a request asks a quality to move, read from its words.

The parameter heads learn directions from synthetic requests and still misread some plain
English: "way too dim" reads as "dim" (darker), "more contrast, it's washed out" as "washed out".
For the qualities with a signed parameter (light, contrast, saturation, warmth, sharpness) this
module reads the direction the way a person does:

- a comparative or a verb asks for its own pole: "darker", "brighten", "warm it up";
- a plain adjective in a complaint asks for the opposite: "too dim", "it's washed out",
  "looks flat", "this is blinding", "overexposed";
- a plain adjective after "make it" / "I want it" asks for itself: "make it vivid";
- a quality noun takes its verb or quantifier: "more contrast", "lower the brightness",
  "the saturation is too high", "not enough light", "needs more colour";
- "less" / "not" before a word turns it round: "less bright", "not bright enough" (+).

Only a request whose every reading agrees gets a direction; otherwise the head decides. The
planner keeps the head's strength and corrects only the sign (see :func:`apply_direction`).
"""

from __future__ import annotations

import re
from typing import Mapping

#: The app operations whose signed parameter carries each quality.
QUALITY_OF: dict[str, tuple[str, str]] = {
    "brightness": ("light", "amount"), "exposure": ("light", "stops"), "contrast": ("contrast", "amount"),
    "saturation": ("saturation", "amount"), "temperature": ("warmth", "amount"), "sharpness": ("sharp", "amount"),
}

#: word -> [(quality, pole, kind)]. kind: "adj" (a state: "dark"), "cmp" (a comparative or a
#: verb, a request in itself: "darker", "darken"), "noun" (the quality itself: "brightness").
_WORDS: dict[str, list[tuple[str, int, str]]] = {}


def _add(quality: str, pole: int, kind: str, words: str) -> None:
    for w in words.split():
        _WORDS.setdefault(w, []).append((quality, pole, kind))


_add("light", +1, "adj", "bright light sunny luminous overexposed blinding glaring blown airy")
_add("light", -1, "adj", "dark dim murky gloomy shadowy underexposed dingy moody dusky")
_add("light", +1, "cmp", "brighter brighten brightened lighter lighten lightened lift illuminate")
_add("light", -1, "cmp", "darker darken darkened dimmer moodier gloomier")
_add("light", 0, "noun", "brightness exposure lightness luminosity")
_add("contrast", +1, "adj", "contrasty punchy harsh")
_add("contrast", -1, "adj", "flat washed hazy muddy foggy")
_add("contrast", +1, "cmp", "punchier")
_add("contrast", -1, "cmp", "flatter")
_add("contrast", 0, "noun", "contrast punch")
_add("saturation", +1, "adj", "saturated oversaturated vivid vibrant colorful colourful rich intense garish gaudy")
_add("saturation", -1, "adj", "muted desaturated faded pale bland drab dull lifeless washed grey gray greyish grayish colourless colorless")
_add("saturation", +1, "cmp", "saturate richer pop punchier")
_add("saturation", -1, "cmp", "desaturate")
_add("saturation", 0, "noun", "saturation vibrance colors colours color colour")
_add("warmth", +1, "adj", "warm yellow yellowish orange orangey golden amber")
_add("warmth", -1, "adj", "cool cold blue bluish icy chilly frosty")
_add("warmth", +1, "cmp", "warmer yellower oranger")
_add("warmth", -1, "cmp", "cooler colder bluer")
_add("warmth", 0, "noun", "warmth temperature")
_add("sharp", +1, "adj", "sharp crisp oversharpened")
_add("sharp", -1, "adj", "soft blurry fuzzy smeared mushy")
_add("sharp", +1, "cmp", "sharper sharpen sharpened crisper unblur")
_add("sharp", -1, "cmp", "soften softer blurrier")
_add("sharp", 0, "noun", "sharpness definition clarity")

#: Every word that names a quality or a pole of one.
QUALITY_WORDS = frozenset(_WORDS)

#: Words before a plain adjective that make it a complaint about the photo as it is.
_COMPLAINT = frozenset("too so overly excessively very really quite rather kinda extremely is are was were looks "
                       "look seems seem appears came got getting feels feel it's its way".split())
#: Words before a plain adjective that make it the wish: "make it vivid", "I want it warm".
_WISH = frozenset("make making turn want like prefer should be become keep give".split())
#: Words before a quality ("more contrast", "lacks light", "bring up the brightness").
_UP = frozenset("more increase increased raise raised boost boosted higher add adding up enhance improve stronger "
                "extra pump crank lift bump amp intensify heighten deepen needs need lacks lacking lack missing "
                "bring push".split())
_DOWN = frozenset("less reduce reduced lower lowered decrease decreased drop down tone weaker remove cut tame "
                  "soften softer minimize minimise fewer".split())
#: After a quality noun: "the saturation is too high", "brightness up".
_AFTER_DOWN = frozenset("down lower weaker high strong harsh much intense".split())
_AFTER_UP = frozenset("up higher stronger low weak little".split())
#: Nouns of a time or a scene an adjective may describe instead of the photo ("a sunny day").
_SCENE_NOUNS = frozenset("day days morning mornings afternoon evening evenings night nights weather time summer winter spring "
                         "autumn season week weekend holiday trip walk".split())
#: Words that only ever describe a fault, whatever precedes them.
_FAULTS = frozenset("overexposed underexposed oversaturated oversharpened blinding glaring blown washed faded murky "
                    "gloomy smeared mushy".split())
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_CLAUSES = re.compile(r"[,;.!?:]+|\bbut\b|\bthen\b|\bso that\b")


#: Words that deny what follows: "not", "never" and the contractions ("isn't", "arent", "doesn't").
_NOT = re.compile(r"not|never|\w+n't|(?:is|are|was|were|do|does|did|ca|wo|could|would|should|have|has|had|need|must)nt")


def _denies(words: list[str]) -> bool:
    return any(_NOT.fullmatch(w) for w in words)


_IS_NOT = re.compile(r"(is|are|was|were)n'?t|(does|do|did)n'?t (look|seem|feel)|"
                     r"(is|are|was|were|it's|its|that's|looks|look|seems|seem|feels|feel) not")


def _lacking(before: list[str]) -> bool:
    """A state denied: "it isn't bright", "the colours are not vivid", "doesn't look sharp" (a
    complaint that the quality is missing, where "not so bright" after "make it" is a wish)."""
    return bool(_IS_NOT.search(" ".join(before)))


#: Words right before a quality noun (amounts apart) that ask for much of it: "with lots of contrast".
_PLENTY = frozenset("with high heavy strong plenty loads tons heaps".split())
#: Words of an amount between a verb and its noun ("add *a lot of* contrast").
_AMOUNT_FILLERS = frozenset("a an the lot lots of bit little tad touch some bunch whole great deal few bits its".split())


def _reading(toks: list[str], i: int, pole: int, kind: str) -> int | None:
    """The direction the occurrence of a quality word at ``toks[i]`` (in one clause) asks for."""
    before, after = toks[max(0, i - 3): i], toks[i + 1: i + 4]
    prev = before[-1] if before else ""
    turned = "less" in before[-2:] or _denies(before[-2:]) or prev == "no"
    if "enough" in after[:2] or prev == "enough":  # "not bright enough", "aren't vivid enough", "not enough light"
        return (pole or 1) if _denies(toks[max(0, i - 4): i + 3]) else None
    if kind == "noun":
        if prev in ("little", "much") and "too" in before:  # "too little contrast", "too much colour"
            return +1 if prev == "little" else -1
        if "too" in after and any(a in _AFTER_DOWN for a in after):
            return -1
        if ("too" in after or "is" in after[:1]) and any(a in _AFTER_UP for a in after[1:]):
            return +1
        if after[:1] and after[0] in ("down", "lower", "weaker"):
            return -1
        if after[:1] and after[0] in ("up", "higher", "stronger"):
            return +1
        # the verb may stand before an amount: "add a lot of contrast", "reduce a bit of the warmth"
        reach = [t for t in toks[max(0, i - 7): i] if t not in _AMOUNT_FILLERS][-3:]
        if any(b in _DOWN for b in reach):
            return -1
        if reach and reach[-1] in _PLENTY:  # "black and white with lots of contrast", "high contrast"
            return +1
        if reach and reach[-1] in ("low", "little"):  # "a low contrast look"
            return -1
        if toks[max(0, i - 3): i][-2:] in (["bit", "of"], ["touch", "of"], ["hint", "of"], ["dash", "of"], ["lot", "of"],
                                           ["lots", "of"]) or prev in ("some", "little"):
            return +1  # "a bit of warmth everywhere", "some contrast": an amount of it asked for
        if any(b in _UP for b in reach):
            return +1
        return None
    if kind == "cmp":  # "less" after a verb turns it too: "make the colours pop less"
        if after[:1] == ["than"] and any(b in _COMPLAINT for b in before):
            return -pole  # a state compared: "the left side is darker than the right" (brighten it)
        return -pole if turned or after[:1] == ["less"] else pole
    # a plain adjective
    if after[:1] and after[0] in _SCENE_NOUNS:
        return None  # the scene described, not the photo: "it was a sunny day", "on a dark night"
    if turned and _lacking(toks[max(0, i - 4): i]):  # "it isn't bright": too dark
        return pole
    if turned:  # "less bright", "make it not so warm"
        return -pole
    if after[:1] == ["up"] or after[:2] == ["it", "up"] or after[:1] == ["down"] or after[:2] == ["it", "down"]:
        return pole  # used as a verb: "warm it up", "cool it down"
    if any(b in _WISH for b in before) and "too" not in before and prev not in ("so", "overly"):
        return pole
    if _wished_look(toks, i):  # "make the first dance photo feel warm": the wish reaches past the thing named
        return pole
    if any(b in _COMPLAINT for b in before) or toks[i] in _FAULTS:
        return -pole
    if any(b in _UP for b in before):
        return pole
    if any(b in _DOWN for b in before):
        return -pole
    return None


#: Words between a wish and its "look"/"feel" that end the wish ("make it brighter because it looks dark").
_WISH_ENDS = frozenset("because since cause coz as so too overly".split())


def _wished_look(toks: list[str], i: int) -> bool:
    """``toks[i]`` follows "look"/"feel"/"seem"/"appear" (or "a") that a wish verb governs, however
    long the thing between them: "make the whole wedding photo feel warm", "I want the sky to look
    blue", "give the photo a warm feel"."""
    k = i - 1
    while k >= 2 and toks[k] in ("and", "but", "yet") and toks[k - 1] in QUALITY_WORDS:
        k -= 2  # adjectives in a row: "make the portrait look soft and flat"
    if k < 1 or toks[k] not in ("look", "feel", "seem", "appear", "a", "an"):
        return False
    for j in range(k - 1, max(-1, k - 11), -1):
        if toks[j] in _WISH_ENDS:
            return False
        if toks[j] in _WISH:
            return True
    return False


_INTO_FOCUS = re.compile(r"\b(in|into|back in) focus\b")
_OUT_OF_FOCUS = re.compile(r"\bout of focus\b")
_WISHED_OUT = re.compile(r"\b(make|making|turn|throw|put|want|should be|keep|give|add)\b(\s+\w+){0,3}?\s+out of focus\b|"
                         r"\bout of focus (look|effect|feel|style|blur)\b")


def direction(text: str, quality: str) -> int | None:
    """+1 or -1 if every reading of ``quality``'s words in ``text`` asks for that direction,
    else None ("make it darker" -> light -1, "way too dim" -> light +1, "fix the light" -> None)."""
    readings = []
    if quality == "sharp":  # focus: "bring it into focus" sharpens; "it's out of focus" complains of blur
        low = text.lower()
        if _INTO_FOCUS.search(low) or (_OUT_OF_FOCUS.search(low) and not _WISHED_OUT.search(low)):
            readings.append(+1)
    for clause in _CLAUSES.split(text.lower().replace("-", " ")):
        toks = _TOKEN.findall(clause)
        for i, t in enumerate(toks):
            for q, pole, kind in _WORDS.get(t, ()):
                if q != quality:
                    continue
                if kind == "noun" and t.startswith("colo") and not _colour_amount(toks, i):
                    continue  # "the colours look faded": the adjective speaks, not the noun
                r = _reading(toks, i, pole, kind)
                if r is not None:
                    readings.append(r)
    if readings and all(r == readings[0] for r in readings):
        return readings[0]
    return None


def _colour_amount(toks: list[str], i: int) -> bool:
    """'colour' as an amount ("more colour", "the colours are too strong"), not as the subject
    of a complaint carried by an adjective ("the colours look faded")."""
    before, after = toks[max(0, i - 2): i], toks[i + 1: i + 4]
    return any(b in _UP or b in _DOWN for b in before) or ("too" in after and any(
        a in _AFTER_DOWN or a in _AFTER_UP for a in after))


def apply_direction(op: str, params: Mapping[str, float], text: str, floor: float = 0.6) -> dict[str, float]:
    """``params`` of ``op`` with the sign of its quality's parameter set by the words of ``text``
    when they are clear. The head's strength is kept, but a plainly asked change is at least
    ``floor`` of a typical step, scaled by strength words: "it's too dark" on a photo the head
    finds fine still brightens visibly (+0.18, about 18 levels of 255 on the sample; the person
    sees it as dark); "a bit dark": +0.09; "way too dark": +0.36. (0.35 of a step, before
    session 14, gave +0.05 for "it looks a bit dark, brighten it": 5 levels, hardly seen.)"""
    out = dict(params)
    if op not in QUALITY_OF:
        return out
    quality, name = QUALITY_OF[op]
    want = direction(text, quality)
    value = out.get(name)
    if want is None or not isinstance(value, (int, float)):
        return out
    typical = {"stops": 1.0}.get(name, 0.5 if op == "sharpness" else 0.3)
    out[name] = want * max(abs(float(value)), floor * typical * strength(text))
    return out


#: Restraint said outright, anywhere in a request, for all of it: "make it pop but not too much",
#: "brighten it, nothing drastic", "warmer but don't overdo it".
_RESTRAINT = (r"not (too|so|that|very|overly) (much|strong|heavy|far|intense|dramatic|crazy|extreme|obvious|strongly|dark|"
              r"bright|obvious|noticeable)|"
              r"nothing (too )?(drastic|crazy|extreme|dramatic|heavy|major)|(don'?t|do not) overdo( it)?|"
              r"without overdoing( it)?|not overdone|keep it (natural|subtle|light|realistic)|as little as (possible|you can)|"
              r"(just )?a hint|barely|the bare minimum|a smidge(on)?|a whisker")
RESTRAINT_RE = re.compile(rf"\b({_RESTRAINT})\b", re.IGNORECASE)

_STRENGTH = (
    (re.compile(r"\b(a (tiny|little) bit|slightly|a (little|touch|tad|notch|hint)|subtly|subtle|gentle|gently|"
                rf"somewhat|a bit|{_RESTRAINT})\b"), 0.5),
    (re.compile(r"\b(a lot|much|way|very|really|significantly|drastically|dramatically|heavily|heavy|strong|super|"
                r"extremely|massively|quite a bit|way too|loads)\b"), 2.0),
)


#: How much bigger or smaller than the plain request's step a strength word makes it: a learnt
#: head barely tells "slightly warmer" (+0.49) from "much warmer" (+0.50), so the words set it.
STEP_SCALE = {0.5: 0.6, 2.0: 1.6}


def without_strength(text: str) -> str:
    """``text`` without its strength words ("make it slightly warmer" -> "make it warmer")."""
    for rx, _ in _STRENGTH:
        text = rx.sub(" ", text.lower())
    return " ".join(text.split())


def strength(text: str) -> float:
    """A factor for the size of the step the words ask for: 0.5 "slightly", 2 "a lot", else 1."""
    low = text.lower()
    for rx, factor in _STRENGTH:
        if rx.search(low):
            return factor
    return 1.0
