"""Sentence-level layers: check-worthy claims, subjectivity, and stance toward actors.

``subjectivity`` is a small head over the techniques layer's encoder pass (one pass per
document, :mod:`presslens.techniques.shared`); ``claims`` is all-MiniLM-L6-v2 fine-tuned on
CheckThat! 2024 (:mod:`presslens.heads.claims_net`), one pass per sentence, and ``stance`` is
all-MiniLM-L6-v2 fine-tuned on NewsMTSC (:mod:`presslens.heads.stance_net`), one pass per actor
mention. Weights ship under ``presslens/heads/weights/``. See ``docs/heads.md`` for data,
licences, scores and the commands that reproduce them::

    presslens train claims --data ../shared/data/checkthat24_task1_en
    presslens eval claims --data ../shared/data/checkthat24_task1_en
    presslens train stance --data ../shared/data/newsmtsc

The heads on the shared pass include claims and stance heads too: the baselines the fine-tuned
models replaced, kept for comparison (``presslens train|eval claims|stance --baseline
[--weights DIR]``; the stance baseline ships; the claims baseline does not fit the size budget).

:mod:`presslens.heads.components` holds the pipeline components ``claims``, ``subjectivity`` and
``stance`` (registered in :mod:`presslens.factories`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .model import CLASSES, TASKS, Head, load_head

__all__ = ["CLASSES", "TASKS", "Head", "evaluate_head", "load_head", "train_head"]


def train_head(
    task: str, data_dir: str | Path, *, seed: int = 13, out: Path | None = None
) -> dict[str, Any]:
    """Train and save the ``task`` head, into ``out`` or the shipped weights (see
    :func:`presslens.heads.train.train_head`)."""
    from .train import train_head as _train

    return _train(task, data_dir, seed=seed, out=out)


def evaluate_head(
    task: str,
    data_dir: str | Path,
    *,
    split: str | None = None,
    limit: int | None = None,
    where: Path | None = None,
) -> dict[str, Any]:
    """Score the shipped ``task`` head, or the one in ``where`` (see
    :func:`presslens.heads.train.evaluate_head`)."""
    from .train import evaluate_head as _evaluate

    return _evaluate(task, data_dir, split=split, limit=limit, where=where)
