"""The quote data model, speaker spans and speaker resolution.

:class:`~presslens.actors.mention.Mention` is what the caller knows about actors in the text
(resolved entity mentions); :class:`Quote` is what :func:`presslens.quotes.find_quotes`
returns. This module also holds the helpers that turn a speaker token of the parse into a span
(:func:`speaker_extent`) and a speaker span into an actor id (:func:`resolve_speakers`):

* a speaker span that overlaps a mention takes that mention's ``actor`` (the mention
  with the largest overlap; ``None`` when that mention is unresolved);
* a descriptor ("the minister") that overlaps no mention stays ``None``;
* a personal pronoun resolves to the nearest preceding fitting mention that starts within the
  pronoun's sentence or the :data:`PRONOUN_WINDOW` sentences before it -- a ``person`` of matching
  gender (when known) for he/she, a collective kind (:data:`COLLECTIVE_KINDS`: organisation,
  government, state, group, party, ...) for they/we -- and, failing that, to the actor of the
  nearest preceding quote that has one (for he/she, of a quote whose speaker was not a they/we
  pronoun; for they/we, not a he/she one). "it" is not resolved.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..actors.mention import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: How many sentences before the pronoun's own a pronoun may reach back for its antecedent.
PRONOUN_WINDOW = 3

#: Personal pronouns that can be speakers, with the gender they imply ("m", "f") or "pl".
PRONOUN_GENDER: dict[str, str] = {
    "he": "m",
    "him": "m",
    "she": "f",
    "her": "f",
    "they": "pl",
    "them": "pl",
    "we": "pl",
}

#: Mention kinds that a "they" or "we" can stand for (anything collective).
COLLECTIVE_KINDS = frozenset(
    {"organisation", "organization", "government", "state", "group", "party", "media", "plural"}
)

# dependency labels of a speaker head's right children that belong to its noun phrase
_KEEP_RIGHT = frozenset(
    {"compound", "flat", "nummod", "prep", "pobj", "conj", "cc", "poss", "amod"}
)


@dataclass(frozen=True, slots=True)
class Quote:
    """One attribution: who (``speaker``/``actor``) said what (``start``..``end``).

    ``kind`` is "direct" (text inside quote marks), "indirect" (a reported clause) or "block" (a
    speaker line ending in a colon and the paragraphs under it). ``cue`` is the span of the cue
    ("said", "according to", the colon of a block quote's speaker line); ``speaker`` the span of
    the speaker's mention (a name, a descriptor or a pronoun); ``actor`` its resolved actor id.
    ``parts`` lists the pieces of a discontinuous content (a direct quote split around its cue,
    or a clause with a parenthetical "he said" inside); ``start``/``end`` then run from the first
    piece's start to the last piece's end. ``title`` is the span of a block-quote speaker's title
    or role ("Vice Speaker of the Federation Council"), when the speaker line has one.
    """

    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    actor: str | None
    confidence: float
    parts: tuple[tuple[int, int], ...] = ()
    title: tuple[int, int] | None = None

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        """The content pieces: :attr:`parts` when set, else the one span ``(start, end)``."""
        return self.parts or ((self.start, self.end),)


# --------------------------------------------------------------------------- speaker spans


def speaker_extent(head: Token) -> tuple[int, int]:
    """The character span of the noun phrase headed by ``head``, without clauses and appositions.

    Left dependents are all kept ("Senate Majority Leader Mitch McConnell"); right dependents are
    kept only when they belong to the name or description ("the spokesman for the campaign",
    "Smith and Jones"), and the phrase stops at the first comma, apposition or relative clause.
    """
    doc = head.doc
    start = head.left_edge.i
    for i in range(head.i - 1, start - 1, -1):
        if "\n" in doc[i].text:  # never reach back over a line break ("4:40 p.m.\n\nSmith")
            start = i + 1
            break
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    end = head.i
    for child in head.rights:
        if child.dep_ not in _KEEP_RIGHT or child.is_punct:
            break
        if any(t.is_punct and t.text in ",;:()—–" for t in doc[end + 1 : child.i]):
            break
        end = child.right_edge.i if child.dep_ != "cc" else child.i
    while end > head.i and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    return doc[start].idx, doc[end].idx + len(doc[end].text)


def is_pronoun(text: str) -> bool:
    """Whether a speaker text is a personal pronoun that needs resolving."""
    return text.strip().lower() in PRONOUN_GENDER


# --------------------------------------------------------------------------- resolution


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def mention_at(span: tuple[int, int], mentions: Sequence[Mention]) -> Mention | None:
    """The mention that overlaps ``span`` most, or ``None``."""
    best: Mention | None = None
    best_overlap = 0
    for m in mentions:
        ov = _overlap(span, (m.start, m.end))
        if ov > best_overlap:
            best, best_overlap = m, ov
    return best


def _fits(mention: Mention, gender: str) -> bool:
    if gender == "pl":
        return mention.kind.lower() in COLLECTIVE_KINDS
    if mention.kind.lower() != "person":
        return False
    return mention.gender is None or mention.gender == gender


def _sentence_starts(doc: Doc) -> list[int]:
    try:
        return [s.start_char for s in doc.sents]
    except ValueError:  # no sentence boundaries set
        return [0]


def resolve_pronoun(
    span: tuple[int, int],
    text: str,
    sentence_starts: Sequence[int],
    mentions: Sequence[Mention],
) -> Mention | None:
    """The nearest preceding fitting mention of a pronoun speaker, within the sentence window."""
    gender = PRONOUN_GENDER.get(text[span[0] : span[1]].strip().lower())
    if gender is None:
        return None
    k = bisect.bisect_right(sentence_starts, span[0]) - 1
    window_start = sentence_starts[max(0, k - PRONOUN_WINDOW)] if sentence_starts else 0
    best: Mention | None = None
    for m in mentions:
        fits = window_start <= m.start and m.end <= span[0] and _fits(m, gender)
        if fits and (best is None or m.start > best.start):
            best = m
    return best


def resolve_speakers(
    quotes: Sequence[Quote], text: str, doc: Doc, mentions: Sequence[Mention]
) -> list[Quote]:
    """Fill in :attr:`Quote.actor` from the mentions, pronoun resolution and earlier quotes.

    ``quotes`` must be sorted by position; a quote whose ``actor`` is already set keeps it.
    """
    starts = _sentence_starts(doc)
    out: list[Quote] = []
    for q in quotes:
        actor = q.actor
        if actor is None and q.speaker is not None:
            actor = _resolve_one(q.speaker, text, starts, mentions, out)
        out.append(q if actor == q.actor else replace(q, actor=actor))
    return out


def _resolve_one(
    speaker: tuple[int, int],
    text: str,
    starts: Sequence[int],
    mentions: Sequence[Mention],
    earlier: Sequence[Quote],
) -> str | None:
    hit = mention_at(speaker, mentions)
    if hit is not None:
        return hit.actor
    if not is_pronoun(text[speaker[0] : speaker[1]]):
        return None
    antecedent = resolve_pronoun(speaker, text, starts, mentions)
    if antecedent is not None:
        return antecedent.actor
    gender = PRONOUN_GENDER[text[speaker[0] : speaker[1]].strip().lower()]
    for prev in reversed(earlier):
        if prev.actor is None or prev.speaker is None or prev.speaker[1] > speaker[0]:
            continue
        prev_text = text[prev.speaker[0] : prev.speaker[1]].strip().lower()
        prev_gender = PRONOUN_GENDER.get(prev_text)
        if gender != "pl" and prev_gender == "pl":
            continue
        if gender == "pl" and prev_gender in {"m", "f"}:
            continue
        return prev.actor
    return None
