"""The crop tool's frame arithmetic (no Qt)."""

from __future__ import annotations

import pytest

from ldie_desktop.ui import crop_frame as cf

FULL = (0.0, 0.0, 1.0, 1.0)


def test_margins_and_frames_are_the_same_crop() -> None:
    params = {"left": 10.0, "top": 5.0, "right": 20.0, "bottom": 0.0}
    assert cf.frame_of(params) == pytest.approx((0.1, 0.05, 0.8, 1.0))
    assert cf.params_of(cf.frame_of(params)) == pytest.approx(params)


def test_an_edge_moves_alone_and_stops_at_the_limits() -> None:
    assert cf.drag(FULL, "l", 0.2, 0.5, (400, 300), 0.9) == pytest.approx((0.2, 0.0, 1.0, 1.0))
    assert cf.drag(FULL, "b", 0.3, -0.25, (400, 300), 0.9) == pytest.approx((0.0, 0.0, 1.0, 0.75))
    # a side cuts at most ``limit`` of the picture
    assert cf.drag(FULL, "r", -0.8, 0.0, (400, 300), 0.45)[2] == pytest.approx(0.55)
    # and the frame keeps MIN_SIDE of it
    x0, _, x1, _ = cf.drag((0.0, 0.0, 0.3, 1.0), "l", 0.5, 0.0, (400, 300), 0.9)
    assert x1 - x0 == pytest.approx(cf.MIN_SIDE) and x1 == pytest.approx(0.3)


def test_a_corner_moves_two_sides_and_the_frame_moves_whole_inside_the_picture() -> None:
    assert cf.drag(FULL, "tl", 0.1, 0.2, (400, 300), 0.9) == pytest.approx((0.1, 0.2, 1.0, 1.0))
    box = (0.2, 0.2, 0.6, 0.5)
    assert cf.drag(box, "move", 0.1, 0.1, (400, 300), 0.9) == pytest.approx((0.3, 0.3, 0.7, 0.6))
    assert cf.drag(box, "move", 0.9, -0.9, (400, 300), 0.9) == pytest.approx((0.6, 0.0, 1.0, 0.3))


@pytest.mark.parametrize("handle, dx, dy", [("br", -0.3, -0.05), ("tl", 0.05, 0.3), ("r", -0.2, 0.0),
                                            ("t", 0.0, 0.4), ("br", 0.5, 0.5), ("l", -0.5, 0.0)])
def test_a_locked_aspect_is_kept_and_the_anchor_stays(handle, dx, dy) -> None:
    size = (600, 400)
    start = cf.fit_aspect(FULL, 16 / 9, size, 0.9)
    assert cf.pixel_aspect(start, size) == pytest.approx(16 / 9)
    out = cf.drag(start, handle, dx, dy, size, 0.9, aspect=16 / 9)
    assert cf.pixel_aspect(out, size) == pytest.approx(16 / 9, rel=1e-6)
    assert all(-1e-9 <= v <= 1 + 1e-9 for v in out)
    if handle == "br":
        assert out[:2] == pytest.approx(start[:2])  # the opposite corner stays
    if handle == "tl":
        assert out[2:] == pytest.approx(start[2:])
    if handle in ("r", "l"):  # an edge: the other way grows about the centre line
        assert (out[1] + out[3]) / 2 == pytest.approx((start[1] + start[3]) / 2)


def test_choosing_an_aspect_gives_the_largest_frame_of_it_about_the_same_centre() -> None:
    assert cf.fit_aspect(FULL, 1.0, (400, 200), 0.9) == pytest.approx((0.25, 0.0, 0.75, 1.0))
    assert cf.fit_aspect(FULL, 2.0, (200, 400), 0.9) == pytest.approx((0.0, 0.375, 1.0, 0.625))
    # off centre: moved in where the edge is in the way
    assert cf.fit_aspect((0.0, 0.0, 0.2, 1.0), 1.0, (400, 200), 0.9) == pytest.approx((0.0, 0.0, 0.5, 1.0))


def test_hit_finds_corners_edges_and_the_inside() -> None:
    box = (100.0, 100.0, 300.0, 200.0)
    assert cf.hit(box, 102, 99) == "tl"
    assert cf.hit(box, 299, 203) == "br"
    assert cf.hit(box, 200, 100) == "t"
    assert cf.hit(box, 305, 150) == "r"
    assert cf.hit(box, 200, 150) == "move"
    assert cf.hit(box, 50, 150) is None


def test_a_margin_stops_short_of_the_opposite_one() -> None:
    params = {"left": 0.0, "right": 30.0, "top": 10.0, "bottom": 0.0}
    assert cf.margin_within(params, "left", 50.0) == 50.0
    assert cf.margin_within(params, "left", 90.0) == pytest.approx(68.0)  # 2 % of the width stays
    assert cf.margin_within(params, "bottom", 95.0) == pytest.approx(88.0)
