from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from presslens.cli import build_parser, main

REPO = Path(__file__).resolve().parents[1]

ARTICLE = (
    "Talks on the Valmora crossing ended late on Tuesday.\n\n"
    "Foreign Minister Ilan Voss said the accord was “a first step, not the last one.” "
    "Officials from Ardovia said that talks lasted three hours."
)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Crossing deal agreed\n\n" + ARTICLE, encoding="utf-8")
    (src / "b.jsonl").write_text(
        json.dumps({"title": "Brief", "text": ARTICLE, "published": "2025-03-04"}) + "\n{bad\n"
    )
    (src / "empty.txt").write_text("")
    return src


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text()
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name in commands:
        assert re.search(rf"presslens {name}\b", readme), f"`presslens {name}` not in README"


def test_analyze_search_show_export(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(["analyze", str(corpus), "--out", str(out), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 1  # something was rejected
    assert summary["documents"] == 2 and summary["rejected"] == 2
    rejected = [json.loads(x) for x in (out / "rejected.jsonl").read_text().splitlines()]
    assert {Path(r["origin"]).name for r in rejected} == {"empty.txt", "b.jsonl:line 2"}
    docs = [json.loads(x) for x in (out / "documents.jsonl").read_text().splitlines()]
    assert {d["meta"]["title"] for d in docs} == {"Crossing deal agreed", "Brief"}
    assert all(d["layers"]["sentences"] for d in docs)

    db = str(out / "presslens.db")
    assert main(["search", "Voss", "--db", db, "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 2 and all("Voss" in h["snippet"] for h in hits)
    assert main(["show", hits[0]["id"], "--db", db]) == 0
    assert "layers: " in capsys.readouterr().out
    for fmt in ("jsonl", "csv", "parquet"):
        assert main(["export", "--db", db, "--format", fmt, "--out", str(tmp_path / fmt)]) == 0
        assert (tmp_path / fmt / f"documents.{fmt}").exists()


def test_clean_run_exits_zero_and_rerun_skips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    args = ["analyze", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--json"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    second = json.loads(capsys.readouterr().out)
    assert first["inputs_analysed"] == 1 and second["inputs_skipped_unchanged"] == 1
    assert (tmp_path / "o" / "documents.jsonl").read_text().count("\n") == 1


def test_errors_exit_3_with_a_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "x", "--db", str(tmp_path / "none.db")]) == 3
    assert "run `presslens analyze" in capsys.readouterr().err


def test_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as info:
        main(["analyze"])
    assert info.value.code == 2


def test_schema_command_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "presslens document"
