"""Shared fixtures for the events tests: a small actor knowledge base and parsed documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from presslens.actors import ActorKB, RoleVocabulary
from presslens.actors.loaders import parse_actor_entries
from presslens.model import Document

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "seeds"
PETRARCH = SHARED / "data" / "petrarch2"

ENTRIES = [
    {"id": "state/USA", "name": "United States", "aliases": ["US", "U.S.", "America"],
     "demonyms": ["American", "Americans"], "country": "USA", "cameo": "USA",
     "government": {"aliases": ["Washington", "White House"]}},
    {"id": "state/RUS", "name": "Russia", "aliases": ["Russian Federation"],
     "demonyms": ["Russian", "Russians"], "country": "RUS", "cameo": "RUS",
     "government": {"aliases": ["Moscow", "Kremlin"]}},
    {"id": "state/UKR", "name": "Ukraine", "demonyms": ["Ukrainian", "Ukrainians"],
     "country": "UKR", "cameo": "UKR", "government": {"aliases": ["Kyiv", "Kiev"]}},
    {"id": "state/DEU", "name": "Germany", "demonyms": ["German", "Germans"], "country": "DEU",
     "cameo": "DEU"},
    {"id": "state/FRA", "name": "France", "demonyms": ["French"], "country": "FRA",
     "cameo": "FRA"},
    {"id": "state/CHN", "name": "China", "demonyms": ["Chinese"], "country": "CHN",
     "cameo": "CHN"},
    {"id": "org/nato", "kind": "organisation", "name": "NATO", "aliases": ["the alliance"]},
    {"id": "person/donald-trump", "name": "Donald Trump", "aliases": ["Trump"],
     "country": "USA", "parent": "gov/USA", "roles": ["president"]},
    {"id": "person/vladimir-putin", "name": "Vladimir Putin", "aliases": ["Putin"],
     "country": "RUS", "parent": "gov/RUS", "roles": ["president"]},
    {"id": "person/volodymyr-zelensky", "name": "Volodymyr Zelensky",
     "aliases": ["Zelensky", "Zelenskyy"], "country": "UKR", "parent": "gov/UKR",
     "roles": ["president"]},
    {"id": "person/marco-rubio", "name": "Marco Rubio", "aliases": ["Rubio"],
     "country": "USA", "parent": "gov/USA", "roles": ["secretary of state"]},
]  # fmt: skip


@pytest.fixture(scope="session")
def kb() -> ActorKB:
    """A small knowledge base: USA, Russia, Ukraine and a few more, their leaders, NATO."""
    actors = parse_actor_entries(ENTRIES, source="test", origin="tests/events/conftest.py")
    return ActorKB.from_actors(actors, roles=RoleVocabulary.build({}, {}))


@pytest.fixture(scope="session")
def analyse(kb: ActorKB) -> Callable[[str], Document]:
    """Run paragraphs, sentences, actors and events over a text with the test KB."""
    from presslens.actors.component import Actors
    from presslens.events import Events
    from presslens.pipeline import Pipeline

    pipeline = Pipeline(["paragraphs", "sentences", Actors(kb), Events(kb)])

    def run(text: str) -> Document:
        return pipeline(Document(id=f"t{abs(hash(text))}", text=text))

    return run
