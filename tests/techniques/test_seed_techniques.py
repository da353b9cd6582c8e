"""The seed dossier through the pipeline: the technique spans the issue names.

What holds is asserted; what the model does not yet get right is marked ``xfail`` (strict, so
an improvement fails loudly and the mark is removed) with what it finds instead
(docs/techniques.md, "Known limits").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.model import Document

pytest.importorskip("torch")
pytestmark = [pytest.mark.slow, pytest.mark.needs_shared]

NAME_CALLING = {"Name_Calling,Labeling", "Loaded_Language"}


@pytest.fixture(scope="module")
def docs(seeds: Path) -> list[Document]:
    from presslens.components import INGEST_LAYERS, load_builtin_components
    from presslens.ingest import ingest
    from presslens.pipeline import Pipeline

    load_builtin_components()
    pipe = Pipeline(["techniques"], given=INGEST_LAYERS)
    return [pipe(d) for item in ingest([str(seeds)]) if hasattr(item, "docs") for d in item.docs]


def _over(docs: list[Document], phrase: str) -> list[tuple[str, float]]:
    """The (label, score) of every technique span that overlaps ``phrase``, wherever it occurs."""
    out = []
    for doc in docs:
        at = doc.text.find(phrase)
        if at < 0 or "techniques" not in doc.layers:
            continue
        for span in doc.layer("techniques"):
            if span.start < at + len(phrase) and at < span.end:
                assert span.score is not None and 0.0 < span.score <= 1.0
                out.append((span.label, span.score))
    return out


@pytest.mark.parametrize("phrase", ["overpromoted simpleton", "war-besotted incompetents"])
def test_seed_001_name_calling(docs: list[Document], phrase: str) -> None:
    found = _over(docs, phrase)
    assert found, f"no technique span over {phrase!r}"
    assert {label for label, _ in found} & NAME_CALLING, found


@pytest.mark.xfail(
    reason="found as Loaded_Language over 'sleep-walking' (0.33), not Appeal_to_fear-prejudice",
    strict=True,
)
def test_seed_002_appeal_to_fear(docs: list[Document]) -> None:
    found = _over(docs, "sleep-walking toward World War 3")
    assert "Appeal_to_fear-prejudice" in {label for label, _ in found}, found
