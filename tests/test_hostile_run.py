"""A run over a folder that mixes hostile and broken inputs with good articles: exit 1, every
good article analysed, every bad input in rejected.jsonl with a one-line reason; a component that
fails on one document costs that document only; the terminal never obeys what the inputs say."""

from __future__ import annotations

import gzip
import json
import os
import random
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from presslens.api import analyze
from presslens.cli import main
from presslens.model import Document
from presslens.pipeline import Pipeline

GOOD = {
    "good-one.txt": "Ministers meet in Geneva\n\nThe trade ministers met in Geneva on Monday "
    "to discuss tariffs. The talks ended without a deal, officials said.\n",
    "good-two.txt": "Talks to continue\n\nThe foreign minister said the talks would continue "
    "next week in Vienna, according to a statement.\n",
}
RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Secret</title><item><title>S</title>'
    "<description>Secret local file content that must stay unread.</description></item>"
    "</channel></rss>"
)


def _hostile_folder(root: Path) -> tuple[Path, dict[str, str]]:
    """The folder, and for each bad input (by name) a word its rejection reason must hold."""
    folder = root / "in"
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / name).write_text(text)
    (root / "secret-feed.xml").write_text(RSS)
    bad: dict[str, str] = {}

    def put(name: str, data: bytes, why: str) -> None:
        (folder / name).write_bytes(data)
        bad[name] = why

    put("ssrf-file.txt", f"file://{root / 'secret-feed.xml'}#<rss".encode(), "feed")
    put("ssrf-http.txt", b"http://127.0.0.1:9/x?<rss", "feed")
    put("deep.jsonl", b'{"text": "x", "y": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested")
    put("bignum.jsonl", b'{"text": "x", "n": ' + b"9" * 5000 + b"}", "4,300 digits")
    put("oneline.txt", b"word " * 1_100_000, "character limit")
    put("noise.txt", bytes(128 + b % 128 for b in random.Random(1).randbytes(4096)), "not text")
    put("types.jsonl", json.dumps({"text": "Body.", "authors": {"name": "X"}}).encode(), "authors")
    put("bomb.txt.gz", gzip.compress(b"a" * 30_000_000), "decompresses to over")
    os.mkfifo(folder / "pipe.txt")
    bad["pipe.txt"] = "FIFO"
    (folder / "loop-a").symlink_to(folder / "loop-b")
    (folder / "loop-b").symlink_to(folder / "loop-a")
    bad["loop-a"] = bad["loop-b"] = "link loop"
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    bad["dangling.txt"] = "broken symbolic link"
    if Path("/dev/zero").exists():
        (folder / "zero.txt").symlink_to("/dev/zero")
        bad["zero.txt"] = "character device"
    return folder, bad


@pytest.mark.slow
def test_a_hostile_folder_is_read_around(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: None
) -> None:
    folder, bad = _hostile_folder(tmp_path)
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--out", str(out), "--json"]) == 1
    summary = json.loads(capsys.readouterr().out)
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert sorted(Path(d["source"]["origin"]).name for d in docs) == sorted(GOOD)
    assert all(d["layers"]["sentences"] for d in docs)
    assert not any("Secret local file" in d["text"] for d in docs)
    rejected = [json.loads(x) for x in (out / "rejected.jsonl").read_text().splitlines()]
    reasons = {Path(r["origin"].split(":line")[0]).name: r["reason"] for r in rejected}
    assert set(reasons) == set(bad), set(reasons) ^ set(bad)
    for name, why in bad.items():
        assert why in reasons[name], (name, reasons[name])
        assert "\n" not in reasons[name] and "Traceback" not in reasons[name]
    assert summary["rejected"] == len(bad)


class _Faulty:
    """A component that fails on one document, as a model bug or a parser limit would."""

    name = "faulty"
    version = "1"
    requires: tuple[str, ...] = ()
    assigns = ("faulty",)

    def __call__(self, doc: Document) -> Document:
        if "Vienna" in doc.text:
            raise RecursionError("maximum recursion depth exceeded")
        return doc.with_layer("faulty", [])


def test_a_component_that_fails_on_one_document_costs_that_document_only(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / name).write_text(text)
    result = analyze([str(folder)], out_dir=tmp_path / "out", pipeline=Pipeline([_Faulty()]))
    assert [Path(d.source.origin).name for d in result.documents] == ["good-one.txt"]
    (rejection,) = result.rejections
    assert rejection.origin.endswith("good-two.txt")
    assert "analysis failed in the 'faulty' component (RecursionError" in rejection.reason
    # The failed input is not marked done: a rerun tries it again (and records it again).
    again = analyze([str(folder)], out_dir=tmp_path / "out", pipeline=Pipeline([_Faulty()]))
    assert again.skipped_inputs == 1 and len(again.rejections) == 1


def test_control_characters_in_names_and_text_are_shown_not_obeyed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b]0;pwned\x07\x1b[2J.txt").write_bytes(b"")
    (folder / "title.txt").write_text("Head\x1b[31mline\u202e\n\nThe minister said the talks "
                                      "would go on.\x9b2J\n")  # fmt: skip
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert "\x1b" not in stream and "\x07" not in stream
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J.txt" in captured.err
    db = str(out / "presslens.db")
    assert main(["search", "minister", "--db", db, "--json"]) == 0
    (hit,) = json.loads(capsys.readouterr().out)
    for args in (["show", hit["id"], "--db", db, "--text"], ["show", hit["id"], "--db", db,
                                                             "--json"]):  # fmt: skip
        assert main(args) == 0
        shown = capsys.readouterr().out
        assert not any(c in shown for c in "\x1b\x9b\u202e"), repr(shown)
        assert "\\x1b[31m" in shown or "\\u001b[31m" in shown


def test_show_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD["good-one.txt"] * 1000)  # more than a pipe buffer
    out = tmp_path / "out"
    analyze([str(tmp_path / "a.txt")], out_dir=out)
    db = str(out / "presslens.db")
    script = (
        "import sys; from presslens.cli import main; from presslens.store import Store\n"
        f"doc = next(iter(Store({db!r}, readonly=True).documents()))\n"
        f"sys.exit(main(['show', doc.id, '--db', {db!r}, '--text']))"
    )
    shown = subprocess.run(
        f"{shlex.quote(sys.executable)} -c {shlex.quote(script)} | head -1",
        shell=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert shown.stdout.count("\n") == 1
    assert "Traceback" not in shown.stderr and "BrokenPipe" not in shown.stderr, shown.stderr
