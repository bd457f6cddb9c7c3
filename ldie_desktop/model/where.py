"""Where a request's edit goes, read from its words: the noun phrase that names a place
("make *the teapot* warmer", "increase the saturation of *the flowers*", "brighten *the left
side*", "add contrast to *the clouds*"), or nothing when the edit is for the whole photo
("brighten the image", "darken the shadows", "make the colours pop").

A word names a place when the grounding's vocabulary knows it (people and faces, the COCO
labels and their synonyms, the sky and the background, everyday things of ``vocab``), when it
is a part of the frame with a position ("the top", "the corners"), or when WordNet files it as
a physical thing and it stands where a thing stands (after "the"/"her"/..., or plural), unless
it is one of the words photographers use for qualities of the picture ("the light", "the
shadows", "the colours", "the grain"), listed in ``NOT_PLACES``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..grounding import taxonomy
from ..grounding.matcher import (AREA_POSITIONS, AREA_WORDS, CLUTTER, HANGS_ON, NEGATIONS, POSITION_WORDS, STUFF, _MULTI,
                                 _labels_for, parse, singular)
from ..grounding.refine import GARMENT_KIND
from ..grounding.vocab import NOUN_KINDS
from .directions import QUALITY_WORDS
from .intents import COLOUR_RANGE_RE, colour_ranges

#: Colour words: after a thing, the colour it should become ("make the dress red").
_COLOURS = frozenset("black white gray grey red green blue yellow orange purple pink brown gold silver teal cyan "
                     "aqua magenta violet golden crimson scarlet burgundy maroon turquoise navy lavender lilac beige "
                     "emerald blonde blond auburn ginger copper cream charcoal tan olive lime".split())
#: Colour words that are things too, when they are removed ("remove the orange").
_COLOUR_THINGS = frozenset({"orange"})
_REMOVERS = frozenset("remove erase delete rid eliminate".split())
#: Words WordNet files as physical things that, in a request about a photo, name a quality of
#: the picture, a tonal range, a style or an amount rather than a region to find.
NOT_PLACES = _COLOURS | frozenset("""
light lights lighting highlight highlights shadow shadows midtone midtones tone tones whites blacks darks brights
colour colours color colors hue hues tint tints shade shades cast balance grain noise haze glare glow sheen shine
saturation exposure contrast brightness sharpness clarity detail details texture focus depth
image images photo photos photograph picture pictures pic pics shot shots snap frame scene view overall print prints
landscape portrait composition atmosphere mood vibe feel look style effect filter finish quality resolution
pixel pixels version copy original edit ability best range render page curve curves slider sliders histogram
gamma vignette gradient bokeh lens crop rotation flip mirror temperature vibrance dynamics matte fade tonality
blur blurriness fuzziness artifacts artefacts reflection reflections fog mist smog vignetting pixelation
monochrome grayscale greyscale monotone duotone bw hdr negative silhouette painting sketch cartoon watercolor
watercolour drawing illustration poster postcard polaroid vintage film sepia split toning grade grading grainy
movie movies cinema hollywood lens camera spot spots speck specks fringe fringes fringing aberration aberrations
thing things stuff bit bits lot lots piece touch way kind sort type level levels amount degree
scan scans snapshot snapshots selfie selfies headshot headshot room rooms interior point points percent stop stops notch
notches units
side whole rest everything anything something one ones
time day night morning evening dusk dawn summer winter autumn fall spring season weather
sunshine sunlight daylight moonlight dark darkness lightness heat cold warmth
""".split())

#: Words of styles that are things too, when something says where they hang ("the poster on the wall").
_STYLE_OBJECTS = frozenset("poster painting frame postcard polaroid drawing sketch illustration".split())
_WHERE_IT_HANGS = frozenset("on above over behind beside near under below by in at".split())
#: Rooms: the whole photo when they are the place ("the kitchen looks dark"), a noun's modifier before another ("the
#: kitchen table").
_ROOMS = frozenset("kitchen kitchens bedroom bedrooms bathroom bathrooms lounge hallway".split())
NOT_PLACES = NOT_PLACES | _ROOMS

#: Words that, whatever WordNet says, are not nouns of a place in a request: verbs, adverbs,
#: intensities.
_NOT_NOUNS = frozenset("""
make makes remove erase delete get rid take put add increase decrease reduce lower raise boost lift adjust
change turn fix improve enhance correct edit apply give set use keep bring please can could would you i me we it
its this that these those them him her his their my our your a an the some any all every each both of on in at to
from by with for into onto over under off out up down away more less much very too so really quite slightly bit
little lot lots tad touch way just also then and or but not no than as like look looks seem seems is are be was were been being am
need needs have has want wants like love help does do did doing done
smoother softer cleaner clearer nicer better worse lighter deeper richer stronger bolder greener redder bluer
whiter blacker yellower pinker fresher livelier prettier happier smooth clean clear nice
""".split())
DETERMINERS = frozenset("the a an his her their this that these those my its our your some all both every each".split())
_NEGATION_WORDS = frozenset(w for n in NEGATIONS for w in n.split()) - {"for", "from", "than"}
_TOKEN_RE = re.compile(r"[a-z0-9]+")
#: "a bit", "a lot", "a little", "a tad", "a touch": how much, never where.
_AMOUNT_RE = re.compile(r"\ba (little|bit|tad|touch|lot|few|good|great|fair)\b( bit| deal)?|\blots? of\b|\bway\b|"
                        # "this picture of my dog": the whole photo, named by what it shows
                        r"\b(picture|photo|image|pic|shot|photograph|portrait)s? of\b.*$", re.IGNORECASE)


#: Marks put on a photo: things to remove, named by no detector class.
_MARKS = frozenset("logo logos watermark watermarks caption captions signature signatures timestamp timestamps "
                   "sticker stickers emoji emojis text".split())


@lru_cache(maxsize=4096)
def _vocabulary_place(word: str) -> bool:
    """A word the grounding's own vocabulary names: people, COCO labels, their synonyms, the
    sky and the background, the everyday things of ``vocab``."""
    labels, stuff = _labels_for(word)  # the matcher's own reading of the word
    return (bool(labels) or stuff not in (None, "everything") or word in NOUN_KINDS or singular(word) in NOUN_KINDS
            or word in GARMENT_KIND  # "her clothes": worn by someone the grounding finds
            or word in _MARKS  # "the logo in the corner": a mark on the photo, not the corner
            or word in CLUTTER)  # "the mess on the table": what lies on it, not the table


@lru_cache(maxsize=4096)
def _thing(word: str) -> bool:
    """A physical thing in WordNet (first senses), not a photographer's word for a quality."""
    if word in NOT_PLACES or singular(word) in NOT_PLACES or word in _NOT_NOUNS or word in QUALITY_WORDS:
        return False
    return _known(word)


def _after_determiner(toks: list[str], i: int) -> bool:
    """Whether a determiner or possessive stands before ``toks[i]``, with at most two
    adjectives between ("the old brick building")."""
    for j in range(i - 1, max(-1, i - 4), -1):
        if toks[j] in DETERMINERS or toks[j] == "s" and j > 0:  # "the woman's face"
            return True
        if toks[j] in _COLOURS or toks[j] in _ROOMS:  # "the red dress", "the kitchen table": an adjective here
            continue
        if toks[j] in QUALITY_WORDS and (toks[j] not in NOT_PLACES or toks[j] in ("dark", "light")) and j > 0 \
                and toks[j - 1] in DETERMINERS:
            continue  # "the bright window", "the dark door": so is a quality's adjective right after "the"
        # a verb, or a noun of its own ("this picture | monochrome"): the determiner is not its
        if toks[j] in _NOT_NOUNS or toks[j] in QUALITY_WORDS or toks[j] in NOT_PLACES:
            return False
    return False


#: Things named by two words whose second alone is no thing ("the power lines" was "the power").
_COMPOUNDS = frozenset(f"{a} {b}" for a in ("power", "phone", "telephone", "electric", "electricity", "utility",
                                            "overhead", "cable", "tram", "trolley")
                       for b in ("line", "lines", "cable", "cables", "wire", "wires"))

_PREPOSITIONS = frozenset("on in at of to from behind near beside by with inside under above below next around "
                          "across along over off".split())
_JOINS = frozenset({"and", "or", "plus", "s"}) | frozenset(w for n in NEGATIONS for w in n.split())
_NUMBERS = frozenset("two three four five six seven eight nine ten both all every each".split())
#: Where a purpose starts ("brighten it so you can see the stars"): what follows is why, not where.
_PURPOSE_RE = re.compile(r"\b(so that|so|such that|until|in order|enough|to (see|show|reveal|make|bring|get|let)|"
                         r"looks? like|as if|as though)\b.*$")
#: A style named by what it is like ("a high contrast look", "a gritty sports look", "a black and white
#: feel"): the look wanted, not a place ("high" and "sports" are nouns to WordNet).
_A_LOOK_RE = re.compile(r"\b(?:a|an)\s+(?:(?!(?:the|her|his|their|my|its|on|in|of|to)\b)[\w-]+\s+){1,5}"
                        r"(?:look|style|feel|vibe|aesthetic|effect|finish|mood)\b")
#: A comparison ("black and white like ansel adams", "edit it like a magazine cover", "in the style of
#: a 70s film"): what the result should resemble, not where the edit goes. "I'd like the sky bluer" and
#: "I really like her dress, keep it" use the verb, and keep their places.
_LIKE_RE = re.compile(r"(?<!\bi )(?<!\bwe )(?<!\byou )(?<!\bthey )(?<!'d )(?<!\bd )(?<!\bwould )(?<!\breally )"
                      r"(?<!\bdon't )(?<!\bdont )(?<!\bdo )(?<!\bdoesn't )(?<!\bjust )(?<!\balso )(?<!\bi'd )"
                      r"\b(?:like|in the style of|in the manner of|inspired by|a la|à la)\b(?!\s+(?:it|this|that|to)\b).*$")
#: How the photo was taken, and why it needs the edit ("shot through a dirty window", "taken in the
#: park", "because I shot it through glass"): the circumstances, not where the edit goes.
_CIRCUMSTANCE_RE = re.compile(
    r"\b(?:because|cause|cuz|coz|since)\b.*$|"
    r"\b(?:shot|taken|photographed|captured|snapped|filmed|took\s+(?:it|this|the\s+(?:photo|picture|shot|pic)))"
    r"(?:\s+(?:it|this))?\s+(?:through|with|on|from|behind|under|during|at|in|inside|outside|by)\b[^,;.]*|"
    # where the photo will be seen or printed ("too dark on my phone", "make it pop for a billboard")
    r"\b(?:on|for|in|at|onto|to)\s+(?:my|the|a|an|our|your|his|her|their)\s+(?:\w+\s+)?(?:phone|iphone|android|laptop|"
    r"computer|pc|mac|screen|monitor|display|tv|television|ipad|tablet|projector|billboard|poster|website|web\s+page|"
    r"webpage|blog|feed|instagram|facebook|print|prints|printer|magazine|newspaper|flyer|brochure)\b")
_OPERATION_NAMES_RE = re.compile(r"\bblack (and|&|n) white\b|\bb ?& ?w\b")
_EXCEPT_PRONOUN_RE = re.compile(r"\b(except|but|apart from|other than|besides|not)\s+(her|him|them)\b(?!\s+\w)")
#: An exception said just before a place ("... except the sky", "..., but not her face", "... apart
#: from the people"): the place is what the edit leaves out.
_EXCEPTION_BEFORE = re.compile(r"(?:\bexcept(?: for)?|\bexcluding|\bbut not|\bapart from|\bother than|\bbesides|"
                               r"\bsave for)$")
#: A person as the object of an edit: "brighten him", "make her pop", "sharpen them a bit" (after
#: a verb; "her" only where no noun follows it, which would make it "her face").
_OBJECT_PRONOUN_RE = re.compile(
    r"\b(brighten|darken|lighten|sharpen|blur|soften|warm|cool|saturate|desaturate|make|get|give|bring|light|lift)\s+"
    r"(him|them|her)\b(?=\s*(?:$|[,.;!?]|(?:a|an|the|more|less|too|so|very|slightly|bit|little|up|out|down|pop|"
    r"stand|brighter|darker|lighter|warmer|cooler|sharper|softer|look|and|but|please|some|\w+er)\b))")
#: Who is asked, not what: "can someone make it brighter".
_ASKERS = frozenset("someone somebody anyone anybody".split())


def _is_head(toks: list[str], i: int) -> bool:
    """Whether ``toks[i]`` ends its noun phrase: the next word is not a noun that it modifies
    ("the *entire* image", "the *brick* building" are modifiers)."""
    if i + 1 >= len(toks):
        return True
    nxt = toks[i + 1]
    if nxt in _NOT_NOUNS or nxt in _PREPOSITIONS or nxt in _JOINS or nxt in QUALITY_WORDS or nxt in POSITION_WORDS \
            or nxt in _COLOURS:  # "make the dress red": the colour it should become
        return True
    return not (nxt in NOT_PLACES or _vocabulary_place(nxt) or _known(nxt))


@lru_cache(maxsize=4096)
def _known(word: str) -> bool:
    tax = taxonomy.shared()
    return tax is not None and (tax.knows(singular(word)) or tax.knows(word))


def _area_position(toks: list[str], i: int) -> bool:
    """A position word used as a place: "the left", "on the right", "at the top", "left side",
    not "lower the white balance"."""
    if POSITION_WORDS.get(toks[i]) not in AREA_POSITIONS:
        return False
    before = toks[i - 1] if i > 0 else ""
    after = toks[i + 1] if i + 1 < len(toks) else ""
    return before in DETERMINERS or before in _PREPOSITIONS or after in AREA_WORDS


@lru_cache(maxsize=1024)
def region_phrase(clause: str) -> str | None:
    """The words of ``clause`` that name where its edit goes ("the man on the left", "the
    flowers", "the top half"), or None when they name no place (the whole photo)."""
    if colour_ranges(clause):  # "desaturate the greens": a colour range of the whole photo, not vegetables
        clause = COLOUR_RANGE_RE.sub(" ", clause)
    text = _AMOUNT_RE.sub(" ", clause.lower().replace("-", " ").replace("’", "'"))
    text = _OPERATION_NAMES_RE.sub(" ", text)  # "everything black and white except the woman"
    # "everything except her": a pronoun left alone after an exception is the person
    text = _EXCEPT_PRONOUN_RE.sub(lambda m: f"{m.group(1)} the {'people' if m.group(2) == 'them' else 'person'}", text)
    # "brighten him", "make her pop": a person the edit is for (not "her face", whose place is the face)
    text = _OBJECT_PRONOUN_RE.sub(lambda m: f"{m.group(1)} the {'people' if m.group(2) == 'them' else 'person'}", text)
    text = _A_LOOK_RE.sub(" ", _CIRCUMSTANCE_RE.sub(" ", _LIKE_RE.sub(" ", _PURPOSE_RE.sub(" ", text))))
    toks = _TOKEN_RE.findall(text.replace("'s ", " s "))

    def is_place(i: int) -> bool:
        t = toks[i]
        if t in _COLOUR_THINGS and _after_determiner(toks, i) and _REMOVERS & set(toks[:i]) and \
                (i + 1 == len(toks) or toks[i + 1] in _PREPOSITIONS or toks[i + 1] in _JOINS):
            return True  # "remove the orange (from the table)": the fruit; a colour is removed as a "tint"
        if t in _NOT_NOUNS or t in QUALITY_WORDS or t in _ASKERS:
            return False
        if t in _COLOURS and i + 1 < len(toks) and (_vocabulary_place(toks[i + 1]) or _thing(toks[i + 1])):
            return False  # "the orange suit": the colour of the thing, not an orange
        if t in _COLOURS and i > 0 and toks[i - 1] not in DETERMINERS and toks[i - 1] not in _JOINS \
                and toks[i - 1] not in _PREPOSITIONS and (i + 1 == len(toks) or toks[i + 1] in _JOINS):
            return False  # "make the helmet lime": the colour it should become, not a lime
        if _vocabulary_place(t):
            return True
        if singular(t) in _STYLE_OBJECTS and _after_determiner(toks, i) and i + 1 < len(toks) and toks[i + 1] in _WHERE_IT_HANGS:
            return True  # "the poster on the wall", "the painting above the sofa": a thing, not a style ("the wall" before)
        if singular(t) in ("picture", "photo", "photograph", "print") and _after_determiner(toks, i) and i + 3 < len(toks) \
                and toks[i + 1] in _WHERE_IT_HANGS and toks[i + 2] in DETERMINERS and singular(toks[i + 3]) in HANGS_ON:
            return True  # "remove the picture on the wall" erased the wall; "the photo on the left" is the photo's left
        return _thing(t) and _is_head(toks, i) and (_after_determiner(toks, i) or singular(t) != t)

    def modifies(j: int) -> bool:  # one or two words before a place noun, none of them a verb or a quality
        for k in (j + 1, j + 2):
            if k in place:
                return True
            if k >= len(toks) or toks[k - 1] in _NOT_NOUNS or toks[k - 1] in QUALITY_WORDS or toks[k - 1] in _PREPOSITIONS:
                return False
        return False

    multi = {j for i in range(len(toks) - 1) if f"{toks[i]} {toks[i + 1]}" in _MULTI or
             f"{toks[i]} {toks[i + 1]}" in _COMPOUNDS for j in (i, i + 1)}
    place = sorted({i for i in range(len(toks)) if is_place(i)} | multi)
    frame = [i for i, t in enumerate(toks) if t in AREA_WORDS or _area_position(toks, i)]
    starts = sorted(set(place) | set(frame))
    if not starts:
        return None
    lo = hi = starts[0]
    # the rest of the noun phrase: "the man on the left", "the eyes of the two people", "the
    # dog and the cat", "everything but the dog"; it ends at a word of another kind (a verb)
    j = lo + 1
    while j < len(toks):
        t = toks[j]
        if j in place or j in frame or t in AREA_WORDS or POSITION_WORDS.get(t) in AREA_POSITIONS:
            hi = j
        elif modifies(j):
            pass  # "the cup on the kitchen table", "the dog on the old sofa": a word before the noun after
        elif not (t in DETERMINERS or t in _PREPOSITIONS or t in _JOINS or t in _NUMBERS or t in NOT_PLACES
                  or t in POSITION_WORDS):
            break
        j += 1
    # determiners, numbers and adjectives before the noun ("both cars", "the two big dogs")
    while lo > 0 and toks[lo - 1] not in _NOT_NOUNS - DETERMINERS and toks[lo - 1] not in QUALITY_WORDS \
            and toks[lo - 1] not in NOT_PLACES and toks[lo - 1] not in _PREPOSITIONS:
        lo -= 1
        if toks[lo] in DETERMINERS:
            break
    # "everything but the dog", "the whole photo except the sky": the whole of what is kept
    negation = [i for i, t in enumerate(toks[:lo]) if t in _NEGATION_WORDS]
    spared = ""
    if negation:
        whole = [i for i, t in enumerate(toks[: negation[-1]]) if STUFF.get(t) or t in ("all", "everyone", "everybody")
                 or _vocabulary_place(t)]
        if whole:
            lo = whole[0]
            while lo > 0 and toks[lo - 1] in DETERMINERS:
                lo -= 1
        elif _EXCEPTION_BEFORE.search(" ".join(toks[:lo])):
            # "brighten it except the sky", "make it warmer, but not her face": all of the photo but that
            spared = "everything except "
    phrase = spared + " ".join(toks[lo : hi + 1]).replace(" s ", "'s ")
    query = parse(phrase)
    if query is None:
        return None
    if any(c in phrase for c in _COMPOUNDS):
        return phrase
    for term in query.include + query.exclude:
        if term.labels or term.stuff not in (None, "everything") or term.noun == "area" \
                or _vocabulary_place(term.noun) or _thing(term.noun) or term.noun in _STYLE_OBJECTS \
                or term.noun in ("picture", "photo", "photograph", "print"):
            return phrase
    return None


# ------------------------------------------------------------------ "only on the sky"
_IT = r"(?:it|that|this|them|these|those|the (?:edits?|changes?|effects?|adjustments?|layers?))"
_ON = r"(?:on|to|in|for|onto|at)"
_SAY = r"(?:(?:please|ok|okay|now|actually|sorry|oops|no|nope|hmm|and|but|then|i meant?|i said|can you|could you)[,\s]+)*"
_FOLLOW_UPS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((mode, re.compile(rx)) for mode, rx in (
    ("whole", rf"^{_SAY}(?:(?:apply|do|use|put|spread|extend|make) {_IT} )?(?:{_ON} )?(?:everywhere|all over|"
              rf"(?:the )?(?:whole|entire|full) (?:photo|image|picture|thing|frame)|all of (?:it|the (?:photo|image|picture)))"
              r"(?: please)?$"),
    ("add", rf"^{_SAY}(?:(?:apply|do|use|put|extend) {_IT} )?(?:also|too) {_ON}? ?(?P<p>.+?)(?: please)?$"),
    ("add", rf"^{_SAY}(?:(?:apply|do|use|put|extend) {_IT} )?{_ON} (?P<p>.+?),? (?:too|as well)(?: please)?$"),
    ("subtract", rf"^{_SAY}(?:but )?(?:not|except|excluding|exclude|without|minus|apart from|other than) {_ON}? ?"
                 rf"(?P<p>.+?)(?: please)?$"),
    ("subtract", rf"^{_SAY}(?:leave|keep) (?P<p>.+?) (?:alone|out(?: of it)?|as (?:it was|it is|is)|untouched|unchanged)"
                 r"(?: please)?$"),
    ("subtract", rf"^{_SAY}(?:don'?t|do not|dont) (?:touch|change|edit|affect|(?:apply|do|use|put) {_IT} {_ON}) "
                 r"(?P<p>.+?)(?: please)?$"),
    ("replace", rf"^{_SAY}(?:(?:apply|do|use|put|keep|limit|restrict|move|confine) {_IT} )?(?:only|just) "
                rf"(?:{_ON} )?(?P<p>.+?)(?: please)?$"),
    ("replace", rf"^{_SAY}(?:apply|do|use|put|keep|limit|restrict|move|confine) {_IT} (?:only )?{_ON} "
                r"(?P<p>.+?)(?: only)?(?: please)?$"),
    ("replace", rf"^{_SAY}(?:{_ON} )?(?P<p>.+?) only(?: please)?$"),
))
_TONAL_PLACE_RE = re.compile(r"^(?:the )?(?:shadows|highlights|midtones|mid tones|darks|lights|"
                             r"(?:dark|darker|bright|brighter|light|lighter)(?:est)? (?:areas?|parts?|bits?|tones?))$")
_PRONOUNS = frozenset("her him them his their she he they".split())


def follow_up_place(text: str) -> tuple[str, str] | None:
    """Where the edits just made should apply instead, when that is all ``text`` says: ``("replace",
    "the sky")`` for "only on the sky" / "apply it to the sky only", ``("add", ...)`` for "on her
    face too", ``("subtract", ...)`` for "not on her face" / "leave the sky alone", ``("whole",
    "")`` for "everywhere"; None when the words ask for an edit ("just brighten the sky")."""
    t = re.sub(r"[^\w\s',]", " ", text.lower().replace("’", "'"))
    t = re.sub(r"\s+", " ", t).strip(" ,")
    for mode, rx in _FOLLOW_UPS:
        m = rx.match(t)
        if m is None:
            continue
        if mode == "whole":
            return ("whole", "")
        phrase = m.group("p").strip(" ,")
        if _only_a_place(phrase):
            # "only her": the person the request was about
            return (mode, {"them": "the people", "they": "the people"}.get(phrase, "the person")
                    if phrase in _PRONOUNS else phrase)
    return None


def _only_a_place(phrase: str) -> bool:
    """Whether ``phrase`` is nothing but a place: a tonal range ("the shadows") or a noun phrase
    :func:`region_phrase` reads whole ("the man on the left", "her face"), no edit words."""
    if _TONAL_PLACE_RE.match(phrase):
        return True
    if phrase in _PRONOUNS:
        return True  # "only her": the person
    found = region_phrase(phrase)
    if found is None:
        return False
    said = set(_TOKEN_RE.findall(phrase.replace("'s ", " s "))) - DETERMINERS - _PRONOUNS - {"s"}
    return said <= set(_TOKEN_RE.findall(found.replace("'s ", " s "))) | _PREPOSITIONS | _JOINS | _NUMBERS
