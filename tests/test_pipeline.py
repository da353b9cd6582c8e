from __future__ import annotations

import sys
from pathlib import Path

import pytest

from presslens import pipeline as pipeline_module
from presslens.components import default_pipeline, paragraph_spans, sentence_spans
from presslens.errors import PipelineError
from presslens.factories import (
    BUILTIN_MODULES,
    BUILTINS,
    DEFAULT_COMPONENTS,
    Builtin,
    builtin,
)
from presslens.model import Document, Meta
from presslens.pipeline import BaseComponent, Pipeline, create, register, registered


class Needs:
    name = "needs"
    version = "1"
    requires = ("sentences",)
    assigns = ("x",)

    def __call__(self, doc: Document) -> Document:
        return doc


def test_pipeline_checks_requirements_when_built() -> None:
    with pytest.raises(PipelineError, match="requires layer"):
        Pipeline([Needs()])
    assert Pipeline(["paragraphs", "sentences", Needs()]).assigns >= {"x", "sentences"}


def test_unknown_component_names_the_known_ones() -> None:
    with pytest.raises(PipelineError, match="sentences"):
        create("no-such-component")


def test_registry_and_version_fingerprint() -> None:
    assert {"paragraphs", "sentences"} <= set(registered())
    assert default_pipeline().version == default_pipeline().version
    assert Pipeline(["paragraphs"]).version != default_pipeline().version


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One.\n\nTwo.", ["One.", "Two."]),
        ("  One.  \n \n\n Two.\n", ["One.", "Two."]),
        ("Only one paragraph\nwith a line break.", ["Only one paragraph\nwith a line break."]),
        ("", []),
        ("\n\n\n", []),
    ],
)
def test_paragraphs(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in paragraph_spans(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Voss spoke. The talks ended.", ["Mr. Voss spoke.", "The talks ended."]),
        ("Headline here\n\nBody one. Body two?", ["Headline here", "Body one.", "Body two?"]),
        ("“We agree,” she said. Then she left.", ["“We agree,” she said.", "Then she left."]),
        ("Title line\nFirst sentence.", ["Title line", "First sentence."]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in sentence_spans(text)] == expected


def test_default_pipeline_adds_layers() -> None:
    doc = Document(id="d", text="A first sentence. A second one.\n\nA new paragraph.")
    out = default_pipeline()(doc)
    assert len(out.layer("paragraphs")) == 2
    assert len(out.layer("sentences")) == 3
    assert all(s.producer == "sentences.v1" for s in out.layer("sentences"))
    assert doc.layers == {}


# --------------------------------------------------------------------------- the registry


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """A copy of the registry for one test, so that its toy components do not leak."""
    copy = dict(pipeline_module._REGISTRY)
    monkeypatch.setattr(pipeline_module, "_REGISTRY", copy)
    return copy


def test_a_toy_layer_needs_one_registration_to_run_by_name(registry: dict[str, object]) -> None:
    @register
    class Toy(BaseComponent):
        name = "toy"
        version = "3"
        requires = ("sentences",)
        assigns = ("toy",)
        english_only = True
        skip_containers = True

        def annotate(self, doc: Document) -> Document:
            spans = [doc.span(s.start, s.end, "short", producer=self.producer)
                     for s in doc.layer("sentences") if len(doc.text_of(s)) < 12]  # fmt: skip
            return doc.with_layer("toy", spans)

    pipe = Pipeline(["paragraphs", "sentences", "toy"])
    out = pipe(Document(id="d", text="Tiny one. A much longer second sentence."))
    assert [(out.text_of(s), s.producer) for s in out.layer("toy")] == [("Tiny one.", "toy.v3")]
    assert "toy" in registered()
    # The shared guards: another language gets the layer empty; a compilation post is left
    # to its articles.
    french = Document(id="f", text="Petit. Bien.", meta=Meta(language="fr"))
    assert pipe(french).layers["toy"] == ()
    post = Document(id="p", text="Tiny one.", meta=Meta(extra={"compilation": True}))
    assert "toy" not in pipe(post).layers


def test_a_second_component_under_a_taken_name_is_refused(registry: dict[str, object]) -> None:
    class First(BaseComponent):
        name = "toy_twice"
        version = "1"

    class Second(BaseComponent):
        name = "toy_twice"
        version = "1"

    register(First)
    register(First)  # the same factory again (a module reload) is fine
    with pytest.raises(PipelineError, match="'toy_twice' is already registered"):
        register(Second)
    assert create("toy_twice").__class__ is First

    class MySentences(BaseComponent):
        name = "sentences"
        version = "9"

    with pytest.raises(PipelineError, match=r"presslens\.components:Sentences"):
        register(MySentences)  # a built-in's name is taken before the built-in is loaded
    from presslens.components import Sentences

    register(Sentences)  # the built-in itself may be registered again


def test_the_builtin_table_is_the_one_list() -> None:
    assert tuple(b.name for b in BUILTINS) == DEFAULT_COMPONENTS
    assert DEFAULT_COMPONENTS.index("events") > DEFAULT_COMPONENTS.index("actors")
    assert set(BUILTIN_MODULES) == {b.target.partition(":")[0] for b in BUILTINS}
    factories = registered()
    for entry in BUILTINS:
        factory = factories[entry.name]
        assert f"{factory.__module__}:{factory.__qualname__}" == entry.target
        assert issubclass(factory, BaseComponent), entry  # type: ignore[arg-type]
        assert isinstance(factory.fingerprint, str)  # type: ignore[attr-defined]
    assert {b.name for b in BUILTINS if b.takes_kb} == {"actors", "quotes", "events"}


def test_the_kb_goes_to_every_component_that_takes_one() -> None:
    from presslens.actors.kb import ActorKB

    kb = ActorKB.default().extended([])
    pipe = default_pipeline(kb)
    assert pipe.names == DEFAULT_COMPONENTS
    takes = [c for c in pipe.components if (entry := builtin(c.name)) and entry.takes_kb]
    assert [c.name for c in takes] == ["actors", "quotes", "events"]
    assert all(c.kb is kb for c in takes)  # type: ignore[attr-defined]


def test_a_new_builtin_is_one_line_in_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: dict[str, object]
) -> None:
    (tmp_path / "presslens_toy_layer.py").write_text(
        "from presslens.pipeline import BaseComponent\n\n"
        "class Lengths(BaseComponent):\n"
        "    name = 'lengths'\n"
        "    version = '1'\n"
        "    requires = ('paragraphs',)\n"
        "    assigns = ('lengths',)\n\n"
        "    def annotate(self, doc):\n"
        "        return doc.with_layer('lengths', [doc.span(p.start, p.end, str(p.end - p.start))\n"
        "                                          for p in doc.layer('paragraphs')])\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "presslens_toy_layer", raising=False)
    entry = Builtin("lengths", "presslens_toy_layer:Lengths")
    monkeypatch.setattr("presslens.factories.BUILTINS", (*BUILTINS, entry))
    out = Pipeline(["paragraphs", "lengths"])(Document(id="d", text="One.\n\nThree."))
    assert [s.label for s in out.layer("lengths")] == ["4", "6"]
    with pytest.raises(PipelineError, match="already registered"):
        register(type("Other", (BaseComponent,), {"name": "lengths", "version": "1"}))


def test_a_builtin_entry_that_names_the_wrong_factory_says_so(
    monkeypatch: pytest.MonkeyPatch, registry: dict[str, object]
) -> None:
    entry = Builtin("misnamed", "presslens.components:Sentences")
    monkeypatch.setattr("presslens.factories.BUILTINS", (*BUILTINS, entry))
    with pytest.raises(PipelineError, match="whose name is 'sentences'"):
        create("misnamed")


def test_an_object_without_the_contract_is_refused_when_the_pipeline_is_built() -> None:
    class NoVersion:
        name = "half"
        requires: tuple[str, ...] = ()
        assigns = ("half",)

        def __call__(self, doc: Document) -> Document:
            return doc

    with pytest.raises(PipelineError, match="lacks version"):
        Pipeline([NoVersion()])  # type: ignore[list-item]
