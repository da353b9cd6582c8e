"""The shipped technique model: loads offline, finds the seed passages, keeps its quality floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslens.techniques import detect
from presslens.techniques.network import PACKAGE, clear_model_cache, load_model, load_state
from presslens.techniques.taxonomy import PTC_TECHNIQUES
from presslens.weights import weights_dir

pytest.importorskip("torch")

SENTENCE_LAYERS = ("claims", "subjectivity", "stance")  # their weights count in the budget too


def test_shipped_weights_are_small_and_documented() -> None:
    folder = weights_dir(PACKAGE)
    total = sum(p.stat().st_size for p in folder.iterdir())
    layers = [Path(folder).parent.parent / name / "weights" for name in SENTENCE_LAYERS]
    total += sum(p.stat().st_size for layer in layers for p in layer.iterdir())
    assert total < 25 * 1024 * 1024
    meta = json.loads((folder / "techniques.json").read_text())
    for key in ("seed", "threshold", "temperature", "span_calibration", "train_seconds"):
        assert key in meta
    assert meta["labels"] == list(PTC_TECHNIQUES)
    state = load_state(folder / "techniques.npz")
    assert any(name.startswith("encoder.encoder.layer.") for name in state)
    assert "tagger.weight" in state


@pytest.mark.usefixtures("no_network")
def test_loads_and_runs_without_network() -> None:
    clear_model_cache()
    found = detect("These war-besotted incompetents are sleep-walking us toward World War 3.")
    assert found, "no technique found in an obvious case"
    for d in found:
        assert d.label in PTC_TECHNIQUES
        assert 0.0 <= d.score <= d.span_score <= 1.0
        assert d.semeval2023


def test_empty_and_blank_texts() -> None:
    assert detect("") == []
    assert detect("   \n ") == []


@pytest.mark.parametrize(
    ("text", "phrase", "labels"),
    [
        (
            "The president is an overpromoted simpleton who cannot read a briefing.",
            "overpromoted simpleton",
            {"Name_Calling,Labeling", "Loaded_Language"},
        ),
        (
            "The government announced a new budget on Monday. The opposition leader called it a "
            "disgraceful betrayal of hard-working families, and said the finance minister was a "
            "clueless puppet of the banks.",
            "clueless puppet",
            {"Name_Calling,Labeling", "Loaded_Language"},
        ),
        (
            "If we do not stop them now, our children will pay the price. They will come for our "
            "jobs, our homes and our freedom.",
            "our children will pay the price",
            {"Appeal_to_fear-prejudice"},
        ),
    ],
)
def test_obvious_cases(text: str, phrase: str, labels: set[str]) -> None:
    found = detect(text)
    start = text.index(phrase)
    hits = [d for d in found if d.start < start + len(phrase) and start < d.end]
    assert hits, f"nothing found over {phrase!r}: {found}"
    assert {d.label for d in hits} & labels, hits


def test_plain_report_has_no_technique() -> None:
    text = (
        "The committee met on Thursday and approved the minutes of the previous meeting. "
        "The next session is scheduled for March."
    )
    assert detect(text) == []


def test_precomputed_encoding_gives_the_same_spans() -> None:
    from presslens.techniques.infer import encode_text

    text = "They called the plan a disgraceful betrayal. The vote is on Friday."
    model = load_model()
    shared = encode_text(model.net, text, layers=True)
    assert detect(text, model, encoded=shared) == detect(text, model)
    with pytest.raises(ValueError, match="another text"):
        detect(text + " More.", model, encoded=shared)


@pytest.mark.parametrize(("language", "expect_spans"), [(None, True), ("en", True), ("ru", False)])
def test_component_runs_on_english_only(language: str | None, expect_spans: bool) -> None:
    from presslens.model import Document, Meta
    from presslens.techniques.component import Techniques

    text = "These war-besotted incompetents are sleep-walking us toward World War 3."
    doc = Document(id=f"lang-{language}", text=text, meta=Meta(language=language))
    spans = Techniques()(doc).layer("techniques")
    assert bool(spans) is expect_spans


@pytest.mark.slow
def test_loading_the_models_prints_no_progress_bars() -> None:
    import subprocess
    import sys

    code = (
        "from presslens.techniques.network import load_model; load_model()\n"
        "from presslens.claims.network import load_claims_model; load_claims_model()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert "Loading weights" not in done.stderr + done.stdout
    assert "%|" not in done.stderr
