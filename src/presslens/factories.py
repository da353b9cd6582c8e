"""The built-in components in one table (as spaCy's ``pipeline/factories.py``): name -> factory.

:data:`BUILTINS` lists every built-in component in pipeline order: its name, where its factory
lives (``module:factory``, imported on first use, so naming ``paragraphs`` does not load a
model) and whether it takes the actor knowledge base. Everything else derives from it: the
registry's built-in names (:func:`presslens.pipeline.register` refuses another factory under
one of them), :data:`DEFAULT_COMPONENTS` (what ``presslens analyze`` runs), the modules to
import and the knowledge-base wiring of :func:`presslens.pipeline.default_pipeline`.

A new built-in is one line here. A component of your own needs no line here: decorate it with
:func:`presslens.pipeline.register` and name it in a :class:`~presslens.pipeline.Pipeline`.
This module is the table only: the machinery that reads it (the registry, the default
pipeline) lives in :mod:`presslens.pipeline`, which imports it, never the other way round.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import PipelineError

if TYPE_CHECKING:
    from .pipeline import Component

__all__ = [
    "BUILTINS",
    "BUILTIN_MODULES",
    "DEFAULT_COMPONENTS",
    "INGEST_LAYERS",
    "Builtin",
    "builtin",
]


@dataclass(frozen=True, slots=True)
class Builtin:
    """One built-in component: ``name``, ``target`` (``"module:factory"``) and whether its
    factory takes the actor knowledge base as first argument (``takes_kb``)."""

    name: str
    target: str
    takes_kb: bool = False

    @property
    def module(self) -> str:
        return self.target.partition(":")[0]

    def load(self) -> Callable[..., Component]:
        """Import the factory; its ``name`` must be this entry's."""
        module, _, attr = self.target.partition(":")
        try:
            factory = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as exc:
            raise PipelineError(
                f"the built-in component {self.name!r} names {self.target}, which cannot be "
                f"loaded ({exc}); fix its entry in presslens.factories.BUILTINS"
            ) from exc
        if getattr(factory, "name", None) != self.name:
            raise PipelineError(
                f"the built-in component {self.name!r} names {self.target}, whose name is "
                f"{getattr(factory, 'name', None)!r}; make the two agree"
            )
        return factory


BUILTINS: tuple[Builtin, ...] = (
    Builtin("paragraphs", "presslens.components:Paragraphs"),
    Builtin("sentences", "presslens.components:Sentences"),
    Builtin("claims", "presslens.claims.component:Claims"),
    Builtin("subjectivity", "presslens.subjectivity.component:Subjectivity"),
    Builtin("key_sentences", "presslens.key_sentences.component:KeySentences"),
    Builtin("actors", "presslens.actors.component:Actors", takes_kb=True),
    Builtin("quotes", "presslens.quotes.component:Quotes", takes_kb=True),
    Builtin("stance", "presslens.stance.component:Stance"),
    Builtin("events", "presslens.events.component:Events", takes_kb=True),
    Builtin("techniques", "presslens.techniques.component:Techniques"),
)
"""The built-in components in pipeline order (the order of :data:`DEFAULT_COMPONENTS`)."""

DEFAULT_COMPONENTS: tuple[str, ...] = tuple(b.name for b in BUILTINS)
"""The components ``presslens analyze`` runs, in order."""

BUILTIN_MODULES: tuple[str, ...] = tuple(dict.fromkeys(b.module for b in BUILTINS))
"""The modules that hold the built-in components."""

INGEST_LAYERS = ("furniture", "articles", "notes")
"""Layers that ingestion itself writes."""


def builtin(name: str) -> Builtin | None:
    """The built-in entry named ``name``, if there is one."""
    return next((b for b in BUILTINS if b.name == name), None)
