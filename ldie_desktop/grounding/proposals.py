"""Region proposals for a photo, made on a proxy (long side ``PROXY_SIDE``).

Sources, each optional (a missing model only removes its proposals):
- people: MediaPipe selfie segmentation gives the person mask, NanoDet's person boxes split it
  into instances; a box the selfie mask barely covers (small, distant people: the selfie model
  is trained on close-ups) gets its mask from the salient map or GrabCut inside the box;
  person-mask components no box claims become instances of their own;
- COCO objects: NanoDet boxes, masked by the salient map inside the box when it outlines
  something there, else by GrabCut;
- things: connected parts of the salient map (U²-Net-p), unlabelled objects that words naming
  something outside COCO-80 can still reach ("the koala"), and those of a second, coarser look
  with the first look's finds blurred away (the objects the main subject outshone);
- a closer look, on demand (``closer_look``): the salient model and the detector on four
  overlapping corners of the photo, where things the whole-photo look missed stand out (small
  ones, or ones a busy background outshone); the grounder asks for it when a phrase names
  something the detector found nothing (or only one) of;
- the main subject (the salient map) and its complement, the background;
- sky: colour, smoothness and position, connected to the top of the photo;
- water: what the sky's colour region holds below a horizon (a sea under the sky);
- vegetation (grass, trees, leaves): green by colour, people and objects left out;
- the rest: what no other proposal covers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import cv2
import numpy as np

from .models import Detection, Detector, FaceDetector, FaceMesh, ModelMissing, SalientSegmenter, SelfieSegmenter
from .proposal import Cues, Proposal, Proposals, cues_for

log = logging.getLogger(__name__)

PROXY_SIDE = 512
#: The seed GrabCut's k-means starts from (:func:`grabcut_box` gives the same mask every time).
GRABCUT_SEED = 20201130
MIN_AREA = 0.002  # smaller regions are noise at proxy resolution
DET_MIN_SCORE = 0.3
MAX_GRABCUTS = 8
#: The second salient look runs coarser (U²-Net-p at 128 px: ~0.1 s) and its finds rank below
#: the first look's.
SECOND_LOOK_SIDE = 128
SECOND_LOOK_SCORE = 0.7
#: The source of the second look's proposals (the matcher holds them in doubt).
SECOND_LOOK = "salient, second look"
#: The closer look: each corner tile spans this share of the photo's width and height, and
#: U²-Net-p runs on it at ``CLOSER_LOOK_SIDE`` (50 %, 70 %, a fifth centre tile and 192 px were
#: all worse on benchmark scenes 64-191). Its finds rank a little below the first look's.
CLOSER_LOOK_TILE = 0.6
CLOSER_LOOK_SIDE = 320
CLOSER_LOOK_SCORE = 0.8
CLOSER_LOOK = "salient, closer look"


def make_proxy(rgb: np.ndarray, long_side: int = PROXY_SIDE) -> np.ndarray:
    h, w = rgb.shape[:2]
    if rgb.dtype != np.uint8:
        rgb = (rgb // 257).astype(np.uint8) if rgb.dtype == np.uint16 else np.clip(rgb * 255, 0, 255).astype(np.uint8)
    s = long_side / max(h, w)
    if s >= 1.0:
        return np.ascontiguousarray(rgb[:, :, :3])
    size = (max(1, round(w * s)), max(1, round(h * s)))
    return cv2.resize(np.ascontiguousarray(rgb[:, :, :3]), size, interpolation=cv2.INTER_AREA)


@dataclass
class Sources:
    """The models proposals come from; any may be None."""

    selfie: SelfieSegmenter | None = None
    salient: SalientSegmenter | None = None
    detector: Detector | None = None
    faces: FaceDetector | None = None  # only for parts of a person ("her hair")
    mesh: FaceMesh | None = None  # only for parts of a face ("her lips", "his teeth")


def _run(name: str, fn, missing: list[str], *args):
    if fn is None:
        missing.append(name)
        return None
    try:
        return fn(*args)
    except ModelMissing as exc:
        missing.append(f"{name}: {exc}")
        return None


# ------------------------------------------------------------------ box masks


def _pad_box(box: tuple[float, float, float, float], shape: tuple[int, int], frac: float) -> tuple[int, int, int, int]:
    h, w = shape
    x0, y0, x1, y1 = box
    px, py = (x1 - x0) * frac, (y1 - y0) * frac
    return (max(0, int(x0 - px)), max(0, int(y0 - py)), min(w, int(np.ceil(x1 + px))), min(h, int(np.ceil(y1 + py))))


def grabcut_box(rgb: np.ndarray, box: tuple[float, float, float, float], side: int = 96, iters: int = 3,
                seed: np.ndarray | None = None) -> np.ndarray:
    """A soft mask of the object inside ``box`` (pixels of ``rgb``) by GrabCut on a small crop.
    ``seed`` (a probability map of ``rgb``'s size) marks pixels above 0.7 as sure foreground."""
    h, w = rgb.shape[:2]
    out = np.zeros((h, w), np.float32)
    X0, Y0, X1, Y1 = _pad_box(box, (h, w), 0.15)
    if X1 - X0 < 4 or Y1 - Y0 < 4:
        return out
    crop = rgb[Y0:Y1, X0:X1]
    s = min(1.0, side / max(crop.shape[:2]))
    small = cv2.resize(crop, (max(4, round(crop.shape[1] * s)), max(4, round(crop.shape[0] * s))), interpolation=cv2.INTER_AREA)
    sh, sw = small.shape[:2]
    rx, ry = max(1, int((box[0] - X0) * s)), max(1, int((box[1] - Y0) * s))
    rect = (rx, ry, max(2, min(sw - rx - 1, int((box[2] - box[0]) * s))), max(2, min(sh - ry - 1, int((box[3] - box[1]) * s))))
    gc = np.zeros((sh, sw), np.uint8)
    mode = cv2.GC_INIT_WITH_RECT
    if seed is not None:
        sure = cv2.resize(seed[Y0:Y1, X0:X1].astype(np.float32), (sw, sh), interpolation=cv2.INTER_AREA) > 0.7
        gc[:] = cv2.GC_BGD
        gc[rect[1]:rect[1] + rect[3], rect[0]:rect[0] + rect[2]] = cv2.GC_PR_FGD
        gc[sure & (gc == cv2.GC_PR_FGD)] = cv2.GC_FGD
        mode = cv2.GC_INIT_WITH_MASK
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    # GrabCut's k-means starts from OpenCV's random generator (one per thread): seeded, the same
    # photo gives the same mask whatever ran before it in the process
    cv2.setRNGSeed(GRABCUT_SEED)
    try:
        cv2.grabCut(np.ascontiguousarray(small[:, :, ::-1]), gc, rect, bgd, fgd, iters, mode)
    except cv2.error:
        return out
    fg = ((gc == cv2.GC_FGD) | (gc == cv2.GC_PR_FGD)).astype(np.float32)
    fg = cv2.GaussianBlur(fg, (0, 0), 0.7)
    out[Y0:Y1, X0:X1] = cv2.resize(fg, (X1 - X0, Y1 - Y0), interpolation=cv2.INTER_LINEAR)
    return out


def _box_window(shape: tuple[int, int], box: tuple[float, float, float, float], pad: float) -> np.ndarray:
    win = np.zeros(shape, np.float32)
    X0, Y0, X1, Y1 = _pad_box(box, shape, pad)
    win[Y0:Y1, X0:X1] = 1.0
    return win


def _object_mask(proxy: np.ndarray, prior: np.ndarray | None, box: tuple[float, float, float, float],
                 budget: list[int]) -> tuple[np.ndarray, str]:
    """A detected object's soft mask and how it was made: the salient map inside the box when
    it outlines something there, else GrabCut in the box (while ``budget`` lasts), else the box."""
    shape = proxy.shape[:2]
    if prior is not None and 0.15 <= _coverage(prior, box) <= 0.95 and _spill(prior, box, 0.08) < MAX_SPILL:
        return prior * _box_window(shape, box, 0.08), "salient+box"
    if budget[0] > 0:
        budget[0] -= 1
        return grabcut_box(proxy, box), "grabcut"
    return _box_window(shape, box, 0.0) * 0.6, "box"


#: When the salient map crosses this much of a box's outline, the box holds part of something
#: larger (a helmet on an astronaut's lap: the box and the salient map give a square of suit).
MAX_SPILL = 0.25


def _spill(prior: np.ndarray, box: tuple[float, float, float, float], pad: float) -> float:
    """How much of the outline of ``box`` (padded by ``pad``) the salient ``prior`` crosses: the
    part of the one-pixel ring just outside it where ``prior`` > 0.5 (sides at the photo's edge
    left out)."""
    h, w = prior.shape
    X0, Y0, X1, Y1 = _pad_box(box, (h, w), pad)
    ring = []
    if Y0 > 0:
        ring.append(prior[Y0 - 1, X0:X1])
    if Y1 < h:
        ring.append(prior[Y1, X0:X1])
    if X0 > 0:
        ring.append(prior[Y0:Y1, X0 - 1])
    if X1 < w:
        ring.append(prior[Y0:Y1, X1])
    ring = [r for r in ring if r.size]
    return float((np.concatenate(ring) > 0.5).mean()) if ring else 0.0


def _coverage(prior: np.ndarray, box: tuple[float, float, float, float]) -> float:
    X0, Y0, X1, Y1 = _pad_box(box, prior.shape, 0.0)
    if X1 <= X0 or Y1 <= Y0:
        return 0.0
    return float((prior[Y0:Y1, X0:X1] > 0.5).mean())


# ------------------------------------------------------------------ second look


def second_look(proxy: np.ndarray, seen: np.ndarray, segmenter, size: int = SECOND_LOOK_SIDE) -> np.ndarray:
    """Saliency once what the first look found (``seen``, bool) is blurred away: the objects its
    winner outshone (the banana beside the teapot), which would otherwise have no proposal.
    Zero inside ``seen`` and everywhere when nothing was seen (a second look would see the same)."""
    h, w = proxy.shape[:2]
    if not seen.any() or seen.all():
        return np.zeros((h, w), np.float32)
    k = max(3, (max(h, w) // 8) | 1)
    hidden = np.where(seen[..., None], cv2.blur(proxy, (k, k)), proxy)
    return (segmenter(hidden, size) * ~seen).astype(np.float32)


def _parts(prob: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """The connected parts of ``prob > 0.5`` large enough to be objects, each as (its soft mask,
    slightly grown so the soft edge stays; its pixels)."""
    h, w = prob.shape
    n, lab, stats, _ = cv2.connectedComponentsWithStats((prob > 0.5).astype(np.uint8), connectivity=8)
    out = []
    for i in range(1, n):
        if stats[i, cv2.CC_STAT_AREA] >= MIN_AREA * h * w:
            part = lab == i
            out.append((prob * cv2.dilate(part.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(np.float32), part))
    return out


# ------------------------------------------------------------------ closer look


def closer_look(props: Proposals, sources: Sources, side: int = CLOSER_LOOK_SIDE, workers: int = 2) -> list[Proposal]:
    """What a closer look at four overlapping corner tiles of the proxy finds, as proposals
    numbered after ``props`` (cues relative to its main subject): things the salient model sees
    in a tile, and objects the detector finds there that the whole-photo look did not (a ball in
    a player's hands). Costs four salient and four detector runs, on ``workers`` threads
    (onnxruntime lets go of the GIL)."""
    from concurrent.futures import ThreadPoolExecutor

    proxy = props.proxy
    h, w = proxy.shape[:2]
    th, tw = max(8, round(h * CLOSER_LOOK_TILE)), max(8, round(w * CLOSER_LOOK_TILE))
    corners = [(y0, x0) for y0 in (0, h - th) for x0 in (0, w - tw)]

    def look(corner: tuple[int, int]) -> tuple[np.ndarray | None, list[Detection]]:
        y0, x0 = corner
        tile = proxy[y0:y0 + th, x0:x0 + tw]
        missing: list[str] = []
        prob = _run("salient object", sources.salient, missing, tile, side)
        dets = _run("object detector", sources.detector, missing, tile, DET_MIN_SCORE) or []
        return prob, dets

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        looks = list(pool.map(look, corners))
    raw: list[tuple[str, str, np.ndarray, float]] = []
    known = [p for p in props if p.kind == "object"]
    budget = [MAX_GRABCUTS // 2]
    for (y0, x0), (prob, dets) in zip(corners, looks):
        full = np.zeros((h, w), np.float32)
        if prob is not None:
            full[y0:y0 + th, x0:x0 + tw] = prob
            # a part the tile cuts competes with the whole seen elsewhere
            raw += [("thing", "thing", m, CLOSER_LOOK_SCORE * float(full[part].mean())) for m, part in _parts(full)]
        for d in dets:
            if d.label == "person":  # people have their own model
                continue
            box = (d.box[0] + x0, d.box[1] + y0, d.box[2] + x0, d.box[3] + y0)
            if any(p.label == d.label and _box_iou(p.cues.box, box, (h, w)) >= 0.5 for p in known):
                continue
            m, _ = _object_mask(proxy, full if prob is not None else None, box, budget)
            if m.sum() >= MIN_AREA * h * w * 0.25:
                raw.append((d.label, "object", m.astype(np.float32), CLOSER_LOOK_SCORE * d.score))
    next_id = max((p.id for p in props), default=-1) + 1
    found = [Proposal(label, kind, m, score, cues_for(m), CLOSER_LOOK, next_id + i)  # type: ignore[arg-type]
             for i, (label, kind, m, score) in enumerate(raw)]
    subject = next((p.mask for p in props if p.kind == "subject"), None)
    return _relative_cues(list(props) + found, subject)[len(props):]


def _box_iou(frac_box: tuple[float, float, float, float], box: tuple[float, float, float, float],
             shape: tuple[int, int]) -> float:
    """IoU of a box in fractions of the image (a proposal's cue) and one in pixels."""
    h, w = shape
    a = (frac_box[0] * w, frac_box[1] * h, frac_box[2] * w, frac_box[3] * h)
    ix = max(0.0, min(a[2], box[2]) - max(a[0], box[0]))
    iy = max(0.0, min(a[3], box[3]) - max(a[1], box[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (box[2] - box[0]) * (box[3] - box[1]) - inter
    return inter / union if union > 0 else 0.0


# ------------------------------------------------------------------ sky


#: The share of the frame's top edge a sky must reach to count fully.
SKY_EDGE = 0.05
#: A region this blue (0-1) is a blue sky; one in the top fifth of the frame that does not reach
#: its top edge (branches over it) counts when it is at least this part of the frame.
SKY_BLUE, SKY_HIDDEN_AREA = 0.5, 0.02


def sky_mask(rgb: np.ndarray, exclude: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """(soft sky mask, score) from colour (blue, or bright and grey), smoothness and position:
    candidate pixels connected to the top tenth of the photo."""
    h, w = rgb.shape[:2]
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV).astype(np.float32)
    hue, sat, val = hsv[..., 0] * 2.0, hsv[..., 1] / 255.0, hsv[..., 2] / 255.0
    blue = np.clip(1.0 - np.abs(hue - 210.0) / 40.0, 0, 1) * np.clip((sat - 0.08) / 0.15, 0, 1) * np.clip((val - 0.3) / 0.2, 0, 1)
    grey = np.clip((0.22 - sat) / 0.1, 0, 1) * np.clip((val - 0.55) / 0.15, 0, 1)
    colour = np.maximum(blue, grey)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    k = max(3, (max(h, w) // 100) | 1)
    mean = cv2.blur(gray, (k, k))
    std = np.sqrt(np.maximum(cv2.blur(gray * gray, (k, k)) - mean * mean, 0.0))
    smooth = np.clip((0.05 - std) / 0.03, 0, 1)
    prob = colour * smooth
    if exclude is not None:
        prob = prob * (1.0 - exclude)
    cand = (prob > 0.35).astype(np.uint8)
    n, lab, stats, _ = cv2.connectedComponentsWithStats(cand, connectivity=4)
    keep = np.zeros(n, bool)
    top = max(1, h // 10)
    blueness = np.bincount(lab.ravel(), weights=blue.ravel(), minlength=n) / np.maximum(stats[:, cv2.CC_STAT_AREA], 1)
    for i in range(1, n):
        y, area = stats[i, cv2.CC_STAT_TOP], stats[i, cv2.CC_STAT_AREA]
        keep[i] = area >= 0.01 * h * w and (y < top or (  # a blue sky behind branches need not reach the top
            blueness[i] > SKY_BLUE and y < h // 5 and area >= SKY_HIDDEN_AREA * h * w))
    big_blue = [i for i in range(1, n) if keep[i] and blueness[i] > SKY_BLUE]
    hidden = any(stats[i, cv2.CC_STAT_TOP] >= top for i in big_blue)
    if big_blue:  # a blue sky found: grey patches apart from it and smaller are walls, not more sky
        largest = max(stats[i, cv2.CC_STAT_AREA] for i in big_blue)
        for i in range(1, n):
            if keep[i] and blueness[i] < 0.05 and stats[i, cv2.CC_STAT_AREA] < largest:
                keep[i] = False
    region = keep[lab]
    if not region.any():
        return np.zeros((h, w), np.float32), 0.0
    # close small holes (birds, wires) inside the region
    region = cv2.morphologyEx(region.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((k, k), np.uint8)).astype(bool)
    soft = region.astype(np.float32)  # all of the sky alike: a mask following its pixels' blueness showed a JPEG's blocks
    soft = cv2.GaussianBlur(soft, (0, 0), 1.0)
    upper = float(region[: h // 2].sum()) / max(1.0, float(region.sum()))  # sky sits high
    # and reaches the frame's top edge: a white wall under an indoor ceiling does not (the
    # opencv-doc basketball photos: 0 % of the top edge; real skies, even behind a building, 9-100 %)
    edge = float(region[: max(1, h // 100)].mean())
    if hidden and edge < SKY_EDGE:  # a blue sky behind a tree's crown reaches the top edge through its gaps
        edge = SKY_EDGE
    score = float(prob[region].mean()) * (0.5 + 0.5 * upper) * min(1.0, float(region.mean()) / 0.05 + 0.3) \
        * min(1.0, edge / SKY_EDGE)
    return soft, min(1.0, score)


def split_horizon(rgb: np.ndarray, sky: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """(sky, water) when the sky's colour region runs on below a horizon (a calm sea under a
    blue sky is as blue and as smooth): the row where its mean colour steps by more than
    ``HORIZON_STEP`` (CIELAB) from the rows above to the rows below, across most of the width;
    a sky's own gradient never steps so. ``water`` is None when there is no such horizon."""
    h, w = sky.shape
    region = sky > 0.5
    rows = region.mean(axis=1)
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
    lab[..., 0] *= 100.0 / 255.0
    lab[..., 1:] -= 128.0
    k = max(2, h // 30)
    sums = (lab * region[..., None]).sum(axis=1)  # (h, 3) per row, over the region
    counts = region.sum(axis=1).astype(np.float32)
    best, best_y = 0.0, -1
    for y in range(k, h - k):
        if rows[y - k: y + k].min() < HORIZON_WIDTH:
            continue
        above = sums[y - k: y].sum(0) / counts[y - k: y].sum()
        below = sums[y: y + k].sum(0) / counts[y: y + k].sum()
        step = float(np.linalg.norm(above - below))
        if step > best:
            best, best_y = step, y
    if best < HORIZON_STEP or best_y < 0:
        return sky, None
    below = region.copy()
    below[:best_y] = False
    if below.mean() < 0.02 or region[:best_y].mean() < 0.02:
        return sky, None
    cut = np.ones((h, 1), np.float32)
    cut[best_y:] = 0.0
    return (sky * cut).astype(np.float32), (sky * (1.0 - cut)).astype(np.float32)


#: A horizon: the sky region's mean colour steps by this much (CIELAB) across it, on rows the
#: region spans this much of.
HORIZON_STEP, HORIZON_WIDTH = 8.0, 0.6


# ------------------------------------------------------------------ vegetation


def vegetation_mask(rgb: np.ndarray, exclude: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """(soft mask, score) of grass, trees and leaves by their colour: green hues (yellow-green
    to blue-green, as dry grass and shade shift them), saturated enough and not black, where
    green leads red and blue; parts of at least 1 % of the photo, people and detected objects
    left out (``exclude``). There is no scene-segmentation model among the offline weights:
    this is what "darken the grass" and "make the trees greener" get."""
    h, w = rgb.shape[:2]
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV).astype(np.float32)
    hue, sat, val = hsv[..., 0] * 2.0, hsv[..., 1] / 255.0, hsv[..., 2] / 255.0
    hue_ok = np.clip((hue - 50.0) / 15.0, 0, 1) * np.clip((175.0 - hue) / 15.0, 0, 1)
    f = rgb.astype(np.float32)
    lead = (2.0 * f[..., 1] - f[..., 0] - f[..., 2]) / np.maximum(f.sum(axis=2), 1.0)  # excess green
    prob = hue_ok * np.clip((sat - 0.12) / 0.1, 0, 1) * np.clip((val - 0.08) / 0.1, 0, 1) * np.clip(lead / 0.08, 0, 1)
    k = max(3, (max(h, w) // 100) | 1)
    prob = cv2.blur(prob, (k, k))  # leaves and blades between their shadows are one region
    if exclude is not None:
        prob = prob * (1.0 - exclude)
    cand = (prob > 0.35).astype(np.uint8)
    n, lab, stats, _ = cv2.connectedComponentsWithStats(cand, connectivity=8)
    keep = np.zeros(n, bool)
    for i in range(1, n):
        keep[i] = stats[i, cv2.CC_STAT_AREA] >= 0.01 * h * w
    region = keep[lab]
    if not region.any():
        return np.zeros((h, w), np.float32), 0.0
    region = cv2.morphologyEx(region.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((k, k), np.uint8)).astype(bool)
    if exclude is not None:
        region &= exclude < 0.5
    soft = cv2.GaussianBlur(np.where(region, np.maximum(prob, 0.5), 0.0).astype(np.float32), (0, 0), 1.0)
    score = float(prob[region].mean()) * min(1.0, float(region.mean()) / 0.05 + 0.3)
    return soft, min(1.0, score)


# ------------------------------------------------------------------ people


#: A person mask spanning less of its box's height than this saw only a part (a head and arm,
#: the legs lost against a floor of the same grey).
PERSON_MIN_SPAN = 0.7
#: Only a box this sure is completed (a weak "person" box is as often a ball or a coat).
PERSON_SURE = 0.5


def _whole_person(m: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray | None:
    """What removing the person in ``box`` must cover when ``m`` spans too little of the box's
    height (``m`` plus the box's body-shaped core), else None. A detector's person box is tight
    from head to feet, and a removal that leaves the legs behind is worse than one that takes
    some floor with it; a tonal edit keeps ``m``, which does not spill onto the wall."""
    h, w = m.shape
    X0, Y0, X1, Y1 = _pad_box(box, (h, w), 0.0)
    if X1 - X0 < 2 or Y1 - Y0 < 2:
        return None
    rows = np.flatnonzero((m[Y0:Y1, X0:X1] > 0.5).any(axis=1))
    if rows.size and (rows[-1] - rows[0] + 1) >= PERSON_MIN_SPAN * (Y1 - Y0):
        return None
    core = np.zeros((h, w), np.float32)
    inset = int(round(0.15 * (X1 - X0)))  # people are narrower than their box (arms out)
    core[Y0:Y1, X0 + inset: max(X0 + inset + 1, X1 - inset)] = 1.0
    core = cv2.GaussianBlur(core, (0, 0), max(1.0, 0.03 * (X1 - X0)))
    return np.maximum(m, core).astype(np.float32)


def _person_instances(proxy: np.ndarray, person: np.ndarray | None, salient: np.ndarray | None,
                      boxes: list[Detection], budget: list[int], boxes_seen: bool) -> list[tuple]:
    """Each person as (mask, score, source, cover): ``cover`` is what removing them must cover
    when the mask saw only part of them (see :func:`_whole_person`), else None."""
    h, w = proxy.shape[:2]
    claimed = np.zeros((h, w), np.float32)
    out: list[tuple] = []
    # large, confident boxes first: they are in front and own the pixels they share
    order = sorted(boxes, key=lambda d: -d.score * (d.box[2] - d.box[0]) * (d.box[3] - d.box[1]))
    for d in order:
        win = _box_window((h, w), d.box, 0.05)
        m, src = None, ""
        # a whole person fills about half its box; less means the model saw only a part
        cov_p = _coverage(person, d.box) if person is not None else 0.0
        union = np.maximum(person if person is not None else 0.0, salient if salient is not None else 0.0) * win
        cov_u = _coverage(union, d.box) if person is not None or salient is not None else 0.0
        if cov_p >= 0.35:
            m, src = person * win, "selfie+box"
        elif 0.2 <= cov_u <= 0.9:
            m, src = union, "selfie+salient+box"
        elif budget[0] > 0:
            budget[0] -= 1
            m, src = grabcut_box(proxy, d.box, seed=union if cov_u > 0.03 else None), "grabcut"
        if m is None:
            continue
        cover = _whole_person(m, d.box) if d.score >= PERSON_SURE else None
        m = m * (1.0 - claimed)
        if m.sum() < MIN_AREA * h * w * 0.25:
            continue
        claimed = np.maximum(claimed, (m > 0.5).astype(np.float32))
        out.append((m, d.score, src, None if cover is None else cover * (1.0 - claimed)))
    if person is not None:
        # person-mask parts no box claimed: an arm cut off by its box joins that instance; a
        # separate part is a person of its own only if it is large and sure (without a box,
        # the selfie model also fires on round, skin-coloured things)
        rest = ((person > 0.5) & (claimed < 0.5)).astype(np.uint8)
        n, lab, stats, _ = cv2.connectedComponentsWithStats(rest, connectivity=8)
        ring = np.ones((5, 5), np.uint8)
        for i in range(1, n):
            if stats[i, cv2.CC_STAT_AREA] < 4 * MIN_AREA * h * w:
                continue
            part = (lab == i)
            m = (person * part).astype(np.float32)
            touching = cv2.dilate(part.astype(np.uint8), ring).astype(bool)
            owners = [k for k, (om, *_) in enumerate(out) if (om[touching] > 0.5).any()]
            if owners:
                k = max(owners, key=lambda k: float((out[k][0][touching] > 0.5).sum()))
                out[k] = (np.maximum(out[k][0], m), *out[k][1:])
            elif (float(person[part].mean()) > 0.85 and stats[i, cv2.CC_STAT_AREA] >= (0.10 if boxes_seen else 0.03) * h * w):
                out.append((m, 0.6 * float(person[part].mean()), "selfie", None))
    return out


#: A person whose mask covers this much of the ring just outside an object surrounds it.
ENCLOSED = 0.85


def _without_objects(person: np.ndarray, objects: list[np.ndarray]) -> np.ndarray:
    """``person`` less the detected ``objects`` (bool masks) that stick out of them."""
    out = person
    inside = person > 0.5
    ring_kernel = np.ones((5, 5), np.uint8)
    for obj in objects:
        if not (obj & inside).any():
            continue
        o8 = obj.astype(np.uint8)
        ring = (cv2.dilate(o8, ring_kernel) > 0) & ~obj
        if ring.any() and float(inside[ring].mean()) >= ENCLOSED:
            continue  # part of what they wear or hold
        out = np.where(obj, 0.0, out)
    return out.astype(np.float32)


# ------------------------------------------------------------------ all


def build_proposals(rgb: np.ndarray, sources: Sources, proxy_side: int = PROXY_SIDE) -> Proposals:
    """Every proposal for ``rgb`` (uint8/uint16/float RGB of any size), on a proxy."""
    proxy = make_proxy(rgb, proxy_side)
    h, w = proxy.shape[:2]
    missing: list[str] = []
    person = _run("person segmentation", sources.selfie, missing, proxy)
    salient = _run("salient object", sources.salient, missing, proxy)
    dets = _run("object detector", sources.detector, missing, proxy, DET_MIN_SCORE) or []
    if person is not None and float(person.max()) < 0.5:
        person = None
    budget = [MAX_GRABCUTS]
    raw: list[tuple] = []  # label, kind, mask, score, source[, what removing it must cover]

    people = _person_instances(proxy, person, salient, [d for d in dets if d.label == "person"], budget,
                               sources.detector is not None and "object detector" not in " ".join(missing))

    for d in dets:
        if d.label == "person":
            continue
        m, src = _object_mask(proxy, salient, d.box, budget)
        if m.sum() >= MIN_AREA * h * w * 0.25:
            raw.append((d.label, "object", m.astype(np.float32), d.score, src))

    # a person's box often holds the ball they kick: detected objects are not part of them,
    # unless the person surrounds the object (a badge on a suit, a phone held to the chest)
    objects = [m > 0.5 for _, k, m, _, _ in raw if k == "object"]
    if objects:
        people = [(_without_objects(m, objects), s, src, cover) for m, s, src, cover in people]
    raw[:0] = [("person", "person", m, s, src, cover) for m, s, src, cover in people if m.sum() >= MIN_AREA * h * w * 0.25]

    subject = None
    if salient is not None and float(salient.max()) >= 0.5 and (salient > 0.5).mean() >= MIN_AREA:
        subject = salient
        conf = float(salient[salient > 0.5].mean())
        raw += [("thing", "thing", m, conf, "salient") for m, _ in _parts(salient)]
        seen = cv2.dilate((salient > 0.3).astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
        again = second_look(proxy, seen, sources.salient)
        raw += [("thing", "thing", m, SECOND_LOOK_SCORE * float(again[part].mean()), SECOND_LOOK)
                for m, part in _parts(again)]
        # the salient map alone: adding detected people and objects to it was tried and lowered
        # the kept-foreground IoU (0.65 -> 0.49): the detector's false positives join the subject
        raw.append(("subject", "subject", salient.astype(np.float32), conf, "salient"))
        raw.append(("background", "background", (1.0 - salient).astype(np.float32), conf, "salient"))

    things = [m for _, k, m, *_ in raw if k in ("person", "object", "thing")]
    occupied = np.max(np.stack(things), axis=0) if things else np.zeros((h, w), np.float32)
    sky, sky_score = sky_mask(proxy, occupied)
    if sky_score >= 0.2:
        sky, water = split_horizon(proxy, sky)  # a sea under the sky is not sky
        raw.append(("sky", "sky", sky, sky_score, "colour+position"))
        occupied = np.maximum(occupied, sky)
        if water is not None:
            raw.append(("water", "water", water, sky_score, "below the horizon"))
            occupied = np.maximum(occupied, water)
    bodies = [m for _, k, m, *_ in raw if k in ("person", "object")]  # a person on the grass is not grass
    green, green_score = vegetation_mask(proxy, np.max(np.stack(bodies), axis=0) if bodies else None)
    if green_score >= 0.2:
        raw.append(("vegetation", "vegetation", green, green_score, "colour"))
        occupied = np.maximum(occupied, green)
    rest = 1.0 - occupied
    if (rest > 0.5).mean() >= 0.05:
        raw.append(("rest", "rest", rest.astype(np.float32), 0.3, "complement"))

    props = [Proposal(label, kind, m, float(s), cues_for(m), src, i, cover[0] if cover else None)
             for i, (label, kind, m, s, src, *cover) in enumerate(raw)]
    return Proposals(_relative_cues(props, subject), proxy, rgb.shape[:2], tuple(missing))


def _relative_cues(props: list[Proposal], subject: np.ndarray | None) -> list[Proposal]:
    """near/far among instances of the same label (size and how low they stand), and whether an
    instance lies behind (outside) the main subject."""
    out = []
    for p in props:
        c = p.cues
        if p.kind in ("person", "object", "thing"):
            peers = [q for q in props if q.label == p.label]
            amax = max(q.cues.area for q in peers)
            size_rel = np.sqrt(c.area / amax) if amax > 0 else 1.0
            near = float(0.65 * size_rel + 0.35 * c.box[3])
            inside = 0.0
            if subject is not None:
                inside = float((subject * p.mask).sum() / max(p.mask.sum(), 1e-6))
            c = replace(c, near=near, is_subject=inside >= 0.5,
                        behind_subject=subject is not None and inside < 0.3 and p.kind != "thing")
        out.append(replace(p, cues=c))
    return out


__all__ = ["PROXY_SIDE", "Sources", "build_proposals", "make_proxy", "sky_mask", "grabcut_box", "Cues"]
