"""The main job, as a library call: ingest, run the pipeline, analyse the corpus, store, write.

The corpus views (:func:`corpus_analysis`, driven by the table :data:`CORPUS_VIEWS`) live in
:mod:`presslens.corpus.views` and are re-exported here.

>>> from presslens import analyze
>>> result = analyze(["examples/corpus"], out_dir="out")     # doctest: +SKIP
>>> result.documents[0].meta.title                           # doctest: +SKIP

:func:`analyze` is resumable: every input is written to the store in one transaction, keyed by the
hash of its bytes and the pipeline version, so a rerun after a crash (or on a grown folder) skips
what is already done and picks up where it stopped.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .corpus.scope import Scope, in_scope
from .corpus.views import CORPUS_VIEWS, corpus_analysis
from .encoder import persistent_vectors
from .ingest import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, Ingested, Rejection, ingest
from .model import Document, json_safe
from .options import FULL_ARTICLES
from .parallel import Workers
from .pipeline import Pipeline, default_pipeline
from .profile import stage, timed
from .store import Store

__all__ = [
    "CORPUS_VIEWS",
    "AnalysisResult",
    "ProgressHook",
    "analyze",
    "build_pipeline",
    "corpus_analysis",
    "write_outputs",
]

ProgressHook = Callable[[str, int], None]
"""Called as ``hook(origin, n_docs)`` after each input is done (``n_docs`` 0 for a rejection)."""


@dataclass(frozen=True)
class AnalysisResult:
    """What one run produced."""

    documents: tuple[Document, ...]
    rejections: tuple[Rejection, ...]
    corpus: dict[str, Any]
    warnings: tuple[Rejection, ...] = ()
    skipped_inputs: int = 0
    analysed_inputs: int = 0
    out_dir: Path | None = None
    db_path: Path | None = None
    outputs: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.rejections

    def summary(self) -> dict[str, Any]:
        return {
            "documents": len(self.documents),
            "articles": sum(1 for d in self.documents if not d.meta.extra.get("compilation")),
            "inputs_analysed": self.analysed_inputs,
            "inputs_skipped_unchanged": self.skipped_inputs,
            "rejected": len(self.rejections),
            "warnings": len(self.warnings),
            "reused_passages": len(self.corpus.get("reused_passages", [])),
            "seconds": round(self.seconds, 3),
            "db": str(self.db_path) if self.db_path else None,
            "outputs": {k: str(v) for k, v in self.outputs.items()},
        }


def build_pipeline(
    actor_files: Sequence[str | os.PathLike[str]] = (), layers: Sequence[str] | None = None
) -> Pipeline:
    """The default pipeline, with the user's actor files (YAML, CSV or CAMEO/PETRARCH) added;
    cut to the components that ``layers`` need when given (see :meth:`Pipeline.for_layers`)."""
    pipeline = _default_with(actor_files)
    return pipeline.for_layers(layers) if layers else pipeline


def _default_with(actor_files: Sequence[str | os.PathLike[str]]) -> Pipeline:
    if not actor_files:
        return default_pipeline()
    from .actors.kb import ActorKB
    from .actors.loaders import load_petrarch_actors, load_user_actors

    extra = []
    for path in actor_files:
        name = str(path).lower()
        loader = load_petrarch_actors if name.endswith(".txt") else load_user_actors
        extra.extend(loader(Path(path)))
    return default_pipeline(ActorKB.default().extended(extra))


def analyze(
    inputs: Iterable[str],
    *,
    out_dir: str | os.PathLike[str] | None = None,
    db: str | os.PathLike[str] | None = None,
    pipeline: Pipeline | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    allow_network: bool = False,
    stdin: BinaryIO | None = None,
    progress: ProgressHook | None = None,
    actor_files: Sequence[str | os.PathLike[str]] = (),
    origins: Mapping[str, str] | None = None,
    scope: Scope | None = None,
    layers: Sequence[str] | None = None,
    full_articles: int | None = FULL_ARTICLES,
    workers: int = 1,
) -> AnalysisResult:
    """Analyse ``inputs`` (paths, folders, globs, ``-``, URLs) and write the outputs.

    With ``out_dir``, writes ``documents.jsonl``, ``corpus.json`` and ``rejected.jsonl`` there.
    The store defaults to ``OUT/presslens.db`` (or a temporary in-memory-like file when neither
    ``out_dir`` nor ``db`` is given). ``actor_files`` add the user's own actors (YAML or CSV in
    the packaged format, or CAMEO/PETRARCH ``.actors.txt`` dictionaries) to the knowledge base.
    One bad input never stops the run: an input that cannot be read, a document over
    ``max_chars`` characters and a document on which a component fails are each recorded as a
    rejection with its reason, and the run goes on.
    ``origins`` names inputs other than by their path (see :func:`presslens.ingest.ingest`); the
    run's record lists those names too.

    The corpus views, ``documents.jsonl`` and the report cover the whole store (this run's
    documents and every earlier run's), or the part of it that ``scope`` admits; the result's
    ``documents`` are this run's. ``layers`` (e.g. ``["sentences", "actors", "quotes"]``) runs
    only the components those layers need: a cheap pass over a large corpus, to which a later run
    with more layers adds the rest (it analyses the inputs again under the larger pipeline).
    ``full_articles`` bounds how many articles the report shows with their text (``None``: all).
    ``workers`` > 1 runs the pipeline in that many processes (:mod:`presslens.parallel`); the
    store is written by this process alone, in input order.
    """
    started = time.perf_counter()
    pipeline = pipeline or build_pipeline(actor_files, layers)
    out = Path(out_dir) if out_dir is not None else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    db_path = Path(db) if db is not None else (out / "presslens.db" if out else None)
    specs = list(inputs)
    docs: list[Document] = []  # this run's, held only without a store file to read them back
    run_ids: list[str] = []
    rejections: list[Rejection] = []
    warnings: list[Rejection] = []
    skipped = analysed = 0
    store = Store(db_path if db_path is not None else ":memory:")
    try:
        vectors: AbstractContextManager[None] = (
            persistent_vectors(store) if db_path is not None else nullcontext()
        )
        with vectors:
            named = [(origins or {}).get(spec, spec) for spec in specs]
            run_id = store.begin_run(pipeline.version, named)
            items = ingest(
                specs,
                max_bytes=max_bytes,
                max_chars=max_chars,
                allow_network=allow_network,
                stdin=stdin,
                origins=origins,
            )

            def record(item: Ingested, done: list[Document], failed: list[Rejection]) -> None:
                run_ids.extend(d.id for d in done)
                if db_path is None:
                    docs.extend(done)
                warnings.extend(Rejection(item.origin, w, item.content_hash) for w in item.warnings)
                for rej in (*item.rejections, *failed):
                    rejections.append(rej)
                    store.put_rejection(rej.origin, rej.reason, run_id, rej.content_hash)
                if progress:
                    progress(item.origin, len(done))

            pool = Workers(pipeline, workers)
            batch: list[Ingested | Rejection] = []

            def flush() -> None:
                """Analyse the batch's new inputs (in the workers), then record every entry in
                input order."""
                nonlocal skipped, analysed
                todo: list[Ingested] = []
                plan: list[tuple[Ingested | Rejection, list[Document] | None]] = []
                for entry in batch:
                    stored = (
                        None if isinstance(entry, Rejection) else _stored(store, entry, pipeline)
                    )
                    if isinstance(entry, Ingested) and stored is None:
                        todo.append(entry)
                    plan.append((entry, stored))
                results = iter(pool.map(todo))
                for entry, stored in plan:
                    if isinstance(entry, Rejection):
                        rejections.append(entry)
                        store.put_rejection(entry.origin, entry.reason, run_id, entry.content_hash)
                        if progress:
                            progress(entry.origin, 0)
                    elif stored is not None:
                        skipped += 1
                        record(entry, stored, [])
                    else:
                        analysed += 1
                        done, failed = next(results)
                        if done:
                            with stage("store"):
                                store.put_input(entry.content_hash, entry.origin,
                                                pipeline.version, done, run_id)  # fmt: skip
                        record(entry, done, failed)
                batch.clear()

            try:
                for item in timed("ingest", items):
                    batch.append(item)
                    if len(batch) >= max(1, 4 * workers):
                        flush()
                flush()
            finally:
                pool.close()
            with stage("corpus views"):
                covered = in_scope(store.documents(), scope) if db_path is not None else docs
                if db_path is not None:  # one copy of each document: the views' own
                    docs = _in_order(run_ids, covered, store)
                corpus = corpus_analysis(covered)
            corpus["rejected"] = len(rejections)
            if scope is not None and not scope.everything:
                corpus["scope"] = scope.to_dict()
            with stage("store"):
                store.put_corpus("latest", corpus)
            store.finish_run(
                run_id,
                "done",
                {"documents": len(docs), "rejected": len(rejections), "skipped": skipped},
            )
    finally:
        store.close()
    with stage("outputs"):
        outputs = write_outputs(out, covered, corpus, rejections) if out is not None else {}
    if out is not None:
        from .report import write_report

        with stage("report"):
            outputs["report"] = write_report(
                out / "report.html", covered, corpus, rejections, full_articles=full_articles
            )
    return AnalysisResult(
        documents=tuple(docs),
        rejections=tuple(rejections),
        corpus=corpus,
        warnings=tuple(warnings),
        skipped_inputs=skipped,
        analysed_inputs=analysed,
        out_dir=out,
        db_path=db_path,
        outputs=outputs,
        seconds=time.perf_counter() - started,
    )


def _in_order(ids: Sequence[str], have: Sequence[Document], store: Store) -> list[Document]:
    """The documents ``ids``, taken from ``have`` where they are there, else from ``store``."""
    by_id = {d.id: d for d in have}
    return [by_id[i] if i in by_id else store.get(i) for i in ids]


def _stored(store: Store, item: Ingested, pipeline: Pipeline) -> list[Document] | None:
    """The input's documents as stored under this pipeline, or None when it must be analysed.

    An input on which a component failed was stored with fewer documents than it has, so a
    rerun analyses it again."""
    if store.is_done(item.content_hash, pipeline.version):
        stored = store.docs_for_input(item.content_hash, pipeline.version)
        if len(stored) == len(item.docs):
            return stored
    return None


def _write_atomic(path: Path, write: Callable[[Any], None]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        write(fh)
    os.replace(tmp, path)


def write_outputs(
    out: Path, docs: Sequence[Document], corpus: dict[str, Any], rejections: Sequence[Rejection]
) -> dict[str, Path]:
    """Write ``documents.jsonl``, ``corpus.json`` and ``rejected.jsonl`` into ``out``."""
    paths = {
        "documents": out / "documents.jsonl",
        "corpus": out / "corpus.json",
        "rejected": out / "rejected.jsonl",
    }
    _write_atomic(paths["documents"], lambda fh: fh.writelines(d.to_json() + "\n" for d in docs))
    _write_atomic(
        paths["corpus"],
        lambda fh: json.dump(json_safe(corpus), fh, ensure_ascii=False, indent=2, allow_nan=False),
    )
    _write_atomic(
        paths["rejected"],
        lambda fh: fh.writelines(
            json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in rejections
        ),
    )
    return paths
