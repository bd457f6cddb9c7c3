"""The crop tool's frame arithmetic, without Qt: a frame is ``(x0, y0, x1, y1)`` in fractions of
the picture it crops (``0..1`` each way), the picture is ``size = (width, height)`` pixels, and
``aspect`` (when locked) is the frame's width / height in pixels.

Each side may cut at most ``limit`` of the picture (the crop operation's parameter range) and
the frame keeps at least ``MIN_SIDE`` of it each way. Dragging a corner or an edge moves only
that corner or edge (with a locked aspect, the other side follows about the frame's centre for
an edge, and from the opposite corner for a corner); dragging inside moves the frame whole.
"""

from __future__ import annotations

import math
from typing import Mapping

Frame = tuple[float, float, float, float]
MIN_SIDE = 0.02


def frame_of(params: Mapping[str, float]) -> Frame:
    """The frame of the crop operation's margins (percent of each side)."""
    return (params["left"] / 100.0, params["top"] / 100.0, 1.0 - params["right"] / 100.0, 1.0 - params["bottom"] / 100.0)


def params_of(frame: Frame) -> dict[str, float]:
    """The crop operation's margins (percent, two decimals) of a frame."""
    x0, y0, x1, y1 = frame
    return {"left": round(x0 * 100, 2), "top": round(y0 * 100, 2), "right": round((1 - x1) * 100, 2),
            "bottom": round((1 - y1) * 100, 2)}


OPPOSITE = {"left": "right", "right": "left", "top": "bottom", "bottom": "top"}


def margin_within(params: Mapping[str, float], side: str, value: float) -> float:
    """A crop margin (percent) for ``side`` that leaves at least ``MIN_SIDE`` of the picture
    beside the opposite margin: a slider dragged past it stops there."""
    other = float(params.get(OPPOSITE[side], 0.0))
    return max(0.0, min(float(value), 100.0 * (1.0 - MIN_SIDE) - other))


def pixel_aspect(frame: Frame, size: tuple[int, int]) -> float:
    x0, y0, x1, y1 = frame
    return (x1 - x0) * size[0] / max((y1 - y0) * size[1], 1e-9)


def _bounds(limit: float) -> tuple[float, float]:
    """The range a side's position may take: a near side in ``[0, limit]``, a far side in
    ``[1 - limit, 1]``."""
    return 0.0, min(1.0, limit)


def clamp(frame: Frame, limit: float) -> Frame:
    """Sides inside their ranges and at least ``MIN_SIDE`` apart (the far side gives way)."""
    lo, hi = _bounds(limit)
    x0, y0, x1, y1 = frame
    x0, y0 = min(max(x0, lo), hi), min(max(y0, lo), hi)
    x1, y1 = max(min(x1, 1.0), 1.0 - hi), max(min(y1, 1.0), 1.0 - hi)
    if x1 - x0 < MIN_SIDE:
        x1 = min(1.0, x0 + MIN_SIDE)
        x0 = x1 - MIN_SIDE
    if y1 - y0 < MIN_SIDE:
        y1 = min(1.0, y0 + MIN_SIDE)
        y0 = y1 - MIN_SIDE
    return x0, y0, x1, y1


def move(frame: Frame, dx: float, dy: float, limit: float) -> Frame:
    """The frame shifted by ``(dx, dy)``, stopped at the picture's edges and the side limits."""
    x0, y0, x1, y1 = frame
    lo, hi = _bounds(limit)
    dx = min(max(dx, lo - x0, (1.0 - hi) - x1), hi - x0, 1.0 - x1)
    dy = min(max(dy, lo - y0, (1.0 - hi) - y1), hi - y0, 1.0 - y1)
    return x0 + dx, y0 + dy, x1 + dx, y1 + dy


def drag(frame: Frame, handle: str, dx: float, dy: float, size: tuple[int, int], limit: float,
         aspect: float | None = None) -> Frame:
    """The frame after dragging ``handle`` (``move``, an edge ``l r t b`` or a corner ``tl tr bl
    br``) by ``(dx, dy)`` (fractions of the picture)."""
    if handle == "move":
        return move(frame, dx, dy, limit)
    x0, y0, x1, y1 = frame
    if "l" in handle:
        x0 += dx
    if "r" in handle:
        x1 += dx
    if "t" in handle:
        y0 += dy
    if "b" in handle:
        y1 += dy
    if aspect is None:  # the dragged side stops short of the other one
        x0, x1 = (min(x0, x1 - MIN_SIDE), x1) if "l" in handle else (x0, max(x1, x0 + MIN_SIDE))
        y0, y1 = (min(y0, y1 - MIN_SIDE), y1) if "t" in handle else (y0, max(y1, y0 + MIN_SIDE))
        return clamp((x0, y0, x1, y1), limit)
    return _locked(frame, handle, (x0, y0, x1, y1), size, limit, aspect)


def _locked(old: Frame, handle: str, new: Frame, size: tuple[int, int], limit: float, aspect: float) -> Frame:
    """``new`` made ``aspect`` again: the dragged size wins (for a corner, the larger change), the
    anchor (the opposite corner, or the centre line of an edge) stays, and the frame shrinks, keeping
    its shape, until every side is inside its range."""
    w, h = size
    k = aspect * h / w  # fraction-width per fraction-height at this aspect
    x0, y0, x1, y1 = new
    fw, fh = x1 - x0, y1 - y0
    if handle in ("l", "r"):
        fh = fw / k
    elif handle in ("t", "b"):
        fw = fh * k
    else:
        fw, fh = (fw, fw / k) if fw / k >= fh else (fh * k, fh)
    ox0, oy0, ox1, oy1 = old
    # the anchor point and which way the frame grows from it (0.5: both ways, about the centre)
    ax, gx = (ox1, 1.0) if "l" in handle else (ox0, 0.0) if "r" in handle else ((ox0 + ox1) / 2, 0.5)
    ay, gy = (oy1, 1.0) if "t" in handle else (oy0, 0.0) if "b" in handle else ((oy0 + oy1) / 2, 0.5)
    lo, hi = _bounds(limit)
    # how large the frame may be about its anchor, in each direction
    room_w = _room(ax, gx, lo, hi)
    room_h = _room(ay, gy, lo, hi)
    s = min(1.0, room_w / max(fw, 1e-9), room_h / max(fh, 1e-9))
    fw, fh = max(fw * s, MIN_SIDE), max(fh * s, MIN_SIDE)
    nx0 = ax - fw * gx
    ny0 = ay - fh * gy
    return clamp((nx0, ny0, nx0 + fw, ny0 + fh), limit)


def _room(anchor: float, grow: float, lo: float, hi: float) -> float:
    """The largest extent a frame side pair may have about ``anchor``: ``grow`` 1 (extends
    towards 0), 0 (towards 1) or 0.5 (both ways)."""
    if grow == 1.0:  # the near side moves: it may go down to 0, and must stay <= hi
        return anchor - lo
    if grow == 0.0:  # the far side moves: up to 1
        return 1.0 - anchor
    return 2 * min(anchor - lo, 1.0 - anchor)


def fit_aspect(frame: Frame, aspect: float, size: tuple[int, int], limit: float) -> Frame:
    """The largest frame of ``aspect`` centred where ``frame`` is centred (moved in when the
    picture's edge is in the way), as when an aspect ratio is chosen from a list."""
    w, h = size
    k = aspect * h / w
    fw, fh = (1.0, 1.0 / k) if k >= 1.0 else (k, 1.0)
    cx, cy = (frame[0] + frame[2]) / 2, (frame[1] + frame[3]) / 2
    x0, y0 = min(max(cx - fw / 2, 0.0), 1.0 - fw), min(max(cy - fh / 2, 0.0), 1.0 - fh)
    out = (x0, y0, x0 + fw, y0 + fh)
    lo, hi = _bounds(limit)
    if out[0] > hi or out[1] > hi or out[2] < 1 - hi or out[3] < 1 - hi:  # too small for the side limits
        return clamp(out, limit)
    return out


def hit(frame_px: Frame, x: float, y: float, grab: float = 8.0) -> str | None:
    """Which handle of a frame on screen (pixels) the point ``(x, y)`` grabs: a corner, an edge,
    ``move`` inside, or None outside."""
    x0, y0, x1, y1 = frame_px
    near_l, near_r = abs(x - x0) <= grab, abs(x - x1) <= grab
    near_t, near_b = abs(y - y0) <= grab, abs(y - y1) <= grab
    inside_x, inside_y = x0 - grab <= x <= x1 + grab, y0 - grab <= y <= y1 + grab
    if not (inside_x and inside_y):
        return None
    v = "t" if near_t else "b" if near_b else ""
    h = "l" if near_l else "r" if near_r else ""
    if v or h:
        return v + h if v and h else (v or h)
    return "move" if x0 < x < x1 and y0 < y < y1 else None


def turn(centre: tuple[float, float], start: tuple[float, float], now: tuple[float, float]) -> float:
    """The degrees counter-clockwise (the rotate operation's sense) that a drag from ``start`` to
    ``now`` on screen (y down) turns about ``centre``: dragging clockwise round the frame turns
    the picture clockwise, as in Lightroom's crop tool."""
    a0 = math.atan2(start[1] - centre[1], start[0] - centre[0])
    a1 = math.atan2(now[1] - centre[1], now[0] - centre[0])
    d = math.degrees(a1 - a0)
    d = (d + 180.0) % 360.0 - 180.0  # the short way round
    return -d


#: The crop frame's guides, as Lightroom's crop overlays (O cycles them): the rule of thirds, a
#: golden-ratio grid (lines at 0.382 and 0.618), diagonals from the corners, a fine grid.
OVERLAYS = ("thirds", "golden", "diagonal", "grid")
_PHI = (5 ** 0.5 - 1) / 2  # 0.618...


def next_overlay(overlay: str) -> str:
    """The guides after ``overlay`` in :data:`OVERLAYS` (round again after the last)."""
    return OVERLAYS[(OVERLAYS.index(overlay) + 1) % len(OVERLAYS)] if overlay in OVERLAYS else OVERLAYS[0]


def guide_lines(overlay: str) -> list[tuple[float | None, float | None]]:
    """The straight guides of ``overlay`` as ``(x, y)`` fractions of the frame: a vertical line at
    ``x`` and a horizontal one at ``y`` (None: no line); the diagonals are drawn apart."""
    if overlay == "golden":
        stops = [1 - _PHI, _PHI]
    elif overlay == "grid":
        stops = [i / 9 for i in range(1, 9)]
    elif overlay == "thirds":
        stops = [1 / 3, 2 / 3]
    else:
        stops = []
    return [(f, f) for f in stops]
