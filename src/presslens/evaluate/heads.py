"""Evaluation entry points for the sentence layers, in the shape ``presslens eval`` expects
(:mod:`presslens.evaluate.registry`).

Each scores a model with the task's official metric: positive-class F1 for claims (CheckThat!
2024 task 1), macro-F1 for subjectivity (CheckThat! 2025 task 1), macro-F1 and accuracy over
negative/neutral/positive for stance (NewsMTSC). ``claims`` and ``stance`` score the fine-tuned
models the pipeline runs; ``evaluate_claims_head`` and ``evaluate_stance_head`` the heads on the
shared encoder pass (the baselines they replaced; ``presslens eval claims --baseline``).
``weights`` is a folder to read the model from instead of the shipped weights.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..heads.train import evaluate_head


def evaluate_claims(
    data_dir: str | Path,
    *,
    split: str = "dev-test",
    limit: int | None = None,
    weights: Path | None = None,
) -> dict[str, Any]:
    """Check-worthiness: F1 of the "Yes" class at the shipped threshold (the fine-tuned model,
    :mod:`presslens.claims.network`)."""
    from ..claims.train import evaluate_claims_model

    return evaluate_claims_model(data_dir, split=split, limit=limit, where=weights)


def evaluate_claims_head(
    data_dir: str | Path,
    *,
    split: str = "dev-test",
    limit: int | None = None,
    weights: Path | None = None,
) -> dict[str, Any]:
    """Check-worthiness of the baseline head on the shared pass (not shipped: train it into a
    folder with ``presslens train claims --baseline --weights DIR``)."""
    return evaluate_head("claims", data_dir, split=split, limit=limit, where=weights)


def evaluate_subjectivity(
    data_dir: str | Path,
    *,
    split: str = "dev",
    limit: int | None = None,
    weights: Path | None = None,
) -> dict[str, Any]:
    """Subjectivity: macro-F1 over OBJ/SUBJ."""
    return evaluate_head("subjectivity", data_dir, split=split, limit=limit, where=weights)


def evaluate_stance(
    data_dir: str | Path,
    *,
    split: str = "devtest_mt",
    limit: int | None = None,
    weights: Path | None = None,
) -> dict[str, Any]:
    """Stance toward targets: macro-F1 over the three classes, accuracy and name sensitivity of
    the fine-tuned model (:mod:`presslens.stance.network`)."""
    from ..stance.train import evaluate_stance_model

    where = str(weights) if weights is not None else None
    return evaluate_stance_model(data_dir, split=split, limit=limit, where=where)


def evaluate_stance_head(
    data_dir: str | Path,
    *,
    split: str = "devtest_mt",
    limit: int | None = None,
    weights: Path | None = None,
) -> dict[str, Any]:
    """Stance of the baseline head on the shared pass: macro-F1 and accuracy."""
    return evaluate_head("stance", data_dir, split=split, limit=limit, where=weights)
