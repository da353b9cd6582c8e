"""The main job end to end: the seed dossier, the bundled examples, bad inputs, crash and resume."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from presslens.api import analyze
from presslens.model import Document

REPO = Path(__file__).resolve().parents[1]

SEED_001_ARTICLES = [
    ("The Putin-Trump call was a true turning point", ("Tarik Cyril Amar",)),
    (
        "Russia has won a war against the West: What the Putin-Trump call really means",
        ("Tarik Cyril Amar",),
    ),
    (
        "‘It is impossible to bring us to our knees’: Russia reacts to Putin-Trump phone call",
        ("Georgiy Berezovsky",),
    ),
    ("Biden policies brought world to brink of apocalypse – Medvedev", ("RT",)),
    (
        "Fyodor Lukyanov: Trump’s call with Putin marks a shift in global power",
        ("Fyodor Lukyanov",),
    ),
]


@pytest.fixture(scope="module")
def seed_run(seeds: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("seeds")
    return analyze([str(seeds)], out_dir=out), out


def test_seed_dossier_gives_five_plus_five_documents(seed_run) -> None:  # type: ignore[no-untyped-def]
    result, out = seed_run
    docs = [Document.from_json(x) for x in (out / "documents.jsonl").read_text().splitlines()]
    assert len(docs) == 10
    parents = [d for d in docs if d.parent_id is None]
    children = [d for d in docs if d.parent_id is not None]
    assert len(parents) == 5 and len(children) == 5
    (compilation,) = [d for d in parents if d.meta.extra.get("compilation")]
    assert {c.parent_id for c in children} == {compilation.id}
    got = [(c.meta.title, c.meta.authors, c.meta.published) for c in children]
    assert got == [(t, a, "2025-02-13") for t, a in SEED_001_ARTICLES]
    for child in children:
        start, end = child.source.range
        assert compilation.text[start:end] == child.text
    assert compilation.layer("notes"), "the editor's preface is kept as a note of the parent"
    assert not result.rejections


def test_seed_metadata(seed_run) -> None:  # type: ignore[no-untyped-def]
    result, _ = seed_run
    by_name = {Path(d.source.origin).name[:3]: d for d in result.documents if d.parent_id is None}
    assert by_name["000"].meta.translated_from == "ru"
    assert "Translated from" not in by_name["000"].text
    assert by_name["000"].meta.title is None
    assert by_name["003"].meta.title.startswith("Exclusive Insights")
    assert by_name["004"].meta.title.startswith("When two super leaders talk")
    assert all(d.meta.language == "en" for d in result.documents)


def test_seed_reused_medvedev_passage(seed_run) -> None:  # type: ignore[no-untyped-def]
    result, out = seed_run
    corpus = json.loads((out / "corpus.json").read_text())
    children = {d.id: d for d in result.documents if d.parent_id}
    third, fourth = sorted(children)[2], sorted(children)[3]
    found = []
    for passage in corpus["reused_passages"]:
        ids = {o["doc_id"] for o in passage["occurrences"]}
        if {third, fourth} <= ids:
            texts = [
                children[o["doc_id"]].text[o["start"] : o["end"]] for o in passage["occurrences"]
            ]
            found.append(" ".join(texts))
    assert any("Doomsday Clock" in t or "shouting matches" in t for t in found)


def test_examples_and_bad_inputs(tmp_path: Path) -> None:
    result = analyze(
        [str(REPO / "examples" / "corpus"), str(REPO / "examples" / "bad")], out_dir=tmp_path
    )
    rejected = {Path(r.origin.split(":")[0]).name: r.reason for r in result.rejections}
    for name in ("empty.txt", "image.png", "truncated.html", "mixed.jsonl", "broken_feed.xml"):
        assert name in rejected, f"{name} should be rejected"
    assert "binary" in rejected["image.png"] and "empty" in rejected["empty.txt"]
    texts = {Path(d.source.origin).name: d.text for d in result.documents}
    assert "é" in texts["cp1252_article.txt"] and "é" in texts["latin1_article.txt"]
    lines = (tmp_path / "rejected.jsonl").read_text().splitlines()
    assert len(lines) == len(result.rejections) >= 5
    titles = [d.meta.title for d in result.documents]
    assert all(titles), "every example article has a title"


KILL_SCRIPT = """
import sys
from presslens.cli import main
sys.exit(main(["analyze", sys.argv[1], "--out", sys.argv[2], "--quiet"]))
"""


def _stored_inputs(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return int(con.execute("select count(*) from inputs").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_killed_run_leaves_store_consistent_and_rerun_resumes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    n = 400
    for i in range(n):
        (src / f"a{i:04d}.txt").write_text(
            f"Report {i}\n\nDelegation {i} arrived in Valmora on day {i}. "
            f"They said talks would last {i % 7 + 1} hours. " * 3
        )
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(src), str(out)],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    db = out / "presslens.db"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists() and _stored_inputs(db) >= 20:  # readers read while the run writes
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed; make it longer"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as con:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        done = con.execute("select count(*) from inputs").fetchone()[0]
        n_docs = con.execute("select count(*) from documents").fetchone()[0]
    assert 20 <= done < n and n_docs == done  # no half-written input
    result = analyze([str(src)], out_dir=out)
    assert result.skipped_inputs == done
    assert result.analysed_inputs == n - done
    assert len(result.documents) == n
    assert len((out / "documents.jsonl").read_text().splitlines()) == n


def test_outputs_validate_against_the_json_schemas(seed_run) -> None:  # type: ignore[no-untyped-def]
    jsonschema = pytest.importorskip("jsonschema")
    from importlib import resources

    _, out = seed_run
    schemas = resources.files("presslens").joinpath("schema")
    doc_schema = json.loads(schemas.joinpath("document.schema.json").read_text())
    corpus_schema = json.loads(schemas.joinpath("corpus.schema.json").read_text())
    for line in (out / "documents.jsonl").read_text().splitlines():
        jsonschema.validate(json.loads(line), doc_schema)
    jsonschema.validate(json.loads((out / "corpus.json").read_text()), corpus_schema)


def test_inputs_can_be_known_by_another_name(tmp_path: Path) -> None:
    # the web UI names uploads this way: their folder is deleted after the job
    from presslens.api import analyze
    from presslens.components import INGEST_LAYERS, load_builtin_components
    from presslens.pipeline import Pipeline
    from presslens.store import Store

    load_builtin_components()
    path = tmp_path / "a.txt"
    path.write_text("A title\n\nThe council met on Monday and agreed on the budget.\n")
    db = tmp_path / "s.db"
    name = "upload:job1/00-a.txt"
    pipe = Pipeline(("paragraphs", "sentences"), given=INGEST_LAYERS)
    result = analyze([str(path)], db=db, pipeline=pipe, origins={str(path): name})
    assert [d.source.origin for d in result.documents] == [name]
    with Store(db) as store:
        assert store.runs()[-1]["inputs"] == [name]
        assert [i["origin"] for i in store.inputs()] == [name]
