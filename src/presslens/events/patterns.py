"""Matching verb patterns against the words around a verb.

Pure functions over :class:`Word` sequences (upper-case surface form, lemma and the actor
mention a word belongs to), so they are easy to test without a parser.

A pattern's ``after`` elements must occur in order among the words right of the verb, its
``before`` elements in order among the words left of it; words may lie between elements unless
an element is *joined* (``_`` in the dictionary), in which case it must follow the previous
element (or the verb) directly. A word element matches a word whose surface form is
one of its ``/``-separated alternatives (dictionaries list the forms they mean), a preposition
element (the head of a PETRARCH 2 ``(...)`` group) only a preposition, a head element (a plain
PETRARCH 2 word) only a word that does not modify a noun, in either number ("RESTRICTION"
matches "restrictions");
a synset matches any of its phrases, word by word; ``$``, ``+`` and ``%`` match an actor
mention and bind it as source, target or a member of a compound actor; ``^`` matches nothing
but needs at least one word. The most specific matching pattern wins (most elements); ties go
to the pattern listed first.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import Element, Pattern

__all__ = ["Match", "Word", "best_match", "match_pattern", "word_matches"]


@dataclass(frozen=True, slots=True)
class Word:
    """A token as patterns see it; ``mention`` is the index of its actor mention or -1."""

    text: str
    lemma: str
    mention: int = -1
    pos: str = ""  # universal POS tag ("ADP" for prepositions)
    modifier: bool = False  # the word modifies a noun (compound, adjective, possessive ...)


@dataclass(frozen=True, slots=True)
class Match:
    """A matching pattern and the mentions its ``$``/``+``/``%`` elements bound."""

    pattern: Pattern
    source: int = -1
    target: int = -1
    compound: int = -1


Synsets = Mapping[str, tuple[tuple[str, ...], ...]]


@lru_cache(maxsize=65536)
def _alternatives(value: str) -> tuple[str, ...]:
    alts = []
    for alt in value.split("/"):
        alt = alt.strip("_-").upper()
        if alt:
            alts.append(alt)
    return tuple(alts)


def _singular(word: str) -> str:
    """A naive singular of an upper-case noun ("RESTRICTIONS" -> "RESTRICTION")."""
    if word.endswith("IES") and len(word) > 4:
        return word[:-3] + "Y"
    if word.endswith(("SSES", "XES", "ZES", "CHES", "SHES")):
        return word[:-2]
    if word.endswith("S") and not word.endswith("SS") and len(word) > 3:
        return word[:-1]
    return word


def head_matches(value: str, word: Word) -> bool:
    """A head element also matches the other number of its noun: "RESTRICTION" matches
    "restrictions" (through the lemma), "SANCTIONS" matches "sanction"."""
    if word_matches(value, word):
        return True
    return any(_singular(alt) == word.lemma for alt in _alternatives(value))


def word_matches(value: str, word: Word) -> bool:
    """Whether a pattern word (``"BY/WITH"``, ``"SANCTIONS"``) matches a sentence word: its
    surface form, upper case, hyphens optional. Dictionaries list the inflected forms they mean
    ("SANCTION", "SANCTIONS"); synsets get their plurals when read."""
    for alt in _alternatives(value):
        if alt == word.text or ("-" in word.text and alt == word.text.replace("-", "")):
            return True
    return False


def _phrase_at(phrase: Sequence[str], words: Sequence[Word], pos: int) -> bool:
    if pos + len(phrase) > len(words):
        return False
    return all(word_matches(w, words[pos + k]) for k, w in enumerate(phrase))


def _element_at(
    element: Element, words: Sequence[Word], pos: int, synsets: Synsets, reverse: bool
) -> Iterator[tuple[int, str, int]]:
    """Ways ``element`` matches at ``pos``: (words consumed, role bound or "", mention)."""
    kind = element.kind
    if pos >= len(words):
        return
    if kind == "skip":  # a noun phrase (at least one word) lies here
        for size in range(1, len(words) - pos + 1):
            yield size, "", -1
        return
    if kind in ("word", "prep", "head"):
        word = words[pos]
        if not (head_matches if kind == "head" else word_matches)(element.value, word):
            return
        if (kind == "prep" and word.pos not in ("ADP", "")) or (kind == "head" and word.modifier):
            return
        yield 1, "", -1
    elif kind == "synset":
        for phrase in synsets.get(element.value, ()):
            seq = tuple(reversed(phrase)) if reverse else phrase
            if _phrase_at(seq, words, pos):
                yield len(seq), "", -1
    elif kind in ("source", "target", "compound"):
        mention = words[pos].mention
        if mention >= 0:
            end = pos
            while end < len(words) and words[end].mention == mention:
                end += 1
            yield end - pos, kind, mention


def _match(
    elements: Sequence[Element],
    joined: Sequence[bool],
    words: Sequence[Word],
    synsets: Synsets,
    reverse: bool,
    i: int = 0,
    pos: int = 0,
) -> dict[str, int] | None:
    if i == len(elements):
        return {}
    starts = [pos] if joined[i] else range(pos, len(words) + 1)
    for start in starts:
        for size, role, mention in _element_at(elements[i], words, start, synsets, reverse):
            rest = _match(elements, joined, words, synsets, reverse, i + 1, start + size)
            if rest is not None:
                if role:
                    rest.setdefault(role, mention)
                return rest
    return None


def match_pattern(
    pattern: Pattern, before: Sequence[Word], after: Sequence[Word], synsets: Synsets
) -> Match | None:
    """Match one pattern: ``before`` are the words left of the verb (sentence order), ``after``
    the words right of it."""
    roles: dict[str, int] = {}
    if pattern.after:
        joined = [e.joined for e in pattern.after]
        found = _match(pattern.after, joined, after, synsets, False)
        if found is None:
            return None
        roles.update(found)
    if pattern.before:
        elements = list(reversed(pattern.before))
        # joined flags move one place: in reverse, an element touches the one after it
        flags = [pattern.verb_joined] + [e.joined for e in reversed(pattern.before[1:])]
        found = _match(elements, flags, list(reversed(before)), synsets, True)
        if found is None:
            return None
        for role, mention in found.items():
            roles.setdefault(role, mention)
    return Match(
        pattern, roles.get("source", -1), roles.get("target", -1), roles.get("compound", -1)
    )


@lru_cache(maxsize=65536)
def _required(pattern: Pattern) -> tuple[tuple[str, ...], ...]:
    """Forms of each plain word the pattern needs, one of which the sentence must hold (a quick
    test before matching); a head word may also be met by its singular as a lemma."""
    out = []
    for e in (*pattern.before, *pattern.after):
        if e.kind in ("word", "prep"):
            out.append(_alternatives(e.value))
        elif e.kind == "head":
            alts = _alternatives(e.value)
            out.append(alts + tuple(_singular(a) for a in alts))
    return tuple(out)


def _vocabulary(words: Sequence[Word]) -> frozenset[str]:
    vocab: set[str] = set()
    for w in words:
        vocab.update((w.text, w.text.replace("-", ""), w.lemma))
    return frozenset(vocab)


def best_match(
    patterns: Sequence[Pattern],
    before: Sequence[Word],
    after: Sequence[Word],
    synsets: Synsets,
    *,
    compound_source: bool = False,
    clausal: tuple[Sequence[Word], Sequence[Word]] | None = None,
) -> Match | None:
    """The most specific pattern that matches (ties: the first listed), or ``None``.

    ``before``/``after`` are the words the verb's own phrase holds; ``clausal`` the wider
    ``(before, after)`` that :attr:`Pattern.clausal` patterns see (default: the same). A pattern
    with ``%`` before the verb needs a compound source (``compound_source``).
    """
    wide = clausal if clausal is not None else (before, after)
    vocab = _vocabulary([*before, *after, *wide[0], *wide[1]])
    best: Match | None = None
    for pattern in patterns:
        if best is not None and pattern.size <= best.pattern.size:
            continue
        if any(not any(a in vocab for a in alts) for alts in _required(pattern)):
            continue
        b, a = wide if pattern.clausal else (before, after)
        found = match_pattern(pattern, b, a, synsets)
        if found is None:
            continue
        if not compound_source and any(e.kind == "compound" for e in pattern.before):
            continue
        best = found
    return best
