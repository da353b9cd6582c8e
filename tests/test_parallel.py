"""``--workers N``: the pipeline in worker processes gives the same documents as one process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from presslens.api import analyze
from presslens.cli import main
from presslens.ingest import ingest
from presslens.parallel import Workers

REPO = Path(__file__).resolve().parents[1]


def _shape(doc: Any) -> dict[str, Any]:
    """What must be equal: ids, text, every span's place and label (scores within rounding)."""
    return {
        "id": doc.id,
        "text": doc.text,
        "layers": {k: [(s.start, s.end, s.label) for s in v] for k, v in doc.layers.items()},
        "scores": {k: [s.score for s in v] for k, v in doc.layers.items()},
    }


@pytest.mark.slow
def test_two_workers_give_the_same_documents_as_one_process(tmp_path: Path) -> None:
    corpus = REPO / "examples" / "corpus"
    one = analyze([str(corpus)], out_dir=tmp_path / "one")
    two = analyze([str(corpus)], out_dir=tmp_path / "two", workers=2)
    a, b = [_shape(d) for d in one.documents], [_shape(d) for d in two.documents]
    assert [d["id"] for d in a] == [d["id"] for d in b]
    for x, y in zip(a, b, strict=True):
        assert x["text"] == y["text"] and x["layers"] == y["layers"], x["id"]
        for layer, scores in x["scores"].items():
            assert scores == pytest.approx(y["scores"][layer], abs=2e-3), (x["id"], layer)
    assert one.corpus["documents"] == two.corpus["documents"]
    assert two.analysed_inputs == one.analysed_inputs


def test_the_cli_takes_workers_and_rejects_as_one_process_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Talks resume\n\nThe ministers met in Geneva on Monday.\n")
    (src / "b.jsonl").write_text('{"text": "Second one, about Vienna."}\n{bad\n')
    (src / "empty.txt").write_text("")
    out = tmp_path / "out"
    code = main(["analyze", str(src), "--out", str(out), "--workers", "2", "--layers",
                 "sentences", "--json"])  # fmt: skip
    assert code == 1
    summary = json.loads(capsys.readouterr().out)
    assert summary["documents"] == 2 and summary["rejected"] == 2


CRASH = """
import os


class Crash:
    name, version, requires, assigns = "crash", "1", (), ("crash",)

    def __call__(self, doc):
        open(os.path.join(os.path.dirname(__file__), "died"), "w").close()
        os._exit(3)  # the worker dies, as under the kernel's out-of-memory killer
"""


def test_a_dead_worker_costs_its_inputs_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib
    import sys

    (tmp_path / "crashmod.py").write_text(CRASH)  # importable by the workers too
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path) + ":" + ":".join(sys.path))
    crash = importlib.import_module("crashmod").Crash
    (tmp_path / "a.txt").write_text("Talks resume\n\nThe ministers met in Geneva on Monday.\n")
    (item,) = list(ingest([str(tmp_path / "a.txt")]))
    from presslens.pipeline import Pipeline

    with Workers(Pipeline([crash()]), 2) as pool:
        ((done, failed),) = pool.map([item])
    assert done == [] and "a worker process died" in failed[0].reason
    assert (tmp_path / "died").exists()  # it died analysing, not while starting
    with Workers(Pipeline(["paragraphs"]), 2) as pool:
        ((again, _),) = pool.map([item])
    assert again and again[0].layer("paragraphs")
