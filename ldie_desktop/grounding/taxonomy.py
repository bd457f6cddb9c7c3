"""How alike a noun and each ImageNet class are, by WordNet: "the deer" is close to the
classifier's "hartebeest" and "impala" (ruminants), farther from "polecat" (a mammal) and far
from "cocktail shaker". It lets any noun WordNet knows ("wapiti", "quetzal", "tricycle",
"toolbox") prefer the region the image classifier sees as something like it, graded, where
the hand-made kinds in ``vocab`` only say "a mammal".

The table (``models/grounding/wordnet-nouns.json.gz``, made by ``scripts/build_wordnet_table.py``
from WordNet 3.0) holds the nouns that name physical things, their hypernyms, and the synset of
each ImageNet-1k class. Similarity is Wu-Palmer's (``2 depth(lcs) / (depth(a) + depth(b))``),
with 1 for a class that is a kind of the noun ("dog" and "beagle"); a noun's likeness to a
class is the best over its first ``SENSES`` senses, later senses counting a little less.
"""

from __future__ import annotations

import gzip
import json
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from .models import ModelMissing, _weight

TABLE = "wordnet-nouns.json.gz"
#: How many of a word's senses count (WordNet orders them most frequent first), and how much
#: less each later one counts. "flag" is first an emblem, then a listing: not a thing to find.
SENSES = 3
SENSE_DECAY = 0.85


class Taxonomy:
    def __init__(self, table: dict) -> None:
        self.parents: list[list[int]] = table["parents"]
        self.lemmas: dict[str, list[int]] = table["lemmas"]
        self.imagenet: list[int] = table["imagenet"]
        self.depth = np.asarray(table["depth"], np.int32)
        self._class_ancestors = [self.ancestors(s) for s in self.imagenet]
        self._likeness: dict[str, np.ndarray | None] = {}  # noun -> similarity(noun), as asked

    @classmethod
    def load(cls, path: Path | None = None) -> "Taxonomy":
        """The table at ``path``, or the committed one (its sha256 checked)."""
        raw = gzip.decompress((path or _weight(TABLE)).read_bytes())
        return cls(json.loads(raw))

    def ancestors(self, i: int) -> set[int]:
        """``i`` and every hypernym above it."""
        seen, todo = {i}, [i]
        while todo:
            for p in self.parents[todo.pop()]:
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return seen

    def senses(self, noun: str) -> list[int]:
        """The word's first ``SENSES`` senses (-1 for one that is not a thing), or []."""
        key = noun.strip().lower().replace(" ", "_").replace("-", "_")
        return self.lemmas.get(key, [])[:SENSES]

    def knows(self, noun: str) -> bool:
        return any(s >= 0 for s in self.senses(noun))

    def similarity(self, noun: str) -> np.ndarray | None:
        """``(1000,)`` likeness in [0, 1] of the noun to each ImageNet class; None when WordNet
        has no physical sense of it among its first senses. Remembered per noun."""
        if noun not in self._likeness:
            self._likeness[noun] = self._similarity(noun)
        return self._likeness[noun]

    def _similarity(self, noun: str) -> np.ndarray | None:
        senses = self.senses(noun)
        if not any(s >= 0 for s in senses):
            return None
        out = np.zeros(len(self.imagenet), np.float32)
        for rank, s in enumerate(senses):
            if s < 0:
                continue
            anc, ds, weight = self.ancestors(s), int(self.depth[s]), SENSE_DECAY ** rank
            for c, (cls_syn, cls_anc) in enumerate(zip(self.imagenet, self._class_ancestors)):
                if s in cls_anc:  # the class is a kind of the noun
                    sim = 1.0
                else:
                    lcs = max((int(self.depth[a]) for a in anc & cls_anc), default=0)
                    sim = min(1.0, 2.0 * lcs / (ds + int(self.depth[cls_syn])))
                out[c] = max(out[c], weight * sim)
        out.setflags(write=False)
        return out


_shared: Taxonomy | None = None
_error: str | None = None
_lock = threading.Lock()


@lru_cache(maxsize=1)
def thing_words() -> frozenset[str]:
    """The table's one-word nouns ("sunshade", "tripod", "bollard"), read without building the
    taxonomy (0.15 s, not 3 s): real words the spelling mender must leave as typed. Empty when
    the table is missing or broken."""
    try:
        table = json.loads(gzip.decompress(_weight(TABLE).read_bytes()))
        return frozenset(k for k in table["lemmas"] if k.isalpha())
    except (ModelMissing, OSError, ValueError, KeyError, TypeError):
        return frozenset()


def shared() -> Taxonomy | None:
    """The process-wide table (loaded once), or None when the file is missing or broken."""
    global _shared, _error
    with _lock:
        if _shared is None and _error is None:
            try:
                _shared = Taxonomy.load()
            except (ModelMissing, OSError, ValueError, KeyError) as exc:
                _error = f"{TABLE}: {exc}"
        return _shared
