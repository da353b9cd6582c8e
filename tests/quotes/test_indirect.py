"""Indirect (reported) speech read off the dependency parse."""

from __future__ import annotations

from typing import Any

import pytest

from presslens.quotes import find_quotes
from presslens.quotes.cues import SPEECH_VERBS, is_speech_cue
from presslens.quotes.indirect import find_indirect


@pytest.fixture(scope="module")
def nlp() -> Any:
    from presslens.evaluate.quotes import load_nlp

    try:
        return load_nlp()
    except Exception as exc:  # pragma: no cover - depends on the installed model
        pytest.skip(f"no spaCy English pipeline: {exc}")


def _rows(nlp: Any, text: str) -> list[tuple[str, str, str | None, str | None]]:
    out = []
    for q in find_quotes(text, nlp(text)):
        out.append(
            (
                q.kind,
                " | ".join(text[s:e] for s, e in q.pieces),
                text[q.cue[0] : q.cue[1]] if q.cue else None,
                text[q.speaker[0] : q.speaker[1]] if q.speaker else None,
            )
        )
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The mayor said that the budget would be balanced by June.",
            ("that the budget would be balanced by June", "said", "The mayor"),
        ),
        (
            "The mayor said the budget would be balanced by June.",
            ("the budget would be balanced by June", "said", "The mayor"),
        ),
        (
            "Olga Pettersen has said the factory will stay open.",
            ("the factory will stay open", "said", "Olga Pettersen"),
        ),
        (
            "The ambassador wrote that the embassy would reopen next month.",
            ("that the embassy would reopen next month", "wrote", "The ambassador"),
        ),
        (
            "The union claimed that wages had fallen for a decade.",
            ("that wages had fallen for a decade", "claimed", "The union"),
        ),
        (
            "Doctors warned that the clinics could not cope with the winter.",
            ("that the clinics could not cope with the winter", "warned", "Doctors"),
        ),
        (
            "The coach insisted that his team had played fairly.",
            ("that his team had played fairly", "insisted", "The coach"),
        ),
        (
            "Economists argued that the tariff would hurt exporters.",
            ("that the tariff would hurt exporters", "argued", "Economists"),
        ),
        (
            "The chairwoman stressed that no decision had been taken.",
            ("that no decision had been taken", "stressed", "The chairwoman"),
        ),
        (
            "The report noted that emissions had risen again.",
            ("that emissions had risen again", "noted", "The report"),
        ),
        (
            "Karel Dvorak told the committee that the accounts were in order.",
            ("that the accounts were in order", "told", "Karel Dvorak"),
        ),
        (
            "The harbour is closed, the coast guard said.",
            ("The harbour is closed", "said", "the coast guard"),
        ),
        (
            "According to the railway company, the line will reopen on Friday.",
            ("the line will reopen on Friday", "According to", "the railway company"),
        ),
        (
            "The line will reopen on Friday, according to the railway company.",
            ("The line will reopen on Friday", "according to", "the railway company"),
        ),
        (
            "The governor promised to cut the fuel tax.",
            ("to cut the fuel tax", "promised", "The governor"),
        ),
        (
            "The senator, who chairs the panel, denied that she had seen the letter.",
            ("that she had seen the letter", "denied", "The senator"),
        ),
    ],
)
def test_indirect_forms(nlp: Any, text: str, expected: tuple[str, str, str]) -> None:
    assert _rows(nlp, text) == [("indirect", *expected)]


def test_parenthetical_cue_splits_the_content(nlp: Any) -> None:
    text = "The new plan, the minister said, will cost less than the old one."
    assert _rows(nlp, text) == [
        (
            "indirect",
            "The new plan | will cost less than the old one",
            "said",
            "the minister",
        )
    ]


def test_second_cue_of_the_same_speaker_is_its_own_quote(nlp: Any) -> None:
    text = "The mayor said the roads were safe, adding that more salt had been ordered."
    rows = _rows(nlp, text)
    assert ("indirect", "the roads were safe", "said", "The mayor") in rows
    assert ("indirect", "that more salt had been ordered", "adding", "The mayor") in rows


@pytest.mark.parametrize(
    "text",
    [
        "She called the plan a disaster for the region.",  # naming, not reporting
        "The minister believes that the plan will work.",  # thinking is not saying
        "He said so.",  # no content
        "They wanted the road to be finished this year.",
    ],
)
def test_non_speech_is_not_reported(nlp: Any, text: str) -> None:
    assert _rows(nlp, text) == []


def test_noun_phrase_contents_have_a_lower_confidence(nlp: Any) -> None:
    text = "The company announced a new chief executive on Monday."
    (q,) = find_indirect(text, nlp(text))
    assert text[q.start : q.end] == "a new chief executive"
    assert q.confidence < 0.8
    assert find_indirect(text, nlp(text), nominal=False) == []


def test_cue_list_is_documented_and_lemmatised() -> None:
    for lemma in ("say", "tell", "write", "claim", "add", "note", "stress", "warn", "insist"):
        assert lemma in SPEECH_VERBS
    for lemma in ("argue", "state", "declare", "announce", "explain", "acknowledge", "admit"):
        assert lemma in SPEECH_VERBS
    for lemma in ("deny", "suggest", "emphasise", "emphasize"):
        assert lemma in SPEECH_VERBS
    assert "call" not in SPEECH_VERBS and "believe" not in SPEECH_VERBS
    assert is_speech_cue([("has", "have", "AUX"), ("said", "say", "VERB")])
    assert is_speech_cue([("according", "accord", "VERB"), ("to", "to", "ADP")])
    assert is_speech_cue([("pointed", "point", "VERB"), ("out", "out", "ADP")])
    assert not is_speech_cue([("believes", "believe", "VERB")])
    assert not is_speech_cue([("statement", "statement", "NOUN")])
