"""Shipped heads: small MLPs (or linear models) over the shared encoder features, run in numpy.

A head is stored in the weights folder of its layer's package (``presslens/<task>/weights/``,
:func:`shipped_folder`) as ``<task>.npz`` (layer matrices ``W0, b0, W1, b1, ...``; for an
ensemble ``m0_W0, m0_b0, ..., m1_W0, ...``, one prefix per member) beside ``<task>.json``
(classes, threshold, inputs, data, seeds, scores, training time). An ensemble averages its
members' probabilities. Heads load lazily, once per process, from package data: nothing is
fetched. The subjectivity layer runs one; the claims and stance heads are the baselines their
fine-tuned models replaced (the stance baseline ships, the claims one does not).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..weights import weights_dir

TASKS = ("subjectivity", "claims", "stance")
CLASSES = {
    "subjectivity": ("OBJ", "SUBJ"),
    "claims": ("No", "Yes"),
    "stance": ("negative", "neutral", "positive"),
}


Layers = tuple[tuple[np.ndarray, np.ndarray], ...]


def _forward(layers: Layers, x: np.ndarray) -> np.ndarray:
    h = x
    for i, (w, b) in enumerate(layers):
        h = h @ w + b
        if i < len(layers) - 1:
            h = np.maximum(h, 0.0)
    if h.shape[1] == 1:  # a binary logistic output
        p = 1.0 / (1.0 + np.exp(-h[:, 0]))
        return np.stack([1.0 - p, p], axis=1)
    h = h - h.max(axis=1, keepdims=True)
    e = np.exp(h)
    return e / e.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Head:
    """A feed-forward classifier (ReLU hidden layers, softmax output over ``classes``), or an
    ensemble of them (``members``; probabilities averaged). ``inputs`` names what it reads (see
    :func:`presslens.heads.features.sentence_inputs`; the stance head reads target vectors)."""

    task: str
    classes: tuple[str, ...]
    layers: Layers
    threshold: float = 0.5
    meta: dict[str, Any] | None = None
    members: tuple[Layers, ...] = ()
    inputs: tuple[str, ...] = ("L6",)

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities, one row per feature row."""
        h = np.asarray(x, dtype=np.float32)
        nets = self.members or (self.layers,)
        total = _forward(nets[0], h)
        for net in nets[1:]:
            total = total + _forward(net, h)
        return total / len(nets)


def shipped_folder(task: str) -> Path:
    """Where the shipped ``task`` head lives: the weights folder of the layer's package
    (``presslens.subjectivity``, ``presslens.claims``, ``presslens.stance``)."""
    return weights_dir(f"presslens.{task}")


def save_head(head: Head, folder: Path | None = None) -> Path:
    """Write ``<task>.npz`` and ``<task>.json`` into ``folder`` (default: where the shipped
    head lives); returns the npz path."""
    folder = folder or shipped_folder(head.task)
    folder.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    nets = head.members or (head.layers,)
    for m, net in enumerate(nets):
        prefix = f"m{m}_" if head.members else ""
        for i, (w, b) in enumerate(net):
            arrays[f"{prefix}W{i}"] = w.astype(np.float16)
            arrays[f"{prefix}b{i}"] = b.astype(np.float32)
    path = folder / f"{head.task}.npz"
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]
    meta = dict(head.meta or {})
    meta.update(
        task=head.task,
        classes=list(head.classes),
        threshold=head.threshold,
        inputs=list(head.inputs),
        members=len(head.members) or 1,
    )
    (folder / f"{head.task}.json").write_text(json.dumps(meta, indent=2) + "\n")
    return path


def read_head(task: str, folder: Path | None = None) -> Head:
    """Read a head from ``folder`` (default: the shipped weights)."""
    folder = folder or shipped_folder(task)
    npz, meta_path = folder / f"{task}.npz", folder / f"{task}.json"
    if not npz.exists() or not meta_path.exists():
        baseline = " --baseline" if task != "subjectivity" else ""
        into = f" --weights {folder}" if folder != shipped_folder(task) else ""
        raise ModelError(
            f"no weights for the {task!r} head in {folder}; train them with "
            f"`presslens train {task}{baseline}{into} --data DATASET_DIR`"
        )
    meta = json.loads(meta_path.read_text())

    def net(data: Any, prefix: str) -> Layers:
        n = len([k for k in data.files if k.startswith(f"{prefix}W")])
        return tuple(
            (data[f"{prefix}W{i}"].astype(np.float32), data[f"{prefix}b{i}"].astype(np.float32))
            for i in range(n)
        )

    with np.load(npz) as data:
        count = int(meta.get("members", 1))
        members = tuple(net(data, f"m{m}_") for m in range(count)) if count > 1 else ()
        layers = members[0] if members else net(data, "")
    default = ("S6", "T6", "C6") if task == "stance" else ("L6",)
    return Head(
        task,
        tuple(meta["classes"]),
        layers,
        float(meta.get("threshold", 0.5)),
        meta,
        members,
        tuple(meta.get("inputs") or default),
    )


@cache
def head_fingerprint(task: str) -> str:
    """A short hash of the shipped ``task`` weights (part of the pipeline version, so that
    retrained heads make a rerun analyse again); ``"missing"`` when they are absent."""
    import hashlib

    from ..techniques.component import weights_fingerprint as encoder_fingerprint

    digest = hashlib.sha256(encoder_fingerprint().encode())  # the heads read the shared pass
    for suffix in ("npz", "json"):
        path = shipped_folder(task) / f"{task}.{suffix}"
        if not path.exists():
            return "missing"
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


@cache
def load_head(task: str) -> Head:
    """The shipped head for ``task``, loaded once per process."""
    if task not in TASKS:
        raise ModelError(f"unknown head {task!r}; known heads: {', '.join(TASKS)}")
    return read_head(task)
