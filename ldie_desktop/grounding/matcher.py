"""From the words a local edit attends to ("the boy on the left", "everything but the dog",
"both cars", "the people in the background") to the proposals they mean.

Plain rules over the proposals' labels and cues: a phrase splits into included and excluded
noun phrases (``everything but``, ``except``, ``not``), each of those into terms (``and``, ``or``,
commas); a term has a head noun (mapped through synonyms to proposal labels), a number (singular,
plural, ``both``, ``two``), and position words (left, right, middle, top, bottom, near, far,
biggest, smallest). A singular term picks the best-placed instance, a plural one every instance
that fits the position words. A noun no detector label names ("the magpie", "the wrench") goes
by what an image classifier sees in each region: the classes the word names, else the classes
of its kind (``vocab``). Each pick has a score; below ``MIN_SCORE`` the phrase is not
placed and the caller gets no mask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .models import COCO_LABELS
from .proposal import Proposal, cues_for
from . import taxonomy
from .proposals import SECOND_LOOK
from .vocab import COCO_KINDS, NOUN_KINDS, kind_mass, kind_of

MIN_SCORE = 0.3
#: A detection at least this sure is not something of another kind.
SURE_DETECTION = 0.6
#: Below this probability mass the classifier sees nothing of a word or kind in a region.
MIN_LIKENESS = 0.003
#: What being in doubt (covered by a sure detection of another kind) costs, in affinity shares.
DOUBT = 0.5
#: Below this share of the best candidate's affinity a candidate does not look like the noun.
PLAUSIBLE_NAME = 0.25
#: A COCO class the detector missed needs at least this ImageNet mass of its own classes (0.02
#: let "the ball" land on a shirt with 0.03 of "ball" in it; 0.04 did as well as 0.02 on
#: benchmark scenes 64-191).
UNDETECTED_MIN = 0.04
#: Below this ImageNet mass of the noun's kind anywhere, the kind is absent from the photo.
KIND_ABSENT = 0.05
#: How sharply WordNet likeness weights the classifier's classes (``sim ** LIKENESS_POWER``):
#: a close relative (0.9) keeps 43 %, a cousin in the same order (0.7) 6 %, a mere artefact
#: beside an animal (0.4) nothing. Chosen on benchmark scenes 64-191 (4, 8, 16, 32 tried).
LIKENESS_POWER = 8
#: What being a detection of the noun's label is worth against an unlabelled thing, in rank
#: (the classifier's relative likeness counts 2): a thing must look far more like the noun.
#: 0.5, 1 and 2 did alike on benchmark scenes 64-191.
NAMED_BONUS = 1.0
#: An unlabelled thing competes with detections of the noun's label only when it looks at
#: least this much like the noun, relative to the best candidate.
THING_AMONG_DETECTIONS = 0.5
#: "The lemons": of the candidates, those that look at least this much like the noun, relative to
#: the best (a lemon scores 0.56 of itself on an orange slice, a kiwi 0.04); every candidate had
#: been taken, the whole fruit bowl for "the lemons".
PLURAL_LOOKS = 0.7
#: A candidate the classifier is at least this sure is one thing of its own (a lemon, 0.98), for a
#: noun it has no class for ("the pear", "the grapes"), is only a guess when other things as alike
#: are about (a bowl of fruit; one flower taken for a daisy is still "the sunflower"), or, for a
#: plural, when the ones chosen are surely different things (a lemon and an orange are no grapes):
#: then it is scored ``GUESSED``, between ``MIN_SCORE`` and the planner's "not sure" line.
SURELY_OTHER, GUESSED = 0.5, 0.4

PERSON_WORDS = frozenset(
    "person people man men woman women boy boys girl girls guy guys lady ladies gentleman gentlemen "
    "kid kids child children baby babies toddler human humans player players spectator spectators "
    "pedestrian pedestrians crowd audience athlete athletes someone somebody everyone everybody "
    "individual individuals figure figures tourist tourists bride groom couple family friend friends "
    "footballer footballers astronaut astronauts teenager teenagers adult adults worker workers "
    "passerby passersby bystander bystanders face faces head heads skin hair hairs hairdo haircut hairstyle bangs "
    "curls ponytail lips lip lipstick mouth mouths teeth tooth smile eyes eye iris irises eyebrows eyebrow brows "
    "brow undereye undereyes nose noses cheek cheeks cheekbones forehead foreheads chin chins pupils".split()
)
_COLLECTIVE = frozenset("people crowd audience everyone everybody couple family children kids spectators".split())

#: word -> labels. COCO names map to themselves (multi-word names are matched as bigrams).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "puppy": ("dog",), "pup": ("dog",), "doggy": ("dog",), "hound": ("dog",),
    "kitten": ("cat",), "kitty": ("cat",),
    "pony": ("horse",), "foal": ("horse",), "lamb": ("sheep",), "calf": ("cow",), "bull": ("cow",),
    "cattle": ("cow",), "ox": ("cow",),
    "duck": ("bird",), "parrot": ("bird",), "pigeon": ("bird",), "seagull": ("bird",), "gull": ("bird",),
    "owl": ("bird",), "chicken": ("bird",), "hen": ("bird",), "eagle": ("bird",), "penguin": ("bird",),
    "swan": ("bird",), "goose": ("bird",), "rooster": ("bird",),
    "automobile": ("car",), "taxi": ("car",), "cab": ("car",), "suv": ("car",), "jeep": ("car",),
    "van": ("car", "truck"), "lorry": ("truck",), "pickup": ("truck",),
    "vehicle": ("car", "truck", "bus", "motorcycle", "bicycle", "train", "boat", "airplane"),
    "motorbike": ("motorcycle",), "scooter": ("motorcycle",), "moped": ("motorcycle",),
    "bike": ("bicycle", "motorcycle"), "cycle": ("bicycle",),
    "plane": ("airplane",), "aeroplane": ("airplane",), "jet": ("airplane",), "aircraft": ("airplane",),
    "ship": ("boat",), "yacht": ("boat",), "sailboat": ("boat",), "canoe": ("boat",), "kayak": ("boat",),
    "ball": ("sports ball",), "football": ("sports ball",), "basketball": ("sports ball",),
    "television": ("tv",), "monitor": ("tv",), "screen": ("tv", "laptop"),
    "phone": ("cell phone",), "smartphone": ("cell phone",), "cellphone": ("cell phone",), "mobile": ("cell phone",),
    "sofa": ("couch",), "table": ("dining table",), "desk": ("dining table",),
    "plant": ("potted plant",), "houseplant": ("potted plant",),
    "mug": ("cup",), "glass": ("wine glass", "cup"), "bag": ("handbag", "backpack", "suitcase"),
    "purse": ("handbag",), "luggage": ("suitcase",), "racket": ("tennis racket",), "racquet": ("tennis racket",),
    "doughnut": ("donut",), "hotdog": ("hot dog",), "fridge": ("refrigerator",), "teddy": ("teddy bear",),
    "animal": ("bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe"),
    "pet": ("cat", "dog"),
    "fruit": ("apple", "banana", "orange"), "food": ("banana", "apple", "sandwich", "orange", "broccoli",
                                                     "carrot", "hot dog", "pizza", "donut", "cake"),
}
#: Stuff that a word naming it can also name a thing with ("sea turtle", "tree frog"): the word
#: is the stuff only as the phrase's last content word.
_MODIFIABLE_STUFF = frozenset({"water", "vegetation"})
#: Stuff words: label of the region proposal they mean.
STUFF: dict[str, str] = {
    "sky": "sky", "skies": "sky", "clouds": "sky", "cloud": "sky", "sunset": "sky", "sunrise": "sky",
    "background": "background", "backdrop": "background", "surroundings": "background", "bg": "background",
    "foreground": "subject", "subject": "subject", "product": "subject",
    "everything": "everything", "image": "everything", "photo": "everything", "picture": "everything",
    "whole": "everything", "entire": "everything", "scene": "everything", "frame": "everything",
    "rest": "rest",
    # green by colour (``proposals.vegetation_mask``): a lone "tree" is left to the things
    "grass": "vegetation", "lawn": "vegetation", "lawns": "vegetation", "meadow": "vegetation", "greenery": "vegetation",
    "vegetation": "vegetation", "foliage": "vegetation", "trees": "vegetation", "forest": "vegetation",
    "woods": "vegetation", "bushes": "vegetation", "hedge": "vegetation", "hedges": "vegetation",
    "leaves": "vegetation", "shrubs": "vegetation", "greens": "vegetation",
    # what the sky's colour holds below a horizon (``proposals.split_horizon``)
    "sea": "water", "ocean": "water", "water": "water", "lake": "water", "seas": "water", "waves": "water",
}

POSITION_WORDS: dict[str, str] = {
    "left": "left", "leftmost": "left", "lefthand": "left",
    "right": "right", "rightmost": "right", "righthand": "right",
    "middle": "center", "center": "center", "centre": "center", "central": "center",
    "top": "top", "upper": "top", "above": "top", "topmost": "top",
    "bottom": "bottom", "lower": "bottom", "below": "bottom", "bottommost": "bottom",
    "background": "far", "back": "far", "behind": "far", "distant": "far", "far": "far",
    "farther": "far", "further": "far", "farthest": "far", "furthest": "far",
    "foreground": "near", "front": "near", "near": "near", "nearest": "near", "closest": "near",
    "closer": "near", "close": "near",
    "biggest": "largest", "largest": "largest", "big": "largest", "large": "largest", "huge": "largest",
    "bigger": "largest", "larger": "largest", "main": "largest",
    "smallest": "smallest", "small": "smallest", "little": "smallest", "tiny": "smallest", "smaller": "smallest",
}
NEGATIONS = ("except for", "except", "but not", "but", "other than", "apart from", "besides", "excluding",
             "without", "save for", "not")
CONJUNCTIONS = re.compile(r"\s*(?:,|&|\band\b|\bor\b|\bplus\b|\bas well as\b)\s*")
STOP = frozenset(
    "the a an this that these those my his her their its our your some any of on in at to from by with "
    "side hand part half corner area region one ones who which is are standing sitting there here all "
    "every each both edge".split()
)
#: What a picture hangs on or stands on: "the picture on the wall" is a thing in the photo, not all of it.
HANGS_ON = frozenset("wall fridge shelf desk table mantel mantelpiece door board easel dresser piano sideboard "
                     "bookcase cabinet window".split())
_PICTURE_WORDS = frozenset("picture pictures photo photos photograph photographs print prints image images".split())
#: Prepositions after which a noun says where the head noun is, or what it is part of, not what it is.
_RELATIONS = frozenset("of on in at from by with".split())
#: Mass nouns of what lies about ("the mess on the table", "the litter on the beach"): no detector, classifier or
#: salient look can tell them from what they lie on, so they are found nowhere and a removal waits for a painted
#: mask. Before, the thing they lie on was the head noun, and "remove the mess on the table" erased the table.
CLUTTER = frozenset("mess messes clutter junk crumbs crumb debris trash rubbish litter garbage".split())
#: Words for a part of the frame rather than a thing: "the left side", "the top half", "the
#: corners". With a position word (or alone, for corners and edges) they mean an area of the
#: photo, graded like a graduated or radial filter, not an object.
AREA_WORDS = frozenset("side sides half halves part parts area areas region regions portion portions section "
                       "sections corner corners edge edges border borders margin margins periphery".split())
#: Area words that say where by themselves: the frame's corners and edges (a vignette).
FRAME_WORDS = frozenset("corner corners edge edges border borders margin margins periphery".split())
#: Positions an area can have (depth and size are about things).
AREA_POSITIONS = frozenset({"left", "right", "top", "bottom", "center"})
#: A thing where the words say it is must look at least this much like the noun, relative to
#: the best-looking candidate elsewhere, to win over it (``_where_it_should_be``).
WHERE_SAID = 0.25
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}
_IRREGULAR = {"men": "man", "women": "woman", "children": "child", "people": "person", "geese": "goose",
              "mice": "mouse", "knives": "knife", "leaves": "leaf", "sheep": "sheep", "buses": "bus",
              "glasses": "glass", "ladies": "lady", "babies": "baby", "puppies": "puppy", "skis": "skis",
              "cattle": "cattle", "teeth": "tooth", "feet": "foot", "candies": "candy", "cherries": "cherry",
              "clothes": "clothes", "jeans": "jeans", "trousers": "trousers", "pants": "pants", "shorts": "shorts",
              "leggings": "leggings", "overalls": "overalls",
              # "-oes" that were "-oe" ("the shoes" was "the sho", a place found nowhere)
              "shoes": "shoe", "toes": "toe", "canoes": "canoe", "horseshoes": "horseshoe", "oboes": "oboe",
              "snowshoes": "snowshoe", "tiptoes": "tiptoe", "floes": "floe", "hoes": "hoe"}

_MULTI = {name: name for name in COCO_LABELS if " " in name}
_SINGLE = {name for name in COCO_LABELS if " " not in name}
#: Nouns the vocabulary knows: a plural whose plain "-s" singular is one of them keeps it
#: ("magpies", "shoes"), however the "-ies"/"-oes" rules would have cut it.
KNOWN_NOUNS = frozenset(_SINGLE | PERSON_WORDS | SYNONYMS.keys() | NOUN_KINDS.keys())


def singular(word: str) -> str:
    """A plural noun's singular by the common English rules (good enough for object names)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 3 and word.endswith("es") and word[:-1] in KNOWN_NOUNS:
        return word[:-1]
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Term:
    """One noun phrase: ``noun`` -> ``labels`` (empty: a noun outside the vocabulary)."""

    words: str
    noun: str
    labels: tuple[str, ...]
    stuff: str | None = None
    plural: bool = False
    count: int | None = None
    positions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Query:
    include: tuple[Term, ...]
    exclude: tuple[Term, ...] = ()


def _labels_for(word: str) -> tuple[tuple[str, ...], str | None]:
    s = singular(word)
    for w in (word, s):
        if w in PERSON_WORDS:
            return ("person",), None
        if w in STUFF:
            return (), STUFF[w]
        if w in _SINGLE:
            return (w,), None
        if w in SYNONYMS:
            return SYNONYMS[w], None
    return (), None


def parse_term(text: str) -> Term | None:
    toks = re.findall(r"[a-z0-9]+", text.lower().replace("-", ""))
    if not toks:
        return None
    plural, count = False, None
    positions: list[str] = []
    noun, labels, stuff = "", (), None
    area = [t for t in toks if t in AREA_WORDS]
    i = 0
    head_at = -1
    closed = False  # an unknown head noun's phrase has ended at a preposition
    while i < len(toks):
        t = toks[i]
        if t in AREA_WORDS and t not in STOP:  # "the corners": never the head noun
            i += 1
            continue
        pair = f"{t} {toks[i + 1]}" if i + 1 < len(toks) else ""
        if pair in _MULTI or (i + 1 < len(toks) and f"{t} {singular(toks[i + 1])}" in _MULTI):
            name = _MULTI.get(pair) or _MULTI[f"{t} {singular(toks[i + 1])}"]
            if not noun:
                noun, labels, head_at = name, (name,), i
                plural = plural or singular(toks[i + 1]) != toks[i + 1]
            i += 2
            continue
        if t in ("all", "every", "each"):
            plural = True
        elif t == "both":
            plural, count = True, 2
        elif t in NUMBERS:
            plural, count = True, NUMBERS[t]
        elif t in POSITION_WORDS and not (t in STUFF and not noun and not _after_preposition(toks, i)):
            # "the people in the background": a place; "the background (behind him)": a region
            positions.append(POSITION_WORDS[t])
        elif t in STOP:
            if head_at >= 0 and t in _RELATIONS:
                closed = True  # "the sticker on the laptop": the laptop is where it is, not what it is
        elif t in _PICTURE_WORDS and not noun and i + 1 < len(toks) and toks[i + 1] in ("on", "above", "over", "hanging") \
                and any(singular(w) in HANGS_ON for w in toks[i + 2: i + 5]):
            head_at = i  # "the picture on the wall": a framed thing, found like any unknown noun (all of the photo before)
            noun, labels, stuff = "picture", (), None
        elif t in CLUTTER:
            if not noun:
                noun, labels, stuff, head_at = t, (), None, i
        else:
            lab, st = _labels_for(t)
            if st in _MODIFIABLE_STUFF and i + 1 < len(toks) and toks[i + 1] not in STOP \
                    and toks[i + 1] not in POSITION_WORDS and toks[i + 1] not in AREA_WORDS:
                st = None  # "the sea turtle", "the water bottle", "the grass snake": a thing, not the stuff
            if not noun and (lab or st) and not closed:
                noun, labels, stuff, head_at = t, lab, st, i
                plural = plural or singular(t) != t or t in _COLLECTIVE
            elif not noun and head_at < 0:
                head_at = i  # an unknown word: the head noun unless a known one follows
        i += 1
    frame_only = not noun and head_at < 0 and "one" not in toks and "ones" not in toks
    if (stuff == "everything" or (area or frame_only) and not noun and head_at < 0) \
            and set(positions) <= AREA_POSITIONS and (positions or set(area) & FRAME_WORDS):
        # "the left side", "the top of the photo", "the corners", "the middle": part of the frame
        frame = ["frame"] if set(area) & FRAME_WORDS and not positions else []
        return Term(text.strip(), "area", (), None, False, None, tuple(dict.fromkeys(positions + frame)))
    if not noun and head_at >= 0:
        # the last unknown content word before a preposition is the head ("the red koala")
        j = head_at
        while j + 1 < len(toks) and toks[j + 1] not in STOP and toks[j + 1] not in POSITION_WORDS:
            j += 1
        noun = toks[j]
        plural = plural or singular(noun) != noun
        noun = singular(noun)
    if not noun:
        if not positions:
            return None
        noun = "one"  # "the left one", "the one in the middle"
    if stuff == "everything":
        positions = []
    return Term(text.strip(), noun, tuple(labels), stuff, plural, count, tuple(dict.fromkeys(positions)))


def _after_preposition(toks: list[str], i: int) -> bool:
    j = i - 1
    while j >= 0 and toks[j] in ("the", "a", "far", "very"):
        j -= 1
    return j >= 0 and toks[j] in ("in", "at", "into", "on", "to", "towards", "toward")


def parse(phrase: str) -> Query | None:
    text = " " + re.sub(r"[^a-z0-9,&' -]", " ", phrase.lower()) + " "
    include_txt, exclude_txt = text, ""
    for neg in NEGATIONS:
        m = re.search(rf"\b{neg}\b", text)
        if m:
            include_txt, exclude_txt = text[: m.start()], text[m.end():]
            break
    inc = [t for t in (parse_term(p) for p in CONJUNCTIONS.split(include_txt) if p.strip()) if t]
    exc = [t for t in (parse_term(p) for p in CONJUNCTIONS.split(exclude_txt) if p.strip()) if t]
    if not inc and not exc:
        return None
    if exclude_txt and not exc:
        return None
    return Query(tuple(inc), tuple(exc))


# ------------------------------------------------------------------ matching


@dataclass
class Match:
    chosen: list[Proposal] = field(default_factory=list)
    everything: bool = False
    score: float = 0.0
    reason: str = ""


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    A, B = a > 0.5, b > 0.5
    u = float((A | B).sum())
    return float((A & B).sum()) / u if u else 0.0


def _position_score(p: Proposal, pos: str) -> float:
    c = p.cues
    return {
        "left": 1.0 - c.cx, "right": c.cx, "center": 1.0 - 2.0 * abs(c.cx - 0.5),
        "top": 1.0 - c.cy, "bottom": c.cy,
        "near": c.near - (0.3 if c.behind_subject else 0.0),
        "far": 1.0 - c.near + (0.3 if c.behind_subject else 0.0),
        "largest": float(np.sqrt(c.area)), "smallest": 1.0 - float(np.sqrt(c.area)),
    }[pos]


def _position_fits(p: Proposal, pos: str) -> bool:
    c = p.cues
    return {
        "left": c.cx < 0.5, "right": c.cx > 0.5, "center": abs(c.cx - 0.5) < 0.25,
        "top": c.cy < 0.5, "bottom": c.cy > 0.5,
        "near": c.near >= 0.5 and not c.behind_subject, "far": c.near < 0.5 or c.behind_subject,
        "largest": True, "smallest": True,
    }[pos]


def _default_rank(p: Proposal, peers: list[Proposal]) -> float:
    amax = max(q.cues.area for q in peers) or 1.0
    return p.score * (0.5 + 0.5 * float(np.sqrt(p.cues.area / amax))) + (0.2 if p.cues.is_subject else 0.0)


def _candidates(term: Term, proposals: list[Proposal]) -> tuple[list[Proposal], set[int], float]:
    """Proposals the term's noun can mean, those of them in doubt, and how sure the naming is.

    A noun the detector did not find or does not know ("koala", "one") may be any salient thing
    or detected object (the detector's name is often wrong). A region a sure detection of
    another kind covers is in doubt (a sure "bird" is no "tomato", but may be "the magpie"): it
    is dropped unless the classifier vouches for it; so is a thing only the second salient look
    found (as often a patch of background as an object). Candidates may overlap (a thing and the
    object the detector boxed on it): they compete, and only distinct ones are chosen."""
    named = [p for p in proposals if p.kind in ("person", "object") and p.label in term.labels]
    if named:
        return named, set(), 1.0
    kind = kind_of(term.noun, term.labels)
    cands = [p for p in proposals if p.kind == "thing" or (p.kind == "object" and term.labels != ("person",))]
    sure = [p for p in proposals if p.kind in ("person", "object") and p.score >= SURE_DETECTION
            and not (not term.labels and kind and COCO_KINDS.get(p.label) == kind)]
    doubtful = {c.id for c in cands if c.source == SECOND_LOOK or any(_iou(c.mask, s.mask) >= 0.5 for s in sure)}
    return cands, doubtful, (0.5 if term.labels else 0.55 if term.noun == "one" else 0.45)


def _distinct(ordered: list[Proposal]) -> list[Proposal]:
    """``ordered`` without the proposals that cover the same region as a better-ranked one
    (IoU >= 0.5): two proposals on one object are one instance."""
    out: list[Proposal] = []
    for p in ordered:
        if all(_iou(p.mask, q.mask) < 0.5 for q in out):
            out.append(p)
    return out


def _region_probs(cands: list[Proposal], proposals: list[Proposal], namer) -> np.ndarray | None:
    """The classifier's ImageNet probabilities ``(len(cands), 1000)``, cached on the proposals."""
    proxy = getattr(proposals, "proxy", None)
    if namer is None or proxy is None or len(cands) == 0:
        return None
    cache = getattr(proposals, "names", None)
    if cache is None:
        cache = {}
        try:
            proposals.names = cache  # type: ignore[attr-defined]
        except AttributeError:
            pass
    todo = [p for p in cands if p.id not in cache]
    if todo:
        probs = namer.probabilities(proxy, [p.mask for p in todo])
        if probs is None:
            return None
        cache.update({p.id: pr for p, pr in zip(todo, probs)})
    return np.stack([cache[p.id] for p in cands])


@dataclass
class Looks:
    """What the classifier says of each candidate (by id). ``rel``: its likeness to the noun
    relative to the best candidate's, by the classes the word names, else (a word no class is
    named by: "wrench", "yam") by the noun's kind; the word goes first, the kind would rank a
    worm above a fly for "the fly". ``plausible``: the better of the word's and the kind's
    relative likeness (a magpie the classifier takes for a penguin is still a bird). ``top``:
    the best absolute likeness. ``absent``: it knows the word and sees no trace of it, nor of
    its kind. ``other``: for a noun no class is (neither named by it nor a kind of it: "grape",
    "pear"), each candidate's most likely class and its probability; empty otherwise."""

    rel: dict[int, float]
    plausible: dict[int, float]
    top: float
    absent: bool
    other: dict[int, tuple[int, float]] = field(default_factory=dict)


def _relative(a: np.ndarray | None) -> tuple[np.ndarray, float]:
    """Likeness relative to the best candidate, and the best; empty when nothing looks alike."""
    top = float(a.max()) if a is not None else 0.0
    return (a / top if a is not None and top >= MIN_LIKENESS else np.zeros(0, np.float32)), top


def _name_affinity(term: Term, cands: list[Proposal], proposals: list[Proposal], namer) -> Looks | None:
    """How much each candidate looks like the noun, by an image classifier; None without one,
    or when it knows neither the word nor its kind."""
    if term.noun == "one":
        return None
    probs = _region_probs(cands, proposals, namer)
    if probs is None:
        return None
    n = term.noun
    words = tuple(w for lab in term.labels for w in lab.split()) + (n, singular(n), n + "s", n[:-1] + "ie" if n.endswith("y") else n)
    named = namer.affinity(term.noun, probs, words)  # classes whose name holds the word
    word = _wordnet_affinity(term, probs, namer, words)
    if word is None:
        word = named
    kind = kind_of(n, term.labels)
    group = kind_mass(probs, kind) if kind else None
    if word is None and group is None:
        return None
    (rel_w, top_w), (rel_k, top_k) = _relative(word), _relative(group)
    # a class the detector knows ("dog", "car") that it did not find must show in the
    # classifier's own classes, not just as its kind: a person is a little "mammal"
    detector_knows = bool(term.labels) and term.labels != ("person",)
    top_n = float(named.max()) if named is not None else 0.0
    absent = named is not None and ((top_n < MIN_LIKENESS and top_k < KIND_ABSENT)
                                    or (detector_knows and top_n < UNDETECTED_MIN))
    rels = [r for r in (rel_w, rel_k) if len(r)]
    if not rels:
        return Looks({}, {}, 0.0, absent)
    ids = [p.id for p in cands]
    plausible = np.max(np.stack(rels), axis=0)
    other = {i: (int(pr.argmax()), float(pr.max())) for i, pr in zip(ids, probs)} if _classless(term, named, namer) else {}
    return Looks(dict(zip(ids, map(float, rels[0]))), dict(zip(ids, map(float, plausible))),
                 top_w if len(rel_w) else top_k, absent, other)


def _classless(term: Term, named: np.ndarray | None, namer) -> bool:
    """Whether the classifier has no class that is the noun: none named by it, none WordNet files
    as a kind of it ("flower" has "daisy"; "grape", "pear", "rose" have none), and no detector label."""
    if term.labels or named is not None or getattr(namer, "classes_named", None) is None:
        return False
    tax = taxonomy.shared()
    sim = tax.similarity(term.noun) if tax is not None else None
    return sim is not None and not bool((sim >= 1.0).any())


def _wordnet_affinity(term: Term, probs: np.ndarray, namer, words: tuple[str, ...]) -> np.ndarray | None:
    """Per region, the classifier's probabilities weighted by how alike each class is to the
    noun in WordNet (``taxonomy``), sharpened by ``LIKENESS_POWER``; a class whose name holds the
    word counts as the noun itself ("pepper" -> "bell pepper", which WordNet files as a fruit
    while its first senses of "pepper" are the spice and the plant). None when WordNet has no
    such thing (then the class names and the noun's kind decide)."""
    tax = taxonomy.shared()
    if tax is None:
        return None
    sim = tax.similarity(term.noun)
    if sim is None and term.labels and term.labels != ("person",):
        sim = tax.similarity(term.labels[0])
    if sim is None:
        return None
    weights = sim.astype(np.float64)
    named = getattr(namer, "classes_named", None)
    hit = named(term.noun, words) if named is not None else None
    if hit is not None:
        weights = np.maximum(weights, hit)
    return (probs.astype(np.float64) @ weights ** LIKENESS_POWER).astype(np.float32)


def wants_closer_look(phrase: str, proposals: list[Proposal]) -> bool:
    """Whether ``phrase`` names a thing only the classifier can find among the proposals (a
    noun no detector label covers, or a label the detector found nothing of, or only one of when
    the words pick among several): then the closer look (``proposals.closer_look``) may find what
    the whole-photo look missed."""
    query = parse(phrase)
    if query is None:
        return False
    for t in query.include + query.exclude:
        if t.stuff or t.noun in ("one", "area") or t.labels == ("person",):
            continue
        found = sum(p.kind in ("person", "object") and p.label in t.labels for p in proposals) if t.labels else 0
        # one detection is enough for "the cup", not for "the cup on the left" or "both cups"
        if found >= (2 if t.positions or t.plural else 1):
            continue
        return True
    return False


def area_mask(positions: tuple[str, ...], shape: tuple[int, int]) -> np.ndarray:
    """A soft mask for part of the frame, graded like a graduated or radial filter: "left" is
    1 on the left 40 % falling to 0 at 60 %; "center" an ellipse fading out from half the
    half-size to the edges' midpoints; "frame" the corners and edges (a vignette's shape). Several positions
    intersect ("top left")."""
    h, w = shape
    x = (np.arange(w, dtype=np.float32) + 0.5) / w
    y = (np.arange(h, dtype=np.float32) + 0.5) / h

    def ramp(t: np.ndarray, lo: float, hi: float) -> np.ndarray:  # 1 below lo, 0 above hi, smooth
        u = np.clip((t - lo) / (hi - lo), 0.0, 1.0)
        return 1.0 - u * u * (3.0 - 2.0 * u)

    r = np.sqrt(((x[None, :] - 0.5) * 2.0) ** 2 + ((y[:, None] - 0.5) * 2.0) ** 2)
    mask = np.ones((h, w), np.float32)
    for pos in positions:
        if pos == "left":
            mask = mask * ramp(x, 0.4, 0.6)[None, :]
        elif pos == "right":
            mask = mask * ramp(1.0 - x, 0.4, 0.6)[None, :]
        elif pos == "top":
            mask = mask * ramp(y, 0.4, 0.6)[:, None]
        elif pos == "bottom":
            mask = mask * ramp(1.0 - y, 0.4, 0.6)[:, None]
        elif pos == "center":
            mask = mask * ramp(r, 0.5, 1.0)
        elif pos == "frame":
            mask = mask * (1.0 - ramp(r, 0.7, 1.3))
    return mask.astype(np.float32)


def match_term(term: Term, proposals: list[Proposal], used: set[int], namer=None,
               shape: tuple[int, int] | None = None) -> Match:
    if term.noun == "area" and shape is not None:
        m = area_mask(term.positions, shape)
        label = " ".join(term.positions) or "area"
        return Match([Proposal(label, "area", m, 1.0, cues_for(m), "frame", -2)], score=1.0)
    if term.stuff == "everything":
        return Match(everything=True, score=1.0)
    if term.noun in CLUTTER:
        return Match(reason=f"I cannot find the {term.noun} by itself; paint over it")
    if term.stuff:
        region = [p for p in proposals if p.kind == term.stuff]
        if not region and term.stuff in ("subject", "background"):
            people = [p for p in proposals if p.kind in ("person", "object") and p.cues.near >= 0.5]
            if people:
                union = np.max(np.stack([p.mask for p in people]), axis=0)
                m = union if term.stuff == "subject" else 1.0 - union
                region = [Proposal(term.stuff, term.stuff, m.astype(np.float32), 0.5, cues_for(m), "people", -1)]  # type: ignore[arg-type]
        if not region:
            return Match(reason=f"found no {term.noun} in the photo")
        best = max(region, key=lambda p: p.score)
        part = [pos for pos in term.positions if pos in AREA_POSITIONS]
        if part:  # "the left half of the sky", "the background on the right": that part of it
            m = (best.mask * area_mask(tuple(part), best.mask.shape)).astype(np.float32)
            if float((m > 0.5).mean()) > 0.0:
                best = Proposal(f"{best.label} ({' '.join(part)})", best.kind, m, best.score, cues_for(m),
                                best.source, best.id)
        return Match([best], score=best.score)
    cands, doubtful, strength = _candidates(term, proposals)
    taken = [p for p in proposals if p.id in used]
    cands = [p for p in cands if all(_iou(p.mask, q.mask) < 0.5 for q in taken)] or cands
    positions = [p for p in term.positions]
    looks = _name_affinity(term, cands, proposals, namer) if strength < 1.0 else None
    if looks is not None and looks.absent:
        # "the car" in a photo of a building must stay unplaced rather than land on it
        return Match(reason=f"found no {term.labels[0] if term.labels else term.noun} in the photo")
    if looks is not None and not looks.rel:
        looks = None
    # in doubt and without a classifier to vouch for it: not a candidate
    cands = [p for p in cands if p.id not in doubtful or looks is not None]
    if "far" in positions:  # "the people in the background" are never the main subject itself
        cands = [p for p in cands if not p.cues.is_subject or p.cues.behind_subject]
    if not cands:
        what = term.labels[0] if term.labels else term.noun
        return Match(reason=f"found no {what} in the {'background' if 'far' in positions else 'photo'}")
    if positions:
        rank = {p.id: sum(_position_score(p, pos) for pos in positions) + 0.05 * _default_rank(p, cands) for p in cands}
    else:
        rank = {p.id: _default_rank(p, cands) for p in cands}
    if looks is not None:
        cands, rank = _rank_by_name(cands, rank, looks, doubtful, bool(positions))
        strength = min(0.9, strength + 0.4 * min(1.0, looks.top / 0.2))
    elif strength >= 1.0 and namer is not None and term.labels != ("person",):
        cands, rank = _check_detections(term, cands, rank, proposals, taken, positions, namer)
    ordered = _distinct(sorted(cands, key=lambda p: -rank[p.id]))
    if positions and not term.plural and not term.count and ordered and namer is not None \
            and not all(_position_fits(ordered[0], pos) for pos in positions):
        ordered = _where_it_should_be(term, ordered, proposals, taken, positions, namer)
    if term.count:
        chosen = ordered[: term.count]
    elif term.plural:
        chosen = [p for p in ordered if all(_position_fits(p, pos) for pos in positions)]
        if looks is not None and chosen:
            chosen = _the_ones_alike(chosen, looks)
        chosen = chosen or ordered[:1]
    else:
        chosen = ordered[:1]
    score = strength * float(np.mean([0.5 + 0.5 * min(1.0, p.score) for p in chosen]))
    if term.count and len(chosen) < term.count:
        score *= len(chosen) / term.count
    if looks is not None and looks.other and _a_guess(chosen, ordered, looks, term.plural):
        score = min(score, GUESSED)  # "the pear" on what is surely a lemon, among other fruit
    return Match(chosen, score=score)


def _a_guess(chosen: list[Proposal], ordered: list[Proposal], looks: Looks, plural: bool) -> bool:
    """Whether candidates chosen for a noun the classifier has no class for are a guess (see
    ``SURELY_OTHER``)."""
    sure = [looks.other[p.id] for p in chosen if p.id in looks.other and looks.other[p.id][1] >= SURELY_OTHER]
    if not sure:
        return False
    if plural:
        return len({c for c, _ in sure}) > 1
    # another thing as alike, apart from the one chosen (not a part of it: a squirrel's head and body,
    # linked through the candidates that overlap, a heap of fruit left out as it holds several)
    alike = [p for p in ordered if looks.rel.get(p.id, 0.0) >= THING_AMONG_DETECTIONS]
    alike = [p for p in alike if not any(_holds(p, q) for q in alike if q is not p)]
    linked, todo = {chosen[0].id}, [chosen[0]]
    while todo:
        a = todo.pop()
        for b in alike:
            if b.id not in linked and _overlap(a.mask, b.mask) >= 0.1:
                linked.add(b.id)
                todo.append(b)
    return any(p.id not in linked for p in alike)


def _holds(big: Proposal, small: Proposal) -> bool:
    """Whether ``small`` (at most half as large) lies within ``big``: a part of it, or one of a heap."""
    area = float(small.mask.sum())
    return area <= 0.5 * float(big.mask.sum()) and float(np.minimum(small.mask, big.mask).sum()) >= 0.8 * area


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    """The share of the smaller mask that the other covers."""
    small = min(float(a.sum()), float(b.sum()))
    return float(np.minimum(a, b).sum()) / small if small else 0.0


def _the_ones_alike(cands: list[Proposal], looks: Looks) -> list[Proposal]:
    """Of several candidates for a plural noun, those that look like it (``PLURAL_LOOKS`` of the
    best), less any that holds another of them (a heap of fruit that looks like "lemons" because
    of the lemon in it)."""
    best = max(looks.rel.get(p.id, 0.0) for p in cands)
    alike = [p for p in cands if looks.rel.get(p.id, 0.0) >= PLURAL_LOOKS * best]
    return [p for p in alike if not any(_holds(p, q) for q in alike if q is not p)]


def _where_it_should_be(term: Term, ordered: list[Proposal], proposals: list[Proposal], taken: list[Proposal],
                        positions: list[str], namer) -> list[Proposal]:
    """"The penguin on the left" says there is a penguin on the left: when the best-looking
    candidate is elsewhere, the one on the left that looks most like the noun wins, if it looks
    at least ``WHERE_SAID`` as much like it (the classifier sees two copies of a thing unequally,
    and a loose box or a missed detection can hide the one the words point at)."""
    pool = [p for p in proposals if p.kind in ("person", "object", "thing") and (p.kind != "person" or term.labels == ("person",))
            and all(_iou(p.mask, q.mask) < 0.5 for q in taken)]
    looks = _name_affinity(term, pool, proposals, namer)
    if looks is None or not looks.rel:
        return ordered
    best = looks.rel.get(ordered[0].id, 0.0)
    fits = [p for p in pool if all(_position_fits(p, pos) for pos in positions) and looks.rel[p.id] >= WHERE_SAID * best]
    if not fits:
        return ordered
    pick = max(fits, key=lambda p: (looks.rel[p.id], sum(_position_score(p, pos) for pos in positions)))
    return [pick] + [p for p in ordered if p is not pick]


def _check_detections(term: Term, named: list[Proposal], rank: dict[int, float], proposals: list[Proposal],
                      taken: list[Proposal], positions: list[str], namer) -> tuple[list[Proposal], dict[int, float]]:
    """Detections of the noun's label, checked by the classifier against the unlabelled things:
    the detector is weak and names loosely (a goat as a "bird"), so among several detections
    the one that looks most like the noun ("the owl" among three "birds") wins, and a thing that
    looks much more like it than any detection may win over them all."""
    extra = [p for p in proposals if p.kind == "thing" and all(_iou(p.mask, q.mask) < 0.5 for q in named + taken)]
    pool = named + extra
    looks = _name_affinity(term, pool, proposals, namer)
    if looks is None or not looks.rel:
        return named, rank
    # a thing joins only if it looks at least half as much like the noun as the best candidate
    # ("all the oranges" may gain one the detector missed, not the cabbage beside them)
    extra = [p for p in extra if looks.rel[p.id] >= THING_AMONG_DETECTIONS]
    pool = named + extra
    base = dict(rank)
    for p in extra:
        base[p.id] = (sum(_position_score(p, pos) for pos in positions) + 0.05 * _default_rank(p, pool)) if positions \
            else _default_rank(p, pool)
    # "the cow on the left" says there are several; with one detection of the label, the others
    # are among the unlabelled things, and the detection is just one of the candidates
    bonus = 0.0 if positions and len(named) < 2 else NAMED_BONUS
    for p in named:
        base[p.id] += bonus
    return _rank_by_name(pool, base, looks, set(), bool(positions))


#: A region holding at least ``HEAP_PARTS`` smaller candidates is a heap of things: the one of them
#: that looks at least ``PART_LOOKS`` as much like the noun as the heap is the thing named.
HEAP_PARTS, PART_LOOKS = 3, 0.9


def _rank_by_name(cands: list[Proposal], rank: dict[int, float], looks: Looks, doubtful: set[int],
                  by_position: bool) -> tuple[list[Proposal], dict[int, float]]:
    """Add the classifier's say to ``rank``; being in doubt costs ``DOUBT``. Alone it outweighs
    saliency; with position words it only keeps out candidates that do not look like the noun,
    so that position picks among the ones that do (the wrench on the left)."""
    def rel(p: Proposal, of: dict[int, float]) -> float:
        return of[p.id] - (DOUBT if p.id in doubtful else 0.0)

    if by_position:
        kept = [p for p in cands if rel(p, looks.plausible) >= PLAUSIBLE_NAME] or cands
        return kept, {p.id: rank[p.id] + 0.5 * rel(p, looks.rel) for p in kept}
    ranked = {p.id: rank[p.id] + 2.0 * rel(p, looks.rel) for p in cands}
    # a heap of things (several smaller ones inside it) that looks like the noun looks like it
    # because of one of them (a bowl of fruit named "lemon" for the lemon in it): that one is it
    for big in cands:
        parts = [small for small in cands if small is not big and _holds(big, small)]
        if len(parts) < HEAP_PARTS:
            continue
        best = max(parts, key=lambda q: looks.rel.get(q.id, 0.0))
        if looks.rel.get(best.id, 0.0) >= PART_LOOKS * looks.rel.get(big.id, 0.0) and ranked[big.id] >= ranked[best.id]:
            ranked[big.id] = ranked[best.id] - 1e-3
    return cands, ranked


@dataclass
class Selection:
    """The outcome of matching a phrase: a combined soft mask on the proxy (or None)."""

    mask: np.ndarray | None
    chosen: list[Proposal]
    excluded: list[Proposal]
    score: float
    words: str
    message: str = ""


def select(phrase: str, proposals: list[Proposal], shape: tuple[int, int] | None = None,
           min_score: float = MIN_SCORE, namer=None) -> Selection:
    """Match ``phrase`` against ``proposals``; ``shape`` is the proxy shape (taken from the
    proposals when there are any). ``namer`` (a ``classify.RegionNamer``) lets nouns outside
    the detector's 80 labels pick the salient thing that looks like them."""
    if proposals:
        shape = proposals[0].mask.shape  # type: ignore[assignment]
    query = parse(phrase)
    if query is None or shape is None:
        return Selection(None, [], [], 0.0, phrase, f"could not tell what '{phrase}' refers to")
    used: set[int] = set()

    def side(terms: tuple[Term, ...], partial: bool) -> tuple[np.ndarray | None, list[Proposal], float, str, str]:
        """The union of the terms' matches. With ``partial`` (several things asked for: "the
        pizza and the rabbit"), a term that is not found, or not surely, is left out while
        another is found surely; the last string says which were left out."""
        found: list[tuple[Term, np.ndarray, list[Proposal], float]] = []
        missed: list[tuple[Term, str]] = []
        for t in terms:
            m = match_term(t, proposals, used, namer, shape)
            if m.everything:
                found.append((t, np.ones(shape, np.float32), [], m.score))
            elif not m.chosen:
                missed.append((t, m.reason))
            else:
                used.update(p.id for p in m.chosen)
                found.append((t, np.max(np.stack([p.mask for p in m.chosen]), axis=0), m.chosen, m.score))
        sure = [f for f in found if f[3] >= min_score]
        note = ""
        if partial and len(terms) > 1 and sure and len(sure) < len(terms):
            left_out = [t.words for t, _ in missed] + [f[0].words for f in found if f[3] < min_score]
            note = "could not find " + " or ".join(f"'{w}'" for w in left_out)
            found, missed = sure, []
        scores = [f[3] for f in found] + [0.0] * len(missed)
        union = np.max(np.stack([f[1] for f in found]), axis=0) if found else None
        return (union, [p for f in found for p in f[2]], (min(scores) if scores else 1.0),
                "; ".join(r for _, r in missed), note)

    inc, chosen, s_inc, r_inc, left_out = side(query.include, partial=True)
    exc, excluded, s_exc, r_exc, _ = side(query.exclude, partial=False)
    words = " / ".join(" ".join([t.noun, *t.positions]) for t in query.include)
    if query.exclude:
        words = (words or "everything") + " except " + " / ".join(" ".join([t.noun, *t.positions]) for t in query.exclude)
    score = min(s_inc if query.include else 1.0, s_exc if query.exclude else 1.0)
    reason = r_inc or r_exc
    if query.include and inc is None or query.exclude and exc is None or score < min_score:
        return Selection(None, chosen, excluded, score, words, reason or f"not sure enough what '{phrase}' refers to")
    mask = inc if inc is not None else np.ones(shape, np.float32)
    if exc is not None:
        mask = mask * (1.0 - exc)
    if float((mask > 0.5).mean()) == 0.0:
        return Selection(None, chosen, excluded, score, words, f"'{phrase}' leaves nothing to edit")
    if left_out:  # placed, but not all of it: say what is missing
        return Selection(mask.astype(np.float32), chosen, excluded, score, words, left_out)
    return Selection(mask.astype(np.float32), chosen, excluded, score, words)
