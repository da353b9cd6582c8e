"""Tests of the article-extraction metric and the quality gate of presslens HTML extraction."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from types import ModuleType

import pytest

from presslens.errors import EvaluationError, IngestError
from presslens.evaluate.extraction import (
    aggregate,
    evaluate_extraction,
    page_counts,
    page_precision,
    page_recall,
    score,
    score_system_output,
    shingles,
    tokenize,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
BENCHMARK = SHARED / "data" / "article_extraction_benchmark"

# The floor is in tests/quality_floors.json: measured 2026 with trafilatura 2.3.1 on all 181
# pages, F1 0.9598 (P 0.9420, R 0.9783).


def _f1(true: str, pred: str) -> float:
    return aggregate([page_counts(true, pred)])["f1"]


# --------------------------------------------------------------------------- tokens and shingles


def test_tokens_are_word_runs() -> None:
    assert tokenize("Don't panic — it's 9:30, café!") == [
        "Don",
        "t",
        "panic",
        "it",
        "s",
        "9",
        "30",
        "café",
    ]
    assert tokenize(None) == []


def test_shingles_are_4grams_counted_as_multiset() -> None:
    assert shingles("a b c d a b c d") == {
        ("a", "b", "c", "d"): 2,
        ("b", "c", "d", "a"): 1,
        ("c", "d", "a", "b"): 1,
        ("d", "a", "b", "c"): 1,
    }


def test_short_text_makes_one_short_shingle() -> None:
    assert shingles("a b") == {("a", "b"): 1}
    assert shingles("") == {}
    assert shingles("...") == {}


# --------------------------------------------------------------------------- per-page scores


def test_identical_texts_score_one() -> None:
    text = "The talks in Lindqvist lasted three hours, officials said."
    assert page_counts(text, text) == (1.0, 0.0, 0.0)
    assert _f1(text, text) == 1.0
    # punctuation and line breaks are not tokens
    assert _f1("Talks ended, officials said.", "Talks ended\nofficials said") == 1.0


def test_disjoint_texts_score_zero() -> None:
    assert _f1("one two three four five", "six seven eight nine ten") == 0.0
    # three tokens against four: one short shingle against one 4-gram, nothing shared
    assert _f1("a b c", "a b c d") == 0.0


def test_partial_overlap_symmetric() -> None:
    # truth (abcd, bcde), prediction (abcd, bcdx): tp=1 fp=1 fn=1 -> thirds; P = R = F1 = 1/2
    counts = page_counts("a b c d e", "a b c d x")
    assert counts == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert page_precision(counts) == pytest.approx(0.5)
    assert page_recall(counts) == pytest.approx(0.5)
    assert _f1("a b c d e", "a b c d x") == pytest.approx(0.5)


def test_partial_overlap_missing_tail() -> None:
    # truth (abcd, bcde, cdef), prediction (abcd, bcde): tp=2 fp=0 fn=1 -> P=1, R=2/3, F1=0.8
    result = aggregate([page_counts("a b c d e f", "a b c d e")])
    assert result["precision"] == pytest.approx(1.0)
    assert result["recall"] == pytest.approx(2 / 3)
    assert result["f1"] == pytest.approx(0.8)


def test_repeated_shingles_count_as_multiset() -> None:
    # truth: abcd twice plus 4 other shingles; prediction: abcd once -> tp=1 fp=0 fn=5
    counts = page_counts("a b c d x a b c d", "a b c d")
    assert page_precision(counts) == pytest.approx(1.0)
    assert page_recall(counts) == pytest.approx(1 / 6)


def test_empty_cases() -> None:
    assert page_counts("", "") == (0.0, 0.0, 0.0)
    assert page_precision((0.0, 0.0, 0.0)) == 1.0
    assert page_recall((0.0, 0.0, 0.0)) == 1.0
    # empty prediction: precision 0 (but left out of the average), recall 0
    missed = page_counts("a b c d", None)
    assert missed == (0.0, 0.0, 1.0)
    assert page_recall(missed) == 0.0
    # empty truth, something predicted: precision 0, left out of the recall average
    spurious = page_counts("", "a b c d")
    assert spurious == (0.0, 1.0, 0.0)
    assert page_precision(spurious) == 0.0


def test_empty_prediction_costs_recall_not_precision() -> None:
    result = score({"p1": "a b c d e", "p2": "f g h i j"}, {"p1": "a b c d e", "p2": ""})
    assert result["precision"] == pytest.approx(1.0)
    assert result["recall"] == pytest.approx(0.5)
    assert result["f1"] == pytest.approx(2 / 3)
    assert result["accuracy"] == pytest.approx(0.5)
    assert result["pages"] == 2


def test_missing_prediction_counts_as_empty() -> None:
    assert score({"p1": "a b c d e"}, {})["recall"] == 0.0


def test_nothing_predicted_anywhere_gives_zero_not_a_crash() -> None:
    result = score({"p1": "a b c d e"}, {"p1": None})
    assert result["precision"] == 0.0
    assert result["f1"] == 0.0


def test_accuracy_is_exact_token_sequence() -> None:
    result = score({"a": "Hello, world!", "b": "x y"}, {"a": "Hello world", "b": "y x"})
    assert result["accuracy"] == pytest.approx(0.5)


# --------------------------------------------------------------------------- the dataset runner


def test_missing_folder_raises_evaluation_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match=r"ground-truth\.json.*Pass the folder"):
        evaluate_extraction(tmp_path / "nope")


def test_folder_without_html_raises_evaluation_error(tmp_path: Path) -> None:
    (tmp_path / "ground-truth.json").write_text("{}", encoding="utf-8")
    with pytest.raises(EvaluationError, match="html/"):
        evaluate_extraction(tmp_path)


def _tiny_benchmark(root: Path) -> Path:
    truth = {
        "aa": {"articleBody": "The talks lasted three hours in all.", "url": "https://x.test/a"},
        "bb": {"articleBody": "A 90-minute session ended without a deal.", "url": None},
    }
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    (root / "html").mkdir()
    for key in truth:
        with gzip.open(root / "html" / f"{key}.html.gz", "wt", encoding="utf-8") as fh:
            fh.write(f"<html><body><p>{key}</p></body></html>")
    return root


def test_runner_scores_failures_as_empty(tmp_path: Path) -> None:
    root = _tiny_benchmark(tmp_path)

    def fake(html: str, url: str | None) -> str:
        if "bb" in html:
            raise IngestError("bb", "no article text found")
        assert url == "https://x.test/a"
        return "The talks lasted three hours in all."

    result = evaluate_extraction(root, extractor=fake)
    assert result["pages"] == 2
    assert result["failed"] == 1
    assert result["precision"] == pytest.approx(1.0)
    assert result["recall"] == pytest.approx(0.5)
    assert result["accuracy"] == pytest.approx(0.5)
    assert {"seconds", "docs_per_s", "mb_per_s", "f1"} <= result.keys()
    assert evaluate_extraction(root, extractor=fake, limit=1)["pages"] == 1


def test_missing_page_file_raises_evaluation_error(tmp_path: Path) -> None:
    root = _tiny_benchmark(tmp_path)
    (root / "html" / "bb.html.gz").unlink()
    with pytest.raises(EvaluationError, match=r"bb\.html\.gz"):
        evaluate_extraction(root, extractor=lambda html, url: "")


# --------------------------------------------------------------------------- the real benchmark

needs_benchmark = pytest.mark.skipif(
    not (BENCHMARK / "ground-truth.json").is_file(),
    reason=f"the article-extraction benchmark is not at {BENCHMARK}",
)


@pytest.mark.needs_shared
@needs_benchmark
def test_metric_reproduces_published_trafilatura_score() -> None:
    """The benchmark's stored trafilatura 2.0.0 output is published at F1 0.958."""
    result = score_system_output(BENCHMARK, BENCHMARK / "output" / "trafilatura.json")
    assert result["pages"] == 181
    assert result["f1"] == pytest.approx(0.958, abs=0.0005)


@pytest.mark.slow
@pytest.mark.needs_shared
@needs_benchmark
def test_quality_gate_html_extraction(gate: ModuleType) -> None:
    args = gate.arguments("extraction")
    assert args.data == BENCHMARK
    result = evaluate_extraction(args.data)
    assert result["pages"] == 181
    gate.check("extraction", result)
