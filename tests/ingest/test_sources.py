from __future__ import annotations

import gzip
import io
import os
import time
from pathlib import Path
from typing import Any

import pytest

from presslens.errors import IngestError
from presslens.ingest import sources
from presslens.ingest.sources import RawInput, expand, gunzip


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


# -- hardening: devices, pipes, links, unreadable folders, every gzip member ----------------


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    raws, errors = _split(list(expand([str(fifo)])))
    assert not raws
    assert "named pipe (FIFO), not a regular file" in errors[0].reason
    assert time.monotonic() - started < 5


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused_even_behind_a_link(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    for spec in (str(tmp_path / "zero.txt"), "/dev/zero"):
        raws, errors = _split(list(expand([spec])))
        assert not raws
        assert "a character device, not a regular file" in errors[0].reason


def test_size_is_capped_while_reading_not_taken_from_stat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system may report size 0 for a file that is large (proc files, some mounts)."""
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    class _Zero:
        def __init__(self, st: os.stat_result) -> None:
            self.st_mode, self.st_size = st.st_mode, 0

    monkeypatch.setattr(sources.os, "fstat", lambda fd: _Zero(real_fstat(fd)))
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(sources.os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    _, errors = _split(list(expand([str(big)], max_bytes=1000)))
    assert "over the 1,000-byte limit" in errors[0].reason
    assert sum(reads) <= 1001


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: (d / "a").symlink_to(d / "b") or (d / "b").symlink_to(d / "a"), "link loop"),
        (lambda d: (d / "a").symlink_to(d / "missing.txt"), "broken symbolic link"),
    ],
    ids=["loop", "dangling"],
)
def test_bad_links_are_reported_given_directly_or_inside_a_folder(
    tmp_path: Path, make: Any, reason: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("good")
    make(folder)
    raws, errors = _split(list(expand([str(folder), str(folder / "a")])))
    assert [Path(r.origin).name for r in raws] == ["good.txt"]
    assert len(errors) >= 2 and all(reason in e.reason for e in errors), errors
    assert all("no such file" not in e.reason for e in errors)


def test_a_folder_link_back_up_is_reported_not_walked_forever(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.txt").write_text("one")
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    raws, errors = _split(list(expand([str(tmp_path)])))
    assert [Path(r.origin).name for r in raws] == ["one.txt"]
    assert "link loop" in errors[0].reason and errors[0].origin.endswith("up")


def test_an_unreadable_subfolder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text("x")
    (tmp_path / "ok.txt").write_text("ok")
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:  # root reads any folder, so refuse as the kernel would
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(sources.os, "scandir", scandir)
    raws, errors = _split(list(expand([str(tmp_path)])))
    assert [Path(r.origin).name for r in raws] == ["ok.txt"]
    assert errors[0].origin.endswith("locked")
    assert "folder could not be read: permission denied" in errors[0].reason


def test_every_gzip_member_is_read(tmp_path: Path) -> None:
    gz = tmp_path / "two.txt.gz"
    gz.write_bytes(gzip.compress(b"First member.\n") + gzip.compress(b"Second member.\n"))
    raws, _ = _split(list(expand([str(gz)])))
    assert raws[0].data == b"First member.\nSecond member.\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (gzip.compress(b"x" * 100)[:-12], "truncated gzip"),
        (gzip.compress(b"x") + b"trailing junk", "garbage after the last member"),
        (gzip.compress(b"a" * 6000) + gzip.compress(b"b" * 6000), "decompresses to over"),
    ],
    ids=["truncated", "junk", "bomb-in-the-second-member"],
)
def test_broken_gzip_is_rejected_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        gunzip(data, "x.gz", 10_000)


def test_gzip_zero_padding_after_the_last_member_is_allowed() -> None:
    assert gunzip(gzip.compress(b"text") + bytes(512), "x.gz", 10_000) == b"text"
