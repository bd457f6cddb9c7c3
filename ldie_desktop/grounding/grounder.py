"""The API the planner calls: proposals for a photo once, then one grounding per local layer.

    grounder = Grounder.load()                      # once per process; thread-safe
    props = grounder.proposals(rgb)                 # ~0.3-0.6 s on 2 CPU cores, any photo size
    g = grounder.ground("the boy on the left", "brightness", props, rgb.shape[:2], image=rgb)
    if g.mask is None: offer the layer disabled, with g.message
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

import cv2
import numpy as np

from ..document.mask import Mask
from .classify import RegionNamer
from .matcher import MIN_SCORE, Selection, select, wants_closer_look
from .models import Detector, Face, FaceDetector, FaceMesh, ModelMissing, SalientSegmenter, SelfieSegmenter
from .proposal import Proposal, Proposals
from .proposals import PROXY_SIDE, Sources, build_proposals, closer_look
from .refine import (FACE_PART_WORDS, GARMENT_KIND, MATTE_OPS, REFINE_SIDE, REMOVAL_OPS, at_size, clothes_part,
                     face_part, face_zone, filled, garment_kind, guide_image, hair_part, refine_to_edges, shape_for_op,
                     skin_part, soft_oval, unsupported_box)
from .tonal import own_colour


@dataclass(frozen=True)
class Grounding:
    """Where a phrase landed. ``mask`` None: it could not be placed (``message`` says why), and
    the layer should be offered disabled for the user to paint. A mask with a ``message``: part
    of what was asked for was placed ("the dog and the cat" without a cat)."""

    mask: Mask | None
    chosen: list[Proposal]
    words: str
    score: float
    excluded: list[Proposal] = field(default_factory=list)
    message: str = ""
    region: Mask | None = None  # the selection snapped to edges, before shaping for the op
    def to_json(self) -> dict:
        """What ``ldie plan --json`` shows: the proposals and words that chose the mask."""
        return {
            "placed": self.mask is not None,
            "words": self.words,
            "score": round(self.score, 3),
            "chosen": [{"id": p.id, "label": p.label, "kind": p.kind, "cues": p.cues.words()} for p in self.chosen],
            "excluded": [{"id": p.id, "label": p.label, "kind": p.kind} for p in self.excluded],
            "message": self.message,
        }


class Grounder:
    """Holds the three models (loaded lazily, each once). Methods are safe to call from several
    threads: the ONNX sessions are thread-safe and the TFLite one is locked."""

    _shared: "Grounder | None" = None
    _shared_lock = threading.Lock()

    def __init__(self, sources: Sources, proxy_side: int = PROXY_SIDE, min_score: float = MIN_SCORE,
                 namer: RegionNamer | None = None) -> None:
        self.sources = sources
        self.namer = namer
        self.proxy_side = proxy_side
        self.min_score = min_score
        self._closer_lock = threading.Lock()
        self._face_lock = threading.Lock()
        self._face_cache: tuple[Any, dict[str, Any]] | None = None

    @classmethod
    def load(cls, folder: str | Path | None = None, *, warm: bool = True) -> "Grounder":
        """The process-wide grounder (with the default models folder), made on first call.
        ``warm`` loads the models now rather than on the first photo."""
        if folder is not None:
            g = cls(Sources(SelfieSegmenter(Path(folder)), SalientSegmenter(Path(folder)), Detector(Path(folder)),
                            FaceDetector(Path(folder)), FaceMesh(Path(folder))),
                    namer=RegionNamer())
        else:
            with cls._shared_lock:
                if cls._shared is None:
                    cls._shared = cls(Sources(SelfieSegmenter(), SalientSegmenter(), Detector(), FaceDetector(), FaceMesh()),
                                      namer=RegionNamer())
                g = cls._shared
        if warm:
            for m in (g.sources.selfie, g.sources.salient, g.sources.detector):
                if m is not None:
                    _ = m.available
        return g

    def missing(self) -> list[str]:
        """Which models could not be loaded, in words (empty when all are there)."""
        out = []
        for name, m in (("person segmentation", self.sources.selfie), ("salient object", self.sources.salient),
                        ("object detector", self.sources.detector)):
            if m is None or not m.available:
                out.append(f"{name}: {getattr(m, 'error', None) or 'not configured'}")
        return out

    def proposals(self, image: np.ndarray) -> Proposals:
        """Region proposals for ``image`` (RGB, any size and dtype), computed on a proxy."""
        return build_proposals(image, self.sources, self.proxy_side)

    def look_closer(self, proposals: list[Proposal]) -> int:
        """Add the closer look's finds to ``proposals`` (once per photo: four salient and four
        detector runs on corner tiles). Returns how many it added."""
        if not isinstance(proposals, Proposals) or (self.sources.salient is None and self.sources.detector is None):
            return 0
        with self._closer_lock:
            if proposals.closer:
                return 0
            try:
                found = closer_look(proposals, self.sources)
            except ModelMissing:
                found = []
            proposals.extend(found)
            proposals.closer = True
            return len(found)

    def _faces(self, rgb: np.ndarray | None) -> tuple[list[tuple[float, float, float, float, float]], np.ndarray | None]:
        """The faces the face detector finds in ``rgb`` (none without it), and ``rgb`` as uint8."""
        faces_model = getattr(self.sources, "faces", None)
        if rgb is None or faces_model is None or not faces_model.available:
            return [], None
        img = _uint8(rgb)
        return [(*f.box, f.score) for f in self._found(img)["faces"]], img

    def faces_part(self, part: str, rgb: np.ndarray) -> np.ndarray | None:
        """``part`` ("eyes", "teeth"... :data:`~.refine.FACE_PART_WORDS`) of every face found in
        ``rgb``, ``(H, W)`` float32 soft; None without a face, the part or the models."""
        found, _ = self._face_part(part, _everyone(rgb), guide_image(rgb, None))
        return None if found is None else at_size(found, np.shape(rgb)[:2])

    def face_features(self, rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """The skin of every face found in ``rgb`` (its outline, of its own colour, less its
        features) and their eyes, brows and mouths (grown a little): what a skin retouch smooths
        and what it leaves sharp, ``(H, W)`` float32 soft masks; None without a face or the models."""
        everyone, guide = _everyone(rgb), guide_image(rgb, None)  # the grounding's guide: its faces are known
        features, _ = self._face_part("features", everyone, guide)
        if features is None:
            return None
        skin, _ = self._face_part("face_skin", everyone, guide)
        size = np.shape(rgb)[:2]
        return (at_size(skin, size) if skin is not None else np.zeros(size, np.float32)), at_size(features, size)

    def _found(self, img: np.ndarray) -> dict[str, Any]:
        """What the face models found in uint8 ``img``: its ``faces``, and once asked for, each
        with its Face Mesh landmarks (``meshes``). The last photo's is kept: a request's hair,
        face and parts ask for them several times."""
        key = (img.shape, hashlib.blake2b(np.ascontiguousarray(img[::7, ::7]).data, digest_size=16).hexdigest())
        with self._face_lock:
            if self._face_cache is not None and self._face_cache[0] == key:
                return self._face_cache[1]
        found: dict[str, Any] = {"faces": self.sources.faces.detect(img)}  # type: ignore[union-attr]
        with self._face_lock:
            self._face_cache = (key, found)
        return found

    def _meshes(self, img: np.ndarray) -> list[tuple[Face, np.ndarray]]:
        """Each face found in uint8 ``img`` with its Face Mesh landmarks (those the model sees)."""
        found = self._found(img)
        if "meshes" not in found:
            meshes = [(face, self.sources.mesh(img, face)) for face in found["faces"]]  # type: ignore[union-attr]
            found["meshes"] = [(face, points) for face, points in meshes if points is not None]
        return found["meshes"]

    def _face_part(self, part: str, region: np.ndarray, rgb: np.ndarray | None) -> tuple[np.ndarray | None, str]:
        """``part`` of a face ("lips", "teeth", "eyes"...) of the people in ``region``, from the
        Face Mesh landmarks of each face found in ``rgb`` whose centre is in the region; or
        None and why not."""
        mesh_model = getattr(self.sources, "mesh", None)
        faces_model = getattr(self.sources, "faces", None)
        if rgb is None or mesh_model is None or faces_model is None or not mesh_model.available \
                or not faces_model.available:
            return None, f"I cannot find {_PART_NAMES[part]} without the face landmark model."
        img = _uint8(rgb)
        h, w = img.shape[:2]
        if max(region.shape) > REFINE_SIDE:  # parts are drawn at the refined masks' size at most
            s = REFINE_SIDE / max(region.shape)
            region = cv2.resize(region.astype(np.float32), (max(1, round(region.shape[1] * s)),
                                                             max(1, round(region.shape[0] * s))),
                                interpolation=cv2.INTER_AREA)
        rh, rw = region.shape
        meshes = []
        for face, points in self._meshes(img):
            x0, y0, x1, y1 = face.box
            cy, cx = int((y0 + y1) / 2 * rh / h), int((x0 + x1) / 2 * rw / w)
            if region[min(cy, rh - 1), min(cx, rw - 1)] < 0.5:
                continue  # another person's face
            meshes.append(points)
        if not meshes:
            return None, f"I found no face close enough to see {_PART_NAMES[part]}."
        found = face_part(part, meshes, (h, w), region.shape, img)
        if found is None:
            return None, "I see no teeth showing." if part == "teeth" else f"I could not see {_PART_NAMES[part]}."
        return found, ""

    def _face_itself(self, region: np.ndarray, rgb: np.ndarray) -> np.ndarray | None:
        """The faces of the people in ``region`` from their landmarks: the skin in each outline
        by the face's own colour, and its eyes, brows and mouth; None without the face models
        or a face."""
        skin, _ = self._face_part("face_skin", region, rgb)
        if skin is None:
            return None
        features, _ = self._face_part("features", region, rgb)
        return skin if features is None else np.maximum(skin, features)

    def _hair(self, region: np.ndarray, rgb: np.ndarray | None) -> np.ndarray | None:
        """The hair of the people in ``region`` round the faces the face detector finds in
        ``rgb``; None without the detector or a face."""
        faces, img = self._faces(rgb)
        return hair_part(region, faces, img.shape[:2], img) if faces and img is not None else None

    def _said_otherwise(self, phrase: str, proposals: list[Proposal]) -> Selection | None:
        """What ``phrase``, found nowhere, is looked for as instead (:data:`_SAID_OTHERWISE`): "the fur"
        as the animal, "the house" as all but the sky (a guess, scored as unsure), "the foreground"
        with no subject standing out as the bottom of the frame. None when none of them is found."""
        for said, instead, whole, guess in _SAID_OTHERWISE:
            if not said.search(phrase):
                continue
            found = select(instead if whole else said.sub(instead, phrase, count=1), proposals, min_score=self.min_score,
                           namer=self.namer)
            if found.mask is None or (guess and not found.excluded):  # "all but the sky" needs a sky
                continue
            return replace(found, score=min(found.score, GUESSED_PLACE)) if guess else found
        return None

    def _clothes(self, region: np.ndarray, rgb: np.ndarray | None, kind: str) -> np.ndarray | None:
        """The clothes of ``kind`` (:data:`~.refine.GARMENTS`) of the people in ``region``: the
        person less their face, hair and bare skin; one garment of one colour is taken whole by
        that colour (what the person mask missed of it too) with what it surrounds (a patch, a
        zip). None when none of that kind shows."""
        if rgb is None:
            return None
        faces, img = self._faces(rgb)
        img = _uint8(rgb) if img is None else img
        face_skin = self._face_part("face_skin", region, img)[0] if faces else None
        features = self._face_part("features", region, img)[0] if face_skin is not None else None
        face = face_skin if features is None else np.maximum(face_skin, features)  # as _face_itself, its skin drawn once
        hair = self._hair(region, img) if faces else None
        clothes = clothes_part(region, img, kind, faces, img.shape[:2], face, face_skin, hair)
        if clothes is None:
            return None
        own = own_colour(img, clothes)
        if own is None:
            return clothes
        own = filled(at_size(own, region.shape))
        # no further than just past the person: a flag's red stripe beside a sleeve is near enough in colour
        reach = max(3, int(0.015 * max(region.shape)) | 1)
        own = own * cv2.dilate((region > 0.5).astype(np.uint8), np.ones((reach, reach), np.uint8))
        if kind != "all":  # its own colour, but no further down (or up) than the clothes of its kind
            rows = np.flatnonzero((clothes > 0.5).any(axis=1))
            band = np.zeros(region.shape, bool)
            band[max(0, rows.min() - 2): rows.max() + 3] = True
            own = own * band
        return own.astype(np.float32)

    def ground(self, phrase: str, op: str, proposals: list[Proposal], image_shape: tuple[int, int] | None = None,
               image: np.ndarray | None = None, step: Callable[[str], None] | None = None) -> Grounding:
        """The mask for layer ``op`` from the words ``phrase``. ``image`` (the photo) makes the
        mask's edges follow the photo at up to 1024 px; without it they follow the proxy. A
        phrase naming something the detector found nothing (or only one) of takes a closer look
        first (``wants_closer_look``), and tells ``step`` so."""
        if wants_closer_look(phrase, proposals):
            if step is not None and isinstance(proposals, Proposals) and not proposals.closer:
                step(f"Looking closer for '{phrase}'…")
            self.look_closer(proposals)
        cut = _EXCEPTION_RE.search(phrase)
        if cut and op not in REMOVAL_OPS and (garment_kind(phrase[cut.end():]) or garment_kind(phrase[:cut.start()])
                                              or (_names_a_part(phrase[:cut.start()]) and _names_a_part(phrase[cut.end():]))):
            # "everything except her suit": the rest less the clothes found for "her suit" ("her clothes but not her
            # scarf": her clothes less the scarf)
            kept = self.ground(phrase[cut.end():].strip(), op, proposals, image_shape, image, step)
            rest = self.ground(phrase[:cut.start()].strip() or "everything", op, proposals, image_shape, image, step)
            if kept.region is not None and rest.region is not None:
                h, w = kept.region.shape
                region = np.clip(rest.region.resized(h, w) - kept.region.data, 0.0, 1.0).astype(np.float32)
                return Grounding(Mask(shape_for_op(region, op)), rest.chosen, rest.words, min(rest.score, kept.score),
                                 kept.chosen, rest.message, region=Mask(region))
        if op not in REMOVAL_OPS and not cut and _CROWD_RE.search(phrase):
            # "blur the crowd" behind a player: the stands, the background (the players were chosen, as people)
            behind = self.ground("the background", op, proposals, image_shape, image, step)
            if behind.mask is not None:
                return behind
        garment = garment_kind(phrase) if op not in REMOVAL_OPS and not cut else None
        sel = None
        if garment is not None:  # "her jacket", "his jeans": the clothes of the person wearing them
            worn = select(_as_wearer(phrase), proposals, min_score=self.min_score, namer=self.namer)
            if worn.mask is not None and all(p.kind == "person" for p in worn.chosen):
                sel = worn
            else:
                garment = None
        if sel is None:
            sel = select(phrase, proposals, min_score=self.min_score, namer=self.namer)
        if op in REMOVAL_OPS and _CROWD_RE.search(phrase):
            sel = _without_the_player(sel)  # "remove the crowd": the people behind, never the player in front
        if sel.mask is None and not cut:
            sel = self._said_otherwise(phrase, proposals) or sel
        if sel.mask is None:
            return Grounding(None, sel.chosen, sel.words, sel.score, sel.excluded, sel.message)
        proxy = getattr(proposals, "proxy", None)
        guide = guide_image(image, proxy)
        selected = sel.mask
        covers = [p.cover for p in sel.chosen if p.cover is not None]
        if op in REMOVAL_OPS and covers:  # remove the whole person, not the part the mask saw
            selected = np.maximum(selected, np.max(np.stack(covers), axis=0))
        if all(p.kind == "area" for p in sel.chosen) and not sel.excluded:
            # a graduated or radial area of the frame: its smooth falloff is the point
            return Grounding(Mask(selected.astype(np.float32)), sel.chosen, sel.words, sel.score, message=sel.message,
                             region=Mask(selected))
        region = refine_to_edges(selected, guide)
        if garment is not None:
            clothes = self._clothes(region, guide if guide is not None else proxy, garment)
            if clothes is None:
                return Grounding(None, sel.chosen, sel.words, sel.score, sel.excluded,
                                 f"I could not see '{phrase}' on the person; paint it on the disabled layer.")
            return Grounding(Mask(shape_for_op(clothes, op)), sel.chosen, sel.words, sel.score, sel.excluded,
                             sel.message, region=Mask(clothes))
        cut = _EXCEPTION_RE.search(phrase) if sel.excluded else None
        included, left = (phrase[: cut.start()], phrase[cut.end():]) if cut else (phrase, "")
        part = _body_part(included, sel.chosen)
        skin = None
        if part == "eyes" and op == "recolor":  # "make her eyes blue": their irises, not the whites
            part = "irises"
        if part in FACE_PART_WORDS:  # "her lips", "his teeth": drawn from the face's landmarks
            found_part, why = self._face_part(part, region, guide if guide is not None else proxy)
            if found_part is None:
                return Grounding(None, sel.chosen, sel.words, sel.score, sel.excluded, why)
            return Grounding(Mask(found_part), sel.chosen, sel.words, sel.score, sel.excluded, sel.message,
                             region=Mask(found_part))
        if part == "hair":  # "her hair": round the faces found, never the whole person
            hair = self._hair(region, guide if guide is not None else proxy)
            if hair is None:
                return Grounding(None, sel.chosen, sel.words, sel.score, sel.excluded,
                                 "I found no face close enough to tell the hair round it.")
            region = hair
        elif part == "face" and guide is not None and (face := self._face_itself(region, guide)) is not None:
            skin = face  # its landmarks' outline: its skin by its own colour (not a fair fringe), its eyes and mouth
        elif part is not None and guide is not None:
            skin = skin_part(region, guide, head=part == "face")
            if skin is not None and part == "face":  # fair hair passes for skin: the face is within its outline
                faces, img = self._faces(guide)
                if faces and img is not None:
                    skin = skin * face_zone(faces, img.shape[:2], skin.shape)
        if skin is not None:  # "her face": the skin of the head, not the whole person
            region = skin
        spared = _body_part(left, sel.excluded) if left and guide is not None else None
        if spared is not None:  # "everything except her face": the rest of her is edited too
            body = refine_to_edges(np.max(np.stack([p.mask for p in sel.excluded]), axis=0), guide)
            kept = skin_part(body, guide, head=spared == "face")
            if kept is not None:
                region = np.clip(np.maximum(region, body) - kept, 0.0, 1.0)
        del image_shape  # the Mask is resolution-free: it resizes to whatever is rendered
        if op not in REMOVAL_OPS and op not in MATTE_OPS and sel.excluded and spared is None:
            out = refine_to_edges(np.max(np.stack([p.mask for p in sel.excluded]), axis=0), guide)
            if out.shape == region.shape and unsupported_box(out, guide):  # "everything except the flower", a box
                region = np.clip(region + out - soft_oval(out), 0.0, 1.0).astype(np.float32)
        if op not in REMOVAL_OPS and op not in MATTE_OPS and unsupported_box(region, guide):
            region = soft_oval(region)  # a box through the photo: a radial filter there, not a hard rectangle
            return Grounding(Mask(region), sel.chosen, sel.words, sel.score, sel.excluded, sel.message, region=Mask(region))
        return Grounding(Mask(shape_for_op(region, op)), sel.chosen, sel.words, sel.score, sel.excluded,
                         sel.message, region=Mask(region))


#: A crowd behind the subject: its many small people are the background's ("the crowd", "the fans in the stands").
_CROWD_RE = re.compile(r"^\s*(?:the\s+|all\s+the\s+|that\s+)?(?:whole\s+)?(?:crowd|audience|spectators|fans|stands|onlookers)\b"
                       r"(?:\s+(?:in|on)\s+the\s+(?:stands|background|back|bleachers|seats))?\s*$", re.IGNORECASE)
#: An animal's coat or parts, found as the animal.
_COAT_RE = re.compile(r"\b(?:fur|furs|feathers|plumage|mane|whiskers|pelt|wings|paws|antlers)\b", re.IGNORECASE)
#: Buildings no detector class names: where none is found, all but the sky is offered as a guess.
_BUILDING_RE = re.compile(r"\b(?:house|houses|home|building|buildings|tower|towers|church|cathedral|palace|castle|temple|"
                          r"mosque|facade|façade|skyscraper|skyscrapers|architecture|monument|fort|lighthouse|barn|"
                          r"cottage|villa|hotel|skyline)\b", re.IGNORECASE)
#: The score a guessed place is given: below the planner's "not sure" line, so the user is told to look.
GUESSED_PLACE = 0.3
#: The foreground named ("the foreground", "the fore-ground").
_FOREGROUND_RE = re.compile(r"\bfore[- ]?ground\b", re.IGNORECASE)
#: Words found nowhere, what they are looked for as instead (a word put in their place, or with
#: ``whole`` a phrase for all of it), and whether that is only a guess: an animal's coat is the animal;
#: a building no class names, all but the sky; the foreground of a photo with no subject standing out,
#: the bottom of the frame.
_SAID_OTHERWISE: tuple[tuple[re.Pattern[str], str, bool, bool], ...] = (
    (_COAT_RE, "animal", False, False),
    (_BUILDING_RE, "everything except the sky", True, True),
    (_FOREGROUND_RE, "bottom", False, False),
)


def _without_the_player(sel: Selection) -> Selection:
    """``sel`` (people chosen for "the crowd") less one of them four times larger than the rest's
    median: the player in front of the stands."""
    if len(sel.chosen) < 2:
        return sel
    areas = [float(p.mask.sum()) for p in sel.chosen]
    main = int(np.argmax(areas))
    if areas[main] < 4.0 * float(np.median([a for i, a in enumerate(areas) if i != main])):
        return sel
    kept = [p for i, p in enumerate(sel.chosen) if i != main]
    return replace(sel, mask=np.max(np.stack([p.mask for p in kept]), axis=0), chosen=kept,
                   excluded=sel.excluded + [sel.chosen[main]])


def _names_a_part(phrase: str) -> bool:
    """Whether ``phrase`` names a part of someone ("her face", "his hair", "her lips"): a face's
    part or the hair, whose own grounding one is taken from the other by ("her face but not her hair")."""
    words = set(re.findall(r"[a-z]+", phrase.lower()))
    return bool(words & (_FACE_WORDS | _HAIR_WORDS | _SKIN_WORDS | {w for ws in FACE_PART_WORDS.values() for w in ws}))


def _as_wearer(phrase: str) -> str:
    """``phrase`` with its garment named as the person wearing it ("her red jacket" -> "her red
    person"), so the matcher finds who wears it."""
    return re.sub(r"\b(?:%s)\b" % "|".join(sorted((re.escape(w) for w in GARMENT_KIND), key=len, reverse=True)),
                  "person", phrase, count=1, flags=re.IGNORECASE)


def _uint8(rgb: np.ndarray) -> np.ndarray:
    """``rgb`` as uint8 (a float picture in [0, 1] scaled)."""
    img = np.asarray(rgb)
    return img if img.dtype == np.uint8 else (np.clip(img, 0.0, 1.0) * 255.0).round().astype(np.uint8)


def _everyone(rgb: np.ndarray) -> np.ndarray:
    """A region of all of ``rgb`` (every face's part), at the refined masks' size at most."""
    h, w = np.shape(rgb)[:2]
    s = min(1.0, REFINE_SIDE / max(h, w))
    return np.ones((max(1, round(h * s)), max(1, round(w * s))), np.float32)


#: Where a phrase's exception starts ("everything except her face").
_EXCEPTION_RE = re.compile(r"\b(?:except(?: for)?|but not|apart from|other than|besides|excluding|without|save for|"
                           r"but|not)\b", re.IGNORECASE)
_FACE_WORDS = frozenset({"face", "faces", "head", "heads"})
#: How a part of a face is named in a message.
_PART_NAMES = {"irises": "the irises", "nose": "the nose", "cheeks": "the cheeks", "forehead": "the forehead",
               "chin": "the chin", "features": "the eyes and mouth", "face_skin": "the face's skin",
               "under_eyes": "the skin under the eyes", "lips": "the lips", "mouth": "the mouth", "teeth": "the teeth",
               "eyes": "the eyes", "brows": "the eyebrows"}
_SKIN_WORDS = frozenset({"skin"})
_HAIR_WORDS = frozenset({"hair", "hairs", "hairdo", "haircut", "hairstyle", "bangs", "curls", "ponytail"})


def _body_part(phrase: str, chosen: list[Proposal]) -> str | None:
    """"face" or "skin" when the phrase says one ("the woman's face") and every chosen region
    is a person."""
    if not chosen or any(p.kind != "person" for p in chosen):
        return None
    nouns = set(re.findall(r"[a-z]+", phrase.lower()))
    if "under" in nouns and nouns & {"eye", "eyes"}:  # "her under-eyes"
        return "under_eyes"
    for part, words in FACE_PART_WORDS.items():  # "her lips" before "her face" ("the lips on her face")
        if nouns & set(words):
            return part
    if nouns & _FACE_WORDS:
        return "face"
    if nouns & _SKIN_WORDS:
        return "skin"
    if nouns & _HAIR_WORDS:
        return "hair"
    return None
