"""Train the parameter model end to end through the differentiable operations.

    python -m ldie_desktop.model.train_params --photos ~/.cache/ldie/photos \\
        --out models/params-v1.safetensors --seed 0

Each step draws synthetic triples (:mod:`.synth`): a crop of a real photo, a request, and the
target made with known edits. The heads predict every requested operation's parameters; the
crop is rendered through those operations in :data:`~.params.RENDER_ORDER` and the loss is

* L1 between the rendered result and the target,
* the paper's step-wise triplet loss: after each operation the image must be closer to the
  target than before it, by a margin (``relu(d_k - d_{k-1} + margin)``),
* a small direct loss on the parameters where they are known (not for "fix it" targets),
* cross-entropy for the rotate/flip choices.

The same entry point runs under ``torchrun --nproc_per_node N`` with DistributedDataParallel
(each rank draws its own samples; rank 0 writes the weights). Reproducible for a fixed seed and
``--steps`` on one process.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import time
from pathlib import Path
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F

from ..ops import registry
from ..ops.spec import OpContext
from . import synth
from .text_encoder import pad_tokens
from .params import (
    CLASSIFIED_OPS, FLIP_CLASSES, RENDER_ORDER, ParamModelConfig, ParamPredictor, encode_tokens,
    image_stats,
)

log = logging.getLogger("ldie.train_params")

TRIPLET_MARGIN = 0.002


# ---------------------------------------------------------------------------------- batches
class Batch:
    """Rendered inputs/targets for a list of samples, plus what the loss needs."""

    def __init__(self, samples: Sequence[synth.Sample], crops: torch.Tensor) -> None:
        self.samples = list(samples)
        self.requests = [s.request for s in samples]
        b = len(samples)
        self.ops = [op for op in RENDER_ORDER if any(op == e[0] for s in samples for e in s.edits)]
        self.used = {op: torch.tensor([any(e[0] == op for e in s.edits) for s in samples]) for op in self.ops}
        self.known = torch.tensor([s.known for s in samples])
        self.image = torch.tensor([not s.text_only for s in samples])
        with torch.no_grad():
            x = crops
            # degrade in each sample's own order (a different photo problem for each)
            for step in range(max((len(s.degrade) for s in samples), default=0)):
                x = _apply_rows(x, [s.degrade[step] if step < len(s.degrade) else None for s in samples])
            self.input = x
            if all(s.known for s in samples):
                self.target = _render_known(x, samples, self.ops)
            else:
                known = _render_known(x, samples, self.ops)
                clean = crops
                self.target = torch.where(self.known.reshape(b, 1, 1, 1), known, clean)
        self.tokens: tuple[torch.Tensor, torch.Tensor] | None = None
        self.params = {op: [dict(next((p for o, p in s.edits if o == op), {})) for s in samples] for op in self.ops}
        # direction hints (known edits and the undoing edit of problem statements): sign loss
        self.hints = {op: [dict(next((p for o, p in getattr(s, "hints", ()) if o == op), {})) for s in samples]
                      for op in self.ops}


def _apply_rows(x: torch.Tensor, edits: Sequence[tuple[str, dict] | None]) -> torch.Tensor:
    """Apply ``edits[i]`` to row ``i`` (``None``: unchanged), batched per operation."""
    ctx = OpContext.for_image(x)
    for op_name in sorted({e[0] for e in edits if e is not None}):
        op = registry.get(op_name)
        idx = torch.tensor([i for i, e in enumerate(edits) if e is not None and e[0] == op_name])
        params = op.to_tensors([edits[i][1] for i in idx.tolist()])  # type: ignore[index]
        x = x.index_copy(0, idx, op.apply(x[idx], params, ctx))
    return x


def _render_known(x: torch.Tensor, samples: Sequence[synth.Sample], ops: Sequence[str]) -> torch.Tensor:
    for op_name in ops:
        if op_name in CLASSIFIED_OPS:
            continue
        x = _apply_rows(x, [next(((o, p) for o, p in s.edits if o == op_name), None) for s in samples])
    return x


def draw_batch(
    photos: Sequence[np.ndarray], size: int, n: int, rng: random.Random, pool: "RequestPool | None" = None
) -> Batch:
    if pool is not None:
        picks = [rng.randrange(len(pool)) for _ in range(n)]
        samples = [pool.samples[i] for i in picks]
    else:
        picks, samples = None, [synth.make_request(rng) for _ in range(n)]
    crops = synth.to_batch([synth.random_crop(photos[rng.randrange(len(photos))], size, rng) for _ in range(n)])
    batch = Batch(samples, crops)
    if pool is not None and picks is not None:
        batch.tokens = pool.tokens(picks)
    return batch


class RequestPool:
    """A fixed set of synthetic requests whose MiniLM token states are computed once: the frozen
    encoder is the slowest part of a CPU step, and every request is drawn several times (with a
    new photo crop each time)."""

    def __init__(self, n: int, rng: random.Random, max_length: int, chunk: int = 64) -> None:
        self.samples = [synth.make_request(rng) for _ in range(n)]
        self.hidden: list[torch.Tensor] = []
        for i in range(0, n, chunk):
            tok = encode_tokens([s.request for s in self.samples[i : i + chunk]], max_length)
            lengths = tok.mask.sum(1).tolist()
            self.hidden.extend(tok.hidden[j, : int(L)].to(torch.float16).clone() for j, L in enumerate(lengths))

    def __len__(self) -> int:
        return len(self.samples)

    def tokens(self, picks: Sequence[int]) -> tuple[torch.Tensor, torch.Tensor]:
        return pad_tokens([self.hidden[i] for i in picks])


# ---------------------------------------------------------------------------------- loss
def loss_on(model: ParamPredictor, batch: Batch, param_weight: float = 0.3, triplet_weight: float = 0.5,
            sign_weight: float = 2.0) -> dict[str, torch.Tensor]:
    """The training loss for a batch, with its parts (for logging)."""
    if batch.tokens is not None:
        hidden, mask = batch.tokens
    else:
        tok = encode_tokens(batch.requests, model_cfg(model).max_length)
        hidden, mask = tok.hidden, tok.mask
    core = model.module if hasattr(model, "module") else model
    stats = image_stats(batch.input)
    raw = model(hidden, mask, stats, ops=batch.ops)
    x = batch.input
    ctx = OpContext.for_image(x)
    target = batch.target
    img_rows = batch.image.to(x.dtype)
    n_img = img_rows.sum().clamp_min(1.0)
    dist_prev = (x - target).abs().mean(dim=(1, 2, 3))
    triplet = x.new_zeros(())
    n_steps = x.new_zeros(())
    param_loss = x.new_zeros(())
    n_param = x.new_zeros(())
    ce = x.new_zeros(())
    sign = x.new_zeros(())
    n_sign = x.new_zeros(())
    for op_name in batch.ops:
        used = batch.used[op_name]
        if op_name in CLASSIFIED_OPS:
            ce = ce + _choice_loss(op_name, raw[op_name], batch.params[op_name], used)
            continue
        op = registry.get(op_name)
        idx = used.nonzero().flatten()
        values = core.values(op_name, raw[op_name][idx])
        x = x.index_copy(0, idx, op.apply(x[idx], values, ctx))
        dist = (x - target).abs().mean(dim=(1, 2, 3))
        step_rows = used.to(x.dtype) * img_rows
        triplet = triplet + (F.relu(dist - dist_prev + TRIPLET_MARGIN) * step_rows).sum()
        n_steps = n_steps + step_rows.sum()
        dist_prev = dist
        # direct parameter loss where the target parameters are known
        rows = batch.known[idx]
        if rows.any():
            true = op.to_tensors([batch.params[op_name][i] for i in idx.tolist()])
            for slot in core.slots(op_name):
                err = (slot.normalise(values[slot.name]) - slot.normalise(true[slot.name])).abs().mean(1)
                param_loss = param_loss + (err * rows.to(x.dtype)).sum()
            n_param = n_param + rows.to(x.dtype).sum()
        # sign consistency: the predicted change from the identity must point the way of the
        # hinted change, by at least half its size (hinge), for every edit whose direction is known
        hint_rows = [j for j, i in enumerate(idx.tolist()) if batch.hints[op_name][i]]
        if hint_rows:
            hr = torch.tensor(hint_rows)
            true = op.to_tensors([batch.hints[op_name][i] for i in idx[hr].tolist()])
            dts, dps = [], []
            for slot in core.slots(op_name):
                ident = torch.sigmoid(torch.tensor(slot.offset, dtype=x.dtype))
                dts.append(slot.normalise(true[slot.name]) - ident)
                dps.append(slot.normalise(values[slot.name][hr]) - ident)
            dt, dp = torch.cat(dts, 1), torch.cat(dps, 1)
            norm = dt.norm(dim=1)
            ok = norm > 1e-4
            if ok.any():
                proj = (dp * dt).sum(1) / norm.clamp_min(1e-4)
                sign = sign + (F.relu(0.5 * norm - proj) * ok.to(x.dtype)).sum()
                n_sign = n_sign + ok.to(x.dtype).sum()
    l1 = ((x - target).abs().mean(dim=(1, 2, 3)) * img_rows).sum() / n_img
    trip = triplet / n_steps.clamp_min(1.0)
    par = param_loss / n_param.clamp_min(1.0)
    sgn = sign / n_sign.clamp_min(1.0)
    total = l1 + triplet_weight * trip + param_weight * par + ce + sign_weight * sgn
    return {"loss": total, "l1": l1.detach(), "triplet": trip.detach(), "param": par.detach(), "ce": ce.detach(),
            "sign": sgn.detach()}


def _choice_loss(op: str, logits: torch.Tensor, params: Sequence[dict], used: torch.Tensor) -> torch.Tensor:
    if not used.any():
        return logits.sum() * 0.0
    if op == "rotate":
        labels = torch.tensor([int(p.get("quarter_turns", 0)) % 4 for p in params])
    else:
        index = {c: i for i, c in enumerate(FLIP_CLASSES)}
        labels = torch.tensor([index.get((int(p.get("horizontal", 1)), int(p.get("vertical", 0))), 0) for p in params])
    return F.cross_entropy(logits[used], labels[used])


def model_cfg(model: torch.nn.Module) -> ParamModelConfig:
    return (model.module if hasattr(model, "module") else model).cfg


# ---------------------------------------------------------------------------------- driver
def _distributed() -> tuple[int, int]:
    """(rank, world size); initialises the process group when launched by torchrun."""
    import torch.distributed as dist

    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1 and not dist.is_initialized():
        backend = "nccl" if torch.cuda.is_available() else "gloo"
        dist.init_process_group(backend)
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def encode_sentences(texts: Sequence[str], max_length: int, chunk: int = 64) -> torch.Tensor:
    """Mean-pooled MiniLM embeddings ``(N, 384)`` (the sentence-transformers pooling)."""
    from .text_encoder import mean_pool

    rows = []
    for i in range(0, len(texts), chunk):
        tok = encode_tokens(texts[i : i + chunk], max_length)
        rows.append(mean_pool(tok.hidden, tok.mask))
    return torch.cat(rows)


def seed_all(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def fit_stats(model: ParamPredictor, photos: Sequence[np.ndarray], size: int, rng: random.Random, n: int = 256) -> None:
    """Normalise the image statistics by their mean/std over training inputs."""
    batch = [draw_batch(photos, size, 32, rng) for _ in range(max(1, n // 32))]
    s = torch.cat([image_stats(b.input) for b in batch])
    model.stats_mean.copy_(s.mean(0))
    model.stats_std.copy_(s.std(0).clamp_min(1e-3))


def _one_cycle(frac: float, lr: float, warm: float = 0.1) -> float:
    """OneCycleLR's cosine shape (start and end at lr / 25 and lr / 25e4) at ``frac`` of the run."""
    import math

    lo, end = lr / 25.0, lr / 25.0 / 1e4
    if frac < warm:
        return lo + (lr - lo) * (1 - math.cos(math.pi * frac / warm)) / 2
    f = (frac - warm) / (1 - warm)
    return end + (lr - end) * (1 + math.cos(math.pi * f)) / 2


def train(
    photos_dir: str | Path,
    out: str | Path | None,
    *,
    seed: int = 0,
    steps: int = 1400,
    batch_size: int = 32,
    size: int = 88,
    lr: float = 2e-3,
    max_minutes: float | None = None,
    threads: int | None = 1,
    log_every: int = 50,
    pool_size: int = 6000,
    photos: Sequence[np.ndarray] | None = None,
    time_schedule: bool = False,
    init: str | Path | None = None,
    sign_weight: float = 2.0,
) -> tuple[ParamPredictor, dict]:
    """Train and (on rank 0) save to ``out``; returns the model and a summary."""
    if threads:
        torch.set_num_threads(threads)
    rank, world = _distributed()
    seed_all(seed)
    if photos is None:
        paths, _ = synth.split_photos(synth.find_photos(photos_dir))
        photos = [p for p in (synth.load_photo(path) for path in paths) if p is not None]
    if not photos:
        raise SystemExit(f"no photos found in {photos_dir}; run scripts/fetch_photos.sh first")
    rng = random.Random(seed * 1000 + rank)
    if init is not None:  # continue from saved weights (anchors and statistics normalisation kept)
        model = ParamPredictor.load(init)
        model.train()
    else:
        anchors = synth.anchor_phrases()
        model = ParamPredictor(ParamModelConfig(
            anchor_groups=sorted({g for g, _ in anchors}), n_anchors=len(anchors)))
        model.set_anchors(encode_sentences([t for _, t in anchors], model.cfg.max_length), [g for g, _ in anchors])
        fit_stats(model, photos, size, random.Random(seed))
    t0 = time.perf_counter()
    pool = RequestPool(pool_size, random.Random(seed * 1000 + rank + 1), model.cfg.max_length) if pool_size else None
    if rank == 0 and pool is not None:
        log.info("encoded %d requests in %.0f s", len(pool), time.perf_counter() - t0)
    core = model
    if world > 1:
        from torch.nn.parallel import DistributedDataParallel

        model = DistributedDataParallel(model, find_unused_parameters=True)  # type: ignore[assignment]
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)
    start = time.perf_counter()
    history: list[dict] = []
    running: dict[str, float] = {}
    done = 0
    model.train()
    for step in range(steps):
        if time_schedule and max_minutes is not None:
            # one-cycle by elapsed time instead of steps: the run ends annealed whatever the speed
            frac = min((time.perf_counter() - start) / (60 * max_minutes), 1.0)
            for g in opt.param_groups:
                g["lr"] = _one_cycle(frac, lr)
        batch = draw_batch(photos, size, batch_size, rng, pool)
        parts = loss_on(model, batch, sign_weight=sign_weight)  # type: ignore[arg-type]
        opt.zero_grad(set_to_none=True)
        parts["loss"].backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if not (time_schedule and max_minutes is not None):
            sched.step()
        done = step + 1
        for k, v in parts.items():
            running[k] = running.get(k, 0.0) + float(v.detach())
        if done % log_every == 0 or done == steps:
            row = {k: v / log_every for k, v in running.items()} | {"step": done, "s": time.perf_counter() - start}
            history.append(row)
            running = {}
            if rank == 0:
                log.info("step %d  loss %.4f  l1 %.4f  triplet %.4f  param %.4f  sign %.4f  ce %.3f  (%.0f s)", done,
                         row["loss"], row["l1"], row["triplet"], row["param"], row["sign"], row["ce"], row["s"])
        if max_minutes is not None and time.perf_counter() - start > 60 * max_minutes:
            log.warning("stopping at step %d: the %.1f minute budget is spent", done, max_minutes)
            break
    core.eval()
    summary = {
        "seed": seed, "steps": done, "batch_size": batch_size, "crop_size": size, "lr": lr, "world_size": world,
        "train_photos": len(photos), "request_pool": pool_size, "seconds": round(time.perf_counter() - start, 1),
        "final": history[-1] if history else {}, "time_schedule": bool(time_schedule and max_minutes),
        "init": str(init) if init else None, "sign_weight": sign_weight,
    }
    if out is not None and rank == 0:
        core.save(out, extra={"training": json.dumps(summary)})
    return core, summary


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ldie_desktop.model.train_params", description=__doc__.split("\n\n")[0])
    ap.add_argument("--photos", default="~/.cache/ldie/photos", help="folder of training photos (scripts/fetch_photos.sh)")
    ap.add_argument("--out", default="models/params-v1.safetensors")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--steps", type=int, default=1400)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--size", type=int, default=88, help="crop side in pixels")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--max-minutes", type=float, default=None, help="stop early after this long (not reproducible)")
    ap.add_argument("--threads", type=int, default=1, help="torch CPU threads (0: torch's default)")
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--pool", type=int, default=6000, help="requests encoded once and reused (0: fresh each step)")
    ap.add_argument("--time-schedule", action="store_true",
                    help="with --max-minutes: run the learning-rate schedule over the time budget, not the steps")
    ap.add_argument("--init", default=None, help="start from these weights (fine-tuning)")
    ap.add_argument("--sign-weight", type=float, default=2.0, help="weight of the sign-consistency loss")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    _, summary = train(
        Path(args.photos).expanduser(), args.out, seed=args.seed, steps=args.steps, batch_size=args.batch_size,
        size=args.size, lr=args.lr, max_minutes=args.max_minutes, threads=args.threads or None,
        log_every=args.log_every, pool_size=args.pool, time_schedule=args.time_schedule,
        init=args.init, sign_weight=args.sign_weight,
    )
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
