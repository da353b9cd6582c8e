"""Direct quotes: text between quote marks, with the cue and speaker around it.

Finding them takes three steps.

1. :func:`find_quote_marks` pairs quote marks in the text: curly “ ”, low-high „ “/„ ”,
   guillemets « » and ‹ ›, single ‘ ’, straight " and ', and the two-character typewriter marks
   ``like this'' and ''like this''. A straight or single mark opens only after a space, an
   opening bracket or punctuation, and before a non-space; ’ before a letter is an apostrophe.
   Single marks inside double ones are nested quotes and are not paired. A quote left open at
   the end of a paragraph continues when the next paragraph opens with the same mark (the
   newspaper convention for multi-paragraph quotes); otherwise an unambiguous opener (“ „ « ``)
   closes at the paragraph's end and a straight or single one is dropped.
2. :func:`frame_cue` looks for the cue on both sides of each quote: *after* it, in the words up to
   the end of the sentence or the next quote ("..., she said", "..., said Smith", "..., according
   to X"), and *before* it, back to the start of the sentence ("She told reporters: ...", or a
   line "He said:" above the quote). A quote that ends its sentence (". ! ?" inside the marks)
   takes a cue after it only when the quote also opens its sentence and the cue verb reports
   nothing else ("“We won.” Smith said."). A content ending in a comma, or a cue within three
   words after the quote, favours the cue after; a colon or comma right before the quote favours
   the cue before; otherwise the nearer one wins. A cue is a verb in
   :data:`~.cues.SPEECH_VERBS`, a phrasal "point out", or "according to".
3. :func:`find_direct` turns the framed quotes into :class:`~.speakers.Quote` objects. The speaker
   is the subject of the cue verb (or the object of "according to"). A quote split around its cue
   ("We agree," she said, "but not yet.") is one quote with two :attr:`~.speakers.Quote.parts`,
   and so is a quote that goes on right after its frame in the same paragraph ("We agree," she
   said. "But not yet."). Dropped: quotes of at most :data:`SCARE_MAX_WORDS` words unless a cue
   frames them tightly (a cue after a quote that opens its sentence, or a colon or comma and the
   cue right before it) -- scare quotes; and quotes of at most :data:`TITLE_MAX_WORDS` words right
   after a preposition, determiner, possessive or "so-called" -- titles and names ("on Fox's
   “Sunday Morning Futures,”"). Quotes without a cue are returned with ``cue=None``;
   :func:`presslens.quotes.find_quotes` later gives those that open their sentence the speaker of
   the sentence before.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .cues import PHRASAL_VERBS, SPEECH_VERBS
from .speakers import Quote, speaker_extent

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Quotes of at most this many words are scare quotes unless a cue frames them tightly.
SCARE_MAX_WORDS = 3
#: How many tokens after a quote's closing mark are searched for its cue.
AFTER_WINDOW = 12
#: How many tokens before a quote's opening mark are searched for its cue.
BEFORE_WINDOW = 30

#: Opening marks and the marks that close them. "''" and "``" are the two-character marks of
#: typewriter and Penn-Treebank-style text (``like this''); a lone ' is a single quote.
_OPENERS: dict[str, tuple[str, ...]] = {
    "“": ("”",),
    "„": ("“", "”"),
    "«": ("»",),
    "‹": ("›",),
    "‘": ("’",),
    "‚": ("‘", "’"),
    '"': ('"',),
    "''": ("''",),
    "``": ("''",),
    "'": ("'",),
}
_UNAMBIGUOUS = frozenset({"“", "„", "«", "‹", "``"})
_DOUBLE = frozenset({"“", "„", "«", '"', "''", "``"})
_SINGLE = frozenset({"‘", "'", "‚"})
_MARK_CHARS = frozenset("".join(_OPENERS) + "".join(c for cs in _OPENERS.values() for c in cs))
_OPEN_BEFORE = frozenset(" \t\n([{—–-/:;,“„«‹\"'")
_WORD = re.compile(r"\w+")
_SENT_END = frozenset({".", "!", "?"})


@dataclass(frozen=True, slots=True)
class QuoteMarks:
    """A pair of quote marks: ``open`` and ``close`` are the marks' indices (``close`` is the
    paragraph end for a quote left open); ``start``/``end`` the content between them, trimmed."""

    open: int
    close: int
    start: int
    end: int
    after: int = -1  # the index just after the closing mark

    def __post_init__(self) -> None:
        if self.after < 0:
            object.__setattr__(self, "after", self.close + 1)


def _mark_at(text: str, i: int) -> str:
    """The quote mark starting at ``text[i]`` ("''" and "``" are one mark), or ""."""
    two = text[i : i + 2]
    if two in {"''", "``"}:
        return two
    return text[i] if text[i] in _MARK_CHARS else ""


def _can_open(text: str, i: int, mark: str) -> bool:
    nxt = text[i + len(mark)] if i + len(mark) < len(text) else " "
    if nxt.isspace():
        return False
    if mark in _UNAMBIGUOUS:
        return True
    prev = text[i - 1] if i > 0 else " "
    if prev not in _OPEN_BEFORE and not prev.isspace():
        return False
    return not (mark == "'" and not (nxt.isalpha() or nxt in '“"'))


def _can_close(text: str, i: int, mark: str, opener: str) -> bool:
    if mark not in _OPENERS[opener]:
        return False
    if opener in _SINGLE:
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        return not prev.isspace() and not nxt.isalnum()
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quote_marks(text: str) -> list[QuoteMarks]:
    """Pair the quote marks of ``text`` (see the module docstring for the rules)."""
    out: list[QuoteMarks] = []
    n = len(text)
    i = 0
    while i < n:
        opener = _mark_at(text, i)
        if opener not in _OPENERS or not _can_open(text, i, opener):
            i += 1
            continue
        j, found, found_len = i + len(opener), -1, 0
        while j < n:
            if text[j] == "\n":
                k = j
                while k < n and text[k].isspace():
                    k += 1
                if k < n and opener in _DOUBLE and _mark_at(text, k) == opener:
                    j = k + len(opener)  # multi-paragraph quote: the next paragraph re-opens it
                    continue
                break
            mark = _mark_at(text, j)
            if mark and _can_close(text, j, mark, opener):
                found, found_len = j, len(mark)
                break
            if mark == opener and opener in _UNAMBIGUOUS and text[j + 1 : j + 2].isspace():
                found, found_len = j, len(mark)  # a sloppy “...“ pair
                break
            j += len(mark) or 1
        if found < 0:
            if opener not in _UNAMBIGUOUS:
                i += len(opener)
                continue
            found = j  # unclosed: the quote ends with its paragraph
        start, end = _trim(text, i + len(opener), found)
        if end > start:
            out.append(QuoteMarks(i, found, start, end, found + found_len))
        i = found + max(found_len, 1)
    return out


def word_count(text: str, start: int, end: int) -> int:
    """Number of ``\\w+`` words in ``text[start:end]``."""
    return len(_WORD.findall(text, start, end))


# --------------------------------------------------------------------------- cues and speakers


def is_cue(token: Token) -> bool:
    """Whether ``token`` is a speech cue: a listed verb, a phrasal one, or "according" (to)."""
    if token.lower_ == "according":
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return nxt is not None and nxt.lower_ == "to"
    if token.pos_ not in {"VERB", "AUX"} or token.dep_ in {"amod", "aux", "auxpass"}:
        return False
    lemma = token.lemma_.lower()
    if lemma in SPEECH_VERBS:
        return lemma != "say" or token.pos_ == "VERB" or token.lower_ in {"says", "said"}
    particle = PHRASAL_VERBS.get(lemma)
    return particle is not None and any(
        c.dep_ == "prt" and c.lower_ == particle for c in token.children
    )


def cue_span(token: Token) -> tuple[int, int]:
    """The character span of a cue: the verb (with its particle), or "according to"."""
    doc = token.doc
    if token.lower_ == "according":
        to = doc[token.i + 1]
        return token.idx, to.idx + len(to.text)
    end = token.idx + len(token.text)
    for c in token.rights:
        if c.dep_ == "prt" and c.i <= token.i + 2:
            end = c.idx + len(c.text)
    return token.idx, end


_RELATIVE = frozenset({"who", "that", "which", "whom"})
_NOT_SPEAKERS = frozenset({"DATE", "TIME"})


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb`` nearest to it, skipping times and dates ("6:50 p.m.") and
    subjects across a line break (a misparse of a dateline or time stamp)."""
    doc = verb.doc
    best: Token | None = None
    for c in verb.children:
        if c.dep_ not in {"nsubj", "csubj"} or c.ent_type_ in _NOT_SPEAKERS:
            continue
        lo, hi = sorted((c.i, verb.i))
        if any("\n" in doc[i].text for i in range(lo, hi)):
            continue
        if best is None or abs(c.i - verb.i) < abs(best.i - verb.i):
            best = c
    return best


def cue_speaker(token: Token) -> Token | None:
    """The head token of the speaker of a cue: the verb's subject, or the object of
    "according to". A relative pronoun subject is replaced by the noun it modifies; a verb
    without a subject ("..., adding that", "and said") borrows its governing verb's subject."""
    doc = token.doc
    if token.lower_ == "according":
        to = doc[token.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        return objs[0] if objs else None
    current: Token = token
    for _ in range(4):
        subject = _subject(current)
        if subject is not None:
            if subject.lower_ in _RELATIVE and current.dep_ == "relcl":
                return current.head
            return subject
        for child in current.children:
            if child.dep_ == "agent":  # "was asked by the moderator"
                objs = [c for c in child.children if c.dep_ == "pobj"]
                return objs[0] if objs else None
        if any(c.dep_ == "nsubjpass" for c in current.children):
            return None  # a passive without an agent: the speaker is not named
        for child in current.rights:  # an inverted subject parsed as an object: "said Smith"
            if (
                child.dep_ in {"dobj", "attr", "npadvmod"}
                and child.pos_ == "PROPN"
                and child.i == current.i + 1
                and child.ent_type_ not in _NOT_SPEAKERS
            ):
                return child
        if current.dep_ == "acl" and current.head.pos_ in {"NOUN", "PROPN"}:
            return current.head  # "staff members suggesting that ..."
        if current.dep_ in {"conj", "advcl"} and current.head.pos_ in {"VERB", "AUX"}:
            current = current.head
            continue
        if current.dep_ in {"xcomp", "acomp"} and current.head is not current:
            current = current.head  # "are likely to say", "has taken to urging"
            continue
        break
    return _noun_before(token)


def _noun_before(verb: Token) -> Token | None:
    """A misparse fallback: the noun right before a subjectless cue verb on its line
    ("Chris Christie said ..." under a headline that the parser ran into)."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and doc[i].dep_ in {"aux", "neg", "advmod"} and "\n" not in doc[i].text:
        i -= 1
    if i < 0 or "\n" in doc[i].text or doc[i].pos_ not in {"PROPN", "NOUN", "PRON"}:
        return None
    if doc[i].lower_ in _RELATIVE or doc[i].ent_type_ in _NOT_SPEAKERS:
        return None
    return doc[i]


# --------------------------------------------------------------------------- framing


@dataclass(frozen=True, slots=True)
class Framed:
    """A quote with the cue found for it (``None`` when none) and where that cue sits.

    ``tight``: the cue sits right against the quote ("...," she said / she said: "...").
    ``standalone``: the quote opens its sentence. ``title``: the quote is a short name after a
    preposition or determiner ("on Fox's “Sunday Morning Futures,”"), not somebody's words.
    ``frame_end``: where the words of a cue after the quote end (the sentence end), else -1.
    """

    marks: QuoteMarks
    cue: Token | None
    side: str  # "after", "before" or ""
    tight: bool
    standalone: bool
    title: bool
    frame_end: int = -1


_STANDALONE = re.compile(r"(?:^|[.!?…:;][\"”’»)\]]*)\s*$")
_TITLE_BEFORE = frozenset({"ADP", "DET"})
_TITLE_WORDS = frozenset({"so-called", "called", "dubbed", "titled", "entitled", "named", "the"})
#: Quotes of at most this many words after a preposition or determiner are names or titles.
TITLE_MAX_WORDS = 6


def is_standalone(text: str, open_mark: int) -> bool:
    """Whether the quote opening at ``open_mark`` opens its sentence (or its line)."""
    line_start = text.rfind("\n", 0, open_mark) + 1
    return bool(_STANDALONE.search(text[line_start:open_mark]))


def _inside(marks: Sequence[QuoteMarks], char: int) -> bool:
    return any(m.open <= char <= m.close for m in marks)


def _has_own_content(token: Token) -> bool:
    return any(c.dep_ in {"ccomp", "xcomp"} and c.i > token.i for c in token.children)


def frame_cue(doc: Doc, marks: Sequence[QuoteMarks], k: int, index: _TokenIndex) -> Framed:
    """Find the cue of quote ``marks[k]`` on either side (see the module docstring)."""
    text = index.text
    q = marks[k]
    next_open = marks[k + 1].open if k + 1 < len(marks) else len(text)
    prev_close = marks[k - 1].close if k > 0 else -1
    prev_after = marks[k - 1].after if k > 0 else 0
    content = text[q.start : q.end].rstrip("”’\"'»› ")
    ends_comma = content.endswith((",", "—", "–", "-"))
    ends_final = content.endswith((".", "!", "?", "…"))
    standalone = is_standalone(text, q.open)

    before_i = index.last_ending_by(q.open)
    prev_tok = doc[before_i] if before_i >= 0 else None
    title = (
        prev_tok is not None
        and prev_tok.idx > prev_close
        and (
            prev_tok.pos_ in _TITLE_BEFORE
            or prev_tok.tag_ == "POS"
            or prev_tok.lower_ in _TITLE_WORDS
        )
        and word_count(text, q.start, q.end) <= TITLE_MAX_WORDS
    )

    after: Token | None = None
    after_dist = 0
    frame_end = -1
    i = index.first_at_or_after(q.after)
    steps = 0
    while i < len(doc) and steps < AFTER_WINDOW:
        t = doc[i]
        if t.idx >= next_open or "\n" in t.text:
            break
        if t.is_punct and t.text in _SENT_END:
            break
        if after is None and is_cue(t):
            after, after_dist = t, steps
        if not t.is_punct:
            steps += 1
        i += 1
    if after is not None:
        if i < len(doc) and doc[i].text in _SENT_END:
            frame_end = doc[i].idx + 1
        if ends_final and (not standalone or _has_own_content(after)):
            after = None  # the quote ended its sentence: a cue after it belongs elsewhere

    before: Token | None = None
    before_dist = 0
    i = before_i
    steps = 0
    while i >= 0 and steps < BEFORE_WINDOW:
        t = doc[i]
        if t.idx <= prev_close:
            break
        if "\n" in t.text:
            # "He said:" on its own line, the quote on the next
            if steps == 0 and text[: t.idx].rstrip().endswith(":"):
                i -= 1
                continue
            break
        if t.is_punct and t.text in _SENT_END:
            break
        if is_cue(t) and not _inside(marks, t.idx):
            before, before_dist = t, steps
            break
        if not t.is_punct:
            steps += 1
        i -= 1

    gap_before = text[prev_after : q.open].rstrip()
    colon_before = gap_before.endswith((":", ","))
    after_tight = after is not None and after_dist <= 3
    before_tight = before is not None and colon_before and before_dist <= 4

    def framed(cue: Token | None, side: str, tight: bool) -> Framed:
        end = frame_end if side == "after" else -1
        return Framed(q, cue, side, tight, standalone, title, end)

    if after is not None and (ends_comma or after_tight) and not (before_tight and not ends_comma):
        return framed(after, "after", after_tight or ends_comma)
    if before is not None and (colon_before or after is None):
        return framed(before, "before", before_tight)
    if after is not None:
        return framed(after, "after", after_tight)
    if before is not None:
        return framed(before, "before", before_tight)
    return framed(None, "", False)


class _TokenIndex:
    """Token lookup by character offset (binary search over token starts)."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.doc = doc
        self.text = text
        self.starts = [t.idx for t in doc]
        self.ends = [t.idx + len(t.text) for t in doc]

    def first_at_or_after(self, char: int) -> int:
        return bisect.bisect_left(self.starts, char)

    def last_ending_by(self, char: int) -> int:
        return bisect.bisect_right(self.ends, char) - 1


# --------------------------------------------------------------------------- quotes


def find_direct(text: str, doc: Doc, marks: Sequence[QuoteMarks] | None = None) -> list[Quote]:
    """The direct quotes of ``text`` (parsed as ``doc``), speakers unresolved (``actor=None``)."""
    if marks is None:
        marks = find_quote_marks(text)
    index = _TokenIndex(doc, text)
    framed = [frame_cue(doc, marks, k, index) for k in range(len(marks))]
    out: list[Quote] = []
    k = 0
    while k < len(framed):
        f = framed[k]
        q = f.marks
        parts = [(q.start, q.end)]
        k += 1
        if f.cue is not None and f.side == "after" and k < len(framed):
            nxt = framed[k]
            gap = text[q.after : nxt.marks.open]
            same_cue = nxt.cue is not None and nxt.cue.i == f.cue.i and nxt.side == "before"
            if same_cue and "\n" not in gap and gap.rstrip().endswith((",", ":")):
                # split around its cue: "A," she said, "B."  -> one quote, two parts
                parts.append((nxt.marks.start, nxt.marks.end))
                k += 1
            elif (
                nxt.cue is None
                and nxt.standalone
                and f.frame_end >= 0
                and "\n" not in gap
                and not text[f.frame_end : nxt.marks.open].strip()
            ):
                # "A," she said. "B."  -> the same speaker goes on in the same paragraph
                parts.append((nxt.marks.start, nxt.marks.end))
                k += 1
        words = sum(word_count(text, s, e) for s, e in parts)
        if words == 0 or (f.title and len(parts) == 1):
            continue
        tight_enough = f.cue is not None and (
            (f.side == "after" and f.standalone) or (f.side == "before" and f.tight)
        )
        if words <= SCARE_MAX_WORDS and not tight_enough:
            continue
        speaker: tuple[int, int] | None = None
        cue: tuple[int, int] | None = None
        confidence = 0.4
        if f.cue is not None:
            cue = cue_span(f.cue)
            head = cue_speaker(f.cue)
            if head is not None and not _inside(marks, head.idx):
                speaker = speaker_extent(head)
            confidence = 0.9 if speaker is not None else 0.6
            if not f.tight:
                confidence -= 0.15
        out.append(
            Quote(
                start=parts[0][0],
                end=parts[-1][1],
                kind="direct",
                cue=cue,
                speaker=speaker,
                actor=None,
                confidence=round(confidence, 2),
                parts=tuple(parts) if len(parts) > 1 else (),
            )
        )
    return out
