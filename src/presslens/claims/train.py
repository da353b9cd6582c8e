"""Training and scoring the check-worthiness model (:mod:`presslens.claims.network`).

:func:`train_claims_model` fine-tunes the network on CheckThat! 2024 train and keeps the epoch
with the best dev F1; :func:`choose_on_dev` then chooses the quantity bonus and the threshold on
dev with the weights as shipped (int8), and scores dev-test once. :func:`evaluate_claims_model`
is what ``presslens eval claims`` runs.

Trained by ``presslens train claims --data ../shared/data/checkthat24_task1_en``.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from ..heads.data import read_claims
from ..heads.finetune import fit, save_tuned, seed_everything
from ..weights import weights_dir
from .network import (
    CLASSES,
    FROZEN,
    NAME,
    PACKAGE,
    ClaimsModel,
    build_net,
    encode_sentences,
    load_claims_model,
    stated_quantities,
    with_bonus,
)

__all__ = [
    "best_threshold",
    "checkworthy_scores",
    "choose_decision",
    "choose_on_dev",
    "evaluate_claims_model",
    "f1_positive",
    "train_claims",
    "train_claims_model",
]

EPOCHS = 3


BATCH = 32


LR = 5e-5


def f1_positive(gold: Sequence[int], scores: np.ndarray, threshold: float) -> float:
    """F1 of the positive class (CheckThat!'s metric) at ``threshold``."""
    y = np.asarray(gold, dtype=bool)
    p = np.asarray(scores) >= threshold
    tp = int((y & p).sum())
    return 2 * tp / max(int(y.sum()) + int(p.sum()), 1)


BONUSES = tuple(round(0.05 * i, 2) for i in range(9))


def choose_decision(
    gold: Sequence[int], proba: np.ndarray, has_quantity: np.ndarray
) -> tuple[float, float, float]:
    """``(bonus, threshold, F1)``: the smallest bonus in :data:`BONUSES` whose best threshold
    reaches the best positive-class F1 on these (dev) sentences."""
    found = [(b, *best_threshold(gold, with_bonus(proba, has_quantity, b))) for b in BONUSES]
    top = max(f1 for _, _, f1 in found)
    return next((b, t, f1) for b, t, f1 in found if f1 == top)


def checkworthy_scores(
    gold: Sequence[int], scores: np.ndarray, threshold: float
) -> dict[str, float]:
    """``f1_positive`` (the task's metric) and ``accuracy`` at ``threshold``, rounded."""
    hits = (np.asarray(scores) >= threshold) == np.asarray(gold, dtype=bool)
    return {
        "f1_positive": round(f1_positive(gold, scores, threshold), 4),
        "accuracy": round(float(hits.mean()), 4) if len(gold) else 0.0,
    }


def best_threshold(gold: Sequence[int], scores: np.ndarray) -> tuple[float, float]:
    """The threshold in 0.05..0.95 (step 0.01) with the best positive-class F1 and that F1
    (ties go to the threshold nearest 0.5)."""
    grid = [round(0.05 + 0.01 * i, 2) for i in range(91)]
    scored = [(f1_positive(gold, scores, t), -abs(t - 0.5), t) for t in grid]
    f1, _, t = max(scored)
    return t, round(f1, 4)


def train_claims(
    task: str, data_dir: str | Path, *, seed: int = 13, out: Path | None = None
) -> dict[str, Any]:
    """``presslens train claims [--weights OUT]``: see :func:`train_claims_model`."""
    return train_claims_model(data_dir, seed=seed, out=out)


def evaluate_claims_model(
    data_dir: str | Path,
    *,
    split: str = "dev-test",
    limit: int | None = None,
    where: str | Path | None = None,
) -> dict[str, Any]:
    """F1 of the check-worthy class (and accuracy) of the shipped model (or the one in folder
    ``where``) at its threshold."""
    started = time.perf_counter()
    data = read_claims(data_dir, split, limit)
    model = load_claims_model(str(where) if where is not None else None)
    scores = model.score(data.texts)
    return {
        "task": "claims",
        "split": split,
        "items": len(data.texts),
        "threshold": model.threshold,
        "quantity_bonus": model.quantity_bonus,
        **checkworthy_scores(data.labels, scores, model.threshold),
        "model": model.meta.get("model"),
        "seconds": round(time.perf_counter() - started, 1),
    }


def train_claims_model(
    data_dir: str | Path = "../shared/data/checkthat24_task1_en",
    *,
    seed: int = 13,
    epochs: int = EPOCHS,
    limit: int | None = None,
    out: Path | None = None,
) -> dict[str, Any]:
    """Fine-tune on train; after each epoch score dev and keep the epoch with the best dev F1;
    save the weights, then choose the bonus and threshold on dev (:func:`choose_on_dev`) and
    score dev-test once."""
    torch = seed_everything(seed)
    started = time.perf_counter()
    train = read_claims(data_dir, "train", limit)
    dev = read_claims(data_dir, "dev")
    net = build_net(FROZEN)
    best: dict[str, Any] = {"dev_f1": -1.0}

    def make_batch(idx: list[int]) -> tuple[Sequence[Any], Any]:
        gold = torch.tensor([train.labels[j] for j in idx])
        return encode_sentences([train.texts[j] for j in idx]), gold

    def after_epoch(epoch: int) -> dict[str, Any]:
        scores = ClaimsModel(net, {}).proba(dev.texts)
        threshold, f1 = best_threshold(dev.labels, scores)
        if f1 > best["dev_f1"]:
            best.update(dev_f1=f1, epoch=epoch, threshold=threshold)
            best["state"] = copy.deepcopy(net.state_dict())
        return {"dev_f1": f1, "dev_threshold": threshold}

    history = fit(
        net,
        len(train.texts),
        make_batch,
        epochs=epochs,
        batch=BATCH,
        lr=LR,
        seed=seed,
        after_epoch=after_epoch,
        lengths=[len(t) for t in train.texts],
    )
    net.load_state_dict(best["state"])
    net.eval()
    train_seconds = round(time.perf_counter() - started, 1)
    meta = {
        "task": "claims",
        "data": str(data_dir),
        "model": f"all-MiniLM-L6-v2, top {6 - FROZEN} layers fine-tuned, sentence alone",
        "train_size": len(train.texts),
        "seed": seed,
        "epochs": epochs,
        "kept_epoch": best["epoch"],
        "lr": LR,
        "batch": BATCH,
        "frozen": FROZEN,
        "classes": list(CLASSES),
        "history": history,
        "train_seconds": train_seconds,
        "torch_threads": torch.get_num_threads(),
        "date": date.today().isoformat(),
    }
    where = out or weights_dir(PACKAGE)
    path = save_tuned(where, NAME, net, meta)
    meta = choose_on_dev(data_dir, where)
    return {"task": "claims", "weights": str(path), **meta}


def choose_on_dev(data_dir: str | Path, where: Path | None = None) -> dict[str, Any]:
    """Choose the quantity bonus and the threshold on dev with the weights as shipped (int8),
    score dev and dev-test with them, and write both into the metadata; returns it."""
    where = where or weights_dir(PACKAGE)
    load_claims_model.cache_clear()
    model = load_claims_model(str(where))
    read = {}  # split -> (gold, network probability, states a quantity): the network runs once
    for split in ("dev", "dev-test"):
        data = read_claims(data_dir, split)
        read[split] = (data.labels, model.proba(data.texts), stated_quantities(data.texts))
    bonus, threshold, _ = choose_decision(*read["dev"])
    meta = {**model.meta, "quantity_bonus": bonus, "threshold": threshold, "scores": {}}
    for split, (gold, proba, has) in read.items():
        meta["scores"][split] = checkworthy_scores(gold, with_bonus(proba, has, bonus), threshold)
    (where / f"{NAME}.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    load_claims_model.cache_clear()
    return meta
