"""Lifting actors to the level events are aggregated at, and placing unknown places.

:func:`lift` maps an actor to its *principal*: a person to the government or organisation they
act for (``person/donald-trump`` -> ``gov/USA``, through :meth:`ActorKB.lift`), a region to the
state it lies in, anything else to itself. The event keeps both (``source`` and
``source_lifted``).

:func:`place_country` locates places the knowledge base does not know ("Stavropol", "Belgorod
region") with a small packaged gazetteer (``data/places.tsv``: Russian and Ukrainian regions and
cities and a few other places often in the news; places whose sovereignty is disputed, such as
Crimea, Donetsk or Zaporizhzhia, are deliberately left out: an event there gets no recipient
rather than a contested one). A place stands for its state: "struck an energy facility in
Stavropol" is an assault on ``state/RUS``.

:func:`node_key` reads a state and its government as one actor (``gov/RUS`` and ``state/RUS``
are both ``RUS``): an event between the two is no event, and sources compared differ in which of
the two they name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from ..actors.kb import ActorKB
from ..actors.records import alias_key

__all__ = ["country_of", "gazetteer", "lift", "node_key", "place_country"]

_SUFFIX = re.compile(
    r"\s+(?:region|oblast|krai|kray|province|republic|city|governorate|district)$", re.I
)


def lift(kb: ActorKB, actor_id: str) -> str:
    """The principal of an actor: persons lift to their government or organisation (see
    :meth:`ActorKB.lift`), regions to their parent (else the state of their country); other
    actors, and ids the knowledge base does not hold, stay as they are."""
    if actor_id not in kb:
        return actor_id
    actor = kb.get(actor_id)
    if actor.kind == "person":
        return kb.lift(actor_id)
    if actor.kind == "region":
        if actor.parent is not None:
            return actor.parent
        if actor.country and f"state/{actor.country}" in kb:
            return f"state/{actor.country}"
    return actor_id


def country_of(kb: ActorKB, actor_id: str) -> str | None:
    """The ISO code of an actor (or of its principal), if known."""
    for candidate in (actor_id, lift(kb, actor_id)):
        if candidate in kb:
            country = kb.get(candidate).country
            if country:
                return country
        if candidate.startswith(("state/", "gov/")):
            return candidate.split("/", 1)[1]
    return None


@cache
def gazetteer(path: str | None = None) -> Mapping[str, str]:
    """Place names (normalised with :func:`alias_key`) -> ISO 3166-1 alpha-3 code."""
    file = (
        Path(path)
        if path is not None
        else Path(str(resources.files("presslens.events") / "data" / "places.tsv"))
    )
    table: dict[str, str] = {}
    for line in file.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, code = line.partition("\t")
        if code.strip():
            table[alias_key(name.strip())] = code.strip()
    return MappingProxyType(table)


def place_country(name: str, table: Mapping[str, str] | None = None) -> str | None:
    """The country a place lies in ("Stavropol" -> ``"RUS"``), or ``None`` when unknown or
    disputed. "Belgorod region", "Kursk Oblast" and "the city of Kharkiv" are read as the place."""
    table = gazetteer() if table is None else table
    text = re.sub(r"^(?:the\s+)?(?:city|region|province)\s+of\s+", "", name.strip(), flags=re.I)
    for candidate in (text, _SUFFIX.sub("", text)):
        code = table.get(alias_key(candidate))
        if code:
            return code
    return None


def node_key(actor_id: str) -> str:
    """The actor a comparison reads: ``gov/RUS`` and ``state/RUS`` are both ``RUS``."""
    prefix, _, rest = actor_id.partition("/")
    return rest if prefix in ("gov", "state") and len(rest) == 3 else actor_id
