"""Who an event is about: the source and recipient arguments of a verb in a dependency parse.

Pure functions over a spaCy sentence and the actor mentions in it (see
:mod:`presslens.events.extract` for how they combine):

* :func:`subject` finds a verb's subject, inherited through the clauses that govern it;
* :func:`participants` turns an argument into its actors: coordinated conjuncts ("Gondor and
  Osgiliath"), modifiers naming the actor ("Russian forces", "US envoy Witkoff"), "of"/"in"/
  "from" phrases under a group noun ("the government of Ukraine", "lawmakers in Fornost");
* :func:`region` gives the words right of a verb in its own clause (for patterns and recipients);
* :func:`first_recipient` picks the first actor in that region.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..actors.mention import Mention
from .agents import AgentCode, AgentDictionary
from .patterns import Word

__all__ = [
    "Participant",
    "SentenceView",
    "participants",
    "passive_agent",
    "region",
    "source_participants",
    "subject",
    "view",
]


@dataclass(frozen=True, slots=True)
class Participant:
    """One side of an event: an actor (``None``: role nouns only, "a senior official"), the
    character span that names it, and the CAMEO agent codes of its noun phrase. ``location``
    marks a recipient reached through a place preposition ("in Stavropol")."""

    actor: str | None
    start: int
    end: int
    agents: tuple[AgentCode, ...] = ()
    mention: int = -1
    location: bool = False


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


NP_DEPS = frozenset(
    {"compound", "amod", "poss", "nmod", "flat", "det", "nummod", "quantmod", "case", "punct"}
)
"""Dependencies that stay inside a minimal noun phrase."""
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "nummod", "quantmod", "det"})
"""A token attached so modifies a noun; pattern *head* words never match it."""
AFTER_EXCLUDE = frozenset(
    {"advcl", "relcl", "parataxis", "cc", "mark", "punct", "nsubj", "nsubjpass", "csubj", "expl"}
)
"""Children of the verb whose subtrees are not searched right of the verb."""
CLAUSES = frozenset({"relcl", "advcl", "parataxis"})
"""Clauses never searched, at any depth: they tell of other events."""
OWN_PHRASE_PRUNE = CLAUSES | {"ccomp", "xcomp", "pcomp", "acl", "csubj"}
"""What PETRARCH 2 style patterns do not see: every clause below the verb."""
NON_RECIPIENT_PREPS = frozenset(
    {"without", "despite", "except", "besides", "unlike", "like", "than"}
)
"""Prepositions whose objects are not recipients ("negotiating peace without Zelensky")."""
LOCATIVE_PREPS = frozenset(
    {"in", "at", "inside", "near", "within", "throughout", "across", "around"}
)
"""Prepositions of place: "met Putin in Riyadh" names a venue, "struck a facility in Stavropol" a
target."""
CONTROL_VERBS = _wordset(
    """urge ask tell order call press force allow invite encourage persuade instruct permit
    require authorize authorise push implore"""
)
"""Verbs whose object is the subject of their infinitive ("urged Kyiv to withdraw")."""
GROUP_NOUNS = _wordset(
    """government leader leaders official officials people population citizens forces troops
    army military delegation authorities authority president minister ministry embassy navy
    police soldiers ambassador ambassadors"""
)
"""Nouns that stand for the actor in their "of"/"in"/"from" phrase ("the government of X")."""
EVENT_NOUNS = _wordset(
    """call calls conversation conversations talk talks meeting meetings summit deal agreement
    war conflict relations ties dialogue negotiations visit trip statement remarks comments
    article report speech interview post decision move step policy"""
)
"""Subject nouns that are not actors even when an actor modifies them ("the Putin-Trump call
means ...")."""
PRONOUNS = {
    "it": "thing",
    "its": "thing",
    "he": "person",
    "his": "person",
    "she": "person",
    "her": "person",
    "they": "any",
    "their": "any",
    "we": "any",
    "i": "person",
}
_SUBJECT_FALLBACK = frozenset({"intj", "npadvmod", "dep", "nmod", "appos", "meta", "attr"})
_PREP_OF = frozenset({"of", "in", "from"})


@dataclass(frozen=True)
class SentenceView:
    """A parsed sentence with its mentions and agent phrases, indexed by token."""

    sent: Any
    mentions: tuple[Mention, ...]
    token_mention: tuple[int, ...]  # sentence-relative token index -> mention index or -1
    words: tuple[Word, ...]
    agent_at: tuple[tuple[int, AgentCode] | None, ...]  # token -> (phrase number, code)

    def mention_of(self, token: Any) -> int:
        return self.token_mention[token.i - self.sent.start]

    def agent_of(self, token: Any) -> tuple[int, AgentCode] | None:
        return self.agent_at[token.i - self.sent.start]

    def words_of(self, tokens: Iterable[Any]) -> list[Word]:
        return [self.words[t.i - self.sent.start] for t in tokens]

    def participant(
        self, index: int, agents: tuple[AgentCode, ...] = (), location: bool = False
    ) -> Participant:
        m = self.mentions[index]
        return Participant(m.actor, m.start, m.end, agents, index, location)


def _norm(text: str) -> str:
    return text.upper().replace("\u2019", "'").replace("\u2018", "'")


def view(sent: Any, mentions: Sequence[Mention], agents: AgentDictionary | None) -> SentenceView:
    """Index a sentence: which mention and which agent phrase each token belongs to."""
    inside = tuple(m for m in mentions if m.start < sent.end_char and sent.start_char < m.end)
    token_mention = []
    for tok in sent:
        s, e = tok.idx, tok.idx + len(tok.text)
        token_mention.append(
            next((k for k, m in enumerate(inside) if m.start < e and s < m.end), -1)
        )
    words = tuple(
        Word(_norm(t.text), _norm(t.lemma_), token_mention[k], t.pos_, t.dep_ in MODIFIER_DEPS)
        for k, t in enumerate(sent)
    )
    agent_at: list[tuple[int, AgentCode] | None] = [None] * len(words)
    if agents is not None:
        seq = [w.text if w.mention < 0 else "\x00" for w in words]
        for n, (start, end, code) in enumerate(agents.find(seq)):
            for k in range(start, end):
                agent_at[k] = (n, code)
    return SentenceView(sent, inside, tuple(token_mention), words, tuple(agent_at))


# -- participants -----------------------------------------------------------------------------


def _np_tokens(head: Any) -> list[Any]:
    """The minimal noun phrase of a head: modifiers, and coordinated modifiers ("Eriadori and
    Calenardhon leaders"), not the head's own conjuncts."""
    out = [head]
    todo = [head]
    while todo:
        cur = todo.pop()
        for child in cur.children:
            if child.dep_ in NP_DEPS or (cur.i != head.i and child.dep_ in ("conj", "cc")):
                out.append(child)
                todo.append(child)
    return sorted(out, key=lambda t: t.i)


def _agents_in(tokens: Iterable[Any], v: SentenceView) -> tuple[AgentCode, ...]:
    seen: dict[int, AgentCode] = {}
    for tok in tokens:
        found = v.agent_of(tok)
        if found is not None:
            seen.setdefault(found[0], found[1])
    return tuple(seen.values())


def _np_participants(head: Any, v: SentenceView, depth: int, source: bool) -> list[Participant]:
    np = _np_tokens(head)
    agents = _agents_in(np, v)
    own = v.mention_of(head)
    if own >= 0:
        return [v.participant(own, agents)]
    found = list(dict.fromkeys(k for k in (v.mention_of(t) for t in np) if k >= 0))
    if found and not (source and head.lower_ in EVENT_NOUNS):
        return [v.participant(k, agents) for k in found]
    if depth < 2 and (agents or head.lemma_.lower() in GROUP_NOUNS):
        for child in head.children:
            if child.dep_ != "prep" or child.lower_ not in _PREP_OF:
                continue
            for obj in child.children:
                if obj.dep_ == "pobj":
                    inner = participants(obj, v, depth + 1)
                    if inner:
                        return [
                            Participant(p.actor, p.start, p.end, (*agents, *p.agents), p.mention)
                            for p in inner
                        ]
    for child in head.children:  # "old foes Gondor and Osgiliath"
        if child.dep_ == "appos" and depth < 2:
            inner = participants(child, v, depth + 1)
            if inner:
                return inner
    if agents:
        return [Participant(None, np[0].idx, np[-1].idx + len(np[-1].text), agents)]
    return []


def participants(
    head: Any, v: SentenceView, depth: int = 0, *, source: bool = False
) -> list[Participant]:
    """The actors an argument names, its coordinated conjuncts included."""
    out: list[Participant] = []
    for conjunct in sorted([head, *head.conjuncts], key=lambda t: t.i):
        for p in _np_participants(conjunct, v, depth, source):
            if p not in out:
                out.append(p)
    return out


def coordinated(head: Any | None, found: Sequence[Participant]) -> bool:
    """Whether an argument coordinates several actors ("Trump and Putin"), as opposed to one
    noun phrase that mentions several ("the Putin-Trump call")."""
    return head is not None and bool(head.conjuncts) and len({p.actor for p in found}) > 1


def _antecedent(pronoun: Any, v: SentenceView, kind_of: dict[str | None, str]) -> list[Participant]:
    want = PRONOUNS[pronoun.lower_]
    for k in range(len(v.mentions) - 1, -1, -1):
        m = v.mentions[k]
        if m.end > pronoun.idx:
            continue
        kind = kind_of.get(m.actor, m.kind)
        if want == "any" or (want == "person") == (kind == "person"):
            return [v.participant(k)]
    return []


def source_participants(
    subj: Any | None, v: SentenceView, kind_of: dict[str | None, str]
) -> list[Participant]:
    """The actors a subject names; pronouns stand for the nearest earlier fitting actor, a
    relative pronoun for the noun its clause modifies."""
    if subj is None:
        return []
    if subj.lower_ in PRONOUNS and v.mention_of(subj) < 0:
        return _antecedent(subj, v, kind_of)
    if subj.tag_ in ("WDT", "WP") and subj.head.dep_ == "relcl":
        subj = subj.head.head
    return participants(subj, v, source=True)


def passive_agent(verb: Any, v: SentenceView) -> list[Participant]:
    """The actors of a passive verb's "by" phrase."""
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return participants(obj, v, source=True)
    return []


# -- subjects ---------------------------------------------------------------------------------


def subject(verb: Any, v: SentenceView, steps: int = 0) -> tuple[Any | None, bool]:
    """The subject token of a verb (inherited when it has none) and whether the verb itself is
    passive."""
    passive = steps == 0 and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj", "nsubjpass")]
    if subjects:
        # "Old foes Gondor and Osgiliath have ...": the parser may give two subjects
        named = [c for c in subjects if any(v.mention_of(t) >= 0 for t in c.subtree)]
        return (named or subjects)[-1], passive
    if steps > 4 or verb.head.i == verb.i:
        return _fallback_subject(verb), passive
    head = verb.head
    if verb.dep_ in ("relcl", "acl"):
        return head, passive
    if verb.dep_ == "xcomp" and head.lemma_.lower() in CONTROL_VERBS:
        for child in head.children:
            if child.dep_ in ("dobj", "dative"):
                return child, passive
            if child.dep_ == "prep" and child.lower_ in ("for", "on", "upon"):  # "called on X to"
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0], passive
    if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp", "prep", "pobj", "dobj"):
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and steps <= 4:
            head = head.head
            steps += 1
        return subject(head, v, steps + 1)[0], passive
    return _fallback_subject(verb), passive


def _fallback_subject(verb: Any) -> Any | None:
    """A parse that missed the subject ("Zelensky, on the other hand, struck ..."): a nominal
    left of the verb attached to it under another label."""
    for child in verb.lefts:
        if child.dep_ in _SUBJECT_FALLBACK and child.pos_ in ("PROPN", "NOUN"):
            return child
    return None


# -- regions and recipients -------------------------------------------------------------------


def _purpose(clause: Any) -> bool:
    """An infinitival purpose clause without its own subject ("signed an accord to supply X")."""
    if clause.dep_ != "advcl":
        return False
    deps = {c.dep_ for c in clause.children}
    return "mark" not in deps and not deps & {"nsubj", "nsubjpass"} and clause.tag_ == "VB"


def region(
    verb: Any, skip: set[int], prune: frozenset[str], *, recipients: bool = False
) -> list[Any]:
    """Tokens right of the verb in its own clause, without the pruned dependents (at any
    depth); ``recipients`` also drops "without"/"despite"/... phrases."""
    out: list[Any] = []

    def blocked(tok: Any, parent: Any) -> bool:
        # an infinitival purpose clause belongs to the verb's own clause ("signed an accord
        # to supply Gondor"), except for the verb's own phrase
        purpose = parent.i == verb.i and prune is not OWN_PHRASE_PRUNE and _purpose(tok)
        if tok.dep_ in prune and not purpose:
            return True
        if tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX") and parent.pos_ in ("VERB", "AUX"):
            return True
        return recipients and tok.dep_ == "prep" and tok.lower_ in NON_RECIPIENT_PREPS

    for child in verb.children:
        if child.i < verb.i or (child.dep_ in AFTER_EXCLUDE and not _purpose(child)):
            continue
        if blocked(child, verb):
            continue
        stack = [child]
        while stack:
            tok = stack.pop()
            if tok.i > verb.i and tok.i not in skip:
                out.append(tok)
            stack.extend(c for c in tok.children if not blocked(c, tok))
    return sorted(out, key=lambda t: t.i)


def climb(token: Any, v: SentenceView) -> Any:
    """From a mention up to the head of the argument it belongs to: through noun modifiers,
    and through "of"/"in"/"from" to a role noun of the agents dictionary ("lawmakers in X")."""
    cur = token
    for _ in range(8):
        head = cur.head
        if head.i == cur.i:
            break
        if cur.dep_ in NP_DEPS - {"punct", "case", "det"} and head.pos_ in ("NOUN", "PROPN"):
            cur = head
            continue
        if (
            cur.dep_ == "pobj"
            and head.lower_ in _PREP_OF
            and head.head.pos_ in ("NOUN", "PROPN")
            and v.agent_of(head.head) is not None
        ):
            cur = head.head
            continue
        break
    return cur


def _locative(token: Any) -> bool:
    """Whether a mention's noun phrase is the object of a place preposition ("in Stavropol",
    not "in the dispute with Osgiliath")."""
    cur = token
    while cur.dep_ in NP_DEPS and cur.head.i != cur.i:
        cur = cur.head
    return cur.dep_ == "pobj" and cur.head.lower_ in LOCATIVE_PREPS


def mention_head(v: SentenceView, index: int) -> Any:
    """The syntactic head token of a mention."""
    toks = [t for t in v.sent if v.mention_of(t) == index]
    inside = {t.i for t in toks}
    return next((t for t in toks if t.head.i not in inside or t.head.i == t.i), toks[0])


def first_recipient(
    verb: Any, tokens: Sequence[Any], v: SentenceView, taken: set[int]
) -> list[Participant]:
    """The actors of the first mention among ``tokens`` that is not a source, with their
    coordinated actors and role nouns."""
    for tok in tokens:
        k = v.mention_of(tok)
        if k < 0 or k in taken:
            continue
        located = _locative(tok)
        found = [p for p in participants(climb(tok, v), v) if p.mention not in taken]
        found = found or [v.participant(k)]
        return [Participant(p.actor, p.start, p.end, p.agents, p.mention, located) for p in found]
    return []
