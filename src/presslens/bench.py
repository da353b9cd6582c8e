"""Throughput benchmarks, run by ``presslens bench``; they print ratios and rates, never assert."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any

from .components import default_pipeline
from .ingest import Ingested, read_input
from .ingest.sources import RawInput, expand


def bench_ingest(paths: Sequence[str], *, repeat: int = 1) -> dict[str, Any]:
    """Time ingestion alone, and ingestion plus the default pipeline, over ``paths``.

    Inputs are read into memory first, so the figures exclude disk time. Reports documents per
    second and megabytes of input per second (decompressed bytes for ``.gz`` files), and the
    seconds each component adds per 1,000 words (the last repeat; the spaCy parse is counted in
    the first component that needs it, ``actors``).
    """
    raws = [item for item in expand(list(paths)) if isinstance(item, RawInput)]
    n_bytes = sum(len(r.data) for r in raws)
    pipeline = default_pipeline()
    best_ingest = best_total = float("inf")
    n_docs = rejected = n_words = 0
    per_component: dict[str, float] = {}
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        results: list[Ingested] = []
        rejected = 0
        for raw in raws:
            try:
                results.append(read_input(raw))
            except Exception:  # a rejection is part of the measured work
                rejected += 1
        t1 = time.perf_counter()
        docs = [d for r in results for d in r.docs]
        per_component = dict.fromkeys(pipeline.names, 0.0)
        for i, doc in enumerate(docs):
            for comp in pipeline.components:
                c0 = time.perf_counter()
                doc = comp(doc)
                per_component[comp.name] += time.perf_counter() - c0
            docs[i] = doc
        t2 = time.perf_counter()
        n_docs = len(docs)
        n_words = sum(len(d.text.split()) for d in docs if not d.meta.extra.get("compilation"))
        best_ingest = min(best_ingest, t1 - t0)
        best_total = min(best_total, t2 - t0)
    mb = n_bytes / 1e6
    return {
        "inputs": len(raws),
        "documents": n_docs,
        "rejected": rejected,
        "input_mb": round(mb, 3),
        "cores": os.cpu_count(),
        "ingest": {
            "seconds": round(best_ingest, 3),
            "docs_per_s": round(n_docs / best_ingest, 1),
            "mb_per_s": round(mb / best_ingest, 3),
        },
        "ingest_and_pipeline": {
            "components": list(pipeline.names),
            "seconds": round(best_total, 3),
            "docs_per_s": round(n_docs / best_total, 1),
            "mb_per_s": round(mb / best_total, 3),
        },
        "pipeline_share_of_time": round((best_total - best_ingest) / best_total, 3),
        "words": n_words,
        "components_seconds_per_1000_words": {
            name: round(1000 * secs / max(n_words, 1), 4) for name, secs in per_component.items()
        },
        "words_per_s_with_pipeline": round(n_words / best_total, 1),
    }
