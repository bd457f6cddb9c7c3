"""Parameter prediction: the paper's operation modular network.

One small head per operation reads ``[request features, image features]`` and outputs that
operation's parameters, mapped into a range inside its :class:`~ldie_desktop.ops.ParamSpec`:

* request features: the frozen MiniLM token states, pooled twice: the mean over the sentence
  and an operation-conditioned attention (a learnt query per operation, as in the paper's
  eq. 2-4), so "brighter but less saturated" gives the saturation head the words "less
  saturated" rather than an average of both;
* image features: global colour/exposure statistics of a small proxy (:func:`image_stats`),
  which is what lets "fix it" or "too dark" depend on the photo.

Continuous parameters (brightness ... blur, the colour curves) go through
``lo + (hi - lo) * sigmoid(z + b0)`` with ``b0`` chosen so ``z = 0`` is the spec's identity (a
curve's slopes are positive by construction); the last layer of every head starts at zero, so
an untrained head predicts the identity (or, for an operation whose identity is the bottom of
its range such as blur, 3 % of the range). ``rotate`` (quarter turns) and ``flip`` (which
axis) are small classifications from the request.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from ..ops import registry
from ..ops.spec import LUMA_WEIGHTS, ParamValue
from .text_encoder import HIDDEN, mean_pool

#: Operations whose parameters are regressed through the differentiable operation.
REGRESSED_OPS: tuple[str, ...] = (
    "brightness", "exposure", "contrast", "tint", "hue", "saturation", "temperature",
    "black_and_white", "denoise", "sharpness", "blur",
)
#: Operations whose parameters are a choice predicted from the request alone.
CLASSIFIED_OPS: tuple[str, ...] = ("rotate", "flip")
#: The order the planner stacks layers in, which training renders in too: regions first, then
#: haze, tone (exposure/brightness, highlights & shadows, contrast, clarity, curves), colour, black and white and split toning, then detail (denoise
#: before sharpening, blur last), the effects (vignette, then grain over everything), then geometry
#: (which the renderer runs last anyway; the crop after the turns, so "16:9" is of the turned photo).
RENDER_ORDER: tuple[str, ...] = (
    "spot_removal", "inpaint_obj", "red_eye", "sky", "color_bg", "defringe", "dehaze", "exposure", "brightness", "tone", "contrast", "clarity", "tint", "hue",
    "saturation", "vibrance", "white_balance", "temperature", "color_mixer", "recolor", "black_and_white", "split_tone", "denoise", "sharpness",
    "blur", "vignette", "grain", "lens", "perspective", "rotate", "flip", "crop",
)
#: ``flip`` classes: which axes to mirror.
FLIP_CLASSES: tuple[tuple[int, int], ...] = ((1, 0), (0, 1), (1, 1))  # (horizontal, vertical)
ROTATE_CLASSES = 4  # counter-clockwise quarter turns 0..3

#: The part of a spec's range the model may use, where it is narrower than the spec (the spec
#: allows extreme values for manual edits; a request never means "-4 stops").
MODEL_RANGE: dict[str, tuple[float, float]] = {
    "brightness": (-0.8, 1.0),
    "exposure": (-2.5, 2.5),
    "sharpness": (-0.5, 2.5),
    "blur": (0.0, 3.0),
    "hue": (0.2, 3.0),
    "tint": (0.2, 3.0),
}
#: An operation whose identity is an end of its range starts this far inside it.
EDGE_FRACTION = 0.03

#: Names of the columns of :func:`image_stats`.
IMAGE_STATS: tuple[str, ...] = (
    "lum_mean", "lum_std", "lum_p02", "lum_p10", "lum_p25", "lum_p50", "lum_p75", "lum_p90", "lum_p98",
    "sat_mean", "sat_std", "sat_p90", "val_mean", "r_mean", "g_mean", "b_mean", "r_minus_b", "g_minus_rb",
    "dark_frac", "bright_frac", "detail", "gradient", "noise", "colourfulness",
)
#: Longest side of the proxy the statistics are computed on.
STATS_SIDE = 128
_QUANTILES = (0.02, 0.10, 0.25, 0.50, 0.75, 0.90, 0.98)


# ---------------------------------------------------------------------------------- image features
def image_stats(x: Tensor) -> Tensor:
    """Global statistics ``(B, len(IMAGE_STATS))`` of ``x`` ``(B, 3, H, W)`` in [0, 1].

    Exposure (luminance mean, spread, percentiles, clipped fractions), colour (HSV saturation,
    per-channel means, the red-blue and green-magenta balance, Hasler-Suesstrunk colourfulness)
    and detail (local contrast, gradient energy, a robust Laplacian noise level). Meant for a
    proxy of about :data:`STATS_SIDE` pixels.
    """
    b = x.shape[0]
    x = x.clamp(0.0, 1.0)
    w = torch.tensor(LUMA_WEIGHTS, dtype=x.dtype, device=x.device).reshape(1, 3, 1, 1)
    lum = (x * w).sum(1, keepdim=True)  # (B, 1, H, W)
    flat = lum.reshape(b, -1)
    q = torch.quantile(flat, torch.tensor(_QUANTILES, dtype=x.dtype, device=x.device), dim=1).T  # (B, 7)
    value = x.amax(1)
    sat = ((value - x.amin(1)) / value.clamp_min(1e-3)).reshape(b, -1)
    r, g, bl = (x[:, i].reshape(b, -1).mean(1) for i in range(3))
    rg = (x[:, 0] - x[:, 1]).reshape(b, -1)
    yb = (0.5 * (x[:, 0] + x[:, 1]) - x[:, 2]).reshape(b, -1)
    colourful = (rg.var(1) + yb.var(1)).sqrt() + 0.3 * (rg.mean(1) ** 2 + yb.mean(1) ** 2).sqrt()
    local = F.avg_pool2d(F.pad(lum, (1, 1, 1, 1), mode="replicate"), 3, stride=1)
    detail = (lum - local).abs().reshape(b, -1).mean(1) * 10.0
    gx = lum[..., :, 1:] - lum[..., :, :-1]
    gy = lum[..., 1:, :] - lum[..., :-1, :]
    gradient = (gx.abs().reshape(b, -1).mean(1) + gy.abs().reshape(b, -1).mean(1)) * 5.0
    lap = 4 * lum[..., 1:-1, 1:-1] - lum[..., :-2, 1:-1] - lum[..., 2:, 1:-1] - lum[..., 1:-1, :-2] - lum[..., 1:-1, 2:]
    noise = lap.abs().reshape(b, -1).median(1).values * 10.0
    cols = [
        flat.mean(1), flat.std(1), *q.unbind(1), sat.mean(1), sat.std(1),
        torch.quantile(sat, 0.9, dim=1), value.reshape(b, -1).mean(1), r, g, bl, r - bl, g - 0.5 * (r + bl),
        (flat < 0.03).to(x.dtype).mean(1), (flat > 0.97).to(x.dtype).mean(1), detail, gradient, noise,
        colourful * 3.0,
    ]
    return torch.stack(cols, dim=1)


def image_proxy(image: np.ndarray, side: int = STATS_SIDE) -> Tensor:
    """A ``(1, 3, h, w)`` float tensor of ``image`` (``(H, W, 3)`` uint8/uint16 or float in
    [0, 1]) with its longest side at most ``side`` (area averaging: fast on 12 MP photos)."""
    if image.ndim != 3 or image.shape[2] < 3:
        raise ValueError(f"expected an (H, W, 3) image, got shape {image.shape}")
    img = image[..., :3]
    h, w = img.shape[:2]
    if h == 0 or w == 0:
        raise ValueError("the image is empty")
    scale = min(1.0, side / max(h, w))
    if scale < 1.0:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        if img.dtype not in (np.uint8, np.uint16, np.float32):
            img = img.astype(np.float32)
        img = cv2.resize(np.ascontiguousarray(img), size, interpolation=cv2.INTER_AREA)
    if min(img.shape[:2]) < 3:  # a photo a pixel or two across: its pixels repeated, so every statistic has a value
        reps = (-(-3 // img.shape[0]), -(-3 // img.shape[1]), 1)
        img = np.tile(img, reps)
    if img.dtype == np.uint8:
        f = img.astype(np.float32) / 255.0
    elif img.dtype == np.uint16:
        f = img.astype(np.float32) / 65535.0
    else:
        f = np.clip(np.nan_to_num(img.astype(np.float32)), 0.0, 1.0)
    return torch.from_numpy(np.ascontiguousarray(f)).permute(2, 0, 1)[None]


# ---------------------------------------------------------------------------------- output mapping
@dataclass(frozen=True)
class OutputSlot:
    """One predicted parameter: where it sits in its head's output and its range."""

    name: str
    shape: tuple[int, ...]
    lo: float
    hi: float
    default: float
    start: int

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def offset(self) -> float:
        """The pre-activation shift that maps ``z = 0`` to the identity."""
        frac = (self.default - self.lo) / (self.hi - self.lo)
        frac = min(max(frac, EDGE_FRACTION), 1.0 - EDGE_FRACTION)
        return math.log(frac / (1.0 - frac))

    def map(self, z: Tensor) -> Tensor:
        v = self.lo + (self.hi - self.lo) * torch.sigmoid(z + self.offset)
        return v.reshape(z.shape[0], *self.shape)

    def normalise(self, v: Tensor) -> Tensor:
        """A value as a fraction of the model range (for the direct parameter loss)."""
        return (v.reshape(v.shape[0], -1) - self.lo) / (self.hi - self.lo)


#: Parameters the heads never predict: the planner sets them from the words ("sepia").
SAID_IN_WORDS: dict[str, tuple[str, ...]] = {"black_and_white": ("tone",), "brightness": ("highlights",)}


def output_slots(op: str) -> list[OutputSlot]:
    """The regressed parameters of ``op`` in spec order."""
    operation = registry.get(op)
    lo_hi = MODEL_RANGE.get(op)
    slots, start = [], 0
    for p in operation.params:
        if p.name in SAID_IN_WORDS.get(op, ()):
            continue
        lo, hi = lo_hi if lo_hi is not None else (p.minimum, p.maximum)
        lo, hi = max(lo, p.minimum), min(hi, p.maximum)
        slot = OutputSlot(p.name, p.shape, float(lo), float(hi), float(p.default), start)
        slots.append(slot)
        start += slot.size
    return slots


def head_size(op: str) -> int:
    if op == "rotate":
        return ROTATE_CLASSES
    if op == "flip":
        return len(FLIP_CLASSES)
    return sum(s.size for s in output_slots(op))


# ---------------------------------------------------------------------------------- the network
@dataclass
class ParamModelConfig:
    ops: list[str] = field(default_factory=lambda: list(REGRESSED_OPS + CLASSIFIED_OPS))
    hidden: int = 128
    attn: int = 64
    image_embed: int = 64
    dropout: float = 0.2
    max_length: int = 48
    #: Direction groups ("light+1", "warmth-1", ...) of the anchor phrases, and how many anchors.
    anchor_groups: list[str] = field(default_factory=list)
    n_anchors: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping) -> "ParamModelConfig":
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


class OpHead(nn.Module):
    """``[context, sentence, image] -> hidden -> raw outputs``; the last layer starts at zero."""

    def __init__(self, d_in: int, hidden: int, d_out: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(d_in, hidden)
        self.fc2 = nn.Linear(hidden, d_out)
        nn.init.zeros_(self.fc2.weight)
        nn.init.zeros_(self.fc2.bias)

    def forward(self, x: Tensor) -> Tensor:
        return self.fc2(F.gelu(self.fc1(x)))


class ParamPredictor(nn.Module):
    """Per-operation parameter heads on frozen MiniLM token states and image statistics.

    ``forward(h, mask, stats)`` takes the last MiniLM hidden states ``(B, T, 384)``, the
    attention mask ``(B, T)`` and :func:`image_stats` ``(B, F)``; it returns the raw head outputs
    by operation. :meth:`values` maps them to parameter tensors for ``Operation.apply``.
    """

    def __init__(self, cfg: ParamModelConfig | None = None) -> None:
        super().__init__()
        self.cfg = cfg or ParamModelConfig()
        k = len(self.cfg.ops)
        self.key = nn.Linear(HIDDEN, self.cfg.attn)
        self.query = nn.Parameter(torch.randn(k, self.cfg.attn) * 0.1)
        self.score = nn.Linear(self.cfg.attn, 1, bias=False)
        self.norm_c = nn.LayerNorm(HIDDEN)
        self.norm_s = nn.LayerNorm(HIDDEN)
        n_stats = len(IMAGE_STATS)
        self.register_buffer("stats_mean", torch.zeros(n_stats))
        self.register_buffer("stats_std", torch.ones(n_stats))
        self.image = nn.Linear(n_stats, self.cfg.image_embed)
        self.drop = nn.Dropout(self.cfg.dropout)
        # anchor phrases in MiniLM's sentence space: a request's similarity to the phrasings of
        # each direction ("too dark", "brighten it"...) generalises to unseen wording far better
        # than what a small head learns from a few thousand requests
        self.register_buffer("anchors", torch.zeros(self.cfg.n_anchors, HIDDEN))
        self.register_buffer("anchor_member", torch.zeros(len(self.cfg.anchor_groups), self.cfg.n_anchors, dtype=torch.bool))
        n_groups = len(self.cfg.anchor_groups)
        d_in = 2 * HIDDEN + self.cfg.image_embed + 2 * n_groups
        self.heads = nn.ModuleDict({op: OpHead(d_in, self.cfg.hidden, head_size(op)) for op in self.cfg.ops})
        self._slots = {op: output_slots(op) for op in self.cfg.ops if op in REGRESSED_OPS}

    @property
    def op_index(self) -> dict[str, int]:
        return {op: i for i, op in enumerate(self.cfg.ops)}

    def attention(self, h: Tensor, mask: Tensor) -> Tensor:
        """Per-operation attention over the tokens, ``(B, K, T)`` (padding gets 0)."""
        keys = self.key(h)  # (B, T, A)
        scores = self.score(torch.tanh(keys[:, None] + self.query[None, :, None])).squeeze(-1)
        scores = scores.masked_fill(~mask[:, None, :].bool(), torch.finfo(scores.dtype).min)
        return torch.softmax(scores, dim=-1)

    def set_anchors(self, embeddings: Tensor, groups: Sequence[str]) -> None:
        """Anchor sentence embeddings ``(A, 384)`` (mean-pooled MiniLM) with each one's group."""
        names = sorted(set(groups))
        if names != list(self.cfg.anchor_groups) or len(groups) != self.cfg.n_anchors:
            raise ValueError("anchors do not match the configuration (build the model with them)")
        self.anchors.copy_(F.normalize(embeddings.float(), dim=1))
        index = {g: i for i, g in enumerate(names)}
        member = torch.zeros(len(names), len(groups), dtype=torch.bool)
        for a, g in enumerate(groups):
            member[index[g], a] = True
        self.anchor_member.copy_(member)

    def _group_sims(self, v: Tensor) -> Tensor:
        """Best cosine similarity of ``v`` ``(..., 384)`` to each anchor group, ``(..., G)``."""
        sims = F.normalize(v, dim=-1) @ self.anchors.T  # (..., A)
        masked = sims.unsqueeze(-2).masked_fill(~self.anchor_member, -1.0)  # (..., G, A)
        return masked.amax(-1) * 4.0

    def forward(self, h: Tensor, mask: Tensor, stats: Tensor, ops: Sequence[str] | None = None) -> dict[str, Tensor]:
        ops = list(ops) if ops is not None else self.cfg.ops
        hd = self.drop(h)
        attn = self.attention(hd, mask)
        context = self.norm_c(torch.einsum("bkt,btd->bkd", attn, hd))
        sentence = self.norm_s(mean_pool(hd, mask))
        img = F.gelu(self.image((stats - self.stats_mean) / self.stats_std))
        idx = self.op_index
        if self.cfg.anchor_groups:
            sent_sims = self._group_sims(mean_pool(h, mask))  # (B, G)
            ctx_sims = self._group_sims(torch.einsum("bkt,btd->bkd", attn, h))  # (B, K, G)
        out: dict[str, Tensor] = {}
        for op in ops:
            parts = [context[:, idx[op]], sentence, img]
            if self.cfg.anchor_groups:
                parts += [sent_sims, ctx_sims[:, idx[op]]]
            out[op] = self.heads[op](self.drop(torch.cat(parts, dim=1)))
        return out

    # -------------------------------------------------------------- raw outputs -> parameters
    def values(self, op: str, raw: Tensor) -> dict[str, Tensor]:
        """Parameter tensors ``(B, *shape)`` of ``op`` from its raw head output (a differentiable
        map for regressed operations; the arg-max class for rotate and flip)."""
        b = raw.shape[0]
        if op == "rotate":
            turns = raw.argmax(1).to(raw.dtype)
            return {"quarter_turns": turns, "angle": torch.zeros(b, dtype=raw.dtype, device=raw.device)}
        if op == "flip":
            axes = torch.tensor(FLIP_CLASSES, dtype=raw.dtype, device=raw.device)[raw.argmax(1)]
            return {"horizontal": axes[:, 0], "vertical": axes[:, 1]}
        return {s.name: s.map(raw[:, s.start : s.start + s.size]) for s in self._slots[op]}

    def slots(self, op: str) -> list[OutputSlot]:
        return self._slots[op]

    @staticmethod
    def to_params(values: Mapping[str, Tensor], row: int = 0) -> dict[str, ParamValue]:
        """One row of :meth:`values` as a plain parameter dict (what a Layer takes)."""
        out: dict[str, ParamValue] = {}
        for name, t in values.items():
            v = t[row].detach().to(torch.float64)
            out[name] = float(v) if v.dim() == 0 else [float(a) for a in v.reshape(-1)]
        return out

    # -------------------------------------------------------------- persistence
    def save(self, path: str | Path, extra: Mapping[str, str] | None = None) -> None:
        from safetensors.torch import save_file

        meta = {"format": "ldie-params", "version": "1", "config": json.dumps(self.cfg.to_dict())}
        meta.update(extra or {})
        tensors = {k: v.detach().contiguous().cpu() for k, v in self.state_dict().items()}
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        save_file(tensors, str(tmp), metadata=meta)
        tmp.replace(path)

    @classmethod
    def load(cls, path: str | Path) -> "ParamPredictor":
        from safetensors import safe_open
        from safetensors.torch import load_file

        with safe_open(str(path), framework="pt") as f:
            meta = f.metadata() or {}
        if meta.get("format") != "ldie-params":
            raise ValueError(f"{path} is not a parameter-model file")
        model = cls(ParamModelConfig.from_dict(json.loads(meta["config"])))
        model.load_state_dict(load_file(str(path)))
        model.eval()
        return model


# ---------------------------------------------------------------------------------- text features
@dataclass
class TokenFeatures:
    hidden: Tensor  # (B, T, 384) last MiniLM layer
    mask: Tensor  # (B, T)
    words: list[list[str]]
    word_ids: list[list[int]]


def encode_tokens(texts: Sequence[str], max_length: int = 48) -> TokenFeatures:
    """Frozen MiniLM token states for ``texts`` (the shared, once-loaded encoder)."""
    from .text_encoder import load_minilm, tokenize

    tokenizer, bert = load_minilm()
    tok = tokenize(tokenizer, [t if t.strip() else "." for t in texts], max_length=max_length)
    with torch.no_grad():
        out = bert(input_ids=tok.input_ids, attention_mask=tok.attention_mask)
    return TokenFeatures(out.last_hidden_state, tok.attention_mask, tok.words, tok.word_ids)
