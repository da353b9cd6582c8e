"""Block quotes: speaker lines ending in a colon and the paragraphs under them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from presslens.quotes import Mention, find_quotes
from presslens.quotes.block import find_block

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "001_358ab684c19e0137.txt"

ROUNDUP = """Officials and experts reacted to the summit on Tuesday.

Deputy Chair of the Regional Assembly Marta Kowalczyk:

The meeting was overdue. Both sides came with clear proposals.

There are three open questions:

1. Borders.

2. Trade.

Source

Professor of Economics at the Northern Institute, Henrik Aalto:

I expect little to change before the spring.

Source

Senator Ilse Brandt:

We will watch the next round closely.
"""


@pytest.fixture(scope="module")
def nlp() -> Any:
    from presslens.evaluate.quotes import load_nlp

    try:
        return load_nlp()
    except Exception as exc:  # pragma: no cover - depends on the installed model
        pytest.skip(f"no spaCy English pipeline: {exc}")


def test_block_quotes_with_several_speakers_and_source_lines(nlp: Any) -> None:
    text = ROUNDUP
    blocks = find_block(text, nlp(text))
    got = [
        (
            text[q.speaker[0] : q.speaker[1]] if q.speaker else None,
            text[q.title[0] : q.title[1]] if q.title else None,
            text[q.cue[0] : q.cue[1]] if q.cue else None,
            text[q.start : q.end],
        )
        for q in blocks
    ]
    assert got == [
        (
            "Marta Kowalczyk",
            "Deputy Chair of the Regional Assembly",
            ":",
            "The meeting was overdue. Both sides came with clear proposals.\n\n"
            "There are three open questions:\n\n1. Borders.\n\n2. Trade.",
        ),
        (
            "Henrik Aalto",
            "Professor of Economics at the Northern Institute",
            ":",
            "I expect little to change before the spring.",
        ),
        ("Ilse Brandt", "Senator", ":", "We will watch the next round closely."),
    ]
    assert all(q.kind == "block" and q.actor is None for q in blocks)


def test_block_speaker_resolves_through_mentions(nlp: Any) -> None:
    text = ROUNDUP
    start = text.index("Ilse Brandt")
    mentions = [Mention(start, start + len("Ilse Brandt"), "brandt_ilse", "person", "f")]
    blocks = [q for q in find_quotes(text, nlp(text), mentions) if q.kind == "block"]
    assert blocks[-1].actor == "brandt_ilse"


def test_block_runs_to_the_next_speaker_line_without_source_lines(nlp: Any) -> None:
    text = "Minister Paul Okafor:\n\nWe are ready.\n\nMayor Rita Solberg:\n\nSo are we.\n"
    blocks = find_block(text, nlp(text))
    assert [text[q.start : q.end] for q in blocks] == ["We are ready.", "So are we."]


@pytest.mark.parametrize(
    "text",
    [
        "The plan has two parts:\n\nFirst, taxes. Second, roads.\n",  # no name before the colon
        "Here is what the minister said:\n\nNothing new.\n",  # a sentence, not a speaker line
        "Senator Ilse Brandt:\n\nSource\n",  # nothing under the line
    ],
)
def test_lines_that_are_not_speaker_lines(nlp: Any, text: str) -> None:
    assert find_block(text, nlp(text)) == []


def test_speaker_line_with_a_speech_verb(nlp: Any) -> None:
    text = "Paul Okafor wrote on his blog:\n\nThe reform is dead.\n"
    (q,) = find_block(text, nlp(text))
    assert q.speaker is not None and text[q.speaker[0] : q.speaker[1]] == "Paul Okafor"
    assert q.cue is not None and text[q.cue[0] : q.cue[1]] == "wrote"
    assert text[q.start : q.end] == "The reform is dead."


@pytest.mark.needs_shared
def test_seed_reaction_roundup_has_nine_block_speakers(nlp: Any) -> None:
    """The third article of the seed prints nine reactions as block quotes."""
    if not SEED.is_file():
        pytest.skip("../shared/seeds is not beside the checkout")
    text = SEED.read_text(encoding="utf-8")
    names = [text[q.speaker[0] : q.speaker[1]] for q in find_block(text, nlp(text)) if q.speaker]
    surnames = [
        "Medvedev",
        "Kosachev",
        "Sobchak",
        "Bystritsky",
        "Trenin",
        "Kortunov",
        "Pushkov",
        "Poletayev",
        "Bogdanov",
    ]
    assert len(names) == 9
    for name, surname in zip(names, surnames, strict=True):
        assert name.split()[-1] == surname
        assert len(name.split()) == 2  # first name and surname, no title words
