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
    second and megabytes of input per second (decompressed bytes for ``.gz`` files).
    """
    raws = [item for item in expand(list(paths)) if isinstance(item, RawInput)]
    n_bytes = sum(len(r.data) for r in raws)
    pipeline = default_pipeline()
    best_ingest = best_total = float("inf")
    n_docs = rejected = 0
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
        docs = [pipeline(d) for r in results for d in r.docs]
        t2 = time.perf_counter()
        n_docs = len(docs)
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
    }
