"""Training and scoring the stance model (:mod:`presslens.stance.network`) on NewsMTSC.

:func:`train_stance_model` fine-tunes the network for a fixed number of epochs (nothing is chosen
on devtest_mt, which is scored once at the end); :func:`evaluate_stance_model` is what
``presslens eval stance`` runs: macro-F1 and accuracy, and how much the predictions depend on
the target's name (:func:`name_sensitivity`, with the name swaps of :mod:`.augment`).

Trained by ``presslens train stance --data ../shared/data/newsmtsc`` (about 17 minutes on 2
cores).
"""

from __future__ import annotations

import random
import time
import zlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from ..heads.data import read_stance
from ..heads.finetune import fit, save_tuned, seed_everything
from ..weights import weights_dir
from .augment import is_name, name_pool, swap_names
from .network import (
    CLASSES,
    FROZEN,
    NAME,
    PACKAGE,
    Pair,
    StanceModel,
    build_net,
    encode_pairs,
    load_stance_model,
)

__all__ = [
    "evaluate_stance_model",
    "macro_f1",
    "name_sensitivity",
    "train_stance",
    "train_stance_model",
]

EPOCHS = 3


BATCH = 32


LR = 5e-5


SWAP = 0.0  # share of training targets whose name is swapped for another (.augment)


def train_stance(
    task: str, data_dir: str | Path, *, seed: int = 13, out: Path | None = None
) -> dict[str, Any]:
    """``presslens train stance [--weights OUT]``: see :func:`train_stance_model`."""
    return train_stance_model(data_dir, seed=seed, out=out)


def held_out(text: str, every: int) -> bool:
    """Whether a training sentence belongs to the held-out part (one in ``every``, by a hash
    of its text, so the split does not depend on the file's order)."""
    return every > 0 and zlib.crc32(text.encode("utf-8")) % every == 0


def evaluate_stance_model(
    data_dir: str | Path,
    *,
    split: str = "devtest_mt",
    limit: int | None = None,
    where: str | None = None,
) -> dict[str, Any]:
    """Macro-F1 over negative/neutral/positive and accuracy of the shipped model (or the one in
    folder ``where``) on NewsMTSC (``limit`` counts sentences; a sentence has one target or
    more), and how much its predictions depend on the target's name
    (:func:`name_sensitivity`)."""
    started = time.perf_counter()
    pairs, labels = _pairs(data_dir, split, limit)
    model = load_stance_model(where)
    predicted = model.proba(pairs).argmax(1)
    f1, acc = macro_f1(labels, predicted.tolist())
    try:  # the names to swap in: those of train, else those of the split itself
        names, _ = _pairs(data_dir, "train")
    except FileNotFoundError:
        names = pairs
    pool = name_pool(s[a:b] for s, a, b in names)
    return {
        "task": "stance",
        "data": "NewsMTSC",
        "split": split,
        "targets": len(pairs),
        "macro_f1": f1,
        "accuracy": acc,
        "name_swap_changes": name_sensitivity(model, pairs, pool, predicted),
        "model": model.meta.get("model"),
        "seconds": round(time.perf_counter() - started, 1),
    }


def name_sensitivity(
    model: StanceModel,
    pairs: Sequence[Pair],
    pool: Sequence[str],
    predicted: np.ndarray | None = None,
    *,
    seed: int = 13,
) -> dict[str, Any]:
    """How often the predicted class changes when a name target is swapped for another name
    from ``pool`` (labels are not needed: the sentence treats whoever it names the same way, so
    a change is the model reading the name rather than the sentence)."""
    names = [i for i, (s, a, b) in enumerate(pairs) if is_name(s[a:b])]
    if not names:
        return {"targets": 0, "changed": 0.0}
    before = predicted if predicted is not None else model.proba(pairs).argmax(1)
    rng = random.Random(seed)
    swapped = swap_names([pairs[i] for i in names], pool, 1.0, rng)
    after = model.proba(swapped).argmax(1)
    changed = float(np.mean(after != np.asarray(before)[names]))
    return {"targets": len(names), "changed": round(changed, 4)}


def _pairs(
    data_dir: str | Path, split: str, limit: int | None = None
) -> tuple[list[Pair], list[int]]:
    ds = read_stance(data_dir, split, limit)
    pairs: list[Pair] = []
    for text, spans in zip(ds.texts, ds.spans, strict=True):
        pairs.extend((text, a, b) for a, b in spans)
    return pairs, list(ds.labels)


def macro_f1(gold: Sequence[int], pred: Sequence[int]) -> tuple[float, float]:
    """Macro-F1 over the three classes and accuracy."""
    y, p = np.asarray(gold), np.asarray(pred)
    f1s = []
    for c in range(len(CLASSES)):
        tp = int(((p == c) & (y == c)).sum())
        wrong = int(((p == c) & (y != c)).sum()) + int(((p != c) & (y == c)).sum())
        f1s.append(2 * tp / max(2 * tp + wrong, 1))
    return round(float(np.mean(f1s)), 4), round(float((p == y).mean()), 4)


def train_stance_model(
    data_dir: str | Path = "../shared/data/newsmtsc",
    *,
    seed: int = 13,
    epochs: int = EPOCHS,
    swap: float = SWAP,
    hold_out: int = 0,
    bucket: bool = False,
    limit: int | None = None,
    out: Path | None = None,
) -> dict[str, Any]:
    """Fine-tune on NewsMTSC train for a fixed number of epochs (nothing is chosen on
    devtest_mt, which is scored once at the end), then save the weights.

    ``swap``: the share of name targets whose name is replaced by another while training
    (:mod:`presslens.stance.augment`). ``hold_out``: keep one training sentence in that many out
    of training and score them too (``scores.held_out``), for comparing recipes without
    reading devtest_mt. ``bucket``: batches of similar length (faster; the shipped weights were
    trained without)."""
    torch = seed_everything(seed)
    started = time.perf_counter()
    pairs, labels = _pairs(data_dir, "train", limit)
    held = [held_out(p[0], hold_out) for p in pairs]
    dev_pairs = [p for p, o in zip(pairs, held, strict=True) if o]
    dev_labels = [y for y, o in zip(labels, held, strict=True) if o]
    pairs = [p for p, o in zip(pairs, held, strict=True) if not o]
    labels = [y for y, o in zip(labels, held, strict=True) if not o]
    pool = name_pool(p[0][p[1] : p[2]] for p in pairs)
    rng = random.Random(seed + 1)
    net = build_net(FROZEN)

    def make_batch(idx: list[int]) -> tuple[Sequence[Any], Any]:
        b = encode_pairs(swap_names([pairs[j] for j in idx], pool, swap, rng))
        gold = torch.tensor([labels[j] for j in idx])
        return (b["ids"], b["mask"], b["types"], b["target"]), gold

    history = fit(
        net,
        len(pairs),
        make_batch,
        epochs=epochs,
        batch=BATCH,
        lr=LR,
        seed=seed,
        lengths=[len(p[0]) for p in pairs] if bucket else None,
    )
    net.eval()
    train_seconds = round(time.perf_counter() - started, 1)
    model = StanceModel(net, {})
    scores: dict[str, Any] = {}
    if dev_pairs:
        f1, acc = macro_f1(dev_labels, model.proba(dev_pairs).argmax(1).tolist())
        scores["held_out"] = {"targets": len(dev_pairs), "macro_f1": f1, "accuracy": acc}
    test_pairs, test_labels = _pairs(data_dir, "devtest_mt")
    f1, acc = macro_f1(test_labels, model.proba(test_pairs).argmax(1).tolist())
    scores["devtest_mt"] = {"macro_f1": f1, "accuracy": acc}
    meta = {
        "task": "stance",
        "data": str(data_dir),
        "model": "all-MiniLM-L6-v2 fine-tuned, target [SEP] sentence",
        "train_size": len(pairs),
        "seed": seed,
        "epochs": epochs,
        "swap": swap,
        "hold_out": hold_out,
        "bucket": bucket,
        "lr": LR,
        "batch": BATCH,
        "frozen": FROZEN,
        "classes": list(CLASSES),
        "scores": scores,
        "history": history,
        "train_seconds": train_seconds,
        "torch_threads": torch.get_num_threads(),
        "date": date.today().isoformat(),
    }
    path = save_tuned(out or weights_dir(PACKAGE), NAME, net, meta)
    load_stance_model.cache_clear()
    return {"task": "stance", "weights": str(path), **meta}
