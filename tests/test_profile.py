"""Where the time goes: exclusive stage timing, one techniques pass per document, the bench."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from presslens.cli import main
from presslens.components import default_pipeline
from presslens.ingest import ingest_text
from presslens.profile import Profile, profiling, stage, timed

ARTICLE = (
    "Talks resume in Geneva\n\nThe foreign minister of France said on Monday that talks with "
    "Germany would resume. “We expect a deal this week,” she told reporters in Geneva, adding "
    "that the United States had been informed. Critics called the plan a disgraceful surrender."
)


def test_stages_are_exclusive_and_add_up() -> None:
    with profiling() as prof, stage("outer"):
        time.sleep(0.02)
        with stage("inner"):
            time.sleep(0.03)
        with stage("inner"):
            time.sleep(0.01)
    assert prof.calls == {"outer": 1, "inner": 2}
    assert prof.seconds["inner"] == pytest.approx(0.04, abs=0.02)
    assert prof.seconds["outer"] == pytest.approx(0.02, abs=0.02)
    assert sum(prof.shares().values()) == pytest.approx(1.0)
    assert "inner" in prof.table().splitlines()[1]


def test_no_profile_no_timing_and_timed_iterators() -> None:
    with stage("ignored"):
        pass
    with profiling() as prof:
        assert list(timed("produce", iter([1, 2, 3]))) == [1, 2, 3]
    assert prof.calls == {"produce": 4}  # three items and the end
    assert Profile().total == 0.0


def test_the_techniques_pass_runs_once_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """subjectivity and techniques read one pass (they used to load two copies of the model and
    pay for the pass twice)."""
    from presslens.techniques import shared

    calls: list[str] = []
    real = shared.encode_text

    def counting(net: Any, text: str, **kwargs: Any) -> Any:
        calls.append(text)
        return real(net, text, **kwargs)

    monkeypatch.setattr(shared, "encode_text", counting)
    shared._CACHE.clear()
    pipeline = default_pipeline()
    docs = ingest_text(ARTICLE) + ingest_text(ARTICLE.replace("Geneva", "Vienna"))
    done = [pipeline(doc) for doc in docs]
    assert len(calls) == 2
    assert all(d.layer("subjectivity") and "techniques" in d.layers for d in done)


def test_analyze_profile_prints_the_stages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    code = main(["analyze", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--profile",
                 "--json"])  # fmt: skip
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    stages = summary["profile"]
    for name in ("ingest", "component: actors", "spaCy parse", "encoder: techniques pass",
                 "encoder: claims model", "store", "corpus views", "report"):  # fmt: skip
        assert name in stages, name
    assert stages["encoder: techniques pass"]["calls"] == 1
    assert sum(s["share"] for s in stages.values()) == pytest.approx(1.0, abs=0.01)


@pytest.mark.slow
def test_bench_pipeline_reports_the_ratio_to_the_floor(
    capsys: pytest.CaptureFixture[str],
) -> None:
    corpus = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    assert main(["bench", "pipeline", "--data", str(corpus), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["words"] > 1000 and report["articles"] >= 5
    job, floor = report["job"], report["floor"]
    assert job["words_per_s"] > 0 and floor["words_per_s"] > 0 and job["peak_memory_mb"] > 0
    assert report["ratio_to_floor"] == pytest.approx(
        job["words_per_s"] / floor["words_per_s"], abs=0.002
    )
    # (the encoders' stages may be absent: earlier tests in this process cached their vectors)
    assert {"ingest", "component: sentences", "corpus views", "report"} <= set(report["stages"])
