"""The corpus digest: the event's most central statements across sources (``corpus.json`` key
``digest``).

Extractive: every line of the digest is a span of an article. Statements of all documents (a
document's check-worthy ``claims`` when it has them, else its sentences that could be key
sentences) are ranked as key sentences are ranked within one article
(:func:`~presslens.key_sentences.centrality.centrality`, with the same quote and claim weights),
over the whole corpus, with edges inside one document counting half, so that what several
sources say outranks what one long article repeats. Near-duplicates (cosine >=
:data:`MERGE_THRESHOLD`) are merged into one record that lists every occurrence and the sources
that carry it. Compilation posts are left out when their articles are present (the articles
carry the same text).

Sentence vectors come from :func:`presslens.encoder.embed_sentences` (cached by text); the
encoder's cost (:func:`presslens.encoder.encoder_stats`) is logged at INFO level on the
``presslens.digest`` logger.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..encoder import Embedder, embed_sentences, encoder_stats
from ..key_sentences.centrality import centrality
from ..key_sentences.component import eligible_sentences, sentence_prior
from ..model import Document, Span, is_container, source_of

__all__ = ["corpus_digest"]

log = logging.getLogger("presslens.digest")

SAME_DOC_WEIGHT = 0.5
"""Weight of an edge between two statements of the same document in the corpus graph."""


MERGE_THRESHOLD = 0.8
"""Cosine similarity at which two statements count as the same (near-duplicates, merged)."""


DIGEST_SIZE = 15


MAX_CANDIDATES = 3000
"""Above this many statements the corpus digest uses each document's key sentences only."""


def _digest_docs(docs: Sequence[Document]) -> list[Document]:
    """The documents a digest reads: compilation posts only when none of their articles is here."""
    parents = {d.parent_id for d in docs if d.parent_id}
    return [d for d in docs if not (is_container(d) and d.id in parents)]


def _candidates(docs: Sequence[Document], max_candidates: int) -> list[tuple[Document, Span]]:
    def statements(doc: Document, key_only: bool) -> list[Span]:
        claims = [c for c in doc.layer("claims") if c.attrs.get("checkworthy", True)]
        if claims:
            return claims
        if key_only and doc.layer("key_sentences"):
            return list(doc.layer("key_sentences"))
        return eligible_sentences(doc)

    out = [(d, s) for d in docs for s in statements(d, False)]
    if len(out) > max_candidates:
        out = [(d, s) for d in docs for s in statements(d, True)]
        log.info("digest: %d statements after keeping key sentences only", len(out))
    return out[:max_candidates]


def corpus_digest(
    docs: Sequence[Document],
    *,
    limit: int = DIGEST_SIZE,
    embed: Embedder | None = None,
    merge_threshold: float = MERGE_THRESHOLD,
    max_candidates: int = MAX_CANDIDATES,
) -> list[dict[str, Any]]:
    """The event's most central statements across all documents, near-duplicates merged.

    Returns up to ``limit`` records, most central first: ``text`` (of the most central
    occurrence), ``doc_id``/``start``/``end`` (that occurrence), ``score`` (relative to the top
    record, 1.0 for it), ``sources`` (who carries it, in order of first occurrence) and
    ``occurrences`` (every merged ``{doc_id, start, end}``).
    """
    started = time.perf_counter()
    before = dict(encoder_stats())
    chosen = _digest_docs(docs)
    cands = _candidates(chosen, max_candidates)
    if not cands:
        return []
    vectors = np.asarray((embed or embed_sentences)([d.text_of(s) for d, s in cands]))
    by_doc: dict[str, list[Span]] = {}
    for doc, span in cands:  # grouped by document, in the order of ``chosen``
        by_doc.setdefault(doc.id, []).append(span)
    prior = np.concatenate([sentence_prior(d, by_doc[d.id])[0] for d in chosen if d.id in by_doc])
    scores = centrality(
        vectors, prior, groups=[d.id for d, _ in cands], same_group_weight=SAME_DOC_WEIGHT
    )
    groups = _merge(vectors, scores, merge_threshold, limit)
    ranked = sorted(groups, key=lambda g: (-sum(scores[i] for i in g), g[0]))[:limit]
    top = sum(scores[i] for i in ranked[0]) or 1.0
    doc_order = {d.id: n for n, d in enumerate(chosen)}
    records = []
    for members in ranked:
        lead_doc, lead = cands[members[0]]
        occ = sorted(members, key=lambda i: (doc_order[cands[i][0].id], cands[i][1].start))
        records.append(
            {
                "text": lead_doc.text_of(lead),
                "doc_id": lead_doc.id,
                "start": lead.start,
                "end": lead.end,
                "score": round(float(sum(scores[i] for i in members) / top), 4),
                "sources": list(dict.fromkeys(source_of(cands[i][0]) for i in occ)),
                "occurrences": [
                    {"doc_id": cands[i][0].id, "start": cands[i][1].start, "end": cands[i][1].end}
                    for i in occ
                ],
            }
        )
    after = encoder_stats()
    log.info(
        "digest: %d statements from %d documents in %.1f s; encoder: %d encoded in %.1f s, "
        "%d from cache",
        len(cands),
        len(chosen),
        time.perf_counter() - started,
        after["encoded"] - before["encoded"],
        after["seconds"] - before["seconds"],
        after["reused"] - before["reused"],
    )
    return records


def _merge(
    vectors: np.ndarray, scores: np.ndarray, threshold: float, limit: int
) -> list[list[int]]:
    """Leader clustering: the most central unassigned statement takes every unassigned one at
    cosine >= ``threshold`` with it. Stops once enough groups exist to fill the digest (groups
    are later ranked by their summed score, so a few spare ones are made)."""
    order = np.argsort(-scores, kind="stable")
    free = np.ones(len(scores), dtype=bool)
    groups: list[list[int]] = []
    for i in order:
        if not free[i]:
            continue
        sims = vectors @ vectors[i]
        members = [int(i)] + [int(j) for j in np.flatnonzero(free & (sims >= threshold)) if j != i]
        free[members] = False
        groups.append(members)
        if len(groups) >= 4 * limit:
            break
    return groups
