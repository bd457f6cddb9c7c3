"""From chosen proposals to the layer's mask: snapped to the photo's edges, then shaped for the
operation (dilated for removal, crisp for background replacement, feathered for tonal edits)."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from ..document.mask import Mask

#: Operations that delete what the mask covers: the mask must overreach, never fall short.
REMOVAL_OPS = frozenset({"inpaint_obj"})
#: Operations that cut the subject out: a crisp matte, no feather.
MATTE_OPS = frozenset({"color_bg"})
#: Longest side the final mask is refined at (the Mask resizes to whatever is rendered).
REFINE_SIDE = 1024


def guided_filter(guide: np.ndarray, src: np.ndarray, radius: int, eps: float) -> np.ndarray:
    """He et al.'s guided filter with a grey guide: ``src`` smoothed but following the guide's
    edges. ``guide`` and ``src`` float32 ``(H, W)``; radius 0 returns ``src``."""
    if radius <= 0:
        return src.astype(np.float32)
    k = (2 * radius + 1, 2 * radius + 1)
    I, p = guide.astype(np.float32), src.astype(np.float32)
    mI, mp = cv2.boxFilter(I, -1, k), cv2.boxFilter(p, -1, k)
    cov = cv2.boxFilter(I * p, -1, k) - mI * mp
    var = cv2.boxFilter(I * I, -1, k) - mI * mI
    a = cov / (var + eps)
    b = mp - a * mI
    return cv2.boxFilter(a, -1, k) * I + cv2.boxFilter(b, -1, k)


def refine_to_edges(mask: np.ndarray, guide_rgb: np.ndarray | None) -> np.ndarray:
    """The mask at the guide's resolution, its edge moved onto the guide's edges."""
    if guide_rgb is None:
        return mask.astype(np.float32)
    h, w = guide_rgb.shape[:2]
    m = cv2.resize(mask.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR) if mask.shape != (h, w) else mask
    gray = cv2.cvtColor(guide_rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    r = max(2, round(max(h, w) / 160))
    out = guided_filter(gray, m.astype(np.float32), r, 1e-3)
    # only the band around the edge may change: the guide must not eat holes into the inside
    edge = (cv2.dilate((m > 0.5).astype(np.uint8), np.ones((2 * r + 1,) * 2, np.uint8))
            - cv2.erode((m > 0.5).astype(np.uint8), np.ones((2 * r + 1,) * 2, np.uint8))).astype(bool)
    return np.clip(np.where(edge, out, m), 0.0, 1.0).astype(np.float32)


#: Skin in YCrCb (a classic, lighting-tolerant box; it misses some very dark or very pale skin
#: under coloured light, and then the whole person is kept).
SKIN_CR, SKIN_CB, SKIN_MIN_Y = (135, 180), (85, 135), 40
#: The head is in this top share of a person's height.
HEAD_SHARE = 0.4


#: Hair round a face found as a box from the brows to the chin (in the box's widths and heights): as
#: far out from its sides, as high above its top and as low below its bottom; the face itself an
#: ellipse this wide and tall round a centre this far down the box.
HAIR_SIDE, HAIR_ABOVE, HAIR_BELOW = 0.5, 0.9, 0.05
FACE_HALF_WIDTH, FACE_HALF_HEIGHT, FACE_CENTRE = 0.52, 0.62, 0.5
#: Pixels this near (CIELAB) to the colour of the face's cheeks are its skin, not its hair.
HAIR_SKIN = 16.0


#: A face's own outline round its box (brows to chin): an ellipse this wide and tall round a
#: centre this far down the box, up to the hairline and below the chin.
FACE_ZONE_HALF_WIDTH, FACE_ZONE_HALF_HEIGHT = 0.62, 0.7


def face_zone(faces: list[tuple[float, float, float, float, float]], size: tuple[int, int],
              shape: tuple[int, int]) -> np.ndarray:
    """``shape`` float32 (0..1, softened): the ellipse of each face (``faces``: boxes in a ``size``
    (h, w) image) from its hairline to below its chin."""
    h, w = shape
    sy, sx = h / size[0], w / size[1]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    zone = np.zeros((h, w), np.float32)
    soft = 1.0
    for x0, y0, x1, y1, _ in faces:
        x0, x1, y0, y1 = x0 * sx, x1 * sx, y0 * sy, y1 * sy
        fw, fh = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
        inside = ((xx - (x0 + x1) / 2.0) / (FACE_ZONE_HALF_WIDTH * fw)) ** 2 + \
            ((yy - (y0 + FACE_CENTRE * fh)) / (FACE_ZONE_HALF_HEIGHT * fh)) ** 2 <= 1.0
        zone = np.maximum(zone, inside.astype(np.float32))
        soft = max(soft, 0.04 * fw)
    return cv2.GaussianBlur(zone, (0, 0), soft) if zone.any() else zone


def hair_part(region: np.ndarray, faces: list[tuple[float, float, float, float, float]],
              size: tuple[int, int], rgb: np.ndarray | None = None) -> np.ndarray | None:
    """The hair of the people in ``region``: their pixels round each face (``faces``: boxes in a
    ``size`` (h, w) image, from :class:`~.models.FaceDetector`), above and beside it, the face's
    own ellipse and its skin left out; with ``rgb``, of the colour of the hair above the face and
    joined to it, down past the chin for long hair. None when no face is found in a person or too little of it shows (a
    bald head, a hat: the caller keeps the person)."""
    h, w = region.shape
    sy, sx = h / size[0], w / size[1]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    zone = np.zeros((h, w), np.float32)
    for x0, y0, x1, y1, _ in faces:
        x0, x1, y0, y1 = x0 * sx, x1 * sx, y0 * sy, y1 * sy
        fw, fh = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
        band = (xx >= x0 - HAIR_SIDE * fw) & (xx <= x1 + HAIR_SIDE * fw) & (yy >= y0 - HAIR_ABOVE * fh) \
            & (yy <= y1 + HAIR_BELOW * fh)
        cx, cy = (x0 + x1) / 2.0, y0 + FACE_CENTRE * fh
        face = ((xx - cx) / (FACE_HALF_WIDTH * fw)) ** 2 + ((yy - cy) / (FACE_HALF_HEIGHT * fh)) ** 2 <= 1.0
        part = band & ~face
        if rgb is not None:  # the face's own skin (its cheeks' colour) beside the ellipse: the forehead, the ears
            from .tonal import colour_mask

            small = cv2.resize(np.asarray(rgb)[..., :3], (w, h), interpolation=cv2.INTER_AREA)
            not_skin = np.ones((h, w), bool)
            cheeks = small[int(y0 + 0.55 * fh): int(y0 + 0.8 * fh), int(x0 + 0.2 * fw): int(x1 - 0.2 * fw)]
            if cheeks.size:
                skin = np.median(cheeks.reshape(-1, 3), axis=0) / (255.0 if small.dtype == np.uint8 else 1.0)
                not_skin = colour_mask(small, tuple(float(v) for v in skin), HAIR_SKIN, side=max(h, w)) < 0.5
                part &= not_skin
            part = _like_the_crown(part, small, (region > 0.5) & ~face, not_skin, (x0, y0, x1, y1), xx, yy)
        zone = np.maximum(zone, part.astype(np.float32))
        soft = max(1.0, 0.04 * fw)
    if not zone.any():
        return None
    zone = cv2.GaussianBlur(zone, (0, 0), soft)
    hair = (region * zone).astype(np.float32)
    if float((hair > 0.5).mean()) < 0.001:
        return None
    return hair


#: Hair has the colour of the hair above the face (CIELAB, lightness counted half) within this;
#: long hair is looked for this many face heights below the chin.
HAIR_LIKE, HAIR_LONG = 22.0, 1.5
#: Below the chin, this far either side of the face's middle (in face widths) is the neck.
HAIR_NECK = 0.35


def _like_the_crown(part: np.ndarray, rgb: np.ndarray, person: np.ndarray, not_skin: np.ndarray,
                    box: tuple[float, float, float, float], xx: np.ndarray, yy: np.ndarray) -> np.ndarray:
    """``part`` (the hair round a face's ``box``) kept to the colour of the hair above the face,
    and grown down by the pixels of that colour in ``person`` (the person less the face) joined
    to it, beside the neck (long hair below the chin);
    a collar, a hood or a scarf beside the face, of other colours, left out. As it was when too
    little hair shows above the face to tell its colour (a hat, a bald head)."""
    x0, y0, x1, y1 = box
    fw, fh = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    crown = part & person & (yy < y0 + 0.1 * fh)
    if int(crown.sum()) < 20:
        return part
    lab = cv2.cvtColor(rgb.astype(np.float32) / (255.0 if rgb.dtype == np.uint8 else 1.0), cv2.COLOR_RGB2LAB)
    ref = np.median(lab[crown], axis=0)
    like = np.sqrt(((lab[..., 0] - ref[0]) / 2.0) ** 2 + (lab[..., 1] - ref[1]) ** 2 + (lab[..., 2] - ref[2]) ** 2) < HAIR_LIKE
    neck = (np.abs(xx - (x0 + x1) / 2.0) < HAIR_NECK * fw) & (yy > y1 - 0.1 * fh)  # under the chin: a neck, not hair
    below = person & not_skin & like & ~neck & (xx >= x0 - HAIR_SIDE * fw) & (xx <= x1 + HAIR_SIDE * fw) & (yy > y0) \
        & (yy <= y1 + HAIR_LONG * fh)
    candidate = ((part & (yy < y0 + 0.1 * fh)) | (part & like) | below).astype(np.uint8)
    n, labels = cv2.connectedComponents(candidate, connectivity=8)
    joined = np.unique(labels[crown & (candidate > 0)])
    # what is round the person stays (the caller multiplies by the person, so the soft edge is its own)
    return np.isin(labels, joined[joined > 0]) | (part & ~person)


def skin_part(region: np.ndarray, rgb: np.ndarray, head: bool) -> np.ndarray | None:
    """The skin inside a person ``region`` (soft, at ``rgb``'s resolution), only in the top of
    each person with ``head`` ("brighten her face"), else all of it ("warmer skin tones").
    None when too little skin shows to trust it (the caller keeps the whole person)."""
    h, w = region.shape
    if rgb.shape[:2] != (h, w):
        rgb = cv2.resize(rgb, (w, h), interpolation=cv2.INTER_AREA)
    ycc = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2YCrCb)
    skin = ((ycc[..., 1] >= SKIN_CR[0]) & (ycc[..., 1] <= SKIN_CR[1]) & (ycc[..., 2] >= SKIN_CB[0])
            & (ycc[..., 2] <= SKIN_CB[1]) & (ycc[..., 0] >= SKIN_MIN_Y))
    person = region > 0.5
    keep = skin & person
    if head:
        n, lab, stats, _ = cv2.connectedComponentsWithStats(person.astype(np.uint8), connectivity=8)
        top = np.zeros_like(person)
        for i in range(1, n):
            y0, hh = stats[i, cv2.CC_STAT_TOP], stats[i, cv2.CC_STAT_HEIGHT]
            top[y0 : y0 + max(1, int(round(hh * HEAD_SHARE)))] |= lab[y0 : y0 + max(1, int(round(hh * HEAD_SHARE)))] == i
        keep &= top
    k = max(3, (max(h, w) // 100) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    keep = cv2.morphologyEx(cv2.morphologyEx(keep.astype(np.uint8), cv2.MORPH_OPEN, kernel), cv2.MORPH_CLOSE, kernel)
    n, lab, stats, _ = cv2.connectedComponentsWithStats(keep, connectivity=8)
    if n <= 1:
        return None
    areas = stats[1:, cv2.CC_STAT_AREA]
    if areas.max() < 0.002 * h * w:
        return None
    big = np.isin(lab, 1 + np.flatnonzero(areas >= 0.15 * areas.max()))
    return (region * big).astype(np.float32)


def shape_for_op(mask: np.ndarray, op: str) -> np.ndarray:
    """Dilate for removal, keep crisp for mattes, feather for everything else."""
    h, w = mask.shape
    diag = float(np.hypot(h, w))
    if op in REMOVAL_OPS:
        # cover the halo, the shadow edge and the part of the object the mask missed
        r = max(2, round(0.012 * diag))
        hard = (mask > 0.4).astype(np.uint8)
        grown = cv2.dilate(hard, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1)))
        return grown.astype(np.float32)
    if op in MATTE_OPS:
        return np.clip((mask - 0.5) * 4.0 + 0.5, 0.0, 1.0).astype(np.float32)
    sigma = max(0.8, 0.004 * diag)
    return cv2.GaussianBlur(mask.astype(np.float32), (0, 0), sigma)


def guide_image(rgb: np.ndarray | None, proxy: np.ndarray | None, side: int = REFINE_SIDE) -> np.ndarray | None:
    """The guide to refine at: the photo at no more than ``side`` px, else the proxy."""
    if rgb is None:
        return proxy
    from .proposals import make_proxy

    return make_proxy(rgb, side)


def final_mask(op: str, soft: np.ndarray, guide_rgb: np.ndarray | None) -> Mask:
    """The layer's Mask for ``op`` from a combined soft selection (proxy resolution)."""
    refined = refine_to_edges(soft, guide_rgb)
    return Mask(shape_for_op(refined, op))


# ------------------------------------------------------------------ parts of a face (Face Mesh)
#: The outline of each part of a face, as indices of MediaPipe Face Mesh's 468 landmarks in
#: order round it (the model's own topology). "Right" is the person's right.
FACE_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148,
             176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109)
LIPS_OUTER = (61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185)
LIPS_INNER = (78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308, 415, 310, 311, 312, 13, 82, 81, 80, 191)
RIGHT_EYE = (33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246)
LEFT_EYE = (263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466)
RIGHT_BROW = (70, 63, 105, 66, 107, 55, 65, 52, 53, 46)
LEFT_BROW = (300, 293, 334, 296, 336, 285, 295, 282, 283, 276)
#: Each lower eyelid from the eye's outer corner to its inner one (the right eye's, then the left's).
LOWER_LIDS = ((33, 7, 163, 144, 145, 153, 154, 155, 133), (263, 249, 390, 373, 374, 380, 381, 382, 362))
#: The skin under an eye, where dark circles and bags are: from just below the lid (this share of
#: the eye's width, the lashes left out) down this share at its middle, tapering to the corners.
UNDER_EYE_GAP, UNDER_EYE_DEPTH = 0.12, 0.5
#: An iris's radius for its eye's width (corner to corner): about 12 mm of 30 mm across.
IRIS_SIZE = 0.21
#: The nose: the hull of its bridge, tip and wings.
NOSE = (168, 6, 197, 195, 5, 4, 1, 2, 98, 327, 64, 294, 48, 278, 129, 358)
#: Each cheek: round the middle of these points (the right cheek's, then the left's), this share
#: of the face's width across.
CHEEKS, CHEEK_SIZE = ((50, 36, 205), (280, 266, 425)), 0.32
#: The brows' tops (the forehead is the face above them) and the point under the lower lip (the
#: chin is the face below it).
BROW_TOPS, UNDER_LIP = (105, 334), 17
#: The parts of a face a phrase can name, and the words for each ("under_eyes" before "eyes":
#: "the dark circles under her eyes").
FACE_PART_WORDS = {
    "under_eyes": ("circles", "bags", "undereye", "undereyes", "under-eye", "under-eyes"),
    "nose": ("nose", "noses"),
    "cheeks": ("cheeks", "cheek", "cheekbones"),
    "forehead": ("forehead", "foreheads"),
    "chin": ("chin", "chins"),
    "lips": ("lips", "lip", "lipstick"),
    "mouth": ("mouth", "mouths"),
    "teeth": ("teeth", "tooth", "smile"),
    "irises": ("iris", "irises", "pupils"),
    "eyes": ("eyes", "eye"),
    "brows": ("eyebrows", "eyebrow", "brows", "brow"),
}
#: Teeth: in the mouth's opening, at least this light (CIELAB L*) and this share of its lightest,
#: and less red than gums and a tongue (a*).
TEETH_MIN_L, TEETH_SHARE, TEETH_MAX_A = 45.0, 0.55, 25.0
#: A face's features (eyes, brows, mouth) grown by this share of its width to keep them out of a
#: skin retouch.
FEATURE_MARGIN = 0.025
#: A face's skin: within this CIELAB a*b* distance of its median colour in its outline (lit or
#: shaded alike; fair hair over the forehead is about 9 away on the sample).
FACE_SKIN_AB = 8.0
#: The forehead's skin: within this a*b* distance of the face's skin colour, and at most this
#: much darker (L*).
FOREHEAD_SKIN = (6.0, 15.0)
#: A mouth whose opening is smaller than this share of the face's width squared is closed.
MOUTH_OPEN = 0.002


def face_part(part: str, meshes: list[np.ndarray], size: tuple[int, int], shape: tuple[int, int],
              rgb: np.ndarray | None = None) -> np.ndarray | None:
    """``shape`` float32 (0..1, softened): ``part`` of each face whose Face Mesh landmarks are in
    ``meshes`` (in the pixels of a ``size`` (h, w) image). Parts: "lips", "mouth", "teeth",
    "eyes", "irises", "brows", "under_eyes", "nose", "cheeks", "forehead", "chin", "face",
    "features" (the eyes, brows and mouth together, grown a little) and "face_skin" (the skin in
    the face's outline, less its features). Those found by their colour (the teeth, the irises,
    the skin) need ``rgb``, the image. None when the part does not show (a closed mouth has no
    teeth to see)."""
    h, w = shape
    scale = np.array([w / size[1], h / size[0]], np.float32)
    look = _Look(rgb, shape)
    out = np.zeros((h, w), np.float32)
    soft = 0.5
    for mesh in meshes:
        pts = mesh * scale
        face_w = float(np.ptp(pts[list(FACE_OVAL), 0]))
        filled = _PARTS[part](pts, face_w, shape, look)
        if filled is None:
            continue
        out = np.maximum(out, filled.astype(np.float32))
        soft = max(soft, _SOFTNESS.get(part, 0.01) * face_w)
    if float((out > 0.5).sum()) < 4:
        return None
    return cv2.GaussianBlur(out, (0, 0), soft)


class _Look:
    """The image a part is found in by colour, at the part's size, in CIELAB (made once)."""

    def __init__(self, rgb: np.ndarray | None, shape: tuple[int, int]) -> None:
        self.rgb, self.shape, self._lab = rgb, shape, None

    def lab(self) -> np.ndarray | None:
        if self._lab is None and self.rgb is not None:
            self._lab = _lab(self.rgb, self.shape)
        return self._lab


def _fill(shape: tuple[int, int], polygons: list[np.ndarray]) -> np.ndarray:
    """``shape`` uint8: ``polygons`` (x, y float points) filled, their edges anti-aliased."""
    out = np.zeros(shape, np.uint8)
    cv2.fillPoly(out, [np.round(np.asarray(p) * 4).astype(np.int32) for p in polygons], 1, cv2.LINE_AA, shift=2)
    return out


def _disc(out: np.ndarray, centre: np.ndarray, radius: float) -> None:
    """A filled disc drawn into uint8 ``out``."""
    cv2.circle(out, (round(float(centre[0]) * 4), round(float(centre[1]) * 4)), max(1, round(radius * 4)), 1, -1,
               cv2.LINE_AA, shift=2)


def _outlined(*outlines: tuple[int, ...]) -> Any:
    """A part that is these outlines of the landmarks, filled."""
    return lambda pts, face_w, shape, look: _fill(shape, [pts[list(o)] for o in outlines])


def _lips(pts: np.ndarray, face_w: float, shape: tuple[int, int], look: _Look) -> np.ndarray:
    """The lips round the mouth's opening, not the teeth between them."""
    return _fill(shape, [pts[list(LIPS_OUTER)]]) & (1 - _fill(shape, [pts[list(LIPS_INNER)]]))


def _teeth(pts: np.ndarray, face_w: float, shape: tuple[int, int], look: _Look) -> np.ndarray | None:
    """The light, unreddened pixels in the mouth's opening; none in a closed mouth."""
    lab = look.lab()
    if lab is None or abs(cv2.contourArea(pts[list(LIPS_INNER)].astype(np.float32))) < MOUTH_OPEN * face_w * face_w:
        return None
    inside = _fill(shape, [pts[list(LIPS_INNER)]]) > 0
    light = float(np.percentile(lab[..., 0][inside], 95))
    return (inside & (lab[..., 0] >= max(TEETH_MIN_L, TEETH_SHARE * light)) & (lab[..., 1] < TEETH_MAX_A)).astype(np.uint8)


def _irises(pts: np.ndarray, face_w: float, shape: tuple[int, int], look: _Look) -> np.ndarray | None:
    """A disc round the darkest part of each eye, as wide as an iris is for an eye's width, cut by the lids."""
    lab = look.lab()
    if lab is None:
        return None
    out = np.zeros(shape, np.uint8)
    for eye in (RIGHT_EYE, LEFT_EYE):
        one = _fill(shape, [pts[list(eye)]])
        ys, xs = np.nonzero(one)
        if xs.size < 3:
            continue
        light = lab[..., 0][ys, xs]
        dark = light <= np.percentile(light, 35)
        disc = np.zeros(shape, np.uint8)
        _disc(disc, np.array([xs[dark].mean(), ys[dark].mean()]), IRIS_SIZE * float(np.hypot(*(pts[eye[0]] - pts[eye[8]]))))
        out |= disc & one
    return out


def _cheeks(pts: np.ndarray, face_w: float, shape: tuple[int, int], look: _Look) -> np.ndarray:
    """A round patch on each cheek, on the face."""
    out = np.zeros(shape, np.uint8)
    for idx in CHEEKS:
        _disc(out, pts[list(idx)].mean(axis=0), CHEEK_SIZE / 2 * face_w)
    return out & _fill(shape, [pts[list(FACE_OVAL)]])


def _nose(pts: np.ndarray, face_w: float, shape: tuple[int, int], look: _Look) -> np.ndarray:
    return _fill(shape, [cv2.convexHull(pts[list(NOSE)].astype(np.float32)).reshape(-1, 2)])


def _beyond(pts: np.ndarray, shape: tuple[int, int], point: np.ndarray, above: bool) -> np.ndarray:
    """``shape`` uint8: the side of the line through ``point`` across the face (square to its
    up-down) above it, or below it."""
    down = _down(pts)
    yy, xx = np.mgrid[0:shape[0], 0:shape[1]].astype(np.float32)
    along = (xx - point[0]) * down[0] + (yy - point[1]) * down[1]
    return ((along < 0) if above else (along > 0)).astype(np.uint8)


def _forehead(pts: np.ndarray, face_w: float, shape: tuple[int, int], look: _Look) -> np.ndarray | None:
    """The face above its brows, only where it has the skin's colour (not a fringe over it)."""
    skin = _own_skin(pts, face_w, shape, look, tight=True)
    if skin is None:
        return None
    top = pts[list(BROW_TOPS)].mean(axis=0) - _down(pts) * (0.02 * face_w)
    return _fill(shape, [pts[list(FACE_OVAL)]]) & _beyond(pts, shape, top, above=True) & skin


def _chin(pts: np.ndarray, face_w: float, shape: tuple[int, int], look: _Look) -> np.ndarray:
    """The face below its lower lip."""
    return _fill(shape, [pts[list(FACE_OVAL)]]) & _beyond(pts, shape, pts[UNDER_LIP], above=False)


def _features(pts: np.ndarray, face_w: float, shape: tuple[int, int], look: _Look) -> np.ndarray:
    """The eyes, brows and mouth, grown a little: a skin retouch stops short of the lashes and the lips' edge."""
    grow = max(1, round(FEATURE_MARGIN * face_w))
    filled = _fill(shape, [pts[list(o)] for o in (RIGHT_EYE, LEFT_EYE, RIGHT_BROW, LEFT_BROW, LIPS_OUTER)])
    return cv2.dilate(filled, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow + 1, 2 * grow + 1)))


def _face_skin(pts: np.ndarray, face_w: float, shape: tuple[int, int], look: _Look) -> np.ndarray | None:
    return _own_skin(pts, face_w, shape, look)


def _under_eyes_part(pts: np.ndarray, face_w: float, shape: tuple[int, int], look: _Look) -> np.ndarray:
    return _fill(shape, _under_eyes(pts))


#: How each part of a face is drawn from its landmarks.
_PARTS = {
    "lips": _lips, "mouth": _outlined(LIPS_OUTER), "teeth": _teeth, "eyes": _outlined(RIGHT_EYE, LEFT_EYE),
    "irises": _irises, "brows": _outlined(RIGHT_BROW, LEFT_BROW), "under_eyes": _under_eyes_part, "nose": _nose,
    "cheeks": _cheeks, "forehead": _forehead, "chin": _chin, "face": _outlined(FACE_OVAL), "features": _features,
    "face_skin": _face_skin,
}
#: Each part's feathering, as a share of the face's width (others: 0.01).
_SOFTNESS = {"teeth": 0.004, "under_eyes": 0.03, "cheeks": 0.05, "forehead": 0.02, "chin": 0.02, "nose": 0.02}


def _own_skin(pts: np.ndarray, face_w: float, shape: tuple[int, int], look: _Look,
              tight: bool = False) -> np.ndarray | None:
    """``shape`` uint8: the pixels in the outline of a face of landmarks ``pts`` (at ``shape``'s
    scale) within :data:`FACE_SKIN_AB` of the median colour of its skin (the outline less its
    features), less those features; None when too little of it shows, or without the image.
    ``tight``: nearer its colour and not much darker (:data:`FOREHEAD_SKIN`: a fair fringe over
    a forehead is close in colour, and darker in its shadows)."""
    lab = look.lab()
    if lab is None:
        return None
    bare = (_fill(shape, [pts[list(FACE_OVAL)]]) > 0) & (_features(pts, face_w, shape, look) == 0)
    if bare.sum() < 20:
        return None
    ref = np.median(lab[bare], axis=0)
    chroma, darker = FOREHEAD_SKIN if tight else (FACE_SKIN_AB, 100.0)
    near = (np.hypot(lab[..., 1] - ref[1], lab[..., 2] - ref[2]) < chroma) & (lab[..., 0] > ref[0] - darker)
    return (bare & near).astype(np.uint8)


def _down(pts: np.ndarray) -> np.ndarray:
    """The unit vector down a face of landmarks ``pts``: from between its eyes to its mouth."""
    eyes_mid = (pts[list(RIGHT_EYE)].mean(axis=0) + pts[list(LEFT_EYE)].mean(axis=0)) / 2.0
    down = pts[list(LIPS_OUTER)].mean(axis=0) - eyes_mid
    return (down / max(float(np.hypot(*down)), 1e-6)).astype(np.float32)


def _under_eyes(pts: np.ndarray) -> list[np.ndarray]:
    """The crescent of skin under each eye of a face's landmarks ``pts``: its lower lid moved
    down a little, then further down the face (towards the mouth), deepest under the eye's middle."""
    down = _down(pts)
    out = []
    for lid in LOWER_LIDS:
        line = pts[list(lid)]
        width = float(np.hypot(*(line[-1] - line[0])))
        t = np.linspace(0.0, 1.0, len(line))[:, None]
        top = line + down * (UNDER_EYE_GAP * width)
        bottom = line + down * (width * (UNDER_EYE_GAP + UNDER_EYE_DEPTH * np.sin(np.pi * t) ** 0.7))
        out.append(np.concatenate([top, bottom[::-1]]).astype(np.float32))
    return out


def _lab(rgb: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """``rgb`` (uint8 or float) at ``shape`` (h, w), in float CIELAB."""
    h, w = shape
    img = np.asarray(rgb)[..., :3]
    small = cv2.resize(img, (w, h), interpolation=cv2.INTER_AREA) if img.shape[:2] != (h, w) else img
    return cv2.cvtColor(small.astype(np.float32) / (255.0 if small.dtype == np.uint8 else 1.0), cv2.COLOR_RGB2LAB)


# ----------------------------------------------------------------------------- clothes
#: Garments by where they are worn: "upper" (above the hips), "lower" (below them), "all" (the
#: clothes the person has on).
GARMENTS: dict[str, str] = {
    "upper": "shirt shirts tshirt t-shirt tee top tops blouse blouses sweater sweaters jumper jumpers hoodie hoodies "
             "sweatshirt cardigan blazer jacket jackets coat coats vest waistcoat sleeve sleeves jersey polo turtleneck "
             "parka anorak fleece",
    "lower": "trousers pants jeans skirt skirts shorts leggings",
    "all": "suit suits clothes clothing outfit outfits uniform uniforms costume dress dresses gown gowns spacesuit "
           "overalls jumpsuit robe kimono attire",
}
GARMENT_KIND: dict[str, str] = {word: kind for kind, words in GARMENTS.items() for word in words.split()}
#: Bare skin next to clothes: within this CIELAB a*b* distance of the face's skin (its neck, arms, hands).
CLOTHES_SKIN_AB = 12.0
#: Where the hips are, in face heights below the chin, and how far below it a person must reach to
#: show a lower garment at all (a portrait shows none).
HIPS_BELOW_CHIN, FULL_BODY_BELOW_CHIN = 2.6, 4.0


def garment_kind(phrase: str) -> str | None:
    """The kind of garment ``phrase`` names ("her jacket" -> "upper", "his jeans" -> "lower", "the
    bride's dress" -> "all"), None if it names none or names the wearer by it ("the man in the red
    shirt" is the man). "top" is a garment only when someone's ("her top"; "the top" is the frame's)."""
    words = phrase.lower().replace("’", "'").split()
    for i, word in enumerate(words):
        word = word.strip(",.;:!?")
        kind = GARMENT_KIND.get(word)
        if kind is None:
            continue
        if any(w in ("in", "with", "wearing", "wears", "dressed", "without") for w in words[max(0, i - 4):i]):
            continue  # "the man in the red shirt", "the girl wearing a hat": the person, said by what they wear
        if word in ("top", "tops") and not any(w in ("her", "his", "their", "my", "your") or w.endswith(("'s", "s'"))
                                               for w in words[max(0, i - 3):i]):
            continue
        return kind
    return None


def clothes_part(region: np.ndarray, rgb: np.ndarray, kind: str, faces: list[tuple[float, float, float, float, float]],
                 size: tuple[int, int], face: np.ndarray | None = None, face_skin: np.ndarray | None = None,
                 hair: np.ndarray | None = None) -> np.ndarray | None:
    """The clothes of the people in ``region`` (a soft person mask): the person less their face
    (``face``), hair (``hair``) and bare skin (of the colour of ``face_skin``: the neck, arms and
    hands), all at ``region``'s size. ``kind`` (:data:`GARMENTS`) keeps what is above the hips
    ("upper"), below them ("lower") or all of it, by each face (``faces``: boxes in a ``size``
    image). None when nothing of that kind shows (a portrait shows no trousers)."""
    h, w = region.shape
    person = region > 0.5
    if not person.any():
        return None
    lab = _lab(rgb, (h, w))
    out = person.copy()
    grow = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * max(1, w // 200) + 1,) * 2)
    for part in (face, hair):
        if part is not None:
            out &= cv2.dilate((at_size(part, (h, w)) > 0.5).astype(np.uint8), grow) == 0
    if face_skin is not None and (bare := at_size(face_skin, (h, w)) > 0.5).sum() >= 20:
        ref = np.median(lab[bare], axis=0)
        out &= ~((np.hypot(lab[..., 1] - ref[1], lab[..., 2] - ref[2]) < CLOTHES_SKIN_AB) & (lab[..., 0] > ref[0] - 30.0))
    if kind != "all" and faces:
        sy, sx = h / size[0], w / size[1]
        keep = np.zeros_like(out)
        rows = np.arange(h, dtype=np.float32)[:, None]
        _, lab_ids = cv2.connectedComponents(person.astype(np.uint8))
        for x0, y0, x1, y1, _ in faces:
            cx, chin, fh = (x0 + x1) / 2 * sx, y1 * sy, (y1 - y0) * sy
            who = lab_ids[min(h - 1, max(0, int(chin))), min(w - 1, max(0, int(cx)))]
            body = lab_ids == who if who else person
            reach = float(np.flatnonzero(body.any(axis=1)).max()) - chin if body.any() else 0.0
            hips = chin + HIPS_BELOW_CHIN * fh
            if kind == "lower":
                if reach < FULL_BODY_BELOW_CHIN * fh:
                    continue
                keep |= body & (rows >= hips)
            else:
                keep |= body & ((rows < hips) if reach >= FULL_BODY_BELOW_CHIN * fh else True)
        out &= keep
    k = max(3, (max(h, w) // 150) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    out = cv2.morphologyEx(out.astype(np.uint8), cv2.MORPH_OPEN, kernel)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(out, connectivity=8)
    if n <= 1 or stats[1:, cv2.CC_STAT_AREA].max() < 0.002 * h * w:
        return None
    areas = stats[1:, cv2.CC_STAT_AREA]
    big = np.isin(labels, 1 + np.flatnonzero(areas >= 0.1 * areas.max()))
    return (region * big).astype(np.float32)


def filled(mask: np.ndarray) -> np.ndarray:
    """``mask`` (soft) with its holes filled: what it surrounds wholly (a patch on a suit, a button)."""
    hard = (mask > 0.5).astype(np.uint8)
    h, w = hard.shape
    flood = np.pad(1 - hard, 1, constant_values=1)
    cv2.floodFill(flood, None, (0, 0), 2)
    holes = flood[1:-1, 1:-1] == 1
    return np.where(holes, 1.0, mask).astype(np.float32)


def at_size(mask: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``mask`` (float32) resized to ``size`` (h, w)."""
    m = np.asarray(mask, np.float32)
    return m if m.shape == tuple(size) else cv2.resize(m, (size[1], size[0]), interpolation=cv2.INTER_LINEAR)


# ----------------------------------------------------------------------------- a box for a thing
#: A selection is a box when it fills this much of its bounding box...
BOX_FILL = 0.9
#: ...and its outline lies on no edge of the photo: the photo's gradient along it, as a part of the
#: photo's usual gradient, below this (a detector's box cut through a flower's petals).
BOX_EDGE_SUPPORT = 1.2


def unsupported_box(region: np.ndarray, guide: np.ndarray | None) -> bool:
    """Whether ``region`` (soft, at ``guide``'s size) is a rectangle drawn through the photo rather
    than a thing's outline: it fills its bounding box, is not most of the frame, and its edge
    follows no edge of ``guide`` (a detection box the segmentation could not shape, on a photo
    the thing fills). A tonal edit on it would show a hard-edged rectangle."""
    if guide is None:
        return False
    hard = region > 0.5
    h, w = hard.shape
    ys, xs = np.nonzero(hard)
    if ys.size < 64:
        return False
    box = (ys.max() - ys.min() + 1) * (xs.max() - xs.min() + 1)
    if ys.size < BOX_FILL * box or box > 0.85 * h * w:
        return False
    g = guide if guide.shape[:2] == (h, w) else cv2.resize(guide, (w, h), interpolation=cv2.INTER_AREA)
    lum = cv2.cvtColor(np.ascontiguousarray(g[..., :3]), cv2.COLOR_RGB2GRAY).astype(np.float32)
    grad = np.hypot(cv2.Sobel(lum, cv2.CV_32F, 1, 0, ksize=3), cv2.Sobel(lum, cv2.CV_32F, 0, 1, ksize=3))
    hard8 = hard.astype(np.uint8)
    edge = (hard8 - cv2.erode(hard8, np.ones((3, 3), np.uint8))).astype(bool)
    inner = np.ones((h, w), bool)
    inner[:2], inner[-2:], inner[:, :2], inner[:, -2:] = False, False, False, False
    edge &= inner  # the frame's own border is no outline
    if edge.sum() < 16:
        return False
    near = cv2.dilate(grad, np.ones((9, 9), np.uint8))  # the strongest edge within 4 px: a refined outline may sit beside it
    return float(np.median(near[edge])) < BOX_EDGE_SUPPORT * (float(np.mean(near)) + 1e-3)


def soft_oval(region: np.ndarray) -> np.ndarray:
    """A radial filter in ``region``'s bounding box (as Lightroom's): full inside the middle of the
    oval, falling smoothly to nothing at its edge, so an edit there shows no outline."""
    hard = region > 0.5
    h, w = hard.shape
    ys, xs = np.nonzero(hard)
    cy, cx = (ys.min() + ys.max()) / 2.0, (xs.min() + xs.max()) / 2.0
    ry, rx = max(1.0, (ys.max() - ys.min() + 1) / 2.0), max(1.0, (xs.max() - xs.min() + 1) / 2.0)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    d = np.sqrt(((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2)
    t = np.clip((1.1 - d) / 0.6, 0.0, 1.0)
    return (t * t * (3.0 - 2.0 * t)).astype(np.float32)
