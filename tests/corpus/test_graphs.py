"""Relation graphs: per document and per source, GraphML and JSON round trips, comparison."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from presslens.corpus.graphs import (
    compare_sources,
    corpus_graphs,
    document_graph,
    from_json,
    read_graphml,
    source_graphs,
    to_graphml,
    to_json,
)
from presslens.events.lifting import node_key
from presslens.model import Document, Meta, Source, source_of

nx = pytest.importorskip("networkx")

TEXT_A = "Russia attacked Ukraine. Putin praised Trump. Germany sent humanitarian aid to Ukraine."
TEXT_B = "Russia praised Ukraine. Ukraine attacked Russia."


@pytest.fixture(scope="module")
def docs(analyse: Callable[[str], Document]) -> list[Document]:
    a = replace(analyse(TEXT_A), meta=Meta(outlet="Outlet A"))
    b = replace(analyse(TEXT_B), meta=Meta(authors=("Jane Doe",)))
    return [a, b]


def _edges(graph: object) -> list[tuple[str, str, dict]]:
    return sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["start"]))  # type: ignore[attr-defined]


def test_sources() -> None:
    doc = Document(id="d1", text="x", source=Source(origin="/tmp/feeds/piece.html", format="html"))
    assert source_of(doc) == "piece.html"
    assert source_of(replace(doc, meta=Meta(authors=("A. Writer",)))) == "A. Writer"
    assert source_of(replace(doc, meta=Meta(outlet="RT", authors=("A",)))) == "RT"


def test_document_graph_has_an_edge_per_event_with_evidence(docs: list[Document]) -> None:
    doc = docs[0]
    graph = document_graph(doc)
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_edges() == len(doc.layer("events")) == 3
    assert set(graph.nodes) == {"state/RUS", "state/UKR", "gov/RUS", "gov/USA", "state/DEU"}
    (u, v, data), *_ = [e for e in _edges(graph) if e[2]["type"] == "ASSAULT"]
    assert (u, v) == ("state/RUS", "state/UKR")
    assert data["score"] < 0 and data["cameo_root"] == "19" and data["context"] == "asserted"
    assert doc.text[data["start"] : data["end"]] == "attacked"
    assert data["doc_id"] == doc.id
    praise = next(e for e in _edges(graph) if e[2]["type"] == "SUPPORT")[2]
    assert praise["source_actor"] == "person/vladimir-putin"


def test_json_round_trip(docs: list[Document]) -> None:
    import json

    graph = document_graph(docs[0])
    data = json.loads(json.dumps(to_json(graph)))
    assert set(data) >= {"nodes", "edges", "directed", "multigraph"}
    again = from_json(data)
    assert isinstance(again, nx.MultiDiGraph)
    assert _edges(again) == _edges(graph)
    assert dict(again.nodes(data=True)) == dict(graph.nodes(data=True))


def test_graphml_round_trip(docs: list[Document], tmp_path: Path) -> None:
    graph = source_graphs(docs)["Outlet A"]
    path = tmp_path / "outlet-a.graphml"
    to_graphml(graph, path)
    again = read_graphml(path)
    assert isinstance(again, nx.MultiDiGraph)
    assert sorted(again.nodes) == sorted(graph.nodes)
    assert _edges(again) == _edges(graph)


def test_corpus_graphs_per_source(docs: list[Document]) -> None:
    graphs = corpus_graphs(docs)
    assert list(graphs) == ["Outlet A", "Jane Doe"]
    outlet = graphs["Outlet A"]
    assert {n["id"] for n in outlet["nodes"]} >= {"state/RUS", "state/UKR"}
    (assault,) = [e for e in outlet["edges"] if e["type"] == "ASSAULT"]
    assert assault["count"] == 1 and assault["contexts"] == {"asserted": 1}
    (evidence,) = assault["evidence"]
    assert evidence["doc_id"] == docs[0].id
    assert docs[0].text[evidence["start"] : evidence["end"]] == "attacked"
    sentence = evidence["sentence"]
    assert docs[0].text[sentence["start"] : sentence["end"]] == "Russia attacked Ukraine."


def test_compare_sources(docs: list[Document]) -> None:
    graphs = corpus_graphs(docs)
    diff = compare_sources(graphs, "Outlet A", "Jane Doe")
    assert {"source": "RUS", "target": "UKR", "type": "ASSAULT", "count": 1} in diff["only_a"]
    assert {"source": "UKR", "target": "RUS", "type": "ASSAULT", "count": 1} in diff["only_b"]
    (flip,) = diff["sign_differs"]
    assert (flip["source"], flip["target"]) == ("RUS", "UKR")
    assert flip["score_a"] < 0 < flip["score_b"]
    # MultiDiGraphs work as well, and unknown sources name the known ones
    same = compare_sources(source_graphs(docs), "Outlet A", "Jane Doe")
    assert same["sign_differs"] == diff["sign_differs"]
    with pytest.raises(KeyError, match="Jane Doe"):
        compare_sources(graphs, "Outlet A", "nobody")


def test_node_keys_merge_a_state_and_its_government() -> None:
    assert node_key("gov/RUS") == node_key("state/RUS") == "RUS"
    assert node_key("org/nato") == "org/nato"
    assert node_key("person/vladimir-putin") == "person/vladimir-putin"


def test_corpus_graphs_are_json(docs: list[Document]) -> None:
    import json

    graphs = corpus_graphs(docs)
    assert json.loads(json.dumps(graphs)) == graphs
    diff = compare_sources(graphs, "Outlet A", "Jane Doe")
    assert json.loads(json.dumps(diff)) == diff
