"""The corpus views in one table: each ``corpus.json`` key, its function, the layers it needs.

:data:`CORPUS_VIEWS` lists every view in the order of its key in ``corpus.json``;
:func:`corpus_analysis` runs those that have something to read (``presslens analyze`` over the
whole store or a scope of it, ``presslens report --since ...``). A new view is one line in the
table; its function takes the documents and returns what goes under its key.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import SCHEMA_VERSION, Document
from ..version import __version__

__all__ = ["CORPUS_VIEWS", "CorpusView", "corpus_analysis"]


@dataclass(frozen=True, slots=True)
class CorpusView:
    """One corpus view: its ``corpus.json`` key, the function that computes it from the
    documents (``"module:function"``, imported when it first runs) and the layers it ``needs``:
    it runs when some document has a span in one of them (always, when it needs none), or, with
    ``ran=True``, when some document has one of them at all, even empty (a document in which
    the layer found nothing still counts)."""

    key: str
    target: str
    needs: tuple[str, ...] = ()
    ran: bool = False

    def wanted(self, docs: Sequence[Document]) -> bool:
        """Whether the view has anything to read in ``docs``."""
        if not self.needs:
            return True
        if self.ran:
            return any(layer in d.layers for d in docs for layer in self.needs)
        return any(d.layer(layer) for d in docs for layer in self.needs)

    def __call__(self, docs: Sequence[Document]) -> Any:
        module, _, attr = self.target.partition(":")
        return getattr(importlib.import_module(module), attr)(docs)


CORPUS_VIEWS: tuple[CorpusView, ...] = (
    CorpusView("reused_passages", "presslens.corpus.reuse:reused_passages"),
    CorpusView("actors", "presslens.corpus.actors:actor_view", ("actors",)),
    CorpusView("digest", "presslens.corpus.digest:corpus_digest", ("key_sentences", "claims")),
    CorpusView("graphs", "presslens.corpus.graphs:corpus_graphs", ("events",)),
    CorpusView("speakers", "presslens.corpus.actors:speaker_view", ("quotes",)),
    CorpusView("quoted_by", "presslens.corpus.actors:quoted_by", ("quotes",)),
    CorpusView(
        "technique_profiles", "presslens.corpus.techniques:technique_profiles", ("techniques",),
        ran=True,
    ),
    CorpusView("claim_clusters", "presslens.corpus.claims:claim_clusters", ("claims",)),
    CorpusView("stance_matrix", "presslens.corpus.stance:stance_matrix", ("stance",)),
)  # fmt: skip
"""The corpus views, in the order of their keys in ``corpus.json`` (a new view is one line)."""


def corpus_analysis(docs: Sequence[Document]) -> dict[str, Any]:
    """Corpus-level results over all documents of a run: a header, then every view of
    :data:`CORPUS_VIEWS` that has something to read."""
    corpus: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "presslens_version": __version__,
        "documents": len(docs),
    }
    for view in CORPUS_VIEWS:
        if view.wanted(docs):
            corpus[view.key] = view(docs)
    return corpus
