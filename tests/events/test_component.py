"""The events component: its contract, its spans, its fingerprint."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from presslens.actors import ActorKB
from presslens.actors.component import Actors
from presslens.events import Events, load_petrarch_verbs, packaged_lexicon
from presslens.model import Document
from presslens.pipeline import Pipeline, registered

ATTRS = {
    "source",
    "target",
    "source_lifted",
    "target_lifted",
    "source_span",
    "target_span",
    "context",
    "mode",
    "cameo",
    "sentence",
    "verb",
}


def test_contract_and_registration(kb: ActorKB) -> None:
    events = Events(kb)
    assert (events.name, events.requires, events.assigns) == (
        "events",
        ("sentences", "actors"),
        ("events",),
    )
    assert registered()["events"] is Events
    from presslens.components import DEFAULT_COMPONENTS

    assert DEFAULT_COMPONENTS.index("events") > DEFAULT_COMPONENTS.index("actors")
    with pytest.raises(Exception, match="actors"):
        Pipeline(["paragraphs", "sentences", events])


def test_spans(analyse: Callable[[str], Document]) -> None:
    doc = analyse("Ukraine absolutely rejects the Russian proposal. Russia will attack Kyiv.")
    reject, attack = doc.layer("events")
    assert reject.label == "REJECT" and reject.score == -4.0
    assert set(reject.attrs) >= ATTRS
    assert reject.producer == "events.v1"
    assert doc.text_of(reject) == "rejects"
    assert reject.attrs["cameo"]["root"] == "12"
    assert reject.attrs["target"] == "state/RUS"
    target = reject.attrs["target_span"]
    assert doc.text[target["start"] : target["end"]] == "Russian"
    sentence = reject.attrs["sentence"]
    assert doc.text[sentence["start"] : sentence["end"]].startswith("Ukraine absolutely")
    assert attack.label == "ASSAULT" and attack.attrs["context"] == "future"
    assert attack.attrs["target_lifted"] == "gov/UKR"  # Kyiv stands for the government
    again = Document.from_json(json.dumps(doc.to_dict()))
    assert again.layer("events") == doc.layer("events")


def test_fingerprint_follows_lexicon_and_kb(kb: ActorKB, tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    path.write_text("--- ATTACK [190] ---\nATTACK\n", encoding="utf-8")
    other = load_petrarch_verbs(path)
    one, two = Events(kb), Events(kb, other)
    assert (
        len(one.fingerprint) == 10 and one.fingerprint == Events(kb, packaged_lexicon()).fingerprint
    )
    assert one.fingerprint != two.fingerprint
    pipe_one = Pipeline(["paragraphs", "sentences", Actors(kb), one])
    pipe_two = Pipeline(["paragraphs", "sentences", Actors(kb), two])
    assert pipe_one.version != pipe_two.version


def test_a_custom_lexicon_is_used(kb: ActorKB, tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    path.write_text("--- SNUB [120] ---\nSNUB\n", encoding="utf-8")
    pipe = Pipeline(["paragraphs", "sentences", Actors(kb), Events(kb, load_petrarch_verbs(path))])
    doc = pipe(Document(id="snub", text="Russia snubbed Germany."))
    assert [(s.label, s.attrs["target"]) for s in doc.layer("events")] == [("REJECT", "state/DEU")]


def test_places_can_be_switched_off(kb: ActorKB) -> None:
    text = "Ukraine struck an oil refinery in Belgorod."
    with_places = Pipeline(["paragraphs", "sentences", Actors(kb), Events(kb)])
    without = Pipeline(["paragraphs", "sentences", Actors(kb), Events(kb, places=False)])
    assert len(with_places(Document(id="p1", text=text)).layer("events")) == 1
    assert without(Document(id="p2", text=text)).layer("events") == ()
