"""Benchmark metrics, typed out by hand, and compositing a cut-out with alpha."""

from __future__ import annotations

import numpy as np
import pytest

from ldie_desktop.grounding.evaluate import _paste, make_scenes, iou, object_pr, pixel_pr, plural, removal_l1


def test_iou_by_hand() -> None:
    a = np.array([[1, 1], [0, 0]], bool)
    b = np.array([[1, 0], [1, 0]], bool)
    assert iou(a, b) == pytest.approx(1 / 3)
    assert iou(a, a) == 1.0
    assert iou(np.zeros((2, 2), bool), np.zeros((2, 2), bool)) == 1.0
    assert iou(np.array([[0.6, 0.4]]), np.array([[1.0, 1.0]])) == 0.5  # soft masks cut at 0.5


def test_pixel_precision_recall_by_hand() -> None:
    pred = np.array([[1, 1, 1, 0]], bool)
    truth = np.array([[1, 1, 0, 1]], bool)
    p, r = pixel_pr(pred, truth)
    assert p == pytest.approx(2 / 3) and r == pytest.approx(2 / 3)


def test_object_precision_recall() -> None:
    o1 = np.zeros((4, 4), bool)
    o1[:2, :2] = True
    o2 = np.zeros((4, 4), bool)
    o2[2:, 2:] = True
    wrong = np.zeros((4, 4), np.float32)
    wrong[0, 3] = 1.0
    assert object_pr([o1.astype(np.float32)], [o1, o2], [0, 1]) == (1.0, 0.5)
    assert object_pr([o1.astype(np.float32), wrong], [o1, o2], [0]) == (0.5, 1.0)
    assert object_pr([], [o1], [0]) == (0.0, 0.0)


def test_removal_l1_by_hand() -> None:
    a = np.zeros((2, 2, 3), np.uint8)
    b = a.copy()
    b[0, 0] = 255
    region = np.array([[True, True], [False, False]])
    assert removal_l1(b, a, region) == pytest.approx(0.5)


def test_paste_composites_with_alpha() -> None:
    scene = np.zeros((10, 10, 3), np.uint8)
    rgba = np.zeros((4, 4, 4), np.uint8)
    rgba[..., 0] = 200
    rgba[1:3, 1:3, 3] = 255
    alpha = _paste(scene, rgba, 2, 3, 4)
    assert alpha[4, 3] == 1.0 and alpha[3, 2] == 0.0
    assert scene[4, 3, 0] == 200 and scene[3, 2, 0] == 0


def test_plural() -> None:
    assert [plural(w) for w in ("wrench", "bus", "magpie", "strawberry", "car")] == [
        "wrenches", "buses", "magpies", "strawberries", "cars"]


def test_first_picks_later_scenes_of_the_same_sequence(tmp_path) -> None:
    import cv2

    stamps = tmp_path / "usr/share/tuxpaint/stamps/animals"
    photos = tmp_path / "usr/share/backgrounds/mate/nature"
    stamps.mkdir(parents=True)
    photos.mkdir(parents=True)
    for i, name in enumerate(("bear", "koala", "apple", "car")):
        rgba = np.zeros((40, 30, 4), np.uint8)
        rgba[5:35, 5:25] = (60 * i, 200 - 40 * i, 90, 255)
        cv2.imwrite(str(stamps / f"{name}.png"), rgba)
        (stamps / f"{name}.txt").write_text(f"A {name}.\n")
    for i in range(3):
        cv2.imwrite(str(photos / f"p{i}.jpg"), np.full((60, 90, 3), 40 * i + 20, np.uint8))
    all5 = make_scenes(tmp_path, 5, side=90)
    last2 = make_scenes(tmp_path, 2, side=90, first=3)
    assert [s.name for s in last2] == ["scene03", "scene04"]
    for a, b in zip(all5[3:], last2):
        assert np.array_equal(a.photo, b.photo) and [o.stamp.noun for o in a.objects] == [o.stamp.noun for o in b.objects]
    assert make_scenes(tmp_path, 2, side=90)[0].name == "scene00"


@pytest.mark.parametrize(("caption", "noun", "path", "expected"), [
    ("A brown bear.", "bear", "animals/mammals/bear.png", "bear"),
    ("A pair of cherries.", "pair", "food/fruit/cherries.png", "cherry"),
    ("A bunch of grapes.", "bunch", "food/fruit/grapes.png", "grape"),
    ("A very small pumpkin.", "very", "food/vegetables/pumpkin.png", "pumpkin"),
    ("A pair of pliers.", "pair", "hobbies/tools/pliers.png", "pliers"),
    ("A mountaingoat.", "mountaingoat", "animals/mammals/bovines/mountaingoat.png", "mountain goat"),
    ("No entry!", "entry", "town/roadsigns/no_entry_sign.png", "sign"),
    ("A xanthia.", "xanthia", "animals/insects/xanthia.png", "xanthia"),  # unknown, kept
])
def test_the_noun_a_request_uses_for_a_stamp(caption: str, noun: str, path: str, expected: str) -> None:
    from pathlib import Path

    from ldie_desktop.grounding.evaluate import _caption_noun

    assert _caption_noun(caption, noun, Path(path)) == expected
