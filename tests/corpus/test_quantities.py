"""Numbers and negation in claims: what is found, and when two claims agree or disagree."""

from __future__ import annotations

import math

import pytest

from presslens.corpus.quantities import (
    compare_claims,
    compare_quantities,
    negated,
    quantities,
    relation,
)


@pytest.mark.parametrize(
    ("text", "kind", "low", "high"),
    [
        ("a 90 minute phone conversation", "duration", 88.2, 91.8),
        ("a 90-minute call", "duration", 88.2, 91.8),
        ("it lasted for an hour and a half", "duration", 88.2, 91.8),
        ("one and a half hours of talks", "duration", 88.2, 91.8),
        ("half an hour later", "duration", 29.4, 30.6),
        ("the call lasted more than two hours", "duration", 120.0, math.inf),
        ("at least 3 days", "duration", 4320.0, math.inf),
        ("less than 10 minutes", "duration", 0.0, 10.0),
        ("about 45 minutes", "duration", 38.25, 51.75),
        ("nearly two hours", "duration", 102.0, 120.0),
        ("unemployment fell to 3.5%", "percent", 3.43, 3.57),
        ("up 12 percent", "percent", 11.76, 12.24),
        ("$20 million in aid", "money:USD", 19.6e6, 20.4e6),
        ("5 billion euros", "money:EUR", 4.9e9, 5.1e9),
        ("100,000 troops", "count:troop", 98_000, 102_000),
        ("twenty-five people died", "count:people", 24.5, 25.5),
        ("in 2019", "year", 2018.5, 2019.5),
    ],
)
def test_quantities_are_read_with_units_and_qualifiers(
    text: str, kind: str, low: float, high: float
) -> None:
    (q,) = quantities(text)
    assert q.kind == kind
    assert q.low == pytest.approx(low, rel=1e-6)
    assert q.high == pytest.approx(high, rel=1e-6) if math.isfinite(high) else math.isinf(q.high)
    assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(
    "text",
    ["one of the leaders", "a new era", "the G7 summit", "half the time", "Resolution 2231 was"],
)
def test_no_quantity_where_none_is_stated(text: str) -> None:
    assert [q for q in quantities(text) if q.kind != "year"] == []


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("a 90 minute phone conversation", "the call lasted an hour and a half", "agree"),
        ("the call lasted more than two hours", "a 90 minute phone conversation", "disagree"),
        ("the talks lasted about two hours", "two-hour talks", "agree"),
        ("inflation reached 8 percent", "inflation reached 8.1%", "agree"),
        ("inflation reached 8 percent", "inflation reached 12%", "disagree"),
        ("5,000 troops were sent", "5000 troops were sent", "agree"),
        ("5,000 troops were sent", "500 troops were sent", "disagree"),
        ("5,000 troops were sent", "the call lasted two hours", None),  # nothing shared
        ("two presidents spoke for 90 minutes", "two presidents spoke for two hours", "disagree"),
        ("$5 million", "5 million euros", None),  # different currencies
    ],
)
def test_numbers_agree_or_disagree(a: str, b: str, expected: str | None) -> None:
    assert compare_quantities(quantities(a), quantities(b)) == expected
    assert compare_claims(a, b) == expected


NEG = ("disagree", "negation")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Russia attacked the convoy.", "Russia did not attack the convoy.", NEG),
        ("Kyiv never agreed to the plan.", "Kyiv agreed to the plan.", NEG),
        ("The Kremlin denied the report.", "The Kremlin confirmed the report.", NEG),
        ("No deal was reached.", "A deal was not reached.", None),  # both negated
        ("The call lasted 90 minutes.", "The call didn't last 90 minutes.", NEG),
        ("The call lasted 90 minutes.", "It took an hour and a half.", ("agree", "numbers")),
        ("Ukraine wants peace.", "Ukraine wants peace now.", None),
    ],
)
def test_relation_reads_negation_and_numbers(
    a: str, b: str, expected: tuple[str, str] | None
) -> None:
    assert relation(a, b) == expected


@pytest.mark.parametrize(
    ("text", "count"),
    [("It is not true.", 1), ("They didn't and won't.", 2), ("Nothing new.", 1), ("Yes.", 0)],
)
def test_negations_are_counted(text: str, count: int) -> None:
    assert negated(text) == count


def test_small_counts_describe_rather_than_agree() -> None:
    two = quantities("the two presidents spoke")
    assert compare_quantities(two, quantities("two presidents met")) is None
    assert compare_quantities(quantities("5 people died"), quantities("7 people died")) == (
        "disagree"
    )
    assert compare_quantities(
        quantities("a four-year silence"), quantities("a 90 minute call")
    ) is (None)
