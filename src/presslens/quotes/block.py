"""Block quotes: a speaker line ending in a colon, then that speaker's paragraphs.

Round-ups of reactions print statements like this::

    Senator Jane Example:

    The first paragraph of what she said.

    The second paragraph.

    Source

A *speaker line* is a line of at most :data:`MAX_LINE_WORDS` words that ends with a colon, does
not open with a quote mark, holds no finite verb (so "There are two key points:" inside a
statement is not one), and ends in a name: a PERSON entity, or else the run of proper nouns
before the colon. The speaker span is that name -- the PERSON entity when spaCy found one ending
there, else the proper-noun run after its last organisation word ("... Discussion Club Andrey
Example" gives "Andrey Example"), after its last title word ("Senator") and after its last token
of a non-PERSON entity ("... of Russia Dmitry Example"), at most :data:`MAX_NAME_TOKENS` tokens;
the rest of the line is the speaker's :attr:`~.speakers.Quote.title`. A line "NAME said:" or
"NAME wrote on Telegram:" (one finite verb, a speech cue with a proper-noun subject) is a speaker
line too; its cue is the verb instead of the colon.

The statement runs from the next non-empty line to the last line before the next speaker line, a
source line ("Source", "Sources", "Source: ...") or the end of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .direct import cue_span, cue_speaker, is_cue
from .speakers import Quote, speaker_extent

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Longest speaker line, in words.
MAX_LINE_WORDS = 30
#: Longest name taken from the end of a speaker line when spaCy found no PERSON entity there.
MAX_NAME_TOKENS = 3

_SOURCE_LINE = re.compile(r"^\s*(?:sources?|via)\s*(?::.*)?$", re.IGNORECASE)
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_QUOTE_OPEN = tuple("“„«‹‘\"'")
#: Words that end an organisation's name inside a title ("... Discussion Club Andrey Example").
ORG_WORDS = frozenset(
    {
        "academy",
        "agency",
        "association",
        "bank",
        "board",
        "bureau",
        "center",
        "centre",
        "club",
        "college",
        "commission",
        "committee",
        "company",
        "corporation",
        "council",
        "court",
        "department",
        "duma",
        "foundation",
        "fund",
        "group",
        "house",
        "institute",
        "magazine",
        "ministry",
        "news",
        "office",
        "organization",
        "organisation",
        "parliament",
        "party",
        "post",
        "project",
        "region",
        "school",
        "senate",
        "service",
        "society",
        "times",
        "university",
    }
)


#: Titles and roles that precede a name ("Senator", "President", "Dr.").
TITLE_WORDS = frozenset(
    {
        "ambassador",
        "chairman",
        "chairwoman",
        "chief",
        "commissioner",
        "director",
        "dr",
        "editor",
        "expert",
        "general",
        "governor",
        "minister",
        "mayor",
        "mr",
        "mrs",
        "ms",
        "president",
        "professor",
        "prof",
        "rep",
        "secretary",
        "sen",
        "senator",
        "speaker",
        "spokesman",
        "spokeswoman",
        "spokesperson",
    }
)


@dataclass(frozen=True, slots=True)
class Line:
    """A non-empty line of the text: ``start``/``end`` trimmed of surrounding whitespace."""

    start: int
    end: int


def lines(text: str) -> Iterator[Line]:
    """The non-empty lines of ``text``, trimmed."""
    offset = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            yield Line(offset + lead, offset + lead + len(stripped))
        offset += len(raw)


def _entity_reaches(token: Token, last: Token) -> bool:
    """Whether ``token``'s entity runs on to ``last`` (a whole-line entity is no boundary)."""
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.end > last.i
    return False


def _given_name(token: Token) -> bool:
    """Whether ``token`` can be a given name right before a surname."""
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and token.ent_type_ in {"", "PERSON"}
        and token.lower_.rstrip(".") not in TITLE_WORDS
        and token.lower_ not in ORG_WORDS
    )


def _name_span(line: Span) -> tuple[Token, Token] | None:
    """First and last token of the name that ends a speaker line (``line`` without the colon)."""
    toks = [t for t in line if not t.is_space]
    while toks and toks[-1].is_punct:
        toks.pop()
    if not toks or toks[-1].pos_ != "PROPN":
        return None
    last = toks[-1]
    doc = line.doc
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.end - 1 == last.i:
            first = ent[0]
            # a PERSON entity that caught only the surname: take the given name(s) before it
            while (
                first.i > line.start
                and last.i - first.i + 1 < MAX_NAME_TOKENS
                and _given_name(doc[first.i - 1])
            ):
                first = doc[first.i - 1]
            if first.pos_ == "PROPN" or first.is_title:
                return first, last
    run: list[Token] = []
    for t in reversed(toks):
        if t.pos_ == "PROPN" or (t.text in {".", "-"} and run):
            run.insert(0, t)
        else:
            break
    while run and not run[0].is_alpha:
        run.pop(0)
    if not run:
        return None
    last = run[-1]
    cut = [
        i
        for i, t in enumerate(run)
        if t.lower_ in ORG_WORDS
        or t.lower_.rstrip(".") in TITLE_WORDS
        or (t.ent_type_ not in {"", "PERSON"} and not _entity_reaches(t, last))
    ]
    if cut and cut[-1] < len(run) - 1:
        run = run[cut[-1] + 1 :]
    if run[-1].lower_ not in ORG_WORDS:  # an organisation speaker keeps its whole name
        run = run[-MAX_NAME_TOKENS:]
    return run[0], run[-1]


@dataclass(frozen=True, slots=True)
class SpeakerLine:
    """A recognised speaker line: the name, the title before it, and the cue."""

    line: Line
    speaker: tuple[int, int]
    title: tuple[int, int] | None
    cue: tuple[int, int]


def speaker_line(text: str, doc: Doc, line: Line) -> SpeakerLine | None:
    """The :class:`SpeakerLine` that ``line`` is, or ``None`` (see the module docstring)."""
    body = text[line.start : line.end]
    if not body.endswith((":", "：")) or body.startswith(_QUOTE_OPEN):
        return None
    colon = line.end - 1
    span = doc.char_span(line.start, colon, alignment_mode="expand")
    if span is None or not 1 <= sum(1 for t in span if t.is_alpha) <= MAX_LINE_WORDS:
        return None
    finite = [t for t in span if t.tag_ in _FINITE]
    if finite:
        if len(finite) != 1 or not is_cue(finite[0]):
            return None
        head = cue_speaker(finite[0])
        if head is None or head.pos_ != "PROPN":
            return None
        return SpeakerLine(line, speaker_extent(head), None, cue_span(finite[0]))
    name = _name_span(span)
    if name is None:
        return None
    first, last = name
    speaker = (first.idx, last.idx + len(last.text))
    title_end = first.idx
    while title_end > line.start and text[title_end - 1] in " ,\t":
        title_end -= 1
    title = (line.start, title_end) if title_end > line.start else None
    return SpeakerLine(line, speaker, title, (colon, colon + 1))


def find_block(text: str, doc: Doc) -> list[Quote]:
    """The block quotes of ``text`` (parsed as ``doc``), speakers unresolved (``actor=None``)."""
    all_lines = list(lines(text))
    heads = {i: speaker_line(text, doc, ln) for i, ln in enumerate(all_lines)}
    out: list[Quote] = []
    for i, head in heads.items():
        if head is None:
            continue
        body: list[Line] = []
        for j in range(i + 1, len(all_lines)):
            ln = all_lines[j]
            if heads.get(j) is not None or _SOURCE_LINE.match(text[ln.start : ln.end]):
                break
            body.append(ln)
        if not body:
            continue
        out.append(
            Quote(
                start=body[0].start,
                end=body[-1].end,
                kind="block",
                cue=head.cue,
                speaker=head.speaker,
                actor=None,
                confidence=0.85,
                title=head.title,
            )
        )
    return out
