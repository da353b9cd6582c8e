"""Verb dictionaries: both PETRARCH syntaxes, the compact format, the packaged lexicon."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.errors import ModelError
from presslens.events.lexicon import VerbLexicon, is_event_code
from presslens.events.petrarch import load_petrarch_verbs, regular_forms
from presslens.events.verbs import load_lexicon, packaged_lexicon

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CAMEO = SHARED / "data" / "petrarch2" / "dictionaries" / "CAMEO.2.0.txt"
PACKAGED = Path(__file__).resolve().parents[2] / "src/presslens/events/data/cameo_verbs.tsv"

PETRARCH1 = """<!-- a PETRARCH 1 style test dictionary -->
&TIES_
+MILITARY
+ECONOMIC

&NEG
+WILL NOT
+DID N'T

--- ABANDON  [345]  ---
ABANDON    # a comment
- * &TIES TIES [902]
- &NEG * EFFORT  [987]
- PLANES_* [223]

--- BREAK [1717] ---
BREAK { BROKE BROKEN }
+BREAK_DOWN {+BREAKS_DOWN +BROKE_DOWN +BROKEN_DOWN }
WIRE_+TAP {WIRE_+TAPPED}
- + * IN $  [075]

--- LEFT  [032:033]  ---
LEFT
"""

PETRARCH2 = """# a PETRARCH 2 style test dictionary
####### SYNONYM SETS #######
&WEAPON
+MISSILE
+ROCKET

####### VERB PATTERNS #######
---  FIRE   [---]  ---
FIRE
LAUNCH [190]
- * &WEAPON (AT)                [195]
- * {MOCK ATTACK}               [062]
- * (BY/WITH SANCTIONS)         [163]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_regular_forms() -> None:
    assert regular_forms("RESTORE") == {"RESTORE", "RESTORES", "RESTORED", "RESTORING"}
    assert regular_forms("CARRY") == {"CARRY", "CARRIES", "CARRIED", "CARRYING"}
    assert "WATCHES" in regular_forms("WATCH")


def test_event_codes() -> None:
    assert is_event_code("064") and is_event_code("174K") and is_event_code("1010")
    assert not any(is_event_code(c) for c in ("---", "", "+++", "###", "xxy", None))


def test_petrarch1_dictionary(tmp_path: Path) -> None:
    lexicon = load_petrarch_verbs(_write(tmp_path, "v1.txt", PETRARCH1))
    (abandon,) = lexicon.by_form("ABANDONED")
    assert (abandon.base, abandon.block, abandon.code) == ("ABANDON", "ABANDON", "345")
    patterns = lexicon.block_patterns("ABANDON")
    assert [p.code for p in patterns] == ["902", "987", "223"]
    assert all(p.clausal for p in patterns)  # PETRARCH 1 patterns see whole clauses
    assert patterns[0].text() == "* &TIES TIES"
    assert patterns[2].verb_joined and patterns[2].text() == "PLANES_*"
    # synsets: plurals unless the name ends in "_"; multi-word phrases kept together
    assert ("MILITARY",) in lexicon.synsets["&TIES"]
    assert ("MILITARIES",) not in lexicon.synsets["&TIES"]
    assert ("WILL", "NOT") in lexicon.synsets["&NEG"]
    # irregular forms in {...} are complete; multi-word verbs keep their particles
    assert {e.back for e in lexicon.by_form("BROKE")} == {(), ("DOWN",)}
    assert not lexicon.by_form("BREAKING")
    (tap,) = lexicon.by_form("TAPPED")
    assert tap.front == ("WIRE",) and tap.code == "1717"
    marked = lexicon.block_patterns("BREAK")[0]
    assert [e.kind for e in marked.before] == ["target"]
    assert [e.kind for e in marked.after] == ["word", "source"]
    (left,) = lexicon.by_form("LEFT")
    assert left.code == "032:033"


def test_petrarch2_dictionary(tmp_path: Path) -> None:
    lexicon = load_petrarch_verbs(_write(tmp_path, "v2.txt", PETRARCH2))
    assert {e.code for e in lexicon.by_base("FIRE")} == {"---"}
    assert {e.code for e in lexicon.by_base("LAUNCH")} == {"190"}
    weapon, mock, sanctions = lexicon.block_patterns("FIRE")
    assert not weapon.clausal
    assert [e.kind for e in weapon.after] == ["synset", "prep"]
    assert [(e.kind, e.value) for e in mock.after] == [("word", "MOCK"), ("head", "ATTACK")]
    assert [(e.kind, e.value) for e in sanctions.after] == [
        ("prep", "BY/WITH"),
        ("head", "SANCTIONS"),
    ]
    assert ("ROCKETS",) in lexicon.synsets["&WEAPON"]


def test_undefined_synsets_skip_the_pattern_or_raise(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.txt", "--- X [010] ---\nX\n- * &NOPE [020]\n")
    assert load_petrarch_verbs(path).block_patterns("X") == ()
    with pytest.raises(ModelError, match="undefined synset"):
        load_petrarch_verbs(path, strict=True)


def test_compact_format_round_trip(tmp_path: Path) -> None:
    for text in (PETRARCH1, PETRARCH2):
        lexicon = load_petrarch_verbs(_write(tmp_path, "d.txt", text))
        lexicon.dump(tmp_path / "d.tsv", notice=["test notice"])
        again = load_lexicon(tmp_path / "d.tsv")
        assert again.fingerprint == lexicon.fingerprint
        assert again == lexicon
        assert (tmp_path / "d.tsv").read_text().splitlines()[1] == "# test notice"


def test_merged_lexicons_put_the_first_first(tmp_path: Path) -> None:
    one = load_petrarch_verbs(_write(tmp_path, "a.txt", "--- A [111] ---\nFIRE\n"))
    two = load_petrarch_verbs(_write(tmp_path, "b.txt", PETRARCH2))
    merged = one.merged(two)
    assert [e.code for e in merged.by_base("FIRE")] == ["111", "---"]
    assert merged.fingerprint not in (one.fingerprint, two.fingerprint)


def test_packaged_lexicon_loads_with_the_mit_notice() -> None:
    lexicon = packaged_lexicon()
    assert isinstance(lexicon, VerbLexicon)
    assert len(lexicon) > 1500
    assert lexicon.by_base("STRIKE") and lexicon.by_base("REJECT")
    head = PACKAGED.read_text(encoding="utf-8").splitlines()[:60]
    assert any("The MIT License" in line for line in head)
    assert any("Open Event Data Alliance" in line for line in head)


@pytest.mark.needs_shared
def test_packaged_file_is_what_the_documented_command_builds(tmp_path: Path) -> None:
    if not CAMEO.is_file():
        pytest.skip("../shared/data/petrarch2 is not beside the checkout")
    from presslens.events.verbs import main

    out = tmp_path / "cameo_verbs.tsv"
    assert main(["build", str(CAMEO), str(out)]) == 0
    assert out.read_text(encoding="utf-8") == PACKAGED.read_text(encoding="utf-8")


def test_lexicons_pickle_for_worker_processes() -> None:
    import pickle

    lexicon = packaged_lexicon()
    again = pickle.loads(pickle.dumps(lexicon))
    assert again == lexicon and again.by_form("STRUCK") == lexicon.by_form("STRUCK")
