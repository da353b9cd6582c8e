from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presslens.errors import ModelError, SpanError
from presslens.model import SCHEMA_VERSION, Document, Meta, Source, Span, make_span


def doc(text: str = "Kestria and Ardovia signed the accord.") -> Document:
    return Document(id="d1", text=text, source=Source(origin="a.txt", format="txt"))


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 2), (0, 999), (5, 100)])
def test_make_span_rejects_offsets_outside_text(start: int, end: int) -> None:
    with pytest.raises(SpanError, match="does not fit"):
        make_span("short text", start, end, "x")


def test_span_rejects_negative_and_reversed() -> None:
    with pytest.raises(SpanError):
        Span(5, 2, "x")
    with pytest.raises(SpanError):
        Span(-1, 2, "x")
    with pytest.raises(SpanError):
        Span(0, 1, "x", score=float("nan"))


def test_document_checks_spans_against_text() -> None:
    with pytest.raises(SpanError, match="runs past the end"):
        Document(id="d", text="abc", layers={"x": (Span(0, 4, "too-long"),)})


def test_document_is_immutable_and_with_layer_copies() -> None:
    d = doc()
    s = d.span(0, 7, "actor", attrs={"id": "KES"})
    d2 = d.with_layer("actors", [s])
    assert d.layer("actors") == ()
    assert d2.text_of(d2.layer("actors")[0]) == "Kestria"
    with pytest.raises(AttributeError):
        d.text = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        s.attrs["id"] = "ARD"  # type: ignore[index]


def test_json_round_trip_keeps_everything() -> None:
    d = doc().replace(
        meta=Meta(
            title="T",
            authors=("A B",),
            published="2025-02-13",
            language="en",
            related=({"title": "R", "published": None},),
            extra={"k": [1, 2]},
        ),
    )
    d = d.with_layer("sentences", [d.span(0, len(d.text), "sentence", score=0.5, producer="s.v1")])
    back = Document.from_json(d.to_json())
    assert back == d
    assert json.loads(d.to_json())["schema_version"] == SCHEMA_VERSION


def test_from_dict_errors_are_model_errors() -> None:
    with pytest.raises(ModelError, match="lacks the required field"):
        Document.from_dict({"text": "x", "source": {"origin": "a", "format": "txt"}})
    with pytest.raises(ModelError, match="schema_version"):
        Document.from_dict({**doc().to_dict(), "schema_version": "9.0"})
    with pytest.raises(ModelError, match="unknown metadata"):
        Meta.from_dict({"headline": "x"})
    with pytest.raises(ModelError, match="does not parse"):
        Document.from_json("{nope")


def test_document_json_validates_against_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(
        resources.files("presslens").joinpath("schema/document.schema.json").read_text()
    )
    d = doc()
    d = d.with_layer("sentences", [d.span(0, 5, "sentence", producer="sentences.v1")])
    jsonschema.validate(d.to_dict(), schema)


@given(st.text(), st.data())
def test_spans_from_make_span_always_fit(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s = make_span(text, start, end, "x")
    d = Document(id="d", text=text, layers={"l": (s,)})
    assert Document.from_json(d.to_json()) == d
    assert d.text_of(s) == text[start:end]


def test_documents_pickle_for_worker_processes() -> None:
    import pickle

    text = "Kestria and Ardovia signed."
    doc = Document(id="p1", text=text, meta=Meta(title="T", extra={"a": {"b": [1, 2]}}))
    doc = doc.with_layer("sentences", [doc.span(0, len(text), "sentence", attrs={"k": {"x": 1}})])
    back = pickle.loads(pickle.dumps(doc))
    assert back == doc
    assert back.to_json() == doc.to_json()
    with pytest.raises(TypeError):
        back.meta.extra["a"]["c"] = 1  # type: ignore[index]  # still read-only
