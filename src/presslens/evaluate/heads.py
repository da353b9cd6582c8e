"""Evaluation entry points for the sentence heads, in the shape ``presslens eval`` expects.

Each scores the shipped head with the task's official metric: positive-class F1 for claims
(CheckThat! 2024 task 1), macro-F1 for subjectivity (CheckThat! 2025 task 1), macro-F1 and accuracy
over negative/neutral/positive for stance (NewsMTSC).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..heads.train import evaluate_head


def evaluate_claims(
    data_dir: str | Path, *, split: str = "dev-test", limit: int | None = None
) -> dict[str, Any]:
    """Check-worthiness: F1 of the "Yes" class at the shipped threshold (the fine-tuned model,
    :mod:`presslens.heads.claims_net`)."""
    from ..heads.claims_net import evaluate_claims_model

    return evaluate_claims_model(data_dir, split=split, limit=limit)


def evaluate_subjectivity(
    data_dir: str | Path, *, split: str = "dev", limit: int | None = None
) -> dict[str, Any]:
    """Subjectivity: macro-F1 over OBJ/SUBJ."""
    return evaluate_head("subjectivity", data_dir, split=split, limit=limit)


def evaluate_stance(
    data_dir: str | Path, *, split: str = "devtest_mt", limit: int | None = None
) -> dict[str, Any]:
    """Stance toward targets: macro-F1 over the three classes, and accuracy."""
    return evaluate_head("stance", data_dir, split=split, limit=limit)
