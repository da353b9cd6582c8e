"""The two taxonomies, the mapping between them, and the descriptions."""

from __future__ import annotations

import pytest

from presslens.techniques.taxonomy import (
    DESCRIPTIONS,
    FROM_2023,
    PTC_TECHNIQUES,
    SEMEVAL2023_TECHNIQUES,
    TO_2023,
    describe,
    display_name,
)


def test_sizes() -> None:
    assert len(PTC_TECHNIQUES) == 14
    assert len(SEMEVAL2023_TECHNIQUES) == 23
    assert len(set(SEMEVAL2023_TECHNIQUES)) == 23


def test_mapping_is_total_and_consistent() -> None:
    assert set(FROM_2023) == set(SEMEVAL2023_TECHNIQUES)
    assert all(old is None or old in PTC_TECHNIQUES for old in FROM_2023.values())
    for old, news in TO_2023.items():
        assert news, f"{old} has no 2023 counterpart"
        assert all(FROM_2023[n] == old for n in news)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Name_Calling,Labeling", "Name_Calling-Labeling"),
        ("Black-and-White_Fallacy", "False_Dilemma-No_Choice"),
        ("Thought-terminating_Cliches", "Conversation_Killer"),
        ("Bandwagon,Reductio_ad_hitlerum", "Guilt_by_Association"),
        ("Whataboutism,Straw_Men,Red_Herring", "Straw_Man"),
    ],
)
def test_known_correspondences(old: str, new: str) -> None:
    assert new in TO_2023[old]


def test_every_label_is_described() -> None:
    for label in (*PTC_TECHNIQUES, *SEMEVAL2023_TECHNIQUES):
        assert len(describe(label)) > 30
    assert set(DESCRIPTIONS) == set(PTC_TECHNIQUES) | set(SEMEVAL2023_TECHNIQUES)
    with pytest.raises(KeyError, match="unknown technique"):
        describe("Nope")


def test_display_name() -> None:
    assert display_name("Name_Calling,Labeling") == "Name calling / labeling"
