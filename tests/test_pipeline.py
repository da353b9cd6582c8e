from __future__ import annotations

import pytest

from presslens.components import default_pipeline, paragraph_spans, sentence_spans
from presslens.errors import PipelineError
from presslens.model import Document
from presslens.pipeline import Pipeline, create, registered


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
