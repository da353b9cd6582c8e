"""Entity resolution: every mention of a known actor in a text, resolved to an actor id.

Pure functions of a text, its spaCy parse and an :class:`~presslens.actors.kb.ActorKB`. The steps,
each recorded as the mention's ``method``:

1. ``alias``: the knowledge base's names, aliases, metonyms ("the Kremlin", "Washington") and
   loaded descriptors ("the Kiev regime"), matched on tokens with a spaCy PhraseMatcher (case-
   insensitive except for aliases marked case-sensitive, such as "US"; a one-word alias must be
   capitalised in the text). Longest match wins. spaCy's NER labels play no part here, so a person
   tagged ORG or GPE is still found.
2. ``descriptor``: titles such as "the Russian leader", "the US president", "the former Russian
   president", "Russia's foreign minister", "the American diplomat": the country comes from the
   demonym or name, the role from the actors' roles; the nearest earlier mention of a fitting person
   in the document wins, else the one office holder the knowledge base knows.
3. ``demonym``: adjectives such as "Russian" or "American" refer to their state.
4. ``entity``: spaCy entities not covered above are looked up without titles ("Mr.", "Senator",
   "President") and possessives; a surname alone follows the earlier full mention in the document.
   Persons and organisations that stay unknown are kept with ``actor_id`` None and their spaCy
   label;
   a later surname-only mention of an unknown person joins the earlier full one (``local/...`` id).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .kb import ActorKB
from .records import kind_rank

TITLE_WORDS = frozenset(
    " ".join(
        [
            "mr mr. mrs mrs. ms ms. dr dr. prof prof. sir president presidents senator sen. rep.",
            "representative minister premier chancellor secretary general gen. admiral ambassador",
            "envoy spokesman spokeswoman spokesperson speaker chairman chairwoman chair deputy",
            "vice former late foreign defense defence prime state special us u.s. russian",
            "ukrainian american the king queen prince crown pope governor mayor commissioner",
        ]
    ).split()
)

ENTITY_KINDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
    "FAC": "place",
}


@dataclass(frozen=True, slots=True)
class Resolved:
    """One actor mention: where it is, who it is (``actor_id`` None when unknown), and how."""

    start: int
    end: int
    text: str
    actor_id: str | None
    kind: str
    method: str
    confidence: float
    label: str | None = None  # spaCy's entity label, when the mention came from NER
    local_id: str | None = None  # groups mentions of one unknown person within a document
    loaded: bool = False  # matched through a loaded descriptor ("the Kiev regime")


# -- the phrase matcher over the knowledge base ----------------------------------------------


@dataclass(frozen=True)
class _Matchers:
    lower: Any
    exact: Any
    keys: dict[str, tuple[str, bool]]  # match key -> (actor id, loaded)


def _strip_the(alias: str) -> str:
    return re.sub(r"^(?:the)\s+", "", alias.strip(), flags=re.I)


KB_CACHE = 8
"""Knowledge bases whose compiled matchers are kept per process (a server that loads many user
knowledge bases keeps the most recent ones, not all)."""


@lru_cache(maxsize=KB_CACHE)
def _matchers(kb: ActorKB, vocab_id: int) -> _Matchers:
    from spacy.matcher import PhraseMatcher

    from ..nlp import load_nlp

    nlp = load_nlp()
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    keys: dict[str, tuple[str, bool]] = {}
    by_key: dict[tuple[str, bool], list[Any]] = {}
    for _surface, alias, actor in kb.alias_items():
        text = _strip_the(alias.text)
        if not text:
            continue
        key = f"{actor.id}|{int(alias.loaded)}|{int(alias.case_sensitive)}"
        keys[key] = (actor.id, alias.loaded)
        by_key.setdefault((key, alias.case_sensitive), []).append(nlp.make_doc(text))
    for (key, case_sensitive), patterns in by_key.items():
        (exact if case_sensitive else lower).add(key, patterns)
    return _Matchers(lower, exact, keys)


def _alias_mentions(parsed: Any, kb: ActorKB) -> list[Resolved]:
    from spacy.util import filter_spans

    m = _matchers(kb, id(parsed.vocab))
    found = []
    for matcher in (m.lower, m.exact):
        for match_id, start, end in matcher(parsed):
            span = parsed[start:end]
            if len(span) == 1 and not (span[0].is_title or span[0].is_upper):
                continue  # "turkey", "chad", "china" in lower case are words, not states
            key = parsed.vocab.strings[match_id]
            found.append((span, key))
    spans = filter_spans([s for s, _ in found])
    best: dict[tuple[int, int], str] = {}
    for span, key in found:
        pos = (span.start_char, span.end_char)
        # Prefer the most specific actor the KB lists for the same alias.
        if pos not in best or _rank(kb, m.keys[key][0]) < _rank(kb, m.keys[best[pos]][0]):
            best[pos] = key
    out = []
    for span in spans:
        key = best[(span.start_char, span.end_char)]
        actor_id, loaded = m.keys[key]
        actor = kb.get(actor_id)
        conf = 0.95 if len(span) > 1 else 0.85
        out.append(
            Resolved(
                span.start_char,
                span.end_char,
                span.text,
                actor_id,
                actor.kind,
                "alias",
                conf,
                loaded=loaded,
            )
        )
    return out


def _rank(kb: ActorKB, actor_id: str) -> int:
    return kind_rank(kb.get(actor_id).kind)


# -- descriptors ("the Russian leader") ------------------------------------------------------


@lru_cache(maxsize=KB_CACHE)
def _descriptor_regex(kb: ActorKB) -> re.Pattern[str]:
    names = {r.lower() for a in kb if a.kind == "person" for r in (*a.roles, *a.former_roles)}
    roles = sorted(names, key=len, reverse=True)
    role_alt = "|".join(re.escape(r) for r in roles if r) or "president"
    place = r"(?P<place>[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)?)"
    return re.compile(
        rf"\b(?:(?P<the>[Tt]he)\s+(?P<former1>former\s+)?(?:{place}\s+)?"
        rf"|(?P<poss>[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)?)[’']s\s+(?P<former2>former\s+)?)"
        rf"(?P<role>(?i:{role_alt}))\b"
        rf"(?:\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)?))?"
    )


def _country(kb: ActorKB, word: str | None) -> str | None:
    if not word:
        return None
    code = kb.country_of_demonym(word)
    if code:
        return code
    for actor in kb.lookup(word):
        if actor.kind in ("state", "territory") and actor.country:
            return actor.country
    return None


_HEAD_ROLES = frozenset({"president", "leader", "head of state", "prime minister", "premier",
                         "chancellor"})  # fmt: skip


def _head_role(role: str) -> bool:
    """Roles with one current holder per country, so the KB's first holder is the one meant."""
    return role.lower() in _HEAD_ROLES


def _descriptor_mentions(
    text: str, kb: ActorKB, earlier: Sequence[Resolved], taken: list[tuple[int, int]]
) -> list[Resolved]:
    out = []
    for match in _descriptor_regex(kb).finditer(text):
        start, end = match.start(), match.end()
        if any(s < end and start < e for s, e in taken):
            continue
        place = match.group("place") or match.group("poss") or match.group("of")
        former = bool(match.group("former1") or match.group("former2"))
        country = _country(kb, place)
        if place and country is None and place.endswith("."):  # a sentence's full stop
            country = _country(kb, place.rstrip("."))
            if country and match.group("of"):
                end -= 1
        if place and country is None:
            if match.group("of"):  # "the president of Acme Corp": keep the role alone
                end = text.rindex(match.group("role"), start, match.end()) + len(
                    match.group("role")
                )
            else:
                continue  # "the Federation Council speaker": not a country descriptor
        if country is None and not match.group("the"):
            continue
        role = match.group("role")
        holders = kb.holders(country, role, former=former)
        fitting = {a.id for a in holders}
        before = [r for r in earlier if r.end <= start and r.actor_id in fitting]
        if before:
            target, conf = before[-1].actor_id, 0.8
        elif country and (len(holders) == 1 or (_head_role(role) and holders)):
            target, conf = holders[0].id, 0.7
        else:
            continue
        assert target is not None
        out.append(Resolved(start, end, text[start:end], target, "person", "descriptor", conf))
    return out


# -- demonyms and spaCy entities -------------------------------------------------------------


def _demonym_mentions(parsed: Any, kb: ActorKB, taken: list[tuple[int, int]]) -> list[Resolved]:
    out = []
    for tok in parsed:
        if not tok.is_title and not tok.is_upper:
            continue
        s, e = tok.idx, tok.idx + len(tok.text)
        if any(a < e and s < b for a, b in taken):
            continue
        code = kb.country_of_demonym(tok.text)
        if code is None or tok.pos_ not in ("ADJ", "PROPN", "NOUN"):
            continue
        state = f"state/{code}"
        if state in kb:
            out.append(Resolved(s, e, tok.text, state, "state", "demonym", 0.75))
    return out


def _strip_titles(words: list[str]) -> list[str]:
    while len(words) > 1 and words[0].lower().strip(",") in TITLE_WORDS:
        words = words[1:]
    return words


def _entity_mentions(
    parsed: Any, kb: ActorKB, earlier: Sequence[Resolved], taken: list[tuple[int, int]]
) -> list[Resolved]:
    out: list[Resolved] = []
    local: dict[str, str] = {}  # surname -> local id of an unknown person
    for ent in parsed.ents:
        if ent.label_ not in ENTITY_KINDS:
            continue
        s, e = ent.start_char, ent.end_char
        if any(a < e and s < b for a, b in taken):
            continue
        if not any(ch.isupper() for ch in ent.text):
            continue  # spaCy sometimes tags a lower-case word ("china", a verb) as a name
        words = _strip_titles(re.sub(r"[’']s$", "", ent.text).split())
        name = " ".join(words)
        hits = kb.lookup(name)
        if not hits:
            code = kb.country_of_demonym(name)
            hits = [kb.get(f"state/{code}")] if code and f"state/{code}" in kb else []
        method, conf = "entity", 0.8
        if not hits and len(words) == 1 and ent.label_ != "NORP":
            known = [
                r for r in (*earlier, *out)
                if r.actor_id and r.kind == "person"
                and name in (r.text.split()[-1], kb.get(r.actor_id).name.split()[0])
            ]  # fmt: skip
            if known:
                hits, method, conf = [kb.get(known[-1].actor_id)], "coreference", 0.75  # type: ignore[arg-type]
        if hits:
            actor = hits[0]
            out.append(Resolved(s, e, ent.text, actor.id, actor.kind, method, conf, ent.label_))
            continue
        kind = ENTITY_KINDS[ent.label_]
        local_id = None
        if ent.label_ == "PERSON":
            surname = words[-1]
            local_id = local.get(surname) or local.get(name)
            if local_id is None:
                local_id = "local/" + re.sub(r"\W+", "-", name.lower()).strip("-")
                local[surname] = local_id
        out.append(Resolved(s, e, ent.text, None, kind, "unresolved", 0.0, ent.label_, local_id))
    return out


def resolve(text: str, parsed: Any, kb: ActorKB) -> list[Resolved]:
    """All actor mentions in ``text`` (sorted by offset, non-overlapping)."""
    aliases = _alias_mentions(parsed, kb)
    # A state named inside a descriptor ("the US president") is part of the descriptor.
    people = [(m.start, m.end) for m in aliases if m.kind not in ("state", "territory")]
    descriptors = _descriptor_mentions(text, kb, aliases, people)
    inside = [(d.start, d.end) for d in descriptors]
    aliases = [m for m in aliases if not any(s <= m.start and m.end <= e for s, e in inside)]
    mentions = sorted([*aliases, *descriptors], key=lambda m: m.start)
    taken = [(m.start, m.end) for m in mentions]
    entities = _entity_mentions(parsed, kb, mentions, taken)
    taken += [(m.start, m.end) for m in entities]
    demonyms = _demonym_mentions(parsed, kb, taken)
    return sorted([*mentions, *entities, *demonyms], key=lambda m: (m.start, m.end))
