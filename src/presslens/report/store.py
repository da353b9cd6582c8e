"""The report of a store: what ``presslens report --db PATH`` and the web UI's report page show."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..corpus.scope import Scope, in_scope
from ..model import Document
from ..store import Store
from .builder import write_report

__all__ = ["load_report_inputs", "report_from_store", "store_rejections"]


def store_rejections(store: Store) -> list[dict[str, Any]]:
    """Rejected inputs still relevant: the latest reason per origin, except origins that were
    stored since (a fixed input is no longer rejected)."""
    stored = {row["origin"] for row in store.inputs()}
    latest: dict[str, dict[str, Any]] = {}
    for row in store.rejections():
        latest[row["origin"]] = row
    return [
        {"origin": origin, "reason": row["reason"]}
        for origin, row in latest.items()
        if origin not in stored
    ]


def load_report_inputs(store: Store) -> tuple[list[Document], dict[str, Any], list[dict[str, Any]]]:
    """The documents, corpus results (``latest``) and rejections of a store."""
    docs = list(store.documents())
    corpus = store.get_corpus("latest") or {}
    return docs, corpus, store_rejections(store)


def report_from_store(
    db: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    scope: Scope | None = None,
    **options: Any,
) -> Path:
    """Write the report of the store at ``db`` to ``out``: the stored corpus views, or, with a
    ``scope`` (:class:`~presslens.corpus.scope.Scope`), views computed over that part of it."""
    with Store(db, readonly=True) as store:
        docs, corpus, rejections = load_report_inputs(store)
    if scope is not None and not scope.everything:
        from ..corpus.views import corpus_analysis

        docs = in_scope(docs, scope)
        corpus = {**corpus_analysis(docs), "scope": scope.to_dict()}
    return write_report(out, docs, corpus, rejections, **options)
