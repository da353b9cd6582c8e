"""The PLOVER ontology: types, modes, scores and the CAMEO mapping."""

from __future__ import annotations

import pytest

from presslens.events.plover import (
    PLOVER_TYPES,
    TYPES,
    cameo_root,
    cameo_root_of,
    classify,
    score,
)

ISSUE_TYPES = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]


def test_the_sixteen_plover_types() -> None:
    assert sorted(PLOVER_TYPES) == sorted(ISSUE_TYPES)


def test_scores_stay_on_the_goldstein_scale_and_order_cooperation_over_conflict() -> None:
    for event_type in TYPES.values():
        assert -10.0 <= event_type.score <= 10.0
        for value in event_type.modes.values():
            assert -10.0 <= value <= 10.0
    assert score("AID") > score("CONSULT") > 0 > score("ACCUSE") > score("THREATEN")
    assert score("ASSAULT", "mass") == -10.0
    assert score("REQUEST", "demand") < 0 < score("REQUEST", "appeal")
    assert score("AGREE", "no such mode") == TYPES["AGREE"].score


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("036", ("AGREE", "")),
        ("057", ("AGREE", "sign")),
        ("041", ("CONSULT", "phone")),
        ("046", ("CONSULT", "negotiate")),
        ("051", ("SUPPORT", "praise")),
        ("061", ("COOPERATE", "economic")),
        ("073", ("AID", "humanitarian")),
        ("0841", ("RETREAT", "release")),
        ("0871", ("RETREAT", "ceasefire")),
        ("081", ("CONCEDE", "ease")),
        ("0231", ("REQUEST", "appeal")),
        ("1041", ("REQUEST", "demand")),
        ("112", ("ACCUSE", "disapprove")),
        ("090", ("ACCUSE", "investigate")),
        ("120", ("REJECT", "")),
        ("1312", ("THREATEN", "sanction")),
        ("138", ("THREATEN", "assault")),
        ("143", ("PROTEST", "strike")),
        ("154", ("MOBILIZE", "")),
        ("163", ("SANCTION", "economic")),
        ("173", ("COERCE", "arrest")),
        ("183", ("ASSAULT", "bombing")),
        ("194", ("ASSAULT", "artillery")),
        ("202", ("ASSAULT", "mass")),
    ],
)
def test_cameo_codes_map_to_plover(code: str, expected: tuple[str, str]) -> None:
    assert classify(code) == expected


@pytest.mark.parametrize("code", ["010", "019", "---", "", None, "xxy", "987"])
def test_statements_and_null_codes_have_no_plover_type(code: str | None) -> None:
    assert classify(code) is None


def test_cameo_roots() -> None:
    assert cameo_root("0231") == "02"
    assert cameo_root("194") == "19"
    assert cameo_root("174K") == "17"
    assert cameo_root("---") is None
    assert cameo_root_of("ASSAULT") == "19"
    assert cameo_root_of("ASSAULT", "mass") == "20"
    assert cameo_root_of("REQUEST", "demand") == "10"
    assert cameo_root_of("ACCUSE", "investigate") == "09"
    for name in ISSUE_TYPES:
        root = cameo_root_of(name)
        assert classify(root + "0") is not None


def test_a_threat_frame_turns_conflict_into_threaten() -> None:
    assert classify("163", frame="threat") == ("THREATEN", "sanction")
    assert classify("190", frame="threat") == ("THREATEN", "assault")
    assert classify("173", frame="threat") == ("THREATEN", "coerce")
    assert classify("041", frame="threat") == ("CONSULT", "phone")  # cooperation stays
