"""Fuzzing every reader: arbitrary bytes, file names and JSON never raise, every input is read or
rejected with a reason, and nothing is opened or fetched but the inputs themselves."""

from __future__ import annotations

import builtins
import io
import json
import os
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslens.ingest import RawInput, Rejection, ingest, read_input

FORMATS = [None, "txt", "md", "html", "jsonl", "json", "feed"]
SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".json", ".xml", ".rss", ".gz", ".txt.gz", ""]

# Text that leads the readers down their interesting paths, mixed into the random bytes.
FRAGMENTS = [
    b"<rss", b"<feed", b"<html><body><p>", b"</p>", b"file:///etc/passwd", b"http://127.0.0.1:1/",
    b'{"text": "', b'"}', b"\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\x1b[31m", b"NaN",
    b"by John Smith [2-13-2025 published].", b"(Translated from the Russian)", b"\xe9", b"[[[[",
    b"<![CDATA[", b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", b"&e;", b"&amp;",
    b"<?xml version='1.0' encoding='utf-16'?>", b"\x1f\x8b",
]  # fmt: skip

chunks = st.one_of(st.binary(max_size=64), st.sampled_from(FRAGMENTS))
payloads = st.lists(chunks, max_size=24).map(b"".join)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = ["text", "html", "title", "authors", "author", "published", "date", "outlet", "source",
          "url", "language", "translated_from", "id", "extra"]  # fmt: skip
records = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), json_values, max_size=6)
names = st.text(
    alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=40,
).filter(lambda n: n not in (".", "..") and len(n.encode("utf-8", "surrogatepass")) < 200)


def _warm_up() -> None:
    """Let the libraries load their own data files once, before the access checks start."""
    for data, fmt in [
        (b"<html><body><article><p>Some words of text here.</p></article></body></html>", None),
        (b"<?xml version='1.0'?><rss><channel><item><description>A b c.</description>", None),
        ("Café – déjà vu, a text in French and English.".encode("cp1252"), "txt"),
        (b'{"text": "Words.", "published": "2025-01-02"}', "jsonl"),
    ]:
        read_input(RawInput("warm", data, fmt))


_warm_up()


@contextmanager
def sealed(allowed: Path | None = None) -> Iterator[list[str]]:
    """While inside: record (and refuse) any network connection and any file opened outside
    ``allowed``."""
    seen: list[str] = []
    real_open, real_os_open = builtins.open, os.open
    root = str(allowed.resolve()) if allowed is not None else None

    def outside(file: Any) -> bool:
        if isinstance(file, int):
            return False
        path = os.path.realpath(os.fsdecode(file))
        return root is None or not (path == root or path.startswith(root + os.sep))

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if outside(file):
            seen.append(f"open {file!r}")
            raise PermissionError(f"test: {file!r} is not an input")
        return real_open(file, *args, **kwargs)

    def guarded_os_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if outside(file):
            seen.append(f"os.open {file!r}")
            raise PermissionError(f"test: {file!r} is not an input")
        return real_os_open(file, *args, **kwargs)

    def refuse_net(*args: Any, **kwargs: Any) -> Any:
        seen.append(f"network {args!r}")
        raise OSError("test: network access")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(builtins, "open", guarded_open)
        mp.setattr(io, "open", guarded_open)
        mp.setattr(os, "open", guarded_os_open)
        mp.setattr(socket, "create_connection", refuse_net)
        mp.setattr(socket.socket, "connect", refuse_net)
        yield seen


def _check(result: Any) -> None:
    """Every input was read or rejected with a one-line reason."""
    assert result.docs or result.rejections is not None
    for rej in result.rejections:
        assert isinstance(rej, Rejection) and rej.reason and "\n" not in rej.reason
    for doc in result.docs:
        json.loads(doc.to_json(), parse_constant=lambda c: pytest.fail(f"{c} in the JSON"))


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(data=payloads, fmt=st.sampled_from(FORMATS))
def test_arbitrary_bytes_are_read_or_rejected(data: bytes, fmt: str | None) -> None:
    with sealed() as seen:
        try:
            result = read_input(RawInput("fuzz", data, fmt))
        except Exception as exc:  # only the documented error may come out
            assert type(exc).__name__ == "IngestError", repr(exc)
            assert exc.reason and "\n" not in exc.reason  # type: ignore[attr-defined]
        else:
            _check(result)
    assert seen == []


@SETTINGS
@given(lines=st.lists(st.one_of(records.map(json.dumps), payloads.map(
    lambda b: b.decode("utf-8", "replace"))), min_size=1, max_size=5))  # fmt: skip
def test_arbitrary_json_records_are_read_or_rejected(lines: list[str]) -> None:
    data = "\n".join(line.replace("\n", " ") for line in lines).encode("utf-8", "surrogatepass")
    for fmt in ("jsonl", "json"):
        with sealed() as seen:
            try:
                result = read_input(RawInput("fuzz.jsonl", data, fmt))
            except Exception as exc:
                assert type(exc).__name__ == "IngestError", repr(exc)
            else:
                _check(result)
        assert seen == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(st.tuples(names, st.sampled_from(SUFFIXES), payloads), max_size=6))
def test_arbitrary_files_and_names_in_a_folder(files: list[tuple[str, str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        written = set()
        for name, suffix, data in files:
            path = folder / f"{name}{suffix}"
            try:
                path.write_bytes(data)
            except OSError:  # a name the file system refuses is not an input
                continue
            if not path.name.startswith("."):
                written.add(str(path))
        with sealed(folder) as seen:
            items = list(ingest([str(folder)]))
        assert seen == []
        origins = {i.origin.split(":line ")[0].split(":item ")[0] for i in items}
        assert written <= origins | {str(folder)}, written - origins
        for item in items:
            if isinstance(item, Rejection):
                assert item.reason and "\n" not in item.reason
            else:
                _check(item)
