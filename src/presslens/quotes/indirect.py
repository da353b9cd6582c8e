"""Indirect (reported) speech, read off the dependency parse.

For every cue -- a verb whose lemma is in :data:`~.cues.SPEECH_VERBS` (or "pointed out"), or
"according to" -- the content is found from the parse:

* ``X said (that) ...``, ``X told Y that ...``, ``X warned ...``: the subtree of the verb's
  clausal complement (``ccomp``), wherever it stands ("The plan is dead, she said" fronts it);
* ``X promised to ...``, ``X urged Y to ...``: the subtree of an infinitival ``xcomp``;
* ``The plan, he said, is dead``: a parenthetical cue (``parataxis``) reports the clause around
  it, which then has two :attr:`~.speakers.Quote.parts`;
* ``According to X, ...`` / ``..., according to X``: the clause that "according to" modifies,
  without the "according to X" phrase (possibly two parts);
* ``X announced his candidacy``, ``X responded to the reports``: failing a clause, a noun-phrase
  object (or the object of to/about/against/on/of) -- except for verbs whose object is not
  what was said (:data:`NO_NOMINAL`: "told reporters", "wrote a check") -- with a lower
  confidence, as PARC-style corpora count these as attributions too.

The speaker is the subject of the cue verb (a relative "who" is replaced by the noun it modifies,
and a subjectless "..., adding that" or "and said" borrows the subject of its governing verb), or
the object of "according to". Nouns and verbs of thinking, naming ("called this a mistake") or
evaluating are not cues, so "X called the plan a disaster" yields nothing. Contents of fewer than
:data:`MIN_WORDS` words ("he said so", "denied it") are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .direct import cue_span, cue_speaker, is_cue
from .speakers import Quote, speaker_extent

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Contents with fewer words than this are not reported speech ("she said so").
MIN_WORDS = 2

_WORD = re.compile(r"\w")
_WORDS = re.compile(r"\w+")

#: Cue verbs whose noun-phrase object is not what was said ("told reporters", "wrote a check",
#: "asked the question", "added value").
NO_NOMINAL = frozenset({"say", "tell", "write", "add", "ask", "post", "answer", "inform", "note"})
#: Prepositions whose object is the content of a cue verb ("responded to", "warned of").
NOMINAL_PREPS = frozenset({"to", "about", "against", "on", "of"})


def _runs(doc: Doc, indices: Iterable[int], cue: Token, text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of the contiguous runs of ``indices``, trimmed of edge punctuation.

    Only tokens of the cue's own paragraph count: a parse that runs over a line break (a
    headline without a full stop above the first paragraph) does not carry the content along.
    """
    lo, hi = cue.i, cue.i
    while lo > 0 and "\n" not in doc[lo - 1].text:
        lo -= 1
    while hi + 1 < len(doc) and "\n" not in doc[hi + 1].text:
        hi += 1
    ordered = sorted(i for i in set(indices) if lo <= i <= hi)
    runs: list[list[int]] = []
    for i in ordered:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    out: list[tuple[int, int]] = []
    for run in runs:
        toks = [doc[i] for i in run]
        while toks and (toks[0].is_punct or toks[0].is_space):
            toks.pop(0)
        while toks and (toks[-1].is_punct or toks[-1].is_space):
            toks.pop()
        if toks and any(_WORD.search(t.text) for t in toks):
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            out.append((start, _close_quote(text, start, end)))
    return tuple(out)


_CLOSE_AFTER = re.compile(r"[.,!?;:]?[”»\"]|[.,!?;:]?''")


def _close_quote(text: str, start: int, end: int) -> int:
    """``end``, moved past a closing quote mark when the content opened a quote it does not
    close ("... was “a burden on every family.”")."""
    piece = text[start:end]
    opened = piece.count("“") + piece.count("«") + piece.count("``")
    closed = piece.count("”") + piece.count("»")
    if piece.count('"') % 2 == 1 or piece.count("''") % 2 == 1 or opened > closed:
        m = _CLOSE_AFTER.match(text, end)
        if m:
            return m.end()
    return end


def _subtree(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def _clause_head(token: Token) -> Token:
    """The verb (or sentence root) that ``token`` hangs from."""
    head = token.head
    while head.pos_ not in {"VERB", "AUX"} and head.dep_ != "ROOT" and head.head is not head:
        head = head.head
    return head


def _content(root: Token) -> set[int]:
    """The subtree of ``root`` without the subtrees of further subjectless cues inside it
    ("..., claiming that ...", "... and said that ...", "when asked whether ..."): those report
    a second statement of the same speaker."""
    keep = _subtree(root)
    for t in root.subtree:
        if t is root or t.dep_ not in {"advcl", "conj"} or not is_cue(t):
            continue
        if not any(c.dep_ in {"nsubj", "csubj"} for c in t.children):
            keep -= _subtree(t)
    return keep


def complement(
    cue: Token, text: str, *, nominal: bool = True
) -> tuple[tuple[tuple[int, int], ...], str]:
    """The content pieces reported by ``cue`` (in ``text``, the parsed text) and their form,
    or ``((), "")``.

    The form is "according", "clause" (a ``ccomp``), "infinitive" (an ``xcomp``),
    "parenthetical" or "nominal". With ``nominal`` a noun-phrase object counts as content when
    there is no clause ("announced his candidacy", "responded to the reports"), except for the
    :data:`NO_NOMINAL` verbs.
    """
    doc = cue.doc
    if cue.lower_ == "according":
        head = _clause_head(cue)
        if head is cue:
            return (), ""
        return _runs(doc, _subtree(head) - _subtree(cue), cue, text), "according"
    ccomps = [c for c in cue.children if c.dep_ == "ccomp"]
    if ccomps:
        after = [c for c in ccomps if c.i > cue.i]
        chosen = after[0] if after else ccomps[-1]
        return _runs(doc, _content(chosen), cue, text), "clause"
    for c in cue.rights:
        if c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            return _runs(doc, _content(c), cue, text), "infinitive"
    if cue.dep_ == "parataxis" and cue.head.pos_ in {"VERB", "AUX"}:
        return _runs(doc, _subtree(cue.head) - _subtree(cue), cue, text), "parenthetical"
    if nominal and cue.lemma_.lower() not in NO_NOMINAL:
        obj = _nominal_object(cue)
        if obj is not None:
            return _runs(doc, _subtree(obj), cue, text), "nominal"
    return (), ""


def _nominal_object(cue: Token) -> Token | None:
    """A noun-phrase content: "announced his candidacy", "responded to the reports"."""
    for c in cue.rights:
        if c.dep_ == "dobj" and c.pos_ in {"NOUN", "PROPN"}:
            return c
        if c.dep_ == "prep" and c.lower_ in NOMINAL_PREPS:
            objs = [o for o in c.children if o.dep_ == "pobj" and o.pos_ in {"NOUN", "PROPN"}]
            if objs:
                return objs[0]
    return None


def find_indirect(text: str, doc: Doc, *, nominal: bool = True) -> list[Quote]:
    """The indirect quotes of ``text`` (parsed as ``doc``), speakers unresolved (``actor=None``).

    Every cue with a complement of at least :data:`MIN_WORDS` words gives one quote; direct and
    indirect quotes of the same cue are reconciled by :func:`presslens.quotes.find_quotes`.
    Confidence: 0.8 for a clause with a speaker, 0.6 for a noun-phrase content with one, 0.5
    and 0.4 for the same without a speaker. ``nominal=False`` leaves noun-phrase contents out.
    """
    out: list[Quote] = []
    for token in doc:
        if not is_cue(token):
            continue
        pieces, form = complement(token, text, nominal=nominal)
        if not pieces:
            continue
        words = sum(len(_WORDS.findall(text, s, e)) for s, e in pieces)
        if words < MIN_WORDS:
            continue
        head = cue_speaker(token)
        speaker = speaker_extent(head) if head is not None else None
        if speaker is not None and any(s <= speaker[0] < e for s, e in pieces):
            speaker = None  # the "subject" lies inside the content: a misparse
        confidence = 0.8 if speaker is not None else 0.5
        if form == "nominal":
            confidence -= 0.2
        out.append(
            Quote(
                start=pieces[0][0],
                end=pieces[-1][1],
                kind="indirect",
                cue=cue_span(token),
                speaker=speaker,
                actor=None,
                confidence=round(confidence, 2),
                parts=pieces if len(pieces) > 1 else (),
            )
        )
    return out
