"""Pipeline components and their wiring.

A component is a small object with a ``name``, a ``version``, the layers it ``requires`` and the
layers it ``assigns``, and a pure ``__call__(doc) -> doc`` that returns a copy of the document with
its layers added. :class:`Pipeline` checks the graph when it is built (every required layer is
assigned by an earlier component or given as input), not halfway through a corpus.

Register a component with :func:`register` so that it can be named in a pipeline::

    @register
    class Paragraphs:
        name = "paragraphs"
        version = "1"
        requires: tuple[str, ...] = ()
        assigns = ("paragraphs",)

        def __call__(self, doc: Document) -> Document:
            return doc.with_layer("paragraphs", ...)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar, runtime_checkable

from .errors import AnalysisError, PipelineError
from .model import Document
from .profile import stage


@runtime_checkable
class Component(Protocol):
    name: str
    version: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


_REGISTRY: dict[str, Callable[[], Component]] = {}

F = TypeVar("F", bound=Callable[[], Any])


def register(factory: F) -> F:
    """Register a component factory (a class or function) under its ``name``."""
    name = getattr(factory, "name", None) or getattr(factory, "__name__", None)
    if not name:
        raise PipelineError(f"component {factory!r} has no name")
    _REGISTRY[str(name)] = factory
    return factory


def registered() -> dict[str, Callable[[], Component]]:
    """The registered component factories by name."""
    from .components import load_builtin_components

    load_builtin_components()

    return dict(_REGISTRY)


def create(name: str) -> Component:
    factories = registered()
    if name not in factories:
        raise PipelineError(
            f"no component named {name!r}; known components: {', '.join(sorted(factories))}"
        )
    return factories[name]()


def producer(component: Component) -> str:
    """The provenance tag spans carry, e.g. ``sentences.v1``."""
    return f"{component.name}.v{component.version}"


class Pipeline:
    """An ordered, checked sequence of components."""

    def __init__(self, components: Iterable[Component | str], *, given: Iterable[str] = ()) -> None:
        self.components: tuple[Component, ...] = tuple(
            create(c) if isinstance(c, str) else c for c in components
        )
        self.given = tuple(given)
        available = set(self.given)
        for comp in self.components:
            missing = [layer for layer in comp.requires if layer not in available]
            if missing:
                raise PipelineError(
                    f"component {comp.name!r} requires layer(s) {missing} that no earlier "
                    "component assigns; add the component that assigns them before it"
                )
            available.update(comp.assigns)
        self.assigns = frozenset(available)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.components)

    @property
    def version(self) -> str:
        """A short fingerprint of the components and their versions (to skip unchanged work)."""
        spec = ";".join(f"{producer(c)}:{getattr(c, 'fingerprint', '')}" for c in self.components)
        return hashlib.sha256(spec.encode()).hexdigest()[:12]

    def for_layers(self, layers: Iterable[str]) -> Pipeline:
        """The pipeline cut to what ``layers`` need: the components that assign them and, before
        them, every component whose layers those require (in this pipeline's order).

        Raises :class:`PipelineError` for a layer no component here assigns."""
        wanted = list(dict.fromkeys(layers))
        known = {layer: c for c in self.components for layer in c.assigns}
        unknown = [layer for layer in wanted if layer not in known and layer not in self.given]
        if unknown:
            raise PipelineError(
                f"no component assigns layer(s) {unknown}; layers you can ask for: "
                f"{', '.join(sorted(known))}"
            )
        needed: set[str] = set()
        todo = [layer for layer in wanted if layer in known]
        while todo:
            comp = known[todo.pop()]
            if comp.name in needed:
                continue
            needed.add(comp.name)
            todo.extend(r for r in comp.requires if r in known)
        return Pipeline([c for c in self.components if c.name in needed], given=self.given)

    def __call__(self, doc: Document) -> Document:
        """Run every component on ``doc``; a component that raises is named in the
        :class:`~presslens.errors.AnalysisError` that replaces its exception."""
        for comp in self.components:
            try:
                with stage(f"component: {comp.name}"):
                    doc = comp(doc)
            except (AnalysisError, KeyboardInterrupt):
                raise
            except Exception as exc:
                raise AnalysisError(comp.name, doc.id, exc) from exc
        return doc

    def pipe(self, docs: Sequence[Document]) -> list[Document]:
        return [self(d) for d in docs]
