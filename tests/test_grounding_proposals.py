"""Proposal sources: the classical ones on generated images, the models on the bundled sample
(skipped without onnxruntime / ai-edge-litert), and instance splitting with fake models."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ldie_desktop.grounding import Sources, build_proposals
from ldie_desktop.grounding.models import Detection
from ldie_desktop.grounding.proposals import (
    CLOSER_LOOK,
    closer_look,
    grabcut_box,
    make_proxy,
    second_look,
    sky_mask,
)


def landscape(h: int = 120, w: int = 160) -> np.ndarray:
    """Smooth blue sky over textured green ground."""
    rng = np.random.default_rng(0)
    img = np.zeros((h, w, 3), np.uint8)
    img[: h // 2] = (90, 150, 230)
    img[h // 2:] = np.clip(rng.normal((60, 120, 40), 30, (h - h // 2, w, 3)), 0, 255).astype(np.uint8)
    return img


def test_sky_is_the_smooth_blue_top() -> None:
    mask, score = sky_mask(landscape())
    assert score > 0.5
    assert mask[:50].mean() > 0.85 and mask[70:].mean() < 0.05


def test_no_sky_below_a_ceiling() -> None:
    """A bright grey wall under a darker ceiling strip (indoors) is smooth, bright and high,
    but does not reach the top edge of the frame: no sky. The same wall up to the edge is one."""
    rng = np.random.default_rng(2)
    img = np.clip(rng.normal((70, 60, 50), 25, (120, 160, 3)), 0, 255).astype(np.uint8)
    img[8:60, 20:140] = (205, 205, 200)  # the wall, from just below the top
    assert sky_mask(img)[1] < 0.2
    img[:8, 20:140] = (205, 205, 200)
    assert sky_mask(img)[1] >= 0.2


def test_no_sky_in_a_textured_photo() -> None:
    rng = np.random.default_rng(1)
    img = rng.integers(0, 255, (80, 80, 3), dtype=np.uint8)
    assert sky_mask(img)[1] == 0.0


def test_grabcut_finds_the_object_in_its_box() -> None:
    img = np.full((100, 100, 3), (40, 140, 40), np.uint8)
    img += np.random.default_rng(0).integers(0, 20, img.shape, dtype=np.uint8)
    cv2.circle(img, (50, 50), 20, (220, 40, 40), -1)
    m = grabcut_box(img, (25, 25, 75, 75))
    truth = np.zeros((100, 100), bool)
    cv2.circle(truth.view(np.uint8), (50, 50), 20, 1, -1)
    inter, union = ((m > 0.5) & truth).sum(), ((m > 0.5) | truth).sum()
    assert inter / union > 0.8


def test_proxy_keeps_aspect_and_caps_the_long_side() -> None:
    p = make_proxy(np.zeros((1000, 3000, 3), np.uint8), 512)
    assert p.shape == (171, 512, 3)
    assert make_proxy(np.zeros((10, 20, 3), np.uint16)).dtype == np.uint8


def test_people_split_into_instances_by_boxes() -> None:
    """One person map holding two people side by side; the detector's boxes split it."""
    h, w = 100, 200
    person = np.zeros((h, w), np.float32)
    person[20:100, 20:70] = 1.0
    person[30:100, 120:160] = 1.0
    sources = Sources(
        selfie=lambda rgb: person,
        salient=lambda rgb, size=None: person,
        detector=lambda rgb, min_score=0.3: [Detection("person", 0.9, (18, 18, 72, 100)),
                                             Detection("person", 0.8, (118, 28, 162, 100)),
                                             Detection("dog", 0.7, (80, 68, 110, 96))],
    )
    img = np.full((h, w, 3), 120, np.uint8)
    img[72:92, 84:106] = (200, 150, 90)
    img += np.random.default_rng(0).integers(0, 12, img.shape, dtype=np.uint8)  # the dog, not salient: GrabCut finds it in its box
    props = build_proposals(img, sources, proxy_side=512)
    people = [p for p in props if p.kind == "person"]
    assert len(people) == 2
    left, right = sorted(people, key=lambda p: p.cues.cx)
    assert left.cues.horizontal == "left" and right.cues.horizontal == "right"
    assert left.mask[50, 40] > 0.9 and left.mask[50, 140] == 0.0
    kinds = {p.kind for p in props}
    assert {"object", "thing", "subject", "background"} <= kinds
    dog = next(p for p in props if p.label == "dog")
    assert dog.mask[82, 95] > 0.5 and dog.mask[60, 95] == 0.0
    assert props.missing == ()


def test_grass_is_the_green_ground_and_people_on_it_are_not() -> None:
    from ldie_desktop.grounding.proposals import vegetation_mask

    img = landscape()
    mask, score = vegetation_mask(img)
    assert score > 0.5 and mask[70:].mean() > 0.85 and mask[:55].max() < 0.05
    person = np.zeros(img.shape[:2], np.float32)
    person[65:110, 70:90] = 1.0
    mask, _ = vegetation_mask(img, person)
    assert mask[75:105, 74:86].max() < 0.05 and mask[75:105, 20:60].mean() > 0.85
    grey = np.full((120, 160, 3), 128, np.uint8)  # nothing green: nothing
    assert vegetation_mask(grey)[1] == 0.0


def test_a_missing_model_only_removes_its_proposals() -> None:
    props = build_proposals(landscape(), Sources())
    assert [p.kind for p in props] == ["sky", "vegetation"]  # the green ground is grass: no rest is left
    assert len(props.missing) == 3


@pytest.fixture(scope="module")
def grounder():
    pytest.importorskip("onnxruntime")
    pytest.importorskip("ai_edge_litert")
    from ldie_desktop.grounding import Grounder

    return Grounder.load()


def test_models_on_the_sample_photo(grounder, sample_rgb: np.ndarray) -> None:
    """The astronaut: a person (selfie model + detector), the subject (U²-Net-p), the sky."""
    person = grounder.sources.selfie(sample_rgb)
    salient = grounder.sources.salient(sample_rgb)
    dets = grounder.sources.detector(sample_rgb)
    assert person.shape == salient.shape == sample_rgb.shape[:2]
    assert person[250:400, 150:350].mean() > 0.5  # her body
    assert salient[250:400, 150:350].mean() > 0.5
    assert dets and dets[0].label == "person" and dets[0].score > 0.5
    props = grounder.proposals(sample_rgb)
    assert [p.label for p in props if p.kind == "person"] == ["person"]
    res = grounder.ground("the astronaut", "brightness", props, sample_rgb.shape[:2], image=sample_rgb)
    assert res.mask is not None and res.mask.data[300, 250] > 0.8


def test_second_look_sees_only_what_the_first_did_not() -> None:
    proxy = np.full((40, 60, 3), 100, np.uint8)
    proxy[8:12, 8:12] = 250  # what the first look found
    seen = np.zeros((40, 60), bool)
    seen[3:17, 3:17] = True
    inputs = []

    def segmenter(img: np.ndarray, size: int) -> np.ndarray:
        inputs.append((img, size))
        return np.ones(img.shape[:2], np.float32)

    again = second_look(proxy, seen, segmenter, size=64)
    assert again.dtype == np.float32 and (again[seen] == 0).all() and (again[~seen] == 1).all()
    img, size = inputs[0]
    assert size == 64 and img[10, 10].max() < 250  # the first find is blurred away
    assert (img[~seen] == proxy[~seen]).all()  # the rest is left as it was
    # nothing seen (or everything): a second look would see the same, so it is not taken
    assert not second_look(proxy, np.zeros((40, 60), bool), segmenter).any() and len(inputs) == 1
    assert not second_look(proxy, np.ones((40, 60), bool), segmenter).any() and len(inputs) == 1


def test_a_person_seen_in_part_is_removed_whole() -> None:
    """A sure person box (head to feet) whose mask covers only the head and shoulders: removal
    covers the box's body-shaped core too; a tonal edit keeps the mask as seen."""
    from ldie_desktop.grounding.grounder import Grounder
    from ldie_desktop.grounding.proposal import Proposal, Proposals, cues_for
    from ldie_desktop.grounding.proposals import Sources, _whole_person

    box = (20.0, 10.0, 40.0, 90.0)  # x0, y0, x1, y1 on a 100 x 100 proxy
    seen = np.zeros((100, 100), np.float32)
    seen[10:35, 22:38] = 1.0  # the top quarter of the person
    cover = _whole_person(seen, box)
    assert cover is not None and cover[80, 30] > 0.9 and cover[80, 10] < 0.1 and (cover >= seen).all()
    whole = np.zeros((100, 100), np.float32)
    whole[10:88, 22:38] = 1.0
    assert _whole_person(whole, box) is None  # a mask that spans the box is enough

    proxy = np.full((100, 100, 3), 128, np.uint8)
    props = Proposals([Proposal("person", "person", seen, 0.9, cues_for(seen), "grabcut", 0, cover)], proxy, (100, 100))
    g = Grounder(Sources())
    removal = g.ground("the man", "inpaint_obj", props).region.data
    tonal = g.ground("the man", "brightness", props).region.data
    assert removal[80, 30] > 0.5 and tonal[80, 30] < 0.1


def test_the_closer_look_finds_what_the_whole_photo_look_missed() -> None:
    """A salient model that only sees a small dark square when it fills a good part of its
    input (as U²-Net-p misses small things against a busy photo): the whole-photo look finds
    nothing there, a corner tile does; a detector that sees a cup only in a tile adds it as an
    object, placed in the photo's coordinates. Ids continue after the first proposals."""
    h, w = 100, 160
    img = np.full((h, w, 3), 200, np.uint8)
    img[10:22, 12:26] = 20  # small, top left

    def salient(rgb: np.ndarray, size: int | None = None) -> np.ndarray:
        dark = (rgb.mean(axis=2) < 60).astype(np.float32)
        return dark if dark.mean() > 0.015 else np.zeros(rgb.shape[:2], np.float32)

    def detector(rgb: np.ndarray, min_score: float = 0.3) -> list[Detection]:
        if rgb.shape[1] < w:  # a tile: the cup at the bottom right of the photo
            ys, xs = np.nonzero(rgb.mean(axis=2) < 60)
            return [Detection("cup", 0.8, (float(xs.min()), float(ys.min()), xs.max() + 1.0, ys.max() + 1.0))] if len(xs) else []
        return []

    sources = Sources(salient=salient, detector=detector)
    props = build_proposals(img, sources, proxy_side=160)
    assert not any(p.kind == "thing" for p in props)  # the first look saw nothing
    found = closer_look(props, sources)
    assert found and all(p.source == CLOSER_LOOK for p in found)
    assert [p.id for p in found] == list(range(len(props), len(props) + len(found)))
    things = [p for p in found if p.kind == "thing"]
    assert things and all(p.mask[15, 18] > 0.9 and p.mask[80, 120] == 0.0 for p in things)
    cups = [p for p in found if p.label == "cup"]
    assert cups and cups[0].kind == "object" and cups[0].mask[15, 18] > 0.5 and cups[0].cues.horizontal == "left"


def test_a_phrase_naming_an_unlabelled_thing_takes_the_closer_look() -> None:
    from ldie_desktop.grounding import Grounder
    from ldie_desktop.grounding.matcher import wants_closer_look

    h, w = 100, 160
    img = np.full((h, w, 3), 200, np.uint8)
    img[10:22, 12:26] = 20
    calls = []

    def salient(rgb: np.ndarray, size: int | None = None) -> np.ndarray:
        calls.append(rgb.shape)
        dark = (rgb.mean(axis=2) < 60).astype(np.float32)
        return dark if dark.mean() > 0.015 else np.zeros(rgb.shape[:2], np.float32)

    g = Grounder(Sources(salient=salient))
    props = g.proposals(img)
    n = len(props)
    assert not wants_closer_look("the sky", props) and not wants_closer_look("the man on the left", props)
    assert wants_closer_look("the koala", props) and wants_closer_look("everything but the mailbox", props)
    g.ground("the background", "color_bg", props, (h, w))
    assert len(props) == n  # stuff: no closer look
    res = g.ground("the koala", "brightness", props, (h, w))
    assert len(props) > n and props.closer
    assert res.mask is not None and res.mask.resized(h, w)[15, 18] > 0.5 and res.mask.resized(h, w)[80, 120] < 0.1
    looked = len(calls)
    g.ground("the wombat", "brightness", props, (h, w))
    assert len(calls) == looked  # once per photo


def test_a_sea_under_the_sky_is_water_not_sky() -> None:
    """A calm sea is as blue and as smooth as the sky above it and joins it in the sky's colour
    region: the horizon, where the colour steps, parts them. A sky's own gradient is not cut."""
    from ldie_desktop.grounding.proposals import split_horizon

    h, w = 200, 300
    img = np.zeros((h, w, 3), np.uint8)
    t = np.linspace(0, 1, 120)[:, None]
    img[:120] = (np.array([80, 140, 235]) * (1 - t) + np.array([170, 200, 240]) * t)[:, None, :]  # sky, paler down
    img[120:170] = (70, 130, 200)  # the sea, a deeper blue
    img[170:] = (200, 170, 110)  # sand
    img[105:135] = cv2.GaussianBlur(img, (0, 0), 5.0)[105:135]  # a hazy horizon, as a real one is
    sky, score = sky_mask(img)
    assert score > 0.5 and sky[140].mean() > 0.8  # the colour region holds the sea
    sky, water = split_horizon(img, sky)
    assert water is not None and water[125:165].mean() > 0.9 and water[:115].max() == 0.0
    assert sky[:115].mean() > 0.85 and sky[125:].max() == 0.0
    plain = landscape()  # a sky over green ground: nothing to part
    assert split_horizon(plain, sky_mask(plain)[0])[1] is None
    props = build_proposals(img, Sources())
    assert [p.kind for p in props][:2] == ["sky", "water"]


def test_a_blue_sky_behind_branches_is_the_sky_not_the_white_panels_of_a_facade() -> None:
    """building.jpg: tree branches cover the top of its blue sky, and the smooth white panels of the
    facade reach the top edge; the panels were "the sky". A blue region high in the frame counts
    though it does not reach the top, and grey patches apart from a larger blue sky are walls."""
    from ldie_desktop.grounding.proposals import sky_mask

    rng = np.random.default_rng(1)
    img = np.zeros((300, 400, 3), np.uint8)
    img[:] = (90, 80, 70)  # the facade's dark frame
    img[40:260, :160] = (150, 185, 225)  # a blue sky on the left...
    img[:40, :160] = rng.integers(20, 120, (40, 160, 3))  # ...under branches
    for x0 in (200, 280, 340):  # white panels reaching the top, each smaller than the sky
        img[0:60, x0:x0 + 45] = 235
    img[260:] = (60, 90, 40)  # the ground
    m, score = sky_mask(img)
    assert score > 0.3 and m[150, 80] > 0.5
    assert max(m[30, 220], m[30, 300], m[30, 360]) < 0.1


def test_the_sky_mask_is_even_over_a_blocky_jpeg_sky() -> None:
    """The sky's mask followed each pixel's blueness (0.5-1), so "make the sky deeper blue" on
    Dune.jpg showed the JPEG's 8 x 8 blocks as blotches; it is now even over all of the sky."""
    from ldie_desktop.grounding.proposals import sky_mask

    rng = np.random.default_rng(2)
    img = np.zeros((240, 320, 3), np.float32)
    img[:] = (150, 180, 215)
    blocks = rng.normal(0, 6, (30, 40, 3)).repeat(8, axis=0).repeat(8, axis=1)  # a JPEG's blocks of colour
    img += blocks
    img[150:] = (70, 110, 40)  # the ground
    m, score = sky_mask(np.clip(img, 0, 255).astype(np.uint8))
    inside = m[10:130, 10:310]
    assert score > 0.3 and inside.min() > 0.95
