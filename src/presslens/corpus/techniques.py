"""Technique profiles: how often each document and each source uses each persuasion technique.

A profile counts the ``techniques`` spans with a score at or above ``min_score``, and gives their
density per 1,000 words, so that long and short pieces compare; every count keeps the spans
behind it (document id, start, end, text, score) so a chart links back to its evidence.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from ..model import Document, is_container, source_of

EVIDENCE = 3
"""Strongest spans kept per technique and profile."""


def _words(doc: Document) -> int:
    return len(doc.text.split())


def _profile(pairs: list[tuple[Document, Any]], words: int) -> dict[str, Any]:
    counts: Counter[str] = Counter(span.label for _, span in pairs)
    evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc, span in sorted(pairs, key=lambda p: -(p[1].score or 0.0)):
        if len(evidence[span.label]) < EVIDENCE:
            evidence[span.label].append(
                {
                    "document": doc.id,
                    "start": span.start,
                    "end": span.end,
                    "text": doc.text_of(span),
                    "score": span.score,
                }
            )
    per_k = 1000.0 / words if words else 0.0
    return {
        "words": words,
        "spans": sum(counts.values()),
        "per_1000_words": round(sum(counts.values()) * per_k, 2),
        "techniques": {
            label: {
                "count": n,
                "per_1000_words": round(n * per_k, 2),
                "evidence": evidence[label],
            }
            for label, n in counts.most_common()
        },
    }


def technique_profiles(docs: Sequence[Document], *, min_score: float = 0.0) -> dict[str, Any]:
    """``{"documents": {id: profile}, "sources": {source: profile}}`` over the given documents."""
    by_doc: dict[str, dict[str, Any]] = {}
    by_source: dict[str, list[tuple[Document, Any]]] = defaultdict(list)
    source_words: Counter[str] = Counter()
    for doc in docs:
        if is_container(doc):
            continue
        pairs = [(doc, s) for s in doc.layer("techniques") if (s.score or 0.0) >= min_score]
        by_doc[doc.id] = {"source": source_of(doc), **_profile(pairs, _words(doc))}
        by_source[source_of(doc)].extend(pairs)
        source_words[source_of(doc)] += _words(doc)
    return {
        "min_score": min_score,
        "documents": by_doc,
        "sources": {
            src: _profile(by_source[src], source_words[src]) for src in sorted(source_words)
        },
    }
