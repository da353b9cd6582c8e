"""The official SemEval definitions against hand-computed examples."""

from __future__ import annotations

import pytest

from presslens.techniques.scoring import merge, multilabel_f1, si_scores, tc_scores


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], []),
        ([(0, 5)], [(0, 5)]),
        ([(0, 5), (3, 8)], [(0, 8)]),
        ([(0, 5), (5, 8)], [(0, 8)]),
        ([(6, 9), (0, 2)], [(0, 2), (6, 9)]),
        ([(0, 10), (2, 3)], [(0, 10)]),
        ([(4, 4)], []),
    ],
)
def test_merge(spans: list[tuple[int, int]], expected: list[tuple[int, int]]) -> None:
    assert merge(spans) == expected


def test_si_partial_credit_hand_computed() -> None:
    # article a: gold [10, 30); predictions [0, 20) (10 of 20 chars right) and [25, 35) (5 of 10)
    # P = (10/20 + 5/10) / 2 = 0.5; R = (10/20 + 5/20) / 1 = 0.75; F1 = 0.6
    # article b: gold [0, 4), no prediction -> adds one gold span with nothing found
    # R = (0.75 + 0) / 2 = 0.375; F1 = 2 * 0.5 * 0.375 / 0.875
    s = si_scores({"a": [(0, 20), (25, 35)]}, {"a": [(10, 30)], "b": [(0, 4)]})
    assert s["precision"] == 0.5
    assert s["recall"] == 0.375
    assert s["f1"] == round(2 * 0.5 * 0.375 / 0.875, 4)
    assert (s["predicted"], s["gold"]) == (2, 2)


def test_si_merges_overlapping_gold_before_scoring() -> None:
    # gold [0, 10) and [5, 15) merge into [0, 15); a perfect prediction scores 1
    assert si_scores({"a": [(0, 15)]}, {"a": [(0, 10), (5, 15)]})["f1"] == 1.0


def test_si_no_predictions_is_zero_not_error() -> None:
    assert si_scores({}, {"a": [(0, 4)]})["f1"] == 0.0
    assert si_scores({"a": [(0, 4)]}, {})["f1"] == 0.0


def test_tc_multilabel_span_pairs_top_k() -> None:
    gold = [
        ("a", 0, 5, "Doubt"),
        ("a", 0, 5, "Loaded_Language"),
        ("a", 9, 12, "Repetition"),
        ("b", 1, 2, "Slogans"),
    ]
    ranked = {
        ("a", 0, 5): ["Loaded_Language", "Doubt", "Slogans"],  # both right (order free)
        ("a", 9, 12): ["Slogans", "Repetition"],  # only the first counts: wrong
        ("b", 1, 2): ["Slogans"],
    }
    s = tc_scores(gold, ranked, ["Doubt", "Loaded_Language", "Repetition", "Slogans"])
    assert s["micro_f1"] == 0.75
    per = s["per_technique"]
    assert per["Repetition"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert per["Slogans"]["precision"] == 0.5 and per["Slogans"]["recall"] == 1.0


def test_multilabel_f1_hand_computed() -> None:
    gold = [["A", "B"], [], ["C"]]
    pred = [["A"], ["B"], ["C", "A"]]
    # tp: A, C = 2; fp: B, A = 2; fn: B = 1 -> micro = 4 / (4 + 3) = 0.5714
    s = multilabel_f1(gold, pred, ["A", "B", "C", "D"])
    assert s["micro_f1"] == 0.5714
    # per label: A = 2/(2+1)=0.6667, B = 0, C = 1, D = 0 (never seen) -> macro over 4
    assert s["per_technique_f1"] == {"A": 0.6667, "B": 0.0, "C": 1.0, "D": 0.0}
    assert s["macro_f1"] == round((0.6667 + 1.0) / 4, 4)
    assert s["macro_f1_present"] == round((0.6667 + 0 + 1.0) / 3, 4)
