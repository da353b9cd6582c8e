"""Whether a sentence says an event happened: asserted, negated, hypothetical, future or
demanded.

:func:`event_context` reads the parse around the trigger verb and the words that govern it
(``Rubio raised the prospect of imposing sanctions``: *imposing* is governed by *prospect*,
which is governed by *raised*). Precedence when several cues meet: negated > demanded >
hypothetical > future > asserted.

* **negated**: a negation on the trigger or on a verb that governs it ("did not attack",
  "did not want to attack"), or a governing verb of refusal or failure ("refused to meet",
  "failed to agree", "denied attacking");
* **demanded**: a governing verb of demand ("urged Kyiv to withdraw", "called for talks",
  "insisted that Russia pay") or a modal of obligation ("must", "should");
* **hypothetical**: a conditional clause ("if", "unless"), a modal of possibility ("would",
  "could", "might", "may"), a governing verb of deliberation or wish ("considering imposing",
  "wants to meet") or a governing noun of possibility ("the prospect of", "the threat of");
* **future**: "will"/"shall", "going to", "about to", or a governing verb of intent ("plans to",
  "vowed to", "is preparing to");
* **asserted**: none of these.

The *frame* is ``"threat"`` when a governing verb or noun threatens ("threatened to strike",
"warned it would", "raised the prospect of"): :func:`presslens.events.plover.classify` turns a
conflictual event in a threat frame into THREATEN.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["CONTEXTS", "Context", "event_context"]

CONTEXTS = ("asserted", "negated", "hypothetical", "future", "demanded")

NEGATIONS = frozenset({"not", "n't", "never", "no", "nt"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "ll"})
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "'d"})
DEMAND_AUX = frozenset({"must", "should", "ought"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
NEGATING_VERBS = frozenset({"refuse", "decline", "fail", "deny", "avoid", "abandon", "forgo"})
DEMAND_VERBS = frozenset(
    {
        "urge",
        "demand",
        "call",
        "ask",
        "insist",
        "press",
        "request",
        "appeal",
        "push",
        "implore",
        "need",
    }
)
HYPOTHETICAL_VERBS = frozenset(
    {
        "consider",
        "weigh",
        "contemplate",
        "mull",
        "propose",
        "suggest",
        "want",
        "wish",
        "hope",
        "seek",
        "offer",
        "discuss",
        "explore",
        "envisage",
        "float",
    }
)
FUTURE_VERBS = frozenset(
    {"plan", "intend", "prepare", "vow", "pledge", "promise", "aim", "schedule", "expect", "go"}
)
THREAT_VERBS = frozenset({"threaten", "warn"})
THREAT_NOUNS = frozenset({"prospect", "possibility", "threat", "risk", "spectre", "specter"})
HYPOTHETICAL_NOUNS = frozenset({"option", "idea", "plan", "proposal", "question"})

_CLIMB = frozenset({"xcomp", "ccomp", "pcomp", "pobj", "prep", "acl", "advcl", "dobj", "conj"})
_MAX_CLIMB = 6


@dataclass(frozen=True, slots=True)
class Context:
    """The context of an event and the token indices (in the parse) that set it."""

    label: str = "asserted"
    frame: str | None = None
    cues: tuple[int, ...] = ()


def _own_cues(token: Any) -> tuple[set[str], list[int]]:
    """Cue classes on a verb's own children (aux, neg, mark) and their indices."""
    found: set[str] = set()
    cues: list[int] = []
    for child in token.children:
        low = child.lower_
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "det") and low in ("never", "not")):
            found.add("negated")
            cues.append(child.i)
        elif child.dep_ in ("aux", "auxpass"):
            if low in FUTURE_AUX:
                found.add("future")
            elif low in HYPOTHETICAL_AUX:
                found.add("hypothetical")
            elif low in DEMAND_AUX:
                found.add("demanded")
            else:
                continue
            cues.append(child.i)
        elif child.dep_ == "mark" and low in CONDITIONAL_MARKS:
            found.add("hypothetical")
            cues.append(child.i)
    if token.dep_ == "advcl":
        for child in token.children:
            if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
                found.add("hypothetical")
    return found, cues


def _be_going_about(token: Any) -> bool:
    """``is going to X`` / ``is about to X``: the governor of an xcomp is "going" or "about"."""
    head = token.head
    return token.dep_ == "xcomp" and head.lower_ in ("going", "about", "set", "poised")


def event_context(trigger: Any) -> Context:
    """The :class:`Context` of the event a verb (a spaCy token) reports."""
    found, cues = _own_cues(trigger)
    frame: str | None = None
    conditional = False  # climbed out of an "if" clause: its governor's threat is not its own
    token = trigger
    for _ in range(_MAX_CLIMB):
        if token.dep_ not in _CLIMB or token.head.i == token.i:
            break
        if token.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
            break  # a coordinated clause with its own subject
        if token.dep_ == "advcl" and not any(
            c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in token.children
        ):
            break  # "after", "since", "when" clauses are asserted on their own
        if token.dep_ == "advcl":
            conditional = True
        if _be_going_about(token):
            found.add("future")
            cues.append(token.head.i)
        head = token.head
        lemma = head.lemma_.lower()
        if head.pos_ in ("VERB", "AUX"):
            if token.dep_ != "conj":
                if lemma in NEGATING_VERBS:
                    found.add("negated")
                    cues.append(head.i)
                elif lemma in DEMAND_VERBS:
                    found.add("demanded")
                    cues.append(head.i)
                elif lemma in THREAT_VERBS:
                    found.add("future")
                    frame = frame if conditional else "threat"
                    cues.append(head.i)
                elif lemma in HYPOTHETICAL_VERBS:
                    found.add("hypothetical")
                    cues.append(head.i)
                elif lemma in FUTURE_VERBS and token.dep_ == "xcomp":
                    found.add("future")
                    cues.append(head.i)
            more, more_cues = _own_cues(head)
            if token.dep_ == "conj" or "negated" in more or more & {"future", "hypothetical"}:
                found |= more
                cues.extend(more_cues)
        elif head.pos_ in ("NOUN", "PROPN"):
            if lemma in THREAT_NOUNS:
                found.add("hypothetical")
                frame = frame if conditional else "threat"
                cues.append(head.i)
            elif lemma in HYPOTHETICAL_NOUNS:
                found.add("hypothetical")
                cues.append(head.i)
        token = head
    for label in ("negated", "demanded", "hypothetical", "future"):
        if label in found:
            return Context(label, frame, tuple(sorted(set(cues))))
    return Context("asserted", frame, tuple(sorted(set(cues))))
