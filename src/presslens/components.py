"""The first built-in pipeline components: ``paragraphs`` and ``sentences``.

Each component is a pure function of a document wrapped with its contract (name, version, the
layers it requires and assigns). The analysis lives in plain functions (:func:`paragraph_spans`,
:func:`sentence_spans`) so that it is easy to test and to ship to workers. The list of built-in
components lives in :mod:`presslens.factories`, the default pipeline and its wiring in
:mod:`presslens.pipeline` (both re-exported here for older imports).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .factories import BUILTIN_MODULES, DEFAULT_COMPONENTS, INGEST_LAYERS
from .model import Document, Span, make_span
from .pipeline import BaseComponent, default_pipeline, load_builtin_components

__all__ = [
    "BUILTIN_MODULES",
    "DEFAULT_COMPONENTS",
    "INGEST_LAYERS",
    "Paragraphs",
    "Sentences",
    "default_pipeline",
    "load_builtin_components",
    "paragraph_spans",
    "sentence_spans",
]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*|\n(?=\s*(?:[-*•]|\d+[.)])\s)")


def paragraph_spans(text: str, producer: str = "paragraphs.v1") -> list[Span]:
    """Paragraphs: runs of text separated by blank lines (or list items), trimmed."""
    spans = []
    pos = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[pos:end]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            spans.append(make_span(text, pos + lead, pos + trail, "paragraph", producer=producer))
        pos = match.end() if match else len(text)
    return spans


@lru_cache(maxsize=1)
def _sentencizer() -> Any:
    """spaCy's rule-based sentencizer on its English tokenizer, loaded once per process."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 5_000_000
    return nlp


def sentence_spans(
    text: str, paragraphs: list[Span] | None = None, producer: str = "sentences.v1"
) -> list[Span]:
    """Sentences, never crossing a paragraph boundary (a heading line is its own sentence)."""
    paragraphs = paragraphs if paragraphs is not None else paragraph_spans(text)
    nlp = _sentencizer()
    spans: list[Span] = []
    pieces = [(p.start, text[p.start : p.end]) for p in paragraphs]
    for (offset, _chunk), doc in zip(pieces, nlp.pipe(c for _, c in pieces), strict=True):
        for sent in doc.sents:
            start = offset + sent.start_char
            end = offset + sent.end_char
            # A line break inside a paragraph ends a sentence only after a heading-like line.
            for line in _split_lines(text, start, end):
                spans.append(make_span(text, line[0], line[1], "sentence", producer=producer))
    return spans


def _split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for match in re.finditer(r"\n", text[start:end]):
        cut = start + match.start()
        segment = text[pos:cut].strip()
        if segment:
            s = text.index(segment, pos)
            out.append((s, s + len(segment)))
        pos = cut + 1
    segment = text[pos:end].strip()
    if segment:
        s = text.index(segment, pos)
        out.append((s, s + len(segment)))
    return out


class Paragraphs(BaseComponent):
    name = "paragraphs"
    version = "1"
    assigns = ("paragraphs",)

    def annotate(self, doc: Document) -> Document:
        return doc.with_layer("paragraphs", paragraph_spans(doc.text, self.producer))


class Sentences(BaseComponent):
    name = "sentences"
    version = "1"
    requires = ("paragraphs",)
    assigns = ("sentences",)

    def annotate(self, doc: Document) -> Document:
        paragraphs = list(doc.layer("paragraphs"))
        return doc.with_layer("sentences", sentence_spans(doc.text, paragraphs, self.producer))
