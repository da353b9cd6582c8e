"""The issue's acceptance sentences, read from the seed dossier (../shared/seeds) by path.

Each seed is analysed whole (paragraphs, sentences, actors, events); the events of the sentence
that holds the quoted phrase are checked. The phrases are short quotes of the issue text; the
seed text itself stays out of the repository. Run with the test knowledge base (always) and
with the packaged one (when its data is installed).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from presslens.actors import ActorKB
from presslens.errors import ModelError
from presslens.model import Document

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

pytestmark = pytest.mark.needs_shared


def _seed_with(phrase: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    for path in sorted(SEEDS.glob("*.txt")):
        if phrase in path.read_text(encoding="utf-8"):
            return path
    pytest.skip(f"no seed holds {phrase!r}")


def _events_of(doc: Document, phrase: str) -> list[tuple[str, str, str, str]]:
    at = doc.text.index(phrase)
    out = []
    for span in doc.layer("events"):
        sentence = span.attrs["sentence"]
        if sentence["start"] <= at < sentence["end"]:
            a = span.attrs
            out.append((span.label, a["source_lifted"], a["target_lifted"], a["context"]))
    return out


def _country(actor: str) -> str:
    return actor.split("/", 1)[1] if actor.startswith(("gov/", "state/")) else actor


ACCEPTANCE = [
    ("held their second telephone conversation", "CONSULT", "USA", "RUS", {"asserted"}),
    ("held their second telephone conversation", "CONSULT", "RUS", "USA", {"asserted"}),
    ("struck an energy facility in Stavropol", "ASSAULT", "UKR", "RUS", {"asserted"}),
    (
        "raised the prospect of imposing harsh new sanctions on Russia",
        "THREATEN",
        "USA",
        "RUS",
        {"hypothetical", "future"},
    ),
    ("absolutely rejects the Russian proposal", "REJECT", "UKR", "RUS", {"asserted"}),
]


def _check(
    analyse: Callable[[str], Document],
    phrase: str,
    label: str,
    source: str,
    target: str,
    contexts: set[str],
) -> None:
    path = _seed_with(phrase)
    doc = analyse(path.read_text(encoding="utf-8"))
    found = _events_of(doc, phrase)
    hits = [
        f for f in found if f[0] == label and _country(f[1]) == source and _country(f[2]) == target
    ]
    assert hits, f"{label} {source}->{target} not among {found}"
    assert any(f[3] in contexts for f in hits), hits


@pytest.mark.parametrize(("phrase", "label", "source", "target", "contexts"), ACCEPTANCE)
def test_acceptance_with_the_test_kb(
    analyse: Callable[[str], Document],
    phrase: str,
    label: str,
    source: str,
    target: str,
    contexts: set[str],
) -> None:
    _check(analyse, phrase, label, source, target, contexts)


@pytest.fixture(scope="module")
def analyse_default() -> Callable[[str], Document]:
    from presslens.actors.component import Actors
    from presslens.events import Events
    from presslens.pipeline import Pipeline

    try:
        kb = ActorKB.default()
    except ModelError as exc:
        pytest.skip(f"the packaged actor knowledge base is not available: {exc}")
    pipeline = Pipeline(["paragraphs", "sentences", Actors(kb), Events(kb)])
    return lambda text: pipeline(Document(id=f"d{abs(hash(text))}", text=text))


@pytest.mark.parametrize(("phrase", "label", "source", "target", "contexts"), ACCEPTANCE)
def test_acceptance_with_the_packaged_kb(
    analyse_default: Callable[[str], Document],
    phrase: str,
    label: str,
    source: str,
    target: str,
    contexts: set[str],
) -> None:
    _check(analyse_default, phrase, label, source, target, contexts)


def test_the_persons_are_kept(analyse: Callable[[str], Document]) -> None:
    phrase = "struck an energy facility in Stavropol"
    doc = analyse(_seed_with(phrase).read_text(encoding="utf-8"))
    at = doc.text.index(phrase)
    (span,) = [s for s in doc.layer("events") if s.start == at]
    assert span.attrs["source"] == "person/volodymyr-zelensky"
    assert span.attrs["target"] == "state/RUS"  # Stavropol, placed by the gazetteer
    target = span.attrs["target_span"]
    assert doc.text[target["start"] : target["end"]] == "Stavropol"
