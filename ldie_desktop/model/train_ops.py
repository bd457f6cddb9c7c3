"""Train the operation predictor on GIER text: one entry point for a CPU session and for ``torchrun``.

    python -m ldie_desktop.model.train_ops --annotations ../shared/data/gier \\
        --out models/op_predictor.safetensors --seed 0

    torchrun --nproc-per-node 4 -m ldie_desktop.model.train_ops --annotations DIR --out FILE

Rows: every summary of a train pair (plus the pair's original web request) with the pair's labels.
The frozen bottom of MiniLM runs once per distinct text; only the top ``--n-top`` layers and the
attention head train. Thresholds are chosen on ``val``; ``test`` is never read here.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import torch
from torch import nn

from . import metrics
from .gier import GIER_AUXILIARY, GIER_TO_APP, Gier, label_matrix, request_rows
from .op_model import OperationModel, OpModelConfig, loss_fn
from .text_encoder import load_minilm, mean_pool, pad_tokens, run_layers, tokenize

log = logging.getLogger(__name__)

#: App operations the model predicts: GIER labels them and the app has them (15 of GIER's 23 names).
DEFAULT_OPS: list[str] = list(dict.fromkeys(GIER_TO_APP.values()))
DEFAULT_AUX: list[str] = list(GIER_AUXILIARY)
PAPER_OPS: tuple[str, ...] = ("brightness", "contrast", "saturation", "hue", "inpaint_obj", "tint", "sharpness", "color_bg")


@dataclass
class TrainConfig:
    annotations: str
    out: str
    seed: int = 0
    epochs: int = 3
    n_top: int = 2
    ensemble: int = 1
    batch_size: int = 64
    lr_head: float = 1e-3
    lr_top: float = 1e-4
    weight_decay: float = 0.01
    aux_weight: float = 0.3
    local_weight: float = 0.5
    web_requests: bool = True
    threads: int = 1
    max_steps: int = 0  # >0: stop early (tests, smoke runs)
    cache: str = ""  # file keeping the frozen encoder's features between runs (optional)
    fp16_weights: bool = True


# ---------------------------------------------------------------------- distributed
def _dist_env() -> tuple[int, int, int]:
    """(rank, world size, local rank); initialises the process group when torchrun started us."""
    import torch.distributed as dist

    if dist.is_available() and not dist.is_initialized() and int(os.environ.get("WORLD_SIZE", "1")) > 1:
        backend = "nccl" if torch.cuda.is_available() else "gloo"
        dist.init_process_group(backend=backend)
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size(), int(os.environ.get("LOCAL_RANK", "0"))
    return 0, 1, 0


def _device(local_rank: int) -> torch.device:
    if torch.cuda.is_available():
        torch.cuda.set_device(local_rank)
        return torch.device("cuda", local_rank)
    return torch.device("cpu")


# ---------------------------------------------------------------------- features
@dataclass
class Encoded:
    hidden: list[torch.Tensor]  # per text: (T, 384) float16 at the model's split layer
    sentence: torch.Tensor  # (N, 384) float32, mean-pooled frozen output (for the baseline)


def encode_texts(
    texts: Sequence[str], split_layer: int, batch_size: int = 128, max_length: int = 64, progress: Callable[[str], None] | None = None
) -> Encoded:
    """Run the frozen MiniLM once per text; keep the hidden states at ``split_layer``."""
    tokenizer, bert = load_minilm()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    hidden: list[torch.Tensor | None] = [None] * len(texts)
    sentence = torch.zeros(len(texts), bert.config.hidden_size)
    t0 = time.time()
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            tok = tokenize(tokenizer, [texts[i] for i in idx], max_length=max_length)
            mid, top = run_layers(bert, tok.input_ids, tok.attention_mask, split_layer)
            pooled = mean_pool(top, tok.attention_mask)
            lengths = tok.attention_mask.sum(1).tolist()
            for j, i in enumerate(idx):
                hidden[i] = mid[j, : lengths[j]].to(torch.float16).clone()
                sentence[i] = pooled[j]
            if progress and (start // batch_size) % 50 == 0:
                progress(f"encoded {start + len(idx)}/{len(texts)} texts ({time.time() - t0:.0f} s)")
    return Encoded([h for h in hidden if h is not None], sentence)


def _cached_encoding(cache: str, texts: list[str], split_layer: int, say: Callable[[str], None] | None) -> Encoded:
    """Encode ``texts``, reusing (and extending) a cache file of earlier runs when given."""
    stored: dict[str, tuple[torch.Tensor, torch.Tensor]] = {}
    path = Path(cache) if cache else None
    if path is not None and path.is_file():
        data = torch.load(path, weights_only=True)
        if data.get("split_layer") == split_layer:
            stored = dict(zip(data["texts"], zip(data["hidden"], data["sentence"])))
    missing = [t for t in texts if t not in stored]
    if missing:
        enc = encode_texts(missing, split_layer, progress=say)
        stored.update(zip(missing, zip(enc.hidden, enc.sentence)))
        if path is not None:
            keys = list(stored)
            torch.save(
                {
                    "split_layer": split_layer,
                    "texts": keys,
                    "hidden": [stored[k][0] for k in keys],
                    "sentence": torch.stack([stored[k][1] for k in keys]),
                },
                path,
            )
    return Encoded([stored[t][0] for t in texts], torch.stack([stored[t][1] for t in texts]))


def _batches(lengths: np.ndarray, batch_size: int, rng: np.random.Generator, rank: int, world: int) -> list[np.ndarray]:
    """Shuffled batches of similar lengths (less padding); each rank gets the same number."""
    perm = rng.permutation(len(lengths))
    chunk = batch_size * 50
    batches = []
    for s in range(0, len(perm), chunk):
        part = perm[s : s + chunk]
        part = part[np.argsort(lengths[part], kind="stable")]
        batches += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
    order = rng.permutation(len(batches))
    batches = [batches[i] for i in order]
    per_rank = len(batches) // world
    return batches[rank * per_rank : (rank + 1) * per_rank]


# ---------------------------------------------------------------------- training
def train_member(
    model: OperationModel,
    hidden: Sequence[torch.Tensor],
    present: torch.Tensor,
    local: torch.Tensor,
    cfg: TrainConfig,
    seed: int,
    rank: int = 0,
    world: int = 1,
    device: torch.device = torch.device("cpu"),
    progress: Callable[[str], None] | None = None,
) -> list[float]:
    """Train one model; returns the mean loss of each epoch (this rank's share)."""
    model.to(device)
    net: nn.Module = model
    import torch.distributed as dist

    if dist.is_available() and dist.is_initialized():
        net = nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    groups = [{"params": list(model.head.parameters()), "lr": cfg.lr_head}]
    if len(model.top):
        groups.append({"params": list(model.top.parameters()), "lr": cfg.lr_top})
    opt = torch.optim.AdamW(groups, weight_decay=cfg.weight_decay)
    rng = np.random.default_rng(seed)
    lengths = np.array([h.shape[0] for h in hidden])
    steps_per_epoch = len(_batches(lengths, cfg.batch_size, np.random.default_rng(0), rank, world))
    total = steps_per_epoch * cfg.epochs
    if cfg.max_steps:
        total = min(total, cfg.max_steps)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=[g["lr"] for g in groups], total_steps=max(total, 1), pct_start=0.1
    )
    n_ops = len(model.cfg.ops)
    step = 0
    history = []
    t0 = time.time()
    for epoch in range(cfg.epochs):
        net.train()
        seen, loss_sum = 0, 0.0
        for batch in _batches(lengths, cfg.batch_size, rng, rank, world):
            if step >= total:
                break
            h, m = pad_tokens([hidden[i] for i in batch], device)
            out = net(h, m)
            loss = loss_fn(
                out, present[batch].to(device), local[batch].to(device), n_ops,
                aux_weight=cfg.aux_weight, local_weight=cfg.local_weight,
            )
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            seen += len(batch)
            loss_sum += loss.item() * len(batch)
        history.append(loss_sum / max(seen, 1))
        if progress:
            progress(f"epoch {epoch + 1}/{cfg.epochs}: loss {history[-1]:.4f} ({time.time() - t0:.0f} s)")
        if step >= total:
            break
    return history


@torch.inference_mode()
def predict_hidden(models: Sequence[OperationModel], hidden: Sequence[torch.Tensor], batch_size: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """Ensemble-mean probabilities (N, n_all) and local probabilities (N, n_ops)."""
    order = np.argsort([h.shape[0] for h in hidden], kind="stable")
    probs = np.zeros((len(hidden), models[0].cfg.n_all), dtype=np.float32)
    local = np.zeros((len(hidden), len(models[0].cfg.ops)), dtype=np.float32)
    for m in models:
        m.eval()
    for s in range(0, len(order), batch_size):
        idx = order[s : s + batch_size]
        device = next(models[0].parameters()).device
        h, mask = pad_tokens([hidden[i] for i in idx], device)
        p = torch.zeros(len(idx), probs.shape[1])
        l = torch.zeros(len(idx), local.shape[1])
        for m in models:
            out = m(h, mask)
            p += torch.sigmoid(out.logits).float().cpu()
            l += torch.sigmoid(out.local_logits).float().cpu()
        probs[idx] = (p / len(models)).numpy()
        local[idx] = (l / len(models)).numpy()
    return probs, local


def fit_logistic(x: torch.Tensor, y: torch.Tensor, c: float = 1.0, max_iter: int = 300) -> tuple[torch.Tensor, torch.Tensor]:
    """One L2 logistic regression per column of ``y`` (LBFGS, full batch): the frozen baseline."""
    w = torch.zeros(x.shape[1], y.shape[1], requires_grad=True)
    b = torch.zeros(y.shape[1], requires_grad=True)
    opt = torch.optim.LBFGS([w, b], max_iter=max_iter, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        opt.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits(x @ w + b, y, reduction="sum") + 0.5 / c * (w**2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return w.detach().T.contiguous(), b.detach()


def _seed_all(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def train(cfg: TrainConfig, progress: Callable[[str], None] | None = None) -> dict:
    """Train, choose thresholds on val, save (rank 0). Returns a summary dict."""
    from .predictor import save_weights  # local import: predictor imports this module's constants

    rank, world, local_rank = _dist_env()
    device = _device(local_rank)
    say = progress if (progress and rank == 0) else None
    torch.set_num_threads(cfg.threads)  # more threads thrash when other work shares the cores
    _seed_all(cfg.seed)
    gier = Gier(cfg.annotations)
    names = DEFAULT_OPS + DEFAULT_AUX
    train_rows = request_rows(gier.pairs("train"), web_request=cfg.web_requests)
    val_rows = request_rows(gier.pairs("val"))
    texts = list(dict.fromkeys([r.text for r in train_rows] + [r.text for r in val_rows]))
    index = {t: i for i, t in enumerate(texts)}
    mcfg = OpModelConfig(ops=DEFAULT_OPS, aux=DEFAULT_AUX, n_top=cfg.n_top)
    t0 = time.time()
    enc = _cached_encoding(cfg.cache, texts, 6 - cfg.n_top, say)
    if say:
        say(f"{len(train_rows)} train rows, {len(val_rows)} val rows, {len(texts)} distinct texts encoded in {time.time() - t0:.0f} s")
    tr_hidden = [enc.hidden[index[r.text]] for r in train_rows]
    tr_present, tr_local = (torch.from_numpy(a) for a in label_matrix(train_rows, names))
    _, bert = load_minilm()
    models = []
    histories = []
    for member in range(cfg.ensemble):
        _seed_all(cfg.seed + 1000 * member)
        model = OperationModel(mcfg, bert)
        histories.append(
            train_member(model, tr_hidden, tr_present, tr_local, cfg, cfg.seed + 1000 * member, rank, world, device, say)
        )
        models.append(model.cpu().eval())
    result: dict = {"train_rows": len(train_rows), "val_rows": len(val_rows), "loss": histories}
    if rank == 0:
        va_hidden = [enc.hidden[index[r.text]] for r in val_rows]
        va_present, va_local = label_matrix(val_rows, DEFAULT_OPS)
        probs, local = predict_hidden(models, va_hidden)
        probs = probs[:, : len(DEFAULT_OPS)]
        thresholds = choose_op_thresholds(va_present, probs)
        # The frozen-embedding baseline, fitted on train here so evaluation need not re-encode train.
        summary_rows = request_rows(gier.pairs("train"))
        x = nn.functional.normalize(enc.sentence[[index[r.text] for r in summary_rows]], dim=-1)
        y = torch.from_numpy(label_matrix(summary_rows, DEFAULT_OPS)[0])
        lr_w, lr_b = fit_logistic(x, y)
        prior = y.mean(0)
        x_val = nn.functional.normalize(enc.sentence[[index[r.text] for r in val_rows]], dim=-1)
        lr_val = torch.sigmoid(x_val @ lr_w.T + lr_b).numpy()
        lr_thresholds = dict(zip(DEFAULT_OPS, choose_op_thresholds(va_present, lr_val).tolist()))
        paper = [DEFAULT_OPS.index(o) for o in PAPER_OPS]
        val_metrics = {
            "micro_auc": metrics.micro_auc(va_present[:, paper], probs[:, paper]),
            "micro_f1_0.5": metrics.micro_f1(va_present[:, paper], probs[:, paper] >= 0.5),
            "micro_f1_chosen": metrics.micro_f1(va_present[:, paper], probs[:, paper] >= thresholds[paper]),
            "local_acc": metrics.local_accuracy(va_present[:, paper], va_local[:, paper], local[:, paper]),
        }
        result.update(val=val_metrics, thresholds=dict(zip(DEFAULT_OPS, thresholds.tolist())))
        save_weights(
            cfg.out,
            models,
            thresholds=dict(zip(DEFAULT_OPS, thresholds.tolist())),
            baseline={"lr_weight": lr_w, "lr_bias": lr_b, "prior": prior},
            fp16=cfg.fp16_weights,
            info={
                "train_config": {k: v for k, v in vars(cfg).items() if k not in ("annotations", "out", "cache")},
                "val": val_metrics,
                "baseline_thresholds": lr_thresholds,
            },
        )
        if say:
            say(f"val: {json.dumps({k: round(v, 4) for k, v in val_metrics.items()})}; saved {cfg.out}")
    import torch.distributed as dist

    if dist.is_available() and dist.is_initialized():
        dist.barrier()
    return result


def choose_op_thresholds(present: np.ndarray, probs: np.ndarray, min_positives: int = 20, min_positives_rare: int = 50) -> np.ndarray:
    """Per-op thresholds on val: the paper's 8 jointly for their micro-F1, the others each for its own F1.

    The other ops have a handful of val pairs (flip: 4), so they need more positive rows before a
    fitted threshold replaces 0.5; a threshold fitted to 20 rows of 4 pairs was 0.05.
    """
    paper = [DEFAULT_OPS.index(o) for o in PAPER_OPS]
    t = np.full(len(DEFAULT_OPS), 0.5)
    t[paper] = metrics.choose_thresholds(present[:, paper], probs[:, paper], min_positives=min_positives)
    for j, name in enumerate(DEFAULT_OPS):
        if j not in paper:
            t[j] = metrics.choose_thresholds(present[:, [j]], probs[:, [j]], min_positives=min_positives_rare)[0]
    return t


def parse_args(argv: Sequence[str] | None = None) -> TrainConfig:
    p = argparse.ArgumentParser(prog="python -m ldie_desktop.model.train_ops", description=__doc__.splitlines()[0])
    p.add_argument("--annotations", required=True, help="GIER folder (holds splits/)")
    p.add_argument("--out", default="models/op_predictor.safetensors")
    d = TrainConfig("", "")
    for name in ("seed", "epochs", "n_top", "ensemble", "batch_size", "threads", "max_steps"):
        p.add_argument("--" + name.replace("_", "-"), type=int, default=getattr(d, name))
    for name in ("lr_head", "lr_top", "weight_decay", "aux_weight", "local_weight"):
        p.add_argument("--" + name.replace("_", "-"), type=float, default=getattr(d, name))
    p.add_argument("--cache", default="", help="keep the frozen encoder's features in this file between runs")
    p.add_argument("--no-web-requests", dest="web_requests", action="store_false")
    p.add_argument("--fp32-weights", dest="fp16_weights", action="store_false")
    a = p.parse_args(argv)
    return TrainConfig(**vars(a))


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    cfg = parse_args(argv)
    t0 = time.time()
    result = train(cfg, progress=log.info)
    log.info("done in %.0f s", time.time() - t0)
    if _dist_env()[0] == 0:
        print(json.dumps({k: v for k, v in result.items() if k != "thresholds"}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
