"""Soft masks: immutable float arrays in [0, 1] with a content digest for render caches."""

from __future__ import annotations

import base64
import hashlib
from functools import cached_property
from typing import Sequence

import cv2
import numpy as np

from ..ops._spots import SPOT_FEATHER, Source, Spot, spot_field  # noqa: F401 - the spots' geometry is the op's
from ..ops._spots import smoothstep as _smoothstep


class Mask:
    """A soft mask ``(H, W)`` float32 in [0, 1], in the coordinates of the original photo (any
    resolution: it is resized to whatever is being rendered). Immutable: edits make a new one."""

    __slots__ = ("_data", "__dict__")

    def __init__(self, data: np.ndarray) -> None:
        a = np.asarray(data)
        if a.ndim != 2 or a.size == 0:
            raise ValueError(f"a mask must be a non-empty 2D array, got shape {a.shape}")
        if a.dtype == np.uint8:
            a = a.astype(np.float32) / 255.0
        elif a.dtype == bool:
            a = a.astype(np.float32)
        a = np.clip(np.nan_to_num(a.astype(np.float32, copy=True)), 0.0, 1.0)
        a.setflags(write=False)
        self._data = a

    @property
    def data(self) -> np.ndarray:
        return self._data

    @property
    def shape(self) -> tuple[int, int]:
        return self._data.shape  # type: ignore[return-value]

    @cached_property
    def digest(self) -> str:
        return hashlib.blake2b(self.to_uint8().tobytes() + repr(self.shape).encode(), digest_size=16).hexdigest()

    def to_uint8(self) -> np.ndarray:
        return np.round(self._data * 255.0).astype(np.uint8)

    def resized(self, height: int, width: int) -> np.ndarray:
        """The mask as float32 ``(height, width)``; area-averaged down, bilinear up."""
        if self.shape == (height, width):
            return self._data
        shrinking = height * width < self._data.size
        interp = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
        return np.clip(cv2.resize(self._data, (width, height), interpolation=interp), 0.0, 1.0)

    def region(self, full_h: int, full_w: int, y0: int, x0: int, h: int, w: int) -> np.ndarray:
        """The part ``[y0:y0+h, x0:x0+w]`` of this mask resized to ``full_h x full_w``, without
        resizing the whole mask (bilinear, pixel centres aligned)."""
        mh, mw = self.shape
        sy, sx = mh / full_h, mw / full_w
        m = np.float32([[sx, 0, (x0 + 0.5) * sx - 0.5], [0, sy, (y0 + 0.5) * sy - 0.5]])
        out = cv2.warpAffine(self._data, m, (w, h), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                             borderMode=cv2.BORDER_REPLICATE)
        return np.clip(out, 0.0, 1.0)

    def inverted(self) -> "Mask":
        return Mask(1.0 - self._data)

    def feathered(self, radius_px: float) -> "Mask":
        if radius_px <= 0:
            return self
        return Mask(cv2.GaussianBlur(self._data, (0, 0), radius_px))

    #: How a new selection joins a mask, as in an editor's mask panel.
    MODES = ("replace", "add", "subtract", "intersect")

    def combined(self, other: "Mask", mode: str) -> "Mask":
        """This mask joined with ``other`` by ``mode`` (one of :attr:`MODES`): ``other`` alone,
        their union (max), this one less ``other`` (``min(a, 1 - b)``) or their intersection
        (min). They are compared at the finer of the two resolutions."""
        if mode not in self.MODES:
            raise ValueError(f"unknown mask mode {mode!r}; one of {', '.join(self.MODES)}")
        if mode == "replace":
            return other
        h, w = max(self.shape, other.shape, key=lambda s: s[0] * s[1])
        a, b = self.resized(h, w), other.resized(h, w)
        if mode == "add":
            return Mask(np.maximum(a, b))
        if mode == "subtract":
            return Mask(np.minimum(a, 1.0 - b))
        return Mask(np.minimum(a, b))

    @classmethod
    def linear(cls, shape: tuple[int, int], start: tuple[float, float], end: tuple[float, float]) -> "Mask":
        """A graduated filter on an ``(h, w)`` mask: 1 up to the line through ``start`` (x, y in
        pixels, across the direction to ``end``), falling smoothly to 0 at the parallel line
        through ``end``. Points that coincide give the whole image."""
        h, w = shape
        (x0, y0), (x1, y1) = start, end
        dx, dy = x1 - x0, y1 - y0
        n2 = dx * dx + dy * dy
        if n2 < 1e-12:
            return cls(np.ones(shape, np.float32))
        xs = (np.arange(w, dtype=np.float32) + 0.5 - x0) * np.float32(dx / n2)
        ys = (np.arange(h, dtype=np.float32) + 0.5 - y0) * np.float32(dy / n2)
        return cls(1.0 - _smoothstep(ys[:, None] + xs[None, :]))

    @classmethod
    def radial(cls, shape: tuple[int, int], centre: tuple[float, float], edge: tuple[float, float],
               feather: float = 0.5) -> "Mask":
        """A radial filter on an ``(h, w)`` mask: a circle round ``centre`` reaching ``edge`` (x, y
        in pixels), 1 inside ``1 - feather`` of its radius, falling smoothly to 0 at it."""
        r = float(np.hypot(edge[0] - centre[0], edge[1] - centre[1]))
        return cls(_round(shape, centre, r, r, feather))

    @classmethod
    def ellipse(cls, shape: tuple[int, int], centre: tuple[float, float], edge: tuple[float, float],
                feather: float = 0.5, angle: float = 0.0) -> "Mask":
        """A radial filter drawn as an ellipse on an ``(h, w)`` mask: round ``centre``, turned
        ``angle`` degrees (clockwise on the screen, as its y runs down), its edge through ``edge``
        (x, y in pixels) with the radii :func:`ellipse_radii` gives in its own turned frame, 1
        inside ``1 - feather`` of them, falling smoothly to 0 at the edge."""
        u, v = _unturned(edge[0] - centre[0], edge[1] - centre[1], angle)
        rx, ry = ellipse_radii(u, v)
        return cls(_round(shape, centre, rx, ry, feather, angle))

    @classmethod
    def from_shape(cls, words: str, shape: tuple[int, int]) -> "Mask | None":
        """The mask a drawn shape's words (:func:`shape_words`) make on an ``(h, w)`` mask, or
        None when ``words`` are not a shape."""
        spots = parse_spots(words)
        if spots is not None:
            return cls.spots(shape, spots)
        found = parse_shape(words)
        if found is None:
            return None
        kind, (x0, y0), (x1, y1) = found
        h, w = shape
        a, b = (x0 * w, y0 * h), (x1 * w, y1 * h)
        if kind == "gradient":
            return cls.linear(shape, a, b)
        if kind == "ellipse":
            return cls.ellipse(shape, a, b, shape_feather(words), shape_angle(words))
        return cls.radial(shape, a, b, shape_feather(words))

    @classmethod
    def spots(cls, shape: tuple[int, int], spots: "Sequence[Spot]") -> "Mask":
        """Healed spots (:data:`Spot`) on an ``(h, w)`` mask: 1 within each spot's radius of its
        path (a click's point, a drag's line), falling smoothly to 0 over :data:`SPOT_FEATHER` of
        the radius further out, so a fill blends into what is round it."""
        h, w = shape
        out = np.zeros(shape, np.float32)
        long_side = max(h, w)
        for radius, path in spots:
            r = max(float(radius) * long_side, 0.5)
            pts = np.asarray(path, np.float64).reshape(-1, 2) * (w, h)
            spot_field(out, r, pts)
        return cls(out)

    def is_empty(self) -> bool:
        return not bool((self._data > 0).any())

    # -------------------------------------------------------------- serialisation (PNG, base64)
    def to_png_base64(self) -> str:
        ok, buf = cv2.imencode(".png", self.to_uint8(), [cv2.IMWRITE_PNG_COMPRESSION, 9])
        if not ok:  # pragma: no cover - encoding a uint8 array cannot fail
            raise ValueError("could not encode mask")
        return base64.b64encode(buf.tobytes()).decode("ascii")

    @classmethod
    def from_png_base64(cls, text: str) -> "Mask":
        try:
            raw = base64.b64decode(text.encode("ascii"), validate=True)
        except Exception as exc:
            raise ValueError("mask is not valid base64") from exc
        a = cv2.imdecode(np.frombuffer(raw, np.uint8), cv2.IMREAD_GRAYSCALE) if raw else None
        if a is None:
            raise ValueError("mask is not a valid PNG")
        return cls(a)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mask) and self.digest == other.digest

    def __hash__(self) -> int:
        return hash(self.digest)

    def __repr__(self) -> str:
        return f"Mask({self.shape[1]}x{self.shape[0]}, mean={float(self._data.mean()):.3f})"


def _unturned(dx: float, dy: float, angle: float) -> tuple[float, float]:
    """The offset ``(dx, dy)`` in the frame of an ellipse turned ``angle`` degrees."""
    c, s = np.cos(np.radians(angle)), np.sin(np.radians(angle))
    return float(dx * c + dy * s), float(-dx * s + dy * c)


def _round(shape: tuple[int, int], centre: tuple[float, float], rx: float, ry: float, feather: float,
           angle: float = 0.0) -> np.ndarray:
    """An ``(h, w)`` ellipse of radii ``rx``, ``ry`` round ``centre``, turned ``angle`` degrees: 1
    inside ``1 - feather`` of them, falling smoothly to 0 at the edge (all 0 when a radius is nothing)."""
    h, w = shape
    if min(rx, ry) < 1e-6:
        return np.zeros(shape, np.float32)
    xs = np.arange(w, dtype=np.float32) + 0.5 - centre[0]
    ys = np.arange(h, dtype=np.float32) + 0.5 - centre[1]
    if abs(angle) % 360 < 1e-9:
        d = np.sqrt((ys[:, None] / ry) ** 2 + (xs[None, :] / rx) ** 2)
    else:
        c, s = np.float32(np.cos(np.radians(angle))), np.float32(np.sin(np.radians(angle)))
        u = xs[None, :] * c + ys[:, None] * s
        v = -xs[None, :] * s + ys[:, None] * c
        d = np.sqrt((u / rx) ** 2 + (v / ry) ** 2)
    inner = 1.0 - min(max(feather, 0.0), 1.0)
    return 1.0 - _smoothstep((d - inner) / max(1.0 - inner, 1e-6))


#: Drawn masks: a graduated filter from where the drag starts to where it ends, a radial one from
#: its centre to its edge (fading over this part of its radius): a circle, or an ellipse whose
#: width and height follow the drag (Lightroom's radial gradient; Shift draws the circle).
SHAPES = ("gradient", "radial", "ellipse")
ROUND_SHAPES = ("radial", "ellipse")
RADIAL_FEATHER = 0.5
#: An ellipse is never flatter than this (a drag along one axis still draws something).
MIN_ELLIPSE_RATIO = 0.1


def ellipse_radii(dx: float, dy: float) -> tuple[float, float]:
    """The radii of the ellipse drawn from its centre to the point ``(dx, dy)`` away: the point
    lies on it (radii sqrt 2 times the offsets, so a diagonal drag draws a circle through the
    pointer), the shorter radius at least :data:`MIN_ELLIPSE_RATIO` of the longer."""
    rx, ry = abs(dx) * 2**0.5, abs(dy) * 2**0.5
    floor = MIN_ELLIPSE_RATIO * max(rx, ry)
    return max(rx, floor), max(ry, floor)


def shape_words(kind: str, start: tuple[float, float], end: tuple[float, float], size: tuple[int, int],
                feather: float = RADIAL_FEATHER, angle: float = 0.0) -> str:
    """A drawn shape as the words of a layer's ``place`` step: ``"gradient x0 y0 x1 y1"`` with the
    points (pixels of an ``(h, w)`` image) as fractions of its width and height, so the shape lands
    on the same part of any rendering of the photo, and of another photo it is pasted onto; a
    radial one (or an ellipse) adds its feather (``"radial cx cy ex ey 0.50"``), a turned ellipse
    its angle in degrees (``"ellipse cx cy ex ey 0.50 30.0"``)."""
    if kind not in SHAPES:
        raise ValueError(f"unknown shape {kind!r}")
    h, w = size
    nums = [start[0] / w, start[1] / h, end[0] / w, end[1] / h]
    text = " ".join([kind, *(f"{v:.4f}" for v in nums)])
    if kind not in ROUND_SHAPES:
        return text
    text += f" {min(max(float(feather), 0.0), 1.0):.2f}"
    turned = (float(angle) + 90.0) % 180.0 - 90.0  # an ellipse turned half a turn is itself
    return text + f" {turned:.1f}" if kind == "ellipse" and abs(turned) >= 0.05 else text


def parse_shape(words: str) -> tuple[str, tuple[float, float], tuple[float, float]] | None:
    """``(kind, start, end)`` (fractions) of a shape's words, or None for any other words."""
    parts = str(words).split()
    if len(parts) not in (5, 6, 7) or parts[0] not in SHAPES or (len(parts) == 6 and parts[0] not in ROUND_SHAPES) \
            or (len(parts) == 7 and parts[0] != "ellipse"):
        return None
    try:
        x0, y0, x1, y1, *rest = (float(v) for v in parts[1:])
    except ValueError:
        return None
    if not all(np.isfinite(v) and -10.0 <= v <= 10.0 for v in (x0, y0, x1, y1)):
        return None
    if rest and not (np.isfinite(rest[0]) and 0.0 <= rest[0] <= 1.0):
        return None
    if len(rest) == 2 and not (np.isfinite(rest[1]) and -360.0 <= rest[1] <= 360.0):
        return None
    return parts[0], (x0, y0), (x1, y1)


def shape_feather(words: str) -> float:
    """The part of a radial shape's radius over which it fades (:data:`RADIAL_FEATHER` when its
    words do not say)."""
    parts = str(words).split()
    return float(parts[5]) if parse_shape(words) is not None and len(parts) in (6, 7) else RADIAL_FEATHER


def shape_angle(words: str) -> float:
    """How many degrees an ellipse's words turn it (0 for any other words)."""
    parts = str(words).split()
    return float(parts[6]) if parse_shape(words) is not None and len(parts) == 7 else 0.0


def with_feather(words: str, feather: float) -> str:
    """A radial shape's words with another feather (other words, a turn, as they are)."""
    found = parse_shape(words)
    if found is None or found[0] not in ROUND_SHAPES:
        return words
    parts = str(words).split()
    return " ".join(parts[:5] + [f"{min(max(float(feather), 0.0), 1.0):.2f}"] + parts[6:7])


def colour_words(colour: tuple[float, float, float], tolerance: float) -> str:
    """A colour range picked on the photo as the words of a layer's ``place`` step:
    ``"colour 0.612 0.480 0.300 25"`` (RGB in [0, 1], the range in Lab units), found again in any
    photo as the pixels of that colour."""
    return "colour " + " ".join(f"{float(v):.3f}" for v in colour) + f" {float(tolerance):g}"


def parse_colour(words: str) -> tuple[tuple[float, float, float], float] | None:
    """``(colour, tolerance)`` of a colour range's words, or None for any other words."""
    parts = str(words).split()
    if len(parts) != 5 or parts[0] != "colour":
        return None
    try:
        r, g, b, tol = (float(v) for v in parts[1:])
    except ValueError:
        return None
    if not all(np.isfinite(v) and 0.0 <= v <= 1.0 for v in (r, g, b)) or not (np.isfinite(tol) and 0 < tol <= 200):
        return None
    return (r, g, b), tol


#: The most spots one layer keeps, and points one drag keeps (a longer drag is thinned).
MAX_SPOTS, MAX_PATH = 2000, 64


def spots_words(spots: Sequence[Spot], sources: Sequence[Source | None] | None = None) -> str:
    """Healed spots as the words of a layer's ``place`` step: ``"spots 0.0040 0.5120 0.2330;
    0.0025 0.1 0.2 0.15 0.22 from 0.03 -0.01"`` (each spot's radius, then its path, then where a
    heal or a clone copies it from, when it has a source: :data:`Source`), so they land on the
    same part of any rendering of the photo and of another photo they are synced to, as sensor
    dust does."""
    parts = []
    for i, (radius, path) in enumerate(spots):
        nums = [f"{float(radius):.5f}", *(f"{float(v):.5f}" for pt in path for v in pt)]
        source = sources[i] if sources is not None and i < len(sources) else None
        if source is not None:
            nums += ["from", f"{float(source[0]):.5f}", f"{float(source[1]):.5f}"]
        parts.append(" ".join(nums))
    return "spots " + "; ".join(parts)


def _spot_parts(words: str) -> list[tuple[list[float], Source | None]] | None:
    """Each spot's numbers (radius, path) and its source, or None for words that are not spots
    or make no sense."""
    text = str(words).strip()
    if not text.startswith("spots "):
        return None
    out: list[tuple[list[float], Source | None]] = []
    for part in text[6:].split(";"):
        spot, _, source_text = part.partition(" from ")
        try:
            nums = [float(v) for v in spot.split()]
            src = [float(v) for v in source_text.split()]
        except ValueError:
            return None
        if len(nums) < 3 or len(nums) % 2 != 1 or len(nums) > 1 + 2 * MAX_PATH or len(src) not in (0, 2):
            return None
        if not all(np.isfinite(v) for v in nums + src) or not 0.0 < nums[0] <= 0.25:
            return None
        if not all(-1.0 <= v <= 2.0 for v in nums[1:]) or not all(-1.0 <= v <= 1.0 for v in src):
            return None
        out.append((nums, (src[0], src[1]) if src else None))
    return out if 0 < len(out) <= MAX_SPOTS else None


def parse_spots(words: str) -> list[Spot] | None:
    """The spots of their words (:func:`spots_words`), or None for any other words (or spots
    that make no sense: a radius outside (0, 0.25], a point far outside the photo, too many)."""
    parts = _spot_parts(words)
    if parts is None:
        return None
    return [(nums[0], tuple(zip(nums[1::2], nums[2::2]))) for nums, _ in parts]


def parse_spot_sources(words: str) -> list[Source | None] | None:
    """Where each spot of ``words`` is copied from (None for a spot with no source), in the
    order of :func:`parse_spots`; None for words that are not spots."""
    parts = _spot_parts(words)
    return None if parts is None else [src for _, src in parts]


def place_spots(place: Sequence[tuple[str, str]]) -> list[Spot] | None:
    """The spots of a layer whose mask is spots and nothing else (its place: steps of spots'
    words, the first replacing, the rest added), in order; None for any other place."""
    out: list[Spot] = []
    for i, (mode, words) in enumerate(place):
        spots = parse_spots(words)
        if spots is None or mode != ("replace" if i == 0 else "add"):
            return None
        out += spots
    return out if out else None


def place_spot_sources(place: Sequence[tuple[str, str]]) -> list[Source | None]:
    """The sources of :func:`place_spots`' spots, in the same order (empty when the place is not
    spots)."""
    if place_spots(place) is None:
        return []
    return [src for _, words in place for src in parse_spot_sources(words) or []]


def thinned(path: Sequence[tuple[float, float]], spacing: float) -> list[tuple[float, float]]:
    """A drag's points with those closer than ``spacing`` to the last one kept left out (its end
    always kept), at most :data:`MAX_PATH` of them."""
    pts = [tuple(map(float, p)) for p in path]
    if not pts:
        return []
    kept = [pts[0]]
    for p in pts[1:]:
        if np.hypot(p[0] - kept[-1][0], p[1] - kept[-1][1]) >= spacing:
            kept.append(p)
    if pts[-1] != kept[-1] and len(pts) > 1:
        kept.append(pts[-1])
    if len(kept) > MAX_PATH:
        idx = np.linspace(0, len(kept) - 1, MAX_PATH).round().astype(int)
        kept = [kept[i] for i in idx]
    return kept  # type: ignore[return-value]


def shape_text(words: str) -> str:
    """How a place step reads in the layer list: "a graduated mask" for a drawn shape's words,
    "a colour range" for a picked colour's, the words themselves otherwise."""
    if parse_colour(words) is not None:
        return "a colour range"
    spots = parse_spots(words)
    if spots is not None:
        return "1 spot" if len(spots) == 1 else f"{len(spots)} spots"
    found = parse_shape(words)
    if found is None:
        return words
    return "a graduated mask" if found[0] == "gradient" else "a radial mask"
