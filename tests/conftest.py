"""Shared fixtures: where ../shared is, and a skip when it is absent; a test without network;
the quality gate (tests/quality_gate.py, the floors in tests/quality_floors.json); a small actor
knowledge base and a pipeline that finds events with it (the events and corpus graphs tests)."""

from __future__ import annotations

import importlib.util
import socket
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable

    from presslens.actors import ActorKB
    from presslens.model import Document

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seeds() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    return path


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection during the test raises ``OSError``."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def _load_gate() -> ModuleType:
    name = "quality_gate"
    if name not in sys.modules:  # one module object, whoever loads it first
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def gate() -> ModuleType:
    """The quality gate: ``gate.check(task, scores)`` asserts the pinned floors of ``task``
    (after checking the data is what they were measured on); ``gate.arguments(task)`` are the
    arguments of the command that measures them."""
    return _load_gate()


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
    from presslens.actors import ActorKB, RoleVocabulary
    from presslens.actors.loaders import parse_actor_entries

    actors = parse_actor_entries(ENTRIES, source="test", origin="tests/conftest.py")
    return ActorKB.from_actors(actors, roles=RoleVocabulary.build({}, {}))


@pytest.fixture(scope="session")
def analyse(kb: ActorKB) -> Callable[[str], Document]:
    """Run paragraphs, sentences, actors and events over a text with the test KB."""
    from presslens.actors.component import Actors
    from presslens.events import Events
    from presslens.model import Document
    from presslens.pipeline import Pipeline

    pipeline = Pipeline(["paragraphs", "sentences", Actors(kb), Events(kb)])

    def run(text: str) -> Document:
        return pipeline(Document(id=f"t{abs(hash(text))}", text=text))

    return run
