"""The stance matrix: how each source (and each document) treats each actor, with evidence.

Reads the ``stance`` layer (one span per resolved actor mention: label ``negative`` /
``neutral`` / ``positive``, ``attrs.polarity`` -1 / 0 / 1, ``score`` = the label's probability)
and aggregates it per document and per source (:func:`presslens.model.source_of`):

- ``mentions``: how many mentions of the actor were scored;
- ``mean_polarity``: the mean of their polarities, from -1 (every mention negative) to +1;
- ``counts``: mentions per label;
- ``stance``: ``negative`` when ``mean_polarity <= -LEAN``, ``positive`` when ``>= LEAN``,
  else ``neutral`` (see :data:`LEAN`);
- ``evidence``: the strongest spans behind the cell's stance (the most confident mentions whose
  polarity has the cell's sign; for a neutral cell, the most confident non-neutral ones), each
  with the mention's ``doc_id``, ``start``, ``end``, its sentence (``sentence`` offsets and
  ``text``), ``label`` and ``score``.

Compilation posts are represented by their articles (nothing is counted twice).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Document, Span, is_container, source_of

__all__ = ["EVIDENCE", "LEAN", "StanceMention", "aggregate", "stance_matrix", "stance_mentions"]

LEAN = 0.1
"""|mean polarity| from which a cell counts as leaning negative or positive."""
EVIDENCE = 3
"""Evidence spans kept per cell."""
LABELS = ("negative", "neutral", "positive")


@dataclass(frozen=True, slots=True)
class StanceMention:
    """One scored mention: which actor, where, with what polarity and confidence."""

    doc_id: str
    source: str
    actor: str
    start: int
    end: int
    polarity: int
    score: float
    sentence: tuple[int, int]
    text: str  # the sentence

    @property
    def label(self) -> str:
        return LABELS[self.polarity + 1]


def _sentence(sentences: Sequence[Span], starts: Sequence[int], span: Span) -> tuple[int, int]:
    k = bisect_right(starts, span.start) - 1
    if k >= 0 and sentences[k].start <= span.start and span.end <= sentences[k].end:
        return (sentences[k].start, sentences[k].end)
    return (span.start, span.end)


def stance_mentions(doc: Document) -> list[StanceMention]:
    """The document's ``stance`` spans as :class:`StanceMention` records."""
    if is_container(doc):
        return []
    sentences = doc.layer("sentences")
    starts = [s.start for s in sentences]
    source = source_of(doc)
    out = []
    for span in doc.layer("stance"):
        polarity = int(span.attrs.get("polarity", LABELS.index(span.label) - 1))
        sent = _sentence(sentences, starts, span)
        out.append(
            StanceMention(
                doc.id,
                source,
                str(span.attrs.get("actor", "")),
                span.start,
                span.end,
                polarity,
                float(span.score if span.score is not None else 1.0),
                sent,
                doc.text[sent[0] : sent[1]],
            )
        )
    return out


def _lean(mean: float, lean: float) -> str:
    if mean <= -lean:
        return "negative"
    if mean >= lean:
        return "positive"
    return "neutral"


def aggregate(
    mentions: Sequence[StanceMention], *, lean: float = LEAN, evidence: int = EVIDENCE
) -> dict[str, Any]:
    """One cell of the matrix from the mentions of one actor (in one document or source)."""
    n = len(mentions)
    mean = sum(m.polarity for m in mentions) / n if n else 0.0
    stance = _lean(mean, lean)
    sign = {"negative": -1, "positive": 1}.get(stance)
    pool = [m for m in mentions if (m.polarity == sign if sign else m.polarity != 0)]
    strongest = sorted(pool, key=lambda m: (-m.score, m.doc_id, m.start))[:evidence]
    return {
        "mentions": n,
        "documents": len({m.doc_id for m in mentions}),
        "mean_polarity": round(mean, 4),
        "counts": {label: sum(1 for m in mentions if m.label == label) for label in LABELS},
        "stance": stance,
        "evidence": [
            {
                "doc_id": m.doc_id,
                "start": m.start,
                "end": m.end,
                "label": m.label,
                "score": m.score,
                "sentence": {"start": m.sentence[0], "end": m.sentence[1]},
                "text": m.text,
            }
            for m in strongest
        ],
    }


def _cells(
    mentions: Iterable[StanceMention], key: str, lean: float
) -> list[tuple[tuple[str, str], dict[str, Any]]]:
    groups: dict[tuple[str, str], list[StanceMention]] = {}
    for m in mentions:
        groups.setdefault((getattr(m, key), m.actor), []).append(m)
    return [(k, aggregate(v, lean=lean)) for k, v in groups.items()]


def _actor_names(docs: Sequence[Document]) -> dict[str, str]:
    names: dict[str, str] = {}
    for doc in docs:
        for span in doc.layer("actors"):
            names.setdefault(span.label, str(span.attrs.get("name") or span.label))
    return names


def stance_matrix(docs: Sequence[Document], *, lean: float = LEAN) -> dict[str, Any]:
    """The source x actor stance matrix (``corpus.json`` key ``stance_matrix``).

    ``actors``: ``{id, name, mentions}`` most mentioned first; ``sources``: in order of first
    appearance; ``by_source``: one cell per (source, actor) with ``source``, ``actor``, ``name``
    and the fields of :func:`aggregate`; ``by_document``: the same per (document, actor) with
    ``doc_id`` and ``source``.
    """
    mentions = [m for d in docs for m in stance_mentions(d)]
    names = _actor_names(docs)
    totals: dict[str, int] = {}
    for m in mentions:
        totals[m.actor] = totals.get(m.actor, 0) + 1
    actors = sorted(totals, key=lambda a: (-totals[a], a))
    sources = list(dict.fromkeys(m.source for m in mentions))
    rank = {a: i for i, a in enumerate(actors)}
    by_source = [
        {"source": s, "actor": a, "name": names.get(a, a), **cell}
        for (s, a), cell in _cells(mentions, "source", lean)
    ]
    src_rank = {s: i for i, s in enumerate(sources)}
    by_source.sort(key=lambda c: (src_rank[c["source"]], rank[c["actor"]]))
    doc_source = {m.doc_id: m.source for m in mentions}
    doc_order = {d: i for i, d in enumerate(dict.fromkeys(m.doc_id for m in mentions))}
    by_document = [
        {"doc_id": d, "source": doc_source[d], "actor": a, "name": names.get(a, a), **cell}
        for (d, a), cell in _cells(mentions, "doc_id", lean)
    ]
    by_document.sort(key=lambda c: (doc_order[c["doc_id"]], rank[c["actor"]]))
    return {
        "lean": lean,
        "actors": [{"id": a, "name": names.get(a, a), "mentions": totals[a]} for a in actors],
        "sources": sources,
        "by_source": by_source,
        "by_document": by_document,
    }
