"""What the networks that tune MiniLM for one task (stance, claims) share.

:func:`tuned_minilm` is the installed encoder with its bottom layers fixed; :func:`fit` the
training loop: AdamW with weight decay 0.01, linear warm-up over the first 10% of steps then
linear decay, gradients clipped at 1.0, the examples shuffled each epoch by a seeded generator
(the caller turns a list of example indices into the network's arguments and the gold classes,
and may look at the network after each epoch); :func:`save_tuned` and :func:`tuned_fingerprint`
write and hash the shipped files (``<name>.npz``, ``<name>.json``).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import require
from ..techniques.network import base_path, quantize_state, trainable_state

Batch = tuple[Sequence[Any], Any]  # the network's positional arguments, the gold class tensor


def tuned_minilm(frozen: int, feature: str) -> Any:
    """The installed MiniLM with its embeddings and bottom ``frozen`` layers fixed."""
    transformers: Any = require("transformers", extra="models", feature=feature)
    encoder = transformers.AutoModel.from_pretrained(base_path())
    for p in encoder.embeddings.parameters():
        p.requires_grad = False
    for layer in encoder.encoder.layer[:frozen]:
        for p in layer.parameters():
            p.requires_grad = False
    return encoder


def save_tuned(where: Path, name: str, net: Any, meta: dict[str, Any]) -> Path:
    """Write the tuned layers and the head (:func:`~presslens.techniques.network.quantize_state`)
    to ``where/name.npz`` and ``meta`` to ``where/name.json``; returns the npz path."""
    where.mkdir(parents=True, exist_ok=True)
    path = where / f"{name}.npz"
    np.savez_compressed(path, **quantize_state(trainable_state(net)))  # type: ignore[arg-type]
    (where / f"{name}.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return path


def tuned_fingerprint(where: Path, name: str) -> str:
    """A short hash of ``where/name.{npz,json}`` (part of the pipeline version); ``"missing"``
    when either is absent."""
    digest = hashlib.sha256()
    for suffix in ("npz", "json"):
        path = where / f"{name}.{suffix}"
        if not path.exists():
            return "missing"
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def seed_everything(seed: int) -> Any:
    """Seed python, numpy and torch; returns torch."""
    torch: Any = require("torch", extra="models", feature="Training a fine-tuned head")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return torch


def fit(
    net: Any,
    n_examples: int,
    make_batch: Callable[[list[int]], Batch],
    *,
    epochs: int,
    batch: int,
    lr: float,
    seed: int,
    after_epoch: Callable[[int], dict[str, Any]] | None = None,
    lengths: Sequence[int] | None = None,
) -> list[dict[str, Any]]:
    """Train ``net`` in place; returns one record per epoch (mean loss, seconds since the start,
    plus whatever ``after_epoch(epoch)`` returns, called with the network in eval mode).

    With ``lengths`` (one per example) the batches are drawn from pools of 50 batches sorted
    by length, so a batch pads little (see :func:`batches`)."""
    torch: Any = require("torch", extra="models", feature="Training a fine-tuned head")
    started = time.perf_counter()
    net.train()
    params = [p for p in net.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * math.ceil(n_examples / batch)
    warmup = max(1, steps // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(steps - warmup, 1)))
    )
    rng = random.Random(seed)
    history: list[dict[str, Any]] = []
    for epoch in range(1, epochs + 1):
        total = 0.0
        for idx in batches(n_examples, batch, rng, lengths):
            args, gold = make_batch(idx)
            loss = torch.nn.functional.cross_entropy(net(*args), gold)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            total += float(loss.detach())
        record: dict[str, Any] = {
            "epoch": epoch,
            "loss": round(total / math.ceil(n_examples / batch), 4),
            "seconds": round(time.perf_counter() - started, 1),
        }
        if after_epoch is not None:
            net.eval()
            record.update(after_epoch(epoch))
            net.train()
        history.append(record)
        print(record, flush=True)
    net.eval()
    return history


def batches(
    n: int, size: int, rng: random.Random, lengths: Sequence[int] | None = None, pool: int = 50
) -> list[list[int]]:
    """One epoch's batches of example indices: a seeded shuffle; with ``lengths``, each pool of
    ``pool`` batches is sorted by length before it is cut, and the batches are shuffled again.

    >>> sorted(len(b) for b in batches(10, 4, random.Random(0), lengths=list(range(10))))
    [2, 4, 4]
    """
    order = list(range(n))
    rng.shuffle(order)
    if lengths is None:
        return [order[i : i + size] for i in range(0, n, size)]
    out: list[list[int]] = []
    step = size * pool
    for p in range(0, n, step):
        chunk = sorted(order[p : p + step], key=lambda i: lengths[i])
        out.extend(chunk[i : i + size] for i in range(0, len(chunk), size))
    rng.shuffle(out)
    return out
