"""Operation prediction on GIER, the way the paper reports it, beside two baselines.

Every request (expert and amateur summary) of a pair is one row with the pair's labels. Scores
over the paper's 8 operations: ROC-AUC micro (every request-operation pair pooled: the paper's
0.915) and macro, micro/macro F1 at fixed thresholds 0.3..0.7 and at the per-operation thresholds
chosen on val at training time, and local/global accuracy over the operations a request truly
needs. The same on the "clean" pairs (input image not in train).

Baselines: ``constant`` predicts {brightness, contrast, saturation, hue, inpaint_obj, tint} for
every request (its AUC ranks ops by their train frequency); ``logreg`` is one logistic
regression per op on frozen mean-pooled MiniLM embeddings, fitted on train at training time
(thresholds chosen on val). Local/global for the baselines: each op's majority in train.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from . import metrics
from .gier import Gier, clean_pairs, label_matrix, request_rows
from .predictor import OperationPredictor
from .train_ops import PAPER_OPS

GRID = (0.3, 0.4, 0.5, 0.6, 0.7)
CONSTANT_SET = ("brightness", "contrast", "saturation", "hue", "inpaint_obj", "tint")


def score_block(
    present: np.ndarray, local: np.ndarray, probs: np.ndarray, local_probs: np.ndarray | None, chosen: np.ndarray | None
) -> dict[str, float]:
    """Metrics of one system on one subset; arrays are (N, 8) over the paper's ops."""
    out: dict[str, float] = {
        "micro_auc": metrics.micro_auc(present, probs),
        "macro_auc": metrics.macro_auc(present, probs),
    }
    for t in GRID:
        pred = probs >= t
        out[f"micro_f1@{t}"] = metrics.micro_f1(present, pred)
        out[f"macro_f1@{t}"] = metrics.macro_f1(present, pred)
    if chosen is not None:
        pred = probs >= chosen
        out["micro_f1@val"] = metrics.micro_f1(present, pred)
        out["macro_f1@val"] = metrics.macro_f1(present, pred)
    if local_probs is not None:
        out["local_acc"] = metrics.local_accuracy(present, local, local_probs)
    return out


def evaluate_gier(
    annotations: str | Path,
    split: str = "test",
    predictor: OperationPredictor | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Evaluate on ``split`` (``val`` or ``test``): a dict with ``whole`` and ``clean`` blocks,
    each holding ``model``, ``logreg`` and ``constant`` metrics, plus counts."""
    t0 = time.time()
    gier = Gier(annotations)
    predictor = predictor or OperationPredictor.load()
    train_pairs = gier.pairs("train")
    pairs = gier.pairs(split)
    clean_idx = {p.index for p in clean_pairs(pairs, train_pairs)}
    rows = request_rows(pairs)
    texts = [r.text for r in rows]
    if progress:
        progress(f"scoring {len(texts)} {split} requests")
    raw = predictor.scores(texts)
    cols = [predictor.ops.index(o) for o in PAPER_OPS]
    probs = raw["probs"][:, cols]
    local_probs = raw["local"][:, cols]
    chosen = predictor.thresholds[cols]
    present, local = label_matrix(rows, PAPER_OPS)

    # baselines
    train_rows = request_rows(train_pairs)
    tr_present, tr_local = label_matrix(train_rows, PAPER_OPS)
    prior = tr_present.mean(0)
    majority_local = (tr_local.sum(0) / np.maximum(tr_present.sum(0), 1)) >= 0.5
    constant_probs = np.broadcast_to(prior, probs.shape)
    constant_pred = np.broadcast_to(np.array([o in CONSTANT_SET for o in PAPER_OPS]), probs.shape)
    majority = np.broadcast_to(majority_local.astype(np.float32), probs.shape)
    lr = predictor.baseline_scores(raw["sentence"])
    lr_thresholds = predictor.info.get("baseline_thresholds")

    result: dict = {
        "split": split,
        "ops": list(PAPER_OPS),
        "model_thresholds": dict(zip(PAPER_OPS, chosen.tolist())),
    }
    for name, mask in (("whole", np.ones(len(rows), dtype=bool)), ("clean", np.array([r.pair_index in clean_idx for r in rows]))):
        if not mask.any():
            continue
        y, l = present[mask], local[mask]
        block = {
            "pairs": len({r.pair_index for r, m in zip(rows, mask) if m}),
            "requests": int(mask.sum()),
            "model": score_block(y, l, probs[mask], local_probs[mask], chosen),
            "constant": {
                "micro_auc": metrics.micro_auc(y, constant_probs[mask]),
                "macro_auc": metrics.macro_auc(y, constant_probs[mask]),
                "micro_f1@set": metrics.micro_f1(y, constant_pred[mask]),
                "macro_f1@set": metrics.macro_f1(y, constant_pred[mask]),
                "local_acc": metrics.local_accuracy(y, l, majority[mask]),
            },
        }
        if lr is not None:
            lr_cols = lr[:, cols]
            t = np.array([lr_thresholds[o] for o in PAPER_OPS]) if lr_thresholds else None
            block["logreg"] = score_block(y, l, lr_cols[mask], majority[mask], t)
        result[name] = block
    result["seconds"] = round(time.time() - t0, 1)
    return result


_ROWS: Sequence[tuple[str, str]] = (
    ("micro_auc", "ROC-AUC micro"),
    ("macro_auc", "ROC-AUC macro"),
    ("micro_f1@0.3", "F1 micro @0.3"),
    ("micro_f1@0.4", "F1 micro @0.4"),
    ("micro_f1@0.5", "F1 micro @0.5"),
    ("micro_f1@0.6", "F1 micro @0.6"),
    ("micro_f1@0.7", "F1 micro @0.7"),
    ("micro_f1@val", "F1 micro @val thr"),
    ("micro_f1@set", "F1 micro (fixed set)"),
    ("macro_f1@0.5", "F1 macro @0.5"),
    ("macro_f1@val", "F1 macro @val thr"),
    ("macro_f1@set", "F1 macro (fixed set)"),
    ("local_acc", "local/global acc"),
)


def format_table(result: dict) -> str:
    """The result of :func:`evaluate_gier` as a plain-text table, whole and clean side by side."""
    systems = ("model", "logreg", "constant")
    blocks = [b for b in ("whole", "clean") if b in result]
    head = f"{'GIER ' + result['split'] + ', 8 paper ops':<24}"
    for b in blocks:
        head += " | " + " ".join(f"{b + ':' + s:>14}" for s in systems)
    lines = [head, "-" * len(head)]
    for key, label in _ROWS:
        line = f"{label:<24}"
        any_value = False
        for b in blocks:
            cells = []
            for s in systems:
                v = result[b].get(s, {}).get(key)
                any_value |= v is not None
                cells.append(f"{v:>14.4f}" if v is not None else f"{'-':>14}")
            line += " | " + " ".join(cells)
        if any_value:
            lines.append(line)
    for b in blocks:
        lines.append(f"{b}: {result[b]['pairs']} pairs, {result[b]['requests']} requests")
    lines.append("constant: {" + ", ".join(CONSTANT_SET) + "}; logreg: frozen MiniLM embeddings; "
                 "baselines' local/global = each op's majority in train")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ldie_desktop.model.evaluate --annotations DIR [--split test] [--json]``."""
    import argparse
    import json

    p = argparse.ArgumentParser(prog="python -m ldie_desktop.model.evaluate")
    p.add_argument("--annotations", required=True)
    p.add_argument("--split", default="test", choices=("val", "test"))
    p.add_argument("--weights", default=None)
    p.add_argument("--json", action="store_true")
    a = p.parse_args(argv)
    result = evaluate_gier(a.annotations, a.split, OperationPredictor.load(a.weights) if a.weights else None)
    print(json.dumps(result, indent=1) if a.json else format_table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
