"""Who said what: direct, indirect and block quotes with their cues and speakers.

:func:`find_quotes` is a pure function of a text, its spaCy parse and the actor mentions the
caller has already found::

    doc = nlp(text)
    quotes = find_quotes(text, doc, mentions)

It combines three finders and a resolver:

* :mod:`.block` -- speaker lines ending in a colon and the paragraphs under them;
* :mod:`.direct` -- text in quote marks and the cue on either side of it, split quotes joined;
* :mod:`.indirect` -- clauses reported by a cue verb or "according to", from the parse;
* :mod:`.speakers` -- speaker spans to actor ids, pronouns included.

How they are reconciled:

* a direct and an indirect quote of the same cue that overlap are one attribution: the direct
  quote is kept, unless it is a fragment inside a longer reported clause ("She said the deal was
  “the worst ever”"), in which case the clause is kept (it holds the quoted words);
* a direct quote without a cue inside a reported clause is part of that clause and is dropped;
* a direct quote without a cue that stands as its own sentence takes the speaker of the quote
  just before it when that quote's cue (or, for a chain of such quotes, its start) lies in the
  sentence right before; other quotes without a cue keep ``speaker=None``;
* a direct quote without a cue that fills a whole paragraph of a block quote is that block's
  statement and is dropped.

The cue list is :data:`.cues.SPEECH_VERBS` (plus "according to" and "point out").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..actors.mention import Mention
from ..errors import SpanError
from .block import find_block
from .cues import SPEECH_PHRASES, SPEECH_VERBS, is_speech_cue
from .direct import find_direct, find_quote_marks, is_standalone
from .indirect import find_indirect
from .speakers import Quote, resolve_speakers

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "SPEECH_PHRASES",
    "SPEECH_VERBS",
    "Mention",
    "Quote",
    "find_quotes",
    "is_speech_cue",
]

#: Reported-clause words outside a direct quote that make it a fragment of the clause.
MIXED_MIN_WORDS = 1

_WORD = re.compile(r"\w+")
_MARKS = frozenset("“„«‹‘‚\"'`")


def _words_outside(text: str, outer: Quote, inner: Quote) -> int:
    """How many words of ``outer`` lie outside every piece of ``inner``."""
    count = 0
    for s, e in outer.pieces:
        for m in _WORD.finditer(text, s, e):
            if not any(a <= m.start() and m.end() <= b for a, b in inner.pieces):
                count += 1
    return count


def _within(text: str, inner: Quote, outer: Quote) -> bool:
    """Whether every word of ``inner`` lies inside ``outer`` (edge punctuation aside)."""
    return not any(
        ch.isalnum()
        for s, e in inner.pieces
        for i, ch in enumerate(text[s:e], s)
        if not any(a <= i < b for a, b in outer.pieces)
    )


def _overlaps(a: Quote, b: Quote) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a.pieces for s2, e2 in b.pieces)


def _reconcile(text: str, direct: list[Quote], indirect: list[Quote]) -> list[Quote]:
    """Merge direct and indirect quotes that report the same thing through the same cue."""
    by_cue: dict[tuple[int, int], list[Quote]] = {}
    for d in direct:
        if d.cue is not None:
            by_cue.setdefault(d.cue, []).append(d)
    dropped_direct: set[int] = set()
    kept_indirect: list[Quote] = []
    for q in indirect:
        rivals = [d for d in by_cue.get(q.cue or (-1, -1), []) if _overlaps(q, d)]
        if not rivals:
            kept_indirect.append(q)
            continue
        fragments = all(
            _within(text, d, q) and _words_outside(text, q, d) >= MIXED_MIN_WORDS for d in rivals
        )
        if fragments:
            kept_indirect.append(q)
            dropped_direct.update(id(d) for d in rivals)
    for d in direct:
        # a quote without a cue inside a reported clause is part of it ("... that, “A,” and
        # that unless ..., “B.”")
        if d.cue is None and any(_within(text, d, q) for q in kept_indirect):
            dropped_direct.add(id(d))
    return [d for d in direct if id(d) not in dropped_direct] + kept_indirect


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _is_standalone(text: str, q: Quote) -> bool:
    """Whether a direct quote opens its sentence (nothing but a sentence end before it)."""
    i = q.start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    while i > 0 and text[i - 1] in _MARKS:
        i -= 1
    return is_standalone(text, i)


def _sentence_start_before(text: str, starts: Sequence[int], pos: int) -> int:
    """Start of the sentence that precedes the one holding ``pos`` (``starts``: sentence starts)."""
    k = max(bisect.bisect_right(starts, pos) - 1, 0)
    if k > 0 and not text[starts[k] : pos].strip(" \n\t“\"‘'«„"):
        return starts[k - 1]
    return starts[max(0, k - 1)]


def _attribute_cueless(
    text: str, doc: Doc, quotes: list[Quote], blocks: list[Quote]
) -> list[Quote]:
    """Give standalone cue-less direct quotes the speaker of the sentence before."""
    starts = [s.start_char for s in doc.sents]
    out: list[Quote] = []
    for q in quotes:
        if q.kind != "direct" or q.cue is not None:
            out.append(q)
            continue
        block = next((b for b in blocks if b.start <= q.start and q.end <= b.end), None)
        if block is not None:
            line_s = _line_start(text, q.start)
            line_e = text.find("\n", q.end)
            line_e = len(text) if line_e < 0 else line_e
            if not text[line_s : q.start].strip(" “\"‘'«„") and not text[q.end : line_e].strip(
                " ”\"’'»“.,"
            ):
                continue  # the block's own statement printed in quote marks
            out.append(q)
            continue
        if not _is_standalone(text, q):
            out.append(q)
            continue
        frame_start = _sentence_start_before(text, starts, q.start)
        frame = None
        for prev in reversed(out):
            anchor = prev.cue[0] if prev.cue is not None else prev.start
            if prev.speaker is None or prev.end > q.start or prev.kind == "block":
                continue
            if anchor >= frame_start:
                frame = prev
            break
        if frame is not None:
            q = replace(q, speaker=frame.speaker, actor=frame.actor, confidence=0.6)
        out.append(q)
    return out


def find_quotes(text: str, parsed: Doc, mentions: Sequence[Mention] = ()) -> list[Quote]:
    """All quotes of ``text``, sorted by position, speakers resolved against ``mentions``.

    ``parsed`` must be the spaCy parse of ``text`` itself (``nlp(text)``): token offsets are read
    as offsets into ``text``. The function is pure: it reads the parse and returns new objects.
    """
    if parsed.text != text:
        raise SpanError(
            "find_quotes needs the parse of the same text: parsed.text differs from text; "
            "pass nlp(text)"
        )
    blocks = find_block(text, parsed)
    marks = find_quote_marks(text)
    direct = find_direct(text, parsed, marks)
    # reported speech inside quote marks is part of the quoted words, not a quote of its own
    indirect = [
        q
        for q in find_indirect(text, parsed)
        if q.cue is None or not any(m.open < q.cue[0] < m.close for m in marks)
    ]
    merged = sorted(
        _reconcile(text, direct, indirect),
        key=lambda q: (q.cue[0] if q.cue is not None else q.start, q.start),
    )
    merged = _attribute_cueless(text, parsed, merged, blocks)
    quotes = sorted([*blocks, *merged], key=lambda q: (q.start, q.end, q.kind))
    return resolve_speakers(quotes, text, parsed, mentions)
