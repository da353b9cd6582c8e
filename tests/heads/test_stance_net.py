"""The stance model's label-free check: how much a prediction depends on the target's name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from presslens.heads.stance_net import name_sensitivity

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
