"""Speaker spans and their resolution to actors: mentions, descriptors, pronouns."""

from __future__ import annotations

from typing import Any

import pytest

from presslens.quotes import Mention, Quote, find_quotes
from presslens.quotes.speakers import resolve_pronoun, resolve_speakers


@pytest.fixture(scope="module")
def nlp() -> Any:
    from presslens.evaluate.quotes import load_nlp

    try:
        return load_nlp()
    except Exception as exc:  # pragma: no cover - depends on the installed model
        pytest.skip(f"no spaCy English pipeline: {exc}")


def _mention(
    text: str, name: str, actor: str | None, kind: str, gender: str | None = None
) -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), actor, kind, gender)


def _speakers(text: str, quotes: list[Quote]) -> list[tuple[str | None, str | None]]:
    return [(text[q.speaker[0] : q.speaker[1]] if q.speaker else None, q.actor) for q in quotes]


def test_speaker_overlapping_a_mention_takes_its_actor(nlp: Any) -> None:
    text = "Foreign Minister Lara Voss said the talks had failed."
    mentions = [_mention(text, "Lara Voss", "voss_lara", "person", "f")]
    (q,) = find_quotes(text, nlp(text), mentions)
    assert _speakers(text, [q]) == [("Foreign Minister Lara Voss", "voss_lara")]


def test_unresolved_mention_leaves_the_actor_empty(nlp: Any) -> None:
    text = "Lara Voss said the talks had failed."
    mentions = [_mention(text, "Lara Voss", None, "person")]
    (q,) = find_quotes(text, nlp(text), mentions)
    assert q.actor is None and q.speaker is not None


def test_descriptor_without_a_mention_stays_unresolved(nlp: Any) -> None:
    text = "The Russian leader said the talks had failed."
    (q,) = find_quotes(text, nlp(text))
    assert _speakers(text, [q]) == [("The Russian leader", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # he -> the nearest preceding person of matching gender, skipping a woman
        (
            "Tomas Berg met Anna Lind on Monday. Later he said the deal was off.",
            "berg",
        ),
        # she -> the nearest preceding woman
        (
            "Tomas Berg met Anna Lind on Monday. Later she said the deal was off.",
            "lind",
        ),
        # they -> an organisation, not a person
        (
            "The Harbour Union met Tomas Berg on Monday. They said the deal was off.",
            "harbour_union",
        ),
    ],
)
def test_pronouns_resolve_to_fitting_mentions(nlp: Any, text: str, expected: str) -> None:
    mentions = [
        _mention(text, "Tomas Berg", "berg", "person", "m"),
        *([_mention(text, "Anna Lind", "lind", "person", "f")] if "Anna Lind" in text else []),
        *(
            [_mention(text, "The Harbour Union", "harbour_union", "organisation")]
            if "Harbour Union" in text
            else []
        ),
    ]
    quotes = find_quotes(text, nlp(text), mentions)
    assert [q.actor for q in quotes] == [expected]


def test_pronoun_with_unknown_gender_mention(nlp: Any) -> None:
    text = "Sasha Rey arrived late. She told reporters that the vote was fair."
    mentions = [_mention(text, "Sasha Rey", "rey", "person", None)]
    (q,) = find_quotes(text, nlp(text), mentions)
    assert q.actor == "rey"


def test_pronoun_beyond_the_window_falls_back_to_the_previous_quote(nlp: Any) -> None:
    text = (
        "Tomas Berg said the port would close. It rained. The ships left. The town was quiet. "
        "The market closed early. He added that the port would reopen in May."
    )
    mentions = [_mention(text, "Tomas Berg", "berg", "person", "m")]
    quotes = find_quotes(text, nlp(text), mentions)
    assert _speakers(text, quotes) == [("Tomas Berg", "berg"), ("He", "berg")]


def test_pronoun_without_antecedent_stays_unresolved(nlp: Any) -> None:
    text = "He said the port would close."
    (q,) = find_quotes(text, nlp(text))
    assert _speakers(text, [q]) == [("He", None)]


def test_resolve_pronoun_window() -> None:
    text = "A. B. C. D. E. he"
    starts = [0, 3, 6, 9, 12, 15]
    far = Mention(3, 4, "b", "person", "m")  # four sentences back: out of the window
    near = Mention(6, 7, "c", "person", "m")  # three sentences back
    woman = Mention(9, 10, "d", "person", "f")
    assert resolve_pronoun((15, 17), text, starts, [far, near, woman]) == near
    assert resolve_pronoun((15, 17), text, starts, [far]) is None


def test_resolve_speakers_keeps_given_actors(nlp: Any) -> None:
    text = "Someone said the port would close."
    doc = nlp(text)
    q = Quote(13, 33, "indirect", (8, 12), (0, 7), "given", 0.8)
    assert resolve_speakers([q], text, doc, [Mention(0, 7, "other", "person")])[0].actor == "given"
