"""Centrality of sentences: personalised PageRank over their cosine similarities (LexRank).

The one ranking key sentences (:mod:`presslens.key_sentences.component`) and the corpus digest
(:mod:`presslens.corpus.digest`) share.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["DAMPING", "EDGE_THRESHOLD", "centrality"]

DAMPING = 0.85
"""PageRank damping: the chance that the random walk follows a similarity edge."""


EDGE_THRESHOLD = 0.1
"""Cosine similarities below this are no edge (noise between unrelated sentences)."""


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
