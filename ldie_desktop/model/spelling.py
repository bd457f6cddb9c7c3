"""Typos in requests: "remvoe the man", "increse the saturnation", "make it balck and white".

The planner's rules and its model both key on the words that name an edit, and a typo in one
of them changes the whole reading ("remvoe the man on the left" brightened the man; "add a
vignete" was refused as adding a thing). :func:`correct` mends a word only when it is unknown
(not one of the text encoder's whole words, nor the app's, nor either with a usual ending) and
the nearest known word is one of the app's own, alone at one edit (two for long words; a swap
of neighbouring letters is one edit). Everything else is left as typed.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

#: The words of photo-editing requests, beside those the planner's own word lists hold.
DOMAIN = frozenset("""
add adjust adjusted align apply auto balance beautify better bigger black blacks bleach blue bluer blur blurred blurry
boost bright brighten brightened brightening brighter brightness brown calm clarity clean clear colder colour
colours color colors colorful colourful contrast cool cooler correct crisp crop cropped cropping crooked dark darken
darkened darker darkness decrease dehaze delete denoise desaturate detail details dim dimmer dramatic drop
dull edges effect enhance erase exposure fade faded film filter fix flip flipped focus foggy golden gray grey grain
grainy greener green greyscale grayscale hazy highlights horizon hue increase intensity less lighten lightened
lighter lightness lower make matte mirror monochrome moody more noise noisy orange photo picture pink please
purple rather reduce red redder remove replace retouch rotate rotated rotation saturate saturated saturation
sepia shadows sharp sharpen sharpened sharper sharpness shadow slightly soften softer straight straighten subtle
temperature tint tone toned toning vibrance vibrant vignette vignetting vintage vivid warm warmer warmth white
whiten yellow yellower background foreground person people woman women man men girl boy child children kid kids
baby face faces sky clouds tree trees dog cat car building water grass sea beach mountain mountains left right
top bottom middle center centre corner corners side sides little bit lot much very too slightly somewhat
cinematic vintage retro noir portrait landscape square instagram split grade grading so way halve halved double doubled
""".split())
#: Words people type that no list here holds and that are not typos.
INFORMAL = frozenset("misc pls plz thx thanks ok okay pic pics lol btw asap fyi pov".split())
#: Endings that make a known word another known word ("flatten", "colorize", "yellowing").
_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "est", "ly", "y", "en", "ize", "ise", "ized", "ised", "izing",
             "ising", "ness", "ish", "ful", "able", "ment", "ers", "ings")
_WORD = re.compile(r"[A-Za-z]+")
#: A letter typed three times or more.
_STRETCHED = re.compile(r"([a-z])\1{2,}")
_REPEATS = re.compile(r"([a-z])\1+")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(the app's words: what a typo may be mended to, every known word: left as typed)."""
    from ..grounding import matcher, taxonomy
    from . import directions, intents, planner, where

    mine = set(DOMAIN) | set(planner.ACTION_WORDS) | set(directions.QUALITY_WORDS) | set(planner.ADJUSTMENTS)
    mine |= set(where.NOT_PLACES) | set(matcher.AREA_WORDS) | set(matcher.POSITION_WORDS) | set(intents.HUES)
    mine = {w for w in mine if w.isalpha()}
    known = set(mine) | INFORMAL
    try:  # the text encoder's whole words
        from .text_encoder import minilm_dir

        with open(minilm_dir() / "vocab.txt", encoding="utf-8") as f:
            known |= {line.strip() for line in f if line[:1].isalpha()}
    except Exception:  # noqa: BLE001 - without the encoder, the app's words still count
        pass
    known |= taxonomy.thing_words()  # WordNet's nouns of things: "remove the sunshade" is no typo
    return frozenset(mine), frozenset(known)


@lru_cache(maxsize=1)
def _by_letter() -> dict[str, tuple[str, ...]]:
    """Known words by their first letter and by their last (``"^a"``, ``"$a"``)."""
    out: dict[str, list[str]] = {}
    for w in vocabulary()[1]:
        out.setdefault("^" + w[0], []).append(w)
        out.setdefault("$" + w[-1], []).append(w)
    return {k: tuple(v) for k, v in out.items()}


def distance(a: str, b: str, limit: int = 2) -> int:
    """Edits from ``a`` to ``b`` (insert, delete, replace, or swap two neighbours), or
    ``limit + 1`` once it is certainly more than ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def is_known(word: str, known: frozenset[str]) -> bool:
    """Whether ``word`` is a known word or one with a known stem and a usual ending
    ("flatten" from "flat", "strengthen", "colorize", "yellowing", "girly")."""
    if word in known:
        return True
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if stem in known or stem + "e" in known or (len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in known):
                return True
    return False


@lru_cache(maxsize=4096)
def mend(word: str) -> str | None:
    """The app's word an unknown ``word`` (lower case) is a typo of, or None. Of two words
    equally near, one at least as long as the typed word wins (a letter left out is the
    usual typo: "warmr" is "warmer", not "warm")."""
    mine, known = vocabulary()
    if len(word) < 4 or is_known(word, known):
        return None
    if _STRETCHED.search(word):  # "waaay too dark", "sooo dull", "pleeease": the word, said with feeling
        shorts = [w for w in (_STRETCHED.sub(r"\1\1", word), _STRETCHED.sub(r"\1", word)) if is_known(w, known)]
        if shorts:  # the app's own word first: "sooo" is "so" though "soo" is a name
            return next((w for w in shorts if w in mine), shorts[0])
    limit = 2 if len(word) >= 8 else 1

    def nearest(words: "set[str] | frozenset[str]", within: int) -> tuple[int, list[str]]:
        best, found = within + 1, []
        for cand in words:
            if abs(len(cand) - len(word)) > within or cand[0] != word[0] and cand[-1] != word[-1]:
                continue
            d = distance(word, cand, min(best, within))
            if d < best:
                best, found = d, [cand]
            elif d == best:
                found.append(cand)
        return best, found

    best, found = nearest(mine, limit)
    if best > limit:  # near none of the app's words (a name, another language): as typed
        return None
    index = _by_letter()
    # any known word as near is a rival ("strenghten" is "strengthen", not "straighten")
    _, rivals = nearest(set(index.get("^" + word[0], ())) | set(index.get("$" + word[-1], ())), best)
    found = sorted(set(found) | set(rivals))
    left_out = [c for c in found if _has_in_order(c, word)]  # a letter left out is the usual typo
    found = left_out or [c for c in found if len(c) >= len(word)] or found
    return found[0] if len(found) == 1 and found[0] in mine else None


def _has_in_order(longer: str, word: str) -> bool:
    """Whether ``word``'s letters all appear in ``longer`` in order ("warmr" in "warmer")."""
    it = iter(longer)
    return len(longer) > len(word) and all(ch in it for ch in word)


def correct(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with its typos of the app's words mended, and the (typed, mended) pairs."""
    fixes: list[tuple[str, str]] = []

    def fix(m: re.Match[str]) -> str:
        typed = m.group(0)
        with _lock:
            good = mend(typed.lower())
        if good is None:
            return typed
        if not _STRETCHED.search(typed.lower()) or _REPEATS.sub(r"\1", typed.lower()) != _REPEATS.sub(r"\1", good):  # "sooo" is no typo to report
            fixes.append((typed, good))
        return good.capitalize() if typed[:1].isupper() and typed[1:].islower() else good

    return _WORD.sub(fix, text), fixes
