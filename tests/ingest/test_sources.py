from __future__ import annotations

import gzip
import io
from pathlib import Path

from presslens.errors import IngestError
from presslens.ingest.sources import RawInput, expand


def _split(items: list[RawInput | IngestError]) -> tuple[list[RawInput], list[IngestError]]:
    return [i for i in items if isinstance(i, RawInput)], [
        i for i in items if isinstance(i, IngestError)
    ]


def test_directories_are_walked_recursively_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("one")
    (tmp_path / "two.html").write_text("<p>two</p>")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("x")
    (tmp_path / ".dot.txt").write_text("x")
    raws, errors = _split(list(expand([str(tmp_path)])))
    assert [Path(r.origin).name for r in raws] == ["one.txt", "two.html"]
    assert [r.format_hint for r in raws] == ["txt", "html"]
    assert not errors


def test_globs_and_duplicates(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.md"):
        (tmp_path / name).write_text(name)
    raws, _ = _split(list(expand([str(tmp_path / "*.txt"), str(tmp_path / "a.txt")])))
    assert sorted(Path(r.origin).name for r in raws) == ["a.txt", "b.txt"]
    _, errors = _split(list(expand([str(tmp_path / "*.none")])))
    assert "matches no file" in errors[0].reason


def test_missing_path_and_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("x" * 2000)
    raws, errors = _split(list(expand([str(tmp_path / "nope.txt"), str(big)], max_bytes=1000)))
    assert not raws
    assert "no such file" in errors[0].reason
    assert "over the 1,000-byte limit" in errors[1].reason


def test_stdin_and_gzip(tmp_path: Path) -> None:
    raws, _ = _split(list(expand(["-"], stdin=io.BytesIO(b"hello"))))
    assert raws[0].origin == "<stdin>" and raws[0].data == b"hello"
    gz = tmp_path / "page.html.gz"
    gz.write_bytes(gzip.compress(b"<html><p>x</p></html>"))
    raws, _ = _split(list(expand([str(gz)])))
    assert raws[0].data.startswith(b"<html>") and raws[0].format_hint == "html"


def test_gzip_bomb_and_corrupt_gzip(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 100_000))
    bad = tmp_path / "bad.txt.gz"
    bad.write_bytes(b"\x1f\x8bnot really gzip")
    _, errors = _split(list(expand([str(bomb), str(bad)], max_bytes=10_000)))
    assert "decompresses to over" in errors[0].reason
    assert "corrupt gzip" in errors[1].reason


def test_urls_are_off_unless_allowed() -> None:
    _, errors = _split(list(expand(["https://example.org/a"])))
    assert "--allow-network" in errors[0].reason
