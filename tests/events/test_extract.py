"""Events from invented sentences: one or more pattern cases per PLOVER type, contexts,
coordination, passives, actor lifting (through the full pipeline with a small test KB)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from presslens.model import Document

Analyse = Callable[[str], Document]


def events(doc: Document) -> list[tuple[str, str, str, str]]:
    """(type, lifted source, lifted target, context) of every event."""
    return [
        (s.label, s.attrs["source_lifted"], s.attrs["target_lifted"], s.attrs["context"])
        for s in doc.layer("events")
    ]


CASES = [
    ("AGREE", "Germany promised France closer cooperation on energy.", "DEU", "FRA"),
    ("AGREE", "Russia signed a peace agreement with Ukraine.", "RUS", "UKR"),
    ("CONSULT", "The German chancellor met with Putin in Moscow.", "DEU", "RUS"),
    ("CONSULT", "Zelensky spoke with Trump by phone on Tuesday.", "UKR", "USA"),
    ("CONSULT", "France hosted a Chinese delegation.", "FRA", "CHN"),
    ("SUPPORT", "Germany praised France for its leadership.", "DEU", "FRA"),
    ("SUPPORT", "NATO backed Ukraine.", "org/nato", "UKR"),
    ("CONCEDE", "Russia eased restrictions on Ukraine.", "RUS", "UKR"),
    ("COOPERATE", "Germany and France cooperated on intelligence.", "DEU", "FRA"),
    ("AID", "Germany sent humanitarian aid to Ukraine.", "DEU", "UKR"),
    ("AID", "The United States provided military aid to Ukraine.", "USA", "UKR"),
    ("RETREAT", "Russia released Ukrainian prisoners.", "RUS", "UKR"),
    ("RETREAT", "Russia withdrew its troops from Ukraine.", "RUS", "UKR"),
    ("REQUEST", "France urged Russia to accept a ceasefire.", "FRA", "RUS"),
    ("REQUEST", "Ukraine asked Germany for more weapons.", "UKR", "DEU"),
    ("REQUEST", "Ukraine demanded that Russia withdraw.", "UKR", "RUS"),
    ("ACCUSE", "Ukraine accused Russia of war crimes.", "UKR", "RUS"),
    ("ACCUSE", "Germany condemned China.", "DEU", "CHN"),
    ("REJECT", "Russia rejected the French proposal.", "RUS", "FRA"),
    ("REJECT", "China refused the American demands.", "CHN", "USA"),
    ("THREATEN", "Russia threatened Ukraine with retaliation.", "RUS", "UKR"),
    ("THREATEN", "Trump threatened to impose sanctions on China.", "USA", "CHN"),
    ("PROTEST", "Germans protested against Russia.", "DEU", "RUS"),
    ("SANCTION", "The United States imposed sanctions on Russia.", "USA", "RUS"),
    ("SANCTION", "Ukraine broke off diplomatic relations with Russia.", "UKR", "RUS"),
    ("SANCTION", "The US sanctioned Chinese banks.", "USA", "CHN"),
    ("MOBILIZE", "Russia mobilized troops near Ukraine.", "RUS", "UKR"),
    ("MOBILIZE", "Russia deployed troops to the border with Ukraine.", "RUS", "UKR"),
    ("COERCE", "Russia arrested a Ukrainian journalist.", "RUS", "UKR"),
    ("COERCE", "Russia expelled a French journalist.", "RUS", "FRA"),
    ("COERCE", "China seized an American ship.", "CHN", "USA"),
    ("ASSAULT", "Russia attacked Ukraine.", "RUS", "UKR"),
    ("ASSAULT", "Russian forces shelled Kharkiv.", "RUS", "UKR"),
    ("ASSAULT", "Russian troops invaded Ukraine.", "RUS", "UKR"),
    ("ASSAULT", "Ukraine struck an oil refinery in Belgorod.", "UKR", "RUS"),
]


def _key(actor: str) -> str:
    return actor.split("/", 1)[1] if actor.startswith(("gov/", "state/")) else actor


@pytest.mark.parametrize(("label", "text", "source", "target"), CASES)
def test_pattern_cases_per_event_type(
    analyse: Analyse, label: str, text: str, source: str, target: str
) -> None:
    found = [(t, _key(s), _key(g)) for t, s, g, _c in events(analyse(text))]
    assert (label, source, target) in found, found


def test_every_plover_type_has_a_case() -> None:
    from presslens.events.plover import PLOVER_TYPES

    assert {c[0] for c in CASES} == set(PLOVER_TYPES)


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("Russia attacked Ukraine.", "asserted"),
        ("Russia did not attack Ukraine.", "negated"),
        ("Russia never attacked Ukraine.", "negated"),
        ("Russia refused to meet Ukraine.", "negated"),
        ("Russia would attack Ukraine if talks failed.", "hypothetical"),
        ("If Russia attacked Ukraine, NATO would respond.", "hypothetical"),
        ("Russia is considering imposing sanctions on Ukraine.", "hypothetical"),
        ("Russia will attack Ukraine.", "future"),
        ("Russia is going to attack Ukraine.", "future"),
        ("Russia plans to attack Ukraine.", "future"),
        ("France urged Germany to sanction Russia.", "demanded"),
        ("Russia must release Ukrainian prisoners.", "demanded"),
    ],
)
def test_contexts(analyse: Analyse, text: str, context: str) -> None:
    found = events(analyse(text))
    assert found, f"no event in {text!r}"
    assert context in {c for *_x, c in found}, found


def test_negation_keeps_the_event_type(analyse: Analyse) -> None:
    (found,) = events(analyse("Russia did not attack Ukraine."))
    assert found == ("ASSAULT", "state/RUS", "state/UKR", "negated")


def test_threats_of_conflict_become_threaten(analyse: Analyse) -> None:
    found = events(analyse("China threatened to attack Taiwan and to sanction the United States."))
    assert ("THREATEN", "state/CHN", "state/USA") in [f[:3] for f in found]
    assert not [f for f in found if f[0] == "SANCTION"]


def test_persons_lift_to_their_government_and_keep_the_person(analyse: Analyse) -> None:
    doc = analyse("Putin criticized Zelensky.")
    (span,) = doc.layer("events")
    assert span.attrs["source"] == "person/vladimir-putin"
    assert span.attrs["source_lifted"] == "gov/RUS"
    assert span.attrs["target"] == "person/volodymyr-zelensky"
    assert span.attrs["target_lifted"] == "gov/UKR"
    assert doc.text_of(span) == "criticized"
    src = span.attrs["source_span"]
    assert doc.text[src["start"] : src["end"]] == "Putin"


def test_coordinated_sources_of_a_reciprocal_event_pair_up(analyse: Analyse) -> None:
    found = {f[:3] for f in events(analyse("Russia and Ukraine held talks in Istanbul."))}
    assert found == {("CONSULT", "state/RUS", "state/UKR"), ("CONSULT", "state/UKR", "state/RUS")}


def test_coordinated_recipients(analyse: Analyse) -> None:
    found = {f[:3] for f in events(analyse("Russia condemned Germany and France."))}
    assert found == {("ACCUSE", "state/RUS", "state/DEU"), ("ACCUSE", "state/RUS", "state/FRA")}


def test_passives(analyse: Analyse) -> None:
    found = events(analyse("Ukraine was attacked by Russia."))
    assert [f[:3] for f in found] == [("ASSAULT", "state/RUS", "state/UKR")]
    assert events(analyse("Ukraine was attacked on Monday.")) == []  # by whom is not said


def test_pronouns_stand_for_the_earlier_actor(analyse: Analyse) -> None:
    found = events(analyse("Russia said it would attack Ukraine."))
    assert ("ASSAULT", "state/RUS", "state/UKR", "hypothetical") in found


def test_venues_are_not_recipients_of_talks(analyse: Analyse) -> None:
    assert events(analyse("Trump held talks in Kharkiv.")) == []
    assert [f[:3] for f in events(analyse("Russia bombed a school in Kharkiv."))] == [
        ("ASSAULT", "state/RUS", "state/UKR")
    ]


def test_no_self_events(analyse: Analyse) -> None:
    assert events(analyse("Putin praised Russia.")) == []  # gov/RUS and state/RUS are one actor
