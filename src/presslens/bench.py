"""Throughput benchmarks, run by ``presslens bench``; they print ratios and rates, never assert."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any

from .ingest import Ingested, read_input
from .ingest.sources import RawInput, expand
from .pipeline import default_pipeline


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


WARM_UP = (
    "Trade talks resume\n\nThe foreign minister of France said on Monday that talks with "
    "Germany would resume in Geneva. “We expect a deal,” she told reporters, adding that the "
    "United States had been informed.\n"
)


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def _load() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:  # pragma: no cover - not on every platform
        return None


def measure_floor(texts: Sequence[str], sentences: Sequence[str]) -> dict[str, Any]:
    """The floor of any encoder-based analyser on this text, in this process: one spaCy parse of
    every text and one bare MiniLM pass over every sentence (sorted by length, batches of 16)."""
    from .nlp import load_nlp
    from .techniques.network import _torch, base_path, load_tokenizer

    torch = _torch()
    import transformers

    nlp = load_nlp()
    bare = transformers.AutoModel.from_pretrained(base_path()).eval()
    tokenizer = load_tokenizer()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    t1 = time.perf_counter()
    order = sorted(sentences, key=len)
    tokens = 0
    with torch.inference_mode():
        for i in range(0, len(order), 16):
            batch = tokenizer(order[i : i + 16], return_tensors="pt", padding=True,
                              truncation=True, max_length=256)  # fmt: skip
            tokens += int(batch["input_ids"].numel())
            bare(**batch)
    t2 = time.perf_counter()
    return {"parse_seconds": round(t1 - t0, 2), "encoder_seconds": round(t2 - t1, 2),
            "seconds": round(t2 - t0, 2), "padded_tokens": tokens}  # fmt: skip


def bench_pipeline(paths: Sequence[str]) -> dict[str, Any]:
    """The whole job (``analyze``: ingest, every default component, store, corpus views,
    outputs, report) over ``paths`` in a fresh store, timed stage by stage, next to the floor
    measured in the same process on the same text (:func:`measure_floor`).

    Models are loaded before the clock starts (a warm-up document), so both figures exclude
    loading. Prints the machine's load before and after: torch's threads stall when other jobs
    share the cores, and the figures mean little then.
    """
    import tempfile

    import torch

    from .api import analyze
    from .ingest import ingest_text
    from .model import is_container
    from .profile import profiling

    load_before = _load()
    pipeline = default_pipeline()
    for doc in ingest_text(WARM_UP):
        pipeline(doc)
    with tempfile.TemporaryDirectory() as tmp, profiling() as prof:
        cpu0, t0 = time.process_time(), time.perf_counter()
        result = analyze(list(paths), out_dir=tmp, pipeline=pipeline)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    peak = _peak_rss_mb()
    articles = [d for d in result.documents if not is_container(d)]
    words = sum(len(d.text.split()) for d in articles)
    sentences = [d.text_of(s) for d in articles for s in d.layer("sentences")]
    floor = measure_floor([d.text for d in articles], sentences)
    job_rate = words / wall if wall else 0.0
    floor_rate = words / floor["seconds"] if floor["seconds"] else 0.0
    return {
        "inputs": list(paths),
        "documents": len(result.documents),
        "articles": len(articles),
        "words": words,
        "sentences": len(sentences),
        "rejected": len(result.rejections),
        "cores": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "load_before": load_before,
        "load_after": _load(),
        "job": {
            "seconds": round(wall, 2),
            "cpu_seconds": round(cpu, 2),
            "words_per_s": round(job_rate, 1),
            "peak_memory_mb": round(peak, 1),
        },
        "floor": {**floor, "words_per_s": round(floor_rate, 1)},
        "ratio_to_floor": round(job_rate / floor_rate, 3) if floor_rate else None,
        "stages": prof.to_dict(),
    }
