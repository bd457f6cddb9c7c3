"""Exact fused evaluation of the built-in colour operations, one pass over the image.

A run of unmasked pointwise layers becomes a small "program" (an op code and a parameter
vector per layer) that one parallel numba kernel evaluates per pixel. Unlike a baked lookup
table it has no interpolation error, so strong sharpening after it cannot amplify one. Each
encoder below mirrors the torch reference of its operation; ``tests/test_render.py`` holds the
two to 2/255 (in practice they agree to float rounding). Operations without an encoder here
(third-party plugins, or a newer version of a built-in) fall back to the lookup table.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import numpy as np
from numba import njit, prange

from ..document.layer import Layer
from ..ops.black_and_white import sepia_gains
from ..ops.exposure import GAMMA
from ..ops.spec import LUMA_WEIGHTS, ParamValue
from ..ops.split_tone import STRENGTH as SPLIT_STRENGTH
from ..ops.split_tone import hue_offset
from ..ops.temperature import STOPS_AT_FULL

BRIGHTNESS, CONTRAST, SATURATION, CURVES, GAIN, GREY, SPLIT = 1, 2, 3, 4, 5, 6, 7
WIDTH = 3 * 8 * 2 + 3  # the widest parameter vector: three curves (knots, rise) and totals
CURVE_SEGMENTS = 8
#: The contrast S-curve (1 - cos(pi L)) / 2 is sampled finely; linear interpolation is exact to 1e-7.
S_CURVE_SAMPLES = 4096
_L = np.linspace(0.0, 1.0, S_CURVE_SAMPLES + 1)
#: contrast's per-pixel gain ``S(L) / (L + 1e-6)``, tabulated (smooth: ~pi^2 L / 4 near 0)
_CONTRAST_GAIN = ((1.0 - np.cos(np.pi * _L)) * 0.5 / (_L + 1e-6)).astype(np.float32)
# float32 constants: a float64 literal would promote the row loops to double precision and
# halve their vector width
LR, LG, LB = (np.float32(w) for w in LUMA_WEIGHTS)
ONE, ZERO, TINY = np.float32(1.0), np.float32(0.0), np.float32(1e-6)
NS = np.float32(S_CURVE_SAMPLES)
NC = np.float32(CURVE_SEGMENTS)


def _scalar(code: int) -> Callable[[Mapping[str, ParamValue]], tuple[int, np.ndarray]]:
    def encode(params: Mapping[str, ParamValue]) -> tuple[int, np.ndarray]:
        v = np.zeros(WIDTH, np.float32)
        v[0] = float(next(iter(params.values())))  # type: ignore[arg-type]
        return code, v

    return encode


def _curves(knots: np.ndarray) -> tuple[int, np.ndarray]:
    knots = np.asarray(knots, np.float32).reshape(3, CURVE_SEGMENTS)
    rise = np.concatenate([np.zeros((3, 1), np.float32), np.cumsum(knots, axis=1)[:, :-1]], axis=1)
    total = np.maximum(knots.sum(axis=1), 1e-6)
    return CURVES, np.concatenate([knots.ravel(), rise.ravel(), total]).astype(np.float32)


def _gain(gains: Sequence[float]) -> tuple[int, np.ndarray]:
    v = np.zeros(WIDTH, np.float32)
    v[:3] = gains
    return GAIN, v


def _temperature(params: Mapping[str, ParamValue]) -> tuple[int, np.ndarray]:
    a = float(params["amount"])  # type: ignore[arg-type]
    g = np.array([2.0 ** (a * STOPS_AT_FULL), 1.0, 2.0 ** (-a * STOPS_AT_FULL)])
    g = g / float(np.dot(g, LUMA_WEIGHTS))
    return _gain(list(g ** (1.0 / GAMMA)))


def _grey(params: Mapping[str, ParamValue]) -> tuple[int, np.ndarray]:
    v = np.zeros(WIDTH, np.float32)
    v[0] = float(params["amount"])  # type: ignore[arg-type]
    v[1] = float(params.get("tone", 0.0))  # type: ignore[arg-type]
    v[2:5] = sepia_gains()
    return GREY, v


def _split(params: Mapping[str, ParamValue]) -> tuple[int, np.ndarray]:
    import torch  # the hue's colour offsets come from the reference itself

    v = np.zeros(WIDTH, np.float32)
    hues = torch.tensor([float(params["shadow_hue"]), float(params["highlight_hue"])],  # type: ignore[arg-type]
                        dtype=torch.float64)
    off = hue_offset(hues).numpy() * SPLIT_STRENGTH
    v[0:3], v[3:6] = off[0], off[1]
    v[6] = float(params["shadow_amount"])  # type: ignore[arg-type]
    v[7] = float(params["highlight_amount"])  # type: ignore[arg-type]
    v[8] = 2.0 ** -float(params["balance"])  # type: ignore[arg-type]
    return SPLIT, v


def _brightness(amount: float, roll_off: float) -> tuple[int, np.ndarray]:
    v = np.zeros(WIDTH, np.float32)
    v[0], v[1] = amount, roll_off
    return BRIGHTNESS, v


#: ``(operation name, version) -> encoder``.
ENCODERS: dict[tuple[str, int], Callable[[Mapping[str, ParamValue]], tuple[int, np.ndarray]]] = {
    ("brightness", 2): lambda p: _brightness(float(p["amount"]), float(p.get("highlights", 1.0))),  # type: ignore[arg-type]
    ("contrast", 1): _scalar(CONTRAST),
    ("saturation", 1): _scalar(SATURATION),
    ("black_and_white", 1): _grey,
    ("hue", 1): lambda p: _curves(np.asarray(p["curves"])),
    ("tint", 1): lambda p: _curves(np.tile(np.asarray(p["curve"], np.float32), 3)),
    ("exposure", 1): lambda p: _gain([2.0 ** (float(p["stops"]) / GAMMA)] * 3),  # type: ignore[arg-type]
    ("temperature", 1): _temperature,
    ("split_tone", 1): _split,
}


def can_fuse(layers: Sequence[Layer]) -> bool:
    return all((l.op, l.version) in ENCODERS for l in layers)


def compile_program(layers: Sequence[Layer]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    codes = np.zeros(len(layers), np.int64)
    params = np.zeros((len(layers), WIDTH), np.float32)
    opacity = np.ones(len(layers), np.float32)
    for i, layer in enumerate(layers):
        codes[i], params[i] = ENCODERS[(layer.op, layer.version)](layer.params)
        opacity[i] = layer.opacity
    return codes, params, opacity


@njit(fastmath=True)
def _clip(v):  # pragma: no cover - compiled
    return min(max(v, ZERO), ONE)


@njit(fastmath=True)
def _row_brightness(r, g, b, amount, roll, a):  # pragma: no cover - compiled
    up = max(ONE + amount, ZERO)
    # ops.brightness.shoulder: linear to the knee, then a parabola meeting 1; without ``roll`` the
    # clamp at 1 of version 1
    soft = roll >= np.float32(0.5)
    knee = np.float32(2.0) - up if soft else ONE
    room = max(np.float32(2.0) * (up - knee), TINY)
    for x in range(r.shape[0]):
        v = max(r[x], g[x], b[x])
        lifted = v * up
        if lifted > knee:
            lifted = lifted - (lifted - knee) * (lifted - knee) / room if soft else ONE
        f = lifted / max(v, TINY)
        f = ONE + (f - ONE) * a  # opacity: lerp(c, c f, a) = c (1 + (f - 1) a)
        r[x] *= f
        g[x] *= f
        b[x] *= f


@njit(fastmath=True)
def _row_contrast(r, g, b, amount, a, table):  # pragma: no cover - compiled
    for x in range(r.shape[0]):
        lum = LR * r[x] + LG * g[x] + LB * b[x]
        pos = _clip(lum) * NS
        i = min(np.int32(pos), S_CURVE_SAMPLES - 1)
        f = (table[i] + (table[i + 1] - table[i]) * (pos - np.float32(i)) - ONE) * amount
        r[x] += (_clip(r[x] + r[x] * f) - r[x]) * a
        g[x] += (_clip(g[x] + g[x] * f) - g[x]) * a
        b[x] += (_clip(b[x] + b[x] * f) - b[x]) * a


@njit(fastmath=True)
def _row_saturation(r, g, b, amount, a):  # pragma: no cover - compiled
    up = ONE + amount
    for x in range(r.shape[0]):
        v = max(r[x], g[x], b[x])
        lo = min(r[x], g[x], b[x])
        sat = (v - lo) / max(v, TINY)
        f = max(min(up, ONE / max(sat, TINY)), ZERO) - ONE
        r[x] += (_clip(r[x] + (r[x] - v) * f) - r[x]) * a
        g[x] += (_clip(g[x] + (g[x] - v) * f) - g[x]) * a
        b[x] += (_clip(b[x] + (b[x] - v) * f) - b[x]) * a


@njit(fastmath=True)
def _row_curve(c, p, k, ch, a):  # pragma: no cover - compiled
    # p[k] holds the knots [0:24] (then rises and totals). The paper's sum of ramps is
    # branch- and gather-free, so this loop vectorises.
    inv = ONE / p[k, 48 + ch]
    w = p[k, ch * CURVE_SEGMENTS: ch * CURVE_SEGMENTS + CURVE_SEGMENTS] * inv
    for x in range(c.shape[0]):
        pos = c[x] * NC
        y = ZERO
        for i in range(CURVE_SEGMENTS):
            y += _clip(pos - np.float32(i)) * w[i]
        c[x] += (y - c[x]) * a


@njit(fastmath=True)
def _row_gain(c, gain, a):  # pragma: no cover - compiled
    for x in range(c.shape[0]):
        c[x] += (_clip(c[x] * gain) - c[x]) * a


@njit(fastmath=True)
def _row_grey(r, g, b, amount, tone, sr, sg, sb, a):  # pragma: no cover - compiled
    # op(x) = lerp(lerp(x, L, amount), clip(L * sepia), tone * amount); then lerp(x, op(x), a)
    st = tone * amount
    for x in range(r.shape[0]):
        lum = LR * r[x] + LG * g[x] + LB * b[x]
        gr = r[x] + (lum - r[x]) * amount
        gg = g[x] + (lum - g[x]) * amount
        gb = b[x] + (lum - b[x]) * amount
        gr += (_clip(lum * sr) - gr) * st
        gg += (_clip(lum * sg) - gg) * st
        gb += (_clip(lum * sb) - gb) * st
        r[x] += (gr - r[x]) * a
        g[x] += (gg - g[x]) * a
        b[x] += (gb - b[x]) * a


@njit(fastmath=True)
def _row_split(r, g, b, p, k, a):  # pragma: no cover - compiled
    # op(x) = clip(x + (1 - L')^2 sa off_s + L'^2 ha off_h), L' = clip(L, 1e-6, 1) ** 2^-balance
    sa, ha, e = p[k, 6], p[k, 7], p[k, 8]
    n = r.shape[0]
    lbs = np.empty(n, np.float32)
    for x in range(n):
        lbs[x] = min(max(LR * r[x] + LG * g[x] + LB * b[x], TINY), ONE)
    if e != ONE:  # balance 0 (the usual) needs no power
        for x in range(n):
            lbs[x] = lbs[x] ** e
    for x in range(n):
        lb = lbs[x]
        ws = (ONE - lb) * (ONE - lb) * sa
        wh = lb * lb * ha
        r[x] += (_clip(r[x] + ws * p[k, 0] + wh * p[k, 3]) - r[x]) * a
        g[x] += (_clip(g[x] + ws * p[k, 1] + wh * p[k, 4]) - g[x]) * a
        b[x] += (_clip(b[x] + ws * p[k, 2] + wh * p[k, 5]) - b[x]) * a


@njit(parallel=True, fastmath=True, cache=True)
def _run(img, scale, codes, params, opacity, scurve, out):  # pragma: no cover - compiled
    # Operations run one after another over a whole row held in three float arrays: each inner
    # loop is branch-free and vectorises, and the row stays in cache between operations.
    h, w = img.shape[0], img.shape[1]
    for y in prange(h):
        r = np.empty(w, np.float32)
        g = np.empty(w, np.float32)
        b = np.empty(w, np.float32)
        for x in range(w):
            r[x] = img[y, x, 0] * scale
            g[x] = img[y, x, 1] * scale
            b[x] = img[y, x, 2] * scale
        for k in range(codes.shape[0]):
            code = codes[k]
            a = opacity[k]
            if code == BRIGHTNESS:
                _row_brightness(r, g, b, params[k, 0], params[k, 1], a)
            elif code == CONTRAST:
                _row_contrast(r, g, b, params[k, 0], a, scurve)
            elif code == SATURATION:
                _row_saturation(r, g, b, params[k, 0], a)
            elif code == CURVES:
                _row_curve(r, params, k, 0, a)
                _row_curve(g, params, k, 1, a)
                _row_curve(b, params, k, 2, a)
            elif code == GAIN:
                _row_gain(r, params[k, 0], a)
                _row_gain(g, params[k, 1], a)
                _row_gain(b, params[k, 2], a)
            elif code == GREY:
                _row_grey(r, g, b, params[k, 0], params[k, 1], params[k, 2], params[k, 3], params[k, 4], a)
            elif code == SPLIT:
                _row_split(r, g, b, params, k, a)
        for x in range(w):
            out[y, x, 0] = r[x]
            out[y, x, 1] = g[x]
            out[y, x, 2] = b[x]
    return out


def apply_fused(img: np.ndarray, layers: Sequence[Layer], out: np.ndarray | None = None) -> np.ndarray:
    """Apply the colour ``layers`` (all encodable, unmasked) to ``img`` ``(H, W, 3)`` uint8,
    uint16 or float32; returns float32."""
    codes, params, opacity = compile_program(layers)
    if out is None:
        out = np.empty(img.shape[:2] + (3,), np.float32)
    scale = {np.dtype(np.uint8): 1.0 / 255.0, np.dtype(np.uint16): 1.0 / 65535.0}.get(img.dtype, 1.0)
    src = np.ascontiguousarray(img if img.dtype in (np.uint8, np.uint16) else img.astype(np.float32, copy=False))
    return _run(src, np.float32(scale), codes, params, opacity, _CONTRAST_GAIN, out)


