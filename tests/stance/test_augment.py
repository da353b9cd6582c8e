"""Counterfactual name swaps for the stance model's training data."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presslens.stance.augment import is_name, name_pool, swap_name, swap_names


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Trump", True),
        ("Mr. Trump", True),
        ("Hillary Clinton", True),
        ("President Barack Obama", True),
        ("O’Rourke", True),
        ("he", False),
        ("He", False),
        ("His", False),
        ("the president", False),
        ("The President", False),
        ("it", False),
        ("", False),
    ],
)
def test_is_name(mention: str, expected: bool) -> None:
    assert is_name(mention) is expected


def test_name_pool_keeps_each_name_once_and_no_pronouns() -> None:
    assert name_pool(["Trump", "he", "Trump", "Mr. Obama", "the senator"]) == ("Mr. Obama", "Trump")


@pytest.mark.parametrize(
    ("pair", "name", "expected"),
    [
        (("Trump praised Putin.", 14, 19), "Merkel", ("Trump praised Merkel.", 14, 20)),
        (("Putin spoke.", 0, 5), "Angela Merkel", ("Angela Merkel spoke.", 0, 13)),
        (("He met Mr. Obama today.", 7, 16), "Li", ("He met Li today.", 7, 9)),
    ],
)
def test_swap_name(pair: tuple[str, int, int], name: str, expected: tuple[str, int, int]) -> None:
    assert swap_name(pair, name) == expected


def test_swap_names_rates() -> None:
    pairs = [("Putin spoke.", 0, 5), ("He spoke.", 0, 2), ("Then Biden left.", 5, 10)]
    pool = ("Angela Merkel", "Xi")
    assert swap_names(pairs, pool, 0.0, random.Random(1)) == pairs
    swapped = swap_names(pairs, pool, 1.0, random.Random(1))
    assert swapped[1] == pairs[1]  # a pronoun is never swapped
    for (text, a, b), before in zip(swapped, pairs, strict=True):
        assert text[a:b] in pool or (text, a, b) == before
    assert swapped[0][0][swapped[0][1] : swapped[0][2]] in pool


@given(
    st.text(alphabet="abc .,", max_size=20),
    st.sampled_from(["Putin", "Mr. Trump", "Zelensky"]),
    st.text(alphabet="abc .,", max_size=20),
    st.sampled_from(["Xi", "Angela Merkel", "O’Rourke"]),
)
def test_swap_keeps_the_context_and_the_offsets(
    left: str, mention: str, right: str, name: str
) -> None:
    text = left + mention + right
    out, a, b = swap_name((text, len(left), len(left) + len(mention)), name)
    assert out[a:b] == name
    assert out[:a] == left and out[b:] == right
