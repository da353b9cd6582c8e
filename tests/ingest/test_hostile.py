"""Hostile and broken input: every failure inside one input becomes a rejection with a reason,
nothing is fetched or opened that the user did not name, and what is kept is faithful."""

from __future__ import annotations

import builtins
import io
import json
import math
import socket
from pathlib import Path
from typing import Any

import pytest

from presslens.errors import IngestError
from presslens.ingest import RawInput, Rejection, ingest, read_input
from presslens.ingest import readers as readers_module

AUTHORS = "field 'authors' must be a string or a list of strings,"
GOOD = json.dumps({"text": "The ministers met in Geneva on Monday to discuss tariffs."})


def _jsonl(*lines: str) -> tuple[tuple[Any, ...], tuple[Rejection, ...]]:
    result = read_input(RawInput("in.jsonl", "\n".join(lines).encode(), "jsonl"))
    return result.docs, result.rejections


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"text": "ok", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"text": "ok", "x": ' + "[" * 70 + "]" * 70 + "}", "nested too deeply"),
        ('{"text": "ok", "n": ' + "9" * 5000 + "}", "more than 4,300 digits"),
        ('{"text": "ok", "n": 1e999999}', None),  # a float that overflows is inf: kept as null
        ('{"text": ', "malformed JSON"),
        ("[1, 2, 3]", "expected a JSON object, got a list"),
    ],
    ids=["deep-100000", "deep-70", "5000-digits", "float-overflow", "cut", "list"],
)
def test_a_hostile_jsonl_line_is_rejected_alone(line: str, reason: str | None) -> None:
    docs, rejections = _jsonl(GOOD, line, GOOD.replace("Geneva", "Vienna"))
    if reason is None:
        assert len(docs) == 3 and not rejections
        return
    assert len(docs) == 2
    assert rejections[0].origin == "in.jsonl:line 2"
    assert reason in rejections[0].reason
    assert "set_int_max_str_digits" not in rejections[0].reason  # no advice meant for Python


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("authors", {"name": "X"}, f"{AUTHORS} got an object"),
        ("authors", ["A", 3], f"{AUTHORS} got a list holding other values"),
        ("title", ["a", "b"], "field 'title' must be a string, got a list"),
        ("text", 42, "field 'text' must be a string, got a number"),
        ("outlet", True, "field 'outlet' must be a string, got true/false"),
        ("url", {"href": "x"}, "field 'url' must be a string, got an object"),
        ("language", 7, "field 'language' must be a string, got a number"),
        ("published", {"y": 2025}, "field 'published' must be a date string, got an object"),
        ("date", [2025], "field 'published' must be a date string, got a list"),
        ("id", {"a": 1}, "field 'id' must be a string or a number, got an object"),
    ],
)  # fmt: skip
def test_wrong_field_types_are_refused_with_the_field_named(
    field: str, value: Any, reason: str
) -> None:
    line = json.dumps({"text": "Body of an article about a summit.", field: value})
    docs, rejections = _jsonl(GOOD, line)
    assert len(docs) == 1
    assert rejections[0].reason == reason


def test_documented_types_are_kept() -> None:
    line = json.dumps({"text": "Body.", "authors": ["A B", "C D"], "published": "2025-02-13",
                       "id": 17, "title": None, "extra": {"k": [1, 2.5]}})  # fmt: skip
    (doc,), _ = _jsonl(line)
    assert doc.meta.authors == ("A B", "C D") and doc.meta.published == "2025-02-13"
    assert doc.meta.extra["user_id"] == 17 and doc.meta.extra["extra"]["k"] == (1, 2.5)


def test_nan_and_infinity_never_reach_the_json_outputs() -> None:
    line = '{"text": "Body of an article.", "score": NaN, "more": {"x": [Infinity, -Infinity]}}'
    (doc,), rejections = _jsonl(line)
    assert not rejections
    assert doc.meta.extra["score"] is None and doc.meta.extra["more"]["x"] == (None, None)
    assert "score, more.x[0], more.x[1]" in doc.meta.extra["ingest_warnings"][0]
    out = doc.to_json()
    json.loads(out, parse_constant=lambda c: pytest.fail(f"{c} in the output"))


def test_feed_text_and_titles_are_unescaped() -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
        "<title>Tom &amp;amp; Jerry</title>"
        "<description>Tom &amp;amp; Jerry went to the market to buy bread.</description>"
        "</item></channel></rss>"
    )
    (doc,) = read_input(RawInput("f.rss", feed.encode(), "feed")).docs
    assert doc.text == "Tom & Jerry went to the market to buy bread."
    assert doc.meta.title == "Tom & Jerry"


@pytest.fixture
def sealed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """No network at all, and no file opened by Python's ``open`` (feedparser's way in)."""
    attempts: list[str] = []

    def refuse_net(*args: Any, **kwargs: Any) -> Any:
        attempts.append(f"network {args[1:] or args}")
        raise OSError("network access attempted")

    real_open = builtins.open

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(file, int):
            attempts.append(f"open {file!r}")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", refuse_net)
    monkeypatch.setattr(socket.socket, "connect", refuse_net)
    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    return attempts


@pytest.mark.parametrize(
    "content",
    [
        "file://{secret}#<rss",
        "{secret}",
        "http://127.0.0.1:9/x?<rss",
        "https://example.org/feed.xml?<feed",
        "feed://example.org/x<rdf:RDF",
    ],
)
def test_the_feed_reader_never_opens_a_url_or_path_it_reads(
    content: str, tmp_path: Path, sealed: list[str]
) -> None:
    secret = tmp_path / "secret<rss.xml"
    secret.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Secret</title><item>'
        "<description>The secret body that must not be read.</description></item></channel></rss>"
    )
    data = content.format(secret=secret).encode()
    sealed.clear()  # writing the secret above was the test's own doing
    try:
        result = read_input(RawInput("upload.txt", data, None))
        texts = [d.text for d in result.docs]
    except IngestError as exc:
        texts = [exc.reason]
    assert not any("secret body" in t for t in texts)
    assert not any("Connection refused" in t or "urlopen" in t for t in texts)
    assert sealed == []


class _Boom(Exception):
    pass


def test_a_reader_bug_becomes_a_rejection_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise _Boom("reader fell over")

    monkeypatch.setattr("presslens.ingest.read_jsonl", broken)
    (tmp_path / "a.jsonl").write_text(GOOD)
    (tmp_path / "b.txt").write_text("A title\n\nThe ministers met in Geneva on Monday.\n")
    items = list(ingest([str(tmp_path)]))
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert len(items) == 2 and len(rejected) == 1
    assert "could not be read (_Boom: reader fell over)" in rejected[0].reason


def test_documents_over_the_character_limit_are_rejected_with_the_limit_named(
    tmp_path: Path,
) -> None:
    (tmp_path / "long.txt").write_text("word " * 3000)
    lines = [json.dumps({"text": "short article text."}), json.dumps({"text": "x " * 3000})]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines))
    items = list(ingest([str(tmp_path)], max_chars=5000))
    kept = [i for i in items if not isinstance(i, Rejection)]
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert [len(i.docs) for i in kept] == [1]
    reasons = [r.reason for r in (*rejected, *kept[0].rejections)]
    assert len(reasons) == 2
    assert all("over the 5,000-character limit" in r and "--max-chars" in r for r in reasons)


def test_one_line_of_five_megabytes_is_rejected_before_the_parser(tmp_path: Path) -> None:
    (tmp_path / "oneline.txt").write_text("word " * 1_100_000)
    (item,) = list(ingest([str(tmp_path / "oneline.txt")]))
    assert isinstance(item, Rejection)
    assert "5,499,999 characters, over the 1,000,000-character limit" in item.reason


def test_readers_module_limits_are_documented() -> None:
    assert readers_module.MAX_JSON_DEPTH == 64
    assert math.isfinite(float(readers_module.MAX_JSON_DEPTH))
