"""Training and evaluation of the heads on the shared encoder features.

Encoder features are computed once per dataset split and cached under ``/tmp`` (see
:func:`presslens.heads.features.cached_encode`); the heads themselves train in seconds.
Reproducible: fixed seeds, single-threaded-deterministic scikit-learn solvers.
"""

from __future__ import annotations

import datetime as _dt
import time
from pathlib import Path
from typing import Any

import numpy as np

from ..techniques.component import weights_fingerprint as encoder_fingerprint
from . import data as _data
from .features import cached_encode, sentence_inputs
from .head import CLASSES, TASKS, Head, load_head, read_head, save_head

CONFIG: dict[str, dict[str, Any]] = {
    "subjectivity": {"kind": "logreg", "C": 1.0, "inputs": ("L2", "L4", "L6")},
    "claims": {
        "kind": "mlp",
        "hidden": (256, 128),
        "alpha": 1e-3,
        "inputs": ("L2", "L3", "L4", "L5", "L6", "F"),
        "members": 5,
    },
    "stance": {"kind": "logreg", "C": 1.0, "inputs": ("S6", "T6", "C6")},
}
"""Per-task head: a class-balanced logistic regression or a small ReLU MLP (for claims an
ensemble of five, seeds 13..17, probabilities averaged), and what it reads.

Chosen by the dev score (docs/heads.md lists every candidate): logistic regression (C = 0.3, 1,
3) and MLPs (256 units, alpha = 1e-3, 1e-2; for claims also alpha 1e-4, 512 units, 256 + 128
units, 128 + 64 units; inputs: the sentence vector alone, with surface features, with layers 2, 3
or 4). NewsMTSC has no separate dev split: the stance head was chosen on devtest_mt."""
DEV_SPLIT = {"subjectivity": "dev", "claims": "dev", "stance": "devtest_mt"}
EVAL_SPLIT = {"subjectivity": "dev", "claims": "dev-test", "stance": "devtest_mt"}


def features(
    task: str,
    data_dir: str | Path,
    split: str,
    limit: int | None = None,
    inputs: tuple[str, ...] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Feature matrix and label vector of one split (encoder output cached under /tmp)."""
    if task == "stance":
        ds = _data.read_stance(data_dir, split, limit)
        return cached_encode(ds.texts, ds.spans).targets, np.asarray(ds.labels)
    reader = _data.read_claims if task == "claims" else _data.read_subjectivity
    sents = reader(data_dir, split, limit)
    encoded = cached_encode(sents.texts)
    spec = inputs or CONFIG[task]["inputs"]
    assert encoded.layers is not None
    return sentence_inputs(spec, encoded.layers, sents.texts), np.asarray(sents.labels)


def fit_head(
    task: str, x: np.ndarray, y: np.ndarray, seed: int
) -> tuple[tuple[np.ndarray, ...], ...]:
    """Fit the configured head; returns its layers as ``((W, b), ...)``."""
    cfg = CONFIG[task]
    if cfg["kind"] == "logreg":
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=cfg["C"], class_weight="balanced", max_iter=2000)
        lr.fit(x, y)
        return ((lr.coef_.T.astype(np.float32), lr.intercept_.astype(np.float32)),)
    from sklearn.neural_network import MLPClassifier

    mlp = MLPClassifier(
        hidden_layer_sizes=cfg["hidden"],
        alpha=cfg["alpha"],
        early_stopping=True,
        validation_fraction=0.1,
        n_iter_no_change=8,
        max_iter=200,
        random_state=seed,
    )
    mlp.fit(x, y)
    return tuple(
        (w.astype(np.float32), b.astype(np.float32))
        for w, b in zip(mlp.coefs_, mlp.intercepts_, strict=True)
    )


def f1(y: np.ndarray, pred: np.ndarray, label: int) -> float:
    """F1 of class ``label`` (0 when it is neither predicted nor present)."""
    tp = float(np.sum((pred == label) & (y == label)))
    fp = float(np.sum((pred == label) & (y != label)))
    fn = float(np.sum((pred != label) & (y == label)))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def scores(task: str, head: Head, x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """The official metric (and accuracy) of ``head`` on features ``x`` with gold ``y``."""
    proba = head.proba(x)
    y = np.asarray(y)
    if task == "claims":
        pred = (proba[:, 1] >= head.threshold).astype(int)
        return {
            "f1_positive": round(f1(y, pred, 1), 4),
            "accuracy": round(float(np.mean(pred == y)), 4),
        }
    pred = proba.argmax(axis=1)
    return {
        "macro_f1": round(float(np.mean([f1(y, pred, k) for k in range(proba.shape[1])])), 4),
        "accuracy": round(float(np.mean(pred == y)), 4),
    }


def head_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The probability threshold that maximises positive-class F1 (grid of 0.01)."""
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    f1s = [f1(np.asarray(y), (p >= t).astype(int), 1) for t in grid]
    return float(grid[int(np.argmax(f1s))])


def _half(layers: tuple[tuple[np.ndarray, ...], ...]) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Weights rounded to float16 as they are shipped, so the scores are what users get."""
    return tuple((w.astype(np.float16).astype(np.float32), b) for w, b in layers)


def train_head(
    task: str, data_dir: str | Path, *, seed: int = 13, out: Path | None = None
) -> dict[str, Any]:
    """Train the ``task`` head on its train split, pick thresholds on dev, save, return metadata.

    An ensemble (``members`` in :data:`CONFIG`) trains its members with seeds ``seed``,
    ``seed + 1``, ...
    """
    if task not in TASKS:
        raise ValueError(f"unknown head {task!r}; choose one of {', '.join(TASKS)}")
    cfg = CONFIG[task]
    np.random.seed(seed)
    started = time.perf_counter()
    x, y = features(task, data_dir, "train")
    encoded_s = time.perf_counter() - started
    fitted = time.perf_counter()
    count = int(cfg.get("members", 1))
    nets = tuple(_half(fit_head(task, x, y, seed + k)) for k in range(count))
    train_s = time.perf_counter() - fitted
    inputs = tuple(cfg["inputs"])
    members = nets if count > 1 else ()
    head = Head(task, CLASSES[task], nets[0], 0.5, None, members, inputs)
    report: dict[str, Any] = {}
    xd, yd = features(task, data_dir, DEV_SPLIT[task])
    if task == "claims":
        threshold = head_threshold(head.proba(xd)[:, 1], yd)
        head = Head(task, head.classes, head.layers, threshold, None, members, inputs)
        report["dev"] = scores(task, head, xd, yd)
        xt, yt = features(task, data_dir, "dev-test")
        report["dev-test"] = scores(task, head, xt, yt)
    else:
        report[DEV_SPLIT[task]] = scores(task, head, xd, yd)
    meta = {
        "task": task,
        "data": str(data_dir),
        "train_split": "train",
        "train_size": len(y),
        "seed": seed,
        "seeds": [seed + k for k in range(count)],
        "head": {k: list(v) if isinstance(v, tuple) else v for k, v in cfg.items()},
        "encoder": "shared pass: technique network (all-MiniLM-L6-v2, top 4 layers tuned on PTC)",
        "encoder_weights": encoder_fingerprint(),
        "scores": report,
        "encode_seconds_this_run": round(encoded_s, 1),  # ~0 when the /tmp cache was warm
        "train_seconds": round(train_s, 1),
        "date": _dt.date.today().isoformat(),
    }
    head = Head(task, head.classes, head.layers, head.threshold, meta, members, inputs)
    path = save_head(head, out)
    meta["threshold"] = head.threshold
    meta["weights_bytes"] = path.stat().st_size
    return meta


def evaluate_head(
    task: str,
    data_dir: str | Path,
    *,
    split: str | None = None,
    limit: int | None = None,
    where: Path | None = None,
) -> dict[str, Any]:
    """Score the ``task`` head (shipped, or the one in ``where``) on ``split`` (default: its
    evaluation split)."""
    split = split or EVAL_SPLIT[task]
    head = read_head(task, where) if where else load_head(task)
    x, y = features(task, data_dir, split, limit, head.inputs)
    out: dict[str, Any] = {"task": task, "split": split, "items": len(y)}
    if task == "claims":
        out["threshold"] = head.threshold
    out.update(scores(task, head, x, y))
    return out
