"""Dependency-based event extraction: verbs from the lexicon, their source and recipient actors.

For every verb of a parsed sentence that the :class:`~presslens.events.verbs.VerbLexicon` knows:

1. **Code.** The verb's entries (a multi-word verb such as "cordon off" or "wire tap" wins over
   the single word; a surface form listed in the dictionary wins over a lemma match) are tried in
   dictionary order: the most specific pattern of an entry's block that matches
   (:func:`~presslens.events.patterns.best_match`) gives the CAMEO code, else the entry's own
   code; an entry that gives neither (``---``) passes to the next. No code, no event. ``a:b``
   codes give the event ``a`` and the reverse event ``b`` (recipient to source: "left for
   Gondor" is a visit, and Gondor receives one).
2. **Source.** A pattern's ``$``; else the subject; for a passive its ``by`` agent (no agent, no
   event: "X was criticised" does not say by whom); a verb without a subject inherits one from
   the verb that governs it (see :func:`~presslens.events.arguments.subject`); "it", "he",
   "they" stand for the nearest earlier fitting actor of the sentence.
3. **Recipient.** A pattern's ``+``; else the subject of a passive; else the first actor mention
   right of the verb in its own clause: objects, prepositional phrases, complement clauses, not
   adverbial or relative clauses ("after crowds trashed its embassy"), coordinated verbs (they
   have events of their own) or "without"/"despite" phrases. A place reached through "in"/"at"
   is a recipient only of material conflict (CAMEO 15, 17–20: "struck a facility in
   Stavropol") and of visits ("arrived in Moscow"), not of talks ("held talks in Riyadh").
4. **Pairs.** Every source–recipient pair is an event, except an actor with itself. A
   coordinated source without a recipient ("Trump and Putin held a call") gives the pairs among
   its members when the event is reciprocal: CAMEO 03, 04, 06, fighting and clashing verbs, or a
   pattern with ``%``.
5. **Context.** :func:`~presslens.events.context.event_context`.

Everything here is a pure function of a spaCy sentence and the actor mentions in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..actors.mention import Mention
from .agents import AgentDictionary
from .arguments import (
    CLAUSES,
    OWN_PHRASE_PRUNE,
    Participant,
    SentenceView,
    climb,
    coordinated,
    first_recipient,
    mention_head,
    participants,
    passive_agent,
    region,
    source_participants,
    subject,
    view,
)
from .context import Context, event_context
from .lexicon import VerbEntry, VerbLexicon, is_event_code
from .patterns import Match, best_match

__all__ = ["Extracted", "Participant", "extract_events", "extract_sentence"]


@dataclass(frozen=True, slots=True)
class Extracted:
    """One event found in a sentence (character offsets into the parsed text)."""

    trigger_start: int
    trigger_end: int
    verb: str
    code: str
    source: Participant
    target: Participant
    context: Context
    pattern: str = ""  # the pattern that set the code ("" when the verb's own code did)
    reverse: bool = False  # the reverse event of an ``a:b`` code
    sentence_start: int = 0  # the parsed sentence, character offsets
    sentence_end: int = 0


RECIPROCAL_ROOTS = frozenset({"03", "04", "06"})
"""CAMEO roots of reciprocal events (agree, consult, cooperate)."""
RECIPROCAL_VERBS = frozenset({"CLASH", "FIGHT", "FOUGHT", "BATTLE", "SKIRMISH", "TRADE"})
"""Verbs whose coordinated subject acts on itself ("the two armies clashed")."""
LOCATED_ROOTS = frozenset({"15", "17", "18", "19", "20"})
"""CAMEO roots whose recipient may be a place ("struck a facility in Stavropol")."""
VISIT_CODES = ("042", "043", "032", "033")
"""Visits: the place is the host ("arrived in Moscow"; 032/033 are the older codes of the
PETRARCH validation dictionary)."""


def _located(code: str) -> bool:
    """Whether a place can be the recipient of an event with this code."""
    return code[:2] in LOCATED_ROOTS or code.startswith(VISIT_CODES)


_PATTERN_WINDOW = 12


def _is_verb(tok: Any) -> bool:
    if tok.dep_ in ("amod", "compound", "aux", "auxpass"):
        return False
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def _norm(text: str) -> str:
    return text.upper().replace("\u2019", "'")


def _entries(tok: Any, v: SentenceView, lexicon: VerbLexicon) -> tuple[list[VerbEntry], set[int]]:
    """The entries a verb token triggers, and the tokens their extra words use."""
    form, lemma = _norm(tok.text), _norm(tok.lemma_)
    by_form = list(lexicon.by_form(form))
    by_lemma = [e for e in lexicon.by_base(lemma) if e not in by_form]
    rel = tok.i - v.sent.start
    multi: list[VerbEntry] = []
    used: set[int] = set()
    for entry in (*by_form, *by_lemma):
        if not entry.front and not entry.back:
            continue
        if entry.front:
            lo = rel - len(entry.front)
            if lo < 0 or [w.text for w in v.words[lo:rel]] != list(entry.front):
                continue
        taken: list[int] = []
        pos = rel + 1
        for word in entry.back:
            # a particle follows directly or one word later ("turned it down")
            hit = next(
                (p for p in (pos, pos + 1) if p < len(v.words) and v.words[p].text == word), None
            )
            if hit is None:
                break
            taken.append(hit)
            pos = hit + 1
        else:
            multi.append(entry)
            used.update(v.sent.start + p for p in taken)
    if multi:
        return multi, used
    single = [e for e in by_form if not e.front and not e.back]
    return single or [e for e in by_lemma if not e.front and not e.back], used


def _code(
    entries: Sequence[VerbEntry],
    lexicon: VerbLexicon,
    own: tuple[Sequence[Any], Sequence[Any]],
    wide: tuple[Sequence[Any], Sequence[Any]],
    compound: bool,
) -> tuple[str, Match | None]:
    """The code of the first entry that gives one (a matching pattern of its block, else its
    own code), with the pattern that matched."""
    done: set[str] = set()
    for entry in entries:
        if entry.block not in done:
            done.add(entry.block)
            match = best_match(
                lexicon.block_patterns(entry.block),
                own[0],
                own[1],
                lexicon.synsets,
                compound_source=compound,
                clausal=wide,
            )
            if match is not None and _gives_event(match.pattern.code):
                return match.pattern.code, match
            if match is not None:
                return "---", match  # the pattern says: no event
        if _gives_event(entry.code):
            return entry.code, None
    return "---", None


def _gives_event(code: str) -> bool:
    primary, _, reverse = code.partition(":")
    return is_event_code(primary) or is_event_code(reverse)


def extract_sentence(
    sent: Any,
    mentions: Sequence[Mention],
    lexicon: VerbLexicon,
    *,
    agents: AgentDictionary | None = None,
) -> list[Extracted]:
    """The events of one parsed sentence (a spaCy ``Span``), given the actor mentions in it."""
    v = view(sent, mentions, agents)
    kind_of = {m.actor: m.kind for m in v.mentions}
    out: list[Extracted] = []
    for tok in sent:
        if not _is_verb(tok):
            continue
        entries, used = _entries(tok, v, lexicon)
        if not entries:
            continue
        subj, passive = subject(tok, v)
        sources = passive_agent(tok, v) if passive else source_participants(subj, v, kind_of)
        wide = (v.words[: tok.i - sent.start], v.words_of(region(tok, used, CLAUSES)))
        own = (
            v.words_of([t for t in tok.subtree if t.i < tok.i]),
            v.words_of(region(tok, used, OWN_PHRASE_PRUNE)[:_PATTERN_WINDOW]),
        )
        compound = len({p.actor for p in sources}) > 1
        code, match = _code(entries, lexicon, own, wide, compound)
        primary, _, reverse = code.partition(":")
        if not _gives_event(code):
            continue
        verb_base = entries[0].base
        if match is not None and match.source >= 0:
            sources = [v.participant(match.source)]
        if match is not None and match.target >= 0:
            head = climb(mention_head(v, match.target), v)
            targets = participants(head, v) or [v.participant(match.target)]
        elif passive:
            if not sources:
                continue
            targets = source_participants(subj, v, kind_of)
        else:
            taken = {p.mention for p in sources if p.mention >= 0}
            recipients = region(tok, used, CLAUSES, recipients=True)
            targets = first_recipient(tok, recipients, v, taken)
        if targets and targets[0].location and not _located(primary or reverse):
            targets = []
        percent = match is not None and any(e.kind == "compound" for e in match.pattern.before)
        reciprocal = (primary or reverse)[:2] in RECIPROCAL_ROOTS or verb_base in RECIPROCAL_VERBS
        if not targets and not ((reciprocal and coordinated(subj, sources)) or percent):
            continue
        context = event_context(tok)
        trigger = (tok.idx, tok.idx + len(tok.text))
        pattern = match.pattern.text() if match else ""
        bounds = (sent.start_char, sent.end_char)
        verb = verb_base
        for s, t in _pairs(sources, targets):
            if is_event_code(primary):
                out.append(
                    Extracted(*trigger, verb, primary, s, t, context, pattern, False, *bounds)
                )
            if is_event_code(reverse):
                out.append(
                    Extracted(*trigger, verb, reverse, t, s, context, pattern, True, *bounds)
                )
    return _dedupe(out)


def _pairs(
    sources: Sequence[Participant], targets: Sequence[Participant]
) -> list[tuple[Participant, Participant]]:
    """Source-recipient pairs; without recipients, the pairs among the sources."""
    pairs = []
    if not targets:
        return [
            (a, b)
            for a in sources
            for b in sources
            if a is not b and a.actor is not None and b.actor is not None and a.actor != b.actor
        ]
    for s in sources:
        for t in targets:
            if (s.actor == t.actor and s.agents == t.agents) or (s.actor is t.actor is None):
                continue
            pairs.append((s, t))
    return pairs


def _dedupe(events: list[Extracted]) -> list[Extracted]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for e in events:
        key = (e.trigger_start, e.code, e.source.actor, e.source.agents, e.target.actor,
               e.target.agents)  # fmt: skip
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def extract_events(
    parsed: Any,
    mentions: Sequence[Mention],
    lexicon: VerbLexicon,
    *,
    agents: AgentDictionary | None = None,
) -> list[Extracted]:
    """The events of every sentence of a spaCy ``Doc``."""
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    out: list[Extracted] = []
    for sent in parsed.sents:
        inside = [m for m in ordered if m.start < sent.end_char and sent.start_char < m.end]
        if inside:
            out.extend(extract_sentence(sent, inside, lexicon, agents=agents))
    return out
