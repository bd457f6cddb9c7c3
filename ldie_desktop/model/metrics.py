"""Multi-label metrics in plain numpy (the app does not depend on scikit-learn)."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve of binary ``labels`` ranked by ``scores`` (ties count half).

    The Mann-Whitney form: the probability that a random positive outscores a random negative.
    NaN when one class is absent.
    """
    y = np.asarray(labels, dtype=bool).ravel()
    s = np.asarray(scores, dtype=np.float64).ravel()
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    s_sorted = s[order]
    ranks = np.empty(s.size, dtype=np.float64)
    # average ranks over ties
    boundaries = np.flatnonzero(np.diff(s_sorted)) + 1
    starts = np.concatenate([[0], boundaries])
    ends = np.concatenate([boundaries, [s.size]])
    avg = (starts + ends + 1) / 2.0  # 1-based mean rank of each tie group
    ranks[order] = np.repeat(avg, ends - starts)
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def micro_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Every (row, class) pair pooled: how the GIER paper's 0.915 is computed."""
    return roc_auc(np.asarray(labels).ravel(), np.asarray(scores).ravel())


def macro_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Mean of per-class AUCs (classes with one label value skipped)."""
    vals = [roc_auc(labels[:, j], scores[:, j]) for j in range(labels.shape[1])]
    vals = [v for v in vals if not np.isnan(v)]
    return float(np.mean(vals)) if vals else float("nan")


def f1_counts(tp: float, fp: float, fn: float) -> float:
    denom = 2 * tp + fp + fn
    return float(2 * tp / denom) if denom > 0 else 0.0


def micro_f1(labels: np.ndarray, predicted: np.ndarray) -> float:
    y = np.asarray(labels, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    return f1_counts(float((y & p).sum()), float((~y & p).sum()), float((y & ~p).sum()))


def per_class_f1(labels: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    y = np.asarray(labels, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    tp = (y & p).sum(0)
    fp = (~y & p).sum(0)
    fn = (y & ~p).sum(0)
    denom = 2 * tp + fp + fn
    return np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)


def macro_f1(labels: np.ndarray, predicted: np.ndarray) -> float:
    return float(per_class_f1(labels, predicted).mean())


def threshold(scores: np.ndarray, thresholds: float | Sequence[float] | np.ndarray) -> np.ndarray:
    """Scores (N, C) above a threshold, one for all classes or one per class."""
    t = np.asarray(thresholds, dtype=np.float64)
    return np.asarray(scores) >= t


def choose_thresholds(
    labels: np.ndarray,
    scores: np.ndarray,
    grid: np.ndarray | None = None,
    min_positives: int = 20,
    default: float = 0.5,
) -> np.ndarray:
    """Per-class thresholds that maximise micro-F1, chosen one class at a time (on val).

    Raising one class's threshold only moves that class's TP/FP/FN, so the best threshold for
    the pooled F1 is found by a coordinate search over classes (two sweeps). Classes with fewer
    than ``min_positives`` positives keep ``default``: a threshold fitted to a handful of rows
    would be noise.
    """
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    grid = np.round(np.arange(0.05, 0.951, 0.025), 3) if grid is None else np.asarray(grid)
    c = y.shape[1]
    t = np.full(c, default, dtype=np.float64)
    fit = y.sum(0) >= min_positives
    for _ in range(2):
        for j in np.flatnonzero(fit):
            p = s >= t
            others = np.ones(c, dtype=bool)
            others[j] = False
            tp0 = float((y[:, others] & p[:, others]).sum())
            fp0 = float((~y[:, others] & p[:, others]).sum())
            fn0 = float((y[:, others] & ~p[:, others]).sum())
            best, best_t = -1.0, t[j]
            for g in grid:
                pj = s[:, j] >= g
                tp = tp0 + float((y[:, j] & pj).sum())
                fp = fp0 + float((~y[:, j] & pj).sum())
                fn = fn0 + float((y[:, j] & ~pj).sum())
                f = f1_counts(tp, fp, fn)
                if f > best + 1e-12:
                    best, best_t = f, float(g)
            t[j] = best_t
    return t


def local_accuracy(present: np.ndarray, local: np.ndarray, local_prob: np.ndarray) -> float:
    """Accuracy of local-vs-global over the (row, operation) pairs the labels say are present."""
    m = np.asarray(present, dtype=bool)
    if not m.any():
        return float("nan")
    pred = np.asarray(local_prob)[m] >= 0.5
    return float((pred == np.asarray(local, dtype=bool)[m]).mean())
