"""Tests of the JSON Lines, Parquet and CSV exports."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from presslens.errors import MissingExtraError, ModelError
from presslens.export import DOCUMENT_COLUMNS, SPAN_COLUMNS, export_documents
from presslens.model import Document, Meta, Source, make_span
from presslens.store import Store


def corpus() -> list[Document]:
    """A parent with a split child, tricky text, metadata and spans in two layers."""
    text = 'Le "ministre" a dit:\r\nnaïve 😀 e\u0301tat,\n"quoted, with comma"\x00 end \ud800.'
    parent = Document(
        id="dparent",
        text=text,
        meta=Meta(
            title="Titre, avec virgule",
            authors=("Ana Pérez", "Bo Li"),
            published="2024-05-01",
            outlet="Le Monde",
            url="https://example.org/a?b=1",
            language="fr",
            translated_from="es",
        ),
        source=Source("inputs/a.html", "html", content_hash="abc"),
    )
    spans = [
        make_span(text, 0, 2, "DET", producer="pos.v1"),
        make_span(text, 22, 29, "EMOJI", score=0.25, attrs={"ref": ["a", 1]}, producer="x.v1"),
    ]
    quotes = [make_span(text, 3, 13, "QUOTE", attrs={"speaker": "actor:1", "é": None})]
    parent = parent.with_layer("tokens", spans).with_layer("quotes", quotes)
    child_text = text[22:35]
    child = Document(
        id="dchild",
        text=child_text,
        source=Source("inputs/a.html", "html", "part 1", range=(22, 35)),
        parent_id="dparent",
    ).with_layer("all", [make_span(child_text, 0, len(child_text), "ALL")])
    empty = Document(id="dempty", text="")
    return [parent, child, empty]


def expected_spans(docs: list[Document]) -> list[tuple[str, str, int, int, str, str]]:
    return [
        (d.id, layer, s.start, s.end, s.label, d.text_of(s))
        for d in docs
        for layer, spans in d.layers.items()
        for s in spans
    ]


def test_jsonl_round_trip(tmp_path: Path) -> None:
    docs = corpus()
    paths = export_documents(iter(docs), tmp_path / "out", "jsonl")
    assert [p.name for p in paths] == ["documents.jsonl", "spans.jsonl"]
    lines = paths[0].read_text(encoding="utf-8").splitlines()
    assert [Document.from_dict(json.loads(line)) for line in lines] == docs
    spans = [json.loads(line) for line in paths[1].read_text(encoding="utf-8").splitlines()]
    assert [(*(r[k] for k in SPAN_COLUMNS[:5]), r["text"]) for r in spans] == (expected_spans(docs))
    assert spans[1]["attrs"] == {"ref": ["a", 1]} and spans[1]["score"] == 0.25
    assert not list((tmp_path / "out").glob(".*"))  # no temporary files left


def test_csv_round_trip(tmp_path: Path) -> None:
    docs = corpus()
    doc_path, span_path = export_documents(docs, tmp_path, "CSV")
    with doc_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3 and tuple(rows[0]) == DOCUMENT_COLUMNS
    assert rows[0]["authors"] == "Ana Pérez; Bo Li" and rows[0]["title"] == "Titre, avec virgule"
    assert rows[0]["text"] == docs[0].text.replace("\ud800", "\ufffd")
    assert [int(r["n_chars"]) for r in rows] == [len(d.text) for d in docs]
    assert rows[1]["parent_id"] == "dparent" and rows[2]["published"] == ""
    with span_path.open(encoding="utf-8", newline="") as fh:
        spans = list(csv.DictReader(fh))
    got = [
        (r["doc_id"], r["layer"], int(r["start"]), int(r["end"]), r["label"], r["text"])
        for r in spans
    ]
    assert got == [(*t[:5], t[5].replace("\ud800", "\ufffd")) for t in expected_spans(docs)]
    assert json.loads(spans[2]["attrs"]) == {"speaker": "actor:1", "é": None}
    assert spans[0]["score"] == "" and float(spans[1]["score"]) == 0.25


def test_parquet_round_trip(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    docs = corpus()
    doc_path, span_path = export_documents(docs, tmp_path, "parquet")
    table = pq.read_table(doc_path)
    assert table.column_names == list(DOCUMENT_COLUMNS) and table.num_rows == 3
    rows = table.to_pylist()
    assert rows[0]["authors"] == ["Ana Pérez", "Bo Li"] and rows[2]["authors"] == []
    assert rows[0]["text"] == docs[0].text.replace("\ud800", "\ufffd")
    assert rows[2]["title"] is None and rows[1]["n_chars"] == len(docs[1].text)
    spans = pq.read_table(span_path).to_pylist()
    got = [(r["doc_id"], r["layer"], r["start"], r["end"], r["label"], r["text"]) for r in spans]
    assert got == expected_spans(docs)
    assert spans[0]["score"] is None and json.loads(spans[1]["attrs"]) == {"ref": ["a", 1]}


def test_parquet_empty_and_from_store(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    doc_path, span_path = export_documents([], tmp_path / "empty", "parquet")
    assert pq.read_table(doc_path).num_rows == 0 and pq.read_table(span_path).num_rows == 0
    with Store(tmp_path / "s.db") as store:
        store.put_input("h", "inputs/a.html", "v1", corpus())
        doc_path, span_path = export_documents(store.documents(), tmp_path / "st", "parquet")
    assert pq.read_table(doc_path).column("id").to_pylist() == ["dparent", "dchild", "dempty"]
    assert pq.read_table(span_path).num_rows == len(expected_spans(corpus()))


def test_missing_pyarrow_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingExtraError, match=r"presslens\[parquet\]"):
        export_documents(corpus(), tmp_path / "out", "parquet")
    assert not (tmp_path / "out").exists()


def test_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="jsonl, parquet, csv"):
        export_documents(corpus(), tmp_path, "xlsx")


def test_failed_export_keeps_old_files(tmp_path: Path) -> None:
    export_documents(corpus(), tmp_path, "jsonl")
    before = (tmp_path / "documents.jsonl").read_bytes()

    def broken() -> object:
        yield corpus()[0]
        raise RuntimeError("source failed")

    with pytest.raises(RuntimeError):
        export_documents(broken(), tmp_path, "jsonl")  # type: ignore[arg-type]
    assert (tmp_path / "documents.jsonl").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents.jsonl", "spans.jsonl"]
