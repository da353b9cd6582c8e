"""``presslens bench heads``: what the claims, subjectivity and stance layers cost.

Ingests the inputs, runs the layers the heads need (paragraphs, sentences, actors) untimed, then
times, per document: the shared encoder pass (:func:`~presslens.techniques.shared.document_pass`,
the pass the ``techniques`` layer reads too, pooled per sentence by
:func:`~presslens.heads.features.sentence_encoding`), the subjectivity head on top of it, the
claims and stance models (each with its own pass over the sentences), and the two
corpus views (the claim clusters embed their sentences with the untuned sentence encoder; its
cache is cleared here, whereas in ``presslens analyze`` the key sentences have embedded them).
Reports seconds per 1,000 words (the words of the articles; compilation posts count through
their articles), best of ``repeat`` runs. Prints, never asserts.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any

from ..model import Document, is_container


def _words(docs: Sequence[Document]) -> int:
    return sum(len(d.text.split()) for d in docs if not is_container(d))


def bench_heads(paths: Sequence[str], *, repeat: int = 1) -> dict[str, Any]:
    """Seconds each layer adds per 1,000 words over ``paths`` (see the module docstring)."""
    from .. import encoder
    from ..claims.component import Claims
    from ..claims.network import load_claims_model
    from ..corpus.claims import claim_clusters
    from ..corpus.stance import stance_matrix
    from ..factories import INGEST_LAYERS
    from ..ingest import ingest
    from ..pipeline import Pipeline, load_builtin_components
    from ..stance.component import Stance
    from ..stance.network import load_stance_model
    from ..subjectivity.component import Subjectivity
    from ..techniques import shared
    from ..techniques.network import load_model
    from . import features
    from .head import load_head

    load_builtin_components()
    base = Pipeline(["paragraphs", "sentences", "actors"], given=INGEST_LAYERS)
    docs = [base(d) for item in ingest(list(paths)) if hasattr(item, "docs") for d in item.docs]
    encoder.load_encoder()
    load_model()
    load_head("subjectivity")
    load_claims_model()
    load_stance_model()
    claims, subj, stance = Claims(), Subjectivity(), Stance()
    best: dict[str, float] = {}
    for _ in range(max(1, repeat)):
        features._CACHE.clear()
        shared._CACHE.clear()
        encoder._CACHE._vectors.clear()  # claim clusters embed their sentences afresh
        t = dict.fromkeys(
            ("encoder", "claims", "subjectivity", "stance", "claim_clusters", "stance_matrix"), 0.0
        )
        done = []
        for doc in docs:
            t0 = time.perf_counter()
            features.sentence_encoding(doc)
            t1 = time.perf_counter()
            doc = claims(doc)
            t2 = time.perf_counter()
            doc = subj(doc)
            t3 = time.perf_counter()
            doc = stance(doc)
            t4 = time.perf_counter()
            t["encoder"] += t1 - t0
            t["claims"] += t2 - t1
            t["subjectivity"] += t3 - t2
            t["stance"] += t4 - t3
            done.append(doc)
        t0 = time.perf_counter()
        clusters = claim_clusters(done)
        t1 = time.perf_counter()
        stance_matrix(done)
        t2 = time.perf_counter()
        t["claim_clusters"] = t1 - t0
        t["stance_matrix"] = t2 - t1
        best = {k: min(v, best.get(k, v)) for k, v in t.items()}
    words = _words(docs)
    sentences = sum(len(features.head_sentences(d)) for d in docs)
    per_k = {k: round(1000 * v / max(words, 1), 4) for k, v in best.items()}
    return {
        "documents": len(docs),
        "words": words,
        "sentences": sentences,
        "cores": os.cpu_count(),
        "claim_clusters": len(clusters),
        "seconds": {k: round(v, 3) for k, v in best.items()},
        "seconds_per_1000_words": per_k,
        "all_layers_seconds_per_1000_words": round(sum(per_k.values()), 4),
        "sentences_per_s_encoder": round(sentences / max(best["encoder"], 1e-9), 1),
    }
