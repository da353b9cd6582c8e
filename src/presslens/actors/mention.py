"""An actor mention: where a text names an actor, as the quotes and events layers receive it.

Both layers read the ``actors`` layer (and a little more: quotes the named entities the knowledge
base does not hold, events the places the gazetteer locates) into :class:`Mention` records; see
:func:`presslens.quotes.component.speaker_candidates` and
:func:`presslens.events.component.participant_mentions`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Mention"]


@dataclass(frozen=True, slots=True)
class Mention:
    """``text[start:end]`` names ``actor`` (an actor id; ``None`` for a named entity that could
    not be resolved). ``kind`` is "person", "state", "government", "organisation", "place", ...;
    ``gender`` ("m", "f" or ``None``) helps resolve pronouns."""

    start: int
    end: int
    actor: str | None
    kind: str = ""
    gender: str | None = None
