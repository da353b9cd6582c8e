"""The ``key_sentences`` pipeline component: each article's most central sentences.

Extractive: every key sentence is a sentence of the article. The sentences of one document are
ranked by centrality (:func:`~presslens.key_sentences.centrality.centrality`: continuous LexRank,
i.e. PageRank over the graph of cosine similarities between sentence embeddings,
:func:`presslens.encoder.embed_sentences`). Sentences that carry a quote (``quotes`` layer) or a
claim (``claims`` layer, weighted by the claim's score) get more of the random walk's teleport
mass (personalised PageRank), so they and the sentences that echo them rise. The top
``max(3, 15%)`` sentences are kept, with ``score`` = centrality relative to the document's most
central sentence (1.0 for rank 1) and ``attrs.rank``.

The same ranking over the whole corpus is the corpus digest, a corpus view
(:mod:`presslens.corpus.digest`).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..encoder import Embedder, embed_sentences
from ..model import Document, Span
from ..pipeline import BaseComponent
from .centrality import centrality

__all__ = [
    "KeySentences",
    "eligible_sentences",
    "key_sentence_spans",
    "sentence_prior",
    "top_k",
]

QUOTE_WEIGHT = 1.0
"""Extra teleport weight of a sentence that carries a quote (a plain sentence has 1)."""
CLAIM_WEIGHT = 1.0
"""Extra teleport weight of a sentence that carries a claim, times the claim's score (0..1)."""
TOP_FRACTION = 0.15
MIN_KEY_SENTENCES = 3
MIN_WORDS = 5
"""Sentences with fewer words (headings, datelines, "Read more") are never key sentences."""
ENCODER_NAME = "all-MiniLM-L6-v2"
_NON_CONTENT = frozenset({"source_line", "photo_credit", "byline", "title", "related", "furniture"})


def top_k(n_sentences: int) -> int:
    """How many key sentences a document of ``n_sentences`` sentences gets: max(3, 15%)."""
    return max(MIN_KEY_SENTENCES, math.ceil(TOP_FRACTION * n_sentences))


def _overlapping(spans: Sequence[Span], start: int, end: int) -> list[Span]:
    """The spans (sorted by start) that share at least one character with ``start..end``."""
    starts = [s.start for s in spans]
    hi = bisect.bisect_left(starts, end)
    return [s for s in spans[:hi] if s.end > start and s.start < end]


def eligible_sentences(doc: Document) -> list[Span]:
    """Sentences that can be key: at least :data:`MIN_WORDS` words, not site furniture."""
    furniture = sorted(
        (s for s in doc.layer("furniture") if s.label in _NON_CONTENT), key=lambda s: s.start
    )
    out = []
    for sent in doc.layer("sentences"):
        if len(doc.text_of(sent).split()) < MIN_WORDS:
            continue
        covered = sum(
            min(f.end, sent.end) - max(f.start, sent.start)
            for f in _overlapping(furniture, sent.start, sent.end)
        )
        if covered * 2 < sent.end - sent.start:
            out.append(sent)
    return out


def sentence_prior(doc: Document, spans: Sequence[Span]) -> tuple[np.ndarray, list[list[str]]]:
    """Teleport weights of ``spans``: 1, plus :data:`QUOTE_WEIGHT` when a span carries a quote,
    plus :data:`CLAIM_WEIGHT` times the best claim score (1 when unscored) when it carries a
    claim. Also says, per span, which layers weighted it in."""
    quotes = sorted(doc.layer("quotes"), key=lambda s: s.start)
    claims = sorted(doc.layer("claims"), key=lambda s: s.start)
    prior = np.ones(len(spans))
    why: list[list[str]] = []
    for i, span in enumerate(spans):
        reasons = []
        if _overlapping(quotes, span.start, span.end):
            prior[i] += QUOTE_WEIGHT
            reasons.append("quotes")
        hits = _overlapping(claims, span.start, span.end)
        if hits:
            best = max(1.0 if c.score is None else min(max(c.score, 0.0), 1.0) for c in hits)
            prior[i] += CLAIM_WEIGHT * best
            reasons.append("claims")
        why.append(reasons)
    return prior, why


def key_sentence_spans(
    doc: Document, *, embed: Embedder | None = None, producer: str = "key_sentences.v1"
) -> list[Span]:
    """The document's top ``max(3, 15%)`` sentences by centrality, as ``key_sentence`` spans.

    ``score`` is centrality relative to the most central sentence (1.0 for rank 1);
    ``attrs.rank`` is 1 for the most central; ``attrs.weighted`` lists the layers (``quotes``,
    ``claims``) that weighted the sentence in, when any did.
    """
    candidates = eligible_sentences(doc)
    if not candidates:
        return []
    k = min(top_k(len(doc.layer("sentences"))), len(candidates))
    vectors = (embed or embed_sentences)([doc.text_of(s) for s in candidates])
    prior, why = sentence_prior(doc, candidates)
    scores = centrality(np.asarray(vectors), prior)
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], candidates[i].start))[:k]
    best = float(scores[order[0]]) or 1.0
    spans = []
    for rank, i in enumerate(order, start=1):
        attrs: dict[str, Any] = {"rank": rank}
        if why[i]:
            attrs["weighted"] = why[i]
        spans.append(
            doc.span(
                candidates[i].start,
                candidates[i].end,
                "key_sentence",
                score=round(float(scores[i]) / best, 4),
                attrs=attrs,
                producer=producer,
            )
        )
    return spans


class KeySentences(BaseComponent):
    """Pipeline component: the ``key_sentences`` layer (see :func:`key_sentence_spans`)."""

    name = "key_sentences"
    version = "1"
    requires = ("sentences",)
    assigns = ("key_sentences",)
    fingerprint = ENCODER_NAME

    def __init__(self, embed: Embedder | None = None) -> None:
        self.embed = embed

    def annotate(self, doc: Document) -> Document:
        spans = key_sentence_spans(doc, embed=self.embed, producer=self.producer)
        return doc.with_layer("key_sentences", spans)
