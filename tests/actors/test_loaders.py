"""Loading actors: user YAML and CSV files, PETRARCH/CAMEO dictionaries, the role vocabulary."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from presslens.actors import (
    ActorKB,
    load_petrarch_actors,
    load_role_vocabulary,
    load_user_actors,
)
from presslens.errors import ModelError

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PETRARCH = SHARED / "data" / "petrarch2" / "dictionaries"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- user YAML ----------------------------------------------------------------------------------

USER_YAML = """\
version: 1
updated: 2025-11-20
actors:
  - id: person/jane-doe
    name: Jane Doe
    aliases: [Doe, {text: the Doe regime, loaded: true}, JD]
    gender: f
    country: RUS
    parent: org/acme-institute
    roles: [analyst, {role: research director, of: org/valdai}]
    former_roles: [diplomat]
  - id: org/acme-institute
    name: Acme Institute
    country: RUS
  - id: state/ZZZ
    name: Zedland
    demonyms: [Zedlander, Zedlanders]
    capital: Zed City
    government:
      aliases: [{text: Zed City, metonym: true}]
  - id: person/vladimir-putin
    name: Vladimir Putin
    aliases: [Putin, VVP]
    country: RUS
    parent: gov/RUS
    roles: [president]
"""


def test_user_yaml(tmp_path: Path) -> None:
    actors = load_user_actors(write(tmp_path, "mine.yaml", USER_YAML))
    by_id = {a.id: a for a in actors}
    assert set(by_id) == {
        "person/jane-doe",
        "org/acme-institute",
        "state/ZZZ",
        "gov/ZZZ",
        "person/vladimir-putin",
    }
    jane = by_id["person/jane-doe"]
    assert jane.kind == "person" and jane.source == f"user:{tmp_path / 'mine.yaml'}"
    flags = {a.text: (a.loaded, a.case_sensitive) for a in jane.aliases}
    assert flags == {
        "Jane Doe": (False, False),
        "Doe": (False, False),
        "the Doe regime": (True, False),
        "JD": (False, True),  # short acronyms are case-sensitive by default
    }
    assert by_id["gov/ZZZ"].parent == "state/ZZZ" and by_id["state/ZZZ"].country == "ZZZ"

    kb = ActorKB.default().extended(actors)
    assert [a.id for a in kb.lookup("the Doe regime")] == ["person/jane-doe"]
    assert [a.id for a in kb.lookup("Zed City")] == ["gov/ZZZ"]
    assert kb.country_of_demonym("Zedlanders") == "ZZZ"
    assert "person/jane-doe" in [a.id for a in kb.holders("org/valdai", "research director")]
    assert "person/jane-doe" in [a.id for a in kb.holders("RUS", "diplomat", former=True)]
    assert kb.get("person/vladimir-putin").source.startswith("user:")  # overrides the packaged one
    assert [a.id for a in kb.lookup("VVP")] == ["person/vladimir-putin"]


def test_user_yaml_include_and_plain_list(tmp_path: Path) -> None:
    write(tmp_path, "part.yaml", "- id: org/part\n  name: Part Org\n")
    main = write(tmp_path, "main.yaml", "version: 1\ninclude: [part.yaml]\nactors: []\n")
    assert [a.id for a in load_user_actors(main)] == ["org/part"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("  - id: person/x\n    name: X\n    gender: male\n", "gender 'male'"),
        ("  - id: person/x\n    name: X\n    colour: red\n", "unknown keys ['colour']"),
        ("  - id: person/x\n", "name"),
        ("  - id: Person X\n    name: X\n", "malformed"),
        ("  - id: thing/x\n    name: X\n", "kind is missing"),
        ("  - id: person/x\n    name: X\n    country: Russia\n", "ISO 3166-1"),
        ("  - id: person/x\n    name: X\n    aliases: [{txt: a}]\n", "alias has unknown keys"),
        ("  - id: org/x\n    name: X\n    government: {}\n", "only states and territories"),
    ],
)
def test_user_yaml_errors_name_file_entry_and_line(tmp_path: Path, body: str, message: str) -> None:
    good = "  - id: org/fine\n    name: Fine\n"
    path = write(tmp_path, "bad.yaml", "version: 1\nactors:\n" + good + body)
    with pytest.raises(ModelError) as info:
        load_user_actors(path)
    text = str(info.value)
    assert str(path) in text and "entry 2" in text and "line 5" in text
    assert message in text


def test_user_yaml_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not valid YAML"):
        load_user_actors(write(tmp_path, "a.yaml", "actors: [\n"))
    with pytest.raises(ModelError, match="schema version 2"):
        load_user_actors(write(tmp_path, "b.yaml", "version: 2\nactors: []\n"))
    with pytest.raises(ModelError, match="no such actor file"):
        load_user_actors(tmp_path / "missing.yaml")
    with pytest.raises(ModelError, match="unknown actor file type"):
        load_user_actors(write(tmp_path, "c.txt", ""))


def test_user_yaml_dangling_parent_is_caught_by_the_kb(tmp_path: Path) -> None:
    path = write(tmp_path, "d.yaml", "- id: person/x\n  name: X\n  parent: org/nowhere\n")
    with pytest.raises(ModelError, match="org/nowhere"):
        ActorKB.default().extended(load_user_actors(path))


# -- user CSV -----------------------------------------------------------------------------------

USER_CSV = """\
id,kind,name,aliases,country,parent,roles,former_roles,cameo,gender
person/john-roe,person,John Roe,Roe|J. Roe,USA,gov/USA,special envoy|negotiator,ambassador,USAGOV,m
org/roe-fund,,Roe Fund,RF,USA,,,,,
"""


def test_user_csv(tmp_path: Path) -> None:
    actors = load_user_actors(write(tmp_path, "mine.csv", USER_CSV))
    john, fund = actors
    assert john.id == "person/john-roe" and john.roles == ("special envoy", "negotiator")
    assert [a.text for a in john.aliases] == ["John Roe", "Roe", "J. Roe"]
    assert (john.country, john.parent, john.cameo, john.gender) == ("USA", "gov/USA", "USAGOV", "m")
    assert john.former_roles == ("ambassador",)
    assert fund.kind == "organisation" and fund.aliases[1].case_sensitive
    kb = ActorKB.default().extended(actors)
    assert "person/john-roe" in [a.id for a in kb.holders("USA", "envoy")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,name,colour\norg/x,X,red\n", "unknown columns ['colour']"),
        ("kind,name\norg,X\n", "header must name"),
        ("id,name,gender\norg/a,A,\nperson/x,X,x\n", "line 3 (id 'person/x'): gender 'x'"),
        ("id,name\norg/x,X,extra\n", "more cells than header"),
    ],
)
def test_user_csv_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(ModelError) as info:
        load_user_actors(path)
    assert str(path) in str(info.value) and message in str(info.value)


# -- PETRARCH -----------------------------------------------------------------------------------

SYNTHETIC = """\
<!-- A SYNTHETIC DICTIONARY -->
<!-- a comment
     over two lines [XXX] -->
# a comment line
ARNOR_  [ARN]
+ARNORIAN
+KING'S_MEN_ # trailing comment

GONDOR [GON]
GONDOR_ARMY [GONMIL] #jw 9/10/91
WHITE_COUNCIL_OF_ELVES [IGOELF]
QUIBBLER [HGWGOVMED]
ORC_RAIDERS [MORREB]
MONETARY_FUND  [IMF]
THE_AU [IGOAFR]
ENT
\t[ENT]
GOLLUM  # pas 27 Apr 03
+SMEAGOL
\t[HOB < 950601]
#\t[950601-990815]  commented-out code line
\t[HOBGOV 19950601 - 19990815]
\t[HOBREB > 990816]
BORIS_YELTSIN_
YELTSIN
PRESIDENT_YELTSIN
\t[RUSELI 490101-910710]
\t[RUSGOV 910710-991231]
LONE_NAME_

NEXT_ACTOR_ [NXT]
JAVIER_DE_CUELLAR_\t[IGOUNO 820101-911231] [ELI]# glued comment
ABN_AMRO_\t[NLDGOVBUS >081004][MNCNLD]\tsome trailing text
LORIEN  [ELR/GAL]
ODD_DATES [ODDGOV 9008223-911221] [ODD 20100230]
GLUED [USA010120-050120]
lower_case [pse]
"""


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    return write(tmp_path, "Synthetic.actors.txt", SYNTHETIC)


def test_petrarch_synthetic(synthetic: Path) -> None:
    warnings: list[str] = []
    actors = load_petrarch_actors(synthetic, warn=warnings.append)
    by_name = {a.name: a for a in actors}
    assert "Lone Name" not in by_name and "XXX" not in {a.cameo for a in actors}

    arnor = by_name["Arnor"]
    assert (arnor.kind, arnor.country, arnor.cameo) == ("state", "ARN", "ARN")
    assert [a.text for a in arnor.aliases] == ["Arnor", "Arnorian", "King's Men"]
    assert arnor.source == "petrarch:Synthetic.actors.txt"
    assert arnor.id == "petrarch/synthetic-actors/arnor"

    assert by_name["Gondor Army"].kind == "organisation"
    assert by_name["Gondor Army"].country == "GON"
    assert by_name["White Council of Elves"].kind == "organisation"
    assert by_name["White Council of Elves"].country is None
    assert by_name["Quibbler"].kind == "media"
    assert by_name["Orc Raiders"].kind == "group"
    assert by_name["Monetary Fund"].kind == "organisation"
    assert by_name["ENT"].cameo == "ENT"  # code on the next line

    au = by_name["THE AU"]
    assert au.aliases[0].case_sensitive  # "the AU", not "the au"

    gollum = by_name["Gollum"]
    assert gollum.kind == "person" and gollum.cameo == "HOBREB"
    assert gollum.codes == (
        ("HOB", None, "1995-06-01"),
        ("HOBGOV", "1995-06-01", "1999-08-15"),
        ("HOBREB", "1999-08-16", None),
    )
    # a block of name lines without codes shares the codes that follow it
    for name in ("Boris Yeltsin", "Yeltsin", "President Yeltsin"):
        assert by_name[name].codes == (
            ("RUSELI", "1949-01-01", "1991-07-10"),
            ("RUSGOV", "1991-07-10", "1999-12-31"),
        )
        assert by_name[name].kind == "person" and by_name[name].country == "RUS"

    cuellar = by_name["Javier de Cuellar"]
    assert cuellar.codes == (("IGOUNO", "1982-01-01", "1991-12-31"), ("ELI", None, None))
    assert cuellar.kind == "person" and cuellar.cameo == "ELI" and cuellar.country is None
    assert by_name["Abn Amro"].cameo == "NLDGOVBUS"  # dated from 2008 beats the default
    assert [c[0] for c in by_name["Lorien"].codes] == ["ELR", "GAL"]
    assert by_name["Odd Dates"].codes == (
        ("ODDGOV", "1990-08-22", "1991-12-21"),
        ("ODD", None, None),
    )
    assert by_name["Glued"].codes == (("USA", "2001-01-20", "2005-01-20"),)
    assert by_name["Lower Case"].cameo == "PSE"

    assert len(warnings) >= 5
    joined = "\n".join(warnings)
    assert "Synthetic.actors.txt:29: 'LONE_NAME_' has no code; skipped" in joined
    assert "text after the codes ('some trailing text')" in joined
    assert "'9008223' has 7 digits" in joined
    assert "'20100230' is not a calendar date" in joined
    assert "run together" in joined


def test_petrarch_strict_and_logging(synthetic: Path, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(ModelError, match="strict mode"):
        load_petrarch_actors(synthetic, strict=True)
    with caplog.at_level("WARNING", logger="presslens.actors"):
        load_petrarch_actors(synthetic)
    assert any("has no code" in r.getMessage() for r in caplog.records)


def test_petrarch_folder_and_errors(tmp_path: Path, synthetic: Path) -> None:
    write(tmp_path, "Other.actors.txt", "GONDOR [GON]\n")
    write(tmp_path, "Not.verbs.txt", "--- SAY [010] ---\n")
    actors = load_petrarch_actors(tmp_path, warn=lambda _m: None)
    assert {a.source for a in actors} == {
        "petrarch:Other.actors.txt",
        "petrarch:Synthetic.actors.txt",
    }
    ActorKB.default().extended(actors)  # ids are unique across files
    with pytest.raises(ModelError, match="no such PETRARCH dictionary"):
        load_petrarch_actors(tmp_path / "missing.actors.txt")


def test_petrarch_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"no \*\.actors\.txt"):
        load_petrarch_actors(tmp_path)


@pytest.mark.needs_shared
@pytest.mark.slow
def test_petrarch_real_dictionaries() -> None:
    if not PETRARCH.is_dir():
        pytest.skip("../shared/data/petrarch2 is not beside the checkout")
    warnings: list[str] = []
    start = time.perf_counter()
    actors = load_petrarch_actors(PETRARCH, warn=warnings.append)
    elapsed = time.perf_counter() - start
    assert elapsed < 10  # about 1 s here
    counts = Counter(a.source for a in actors)
    assert counts["petrarch:Phoenix.Countries.actors.txt"] > 18000
    assert counts["petrarch:Phoenix.International.actors.txt"] > 7500
    assert counts["petrarch:Phoenix.MilNonState.actors.txt"] > 1000
    assert counts["petrarch:PETR.Validate.actors.txt"] > 100
    assert len(warnings) < 30, warnings
    by_id = {a.id: a for a in actors}
    putin = by_id["petrarch/phoenix-countries-actors/vladimir-putin"]
    assert (putin.kind, putin.country, putin.cameo) == ("person", "RUS", "RUSGOV")
    assert "Putin" in [a.text for a in putin.aliases]
    nato = by_id["petrarch/phoenix-international-actors/nato"]
    assert nato.cameo == "IGOWSTNAT" and nato.kind == "organisation"
    assert by_id["petrarch/phoenix-milnonstate-actors/hamas"].kind == "group"
    russia = by_id["petrarch/phoenix-countries-actors/russian-federation"]
    assert (russia.kind, russia.cameo) == ("state", "RUS")
    kb = ActorKB.default().extended(actors)
    assert "petrarch/phoenix-countries-actors/vladimir-putin" in [a.id for a in kb.lookup("Putin")]


# -- roles --------------------------------------------------------------------------------------


def test_role_vocabulary() -> None:
    vocab = load_role_vocabulary()
    assert vocab.canon("Premier") == "prime minister"
    assert vocab.canon("defence secretary") == "defense minister"
    assert vocab.canon("spokeswoman") == "spokesperson"
    assert {"top diplomat", "diplomat", "minister"} <= vocab.expand("foreign minister")
    assert "diplomat" in vocab.expand("special envoy")
    assert vocab.canon("astronaut") == "astronaut"  # unknown roles stay as they are


def test_role_vocabulary_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="'roles' list"):
        load_role_vocabulary(write(tmp_path, "r.yaml", "version: 1\n"))
    with pytest.raises(ModelError, match="unknown keys"):
        load_role_vocabulary(write(tmp_path, "s.yaml", "roles:\n  - role: x\n    implys: [y]\n"))
