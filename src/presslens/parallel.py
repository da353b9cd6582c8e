"""The pipeline in worker processes: ``presslens analyze --workers N``.

Each worker is a separate process (started fresh, not forked, so no model or lock is shared by
accident) that receives the pipeline once, loads its models once, and analyses whole inputs; the
main process reads the inputs, keeps the store (one writer) and records the results in input
order. Torch gets one thread per worker by default: N processes of one thread each keep the
cores busy without the barrier stalls torch's own threads suffer when the machine is shared.

A worker that dies (killed, out of memory) loses only the inputs it held: they are recorded as
rejected with the reason, and a new pool takes the next inputs.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .errors import AnalysisError
from .ingest import Ingested, Rejection
from .model import Document
from .pipeline import Pipeline

__all__ = ["Workers", "analyse_input"]

Analysed = tuple[list[Document], list[Rejection]]

_PIPELINE: Pipeline | None = None


def analyse_input(pipeline: Pipeline, item: Ingested) -> Analysed:
    """Run ``pipeline`` over one input's documents: (analysed, rejected). A document on which a
    component fails is rejected alone, with the component named."""
    done: list[Document] = []
    failed: list[Rejection] = []
    for doc in item.docs:
        try:
            done.append(pipeline(doc))
        except AnalysisError as exc:
            where = doc.source.origin + (f":{doc.source.locator}" if doc.source.locator else "")
            failed.append(Rejection(where, exc.reason, item.content_hash))
    return done, failed


def _start(pipeline: Pipeline, threads: int) -> None:
    global _PIPELINE
    _PIPELINE = pipeline
    try:
        import torch

        torch.set_num_threads(threads)
    except ImportError:  # without the models extra there are no torch threads to set
        pass


def _run(item: Ingested) -> Analysed:
    assert _PIPELINE is not None, "the worker was not started with a pipeline"
    return analyse_input(_PIPELINE, item)


class Workers:
    """A pool of ``n`` worker processes running ``pipeline`` (``threads`` torch threads each);
    with ``n`` of 1 or less the inputs are analysed in this process, with no pool."""

    def __init__(self, pipeline: Pipeline, n: int, threads: int = 1) -> None:
        self.pipeline, self.n, self.threads = pipeline, n, threads
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.n,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start,
                initargs=(self.pipeline, self.threads),
            )
        return self._pool

    def map(self, items: Sequence[Ingested]) -> list[Analysed]:
        """Each input analysed, in order. If a worker dies, the inputs of this call that had
        no result are rejected with the reason and the pool is started again."""
        if self.n <= 1:
            return [analyse_input(self.pipeline, item) for item in items]
        futures = [self._executor().submit(_run, item) for item in items]
        out: list[Analysed] = []
        broken = False
        for item, future in zip(items, futures, strict=True):
            try:
                out.append(future.result())
            except BrokenProcessPool:
                broken = True
                reason = (
                    "a worker process died while analysing this input (out of memory, or "
                    "killed); rerun to try it again, or use fewer --workers"
                )
                out.append(([], [Rejection(item.origin, reason, item.content_hash)]))
        if broken:
            self.close()
        return out

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
