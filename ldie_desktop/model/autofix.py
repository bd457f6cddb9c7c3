"""Corrections measured from the photo itself, for requests whose amount the words cannot say:
"straighten the horizon" (how many degrees?), "fix the white balance" (which way?), "fix it"
(what?).

* :func:`tilt_angle`: the small rotation that levels the photo's long straight lines (a
  horizon, a building's edges), like an editor's auto-straighten.
* :func:`neutral_curves`: per-channel curves (the ``hue`` operation's parameters) that make
  the photo's least colourful third grey, like an auto-colour button.
* :func:`auto_enhance`: levels, midtones and saturation where the photo clearly needs them,
  like an editor's Auto button.
* :func:`shift_curves`: per-channel curves that push the mid-tones towards a colour
  ("make the grass greener").
"""

from __future__ import annotations

import math

from typing import Sequence

import cv2
import numpy as np
import torch

from ..ops.curves import piecewise_curve
from ..ops.spec import LUMA_WEIGHTS

#: Lines tilted less than this are level already; more than this are not meant to be level.
MIN_TILT, MAX_TILT = 0.2, 8.0


def _proxy(rgb: np.ndarray, side: int) -> np.ndarray:
    """``rgb`` (any size; uint8, uint16 or float) as float32 RGB in [0, 1], at most ``side`` px
    on its long side. Shrunk before it is converted: a 12 MP photo never exists as floats."""
    img = np.asarray(rgb)
    if img.ndim == 2:
        img = img[..., None]
    img = img[..., :3]
    if img.shape[-1] == 1:
        img = np.repeat(img, 3, axis=2)
    if img.size == 0:
        return np.zeros((0, 0, 3), np.float32)
    h, w = img.shape[:2]
    s = min(1.0, side / max(h, w))
    if s < 1.0:
        if img.dtype not in (np.uint8, np.uint16):
            img = np.nan_to_num(img.astype(np.float32))
        img = cv2.resize(np.ascontiguousarray(img), (max(1, round(w * s)), max(1, round(h * s))),
                         interpolation=cv2.INTER_AREA)
    if img.dtype == np.uint8:
        return img.astype(np.float32) / 255.0
    if img.dtype == np.uint16:
        return img.astype(np.float32) / 65535.0
    return np.nan_to_num(np.clip(img.astype(np.float32), 0.0, 1.0))


def _grey_proxy(rgb: np.ndarray, side: int) -> np.ndarray:
    return cv2.cvtColor((_proxy(rgb, side) * 255.0 + 0.5).astype(np.uint8), cv2.COLOR_RGB2GRAY)


def curve_slopes(tone: np.ndarray) -> np.ndarray:
    """The slopes of the paper's curves (``tint``/``hue``, all 1 the identity) through the
    values ``tone`` (``(..., segments + 1)``, 0 to 1) at the segment boundaries, within the
    operations' range."""
    segments = tone.shape[-1] - 1
    return np.clip(np.diff(tone, axis=-1) * segments, 0.05, 4.0).astype(np.float32)


def gamma_slopes(gammas: Sequence[float], segments: int = 8) -> np.ndarray:
    """``(len(gammas), segments)`` slopes of the curves ``x ** g``, one per gamma."""
    knots = np.linspace(0.0, 1.0, segments + 1)
    return curve_slopes(knots[None, :] ** np.asarray(gammas, np.float64)[:, None])


def _long_lines(rgb: np.ndarray, side: int, min_length: float) -> tuple[np.ndarray, tuple[int, int], float] | None:
    """The photo's straight lines at least ``min_length`` of its diagonal long, found on a grey
    copy ``side`` long (Canny edges, probabilistic Hough): ``(lines (n, 4) x1 y1 x2 y2, (h, w)
    of the copy, its diagonal)``, or None for a photo too small or without such lines."""
    grey = _grey_proxy(rgb, side)
    h, w = grey.shape
    if min(h, w) < 32:
        return None
    edges = cv2.Canny(cv2.GaussianBlur(grey, (5, 5), 0), 50, 150)
    diag = math.hypot(h, w)
    lines = cv2.HoughLinesP(edges, 1, math.pi / 720, threshold=max(20, int(diag * 0.05)),
                            minLineLength=int(diag * min_length), maxLineGap=int(diag * 0.01) + 2)
    return None if lines is None else (lines, (h, w), diag)


def tilt_angle(rgb: np.ndarray, side: int = 512) -> float | None:
    """Counter-clockwise degrees that level the photo (for the ``rotate`` operation's
    ``angle``), from its long straight lines near horizontal or vertical; ``None`` when it has
    too few such lines to tell, or they are level already (within 0.2 degrees)."""
    found = _long_lines(rgb, side, 0.12)
    if found is None:
        return None
    lines, (h, w), diag = found
    # near-horizontal lines (a horizon) and near-vertical ones (walls, poles), each as its tilt
    families: dict[str, tuple[list[float], list[float]]] = {"h": ([], []), "v": ([], [])}
    for x1, y1, x2, y2 in lines.reshape(-1, 4).astype(np.float64):
        # image rows grow downwards: a line rising to the right has a negative angle here, and
        # is levelled by turning the photo clockwise, by that negative counter-clockwise angle
        a = math.degrees(math.atan2(y2 - y1, x2 - x1))
        a = (a + 90.0) % 180.0 - 90.0  # (-90, 90]
        if abs(a) <= MAX_TILT:
            family, tilt = "h", a
        elif abs(abs(a) - 90.0) <= MAX_TILT:
            family, tilt = "v", (a - 90.0 if a > 0 else a + 90.0)  # its lean from upright
        else:
            continue
        families[family][0].append(tilt)
        families[family][1].append(math.hypot(x2 - x1, y2 - y1))
    # Verticals first: a building's horizontal edges recede in perspective, its verticals
    # stay nearly upright. A landscape has only its horizon.
    enough = diag * 0.3
    family = "v" if sum(families["v"][1]) >= enough else "h"
    t, wt = np.asarray(families[family][0]), np.asarray(families[family][1])
    if wt.sum() < enough:
        return None
    # the strongest group of agreeing lines (0.5 degree bins); lines that disagree among
    # themselves (a painting, an aerial view, perspective) leave nothing to level
    bins = np.round(t * 2.0) / 2.0
    peak = max(set(bins.tolist()), key=lambda b: wt[np.abs(bins - b) <= 0.5].sum())
    near = np.abs(t - peak) <= 1.0
    if wt[near].sum() < 0.5 * wt.sum():
        return None
    order = np.argsort(t[near])
    cum = np.cumsum(wt[near][order])
    angle = float(t[near][order][np.searchsorted(cum, cum[-1] / 2.0)])
    if abs(angle) < MIN_TILT:
        return None
    return round(angle, 2)


#: Lines within this many degrees of upright may be verticals seen in perspective.
MAX_LEAN = 20.0


def keystone(rgb: np.ndarray, side: int = 512) -> float | None:
    """The ``perspective`` operation's ``vertical`` that stands the photo's near-vertical lines
    upright (a building shot from below: its verticals lean in towards the top), like an
    editor's Upright; ``None`` when it has too few such lines, on too narrow a spread, or they
    are parallel already.

    The operation shows a line of the photo at ``u`` (where it meets the bottom, -1..1 across)
    upright when it leans ``t u / 2`` (x per y, normalised) for a top inset ``t``; so ``t`` is
    twice the slope of each line's lean against its ``u``, fitted over the lines weighted by
    length (with an intercept for a lean they all share: a tilt, which Rotate levels), and
    refitted without the lines that disagree (a roof's edge)."""
    from ..ops.perspective import MAX_INSET

    found = _long_lines(rgb, side, 0.1)
    if found is None:
        return None
    lines, (h, w), diag = found
    us, slopes, weights = [], [], []
    for x1, y1, x2, y2 in lines.reshape(-1, 4).astype(np.float64):
        if abs(y2 - y1) < 1e-6 or math.degrees(math.atan2(abs(x2 - x1), abs(y2 - y1))) > MAX_LEAN:
            continue
        s = (x2 - x1) / (y2 - y1) * (h / w)  # normalised x per normalised y
        xm, ym = (x1 + x2) / w - 1.0, (y1 + y2) / h - 1.0  # the middle, normalised
        us.append(xm + s * (1.0 - ym))
        slopes.append(s)
        weights.append(math.hypot(x2 - x1, y2 - y1))
    u, s, wt = np.asarray(us), np.asarray(slopes), np.asarray(weights)
    if wt.sum() < diag * 0.3 or len(u) < 3:
        return None
    keep = np.ones(len(u), bool)
    for _ in range(2):  # fit, then again without the lines far off it
        a = np.stack([np.ones(keep.sum()), u[keep]], 1) * np.sqrt(wt[keep])[:, None]
        (c0, c1), *_ = np.linalg.lstsq(a, s[keep] * np.sqrt(wt[keep]), rcond=None)
        resid = np.abs(s - (c0 + c1 * u))
        scale = max(float(np.median(resid[keep])) * 3.0, 0.01)
        keep = resid <= scale
        if keep.sum() < 3:
            return None
    uk, sk, wk = u[keep], s[keep], wt[keep]
    spread = math.sqrt(float(np.average((uk - np.average(uk, weights=wk)) ** 2, weights=wk)))
    # a thick line's two edges are one line: lines are counted, and measured, by their places
    places = np.round(uk / 0.03)
    distinct = {p: float(wk[places == p].max()) for p in np.unique(places)}
    if spread < 0.2 or sum(distinct.values()) < diag * KEYSTONE_LENGTH or len(distinct) < KEYSTONE_LINES:
        return None  # lines in one place, or a few short ones (grass, fruit), say nothing of convergence
    # the leans must follow the lines' places (a building's verticals meeting above it), not scatter
    # round a common lean (fur, grass): the convergence explains most of how they differ
    shared = float(np.average((sk - np.average(sk, weights=wk)) ** 2, weights=wk))
    left = float(np.average((sk - (c0 + c1 * uk)) ** 2, weights=wk))
    if shared > 0 and 1.0 - left / shared < KEYSTONE_FIT:
        return None
    vertical = 2.0 * c1 / MAX_INSET
    if abs(vertical) > KEYSTONE_MOST:  # more than any shot of a building needs: not verticals at all
        return None
    vertical = float(np.clip(vertical, -1.0, 1.0))
    return None if abs(vertical) < 0.02 else round(vertical, 3)


#: What :func:`keystone` needs to trust lines as a building's verticals: at least this many (a
#: thick line's two edges counted once), as long together as this part of the diagonal, their
#: convergence explaining this part of how their leans differ; and it gives up on a correction
#: this far past the slider's end. On the 24 photos in the offline-models note's sets, 22 of
#: them without buildings (grass, fur, fruit, flowers, a painting), these leave none of the six
#: spurious corrections it made before (up to the slider's end on a baboon's fur); a house shot
#: from below keeps its 0.9, which stands its towers upright. Set on those same photos.
KEYSTONE_LINES, KEYSTONE_LENGTH, KEYSTONE_FIT, KEYSTONE_MOST = 4, 0.6, 0.3, 1.25


def neutral_curves(rgb: np.ndarray, segments: int = 8, side: int = 256, strength: float = 1.0) -> np.ndarray | None:
    """``(3, segments)`` slopes of per-channel curves (all 1 is the identity) that bring each
    channel's mean over the photo's least colourful third to their common grey, as gamma
    curves; ``None`` when the photo is neutral already (every channel within 1 % of grey) or has
    no mid-tones."""
    x = _proxy(rgb, side)
    px = x.reshape(-1, 3)
    keep = (px.max(1) < 0.97) & (px.min(1) > 0.03)  # clipped and black pixels carry no colour
    if keep.sum() < 100:
        return None
    px = px[keep]
    # the least colourful third of the photo: surfaces that should be grey (a wall, a road, a
    # cloud) show the cast, whereas a photo's dominant colour (an orange suit, a green field)
    # would fool a plain grey-world average
    chroma = (px.max(1) - px.min(1)) / np.maximum(px.max(1), 1e-3)
    px = px[chroma <= np.quantile(chroma, 1.0 / 3.0)]
    means = px.mean(0)
    grey = float(means.mean())
    if np.all(np.abs(means - grey) < 0.01):
        return None
    gammas = []
    for c in range(3):
        lo, hi = 0.5, 2.0  # mean(x ** g) falls as g grows
        for _ in range(24):  # bisection to 2e-4 of the gamma's log range
            g = math.sqrt(lo * hi)
            if float(np.mean(px[:, c] ** g)) > grey:
                lo = g
            else:
                hi = g
        gammas.append(math.sqrt(lo * hi) ** strength)
    return gamma_slopes(gammas, segments)


#: A picked colour's channels must lie in this range to say anything about the light: a clipped
#: or black pixel has lost its colour.
PICK_RANGE = (0.03, 0.97)


def picked_curves(colour: Sequence[float], segments: int = 8) -> np.ndarray | None:
    """``hue``'s ``(3, segments)`` slopes that make ``colour`` (RGB in [0, 1], a surface that
    should be grey: a white-balance picker's click) neutral: a gamma per channel taking it to the
    channels' mean, so black and white stay where they are. ``None`` when a channel is clipped or
    black (:data:`PICK_RANGE`), or the colour is neutral already (within 1 %)."""
    c = np.asarray(colour, np.float64).reshape(3)
    if not np.all((c > PICK_RANGE[0]) & (c < PICK_RANGE[1])):
        return None
    grey = float(c.mean())
    if np.all(np.abs(c - grey) < 0.01):
        return None
    gammas = np.clip(np.log(grey) / np.log(c), 0.5, 2.0)
    return gamma_slopes(gammas.tolist(), segments)


def shift_curves(weights: Sequence[float], strength: float = 1.0, segments: int = 8) -> np.ndarray:
    """``hue``'s ``(3, segments)`` slopes that push the mid-tones along the signed RGB
    ``weights`` of a colour: a gamma ``2 ** (-0.3 * weight * strength)`` per channel."""
    return gamma_slopes([2.0 ** (-0.3 * w * strength) for w in weights], segments)


def _apply_curve(x: np.ndarray, slopes: np.ndarray) -> np.ndarray:
    """The ``tint``/``hue`` curves (``(segments,)`` shared, or ``(3, segments)``) on ``x`` (h, w, 3),
    through the operations' own :func:`~ldie_desktop.ops.curves.piecewise_curve`."""
    t = torch.from_numpy(np.ascontiguousarray(x, np.float32)).permute(2, 0, 1)[None]
    k = torch.as_tensor(np.asarray(slopes, np.float32)).reshape(1, -1, slopes.shape[-1])
    return piecewise_curve(t, k)[0].permute(1, 2, 0).numpy()


#: Auto-enhance: the median luminance it aims for, the band of medians it leaves alone, how far
#: the levels may stretch, how close to black/white an end must be to stay and how much of the
#: way to black/white it is stretched, and the mean HSV
#: saturation below which colour is dull.
MID_TARGET, MID_BAND, MAX_STRETCH, LEVELS_SLACK, LEVELS_PART = 0.45, (0.3, 0.6), 2.0, 0.04, 0.7
DULL = 0.2
_LUMA = np.array(LUMA_WEIGHTS, np.float32)


#: The least and most stops an exposure said to be wrong is moved ("it's overexposed" on a photo whose middle
#: is already mid-grey still asks for a visible step; a black frame asks for no more than a few stops).
EXPOSURE_LEAST, EXPOSURE_MOST = 0.33, 2.5


def exposure_stops(rgb: np.ndarray, sign: int, least: float = EXPOSURE_LEAST, side: int = 256) -> float:
    """The exposure change, in stops and of ``sign``, that brings the photo's median luminance to
    mid-grey (:data:`MID_TARGET`), at least ``least`` and at most :data:`EXPOSURE_MOST` stops: what
    "it's overexposed" / "it's underexposed" ask of this photo (the parameter head's -1.7 EV on a
    well exposed one, and +0.6 EV on a very dark one, were guesses)."""
    x = _proxy(rgb, side)
    if x.size == 0:
        return float(sign) * least
    median = float(np.clip(np.median(x @ _LUMA), 0.02, 0.98))
    ev = 2.2 * math.log2(MID_TARGET / median)  # the exposure operation's gain on sRGB values is 2 ** (ev / 2.2)
    return float(sign) * float(np.clip(ev * sign, least, EXPOSURE_MOST))


def auto_enhance(rgb: np.ndarray, segments: int = 8, side: int = 256) -> dict[str, dict]:
    """What an editor's Auto button does, measured on the photo, as the parameters of app
    operations (in the order they render), each only where the photo clearly needs it:

    * ``tint`` (one tone curve): levels that stretch a compressed range (the darkest and
      brightest 0.5 % short of black and white) and a midtone gamma that moves a median
      luminance far from the middle half-way towards 0.45;
    * ``saturation``: more colour for a dull photo.

    A photo that needs none of these gives ``{}``. A colour cast is not corrected here: on the
    project's photos, no measure of one separated photos given a cast from photos whose scene is
    simply colourful (a desert, a meadow), so only an explicit "fix the white balance" does it."""
    x = _proxy(rgb, side)
    if x.size == 0:
        return {}
    out: dict[str, dict] = {}
    lum = x @ _LUMA
    lo, hi = float(np.percentile(x.min(2), 0.5)), float(np.percentile(x.max(2), 99.5))
    # a stretch part of the way: a photo's own low or high key is not all a fault
    lo = lo * LEVELS_PART if lo > LEVELS_SLACK else 0.0
    hi = 1.0 - (1.0 - hi) * LEVELS_PART if hi < 1.0 - 2 * LEVELS_SLACK else 1.0
    if hi - lo < 1.0 / MAX_STRETCH:  # a stretch this strong would only show noise
        mid = (lo + hi) / 2.0
        lo, hi = max(0.0, mid - 0.5 / MAX_STRETCH), min(1.0, mid + 0.5 / MAX_STRETCH)
    median = float(np.median(np.clip((lum - lo) / max(hi - lo, 1e-3), 0.0, 1.0)))
    gamma = 1.0
    if not MID_BAND[0] <= median <= MID_BAND[1]:
        gamma = float(np.clip(math.sqrt(math.log(MID_TARGET) / math.log(min(max(median, 0.02), 0.98))), 0.6, 1.5))
    if lo > 0.0 or hi < 1.0 or gamma != 1.0:
        knots = np.linspace(0.0, 1.0, segments + 1)
        slopes = curve_slopes(np.clip((knots - lo) / max(hi - lo, 1e-3), 0.0, 1.0) ** gamma)
        out["tint"] = {"curve": slopes.tolist()}
        x = _apply_curve(x, slopes)
    hsv = cv2.cvtColor(np.ascontiguousarray(x.astype(np.float32)), cv2.COLOR_RGB2HSV)
    lit = hsv[..., 2] > 0.1
    sat = float(np.mean(hsv[..., 1][lit])) if np.any(lit) else 0.0
    if 0.02 < sat < DULL:  # dull colour (a grey photo has none to raise)
        out["saturation"] = {"amount": float(np.clip(DULL / sat - 1.0, 0.1, 0.5))}
    return out


#: Skin colours: hue (degrees) and saturation (0..1) in HSV, and the least brightness. Brown
#: hair (hue 35-45), an orange shirt (saturation 0.8), eye whites and teeth (saturation under
#: 0.1) fall outside.
SKIN_HUE = (-20.0, 28.0)
SKIN_SAT = (0.1, 0.62)
SKIN_MIN_V = 0.3


def skin_tones(rgb: np.ndarray, region: np.ndarray | None = None) -> np.ndarray:
    """Where ``rgb`` shows skin, ``(H, W)`` float32 in [0, 1]: pixels of skin colour (inside
    ``region``, a soft mask of any size, when given), small specks removed, the edge feathered
    by a pixel or two. Eyes, brows, teeth and hair stay out: a retouch of the skin keeps them
    sharp."""
    img = np.ascontiguousarray(rgb[..., :3])
    h, w = img.shape[:2]
    f = img.astype(np.float32) / (65535.0 if img.dtype == np.uint16 else 255.0 if img.dtype == np.uint8 else 1.0)
    hsv = cv2.cvtColor(f, cv2.COLOR_RGB2HSV)  # float: hue in degrees, s and v in 0..1
    hue = np.where(hsv[..., 0] > 180.0, hsv[..., 0] - 360.0, hsv[..., 0])
    skin = ((hue >= SKIN_HUE[0]) & (hue <= SKIN_HUE[1]) & (hsv[..., 1] >= SKIN_SAT[0]) & (hsv[..., 1] <= SKIN_SAT[1])
            & (hsv[..., 2] >= SKIN_MIN_V)).astype(np.uint8)
    k = max(3, (max(h, w) // 256) | 1)
    skin = cv2.morphologyEx(skin, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    out = skin.astype(np.float32)
    if region is not None:
        r = np.asarray(region, np.float32)
        out *= r if r.shape == (h, w) else cv2.resize(r, (w, h), interpolation=cv2.INTER_LINEAR)
    sigma = max(0.6, max(h, w) / 800.0)
    return np.clip(cv2.GaussianBlur(out, (0, 0), sigma), 0.0, 1.0)


#: Red eyes: how red a pixel must be (red's lead over max(green, blue) as a part of red, red's
#: least value, its hue's distance from red in degrees), a pupil's area as a part of the photo,
#: how round it must be (its area over its bounding circle's), and the most colourful the ring
#: round it may be (median HSV saturation: an iris, the white of the eye, lids and skin are
#: well below a flash's red; a jacket or a flower round a red speck is not).
RED_LEAD, RED_MIN, RED_HUE = 0.4, 0.2, 14.0
PUPIL_AREA = (6e-6, 4e-3)
PUPIL_ROUND = 0.45
RING_SAT = 0.45
#: Without faces to look in, a pupil's least radius in the proxy's pixels (a speck of JPEG noise
#: is smaller).
MIN_PAIRED = 2.5


def red_eyes(rgb: np.ndarray, within: np.ndarray | None = None, side: int = 1024,
             paired: bool = True) -> list[tuple[float, float, float]]:
    """The red pupils of a flash photo, as circles ``(x, y, radius)`` in ``rgb``'s pixels
    (covering the red with a margin), as an editor's red-eye tool finds them: small, round,
    strongly red blobs, each in a ring of something an eye sits in (an iris, the white of the
    eye, lids, skin: much less colourful) rather than more red. A red flower, a red shirt or a flag's stripes
    are too big, not round or ringed by red or by other colours. ``within`` (a soft mask of any
    size: the faces found in the photo) keeps those inside it. Pupils count in pairs (two of a
    size, side by side, as a face's two eyes): a lip's red corner, or a red speck in foliage or
    fur, can look like one pupil; outside faces they must also be bigger than JPEG noise. Not
    ``paired`` when ``within`` is the eyes themselves (a face's landmarks): one red pupil is one.
    Empty when there are none."""
    img = np.asarray(rgb)[..., :3]
    if img.ndim != 3 or min(img.shape[:2]) < 16:
        return []
    h, w = img.shape[:2]
    s = min(1.0, side / max(h, w))
    x = _proxy(img, side)
    r, g, b = x[..., 0], x[..., 1], x[..., 2]
    lead = (r - np.maximum(g, b)) / np.maximum(r, 1e-3)
    hsv = cv2.cvtColor(np.ascontiguousarray(x), cv2.COLOR_RGB2HSV)  # float: hue in degrees
    hue = hsv[..., 0]
    # a flash's red, not orange (a jacket, a face in warm light): hue within RED_HUE of red
    red = ((lead > RED_LEAD) & (r > RED_MIN) & ((hue <= RED_HUE) | (hue >= 360.0 - RED_HUE))).astype(np.uint8)
    n, _, stats, centres = cv2.connectedComponentsWithStats(red, connectivity=8)
    area_all = red.shape[0] * red.shape[1]
    sat = hsv[..., 1]
    inside = None
    if within is not None:
        inside = cv2.resize(np.asarray(within, np.float32), (red.shape[1], red.shape[0]), interpolation=cv2.INTER_AREA)
        # the eyes themselves are not skin: a face's mask, grown by an eye's width
        k = max(3, (max(red.shape) // 60) | 1)
        inside = cv2.dilate(inside, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))) > 0.3
    found = []
    for i in range(1, n):
        a = stats[i, cv2.CC_STAT_AREA]
        bw, bh = stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]
        if not PUPIL_AREA[0] * area_all <= a <= max(PUPIL_AREA[1] * area_all, 6) or max(bw, bh) > 3 * min(bw, bh):
            continue
        radius = max(bw, bh) / 2.0
        if a < PUPIL_ROUND * np.pi * radius * radius:
            continue
        cx, cy = centres[i]
        reach = int(3.0 * radius + 2)  # the ring's window only: a red shirt's specks stay cheap
        y0, y1 = max(0, int(cy) - reach), min(red.shape[0], int(cy) + reach + 1)
        x0, x1 = max(0, int(cx) - reach), min(red.shape[1], int(cx) + reach + 1)
        yy, xx = np.ogrid[y0:y1, x0:x1]
        d2 = (xx - cx) ** 2 + (yy - cy) ** 2
        ring = (d2 > (1.4 * radius) ** 2) & (d2 <= (3.0 * radius + 1) ** 2)
        if ring.sum() < 8:
            continue
        if red[y0:y1, x0:x1][ring].mean() > 0.25:  # more red round it: part of something red, not a pupil
            continue
        # an eye's iris, white and lids are far less colourful than the red they ring
        if float(np.median(sat[y0:y1, x0:x1][ring])) > RING_SAT:
            continue
        if inside is not None and not inside[min(int(cy), red.shape[0] - 1), min(int(cx), red.shape[1] - 1)]:
            continue
        found.append((float(cx), float(cy), float(radius)))
    # two eyes side by side (a lip's red corner, a red speck in fur, is one alone); outside faces,
    # only pupils big enough not to be noise
    least = MIN_PAIRED if inside is None else 0.0
    if paired:
        found = [p for p in found if p[2] >= least and any(_eye_pair(p, q) for q in found if q is not p and q[2] >= least)]
    return [((cx + 0.5) / s, (cy + 0.5) / s, 1.6 * radius / s + 1.0) for cx, cy, radius in found]


def _eye_pair(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
    """Whether two red blobs ``(x, y, radius)`` sit as a face's two pupils do: of a size,
    6-30 of their radii apart (pupils about 63 mm apart, widened by a flash to 6-8 mm), and
    more side by side than one above the other."""
    (ax, ay, ar), (bx, by, br) = a, b
    if max(ar, br) > 1.6 * min(ar, br):
        return False
    dx, dy, r = abs(ax - bx), abs(ay - by), (ar + br) / 2.0
    return 6.0 * r <= np.hypot(dx, dy) <= 30.0 * r and dy <= 0.5 * dx


# ----------------------------------------------------------------------------- dust spots
#: Dust on a sensor casts a soft, round shadow: the photo a few to some tens of per cent darker,
#: the same part in each channel, over a disc of about 0.2-2 % of the long side. Looked for on a
#: copy this big (long side).
DUST_SIDE = 1600
#: The photo round a spot: its median over this part of the long side (wider than any spot).
DUST_BACKGROUND = 0.035
#: How much darker than that a spot is at its darkest (relative), and its radius (of the long side).
DUST_DEPTH = (0.055, 0.4)
DUST_RADIUS = (0.0012, 0.012)
#: The photo round a spot must be smooth: its scatter (a robust spread of the relative darkening
#: in a ring round it) at most this part of the spot's depth, and at most this much outright.
DUST_SMOOTH, DUST_SCATTER = 1 / 6, 0.015
#: A shadow darkens the channels alike: the spot's colour, less the background's scaled to fit it,
#: at most this part of the depth (plus JPEG's slack); a dark speck of another colour is a thing.
DUST_NEUTRAL = 0.5
#: The radius healed, as a multiple of the darkened disc's (a spot's shadow fades out past it).
DUST_COVER = 1.6


def dust_spots(rgb: np.ndarray, within: np.ndarray | None = None) -> list[tuple[float, float, float]]:
    """The dust spots of ``rgb``, as circles ``(x, y, radius)`` in its pixels covering each with a
    margin, as a raw editor's spot visualisation shows them: small, round, soft patches darker than
    the photo round them by the same part in every channel, on something smooth (a sky, a wall, a
    studio backdrop), where dust shows. Texture, edges and coloured specks are left; a bird far off
    in a clear sky can look like one. ``within`` (a soft mask of any size) keeps those inside it.
    On 24 photos of landscapes, flowers and objects, 29 patches were found with no dust added,
    most of them specks a dust hunt would take too (birds in a sky among them), and 98 of 127
    soft spots added to their smooth parts (3-20 px, 5-25 % darker) were found; the thresholds
    were set on these photos, so the numbers are not held out."""
    img = np.asarray(rgb)
    if img.ndim != 3 or min(img.shape[:2]) < 32:
        return []
    h, w = img.shape[:2]
    s = min(1.0, DUST_SIDE / max(h, w))
    f = _proxy(img, DUST_SIDE)
    ph, pw = f.shape[:2]
    side = max(ph, pw)
    lum = f @ np.asarray(LUMA_WEIGHTS, np.float32)
    k = min(int(DUST_BACKGROUND * side) | 1, 255)  # OpenCV's median of a large window works on bytes
    byte = np.round(f * 255.0).astype(np.uint8)
    back = cv2.GaussianBlur(cv2.medianBlur(byte, k).astype(np.float32) / 255.0, (0, 0), 2.0)
    back_lum = back @ np.asarray(LUMA_WEIGHTS, np.float32)
    dark = cv2.GaussianBlur(lum / np.maximum(back_lum, 0.02) - 1.0, (0, 0), 1.0)  # relative darkening
    smooth = cv2.GaussianBlur(f, (0, 0), 1.0)
    inside = None
    if within is not None:
        inside = cv2.resize(np.asarray(within, np.float32), (pw, ph), interpolation=cv2.INTER_AREA) > 0.5
    n, labels, stats, centres = cv2.connectedComponentsWithStats((dark < -0.03).astype(np.uint8), connectivity=8)
    found = []
    for i in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        r = math.sqrt(area / math.pi)
        if not DUST_RADIUS[0] * side <= r <= DUST_RADIUS[1] * side:
            continue
        if max(bw, bh) > 2 * min(bw, bh) or area < 0.6 * math.pi * (max(bw, bh) / 2) ** 2:
            continue  # not round
        cx, cy = centres[i]
        if inside is not None and not inside[int(cy), int(cx)]:
            continue
        pad = int(2.2 * r) + 3
        y0, y1, x0, x1 = max(0, y - pad), min(ph, y + bh + pad), max(0, x - pad), min(pw, x + bw + pad)
        comp = (labels[y0:y1, x0:x1] == i).astype(np.uint8)
        disc = lambda k: cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * k + 1, 2 * k + 1))  # noqa: E731
        ring = cv2.dilate(comp, disc(pad)).astype(bool) & ~cv2.dilate(comp, disc(int(0.7 * r) + 2)).astype(bool)
        if ring.sum() < 10:
            continue
        local = dark[y0:y1, x0:x1]
        depth = -float(local[comp.astype(bool)].min())
        if not DUST_DEPTH[0] <= depth <= DUST_DEPTH[1]:
            continue
        around = local[ring]
        scatter = 1.4826 * float(np.median(np.abs(around - np.median(around))))
        if scatter > DUST_SMOOTH * depth or scatter > DUST_SCATTER:
            continue  # texture, not a smooth surface
        yy, xx = np.unravel_index(int(np.argmin(np.where(comp.astype(bool), local, np.inf))), local.shape)
        spot, base = smooth[y0 + yy, x0 + xx], back[y0 + yy, x0 + xx]
        if float(base @ np.asarray(LUMA_WEIGHTS, np.float32)) < 0.15:
            continue  # too dark to show a shadow
        scale = float(spot @ base) / max(float(base @ base), 1e-6)
        if float(np.linalg.norm(spot - scale * base)) / max(float(np.linalg.norm(base)), 1e-3) > DUST_NEUTRAL * depth + 0.015:
            continue  # a speck of another colour: a thing, not a shadow
        found.append((float(cx) / s, float(cy) / s, DUST_COVER * r / s))
    return found


# ----------------------------------------------------------------------------- blemishes
#: A blemish (a spot, a pimple) on skin: darker or redder than the skin round it by at least
#: this much (relative darkening, or the lead of red over green as a part of their sum), at its
#: peak, with a radius between these parts of the skin's extent (a face's size).
BLEMISH_CONTRAST, BLEMISH_PEAK = 0.05, 0.08
BLEMISH_RADIUS = (0.006, 0.04)
#: The skin round a blemish is calmer than it: most of it (90 %) below this part of its peak.
BLEMISH_CALM = 0.5


def blemishes(rgb: np.ndarray, within: np.ndarray) -> list[tuple[float, float, float]]:
    """The blemishes on the skin inside ``within`` (a soft mask of any size: the faces found in
    the photo), as circles ``(x, y, radius)`` in ``rgb``'s pixels covering each with a margin:
    small, round spots darker or redder than the skin round them, wholly inside the skin (so
    eyes, nostrils, brows and lips, which are not skin, are never taken), on skin calmer than
    them. Empty when there are none (or no skin)."""
    img = np.asarray(rgb)
    if img.ndim != 3 or min(img.shape[:2]) < 32:
        return []
    h, w = img.shape[:2]
    skin = skin_tones(img, within) > 0.5
    ys, xs = np.nonzero(skin)
    if xs.size < 100:
        return []
    # the skin's box with a margin, at full resolution: a face's blemish is a few pixels
    size = float(max(xs.max() - xs.min(), ys.max() - ys.min()))
    rmax = max(2.0, BLEMISH_RADIUS[1] * size)
    pad = int(3 * rmax) + 2
    y0, y1, x0, x1 = max(0, ys.min() - pad), min(h, ys.max() + 1 + pad), max(0, xs.min() - pad), min(w, xs.max() + 1 + pad)
    f = _proxy(img[y0:y1, x0:x1], 1 << 30)
    sk = skin[y0:y1, x0:x1]
    weight = sk.astype(np.float32)
    sigma = 2.5 * rmax  # the skin round a spot: its mean over the skin alone, so a brow or a lip never tints it
    ref = cv2.GaussianBlur(f * weight[..., None], (0, 0), sigma) / np.maximum(
        cv2.GaussianBlur(weight, (0, 0), sigma), 1e-3)[..., None]
    luma = np.asarray(LUMA_WEIGHTS, np.float32)
    dark = cv2.GaussianBlur(1.0 - (f @ luma) / np.maximum(ref @ luma, 1e-3), (0, 0), 0.8)
    redness = lambda a: (a[..., 0] - a[..., 1]) / np.maximum(a[..., 0] + a[..., 1], 1e-3)  # noqa: E731
    red = cv2.GaussianBlur(redness(f) - redness(ref), (0, 0), 0.8)
    score = np.maximum(dark, red)
    inner = cv2.erode(sk.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5)))
    n, labels, stats, centres = cv2.connectedComponentsWithStats(((score > BLEMISH_CONTRAST) & (inner > 0)).astype(np.uint8),
                                                                 connectivity=8)
    found = []
    for i in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        r = math.sqrt(area / math.pi)
        if not BLEMISH_RADIUS[0] * size <= r <= rmax:
            continue
        if max(bw, bh) > 2 * min(bw, bh) or area < 0.5 * math.pi * (max(bw, bh) / 2) ** 2:
            continue  # not round: a crease, a shadow's edge
        p = int(2 * r) + 3
        a0, a1, b0, b1 = max(0, y - p), min(sk.shape[0], y + bh + p), max(0, x - p), min(sk.shape[1], x + bw + p)
        comp = (labels[a0:a1, b0:b1] == i).astype(np.uint8)
        ring = cv2.dilate(comp, np.ones((2 * p + 1, 2 * p + 1), np.uint8)).astype(bool) & \
            ~cv2.dilate(comp, np.ones((5, 5), np.uint8)).astype(bool)
        if not ring.any() or sk[a0:a1, b0:b1][ring].mean() < 0.9:
            continue  # at the skin's edge: an eye's corner, a nostril, a lip
        local = score[a0:a1, b0:b1]
        peak = float(local[comp.astype(bool)].max())
        if peak < BLEMISH_PEAK or float(np.percentile(local[ring], 90)) > BLEMISH_CALM * peak:
            continue
        cx, cy = centres[i]
        found.append((float(cx) + x0, float(cy) + y0, 1.8 * r))
    return found
