"""Relation graphs: who does what to whom, per document and per source, compared across sources.

A graph is a ``networkx.MultiDiGraph`` whose nodes are lifted actors (``gov/USA``,
``state/RUS``, ``org/nato``) and whose edges are events, one edge per event, with the event's
``type`` (PLOVER), ``score``, ``mode``, ``context``, ``cameo_root``/``cameo_code``, the actors
as mentioned (``source_actor``, ``target_actor``: a person stays a person) and the evidence:
``doc_id``, ``start``, ``end`` (the trigger) and ``sentence_start``/``sentence_end``. All values
are strings or numbers, so graphs export to GraphML (:func:`to_graphml`) and to JSON in
networkx's node-link form (:func:`to_json`) and read back unchanged.

A *source* is who published: ``meta.outlet``, else the first author, else the file name of the
origin (:func:`presslens.model.source_of`). :func:`corpus_graphs` gives, per source, its nodes
and its edges aggregated by (source, target, type) with every piece of evidence, for
``corpus.json`` (key ``"graphs"``); :func:`compare_sources` compares two sources: the edges
one has and the other lacks, and the actor pairs on which their scores have opposite signs.
Comparison reads a state and its government as one actor (``gov/RUS`` and ``state/RUS`` are
both ``RUS``, :func:`presslens.events.lifting.node_key`), since sources differ in which of the
two they name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import require
from ..events.lifting import node_key
from ..model import Document, Span, source_of

__all__ = [
    "compare_sources",
    "corpus_graphs",
    "document_graph",
    "from_json",
    "graph_from_spans",
    "read_graphml",
    "source_graphs",
    "to_graphml",
    "to_json",
]


def _nx() -> Any:
    return require("networkx", extra="graphs", feature="event relation graphs")


def _edge_attrs(doc_id: str, span: Span) -> dict[str, Any]:
    a = span.attrs
    cameo = a.get("cameo") or {}
    sentence = a.get("sentence") or {}
    return {
        "type": span.label,
        "score": float(span.score if span.score is not None else 0.0),
        "mode": str(a.get("mode") or ""),
        "context": str(a.get("context") or "asserted"),
        "cameo_root": str(cameo.get("root") or ""),
        "cameo_code": str(cameo.get("code") or ""),
        "source_actor": str(a.get("source") or ""),
        "target_actor": str(a.get("target") or ""),
        "doc_id": doc_id,
        "start": span.start,
        "end": span.end,
        "sentence_start": int(sentence.get("start", span.start)),
        "sentence_end": int(sentence.get("end", span.end)),
    }


def graph_from_spans(events: Iterable[tuple[str, Span]], name: str = "") -> Any:
    """A MultiDiGraph from ``(doc_id, event span)`` pairs (spans of the ``events`` layer)."""
    nx = _nx()
    graph = nx.MultiDiGraph(name=name)
    for doc_id, span in events:
        src = str(span.attrs.get("source_lifted") or span.attrs.get("source"))
        tgt = str(span.attrs.get("target_lifted") or span.attrs.get("target"))
        for node in (src, tgt):
            if node not in graph:
                graph.add_node(node, key=node_key(node))
        graph.add_edge(src, tgt, **_edge_attrs(doc_id, span))
    return graph


def document_graph(doc: Document) -> Any:
    """The event graph of one document."""
    return graph_from_spans(((doc.id, s) for s in doc.layer("events")), name=doc.id)


def source_graphs(docs: Iterable[Document]) -> dict[str, Any]:
    """One event graph per source (see :func:`source_of`), sources in order of appearance."""
    grouped: dict[str, list[tuple[str, Span]]] = {}
    for doc in docs:
        grouped.setdefault(source_of(doc), []).extend((doc.id, s) for s in doc.layer("events"))
    return {src: graph_from_spans(events, name=src) for src, events in grouped.items()}


# -- export -------------------------------------------------------------------------------------


def to_json(graph: Any) -> dict[str, Any]:
    """networkx node-link JSON (``nodes``, ``edges``) of a graph."""
    return dict(_nx().node_link_data(graph, edges="edges"))


def from_json(data: Mapping[str, Any]) -> Any:
    """The graph :func:`to_json` wrote."""
    return _nx().node_link_graph(dict(data), directed=True, multigraph=True, edges="edges")


def to_graphml(graph: Any, path: str | Path) -> None:
    """Write a graph as GraphML."""
    _nx().write_graphml(graph, str(path))


def read_graphml(path: str | Path) -> Any:
    """Read a GraphML file :func:`to_graphml` wrote, as a MultiDiGraph."""
    return _nx().read_graphml(str(path), force_multigraph=True)


# -- corpus.json ------------------------------------------------------------------------------


def _summary(graph: Any) -> dict[str, Any]:
    nodes = []
    for node, data in graph.nodes(data=True):
        members = Counter(
            d["source_actor"] if u == node else d["target_actor"]
            for u, v, d in [*graph.out_edges(node, data=True), *graph.in_edges(node, data=True)]
        )
        nodes.append(
            {
                "id": node,
                "key": data.get("key", node_key(node)),
                "events": graph.degree(node),
                "actors": sorted(members),
            }
        )
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for u, v, d in graph.edges(data=True):
        groups.setdefault((u, v, d["type"]), []).append(d)
    edges = []
    for (u, v, kind), items in groups.items():
        edges.append(
            {
                "source": u,
                "target": v,
                "type": kind,
                "count": len(items),
                "score": round(sum(d["score"] for d in items) / len(items), 2),
                "contexts": dict(Counter(d["context"] for d in items)),
                "evidence": [
                    {
                        "doc_id": d["doc_id"],
                        "start": d["start"],
                        "end": d["end"],
                        "sentence": {"start": d["sentence_start"], "end": d["sentence_end"]},
                        "context": d["context"],
                        "mode": d["mode"],
                        "cameo": d["cameo_code"],
                        "source_actor": d["source_actor"],
                        "target_actor": d["target_actor"],
                    }
                    for d in items
                ],
            }
        )
    edges.sort(key=lambda e: (-e["count"], e["source"], e["target"], e["type"]))
    return {"nodes": sorted(nodes, key=lambda n: (-n["events"], n["id"])), "edges": edges}


def corpus_graphs(docs: Iterable[Document]) -> dict[str, Any]:
    """Per source, its actor graph for ``corpus.json``: ``{source: {"nodes": [...], "edges":
    [...]}}``; an edge aggregates the events of one (source, target, type) with their evidence
    (``doc_id``, ``start``, ``end`` of each trigger, its sentence, context and CAMEO code)."""
    return {src: _summary(g) for src, g in source_graphs(docs).items()}


def _pairs(summary: Mapping[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for e in summary.get("edges", ()):
        key = (node_key(e["source"]), node_key(e["target"]))
        slot = out.setdefault(key, {"types": Counter(), "total": 0.0, "count": 0})
        slot["types"][e["type"]] += e["count"]
        slot["total"] += e["score"] * e["count"]
        slot["count"] += e["count"]
    return out


def compare_sources(graphs: Mapping[str, Any], a: str, b: str) -> dict[str, Any]:
    """Compare two sources' graphs (the :func:`corpus_graphs` dict, or MultiDiGraphs by source).

    Returns ``only_a`` / ``only_b`` (edges, as ``{source, target, type, count}`` with actors
    read by :func:`node_key`, that one source reports and the other does not), ``shared`` and
    ``sign_differs``: actor pairs both report whose mean scores have opposite signs (one
    source tells of cooperation, the other of conflict), with both scores and types.
    """
    for name in (a, b):
        if name not in graphs:
            known = ", ".join(sorted(graphs)) or "none"
            raise KeyError(f"no source {name!r} in the graphs; sources: {known}")
    summaries = {
        n: (_summary(graphs[n]) if not isinstance(graphs[n], Mapping) else graphs[n])
        for n in (a, b)
    }
    pa, pb = _pairs(summaries[a]), _pairs(summaries[b])

    def typed(pairs: dict[tuple[str, str], dict[str, Any]]) -> dict[tuple[str, str, str], int]:
        return {(s, t, k): n for (s, t), slot in pairs.items() for k, n in slot["types"].items()}

    ta, tb = typed(pa), typed(pb)

    def rows(keys: Iterable[tuple[str, str, str]], counts: Mapping[Any, int]) -> list[dict]:
        return [{"source": s, "target": t, "type": k, "count": counts[(s, t, k)]}
                for s, t, k in sorted(keys)]  # fmt: skip

    sign = []
    for pair in sorted(set(pa) & set(pb)):
        mean_a = pa[pair]["total"] / pa[pair]["count"]
        mean_b = pb[pair]["total"] / pb[pair]["count"]
        if mean_a * mean_b < 0:
            sign.append(
                {
                    "source": pair[0],
                    "target": pair[1],
                    "score_a": round(mean_a, 2),
                    "score_b": round(mean_b, 2),
                    "types_a": dict(pa[pair]["types"]),
                    "types_b": dict(pb[pair]["types"]),
                }
            )
    return {
        "a": a,
        "b": b,
        "only_a": rows(set(ta) - set(tb), ta),
        "only_b": rows(set(tb) - set(ta), tb),
        "shared": rows(set(ta) & set(tb), ta),
        "sign_differs": sign,
    }
