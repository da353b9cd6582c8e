"""Claim clusters: check-worthy claims that assert the same thing across the corpus.

Every check-worthy sentence (``claims`` layer, ``attrs.checkworthy``) is embedded with the
offline sentence encoder (:func:`presslens.encoder.embed_sentences`, which re-uses the vectors of
the heads' one encoder pass) and put in an approximate-nearest-neighbour index (faiss: an exact
inner-product index up to :data:`EXACT_LIMIT` claims, HNSW above, so it scales past a million
sentences). Pairs of claims above a cosine similarity are then judged:

- cosine >= :data:`SAME_CLAIM` (paraphrases, translations, near-copies) and no disagreement:
  the same claim;
- cosine >= :data:`SAME_TOPIC` and the numbers agree ("a 90 minute phone conversation" and "the
  call lasted for an hour and a half"): the same claim;
- cosine >= :data:`SAME_TOPIC` and the numbers disagree ("lasted more than two hours"), or
  cosine >= :data:`NEGATION` and one negates the other: **contradicting** claims; they are
  never put in one cluster, and each cluster lists the claims that contradict it.

Numbers and negation are read by :mod:`presslens.corpus.quantities`. Clusters grow link by
link, most similar first (average linkage): two clusters merge only when their members' mean
similarity is at least :data:`SAME_CLAIM` (:data:`SAME_TOPIC` for a link that agreeing numbers
vouch for), so there are no long chains, and only when none of their members contradict. Embeddings
are blind to numbers, so a contradiction says "these sources give different figures for what
reads like the same thing" (it may also be a different event: a second phone call); the cluster
view shows both sides with their spans.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ModelError
from ..model import Document, source_of
from .quantities import Quantity, compare_quantities, quantities, relation

__all__ = [
    "NEGATION",
    "SAME_CLAIM",
    "SAME_TOPIC",
    "Claim",
    "claim_clusters",
    "cluster_claims",
    "collect_claims",
    "similar_pairs",
]

SAME_CLAIM = 0.74
"""Cosine similarity (all-MiniLM-L6-v2) at which two claims assert the same thing. Chosen on the
pairs written for ``tests/corpus/test_claims.py`` (the best split of them): paraphrases scored
0.72-0.97, different claims about one event 0.09-0.74. The ranges overlap: the encoder reads
topic more than assertion, so two claims about one phone call can look alike."""
SAME_TOPIC = 0.55
"""Cosine similarity at which two claims are about the same thing, so that agreeing numbers make
them one claim and disagreeing numbers make them contradict (numeric pairs scored 0.80-0.92:
the encoder barely sees numbers)."""
NEGATION = 0.72
"""Cosine similarity from which a claim and its negation contradict (negated pairs scored
0.68-0.78; below this, a "not" somewhere in one of two loosely related claims is no
contradiction, and "never agreed" vs "agreed" at 0.68 is missed)."""
EXACT_LIMIT = 20_000
"""Up to this many claims the index is exact (faiss ``IndexFlatIP``); above it, HNSW."""
NEIGHBOURS = 50
"""Neighbours considered per claim (its nearest, above the threshold), at every corpus size: on a
one-event dossier nearly every claim is above the threshold for every other, and judging all
those pairs would grow with the square of the corpus."""
MAX_CHECKS = 2500
"""Member pairs checked for contradictions before two clusters merge (beyond: known pairs)."""

Embedder = Callable[[Sequence[str]], Any]


@dataclass(frozen=True, slots=True)
class Claim:
    """A check-worthy sentence: where it is, who carries it, its check-worthiness score."""

    doc_id: str
    source: str
    start: int
    end: int
    text: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": self.score,
            "quantities": [_quantity_dict(q) for q in quantities(self.text)],
        }


def _quantity_dict(q: Quantity) -> dict[str, Any]:
    return {"text": q.text, "kind": q.kind, "value": q.describe()}


def collect_claims(docs: Sequence[Document]) -> list[Claim]:
    """The check-worthy claims of every document, in document and reading order."""
    out = []
    for doc in docs:
        source = source_of(doc)
        for span in doc.layer("claims"):
            if span.attrs.get("checkworthy"):
                out.append(
                    Claim(
                        doc.id,
                        source,
                        span.start,
                        span.end,
                        doc.text_of(span),
                        float(span.score if span.score is not None else 1.0),
                    )
                )
    return out


def _faiss() -> Any:
    try:
        import faiss
    except ImportError as exc:  # a core dependency: only a broken install lacks it
        raise ModelError(
            "claim clusters need faiss, a dependency of presslens; reinstall it with "
            "`pip install faiss-cpu`"
        ) from exc
    return faiss


def similar_pairs(
    vectors: np.ndarray, threshold: float, *, exact_limit: int = EXACT_LIMIT
) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, cosine)`` with ``i < j`` and cosine >= ``threshold``, most similar first,
    among each row's :data:`NEIGHBOURS` nearest rows (so at most ``n * NEIGHBOURS`` pairs).

    ``vectors`` are unit length. Exact search up to ``exact_limit`` rows; above it an HNSW index
    (approximate nearest neighbours).
    """
    n = len(vectors)
    if n < 2:
        return []
    faiss = _faiss()
    x = np.ascontiguousarray(vectors, dtype=np.float32)
    pairs: dict[tuple[int, int], float] = {}
    if n <= exact_limit:
        index = faiss.IndexFlatIP(x.shape[1])
        index.add(x)
    else:
        index = faiss.IndexHNSWFlat(x.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 64
        index.add(x)
        index.hnsw.efSearch = max(64, NEIGHBOURS)
    sims, ids = index.search(x, min(NEIGHBOURS + 1, n))
    for i in range(n):
        for j, s in zip(ids[i], sims[i], strict=True):
            if j >= 0 and int(j) != i and s >= threshold:
                a, b = sorted((i, int(j)))
                pairs[(a, b)] = max(pairs.get((a, b), -1.0), float(s))
    return sorted(((a, b, s) for (a, b), s in pairs.items()), key=lambda p: (-p[2], p[0], p[1]))


@dataclass
class _Judged:
    links: list[tuple[int, int, float, float]]  # i, j, cosine, floor of the groups' mean
    conflicts: dict[tuple[int, int], tuple[str, float]]


def _judge(
    claims: Sequence[Claim], pairs: Sequence[tuple[int, int, float]], same_claim: float
) -> _Judged:
    links, conflicts = [], {}
    for i, j, sim in pairs:
        rel = relation(claims[i].text, claims[j].text)
        if rel and rel[0] == "disagree":
            if rel[1] == "numbers" or sim >= min(NEGATION, same_claim):
                conflicts[(i, j)] = (rel[1], sim)
            continue
        if sim >= same_claim:
            links.append((i, j, sim, same_claim))
        elif rel == ("agree", "numbers"):
            links.append((i, j, sim, 0.0))  # the numbers vouch for it: SAME_TOPIC floor
    return _Judged(links, conflicts)


def cluster_claims(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    *,
    same_claim: float = SAME_CLAIM,
    same_topic: float = SAME_TOPIC,
) -> list[dict[str, Any]]:
    """Group ``claims`` (unit ``vectors``, one row each) into clusters of the same claim.

    Returns the clusters that hold claims from two places or more, and those that are
    contradicted, most widely carried first (see :func:`claim_clusters` for the fields).
    """
    if len(claims) != len(vectors):
        raise ValueError("one vector per claim is needed")
    pairs = similar_pairs(vectors, same_topic)
    numbers = [quantities(c.text) for c in claims]
    judged = _judge(claims, pairs, same_claim)
    members: dict[int, list[int]] = {i: [i] for i in range(len(claims))}
    root = list(range(len(claims)))
    for i, j, _sim, floor in judged.links:
        ri, rj = root[i], root[j]
        if ri == rj:
            continue
        a, b = members[ri], members[rj]
        if float((vectors[a] @ vectors[b].T).mean()) < max(floor, same_topic):
            continue
        if _blocked(numbers, a, b, judged.conflicts):
            continue
        keep, gone = (ri, rj) if len(a) >= len(b) else (rj, ri)
        members[keep] = sorted(members[keep] + members[gone])
        for k in members.pop(gone):
            root[k] = keep
    contra: dict[int, list[tuple[int, str, float]]] = {}
    for (i, j), (reason, sim) in judged.conflicts.items():
        if root[i] != root[j]:
            contra.setdefault(root[i], []).append((j, reason, sim))
            contra.setdefault(root[j], []).append((i, reason, sim))
    kept = [r for r, m in members.items() if len(m) > 1 or r in contra]
    order = {r: _rank_key(claims, members[r]) for r in kept}
    kept.sort(key=lambda r: order[r])
    ids = {r: f"claim-{n}" for n, r in enumerate(kept, start=1)}
    return [
        _record(claims, vectors, members[r], contra.get(r, []), root, ids, ids[r]) for r in kept
    ]


def _blocked(
    numbers: Sequence[list[Quantity]],
    a: Sequence[int],
    b: Sequence[int],
    known: dict[tuple[int, int], tuple[str, float]],
) -> bool:
    """Whether merging groups ``a`` and ``b`` would put contradicting claims in one cluster:
    a known contradiction, or (for groups of moderate size) numbers that disagree."""
    if any((min(x, y), max(x, y)) in known for x in a for y in b):
        return True
    if len(a) * len(b) > MAX_CHECKS:
        return False
    return any(compare_quantities(numbers[x], numbers[y]) == "disagree" for x in a for y in b)


def _rank_key(claims: Sequence[Claim], group: Sequence[int]) -> tuple[int, int, int]:
    sources = {claims[i].source for i in group}
    return (-len(sources), -len(group), min(group))


def _record(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    group: Sequence[int],
    contra: Sequence[tuple[int, str, float]],
    root: Sequence[int],
    ids: dict[int, str],
    cid: str,
) -> dict[str, Any]:
    sub = vectors[list(group)]
    centrality = (sub @ sub.T).sum(axis=1)
    lead = group[int(np.argmax(centrality))]
    seen: set[int] = set()
    against = []
    for k, reason, sim in sorted(contra, key=lambda c: (-c[2], c[0])):
        if k in seen:
            continue
        seen.add(k)
        item = claims[k].to_dict()
        item.update(cluster=ids.get(root[k]), reason=reason, similarity=round(sim, 4))
        against.append(item)
    return {
        "id": cid,
        "text": claims[lead].text,
        "doc_id": claims[lead].doc_id,
        "start": claims[lead].start,
        "end": claims[lead].end,
        "size": len(group),
        "sources": list(dict.fromkeys(claims[i].source for i in group)),
        "members": [
            {**claims[i].to_dict(), "similarity": round(float(vectors[i] @ vectors[lead]), 4)}
            for i in group
        ],
        "contradicted_by": against,
        "contradicting_sources": list(dict.fromkeys(a["source"] for a in against)),
    }


def claim_clusters(
    docs: Sequence[Document],
    *,
    embed: Embedder | None = None,
    same_claim: float = SAME_CLAIM,
    same_topic: float = SAME_TOPIC,
) -> list[dict[str, Any]]:
    """The corpus's claim clusters (``corpus.json`` key ``claim_clusters``).

    Each cluster: ``id``; ``text``, ``doc_id``, ``start``, ``end`` of its most central member;
    ``size``; ``sources`` that carry it; ``members`` (``doc_id``, ``source``, ``start``, ``end``,
    ``text``, check-worthiness ``score``, ``similarity`` to the central member, ``quantities``);
    ``contradicted_by`` (claims of other clusters that contradict a member: the same fields plus
    ``cluster``, ``reason`` = ``numbers`` or ``negation``, and their ``similarity``) and
    ``contradicting_sources``.
    """
    claims = collect_claims(docs)
    if len(claims) < 2:
        return []
    if embed is None:
        from ..encoder import embed_sentences

        embed = embed_sentences
    vectors = np.asarray(embed([c.text for c in claims]), dtype=np.float32)
    return cluster_claims(claims, vectors, same_claim=same_claim, same_topic=same_topic)
