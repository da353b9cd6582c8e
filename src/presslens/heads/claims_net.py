"""The check-worthiness model: all-MiniLM-L6-v2 with its top layers fine-tuned on CheckThat! 2024.

The sentence is read on its own; the output layer sees the first token's vector and the mean of
all token vectors (2 x 384 -> 2). The bottom ``FROZEN`` layers and the embeddings stay as
installed, so only the tuned layers ship (int8 rows, float16 head).

The check-worthiness score is the network's P(check-worthy) plus a fixed bonus when the sentence
states a quantity (a number with its unit: a duration, a sum, a percentage, a count; found by
:func:`presslens.corpus.quantities.quantities`), capped at 1: the debates and tweets of
CheckThat! rarely put a figure to anything but policy, while a fact-checker checks every figure.
The epoch kept, the bonus and the threshold are all chosen on the dev split (the bonus: the
smallest in 0, 0.05 .. 0.4 that reaches the best dev F1); dev-test chooses nothing and is scored
once at the end.

Trained by ``presslens train claims --data ../shared/data/checkthat24_task1_en``.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import require
from ..profile import stage
from ..techniques.model import load_tokenizer, read_shipped
from .finetune import fingerprint as weights_fingerprint
from .finetune import fit, save_tuned, seed_everything, tuned_minilm
from .model import weights_dir as folder

__all__ = [
    "ClaimsModel",
    "best_threshold",
    "choose_on_dev",
    "evaluate_claims_model",
    "load_claims_model",
    "train_claims",
    "train_claims_model",
]

CLASSES = ("No", "Yes")
NAME = "claims_net"
FROZEN = 2
EPOCHS = 3
BATCH = 32
LR = 5e-5
MAX_TOKENS = 128
HIDDEN = 384
RETRAIN = "presslens train claims --data ../shared/data/checkthat24_task1_en"


def _torch() -> Any:
    return require("torch", extra="models", feature="Check-worthy claims")


def build_net(frozen: int = FROZEN) -> Any:
    """A fresh network on the installed MiniLM (embeddings and ``frozen`` layers fixed)."""
    torch = _torch()

    class ClaimsNet(torch.nn.Module):  # type: ignore[name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = tuned_minilm(frozen, "Check-worthy claims")
            self.frozen = frozen
            self.dropout = torch.nn.Dropout(0.1)
            self.out = torch.nn.Linear(2 * HIDDEN, len(CLASSES))

        def forward(self, ids: Any, mask: Any) -> Any:
            h = self.encoder(input_ids=ids, attention_mask=mask)[0]
            m = mask.unsqueeze(-1).float()
            mean = (h * m).sum(1) / m.sum(1)
            return self.out(self.dropout(torch.cat([h[:, 0], mean], -1)))

    return ClaimsNet()


def encode(texts: Sequence[str]) -> tuple[Any, Any]:
    """Token ids and attention mask of a batch of sentences."""
    enc = load_tokenizer()(
        list(texts), return_tensors="pt", padding=True, truncation=True, max_length=MAX_TOKENS
    )
    return enc["input_ids"], enc["attention_mask"]


class ClaimsModel:
    """The loaded network in eval mode with its metadata, bonus and threshold."""

    classes = CLASSES

    def __init__(self, net: Any, meta: dict[str, Any]) -> None:
        self.net, self.meta = net, meta
        self.threshold = float(meta.get("threshold", 0.5))
        self.quantity_bonus = float(meta.get("quantity_bonus", 0.0))

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """The check-worthiness score of each sentence: :meth:`proba` plus the quantity bonus."""
        return with_bonus(self.proba(texts), stated_quantities(texts), self.quantity_bonus)

    def proba(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        """The network's P(check-worthy) of each sentence (sorted by length, in batches of 16:
        little padding)."""
        torch = _torch()
        out = np.zeros(len(texts), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # little padding
        with torch.inference_mode(), stage("encoder: claims model"):
            for i in range(0, len(order), batch_size):
                idx = order[i : i + batch_size]
                logits = self.net(*encode([texts[j] for j in idx]))
                out[idx] = torch.softmax(logits, -1)[:, 1].numpy()
        return out


@cache
def load_claims_model(where: str | None = None) -> ClaimsModel:
    """The shipped check-worthiness model, once per process (never from a network)."""
    net, meta = read_shipped(
        Path(where) if where else folder(),
        NAME,
        lambda meta: build_net(int(meta["frozen"])),
        "check-worthiness",
        RETRAIN,
    )
    return ClaimsModel(net, meta)


def fingerprint(where: Path | None = None) -> str:
    """A short hash of the claims weights; ``"missing"`` when they are absent."""
    return weights_fingerprint(where or folder(), NAME)


def f1_positive(gold: Sequence[int], scores: np.ndarray, threshold: float) -> float:
    """F1 of the positive class (CheckThat!'s metric) at ``threshold``."""
    y = np.asarray(gold, dtype=bool)
    p = np.asarray(scores) >= threshold
    tp = int((y & p).sum())
    return 2 * tp / max(int(y.sum()) + int(p.sum()), 1)


def stated_quantities(texts: Sequence[str]) -> np.ndarray:
    """Whether each text states a quantity (a number with its unit).

    >>> stated_quantities(["The call lasted more than two hours.", "They talked."]).tolist()
    [True, False]
    """
    from ..corpus.quantities import quantities

    return np.array([bool(quantities(t)) for t in texts], dtype=bool)


def with_bonus(proba: np.ndarray, has_quantity: np.ndarray, bonus: float) -> np.ndarray:
    """``proba`` raised by ``bonus`` where a quantity is stated, capped at 1."""
    return np.minimum(np.asarray(proba) + bonus * np.asarray(has_quantity, dtype=np.float32), 1.0)


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
    from .data import read_claims

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
    from .data import read_claims

    torch = seed_everything(seed)
    started = time.perf_counter()
    train = read_claims(data_dir, "train", limit)
    dev = read_claims(data_dir, "dev")
    net = build_net(FROZEN)
    best: dict[str, Any] = {"dev_f1": -1.0}

    def make_batch(idx: list[int]) -> tuple[Sequence[Any], Any]:
        gold = torch.tensor([train.labels[j] for j in idx])
        return encode([train.texts[j] for j in idx]), gold

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
    where = out or folder()
    path = save_tuned(where, NAME, net, meta)
    meta = choose_on_dev(data_dir, where)
    return {"task": "claims", "weights": str(path), **meta}


def choose_on_dev(data_dir: str | Path, where: Path | None = None) -> dict[str, Any]:
    """Choose the quantity bonus and the threshold on dev with the weights as shipped (int8),
    score dev and dev-test with them, and write both into the metadata; returns it."""
    from .data import read_claims

    where = where or folder()
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
