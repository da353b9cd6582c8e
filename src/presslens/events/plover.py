"""The event ontology: PLOVER event types and modes, their cooperation–conflict scores, and the
mapping between PLOVER and CAMEO codes.

PLOVER (Political Language Ontology for Verifiable Event Records, Open Event Data Alliance) keeps
16 event types and moves CAMEO's finer distinctions into *modes*. Every type and mode here carries
a Goldstein-like score from -10 (most conflictual) to +10 (most cooperative). The scores are those
of the Goldstein (1992) scale as adapted to CAMEO (the values GDELT and Phoenix ship), taken for
the CAMEO code each mode corresponds to and rounded to one decimal; ``docs/events.md`` prints the
table.

CAMEO users get a code for every event: the root (``"19"``) always, the full code (``"194"``)
when the verb dictionary gave one. :func:`classify` maps a CAMEO code to ``(type, mode)``;
:func:`cameo_root_of` maps a type back to its main CAMEO root.

CAMEO statements (01) have no PLOVER type (PLOVER dropped them), nor do codes outside 01–20; such
events are kept by the extractor but not labelled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "CONFLICT_TYPES",
    "PLOVER_TYPES",
    "TYPES",
    "EventType",
    "cameo_root",
    "cameo_root_of",
    "classify",
    "score",
]


@dataclass(frozen=True, slots=True)
class EventType:
    """One PLOVER event type: its base score, its modes with their scores, its CAMEO roots."""

    name: str
    score: float
    description: str
    cameo: tuple[str, ...]  # CAMEO root codes (2 digits) the type covers, main one first
    modes: Mapping[str, float]

    def mode_score(self, mode: str | None) -> float:
        """The score of a mode (the type's base score for no mode or an unknown one)."""
        return self.modes.get(mode or "", self.score)


def _t(
    name: str, score: float, description: str, cameo: tuple[str, ...], **modes: float
) -> EventType:
    return EventType(name, score, description, cameo, MappingProxyType(dict(modes)))


TYPES: Mapping[str, EventType] = MappingProxyType(
    {
        t.name: t
        for t in (
            _t("AGREE", 4.0, "agree, promise or offer to cooperate", ("03",), sign=8.0),
            _t(
                "CONSULT",
                1.0,
                "talk, meet, visit, host, mediate, negotiate",
                ("04",),
                phone=1.0,
                visit=1.9,
                host=2.8,
                meet=2.5,
                mediate=5.0,
                negotiate=7.0,
            ),
            _t(
                "SUPPORT",
                3.5,
                "praise, endorse, defend, recognise, apologise, forgive",
                ("05",),
                praise=3.4,
                defend=3.5,
                rally=3.8,
                recognize=6.0,
                apologize=7.0,
                forgive=7.0,
            ),
            _t(
                "CONCEDE",
                5.0,
                "ease restrictions or sanctions, accede to demands, allow involvement",
                ("08",),
                ease=5.0,
                reform=5.0,
                sanctions=7.0,
                involvement=9.0,
            ),
            _t(
                "COOPERATE",
                6.0,
                "economic, military, judicial or intelligence cooperation",
                ("06",),
                economic=6.4,
                military=7.4,
                judicial=7.4,
                intelligence=7.0,
            ),
            _t(
                "AID",
                7.0,
                "provide economic, military, humanitarian or protective aid, grant asylum",
                ("07",),
                economic=7.4,
                military=8.3,
                humanitarian=7.4,
                peacekeeping=8.5,
                asylum=7.0,
            ),
            _t(
                "RETREAT",
                7.0,
                "release, return, withdraw, demobilise, cease fire",
                ("08",),
                release=7.0,
                withdraw=9.0,
                ceasefire=9.0,
            ),
            _t(
                "REQUEST",
                3.0,
                "appeal for or demand cooperation, aid, policy change, a meeting",
                ("02", "10"),
                appeal=3.0,
                demand=-5.0,
            ),
            _t(
                "ACCUSE",
                -2.0,
                "criticise, accuse, complain, sue, investigate",
                ("11", "09"),
                disapprove=-2.0,
                investigate=-2.0,
            ),
            _t(
                "REJECT",
                -4.0,
                "reject a proposal, demand or cooperation, defy norms, veto",
                ("12",),
                negotiation=-5.0,
                defy=-4.0,
                veto=-5.0,
            ),
            _t(
                "THREATEN",
                -6.0,
                "threaten sanctions, coercion, force; issue an ultimatum",
                ("13",),
                sanction=-5.8,
                coerce=-7.0,
                assault=-7.0,
                mobilize=-7.0,
                ultimatum=-7.0,
            ),
            _t(
                "PROTEST",
                -6.5,
                "demonstrate, strike, boycott, obstruct, riot",
                ("14",),
                demonstrate=-6.5,
                strike=-6.5,
                obstruct=-7.5,
                riot=-7.5,
            ),
            _t(
                "SANCTION",
                -4.0,
                "reduce or break relations, cut aid, impose embargoes and sanctions",
                ("16",),
                relations=-4.0,
                aid=-5.6,
                economic=-8.0,
                negotiation=-7.0,
            ),
            _t(
                "MOBILIZE",
                -7.2,
                "put forces on alert, mobilise or increase police or armed forces",
                ("15",),
            ),
            _t(
                "COERCE",
                -7.0,
                "seize or destroy property, arrest, expel, repress",
                ("17",),
                seize=-9.2,
                restrict=-5.0,
                arrest=-5.0,
                expel=-5.0,
                repress=-9.0,
            ),
            _t(
                "ASSAULT",
                -9.0,
                "abduct, beat, bomb, assassinate, fight, occupy, mass violence",
                ("18", "19", "20"),
                assault=-9.0,
                bombing=-10.0,
                fight=-10.0,
                blockade=-9.5,
                occupy=-9.5,
                artillery=-10.0,
                aerial=-10.0,
                mass=-10.0,
            ),
        )
    }
)
"""The 16 PLOVER event types."""

PLOVER_TYPES: tuple[str, ...] = tuple(TYPES)

CONFLICT_TYPES = frozenset({"SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "PROTEST"})
"""Types that become THREATEN when only threatened (see :func:`classify`)."""

_CAMEO: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "02": ("REQUEST", "appeal"),
        "03": ("AGREE", ""),
        "057": ("AGREE", "sign"),
        "04": ("CONSULT", ""),
        "041": ("CONSULT", "phone"),
        "042": ("CONSULT", "visit"),
        "043": ("CONSULT", "host"),
        "044": ("CONSULT", "meet"),
        "045": ("CONSULT", "mediate"),
        "046": ("CONSULT", "negotiate"),
        "05": ("SUPPORT", ""),
        "051": ("SUPPORT", "praise"),
        "052": ("SUPPORT", "defend"),
        "053": ("SUPPORT", "rally"),
        "054": ("SUPPORT", "recognize"),
        "055": ("SUPPORT", "apologize"),
        "056": ("SUPPORT", "forgive"),
        "06": ("COOPERATE", ""),
        "061": ("COOPERATE", "economic"),
        "062": ("COOPERATE", "military"),
        "063": ("COOPERATE", "judicial"),
        "064": ("COOPERATE", "intelligence"),
        "07": ("AID", ""),
        "071": ("AID", "economic"),
        "072": ("AID", "military"),
        "073": ("AID", "humanitarian"),
        "074": ("AID", "peacekeeping"),
        "075": ("AID", "asylum"),
        "08": ("CONCEDE", ""),
        "081": ("CONCEDE", "ease"),
        "082": ("CONCEDE", "ease"),
        "083": ("CONCEDE", "reform"),
        "084": ("RETREAT", "release"),
        "085": ("CONCEDE", "sanctions"),
        "086": ("CONCEDE", "involvement"),
        "087": ("RETREAT", "withdraw"),
        "0871": ("RETREAT", "ceasefire"),
        "09": ("ACCUSE", "investigate"),
        "10": ("REQUEST", "demand"),
        "11": ("ACCUSE", "disapprove"),
        "12": ("REJECT", ""),
        "125": ("REJECT", "negotiation"),
        "128": ("REJECT", "defy"),
        "129": ("REJECT", "veto"),
        "13": ("THREATEN", ""),
        "131": ("THREATEN", "sanction"),
        "132": ("THREATEN", "sanction"),
        "137": ("THREATEN", "coerce"),
        "138": ("THREATEN", "assault"),
        "139": ("THREATEN", "ultimatum"),
        "14": ("PROTEST", ""),
        "141": ("PROTEST", "demonstrate"),
        "142": ("PROTEST", "strike"),
        "143": ("PROTEST", "strike"),
        "144": ("PROTEST", "obstruct"),
        "145": ("PROTEST", "riot"),
        "15": ("MOBILIZE", ""),
        "16": ("SANCTION", "relations"),
        "162": ("SANCTION", "aid"),
        "163": ("SANCTION", "economic"),
        "164": ("SANCTION", "negotiation"),
        "165": ("SANCTION", "negotiation"),
        "17": ("COERCE", ""),
        "171": ("COERCE", "seize"),
        "172": ("COERCE", "restrict"),
        "173": ("COERCE", "arrest"),
        "174": ("COERCE", "expel"),
        "175": ("COERCE", "repress"),
        "18": ("ASSAULT", "assault"),
        "183": ("ASSAULT", "bombing"),
        "19": ("ASSAULT", "fight"),
        "191": ("ASSAULT", "blockade"),
        "192": ("ASSAULT", "occupy"),
        "194": ("ASSAULT", "artillery"),
        "195": ("ASSAULT", "aerial"),
        "20": ("ASSAULT", "mass"),
    }
)
"""CAMEO code prefix -> (PLOVER type, mode); the longest prefix of a code decides."""


def cameo_root(code: str | None) -> str | None:
    """The CAMEO root (two digits) of a code: ``"0231"`` -> ``"02"``, ``"194"`` -> ``"19"``.

    ``None`` for null or malformed codes (``"---"``, ``""``, ``"xxy"``). Codes outside 01–20
    (the test codes of PETRARCH's validation dictionary, ``"345"``, ``"903"``) still have a root:
    their first two digits.
    """
    if not code or len(code) < 2 or not code[:2].isdigit():
        return None
    return code[:2]


def classify(code: str | None, *, frame: str | None = None) -> tuple[str, str] | None:
    """The PLOVER ``(type, mode)`` of a CAMEO code, or ``None`` (statements, unknown codes).

    ``frame="threat"`` marks an event that is only threatened ("raised the prospect of imposing
    sanctions", "threatened to strike"): a conflictual type becomes ``THREATEN`` with the type as
    its mode (``("THREATEN", "sanction")``).
    """
    if cameo_root(code) is None:
        return None
    assert code is not None
    digits = "".join(c for c in code if c.isdigit())
    found: tuple[str, str] | None = None
    for n in range(min(len(digits), 4), 1, -1):
        found = _CAMEO.get(digits[:n])
        if found is not None:
            break
    if found is None:
        return None
    if frame == "threat" and found[0] in CONFLICT_TYPES:
        mode = {"SANCTION": "sanction", "COERCE": "coerce", "ASSAULT": "assault"}.get(
            found[0], found[0].lower()
        )
        return ("THREATEN", mode if mode in TYPES["THREATEN"].modes else "")
    return found


def score(event_type: str, mode: str | None = None) -> float:
    """The cooperation–conflict score (-10..+10) of a type and mode."""
    return TYPES[event_type].mode_score(mode)


def cameo_root_of(event_type: str, mode: str | None = None) -> str:
    """The main CAMEO root of a PLOVER type (and mode): ``ASSAULT`` -> ``"19"``.

    For REQUEST the mode decides (``appeal`` -> ``"02"``, ``demand`` -> ``"10"``); for ACCUSE
    ``investigate`` -> ``"09"``; for ASSAULT ``assault``/``bombing`` -> ``"18"``, ``mass`` ->
    ``"20"``, else ``"19"``.
    """
    special = {
        ("REQUEST", "demand"): "10",
        ("ACCUSE", "investigate"): "09",
        ("ASSAULT", "assault"): "18",
        ("ASSAULT", "bombing"): "18",
        ("ASSAULT", "mass"): "20",
        ("ASSAULT", None): "19",
        ("ASSAULT", ""): "19",
    }
    return special.get((event_type, mode)) or (
        "19" if event_type == "ASSAULT" else TYPES[event_type].cameo[0]
    )
