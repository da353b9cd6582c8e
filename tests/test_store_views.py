"""The corpus views cover the whole store: two runs into one store (Monday's articles, then
Tuesday's) give views, outputs and a report about both, or about a scope of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslens.api import analyze
from presslens.cli import main
from presslens.corpus.scope import Scope, in_scope
from presslens.errors import PresslensError
from presslens.ingest import ingest_text
from presslens.pipeline import Pipeline

PASSAGE = (
    "The ministers agreed that the border crossing at Valmora would reopen to lorries from the "
    "first of March, under joint customs control and with inspections shared by both sides."
)
MONDAY = (
    "Valmora crossing to reopen\n\nby Mara Holt [3-3-2025 published].\n\n"
    f"{PASSAGE} Trade groups welcomed the news on Monday.\n"
)
TUESDAY = (
    "What the Valmora deal means\n\nby Ilan Voss [3-4-2025 published].\n\n"
    f"As the communiqué put it: {PASSAGE} Critics said the plan came too late.\n"
)


def _cheap() -> Pipeline:
    return Pipeline(["paragraphs", "sentences"], given=("furniture", "articles", "notes"))


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_two_runs_into_one_store_cover_both(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = analyze([str(_write(tmp_path / "mon", "a.txt", MONDAY))], out_dir=out,
                    pipeline=_cheap())  # fmt: skip
    second = analyze([str(_write(tmp_path / "tue", "b.txt", TUESDAY))], out_dir=out,
                     pipeline=_cheap())  # fmt: skip
    assert len(first.documents) == len(second.documents) == 1  # what each run produced
    corpus = json.loads((out / "corpus.json").read_text())
    assert corpus["documents"] == 2
    (passage,) = corpus["reused_passages"]
    both = {first.documents[0].id, second.documents[0].id}
    assert {o["doc_id"] for o in passage["occurrences"]} == both
    ids = {json.loads(line)["id"] for line in (out / "documents.jsonl").read_text().splitlines()}
    assert ids == both
    report = (out / "report.html").read_text()
    assert "Valmora crossing to reopen" in report and "What the Valmora deal means" in report


def test_scope_by_date_and_source(tmp_path: Path) -> None:
    out = tmp_path / "out"
    analyze([str(_write(tmp_path / "mon", "a.txt", MONDAY))], out_dir=out, pipeline=_cheap())
    result = analyze([str(_write(tmp_path / "tue", "b.txt", TUESDAY))], out_dir=out,
                     pipeline=_cheap(), scope=Scope(since="2025-03-04"))  # fmt: skip
    assert result.corpus["documents"] == 1 and result.corpus["scope"]["since"] == "2025-03-04"
    assert not result.corpus["reused_passages"]
    code = main(["analyze", str(tmp_path / "tue"), "--out", str(out), "--source", "Mara Holt",
                 "--json"])  # fmt: skip
    assert code == 0
    corpus = json.loads((out / "corpus.json").read_text())
    assert corpus["documents"] == 1 and corpus["scope"]["sources"] == ["Mara Holt"]


@pytest.mark.parametrize(
    ("scope", "admitted"),
    [
        (Scope(), ["a", "b", "undated"]),
        (Scope(since="2025-03-04"), ["b"]),
        (Scope(until="2025-03-03"), ["a"]),
        (Scope(since="2025-03-01", until="2025-03-31"), ["a", "b"]),
        (Scope(sources=("Ilan Voss",)), ["b"]),
        (Scope(sources=("Ilan Voss", "Mara Holt"), since="2025-03-04"), ["b"]),
    ],
)
def test_scope_admits(scope: Scope, admitted: list[str]) -> None:
    docs = {
        "a": ingest_text(MONDAY, origin="a.txt")[0],
        "b": ingest_text(TUESDAY, origin="b.txt")[0],
        "undated": ingest_text("A note\n\nNo date here at all, just words.", origin="u.txt")[0],
    }
    kept = in_scope(docs.values(), scope)
    assert [k for k, d in docs.items() if d in kept] == admitted


@pytest.mark.parametrize(
    "kwargs",
    [{"since": "March 3"}, {"until": "2025-3-4"}, {"since": "2025-03-05", "until": "2025-03-01"}],
)
def test_bad_scope_dates_say_how_to_write_them(kwargs: dict[str, str]) -> None:
    with pytest.raises(PresslensError, match=r"YYYY-MM-DD|is after"):
        Scope(**kwargs)


# -- choose layers: a cheap pass first, the expensive layers later into the same store --------


@pytest.mark.parametrize(
    ("layers", "components"),
    [
        (["sentences"], ["paragraphs", "sentences"]),
        (["quotes"], ["paragraphs", "sentences", "actors", "quotes"]),
        (["stance", "techniques"], ["paragraphs", "sentences", "actors", "stance", "techniques"]),
        (["furniture"], []),  # written by ingest: nothing to run
    ],
)
def test_layers_bring_what_they_require(layers: list[str], components: list[str]) -> None:
    from presslens.api import build_pipeline

    assert list(build_pipeline(layers=layers).names) == components


def test_an_unknown_layer_is_named_with_the_known_ones() -> None:
    from presslens.api import build_pipeline
    from presslens.errors import PipelineError

    with pytest.raises(PipelineError, match=r"\['sentiment'\].*actors, claims"):
        build_pipeline(layers=["sentences", "sentiment"])


def test_a_cheap_pass_then_all_layers_into_one_store(tmp_path: Path) -> None:
    folder = _write(tmp_path / "in", "a.txt", MONDAY)
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--out", str(out), "--layers", "sentences", "-q"]) == 0
    (doc,) = [json.loads(x) for x in (out / "documents.jsonl").read_text().splitlines()]
    assert set(doc["layers"]) <= {"paragraphs", "sentences", "furniture"}
    assert "digest" not in json.loads((out / "corpus.json").read_text())
    assert main(["analyze", str(folder), "--out", str(out), "-q"]) == 0
    (doc,) = [json.loads(x) for x in (out / "documents.jsonl").read_text().splitlines()]
    assert {"actors", "claims", "techniques", "key_sentences"} <= set(doc["layers"])


def test_the_report_of_part_of_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    analyze([str(_write(tmp_path / "mon", "a.txt", MONDAY))], out_dir=out, pipeline=_cheap())
    analyze([str(_write(tmp_path / "tue", "b.txt", TUESDAY))], out_dir=out, pipeline=_cheap())
    db, page = str(out / "presslens.db"), tmp_path / "tuesday.html"
    assert main(["report", "--db", db, "--out", str(page), "--until", "2025-03-03", "-q"]) == 0
    report = page.read_text()
    assert "Valmora crossing to reopen" in report
    assert "What the Valmora deal means" not in report


@pytest.mark.slow
def test_memory_stays_flat_as_the_corpus_grows(tmp_path: Path) -> None:
    """A cheap pass over five times the articles needs at most 1.3 times the memory (the
    documents are held once, by the views; the models and libraries are the rest)."""
    import random
    import resource
    import subprocess
    import sys

    rng = random.Random(5)
    words = MONDAY.split() + TUESDAY.split()

    def corpus(n: int) -> Path:
        folder = tmp_path / f"c{n}"
        folder.mkdir()
        for i in range(n):
            body = " ".join(rng.choice(words) for _ in range(900))
            (folder / f"a{i:04d}.txt").write_text(f"Article {i}\n\n{body}.\n")
        return folder

    peaks = []
    for n in (60, 300):
        folder = corpus(n)
        cmd = [sys.executable, "-m", "presslens.cli", "analyze", str(folder), "--out",
               str(tmp_path / f"out{n}"), "--layers", "sentences", "-q"]  # fmt: skip
        subprocess.run(cmd, check=True, timeout=600)
        peaks.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    assert peaks[1] <= 1.3 * peaks[0], peaks
