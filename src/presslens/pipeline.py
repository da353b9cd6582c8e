"""Pipeline components and their wiring.

A component is a small object with a ``name``, a ``version``, the layers it ``requires`` and the
layers it ``assigns``, a ``fingerprint`` of whatever else its output depends on (weights, a
knowledge base; ``""`` when nothing), and a pure ``__call__(doc) -> doc`` that returns a copy of
the document with its layers added. :class:`Pipeline` checks the graph when it is built (every
required layer is assigned by an earlier component or given as input), not halfway through a
corpus.

:class:`BaseComponent` is the shared part: the producer string (``name.vVERSION``), and the two
guards most layers need (a compilation post is left to its articles; a document in another
language than English gets empty layers)::

    @register
    class Shouting(BaseComponent):
        name = "shouting"
        version = "1"
        requires = ("sentences",)
        assigns = ("shouting",)
        english_only = True

        def annotate(self, doc: Document) -> Document:
            spans = [doc.span(s.start, s.end, "caps", producer=self.producer)
                     for s in doc.layer("sentences") if doc.text_of(s).isupper()]
            return doc.with_layer("shouting", spans)

    Pipeline(["paragraphs", "sentences", "shouting"])

:func:`register` is the one step that makes a name usable in a pipeline. The built-in components
are registered by :data:`presslens.factories.BUILTINS` (name -> ``module:factory``, loaded on
first use); a second factory under a name already taken is refused. :func:`default_pipeline` is
every built-in, in the table's order (what ``presslens analyze`` runs).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any, Protocol, TypeVar, runtime_checkable

from . import factories
from .errors import AnalysisError, PipelineError
from .model import Document, in_english, is_container
from .profile import stage

__all__ = [
    "BaseComponent",
    "Component",
    "Pipeline",
    "create",
    "default_pipeline",
    "factory_of",
    "load_builtin_components",
    "producer",
    "register",
    "registered",
]


@runtime_checkable
class Component(Protocol):
    """The component contract. ``fingerprint`` changes when the output would change without a
    new ``version`` (retrained weights, another knowledge base); ``""`` when nothing does."""

    name: str
    version: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    fingerprint: str

    def __call__(self, doc: Document) -> Document: ...


CONTRACT = ("name", "version", "requires", "assigns")
"""Attributes every component must have; ``fingerprint`` defaults to ``""``."""


def skipped(doc: Document, layers: Iterable[str], reason: str) -> Document:
    """``doc`` with ``layers`` empty and ``meta.extra.layers_skipped[layer] = reason`` for each,
    so that an empty layer is told apart from a layer that found nothing."""
    extra = dict(doc.meta.extra)
    noted = dict(extra.get("layers_skipped") or {})
    for layer in layers:
        doc = doc.with_layer(layer, [])
        noted[layer] = reason
    extra["layers_skipped"] = noted
    return doc.replace(meta=replace(doc.meta, extra=extra))


class BaseComponent:
    """The shared part of a component: subclass it, set the contract's attributes and write
    :meth:`annotate`.

    ``skip_containers``: a compilation post (:func:`~presslens.model.is_container`) is returned
    unchanged, its articles are documents of their own and carry the layer.
    ``english_only``: a document in another language (:func:`~presslens.model.in_english`) gets
    its layers empty rather than a model's guess or English rules applied to other words, and says
    why: ``meta.extra.layers_skipped`` maps each such layer to the reason.
    """

    name: str
    version: str
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    fingerprint: str = ""
    skip_containers: bool = False
    english_only: bool = False

    @property
    def producer(self) -> str:
        """The provenance tag of the spans this component makes, e.g. ``quotes.v1``."""
        return producer(self)

    def __call__(self, doc: Document) -> Document:
        if self.skip_containers and is_container(doc):
            return doc  # a compilation post: its articles carry the layers
        if self.english_only and not in_english(doc):
            return skipped(doc, self.assigns, f"the {self.name} component reads English only; "
                           f"this document is in {doc.meta.language!r}")  # fmt: skip
        return self.annotate(doc)

    def annotate(self, doc: Document) -> Document:
        """The analysis: ``doc`` with this component's layers added."""
        raise NotImplementedError(f"{type(self).__name__} must define annotate(doc)")


_REGISTRY: dict[str, Callable[..., Component]] = {}

F = TypeVar("F", bound=Callable[..., Any])


def _where(factory: Any) -> str:
    """``module:qualname`` of a factory (what a built-in's entry names)."""
    return f"{getattr(factory, '__module__', '?')}:{getattr(factory, '__qualname__', factory)}"


def _name_of(factory: Any) -> str:
    name = getattr(factory, "name", None) or getattr(factory, "__name__", None)
    if not isinstance(name, str) or not name:
        raise PipelineError(f"component {factory!r} has no name; give its class a `name` attribute")
    return name


def register(factory: F) -> F:
    """Register a component factory (a class or function) under its ``name``.

    A name holds one factory: registering another one under a name already taken (a built-in's
    included) raises :class:`~presslens.errors.PipelineError`. Registering the same factory
    again (the same object, or the same ``module:qualname``, as a module reload makes) is
    allowed.
    """
    name = _name_of(factory)
    taken = _REGISTRY.get(name)
    entry = factories.builtin(name)
    if taken is not None:
        same = taken is factory or _where(taken) == _where(factory)
        owner = _where(taken)
    else:
        same = entry is None or entry.target == _where(factory)
        owner = entry.target if entry is not None else ""
    if not same:
        raise PipelineError(
            f"a component named {name!r} is already registered ({owner}); "
            f"cannot register {_where(factory)} under the same name: give it another name"
        )
    _REGISTRY[name] = factory
    return factory


def registered() -> dict[str, Callable[..., Component]]:
    """The registered component factories by name (the built-ins included)."""
    load_builtin_components()
    return dict(_REGISTRY)


def factory_of(name: str) -> Callable[..., Component]:
    """The factory registered as ``name``; a built-in is imported on first use."""
    if name not in _REGISTRY:
        entry = factories.builtin(name)
        if entry is None:
            known = sorted({*_REGISTRY, *(b.name for b in factories.BUILTINS)})
            raise PipelineError(
                f"no component named {name!r}; known components: {', '.join(known)}. "
                "Register your own with @presslens.pipeline.register"
            )
        _REGISTRY[name] = entry.load()
    return _REGISTRY[name]


def load_builtin_components() -> None:
    """Import and register every built-in component (those already registered are kept)."""
    for entry in factories.BUILTINS:
        factory_of(entry.name)


def create(name: str) -> Component:
    """A new component from the factory registered as ``name``."""
    return factory_of(name)()


def producer(component: Any) -> str:
    """The provenance tag spans carry, e.g. ``sentences.v1``."""
    return f"{component.name}.v{component.version}"


def _check_contract(comp: Any) -> None:
    missing = [attr for attr in CONTRACT if not hasattr(comp, attr)]
    if missing or not callable(comp):
        what = ", ".join(missing) if missing else "__call__(doc) -> doc"
        raise PipelineError(
            f"{comp!r} is not a component: it lacks {what}; give it name, version, requires, "
            "assigns and __call__ (or subclass presslens.pipeline.BaseComponent)"
        )


class Pipeline:
    """An ordered, checked sequence of components."""

    def __init__(self, components: Iterable[Component | str], *, given: Iterable[str] = ()) -> None:
        self.components: tuple[Component, ...] = tuple(
            create(c) if isinstance(c, str) else c for c in components
        )
        self.given = tuple(given)
        available = set(self.given)
        for comp in self.components:
            _check_contract(comp)
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
        spec = ";".join(
            f"{producer(c)}:{getattr(c, 'fingerprint', '')}"
            + (":en" if getattr(c, "english_only", False) else "")  # which documents it reads
            for c in self.components
        )
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


def default_pipeline(kb: Any = None) -> Pipeline:
    """The pipeline ``presslens analyze`` runs (:data:`presslens.factories.BUILTINS`, in order);
    ``kb`` replaces the packaged actor KB in every component that takes one."""
    components: list[Component | str] = [
        factory_of(b.name)(kb) if kb is not None and b.takes_kb else b.name
        for b in factories.BUILTINS
    ]
    return Pipeline(components, given=factories.INGEST_LAYERS)
