"""Exports of documents and their spans as JSON Lines, Parquet or CSV.

:func:`export_documents` writes two files into a folder: ``documents.<ext>`` with one row per
document and ``spans.<ext>`` with one row per span (its covered text included, so a spreadsheet
user never has to slice offsets). It streams: documents are read once, from any iterable (e.g.
``Store.documents()``), and never all held in memory. Each file is written to a temporary file
beside its target and moved into place with :func:`os.replace`, so a reader never sees half a
file; a failed export leaves earlier files untouched.

Formats:

``jsonl``
    ``documents.jsonl`` holds each document's full JSON form (:meth:`Document.to_dict`, layers
    included), so it reads back exactly with :meth:`Document.from_dict`. ``spans.jsonl`` holds
    span rows with ``attrs`` as a JSON object.
``parquet``
    Typed columns (``authors`` a list of strings, ``score`` a nullable double, ``attrs`` a JSON
    string). Needs the ``parquet`` extra (pyarrow). Written in row groups of
    :data:`PARQUET_BATCH` rows.
``csv``
    UTF-8, a header row, RFC 4180 quoting (texts with newlines stay in one field). ``authors``
    joined by ``"; "``, ``attrs`` a JSON string, missing values empty.

Texts with lone surrogates (the model allows them; UTF-8 cannot encode them) are written with
U+FFFD in their place in CSV and Parquet, which keeps every offset valid; JSON Lines escapes them
and loses nothing.
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import ModelError, require
from .model import Document

__all__ = ["DOCUMENT_COLUMNS", "FORMATS", "SPAN_COLUMNS", "export_documents"]

FORMATS = ("jsonl", "parquet", "csv")
"""The formats :func:`export_documents` writes (also the file extensions)."""

DOCUMENT_COLUMNS = (
    "id",
    "parent_id",
    "origin",
    "format",
    "title",
    "authors",
    "published",
    "outlet",
    "url",
    "language",
    "translated_from",
    "n_chars",
    "text",
)
SPAN_COLUMNS = ("doc_id", "layer", "start", "end", "label", "score", "producer", "attrs", "text")
PARQUET_BATCH = 2048

_SURROGATE = re.compile("[\ud800-\udfff]")


def _safe(value: str | None) -> str | None:
    """``value`` with lone surrogates replaced by U+FFFD (one code point for one)."""
    if value is None or not _SURROGATE.search(value):
        return value
    return _SURROGATE.sub("\ufffd", value)


def _json_line(value: Any) -> str:
    raw = json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=True) if _SURROGATE.search(raw) else raw


def document_row(doc: Document) -> dict[str, Any]:
    """The flat row of a document (``authors`` as a list, lone surrogates replaced)."""
    m, s = doc.meta, doc.source
    return {
        "id": _safe(doc.id),
        "parent_id": _safe(doc.parent_id),
        "origin": _safe(s.origin),
        "format": _safe(s.format),
        "title": _safe(m.title),
        "authors": [_safe(a) for a in m.authors],
        "published": _safe(m.published),
        "outlet": _safe(m.outlet),
        "url": _safe(m.url),
        "language": _safe(m.language),
        "translated_from": _safe(m.translated_from),
        "n_chars": len(doc.text),
        "text": _safe(doc.text),
    }


def span_rows(doc: Document) -> Iterator[dict[str, Any]]:
    """One row per span of ``doc``, layer by layer; ``attrs`` as a dict, ``text`` the covered
    text."""
    for layer, spans in doc.layers.items():
        for span in spans:
            yield {
                "doc_id": doc.id,
                "layer": layer,
                "start": span.start,
                "end": span.end,
                "label": span.label,
                "score": span.score,
                "producer": span.producer,
                "attrs": span.to_dict().get("attrs", {}),
                "text": doc.text_of(span),
            }


def _flat_span(row: dict[str, Any]) -> dict[str, Any]:
    """A span row for CSV and Parquet: strings made UTF-8 safe, ``attrs`` as a JSON string."""
    out = {k: _safe(v) if isinstance(v, str) else v for k, v in row.items()}
    out["attrs"] = _safe(json.dumps(row["attrs"], ensure_ascii=False))
    return out


@contextmanager
def _atomic_file(target: Path, mode: str = "w") -> Iterator[tuple[IO[Any], Path]]:
    """A temporary file beside ``target``, moved over it when the block ends without error."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        if "b" in mode:
            fh: IO[Any] = os.fdopen(fd, mode)
        else:
            fh = os.fdopen(fd, mode, encoding="utf-8", newline="")
        with fh:
            yield fh, tmp
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def export_documents(
    docs: Iterable[Document], out_dir: str | os.PathLike[str], fmt: str
) -> list[Path]:
    """Write ``documents.<fmt>`` and ``spans.<fmt>`` into ``out_dir``; return their paths.

    ``fmt`` is one of :data:`FORMATS`. ``out_dir`` is created when missing. Parquet needs the
    ``parquet`` extra and raises :class:`~presslens.errors.MissingExtraError` naming it.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ModelError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    writers: dict[str, Callable[[Iterable[Document], Path, Path], None]] = {
        "jsonl": _write_jsonl,
        "csv": _write_csv,
        "parquet": _write_parquet,
    }
    out = Path(out_dir)
    if fmt == "parquet":  # fail before touching the disk
        require("pyarrow", extra="parquet", feature="Parquet export")
    out.mkdir(parents=True, exist_ok=True)
    doc_path, span_path = out / f"documents.{fmt}", out / f"spans.{fmt}"
    writers[fmt](docs, doc_path, span_path)
    return [doc_path, span_path]


def _write_jsonl(docs: Iterable[Document], doc_path: Path, span_path: Path) -> None:
    with ExitStack() as stack:
        dfh, _ = stack.enter_context(_atomic_file(doc_path))
        sfh, _ = stack.enter_context(_atomic_file(span_path))
        for doc in docs:
            dfh.write(_json_line(doc.to_dict()) + "\n")
            for row in span_rows(doc):
                sfh.write(_json_line(row) + "\n")


def _write_csv(docs: Iterable[Document], doc_path: Path, span_path: Path) -> None:
    with ExitStack() as stack:
        dfh, _ = stack.enter_context(_atomic_file(doc_path))
        sfh, _ = stack.enter_context(_atomic_file(span_path))
        dw = csv.DictWriter(dfh, fieldnames=DOCUMENT_COLUMNS)
        sw = csv.DictWriter(sfh, fieldnames=SPAN_COLUMNS)
        dw.writeheader()
        sw.writeheader()
        for doc in docs:
            row = document_row(doc)
            row["authors"] = "; ".join(row["authors"])
            dw.writerow(row)
            sw.writerows(_flat_span(r) for r in span_rows(doc))


def _write_parquet(docs: Iterable[Document], doc_path: Path, span_path: Path) -> None:
    pa: Any = require("pyarrow", extra="parquet", feature="Parquet export")
    pq: Any = require("pyarrow.parquet", extra="parquet", feature="Parquet export")
    s, i64, f64 = pa.string(), pa.int64(), pa.float64()
    doc_schema = pa.schema(
        [(c, s) for c in DOCUMENT_COLUMNS[:5]]
        + [("authors", pa.list_(s))]
        + [(c, s) for c in DOCUMENT_COLUMNS[6:11]]
        + [("n_chars", i64), ("text", s)]
    )
    span_schema = pa.schema(
        [
            ("doc_id", s),
            ("layer", s),
            ("start", i64),
            ("end", i64),
            ("label", s),
            ("score", f64),
            ("producer", s),
            ("attrs", s),
            ("text", s),
        ]
    )
    with ExitStack() as stack:
        dfh, _ = stack.enter_context(_atomic_file(doc_path, "wb"))
        sfh, _ = stack.enter_context(_atomic_file(span_path, "wb"))
        dwriter = stack.enter_context(pq.ParquetWriter(dfh, doc_schema))
        swriter = stack.enter_context(pq.ParquetWriter(sfh, span_schema))
        dbuf: list[dict[str, Any]] = []
        sbuf: list[dict[str, Any]] = []
        for doc in docs:
            dbuf.append(document_row(doc))
            sbuf.extend(_flat_span(r) for r in span_rows(doc))
            if len(dbuf) >= PARQUET_BATCH:
                dwriter.write_table(pa.Table.from_pylist(dbuf, schema=doc_schema))
                dbuf.clear()
            if len(sbuf) >= PARQUET_BATCH:
                swriter.write_table(pa.Table.from_pylist(sbuf, schema=span_schema))
                sbuf.clear()
        if dbuf:
            dwriter.write_table(pa.Table.from_pylist(dbuf, schema=doc_schema))
        if sbuf:
            swriter.write_table(pa.Table.from_pylist(sbuf, schema=span_schema))
