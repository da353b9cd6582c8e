"""Direct quotes: quote-mark pairing, cues on either side, split quotes, scare quotes."""

from __future__ import annotations

from typing import Any

import pytest

from presslens.errors import SpanError
from presslens.quotes import Quote, find_quotes
from presslens.quotes.direct import find_quote_marks, is_standalone


@pytest.fixture(scope="module")
def nlp() -> Any:
    from presslens.evaluate.quotes import load_nlp

    try:
        return load_nlp()
    except Exception as exc:  # pragma: no cover - depends on the installed model
        pytest.skip(f"no spaCy English pipeline: {exc}")


def _show(text: str, quotes: list[Quote]) -> list[tuple[str, str, str | None, str | None]]:
    """(kind, content pieces joined by " | ", cue, speaker) of every quote."""
    return [
        (
            q.kind,
            " | ".join(text[s:e] for s, e in q.pieces),
            text[q.cue[0] : q.cue[1]] if q.cue else None,
            text[q.speaker[0] : q.speaker[1]] if q.speaker else None,
        )
        for q in quotes
    ]


def _direct(nlp: Any, text: str) -> list[tuple[str, str, str | None, str | None]]:
    return [row for row in _show(text, find_quotes(text, nlp(text))) if row[0] == "direct"]


# --------------------------------------------------------------------------- quote marks


@pytest.mark.parametrize(
    ("text", "contents"),
    [
        ("She said “we agree” today.", ["we agree"]),
        ('He said "we agree" today.', ["we agree"]),
        ("Er sagte „wir stimmen zu“ heute.", ["wir stimmen zu"]),
        ("Il a dit «nous sommes d'accord» hier.", ["nous sommes d'accord"]),
        ("She said ‘we agree’ today.", ["we agree"]),
        ("He said ''we agree'' today.", ["we agree"]),
        ("He said ``we agree'' today.", ["we agree"]),
        ("It’s the voters’ choice, isn’t it?", []),  # apostrophes are not quote marks
        ("“Outer ‘inner’ end.”", ["Outer ‘inner’ end."]),  # nested singles stay inside
        ("“First paragraph.\n\n“Second paragraph.”", ["First paragraph.\n\n“Second paragraph."]),
        ("“Never closed\n\nNext paragraph.", ["Never closed"]),
        ('A stray " mark.', []),
    ],
)
def test_quote_marks_pair(text: str, contents: list[str]) -> None:
    assert [text[m.start : m.end] for m in find_quote_marks(text)] == contents


def test_standalone_means_opening_a_sentence() -> None:
    text = "He left. “We stay.” Then “we go” later."
    marks = find_quote_marks(text)
    assert [is_standalone(text, m.open) for m in marks] == [True, False]


# --------------------------------------------------------------------------- cue and speaker


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cue and speaker after the quote
        (
            "“The budget is balanced,” the minister said.",
            [("direct", "The budget is balanced,", "said", "the minister")],
        ),
        # inverted: said X
        (
            "“We will appeal the ruling,” said Ada Morrow, a lawyer for the union.",
            [("direct", "We will appeal the ruling,", "said", "Ada Morrow")],
        ),
        # cue and speaker before, with a colon
        (
            "The mayor told reporters: “Nobody will lose their home this winter.”",
            [("direct", "Nobody will lose their home this winter.", "told", "The mayor")],
        ),
        # cue before, with a comma
        (
            "Then Grace Holm wrote on social media, “The vote was stolen from us.”",
            [("direct", "The vote was stolen from us.", "wrote", "Grace Holm")],
        ),
        # "X wrote on social media" after the quote
        (
            "“The vote was stolen from us,” Grace Holm wrote on social media.",
            [("direct", "The vote was stolen from us,", "wrote", "Grace Holm")],
        ),
        # according to X after a quote
        (
            "“Talks will resume in spring,” according to the foreign ministry.",
            [("direct", "Talks will resume in spring,", "according to", "the foreign ministry")],
        ),
        # a question with its cue after it, as its own sentence
        (
            "“Where is the money going?” the senator asked.",
            [("direct", "Where is the money going?", "asked", "the senator")],
        ),
        # one-word answers are quotes when a cue frames them tightly
        ("“No,” she said.", [("direct", "No,", "said", "she")]),
    ],
)
def test_direct_quote_forms(nlp: Any, text: str, expected: list[tuple[str, ...]]) -> None:
    assert _direct(nlp, text) == expected


def test_split_quote_is_one_quote_with_two_parts(nlp: Any) -> None:
    text = "“We agree,” she said, “but not yet.”"
    (q,) = find_quotes(text, nlp(text))
    assert q.kind == "direct"
    assert [text[s:e] for s, e in q.parts] == ["We agree,", "but not yet."]
    assert (q.start, q.end) == (q.parts[0][0], q.parts[-1][1])
    assert text[q.cue[0] : q.cue[1]] == "said" if q.cue else False
    assert q.speaker is not None and text[q.speaker[0] : q.speaker[1]] == "she"


def test_quote_continued_after_its_frame_in_the_same_paragraph(nlp: Any) -> None:
    text = "“The plant will close,” the owner said. “Forty jobs will go with it.”"
    assert _direct(nlp, text) == [
        ("direct", "The plant will close, | Forty jobs will go with it.", "said", "the owner")
    ]


def test_cueless_quote_takes_the_speaker_of_a_speech_frame_before_it(nlp: Any) -> None:
    text = (
        "Council member Ivo Brandt warned that the bridge was unsafe.\n\n"
        "“We have known about the cracks for years and nobody acted.”"
    )
    rows = _direct(nlp, text)
    assert rows == [
        (
            "direct",
            "We have known about the cracks for years and nobody acted.",
            None,
            "Council member Ivo Brandt",
        )
    ]


def test_cueless_quote_without_a_speech_frame_has_no_speaker(nlp: Any) -> None:
    text = "The bridge closed on Monday.\n\n“We have known about the cracks for years.”"
    assert _direct(nlp, text) == [
        ("direct", "We have known about the cracks for years.", None, None)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “reform” changed nothing.",
        "Critics call the plan a “fiscal time bomb” these days.",
        "He appeared on “Morning Roundtable,” the minister said.",
        "They described it as “business as usual” again.",
    ],
)
def test_scare_quotes_and_titles_are_not_quotes(nlp: Any, text: str) -> None:
    assert _direct(nlp, text) == []


def test_mixed_quote_is_reported_as_the_whole_clause(nlp: Any) -> None:
    text = "The governor said the new tax was “a burden on every family in the state.”"
    rows = _show(text, find_quotes(text, nlp(text)))
    assert rows == [
        (
            "indirect",
            "the new tax was “a burden on every family in the state.”",
            "said",
            "The governor",
        )
    ]


def test_reported_speech_inside_a_quote_is_not_a_quote_of_its_own(nlp: Any) -> None:
    text = "“My father said we would never leave this town,” Lena Ortiz said."
    rows = _show(text, find_quotes(text, nlp(text)))
    assert rows == [
        ("direct", "My father said we would never leave this town,", "said", "Lena Ortiz")
    ]


def test_the_parse_must_be_of_the_same_text(nlp: Any) -> None:
    with pytest.raises(SpanError):
        find_quotes("One text.", nlp("Another text."))


def test_quotes_are_sorted_and_within_the_text(nlp: Any) -> None:
    text = (
        "“Prices will fall,” the minister said. Her rival argued that prices would rise.\n\n"
        "“Nobody believes that,” he added."
    )
    quotes = find_quotes(text, nlp(text))
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert 0.0 <= q.confidence <= 1.0
