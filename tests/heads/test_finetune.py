"""The loop that fine-tunes MiniLM for one task (the claims and stance models): batches, fit."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from presslens.heads.finetune import batches


@given(
    st.integers(min_value=0, max_value=300),
    st.integers(min_value=1, max_value=40),
    st.booleans(),
    st.integers(min_value=0, max_value=10),
)
def test_batches_cover_every_example_once(n: int, size: int, by_length: bool, seed: int) -> None:
    lengths = [random.Random(i).randint(1, 100) for i in range(n)] if by_length else None
    out = batches(n, size, random.Random(seed), lengths, pool=3)
    assert sorted(i for b in out for i in b) == list(range(n))
    assert all(0 < len(b) <= size for b in out)


def test_batches_by_length_pad_little() -> None:
    lengths = [random.Random(i).randint(1, 100) for i in range(1000)]
    spread = [
        max(lengths[i] for i in b) - min(lengths[i] for i in b)
        for b in batches(1000, 20, random.Random(0), lengths)
    ]
    plain = [
        max(lengths[i] for i in b) - min(lengths[i] for i in b)
        for b in batches(1000, 20, random.Random(0))
    ]
    assert np.mean(spread) < np.mean(plain) / 5


def test_the_loop_learns_a_separable_problem() -> None:
    torch = pytest.importorskip("torch")
    from presslens.heads.finetune import fit, seed_everything

    seed_everything(0)
    x = torch.randn(200, 4)
    y = (x[:, 0] > 0).long()
    net = torch.nn.Linear(4, 2)

    def make_batch(idx: list[int]) -> tuple[Any, Any]:
        return (x[idx],), y[idx]

    history = fit(net, 200, make_batch, epochs=8, batch=16, lr=0.1, seed=0)
    assert [h["epoch"] for h in history] == list(range(1, 9))
    assert history[-1]["loss"] < history[0]["loss"]
    assert float((net(x).argmax(1) == y).float().mean()) > 0.9
    assert not net.training  # left in eval mode
